//! Third-party CMS SignedData vectors (test-vectors/third-party): BoringSSL's
//! detached signatures and RustCrypto's samples, each as its
//! expectations.tsv says. Their signer certificates are self-signed or
//! expired, so the signature layer is verified with the certificate as its
//! own trust anchor, `Purpose::Any`, no revocation, and a time inside its
//! validity.

use std::fs;

use qoltanba::{
    Certificate, Error, Options, Policy, Purpose, RevocationMode, SignedDocument, Time, Verifier,
};

const BORINGSSL: &str = "test-vectors/third-party/cms-boringssl";
const RUSTCRYPTO: &str = "test-vectors/third-party/cms-rustcrypto";

fn at(s: &str) -> Options {
    Options::at(Time::parse_rfc3339(s).expect("time")).purpose(Purpose::Any)
}

fn trusting(anchor: &Certificate, legacy: bool) -> Verifier {
    Verifier::builder()
        .trust(anchor.clone())
        .policy(
            Policy::default()
                .revocation(RevocationMode::Off)
                .legacy_algorithms(legacy),
        )
        .build()
}

fn rows(dir: &str) -> Vec<Vec<String>> {
    fs::read_to_string(format!("{dir}/expectations.tsv"))
        .expect("expectations")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

#[test]
fn boringssl_detached_signatures() {
    let content = fs::read(format!("{BORINGSSL}/content.bin")).expect("content");
    let root =
        Certificate::from_any(&fs::read(format!("{BORINGSSL}/sign_cert.pem")).expect("cert"))
            .expect("parses");
    let rows = rows(BORINGSSL);
    assert_eq!(rows.len(), 5);
    for row in rows {
        let (file, signer_cert, digest, expected) = (&row[0], &row[1], &row[3], &row[8]);
        assert_eq!(expected, "valid");
        let doc = SignedDocument::from_any(&fs::read(format!("{BORINGSSL}/{file}")).expect("doc"))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(doc.content(), None, "{file}");
        assert!(doc.certificates().is_empty(), "{file}");
        let signer =
            Certificate::from_any(&fs::read(format!("{BORINGSSL}/{signer_cert}")).expect("cert"))
                .expect("parses");
        // sign_cert2 (2026-05-14..2027-05-14) is issued by sign_cert
        // (2021-09-21..2022-09-21): no single time fits both, so it is its
        // own anchor.
        let (anchor, time) = if signer_cert == "sign_cert2.pem" {
            (&signer, "2026-06-01T00:00:00Z")
        } else {
            (&root, "2022-01-01T00:00:00Z")
        };
        let options = at(time).intermediates([signer.clone()]);
        let legacy = digest == "SHA-1";
        let report = trusting(anchor, legacy).verify_document(&doc, Some(&content), &options);
        assert!(report.valid, "{file}: {report:#?}");
        assert_eq!(report.signers[0].digest_algorithm, *digest, "{file}");
        if legacy {
            // Refused without the legacy policy.
            let report = trusting(anchor, false).verify_document(&doc, Some(&content), &options);
            assert!(matches!(
                report.reason,
                Some(Error::LegacyAlgorithmNotAllowed { .. })
            ));
        }
        // The derived negatives of the README: other content, other cert.
        let report = trusting(anchor, legacy).verify_document(&doc, Some(b"signed datA"), &options);
        assert_eq!(report.reason, Some(Error::InvalidSignature), "{file}");
        let other = if signer_cert == "sign_cert2.pem" {
            &root
        } else {
            &signer
        };
        if !std::ptr::eq(other, &signer) {
            let options = at(time).intermediates([other.clone()]);
            let report = trusting(anchor, legacy).verify_document(&doc, Some(&content), &options);
            assert!(!report.valid, "{file}");
        }
    }
}

#[test]
fn rustcrypto_samples() {
    for row in rows(RUSTCRYPTO) {
        let (file, expected) = (&row[0], &row[4]);
        let bytes = fs::read(format!("{RUSTCRYPTO}/{file}")).expect("file");
        let parsed = SignedDocument::from_any(&bytes);
        match expected.as_str() {
            "parse_error" => match parsed {
                Err(Error::Malformed {
                    what: "CMS",
                    detail,
                }) => {
                    assert!(detail.contains("eContent"), "{file}: {detail}")
                }
                other => panic!("{file}: {other:?}"),
            },
            "sig_ok" => {
                let doc = parsed.unwrap_or_else(|e| panic!("{file}: {e}"));
                assert_eq!(doc.signer_count(), 1, "{file}");
                let signer = doc
                    .certificates()
                    .first()
                    .expect("carried certificate")
                    .clone();
                let mid = Time::from_unix(
                    (signer.info().not_before.unix() + signer.info().not_after.unix()) / 2,
                );
                let options = Options::at(mid).purpose(Purpose::Any);
                let report = trusting(&signer, false).verify_document(&doc, None, &options);
                assert!(report.valid, "{file}: {report:#?}");
            }
            other => panic!("{file}: unknown expectation {other}"),
        }
    }
}

#[test]
fn rustcrypto_ber_decodes_like_der() {
    let der =
        SignedDocument::from_any(&fs::read(format!("{RUSTCRYPTO}/cms_der.bin")).expect("der"))
            .expect("DER parses");
    let ber_bytes = fs::read(format!("{RUSTCRYPTO}/cms_ber.bin")).expect("ber");
    assert_eq!(ber_bytes[..2], [0x30, 0x80], "indefinite length");
    let ber = SignedDocument::from_any(&ber_bytes).expect("BER parses");
    assert_eq!(der.content().map(<[u8]>::len), Some(10034));
    assert_eq!(der.content(), ber.content());
    assert_eq!(der.content_type(), ber.content_type());
    // The two files were signed separately (their certificates differ,
    // unlike what the README suggests); each verifies on its own in
    // `rustcrypto_samples`.
    assert_eq!(der.certificates().len(), ber.certificates().len());
}
