//! `qoltanba verify` and `qoltanba verify-cert`.

use clap::Args;
use qoltanba::{
    Certificate, CertificateInfo, DocumentReport, Outcome as CheckOutcome, Report, SignedDocument,
};

use crate::input::read;
use crate::json;
use crate::trust::{Format, TrustArgs};
use crate::{Failure, Outcome};

#[derive(Args)]
pub(crate) struct DocumentArgs {
    /// The signed document (CMS: DER, PEM or base64); `-` reads stdin.
    file: String,
    /// The content of a detached signature.
    #[arg(long, value_name = "FILE")]
    content: Option<String>,
    #[command(flatten)]
    trust: TrustArgs,
}

#[derive(Args)]
pub(crate) struct CertArgs {
    /// The certificate (PEM, DER or base64); `-` reads stdin.
    cert: String,
    #[command(flatten)]
    trust: TrustArgs,
}

pub(crate) fn document(args: &DocumentArgs) -> Result<Outcome, Failure> {
    let bytes = read(&args.file)?;
    // XML signatures (issue 15): an XML document is recognised by content.
    if qoltanba::looks_like_xml(&bytes) {
        if args.content.is_some() {
            return Err(Failure::usage(
                "--content is for CMS; an XML signature carries its content",
            ));
        }
        let verifier = args.trust.verifier()?;
        let report = verifier.verify_xml(&bytes, &args.trust.options()?);
        crate::xml::print(&report, args.trust.format);
        return Ok(if report.valid() {
            Outcome::Valid
        } else {
            Outcome::NotValid
        });
    }
    let doc = SignedDocument::from_any(&bytes).map_err(|e| Failure::at(&args.file, e))?;
    let content = args.content.as_deref().map(read).transpose()?;
    if let Some(online) = args.trust.online.gatherer(args.trust.at_time()?)? {
        let verifier = args.trust.base_verifier()?;
        let r = online.verify_document(&verifier, &doc, content.as_deref(), &args.trust.options()?);
        return Ok(online_outcome(
            &args.trust,
            &r.evidence,
            &r.attempts,
            &r.missing,
            r.result().is_ok(),
            |f| match f {
                Format::Json => {
                    println!("{}", json::render(json::DOCUMENT_REPORT, &r.report, false))
                }
                Format::Jsonl => {
                    println!("{}", json::render(json::DOCUMENT_REPORT, &r.report, true))
                }
                Format::Text => print_document(&r.report),
            },
        ));
    }
    let verifier = args.trust.verifier()?;
    let report = verifier.verify_document(&doc, content.as_deref(), &args.trust.options()?);
    match args.trust.format {
        Format::Json => println!("{}", json::render(json::DOCUMENT_REPORT, &report, false)),
        Format::Jsonl => println!("{}", json::render(json::DOCUMENT_REPORT, &report, true)),
        Format::Text => print_document(&report),
    }
    Ok(if report.valid {
        Outcome::Valid
    } else {
        Outcome::NotValid
    })
}

pub(crate) fn certificate(args: &CertArgs) -> Result<Outcome, Failure> {
    let cert = Certificate::from_any(&read(&args.cert)?).map_err(|e| Failure::at(&args.cert, e))?;
    if let Some(online) = args.trust.online.gatherer(args.trust.at_time()?)? {
        let verifier = args.trust.base_verifier()?;
        let r = online.verify_certificate(&verifier, &cert, &args.trust.options()?);
        return Ok(online_outcome(
            &args.trust,
            &r.evidence,
            &r.attempts,
            &r.missing,
            r.result().is_ok(),
            |f| match f {
                Format::Json => println!(
                    "{}",
                    json::render(json::CERTIFICATE_REPORT, &r.report, false)
                ),
                Format::Jsonl => println!(
                    "{}",
                    json::render(json::CERTIFICATE_REPORT, &r.report, true)
                ),
                Format::Text => print_report(&r.report, ""),
            },
        ));
    }
    let verifier = args.trust.verifier()?;
    let report = verifier.verify_certificate(&cert, &args.trust.options()?);
    match args.trust.format {
        Format::Json => println!("{}", json::render(json::CERTIFICATE_REPORT, &report, false)),
        Format::Jsonl => println!("{}", json::render(json::CERTIFICATE_REPORT, &report, true)),
        Format::Text => print_report(&report, ""),
    }
    Ok(if report.valid {
        Outcome::Valid
    } else {
        Outcome::NotValid
    })
}

/// Prints an `--online` verification (the report, then in text the
/// evidence, the failed attempts and any missing evidence) and gives its
/// outcome. JSON output carries the report only.
fn online_outcome(
    trust: &TrustArgs,
    evidence: &[qoltanba::online::EvidenceRecord],
    attempts: &[qoltanba::online::Attempt],
    missing: &[qoltanba::Error],
    valid: bool,
    print: impl FnOnce(Format),
) -> Outcome {
    print(trust.format);
    if trust.format == Format::Text {
        crate::online::print_evidence(evidence, attempts);
        for e in missing {
            println!("not valid: {e} [{}]", e.code());
        }
    }
    if valid {
        Outcome::Valid
    } else {
        Outcome::NotValid
    }
}

fn print_document(report: &DocumentReport) {
    println!("{}", verdict(report.valid, report.reason.as_ref()));
    print_signers(report);
}

/// Prints every signer of a document report.
pub(crate) fn print_signers(report: &DocumentReport) {
    for (i, s) in report.signers.iter().enumerate() {
        println!("signer {}: {}", i + 1, verdict(s.valid, s.reason.as_ref()));
        println!(
            "  signature: {} with {}",
            s.signature_algorithm, s.digest_algorithm
        );
        if let Some(t) = s.signing_time {
            println!("  signingTime (claimed, not trusted): {t}");
        }
        if let Some(ts) = &s.timestamp {
            println!(
                "  time-stamp: {} genTime {} by {}",
                if ts.valid { "VALID" } else { "NOT VALID" },
                ts.info.gen_time,
                ts.tsa_subject.as_deref().unwrap_or("an unknown TSA")
            );
        }
        if let Some(r) = &s.certificate {
            print_report(r, "  ");
        }
    }
}

pub(crate) fn print_report(report: &Report, indent: &str) {
    println!(
        "{indent}certificate: {}",
        verdict(report.valid, report.reason.as_ref())
    );
    println!("{indent}  validated at: {}", report.time);
    print_info(&report.certificate, &format!("{indent}  "));
    if !report.chain.is_empty() {
        let names: Vec<&str> = report
            .chain
            .iter()
            .map(|c| c.common_name.as_deref().unwrap_or(&c.subject))
            .collect();
        println!("{indent}  chain: {}", names.join(" <- "));
    }
    for c in &report.checks {
        let outcome = match &c.outcome {
            CheckOutcome::Passed => "passed".to_owned(),
            CheckOutcome::Failed(why) => format!("FAILED: {why}"),
            CheckOutcome::NotChecked(why) => format!("not checked: {why}"),
            _ => "?".to_owned(),
        };
        println!("{indent}  check {}: {outcome}", c.name.as_str());
    }
    for w in &report.warnings {
        println!("{indent}  warning: {w}");
    }
}

pub(crate) fn print_info(info: &CertificateInfo, indent: &str) {
    println!("{indent}subject: {}", info.subject);
    println!("{indent}issuer: {}", info.issuer);
    println!("{indent}serial: {}", info.serial);
    println!("{indent}valid: {} .. {}", info.not_before, info.not_after);
    if let Some(iin) = info.iin {
        let ok = if iin.check_digit_valid() {
            "check digit ok"
        } else {
            "check digit FAILS"
        };
        println!("{indent}IIN: {iin} ({ok})");
    }
    if let Some(bin) = info.bin {
        let ok = if bin.check_digit_valid() {
            "check digit ok"
        } else {
            "check digit FAILS"
        };
        println!("{indent}BIN: {bin} ({ok})");
    }
    if let Some(o) = &info.organization {
        println!("{indent}organisation: {o}");
    }
    let roles: Vec<&str> = info.roles.iter().map(|r| r.name()).collect();
    println!(
        "{indent}key: {} | roles: {}",
        info.key_kind,
        if roles.is_empty() {
            "-".to_owned()
        } else {
            roles.join(", ")
        }
    );
    println!("{indent}signature algorithm: {}", info.signature_algorithm);
}

pub(crate) fn verdict(valid: bool, reason: Option<&qoltanba::Error>) -> String {
    match (valid, reason) {
        (true, _) => "VALID".to_owned(),
        (false, Some(e)) => format!("NOT VALID [{}] {e}", e.code()),
        (false, None) => "NOT VALID".to_owned(),
    }
}
