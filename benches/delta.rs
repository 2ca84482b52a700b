//! Delta CRLs (issue 6): a verifier that holds a 1M-entry base CRL takes a
//! new delta CRL in milliseconds, because the base's parsed index is shared
//! (`Crl` holds its DER and index behind `Arc`s), not rebuilt.
//!
//! Measured in the same run: applying a 1,000-entry delta to a verifier in
//! service (`Verifier::with_crls`: parse and index the delta, a new verifier
//! sharing the base, first validation, which checks the delta's signature)
//! against a rebuild from the files (parse, index and check the signatures
//! of the base and the delta, validate).
//! `BULK_QUICK=1` uses a 100k-entry base.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/generate/mod.rs"]
mod generate;

use std::hint::black_box;
use std::time::Duration;

use common::{cert, demo_time, key};
use criterion::Criterion;
use generate::{crl, CrlSpec};
use qoltanba::{Certificate, Crl, Options, Time, Verifier};

/// The demo RSA chain's verifier with the root's CRL and `base`.
fn verifier(root_crl: &[u8], base: &[u8]) -> Verifier {
    Verifier::builder()
        .trust(cert("root-rsa"))
        .intermediate(cert("nca-rsa"))
        .crl(Crl::from_der(root_crl).expect("root CRL"))
        .crl(Crl::from_der(base).expect("base CRL"))
        .build()
}

/// The reason code of validating `leaf` (or "valid").
fn verdict(v: &Verifier, leaf: &Certificate) -> String {
    let report = v.verify_certificate(leaf, &Options::at(demo_time()));
    match report.reason {
        None if report.valid => "valid".to_owned(),
        Some(e) => e.code().to_owned(),
        None => "not valid without a reason".to_owned(),
    }
}

/// The certificate's serial as INTEGER content octets (from its hex form).
fn serial_octets(c: &Certificate) -> Vec<u8> {
    let hex = &c.info().serial;
    let mut out: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex serial"))
        .collect();
    if out.first().is_some_and(|b| b & 0x80 != 0) {
        out.insert(0, 0);
    }
    out
}

fn main() {
    let quick = std::env::var_os("BULK_QUICK").is_some();
    let entries = if quick { 100_000 } else { 1_000_000 };
    let nca = cert("nca-rsa");
    let nca_key = key("nca-rsa");
    let leaf = cert("individual-sign");
    let root_crl = std::fs::read("test-vectors/demo/root-rsa.crl").expect("root CRL");

    let base_der = crl(&nca, &nca_key, &CrlSpec::new(entries)).expect("base CRL");
    // The delta: 1,000 other serials and the leaf's, number 2 over base 1.
    let mut spec = CrlSpec::new(1_000);
    spec.seed = 7;
    spec.number = 2;
    spec.delta_base = Some(1);
    spec.this_update = Time::parse_rfc3339("2025-05-20T00:00:00Z").expect("time");
    spec.extra = vec![(serial_octets(&leaf), Some(1))];
    let delta_der = crl(&nca, &nca_key, &spec).expect("delta CRL");

    // The verifier in service: the base loaded, indexed and its signature
    // checked by a first validation (valid: the leaf is not on the base).
    let in_service = verifier(&root_crl, &base_der);
    assert_eq!(verdict(&in_service, &leaf), "valid");
    // A delta arrives: one new verifier that shares the base.
    let apply = |v: &Verifier| {
        let updated = v.with_crls([Crl::from_der(&delta_der).expect("delta")]);
        verdict(&updated, &leaf)
    };
    // The same from the files.
    let rebuild = || {
        let v =
            verifier(&root_crl, &base_der).with_crls([Crl::from_der(&delta_der).expect("delta")]);
        verdict(&v, &leaf)
    };
    assert_eq!(apply(&in_service), "cert-revoked");
    assert_eq!(rebuild(), "cert-revoked");
    // The verifier in service is unchanged.
    assert_eq!(verdict(&in_service, &leaf), "valid");

    let mut c = Criterion::default()
        .configure_from_args()
        .warm_up_time(Duration::from_millis(if quick { 200 } else { 1_000 }))
        .measurement_time(Duration::from_secs(if quick { 1 } else { 5 }));
    let mut g = c.benchmark_group("delta CRL");
    g.sample_size(10);
    g.bench_function(
        format!("apply a 1k-entry delta to a {entries}-entry base"),
        |b| b.iter(|| black_box(apply(&in_service))),
    );
    g.bench_function(
        format!("rebuild: parse the {entries}-entry base and the delta"),
        |b| b.iter(|| black_box(rebuild())),
    );
    g.finish();

    // Headline ratio from one sitting (median of a few runs each).
    let time = |f: &mut dyn FnMut()| {
        let mut t: Vec<f64> = (0..7)
            .map(|_| {
                let start = std::time::Instant::now();
                f();
                start.elapsed().as_secs_f64()
            })
            .collect();
        t.sort_by(f64::total_cmp);
        t[3]
    };
    let a = time(&mut || {
        black_box(apply(&in_service));
    });
    let r = time(&mut || {
        black_box(rebuild());
    });
    println!(
        "delta CRL: apply {:.2} ms, rebuild {:.1} ms ({entries}-entry base): apply = {:.4} of a rebuild",
        a * 1e3,
        r * 1e3,
        a / r
    );
    c.final_summary();
}
