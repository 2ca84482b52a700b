//! Every error code has a fixed number (`ERROR_CODES`, the C ABI's
//! `qoltanba_reason`): read from the source of `Error::code`, so that a code
//! added without a number fails here.

use std::collections::BTreeSet;

use qoltanba::ERROR_CODES;

#[test]
fn every_code_of_error_code_has_one_number() {
    let source = include_str!("../src/error.rs");
    let body = source
        .split("pub fn code(&self)")
        .nth(1)
        .and_then(|rest| rest.split("\n    }\n").next())
        .expect("Error::code in src/error.rs");
    let mut codes: Vec<&str> = body
        .split("=> \"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    // The XML codes are XmlReason's (Error::XmlRefused gives them).
    let xml = source
        .split("pub fn code(self)")
        .nth(1)
        .and_then(|rest| rest.split("\n    }\n").next())
        .expect("XmlReason::code in src/error.rs");
    codes.extend(
        xml.split("=> \"")
            .skip(1)
            .filter_map(|s| s.split('"').next()),
    );
    assert_eq!(codes.iter().filter(|c| c.starts_with("xml-")).count(), 12);
    assert!(codes.len() >= 45, "{codes:?}");
    let table: Vec<&str> = ERROR_CODES.iter().map(|(c, _)| *c).collect();
    for code in &codes {
        assert!(table.contains(code), "{code} has no number in ERROR_CODES");
    }
    assert_eq!(
        codes.len(),
        table.len(),
        "ERROR_CODES lists a code Error::code never gives"
    );
    let numbers: BTreeSet<u32> = ERROR_CODES.iter().map(|&(_, n)| n).collect();
    assert_eq!(numbers.len(), ERROR_CODES.len(), "numbers are unique");
    assert!(!numbers.contains(&0), "0 means no error");
}

#[test]
fn an_error_reports_its_number() {
    let e = qoltanba::Error::InvalidSignature;
    let n = ERROR_CODES
        .iter()
        .find(|(c, _)| *c == "invalid-signature")
        .map(|&(_, n)| n);
    assert_eq!(Some(e.number()), n);
}
