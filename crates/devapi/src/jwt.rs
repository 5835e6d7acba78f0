//! Just enough of JSON Web Tokens (RFC 7519) for the token exchange: HS256 only, signed with a
//! secret drawn when the process starts, so a restarted server refuses the old bearers (as a
//! console must expect from the real API: it exchanges its API token again on a 401), or with a
//! secret given on the command line, which several instances (regions) share.
//!
//! A token is `base64url(header) "." base64url(claims) "." base64url(HMAC-SHA256)`, without padding,
//! the header being exactly `{"alg":"HS256","typ":"JWT"}`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The only header this module writes, and the only algorithm it accepts.
pub const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// The claims of a bearer token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Always `devapi`.
    pub sub: String,
    /// Issued at, seconds since the epoch.
    pub iat: u64,
    /// Expires at, seconds since the epoch: `iat` + the bearer TTL.
    pub exp: u64,
    /// `<instance id>-<serial number of the exchange>` (RFC 7519 §4.1.7): the server remembers
    /// which API token each of its own came from, and tells them from another instance's.
    pub jti: String,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
}

/// Signs and verifies tokens with one secret.
pub struct Signer {
    secret: Vec<u8>,
}

/// 32 random bytes: the operating system's; if that fails, a hash of the time, the process id
/// and a counter, which is enough for a development server.
fn random_bytes() -> [u8; 32] {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0u8; 32];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let mut hasher = Sha256::new();
        hasher.update(nanos.to_le_bytes());
        hasher.update(std::process::id().to_le_bytes());
        hasher.update(CALLS.fetch_add(1, Ordering::Relaxed).to_le_bytes());
        bytes.copy_from_slice(&hasher.finalize());
    }
    bytes
}

/// A random number, from the operating system if it can: the store's seed, an instance's id.
pub fn random_u64() -> u64 {
    let bytes = random_bytes();
    u64::from_le_bytes([
        bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
    ])
}

impl Signer {
    /// A signer with a random secret.
    pub fn random() -> Self {
        Self {
            secret: random_bytes().to_vec(),
        }
    }

    /// A signer with this secret, which other instances may share.
    pub fn from_secret(secret: &[u8]) -> Self {
        Self {
            secret: secret.to_vec(),
        }
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC takes a key of any length: this cannot fail.
        <Hmac<Sha256> as Mac>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
    }

    /// The signed token for `claims`.
    pub fn sign(&self, claims: &Claims) -> String {
        let claims = serde_json::to_vec(claims).unwrap_or_default();
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(HEADER),
            URL_SAFE_NO_PAD.encode(claims)
        );
        let mut mac = self.mac();
        mac.update(signing_input.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{signing_input}.{signature}")
    }

    /// The claims of `token` if it is a well-formed HS256 token signed with this secret.
    /// Expiry is not checked here: the caller tells an expired token from a bad one.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut parts = token.split('.');
        let (header, claims, signature) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let mut mac = self.mac();
        mac.update(header.as_bytes());
        mac.update(b".");
        mac.update(claims.as_bytes());
        // Constant-time comparison.
        mac.verify_slice(&signature).ok()?;
        let header: Header = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
        if header.alg != "HS256" {
            return None;
        }
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).ok()?).ok()
    }
}

/// Seconds since the epoch, now.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn claims() -> Claims {
        Claims {
            sub: "devapi".into(),
            iat: 1_700_000_000,
            exp: 1_700_003_600,
            jti: "1".into(),
        }
    }

    #[test]
    fn a_shared_secret_verifies_the_other_signers_tokens() {
        let secret = [7u8; 32];
        let token = Signer::from_secret(&secret).sign(&claims());
        assert_eq!(Signer::from_secret(&secret).verify(&token), Some(claims()));
        assert_eq!(Signer::from_secret(&[8u8; 32]).verify(&token), None);
        assert_ne!(random_u64(), random_u64());
    }

    #[test]
    fn signs_then_verifies() {
        let signer = Signer::random();
        let token = signer.sign(&claims());
        assert_eq!(token.split('.').count(), 3);
        assert!(!token.contains('='));
        let header = URL_SAFE_NO_PAD
            .decode(token.split('.').next().unwrap())
            .unwrap();
        assert_eq!(header, HEADER.as_bytes());
        assert_eq!(signer.verify(&token), Some(claims()));
    }

    #[test]
    fn refuses_another_secret_a_changed_payload_and_alg_none() {
        let signer = Signer::random();
        let token = signer.sign(&claims());
        assert_eq!(Signer::random().verify(&token), None);

        let parts: Vec<_> = token.split('.').collect();
        let mut forged = claims();
        forged.exp += 1;
        let forged = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
        assert_eq!(
            signer.verify(&format!("{}.{forged}.{}", parts[0], parts[2])),
            None
        );

        let none = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        assert_eq!(signer.verify(&format!("{none}.{}.", parts[1])), None);
        assert_eq!(signer.verify(&format!("{token}.extra")), None);
        assert_eq!(signer.verify("not-a-jwt"), None);
    }
}
