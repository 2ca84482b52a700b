//! What a validation asks: the verifier's [`Policy`] (fixed when it is
//! built) and the per-call [`Options`] (time, purpose, identity, roles,
//! extra certificates and revocation data). Plain data, read by path
//! validation, the document layers and the verifier.

use crate::cert::Certificate;
use crate::identity::{Bin, Iin};
use crate::revocation::{Crl, OcspResponse, RevocationStore};
use crate::time::Time;
use crate::vocabulary::Role;

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
#[must_use]
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
    /// (CAdES-T) with [`Error::TimestampMissing`](crate::Error::TimestampMissing). Default: false.
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
    pub fn revocation(mut self, mode: RevocationMode) -> Self {
        self.revocation = mode;
        self
    }

    /// Allows or refuses SHA-1 signatures.
    pub fn legacy_algorithms(mut self, allow: bool) -> Self {
        self.allow_legacy_algorithms = allow;
        self
    }

    /// Requires (or not) a SIGN key for document signing.
    pub fn sign_key_required(mut self, required: bool) -> Self {
        self.require_sign_key = required;
        self
    }

    /// Checks (or not) the revocation of intermediate CAs.
    pub fn ca_revocation(mut self, check: bool) -> Self {
        self.check_ca_revocation = check;
        self
    }

    /// Trusts (or not) the signingTime attribute as the validation time of
    /// a signer without a valid time-stamp.
    pub fn trusted_signing_time(mut self, trust: bool) -> Self {
        self.trust_signing_time = trust;
        self
    }

    /// Requires (or not) a signature time-stamp on every document signer.
    pub fn timestamp_required(mut self, required: bool) -> Self {
        self.require_timestamp = required;
        self
    }

    /// Sets how far signingTime may lie after the time-stamp's genTime.
    pub fn max_clock_skew(mut self, skew: std::time::Duration) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// Sets how long an OCSP response without nextUpdate stays usable.
    pub fn ocsp_max_age(mut self, age: std::time::Duration) -> Self {
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
#[must_use]
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
    pub fn intermediates(mut self, certs: impl IntoIterator<Item = Certificate>) -> Self {
        self.intermediates.extend(certs);
        self
    }

    /// Adds CRLs for this validation.
    pub fn crls(mut self, crls: impl IntoIterator<Item = Crl>) -> Self {
        for crl in crls {
            self.crls.add(crl);
        }
        self
    }

    /// Adds OCSP responses for this validation (used after their own
    /// verification, like CRLs).
    pub fn ocsp(mut self, responses: impl IntoIterator<Item = OcspResponse>) -> Self {
        for r in responses {
            self.crls.add_ocsp(r);
        }
        self
    }
}
