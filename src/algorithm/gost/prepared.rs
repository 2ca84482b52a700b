//! GOST public keys prepared for repeated verification (a certificate
//! keeps its key prepared: a CA's key checks many certificates and CRLs,
//! one signer's key many documents of a bulk run).
//!
//! The first verifications only decode the point once. From the third on,
//! the key carries tables of its multiples ([`super::point`]'s split
//! tables: odd multiples of `2^(S j) * Q` for each segment j of S bits),
//! which cut the chain of doublings of every later verification to a
//! sixteenth. The tables cost about three plain verifications to build and
//! save two thirds of each later one, so a key used once or twice never
//! pays for them, and one used often gains from the fourth or fifth use.
//!
//! The tables of all keys together are bounded ([`MAX_TABLE_BYTES`]): a
//! key prepared when that budget is spent keeps to the plain path, so a
//! cache full of certificates cannot hold more than the budget in tables.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::OnceLock;

use super::curve::{Gost, CPA, TC26};
use super::point::{Affine, KeyTables};
use super::{digest, GostCurve, GostKey};
use crate::algorithm::{HashAlgorithm, PreparedKey};
use crate::error::Error;

/// Uses of a key on the plain path before its tables are built.
const PLAIN_USES: u8 = 2;

/// The most memory that the tables of all prepared keys of the process
/// hold together: 1,024 keys of 512 bits or 2,048 of 256 bits.
pub(crate) const MAX_TABLE_BYTES: usize = 64 << 20;

/// Bytes of tables that prepared keys hold now.
static TABLE_BYTES: AtomicUsize = AtomicUsize::new(0);

/// A GOST key decoded once, with tables built on its third use.
pub(crate) struct PreparedGostKey {
    hash: HashAlgorithm,
    key: Curved,
}

enum Curved {
    Tc26(Prepared<8, 569>),
    Cpa(Prepared<4, 617>),
}

struct Prepared<const N: usize, const C: u64> {
    curve: &'static Gost<N, C>,
    point: Affine<N, C>,
    uses: AtomicU8,
    tables: OnceLock<KeyTables<N, C>>,
}

/// Takes `bytes` of a budget of `max` of which `held` are taken, or says
/// there is not enough left.
fn reserve(held: &AtomicUsize, bytes: usize, max: usize) -> bool {
    held.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |h| {
        h.checked_add(bytes).filter(|&t| t <= max)
    })
    .is_ok()
}

impl<const N: usize, const C: u64> Prepared<N, C> {
    fn new(curve: &'static Gost<N, C>, point: &[u8]) -> Option<Self> {
        Some(Prepared {
            curve,
            point: curve.decode_point(point)?,
            uses: AtomicU8::new(0),
            tables: OnceLock::new(),
        })
    }

    fn verify(&self, digest: &[u8], signature: &[u8]) -> bool {
        match self.tables() {
            Some(tables) => self.curve.verify_prepared(tables, digest, signature),
            None => self.curve.verify(&self.point, digest, signature),
        }
    }

    /// The key's tables: built on its third use if the budget allows.
    fn tables(&self) -> Option<&KeyTables<N, C>> {
        if let Some(tables) = self.tables.get() {
            return Some(tables);
        }
        let before = self
            .uses
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |u| {
                Some(u.saturating_add(1))
            })
            .unwrap_or(u8::MAX);
        let bytes = KeyTables::<N, C>::BYTES;
        if before < PLAIN_USES || !reserve(&TABLE_BYTES, bytes, MAX_TABLE_BYTES) {
            return None;
        }
        let mut built = false;
        let tables = self.tables.get_or_init(|| {
            built = true;
            self.curve.curve.key_tables(&self.point)
        });
        if !built {
            // Another thread built them and took its own reservation.
            TABLE_BYTES.fetch_sub(bytes, Ordering::Relaxed);
        }
        Some(tables)
    }
}

impl<const N: usize, const C: u64> Drop for Prepared<N, C> {
    fn drop(&mut self) {
        if self.tables.get().is_some() {
            TABLE_BYTES.fetch_sub(KeyTables::<N, C>::BYTES, Ordering::Relaxed);
        }
    }
}

impl std::fmt::Debug for PreparedGostKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (curve, tables) = match &self.key {
            Curved::Tc26(k) => (GostCurve::Tc26_512A, k.tables.get().is_some()),
            Curved::Cpa(k) => (GostCurve::CryptoProA, k.tables.get().is_some()),
        };
        f.debug_struct("PreparedGostKey")
            .field("curve", &curve)
            .field("tables", &tables)
            .finish()
    }
}

/// `key` prepared for signatures with `hash`; `None` if `hash` is not the
/// key's curve's hash (the plain path then refuses the pair).
pub(crate) fn prepare(key: GostKey<'_>, hash: HashAlgorithm) -> Option<PreparedGostKey> {
    if hash != key.curve.signature_algorithm().hash() {
        return None;
    }
    let curved = match key.curve {
        GostCurve::Tc26_512A => Curved::Tc26(Prepared::new(&TC26, key.point)?),
        GostCurve::CryptoProA => Curved::Cpa(Prepared::new(&CPA, key.point)?),
    };
    Some(PreparedGostKey { hash, key: curved })
}

impl PreparedKey for PreparedGostKey {
    fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), Error> {
        let h = digest(self.hash, message).ok_or(Error::InvalidSignature)?;
        let ok = match &self.key {
            Curved::Tc26(k) => k.verify(&h, signature),
            Curved::Cpa(k) => k.verify(&h, signature),
        };
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::{oid, verify, GostPrivateKey};
    use super::*;

    fn check(curve: GostCurve, key_oid: &[u8], params: &[u8]) {
        let len = curve.field_len();
        let d: Vec<u8> = (0..len)
            .map(|i| (i as u8).wrapping_mul(29) ^ 0x5a)
            .collect();
        let d = {
            let mut d = d;
            d[len - 1] &= 0x7f; // below q
            d
        };
        let signer = GostPrivateKey::from_le_bytes(curve, &d).unwrap();
        let mut der = if len == 64 {
            vec![0x04, 0x81, 0x80]
        } else {
            vec![0x04, 0x40]
        };
        der.extend_from_slice(signer.public_point());
        let key = GostKey::decode(key_oid, Some(params), None, &der).unwrap();
        let hash = curve.signature_algorithm().hash();
        let prepared = prepare(key, hash).unwrap();
        assert!(format!("{prepared:?}").contains("tables: false"));
        for i in 0..8 {
            let msg = format!("message {i}");
            let sig = signer.sign(msg.as_bytes()).unwrap();
            assert_eq!(prepared.verify(msg.as_bytes(), &sig), Ok(()), "{i}");
            assert_eq!(verify(key, hash, msg.as_bytes(), &sig), Ok(()));
            let mut bad = sig.clone();
            bad[len + 1] ^= 0x10;
            assert_eq!(
                prepared.verify(msg.as_bytes(), &bad),
                Err(Error::InvalidSignature)
            );
            assert_eq!(
                verify(key, hash, msg.as_bytes(), &bad),
                Err(Error::InvalidSignature)
            );
            assert_eq!(
                prepared.verify(b"other", &sig),
                Err(Error::InvalidSignature)
            );
            assert_eq!(
                prepared.verify(msg.as_bytes(), &sig[1..]),
                Err(Error::InvalidSignature)
            );
        }
        // From the third use on, the key carries its tables.
        assert!(format!("{prepared:?}").contains("tables: true"));
        // A hash that is not the curve's is not prepared.
        assert!(prepare(key, HashAlgorithm::Sha256).is_none());
    }

    #[test]
    fn the_budget_is_never_exceeded() {
        let held = AtomicUsize::new(0);
        assert!(reserve(&held, 60, 100));
        assert!(!reserve(&held, 41, 100));
        assert!(reserve(&held, 40, 100));
        assert!(!reserve(&held, 1, 100));
        assert!(!reserve(&held, usize::MAX, usize::MAX));
        assert_eq!(held.load(Ordering::Relaxed), 100);
        assert_eq!(KeyTables::<8, 569>::BYTES, 64 << 10);
    }

    #[test]
    fn prepared_keys_agree_with_the_plain_path() {
        check(
            GostCurve::Tc26_512A,
            oid::GOST2015_512_KEY,
            oid::GOST2015_512_PARAMS_A,
        );
        check(
            GostCurve::CryptoProA,
            oid::GOST2004_KEY,
            oid::GOST2004_PARAMS_A,
        );
    }
}
