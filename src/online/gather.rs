//! [`Online`]: gathers the evidence a verification needs (OCSP answers,
//! full and delta CRLs) by [`OnlinePolicy`], hands it to the verifier like
//! evidence a caller gives, and reports where each piece came from and
//! every attempt that failed.

use std::sync::Arc;
use std::time::Duration;

use super::crl::{CrlCache, CrlExpectation, Refresh};
use super::ocsp::OcspClient;
use super::{Attempt, EvidenceKind};
use crate::cert::Certificate;
use crate::cms::{DocumentReport, SignedDocument};
use crate::error::Error;
use crate::policy::Options;
use crate::report::Report;
use crate::revocation::{Crl, OcspCertStatus, OcspResponse};
use crate::time::Time;
use crate::verifier::Verifier;

/// Which evidence is asked for, in which order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum EvidenceOrder {
    /// OCSP first; CRLs when OCSP gives no answer (if
    /// [`OnlinePolicy::ocsp_fallback`]) or the certificate names no
    /// responder.
    OcspThenCrl,
    /// CRLs only (the default: the national CA's CRLs cover everything and
    /// are cached).
    #[default]
    CrlOnly,
}

/// How [`Online`] gathers evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlinePolicy {
    /// Order of evidence (default [`EvidenceOrder::CrlOnly`]).
    pub order: EvidenceOrder,
    /// Fall back to CRLs when OCSP gives no usable answer (default true).
    pub ocsp_fallback: bool,
    /// How long past its nextUpdate a cached CRL may still be used when no
    /// newer one can be had (default zero: not past nextUpdate). The
    /// verifier's own freshness rule still applies on top.
    pub max_staleness: Duration,
    /// Ask the network again when the cached copy was last checked longer
    /// ago than this, even if it is fresh (default one hour; conditional
    /// requests make this cheap).
    pub recheck_after: Duration,
    /// Fetch delta CRLs (freshestCRL) too (default true).
    pub deltas: bool,
    /// A certificate that names a delta CRL and whose delta cannot be had
    /// fresh is refused as "revocation status unknown" (default true: a
    /// base CRL alone misses the latest revocations).
    pub require_delta: bool,
    /// Also gather for the CAs of the path (default true).
    pub ca_certificates: bool,
}

impl Default for OnlinePolicy {
    fn default() -> Self {
        OnlinePolicy {
            order: EvidenceOrder::CrlOnly,
            ocsp_fallback: true,
            max_staleness: Duration::ZERO,
            recheck_after: Duration::from_secs(3600),
            deltas: true,
            require_delta: true,
            ca_certificates: true,
        }
    }
}

/// Where a piece of evidence came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Carried by the signed document.
    Document,
    /// Given by the caller (the verifier's or the call's evidence).
    Caller,
    /// The on-disk (or in-memory) cache, without a new download.
    Cache,
    /// Downloaded for this verification.
    Network,
}

impl Source {
    /// `document`, `caller`, `cache` or `network`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Document => "document",
            Source::Caller => "caller",
            Source::Cache => "cache",
            Source::Network => "network",
        }
    }
}

/// One piece of evidence a verification used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRecord {
    /// What it is.
    pub kind: EvidenceKind,
    /// Where it came from.
    pub source: Source,
    /// Its address, when fetched or cached.
    pub url: Option<String>,
    /// When it was downloaded (cache and network).
    pub fetched_at: Option<Time>,
    /// Its issuer (CRL) or responder (OCSP).
    pub issuer: String,
    /// CRL number (hex), if any.
    pub number: Option<String>,
    /// thisUpdate (CRL) or producedAt (OCSP).
    pub this_update: Time,
    /// nextUpdate, if any.
    pub next_update: Option<Time>,
}

/// A verification's report with the evidence behind it.
#[derive(Debug, Clone)]
#[must_use]
pub struct OnlineReport<R> {
    /// The verifier's report, unchanged.
    pub report: R,
    /// Every piece of evidence used, with its source.
    pub evidence: Vec<EvidenceRecord>,
    /// Every attempt that failed (a failure whose evidence was then found
    /// elsewhere is listed too).
    pub attempts: Vec<Attempt>,
    /// Certificates whose required evidence could not be had fresh (a
    /// delta CRL, under [`OnlinePolicy::require_delta`]), with why: each
    /// makes [`OnlineReport::result`] "revocation status unknown".
    pub missing: Vec<Error>,
}

impl OnlineReport<Report> {
    /// The verdict: the report's, else the first missing evidence.
    pub fn result(&self) -> Result<(), Error> {
        self.report.result()?;
        self.missing.first().map_or(Ok(()), |e| Err(e.clone()))
    }
}

impl OnlineReport<DocumentReport> {
    /// The verdict: the report's, else the first missing evidence.
    pub fn result(&self) -> Result<(), Error> {
        self.report.result()?;
        self.missing.first().map_or(Ok(()), |e| Err(e.clone()))
    }
}

/// Gathers live evidence for verifications: the CRL cache, the OCSP
/// client, a policy. Share it (`Arc<Online>`) across threads.
#[derive(Debug)]
pub struct Online {
    cache: Arc<CrlCache>,
    ocsp: Option<OcspClient>,
    policy: OnlinePolicy,
}

/// What [`Online::gather`] found.
#[derive(Debug, Default)]
struct Gathered {
    crls: Vec<Crl>,
    ocsp: Vec<OcspResponse>,
    evidence: Vec<EvidenceRecord>,
    attempts: Vec<Attempt>,
    missing: Vec<Error>,
}

impl Online {
    /// Gathers with `cache` (and no OCSP client) by `policy`.
    pub fn new(cache: Arc<CrlCache>, policy: OnlinePolicy) -> Self {
        Online {
            cache,
            ocsp: None,
            policy,
        }
    }

    /// Adds an OCSP client (used when the policy orders OCSP).
    #[must_use]
    pub fn with_ocsp(mut self, client: OcspClient) -> Self {
        self.ocsp = Some(client);
        self
    }

    /// The CRL cache.
    pub fn cache(&self) -> &Arc<CrlCache> {
        &self.cache
    }

    /// The policy.
    pub fn policy(&self) -> &OnlinePolicy {
        &self.policy
    }

    /// Validates `cert` like [`Verifier::verify_certificate`], with the
    /// evidence gathered for it and its CAs added to `options`' evidence.
    pub fn verify_certificate(
        &self,
        verifier: &Verifier,
        cert: &Certificate,
        options: &Options,
    ) -> OnlineReport<Report> {
        let mut g = Gathered::default();
        self.caller_evidence(verifier, options, &mut g);
        self.gather(verifier, cert, &options.intermediates, &mut g);
        let opts = with_evidence(options, &g);
        let report = verifier.verify_certificate(cert, &opts);
        OnlineReport {
            report,
            evidence: g.evidence,
            attempts: g.attempts,
            missing: g.missing,
        }
    }

    /// Verifies `doc` like [`Verifier::verify_document`], with the evidence
    /// gathered for every certificate the document carries.
    pub fn verify_document(
        &self,
        verifier: &Verifier,
        doc: &SignedDocument,
        detached: Option<&[u8]>,
        options: &Options,
    ) -> OnlineReport<DocumentReport> {
        let mut g = Gathered::default();
        self.caller_evidence(verifier, options, &mut g);
        for crl in doc.crls() {
            g.evidence
                .push(crl_record(crl, Source::Document, None, None));
        }
        let mut extra: Vec<Certificate> = options.intermediates.clone();
        extra.extend(doc.certificates().iter().cloned());
        let mut seen = Vec::new();
        for cert in doc.certificates() {
            if cert.is_ca() {
                continue;
            }
            self.gather_chain(verifier, cert, &extra, &mut g, &mut seen);
        }
        let opts = with_evidence(options, &g);
        let report = verifier.verify_document(doc, detached, &opts);
        OnlineReport {
            report,
            evidence: g.evidence,
            attempts: g.attempts,
            missing: g.missing,
        }
    }

    /// The CRLs and OCSP answers for `cert` and the CAs above it, as a
    /// store to give [`Options::crls`] or [`Verifier::with_revocation_of`],
    /// with the records and failed attempts.
    pub fn evidence_for(
        &self,
        verifier: &Verifier,
        cert: &Certificate,
        intermediates: &[Certificate],
    ) -> (
        crate::revocation::RevocationStore,
        Vec<EvidenceRecord>,
        Vec<Attempt>,
    ) {
        let mut g = Gathered::default();
        self.gather(verifier, cert, intermediates, &mut g);
        let mut store = crate::revocation::RevocationStore::new();
        for c in g.crls {
            store.add(c);
        }
        for r in g.ocsp {
            store.add_ocsp(r);
        }
        (store, g.evidence, g.attempts)
    }

    fn caller_evidence(&self, verifier: &Verifier, options: &Options, g: &mut Gathered) {
        for crl in verifier
            .revocation()
            .crls()
            .iter()
            .chain(options.crls.crls())
        {
            g.evidence.push(crl_record(crl, Source::Caller, None, None));
        }
        for r in verifier
            .revocation()
            .ocsp_responses()
            .iter()
            .chain(options.crls.ocsp_responses())
        {
            g.evidence.push(ocsp_record(r, Source::Caller, None, None));
        }
    }

    fn gather(
        &self,
        verifier: &Verifier,
        cert: &Certificate,
        intermediates: &[Certificate],
        g: &mut Gathered,
    ) {
        let mut seen = Vec::new();
        self.gather_chain(verifier, cert, intermediates, g, &mut seen);
    }

    /// Evidence for `cert` and, by policy, each CA above it up to an
    /// anchor (issuers found by name among the verifier's certificates and
    /// `extra`).
    fn gather_chain(
        &self,
        verifier: &Verifier,
        cert: &Certificate,
        extra: &[Certificate],
        g: &mut Gathered,
        seen: &mut Vec<[u8; 32]>,
    ) {
        let mut current = cert.clone();
        for _ in 0..8 {
            if current.is_self_issued() {
                return;
            }
            let Some(fp) = current.fingerprint() else {
                return;
            };
            if seen.contains(&fp) {
                return;
            }
            seen.push(fp);
            let issuer = find_issuer(&current, verifier, extra);
            self.gather_one(verifier, &current, issuer.as_ref(), g);
            match issuer {
                Some(i) if self.policy.ca_certificates => current = i,
                _ => return,
            }
        }
    }

    fn gather_one(
        &self,
        verifier: &Verifier,
        cert: &Certificate,
        issuer: Option<&Certificate>,
        g: &mut Gathered,
    ) {
        let now = self.cache.now();
        if self.policy.order == EvidenceOrder::OcspThenCrl {
            if let (Some(client), Some(issuer)) = (&self.ocsp, issuer) {
                match client.check(verifier, cert, issuer, now) {
                    Ok((response, url, status)) => {
                        g.evidence.push(ocsp_record(
                            &response,
                            Source::Network,
                            Some(url),
                            Some(now),
                        ));
                        g.ocsp.push(response);
                        let answered = matches!(
                            status,
                            OcspCertStatus::Good | OcspCertStatus::Revoked { .. }
                        );
                        if answered || !self.policy.ocsp_fallback {
                            return;
                        }
                    }
                    Err(attempts) => {
                        g.attempts.extend(attempts);
                        if !self.policy.ocsp_fallback {
                            return;
                        }
                    }
                }
            }
        }
        let expect = |delta| CrlExpectation {
            issuer: issuer.cloned(),
            delta: Some(delta),
        };
        let full = cert.crl_urls();
        self.first_good(verifier, &full, &expect(false), EvidenceKind::Crl, g);
        if self.policy.deltas {
            let deltas = cert.delta_crl_urls();
            if !deltas.is_empty()
                && !self.first_good(verifier, &deltas, &expect(true), EvidenceKind::DeltaCrl, g)
                && self.policy.require_delta
            {
                g.missing.push(Error::RevocationStatusUnknown {
                    subject: cert.subject().to_owned(),
                    detail: format!("no fresh delta CRL from {}", deltas.join(", ")),
                });
            }
        }
    }

    /// Uses the first address of `urls` that gives a fresh good CRL (from
    /// the cache, or downloaded); records every failure. Returns whether
    /// one was found.
    fn first_good(
        &self,
        verifier: &Verifier,
        urls: &[String],
        expect: &CrlExpectation,
        kind: EvidenceKind,
        g: &mut Gathered,
    ) -> bool {
        let now = self.cache.now();
        for url in urls {
            let cached = self.cache.cached(url);
            if let Some((crl, record)) = &cached {
                let recent = now.unix().saturating_sub(record.checked_at.unix())
                    < i64::try_from(self.policy.recheck_after.as_secs()).unwrap_or(i64::MAX);
                if recent && record.fresh_at(now, self.policy.max_staleness) {
                    g.evidence.push(crl_record(
                        crl,
                        Source::Cache,
                        Some(url.clone()),
                        Some(record.fetched_at),
                    ));
                    g.crls.push(crl.clone());
                    return true;
                }
            }
            let outcome = self.cache.refresh(url, expect, verifier);
            let source = match &outcome {
                Refresh::Updated(_) => Source::Network,
                Refresh::Unchanged(_) => Source::Cache,
                Refresh::Failed { failure, .. } => {
                    g.attempts.push(Attempt {
                        url: url.clone(),
                        kind,
                        at: now,
                        failure: failure.clone(),
                    });
                    Source::Cache
                }
            };
            if let Some((crl, record)) = self.cache.cached(url) {
                if record.fresh_at(now, self.policy.max_staleness) {
                    g.evidence.push(crl_record(
                        &crl,
                        source,
                        Some(url.clone()),
                        Some(record.fetched_at),
                    ));
                    g.crls.push(crl);
                    return true;
                }
            }
        }
        false
    }
}

/// `options` with the gathered CRLs and OCSP answers added to its evidence.
fn with_evidence(options: &Options, g: &Gathered) -> Options {
    let mut opts = options.clone();
    for c in &g.crls {
        opts.crls.add(c.clone());
    }
    for r in &g.ocsp {
        opts.crls.add_ocsp(r.clone());
    }
    opts
}

/// The issuer of `cert` among the verifier's certificates and `extra`:
/// by name, and by key identifier when both give one.
fn find_issuer(
    cert: &Certificate,
    verifier: &Verifier,
    extra: &[Certificate],
) -> Option<Certificate> {
    let data = cert.data();
    verifier
        .known_certificates()
        .chain(extra.iter())
        .find(|c| {
            c.data().subject_key == data.issuer_key
                && match (&c.data().ski, &data.aki) {
                    (Some(s), Some(a)) => s == a,
                    _ => true,
                }
        })
        .cloned()
}

pub(super) fn crl_record(
    crl: &Crl,
    source: Source,
    url: Option<String>,
    fetched_at: Option<Time>,
) -> EvidenceRecord {
    EvidenceRecord {
        kind: if crl.is_delta() {
            EvidenceKind::DeltaCrl
        } else {
            EvidenceKind::Crl
        },
        source,
        url,
        fetched_at,
        issuer: crl.issuer().to_owned(),
        number: crl.number(),
        this_update: crl.this_update(),
        next_update: crl.next_update(),
    }
}

pub(super) fn ocsp_record(
    r: &OcspResponse,
    source: Source,
    url: Option<String>,
    fetched_at: Option<Time>,
) -> EvidenceRecord {
    EvidenceRecord {
        kind: EvidenceKind::Ocsp,
        source,
        url,
        fetched_at,
        issuer: r.responder(),
        number: None,
        this_update: r.produced_at(),
        next_update: None,
    }
}
