//! The request and licence model is strict (docs/domain.md): versioned,
//! dates as dates, non-empty identifiers, SHA-256 hex, closed enumerations,
//! no unknown fields; each refusal with its exact message.
#![cfg(feature = "serde")]

use qoltanba::{Date, Identifiers, Licence, LicenceStatus, Request, MODEL_VERSION};

/// A change to a valid payload.
type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;

fn request(edit: impl FnOnce(&mut serde_json::Value)) -> Result<Request, String> {
    let mut v = serde_json::json!({
        "version": 1,
        "service": "00501",
        "kind": "issue",
        "channel": "portal",
        "applicant": {"iin": "871008401427"},
        "registration": {"number": "KZ-REG-1", "date": "2025-06-02"},
        "payment": "PAY-77",
        "fields": {"activity": "x"},
        "attachments": [{"name": "a.pdf", "sha256": "ab".repeat(32)}]
    });
    edit(&mut v);
    Request::from_json(v.to_string().as_bytes()).map_err(|e| e.to_string())
}

fn licence(edit: impl FnOnce(&mut serde_json::Value)) -> Result<Licence, String> {
    let mut v = serde_json::json!({
        "version": 1,
        "number": "KZ25LCA00042",
        "licensee": {"bin": "940140000385"},
        "activity": "медициналық қызмет",
        "issued": "2025-05-30",
        "valid_until": "2030-05-29",
        "status": "issued",
        "issuer_name": "ДЕМО",
        "issuer_bin": "940140000385"
    });
    edit(&mut v);
    Licence::from_json(v.to_string().as_bytes()).map_err(|e| e.to_string())
}

#[test]
fn valid_payloads_parse() {
    let r = request(|_| {}).expect("valid request");
    assert_eq!(r.version, MODEL_VERSION);
    assert_eq!(
        r.registration.expect("registered").date.to_string(),
        "2025-06-02"
    );
    let l = licence(|_| {}).expect("valid licence");
    assert_eq!(l.status, LicenceStatus::Issued);
    assert_eq!(
        l.valid_until.map(|d| d.to_string()).as_deref(),
        Some("2030-05-29")
    );
}

#[test]
fn request_fields_are_strict() {
    let cases: Vec<(Edit, &str)> = vec![
        (Box::new(|v| v["version"] = 2.into()), "malformed request: version 2 is not supported (this library reads version 1)"),
        (Box::new(|v| { v.as_object_mut().expect("object").remove("version"); }), "malformed request: missing field `version` at line 1 column"),
        (Box::new(|v| v["service"] = "".into()), "malformed request: malformed text field: \"\" is empty at line 1 column"),
        (Box::new(|v| v["service"] = " 00501".into()), "malformed request: malformed text field: \" 00501\" has leading or trailing white space"),
        (Box::new(|v| v["kind"] = "renew".into()), "malformed request: unknown variant `renew`, expected one of `issue`, `re-issue`, `duplicate`"),
        (Box::new(|v| v["channel"] = "mail".into()), "malformed request: unknown variant `mail`, expected one of `portal`, `service-centre`, `provider`"),
        (Box::new(|v| v["registration"]["date"] = "not-a-date".into()), "malformed request: malformed date: \"not-a-date\" is not a date (YYYY-MM-DD)"),
        (Box::new(|v| v["registration"]["date"] = "1999-13-45".into()), "malformed request: malformed date: \"1999-13-45\" is not a date (YYYY-MM-DD)"),
        (Box::new(|v| v["registration"]["number"] = "".into()), "malformed request: malformed text field: \"\" is empty"),
        (Box::new(|v| v["attachments"][0]["sha256"] = "AB".repeat(32).into()), "malformed request: malformed sha256: \"ABAB"),
        (Box::new(|v| v["attachments"][0]["sha256"] = "ab".into()), "malformed request: malformed sha256: \"ab\" is not 64 lowercase hex digits"),
        (Box::new(|v| v["applicant"] = serde_json::json!({"iin": "871008401428"})), "malformed request: applicant: IIN 871008401428 fails the check digit"),
        (Box::new(|v| v["applicant"] = serde_json::json!({"iin": "87100840142"})), "malformed request: invalid IIN: must be 12 digits at line 1 column 34"),
        (Box::new(|v| v["extra"] = 1.into()), "malformed request: unknown field `extra`"),
        (Box::new(|v| v["representative"] = serde_json::json!({"iin": "921115300456", "power_of_attorney": {"number": "N", "date": "2025-02-30", "notarised": true}})), "malformed request: malformed date: \"2025-02-30\" is not a date"),
        (Box::new(|v| v["payment"] = "".into()), "malformed request: malformed text field: \"\" is empty"),
    ];
    for (edit, expected) in cases {
        let e = request(edit).expect_err(expected);
        assert!(e.starts_with(expected), "{e}\n  expected: {expected}");
    }
}

#[test]
fn licence_fields_are_strict() {
    let cases: Vec<(Edit, &str)> = vec![
        (Box::new(|v| v["issued"] = "not-a-date".into()), "malformed licence: malformed date: \"not-a-date\" is not a date (YYYY-MM-DD)"),
        (Box::new(|v| v["valid_until"] = "1999-13-45".into()), "malformed licence: malformed date: \"1999-13-45\" is not a date (YYYY-MM-DD)"),
        (Box::new(|v| v["valid_until"] = "2025-05-29".into()), "malformed licence: valid_until 2025-05-29 is before the issue date 2025-05-30"),
        (Box::new(|v| v["number"] = "".into()), "malformed licence: malformed text field: \"\" is empty"),
        (Box::new(|v| v["status"] = "revoked".into()), "malformed licence: unknown variant `revoked`, expected one of `issued`, `re-issued`, `suspended`, `renewed`, `terminated`"),
        (Box::new(|v| v["version"] = 0.into()), "malformed licence: version 0 is not supported (this library reads version 1)"),
        (Box::new(|v| v["issuer_bin"] = "940140000386".into()), "malformed licence: issuer_bin: BIN 940140000386 fails the check digit"),
        (Box::new(|v| { v.as_object_mut().expect("object").remove("issuer_name"); }), "malformed licence: missing field `issuer_name`"),
    ];
    for (edit, expected) in cases {
        let e = licence(edit).expect_err(expected);
        assert!(e.starts_with(expected), "{e}\n  expected: {expected}");
    }
}

#[test]
fn serde_deserialize_is_strict_too() {
    let json = r#"{"version":1,"service":"1","kind":"issue","channel":"portal","applicant":{"iin":"123456789011"}}"#;
    assert!(serde_json::from_str::<Request>(json).is_err());
    let (r, warnings) =
        Request::from_json_with(json.as_bytes(), Identifiers::AllowTest).expect("allowed");
    assert_eq!(r.applicant.to_string(), "IIN 123456789011");
    assert_eq!(
        warnings,
        vec!["applicant: IIN 123456789011 is a national CA test identifier (fails the check digit); accepted for testing only"]
    );
}

#[test]
fn dates() {
    assert_eq!(
        Date::parse("2024-02-29").expect("leap day").to_string(),
        "2024-02-29"
    );
    for bad in [
        "2023-02-29",
        "2025-1-01",
        "20250101",
        "2025-01-01T00:00:00Z",
        "",
    ] {
        assert!(Date::parse(bad).is_err(), "{bad}");
    }
    let d = Date::parse("2025-06-01").expect("date");
    assert_eq!(d.start().to_string(), "2025-05-31T19:00:00Z");
    assert_eq!(d.end().to_string(), "2025-06-01T19:00:00Z");
}

#[test]
fn writing_refuses_another_version() {
    let mut r = request(|_| {}).expect("valid");
    r.version = 2;
    assert_eq!(
        r.to_json().expect_err("version 2").to_string(),
        "malformed request: version 2 is not supported (this library reads version 1)"
    );
}
