//! Issue 13, defects 8, 9 and 12 (signer certificates): two identities in
//! one certificate, a CA certificate or a weak key as a document signer,
//! and a signer certificate given to the verifier (not the document).
//!
//! The hostile certificates are issued here by the demo national CA
//! (`test-vectors/demo/nca-rsa`), so they chain to the demo roots and are
//! covered by its CRL.
#![cfg(feature = "aws-lc")]

#[path = "../../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::der::{bits, extension, int, issue, null, oid, p256_key, seq, set, tlv, utf8};
use common::{cert, demo_time, key, verifier, DemoKey, DEMO};
use qoltanba::{
    sign_document, Certificate, Iin, Options, Purpose, RequestPolicy, SignOptions, Verifier,
};

const IIN_A: &str = "871008401427";
const IIN_B: &str = "760212350620";
const BIN_A: &str = "940140000385";
const BIN_B: &str = "050540004455";
const DAY: i64 = 86_400;

/// A subject Name: each inner slice is one RDN (several values make a
/// multi-valued RDN). Values are PrintableString except CN (UTF8String).
fn subject(rdns: &[&[(&str, &str)]]) -> Vec<u8> {
    let mut all: Vec<Vec<u8>> = vec![set(&[seq(&[oid("2.5.4.3"), utf8("ТЕСТОВ ТЕСТ")])])];
    for rdn in rdns {
        let values: Vec<Vec<u8>> = rdn
            .iter()
            .map(|(o, v)| seq(&[oid(o), tlv(0x13, v.as_bytes())]))
            .collect();
        all.push(set(&values));
    }
    all.push(set(&[seq(&[oid("2.5.4.6"), tlv(0x13, b"KZ")])]));
    seq(&all)
}

const SERIALNUMBER: &str = "2.5.4.5";
const OU: &str = "2.5.4.11";

fn key_usage(byte: u8) -> Vec<u8> {
    let unused = byte.trailing_zeros() as u8;
    extension("2.5.29.15", true, &tlv(0x03, &[unused, byte]))
}

/// keyUsage digitalSignature + nonRepudiation, EKU emailProtection and the
/// individual's role: the national CA's SIGN profile.
fn sign_extensions() -> Vec<Vec<u8>> {
    vec![
        key_usage(0xc0),
        extension(
            "2.5.29.37",
            false,
            &seq(&[oid("1.3.6.1.5.5.7.3.4"), oid("1.2.398.3.3.4.1.1")]),
        ),
    ]
}

/// A certificate issued by the demo NCA (RSA) with `subject`, a fresh
/// P-256 key and `extensions`, valid around the demo time.
fn issue_leaf(serial: u8, subject: &[u8], extensions: &[Vec<u8>]) -> (Certificate, DemoKey) {
    let (pair, spki) = p256_key();
    let t = demo_time().unix();
    let c = issue(
        &cert("nca-rsa"),
        &key("nca-rsa"),
        serial,
        subject,
        &spki,
        t - 30 * DAY,
        t + 180 * DAY,
        extensions,
    );
    (c, DemoKey::Ec(pair))
}

fn options() -> Options {
    Options::at(demo_time())
}

fn code(e: &Option<qoltanba::Error>) -> &'static str {
    e.as_ref().map(|e| e.code()).unwrap_or("none")
}

// ---- CLI helpers -----------------------------------------------------------

fn run(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(args)
        .output()
        .expect("runs")
}

fn demo_trust() -> Vec<String> {
    let mut v: Vec<String> = ["--trust-profile", "none", "--at", "2025-06-01T00:00:00Z"]
        .map(String::from)
        .to_vec();
    for r in ["root-rsa.pem", "root-ec.pem"] {
        v.extend(["--trust".to_owned(), format!("{DEMO}/{r}")]);
    }
    for i in ["nca-rsa.pem", "nca-ec.pem"] {
        v.extend(["--intermediate".to_owned(), format!("{DEMO}/{i}")]);
    }
    for c in [
        "root-rsa.crl",
        "root-ec.crl",
        "nca-rsa.crl",
        "nca-rsa-delta.crl",
        "nca-ec-fresh.crl",
    ] {
        v.extend(["--crl".to_owned(), format!("{DEMO}/{c}")]);
    }
    v
}

fn cli(cmd: &[&str], file: &std::path::Path, extra: &[&str]) -> Output {
    let mut args: Vec<String> = cmd.iter().map(|s| (*s).to_owned()).collect();
    args.push(file.to_string_lossy().into_owned());
    args.extend(demo_trust());
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    run(&args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "qoltanba-fail-open-signer-{test}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

// ---- 8: two identities in one certificate ----------------------------------

fn ambiguous_subjects() -> Vec<(&'static str, Vec<u8>)> {
    let iin_a = format!("IIN{IIN_A}");
    let iin_b = format!("IIN{IIN_B}");
    let bin_a = format!("BIN{BIN_A}");
    let bin_b = format!("BIN{BIN_B}");
    vec![
        (
            "two SERIALNUMBER IINs",
            subject(&[&[(SERIALNUMBER, &iin_a)], &[(SERIALNUMBER, &iin_b)]]),
        ),
        (
            "two OU BINs",
            subject(&[&[(SERIALNUMBER, &iin_a)], &[(OU, &bin_a)], &[(OU, &bin_b)]]),
        ),
        (
            "a multi-valued RDN with two IINs",
            subject(&[&[(SERIALNUMBER, &iin_a), (SERIALNUMBER, &iin_b)]]),
        ),
        (
            "SERIALNUMBER BIN_B beside OU BIN_A",
            subject(&[&[(SERIALNUMBER, &bin_b)], &[(OU, &bin_a)]]),
        ),
        (
            "a readable IIN beside an unreadable one",
            subject(&[
                &[(SERIALNUMBER, &iin_a)],
                &[(SERIALNUMBER, &format!("iin{IIN_B}"))],
            ]),
        ),
    ]
}

#[test]
fn ambiguous_identity_certificates_are_refused() {
    let v = verifier();
    for (i, (what, name)) in ambiguous_subjects().into_iter().enumerate() {
        let (c, _) = issue_leaf(80 + i as u8, &name, &sign_extensions());
        // No owner is reported for a certificate with two.
        assert_eq!(c.iin(), None, "{what}");
        assert_eq!(c.bin(), None, "{what}");
        for purpose in [Purpose::DocumentSigning, Purpose::Any] {
            let r = v.verify_certificate(&c, &options().purpose(purpose.clone()));
            assert!(!r.valid, "{what}: {:?}", r.reason);
            assert_eq!(code(&r.reason), "ambiguous-identity", "{what}");
        }
        // An expected identity that is one of the two does not rescue it.
        let r = v.verify_certificate(&c, &options().expect_iin(Iin::parse(IIN_A).expect("iin")));
        assert_eq!(code(&r.reason), "ambiguous-identity", "{what}");
    }
}

#[test]
fn repeated_identical_identity_is_not_ambiguous() {
    let iin_a = format!("IIN{IIN_A}");
    let bin_a = format!("BIN{BIN_A}");
    let name = subject(&[
        &[(SERIALNUMBER, &iin_a)],
        &[(SERIALNUMBER, &iin_a)],
        &[(OU, &bin_a), (OU, &bin_a)],
    ]);
    let (c, _) = issue_leaf(90, &name, &sign_extensions());
    assert_eq!(c.iin().map(|i| i.to_string()), Some(IIN_A.to_owned()));
    assert_eq!(c.bin().map(|b| b.to_string()), Some(BIN_A.to_owned()));
    let r =
        verifier().verify_certificate(&c, &options().expect_iin(Iin::parse(IIN_A).expect("iin")));
    assert!(r.valid, "{:?}", r.reason);

    // SERIALNUMBER BIN and OU BIN naming the same BIN: one BIN.
    let name = subject(&[&[(SERIALNUMBER, &bin_a)], &[(OU, &bin_a)]]);
    let (c, _) = issue_leaf(91, &name, &sign_extensions());
    assert_eq!(c.bin().map(|b| b.to_string()), Some(BIN_A.to_owned()));
    let r = verifier().verify_certificate(&c, &options());
    assert!(r.valid, "{:?}", r.reason);
}

#[test]
fn ambiguous_identity_documents_and_requests_are_refused() {
    let v = verifier();
    let dir = scratch("ambiguous");
    for (i, (what, name)) in ambiguous_subjects().into_iter().enumerate() {
        let (c, k) = issue_leaf(100 + i as u8, &name, &sign_extensions());
        let doc = sign_document(b"content", &k, &c, &SignOptions::at(demo_time())).expect("signs");
        let parsed = qoltanba::SignedDocument::from_any(&doc).expect("parses");
        let r = v.verify_document(&parsed, None, &options());
        assert!(!r.valid, "{what}");
        assert_eq!(code(&r.reason), "ambiguous-identity", "{what}");

        // A request naming the first IIN, signed by the certificate.
        let request = format!(
            r#"{{"version":1,"service":"demo","kind":"issue","channel":"portal","applicant":{{"iin":"{IIN_A}"}}}}"#
        );
        let signed = sign_document(request.as_bytes(), &k, &c, &SignOptions::at(demo_time()))
            .expect("signs");
        let verdict = v.verify_request(&signed, &options(), &RequestPolicy::default());
        assert!(!verdict.valid, "{what}");
        assert_eq!(code(&verdict.reason), "ambiguous-identity", "{what}");
        assert_eq!(
            verdict.refusal.map(|r| r.code()),
            Some("eds-ambiguous-identity")
        );

        // Through the CLI: verify-cert, verify --iin, request verify.
        let cert_path = dir.join(format!("ambiguous-{i}.der"));
        std::fs::write(&cert_path, c.der()).expect("write");
        let o = cli(&["verify-cert"], &cert_path, &[]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", stdout(&o));
        assert!(
            stdout(&o).starts_with("certificate: NOT VALID [ambiguous-identity]"),
            "{what}: {}",
            stdout(&o)
        );
        let doc_path = dir.join(format!("ambiguous-{i}.p7s"));
        std::fs::write(&doc_path, &doc).expect("write");
        let o = cli(&["verify"], &doc_path, &["--iin", IIN_A]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", stdout(&o));
        assert!(
            stdout(&o).contains("[ambiguous-identity]"),
            "{what}: {}",
            stdout(&o)
        );
        let req_path = dir.join(format!("request-{i}.p7s"));
        std::fs::write(&req_path, &signed).expect("write");
        let o = cli(&["request", "verify"], &req_path, &["--lang", "en"]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", stdout(&o));
        assert!(
            stdout(&o).starts_with("REFUSED [eds-ambiguous-identity]"),
            "{what}: {}",
            stdout(&o)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- 9: a CA certificate or a weak key as a document signer ----------------

fn basic_constraints_ca() -> Vec<u8> {
    extension("2.5.29.19", true, &seq(&[vec![0x01, 0x01, 0xff]]))
}

#[test]
fn ca_certificate_is_not_a_document_signer() {
    let v = verifier();
    let dir = scratch("ca-signer");
    let name = subject(&[&[(SERIALNUMBER, &format!("IIN{IIN_A}"))]]);
    let eku = extension(
        "2.5.29.37",
        false,
        &seq(&[oid("1.3.6.1.5.5.7.3.4"), oid("1.2.398.3.3.4.1.1")]),
    );
    let cases = [
        // CA:true, the signing key usages, no keyCertSign.
        ("without keyCertSign", key_usage(0xc0)),
        // CA:true with keyCertSign as well.
        ("with keyCertSign", key_usage(0xc4)),
    ];
    for (i, (what, ku)) in cases.into_iter().enumerate() {
        let exts = vec![basic_constraints_ca(), ku, eku.clone()];
        let (c, k) = issue_leaf(110 + i as u8, &name, &exts);
        assert!(c.is_ca());
        let r = v.verify_certificate(&c, &options());
        assert_eq!(code(&r.reason), "ca-as-end-entity", "{what}");
        // Another purpose (not document signing) is not refused for it.
        let r = v.verify_certificate(&c, &options().purpose(Purpose::Any));
        assert!(r.valid, "{what}: {:?}", r.reason);

        let doc = sign_document(b"content", &k, &c, &SignOptions::at(demo_time())).expect("signs");
        let parsed = qoltanba::SignedDocument::from_any(&doc).expect("parses");
        let r = v.verify_document(&parsed, None, &options());
        assert!(!r.valid, "{what}");
        assert_eq!(code(&r.reason), "ca-as-end-entity", "{what}");

        let doc_path = dir.join(format!("ca-{i}.p7s"));
        std::fs::write(&doc_path, &doc).expect("write");
        let o = cli(&["verify"], &doc_path, &[]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", stdout(&o));
        assert!(
            stdout(&o).contains("[ca-as-end-entity]"),
            "{what}: {}",
            stdout(&o)
        );
        let cert_path = dir.join(format!("ca-{i}.der"));
        std::fs::write(&cert_path, c.der()).expect("write");
        let o = cli(&["verify-cert"], &cert_path, &[]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", stdout(&o));
        assert!(
            stdout(&o).starts_with("certificate: NOT VALID [ca-as-end-entity]"),
            "{what}: {}",
            stdout(&o)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// An rsaEncryption SubjectPublicKeyInfo with a `bits`-bit modulus (not a
/// real key: certificate validation never uses it to verify).
fn rsa_spki(bits_len: usize) -> Vec<u8> {
    let mut n = vec![0x5au8; bits_len / 8];
    n[0] = 0xc3;
    if let Some(last) = n.last_mut() {
        *last |= 1;
    }
    let rsa_public_key = seq(&[int(&n), int(&[0x01, 0x00, 0x01])]);
    seq(&[
        seq(&[oid("1.2.840.113549.1.1.1"), null()]),
        bits(&rsa_public_key),
    ])
}

#[test]
fn weak_end_entity_key_is_refused_in_certificate_validation() {
    let v = verifier();
    let t = demo_time().unix();
    let name = subject(&[&[(SERIALNUMBER, &format!("IIN{IIN_A}"))]]);
    let weak = issue(
        &cert("nca-rsa"),
        &key("nca-rsa"),
        120,
        &name,
        &rsa_spki(1024),
        t - 30 * DAY,
        t + 180 * DAY,
        &sign_extensions(),
    );
    for purpose in [Purpose::DocumentSigning, Purpose::Any] {
        let r = v.verify_certificate(&weak, &options().purpose(purpose));
        assert_eq!(code(&r.reason), "unsupported-public-key");
    }
    // The same certificate with a 2048-bit modulus is valid: only the size
    // differs.
    let ok = issue(
        &cert("nca-rsa"),
        &key("nca-rsa"),
        121,
        &name,
        &rsa_spki(2048),
        t - 30 * DAY,
        t + 180 * DAY,
        &sign_extensions(),
    );
    let r = v.verify_certificate(&ok, &options());
    assert!(r.valid, "{:?}", r.reason);

    let dir = scratch("weak-key");
    let path = dir.join("weak.der");
    std::fs::write(&path, weak.der()).expect("write");
    let o = cli(&["verify-cert"], &path, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).starts_with("certificate: NOT VALID [unsupported-public-key]"),
        "{}",
        stdout(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- 12: the signer's certificate in the verifier's pool -------------------

const NOCERTS: &str = "../test-vectors/cms/rsa-nocerts-attached.der";

fn nocerts() -> qoltanba::SignedDocument {
    qoltanba::SignedDocument::from_any(&std::fs::read(NOCERTS).expect("read")).expect("parses")
}

/// The demo verifier with `extra` certificates in its own pool.
fn verifier_with(extra: &[Certificate]) -> Verifier {
    let mut b = Verifier::builder()
        .trust(cert("root-rsa"))
        .trust(cert("root-ec"))
        .intermediate(cert("nca-rsa"))
        .intermediate(cert("nca-ec"));
    for c in extra {
        b = b.intermediate(c.clone());
    }
    for c in [
        "root-rsa.crl",
        "root-ec.crl",
        "nca-rsa.crl",
        "nca-rsa-delta.crl",
    ] {
        b = b.crl(
            qoltanba::Crl::from_der(&std::fs::read(format!("{DEMO}/{c}")).expect("crl"))
                .expect("crl parses"),
        );
    }
    b.build()
}

#[test]
fn signer_certificate_in_the_verifier_pool_is_found() {
    // Without it: not found.
    let r = verifier_with(&[]).verify_document(&nocerts(), None, &options());
    assert_eq!(code(&r.reason), "signer-certificate-not-found");
    // In the verifier's pool: found, verified, valid.
    let r = verifier_with(&[cert("individual-sign")]).verify_document(&nocerts(), None, &options());
    assert!(r.valid, "{:?}", r.reason);
    assert_eq!(
        r.signers[0].certificate.as_ref().map(|c| c.valid),
        Some(true)
    );
    // Another certificate in the pool is not taken for it.
    let r = verifier_with(&[cert("employee-sign"), cert("individual-sign-ec")]).verify_document(
        &nocerts(),
        None,
        &options(),
    );
    assert_eq!(code(&r.reason), "signer-certificate-not-found");
}

#[test]
fn pool_certificate_with_the_signers_issuer_and_serial_but_another_key_is_refused() {
    // The NCA issues a certificate with the signer's issuer and serial but
    // another key: it matches the SignerIdentifier, so it is chosen, and
    // the signature does not verify with it.
    let real = cert("individual-sign");
    let serial = hex_to_bytes(real.serial_hex());
    let (_, spki) = p256_key();
    let t = demo_time().unix();
    let forged = issue_with_serial(&serial, &spki, t - 30 * DAY, t + 180 * DAY);
    assert_eq!(forged.serial_hex(), real.serial_hex());
    let r = verifier_with(&[forged]).verify_document(&nocerts(), None, &options());
    assert!(!r.valid);
    assert_eq!(code(&r.reason), "invalid-signature");
}

fn hex_to_bytes(h: &str) -> Vec<u8> {
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Like `common::der::issue`, by the demo NCA (RSA), with a given serial.
fn issue_with_serial(serial: &[u8], spki: &[u8], not_before: i64, not_after: i64) -> Certificate {
    use common::der::{signature_alg, ski, subject_and_key, utc_time};
    use qoltanba::Signer;
    let issuer = cert("nca-rsa");
    let issuer_key = key("nca-rsa");
    let (issuer_name, _) = subject_and_key(&issuer);
    let mut exts = sign_extensions();
    exts.push(extension(
        "2.5.29.35",
        false,
        &seq(&[tlv(0x80, &ski(&issuer))]),
    ));
    let tbs = seq(&[
        tlv(0xa0, &int(&[2])),
        int(serial),
        signature_alg(true),
        issuer_name,
        seq(&[utc_time(not_before), utc_time(not_after)]),
        subject(&[&[(SERIALNUMBER, &format!("IIN{IIN_A}"))]]),
        spki.to_vec(),
        tlv(0xa3, &seq(&exts)),
    ]);
    let sig = issuer_key.sign(&tbs).expect("signs");
    Certificate::from_der(&seq(&[tbs, signature_alg(true), bits(&sig)])).expect("parses")
}

#[test]
fn signer_certificate_given_with_intermediate_is_found_by_the_cli() {
    let mut args: Vec<String> = vec!["verify".into(), NOCERTS.into()];
    args.extend(demo_trust());
    let o = run(&args);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("[signer-certificate-not-found]"),
        "{}",
        stdout(&o)
    );
    args.extend([
        "--intermediate".to_owned(),
        format!("{DEMO}/individual-sign.pem"),
    ]);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).starts_with("VALID"), "{}", stdout(&o));
}

// ---- vectors for the C tests ------------------------------------------------

/// Regenerates `test-vectors/signer/` (the C ABI tests read them):
/// `cargo test --release --all-features --test fail_open_signer -- --ignored`.
#[test]
#[ignore = "regenerates test-vectors/signer"]
fn regenerate_signer_vectors() {
    let dir = std::path::Path::new("../test-vectors/signer");
    std::fs::create_dir_all(dir).expect("dir");
    let name = subject(&[
        &[(SERIALNUMBER, &format!("IIN{IIN_A}"))],
        &[(SERIALNUMBER, &format!("IIN{IIN_B}"))],
    ]);
    let (c, k) = issue_leaf(130, &name, &sign_extensions());
    std::fs::write(dir.join("ambiguous-iin.der"), c.der()).expect("write");
    let doc = sign_document(b"content", &k, &c, &SignOptions::at(demo_time())).expect("signs");
    std::fs::write(dir.join("ambiguous-iin-attached.der"), &doc).expect("write");
    let request = format!(
        r#"{{"version":1,"service":"demo","kind":"issue","channel":"portal","applicant":{{"iin":"{IIN_A}"}}}}"#
    );
    let signed =
        sign_document(request.as_bytes(), &k, &c, &SignOptions::at(demo_time())).expect("signs");
    std::fs::write(dir.join("ambiguous-iin-request.der"), &signed).expect("write");
}

/// The committed vectors still say what the C tests expect.
#[test]
fn signer_vectors_are_refused() {
    let v = verifier();
    let c = Certificate::from_any(
        &std::fs::read("../test-vectors/signer/ambiguous-iin.der").expect("read"),
    )
    .expect("parses");
    assert_eq!(
        code(&v.verify_certificate(&c, &options()).reason),
        "ambiguous-identity"
    );
    let doc = qoltanba::SignedDocument::from_any(
        &std::fs::read("../test-vectors/signer/ambiguous-iin-attached.der").expect("read"),
    )
    .expect("parses");
    assert_eq!(
        code(&v.verify_document(&doc, None, &options()).reason),
        "ambiguous-identity"
    );
}
