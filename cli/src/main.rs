//! `qoltanba`: verify the electronic digital signatures of Kazakhstan's
//! e-government from the shell.
//!
//! Exit codes: 0 valid; 1 verified and not valid (the reason is printed);
//! 2 usage error, or input that cannot be read or parsed.

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

mod bulk;
mod config;
mod demo;
mod flow;
mod input;
mod inspect;
mod json;
mod online;
mod serve;
mod sign;
mod trust;
mod verify;
mod xml;

/// mimalloc: the service and bulk verification allocate on one thread and
/// free on another, where glibc's allocator cost a sixth of a request's
/// CPU time (BENCHMARKS.md, the service's load test).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Verify Kazakh e-government signatures: documents (CMS), certificates,
/// chains, revocation, IIN/BIN and roles.
///
/// Exit codes: 0 valid; 1 verified and not valid (the reason is printed);
/// 2 usage error or unreadable input. Nothing is ever reported valid that
/// was not fully verified.
#[derive(Parser)]
#[command(name = "qoltanba", version, about, long_about)]
struct Cli {
    /// Options from this TOML file where the command line gives none
    /// (default: $QOLTANBA_CONFIG, else ~/.config/qoltanba/config.toml if
    /// it exists). `qoltanba config show` prints what applies.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<String>,
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
    /// Print the shell completion script for SHELL on stdout, e.g.
    /// `qoltanba completions bash > /etc/bash_completion.d/qoltanba`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The configuration file: `config show [SUBCOMMAND]` prints which file
    /// applies and the options it gives (to SUBCOMMAND).
    #[command(subcommand)]
    Config(ConfigCommand),
    /// The CRL cache of `--online`: `crl update` downloads, `crl status`
    /// lists.
    #[command(subcommand)]
    Crl(online::CrlCommand),
    /// Print the manual page (roff) on stdout, e.g.
    /// `qoltanba man > /usr/local/share/man/man1/qoltanba.1`.
    Man,
    /// Run the verification service: the native API under /v1/, NCANode
    /// v3's endpoints, /health, /ready, /metrics and a verification page
    /// at /, with the trust and evidence of `verify`'s options.
    Serve(Box<serve::ServeArgs>),
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Print the configuration file in use and its settings.
    Show {
        /// Show the settings as this subcommand gets them (its own table
        /// over the top level).
        subcommand: Option<String>,
    },
}

/// What a subcommand ends with.
pub(crate) enum Outcome {
    Valid,
    NotValid,
}

/// A usage or input error (exit code 2): a stable code (the library's
/// error code, `unreadable-input` for a file that cannot be read, `usage`
/// for bad arguments) and the message.
pub(crate) struct Failure {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }

    /// Bad arguments or an impossible combination of them.
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::new("usage", message)
    }

    /// `error` about `context` (a file name, an option): the code is the
    /// library's when `error` is a [`qoltanba::Error`].
    pub(crate) fn at(
        context: impl std::fmt::Display,
        error: impl std::fmt::Display + 'static,
    ) -> Self {
        Self::new(code_of(&error), format!("{context}: {error}"))
    }
}

/// The stable code of an error from the library, the file system or JSON.
fn code_of(error: &(dyn std::any::Any + 'static)) -> &'static str {
    if let Some(e) = error.downcast_ref::<qoltanba::Error>() {
        e.code()
    } else if error.is::<std::io::Error>() {
        "unreadable-input"
    } else if error.is::<serde_json::Error>() {
        "json"
    } else {
        "error"
    }
}

impl<E: std::fmt::Display + 'static> From<E> for Failure {
    fn from(e: E) -> Self {
        Self::new(code_of(&e), e.to_string())
    }
}

/// Prints a failure on stderr: one line of text, or with `--format json`
/// `{"error": {"code": ..., "message": ...}}` on stdout, where a script
/// reads the reports.
fn report_failure(failure: &Failure, json: bool) {
    if json {
        let value = serde_json::json!({
            "error": { "code": failure.code, "message": failure.message }
        });
        println!("{}", json::render(json::ERROR, &value, true));
    } else {
        eprintln!("qoltanba: {}", failure.message);
    }
}

/// True when the arguments ask for JSON output (`--format json` or
/// `--format=json`): used before and after clap has parsed them.
fn wants_json(args: &[std::ffi::OsString]) -> bool {
    args.windows(2)
        .any(|w| w[0] == "--format" && (w[1] == "json" || w[1] == "jsonl"))
        || args
            .iter()
            .any(|a| a == "--format=json" || a == "--format=jsonl")
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
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let json = wants_json(&args);
    let configured = config::Config::load(&mut args)
        .and_then(|c| c.apply(&mut args, &Cli::command()).map(|()| c));
    let config = match configured {
        Ok(c) => c,
        Err(failure) => {
            report_failure(&failure, json);
            return ExitCode::from(2);
        }
    };
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        // --help and --version print as usual; usage errors as JSON too.
        Err(e) if json && e.use_stderr() => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or_default();
            report_failure(&Failure::usage(first.trim_start_matches("error: ")), true);
            return ExitCode::from(2);
        }
        Err(e) => e.exit(),
    };
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
        Command::Completions { shell } => {
            let mut cli = Cli::command();
            clap_complete::generate(shell, &mut cli, "qoltanba", &mut std::io::stdout());
            Ok(Outcome::Valid)
        }
        Command::Config(ConfigCommand::Show { subcommand }) => {
            show_config(&config, subcommand.as_deref())
        }
        Command::Crl(command) => online::run(&command),
        Command::Serve(args) => serve::run(&args),
        Command::Man => {
            match clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()) {
                // `qoltanba man | head` closes the pipe early: not an error.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::from(e)),
                _ => Ok(Outcome::Valid),
            }
        }
    };
    match result {
        Ok(Outcome::Valid) => ExitCode::SUCCESS,
        Ok(Outcome::NotValid) => ExitCode::from(1),
        Err(failure) => {
            report_failure(&failure, json);
            ExitCode::from(2)
        }
    }
}

/// `qoltanba config show`: the file, and each option with its values.
fn show_config(config: &config::Config, subcommand: Option<&str>) -> Result<Outcome, Failure> {
    match &config.path {
        Some(p) => println!("# {}", p.display()),
        None => println!("# no configuration file"),
    }
    for (key, values) in config.settings(subcommand.unwrap_or(""))? {
        match values.as_slice() {
            [] => println!("{key} = true"),
            [one] => println!("{key} = {one:?}"),
            many => println!("{key} = {many:?}"),
        }
    }
    Ok(Outcome::Valid)
}
