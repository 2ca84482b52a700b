//! `verify-bulk --format jsonl`: one JSON line per document as it
//! completes (file, valid, code, reason, signers' IIN/BIN, elapsed), then a
//! summary line; `--only-invalid` and `--fail-fast`; a closed stdout pipe
//! ends the run quietly.

use std::io::Read;
use std::process::{Command, Stdio};

mod support;

use support::demo_trust;
const CMS: &str = "../test-vectors/cms";

fn bulk(dir: &str, extra: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_qoltanba"));
    c.args(["verify-bulk", dir, "--format", "jsonl"])
        .args(demo_trust(&[
            "root-rsa.crl",
            "root-ec.crl",
            "nca-rsa.crl",
            "nca-rsa-delta.crl",
            "nca-ec-fresh.crl",
        ]));
    c.args(extra);
    c
}

/// A scratch directory with the demo's attached documents: three valid,
/// one revoked, one expired, one file that is not CMS.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("qoltanba-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    for f in [
        "rsa-cades-attached.der",
        "ec-attached.der",
        "rsa-attached.der",
        "revoked-attached.der",
        "expired-attached.der",
    ] {
        std::fs::copy(format!("{CMS}/{f}"), dir.join(f)).expect("copy");
    }
    std::fs::write(dir.join("zz-not-cms.txt"), "hello").expect("write");
    dir
}

fn lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn one_line_per_document_then_the_summary() {
    let dir = scratch("jsonl");
    let o = bulk(dir.to_str().expect("utf-8"), &[])
        .output()
        .expect("runs");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(o.status.code(), Some(1));
    let lines = lines(&o.stdout);
    assert_eq!(lines.len(), 7, "six documents and the summary");
    let (docs, summary) = lines.split_at(6);
    let mut by_file: Vec<(String, bool, Option<String>)> = docs
        .iter()
        .map(|l| {
            assert_eq!(l["schema"], "qoltanba/verify-bulk/1");
            let file = l["file"].as_str().expect("file");
            let name = file.rsplit('/').next().expect("name").to_owned();
            (
                name,
                l["valid"] == true,
                l["code"].as_str().map(str::to_owned),
            )
        })
        .collect();
    by_file.sort();
    let code = |s: &str| Some(s.to_owned());
    assert_eq!(
        by_file,
        [
            ("ec-attached.der".into(), true, None),
            ("expired-attached.der".into(), false, code("cert-expired")),
            ("revoked-attached.der".into(), false, code("cert-revoked")),
            ("rsa-attached.der".into(), true, None),
            ("rsa-cades-attached.der".into(), true, None),
            ("zz-not-cms.txt".into(), false, code("malformed")),
        ]
    );
    let rsa = docs
        .iter()
        .find(|l| {
            l["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("/rsa-cades-attached.der"))
        })
        .expect("line");
    assert_eq!(
        rsa["signers"],
        serde_json::json!([{ "iin": "871008401427", "bin": null }])
    );
    assert!(rsa["elapsed_seconds"].as_f64().is_some());
    let s = &summary[0]["summary"];
    assert_eq!(s["documents"], 6);
    assert_eq!(
        s["counts"],
        serde_json::json!({
            "malformed [malformed]": 1,
            "not valid [cert-expired]": 1,
            "not valid [cert-revoked]": 1,
            "valid": 3
        })
    );
    assert_eq!(s["stopped_early"], false);
}

#[test]
fn only_invalid_and_fail_fast() {
    let dir = scratch("jsonl-only");
    let path = dir.to_str().expect("utf-8").to_owned();
    let o = bulk(&path, &["--only-invalid", "--jobs", "2"])
        .output()
        .expect("runs");
    let invalid = lines(&o.stdout);
    assert_eq!(invalid.len(), 4, "three invalid lines and the summary");
    assert!(invalid[..3].iter().all(|l| l["valid"] == false));
    assert_eq!(invalid[3]["summary"]["documents"], 6);
    // One worker, stopping at the first invalid document (sorted order:
    // ec, expired, ...): two documents verified.
    let o = bulk(&path, &["--fail-fast", "--jobs", "1"]).output();
    std::fs::remove_dir_all(&dir).ok();
    let o = o.expect("runs");
    assert_eq!(o.status.code(), Some(1));
    let stopped = lines(&o.stdout);
    assert_eq!(stopped.len(), 3);
    assert_eq!(stopped[1]["code"], "cert-expired");
    assert_eq!(stopped[2]["summary"]["documents"], 2);
    assert_eq!(stopped[2]["summary"]["stopped_early"], true);
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let dir = scratch("jsonl-pipe");
    let mut child = bulk(dir.to_str().expect("utf-8"), &["--jobs", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    // Read nothing: close our end at once.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("reads");
    let status = child.wait().expect("waits");
    std::fs::remove_dir_all(&dir).ok();
    assert!(err.is_empty(), "{err}");
    // The exit code is that of what was verified before the pipe closed
    // (0 if all of it was valid, 1 if not), never an error (2).
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
}
