//! A load test of `POST /cms/verify` on 127.0.0.1 (ignored: it runs for
//! about a minute; run it by hand):
//!
//! ```text
//! cargo test --release -p qoltanba-server --test load -- --ignored --nocapture
//! ```
//!
//! 2 KB RSA documents of the demo PKI, a CRL of a million entries for
//! their issuer; the rate at 2 and 16 concurrent clients with p50/p99
//! latency, against the library's bulk verification (what `qoltanba
//! verify-bulk` runs) of the same documents in the same run; the resident
//! memory over `LOAD_REQUESTS` requests (default 100,000). Every answer
//! must be the expected verdict. The clients share the machine's cores
//! with the service (their JSON and base64 work is counted against it).

#![allow(clippy::unwrap_used)]

#[path = "../../tests/generate/mod.rs"]
mod generate;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use qoltanba::{BulkOptions, Certificate, Crl, Options, SigningKey, Verifier};
use qoltanba_server::{AppState, Limits};
use serde_json::json;

mod support;

use support::{demo, demo_time};

fn serve(state: AppState) -> String {
    support::serve(state, std::future::pending()).0
}

/// Requests/s, p50 and p99 in microseconds, over `seconds` with
/// `clients` threads posting the bodies round-robin.
fn load(base: &str, bodies: &Arc<Vec<String>>, clients: usize, seconds: f64) -> (f64, u64, u64) {
    let done = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let (base, bodies) = (base.to_owned(), Arc::clone(bodies));
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .build()
                    .into();
                let mut latencies = Vec::new();
                let mut i = c;
                while start.elapsed().as_secs_f64() < seconds {
                    let t = Instant::now();
                    let mut r = agent
                        .post(&format!("{base}/cms/verify"))
                        .header("content-type", "application/json")
                        .send(&bodies[i % bodies.len()])
                        .unwrap();
                    let text = r.body_mut().read_to_string().unwrap();
                    latencies.push(t.elapsed().as_micros() as u64);
                    assert!(text.contains("\"valid\":true"), "{text}");
                    i += clients;
                }
                latencies
            })
        })
        .collect();
    let mut all: Vec<u64> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let elapsed = start.elapsed().as_secs_f64();
    done.fetch_add(all.len(), Ordering::Relaxed);
    all.sort_unstable();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    (all.len() as f64 / elapsed, pct(0.5), pct(0.99))
}

/// Requests/s of `GET /health` over `seconds` with `clients` threads: what
/// the HTTP exchange alone costs on this machine, clients included.
fn health_rate(base: &str, clients: usize, seconds: f64) -> f64 {
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let base = base.to_owned();
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
                let mut n = 0u64;
                while start.elapsed().as_secs_f64() < seconds {
                    let mut r = agent.get(&format!("{base}/health")).call().unwrap();
                    r.body_mut().read_to_string().unwrap();
                    n += 1;
                }
                n
            })
        })
        .collect();
    let n: u64 = threads.into_iter().map(|t| t.join().unwrap()).sum();
    n as f64 / start.elapsed().as_secs_f64()
}

fn rss() -> u64 {
    generate::rss().map_or(0, |(now, _)| now)
}

#[test]
#[ignore = "a load test of about a minute: run by hand with --ignored --nocapture"]
fn cms_verify_under_load() {
    let cert = |n: &str| Certificate::from_any(&demo(n)).unwrap();
    let ca_key = SigningKey::from_pkcs8(&demo("nca-rsa.key.pem")).unwrap();
    let big = generate::crl(
        &cert("nca-rsa.pem"),
        &ca_key,
        &generate::CrlSpec::new(1_000_000),
    )
    .unwrap();
    let verifier = Verifier::builder()
        .trust(cert("root-rsa.pem"))
        .intermediate(cert("nca-rsa.pem"))
        .crl(Crl::from_der(&demo("root-rsa.crl")).unwrap())
        .crl(Crl::from_der_owned(big.clone()).unwrap())
        .build();
    let leaf_key = SigningKey::from_pkcs8(&demo("individual-sign.key.pem")).unwrap();
    let docs = generate::documents(256, &cert("individual-sign.pem"), &leaf_key).unwrap();
    let b64 = |d: &[u8]| base64::engine::general_purpose::STANDARD.encode(d);
    let bodies: Arc<Vec<String>> = Arc::new(
        docs.iter()
            .map(|d| json!({ "cms": b64(d), "revocationCheck": ["CRL"] }).to_string())
            .collect(),
    );
    eprintln!("CRL: {} entries, {} bytes", 1_000_000, big.len());

    // The library's bulk verification of the same documents, all cores.
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    let bulk = BulkOptions::new().threads(threads);
    let options = Options::at(demo_time());
    let start = Instant::now();
    let mut verified = 0usize;
    while start.elapsed() < Duration::from_secs(5) {
        let summary = verifier.verify_documents(docs.iter().cloned(), &options, &bulk, |_, r| {
            assert!(r.is_ok_and(|r| r.valid));
        });
        verified += summary.valid;
    }
    let bulk_rate = verified as f64 / start.elapsed().as_secs_f64();
    eprintln!("bulk verification ({threads} threads): {bulk_rate:.0} documents/s");

    let state = AppState::new(
        verifier,
        Some(demo_time()),
        Limits {
            log_requests: false,
            ..Limits::default()
        },
    );
    let base = serve(state);
    load(&base, &bodies, 2, 1.0); // warm-up
    eprintln!(
        "GET /health, 16 clients (the HTTP exchange alone): {:.0} requests/s",
        health_rate(&base, 16, 3.0)
    );
    for clients in [2, 16] {
        let (rate, p50, p99) = load(&base, &bodies, clients, 5.0);
        eprintln!(
            "POST /cms/verify, {clients} clients: {rate:.0} requests/s = {:.2} of bulk; p50 {p50} us, p99 {p99} us",
            rate / bulk_rate
        );
    }
    let requests: usize = std::env::var("LOAD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let before = rss();
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    let t = Instant::now();
    let mut samples = Vec::new();
    for i in 0..requests {
        let mut r = agent
            .post(&format!("{base}/cms/verify"))
            .send(&bodies[i % bodies.len()])
            .unwrap();
        let text = r.body_mut().read_to_string().unwrap();
        assert!(text.contains("\"valid\":true"), "{text}");
        if i % (requests / 10).max(1) == 0 {
            samples.push(rss() / (1 << 20));
        }
    }
    let after = rss();
    eprintln!(
        "{requests} requests in {:.1} s; resident memory {} MiB before, {} MiB after (samples {samples:?} MiB)",
        t.elapsed().as_secs_f64(),
        before >> 20,
        after >> 20
    );
    assert!(
        after < before + (64 << 20),
        "memory grew by more than 64 MiB"
    );
}
