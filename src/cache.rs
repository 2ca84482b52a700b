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

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::cert::Certificate;
use crate::error::Error;

/// Most parsed certificates kept. A bulk run sees a few CA certificates
/// and one certificate per signer; at about 4 KB each (DER and decoded
/// names) this bounds the cache near 64 MB.
const MAX_CERTIFICATES: usize = 16_384;

/// Most verified links kept (64 bytes each).
const MAX_LINKS: usize = 65_536;

/// Parsed certificates by their DER.
#[derive(Debug, Default)]
pub(crate) struct CertificateCache {
    map: RwLock<HashMap<Arc<[u8]>, Certificate>>,
}

impl CertificateCache {
    /// The certificate of `der`, parsed once.
    pub(crate) fn parse(&self, der: &[u8]) -> Result<Certificate, Error> {
        if let Ok(map) = self.map.read() {
            if let Some(c) = map.get(der) {
                return Ok(c.clone());
            }
        }
        let cert = Certificate::from_der(der)?;
        if let Ok(mut map) = self.map.write() {
            if map.len() >= MAX_CERTIFICATES {
                map.clear();
            }
            map.insert(Arc::from(der), cert.clone());
        }
        Ok(cert)
    }

    /// Number of certificates held.
    pub(crate) fn len(&self) -> usize {
        self.map.read().map_or(0, |m| m.len())
    }
}

/// Issuer links whose signature verified, by the SHA-256 fingerprints of
/// the child and of the issuer certificate (which fixes the issuer's key).
#[derive(Debug, Default)]
pub(crate) struct LinkCache {
    set: RwLock<HashMap<[u8; 64], ()>>,
}

impl LinkCache {
    fn key(child: &Certificate, issuer: &Certificate) -> Option<[u8; 64]> {
        let mut key = [0u8; 64];
        key[..32].copy_from_slice(&child.fingerprint()?);
        key[32..].copy_from_slice(&issuer.fingerprint()?);
        Some(key)
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
    pub(crate) fn remember(&self, key: [u8; 64]) {
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
    Unknown(Option<[u8; 64]>),
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
