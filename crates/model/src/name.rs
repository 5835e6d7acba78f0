//! The database name rule: "between 6 and 48 lower case alphanumerical characters and hyphens".
//!
//! The console checks it as the user types and the stores check it on create, with this one
//! function, so the two can never disagree.

use std::fmt;

/// Fewest characters a name may have.
pub const NAME_MIN_LEN: usize = 6;
/// Most characters a name may have.
pub const NAME_MAX_LEN: usize = 48;

/// Which part of the name rule a name breaks. Character problems are reported before length
/// problems: "use lower case" is more useful than "too short" while someone types `My`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    /// Nothing was entered.
    Empty,
    /// An upper-case ASCII letter, at this character position (0-based).
    Uppercase { ch: char, at: usize },
    /// A space or other whitespace.
    Whitespace { at: usize },
    /// Any other character outside `a-z`, `0-9` and `-` (underscore, dot, accented letter...).
    InvalidChar { ch: char, at: usize },
    /// Fewer than [`NAME_MIN_LEN`] characters.
    TooShort { len: usize },
    /// More than [`NAME_MAX_LEN`] characters.
    TooLong { len: usize },
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "Enter a name."),
            Self::Uppercase { ch, .. } => write!(
                f,
                "Use lower case letters only: “{ch}” is upper case (try “{}”).",
                ch.to_ascii_lowercase()
            ),
            Self::Whitespace { .. } => {
                write!(f, "Spaces are not allowed: use a hyphen (-) instead.")
            }
            Self::InvalidChar { ch: '_', .. } => {
                write!(f, "Underscores are not allowed: use a hyphen (-) instead.")
            }
            Self::InvalidChar { ch, .. } => write!(
                f,
                "“{ch}” is not allowed: use lower case letters a-z, digits 0-9 and hyphens (-)."
            ),
            Self::TooShort { len } => {
                write!(f, "Use at least {NAME_MIN_LEN} characters ({len} so far).")
            }
            Self::TooLong { len } => {
                write!(f, "Use at most {NAME_MAX_LEN} characters ({len} now).")
            }
        }
    }
}

impl std::error::Error for NameError {}

/// Checks a database name against the spec's rule and says which part failed first.
///
/// Length is counted in characters, not bytes, so a message never reports a byte count for a
/// name that holds non-ASCII characters (which are refused anyway).
pub fn validate_name(name: &str) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    let mut len = 0;
    for (at, ch) in name.chars().enumerate() {
        len += 1;
        match ch {
            'a'..='z' | '0'..='9' | '-' => {}
            'A'..='Z' => return Err(NameError::Uppercase { ch, at }),
            c if c.is_whitespace() => return Err(NameError::Whitespace { at }),
            ch => return Err(NameError::InvalidChar { ch, at }),
        }
    }
    if len < NAME_MIN_LEN {
        Err(NameError::TooShort { len })
    } else if len > NAME_MAX_LEN {
        Err(NameError::TooLong { len })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_of_length() {
        assert_eq!(validate_name("abcde"), Err(NameError::TooShort { len: 5 }));
        assert_eq!(validate_name("abcdef"), Ok(()));
        assert_eq!(validate_name(&"a".repeat(48)), Ok(()));
        assert_eq!(
            validate_name(&"a".repeat(49)),
            Err(NameError::TooLong { len: 49 })
        );
        assert_eq!(validate_name(""), Err(NameError::Empty));
    }

    #[test]
    fn allowed_characters() {
        assert_eq!(validate_name("my-postgres-db"), Ok(()));
        assert_eq!(validate_name("0123456789"), Ok(()));
        assert_eq!(
            validate_name("------"),
            Ok(()),
            "the spec allows hyphens anywhere"
        );
    }

    #[test]
    fn upper_case_is_named_with_its_position() {
        assert_eq!(
            validate_name("my-Postgres"),
            Err(NameError::Uppercase { ch: 'P', at: 3 })
        );
        let message = validate_name("My").unwrap_err().to_string();
        assert!(message.contains("lower case"), "{message}");
    }

    #[test]
    fn underscore_space_and_other_characters() {
        assert_eq!(
            validate_name("my_db_name"),
            Err(NameError::InvalidChar { ch: '_', at: 2 })
        );
        assert!(validate_name("my_db_name")
            .unwrap_err()
            .to_string()
            .contains("Underscores"));
        assert_eq!(
            validate_name("my db name"),
            Err(NameError::Whitespace { at: 2 })
        );
        assert_eq!(
            validate_name("my\tdbname"),
            Err(NameError::Whitespace { at: 2 })
        );
        assert_eq!(
            validate_name("my.db.name"),
            Err(NameError::InvalidChar { ch: '.', at: 2 })
        );
    }

    #[test]
    fn non_ascii_is_refused_and_counted_in_characters() {
        assert_eq!(
            validate_name("base-données"),
            Err(NameError::InvalidChar { ch: 'é', at: 9 })
        );
        assert_eq!(
            validate_name("ｍｙｄａｔａｂａｓｅ"),
            Err(NameError::InvalidChar { ch: 'ｍ', at: 0 })
        );
        // Full-width upper case is not ASCII upper case: it is an invalid character.
        assert!(matches!(
            validate_name("ÀBCDEFG"),
            Err(NameError::InvalidChar { .. })
        ));
    }

    #[test]
    fn character_problems_come_before_length() {
        assert_eq!(
            validate_name("A"),
            Err(NameError::Uppercase { ch: 'A', at: 0 })
        );
        assert_eq!(
            validate_name(&format!("{}_", "a".repeat(60))),
            Err(NameError::InvalidChar { ch: '_', at: 60 })
        );
    }

    #[test]
    fn every_error_has_a_sentence() {
        for error in [
            NameError::Empty,
            NameError::Uppercase { ch: 'A', at: 0 },
            NameError::Whitespace { at: 0 },
            NameError::InvalidChar { ch: '_', at: 0 },
            NameError::InvalidChar { ch: '!', at: 0 },
            NameError::TooShort { len: 1 },
            NameError::TooLong { len: 49 },
        ] {
            let text = error.to_string();
            assert!(text.ends_with('.'), "{text}");
            assert!(text.len() > 10, "{text}");
        }
    }
}
