//! CAdES-T with the demo PKI and the demo TSA: a signature time-stamped
//! before its certificate was revoked (or expired) is still valid, one
//! stamped after the revocation is not; signingTime, the skew, the
//! "time-stamp required" and "trust signingTime" policies.
#![cfg(feature = "aws-lc")]
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::tsa::TestTsa;
use common::{cert, demo_time, key, verifier, DEMO};
use qoltanba::{
    add_timestamp, sign_document, Crl, Error, Options, Policy, SignOptions, SignedDocument, Time,
    Verifier,
};

fn t(s: &str) -> Time {
    Time::parse_rfc3339(s).expect("time")
}

/// The default demo inputs with another policy.
fn verifier_with(policy: Policy) -> Verifier {
    let mut b = Verifier::builder()
        .trust(cert("root-rsa"))
        .trust(cert("root-ec"))
        .intermediate(cert("nca-rsa"))
        .intermediate(cert("nca-ec"))
        .policy(policy);
    for c in [
        "root-rsa.crl",
        "root-ec.crl",
        "nca-rsa.crl",
        "nca-rsa-delta.crl",
        "nca-ec-fresh.crl",
    ] {
        b = b.crl(Crl::from_der(&std::fs::read(format!("{DEMO}/{c}")).unwrap()).unwrap());
    }
    b.build()
}

/// `who` signs at `signed`; the TSA stamps at `stamped` (if given).
fn document(tsa: &TestTsa, who: &str, signed: Time, stamped: Option<Time>) -> SignedDocument {
    let doc = sign_document(b"request", &key(who), &cert(who), &SignOptions::at(signed)).unwrap();
    let doc = match stamped {
        Some(at) => tsa.stamp(&doc, 0, at),
        None => doc,
    };
    SignedDocument::from_any(&doc).unwrap()
}

#[test]
fn time_stamped_before_revocation_is_valid() {
    // revoked.pem: keyCompromise at 2025-03-01 in nca-rsa.crl.
    let tsa = TestTsa::new();
    let signed = t("2025-02-15T10:00:00Z");
    let stamped = t("2025-02-15T10:01:00Z");
    let doc = document(&tsa, "revoked", signed, Some(stamped));
    let report = verifier().verify_document(&doc, None, &Options::at(demo_time()));
    assert!(report.valid, "{:?}", report.reason);
    let signer = &report.signers[0];
    assert_eq!(signer.validated_at, stamped);
    assert_eq!(signer.signing_time, Some(signed));
    let stamp = signer.timestamp.as_ref().unwrap();
    assert!(stamp.valid);
    assert_eq!(stamp.info.gen_time, stamped);
    assert_eq!(stamp.tsa_subject.as_deref(), Some("CN=DEMO TSA, C=KZ"));
    assert_eq!(signer.certificate.as_ref().unwrap().time, stamped);
    #[cfg(feature = "serde")]
    {
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        let signer = &json["signers"][0];
        assert_eq!(
            signer["timestamp"]["info"]["gen_time"],
            "2025-02-15T10:01:00Z"
        );
        assert_eq!(signer["timestamp"]["info"]["hash_algorithm"], "SHA-256");
        assert_eq!(signer["timestamp"]["valid"], true);
        assert_eq!(signer["validated_at"], "2025-02-15T10:01:00Z");
    }
}

#[test]
fn time_stamped_after_revocation_is_invalid() {
    let tsa = TestTsa::new();
    let doc = document(
        &tsa,
        "revoked",
        t("2025-03-10T10:00:00Z"),
        Some(t("2025-03-10T10:01:00Z")),
    );
    let report = verifier().verify_document(&doc, None, &Options::at(demo_time()));
    assert!(!report.valid);
    assert!(
        matches!(&report.reason, Some(Error::CertRevoked { revoked_at, .. }) if *revoked_at == t("2025-03-01T00:00:00Z")),
        "{:?}",
        report.reason
    );
    assert_eq!(report.signers[0].validated_at, t("2025-03-10T10:01:00Z"));
    assert!(report.signers[0].timestamp.as_ref().unwrap().valid);
}

#[test]
fn without_a_time_stamp_the_callers_time_decides() {
    let tsa = TestTsa::new();
    let doc = document(&tsa, "revoked", t("2025-02-15T10:00:00Z"), None);
    let report = verifier().verify_document(&doc, None, &Options::at(demo_time()));
    assert!(matches!(report.reason, Some(Error::CertRevoked { .. })));
    assert_eq!(report.signers[0].validated_at, demo_time());
    assert_eq!(report.signers[0].timestamp, None);

    // signingTime is trusted only when the policy says so.
    let trusting = verifier_with(Policy::default().trusted_signing_time(true));
    let report = trusting.verify_document(&doc, None, &Options::at(demo_time()));
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(report.signers[0].validated_at, t("2025-02-15T10:00:00Z"));

    // A time-stamp is required: none is a refusal.
    let requiring = verifier_with(Policy::default().timestamp_required(true));
    let report = requiring.verify_document(&doc, None, &Options::at(demo_time()));
    assert_eq!(report.reason, Some(Error::TimestampMissing));
    let stamped = document(
        &tsa,
        "individual-sign",
        t("2025-05-01T00:00:00Z"),
        Some(t("2025-05-01T00:00:10Z")),
    );
    let report = requiring.verify_document(&stamped, None, &Options::at(demo_time()));
    assert!(report.valid, "{:?}", report.reason);
}

#[test]
fn an_expired_certificate_time_stamped_in_its_validity_is_valid() {
    // expired.pem: 2023-01-01 .. 2024-01-01.
    let tsa = TestTsa::new();
    let doc = document(
        &tsa,
        "expired",
        t("2023-06-01T00:00:00Z"),
        Some(t("2023-06-01T00:05:00Z")),
    );
    let report = verifier().verify_document(&doc, None, &Options::at(demo_time()));
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(report.signers[0].validated_at, t("2023-06-01T00:05:00Z"));

    let late = document(
        &tsa,
        "expired",
        t("2024-06-01T00:00:00Z"),
        Some(t("2024-06-01T00:05:00Z")),
    );
    let report = verifier().verify_document(&late, None, &Options::at(demo_time()));
    assert!(matches!(report.reason, Some(Error::CertExpired { .. })));
}

#[test]
fn signing_time_after_the_time_stamp_beyond_the_skew_is_refused() {
    let tsa = TestTsa::new();
    let doc = document(
        &tsa,
        "individual-sign",
        t("2025-05-01T01:00:00Z"),
        Some(t("2025-05-01T00:00:00Z")),
    );
    let report = verifier().verify_document(&doc, None, &Options::at(demo_time()));
    assert!(
        matches!(&report.reason, Some(Error::TimestampInvalid { detail }) if detail.contains("after the time-stamp")),
        "{:?}",
        report.reason
    );
    let lenient = verifier_with(Policy::default().max_clock_skew(Duration::from_secs(7200)));
    let report = lenient.verify_document(&doc, None, &Options::at(demo_time()));
    assert!(report.valid, "{:?}", report.reason);

    // Within the default 5 minutes.
    let doc = document(
        &tsa,
        "individual-sign",
        t("2025-05-01T00:04:00Z"),
        Some(t("2025-05-01T00:00:00Z")),
    );
    let report = verifier().verify_document(&doc, None, &Options::at(demo_time()));
    assert!(report.valid, "{:?}", report.reason);
}

#[test]
fn an_untrusted_or_broken_time_stamp_refuses_the_signer() {
    // TSA with a non-critical EKU: the token attaches (its signature
    // verifies), verification refuses it.
    let tsa = TestTsa::with_eku(common::tsa::TIME_STAMPING, false);
    let doc = document(
        &tsa,
        "revoked",
        t("2025-02-15T10:00:00Z"),
        Some(t("2025-02-15T10:01:00Z")),
    );
    let report = verifier().verify_document(&doc, None, &Options::at(demo_time()));
    assert!(
        matches!(&report.reason, Some(Error::TimestampInvalid { detail }) if detail.contains("not critical")),
        "{:?}",
        report.reason
    );
    assert!(!report.signers[0].timestamp.as_ref().unwrap().valid);
}

#[test]
fn add_timestamp_checks_the_token_on_the_way_in() {
    let tsa = TestTsa::new();
    let doc = sign_document(
        b"request",
        &key("individual-sign"),
        &cert("individual-sign"),
        &SignOptions::at(t("2025-05-01T00:00:00Z")),
    )
    .unwrap();
    // A token over other data.
    let other = tsa.token(b"other", demo_time());
    assert_eq!(
        add_timestamp(&doc, 0, &other),
        Err(Error::TimestampImprintMismatch)
    );
    // A token whose signature is broken.
    let signature = SignedDocument::from_any(&doc)
        .unwrap()
        .signature_value(0)
        .unwrap()
        .to_vec();
    let mut broken = tsa.token(&signature, demo_time());
    let last = broken.len() - 1;
    broken[last] ^= 0x01;
    assert!(matches!(
        add_timestamp(&doc, 0, &broken),
        Err(Error::TimestampInvalid { .. })
    ));
    // Not a token at all.
    assert!(add_timestamp(&doc, 0, b"garbage").is_err());
    // The right token attaches, twice (two time-stamps), and the earliest
    // genTime wins.
    let once = add_timestamp(&doc, 0, &tsa.token(&signature, t("2025-05-20T00:00:00Z"))).unwrap();
    let twice = add_timestamp(&once, 0, &tsa.token(&signature, t("2025-05-10T00:00:00Z"))).unwrap();
    let report = verifier().verify_document(
        &SignedDocument::from_any(&twice).unwrap(),
        None,
        &Options::at(demo_time()),
    );
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(report.signers[0].validated_at, t("2025-05-10T00:00:00Z"));
}
