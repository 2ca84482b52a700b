//! `qoltanba request verify` and `qoltanba licence verify`: the documents of
//! the e-government flow (JSON payloads inside CAdES), verified as
//! docs/domain.md describes: by channel for requests, by signer policy and
//! term for licences.

use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use qoltanba::{
    Bin, Channel, CoSigners, Identifiers, Language, LicencePolicy, LicenceSigner, RequestPolicy,
    Role, Verdict,
};
use serde::Serialize;

use crate::input::read;
use crate::json;
use crate::trust::{Format, TrustArgs};
use crate::{Failure, Outcome};

/// `qoltanba request ...`.
#[derive(Subcommand)]
pub(crate) enum RequestCommand {
    /// Verify a signed request: the payload, then the signer its channel
    /// asks for (portal: the applicant or the representative; service
    /// centre: an operator; provider: the provider's employee), then any
    /// co-signers.
    Verify(Box<RequestVerifyArgs>),
    /// Sign a request (JSON) as the applicant, representative, operator or
    /// employee; the certificate is checked first (condition 3).
    Sign(Box<crate::sign::PayloadArgs>),
}

/// `qoltanba licence ...`.
#[derive(Subcommand)]
pub(crate) enum LicenceCommand {
    /// Verify a licence: the payload, a signer of the issuing body the
    /// signer policy accepts, co-signers, and that the licence is in force
    /// (status, issue date, valid_until) at the validation time.
    Verify(Box<LicenceVerifyArgs>),
    /// Issue a licence (JSON): sign it for the issuing body; the
    /// certificate is checked first.
    Issue(Box<crate::sign::PayloadArgs>),
}

/// Language of the refusal message.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LangArg {
    /// Kazakh.
    Kk,
    /// Russian.
    Ru,
    /// English.
    En,
}

impl From<LangArg> for Language {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Kk => Language::Kk,
            LangArg::Ru => Language::Ru,
            LangArg::En => Language::En,
        }
    }
}

/// The channel a request arrived by.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ChannelArg {
    /// The e-government portal: the applicant signs.
    Portal,
    /// A service centre: an operator certifies the request.
    ServiceCentre,
    /// The provider, on paper: its employee certifies the request.
    Provider,
}

impl From<ChannelArg> for Channel {
    fn from(c: ChannelArg) -> Self {
        match c {
            ChannelArg::Portal => Channel::Portal,
            ChannelArg::ServiceCentre => Channel::ServiceCentre,
            ChannelArg::Provider => Channel::Provider,
        }
    }
}

/// What co-signers' failures do.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CoSignersArg {
    /// A failing co-signer refuses the document (with its own headline).
    Refuse,
    /// Co-signers are reported and refuse nothing.
    Report,
}

impl From<CoSignersArg> for CoSigners {
    fn from(c: CoSignersArg) -> Self {
        match c {
            CoSignersArg::Refuse => CoSigners::Refuse,
            CoSignersArg::Report => CoSigners::Report,
        }
    }
}

/// Who may sign a licence.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SignerArg {
    /// An authorised person of the issuing body: first head or right to
    /// sign.
    Authorised,
    /// Any employee of the issuing body (or an authorised person).
    Employee,
}

impl From<SignerArg> for LicenceSigner {
    fn from(s: SignerArg) -> Self {
        match s {
            SignerArg::Authorised => LicenceSigner::Authorised,
            SignerArg::Employee => LicenceSigner::Employee,
        }
    }
}

/// Options of both verifying subcommands.
#[derive(Args)]
pub(crate) struct CommonFlowArgs {
    /// The signed document (CMS: DER, PEM or base64); `-` reads stdin.
    file: String,
    /// Language of the refusal message.
    #[arg(long, value_enum, default_value = "en")]
    lang: LangArg,
    /// What co-signers' failures do.
    #[arg(long, value_enum, default_value = "refuse")]
    cosigners: CoSignersArg,
    /// Accept the national CA's test identifiers (IIN 123456789011,
    /// 123456789012, BIN 123456789021) with a warning; implied by
    /// `--trust-profile nca-test`.
    #[arg(long)]
    test_identifiers: bool,
    /// A time budget in milliseconds: over it the verdict is "not
    /// confirmed: time budget exceeded".
    #[arg(long, value_name = "MS")]
    deadline: Option<u64>,
    /// Write a verification receipt (JSON) to FILE.
    #[arg(long, value_name = "FILE")]
    receipt: Option<String>,
    #[command(flatten)]
    trust: TrustArgs,
}

impl CommonFlowArgs {
    fn identifiers(&self) -> Identifiers {
        if self.test_identifiers {
            Identifiers::AllowTest
        } else {
            Identifiers::Strict
        }
    }
}

#[derive(Args)]
pub(crate) struct RequestVerifyArgs {
    /// The channel the request arrived by (default: the one it names; a
    /// request naming another channel is refused).
    #[arg(long, value_enum)]
    channel: Option<ChannelArg>,
    /// The BIN of a service centre whose operators may certify requests
    /// (repeatable).
    #[arg(long, value_name = "BIN")]
    service_centre_bin: Vec<String>,
    /// The BIN of a provider whose employees may certify requests received
    /// on paper (repeatable).
    #[arg(long, value_name = "BIN")]
    provider_bin: Vec<String>,
    /// Roles that may sign for an organisation applicant (default:
    /// first-head and right-to-sign).
    #[arg(long, value_name = "ROLE")]
    signing_role: Vec<String>,
    /// Roles an operator or employee must hold to certify a request
    /// (default: employee).
    #[arg(long, value_name = "ROLE")]
    certifier_role: Vec<String>,
    #[command(flatten)]
    common: CommonFlowArgs,
}

#[derive(Args)]
pub(crate) struct LicenceVerifyArgs {
    /// Who may sign the licence for the issuing body.
    #[arg(long, value_enum, default_value = "authorised")]
    signer: SignerArg,
    #[command(flatten)]
    common: CommonFlowArgs,
}

fn roles(names: &[String], flag: &str) -> Result<Option<Vec<Role>>, Failure> {
    if names.is_empty() {
        return Ok(None);
    }
    names
        .iter()
        .map(|r| {
            Role::from_name(r).ok_or_else(|| Failure::usage(format!("{flag} {r}: unknown role")))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn bins(values: &[String], flag: &str) -> Result<Vec<Bin>, Failure> {
    values
        .iter()
        .map(|b| Bin::parse(b).map_err(|e| Failure::usage(format!("{flag} {b}: {e}"))))
        .collect()
}

impl RequestVerifyArgs {
    fn policy(&self) -> Result<RequestPolicy, Failure> {
        let mut p = RequestPolicy::new()
            .cosigners(self.common.cosigners.into())
            .identifiers(self.common.identifiers());
        if let Some(c) = self.channel {
            p = p.channel(c.into());
        }
        for b in bins(&self.service_centre_bin, "--service-centre-bin")? {
            p = p.service_centre_bin(b);
        }
        for b in bins(&self.provider_bin, "--provider-bin")? {
            p = p.provider_bin(b);
        }
        if let Some(r) = roles(&self.signing_role, "--signing-role")? {
            p = p.signing_roles(r);
        }
        if let Some(r) = roles(&self.certifier_role, "--certifier-role")? {
            p = p.certifier_roles(r);
        }
        if let Some(ms) = self.common.deadline {
            p = p.deadline(Duration::from_millis(ms));
        }
        Ok(p)
    }
}

impl LicenceVerifyArgs {
    fn policy(&self) -> LicencePolicy {
        let mut p = LicencePolicy::new()
            .signer(self.signer.into())
            .cosigners(self.common.cosigners.into())
            .identifiers(self.common.identifiers());
        if let Some(ms) = self.common.deadline {
            p = p.deadline(Duration::from_millis(ms));
        }
        p
    }
}

pub(crate) fn request(command: &RequestCommand) -> Result<Outcome, Failure> {
    match command {
        RequestCommand::Verify(args) => {
            let c = &args.common;
            let bytes = read(&c.file)?;
            let verifier = c.trust.verifier()?;
            let policy = args.policy()?;
            let verdict = verifier.verify_request(&bytes, &c.trust.options()?, &policy);
            write_receipt(&verifier, "request", &bytes, &verdict, c)?;
            print(&verdict, c)
        }
        RequestCommand::Sign(args) => crate::sign::request(args).map(|()| Outcome::Valid),
    }
}

pub(crate) fn licence(command: &LicenceCommand) -> Result<Outcome, Failure> {
    match command {
        LicenceCommand::Verify(args) => {
            let c = &args.common;
            let bytes = read(&c.file)?;
            let verifier = c.trust.verifier()?;
            let verdict = verifier.verify_licence(&bytes, &c.trust.options()?, &args.policy());
            write_receipt(&verifier, "licence", &bytes, &verdict, c)?;
            print(&verdict, c)
        }
        LicenceCommand::Issue(args) => crate::sign::licence(args).map(|()| Outcome::Valid),
    }
}

/// Writes the verification receipt to `--receipt FILE`, if asked (also for
/// a document that could not be read: the receipt records the refusal).
fn write_receipt<T>(
    verifier: &qoltanba::Verifier,
    kind: &'static str,
    document: &[u8],
    verdict: &Verdict<T>,
    args: &CommonFlowArgs,
) -> Result<(), Failure> {
    let Some(path) = &args.receipt else {
        return Ok(());
    };
    let receipt = verifier.receipt(kind, document, verdict)?;
    std::fs::write(path, receipt.to_json() + "\n").map_err(|e| Failure::at(path, e))
}

fn print<T: Serialize>(verdict: &Verdict<T>, args: &CommonFlowArgs) -> Result<Outcome, Failure> {
    // A document that is not CMS at all is an input error (exit 2), as for
    // `qoltanba verify`; everything that parsed gets a verdict.
    if verdict.document.is_none() {
        if let Some(e) = &verdict.reason {
            return Err(Failure::at(&args.file, e.clone()));
        }
    }
    match args.trust.format {
        Format::Json => println!("{}", json::render(json::VERDICT, verdict, false)),
        Format::Jsonl => println!("{}", json::render(json::VERDICT, verdict, true)),
        Format::Text => print_text(verdict, args.lang.into())?,
    }
    Ok(if verdict.valid {
        Outcome::Valid
    } else {
        Outcome::NotValid
    })
}

fn print_text<T: Serialize>(verdict: &Verdict<T>, lang: Language) -> Result<(), Failure> {
    if verdict.valid {
        println!("VALID");
    } else {
        let code = verdict
            .refusal
            .map(|r| r.code())
            .unwrap_or("eds-not-confirmed");
        println!(
            "REFUSED [{code}] {}",
            verdict.message(lang).unwrap_or_default()
        );
        if let Some(e) = &verdict.reason {
            println!("  reason: [{}] {e}", e.code());
        }
    }
    if let Some(c) = verdict.channel {
        println!("channel: {}", c.as_str());
    }
    for w in &verdict.warnings {
        println!("warning: {w}");
    }
    if let Some(p) = &verdict.payload {
        println!("payload: {}", serde_json::to_string(p)?);
    }
    for s in &verdict.signers {
        let part = serde_json::to_value(s.part)?;
        let who = s.subject.as_deref().unwrap_or("certificate not found");
        match (s.valid, s.refusal) {
            (true, _) => println!(
                "signer {} ({}): valid: {who}",
                s.index + 1,
                part.as_str().unwrap_or("")
            ),
            (false, r) => println!(
                "signer {} ({}): NOT VALID [{}]: {who}",
                s.index + 1,
                part.as_str().unwrap_or(""),
                r.map(|r| r.code()).unwrap_or("eds-not-confirmed")
            ),
        }
    }
    if let Some(d) = &verdict.document {
        crate::verify::print_signers(d);
    }
    Ok(())
}
