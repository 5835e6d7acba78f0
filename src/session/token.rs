//! A bearer token that cannot leak by accident: its `Debug` is masked and there is no `Display`,
//! so it never ends up in a log line or a view unless code asks for [`Token::expose`].

use std::fmt;
use std::sync::Arc;

/// A secret API or bearer token.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(Arc<str>);

impl Token {
    /// Wraps a token, without surrounding whitespace (pasted tokens often carry a newline).
    pub fn new(token: impl AsRef<str>) -> Self {
        Self(Arc::from(token.as_ref().trim()))
    }

    /// The token itself, for the `Authorization` header and storage only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A form safe to show: a known prefix such as `tk-us-` and the last four characters, the
    /// rest replaced by an ellipsis. Short tokens show only their last two characters.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        let prefix: String = if self.0.starts_with("tk-us-") {
            "tk-us-".into()
        } else {
            String::new()
        };
        let tail_len = if chars.len() >= 16 {
            4
        } else {
            2.min(chars.len() / 4)
        };
        let tail: String = chars[chars.len() - tail_len..].iter().collect();
        format!("{prefix}…{tail}")
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_masked_never_show_the_token() {
        let secret = "tk-us-Zt8Lq0cN1wJ7rB4hVg2xK5mP9dS3fA6yE";
        let token = Token::new(secret);
        assert_eq!(token.masked(), "tk-us-…A6yE");
        let debug = format!("{token:?}");
        assert!(!debug.contains("Zt8Lq0cN"), "{debug}");
        assert_eq!(token.expose(), secret);
    }

    #[test]
    fn short_tokens_show_less() {
        assert_eq!(Token::new("dev-token").masked(), "…en");
        assert_eq!(Token::new("abc").masked(), "…");
        assert_eq!(Token::new("").masked(), "…");
    }

    #[test]
    fn pasted_whitespace_is_dropped() {
        assert_eq!(Token::new("  abc\n").expose(), "abc");
        assert!(Token::new(" \n").is_empty());
    }
}
