//! GOST public keys prepared for repeated verification (a certificate
//! keeps its key prepared: a CA's key checks many certificates and CRLs,
//! one signer's key many documents of a bulk run).
//!
//! The first verification only decodes the point once. From the second on,
//! the key carries tables of its multiples ([`super::point`]'s split
//! tables: odd multiples of `2^(16N j) * Q` for four segments), built once
//! at about the cost of one verification, which cut the chain of doublings
//! of every later verification to a quarter. A key used once never pays
//! for tables.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use super::curve::{Gost, CPA, TC26};
use super::point::{Affine, KeyTables};
use super::{digest, GostCurve, GostKey};
use crate::algorithm::{HashAlgorithm, PreparedKey};
use crate::error::Error;

/// A GOST key decoded once, with tables built on its second use.
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
    used: AtomicBool,
    tables: OnceLock<KeyTables<N, C>>,
}

impl<const N: usize, const C: u64> Prepared<N, C> {
    fn new(curve: &'static Gost<N, C>, point: &[u8]) -> Option<Self> {
        Some(Prepared {
            curve,
            point: curve.decode_point(point)?,
            used: AtomicBool::new(false),
            tables: OnceLock::new(),
        })
    }

    fn verify(&self, digest: &[u8], signature: &[u8]) -> bool {
        if let Some(tables) = self.tables.get() {
            return self.curve.verify_prepared(tables, digest, signature);
        }
        if self.used.swap(true, Ordering::Relaxed) {
            let tables = self
                .tables
                .get_or_init(|| self.curve.curve.key_tables(&self.point));
            return self.curve.verify_prepared(tables, digest, signature);
        }
        self.curve.verify(&self.point, digest, signature)
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
        // From the second use on, the key carries its tables.
        assert!(format!("{prepared:?}").contains("tables: true"));
        // A hash that is not the curve's is not prepared.
        assert!(prepare(key, HashAlgorithm::Sha256).is_none());
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
