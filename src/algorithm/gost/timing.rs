//! A statistical timing test of the signer's secret-scalar arithmetic, in
//! the style of dudect (Reparaz, Balasch and Verbauwhede, "Dude, is my code
//! constant time?", DATE 2017): k*G is timed for two classes of secret
//! scalars, a fixed one (1: the sparsest possible, every digit but one
//! zero) and uniformly random ones, interleaved in random order; Welch's
//! t-statistic of the two timing distributions, also after cropping the
//! slowest measurements (interrupts), must stay below the threshold a
//! leak crosses quickly. The same measurement of the variable-time
//! reference arithmetic (the first verifier's double-and-add) is the
//! positive control: it must cross the threshold, so the test can fail.
//!
//! Ignored by default (it runs for seconds); CI runs it:
//! `cargo test --release -p qoltanba --lib timing -- --ignored`, with
//! `QOLTANBA_TIMING_SECONDS` (default 10) per curve.

#![allow(clippy::unwrap_used)]

use std::time::Instant;

use crypto_bigint::{NonZero, Uint};

use super::curve::{Gost, Params, CPA, CRYPTOPRO_A, TC26, TC26_512_A};
use super::sign::mul_base;

/// dudect's bound: |t| above 10 means "definitely not constant time";
/// below it over many thousands of measurements, no leak was found.
const THRESHOLD: f64 = 10.0;

/// Welch's t-test over two classes, accumulated online.
#[derive(Default)]
struct Welch {
    n: [f64; 2],
    mean: [f64; 2],
    m2: [f64; 2],
}

impl Welch {
    fn push(&mut self, class: usize, x: f64) {
        self.n[class] += 1.0;
        let d = x - self.mean[class];
        self.mean[class] += d / self.n[class];
        self.m2[class] += d * (x - self.mean[class]);
    }

    fn t(&self) -> f64 {
        if self.n[0] < 2.0 || self.n[1] < 2.0 {
            return 0.0;
        }
        let v0 = self.m2[0] / (self.n[0] - 1.0);
        let v1 = self.m2[1] / (self.n[1] - 1.0);
        (self.mean[0] - self.mean[1]) / (v0 / self.n[0] + v1 / self.n[1]).sqrt()
    }
}

/// xorshift64*: the class order and the random scalars (the test needs
/// spread, not secrecy).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn scalar<const N: usize>(&mut self, q: &Uint<N>) -> Uint<N> {
        let mut w = [0u64; N];
        for limb in &mut w {
            *limb = self.next();
        }
        Uint::from_words(w).rem(&NonZero::new(*q).unwrap())
    }
}

/// The largest |t| of `op` on fixed (class 0) against random (class 1)
/// scalars over `seconds`: uncropped, and keeping only measurements below
/// the 50th, 75th and 90th percentiles of a first batch. Returns the
/// largest |t| and the number of measurements.
fn max_t<const N: usize>(q: &Uint<N>, seconds: f64, mut op: impl FnMut(&Uint<N>)) -> (f64, usize) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let fixed = Uint::<N>::ONE;
    let batch = |rng: &mut Rng, op: &mut dyn FnMut(&Uint<N>)| {
        let inputs: Vec<(usize, Uint<N>)> = (0..200)
            .map(|_| {
                let class = (rng.next() & 1) as usize;
                (class, if class == 0 { fixed } else { rng.scalar(q) })
            })
            .collect();
        inputs
            .iter()
            .map(|(class, k)| {
                let start = Instant::now();
                op(std::hint::black_box(k));
                (*class, start.elapsed().as_nanos() as f64)
            })
            .collect::<Vec<_>>()
    };
    // Warm up (tables, caches) and set the cropping thresholds.
    let mut first: Vec<f64> = batch(&mut rng, &mut op).iter().map(|m| m.1).collect();
    first.sort_by(f64::total_cmp);
    let crops = [
        f64::INFINITY,
        first[first.len() / 2],
        first[first.len() * 3 / 4],
        first[first.len() * 9 / 10],
    ];
    let mut tests: Vec<Welch> = crops.iter().map(|_| Welch::default()).collect();
    let start = Instant::now();
    let mut count = 0;
    while start.elapsed().as_secs_f64() < seconds {
        for (class, ns) in batch(&mut rng, &mut op) {
            count += 1;
            for (test, crop) in tests.iter_mut().zip(crops) {
                if ns < crop {
                    test.push(class, ns);
                }
            }
        }
    }
    let t = tests.iter().map(|w| w.t().abs()).fold(0.0, f64::max);
    (t, count)
}

fn seconds() -> f64 {
    std::env::var("QOLTANBA_TIMING_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10.0)
}

fn check<const N: usize, const C: u64>(name: &str, curve: &'static Gost<N, C>, params: &Params<N>) {
    let (t, n) = max_t(&curve.q, seconds(), |k| {
        let _ = std::hint::black_box(mul_base(curve, k));
    });
    eprintln!("{name}: k*G by the signer's comb: max |t| = {t:.2} over {n} measurements");
    assert!(
        t < THRESHOLD,
        "{name}: the signer's k*G leaks timing: |t| = {t:.2}"
    );
    // Positive control: the variable-time reference shows the difference
    // (k = 1 skips almost every addition).
    let (t, n) = max_t(&curve.q, seconds().min(2.0), |k| {
        std::hint::black_box(params.reference_mul_base_x(k));
    });
    eprintln!("{name}: k*G by the variable-time reference: max |t| = {t:.2} over {n} measurements");
    assert!(
        t > THRESHOLD,
        "{name}: the control should leak: |t| = {t:.2}"
    );
}

#[test]
#[ignore = "statistical, runs for seconds: CI runs it with --ignored"]
fn signer_scalar_multiplication_is_constant_time() {
    check("GOST 34.10-2015 512 (paramSetA)", &TC26, &TC26_512_A);
    check("GOST 34.310-2004 (CryptoPro-A)", &CPA, &CRYPTOPRO_A);
}
