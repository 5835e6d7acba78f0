//! The session: where the console connects and with what token, and how that is kept in
//! browser storage. Pure Rust: the storage glue is in [`crate::browser`].

use serde::{Deserialize, Serialize};

use crate::api::credentials::is_api_token;
use crate::api::{ApiError, Bearer, BearerCache, Client, Credentials, Token};
use crate::config::AppConfig;

/// The storage key of the session (in `sessionStorage`, or `localStorage` when remembered).
pub const SESSION_KEY: &str = "dbconsole.session";
/// Written to `localStorage` on sign-out so other tabs sign out too (a `storage` event).
pub const SIGNED_OUT_KEY: &str = "dbconsole.signed-out";
/// Same-origin prefix that `make run` and the e2e server proxy to devapi.
pub const LOCAL_API_BASE: &str = "/api";

/// Where the console sends its API calls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Connection {
    /// The in-browser demo: no network, no account.
    Demo,
    /// This machine's devapi, through the same-origin `/api` proxy.
    Local,
    /// A Scalingo region of `config.json`, by name (`osc-fr1`).
    Region { name: String },
    /// Any server that implements the spec, called directly (it must allow this origin: CORS).
    /// Its token exchange, if any, is on the same server.
    Custom { api_url: String },
}

impl Connection {
    /// The API base and auth service base the browser calls, from the configuration.
    pub fn endpoints(&self, config: &AppConfig) -> Result<(String, String), ApiError> {
        match self {
            Self::Demo => Ok((String::new(), String::new())),
            Self::Local => Ok((LOCAL_API_BASE.into(), LOCAL_API_BASE.into())),
            Self::Region { name } => config
                .region(name)
                .map(|region| (region.api_base(), config.auth_base()))
                .ok_or_else(|| {
                    ApiError::Unauthorized(format!(
                        "the region {name} is not in config.json any more"
                    ))
                }),
            Self::Custom { api_url } => Ok((api_url.clone(), api_url.clone())),
        }
    }

    /// The technology the create form offers here.
    pub fn technology(&self, config: &AppConfig) -> String {
        match self {
            Self::Demo => crate::config::SPEC_TECHNOLOGY.into(),
            Self::Local => config
                .local_api
                .technology
                .clone()
                .unwrap_or_else(|| crate::config::SPEC_TECHNOLOGY.into()),
            Self::Region { name } => config
                .region(name)
                .and_then(|r| r.technology.clone())
                .unwrap_or_else(|| config.default_technology.clone()),
            Self::Custom { .. } => config.default_technology.clone(),
        }
    }

    /// A short description for the header, for example `Local API` or `api.example.test`.
    pub fn label(&self) -> String {
        match self {
            Self::Demo => "Demo".into(),
            Self::Local => "Local API".into(),
            Self::Region { name } => format!("Scalingo {name}"),
            Self::Custom { api_url } => api_url
                .split_once("://")
                .map_or(api_url.as_str(), |(_, rest)| rest)
                .to_string(),
        }
    }
}

/// A signed-in session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub connection: Connection,
    /// What the user gave: an API token (`tk-us-...`, exchanged for bearers) or a bearer.
    pub token: Token,
    /// Kept in `localStorage` (survives the browser) instead of `sessionStorage` (this tab).
    pub remember: bool,
    /// Bearers from the exchange: memory only, shared by the session's clients.
    pub bearers: BearerCache,
}

/// The stored form of a [`Session`]. Versioned, so a later shape can read or drop older ones.
#[derive(Serialize, Deserialize)]
struct Stored {
    v: u32,
    connection: Connection,
    token: String,
}

const STORED_VERSION: u32 = 1;

impl Session {
    /// A session with an empty bearer cache.
    pub fn new(connection: Connection, token: Token, remember: bool) -> Self {
        Self {
            connection,
            token,
            remember,
            bearers: BearerCache::default(),
        }
    }

    /// The demo's session: no token at all.
    pub fn demo() -> Self {
        Self::new(Connection::Demo, Token::new(""), false)
    }

    /// The API client for this session.
    pub fn client(&self, config: &AppConfig) -> Result<Client, ApiError> {
        if self.connection == Connection::Demo {
            return Ok(Client::demo());
        }
        let (api_base, auth_base) = self.connection.endpoints(config)?;
        let credentials = if is_api_token(&self.token) {
            Credentials::ApiToken {
                token: self.token.clone(),
                auth_base: auth_base.into(),
                cache: self.bearers.clone(),
            }
        } else {
            Credentials::Bearer(Bearer::new(self.token.clone()))
        };
        Ok(Client::http(
            &api_base,
            credentials,
            config.request_timeout_ms,
        ))
    }

    /// The text kept in storage.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(&Stored {
            v: STORED_VERSION,
            connection: self.connection.clone(),
            token: self.token.expose().to_string(),
        })
        .unwrap_or_default()
    }

    /// Reads a stored session; anything unreadable, from another version, or without a token
    /// is no session (the user signs in again rather than seeing an error).
    pub fn from_stored(text: &str, remember: bool) -> Option<Self> {
        let stored: Stored = serde_json::from_str(text).ok()?;
        let token = Token::new(&stored.token);
        let needs_token = stored.connection != Connection::Demo;
        if stored.v != STORED_VERSION || (needs_token && token.is_empty()) {
            return None;
        }
        if let Connection::Custom { api_url } = &stored.connection {
            parse_api_url(api_url).ok()?;
        }
        Some(Self::new(stored.connection, token, remember))
    }
}

/// Why an API URL was refused, as a sentence for the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiUrlError {
    Empty,
    Scheme,
    NoHost,
    Credentials,
    QueryOrFragment,
    Whitespace,
}

impl std::fmt::Display for ApiUrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Empty => "Enter the API URL, for example https://api.example.test.",
            Self::Scheme => "Start the URL with https:// (or http:// for a local server).",
            Self::NoHost => "Add the server's host name after https://.",
            Self::Credentials => {
                "Leave user names and passwords out of the URL: use the Token field."
            }
            Self::QueryOrFragment => "Remove the ? or # part: give only the base URL.",
            Self::Whitespace => "Remove the spaces from the URL.",
        })
    }
}

/// Checks and normalises a base URL such as `https://api.example.test`: http(s) only, a host,
/// no credentials, query or fragment, no trailing `/` and no `/v1` (the console appends it).
pub fn parse_api_url(input: &str) -> Result<String, ApiUrlError> {
    let url = input.trim();
    if url.is_empty() {
        return Err(ApiUrlError::Empty);
    }
    if url.chars().any(char::is_whitespace) {
        return Err(ApiUrlError::Whitespace);
    }
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url["https://".len()..]
    } else if lower.starts_with("http://") {
        &url["http://".len()..]
    } else {
        return Err(ApiUrlError::Scheme);
    };
    if url.contains(['?', '#']) {
        return Err(ApiUrlError::QueryOrFragment);
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err(ApiUrlError::Credentials);
    }
    if authority.is_empty() || authority.starts_with(':') {
        return Err(ApiUrlError::NoHost);
    }
    let mut normalised = url.trim_end_matches('/').to_string();
    if let Some(stripped) = normalised.strip_suffix("/v1") {
        normalised = stripped.to_string();
    }
    Ok(normalised)
}

/// Where to go after sign-in: `next` if it is a path of this app, else the databases list.
/// Refuses anything that could leave the origin (`//host`, `/\host`, `https://...`).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(char::is_control)
                && !path.starts_with("/sign-in") =>
        {
            path.to_string()
        }
        _ => crate::paths::DATABASES.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn custom(url: &str) -> Session {
        Session::new(
            Connection::Custom {
                api_url: url.into(),
            },
            Token::new("tk-us-secret-secret-secret"),
            true,
        )
    }

    #[test]
    fn stored_sessions_round_trip() {
        let session = custom("https://api.example.test");
        let text = session.to_stored();
        let back = Session::from_stored(&text, true).unwrap();
        assert_eq!(
            (back.connection, back.token, back.remember),
            (session.connection, session.token, true)
        );
        let local = Session::new(Connection::Local, Token::new("dev-token"), false);
        let back = Session::from_stored(&local.to_stored(), false).unwrap();
        assert_eq!(
            (back.connection, back.token),
            (local.connection, local.token)
        );
        let region = Session::new(
            Connection::Region {
                name: "osc-fr1".into(),
            },
            Token::new("tk-us-x"),
            true,
        );
        assert_eq!(
            Session::from_stored(&region.to_stored(), true)
                .unwrap()
                .connection,
            region.connection
        );
        assert_eq!(
            Session::from_stored(&Session::demo().to_stored(), false)
                .unwrap()
                .connection,
            Connection::Demo
        );
    }

    #[test]
    fn unreadable_or_foreign_storage_is_no_session() {
        assert_eq!(Session::from_stored("", false), None);
        assert_eq!(Session::from_stored("{", false), None);
        assert_eq!(
            Session::from_stored(
                r#"{"v":2,"connection":{"kind":"local"},"token":"x"}"#,
                false
            ),
            None
        );
        assert_eq!(
            Session::from_stored(
                r#"{"v":1,"connection":{"kind":"local"},"token":"  "}"#,
                false
            ),
            None
        );
        assert_eq!(
            Session::from_stored(
                r#"{"v":1,"connection":{"kind":"custom","api_url":"javascript:x"},"token":"t"}"#,
                false
            ),
            None
        );
        assert_eq!(
            Session::from_stored(r#"{"v":1,"connection":{"kind":"mars"},"token":"t"}"#, false),
            None
        );
    }

    #[test]
    fn debug_of_a_session_hides_the_token() {
        let debug = format!("{:?}", custom("https://api.example.test"));
        assert!(!debug.contains("secret-secret"), "{debug}");
    }

    #[test]
    fn connections_resolve_through_the_config() {
        let config = AppConfig::parse(include_str!("../config.json")).unwrap();
        assert_eq!(
            Connection::Local.endpoints(&config).unwrap(),
            ("/api".into(), "/api".into())
        );
        assert_eq!(Connection::Local.label(), "Local API");
        let fr1 = Connection::Region {
            name: "osc-fr1".into(),
        };
        assert_eq!(
            fr1.endpoints(&config).unwrap(),
            ("/scalingo/osc-fr1".into(), "/scalingo/auth".into())
        );
        assert_eq!(fr1.label(), "Scalingo osc-fr1");
        assert_eq!(fr1.technology(&config), "postgresql-ng");
        assert_eq!(Connection::Local.technology(&config), "postgresql-dr");
        assert_eq!(Connection::Demo.technology(&config), "postgresql-dr");
        let gone = Connection::Region {
            name: "mars-1".into(),
        };
        assert!(matches!(
            gone.endpoints(&config),
            Err(ApiError::Unauthorized(_))
        ));
        let c = Connection::Custom {
            api_url: "https://api.example.test".into(),
        };
        assert_eq!(c.endpoints(&config).unwrap().0, "https://api.example.test");
        assert_eq!(c.label(), "api.example.test");
    }

    #[test]
    fn an_api_token_gets_exchanged_and_a_bearer_does_not() {
        let config = AppConfig::default();
        let api = Session::new(
            Connection::Local,
            Token::new("tk-us-abcdefghijklmnop"),
            false,
        );
        let bearer = Session::new(Connection::Local, Token::new("dev-token"), false);
        let debug = |s: &Session| format!("{:?}", s.client(&config).unwrap());
        assert!(debug(&api).contains("ApiToken"), "{}", debug(&api));
        assert!(debug(&bearer).contains("Bearer("), "{}", debug(&bearer));
        assert!(!debug(&api).contains("abcdefghijklmnop"));
        assert!(!debug(&bearer).contains("dev-token"));
        assert_eq!(Session::demo().client(&config).unwrap(), Client::demo());
    }

    #[test]
    fn api_urls_are_checked_and_normalised() {
        assert_eq!(
            parse_api_url(" https://api.example.test/ "),
            Ok("https://api.example.test".into())
        );
        assert_eq!(
            parse_api_url("http://127.0.0.1:18082"),
            Ok("http://127.0.0.1:18082".into())
        );
        assert_eq!(
            parse_api_url("https://api.example.test/v1"),
            Ok("https://api.example.test".into())
        );
        assert_eq!(
            parse_api_url("https://example.test/scalingo/api"),
            Ok("https://example.test/scalingo/api".into())
        );
        assert_eq!(parse_api_url(""), Err(ApiUrlError::Empty));
        assert_eq!(parse_api_url("api.example.test"), Err(ApiUrlError::Scheme));
        assert_eq!(parse_api_url("ftp://x.test"), Err(ApiUrlError::Scheme));
        assert_eq!(
            parse_api_url("javascript:alert(1)"),
            Err(ApiUrlError::Scheme)
        );
        assert_eq!(parse_api_url("https://"), Err(ApiUrlError::NoHost));
        assert_eq!(parse_api_url("https://:80"), Err(ApiUrlError::NoHost));
        assert_eq!(
            parse_api_url("https://u:p@x.test"),
            Err(ApiUrlError::Credentials)
        );
        assert_eq!(
            parse_api_url("https://x.test/?a=1"),
            Err(ApiUrlError::QueryOrFragment)
        );
        assert_eq!(
            parse_api_url("https://x .test"),
            Err(ApiUrlError::Whitespace)
        );
        assert!(ApiUrlError::Credentials.to_string().contains("Token"));
    }

    #[test]
    fn next_stays_inside_the_app() {
        assert_eq!(
            safe_next(Some("/databases/backup-db")),
            "/databases/backup-db"
        );
        assert_eq!(
            safe_next(Some("/databases?q=bk&sort=plan")),
            "/databases?q=bk&sort=plan"
        );
        assert_eq!(safe_next(None), "/databases");
        assert_eq!(safe_next(Some("https://evil.test/")), "/databases");
        assert_eq!(safe_next(Some("//evil.test/")), "/databases");
        assert_eq!(safe_next(Some("/\\evil.test/")), "/databases");
        assert_eq!(safe_next(Some("databases")), "/databases");
        assert_eq!(safe_next(Some("/sign-in?next=/x")), "/databases");
        assert_eq!(safe_next(Some("/data\nbases")), "/databases");
    }
}
