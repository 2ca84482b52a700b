//! Revocation: CRLs and delta CRLs, verified against their issuer, checked
//! for freshness, and looked up in O(1) per serial (RFC 5280 sections 5 and
//! 6.3), and OCSP responses (RFC 6960). `crl.rs` holds the CRL data,
//! `ocsp.rs` the OCSP data and its responder checks; this file decides what
//! the evidence together says.

mod crl;
mod delta;
mod index;
mod ocsp;
mod scope;

use std::collections::HashMap;
use std::sync::RwLock;

pub use crl::Crl;
pub(crate) use ocsp::{verify_ocsp, OcspRules};

pub use ocsp::{OcspCertStatus, OcspResponse};
pub(crate) use scope::{CrlSigners, MAX_CRL_SIGNER_DEPTH};

use crate::algorithm::SignatureVerifier;
use crate::cache::HashedKeys;
use crate::cert::{Certificate, KeyUsage};
use crate::error::Error;
use crate::time::Time;
pub use crate::vocabulary::RevocationReason;

/// What the revocation data say about one certificate at one time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Status {
    /// A fresh, verified CRL covers the certificate and does not list it (or
    /// lists it with a revocation date after the validation time).
    Good,
    /// Revoked at or before the validation time.
    Revoked(Error),
    /// No usable evidence; the detail says why. `no_data` is true when no CRL
    /// of the issuer was given at all (as opposed to stale or refused ones).
    Unknown { detail: String, no_data: bool },
    /// The only CRLs of the issuer were refused (bad signature, ...).
    CrlRefused(Error),
}

/// A CRL or OCSP response (by index), the SHA-256 of the certificate it
/// was checked with (which fixes the key, its key usage and names), and
/// how it was checked (the backend, whether SHA-1 was allowed): a store
/// given in [`Options`](crate::Options) may serve verifiers of different
/// policies. Equal keys are compared in full; the map's (keyed) hash reads
/// the index and 8 bytes of the fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CrlSignerKey {
    index: usize,
    issuer: [u8; 32],
    backend: &'static str,
    allow_legacy: bool,
}

impl std::hash::Hash for CrlSignerKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_usize(self.index);
        state.write_u64(crate::cache::prefix(&self.issuer));
    }
}

/// Most verification outcomes a store remembers (48 bytes each); when
/// full, the cache is emptied and refills with what repeats.
const MAX_VERIFIED: usize = 4096;

/// A set of CRLs and delta CRLs, built once and shared by any number of
/// threads. CRL signatures are verified against the issuer of each
/// certificate looked up, and the outcome is cached.
#[derive(Debug, Default)]
pub struct RevocationStore {
    crls: Vec<Crl>,
    /// CRL indexes by [`NameKey::hash64`] of their issuer (a match is
    /// confirmed on the name).
    by_issuer: HashMap<u64, Vec<usize>, HashedKeys>,
    /// (CRL index, issuer certificate) -> verification outcome.
    verified: RwLock<HashMap<CrlSignerKey, Result<(), Error>, HashedKeys>>,
    ocsp: Vec<OcspResponse>,
    /// (OCSP response index, issuer certificate) -> verification outcome,
    /// only for responses whose verification did not depend on a delegated
    /// responder's revocation status (that depends on the time and on the
    /// CRLs of each call).
    ocsp_verified: RwLock<HashMap<CrlSignerKey, Result<(), Error>, HashedKeys>>,
}

/// A clone shares the parsed CRLs (their DER and indexes are behind `Arc`s)
/// and keeps the successful signature checks already made (the CRLs keep
/// their positions; a failure is checked again, it may be the backend's):
/// a clone that gets one more CRL (a new delta) checks only that one's
/// signature, not the base's again (hashing a 42 MB base costs about
/// 30 ms).
impl Clone for RevocationStore {
    fn clone(&self) -> Self {
        let mut s = RevocationStore::default();
        for c in &self.crls {
            s.add(c.clone());
        }
        for r in &self.ocsp {
            s.add_ocsp(r.clone());
        }
        let copy = |m: &RwLock<HashMap<CrlSignerKey, Result<(), Error>, HashedKeys>>| {
            let ok = m
                .read()
                .map(|m| {
                    m.iter()
                        .filter(|(_, r)| r.is_ok())
                        .map(|(k, r)| (*k, r.clone()))
                        .collect()
                })
                .unwrap_or_default();
            RwLock::new(ok)
        };
        s.verified = copy(&self.verified);
        s.ocsp_verified = copy(&self.ocsp_verified);
        s
    }
}

impl RevocationStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a parsed CRL (full or delta).
    pub fn add(&mut self, crl: Crl) {
        let i = self.crls.len();
        self.by_issuer
            .entry(crl.issuer_key.hash64())
            .or_default()
            .push(i);
        self.crls.push(crl);
    }

    /// Parses and adds every CRL in DER, PEM or base64 input.
    pub fn add_any(&mut self, input: &[u8]) -> Result<(), Error> {
        for crl in Crl::all_from_any(input)? {
            self.add(crl);
        }
        Ok(())
    }

    /// The CRLs held.
    pub fn crls(&self) -> &[Crl] {
        &self.crls
    }

    /// Adds an OCSP response (RFC 6960). It vouches for a certificate only
    /// after its signature and responder are verified against the
    /// certificate's issuer.
    pub fn add_ocsp(&mut self, response: OcspResponse) {
        self.ocsp.push(response);
    }

    /// The OCSP responses held.
    pub fn ocsp_responses(&self) -> &[OcspResponse] {
        &self.ocsp
    }

    /// Verifies OCSP response `index` against `issuer` (cached).
    fn verify_ocsp(
        &self,
        index: usize,
        issuer: &Certificate,
        backend: &dyn SignatureVerifier,
        allow_legacy: bool,
        responder_status: &dyn Fn(&Certificate) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let key = issuer.fingerprint().map(|issuer| CrlSignerKey {
            index,
            issuer,
            backend: backend.name(),
            allow_legacy,
        });
        if let Some(r) = key.and_then(|k| cached(&self.ocsp_verified, &k)) {
            return r;
        }
        // A delegated responder's own status is asked anew each time.
        let consulted = std::cell::Cell::new(false);
        let status = |responder: &Certificate| {
            consulted.set(true);
            responder_status(responder)
        };
        let result = self.ocsp[index].verify(issuer, backend, allow_legacy, &status);
        if let (Some(key), false) = (key, consulted.get()) {
            remember(&self.ocsp_verified, key, &result);
        }
        result
    }

    /// What the OCSP responses of `stores` say about `cert` at `time`:
    /// revoked by any wins; then unknown; then good; then the refusal or
    /// staleness of the responses that speak about it; `None` if none does.
    /// A delegated responder without id-pkix-ocsp-nocheck must be found good
    /// by the CRLs. Each response is checked against `time` with `skew`
    /// (see [`OcspResponse::status_at`]): a delegated responder valid at
    /// `time`, no producedAt or thisUpdate after `time` + `skew`, and every
    /// SingleResponse about `cert` considered.
    #[expect(
        clippy::too_many_arguments,
        reason = "the path engine's inputs, passed through"
    )]
    pub(crate) fn ocsp_status(
        stores: &[&RevocationStore],
        cert: &Certificate,
        issuer: &Certificate,
        time: Time,
        backend: &dyn SignatureVerifier,
        allow_legacy: bool,
        max_age: std::time::Duration,
        skew: std::time::Duration,
    ) -> Option<Result<OcspCertStatus, Error>> {
        let responder_status = |responder: &Certificate| {
            Self::responder_status(stores, responder, issuer, time, backend, allow_legacy)
        };
        let mut answers: Vec<Result<OcspCertStatus, Error>> = Vec::new();
        for store in stores {
            for (i, response) in store.ocsp.iter().enumerate() {
                if !response.covers(cert, issuer) {
                    continue;
                }
                let answer = store
                    .verify_ocsp(i, issuer, backend, allow_legacy, &responder_status)
                    .and_then(|()| {
                        response
                            .status_at(cert, issuer, time, max_age, skew)
                            .unwrap_or(Ok(OcspCertStatus::Unknown))
                    });
                answers.push(answer);
            }
        }
        let revoked = answers
            .iter()
            .find(|a| matches!(a, Ok(OcspCertStatus::Revoked { .. })));
        let unknown = answers
            .iter()
            .find(|a| matches!(a, Ok(OcspCertStatus::Unknown)));
        let good = answers
            .iter()
            .find(|a| matches!(a, Ok(OcspCertStatus::Good)));
        revoked
            .or(unknown)
            .or(good)
            .or_else(|| answers.first())
            .cloned()
    }

    /// Checks one CRL's signature and issuer authority against `issuer`.
    fn verify_crl(
        &self,
        index: usize,
        issuer: &Certificate,
        backend: &dyn SignatureVerifier,
        allow_legacy: bool,
    ) -> Result<(), Error> {
        let key = issuer.fingerprint().map(|issuer| CrlSignerKey {
            index,
            issuer,
            backend: backend.name(),
            allow_legacy,
        });
        if let Some(r) = key.and_then(|k| cached(&self.verified, &k)) {
            return r;
        }
        let result = check_crl_signature(&self.crls[index], issuer, backend, allow_legacy);
        if let Some(key) = key {
            remember(&self.verified, key, &result);
        }
        result
    }

    /// The revocation status of `cert`, issued by `issuer`, at `time`.
    /// `path` is the validated path `cert` is on: a CRL signed by another key
    /// of the same CA (key rollover, RFC 5280 6.3.3 (f)) may be verified with
    /// a certificate of that CA on the path; `signers`, if given, finds and
    /// validates CRL signers outside the path (`scope.rs`).
    ///
    /// `stores` are consulted together: the verifier's own, and the
    /// evidence given for one validation (a document's). CRLs and OCSP
    /// combine: revoked by either is revoked; an OCSP "unknown" is unknown
    /// (fail closed); good OCSP covers a certificate that no CRL covers.
    #[expect(
        clippy::too_many_arguments,
        reason = "the path engine's inputs, passed through"
    )]
    pub(crate) fn status(
        stores: &[&RevocationStore],
        cert: &Certificate,
        issuer: &Certificate,
        path: &[&Certificate],
        time: Time,
        backend: &dyn SignatureVerifier,
        allow_legacy: bool,
        ocsp_max_age: std::time::Duration,
        max_clock_skew: std::time::Duration,
        signers: Option<&dyn CrlSigners>,
    ) -> Status {
        let crl = Self::crl_status_in(
            stores,
            cert,
            issuer,
            path,
            time,
            backend,
            allow_legacy,
            signers,
        );
        let ocsp = Self::ocsp_status(
            stores,
            cert,
            issuer,
            time,
            backend,
            allow_legacy,
            ocsp_max_age,
            max_clock_skew,
        );
        let Some(ocsp) = ocsp else { return crl };
        match (ocsp, crl) {
            (Ok(OcspCertStatus::Revoked { time: at, reason }), _) => {
                Status::Revoked(Error::CertRevoked {
                    subject: cert.subject().to_owned(),
                    serial: cert.serial_hex().to_owned(),
                    revoked_at: at,
                    reason,
                })
            }
            (_, Status::Revoked(e)) => Status::Revoked(e),
            (Ok(OcspCertStatus::Unknown), _) => Status::Unknown {
                detail: "the OCSP responder does not know the certificate".into(),
                no_data: false,
            },
            (Ok(OcspCertStatus::Good), _) => Status::Good,
            (Err(_), Status::Good) => Status::Good,
            (Err(e), Status::Unknown { .. } | Status::CrlRefused(_)) => Status::CrlRefused(e),
        }
    }

    /// A delegated OCSP responder's own status by the CRLs of `issuer` at
    /// `time` (RFC 6960 4.2.2.2.1, for a responder without
    /// id-pkix-ocsp-nocheck): good, or why not.
    fn responder_status(
        stores: &[&RevocationStore],
        responder: &Certificate,
        issuer: &Certificate,
        time: Time,
        backend: &dyn SignatureVerifier,
        allow_legacy: bool,
    ) -> Result<(), Error> {
        match Self::crl_status(
            stores,
            responder,
            issuer,
            &[issuer],
            time,
            backend,
            allow_legacy,
        ) {
            Status::Good => Ok(()),
            Status::Revoked(e) | Status::CrlRefused(e) => Err(e),
            Status::Unknown { detail, .. } => Err(Error::RevocationStatusUnknown {
                subject: responder.subject().to_owned(),
                detail,
            }),
        }
    }

    /// What the CRLs alone say (see [`RevocationStore::status`]), with
    /// CRL signers on `path` only.
    pub(crate) fn crl_status(
        stores: &[&RevocationStore],
        cert: &Certificate,
        issuer: &Certificate,
        path: &[&Certificate],
        time: Time,
        backend: &dyn SignatureVerifier,
        allow_legacy: bool,
    ) -> Status {
        Self::crl_status_in(
            stores,
            cert,
            issuer,
            path,
            time,
            backend,
            allow_legacy,
            None,
        )
    }

    /// What the CRLs alone say, CRL signers outside `path` validated by
    /// `signers` (RFC 5280 6.3.3): the CRLs are grouped by issuer and the
    /// reasons they cover for `cert` (`scope.rs`); revoked by any group is
    /// revoked; good needs groups found good that together cover every
    /// reason; otherwise the status is unknown (or the refusal of a group's
    /// CRLs).
    #[expect(
        clippy::too_many_arguments,
        reason = "the path engine's inputs, passed through"
    )]
    pub(crate) fn crl_status_in(
        stores: &[&RevocationStore],
        cert: &Certificate,
        issuer: &Certificate,
        path: &[&Certificate],
        time: Time,
        backend: &dyn SignatureVerifier,
        allow_legacy: bool,
        signers: Option<&dyn CrlSigners>,
    ) -> Status {
        let (groups, any) = scope::groups(stores, cert, issuer);
        if groups.is_empty() {
            return Status::Unknown {
                detail: if any {
                    "no complete CRL of the issuer covers this certificate".into()
                } else {
                    "no CRL of the issuer".into()
                },
                no_data: !any,
            };
        }
        let mut covered = 0u16;
        let mut other: Option<Status> = None;
        for group in &groups {
            let status = Self::group_status(
                &group.members,
                cert,
                issuer,
                path,
                time,
                backend,
                allow_legacy,
                signers,
            );
            match status {
                Status::Revoked(e) => return Status::Revoked(e),
                Status::Good => covered |= group.reasons,
                s @ Status::CrlRefused(_) => other = Some(s),
                s => {
                    if other.is_none() {
                        other = Some(s);
                    }
                }
            }
        }
        if covered == crate::cert::ALL_REASONS {
            return Status::Good;
        }
        other.unwrap_or_else(|| Status::Unknown {
            detail: format!(
                "the CRLs found cover only some revocation reasons for this certificate \
                 (reason flags {covered:#05x} of {:#05x})",
                crate::cert::ALL_REASONS
            ),
            no_data: false,
        })
    }

    /// What one group of CRLs (one issuer, the same reasons) says.
    #[expect(
        clippy::too_many_arguments,
        reason = "the path engine's inputs, passed through"
    )]
    fn group_status(
        members: &[(&RevocationStore, usize)],
        cert: &Certificate,
        issuer: &Certificate,
        path: &[&Certificate],
        time: Time,
        backend: &dyn SignatureVerifier,
        allow_legacy: bool,
        signers: Option<&dyn CrlSigners>,
    ) -> Status {
        // An indirect CRL is read for the certificate's issuer only (its
        // certificateIssuer entries, RFC 5280 5.3.3).
        let scoped: Vec<Crl> = members
            .iter()
            .map(|&(s, i)| &s.crls[i])
            .filter(|c| c.scope.indirect)
            .map(|c| c.for_issuer(&cert.data().issuer_key))
            .collect();
        let candidates = members.iter().copied();
        let mut any = false;
        let mut refused = None;
        let mut stale = None;
        let mut out_of_scope = false;
        let mut fulls: Vec<&Crl> = Vec::new();
        let mut deltas: Vec<&Crl> = Vec::new();
        let mut stale_crls: Vec<&Crl> = Vec::new();
        for (store, i) in candidates {
            any = true;
            let crl = &store.crls[i];
            let crl = scoped
                .iter()
                .find(|c| std::ptr::eq(c.der(), crl.der()))
                .unwrap_or(crl);
            // The CRL's signer (`scope.rs`): the issuer, another key of the
            // CA on the path, or a CRL signer whose own path validates.
            match scope::verify_signer(store, i, issuer, path, backend, allow_legacy, signers) {
                Some(Ok(())) => {}
                Some(Err(e)) => {
                    refused = Some(e);
                    continue;
                }
                None => {
                    out_of_scope = true;
                    continue;
                }
            }
            // RFC 5280 6.3.3 (a)(2): usable only until nextUpdate. A stale
            // CRL cannot vouch for a certificate, but a permanent revocation
            // it lists is still a revocation.
            if let Some(next) = crl.next_update {
                if time >= next {
                    stale = Some(format!(
                        "the CRL of {} (thisUpdate {}) is stale: nextUpdate {} is before {}",
                        crl.issuer, crl.this_update, next, time
                    ));
                    stale_crls.push(crl);
                    continue;
                }
            }
            if crl.is_delta() {
                deltas.push(crl);
            } else {
                fulls.push(crl);
            }
        }
        if !any {
            return Status::Unknown {
                detail: "no CRL of the issuer".into(),
                no_data: true,
            };
        }
        // How the full and delta CRLs combine: see `delta.rs`.
        match delta::combine(&cert.data().serial_raw, time, &fulls, &deltas, &stale_crls) {
            delta::Verdict::Revoked(e) => Status::Revoked(revoked(cert, e)),
            delta::Verdict::Good => Status::Good,
            delta::Verdict::NoCompleteCrl => {
                if let Some(e) = refused {
                    return Status::CrlRefused(e);
                }
                let detail = stale.unwrap_or_else(|| {
                    if out_of_scope {
                        "no complete CRL of the issuer covers this certificate".into()
                    } else {
                        "no CRL of the issuer".into()
                    }
                });
                Status::Unknown {
                    detail,
                    no_data: false,
                }
            }
        }
    }
}

/// A remembered verification outcome.
fn cached(
    cache: &RwLock<HashMap<CrlSignerKey, Result<(), Error>, HashedKeys>>,
    key: &CrlSignerKey,
) -> Option<Result<(), Error>> {
    cache.read().ok()?.get(key).cloned()
}

/// Remembers a verification outcome (a pure function of the CRL or
/// response and the issuer certificate under the store's backend).
fn remember(
    cache: &RwLock<HashMap<CrlSignerKey, Result<(), Error>, HashedKeys>>,
    key: CrlSignerKey,
    result: &Result<(), Error>,
) {
    if let Ok(mut cache) = cache.write() {
        if cache.len() >= MAX_VERIFIED {
            cache.clear();
        }
        cache.insert(key, result.clone());
    }
}

/// Checks `crl`'s signature and the issuer's authority to sign it
/// (cRLSign, RFC 5280 6.3.3 (f)) against `issuer`, uncached.
pub(crate) fn check_crl_signature(
    crl: &Crl,
    issuer: &Certificate,
    backend: &dyn SignatureVerifier,
    allow_legacy: bool,
) -> Result<(), Error> {
    let refuse = |detail: String| Error::CrlInvalid {
        issuer: crl.issuer.clone(),
        detail,
    };
    if let Some(d) = &crl.defect {
        return Err(refuse(d.clone()));
    }
    // RFC 5280 6.3.3 (f): the CRL issuer must hold cRLSign.
    if issuer
        .data()
        .key_usage
        .is_some_and(|ku| !ku.has(KeyUsage::CRL_SIGN))
    {
        return Err(refuse("the issuer's key usage lacks cRLSign".into()));
    }
    crate::algorithm::check_signature(
        backend,
        &crl.signature_algorithm,
        issuer.spki(),
        crl.tbs(),
        &crl.signature,
        allow_legacy,
    )
    .map_err(|e| match e {
        Error::CertSignatureInvalid { .. } | Error::InvalidSignature => {
            refuse("signature invalid".into())
        }
        other => refuse(other.to_string()),
    })
}

fn revoked(cert: &Certificate, e: index::Entry) -> Error {
    Error::CertRevoked {
        subject: cert.subject().to_owned(),
        serial: cert.serial_hex().to_owned(),
        revoked_at: e.revoked_at,
        reason: e.reason,
    }
}

/// Whether `a` supersedes `b`: a higher CRLNumber, or a later thisUpdate.
fn newer(a: &Crl, b: &Crl) -> bool {
    match (&a.number, &b.number) {
        (Some(x), Some(y)) if x != y => crate::asn1::cmp_numbers(x, y).is_gt(),
        _ => a.this_update > b.this_update,
    }
}

/// Whether a revocation condemns everything the key ever signed, whatever
/// the time: keyCompromise, cACompromise, aACompromise, unspecified, no
/// reason code, or any reason other than the three that say nothing about
/// the key (superseded, cessationOfOperation, affiliationChanged; RFC 3161
/// section 4, RFC 5280 section 5.3.1).
pub(crate) fn revocation_condemns_key(reason: Option<RevocationReason>) -> bool {
    !matches!(
        reason,
        Some(
            RevocationReason::Superseded
                | RevocationReason::CessationOfOperation
                | RevocationReason::AffiliationChanged
        )
    )
}

impl RevocationStore {
    /// For a certificate checked at a past time (an evidence signer: a TSA,
    /// a CA whose CRLs vouch for that time, an OCSP responder): whether the
    /// freshest evidence at hand shows its key condemned at ANY time (see
    /// [`revocation_condemns_key`]), as [`Error::CertRevoked`]. The CRLs of
    /// `issuer` are read at the latest thisUpdate among them (so the
    /// freshest CRL decides); each verified OCSP response about `cert` at
    /// its producedAt; and a delegated responder (carried in a response
    /// about `cert`, issued by `issuer`) whose own key is condemned by the
    /// CRLs condemns `cert`'s evidence too (a compromised responder can
    /// sign any answer for any time). `None`: nothing condemns it.
    #[expect(
        clippy::too_many_arguments,
        reason = "the path engine's inputs, passed through"
    )]
    pub(crate) fn condemned_at_any_time(
        stores: &[&RevocationStore],
        cert: &Certificate,
        issuer: &Certificate,
        path: &[&Certificate],
        backend: &dyn SignatureVerifier,
        allow_legacy: bool,
        ocsp_max_age: std::time::Duration,
        max_clock_skew: std::time::Duration,
    ) -> Option<Error> {
        let condemned = |e: Error| match &e {
            Error::CertRevoked { reason, .. } if revocation_condemns_key(*reason) => Some(e),
            _ => None,
        };
        let by_crl = Self::crl_condemned(stores, cert, issuer, path, backend, allow_legacy);
        if let Some(e) = by_crl.and_then(condemned) {
            return Some(e);
        }
        for store in stores {
            for (i, response) in store.ocsp.iter().enumerate() {
                if !response.covers(cert, issuer) {
                    continue;
                }
                // A delegated responder whose key is condemned.
                for responder in response.certificates() {
                    if responder.data().issuer_key != issuer.data().subject_key
                        || responder.der() == issuer.der()
                    {
                        continue;
                    }
                    let found = Self::crl_condemned(
                        stores,
                        responder,
                        issuer,
                        &[issuer],
                        backend,
                        allow_legacy,
                    )
                    .and_then(condemned);
                    if let Some(e) = found {
                        return Some(Error::OcspInvalid {
                            responder: response.responder(),
                            detail: format!("the responder's key is condemned: {e}"),
                        });
                    }
                }
                let at = response.produced_at();
                let responder_status = |responder: &Certificate| {
                    Self::responder_status(stores, responder, issuer, at, backend, allow_legacy)
                };
                if store
                    .verify_ocsp(i, issuer, backend, allow_legacy, &responder_status)
                    .is_err()
                {
                    continue;
                }
                if let Some(Ok(OcspCertStatus::Revoked { time, reason })) =
                    response.status_at(cert, issuer, at, ocsp_max_age, max_clock_skew)
                {
                    if revocation_condemns_key(reason) {
                        return Some(Error::CertRevoked {
                            subject: cert.subject().to_owned(),
                            serial: cert.serial_hex().to_owned(),
                            revoked_at: time,
                            reason,
                        });
                    }
                }
            }
        }
        None
    }

    /// The revocation the CRLs of `issuer` give `cert` at the latest
    /// thisUpdate among them (the freshest CRL's view), if any.
    fn crl_condemned(
        stores: &[&RevocationStore],
        cert: &Certificate,
        issuer: &Certificate,
        path: &[&Certificate],
        backend: &dyn SignatureVerifier,
        allow_legacy: bool,
    ) -> Option<Error> {
        let latest = stores
            .iter()
            .flat_map(|s| s.crls.iter())
            .filter(|c| c.issuer_key == issuer.data().subject_key)
            .map(|c| c.this_update)
            .max()?;
        match Self::crl_status(stores, cert, issuer, path, latest, backend, allow_legacy) {
            Status::Revoked(e) => Some(e),
            _ => None,
        }
    }
}
