//! Every refusal text, exactly: the six headlines and the 22 causes in
//! Kazakh, Russian and English (our wording on the regulations' terms,
//! docs/domain.md "Refusals"), each cause's stable code, and the full
//! applicant-facing refusal as a service shows it.
#![cfg(feature = "serde")]

use qoltanba::{refusal_text, Language, Refusal, Subject};

#[test]
fn headlines() {
    let expected: &[(Subject, Language, &str)] = &[
        (Subject::Applicant, Language::Kk, "Алушының ЭЦҚ түпнұсқалығының расталмауына байланысты сұралған қызметті көрсетуден бас тартылды"),
        (Subject::Applicant, Language::Ru, "Отказ в оказании запрашиваемой услуги в связи с неподтверждением подлинности ЭЦП услугополучателя"),
        (Subject::Applicant, Language::En, "The requested service is refused: the authenticity of the applicant's EDS is not confirmed"),
        (Subject::Certifier, Language::Kk, "Сұрауды куәландырған ЭЦҚ түпнұсқалығы расталмады"),
        (Subject::Certifier, Language::Ru, "Подлинность ЭЦП, удостоверившей запрос, не подтверждена"),
        (Subject::Certifier, Language::En, "The authenticity of the EDS certifying the request is not confirmed"),
        (Subject::CoSigner, Language::Kk, "Сұраудағы басқа ЭЦҚ түпнұсқалығы расталмады"),
        (Subject::CoSigner, Language::Ru, "Подлинность другой ЭЦП на запросе не подтверждена"),
        (Subject::CoSigner, Language::En, "The authenticity of another EDS on the request is not confirmed"),
        (Subject::LicenceSigner, Language::Kk, "Лицензиядағы ЭЦҚ түпнұсқалығы расталмады"),
        (Subject::LicenceSigner, Language::Ru, "Подлинность ЭЦП на лицензии не подтверждена"),
        (Subject::LicenceSigner, Language::En, "The authenticity of the EDS on the licence is not confirmed"),
        (Subject::Licence, Language::Kk, "Лицензия тексеру сәтінде күшінде емес"),
        (Subject::Licence, Language::Ru, "Лицензия не действует на момент проверки"),
        (Subject::Licence, Language::En, "The licence is not in force at the time of verification"),
        (Subject::Request, Language::Kk, "Сұрау қабылданбады"),
        (Subject::Request, Language::Ru, "Запрос не принят"),
        (Subject::Request, Language::En, "The request is not accepted"),
    ];
    assert_eq!(expected.len(), 18);
    for (subject, language, text) in expected {
        assert_eq!(
            subject.headline(*language),
            *text,
            "{subject:?} {language:?}"
        );
    }
}

#[test]
fn causes() {
    let expected: &[(Refusal, Language, &str)] = &[
        (Refusal::Expired, Language::Kk, "ЭЦҚ тіркеу куәлігінің қолданылу мерзімі өтіп кеткен"),
        (Refusal::Expired, Language::Ru, "срок действия регистрационного свидетельства ЭЦП истек"),
        (Refusal::Expired, Language::En, "the EDS registration certificate has expired"),
        (Refusal::NotYetValid, Language::Kk, "ЭЦҚ тіркеу куәлігінің қолданылу мерзімі әлі басталмаған"),
        (Refusal::NotYetValid, Language::Ru, "срок действия регистрационного свидетельства ЭЦП еще не наступил"),
        (Refusal::NotYetValid, Language::En, "the EDS registration certificate is not yet valid"),
        (Refusal::Revoked, Language::Kk, "ЭЦҚ тіркеу куәлігі кері қайтарылған (жойылған) тіркеу куәліктерінің тізімінде тұр"),
        (Refusal::Revoked, Language::Ru, "регистрационное свидетельство ЭЦП находится в списке отозванных (аннулированных) регистрационных свидетельств"),
        (Refusal::Revoked, Language::En, "the EDS registration certificate is in the list of revoked (annulled) registration certificates"),
        (Refusal::Suspended, Language::Kk, "ЭЦҚ тіркеу куәлігінің қолданылуы тоқтатыла тұрған"),
        (Refusal::Suspended, Language::Ru, "действие регистрационного свидетельства ЭЦП приостановлено"),
        (Refusal::Suspended, Language::En, "the EDS registration certificate is suspended (on hold)"),
        (Refusal::RevocationUnknown, Language::Kk, "ЭЦҚ тіркеу куәлігінің кері қайтарылған тіркеу куәліктерінің тізімінде жоқ екенін тексеру мүмкін болмады"),
        (Refusal::RevocationUnknown, Language::Ru, "не удалось проверить, что регистрационное свидетельство ЭЦП отсутствует в списке отозванных регистрационных свидетельств"),
        (Refusal::RevocationUnknown, Language::En, "it could not be checked that the EDS registration certificate is not in the list of revoked registration certificates"),
        (Refusal::Untrusted, Language::Kk, "ЭЦҚ тіркеу куәлігін сенімді куәландырушы орталық бермеген"),
        (Refusal::Untrusted, Language::Ru, "регистрационное свидетельство ЭЦП выдано не доверенным удостоверяющим центром"),
        (Refusal::Untrusted, Language::En, "the EDS registration certificate was not issued by a trusted certification authority"),
        (Refusal::BadSignature, Language::Kk, "ЭЦҚ тексеруден өтпеді"),
        (Refusal::BadSignature, Language::Ru, "ЭЦП не проходит проверку"),
        (Refusal::BadSignature, Language::En, "the EDS does not verify"),
        (Refusal::Altered, Language::Kk, "құжат қол қойылғаннан кейін өзгертілген"),
        (Refusal::Altered, Language::Ru, "документ изменен после подписания"),
        (Refusal::Altered, Language::En, "the document was changed after signing"),
        (Refusal::NotASigningKey, Language::Kk, "қол қою кілтінің орнына басқа кілт пайдаланылған"),
        (Refusal::NotASigningKey, Language::Ru, "использован не ключ подписи"),
        (Refusal::NotASigningKey, Language::En, "a key other than a signing key (an authentication key) was used"),
        (Refusal::IdentityMismatch, Language::Kk, "сұрауда көрсетілген ЖСН/БСН ЭЦҚ тіркеу куәлігінің деректерімен сәйкес келмейді"),
        (Refusal::IdentityMismatch, Language::Ru, "ИИН/БИН, указанный в запросе, не совпадает с данными регистрационного свидетельства ЭЦП"),
        (Refusal::IdentityMismatch, Language::En, "the IIN/BIN given in the request does not match the EDS registration certificate"),
        (Refusal::IssuerMismatch, Language::Kk, "ЭЦҚ тіркеу куәлігі лицензияда көрсетілген лицензиарға тиесілі емес"),
        (Refusal::IssuerMismatch, Language::Ru, "регистрационное свидетельство ЭЦП не принадлежит лицензиару, указанному в лицензии"),
        (Refusal::IssuerMismatch, Language::En, "the EDS registration certificate is not of the issuing body named in the licence"),
        (Refusal::NoRightToSign, Language::Kk, "қол қоюшының ұйым атынан қол қою құқығы жоқ"),
        (Refusal::NoRightToSign, Language::Ru, "у подписавшего нет права подписи от имени организации"),
        (Refusal::NoRightToSign, Language::En, "the signer has no right to sign for the organisation"),
        (Refusal::NotAuthorisedToCertify, Language::Kk, "қол қоюшы сұрауды куәландыруға уәкілетті ұйымның қызметкері емес"),
        (Refusal::NotAuthorisedToCertify, Language::Ru, "подписавший не является работником организации, уполномоченной удостоверять запрос"),
        (Refusal::NotAuthorisedToCertify, Language::En, "the signer is not an employee of an organisation authorised to certify the request"),
        (Refusal::AmbiguousIdentity, Language::Kk, "ЭЦҚ тіркеу куәлігінде бірнеше ЖСН немесе бірнеше БСН көрсетілген"),
        (Refusal::AmbiguousIdentity, Language::Ru, "в регистрационном свидетельстве ЭЦП указано более одного ИИН или более одного БИН"),
        (Refusal::AmbiguousIdentity, Language::En, "the EDS registration certificate names more than one IIN or more than one BIN"),
        (Refusal::ChannelMismatch, Language::Kk, "сұрауда ол келіп түскен арнадан басқа арна көрсетілген"),
        (Refusal::ChannelMismatch, Language::Ru, "в запросе указан иной канал подачи, чем тот, по которому он поступил"),
        (Refusal::ChannelMismatch, Language::En, "the request names another channel than the one it arrived by"),
        (Refusal::Malformed, Language::Kk, "құжатты оқу мүмкін болмады немесе оның деректері жарамсыз"),
        (Refusal::Malformed, Language::Ru, "документ не удалось прочитать, или его данные неверны"),
        (Refusal::Malformed, Language::En, "the document could not be read, or its data are not valid"),
        (Refusal::TimeBudgetExceeded, Language::Kk, "тексеруге бөлінген уақыт асып кетті"),
        (Refusal::TimeBudgetExceeded, Language::Ru, "превышено время, отведенное на проверку"),
        (Refusal::TimeBudgetExceeded, Language::En, "time budget exceeded"),
        (Refusal::LicenceExpired, Language::Kk, "лицензияның қолданылу мерзімі өтіп кеткен"),
        (Refusal::LicenceExpired, Language::Ru, "срок действия лицензии истек"),
        (Refusal::LicenceExpired, Language::En, "the licence's term of validity has ended"),
        (Refusal::LicenceNotYetInForce, Language::Kk, "лицензияның берілген күні тексеру сәтінен кейін"),
        (Refusal::LicenceNotYetInForce, Language::Ru, "дата выдачи лицензии позже момента проверки"),
        (Refusal::LicenceNotYetInForce, Language::En, "the licence's issue date is after the time of verification"),
        (Refusal::LicenceSuspended, Language::Kk, "лицензияның қолданылуы тоқтатыла тұрған"),
        (Refusal::LicenceSuspended, Language::Ru, "действие лицензии приостановлено"),
        (Refusal::LicenceSuspended, Language::En, "the licence is suspended"),
        (Refusal::LicenceTerminated, Language::Kk, "лицензияның қолданылуы тоқтатылған"),
        (Refusal::LicenceTerminated, Language::Ru, "действие лицензии прекращено"),
        (Refusal::LicenceTerminated, Language::En, "the licence is terminated"),
        (Refusal::Other, Language::Kk, "басқа себеп (техникалық себебін қараңыз)"),
        (Refusal::Other, Language::Ru, "иная причина (см. техническую причину)"),
        (Refusal::Other, Language::En, "another cause (see the technical reason)"),
    ];
    assert_eq!(expected.len(), 3 * Refusal::ALL.len());
    for (cause, language, text) in expected {
        assert_eq!(cause.message(*language), *text, "{cause:?} {language:?}");
    }
}

#[test]
fn codes() {
    let codes: Vec<&str> = Refusal::ALL.iter().map(|r| r.code()).collect();
    assert_eq!(
        codes,
        [
            "eds-expired",
            "eds-not-yet-valid",
            "eds-revoked",
            "eds-suspended",
            "eds-revocation-unknown",
            "eds-untrusted",
            "eds-bad-signature",
            "eds-document-altered",
            "eds-not-a-signing-key",
            "eds-identity-mismatch",
            "eds-issuer-mismatch",
            "eds-no-right-to-sign",
            "eds-not-authorised-to-certify",
            "eds-ambiguous-identity",
            "channel-mismatch",
            "eds-malformed",
            "time-budget-exceeded",
            "licence-expired",
            "licence-not-yet-in-force",
            "licence-suspended",
            "licence-terminated",
            "eds-not-confirmed",
        ]
    );
}

#[test]
fn the_applicant_facing_refusal() {
    assert_eq!(
        refusal_text(Subject::Applicant, Refusal::Revoked, Language::Kk),
        "Алушының ЭЦҚ түпнұсқалығының расталмауына байланысты сұралған қызметті көрсетуден бас тартылды: ЭЦҚ тіркеу куәлігі кері қайтарылған (жойылған) тіркеу куәліктерінің тізімінде тұр"
    );
    assert_eq!(
        refusal_text(Subject::Applicant, Refusal::Expired, Language::Ru),
        "Отказ в оказании запрашиваемой услуги в связи с неподтверждением подлинности ЭЦП услугополучателя: срок действия регистрационного свидетельства ЭЦП истек"
    );
    assert_eq!(
        refusal_text(Subject::Applicant, Refusal::IdentityMismatch, Language::En),
        "The requested service is refused: the authenticity of the applicant's EDS is not confirmed: the IIN/BIN given in the request does not match the EDS registration certificate"
    );
}

/// The regulations' terms: the registration certificate, never
/// "сертификат" / "certificate" alone.
#[test]
fn the_regulations_terms() {
    for cause in Refusal::ALL {
        let kk = cause.message(Language::Kk);
        let ru = cause.message(Language::Ru);
        let en = cause.message(Language::En);
        assert!(!ru.contains("сертификат"), "{cause:?}: {ru}");
        assert!(!kk.contains("сертификат"), "{cause:?}: {kk}");
        assert!(
            !en.replace("registration certificate", "")
                .contains("certificate"),
            "{cause:?}: {en}"
        );
        assert!(!en.contains("in the document"), "{cause:?}: {en}");
    }
}
