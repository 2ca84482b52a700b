//! `Verifier::with_crls`: a delta CRL applied to a verifier in service makes
//! a new verifier that shares the base CRL; the old one is unchanged. The
//! same with a whole revocation store (`Verifier::with_revocation_of`).
#![allow(clippy::unwrap_used)]

use qoltanba::{Certificate, Crl, Options, RevocationStore, Time, Verifier};

const DEMO: &str = "test-vectors/demo";

fn cert(name: &str) -> Certificate {
    Certificate::from_any(&std::fs::read(format!("{DEMO}/{name}.pem")).unwrap()).unwrap()
}

fn demo_time() -> Time {
    Time::parse_rfc3339("2025-06-01T00:00:00Z").unwrap()
}

fn crl(name: &str) -> Crl {
    Crl::from_der(&std::fs::read(format!("{DEMO}/{name}")).unwrap()).unwrap()
}

fn reason(v: &Verifier, who: &str) -> Option<String> {
    let report = v.verify_certificate(&cert(who), &Options::at(demo_time()));
    report.reason.map(|e| e.code().to_owned())
}

/// The demo RSA hierarchy with its base CRLs.
fn base_verifier() -> Verifier {
    Verifier::builder()
        .trust(cert("root-rsa"))
        .intermediate(cert("nca-rsa"))
        .crl(crl("root-rsa.crl"))
        .crl(crl("nca-rsa.crl"))
        .build()
}

#[test]
fn a_delta_applied_to_a_verifier_in_service() {
    let base = base_verifier();
    // revoked-delta is listed only by the delta CRL.
    assert_eq!(reason(&base, "revoked-delta"), None);
    assert_eq!(reason(&base, "revoked").as_deref(), Some("cert-revoked"));

    let updated = base.with_crls([crl("nca-rsa-delta.crl")]);
    assert_eq!(
        reason(&updated, "revoked-delta").as_deref(),
        Some("cert-revoked")
    );
    assert_eq!(reason(&updated, "revoked").as_deref(), Some("cert-revoked"));
    assert_eq!(reason(&updated, "individual-sign"), None);
    assert_eq!(updated.policy(), base.policy());
    // The verifier in service is unchanged.
    assert_eq!(reason(&base, "revoked-delta"), None);

    // A CRL signed by another key is checked in the new verifier, and
    // refused: with no other CRL of DEMO NCA (RSA) that is the reason.
    let roots_only = Verifier::builder()
        .trust(cert("root-rsa"))
        .intermediate(cert("nca-rsa"))
        .crl(crl("root-rsa.crl"))
        .build();
    assert_eq!(
        reason(&roots_only, "individual-sign").as_deref(),
        Some("revocation-status-unknown")
    );
    let with_forged = roots_only.with_crls([crl_resigned()]);
    assert_eq!(
        reason(&with_forged, "individual-sign").as_deref(),
        Some("crl-invalid")
    );
}

/// nca-rsa.crl re-signed with the rogue key (from the malformed suite).
fn crl_resigned() -> Crl {
    Crl::from_der(&std::fs::read("test-vectors/malformed/crl-wrong-key.der").unwrap()).unwrap()
}

#[test]
fn a_revocation_store_added_to_a_verifier_in_service() {
    let base = base_verifier();
    let mut extra = RevocationStore::new();
    extra.add(crl("nca-rsa-delta.crl"));
    let updated = base.with_revocation_of(&extra);
    assert_eq!(
        reason(&updated, "revoked-delta").as_deref(),
        Some("cert-revoked")
    );
    assert_eq!(reason(&updated, "individual-sign"), None);
    assert_eq!(reason(&base, "revoked-delta"), None);
    // An empty store adds nothing.
    let same = base.with_revocation_of(&RevocationStore::new());
    assert_eq!(reason(&same, "revoked-delta"), None);
}
