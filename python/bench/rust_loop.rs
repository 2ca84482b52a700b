//! The Rust loop of `python/bench/bench.py`: one thread calling
//! `Verifier::verify_document_bytes` on every document of a directory,
//! read into memory first, with the same trust as the Python loop (the
//! demo PKI's RSA hierarchy at its fixed time). Prints documents per second
//! (the best of `runs`) as JSON.
//!
//! `cargo run --release -p qoltanba-python --example rust_loop -- DIR [RUNS]`

use std::time::Instant;

use qoltanba::{Certificate, Crl, Options, Time, Verifier};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: rust_loop DIR [RUNS]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(3);
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/demo");
    let read = |name: &str| std::fs::read(format!("{demo}/{name}"));
    let mut b = Verifier::builder()
        .trust(Certificate::from_any(&read("root-rsa.pem")?)?)
        .intermediate(Certificate::from_any(&read("nca-rsa.pem")?)?);
    for crl in ["root-rsa.crl", "nca-rsa.crl", "nca-rsa-delta.crl"] {
        b = b.crl(Crl::from_der(&read(crl)?)?);
    }
    let verifier = b.build();
    let options = Options::at(Time::parse_rfc3339("2025-06-01T00:00:00Z").ok_or("time")?);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    let docs: Vec<Vec<u8>> = paths.iter().map(std::fs::read).collect::<Result<_, _>>()?;
    // Warm the caches once, as the Python loop does.
    let first = docs.first().ok_or("empty directory")?;
    if !verifier.verify_document_bytes(first, None, &options)?.valid {
        return Err("the first document is not valid".into());
    }
    let mut best = f64::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        let mut valid = 0usize;
        for d in &docs {
            if verifier.verify_document_bytes(d, None, &options)?.valid {
                valid += 1;
            }
        }
        if valid != docs.len() {
            return Err(format!("{valid} of {} valid", docs.len()).into());
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{{\"documents\": {}, \"docs_per_s\": {}}}",
        docs.len(),
        docs.len() as f64 / best
    );
    Ok(())
}
