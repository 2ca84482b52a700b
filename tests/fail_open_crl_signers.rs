//! CRLs signed by a key other than the certificate issuer's (issue 13 item
//! 13, RFC 5280 6.3.3 (f)): such a CRL counts only when its signer's own
//! certificate chains to the same trust anchor as the path, asserts
//! cRLSign, is valid at the validation time and is not revoked. Built with
//! the demo PKI's keys (`test-vectors/demo`): a separate CRL-signing
//! certificate for "DEMO NCA (RSA)" issued by the RSA root, and hostile
//! variants of it.
#![cfg(feature = "aws-lc")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod generate;

use common::der::{extension, issue, raw_serial, tlv};
use common::{cert, demo_time, key};
use generate::{crl, CrlSpec};
use qoltanba::{Certificate, Crl, Options, Report, Time, Verifier};

const DEMO: &str = "test-vectors/demo";

fn unix(text: &str) -> i64 {
    Time::parse_rfc3339(text).unwrap().unix()
}

fn demo_crl(name: &str) -> Crl {
    Crl::from_der(&std::fs::read(format!("{DEMO}/{name}")).unwrap()).unwrap()
}

/// The full SubjectPublicKeyInfo of a certificate.
fn spki(c: &Certificate) -> Vec<u8> {
    use x509_parser::prelude::FromDer;
    let (_, x) = x509_parser::certificate::X509Certificate::from_der(c.der()).unwrap();
    x.tbs_certificate.subject_pki.raw.to_vec()
}

/// keyUsage with the given first octet (bit 0 = 0x80), critical.
fn key_usage(bits: u8) -> Vec<u8> {
    extension("2.5.29.15", true, &tlv(0x03, &[0x00, bits]))
}

const CRL_SIGN: u8 = 0x02;
const DIGITAL_SIGNATURE: u8 = 0x80;

/// A CRL-signing certificate named "DEMO NCA (RSA)" holding the rogue-nca
/// demo key, issued by `root` (with `root_key`).
fn crl_signer(root: &str, serial: u8, not_after: &str, extensions: &[Vec<u8>]) -> Certificate {
    let (nca_name, _) = common::der::subject_and_key(&cert("nca-rsa"));
    issue(
        &cert(root),
        &key(root),
        serial,
        &nca_name,
        &spki(&cert("rogue-nca")),
        unix("2021-01-01T00:00:00Z"),
        unix(not_after),
        extensions,
    )
}

/// A CRL of "DEMO NCA (RSA)" signed with the rogue-nca key (the key of the
/// separate CRL signer), listing `revoked` (keyCompromise).
fn signer_crl(revoked: &[&Certificate], number: u32) -> Crl {
    let mut spec = CrlSpec::new(0);
    spec.number = number;
    spec.extra = revoked.iter().map(|c| (raw_serial(c), Some(1))).collect();
    Crl::from_der(&crl(&cert("nca-rsa"), &key("rogue-nca"), &spec).unwrap()).unwrap()
}

fn check(anchors: &[&str], pool: &[Certificate], crls: Vec<Crl>, leaf: &Certificate) -> Report {
    let mut b = Verifier::builder();
    for a in anchors {
        b = b.trust(cert(a));
    }
    let verifier = b.intermediate(cert("nca-rsa")).build();
    let options = Options::at(demo_time())
        .intermediates(pool.iter().cloned())
        .crls(crls);
    verifier.verify_certificate(leaf, &options)
}

fn code(r: &Report) -> &'static str {
    r.reason.as_ref().map_or("", |e| e.code())
}

#[test]
fn separate_crl_signing_certificate_is_used() {
    let signer = crl_signer(
        "root-rsa",
        1,
        "2030-01-01T00:00:00Z",
        &[key_usage(CRL_SIGN)],
    );
    let leaf = cert("individual-sign");
    let good = check(
        &["root-rsa"],
        std::slice::from_ref(&signer),
        vec![demo_crl("root-rsa.crl"), signer_crl(&[], 1)],
        &leaf,
    );
    assert!(good.valid, "{:?}", good.reason);
    let revoked = check(
        &["root-rsa"],
        std::slice::from_ref(&signer),
        vec![demo_crl("root-rsa.crl"), signer_crl(&[&leaf], 1)],
        &leaf,
    );
    assert_eq!(code(&revoked), "cert-revoked", "{:?}", revoked.reason);
}

#[test]
fn crl_signer_under_another_trust_anchor_is_refused() {
    // Issued by the (also trusted) EC root: not the anchor of the path.
    let signer = crl_signer("root-ec", 2, "2030-01-01T00:00:00Z", &[key_usage(CRL_SIGN)]);
    let r = check(
        &["root-rsa", "root-ec"],
        std::slice::from_ref(&signer),
        vec![
            demo_crl("root-rsa.crl"),
            demo_crl("root-ec.crl"),
            signer_crl(&[], 1),
        ],
        &cert("individual-sign"),
    );
    assert!(!r.valid);
    assert_eq!(code(&r), "crl-invalid", "{:?}", r.reason);
}

#[test]
fn crl_signer_without_crl_sign_is_refused() {
    for (serial, exts) in [(3, vec![key_usage(DIGITAL_SIGNATURE)]), (4, vec![])] {
        let signer = crl_signer("root-rsa", serial, "2030-01-01T00:00:00Z", &exts);
        let r = check(
            &["root-rsa"],
            std::slice::from_ref(&signer),
            vec![demo_crl("root-rsa.crl"), signer_crl(&[], 1)],
            &cert("individual-sign"),
        );
        assert!(!r.valid, "signer with {} extensions", exts.len());
        assert_eq!(code(&r), "crl-invalid", "{:?}", r.reason);
    }
}

#[test]
fn expired_crl_signer_is_refused() {
    let signer = crl_signer(
        "root-rsa",
        5,
        "2024-01-01T00:00:00Z",
        &[key_usage(CRL_SIGN)],
    );
    let r = check(
        &["root-rsa"],
        std::slice::from_ref(&signer),
        vec![demo_crl("root-rsa.crl"), signer_crl(&[], 1)],
        &cert("individual-sign"),
    );
    assert_eq!(code(&r), "crl-invalid", "{:?}", r.reason);
    let detail = r.reason.unwrap().to_string();
    assert!(detail.contains("expired"), "{detail}");
}

#[test]
fn revoked_crl_signer_is_refused() {
    let signer = crl_signer(
        "root-rsa",
        6,
        "2030-01-01T00:00:00Z",
        &[key_usage(CRL_SIGN)],
    );
    // The root's CRL revokes the CRL signer (and not the NCA).
    let mut spec = CrlSpec::new(0);
    spec.number = 50;
    spec.extra = vec![(raw_serial(&signer), Some(1))];
    let root_crl =
        Crl::from_der(&crl(&cert("root-rsa"), &key("root-rsa"), &spec).unwrap()).unwrap();
    let r = check(
        &["root-rsa"],
        std::slice::from_ref(&signer),
        vec![root_crl, signer_crl(&[], 1)],
        &cert("individual-sign"),
    );
    assert_eq!(code(&r), "crl-invalid", "{:?}", r.reason);
    let detail = r.reason.unwrap().to_string();
    assert!(detail.contains("was revoked"), "{detail}");
}

#[test]
fn same_name_rogue_ca_cannot_vouch_for_a_revoked_certificate() {
    // rogue-nca: self-signed, the NCA's name, cRLSign. Its newer CRL lists
    // nothing; the genuine CRL revokes the certificate.
    let r = check(
        &["root-rsa"],
        &[cert("rogue-nca")],
        vec![
            demo_crl("root-rsa.crl"),
            demo_crl("nca-rsa.crl"),
            signer_crl(&[], 100_000),
        ],
        &cert("revoked"),
    );
    assert_eq!(code(&r), "cert-revoked", "{:?}", r.reason);
    // Alone, it vouches for nothing.
    let r = check(
        &["root-rsa"],
        &[cert("rogue-nca")],
        vec![demo_crl("root-rsa.crl"), signer_crl(&[], 100_000)],
        &cert("individual-sign"),
    );
    assert_eq!(code(&r), "crl-invalid", "{:?}", r.reason);
}
