//! qoltanba's verification service (`qoltanba serve`): an HTTP API over
//! the qoltanba library, so that a service that today calls an NCANode
//! deployment can switch by changing one URL.
//!
//! * **Native API** under `/v1/`: the library's own reports, the JSON of
//!   `qoltanba verify --format json` (documents, certificates, requests,
//!   licences, and a batch of documents).
//! * **NCANode v3 compatible API**: `POST /cms/verify`, `/cms/extract`,
//!   `/x509/info`, `/x509/verify`, `/xml/verify`, `/wsse/verify`, and with
//!   the key in the request (discouraged) `/cms/sign`, `/cms/sign/add`,
//!   `/xml/sign`, `/wsse/sign`, `/pkcs12/info`, `/pkcs12/aliases`, with
//!   NCANode's request and response fields ([`ncanode`];
//!   `docs/ncanode-compatibility.md` lists every field and where qoltanba
//!   is stricter).
//! * **Operations**: `/health`, `/ready`, Prometheus `/metrics`, one JSON
//!   log line a request with its id, a body size limit, a bound on
//!   concurrent verifications, a per-request deadline, graceful shutdown,
//!   TLS ([`serve_tls`], rustls) when given a certificate and a key.
//! * **A verification page** at `/` (static, no external resources).
//!
//! A small request (a body up to [`Limits::inline_max`]) is handled on
//! the thread that read it; the rest (and batches, and signing) on
//! tokio's blocking pool, at most [`Limits::max_concurrent`] at a time, so
//! a slow request cannot starve the others. Each request has
//! [`Limits::deadline`] from its head to its answer: past it the answer is
//! "not confirmed: time budget exceeded" (503), never "valid". A
//! connection must send each request's head within
//! [`Limits::header_timeout`] (slow and idle clients are closed).
//!
//! The service holds one [`qoltanba::Verifier`] behind an atomic pointer:
//! [`AppState::swap_verifier`] replaces it (new CRLs) without a pause.

mod budget;
mod error;
mod input;
mod metrics;
mod native;
pub mod ncanode;
mod page;
mod state;

use std::future::Future;
use std::net::SocketAddr;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioTimer;
use tokio::net::{TcpListener, TcpStream};

pub use state::{AppState, Limits};

/// The service's routes over `state`.
pub fn router(state: AppState) -> Router {
    let body_limit = state.limits().max_body;
    Router::new()
        .route("/", get(page::index))
        .route("/health", get(native::health))
        .route("/ready", get(native::ready))
        .route("/metrics", get(metrics::render))
        .route("/actuator/health", get(ncanode::actuator_health))
        .route("/v1/verify", post(native::verify))
        .route("/v1/certificate", post(native::certificate))
        .route("/v1/request", post(native::request))
        .route("/v1/licence", post(native::licence))
        .route("/v1/batch", post(native::batch))
        .route("/cms/verify", post(ncanode::cms_verify))
        .route("/cms/extract", post(ncanode::cms_extract))
        .route("/cms/sign", post(ncanode::cms_sign))
        .route("/cms/sign/add", post(ncanode::cms_sign_add))
        .route("/pkcs12/info", post(ncanode::pkcs12_info))
        .route("/pkcs12/aliases", post(ncanode::pkcs12_aliases))
        .route("/x509/info", post(ncanode::x509_info))
        .route("/x509/verify", post(ncanode::x509_verify))
        .route("/xml/verify", post(ncanode::xml_verify))
        .route("/xml/sign", post(ncanode::xml_sign))
        .route("/wsse/verify", post(ncanode::xml_verify))
        .route("/wsse/sign", post(ncanode::wsse_sign))
        .fallback(native::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            budget::within_budget,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::observe,
        ))
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(state)
}

/// Serves `state` on `listener` until `shutdown` completes, then lets the
/// requests in flight finish within their deadline (graceful shutdown).
///
/// # Errors
///
/// The I/O error that stopped the server.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let server = axum_server::from_tcp(listener.into_std()?)?;
    run(server, state, shutdown).await
}

/// Like [`serve`], over TLS (rustls) with the certificate chain and the
/// private key of the PEM files `cert` and `key`.
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
    listener.set_nonblocking(true)?;
    let server = axum_server::from_tcp_rustls(listener, config)?;
    run(server, state, shutdown).await
}

/// Serves `state` with `server` (HTTP/1.1, each request's head within
/// [`Limits::header_timeout`]) until `shutdown` completes; then the
/// requests in flight get their deadline to finish.
async fn run<Acc>(
    server: axum_server::Server<SocketAddr, Acc>,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()>
where
    Acc: axum_server::accept::Accept<TcpStream, Router> + Clone + Send + Sync + 'static,
    Acc::Stream: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send,
    Acc::Service: axum_server::service::SendService<axum::http::Request<Incoming>> + Send,
    Acc::Future: Send,
{
    let limits = state.limits().clone();
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(limits.deadline));
    });
    let mut server = server.http1_only().handle(handle);
    server
        .http_builder()
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    server.serve(router(state).into_make_service()).await
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
