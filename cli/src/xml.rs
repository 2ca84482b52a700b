//! XML signatures in the CLI (issue 15): `qoltanba verify FILE` on an XML
//! document (recognised by content), `qoltanba sign FILE --xml`, and what
//! `qoltanba inspect` shows of an XML signature.

use qoltanba::{Verifier, XmlReport};

use crate::json;
use crate::trust::Format;
use crate::verify::{print_signers, verdict};

/// Prints an XML report in `format`.
pub(crate) fn print(report: &XmlReport, format: Format) {
    match format {
        Format::Json => println!(
            "{}",
            json::render(qoltanba::json::XML_REPORT, report, false)
        ),
        Format::Jsonl => println!("{}", json::render(qoltanba::json::XML_REPORT, report, true)),
        Format::Text => {
            println!(
                "{}",
                verdict(report.document.valid, report.document.reason.as_ref())
            );
            print_structure(report);
            print_signers(&report.document);
        }
    }
}

/// The signatures' algorithms and references, what they cover.
pub(crate) fn print_structure(report: &XmlReport) {
    println!(
        "XML{}: {} signature(s)",
        if report.soap {
            " (SOAP, WS-Security)"
        } else {
            ""
        },
        report.signatures.len()
    );
    for (i, s) in report.signatures.iter().enumerate() {
        println!(
            "signature {}{}:",
            i + 1,
            s.id.as_deref()
                .map(|id| format!(" (Id {id})"))
                .unwrap_or_default()
        );
        println!("  canonicalization: {}", s.canonicalization);
        println!("  signature method: {}", s.signature_method);
        for r in &s.references {
            println!(
                "  reference {:?} -> {}: digest {} ({})",
                r.uri,
                r.element.as_deref().unwrap_or("unresolved"),
                if r.digest_valid {
                    "matches"
                } else {
                    "NOT CHECKED OR DIFFERS"
                },
                r.digest_method
            );
            for t in &r.transforms {
                println!("    transform: {t}");
            }
        }
    }
    if !report.signed_elements.is_empty() {
        println!("signed elements: {}", report.signed_elements.join(", "));
    }
    if let Some((created, expires)) = report.timestamp {
        match expires {
            Some(e) => println!("signed Timestamp: created {created}, expires {e}"),
            None => println!("signed Timestamp: created {created}"),
        }
    }
}

/// `inspect` on XML: the structure as a verifier without trust anchors
/// reads it (so the certificate is never valid; nothing is verified).
pub(crate) fn inspect(bytes: &[u8]) {
    let verifier = Verifier::builder().build();
    let report = verifier.verify_xml(bytes, &qoltanba::Options::at(qoltanba::Time::now()));
    print_structure(&report);
    for (i, s) in report.document.signers.iter().enumerate() {
        println!(
            "signer {}: {} with {}",
            i + 1,
            s.signature_algorithm,
            s.digest_algorithm
        );
        if let Some(c) = &s.certificate {
            crate::verify::print_info(&c.certificate, "  ");
        }
    }
}
