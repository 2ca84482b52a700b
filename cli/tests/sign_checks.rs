//! Before signing, the signer's certificate is checked (the regulations:
//! select the certificate, check it, then sign): `sign`, `cosign`,
//! `request sign` and `licence issue` refuse an expired or not yet valid
//! certificate, an AUTH key or a CA certificate with the reason's code
//! (exit 2), unless `--force`, which signs and says what it overrode.

use std::process::{Command, Output};

const D: &str = "../test-vectors/demo";
const AT: &str = "2025-06-01T00:00:00Z";

fn sign(who: &str, extra: &[&str]) -> Output {
    sign_at(who, AT, extra)
}

fn sign_at(who: &str, at: &str, extra: &[&str]) -> Output {
    let key = format!("{D}/{who}.key.pem");
    let cert = format!("{D}/{who}.pem");
    Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args([
            "sign",
            "../test-vectors/cms/content.txt",
            "--key",
            &key,
            "--cert",
            &cert,
        ])
        .args(["--at", at])
        .args(extra)
        .output()
        .expect("runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn each_failed_check_refuses_with_its_code() {
    for (who, code) in [
        ("expired", "cert-expired"),
        ("not-yet-valid", "cert-not-valid-yet"),
        ("individual-auth", "wrong-key-kind"),
        ("nca-rsa", "ca-as-end-entity"),
    ] {
        let o = sign(who, &[]);
        assert_eq!(o.status.code(), Some(2), "{who}");
        assert!(o.stdout.is_empty(), "{who}: nothing is signed");
        let err = stderr(&o);
        assert!(
            err.starts_with("qoltanba: refusing to sign: "),
            "{who}: {err}"
        );
        assert!(
            err.contains(&format!("({code}; --force signs anyway)")),
            "{who}: {err}"
        );
        let forced = sign(who, &["--force"]);
        assert_eq!(forced.status.code(), Some(0), "{who}");
        assert!(String::from_utf8_lossy(&forced.stdout).starts_with("-----BEGIN CMS-----"));
        let warned = stderr(&forced);
        assert!(
            warned.starts_with("qoltanba: warning: signing despite: "),
            "{who}: {warned}"
        );
        assert!(
            warned.contains(&format!("({code}; --force)")),
            "{who}: {warned}"
        );
    }
}

#[test]
fn a_good_certificate_signs_without_a_word() {
    let o = sign("individual-sign", &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    // The signing time decides: the same certificate, after it expired.
    let late = sign_at("individual-sign", "2099-01-01T00:00:00Z", &[]);
    assert_eq!(late.status.code(), Some(2));
    assert!(stderr(&late).contains("(cert-expired; --force signs anyway)"));
}

fn request_file(name: &str, json: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("qoltanba-presign-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(name);
    std::fs::write(&path, json).expect("write");
    path
}

fn payload_sign(cmd: &[&str], file: &std::path::Path, who: &str, extra: &[&str]) -> Output {
    let key = format!("{D}/{who}.key.pem");
    let cert = format!("{D}/{who}.pem");
    Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(cmd)
        .arg(file)
        .args(["--key", &key, "--cert", &cert, "--at", AT])
        .args(extra)
        .output()
        .expect("runs")
}

/// Condition 3 before a request is signed: the IIN given in the request
/// must be the signer's (on the portal), and a CRL given lists no
/// revocation; each refusal names the refusal's code and the error's.
#[test]
fn request_sign_runs_condition_3() {
    let other = request_file(
        "other.json",
        r#"{"version":1,"service":"00501","kind":"issue","channel":"portal","applicant":{"iin":"760212350620"}}"#,
    );
    let o = payload_sign(&["request", "sign"], &other, "individual-sign", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o),
        "qoltanba: refusing to sign: [eds-identity-mismatch] the IIN/BIN given in the request does not match the EDS registration certificate: identity mismatch: expected IIN 760212350620 (given in the request), certificate has IIN 871008401427 (identity-mismatch; --force signs anyway)\n"
    );
    let forced = payload_sign(
        &["request", "sign"],
        &other,
        "individual-sign",
        &["--force"],
    );
    assert_eq!(forced.status.code(), Some(0));
    assert!(stderr(&forced).starts_with(
        "qoltanba: warning: signing despite: [eds-identity-mismatch] the IIN/BIN given in the request does not match the EDS registration certificate: "
    ));
    assert!(stderr(&forced).ends_with("(identity-mismatch; --force)\n"));

    // At a service centre the operator signs: no applicant check here.
    let centre = request_file(
        "centre.json",
        r#"{"version":1,"service":"00501","kind":"issue","channel":"service-centre","applicant":{"iin":"871008401427"}}"#,
    );
    let o = payload_sign(&["request", "sign"], &centre, "operator-sign", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // Revocation, when CRLs (and the roots to verify them) are given.
    let own = request_file(
        "own.json",
        r#"{"version":1,"service":"00501","kind":"issue","channel":"portal","applicant":{"iin":"871008401427"}}"#,
    );
    let evidence = [
        "--trust",
        "../test-vectors/demo/root-rsa.pem",
        "--chain",
        "../test-vectors/demo/nca-rsa.pem",
        "--crl",
        "../test-vectors/demo/root-rsa.crl",
        "--crl",
        "../test-vectors/demo/nca-rsa.crl",
    ];
    let o = payload_sign(&["request", "sign"], &own, "revoked", &evidence);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("qoltanba: refusing to sign: [eds-revoked] the EDS registration certificate is in the list of revoked (annulled) registration certificates: "),
        "{err}"
    );
    assert!(
        err.ends_with("(cert-revoked; --force signs anyway)\n"),
        "{err}"
    );
    // Without evidence the same certificate signs (its revocation is then
    // the verifier's to find).
    let o = payload_sign(&["request", "sign"], &own, "revoked", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = payload_sign(&["request", "sign"], &own, "individual-sign", &evidence);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty());

    // A licence: the signer must be of the issuing BIN.
    let lic = request_file(
        "licence.json",
        r#"{"version":1,"number":"L-1","licensee":{"iin":"871008401427"},"activity":"x","issued":"2025-05-30","status":"issued","issuer_name":"ДЕМО","issuer_bin":"940140000385"}"#,
    );
    let o = payload_sign(&["licence", "issue"], &lic, "operator-sign", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "qoltanba: refusing to sign: [eds-issuer-mismatch] the EDS registration certificate is not of the issuing body named in the licence: identity mismatch: expected BIN 940140000385 (the issuing body named in the licence), certificate has BIN 950341000052 (identity-mismatch; --force signs anyway)\n"
    );
    let o = payload_sign(&["licence", "issue"], &lic, "ceo-sign", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // Test identifiers only with the flag.
    let test = request_file(
        "test.json",
        r#"{"version":1,"service":"00501","kind":"issue","channel":"portal","applicant":{"bin":"123456789021"}}"#,
    );
    let o = payload_sign(&["request", "sign"], &test, "test-ids-sign", &[]);
    assert_eq!(o.status.code(), Some(2));
    let o = payload_sign(
        &["request", "sign"],
        &test,
        "test-ids-sign",
        &["--test-identifiers"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "qoltanba: warning: applicant: BIN 123456789021 is a national CA test identifier (fails the check digit); accepted for testing only\n"
    );
}

/// `request verify`: the national CA's test identifiers are accepted (with
/// a warning) under `--trust-profile nca-test` or `--test-identifiers`, and
/// refused as malformed otherwise.
#[test]
fn test_identifiers_only_under_nca_test() {
    let test = request_file(
        "test-verify.json",
        r#"{"version":1,"service":"00501","kind":"issue","channel":"portal","applicant":{"bin":"123456789021"}}"#,
    );
    let signed = test.with_extension("p7s");
    let o = payload_sign(
        &["request", "sign"],
        &test,
        "test-ids-sign",
        &[
            "--test-identifiers",
            "--out",
            signed.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let verify = |extra: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
            .args(["request", "verify"])
            .arg(&signed)
            .args([
                "--at",
                AT,
                "--intermediate",
                "../test-vectors/demo/nca-rsa.pem",
            ])
            .args(extra)
            .output()
            .expect("runs");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let warning = "warning: applicant: BIN 123456789021 is a national CA test identifier (fails the check digit); accepted for testing only\n";
    // Production roots: malformed, no warning.
    let out = verify(&["--trust-profile", "nca"]);
    assert!(
        out.starts_with("REFUSED [eds-malformed] The request is not accepted: "),
        "{out}"
    );
    assert!(out.contains("reason: [malformed] malformed request: applicant: BIN 123456789021 fails the check digit\n"), "{out}");
    // The national test profile: read, with the warning (the demo
    // certificate does not chain to the test roots, hence untrusted).
    let out = verify(&["--trust-profile", "nca-test"]);
    assert!(out.contains(warning), "{out}");
    assert!(out.starts_with("REFUSED [eds-untrusted]"), "{out}");
    // The demo roots with the explicit flag: valid, with the warning.
    let out = verify(&[
        "--trust-profile",
        "none",
        "--trust",
        "../test-vectors/demo/root-rsa.pem",
        "--crl",
        "../test-vectors/demo/root-rsa.crl",
        "--crl",
        "../test-vectors/demo/nca-rsa.crl",
        "--test-identifiers",
    ]);
    assert!(out.starts_with("VALID\n"), "{out}");
    assert!(out.contains(warning), "{out}");
}
