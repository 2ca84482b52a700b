//! CMS documents made by the national crypto provider (GOST 34.10-2015
//! 512-bit with Streebog-512, and older GOST 34.310-2004 with GOST
//! 34.311-95; test-vectors/third-party/kz/skarm-kalkan). They must parse
//! (signers, content, carried certificates with the national CA's test
//! IIN/BIN), and verify: signature, messageDigest, signer chain to the
//! bundled test roots at a time inside the signer's validity. Each carries
//! a signature time-stamp of the national TSA (CAdES-T): it verifies over
//! the signature value, and the signer is validated at its genTime, so the
//! documents stay valid after every certificate involved has expired. A
//! flipped byte in the content or the signature makes each of them fail.

use std::fs;

use qoltanba::{
    Error, KeyKind, Options, Policy, RevocationMode, SignedDocument, Time, TrustProfile, Verifier,
};

const DIR: &str = "test-vectors/third-party/kz/skarm-kalkan";
const STREEBOG_512: &str = "Streebog-512";
const GOST_34_311: &str = "GOST 34.311-95";
const GOST_2015_512: &str = "gost34.10-2015-512";
const GOST_2004: &str = "gost34.310-2004";

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
    digest_name: &'static str,
    signature_name: &'static str,
    /// The bundled roots its signer chains to.
    profile: TrustProfile,
    /// The policy of its signature time-stamp and its TSA's CN.
    tsa: (&'static str, &'static str),
}

const CASES: &[Case] = &[
    Case {
        file: "cms__individual_attached.der",
        detached: None,
        content: "Тестовый файл для подписания сертификатом ФЛ",
        iin: "123456789011",
        bin: None,
        digest_name: STREEBOG_512,
        signature_name: GOST_2015_512,
        profile: TrustProfile::NcaTest,
        tsa: ("1.2.398.3.3.2.6.4", "TIME-STAMPING AUTHORITY"),
    },
    Case {
        file: "cms__individual_detached.der",
        detached: Some("cms__individual_document.txt"),
        content: "Тестовый файл для подписания сертификатом ФЛ",
        iin: "123456789011",
        bin: None,
        digest_name: STREEBOG_512,
        signature_name: GOST_2015_512,
        profile: TrustProfile::NcaTest,
        tsa: ("1.2.398.3.3.2.6.4", "TIME-STAMPING AUTHORITY"),
    },
    Case {
        file: "cms__legal_entity_attached.der",
        detached: None,
        content: "Тестовый файл для подписания сертификатом ЮЛ",
        iin: "123456789011",
        bin: Some("123456789021"),
        digest_name: STREEBOG_512,
        signature_name: GOST_2015_512,
        profile: TrustProfile::NcaTest,
        tsa: ("1.2.398.3.3.2.6.4", "TIME-STAMPING AUTHORITY"),
    },
    Case {
        file: "cms__legal_entity_detached.der",
        detached: Some("cms__legal_entity_document.txt"),
        content: "Тестовый файл для подписания сертификатом ЮЛ",
        iin: "123456789011",
        bin: Some("123456789021"),
        digest_name: STREEBOG_512,
        signature_name: GOST_2015_512,
        profile: TrustProfile::NcaTest,
        tsa: ("1.2.398.3.3.2.6.4", "TIME-STAMPING AUTHORITY"),
    },
    Case {
        file: "examples__test_CMS_GOST.txt",
        detached: None,
        content: "Testovaya podpis!",
        iin: "123456789012",
        bin: Some("123456789021"),
        digest_name: GOST_34_311,
        signature_name: GOST_2004,
        // SDK test certificate issued by the production NCA GOST (2015 generation).
        profile: TrustProfile::Nca,
        tsa: ("1.2.398.3.3.2.6.1", "TSP"),
    },
];

/// The document as DER (the older examples are PEM "CMS").
fn doc_der(file: &str) -> Vec<u8> {
    use base64::Engine as _;
    let raw = read(file);
    if raw.first() == Some(&0x30) {
        return raw;
    }
    let text: String = String::from_utf8(raw)
        .expect("PEM text")
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .expect("base64")
}

/// Bundled roots (the signer's, and the production ones of the national
/// TSA that stamped the CAdES-T documents); no CRL of the issuing CA is
/// fresh in the signers' validity windows, so revocation is off here
/// (tests/gost.rs covers the real GOST CRLs).
fn verifier(profile: TrustProfile) -> Verifier {
    Verifier::builder()
        .trust_profile(profile)
        .expect("profile")
        .trust_profile(TrustProfile::Nca)
        .expect("profile")
        .policy(Policy::default().revocation(RevocationMode::Off))
        .build()
}

/// An hour after the document's signature time-stamp (inside the signer
/// certificate's validity): a time-stamp may only move validation back in
/// time, so the validation time must not precede it (issue 13, item 10).
fn inside_validity(verifier: &Verifier, doc: &SignedDocument, detached: Option<&[u8]>) -> Options {
    let later = Options::at(Time::parse_rfc3339("2035-01-01T00:00:00Z").expect("time"));
    let report = verifier.verify_document(doc, detached, &later);
    let stamp = report.signers[0].timestamp.as_ref().expect("time-stamp");
    let at = Time::from_unix(stamp.info.gen_time.unix() + 3600);
    assert!(at < doc.certificates()[0].info().not_after);
    Options::at(at)
}

#[test]
fn national_provider_documents_verify() {
    for case in CASES {
        let verifier = verifier(case.profile);
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

        let options = inside_validity(&verifier, &doc, detached.as_deref());
        let report = verifier.verify_document(&doc, detached.as_deref(), &options);
        assert!(report.valid, "{}: {:?}", case.file, report.reason);
        let signer = &report.signers[0];
        assert_eq!(signer.digest_algorithm, case.digest_name, "{}", case.file);
        assert_eq!(
            signer.signature_algorithm, case.signature_name,
            "{}",
            case.file
        );
        let signing_time = signer.signing_time.expect("signingTime");
        {
            // CAdES-T: the production TSA's token over the signature value,
            // and the signer validated at its genTime.
            let stamp = signer.timestamp.as_ref().expect("time-stamp");
            assert!(stamp.valid, "{}: {:?}", case.file, stamp.reason);
            assert_eq!(stamp.info.policy, case.tsa.0, "{}", case.file);
            assert_eq!(
                stamp
                    .certificate
                    .as_ref()
                    .and_then(|c| c.certificate.common_name.as_deref()),
                Some(case.tsa.1),
                "{}",
                case.file
            );
            let gen = stamp.info.gen_time;
            assert!(
                gen >= signing_time && gen.unix() - signing_time.unix() < 300,
                "{}: signed {signing_time}, stamped {gen}",
                case.file
            );
            assert_eq!(signer.validated_at, gen, "{}", case.file);
            assert_eq!(
                signer.certificate.as_ref().expect("report").time,
                gen,
                "{}",
                case.file
            );
            // Long after the signer's and the TSA's certificates expired,
            // the time-stamp still vouches for the signature.
            let later = Options::at(Time::parse_rfc3339("2035-01-01T00:00:00Z").expect("time"));
            let report = verifier.verify_document(&doc, detached.as_deref(), &later);
            assert!(report.valid, "{}: {:?}", case.file, report.reason);
        }
        let cert_report = signer.certificate.as_ref().expect("certificate report");
        assert_eq!(
            cert_report
                .certificate
                .iin
                .map(|i| i.to_string())
                .as_deref(),
            Some(case.iin)
        );
        assert_eq!(cert_report.certificate.key_kind, KeyKind::Sign);

        // A flipped byte in the content: messageDigest no longer matches.
        let mut tampered = content.to_vec();
        tampered[0] ^= 0x01;
        let report = verifier.verify_document(&doc, Some(&tampered), &options);
        let expected = if case.detached.is_some() {
            Error::MessageDigestMismatch
        } else {
            Error::ContentConflict
        };
        assert_eq!(report.reason, Some(expected), "{}", case.file);

        // A flipped byte in the signature value.
        let der = doc_der(case.file);
        let sig = doc.signature_value(0).expect("one signer");
        let at = der
            .windows(sig.len())
            .position(|w| w == sig)
            .expect("signature bytes in the document");
        let mut broken = der.clone();
        broken[at] ^= 0x01;
        let doc = SignedDocument::from_any(&broken).expect("still parses");
        let report = verifier.verify_document(&doc, detached.as_deref(), &options);
        assert_eq!(
            report.reason,
            Some(Error::InvalidSignature),
            "{}",
            case.file
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
    // Its content is not in the vector set: the GOST 34.310-2004 signature
    // layer is understood and the missing content is the refusal.
    assert_eq!(report.reason, Some(Error::DetachedContentMissing));
}
