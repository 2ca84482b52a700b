//! qoltanba's verification service (`qoltanba serve`): an HTTP API over
//! the qoltanba library, so that a service that today calls an NCANode
//! deployment can switch by changing one URL.
//!
//! * **Native API** under `/v1/`: the library's own reports, the JSON of
//!   `qoltanba verify --format json` (documents, certificates, requests,
//!   licences, and a batch of documents).
//! * **NCANode v3 compatible API**: `POST /cms/verify`, `/cms/extract`,
//!   `/x509/info`, `/xml/verify`, `/wsse/verify`, `/cms/sign` and
//!   `/cms/sign/add` (the key in the request, discouraged) with NCANode's request
//!   and response fields ([`ncanode`]; `docs/ncanode-compatibility.md`
//!   lists every field and where qoltanba is stricter).
//! * **Operations**: `/health`, `/ready`, Prometheus `/metrics`, one JSON
//!   log line a request with its id, a body size limit, a bound on
//!   concurrent verifications, a per-request deadline, graceful shutdown,
//!   TLS ([`serve_tls`], rustls) when given a certificate and a key.
//! * **A verification page** at `/` (static, no external resources).
//!
//! Verification runs on tokio's blocking pool, at most
//! [`Limits::max_concurrent`] at a time, each within [`Limits::deadline`]:
//! a slow request cannot starve the others, and one past its deadline is
//! answered "not confirmed: time budget exceeded" (503), never "valid".
//!
//! The service holds one [`qoltanba::Verifier`] behind an atomic pointer:
//! [`AppState::swap_verifier`] replaces it (new CRLs) without a pause.

mod error;
mod input;
mod metrics;
mod native;
pub mod ncanode;
mod page;
mod sign;
mod state;

use std::future::Future;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;

pub use state::{AppState, Limits};

/// The service's routes over `state`.
pub fn router(state: AppState) -> Router {
    let body_limit = state.limits().max_body;
    Router::new()
        .route("/", get(page::index))
        .route("/health", get(native::health))
        .route("/ready", get(native::ready))
        .route("/metrics", get(metrics::render))
        .route("/v1/verify", post(native::verify))
        .route("/v1/certificate", post(native::certificate))
        .route("/v1/request", post(native::request))
        .route("/v1/licence", post(native::licence))
        .route("/v1/batch", post(native::batch))
        .route("/cms/verify", post(ncanode::cms_verify))
        .route("/cms/extract", post(ncanode::cms_extract))
        .route("/cms/sign", post(sign::cms_sign))
        .route("/cms/sign/add", post(sign::cms_sign_add))
        .route("/x509/info", post(ncanode::x509_info))
        .route("/xml/verify", post(ncanode::xml_verify))
        .route("/wsse/verify", post(ncanode::xml_verify))
        .fallback(native::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::observe,
        ))
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(state)
}

/// Serves `state` on `listener` until `shutdown` completes, then finishes
/// the requests in flight (graceful shutdown).
///
/// # Errors
///
/// The I/O error that stopped the server.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Like [`serve`], over TLS (rustls) with the certificate chain and the
/// private key of the PEM files `cert` and `key`. On `shutdown` the
/// connections in flight get up to 10 s to finish.
///
/// # Errors
///
/// The I/O error that stopped the server, or why the certificate or the
/// key could not be used.
pub async fn serve_tls(
    listener: std::net::TcpListener,
    state: AppState,
    cert: &std::path::Path,
    key: &std::path::Path,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key).await?;
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
    });
    listener.set_nonblocking(true)?;
    axum_server::from_tcp_rustls(listener, config)?
        .handle(handle)
        .serve(router(state).into_make_service())
        .await
}

/// Completes on SIGTERM or Ctrl-C (for [`serve`]'s `shutdown`).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, wait on the other signal.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
