//! `qoltanba`: verify the electronic digital signatures of Kazakhstan's
//! e-government from the shell.
//!
//! Exit codes: 0 valid; 1 verified and not valid (the reason is printed);
//! 2 usage error, or input that cannot be read or parsed.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod bulk;
mod demo;
mod flow;
mod input;
mod inspect;
mod sign;
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
    /// Walk the regulations' flow on the bundled demo PKI and print each
    /// verdict (exit 0 when every verdict is the expected one).
    Demo,
    /// Sign content: CAdES-BES, attached or detached, with a key from a
    /// PKCS#12 or PKCS#8 file.
    Sign(sign::SignArgs),
    /// Add a signature to a signed document, keeping the others intact.
    Cosign(sign::CosignArgs),
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

/// A closed output pipe (`qoltanba verify ... | head`) ends the program
/// quietly; any other panic is a bug, reported in one line. Either way the
/// exit code is 2, never 0.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if !message.contains("Broken pipe") {
            eprintln!("qoltanba: internal error ({message}); please report it");
        }
        std::process::exit(2);
    }));
}

fn main() -> ExitCode {
    install_panic_hook();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Verify(args) => verify::document(&args),
        Command::VerifyCert(args) => verify::certificate(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::VerifyBulk(args) => bulk::run(&args),
        Command::Demo => demo::run(),
        Command::Sign(args) => sign::sign(&args).map(|()| Outcome::Valid),
        Command::Cosign(args) => sign::cosign(&args).map(|()| Outcome::Valid),
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
