//! Certificate validation against the raw signature check it cannot avoid.
//! Figures are reported as ratios within one run: `verify_certificate` of a
//! demo leaf (three-certificate RSA path, full + delta CRL) against one
//! RSA-2048 signature verification of the same leaf.

use std::fs;

use criterion::{criterion_group, criterion_main, Criterion};
use qoltanba::{default_backend, Certificate, Crl, Options, Time, Verifier};

fn bench(c: &mut Criterion) {
    let read = |n: &str| fs::read(format!("test-vectors/demo/{n}")).expect("demo file");
    let cert = |n: &str| Certificate::from_any(&read(n)).expect("certificate");
    let mut b = Verifier::builder()
        .trust(cert("root-rsa.pem"))
        .intermediate(cert("nca-rsa.pem"));
    for crl in ["root-rsa.crl", "nca-rsa.crl", "nca-rsa-delta.crl"] {
        b = b.crl(Crl::from_der(&read(crl)).expect("CRL"));
    }
    let verifier = b.build();
    let leaf = cert("individual-sign.pem");
    let ca = cert("nca-rsa.pem");
    let options = Options::at(Time::parse_rfc3339("2025-06-01T00:00:00Z").expect("time"));
    assert!(verifier.verify_certificate(&leaf, &options).valid);

    let mut g = c.benchmark_group("certificate");
    g.bench_function("parse leaf", |bench| {
        bench.iter(|| Certificate::from_der(leaf.der()).expect("parses"))
    });
    g.bench_function("verify_certificate (3-cert RSA path, CRLs)", |bench| {
        bench.iter(|| verifier.verify_certificate(&leaf, &options))
    });
    // The baseline: the leaf's own signature with the NCA's key, the one
    // public-key operation a fully cached pipeline still has to do.
    let alg = leaf.signature_algorithm().expect("supported");
    let backend = default_backend();
    g.bench_function("baseline: one RSA signature check (NCA key)", |bench| {
        bench.iter(|| backend.verify(alg, ca.spki(), leaf.tbs(), leaf.signature_value()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
