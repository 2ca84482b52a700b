//! Modular inversion in variable time, by the "safegcd" divsteps of
//! Bernstein and Yang ("Fast constant-time gcd computation and modular
//! inversion", TCHES 2019), batched 62 at a time as in libsecp256k1 (its
//! `doc/safegcd_implementation.md` describes the algorithm and proves the
//! bounds used here).
//!
//! For values that are public (the verifier's e^-1 mod q) or blinded by a
//! secret random factor (the signer's Z, see [`super::sign`]): the number
//! of batches and the branches in them depend on the value. About six
//! times fewer instructions than the binary extended Euclidean algorithm
//! on crypto-bigint's integers that it replaced.
//!
//! Numbers are kept in "signed62" form: `L` limbs of 62 bits, the low
//! ones in `0..2^62`, the top one signed, so that the 2x2 matrices of 62
//! divsteps (entries below 2^62 in size) apply with `i128` products.

/// Bits in a limb.
const BITS: u32 = 62;
/// The low 62 bits.
const MASK: u64 = (1 << BITS) - 1;
/// Limbs of the widest modulus (512 bits and two bits of headroom).
const MAX_LIMBS: usize = 9;

/// A signed number in signed62 form (only the first `limbs(N)` are used).
type Signed62 = [i64; MAX_LIMBS];

/// Limbs for a modulus of N 64-bit words: 64N + 2 bits (values lie in
/// (-2M, M)).
const fn limbs(n: usize) -> usize {
    (64 * n + 2).div_ceil(BITS as usize)
}

/// The number `a` (below 2^(64N)) in signed62 form.
fn to_signed62<const N: usize>(a: &[u64; N]) -> Signed62 {
    let mut out = [0i64; MAX_LIMBS];
    for (i, limb) in out.iter_mut().enumerate().take(limbs(N)) {
        let at = i * BITS as usize;
        let (word, shift) = (at / 64, at % 64);
        let low = a.get(word).map_or(0, |w| w >> shift);
        let high = match (shift, a.get(word + 1)) {
            (0, _) | (_, None) => 0,
            (s, Some(w)) => w << (64 - s),
        };
        *limb = ((low | high) & MASK) as i64;
    }
    out
}

/// A number in `0..2^(64N)` from signed62 form (its low limbs in range
/// and its top limb non-negative).
fn from_signed62<const N: usize>(x: &Signed62) -> [u64; N] {
    let mut out = [0u64; N];
    for (i, &limb) in x.iter().enumerate().take(limbs(N)) {
        let at = i * BITS as usize;
        let (word, shift) = (at / 64, at % 64);
        let limb = limb as u64;
        if let Some(w) = out.get_mut(word) {
            *w |= limb << shift;
        }
        if shift > 64 - BITS as usize {
            if let Some(w) = out.get_mut(word + 1) {
                *w |= limb >> (64 - shift);
            }
        }
    }
    out
}

/// 62 divsteps on the low bits of f (odd) and g: the new delta and the
/// transition matrix (u, v, q, r), scaled by 2^62.
fn divsteps(mut delta: i64, f0: u64, g0: u64) -> (i64, [i64; 4]) {
    let (mut f, mut g) = (f0, g0);
    let (mut u, mut v, mut q, mut r) = (1i64, 0i64, 0i64, 1i64);
    for _ in 0..BITS {
        if g & 1 == 0 {
            g >>= 1;
            u <<= 1;
            v <<= 1;
        } else if delta > 0 {
            delta = -delta;
            (f, g) = (g, g.wrapping_sub(f) >> 1);
            (u, v, q, r) = (q << 1, r << 1, q - u, r - v);
        } else {
            g = g.wrapping_add(f) >> 1;
            (u, v, q, r) = (u << 1, v << 1, q + u, r + v);
        }
        delta += 1;
    }
    (delta, [u, v, q, r])
}

/// (f, g) = (u f + v g, q f + r g) / 2^62 (exact).
fn update_fg(f: &mut Signed62, g: &mut Signed62, t: [i64; 4], len: usize) {
    let [u, v, q, r] = t.map(i128::from);
    let mut cf = u * i128::from(f[0]) + v * i128::from(g[0]);
    let mut cg = q * i128::from(f[0]) + r * i128::from(g[0]);
    cf >>= BITS;
    cg >>= BITS;
    for i in 1..len {
        cf += u * i128::from(f[i]) + v * i128::from(g[i]);
        cg += q * i128::from(f[i]) + r * i128::from(g[i]);
        f[i - 1] = (cf as u64 & MASK) as i64;
        g[i - 1] = (cg as u64 & MASK) as i64;
        cf >>= BITS;
        cg >>= BITS;
    }
    f[len - 1] = cf as i64;
    g[len - 1] = cg as i64;
}

/// (d, e) = (u d + v e, q d + r e) / 2^62 modulo M, each kept in (-2M, M):
/// a multiple of M is added to make the division exact.
fn update_de(
    d: &mut Signed62,
    e: &mut Signed62,
    t: [i64; 4],
    modulus: &Signed62,
    m_inv: u64,
    len: usize,
) {
    let [u, v, q, r] = t;
    let d_neg = d[len - 1] >> 63; // all ones if d < 0
    let e_neg = e[len - 1] >> 63;
    let mut md = (u & d_neg) + (v & e_neg);
    let mut me = (q & d_neg) + (r & e_neg);
    let (u, v, q, r) = (i128::from(u), i128::from(v), i128::from(q), i128::from(r));
    let mut cd = u * i128::from(d[0]) + v * i128::from(e[0]);
    let mut ce = q * i128::from(d[0]) + r * i128::from(e[0]);
    md -= (m_inv.wrapping_mul(cd as u64).wrapping_add(md as u64) & MASK) as i64;
    me -= (m_inv.wrapping_mul(ce as u64).wrapping_add(me as u64) & MASK) as i64;
    let (md, me) = (i128::from(md), i128::from(me));
    cd += i128::from(modulus[0]) * md;
    ce += i128::from(modulus[0]) * me;
    cd >>= BITS;
    ce >>= BITS;
    for i in 1..len {
        let m = i128::from(modulus[i]);
        cd += u * i128::from(d[i]) + v * i128::from(e[i]) + m * md;
        ce += q * i128::from(d[i]) + r * i128::from(e[i]) + m * me;
        d[i - 1] = (cd as u64 & MASK) as i64;
        e[i - 1] = (ce as u64 & MASK) as i64;
        cd >>= BITS;
        ce >>= BITS;
    }
    d[len - 1] = cd as i64;
    e[len - 1] = ce as i64;
}

/// a + b * sign (sign is 1 or -1), limbs renormalised.
fn add_signed(a: &Signed62, b: &Signed62, sign: i128, len: usize) -> Signed62 {
    let mut out = [0i64; MAX_LIMBS];
    let mut c: i128 = 0;
    for i in 0..len {
        c += i128::from(a[i]) + sign * i128::from(b[i]);
        out[i] = if i + 1 < len {
            (c as u64 & MASK) as i64
        } else {
            c as i64
        };
        c >>= BITS;
    }
    out
}

fn is_negative(x: &Signed62, len: usize) -> bool {
    x[len - 1] < 0
}

/// `a^-1 mod m` for an odd m, in variable time; `None` if a and m are not
/// coprime (a = 0 included). `a` must be below m.
pub(super) fn invert_vartime<const N: usize>(a: &[u64; N], m: &[u64; N]) -> Option<[u64; N]> {
    let len = limbs(N);
    if m[0] & 1 == 0 || len > MAX_LIMBS {
        return None;
    }
    // 1/m mod 2^64 by Newton's iteration (each step doubles the correct
    // bits; an odd m is its own inverse mod 8).
    let mut m_inv = m[0];
    for _ in 0..5 {
        m_inv = m_inv.wrapping_mul(2u64.wrapping_sub(m[0].wrapping_mul(m_inv)));
    }
    let modulus = to_signed62(m);
    let (mut f, mut g) = (modulus, to_signed62(a));
    let (mut d, mut e) = ([0i64; MAX_LIMBS], [0i64; MAX_LIMBS]);
    e[0] = 1;
    let mut delta = 1;
    // Each batch of 62 divsteps is guaranteed progress; 2.9 divsteps a bit
    // always suffice (the bound of the constant-time variant).
    for _ in 0..(64 * N * 3).div_ceil(BITS as usize) + 1 {
        if g[..len].iter().all(|&l| l == 0) {
            break;
        }
        let t;
        (delta, t) = divsteps(delta, f[0] as u64, g[0] as u64);
        update_fg(&mut f, &mut g, t, len);
        update_de(&mut d, &mut e, t, &modulus, m_inv, len);
    }
    if g[..len].iter().any(|&l| l != 0) {
        return None;
    }
    // f is now plus or minus gcd(a, m), and a^-1 = d * sign(f).
    let mut one = [0i64; MAX_LIMBS];
    one[0] = 1;
    let f_sign = if f[..len] == one[..len] {
        1
    } else if add_signed(&f, &one, 1, len)[..len].iter().all(|&l| l == 0) {
        -1
    } else {
        return None;
    };
    // d in (-2m, m): into (-m, m), times the sign, into [0, m).
    if is_negative(&d, len) {
        d = add_signed(&d, &modulus, 1, len);
    }
    if f_sign < 0 {
        d = add_signed(&[0; MAX_LIMBS], &d, -1, len);
    }
    if is_negative(&d, len) {
        d = add_signed(&d, &modulus, 1, len);
    }
    Some(from_signed62(&d))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
    use crypto_bigint::Uint;

    fn check<const N: usize>(m: &[u64; N]) {
        let params = DynResidueParams::new(&Uint::from_words(*m));
        let mut state = 0x0123_4567_89ab_cdefu64 ^ m[0];
        let mut values: Vec<[u64; N]> = Vec::new();
        for small in [1u64, 2, 3, 0xffff_ffff, u64::MAX] {
            let mut a = [0u64; N];
            a[0] = small;
            values.push(a);
        }
        let mut top = *m;
        top[0] -= 1; // m - 1
        values.push(top);
        top[0] -= 1; // m - 2
        values.push(top);
        for _ in 0..200 {
            let mut a = [0u64; N];
            for limb in &mut a {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                *limb = state;
            }
            a[N - 1] >>= 1 + (state >> 60); // below m, of various lengths
            values.push(a);
        }
        for a in values {
            let inv = invert_vartime(&a, m).unwrap();
            let one = DynResidue::new(&Uint::from_words(a), params)
                * DynResidue::new(&Uint::from_words(inv), params);
            assert_eq!(one.retrieve(), Uint::ONE, "{a:x?}");
            assert!(Uint::from_words(inv) < Uint::from_words(*m));
        }
        assert_eq!(invert_vartime(&[0; N], m), None);
    }

    #[test]
    fn inverses_multiply_to_one() {
        use super::super::curve::{CPA, TC26};
        use super::super::field::Fe;
        check(TC26.q.as_words());
        check(CPA.q.as_words());
        check(&Fe::<8, 569>::P);
        check(&Fe::<4, 617>::P);
    }

    #[test]
    fn non_coprime_and_even_moduli() {
        assert_eq!(invert_vartime(&[6, 0], &[9, 0]), None);
        assert_eq!(invert_vartime(&[3, 0], &[10, 0]), None);
        assert_eq!(invert_vartime(&[2, 0], &[9, 0]), Some([5, 0]));
        assert_eq!(invert_vartime(&[8, 0], &[9, 0]), Some([8, 0]));
    }

    #[test]
    fn signed62_round_trip() {
        let a = [0xdead_beef_0123_4567u64, u64::MAX, 0, 1 << 63];
        assert_eq!(from_signed62::<4>(&to_signed62(&a)), a);
        let b = [u64::MAX; 8];
        assert_eq!(from_signed62::<8>(&to_signed62(&b)), b);
    }
}
