//! `qoltanba serve`: the verification service (the `qoltanba-server`
//! crate) with the trust and evidence of `qoltanba verify`'s options.

use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use qoltanba::online::{Refresh, Refresher};
use qoltanba_server::{AppState, Limits};

use crate::trust::TrustArgs;
use crate::{Failure, Outcome};

#[derive(Args)]
pub(crate) struct ServeArgs {
    /// The address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:14579")]
    listen: String,
    /// The largest request body, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 16 << 20)]
    max_body: usize,
    /// Requests handled at once on the blocking pool (default: twice the
    /// CPUs).
    #[arg(long, value_name = "N")]
    max_concurrent: Option<usize>,
    /// The time budget of one request, in milliseconds: past it the answer
    /// is "not confirmed: time budget exceeded" (503).
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    deadline_ms: u64,
    /// A connection that has not sent a request's whole head within this
    /// many seconds of starting to wait for it (kept-alive ones included)
    /// is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    header_timeout: u64,
    /// Do not log one JSON line a request on standard error.
    #[arg(long)]
    quiet: bool,
    /// A request whose body is at most this many bytes is handled on the
    /// thread that read it, larger ones (and batches, and signing) on the
    /// blocking pool within --max-concurrent; 0: always the pool.
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 10)]
    inline_max: usize,
    /// Serve HTTPS with this certificate chain (PEM; needs --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<std::path::PathBuf>,
    /// The private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<std::path::PathBuf>,
    /// With --online: how often the CRLs of the cache are refreshed in the
    /// background (each new set swapped in without a pause), in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 900)]
    refresh_secs: u64,
    #[command(flatten)]
    trust: TrustArgs,
}

pub(crate) fn run(args: &ServeArgs) -> Result<Outcome, Failure> {
    let verifier = args.trust.verifier()?;
    let at = args.trust.at_time()?;
    let defaults = Limits::default();
    let limits = Limits {
        max_body: args.max_body,
        max_concurrent: args.max_concurrent.unwrap_or(defaults.max_concurrent),
        deadline: Duration::from_millis(args.deadline_ms),
        header_timeout: Duration::from_secs(args.header_timeout.max(1)),
        max_batch: defaults.max_batch,
        log_requests: !args.quiet,
        inline_max: args.inline_max,
    };
    let state = AppState::new(verifier, at, limits);
    // The evidence layer's refresher: the cache's CRL addresses downloaded
    // again every --refresh-secs, each new set swapped in.
    let _refresher = if args.trust.online.online {
        let cache = Arc::new(args.trust.online.cache(at)?);
        let urls: Vec<String> = cache.records().into_iter().map(|r| r.url).collect();
        let base = Arc::new(args.trust.base_verifier()?);
        let (sink, outcomes) = (state.clone(), state.clone());
        Some(
            Refresher::start(
                cache,
                base,
                urls,
                Duration::from_secs(args.refresh_secs.max(1)),
                move |v| sink.swap_verifier(v),
                move |url, outcome| {
                    let failed = matches!(outcome, Refresh::Failed { .. });
                    if let Refresh::Failed { failure, .. } = outcome {
                        eprintln!("qoltanba serve: {url}: {failure} [{}]", failure.code());
                    }
                    outcomes.record_crl_fetch(url, failed);
                },
            )
            .map_err(|e| Failure::new("service", format!("starting the CRL refresher: {e}")))?,
        )
    } else {
        None
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::new("service", format!("starting the service: {e}")))?;
    runtime.block_on(async {
        let fail = |e: std::io::Error| Failure::new("service", format!("{}: {e}", args.listen));
        if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
            let listener = std::net::TcpListener::bind(&args.listen).map_err(fail)?;
            let address = listener.local_addr().map_err(fail)?;
            eprintln!("qoltanba serve: listening on https://{address}/");
            return qoltanba_server::serve_tls(
                listener,
                state,
                cert,
                key,
                qoltanba_server::shutdown_signal(),
            )
            .await
            .map_err(|e| Failure::new("service", format!("serving over TLS: {e}")));
        }
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .map_err(fail)?;
        let address = listener.local_addr().map_err(fail)?;
        eprintln!("qoltanba serve: listening on http://{address}/");
        qoltanba_server::serve(listener, state, qoltanba_server::shutdown_signal())
            .await
            .map_err(|e| Failure::new("service", format!("serving: {e}")))
    })?;
    Ok(Outcome::Valid)
}
