//! How requests are authenticated: a bearer used as it is, or a Scalingo API token exchanged
//! for short-lived bearers, refreshed before they expire and after a 401.

use std::sync::{Arc, Mutex};

use crate::session::jwt;
use crate::session::Token;

/// A bearer and, when it is a JWT, its lifetime.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bearer {
    pub token: Token,
    pub lifetime: Option<jwt::Lifetime>,
}

impl Bearer {
    /// Reads the lifetime of a JWT; any other token has none.
    pub fn new(token: Token) -> Self {
        let lifetime = jwt::lifetime(token.expose()).ok();
        Self { token, lifetime }
    }
}

/// The bearer obtained from the last exchange, shared by every client of one session so the
/// exchange happens once per bearer lifetime, not once per request. Memory only: never stored.
#[derive(Clone, Default)]
pub struct BearerCache(Arc<Mutex<Option<Bearer>>>);

impl BearerCache {
    pub fn get(&self) -> Option<Bearer> {
        self.0.lock().ok().and_then(|guard| guard.clone())
    }

    pub fn set(&self, bearer: Option<Bearer>) {
        if let Ok(mut guard) = self.0.lock() {
            *guard = bearer;
        }
    }
}

impl std::fmt::Debug for BearerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BearerCache(..)")
    }
}

impl PartialEq for BearerCache {
    /// Two caches are the same cache, not two caches holding equal values.
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for BearerCache {}

/// What a request carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// A bearer pasted by the user: used as it is, never refreshed.
    Bearer(Bearer),
    /// A Scalingo API token (`tk-us-...`), exchanged at `auth_base` for bearers.
    ApiToken {
        token: Token,
        auth_base: Arc<str>,
        cache: BearerCache,
    },
}

/// Whether a token is a Scalingo API token, to be exchanged rather than sent.
pub fn is_api_token(token: &Token) -> bool {
    token.expose().starts_with("tk-")
}

/// What to do before a request, given the bearer at hand and the time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BeforeRequest {
    /// Send with this bearer.
    Send(Token),
    /// Exchange the API token first (none yet, or less than 5 minutes left).
    Exchange,
    /// A pasted bearer has expired: nothing can renew it.
    Expired { exp: u64 },
}

/// The pure decision behind every request.
pub fn before_request(
    credentials: &Credentials,
    cached: Option<&Bearer>,
    now: u64,
) -> BeforeRequest {
    match credentials {
        Credentials::Bearer(bearer) => match bearer.lifetime {
            Some(lifetime) if jwt::expired(lifetime.exp, now) => {
                BeforeRequest::Expired { exp: lifetime.exp }
            }
            _ => BeforeRequest::Send(bearer.token.clone()),
        },
        Credentials::ApiToken { .. } => match cached {
            Some(bearer) if bearer.lifetime.is_none_or(|l| !jwt::refresh_due(l, now)) => {
                BeforeRequest::Send(bearer.token.clone())
            }
            _ => BeforeRequest::Exchange,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(exp: u64) -> Token {
        let payload = jwt::base64_encode(format!(r#"{{"exp":{exp}}}"#).as_bytes());
        Token::new(format!("e30.{}.sig", payload.trim_end_matches('=')))
    }

    fn api_token() -> Credentials {
        Credentials::ApiToken {
            token: Token::new("tk-us-abc"),
            auth_base: Arc::from("https://auth.example.test"),
            cache: BearerCache::default(),
        }
    }

    #[test]
    fn api_tokens_are_recognised() {
        assert!(is_api_token(&Token::new("tk-us-123")));
        assert!(!is_api_token(&Token::new("eyJhbGciOi.x.y")));
        assert!(!is_api_token(&Token::new("dev-token")));
    }

    #[test]
    fn an_api_token_is_exchanged_when_there_is_no_bearer_or_it_is_due() {
        let now = 10_000;
        assert_eq!(
            before_request(&api_token(), None, now),
            BeforeRequest::Exchange
        );
        let fresh = Bearer::new(jwt(now + 3600));
        assert_eq!(
            before_request(&api_token(), Some(&fresh), now),
            BeforeRequest::Send(fresh.token.clone())
        );
        let near = Bearer::new(jwt(now + 120));
        assert_eq!(
            before_request(&api_token(), Some(&near), now),
            BeforeRequest::Exchange
        );
        let past = Bearer::new(jwt(now - 1));
        assert_eq!(
            before_request(&api_token(), Some(&past), now),
            BeforeRequest::Exchange
        );
        // An opaque bearer from the exchange is kept until a 401 says otherwise.
        let opaque = Bearer::new(Token::new("opaque"));
        assert_eq!(
            before_request(&api_token(), Some(&opaque), now),
            BeforeRequest::Send(opaque.token.clone())
        );
    }

    #[test]
    fn a_pasted_bearer_is_sent_until_it_expires() {
        let now = 10_000;
        let pasted = Credentials::Bearer(Bearer::new(jwt(now + 60)));
        assert!(matches!(
            before_request(&pasted, None, now),
            BeforeRequest::Send(_)
        ));
        let expired = Credentials::Bearer(Bearer::new(jwt(now - 5)));
        assert_eq!(
            before_request(&expired, None, now),
            BeforeRequest::Expired { exp: now - 5 }
        );
        let opaque = Credentials::Bearer(Bearer::new(Token::new("dev-token")));
        assert!(matches!(
            before_request(&opaque, None, now),
            BeforeRequest::Send(_)
        ));
    }

    #[test]
    fn caches_are_shared_by_clones_only() {
        let cache = BearerCache::default();
        let clone = cache.clone();
        clone.set(Some(Bearer::new(Token::new("b"))));
        assert_eq!(cache.get().unwrap().token.expose(), "b");
        assert_eq!(cache, clone);
        assert_ne!(cache, BearerCache::default());
        assert_eq!(format!("{cache:?}"), "BearerCache(..)");
    }
}
