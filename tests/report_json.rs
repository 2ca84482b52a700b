//! Reports serialise to JSON (feature `serde`) with stable field names and
//! error codes a service can act on.
#![cfg(feature = "serde")]

use std::fs;

use qoltanba::{Certificate, Crl, Options, Time, Verifier};

fn verifier() -> Verifier {
    let read = |n: &str| fs::read(format!("test-vectors/demo/{n}")).expect("demo file");
    let mut b = Verifier::builder()
        .trust(Certificate::from_any(&read("root-rsa.pem")).expect("root"))
        .intermediate(Certificate::from_any(&read("nca-rsa.pem")).expect("ca"));
    for c in ["root-rsa.crl", "nca-rsa.crl", "nca-rsa-delta.crl"] {
        b = b.crl(Crl::from_der(&read(c)).expect("crl"));
    }
    b.build()
}

fn report_json(file: &str) -> serde_json::Value {
    let cert = Certificate::from_any(&fs::read(format!("test-vectors/demo/{file}")).expect("cert"))
        .expect("parses");
    let time = Time::parse_rfc3339("2025-06-01T00:00:00Z").expect("time");
    let report = verifier().verify_certificate(&cert, &Options::at(time));
    serde_json::from_str(&report.to_json()).expect("valid JSON")
}

#[test]
fn valid_report_as_json() {
    let v = report_json("ceo-sign.pem");
    assert_eq!(v["valid"], true);
    assert_eq!(v["reason"], serde_json::Value::Null);
    assert_eq!(v["time"], "2025-06-01T00:00:00Z");
    assert_eq!(v["certificate"]["iin"], "760212350620");
    assert_eq!(v["certificate"]["bin"], "940140000385");
    assert_eq!(v["certificate"]["key_kind"], "SIGN");
    assert_eq!(
        v["certificate"]["roles"],
        serde_json::json!(["legal-entity", "first-head"])
    );
    assert_eq!(v["chain"].as_array().map(Vec::len), Some(3));
    let checks: Vec<(String, String)> = v["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap_or("").to_owned(),
                c["outcome"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let names: Vec<&str> = checks.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["chain", "validity", "revocation", "key-usage"]);
    assert!(checks.iter().all(|(_, o)| o == "passed"));
}

#[test]
fn refusal_as_json_carries_code_and_message() {
    let v = report_json("revoked.pem");
    assert_eq!(v["valid"], false);
    assert_eq!(v["reason"]["code"], "cert-revoked");
    let message = v["reason"]["message"].as_str().expect("message");
    assert!(
        message.contains("keyCompromise") && message.contains("2025-03-01T00:00:00Z"),
        "{message}"
    );
    let revocation = v["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["name"] == "revocation")
        .expect("check");
    assert_eq!(revocation["outcome"], "failed");
    // A failed check carries the error itself: its code and its message.
    assert_eq!(revocation["detail"]["code"], "cert-revoked");
    assert_eq!(revocation["detail"]["message"], v["reason"]["message"]);
}

#[test]
fn a_failed_check_is_an_error_value() {
    let cert = Certificate::from_any(&fs::read("test-vectors/demo/revoked.pem").expect("cert"))
        .expect("parses");
    let time = Time::parse_rfc3339("2025-06-01T00:00:00Z").expect("time");
    let report = verifier().verify_certificate(&cert, &Options::at(time));
    let failed: Vec<&qoltanba::Error> = report
        .checks
        .iter()
        .filter_map(|c| match &c.outcome {
            qoltanba::Outcome::Failed(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].code(), "cert-revoked");
    assert_eq!(Some(failed[0]), report.reason.as_ref());
}
