//! The session: where the console connects and with what token, and how that is kept in
//! browser storage. Pure Rust: the storage glue is in [`crate::browser`].

use serde::{Deserialize, Serialize};

use crate::api::{Client, Token};

/// The storage key of the session (in `sessionStorage`, or `localStorage` when remembered).
pub const SESSION_KEY: &str = "dbconsole.session";
/// Written to `localStorage` on sign-out so other tabs sign out too (a `storage` event).
pub const SIGNED_OUT_KEY: &str = "dbconsole.signed-out";
/// Same-origin prefix that `make run` and the e2e server proxy to devapi.
pub const LOCAL_API_BASE: &str = "/api";

/// Where the console sends its API calls. Regions and the demo slot in as more variants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Connection {
    /// This machine's devapi, through the same-origin `/api` proxy.
    Local,
    /// Any server that implements the spec, called directly (it must allow this origin: CORS).
    Custom { api_url: String },
}

impl Connection {
    /// The base URL the client appends `/v1/...` to.
    pub fn api_base(&self) -> &str {
        match self {
            Self::Local => LOCAL_API_BASE,
            Self::Custom { api_url } => api_url,
        }
    }

    /// A short description for the header, for example `Local API` or `api.example.test`.
    pub fn label(&self) -> String {
        match self {
            Self::Local => "Local API".into(),
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
    pub token: Token,
    /// Kept in `localStorage` (survives the browser) instead of `sessionStorage` (this tab).
    pub remember: bool,
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
    /// The API client for this session.
    pub fn client(&self) -> Client {
        Client::new(self.connection.api_base(), self.token.clone())
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
        if stored.v != STORED_VERSION || token.is_empty() {
            return None;
        }
        if let Connection::Custom { api_url } = &stored.connection {
            parse_api_url(api_url).ok()?;
        }
        Some(Self {
            connection: stored.connection,
            token,
            remember,
        })
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
        Session {
            connection: Connection::Custom {
                api_url: url.into(),
            },
            token: Token::new("tk-us-secret-secret-secret"),
            remember: true,
        }
    }

    #[test]
    fn stored_sessions_round_trip() {
        let session = custom("https://api.example.test");
        let text = session.to_stored();
        assert_eq!(Session::from_stored(&text, true), Some(session));
        let local = Session {
            connection: Connection::Local,
            token: Token::new("dev-token"),
            remember: false,
        };
        assert_eq!(Session::from_stored(&local.to_stored(), false), Some(local));
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
    fn connection_base_and_label() {
        assert_eq!(Connection::Local.api_base(), "/api");
        assert_eq!(Connection::Local.label(), "Local API");
        let c = Connection::Custom {
            api_url: "https://api.example.test".into(),
        };
        assert_eq!(c.api_base(), "https://api.example.test");
        assert_eq!(c.label(), "api.example.test");
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
