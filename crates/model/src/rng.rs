//! A small deterministic pseudo-random generator for the ids and passwords that must look random.
//!
//! The model runs in the browser too and reads no operating-system randomness: its generator is
//! part of the [`crate::Store`], seeded by whoever builds the store (devapi from the OS at start,
//! the demo from the time, tests from a constant), and saved with it. SplitMix64 is enough: these
//! are development credentials, not secrets; what matters is that they differ between stores and
//! that a saved store carries on where it stopped.

use serde::{Deserialize, Serialize};

/// SplitMix64 (Steele, Lea, Flood 2014): one `u64` of state, full period, good spread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rng {
    state: u64,
}

/// Letters and digits: what a generated password is made of (no symbol to escape in a URL).
const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

impl Rng {
    /// A generator that starts from `seed`; the same seed gives the same sequence.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.state)
    }

    /// A number in `0..bound` (`bound` > 0; 0 gives 0). The modulo bias is below 2^-40 for the
    /// small bounds used here.
    pub fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 {
            0
        } else {
            self.next_u64() % bound
        }
    }

    /// `len` lower-case hexadecimal digits.
    pub fn hex(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        while out.len() < len {
            let word = format!("{:016x}", self.next_u64());
            out.push_str(&word[..(len - out.len()).min(16)]);
        }
        out
    }

    /// A version-4-shaped UUID, `8-4-4-4-12` lower-case hex digits.
    pub fn uuid(&mut self) -> String {
        uuid_from(self.next_u64(), self.next_u64())
    }

    /// `len` letters and digits, for a password or a token.
    pub fn alphanumeric(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(ALPHANUMERIC[self.below(ALPHANUMERIC.len() as u64) as usize]))
            .collect()
    }
}

/// SplitMix64's output function; also used on its own to derive stable values from a seed
/// without drawing from a generator (see [`derived`]).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A value that depends only on `seed` and `index`: what stands behind a database that is not
/// stored but recomputed (its instances), so it stays the same at every read.
pub fn derived(seed: u64, index: u64) -> u64 {
    mix(seed ^ mix(index.wrapping_add(0x9E37_79B9_7F4A_7C15)))
}

/// A UUID-shaped text from 128 bits, with the version (4) and variant (10xx) bits set.
pub fn uuid_from(high: u64, low: u64) -> String {
    let high = (high & !0xF000) | 0x4000;
    let low = (low & !(0b11 << 62)) | (0b10 << 62);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xFFFF,
        high & 0xFFFF,
        low >> 48,
        low & 0xFFFF_FFFF_FFFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_sequence() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let mut c = Rng::new(43);
        let first: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        assert_eq!(first, (0..8).map(|_| b.next_u64()).collect::<Vec<_>>());
        assert_ne!(first, (0..8).map(|_| c.next_u64()).collect::<Vec<_>>());
    }

    #[test]
    fn shapes() {
        let mut rng = Rng::new(7);
        let hex = rng.hex(24);
        assert_eq!(hex.len(), 24);
        assert!(hex
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        let uuid = rng.uuid();
        let parts: Vec<_> = uuid.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12], "{uuid}");
        assert_eq!(&uuid[14..15], "4", "{uuid}");
        assert!("89ab".contains(&uuid[19..20]), "{uuid}");
        let password = rng.alphanumeric(32);
        assert_eq!(password.len(), 32);
        assert!(password.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert!((0..1000).all(|_| rng.below(10) < 10));
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn derived_values_are_stable_and_spread() {
        assert_eq!(derived(1, 2), derived(1, 2));
        assert_ne!(derived(1, 2), derived(1, 3));
        assert_ne!(derived(1, 2), derived(2, 2));
    }

    #[test]
    fn a_saved_generator_carries_on() {
        let mut rng = Rng::new(9);
        rng.next_u64();
        let mut back: Rng = serde_json::from_str(&serde_json::to_string(&rng).unwrap()).unwrap();
        assert_eq!(back.next_u64(), rng.next_u64());
    }
}
