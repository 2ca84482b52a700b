//! The demo PKI of `test-vectors/demo` (made by its `generate.sh`): every
//! certificate gives the verdict `expectations.tsv` assigns it at DEMO_TIME,
//! with the exact reason, and its IIN/BIN/roles/key kind come out as listed.

use std::fs;

use qoltanba::{
    Bin, Certificate, Crl, Error, Iin, KeyKind, Options, Policy, Purpose, RevocationMode,
    RevocationReason, Role, Time, Verifier,
};

const DIR: &str = "test-vectors/demo";

fn demo_time() -> Time {
    Time::parse_rfc3339("2025-06-01T00:00:00Z").expect("time")
}

fn cert(name: &str) -> Certificate {
    Certificate::from_any(&fs::read(format!("{DIR}/{name}")).expect("demo file")).expect("parses")
}

fn crl(name: &str) -> Crl {
    Crl::from_der(&fs::read(format!("{DIR}/{name}")).expect("demo CRL")).expect("parses")
}

fn verifier(crls: &[&str], policy: Policy) -> Verifier {
    let mut b = Verifier::builder()
        .trust(cert("root-rsa.pem"))
        .trust(cert("root-ec.pem"))
        .intermediate(cert("nca-rsa.pem"))
        .intermediate(cert("nca-ec.pem"))
        .policy(policy);
    for c in crls {
        b = b.crl(crl(c));
    }
    b.build()
}

struct Expectation {
    file: String,
    expected: String,
    iin: Option<String>,
    bin: Option<String>,
    roles: Vec<String>,
    key_kind: String,
    crls: Vec<String>,
}

fn expectations() -> Vec<Expectation> {
    let text = fs::read_to_string(format!("{DIR}/expectations.tsv")).expect("expectations");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let opt = |s: &str| (s != "-").then(|| s.to_owned());
            let crls = f[6]
                .split(';')
                .next()
                .and_then(|s| s.strip_prefix("crls="))
                .map(|s| s.split(',').map(str::to_owned).collect())
                .unwrap_or_default();
            Expectation {
                file: f[0].to_owned(),
                expected: f[1].to_owned(),
                iin: opt(f[2]),
                bin: opt(f[3]),
                roles: f[4]
                    .split(',')
                    .filter(|s| *s != "-")
                    .map(str::to_owned)
                    .collect(),
                key_kind: f[5].to_owned(),
                crls,
            }
        })
        .collect()
}

#[test]
fn every_demo_certificate_gets_its_expected_verdict() {
    let list = expectations();
    assert!(
        list.len() >= 15,
        "expectations.tsv lists {} files",
        list.len()
    );
    for e in &list {
        let c = cert(&e.file);
        let crls: Vec<&str> = e.crls.iter().map(String::as_str).collect();
        let v = verifier(&crls, Policy::new());
        let report = v.verify_certificate(&c, &Options::at(demo_time()));
        let reason = report.reason.clone();
        let ok = match e.expected.as_str() {
            "valid" => report.valid,
            "auth-key" => matches!(
                reason,
                Some(Error::WrongKeyKind {
                    found: KeyKind::Auth,
                    ..
                })
            ),
            "expired" => matches!(reason, Some(Error::CertExpired { .. })),
            "not-yet-valid" => matches!(reason, Some(Error::CertNotValidYet { .. })),
            "revoked" => {
                matches!(
                    reason,
                    Some(Error::CertRevoked {
                        reason: Some(RevocationReason::KeyCompromise),
                        ..
                    })
                )
            }
            "on-hold" => {
                matches!(
                    reason,
                    Some(Error::CertRevoked {
                        reason: Some(RevocationReason::CertificateHold),
                        ..
                    })
                )
            }
            "revoked-delta" => {
                matches!(
                    reason,
                    Some(Error::CertRevoked {
                        reason: Some(RevocationReason::Superseded),
                        ..
                    })
                )
            }
            "unknown-issuer" => matches!(reason, Some(Error::UnknownIssuer { .. })),
            "revocation-unknown" => matches!(reason, Some(Error::RevocationStatusUnknown { .. })),
            other => panic!("unknown expectation {other}"),
        };
        assert!(
            ok,
            "{}: expected {}, got valid={} reason={:?}",
            e.file, e.expected, report.valid, reason
        );
        assert_eq!(report.valid, e.expected == "valid", "{}", e.file);

        let info = c.info();
        assert_eq!(info.iin.map(|i| i.to_string()), e.iin, "{} IIN", e.file);
        assert_eq!(info.bin.map(|b| b.to_string()), e.bin, "{} BIN", e.file);
        let roles: Vec<String> = info.roles.iter().map(|r| r.name().to_owned()).collect();
        assert_eq!(roles, e.roles, "{} roles", e.file);
        assert_eq!(info.key_kind.to_string(), e.key_kind, "{} key kind", e.file);
    }
}

const RSA_CRLS: &[&str] = &["root-rsa.crl", "nca-rsa.crl", "nca-rsa-delta.crl"];

#[test]
fn valid_chain_is_reported_in_full() {
    let v = verifier(RSA_CRLS, Policy::new());
    let report = v.verify_certificate(&cert("ceo-sign.pem"), &Options::at(demo_time()));
    assert!(report.valid, "{:?}", report.reason);
    let chain: Vec<&str> = report
        .chain
        .iter()
        .map(|c| c.common_name.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(chain.len(), 3);
    assert_eq!(chain[1], "DEMO NCA (RSA)");
    assert_eq!(chain[2], "DEMO ROOT CA (RSA)");
    assert!(report.warnings.is_empty());
}

#[test]
fn identity_match_and_mismatch() {
    let v = verifier(RSA_CRLS, Policy::new());
    let c = cert("ceo-sign.pem");
    let iin = Iin::parse("760212350620").expect("valid IIN");
    let bin = Bin::parse("940140000385").expect("valid BIN");
    assert!(
        v.verify_certificate(&c, &Options::at(demo_time()).expect_iin(iin))
            .valid
    );
    assert!(
        v.verify_certificate(&c, &Options::at(demo_time()).expect_bin(bin))
            .valid
    );

    let other = Iin::parse("871008401427").expect("valid IIN");
    let report = v.verify_certificate(&c, &Options::at(demo_time()).expect_iin(other));
    assert_eq!(
        report.reason,
        Some(Error::IdentityMismatch {
            expected: "IIN 871008401427".into(),
            found: Some("IIN 760212350620".into())
        })
    );
    // An individual's certificate has no BIN.
    let report = v.verify_certificate(
        &cert("individual-sign.pem"),
        &Options::at(demo_time()).expect_bin(bin),
    );
    assert_eq!(
        report.reason,
        Some(Error::IdentityMismatch {
            expected: "BIN 940140000385".into(),
            found: None
        })
    );
}

#[test]
fn required_roles() {
    let v = verifier(RSA_CRLS, Policy::new());
    let at = || Options::at(demo_time());
    assert!(
        v.verify_certificate(&cert("ceo-sign.pem"), &at().require_role(Role::FirstHead))
            .valid
    );
    assert!(
        v.verify_certificate(
            &cert("signer-sign.pem"),
            &at().require_role(Role::RightToSign)
        )
        .valid
    );
    let report = v.verify_certificate(
        &cert("employee-sign.pem"),
        &at().require_role(Role::FirstHead),
    );
    assert_eq!(
        report.reason,
        Some(Error::MissingRole {
            role: Role::FirstHead
        })
    );
}

#[test]
fn auth_key_is_a_valid_certificate_but_not_a_signing_key() {
    let v = verifier(RSA_CRLS, Policy::new());
    let c = cert("individual-auth.pem");
    assert!(
        v.verify_certificate(&c, &Options::at(demo_time()).purpose(Purpose::Any))
            .valid
    );
    let client_auth = Purpose::ExtendedKeyUsage("1.3.6.1.5.5.7.3.2".into());
    assert!(
        v.verify_certificate(&c, &Options::at(demo_time()).purpose(client_auth))
            .valid
    );
}

#[test]
fn delta_crl_matters() {
    let c = cert("revoked-delta.pem");
    let without_delta = verifier(&["root-rsa.crl", "nca-rsa.crl"], Policy::new());
    assert!(
        without_delta
            .verify_certificate(&c, &Options::at(demo_time()))
            .valid
    );
    // Before the delta's revocation date the certificate was good.
    let with_delta = verifier(RSA_CRLS, Policy::new());
    let before = Time::parse_rfc3339("2025-05-19T00:00:00Z").expect("time");
    assert!(
        with_delta
            .verify_certificate(&c, &Options::at(before))
            .valid
    );
}

#[test]
fn revocation_is_required_by_default() {
    let none = verifier(&[], Policy::new());
    let report = none.verify_certificate(&cert("individual-sign.pem"), &Options::at(demo_time()));
    assert!(
        matches!(report.reason, Some(Error::RevocationStatusUnknown { .. })),
        "{:?}",
        report.reason
    );
    // Only the intermediate's CRL: the intermediate itself is not covered.
    let leaf_only = verifier(&["nca-rsa.crl"], Policy::new());
    let report =
        leaf_only.verify_certificate(&cert("individual-sign.pem"), &Options::at(demo_time()));
    assert!(
        matches!(&report.reason, Some(Error::RevocationStatusUnknown { subject, .. }) if subject.contains("DEMO NCA")),
        "{:?}",
        report.reason
    );
    let off = verifier(&[], Policy::new().revocation(RevocationMode::Off));
    assert!(
        off.verify_certificate(&cert("individual-sign.pem"), &Options::at(demo_time()))
            .valid
    );
}

#[test]
fn stale_crl_means_unknown_status() {
    let stale = verifier(&["root-ec.crl", "nca-ec.crl"], Policy::new());
    let report =
        stale.verify_certificate(&cert("individual-sign-ec.pem"), &Options::at(demo_time()));
    assert!(
        matches!(&report.reason, Some(Error::RevocationStatusUnknown { detail, .. }) if detail.contains("stale")),
        "{:?}",
        report.reason
    );
}

#[test]
fn tampered_crl_is_refused_with_a_crl_error() {
    let mut der = fs::read(format!("{DIR}/nca-rsa.crl")).expect("CRL");
    let last = der.len() - 1;
    der[last] ^= 0x01; // inside the signature value
    let v = Verifier::builder()
        .trust(cert("root-rsa.pem"))
        .intermediate(cert("nca-rsa.pem"))
        .crl(crl("root-rsa.crl"))
        .crl(Crl::from_der(&der).expect("still parses"))
        .build();
    let report = v.verify_certificate(&cert("individual-sign.pem"), &Options::at(demo_time()));
    assert!(
        matches!(&report.reason, Some(Error::CrlInvalid { detail, .. }) if detail == "signature invalid"),
        "{:?}",
        report.reason
    );
}

#[test]
fn revoked_certificate_was_valid_before_its_revocation() {
    let v = verifier(RSA_CRLS, Policy::new());
    let before = Time::parse_rfc3339("2025-02-01T00:00:00Z").expect("time");
    // The CRLs are fresh until mid-June 2025, so they speak for February too.
    assert!(
        v.verify_certificate(&cert("revoked.pem"), &Options::at(before))
            .valid
    );
}

#[test]
fn bad_check_digit_is_a_warning() {
    let v = verifier(RSA_CRLS, Policy::new());
    let report = v.verify_certificate(&cert("bad-iin.pem"), &Options::at(demo_time()));
    assert!(report.valid);
    assert_eq!(report.warnings.len(), 1);
    assert!(!report.certificate.identifiers_check_ok);
}

#[test]
fn crls_given_for_one_validation_are_used() {
    // The verifier has only the root's CRL; the document brings the NCA's.
    let v = verifier(&["root-rsa.crl"], Policy::new());
    let options = Options::at(demo_time()).crls([crl("nca-rsa.crl")]);
    let report = v.verify_certificate(&cert("revoked.pem"), &options);
    assert!(
        matches!(report.reason, Some(Error::CertRevoked { .. })),
        "{:?}",
        report.reason
    );
    let report = v.verify_certificate(&cert("individual-sign.pem"), &options);
    assert!(report.valid, "{:?}", report.reason);
}
