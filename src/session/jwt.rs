//! Reading a bearer JWT's expiry, and deciding when to exchange the API token again. Pure Rust:
//! the claims are read, not verified (only the server can verify them; the console only needs
//! to know when to ask for a new one). Also the base64 encoding HTTP Basic auth needs.

/// Exchange again when less than this is left (Scalingo's own clients use 5 minutes).
pub const REFRESH_MARGIN_SECS: u64 = 5 * 60;

/// Why a token's expiry could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwtError {
    /// Not three dot-separated parts.
    NotAJwt,
    /// The payload is not base64url.
    Encoding,
    /// The payload is not a JSON object.
    Payload,
    /// No numeric `exp` claim.
    NoExpiry,
}

impl std::fmt::Display for JwtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NotAJwt => "the token is not a JWT",
            Self::Encoding => "the token's payload is not base64url",
            Self::Payload => "the token's payload is not JSON",
            Self::NoExpiry => "the token has no expiry (exp)",
        })
    }
}

/// The times a bearer JWT carries, in seconds since the epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lifetime {
    pub exp: u64,
    /// When it was issued (`iat`), if it says.
    pub iat: Option<u64>,
}

/// The `exp` claim (seconds since the epoch) of a JWT.
pub fn expiry(jwt: &str) -> Result<u64, JwtError> {
    lifetime(jwt).map(|l| l.exp)
}

/// The `exp` and `iat` claims of a JWT.
pub fn lifetime(jwt: &str) -> Result<Lifetime, JwtError> {
    let mut parts = jwt.trim().split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::NotAJwt);
    };
    let bytes = base64url_decode(payload).ok_or(JwtError::Encoding)?;
    let claims: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|_| JwtError::Payload)?;
    if !claims.is_object() {
        return Err(JwtError::Payload);
    }
    let seconds = |key: &str| match claims.get(key) {
        Some(serde_json::Value::Number(n)) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        _ => None,
    };
    Ok(Lifetime {
        exp: seconds("exp").ok_or(JwtError::NoExpiry)?,
        iat: seconds("iat"),
    })
}

/// Whether a bearer must be replaced now: already expired, or less than
/// [`REFRESH_MARGIN_SECS`] left; for a bearer whose whole life is shorter than four margins
/// (a test server's, say), less than a quarter of its life left, so it is still used a while.
pub fn refresh_due(lifetime: Lifetime, now: u64) -> bool {
    let margin = match lifetime.iat {
        Some(iat) if lifetime.exp > iat => REFRESH_MARGIN_SECS.min((lifetime.exp - iat) / 4),
        _ => REFRESH_MARGIN_SECS,
    };
    lifetime.exp <= now.saturating_add(margin)
}

/// Whether a bearer that expires at `exp` is past its expiry.
pub fn expired(exp: u64, now: u64) -> bool {
    exp <= now
}

fn base64url_value(byte: u8) -> Option<u32> {
    Some(u32::from(match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'-' | b'+' => 62,
        b'_' | b'/' => 63,
        _ => return None,
    }))
}

/// Decodes base64url (or standard base64), with or without padding.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in text.bytes() {
        buffer = (buffer << 6) | base64url_value(byte)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Standard base64 with padding, for `Authorization: Basic`.
pub fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The `Authorization` value for Scalingo's exchange: Basic with an empty user and the API
/// token as the password.
pub fn basic_auth_for_api_token(api_token: &str) -> String {
    format!(
        "Basic {}",
        base64_encode(format!(":{api_token}").as_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt_with(payload: &str) -> String {
        let encode = |s: &str| {
            base64_encode(s.as_bytes())
                .trim_end_matches('=')
                .replace('+', "-")
                .replace('/', "_")
        };
        format!(
            "{}.{}.sig",
            encode(r#"{"alg":"HS256","typ":"JWT"}"#),
            encode(payload)
        )
    }

    #[test]
    fn reads_exp() {
        assert_eq!(
            expiry(&jwt_with(r#"{"sub":"u","exp":1764322800}"#)),
            Ok(1_764_322_800)
        );
        assert_eq!(
            expiry(&jwt_with(r#"{"exp":1764322800.5}"#)),
            Ok(1_764_322_800)
        );
        assert_eq!(expiry(&format!(" {} ", jwt_with(r#"{"exp":5}"#))), Ok(5));
    }

    #[test]
    fn malformed_tokens_are_errors_not_panics() {
        assert_eq!(expiry("tk-us-abcdef"), Err(JwtError::NotAJwt));
        assert_eq!(expiry("a.b"), Err(JwtError::NotAJwt));
        assert_eq!(expiry("a.b.c.d"), Err(JwtError::NotAJwt));
        assert_eq!(expiry("a.!!!.c"), Err(JwtError::Encoding));
        assert_eq!(expiry("a.abcde.c"), Err(JwtError::Encoding));
        assert_eq!(expiry(&jwt_with("not json")), Err(JwtError::Payload));
        assert_eq!(expiry(&jwt_with("[1]")), Err(JwtError::Payload));
        assert_eq!(expiry(&jwt_with(r#"{"sub":"u"}"#)), Err(JwtError::NoExpiry));
        assert_eq!(
            expiry(&jwt_with(r#"{"exp":"soon"}"#)),
            Err(JwtError::NoExpiry)
        );
        assert_eq!(expiry(&jwt_with(r#"{"exp":-1}"#)), Err(JwtError::NoExpiry));
        assert_eq!(expiry(""), Err(JwtError::NotAJwt));
    }

    #[test]
    fn refresh_decision() {
        let now = 1_000_000;
        let at = |exp| Lifetime { exp, iat: None };
        assert!(refresh_due(at(now - 1), now), "past");
        assert!(refresh_due(at(now), now), "expiring now");
        assert!(refresh_due(at(now + 299), now), "less than 5 minutes left");
        assert!(refresh_due(at(now + 300), now), "exactly 5 minutes left");
        assert!(!refresh_due(at(now + 301), now), "more than 5 minutes left");
        assert!(!refresh_due(at(now + 3600), now), "an hour left");
        assert!(expired(now, now) && !expired(now + 1, now));
        assert!(refresh_due(at(u64::MAX), u64::MAX));
    }

    #[test]
    fn short_lived_bearers_are_used_for_three_quarters_of_their_life() {
        let issued = 1_000_000;
        let short = Lifetime {
            exp: issued + 8,
            iat: Some(issued),
        };
        assert!(!refresh_due(short, issued), "fresh");
        assert!(!refresh_due(short, issued + 5), "6 s used of 8");
        assert!(refresh_due(short, issued + 6), "a quarter left");
        let hour = Lifetime {
            exp: issued + 3600,
            iat: Some(issued),
        };
        assert!(!refresh_due(hour, issued + 3299));
        assert!(
            refresh_due(hour, issued + 3300),
            "5 minutes left of an hour"
        );
        let odd = Lifetime {
            exp: issued,
            iat: Some(issued + 10),
        };
        assert!(refresh_due(odd, issued - 301 + 1));
    }

    #[test]
    fn reads_iat_when_present() {
        assert_eq!(
            lifetime(&jwt_with(r#"{"iat":100,"exp":160}"#)),
            Ok(Lifetime {
                exp: 160,
                iat: Some(100)
            })
        );
        assert_eq!(lifetime(&jwt_with(r#"{"exp":160}"#)).unwrap().iat, None);
    }

    #[test]
    fn base64_round_trips_and_matches_known_values() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foo"), "Zm9v");
        assert_eq!(base64url_decode("Zm8").as_deref(), Some(&b"fo"[..]));
        assert_eq!(base64url_decode("Zm8=").as_deref(), Some(&b"fo"[..]));
        assert_eq!(
            basic_auth_for_api_token("tk-us-abc"),
            "Basic OnRrLXVzLWFiYw=="
        );
    }
}
