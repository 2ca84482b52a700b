//! `qoltanba request verify` and `qoltanba licence verify`: the documents of
//! the e-government flow (JSON payloads inside CAdES).

use clap::{Args, Subcommand, ValueEnum};
use qoltanba::{Language, Role, SigningRoles, Verdict};
use serde::Serialize;

use crate::input::read;
use crate::json;
use crate::trust::{Format, TrustArgs};
use crate::{Failure, Outcome};

/// `qoltanba request ...`.
#[derive(Subcommand)]
pub(crate) enum RequestCommand {
    /// Verify a signed request: signatures, signer certificates, and that
    /// the applicant (IIN, or BIN with a role that may sign for it) signed.
    Verify(FlowArgs),
    /// Sign a request (JSON) as the applicant.
    Sign(crate::sign::PayloadArgs),
}

/// `qoltanba licence ...`.
#[derive(Subcommand)]
pub(crate) enum LicenceCommand {
    /// Verify a licence: signatures, signer certificates, and that a person
    /// of the issuing organisation (its BIN) with a signing role signed.
    Verify(FlowArgs),
    /// Issue a licence (JSON): sign it as the organisation's authorised
    /// person.
    Issue(crate::sign::PayloadArgs),
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

#[derive(Args)]
pub(crate) struct FlowArgs {
    /// The signed document (CMS: DER, PEM or base64); `-` reads stdin.
    file: String,
    /// Roles that may sign for an organisation (default: first-head and
    /// right-to-sign).
    #[arg(long, value_name = "ROLE")]
    signing_role: Vec<String>,
    /// Language of the refusal message.
    #[arg(long, value_enum, default_value = "en")]
    lang: LangArg,
    #[command(flatten)]
    trust: TrustArgs,
}

impl FlowArgs {
    fn roles(&self) -> Result<SigningRoles, Failure> {
        if self.signing_role.is_empty() {
            return Ok(SigningRoles::default());
        }
        self.signing_role
            .iter()
            .map(|r| {
                Role::from_name(r)
                    .ok_or_else(|| Failure::usage(format!("--signing-role {r}: unknown role")))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(SigningRoles)
    }
}

pub(crate) fn request(command: &RequestCommand) -> Result<Outcome, Failure> {
    match command {
        RequestCommand::Verify(args) => {
            let bytes = read(&args.file)?;
            let verifier = args.trust.verifier()?;
            let verdict = verifier.verify_request(&bytes, &args.trust.options()?, &args.roles()?);
            print(&verdict, args)
        }
        RequestCommand::Sign(args) => crate::sign::request(args).map(|()| Outcome::Valid),
    }
}

pub(crate) fn licence(command: &LicenceCommand) -> Result<Outcome, Failure> {
    match command {
        LicenceCommand::Verify(args) => {
            let bytes = read(&args.file)?;
            let verifier = args.trust.verifier()?;
            let verdict = verifier.verify_licence(&bytes, &args.trust.options()?, &args.roles()?);
            print(&verdict, args)
        }
        LicenceCommand::Issue(args) => crate::sign::licence(args).map(|()| Outcome::Valid),
    }
}

fn print<T: Serialize>(verdict: &Verdict<T>, args: &FlowArgs) -> Result<Outcome, Failure> {
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
        Format::Text => {
            if verdict.valid {
                println!("VALID");
            } else {
                let message = verdict
                    .refusal
                    .map(|r| format!("[{}] {}", r.code(), r.message(args.lang.into())))
                    .unwrap_or_default();
                println!("REFUSED {message}");
                if let Some(e) = &verdict.reason {
                    println!("  reason: [{}] {e}", e.code());
                }
            }
            if let Some(p) = &verdict.payload {
                println!("payload: {}", serde_json::to_string(p)?);
            }
            if let Some(d) = &verdict.document {
                crate::verify::print_signers(d);
            }
        }
    }
    Ok(if verdict.valid {
        Outcome::Valid
    } else {
        Outcome::NotValid
    })
}
