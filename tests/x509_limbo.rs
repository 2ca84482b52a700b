//! C2SP x509-limbo: every testcase of the staged `limbo.json` is run through
//! the verifier and its verdict compared with `expected_result`. Every
//! divergence must be listed with its reason in
//! `tests/x509_limbo_exceptions.tsv`, and every listed case must still
//! diverge (the file stays exact).
//!
//! Validation time: the case's `validation_time`, else a fixed
//! 2024-06-01T00:00:00Z (never the clock). Peer names (`expected_peer_name`)
//! are not checked: this library does no host-name matching.
//! `LIMBO_VERBOSE=1` prints every case's verdict and reason.

use std::collections::BTreeMap;
use std::fs;

use qoltanba::{Certificate, Crl, Options, Policy, Purpose, RevocationMode, Time, Verifier};
use serde_json::Value;

const LIMBO: &str = "test-vectors/third-party/x509-limbo/limbo.json";
const EXCEPTIONS: &str = "tests/x509_limbo_exceptions.tsv";
const DEFAULT_TIME: &str = "2024-06-01T00:00:00Z";

/// Every PEM block in a field that is a PEM string, a JSON list of them, or a
/// string holding a Python-list repr of them (with escaped newlines).
fn pem_blocks(value: &Value) -> Vec<String> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    };
    let text = text.replace("\\n", "\n");
    let mut blocks = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start..];
        // The END line: "-----END <label>-----".
        let Some(end) = after.find("-----END ") else {
            break;
        };
        let tail = &after[end + 9..];
        let Some(close) = tail.find("-----") else {
            break;
        };
        let len = end + 9 + close + 5;
        blocks.push(format!("{}\n", &after[..len]));
        rest = &after[len..];
    }
    blocks
}

fn eku_oid(name: &str) -> String {
    match name {
        "serverAuth" => "1.3.6.1.5.5.7.3.1",
        "clientAuth" => "1.3.6.1.5.5.7.3.2",
        "codeSigning" => "1.3.6.1.5.5.7.3.3",
        "emailProtection" => "1.3.6.1.5.5.7.3.4",
        "timeStamping" => "1.3.6.1.5.5.7.3.8",
        "ocspSigning" => "1.3.6.1.5.5.7.3.9",
        "anyExtendedKeyUsage" => "2.5.29.37.0",
        dotted => dotted,
    }
    .to_owned()
}

fn strings(case: &Value, field: &str) -> Vec<String> {
    case[field]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Runs one testcase: `(valid, reason)`. An unparsable leaf or anchor makes
/// the verdict "invalid"; an unparsable intermediate or CRL is skipped.
fn run(case: &Value) -> (bool, String) {
    let Some(leaf_pem) = pem_blocks(&case["peer_certificate"]).into_iter().next() else {
        return (false, "no peer certificate".into());
    };
    let leaf = match Certificate::from_any(leaf_pem.as_bytes()) {
        Ok(c) => c,
        Err(e) => return (false, format!("leaf: {}: {e}", e.code())),
    };
    let policy = Policy::new().revocation(RevocationMode::IfAvailable);
    let mut builder = Verifier::builder().policy(policy);
    for pem in pem_blocks(&case["trusted_certs"]) {
        match Certificate::from_any(pem.as_bytes()) {
            Ok(c) => builder = builder.trust(c),
            Err(e) => return (false, format!("anchor: {}: {e}", e.code())),
        }
    }
    for pem in pem_blocks(&case["untrusted_intermediates"]) {
        if let Ok(c) = Certificate::from_any(pem.as_bytes()) {
            builder = builder.intermediate(c);
        }
    }
    for pem in pem_blocks(&case["crls"]) {
        for crl in Crl::all_from_any(pem.as_bytes()).unwrap_or_default() {
            builder = builder.crl(crl);
        }
    }
    let verifier = builder.build();
    let time_text = case["validation_time"].as_str().unwrap_or(DEFAULT_TIME);
    let time = Time::parse_rfc3339(time_text).expect("validation_time parses");
    let purpose = match strings(case, "extended_key_usage").first() {
        Some(eku) => Purpose::ExtendedKeyUsage(eku_oid(eku)),
        None => Purpose::Any,
    };
    let report = verifier.verify_certificate(&leaf, &Options::at(time).purpose(purpose));
    if let Some(e) = &report.reason {
        return (false, format!("{}: {e}", e.code()));
    }
    let leaf_ku = &leaf.info().key_usage;
    if let Some(ku) = strings(case, "key_usage")
        .into_iter()
        .find(|ku| !leaf_ku.iter().any(|k| k == ku))
    {
        return (false, format!("harness: leaf key usage lacks {ku}"));
    }
    (report.valid, String::new())
}

fn exceptions() -> BTreeMap<String, String> {
    fs::read_to_string(EXCEPTIONS)
        .expect("exceptions file")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (id, reason) = l.split_once('\t').expect("id<TAB>reason");
            (id.to_owned(), reason.to_owned())
        })
        .collect()
}

#[test]
fn x509_limbo() {
    let text = fs::read_to_string(LIMBO).expect("limbo.json (see README.txt)");
    let limbo: Value = serde_json::from_str(&text).expect("limbo.json is JSON");
    let cases = limbo["testcases"].as_array().expect("testcases");
    let exceptions = exceptions();
    // namespace -> (total, agree, diverge as excepted, diverge unexpectedly)
    let mut tally: BTreeMap<String, [u32; 4]> = BTreeMap::new();
    let mut unexpected = Vec::new();
    let mut stale = Vec::new();
    let mut seen = Vec::new();
    let verbose = std::env::var_os("LIMBO_VERBOSE").is_some();
    for case in cases {
        let id = case["id"].as_str().expect("id").to_owned();
        let expected_valid = case["expected_result"] == "SUCCESS";
        let (valid, reason) = run(case);
        let agrees = valid == expected_valid;
        let excepted = exceptions.contains_key(&id);
        let namespace = id.split("::").next().unwrap_or_default().to_owned();
        for key in [namespace, "TOTAL".to_owned()] {
            let t = tally.entry(key).or_default();
            t[0] += 1;
            let column = match (agrees, excepted) {
                (true, _) => 1,
                (false, true) => 2,
                (false, false) => 3,
            };
            t[column] += 1;
        }
        let verdict = |v: bool| if v { "SUCCESS" } else { "FAILURE" };
        match (agrees, excepted) {
            (false, false) => unexpected.push(format!(
                "{id}: expected {} got {} ({reason})",
                verdict(expected_valid),
                verdict(valid)
            )),
            (true, true) => stale.push(format!("{id}: now agrees, remove it from {EXCEPTIONS}")),
            _ => {}
        }
        if verbose {
            println!(
                "{id}: expected {} got {} ({reason})",
                verdict(expected_valid),
                verdict(valid)
            );
        }
        seen.push(id);
    }
    for id in exceptions.keys().filter(|id| !seen.contains(id)) {
        stale.push(format!("{id}: no such testcase"));
    }
    println!(
        "{:<14} {:>5} {:>5} {:>9} {:>10}",
        "namespace", "total", "agree", "excepted", "unexpected"
    );
    for (ns, t) in &tally {
        println!("{ns:<14} {:>5} {:>5} {:>9} {:>10}", t[0], t[1], t[2], t[3]);
    }
    let suspected: Vec<&String> = exceptions
        .iter()
        .filter(|(_, reason)| reason.starts_with("ENGINE BUG?"))
        .map(|(id, _)| id)
        .collect();
    println!("suspected engine bugs (excepted): {suspected:?}");
    for line in unexpected.iter().chain(&stale) {
        println!("{line}");
    }
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "{} unexpected divergences, {} stale exceptions",
        unexpected.len(),
        stale.len()
    );
}
