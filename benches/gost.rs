//! GOST 34.10-2015 512-bit and GOST 34.310-2004 sign and verify next to
//! RSA-2048 and ECDSA P-256 in the same run (the national CA's test keys
//! and test-vectors/keys), then the GOST figures beside OpenSSL's GOST
//! engine measured in the same run (`benches/openssl/gost_engine.c`, the
//! same curves, best of 8 blocks on both sides). `cargo bench --bench
//! gost`; BENCHMARKS.md gives the ratios. `GOST_ENGINE_SECONDS` sets the
//! time per measured operation of the comparison (default 4).
#![allow(clippy::unwrap_used)]

#[path = "support/engine.rs"]
mod engine;

use std::fs;
use std::path::Path;

use criterion::{criterion_group, Criterion};
use qoltanba::{default_backend, Certificate, KeyBundle, Signer, SigningKey};

const KZ: &str = "test-vectors/third-party/kz";

/// The two national GOST test keys: (name, engine algorithm, p12 file).
const GOST_KEYS: [(&str, &str, &str); 2] = [
    (
        "gost2015-512",
        "gost2012_512",
        "skarm-kalkan/p12__GOST512_02c7a21f2df78b99cb67323e2e255779bb6ae309.p12",
    ),
    (
        "gost2004",
        "gost2001",
        "ncanode/KEY_CEO_SIGN_REVOKED_2004.p12",
    ),
];

const MESSAGE: &[u8] =
    b"a request of the e-government, about a hundred bytes long, signed and verified in this benchmark";

fn gost_key(file: &str) -> (Box<dyn Signer>, Certificate) {
    let (key, cert, _) =
        KeyBundle::from_pkcs12(&fs::read(format!("{KZ}/{file}")).unwrap(), "Qwerty12")
            .unwrap()
            .into_parts();
    (Box::new(key), cert)
}

fn bench(c: &mut Criterion) {
    let mut keys: Vec<(&str, Box<dyn Signer>, Certificate)> = Vec::new();
    for (name, _, file) in GOST_KEYS {
        let (key, cert) = gost_key(file);
        keys.push((name, key, cert));
    }
    for (name, file) in [("rsa2048", "rsa2048"), ("p256", "p256")] {
        let Ok(key) =
            SigningKey::from_pkcs8(&fs::read(format!("test-vectors/keys/{file}.key.pem")).unwrap())
        else {
            continue; // RSA signing needs aws-lc.
        };
        let cert =
            Certificate::from_any(&fs::read(format!("test-vectors/keys/{file}.pem")).unwrap())
                .unwrap();
        keys.push((name, Box::new(key), cert));
    }
    let backend = default_backend();
    for (name, key, cert) in &keys {
        let sig = key.sign(MESSAGE).unwrap();
        backend
            .verify(key.algorithm(), cert.spki(), MESSAGE, &sig)
            .unwrap();
        c.bench_function(&format!("{name} verify"), |b| {
            b.iter(|| backend.verify(key.algorithm(), cert.spki(), MESSAGE, &sig))
        });
        if let Some(prepared) = backend.prepare(key.algorithm(), cert.spki()) {
            prepared.verify(MESSAGE, &sig).unwrap();
            c.bench_function(&format!("{name} verify, prepared key"), |b| {
                b.iter(|| prepared.verify(MESSAGE, &sig))
            });
        }
        c.bench_function(&format!("{name} sign"), |b| b.iter(|| key.sign(MESSAGE)));
    }
}

/// qoltanba and the GOST engine in the same run, both timed as the fastest
/// of 8 blocks. qoltanba's figures include hashing the 97-byte message;
/// the engine is timed on the digest (its raw operation) and on the
/// message (hashed in each operation, as qoltanba's API does).
fn engine_comparison() {
    let seconds: f64 = std::env::var("GOST_ENGINE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4.0);
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gost-bench");
    let backend = default_backend();
    println!(
        "\nGOST against OpenSSL's GOST engine, same run (us per operation, best of 8 blocks):"
    );
    for (name, engine_alg, file) in GOST_KEYS {
        let (key, cert) = gost_key(file);
        let sig = key.sign(MESSAGE).unwrap();
        let verify = engine::best_us(seconds, || {
            backend
                .verify(key.algorithm(), cert.spki(), MESSAGE, &sig)
                .unwrap();
        });
        let prepared = backend.prepare(key.algorithm(), cert.spki()).unwrap();
        prepared.verify(MESSAGE, &sig).unwrap();
        let verify_prepared = engine::best_us(seconds, || {
            prepared.verify(MESSAGE, &sig).unwrap();
        });
        let sign = engine::best_us(seconds, || {
            key.sign(MESSAGE).unwrap();
        });
        match engine::engine_us(&out_dir, engine_alg, seconds, MESSAGE) {
            Some(e) => println!(
                "{name}: verify qoltanba {verify:.1} us, engine {:.1} us = {:.2}x the engine's rate; \
                 prepared key {verify_prepared:.1} us = {:.2}x; \
                 sign qoltanba {sign:.1} us, engine {:.1} us = {:.2}x\n\
                 {name}, the engine hashing the message too: verify {:.1} us = {:.2}x, \
                 prepared {:.2}x; sign {:.1} us = {:.2}x",
                e.verify,
                e.verify / verify,
                e.verify / verify_prepared,
                e.sign,
                e.sign / sign,
                e.verify_message,
                e.verify_message / verify,
                e.verify_message / verify_prepared,
                e.sign_message,
                e.sign_message / sign
            ),
            None => println!("{name}: verify qoltanba {verify:.1} us, sign {sign:.1} us (engine unavailable)"),
        }
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    engine_comparison();
}
