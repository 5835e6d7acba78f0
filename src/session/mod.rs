//! The session and its tokens: where the console connects, with what token, how requests are
//! authenticated with it, and how it is kept in storage. Pure Rust with host tests.
//!
//! It may import [`crate::config`]; never the API client, the app state or the screens (the
//! client imports the credentials from here, not the other way round).

pub mod credentials;
pub mod handoff;
pub mod jwt;
pub mod regions;
pub mod token;

pub use credentials::{is_api_token, Bearer, BearerCache, Credentials};
pub use token::Token;

use serde::{Deserialize, Serialize};

use crate::config::{parse_api_url, AppConfig};
pub use regions::RegionApi;

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
    /// This machine's devapi, through the same-origin `/api` proxy (or several instances acting
    /// as regions, `config.json`'s `local_api.regions`).
    Local,
    /// Every Scalingo region of `config.json` the account has, read together.
    AllRegions,
    /// A Scalingo region of `config.json`, by name (`osc-fr1`).
    Region { name: String },
    /// Any server that implements the spec, called directly (it must allow this origin: CORS).
    /// Its token exchange, if any, is on the same server.
    Custom { api_url: String },
}

impl Connection {
    /// The API base and auth service base the browser calls, from the configuration; `None`
    /// for a region that is no longer in it. For a connection to several regions, the first
    /// region's API.
    pub fn endpoints(&self, config: &AppConfig) -> Option<(String, String)> {
        let auth = self.auth_base(config)?;
        let first = self.regions(config).into_iter().next()?;
        Some((first.api_base, auth))
    }

    /// Where the token is exchanged: the auth service for Scalingo, the first local devapi,
    /// the server itself for Custom.
    pub fn auth_base(&self, config: &AppConfig) -> Option<String> {
        match self {
            Self::Demo => Some(String::new()),
            Self::Local => regions::all_local(config)
                .into_iter()
                .next()
                .map(|r| r.api_base),
            Self::AllRegions => Some(config.auth_base()),
            Self::Region { name } => config.region(name).map(|_| config.auth_base()),
            Self::Custom { api_url } => Some(api_url.clone()),
        }
    }

    /// The APIs this connection reads, as `config.json` has them (before the auth service says
    /// which the account has: [`regions::reachable`]). Empty for a region no longer configured.
    pub fn regions(&self, config: &AppConfig) -> Vec<RegionApi> {
        match self {
            Self::Demo => vec![RegionApi {
                name: "demo".into(),
                label: "Demo".into(),
                api_base: String::new(),
                public_url: "https://api.osc-fr1.scalingo.com".into(),
                scalingo: false,
                database_api: None,
                technology: crate::config::SPEC_TECHNOLOGY.into(),
            }],
            Self::Local => regions::all_local(config),
            Self::AllRegions => regions::all_scalingo(config),
            Self::Region { name } => regions::all_scalingo(config)
                .into_iter()
                .filter(|r| &r.name == name)
                .collect(),
            Self::Custom { api_url } => vec![RegionApi {
                name: self.label(),
                label: self.label(),
                api_base: api_url.clone(),
                public_url: api_url.clone(),
                scalingo: false,
                database_api: None,
                technology: config.default_technology.clone(),
            }],
        }
    }

    /// Whether the auth service is asked which regions the account has (`GET /v1/regions`).
    pub fn discovers_regions(&self) -> bool {
        matches!(self, Self::Local | Self::AllRegions)
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
            Self::AllRegions => config
                .regions
                .first()
                .and_then(|r| r.technology.clone())
                .unwrap_or_else(|| config.default_technology.clone()),
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
            Self::AllRegions => "Scalingo, all regions".into(),
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
        let config = AppConfig::parse(include_str!("../../config.json")).unwrap();
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
        assert_eq!(gone.endpoints(&config), None);
        let c = Connection::Custom {
            api_url: "https://api.example.test".into(),
        };
        assert_eq!(c.endpoints(&config).unwrap().0, "https://api.example.test");
        assert_eq!(c.label(), "api.example.test");
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
