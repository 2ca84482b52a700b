//! The validation context: what a [`Verifier`](crate::Verifier) owns
//! (anchors, intermediates, revocation data, policy, backend, caches) and
//! certificate validation on it: a path to an anchor at a time, the past-time
//! rule for evidence, purpose, identity and roles. The document layers (CMS)
//! call it; the verifier is its public face.

use crate::algorithm::SignatureVerifier;
use crate::cache::Caches;
use crate::cert::{Certificate, KeyKind, KeyUsage, EKU_EMAIL_PROTECTION};
use crate::error::Error;
use crate::path::{verify_path, PathInputs};
use crate::policy::{ExpectedIdentity, Options, Policy, Purpose, RevocationMode};
use crate::report::{Check, CheckName, Outcome, Report};
use crate::revocation::RevocationStore;
use crate::time::Time;

/// Everything a validation reads, built once with the verifier.
#[derive(Debug)]
pub(crate) struct Context {
    pub(crate) anchors: Vec<Certificate>,
    pub(crate) intermediates: Vec<Certificate>,
    pub(crate) revocation: RevocationStore,
    pub(crate) policy: Policy,
    pub(crate) backend: &'static dyn SignatureVerifier,
    /// Parsed certificates and verified links (see `cache.rs`).
    pub(crate) caches: Caches,
    /// Whether requests and licences may carry the national CA's test
    /// identifiers (set when the `nca-test` profile is trusted).
    pub(crate) test_identifiers: bool,
}

impl Context {
    /// A context with empty caches.
    pub(crate) fn new(
        anchors: Vec<Certificate>,
        intermediates: Vec<Certificate>,
        revocation: RevocationStore,
        policy: Policy,
        backend: &'static dyn SignatureVerifier,
    ) -> Self {
        Context {
            anchors,
            intermediates,
            revocation,
            policy,
            backend,
            caches: Caches::default(),
            test_identifiers: false,
        }
    }

    /// This context with `revocation` in place of its own, and empty caches.
    pub(crate) fn with_store(&self, revocation: RevocationStore) -> Self {
        let mut ctx = Self::new(
            self.anchors.clone(),
            self.intermediates.clone(),
            revocation,
            self.policy.clone(),
            self.backend,
        );
        ctx.test_identifiers = self.test_identifiers;
        ctx
    }

    /// The policy in force.
    pub(crate) fn policy(&self) -> &Policy {
        &self.policy
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

    /// [`Verifier::verify_certificate`](crate::Verifier::verify_certificate) at `time`, with `extra`
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

    /// [`Context::verify_certificate_in`], for a certificate validated at
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
                report.push(Check::new(name, Outcome::Failed(e.clone())));
                report.fail(e);
            }
        }
        let unambiguous = check_unambiguous_identity(cert);
        if let Err(e) = &unambiguous {
            report.push(Check::new(CheckName::Identity, Outcome::Failed(e.clone())));
            report.fail(e.clone());
        }
        if let Err(e) = check_purpose(cert, &options.purpose, &self.policy) {
            report.push(Check::new(CheckName::KeyUsage, Outcome::Failed(e.clone())));
            report.fail(e);
        } else {
            report.push(Check::new(CheckName::KeyUsage, Outcome::Passed));
        }
        if let (Some(expected), Ok(())) = (&options.identity, &unambiguous) {
            match check_identity(cert, expected) {
                Ok(()) => report.push(Check::new(CheckName::Identity, Outcome::Passed)),
                Err(e) => {
                    report.push(Check::new(CheckName::Identity, Outcome::Failed(e.clone())));
                    report.fail(e);
                }
            }
        }
        if !options.roles.is_empty() {
            match options.roles.iter().find(|r| !cert.roles().contains(r)) {
                None => report.push(Check::new(CheckName::Roles, Outcome::Passed)),
                Some(&role) => {
                    let e = Error::MissingRole { role };
                    report.push(Check::new(CheckName::Roles, Outcome::Failed(e.clone())));
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

impl Context {
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
            if let Some(ku) = cert.data().key_usage {
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
    match &cert.data().identity_conflict {
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
