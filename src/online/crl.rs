//! The on-disk CRL cache: the last **good** CRL of each address, replaced
//! only by a download that parses, is of the expected kind (full or delta),
//! verifies against its issuer and is not older (CRL number, thisUpdate)
//! than the copy it replaces. A failed download leaves the good copy in
//! place and is reported.
//!
//! Layout of the cache directory (one pair of files per address):
//!
//! ```text
//! DIR/crl/<key>.crl    the DER of the last good CRL
//! DIR/crl/<key>.meta   one `name=value` per line: url, fetched_from,
//!                      fetched_at, checked_at, etag, last_modified, issuer,
//!                      number, this_update, next_update, entries, delta
//! ```
//!
//! `<key>` is the first 16 bytes of the SHA-256 of the address (the one
//! written in the certificate, before any rewriting), in hex. Both files
//! are written to a temporary name and renamed into place, the CRL first.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use super::transport::{HttpRequest, Transport};
use super::{Failure, Rewrite};
use crate::cert::Certificate;
use crate::encoding::hex_lower;
use crate::error::Error;
use crate::revocation::Crl;
use crate::time::Time;
use crate::verifier::Verifier;

/// What is known about one cached CRL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrlRecord {
    /// The address (as the certificate or the configuration writes it).
    pub url: String,
    /// The address it was downloaded from (after rewriting).
    pub fetched_from: String,
    /// When it was downloaded.
    pub fetched_at: Time,
    /// When the address was last asked (a 304 or the same CRL again).
    pub checked_at: Time,
    /// The server's ETag, if any.
    pub etag: Option<String>,
    /// The server's Last-Modified, if any.
    pub last_modified: Option<String>,
    /// The CRL's issuer name.
    pub issuer: String,
    /// Its CRL number (hex), if any.
    pub number: Option<String>,
    /// thisUpdate.
    pub this_update: Time,
    /// nextUpdate, if any.
    pub next_update: Option<Time>,
    /// Number of entries.
    pub entries: usize,
    /// Whether it is a delta CRL.
    pub delta: bool,
    /// Size of the DER in bytes.
    pub size: usize,
}

impl CrlRecord {
    /// Whether the CRL may still be used at `now`, `grace` past its
    /// nextUpdate (a CRL without nextUpdate: always; the verifier's own
    /// freshness rules still apply).
    pub fn fresh_at(&self, now: Time, grace: std::time::Duration) -> bool {
        self.next_update.is_none_or(|n| {
            now.unix()
                <= n.unix()
                    .saturating_add(i64::try_from(grace.as_secs()).unwrap_or(i64::MAX))
        })
    }
}

/// The cache's clock.
#[derive(Clone)]
struct Clock(Arc<dyn Fn() -> Time + Send + Sync>);

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock({})", (self.0)().to_rfc3339())
    }
}

/// What a CRL at an address must be.
#[derive(Debug, Clone, Default)]
pub struct CrlExpectation {
    /// The CA that must have signed it (the issuer of the certificate whose
    /// distribution point this is). `None`: any CA the verifier knows.
    pub issuer: Option<Certificate>,
    /// `Some(true)`: a delta CRL (freshestCRL); `Some(false)`: a full one
    /// (cRLDistributionPoints); `None`: either.
    pub delta: Option<bool>,
}

/// The outcome of one refresh of an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refresh {
    /// A new CRL was downloaded, verified and stored.
    Updated(CrlRecord),
    /// The server said 304 Not Modified, or sent the CRL already held.
    Unchanged(CrlRecord),
    /// The download failed or was refused; the cached copy (if any) is
    /// unchanged and given here.
    Failed {
        /// Why.
        failure: Failure,
        /// The copy still held.
        cached: Option<CrlRecord>,
    },
}

impl Refresh {
    /// The record in the cache after this refresh.
    pub fn record(&self) -> Option<&CrlRecord> {
        match self {
            Refresh::Updated(r) | Refresh::Unchanged(r) => Some(r),
            Refresh::Failed { cached, .. } => cached.as_ref(),
        }
    }
}

/// The on-disk cache of good CRLs, keyed by address (see the module docs
/// for the layout). Shared by threads (`Arc<CrlCache>`): each address's
/// parsed CRL is held in memory after first use, parsed once.
#[derive(Debug)]
pub struct CrlCache {
    dir: PathBuf,
    transport: Arc<dyn Transport>,
    rewrites: Vec<Rewrite>,
    clock: Clock,
    memory: Mutex<HashMap<String, (Crl, CrlRecord)>>,
}

impl CrlCache {
    /// A cache in `dir` (created if missing) fetching with `transport`.
    ///
    /// # Errors
    ///
    /// The I/O error if the directory cannot be created.
    pub fn new(dir: impl Into<PathBuf>, transport: Arc<dyn Transport>) -> std::io::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(dir.join("crl"))?;
        Ok(CrlCache {
            dir,
            transport,
            rewrites: Vec::new(),
            clock: Clock(Arc::new(Time::now)),
            memory: Mutex::new(HashMap::new()),
        })
    }

    /// The default cache directory: `$QOLTANBA_CACHE_DIR`, else
    /// `$XDG_CACHE_HOME/qoltanba`, else `~/.cache/qoltanba` (on Windows
    /// `%LOCALAPPDATA%\qoltanba`, on macOS `~/Library/Caches/qoltanba`).
    pub fn default_dir() -> Option<PathBuf> {
        let env = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        if let Some(d) = env("QOLTANBA_CACHE_DIR") {
            return Some(d);
        }
        if cfg!(windows) {
            return env("LOCALAPPDATA").map(|d| d.join("qoltanba"));
        }
        if cfg!(target_os = "macos") {
            return env("HOME").map(|d| d.join("Library/Caches/qoltanba"));
        }
        env("XDG_CACHE_HOME")
            .map(|d| d.join("qoltanba"))
            .or_else(|| env("HOME").map(|d| d.join(".cache/qoltanba")))
    }

    /// Adds an address rewriting rule (see [`Rewrite`]); the first rule
    /// that matches applies.
    #[must_use]
    pub fn rewrite(mut self, rule: Rewrite) -> Self {
        self.rewrites.push(rule);
        self
    }

    /// Sets the clock that dates downloads and judges freshness (default
    /// [`Time::now`]; tests fix it).
    #[must_use]
    pub fn clock(mut self, clock: impl Fn() -> Time + Send + Sync + 'static) -> Self {
        self.clock = Clock(Arc::new(clock));
        self
    }

    /// The time by this cache's clock.
    pub fn now(&self) -> Time {
        (self.clock.0)()
    }

    /// The cache directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The transport in use.
    pub fn transport(&self) -> &Arc<dyn Transport> {
        &self.transport
    }

    /// `url` after the rewriting rules.
    pub fn rewritten(&self, url: &str) -> String {
        super::rewrite_url(&self.rewrites, url)
    }

    fn paths(&self, url: &str) -> (PathBuf, PathBuf) {
        let digest = Sha256::digest(url.as_bytes());
        let key = hex_lower(&digest[..16]);
        let base = self.dir.join("crl");
        (
            base.join(format!("{key}.crl")),
            base.join(format!("{key}.meta")),
        )
    }

    /// The good CRL held for `url`, from memory or from disk (parsed once,
    /// then kept in memory). A copy on disk that does not parse is ignored.
    pub fn cached(&self, url: &str) -> Option<(Crl, CrlRecord)> {
        if let Some(hit) = self.memory.lock().ok()?.get(url) {
            return Some(hit.clone());
        }
        let (crl_path, meta_path) = self.paths(url);
        let meta = std::fs::read_to_string(meta_path).ok()?;
        let record = parse_meta(&meta)?;
        if record.url != url {
            return None;
        }
        let der = std::fs::read(crl_path).ok()?;
        let crl = Crl::from_der_owned(der).ok()?;
        if crl.this_update() != record.this_update || crl.number() != record.number {
            return None;
        }
        let mut memory = self.memory.lock().ok()?;
        let entry = memory
            .entry(url.to_owned())
            .or_insert_with(|| (crl, record));
        Some(entry.clone())
    }

    /// Every record in the cache directory (for `qoltanba crl status`),
    /// sorted by address.
    pub fn records(&self) -> Vec<CrlRecord> {
        let mut out = Vec::new();
        if let Ok(dir) = std::fs::read_dir(self.dir.join("crl")) {
            for e in dir.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "meta") {
                    if let Some(r) = std::fs::read_to_string(&p)
                        .ok()
                        .and_then(|m| parse_meta(&m))
                    {
                        out.push(r);
                    }
                }
            }
        }
        out.sort_by(|a, b| a.url.cmp(&b.url));
        out
    }

    /// Downloads `url` (rewritten), conditionally when a copy is held, and
    /// keeps the download only if it is a good CRL as `expect` says, signed
    /// by a CA `verifier` knows, and not older than the held copy.
    pub fn refresh(&self, url: &str, expect: &CrlExpectation, verifier: &Verifier) -> Refresh {
        let cached = self.cached(url);
        let from = self.rewritten(url);
        let mut request = HttpRequest::get(&from);
        request.accept = Some("application/pkix-crl, */*");
        if let Some((_, r)) = &cached {
            request.if_none_match = r.etag.clone();
            request.if_modified_since = r.last_modified.clone();
        }
        let fail = |failure: Failure| Refresh::Failed {
            failure,
            cached: cached.as_ref().map(|(_, r)| r.clone()),
        };
        let response = match self.transport.send(&request) {
            Ok(r) => r,
            Err(e) => return fail(Failure::Transport(e)),
        };
        let now = self.now();
        if response.status == 304 {
            if let Some((crl, mut record)) = cached.clone() {
                record.checked_at = now;
                self.store_meta(url, &crl, &record);
                return Refresh::Unchanged(record);
            }
            return fail(Failure::Status(304));
        }
        if response.status != 200 {
            return fail(Failure::Status(response.status));
        }
        let crl = match parse_crl(response.body) {
            Ok(c) => c,
            Err(f) => return fail(f),
        };
        if let Some(delta) = expect.delta {
            if crl.is_delta() != delta {
                return fail(Failure::WrongKind {
                    expected_delta: delta,
                });
            }
        }
        if let Err(e) = verifier.check_crl(&crl, expect.issuer.as_ref()) {
            return fail(Failure::Untrusted(e.to_string()));
        }
        if let Some((old, old_record)) = &cached {
            if old.issuer() != crl.issuer() {
                return fail(Failure::Untrusted(format!(
                    "issued by {}, the cached CRL by {}",
                    crl.issuer(),
                    old.issuer()
                )));
            }
            if let Some(why) = older(&crl, old) {
                return fail(Failure::Older(why));
            }
            if crl.der() == old.der() {
                let mut record = old_record.clone();
                record.checked_at = now;
                record.etag = response.etag.or(record.etag);
                record.last_modified = response.last_modified.or(record.last_modified);
                self.store_meta(url, old, &record);
                return Refresh::Unchanged(record);
            }
        }
        let record = CrlRecord {
            url: url.to_owned(),
            fetched_from: from,
            fetched_at: now,
            checked_at: now,
            etag: response.etag,
            last_modified: response.last_modified,
            issuer: crl.issuer().to_owned(),
            number: crl.number(),
            this_update: crl.this_update(),
            next_update: crl.next_update(),
            entries: crl.len(),
            delta: crl.is_delta(),
            size: crl.der().len(),
        };
        if let Err(e) = self.store(url, &crl, &record) {
            return fail(Failure::Cache(e.to_string()));
        }
        Refresh::Updated(record)
    }

    /// Puts a CRL obtained elsewhere (verified by the caller) in the cache
    /// under `url`, as [`CrlCache::refresh`] would after a download.
    fn store(&self, url: &str, crl: &Crl, record: &CrlRecord) -> std::io::Result<()> {
        let (crl_path, meta_path) = self.paths(url);
        write_atomic(&crl_path, crl.der())?;
        write_atomic(&meta_path, format_meta(record).as_bytes())?;
        if let Ok(mut m) = self.memory.lock() {
            m.insert(url.to_owned(), (crl.clone(), record.clone()));
        }
        Ok(())
    }

    fn store_meta(&self, url: &str, crl: &Crl, record: &CrlRecord) {
        let (_, meta_path) = self.paths(url);
        // The copy stays good if its metadata cannot be rewritten: only
        // checked_at and the validators are lost.
        let _ = write_atomic(&meta_path, format_meta(record).as_bytes());
        if let Ok(mut m) = self.memory.lock() {
            m.insert(url.to_owned(), (crl.clone(), record.clone()));
        }
    }
}

/// Why `new` is older than `old`, if it is: a lower CRL number, or an
/// earlier thisUpdate.
fn older(new: &Crl, old: &Crl) -> Option<String> {
    if let (Some(n), Some(o)) = (new.number.as_ref(), old.number.as_ref()) {
        let cmp = n.len().cmp(&o.len()).then_with(|| n.cmp(o));
        if cmp == std::cmp::Ordering::Less {
            return Some(format!(
                "CRL number {} is lower than the cached {}",
                hex_lower(n),
                hex_lower(o)
            ));
        }
    }
    if new.this_update() < old.this_update() {
        return Some(format!(
            "thisUpdate {} is before the cached {}",
            new.this_update().to_rfc3339(),
            old.this_update().to_rfc3339()
        ));
    }
    None
}

/// A downloaded body as one CRL: DER, or PEM / base64 holding exactly one.
fn parse_crl(body: Vec<u8>) -> Result<Crl, Failure> {
    if body.is_empty() {
        return Err(Failure::Empty);
    }
    let head: Vec<u8> = body
        .iter()
        .take(512)
        .skip_while(|b| b.is_ascii_whitespace())
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    if head.starts_with(b"<!doctype html")
        || head.starts_with(b"<html")
        || head.starts_with(b"<?xml")
    {
        return Err(Failure::Html);
    }
    if body.first() == Some(&0x30) {
        return Crl::from_der_owned(body).map_err(|e| Failure::NotCrl(e.to_string()));
    }
    match Crl::all_from_any(&body) {
        Ok(mut v) if v.len() == 1 => Ok(v.remove(0)),
        Ok(v) => Err(Failure::NotCrl(format!("{} CRLs in one answer", v.len()))),
        Err(Error::Malformed { .. }) if head.first() == Some(&b'<') => Err(Failure::Html),
        Err(e) => Err(Failure::NotCrl(e.to_string())),
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!(
        "tmp{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn format_meta(r: &CrlRecord) -> String {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let clean = |s: &str| s.replace(['\n', '\r'], " ");
    format!(
        "url={}\nfetched_from={}\nfetched_at={}\nchecked_at={}\netag={}\nlast_modified={}\nissuer={}\nnumber={}\nthis_update={}\nnext_update={}\nentries={}\ndelta={}\nsize={}\n",
        clean(&r.url),
        clean(&r.fetched_from),
        r.fetched_at.to_rfc3339(),
        r.checked_at.to_rfc3339(),
        clean(&opt(&r.etag)),
        clean(&opt(&r.last_modified)),
        clean(&r.issuer),
        opt(&r.number),
        r.this_update.to_rfc3339(),
        r.next_update.map(Time::to_rfc3339).unwrap_or_default(),
        r.entries,
        r.delta,
        r.size,
    )
}

fn parse_meta(text: &str) -> Option<CrlRecord> {
    let mut m = HashMap::new();
    for line in text.lines() {
        if let Some((k, v)) = line.split_once('=') {
            m.insert(k, v);
        }
    }
    let s = |k: &str| m.get(k).map(|v| (*v).to_owned());
    let opt = |k: &str| s(k).filter(|v| !v.is_empty());
    let t = |k: &str| m.get(k).and_then(|v| Time::parse_rfc3339(v));
    Some(CrlRecord {
        url: s("url")?,
        fetched_from: s("fetched_from")?,
        fetched_at: t("fetched_at")?,
        checked_at: t("checked_at")?,
        etag: opt("etag"),
        last_modified: opt("last_modified"),
        issuer: s("issuer")?,
        number: opt("number"),
        this_update: t("this_update")?,
        next_update: t("next_update"),
        entries: m.get("entries")?.parse().ok()?,
        delta: m.get("delta")? == &"true",
        size: m.get("size")?.parse().ok()?,
    })
}
