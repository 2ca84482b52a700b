//! What every request shares: the verifier, the limits, the metrics.

use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use qoltanba::{Options, Time, Verifier};
use tokio::sync::Semaphore;

use crate::error::ApiError;
use crate::input::body_bytes;
use crate::metrics::Metrics;

/// Where a request's work runs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Place {
    /// By the body's size: up to [`Limits::inline_max`] on the thread
    /// that read it, else on the pool.
    BySize,
    /// Always on the pool, whatever the size (batches, PKCS#12 key
    /// derivation, signing).
    Pool,
}

/// The service's limits.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The largest request body, in bytes (413 beyond).
    pub max_body: usize,
    /// Requests handled at once on the blocking pool (the bodies over
    /// [`Limits::inline_max`], batches, signing); more wait for a free
    /// slot within their deadline.
    pub max_concurrent: usize,
    /// The time budget of one request, from its head's arrival to its
    /// answer: reading the body, waiting for a slot and verifying.
    pub deadline: Duration,
    /// A connection that has not sent a request's whole head within this
    /// time of starting to wait for it (after connecting, or after the
    /// previous answer on a kept-alive connection) is closed: a slow or
    /// idle client cannot hold it open.
    pub header_timeout: Duration,
    /// The most documents of one batch request.
    pub max_batch: usize,
    /// Log one JSON line a request on standard error.
    pub log_requests: bool,
    /// A request whose body is at most this many bytes (one document, one
    /// certificate) is handled (its JSON read, its base64 decoded, its
    /// document verified) on the thread that read it, instead of on the
    /// blocking pool: that work is bounded by the body's size and takes
    /// microseconds, less than the hand-off between threads would cost.
    /// It needs no slot (the I/O threads bound it), so slow requests
    /// holding every slot of the pool do not hold it up. Larger bodies do
    /// all their work on the pool. 0: always the pool.
    pub inline_max: usize,
}

impl Default for Limits {
    /// 16 MiB bodies, 2 x the CPUs requests at once on the pool, 10 s a request
    /// (the regulations allow 10-15 s for the check), 30 s for a request's
    /// head, 1,000 documents a batch, requests logged, bodies up to 64 KiB
    /// handled inline.
    fn default() -> Self {
        let cpus = std::thread::available_parallelism().map_or(2, usize::from);
        Limits {
            max_body: 16 << 20,
            max_concurrent: 2 * cpus,
            deadline: Duration::from_secs(10),
            header_timeout: Duration::from_secs(30),
            max_batch: 1_000,
            log_requests: true,
            inline_max: 64 << 10,
        }
    }
}

struct Shared {
    verifier: ArcSwap<Verifier>,
    at: Option<Time>,
    limits: Limits,
    slots: Arc<Semaphore>,
    metrics: Metrics,
}

/// The state of a running service (cheap to clone: one `Arc`).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    /// A service over `verifier`, validating at `at` (None: the time of
    /// each request), within `limits`.
    pub fn new(verifier: Verifier, at: Option<Time>, limits: Limits) -> Self {
        let slots = Arc::new(Semaphore::new(limits.max_concurrent.max(1)));
        AppState(Arc::new(Shared {
            verifier: ArcSwap::from_pointee(verifier),
            at,
            limits,
            slots,
            metrics: Metrics::default(),
        }))
    }

    /// Replaces the verifier (new CRLs, new trust): requests that started
    /// keep the one they took; later ones use the new one.
    pub fn swap_verifier(&self, verifier: Verifier) {
        self.0.verifier.store(Arc::new(verifier));
    }

    /// The verifier in use now.
    pub fn verifier(&self) -> Arc<Verifier> {
        self.0.verifier.load_full()
    }

    /// Counts a CRL download (the evidence refresher's outcome for `url`),
    /// failed or not, for `/metrics`.
    pub fn record_crl_fetch(&self, url: &str, failed: bool) {
        self.0.metrics.crl_fetch(url, failed);
    }

    /// The limits.
    pub fn limits(&self) -> &Limits {
        &self.0.limits
    }

    pub(crate) fn metrics(&self) -> &Metrics {
        &self.0.metrics
    }

    /// The validation time of a request arriving now.
    pub(crate) fn time(&self) -> Time {
        self.0.at.unwrap_or_else(Time::now)
    }

    /// The validation options of a request arriving now.
    pub(crate) fn options(&self) -> Options {
        Options::at(self.time())
    }

    /// Runs `work` with the current verifier: on this thread for a body of
    /// `body_len` bytes up to [`Limits::inline_max`], otherwise on the
    /// blocking pool in a concurrency slot (waiting for one). The
    /// request's time budget (`budget.rs`) covers both.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        body_len: usize,
        work: impl FnOnce(&Verifier) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let verifier = self.verifier();
        if body_len <= self.0.limits.inline_max {
            return Ok(work(&verifier));
        }
        let permit = Arc::clone(&self.0.slots)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the service is shutting down"))?;
        // The slot goes with the work: a verification past its deadline
        // still holds it until it ends.
        tokio::task::spawn_blocking(move || {
            let out = work(&verifier);
            drop(permit);
            out
        })
        .await
        .map_err(|_| ApiError::internal("the verification task failed"))
    }

    /// A request's whole work: its body read, then `work` run on it with
    /// the current verifier and the options of a request arriving now,
    /// where `place` sends it ([`AppState::run`]).
    pub(crate) async fn handle<T: Send + 'static>(
        &self,
        body: Result<Bytes, BytesRejection>,
        place: Place,
        work: impl FnOnce(&[u8], &Verifier, &Options) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let bytes = body_bytes(body)?;
        let options = self.options();
        let size = match place {
            Place::BySize => bytes.len(),
            Place::Pool => usize::MAX,
        };
        self.run(size, move |v| work(&bytes, v, &options)).await?
    }
}
