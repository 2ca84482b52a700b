//! The e-government document model (docs/domain.md): the **request** for a
//! public service and the **licence** a provider issues, as strict,
//! versioned JSON payloads inside CMS SignedData; who must sign each on
//! each channel; the refusal, one headline in the regulations' terms with
//! the specific cause underneath, in Kazakh, Russian and English (our
//! wording: the regulations give no literal text).

mod flow;
mod model;
mod policy_json;
mod receipt;
mod refusal;

pub use flow::{
    CoSigners, LicencePolicy, LicenceSigner, Part, RequestPolicy, SignerVerdict, Verdict,
};
pub use model::{
    Applicant, Attachment, Channel, Date, Identifiers, Licence, LicenceStatus, PowerOfAttorney,
    Registration, Representative, Request, ServiceKind, Sha256Hex, Text, MODEL_VERSION,
};
pub use receipt::{CrlEvidence, Evidence, Messages, Receipt, ReceiptSigner, RECEIPT_SCHEMA};
pub use refusal::{refusal_text, Language, Refusal, Subject};

use crate::cert::{Certificate, Role};
use crate::cms::{check_signing_certificate, sign_document, SignOptions};
use crate::error::Error;
use crate::keys::Signer;
use crate::time::Time;

/// Condition 3 before a request is signed (docs/domain.md 1.2, 1.3): the
/// signer's certificate is valid at `at` and holds a signing key
/// ([`check_signing_certificate`]), and on the portal it is the
/// applicant's: the IIN given in the request (or the representative's), or
/// the BIN with the role first head or right to sign. On the service-centre
/// and provider channels the operator or employee signs: which
/// organisations may certify is the verifier's configuration
/// ([`RequestPolicy`]), so only the certificate itself is checked here.
/// Revocation needs evidence: see
/// [`Verifier::check_signer_revocation`](crate::Verifier::check_signer_revocation).
///
/// # Errors
///
/// The errors of [`check_signing_certificate`];
/// [`Error::IdentityMismatch`] or [`Error::MissingRole`] on the portal.
pub fn check_request_signer(
    request: &Request,
    certificate: &Certificate,
    at: Time,
) -> Result<(), Error> {
    check_signing_certificate(certificate, at)?;
    if request.channel != Channel::Portal {
        return Ok(());
    }
    let expected = match &request.representative {
        Some(r) => Applicant::Iin(r.iin),
        None => request.applicant,
    };
    match expected {
        Applicant::Iin(iin) if certificate.iin() == Some(iin) => Ok(()),
        Applicant::Iin(iin) => Err(Error::IdentityMismatch {
            expected: format!("IIN {iin} (given in the request)"),
            found: certificate.iin().map(|i| format!("IIN {i}")),
        }),
        Applicant::Bin(bin) if certificate.bin() != Some(bin) => Err(Error::IdentityMismatch {
            expected: format!("BIN {bin} (given in the request)"),
            found: certificate.bin().map(|b| format!("BIN {b}")),
        }),
        Applicant::Bin(_) => {
            let roles = [Role::FirstHead, Role::RightToSign];
            if certificate.roles().iter().any(|r| roles.contains(r)) {
                Ok(())
            } else {
                Err(Error::MissingRole {
                    role: Role::FirstHead,
                })
            }
        }
    }
}

/// The check before a licence is signed: the certificate is valid at `at`,
/// holds a signing key, and belongs to the issuing body (its BIN) with a
/// role `signer` accepts.
///
/// # Errors
///
/// The errors of [`check_signing_certificate`];
/// [`Error::IdentityMismatch`] or [`Error::MissingRole`].
pub fn check_licence_signer(
    licence: &Licence,
    certificate: &Certificate,
    at: Time,
    signer: LicenceSigner,
) -> Result<(), Error> {
    check_signing_certificate(certificate, at)?;
    if certificate.bin() != Some(licence.issuer_bin) {
        return Err(Error::IdentityMismatch {
            expected: format!(
                "BIN {} (the issuing body named in the licence)",
                licence.issuer_bin
            ),
            found: certificate.bin().map(|b| format!("BIN {b}")),
        });
    }
    let roles = signer.roles();
    if certificate.roles().iter().any(|r| roles.contains(r)) {
        Ok(())
    } else {
        Err(Error::MissingRole {
            role: match signer {
                LicenceSigner::Authorised => Role::FirstHead,
                LicenceSigner::Employee => Role::Employee,
            },
        })
    }
}

/// Signs a request (attached CAdES-BES, its JSON payload) as the signer
/// its channel asks for: the applicant, a representative, an operator or
/// the provider's employee. Condition 3 first ([`check_request_signer`]
/// at the signing time), unless [`SignOptions::unchecked`].
///
/// # Errors
///
/// The errors of [`check_request_signer`]; [`Error::Malformed`] for a
/// request of another version; the signing errors of [`sign_document`].
pub fn sign_request(
    request: &Request,
    signer: &dyn Signer,
    certificate: &Certificate,
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    if !options.unchecked {
        check_request_signer(request, certificate, options.signing_time)?;
    }
    sign_document(&request.to_json()?, signer, certificate, options)
}

/// Signs a licence for the issuing body, after [`check_licence_signer`]
/// with [`LicenceSigner::Employee`] (an employee or an authorised person of
/// the issuing BIN: which of them a service accepts is its verifier's
/// [`LicencePolicy`]), unless [`SignOptions::unchecked`].
///
/// # Errors
///
/// The errors of [`check_licence_signer`]; [`Error::Malformed`] for a
/// licence of another version or with `valid_until` before its issue date;
/// the signing errors of [`sign_document`].
pub fn issue_licence(
    licence: &Licence,
    signer: &dyn Signer,
    certificate: &Certificate,
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    if !options.unchecked {
        check_licence_signer(
            licence,
            certificate,
            options.signing_time,
            LicenceSigner::Employee,
        )?;
    }
    sign_document(&licence.to_json()?, signer, certificate, options)
}
