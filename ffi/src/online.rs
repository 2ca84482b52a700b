//! Live CRLs through the C ABI (issue 16): a fetcher (the on-disk CRL
//! cache, its addresses and rewriting rules), "refresh now", and a
//! background refresher that swaps the CRL set of a verifier as
//! `qoltanba_verifier_swap_crls` does: readers never wait for it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use qoltanba::online::{
    refresh_all, CrlCache, HttpTransport, Refresh, Refresher, Rewrite, TransportConfig,
};

use crate::qoltanba_result::{self, *};
use crate::verifier::qoltanba_verifier;
use crate::{fail, guard, guard_value, object, object_mut, out_ptr, put, text};

/// CRL addresses, rewriting rules and the on-disk cache of their last good
/// CRLs (see the README's "Keeping evidence fresh").
///
/// Ownership: made by `qoltanba_fetcher_new`, freed with
/// `qoltanba_fetcher_free` (a refresher started from it keeps what it
/// needs). Thread safety: not thread-safe; configure and refresh it from
/// one thread at a time.
pub struct qoltanba_fetcher {
    dir: PathBuf,
    rewrites: Vec<Rewrite>,
    urls: Vec<String>,
    timeout: Duration,
}

impl qoltanba_fetcher {
    fn cache(&self) -> Result<Arc<CrlCache>, qoltanba_result> {
        let transport = Arc::new(HttpTransport::new(TransportConfig {
            timeout: self.timeout,
            connect_timeout: self.timeout.min(Duration::from_secs(10)),
            ..TransportConfig::default()
        }));
        let mut cache = CrlCache::new(&self.dir, transport).map_err(|e| {
            fail(
                QOLTANBA_INVALID_PARAMETER,
                format!("cache directory {}: {e}", self.dir.display()),
            )
        })?;
        for r in &self.rewrites {
            cache = cache.rewrite(r.clone());
        }
        Ok(Arc::new(cache))
    }
}

/// A background thread refreshing a fetcher's CRLs into a verifier.
///
/// Ownership: made by `qoltanba_refresher_start`, stopped and freed with
/// `qoltanba_refresher_stop`. It holds the verifier alive until stopped.
pub struct qoltanba_refresher {
    inner: Refresher,
}

/// Makes a fetcher whose cache is the directory `cache_dir` (created if
/// missing), or, when `cache_dir` is NULL, the default one
/// ($QOLTANBA_CACHE_DIR, else the user's cache directory + /qoltanba).
/// Requests time out after 30 s (`qoltanba_fetcher_set_timeout_ms`).
#[no_mangle]
pub extern "C" fn qoltanba_fetcher_new(
    cache_dir: *const std::ffi::c_char,
    out: *mut *mut qoltanba_fetcher,
) -> qoltanba_result {
    guard(|| {
        out_ptr(out)?;
        let dir = if cache_dir.is_null() {
            CrlCache::default_dir()
                .ok_or_else(|| fail(QOLTANBA_INVALID_PARAMETER, "no default cache directory"))?
        } else {
            PathBuf::from(text(cache_dir, "cache_dir")?)
        };
        let f = qoltanba_fetcher {
            dir,
            rewrites: Vec::new(),
            urls: Vec::new(),
            timeout: Duration::from_secs(30),
        };
        // The directory must be usable now, not at the first refresh.
        f.cache()?;
        put(out, Box::into_raw(Box::new(f)));
        Ok(())
    })
}

/// Adds a CRL address (full or delta) to refresh.
#[no_mangle]
pub extern "C" fn qoltanba_fetcher_add_url(
    fetcher: *mut qoltanba_fetcher,
    url: *const std::ffi::c_char,
) -> qoltanba_result {
    guard(|| {
        let f = object_mut(fetcher, "fetcher")?;
        f.urls.push(text(url, "url")?.to_owned());
        Ok(())
    })
}

/// Adds an address rewriting rule: `from` a host (`crl.pki.gov.kz`) or an
/// address prefix, `to` its replacement. The first matching rule applies.
#[no_mangle]
pub extern "C" fn qoltanba_fetcher_add_rewrite(
    fetcher: *mut qoltanba_fetcher,
    from: *const std::ffi::c_char,
    to: *const std::ffi::c_char,
) -> qoltanba_result {
    guard(|| {
        let f = object_mut(fetcher, "fetcher")?;
        let (from, to) = (text(from, "from")?, text(to, "to")?);
        if from.is_empty() || to.is_empty() {
            return Err(fail(QOLTANBA_INVALID_PARAMETER, "empty rewriting rule"));
        }
        f.rewrites.push(Rewrite::new(from, to));
        Ok(())
    })
}

/// Sets the per-request timeout in milliseconds (at least 1).
#[no_mangle]
pub extern "C" fn qoltanba_fetcher_set_timeout_ms(
    fetcher: *mut qoltanba_fetcher,
    timeout_ms: u32,
) -> qoltanba_result {
    guard(|| {
        let f = object_mut(fetcher, "fetcher")?;
        if timeout_ms == 0 {
            return Err(fail(QOLTANBA_INVALID_PARAMETER, "timeout_ms is 0"));
        }
        f.timeout = Duration::from_millis(u64::from(timeout_ms));
        Ok(())
    })
}

/// Refreshes every address now (a download replaces the cached copy only if
/// it is a good CRL signed by a CA the verifier knows and not older), then
/// swaps the verifier's CRL set for every good CRL held, atomically (as
/// `qoltanba_verifier_swap_crls`). `*out_failed` (if not NULL) is the
/// number of addresses whose download failed or was refused; their last
/// good copy, if any, is in the new set. Freshness is judged when
/// verifying: a stale copy gives "revocation status unknown".
#[no_mangle]
pub extern "C" fn qoltanba_fetcher_refresh(
    fetcher: *mut qoltanba_fetcher,
    verifier: *const qoltanba_verifier,
    out_failed: *mut usize,
) -> qoltanba_result {
    guard(|| {
        let f = object_mut(fetcher, "fetcher")?;
        let v = object(verifier, "verifier")?;
        let cache = f.cache()?;
        let base = v.base();
        let (crls, outcomes) = refresh_all(&cache, &base, &f.urls);
        let failed = outcomes
            .iter()
            .filter(|(_, o)| matches!(o, Refresh::Failed { .. }))
            .count();
        v.install(base.with_crls(crls));
        if !out_failed.is_null() {
            put(out_failed, failed);
        }
        Ok(())
    })
}

/// Frees a fetcher. NULL does nothing.
#[no_mangle]
pub extern "C" fn qoltanba_fetcher_free(fetcher: *mut qoltanba_fetcher) {
    guard_value((), || {
        if !fetcher.is_null() {
            // SAFETY: a pointer from qoltanba_fetcher_new, freed once (header).
            drop(unsafe { Box::from_raw(fetcher) });
        }
    });
}

/// Starts a thread that refreshes the fetcher's addresses at once and then
/// every `interval_ms` milliseconds (at least 1000), and swaps the
/// verifier's CRL set whenever a new CRL arrived (and after the first
/// round). Verifications never wait for it. The fetcher may be freed
/// afterwards; the refresher keeps the verifier alive until
/// `qoltanba_refresher_stop`.
#[no_mangle]
pub extern "C" fn qoltanba_refresher_start(
    fetcher: *const qoltanba_fetcher,
    verifier: *const qoltanba_verifier,
    interval_ms: u32,
    out: *mut *mut qoltanba_refresher,
) -> qoltanba_result {
    guard(|| {
        out_ptr(out)?;
        let f = object(fetcher, "fetcher")?;
        object(verifier, "verifier")?;
        if interval_ms < 1000 {
            return Err(fail(
                QOLTANBA_INVALID_PARAMETER,
                "interval_ms is under 1000",
            ));
        }
        // SAFETY: a live verifier from Arc::into_raw in
        // qoltanba_verifier_builder_build (checked non-NULL above): one more
        // strong reference, owned by the refresher.
        let shared: Arc<qoltanba_verifier> = unsafe {
            Arc::increment_strong_count(verifier);
            Arc::from_raw(verifier)
        };
        let base = Arc::new(shared.base());
        let inner = Refresher::start(
            f.cache()?,
            base,
            f.urls.clone(),
            Duration::from_millis(u64::from(interval_ms)),
            move |v| shared.install(v),
            |_, _| {},
        )
        .map_err(|e| fail(QOLTANBA_ERROR, format!("refresher thread: {e}")))?;
        put(out, Box::into_raw(Box::new(qoltanba_refresher { inner })));
        Ok(())
    })
}

/// Stops a refresher (after the refresh under way, if any), waits for its
/// thread and frees it. NULL does nothing.
#[no_mangle]
pub extern "C" fn qoltanba_refresher_stop(refresher: *mut qoltanba_refresher) {
    guard_value((), || {
        if !refresher.is_null() {
            // SAFETY: a pointer from qoltanba_refresher_start, freed once
            // (header).
            let r = unsafe { Box::from_raw(refresher) };
            r.inner.stop();
        }
    });
}

#[cfg(test)]
#[path = "online_tests.rs"]
mod tests;
