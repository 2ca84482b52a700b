//! OCSP (RFC 6960): the national CA's four real responses (GOST 2015-512,
//! GOST 34.310-2004 and RSA responders) verify and give the status
//! MANIFEST.txt records; responses built here with the demo PKI cover the
//! responder rules (the CA itself, a delegated responder with
//! id-kp-OCSPSigning, id-pkix-ocsp-nocheck), freshness, nonces, and how OCSP
//! combines with CRLs in certificate validation.
#![allow(clippy::unwrap_used)]

#[cfg(feature = "aws-lc")]
mod common;

use std::fs;
use std::time::Duration;

use qoltanba::{
    Certificate, Error, OcspCertStatus, OcspResponse, Options, Policy, RevocationReason, Time,
    TrustProfile, Verifier,
};

const NCANODE: &str = "test-vectors/third-party/kz/ncanode";

fn t(s: &str) -> Time {
    Time::parse_rfc3339(s).expect("time")
}

fn file(path: &str) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn certificate(path: &str) -> Certificate {
    Certificate::from_any(&file(path)).unwrap()
}

fn response(name: &str) -> OcspResponse {
    OcspResponse::from_der(&file(&format!("{NCANODE}/{name}"))).unwrap()
}

const GOST2015_CA: &str = "certs/nca-test/nca_gost2022_test.cer";
const GOST2004_CA: &str = "certs/nca-test/nca_gost_test.pem";
const RSA_CA: &str = "certs/nca-test/nca_rsa_test.pem";

/// Half an hour after the four responses were produced (2022-09-02
/// 16:53..16:59 UTC).
fn when() -> Time {
    t("2022-09-02T17:30:00Z")
}

struct Case {
    response: &'static str,
    cert: &'static str,
    issuer: &'static str,
    status: OcspCertStatus,
    responder_cn: &'static str,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            response: "ocsp__ocsp_response_ceo_2015_revoked.bin",
            cert: "test-vectors/kz/KEY_CEO_REVOKED_2015.pem",
            issuer: GOST2015_CA,
            status: OcspCertStatus::Revoked {
                time: t("2022-07-27T10:25:30Z"),
                reason: Some(RevocationReason::CertificateHold),
            },
            responder_cn: "OCSP RESPONDER",
        },
        Case {
            response: "ocsp__ocsp_response_ceo_sign_2004_revoked.bin",
            cert: "test-vectors/kz/KEY_CEO_SIGN_REVOKED_2004.pem",
            issuer: GOST2004_CA,
            status: OcspCertStatus::Revoked {
                time: t("2022-01-18T06:30:55Z"),
                reason: Some(RevocationReason::Superseded),
            },
            responder_cn: "СЕРВИС ПРОВЕРКИ ОНЛАЙН СТАТУСА СЕРТИФИКАТА",
        },
        Case {
            // RFC 6960 section 2.2: "revoked" at 1970-01-01 with
            // certificateHold, how a responder answers for a certificate it
            // does not consider issued.
            response: "ocsp__ocsp_response_individual_2015.bin",
            cert: "test-vectors/kz/KEY_INDIVIDUAL_VALID_2015.pem",
            issuer: GOST2015_CA,
            status: OcspCertStatus::Revoked {
                time: Time::from_unix(0),
                reason: Some(RevocationReason::CertificateHold),
            },
            responder_cn: "OCSP RESPONDER",
        },
        Case {
            response: "ocsp__ocsp_response_individual_sign_2004.bin",
            cert: "test-vectors/kz/KEY_INDIVIDUAL_VALID_SIGN_2004.pem",
            issuer: RSA_CA,
            status: OcspCertStatus::Good,
            responder_cn: "СЕРВИС ПРОВЕРКИ ОНЛАЙН СТАТУСА СЕРТИФИКАТА",
        },
    ]
}

fn nca_test() -> Verifier {
    Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .unwrap()
        .build()
}

#[test]
fn national_responses_verify_and_give_their_status() {
    let verifier = nca_test();
    for case in cases() {
        let resp = response(case.response);
        assert!(
            resp.responder().contains(case.responder_cn),
            "{}: {}",
            case.response,
            resp.responder()
        );
        assert_eq!(resp.certificates().len(), 1, "{}", case.response);
        assert_eq!(resp.nonce().map(<[u8]>::len), Some(8), "{}", case.response);
        let status = verifier.verify_ocsp(
            &resp,
            &certificate(case.cert),
            &certificate(case.issuer),
            when(),
        );
        assert_eq!(status, Ok(case.status), "{}", case.response);
    }
    // The GOST 2022 responder is the one MANIFEST.txt extracted.
    let extracted = certificate(&format!(
        "{NCANODE}/ocsp_responder_gost2022_test_extracted.cer"
    ));
    assert_eq!(
        response("ocsp__ocsp_response_individual_2015.bin").certificates()[0],
        extracted
    );
    assert_eq!(
        response("ocsp__ocsp_response_individual_2015.bin").produced_at(),
        t("2022-09-02T16:58:34Z")
    );
}

fn refused(r: Result<OcspCertStatus, Error>, why: &str) {
    assert!(
        matches!(&r, Err(Error::OcspInvalid { detail, .. }) if detail.contains(why)),
        "{why}: {r:?}"
    );
}

#[test]
fn national_responses_negatives() {
    let verifier = nca_test();
    let ceo = certificate("test-vectors/kz/KEY_CEO_REVOKED_2015.pem");
    let individual = certificate("test-vectors/kz/KEY_INDIVIDUAL_VALID_2015.pem");
    let ca = certificate(GOST2015_CA);
    let resp = response("ocsp__ocsp_response_ceo_2015_revoked.bin");

    // A response about another certificate.
    refused(
        verifier.verify_ocsp(&resp, &individual, &ca, when()),
        "not about certificate",
    );
    // The right serial under another issuer: the CertID does not match.
    refused(
        verifier.verify_ocsp(&resp, &ceo, &certificate(GOST2004_CA), when()),
        "not about certificate",
    );

    // Stale: no nextUpdate, and more than a day (the default maximum age)
    // after thisUpdate.
    refused(
        verifier.verify_ocsp(&resp, &ceo, &ca, t("2022-09-04T00:00:00Z")),
        "stale",
    );
    let patient = Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .unwrap()
        .policy(Policy::default().ocsp_max_age(Duration::from_secs(7 * 86_400)))
        .build();
    assert!(patient
        .verify_ocsp(&resp, &ceo, &ca, t("2022-09-04T00:00:00Z"))
        .is_ok());
    // Before thisUpdate (and before the responder's certificate, valid from
    // 2022-08-12) the response is refused (issue 13, defects 5 and 6); it
    // used to say good on 2022-07-01 (revoked at 2022-07-27).
    refused(
        verifier.verify_ocsp(&resp, &ceo, &ca, t("2022-07-01T00:00:00Z")),
        "is not valid at the validation time 2022-07-01T00:00:00Z",
    );

    // Nonces: the one the request carried passes, another is refused.
    let nonce = hex::decode("157b28fd1ac7761e").unwrap();
    assert!(verifier
        .verify_ocsp(&resp.clone().expect_nonce(&nonce), &ceo, &ca, when())
        .is_ok());
    refused(
        verifier.verify_ocsp(&resp.clone().expect_nonce(b"other"), &ceo, &ca, when()),
        "nonce differs",
    );

    // A byte changed in the signed data (producedAt).
    let mut der = file(&format!(
        "{NCANODE}/ocsp__ocsp_response_ceo_2015_revoked.bin"
    ));
    let at = der
        .windows(15)
        .position(|w| w == b"20220902165928Z")
        .unwrap();
    der[at + 13] = b'9';
    let broken = OcspResponse::from_der(&der).unwrap();
    refused(
        verifier.verify_ocsp(&broken, &ceo, &ca, when()),
        "signature invalid",
    );
}

#[test]
fn national_responses_as_revocation_evidence() {
    // No CRL at all: the OCSP responses alone decide. Intermediates'
    // revocation is not checked (no CRL of the test roots is fresh then).
    let policy = Policy::default().ca_revocation(false);
    let verifier = Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .unwrap()
        .ocsp_any(&file(&format!(
            "{NCANODE}/ocsp__ocsp_response_ceo_2015_revoked.bin"
        )))
        .unwrap()
        .policy(policy.clone())
        .build();
    let options = Options::at(when()).purpose(qoltanba::Purpose::Any);
    let ceo = certificate("test-vectors/kz/KEY_CEO_REVOKED_2015.pem");
    let report = verifier.verify_certificate(&ceo, &options);
    assert!(
        matches!(&report.reason, Some(Error::CertRevoked { revoked_at, reason: Some(RevocationReason::CertificateHold), .. }) if *revoked_at == t("2022-07-27T10:25:30Z")),
        "{:?}",
        report.reason
    );

    // The same through Options, for the "never issued" answer.
    let bare = Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .unwrap()
        .policy(policy)
        .build();
    let individual = certificate("test-vectors/kz/KEY_INDIVIDUAL_VALID_2015.pem");
    let report = bare.verify_certificate(&individual, &options);
    assert!(matches!(
        report.reason,
        Some(Error::RevocationStatusUnknown { .. })
    ));
    let with = options
        .clone()
        .ocsp([response("ocsp__ocsp_response_individual_2015.bin")]);
    let report = bare.verify_certificate(&individual, &with);
    assert!(
        matches!(&report.reason, Some(Error::CertRevoked { revoked_at, .. }) if *revoked_at == Time::from_unix(0)),
        "{:?}",
        report.reason
    );
}

#[test]
fn garbage_is_refused() {
    for bad in [
        &[][..],
        &[0x30, 0x00],
        b"not base64 !",
        &[0x30, 0x03, 0x0a, 0x01, 0x00],
    ] {
        assert!(OcspResponse::from_any(bad).is_err(), "{bad:?}");
    }
    // tryLater (3): not a successful response.
    assert!(matches!(
        OcspResponse::from_der(&[0x30, 0x03, 0x0a, 0x01, 0x03]),
        Err(Error::OcspInvalid { .. })
    ));
    // Base64 of a real response parses too.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(file(&format!(
        "{NCANODE}/ocsp__ocsp_response_individual_sign_2004.bin"
    )));
    assert!(OcspResponse::from_any(b64.as_bytes()).is_ok());
}

#[test]
fn truncated_or_flipped_responses_never_panic() {
    let der = file(&format!(
        "{NCANODE}/ocsp__ocsp_response_ceo_2015_revoked.bin"
    ));
    let verifier = nca_test();
    let ceo = certificate("test-vectors/kz/KEY_CEO_REVOKED_2015.pem");
    let ca = certificate(GOST2015_CA);
    for len in 0..der.len() {
        assert!(OcspResponse::from_der(&der[..len]).is_err(), "prefix {len}");
    }
    for i in 0..der.len() {
        let mut d = der.clone();
        d[i] ^= 0x55;
        if let Ok(r) = OcspResponse::from_der(&d) {
            // Whatever decodes either is refused or says what the original
            // says; it never panics.
            if let Ok(status) = verifier.verify_ocsp(&r, &ceo, &ca, when()) {
                assert_eq!(
                    status,
                    cases()[0].status,
                    "byte {i} changed and still verified"
                );
            }
        }
    }
}

// ---- responses built with the demo PKI ------------------------------------
#[cfg(feature = "aws-lc")]
mod demo {
    use super::*;
    use common::der::*;
    use common::{cert, demo_time, key, DemoKey, DEMO};
    use qoltanba::{CheckName, Crl, Outcome, Signer};

    enum Answer {
        Good,
        Revoked(Time),
        Unknown,
    }

    enum ResponderName<'a> {
        ByName(&'a Certificate),
        ByKey(&'a Certificate),
    }

    struct Build<'a> {
        cert: &'a Certificate,
        issuer: &'a Certificate,
        answer: Answer,
        this_update: Time,
        next_update: Option<Time>,
        signer: &'a dyn Signer,
        responder: ResponderName<'a>,
        carried: Vec<&'a Certificate>,
    }

    impl Build<'_> {
        fn der(&self) -> Vec<u8> {
            let status = match self.answer {
                Answer::Good => vec![0x80, 0x00],
                Answer::Revoked(at) => tlv(
                    0xa1,
                    &[generalized_time(at.unix()), tlv(0xa0, &[0x0a, 0x01, 0x01])].concat(),
                ),
                Answer::Unknown => vec![0x82, 0x00],
            };
            let single = ocsp_single(
                self.issuer,
                self.cert,
                status,
                self.this_update.unix(),
                self.next_update.map(Time::unix),
            );
            let responder = match self.responder {
                ResponderName::ByName(c) => tlv(0xa1, &subject_and_key(c).0),
                ResponderName::ByKey(c) => tlv(0xa2, &octets(&sha1(&subject_and_key(c).1))),
            };
            let tbs = seq(&[
                responder,
                generalized_time(self.this_update.unix()),
                seq(&[single]),
            ]);
            let rsa = matches!(
                self.signer.algorithm(),
                qoltanba::SignatureAlgorithm::RsaPkcs1(_)
            );
            let mut basic = vec![
                tbs.clone(),
                signature_alg(rsa),
                bits(&self.signer.sign(&tbs).unwrap()),
            ];
            if !self.carried.is_empty() {
                let certs: Vec<Vec<u8>> = self.carried.iter().map(|c| c.der().to_vec()).collect();
                basic.push(tlv(0xa0, &seq(&certs)));
            }
            seq(&[
                tlv(0x0a, &[0]),
                tlv(
                    0xa0,
                    &seq(&[oid("1.3.6.1.5.5.7.48.1.1"), octets(&seq(&basic))]),
                ),
            ])
        }

        fn response(&self) -> OcspResponse {
            OcspResponse::from_der(&self.der()).unwrap()
        }
    }

    /// The CA's own answer about `who`, fresh at the demo time.
    fn by_ca<'a>(
        who: &'a Certificate,
        ca: &'a Certificate,
        key: &'a DemoKey,
        answer: Answer,
    ) -> Build<'a> {
        Build {
            cert: who,
            issuer: ca,
            answer,
            this_update: t("2025-05-31T23:00:00Z"),
            next_update: Some(t("2025-06-02T00:00:00Z")),
            signer: key,
            responder: ResponderName::ByName(ca),
            carried: Vec::new(),
        }
    }

    /// A responder certificate issued by `issuer` (nca-rsa unless given) with
    /// the given EKU and perhaps id-pkix-ocsp-nocheck.
    fn responder(
        issuer: &Certificate,
        issuer_key: &DemoKey,
        eku: &str,
        nocheck: bool,
    ) -> (DemoKey, Certificate) {
        let (key, spki) = p256_key();
        let mut exts = vec![
            extension("2.5.29.15", true, &tlv(0x03, &[0x07, 0x80])),
            extension("2.5.29.37", false, &seq(&[oid(eku)])),
        ];
        if nocheck {
            exts.push(extension("1.3.6.1.5.5.7.48.1.5", false, &null()));
        }
        let c = issue(
            issuer,
            issuer_key,
            0x50,
            &name("DEMO OCSP RESPONDER"),
            &spki,
            t("2025-01-01T00:00:00Z").unix(),
            t("2026-01-01T00:00:00Z").unix(),
            &exts,
        );
        (DemoKey::Ec(key), c)
    }

    /// The demo anchors and intermediates; CRLs only of the roots (so nca-rsa's
    /// end entities have no CRL), or all of them.
    fn demo_verifier(with_nca_crls: bool, ocsp: &[OcspResponse]) -> Verifier {
        let mut b = Verifier::builder()
            .trust(cert("root-rsa"))
            .trust(cert("root-ec"))
            .intermediate(cert("nca-rsa"))
            .intermediate(cert("nca-ec"));
        let mut crls = vec!["root-rsa.crl", "root-ec.crl"];
        if with_nca_crls {
            crls.extend(["nca-rsa.crl", "nca-rsa-delta.crl", "nca-ec-fresh.crl"]);
        }
        for c in crls {
            b = b.crl(Crl::from_der(&file(&format!("{DEMO}/{c}"))).unwrap());
        }
        for r in ocsp {
            b = b.ocsp(r.clone());
        }
        b.build()
    }

    fn verdict(v: &Verifier, who: &Certificate) -> Result<(), Error> {
        v.verify_certificate(who, &Options::at(demo_time()))
            .result()
    }

    #[test]
    fn good_ocsp_covers_a_certificate_without_crl() {
        let (ca, ca_key, who) = (cert("nca-rsa"), key("nca-rsa"), cert("individual-sign"));
        assert!(matches!(
            verdict(&demo_verifier(false, &[]), &who),
            Err(Error::RevocationStatusUnknown { .. })
        ));
        let good = by_ca(&who, &ca, &ca_key, Answer::Good).response();
        let v = demo_verifier(false, &[good]);
        let report = v.verify_certificate(&who, &Options::at(demo_time()));
        assert!(report.valid, "{:?}", report.reason);
        assert_eq!(report.check(CheckName::Revocation), Some(&Outcome::Passed));
    }

    #[test]
    fn revoked_by_either_is_revoked() {
        let (ca, ca_key) = (cert("nca-rsa"), key("nca-rsa"));
        // The CRL revokes, OCSP says good.
        let revoked = cert("revoked");
        let good = by_ca(&revoked, &ca, &ca_key, Answer::Good).response();
        assert!(matches!(
            verdict(&demo_verifier(true, &[good]), &revoked),
            Err(Error::CertRevoked { .. })
        ));
        // The CRL says good, OCSP revokes.
        let who = cert("individual-sign");
        let at = t("2025-05-01T00:00:00Z");
        let ocsp_revoked = by_ca(&who, &ca, &ca_key, Answer::Revoked(at)).response();
        assert!(matches!(
            verdict(&demo_verifier(true, std::slice::from_ref(&ocsp_revoked)), &who),
            Err(Error::CertRevoked { revoked_at, reason: Some(RevocationReason::KeyCompromise), .. }) if revoked_at == at
        ));
        // A response from after the validation time is refused (issue 13,
        // defect 6: a thisUpdate later than the validation time is
        // unreliable, RFC 6960 4.2.2.1); it used to make the certificate
        // good at 2025-04-01.
        let before = demo_verifier(false, &[ocsp_revoked])
            .verify_certificate(&who, &Options::at(t("2025-04-01T00:00:00Z")));
        assert!(
            matches!(&before.reason, Some(Error::OcspInvalid { detail, .. }) if detail.contains("after the validation time")),
            "{:?}",
            before.reason
        );
        // A response current at 2025-04-01 that gives a later revocation
        // time: the certificate was good then.
        let current_then = Build {
            this_update: t("2025-03-31T23:00:00Z"),
            next_update: Some(t("2025-04-02T00:00:00Z")),
            ..by_ca(&who, &ca, &ca_key, Answer::Revoked(at))
        }
        .response();
        let before = demo_verifier(false, &[current_then])
            .verify_certificate(&who, &Options::at(t("2025-04-01T00:00:00Z")));
        assert!(before.valid, "{:?}", before.reason);
    }

    #[test]
    fn unknown_is_unknown_even_with_a_good_crl() {
        let (ca, ca_key, who) = (cert("nca-rsa"), key("nca-rsa"), cert("individual-sign"));
        let unknown = by_ca(&who, &ca, &ca_key, Answer::Unknown).response();
        assert!(matches!(
            verdict(&demo_verifier(true, &[unknown]), &who),
            Err(Error::RevocationStatusUnknown { detail, .. }) if detail.contains("does not know")
        ));
    }

    #[test]
    fn delegated_responders() {
        let (ca, ca_key, who) = (cert("nca-rsa"), key("nca-rsa"), cert("individual-sign"));
        let delegated = |eku: &str, nocheck: bool, issuer: &Certificate, issuer_key: &DemoKey| {
            let (rkey, rcert) = responder(issuer, issuer_key, eku, nocheck);
            let b = Build {
                responder: ResponderName::ByKey(&rcert),
                signer: &rkey,
                carried: vec![&rcert],
                ..by_ca(&who, &ca, &ca_key, Answer::Good)
            };
            b.response()
        };
        let ocsp_signing = "1.3.6.1.5.5.7.3.9";
        let v = Verifier::builder().build();

        // id-kp-OCSPSigning and nocheck: authorised.
        let ok = delegated(ocsp_signing, true, &ca, &ca_key);
        assert_eq!(
            v.verify_ocsp(&ok, &who, &ca, demo_time()),
            Ok(OcspCertStatus::Good)
        );
        assert!(verdict(&demo_verifier(false, &[ok]), &who).is_ok());

        // Without nocheck the responder's own status comes from the CRLs.
        let checked = delegated(ocsp_signing, false, &ca, &ca_key);
        refused(
            demo_verifier(false, &[]).verify_ocsp(&checked, &who, &ca, demo_time()),
            "the responder's own status",
        );
        assert_eq!(
            demo_verifier(true, &[]).verify_ocsp(&checked, &who, &ca, demo_time()),
            Ok(OcspCertStatus::Good)
        );

        // A responder without nocheck cannot vouch for itself.
        let (rkey, rcert) = responder(&ca, &ca_key, ocsp_signing, false);
        let about_who = Build {
            responder: ResponderName::ByKey(&rcert),
            signer: &rkey,
            carried: vec![&rcert],
            ..by_ca(&who, &ca, &ca_key, Answer::Good)
        }
        .response();
        let about_itself = Build {
            responder: ResponderName::ByKey(&rcert),
            signer: &rkey,
            carried: vec![&rcert],
            ..by_ca(&rcert, &ca, &ca_key, Answer::Good)
        }
        .response();
        assert!(matches!(
            verdict(&demo_verifier(false, &[about_who, about_itself]), &who),
            Err(Error::OcspInvalid { .. })
        ));

        // No id-kp-OCSPSigning: not authorised.
        let no_eku = delegated("1.3.6.1.5.5.7.3.4", true, &ca, &ca_key);
        refused(
            v.verify_ocsp(&no_eku, &who, &ca, demo_time()),
            "no id-kp-OCSPSigning",
        );
        // Certified by another CA (nca-ec): not authorised for nca-rsa's
        // certificates; and in validation, the refusal is the reason.
        let other_ca = delegated(ocsp_signing, true, &cert("nca-ec"), &key("nca-ec"));
        refused(
            v.verify_ocsp(&other_ca, &who, &ca, demo_time()),
            "issued by another CA",
        );
        assert!(matches!(
            verdict(&demo_verifier(false, &[other_ca]), &who),
            Err(Error::OcspInvalid { .. })
        ));
    }

    /// The outcome of a delegated responder's check is not cached across
    /// validations: its own status comes from each call's CRLs (and time).
    /// Regression: the first call's "good" was reused by a call that had no
    /// evidence about the responder.
    #[test]
    fn a_delegated_responders_status_is_asked_at_every_validation() {
        let (ca, ca_key, who) = (cert("nca-rsa"), key("nca-rsa"), cert("individual-sign"));
        let (rkey, rcert) = responder(&ca, &ca_key, "1.3.6.1.5.5.7.3.9", false);
        let response = Build {
            responder: ResponderName::ByKey(&rcert),
            signer: &rkey,
            carried: vec![&rcert],
            ..by_ca(&who, &ca, &ca_key, Answer::Good)
        }
        .response();
        let v = demo_verifier(false, &[response]);
        let nca_crls = ["nca-rsa.crl", "nca-rsa-delta.crl"]
            .map(|c| Crl::from_der(&file(&format!("{DEMO}/{c}"))).unwrap());
        let with_crls = Options::at(demo_time()).crls(nca_crls);
        for _ in 0..2 {
            let with = v.verify_certificate(&who, &with_crls);
            assert!(with.valid, "{:?}", with.reason);
            let without = v.verify_certificate(&who, &Options::at(demo_time()));
            assert!(
                matches!(&without.reason, Some(Error::OcspInvalid { detail, .. }) if detail.contains("the responder's own status")),
                "{:?}",
                without.reason
            );
        }
    }

    #[test]
    fn a_response_signed_by_an_unauthorised_key_is_refused() {
        // The rogue CA has nca-rsa's name but its own key.
        let (ca, who) = (cert("nca-rsa"), cert("individual-sign"));
        let rogue_key = key("rogue-nca");
        let forged = Build {
            signer: &rogue_key,
            ..by_ca(&who, &ca, &rogue_key, Answer::Good)
        }
        .response();
        refused(
            Verifier::builder()
                .build()
                .verify_ocsp(&forged, &who, &ca, demo_time()),
            "signature invalid",
        );
        assert!(matches!(
            verdict(&demo_verifier(false, std::slice::from_ref(&forged)), &who),
            Err(Error::OcspInvalid { .. })
        ));
        // A good CRL still decides when the only OCSP response is refused.
        assert!(verdict(&demo_verifier(true, &[forged]), &who).is_ok());
    }

    #[test]
    fn an_expired_response_is_refused() {
        let (ca, ca_key, who) = (cert("nca-rsa"), key("nca-rsa"), cert("individual-sign"));
        let expired = Build {
            this_update: t("2025-05-01T00:00:00Z"),
            next_update: Some(t("2025-05-02T00:00:00Z")),
            ..by_ca(&who, &ca, &ca_key, Answer::Good)
        }
        .response();
        refused(
            Verifier::builder()
                .build()
                .verify_ocsp(&expired, &who, &ca, demo_time()),
            "stale",
        );
        assert!(matches!(
            verdict(&demo_verifier(false, &[expired]), &who),
            Err(Error::OcspInvalid { detail, .. }) if detail.contains("stale")
        ));
    }
}
