//! Issue 13, defects 5-7: OCSP evidence must never be turnable against the
//! verifier.
//!
//! 5. A delegated responder (id-kp-OCSPSigning, id-pkix-ocsp-nocheck) must
//!    be valid at the validation time, not only at the producedAt it writes
//!    itself; producedAt may not precede thisUpdate.
//! 6. A thisUpdate (or producedAt) later than the validation time plus the
//!    policy's clock skew is unreliable (RFC 6960 4.2.2.1): refused, never
//!    good.
//! 7. Several SingleResponses about one certificate: every one counts (any
//!    revocation wins), a stale or future-dated one never hides a fresh
//!    one.
//!
//! The responses are built here with the demo PKI (`test-vectors/demo`);
//! those the CLI and the C ABI use are committed in
//! `test-vectors/ocsp-fail-open/` and checked to be exactly what
//! [`vectors`] builds (regenerate with
//! `QOLTANBA_WRITE_VECTORS=1 cargo test --test fail_open_ocsp`). The responder
//! of the delegated cases uses the demo key of `expired.pem` (RSA, so every
//! signature and every byte is deterministic).
#![cfg(feature = "aws-lc")]
#![allow(clippy::unwrap_used)]

#[path = "../../tests/common/mod.rs"]
mod common;

use std::fs;

use common::der::*;
use common::{cert, demo_time, key, DemoKey, DEMO};
use qoltanba::{
    Certificate, Crl, Error, OcspCertStatus, OcspResponse, Options, RevocationReason, Signer, Time,
    Verifier,
};

const VECTORS: &str = "../test-vectors/ocsp-fail-open";

fn t(s: &str) -> Time {
    Time::parse_rfc3339(s).unwrap()
}

#[derive(Clone, Copy)]
enum Answer {
    Good,
    /// Revoked at this time, keyCompromise.
    Revoked(Time),
}

/// One SingleResponse.
#[derive(Clone, Copy)]
struct Single<'a> {
    cert: &'a Certificate,
    answer: Answer,
    this_update: Time,
    next_update: Option<Time>,
}

/// The CertID hash is SHA-256; the responder is named by its subject.
fn build(
    issuer: &Certificate,
    singles: &[Single<'_>],
    produced_at: Time,
    signer: &dyn Signer,
    responder: &Certificate,
    carried: Option<&Certificate>,
) -> Vec<u8> {
    let entries: Vec<Vec<u8>> = singles
        .iter()
        .map(|s| {
            let status = match s.answer {
                Answer::Good => vec![0x80, 0x00],
                Answer::Revoked(at) => tlv(
                    0xa1,
                    &[generalized_time(at.unix()), tlv(0xa0, &[0x0a, 0x01, 0x01])].concat(),
                ),
            };
            ocsp_single(
                issuer,
                s.cert,
                status,
                s.this_update.unix(),
                s.next_update.map(Time::unix),
            )
        })
        .collect();
    let tbs = seq(&[
        tlv(0xa1, &subject_and_key(responder).0),
        generalized_time(produced_at.unix()),
        seq(&entries),
    ]);
    let rsa = matches!(
        signer.algorithm(),
        qoltanba::SignatureAlgorithm::RsaPkcs1(_)
    );
    let mut basic = vec![
        tbs.clone(),
        signature_alg(rsa),
        bits(&signer.sign(&tbs).unwrap()),
    ];
    if let Some(c) = carried {
        basic.push(tlv(0xa0, &seq(&[c.der().to_vec()])));
    }
    seq(&[
        tlv(0x0a, &[0]),
        tlv(
            0xa0,
            &seq(&[oid("1.3.6.1.5.5.7.48.1.1"), octets(&seq(&basic))]),
        ),
    ])
}

/// A delegated responder certified by DEMO NCA (RSA): id-kp-OCSPSigning,
/// id-pkix-ocsp-nocheck, digitalSignature, valid `from..to`, with the key
/// of `expired.pem`.
fn responder(serial: u8, from: &str, to: &str) -> Certificate {
    let exts = vec![
        extension("2.5.29.15", true, &tlv(0x03, &[0x07, 0x80])),
        extension("2.5.29.37", false, &seq(&[oid("1.3.6.1.5.5.7.3.9")])),
        extension("1.3.6.1.5.5.7.48.1.5", false, &null()),
    ];
    issue(
        &cert("nca-rsa"),
        &key("nca-rsa"),
        serial,
        &name("DEMO OCSP RESPONDER"),
        cert("expired").spki(),
        t(from).unix(),
        t(to).unix(),
        &exts,
    )
}

fn responder_key() -> DemoKey {
    key("expired")
}

/// A response signed by a delegated responder.
fn delegated(singles: &[Single<'_>], produced_at: Time, responder: &Certificate) -> Vec<u8> {
    build(
        &cert("nca-rsa"),
        singles,
        produced_at,
        &responder_key(),
        responder,
        Some(responder),
    )
}

/// A response signed by DEMO NCA (RSA) itself.
fn by_ca(singles: &[Single<'_>], produced_at: Time) -> Vec<u8> {
    let ca = cert("nca-rsa");
    build(&ca, singles, produced_at, &key("nca-rsa"), &ca, None)
}

/// A fresh single answer at the demo time (thisUpdate an hour before,
/// nextUpdate a day after).
fn fresh(who: &Certificate, answer: Answer) -> Single<'_> {
    Single {
        cert: who,
        answer,
        this_update: t("2025-05-31T23:00:00Z"),
        next_update: Some(t("2025-06-02T00:00:00Z")),
    }
}

/// The committed vectors: (file name, DER).
fn vectors() -> Vec<(&'static str, Vec<u8>)> {
    let revoked = cert("revoked");
    let who = cert("individual-sign");
    let expired_responder = responder(0x61, "2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
    let future_responder = responder(0x62, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
    let compromise = t("2025-05-01T00:00:00Z");
    vec![
        // 5: a responder valid 2023-01-01..2024-01-01 says "good" for
        // revoked.pem (keyCompromise 2025-03-01 in nca-rsa.crl), producedAt =
        // thisUpdate = 2023-06-01, nextUpdate 2030.
        (
            "expired-responder.der",
            delegated(
                &[Single {
                    cert: &revoked,
                    answer: Answer::Good,
                    this_update: t("2023-06-01T00:00:00Z"),
                    next_update: Some(t("2030-01-01T00:00:00Z")),
                }],
                t("2023-06-01T00:00:00Z"),
                &expired_responder,
            ),
        ),
        // 5: the same responder, producedAt backdated into its validity,
        // thisUpdate current.
        (
            "backdated-produced-at.der",
            delegated(
                &[Single {
                    next_update: Some(t("2030-01-01T00:00:00Z")),
                    ..fresh(&revoked, Answer::Good)
                }],
                t("2023-06-01T00:00:00Z"),
                &expired_responder,
            ),
        ),
        // 5: a responder valid only from 2026, producedAt inside its
        // validity, thisUpdate current.
        (
            "future-responder.der",
            delegated(
                &[Single {
                    next_update: Some(t("2030-01-01T00:00:00Z")),
                    ..fresh(&revoked, Answer::Good)
                }],
                t("2026-02-01T00:00:00Z"),
                &future_responder,
            ),
        ),
        // 6: the CA itself, "good" with thisUpdate (and producedAt) in 2099
        // and no nextUpdate.
        (
            "this-update-2099.der",
            by_ca(
                &[Single {
                    cert: &revoked,
                    answer: Answer::Good,
                    this_update: t("2099-01-01T00:00:00Z"),
                    next_update: None,
                }],
                t("2099-01-01T00:00:00Z"),
            ),
        ),
        // 6: thisUpdate nine days after the validation time.
        (
            "this-update-nine-days-ahead.der",
            by_ca(
                &[Single {
                    cert: &revoked,
                    answer: Answer::Good,
                    this_update: t("2025-06-10T00:00:00Z"),
                    next_update: Some(t("2025-06-17T00:00:00Z")),
                }],
                t("2025-06-10T00:00:00Z"),
            ),
        ),
        // 7: "good" then "revoked (keyCompromise)" for the same CertID.
        (
            "good-then-revoked.der",
            by_ca(
                &[
                    fresh(&who, Answer::Good),
                    fresh(&who, Answer::Revoked(compromise)),
                ],
                t("2025-05-31T23:00:00Z"),
            ),
        ),
    ]
}

/// The committed vectors are what [`vectors`] builds (or, with
/// `QOLTANBA_WRITE_VECTORS=1`, are written).
#[test]
fn committed_vectors_are_current() {
    let write = std::env::var_os("QOLTANBA_WRITE_VECTORS").is_some();
    for (name, der) in vectors() {
        let path = format!("{VECTORS}/{name}");
        if write {
            fs::create_dir_all(VECTORS).unwrap();
            fs::write(&path, &der).unwrap();
        }
        assert_eq!(
            fs::read(&path).unwrap_or_default(),
            der,
            "{path} is not what the test builds"
        );
    }
}

fn vector(name: &str) -> OcspResponse {
    OcspResponse::from_der(&fs::read(format!("{VECTORS}/{name}")).unwrap()).unwrap()
}

/// The demo anchors and intermediates with the roots' CRLs; DEMO NCA
/// (RSA)'s own CRLs only if `nca_crls` (else the OCSP responses are the
/// only evidence about its end entities).
fn verifier(nca_crls: bool, ocsp: &[OcspResponse]) -> Verifier {
    let mut b = Verifier::builder()
        .trust(cert("root-rsa"))
        .trust(cert("root-ec"))
        .intermediate(cert("nca-rsa"))
        .intermediate(cert("nca-ec"));
    let mut crls = vec!["root-rsa.crl", "root-ec.crl"];
    if nca_crls {
        crls.extend(["nca-rsa.crl", "nca-rsa-delta.crl"]);
    }
    for c in crls {
        b = b.crl(Crl::from_der(&fs::read(format!("{DEMO}/{c}")).unwrap()).unwrap());
    }
    for r in ocsp {
        b = b.ocsp(r.clone());
    }
    b.build()
}

fn verdict(v: &Verifier, who: &Certificate, at: Time) -> Result<(), Error> {
    v.verify_certificate(who, &Options::at(at)).result()
}

/// `r` is an OCSP refusal whose detail contains `why`.
#[track_caller]
fn refused<T: std::fmt::Debug>(r: Result<T, Error>, why: &str) {
    assert!(
        matches!(&r, Err(Error::OcspInvalid { detail, .. }) if detail.contains(why)),
        "expected a refusal with {why:?}: {r:?}"
    );
}

#[track_caller]
fn revoked_at(r: Result<(), Error>, at: Time) {
    assert!(
        matches!(&r, Err(Error::CertRevoked { revoked_at, reason: Some(RevocationReason::KeyCompromise), .. }) if *revoked_at == at),
        "expected revoked at {at}: {r:?}"
    );
}

// ---- 5: the delegated responder's validity --------------------------------

#[test]
fn an_expired_responder_is_refused() {
    let revoked = cert("revoked");
    let ca = cert("nca-rsa");
    let response = vector("expired-responder.der");
    let v = verifier(false, std::slice::from_ref(&response));
    refused(
        v.verify_ocsp(&response, &revoked, &ca, demo_time()),
        "not valid at the validation time",
    );
    refused(
        verdict(&v, &revoked, demo_time()),
        "not valid at the validation time",
    );
    // With the CA's CRL too, the CRL's revocation decides.
    let with_crl = verifier(true, std::slice::from_ref(&response));
    assert!(matches!(
        verdict(&with_crl, &revoked, demo_time()),
        Err(Error::CertRevoked { .. })
    ));
    // Inside the responder's validity (and the response's freshness) the
    // response is evidence: before the revocation, the certificate is not
    // valid yet (2025-01-01), so ask the response directly.
    assert_eq!(
        v.verify_ocsp(&response, &revoked, &ca, t("2023-06-02T00:00:00Z")),
        Ok(OcspCertStatus::Good)
    );
}

#[test]
fn a_backdated_produced_at_is_refused() {
    let revoked = cert("revoked");
    let response = vector("backdated-produced-at.der");
    let v = verifier(false, std::slice::from_ref(&response));
    refused(
        v.verify_ocsp(&response, &revoked, &cert("nca-rsa"), demo_time()),
        "not valid at the validation time",
    );
    refused(
        verdict(&v, &revoked, demo_time()),
        "not valid at the validation time",
    );
}

#[test]
fn a_responder_not_yet_valid_is_refused() {
    let revoked = cert("revoked");
    let response = vector("future-responder.der");
    let v = verifier(false, std::slice::from_ref(&response));
    refused(
        v.verify_ocsp(&response, &revoked, &cert("nca-rsa"), demo_time()),
        "not valid at the validation time",
    );
    refused(
        verdict(&v, &revoked, demo_time()),
        "not valid at the validation time",
    );
}

/// producedAt before thisUpdate: refused even from a responder valid at
/// the validation time, and from the CA itself.
#[test]
fn produced_at_before_this_update_is_refused() {
    let who = cert("individual-sign");
    let ca = cert("nca-rsa");
    let current = responder(0x63, "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
    let by_responder = OcspResponse::from_der(&delegated(
        &[fresh(&who, Answer::Good)],
        t("2025-02-01T00:00:00Z"),
        &current,
    ))
    .unwrap();
    let v = verifier(false, std::slice::from_ref(&by_responder));
    refused(
        v.verify_ocsp(&by_responder, &who, &ca, demo_time()),
        "precedes thisUpdate",
    );
    refused(verdict(&v, &who, demo_time()), "precedes thisUpdate");
    let by_ca = OcspResponse::from_der(&by_ca(
        &[fresh(&who, Answer::Good)],
        t("2025-05-31T22:00:00Z"),
    ))
    .unwrap();
    refused(
        verdict(&verifier(false, &[by_ca]), &who, demo_time()),
        "precedes thisUpdate",
    );
    // The control: the same responder with producedAt = thisUpdate.
    let ok = OcspResponse::from_der(&delegated(
        &[fresh(&who, Answer::Good)],
        t("2025-05-31T23:00:00Z"),
        &current,
    ))
    .unwrap();
    assert_eq!(verdict(&verifier(false, &[ok]), &who, demo_time()), Ok(()));
}

// ---- 6: a status from the future ------------------------------------------

#[test]
fn a_this_update_in_2099_is_refused() {
    let revoked = cert("revoked");
    let response = vector("this-update-2099.der");
    let v = verifier(false, std::slice::from_ref(&response));
    refused(
        v.verify_ocsp(&response, &revoked, &cert("nca-rsa"), demo_time()),
        "after the validation time",
    );
    refused(
        verdict(&v, &revoked, demo_time()),
        "after the validation time",
    );
    // With producedAt current, the entry's own thisUpdate is the reason.
    let entry_only = OcspResponse::from_der(&by_ca(
        &[Single {
            cert: &revoked,
            answer: Answer::Good,
            this_update: t("2099-01-01T00:00:00Z"),
            next_update: None,
        }],
        t("2025-05-31T23:00:00Z"),
    ))
    .unwrap();
    refused(
        verdict(&verifier(false, &[entry_only]), &revoked, demo_time()),
        "thisUpdate 2099-01-01T00:00:00Z is after the validation time 2025-06-01T00:00:00Z",
    );
}

#[test]
fn a_this_update_nine_days_ahead_is_refused() {
    let revoked = cert("revoked");
    let response = vector("this-update-nine-days-ahead.der");
    let v = verifier(false, std::slice::from_ref(&response));
    refused(
        v.verify_ocsp(&response, &revoked, &cert("nca-rsa"), demo_time()),
        // producedAt (not before thisUpdate) is in the future too.
        "2025-06-10T00:00:00Z is after the validation time 2025-06-01T00:00:00Z",
    );
    refused(
        verdict(&v, &revoked, demo_time()),
        "after the validation time",
    );
}

/// producedAt later than the validation time (thisUpdate current).
#[test]
fn a_produced_at_from_the_future_is_refused() {
    let who = cert("individual-sign");
    let response = OcspResponse::from_der(&by_ca(
        &[fresh(&who, Answer::Good)],
        t("2025-06-10T00:00:00Z"),
    ))
    .unwrap();
    refused(
        verdict(&verifier(false, &[response]), &who, demo_time()),
        "producedAt 2025-06-10T00:00:00Z is after the validation time",
    );
}

/// Within the policy's clock skew (5 minutes by default) a thisUpdate and
/// producedAt after the validation time are accepted; beyond it, not.
#[test]
fn the_clock_skew_is_honoured() {
    let who = cert("individual-sign");
    let ahead = |secs: i64| {
        let at = Time::from_unix(demo_time().unix() + secs);
        OcspResponse::from_der(&by_ca(
            &[Single {
                this_update: at,
                ..fresh(&who, Answer::Good)
            }],
            at,
        ))
        .unwrap()
    };
    assert_eq!(
        verdict(&verifier(false, &[ahead(240)]), &who, demo_time()),
        Ok(())
    );
    refused(
        verdict(&verifier(false, &[ahead(360)]), &who, demo_time()),
        "after the validation time",
    );
    let lenient = Verifier::builder()
        .trust(cert("root-rsa"))
        .intermediate(cert("nca-rsa"))
        .crl(Crl::from_der(&fs::read(format!("{DEMO}/root-rsa.crl")).unwrap()).unwrap())
        .ocsp(ahead(360))
        .policy(qoltanba::Policy::default().max_clock_skew(std::time::Duration::from_secs(600)))
        .build();
    assert_eq!(verdict(&lenient, &who, demo_time()), Ok(()));
}

/// A refused future-dated response leaves the CA's CRL to decide, as a
/// stale one does.
#[test]
fn a_future_dated_response_leaves_the_crl_to_decide() {
    let revoked = cert("revoked");
    let v = verifier(true, &[vector("this-update-2099.der")]);
    assert!(matches!(
        verdict(&v, &revoked, demo_time()),
        Err(Error::CertRevoked { .. })
    ));
    let who = cert("individual-sign");
    let response = OcspResponse::from_der(&by_ca(
        &[fresh(&who, Answer::Good)],
        t("2099-01-01T00:00:00Z"),
    ))
    .unwrap();
    assert_eq!(
        verdict(&verifier(true, &[response]), &who, demo_time()),
        Ok(())
    );
}

// ---- 7: several SingleResponses about one certificate ---------------------

#[test]
fn a_revoked_entry_wins_in_either_order() {
    let who = cert("individual-sign");
    let at = t("2025-05-01T00:00:00Z");
    let good = fresh(&who, Answer::Good);
    let revoked = fresh(&who, Answer::Revoked(at));
    let first = vector("good-then-revoked.der");
    let second =
        OcspResponse::from_der(&by_ca(&[revoked, good], t("2025-05-31T23:00:00Z"))).unwrap();
    for response in [first, second] {
        let v = verifier(false, std::slice::from_ref(&response));
        assert_eq!(
            v.verify_ocsp(&response, &who, &cert("nca-rsa"), demo_time()),
            Ok(OcspCertStatus::Revoked {
                time: at,
                reason: Some(RevocationReason::KeyCompromise)
            })
        );
        revoked_at(verdict(&v, &who, demo_time()), at);
        // The CA's CRL (which does not list the certificate) changes
        // nothing.
        revoked_at(verdict(&verifier(true, &[response]), &who, demo_time()), at);
    }
}

/// A stale or future-dated "good" entry first never hides a fresh
/// "revoked" one; with a CRL that does not list the certificate, the
/// old code said valid.
#[test]
fn a_stale_or_future_entry_never_hides_a_fresh_one() {
    let who = cert("individual-sign");
    let at = t("2025-05-01T00:00:00Z");
    let stale = Single {
        this_update: t("2025-05-10T00:00:00Z"),
        next_update: Some(t("2025-05-11T00:00:00Z")),
        ..fresh(&who, Answer::Good)
    };
    let future = Single {
        this_update: t("2099-01-01T00:00:00Z"),
        next_update: None,
        ..fresh(&who, Answer::Good)
    };
    for hiding in [stale, future] {
        let response = OcspResponse::from_der(&by_ca(
            &[hiding, fresh(&who, Answer::Revoked(at))],
            t("2025-05-31T23:00:00Z"),
        ))
        .unwrap();
        revoked_at(
            verdict(
                &verifier(true, std::slice::from_ref(&response)),
                &who,
                demo_time(),
            ),
            at,
        );
        revoked_at(
            verdict(&verifier(false, &[response]), &who, demo_time()),
            at,
        );
    }
    // A fresh "good" after a stale one: good.
    let response = OcspResponse::from_der(&by_ca(
        &[stale, fresh(&who, Answer::Good)],
        t("2025-05-31T23:00:00Z"),
    ))
    .unwrap();
    assert_eq!(
        verdict(&verifier(false, &[response]), &who, demo_time()),
        Ok(())
    );
}

/// A revocation (not a hold) in a stale entry is still a revocation: a
/// fresh "good" next to it does not undo it.
#[test]
fn a_permanent_revocation_in_a_stale_entry_still_counts() {
    let who = cert("individual-sign");
    let at = t("2025-05-01T00:00:00Z");
    let stale_revoked = Single {
        this_update: t("2025-05-10T00:00:00Z"),
        next_update: Some(t("2025-05-11T00:00:00Z")),
        ..fresh(&who, Answer::Revoked(at))
    };
    let response = OcspResponse::from_der(&by_ca(
        &[fresh(&who, Answer::Good), stale_revoked],
        t("2025-05-31T23:00:00Z"),
    ))
    .unwrap();
    revoked_at(verdict(&verifier(true, &[response]), &who, demo_time()), at);
}

// ---- the CLI ----------------------------------------------------------------

mod cli {
    use super::*;
    use std::process::Command;

    /// `qoltanba verify-cert LEAF --ocsp RESP --at ...` with the demo
    /// anchors and intermediates and only the roots' CRLs.
    fn verify_cert(leaf: &str, response: &str) -> (Option<i32>, String) {
        let o = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
            .args([
                "verify-cert",
                &format!("{DEMO}/{leaf}"),
                "--trust-profile",
                "none",
                "--at",
                "2025-06-01T00:00:00Z",
                "--trust",
                &format!("{DEMO}/root-rsa.pem"),
                "--intermediate",
                &format!("{DEMO}/nca-rsa.pem"),
                "--crl",
                &format!("{DEMO}/root-rsa.crl"),
                "--ocsp",
                &format!("{VECTORS}/{response}"),
            ])
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    }

    #[test]
    fn cli_refuses_the_expired_responder() {
        for response in [
            "expired-responder.der",
            "backdated-produced-at.der",
            "future-responder.der",
        ] {
            let (code, out) = verify_cert("revoked.pem", response);
            assert_eq!(code, Some(1), "{response}: {out}");
            assert!(
                out.starts_with("certificate: NOT VALID [ocsp-invalid]"),
                "{response}: {out}"
            );
            assert!(
                out.contains("is not valid at the validation time 2025-06-01T00:00:00Z"),
                "{response}: {out}"
            );
        }
    }

    #[test]
    fn cli_refuses_a_status_from_the_future() {
        for response in ["this-update-2099.der", "this-update-nine-days-ahead.der"] {
            let (code, out) = verify_cert("revoked.pem", response);
            assert_eq!(code, Some(1), "{response}: {out}");
            assert!(
                out.starts_with("certificate: NOT VALID [ocsp-invalid]"),
                "{response}: {out}"
            );
            assert!(
                out.contains("is after the validation time 2025-06-01T00:00:00Z"),
                "{response}: {out}"
            );
        }
    }

    #[test]
    fn cli_takes_the_revoked_entry() {
        let (code, out) = verify_cert("individual-sign.pem", "good-then-revoked.der");
        assert_eq!(code, Some(1), "{out}");
        assert!(
            out.starts_with("certificate: NOT VALID [cert-revoked]"),
            "{out}"
        );
        assert!(
            out.contains("was revoked at 2025-05-01T00:00:00Z (keyCompromise)"),
            "{out}"
        );
    }
}
