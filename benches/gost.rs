//! GOST 34.10-2015 512-bit and GOST 34.310-2004 sign and verify next to
//! RSA-2048 and ECDSA P-256 in the same run (the national CA's test keys
//! and test-vectors/keys). `cargo bench --bench gost`; the README gives the
//! figures as ratios to RSA-2048 verify.
#![allow(clippy::unwrap_used)]

use std::fs;

use criterion::{criterion_group, criterion_main, Criterion};
use qoltanba::{default_backend, Certificate, KeyBundle, Signer, SigningKey};

const KZ: &str = "test-vectors/third-party/kz";

fn bench(c: &mut Criterion) {
    let msg = b"a request of the e-government, about a hundred bytes long, signed and verified in this benchmark";
    let mut keys: Vec<(&str, Box<dyn Signer>, Certificate)> = Vec::new();
    for (name, file, pw) in [
        (
            "gost2015-512",
            "skarm-kalkan/p12__GOST512_02c7a21f2df78b99cb67323e2e255779bb6ae309.p12",
            "Qwerty12",
        ),
        (
            "gost2004",
            "ncanode/KEY_CEO_SIGN_REVOKED_2004.p12",
            "Qwerty12",
        ),
    ] {
        let (key, cert, _) = KeyBundle::from_pkcs12(&fs::read(format!("{KZ}/{file}")).unwrap(), pw)
            .unwrap()
            .into_parts();
        keys.push((name, Box::new(key), cert));
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
        let sig = key.sign(msg).unwrap();
        backend
            .verify(key.algorithm(), cert.spki(), msg, &sig)
            .unwrap();
        c.bench_function(&format!("{name} verify"), |b| {
            b.iter(|| backend.verify(key.algorithm(), cert.spki(), msg, &sig))
        });
        c.bench_function(&format!("{name} sign"), |b| b.iter(|| key.sign(msg)));
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
