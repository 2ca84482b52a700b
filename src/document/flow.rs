//! Verifying requests and licences (docs/domain.md): which signer's EDS is
//! checked on each channel, the representative, the licence's signer
//! policy, the licence's own term and status, per-signer verdicts, and the
//! time budget.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::cert::{CertificateInfo, Role};
use crate::cms::{DocumentReport, SignedDocument, SignerReport};
use crate::context::Context;
use crate::error::Error;
use crate::identity::{Bin, Iin};
use crate::policy::Options;
use crate::time::Time;

use super::model::{Applicant, Channel, Identifiers, Licence, LicenceStatus, Request};
use super::refusal::{refusal_text, Language, Refusal, Subject};

/// What co-signers' failures do (signatures beyond the one the channel or
/// the licence policy asks for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum CoSigners {
    /// A co-signer whose signature or certificate fails refuses the
    /// document, with the co-signer's own headline (never the applicant's).
    /// The default: a document carrying a bad signature is not confirmed.
    #[default]
    Refuse,
    /// Co-signers are reported, each with its verdict, and refuse nothing.
    Report,
}

/// How a request is verified: the channel it arrived by and who may
/// certify it there.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestPolicy {
    /// The channel the request arrived by; `None` takes the request's own
    /// `channel`. A request naming another channel is refused.
    pub channel: Option<Channel>,
    /// BINs of the service centres whose operators may certify requests.
    pub service_centre_bins: Vec<Bin>,
    /// BINs of the providers whose employees may certify requests received
    /// on paper.
    pub provider_bins: Vec<Bin>,
    /// Roles that may sign for an organisation applicant (default: first
    /// head, right to sign).
    pub signing_roles: Vec<Role>,
    /// Roles an operator or a provider's employee must hold to certify a
    /// request (default: employee).
    pub certifier_roles: Vec<Role>,
    /// What co-signers' failures do.
    pub cosigners: CoSigners,
    /// Whether the national CA's test identifiers are accepted (also
    /// accepted whenever the verifier trusts the `nca-test` profile).
    pub identifiers: Identifiers,
    /// A time budget: over it, the verdict is "not confirmed: time budget
    /// exceeded".
    pub deadline: Option<Duration>,
}

impl Default for RequestPolicy {
    fn default() -> Self {
        RequestPolicy {
            channel: None,
            service_centre_bins: Vec::new(),
            provider_bins: Vec::new(),
            signing_roles: vec![Role::FirstHead, Role::RightToSign],
            certifier_roles: vec![Role::Employee],
            cosigners: CoSigners::default(),
            identifiers: Identifiers::default(),
            deadline: None,
        }
    }
}

impl RequestPolicy {
    /// The defaults: the request's own channel, no service centre or
    /// provider configured, co-signers' failures refuse.
    pub fn new() -> Self {
        Self::default()
    }

    /// The channel the request arrived by.
    pub fn channel(mut self, channel: Channel) -> Self {
        self.channel = Some(channel);
        self
    }

    /// Accepts operators of the service centre with this BIN.
    pub fn service_centre_bin(mut self, bin: Bin) -> Self {
        self.service_centre_bins.push(bin);
        self
    }

    /// Accepts employees of the provider with this BIN.
    pub fn provider_bin(mut self, bin: Bin) -> Self {
        self.provider_bins.push(bin);
        self
    }

    /// Roles that may sign for an organisation applicant.
    pub fn signing_roles(mut self, roles: Vec<Role>) -> Self {
        self.signing_roles = roles;
        self
    }

    /// Roles an operator or employee must hold to certify a request.
    pub fn certifier_roles(mut self, roles: Vec<Role>) -> Self {
        self.certifier_roles = roles;
        self
    }

    /// What co-signers' failures do.
    pub fn cosigners(mut self, cosigners: CoSigners) -> Self {
        self.cosigners = cosigners;
        self
    }

    /// Whether the national CA's test identifiers are accepted.
    pub fn identifiers(mut self, identifiers: Identifiers) -> Self {
        self.identifiers = identifiers;
        self
    }

    /// A time budget for the verification.
    pub fn deadline(mut self, budget: Duration) -> Self {
        self.deadline = Some(budget);
        self
    }
}

/// Who may sign a licence for the issuing body (docs/domain.md, "The
/// licence": most regulations say the authorised person, some the
/// provider's employee).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum LicenceSigner {
    /// An authorised person of the issuing BIN: first head or right to
    /// sign (the default).
    #[default]
    Authorised,
    /// Any employee of the issuing BIN (role employee), or an authorised
    /// person.
    Employee,
}

impl LicenceSigner {
    /// The roles that qualify.
    pub fn roles(self) -> &'static [Role] {
        match self {
            LicenceSigner::Authorised => &[Role::FirstHead, Role::RightToSign],
            LicenceSigner::Employee => &[Role::FirstHead, Role::RightToSign, Role::Employee],
        }
    }

    /// Parses `authorised`, `employee`.
    pub fn from_name(name: &str) -> Option<LicenceSigner> {
        match name {
            "authorised" => Some(LicenceSigner::Authorised),
            "employee" => Some(LicenceSigner::Employee),
            _ => None,
        }
    }
}

/// How a licence is verified.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct LicencePolicy {
    /// Who may sign it.
    pub signer: LicenceSigner,
    /// What co-signers' failures do.
    pub cosigners: CoSigners,
    /// Whether the national CA's test identifiers are accepted.
    pub identifiers: Identifiers,
    /// A time budget for the verification.
    pub deadline: Option<Duration>,
}

impl LicencePolicy {
    /// The defaults: an authorised person signs; co-signers' failures
    /// refuse.
    pub fn new() -> Self {
        Self::default()
    }

    /// Who may sign the licence.
    pub fn signer(mut self, signer: LicenceSigner) -> Self {
        self.signer = signer;
        self
    }

    /// What co-signers' failures do.
    pub fn cosigners(mut self, cosigners: CoSigners) -> Self {
        self.cosigners = cosigners;
        self
    }

    /// Whether the national CA's test identifiers are accepted.
    pub fn identifiers(mut self, identifiers: Identifiers) -> Self {
        self.identifiers = identifiers;
        self
    }

    /// A time budget for the verification.
    pub fn deadline(mut self, budget: Duration) -> Self {
        self.deadline = Some(budget);
        self
    }
}

/// The part a signer plays in the flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Part {
    /// The applicant (portal).
    Applicant,
    /// The applicant's representative (portal, on a power of attorney).
    Representative,
    /// A service centre's operator certifying the request.
    Operator,
    /// The provider's employee certifying a request received on paper.
    ProviderEmployee,
    /// The licence's signer for the issuing body.
    LicenceSigner,
    /// Any other signer: beside the one the channel or policy asks for, or
    /// every signer when none of them is that one (the verdict's refusal
    /// then says why).
    CoSigner,
}

/// One signer's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SignerVerdict {
    /// The SignerInfo's position in the document (0-based).
    pub index: usize,
    /// The part the signer plays.
    pub part: Part,
    /// True if the signature and the certificate verify.
    pub valid: bool,
    /// The cause, if not valid.
    pub refusal: Option<Refusal>,
    /// The precise reason, if not valid.
    pub reason: Option<Error>,
    /// The certificate's subject, if found.
    pub subject: Option<String>,
    /// The holder's IIN.
    pub iin: Option<Iin>,
    /// The organisation's BIN.
    pub bin: Option<Bin>,
}

/// The verdict on a request or a licence.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
#[must_use]
pub struct Verdict<T> {
    /// True only if the signer the channel or policy asks for is confirmed,
    /// the payload is valid, and (by policy) every co-signer verifies.
    pub valid: bool,
    /// Whose EDS (or what document) the refusal is about.
    pub subject: Option<Subject>,
    /// The specific cause.
    pub refusal: Option<Refusal>,
    /// The precise reason.
    pub reason: Option<Error>,
    /// The payload, if it could be read.
    pub payload: Option<T>,
    /// The channel the request was verified for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// Each signer's part and verdict.
    pub signers: Vec<SignerVerdict>,
    /// Whether the representative's power of attorney was checked: always
    /// `Some(false)` when the request names a representative (the notarial
    /// system checks it, outside qoltanba); `None` without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub power_of_attorney_checked: Option<bool>,
    /// Things worth knowing that did not refuse (a test identifier, an
    /// unchecked power of attorney).
    pub warnings: Vec<String>,
    /// The validation time.
    pub validated_at: Time,
    /// The time the verification took.
    #[serde(serialize_with = "micros")]
    pub elapsed: Duration,
    /// Every signer's report.
    pub document: Option<DocumentReport>,
}

fn micros<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
}

impl<T> Verdict<T> {
    /// The refusal text in `language` (headline, then the cause), if
    /// refused.
    pub fn message(&self, language: Language) -> Option<String> {
        match (self.subject, self.refusal) {
            (Some(s), Some(r)) => Some(refusal_text(s, r, language)),
            _ => None,
        }
    }
}

/// A verdict under construction.
struct Draft<T> {
    verdict: Verdict<T>,
}

impl<T> Draft<T> {
    fn new(time: Time) -> Self {
        Draft {
            verdict: Verdict {
                valid: false,
                subject: None,
                refusal: None,
                reason: None,
                payload: None,
                channel: None,
                signers: Vec::new(),
                power_of_attorney_checked: None,
                warnings: Vec::new(),
                validated_at: time,
                elapsed: Duration::ZERO,
                document: None,
            },
        }
    }

    fn refuse(
        mut self,
        subject: Subject,
        refusal: Refusal,
        e: Error,
        start: Instant,
    ) -> Verdict<T> {
        self.verdict.valid = false;
        self.verdict.subject = Some(subject);
        self.verdict.refusal = Some(refusal);
        self.verdict.reason = Some(e);
        self.verdict.elapsed = start.elapsed();
        self.verdict
    }

    fn refuse_error(self, subject: Subject, e: Error, start: Instant) -> Verdict<T> {
        let r = Refusal::from_error(&e);
        self.refuse(subject, r, e, start)
    }

    fn accept(mut self, start: Instant) -> Verdict<T> {
        self.verdict.valid = true;
        self.verdict.elapsed = start.elapsed();
        self.verdict
    }
}

fn info(s: &SignerReport) -> Option<&CertificateInfo> {
    s.certificate.as_ref().map(|r| &*r.certificate)
}

fn signer_verdict(index: usize, s: &SignerReport, part: Part) -> SignerVerdict {
    let reason = if s.valid {
        None
    } else {
        Some(s.reason.clone().unwrap_or(Error::Malformed {
            what: "signer report",
            detail: "invalid without a reason".into(),
        }))
    };
    let c = info(s);
    SignerVerdict {
        index,
        part,
        valid: s.valid,
        refusal: reason.as_ref().map(Refusal::from_error),
        reason,
        subject: c.map(|c| c.subject.clone()),
        iin: c.and_then(|c| c.iin),
        bin: c.and_then(|c| c.bin),
    }
}

fn has_role(c: &CertificateInfo, roles: &[Role]) -> bool {
    c.roles.iter().any(|r| roles.contains(r))
}

/// Why a signed document cannot be read, with its report if the CMS was.
type Unreadable = Box<(Error, Option<DocumentReport>)>;

/// The identity test of a principal: Ok for a matching signer, else why not.
type IdentityTest<'a> = Box<dyn Fn(&CertificateInfo) -> Result<(), Miss> + 'a>;

/// Who must have signed, and how a mismatch is refused.
struct Principal<'a> {
    part: Part,
    subject: Subject,
    /// The identity test: Ok for a matching signer; else why not.
    test: IdentityTest<'a>,
}

/// Why a signer is not the principal: not the identity at all, or the
/// identity without the role.
enum Miss {
    Identity,
    Role,
}

/// Ok(index of the principal) or the refusal.
fn find_principal(
    report: &DocumentReport,
    principal: &Principal<'_>,
    on_identity: (Refusal, Error),
    on_role: (Refusal, Error),
) -> Result<usize, (Refusal, Error)> {
    let mut role_only = false;
    let mut invalid: Option<&Error> = None;
    let mut first: Option<usize> = None;
    for (i, s) in report.signers.iter().enumerate() {
        let Some(c) = info(s) else { continue };
        match (principal.test)(c) {
            Ok(()) => {
                if s.valid {
                    return Ok(i);
                }
                first.get_or_insert(i);
                if invalid.is_none() {
                    invalid = s.reason.as_ref();
                }
            }
            Err(Miss::Role) => role_only = true,
            Err(Miss::Identity) => {}
        }
    }
    if first.is_some() {
        let e = invalid.cloned().unwrap_or(Error::Malformed {
            what: "signer report",
            detail: "invalid without a reason".into(),
        });
        return Err((Refusal::from_error(&e), e));
    }
    if role_only {
        return Err(on_role);
    }
    // No signer is the principal. A signer whose identity cannot be read
    // (its certificate is missing, or names two IINs or BINs) may be the
    // principal: its own failure is the cause.
    let unknowable = report
        .signers
        .iter()
        .find_map(|s| match (&s.reason, info(s)) {
            (Some(e @ Error::AmbiguousIdentity { .. }), _) => Some(e),
            (Some(e), None) => Some(e),
            _ => None,
        });
    match unknowable {
        Some(e) => Err((Refusal::from_error(e), e.clone())),
        None => Err(on_identity),
    }
}

fn found(
    report: &DocumentReport,
    f: impl Fn(&CertificateInfo) -> Option<String>,
) -> Option<String> {
    report.signers.iter().filter_map(info).find_map(f)
}

impl Context {
    /// See [`Verifier::verify_request`](crate::Verifier::verify_request).
    pub(crate) fn verify_request(
        &self,
        document: &[u8],
        options: &Options,
        policy: &RequestPolicy,
    ) -> Verdict<Request> {
        let start = Instant::now();
        let read = self.read_payload(
            document,
            options,
            policy.identifiers,
            (Subject::Applicant, Subject::Request),
            Request::from_json_with,
            start,
        );
        let (mut draft, request) = match read {
            Ok(x) => x,
            Err(refused) => return *refused,
        };
        let channel = policy.channel.unwrap_or(request.channel);
        draft.verdict.channel = Some(channel);
        if let Some(r) = &request.representative {
            draft.verdict.power_of_attorney_checked = Some(false);
            let poa = &r.power_of_attorney;
            draft.verdict.warnings.push(format!(
                "power of attorney {} of {}{} for representative IIN {} not checked: the notarial system checks it, outside qoltanba",
                poa.number,
                poa.date,
                if poa.notarised { " (notarised)" } else { " (not marked notarised)" },
                r.iin
            ));
        }
        let mismatch = (channel != request.channel).then(|| Error::Malformed {
            what: "request",
            detail: format!(
                "the request names channel {} but arrived by {}",
                request.channel.as_str(),
                channel.as_str()
            ),
        });
        draft.verdict.payload = Some(request);
        if let Some(e) = mismatch {
            return draft.refuse(Subject::Request, Refusal::ChannelMismatch, e, start);
        }
        let (Some(request), Some(report)) = (
            draft.verdict.payload.as_ref(),
            draft.verdict.document.as_ref(),
        ) else {
            return draft.refuse_error(Subject::Request, Error::NoSigners, start);
        };
        let (principal, on_identity, on_role) = request_principal(report, request, channel, policy);
        self.conclude(
            draft,
            principal,
            on_identity,
            on_role,
            policy.cosigners,
            policy.deadline,
            start,
        )
    }

    /// See [`Verifier::verify_licence`](crate::Verifier::verify_licence).
    pub(crate) fn verify_licence(
        &self,
        document: &[u8],
        options: &Options,
        policy: &LicencePolicy,
    ) -> Verdict<Licence> {
        let start = Instant::now();
        let read = self.read_payload(
            document,
            options,
            policy.identifiers,
            (Subject::LicenceSigner, Subject::Licence),
            Licence::from_json_with,
            start,
        );
        let (mut draft, licence) = match read {
            Ok(x) => x,
            Err(refused) => return *refused,
        };
        let in_force = licence_in_force(&licence, options.time);
        let bin = licence.issuer_bin;
        draft.verdict.payload = Some(licence);
        let roles = policy.signer.roles();
        let principal = Principal {
            part: Part::LicenceSigner,
            subject: Subject::LicenceSigner,
            test: Box::new(move |c: &CertificateInfo| {
                if c.bin != Some(bin) {
                    Err(Miss::Identity)
                } else if has_role(c, roles) {
                    Ok(())
                } else {
                    Err(Miss::Role)
                }
            }),
        };
        let report = draft.verdict.document.as_ref();
        let on_identity = (
            Refusal::IssuerMismatch,
            Error::IdentityMismatch {
                expected: format!("BIN {bin} (the issuing body named in the licence)"),
                found: report.and_then(|r| found(r, |c| c.bin.map(|b| format!("BIN {b}")))),
            },
        );
        let on_role = (
            Refusal::NoRightToSign,
            Error::MissingRole {
                role: match policy.signer {
                    LicenceSigner::Authorised => Role::FirstHead,
                    LicenceSigner::Employee => Role::Employee,
                },
            },
        );
        let verdict = self.conclude(
            draft,
            principal,
            on_identity,
            on_role,
            policy.cosigners,
            policy.deadline,
            start,
        );
        if !verdict.valid {
            return verdict;
        }
        match in_force {
            Ok(()) => verdict,
            Err((refusal, e)) => Draft { verdict }.refuse(Subject::Licence, refusal, e, start),
        }
    }

    /// The rule for identifiers: test identifiers are allowed by the policy
    /// or by a verifier that trusts the national CA's test profile.
    fn identifier_rule(&self, asked: Identifiers) -> Identifiers {
        if self.test_identifiers {
            Identifiers::AllowTest
        } else {
            asked
        }
    }

    /// The first steps of both flows: the document is read and verified,
    /// then its content is parsed as the payload. `subjects` are whom a
    /// refusal names when the signature, or else the payload, fails.
    fn read_payload<T>(
        &self,
        document: &[u8],
        options: &Options,
        identifiers: Identifiers,
        subjects: (Subject, Subject),
        parse: impl FnOnce(&[u8], Identifiers) -> Result<(T, Vec<String>), Error>,
        start: Instant,
    ) -> Result<(Draft<T>, T), Box<Verdict<T>>> {
        let mut draft: Draft<T> = Draft::new(options.time);
        let (report, content) = match self.read_signed(document, options) {
            Ok(x) => x,
            Err(failed) => {
                let (e, report) = *failed;
                draft.verdict.document = report;
                return Err(Box::new(draft.refuse_error(subjects.0, e, start)));
            }
        };
        let parsed = parse(&content, self.identifier_rule(identifiers));
        draft.verdict.document = Some(report);
        match parsed {
            Ok((payload, warnings)) => {
                draft.verdict.warnings = warnings;
                Ok((draft, payload))
            }
            Err(e) => Err(Box::new(draft.refuse(
                subjects.1,
                Refusal::Malformed,
                e,
                start,
            ))),
        }
    }

    /// The document's report and its content, or why it cannot be read
    /// (with the report, if the CMS was read).
    fn read_signed(
        &self,
        document: &[u8],
        options: &Options,
    ) -> Result<(DocumentReport, Vec<u8>), Unreadable> {
        let doc = SignedDocument::from_any(document).map_err(|e| Box::new((e, None)))?;
        let report = self.verify_document(&doc, None, options);
        if report.signers.is_empty() {
            let e = report.reason.clone().unwrap_or(Error::NoSigners);
            return Err(Box::new((e, Some(report))));
        }
        match doc.content() {
            Some(c) => Ok((report, c.to_vec())),
            None => Err(Box::new((Error::DetachedContentMissing, Some(report)))),
        }
    }

    /// The principal's verdict, then the co-signers', then the deadline.
    #[allow(clippy::too_many_arguments)]
    fn conclude<T>(
        &self,
        mut draft: Draft<T>,
        principal: Principal<'_>,
        on_identity: (Refusal, Error),
        on_role: (Refusal, Error),
        cosigners: CoSigners,
        deadline: Option<Duration>,
        start: Instant,
    ) -> Verdict<T> {
        let Some(report) = draft.verdict.document.as_ref() else {
            return draft.refuse_error(principal.subject, Error::NoSigners, start);
        };
        let chosen = find_principal(report, &principal, on_identity, on_role);
        let parts: Vec<SignerVerdict> = report
            .signers
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let matches = info(s).is_some_and(|c| (principal.test)(c).is_ok());
                let part = match chosen {
                    Ok(p) if p == i => principal.part,
                    Err(_) if matches => principal.part,
                    _ => Part::CoSigner,
                };
                signer_verdict(i, s, part)
            })
            .collect();
        draft.verdict.signers = parts;
        if let Err((refusal, e)) = chosen {
            return draft.refuse(principal.subject, refusal, e, start);
        }
        if cosigners == CoSigners::Refuse {
            let bad = draft
                .verdict
                .signers
                .iter()
                .find(|s| s.part == Part::CoSigner && !s.valid)
                .map(|s| (s.refusal, s.reason.clone()));
            if let Some((Some(refusal), Some(e))) = bad {
                return draft.refuse(Subject::CoSigner, refusal, e, start);
            }
        }
        if let Some(budget) = deadline {
            let elapsed = start.elapsed();
            if elapsed > budget {
                let e = Error::TimeBudgetExceeded {
                    budget_ms: u64::try_from(budget.as_millis()).unwrap_or(u64::MAX),
                    elapsed_ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
                };
                return draft.refuse(principal.subject, Refusal::TimeBudgetExceeded, e, start);
            }
        }
        draft.accept(start)
    }
}

/// Who must sign a request on `channel`, and the refusals when nobody
/// does: the applicant's (or representative's) identity refusal, and the
/// organisation's missing right to sign (portal); the operator's or
/// employee's lack of authority (service centre, provider).
fn request_principal<'a>(
    report: &DocumentReport,
    request: &Request,
    channel: Channel,
    policy: &'a RequestPolicy,
) -> (Principal<'a>, (Refusal, Error), (Refusal, Error)) {
    match channel {
        Channel::Portal => {
            let (part, expected) = match &request.representative {
                Some(r) => (Part::Representative, Applicant::Iin(r.iin)),
                None => (Part::Applicant, request.applicant),
            };
            let roles = &policy.signing_roles;
            let test: IdentityTest<'_> = match expected {
                Applicant::Iin(iin) => Box::new(move |c: &CertificateInfo| {
                    if c.iin == Some(iin) {
                        Ok(())
                    } else {
                        Err(Miss::Identity)
                    }
                }),
                Applicant::Bin(bin) => Box::new(move |c: &CertificateInfo| {
                    if c.bin != Some(bin) {
                        Err(Miss::Identity)
                    } else if has_role(c, roles) {
                        Ok(())
                    } else {
                        Err(Miss::Role)
                    }
                }),
            };
            let found = match expected {
                Applicant::Iin(_) => found(report, |c| c.iin.map(|i| format!("IIN {i}"))),
                Applicant::Bin(_) => found(report, |c| c.bin.map(|b| format!("BIN {b}"))),
            };
            let given = match part {
                Part::Representative => "the representative's, given in the request",
                _ => "given in the request",
            };
            let on_identity = (
                Refusal::IdentityMismatch,
                Error::IdentityMismatch {
                    expected: format!("{expected} ({given})"),
                    found,
                },
            );
            let on_role = (
                Refusal::NoRightToSign,
                Error::MissingRole {
                    role: roles.first().copied().unwrap_or(Role::RightToSign),
                },
            );
            (
                Principal {
                    part,
                    subject: Subject::Applicant,
                    test,
                },
                on_identity,
                on_role,
            )
        }
        Channel::ServiceCentre | Channel::Provider => {
            let (part, bins, whom) = if channel == Channel::ServiceCentre {
                (
                    Part::Operator,
                    &policy.service_centre_bins,
                    "an operator of a service centre",
                )
            } else {
                (
                    Part::ProviderEmployee,
                    &policy.provider_bins,
                    "an employee of the provider",
                )
            };
            let roles = &policy.certifier_roles;
            let test = Box::new(move |c: &CertificateInfo| match c.bin {
                Some(b) if bins.contains(&b) => {
                    if has_role(c, roles) {
                        Ok(())
                    } else {
                        Err(Miss::Role)
                    }
                }
                _ => Err(Miss::Identity),
            });
            let list = if bins.is_empty() {
                "none configured".to_owned()
            } else {
                bins.iter()
                    .map(|b| b.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let on_identity = (
                Refusal::NotAuthorisedToCertify,
                Error::IdentityMismatch {
                    expected: format!("{whom} (BIN {list})"),
                    found: found(report, |c| c.bin.map(|b| format!("BIN {b}"))),
                },
            );
            let on_role = (
                Refusal::NotAuthorisedToCertify,
                Error::MissingRole {
                    role: roles.first().copied().unwrap_or(Role::Employee),
                },
            );
            (
                Principal {
                    part,
                    subject: Subject::Certifier,
                    test,
                },
                on_identity,
                on_role,
            )
        }
    }
}

/// Whether `licence` is in force at `time`: its status, its issue date
/// (from the start of that day in Astana) and its `valid_until`
/// (inclusive, to the end of that day in Astana).
fn licence_in_force(licence: &Licence, time: Time) -> Result<(), (Refusal, Error)> {
    let what = format!("licence {}", licence.number);
    let fail = |refusal, detail: String| {
        Err((
            refusal,
            Error::NotInForce {
                what: what.clone(),
                detail,
            },
        ))
    };
    match licence.status {
        LicenceStatus::Suspended => return fail(Refusal::LicenceSuspended, "suspended".into()),
        LicenceStatus::Terminated => return fail(Refusal::LicenceTerminated, "terminated".into()),
        _ => {}
    }
    if time < licence.issued.start() {
        return fail(
            Refusal::LicenceNotYetInForce,
            format!("issued {} (Astana time), after {time}", licence.issued),
        );
    }
    if let Some(until) = licence.valid_until {
        if time >= until.end() {
            return fail(
                Refusal::LicenceExpired,
                format!("valid until {until} (inclusive, Astana time), before {time}"),
            );
        }
    }
    Ok(())
}
