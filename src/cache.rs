//! What a [`Verifier`](crate::Verifier) remembers between validations so
//! that bulk verification pays, per document, little more than the one
//! signature check it cannot avoid.
//!
//! Only successes of pure functions of bytes are remembered: a parsed
//! certificate (a function of its DER) and a verified issuer link (the
//! child's signature checked with the issuer's key, a function of both
//! certificates' DER under the verifier's fixed backend and policy). Time,
//! revocation and policy checks are never cached: they run for every
//! validation. A failure is never remembered, so a cache can only skip work
//! that would have succeeded again. (The CRL signature outcomes live in the
//! [`RevocationStore`](crate::RevocationStore).)
//!
//! Each cache is a hash map under a read-mostly lock: after the first
//! documents every access is a read, which threads take concurrently. The
//! size is bounded; when full the map is emptied and refills with what
//! repeats.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use crate::cert::Certificate;
use crate::error::Error;

/// Most parsed certificates kept. A bulk run sees a few CA certificates
/// and one certificate per signer; at about 4 KB each (DER and decoded
/// names) this bounds the cache near 64 MB.
const MAX_CERTIFICATES: usize = 16_384;

/// Most verified links kept (64 bytes each).
const MAX_LINKS: usize = 65_536;

/// Certificates each thread remembers as most recently seen (per cache).
/// A bulk run sees the same signer and CA certificates again and again: a
/// few compared by bytes answer without hashing the DER or taking a lock.
const RECENT_CERTIFICATES: usize = 8;

/// Identities of [`CertificateCache`]s, never reused, so that a thread's
/// recent list tells the caches of different verifiers apart.
static NEXT_CACHE_ID: AtomicU64 = AtomicU64::new(1);

/// The certificates one thread saw last, with the cache each came from.
/// A slot keeps its certificate (one `Arc`) until it is overwritten, also
/// after its verifier is gone: at most [`RECENT_CERTIFICATES`] per thread.
struct Recent {
    slots: [Option<(u64, Certificate)>; RECENT_CERTIFICATES],
    next: usize,
}

thread_local! {
    static RECENT: RefCell<Recent> = const {
        RefCell::new(Recent {
            slots: [const { None }; RECENT_CERTIFICATES],
            next: 0,
        })
    };
}

/// Parsed certificates by their DER.
#[derive(Debug)]
pub(crate) struct CertificateCache {
    id: u64,
    map: RwLock<HashMap<Arc<[u8]>, Certificate>>,
}

impl Default for CertificateCache {
    fn default() -> Self {
        CertificateCache {
            id: NEXT_CACHE_ID.fetch_add(1, Ordering::Relaxed),
            map: RwLock::default(),
        }
    }
}

impl CertificateCache {
    /// The certificate of `der`, parsed once.
    ///
    /// A hit is always for byte-identical DER: the thread's recent list
    /// compares the whole DER, and the shared map compares its keys in
    /// full after hashing them.
    pub(crate) fn parse(&self, der: &[u8]) -> Result<Certificate, Error> {
        if let Some(c) = self.recent(der) {
            return Ok(c);
        }
        if let Ok(map) = self.map.read() {
            if let Some(c) = map.get(der) {
                let c = c.clone();
                self.remember_recent(&c);
                return Ok(c);
            }
        }
        let cert = Certificate::from_der(der)?;
        if let Ok(mut map) = self.map.write() {
            if map.len() >= MAX_CERTIFICATES {
                map.clear();
            }
            map.insert(Arc::from(der), cert.clone());
        }
        self.remember_recent(&cert);
        Ok(cert)
    }

    /// The certificate of `der` among this thread's recent ones of this
    /// cache (compared by the whole DER).
    fn recent(&self, der: &[u8]) -> Option<Certificate> {
        RECENT
            .try_with(|r| {
                let r = r.try_borrow().ok()?;
                r.slots
                    .iter()
                    .flatten()
                    .find_map(|(id, c)| (*id == self.id && c.der() == der).then(|| c.clone()))
            })
            .ok()
            .flatten()
    }

    /// [`Certificate::plain_depth`] of the certificate whose DER is
    /// exactly `der`, if this thread saw it recently through this cache
    /// (the BER check of a document skips it then).
    pub(crate) fn known_plain(&self, der: &[u8]) -> Option<usize> {
        RECENT
            .try_with(|r| {
                let r = r.try_borrow().ok()?;
                r.slots.iter().flatten().find_map(|(id, c)| {
                    if *id == self.id && c.der() == der {
                        c.plain_depth()
                    } else {
                        None
                    }
                })
            })
            .ok()
            .flatten()
    }

    fn remember_recent(&self, cert: &Certificate) {
        let _ = RECENT.try_with(|r| {
            if let Ok(mut r) = r.try_borrow_mut() {
                let i = r.next;
                r.slots[i] = Some((self.id, cert.clone()));
                r.next = (i + 1) % RECENT_CERTIFICATES;
            }
        });
    }

    /// Number of certificates held.
    pub(crate) fn len(&self) -> usize {
        self.map.read().map_or(0, |m| m.len())
    }
}

/// The hasher of maps whose keys are hashes already (prefixes of SHA-256
/// fingerprints, name hashes): one folded multiply per 8 bytes, keyed with
/// a random value per process so that colliding keys cannot be prepared
/// in advance, instead of SipHash. Keys are compared in full on a match.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HashedKeys {
    seed: u64,
}

impl Default for HashedKeys {
    fn default() -> Self {
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let seed = *SEED.get_or_init(|| {
            use std::hash::BuildHasher;
            std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64)
        });
        HashedKeys { seed }
    }
}

impl std::hash::BuildHasher for HashedKeys {
    type Hasher = HashedKeysHasher;

    fn build_hasher(&self) -> HashedKeysHasher {
        HashedKeysHasher { state: self.seed }
    }
}

/// See [`HashedKeys`].
pub(crate) struct HashedKeysHasher {
    state: u64,
}

/// The high and low halves of the 128-bit product, folded.
fn folded_multiply(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

impl std::hash::Hasher for HashedKeysHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, x: u64) {
        // An odd constant (the golden ratio's fraction, as in Fibonacci
        // hashing); the seed makes every state unknown to an attacker.
        self.state = folded_multiply(self.state ^ x, 0x9e37_79b9_7f4a_7c15);
    }

    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }

    fn finish(&self) -> u64 {
        self.state
    }
}

/// Issuer links whose signature verified, by the SHA-256 fingerprints of
/// the child and of the issuer certificate (which fixes the issuer's key).
#[derive(Debug, Default)]
pub(crate) struct LinkCache {
    set: RwLock<HashMap<LinkKey, (), HashedKeys>>,
}

/// The SHA-256 fingerprints of a child and of its issuer. Equal keys are
/// compared in full; the map's (keyed) hash reads 8 bytes of each
/// fingerprint, which are as random as the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LinkKey([u8; 64]);

impl std::hash::Hash for LinkKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(prefix(&self.0));
        state.write_u64(prefix(&self.0[32..]));
    }
}

/// The first 8 bytes of a fingerprint, as a number.
pub(crate) fn prefix(fingerprint: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&fingerprint[..8]);
    u64::from_le_bytes(word)
}

impl LinkCache {
    fn key(child: &Certificate, issuer: &Certificate) -> Option<LinkKey> {
        let mut key = [0u8; 64];
        key[..32].copy_from_slice(&child.fingerprint()?);
        key[32..].copy_from_slice(&issuer.fingerprint()?);
        Some(LinkKey(key))
    }

    /// Whether `child`'s signature was verified with `issuer`'s key before.
    /// Returns the key to [`LinkCache::remember`] with if not.
    pub(crate) fn check(&self, child: &Certificate, issuer: &Certificate) -> Lookup {
        let Some(key) = Self::key(child, issuer) else {
            return Lookup::Unknown(None);
        };
        match self.set.read() {
            Ok(set) if set.contains_key(&key) => Lookup::Verified,
            _ => Lookup::Unknown(Some(key)),
        }
    }

    /// Remembers a verified link.
    pub(crate) fn remember(&self, key: LinkKey) {
        if let Ok(mut set) = self.set.write() {
            if set.len() >= MAX_LINKS {
                set.clear();
            }
            set.insert(key, ());
        }
    }

    /// Number of links held.
    pub(crate) fn len(&self) -> usize {
        self.set.read().map_or(0, |m| m.len())
    }
}

/// A link cache answer.
pub(crate) enum Lookup {
    /// Verified before.
    Verified,
    /// Not known: check it, then remember it under this key (if any).
    Unknown(Option<LinkKey>),
}

/// The caches of one verifier.
#[derive(Debug, Default)]
pub(crate) struct Caches {
    pub(crate) certificates: CertificateCache,
    pub(crate) links: LinkCache,
}

/// How much a verifier's caches hold (for monitoring and tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[must_use]
pub struct CacheStats {
    /// Parsed certificates held.
    pub certificates: usize,
    /// Verified issuer links held.
    pub links: usize,
}

impl Caches {
    pub(crate) fn stats(&self) -> CacheStats {
        CacheStats {
            certificates: self.certificates.len(),
            links: self.links.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo_der(name: &str) -> Vec<u8> {
        let pem = std::fs::read(format!(
            "{}/test-vectors/demo/{name}.pem",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("demo certificate");
        Certificate::from_any(&pem).expect("parses").der().to_vec()
    }

    /// Same certificate object: the cache answered.
    fn same(a: &Certificate, b: &Certificate) -> bool {
        std::ptr::eq(a.der().as_ptr(), b.der().as_ptr())
    }

    #[test]
    fn a_hit_is_only_for_identical_der() {
        let cache = CertificateCache::default();
        let der = demo_der("individual-sign");
        let first = cache.parse(&der).expect("parses");
        assert!(same(&first, &cache.parse(&der).expect("parses")));
        // The same length, one byte different (in the signature, so that
        // it still parses), at the start of the signature and at the end.
        for at in [der.len() - 200, der.len() - 1] {
            let mut other = der.clone();
            other[at] ^= 0x01;
            let parsed = cache.parse(&other).expect("parses");
            assert_eq!(parsed.der(), other.as_slice());
            assert!(!same(&first, &parsed));
            // Asked again, the first is still itself.
            let again = cache.parse(&der).expect("parses");
            assert_eq!(again.der(), der.as_slice());
        }
        // Also once the recent list has been cycled through (only the
        // shared map answers).
        for name in ["root-rsa", "nca-rsa", "root-ec", "nca-ec"] {
            for _ in 0..RECENT_CERTIFICATES {
                cache.parse(&demo_der(name)).expect("parses");
            }
        }
        let mut other = der.clone();
        let last = other.len() - 1;
        other[last] ^= 0x80;
        assert_eq!(cache.parse(&other).expect("parses").der(), other.as_slice());
        assert_eq!(cache.parse(&der).expect("parses").der(), der.as_slice());
    }

    #[test]
    fn caches_do_not_answer_for_each_other() {
        let a = CertificateCache::default();
        let b = CertificateCache::default();
        let der = demo_der("individual-sign");
        let from_a = a.parse(&der).expect("parses");
        let from_b = b.parse(&der).expect("parses");
        assert!(!same(&from_a, &from_b));
        assert!(same(&from_b, &b.parse(&der).expect("parses")));
        assert_eq!(b.len(), 1);
    }
}
