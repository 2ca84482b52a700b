//! The one error type of qoltanba.
//!
//! Variants say what failed and carry the facts a service needs to explain a
//! refusal. Failures caused by revocation data (a CRL that does not verify)
//! are kept apart from failures of the certificate itself. Cryptographic
//! failures are opaque: "signature invalid", never padding details.

use crate::time::Time;

/// Why a certificate or a document was refused, or why input was not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ---- input ------------------------------------------------------------
    /// The input could not be decoded (DER, PEM, base64 or a field in it).
    #[error("malformed {what}: {detail}")]
    Malformed {
        /// What was being decoded ("certificate", "CRL", ...).
        what: &'static str,
        /// What the decoder said.
        detail: String,
    },
    /// An input exceeded one of the library's documented limits.
    #[error("{what} exceeds the limit of {limit}")]
    LimitExceeded {
        /// The limit that was hit.
        what: &'static str,
        /// Its value.
        limit: usize,
    },
    /// An IIN or BIN that is not 12 digits with a valid check digit.
    #[error("invalid {kind}: {reason}")]
    InvalidIdentifier {
        /// "IIN" or "BIN".
        kind: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },

    // ---- cryptography -----------------------------------------------------
    /// A signature algorithm this library does not implement (fail closed).
    #[error("unsupported signature algorithm {oid}")]
    UnsupportedSignatureAlgorithm {
        /// The algorithm's OID, dotted, with a note on its parameters if they
        /// are the unsupported part.
        oid: String,
    },
    /// A public key this library cannot use (unknown type, curve, size).
    #[error("unsupported public key: {detail}")]
    UnsupportedPublicKey {
        /// What is unsupported.
        detail: String,
    },
    /// A legacy algorithm (SHA-1) that the policy does not allow.
    #[error("legacy signature algorithm {algorithm} is not allowed by the policy")]
    LegacyAlgorithmNotAllowed {
        /// The algorithm's name.
        algorithm: &'static str,
    },
    /// The signature does not verify (or does not fit the key).
    #[error("signature invalid")]
    InvalidSignature,

    // ---- certificate and path --------------------------------------------
    /// The certificate's notAfter is before the validation time.
    #[error("certificate {subject} expired at {not_after} (validated at {time})")]
    CertExpired {
        /// Subject of the certificate.
        subject: String,
        /// Its notAfter.
        not_after: Time,
        /// The validation time.
        time: Time,
    },
    /// The certificate's notBefore is after the validation time.
    #[error("certificate {subject} is not valid before {not_before} (validated at {time})")]
    CertNotValidYet {
        /// Subject of the certificate.
        subject: String,
        /// Its notBefore.
        not_before: Time,
        /// The validation time.
        time: Time,
    },
    /// The signature on a certificate does not verify with its issuer's key.
    #[error("the signature on certificate {subject} does not verify")]
    CertSignatureInvalid {
        /// Subject of the certificate.
        subject: String,
    },
    /// No trusted root or usable intermediate issued this certificate.
    #[error("unknown issuer {issuer} of certificate {subject}")]
    UnknownIssuer {
        /// Subject of the certificate whose issuer was not found.
        subject: String,
        /// The issuer name it names.
        issuer: String,
    },
    /// A certificate used as an issuer is not a CA (basicConstraints).
    #[error("certificate {subject} is used as a CA but is not one")]
    NotCa {
        /// Subject of the certificate.
        subject: String,
    },
    /// A CA's pathLenConstraint is exceeded by the path.
    #[error("path length constraint of {subject} exceeded")]
    PathLenExceeded {
        /// Subject of the constraining CA.
        subject: String,
    },
    /// A key usage the certificate must have is missing.
    #[error("certificate {subject} lacks key usage {usage}")]
    KeyUsageMissing {
        /// Subject of the certificate.
        subject: String,
        /// The missing usage ("keyCertSign", "cRLSign", "digitalSignature", ...).
        usage: &'static str,
    },
    /// The certificate's extended key usage does not allow the purpose.
    #[error("certificate {subject} is not allowed for {purpose} (extended key usage)")]
    ExtendedKeyUsageMismatch {
        /// Subject of the certificate.
        subject: String,
        /// The purpose asked for.
        purpose: String,
    },
    /// The certificate carries a critical extension this library does not
    /// process (fail closed, RFC 5280 section 4.2).
    #[error("certificate {subject} has an unsupported critical extension {oid}")]
    UnsupportedCriticalExtension {
        /// Subject of the certificate.
        subject: String,
        /// OID of the extension.
        oid: String,
    },
    /// The certificate is malformed in a way that makes it unusable
    /// (duplicate extensions, bad version, mismatched signature algorithms).
    #[error("certificate {subject} is invalid: {detail}")]
    CertInvalid {
        /// Subject of the certificate.
        subject: String,
        /// What is wrong.
        detail: String,
    },
    /// A name constraint of a CA excludes a name in the path.
    #[error("certificate {subject} violates a name constraint")]
    NameConstraintViolation {
        /// Subject of the certificate.
        subject: String,
    },
    /// The path search ran out of its budget (signature checks, depth).
    #[error("path building exceeded its budget: {what}")]
    PathBudgetExceeded {
        /// Which budget.
        what: &'static str,
    },

    // ---- revocation -------------------------------------------------------
    /// The certificate is revoked.
    #[error("certificate {subject} (serial {serial}) was revoked at {revoked_at}{}", reason.map(|r| format!(" ({r})")).unwrap_or_default())]
    CertRevoked {
        /// Subject of the certificate.
        subject: String,
        /// Its serial number in hex.
        serial: String,
        /// When it was revoked.
        revoked_at: Time,
        /// The CRL reason code, if the CRL gives one.
        reason: Option<crate::vocabulary::RevocationReason>,
    },
    /// No fresh, verified revocation data covers this certificate.
    #[error("revocation status of certificate {subject} is unknown: {detail}")]
    RevocationStatusUnknown {
        /// Subject of the certificate.
        subject: String,
        /// Why (no CRL of its issuer, CRL stale, ...).
        detail: String,
    },
    /// A CRL was refused: it does not verify, its issuer is unknown or not
    /// allowed to sign CRLs, or it is malformed. The certificates it covers
    /// are not judged by it.
    #[error("CRL of {issuer} refused: {detail}")]
    CrlInvalid {
        /// Issuer name of the CRL.
        issuer: String,
        /// Why it was refused.
        detail: String,
    },
    /// An OCSP response was refused: malformed, its signature does not
    /// verify, its responder is not authorised by the certificate's issuer
    /// (RFC 6960 section 4.2.2.2), it is stale or not yet valid, or its nonce
    /// differs. The certificates it covers are not judged by it.
    #[error("OCSP response of {responder} refused: {detail}")]
    OcspInvalid {
        /// The responder (name, or key hash in hex).
        responder: String,
        /// Why it was refused.
        detail: String,
    },

    // ---- profile and identity ----------------------------------------------
    /// The key is of the wrong kind for the purpose (an AUTH key presented for
    /// a document signature).
    #[error("certificate {subject} holds a key of kind {found}; kind {expected} is required")]
    WrongKeyKind {
        /// Subject of the certificate.
        subject: String,
        /// The kind required.
        expected: crate::vocabulary::KeyKind,
        /// The kind found.
        found: crate::vocabulary::KeyKind,
    },
    /// The certificate does not belong to the expected person or organisation.
    #[error("identity mismatch: expected {expected}, certificate has {}", found.as_deref().unwrap_or("none"))]
    IdentityMismatch {
        /// The expected identifier ("IIN 871008401427", "BIN 940140000385").
        expected: String,
        /// What the certificate holds, if anything.
        found: Option<String>,
    },
    /// The certificate's subject names more than one distinct IIN, or more
    /// than one distinct BIN (two SERIALNUMBER or OU attributes, a
    /// multi-valued RDN, SERIALNUMBER `BIN...` beside another OU `BIN...`):
    /// software reading another attribute would give it another owner, so
    /// it has none (fail closed).
    #[error("certificate {subject} names more than one identity: {detail}")]
    AmbiguousIdentity {
        /// Subject of the certificate.
        subject: String,
        /// The conflicting identifiers.
        detail: String,
    },
    /// A CA certificate (basicConstraints cA TRUE) presented as the end
    /// entity of a document signature: a CA signs certificates and CRLs,
    /// never documents.
    #[error("certificate {subject} is a CA certificate and cannot sign documents")]
    CaAsEndEntity {
        /// Subject of the certificate.
        subject: String,
    },
    /// The certificate lacks a role the caller requires.
    #[error("certificate lacks the required role {role}")]
    MissingRole {
        /// The role required.
        role: crate::vocabulary::Role,
    },

    // ---- signed documents (CMS, RFC 5652) ------------------------------------
    /// The document has no SignerInfo: nothing vouches for it.
    #[error("the signed document has no signers")]
    NoSigners,
    /// The document is detached (carries no content) and no content was
    /// given to verify it against (RFC 5652 section 5.2).
    #[error("the document is detached and no content was given")]
    DetachedContentMissing,
    /// Content was given for a document that carries its own, different
    /// content.
    #[error("the given content differs from the content the document carries")]
    ContentConflict,
    /// The signer's certificate is neither in the document nor among the
    /// certificates the caller supplied (RFC 5652 section 5.3, `sid`).
    #[error("the certificate of signer {signer} was not found")]
    SignerCertificateNotFound {
        /// How the signer names its certificate (issuer and serial, or key
        /// identifier).
        signer: String,
    },
    /// A signed attribute that must be present is missing or malformed
    /// (RFC 5652 section 5.3: contentType and messageDigest).
    #[error("signed attribute {name} is missing or malformed")]
    MissingSignedAttribute {
        /// The attribute's name ("contentType", "messageDigest").
        name: &'static str,
    },
    /// The contentType signed attribute differs from the eContentType
    /// (RFC 5652 section 11.1).
    #[error("signed content type {found} differs from the content type {expected}")]
    ContentTypeMismatch {
        /// The eContentType, dotted.
        expected: String,
        /// The contentType attribute's value, dotted.
        found: String,
    },
    /// The messageDigest signed attribute is not the digest of the content:
    /// the content was changed after signing (RFC 5652 section 11.2).
    #[error("the content's digest does not match the signed messageDigest")]
    MessageDigestMismatch,
    /// The SignerInfo's digestAlgorithm is not the hash of its
    /// signatureAlgorithm.
    #[error("digest algorithm {digest} does not match signature algorithm {signature}")]
    DigestAlgorithmMismatch {
        /// The digestAlgorithm.
        digest: String,
        /// The signatureAlgorithm.
        signature: String,
    },
    /// The ESS signingCertificate(V2) attribute names another certificate
    /// than the one that verified the signature (RFC 2634 section 5.4,
    /// RFC 5035 section 3).
    #[error("the signing-certificate attribute does not name the signer's certificate: {detail}")]
    SigningCertificateMismatch {
        /// What differs (hash, issuer and serial, or an unreadable value).
        detail: String,
    },
    /// A time-stamp token (RFC 3161) does not verify: malformed, not a
    /// TSTInfo, its signature or signed attributes fail, its TSA certificate
    /// is not valid for time-stamping at the time-stamp's time, or it
    /// contradicts the signature it covers.
    #[error("time-stamp invalid: {detail}")]
    TimestampInvalid {
        /// What failed.
        detail: String,
    },
    /// The time-stamp's messageImprint is not the hash of the data it is
    /// said to cover (RFC 3161 section 2.4.2; for CAdES-T, the signer's
    /// signature value).
    #[error("the time-stamp's message imprint does not match the data")]
    TimestampImprintMismatch,
    /// The policy requires a time-stamp and the signer carries none.
    #[error("the policy requires a signature time-stamp and the signer has none")]
    TimestampMissing,
    /// A time that would move validation forward: a time-stamp's genTime,
    /// or a trusted signingTime, later than the validation time (beyond the
    /// policy's clock skew). Evidence may only move validation back in
    /// time; a document stamped after the validation time did not exist
    /// yet at it.
    #[error("{what} {claimed} is after the validation time {time}")]
    TimeInFuture {
        /// Which time ("time-stamp genTime", "signingTime").
        what: &'static str,
        /// The time the evidence claims.
        claimed: Time,
        /// The validation time.
        time: Time,
    },

    // ---- private keys and signing ------------------------------------------
    /// The password does not open the PKCS#12 file: its integrity MAC does
    /// not verify with it (RFC 7292 section 5.1).
    #[error("wrong password (the PKCS#12 integrity check fails)")]
    WrongPassword,
    /// The private key does not belong to the certificate it came with.
    #[error("the private key does not match the certificate {subject}")]
    KeyCertificateMismatch {
        /// Subject of the certificate.
        subject: String,
    },
    /// Signing is not available for this key in this build or environment
    /// (RSA signing without the aws-lc backend, a failing random generator).
    #[error("signing unavailable: {detail}")]
    SigningUnavailable {
        /// Why.
        detail: String,
    },
    /// A private key type, or a PKCS#12 / PKCS#8 protection scheme, that the
    /// library does not implement (fail closed).
    #[error("unsupported private key: {detail}")]
    UnsupportedPrivateKey {
        /// What is unsupported.
        detail: String,
    },

    // ---- e-government documents ----------------------------------------------
    /// A document (a licence) whose signatures verify but which is not in
    /// force at the validation time: past its term, before its issue date,
    /// suspended or terminated.
    #[error("{what} is not in force: {detail}")]
    NotInForce {
        /// What ("licence 25-0042").
        what: String,
        /// Why (its status, or the date that has passed).
        detail: String,
    },
    // ---- XML signatures (XMLDSig, WS-Security) -------------------------------
    /// An XML signature refused for a reason of XML's own: a DOCTYPE, a
    /// duplicate Id, a transform or reference that is not supported, a
    /// reference digest that differs, a signed element that is not the one
    /// a service would read (signature wrapping). The code is the
    /// [`XmlReason`]'s (`xml-duplicate-id`, ...).
    #[error("XML signature refused ({}): {detail}", reason.code())]
    XmlRefused {
        /// Which refusal.
        reason: XmlReason,
        /// The facts (the Id, the transform's URI, the element).
        detail: String,
    },
    /// A verification went over the time budget the caller gave it.
    #[error("time budget of {budget_ms} ms exceeded ({elapsed_ms} ms)")]
    TimeBudgetExceeded {
        /// The budget, in milliseconds.
        budget_ms: u64,
        /// The time spent, in milliseconds.
        elapsed_ms: u64,
    },
}

/// Every stable code with its fixed number (1, 2, ...; 0 is "no error"), for
/// interfaces that want numbers (the C ABI's `qoltanba_reason`). A new code
/// gets the next number at the end; numbers are never reused or changed.
pub const ERROR_CODES: &[(&str, u32)] = &[
    ("malformed", 1),
    ("limit-exceeded", 2),
    ("invalid-identifier", 3),
    ("unsupported-signature-algorithm", 4),
    ("unsupported-public-key", 5),
    ("legacy-algorithm-not-allowed", 6),
    ("invalid-signature", 7),
    ("cert-expired", 8),
    ("cert-not-valid-yet", 9),
    ("cert-signature-invalid", 10),
    ("unknown-issuer", 11),
    ("not-ca", 12),
    ("path-len-exceeded", 13),
    ("key-usage-missing", 14),
    ("extended-key-usage-mismatch", 15),
    ("unsupported-critical-extension", 16),
    ("cert-invalid", 17),
    ("name-constraint-violation", 18),
    ("path-budget-exceeded", 19),
    ("cert-revoked", 20),
    ("revocation-status-unknown", 21),
    ("crl-invalid", 22),
    ("wrong-key-kind", 23),
    ("identity-mismatch", 24),
    ("ambiguous-identity", 25),
    ("ca-as-end-entity", 26),
    ("missing-role", 27),
    ("no-signers", 28),
    ("detached-content-missing", 29),
    ("content-conflict", 30),
    ("signer-certificate-not-found", 31),
    ("missing-signed-attribute", 32),
    ("content-type-mismatch", 33),
    ("message-digest-mismatch", 34),
    ("digest-algorithm-mismatch", 35),
    ("signing-certificate-mismatch", 36),
    ("ocsp-invalid", 37),
    ("timestamp-invalid", 38),
    ("timestamp-imprint-mismatch", 39),
    ("timestamp-missing", 40),
    ("time-in-future", 41),
    ("wrong-password", 42),
    ("key-certificate-mismatch", 43),
    ("signing-unavailable", 44),
    ("unsupported-private-key", 45),
    ("not-in-force", 46),
    ("time-budget-exceeded", 47),
    // XML signatures (issue 15).
    ("xml-doctype", 48),
    ("xml-no-signature", 49),
    ("xml-duplicate-id", 50),
    ("xml-reference-not-found", 51),
    ("xml-external-reference", 52),
    ("xml-unsupported-transform", 53),
    ("xml-manifest", 54),
    ("xml-digest-mismatch", 55),
    ("xml-body-not-signed", 56),
    ("xml-wrapped-element", 57),
    ("xml-comment-in-signed-content", 58),
    ("xml-timestamp-invalid", 59),
];

impl Error {
    /// The fixed number of [`Error::code`] in [`ERROR_CODES`].
    pub fn number(&self) -> u32 {
        let code = self.code();
        ERROR_CODES
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(0, |&(_, n)| n)
    }

    /// A stable machine-readable code for the error (`cert-expired`,
    /// `cert-revoked`, ...). Codes never change meaning.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Malformed { .. } => "malformed",
            Error::LimitExceeded { .. } => "limit-exceeded",
            Error::InvalidIdentifier { .. } => "invalid-identifier",
            Error::UnsupportedSignatureAlgorithm { .. } => "unsupported-signature-algorithm",
            Error::UnsupportedPublicKey { .. } => "unsupported-public-key",
            Error::LegacyAlgorithmNotAllowed { .. } => "legacy-algorithm-not-allowed",
            Error::InvalidSignature => "invalid-signature",
            Error::CertExpired { .. } => "cert-expired",
            Error::CertNotValidYet { .. } => "cert-not-valid-yet",
            Error::CertSignatureInvalid { .. } => "cert-signature-invalid",
            Error::UnknownIssuer { .. } => "unknown-issuer",
            Error::NotCa { .. } => "not-ca",
            Error::PathLenExceeded { .. } => "path-len-exceeded",
            Error::KeyUsageMissing { .. } => "key-usage-missing",
            Error::ExtendedKeyUsageMismatch { .. } => "extended-key-usage-mismatch",
            Error::UnsupportedCriticalExtension { .. } => "unsupported-critical-extension",
            Error::CertInvalid { .. } => "cert-invalid",
            Error::NameConstraintViolation { .. } => "name-constraint-violation",
            Error::PathBudgetExceeded { .. } => "path-budget-exceeded",
            Error::CertRevoked { .. } => "cert-revoked",
            Error::RevocationStatusUnknown { .. } => "revocation-status-unknown",
            Error::CrlInvalid { .. } => "crl-invalid",
            Error::WrongKeyKind { .. } => "wrong-key-kind",
            Error::IdentityMismatch { .. } => "identity-mismatch",
            Error::AmbiguousIdentity { .. } => "ambiguous-identity",
            Error::CaAsEndEntity { .. } => "ca-as-end-entity",
            Error::MissingRole { .. } => "missing-role",
            Error::NoSigners => "no-signers",
            Error::DetachedContentMissing => "detached-content-missing",
            Error::ContentConflict => "content-conflict",
            Error::SignerCertificateNotFound { .. } => "signer-certificate-not-found",
            Error::MissingSignedAttribute { .. } => "missing-signed-attribute",
            Error::ContentTypeMismatch { .. } => "content-type-mismatch",
            Error::MessageDigestMismatch => "message-digest-mismatch",
            Error::DigestAlgorithmMismatch { .. } => "digest-algorithm-mismatch",
            Error::SigningCertificateMismatch { .. } => "signing-certificate-mismatch",
            Error::OcspInvalid { .. } => "ocsp-invalid",
            Error::TimestampInvalid { .. } => "timestamp-invalid",
            Error::TimestampImprintMismatch => "timestamp-imprint-mismatch",
            Error::TimestampMissing => "timestamp-missing",
            Error::TimeInFuture { .. } => "time-in-future",
            Error::WrongPassword => "wrong-password",
            Error::KeyCertificateMismatch { .. } => "key-certificate-mismatch",
            Error::SigningUnavailable { .. } => "signing-unavailable",
            Error::UnsupportedPrivateKey { .. } => "unsupported-private-key",
            Error::NotInForce { .. } => "not-in-force",
            Error::TimeBudgetExceeded { .. } => "time-budget-exceeded",
            Error::XmlRefused { reason, .. } => reason.code(),
        }
    }
    /// How specific a failure is, for reporting the best one when a path
    /// search tries several candidates: a failure found deeper in the work
    /// (revoked, expired) says more than "unknown issuer".
    pub(crate) fn rank(&self) -> u32 {
        match self {
            Error::UnknownIssuer { .. } => 0,
            Error::PathBudgetExceeded { .. } => 5,
            Error::Malformed { .. } | Error::LimitExceeded { .. } => 10,
            Error::CertSignatureInvalid { .. } | Error::InvalidSignature => 20,
            Error::UnsupportedSignatureAlgorithm { .. }
            | Error::UnsupportedPublicKey { .. }
            | Error::LegacyAlgorithmNotAllowed { .. } => 25,
            Error::NotCa { .. }
            | Error::PathLenExceeded { .. }
            | Error::KeyUsageMissing { .. }
            | Error::ExtendedKeyUsageMismatch { .. }
            | Error::UnsupportedCriticalExtension { .. }
            | Error::CertInvalid { .. }
            | Error::NameConstraintViolation { .. } => 30,
            Error::CertExpired { .. } | Error::CertNotValidYet { .. } => 40,
            Error::CrlInvalid { .. }
            | Error::OcspInvalid { .. }
            | Error::RevocationStatusUnknown { .. } => 50,
            Error::CertRevoked { .. } => 60,
            // Document failures never arise in a path search; they rank with
            // the other non-path failures.
            Error::NoSigners
            | Error::DetachedContentMissing
            | Error::ContentConflict
            | Error::SignerCertificateNotFound { .. }
            | Error::MissingSignedAttribute { .. }
            | Error::ContentTypeMismatch { .. }
            | Error::MessageDigestMismatch
            | Error::DigestAlgorithmMismatch { .. }
            | Error::SigningCertificateMismatch { .. }
            | Error::TimestampInvalid { .. }
            | Error::TimestampImprintMismatch
            | Error::TimestampMissing
            | Error::TimeInFuture { .. } => 70,
            // Key loading and signing failures never arise in a path search.
            Error::WrongPassword
            | Error::KeyCertificateMismatch { .. }
            | Error::SigningUnavailable { .. }
            | Error::UnsupportedPrivateKey { .. } => 70,
            _ => 70,
        }
    }
}

/// Why an XML signature was refused, beside the reasons it shares with CMS
/// (an invalid signature, an unsupported algorithm, the certificate's).
/// Each has its stable code and number in [`ERROR_CODES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum XmlReason {
    /// The document has a DOCTYPE: no DTD is processed, so no entity is
    /// expanded and nothing is fetched (`xml-doctype`).
    Doctype,
    /// No `Signature` element of the XMLDSig namespace (`xml-no-signature`).
    NoSignature,
    /// Two elements carry the Id a reference names: the reference is
    /// refused, never resolved to either (`xml-duplicate-id`).
    DuplicateId,
    /// No element carries the Id a reference names
    /// (`xml-reference-not-found`).
    ReferenceNotFound,
    /// A reference to something outside the document, or an XPointer
    /// expression (`xml-external-reference`).
    ExternalReference,
    /// A transform that is not supported: XPath, XPath Filter 2, XSLT,
    /// base64 or unknown; or supported transforms in an unsupported order
    /// (`xml-unsupported-transform`).
    UnsupportedTransform,
    /// A `Manifest` (references whose digests the core validation does not
    /// check) (`xml-manifest`).
    Manifest,
    /// A reference's digest differs: the referenced content changed after
    /// signing (`xml-digest-mismatch`).
    DigestMismatch,
    /// WS-Security: the signature's references do not cover the SOAP Body
    /// (`xml-body-not-signed`).
    BodyNotSigned,
    /// A signed element that is not the one a reader would take: a SOAP
    /// Body moved out of the Envelope or a second Body, a referenced
    /// element inside a wrapper, a signature over an element outside the
    /// document it protects (signature wrapping) (`xml-wrapped-element`).
    WrappedElement,
    /// A comment inside content signed under canonicalization without
    /// comments: the comment is not signed, and a reader of the text would
    /// see it split (comment injection) (`xml-comment-in-signed-content`).
    CommentInSignedContent,
    /// WS-Security: a signed Timestamp expired, or created after the
    /// validation time beyond the clock skew, or unreadable
    /// (`xml-timestamp-invalid`).
    TimestampInvalid,
}

impl XmlReason {
    /// The stable code (`xml-duplicate-id`, ...).
    pub fn code(self) -> &'static str {
        match self {
            XmlReason::Doctype => "xml-doctype",
            XmlReason::NoSignature => "xml-no-signature",
            XmlReason::DuplicateId => "xml-duplicate-id",
            XmlReason::ReferenceNotFound => "xml-reference-not-found",
            XmlReason::ExternalReference => "xml-external-reference",
            XmlReason::UnsupportedTransform => "xml-unsupported-transform",
            XmlReason::Manifest => "xml-manifest",
            XmlReason::DigestMismatch => "xml-digest-mismatch",
            XmlReason::BodyNotSigned => "xml-body-not-signed",
            XmlReason::WrappedElement => "xml-wrapped-element",
            XmlReason::CommentInSignedContent => "xml-comment-in-signed-content",
            XmlReason::TimestampInvalid => "xml-timestamp-invalid",
        }
    }
}

impl Error {
    /// An [`Error::XmlRefused`].
    pub(crate) fn xml(reason: XmlReason, detail: impl Into<String>) -> Self {
        Error::XmlRefused {
            reason,
            detail: detail.into(),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Error", 2)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}
