//! The e-government flow end to end on the demo PKI (docs/domain.md): each
//! channel and who must sign on it, a representative, co-signers under
//! both policies, licences under both signer policies and their term and
//! status, the national CA's test identifiers, the time budget; each with
//! its exact cause, headline and reason code.
#![cfg(all(feature = "aws-lc", feature = "serde"))]

use std::time::Duration;

use qoltanba::{
    cosign_document, sign_document, Applicant, Bin, Channel, CoSigners, Identifiers, Iin, Language,
    Licence, LicencePolicy, LicenceSigner, Options, Part, Refusal, Request, RequestPolicy,
    SignOptions, Subject, Time, Verdict,
};

mod common;
use common::{cert, demo_time, key, verifier};

const APPLICANT: &str = "871008401427";
const PROVIDER: &str = "940140000385";
const CENTRE: &str = "950341000052";

fn request_json(applicant: &str, channel: &str, representative: Option<&str>) -> String {
    let rep = representative
        .map(|iin| {
            format!(
                r#","representative":{{"iin":"{iin}","power_of_attorney":{{"number":"N-17","date":"2025-05-20","notarised":true}}}}"#
            )
        })
        .unwrap_or_default();
    format!(
        r#"{{"version":1,"service":"00501","kind":"issue","channel":"{channel}","applicant":{applicant}{rep},"fields":{{"activity":"медициналық қызмет"}},"attachments":[{{"name":"diploma.pdf","sha256":"{}"}}]}}"#,
        "ab".repeat(32)
    )
}

fn iin_applicant() -> String {
    format!(r#"{{"iin":"{APPLICANT}"}}"#)
}

/// Signs JSON as-is (no check before signing: the tests make bad
/// documents on purpose).
fn sign_json(json: &str, who: &str) -> Vec<u8> {
    sign_document(
        json.as_bytes(),
        &key(who),
        &cert(who),
        &SignOptions::at(demo_time()),
    )
    .expect("signs")
}

fn at() -> Options {
    Options::at(demo_time())
}

fn portal() -> RequestPolicy {
    RequestPolicy::new().channel(Channel::Portal)
}

fn refusal<T>(v: &Verdict<T>) -> (Option<Subject>, Option<Refusal>, Option<&'static str>) {
    (v.subject, v.refusal, v.reason.as_ref().map(|e| e.code()))
}

fn parts<T>(v: &Verdict<T>) -> Vec<(Part, bool)> {
    v.signers.iter().map(|s| (s.part, s.valid)).collect()
}

#[test]
fn portal_applicant_signs() {
    let doc = sign_json(
        &request_json(&iin_applicant(), "portal", None),
        "individual-sign",
    );
    let v = verifier().verify_request(&doc, &at(), &portal());
    assert!(v.valid, "{:?}", v.reason);
    assert_eq!(refusal(&v), (None, None, None));
    assert_eq!(v.channel, Some(Channel::Portal));
    assert_eq!(parts(&v), vec![(Part::Applicant, true)]);
    assert_eq!(v.message(Language::En), None);
    let req = v.payload.expect("payload");
    assert_eq!(
        req.applicant,
        Applicant::Iin(Iin::parse(APPLICANT).expect("iin"))
    );
    assert_eq!(v.power_of_attorney_checked, None);
    assert!(v.warnings.is_empty());
    // Without a configured channel the request's own is used.
    let v = verifier().verify_request(&doc, &at(), &RequestPolicy::default());
    assert!(v.valid);
}

#[test]
fn condition_3_refusals_are_the_applicants() {
    let json = request_json(&iin_applicant(), "portal", None);
    for (who, cause, code) in [
        ("expired", Refusal::Expired, "cert-expired"),
        ("not-yet-valid", Refusal::NotYetValid, "cert-not-valid-yet"),
        ("revoked", Refusal::Revoked, "cert-revoked"),
        ("on-hold", Refusal::Suspended, "cert-revoked"),
        ("individual-auth", Refusal::NotASigningKey, "wrong-key-kind"),
        ("wrong-issuer", Refusal::Untrusted, "unknown-issuer"),
    ] {
        let v = verifier().verify_request(&sign_json(&json, who), &at(), &portal());
        assert_eq!(
            refusal(&v),
            (Some(Subject::Applicant), Some(cause), Some(code)),
            "{who}"
        );
        assert_eq!(parts(&v), vec![(Part::Applicant, false)], "{who}");
    }
}

#[test]
fn identity_mismatch_and_tampering() {
    let other = request_json(r#"{"iin":"760212350620"}"#, "portal", None);
    let v = verifier().verify_request(&sign_json(&other, "individual-sign"), &at(), &portal());
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Applicant),
            Some(Refusal::IdentityMismatch),
            Some("identity-mismatch")
        )
    );
    assert_eq!(
        v.reason.as_ref().expect("reason").to_string(),
        "identity mismatch: expected IIN 760212350620 (given in the request), certificate has IIN 871008401427"
    );
    assert_eq!(parts(&v), vec![(Part::CoSigner, true)]);

    let mut doc = sign_json(
        &request_json(&iin_applicant(), "portal", None),
        "individual-sign",
    );
    let i = doc.windows(5).position(|w| w == b"00501").expect("inside");
    doc[i + 4] = b'2';
    let v = verifier().verify_request(&doc, &at(), &portal());
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Applicant),
            Some(Refusal::Altered),
            Some("message-digest-mismatch")
        )
    );

    let v = verifier().verify_request(b"not a document", &at(), &portal());
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Applicant),
            Some(Refusal::Malformed),
            Some("malformed")
        )
    );
    assert_eq!(
        v.message(Language::En).as_deref(),
        Some("The requested service is refused: the authenticity of the applicant's EDS is not confirmed: the document could not be read, or its data are not valid")
    );
}

#[test]
fn organisation_applicant_needs_the_right_to_sign() {
    let json = request_json(&format!(r#"{{"bin":"{PROVIDER}"}}"#), "portal", None);
    for who in ["ceo-sign", "signer-sign"] {
        let v = verifier().verify_request(&sign_json(&json, who), &at(), &portal());
        assert!(v.valid, "{who}: {:?}", v.reason);
    }
    let v = verifier().verify_request(&sign_json(&json, "employee-sign"), &at(), &portal());
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Applicant),
            Some(Refusal::NoRightToSign),
            Some("missing-role")
        )
    );
    let v = verifier().verify_request(&sign_json(&json, "individual-sign"), &at(), &portal());
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Applicant),
            Some(Refusal::IdentityMismatch),
            Some("identity-mismatch")
        )
    );
    // Configurable roles: the employee may sign when the policy says so.
    let p = portal().signing_roles(vec![qoltanba::Role::Employee]);
    assert!(
        verifier()
            .verify_request(&sign_json(&json, "employee-sign"), &at(), &p)
            .valid
    );
}

#[test]
fn representative_signs_for_the_applicant() {
    let json = request_json(&iin_applicant(), "portal", Some("921115300456"));
    let v = verifier().verify_request(&sign_json(&json, "representative-sign"), &at(), &portal());
    assert!(v.valid, "{:?}", v.reason);
    assert_eq!(parts(&v), vec![(Part::Representative, true)]);
    assert_eq!(v.power_of_attorney_checked, Some(false));
    assert_eq!(
        v.warnings,
        vec!["power of attorney N-17 of 2025-05-20 (notarised) for representative IIN 921115300456 not checked: the notarial system checks it, outside qoltanba".to_owned()]
    );
    // The applicant's own signature does not stand in for the named
    // representative's, and another person's certificate does not either.
    for who in ["individual-sign", "signer-sign"] {
        let v = verifier().verify_request(&sign_json(&json, who), &at(), &portal());
        assert_eq!(
            refusal(&v),
            (
                Some(Subject::Applicant),
                Some(Refusal::IdentityMismatch),
                Some("identity-mismatch")
            ),
            "{who}"
        );
    }
    let v = verifier().verify_request(&sign_json(&json, "individual-sign"), &at(), &portal());
    assert_eq!(
        v.reason.as_ref().expect("reason").to_string(),
        "identity mismatch: expected IIN 921115300456 (the representative's, given in the request), certificate has IIN 871008401427"
    );
}

#[test]
fn service_centre_operator_certifies() {
    let json = request_json(&iin_applicant(), "service-centre", None);
    let centre = RequestPolicy::new()
        .channel(Channel::ServiceCentre)
        .service_centre_bin(Bin::parse(CENTRE).expect("bin"));
    let v = verifier().verify_request(&sign_json(&json, "operator-sign"), &at(), &centre);
    assert!(v.valid, "{:?}", v.reason);
    assert_eq!(parts(&v), vec![(Part::Operator, true)]);
    // The applicant signs nothing at a service centre: her own signature is
    // not the operator's.
    let v = verifier().verify_request(&sign_json(&json, "individual-sign"), &at(), &centre);
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Certifier),
            Some(Refusal::NotAuthorisedToCertify),
            Some("identity-mismatch")
        )
    );
    // An employee of an organisation not configured as a service centre.
    let v = verifier().verify_request(&sign_json(&json, "employee-sign"), &at(), &centre);
    assert_eq!(
        v.reason.as_ref().expect("reason").to_string(),
        "identity mismatch: expected an operator of a service centre (BIN 950341000052), certificate has BIN 940140000385"
    );
    // No service centre configured at all.
    let none = RequestPolicy::new().channel(Channel::ServiceCentre);
    let v = verifier().verify_request(&sign_json(&json, "operator-sign"), &at(), &none);
    assert_eq!(
        v.reason.as_ref().expect("reason").to_string(),
        "identity mismatch: expected an operator of a service centre (BIN none configured), certificate has BIN 950341000052"
    );
    // The operator's role must be employee (configurable).
    let heads = centre
        .clone()
        .certifier_roles(vec![qoltanba::Role::FirstHead]);
    let v = verifier().verify_request(&sign_json(&json, "operator-sign"), &at(), &heads);
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Certifier),
            Some(Refusal::NotAuthorisedToCertify),
            Some("missing-role")
        )
    );
}

#[test]
fn channel_mismatch_is_refused() {
    let json = request_json(&iin_applicant(), "portal", None);
    let centre = RequestPolicy::new()
        .channel(Channel::ServiceCentre)
        .service_centre_bin(Bin::parse(CENTRE).expect("bin"));
    let v = verifier().verify_request(&sign_json(&json, "individual-sign"), &at(), &centre);
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Request),
            Some(Refusal::ChannelMismatch),
            Some("malformed")
        )
    );
    assert_eq!(
        v.reason.as_ref().expect("reason").to_string(),
        "malformed request: the request names channel portal but arrived by service-centre"
    );
}

#[test]
fn provider_employee_certifies() {
    let json = request_json(&iin_applicant(), "provider", None);
    let p = RequestPolicy::new().provider_bin(Bin::parse(PROVIDER).expect("bin"));
    let v = verifier().verify_request(&sign_json(&json, "employee-sign"), &at(), &p);
    assert!(v.valid, "{:?}", v.reason);
    assert_eq!(parts(&v), vec![(Part::ProviderEmployee, true)]);
    let v = verifier().verify_request(&sign_json(&json, "operator-sign"), &at(), &p);
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Certifier),
            Some(Refusal::NotAuthorisedToCertify),
            Some("identity-mismatch")
        )
    );
    // The operator's own certificate failing is the certifier's refusal, not
    // the applicant's.
    let v = verifier().verify_request(
        &sign_json(&json, "employee-sign"),
        &Options::at(Time::parse_rfc3339("2026-02-01T00:00:00Z").expect("t")),
        &p,
    );
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Certifier),
            Some(Refusal::Expired),
            Some("cert-expired")
        )
    );
}

#[test]
fn cosigners_are_reported_per_signer() {
    let doc = sign_json(
        &request_json(&iin_applicant(), "portal", None),
        "individual-sign",
    );
    let opts = SignOptions::at(demo_time());
    let with_revoked =
        cosign_document(&doc, None, &key("revoked"), &cert("revoked"), &opts).expect("cosigns");
    let v = verifier().verify_request(&with_revoked, &at(), &portal());
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::CoSigner),
            Some(Refusal::Revoked),
            Some("cert-revoked")
        )
    );
    assert_eq!(
        parts(&v),
        vec![(Part::Applicant, true), (Part::CoSigner, false)]
    );
    assert_eq!(
        v.message(Language::En).as_deref(),
        Some("The authenticity of another EDS on the request is not confirmed: the EDS registration certificate is in the list of revoked (annulled) registration certificates")
    );
    let report_only = portal().cosigners(CoSigners::Report);
    let v = verifier().verify_request(&with_revoked, &at(), &report_only);
    assert!(v.valid, "{:?}", v.reason);
    assert_eq!(
        parts(&v),
        vec![(Part::Applicant, true), (Part::CoSigner, false)]
    );
    assert_eq!(v.signers[1].refusal, Some(Refusal::Revoked));
    // A valid co-signer (an employee) changes nothing.
    let with_employee = cosign_document(
        &doc,
        None,
        &key("employee-sign"),
        &cert("employee-sign"),
        &opts,
    )
    .expect("cosigns");
    let v = verifier().verify_request(&with_employee, &at(), &portal());
    assert!(v.valid);
    assert_eq!(
        parts(&v),
        vec![(Part::Applicant, true), (Part::CoSigner, true)]
    );
    // The applicant's revoked signature beside a valid co-signer: the
    // applicant's refusal.
    let bad = sign_json(&request_json(&iin_applicant(), "portal", None), "revoked");
    let bad = cosign_document(
        &bad,
        None,
        &key("employee-sign"),
        &cert("employee-sign"),
        &opts,
    )
    .expect("cosigns");
    let v = verifier().verify_request(&bad, &at(), &report_only);
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Applicant),
            Some(Refusal::Revoked),
            Some("cert-revoked")
        )
    );
    assert_eq!(
        parts(&v),
        vec![(Part::Applicant, false), (Part::CoSigner, true)]
    );
}

fn licence_json(status: &str, valid_until: Option<&str>, issuer: &str) -> String {
    let until = valid_until
        .map(|d| format!(r#","valid_until":"{d}""#))
        .unwrap_or_default();
    format!(
        r#"{{"version":1,"number":"KZ25LCA00042","licensee":{{"iin":"{APPLICANT}"}},"activity":"медициналық қызмет","subtype":"стоматология","issued":"2025-05-30"{until},"status":"{status}","issuer_name":"ТОО ДЕМО","issuer_bin":"{issuer}"}}"#
    )
}

#[test]
fn licence_signer_policy() {
    let json = licence_json("issued", None, PROVIDER);
    let authorised = LicencePolicy::new();
    let employee = LicencePolicy::new().signer(LicenceSigner::Employee);
    for who in ["ceo-sign", "signer-sign"] {
        let v = verifier().verify_licence(&sign_json(&json, who), &at(), &authorised);
        assert!(v.valid, "{who}: {:?}", v.reason);
        assert_eq!(parts(&v), vec![(Part::LicenceSigner, true)]);
    }
    let by_employee = sign_json(&json, "employee-sign");
    let v = verifier().verify_licence(&by_employee, &at(), &authorised);
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::LicenceSigner),
            Some(Refusal::NoRightToSign),
            Some("missing-role")
        )
    );
    let v = verifier().verify_licence(&by_employee, &at(), &employee);
    assert!(v.valid, "{:?}", v.reason);
    // The head still qualifies under the employee policy; a person of
    // another organisation never does.
    assert!(
        verifier()
            .verify_licence(&sign_json(&json, "ceo-sign"), &at(), &employee)
            .valid
    );
    let v = verifier().verify_licence(&sign_json(&json, "operator-sign"), &at(), &employee);
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::LicenceSigner),
            Some(Refusal::IssuerMismatch),
            Some("identity-mismatch")
        )
    );
    // An information system's certificate (legal entity, no employee role).
    let v = verifier().verify_licence(&sign_json(&json, "system-sign"), &at(), &employee);
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::LicenceSigner),
            Some(Refusal::NoRightToSign),
            Some("missing-role")
        )
    );
}

#[test]
fn licence_term_and_status() {
    let check = |json: &str, time: &str| -> Verdict<Licence> {
        let t = Time::parse_rfc3339(time).expect("time");
        verifier().verify_licence(
            &sign_json(json, "ceo-sign"),
            &Options::at(t),
            &LicencePolicy::new(),
        )
    };
    // valid_until is inclusive to the end of the day in Astana (UTC+5).
    let until = licence_json("issued", Some("2025-06-01"), PROVIDER);
    assert!(check(&until, "2025-06-01T18:59:59Z").valid);
    let v = check(&until, "2025-06-01T19:00:00Z");
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Licence),
            Some(Refusal::LicenceExpired),
            Some("not-in-force")
        )
    );
    assert_eq!(
        v.reason.as_ref().expect("reason").to_string(),
        "licence KZ25LCA00042 is not in force: valid until 2025-06-01 (inclusive, Astana time), before 2025-06-01T19:00:00Z"
    );
    // Before the issue date (2025-05-30 starts at 2025-05-29T19:00:00Z).
    let issued = licence_json("issued", None, PROVIDER);
    let v = check(&issued, "2025-05-29T18:59:59Z");
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Licence),
            Some(Refusal::LicenceNotYetInForce),
            Some("not-in-force")
        )
    );
    for (status, cause) in [
        ("suspended", Some(Refusal::LicenceSuspended)),
        ("terminated", Some(Refusal::LicenceTerminated)),
        ("issued", None),
        ("re-issued", None),
        ("renewed", None),
    ] {
        let v = check(
            &licence_json(status, None, PROVIDER),
            "2025-06-01T00:00:00Z",
        );
        assert_eq!(v.refusal, cause, "{status}");
        assert_eq!(v.valid, cause.is_none(), "{status}");
    }
    // The signer's failure comes first: the licence's headline is its EDS.
    let v = verifier().verify_licence(
        &sign_json(&licence_json("suspended", None, PROVIDER), "employee-sign"),
        &at(),
        &LicencePolicy::new(),
    );
    assert_eq!(v.subject, Some(Subject::LicenceSigner));
}

#[test]
fn test_identifiers_only_when_allowed() {
    let json = request_json(r#"{"bin":"123456789021"}"#, "portal", None);
    let doc = sign_json(&json, "test-ids-sign");
    let v = verifier().verify_request(&doc, &at(), &portal());
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Request),
            Some(Refusal::Malformed),
            Some("malformed")
        )
    );
    assert_eq!(
        v.reason.as_ref().expect("reason").to_string(),
        "malformed request: applicant: BIN 123456789021 fails the check digit"
    );
    let allow = portal().identifiers(Identifiers::AllowTest);
    let v = verifier().verify_request(&doc, &at(), &allow);
    assert!(v.valid, "{:?}", v.reason);
    assert_eq!(
        v.warnings,
        vec!["applicant: BIN 123456789021 is a national CA test identifier (fails the check digit); accepted for testing only".to_owned()]
    );
    // Any other number failing the check digit is still refused.
    let other = request_json(r#"{"iin":"871008401428"}"#, "portal", None);
    let v = verifier().verify_request(&sign_json(&other, "individual-sign"), &at(), &allow);
    assert_eq!(
        v.reason.as_ref().expect("reason").to_string(),
        "malformed request: applicant: IIN 871008401428 fails the check digit"
    );
    // A verifier trusting the nca-test profile allows them by itself.
    let test_verifier = qoltanba::Verifier::builder()
        .trust_profile(qoltanba::TrustProfile::NcaTest)
        .expect("profile")
        .build();
    let v = test_verifier.verify_request(&doc, &at(), &portal());
    assert_eq!(v.warnings.len(), 1);
    assert_eq!(v.refusal, Some(Refusal::Untrusted), "{:?}", v.reason);
}

#[test]
fn time_budget() {
    let doc = sign_json(
        &request_json(&iin_applicant(), "portal", None),
        "individual-sign",
    );
    let v = verifier().verify_request(&doc, &at(), &portal().deadline(Duration::ZERO));
    assert_eq!(
        refusal(&v),
        (
            Some(Subject::Applicant),
            Some(Refusal::TimeBudgetExceeded),
            Some("time-budget-exceeded")
        )
    );
    assert_eq!(
        v.message(Language::En).as_deref(),
        Some("The requested service is refused: the authenticity of the applicant's EDS is not confirmed: time budget exceeded")
    );
    let v = verifier().verify_request(&doc, &at(), &portal().deadline(Duration::from_secs(15)));
    assert!(v.valid);
    assert!(v.elapsed < Duration::from_secs(15));
}

#[test]
fn request_round_trips_through_the_model() {
    let json = request_json(&iin_applicant(), "portal", Some("921115300456"));
    let req = Request::from_json(json.as_bytes()).expect("parses");
    let again = Request::from_json(&req.to_json().expect("json")).expect("parses again");
    assert_eq!(req, again);
}

#[test]
fn condition_3_before_signing() {
    let req = Request::from_json(request_json(&iin_applicant(), "portal", None).as_bytes())
        .expect("request");
    let opts = SignOptions::at(demo_time());
    let code = |who: &str| {
        qoltanba::sign_request(&req, &key(who), &cert(who), &opts)
            .map(|_| ())
            .map_err(|e| e.code())
    };
    assert_eq!(code("individual-sign"), Ok(()));
    assert_eq!(code("expired"), Err("cert-expired"));
    assert_eq!(code("individual-auth"), Err("wrong-key-kind"));
    assert_eq!(code("ceo-sign"), Err("identity-mismatch"));
    // Forced: signed anyway, and the verifier refuses it.
    let forced = qoltanba::sign_request(
        &req,
        &key("expired"),
        &cert("expired"),
        &opts.clone().unchecked(),
    )
    .expect("forced");
    let v = verifier().verify_request(&forced, &at(), &portal());
    assert_eq!(v.refusal, Some(Refusal::Expired));
    // Revocation when the verifier has evidence.
    assert_eq!(
        verifier()
            .check_signer_revocation(&cert("revoked"), demo_time())
            .map_err(|e| e.code()),
        Err("cert-revoked")
    );
    assert_eq!(
        verifier().check_signer_revocation(&cert("individual-sign"), demo_time()),
        Ok(())
    );
    // A licence: the signer must be of the issuing BIN.
    let lic =
        Licence::from_json(licence_json("issued", None, PROVIDER).as_bytes()).expect("licence");
    let issue = |who: &str| {
        qoltanba::issue_licence(&lic, &key(who), &cert(who), &opts)
            .map(|_| ())
            .map_err(|e| e.code())
    };
    assert_eq!(issue("ceo-sign"), Ok(()));
    assert_eq!(issue("employee-sign"), Ok(()));
    assert_eq!(issue("operator-sign"), Err("identity-mismatch"));
    assert_eq!(issue("system-sign"), Err("missing-role"));
}

#[test]
fn receipts_record_the_verdict() {
    let doc = sign_json(&request_json(&iin_applicant(), "portal", None), "revoked");
    let v = verifier();
    let verdict = v.verify_request(&doc, &at(), &portal());
    let r = v.receipt("request", &doc, &verdict).expect("receipt");
    assert_eq!(r.schema, "qoltanba/receipt/1");
    assert_eq!(r.kind, "request");
    assert_eq!(
        r.document_sha256,
        qoltanba::Sha256Hex::of(&doc).expect("sha256")
    );
    assert!(!r.valid);
    assert_eq!(r.subject, Some(Subject::Applicant));
    assert_eq!(r.refusal, Some(Refusal::Revoked));
    assert_eq!(r.reason.as_ref().map(|e| e.code()), Some("cert-revoked"));
    assert_eq!(
        r.message.as_ref().map(|m| m.en.as_str()),
        Some("The requested service is refused: the authenticity of the applicant's EDS is not confirmed: the EDS registration certificate is in the list of revoked (annulled) registration certificates")
    );
    assert_eq!(r.signers.len(), 1);
    assert_eq!(r.signers[0].part, Part::Applicant);
    assert_eq!(r.signers[0].revocation, Some("failed"));
    assert_eq!(
        r.signers[0].serial.as_deref(),
        Some("44454d4f00000000000000000000000000000018")
    );
    assert_eq!(r.validated_at, demo_time());
    let crls: Vec<(String, Option<String>, bool)> = r
        .evidence
        .crls
        .iter()
        .map(|c| (c.issuer.clone(), c.number.clone(), c.delta))
        .collect();
    // The revoked certificate's path is not reported (it did not
    // validate), so only its own issuer's CRLs are listed.
    assert_eq!(
        crls,
        vec![
            (
                "CN=DEMO NCA (RSA), C=KZ".to_owned(),
                Some("64".to_owned()),
                false
            ),
            (
                "CN=DEMO NCA (RSA), C=KZ".to_owned(),
                Some("07".to_owned()),
                true
            ),
        ]
    );
    assert_eq!(
        r.software,
        format!("qoltanba {}", env!("CARGO_PKG_VERSION"))
    );
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).expect("JSON");
    assert_eq!(json["refusal"], "eds-revoked");
    assert_eq!(json["signers"][0]["reason"], "cert-revoked");
}
