//! The [`Verifier`]: trust anchors, intermediates, revocation data and
//! policy, built once and shared read-only by any number of threads.

use crate::algorithm::{default_backend, SignatureVerifier};
use crate::cert::{Certificate, KeyKind, KeyUsage, Role, EKU_EMAIL_PROTECTION};
use crate::error::Error;
use crate::identity::{Bin, Iin};
use crate::path::{verify_path, PathInputs};
use crate::report::{Check, CheckName, Outcome, Report};
use crate::revocation::{Crl, OcspResponse, RevocationStore};
use crate::time::Time;
use crate::trust::TrustProfile;

/// How revocation is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RevocationMode {
    /// Every certificate below the anchor must be covered by a fresh,
    /// verified CRL; unknown status is a failure (the default: fail closed).
    #[default]
    Required,
    /// Use CRLs where the issuer has one; a certificate whose issuer has no
    /// CRL at all passes. A stale or refused CRL is still a failure.
    IfAvailable,
    /// No revocation check (the report says so).
    Off,
}

/// What the certificate is being validated for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Purpose {
    /// Signing documents: key usage digitalSignature or nonRepudiation, EKU
    /// (if present) emailProtection or anyExtendedKeyUsage, never an
    /// AUTH key of the national CA and never a CA certificate
    /// (basicConstraints cA TRUE) (the default).
    #[default]
    DocumentSigning,
    /// A certificate whose EKU (if present) allows this OID.
    ExtendedKeyUsage(String),
    /// No key usage check.
    Any,
}

/// Validation policy, with safe defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// How revocation is checked (default: required).
    pub revocation: RevocationMode,
    /// Check the revocation of intermediate CAs too (default: true).
    pub check_ca_revocation: bool,
    /// Accept SHA-1 signatures (default: false).
    pub allow_legacy_algorithms: bool,
    /// For document signing, require a SIGN key of the national CA's profile,
    /// refusing certificates whose kind cannot be told (other CAs without
    /// EKU). Default: false (other CAs' certificates pass on key usage).
    pub require_sign_key: bool,
    /// Without a valid time-stamp, validate a document's signer at its
    /// signingTime attribute instead of the caller's time. The attribute is
    /// the signer's own claim, so this is off by default.
    pub trust_signing_time: bool,
    /// Refuse a document signer that carries no signature time-stamp
    /// (CAdES-T) with [`Error::TimestampMissing`]. Default: false.
    pub require_timestamp: bool,
    /// How far a signer's signingTime may lie after its time-stamp's genTime
    /// (a signature cannot be made after it was time-stamped; the margin is
    /// for the signer's clock). Default: 5 minutes. Also how far an OCSP
    /// response's producedAt and thisUpdate may lie after the validation
    /// time (beyond it the response is refused, RFC 6960 4.2.2.1).
    pub max_clock_skew: std::time::Duration,
    /// How long after its thisUpdate an OCSP response without nextUpdate
    /// (the national CA's responders give none) vouches for a certificate.
    /// Default: 1 day, the national CA's full CRL cycle.
    pub ocsp_max_age: std::time::Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            revocation: RevocationMode::Required,
            check_ca_revocation: true,
            allow_legacy_algorithms: false,
            require_sign_key: false,
            trust_signing_time: false,
            require_timestamp: false,
            max_clock_skew: std::time::Duration::from_secs(5 * 60),
            ocsp_max_age: std::time::Duration::from_secs(24 * 60 * 60),
        }
    }
}

impl Policy {
    /// The default policy: revocation required, no SHA-1.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the revocation mode.
    pub fn with_revocation(mut self, mode: RevocationMode) -> Self {
        self.revocation = mode;
        self
    }

    /// Allows or refuses SHA-1 signatures.
    pub fn with_legacy_algorithms(mut self, allow: bool) -> Self {
        self.allow_legacy_algorithms = allow;
        self
    }

    /// Requires (or not) a SIGN key for document signing.
    pub fn with_sign_key_required(mut self, required: bool) -> Self {
        self.require_sign_key = required;
        self
    }

    /// Checks (or not) the revocation of intermediate CAs.
    pub fn with_ca_revocation(mut self, check: bool) -> Self {
        self.check_ca_revocation = check;
        self
    }

    /// Trusts (or not) the signingTime attribute as the validation time of
    /// a signer without a valid time-stamp.
    pub fn with_trusted_signing_time(mut self, trust: bool) -> Self {
        self.trust_signing_time = trust;
        self
    }

    /// Requires (or not) a signature time-stamp on every document signer.
    pub fn with_timestamp_required(mut self, required: bool) -> Self {
        self.require_timestamp = required;
        self
    }

    /// Sets how far signingTime may lie after the time-stamp's genTime.
    pub fn with_max_clock_skew(mut self, skew: std::time::Duration) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// Sets how long an OCSP response without nextUpdate stays usable.
    pub fn with_ocsp_max_age(mut self, age: std::time::Duration) -> Self {
        self.ocsp_max_age = age;
        self
    }
}

/// Whose certificate it must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExpectedIdentity {
    /// The holder's IIN (SERIALNUMBER), compared in full.
    Iin(Iin),
    /// The organisation's BIN (OU, or SERIALNUMBER of a system certificate).
    Bin(Bin),
}

/// What one validation asks, beyond the verifier's configuration.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// The time to validate at.
    pub time: Time,
    /// The purpose.
    pub purpose: Purpose,
    /// Whose certificate it must be, if the caller knows.
    pub identity: Option<ExpectedIdentity>,
    /// Roles the holder must have.
    pub roles: Vec<Role>,
    /// More untrusted certificates for this validation only (a document's
    /// own certificates).
    pub intermediates: Vec<Certificate>,
    /// More CRLs for this validation only (a document's own CRLs). Like all
    /// CRLs they are used only after their own verification.
    pub crls: RevocationStore,
}

impl Options {
    /// Validate at `time` for document signing, with no identity expectation.
    pub fn at(time: Time) -> Self {
        Options {
            time,
            purpose: Purpose::default(),
            identity: None,
            roles: Vec::new(),
            intermediates: Vec::new(),
            crls: RevocationStore::new(),
        }
    }

    /// Sets the purpose.
    pub fn purpose(mut self, purpose: Purpose) -> Self {
        self.purpose = purpose;
        self
    }

    /// Requires the certificate to belong to `iin`.
    pub fn expect_iin(mut self, iin: Iin) -> Self {
        self.identity = Some(ExpectedIdentity::Iin(iin));
        self
    }

    /// Requires the certificate to belong to an organisation with `bin`.
    pub fn expect_bin(mut self, bin: Bin) -> Self {
        self.identity = Some(ExpectedIdentity::Bin(bin));
        self
    }

    /// Requires a role.
    pub fn require_role(mut self, role: Role) -> Self {
        self.roles.push(role);
        self
    }

    /// Adds untrusted certificates for this validation.
    pub fn with_intermediates(mut self, certs: impl IntoIterator<Item = Certificate>) -> Self {
        self.intermediates.extend(certs);
        self
    }

    /// Adds CRLs for this validation.
    pub fn with_crls(mut self, crls: impl IntoIterator<Item = Crl>) -> Self {
        for crl in crls {
            self.crls.add(crl);
        }
        self
    }

    /// Adds OCSP responses for this validation (used after their own
    /// verification, like CRLs).
    pub fn with_ocsp(mut self, responses: impl IntoIterator<Item = OcspResponse>) -> Self {
        for r in responses {
            self.crls.add_ocsp(r);
        }
        self
    }
}

/// Builds a [`Verifier`].
#[derive(Debug, Default)]
pub struct VerifierBuilder {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
    revocation: RevocationStore,
    policy: Policy,
    backend: Option<&'static dyn SignatureVerifier>,
}

impl VerifierBuilder {
    /// An empty builder: no anchors, default policy, default backend.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the bundled roots (as anchors) and intermediates of a profile.
    pub fn trust_profile(mut self, profile: TrustProfile) -> Result<Self, Error> {
        let (roots, intermediates) = profile.certificates()?;
        self.anchors.extend(roots);
        self.intermediates.extend(intermediates);
        Ok(self)
    }

    /// Adds a trust anchor.
    pub fn trust(mut self, cert: Certificate) -> Self {
        self.anchors.push(cert);
        self
    }

    /// Adds every certificate of DER, PEM or base64 input as a trust anchor.
    pub fn trust_any(mut self, input: &[u8]) -> Result<Self, Error> {
        self.anchors.extend(Certificate::all_from_any(input)?);
        Ok(self)
    }

    /// Adds an untrusted intermediate.
    pub fn intermediate(mut self, cert: Certificate) -> Self {
        self.intermediates.push(cert);
        self
    }

    /// Adds every certificate of DER, PEM or base64 input as an intermediate.
    pub fn intermediate_any(mut self, input: &[u8]) -> Result<Self, Error> {
        self.intermediates.extend(Certificate::all_from_any(input)?);
        Ok(self)
    }

    /// Adds a CRL or delta CRL.
    pub fn crl(mut self, crl: Crl) -> Self {
        self.revocation.add(crl);
        self
    }

    /// Adds every CRL of DER, PEM or base64 input.
    pub fn crl_any(mut self, input: &[u8]) -> Result<Self, Error> {
        self.revocation.add_any(input)?;
        Ok(self)
    }

    /// Adds an OCSP response (RFC 6960) as revocation evidence.
    pub fn ocsp(mut self, response: OcspResponse) -> Self {
        self.revocation.add_ocsp(response);
        self
    }

    /// Adds an OCSP response given as DER, PEM or base64.
    pub fn ocsp_any(mut self, input: &[u8]) -> Result<Self, Error> {
        self.revocation.add_ocsp(OcspResponse::from_any(input)?);
        Ok(self)
    }

    /// Replaces the CRLs added so far with `store`, a set parsed ahead (the
    /// C ABI swaps in new CRL sets this way).
    pub fn revocation_store(mut self, store: RevocationStore) -> Self {
        self.revocation = store;
        self
    }

    /// Sets the policy.
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Chooses the signature backend (default: [`default_backend`]).
    pub fn backend(mut self, backend: &'static dyn SignatureVerifier) -> Self {
        self.backend = Some(backend);
        self
    }

    /// Builds the verifier.
    pub fn build(self) -> Verifier {
        Verifier {
            anchors: self.anchors,
            intermediates: self.intermediates,
            revocation: self.revocation,
            policy: self.policy,
            backend: self.backend.unwrap_or_else(default_backend),
            caches: Default::default(),
        }
    }
}

/// Validates certificates against trust anchors, revocation data and a
/// policy. Immutable once built: share it (`Arc<Verifier>`) across threads.
#[derive(Debug)]
pub struct Verifier {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
    revocation: RevocationStore,
    policy: Policy,
    backend: &'static dyn SignatureVerifier,
    /// Parsed certificates and verified links (see `cache.rs`).
    pub(crate) caches: crate::cache::Caches,
}

impl Verifier {
    /// Starts a builder.
    pub fn builder() -> VerifierBuilder {
        VerifierBuilder::new()
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// A new verifier with this one's anchors, intermediates, policy and
    /// backend, and its revocation data plus `crls` (a new delta CRL, say).
    /// The CRLs already held are shared, not parsed or indexed again, and
    /// their signatures already checked are not checked again: applying a
    /// delta CRL to a verifier holding a 1M-entry base costs about what the
    /// delta's own parse and signature check cost. `self` is unchanged.
    pub fn with_crls(&self, crls: impl IntoIterator<Item = Crl>) -> Verifier {
        let mut revocation = self.revocation.clone();
        for crl in crls {
            revocation.add(crl);
        }
        self.with_store(revocation)
    }

    /// Like [`Verifier::with_crls`], with every CRL and OCSP response of
    /// `extra` (shared with `extra`, not parsed again).
    pub fn with_revocation_of(&self, extra: &RevocationStore) -> Verifier {
        let mut revocation = self.revocation.clone();
        for crl in extra.crls() {
            revocation.add(crl.clone());
        }
        for response in extra.ocsp_responses() {
            revocation.add_ocsp(response.clone());
        }
        self.with_store(revocation)
    }

    fn with_store(&self, revocation: RevocationStore) -> Verifier {
        Verifier {
            anchors: self.anchors.clone(),
            intermediates: self.intermediates.clone(),
            revocation,
            policy: self.policy.clone(),
            backend: self.backend,
            caches: Default::default(),
        }
    }

    /// The verifier's own revocation data.
    pub(crate) fn revocation(&self) -> &RevocationStore {
        &self.revocation
    }

    /// The verifier's own untrusted certificates (intermediates, or signer
    /// certificates given the same way).
    pub(crate) fn intermediates(&self) -> &[Certificate] {
        &self.intermediates
    }

    /// The signature backend in use.
    pub(crate) fn backend(&self) -> &'static dyn SignatureVerifier {
        self.backend
    }

    /// Validates `cert` and reports every check. The report is valid only if
    /// every check passed.
    pub fn verify_certificate(&self, cert: &Certificate, options: &Options) -> Report {
        self.verify_certificate_in(cert, options, &[], &options.crls, options.time)
    }

    /// [`Verifier::verify_certificate`] at `time`, with `extra`
    /// intermediates besides the options' and `crls` in place of the
    /// options' (a document's certificates and CRLs, without copying the
    /// options for each document).
    pub(crate) fn verify_certificate_in(
        &self,
        cert: &Certificate,
        options: &Options,
        extra: &[Certificate],
        crls: &RevocationStore,
        time: Time,
    ) -> Report {
        self.verify_certificate_at(cert, options, extra, crls, time, PastTime::Present)
    }

    /// [`Verifier::verify_certificate_in`], for a certificate validated at
    /// a time moved back (`past`): besides the status at `time`, the
    /// certificates `past` names must not have their key condemned at any
    /// time by the freshest evidence (RFC 3161 section 4; see
    /// [`RevocationStore::condemned_at_any_time`]).
    pub(crate) fn verify_certificate_at(
        &self,
        cert: &Certificate,
        options: &Options,
        extra: &[Certificate],
        crls: &RevocationStore,
        time: Time,
        past: PastTime,
    ) -> Report {
        let mut report = Report::new(cert.info_shared(), time);
        if !cert.info().identifiers_check_ok {
            report
                .warnings
                .push("the IIN or BIN in the certificate fails its check digit".into());
        }
        let inputs = PathInputs {
            anchors: &self.anchors,
            pool: [&self.intermediates, &options.intermediates, extra],
            revocation: [&self.revocation, crls],
            backend: self.backend,
            policy: &self.policy,
            time,
            now: options.time.max(time),
            links: Some(&self.caches.links),
        };
        let validated = verify_path(&inputs, cert).and_then(|path| {
            self.check_condemned(&inputs, &path, past)?;
            Ok(path)
        });
        match validated {
            Ok(path) => {
                report.chain = path.iter().map(|c| c.info_shared()).collect();
                report.push(Check::new(CheckName::Chain, Outcome::Passed));
                report.push(Check::new(CheckName::Validity, Outcome::Passed));
                let revocation = if self.policy.revocation == RevocationMode::Off {
                    Outcome::NotChecked("revocation checking is off by policy".into())
                } else {
                    Outcome::Passed
                };
                report.push(Check::new(CheckName::Revocation, revocation));
            }
            Err(e) => {
                let name = CheckName::for_error(&e);
                report.push(Check::new(name, Outcome::Failed(e.to_string())));
                report.fail(e);
            }
        }
        let unambiguous = check_unambiguous_identity(cert);
        if let Err(e) = &unambiguous {
            report.push(Check::new(
                CheckName::Identity,
                Outcome::Failed(e.to_string()),
            ));
            report.fail(e.clone());
        }
        if let Err(e) = check_purpose(cert, &options.purpose, &self.policy) {
            report.push(Check::new(
                CheckName::KeyUsage,
                Outcome::Failed(e.to_string()),
            ));
            report.fail(e);
        } else {
            report.push(Check::new(CheckName::KeyUsage, Outcome::Passed));
        }
        if let (Some(expected), Ok(())) = (&options.identity, &unambiguous) {
            match check_identity(cert, expected) {
                Ok(()) => report.push(Check::new(CheckName::Identity, Outcome::Passed)),
                Err(e) => {
                    report.push(Check::new(
                        CheckName::Identity,
                        Outcome::Failed(e.to_string()),
                    ));
                    report.fail(e);
                }
            }
        }
        if !options.roles.is_empty() {
            match options.roles.iter().find(|r| !cert.roles().contains(r)) {
                None => report.push(Check::new(CheckName::Roles, Outcome::Passed)),
                Some(&role) => {
                    let e = Error::MissingRole { role };
                    report.push(Check::new(CheckName::Roles, Outcome::Failed(e.to_string())));
                    report.fail(e);
                }
            }
        }
        report
    }
}

/// Whether a certificate is validated at the present (the caller's time)
/// or at a time moved back, and then which certificates of its path vouch
/// for that past time with their keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PastTime {
    /// The caller's own time: the status at that time decides.
    Present,
    /// A document signer validated at a time-stamp's genTime (or a trusted
    /// signingTime): its CAs (whose CRLs speak for that time) and the OCSP
    /// responders of its path must not be condemned at any time; the
    /// signer's own later revocation leaves the earlier signature valid.
    Signer,
    /// An evidence signer (a TSA) validated at the time it vouches for:
    /// it too, besides its CAs and responders.
    EvidenceSigner,
}

impl Verifier {
    /// The [`PastTime`] rule on a validated path (anchor last).
    fn check_condemned(
        &self,
        inputs: &PathInputs<'_>,
        path: &[&Certificate],
        past: PastTime,
    ) -> Result<(), Error> {
        if past == PastTime::Present || self.policy.revocation == RevocationMode::Off {
            return Ok(());
        }
        let last = path.len().saturating_sub(1);
        for i in 0..last {
            if i > 0 && !self.policy.check_ca_revocation {
                continue;
            }
            let found = RevocationStore::condemned_at_any_time(
                &inputs.revocation,
                path[i],
                path[i + 1],
                path,
                self.backend,
                self.policy.allow_legacy_algorithms,
                self.policy.ocsp_max_age,
                self.policy.max_clock_skew,
            );
            match found {
                // The signer's own revocation after the validation time
                // leaves its earlier signature valid (CAdES-T); its
                // responders still count.
                Some(Error::CertRevoked { .. }) if i == 0 && past == PastTime::Signer => {}
                Some(e) => return Err(e),
                None => {}
            }
        }
        Ok(())
    }
}

fn check_purpose(cert: &Certificate, purpose: &Purpose, policy: &Policy) -> Result<(), Error> {
    let subject = || cert.subject().to_owned();
    match purpose {
        Purpose::Any => Ok(()),
        Purpose::ExtendedKeyUsage(oid) => {
            if cert.has_eku(oid) {
                Ok(())
            } else {
                Err(Error::ExtendedKeyUsageMismatch {
                    subject: subject(),
                    purpose: oid.clone(),
                })
            }
        }
        Purpose::DocumentSigning => {
            // A CA certificate signs certificates and CRLs, never documents
            // (RFC 5280 4.2.1.9), whatever key usages it also carries.
            if cert.is_ca() {
                return Err(Error::CaAsEndEntity { subject: subject() });
            }
            match cert.key_kind() {
                KeyKind::Auth => {
                    return Err(Error::WrongKeyKind {
                        subject: subject(),
                        expected: KeyKind::Sign,
                        found: KeyKind::Auth,
                    })
                }
                KeyKind::Other if policy.require_sign_key => {
                    return Err(Error::WrongKeyKind {
                        subject: subject(),
                        expected: KeyKind::Sign,
                        found: KeyKind::Other,
                    })
                }
                _ => {}
            }
            if let Some(ku) = cert.key_usage {
                if !ku.has(KeyUsage::DIGITAL_SIGNATURE) && !ku.has(KeyUsage::NON_REPUDIATION) {
                    return Err(Error::KeyUsageMissing {
                        subject: subject(),
                        usage: "digitalSignature or nonRepudiation",
                    });
                }
            }
            // An EKU, if present, must allow signing: emailProtection, any,
            // or a role of the national CA (information-system certificates
            // carry only the legal-entity role).
            let nca_role = !cert.roles().is_empty();
            if !cert.has_eku(EKU_EMAIL_PROTECTION) && !nca_role {
                return Err(Error::ExtendedKeyUsageMismatch {
                    subject: subject(),
                    purpose: "document signing (emailProtection)".into(),
                });
            }
            Ok(())
        }
    }
}

/// A certificate whose subject names more than one distinct IIN or BIN has
/// no owner: refused whatever the purpose (see `SubjectIdentities` in
/// cert.rs).
fn check_unambiguous_identity(cert: &Certificate) -> Result<(), Error> {
    match &cert.identity_conflict {
        None => Ok(()),
        Some(detail) => Err(Error::AmbiguousIdentity {
            subject: cert.subject().to_owned(),
            detail: detail.clone(),
        }),
    }
}

fn check_identity(cert: &Certificate, expected: &ExpectedIdentity) -> Result<(), Error> {
    match expected {
        ExpectedIdentity::Iin(iin) => match cert.iin() {
            Some(found) if found == *iin => Ok(()),
            found => Err(Error::IdentityMismatch {
                expected: format!("IIN {iin}"),
                found: found.map(|f| format!("IIN {f}")),
            }),
        },
        ExpectedIdentity::Bin(bin) => match cert.bin() {
            Some(found) if found == *bin => Ok(()),
            found => Err(Error::IdentityMismatch {
                expected: format!("BIN {bin}"),
                found: found.map(|f| format!("BIN {f}")),
            }),
        },
    }
}
