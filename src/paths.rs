//! The console's own URLs. Pure functions, so the host tests can check them.

/// The databases list.
pub const DATABASES: &str = "/databases";
/// The create form.
pub const NEW_DATABASE: &str = "/databases/new";
/// The sign-in page (takes `?next=`).
pub const SIGN_IN: &str = "/sign-in";

/// The detail page of a database, by id or name (the spec's `[:database]`).
pub fn database(id_or_name: &str) -> String {
    format!("{DATABASES}/{}", encode_segment(id_or_name))
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
    fn anything_else_is_percent_encoded() {
        assert_eq!(encode_segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(encode_segment("données"), "donn%C3%A9es");
        assert_eq!(encode_segment(""), "");
    }
}
