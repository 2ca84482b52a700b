//! Signed documents: CMS SignedData (RFC 5652) in the CAdES-BES shape the
//! national crypto provider and OpenSSL produce.
//!
//! [`SignedDocument::from_any`] decodes a document (DER, BER, PEM or
//! base64); [`Verifier::verify_document`](crate::Verifier::verify_document)
//! verifies each signer: the signed attributes (RFC 5652 section 5.3,
//! RFC 5035 section 3), the signature over them (section 5.4), and the
//! signer's certificate with the verifier's trust, revocation data and
//! policy.

mod oid;
mod sign;
mod signed_data;
mod signer;
mod timestamp;
mod verify;

pub use sign::{
    add_timestamp, check_signing_certificate, cosign_document, sign_document, SignOptions,
};
pub use signed_data::SignedDocument;
pub use timestamp::{TimeStampToken, TimestampReport, TstInfo};
pub use verify::{DocumentReport, SignerReport};

/// Largest document accepted, in bytes (64 MiB, the library's input bound):
/// an attached document carries its content, and scanned attachments of
/// e-government requests reach tens of MB; nothing legitimate is larger.
const MAX_DOCUMENT_LEN: usize = crate::encoding::MAX_INPUT_LEN;

/// Most SignerInfos in one document. A request is signed by the applicant,
/// perhaps an operator and an employee (a handful); each signer costs a
/// signature check and a path validation, so the bound caps the work.
const MAX_SIGNERS: usize = 16;

/// Most certificates a document may carry. Each signer brings its own
/// certificate and perhaps its chain (3-4); every carried certificate is
/// parsed and joins the path search's pool.
const MAX_CERTIFICATES: usize = 64;

/// Most CRLs a document may carry. CRLs are large (the national CA's full
/// CRL is about 20 MB) and each is verified before use.
const MAX_CRLS: usize = 8;

/// Most signed attributes of one signer. CAdES-BES needs four or five;
/// the bound keeps the duplicate check (quadratic) small.
const MAX_SIGNED_ATTRIBUTES: usize = 32;

/// Most signature time-stamp tokens of one signer, counted over all its
/// id-aa-signatureTimeStampToken attributes together. CAdES-T needs one;
/// a renewal or a second TSA makes two or three. Each token costs a CMS
/// signature check and a TSA path validation: a document repeating one
/// token thousands of times is refused as such, before any is verified.
const MAX_TIMESTAMPS_PER_SIGNER: usize = 4;
