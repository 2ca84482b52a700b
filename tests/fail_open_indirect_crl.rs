//! Indirect CRLs and certificateIssuer entries (issue 13 item 13, RFC 5280
//! 5.2.5, 5.3.3): an entry counts only for the certificates of the issuer it
//! names (its own certificateIssuer or the last one before it, else the CRL
//! issuer); certificateIssuer outside an indirect CRL makes the CRL
//! unusable. CRLs of the demo NCA (RSA) built here and signed with its key.
#![cfg(feature = "aws-lc")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::der::{extension, int, name, oid, raw_serial, seq, subject_and_key, tlv, utc_time};
use common::{cert, demo_time, key};
use qoltanba::{Certificate, Crl, Options, Report, Signer, Time, Verifier};

fn unix(text: &str) -> i64 {
    Time::parse_rfc3339(text).unwrap().unix()
}

/// One entry: serial content octets, and the DER Name of its
/// certificateIssuer extension, if any.
fn entry(serial: &[u8], issuer: Option<&[u8]>) -> Vec<u8> {
    let mut exts = vec![extension("2.5.29.21", false, &tlv(0x0a, &[1]))];
    if let Some(n) = issuer {
        // GeneralNames { directoryName [4] Name }, critical (RFC 5280 5.3.3).
        exts.push(extension("2.5.29.29", true, &seq(&[tlv(0xa4, n)])));
    }
    seq(&[
        tlv(0x02, serial),
        utc_time(unix("2025-03-01T00:00:00Z")),
        seq(&exts),
    ])
}

/// A CRL of the NCA (RSA), signed with its key, number 500.
fn nca_crl(entries: &[Vec<u8>], indirect: bool) -> Crl {
    let (nca_name, _) = subject_and_key(&cert("nca-rsa"));
    let mut exts = vec![extension("2.5.29.20", false, &int(&[0x01, 0xf4]))];
    if indirect {
        // IssuingDistributionPoint { indirectCRL [4] TRUE }, critical.
        exts.push(extension("2.5.29.28", true, &seq(&[tlv(0x84, &[0xff])])));
    }
    let alg = seq(&[oid("1.2.840.113549.1.1.11"), vec![0x05, 0x00]]);
    let mut tbs = vec![
        int(&[1]),
        alg.clone(),
        nca_name,
        utc_time(unix("2025-05-01T00:00:00Z")),
        utc_time(unix("2025-07-01T00:00:00Z")),
    ];
    if !entries.is_empty() {
        tbs.push(seq(entries));
    }
    tbs.push(tlv(0xa0, &seq(&exts)));
    let tbs = seq(&tbs);
    let sig = key("nca-rsa").sign(&tbs).unwrap();
    let mut bits = vec![0];
    bits.extend(sig);
    Crl::from_der(&seq(&[tbs, alg, tlv(0x03, &bits)])).expect("CRL parses")
}

fn check(crl: Crl, leaf: &Certificate) -> Report {
    let root = Crl::from_der(&std::fs::read("test-vectors/demo/root-rsa.crl").unwrap()).unwrap();
    let verifier = Verifier::builder()
        .trust(cert("root-rsa"))
        .intermediate(cert("nca-rsa"))
        .crl(root)
        .build();
    verifier.verify_certificate(leaf, &Options::at(demo_time()).crls([crl]))
}

fn code(r: &Report) -> &'static str {
    r.reason.as_ref().map_or("", |e| e.code())
}

#[test]
fn entries_count_only_for_the_issuer_they_name() {
    let leaf = cert("individual-sign");
    let s = raw_serial(&leaf);
    let other = name("OTHER DEMO CA");
    let (nca, _) = subject_and_key(&cert("nca-rsa"));

    // Listed for another issuer (its own certificateIssuer): not revoked.
    let r = check(nca_crl(&[entry(&s, Some(&other))], true), &leaf);
    assert!(r.valid, "{:?}", r.reason);
    // Listed after another issuer's certificateIssuer (it carries on).
    let r = check(
        nca_crl(&[entry(&[0x7f], Some(&other)), entry(&s, None)], true),
        &leaf,
    );
    assert!(r.valid, "{:?}", r.reason);
    // Listed before any certificateIssuer: the CRL issuer's, revoked.
    let r = check(
        nca_crl(&[entry(&s, None), entry(&[0x7f], Some(&other))], true),
        &leaf,
    );
    assert_eq!(code(&r), "cert-revoked", "{:?}", r.reason);
    // Named back to the NCA after another issuer: revoked.
    let r = check(
        nca_crl(&[entry(&[0x7f], Some(&other)), entry(&s, Some(&nca))], true),
        &leaf,
    );
    assert_eq!(code(&r), "cert-revoked", "{:?}", r.reason);
    // The same serial for another issuer and for the NCA: both are kept.
    let r = check(
        nca_crl(&[entry(&s, Some(&nca)), entry(&s, Some(&other))], true),
        &leaf,
    );
    assert_eq!(code(&r), "cert-revoked", "{:?}", r.reason);
    let r = check(
        nca_crl(&[entry(&s, Some(&other)), entry(&s, Some(&nca))], true),
        &leaf,
    );
    assert_eq!(code(&r), "cert-revoked", "{:?}", r.reason);
}

#[test]
fn certificate_issuer_outside_an_indirect_crl_is_refused() {
    let leaf = cert("individual-sign");
    let other = name("OTHER DEMO CA");
    let r = check(nca_crl(&[entry(&[0x7f], Some(&other))], false), &leaf);
    assert_eq!(code(&r), "crl-invalid", "{:?}", r.reason);
    let detail = r.reason.unwrap().to_string();
    assert!(detail.contains("not indirect"), "{detail}");
}
