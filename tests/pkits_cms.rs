//! NIST PKITS delivered as signed CMS documents (issue 13 item 13): for
//! every test of sections 4.1-4.7 and 4.13-4.16, PKITS's own S/MIME message
//! signed by the test's end entity (`test-vectors/pkits-cms`, see its
//! README) carries the path's certificates in `certificates` and the test's
//! CRLs in `crls`. The verifier trusts the PKITS trust anchor only and is
//! given nothing else: the document's CRLs decide. Each verdict must agree
//! with PKITS's expected result except the divergences of
//! `tests/pkits_exceptions.tsv` (DSA), and must be the verdict on the same
//! certificate validated directly with the same certificates and CRLs.
//!
//! Validation time: 2011-04-15T00:00:00Z (as `tests/pkits.rs`).

mod pkits_suite;

use std::collections::BTreeMap;
use std::fs;

use qoltanba::{Certificate, Options, Policy, Purpose, SignedDocument, Verifier};

const DIR: &str = "test-vectors/pkits-cms";

struct Row {
    id: String,
    section: String,
    title: String,
    expected_valid: bool,
    document: String,
}

fn rows() -> Vec<Row> {
    fs::read_to_string(format!("{DIR}/expectations.tsv"))
        .expect("expectations")
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Row {
                id: f[0].to_owned(),
                section: f[1].to_owned(),
                title: f[2].to_owned(),
                expected_valid: f[3] == "valid",
                document: f[4].to_owned(),
            }
        })
        .collect()
}

fn verifier() -> Verifier {
    let anchor = Certificate::from_der(
        &fs::read(format!("{DIR}/TrustAnchorRootCertificate.crt")).expect("anchor"),
    )
    .expect("anchor parses");
    Verifier::builder()
        .trust(anchor)
        .policy(Policy::new())
        .build()
}

/// The document's verdict and reason code, and the verdict and code of the
/// signer's certificate validated directly with the document's certificates
/// and CRLs.
struct Outcome {
    valid: bool,
    code: String,
    reason: String,
    direct_valid: Option<bool>,
    direct_code: String,
}

fn run(verifier: &Verifier, content: &[u8], row: &Row) -> Outcome {
    let bytes = fs::read(format!("{DIR}/{}", row.document)).expect("document");
    let doc = SignedDocument::from_any(&bytes).expect("PKITS document parses");
    assert!(
        !doc.crls().is_empty(),
        "{}: the document carries its CRLs",
        row.id
    );
    let options = Options::at(pkits_suite::time()).purpose(Purpose::Any);
    let report = verifier.verify_document(&doc, Some(content), &options);
    let (code, reason) = report
        .reason
        .as_ref()
        .map(|e| (e.code().to_owned(), e.to_string()))
        .unwrap_or_default();
    // The signer's certificate (as the document's report names it), with
    // the document's certificates and CRLs, validated directly.
    let signer = report
        .signers
        .first()
        .and_then(|s| s.certificate.as_ref())
        .map(|r| r.certificate.clone());
    let direct = signer.and_then(|info| {
        doc.certificates()
            .iter()
            .find(|c| c.subject() == info.subject && c.serial_hex() == info.serial)
    });
    let (direct_valid, direct_code) = match direct {
        Some(ee) => {
            let options = Options::at(pkits_suite::time())
                .purpose(Purpose::Any)
                .intermediates(doc.certificates().iter().cloned())
                .crls(doc.crls().iter().cloned());
            let r = verifier.verify_certificate(ee, &options);
            (
                Some(r.valid),
                r.reason.map(|e| e.code().to_owned()).unwrap_or_default(),
            )
        }
        None => (None, String::new()),
    };
    Outcome {
        valid: report.valid,
        code,
        reason,
        direct_valid,
        direct_code,
    }
}

#[test]
fn pkits_as_cms_documents() {
    let exceptions = pkits_suite::exceptions();
    let verifier = verifier();
    let content = fs::read(format!("{DIR}/content.txt")).expect("content");
    let mut tally = pkits_suite::Tally::default();
    let mut unexpected = Vec::new();
    let mut stale_exceptions = Vec::new();
    let mut disagreeing = Vec::new();
    let mut codes = BTreeMap::new();
    for row in rows() {
        let out = run(&verifier, &content, &row);
        if std::env::var_os("PKITS_VERBOSE").is_some() {
            println!(
                "{} {} -> {} {} | direct {:?} {}",
                row.id, row.title, out.valid, out.reason, out.direct_valid, out.direct_code
            );
        }
        if out.direct_valid != Some(out.valid) {
            disagreeing.push(format!(
                "{} document {} ({}) but certificate {:?} ({})",
                row.id, out.valid, out.code, out.direct_valid, out.direct_code
            ));
        }
        codes.insert(row.id.clone(), out.code.clone());
        let agrees = out.valid == row.expected_valid;
        let excepted = exceptions.contains_key(&row.id);
        tally.record(&row.section, agrees, excepted);
        match (agrees, excepted) {
            (true, false) | (false, true) => {}
            (false, false) => {
                unexpected.push(format!(
                    "{} {} expected {} got {} ({}: {})",
                    row.id,
                    row.title,
                    if row.expected_valid {
                        "valid"
                    } else {
                        "invalid"
                    },
                    if out.valid { "valid" } else { "invalid" },
                    out.code,
                    out.reason
                ));
            }
            (true, true) => stale_exceptions.push(row.id.clone()),
        }
    }
    let total = tally.print("PKITS as CMS documents,", |_| true);
    assert_eq!(
        total.0 + total.1 + total.2,
        161,
        "every test of the sections"
    );
    assert!(
        unexpected.is_empty(),
        "PKITS (CMS) divergences not in tests/pkits_exceptions.tsv:\n{}",
        unexpected.join("\n")
    );
    assert!(
        stale_exceptions.is_empty(),
        "exceptions that now agree (remove them): {stale_exceptions:?}"
    );
    assert!(
        disagreeing.is_empty(),
        "document and certificate verdicts differ:\n{}",
        disagreeing.join("\n")
    );
    // The refusals of the CRL-scope tests, exactly (the document's reason is
    // its signer certificate's).
    let want = [
        ("4.4.19", ""),
        ("4.4.20", "cert-revoked"),
        ("4.4.21", "crl-invalid"),
        ("4.5.4", ""),
        ("4.5.5", "cert-revoked"),
        ("4.5.6", ""),
        ("4.5.7", "cert-revoked"),
        ("4.14.15", "cert-revoked"),
        ("4.14.16", "cert-revoked"),
        ("4.14.17", "revocation-status-unknown"),
        ("4.14.18", ""),
        ("4.14.19", ""),
        ("4.14.20", "cert-revoked"),
        ("4.14.21", "cert-revoked"),
        ("4.14.22", ""),
        ("4.14.23", "cert-revoked"),
        ("4.14.24", ""),
        ("4.14.25", ""),
        ("4.14.26", "revocation-status-unknown"),
        ("4.14.27", "revocation-status-unknown"),
        ("4.14.28", ""),
        ("4.14.29", ""),
        ("4.14.30", ""),
        ("4.14.31", "cert-revoked"),
        ("4.14.32", "cert-revoked"),
        ("4.14.33", ""),
        ("4.14.34", "cert-revoked"),
        ("4.14.35", "revocation-status-unknown"),
    ];
    for (id, code) in want {
        assert_eq!(codes[id], code, "{id}");
    }
}
