//! The two GOST curves (their published constants), and the GOST R 34.10
//! verification equation ([RFC 7091] section 6.2) on them.
//!
//! Points use the fast arithmetic of [`super::point`] over the
//! pseudo-Mersenne fields of [`super::field`]; scalars mod q use
//! crypto-bigint's Montgomery form with parameters computed at compile
//! time, and the one inversion mod q of a verification is a
//! variable-time binary extended Euclid (public data only).
//!
//! [RFC 7091]: https://www.rfc-editor.org/rfc/rfc7091#section-6.2

use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
use crypto_bigint::{Uint, U256, U512};

use super::field::Fe;
use super::inverse::invert_vartime;
use super::point::{Affine, Curve, Jacobian, KeyTables};

/// Curve parameters: field prime p, coefficients a and b, subgroup order q,
/// base point (gx, gy). Integers are big-endian hex in the sources.
#[derive(Debug)]
pub(crate) struct Params<const L: usize> {
    pub(super) p: Uint<L>,
    pub(super) a: Uint<L>,
    pub(super) b: Uint<L>,
    pub(super) q: Uint<L>,
    pub(super) gx: Uint<L>,
    pub(super) gy: Uint<L>,
}

/// id-tc26-gost-3410-12-512-paramSetA ([RFC 7836] appendix A.1;
/// Kazakh OID 1.2.398.3.10.1.1.2.2.1, Russian OID 1.2.643.7.1.2.1.2.1).
///
/// [RFC 7836]: https://www.rfc-editor.org/rfc/rfc7836#appendix-A.1
pub(crate) const TC26_512_A: Params<8> = Params {
    p: U512::from_be_hex(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
         FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7",
    ),
    a: U512::from_be_hex(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
         FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC4",
    ),
    b: U512::from_be_hex(
        "E8C2505DEDFC86DDC1BD0B2B6667F1DA34B82574761CB0E879BD081CFD0B6265\
         EE3CB090F30D27614CB4574010DA90DD862EF9D4EBEE4761503190785A71C760",
    ),
    q: U512::from_be_hex(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
         27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275",
    ),
    gx: U512::from_be_hex(
        "0000000000000000000000000000000000000000000000000000000000000000\
         0000000000000000000000000000000000000000000000000000000000000003",
    ),
    gy: U512::from_be_hex(
        "7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921\
         DF1626BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4",
    ),
};

/// id-GostR3410-2001-CryptoPro-A-ParamSet ([RFC 4357] section 11.4;
/// Kazakh OID 1.2.398.3.10.1.1.1.1.1, Russian OID 1.2.643.2.2.35.1).
///
/// [RFC 4357]: https://www.rfc-editor.org/rfc/rfc4357#section-11.4
pub(crate) const CRYPTOPRO_A: Params<4> = Params {
    p: U256::from_be_hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97"),
    a: U256::from_be_hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD94"),
    b: U256::from_be_hex("00000000000000000000000000000000000000000000000000000000000000A6"),
    q: U256::from_be_hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF6C611070995AD10045841B09B761B893"),
    gx: U256::from_be_hex("0000000000000000000000000000000000000000000000000000000000000001"),
    gy: U256::from_be_hex("8D91E471E0989CDA27DF505A453F2B7635294F2DDF23E3B122ACC99C9E9F1E14"),
};

/// A GOST curve ready for use: its point arithmetic and tables, its order
/// q, and the Montgomery parameters of arithmetic mod q.
pub(crate) struct Gost<const N: usize, const C: u64> {
    /// Points, with the precomputed multiples of G.
    pub(super) curve: Curve<N, C>,
    /// The order q of G.
    pub(super) q: Uint<N>,
    /// Arithmetic mod q.
    pub(super) fq: DynResidueParams<N>,
}

/// Whether two limb arrays are equal (in a constant context).
const fn same<const N: usize>(a: &[u64; N], b: &[u64; N]) -> bool {
    let mut i = 0;
    while i < N {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl<const N: usize, const C: u64> Gost<N, C> {
    /// Bytes in a coordinate, a scalar and a digest.
    pub(super) const LEN: usize = 8 * N;

    /// The curve of `params`, whose p must be 2^(64N) - C and a = -3
    /// (checked when the constant is built: a mismatch does not compile).
    const fn new(params: &Params<N>) -> Self {
        let p = params.p.to_words();
        assert!(same(&p, &Fe::<N, C>::P), "p = 2^(64N) - C");
        let mut a = p;
        a[0] -= 3;
        assert!(same(&a, &params.a.to_words()), "a = -3");
        Gost {
            curve: Curve::new(
                Fe(params.b.to_words()),
                Affine {
                    x: Fe(params.gx.to_words()),
                    y: Fe(params.gy.to_words()),
                },
            ),
            q: params.q,
            fq: DynResidueParams::new(&params.q),
        }
    }

    /// The point `x || y` (little-endian, `LEN` bytes each) if both are
    /// below p and it lies on the curve. With cofactor 1 such a point is in
    /// the subgroup of order q and is not the point at infinity.
    pub(crate) fn decode_point(&self, point: &[u8]) -> Option<Affine<N, C>> {
        if point.len() != 2 * Self::LEN {
            return None;
        }
        let (xb, yb) = point.split_at(Self::LEN);
        let p = Affine {
            x: Fe::from_le_bytes(xb)?,
            y: Fe::from_le_bytes(yb)?,
        };
        p.is_on(&self.curve).then_some(p)
    }

    /// A digest (`LEN` bytes, read little-endian) as the scalar e of
    /// GOST R 34.10: the digest mod q, or 1 if that is 0. The top bit of q
    /// is set, so one subtraction reduces. The digest is public.
    pub(super) fn digest_scalar(&self, digest: &[u8]) -> Uint<N> {
        let h = Uint::<N>::from_le_slice(digest);
        let e = if h >= self.q {
            h.wrapping_sub(&self.q)
        } else {
            h
        };
        if e == Uint::ZERO {
            Uint::ONE
        } else {
            e
        }
    }

    /// GOST R 34.10 verification ([RFC 7091] section 6.2): with e the
    /// digest scalar, v = e^-1, z1 = s*v, z2 = -r*v (mod q) and
    /// C = z1*G + z2*Q, the signature is valid iff x_C mod q = r.
    /// `digest` must be `LEN` bytes; `signature` is `r || s`,
    /// little-endian.
    ///
    /// [RFC 7091]: https://www.rfc-editor.org/rfc/rfc7091#section-6.2
    pub(crate) fn verify(&self, key: &Affine<N, C>, digest: &[u8], signature: &[u8]) -> bool {
        self.check(digest, signature, |z1, z2| {
            self.curve.double_mul(z1, z2, key)
        })
    }

    /// [`Gost::verify`] for a key with precomputed tables.
    pub(crate) fn verify_prepared(
        &self,
        key: &KeyTables<N, C>,
        digest: &[u8],
        signature: &[u8],
    ) -> bool {
        self.check(digest, signature, |z1, z2| {
            self.curve.double_mul_prepared(z1, z2, key)
        })
    }

    /// The verification equation with `z1*G + z2*Q` computed by `combine`.
    fn check(
        &self,
        digest: &[u8],
        signature: &[u8],
        combine: impl FnOnce(&[u64; N], &[u64; N]) -> Jacobian<N, C>,
    ) -> bool {
        if signature.len() != 2 * Self::LEN || digest.len() != Self::LEN {
            return false;
        }
        let (rb, sb) = signature.split_at(Self::LEN);
        let r = Uint::<N>::from_le_slice(rb);
        let s = Uint::<N>::from_le_slice(sb);
        if r == Uint::ZERO || s == Uint::ZERO || r >= self.q || s >= self.q {
            return false;
        }
        let e = self.digest_scalar(digest);
        let Some(v) = invert_vartime(e.as_words(), self.q.as_words()) else {
            return false;
        };
        let v = Uint::from_words(v);
        let v = DynResidue::new(&v, self.fq);
        let z1 = (DynResidue::new(&s, self.fq) * v).retrieve();
        let z2 = (-DynResidue::new(&r, self.fq) * v).retrieve();
        combine(z1.as_words(), z2.as_words()).x_mod_q_is(r.as_words(), self.q.as_words())
    }
}

/// id-tc26-gost-3410-12-512-paramSetA ready for use.
pub(crate) static TC26: Gost<8, 569> = Gost::new(&TC26_512_A);

/// id-GostR3410-2001-CryptoPro-A-ParamSet ready for use.
pub(crate) static CPA: Gost<4, 617> = Gost::new(&CRYPTOPRO_A);

#[cfg(test)]
pub(super) mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The base point as `x || y`, little-endian.
    pub(crate) fn generator_bytes<const N: usize>(p: &Params<N>) -> Vec<u8> {
        let mut out = Vec::new();
        for w in [p.gx, p.gy] {
            for limb in w.as_words() {
                out.extend_from_slice(&limb.to_le_bytes());
            }
        }
        out
    }

    #[test]
    fn curves_are_sound() {
        TC26_512_A.reference_self_test();
        CRYPTOPRO_A.reference_self_test();
        assert!(TC26.decode_point(&generator_bytes(&TC26_512_A)).is_some());
        assert!(CPA.decode_point(&generator_bytes(&CRYPTOPRO_A)).is_some());
        // The top bit of q is set, so a digest of LEN bytes is below 2q.
        assert_eq!(TC26.q.bits_vartime(), 512);
        assert_eq!(CPA.q.bits_vartime(), 256);
    }
}
