//! # qoltanba
//!
//! Verify the electronic digital signatures of Kazakhstan's e-government:
//! certificate chains to trusted roots, validity at a given time, revocation
//! (CRL and delta CRL), key usage, and the national CA's profile (IIN, BIN,
//! roles, SIGN and AUTH keys).
//!
//! Validation never reads the clock: the caller passes the [`Time`] to
//! validate at.
//!
//! ```no_run
//! use qoltanba::{Certificate, Iin, Options, Time, TrustProfile, Verifier};
//!
//! # fn main() -> Result<(), qoltanba::Error> {
//! let verifier = Verifier::builder()
//!     .trust_profile(TrustProfile::Nca)?
//!     .crl_any(&std::fs::read("nca_rsa.crl").expect("CRL file"))?
//!     .build();
//! let cert = Certificate::from_any(&std::fs::read("signer.cer").expect("certificate"))?;
//! let options = Options::at(Time::parse_rfc3339("2025-06-01T00:00:00Z").expect("time"))
//!     .expect_iin(Iin::parse("871008401427")?);
//! let report = verifier.verify_certificate(&cert, &options);
//! println!("valid: {} {:?}", report.valid, report.reason);
//! # Ok(())
//! # }
//! ```

mod algorithm;
mod asn1;
mod bulk;
mod cache;
mod cert;
mod cms;
mod context;
#[cfg(feature = "serde")]
mod document;
mod encoding;
mod error;
mod identity;
#[cfg(feature = "serde")]
pub mod json;
mod keys;
#[cfg(feature = "online")]
pub mod online;
mod path;
mod policy;
mod report;
mod revocation;
mod time;
mod trust;
mod verifier;
mod vocabulary;
mod xml;

#[cfg(feature = "aws-lc")]
pub use algorithm::AwsLc;
#[cfg(feature = "rustcrypto")]
pub use algorithm::RustCrypto;
pub use algorithm::{
    backends, default_backend, HashAlgorithm, PreparedKey, SignatureAlgorithm, SignatureVerifier,
};
pub use bulk::{BulkOptions, BulkSummary};
pub use cache::CacheStats;
pub use cert::{Certificate, CertificateInfo, KeyKind, KeyUsage, Role};
pub use cms::{
    add_timestamp, check_signing_certificate, cosign_document, sign_document, DocumentReport,
    SignOptions, SignedDocument, SignerReport, TimeStampToken, TimestampReport, TstInfo,
};
#[cfg(feature = "serde")]
pub use document::{
    check_licence_signer, check_request_signer, issue_licence, refusal_text, sign_request,
    Applicant, Attachment, Channel, CoSigners, Date, Identifiers, Language, Licence, LicencePolicy,
    LicenceSigner, LicenceStatus, Part, PowerOfAttorney, Refusal, Registration, Representative,
    Request, RequestPolicy, ServiceKind, Sha256Hex, SignerVerdict, Subject, Text, Verdict,
    MODEL_VERSION,
};
#[cfg(feature = "serde")]
pub use document::{CrlEvidence, Evidence, Messages, Receipt, ReceiptSigner, RECEIPT_SCHEMA};
pub use encoding::{decode_private_key, looks_like_xml, MAX_INPUT_LEN};
pub use error::{Error, XmlReason, ERROR_CODES};
pub use identity::{Bin, BirthDate, EntityType, Iin, Sex, UnitType, YearMonth};
pub use keys::{KeyBundle, Signer, SigningKey};
pub use policy::{ExpectedIdentity, Options, Policy, Purpose, RevocationMode};
pub use report::{Check, CheckName, Outcome, Report};
pub use revocation::{Crl, OcspCertStatus, OcspResponse, RevocationReason, RevocationStore};
pub use time::{ParseTimeError, Time};
pub use trust::TrustProfile;
pub use verifier::{Verifier, VerifierBuilder};
pub use xml::{
    canonicalize_document, sign_xml, xml_without_blank_text, xml_without_signatures, C14nMethod,
    XmlReferenceInfo, XmlReport, XmlSignMode, XmlSignOptions, XmlSignatureInfo,
};
