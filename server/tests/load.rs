//! A load test of `POST /cms/verify` on 127.0.0.1 (ignored: it runs for
//! about a minute; run it by hand):
//!
//! ```text
//! cargo test --release -p qoltanba-server --test load -- --ignored --nocapture
//! ```
//!
//! 2 KB RSA documents of the demo PKI, a CRL of a million entries for
//! their issuer; the rate at 2 and 16 concurrent clients with p50/p99
//! latency, and of `POST /v1/batch` with 64 documents a request, against
//! the library's bulk verification and the `qoltanba verify-bulk` command
//! itself (`$QOLTANBA_BIN`, else the workspace's release build; skipped
//! when it is not built) on the same documents in the same run, and one
//! document at a time without HTTP; the resident memory over
//! `LOAD_REQUESTS` requests (default 100,000; 0 skips it).
//! Every answer must be the expected verdict. `LOAD_CLIENTS` sets the
//! client counts (default `2,16`), `LOAD_WORKERS` the service's tokio
//! workers (default 2).
//!
//! "Per core" is measured in CPU time: the service's threads (named
//! `svc`) are read from `/proc/self/task/*/schedstat` before and after
//! each run, so the clients' own work (they share the machine's cores)
//! is not counted against the service; bulk verification's CPU time is
//! the process's (`/proc/self/stat`), nothing else running then. The
//! wall-clock rates are printed too.

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

/// The allocator of the `qoltanba` binary, so that both sides measure what
/// `qoltanba serve` and `qoltanba verify-bulk` run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use support::{demo, demo_time};

/// `state` served on 127.0.0.1 by a runtime of `LOAD_WORKERS` workers
/// (default 2, as many as the machine's cores) whose threads (the
/// blocking pool's too) are named `svc` and live for the whole test.
fn serve(state: AppState) -> String {
    let workers = std::env::var("LOAD_WORKERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .thread_name("svc")
            .thread_keep_alive(Duration::from_secs(3600))
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            qoltanba_server::serve(listener, state, std::future::pending())
                .await
                .unwrap();
        });
    });
    format!("http://{}", rx.recv().unwrap())
}

/// The CPU time, in seconds, the threads named `name` have run.
fn threads_cpu(name: &str) -> f64 {
    let mut ns = 0u64;
    for task in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.trim_end() != name {
            continue;
        }
        let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
        ns += stat
            .split_whitespace()
            .next()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
    }
    ns as f64 / 1e9
}

/// Two CPU times of `/proc/self/stat`, in seconds (Linux's USER_HZ is
/// 100), summed: the fields `skip` on from the first after the command
/// name's closing parenthesis.
fn stat_cpu(skip: usize) -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<u64> = rest
        .split_whitespace()
        .skip(skip)
        .take(2)
        .map(|v| v.parse().unwrap())
        .collect();
    (fields[0] + fields[1]) as f64 / 100.0
}

/// The CPU time, in seconds, of the whole process so far, exited threads
/// included (utime and stime, the 14th and 15th fields).
fn process_cpu() -> f64 {
    stat_cpu(11)
}

/// The CPU time, in seconds, of the process's children that have been
/// waited for (cutime and cstime, the 16th and 17th fields).
fn children_cpu() -> f64 {
    stat_cpu(13)
}

/// The `qoltanba` binary: `$QOLTANBA_BIN`, else the workspace's release
/// build. None when it is not built.
fn qoltanba_bin() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("QOLTANBA_BIN").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/qoltanba"),
        std::path::PathBuf::from,
    );
    path.exists().then_some(path)
}

/// `qoltanba verify-bulk` itself (the command, its files, its threads) on
/// the same documents: a list file naming them round-robin, `lines` lines.
/// Returns (seconds, CPU seconds, documents counted valid).
fn cli_bulk(bin: &std::path::Path, dir: &std::path::Path, lines: usize) -> (f64, f64, usize) {
    let names: Vec<String> = (0..256)
        .map(|i| dir.join(format!("doc-{i}.p7s")).display().to_string())
        .collect();
    let list = dir.join(format!("list-{lines}.txt"));
    let text: Vec<&str> = (0..lines)
        .map(|i| names[i % names.len()].as_str())
        .collect();
    std::fs::write(&list, text.join("\n") + "\n").unwrap();
    let demo_file = |n: &str| format!("{}/demo/{n}", support::VECTORS);
    let cpu = children_cpu();
    let start = Instant::now();
    let out = std::process::Command::new(bin)
        .arg("verify-bulk")
        .arg(&list)
        .args(["--quiet", "--trust-profile", "none", "--trust"])
        .arg(demo_file("root-rsa.pem"))
        .arg("--intermediate")
        .arg(demo_file("nca-rsa.pem"))
        .arg("--crl")
        .arg(demo_file("root-rsa.crl"))
        .arg("--crl")
        .arg(dir.join("big.crl"))
        // Only the summary line is written.
        .args([
            "--at",
            &demo_time().to_rfc3339(),
            "--format",
            "jsonl",
            "--only-invalid",
        ])
        .output()
        .unwrap();
    let seconds = start.elapsed().as_secs_f64();
    let cpu = children_cpu() - cpu;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let valid = summary["summary"]["counts"]["valid"]
        .as_u64()
        .unwrap_or_default() as usize;
    (seconds, cpu, valid)
}

/// A load run's figures.
struct Run {
    /// Requests a second, wall clock.
    rate: f64,
    /// Requests a second of the service's CPU time.
    per_core: f64,
    p50: u64,
    p99: u64,
}

/// What a load run posts: the path, the bodies (round-robin), the
/// documents in each body, and the check of each answer.
struct Target {
    path: &'static str,
    bodies: Arc<Vec<String>>,
    documents: usize,
    check: fn(&str) -> bool,
}

/// Posts the target's bodies round-robin over `seconds` from `clients`
/// threads (named `client`); rates count documents.
fn load(base: &str, target: &Arc<Target>, clients: usize, seconds: f64) -> Run {
    let done = Arc::new(AtomicUsize::new(0));
    let cpu = threads_cpu("svc");
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let (base, target) = (base.to_owned(), Arc::clone(target));
            std::thread::Builder::new()
                .name("client".into())
                .spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .build()
                        .into();
                    let mut latencies = Vec::new();
                    let mut i = c;
                    while start.elapsed().as_secs_f64() < seconds {
                        let t = Instant::now();
                        let bodies = &target.bodies;
                        let mut r = agent
                            .post(&format!("{base}{}", target.path))
                            .header("content-type", "application/json")
                            .send(&bodies[i % bodies.len()])
                            .unwrap();
                        let text = r.body_mut().read_to_string().unwrap();
                        latencies.push(t.elapsed().as_micros() as u64);
                        assert!((target.check)(&text), "{text}");
                        i += clients;
                    }
                    latencies
                })
                .unwrap()
        })
        .collect();
    let mut all: Vec<u64> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let elapsed = start.elapsed().as_secs_f64();
    let cpu = threads_cpu("svc") - cpu;
    done.fetch_add(all.len(), Ordering::Relaxed);
    all.sort_unstable();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    let documents = (all.len() * target.documents) as f64;
    Run {
        rate: documents / elapsed,
        per_core: documents / cpu,
        p50: pct(0.5),
        p99: pct(0.99),
    }
}

/// Requests/s of `GET /health` over `seconds` with `clients` threads,
/// wall clock and a second of the service's CPU time: what the HTTP
/// exchange alone costs on this machine.
fn health_rate(base: &str, clients: usize, seconds: f64) -> (f64, f64) {
    let cpu = threads_cpu("svc");
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let base = base.to_owned();
            std::thread::Builder::new()
                .name("client".into())
                .spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
                    let mut n = 0u64;
                    while start.elapsed().as_secs_f64() < seconds {
                        let mut r = agent.get(&format!("{base}/health")).call().unwrap();
                        r.body_mut().read_to_string().unwrap();
                        n += 1;
                    }
                    n
                })
                .unwrap()
        })
        .collect();
    let n: u64 = threads.into_iter().map(|t| t.join().unwrap()).sum();
    let elapsed = start.elapsed().as_secs_f64();
    (n as f64 / elapsed, n as f64 / (threads_cpu("svc") - cpu))
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
    let cms_verify = Arc::new(Target {
        path: "/cms/verify",
        bodies: Arc::new(
            docs.iter()
                .map(|d| json!({ "cms": b64(d), "revocationCheck": ["CRL"] }).to_string())
                .collect(),
        ),
        documents: 1,
        check: |text| text.contains("\"valid\":true"),
    });
    // The native batch endpoint, 64 documents a request: the HTTP exchange
    // shared by 64 checks.
    let batch = Arc::new(Target {
        path: "/v1/batch",
        bodies: Arc::new(
            docs.chunks(64)
                .map(|c| {
                    let documents: Vec<_> =
                        c.iter().map(|d| json!({ "document": b64(d) })).collect();
                    json!({ "documents": documents }).to_string()
                })
                .collect(),
        ),
        documents: 64,
        check: |text| {
            let answer: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            answer["valid"] == 64 && answer["total"] == 64
        },
    });
    eprintln!("CRL: {} entries, {} bytes", 1_000_000, big.len());

    // The library's bulk verification of the same documents, all cores.
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    let bulk = BulkOptions::new().threads(threads);
    let options = Options::at(demo_time());
    let cpu = process_cpu();
    let start = Instant::now();
    let mut verified = 0usize;
    while start.elapsed() < Duration::from_secs(5) {
        let summary = verifier.verify_documents(docs.iter().cloned(), &options, &bulk, |_, r| {
            assert!(r.is_ok_and(|r| r.valid));
        });
        verified += summary.valid;
    }
    let bulk_rate = verified as f64 / start.elapsed().as_secs_f64();
    let bulk_per_core = verified as f64 / (process_cpu() - cpu);
    eprintln!(
        "bulk verification ({threads} threads): {bulk_rate:.0} documents/s, {bulk_per_core:.0} a CPU second"
    );

    // One document at a time on this thread, the calls `/cms/verify`
    // makes (parse_document, verify_document): the check without HTTP,
    // JSON or base64.
    let thread_cpu = || {
        let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
        stat.split_whitespace()
            .next()
            .unwrap()
            .parse::<f64>()
            .unwrap()
            / 1e9
    };
    let (cpu, start, mut n) = (thread_cpu(), Instant::now(), 0usize);
    while start.elapsed() < Duration::from_secs(2) {
        let doc = verifier.parse_document(&docs[n % docs.len()]).unwrap();
        assert!(verifier.verify_document(&doc, None, &options).valid);
        n += 1;
    }
    let single_per_core = n as f64 / (thread_cpu() - cpu);
    eprintln!(
        "one document at a time (parse_document + verify_document, one thread): {single_per_core:.0} a CPU second \
         ({:.1} us a document) = {:.2} of bulk per core",
        1e6 / single_per_core,
        single_per_core / bulk_per_core
    );

    // `qoltanba verify-bulk`, the command, on the same documents: its
    // rate once started (a run of 256 lines subtracted from one of
    // 100,256, so that reading the million-entry CRL is not counted).
    let cli_per_core = qoltanba_bin().map(|bin| {
        let dir = std::env::temp_dir().join(format!("qoltanba-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (i, d) in docs.iter().enumerate() {
            std::fs::write(dir.join(format!("doc-{i}.p7s")), d).unwrap();
        }
        std::fs::write(dir.join("big.crl"), &big).unwrap();
        let (t0, c0, v0) = cli_bulk(&bin, &dir, 256);
        let (t1, c1, v1) = cli_bulk(&bin, &dir, 100_256);
        assert_eq!((v0, v1), (256, 100_256));
        std::fs::remove_dir_all(&dir).unwrap();
        let per_core = 100_000.0 / (c1 - c0);
        eprintln!(
            "qoltanba verify-bulk (the command, {threads} threads): {:.0} documents/s, \
             {per_core:.0} a CPU second ({:.1} us a document; start-up {t0:.2} s, {c0:.2} s of CPU, not counted)",
            100_000.0 / (t1 - t0),
            1e6 / per_core
        );
        per_core
    });
    if cli_per_core.is_none() {
        eprintln!(
            "qoltanba verify-bulk: not built (cargo build --release -p qoltanba-cli): not compared"
        );
    }

    let state = AppState::new(
        verifier,
        Some(demo_time()),
        Limits {
            log_requests: false,
            ..Limits::default()
        },
    );
    let base = serve(state);
    load(&base, &cms_verify, 2, 1.0); // warm-up
                                      // LOAD_CLIENTS: the client counts (default 2,16).
    let counts: Vec<usize> = std::env::var("LOAD_CLIENTS")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![2, 16]);
    for &clients in &counts {
        let (rate, per_core) = health_rate(&base, clients, 3.0);
        eprintln!(
            "GET /health, {clients} clients (the HTTP exchange alone): {rate:.0} requests/s, \
             {per_core:.0} a CPU second of the service ({:.1} us a request)",
            1e6 / per_core
        );
    }
    for &clients in &counts {
        let run = load(&base, &cms_verify, clients, 5.0);
        eprintln!(
            "POST /cms/verify, {clients} clients: {:.0} requests/s ({:.2} of bulk, clients on the same cores); \
             {:.0} a CPU second of the service ({:.1} us a request) = {:.2} of bulk per core ({:.1} us a document); \
             p50 {} us, p99 {} us",
            run.rate,
            run.rate / bulk_rate,
            run.per_core,
            1e6 / run.per_core,
            run.per_core / bulk_per_core,
            1e6 / bulk_per_core,
            run.p50,
            run.p99
        );
        if let Some(cli) = cli_per_core {
            eprintln!(
                "  = {:.2} of `qoltanba verify-bulk` per core",
                run.per_core / cli
            );
        }
    }
    for &clients in &counts {
        let run = load(&base, &batch, clients, 5.0);
        eprintln!(
            "POST /v1/batch of 64, {clients} clients: {:.0} documents/s; {:.0} a CPU second of the service \
             ({:.1} us a document) = {:.2} of bulk per core{}",
            run.rate,
            run.per_core,
            1e6 / run.per_core,
            run.per_core / bulk_per_core,
            cli_per_core.map_or_else(String::new, |cli| format!(
                ", {:.2} of `qoltanba verify-bulk`",
                run.per_core / cli
            )),
        );
    }
    let requests: usize = std::env::var("LOAD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    if requests == 0 {
        return;
    }
    let before = rss();
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    let t = Instant::now();
    let mut samples = Vec::new();
    for i in 0..requests {
        let mut r = agent
            .post(&format!("{base}/cms/verify"))
            .send(&cms_verify.bodies[i % cms_verify.bodies.len()])
            .unwrap();
        let text = r.body_mut().read_to_string().unwrap();
        assert!((cms_verify.check)(&text), "{text}");
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
