//! XML signature verification against xmlsec1's library in the same run
//! (issue 15): an enveloped RSA-2048 document signed by xmlsec1
//! (`test-vectors/xml/xmlsec/rsa-enveloped.xml`, 3 KB, Cyrillic content)
//! verified by `Verifier::verify_xml` with the demo PKI (chain to the root,
//! the demo CRLs checked) and by `benches/xmlsec/xml_verify.c` (xmlsec1
//! with OpenSSL: parse, find the Signature, verify with X509Data chained to
//! the same root; no CRLs), both timed as the fastest of 8 blocks on one
//! core. Needs a C compiler and `libxmlsec1-dev`; without them only
//! qoltanba's figure is printed. `cargo bench --bench xml`;
//! `XML_BENCH_SECONDS` sets the time per side (default 4).
#![allow(clippy::unwrap_used)]

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "support/engine.rs"]
#[allow(dead_code)]
mod engine;

use std::path::Path;
use std::process::Command;

use qoltanba::Options;

const DOC: &str = "test-vectors/xml/xmlsec/rsa-enveloped.xml";

fn xmlsec_us(seconds: f64) -> Option<f64> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xml-bench");
    std::fs::create_dir_all(&dir).ok()?;
    let exe = dir.join("xml_verify");
    let flags = Command::new("pkg-config")
        .args(["--cflags", "--libs", "xmlsec1-openssl"])
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let flags = String::from_utf8_lossy(&flags.stdout).into_owned();
    let built = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
        .args(["-O2", "-o"])
        .arg(&exe)
        .arg("benches/xmlsec/xml_verify.c")
        .args(flags.split_whitespace())
        .status()
        .ok()?;
    if !built.success() {
        return None;
    }
    let out = Command::new(&exe)
        .arg(DOC)
        .arg("test-vectors/demo/root-rsa.pem,test-vectors/demo/nca-rsa.pem")
        .arg(common::demo_time().unix().to_string())
        .arg(format!("{seconds}"))
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("xmlsec1 harness: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn main() {
    let seconds: f64 = std::env::var("XML_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4.0);
    let xml = std::fs::read(DOC).unwrap();
    let verifier = common::verifier();
    let options = Options::at(common::demo_time());
    let report = verifier.verify_xml(&xml, &options);
    assert!(report.valid(), "{report:?}");
    let ours = engine::best_us(seconds, || {
        assert!(verifier.verify_xml(&xml, &options).valid());
    });
    match xmlsec_us(seconds) {
        Some(theirs) => println!(
            "XML enveloped RSA-2048 (3 KB): qoltanba {ours:.1} us, xmlsec1 {theirs:.1} us = {:.2}x xmlsec1's rate",
            theirs / ours
        ),
        None => println!(
            "XML enveloped RSA-2048 (3 KB): qoltanba {ours:.1} us (xmlsec1 harness unavailable: libxmlsec1-dev)"
        ),
    }
}
