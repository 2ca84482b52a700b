//! The structured verdict a service acts on: valid or not, each check with
//! its outcome, the reason for a refusal, and the certificate's facts.

use std::sync::Arc;

use crate::cert::CertificateInfo;
use crate::error::Error;
use crate::time::Time;

/// The checks a report can contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
#[non_exhaustive]
pub enum CheckName {
    /// A path to a trust anchor with valid signatures and CA constraints.
    Chain,
    /// Every certificate of the path valid at the validation time.
    Validity,
    /// No certificate of the path revoked, on verified and fresh data.
    Revocation,
    /// Key usage, extended key usage and key kind fit the purpose.
    KeyUsage,
    /// The certificate belongs to the expected IIN or BIN.
    Identity,
    /// The holder has the required roles.
    Roles,
}

impl CheckName {
    /// The check an error belongs to.
    pub(crate) fn for_error(e: &Error) -> CheckName {
        match e {
            Error::CertExpired { .. } | Error::CertNotValidYet { .. } => CheckName::Validity,
            Error::CertRevoked { .. }
            | Error::RevocationStatusUnknown { .. }
            | Error::CrlInvalid { .. }
            | Error::OcspInvalid { .. } => CheckName::Revocation,
            _ => CheckName::Chain,
        }
    }

    /// The check's name as text (`chain`, `key-usage`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            CheckName::Chain => "chain",
            CheckName::Validity => "validity",
            CheckName::Revocation => "revocation",
            CheckName::KeyUsage => "key-usage",
            CheckName::Identity => "identity",
            CheckName::Roles => "roles",
        }
    }
}

/// How one check went.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(tag = "outcome", content = "detail", rename_all = "kebab-case")
)]
#[non_exhaustive]
pub enum Outcome {
    /// The check passed.
    Passed,
    /// The check failed, with the reason (the error, with its stable code).
    Failed(Error),
    /// The check was not performed, with the reason (by policy).
    NotChecked(String),
}

/// One check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Check {
    /// Which check.
    pub name: CheckName,
    /// How it went.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub outcome: Outcome,
}

impl Check {
    pub(crate) fn new(name: CheckName, outcome: Outcome) -> Self {
        Check { name, outcome }
    }
}

/// The verdict on one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
#[must_use]
pub struct Report {
    /// True only if every check passed.
    pub valid: bool,
    /// The time validated at.
    pub time: Time,
    /// The reason for refusal (the first failure found, the most specific one
    /// for the path).
    pub reason: Option<Error>,
    /// Every check performed, in order.
    pub checks: Vec<Check>,
    /// The certificate's facts (shared with the parsed certificate: a
    /// report does not copy them).
    pub certificate: Arc<CertificateInfo>,
    /// The validated path, end entity first, trust anchor last (empty when
    /// no path validated).
    pub chain: Vec<Arc<CertificateInfo>>,
    /// Things worth knowing that did not fail the validation (an IIN check
    /// digit that fails, as on the national CA's test certificates).
    pub warnings: Vec<String>,
}

impl Report {
    pub(crate) fn new(certificate: Arc<CertificateInfo>, time: Time) -> Self {
        Report {
            valid: true,
            time,
            reason: None,
            checks: Vec::new(),
            certificate,
            chain: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, check: Check) {
        self.checks.push(check);
    }

    pub(crate) fn fail(&mut self, e: Error) {
        self.valid = false;
        if self.reason.is_none() {
            self.reason = Some(e);
        }
    }

    /// The outcome of one check, if it was performed.
    pub fn check(&self, name: CheckName) -> Option<&Outcome> {
        self.checks
            .iter()
            .find(|c| c.name == name)
            .map(|c| &c.outcome)
    }

    /// `Ok(())` if valid, else the reason.
    pub fn result(&self) -> Result<(), Error> {
        match (&self.reason, self.valid) {
            (None, true) => Ok(()),
            (Some(e), _) => Err(e.clone()),
            (None, false) => Err(Error::Malformed {
                what: "report",
                detail: "invalid without a reason".into(),
            }),
        }
    }

    /// The report as JSON.
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}
