//! Interoperability: CMS SignedData documents made by the OpenSSL CLI (an
//! independent implementation) with the demo PKI's keys, verified at
//! DEMO_TIME against the demo roots and every demo CRL. The fixed documents
//! come from `test-vectors/cms/generate.sh`; `live_openssl_signatures`
//! signs fresh ones when `openssl` is on the PATH.

use std::fs;
use std::process::Command;

use qoltanba::{
    Certificate, Crl, DocumentReport, Error, Iin, KeyKind, Options, Policy, SignedDocument, Time,
    Verifier,
};

const DEMO: &str = "test-vectors/demo";
const DIR: &str = "test-vectors/cms";
const IIN: &str = "871008401427";

fn demo_time() -> Time {
    Time::parse_rfc3339("2025-06-01T00:00:00Z").expect("time")
}

fn cert(name: &str) -> Certificate {
    Certificate::from_any(&fs::read(format!("{DEMO}/{name}")).expect("demo file")).expect("parses")
}

fn verifier(policy: Policy) -> Verifier {
    let mut b = Verifier::builder()
        .trust(cert("root-rsa.pem"))
        .trust(cert("root-ec.pem"))
        .intermediate(cert("nca-rsa.pem"))
        .intermediate(cert("nca-ec.pem"))
        .policy(policy);
    for c in [
        "root-rsa.crl",
        "root-ec.crl",
        "nca-rsa.crl",
        "nca-rsa-delta.crl",
        "nca-ec-fresh.crl",
    ] {
        b = b.crl(
            Crl::from_der(&fs::read(format!("{DEMO}/{c}")).expect("CRL")).expect("CRL parses"),
        );
    }
    b.build()
}

fn doc(name: &str) -> SignedDocument {
    SignedDocument::from_any(&fs::read(format!("{DIR}/{name}")).expect("document"))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn content() -> Vec<u8> {
    fs::read(format!("{DIR}/content.txt")).expect("content")
}

fn verify(doc: &SignedDocument, detached: Option<&[u8]>) -> DocumentReport {
    verifier(Policy::default()).verify_document(doc, detached, &Options::at(demo_time()))
}

/// Valid, with every signer's certificate report valid; returns the
/// signers' IINs.
fn assert_valid(name: &str, report: &DocumentReport) -> Vec<String> {
    assert!(report.valid, "{name}: {report:#?}");
    assert_eq!(report.reason, None, "{name}");
    report
        .signers
        .iter()
        .map(|s| {
            assert!(s.valid, "{name}: {s:#?}");
            let c = s.certificate.as_ref().expect("certificate report");
            assert!(c.valid, "{name}");
            c.certificate.iin.map(|i| i.to_string()).unwrap_or_default()
        })
        .collect()
}

#[test]
fn attached_documents_verify() {
    for (name, sig, digest) in [
        ("rsa-attached.der", "sha256WithRSAEncryption", "SHA-256"),
        (
            "rsa-cades-attached.der",
            "sha256WithRSAEncryption",
            "SHA-256",
        ),
        (
            "rsa-noattr-attached.der",
            "sha256WithRSAEncryption",
            "SHA-256",
        ),
        (
            "rsa-keyid-attached.der",
            "sha256WithRSAEncryption",
            "SHA-256",
        ),
        (
            "rsa-sha512-attached.der",
            "sha512WithRSAEncryption",
            "SHA-512",
        ),
        ("rsa-pss-attached.der", "rsassaPss-sha256", "SHA-256"),
        ("rsa-ber-attached.der", "sha256WithRSAEncryption", "SHA-256"),
        ("ec-attached.der", "ecdsa-with-SHA256", "SHA-256"),
        ("ec-cades-attached.pem", "ecdsa-with-SHA256", "SHA-256"),
    ] {
        let d = doc(name);
        assert_eq!(d.content(), Some(content().as_slice()), "{name}");
        assert_eq!(d.content_type(), "1.2.840.113549.1.7.1", "{name}");
        assert_eq!(d.signer_count(), 1, "{name}");
        let report = verify(&d, None);
        assert_eq!(assert_valid(name, &report), vec![IIN.to_owned()], "{name}");
        let s = &report.signers[0];
        assert_eq!(s.signature_algorithm, sig, "{name}");
        assert_eq!(s.digest_algorithm, digest, "{name}");
        if name.contains("noattr") {
            assert_eq!(s.signing_time, None);
        } else {
            // OpenSSL writes the time of signing: reported, not trusted.
            assert!(
                s.signing_time.is_some_and(|t| t.unix() > 1_700_000_000),
                "{name}"
            );
        }
        // The same document as bare base64 (browser plug-ins).
        let b64 = base64_of(&fs::read(format!("{DIR}/{name}")).expect("file"));
        if !name.ends_with(".pem") {
            let again = SignedDocument::from_any(b64.as_bytes()).expect("base64");
            assert!(verify(&again, None).valid, "{name} as base64");
        }
    }
}

#[test]
fn detached_documents_verify_with_their_content() {
    for name in [
        "rsa-detached.der",
        "rsa-cades-detached.der",
        "ec-cades-detached.der",
    ] {
        let d = doc(name);
        assert_eq!(d.content(), None);
        let report = verify(&d, Some(&content()));
        assert_eq!(assert_valid(name, &report), vec![IIN.to_owned()]);
        // Without content: refused.
        let report = verify(&d, None);
        assert!(!report.valid);
        assert_eq!(report.reason, Some(Error::DetachedContentMissing), "{name}");
        // Other content: the digest does not match.
        let other = fs::read(format!("{DIR}/other.txt")).expect("other");
        let report = verify(&d, Some(&other));
        assert_eq!(report.reason, Some(Error::MessageDigestMismatch), "{name}");
    }
}

#[test]
fn detached_without_signed_attributes_checks_the_signature() {
    // rsa-noattr is attached; the signature is over the content itself, so
    // changed content is a bad signature rather than a digest mismatch.
    let name = "rsa-noattr-attached.der";
    let bytes = flip_content_byte(name);
    let report = verify(&SignedDocument::from_any(&bytes).expect("parses"), None);
    assert_eq!(report.reason, Some(Error::InvalidSignature));
}

#[test]
fn expected_identity_is_checked_through_the_certificate_report() {
    let d = doc("rsa-cades-attached.der");
    let options = Options::at(demo_time()).expect_iin(Iin::parse(IIN).expect("IIN"));
    assert!(
        verifier(Policy::default())
            .verify_document(&d, None, &options)
            .valid
    );
    let other = Options::at(demo_time()).expect_iin(Iin::parse("760212350620").expect("IIN"));
    let report = verifier(Policy::default()).verify_document(&d, None, &other);
    assert!(matches!(
        report.reason,
        Some(Error::IdentityMismatch { .. })
    ));
}

#[test]
fn nocerts_needs_the_signer_certificate_from_the_caller() {
    let d = doc("rsa-nocerts-attached.der");
    assert!(d.certificates().is_empty());
    let report = verify(&d, None);
    assert!(!report.valid);
    assert!(matches!(
        report.reason,
        Some(Error::SignerCertificateNotFound { .. })
    ));
    assert!(report.signers[0].certificate.is_none());
    let options = Options::at(demo_time()).intermediates([cert("individual-sign.pem")]);
    let report = verifier(Policy::default()).verify_document(&d, None, &options);
    assert_eq!(assert_valid("nocerts", &report), vec![IIN.to_owned()]);
    // A wrong certificate from the caller: still not found.
    let options = Options::at(demo_time()).intermediates([cert("employee-sign.pem")]);
    let report = verifier(Policy::default()).verify_document(&d, None, &options);
    assert!(matches!(
        report.reason,
        Some(Error::SignerCertificateNotFound { .. })
    ));
}

#[test]
fn a_swapped_certificate_is_refused() {
    // The document carries employee-sign.pem instead of the signer's.
    let d = doc("carries-other-cert.der");
    assert_eq!(d.certificates().len(), 1);
    let report = verify(&d, None);
    assert!(matches!(
        report.reason,
        Some(Error::SignerCertificateNotFound { .. })
    ));
    // A certificate with the signer's issuer and serial but another key (the
    // caller supplies the real one too: the document's comes first).
    let mut bytes = fs::read(format!("{DIR}/rsa-noattr-attached.der")).expect("file");
    let signer = cert("individual-sign.pem");
    let pos = find(&bytes, signer.der()).expect("carried certificate");
    // Flip a byte of the carried certificate's public key.
    let spki = find(signer.der(), signer.spki()).expect("spki");
    bytes[pos + spki + signer.spki().len() - 10] ^= 1;
    match SignedDocument::from_any(&bytes) {
        Ok(d) => {
            let report = verify(&d, None);
            assert!(!report.valid);
            assert_eq!(report.reason, Some(Error::InvalidSignature));
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn tampered_attached_content_is_a_digest_mismatch() {
    for name in [
        "rsa-attached.der",
        "rsa-cades-attached.der",
        "ec-attached.der",
    ] {
        let bytes = flip_content_byte(name);
        let report = verify(&SignedDocument::from_any(&bytes).expect("parses"), None);
        assert!(!report.valid);
        assert_eq!(report.reason, Some(Error::MessageDigestMismatch), "{name}");
        assert_eq!(report.signers[0].reason, Some(Error::MessageDigestMismatch));
    }
    // Content given beside an attached document must be the same.
    let report = verify(&doc("rsa-attached.der"), Some(b"something else"));
    assert_eq!(report.reason, Some(Error::ContentConflict));
    assert!(verify(&doc("rsa-attached.der"), Some(&content())).valid);
}

#[test]
fn co_signed_documents_report_each_signer() {
    let report = verify(&doc("cosigned-attached.der"), None);
    assert_eq!(report.signers.len(), 2);
    assert_eq!(
        assert_valid("cosigned", &report),
        vec![IIN.to_owned(), IIN.to_owned()]
    );
    // SignerInfos are a SET OF: DER order, not the command line's.
    let mut algs: Vec<&str> = report
        .signers
        .iter()
        .map(|s| s.signature_algorithm.as_str())
        .collect();
    algs.sort_unstable();
    assert_eq!(algs, ["ecdsa-with-SHA256", "sha256WithRSAEncryption"]);

    let report = verify(&doc("resigned-attached.der"), None);
    assert_eq!(report.signers.len(), 2);
    let iins = assert_valid("resigned", &report);
    assert!(iins.contains(&IIN.to_owned()));
    let employee_bin = cert("employee-sign.pem").bin();
    assert!(employee_bin.is_some());
    assert!(report
        .signers
        .iter()
        .any(|s| s.certificate.as_ref().and_then(|c| c.certificate.bin) == employee_bin));
}

#[test]
fn certificate_failures_refuse_the_signer() {
    let report = verify(&doc("expired-attached.der"), None);
    assert!(!report.valid);
    assert!(matches!(
        report.signers[0].reason,
        Some(Error::CertExpired { .. })
    ));
    let report = verify(&doc("revoked-attached.der"), None);
    assert!(matches!(
        report.signers[0].reason,
        Some(Error::CertRevoked { .. })
    ));
    let report = verify(&doc("auth-attached.der"), None);
    assert!(matches!(
        report.signers[0].reason,
        Some(Error::WrongKeyKind {
            found: KeyKind::Auth,
            ..
        })
    ));
    assert!(matches!(report.reason, Some(Error::WrongKeyKind { .. })));
}

#[test]
fn sha1_needs_the_legacy_policy() {
    let d = doc("rsa-sha1-attached.der");
    let report = verify(&d, None);
    assert!(matches!(
        report.reason,
        Some(Error::LegacyAlgorithmNotAllowed { .. })
    ));
    let legacy = verifier(Policy::default().legacy_algorithms(true));
    let report = legacy.verify_document(&d, None, &Options::at(demo_time()));
    assert_valid("sha1", &report);
    assert_eq!(report.signers[0].digest_algorithm, "SHA-1");
}

#[test]
fn live_openssl_signatures() {
    if Command::new("openssl").arg("version").output().is_err() {
        eprintln!("openssl not on the PATH: skipped");
        return;
    }
    let tmp = std::env::temp_dir().join(format!("qoltanba-cms-{}", std::process::id()));
    fs::create_dir_all(&tmp).expect("temp dir");
    let input = tmp.join("in.txt");
    fs::write(&input, "Лицензия № 1, IIN 871008401427").expect("write");
    for (signer, extra) in [
        ("individual-sign", &["-nodetach", "-cades"][..]),
        ("individual-sign", &[][..]),
        ("individual-sign-ec", &["-nodetach"][..]),
        (
            "individual-sign",
            &[
                "-keyopt",
                "rsa_padding_mode:pss",
                "-keyopt",
                "rsa_pss_saltlen:digest",
            ][..],
        ),
    ] {
        let out = tmp.join("out.der");
        let status = Command::new("openssl")
            .args([
                "cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER",
            ])
            .arg("-in")
            .arg(&input)
            .arg("-out")
            .arg(&out)
            .arg("-signer")
            .arg(format!("{DEMO}/{signer}.pem"))
            .arg("-inkey")
            .arg(format!("{DEMO}/{signer}.key.pem"))
            .args(extra)
            .status()
            .expect("openssl runs");
        assert!(status.success());
        let d = SignedDocument::from_any(&fs::read(&out).expect("output")).expect("parses");
        let detached = fs::read(&input).expect("input");
        let report = verify(&d, d.content().is_none().then_some(detached.as_slice()));
        assert_eq!(
            assert_valid(signer, &report),
            vec![IIN.to_owned()],
            "{extra:?}"
        );
    }
    let _ = fs::remove_dir_all(&tmp);
}

#[cfg(feature = "serde")]
#[test]
fn document_report_serializes() {
    let json = verify(&doc("rsa-cades-attached.der"), None).to_json();
    assert!(json.contains("\"valid\": true"));
    assert!(json.contains(IIN));
    let json = verify(&doc("expired-attached.der"), None).to_json();
    assert!(json.contains("cert-expired"));
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn flip_content_byte(name: &str) -> Vec<u8> {
    let mut bytes = fs::read(format!("{DIR}/{name}")).expect("file");
    let pos = find(&bytes, &content()).expect("attached content");
    bytes[pos + 8] ^= 0x20;
    bytes
}

fn base64_of(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
        if out.len() % 77 == 76 {
            out.push('\n');
        }
    }
    out
}
