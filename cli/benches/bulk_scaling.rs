//! `verify-bulk` over files on disk: how `--jobs 2` scales against
//! `--jobs 1`, next to what the machine gives two independent processes
//! (each verifying half of the files with `--jobs 1`) in the same run.
//! Issue 19's goal: the bulk scaling at least 0.95 of the processes'.
//!
//!     cargo bench -p qoltanba-cli --bench bulk_scaling          # 40,000 files
//!     BULK_FILES=4000 cargo bench -p qoltanba-cli --bench bulk_scaling
//!
//! Documents: P-256 CAdES-BES over the demo PKI (one signer, a distinct
//! content each), written once to a temporary directory. Two rounds; each
//! configuration's best time is reported.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "../../tests/generate/mod.rs"]
mod generate;

fn trust_args() -> Vec<String> {
    let d = common::DEMO;
    let mut a: Vec<String> = [
        "--trust-profile",
        "none",
        "--at",
        "2025-06-01T00:00:00Z",
        "--quiet",
    ]
    .map(String::from)
    .to_vec();
    a.extend(["--trust".into(), format!("{d}/root-ec.pem")]);
    a.extend(["--intermediate".into(), format!("{d}/nca-ec.pem")]);
    for c in ["root-ec.crl", "nca-ec-fresh.crl"] {
        a.extend(["--crl".into(), format!("{d}/{c}")]);
    }
    a
}

fn bulk(list: &Path, jobs: usize) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_qoltanba"));
    c.arg("verify-bulk")
        .arg(list)
        .args(["--jobs", &jobs.to_string(), "--format", "json"])
        .args(trust_args())
        .stdout(Stdio::null());
    c
}

fn timed(f: impl Fn()) -> f64 {
    (0..2)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let n: usize = std::env::var("BULK_FILES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40_000);
    let dir = std::env::temp_dir().join(format!("qoltanba-bulk-scaling-{n}"));
    std::fs::create_dir_all(&dir).expect("dir");
    let files: Vec<PathBuf> = (0..n)
        .map(|i| dir.join(format!("doc-{i:06}.p7s")))
        .collect();
    if !files.iter().all(|f| f.exists()) {
        eprintln!("writing {n} documents to {}", dir.display());
        let leaf = common::cert("individual-sign-ec");
        let key = common::key("individual-sign-ec");
        for chunk in files.chunks(1000) {
            let docs = generate::documents(chunk.len(), &leaf, &key).expect("documents");
            for (f, d) in chunk.iter().zip(docs) {
                std::fs::write(f, d).expect("write");
            }
        }
    }
    let list = |name: &str, part: &[PathBuf]| {
        let path = dir.join(name);
        let text: String = part.iter().map(|f| format!("{}\n", f.display())).collect();
        std::fs::write(&path, text).expect("list");
        path
    };
    let all = list("all.txt", &files);
    let first = list("first.txt", &files[..n / 2]);
    let second = list("second.txt", &files[n / 2..]);
    let run = |c: &mut Command| assert!(c.status().expect("runs").success());

    let one = timed(|| run(&mut bulk(&all, 1)));
    let two = timed(|| run(&mut bulk(&all, 2)));
    let procs = timed(|| {
        let mut a = bulk(&first, 1).spawn().expect("spawns");
        let mut b = bulk(&second, 1).spawn().expect("spawns");
        assert!(a.wait().expect("waits").success() && b.wait().expect("waits").success());
    });
    let rate = |t: f64| n as f64 / t;
    println!("verify-bulk over {n} files on disk (best of 2):");
    println!(
        "  --jobs 1:                      {one:7.3} s  {:8.0} documents/s",
        rate(one)
    );
    println!(
        "  --jobs 2:                      {two:7.3} s  {:8.0} documents/s",
        rate(two)
    );
    println!(
        "  2 processes x --jobs 1 (half each): {procs:7.3} s  {:8.0} documents/s",
        rate(procs)
    );
    let bulk_scaling = one / two;
    let process_scaling = one / procs;
    println!("  scaling: --jobs 2 {bulk_scaling:.2}x; two processes {process_scaling:.2}x; ratio {:.2} (goal >= 0.95)", bulk_scaling / process_scaling);
}
