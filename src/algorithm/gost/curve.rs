//! Short Weierstrass curves `y^2 = x^3 + a*x + b` over GF(p) with a prime
//! order q subgroup (cofactor 1), Jacobian coordinates, and the GOST R 34.10
//! verification equation ([RFC 7091] section 6.2).
//!
//! Arithmetic is crypto-bigint's Montgomery form (`DynResidue`); it is not
//! constant-time in the scalars (verification handles public data only).
//!
//! [RFC 7091]: https://www.rfc-editor.org/rfc/rfc7091#section-6.2

use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
use crypto_bigint::{NonZero, Uint, U256, U512};

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

type Fe<const L: usize> = DynResidue<L>;

/// The field GF(p) with the curve's coefficients in Montgomery form.
struct Field<const L: usize> {
    params: DynResidueParams<L>,
    a: Fe<L>,
    b: Fe<L>,
}

impl<const L: usize> Field<L> {
    fn elem(&self, x: &Uint<L>) -> Fe<L> {
        DynResidue::new(x, self.params)
    }

    fn zero(&self) -> Fe<L> {
        DynResidue::zero(self.params)
    }

    fn one(&self) -> Fe<L> {
        DynResidue::one(self.params)
    }
}

/// Whether a field element is zero (zero's Montgomery form is zero; the
/// form is always fully reduced).
fn is_zero<const L: usize>(x: &Fe<L>) -> bool {
    x.as_montgomery() == &Uint::ZERO
}

/// A point in Jacobian coordinates: (X/Z^2, Y/Z^3); Z = 0 is the point at
/// infinity.
#[derive(Clone, Copy)]
struct Point<const L: usize> {
    x: Fe<L>,
    y: Fe<L>,
    z: Fe<L>,
}

impl<const L: usize> Point<L> {
    fn infinity(f: &Field<L>) -> Self {
        Point {
            x: f.one(),
            y: f.one(),
            z: f.zero(),
        }
    }

    fn affine(f: &Field<L>, x: &Uint<L>, y: &Uint<L>) -> Self {
        Point {
            x: f.elem(x),
            y: f.elem(y),
            z: f.one(),
        }
    }

    fn is_infinity(&self) -> bool {
        is_zero(&self.z)
    }

    /// 2P ("dbl-2007-bl" for any a).
    fn double(&self, f: &Field<L>) -> Self {
        if self.is_infinity() || is_zero(&self.y) {
            return Self::infinity(f);
        }
        let xx = self.x.square();
        let yy = self.y.square();
        let yyyy = yy.square();
        let zz = self.z.square();
        let xyy = self.x * yy;
        let s = {
            let t = xyy + xyy;
            t + t
        };
        let m = xx + xx + xx + f.a * zz.square();
        let x3 = m.square() - (s + s);
        let y8 = {
            let t = yyyy + yyyy;
            let t = t + t;
            t + t
        };
        let y3 = m * (s - x3) - y8;
        let yz = self.y * self.z;
        Point {
            x: x3,
            y: y3,
            z: yz + yz,
        }
    }

    /// P + Q ("add-2007-bl" without the doubling shortcuts).
    fn add(&self, other: &Self, f: &Field<L>) -> Self {
        if self.is_infinity() {
            return *other;
        }
        if other.is_infinity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = other.z.square();
        let u1 = self.x * z2z2;
        let u2 = other.x * z1z1;
        let s1 = self.y * other.z * z2z2;
        let s2 = other.y * self.z * z1z1;
        let h = u2 - u1;
        let r = s2 - s1;
        if is_zero(&h) {
            return if is_zero(&r) {
                self.double(f)
            } else {
                Self::infinity(f)
            };
        }
        let hh = h.square();
        let hhh = h * hh;
        let v = u1 * hh;
        let x3 = r.square() - hhh - (v + v);
        let y3 = r * (v - x3) - s1 * hhh;
        let z3 = self.z * other.z * h;
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// The affine x coordinate, `None` at infinity.
    fn affine_x(&self) -> Option<Uint<L>> {
        if self.is_infinity() {
            return None;
        }
        let (zinv, ok) = self.z.invert();
        if !bool::from(ok) {
            return None;
        }
        Some((self.x * zinv.square()).retrieve())
    }
}

/// `k1*P1 + k2*P2` by simultaneous double-and-add (Shamir's trick) with a
/// joint window of 2 bits: a table of `i*P1 + j*P2` for `i, j` in 0..4.
fn double_mul<const L: usize>(
    f: &Field<L>,
    k1: &Uint<L>,
    p1: &Point<L>,
    k2: &Uint<L>,
    p2: &Point<L>,
) -> Point<L> {
    let inf = Point::infinity(f);
    let mut table = [inf; 16];
    for i in 0..4 {
        if i > 0 {
            table[i * 4] = table[(i - 1) * 4].add(p1, f);
        }
        for j in 1..4 {
            table[i * 4 + j] = table[i * 4 + j - 1].add(p2, f);
        }
    }
    let bits = k1.bits_vartime().max(k2.bits_vartime());
    let windows = bits.div_ceil(2);
    let digit = |k: &Uint<L>, w: usize| {
        usize::from(k.bit_vartime(2 * w)) | usize::from(k.bit_vartime(2 * w + 1)) << 1
    };
    let mut acc = inf;
    for w in (0..windows).rev() {
        acc = acc.double(f).double(f);
        let t = digit(k1, w) * 4 + digit(k2, w);
        if t != 0 {
            acc = acc.add(&table[t], f);
        }
    }
    acc
}

impl<const L: usize> Params<L> {
    /// Bytes in a coordinate or a scalar.
    pub(super) const LEN: usize = L * crypto_bigint::Limb::BYTES;

    fn field(&self) -> Field<L> {
        let params = DynResidueParams::new(&self.p);
        Field {
            params,
            a: DynResidue::new(&self.a, params),
            b: DynResidue::new(&self.b, params),
        }
    }

    /// Whether `x || y` (little-endian, `LEN` bytes each) are both below p
    /// and satisfy the curve equation. With cofactor 1 such a point is in
    /// the subgroup of order q and is not the point at infinity.
    pub(crate) fn point_is_valid(&self, point: &[u8]) -> bool {
        self.decode_point(point).is_some()
    }

    fn decode_point(&self, point: &[u8]) -> Option<(Uint<L>, Uint<L>)> {
        if point.len() != 2 * Self::LEN {
            return None;
        }
        let (xb, yb) = point.split_at(Self::LEN);
        let x = Uint::from_le_slice(xb);
        let y = Uint::from_le_slice(yb);
        (x < self.p && y < self.p && self.on_curve(&x, &y)).then_some((x, y))
    }

    fn on_curve(&self, x: &Uint<L>, y: &Uint<L>) -> bool {
        let f = self.field();
        let x = f.elem(x);
        let y = f.elem(y);
        y.square() == x.square() * x + f.a * x + f.b
    }

    /// GOST R 34.10 verification ([RFC 7091] section 6.2): with
    /// e = digest (little-endian) mod q, or 1 if that is 0, v = e^-1,
    /// z1 = s*v, z2 = -r*v (mod q), C = z1*G + z2*Q, the signature is valid
    /// iff x_C mod q = r. `point` must have passed [`Params::point_is_valid`];
    /// `digest` must be `LEN` bytes; `signature` is `r || s`, little-endian.
    ///
    /// [RFC 7091]: https://www.rfc-editor.org/rfc/rfc7091#section-6.2
    pub(crate) fn verify(&self, point: &[u8], digest: &[u8], signature: &[u8]) -> bool {
        if signature.len() != 2 * Self::LEN || digest.len() != Self::LEN {
            return false;
        }
        let Some((qx, qy)) = self.decode_point(point) else {
            return false;
        };
        let (rb, sb) = signature.split_at(Self::LEN);
        let r = Uint::from_le_slice(rb);
        let s = Uint::from_le_slice(sb);
        if r == Uint::ZERO || s == Uint::ZERO || r >= self.q || s >= self.q {
            return false;
        }
        let q_nz = NonZero::<Uint<L>>::from_uint(self.q);
        let mut e = Uint::from_le_slice(digest).rem(&q_nz);
        if e == Uint::ZERO {
            e = Uint::ONE;
        }
        let qp = DynResidueParams::new(&self.q);
        let (v, ok) = DynResidue::new(&e, qp).invert();
        if !bool::from(ok) {
            return false;
        }
        let z1 = (DynResidue::new(&s, qp) * v).retrieve();
        let z2 = (-DynResidue::new(&r, qp) * v).retrieve();
        let f = self.field();
        let g = Point::affine(&f, &self.gx, &self.gy);
        let key = Point::affine(&f, &qx, &qy);
        let c = double_mul(&f, &z1, &g, &z2, &key);
        match c.affine_x() {
            Some(x) => x.rem(&q_nz) == r,
            None => false,
        }
    }

    /// The x coordinate of k*G by the verifier's (variable-time) arithmetic,
    /// the reference for the signer's ladder (tests).
    #[cfg(test)]
    pub(crate) fn reference_mul_base_x(&self, k: &Uint<L>) -> Option<Uint<L>> {
        let f = self.field();
        let g = Point::affine(&f, &self.gx, &self.gy);
        let inf = Point::infinity(&f);
        double_mul(&f, k, &g, &Uint::ZERO, &inf).affine_x()
    }

    /// The base point as `x || y`, little-endian (tests).
    #[cfg(test)]
    pub(crate) fn generator_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(2 * Self::LEN);
        for w in [self.gx, self.gy] {
            for limb in w.as_limbs() {
                out.extend_from_slice(&limb.0.to_le_bytes());
            }
        }
        out
    }

    /// The base point is on the curve, q*G is the point at infinity and
    /// (q-1)*G = -G (tests).
    #[cfg(test)]
    pub(crate) fn self_test(&self) {
        let f = self.field();
        assert!(self.on_curve(&self.gx, &self.gy), "base point on the curve");
        assert!(self.point_is_valid(&self.generator_bytes()));
        let g = Point::affine(&f, &self.gx, &self.gy);
        let inf = Point::infinity(&f);
        let qg = double_mul(&f, &self.q, &g, &Uint::ZERO, &inf);
        assert!(qg.is_infinity(), "q*G = O");
        let q1 = self.q.wrapping_sub(&Uint::ONE);
        let q1g = double_mul(&f, &q1, &g, &Uint::ZERO, &inf);
        assert_eq!(q1g.affine_x(), Some(self.gx), "(q-1)*G = -G");
        // 2G computed by doubling and by addition agree.
        let two_g = g.double(&f);
        let g_plus_g = double_mul(&f, &Uint::ONE, &g, &Uint::ONE, &g);
        assert_eq!(two_g.affine_x(), g_plus_g.affine_x());
        // The top bit of q is set, so a hash of LEN bytes is below 2q.
        assert_eq!(self.q.bits_vartime(), 8 * Self::LEN);
    }
}
