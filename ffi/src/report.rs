//! Reports (verdicts with accessors and JSON) and certificate inspection.

use std::ffi::c_char;

use super::*;
use qoltanba::DocumentReport;
use qoltanba::{Certificate, CertificateInfo};
use qoltanba::{CheckName, Outcome, Report};
use qoltanba::{Language, Licence, Refusal, Request, Verdict};

/// A language of the refusal messages (`qoltanba_report_message`).
pub type qoltanba_language = u32;
/// Kazakh.
pub const QOLTANBA_LANGUAGE_KK: qoltanba_language = 0;
/// Russian.
pub const QOLTANBA_LANGUAGE_RU: qoltanba_language = 1;
/// English.
pub const QOLTANBA_LANGUAGE_EN: qoltanba_language = 2;

/// A text field of a certificate (`qoltanba_report_signer_field`,
/// `qoltanba_certificate_field`).
pub type qoltanba_field = u32;
/// Subject distinguished name.
pub const QOLTANBA_FIELD_SUBJECT: qoltanba_field = 0;
/// Issuer distinguished name.
pub const QOLTANBA_FIELD_ISSUER: qoltanba_field = 1;
/// Serial number, lowercase hex.
pub const QOLTANBA_FIELD_SERIAL: qoltanba_field = 2;
/// CN: for a person, "SURNAME NAME".
pub const QOLTANBA_FIELD_COMMON_NAME: qoltanba_field = 3;
/// SURNAME.
pub const QOLTANBA_FIELD_SURNAME: qoltanba_field = 4;
/// GIVENNAME, which holds the patronymic in the national CA's profile.
pub const QOLTANBA_FIELD_PATRONYMIC: qoltanba_field = 5;
/// O: the organisation.
pub const QOLTANBA_FIELD_ORGANIZATION: qoltanba_field = 6;
/// Email address.
pub const QOLTANBA_FIELD_EMAIL: qoltanba_field = 7;
/// The holder's IIN (12 digits).
pub const QOLTANBA_FIELD_IIN: qoltanba_field = 8;
/// The organisation's BIN (12 digits).
pub const QOLTANBA_FIELD_BIN: qoltanba_field = 9;
/// The holder's roles, comma-separated (`legal-entity,first-head`).
pub const QOLTANBA_FIELD_ROLES: qoltanba_field = 10;
/// The key kind: `SIGN`, `AUTH` or `other`.
pub const QOLTANBA_FIELD_KEY_KIND: qoltanba_field = 11;
/// The certificate's signature algorithm.
pub const QOLTANBA_FIELD_SIGNATURE_ALGORITHM: qoltanba_field = 12;
/// Start of validity, RFC 3339.
pub const QOLTANBA_FIELD_NOT_BEFORE: qoltanba_field = 13;
/// End of validity, RFC 3339.
pub const QOLTANBA_FIELD_NOT_AFTER: qoltanba_field = 14;

/// A check of a report (`qoltanba_report_signer_check`).
pub type qoltanba_check = u32;
/// The document signature and its signed attributes (documents only).
pub const QOLTANBA_CHECK_SIGNATURE: qoltanba_check = 0;
/// A path to a trust anchor with valid signatures and CA constraints.
pub const QOLTANBA_CHECK_CHAIN: qoltanba_check = 1;
/// Every certificate of the path valid at the validation time.
pub const QOLTANBA_CHECK_VALIDITY: qoltanba_check = 2;
/// No certificate of the path revoked, on verified and fresh data.
pub const QOLTANBA_CHECK_REVOCATION: qoltanba_check = 3;
/// Key usage, extended key usage and key kind fit the purpose.
pub const QOLTANBA_CHECK_KEY_USAGE: qoltanba_check = 4;
/// The certificate belongs to the expected IIN or BIN.
pub const QOLTANBA_CHECK_IDENTITY: qoltanba_check = 5;
/// The holder has the required roles.
pub const QOLTANBA_CHECK_ROLES: qoltanba_check = 6;

/// How one check went.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum qoltanba_outcome {
    /// The check was not performed (not asked for, or an earlier step
    /// failed: no certificate, no path).
    QOLTANBA_OUTCOME_NOT_PERFORMED = 0,
    /// The check passed.
    QOLTANBA_OUTCOME_PASSED = 1,
    /// The check failed.
    QOLTANBA_OUTCOME_FAILED = 2,
    /// Skipped by policy (revocation checking off).
    QOLTANBA_OUTCOME_NOT_CHECKED = 3,
}

use qoltanba_outcome::*;

/// What a report holds.
pub(super) enum ReportKind {
    Certificate(Box<Report>),
    Document(DocumentReport),
    Request(Verdict<Request>),
    Licence(Verdict<Licence>),
    /// An XML document's verdict (issue 15).
    Xml(Box<qoltanba::XmlReport>),
}

/// A verdict: valid or not, the reason (a code, a detail, and the refusal
/// in Kazakh, Russian and English: our wording on the regulations' terms),
/// each signer's facts and checks, and the whole as JSON. A certificate's report has one
/// signer: the certificate itself.
///
/// Ownership: made by the verify calls, freed with `qoltanba_report_free`.
/// Thread safety: immutable; any number of threads may read it at once.
pub struct qoltanba_report {
    pub(super) kind: ReportKind,
    /// The verification receipt (JSON) of a request or licence.
    pub(super) receipt: Option<String>,
}

/// One signer's view: its verdict and its certificate's report.
pub(super) struct SignerView<'a> {
    valid: bool,
    pub(super) reason: Option<&'a Error>,
    cert: Option<&'a Report>,
    signature: qoltanba_outcome,
}

impl qoltanba_report {
    fn valid(&self) -> bool {
        match &self.kind {
            ReportKind::Certificate(r) => r.valid,
            ReportKind::Document(d) => d.valid,
            ReportKind::Request(v) => v.valid,
            ReportKind::Licence(v) => v.valid,
            ReportKind::Xml(x) => x.document.valid,
        }
    }

    pub(super) fn reason(&self) -> Option<&Error> {
        match &self.kind {
            ReportKind::Certificate(r) => r.reason.as_ref(),
            ReportKind::Document(d) => d.reason.as_ref(),
            ReportKind::Request(v) => v.reason.as_ref(),
            ReportKind::Licence(v) => v.reason.as_ref(),
            ReportKind::Xml(x) => x.document.reason.as_ref(),
        }
    }

    fn refusal(&self) -> Option<Refusal> {
        match &self.kind {
            ReportKind::Request(v) => v.refusal,
            ReportKind::Licence(v) => v.refusal,
            _ => self.reason().map(Refusal::from_error),
        }
    }

    /// The refusal text: a request's or licence's headline with the cause,
    /// else the cause alone.
    fn message(&self, refusal: Refusal, language: Language) -> String {
        let verdict = match &self.kind {
            ReportKind::Request(v) => v.message(language),
            ReportKind::Licence(v) => v.message(language),
            _ => None,
        };
        verdict.unwrap_or_else(|| refusal.message(language).to_owned())
    }

    fn document(&self) -> Option<&DocumentReport> {
        match &self.kind {
            ReportKind::Certificate(_) => None,
            ReportKind::Document(d) => Some(d),
            ReportKind::Request(v) => v.document.as_ref(),
            ReportKind::Licence(v) => v.document.as_ref(),
            ReportKind::Xml(x) => Some(&x.document),
        }
    }

    fn signer_count(&self) -> usize {
        match &self.kind {
            ReportKind::Certificate(_) => 1,
            _ => self.document().map_or(0, |d| d.signers.len()),
        }
    }

    pub(super) fn signer(&self, index: usize) -> Result<SignerView<'_>, qoltanba_result> {
        let out_of_range = || {
            fail(
                QOLTANBA_OUT_OF_RANGE,
                format!(
                    "signer {index} of a report with {} signers",
                    self.signer_count()
                ),
            )
        };
        if let ReportKind::Certificate(r) = &self.kind {
            return if index == 0 {
                Ok(SignerView {
                    valid: r.valid,
                    reason: r.reason.as_ref(),
                    cert: Some(r),
                    signature: QOLTANBA_OUTCOME_NOT_PERFORMED,
                })
            } else {
                Err(out_of_range())
            };
        }
        let s = self
            .document()
            .and_then(|d| d.signers.get(index))
            .ok_or_else(out_of_range)?;
        let cert = s.certificate.as_ref();
        // The signer's reason is a signature failure if there is one, else
        // its certificate's reason (cms::verify): so the signature passed
        // when the signer has no reason or the certificate's own.
        let signature = match (cert, &s.reason) {
            (None, _) => QOLTANBA_OUTCOME_NOT_PERFORMED,
            (Some(_), None) => QOLTANBA_OUTCOME_PASSED,
            (Some(c), Some(r)) if c.reason.as_ref() == Some(r) => QOLTANBA_OUTCOME_PASSED,
            (Some(_), Some(_)) => QOLTANBA_OUTCOME_FAILED,
        };
        Ok(SignerView {
            valid: s.valid,
            reason: s.reason.as_ref(),
            cert,
            signature,
        })
    }

    fn json(&self) -> String {
        let (kind, native) = match &self.kind {
            ReportKind::Certificate(r) => ("certificate", serde_json::to_value(r)),
            ReportKind::Document(d) => ("document", serde_json::to_value(d)),
            ReportKind::Request(v) => ("request", serde_json::to_value(v)),
            ReportKind::Licence(v) => ("licence", serde_json::to_value(v)),
            ReportKind::Xml(x) => ("xml", serde_json::to_value(x)),
        };
        let refusal = self.refusal().map(|r| {
            serde_json::json!({
                "code": r.code(),
                "message": {
                    "kk": self.message(r, Language::Kk),
                    "ru": self.message(r, Language::Ru),
                    "en": self.message(r, Language::En),
                },
            })
        });
        let envelope = serde_json::json!({
            "kind": kind,
            "valid": self.valid(),
            "reason": self.reason().map(|e| serde_json::json!({
                "code": e.code(),
                "message": e.to_string(),
            })),
            "refusal": refusal,
            "report": native.unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() })),
        });
        serde_json::to_string_pretty(&envelope)
            .unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()))
    }
}

pub(super) fn report<'a>(
    ptr: *const qoltanba_report,
) -> Result<&'a qoltanba_report, qoltanba_result> {
    object(ptr, "report")
}

/// A certificate's text field, `None` when the certificate has none.
fn field_text(
    info: &CertificateInfo,
    field: qoltanba_field,
) -> Result<Option<String>, qoltanba_result> {
    Ok(match field {
        QOLTANBA_FIELD_SUBJECT => Some(info.subject.clone()),
        QOLTANBA_FIELD_ISSUER => Some(info.issuer.clone()),
        QOLTANBA_FIELD_SERIAL => Some(info.serial.clone()),
        QOLTANBA_FIELD_COMMON_NAME => info.common_name.clone(),
        QOLTANBA_FIELD_SURNAME => info.surname.clone(),
        QOLTANBA_FIELD_PATRONYMIC => info.patronymic.clone(),
        QOLTANBA_FIELD_ORGANIZATION => info.organization.clone(),
        QOLTANBA_FIELD_EMAIL => info.email.clone(),
        QOLTANBA_FIELD_IIN => info.iin.map(|i| i.to_string()),
        QOLTANBA_FIELD_BIN => info.bin.map(|b| b.to_string()),
        QOLTANBA_FIELD_ROLES => Some(
            info.roles
                .iter()
                .map(|r| r.name())
                .collect::<Vec<_>>()
                .join(","),
        )
        .filter(|s| !s.is_empty()),
        QOLTANBA_FIELD_KEY_KIND => Some(info.key_kind.to_string()),
        QOLTANBA_FIELD_SIGNATURE_ALGORITHM => Some(info.signature_algorithm.clone()),
        QOLTANBA_FIELD_NOT_BEFORE => Some(info.not_before.to_rfc3339()),
        QOLTANBA_FIELD_NOT_AFTER => Some(info.not_after.to_rfc3339()),
        other => {
            return Err(fail(
                QOLTANBA_INVALID_PARAMETER,
                format!("{other} is not a qoltanba_field"),
            ))
        }
    })
}

fn language(language: qoltanba_language) -> Result<Language, qoltanba_result> {
    match language {
        QOLTANBA_LANGUAGE_KK => Ok(Language::Kk),
        QOLTANBA_LANGUAGE_RU => Ok(Language::Ru),
        QOLTANBA_LANGUAGE_EN => Ok(Language::En),
        other => Err(fail(
            QOLTANBA_INVALID_PARAMETER,
            format!("{other} is not a qoltanba_language"),
        )),
    }
}

fn check_name(check: qoltanba_check) -> Result<Option<CheckName>, qoltanba_result> {
    Ok(Some(match check {
        QOLTANBA_CHECK_SIGNATURE => return Ok(None),
        QOLTANBA_CHECK_CHAIN => CheckName::Chain,
        QOLTANBA_CHECK_VALIDITY => CheckName::Validity,
        QOLTANBA_CHECK_REVOCATION => CheckName::Revocation,
        QOLTANBA_CHECK_KEY_USAGE => CheckName::KeyUsage,
        QOLTANBA_CHECK_IDENTITY => CheckName::Identity,
        QOLTANBA_CHECK_ROLES => CheckName::Roles,
        other => {
            return Err(fail(
                QOLTANBA_INVALID_PARAMETER,
                format!("{other} is not a qoltanba_check"),
            ))
        }
    }))
}

/// True only if everything checked passed. NULL gives false.
#[no_mangle]
pub extern "C" fn qoltanba_report_valid(report: *const qoltanba_report) -> bool {
    guard_value(false, || {
        // SAFETY: NULL or a report of this library (header).
        unsafe { report.as_ref() }.is_some_and(|r| r.valid())
    })
}

/// Writes the reason's stable code (`cert-revoked`, `cert-expired`,
/// `message-digest-mismatch`, `malformed`, ...); `QOLTANBA_NOT_FOUND` for a
/// valid report.
#[no_mangle]
pub extern "C" fn qoltanba_report_reason_code(
    report: *const qoltanba_report,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> qoltanba_result {
    guard(|| {
        let r = self::report(report)?;
        write_optional(r.reason().map(Error::code), buf, len, out_len)
    })
}

/// Writes the reason in detail, in English (`certificate CN=... expired at
/// ...`); `QOLTANBA_NOT_FOUND` for a valid report.
#[no_mangle]
pub extern "C" fn qoltanba_report_reason_detail(
    report: *const qoltanba_report,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> qoltanba_result {
    guard(|| {
        let r = self::report(report)?;
        let detail = r.reason().map(Error::to_string);
        write_optional(detail.as_deref(), buf, len, out_len)
    })
}

/// Writes the refusal's stable code (`eds-revoked`, `eds-expired`,
/// `eds-identity-mismatch`, ...);
/// `QOLTANBA_NOT_FOUND` for a valid report.
#[no_mangle]
pub extern "C" fn qoltanba_report_refusal_code(
    report: *const qoltanba_report,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> qoltanba_result {
    guard(|| {
        let r = self::report(report)?;
        write_optional(r.refusal().map(Refusal::code), buf, len, out_len)
    })
}

/// Writes the refusal message in a `qoltanba_language` (UTF-8): for a
/// request or licence the headline and the cause (e.g. "Отказ в оказании
/// запрашиваемой услуги в связи с неподтверждением подлинности ЭЦП
/// услугополучателя: регистрационное свидетельство ЭЦП находится в списке
/// отозванных (аннулированных) регистрационных свидетельств"), for other
/// reports the cause alone; our wording on the regulations' terms.
/// `QOLTANBA_NOT_FOUND` for a valid report.
#[no_mangle]
pub extern "C" fn qoltanba_report_message(
    report: *const qoltanba_report,
    language: qoltanba_language,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> qoltanba_result {
    guard(|| {
        let r = self::report(report)?;
        let lang = self::language(language)?;
        let text = r.refusal().map(|f| r.message(f, lang));
        write_optional(text.as_deref(), buf, len, out_len)
    })
}

/// The number of signers (1 for a certificate's report; 0 for a document
/// that could not be read, or NULL).
#[no_mangle]
pub extern "C" fn qoltanba_report_signer_count(report: *const qoltanba_report) -> usize {
    guard_value(0, || {
        // SAFETY: NULL or a report of this library (header).
        unsafe { report.as_ref() }.map_or(0, |r| r.signer_count())
    })
}

/// Writes whether signer `index` is valid (its signature and its
/// certificate).
#[no_mangle]
pub extern "C" fn qoltanba_report_signer_valid(
    report: *const qoltanba_report,
    index: usize,
    out: *mut bool,
) -> qoltanba_result {
    guard(|| {
        let s = self::report(report)?.signer(index)?;
        out_ptr(out)?;
        put(out, s.valid);
        Ok(())
    })
}

/// Writes the reason code of signer `index`; `QOLTANBA_NOT_FOUND` if the
/// signer is valid.
#[no_mangle]
pub extern "C" fn qoltanba_report_signer_reason_code(
    report: *const qoltanba_report,
    index: usize,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> qoltanba_result {
    guard(|| {
        let s = self::report(report)?.signer(index)?;
        write_optional(s.reason.map(Error::code), buf, len, out_len)
    })
}

/// Writes a `qoltanba_field` of signer `index`'s certificate;
/// `QOLTANBA_NOT_FOUND` if the certificate lacks it (no IIN, no BIN, no
/// roles) or the signer's certificate was not found.
#[no_mangle]
pub extern "C" fn qoltanba_report_signer_field(
    report: *const qoltanba_report,
    index: usize,
    field: qoltanba_field,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> qoltanba_result {
    guard(|| {
        let s = self::report(report)?.signer(index)?;
        let text = match s.cert {
            Some(c) => field_text(&c.certificate, field)?,
            None => None,
        };
        write_optional(text.as_deref(), buf, len, out_len)
    })
}

/// Writes signer `index`'s certificate validity as Unix seconds;
/// `QOLTANBA_NOT_FOUND` if its certificate was not found.
#[no_mangle]
pub extern "C" fn qoltanba_report_signer_validity(
    report: *const qoltanba_report,
    index: usize,
    not_before: *mut i64,
    not_after: *mut i64,
) -> qoltanba_result {
    guard(|| {
        let s = self::report(report)?.signer(index)?;
        out_ptr(not_before)?;
        out_ptr(not_after)?;
        let c = s.cert.ok_or(QOLTANBA_NOT_FOUND)?;
        put(not_before, c.certificate.not_before.unix());
        put(not_after, c.certificate.not_after.unix());
        Ok(())
    })
}

/// Writes the outcome of a `qoltanba_check` for signer `index`.
#[no_mangle]
pub extern "C" fn qoltanba_report_signer_check(
    report: *const qoltanba_report,
    index: usize,
    check: qoltanba_check,
    out: *mut qoltanba_outcome,
) -> qoltanba_result {
    guard(|| {
        let s = self::report(report)?.signer(index)?;
        let name = check_name(check)?;
        out_ptr(out)?;
        let outcome = match name {
            None => s.signature,
            Some(name) => match s.cert.and_then(|c| c.check(name)) {
                None => QOLTANBA_OUTCOME_NOT_PERFORMED,
                Some(Outcome::Passed) => QOLTANBA_OUTCOME_PASSED,
                Some(Outcome::Failed(_)) => QOLTANBA_OUTCOME_FAILED,
                Some(Outcome::NotChecked(_)) => QOLTANBA_OUTCOME_NOT_CHECKED,
                // An outcome this ABI does not know yet reads as failed.
                Some(_) => QOLTANBA_OUTCOME_FAILED,
            },
        };
        put(out, outcome);
        Ok(())
    })
}

/// Writes the report as JSON: `{"kind": "certificate" | "document" |
/// "request" | "licence", "valid": bool, "reason": {"code", "message"} |
/// null, "refusal": {"code", "message": {"kk", "ru", "en"}} | null,
/// "report": {...}}`, where `report` is the library's full report (every
/// signer, every check, the certificates' facts, a request's or licence's
/// payload).
#[no_mangle]
pub extern "C" fn qoltanba_report_json(
    report: *const qoltanba_report,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> qoltanba_result {
    guard(|| {
        let r = self::report(report)?;
        write_text(&r.json(), buf, len, out_len)
    })
}

/// Writes the verification receipt of a request's or licence's report as
/// JSON (schema `qoltanba/receipt/1`, docs/schema/receipt.schema.json): the
/// document's SHA-256, the verdict, the refusal and its texts, each
/// signer's facts, the evidence the verifier held (CRL numbers, OCSP and
/// time-stamp times), the validation time, the elapsed time and the
/// library's version. A service stores it with the request.
/// `QOLTANBA_NOT_FOUND` for other reports.
#[no_mangle]
pub extern "C" fn qoltanba_report_receipt(
    report: *const qoltanba_report,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> qoltanba_result {
    guard(|| {
        let r = self::report(report)?;
        write_optional(r.receipt.as_deref(), buf, len, out_len)
    })
}

/// Frees a report. NULL does nothing.
#[no_mangle]
pub extern "C" fn qoltanba_report_free(report: *mut qoltanba_report) {
    guard_value((), || {
        if !report.is_null() {
            // SAFETY: a report this library made with Box::into_raw, freed
            // once (header).
            drop(unsafe { Box::from_raw(report) });
        }
    });
}

/// A parsed certificate, for inspection: its facts, **not verified**.
///
/// Ownership: made by `qoltanba_certificate_parse`, freed with
/// `qoltanba_certificate_free`. Thread safety: immutable; any number of
/// threads may read it at once.
pub struct qoltanba_certificate {
    cert: Certificate,
}

/// Parses a certificate (DER, PEM or base64 of DER) for inspection. Nothing
/// is verified. Writes a new certificate to `*out`.
#[no_mangle]
pub extern "C" fn qoltanba_certificate_parse(
    data: *const u8,
    len: usize,
    out: *mut *mut qoltanba_certificate,
) -> qoltanba_result {
    guard(|| {
        let cert = Certificate::from_any(input(data, len, "data")?).map_err(|e| from_error(&e))?;
        out_ptr(out)?;
        put(out, Box::into_raw(Box::new(qoltanba_certificate { cert })));
        Ok(())
    })
}

/// Writes a `qoltanba_field` of the certificate; `QOLTANBA_NOT_FOUND` if it
/// lacks it.
#[no_mangle]
pub extern "C" fn qoltanba_certificate_field(
    cert: *const qoltanba_certificate,
    field: qoltanba_field,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> qoltanba_result {
    guard(|| {
        let c = object(cert, "cert")?;
        let text = field_text(c.cert.info(), field)?;
        write_optional(text.as_deref(), buf, len, out_len)
    })
}

/// Writes the certificate's validity as Unix seconds.
#[no_mangle]
pub extern "C" fn qoltanba_certificate_validity(
    cert: *const qoltanba_certificate,
    not_before: *mut i64,
    not_after: *mut i64,
) -> qoltanba_result {
    guard(|| {
        let c = object(cert, "cert")?;
        out_ptr(not_before)?;
        out_ptr(not_after)?;
        put(not_before, c.cert.info().not_before.unix());
        put(not_after, c.cert.info().not_after.unix());
        Ok(())
    })
}

/// Writes the certificate's facts as JSON: `{"verified": false,
/// "certificate": {...}}` (subject, IIN/BIN with check-digit status, roles,
/// key kind, key usage, policies, validity, ...).
#[no_mangle]
pub extern "C" fn qoltanba_certificate_json(
    cert: *const qoltanba_certificate,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> qoltanba_result {
    guard(|| {
        let c = object(cert, "cert")?;
        let json = serde_json::to_string_pretty(&serde_json::json!({
            "verified": false,
            "certificate": c.cert.info(),
        }))
        .map_err(|e| fail(QOLTANBA_ERROR, e.to_string()))?;
        write_text(&json, buf, len, out_len)
    })
}

/// Frees a certificate. NULL does nothing.
#[no_mangle]
pub extern "C" fn qoltanba_certificate_free(cert: *mut qoltanba_certificate) {
    guard_value((), || {
        if !cert.is_null() {
            // SAFETY: made by qoltanba_certificate_parse, freed once (header).
            drop(unsafe { Box::from_raw(cert) });
        }
    });
}
