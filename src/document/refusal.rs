//! Refusals: one headline per party whose EDS (or, for a licence, whose
//! document) is not confirmed, and the specific cause underneath, each in
//! Kazakh, Russian and English.
//!
//! The regulations give no literal text (docs/domain.md, "Refusals"): they
//! name one refusal, of the requested service because the authenticity of
//! the applicant's EDS is not confirmed, and call the certificate the "EDS
//! registration certificate" (kk "ЭЦҚ тіркеу куәлігі", ru "регистрационное
//! свидетельство ЭЦП"). The texts below are our wording, built on those
//! terms; the other headlines (a certifying operator's EDS, a co-signer's,
//! a licence's) are ours where the regulations say nothing.

use serde::Serialize;

use crate::error::Error;
use crate::vocabulary::RevocationReason;

/// A language of the refusal texts.
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

impl Language {
    /// Parses `kk`, `ru`, `en`.
    pub fn from_name(name: &str) -> Option<Language> {
        match name {
            "kk" => Some(Language::Kk),
            "ru" => Some(Language::Ru),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

/// Whose EDS (or what document) a refusal is about: it chooses the
/// headline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Subject {
    /// The applicant's EDS (or the representative's, who signs for the
    /// applicant): the regulations' refusal of the requested service.
    Applicant,
    /// The EDS of the operator or employee who certified the request (the
    /// service-centre and provider channels).
    Certifier,
    /// Another signature on the request, refused by policy.
    CoSigner,
    /// The EDS on a licence.
    LicenceSigner,
    /// The licence itself: not in force at the validation time, or its
    /// payload is not a valid licence.
    Licence,
    /// The request itself: its payload is not a valid request, or it names
    /// another channel than the one it arrived by.
    Request,
}

impl Subject {
    /// The headline in `language`.
    pub fn headline(self, language: Language) -> &'static str {
        use Language::{En, Kk, Ru};
        match (self, language) {
            (Subject::Applicant, Kk) => {
                "Алушының ЭЦҚ түпнұсқалығының расталмауына байланысты сұралған қызметті көрсетуден бас тартылды"
            }
            (Subject::Applicant, Ru) => {
                "Отказ в оказании запрашиваемой услуги в связи с неподтверждением подлинности ЭЦП услугополучателя"
            }
            (Subject::Applicant, En) => {
                "The requested service is refused: the authenticity of the applicant's EDS is not confirmed"
            }
            (Subject::Certifier, Kk) => "Сұрауды куәландырған ЭЦҚ түпнұсқалығы расталмады",
            (Subject::Certifier, Ru) => "Подлинность ЭЦП, удостоверившей запрос, не подтверждена",
            (Subject::Certifier, En) => {
                "The authenticity of the EDS certifying the request is not confirmed"
            }
            (Subject::CoSigner, Kk) => "Сұраудағы басқа ЭЦҚ түпнұсқалығы расталмады",
            (Subject::CoSigner, Ru) => "Подлинность другой ЭЦП на запросе не подтверждена",
            (Subject::CoSigner, En) => {
                "The authenticity of another EDS on the request is not confirmed"
            }
            (Subject::LicenceSigner, Kk) => "Лицензиядағы ЭЦҚ түпнұсқалығы расталмады",
            (Subject::LicenceSigner, Ru) => "Подлинность ЭЦП на лицензии не подтверждена",
            (Subject::LicenceSigner, En) => {
                "The authenticity of the EDS on the licence is not confirmed"
            }
            (Subject::Licence, Kk) => "Лицензия тексеру сәтінде күшінде емес",
            (Subject::Licence, Ru) => "Лицензия не действует на момент проверки",
            (Subject::Licence, En) => "The licence is not in force at the time of verification",
            (Subject::Request, Kk) => "Сұрау қабылданбады",
            (Subject::Request, Ru) => "Запрос не принят",
            (Subject::Request, En) => "The request is not accepted",
        }
    }
}

/// The specific cause of a refusal. Serialised as its [`Refusal::code`],
/// the same string the text output, the C ABI and Python give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The registration certificate has expired.
    Expired,
    /// The registration certificate is not yet valid.
    NotYetValid,
    /// The registration certificate is in the list of revoked (annulled)
    /// registration certificates.
    Revoked,
    /// The registration certificate is suspended (on hold): not annulled.
    Suspended,
    /// Whether it is revoked could not be established.
    RevocationUnknown,
    /// Not issued by a trusted certification authority.
    Untrusted,
    /// The signature does not verify.
    BadSignature,
    /// The document was changed after signing.
    Altered,
    /// An authentication key (or a CA key) was used instead of a signing key.
    NotASigningKey,
    /// The IIN/BIN given in the request is not the signer's.
    IdentityMismatch,
    /// The licence's signer is not of the issuing body named in it.
    IssuerMismatch,
    /// The signer may not sign for the organisation.
    NoRightToSign,
    /// The signer is not an employee (with the required role) of an
    /// organisation authorised to certify the request on this channel.
    NotAuthorisedToCertify,
    /// The certificate names more than one IIN or more than one BIN.
    AmbiguousIdentity,
    /// The request names another channel than the one it arrived by.
    ChannelMismatch,
    /// The document could not be read (or its payload is not a valid
    /// request or licence).
    Malformed,
    /// The verification went over its time budget.
    TimeBudgetExceeded,
    /// The licence's `valid_until` has passed.
    LicenceExpired,
    /// The licence's issue date is after the validation time.
    LicenceNotYetInForce,
    /// The licence is suspended.
    LicenceSuspended,
    /// The licence is terminated.
    LicenceTerminated,
    /// Any other reason (the error says which).
    Other,
}

impl Serialize for Refusal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl Refusal {
    /// The cause a verification error amounts to.
    pub fn from_error(e: &Error) -> Refusal {
        match e {
            Error::CertExpired { .. } => Refusal::Expired,
            Error::CertNotValidYet { .. } => Refusal::NotYetValid,
            Error::CertRevoked {
                reason: Some(RevocationReason::CertificateHold),
                ..
            } => Refusal::Suspended,
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
            Error::WrongKeyKind { .. } | Error::CaAsEndEntity { .. } => Refusal::NotASigningKey,
            Error::IdentityMismatch { .. } => Refusal::IdentityMismatch,
            Error::AmbiguousIdentity { .. } => Refusal::AmbiguousIdentity,
            Error::MissingRole { .. } => Refusal::NoRightToSign,
            Error::Malformed { .. }
            | Error::LimitExceeded { .. }
            | Error::InvalidIdentifier { .. }
            | Error::NoSigners
            | Error::DetachedContentMissing => Refusal::Malformed,
            _ => Refusal::Other,
        }
    }

    /// A stable machine-readable code.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Expired => "eds-expired",
            Refusal::NotYetValid => "eds-not-yet-valid",
            Refusal::Revoked => "eds-revoked",
            Refusal::Suspended => "eds-suspended",
            Refusal::RevocationUnknown => "eds-revocation-unknown",
            Refusal::Untrusted => "eds-untrusted",
            Refusal::BadSignature => "eds-bad-signature",
            Refusal::Altered => "eds-document-altered",
            Refusal::NotASigningKey => "eds-not-a-signing-key",
            Refusal::IdentityMismatch => "eds-identity-mismatch",
            Refusal::IssuerMismatch => "eds-issuer-mismatch",
            Refusal::NoRightToSign => "eds-no-right-to-sign",
            Refusal::NotAuthorisedToCertify => "eds-not-authorised-to-certify",
            Refusal::AmbiguousIdentity => "eds-ambiguous-identity",
            Refusal::ChannelMismatch => "channel-mismatch",
            Refusal::Malformed => "eds-malformed",
            Refusal::TimeBudgetExceeded => "time-budget-exceeded",
            Refusal::LicenceExpired => "licence-expired",
            Refusal::LicenceNotYetInForce => "licence-not-yet-in-force",
            Refusal::LicenceSuspended => "licence-suspended",
            Refusal::LicenceTerminated => "licence-terminated",
            Refusal::Other => "eds-not-confirmed",
        }
    }

    /// The cause in `language` (the line under the headline).
    pub fn message(self, language: Language) -> &'static str {
        use Language::{En, Kk, Ru};
        match (self, language) {
            (Refusal::Expired, Kk) => "ЭЦҚ тіркеу куәлігінің қолданылу мерзімі өтіп кеткен",
            (Refusal::Expired, Ru) => "срок действия регистрационного свидетельства ЭЦП истек",
            (Refusal::Expired, En) => "the EDS registration certificate has expired",
            (Refusal::NotYetValid, Kk) => {
                "ЭЦҚ тіркеу куәлігінің қолданылу мерзімі әлі басталмаған"
            }
            (Refusal::NotYetValid, Ru) => {
                "срок действия регистрационного свидетельства ЭЦП еще не наступил"
            }
            (Refusal::NotYetValid, En) => "the EDS registration certificate is not yet valid",
            (Refusal::Revoked, Kk) => {
                "ЭЦҚ тіркеу куәлігі кері қайтарылған (жойылған) тіркеу куәліктерінің тізімінде тұр"
            }
            (Refusal::Revoked, Ru) => {
                "регистрационное свидетельство ЭЦП находится в списке отозванных (аннулированных) регистрационных свидетельств"
            }
            (Refusal::Revoked, En) => {
                "the EDS registration certificate is in the list of revoked (annulled) registration certificates"
            }
            (Refusal::Suspended, Kk) => "ЭЦҚ тіркеу куәлігінің қолданылуы тоқтатыла тұрған",
            (Refusal::Suspended, Ru) => {
                "действие регистрационного свидетельства ЭЦП приостановлено"
            }
            (Refusal::Suspended, En) => "the EDS registration certificate is suspended (on hold)",
            (Refusal::RevocationUnknown, Kk) => {
                "ЭЦҚ тіркеу куәлігінің кері қайтарылған тіркеу куәліктерінің тізімінде жоқ екенін тексеру мүмкін болмады"
            }
            (Refusal::RevocationUnknown, Ru) => {
                "не удалось проверить, что регистрационное свидетельство ЭЦП отсутствует в списке отозванных регистрационных свидетельств"
            }
            (Refusal::RevocationUnknown, En) => {
                "it could not be checked that the EDS registration certificate is not in the list of revoked registration certificates"
            }
            (Refusal::Untrusted, Kk) => {
                "ЭЦҚ тіркеу куәлігін сенімді куәландырушы орталық бермеген"
            }
            (Refusal::Untrusted, Ru) => {
                "регистрационное свидетельство ЭЦП выдано не доверенным удостоверяющим центром"
            }
            (Refusal::Untrusted, En) => {
                "the EDS registration certificate was not issued by a trusted certification authority"
            }
            (Refusal::BadSignature, Kk) => "ЭЦҚ тексеруден өтпеді",
            (Refusal::BadSignature, Ru) => "ЭЦП не проходит проверку",
            (Refusal::BadSignature, En) => "the EDS does not verify",
            (Refusal::Altered, Kk) => "құжат қол қойылғаннан кейін өзгертілген",
            (Refusal::Altered, Ru) => "документ изменен после подписания",
            (Refusal::Altered, En) => "the document was changed after signing",
            (Refusal::NotASigningKey, Kk) => "қол қою кілтінің орнына басқа кілт пайдаланылған",
            (Refusal::NotASigningKey, Ru) => "использован не ключ подписи",
            (Refusal::NotASigningKey, En) => {
                "a key other than a signing key (an authentication key) was used"
            }
            (Refusal::IdentityMismatch, Kk) => {
                "сұрауда көрсетілген ЖСН/БСН ЭЦҚ тіркеу куәлігінің деректерімен сәйкес келмейді"
            }
            (Refusal::IdentityMismatch, Ru) => {
                "ИИН/БИН, указанный в запросе, не совпадает с данными регистрационного свидетельства ЭЦП"
            }
            (Refusal::IdentityMismatch, En) => {
                "the IIN/BIN given in the request does not match the EDS registration certificate"
            }
            (Refusal::IssuerMismatch, Kk) => {
                "ЭЦҚ тіркеу куәлігі лицензияда көрсетілген лицензиарға тиесілі емес"
            }
            (Refusal::IssuerMismatch, Ru) => {
                "регистрационное свидетельство ЭЦП не принадлежит лицензиару, указанному в лицензии"
            }
            (Refusal::IssuerMismatch, En) => {
                "the EDS registration certificate is not of the issuing body named in the licence"
            }
            (Refusal::NoRightToSign, Kk) => "қол қоюшының ұйым атынан қол қою құқығы жоқ",
            (Refusal::NoRightToSign, Ru) => {
                "у подписавшего нет права подписи от имени организации"
            }
            (Refusal::NoRightToSign, En) => "the signer has no right to sign for the organisation",
            (Refusal::NotAuthorisedToCertify, Kk) => {
                "қол қоюшы сұрауды куәландыруға уәкілетті ұйымның қызметкері емес"
            }
            (Refusal::NotAuthorisedToCertify, Ru) => {
                "подписавший не является работником организации, уполномоченной удостоверять запрос"
            }
            (Refusal::NotAuthorisedToCertify, En) => {
                "the signer is not an employee of an organisation authorised to certify the request"
            }
            (Refusal::AmbiguousIdentity, Kk) => {
                "ЭЦҚ тіркеу куәлігінде бірнеше ЖСН немесе бірнеше БСН көрсетілген"
            }
            (Refusal::AmbiguousIdentity, Ru) => {
                "в регистрационном свидетельстве ЭЦП указано более одного ИИН или более одного БИН"
            }
            (Refusal::AmbiguousIdentity, En) => {
                "the EDS registration certificate names more than one IIN or more than one BIN"
            }
            (Refusal::ChannelMismatch, Kk) => {
                "сұрауда ол келіп түскен арнадан басқа арна көрсетілген"
            }
            (Refusal::ChannelMismatch, Ru) => {
                "в запросе указан иной канал подачи, чем тот, по которому он поступил"
            }
            (Refusal::ChannelMismatch, En) => {
                "the request names another channel than the one it arrived by"
            }
            (Refusal::Malformed, Kk) => "құжатты оқу мүмкін болмады немесе оның деректері жарамсыз",
            (Refusal::Malformed, Ru) => "документ не удалось прочитать, или его данные неверны",
            (Refusal::Malformed, En) => "the document could not be read, or its data are not valid",
            (Refusal::TimeBudgetExceeded, Kk) => "тексеруге бөлінген уақыт асып кетті",
            (Refusal::TimeBudgetExceeded, Ru) => "превышено время, отведенное на проверку",
            (Refusal::TimeBudgetExceeded, En) => "time budget exceeded",
            (Refusal::LicenceExpired, Kk) => "лицензияның қолданылу мерзімі өтіп кеткен",
            (Refusal::LicenceExpired, Ru) => "срок действия лицензии истек",
            (Refusal::LicenceExpired, En) => "the licence's term of validity has ended",
            (Refusal::LicenceNotYetInForce, Kk) => {
                "лицензияның берілген күні тексеру сәтінен кейін"
            }
            (Refusal::LicenceNotYetInForce, Ru) => "дата выдачи лицензии позже момента проверки",
            (Refusal::LicenceNotYetInForce, En) => {
                "the licence's issue date is after the time of verification"
            }
            (Refusal::LicenceSuspended, Kk) => "лицензияның қолданылуы тоқтатыла тұрған",
            (Refusal::LicenceSuspended, Ru) => "действие лицензии приостановлено",
            (Refusal::LicenceSuspended, En) => "the licence is suspended",
            (Refusal::LicenceTerminated, Kk) => "лицензияның қолданылуы тоқтатылған",
            (Refusal::LicenceTerminated, Ru) => "действие лицензии прекращено",
            (Refusal::LicenceTerminated, En) => "the licence is terminated",
            (Refusal::Other, Kk) => "басқа себеп (техникалық себебін қараңыз)",
            (Refusal::Other, Ru) => "иная причина (см. техническую причину)",
            (Refusal::Other, En) => "another cause (see the technical reason)",
        }
    }

    /// Every cause, for tests and documentation.
    pub const ALL: [Refusal; 22] = [
        Refusal::Expired,
        Refusal::NotYetValid,
        Refusal::Revoked,
        Refusal::Suspended,
        Refusal::RevocationUnknown,
        Refusal::Untrusted,
        Refusal::BadSignature,
        Refusal::Altered,
        Refusal::NotASigningKey,
        Refusal::IdentityMismatch,
        Refusal::IssuerMismatch,
        Refusal::NoRightToSign,
        Refusal::NotAuthorisedToCertify,
        Refusal::AmbiguousIdentity,
        Refusal::ChannelMismatch,
        Refusal::Malformed,
        Refusal::TimeBudgetExceeded,
        Refusal::LicenceExpired,
        Refusal::LicenceNotYetInForce,
        Refusal::LicenceSuspended,
        Refusal::LicenceTerminated,
        Refusal::Other,
    ];
}

/// The full refusal text: the headline, then the cause after a colon.
pub fn refusal_text(subject: Subject, cause: Refusal, language: Language) -> String {
    format!(
        "{}: {}",
        subject.headline(language),
        cause.message(language)
    )
}
