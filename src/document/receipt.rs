//! The verification receipt (docs/domain.md 1.2): a JSON record a service
//! stores with a request or licence: what was verified (the document's
//! SHA-256), the verdict and refusal, the signers' facts, the evidence the
//! verifier held for their issuers, the validation time, the time the
//! verification took (the regulations budget 10-15 s for the check) and
//! the software that made it.

use serde::Serialize;

use crate::cms::SignerReport;
use crate::context::Context;
use crate::error::Error;
use crate::identity::{Bin, Iin};
use crate::report::{CheckName, Outcome};
use crate::time::Time;

use super::flow::{Part, Verdict};
use super::model::Sha256Hex;
use super::refusal::{Language, Refusal, Subject};

/// The receipt's schema id (docs/schema/receipt.schema.json).
pub const RECEIPT_SCHEMA: &str = "qoltanba/receipt/1";

/// The refusal's text in the three languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Messages {
    /// Kazakh.
    pub kk: String,
    /// Russian.
    pub ru: String,
    /// English.
    pub en: String,
}

/// One signer's facts in a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ReceiptSigner {
    /// Position in the document.
    pub index: usize,
    /// The part the signer plays.
    pub part: Part,
    /// Whether the signature and certificate verify.
    pub valid: bool,
    /// The cause, if not.
    pub refusal: Option<Refusal>,
    /// The error's stable code, if not.
    pub reason: Option<&'static str>,
    /// The certificate's subject.
    pub subject: Option<String>,
    /// Its issuer.
    pub issuer: Option<String>,
    /// Its serial number (hex).
    pub serial: Option<String>,
    /// The holder's IIN.
    pub iin: Option<Iin>,
    /// The organisation's BIN.
    pub bin: Option<Bin>,
    /// The signingTime the signer claims.
    pub signing_time: Option<Time>,
    /// The time the certificate was validated at.
    pub validated_at: Time,
    /// The signature time-stamp's genTime, if a valid one set it.
    pub timestamp: Option<Time>,
    /// How the revocation check went: `passed`, `failed`, `not-checked`, or
    /// absent when no certificate was found.
    pub revocation: Option<&'static str>,
}

/// A CRL the verifier held for an issuer of the signers' paths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrlEvidence {
    /// The CRL's issuer.
    pub issuer: String,
    /// Its CRLNumber (hex).
    pub number: Option<String>,
    /// thisUpdate.
    pub this_update: Time,
    /// nextUpdate.
    pub next_update: Option<Time>,
    /// Whether it is a delta CRL.
    pub delta: bool,
}

/// The evidence behind the verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Evidence {
    /// The CRLs the verifier held for the issuers of the signers' paths
    /// (the document's own CRLs are not listed).
    pub crls: Vec<CrlEvidence>,
    /// producedAt of every OCSP response the verifier held.
    pub ocsp_produced_at: Vec<Time>,
    /// genTime of every signature time-stamp that verified.
    pub timestamps: Vec<Time>,
}

/// A verification receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Receipt {
    /// [`RECEIPT_SCHEMA`].
    pub schema: &'static str,
    /// `request` or `licence`.
    pub kind: &'static str,
    /// SHA-256 of the signed document as given (lowercase hex).
    pub document_sha256: Sha256Hex,
    /// The verdict.
    pub valid: bool,
    /// Whose EDS the refusal is about.
    pub subject: Option<Subject>,
    /// The cause.
    pub refusal: Option<Refusal>,
    /// The refusal's full text.
    pub message: Option<Messages>,
    /// The precise reason (code and message).
    pub reason: Option<Error>,
    /// Each signer's facts.
    pub signers: Vec<ReceiptSigner>,
    /// The evidence.
    pub evidence: Evidence,
    /// Warnings of the verdict.
    pub warnings: Vec<String>,
    /// The validation time.
    pub validated_at: Time,
    /// The verification's duration in microseconds.
    pub elapsed_micros: u64,
    /// `qoltanba <version>`.
    pub software: String,
}

impl Receipt {
    /// The receipt as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()))
    }
}

fn revocation(s: &SignerReport) -> Option<&'static str> {
    let report = s.certificate.as_ref()?;
    Some(match report.check(CheckName::Revocation) {
        Some(Outcome::Passed) => "passed",
        Some(Outcome::Failed(_)) => "failed",
        Some(Outcome::NotChecked(_)) | None => "not-checked",
    })
}

impl Context {
    /// See [`Verifier::receipt`](crate::Verifier::receipt).
    pub(crate) fn receipt<T>(
        &self,
        kind: &'static str,
        document: &[u8],
        verdict: &Verdict<T>,
    ) -> Result<Receipt, Error> {
        let reports: Vec<&SignerReport> = verdict
            .document
            .iter()
            .flat_map(|d| d.signers.iter())
            .collect();
        let signers = verdict
            .signers
            .iter()
            .map(|v| {
                let s = reports.get(v.index).copied();
                let info = s
                    .and_then(|s| s.certificate.as_ref())
                    .map(|r| &r.certificate);
                ReceiptSigner {
                    index: v.index,
                    part: v.part,
                    valid: v.valid,
                    refusal: v.refusal,
                    reason: v.reason.as_ref().map(Error::code),
                    subject: v.subject.clone(),
                    issuer: info.map(|c| c.issuer.clone()),
                    serial: info.map(|c| c.serial.clone()),
                    iin: v.iin,
                    bin: v.bin,
                    signing_time: s.and_then(|s| s.signing_time),
                    validated_at: s.map_or(verdict.validated_at, |s| s.validated_at),
                    timestamp: s
                        .and_then(|s| s.timestamp.as_ref())
                        .filter(|t| t.valid)
                        .map(|t| t.info.gen_time),
                    revocation: s.and_then(revocation),
                }
            })
            .collect();
        // The issuers of every certificate on the signers' paths (or of the
        // signers' own certificates when no path was built).
        let mut issuers: Vec<&str> = Vec::new();
        for s in &reports {
            if let Some(r) = &s.certificate {
                issuers.push(&r.certificate.issuer);
                issuers.extend(r.chain.iter().map(|c| c.issuer.as_str()));
            }
        }
        let crls = self
            .revocation
            .crls()
            .iter()
            .filter(|c| issuers.contains(&c.issuer()))
            .map(|c| CrlEvidence {
                issuer: c.issuer().to_owned(),
                number: c.number(),
                this_update: c.this_update(),
                next_update: c.next_update(),
                delta: c.is_delta(),
            })
            .collect();
        let evidence = Evidence {
            crls,
            ocsp_produced_at: self
                .revocation
                .ocsp_responses()
                .iter()
                .map(|o| o.produced_at())
                .collect(),
            timestamps: reports
                .iter()
                .filter_map(|s| s.timestamp.as_ref())
                .filter(|t| t.valid)
                .map(|t| t.info.gen_time)
                .collect(),
        };
        let message = match (
            verdict.message(Language::Kk),
            verdict.message(Language::Ru),
            verdict.message(Language::En),
        ) {
            (Some(kk), Some(ru), Some(en)) => Some(Messages { kk, ru, en }),
            _ => None,
        };
        Ok(Receipt {
            schema: RECEIPT_SCHEMA,
            kind,
            document_sha256: Sha256Hex::of(document)?,
            valid: verdict.valid,
            subject: verdict.subject,
            refusal: verdict.refusal,
            message,
            reason: verdict.reason.clone(),
            signers,
            evidence,
            warnings: verdict.warnings.clone(),
            validated_at: verdict.validated_at,
            elapsed_micros: u64::try_from(verdict.elapsed.as_micros()).unwrap_or(u64::MAX),
            software: format!("qoltanba {}", env!("CARGO_PKG_VERSION")),
        })
    }
}
