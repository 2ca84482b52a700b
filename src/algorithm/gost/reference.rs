//! The arithmetic of the first GOST verifier, kept as an independent
//! reference for the tests of the fast code: crypto-bigint's generic
//! Montgomery form (`DynResidue`), textbook Jacobian formulas for any a,
//! and Shamir's trick with a joint 2-bit window. Slow, simple, and written
//! without any of the fast code's tricks (no pseudo-Mersenne reduction,
//! no a = -3 formulas, no NAFs, no tables, no inversion-free check).

#![allow(clippy::unwrap_used)]

use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
use crypto_bigint::{NonZero, Uint};

use super::curve::Params;

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
    fn field(&self) -> Field<L> {
        let params = DynResidueParams::new(&self.p);
        Field {
            params,
            a: DynResidue::new(&self.a, params),
            b: DynResidue::new(&self.b, params),
        }
    }

    fn reference_decode_point(&self, point: &[u8]) -> Option<(Uint<L>, Uint<L>)> {
        let len = L * crypto_bigint::Limb::BYTES;
        if point.len() != 2 * len {
            return None;
        }
        let (xb, yb) = point.split_at(len);
        let x = Uint::from_le_slice(xb);
        let y = Uint::from_le_slice(yb);
        (x < self.p && y < self.p && self.reference_on_curve(&x, &y)).then_some((x, y))
    }

    pub(super) fn reference_on_curve(&self, x: &Uint<L>, y: &Uint<L>) -> bool {
        let f = self.field();
        let x = f.elem(x);
        let y = f.elem(y);
        y.square() == x.square() * x + f.a * x + f.b
    }

    /// GOST R 34.10 verification ([RFC 7091] section 6.2) as the first
    /// verifier computed it: inversions mod q and mod p by crypto-bigint,
    /// the affine x reduced mod q and compared with r.
    ///
    /// [RFC 7091]: https://www.rfc-editor.org/rfc/rfc7091#section-6.2
    pub(super) fn reference_verify(&self, point: &[u8], digest: &[u8], signature: &[u8]) -> bool {
        let len = L * crypto_bigint::Limb::BYTES;
        if signature.len() != 2 * len || digest.len() != len {
            return false;
        }
        let Some((qx, qy)) = self.reference_decode_point(point) else {
            return false;
        };
        let (rb, sb) = signature.split_at(len);
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

    /// The x coordinate of k*G.
    pub(super) fn reference_mul_base_x(&self, k: &Uint<L>) -> Option<Uint<L>> {
        let f = self.field();
        let g = Point::affine(&f, &self.gx, &self.gy);
        let inf = Point::infinity(&f);
        double_mul(&f, k, &g, &Uint::ZERO, &inf).affine_x()
    }

    /// The base point is on the curve, q*G is the point at infinity and
    /// (q-1)*G = -G.
    pub(super) fn reference_self_test(&self) {
        let f = self.field();
        assert!(
            self.reference_on_curve(&self.gx, &self.gy),
            "base point on the curve"
        );
        let g = Point::affine(&f, &self.gx, &self.gy);
        let inf = Point::infinity(&f);
        let qg = double_mul(&f, &self.q, &g, &Uint::ZERO, &inf);
        assert!(qg.is_infinity(), "q*G = O");
        let q1 = self.q.wrapping_sub(&Uint::ONE);
        let q1g = double_mul(&f, &q1, &g, &Uint::ZERO, &inf);
        assert_eq!(q1g.affine_x(), Some(self.gx), "(q-1)*G = -G");
        let two_g = g.double(&f);
        let g_plus_g = double_mul(&f, &Uint::ONE, &g, &Uint::ONE, &g);
        assert_eq!(two_g.affine_x(), g_plus_g.affine_x());
    }
}
