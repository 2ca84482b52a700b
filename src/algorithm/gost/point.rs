//! Points on the GOST curves y^2 = x^3 - 3x + b (both curves the library
//! implements have a = -3 and prime order q, cofactor 1), over the
//! pseudo-Mersenne fields of [`super::field`].
//!
//! Two sets of formulas, for two kinds of data:
//!
//! * **Verification** (public data, variable-time): Jacobian coordinates
//!   with the a = -3 doubling ("dbl-2001-b", 3M + 5S) and additions
//!   ("add-2007-bl", "madd-2007-bl" for an affine second point) of the
//!   Explicit-Formulas Database, and `z1*G + z2*Q` by Straus' method over
//!   width-w NAFs: one shared chain of doublings, a precomputed table of
//!   odd multiples of G (width 8, built once per process) and a table of
//!   odd multiples of Q (width 5, built per signature).
//! * **Signing** (secret scalars, constant-time): homogeneous projective
//!   coordinates with the complete mixed addition of Renes, Costello and
//!   Batina ("Complete addition formulas for prime order elliptic curves",
//!   EUROCRYPT 2016, algorithm 5, a = -3): one formula for every pair of
//!   points, so no branch on the points. `k*G` is a fixed-base comb: k in
//!   signed radix-16 digits, each looked up in its own row of a
//!   precomputed table `j * 16^i * G` (j = 1..8) by scanning the whole row
//!   with masks, so neither the branches nor the memory addresses depend
//!   on k. There are no doublings at all.

use std::sync::OnceLock;

use zeroize::Zeroize;

use super::field::{mask, Fe};

/// An affine point (x, y) (never the point at infinity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Affine<const N: usize, const C: u64> {
    pub(super) x: Fe<N, C>,
    pub(super) y: Fe<N, C>,
}

/// A point in Jacobian coordinates (X/Z^2, Y/Z^3); Z = 0 is the point at
/// infinity. Variable-time: public data only.
#[derive(Clone, Copy, Debug)]
pub(super) struct Jacobian<const N: usize, const C: u64> {
    x: Fe<N, C>,
    y: Fe<N, C>,
    z: Fe<N, C>,
}

/// A point in homogeneous projective coordinates (X/Z, Y/Z); the point at
/// infinity is (0 : 1 : 0). Its arithmetic is constant-time.
#[derive(Clone, Copy, Debug)]
pub(super) struct Projective<const N: usize, const C: u64> {
    x: Fe<N, C>,
    y: Fe<N, C>,
    z: Fe<N, C>,
}

/// Width of the NAF of the multiplier of G in verification (its table
/// holds 2^(w-2) = 64 odd multiples).
const G_WINDOW: u32 = 8;
/// Width of the NAF of the multiplier of the public key (8 odd multiples).
const Q_WINDOW: u32 = 5;
/// Signed digits of a scalar: at most 64N + 1 of them (N <= 8).
const MAX_DIGITS: usize = 8 * 64 + 1;

/// A curve y^2 = x^3 - 3x + b with base point G of prime order q, and its
/// precomputed tables of multiples of G (built on first use).
pub(super) struct Curve<const N: usize, const C: u64> {
    /// The coefficient b.
    pub(super) b: Fe<N, C>,
    /// The base point G.
    pub(super) g: Affine<N, C>,
    tables: OnceLock<Tables<N, C>>,
}

/// Segments a scalar is split into for the verification of a prepared
/// key: each of 4N bits, so the chain of doublings is a sixteenth as long.
/// (Eight segments cost 12% more time, 32 segments 7% more: each segment's
/// NAF ends with a few digits of its own.)
const SEGMENTS: usize = 16;
/// Width of the NAFs of a prepared key's segments (32 odd multiples each:
/// 64 KiB for a 512-bit key).
const KEY_WINDOW: u32 = 7;
/// Width of the NAFs of the segments of the multiplier of G (256 odd
/// multiples each: 512 KiB for the 512-bit curve, built once).
const G_SPLIT_WINDOW: u32 = 10;
/// Bits of a digit of the signer's comb (R = 2^COMB_WIDTH).
const COMB_WIDTH: usize = 6;
/// Entries of a comb row: the multiples 1..R/2 of its power of R.
const COMB_ENTRIES: usize = 1 << (COMB_WIDTH - 1);
/// Signed digits of a segment: at most 64 * 8 / SEGMENTS + 1.
const SEGMENT_DIGITS: usize = 64 * 8 / SEGMENTS + 1;

/// The precomputed multiples of G.
struct Tables<const N: usize, const C: u64> {
    /// `(2i + 1) * G` for i in 0..2^(G_WINDOW - 2).
    odd: Vec<Affine<N, C>>,
    /// Segment j: `(2i + 1) * 2^(4N j) * G` for i in 0..2^(G_SPLIT_WINDOW - 2).
    split: Vec<Vec<Affine<N, C>>>,
    /// Row i holds `j * R^i * G` for j = 1..R/2, R = 2^COMB_WIDTH; one row
    /// per digit of the signed radix-R recoding of a 64N-bit scalar.
    comb: Vec<[Affine<N, C>; COMB_ENTRIES]>,
}

impl<const N: usize, const C: u64> Affine<N, C> {
    /// Whether (x, y) satisfies y^2 = x^3 - 3x + b.
    pub(super) fn is_on(&self, curve: &Curve<N, C>) -> bool {
        let x3 = self.x.square().mul(&self.x);
        let three_x = self.x.double().add(&self.x);
        self.y.square() == x3.sub(&three_x).add(&curve.b)
    }

    fn neg(&self) -> Self {
        Affine {
            x: self.x,
            y: self.y.neg(),
        }
    }
}

impl<const N: usize, const C: u64> Jacobian<N, C> {
    pub(super) const INFINITY: Self = Jacobian {
        x: Fe::ONE,
        y: Fe::ONE,
        z: Fe::ZERO,
    };

    pub(super) fn from_affine(p: &Affine<N, C>) -> Self {
        Jacobian {
            x: p.x,
            y: p.y,
            z: Fe::ONE,
        }
    }

    pub(super) fn is_infinity(&self) -> bool {
        self.z.is_zero()
    }

    fn neg(&self) -> Self {
        Jacobian {
            x: self.x,
            y: self.y.neg(),
            z: self.z,
        }
    }

    /// 2P, "dbl-2001-b" (a = -3). The point at infinity stays at infinity
    /// (Z3 = 0); with prime order no finite point has y = 0.
    pub(super) fn double(&self) -> Self {
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x.mul(&gamma);
        let t = self.x.sub(&delta).mul(&self.x.add(&delta));
        let alpha = t.double().add(&t);
        let beta4 = beta.double().double();
        let x3 = alpha.square().sub(&beta4.double());
        let z3 = self.y.add(&self.z).square().sub(&gamma).sub(&delta);
        let gamma2 = gamma.square();
        let y3 = alpha
            .mul(&beta4.sub(&x3))
            .sub(&gamma2.double().double().double());
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q, "add-2007-bl", with the exceptional cases handled by branches.
    pub(super) fn add(&self, other: &Self) -> Self {
        if self.is_infinity() {
            return *other;
        }
        if other.is_infinity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = other.z.square();
        let u1 = self.x.mul(&z2z2);
        let u2 = other.x.mul(&z1z1);
        let s1 = self.y.mul(&other.z).mul(&z2z2);
        let s2 = other.y.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&u1);
        let r = s2.sub(&s1).double();
        if h.is_zero() {
            return if r.is_zero() {
                self.double()
            } else {
                Self::INFINITY
            };
        }
        let i = h.double().square();
        let j = h.mul(&i);
        let v = u1.mul(&i);
        let x3 = r.square().sub(&j).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&s1.mul(&j).double());
        let z3 = self.z.add(&other.z).square().sub(&z1z1).sub(&z2z2).mul(&h);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q for an affine Q, "madd-2007-bl".
    pub(super) fn add_affine(&self, other: &Affine<N, C>) -> Self {
        if self.is_infinity() {
            return Self::from_affine(other);
        }
        let z1z1 = self.z.square();
        let h = other.x.mul(&z1z1).sub(&self.x);
        if h.is_zero() {
            let r = other.y.mul(&self.z).mul(&z1z1).sub(&self.y);
            return if r.is_zero() {
                self.double()
            } else {
                Self::INFINITY
            };
        }
        self.add_affine_ct(other)
    }

    /// "madd-2007-bl" without the exceptional cases (constant-time): P
    /// must be finite and P != +-Q, or the result is meaningless.
    fn add_affine_ct(&self, other: &Affine<N, C>) -> Self {
        let z1z1 = self.z.square();
        let u2 = other.x.mul(&z1z1);
        let s2 = other.y.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&self.x);
        let r = s2.sub(&self.y).double();
        let hh = h.square();
        let i = hh.double().double();
        let j = h.mul(&i);
        let v = self.x.mul(&i);
        let x3 = r.square().sub(&j).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&self.y.mul(&j).double());
        let z3 = self.z.add(&h).square().sub(&z1z1).sub(&hh);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `b` where `choice` is 1, else `a` (constant-time).
    fn select(a: &Self, b: &Self, choice: u64) -> Self {
        Jacobian {
            x: Fe::select(&a.x, &b.x, choice),
            y: Fe::select(&a.y, &b.y, choice),
            z: Fe::select(&a.z, &b.z, choice),
        }
    }

    /// Overwrite the coordinates (they may hold a secret multiple of G).
    fn clear(&mut self) {
        self.x.0.zeroize();
        self.y.0.zeroize();
        self.z.0.zeroize();
    }

    /// Whether the affine x coordinate, reduced mod q, equals `r` (with
    /// 0 < r < q), without inverting Z: x = r or x = r + q (when that is
    /// below p), and X = x * Z^2.
    pub(super) fn x_mod_q_is(&self, r: &[u64; N], q: &[u64; N]) -> bool {
        if self.is_infinity() {
            return false;
        }
        let zz = self.z.square();
        let Some(r_fe) = Fe::<N, C>::from_limbs(*r) else {
            return false;
        };
        if r_fe.mul(&zz) == self.x {
            return true;
        }
        // r + q, if it does not overflow and is below p.
        let mut sum = [0u64; N];
        let mut carry = 0u64;
        for i in 0..N {
            let t = u128::from(r[i]) + u128::from(q[i]) + u128::from(carry);
            sum[i] = t as u64;
            carry = (t >> 64) as u64;
        }
        if carry != 0 {
            return false;
        }
        match Fe::<N, C>::from_limbs(sum) {
            Some(rq) => rq.mul(&zz) == self.x,
            None => false,
        }
    }
}

/// Affine forms of finite Jacobian points with one inversion (Montgomery's
/// trick). `None` if any is the point at infinity.
fn normalize_all<const N: usize, const C: u64>(
    points: &[Jacobian<N, C>],
) -> Option<Vec<Affine<N, C>>> {
    if points.iter().any(Jacobian::is_infinity) {
        return None;
    }
    // prefix[i] = z_0 * ... * z_i
    let mut prefix = Vec::with_capacity(points.len());
    let mut acc = Fe::ONE;
    for p in points {
        acc = acc.mul(&p.z);
        prefix.push(acc);
    }
    let mut inv = acc.invert();
    let mut out = vec![
        Affine {
            x: Fe::ZERO,
            y: Fe::ZERO
        };
        points.len()
    ];
    for i in (0..points.len()).rev() {
        let zinv = if i == 0 { inv } else { inv.mul(&prefix[i - 1]) };
        inv = inv.mul(&points[i].z);
        let zinv2 = zinv.square();
        out[i] = Affine {
            x: points[i].x.mul(&zinv2),
            y: points[i].y.mul(&zinv2).mul(&zinv),
        };
    }
    Some(out)
}

/// `(2i + 1) * P` for i in 0..count, Jacobian.
fn odd_multiples<const N: usize, const C: u64>(
    p: &Jacobian<N, C>,
    count: usize,
) -> Vec<Jacobian<N, C>> {
    let two_p = p.double();
    let mut out = Vec::with_capacity(count);
    out.push(*p);
    for i in 1..count {
        out.push(out[i - 1].add(&two_p));
    }
    out
}

/// Odd multiples `(2i + 1) * 2^(4N j) * P` (i below 2^(w-2)) for each
/// segment j, affine; empty if P is the point at infinity.
fn split_tables<const N: usize, const C: u64>(
    p: &Jacobian<N, C>,
    w: u32,
) -> Vec<Vec<Affine<N, C>>> {
    let count = 1 << (w - 2);
    let mut all = Vec::with_capacity(SEGMENTS * count);
    let mut base = *p;
    for j in 0..SEGMENTS {
        if j > 0 {
            for _ in 0..segment_bits(N) {
                base = base.double();
            }
        }
        all.extend(odd_multiples(&base, count));
    }
    normalize_all(&all)
        .map(|a| {
            a.chunks_exact(count)
                .map(<[Affine<N, C>]>::to_vec)
                .collect()
        })
        .unwrap_or_default()
}

/// Bits in a segment of a 64N-bit scalar.
const fn segment_bits(n: usize) -> usize {
    64 * n / SEGMENTS
}

/// A prepared public key's precomputed multiples.
pub(super) struct KeyTables<const N: usize, const C: u64> {
    split: Vec<Vec<Affine<N, C>>>,
}

impl<const N: usize, const C: u64> KeyTables<N, C> {
    /// The memory the tables of one key hold (64 KiB for 512 bits).
    pub(super) const BYTES: usize =
        SEGMENTS * (1 << (KEY_WINDOW - 2)) * std::mem::size_of::<Affine<N, C>>();
}

/// The width-w NAF of bits `from .. from + bits` of a scalar (little-endian
/// limbs), read as a number k: digits d_i, zero or odd with
/// |d_i| < 2^(w-1), such that k = sum d_i 2^i. Returns the digits and the
/// index one past the highest nonzero one. `bits` must be below D.
/// Variable-time.
fn wnaf<const N: usize, const D: usize>(
    k: &[u64; N],
    from: usize,
    bits: usize,
    w: u32,
) -> ([i16; D], usize) {
    let bits = bits.min(D - 1);
    let bit = |i: usize| -> u64 {
        let at = from + i;
        k.get(at / 64).map_or(0, |limb| (limb >> (at % 64)) & 1)
    };
    let mut digits = [0i16; D];
    let mut len = 0;
    let mut carry = 0u64;
    let mut i = 0;
    while i < bits {
        if bit(i) == carry {
            i += 1;
            continue;
        }
        // Near the top fewer than w bits remain; the digit read there is
        // below 2^(w-1) (it is odd), so it leaves no carry.
        let now = (w as usize).min(bits - i);
        let mut word = carry;
        for j in 0..now {
            word += bit(i + j) << j;
        }
        carry = (word >> (w - 1)) & 1;
        let digit = word as i64 - ((carry << w) as i64);
        digits[i] = digit as i16;
        len = i + 1;
        i += now;
    }
    if carry != 0 {
        digits[i] = 1;
        len = i + 1;
    }
    (digits, len)
}

impl<const N: usize, const C: u64> Curve<N, C> {
    /// A curve from its coefficient b, base point and order.
    pub(super) const fn new(b: Fe<N, C>, g: Affine<N, C>) -> Self {
        Curve {
            b,
            g,
            tables: OnceLock::new(),
        }
    }

    fn tables(&self) -> &Tables<N, C> {
        self.tables.get_or_init(|| self.build_tables())
    }

    fn build_tables(&self) -> Tables<N, C> {
        let g = Jacobian::from_affine(&self.g);
        let odd = odd_multiples(&g, 1 << (G_WINDOW - 2));
        let rows = comb_rows(N);
        let mut comb = Vec::with_capacity(rows * COMB_ENTRIES);
        let mut base = g;
        for _ in 0..rows {
            let mut p = base;
            comb.push(p);
            for _ in 1..COMB_ENTRIES {
                p = p.add(&base);
                comb.push(p);
            }
            base = p.double();
        }
        // No entry j * 2^(wi) * G is the point at infinity: q is an odd
        // prime above j, so it divides no j * 2^(wi).
        let split = split_tables(&g, G_SPLIT_WINDOW);
        let odd = normalize_all(&odd).unwrap_or_default();
        let comb = normalize_all(&comb)
            .unwrap_or_default()
            .chunks_exact(COMB_ENTRIES)
            .filter_map(|row| <[Affine<N, C>; COMB_ENTRIES]>::try_from(row).ok())
            .collect();
        Tables { odd, comb, split }
    }

    /// The tables that make `key` a prepared key: odd multiples of
    /// `2^(4N j) * key` for each segment j. About the cost of three
    /// verifications.
    pub(super) fn key_tables(&self, key: &Affine<N, C>) -> KeyTables<N, C> {
        KeyTables {
            split: split_tables(&Jacobian::from_affine(key), KEY_WINDOW),
        }
    }

    /// `z1*G + z2*Q` for a prepared Q (variable-time): both scalars split
    /// into 16 segments of 4N bits, 32 NAFs in one Straus chain of 4N
    /// doublings over the precomputed tables.
    pub(super) fn double_mul_prepared(
        &self,
        z1: &[u64; N],
        z2: &[u64; N],
        key: &KeyTables<N, C>,
    ) -> Jacobian<N, C> {
        let tables = self.tables();
        let complete = |t: &[Vec<Affine<N, C>>], w: u32| {
            t.len() == SEGMENTS && t.iter().all(|seg| seg.len() == 1 << (w - 2))
        };
        if !complete(&tables.split, G_SPLIT_WINDOW) || !complete(&key.split, KEY_WINDOW) {
            return Jacobian::INFINITY;
        }
        let mut nafs = Vec::with_capacity(2 * SEGMENTS);
        for (scalar, w, table) in [
            (z1, G_SPLIT_WINDOW, &tables.split),
            (z2, KEY_WINDOW, &key.split),
        ] {
            for (j, seg) in table.iter().enumerate() {
                let bits = segment_bits(N);
                let (digits, len) = wnaf::<N, SEGMENT_DIGITS>(scalar, j * bits, bits, w);
                nafs.push((digits, len, seg));
            }
        }
        let top = nafs.iter().map(|n| n.1).max().unwrap_or(0);
        let mut acc = Jacobian::INFINITY;
        for i in (0..top).rev() {
            acc = acc.double();
            for (digits, _, table) in &nafs {
                let d = digits[i];
                if d > 0 {
                    acc = acc.add_affine(&table[(d as usize) / 2]);
                } else if d < 0 {
                    acc = acc.add_affine(&table[(-d as usize) / 2].neg());
                }
            }
        }
        acc
    }

    /// `z1*G + z2*Q` (variable-time; public scalars and point).
    pub(super) fn double_mul(
        &self,
        z1: &[u64; N],
        z2: &[u64; N],
        key: &Affine<N, C>,
    ) -> Jacobian<N, C> {
        let tables = self.tables();
        if tables.odd.len() != 1 << (G_WINDOW - 2) {
            return Jacobian::INFINITY;
        }
        let q_table = odd_multiples(&Jacobian::from_affine(key), 1 << (Q_WINDOW - 2));
        let (d1, len1) = wnaf::<N, MAX_DIGITS>(z1, 0, 64 * N, G_WINDOW);
        let (d2, len2) = wnaf::<N, MAX_DIGITS>(z2, 0, 64 * N, Q_WINDOW);
        let mut acc = Jacobian::INFINITY;
        for i in (0..len1.max(len2)).rev() {
            acc = acc.double();
            let d = d1[i];
            if d > 0 {
                acc = acc.add_affine(&tables.odd[(d as usize) / 2]);
            } else if d < 0 {
                acc = acc.add_affine(&tables.odd[(-d as usize) / 2].neg());
            }
            let d = d2[i];
            if d > 0 {
                acc = acc.add(&q_table[(d as usize) / 2]);
            } else if d < 0 {
                acc = acc.add(&q_table[(-d as usize) / 2].neg());
            }
        }
        acc
    }

    /// `k*G` for a secret k below 2^(64N), constant-time: the signed
    /// radix-R digits of k (R = 2^COMB_WIDTH) select one entry of each comb
    /// row by a masked scan of the whole row, and the entries are summed.
    /// `None` (checked only on the public result) if the tables could not
    /// be built.
    ///
    /// Before row i the sum is a*G with |a| < R^i and the entry is
    /// d*R^i*G with 1 <= |d| <= R/2, so the sum is the point at infinity
    /// only while every digit so far was 0, and it equals plus or minus the
    /// entry only if q divides a -/+ d*R^i, a nonzero integer below
    /// R^(i+1) in size: impossible while R^(i+1) <= 2^(64N-1) < q, that is
    /// for every row but the last two or three. Those rows use the cheaper
    /// Jacobian mixed addition, with the point at infinity handled by
    /// masked selects; the last ones use the complete projective formulas.
    pub(super) fn mul_base_ct(&self, k: &[u64; N]) -> Option<Projective<N, C>> {
        let tables = self.tables();
        if tables.comb.len() != comb_rows(N) {
            return None;
        }
        let safe_rows = (64 * N - 1) / COMB_WIDTH;
        let mut carry = 0u64;
        // Row i's entry, and 1 if its digit is nonzero.
        let mut entry = |i: usize, row: &[Affine<N, C>; COMB_ENTRIES]| {
            // Digit i of k plus the carry, in 0..=R, recoded to -R/2..R/2-1
            // (the last row takes only the final carry, 0 or 1). The
            // positions of the bits read are public.
            let v = window(k, i * COMB_WIDTH, COMB_WIDTH) + carry;
            carry = (v + COMB_ENTRIES as u64) >> COMB_WIDTH;
            let digit = v.wrapping_sub(carry << COMB_WIDTH); // two's complement
            let negative = digit >> 63;
            let abs = (digit ^ mask(negative)).wrapping_add(negative);
            let mut entry = Affine {
                x: Fe::ZERO,
                y: Fe::ZERO,
            };
            for (j, candidate) in row.iter().enumerate() {
                let hit = eq_ct(abs, j as u64 + 1);
                entry.x = Fe::select(&entry.x, &candidate.x, hit);
                entry.y = Fe::select(&entry.y, &candidate.y, hit);
            }
            entry.y = Fe::select(&entry.y, &entry.y.neg(), negative);
            (entry, 1 ^ eq_ct(abs, 0))
        };
        let mut jac = Jacobian::INFINITY;
        let mut at_infinity = 1u64;
        for (i, row) in tables.comb.iter().enumerate().take(safe_rows) {
            let (e, nonzero) = entry(i, row);
            let sum = jac.add_affine_ct(&e);
            let sum = Jacobian::select(&sum, &Jacobian::from_affine(&e), at_infinity);
            jac = Jacobian::select(&jac, &sum, nonzero);
            at_infinity &= 1 ^ nonzero;
        }
        // Jacobian (X, Y, Z) is homogeneous (X*Z : Y : Z^3).
        let mut acc = Projective {
            x: jac.x.mul(&jac.z),
            y: jac.y,
            z: jac.z.square().mul(&jac.z),
        };
        acc = Projective::select(&acc, &Projective::IDENTITY, at_infinity);
        jac.clear();
        for (i, row) in tables.comb.iter().enumerate().skip(safe_rows) {
            let (e, nonzero) = entry(i, row);
            let sum = acc.add_affine(&e, &self.b);
            acc = Projective::select(&acc, &sum, nonzero);
        }
        Some(acc)
    }
}

/// Rows of the comb for a 64N-bit scalar: its radix-2^COMB_WIDTH digits,
/// and one more for the recoding's final carry.
const fn comb_rows(n: usize) -> usize {
    (64 * n).div_ceil(COMB_WIDTH) + 1
}

/// Bits `from .. from + width` of k (zero past its end), `width` < 64.
/// The position is public; the bits may be secret, and are read the same
/// way whatever they are.
#[inline(always)]
fn window<const N: usize>(k: &[u64; N], from: usize, width: usize) -> u64 {
    let (word, shift) = (from / 64, from % 64);
    let low = k.get(word).map_or(0, |w| w >> shift);
    let high = match (shift, k.get(word + 1)) {
        (0, _) | (_, None) => 0,
        (s, Some(w)) => w << (64 - s),
    };
    (low | high) & ((1 << width) - 1)
}

/// 1 if a == b, else 0 (constant-time).
#[inline(always)]
fn eq_ct(a: u64, b: u64) -> u64 {
    let d = a ^ b;
    1 ^ ((d | d.wrapping_neg()) >> 63)
}

impl<const N: usize, const C: u64> Projective<N, C> {
    const IDENTITY: Self = Projective {
        x: Fe::ZERO,
        y: Fe::ONE,
        z: Fe::ZERO,
    };

    fn select(a: &Self, b: &Self, choice: u64) -> Self {
        Projective {
            x: Fe::select(&a.x, &b.x, choice),
            y: Fe::select(&a.y, &b.y, choice),
            z: Fe::select(&a.z, &b.z, choice),
        }
    }

    /// P + Q for an affine Q by Renes-Costello-Batina 2016, algorithm 5
    /// (a = -3), complete for every P, including P = Q, P = -Q and the
    /// identity.
    fn add_affine(&self, rhs: &Affine<N, C>, b: &Fe<N, C>) -> Self {
        let xx = self.x.mul(&rhs.x);
        let yy = self.y.mul(&rhs.y);
        let xy_pairs = self
            .x
            .add(&self.y)
            .mul(&rhs.x.add(&rhs.y))
            .sub(&xx.add(&yy));
        let yz_pairs = rhs.y.mul(&self.z).add(&self.y);
        let xz_pairs = rhs.x.mul(&self.z).add(&self.x);
        let bz_part = xz_pairs.sub(&b.mul(&self.z));
        let bz3_part = bz_part.double().add(&bz_part);
        let yy_m_bzz3 = yy.sub(&bz3_part);
        let yy_p_bzz3 = yy.add(&bz3_part);
        let z3 = self.z.double().add(&self.z);
        let bxz_part = b.mul(&xz_pairs).sub(&z3.add(&xx));
        let bxz3_part = bxz_part.double().add(&bxz_part);
        let xx3_m_zz3 = xx.double().add(&xx).sub(&z3);
        Projective {
            x: yy_p_bzz3.mul(&xy_pairs).sub(&yz_pairs.mul(&bxz3_part)),
            y: yy_p_bzz3.mul(&yy_m_bzz3).add(&xx3_m_zz3.mul(&bxz3_part)),
            z: yy_m_bzz3.mul(&yz_pairs).add(&xy_pairs.mul(&xx3_m_zz3)),
        }
    }

    /// The affine point, with Z inverted through `blind`, a secret
    /// uniformly random nonzero element: `invert` gets Z*blind, which is
    /// then uniformly random whatever Z is, so it may take variable time;
    /// Z^-1 = (Z*blind)^-1 * blind. `None` for the identity (Z = 0, which
    /// `invert` must refuse). Overwrites the point.
    pub(super) fn to_affine_blinded(
        mut self,
        blind: &Fe<N, C>,
        invert: impl FnOnce(&Fe<N, C>) -> Option<Fe<N, C>>,
    ) -> Option<Affine<N, C>> {
        let mut masked = self.z.mul(blind);
        let inverse = invert(&masked);
        masked.0.zeroize();
        let affine = inverse.map(|mut inverse| {
            let mut z_inv = inverse.mul(blind);
            inverse.0.zeroize();
            let affine = Affine {
                x: self.x.mul(&z_inv),
                y: self.y.mul(&z_inv),
            };
            z_inv.0.zeroize();
            affine
        });
        self.clear();
        affine
    }

    /// Overwrite the coordinates (they may hold a secret multiple of G).
    pub(super) fn clear(&mut self) {
        self.x.0.zeroize();
        self.y.0.zeroize();
        self.z.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn wnaf_reconstructs_the_scalar() {
        let k = [0xdead_beef_0123_4567u64, u64::MAX, 0, 1 << 63];
        for w in [2, 5, 8] {
            let (d, len) = wnaf::<4, MAX_DIGITS>(&k, 0, 256, w);
            // Rebuild k from the digits with i128 arithmetic per limb.
            let mut acc = [0i128; 5];
            for (i, &digit) in d[..len].iter().enumerate() {
                if digit != 0 {
                    assert!(digit % 2 != 0 && i32::from(digit).abs() < 1 << (w - 1));
                    acc[i / 64] += i128::from(digit) << (i % 64);
                }
            }
            for i in 0..4 {
                let carry = acc[i] >> 64;
                acc[i] -= carry << 64;
                acc[i + 1] += carry;
            }
            let got: Vec<u64> = acc[..4].iter().map(|&x| x as u64).collect();
            assert_eq!(got, k, "w = {w}");
            assert_eq!(acc[4], 0);
        }
    }
}

#[cfg(test)]
mod combination_tests {
    #![allow(clippy::unwrap_used)]
    use super::super::curve::{Gost, CPA, TC26};
    use super::*;

    fn affine<const N: usize, const C: u64>(p: Jacobian<N, C>) -> Option<Affine<N, C>> {
        normalize_all(&[p]).map(|v| v[0])
    }

    /// The split, prepared combination equals the plain one, for scalars
    /// at the edges (0, 1, q-1, all ones in a segment) and spread ones.
    fn agree<const N: usize, const C: u64>(gost: &Gost<N, C>) {
        let key_point = gost.curve.g; // any point works: take 7G
        let key = Jacobian::from_affine(&key_point);
        let seven = key.double().double().double().add(&key.neg());
        let key = affine(seven).unwrap();
        let tables = gost.curve.key_tables(&key);
        let q = *gost.q.as_words();
        let mut q1 = q;
        q1[0] -= 1;
        let mut scalars = vec![[0u64; N], q1];
        let mut one = [0u64; N];
        one[0] = 1;
        scalars.push(one);
        let mut seg = [0u64; N];
        seg[N / 4] = u64::MAX;
        scalars.push(seg);
        let mut state = 0x0123_4567_89ab_cdefu64;
        for _ in 0..6 {
            let mut k = [0u64; N];
            for limb in &mut k {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                *limb = state;
            }
            k[N - 1] >>= 1; // below q
            scalars.push(k);
        }
        for z1 in &scalars {
            for z2 in &scalars {
                let plain = affine(gost.curve.double_mul(z1, z2, &key));
                let split = affine(gost.curve.double_mul_prepared(z1, z2, &tables));
                assert_eq!(plain, split, "{z1:x?} {z2:x?}");
            }
        }
        // q*G + 0*Q and 0*G + q*Q are the point at infinity.
        assert!(gost.curve.double_mul(&q, &[0; N], &key).is_infinity());
        assert!(gost
            .curve
            .double_mul_prepared(&[0; N], &q, &tables)
            .is_infinity());
    }

    #[test]
    fn split_combination_agrees() {
        agree(&TC26);
        agree(&CPA);
    }
}
