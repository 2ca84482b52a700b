//! CMS documents made by the national crypto provider (GOST 34.10-2015
//! 512-bit with Streebog-512, and older GOST 34.310-2004 with GOST
//! 34.311-95; ../shared/vectors/kz/skarm-kalkan). They must parse
//! (signers, content, carried certificates with the national CA's test
//! IIN/BIN); their signatures fail closed, with the exact error, until the
//! GOST backend lands.

use std::fs;

use qoltanba::{Error, Options, Policy, RevocationMode, SignedDocument, Time, Verifier};

const DIR: &str = "../shared/vectors/kz/skarm-kalkan";
const STREEBOG_512: &str = "1.2.398.3.10.1.3.3";
const GOST_34_311: &str = "1.2.398.3.10.1.3.1";

fn read(name: &str) -> Vec<u8> {
    fs::read(format!("{DIR}/{name}")).expect("file")
}

struct Case {
    file: &'static str,
    /// The detached content's file, if the document is detached.
    detached: Option<&'static str>,
    /// Text the content starts with.
    content: &'static str,
    iin: &'static str,
    bin: Option<&'static str>,
    digest_oid: &'static str,
    signature_oid: &'static str,
}

const CASES: &[Case] = &[
    Case {
        file: "cms__individual_attached.der",
        detached: None,
        content: "Тестовый файл для подписания сертификатом ФЛ",
        iin: "123456789011",
        bin: None,
        digest_oid: STREEBOG_512,
        signature_oid: "1.2.398.3.10.1.1.2.3.2",
    },
    Case {
        file: "cms__individual_detached.der",
        detached: Some("cms__individual_document.txt"),
        content: "Тестовый файл для подписания сертификатом ФЛ",
        iin: "123456789011",
        bin: None,
        digest_oid: STREEBOG_512,
        signature_oid: "1.2.398.3.10.1.1.2.3.2",
    },
    Case {
        file: "cms__legal_entity_attached.der",
        detached: None,
        content: "Тестовый файл для подписания сертификатом ЮЛ",
        iin: "123456789011",
        bin: Some("123456789021"),
        digest_oid: STREEBOG_512,
        signature_oid: "1.2.398.3.10.1.1.2.3.2",
    },
    Case {
        file: "cms__legal_entity_detached.der",
        detached: Some("cms__legal_entity_document.txt"),
        content: "Тестовый файл для подписания сертификатом ЮЛ",
        iin: "123456789011",
        bin: Some("123456789021"),
        digest_oid: STREEBOG_512,
        signature_oid: "1.2.398.3.10.1.1.2.3.2",
    },
    Case {
        file: "examples__test_CMS_GOST.txt",
        detached: None,
        content: "Testovaya podpis!",
        iin: "123456789012",
        bin: Some("123456789021"),
        digest_oid: GOST_34_311,
        signature_oid: "1.2.398.3.10.1.1.1.1",
    },
];

#[test]
fn national_provider_documents_parse_and_fail_closed() {
    let verifier = Verifier::builder()
        .trust_any(&read("certs__root_test_gost_2022.cer"))
        .expect("root")
        .policy(Policy::default().with_revocation(RevocationMode::Off))
        .build();
    let options = Options::at(Time::parse_rfc3339("2026-06-01T00:00:00Z").expect("time"));
    for case in CASES {
        let doc = SignedDocument::from_any(&read(case.file))
            .unwrap_or_else(|e| panic!("{}: {e}", case.file));
        assert_eq!(doc.signer_count(), 1, "{}", case.file);
        assert_eq!(doc.content_type(), "1.2.840.113549.1.7.1");
        let detached = case.detached.map(read);
        let content = doc.content().or(detached.as_deref()).expect("content");
        assert!(
            String::from_utf8_lossy(content).starts_with(case.content),
            "{}",
            case.file
        );
        assert_eq!(doc.content().is_none(), case.detached.is_some());
        let [cert] = doc.certificates() else {
            panic!("{}: one certificate expected", case.file)
        };
        assert_eq!(cert.iin().map(|i| i.to_string()).as_deref(), Some(case.iin));
        assert_eq!(cert.bin().map(|b| b.to_string()).as_deref(), case.bin);

        let report = verifier.verify_document(&doc, detached.as_deref(), &options);
        assert!(!report.valid);
        assert_eq!(
            report.reason,
            Some(Error::UnsupportedSignatureAlgorithm {
                oid: case.digest_oid.into()
            }),
            "{}",
            case.file
        );
        let signer = &report.signers[0];
        assert_eq!(signer.digest_algorithm, case.digest_oid);
        assert_eq!(signer.signature_algorithm, case.signature_oid);
        assert!(signer.signing_time.is_some(), "{}", case.file);
        // The signer's certificate was found among the carried ones.
        let cert_report = signer.certificate.as_ref().expect("certificate report");
        assert_eq!(
            cert_report
                .certificate
                .iin
                .map(|i| i.to_string())
                .as_deref(),
            Some(case.iin)
        );
    }
}

#[test]
fn double_sign_example_is_detached_and_parses() {
    let doc = SignedDocument::from_any(&read("examples__CMS_for_double_sign.txt")).expect("parses");
    assert_eq!(doc.signer_count(), 1);
    assert_eq!(doc.content(), None);
    assert_eq!(doc.certificates().len(), 1);
    let verifier = Verifier::builder().build();
    let report = verifier.verify_document(
        &doc,
        None,
        &Options::at(Time::parse_rfc3339("2019-09-01T00:00:00Z").expect("time")),
    );
    assert_eq!(
        report.reason,
        Some(Error::UnsupportedSignatureAlgorithm {
            oid: GOST_34_311.into()
        })
    );
}
