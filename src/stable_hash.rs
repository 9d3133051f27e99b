//! The one hash Attest persists: file content hashes in the summary cache,
//! the suggesters' fingerprint in each document's suggestion stamp, the
//! schema a check was made under.
//!
//! Persisted hashes must mean the same thing to the next build of Attest
//! and on another machine, which `std`'s `DefaultHasher` and `Hash` impls
//! do not promise (their algorithm and the bytes they feed may change
//! between Rust versions, and integers are fed in the machine's byte
//! order). This is SHA-256, fed explicit little-endian bytes with length
//! prefixes, cut to 64 bits: a collision between two versions of one file
//! is out of reach, and the CPU's SHA extensions make it cheap.

use sha2::{Digest, Sha256};

/// A stable 64-bit hash built from explicitly encoded parts.
#[derive(Clone, Default)]
pub struct StableHasher {
    digest: Sha256,
}

impl StableHasher {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `bytes`, prefixed by their length so that consecutive parts
    /// cannot run into each other (`"ab" + "c"` differs from `"a" + "bc"`).
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.digest.update((bytes.len() as u64).to_le_bytes());
        self.digest.update(bytes);
        self
    }

    pub fn str(&mut self, text: &str) -> &mut Self {
        self.bytes(text.as_bytes())
    }

    pub fn u64(&mut self, value: u64) -> &mut Self {
        self.digest.update(value.to_le_bytes());
        self
    }

    pub fn bool(&mut self, value: bool) -> &mut Self {
        self.digest.update([u8::from(value)]);
        self
    }

    /// The first 64 bits of the digest, little-endian.
    pub fn finish(&self) -> u64 {
        let digest = self.digest.clone().finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_le_bytes(first)
    }
}

/// The stable hash of one byte string (a file's content).
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut first = [0u8; 8];
    first.copy_from_slice(&Sha256::digest(bytes)[..8]);
    u64::from_le_bytes(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_pinned_and_parts_do_not_run_together() {
        // SHA-256("abc") starts ba 78 16 bf 8f 01 cf ea: a change of
        // algorithm or byte order would invalidate every stored stamp.
        assert_eq!(hash_bytes(b"abc"), 0xeacf_018f_bf16_78ba);
        let joined = StableHasher::new().str("ab").str("c").finish();
        let split = StableHasher::new().str("a").str("bc").finish();
        assert_ne!(joined, split);
        assert_eq!(joined, StableHasher::new().str("ab").str("c").finish());
        assert_ne!(
            StableHasher::new().u64(1).finish(),
            StableHasher::new().u64(2).finish()
        );
    }
}
