//! The e-government document model (DOMAIN.md section 1): the applicant's
//! signed **request** and the provider's signed **licence**, as JSON
//! payloads inside CMS SignedData, and the checks the regulations ask for
//! ("condition 3": validity, revocation, IIN/BIN match), with the refusal
//! phrased as the regulations do ("EDS not confirmed: ...") in Kazakh,
//! Russian and English.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cert::{Certificate, CertificateInfo, Role};
use crate::cms::{sign_document, DocumentReport, SignOptions, SignedDocument};
use crate::context::Context;
use crate::error::Error;
use crate::identity::{Bin, Iin};
use crate::keys::Signer;
use crate::policy::Options;

/// Who applies: a person (IIN) or an organisation (BIN).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicant {
    /// An individual, by IIN.
    Iin(Iin),
    /// A legal entity, by BIN.
    Bin(Bin),
}

/// A file attached to a request, bound by its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// File name.
    pub name: String,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: String,
}

/// A request for a public service, signed by the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The service's code in the register of public services.
    pub service: String,
    /// The applicant.
    pub applicant: Applicant,
    /// The form's fields.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Attachments, by hash.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// A licence issued by a provider, signed by its authorised person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    /// Licence number.
    pub number: String,
    /// The licensee.
    pub licensee: Applicant,
    /// The licensed activity.
    pub activity: String,
    /// Issue date (`YYYY-MM-DD`).
    pub issued: String,
    /// Last day of validity (`YYYY-MM-DD`), if limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// The issuing organisation's BIN.
    pub issuer_bin: Bin,
}

/// A language of the refusal messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Language {
    /// Kazakh.
    Kk,
    /// Russian.
    Ru,
    /// English.
    En,
}

/// Why an EDS was not confirmed, as the regulations phrase the refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Refusal {
    /// The certificate has expired.
    Expired,
    /// The certificate is not yet valid.
    NotYetValid,
    /// The certificate is revoked (or on hold).
    Revoked,
    /// Its revocation status could not be established.
    RevocationUnknown,
    /// Not issued by a trusted certification authority.
    Untrusted,
    /// The signature does not verify.
    BadSignature,
    /// The document was changed after signing.
    Altered,
    /// An authentication key was used instead of a signing key.
    NotASigningKey,
    /// The IIN/BIN in the document is not the signer's.
    IdentityMismatch,
    /// The signer may not sign for the organisation.
    NoRightToSign,
    /// The certificate names more than one IIN or more than one BIN.
    AmbiguousIdentity,
    /// The document could not be read.
    Malformed,
    /// Any other reason (the error says which).
    Other,
}

impl Refusal {
    /// The refusal a verification error amounts to.
    pub fn from_error(e: &Error) -> Refusal {
        match e {
            Error::CertExpired { .. } => Refusal::Expired,
            Error::CertNotValidYet { .. } => Refusal::NotYetValid,
            Error::CertRevoked { .. } => Refusal::Revoked,
            Error::RevocationStatusUnknown { .. }
            | Error::CrlInvalid { .. }
            | Error::OcspInvalid { .. } => Refusal::RevocationUnknown,
            Error::UnknownIssuer { .. }
            | Error::CertSignatureInvalid { .. }
            | Error::NotCa { .. }
            | Error::PathLenExceeded { .. }
            | Error::NameConstraintViolation { .. } => Refusal::Untrusted,
            Error::InvalidSignature => Refusal::BadSignature,
            Error::MessageDigestMismatch | Error::ContentConflict => Refusal::Altered,
            Error::WrongKeyKind { .. } => Refusal::NotASigningKey,
            Error::IdentityMismatch { .. } => Refusal::IdentityMismatch,
            Error::AmbiguousIdentity { .. } => Refusal::AmbiguousIdentity,
            Error::CaAsEndEntity { .. } => Refusal::NotASigningKey,
            Error::MissingRole { .. } => Refusal::NoRightToSign,
            Error::Malformed { .. }
            | Error::LimitExceeded { .. }
            | Error::InvalidIdentifier { .. } => Refusal::Malformed,
            _ => Refusal::Other,
        }
    }

    /// A stable machine-readable code.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Expired => "eds-expired",
            Refusal::NotYetValid => "eds-not-yet-valid",
            Refusal::Revoked => "eds-revoked",
            Refusal::RevocationUnknown => "eds-revocation-unknown",
            Refusal::Untrusted => "eds-untrusted",
            Refusal::BadSignature => "eds-bad-signature",
            Refusal::Altered => "eds-document-altered",
            Refusal::NotASigningKey => "eds-not-a-signing-key",
            Refusal::IdentityMismatch => "eds-identity-mismatch",
            Refusal::NoRightToSign => "eds-no-right-to-sign",
            Refusal::AmbiguousIdentity => "eds-ambiguous-identity",
            Refusal::Malformed => "eds-malformed",
            Refusal::Other => "eds-not-confirmed",
        }
    }

    /// The refusal message in `language`.
    pub fn message(self, language: Language) -> &'static str {
        use Language::{En, Kk, Ru};
        match (self, language) {
            (Refusal::Expired, Kk) => "ЭЦҚ расталмады: сертификаттың қолданылу мерзімі өтіп кеткен",
            (Refusal::Expired, Ru) => "ЭЦП не подтверждена: срок действия сертификата истек",
            (Refusal::Expired, En) => "EDS not confirmed: the certificate has expired",
            (Refusal::NotYetValid, Kk) => "ЭЦҚ расталмады: сертификаттың қолданылу мерзімі әлі басталмаған",
            (Refusal::NotYetValid, Ru) => "ЭЦП не подтверждена: срок действия сертификата еще не наступил",
            (Refusal::NotYetValid, En) => "EDS not confirmed: the certificate is not yet valid",
            (Refusal::Revoked, Kk) => "ЭЦҚ расталмады: сертификат кері қайтарылған",
            (Refusal::Revoked, Ru) => "ЭЦП не подтверждена: сертификат отозван",
            (Refusal::Revoked, En) => "EDS not confirmed: the certificate has been revoked",
            (Refusal::RevocationUnknown, Kk) => {
                "ЭЦҚ расталмады: сертификаттың кері қайтарылу мәртебесін тексеру мүмкін болмады"
            }
            (Refusal::RevocationUnknown, Ru) => "ЭЦП не подтверждена: не удалось проверить статус отзыва сертификата",
            (Refusal::RevocationUnknown, En) => {
                "EDS not confirmed: the revocation status of the certificate could not be checked"
            }
            (Refusal::Untrusted, Kk) => "ЭЦҚ расталмады: сертификатты сенімді куәландырушы орталық бермеген",
            (Refusal::Untrusted, Ru) => "ЭЦП не подтверждена: сертификат выдан не доверенным удостоверяющим центром",
            (Refusal::Untrusted, En) => {
                "EDS not confirmed: the certificate was not issued by a trusted certification authority"
            }
            (Refusal::BadSignature, Kk) => "ЭЦҚ расталмады: қолтаңба жарамсыз",
            (Refusal::BadSignature, Ru) => "ЭЦП не подтверждена: подпись недействительна",
            (Refusal::BadSignature, En) => "EDS not confirmed: the signature is invalid",
            (Refusal::Altered, Kk) => "ЭЦҚ расталмады: құжат қол қойылғаннан кейін өзгертілген",
            (Refusal::Altered, Ru) => "ЭЦП не подтверждена: документ изменен после подписания",
            (Refusal::Altered, En) => "EDS not confirmed: the document was changed after signing",
            (Refusal::NotASigningKey, Kk) => {
                "ЭЦҚ расталмады: қол қою кілтінің орнына аутентификация кілті пайдаланылған"
            }
            (Refusal::NotASigningKey, Ru) => {
                "ЭЦП не подтверждена: использован ключ аутентификации вместо ключа подписи"
            }
            (Refusal::NotASigningKey, En) => {
                "EDS not confirmed: an authentication key was used instead of a signing key"
            }
            (Refusal::IdentityMismatch, Kk) => {
                "ЭЦҚ расталмады: құжаттағы ЖСН/БСН сертификат деректерімен сәйкес келмейді"
            }
            (Refusal::IdentityMismatch, Ru) => {
                "ЭЦП не подтверждена: ИИН/БИН в документе не совпадает с данными сертификата"
            }
            (Refusal::IdentityMismatch, En) => {
                "EDS not confirmed: the IIN/BIN in the document does not match the certificate"
            }
            (Refusal::NoRightToSign, Kk) => "ЭЦҚ расталмады: қол қоюшының ұйым атынан қол қою құқығы жоқ",
            (Refusal::NoRightToSign, Ru) => {
                "ЭЦП не подтверждена: у подписавшего нет права подписи от имени организации"
            }
            (Refusal::NoRightToSign, En) => {
                "EDS not confirmed: the signer has no right to sign for the organisation"
            }
            (Refusal::AmbiguousIdentity, Kk) => {
                "ЭЦҚ расталмады: сертификатта бірнеше ЖСН немесе бірнеше БСН көрсетілген"
            }
            (Refusal::AmbiguousIdentity, Ru) => {
                "ЭЦП не подтверждена: в сертификате указано более одного ИИН или более одного БИН"
            }
            (Refusal::AmbiguousIdentity, En) => {
                "EDS not confirmed: the certificate names more than one IIN or more than one BIN"
            }
            (Refusal::Malformed, Kk) => "ЭЦҚ расталмады: құжатты оқу мүмкін болмады",
            (Refusal::Malformed, Ru) => "ЭЦП не подтверждена: документ не удалось прочитать",
            (Refusal::Malformed, En) => "EDS not confirmed: the document could not be read",
            (Refusal::Other, Kk) => "ЭЦҚ расталмады",
            (Refusal::Other, Ru) => "ЭЦП не подтверждена",
            (Refusal::Other, En) => "EDS not confirmed",
        }
    }
}

/// The verdict on a request or a licence.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
#[must_use]
pub struct Verdict<T> {
    /// True only if the document, every signer and the identity checks pass.
    pub valid: bool,
    /// The refusal, as the regulations phrase it.
    pub refusal: Option<Refusal>,
    /// The precise reason.
    pub reason: Option<Error>,
    /// The payload, if it could be read.
    pub payload: Option<T>,
    /// Every signer's report (applicant, operator, employee ...).
    pub document: Option<DocumentReport>,
}

impl<T> Verdict<T> {
    fn refuse(e: Error, payload: Option<T>, document: Option<DocumentReport>) -> Self {
        Verdict {
            valid: false,
            refusal: Some(Refusal::from_error(&e)),
            reason: Some(e),
            payload,
            document,
        }
    }
}

/// Which roles may sign for an organisation, with the default the
/// regulations imply: the first head or a person with the right to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningRoles(pub Vec<Role>);

impl Default for SigningRoles {
    fn default() -> Self {
        SigningRoles(vec![Role::FirstHead, Role::RightToSign])
    }
}

/// Signs a request as the applicant (attached CAdES-BES, JSON payload).
pub fn sign_request(
    request: &Request,
    signer: &dyn Signer,
    certificate: &Certificate,
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    sign_document(&to_json(request)?, signer, certificate, options)
}

/// Signs a licence as the issuing organisation's authorised person.
pub fn issue_licence(
    licence: &Licence,
    signer: &dyn Signer,
    certificate: &Certificate,
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    sign_document(&to_json(licence)?, signer, certificate, options)
}

fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|e| Error::Malformed {
        what: "document payload",
        detail: e.to_string(),
    })
}

impl Context {
    /// See [`Verifier::verify_request`](crate::Verifier::verify_request).
    pub(crate) fn verify_request(
        &self,
        document: &[u8],
        options: &Options,
        roles: &SigningRoles,
    ) -> Verdict<Request> {
        self.verify_flow(document, options, &roles.0, |request: &Request| {
            request.applicant
        })
    }

    /// See [`Verifier::verify_licence`](crate::Verifier::verify_licence).
    pub(crate) fn verify_licence(
        &self,
        document: &[u8],
        options: &Options,
        roles: &SigningRoles,
    ) -> Verdict<Licence> {
        self.verify_flow(document, options, &roles.0, |licence: &Licence| {
            Applicant::Bin(licence.issuer_bin)
        })
    }

    fn verify_flow<T, F>(
        &self,
        document: &[u8],
        options: &Options,
        roles: &[Role],
        who: F,
    ) -> Verdict<T>
    where
        T: for<'de> Deserialize<'de>,
        F: Fn(&T) -> Applicant,
    {
        let doc = match SignedDocument::from_any(document) {
            Ok(d) => d,
            Err(e) => return Verdict::refuse(e, None, None),
        };
        let report = self.verify_document(&doc, None, options);
        let payload = match doc.content().map(serde_json::from_slice::<T>) {
            Some(Ok(p)) => p,
            Some(Err(e)) => {
                let e = Error::Malformed {
                    what: "document payload",
                    detail: e.to_string(),
                };
                return Verdict::refuse(e, None, Some(report));
            }
            None => return Verdict::refuse(Error::DetachedContentMissing, None, Some(report)),
        };
        if let Some(e) = report.reason.clone() {
            return Verdict::refuse(e, Some(payload), Some(report));
        }
        let expected = who(&payload);
        let signers: Vec<&CertificateInfo> = report
            .signers
            .iter()
            .filter_map(|s| s.certificate.as_ref())
            .map(|r| &*r.certificate)
            .collect();
        match check_applicant(&signers, expected, roles) {
            Ok(()) => Verdict {
                valid: true,
                refusal: None,
                reason: None,
                payload: Some(payload),
                document: Some(report),
            },
            Err(e) => Verdict::refuse(e, Some(payload), Some(report)),
        }
    }
}

/// The applicant must be one of the signers (exact IIN/BIN equality, never
/// a substring), with a signing role when it is an organisation.
fn check_applicant(
    signers: &[&CertificateInfo],
    expected: Applicant,
    roles: &[Role],
) -> Result<(), Error> {
    match expected {
        Applicant::Iin(iin) => {
            if signers.iter().any(|c| c.iin == Some(iin)) {
                Ok(())
            } else {
                Err(Error::IdentityMismatch {
                    expected: format!("IIN {iin}"),
                    found: signers
                        .iter()
                        .find_map(|c| c.iin)
                        .map(|i| format!("IIN {i}")),
                })
            }
        }
        Applicant::Bin(bin) => {
            let of_org: Vec<&&CertificateInfo> =
                signers.iter().filter(|c| c.bin == Some(bin)).collect();
            if of_org.is_empty() {
                return Err(Error::IdentityMismatch {
                    expected: format!("BIN {bin}"),
                    found: signers
                        .iter()
                        .find_map(|c| c.bin)
                        .map(|b| format!("BIN {b}")),
                });
            }
            if of_org
                .iter()
                .any(|c| c.roles.iter().any(|r| roles.contains(r)))
            {
                Ok(())
            } else {
                Err(Error::MissingRole {
                    role: roles.first().copied().unwrap_or(Role::RightToSign),
                })
            }
        }
    }
}
