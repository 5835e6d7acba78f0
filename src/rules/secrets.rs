//! The connection string: kept in a [`Secret`] that never prints itself, read leniently as a
//! `postgres://` URI, shown with its password masked, and turned into a `psql` command.
//!
//! Whatever cannot be read as a PostgreSQL URI is refused (`None`), never shown "masked": a
//! string the parser does not understand could hold the password anywhere.

use std::fmt;
use std::sync::Arc;

/// What replaces a password: always eight dots, whatever the password's length.
pub const MASK: &str = "••••••••";

/// A secret value (a connection string, a password). Its `Debug` is masked and it has no
/// `Display`, so it reaches a log line or a view only through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(Arc<str>);

impl Secret {
    pub fn new(value: impl AsRef<str>) -> Self {
        Self(Arc::from(value.as_ref()))
    }

    /// The value itself: for the clipboard or a field the user asked to reveal, nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({MASK})")
    }
}

/// A PostgreSQL connection URI,
/// `postgres[ql]://[user[:password]@][host][:port][/dbname][?param=value&...]`, split into its
/// parts as written (percent-escapes kept); the accessors decode them.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionUri {
    scheme: String,
    user: Option<String>,
    password: Option<Secret>,
    host: String,
    port: Option<(u16, String)>,
    path: Option<String>,
    query: Option<String>,
}

impl ConnectionUri {
    /// Reads a URI; `None` for anything that is not clearly one (another scheme, spaces or
    /// control characters, a `#`, a port that is no number, a host with characters no host
    /// has, a query that is not `key=value` pairs). Surrounding whitespace is ignored.
    ///
    /// Passwords are often pasted unescaped: the user information ends at the **last** `@`
    /// before the query, so `@`, `:` and `/` in a password are read as part of it. A `?` in a
    /// password cannot be told from the query's start, and makes the URI unreadable.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.chars().any(|c| c.is_control() || c.is_whitespace()) || text.contains('#') {
            return None;
        }
        let (scheme, rest) = text.split_once("://")?;
        if !["postgres", "postgresql"].contains(&scheme.to_ascii_lowercase().as_str()) {
            return None;
        }
        let (hier, query) = match rest.split_once('?') {
            Some((hier, query)) => (hier, Some(query)),
            None => (rest, None),
        };
        if let Some(query) = query {
            let pairs = query.split('&').filter(|pair| !pair.is_empty());
            if query.contains(['?', '@']) || pairs.clone().any(|pair| !pair.contains('=')) {
                return None;
            }
        }
        let (userinfo, location) = match hier.rsplit_once('@') {
            Some((userinfo, location)) => (Some(userinfo), location),
            None => (None, hier),
        };
        let (host_port, path) = match location.split_once('/') {
            Some((host_port, path)) => (host_port, Some(path)),
            None => (location, None),
        };
        let (host, port) = split_host_port(host_port)?;
        let (user, password) = match userinfo {
            Some(info) => match info.split_once(':') {
                Some((user, password)) => (Some(user), Some(password)),
                None => (Some(info), None),
            },
            None => (None, None),
        };
        Some(Self {
            scheme: scheme.to_string(),
            user: user.map(str::to_string),
            password: password.map(Secret::new),
            host: host.to_string(),
            port,
            path: path.map(str::to_string),
            query: query.map(str::to_string),
        })
    }

    /// The user name, decoded.
    pub fn user(&self) -> Option<String> {
        self.user.as_deref().map(percent_decode)
    }

    /// The password, decoded.
    pub fn password(&self) -> Option<Secret> {
        self.password
            .as_ref()
            .map(|password| Secret::new(percent_decode(password.expose())))
    }

    /// The host, decoded; empty for the local socket.
    pub fn host(&self) -> String {
        percent_decode(&self.host)
    }

    pub fn port(&self) -> Option<u16> {
        self.port.as_ref().map(|(port, _)| *port)
    }

    /// The database name, decoded; `None` when the URI names none.
    pub fn dbname(&self) -> Option<String> {
        self.path
            .as_deref()
            .filter(|path| !path.is_empty())
            .map(percent_decode)
    }

    /// The parameters after `?`, decoded, in order (`sslmode=require`).
    pub fn params(&self) -> Vec<(String, String)> {
        self.query
            .as_deref()
            .unwrap_or_default()
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(key, value)| (percent_decode(key), percent_decode(value)))
            .collect()
    }

    /// The URI as written, but with [`MASK`] for a password (an empty one is shown empty).
    pub fn masked(&self) -> String {
        let mut out = format!("{}://", self.scheme);
        if let Some(user) = &self.user {
            out.push_str(user);
            if let Some(password) = &self.password {
                out.push(':');
                if !password.is_empty() {
                    out.push_str(MASK);
                }
            }
            out.push('@');
        }
        out.push_str(&self.host);
        if let Some((_, written)) = &self.port {
            out.push(':');
            out.push_str(written);
        }
        if let Some(path) = &self.path {
            out.push('/');
            out.push_str(path);
        }
        if let Some(query) = &self.query {
            out.push('?');
            out.push_str(query);
        }
        out
    }
}

impl fmt::Debug for ConnectionUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConnectionUri({})", self.masked())
    }
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`; the host may be empty (`postgresql:///db`).
fn split_host_port(text: &str) -> Option<(&str, Option<(u16, String)>)> {
    let (host, port) = if let Some(inner) = text.strip_prefix('[') {
        let (address, after) = inner.split_once(']')?;
        if address.is_empty()
            || !address
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return None;
        }
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (&text[..address.len() + 2], port)
    } else {
        let (host, port) = match text.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (text, None),
        };
        let host_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '%');
        if !host.chars().all(host_char) {
            return None;
        }
        (host, port)
    };
    let port = match port {
        None => None,
        Some(written) => {
            if written.is_empty() || !written.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some((written.parse().ok()?, written.to_string()))
        }
    };
    Some((host, port))
}

/// Decodes `%XX` escapes; a `%` that starts no valid escape is kept as it is, and bytes that do
/// not form UTF-8 are replaced (this is for showing and connecting, not for checking).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escape = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escape {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The connection string with its password masked, for showing; `None` when it cannot be read
/// as a PostgreSQL URI (then show a sentence, never the string).
pub fn masked(uri: &Secret) -> Option<String> {
    ConnectionUri::parse(uri.expose()).map(|parsed| parsed.masked())
}

/// Text in double quotes for a POSIX shell: `"`, `\`, `$` and `` ` `` escaped with a
/// backslash, everything else literal.
pub fn quote_for_shell(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// `psql "<uri>"`, ready to paste into a shell (a secret too: it holds the password); `None`
/// when the string cannot be read as a PostgreSQL URI.
///
/// A `!` is written `%21`: the same URI for libpq, which decodes escapes in every part, but no
/// history expansion in an interactive bash or zsh, where a `!` inside double quotes is one.
pub fn psql_command(uri: &Secret) -> Option<Secret> {
    ConnectionUri::parse(uri.expose())?;
    let uri = uri.expose().trim().replace('!', "%21");
    Some(Secret::new(format!("psql {}", quote_for_shell(&uri))))
}

/// [`psql_command`] with the password masked, for showing beside a copy button.
pub fn masked_psql_command(uri: &Secret) -> Option<String> {
    masked(uri).map(|uri| format!("psql {}", quote_for_shell(&uri)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCALINGO: &str = "postgresql://my_dedicate_wxyz:YANs3y07abcdef@my-dedicate-wxyz.postgresql.a.osc-fr1.scalingo-dbs.com:31000/my_dedicate_wxyz?sslmode=require";

    fn secret(text: &str) -> Secret {
        Secret::new(text)
    }

    #[test]
    fn the_documented_uri_is_read_and_masked() {
        let uri = ConnectionUri::parse(SCALINGO).unwrap();
        assert_eq!(uri.user().as_deref(), Some("my_dedicate_wxyz"));
        assert_eq!(uri.password().unwrap().expose(), "YANs3y07abcdef");
        assert_eq!(
            uri.host(),
            "my-dedicate-wxyz.postgresql.a.osc-fr1.scalingo-dbs.com"
        );
        assert_eq!(uri.port(), Some(31000));
        assert_eq!(uri.dbname().as_deref(), Some("my_dedicate_wxyz"));
        assert_eq!(uri.params(), [("sslmode".into(), "require".into())]);
        assert_eq!(
            masked(&secret(SCALINGO)).unwrap(),
            "postgresql://my_dedicate_wxyz:••••••••@my-dedicate-wxyz.postgresql.a.osc-fr1.scalingo-dbs.com:31000/my_dedicate_wxyz?sslmode=require"
        );
        assert!(!format!("{uri:?}").contains("YANs3y07"));
    }

    #[test]
    fn the_mask_does_not_tell_the_length() {
        let short = masked(&secret("postgres://u:x@h/db")).unwrap();
        let long = masked(&secret(&format!("postgres://u:{}@h/db", "y".repeat(64)))).unwrap();
        assert_eq!(short, "postgres://u:••••••••@h/db");
        assert_eq!(long, short);
    }

    #[test]
    fn escaped_passwords_decode() {
        let text = "postgresql://app%2Duser:p%40ss%3Aw%22rd%24%25x@db.example.test:5432/my%20db";
        let uri = ConnectionUri::parse(text).unwrap();
        assert_eq!(uri.user().as_deref(), Some("app-user"));
        assert_eq!(uri.password().unwrap().expose(), "p@ss:w\"rd$%x");
        assert_eq!(uri.dbname().as_deref(), Some("my db"));
        assert_eq!(
            masked(&secret(text)).unwrap(),
            "postgresql://app%2Duser:••••••••@db.example.test:5432/my%20db"
        );
    }

    #[test]
    fn unescaped_passwords_with_at_colon_quote_and_dollar() {
        let text = r#"postgres://u:p@ss:w"rd$x/y@db.example.test:5432/db?sslmode=require"#;
        let uri = ConnectionUri::parse(text).unwrap();
        assert_eq!(uri.user().as_deref(), Some("u"));
        assert_eq!(uri.password().unwrap().expose(), r#"p@ss:w"rd$x/y"#);
        assert_eq!(uri.host(), "db.example.test");
        assert_eq!(
            masked(&secret(text)).unwrap(),
            "postgres://u:••••••••@db.example.test:5432/db?sslmode=require"
        );
        assert_eq!(
            psql_command(&secret(text)).unwrap().expose(),
            r#"psql "postgres://u:p@ss:w\"rd\$x/y@db.example.test:5432/db?sslmode=require""#
        );
    }

    #[test]
    fn uris_without_a_password() {
        for text in [
            "postgres://u@db.example.test/db",
            "postgresql://db.example.test",
            "postgresql://db.example.test:5432",
            "postgresql:///db",
            "postgresql://[2001:db8::1]:5432/db",
            "postgresql://u:@h/db",
        ] {
            assert_eq!(masked(&secret(text)).as_deref(), Some(text), "{text}");
        }
        let uri = ConnectionUri::parse("postgresql://[2001:db8::1]:5432/db").unwrap();
        assert_eq!(uri.host(), "[2001:db8::1]");
        assert_eq!(uri.port(), Some(5432));
        assert_eq!(ConnectionUri::parse("postgresql:///db").unwrap().host(), "");
        assert_eq!(
            ConnectionUri::parse("postgres://u@h").unwrap().password(),
            None
        );
    }

    #[test]
    fn garbage_is_refused_not_masked() {
        for text in [
            "",
            "   ",
            "not a uri",
            "SCALINGO_POSTGRESQL_URL",
            "mysql://u:secret@h/db",
            "postgres:/u:secret@h/db",
            "postgres://u:sec ret@h/db",
            "postgres://u:secret@h/db\nx",
            "postgres://u:se#cret@h/db",
            "postgres://u:sec?ret@h/db",
            "postgres://u:a@b?c@h/db?sslmode=require",
            "postgres://u:secret@h:port/db",
            "postgres://u:secret@h:99999/db",
            "postgres://u:secret@h:/db",
            "postgres://u:secret@[::1/db",
            "postgres://u:secret@h!/db",
            "postgres://u:secret@h/db?sslmode",
        ] {
            assert_eq!(ConnectionUri::parse(text), None, "{text:?}");
            assert_eq!(masked(&secret(text)), None, "{text:?}");
            assert_eq!(psql_command(&secret(text)), None, "{text:?}");
        }
    }

    #[test]
    fn psql_commands_are_quoted_for_a_posix_shell() {
        assert_eq!(
            psql_command(&secret(SCALINGO)).unwrap().expose(),
            format!("psql \"{SCALINGO}\"")
        );
        assert_eq!(quote_for_shell(r#"a"b\c$d`e'f"#), r#""a\"b\\c\$d\`e'f""#);
        // `!` is escaped the URI's way: no history expansion in bash or zsh.
        let text = "postgres://u:hi!there@h/db";
        assert_eq!(
            psql_command(&secret(text)).unwrap().expose(),
            r#"psql "postgres://u:hi%21there@h/db""#
        );
        assert_eq!(
            masked_psql_command(&secret(text)).unwrap(),
            r#"psql "postgres://u:••••••••@h/db""#
        );
        assert_eq!(
            ConnectionUri::parse("postgres://u:hi%21there@h/db")
                .unwrap()
                .password()
                .unwrap()
                .expose(),
            "hi!there"
        );
    }

    #[test]
    fn secrets_never_print_themselves() {
        let s = secret(SCALINGO);
        assert_eq!(format!("{s:?}"), "Secret(••••••••)");
        let command = psql_command(&s).unwrap();
        assert!(!format!("{command:?}").contains("YANs3y07"));
        assert!(!Secret::new("x").is_empty());
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the password (escaped or not), the masked form is refused or never holds
        /// it; and nothing panics on any text.
        #[test]
        fn the_password_never_shows(raw in "[A-Za-z0-9@:\"$%!/?#&=.~_-]{1,24}", escape in any::<bool>()) {
            let password = format!("Zq{raw}");
            let written = if escape {
                password.bytes().map(|b| format!("%{b:02X}")).collect::<String>()
            } else {
                password.clone()
            };
            let text = format!("postgresql://user:{written}@db.example.test:31000/name?sslmode=require");
            if let Some(shown) = masked(&Secret::new(&text)) {
                prop_assert!(!shown.contains("Zq"), "{}", shown);
                prop_assert!(!shown.contains(&password), "{}", shown);
            }
            if escape {
                let decoded = ConnectionUri::parse(&text).unwrap().password().unwrap();
                prop_assert_eq!(decoded.expose(), password.as_str());
            }
        }

        #[test]
        fn any_text_is_read_or_refused(text in "\\PC{0,80}") {
            let _ = masked(&Secret::new(&text));
            let _ = psql_command(&Secret::new(&text));
        }
    }
}
