//! Cold start of a service with the on-disk CRL cache (issue 16): a
//! 1M-entry CRL of the demo CA nca-ec downloaded once from a 127.0.0.1
//! server into the cache, then a new process-like start: a new cache on
//! the same directory reads it (no download, no second parse), and the
//! first verification. Asserts that re-reading the cache costs no more
//! than 1.5x parsing the CRL once (it is the same parse plus one file
//! read; best of 3 each), and that the CRL is held at no more than 1.5x
//! its file size. About 1 s in release mode.
//!
//! ```sh
//! cargo test --release --features online --test online_cold_start -- --nocapture
//! ```
#![allow(clippy::unwrap_used)]

mod common;
mod generate;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::http::{Reply, TestServer};
use common::{cert, demo_time, key};
use qoltanba::online::{CrlCache, CrlExpectation, HttpTransport, Refresh, TransportConfig};
use qoltanba::{Crl, Options, Verifier};

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|v| v.parse().unwrap()))
        })
        .unwrap_or(0)
}

#[test]
fn cold_start_from_the_cache_with_a_million_entry_crl() {
    let der = generate::crl(
        &cert("nca-ec"),
        &key("nca-ec"),
        &generate::CrlSpec::new(1_000_000),
    )
    .unwrap();
    let size = der.len();
    let server = TestServer::start();
    server.reply("/nca-ec.crl", Reply::ok(der.clone()));
    let dir = std::env::temp_dir().join(format!("qoltanba-cold-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let transport = Arc::new(HttpTransport::new(TransportConfig {
        timeout: Duration::from_secs(60),
        proxy_from_env: false,
        ..TransportConfig::default()
    }));
    let verifier = Verifier::builder()
        .trust(cert("root-ec"))
        .intermediate(cert("nca-ec"))
        .build();
    let url = server.url("/nca-ec.crl");
    {
        let cache = CrlCache::new(&dir, transport.clone())
            .unwrap()
            .clock(demo_time);
        let t = Instant::now();
        let r = cache.refresh(&url, &CrlExpectation::default(), &verifier);
        assert!(matches!(r, Refresh::Updated(_)), "{r:?}");
        eprintln!(
            "download + parse + signature check + store: {:?} ({size} bytes)",
            t.elapsed()
        );
    }
    // Parsing once, for comparison (best of 3).
    let parse = (0..3)
        .map(|_| {
            let t = Instant::now();
            let c = Crl::from_der_owned(der.clone()).unwrap();
            let e = t.elapsed();
            drop(c);
            e
        })
        .min()
        .unwrap();
    drop(der);
    // Cold start: a new cache on the same directory (best of 3).
    let mut reread = Duration::MAX;
    let mut held = None;
    for _ in 0..3 {
        let before = rss_kib();
        let cache = CrlCache::new(&dir, transport.clone())
            .unwrap()
            .clock(demo_time);
        let t = Instant::now();
        let (crl, record) = cache.cached(&url).unwrap();
        reread = reread.min(t.elapsed());
        assert_eq!(record.entries, crl.len());
        let grown = rss_kib().saturating_sub(before) * 1024;
        held = Some((crl, grown));
    }
    let (crl, grown) = held.unwrap();
    let in_ram = crl.der().len() + crl.index_size();
    let t = Instant::now();
    let v = verifier.with_crls([crl]);
    let report = v.verify_certificate(&cert("individual-sign-ec"), &Options::at(demo_time()));
    let first = t.elapsed();
    eprintln!(
        "parse once {parse:?}; cache re-read {reread:?} ({:.2}x); held {in_ram} bytes = {:.2}x the file (RSS grew {grown}); first verification (signature check + lookup) {first:?}",
        reread.as_secs_f64() / parse.as_secs_f64(),
        in_ram as f64 / size as f64
    );
    // root-ec's CRL is not given: the path's CA is unknown, the leaf's
    // status comes from the 1M CRL.
    assert!(report.check(qoltanba::CheckName::Revocation).is_some());
    assert!(reread.as_secs_f64() <= 1.5 * parse.as_secs_f64() + 0.005);
    assert!(in_ram as f64 <= 1.5 * size as f64);
    let _ = std::fs::remove_dir_all(&dir);
}
