//! The e-government flow end to end on the demo PKI (DOMAIN.md section 1):
//! an applicant signs a request, an operator co-signs, the provider's first
//! head issues a licence; and every refusal the regulations name, with its
//! code and its message in Kazakh, Russian and English.
#![cfg(all(feature = "aws-lc", feature = "serde"))]

use std::collections::BTreeMap;

use qoltanba::{
    cosign_document, issue_licence, sign_request, Applicant, Attachment, Bin, Error, Iin, Language,
    Licence, Options, Refusal, Request, SignOptions, SigningRoles,
};

mod common;
use common::{cert, demo_time, key, verifier};

fn request(applicant: Applicant) -> Request {
    let mut fields = BTreeMap::new();
    fields.insert("activity".to_owned(), "медициналық қызмет".to_owned());
    fields.insert("address".to_owned(), "Астана, Мәңгілік Ел 8".to_owned());
    Request {
        service: "00501".to_owned(),
        applicant,
        fields,
        attachments: vec![Attachment {
            name: "diploma.pdf".to_owned(),
            sha256: "ab".repeat(32),
        }],
    }
}

fn individual() -> Applicant {
    Applicant::Iin(Iin::parse("871008401427").expect("valid IIN"))
}

fn organisation() -> Bin {
    Bin::parse("940140000385").expect("valid BIN")
}

fn signed_request(req: &Request, who: &str) -> Vec<u8> {
    sign_request(req, &key(who), &cert(who), &SignOptions::at(demo_time())).expect("signs")
}

fn licence() -> Licence {
    Licence {
        number: "25-0042".to_owned(),
        licensee: individual(),
        activity: "медициналық қызмет".to_owned(),
        issued: "2025-05-30".to_owned(),
        valid_until: None,
        issuer_bin: organisation(),
    }
}

#[test]
fn applicant_request_is_verified() {
    let req = request(individual());
    let verdict = verifier().verify_request(
        &signed_request(&req, "individual-sign"),
        &Options::at(demo_time()),
        &SigningRoles::default(),
    );
    assert!(verdict.valid, "{:?}", verdict.reason);
    assert_eq!(verdict.payload.as_ref(), Some(&req));
    assert_eq!(verdict.document.as_ref().map(|d| d.signers.len()), Some(1));
}

#[test]
fn request_naming_another_iin_is_refused() {
    let req = request(Applicant::Iin(
        Iin::parse("760212350620").expect("valid IIN"),
    ));
    let verdict = verifier().verify_request(
        &signed_request(&req, "individual-sign"),
        &Options::at(demo_time()),
        &SigningRoles::default(),
    );
    assert!(!verdict.valid);
    assert_eq!(verdict.refusal, Some(Refusal::IdentityMismatch));
    assert_eq!(
        verdict.reason,
        Some(Error::IdentityMismatch {
            expected: "IIN 760212350620".into(),
            found: Some("IIN 871008401427".into())
        })
    );
    let refusal = Refusal::IdentityMismatch;
    assert_eq!(refusal.code(), "eds-identity-mismatch");
    assert_eq!(
        refusal.message(Language::Ru),
        "ЭЦП не подтверждена: ИИН/БИН в документе не совпадает с данными сертификата"
    );
    assert_eq!(
        refusal.message(Language::Kk),
        "ЭЦҚ расталмады: құжаттағы ЖСН/БСН сертификат деректерімен сәйкес келмейді"
    );
    assert_eq!(
        refusal.message(Language::En),
        "EDS not confirmed: the IIN/BIN in the document does not match the certificate"
    );
}

#[test]
fn refusals_name_the_regulations_reasons() {
    let v = verifier();
    let at = Options::at(demo_time());
    let roles = SigningRoles::default();
    let req = request(individual());
    for (who, refusal) in [
        ("revoked", Refusal::Revoked),
        ("on-hold", Refusal::Revoked),
        ("expired", Refusal::Expired),
        ("not-yet-valid", Refusal::NotYetValid),
        ("individual-auth", Refusal::NotASigningKey),
        ("wrong-issuer", Refusal::Untrusted),
    ] {
        let verdict = v.verify_request(&signed_request(&req, who), &at, &roles);
        assert_eq!(
            verdict.refusal,
            Some(refusal),
            "{who}: {:?}",
            verdict.reason
        );
        assert!(!verdict.valid);
    }
    // Tampering: the payload inside the signed document is changed.
    let mut doc = signed_request(&req, "individual-sign");
    let needle = b"00501";
    let at_byte = doc
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("service code inside");
    doc[at_byte + 4] = b'2';
    let verdict = v.verify_request(&doc, &at, &roles);
    assert_eq!(
        verdict.refusal,
        Some(Refusal::Altered),
        "{:?}",
        verdict.reason
    );
    // Garbage.
    let verdict = v.verify_request(b"not a document", &at, &roles);
    assert_eq!(verdict.refusal, Some(Refusal::Malformed));
    assert_eq!(
        verdict.refusal.map(|r| r.message(Language::En)),
        Some("EDS not confirmed: the document could not be read")
    );
}

#[test]
fn request_with_an_invalid_iin_is_malformed() {
    let mut doc_json = serde_json::to_value(request(individual())).expect("json");
    doc_json["applicant"]["iin"] = "871008401428".into(); // bad check digit
    let bytes = serde_json::to_vec(&doc_json).expect("json");
    let doc = qoltanba::sign_document(
        &bytes,
        &key("individual-sign"),
        &cert("individual-sign"),
        &SignOptions::at(demo_time()),
    )
    .expect("signs");
    let verdict =
        verifier().verify_request(&doc, &Options::at(demo_time()), &SigningRoles::default());
    assert_eq!(
        verdict.refusal,
        Some(Refusal::Malformed),
        "{:?}",
        verdict.reason
    );
    assert!(verdict.payload.is_none());
}

#[test]
fn organisation_request_needs_a_signer_with_the_right_to_sign() {
    let req = request(Applicant::Bin(organisation()));
    let v = verifier();
    let at = Options::at(demo_time());
    let roles = SigningRoles::default();
    assert!(
        v.verify_request(&signed_request(&req, "ceo-sign"), &at, &roles)
            .valid
    );
    assert!(
        v.verify_request(&signed_request(&req, "signer-sign"), &at, &roles)
            .valid
    );
    let verdict = v.verify_request(&signed_request(&req, "employee-sign"), &at, &roles);
    assert_eq!(
        verdict.refusal,
        Some(Refusal::NoRightToSign),
        "{:?}",
        verdict.reason
    );
    // A person's certificate without the organisation's BIN.
    let verdict = v.verify_request(&signed_request(&req, "individual-sign"), &at, &roles);
    assert_eq!(verdict.refusal, Some(Refusal::IdentityMismatch));
}

#[test]
fn operator_cosignature_is_reported_with_the_applicants() {
    let req = request(individual());
    let signed = signed_request(&req, "individual-sign");
    let both = cosign_document(
        &signed,
        None,
        &key("employee-sign"),
        &cert("employee-sign"),
        &SignOptions::at(demo_time()),
    )
    .expect("co-signs");
    let verdict =
        verifier().verify_request(&both, &Options::at(demo_time()), &SigningRoles::default());
    assert!(verdict.valid, "{:?}", verdict.reason);
    let report = verdict.document.expect("report");
    let who: Vec<String> = report
        .signers
        .iter()
        .filter_map(|s| {
            s.certificate
                .as_ref()?
                .certificate
                .iin
                .map(|i| i.to_string())
        })
        .collect();
    assert_eq!(who, ["871008401427", "680503450037"]);

    // The operator alone does not stand in for the applicant.
    let operator_only = signed_request(&req, "employee-sign");
    let verdict = verifier().verify_request(
        &operator_only,
        &Options::at(demo_time()),
        &SigningRoles::default(),
    );
    assert_eq!(verdict.refusal, Some(Refusal::IdentityMismatch));
}

#[test]
fn licence_issued_by_the_first_head_verifies() {
    let doc = issue_licence(
        &licence(),
        &key("ceo-sign"),
        &cert("ceo-sign"),
        &SignOptions::at(demo_time()),
    )
    .expect("signs");
    let verdict =
        verifier().verify_licence(&doc, &Options::at(demo_time()), &SigningRoles::default());
    assert!(verdict.valid, "{:?}", verdict.reason);
    assert_eq!(verdict.payload, Some(licence()));
}

#[test]
fn licence_signed_by_an_employee_without_the_role_is_refused() {
    let doc = issue_licence(
        &licence(),
        &key("employee-sign"),
        &cert("employee-sign"),
        &SignOptions::at(demo_time()),
    )
    .expect("signs");
    let verdict =
        verifier().verify_licence(&doc, &Options::at(demo_time()), &SigningRoles::default());
    assert_eq!(
        verdict.refusal,
        Some(Refusal::NoRightToSign),
        "{:?}",
        verdict.reason
    );
    // A configuration that lets employees sign licences accepts it.
    let roles = SigningRoles(vec![qoltanba::Role::Employee]);
    assert!(
        verifier()
            .verify_licence(&doc, &Options::at(demo_time()), &roles)
            .valid
    );
    // Signed by someone outside the organisation.
    let doc = issue_licence(
        &licence(),
        &key("individual-sign"),
        &cert("individual-sign"),
        &SignOptions::at(demo_time()),
    )
    .expect("signs");
    let verdict =
        verifier().verify_licence(&doc, &Options::at(demo_time()), &SigningRoles::default());
    assert_eq!(verdict.refusal, Some(Refusal::IdentityMismatch));
}
