//! The malformed-input suite (`test-vectors/malformed/`, made by its
//! `generate.py`): every file is refused with the exact reason code listed in
//! its `expectations.tsv`, through the library and through the CLI (exit 1
//! for a verdict, 2 for unreadable input, never 0, never a panic). The C ABI
//! runs the same table in `ffi/tests/test_ffi.c`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fs;

use qoltanba::{Certificate, Crl, OcspResponse, Options, SignedDocument, Time, Verifier};

const DIR: &str = "../test-vectors/malformed";
const DEMO: &str = "../test-vectors/demo";
const DEMO_TIME: &str = "2025-06-01T00:00:00Z";

/// One row of `expectations.tsv`.
struct Case {
    file: String,
    code: String,
    exit: i32,
}

fn cases() -> Vec<Case> {
    let table = fs::read_to_string(format!("{DIR}/expectations.tsv")).unwrap();
    table
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "expectations.tsv: {l}");
            Case {
                file: f[0].to_owned(),
                code: f[1].to_owned(),
                exit: f[2].parse().unwrap(),
            }
        })
        .collect()
}

fn demo_cert(name: &str) -> Certificate {
    Certificate::from_any(&fs::read(format!("{DEMO}/{name}")).unwrap()).unwrap()
}

fn demo_crl(name: &str) -> Crl {
    Crl::from_der(&fs::read(format!("{DEMO}/{name}")).unwrap()).unwrap()
}

/// The demo verifier with the CRLs given (the demo roots as anchors, the
/// demo NCAs as intermediates).
fn verifier(crls: impl IntoIterator<Item = Crl>) -> Verifier {
    let mut b = Verifier::builder()
        .trust(demo_cert("root-rsa.pem"))
        .trust(demo_cert("root-ec.pem"))
        .intermediate(demo_cert("nca-rsa.pem"))
        .intermediate(demo_cert("nca-ec.pem"));
    for c in crls {
        b = b.crl(c);
    }
    b.build()
}

fn default_crls() -> Vec<Crl> {
    [
        "root-rsa.crl",
        "root-ec.crl",
        "nca-rsa.crl",
        "nca-rsa-delta.crl",
        "nca-ec-fresh.crl",
    ]
    .into_iter()
    .map(demo_crl)
    .collect()
}

fn options() -> Options {
    Options::at(Time::parse_rfc3339(DEMO_TIME).unwrap())
}

/// What the library makes of one file: `Err(code)` for input it refuses to
/// read, `Ok(code)` for a verdict of "not valid" with that reason. A verdict
/// of "valid" is a failure of the suite.
fn library_outcome(file: &str) -> Result<String, String> {
    let bytes = fs::read(format!("{DIR}/{file}")).unwrap();
    if file.starts_with("cert-") {
        // The file as the certificate to validate.
        let cert = Certificate::from_any(&bytes).map_err(|e| e.code().to_owned())?;
        let report = verifier(default_crls()).verify_certificate(&cert, &options());
        assert!(!report.valid, "{file} was judged valid");
        Ok(report.reason.unwrap().code().to_owned())
    } else if file.starts_with("crl-") {
        // The file in place of nca-rsa.crl (and its delta) while validating
        // individual-sign.pem, a certificate it covers.
        let crls = Crl::all_from_any(&bytes).map_err(|e| e.code().to_owned())?;
        let mut all = vec![demo_crl("root-rsa.crl")];
        all.extend(crls);
        let report =
            verifier(all).verify_certificate(&demo_cert("individual-sign.pem"), &options());
        assert!(
            !report.valid,
            "{file}: individual-sign.pem was judged valid"
        );
        Ok(report.reason.unwrap().code().to_owned())
    } else if file.starts_with("cms-") {
        let doc = SignedDocument::from_any(&bytes).map_err(|e| e.code().to_owned())?;
        let report = verifier(default_crls()).verify_document(&doc, None, &options());
        assert!(!report.valid, "{file} was judged valid");
        Ok(report.result().unwrap_err().code().to_owned())
    } else if file.starts_with("ocsp-") {
        let report = ocsp_outcome(&bytes).map_err(|e| e.code().to_owned())?;
        assert!(
            !report.valid,
            "{file}: individual-sign.pem was judged valid"
        );
        Ok(report.reason.unwrap().code().to_owned())
    } else {
        panic!("{file}: unknown kind (cert-, crl-, cms- or ocsp-)")
    }
}

/// individual-sign.pem validated with `root-rsa.crl` (for DEMO NCA (RSA)
/// itself) and the OCSP response `bytes` as the only evidence for the leaf.
fn ocsp_outcome(bytes: &[u8]) -> Result<qoltanba::Report, qoltanba::Error> {
    let response = OcspResponse::from_any(bytes)?;
    let verifier = Verifier::builder()
        .trust(demo_cert("root-rsa.pem"))
        .intermediate(demo_cert("nca-rsa.pem"))
        .crl(demo_crl("root-rsa.crl"))
        .ocsp(response)
        .build();
    Ok(verifier.verify_certificate(&demo_cert("individual-sign.pem"), &options()))
}

/// The generator's time-stamp and OCSP constructions done right are
/// accepted, so the suite's refusals are the defects', not the generator's.
#[test]
fn the_controls_are_valid() {
    let doc = fs::read(format!("{DIR}/controls/cms-timestamped.der")).unwrap();
    let doc = SignedDocument::from_any(&doc).unwrap();
    let report = verifier(default_crls()).verify_document(&doc, None, &options());
    assert!(report.valid, "{:?}", report.result());
    let signer = &report.signers[0];
    let stamp = signer
        .timestamp
        .as_ref()
        .expect("the time-stamp is reported");
    assert!(stamp.valid);
    assert_eq!(
        stamp.info.gen_time,
        Time::parse_rfc3339("2025-05-31T12:00:00Z").unwrap()
    );

    let ocsp = fs::read(format!("{DIR}/controls/ocsp-good.der")).unwrap();
    let report = ocsp_outcome(&ocsp).unwrap();
    assert!(report.valid, "{:?}", report.reason);
    // Without the response the same validation has no evidence.
    let without = Verifier::builder()
        .trust(demo_cert("root-rsa.pem"))
        .intermediate(demo_cert("nca-rsa.pem"))
        .crl(demo_crl("root-rsa.crl"))
        .build()
        .verify_certificate(&demo_cert("individual-sign.pem"), &options());
    assert_eq!(without.reason.unwrap().code(), "revocation-status-unknown");
}

#[test]
fn the_table_covers_every_file() {
    let listed: BTreeSet<String> = cases().into_iter().map(|c| c.file).collect();
    let present: BTreeSet<String> = fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| {
            ["cert-", "crl-", "cms-", "ocsp-"]
                .iter()
                .any(|p| n.starts_with(p))
        })
        .collect();
    assert_eq!(listed, present);
}

#[test]
fn every_file_is_refused_with_its_reason_by_the_library() {
    let mut wrong = Vec::new();
    let cases = cases();
    for case in &cases {
        let got = library_outcome(&case.file);
        let (code, exit) = match &got {
            Ok(code) => (code.as_str(), 1),
            Err(code) => (code.as_str(), 2),
        };
        if code != case.code || exit != case.exit {
            wrong.push(format!("{}\t{code}\t{exit}", case.file));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} files differ from expectations.tsv (got):\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

mod cli {
    use super::*;
    use std::process::Command;

    fn trust_args(crls: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = [
            "--trust-profile",
            "none",
            "--at",
            DEMO_TIME,
            "--format",
            "json",
        ]
        .map(str::to_owned)
        .to_vec();
        for r in ["root-rsa.pem", "root-ec.pem"] {
            v.extend(["--trust".to_owned(), format!("{DEMO}/{r}")]);
        }
        for i in ["nca-rsa.pem", "nca-ec.pem"] {
            v.extend(["--intermediate".to_owned(), format!("{DEMO}/{i}")]);
        }
        for c in crls {
            v.extend(["--crl".to_owned(), (*c).to_owned()]);
        }
        v
    }

    const DEFAULT_CRLS: [&str; 5] = [
        "../test-vectors/demo/root-rsa.crl",
        "../test-vectors/demo/root-ec.crl",
        "../test-vectors/demo/nca-rsa.crl",
        "../test-vectors/demo/nca-rsa-delta.crl",
        "../test-vectors/demo/nca-ec-fresh.crl",
    ];

    #[test]
    fn every_file_is_refused_with_its_reason_by_the_cli() {
        let mut wrong = Vec::new();
        let cases = cases();
        for case in &cases {
            let path = format!("{DIR}/{}", case.file);
            let mut args: Vec<String>;
            if case.file.starts_with("cert-") {
                args = vec!["verify-cert".into(), path];
                args.extend(trust_args(&DEFAULT_CRLS));
            } else if case.file.starts_with("crl-") {
                args = vec!["verify-cert".into(), format!("{DEMO}/individual-sign.pem")];
                args.extend(trust_args(&["../test-vectors/demo/root-rsa.crl", &path]));
            } else if case.file.starts_with("ocsp-") {
                args = vec!["verify-cert".into(), format!("{DEMO}/individual-sign.pem")];
                args.extend(trust_args(&["../test-vectors/demo/root-rsa.crl"]));
                args.extend(["--ocsp".to_owned(), path]);
            } else {
                args = vec!["verify".into(), path];
                args.extend(trust_args(&DEFAULT_CRLS));
            }
            let o = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
                .args(&args)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert!(!stderr.contains("panicked"), "{}: {stderr}", case.file);
            let exit = o.status.code().unwrap_or(-1);
            assert_ne!(exit, 0, "{} exits 0", case.file);
            // A verdict (exit 1) is JSON whose reason carries the code; an
            // input error (exit 2) is a JSON error object with its code.
            let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            let code = if exit == 1 {
                json["reason"]["code"].as_str().unwrap_or("").to_owned()
            } else {
                json["error"]["code"].as_str().unwrap_or("").to_owned()
            };
            if exit != case.exit || code != case.code {
                wrong.push(format!("{}\t{code}\t{exit}\t{stderr}", case.file));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} of {} files differ from expectations.tsv through the CLI (got):\n{}",
            wrong.len(),
            cases.len(),
            wrong.join("\n")
        );
    }
}

/// The generator reproduces the committed files (when python3 is there).
#[test]
fn generator_is_reproducible() {
    let Ok(o) = std::process::Command::new("python3")
        .args([&format!("{DIR}/generate.py"), "--check"])
        .output()
    else {
        eprintln!("python3 not found: reproducibility not checked");
        return;
    };
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
