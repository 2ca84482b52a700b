//! `qoltanba`: verify the electronic digital signatures of Kazakhstan's
//! e-government from the shell.
//!
//! Exit codes: 0 valid; 1 verified and not valid (the reason is printed);
//! 2 usage error, or input that cannot be read or parsed.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod bulk;
mod flow;
mod input;
mod inspect;
mod trust;
mod verify;

/// Verify Kazakh e-government signatures: documents (CMS), certificates,
/// chains, revocation, IIN/BIN and roles.
///
/// Exit codes: 0 valid; 1 verified and not valid (the reason is printed);
/// 2 usage error or unreadable input. Nothing is ever reported valid that
/// was not fully verified.
#[derive(Parser)]
#[command(name = "qoltanba", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Verify a signed document (CMS in DER, PEM or base64; `-` reads stdin).
    Verify(verify::DocumentArgs),
    /// Validate one certificate (PEM or DER) without a document.
    VerifyCert(verify::CertArgs),
    /// Show a certificate, CRL or CMS document. Verifies nothing.
    Inspect(inspect::InspectArgs),
    /// Verify every document of a directory (or a list file) in parallel;
    /// print counts by verdict and reason, and documents per second.
    VerifyBulk(bulk::BulkArgs),
    /// Requests of the e-government flow (JSON inside CAdES).
    #[command(subcommand)]
    Request(flow::RequestCommand),
    /// Licences of the e-government flow (JSON inside CAdES).
    #[command(subcommand)]
    Licence(flow::LicenceCommand),
}

/// What a subcommand ends with.
pub(crate) enum Outcome {
    Valid,
    NotValid,
}

/// A usage or input error (exit code 2).
pub(crate) struct Failure(pub(crate) String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Verify(args) => verify::document(&args),
        Command::VerifyCert(args) => verify::certificate(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::VerifyBulk(args) => bulk::run(&args),
        Command::Request(command) => flow::request(&command),
        Command::Licence(command) => flow::licence(&command),
    };
    match result {
        Ok(Outcome::Valid) => ExitCode::SUCCESS,
        Ok(Outcome::NotValid) => ExitCode::from(1),
        Err(Failure(message)) => {
            eprintln!("qoltanba: {message}");
            ExitCode::from(2)
        }
    }
}
