//! The `qoltanba` binary: output and exit codes (0 valid, 1 not valid, 2
//! usage or unreadable input) on the demo PKI, real NCA files and broken
//! input.

use std::process::{Command, Output};

const D: &str = "../test-vectors/demo";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(args)
        .output()
        .expect("runs")
}

fn demo_trust() -> Vec<String> {
    let mut v = vec![
        "--trust-profile".to_owned(),
        "none".to_owned(),
        "--at".to_owned(),
        "2025-06-01T00:00:00Z".to_owned(),
    ];
    for r in ["root-rsa.pem", "root-ec.pem"] {
        v.extend(["--trust".to_owned(), format!("{D}/{r}")]);
    }
    for i in ["nca-rsa.pem", "nca-ec.pem"] {
        v.extend(["--intermediate".to_owned(), format!("{D}/{i}")]);
    }
    for c in [
        "root-rsa.crl",
        "root-ec.crl",
        "nca-rsa.crl",
        "nca-rsa-delta.crl",
        "nca-ec-fresh.crl",
    ] {
        v.extend(["--crl".to_owned(), format!("{D}/{c}")]);
    }
    v
}

fn run_with(cmd: &str, file: &str, extra: &[&str]) -> Output {
    let mut args = vec![cmd.to_owned(), file.to_owned()];
    args.extend(demo_trust());
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&refs)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn verify_cert_valid_and_refused() {
    let o = run_with(
        "verify-cert",
        &format!("{D}/ceo-sign.pem"),
        &["--bin", "940140000385", "--role", "first-head"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.starts_with("certificate: VALID"), "{out}");
    assert!(out.contains("IIN: 760212350620 (check digit ok)"), "{out}");
    assert!(out.contains("roles: legal-entity, first-head"), "{out}");

    let o = run_with("verify-cert", &format!("{D}/revoked.pem"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with("certificate: NOT VALID [cert-revoked]"),
        "{}",
        stdout(&o)
    );

    let o = run_with("verify-cert", &format!("{D}/individual-auth.pem"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("[wrong-key-kind]"));
    let o = run_with(
        "verify-cert",
        &format!("{D}/individual-auth.pem"),
        &["--purpose", "any"],
    );
    assert_eq!(o.status.code(), Some(0));

    let o = run_with(
        "verify-cert",
        &format!("{D}/individual-sign.pem"),
        &["--iin", "760212350620"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("[identity-mismatch]"));
}

#[test]
fn verify_cert_json() {
    let o = run_with(
        "verify-cert",
        &format!("{D}/expired.pem"),
        &["--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["valid"], false);
    assert_eq!(v["reason"]["code"], "cert-expired");
}

#[test]
fn revocation_unknown_without_crls_and_off_on_request() {
    let base = [
        "verify-cert",
        "../test-vectors/demo/individual-sign.pem",
        "--trust-profile",
        "none",
        "--trust",
        "../test-vectors/demo/root-rsa.pem",
        "--intermediate",
        "../test-vectors/demo/nca-rsa.pem",
        "--at",
        "2025-06-01T00:00:00Z",
    ];
    let o = run(&base);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("[revocation-status-unknown]"));
    let mut off = base.to_vec();
    off.push("--no-revocation");
    let o = run(&off);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("check revocation: not checked"));
}

#[test]
fn verify_documents() {
    let o = run_with("verify", "../test-vectors/cms/rsa-attached.der", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).starts_with("VALID"));
    let o = run_with(
        "verify",
        "../test-vectors/cms/rsa-detached.der",
        &["--content", "../test-vectors/cms/content.txt"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run_with(
        "verify",
        "../test-vectors/cms/rsa-detached.der",
        &["--content", "../test-vectors/cms/other.txt"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("[message-digest-mismatch]"),
        "{}",
        stdout(&o)
    );
    let o = run_with(
        "verify",
        "../test-vectors/cms/revoked-attached.der",
        &["--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["signers"][0]["reason"]["code"], "cert-revoked");
}

#[test]
fn national_provider_document_verifies_against_the_bundled_test_roots() {
    let o = run(&[
        "verify",
        "../test-vectors/third-party/kz/skarm-kalkan/cms__legal_entity_attached.der",
        "--trust-profile",
        "nca-test",
        // The document's time-stamp comes from the production TSA.
        "--trust",
        "../test-vectors/third-party/kz/prod-ca/root_gost_2022.pem",
        "--intermediate",
        "../test-vectors/third-party/kz/prod-ca/nca_gost_2022.pem",
        "--at",
        // After the document's time-stamp (2026-07-20): a time-stamp only
        // moves validation back in time.
        "2026-08-01T00:00:00Z",
        "--no-revocation",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("time-stamp: VALID genTime 2026-07-20T09:10:"));
    // Without trust in the TSA the time-stamp, and so the signer, fails.
    let o = run(&[
        "verify",
        "../test-vectors/third-party/kz/skarm-kalkan/cms__legal_entity_attached.der",
        "--trust-profile",
        "nca-test",
        "--at",
        "2026-08-01T00:00:00Z",
        "--no-revocation",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("[timestamp-invalid]"));
    assert!(stdout(&o).contains("BIN: 123456789021 (check digit FAILS)"));
    // The test CA's BIN fails its check digit: as an expected value it is
    // malformed input (exit 2), never a match.
    let o = run(&[
        "verify",
        "../test-vectors/third-party/kz/skarm-kalkan/cms__legal_entity_attached.der",
        "--trust-profile",
        "nca-test",
        "--at",
        "2026-08-01T00:00:00Z",
        "--no-revocation",
        "--bin",
        "123456789021",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("check digit"));
}

#[test]
fn inspect_says_it_verified_nothing() {
    for f in [
        format!("{D}/revoked.pem"),
        format!("{D}/nca-rsa.crl"),
        "../test-vectors/cms/rsa-attached.der".to_owned(),
    ] {
        let o = run(&["inspect", &f]);
        assert_eq!(o.status.code(), Some(0));
        assert!(
            stdout(&o).starts_with("NOTE: inspect shows what the file says; it verified nothing.")
        );
    }
    let o = run(&["inspect", &format!("{D}/nca-rsa-delta.crl")]);
    assert!(stdout(&o).contains("CRL (delta):"));
}

#[test]
fn bad_input_and_usage_exit_2_without_a_panic() {
    for args in [
        vec!["verify", "/nonexistent"],
        vec!["verify", "Cargo.toml"],
        vec!["verify-cert", "Cargo.toml"],
        vec!["inspect", "Cargo.toml"],
        vec![
            "verify-cert",
            "../test-vectors/demo/revoked.pem",
            "--at",
            "yesterday",
        ],
        vec![
            "verify-cert",
            "../test-vectors/demo/revoked.pem",
            "--iin",
            "871008401428",
        ],
        vec![
            "verify-cert",
            "../test-vectors/demo/revoked.pem",
            "--role",
            "king",
        ],
        vec!["frobnicate"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            o.stdout.is_empty() || !stdout(&o).contains("VALID"),
            "{args:?}"
        );
    }
}

#[test]
fn verify_bulk_agrees_with_per_document_verdicts() {
    let dir = std::env::temp_dir().join(format!("qoltanba-bulk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let mut names = Vec::new();
    for entry in std::fs::read_dir("../test-vectors/cms").expect("cms vectors") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_owned();
        if name.ends_with("-attached.der") {
            std::fs::copy(&path, dir.join(&name)).expect("copy");
            names.push(name);
        }
    }
    names.sort();
    assert!(names.len() >= 10);
    let o = run_with(
        "verify-bulk",
        &dir.to_string_lossy(),
        &["--format", "json", "--jobs", "2"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["documents"], names.len());
    let files = v["files"].as_array().expect("files");
    for (entry, name) in files.iter().zip(&names) {
        let single = run_with("verify", &dir.join(name).to_string_lossy(), &[]);
        let bulk_valid = entry["verdict"] == "valid";
        assert_eq!(
            single.status.code() == Some(0),
            bulk_valid,
            "{name}: {}",
            entry["verdict"]
        );
    }
    let valid = files.iter().filter(|f| f["verdict"] == "valid").count();
    assert_eq!(v["counts"]["valid"], valid);
    assert!(valid > 0 && valid < names.len());
    // Not every document is valid: exit code 1.
    assert_eq!(o.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).ok();
}

/// A fresh scratch directory for one test.
fn scratch(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("qoltanba-cli-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn s(p: &std::path::Path) -> String {
    p.to_string_lossy().into_owned()
}

fn run_env(args: &[&str], env: (&str, &str)) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(args)
        .env(env.0, env.1)
        .output()
        .expect("runs")
}

#[test]
fn demo_walks_the_flow_with_every_expected_verdict() {
    let o = run(&["demo"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("25 of 25 verdicts as labelled."), "{out}");
    assert!(!out.contains("NOT AS LABELLED"), "{out}");
    assert_eq!(out.matches("→ VALID").count(), 9, "{out}");
    // Each refusal, with how often the walk shows it.
    for (code, n) in [
        ("[eds-expired]", 1),
        ("[eds-revoked]", 2),
        ("[eds-suspended]", 1),
        ("[eds-not-a-signing-key]", 1),
        ("[eds-identity-mismatch]", 2),
        ("[eds-document-altered]", 1),
        ("[eds-not-authorised-to-certify]", 1),
        ("[eds-no-right-to-sign]", 1),
        ("[licence-expired]", 1),
        ("[licence-suspended]", 1),
        ("[eds-malformed]", 1),
    ] {
        assert_eq!(
            out.matches(&format!("→ REFUSED {code}")).count(),
            n,
            "{code}: {out}"
        );
    }
    // The applicant's headline only where the applicant's EDS fails; the
    // co-signer's, the certifier's and the licence's are their own.
    assert_eq!(
        out.matches("en: The requested service is refused: the authenticity of the applicant's EDS is not confirmed:").count(),
        7,
        "{out}"
    );
    assert!(out.contains("en: The authenticity of another EDS on the request is not confirmed: the EDS registration certificate is in the list of revoked (annulled) registration certificates\n"));
    assert!(out.contains("en: The authenticity of the EDS certifying the request is not confirmed: the signer is not an employee of an organisation authorised to certify the request\n"));
    assert!(out.contains("warning: power of attorney 2025-0042-N of 2025-05-20 (notarised) for representative IIN 921115300456 not checked: the notarial system checks it, outside qoltanba\n"));
    for code in ["cert-expired", "identity-mismatch", "cert-revoked"] {
        assert_eq!(
            out.matches(&format!("→ REFUSED BEFORE SIGNING [{code}]"))
                .count(),
            1,
            "{code}: {out}"
        );
    }
    assert!(out.contains("warning: applicant: BIN 123456789021 is a national CA test identifier (fails the check digit); accepted for testing only\n"));
}

#[test]
fn sign_detached_and_cosign_round_trip() {
    let dir = scratch("sign");
    let content = dir.join("content.txt");
    std::fs::write(&content, "Өтініш / заявление").expect("write");
    let signed = dir.join("signed.p7s");
    let o = run(&[
        "sign",
        &s(&content),
        "--key",
        &format!("{D}/individual-sign.key.pem"),
        "--cert",
        &format!("{D}/individual-sign.pem"),
        "--at",
        "2025-06-01T00:00:00Z",
        "--detached",
        "--out",
        &s(&signed),
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    // Detached: without the content it cannot be verified (exit 1), with it
    // it is valid.
    let o = run_with("verify", &s(&signed), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("[detached-content-missing]"),
        "{}",
        stdout(&o)
    );
    let o = run_with("verify", &s(&signed), &["--content", &s(&content)]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // The first head co-signs (PEM to stdout); both signers are valid.
    let o = run(&[
        "cosign",
        &s(&signed),
        "--content",
        &s(&content),
        "--key",
        &format!("{D}/ceo-sign.key.pem"),
        "--cert",
        &format!("{D}/ceo-sign.pem"),
        "--at",
        "2025-06-01T00:00:00Z",
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(stdout(&o).starts_with("-----BEGIN CMS-----\n"));
    let both = dir.join("both.pem");
    std::fs::write(&both, &o.stdout).expect("write");
    let o = run_with(
        "verify",
        &s(&both),
        &["--content", &s(&content), "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["signers"].as_array().map(Vec::len), Some(2));

    // A key that is not the certificate's is refused before signing.
    let o = run(&[
        "sign",
        &s(&content),
        "--key",
        &format!("{D}/ceo-sign.key.pem"),
        "--cert",
        &format!("{D}/individual-sign.pem"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

#[test]
fn request_and_licence_commands() {
    let dir = scratch("flow");
    let req = dir.join("request.json");
    std::fs::write(
        &req,
        r#"{"version":1,"service":"00501","kind":"issue","channel":"portal","applicant":{"iin":"871008401427"},"fields":{"activity":"x"},"attachments":[]}"#,
    )
    .expect("write");
    let key = |who: &str| {
        vec![
            "--key".to_owned(),
            format!("{D}/{who}.key.pem"),
            "--cert".to_owned(),
            format!("{D}/{who}.pem"),
            "--at".to_owned(),
            "2025-06-01T00:00:00Z".to_owned(),
        ]
    };
    let sign = |cmd: &[&str], input: &std::path::Path, who: &str, out: &std::path::Path| {
        let mut args: Vec<String> = cmd.iter().map(|s| (*s).to_owned()).collect();
        args.push(s(input));
        args.extend(key(who));
        args.extend(["--out".to_owned(), s(out)]);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&refs);
        assert_eq!(o.status.code(), Some(0), "{o:?}");
    };
    let verify = |cmd: &[&str], file: &std::path::Path, extra: &[&str]| {
        let mut args: Vec<String> = cmd.iter().map(|s| (*s).to_owned()).collect();
        args.push(s(file));
        args.extend(demo_trust());
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&refs)
    };

    let signed = dir.join("request.p7s");
    sign(&["request", "sign"], &req, "individual-sign", &signed);
    let o = verify(&["request", "verify"], &signed, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).starts_with("VALID\n"));

    let by_other = dir.join("request-other.p7s");
    sign(&["request", "sign", "--force"], &req, "ceo-sign", &by_other);
    let o = verify(&["request", "verify"], &by_other, &["--lang", "kk"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).starts_with(
        "REFUSED [eds-identity-mismatch] Алушының ЭЦҚ түпнұсқалығының расталмауына байланысты сұралған қызметті көрсетуден бас тартылды: сұрауда көрсетілген ЖСН/БСН ЭЦҚ тіркеу куәлігінің деректерімен сәйкес келмейді\n"
    ), "{}", stdout(&o));

    let lic = dir.join("licence.json");
    std::fs::write(
        &lic,
        r#"{"version":1,"number":"25-0042","licensee":{"iin":"871008401427"},"activity":"x","issued":"2025-06-01","status":"issued","issuer_name":"ДЕМО","issuer_bin":"940140000385"}"#,
    )
    .expect("write");
    let issued = dir.join("licence.p7s");
    sign(&["licence", "issue"], &lic, "ceo-sign", &issued);
    let o = verify(&["licence", "verify"], &issued, &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["valid"], true);
    assert_eq!(json["payload"]["number"], "25-0042");

    let by_employee = dir.join("licence-employee.p7s");
    sign(&["licence", "issue"], &lic, "employee-sign", &by_employee);
    let o = verify(&["licence", "verify"], &by_employee, &["--lang", "ru"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("REFUSED [eds-no-right-to-sign] Подлинность ЭЦП на лицензии не подтверждена: у подписавшего нет права подписи от имени организации\n"), "{}", stdout(&o));
    // A regulation whose licence is signed by the provider's employee.
    let o = verify(
        &["licence", "verify"],
        &by_employee,
        &["--signer", "employee"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // Not a request: an input error.
    let o = run(&["request", "sign", "Cargo.toml", "--key", "x", "--cert", "y"]);
    assert_eq!(o.status.code(), Some(2));
    let o = verify(
        &["request", "verify"],
        std::path::Path::new("Cargo.toml"),
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
}

/// The national CA's real RSA SDK keys (PKCS#12, 3DES/RC2, SHA-1 MAC) sign;
/// the signature verifies against the bundled production roots inside the
/// certificate's validity; the AUTH key's signature is refused as AUTH; a
/// wrong password is an input error.
#[test]
fn national_pkcs12_keys_sign_and_verify() {
    let kz = "../test-vectors/third-party/kz/ncanode-2018";
    let dir = scratch("p12");
    let content = dir.join("content.txt");
    std::fs::write(&content, "licence application").expect("write");
    let at = "2019-01-10T00:00:00Z";
    let sign_with_flags = |p12: &str, out: &std::path::Path, password: &str, flags: &[&str]| {
        let key = format!("{kz}/{p12}");
        let content = s(&content);
        let out = s(out);
        let mut args = vec![
            "sign",
            content.as_str(),
            "--key",
            key.as_str(),
            "--password-env",
            "QOLTANBA_TEST_PASSWORD",
            "--at",
            at,
            "--out",
            out.as_str(),
        ];
        args.extend_from_slice(flags);
        run_env(&args, ("QOLTANBA_TEST_PASSWORD", password))
    };
    let sign_with =
        |p12: &str, out: &std::path::Path, password: &str| sign_with_flags(p12, out, password, &[]);
    let sign_doc = dir.join("sign.p7s");
    let o = sign_with(
        "RSA256_8426360556902ce4ac33977836f873e1dc190976.p12",
        &sign_doc,
        "Qwerty12",
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let o = run(&["verify", &s(&sign_doc), "--at", at, "--no-revocation"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("IIN: 123456789011 (check digit FAILS)"));

    // An AUTH key is refused before signing (the regulations check the
    // certificate, then sign); --force signs, and verification refuses.
    let auth_doc = dir.join("auth.p7s");
    let auth = "AUTH_RSA256_6b361b864c679601b652fe387f61fcd9303c0327.p12";
    let o = sign_with(auth, &auth_doc, "Qwerty12");
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("refusing to sign: "));
    assert!(String::from_utf8_lossy(&o.stderr).contains("(wrong-key-kind; --force signs anyway)"));
    assert!(!auth_doc.exists());
    let o = sign_with_flags(auth, &auth_doc, "Qwerty12", &["--force"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("warning: signing despite: "));
    let o = run(&["verify", &s(&auth_doc), "--at", at, "--no-revocation"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with("NOT VALID [wrong-key-kind]"),
        "{}",
        stdout(&o)
    );

    let o = sign_with(
        "RSA256_8426360556902ce4ac33977836f873e1dc190976.p12",
        &dir.join("never.p7s"),
        "wrong",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("wrong password"));

    let o = run_env(
        &[
            "inspect",
            &format!("{kz}/RSA256_8426360556902ce4ac33977836f873e1dc190976.p12"),
            "--password-env",
            "QOLTANBA_TEST_PASSWORD",
        ],
        ("QOLTANBA_TEST_PASSWORD", "Qwerty12"),
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("private key: signs with sha256WithRSAEncryption"));
}

/// `--ocsp`: the national test CA's real OCSP response decides a status no
/// CRL gives; without it the status is unknown. Both exit 1.
#[test]
fn ocsp_responses_as_revocation_evidence() {
    let base = [
        "verify-cert",
        "../test-vectors/kz/KEY_CEO_REVOKED_2015.pem",
        "--trust-profile",
        "nca-test",
        "--at",
        "2022-09-02T17:30:00Z",
        "--purpose",
        "any",
    ];
    let o = run(&base);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("certificate: NOT VALID [revocation-status-unknown]"));
    let mut with = base.to_vec();
    with.extend([
        "--ocsp",
        "../test-vectors/third-party/kz/ncanode/ocsp__ocsp_response_ceo_2015_revoked.bin",
    ]);
    let o = run(&with);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with("certificate: NOT VALID [cert-revoked]"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("was revoked at 2022-07-27T10:25:30Z (certificateHold)"));
    let mut garbage = base.to_vec();
    garbage.extend(["--ocsp", "Cargo.toml"]);
    assert_eq!(run(&garbage).status.code(), Some(2));
}
