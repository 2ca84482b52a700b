//! GF(p) for the two GOST primes, both pseudo-Mersenne: p = 2^(64N) - C
//! with a small C (paramSetA-512: 2^512 - 569; CryptoPro-A: 2^256 - 617).
//!
//! Elements are N little-endian 64-bit limbs, always fully reduced (below
//! p). A product of 2N limbs is reduced by folding its high half back in,
//! multiplied by C (since 2^(64N) = C mod p): no Montgomery form, no
//! division, no heap.
//!
//! Every operation runs the same instructions and touches the same memory
//! whatever the values: carries are added, not branched on, and the final
//! conditional subtractions select with masks. The signer relies on this;
//! the verifier, which handles public data only, uses the same code.

// Limb loops index several arrays in step, as the formulas are written.
#![allow(clippy::needless_range_loop)]

use std::hint::black_box;

/// An element of GF(2^(64N) - C), below p.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Fe<const N: usize, const C: u64>(pub(super) [u64; N]);

#[inline(always)]
fn adc(a: u64, b: u64, carry: u64) -> (u64, u64) {
    let t = u128::from(a) + u128::from(b) + u128::from(carry);
    (t as u64, (t >> 64) as u64)
}

#[inline(always)]
fn sbb(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let t = u128::from(a).wrapping_sub(u128::from(b) + u128::from(borrow));
    (t as u64, (t >> 127) as u64)
}

/// `acc + a*b + carry` as (low, high); never overflows.
#[inline(always)]
fn mac(acc: u64, a: u64, b: u64, carry: u64) -> (u64, u64) {
    let t = u128::from(acc) + u128::from(a) * u128::from(b) + u128::from(carry);
    (t as u64, (t >> 64) as u64)
}

/// All ones for 1, all zeros for 0. `black_box` keeps the compiler from
/// turning the mask back into a branch.
#[inline(always)]
pub(super) fn mask(bit: u64) -> u64 {
    black_box(0u64.wrapping_sub(bit))
}

impl<const N: usize, const C: u64> Fe<N, C> {
    /// The limb counts this code is written for (the product needs 2N
    /// limbs of scratch space, C*C must fit in a limb).
    const SUPPORTED: () = assert!(N >= 2 && N <= 8 && C < 1 << 16);

    /// Bytes in an element.
    pub(super) const BYTES: usize = 8 * N;

    /// 0.
    pub(super) const ZERO: Self = Fe([0; N]);

    /// 1.
    pub(super) const ONE: Self = {
        let mut l = [0; N];
        l[0] = 1;
        Fe(l)
    };

    /// p as limbs.
    pub(super) const P: [u64; N] = {
        let mut l = [u64::MAX; N];
        l[0] = 0u64.wrapping_sub(C);
        l
    };

    /// The element with these limbs if they are below p.
    pub(super) fn from_limbs(l: [u64; N]) -> Option<Self> {
        less_than(&l, &Self::P).then_some(Fe(l))
    }

    /// The element of `N*8` little-endian bytes, if below p.
    pub(super) fn from_le_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != Self::BYTES {
            return None;
        }
        let mut l = [0u64; N];
        for (limb, chunk) in l.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            *limb = u64::from_le_bytes(b);
        }
        Self::from_limbs(l)
    }

    /// The `N*8` little-endian bytes.
    pub(super) fn write_le_bytes(&self, out: &mut Vec<u8>) {
        for limb in &self.0 {
            out.extend_from_slice(&limb.to_le_bytes());
        }
    }

    /// `r mod p` for any `r` below 2^(64N): subtract p (add C and drop
    /// the top carry) when that does not borrow.
    #[inline(always)]
    fn reduce_once(r: [u64; N]) -> Self {
        let mut s = [0u64; N];
        let mut c;
        (s[0], c) = adc(r[0], C, 0);
        for i in 1..N {
            (s[i], c) = adc(r[i], 0, c);
        }
        // c = 1 exactly when r + C >= 2^(64N), i.e. r >= p.
        let m = mask(c);
        for i in 0..N {
            s[i] = (s[i] & m) | (r[i] & !m);
        }
        Fe(s)
    }

    /// `t mod p` for a 2N-limb `t` (in `t[..2N]`).
    #[inline(always)]
    fn reduce_wide(t: &[u64; 16]) -> Self {
        let mut r = [0u64; N];
        // lo + hi*C: below 2^(64N) * (C + 1), the excess in `carry` <= C.
        let mut carry = 0;
        for i in 0..N {
            (r[i], carry) = mac(t[i], t[i + N], C, carry);
        }
        // Fold carry*C (below 2^32) in: at most one more overflow bit.
        let mut c;
        (r[0], c) = mac(r[0], carry, C, 0);
        for limb in r.iter_mut().skip(1) {
            (*limb, c) = adc(*limb, 0, c);
        }
        // If it overflowed, what is left is below 2^33, so adding C once
        // more cannot carry out of the lowest limb.
        r[0] += c * C;
        Self::reduce_once(r)
    }

    /// self + rhs.
    #[inline(always)]
    pub(super) fn add(&self, rhs: &Self) -> Self {
        let () = Self::SUPPORTED;
        let mut s = [0u64; N];
        let mut c = 0;
        for i in 0..N {
            (s[i], c) = adc(self.0[i], rhs.0[i], c);
        }
        // s + c*2^(64N) < 2p. With a carry the true sum minus p is
        // s + C (which cannot carry again); without one, reduce once.
        let mut t = [0u64; N];
        let mut c2;
        (t[0], c2) = adc(s[0], C, 0);
        for i in 1..N {
            (t[i], c2) = adc(s[i], 0, c2);
        }
        let m = mask(c | c2);
        for i in 0..N {
            t[i] = (t[i] & m) | (s[i] & !m);
        }
        Fe(t)
    }

    /// self - rhs.
    #[inline(always)]
    pub(super) fn sub(&self, rhs: &Self) -> Self {
        let mut d = [0u64; N];
        let mut b = 0;
        for i in 0..N {
            (d[i], b) = sbb(self.0[i], rhs.0[i], b);
        }
        // On a borrow d = self - rhs + 2^(64N); adding p is subtracting C
        // (it cannot borrow again: d > C there).
        let mut b2;
        (d[0], b2) = sbb(d[0], C & mask(b), 0);
        for limb in d.iter_mut().skip(1) {
            (*limb, b2) = sbb(*limb, 0, b2);
        }
        Fe(d)
    }

    /// -self.
    #[inline(always)]
    pub(super) fn neg(&self) -> Self {
        Self::ZERO.sub(self)
    }

    /// 2*self.
    #[inline(always)]
    pub(super) fn double(&self) -> Self {
        self.add(self)
    }

    /// self * rhs: the 2N-limb product row by row, then reduced.
    #[inline(always)]
    pub(super) fn mul(&self, rhs: &Self) -> Self {
        let () = Self::SUPPORTED;
        let (a, b) = (&self.0, &rhs.0);
        let mut t = [0u64; 16];
        for i in 0..N {
            let mut carry = 0;
            for j in 0..N {
                (t[i + j], carry) = mac(t[i + j], a[i], b[j], carry);
            }
            t[i + N] = carry;
        }
        Self::reduce_wide(&t)
    }

    /// self^2, with each cross product computed once.
    #[inline(always)]
    pub(super) fn square(&self) -> Self {
        let () = Self::SUPPORTED;
        let a = &self.0;
        let mut t = [0u64; 16];
        for i in 0..N {
            let mut carry = 0;
            for j in i + 1..N {
                (t[i + j], carry) = mac(t[i + j], a[i], a[j], carry);
            }
            t[i + N] = carry;
        }
        // Double the cross products.
        for k in (1..2 * N).rev() {
            t[k] = t[k] << 1 | t[k - 1] >> 63;
        }
        t[0] <<= 1;
        // Add the squares on the diagonal.
        let mut c = 0;
        for i in 0..N {
            let sq = u128::from(a[i]) * u128::from(a[i]);
            (t[2 * i], c) = adc(t[2 * i], sq as u64, c);
            (t[2 * i + 1], c) = adc(t[2 * i + 1], (sq >> 64) as u64, c);
        }
        Self::reduce_wide(&t)
    }

    /// self^(2^k).
    pub(super) fn square_n(&self, k: usize) -> Self {
        let mut x = *self;
        for _ in 0..k {
            x = x.square();
        }
        x
    }

    /// self^-1 (0 for 0) as self^(p-2), the same work for every element.
    ///
    /// p - 2 = 2^(64N) - C - 2 is 64N - 16 one bits followed by the 16-bit
    /// number 2^16 - C - 2: an addition chain gives self^(2^L - 1) for
    /// L = 64N - 16 from the powers self^(2^(2^j) - 1) (L - 1 squarings
    /// and a dozen multiplications), then four 4-bit windows the rest.
    pub(super) fn invert(&self) -> Self {
        let long = 64 * N - 16;
        // pows[j] = self^(2^(2^j) - 1) for 2^j <= L (L < 2^9).
        let mut pows = [*self; 9];
        let mut top = 0;
        while top + 1 < pows.len() && 1 << (top + 1) <= long {
            pows[top + 1] = pows[top].square_n(1 << top).mul(&pows[top]);
            top += 1;
        }
        let mut acc = pows[top];
        for (b, pow) in pows.iter().enumerate().take(top).rev() {
            if long >> b & 1 == 1 {
                acc = acc.square_n(1 << b).mul(pow);
            }
        }
        // The low 16 bits of the exponent, by 4-bit windows (the exponent
        // is public: indexing by it leaks nothing).
        let low = (1u64 << 16) - C - 2;
        let mut table = [Self::ONE; 16];
        for i in 1..16 {
            table[i] = table[i - 1].mul(self);
        }
        for w in (0..4).rev() {
            acc = acc
                .square_n(4)
                .mul(&table[((low >> (4 * w)) & 0xf) as usize]);
        }
        acc
    }

    /// Whether zero (for public values).
    pub(super) fn is_zero(&self) -> bool {
        self.0.iter().all(|&l| l == 0)
    }

    /// `b` where `choice` is 1, else `a` (constant-time).
    #[inline(always)]
    pub(super) fn select(a: &Self, b: &Self, choice: u64) -> Self {
        let m = mask(choice);
        let mut r = [0u64; N];
        for i in 0..N {
            r[i] = (b.0[i] & m) | (a.0[i] & !m);
        }
        Fe(r)
    }
}

/// Whether `a < b` as integers (variable-time: public values).
pub(super) fn less_than<const N: usize>(a: &[u64; N], b: &[u64; N]) -> bool {
    for i in (0..N).rev() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
    }
    false
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
    use crypto_bigint::Uint;

    /// The field of id-tc26-gost-3410-12-512-paramSetA, p = 2^512 - 569.
    type Fe512 = Fe<8, 569>;

    fn small<const N: usize, const C: u64>(v: u64) -> Fe<N, C> {
        let mut l = [0; N];
        l[0] = v;
        Fe(l)
    }

    /// A deterministic stream of limbs (xorshift64*).
    fn limbs<const N: usize>(state: &mut u64) -> [u64; N] {
        let mut l = [0u64; N];
        for limb in &mut l {
            *state ^= *state >> 12;
            *state ^= *state << 25;
            *state ^= *state >> 27;
            *limb = state.wrapping_mul(0x2545_F491_4F6C_DD1D);
        }
        l
    }

    /// Elements that stress the carries: 0, 1, p-1, p-2, 2^(64N-1),
    /// values just below p, and pseudo-random ones.
    fn samples<const N: usize, const C: u64>() -> Vec<Fe<N, C>> {
        let mut out = vec![Fe::ZERO, Fe::ONE, small(C), small(C + 1)];
        let mut pm1 = Fe::<N, C>::P;
        pm1[0] -= 1;
        out.push(Fe(pm1));
        let mut pm2 = pm1;
        pm2[0] -= 1;
        out.push(Fe(pm2));
        let mut top = [0u64; N];
        top[N - 1] = 1 << 63;
        out.push(Fe(top));
        let mut low_ones = [0u64; N];
        low_ones[0] = u64::MAX;
        out.push(Fe(low_ones));
        let mut state = 0x9E37_79B9_7F4A_7C15 ^ C;
        while out.len() < 60 {
            if let Some(x) = Fe::from_limbs(limbs::<N>(&mut state)) {
                out.push(x);
            }
        }
        out
    }

    fn check<const N: usize, const C: u64>() {
        let p = Uint::<N>::from_words(Fe::<N, C>::P);
        let params = DynResidueParams::new(&p);
        let r = |x: &Fe<N, C>| DynResidue::new(&Uint::from_words(x.0), params);
        let back = |x: DynResidue<N>| x.retrieve().to_words();
        let xs = samples::<N, C>();
        for a in &xs {
            assert_eq!(a.square().0, back(r(a).square()), "square {a:?}");
            assert_eq!(a.neg().0, back(-r(a)), "neg {a:?}");
            if !a.is_zero() {
                assert_eq!(a.invert().mul(a), Fe::ONE, "invert {a:?}");
            }
            for b in &xs {
                assert_eq!(a.mul(b).0, back(r(a) * r(b)), "mul {a:?} {b:?}");
                assert_eq!(a.add(b).0, back(r(a) + r(b)), "add {a:?} {b:?}");
                assert_eq!(a.sub(b).0, back(r(a) - r(b)), "sub {a:?} {b:?}");
            }
        }
        assert_eq!(Fe::<N, C>::ZERO.invert(), Fe::ZERO);
        assert_eq!(Fe::<N, C>::from_limbs(Fe::<N, C>::P), None);
    }

    #[test]
    fn arithmetic_agrees_with_crypto_bigint() {
        check::<8, 569>();
        check::<4, 617>();
    }

    #[test]
    fn bytes_round_trip_and_range() {
        let mut bytes = vec![0u8; 64];
        bytes[0] = 7;
        bytes[63] = 0x80;
        let x = Fe512::from_le_bytes(&bytes).unwrap();
        let mut out = Vec::new();
        x.write_le_bytes(&mut out);
        assert_eq!(out, bytes);
        assert_eq!(Fe512::from_le_bytes(&[0xff; 64]), None, "above p");
        assert_eq!(Fe512::from_le_bytes(&[0; 63]), None, "short");
        let mut p = Vec::new();
        Fe::<8, 569>(Fe512::P).write_le_bytes(&mut p);
        assert_eq!(Fe512::from_le_bytes(&p), None, "p itself");
    }
}
