//! Addon tokens, for a region whose Database API is its own host (variant a of
//! `shared/reference/lifecycle-api.md` §3): asked for with the user's bearer
//! (`POST {api}/v1/apps/{id}/addons/{addon id}/token`), valid one hour, kept in memory only,
//! one per addon, and used until 5 minutes before they expire or until a 401 refuses one.
//!
//! The keeping is pure ([`AddonTokens`], time passed in); the client holds one per browser tab,
//! keyed by the user's own token too, so a token asked for in one session never serves another.

use std::collections::HashMap;

use crate::rules::secrets::Secret;
use crate::session::{jwt, Token};

/// How long an addon token is valid when it does not say (it is not a JWT): one hour.
pub const ADDON_TOKEN_TTL_MS: u64 = 60 * 60 * 1000;

/// A token is asked for again this long before it expires.
pub const REFRESH_MARGIN_MS: u64 = jwt::REFRESH_MARGIN_SECS * 1000;

/// Whose token, for which Database API, for which addon.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// The user's own token (API token or bearer) the addon token was asked for with.
    pub owner: Secret,
    /// The Database API base.
    pub base: String,
    pub addon_id: String,
}

#[derive(Clone, Debug)]
struct Entry {
    token: Token,
    refresh_at_ms: u64,
}

/// The addon tokens at hand.
#[derive(Clone, Debug, Default)]
pub struct AddonTokens {
    entries: HashMap<Key, Entry>,
}

impl AddonTokens {
    /// The token to use at `now_ms`, unless there is none or it is due for renewal.
    pub fn get(&self, key: &Key, now_ms: u64) -> Option<Token> {
        self.entries
            .get(key)
            .filter(|entry| now_ms < entry.refresh_at_ms)
            .map(|entry| entry.token.clone())
    }

    /// Keeps a token received at `now_ms`: valid until its JWT `exp` when it has one, else
    /// for [`ADDON_TOKEN_TTL_MS`]. Tokens due by now are dropped meanwhile.
    pub fn put(&mut self, key: Key, token: Token, now_ms: u64) {
        let expires_ms = jwt::lifetime(token.expose())
            .map(|lifetime| lifetime.exp.saturating_mul(1000))
            .unwrap_or_else(|_| now_ms.saturating_add(ADDON_TOKEN_TTL_MS));
        let refresh_at_ms = expires_ms.saturating_sub(REFRESH_MARGIN_MS);
        self.entries.retain(|_, entry| now_ms < entry.refresh_at_ms);
        self.entries.insert(
            key,
            Entry {
                token,
                refresh_at_ms,
            },
        );
    }

    /// Drops a token the Database API refused.
    pub fn forget(&mut self, key: &Key) {
        self.entries.remove(key);
    }

    /// Drops every token (on sign-out).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(owner: &str, addon: &str) -> Key {
        Key {
            owner: Secret::new(owner),
            base: "https://db-api.osc-fr1.scalingo.com".into(),
            addon_id: addon.into(),
        }
    }

    #[test]
    fn a_token_is_used_until_five_minutes_before_its_hour_ends() {
        let mut tokens = AddonTokens::default();
        let now = 1_000_000;
        tokens.put(key("tk-us-a", "ad-1"), Token::new("tk-addon-1"), now);
        let got = |at| tokens.get(&key("tk-us-a", "ad-1"), at);
        assert_eq!(got(now).unwrap().expose(), "tk-addon-1");
        assert!(got(now + 55 * 60_000 - 1).is_some());
        assert_eq!(got(now + 55 * 60_000), None);
        // Per addon, and per user: another session never gets it.
        assert_eq!(tokens.get(&key("tk-us-a", "ad-2"), now), None);
        assert_eq!(tokens.get(&key("tk-us-b", "ad-1"), now), None);
    }

    #[test]
    fn a_jwt_says_when_it_expires() {
        let exp_secs = 2_000;
        let payload = jwt::base64_encode(format!(r#"{{"exp":{exp_secs}}}"#).as_bytes());
        let token = Token::new(format!("e30.{}.sig", payload.trim_end_matches('=')));
        let mut tokens = AddonTokens::default();
        tokens.put(key("o", "ad-1"), token, 1_000_000);
        assert!(tokens.get(&key("o", "ad-1"), 1_699_999).is_some());
        assert_eq!(tokens.get(&key("o", "ad-1"), 1_700_000), None);
    }

    #[test]
    fn refused_and_stale_tokens_are_dropped() {
        let mut tokens = AddonTokens::default();
        tokens.put(key("o", "ad-1"), Token::new("t1"), 0);
        tokens.forget(&key("o", "ad-1"));
        assert!(tokens.is_empty());
        tokens.put(key("o", "ad-1"), Token::new("t1"), 0);
        tokens.put(key("o", "ad-2"), Token::new("t2"), 2 * ADDON_TOKEN_TTL_MS);
        assert_eq!(tokens.len(), 1);
        tokens.clear();
        assert!(tokens.is_empty());
        assert!(!format!("{:?}", key("tk-us-secret", "ad-1")).contains("secret"));
    }
}
