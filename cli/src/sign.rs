//! `qoltanba sign`, `qoltanba cosign`, `qoltanba request sign` and
//! `qoltanba licence issue`: making signed documents with a key from a
//! PKCS#12 file (the national CA's `.p12`) or a PKCS#8 file.

use std::path::Path;

use base64::Engine;
use clap::Args;
use qoltanba::{
    check_signing_certificate, cosign_document, issue_licence, sign_document, sign_request,
    Certificate, KeyBundle, Licence, Request, SignOptions, SigningKey, Time,
};

use crate::input::read;
use crate::Failure;

/// Where the key comes from and how the signature is written.
#[derive(Args)]
pub(crate) struct KeyArgs {
    /// The signing key: a PKCS#12 file (`.p12`/`.pfx`, with its certificate
    /// and chain) or a PKCS#8 private key (PEM or DER, with `--cert`).
    #[arg(long, value_name = "P12|PEM")]
    key: String,
    /// The environment variable holding the PKCS#12 password (never on the
    /// command line, where other users of the machine could read it).
    #[arg(long, value_name = "VAR")]
    password_env: Option<String>,
    /// The signer's certificate, for a PKCS#8 key.
    #[arg(long, value_name = "FILE")]
    cert: Option<String>,
    /// More certificates to carry in the document (the signer's chain).
    #[arg(long, value_name = "FILE")]
    chain: Vec<String>,
    /// The signingTime to put in the signature (RFC 3339; default now).
    #[arg(long, value_name = "RFC3339")]
    at: Option<String>,
    /// Write the document here (DER); without it, PEM goes to stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<String>,
    /// Sign even when the certificate fails the checks before signing
    /// (expired or not yet valid at the signing time, an AUTH key, a CA
    /// certificate); the refusal is then printed as a warning.
    #[arg(long)]
    force: bool,
}

/// A key with its certificate and chain.
pub(crate) struct LoadedKey {
    key: SigningKey,
    cert: Certificate,
    chain: Vec<Certificate>,
}

impl KeyArgs {
    fn load(&self) -> Result<LoadedKey, Failure> {
        let bytes = read(&self.key)?;
        let is_p12 = Path::new(&self.key)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("p12") || e.eq_ignore_ascii_case("pfx"))
            || self.password_env.is_some();
        let mut loaded = if is_p12 {
            let password = match &self.password_env {
                Some(var) => std::env::var(var).map_err(|_| {
                    Failure::usage(format!("--password-env {var}: variable not set"))
                })?,
                None => {
                    return Err(Failure::usage(format!(
                        "{}: a PKCS#12 file needs --password-env VAR",
                        self.key
                    )))
                }
            };
            let (key, cert, chain) = KeyBundle::from_pkcs12(&bytes, &password)
                .map_err(|e| Failure::at(&self.key, e))?
                .into_parts();
            LoadedKey { key, cert, chain }
        } else {
            let key = SigningKey::from_pkcs8(&bytes).map_err(|e| Failure::at(&self.key, e))?;
            let cert_path = self
                .cert
                .as_deref()
                .ok_or_else(|| Failure::usage("a PKCS#8 key needs --cert FILE".to_owned()))?;
            let cert =
                Certificate::from_any(&read(cert_path)?).map_err(|e| Failure::at(cert_path, e))?;
            key.check_certificate(&cert)
                .map_err(|e| Failure::at(cert_path, e))?;
            LoadedKey {
                key,
                cert,
                chain: Vec::new(),
            }
        };
        for c in &self.chain {
            loaded
                .chain
                .extend(Certificate::all_from_any(&read(c)?).map_err(|e| Failure::at(c, e))?);
        }
        Ok(loaded)
    }

    fn options(&self, loaded: &LoadedKey) -> Result<SignOptions, Failure> {
        let time = match &self.at {
            Some(t) => Time::parse_rfc3339(t)
                .ok_or_else(|| Failure::usage(format!("--at {t}: not an RFC 3339 time")))?,
            None => Time::now(),
        };
        // The regulations' order: check the certificate, then sign.
        if let Err(e) = check_signing_certificate(&loaded.cert, time) {
            if !self.force {
                return Err(Failure::new(
                    e.code(),
                    format!("refusing to sign: {e} ({}; --force signs anyway)", e.code()),
                ));
            }
            eprintln!(
                "qoltanba: warning: signing despite: {e} ({}; --force)",
                e.code()
            );
        }
        Ok(SignOptions::at(time).chain(loaded.chain.iter().cloned()))
    }

    fn write(&self, document: &[u8]) -> Result<(), Failure> {
        match &self.out {
            Some(path) => std::fs::write(path, document).map_err(|e| Failure::at(path, e)),
            None => {
                let b64 = base64::engine::general_purpose::STANDARD.encode(document);
                println!("-----BEGIN CMS-----");
                for line in b64.as_bytes().chunks(64) {
                    println!("{}", String::from_utf8_lossy(line));
                }
                println!("-----END CMS-----");
                Ok(())
            }
        }
    }
}

#[derive(Args)]
pub(crate) struct SignArgs {
    /// The content to sign; `-` reads stdin.
    file: String,
    /// Leave the content out of the document (a detached signature).
    #[arg(long)]
    detached: bool,
    #[command(flatten)]
    key: KeyArgs,
}

#[derive(Args)]
pub(crate) struct CosignArgs {
    /// The signed document to add a signature to (DER, PEM or base64).
    file: String,
    /// The content, if the document is detached.
    #[arg(long, value_name = "FILE")]
    content: Option<String>,
    #[command(flatten)]
    key: KeyArgs,
}

#[derive(Args)]
pub(crate) struct PayloadArgs {
    /// The request or licence as JSON (the model of the README).
    file: String,
    #[command(flatten)]
    key: KeyArgs,
}

pub(crate) fn sign(args: &SignArgs) -> Result<(), Failure> {
    let content = read(&args.file)?;
    let loaded = args.key.load()?;
    let mut options = args.key.options(&loaded)?;
    if args.detached {
        options = options.detached();
    }
    let doc = sign_document(&content, &loaded.key, &loaded.cert, &options)?;
    args.key.write(&doc)
}

pub(crate) fn cosign(args: &CosignArgs) -> Result<(), Failure> {
    let document = read(&args.file)?;
    let content = args.content.as_deref().map(read).transpose()?;
    let loaded = args.key.load()?;
    let options = args.key.options(&loaded)?;
    let doc = cosign_document(
        &document,
        content.as_deref(),
        &loaded.key,
        &loaded.cert,
        &options,
    )
    .map_err(|e| Failure::at(&args.file, e))?;
    args.key.write(&doc)
}

pub(crate) fn request(args: &PayloadArgs) -> Result<(), Failure> {
    let request = Request::from_json(&read(&args.file)?)
        .map_err(|e| Failure::at(format!("{}: not a request", args.file), e))?;
    let loaded = args.key.load()?;
    let options = args.key.options(&loaded)?;
    let doc = sign_request(&request, &loaded.key, &loaded.cert, &options)?;
    args.key.write(&doc)
}

pub(crate) fn licence(args: &PayloadArgs) -> Result<(), Failure> {
    let licence = Licence::from_json(&read(&args.file)?)
        .map_err(|e| Failure::at(format!("{}: not a licence", args.file), e))?;
    let loaded = args.key.load()?;
    let options = args.key.options(&loaded)?;
    let doc = issue_licence(&licence, &loaded.key, &loaded.cert, &options)?;
    args.key.write(&doc)
}
