//! Bulk verification at the speed of the signature check (issue 6).
//!
//! `cargo bench --bench bulk` generates its material into `target/bulk-bench`
//! (demo PKI leaves sign 2 KB documents; CRLs of 100k and 1M entries signed
//! by the demo CAs), runs the criterion groups, then measures the headline
//! rates in one sitting and prints them as ratios:
//!
//! * pipeline rate / raw signature-check rate, per algorithm (RSA-2048,
//!   P-256, GOST 2015-512), with a 1M-entry CRL loaded (RSA, P-256);
//! * against OpenSSL's `d2i_CMS_bio` + `CMS_verify` loop (a C harness,
//!   `benches/openssl/cms_verify.c`, built here with `cc -lcrypto`)
//!   without a CRL and with the 1M-entry CRL;
//! * 2 threads against 1, beside raw signature checks on 2 threads against
//!   1 (what the machine itself gives), in alternating rounds;
//! * CRL load + index + signature check time, and resident memory against
//!   the file size (measured in a child process).
//!
//! `BULK_QUICK=1` shortens every measurement (for a smoke run).

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "support/engine.rs"]
mod engine;
#[path = "../tests/generate/mod.rs"]
mod generate;

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{cert, demo_time, key, DemoKey, DEMO};
use criterion::Criterion;
use generate::{crl, documents, CrlSpec};
use qoltanba::{
    backends, BulkOptions, Certificate, Crl, Options, Policy, RevocationMode, SignatureAlgorithm,
    Signer, Time, TrustProfile, Verifier,
};

const OUT: &str = "target/bulk-bench";

fn quick() -> bool {
    std::env::var_os("BULK_QUICK").is_some()
}

/// Operations per second of `f`, run for about `secs` seconds.
fn rate(secs: f64, mut f: impl FnMut()) -> f64 {
    let secs = if quick() { secs / 10.0 } else { secs };
    for _ in 0..3 {
        f();
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed().as_secs_f64() < secs {
        for _ in 0..16 {
            f();
        }
        n += 16;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

struct Chain {
    name: &'static str,
    leaf: Certificate,
    leaf_key: DemoKey,
    root: &'static str,
    nca: &'static str,
    root_crl: &'static str,
    docs: Vec<Vec<u8>>,
    crl_1m: PathBuf,
    crl_100k: PathBuf,
}

fn chain(
    name: &'static str,
    leaf: &str,
    root: &'static str,
    nca: &'static str,
    root_crl: &'static str,
    n: usize,
) -> Chain {
    let leaf_cert = cert(leaf);
    let leaf_key = key(leaf);
    let docs = documents(n, &leaf_cert, &leaf_key).expect("documents");
    let dir = Path::new(OUT);
    let mut paths = Vec::new();
    for entries in [100_000, 1_000_000] {
        let path = dir.join(format!("{nca}-{entries}.crl"));
        if !path.exists() {
            let der = crl(&cert(nca), &key(nca), &CrlSpec::new(entries)).expect("CRL");
            fs::write(&path, der).expect("write CRL");
        }
        paths.push(path);
    }
    fs::write(dir.join(format!("{name}-doc.der")), &docs[0]).expect("write doc");
    let pem = |n: &str| fs::read(format!("{DEMO}/{n}.pem")).expect("pem");
    fs::write(dir.join(format!("{name}-anchors.pem")), pem(root)).expect("write");
    fs::write(dir.join(format!("{name}-intermediates.pem")), pem(nca)).expect("write");
    Chain {
        name,
        leaf: leaf_cert,
        leaf_key,
        root,
        nca,
        root_crl,
        docs,
        crl_1m: paths[1].clone(),
        crl_100k: paths[0].clone(),
    }
}

impl Chain {
    fn verifier(&self, big_crl: Option<&Path>) -> Verifier {
        let mut b = Verifier::builder()
            .trust(cert(self.root))
            .intermediate(cert(self.nca))
            .crl(
                Crl::from_der(&fs::read(format!("{DEMO}/{}", self.root_crl)).expect("crl"))
                    .expect("crl"),
            );
        b = match big_crl {
            Some(p) => b.crl(Crl::from_der_owned(fs::read(p).expect("crl")).expect("crl")),
            // Without the big CRL: the demo's own CRL of the issuing CA.
            None => b
                .crl_any(
                    &fs::read(format!(
                        "{DEMO}/{}.crl",
                        if self.nca == "nca-rsa" {
                            "nca-rsa"
                        } else {
                            "nca-ec-fresh"
                        }
                    ))
                    .expect("crl"),
                )
                .expect("crl"),
        };
        b.build()
    }

    /// A message the size of the signed attributes, signed by the leaf.
    fn raw(&self) -> (SignatureAlgorithm, Vec<u8>, Vec<u8>) {
        let message = vec![0x31u8; 256];
        let sig = self.leaf_key.sign(&message).expect("sign");
        (self.leaf_key.algorithm(), message, sig)
    }
}

fn openssl_harness() -> Option<PathBuf> {
    let exe = Path::new(OUT).join("cms_verify");
    let status = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
        .args(["-O2", "-o"])
        .arg(&exe)
        .arg("benches/openssl/cms_verify.c")
        .arg("-lcrypto")
        .status()
        .ok()?;
    status.success().then_some(exe)
}

fn openssl_rate(exe: &Path, chain: &Chain, crls: &[&Path], secs: f64) -> Option<f64> {
    let secs = if quick() { secs / 10.0 } else { secs };
    let dir = Path::new(OUT);
    let out = Command::new(exe)
        .arg(dir.join(format!("{}-doc.der", chain.name)))
        .arg(dir.join(format!("{}-anchors.pem", chain.name)))
        .arg(dir.join(format!("{}-intermediates.pem", chain.name)))
        .arg(demo_time().unix().to_string())
        .arg(format!("{secs}"))
        .args(crls)
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "OpenSSL harness failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// In a child process (this executable, `BULK_MEM_PROBE=path`): read the
/// CRL file, load and index it, check its signature through a validation,
/// and print the resident-memory growth and the time.
fn memory_probe(path: &str) {
    let before = generate::rss().expect("/proc/self/status").0;
    let start = Instant::now();
    let der = fs::read(path).expect("crl");
    let size = der.len();
    let crl = Crl::from_der_owned(der).expect("crl");
    let loaded = start.elapsed();
    let (rss, hwm) = generate::rss().expect("rss");
    println!(
        "{size} {} {} {} {}",
        rss - before,
        hwm - before,
        loaded.as_secs_f64(),
        crl.len()
    );
}

/// One raw signature check with a prepared key: a function of its own so
/// that callgrind can count its instructions
/// (`--toggle-collect='*raw_verify*'`) beside those of the pipeline.
#[inline(never)]
fn raw_verify(key: &dyn qoltanba::PreparedKey, msg: &[u8], sig: &[u8]) {
    key.verify(msg, sig).expect("raw");
}

/// The demo chain `which` ("p256", else RSA) with `n` documents.
fn demo_chain(which: &str, n: usize) -> Chain {
    match which {
        "p256" => chain(
            "p256",
            "individual-sign-ec",
            "root-ec",
            "nca-ec",
            "root-ec.crl",
            n,
        ),
        _ => chain(
            "rsa",
            "individual-sign",
            "root-rsa",
            "nca-rsa",
            "root-rsa.crl",
            n,
        ),
    }
}

/// The mean of the fastest quarter of `times`.
fn fastest_quarter(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    let k = times.len().div_ceil(4);
    times[..k].iter().sum::<f64>() / k as f64
}

/// `BULK_PROFILE=rsa|p256` (optionally `BULK_PROFILE_N=count`, and
/// `BULK_PROFILE_DOCUMENTS_ONLY=1` to stop after the first loop,
/// `BULK_PROFILE_CRL=1m` for the 1M-entry CRL): only the
/// warm single-document loop with the 100k CRL, the parts of the pipeline
/// alone, then as many raw checks, for `perf record` or
/// `valgrind --tool=callgrind` (generates the material first if needed).
/// Under callgrind, `--toggle-collect='*verify_document_bytes*'
/// --toggle-collect='*raw_verify*'` counts the two loops, and
/// `callgrind_annotate --inclusive=yes` shows the ratio of instructions.
fn profile_loop(which: &str) {
    fs::create_dir_all(OUT).expect("target/bulk-bench");
    let chain = demo_chain(which, 4);
    let n: usize = std::env::var("BULK_PROFILE_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let options = Options::at(demo_time());
    // `BULK_PROFILE_CRL=1m`: the 1M-entry CRL (as the headline) instead.
    let big = if std::env::var("BULK_PROFILE_CRL").as_deref() == Ok("1m") {
        &chain.crl_1m
    } else {
        &chain.crl_100k
    };
    let v = chain.verifier(Some(big));
    // Warm the caches outside the counted functions: the CRL signatures
    // (hashing the 4 MB CRL) and the issuer links are checked once.
    assert!(v.verify_certificate(&chain.leaf, &options).valid);
    let start = Instant::now();
    for i in 0..n {
        let d = &chain.docs[i % chain.docs.len()];
        assert!(
            v.verify_document_bytes(d, None, &options)
                .expect("doc")
                .valid
        );
    }
    let per = start.elapsed().as_secs_f64() / n as f64;
    if std::env::var_os("BULK_PROFILE_DOCUMENTS_ONLY").is_some() {
        // For `perf record`: nothing but the document loop.
        println!("{which}: {:.1} us a document", per * 1e6);
        return;
    }
    // Parts of the pipeline alone.
    let start = Instant::now();
    for i in 0..n {
        black_box(
            v.parse_document(&chain.docs[i % chain.docs.len()])
                .expect("doc"),
        );
    }
    let parse = start.elapsed().as_secs_f64() / n as f64;
    let start = Instant::now();
    for _ in 0..n {
        assert!(v.verify_certificate(&chain.leaf, &options).valid);
    }
    let path = start.elapsed().as_secs_f64() / n as f64;
    let content = vec![0x42u8; 2048];
    let start = Instant::now();
    for _ in 0..n {
        black_box(aws_lc_rs::digest::digest(
            &aws_lc_rs::digest::SHA256,
            black_box(&content),
        ));
    }
    let sha = start.elapsed().as_secs_f64() / n as f64;
    println!(
        "{which}: parse {:.1} us, certificate path and report {:.1} us, SHA-256 of 2 KB {:.1} us",
        parse * 1e6,
        path * 1e6,
        sha * 1e6
    );
    let (alg, msg, sig) = chain.raw();
    let key = qoltanba::default_backend()
        .prepare(alg, chain.leaf.spki())
        .expect("prepared");
    let start = Instant::now();
    for _ in 0..n {
        raw_verify(&*key, &msg, &sig);
    }
    let raw = start.elapsed().as_secs_f64() / n as f64;
    println!(
        "{which}: {:.1} us a document, {:.1} us a raw verify (pre-parsed key): {:.2} of raw",
        per * 1e6,
        raw * 1e6,
        raw / per
    );
    let (per, raw) = interleaved(
        n,
        &mut || {
            let d = &chain.docs[0];
            assert!(
                v.verify_document_bytes(d, None, &options)
                    .expect("doc")
                    .valid
            );
        },
        &mut || raw_verify(&*key, &msg, &sig),
    );
    println!(
        "{which}: interleaved (fastest quarter of blocks), {:.1} us a document, {:.1} us a raw verify: {:.2} of raw",
        per * 1e6,
        raw * 1e6,
        raw / per
    );
}

/// Seconds per call of `pipeline` and of `raw`, measured in alternating
/// blocks of 100 calls (`n` of each in all), so that other jobs on a
/// shared machine slow both alike; the mean of the fastest quarter of the
/// blocks of each kind estimates its speed when not interrupted.
fn interleaved(n: usize, pipeline: &mut dyn FnMut(), raw: &mut dyn FnMut()) -> (f64, f64) {
    const BLOCK: usize = 100;
    let mut times = (Vec::new(), Vec::new());
    let block = |f: &mut dyn FnMut(), out: &mut Vec<f64>| {
        let start = Instant::now();
        for _ in 0..BLOCK {
            f();
        }
        out.push(start.elapsed().as_secs_f64() / BLOCK as f64);
    };
    for _ in 0..n.div_ceil(BLOCK) {
        block(pipeline, &mut times.0);
        block(raw, &mut times.1);
    }
    (fastest_quarter(&mut times.0), fastest_quarter(&mut times.1))
}

/// Thread scaling measured against the machine's own: raw signature checks
/// on 1 and on 2 threads (each thread its own loop over the shared
/// prepared key, no shared state) and the bulk API on 1 and 2 threads,
/// in alternating rounds so that all four see the same interruptions of a
/// shared machine; the mean of the fastest quarter of the rounds of each
/// kind. Returns seconds per operation: (raw 1, raw 2, bulk 1, bulk 2),
/// where the 2-thread figures are wall time over operations done by both.
fn scaling(
    chain: &Chain,
    v: &Verifier,
    options: &Options,
    key: &dyn qoltanba::PreparedKey,
    rounds: usize,
) -> [f64; 4] {
    let (alg, msg, sig) = chain.raw();
    // Each thread of the raw 2-thread loop has a key of its own.
    let own = || {
        qoltanba::default_backend()
            .prepare(alg, chain.leaf.spki())
            .expect("prepared")
    };
    let (key_a, key_b) = (own(), own());
    let raw_with = |key: &dyn qoltanba::PreparedKey, n: usize| {
        for _ in 0..n {
            raw_verify(key, &msg, &sig);
        }
    };
    // About 40 ms of work per round and kind on one thread.
    let per_round = if chain.name == "rsa" { 2_000 } else { 600 };
    let raw_loop = |n: usize| {
        for _ in 0..n {
            raw_verify(key, &msg, &sig);
        }
    };
    let bulk = |threads: usize, n: usize| {
        let s = v.verify_documents(
            (0..n).map(|i| &chain.docs[i % chain.docs.len()]),
            options,
            &BulkOptions::new().threads(threads),
            |_, _| {},
        );
        assert_eq!(s.valid, n);
    };
    let timed = |f: &dyn Fn(), ops: usize| {
        let start = Instant::now();
        f();
        start.elapsed().as_secs_f64() / ops as f64
    };
    let mut times: [Vec<f64>; 4] = Default::default();
    for _ in 0..rounds {
        times[0].push(timed(&|| raw_loop(per_round), per_round));
        times[1].push(timed(
            &|| {
                std::thread::scope(|s| {
                    s.spawn(|| raw_with(&*key_a, per_round));
                    s.spawn(|| raw_with(&*key_b, per_round));
                })
            },
            2 * per_round,
        ));
        times[2].push(timed(&|| bulk(1, per_round), per_round));
        times[3].push(timed(&|| bulk(2, 2 * per_round), 2 * per_round));
    }
    times.map(|mut v| fastest_quarter(&mut v))
}

/// `BULK_SCALING=rsa|p256` (`BULK_SCALING_ROUNDS=n`, default 40): only the
/// scaling rounds of [`scaling`], with the 1M-entry CRL.
fn scaling_only(which: &str) {
    fs::create_dir_all(OUT).expect("target/bulk-bench");
    let chain = demo_chain(which, 64);
    let rounds = std::env::var("BULK_SCALING_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let options = Options::at(demo_time());
    let v = chain.verifier(Some(&chain.crl_1m));
    assert!(v.verify_certificate(&chain.leaf, &options).valid);
    let (alg, _, _) = chain.raw();
    let key = qoltanba::default_backend()
        .prepare(alg, chain.leaf.spki())
        .expect("prepared");
    println!(
        "{}",
        scaling_line(&chain, scaling(&chain, &v, &options, &*key, rounds))
    );
}

fn scaling_line(chain: &Chain, [raw1, raw2, bulk1, bulk2]: [f64; 4]) -> String {
    format!(
        "{}: scaling rounds (fastest quarter): raw 1 thread {:.1} us, 2 threads {:.1} us/op = {:.2}x; bulk 1 thread {:.1} us ({:.2} of raw), 2 threads {:.1} us/doc = {:.2}x ({:.2} of raw on 2 threads)",
        chain.name,
        raw1 * 1e6,
        raw2 * 1e6,
        raw1 / raw2,
        bulk1 * 1e6,
        raw1 / bulk1,
        bulk2 * 1e6,
        bulk1 / bulk2,
        raw2 / bulk2
    )
}

/// GOST 2015-512 documents made here (2 KB content, CAdES-BES, no
/// time-stamp: one GOST check each, like the RSA and P-256 documents),
/// signed by the national test key of `p12`, verified against the bundled
/// test roots with revocation off (no CRL of the test CA is fresh in the
/// key's validity; a CRL lookup costs about 1 us, under 0.1% of a GOST
/// check), against one raw GOST check.
fn gost_line(p12: &[u8]) -> String {
    let bundle = qoltanba::KeyBundle::from_pkcs12(p12, "Qwerty12").expect("p12");
    let at = Time::from_unix(bundle.certificate().info().not_before.unix() + 86_400);
    let docs: Vec<Vec<u8>> = (0..16)
        .map(|i| {
            qoltanba::sign_document(
                &generate::content(i),
                bundle.key(),
                bundle.certificate(),
                &qoltanba::SignOptions::at(at),
            )
            .expect("GOST document")
        })
        .collect();
    let v = Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .expect("profile")
        .policy(Policy::default().revocation(RevocationMode::Off))
        .build();
    let options = Options::at(at);
    let message = vec![0x31u8; 256];
    let sig = bundle.key().sign(&message).expect("sign");
    let alg = bundle.key().algorithm();
    // The pipeline keeps the signer's key prepared on its (cached)
    // certificate, with tables from its second use: the fair raw check is
    // the prepared key's. A key seen once costs the plain check.
    let backend = qoltanba::default_backend();
    let spki = bundle.certificate().spki();
    let prepared = backend.prepare(alg, spki).expect("GOST keys are prepared");
    prepared.verify(&message, &sig).expect("raw");
    let n = if quick() { 400 } else { 2_000 };
    let mut i = 0;
    let mut pipeline = || {
        let d = &docs[i % docs.len()];
        i += 1;
        let r = v.verify_document_bytes(d, None, &options).expect("doc");
        assert!(r.valid, "{:?}", r.reason);
    };
    let (per_doc, per_prepared) = interleaved(n, &mut pipeline, &mut || {
        prepared.verify(&message, &sig).expect("raw")
    });
    let (_, per_plain) = interleaved(n / 4, &mut pipeline, &mut || {
        backend.verify(alg, spki, &message, &sig).expect("raw")
    });
    let seconds = if quick() { 0.4 } else { 4.0 };
    let engine = engine::engine_us(Path::new(OUT), "gost2012_512", seconds, b"a message")
        .map_or_else(
            || "engine unavailable".to_owned(),
            |figures| {
                let engine_verify = figures.verify;
                format!(
                    "OpenSSL GOST engine raw verify {engine_verify:.0} us: pipeline = {:.2}x the engine's rate, plain check = {:.2}x",
                    engine_verify / (per_doc * 1e6),
                    engine_verify / (per_plain * 1e6)
                )
            },
        );
    format!(
        "gost 2 KB documents ({}, one signer, revocation off): interleaved blocks (fastest quarter): \
         pipeline {:.0} us, raw check with the prepared key {:.0} us = {:.2} of raw; \
         plain check (a key seen once) {:.0} us; {engine}",
        alg.name(),
        per_doc * 1e6,
        per_prepared * 1e6,
        per_prepared / per_doc,
        per_plain * 1e6,
    )
}

fn main() {
    if let Ok(path) = std::env::var("BULK_MEM_PROBE") {
        memory_probe(&path);
        return;
    }
    if let Ok(which) = std::env::var("BULK_PROFILE") {
        profile_loop(&which);
        return;
    }
    if std::env::var_os("BULK_GOST").is_some() {
        let p12 = "test-vectors/third-party/kz/skarm-kalkan/p12__GOST512_0860d9665327c26760c213126760a3b73072218d.p12";
        println!("{}", gost_line(&fs::read(p12).expect("p12")));
        return;
    }
    if let Ok(which) = std::env::var("BULK_SCALING") {
        scaling_only(&which);
        return;
    }
    fs::create_dir_all(OUT).expect("target/bulk-bench");
    let n_docs = if quick() { 64 } else { 512 };
    eprintln!("generating material into {OUT} ...");
    let rsa = demo_chain("rsa", n_docs);
    let ec = demo_chain("p256", n_docs);
    let time = demo_time();
    let options = Options::at(time);

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(if quick() { 1 } else { 3 }))
        .configure_from_args();

    // Raw signature checks per algorithm and backend.
    {
        let mut g = c.benchmark_group("raw verify");
        for chain in [&rsa, &ec] {
            let (alg, msg, sig) = chain.raw();
            for backend in backends() {
                g.bench_function(format!("{} {}", chain.name, backend.name()), |b| {
                    b.iter(|| {
                        backend
                            .verify(alg, chain.leaf.spki(), &msg, &sig)
                            .expect("verifies")
                    })
                });
                if let Some(key) = backend.prepare(alg, chain.leaf.spki()) {
                    g.bench_function(
                        format!("{} {} pre-parsed key", chain.name, backend.name()),
                        |b| b.iter(|| key.verify(&msg, &sig).expect("verifies")),
                    );
                }
            }
        }
        g.finish();
    }
    // One document: cold (a new verifier, small CRLs) and warm (caches).
    {
        let mut g = c.benchmark_group("document");
        for chain in [&rsa, &ec] {
            let doc = &chain.docs[0];
            g.bench_function(format!("{} cold", chain.name), |b| {
                b.iter(|| {
                    let v = chain.verifier(None);
                    assert!(
                        v.verify_document_bytes(doc, None, &options)
                            .expect("doc")
                            .valid
                    )
                })
            });
            let v = chain.verifier(Some(&chain.crl_1m));
            g.bench_function(format!("{} warm, 1M CRL", chain.name), |b| {
                b.iter(|| {
                    assert!(
                        v.verify_document_bytes(doc, None, &options)
                            .expect("doc")
                            .valid
                    )
                })
            });
        }
        g.finish();
    }
    // Bulk throughput (the bulk API, 1M CRL) at 1 and 2 threads.
    {
        let mut g = c.benchmark_group("bulk");
        let n = rsa.docs.len() * 2;
        g.throughput(criterion::Throughput::Elements(n as u64));
        for chain in [&rsa, &ec] {
            let v = chain.verifier(Some(&chain.crl_1m));
            for threads in [1, 2] {
                g.bench_function(format!("{} {threads} thread(s)", chain.name), |b| {
                    b.iter(|| {
                        let s = v.verify_documents(
                            (0..n).map(|i| &chain.docs[i % chain.docs.len()]),
                            &options,
                            &BulkOptions::new().threads(threads),
                            |_, _| {},
                        );
                        assert_eq!(s.valid, n);
                    })
                });
            }
        }
        g.finish();
    }
    // CRL load + index (+ signature check through a first validation).
    {
        let mut g = c.benchmark_group("crl");
        for path in [&rsa.crl_100k, &rsa.crl_1m] {
            let der = fs::read(path).expect("crl");
            let entries = Crl::from_der(&der).expect("crl").len();
            g.bench_function(format!("load+index {entries}"), |b| {
                b.iter(|| Crl::from_der_owned(black_box(der.clone())).expect("crl"))
            });
            let crl = Crl::from_der(&der).expect("crl");
            let v = Verifier::builder()
                .trust(cert("root-rsa"))
                .intermediate(cert("nca-rsa"))
                .crl(crl)
                .policy(Policy::default().ca_revocation(false))
                .build();
            let leaf = &rsa.leaf;
            g.bench_function(format!("lookup (verify_certificate) {entries}"), |b| {
                b.iter(|| assert!(v.verify_certificate(leaf, &options).valid))
            });
        }
        g.finish();
    }
    c.final_summary();

    // ---- headline figures, one sitting ----
    eprintln!("measuring headline rates ...");
    let mut lines: Vec<String> = Vec::new();
    let mut say = |s: String| {
        println!("{s}");
        lines.push(s);
    };
    let load = String::from_utf8_lossy(&fs::read("/proc/loadavg").unwrap_or_default())
        .trim()
        .to_owned();
    say(format!(
        "# bulk benchmark, {} CPUs, load average at start: {load}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    ));
    let harness = openssl_harness();
    for chain in [&rsa, &ec] {
        let (alg, msg, sig) = chain.raw();
        let backend = qoltanba::default_backend();
        let raw_unparsed = rate(2.0, || {
            backend
                .verify(alg, chain.leaf.spki(), &msg, &sig)
                .expect("raw")
        });
        // The baseline: the key parsed once.
        let key = backend.prepare(alg, chain.leaf.spki()).expect("prepared");
        let raw = rate(2.0, || key.verify(&msg, &sig).expect("raw"));
        let v = chain.verifier(Some(&chain.crl_1m));
        let mut i = 0;
        let one = rate(3.0, || {
            let d = &chain.docs[i % chain.docs.len()];
            i += 1;
            assert!(
                v.verify_document_bytes(d, None, &options)
                    .expect("doc")
                    .valid
            );
        });
        let count = if quick() { 2_000 } else { 20_000 };
        let bulk = |threads: usize| {
            let start = Instant::now();
            let s = v.verify_documents(
                (0..count).map(|i| &chain.docs[i % chain.docs.len()]),
                &options,
                &BulkOptions::new().threads(threads),
                |_, _| {},
            );
            assert_eq!(s.valid, count);
            count as f64 / start.elapsed().as_secs_f64()
        };
        let t1 = bulk(1);
        let t2 = bulk(2);
        say(format!("{}: raw verify {raw:.0}/s with the key pre-parsed ({raw_unparsed:.0}/s parsing it each time); pipeline (1M CRL) {one:.0} docs/s = {:.2} of raw; bulk 1 thread {t1:.0}/s ({:.2} of raw), 2 threads {t2:.0}/s = {:.2}x", chain.name, one / raw, t1 / raw, t2 / t1));
        // The same ratio measured in alternating blocks (robust to the
        // load of a shared machine: both sides see the same interruptions).
        let mut i = 0;
        let (per_doc, per_raw) = interleaved(
            if quick() { 4_000 } else { 40_000 },
            &mut || {
                let d = &chain.docs[i % chain.docs.len()];
                i += 1;
                assert!(
                    v.verify_document_bytes(d, None, &options)
                        .expect("doc")
                        .valid
                );
            },
            &mut || key.verify(&msg, &sig).expect("raw"),
        );
        say(format!(
            "{}: interleaved blocks (fastest quarter): pipeline (1M CRL) {:.1} us, raw {:.1} us = {:.2} of raw",
            chain.name,
            per_doc * 1e6,
            per_raw * 1e6,
            per_raw / per_doc
        ));
        // Thread scaling against the raw check's own on this machine.
        let rounds = if quick() { 8 } else { 40 };
        say(scaling_line(
            chain,
            scaling(chain, &v, &options, &*key, rounds),
        ));
        if let Some(exe) = &harness {
            let root_crl = PathBuf::from(format!("{DEMO}/{}", chain.root_crl));
            let no_crl = openssl_rate(exe, chain, &[], 3.0);
            let with_1m = openssl_rate(exe, chain, &[&root_crl, &chain.crl_1m], 3.0);
            let with_100k = openssl_rate(exe, chain, &[&root_crl, &chain.crl_100k], 3.0);
            if let (Some(a), Some(b), Some(c)) = (no_crl, with_100k, with_1m) {
                say(format!("{}: OpenSSL CMS_verify loop: no CRL {a:.0}/s, 100k CRL {b:.1}/s, 1M CRL {c:.2}/s; qoltanba 1 thread (1M CRL) = {:.1}x OpenSSL without CRL, {:.0}x OpenSSL with the 1M CRL", chain.name, t1 / a, t1 / c));
            }
        }
    }
    // GOST 2015-512: the national provider's document, repeated.
    {
        let raw_doc =
            fs::read("test-vectors/third-party/kz/skarm-kalkan/cms__individual_attached.der");
        match raw_doc {
            Ok(doc_der) => {
                let v = Verifier::builder()
                    .trust_profile(TrustProfile::NcaTest)
                    .expect("profile")
                    // The document's signature time-stamp is by the
                    // production TSA (checked since CAdES-T support).
                    .trust_profile(TrustProfile::Nca)
                    .expect("profile")
                    .policy(Policy::default().revocation(RevocationMode::Off))
                    .build();
                let doc = v.parse_document(&doc_der).expect("doc");
                let signer = &doc.certificates()[0];
                let gost_options =
                    Options::at(Time::from_unix(signer.info().not_before.unix() + 86_400));
                let first = v
                    .verify_document_bytes(&doc_der, None, &gost_options)
                    .expect("doc");
                assert!(first.valid, "{:?}", first.reason);
                let (_, intermediates) = TrustProfile::NcaTest.certificates().expect("profile");
                let issuer = intermediates
                    .iter()
                    .find(|c| c.subject() == signer.issuer())
                    .expect("issuer");
                let alg = signer.signature_algorithm().expect("alg");
                let backend = qoltanba::default_backend();
                let raw = rate(3.0, || {
                    backend
                        .verify(alg, issuer.spki(), signer.tbs(), signer.signature_value())
                        .expect("raw")
                });
                let one = rate(3.0, || {
                    assert!(
                        v.verify_document_bytes(&doc_der, None, &gost_options)
                            .expect("doc")
                            .valid
                    )
                });
                say(format!("gost: raw verify ({}) {raw:.0}/s; pipeline (revocation off) {one:.0} docs/s = {:.2} of raw", alg.name(), one / raw));
            }
            Err(e) => say(format!("gost: skipped ({e})")),
        }
        // Like RSA and P-256: 2 KB CAdES-BES documents (no time-stamp)
        // signed with the national test CA's GOST 2015-512 key, against
        // one raw check, in interleaved blocks.
        let p12 = "test-vectors/third-party/kz/skarm-kalkan/p12__GOST512_0860d9665327c26760c213126760a3b73072218d.p12";
        match fs::read(p12) {
            Ok(bytes) => say(gost_line(&bytes)),
            Err(e) => say(format!("gost 2 KB documents: skipped ({e})")),
        }
    }
    // CRL load and memory, in a child process per size.
    for path in [&rsa.crl_100k, &rsa.crl_1m] {
        let out = Command::new(std::env::current_exe().expect("exe"))
            .env("BULK_MEM_PROBE", path)
            .output()
            .expect("probe");
        let text = String::from_utf8_lossy(&out.stdout);
        let f: Vec<f64> = text
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        if let [size, rss, hwm, secs, entries] = f[..] {
            say(format!("CRL {entries:.0} entries, {:.1} MB: read+load+index {:.3} s; resident growth {:.2}x the file (peak {:.2}x)", size / 1e6, secs, rss / size, hwm / size));
        }
    }
    {
        // Load + index + signature check of the 1M CRL (first validation).
        let der = fs::read(&rsa.crl_1m).expect("crl");
        let start = Instant::now();
        let v = Verifier::builder()
            .trust(cert("root-rsa"))
            .intermediate(cert("nca-rsa"))
            .crl(Crl::from_der_owned(der).expect("crl"))
            .policy(Policy::default().ca_revocation(false))
            .build();
        assert!(v.verify_certificate(&rsa.leaf, &options).valid);
        say(format!(
            "1M CRL: load + index + signature check + first validation {:.3} s",
            start.elapsed().as_secs_f64()
        ));
    }
    let load = String::from_utf8_lossy(&fs::read("/proc/loadavg").unwrap_or_default())
        .trim()
        .to_owned();
    lines.push(format!("# load average at end: {load}"));
    println!("# load average at end: {load}");
    let _ = fs::write(Path::new(OUT).join("summary.txt"), lines.join("\n") + "\n");
}
