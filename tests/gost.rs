//! The Kazakh GOST against real material of the national CA
//! (test-vectors/third-party/kz and the certificates extracted from its PKCS#12
//! test keys in test-vectors/kz): every GOST certificate whose issuer is at
//! hand verifies with its issuer's key, roots with their own, GOST CRLs
//! verify, chains build to the bundled roots, and tampering or malformed
//! input never passes.

use std::collections::BTreeMap;
use std::fs;

use qoltanba::{
    backends, default_backend, Certificate, Error, Options, Policy, RevocationMode,
    RevocationReason, SignatureAlgorithm, Time, TrustProfile, Verifier,
};

const KZ: &str = "test-vectors/third-party/kz";

fn at(s: &str) -> Options {
    Options::at(Time::parse_rfc3339(s).expect("time"))
}

fn load(path: &str) -> Certificate {
    Certificate::from_any(&fs::read(path).expect(path)).expect(path)
}

fn is_gost(alg: SignatureAlgorithm) -> bool {
    matches!(
        alg,
        SignatureAlgorithm::Gost2015_512
            | SignatureAlgorithm::Gost2015_256
            | SignatureAlgorithm::Gost2004
    )
}

/// Every certificate file of the vector set, deduplicated by DER, with the
/// first path it was found under.
fn all_certificates() -> Vec<(String, Certificate)> {
    let mut paths = Vec::new();
    for dir in [
        format!("{KZ}/ncanode"),
        format!("{KZ}/ncanode-2018"),
        format!("{KZ}/gokalkan"),
        format!("{KZ}/skarm-kalkan"),
        format!("{KZ}/prod-ca"),
        "test-vectors/kz".to_owned(),
    ] {
        let mut entries: Vec<String> = fs::read_dir(&dir)
            .expect(&dir)
            .map(|e| e.expect("entry").path().display().to_string())
            .filter(|p| {
                [".cer", ".der", ".crt", ".pem"]
                    .iter()
                    .any(|ext| p.ends_with(ext))
            })
            .collect();
        entries.sort();
        paths.extend(entries);
    }
    let mut out: Vec<(String, Certificate)> = Vec::new();
    for path in paths {
        // CMS files (.der) are not certificates.
        let Ok(cert) = Certificate::from_any(&fs::read(&path).expect(&path)) else {
            continue;
        };
        if out.iter().all(|(_, c)| c.der() != cert.der()) {
            out.push((path, cert));
        }
    }
    out
}

#[test]
fn every_real_gost_certificate_verifies_with_its_issuers_key() {
    let certs = all_certificates();
    let mut tally: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut without_issuer = Vec::new();
    for (path, cert) in &certs {
        let Ok(alg) = cert.signature_algorithm() else {
            continue;
        };
        if !is_gost(alg) {
            continue;
        }
        let issuers: Vec<&Certificate> = certs
            .iter()
            .map(|(_, c)| c)
            .filter(|c| c.subject() == cert.issuer())
            .collect();
        if issuers.is_empty() {
            without_issuer.push(path.clone());
            continue;
        }
        let verified = issuers.iter().any(|issuer| {
            default_backend()
                .verify(alg, issuer.spki(), cert.tbs(), cert.signature_value())
                .is_ok()
        });
        assert!(verified, "{path} does not verify with its issuer's key");
        // Both backends agree.
        for backend in backends() {
            assert!(
                issuers.iter().any(|issuer| backend
                    .verify(alg, issuer.spki(), cert.tbs(), cert.signature_value())
                    .is_ok()),
                "{path} with {}",
                backend.name()
            );
        }
        *tally.entry(alg.name()).or_default() += 1;
    }
    println!("verified GOST certificates per algorithm: {tally:?}");
    println!("GOST certificates whose issuer is not in the set: {without_issuer:?}");
    // 34 GOST 34.10-2015 512-bit certificates (roots, NCA GOST 2022 and its
    // test twin, OCSP/TSA certificates, 27 distinct end entities) and 8 GOST
    // 34.310-2004 ones (root GOST 2015 and 2020, NCA GOST, gov-bodies CA,
    // BTSD CA, end entities).
    assert_eq!(tally.get("gost34.10-2015-512"), Some(&34), "{tally:?}");
    assert_eq!(tally.get("gost34.310-2004"), Some(&8), "{tally:?}");
    assert_eq!(tally.len(), 2, "{tally:?}");
    // The old test intermediate's root (НЕГІЗГІ КО TEST (GOST)) is not
    // public.
    assert_eq!(
        without_issuer,
        [format!("{KZ}/ncanode/ca__nca_gost_test.crt")]
    );
}

/// The parts of a DER CRL or certificate: the signed TBS element, the
/// signature AlgorithmIdentifier and the signature bits.
fn signed_parts(der: &[u8]) -> (&[u8], &[u8], &[u8]) {
    fn tlv(d: &[u8]) -> (&[u8], &[u8], &[u8]) {
        // (whole element, content, rest)
        let (len, hl) = match d[1] {
            n if n < 0x80 => (usize::from(n), 2),
            0x81 => (usize::from(d[2]), 3),
            0x82 => (usize::from(d[2]) << 8 | usize::from(d[3]), 4),
            0x83 => (
                usize::from(d[2]) << 16 | usize::from(d[3]) << 8 | usize::from(d[4]),
                5,
            ),
            _ => panic!("length"),
        };
        (&d[..hl + len], &d[hl..hl + len], &d[hl + len..])
    }
    let (_, body, _) = tlv(der);
    let (tbs, _, rest) = tlv(body);
    let (alg, _, rest) = tlv(rest);
    let (_, bits, _) = tlv(rest);
    assert_eq!(bits[0], 0, "no unused bits");
    (tbs, alg, &bits[1..])
}

#[test]
fn every_real_gost_crl_verifies_with_its_issuers_key() {
    let cases = [
        (
            "ncanode/crl__nca_gost2022_test.crl",
            "ncanode/ca__nca_gost2015_test.cer",
        ),
        (
            "ncanode/crl__nca_gost_test.crl",
            "ncanode/ca__nca_gost_test.crt",
        ),
        (
            "skarm-kalkan/certs__nca_gost2022_test.crl",
            "ncanode/ca__nca_gost2015_test.cer",
        ),
        (
            "skarm-kalkan/certs__nca_gost2022_d_test.crl",
            "ncanode/ca__nca_gost2015_test.cer",
        ),
    ];
    for (crl, issuer) in cases {
        let der = fs::read(format!("{KZ}/{crl}")).expect(crl);
        let issuer = load(&format!("{KZ}/{issuer}"));
        let (tbs, alg, sig) = signed_parts(&der);
        let alg = SignatureAlgorithm::from_der(alg).expect("GOST algorithm");
        assert!(is_gost(alg), "{crl}");
        for backend in backends() {
            assert_eq!(
                backend.verify(alg, issuer.spki(), tbs, sig),
                Ok(()),
                "{crl}"
            );
            let mut flipped = tbs.to_vec();
            let mid = flipped.len() / 2;
            flipped[mid] ^= 1;
            assert_eq!(
                backend.verify(alg, issuer.spki(), &flipped, sig),
                Err(Error::InvalidSignature),
                "{crl} tampered"
            );
        }
    }
}

fn crl(path: &str) -> Vec<u8> {
    fs::read(format!("{KZ}/{path}")).expect(path)
}

fn names(report: &qoltanba::Report) -> Vec<&str> {
    report
        .chain
        .iter()
        .filter_map(|c| c.common_name.as_deref())
        .collect()
}

const GOST_TEST_2022: &str = "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022";
const ROOT_GOST_TEST_2022: &str = "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022";

#[test]
fn revoked_2015_test_key_is_on_hold_in_the_real_gost_crl() {
    let v = Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .expect("profile")
        .crl_any(&crl("ncanode/crl__nca_gost2022_test.crl"))
        .expect("CRL parses")
        .build();
    let cert = load("test-vectors/kz/KEY_CEO_REVOKED_2015.pem");
    // Inside its validity (from 2022-07-27T11:18:10Z) and the CRL's
    // thisUpdate..nextUpdate (2022-07-27T11:26:06Z..2023-01-23T11:26:06Z).
    let report = v.verify_certificate(&cert, &at("2022-08-01T00:00:00Z"));
    match &report.reason {
        Some(Error::CertRevoked {
            revoked_at, reason, ..
        }) => {
            assert_eq!(
                *revoked_at,
                Time::parse_rfc3339("2022-07-27T10:25:30Z").expect("time")
            );
            assert_eq!(*reason, Some(RevocationReason::CertificateHold));
        }
        other => panic!("{other:?}"),
    }
    // Without revocation checking the chain itself is valid.
    let off = test_profile_without_revocation();
    let report = off.verify_certificate(&cert, &at("2022-08-01T00:00:00Z"));
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(
        names(&report),
        ["ТЕСТОВ ТЕСТ", GOST_TEST_2022, ROOT_GOST_TEST_2022]
    );
}

fn test_profile_without_revocation() -> Verifier {
    Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .expect("profile")
        .policy(Policy::new().revocation(RevocationMode::Off))
        .build()
}

#[test]
fn gost_2015_test_chain_is_valid_with_the_real_full_and_delta_crls() {
    let v = Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .expect("profile")
        .crl_any(&crl("skarm-kalkan/certs__nca_gost2022_test.crl"))
        .expect("CRL parses")
        .crl_any(&crl("skarm-kalkan/certs__nca_gost2022_d_test.crl"))
        .expect("delta CRL parses")
        // The root's CRL (for the intermediate) is not in the vector set.
        .policy(Policy::new().revocation(RevocationMode::IfAvailable))
        .build();
    // Not listed; valid 2024-10-29..2025-10-29; CRLs 2025-04-29..2025-10-26.
    let good = load("test-vectors/kz/p12__GOST512_0d79679f360a2da49a631a0b1ac76f76c34b6f24.pem");
    let report = v.verify_certificate(&good, &at("2025-06-01T00:00:00Z"));
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(
        names(&report),
        ["ТЕСТОВ ТЕСТ", GOST_TEST_2022, ROOT_GOST_TEST_2022]
    );
    // Listed (revoked 2024-10-29T11:45:53Z, no reason code).
    let revoked = load("test-vectors/kz/p12__GOST512_0860d9665327c26760c213126760a3b73072218d.pem");
    let report = v.verify_certificate(&revoked, &at("2025-06-01T00:00:00Z"));
    assert!(
        matches!(report.reason, Some(Error::CertRevoked { reason: None, .. })),
        "{:?}",
        report.reason
    );
}

#[test]
fn gost_2004_test_chain_and_its_real_crl() {
    let v = Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .expect("profile")
        .crl_any(&crl("ncanode/crl__nca_gost_test.crl"))
        .expect("CRL parses")
        .build();
    // Revoked (superseded) at 2022-01-18T04:47:37Z; the CRL covers
    // 2022-03-29..2022-09-25.
    let cert = load("test-vectors/kz/KEY_CEO_SIGN_REVOKED_2004.pem");
    let report = v.verify_certificate(&cert, &at("2022-06-01T00:00:00Z"));
    assert!(
        matches!(
            report.reason,
            Some(Error::CertRevoked {
                reason: Some(RevocationReason::Superseded),
                ..
            })
        ),
        "{:?}",
        report.reason
    );
    let report =
        test_profile_without_revocation().verify_certificate(&cert, &at("2022-06-01T00:00:00Z"));
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(names(&report), ["ТЕСТОВ ТЕСТ", "ҰКО 3.0 (GOST TEST)"]);
    // The CEO's GOST 2004 certificate that is not revoked.
    let valid = load(&format!("{KZ}/ncanode/certs__ceo_valid_sign_2004_gost.cer"));
    let report =
        test_profile_without_revocation().verify_certificate(&valid, &at("2022-06-01T00:00:00Z"));
    assert!(report.valid, "{:?}", report.reason);
}

fn production(policy: Policy) -> Verifier {
    Verifier::builder()
        .trust_profile(TrustProfile::Nca)
        .expect("profile")
        .policy(policy)
        .build()
}

#[test]
fn production_2018_gost_key_chains_to_the_bundled_gost_root() {
    let v = production(Policy::new().revocation(RevocationMode::Off));
    let cert = load("test-vectors/kz/GOSTKNCA_f8a422238209b6e753116431b69b09178f14e9d7.pem");
    let report = v.verify_certificate(&cert, &at("2019-01-15T00:00:00Z"));
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(
        names(&report),
        [
            "ТЕСТОВ ТЕСТ",
            "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)",
            "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)"
        ]
    );
}

#[test]
fn production_gost_intermediates_chain_to_their_roots() {
    let v = production(Policy::new().revocation(RevocationMode::Off));
    let cases = [
        (
            "prod-ca/nca_gost_2022.pem",
            "2024-01-01T00:00:00Z",
            "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) 2022",
        ),
        (
            "prod-ca/nca_gost.pem",
            "2020-01-01T00:00:00Z",
            "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)",
        ),
        (
            "prod-ca/ucgo_gost.cer",
            "2024-01-01T00:00:00Z",
            "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)",
        ),
        (
            "prod-ca/btsd_gost.cer",
            "2024-01-01T00:00:00Z",
            "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)",
        ),
    ];
    for (path, time, root) in cases {
        let cert = load(&format!("{KZ}/{path}"));
        let report = v.verify_certificate(&cert, &at(time).purpose(qoltanba::Purpose::Any));
        assert!(report.valid, "{path}: {:?}", report.reason);
        assert_eq!(report.chain.len(), 2, "{path}");
        assert_eq!(names(&report).last(), Some(&root), "{path}");
    }
    // The production time-stamping authority (GOST 2015-512) under NCA GOST
    // 2022.
    let tsa = load(&format!(
        "{KZ}/skarm-kalkan/tsa_cert_prod_gost2022_extracted.cer"
    ));
    let report = v.verify_certificate(
        &tsa,
        &at("2026-01-01T00:00:00Z").purpose(qoltanba::Purpose::Any),
    );
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(
        names(&report),
        [
            "TIME-STAMPING AUTHORITY",
            "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) 2022",
            "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) 2022"
        ]
    );
}

#[test]
fn tampered_gost_certificates_fail() {
    let issuer = load(&format!("{KZ}/ncanode/ca__nca_gost2015_test.cer"));
    let old_issuer = load(&format!("{KZ}/ncanode/ca__nca_gost_test.crt"));
    for (cert, issuer) in [
        (
            load("test-vectors/kz/gost2015_individual_2023.pem"),
            &issuer,
        ),
        (
            load("test-vectors/kz/KEY_CEO_SIGN_REVOKED_2004.pem"),
            &old_issuer,
        ),
    ] {
        let alg = cert.signature_algorithm().expect("GOST");
        for backend in backends() {
            assert_eq!(
                backend.verify(alg, issuer.spki(), cert.tbs(), cert.signature_value()),
                Ok(())
            );
            for i in [
                0,
                cert.signature_value().len() / 2,
                cert.signature_value().len() - 1,
            ] {
                let mut sig = cert.signature_value().to_vec();
                sig[i] ^= 0x01;
                assert_eq!(
                    backend.verify(alg, issuer.spki(), cert.tbs(), &sig),
                    Err(Error::InvalidSignature)
                );
            }
            for i in [10, cert.tbs().len() / 2, cert.tbs().len() - 1] {
                let mut tbs = cert.tbs().to_vec();
                tbs[i] ^= 0x01;
                assert_eq!(
                    backend.verify(alg, issuer.spki(), &tbs, cert.signature_value()),
                    Err(Error::InvalidSignature)
                );
            }
        }
    }
    // Through the verifier: a flipped signature byte (the last byte of the
    // DER) is CertSignatureInvalid.
    let mut der = load("test-vectors/kz/gost2015_individual_2023.pem")
        .der()
        .to_vec();
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let cert = Certificate::from_der(&der).expect("still parses");
    let v = Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .expect("profile")
        .policy(Policy::new().revocation(RevocationMode::Off))
        .build();
    let report = v.verify_certificate(&cert, &at("2024-01-15T00:00:00Z"));
    assert!(
        matches!(report.reason, Some(Error::CertSignatureInvalid { .. })),
        "{:?}",
        report.reason
    );
}

/// DER TLV (test helper).
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match content.len() {
        n if n < 0x80 => out.push(n as u8),
        n if n < 0x100 => out.extend_from_slice(&[0x81, n as u8]),
        n => out.extend_from_slice(&[0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(content);
    out
}

/// A 2015-512 SPKI with these parameter OIDs (content bytes) and this
/// BIT STRING payload.
fn spki_2015(param_set: &[u8], key: &[u8]) -> Vec<u8> {
    const KEY_OID: &[u8] = &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x02, 0x02];
    const STREEBOG512: &[u8] = &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x03, 0x03];
    let mut params = tlv(0x06, param_set);
    params.extend(tlv(0x06, STREEBOG512));
    let mut alg = tlv(0x06, KEY_OID);
    alg.extend(tlv(0x30, &params));
    let mut bits = vec![0];
    bits.extend_from_slice(key);
    let mut body = tlv(0x30, &alg);
    body.extend(tlv(0x03, &bits));
    tlv(0x30, &body)
}

const PARAMS_A: &[u8] = &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x02, 0x02, 0x01];

/// q of id-tc26-gost-3410-12-512-paramSetA, little-endian.
fn q512_le() -> Vec<u8> {
    let mut q = hex::decode(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
         27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275",
    )
    .expect("hex");
    q.reverse();
    q
}

#[test]
fn malformed_gost_input_never_passes() {
    let issuer = load(&format!("{KZ}/ncanode/ca__nca_gost2015_test.cer"));
    let cert = load("test-vectors/kz/gost2015_individual_2023.pem");
    let alg = cert.signature_algorithm().expect("GOST");
    assert_eq!(alg, SignatureAlgorithm::Gost2015_512);
    let (tbs, sig) = (cert.tbs(), cert.signature_value());
    // The issuer's key, rebuilt: it still verifies.
    let point = &issuer.spki()[issuer.spki().len() - 128..];
    let mut octets = vec![0x04, 0x81, 0x80];
    octets.extend_from_slice(point);
    let rebuilt = spki_2015(PARAMS_A, &octets);
    assert_eq!(rebuilt, issuer.spki());
    for backend in backends() {
        let v = |spki: &[u8], sig: &[u8]| backend.verify(alg, spki, tbs, sig);
        assert_eq!(v(&rebuilt, sig), Ok(()));
        // Unknown curve parameters.
        let mut other = PARAMS_A.to_vec();
        *other.last_mut().expect("oid") = 2;
        assert!(matches!(
            v(&spki_2015(&other, &octets), sig),
            Err(Error::UnsupportedPublicKey { .. })
        ));
        // A point not on the curve.
        let mut off = octets.clone();
        off[3] ^= 1;
        assert!(matches!(
            v(&spki_2015(PARAMS_A, &off), sig),
            Err(Error::Malformed { .. })
        ));
        // A truncated key, and a key not wrapped in an OCTET STRING.
        let mut short = vec![0x04, 0x7f];
        short.extend_from_slice(&point[..127]);
        assert!(matches!(
            v(&spki_2015(PARAMS_A, &short), sig),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(
            v(&spki_2015(PARAMS_A, point), sig),
            Err(Error::Malformed { .. })
        ));
        // r = 0, s = 0, r = q, s = q, r + q (wraps to a different value),
        // truncated and overlong signatures.
        let (r, s) = sig.split_at(64);
        let zero = [0u8; 64];
        let q = q512_le();
        for bad in [
            [&zero[..], s].concat(),
            [r, &zero[..]].concat(),
            [&q[..], s].concat(),
            [r, &q[..]].concat(),
            sig[..127].to_vec(),
            [sig, &[0]].concat(),
            Vec::new(),
        ] {
            assert_eq!(v(&rebuilt, &bad), Err(Error::InvalidSignature));
        }
        // The wrong algorithm for the key: GOST 2004 with a 2015 key, RSA
        // with a GOST key.
        assert_eq!(
            backend.verify(SignatureAlgorithm::Gost2004, &rebuilt, tbs, sig),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            backend.verify(
                SignatureAlgorithm::RsaPkcs1(qoltanba::HashAlgorithm::Sha256),
                &rebuilt,
                tbs,
                sig
            ),
            Err(Error::InvalidSignature)
        );
        // A GOST hash with RSA or ECDSA is never implemented.
        assert!(matches!(
            backend.verify(
                SignatureAlgorithm::RsaPkcs1(qoltanba::HashAlgorithm::Streebog512),
                &rebuilt,
                tbs,
                sig
            ),
            Err(Error::UnsupportedSignatureAlgorithm { .. })
        ));
        // The 256-bit 2015 algorithm has no supported key.
        assert_eq!(
            backend.verify(SignatureAlgorithm::Gost2015_256, &rebuilt, tbs, sig),
            Err(Error::InvalidSignature)
        );
    }
}

#[test]
fn gost_algorithm_identifiers_decode() {
    // 1.2.398.3.10.1.1.2.3.2 with NULL, 1.2.398.3.10.1.1.2.3.1 absent,
    // 1.2.398.3.10.1.1.1.2 with NULL.
    let cases = [
        (
            "300e060a2a830e030a010102030205 00",
            SignatureAlgorithm::Gost2015_512,
        ),
        (
            "300c060a2a830e030a0101020301",
            SignatureAlgorithm::Gost2015_256,
        ),
        (
            "300d06092a830e030a01010102 0500",
            SignatureAlgorithm::Gost2004,
        ),
    ];
    for (h, want) in cases {
        let der = hex::decode(h.replace(' ', "")).expect("hex");
        assert_eq!(SignatureAlgorithm::from_der(&der), Ok(want), "{h}");
        assert!(!want.is_legacy());
    }
    assert_eq!(
        SignatureAlgorithm::Gost2015_512.hash(),
        qoltanba::HashAlgorithm::Streebog512
    );
    assert_eq!(SignatureAlgorithm::Gost2004.hash().output_len(), 32);
    // Other parameters are malformed.
    let bad = hex::decode("300f060a2a830e030a0101020302020100").expect("hex");
    assert!(matches!(
        SignatureAlgorithm::from_der(&bad),
        Err(Error::Malformed { .. })
    ));
    // The Russian RFC 9215 identifiers are not supported (their
    // conventions are not confirmed on real data here).
    let ru = hex::decode("300a06082a85030701010303").expect("hex");
    assert!(matches!(
        SignatureAlgorithm::from_der(&ru),
        Err(Error::UnsupportedSignatureAlgorithm { .. })
    ));
}

/// Prints the time of one 512-bit verification (run with `--release
/// --nocapture` for a meaningful number); asserts nothing about it.
#[test]
fn timing_of_one_512_bit_verification() {
    let issuer = load(&format!("{KZ}/ncanode/ca__nca_gost2015_test.cer"));
    let cert = load("test-vectors/kz/gost2015_individual_2023.pem");
    let alg = cert.signature_algorithm().expect("GOST");
    let n = 20;
    let start = std::time::Instant::now();
    for _ in 0..n {
        default_backend()
            .verify(alg, issuer.spki(), cert.tbs(), cert.signature_value())
            .expect("verifies");
    }
    println!(
        "one GOST 34.10-2015 512-bit verification: {:?}",
        start.elapsed() / n
    );
}
