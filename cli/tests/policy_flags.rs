//! The policy flags of the verifying subcommands (`--revocation`,
//! `--require-timestamp`, `--legacy-algorithms`, ...) and repeatable
//! `--trust-profile`: each flag changes the verdict it should, with the
//! exact reason code and exit code.

use std::process::{Command, Output};

mod support;

use support::demo_trust;
const CMS: &str = "../test-vectors/cms";

fn run(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(args)
        .output()
        .expect("runs")
}

/// `verify FILE` on the demo PKI at its fixed time, as JSON, with the CRLs
/// named and `extra` flags.
fn verify(file: &str, crls: &[&str], extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut args: Vec<String> = ["verify", file, "--format", "json"]
        .map(String::from)
        .to_vec();
    args.extend(demo_trust(crls));
    args.extend(extra.iter().map(|s| s.to_string()));
    let o = run(&args);
    let json = serde_json::from_slice(&o.stdout).unwrap_or(serde_json::Value::Null);
    (o.status.code(), json)
}

const CRLS: &[&str] = &["root-rsa.crl", "nca-rsa.crl", "nca-rsa-delta.crl"];

fn code(json: &serde_json::Value) -> &str {
    json["reason"]["code"].as_str().unwrap_or("")
}

#[test]
fn revocation_modes() {
    let doc = format!("{CMS}/rsa-cades-attached.der");
    // No CRL of the issuer: required refuses, if-available and off pass.
    let (exit, json) = verify(&doc, &[], &[]);
    assert_eq!((exit, code(&json)), (Some(1), "revocation-status-unknown"));
    let (exit, json) = verify(&doc, &[], &["--revocation", "if-available"]);
    assert_eq!((exit, json["valid"].as_bool()), (Some(0), Some(true)));
    let (exit, _) = verify(&doc, &[], &["--revocation", "off"]);
    assert_eq!(exit, Some(0));
    let (exit, _) = verify(&doc, &[], &["--no-revocation"]);
    assert_eq!(exit, Some(0));
    // With the CRLs, required passes; a revoked signer stays refused even
    // when revocation is only used if available.
    let (exit, _) = verify(&doc, CRLS, &["--revocation", "required"]);
    assert_eq!(exit, Some(0));
    let revoked = format!("{CMS}/revoked-attached.der");
    let (exit, json) = verify(&revoked, CRLS, &["--revocation", "if-available"]);
    assert_eq!((exit, code(&json)), (Some(1), "cert-revoked"));
    // --no-revocation and --revocation are one choice.
    let (exit, json) = verify(&doc, CRLS, &["--no-revocation", "--revocation", "off"]);
    assert_eq!(
        (exit, json["error"]["code"].as_str()),
        (Some(2), Some("usage"))
    );
}

#[test]
fn require_timestamp() {
    let doc = format!("{CMS}/rsa-cades-attached.der");
    let (exit, json) = verify(&doc, CRLS, &["--require-timestamp"]);
    assert_eq!((exit, code(&json)), (Some(1), "timestamp-missing"));
}

#[test]
fn legacy_algorithms() {
    let doc = format!("{CMS}/rsa-sha1-attached.der");
    let (exit, json) = verify(&doc, CRLS, &[]);
    assert_eq!(
        (exit, code(&json)),
        (Some(1), "legacy-algorithm-not-allowed")
    );
    let (exit, _) = verify(&doc, CRLS, &["--legacy-algorithms"]);
    assert_eq!(exit, Some(0));
}

#[test]
fn numeric_policy_values_are_checked() {
    let doc = format!("{CMS}/rsa-cades-attached.der");
    let (exit, _) = verify(&doc, CRLS, &["--ocsp-max-age", "3600", "--clock-skew", "0"]);
    assert_eq!(exit, Some(0));
    let (exit, json) = verify(&doc, CRLS, &["--clock-skew", "five"]);
    assert_eq!(
        (exit, json["error"]["code"].as_str()),
        (Some(2), Some("usage"))
    );
}

#[test]
fn trust_profiles_combine_and_none_stands_alone() {
    // A national test document (GOST, test CA) whose time-stamp comes from
    // the production TSA: it needs both profiles.
    let doc = "../test-vectors/kz/cades-t/legal_entity_attached.der";
    let run_with = |profiles: &[&str]| {
        let mut args: Vec<String> = ["verify", doc, "--format", "json", "--no-revocation"]
            .map(String::from)
            .to_vec();
        args.extend(["--at".into(), "2026-08-01T00:00:00Z".into()]);
        for p in profiles {
            args.extend(["--trust-profile".into(), (*p).into()]);
        }
        let o = run(&args);
        let json: serde_json::Value =
            serde_json::from_slice(&o.stdout).unwrap_or(serde_json::Value::Null);
        (o.status.code(), json)
    };
    let (exit, json) = run_with(&["nca-test", "nca"]);
    assert_eq!(
        (exit, json["valid"].as_bool()),
        (Some(0), Some(true)),
        "{json}"
    );
    // The test profile alone cannot place the production TSA.
    let (exit, json) = run_with(&["nca-test"]);
    assert_eq!(
        (exit, code(&json)),
        (Some(1), "timestamp-invalid"),
        "{json}"
    );
    let (exit, json) = run_with(&["nca", "none"]);
    assert_eq!(
        (exit, json["error"]["code"].as_str()),
        (Some(2), Some("usage"))
    );
}
