//! The IPv4 CIDR rule of a custom firewall rule, as one function that says what is wrong.
//!
//! The console checks a range as the user types it and the stores check it on
//! `POST …/firewall_rules`, with this one function, so the two never disagree. The rule is the
//! strict reading of "an IPv4 CIDR": four decimal numbers 0 to 255 separated by dots, a `/` and a
//! prefix length 0 to 32, nothing else (no sign, no space, no leading zero, which some tools read
//! as octal). Host bits are allowed (`10.1.2.3/24` is what people copy from `ip addr`) and the
//! network is what is kept (`10.1.2.0/24`). `0.0.0.0/0` is valid but admits every address on
//! the Internet: [`Cidr::admits_everyone`] lets the console warn about it.

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// A checked IPv4 range, normalised to its network address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cidr {
    network: Ipv4Addr,
    prefix: u8,
    had_host_bits: bool,
}

impl Cidr {
    /// The network address: the typed address with its host bits cleared.
    pub fn network(&self) -> Ipv4Addr {
        self.network
    }

    /// The prefix length, 0 to 32.
    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    /// Whether this range is every IPv4 address (`/0`): valid, but the firewall then stops
    /// nothing, which the console should say before saving it.
    pub fn admits_everyone(&self) -> bool {
        self.prefix == 0
    }

    /// Whether the typed address had host bits set, so what is kept ([`Cidr`]'s `Display`)
    /// differs from what was typed (`10.1.2.3/24` is kept as `10.1.2.0/24`).
    pub fn had_host_bits(&self) -> bool {
        self.had_host_bits
    }

    /// How many addresses the range holds (2^(32 − prefix)).
    pub fn size(&self) -> u64 {
        1u64 << (32 - u32::from(self.prefix))
    }
}

impl fmt::Display for Cidr {
    /// The normalised form, `network/prefix`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        check(text)
    }
}

/// What is wrong with a typed range: the first problem found, reading left to right, each with
/// a sentence for people (`Display`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CidrError {
    /// Nothing was entered.
    Empty,
    /// A space, tab or other whitespace somewhere.
    Whitespace,
    /// Nothing before the `/`.
    MissingAddress,
    /// More than one `/`.
    TooManySlashes,
    /// A `:`: an IPv6 address, which the firewall does not take.
    Ipv6,
    /// A character other than a digit or a dot in the address (a letter, `+`, `-`…).
    InvalidCharacter { ch: char },
    /// Not four dot-separated numbers; `found` is how many parts there were.
    NotFourNumbers { address: String, found: usize },
    /// Two dots in a row, or a dot at an end: number `position` (1 to 4) is missing.
    EmptyNumber { position: usize },
    /// A number written with a leading zero (`010`), which some tools read as octal.
    LeadingZero { number: String },
    /// A number above 255.
    NumberTooLarge { number: String },
    /// A valid address but no `/prefix`: the suggestion is the single address, `/32`.
    MissingPrefix { address: String },
    /// Nothing after the `/`.
    EmptyPrefix,
    /// A prefix that is not plain decimal digits (`/+8`, `/2a`).
    InvalidPrefix { prefix: String },
    /// A prefix written with a leading zero (`/08`).
    PrefixLeadingZero { prefix: String },
    /// A prefix above 32.
    PrefixTooLarge { prefix: String },
}

impl fmt::Display for CidrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const EXAMPLE: &str = "like 203.0.113.0/24";
        match self {
            Self::Empty => write!(f, "Enter an IPv4 range, {EXAMPLE}."),
            Self::Whitespace => write!(f, "Remove the spaces: a range is written {EXAMPLE}."),
            Self::MissingAddress => {
                write!(f, "Write an address before the /, {EXAMPLE}.")
            }
            Self::TooManySlashes => write!(
                f,
                "Use one / only, between the address and the prefix, {EXAMPLE}."
            ),
            Self::Ipv6 => write!(
                f,
                "IPv6 is not supported: write an IPv4 range, {EXAMPLE}."
            ),
            Self::InvalidCharacter { ch } => write!(
                f,
                "“{ch}” is not allowed: an IPv4 address is four numbers 0 to 255 separated by dots, {EXAMPLE}."
            ),
            Self::NotFourNumbers { address, found } => write!(
                f,
                "An IPv4 address needs four numbers separated by dots: “{address}” has {found}."
            ),
            Self::EmptyNumber { position } => write!(
                f,
                "The {} number is missing: an IPv4 address needs four numbers separated by dots.",
                ordinal(*position)
            ),
            Self::LeadingZero { number } => write!(
                f,
                "Write {} rather than {number}: a leading zero is ambiguous.",
                without_leading_zeros(number)
            ),
            Self::NumberTooLarge { number } => write!(
                f,
                "{number} is more than 255: each number of an IPv4 address is 0 to 255."
            ),
            Self::MissingPrefix { address } => write!(
                f,
                "Add a prefix length after a /: {address}/32 for this one address, or a shorter prefix for a whole network."
            ),
            Self::EmptyPrefix => write!(
                f,
                "Write the prefix length after the /: the prefix must be 0 to 32."
            ),
            Self::InvalidPrefix { prefix } => write!(
                f,
                "“{prefix}” is not a prefix length: the prefix must be 0 to 32, in digits only."
            ),
            Self::PrefixLeadingZero { prefix } => write!(
                f,
                "Write /{} rather than /{prefix}: the prefix must be 0 to 32, without a leading zero.",
                without_leading_zeros(prefix)
            ),
            Self::PrefixTooLarge { prefix } => {
                write!(f, "The prefix must be 0 to 32: {prefix} is too large.")
            }
        }
    }
}

impl std::error::Error for CidrError {}

/// `010` → `10`, `00` → `0`.
fn without_leading_zeros(digits: &str) -> &str {
    match digits.trim_start_matches('0') {
        "" => "0",
        rest => rest,
    }
}

fn ordinal(position: usize) -> &'static str {
    match position {
        1 => "first",
        2 => "second",
        3 => "third",
        _ => "fourth",
    }
}

/// Checks an IPv4 range as typed and gives its normalised form, or the first thing wrong.
pub fn check(text: &str) -> Result<Cidr, CidrError> {
    if text.is_empty() {
        return Err(CidrError::Empty);
    }
    if text.chars().any(char::is_whitespace) {
        return Err(CidrError::Whitespace);
    }
    let mut halves = text.split('/');
    let address = halves.next().unwrap_or_default();
    let prefix = halves.next();
    if halves.next().is_some() {
        return Err(CidrError::TooManySlashes);
    }
    if address.is_empty() {
        return Err(CidrError::MissingAddress);
    }
    if address.contains(':') {
        return Err(CidrError::Ipv6);
    }
    if let Some(ch) = address.chars().find(|c| !c.is_ascii_digit() && *c != '.') {
        return Err(CidrError::InvalidCharacter { ch });
    }
    let parts: Vec<&str> = address.split('.').collect();
    if parts.len() != 4 {
        return Err(CidrError::NotFourNumbers {
            address: address.to_string(),
            found: parts.len(),
        });
    }
    let mut octets = [0u8; 4];
    for (index, part) in parts.iter().enumerate() {
        octets[index] = octet(part, index + 1)?;
    }
    let Some(prefix) = prefix else {
        return Err(CidrError::MissingPrefix {
            address: address.to_string(),
        });
    };
    let prefix = prefix_length(prefix)?;
    let typed = u32::from_be_bytes(octets);
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    };
    Ok(Cidr {
        network: Ipv4Addr::from(typed & mask),
        prefix,
        had_host_bits: typed & !mask != 0,
    })
}

/// One number of the address: digits only (checked by the caller), no leading zero, 0 to 255.
fn octet(part: &str, position: usize) -> Result<u8, CidrError> {
    if part.is_empty() {
        return Err(CidrError::EmptyNumber { position });
    }
    if part.len() > 1 && part.starts_with('0') {
        return Err(CidrError::LeadingZero {
            number: part.to_string(),
        });
    }
    // More than three digits is above 255 whatever they are (and would not fit a u8 anyway).
    match part.parse::<u16>() {
        Ok(value) if part.len() <= 3 && value <= 255 => Ok(value as u8),
        _ => Err(CidrError::NumberTooLarge {
            number: part.to_string(),
        }),
    }
}

/// The prefix after the `/`: digits only, no leading zero, 0 to 32.
fn prefix_length(prefix: &str) -> Result<u8, CidrError> {
    if prefix.is_empty() {
        return Err(CidrError::EmptyPrefix);
    }
    if !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CidrError::InvalidPrefix {
            prefix: prefix.to_string(),
        });
    }
    if prefix.len() > 1 && prefix.starts_with('0') {
        return Err(CidrError::PrefixLeadingZero {
            prefix: prefix.to_string(),
        });
    }
    match prefix.parse::<u8>() {
        Ok(value) if prefix.len() <= 2 && value <= 32 => Ok(value),
        _ => Err(CidrError::PrefixTooLarge {
            prefix: prefix.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> String {
        check(text).unwrap().to_string()
    }

    fn message(text: &str) -> String {
        check(text).unwrap_err().to_string()
    }

    #[test]
    fn valid_ranges_are_kept_as_their_network() {
        assert_eq!(kept("203.0.113.0/24"), "203.0.113.0/24");
        assert_eq!(kept("10.1.2.3/24"), "10.1.2.0/24");
        assert_eq!(kept("10.1.2.3/32"), "10.1.2.3/32");
        assert_eq!(kept("192.168.255.255/16"), "192.168.0.0/16");
        assert_eq!(kept("255.255.255.255/1"), "128.0.0.0/1");
        assert_eq!(kept("0.0.0.0/0"), "0.0.0.0/0");
        assert_eq!(kept("8.8.8.8/0"), "0.0.0.0/0");
        assert!(check("10.1.2.3/24").unwrap().had_host_bits());
        assert!(!check("10.1.2.0/24").unwrap().had_host_bits());
        assert_eq!(check("10.0.0.0/8").unwrap().prefix(), 8);
        assert_eq!(
            check("10.0.0.0/8").unwrap().network(),
            Ipv4Addr::new(10, 0, 0, 0)
        );
        assert_eq!(check("10.0.0.0/8").unwrap().size(), 1 << 24);
        assert_eq!(check("0.0.0.0/0").unwrap().size(), 1 << 32);
        assert_eq!("1.2.3.4/32".parse::<Cidr>().unwrap().size(), 1);
    }

    #[test]
    fn everyone_is_valid_but_flagged() {
        assert!(check("0.0.0.0/0").unwrap().admits_everyone());
        assert!(check("1.2.3.4/0").unwrap().admits_everyone());
        assert!(!check("0.0.0.0/1").unwrap().admits_everyone());
    }

    #[test]
    fn each_failure_says_what_is_wrong() {
        assert!(message("10.0.0.0/33").contains("prefix must be 0 to 32"));
        assert!(message("10.0.0.0/99999").contains("prefix must be 0 to 32"));
        assert!(message("300.1.2.3/32").contains("300 is more than 255"));
        assert!(message("1.2.3.2555/32").contains("2555 is more than 255"));
        assert!(message("10.0.0/24").contains("needs four numbers"));
        assert!(message("1.2.3.4.5/24").contains("has 5"));
        assert!(message("abc").contains("“a” is not allowed"));
        assert!(message("").starts_with("Enter"));
        assert!(message("10.0.0.1").contains("10.0.0.1/32"));
        assert!(message("::1/128").contains("IPv6"));
        assert!(message("1.2..4/8").contains("third number is missing"));
        assert!(message(".1.2.3/8").contains("first number is missing"));
        assert!(message("010.0.0.0/8").contains("Write 10 rather than 010"));
        assert!(message("00.0.0.0/8").contains("Write 0 rather than 00"));
        assert!(message("10.0.0.0/08").contains("Write /8 rather than /08"));
        assert!(message("10.0.0.0/").contains("prefix must be 0 to 32"));
        assert!(message("10.0.0.0/+8").contains("digits only"));
        assert!(message("/8").contains("before the /"));
        assert!(message("1.2.3.4/8/8").contains("one /"));
    }

    #[test]
    fn signs_spaces_and_other_characters_are_refused() {
        assert_eq!(
            check("+1.2.3.4/8"),
            Err(CidrError::InvalidCharacter { ch: '+' })
        );
        assert_eq!(
            check("1.2.3.-4/8"),
            Err(CidrError::InvalidCharacter { ch: '-' })
        );
        assert_eq!(check(" 1.2.3.4/8"), Err(CidrError::Whitespace));
        assert_eq!(check("1.2.3.4/8\n"), Err(CidrError::Whitespace));
        assert_eq!(
            check("0x7f.0.0.1/8"),
            Err(CidrError::InvalidCharacter { ch: 'x' })
        );
        assert_eq!(
            check("１.2.3.4/8"),
            Err(CidrError::InvalidCharacter { ch: '１' })
        );
    }

    #[test]
    fn every_error_has_a_sentence() {
        for text in [
            "",
            " ",
            "/8",
            "1/2/3",
            "::/0",
            "a.b.c.d/8",
            "1.2.3/8",
            "1..3.4/8",
            "01.2.3.4/8",
            "256.0.0.0/8",
            "1.2.3.4",
            "1.2.3.4/",
            "1.2.3.4/x",
            "1.2.3.4/01",
            "1.2.3.4/33",
        ] {
            let text = message(text);
            assert!(text.ends_with('.'), "{text}");
            assert!(text.len() > 20, "{text}");
        }
    }
}
