//! NIST PKITS (Public Key Interoperability Test Suite, 2011 edition):
//! every test of sections 4.1-4.7 and 4.13-4.16 must agree with PKITS's
//! expected result, except the divergences listed with their reasons in
//! `tests/pkits_exceptions.tsv`. Sections 4.8-4.12 (policy processing) are
//! run and tallied but not asserted.
//!
//! Validation time: 2011-04-15T00:00:00Z, as BoringSSL's harness uses.

mod pkits_suite;

use std::fs;

use qoltanba::{Certificate, Crl, Options, Policy, Purpose, Verifier};

const DIR: &str = "test-vectors/third-party/nist-pkits";
const ASSERTED: &[&str] = &[
    "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.13", "4.14", "4.15", "4.16",
];

struct Row {
    id: String,
    section: String,
    title: String,
    expected_valid: bool,
    certs: Vec<String>,
    crls: Vec<String>,
}

fn rows() -> Vec<Row> {
    let text =
        fs::read_to_string(format!("{DIR}/pkits_expectations.tsv")).expect("PKITS expectations");
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Row {
                id: f[0].to_owned(),
                section: f[1].to_owned(),
                title: f[2].to_owned(),
                expected_valid: f[3] == "valid",
                certs: f[4].split(' ').map(str::to_owned).collect(),
                crls: f[5]
                    .split(' ')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            }
        })
        .collect()
}

/// Runs one PKITS test; `Ok(valid)` or the reason when an input does not
/// even parse (which counts as "invalid").
fn run(row: &Row) -> (bool, String) {
    let load = |p: &str| fs::read(format!("{DIR}/{p}")).expect("PKITS file");
    let (anchor_path, rest) = row.certs.split_first().expect("anchor");
    let (ee_path, middle) = rest.split_last().expect("end entity");
    let anchor = match Certificate::from_der(&load(anchor_path)) {
        Ok(c) => c,
        Err(e) => return (false, format!("anchor: {e}")),
    };
    let ee = match Certificate::from_der(&load(ee_path)) {
        Ok(c) => c,
        Err(e) => return (false, format!("end entity: {e}")),
    };
    let mut builder = Verifier::builder().trust(anchor).policy(Policy::new());
    for p in middle {
        if let Ok(c) = Certificate::from_der(&load(p)) {
            builder = builder.intermediate(c);
        }
    }
    for p in &row.crls {
        if let Ok(c) = Crl::from_der(&load(p)) {
            builder = builder.crl(c);
        }
    }
    let verifier = builder.build();
    let report =
        verifier.verify_certificate(&ee, &Options::at(pkits_suite::time()).purpose(Purpose::Any));
    let reason = report
        .reason
        .as_ref()
        .map(|e| format!("{}: {e}", e.code()))
        .unwrap_or_default();
    (report.valid, reason)
}

#[test]
fn pkits() {
    let exceptions = pkits_suite::exceptions();
    let mut tally = pkits_suite::Tally::default();
    let mut unexpected = Vec::new();
    let mut stale_exceptions = Vec::new();
    for row in rows() {
        let (valid, reason) = run(&row);
        let agrees = valid == row.expected_valid;
        let asserted = ASSERTED.contains(&row.section.as_str());
        tally.record(&row.section, agrees, exceptions.contains_key(&row.id));
        if asserted {
            match (agrees, exceptions.contains_key(&row.id)) {
                (false, false) => unexpected.push(format!(
                    "{} {} expected {} got {} ({reason})",
                    row.id,
                    row.title,
                    if row.expected_valid {
                        "valid"
                    } else {
                        "invalid"
                    },
                    if valid { "valid" } else { "invalid" }
                )),
                (true, true) => stale_exceptions.push(row.id.clone()),
                _ => {}
            }
        }
    }
    tally.print("PKITS", |section| ASSERTED.contains(&section));
    assert!(
        unexpected.is_empty(),
        "PKITS divergences not in tests/pkits_exceptions.tsv:\n{}",
        unexpected.join("\n")
    );
    assert!(
        stale_exceptions.is_empty(),
        "exceptions that now agree (remove them): {stale_exceptions:?}"
    );
}
