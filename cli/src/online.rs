//! Live evidence on the command line (issue 16): `--online`,
//! `--cache-dir`, `--rewrite` on every verifying command (through
//! [`TrustArgs`](crate::trust::TrustArgs)), and `qoltanba crl update` /
//! `qoltanba crl status`. The library decides everything; this file only
//! reads flags and prints.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use qoltanba::online::{
    refresh_all, Attempt, CrlCache, EvidenceOrder, EvidenceRecord, HttpTransport, OcspClient,
    Online, OnlinePolicy, Refresh, Rewrite, TransportConfig,
};
use qoltanba::{Certificate, Time, TrustProfile, Verifier};

use crate::input::read;
use crate::{Failure, Outcome};

/// Which evidence `--online` asks for first.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OrderArg {
    /// CRLs only (cached on disk).
    Crl,
    /// OCSP first, CRLs when OCSP gives no answer.
    OcspThenCrl,
}

/// The flags of live evidence, on every verifying command.
#[derive(Args, Clone)]
pub(crate) struct OnlineArgs {
    /// Fetch the CRLs (and delta CRLs) the certificates name, through the
    /// on-disk cache; with `--evidence-order ocsp-then-crl`, ask OCSP first.
    #[arg(long)]
    pub(crate) online: bool,
    /// The CRL cache directory (default: $QOLTANBA_CACHE_DIR, else the
    /// user's cache directory + /qoltanba).
    #[arg(long, value_name = "DIR")]
    pub(crate) cache_dir: Option<PathBuf>,
    /// Rewrite addresses: FROM=TO, FROM a host or an address prefix (the
    /// CA's addresses move; certificates keep the old ones). Repeatable.
    #[arg(long, value_name = "FROM=TO")]
    pub(crate) rewrite: Vec<String>,
    /// Which evidence to ask for first.
    #[arg(long, value_enum, default_value = "crl")]
    pub(crate) evidence_order: OrderArg,
    /// The OCSP responder to ask instead of the certificates' AIA one.
    #[arg(long, value_name = "URL")]
    pub(crate) ocsp_url: Option<String>,
    /// Per-request timeout in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "30")]
    pub(crate) fetch_timeout: u64,
    /// Retries after a failed request (connection, timeout, 5xx).
    #[arg(long, value_name = "N", default_value = "2")]
    pub(crate) fetch_retries: u32,
}

impl OnlineArgs {
    fn rules(&self) -> Result<Vec<Rewrite>, Failure> {
        self.rewrite
            .iter()
            .map(|r| {
                Rewrite::parse(r)
                    .ok_or_else(|| Failure::usage(format!("--rewrite {r}: expected FROM=TO")))
            })
            .collect()
    }

    fn transport(&self) -> Arc<HttpTransport> {
        Arc::new(HttpTransport::new(TransportConfig {
            timeout: Duration::from_secs(self.fetch_timeout),
            connect_timeout: Duration::from_secs(self.fetch_timeout.min(10)),
            retries: self.fetch_retries,
            ..TransportConfig::default()
        }))
    }

    /// The cache these flags describe; its clock is `at` when given (the
    /// validation time judges freshness), else now.
    pub(crate) fn cache(&self, at: Option<Time>) -> Result<CrlCache, Failure> {
        let dir = match &self.cache_dir {
            Some(d) => d.clone(),
            None => CrlCache::default_dir().ok_or_else(|| {
                Failure::usage("no cache directory: give --cache-dir or set QOLTANBA_CACHE_DIR")
            })?,
        };
        let mut cache =
            CrlCache::new(&dir, self.transport()).map_err(|e| Failure::at(dir.display(), e))?;
        for r in self.rules()? {
            cache = cache.rewrite(r);
        }
        if let Some(t) = at {
            cache = cache.clock(move || t);
        }
        Ok(cache)
    }

    /// The evidence gatherer, if `--online`.
    pub(crate) fn gatherer(&self, at: Option<Time>) -> Result<Option<Online>, Failure> {
        if !self.online {
            return Ok(None);
        }
        let cache = self.cache(at)?;
        let policy = OnlinePolicy {
            order: match self.evidence_order {
                OrderArg::Crl => EvidenceOrder::CrlOnly,
                OrderArg::OcspThenCrl => EvidenceOrder::OcspThenCrl,
            },
            ..OnlinePolicy::default()
        };
        let mut online = Online::new(Arc::new(cache), policy);
        if self.evidence_order == OrderArg::OcspThenCrl {
            let mut client = OcspClient::new(self.transport());
            for r in self.rules()? {
                client = client.rewrite(r);
            }
            if let Some(u) = &self.ocsp_url {
                client = client.responder(u);
            }
            online = online.with_ocsp(client);
        }
        Ok(Some(online))
    }

    /// For commands that verify many things (bulk, requests, licences):
    /// `verifier` plus every good CRL of the cache, each address refreshed
    /// first.
    pub(crate) fn with_cached_crls(
        &self,
        verifier: Verifier,
        at: Option<Time>,
    ) -> Result<Verifier, Failure> {
        if !self.online {
            return Ok(verifier);
        }
        let cache = self.cache(at)?;
        let urls: Vec<String> = cache.records().into_iter().map(|r| r.url).collect();
        let (crls, outcomes) = refresh_all(&cache, &verifier, &urls);
        for (url, o) in &outcomes {
            if let Refresh::Failed { failure, .. } = o {
                eprintln!("qoltanba: {url}: {failure} [{}]", failure.code());
            }
        }
        Ok(verifier.with_crls(crls))
    }
}

/// Prints where each piece of evidence came from and every failed attempt.
pub(crate) fn print_evidence(evidence: &[EvidenceRecord], attempts: &[Attempt]) {
    if !evidence.is_empty() {
        println!("evidence:");
    }
    for e in evidence {
        println!(
            "  {} {} from {}{}{}{}",
            e.kind.as_str(),
            e.issuer,
            e.source.as_str(),
            e.url.as_ref().map(|u| format!(" {u}")).unwrap_or_default(),
            e.number
                .as_ref()
                .map(|n| format!(" number {n}"))
                .unwrap_or_default(),
            e.fetched_at
                .map(|t| format!(" fetched {}", t.to_rfc3339()))
                .unwrap_or_default(),
        );
    }
    if !attempts.is_empty() {
        println!("failed attempts:");
    }
    for a in attempts {
        println!(
            "  {} {}: {} [{}]",
            a.kind.as_str(),
            a.url,
            a.failure,
            a.failure.code()
        );
    }
}

/// `qoltanba crl ...`
#[derive(Subcommand)]
pub(crate) enum CrlCommand {
    /// Download CRLs into the cache (only good ones replace the cached
    /// copies) and print each one's number, thisUpdate, nextUpdate and
    /// entries. Exit 0 when every address has a fresh good copy.
    Update(UpdateArgs),
    /// List the cached CRLs.
    Status(StatusArgs),
}

/// Profiles of CRL addresses.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CrlProfile {
    /// The national CA's production CRLs (RSA and GOST, full and delta).
    Nca,
    /// The national CA's test CRLs.
    NcaTest,
}

impl CrlProfile {
    fn urls(self) -> &'static [&'static str] {
        match self {
            CrlProfile::Nca => &[
                "http://crl.pki.gov.kz/nca_rsa.crl",
                "http://crl.pki.gov.kz/nca_d_rsa.crl",
                "http://crl.pki.gov.kz/nca_gost.crl",
                "http://crl.pki.gov.kz/nca_d_gost.crl",
            ],
            CrlProfile::NcaTest => &[
                "http://test.pki.gov.kz/crl/nca_rsa_test.crl",
                "http://test.pki.gov.kz/crl/nca_d_rsa_test.crl",
                "http://test.pki.gov.kz/crl/nca_gost2022_test.crl",
                "http://test.pki.gov.kz/crl/nca_gost2022_d_test.crl",
            ],
        }
    }
}

#[derive(Args)]
pub(crate) struct UpdateArgs {
    /// CRL addresses.
    url: Vec<String>,
    /// Also every address of this profile.
    #[arg(long, value_enum)]
    profile: Vec<CrlProfile>,
    /// CA certificates that may sign the CRLs (beside the bundled national
    /// CA's, production and test).
    #[arg(long, value_name = "FILE")]
    ca: Vec<String>,
    /// Trust only the --ca certificates, not the bundled ones.
    #[arg(long)]
    no_bundled: bool,
    /// Judge freshness at this instant (RFC 3339) instead of now.
    #[arg(long, value_name = "RFC3339")]
    at: Option<String>,
    #[command(flatten)]
    online: OnlineArgs,
}

#[derive(Args)]
pub(crate) struct StatusArgs {
    /// Judge freshness at this instant (RFC 3339) instead of now.
    #[arg(long, value_name = "RFC3339")]
    at: Option<String>,
    #[command(flatten)]
    online: OnlineArgs,
}

fn at(text: Option<&String>) -> Result<Option<Time>, Failure> {
    text.map(|t| {
        Time::parse_rfc3339(t)
            .ok_or_else(|| Failure::usage(format!("--at {t}: not an RFC 3339 time")))
    })
    .transpose()
}

fn line(r: &qoltanba::online::CrlRecord) -> String {
    format!(
        "number {} thisUpdate {} nextUpdate {} entries {}{}",
        r.number.as_deref().unwrap_or("-"),
        r.this_update.to_rfc3339(),
        r.next_update
            .map_or_else(|| "-".to_owned(), Time::to_rfc3339),
        r.entries,
        if r.delta { " (delta)" } else { "" }
    )
}

pub(crate) fn run(command: &CrlCommand) -> Result<Outcome, Failure> {
    match command {
        CrlCommand::Update(args) => update(args),
        CrlCommand::Status(args) => status(args),
    }
}

fn update(args: &UpdateArgs) -> Result<Outcome, Failure> {
    let at = at(args.at.as_ref())?;
    let mut b = Verifier::builder();
    if !args.no_bundled {
        b = b
            .trust_profile(TrustProfile::Nca)?
            .trust_profile(TrustProfile::NcaTest)?;
    }
    for file in &args.ca {
        for c in Certificate::all_from_any(&read(file)?).map_err(|e| Failure::at(file, e))? {
            b = b.intermediate(c);
        }
    }
    let verifier = b.build();
    let mut urls = args.url.clone();
    for p in &args.profile {
        urls.extend(p.urls().iter().map(|u| (*u).to_owned()));
    }
    if urls.is_empty() {
        return Err(Failure::usage("give CRL addresses or --profile"));
    }
    let cache = args.online.cache(at)?;
    let now = cache.now();
    let (_, outcomes) = refresh_all(&cache, &verifier, &urls);
    let mut all_fresh = true;
    for (url, outcome) in outcomes {
        let (word, failure) = match &outcome {
            Refresh::Updated(_) => ("updated", None),
            Refresh::Unchanged(_) => ("unchanged", None),
            Refresh::Failed { failure, .. } => ("failed", Some(failure)),
        };
        let fresh = outcome
            .record()
            .is_some_and(|r| r.fresh_at(now, Duration::ZERO));
        all_fresh &= fresh;
        match failure {
            Some(f) => println!("{url}: failed: {f} [{}]", f.code()),
            None => println!("{url}: {word}"),
        }
        match outcome.record() {
            Some(r) => println!("  {}{}", line(r), if fresh { "" } else { " STALE" }),
            None => println!("  no good copy"),
        }
    }
    Ok(if all_fresh {
        Outcome::Valid
    } else {
        Outcome::NotValid
    })
}

fn status(args: &StatusArgs) -> Result<Outcome, Failure> {
    let at = at(args.at.as_ref())?;
    let cache = args.online.cache(at)?;
    let now = cache.now();
    println!("cache: {}", cache.dir().display());
    for r in cache.records() {
        let fresh = r.fresh_at(now, Duration::ZERO);
        println!("{}", r.url);
        println!(
            "  {} {} fetched {} from {}",
            line(&r),
            if fresh { "fresh" } else { "STALE" },
            r.fetched_at.to_rfc3339(),
            r.fetched_from
        );
    }
    Ok(Outcome::Valid)
}

/// `sign --tsa`: `document` with signer 0's signature time-stamped at
/// `url` (CAdES-T). The token's signature is checked with the certificate
/// it carries; whether the TSA is trusted is for the verification.
pub(crate) fn timestamp(
    document: &[u8],
    url: &str,
    policy: Option<&str>,
) -> Result<Vec<u8>, Failure> {
    let transport = Arc::new(HttpTransport::new(TransportConfig::default()));
    let mut client = qoltanba::online::TsaClient::new(transport, url);
    if let Some(p) = policy {
        client = client.policy(p);
    }
    client
        .stamp_signature(document, 0, None, Time::now())
        .map_err(|f| {
            Failure::new(
                "timestamp-failed",
                format!("--tsa {url}: {f} [{}]", f.code()),
            )
        })
}
