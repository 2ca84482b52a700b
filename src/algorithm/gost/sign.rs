//! GOST signing (GOST 34.10-2015 512-bit and GOST 34.310-2004) with
//! private-key arithmetic that does not depend on secret data in its timing
//! or memory accesses.
//!
//! The signature is the one of GOST R 34.10 ([RFC 7091] section 6.1,
//! [RFC 5832] section 6.1): with e = digest (read little-endian) mod q, or 1
//! if that is 0, a fresh random k in 1..q-1, C = k*G, r = x_C mod q and
//! s = (r*d + k*e) mod q; the signature is `r || s`, each little-endian
//! (the national CA's byte order, see [`super`]).
//!
//! How the arithmetic on secrets (the key d, the nonce k) is kept
//! constant-time:
//!
//! * the field arithmetic ([`super::field`]) runs the same instructions
//!   whatever the values (carries added, reductions selected by masks);
//! * k*G is a fixed-base comb ([`super::point`]): the signed radix-64
//!   digits of k are recoded arithmetically, each selects an entry of its
//!   own table row by a masked scan of the whole row, and the entries are
//!   summed (no branch on the points, no doublings); the loop count is
//!   fixed by the curve size;
//! * the projective-to-affine conversion inverts Z blinded: Z times a
//!   fresh secret random nonzero element is uniformly random whatever Z
//!   is, so it is inverted by the binary Euclidean algorithm in variable
//!   time, and x is reduced mod q by a masked select;
//! * arithmetic mod q (s = r*d + k*e) is crypto-bigint's Montgomery form
//!   (`DynResidue`), whose additions and multiplications run the same
//!   instructions whatever the values;
//! * k comes from the operating system's generator (`getrandom`), sampled
//!   by rejection in 1..q-1 (a rejected draw reveals nothing about the
//!   accepted one); secrets are zeroised after use.
//!
//! `benches/gost_timing.rs` checks the signer statistically (fixed
//! against random scalars, Welch's t-test in the style of dudect).
//!
//! [RFC 5832]: https://www.rfc-editor.org/rfc/rfc5832#section-6.1
//! [RFC 7091]: https://www.rfc-editor.org/rfc/rfc7091#section-6.1

use crypto_bigint::modular::runtime_mod::DynResidue;
use crypto_bigint::Uint;
use subtle::{ConditionallySelectable, ConstantTimeEq, ConstantTimeLess};
use zeroize::{Zeroize, Zeroizing};

use super::curve::{Gost, CPA, TC26};
use super::field::Fe;
use super::inverse::invert_vartime;
use super::GostCurve;
use crate::error::Error;

/// Draws of k before giving up. A draw is rejected with probability below
/// 2^-100 on both curves, so reaching this bound means a broken generator.
const MAX_NONCE_DRAWS: usize = 16;

/// k*G as affine `(x, y)`, constant-time in k; `Ok(None)` only if
/// k = 0 mod q (the check is on the result, which is then public: no such
/// k is ever used). Fails only if the random generator does.
pub(super) fn mul_base<const N: usize, const C: u64>(
    curve: &Gost<N, C>,
    k: &Uint<N>,
) -> Result<Option<(Fe<N, C>, Fe<N, C>)>, Error> {
    let mut blind = random_blind::<N, C>()?;
    let point = mul_base_blinded(curve, k, &blind);
    blind.0.zeroize();
    Ok(point)
}

/// k*G with its Z inverted through `blind`, a secret uniformly random
/// nonzero element: Z*blind is then uniformly random whatever Z is, so
/// the binary Euclidean algorithm may invert it in variable time (about
/// twice as fast as Z^(p-2)) without its timing saying anything about Z.
fn mul_base_blinded<const N: usize, const C: u64>(
    curve: &Gost<N, C>,
    k: &Uint<N>,
    blind: &Fe<N, C>,
) -> Option<(Fe<N, C>, Fe<N, C>)> {
    let point = curve.curve.mul_base_ct(k.as_words())?;
    let affine = point.to_affine_blinded(blind, |masked| {
        invert_vartime(&masked.0, &Fe::<N, C>::P).map(Fe)
    })?;
    Some((affine.x, affine.y))
}

/// A uniformly random nonzero field element from the operating system.
fn random_blind<const N: usize, const C: u64>() -> Result<Fe<N, C>, Error> {
    let mut buf = Zeroizing::new(vec![0u8; Fe::<N, C>::BYTES]);
    for _ in 0..MAX_NONCE_DRAWS {
        getrandom::getrandom(&mut buf).map_err(|e| Error::SigningUnavailable {
            detail: format!("the operating system's random generator failed: {e}"),
        })?;
        // Rejected draws (0, or p and above) reveal nothing of the kept one.
        match Fe::from_le_bytes(&buf) {
            Some(b) if !b.is_zero() => return Ok(b),
            Some(mut b) => b.0.zeroize(),
            None => {}
        }
    }
    Err(Error::SigningUnavailable {
        detail: "the random generator kept giving out-of-range values".to_owned(),
    })
}

/// x mod q for a field element x (x < p < 2q), by a masked select.
fn reduce_mod_q<const N: usize, const C: u64>(curve: &Gost<N, C>, x: &Fe<N, C>) -> Uint<N> {
    let x = Uint::from_words(x.0);
    let below_q = x.ct_lt(&curve.q);
    Uint::conditional_select(&x.wrapping_sub(&curve.q), &x, below_q)
}

/// Whether 0 < k < q, in constant time.
fn in_scalar_range<const N: usize, const C: u64>(curve: &Gost<N, C>, k: &Uint<N>) -> bool {
    let nonzero = !k.ct_eq(&Uint::ZERO);
    let below_q = k.ct_lt(&curve.q);
    (nonzero & below_q).into()
}

fn to_le_bytes<const N: usize>(x: &Uint<N>, out: &mut Vec<u8>) {
    for limb in x.as_words() {
        out.extend_from_slice(&limb.to_le_bytes());
    }
}

/// A uniformly random scalar in 1..q-1 from the operating system.
fn random_scalar<const N: usize, const C: u64>(
    curve: &Gost<N, C>,
) -> Result<Zeroizing<Uint<N>>, Error> {
    let mut buf = Zeroizing::new(vec![0u8; Gost::<N, C>::LEN]);
    for _ in 0..MAX_NONCE_DRAWS {
        getrandom::getrandom(&mut buf).map_err(|e| Error::SigningUnavailable {
            detail: format!("the operating system's random generator failed: {e}"),
        })?;
        let k = Zeroizing::new(Uint::from_le_slice(&buf));
        if in_scalar_range(curve, &k) {
            return Ok(k);
        }
    }
    Err(Error::SigningUnavailable {
        detail: "the random generator kept giving out-of-range nonces".to_owned(),
    })
}

/// The GOST R 34.10 signature of `digest` with `d`, nonces from `nonce`.
fn sign_digest_with<const N: usize, const C: u64>(
    curve: &Gost<N, C>,
    d: &Uint<N>,
    digest: &[u8],
    mut nonce: impl FnMut() -> Result<Zeroizing<Uint<N>>, Error>,
) -> Result<Vec<u8>, Error> {
    let len = Gost::<N, C>::LEN;
    if digest.len() != len {
        return Err(Error::SigningUnavailable {
            detail: "digest of the wrong length for the curve".to_owned(),
        });
    }
    // The digest is public: a branch on it leaks nothing.
    let e = curve.digest_scalar(digest);
    let mut d_q = DynResidue::new(d, curve.fq);
    let e_q = DynResidue::new(&e, curve.fq);
    for _ in 0..MAX_NONCE_DRAWS {
        let k = nonce()?;
        let Some((mut x, mut y)) = mul_base(curve, &k)? else {
            continue;
        };
        y.0.zeroize();
        // r and s are published in the signature: branches on them are fine.
        let r = reduce_mod_q(curve, &x);
        x.0.zeroize();
        if r == Uint::ZERO {
            continue;
        }
        let mut k_q = DynResidue::new(&k, curve.fq);
        let s_q = DynResidue::new(&r, curve.fq) * d_q + k_q * e_q;
        k_q.zeroize();
        let s = s_q.retrieve();
        if s == Uint::ZERO {
            continue;
        }
        d_q.zeroize();
        let mut out = Vec::with_capacity(2 * len);
        to_le_bytes(&r, &mut out);
        to_le_bytes(&s, &mut out);
        return Ok(out);
    }
    d_q.zeroize();
    Err(Error::SigningUnavailable {
        detail: "no valid signature after repeated nonces".to_owned(),
    })
}

/// A GOST private key: the scalar d and its public point Q = d*G.
pub(crate) struct GostPrivateKey {
    curve: GostCurve,
    /// d, little-endian, `curve.field_len()` bytes; zeroised on drop.
    d: Zeroizing<Vec<u8>>,
    /// Q = d*G as `x || y`, each little-endian (the certificate's form).
    public: Vec<u8>,
}

impl std::fmt::Debug for GostPrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GostPrivateKey")
            .field("curve", &self.curve)
            .finish_non_exhaustive()
    }
}

fn bad_private_key(detail: &str) -> Error {
    Error::Malformed {
        what: "private key",
        detail: detail.to_owned(),
    }
}

impl GostPrivateKey {
    /// The key with scalar `d` (little-endian, exactly the curve's length),
    /// which must be in 1..q-1.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] for a scalar of the wrong length or out of range.
    pub(crate) fn from_le_bytes(curve: GostCurve, d: &[u8]) -> Result<Self, Error> {
        if d.len() != curve.field_len() {
            return Err(bad_private_key("GOST private key of the wrong length"));
        }
        let public = match curve {
            GostCurve::Tc26_512A => public_point(&TC26, d)?,
            GostCurve::CryptoProA => public_point(&CPA, d)?,
        };
        Ok(GostPrivateKey {
            curve,
            d: Zeroizing::new(d.to_vec()),
            public,
        })
    }

    /// Its curve.
    pub(crate) fn curve(&self) -> GostCurve {
        self.curve
    }

    /// Q = d*G as `x || y`, each little-endian.
    pub(crate) fn public_point(&self) -> &[u8] {
        &self.public
    }

    /// Sign `message`: hash it with the curve's hash (Streebog-512 or
    /// GOST 34.311-95) and sign the digest with a fresh random nonce.
    ///
    /// # Errors
    ///
    /// [`Error::SigningUnavailable`] if the operating system's random
    /// generator fails.
    pub(crate) fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let hash = self.curve.signature_algorithm().hash();
        let digest = super::digest(hash, message).ok_or(Error::SigningUnavailable {
            detail: "no GOST hash for the curve".to_owned(),
        })?;
        self.sign_digest(&digest)
    }

    /// Sign a digest (the hash output bytes, as [`super::digest`] gives them).
    pub(crate) fn sign_digest(&self, digest: &[u8]) -> Result<Vec<u8>, Error> {
        match self.curve {
            GostCurve::Tc26_512A => sign_on(&TC26, &self.d, digest),
            GostCurve::CryptoProA => sign_on(&CPA, &self.d, digest),
        }
    }
}

fn public_point<const N: usize, const C: u64>(
    curve: &Gost<N, C>,
    d: &[u8],
) -> Result<Vec<u8>, Error> {
    let d = Zeroizing::new(Uint::<N>::from_le_slice(d));
    if !in_scalar_range(curve, &d) {
        return Err(bad_private_key("GOST private key outside 1..q-1"));
    }
    let (x, y) =
        mul_base(curve, &d)?.ok_or_else(|| bad_private_key("GOST private key outside 1..q-1"))?;
    let mut out = Vec::with_capacity(2 * Gost::<N, C>::LEN);
    x.write_le_bytes(&mut out);
    y.write_le_bytes(&mut out);
    Ok(out)
}

fn sign_on<const N: usize, const C: u64>(
    curve: &Gost<N, C>,
    d: &[u8],
    digest: &[u8],
) -> Result<Vec<u8>, Error> {
    let d = Zeroizing::new(Uint::<N>::from_le_slice(d));
    sign_digest_with(curve, &d, digest, || random_scalar(curve))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::algorithm::gost::curve::{Params, CRYPTOPRO_A, TC26_512_A};
    use crypto_bigint::NonZero;

    fn scalar<const N: usize>(q: &Uint<N>, seed: u8) -> Uint<N> {
        // A deterministic spread of scalars below q.
        let bytes: Vec<u8> = (0..8 * N)
            .map(|i| (i as u8).wrapping_mul(37).wrapping_add(seed))
            .collect();
        let k = Uint::<N>::from_le_slice(&bytes);
        k.rem(&NonZero::new(*q).unwrap())
    }

    fn base<const N: usize, const C: u64>(
        curve: &Gost<N, C>,
        k: &Uint<N>,
    ) -> Option<(Fe<N, C>, Fe<N, C>)> {
        mul_base(curve, k).unwrap()
    }

    fn comb_matches_reference<const N: usize, const C: u64>(
        curve: &Gost<N, C>,
        params: &Params<N>,
    ) {
        let x_of = |k: &Uint<N>| base(curve, k).map(|(x, _)| Uint::from_words(x.0));
        for seed in [1u8, 2, 77, 200, 255] {
            let k = scalar(&curve.q, seed);
            let (x, y) = base(curve, &k).unwrap();
            let mut point = Vec::new();
            x.write_le_bytes(&mut point);
            y.write_le_bytes(&mut point);
            assert!(curve.decode_point(&point).is_some(), "k*G on the curve");
            assert_eq!(x_of(&k), params.reference_mul_base_x(&k), "seed {seed}");
        }
        // Scalars whose radix-16 digits are all 8 or all 15 (carries in
        // every position), and the largest N-limb value.
        for k in [
            Uint::from_words([0x8888_8888_8888_8888; N]),
            Uint::from_words([0xffff_ffff_ffff_fff0; N]).wrapping_sub(&curve.q),
            Uint::MAX,
        ] {
            assert_eq!(x_of(&k), params.reference_mul_base_x(&k));
        }
        // Edge scalars: 1, 2, q-1, q, 0.
        assert_eq!(
            base(curve, &Uint::ONE),
            Some((curve.curve.g.x, curve.curve.g.y))
        );
        let q1 = curve.q.wrapping_sub(&Uint::ONE);
        let (x, y) = base(curve, &q1).unwrap();
        assert_eq!(x, curve.curve.g.x);
        assert_eq!(y, curve.curve.g.y.neg(), "(q-1)G = -G");
        let two = Uint::from_u8(2);
        assert_eq!(x_of(&two), params.reference_mul_base_x(&two));
        assert_eq!(base(curve, &curve.q), None, "q*G = O");
        assert_eq!(base(curve, &Uint::ZERO), None, "0*G = O");
    }

    #[test]
    fn comb_agrees_with_the_reference_arithmetic() {
        comb_matches_reference(&TC26, &TC26_512_A);
        comb_matches_reference(&CPA, &CRYPTOPRO_A);
    }

    fn sign_verify<const N: usize, const C: u64>(
        curve: &Gost<N, C>,
        params: &Params<N>,
        which: GostCurve,
    ) {
        let d = scalar(&curve.q, 9);
        let mut d_le = Vec::new();
        to_le_bytes(&d, &mut d_le);
        let key = GostPrivateKey::from_le_bytes(which, &d_le).unwrap();
        assert_eq!(key.curve(), which);
        let public = curve.decode_point(key.public_point()).unwrap();
        let hash = which.signature_algorithm().hash();
        for msg in [&b""[..], b"qoltanba", &[0xffu8; 1000]] {
            let sig = key.sign(msg).unwrap();
            assert_eq!(sig.len(), 2 * Gost::<N, C>::LEN);
            let digest = super::super::digest(hash, msg).unwrap();
            assert!(curve.verify(&public, &digest, &sig));
            assert!(params.reference_verify(key.public_point(), &digest, &sig));
            let mut bad = sig.clone();
            bad[3] ^= 1;
            assert!(!curve.verify(&public, &digest, &bad));
            assert!(!params.reference_verify(key.public_point(), &digest, &bad));
        }
        // Two signatures of one message differ (fresh nonces).
        assert_ne!(key.sign(b"m").unwrap(), key.sign(b"m").unwrap());
        // A digest that is 0 mod q is signed with e = 1.
        let mut q_le = Vec::new();
        to_le_bytes(&curve.q, &mut q_le);
        let sig = key.sign_digest(&q_le).unwrap();
        assert!(curve.verify(&public, &q_le, &sig));
        assert!(params.reference_verify(key.public_point(), &q_le, &sig));
    }

    #[test]
    fn signatures_verify() {
        sign_verify(&TC26, &TC26_512_A, GostCurve::Tc26_512A);
        sign_verify(&CPA, &CRYPTOPRO_A, GostCurve::CryptoProA);
    }

    #[test]
    fn fixed_nonce_gives_the_textbook_signature() {
        // With a fixed k the signature is r = x(kG) mod q, s = r*d + k*e.
        let curve = &CPA;
        let d = Uint::from_u8(5);
        let k = Uint::from_u8(7);
        let digest = {
            let mut v = vec![0u8; 32];
            v[0] = 3;
            v
        };
        let sig = sign_digest_with(curve, &d, &digest, || Ok(Zeroizing::new(k))).unwrap();
        let x = CRYPTOPRO_A.reference_mul_base_x(&k).unwrap();
        let r = x.rem(&NonZero::new(curve.q).unwrap());
        let s = (DynResidue::new(&r, curve.fq) * DynResidue::new(&d, curve.fq)
            + DynResidue::new(&Uint::from_u8(21), curve.fq))
        .retrieve();
        let mut want = Vec::new();
        to_le_bytes(&r, &mut want);
        to_le_bytes(&s, &mut want);
        assert_eq!(sig, want);
    }

    #[test]
    fn private_key_range_is_checked() {
        let mut q_le = Vec::new();
        to_le_bytes(&TC26.q, &mut q_le);
        assert!(matches!(
            GostPrivateKey::from_le_bytes(GostCurve::Tc26_512A, &q_le),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(
            GostPrivateKey::from_le_bytes(GostCurve::Tc26_512A, &[0u8; 64]),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(
            GostPrivateKey::from_le_bytes(GostCurve::Tc26_512A, &[1u8; 32]),
            Err(Error::Malformed { .. })
        ));
        assert!(GostPrivateKey::from_le_bytes(GostCurve::CryptoProA, &[1u8; 32]).is_ok());
    }
}
