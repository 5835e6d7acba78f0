//! The console's own URLs. Pure functions, so the host tests can check them.
//!
//! The app may be served under a sub-path (`/console/`). The router strips it when matching and
//! adds it when navigating, but not to `<A href>` values that start with `/`: those go through
//! [`href`].

use std::sync::OnceLock;

static BASE: OnceLock<String> = OnceLock::new();

/// Records the sub-path the app is served under (once, at start).
pub fn set_base(base: String) {
    let _ = BASE.set(base);
}

/// The sub-path the app is served under: `""` at the root of a host.
pub fn base() -> &'static str {
    BASE.get().map_or("", String::as_str)
}

/// An app path as a link target, with the sub-path in front.
pub fn href(path: &str) -> String {
    format!("{}{path}", base())
}

/// The path part of a `<base href>` URI, without its trailing `/`: `""` for a site root.
pub fn base_path_of(base_uri: &str) -> String {
    let without_origin = match base_uri.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |slash| &rest[slash..]),
        None => base_uri,
    };
    let path = without_origin.split(['?', '#']).next().unwrap_or_default();
    // A base names a folder: drop a file name after the last slash, then the slash itself.
    let folder = path.rfind('/').map_or("", |slash| &path[..slash]);
    folder.to_string()
}

/// An app path from a location path, without the sub-path in front.
pub fn strip_base<'a>(base: &str, pathname: &'a str) -> &'a str {
    match pathname.strip_prefix(base) {
        Some(rest) if !base.is_empty() && (rest.is_empty() || rest.starts_with('/')) => {
            if rest.is_empty() {
                "/"
            } else {
                rest
            }
        }
        _ => pathname,
    }
}

/// The databases list.
pub const DATABASES: &str = "/databases";
/// The create form.
pub const NEW_DATABASE: &str = "/databases/new";
/// The sign-in page (takes `?next=`).
pub const SIGN_IN: &str = "/sign-in";

/// The app location (path and query, without the sub-path) of a browser location.
pub fn app_location(pathname: &str, search: &str) -> String {
    let path = strip_base(base(), pathname);
    let search = search.trim_start_matches('?');
    if search.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{search}")
    }
}

/// The sign-in page, set to come back to `here` (an app location) once signed in.
pub fn sign_in_returning_to(here: &str) -> String {
    if here == "/" || here.is_empty() || here.starts_with(SIGN_IN) {
        return SIGN_IN.to_string();
    }
    format!("{SIGN_IN}?next={}", encode_query_value(here))
}

/// The detail page of a database, by id or name (the spec's `[:database]`).
pub fn database(id_or_name: &str) -> String {
    format!("{DATABASES}/{}", encode_segment(id_or_name))
}

/// The tabs of a database's page, each a route of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatabaseTab {
    Overview,
    Connect,
    Firewall,
    Settings,
}

impl DatabaseTab {
    pub const ALL: [DatabaseTab; 4] = [
        Self::Overview,
        Self::Connect,
        Self::Firewall,
        Self::Settings,
    ];

    /// The tab's link text, also the first word of its title.
    pub fn label(self) -> &'static str {
        match self {
            Self::Overview => "Overview",
            Self::Connect => "Connect",
            Self::Firewall => "Firewall",
            Self::Settings => "Settings",
        }
    }

    /// The path segment after the database (none for the overview).
    pub fn segment(self) -> Option<&'static str> {
        match self {
            Self::Overview => None,
            Self::Connect => Some("connect"),
            Self::Firewall => Some("firewall"),
            Self::Settings => Some("settings"),
        }
    }
}

/// One tab of a database's page.
pub fn database_tab(id_or_name: &str, tab: DatabaseTab) -> String {
    match tab.segment() {
        None => database(id_or_name),
        Some(segment) => format!("{}/{segment}", database(id_or_name)),
    }
}

/// One tab of a database's page in a region: names are unique per region only, so a link to a
/// database says which region it is in (`?region=osc-fr1`); without a region, the console looks
/// it up in every region.
pub fn database_in(id_or_name: &str, region: Option<&str>, tab: DatabaseTab) -> String {
    let path = database_tab(id_or_name, tab);
    match region.filter(|r| !r.is_empty()) {
        Some(region) => format!("{path}?region={}", encode_query_value(region)),
        None => path,
    }
}

/// Percent-encodes one URL path segment: everything but the RFC 3986 unreserved characters.
///
/// Names and ids the spec allows need no encoding, but a server may send anything, and a `/` or
/// `?` in a name must not change which URL is called.
pub fn encode_segment(segment: &str) -> String {
    let mut encoded = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Percent-encodes a query value (spaces as `%20`; everything but unreserved characters).
pub fn encode_query_value(value: &str) -> String {
    encode_segment(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_names_and_ids_are_kept_as_they_are() {
        assert_eq!(database("my-postgres-db"), "/databases/my-postgres-db");
        assert_eq!(
            database("54100930736f7563d5030000"),
            "/databases/54100930736f7563d5030000"
        );
    }

    #[test]
    fn each_tab_has_its_route() {
        assert_eq!(
            database_tab("my-postgres-db", DatabaseTab::Overview),
            "/databases/my-postgres-db"
        );
        assert_eq!(
            database_tab("my-postgres-db", DatabaseTab::Firewall),
            "/databases/my-postgres-db/firewall"
        );
        assert_eq!(
            DatabaseTab::ALL.map(DatabaseTab::label),
            ["Overview", "Connect", "Firewall", "Settings"]
        );
    }

    #[test]
    fn links_to_a_database_carry_its_region() {
        assert_eq!(
            database_in("my-postgres-db", Some("osc-fr1"), DatabaseTab::Connect),
            "/databases/my-postgres-db/connect?region=osc-fr1"
        );
        assert_eq!(
            database_in("my-postgres-db", None, DatabaseTab::Overview),
            "/databases/my-postgres-db"
        );
        assert_eq!(
            database_in("a b", Some(""), DatabaseTab::Overview),
            "/databases/a%20b"
        );
    }

    #[test]
    fn base_paths_from_base_uris() {
        assert_eq!(base_path_of("http://127.0.0.1:8080/"), "");
        assert_eq!(base_path_of("http://127.0.0.1:8080/console/"), "/console");
        assert_eq!(base_path_of("https://x.test/a/b/"), "/a/b");
        assert_eq!(base_path_of("https://x.test/a/index.html"), "/a");
        assert_eq!(base_path_of("https://x.test"), "");
        assert_eq!(base_path_of(""), "");
        assert_eq!(base_path_of("/console/"), "/console");
    }

    #[test]
    fn the_base_is_stripped_from_location_paths() {
        assert_eq!(strip_base("/console", "/console/databases"), "/databases");
        assert_eq!(strip_base("/console", "/console"), "/");
        assert_eq!(strip_base("/console", "/consoles/x"), "/consoles/x");
        assert_eq!(strip_base("", "/databases"), "/databases");
    }

    #[test]
    fn sign_in_comes_back_to_where_the_user_was() {
        assert_eq!(
            sign_in_returning_to("/databases?q=a b"),
            "/sign-in?next=%2Fdatabases%3Fq%3Da%20b"
        );
        assert_eq!(sign_in_returning_to("/"), "/sign-in");
        // Never back to the sign-in page itself.
        assert_eq!(sign_in_returning_to("/sign-in?next=%2Fx"), "/sign-in");
        assert_eq!(app_location("/databases", "?q=x"), "/databases?q=x");
        assert_eq!(app_location("/databases", ""), "/databases");
    }

    #[test]
    fn anything_else_is_percent_encoded() {
        assert_eq!(encode_segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(encode_segment("données"), "donn%C3%A9es");
        assert_eq!(encode_segment(""), "");
    }
}
