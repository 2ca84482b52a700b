//! The options every verifying subcommand shares: trust, intermediates,
//! revocation data, time, identity, roles, purpose, output format.

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
    Text,
    Json,
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
    /// Trusted roots: PEM bundles, DER files, or a directory of them.
    #[arg(long, value_name = "FILE|DIR")]
    trust: Vec<String>,
    /// Bundled roots to trust.
    #[arg(long, value_enum, default_value = "nca")]
    trust_profile: ProfileArg,
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
    /// Do not check revocation (the report says so).
    #[arg(long)]
    no_revocation: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: Format,
}

impl TrustArgs {
    /// The verifier these options describe.
    pub(crate) fn verifier(&self) -> Result<Verifier, Failure> {
        let mut b = Verifier::builder();
        b = match self.trust_profile {
            ProfileArg::Nca => b.trust_profile(TrustProfile::Nca)?,
            ProfileArg::NcaTest => b.trust_profile(TrustProfile::NcaTest)?,
            ProfileArg::None => b,
        };
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
        let mut policy = Policy::new();
        if self.no_revocation {
            policy = policy.revocation(RevocationMode::Off);
        }
        Ok(b.policy(policy).build())
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
