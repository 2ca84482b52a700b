//! RFC 3161 time-stamp tokens: the national CA's test TSA (a token and a
//! response, GOST 34.310-2004, SHA-1 imprint) and the demo TSA of
//! tests/common/tsa.rs. Each verifies (signature, TSA chain at genTime for
//! id-kp-timeStamping, imprint); other data, a flipped byte, a TSA without
//! the critical timeStamping EKU each fail with their own error.
#![allow(clippy::unwrap_used)]

#[cfg(feature = "aws-lc")]
mod common;

use std::fs;

use qoltanba::{Crl, Error, Options, Policy, Time, TimeStampToken, TrustProfile, Verifier};

const NCANODE: &str = "test-vectors/third-party/kz/ncanode";

fn read(name: &str) -> Vec<u8> {
    fs::read(format!("{NCANODE}/{name}")).expect("file")
}

fn t(s: &str) -> Time {
    Time::parse_rfc3339(s).expect("time")
}

/// The national test TSA's imprint (SHA-1) over data not in the vector set.
const NCA_IMPRINT: &str = "1465dad126d32bf7aa5d3b95a5c7c331cdff34df";

/// Test roots, the CRL of "ҰКО 3.0 (GOST TEST)" (fresh at the token's
/// genTime), SHA-1 allowed for the imprint.
fn nca_test_verifier(legacy: bool) -> Verifier {
    Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .unwrap()
        .crl(Crl::from_der(&read("crl__nca_gost_test.crl")).unwrap())
        .policy(Policy::default().legacy_algorithms(legacy))
        .build()
}

#[test]
fn national_test_tsa_token_and_response_parse_alike() {
    let token = TimeStampToken::from_der(&read("tsp__tsp_token.bin")).unwrap();
    let from_response = TimeStampToken::from_response(&read("tsp__tsp_response.bin")).unwrap();
    let any = TimeStampToken::from_any(&read("tsp__tsp_response.bin")).unwrap();
    for tok in [&token, &from_response, &any] {
        let info = tok.info();
        assert_eq!(info.policy, "1.2.398.3.3.2.6.1");
        assert_eq!(info.hash_algorithm, "SHA-1");
        assert_eq!(hex::encode(&info.message_imprint), NCA_IMPRINT);
        assert_eq!(info.serial, "5e846dd75d861154db10f13c54dc1f8d33fe6adc");
        assert_eq!(info.gen_time, t("2022-09-18T13:20:14Z"));
        assert_eq!(
            info.nonce.as_deref(),
            Some(&hex::decode("018350c022d7").unwrap()[..])
        );
        assert_eq!(info.accuracy_micros, None);
        assert!(!info.ordering);
        assert_eq!(info.tsa, None);
    }
    assert_eq!(token.info(), from_response.info());
}

#[test]
fn national_test_tsa_token_verifies() {
    let token = TimeStampToken::from_der(&read("tsp__tsp_token.bin")).unwrap();
    let imprint = hex::decode(NCA_IMPRINT).unwrap();
    // The caller's time is irrelevant: the TSA is validated at genTime.
    let options = Options::at(t("2030-01-01T00:00:00Z"));
    let report = nca_test_verifier(true).verify_timestamp_digest(&token, &imprint, &options);
    assert!(report.valid, "{:?}", report.reason);
    assert!(report
        .tsa_subject
        .as_deref()
        .unwrap()
        .contains("СЕРВИС МЕТКИ ВРЕМЕНИ"));
    let cert = report.certificate.as_ref().unwrap();
    assert_eq!(cert.time, t("2022-09-18T13:20:14Z"));
    assert!(cert.valid);

    // SHA-1 imprints need the legacy policy.
    let report = nca_test_verifier(false).verify_timestamp_digest(&token, &imprint, &options);
    assert!(matches!(
        report.reason,
        Some(Error::LegacyAlgorithmNotAllowed { .. })
    ));
}

#[test]
fn national_test_tsa_token_negatives() {
    let der = read("tsp__tsp_token.bin");
    let token = TimeStampToken::from_der(&der).unwrap();
    let verifier = nca_test_verifier(true);
    let options = Options::at(t("2022-09-18T13:20:14Z"));

    // Over other data.
    let report = verifier.verify_timestamp(&token, b"other data", &options);
    assert_eq!(report.reason, Some(Error::TimestampImprintMismatch));
    assert!(!report.valid);

    // A byte flipped in the TSA's signature (the last bytes of the token).
    let mut broken = der.clone();
    let last = broken.len() - 1;
    broken[last] ^= 0x01;
    let token = TimeStampToken::from_der(&broken).unwrap();
    let report =
        verifier.verify_timestamp_digest(&token, &hex::decode(NCA_IMPRINT).unwrap(), &options);
    assert!(
        matches!(&report.reason, Some(Error::TimestampInvalid { detail }) if detail == "signature invalid"),
        "{:?}",
        report.reason
    );

    // A byte flipped in the TSTInfo's genTime: messageDigest no longer
    // matches.
    let at = der
        .windows(15)
        .position(|w| w == b"20220918132014Z")
        .unwrap();
    let mut broken = der.clone();
    broken[at + 13] = b'5';
    let token = TimeStampToken::from_der(&broken).unwrap();
    assert_eq!(token.info().gen_time, t("2022-09-18T13:20:15Z"));
    let report =
        verifier.verify_timestamp_digest(&token, &hex::decode(NCA_IMPRINT).unwrap(), &options);
    assert!(
        matches!(&report.reason, Some(Error::TimestampInvalid { detail }) if detail.contains("messageDigest")),
        "{:?}",
        report.reason
    );

    // No trust in the TSA's CA.
    let report = Verifier::builder()
        .policy(Policy::default().legacy_algorithms(true))
        .build()
        .verify_timestamp_digest(
            &TimeStampToken::from_der(&der).unwrap(),
            &hex::decode(NCA_IMPRINT).unwrap(),
            &options,
        );
    assert!(
        matches!(&report.reason, Some(Error::TimestampInvalid { detail }) if detail.contains("unknown issuer")),
        "{:?}",
        report.reason
    );
}

#[test]
fn refused_responses_and_garbage() {
    // PKIStatus rejection (2), no token.
    let rejection = [0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02];
    assert!(matches!(
        TimeStampToken::from_response(&rejection),
        Err(Error::TimestampInvalid { .. })
    ));
    // A CMS document that is not a time-stamp.
    let cms = fs::read("test-vectors/cms/ec-attached.der").unwrap();
    assert!(matches!(
        TimeStampToken::from_der(&cms),
        Err(Error::Malformed { .. })
    ));
    for bad in [&[][..], &[0x30], &[0x30, 0x00], b"not a token"] {
        assert!(TimeStampToken::from_any(bad).is_err());
    }
}

#[test]
fn truncated_or_flipped_tokens_never_panic() {
    let der = read("tsp__tsp_token.bin");
    let verifier = nca_test_verifier(true);
    let imprint = hex::decode(NCA_IMPRINT).unwrap();
    let options = Options::at(t("2022-09-18T13:20:14Z"));
    for len in 0..der.len() {
        assert!(
            TimeStampToken::from_der(&der[..len]).is_err(),
            "prefix {len}"
        );
    }
    for i in 0..der.len() {
        let mut d = der.clone();
        d[i] ^= 0x55;
        if let Ok(token) = TimeStampToken::from_der(&d) {
            let _ = verifier.verify_timestamp_digest(&token, &imprint, &options);
        }
    }
}

#[cfg(feature = "aws-lc")]
mod demo {
    use super::*;
    use common::tsa::{TestTsa, TSA_POLICY};
    use common::{demo_time, verifier};

    #[test]
    fn demo_tsa_token_verifies() {
        let tsa = TestTsa::new();
        let gen = t("2025-02-15T12:00:00Z");
        let token = TimeStampToken::from_der(&tsa.token(b"data", gen)).unwrap();
        assert_eq!(token.info().policy, TSA_POLICY);
        assert_eq!(token.info().hash_algorithm, "SHA-256");
        assert_eq!(token.info().gen_time, gen);
        let report = verifier().verify_timestamp(&token, b"data", &Options::at(demo_time()));
        assert!(report.valid, "{:?}", report.reason);
        assert_eq!(report.tsa_subject.as_deref(), Some("CN=DEMO TSA, C=KZ"));
        assert_eq!(report.certificate.as_ref().unwrap().time, gen);

        let report = verifier().verify_timestamp(&token, b"datA", &Options::at(demo_time()));
        assert_eq!(report.reason, Some(Error::TimestampImprintMismatch));
    }

    #[test]
    fn demo_tsa_without_critical_time_stamping_eku_is_refused() {
        let gen = t("2025-02-15T12:00:00Z");
        for (tsa, why) in [
            (
                TestTsa::with_eku(common::tsa::TIME_STAMPING, false),
                "not critical",
            ),
            (
                TestTsa::with_eku("1.3.6.1.5.5.7.3.4", true),
                "not id-kp-timeStamping alone",
            ),
        ] {
            let token = TimeStampToken::from_der(&tsa.token(b"data", gen)).unwrap();
            let report = verifier().verify_timestamp(&token, b"data", &Options::at(demo_time()));
            assert!(
                matches!(&report.reason, Some(Error::TimestampInvalid { detail }) if detail.contains(why)),
                "{why}: {:?}",
                report.reason
            );
        }
    }

    #[test]
    fn demo_tsa_outside_its_validity_or_revocation_data_is_refused() {
        let tsa = TestTsa::new();
        // 2021: before the TSA certificate's notBefore (2022-01-01).
        let token =
            TimeStampToken::from_der(&tsa.token(b"data", t("2021-06-01T00:00:00Z"))).unwrap();
        let report = verifier().verify_timestamp(&token, b"data", &Options::at(demo_time()));
        assert!(
            matches!(&report.reason, Some(Error::TimestampInvalid { detail }) if detail.contains("not valid before")),
            "{:?}",
            report.reason
        );
        // 2025-07-01: the demo CRL of nca-rsa is stale (nextUpdate 2025-06-15).
        let token =
            TimeStampToken::from_der(&tsa.token(b"data", t("2025-07-01T00:00:00Z"))).unwrap();
        let report = verifier().verify_timestamp(&token, b"data", &Options::at(demo_time()));
        assert!(
            matches!(&report.reason, Some(Error::TimestampInvalid { detail }) if detail.contains("revocation status")),
            "{:?}",
            report.reason
        );
    }

    /// OpenSSL's `ts -verify` accepts the demo TSA's tokens: what the tests
    /// build is a standard RFC 3161 token, not only one this library reads.
    #[test]
    fn demo_tsa_token_verifies_in_openssl() {
        let tsa = TestTsa::new();
        let token = tsa.token(b"stamped data", t("2025-02-15T12:00:00Z"));
        let dir = std::env::temp_dir().join(format!("qoltanba-ts-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
        fs::write(p("token.der"), &token).unwrap();
        fs::write(p("data.bin"), b"stamped data").unwrap();
        fs::write(p("other.bin"), b"other data").unwrap();
        fs::write(
            p("ca.pem"),
            [
                fs::read(format!("{}/root-rsa.pem", common::DEMO)).unwrap(),
                fs::read(format!("{}/nca-rsa.pem", common::DEMO)).unwrap(),
            ]
            .concat(),
        )
        .unwrap();
        let attime = demo_time().unix().to_string();
        let verify = |data: &str| {
            std::process::Command::new("openssl")
                .args([
                    "ts",
                    "-verify",
                    "-data",
                    &p(data),
                    "-in",
                    &p("token.der"),
                    "-token_in",
                    "-CAfile",
                    &p("ca.pem"),
                    "-attime",
                    &attime,
                ])
                .output()
                .expect("openssl CLI")
        };
        let ok = verify("data.bin");
        let bad = verify("other.bin");
        fs::remove_dir_all(&dir).ok();
        assert!(
            ok.status.success(),
            "{}{}",
            String::from_utf8_lossy(&ok.stdout),
            String::from_utf8_lossy(&ok.stderr)
        );
        assert!(!bad.status.success());
    }
}
