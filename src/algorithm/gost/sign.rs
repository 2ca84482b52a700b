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
//! * field and scalar arithmetic is crypto-bigint's Montgomery form
//!   (`DynResidue`): additions, subtractions and multiplications run the
//!   same instructions whatever the values;
//! * the scalar multiplication is a Montgomery ladder over every bit of the
//!   full-width scalar (the loop count is the field size, not the scalar's
//!   length), the two registers swapped with `subtle`'s constant-time
//!   conditional swap, the bit read with crypto-bigint's constant-time
//!   `Uint::bit`;
//! * point addition uses the complete projective formulas of Renes,
//!   Costello and Batina ("Complete addition formulas for prime order
//!   elliptic curves", EUROCRYPT 2016, algorithm 1, any a): one formula for
//!   every pair of points, doubling and the point at infinity included, so
//!   no branch on the points; both GOST curves have prime order (cofactor
//!   1), which the formulas need;
//! * the projective-to-affine conversion inverts Z by Fermat (Z^(p-2), a
//!   fixed public exponent);
//! * k comes from the operating system's generator (`getrandom`), sampled
//!   by rejection in 1..q-1 (a rejected draw reveals nothing about the
//!   accepted one); secrets are zeroised after use.
//!
//! [RFC 5832]: https://www.rfc-editor.org/rfc/rfc5832#section-6.1
//! [RFC 7091]: https://www.rfc-editor.org/rfc/rfc7091#section-6.1

use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
use crypto_bigint::{NonZero, Uint};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, ConstantTimeLess};
use zeroize::{Zeroize, Zeroizing};

use super::curve::{Params, CRYPTOPRO_A, TC26_512_A};
use super::GostCurve;
use crate::error::Error;

/// Draws of k before giving up. A draw is rejected with probability below
/// 2^-100 on both curves, so reaching this bound means a broken generator.
const MAX_NONCE_DRAWS: usize = 16;

type Fe<const L: usize> = DynResidue<L>;

/// The curve as the ladder needs it: GF(p) in Montgomery form, a and 3b.
struct Curve<const L: usize> {
    fp: DynResidueParams<L>,
    a: Fe<L>,
    b3: Fe<L>,
}

impl<const L: usize> Curve<L> {
    fn new(params: &Params<L>) -> Self {
        let fp = DynResidueParams::new(&params.p);
        let b = DynResidue::new(&params.b, fp);
        Curve {
            fp,
            a: DynResidue::new(&params.a, fp),
            b3: b + b + b,
        }
    }
}

/// A point in homogeneous projective coordinates (X : Y : Z), affine
/// (X/Z, Y/Z); the point at infinity is (0 : 1 : 0).
#[derive(Clone, Copy)]
struct Proj<const L: usize> {
    x: Fe<L>,
    y: Fe<L>,
    z: Fe<L>,
}

impl<const L: usize> Proj<L> {
    fn identity(c: &Curve<L>) -> Self {
        Proj {
            x: DynResidue::zero(c.fp),
            y: DynResidue::one(c.fp),
            z: DynResidue::zero(c.fp),
        }
    }

    fn affine(c: &Curve<L>, x: &Uint<L>, y: &Uint<L>) -> Self {
        Proj {
            x: DynResidue::new(x, c.fp),
            y: DynResidue::new(y, c.fp),
            z: DynResidue::one(c.fp),
        }
    }

    fn conditional_swap(a: &mut Self, b: &mut Self, choice: Choice) {
        Fe::conditional_swap(&mut a.x, &mut b.x, choice);
        Fe::conditional_swap(&mut a.y, &mut b.y, choice);
        Fe::conditional_swap(&mut a.z, &mut b.z, choice);
    }

    /// P + Q by the complete formulas of Renes-Costello-Batina 2016,
    /// algorithm 1 (12M + 3m_a + 2m_3b + 23a), valid for every pair of
    /// points on a prime-order curve, P = Q and the point at infinity
    /// included.
    fn add(&self, other: &Self, c: &Curve<L>) -> Self {
        let (x1, y1, z1) = (self.x, self.y, self.z);
        let (x2, y2, z2) = (other.x, other.y, other.z);
        let mut t0 = x1 * x2;
        let mut t1 = y1 * y2;
        let mut t2 = z1 * z2;
        let mut t3 = x1 + y1;
        let mut t4 = x2 + y2;
        t3 *= t4;
        t4 = t0 + t1;
        t3 -= t4;
        t4 = x1 + z1;
        let mut t5 = x2 + z2;
        t4 *= t5;
        t5 = t0 + t2;
        t4 -= t5;
        t5 = y1 + z1;
        let mut x3 = y2 + z2;
        t5 *= x3;
        x3 = t1 + t2;
        t5 -= x3;
        let mut z3 = c.a * t4;
        x3 = c.b3 * t2;
        z3 = x3 + z3;
        x3 = t1 - z3;
        z3 += t1;
        let mut y3 = x3 * z3;
        t1 = t0 + t0;
        t1 += t0;
        t2 = c.a * t2;
        t4 = c.b3 * t4;
        t1 += t2;
        t2 = t0 - t2;
        t2 = c.a * t2;
        t4 += t2;
        t0 = t1 * t4;
        y3 += t0;
        t0 = t5 * t4;
        x3 = t3 * x3;
        x3 -= t0;
        t0 = t3 * t1;
        z3 = t5 * z3;
        z3 += t0;
        Proj {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// The affine coordinates, `None` for the point at infinity. Z is
    /// inverted as Z^(p-2): the same work for every Z.
    fn into_affine(self, p: &Uint<L>) -> Option<(Uint<L>, Uint<L>)> {
        let is_identity: bool = self.z.as_montgomery().ct_eq(&Uint::ZERO).into();
        if is_identity {
            return None;
        }
        let zinv = self.z.pow(&p.wrapping_sub(&Uint::from_u8(2)));
        Some(((self.x * zinv).retrieve(), (self.y * zinv).retrieve()))
    }
}

impl<const L: usize> Zeroize for Proj<L> {
    fn zeroize(&mut self) {
        self.x.zeroize();
        self.y.zeroize();
        self.z.zeroize();
    }
}

/// k*P by a Montgomery ladder over all `Uint::<L>::BITS` bits of k, with
/// constant-time swaps: the sequence of operations and memory accesses is
/// the same for every k.
fn ladder<const L: usize>(c: &Curve<L>, k: &Uint<L>, p: &Proj<L>) -> Proj<L> {
    let mut r0 = Proj::identity(c);
    let mut r1 = *p;
    for i in (0..Uint::<L>::BITS).rev() {
        let bit: Choice = k.bit(i).into();
        Proj::conditional_swap(&mut r0, &mut r1, bit);
        r1 = r0.add(&r1, c);
        r0 = r0.add(&r0, c);
        Proj::conditional_swap(&mut r0, &mut r1, bit);
    }
    r1.zeroize();
    r0
}

/// k*G as affine `(x, y)`; `None` only if k = 0 mod q.
fn mul_base<const L: usize>(params: &Params<L>, k: &Uint<L>) -> Option<(Uint<L>, Uint<L>)> {
    let c = Curve::new(params);
    let g = Proj::affine(&c, &params.gx, &params.gy);
    let mut point = ladder(&c, k, &g);
    let affine = point.into_affine(&params.p);
    point.zeroize();
    affine
}

/// Whether 0 < k < q, in constant time.
fn in_scalar_range<const L: usize>(params: &Params<L>, k: &Uint<L>) -> bool {
    let nonzero = !k.ct_eq(&Uint::ZERO);
    let below_q = k.ct_lt(&params.q);
    (nonzero & below_q).into()
}

fn to_le_bytes<const L: usize>(x: &Uint<L>, out: &mut Vec<u8>) {
    for limb in x.as_limbs() {
        out.extend_from_slice(&limb.0.to_le_bytes());
    }
}

/// A uniformly random scalar in 1..q-1 from the operating system.
fn random_scalar<const L: usize>(params: &Params<L>) -> Result<Zeroizing<Uint<L>>, Error> {
    let mut buf = Zeroizing::new(vec![0u8; Params::<L>::LEN]);
    for _ in 0..MAX_NONCE_DRAWS {
        getrandom::getrandom(&mut buf).map_err(|e| Error::SigningUnavailable {
            detail: format!("the operating system's random generator failed: {e}"),
        })?;
        let k = Zeroizing::new(Uint::from_le_slice(&buf));
        if in_scalar_range(params, &k) {
            return Ok(k);
        }
    }
    Err(Error::SigningUnavailable {
        detail: "the random generator kept giving out-of-range nonces".to_owned(),
    })
}

/// The GOST R 34.10 signature of `digest` with `d`, nonces from `nonce`.
fn sign_digest_with<const L: usize>(
    params: &Params<L>,
    d: &Uint<L>,
    digest: &[u8],
    mut nonce: impl FnMut() -> Result<Zeroizing<Uint<L>>, Error>,
) -> Result<Vec<u8>, Error> {
    let len = Params::<L>::LEN;
    if digest.len() != len {
        return Err(Error::SigningUnavailable {
            detail: "digest of the wrong length for the curve".to_owned(),
        });
    }
    let q_nz = Option::<NonZero<Uint<L>>>::from(NonZero::new(params.q)).ok_or(
        Error::SigningUnavailable {
            detail: "curve order is zero".to_owned(),
        },
    )?;
    // The digest is public: a branch on it leaks nothing.
    let mut e = Uint::from_le_slice(digest).rem(&q_nz);
    if e == Uint::ZERO {
        e = Uint::ONE;
    }
    let fq = DynResidueParams::new(&params.q);
    let mut d_q = DynResidue::new(d, fq);
    let e_q = DynResidue::new(&e, fq);
    for _ in 0..MAX_NONCE_DRAWS {
        let k = nonce()?;
        let Some((x, _)) = mul_base(params, &k) else {
            continue;
        };
        // r and s are published in the signature: branches on them are fine.
        let r = x.rem(&q_nz);
        if r == Uint::ZERO {
            continue;
        }
        let mut k_q = DynResidue::new(&k, fq);
        let s_q = DynResidue::new(&r, fq) * d_q + k_q * e_q;
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
            GostCurve::Tc26_512A => public_point(&TC26_512_A, d)?,
            GostCurve::CryptoProA => public_point(&CRYPTOPRO_A, d)?,
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
            GostCurve::Tc26_512A => sign_on(&TC26_512_A, &self.d, digest),
            GostCurve::CryptoProA => sign_on(&CRYPTOPRO_A, &self.d, digest),
        }
    }
}

fn public_point<const L: usize>(params: &Params<L>, d: &[u8]) -> Result<Vec<u8>, Error> {
    let d = Zeroizing::new(Uint::<L>::from_le_slice(d));
    if !in_scalar_range(params, &d) {
        return Err(bad_private_key("GOST private key outside 1..q-1"));
    }
    let (x, y) =
        mul_base(params, &d).ok_or_else(|| bad_private_key("GOST private key outside 1..q-1"))?;
    let mut out = Vec::with_capacity(2 * Params::<L>::LEN);
    to_le_bytes(&x, &mut out);
    to_le_bytes(&y, &mut out);
    Ok(out)
}

fn sign_on<const L: usize>(params: &Params<L>, d: &[u8], digest: &[u8]) -> Result<Vec<u8>, Error> {
    let d = Zeroizing::new(Uint::<L>::from_le_slice(d));
    sign_digest_with(params, &d, digest, || random_scalar(params))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn scalar<const L: usize>(params: &Params<L>, seed: u8) -> Uint<L> {
        // A deterministic spread of scalars below q.
        let bytes: Vec<u8> = (0..Params::<L>::LEN)
            .map(|i| (i as u8).wrapping_mul(37).wrapping_add(seed))
            .collect();
        let k = Uint::<L>::from_le_slice(&bytes);
        let q_nz = NonZero::new(params.q).unwrap();
        k.rem(&q_nz)
    }

    fn ladder_matches_reference<const L: usize>(params: &Params<L>) {
        for seed in [1u8, 2, 77, 200, 255] {
            let k = scalar(params, seed);
            let (x, y) = mul_base(params, &k).unwrap();
            let mut point = Vec::new();
            to_le_bytes(&x, &mut point);
            to_le_bytes(&y, &mut point);
            assert!(params.point_is_valid(&point), "k*G on the curve");
            assert_eq!(Some(x), params.reference_mul_base_x(&k), "seed {seed}");
        }
        // Edge scalars: 1, 2, q-1.
        assert_eq!(mul_base(params, &Uint::ONE), Some((params.gx, params.gy)));
        let q1 = params.q.wrapping_sub(&Uint::ONE);
        let (x, y) = mul_base(params, &q1).unwrap();
        assert_eq!(x, params.gx);
        assert_eq!(y, params.p.wrapping_sub(&params.gy), "(q-1)G = -G");
        let two = Uint::from_u8(2);
        assert_eq!(
            mul_base(params, &two).map(|p| p.0),
            params.reference_mul_base_x(&two)
        );
        assert_eq!(mul_base(params, &params.q), None, "q*G = O");
        assert_eq!(mul_base(params, &Uint::ZERO), None, "0*G = O");
    }

    #[test]
    fn ladder_agrees_with_the_verifier_arithmetic() {
        ladder_matches_reference(&TC26_512_A);
        ladder_matches_reference(&CRYPTOPRO_A);
    }

    fn sign_verify<const L: usize>(params: &Params<L>, curve: GostCurve) {
        let d = scalar(params, 9);
        let mut d_le = Vec::new();
        to_le_bytes(&d, &mut d_le);
        let key = GostPrivateKey::from_le_bytes(curve, &d_le).unwrap();
        assert_eq!(key.curve(), curve);
        let hash = curve.signature_algorithm().hash();
        for msg in [&b""[..], b"qoltanba", &[0xffu8; 1000]] {
            let sig = key.sign(msg).unwrap();
            assert_eq!(sig.len(), 2 * Params::<L>::LEN);
            let digest = super::super::digest(hash, msg).unwrap();
            assert!(params.verify(key.public_point(), &digest, &sig));
            let mut bad = sig.clone();
            bad[3] ^= 1;
            assert!(!params.verify(key.public_point(), &digest, &bad));
        }
        // Two signatures of one message differ (fresh nonces).
        assert_ne!(key.sign(b"m").unwrap(), key.sign(b"m").unwrap());
        // A digest that is 0 mod q is signed with e = 1.
        let mut q_le = Vec::new();
        to_le_bytes(&params.q, &mut q_le);
        let sig = key.sign_digest(&q_le).unwrap();
        assert!(params.verify(key.public_point(), &q_le, &sig));
    }

    #[test]
    fn signatures_verify() {
        sign_verify(&TC26_512_A, GostCurve::Tc26_512A);
        sign_verify(&CRYPTOPRO_A, GostCurve::CryptoProA);
    }

    #[test]
    fn fixed_nonce_gives_the_textbook_signature() {
        // With a fixed k the signature is r = x(kG) mod q, s = r*d + k*e.
        let params = &CRYPTOPRO_A;
        let d = Uint::from_u8(5);
        let k = Uint::from_u8(7);
        let digest = {
            let mut v = vec![0u8; 32];
            v[0] = 3;
            v
        };
        let sig = sign_digest_with(params, &d, &digest, || Ok(Zeroizing::new(k))).unwrap();
        let (x, _) = mul_base(params, &k).unwrap();
        let q_nz = NonZero::new(params.q).unwrap();
        let r = x.rem(&q_nz);
        let fq = DynResidueParams::new(&params.q);
        let s = (DynResidue::new(&r, fq) * DynResidue::new(&d, fq)
            + DynResidue::new(&Uint::from_u8(21), fq))
        .retrieve();
        let mut want = Vec::new();
        to_le_bytes(&r, &mut want);
        to_le_bytes(&s, &mut want);
        assert_eq!(sig, want);
    }

    #[test]
    fn private_key_range_is_checked() {
        let mut q_le = Vec::new();
        to_le_bytes(&TC26_512_A.q, &mut q_le);
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
