//! The request and licence policies read from JSON (the bindings' form):
//! every member, the defaults, and each refusal with its exact message.
#![cfg(feature = "serde")]

use std::time::Duration;

use qoltanba::{
    Bin, Channel, CoSigners, Error, Identifiers, LicencePolicy, LicenceSigner, RequestPolicy, Role,
};

const PROVIDER: &str = "940140000385";
const CENTRE: &str = "950341000052";

fn bin(s: &str) -> Bin {
    Bin::parse(s).expect("valid BIN")
}

/// The error's display, for exact comparisons.
fn refused<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    match r {
        Err(e @ Error::Malformed { .. }) => e.to_string(),
        other => panic!("expected a malformed policy, got {other:?}"),
    }
}

#[test]
fn request_policy_defaults() {
    assert_eq!(
        RequestPolicy::from_json("{}").expect("empty"),
        RequestPolicy::default()
    );
    // Empty role lists keep the default roles.
    assert_eq!(
        RequestPolicy::from_json(r#"{"signing_roles": [], "certifier_roles": []}"#)
            .expect("empty lists"),
        RequestPolicy::default()
    );
    // The explicit defaults.
    assert_eq!(
        RequestPolicy::from_json(r#"{"cosigners": "refuse", "test_identifiers": false}"#)
            .expect("explicit defaults"),
        RequestPolicy::default()
    );
}

#[test]
fn request_policy_every_member() {
    let p = RequestPolicy::from_json(&format!(
        r#"{{"channel": "service-centre", "service_centre_bins": ["{CENTRE}"],
            "provider_bins": ["{PROVIDER}", "{CENTRE}"],
            "signing_roles": ["first-head"], "certifier_roles": ["employee", "right-to-sign"],
            "cosigners": "report", "test_identifiers": true, "deadline_ms": 15000}}"#
    ))
    .expect("every member");
    let expected = RequestPolicy::new()
        .channel(Channel::ServiceCentre)
        .service_centre_bin(bin(CENTRE))
        .provider_bin(bin(PROVIDER))
        .provider_bin(bin(CENTRE))
        .signing_roles(vec![Role::FirstHead])
        .certifier_roles(vec![Role::Employee, Role::RightToSign])
        .cosigners(CoSigners::Report)
        .identifiers(Identifiers::AllowTest)
        .deadline(Duration::from_millis(15000));
    assert_eq!(p, expected);
    for (name, channel) in [
        ("portal", Channel::Portal),
        ("service-centre", Channel::ServiceCentre),
        ("provider", Channel::Provider),
    ] {
        let p = RequestPolicy::from_json(&format!(r#"{{"channel": "{name}"}}"#)).expect(name);
        assert_eq!(p.channel, Some(channel));
    }
}

#[test]
fn request_policy_refusals() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"chanel": "portal"}"#,
            r#"malformed request policy: unknown member "chanel""#,
        ),
        ("[]", "malformed request policy: not a JSON object"),
        ("null", "malformed request policy: not a JSON object"),
        (
            "{",
            "malformed request policy: EOF while parsing an object at line 1 column 1",
        ),
        (
            "",
            "malformed request policy: EOF while parsing a value at line 1 column 0",
        ),
        (
            r#"{"channel": "post"}"#,
            r#"malformed request policy: channel "post""#,
        ),
        (
            r#"{"channel": 1}"#,
            "malformed request policy: channel is not a string",
        ),
        (
            r#"{"service_centre_bins": "950341000052"}"#,
            "malformed request policy: service_centre_bins is not an array",
        ),
        (
            r#"{"provider_bins": [940140000385]}"#,
            "malformed request policy: provider_bins holds a non-string",
        ),
        (
            r#"{"provider_bins": ["940140000384"]}"#,
            "malformed request policy: provider_bins: invalid BIN: check digit mismatch",
        ),
        (
            r#"{"service_centre_bins": ["12345"]}"#,
            "malformed request policy: service_centre_bins: invalid BIN: must be 12 digits",
        ),
        (
            r#"{"signing_roles": ["boss"]}"#,
            r#"malformed request policy: signing_roles: unknown role "boss""#,
        ),
        (
            r#"{"certifier_roles": ["employee", "clerk"]}"#,
            r#"malformed request policy: certifier_roles: unknown role "clerk""#,
        ),
        (
            r#"{"cosigners": "ignore"}"#,
            r#"malformed request policy: cosigners "ignore""#,
        ),
        (
            r#"{"test_identifiers": "yes"}"#,
            "malformed request policy: test_identifiers is not a boolean",
        ),
        (
            r#"{"deadline_ms": -1}"#,
            "malformed request policy: deadline_ms is not a non-negative integer",
        ),
        (
            r#"{"deadline_ms": 1.5}"#,
            "malformed request policy: deadline_ms is not a non-negative integer",
        ),
        // A licence member is not a request member.
        (
            r#"{"signer": "employee"}"#,
            r#"malformed request policy: unknown member "signer""#,
        ),
    ];
    for (json, message) in cases {
        assert_eq!(refused(RequestPolicy::from_json(json)), *message, "{json}");
    }
}

#[test]
fn licence_policy_members() {
    assert_eq!(
        LicencePolicy::from_json("{}").expect("empty"),
        LicencePolicy::default()
    );
    let p = LicencePolicy::from_json(
        r#"{"signer": "employee", "cosigners": "report", "test_identifiers": true, "deadline_ms": 0}"#,
    )
    .expect("every member");
    let expected = LicencePolicy::new()
        .signer(LicenceSigner::Employee)
        .cosigners(CoSigners::Report)
        .identifiers(Identifiers::AllowTest)
        .deadline(Duration::ZERO);
    assert_eq!(p, expected);
    assert_eq!(
        LicencePolicy::from_json(r#"{"signer": "authorised"}"#)
            .expect("authorised")
            .signer,
        LicenceSigner::Authorised
    );
}

#[test]
fn licence_policy_refusals() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"channel": "portal"}"#,
            r#"malformed licence policy: unknown member "channel""#,
        ),
        ("42", "malformed licence policy: not a JSON object"),
        (
            r#"{"signer": "director"}"#,
            r#"malformed licence policy: signer "director""#,
        ),
        (
            r#"{"signer": null}"#,
            "malformed licence policy: signer is not a string",
        ),
        (
            r#"{"cosigners": "Report"}"#,
            r#"malformed licence policy: cosigners "Report""#,
        ),
        (
            r#"{"test_identifiers": 1}"#,
            "malformed licence policy: test_identifiers is not a boolean",
        ),
        (
            r#"{"deadline_ms": "15000"}"#,
            "malformed licence policy: deadline_ms is not a non-negative integer",
        ),
    ];
    for (json, message) in cases {
        assert_eq!(refused(LicencePolicy::from_json(json)), *message, "{json}");
    }
}
