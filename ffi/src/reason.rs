//! Reasons as numbers: `qoltanba_reason`, one fixed number per stable
//! reason code of the library (`ERROR_CODES`), for C callers that switch on
//! them rather than compare strings.

use qoltanba::Error;

use super::report::{qoltanba_report, report};
use super::{guard, out_ptr, put, qoltanba_result};

/// Why a report is not valid, as a number. The numbers are fixed: a new
/// library reason gets a new number at the end, and no number is ever
/// reused or changed. `QOLTANBA_REASON_NONE` is a valid report;
/// `QOLTANBA_REASON_OTHER` a reason newer than this header (read its code
/// with `qoltanba_report_reason_code`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum qoltanba_reason {
    /// No reason: the report is valid.
    QOLTANBA_REASON_NONE = 0,
    /// `malformed`.
    QOLTANBA_REASON_MALFORMED = 1,
    /// `limit-exceeded`.
    QOLTANBA_REASON_LIMIT_EXCEEDED = 2,
    /// `invalid-identifier`.
    QOLTANBA_REASON_INVALID_IDENTIFIER = 3,
    /// `unsupported-signature-algorithm`.
    QOLTANBA_REASON_UNSUPPORTED_SIGNATURE_ALGORITHM = 4,
    /// `unsupported-public-key`.
    QOLTANBA_REASON_UNSUPPORTED_PUBLIC_KEY = 5,
    /// `legacy-algorithm-not-allowed`.
    QOLTANBA_REASON_LEGACY_ALGORITHM_NOT_ALLOWED = 6,
    /// `invalid-signature`.
    QOLTANBA_REASON_INVALID_SIGNATURE = 7,
    /// `cert-expired`.
    QOLTANBA_REASON_CERT_EXPIRED = 8,
    /// `cert-not-valid-yet`.
    QOLTANBA_REASON_CERT_NOT_VALID_YET = 9,
    /// `cert-signature-invalid`.
    QOLTANBA_REASON_CERT_SIGNATURE_INVALID = 10,
    /// `unknown-issuer`.
    QOLTANBA_REASON_UNKNOWN_ISSUER = 11,
    /// `not-ca`.
    QOLTANBA_REASON_NOT_CA = 12,
    /// `path-len-exceeded`.
    QOLTANBA_REASON_PATH_LEN_EXCEEDED = 13,
    /// `key-usage-missing`.
    QOLTANBA_REASON_KEY_USAGE_MISSING = 14,
    /// `extended-key-usage-mismatch`.
    QOLTANBA_REASON_EXTENDED_KEY_USAGE_MISMATCH = 15,
    /// `unsupported-critical-extension`.
    QOLTANBA_REASON_UNSUPPORTED_CRITICAL_EXTENSION = 16,
    /// `cert-invalid`.
    QOLTANBA_REASON_CERT_INVALID = 17,
    /// `name-constraint-violation`.
    QOLTANBA_REASON_NAME_CONSTRAINT_VIOLATION = 18,
    /// `path-budget-exceeded`.
    QOLTANBA_REASON_PATH_BUDGET_EXCEEDED = 19,
    /// `cert-revoked`.
    QOLTANBA_REASON_CERT_REVOKED = 20,
    /// `revocation-status-unknown`.
    QOLTANBA_REASON_REVOCATION_STATUS_UNKNOWN = 21,
    /// `crl-invalid`.
    QOLTANBA_REASON_CRL_INVALID = 22,
    /// `wrong-key-kind`.
    QOLTANBA_REASON_WRONG_KEY_KIND = 23,
    /// `identity-mismatch`.
    QOLTANBA_REASON_IDENTITY_MISMATCH = 24,
    /// `ambiguous-identity`.
    QOLTANBA_REASON_AMBIGUOUS_IDENTITY = 25,
    /// `ca-as-end-entity`.
    QOLTANBA_REASON_CA_AS_END_ENTITY = 26,
    /// `missing-role`.
    QOLTANBA_REASON_MISSING_ROLE = 27,
    /// `no-signers`.
    QOLTANBA_REASON_NO_SIGNERS = 28,
    /// `detached-content-missing`.
    QOLTANBA_REASON_DETACHED_CONTENT_MISSING = 29,
    /// `content-conflict`.
    QOLTANBA_REASON_CONTENT_CONFLICT = 30,
    /// `signer-certificate-not-found`.
    QOLTANBA_REASON_SIGNER_CERTIFICATE_NOT_FOUND = 31,
    /// `missing-signed-attribute`.
    QOLTANBA_REASON_MISSING_SIGNED_ATTRIBUTE = 32,
    /// `content-type-mismatch`.
    QOLTANBA_REASON_CONTENT_TYPE_MISMATCH = 33,
    /// `message-digest-mismatch`.
    QOLTANBA_REASON_MESSAGE_DIGEST_MISMATCH = 34,
    /// `digest-algorithm-mismatch`.
    QOLTANBA_REASON_DIGEST_ALGORITHM_MISMATCH = 35,
    /// `signing-certificate-mismatch`.
    QOLTANBA_REASON_SIGNING_CERTIFICATE_MISMATCH = 36,
    /// `ocsp-invalid`.
    QOLTANBA_REASON_OCSP_INVALID = 37,
    /// `timestamp-invalid`.
    QOLTANBA_REASON_TIMESTAMP_INVALID = 38,
    /// `timestamp-imprint-mismatch`.
    QOLTANBA_REASON_TIMESTAMP_IMPRINT_MISMATCH = 39,
    /// `timestamp-missing`.
    QOLTANBA_REASON_TIMESTAMP_MISSING = 40,
    /// `time-in-future`.
    QOLTANBA_REASON_TIME_IN_FUTURE = 41,
    /// `wrong-password`.
    QOLTANBA_REASON_WRONG_PASSWORD = 42,
    /// `key-certificate-mismatch`.
    QOLTANBA_REASON_KEY_CERTIFICATE_MISMATCH = 43,
    /// `signing-unavailable`.
    QOLTANBA_REASON_SIGNING_UNAVAILABLE = 44,
    /// `unsupported-private-key`.
    QOLTANBA_REASON_UNSUPPORTED_PRIVATE_KEY = 45,
    /// `not-in-force`.
    QOLTANBA_REASON_NOT_IN_FORCE = 46,
    /// `time-budget-exceeded`.
    QOLTANBA_REASON_TIME_BUDGET_EXCEEDED = 47,
    /// `xml-doctype`.
    QOLTANBA_REASON_XML_DOCTYPE = 48,
    /// `xml-no-signature`.
    QOLTANBA_REASON_XML_NO_SIGNATURE = 49,
    /// `xml-duplicate-id`.
    QOLTANBA_REASON_XML_DUPLICATE_ID = 50,
    /// `xml-reference-not-found`.
    QOLTANBA_REASON_XML_REFERENCE_NOT_FOUND = 51,
    /// `xml-external-reference`.
    QOLTANBA_REASON_XML_EXTERNAL_REFERENCE = 52,
    /// `xml-unsupported-transform`.
    QOLTANBA_REASON_XML_UNSUPPORTED_TRANSFORM = 53,
    /// `xml-manifest`.
    QOLTANBA_REASON_XML_MANIFEST = 54,
    /// `xml-digest-mismatch`.
    QOLTANBA_REASON_XML_DIGEST_MISMATCH = 55,
    /// `xml-body-not-signed`.
    QOLTANBA_REASON_XML_BODY_NOT_SIGNED = 56,
    /// `xml-wrapped-element`.
    QOLTANBA_REASON_XML_WRAPPED_ELEMENT = 57,
    /// `xml-comment-in-signed-content`.
    QOLTANBA_REASON_XML_COMMENT_IN_SIGNED_CONTENT = 58,
    /// `xml-timestamp-invalid`.
    QOLTANBA_REASON_XML_TIMESTAMP_INVALID = 59,
    /// A reason this version of the header does not know.
    QOLTANBA_REASON_OTHER = 65535,
}

impl qoltanba_reason {
    /// Every reason but `NONE` and `OTHER`, in number order.
    const ALL: [qoltanba_reason; 59] = [
        qoltanba_reason::QOLTANBA_REASON_MALFORMED,
        qoltanba_reason::QOLTANBA_REASON_LIMIT_EXCEEDED,
        qoltanba_reason::QOLTANBA_REASON_INVALID_IDENTIFIER,
        qoltanba_reason::QOLTANBA_REASON_UNSUPPORTED_SIGNATURE_ALGORITHM,
        qoltanba_reason::QOLTANBA_REASON_UNSUPPORTED_PUBLIC_KEY,
        qoltanba_reason::QOLTANBA_REASON_LEGACY_ALGORITHM_NOT_ALLOWED,
        qoltanba_reason::QOLTANBA_REASON_INVALID_SIGNATURE,
        qoltanba_reason::QOLTANBA_REASON_CERT_EXPIRED,
        qoltanba_reason::QOLTANBA_REASON_CERT_NOT_VALID_YET,
        qoltanba_reason::QOLTANBA_REASON_CERT_SIGNATURE_INVALID,
        qoltanba_reason::QOLTANBA_REASON_UNKNOWN_ISSUER,
        qoltanba_reason::QOLTANBA_REASON_NOT_CA,
        qoltanba_reason::QOLTANBA_REASON_PATH_LEN_EXCEEDED,
        qoltanba_reason::QOLTANBA_REASON_KEY_USAGE_MISSING,
        qoltanba_reason::QOLTANBA_REASON_EXTENDED_KEY_USAGE_MISMATCH,
        qoltanba_reason::QOLTANBA_REASON_UNSUPPORTED_CRITICAL_EXTENSION,
        qoltanba_reason::QOLTANBA_REASON_CERT_INVALID,
        qoltanba_reason::QOLTANBA_REASON_NAME_CONSTRAINT_VIOLATION,
        qoltanba_reason::QOLTANBA_REASON_PATH_BUDGET_EXCEEDED,
        qoltanba_reason::QOLTANBA_REASON_CERT_REVOKED,
        qoltanba_reason::QOLTANBA_REASON_REVOCATION_STATUS_UNKNOWN,
        qoltanba_reason::QOLTANBA_REASON_CRL_INVALID,
        qoltanba_reason::QOLTANBA_REASON_WRONG_KEY_KIND,
        qoltanba_reason::QOLTANBA_REASON_IDENTITY_MISMATCH,
        qoltanba_reason::QOLTANBA_REASON_AMBIGUOUS_IDENTITY,
        qoltanba_reason::QOLTANBA_REASON_CA_AS_END_ENTITY,
        qoltanba_reason::QOLTANBA_REASON_MISSING_ROLE,
        qoltanba_reason::QOLTANBA_REASON_NO_SIGNERS,
        qoltanba_reason::QOLTANBA_REASON_DETACHED_CONTENT_MISSING,
        qoltanba_reason::QOLTANBA_REASON_CONTENT_CONFLICT,
        qoltanba_reason::QOLTANBA_REASON_SIGNER_CERTIFICATE_NOT_FOUND,
        qoltanba_reason::QOLTANBA_REASON_MISSING_SIGNED_ATTRIBUTE,
        qoltanba_reason::QOLTANBA_REASON_CONTENT_TYPE_MISMATCH,
        qoltanba_reason::QOLTANBA_REASON_MESSAGE_DIGEST_MISMATCH,
        qoltanba_reason::QOLTANBA_REASON_DIGEST_ALGORITHM_MISMATCH,
        qoltanba_reason::QOLTANBA_REASON_SIGNING_CERTIFICATE_MISMATCH,
        qoltanba_reason::QOLTANBA_REASON_OCSP_INVALID,
        qoltanba_reason::QOLTANBA_REASON_TIMESTAMP_INVALID,
        qoltanba_reason::QOLTANBA_REASON_TIMESTAMP_IMPRINT_MISMATCH,
        qoltanba_reason::QOLTANBA_REASON_TIMESTAMP_MISSING,
        qoltanba_reason::QOLTANBA_REASON_TIME_IN_FUTURE,
        qoltanba_reason::QOLTANBA_REASON_WRONG_PASSWORD,
        qoltanba_reason::QOLTANBA_REASON_KEY_CERTIFICATE_MISMATCH,
        qoltanba_reason::QOLTANBA_REASON_SIGNING_UNAVAILABLE,
        qoltanba_reason::QOLTANBA_REASON_UNSUPPORTED_PRIVATE_KEY,
        qoltanba_reason::QOLTANBA_REASON_NOT_IN_FORCE,
        qoltanba_reason::QOLTANBA_REASON_TIME_BUDGET_EXCEEDED,
        qoltanba_reason::QOLTANBA_REASON_XML_DOCTYPE,
        qoltanba_reason::QOLTANBA_REASON_XML_NO_SIGNATURE,
        qoltanba_reason::QOLTANBA_REASON_XML_DUPLICATE_ID,
        qoltanba_reason::QOLTANBA_REASON_XML_REFERENCE_NOT_FOUND,
        qoltanba_reason::QOLTANBA_REASON_XML_EXTERNAL_REFERENCE,
        qoltanba_reason::QOLTANBA_REASON_XML_UNSUPPORTED_TRANSFORM,
        qoltanba_reason::QOLTANBA_REASON_XML_MANIFEST,
        qoltanba_reason::QOLTANBA_REASON_XML_DIGEST_MISMATCH,
        qoltanba_reason::QOLTANBA_REASON_XML_BODY_NOT_SIGNED,
        qoltanba_reason::QOLTANBA_REASON_XML_WRAPPED_ELEMENT,
        qoltanba_reason::QOLTANBA_REASON_XML_COMMENT_IN_SIGNED_CONTENT,
        qoltanba_reason::QOLTANBA_REASON_XML_TIMESTAMP_INVALID,
    ];

    /// The reason of an error: its number in the library's table.
    fn of(error: Option<&Error>) -> Self {
        let Some(e) = error else {
            return qoltanba_reason::QOLTANBA_REASON_NONE;
        };
        let n = e.number();
        Self::ALL
            .into_iter()
            .find(|r| *r as u32 == n)
            .unwrap_or(qoltanba_reason::QOLTANBA_REASON_OTHER)
    }
}

/// Writes the reason of `report` as a number (`QOLTANBA_REASON_NONE` when
/// valid) to `*out`.
#[no_mangle]
pub extern "C" fn qoltanba_report_reason(
    report: *const qoltanba_report,
    out: *mut qoltanba_reason,
) -> qoltanba_result {
    guard(|| {
        let r = self::report(report)?;
        out_ptr(out)?;
        put(out, qoltanba_reason::of(r.reason()));
        Ok(())
    })
}

/// Writes the reason of signer `index` as a number
/// (`QOLTANBA_REASON_NONE` when the signer is valid) to `*out`.
#[no_mangle]
pub extern "C" fn qoltanba_report_signer_reason(
    report: *const qoltanba_report,
    index: usize,
    out: *mut qoltanba_reason,
) -> qoltanba_result {
    guard(|| {
        let s = self::report(report)?.signer(index)?;
        out_ptr(out)?;
        put(out, qoltanba_reason::of(s.reason));
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_code_has_its_number_here() {
        assert_eq!(qoltanba_reason::ALL.len(), qoltanba::ERROR_CODES.len());
        for (i, &(code, n)) in qoltanba::ERROR_CODES.iter().enumerate() {
            let r = qoltanba_reason::ALL[i];
            assert_eq!(r as u32, n, "{code}");
            let name = format!("{r:?}");
            let expected = format!("QOLTANBA_REASON_{}", code.to_uppercase().replace('-', "_"));
            assert_eq!(name, expected);
        }
    }

    #[test]
    fn none_and_other() {
        assert_eq!(
            qoltanba_reason::of(None),
            qoltanba_reason::QOLTANBA_REASON_NONE
        );
        let e = Error::InvalidSignature;
        assert_eq!(
            qoltanba_reason::of(Some(&e)),
            qoltanba_reason::QOLTANBA_REASON_INVALID_SIGNATURE
        );
    }
}
