//! The e-government document model (docs/domain.md): the **request** for a
//! public service and the **licence** a provider issues, as strict,
//! versioned JSON payloads inside CMS SignedData; who must sign each on
//! each channel; the refusal, one headline in the regulations' terms with
//! the specific cause underneath, in Kazakh, Russian and English (our
//! wording: the regulations give no literal text).

mod flow;
mod model;
mod refusal;

pub use flow::{
    CoSigners, LicencePolicy, LicenceSigner, Part, RequestPolicy, SignerVerdict, Verdict,
};
pub use model::{
    Applicant, Attachment, Channel, Date, Identifiers, Licence, LicenceStatus, PowerOfAttorney,
    Registration, Representative, Request, ServiceKind, Sha256Hex, Text, MODEL_VERSION,
};
pub use refusal::{refusal_text, Language, Refusal, Subject};

use crate::cert::Certificate;
use crate::cms::{sign_document, SignOptions};
use crate::error::Error;
use crate::keys::Signer;

/// Signs a request (attached CAdES-BES, its JSON payload) as the signer
/// its channel asks for: the applicant, a representative, an operator or
/// the provider's employee.
///
/// # Errors
///
/// [`Error::Malformed`] for a request of another version; the signing
/// errors of [`sign_document`].
pub fn sign_request(
    request: &Request,
    signer: &dyn Signer,
    certificate: &Certificate,
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    sign_document(&request.to_json()?, signer, certificate, options)
}

/// Signs a licence as the issuing body's authorised person (or employee).
///
/// # Errors
///
/// [`Error::Malformed`] for a licence of another version or with
/// `valid_until` before its issue date; the signing errors of
/// [`sign_document`].
pub fn issue_licence(
    licence: &Licence,
    signer: &dyn Signer,
    certificate: &Certificate,
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    sign_document(&licence.to_json()?, signer, certificate, options)
}
