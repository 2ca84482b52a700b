//! The background [`Refresher`]: a thread that refreshes the cached CRLs
//! of a set of addresses at an interval and hands each new set to a sink
//! (the C ABI swaps it into its verifier; [`SharedVerifier`] does the same
//! for Rust services). Readers never wait on a refresh: the new verifier is
//! built off to the side and the swap is one pointer exchange.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

use super::crl::{CrlCache, CrlExpectation, Refresh};
use crate::revocation::Crl;
use crate::verifier::Verifier;

/// A verifier that can be replaced while threads verify with it: each
/// reader takes the current `Arc<Verifier>` (a read lock held for one
/// pointer copy) and verifies with it outside any lock.
#[derive(Debug)]
pub struct SharedVerifier {
    current: RwLock<Arc<Verifier>>,
}

impl SharedVerifier {
    /// Starts with `verifier`.
    pub fn new(verifier: Verifier) -> Self {
        SharedVerifier {
            current: RwLock::new(Arc::new(verifier)),
        }
    }

    /// The verifier in force now.
    pub fn get(&self) -> Arc<Verifier> {
        match self.current.read() {
            Ok(g) => Arc::clone(&g),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Replaces the verifier; calls in flight finish with the old one.
    pub fn swap(&self, verifier: Verifier) {
        let new = Arc::new(verifier);
        match self.current.write() {
            Ok(mut g) => *g = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
    }
}

/// A background thread refreshing CRLs; stopped (and joined) by
/// [`Refresher::stop`] or on drop.
#[derive(Debug)]
pub struct Refresher {
    stop: Arc<(Mutex<bool>, Condvar)>,
    running: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Refreshes every address of `urls` once with `verifier` (which checks the
/// downloads' signatures) and returns the good CRLs now held (fresh or
/// not: the verifier judges freshness) with each address's outcome.
pub fn refresh_all(
    cache: &CrlCache,
    verifier: &Verifier,
    urls: &[String],
) -> (Vec<Crl>, Vec<(String, Refresh)>) {
    let mut crls = Vec::new();
    let mut outcomes = Vec::new();
    for url in urls {
        let outcome = cache.refresh(url, &CrlExpectation::default(), verifier);
        if let Some((crl, _)) = cache.cached(url) {
            crls.push(crl);
        }
        outcomes.push((url.clone(), outcome));
    }
    (crls, outcomes)
}

impl Refresher {
    /// Starts a thread that every `interval` (first at once) refreshes
    /// `urls` in `cache`, checking downloads with `base` (the verifier
    /// without these CRLs), and, when any address gave a new CRL, calls
    /// `sink` with `base` plus every good CRL held (the sink swaps it in).
    /// `on_outcome` sees each address's outcome (for logs and metrics).
    pub fn start<S, O>(
        cache: Arc<CrlCache>,
        base: Arc<Verifier>,
        urls: Vec<String>,
        interval: Duration,
        sink: S,
        on_outcome: O,
    ) -> std::io::Result<Refresher>
    where
        S: Fn(Verifier) + Send + 'static,
        O: Fn(&str, &Refresh) + Send + 'static,
    {
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let running = Arc::new(AtomicBool::new(true));
        let (stop2, running2) = (Arc::clone(&stop), Arc::clone(&running));
        let mut first = true;
        let thread = std::thread::Builder::new()
            .name("qoltanba-crl-refresher".into())
            .spawn(move || {
                loop {
                    let (crls, outcomes) = refresh_all(&cache, &base, &urls);
                    let changed = outcomes
                        .iter()
                        .any(|(_, o)| matches!(o, Refresh::Updated(_)));
                    for (url, o) in &outcomes {
                        on_outcome(url, o);
                    }
                    if changed || first {
                        sink(base.with_crls(crls));
                    }
                    first = false;
                    let (lock, cvar) = &*stop2;
                    let Ok(guard) = lock.lock() else { break };
                    let Ok((guard, _)) = cvar.wait_timeout_while(guard, interval, |s| !*s) else {
                        break;
                    };
                    if *guard {
                        break;
                    }
                }
                running2.store(false, Ordering::SeqCst);
            })?;
        Ok(Refresher {
            stop,
            running,
            thread: Some(thread),
        })
    }

    /// Whether the thread is still running.
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::SeqCst)
    }

    /// Stops the thread (after its current refresh) and waits for it.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        let (lock, cvar) = &*self.stop;
        if let Ok(mut s) = lock.lock() {
            *s = true;
        }
        cvar.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Refresher {
    fn drop(&mut self) {
        self.halt();
    }
}
