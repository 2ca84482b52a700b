//! Real certificates and CRLs of the national CA (test-vectors/third-party/kz and
//! the certificates extracted from its PKCS#12 test keys in
//! test-vectors/kz): RSA chains build to the bundled roots at a time inside
//! their validity, revoked test certificates are found revoked in the real
//! test CRL, and IIN/BIN/roles come out as in the MANIFEST. GOST chains are
//! in `tests/gost.rs`.

use std::fs;

use qoltanba::{
    Certificate, Crl, Error, KeyKind, Options, Policy, Purpose, RevocationMode, RevocationReason,
    Role, Time, TrustProfile, Verifier,
};

const KZ: &str = "test-vectors/third-party/kz";

fn at(s: &str) -> Options {
    Options::at(Time::parse_rfc3339(s).expect("time"))
}

fn load(path: &str) -> Certificate {
    Certificate::from_any(&fs::read(path).expect(path)).expect(path)
}

fn test_profile(policy: Policy) -> Verifier {
    Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .expect("bundled profile parses")
        .crl_any(&fs::read(format!("{KZ}/ncanode/crl__nca_rsa_test.crl")).expect("CRL"))
        .expect("CRL parses")
        .policy(policy)
        .build()
}

#[test]
fn bundled_profiles_parse() {
    let (roots, intermediates) = TrustProfile::Nca.certificates().expect("nca");
    assert_eq!((roots.len(), intermediates.len()), (5, 6));
    assert!(roots.iter().chain(&intermediates).all(Certificate::is_ca));
    let (roots, intermediates) = TrustProfile::NcaTest.certificates().expect("nca-test");
    assert_eq!((roots.len(), intermediates.len()), (3, 1));
}

#[test]
fn production_2018_rsa_sign_key_chains_to_the_bundled_root() {
    let cert = load("test-vectors/kz/RSA256_8426360556902ce4ac33977836f873e1dc190976.pem");
    let v = Verifier::builder()
        .trust_profile(TrustProfile::Nca)
        .expect("profile")
        .policy(Policy::new().revocation(RevocationMode::Off))
        .build();
    let report = v.verify_certificate(&cert, &at("2019-01-15T00:00:00Z"));
    assert!(report.valid, "{:?}", report.reason);
    let chain: Vec<&str> = report
        .chain
        .iter()
        .filter_map(|c| c.common_name.as_deref())
        .collect();
    assert_eq!(
        chain,
        [
            "ТЕСТОВ ТЕСТ",
            "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)",
            "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)"
        ]
    );
    let info = &report.certificate;
    assert_eq!(
        info.iin.map(|i| i.to_string()).as_deref(),
        Some("123456789011")
    );
    assert!(
        !info.identifiers_check_ok,
        "the NCA's test IIN fails its check digit"
    );
    assert_eq!(info.roles, [Role::Individual]);
    assert_eq!(info.key_kind, KeyKind::Sign);
    assert_eq!(info.surname.as_deref(), Some("ТЕСТОВ"));
    assert_eq!(info.patronymic.as_deref(), Some("ТЕСТОВИЧ"));
    assert_eq!(report.warnings.len(), 1);

    // Without revocation data and with the default policy: unknown, not valid.
    let strict = Verifier::builder()
        .trust_profile(TrustProfile::Nca)
        .expect("profile")
        .build();
    let report = strict.verify_certificate(&cert, &at("2019-01-15T00:00:00Z"));
    assert!(
        matches!(report.reason, Some(Error::RevocationStatusUnknown { .. })),
        "{:?}",
        report.reason
    );
    // After its notAfter (2019-08-22): expired.
    let report = v.verify_certificate(&cert, &at("2020-01-01T00:00:00Z"));
    assert!(
        matches!(report.reason, Some(Error::CertExpired { .. })),
        "{:?}",
        report.reason
    );
}

#[test]
fn production_2018_rsa_auth_key_is_refused_for_signing() {
    let cert = load("test-vectors/kz/AUTH_RSA256_6b361b864c679601b652fe387f61fcd9303c0327.pem");
    let v = Verifier::builder()
        .trust_profile(TrustProfile::Nca)
        .expect("profile")
        .policy(Policy::new().revocation(RevocationMode::Off))
        .build();
    let report = v.verify_certificate(&cert, &at("2019-01-15T00:00:00Z"));
    assert!(
        matches!(
            report.reason,
            Some(Error::WrongKeyKind {
                found: KeyKind::Auth,
                expected: KeyKind::Sign,
                ..
            })
        ),
        "{:?}",
        report.reason
    );
    assert!(
        v.verify_certificate(&cert, &at("2019-01-15T00:00:00Z").purpose(Purpose::Any))
            .valid
    );
}

#[test]
fn test_hierarchy_rsa_sign_certificate_is_valid_with_the_real_crl() {
    let v = test_profile(Policy::new());
    let cert = load(&format!(
        "{KZ}/ncanode/certs__individual_valid_sign_2004_rsa.cer"
    ));
    let report = v.verify_certificate(&cert, &at("2022-06-01T00:00:00Z"));
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(report.chain.len(), 2, "the test intermediate is the anchor");
}

#[test]
fn revoked_test_keys_are_found_in_the_real_test_crl() {
    let v = test_profile(Policy::new());
    let cert = load("test-vectors/kz/KEY_INDIVIDUAL_SIGN_REVOKED_2004.pem");
    let report = v.verify_certificate(&cert, &at("2022-06-01T00:00:00Z"));
    match report.reason {
        Some(Error::CertRevoked {
            revoked_at, reason, ..
        }) => {
            assert_eq!(
                revoked_at,
                Time::parse_rfc3339("2022-01-18T04:40:24Z").expect("time")
            );
            assert_eq!(reason, Some(RevocationReason::Superseded));
        }
        other => panic!("expected revoked, got {other:?}"),
    }
    // The AUTH key is revoked too; revocation is reported before key kind.
    let auth = load("test-vectors/kz/KEY_INDIVIDUAL_AUTH_REVOKED_2004.pem");
    let report = v.verify_certificate(&auth, &at("2022-06-01T00:00:00Z"));
    assert!(
        matches!(report.reason, Some(Error::CertRevoked { .. })),
        "{:?}",
        report.reason
    );
}

#[test]
fn real_test_crl_is_stale_after_its_next_update() {
    let v = test_profile(Policy::new());
    let cert = load(&format!(
        "{KZ}/ncanode/certs__individual_valid_sign_2004_rsa.cer"
    ));
    let report = v.verify_certificate(&cert, &at("2022-10-01T00:00:00Z"));
    assert!(
        matches!(report.reason, Some(Error::RevocationStatusUnknown { .. })),
        "{:?}",
        report.reason
    );
}

#[test]
fn real_crls_parse_and_index() {
    let expect = [
        ("ncanode/crl__nca_rsa_test.crl", 126, false),
        ("ncanode/crl__nca_gost_test.crl", 31, false),
        ("ncanode/crl__nca_gost2022_test.crl", 6, false),
        ("skarm-kalkan/certs__nca_gost2022_test.crl", 54, false),
        ("skarm-kalkan/certs__nca_gost2022_d_test.crl", 0, true),
    ];
    for (path, entries, delta) in expect {
        let crl = Crl::from_der(&fs::read(format!("{KZ}/{path}")).expect(path)).expect(path);
        assert_eq!((crl.len(), crl.is_delta()), (entries, delta), "{path}");
    }
}

#[test]
fn every_extracted_certificate_reads_as_in_the_manifest() {
    let text = fs::read_to_string("test-vectors/kz/expectations.tsv").expect("expectations");
    let mut n = 0;
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let cert = load(&format!("test-vectors/kz/{}", f[0]));
        let info = cert.info();
        let dash = |s: &str| (s != "-").then(|| s.to_owned());
        assert_eq!(info.iin.map(|i| i.to_string()), dash(f[2]), "{} IIN", f[0]);
        assert_eq!(info.bin.map(|b| b.to_string()), dash(f[3]), "{} BIN", f[0]);
        let roles: Vec<String> = f[4]
            .split(',')
            .filter(|s| *s != "-")
            .map(str::to_owned)
            .collect();
        let found: Vec<String> = info
            .extended_key_usage
            .iter()
            .filter(|o| o.starts_with("1.2.398.3.3.4."))
            .cloned()
            .collect();
        assert_eq!(found, roles, "{} roles", f[0]);
        assert_eq!(info.key_usage.join(","), f[5], "{} key usage", f[0]);
        assert_eq!(
            info.not_after,
            Time::parse_rfc3339(f[8]).expect("time"),
            "{} notAfter",
            f[0]
        );
        n += 1;
    }
    assert!(n >= 30, "only {n} certificates checked");
    println!("{n} real NCA certificates read as in the MANIFEST");
}

#[test]
fn information_system_certificate_is_a_signing_key() {
    // An information system's certificate: BIN, no IIN, EKU only the
    // legal-entity role (no emailProtection), keyUsage with nonRepudiation.
    let cert = load("test-vectors/kz/p12__GOST512_25bae2ec55e0929fc77114432b71790e58066a38.pem");
    let info = cert.info();
    assert_eq!(info.iin, None);
    assert_eq!(
        info.bin.map(|b| b.to_string()).as_deref(),
        Some("123456789021")
    );
    assert_eq!(info.roles, [Role::LegalEntity]);
    assert_eq!(info.key_kind, KeyKind::Sign);
    let v = Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .expect("profile")
        .build();
    let report = v.verify_certificate(&cert, &at("2024-06-01T00:00:00Z"));
    assert_eq!(
        report.check(qoltanba::CheckName::KeyUsage),
        Some(&qoltanba::Outcome::Passed)
    );
}
