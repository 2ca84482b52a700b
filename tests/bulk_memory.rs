//! Bulk verification keeps memory flat over a long stream (issue 6): 20,000
//! documents, each signed as the stream is pulled and dropped once
//! verified, through two threads; resident memory is read from
//! `/proc/self/status` after a warm-up, in the middle and at the end. Alone
//! in its test binary so that no other test's allocations are counted. No
//! timing is asserted.
#![cfg(all(feature = "aws-lc", target_os = "linux"))]
#![allow(clippy::unwrap_used)]

mod common;
mod generate;

use std::sync::Mutex;

use common::{cert, demo_time, key, DEMO};
use generate::{content, rss};
use qoltanba::{sign_document, BulkOptions, Crl, Options, SignOptions, Time, Verifier};

const N: usize = 20_000;

#[test]
fn memory_stays_flat_over_a_stream_of_documents() {
    let mut b = Verifier::builder()
        .trust(cert("root-ec"))
        .intermediate(cert("nca-ec"));
    for c in ["root-ec.crl", "nca-ec-fresh.crl"] {
        b = b.crl(Crl::from_der(&std::fs::read(format!("{DEMO}/{c}")).unwrap()).unwrap());
    }
    let v = b.build();
    let leaf = cert("individual-sign-ec");
    let signer = key("individual-sign-ec");
    let signed_at = SignOptions::at(Time::parse_rfc3339("2025-06-01T00:00:00Z").unwrap());
    // Generated lazily: at most one document per thread is alive.
    let stream = (0..N).map(|i| sign_document(&content(i), &signer, &leaf, &signed_at).unwrap());
    let marks = [N / 10, N / 2, N - 1];
    let samples = Mutex::new(Vec::new());
    let mut done = 0usize;
    let summary = v.verify_documents(
        stream,
        &Options::at(demo_time()),
        &BulkOptions::new().threads(2),
        |_, r| {
            assert!(r.unwrap().valid);
            // Samples by the number of documents finished (the sink runs
            // one call at a time).
            if marks.contains(&done) {
                samples.lock().unwrap().push(rss().unwrap().0);
            }
            done += 1;
        },
    );
    assert_eq!(summary.valid, N);
    let samples = samples.into_inner().unwrap();
    let [warm, middle, end] = samples[..] else {
        panic!("three samples expected, got {samples:?}");
    };
    eprintln!(
        "VmRSS after {} documents {warm}, after {} {middle}, after {} {end}",
        marks[0], marks[1], N
    );
    // Flat: at most 2 MiB more over the last 18,000 documents (allocator
    // noise), where a leak of even 100 bytes a document would show 1.8 MB.
    let limit = 2 << 20;
    assert!(
        end.saturating_sub(warm) <= limit,
        "resident memory grew from {warm} to {end} (middle {middle})"
    );
    let stats = v.cache_stats();
    assert_eq!((stats.certificates, stats.links), (1, 2), "{stats:?}");
}
