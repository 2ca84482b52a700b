//! XML signatures made by the national crypto provider
//! (test-vectors/third-party/kz/skarm-kalkan, unchanged copies): an
//! enveloped GOST 34.10-2015 512-bit signature under inclusive C14N with
//! the certificate in X509Data, and a WS-Security message (exclusive C14N
//! with a PrefixList, the Body by `wsu:Id`, the certificate in a
//! KeyIdentifier). Both verify at a time inside the signer's validity
//! against the bundled test roots; every one-byte change to signed
//! content, SignedInfo or the signature value is refused.

#![allow(clippy::unwrap_used)]

use std::fs;

use qoltanba::{Options, Policy, RevocationMode, Time, TrustProfile, Verifier};

const DIR: &str = "test-vectors/third-party/kz/skarm-kalkan";

fn read(name: &str) -> Vec<u8> {
    fs::read(format!("{DIR}/{name}")).unwrap()
}

fn verifier() -> Verifier {
    Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .unwrap()
        .policy(Policy::default().revocation(RevocationMode::Off))
        .build()
}

/// Inside the signer's validity (2023-11-10 to 2024-11-09).
fn at() -> Options {
    Options::at(Time::parse_rfc3339("2024-03-01T00:00:00Z").unwrap())
}

#[test]
fn enveloped_gost_verifies() {
    let report = verifier().verify_xml(&read("java_xml__native-xml.xml"), &at());
    assert_eq!(report.result(), Ok(()), "{report:#?}");
}

#[test]
fn wsse_gost_verifies() {
    let report = verifier().verify_xml(&read("java_xml__native-wsse.xml"), &at());
    assert_eq!(report.result(), Ok(()), "{report:#?}");
}

/// The byte ranges of the signed content, SignedInfo and SignatureValue.
fn regions(text: &str, content: (&str, &str)) -> Vec<std::ops::Range<usize>> {
    let span = |start: &str, end: &str| {
        let s = text.find(start).unwrap();
        let e = text[s..].find(end).unwrap() + s + end.len();
        s..e
    };
    vec![
        span(content.0, content.1),
        span("<ds:SignedInfo>", "</ds:SignedInfo>"),
        span("<ds:SignatureValue>", "</ds:SignatureValue>"),
    ]
}

/// Every one-byte change (XOR 0x01) inside the regions: refused; returns
/// the refusals' codes with their counts.
fn tamper(file: &str, content: (&str, &str)) -> std::collections::BTreeMap<String, usize> {
    let xml = read(file);
    let text = String::from_utf8(xml.clone()).unwrap();
    let v = verifier();
    let mut codes = std::collections::BTreeMap::new();
    for range in regions(&text, content) {
        for i in range {
            let mut changed = xml.clone();
            changed[i] ^= 0x01;
            let report = v.verify_xml(&changed, &at());
            assert!(!report.valid(), "{file}: byte {i} changed still verifies");
            *codes
                .entry(report.result().unwrap_err().code().to_owned())
                .or_insert(0) += 1;
        }
    }
    codes
}

#[test]
fn enveloped_every_one_byte_change_is_refused() {
    let codes = tamper("java_xml__native-xml.xml", ("<root>", "</value>"));
    let expected = [
        ("invalid-signature", 140),
        ("malformed", 411),
        ("unsupported-signature-algorithm", 148),
        ("xml-digest-mismatch", 104),
        ("xml-unsupported-transform", 146),
    ];
    let got: Vec<(&str, usize)> = codes.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(got, expected);
    assert_eq!(codes.values().sum::<usize>(), 949);
}

#[test]
fn wsse_every_one_byte_change_is_refused() {
    let codes = tamper("java_xml__native-wsse.xml", ("<soap:Body", "</soap:Body>"));
    let expected = [
        ("invalid-signature", 169),
        ("malformed", 433),
        ("unsupported-signature-algorithm", 148),
        ("xml-digest-mismatch", 109),
        ("xml-reference-not-found", 10),
        ("xml-unsupported-transform", 136),
    ];
    let got: Vec<(&str, usize)> = codes.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(got, expected);
    assert_eq!(codes.values().sum::<usize>(), 1005);
}

#[test]
fn reports_say_what_is_signed() {
    let v = verifier();
    let plain = v.verify_xml(&read("java_xml__native-xml.xml"), &at());
    assert!(!plain.soap);
    assert_eq!(plain.signed_elements, ["root"]);
    assert_eq!(plain.signed_body, None);
    let s = &plain.document.signers[0];
    assert_eq!(s.signature_algorithm, "gost34.10-2015-512");
    assert_eq!(s.digest_algorithm, "Streebog-512");
    let cert = s.certificate.as_ref().unwrap();
    assert_eq!(
        cert.certificate.iin.map(|i| i.to_string()).as_deref(),
        Some("123456789011")
    );
    let sig = &plain.signatures[0];
    assert_eq!(sig.id.as_deref(), Some("1"));
    assert_eq!(
        sig.canonicalization,
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    );
    assert_eq!(sig.references.len(), 1);
    assert_eq!(sig.references[0].uri, "");
    assert_eq!(sig.references[0].element.as_deref(), Some("root"));
    assert!(sig.references[0].digest_valid);

    let wsse = v.verify_xml(&read("java_xml__native-wsse.xml"), &at());
    assert!(wsse.soap);
    assert_eq!(wsse.signed_elements, ["Body"]);
    let body = String::from_utf8(wsse.signed_body.clone().unwrap()).unwrap();
    assert!(
        body.starts_with("<soap:Body xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""),
        "{body}"
    );
    assert_eq!(
        wsse.signatures[0].canonicalization,
        "http://www.w3.org/2001/10/xml-exc-c14n#"
    );
    // Outside the signer's validity: the certificate's reason.
    let late = v.verify_xml(
        &read("java_xml__native-xml.xml"),
        &Options::at(Time::parse_rfc3339("2025-03-01T00:00:00Z").unwrap()),
    );
    assert_eq!(late.result().unwrap_err().code(), "cert-expired");
}
