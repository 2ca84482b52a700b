//! Issue 13, defects 1 and 2: how full and delta CRLs combine. Genuine
//! CRLs signed by the demo NCA (RSA) key, made here, are combined in every
//! order that matters; any genuine, in-scope, fresh evidence of a permanent
//! revocation at the validation time must win, a delta older than the full
//! CRL in hand says nothing about it, removeFromCRL only lifts a hold, and
//! a delta whose base is newer than the full CRL in hand is not dropped.
//!
//! The four CRLs of `test-vectors/delta/` (used by the CLI and C tests) are
//! made by [`committed`] here; `committed_vectors_are_what_the_generator_makes`
//! checks that they still are (RSA PKCS #1 v1.5 signatures are
//! deterministic).
#![cfg(feature = "aws-lc")]
#![allow(clippy::unwrap_used)]

use qoltanba::{
    sign_document, sign_request, Crl, Options, Request, RequestPolicy, SignOptions, SignedDocument,
    Time, Verifier,
};

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "../../tests/generate/mod.rs"]
mod generate;
use common::{cert, demo_time, key};
use generate::{crl, tlv, CrlSpec};

const VECTORS: &str = "../test-vectors/delta";

const KEY_COMPROMISE: u8 = 1;
const SUPERSEDED: u8 = 4;
const HOLD: u8 = 6;
const REMOVE: u8 = 8;

fn t(day: u32) -> Time {
    Time::parse_rfc3339(&format!("2025-05-{day:02}T00:00:00Z")).unwrap()
}

/// The serial (INTEGER content octets) of a demo certificate.
fn serial(who: &str) -> Vec<u8> {
    let hex = cert(who).serial_hex().to_owned();
    let mut bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    if bytes[0] >= 0x80 {
        bytes.insert(0, 0);
    }
    bytes
}

/// A CRL of DEMO NCA (RSA): `number`, a delta of `base` if given, thisUpdate
/// 2025-05-`day`, nextUpdate 2025-07-01, listing individual-sign with
/// `reason` (if any). Entries are dated 2025-04-15.
fn nca_crl(number: u32, base: Option<u32>, day: u32, reason: Option<Option<u8>>) -> Crl {
    Crl::from_der(&nca_crl_der(number, base, day, reason)).unwrap()
}

fn nca_crl_der(number: u32, base: Option<u32>, day: u32, reason: Option<Option<u8>>) -> Vec<u8> {
    let mut spec = CrlSpec::new(0);
    spec.number = number;
    spec.delta_base = base;
    spec.this_update = t(day);
    if let Some(reason) = reason {
        spec.extra.push((serial("individual-sign"), reason));
    }
    crl(&cert("nca-rsa"), &key("nca-rsa"), &spec).unwrap()
}

fn full(number: u32, day: u32, reason: Option<u8>) -> Crl {
    nca_crl(number, None, day, reason.map(Some))
}

fn delta(number: u32, base: u32, day: u32, reason: Option<u8>) -> Crl {
    nca_crl(number, Some(base), day, reason.map(Some))
}

fn demo_crl(name: &str) -> Crl {
    Crl::from_der(&std::fs::read(format!("../test-vectors/demo/{name}")).unwrap()).unwrap()
}

/// The demo RSA hierarchy with the root's CRL and `crls`.
fn verifier(crls: impl IntoIterator<Item = Crl>) -> Verifier {
    let mut b = Verifier::builder()
        .trust(cert("root-rsa"))
        .intermediate(cert("nca-rsa"))
        .crl(demo_crl("root-rsa.crl"));
    for c in crls {
        b = b.crl(c);
    }
    b.build()
}

/// The reason code for individual-sign (`None`: valid) with the verifier's
/// CRLs `own` and `given` for this validation (as a document carries them).
fn code_with(own: Vec<Crl>, given: Vec<Crl>) -> Option<String> {
    let options = Options::at(demo_time()).crls(given);
    let report = verifier(own).verify_certificate(&cert("individual-sign"), &options);
    report.reason.map(|e| e.code().to_owned())
}

fn code(crls: Vec<Crl>) -> Option<String> {
    code_with(crls, Vec::new())
}

/// The revocation reason reported for individual-sign.
fn reason_of(crls: Vec<Crl>) -> Option<qoltanba::RevocationReason> {
    let report =
        verifier(crls).verify_certificate(&cert("individual-sign"), &Options::at(demo_time()));
    match report.reason {
        Some(qoltanba::Error::CertRevoked { reason, .. }) => reason,
        other => panic!("not revoked: {other:?}"),
    }
}

const REVOKED: Option<&str> = Some("cert-revoked");
const UNKNOWN: Option<&str> = Some("revocation-status-unknown");

// ---- defect 1: an older delta cancels a newer full CRL ----------------------

#[test]
fn an_older_delta_does_not_cancel_a_newer_full_crl() {
    // Full #101 (May 20) revokes; an older delta (May 10, base 100) still
    // fresh, left over from a lifted hold, says removeFromCRL.
    for delta_number in [7, 102, 150] {
        let crls = || {
            vec![
                full(101, 20, Some(KEY_COMPROMISE)),
                delta(delta_number, 100, 10, Some(REMOVE)),
            ]
        };
        assert_eq!(code(crls()).as_deref(), REVOKED, "delta #{delta_number}");
        let mut reversed = crls();
        reversed.reverse();
        assert_eq!(code(reversed).as_deref(), REVOKED, "delta #{delta_number}");
        // The delta given for this validation only (as a document carries it).
        let [f, d] = <[Crl; 2]>::try_from(crls()).unwrap();
        assert_eq!(
            code_with(vec![f.clone()], vec![d.clone()]).as_deref(),
            REVOKED
        );
        assert_eq!(code_with(vec![d], vec![f]).as_deref(), REVOKED);
    }
    assert_eq!(
        reason_of(vec![
            full(101, 20, Some(KEY_COMPROMISE)),
            delta(7, 100, 10, Some(REMOVE))
        ]),
        Some(qoltanba::RevocationReason::KeyCompromise)
    );
}

#[test]
fn remove_from_crl_never_lifts_a_permanent_revocation() {
    for reason in [None, Some(KEY_COMPROMISE), Some(SUPERSEDED)] {
        // A newer delta of the same base (or of a newer one), even one made
        // at the same time as the full CRL.
        for (base, day) in [(100, 25), (100, 15), (101, 25), (99, 25)] {
            let crls = vec![
                nca_crl(100, None, 15, Some(reason)),
                delta(7, base, day, Some(REMOVE)),
            ];
            assert_eq!(code(crls).as_deref(), REVOKED, "{reason:?} {base} {day}");
        }
    }
    // Revoked by the delta of a hold, then lifted by a later delta: still
    // revoked when the later delta says removeFromCRL for a permanent one.
    let crls = vec![
        full(100, 10, None),
        delta(7, 100, 20, Some(KEY_COMPROMISE)),
        delta(8, 100, 25, Some(REMOVE)),
    ];
    assert_eq!(code(crls).as_deref(), REVOKED);
}

#[test]
fn a_tie_between_own_and_given_crls_never_makes_a_revoked_certificate_valid() {
    // Same number, same thisUpdate: one lists the certificate, one does not.
    let listing = || full(101, 20, Some(KEY_COMPROMISE));
    let silent = || full(101, 20, None);
    assert_eq!(
        code_with(vec![listing()], vec![silent()]).as_deref(),
        REVOKED
    );
    assert_eq!(
        code_with(vec![silent()], vec![listing()]).as_deref(),
        REVOKED
    );
    assert_eq!(code(vec![silent(), listing()]).as_deref(), REVOKED);
    assert_eq!(code(vec![listing(), silent()]).as_deref(), REVOKED);
    // The same with a hold, and with deltas.
    let held = || full(101, 20, Some(HOLD));
    assert_eq!(code_with(vec![held()], vec![silent()]).as_deref(), REVOKED);
    assert_eq!(code_with(vec![silent()], vec![held()]).as_deref(), REVOKED);
    let base = || full(100, 10, None);
    assert_eq!(
        code_with(
            vec![base(), delta(7, 100, 20, Some(HOLD))],
            vec![delta(7, 100, 20, Some(REMOVE))]
        )
        .as_deref(),
        REVOKED
    );
    assert_eq!(
        code_with(
            vec![base(), delta(7, 100, 20, Some(REMOVE))],
            vec![delta(7, 100, 20, Some(HOLD))]
        )
        .as_deref(),
        REVOKED
    );
}

#[test]
fn an_older_full_crl_listing_a_permanent_revocation_still_counts() {
    // Both fresh: the newer one no longer lists the certificate.
    let crls = vec![full(100, 10, Some(KEY_COMPROMISE)), full(101, 20, None)];
    assert_eq!(code(crls).as_deref(), REVOKED);
}

// ---- defect 2: a delta whose base is newer than the full CRL in hand ---------

#[test]
fn a_delta_whose_base_is_newer_than_the_full_crl_is_not_dropped() {
    for reason in [None, Some(KEY_COMPROMISE), Some(SUPERSEDED)] {
        let crls = vec![full(99, 10, None), nca_crl(8, Some(100), 25, Some(reason))];
        assert_eq!(code(crls).as_deref(), REVOKED, "{reason:?}");
    }
    // A hold in it is in force too.
    let crls = vec![full(99, 10, None), delta(8, 100, 25, Some(HOLD))];
    assert_eq!(code(crls).as_deref(), REVOKED);
    assert_eq!(
        reason_of(vec![full(99, 10, None), delta(8, 100, 25, Some(HOLD))]),
        Some(qoltanba::RevocationReason::CertificateHold)
    );
    // Given for one validation only.
    assert_eq!(
        code_with(
            vec![full(99, 10, None)],
            vec![delta(8, 100, 25, Some(KEY_COMPROMISE))]
        )
        .as_deref(),
        REVOKED
    );
    // A newer-base delta that does not list the certificate says nothing
    // about it: the full CRL in hand answers.
    let crls = vec![full(99, 10, None), delta(8, 100, 25, None)];
    assert_eq!(code(crls), None);
    let crls = vec![full(99, 10, Some(HOLD)), delta(8, 100, 25, None)];
    assert_eq!(code(crls).as_deref(), REVOKED);
}

#[test]
fn a_fresh_delta_alone_revokes_but_never_vouches() {
    // No full CRL at all: a delta's permanent revocation or hold is a
    // revocation; otherwise the status is unknown.
    assert_eq!(
        code(vec![delta(8, 100, 25, Some(KEY_COMPROMISE))]).as_deref(),
        REVOKED
    );
    assert_eq!(
        code(vec![delta(8, 100, 25, Some(HOLD))]).as_deref(),
        REVOKED
    );
    assert_eq!(code(vec![delta(8, 100, 25, None)]).as_deref(), UNKNOWN);
    assert_eq!(
        code(vec![delta(8, 100, 25, Some(REMOVE))]).as_deref(),
        UNKNOWN
    );
    // A stale full CRL does not make a delta a complete answer.
    let mut spec = CrlSpec::new(0);
    spec.number = 100;
    spec.this_update = t(1);
    spec.next_update = t(20);
    let stale = Crl::from_der(&crl(&cert("nca-rsa"), &key("nca-rsa"), &spec).unwrap()).unwrap();
    assert_eq!(
        code(vec![stale, delta(8, 100, 25, None)]).as_deref(),
        UNKNOWN
    );
}

// ---- holds ------------------------------------------------------------------

#[test]
fn holds_and_their_release() {
    // Held in the full CRL, released by a newer delta of its base.
    assert_eq!(
        code(vec![
            full(100, 10, Some(HOLD)),
            delta(7, 100, 25, Some(REMOVE))
        ]),
        None
    );
    // ... or by a delta of a newer base.
    assert_eq!(
        code(vec![
            full(100, 10, Some(HOLD)),
            delta(7, 101, 25, Some(REMOVE))
        ]),
        None
    );
    // Held again in a newer full CRL: the older release says nothing.
    assert_eq!(
        code(vec![
            full(101, 20, Some(HOLD)),
            delta(7, 100, 15, Some(REMOVE))
        ])
        .as_deref(),
        REVOKED
    );
    // A release made at the same time as the hold: fail closed.
    assert_eq!(
        code(vec![
            full(101, 20, Some(HOLD)),
            delta(7, 100, 20, Some(REMOVE))
        ])
        .as_deref(),
        REVOKED
    );
    // Held, and a newer delta of the same base that does not list it: the
    // hold stands (a delta lists every change since its base).
    assert_eq!(
        code(vec![full(100, 10, Some(HOLD)), delta(7, 100, 25, None)]).as_deref(),
        REVOKED
    );
    // Put on hold by one delta, released by a later one; and the reverse.
    assert_eq!(
        code(vec![
            full(100, 10, None),
            delta(7, 100, 15, Some(HOLD)),
            delta(8, 100, 25, Some(REMOVE)),
        ]),
        None
    );
    assert_eq!(
        code(vec![
            full(100, 10, None),
            delta(7, 100, 15, Some(REMOVE)),
            delta(8, 100, 25, Some(HOLD)),
        ])
        .as_deref(),
        REVOKED
    );
    // A hold released, then the full CRL of after the release: valid.
    assert_eq!(
        code(vec![
            full(100, 10, Some(HOLD)),
            delta(7, 100, 15, Some(REMOVE)),
            full(101, 20, None),
        ]),
        None
    );
    // Not listed anywhere: valid, whatever the deltas' numbers.
    assert_eq!(
        code(vec![full(101, 20, None), delta(7, 100, 10, None)]),
        None
    );
    assert_eq!(
        code(vec![full(101, 20, None), delta(7, 101, 20, None)]),
        None
    );
}

#[test]
fn the_national_cas_delta_numbering_still_applies() {
    // The demo delta (own CRLNumber 7, base 100) over the demo full #100.
    let v = verifier([demo_crl("nca-rsa.crl"), demo_crl("nca-rsa-delta.crl")]);
    let o = Options::at(demo_time());
    let code_of = |who: &str| {
        v.verify_certificate(&cert(who), &o)
            .reason
            .map(|e| e.code().to_owned())
    };
    assert_eq!(code_of("revoked-delta").as_deref(), REVOKED);
    assert_eq!(code_of("revoked").as_deref(), REVOKED);
    assert_eq!(code_of("on-hold").as_deref(), REVOKED);
    assert_eq!(code_of("individual-sign"), None);
    // A delta made with the full CRL (same thisUpdate, base = its number,
    // a lower number of its own) is applied.
    assert_eq!(
        code(vec![full(14, 20, Some(HOLD)), delta(10, 14, 20, None)]).as_deref(),
        REVOKED
    );
    assert_eq!(
        code(vec![full(14, 20, None), delta(10, 14, 20, None)]),
        None
    );
}

// ---- documents carrying the delta ----------------------------------------------

/// `doc` (a DER ContentInfo of SignedData) with `crls` in its
/// RevocationInfoChoices ([1], before the signerInfos).
fn with_crls(doc: &[u8], crls: &[Vec<u8>]) -> Vec<u8> {
    let (_, ci) = first(doc);
    let (oid, _) = first(ci);
    let (_, explicit) = first(&ci[oid.len()..]);
    let (_, sd) = first(explicit);
    let mut fields = Vec::new();
    let mut rest = sd;
    while !rest.is_empty() {
        let (whole, _) = first(rest);
        fields.push(whole.to_vec());
        rest = &rest[whole.len()..];
    }
    let signer_infos = fields.pop().unwrap();
    fields.push(tlv(0xa1, &crls.concat()));
    fields.push(signer_infos);
    let sd = tlv(0x30, &fields.concat());
    tlv(0x30, &[oid.to_vec(), tlv(0xa0, &sd)].concat())
}

/// (the first DER element of `der`, whole; its content).
fn first(der: &[u8]) -> (&[u8], &[u8]) {
    let (len, header) = match der[1] {
        l if l < 0x80 => (l as usize, 2),
        l => {
            let n = (l & 0x7f) as usize;
            let len = der[2..2 + n]
                .iter()
                .fold(0usize, |a, &b| (a << 8) | b as usize);
            (len, 2 + n)
        }
    };
    (&der[..header + len], &der[header..header + len])
}

fn request_document(crls: &[Vec<u8>]) -> Vec<u8> {
    let req = Request::from_json(
        br#"{"version":1,"service":"00501","kind":"issue","channel":"portal","applicant":{"iin":"871008401427"}}"#,
    )
    .unwrap();
    let doc = sign_request(
        &req,
        &key("individual-sign"),
        &cert("individual-sign"),
        &SignOptions::at(demo_time()),
    )
    .unwrap();
    with_crls(&doc, crls)
}

#[test]
fn a_delta_carried_by_a_document_does_not_cancel_the_verifiers_full_crl() {
    let older_delta = nca_crl_der(7, Some(100), 10, Some(Some(REMOVE)));
    let v = verifier([full(101, 20, Some(KEY_COMPROMISE))]);
    let o = Options::at(demo_time());

    let plain = sign_document(
        b"hello",
        &key("individual-sign"),
        &cert("individual-sign"),
        &SignOptions::at(demo_time()),
    )
    .unwrap();
    let doc = with_crls(&plain, std::slice::from_ref(&older_delta));
    let parsed = SignedDocument::from_any(&doc).unwrap();
    assert_eq!(parsed.crls().len(), 1);
    let report = v.verify_document(&parsed, None, &o);
    assert!(!report.valid);
    assert_eq!(
        report.signers[0].reason.as_ref().map(|e| e.code()),
        Some("cert-revoked")
    );

    let verdict = v.verify_request(
        &request_document(&[older_delta]),
        &o,
        &RequestPolicy::default(),
    );
    assert!(!verdict.valid);
    assert_eq!(
        verdict.reason.as_ref().map(|e| e.code()),
        Some("cert-revoked")
    );
    // Without the delta the request is valid (the document is sound).
    let verdict = verifier([full(101, 20, None)]).verify_request(
        &request_document(&[nca_crl_der(7, Some(100), 10, Some(Some(REMOVE)))]),
        &o,
        &RequestPolicy::default(),
    );
    assert!(verdict.valid, "{:?}", verdict.reason);
}

#[test]
fn a_document_carrying_a_newer_base_delta_is_revoked() {
    let v = verifier([full(99, 10, None)]);
    let doc = request_document(&[nca_crl_der(8, Some(100), 25, Some(Some(KEY_COMPROMISE)))]);
    let verdict = v.verify_request(&doc, &Options::at(demo_time()), &RequestPolicy::default());
    assert_eq!(
        verdict.reason.as_ref().map(|e| e.code()),
        Some("cert-revoked")
    );
}

// ---- the committed vectors, and the CLI ----------------------------------------

/// (file name, DER) of `test-vectors/delta/`.
fn committed() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "full-101-keycompromise.crl",
            nca_crl_der(101, None, 20, Some(Some(KEY_COMPROMISE))),
        ),
        (
            "delta-older-remove.crl",
            nca_crl_der(7, Some(100), 10, Some(Some(REMOVE))),
        ),
        ("full-99.crl", nca_crl_der(99, None, 10, None)),
        (
            "delta-base100-revoke.crl",
            nca_crl_der(8, Some(100), 25, Some(Some(KEY_COMPROMISE))),
        ),
    ]
}

#[test]
fn committed_vectors_are_what_the_generator_makes() {
    for (name, der) in committed() {
        let path = format!("{VECTORS}/{name}");
        if std::env::var_os("QOLTANBA_WRITE_DELTA_VECTORS").is_some() {
            std::fs::create_dir_all(VECTORS).unwrap();
            std::fs::write(&path, &der).unwrap();
        }
        assert_eq!(std::fs::read(&path).unwrap(), der, "{path}");
    }
}

mod cli {
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    use super::*;

    const D: &str = "../test-vectors/demo";

    fn run(cmd: &[&str], file: &str, crls: &[&str]) -> Output {
        let mut args: Vec<String> = cmd.iter().map(|s| (*s).to_owned()).collect();
        args.push(file.to_owned());
        args.extend(
            [
                "--trust-profile",
                "none",
                "--at",
                "2025-06-01T00:00:00Z",
                "--trust",
            ]
            .map(str::to_owned),
        );
        args.push(format!("{D}/root-rsa.pem"));
        args.push("--intermediate".to_owned());
        args.push(format!("{D}/nca-rsa.pem"));
        args.push("--crl".to_owned());
        args.push(format!("{D}/root-rsa.crl"));
        for c in crls {
            args.push("--crl".to_owned());
            args.push(format!("{VECTORS}/{c}"));
        }
        Command::new(env!("CARGO_BIN_EXE_qoltanba"))
            .args(&args)
            .output()
            .unwrap()
    }

    fn out(o: &Output) -> String {
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "qoltanba-fail-open-delta-{}-{name}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }

    const LEAF: &str = "../test-vectors/demo/individual-sign.pem";

    #[test]
    fn verify_cert_with_an_older_delta_is_revoked() {
        for crls in [
            &["full-101-keycompromise.crl", "delta-older-remove.crl"][..],
            &["delta-older-remove.crl", "full-101-keycompromise.crl"][..],
        ] {
            let o = run(&["verify-cert"], LEAF, crls);
            assert_eq!(o.status.code(), Some(1), "{}", out(&o));
            assert!(
                out(&o).starts_with("certificate: NOT VALID [cert-revoked]"),
                "{}",
                out(&o)
            );
        }
    }

    #[test]
    fn verify_cert_with_a_newer_base_delta_is_revoked() {
        let o = run(
            &["verify-cert"],
            LEAF,
            &["full-99.crl", "delta-base100-revoke.crl"],
        );
        assert_eq!(o.status.code(), Some(1), "{}", out(&o));
        assert!(
            out(&o).starts_with("certificate: NOT VALID [cert-revoked]"),
            "{}",
            out(&o)
        );
        // The full CRL alone: valid.
        let o = run(&["verify-cert"], LEAF, &["full-99.crl"]);
        assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    }

    #[test]
    fn verify_and_request_verify_with_the_delta_in_the_document() {
        let dir = scratch("docs");
        let delta = std::fs::read(format!("{VECTORS}/delta-older-remove.crl")).unwrap();
        let plain = sign_document(
            b"hello",
            &key("individual-sign"),
            &cert("individual-sign"),
            &SignOptions::at(demo_time()),
        )
        .unwrap();
        let doc = write(
            &dir,
            "doc.p7s",
            &with_crls(&plain, std::slice::from_ref(&delta)),
        );
        let o = run(&["verify"], &doc, &["full-101-keycompromise.crl"]);
        assert_eq!(o.status.code(), Some(1), "{}", out(&o));
        assert!(out(&o).contains("cert-revoked"), "{}", out(&o));
        // The same with both CRLs given on the command line.
        let o = run(
            &["verify"],
            &write(&dir, "plain.p7s", &plain),
            &["full-101-keycompromise.crl", "delta-older-remove.crl"],
        );
        assert_eq!(o.status.code(), Some(1), "{}", out(&o));
        assert!(out(&o).contains("cert-revoked"), "{}", out(&o));

        let req = write(&dir, "request.p7s", &request_document(&[delta]));
        let o = run(
            &["request", "verify"],
            &req,
            &["full-101-keycompromise.crl"],
        );
        assert_eq!(o.status.code(), Some(1), "{}", out(&o));
        assert!(out(&o).starts_with("REFUSED ["), "{}", out(&o));
        // Sound without the full CRL that revokes: only the older delta
        // and full #99.
        let o = run(&["request", "verify"], &req, &["full-99.crl"]);
        assert_eq!(o.status.code(), Some(0), "{}", out(&o));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
