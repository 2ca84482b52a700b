//! `qoltanba sign`, `qoltanba cosign`, `qoltanba request sign` and
//! `qoltanba licence issue`: making signed documents with a key from a
//! PKCS#12 file (the national CA's `.p12`) or a PKCS#8 file.

use std::path::Path;

use base64::Engine;
use clap::Args;
use qoltanba::{
    check_licence_signer, check_request_signer, check_signing_certificate, cosign_document,
    issue_licence, sign_document, sign_request, Certificate, Error, Identifiers, KeyBundle,
    Language, Licence, LicenceSigner, Refusal, Request, SignOptions, SigningKey, Time, Verifier,
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
    /// certificate, revoked by a given CRL; for a request, not the
    /// applicant's IIN/BIN); the refusal is then printed as a warning.
    #[arg(long)]
    force: bool,
    /// CRLs to check the certificate's revocation against before signing
    /// (with `--trust` and the chain; without them revocation is checked
    /// when the document is verified).
    #[arg(long, value_name = "FILE")]
    crl: Vec<String>,
    /// Trusted roots for the revocation check before signing.
    #[arg(long, value_name = "FILE")]
    trust: Vec<String>,
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

    fn time(&self) -> Result<Time, Failure> {
        match &self.at {
            Some(t) => Time::parse_rfc3339(t)
                .ok_or_else(|| Failure::usage(format!("--at {t}: not an RFC 3339 time"))),
            None => Ok(Time::now()),
        }
    }

    /// The signing options after the checks before signing (the
    /// regulations' order: check the certificate, then sign): `check` is
    /// the document kind's own check (condition 3 for a request), then
    /// revocation against `--crl` when given. A failure refuses with the
    /// error's code and the refusal's, unless `--force`, which signs, says
    /// what it overrode, and marks the options unchecked.
    fn options_checked(
        &self,
        loaded: &LoadedKey,
        check: impl Fn(&Certificate, Time) -> Result<(), Error>,
        refusal_of: fn(&Error) -> Refusal,
    ) -> Result<SignOptions, Failure> {
        let time = self.time()?;
        let result = check(&loaded.cert, time).and_then(|()| self.check_revocation(loaded, time));
        let options = SignOptions::at(time).chain(loaded.chain.iter().cloned());
        match result {
            Ok(()) => Ok(options),
            Err(e) => {
                let refusal = refusal_of(&e);
                let cause = refusal.message(Language::En);
                if !self.force {
                    return Err(Failure::new(
                        e.code(),
                        format!(
                            "refusing to sign: [{}] {cause}: {e} ({}; --force signs anyway)",
                            refusal.code(),
                            e.code()
                        ),
                    ));
                }
                eprintln!(
                    "qoltanba: warning: signing despite: [{}] {cause}: {e} ({}; --force)",
                    refusal.code(),
                    e.code()
                );
                Ok(options.unchecked())
            }
        }
    }

    fn options(&self, loaded: &LoadedKey) -> Result<SignOptions, Failure> {
        self.options_checked(loaded, check_signing_certificate, Refusal::from_error)
    }

    /// Revocation before signing, when CRLs are given.
    fn check_revocation(&self, loaded: &LoadedKey, time: Time) -> Result<(), Error> {
        if self.crl.is_empty() {
            return Ok(());
        }
        let mut b = Verifier::builder();
        for t in &self.trust {
            let bytes = std::fs::read(t).map_err(|e| Error::Malformed {
                what: "trust file",
                detail: format!("{t}: {e}"),
            })?;
            b = b.trust_any(&bytes)?;
        }
        for c in &loaded.chain {
            b = b.intermediate(c.clone());
        }
        for c in &self.crl {
            let bytes = std::fs::read(c).map_err(|e| Error::Malformed {
                what: "CRL file",
                detail: format!("{c}: {e}"),
            })?;
            b = b.crl_any(&bytes)?;
        }
        b.build().check_signer_revocation(&loaded.cert, time)
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
    /// Time-stamp the signature at this RFC 3161 TSA (CAdES-T); the reply
    /// is checked (nonce, imprint, policy, signature) before it is attached.
    #[arg(long, value_name = "URL")]
    tsa: Option<String>,
    /// The TSA policy to ask for (dotted OID), required in the reply.
    #[arg(long, value_name = "OID", requires = "tsa")]
    tsa_policy: Option<String>,
    /// Sign an XML document with an XML signature (enveloped, like the
    /// national provider's signXml; see --id and --wsse).
    #[arg(long)]
    xml: bool,
    /// With --xml: sign the element with this Id (exclusive C14N).
    #[arg(long, value_name = "ID", requires = "xml", conflicts_with = "wsse")]
    id: Option<String>,
    /// With --xml: WS-Security over a SOAP Body (exclusive C14N,
    /// BinarySecurityToken, a signed Timestamp at the signing time valid
    /// for 5 minutes).
    #[arg(long, requires = "xml")]
    wsse: bool,
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
    /// The request or licence as JSON (docs/schema/request.schema.json,
    /// licence.schema.json).
    file: String,
    /// Accept the national CA's test identifiers (IIN 123456789011,
    /// 123456789012, BIN 123456789021) in the payload, with a warning.
    #[arg(long)]
    test_identifiers: bool,
    #[command(flatten)]
    key: KeyArgs,
}

impl PayloadArgs {
    fn identifiers(&self) -> Identifiers {
        if self.test_identifiers {
            Identifiers::AllowTest
        } else {
            Identifiers::Strict
        }
    }
}

pub(crate) fn sign(args: &SignArgs) -> Result<(), Failure> {
    let content = read(&args.file)?;
    let loaded = args.key.load()?;
    let mut options = args.key.options(&loaded)?;
    // ---- XML signatures (issue 15) ----
    if args.xml {
        if args.detached {
            return Err(Failure::usage("--detached is for CMS"));
        }
        let mode = match (&args.id, args.wsse) {
            (Some(id), _) => qoltanba::XmlSignMode::ById(id.clone()),
            (None, true) => qoltanba::XmlSignMode::WsSecurity,
            (None, false) => qoltanba::XmlSignMode::Enveloped,
        };
        let mut xml_options = qoltanba::XmlSignOptions::new(mode);
        xml_options.chain = options.chain.clone();
        if args.wsse {
            xml_options.timestamp = Some((options.signing_time, 300));
        }
        let signed = qoltanba::sign_xml(&content, &loaded.key, &loaded.cert, &xml_options)
            .map_err(|e| Failure::at(&args.file, e))?;
        return match &args.key.out {
            Some(path) => std::fs::write(path, &signed).map_err(|e| Failure::at(path, e)),
            None => {
                use std::io::Write;
                std::io::stdout()
                    .write_all(&signed)
                    .map_err(|e| Failure::at("stdout", e))
            }
        };
    }
    // ---- end of XML signatures ----
    if args.detached {
        options = options.detached();
    }
    let doc = sign_document(&content, &loaded.key, &loaded.cert, &options)?;
    let doc = match &args.tsa {
        Some(url) => crate::online::timestamp(&doc, url, args.tsa_policy.as_deref())?,
        None => doc,
    };
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
    let (request, warnings) = Request::from_json_with(&read(&args.file)?, args.identifiers())
        .map_err(|e| Failure::at(format!("{}: not a request", args.file), e))?;
    for w in warnings {
        eprintln!("qoltanba: warning: {w}");
    }
    let loaded = args.key.load()?;
    // Condition 3: validity, a signing key, the applicant's IIN/BIN (on the
    // portal), revocation when CRLs are given.
    let options = args.key.options_checked(
        &loaded,
        |c, t| check_request_signer(&request, c, t),
        Refusal::from_error,
    )?;
    let doc = sign_request(&request, &loaded.key, &loaded.cert, &options)?;
    args.key.write(&doc)
}

pub(crate) fn licence(args: &PayloadArgs) -> Result<(), Failure> {
    let (licence, warnings) = Licence::from_json_with(&read(&args.file)?, args.identifiers())
        .map_err(|e| Failure::at(format!("{}: not a licence", args.file), e))?;
    for w in warnings {
        eprintln!("qoltanba: warning: {w}");
    }
    let loaded = args.key.load()?;
    let options = args.key.options_checked(
        &loaded,
        |c, t| check_licence_signer(&licence, c, t, LicenceSigner::Employee),
        |e| match Refusal::from_error(e) {
            // A licence names its issuing body, not an applicant.
            Refusal::IdentityMismatch => Refusal::IssuerMismatch,
            r => r,
        },
    )?;
    let doc = issue_licence(&licence, &loaded.key, &loaded.cert, &options)?;
    args.key.write(&doc)
}
