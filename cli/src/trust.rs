//! The options every verifying subcommand shares: trust, intermediates,
//! revocation data, time, identity, roles, purpose, output format.

use std::time::Duration;

use clap::{Args, ValueEnum};
use qoltanba::{
    Bin, Certificate, Crl, Iin, Options, Policy, Purpose, RevocationMode, Role, Time, TrustProfile,
    Verifier,
};

use crate::input::{read, read_file_or_dir};
use crate::Failure;

/// Output format.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Text for people.
    Text,
    /// One JSON document.
    Json,
    /// JSON Lines: `verify-bulk` writes one line per document as it
    /// completes, then a summary line; other commands write one line.
    Jsonl,
}

/// Bundled trust profiles.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ProfileArg {
    /// The national CA's production roots.
    Nca,
    /// The national CA's test hierarchies.
    NcaTest,
    /// No bundled roots (only --trust).
    None,
}

/// How revocation is checked.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RevocationArg {
    /// Every certificate below the root needs fresh, verified evidence
    /// (CRL or OCSP); unknown status is a refusal.
    Required,
    /// Use evidence where the issuer has some; a certificate whose issuer
    /// has none at all passes (stale or refused evidence still fails).
    IfAvailable,
    /// No revocation check (the report says so).
    Off,
}

/// What the certificate must be good for.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PurposeArg {
    /// Document signing: a SIGN key (key usage, EKU, never AUTH).
    Sign,
    /// No signing-key checks.
    Any,
}

#[derive(Args)]
pub(crate) struct TrustArgs {
    /// Trusted roots: PEM bundles, DER files, or a directory of them. They
    /// are added to the roots of --trust-profile (give `--trust-profile
    /// none` to trust only these).
    #[arg(long, value_name = "FILE|DIR")]
    trust: Vec<String>,
    /// Bundled roots to trust; repeat to combine profiles (a national test
    /// document time-stamped by the production TSA needs `nca-test` and
    /// `nca`). `none` stands alone.
    #[arg(long, value_enum, default_value = "nca")]
    trust_profile: Vec<ProfileArg>,
    /// Untrusted certificates: intermediates, or the signer's own certificate.
    #[arg(long, value_name = "FILE")]
    intermediate: Vec<String>,
    /// CRLs and delta CRLs (DER, PEM or base64).
    #[arg(long, value_name = "FILE")]
    crl: Vec<String>,
    /// OCSP responses (DER or base64), verified and used as revocation
    /// evidence alongside or instead of CRLs.
    #[arg(long, value_name = "FILE")]
    ocsp: Vec<String>,
    /// Validate at this instant (RFC 3339) instead of now.
    #[arg(long, value_name = "RFC3339")]
    at: Option<String>,
    /// The certificate must belong to this IIN.
    #[arg(long, conflicts_with = "bin")]
    iin: Option<String>,
    /// The certificate must belong to an organisation with this BIN.
    #[arg(long)]
    bin: Option<String>,
    /// A role the holder must have (individual, legal-entity, first-head,
    /// right-to-sign, financial, human-resources, employee, ...).
    #[arg(long, value_name = "ROLE")]
    role: Vec<String>,
    /// What the key must be good for.
    #[arg(long, value_enum, default_value = "sign")]
    purpose: PurposeArg,
    /// How revocation is checked.
    #[arg(long, value_enum, value_name = "MODE", default_value = "required")]
    revocation: RevocationArg,
    /// Do not check revocation: the same as `--revocation off`.
    #[arg(long, conflicts_with = "revocation")]
    no_revocation: bool,
    /// Do not check the revocation of intermediate CAs (only the end
    /// entity's).
    #[arg(long)]
    no_ca_revocation: bool,
    /// Refuse a document signer without a signature time-stamp (CAdES-T).
    #[arg(long)]
    require_timestamp: bool,
    /// Validate a document signer at its signingTime attribute when it has
    /// no time-stamp (the signer's claim, not evidence: off by default).
    #[arg(long)]
    trust_signing_time: bool,
    /// Accept SHA-1 signatures (legacy documents and CRLs).
    #[arg(long)]
    legacy_algorithms: bool,
    /// For document signing, require a SIGN key also from CAs other than the
    /// national CA (whose certificates always say SIGN or AUTH).
    #[arg(long)]
    sign_key_required: bool,
    /// How long an OCSP response without nextUpdate stays usable, in
    /// seconds (default: one day).
    #[arg(long, value_name = "SECONDS")]
    ocsp_max_age: Option<u64>,
    /// How far evidence (a time-stamp, an OCSP response) may be dated after
    /// the validation time, in seconds (default: 300).
    #[arg(long, value_name = "SECONDS")]
    clock_skew: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: Format,
    /// Live evidence (issue 16).
    #[command(flatten)]
    pub(crate) online: crate::online::OnlineArgs,
}

impl TrustArgs {
    /// The verifier these options describe; with `--online`, plus every
    /// good CRL of the cache (each address refreshed first).
    pub(crate) fn verifier(&self) -> Result<Verifier, Failure> {
        let verifier = self.base_verifier()?;
        self.online.with_cached_crls(verifier, self.at_time()?)
    }

    /// The verifier these options describe, without the cache's CRLs.
    pub(crate) fn base_verifier(&self) -> Result<Verifier, Failure> {
        let mut b = Verifier::builder();
        if self.trust_profile.len() > 1 && self.trust_profile.contains(&ProfileArg::None) {
            return Err(Failure::usage(
                "--trust-profile none cannot be combined with another profile",
            ));
        }
        for profile in &self.trust_profile {
            b = match profile {
                ProfileArg::Nca => b.trust_profile(TrustProfile::Nca)?,
                ProfileArg::NcaTest => b.trust_profile(TrustProfile::NcaTest)?,
                ProfileArg::None => b,
            };
        }
        for t in &self.trust {
            for (name, bytes) in read_file_or_dir(t)? {
                for c in Certificate::all_from_any(&bytes).map_err(|e| Failure::at(name, e))? {
                    b = b.trust(c);
                }
            }
        }
        for i in &self.intermediate {
            for c in Certificate::all_from_any(&read(i)?).map_err(|e| Failure::at(i, e))? {
                b = b.intermediate(c);
            }
        }
        for c in &self.crl {
            for crl in Crl::all_from_any(&read(c)?).map_err(|e| Failure::at(c, e))? {
                b = b.crl(crl);
            }
        }
        for o in &self.ocsp {
            b = b.ocsp_any(&read(o)?).map_err(|e| Failure::at(o, e))?;
        }
        Ok(b.policy(self.policy()).build())
    }

    /// The policy the flags describe (the library's defaults otherwise).
    pub(crate) fn policy(&self) -> Policy {
        let revocation = match (self.no_revocation, self.revocation) {
            (true, _) | (false, RevocationArg::Off) => RevocationMode::Off,
            (false, RevocationArg::IfAvailable) => RevocationMode::IfAvailable,
            (false, RevocationArg::Required) => RevocationMode::Required,
        };
        let mut policy = Policy::new()
            .revocation(revocation)
            .ca_revocation(!self.no_ca_revocation)
            .timestamp_required(self.require_timestamp)
            .trusted_signing_time(self.trust_signing_time)
            .legacy_algorithms(self.legacy_algorithms)
            .sign_key_required(self.sign_key_required);
        if let Some(seconds) = self.ocsp_max_age {
            policy = policy.ocsp_max_age(Duration::from_secs(seconds));
        }
        if let Some(seconds) = self.clock_skew {
            policy = policy.max_clock_skew(Duration::from_secs(seconds));
        }
        policy
    }

    /// The `--at` time, if given.
    pub(crate) fn at_time(&self) -> Result<Option<Time>, Failure> {
        self.at
            .as_ref()
            .map(|t| {
                Time::parse_rfc3339(t)
                    .ok_or_else(|| Failure::usage(format!("--at {t}: not an RFC 3339 time")))
            })
            .transpose()
    }

    /// The per-validation options.
    pub(crate) fn options(&self) -> Result<Options, Failure> {
        let time = match &self.at {
            Some(t) => Time::parse_rfc3339(t)
                .ok_or_else(|| Failure::usage(format!("--at {t}: not an RFC 3339 time")))?,
            None => Time::now(),
        };
        let mut o = Options::at(time).purpose(match self.purpose {
            PurposeArg::Sign => Purpose::DocumentSigning,
            PurposeArg::Any => Purpose::Any,
        });
        if let Some(iin) = &self.iin {
            o = o.expect_iin(Iin::parse(iin).map_err(|e| Failure::at(format!("--iin {iin}"), e))?);
        }
        if let Some(bin) = &self.bin {
            o = o.expect_bin(Bin::parse(bin).map_err(|e| Failure::at(format!("--bin {bin}"), e))?);
        }
        for r in &self.role {
            o = o.require_role(
                Role::from_name(r)
                    .ok_or_else(|| Failure::usage(format!("--role {r}: unknown role")))?,
            );
        }
        Ok(o)
    }
}
