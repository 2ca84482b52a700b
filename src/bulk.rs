//! Bulk verification: a stream of signed documents through one shared
//! [`Verifier`], on a fixed number of threads, with flat memory.
//!
//! Every document is checked in full (its signature, signed attributes,
//! the signer's certificate path at the given time, revocation, policy).
//! What repeats from one document to the next is done once per verifier:
//! parsing a certificate, checking an issuer's signature on a certificate
//! (see `cache.rs`), verifying a CRL's signature (the revocation store),
//! and revocation lookups are O(1) in an index built when the CRL was
//! loaded. What is left per document is parsing it, hashing its content,
//! and the one signature check of its signer.

use std::sync::Mutex;

use crate::cache::CacheStats;
use crate::cms::{DocumentReport, SignedDocument};
use crate::context::Context;
use crate::error::Error;
use crate::policy::Options;

/// How a bulk run is carried out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[must_use]
pub struct BulkOptions {
    /// Worker threads (at least 1). Default: the number of CPUs.
    pub threads: usize,
}

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

impl BulkOptions {
    /// One worker per CPU.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the number of worker threads (0 is taken as 1).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }
}

/// Counts of a bulk run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
#[must_use]
pub struct BulkSummary {
    /// Documents seen.
    pub documents: usize,
    /// Documents valid.
    pub valid: usize,
    /// Documents that decoded but are not valid.
    pub invalid: usize,
    /// Documents that did not decode.
    pub malformed: usize,
}

impl BulkSummary {
    fn count(&mut self, result: &Result<DocumentReport, Error>) {
        self.documents += 1;
        match result {
            Ok(r) if r.valid => self.valid += 1,
            Ok(_) => self.invalid += 1,
            Err(_) => self.malformed += 1,
        }
    }
}

impl Context {
    /// See [`Verifier::parse_document`](crate::Verifier::parse_document).
    pub(crate) fn parse_document(&self, input: &[u8]) -> Result<SignedDocument, Error> {
        SignedDocument::from_any_cached(input, &self.caches.certificates)
    }

    /// See [`Verifier::verify_document_bytes`](crate::Verifier::verify_document_bytes).
    pub(crate) fn verify_document_bytes(
        &self,
        input: &[u8],
        detached: Option<&[u8]>,
        options: &Options,
    ) -> Result<DocumentReport, Error> {
        self.verify_document_in_place(input, detached, options)
    }

    /// See [`Verifier::verify_documents`](crate::Verifier::verify_documents).
    pub(crate) fn verify_documents<I, D, F>(
        &self,
        documents: I,
        options: &Options,
        bulk: &BulkOptions,
        sink: F,
    ) -> BulkSummary
    where
        I: IntoIterator<Item = D>,
        I::IntoIter: Send,
        D: AsRef<[u8]> + Send,
        F: FnMut(usize, Result<DocumentReport, Error>) + Send,
    {
        self.verify_documents_with(documents, Ok, options, bulk, sink)
    }

    /// See [`Verifier::verify_documents_with`](crate::Verifier::verify_documents_with).
    pub(crate) fn verify_documents_with<I, T, D, L, F>(
        &self,
        items: I,
        load: L,
        options: &Options,
        bulk: &BulkOptions,
        sink: F,
    ) -> BulkSummary
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send,
        T: Send,
        L: Fn(T) -> Result<D, Error> + Sync,
        D: AsRef<[u8]>,
        F: FnMut(usize, Result<DocumentReport, Error>) + Send,
    {
        let source = Mutex::new(items.into_iter().enumerate());
        let sink = Mutex::new((sink, BulkSummary::default()));
        let work = || loop {
            // The source lock is held only to take the next item; loading
            // it (reading a file) happens outside, on this worker.
            let next = match source.lock() {
                Ok(mut s) => s.next(),
                Err(_) => None,
            };
            let Some((i, item)) = next else { break };
            let result =
                load(item).and_then(|doc| self.verify_document_bytes(doc.as_ref(), None, options));
            if let Ok(mut guard) = sink.lock() {
                let (f, summary) = &mut *guard;
                summary.count(&result);
                f(i, result);
            }
        };
        let threads = bulk.threads.max(1);
        if threads == 1 {
            work();
        } else {
            std::thread::scope(|s| {
                for _ in 0..threads {
                    s.spawn(work);
                }
            });
        }
        match sink.into_inner() {
            Ok((_, summary)) => summary,
            Err(poisoned) => poisoned.into_inner().1,
        }
    }

    /// See [`Verifier::cache_stats`](crate::Verifier::cache_stats).
    pub(crate) fn cache_stats(&self) -> CacheStats {
        self.caches.stats()
    }
}
