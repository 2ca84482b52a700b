//! Issue 13, defects 3, 4 and 10: time-stamp evidence turned against the
//! verifier. (3) A TSA (or a CA above it) whose key is condemned at any
//! time by the freshest evidence (keyCompromise, unspecified, no reason)
//! vouches for no time; a benign revocation counts only before genTime.
//! (4) Thousands of repeated time-stamp tokens are refused before any is
//! verified. (10) A time-stamp (or trusted signingTime) from after the
//! validation time never moves validation forward.
#![cfg(feature = "aws-lc")]
#![allow(clippy::unwrap_used)]

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "../../tests/generate/mod.rs"]
mod generate;

use common::tsa::TestTsa;
use common::{cert, demo_time, key, DEMO};
use generate::CrlSpec;
use qoltanba::{
    add_timestamp, sign_document, Crl, Error, Options, Policy, RevocationMode, SignOptions,
    SignedDocument, Time, TrustProfile, Verifier,
};

fn t(s: &str) -> Time {
    Time::parse_rfc3339(s).unwrap()
}

fn crl_file(name: &str) -> Crl {
    Crl::from_der(&std::fs::read(format!("{DEMO}/{name}")).unwrap()).unwrap()
}

fn serial_of(name: &str) -> Vec<u8> {
    common::der::raw_serial(&cert(name))
}

/// The test TSA's serial ("DEMOTSP" and 0x40, tests/common/der.rs).
const TSA_SERIAL: &[u8] = &[0x44, 0x45, 0x4d, 0x4f, 0x54, 0x53, 0x50, 0x40];

/// The demo PKI with a current CRL of DEMO NCA (RSA) (thisUpdate
/// 2025-05-01, number 1000) that lists `revoked.pem` (keyCompromise) and
/// the test TSA with `tsa_reason` (CRL reason code, or no
/// reason code), both at 2025-04-15T10:00:00Z; `root_extra` entries are
/// added to a CRL of the RSA root.
fn verifier_with_revoked_tsa(
    tsa_reason: Option<u8>,
    root_extra: Vec<(Vec<u8>, Option<u8>)>,
) -> Verifier {
    let mut spec = CrlSpec::new(0);
    spec.number = 1000;
    spec.extra = vec![
        (serial_of("revoked"), Some(1)),
        (TSA_SERIAL.to_vec(), tsa_reason),
    ];
    let nca_crl = generate::crl(&cert("nca-rsa"), &key("nca-rsa"), &spec).unwrap();
    let mut b = Verifier::builder()
        .trust(cert("root-rsa"))
        .trust(cert("root-ec"))
        .intermediate(cert("nca-rsa"))
        .intermediate(cert("nca-ec"))
        .crl(crl_file("root-ec.crl"))
        .crl(crl_file("nca-ec-fresh.crl"))
        .crl(Crl::from_der(&nca_crl).unwrap());
    if root_extra.is_empty() {
        b = b.crl(crl_file("root-rsa.crl"));
    } else {
        let mut root = CrlSpec::new(0);
        root.number = 1000;
        root.extra = root_extra;
        let der = generate::crl(&cert("root-rsa"), &key("root-rsa"), &root).unwrap();
        b = b.crl(Crl::from_der(&der).unwrap());
    }
    b.build()
}

/// `who` signs at `signed`; the TSA stamps at `stamped`.
fn stamped(tsa: &TestTsa, who: &str, signed: Time, stamped: Time) -> Vec<u8> {
    let doc = sign_document(b"request", &key(who), &cert(who), &SignOptions::at(signed)).unwrap();
    tsa.stamp(&doc, 0, stamped)
}

fn verify(v: &Verifier, doc: &[u8], at: Time) -> qoltanba::DocumentReport {
    v.verify_document(
        &SignedDocument::from_any(doc).unwrap(),
        None,
        &Options::at(at),
    )
}

// ---- 3: a TSA whose key is condemned -----------------------------------------

/// A revoked signer's document, stamped before both revocations
/// (2025-04-15): the TSA's later revocation decides.
fn backdated_by_revoked_tsa(reason: Option<u8>) -> qoltanba::DocumentReport {
    let tsa = TestTsa::new();
    let doc = stamped(
        &tsa,
        "revoked",
        t("2025-02-15T10:00:00Z"),
        t("2025-02-15T10:01:00Z"),
    );
    verify(
        &verifier_with_revoked_tsa(reason, Vec::new()),
        &doc,
        demo_time(),
    )
}

fn assert_tsa_condemned(report: &qoltanba::DocumentReport, reason: &str) {
    assert!(!report.valid);
    match &report.reason {
        Some(Error::TimestampInvalid { detail }) => {
            assert!(detail.contains("CN=DEMO TSA"), "{detail}");
            assert!(
                detail.contains("was revoked at 2025-04-15T10:00:00Z"),
                "{detail}"
            );
            assert!(detail.contains(reason), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    let stamp = report.signers[0].timestamp.as_ref().unwrap();
    assert!(!stamp.valid);
    assert_eq!(report.signers[0].validated_at, demo_time());
}

#[test]
fn a_tsa_revoked_later_for_key_compromise_vouches_for_no_time() {
    let report = backdated_by_revoked_tsa(Some(1));
    assert_tsa_condemned(&report, "(keyCompromise)");
}

#[test]
fn a_tsa_revoked_later_without_a_reason_vouches_for_no_time() {
    let report = backdated_by_revoked_tsa(None);
    assert_tsa_condemned(&report, "revoked at 2025-04-15T10:00:00Z");
    let report = backdated_by_revoked_tsa(Some(0));
    assert_tsa_condemned(&report, "(unspecified)");
}

#[test]
fn a_tsa_revoked_later_for_a_benign_reason_keeps_its_earlier_tokens() {
    for code in [3u8, 4, 5] {
        let report = backdated_by_revoked_tsa(Some(code));
        assert!(report.valid, "reason {code}: {:?}", report.reason);
        assert_eq!(report.signers[0].validated_at, t("2025-02-15T10:01:00Z"));
    }
    // ... but not a token it made after its (benign) revocation.
    let tsa = TestTsa::new();
    let doc = stamped(
        &tsa,
        "individual-sign",
        t("2025-04-20T10:00:00Z"),
        t("2025-04-20T10:01:00Z"),
    );
    let report = verify(
        &verifier_with_revoked_tsa(Some(4), Vec::new()),
        &doc,
        demo_time(),
    );
    assert!(
        matches!(&report.reason, Some(Error::TimestampInvalid { detail }) if detail.contains("(superseded)")),
        "{:?}",
        report.reason
    );
}

#[test]
fn a_ca_above_the_tsa_compromised_later_condemns_its_tokens() {
    let tsa = TestTsa::new();
    let doc = stamped(
        &tsa,
        "revoked",
        t("2025-02-15T10:00:00Z"),
        t("2025-02-15T10:01:00Z"),
    );
    // DEMO NCA (RSA) revoked by its root for cACompromise at 2025-04-15.
    let v = verifier_with_revoked_tsa(Some(4), vec![(serial_of("nca-rsa"), Some(2))]);
    let report = verify(&v, &doc, demo_time());
    assert!(
        matches!(&report.reason, Some(Error::TimestampInvalid { detail }) if detail.contains("(cACompromise)")),
        "{:?}",
        report.reason
    );
}

// ---- 4: repeated time-stamp tokens -------------------------------------------

/// Re-encodes DER `input` with every TLV equal to `needle` repeated
/// `times` times (lengths of the enclosing TLVs fixed up).
fn repeat_tlv(input: &[u8], needle: &[u8], times: usize) -> Vec<u8> {
    fn header(b: &[u8]) -> (usize, usize) {
        let first = b[1];
        if first < 0x80 {
            return (2, first as usize);
        }
        let n = (first & 0x7f) as usize;
        let len = b[2..2 + n]
            .iter()
            .fold(0usize, |a, &x| (a << 8) | x as usize);
        (2 + n, len)
    }
    let mut out = Vec::new();
    let mut rest = input;
    while !rest.is_empty() {
        let (h, len) = header(rest);
        let raw = &rest[..h + len];
        if raw == needle {
            for _ in 0..times {
                out.extend_from_slice(raw);
            }
        } else if rest[0] & 0x20 != 0 && raw.windows(needle.len()).any(|w| w == needle) {
            let inner = repeat_tlv(&raw[h..], needle, times);
            out.extend_from_slice(&common::der::tlv(rest[0], &inner));
        } else {
            out.extend_from_slice(raw);
        }
        rest = &rest[h + len..];
    }
    out
}

fn one_token_document() -> (Vec<u8>, Vec<u8>) {
    let tsa = TestTsa::new();
    let doc = sign_document(
        b"request",
        &key("individual-sign"),
        &cert("individual-sign"),
        &SignOptions::at(t("2025-05-01T00:00:00Z")),
    )
    .unwrap();
    let signature = SignedDocument::from_any(&doc)
        .unwrap()
        .signature_value(0)
        .unwrap()
        .to_vec();
    let token = tsa.token(&signature, t("2025-05-01T00:00:10Z"));
    let stamped = add_timestamp(&doc, 0, &token).unwrap();
    (stamped, token)
}

fn limit() -> Error {
    Error::LimitExceeded {
        what: "signature time-stamp tokens of a signer",
        limit: 4,
    }
}

#[test]
fn thousands_of_repeated_tokens_are_refused_before_any_is_verified() {
    let (doc, token) = one_token_document();
    let flood = repeat_tlv(&doc, &token, 5000);
    assert!(flood.len() > 5000 * token.len());
    let report = verify(&common::verifier(), &flood, demo_time());
    assert_eq!(report.reason, Some(limit()));
    assert_eq!(report.signers[0].reason, Some(limit()));
    assert!(!report.valid);
    // Five is one too many; four identical ones are verified once and pass.
    let report = verify(
        &common::verifier(),
        &repeat_tlv(&doc, &token, 5),
        demo_time(),
    );
    assert_eq!(report.reason, Some(limit()));
    let report = verify(
        &common::verifier(),
        &repeat_tlv(&doc, &token, 4),
        demo_time(),
    );
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(report.signers[0].validated_at, t("2025-05-01T00:00:10Z"));
}

#[test]
fn tokens_are_counted_over_all_time_stamp_attributes() {
    // Five attributes of one token each (add_timestamp appends one).
    let (mut doc, token) = one_token_document();
    for _ in 0..4 {
        doc = add_timestamp(&doc, 0, &token).unwrap();
    }
    let report = verify(&common::verifier(), &doc, demo_time());
    assert_eq!(report.reason, Some(limit()));
}

// ---- 10: time-stamps and signingTime from the future -------------------------

#[test]
fn a_time_stamp_after_the_validation_time_is_refused() {
    let tsa = TestTsa::new();
    let doc = stamped(
        &tsa,
        "individual-sign",
        t("2025-05-10T00:00:00Z"),
        t("2025-05-10T00:00:10Z"),
    );
    let report = verify(&common::verifier(), &doc, t("2025-05-01T00:00:00Z"));
    assert_eq!(
        report.reason,
        Some(Error::TimeInFuture {
            what: "time-stamp genTime",
            claimed: t("2025-05-10T00:00:10Z"),
            time: t("2025-05-01T00:00:00Z"),
        })
    );
    assert_eq!(report.reason.as_ref().unwrap().code(), "time-in-future");
    assert_eq!(report.signers[0].validated_at, t("2025-05-01T00:00:00Z"));
    // Within the clock skew (5 minutes) it stands.
    let report = verify(&common::verifier(), &doc, t("2025-05-10T00:00:00Z"));
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(report.signers[0].validated_at, t("2025-05-10T00:00:10Z"));
}

#[test]
fn a_trusted_signing_time_after_the_validation_time_is_refused() {
    let doc = sign_document(
        b"request",
        &key("individual-sign"),
        &cert("individual-sign"),
        &SignOptions::at(t("2025-07-01T00:00:00Z")),
    )
    .unwrap();
    let mut b = Verifier::builder()
        .trust(cert("root-rsa"))
        .intermediate(cert("nca-rsa"))
        .policy(Policy::default().trusted_signing_time(true));
    for c in ["root-rsa.crl", "nca-rsa.crl"] {
        b = b.crl(crl_file(c));
    }
    let report = verify(&b.build(), &doc, demo_time());
    assert_eq!(
        report.reason,
        Some(Error::TimeInFuture {
            what: "signingTime",
            claimed: t("2025-07-01T00:00:00Z"),
            time: demo_time(),
        })
    );
}

const REAL_CADES_T: &str = "../test-vectors/kz/cades-t/legal_entity_attached.der";

/// The national test roots (the signer's) and production roots (the
/// TSA's), revocation off (no CRL of the test CA is fresh then).
fn national_verifier() -> Verifier {
    Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .unwrap()
        .trust_profile(TrustProfile::Nca)
        .unwrap()
        .policy(Policy::default().revocation(RevocationMode::Off))
        .build()
}

#[test]
fn the_national_cades_t_document_is_not_valid_before_its_time_stamp() {
    let doc = std::fs::read(REAL_CADES_T).unwrap();
    let report = verify(&national_verifier(), &doc, t("2020-01-01T00:00:00Z"));
    assert!(!report.valid);
    assert!(
        matches!(
            &report.reason,
            Some(Error::TimeInFuture { what: "time-stamp genTime", claimed, time })
                if claimed.to_rfc3339().starts_with("2026-07-20T09:10:")
                    && *time == t("2020-01-01T00:00:00Z")
        ),
        "{:?}",
        report.reason
    );
    assert_eq!(report.signers[0].validated_at, t("2020-01-01T00:00:00Z"));
    // After its time-stamp it verifies, at the genTime.
    let report = verify(&national_verifier(), &doc, t("2026-08-01T00:00:00Z"));
    assert!(report.valid, "{:?}", report.reason);
    assert!(report.signers[0]
        .validated_at
        .to_rfc3339()
        .starts_with("2026-07-20T09:10:"));
}

#[test]
fn the_cli_refuses_the_national_cades_t_document_before_its_time_stamp() {
    let run = |at: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_qoltanba"))
            .args([
                "verify",
                REAL_CADES_T,
                "--trust-profile",
                "nca-test",
                "--trust",
                "../certs/nca/root_gost_2022.pem",
                "--intermediate",
                "../certs/nca/nca_gost_2022.pem",
                "--at",
                at,
                "--no-revocation",
            ])
            .output()
            .unwrap()
    };
    let o = run("2020-01-01T00:00:00Z");
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.starts_with("NOT VALID [time-in-future] time-stamp genTime 2026-07-20T09:10:"),
        "{out}"
    );
    assert!(
        out.contains("is after the validation time 2020-01-01T00:00:00Z"),
        "{out}"
    );
    let o = run("2026-08-01T00:00:00Z");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// A BasicOCSPResponse signed by DEMO NCA (RSA) itself (RFC 6960 4.2.1)
/// about certificates it issued: (serial, revoked at and reason code or
/// good, thisUpdate, nextUpdate).
#[allow(clippy::type_complexity)]
fn ocsp_by_nca(entries: &[(Vec<u8>, Option<(Time, u8)>, Time, Time)], produced: Time) -> Vec<u8> {
    use common::der::*;
    use qoltanba::Signer;
    let nca = cert("nca-rsa");
    let (nca_name, nca_key) = subject_and_key(&nca);
    let responses: Vec<Vec<u8>> = entries
        .iter()
        .map(|(serial, revoked, this_update, next_update)| {
            let cert_id = seq(&[
                seq(&[oid("1.3.14.3.2.26"), null()]),
                octets(&sha1(&nca_name)),
                octets(&sha1(&nca_key)),
                tlv(0x02, serial),
            ]);
            let status = match revoked {
                None => vec![0x80, 0x00],
                Some((at, code)) => tlv(
                    0xa1,
                    &[generalized_time(at.unix()), tlv(0xa0, &tlv(0x0a, &[*code]))].concat(),
                ),
            };
            seq(&[
                cert_id,
                status,
                generalized_time(this_update.unix()),
                tlv(0xa0, &generalized_time(next_update.unix())),
            ])
        })
        .collect();
    let tbs = seq(&[
        tlv(0xa1, &nca_name),
        generalized_time(produced.unix()),
        seq(&responses),
    ]);
    let signature = key("nca-rsa").sign(&tbs).unwrap();
    let basic = seq(&[tbs, signature_alg(true), bits(&signature)]);
    seq(&[
        tlv(0x0a, &[0]),
        tlv(0xa0, &seq(&[oid("1.3.6.1.5.5.7.48.1.1"), octets(&basic)])),
    ])
}

#[test]
fn a_tsa_that_ocsp_says_was_compromised_later_vouches_for_no_time() {
    // The TSA's and the signer's status come from OCSP only (no CRL of DEMO
    // NCA (RSA)): fresh "good" answers at genTime, and a current answer
    // that the TSA was revoked for keyCompromise after genTime.
    let tsa = TestTsa::new();
    let gen = t("2025-02-15T10:01:00Z");
    let doc = stamped(&tsa, "individual-sign", t("2025-02-15T10:00:00Z"), gen);
    let at_gen = ocsp_by_nca(
        &[
            (
                TSA_SERIAL.to_vec(),
                None,
                t("2025-02-15T09:00:00Z"),
                t("2025-02-16T09:00:00Z"),
            ),
            (
                serial_of("individual-sign"),
                None,
                t("2025-02-15T09:00:00Z"),
                t("2025-02-16T09:00:00Z"),
            ),
        ],
        t("2025-02-15T09:00:00Z"),
    );
    let current = |code: u8| {
        ocsp_by_nca(
            &[(
                TSA_SERIAL.to_vec(),
                Some((t("2025-04-15T10:00:00Z"), code)),
                t("2025-05-31T00:00:00Z"),
                t("2025-06-02T00:00:00Z"),
            )],
            t("2025-05-31T00:00:00Z"),
        )
    };
    let v = |current: Option<Vec<u8>>| {
        let mut b = Verifier::builder()
            .trust(cert("root-rsa"))
            .intermediate(cert("nca-rsa"))
            .crl(crl_file("root-rsa.crl"))
            .ocsp_any(&at_gen)
            .unwrap();
        if let Some(c) = current {
            b = b.ocsp_any(&c).unwrap();
        }
        b.build()
    };
    // Control: without the current answer, valid at genTime.
    let report = verify(&v(None), &doc, demo_time());
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(report.signers[0].validated_at, gen);
    // A later benign revocation (superseded) keeps the token.
    let report = verify(&v(Some(current(4))), &doc, demo_time());
    assert!(report.valid, "{:?}", report.reason);
    // keyCompromise: no token of that TSA stands.
    let report = verify(&v(Some(current(1))), &doc, demo_time());
    assert!(
        matches!(&report.reason, Some(Error::TimestampInvalid { detail })
            if detail.contains("CN=DEMO TSA") && detail.contains("(keyCompromise)")),
        "{:?}",
        report.reason
    );
}

/// OCSP answers obtained after genTime (thisUpdate between genTime and the
/// caller's time) speak for genTime: they are ordinary CAdES-T evidence,
/// not answers "from the future". Only an answer dated after the caller's
/// time (beyond the clock skew) is.
#[test]
fn ocsp_obtained_after_the_time_stamp_speaks_for_its_gen_time() {
    let tsa = TestTsa::new();
    let gen = t("2025-02-15T10:01:00Z");
    let doc = stamped(&tsa, "individual-sign", t("2025-02-15T10:00:00Z"), gen);
    let answer = |this_update: Time| {
        let next = Time::from_unix(this_update.unix() + 2 * 86_400);
        ocsp_by_nca(
            &[
                (TSA_SERIAL.to_vec(), None, this_update, next),
                (serial_of("individual-sign"), None, this_update, next),
            ],
            this_update,
        )
    };
    let v = |ocsp: Vec<u8>| {
        Verifier::builder()
            .trust(cert("root-rsa"))
            .intermediate(cert("nca-rsa"))
            .crl(crl_file("root-rsa.crl"))
            .ocsp_any(&ocsp)
            .unwrap()
            .build()
    };
    // Obtained the day before the caller's time: valid at genTime.
    let report = verify(&v(answer(t("2025-05-31T00:00:00Z"))), &doc, demo_time());
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(report.signers[0].validated_at, gen);
    assert!(report.signers[0].timestamp.as_ref().unwrap().valid);
    // Dated after the caller's time (2025-06-01) beyond the skew: refused,
    // and with no other evidence the signature is not valid.
    let report = verify(&v(answer(t("2025-06-05T00:00:00Z"))), &doc, demo_time());
    assert!(!report.valid);
    match &report.reason {
        Some(Error::TimestampInvalid { detail }) => {
            assert!(detail.contains("is after the validation time"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
}

/// A token made without certReq (no TSA certificate inside) is verified
/// with the TSA certificate from the verifier's pool, as a document
/// signer's is (issue 13 item 12); without it the token is refused.
#[test]
fn the_tsa_certificate_is_found_in_the_verifiers_pool() {
    let mut tsa = TestTsa::new();
    tsa.embed_certificate = false;
    let gen = t("2025-02-15T10:01:00Z");
    let token = qoltanba::TimeStampToken::from_der(&tsa.token(b"request", gen)).unwrap();
    let builder = || {
        Verifier::builder()
            .trust(cert("root-rsa"))
            .intermediate(cert("nca-rsa"))
            .crl(crl_file("root-rsa.crl"))
            .crl(crl_file("nca-rsa.crl"))
    };
    let options = Options::at(demo_time());
    let report = builder()
        .build()
        .verify_timestamp(&token, b"request", &options);
    assert!(!report.valid);
    match &report.reason {
        Some(Error::TimestampInvalid { detail }) => {
            assert_eq!(
                detail,
                "the certificate of signer issuer CN=DEMO NCA (RSA), C=KZ, serial \
                 44454d4f54535040 was not found"
            )
        }
        other => panic!("{other:?}"),
    }
    let report = builder()
        .intermediate(tsa.cert.clone())
        .build()
        .verify_timestamp(&token, b"request", &options);
    assert!(report.valid, "{:?}", report.reason);
    assert_eq!(report.tsa_subject.as_deref(), Some(tsa.cert.subject()));
}

/// The DER of the first id-aa-signatureTimeStampToken value in `doc`.
fn first_token(doc: &[u8]) -> Vec<u8> {
    let oid = common::der::oid("1.2.840.113549.1.9.16.2.14");
    let at = doc.windows(oid.len()).position(|w| w == oid).unwrap() + oid.len();
    // SET OF header, then the token's TLV.
    let len = |b: &[u8]| -> (usize, usize) {
        if b[1] < 0x80 {
            (2, b[1] as usize)
        } else {
            let n = (b[1] & 0x7f) as usize;
            (
                2 + n,
                b[2..2 + n].iter().fold(0, |a, &x| (a << 8) | x as usize),
            )
        }
    };
    let (set_header, _) = len(&doc[at..]);
    let token = &doc[at + set_header..];
    let (h, l) = len(token);
    token[..h + l].to_vec()
}

#[test]
fn the_national_document_with_its_token_repeated_38000_times_is_refused() {
    // The attack of issue 13 item 4: 38,000 copies (about 65 MB, under
    // the 64 MiB input bound) of the real token; it cost 150 s and verified.
    let doc = std::fs::read(REAL_CADES_T).unwrap();
    let token = first_token(&doc);
    let copies = (64 * 1024 * 1024 - doc.len()) / token.len() - 1;
    let flood = repeat_tlv(&doc, &token, copies.min(38_000));
    assert!(flood.len() > 60_000_000, "{}", flood.len());
    assert!(flood.len() <= 64 * 1024 * 1024);
    let report = verify(&national_verifier(), &flood, t("2026-08-01T00:00:00Z"));
    assert_eq!(report.reason, Some(limit()));
    // The document itself still verifies at that time.
    let report = verify(&national_verifier(), &doc, t("2026-08-01T00:00:00Z"));
    assert!(report.valid, "{:?}", report.reason);
}
