//! Live evidence (feature `online`): CRLs, delta CRLs, OCSP answers and
//! time-stamps fetched over HTTP(S), an on-disk cache of the last good
//! CRLs that outlives the CA's outages, and a background refresher.
//!
//! Nothing here weakens the offline verifier: fetched evidence is handed to
//! the same [`Verifier`](crate::Verifier) checks as evidence a caller gives,
//! and evidence that cannot be had leaves the revocation status unknown
//! (not valid, under the default [`RevocationMode::Required`]
//! (crate::RevocationMode::Required)), with every failed attempt reported.
//!
//! - `transport.rs`: the [`Transport`] trait and [`HttpTransport`] (ureq);
//! - `crl.rs`: the [`CrlCache`];
//! - `gather.rs`: [`Online`], which gathers the evidence for a
//!   verification by [`OnlinePolicy`] and reports where each piece came from;
//! - `ocsp.rs`: the OCSP client; `tsa.rs`: the RFC 3161 client;
//! - `refresh.rs`: the background [`Refresher`].

mod crl;
mod gather;
mod ocsp;
mod refresh;
mod transport;
mod tsa;

use crate::time::Time;

pub use crl::{CrlCache, CrlExpectation, CrlRecord, Refresh};
pub use gather::{EvidenceOrder, EvidenceRecord, Online, OnlinePolicy, OnlineReport, Source};
pub use ocsp::{OcspClient, OcspRequest};
pub use refresh::{refresh_all, Refresher, SharedVerifier};
pub use transport::{
    HttpRequest, HttpResponse, HttpTransport, Transport, TransportConfig, TransportError,
};
pub use tsa::{TsaClient, TsaRequest};

/// What a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceKind {
    /// A full CRL.
    Crl,
    /// A delta CRL.
    DeltaCrl,
    /// An OCSP response.
    Ocsp,
}

impl EvidenceKind {
    /// `crl`, `delta-crl` or `ocsp`.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Crl => "crl",
            EvidenceKind::DeltaCrl => "delta-crl",
            EvidenceKind::Ocsp => "ocsp",
        }
    }
}

/// One failed attempt to get evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The address as the certificate or configuration writes it.
    pub url: String,
    /// What was being fetched.
    pub kind: EvidenceKind,
    /// When (by the cache's clock).
    pub at: Time,
    /// Why it failed.
    pub failure: Failure,
}

/// Why a piece of evidence could not be had from one address. Each has a
/// stable [`Failure::code`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// The exchange failed (connection refused, timeout, size cap ...).
    Transport(TransportError),
    /// An HTTP status other than 200 (304 without a cached copy included).
    Status(u16),
    /// A 200 answer with an empty body.
    Empty,
    /// An HTML page where DER was expected.
    Html,
    /// The body is not a CRL (truncated, garbage), with the parser's words.
    NotCrl(String),
    /// A full CRL where a delta was expected, or the reverse.
    WrongKind {
        /// Whether a delta CRL was expected.
        expected_delta: bool,
    },
    /// The CRL is not signed by the expected CA (another CA's CRL, a bad
    /// signature).
    Untrusted(String),
    /// The CRL is older than the cached good copy.
    Older(String),
    /// The cache directory could not be written.
    Cache(String),
    /// OCSP responseStatus other than successful: `tryLater`,
    /// `unauthorized`, `malformedRequest`, `internalError`, `sigRequired`.
    OcspStatus(&'static str),
    /// The OCSP answer does not parse or does not verify (signature,
    /// responder, CertID, freshness).
    OcspInvalid(String),
    /// The OCSP or TSA answer does not carry the request's nonce.
    NonceMismatch,
    /// The TSA refused (PKIStatus rejection / waiting / revocation ...).
    TsaStatus(String),
    /// The time-stamp token does not verify or does not match the request.
    TsaInvalid(String),
    /// No address to ask (no distribution point, no AIA, none configured).
    NoAddress,
}

impl Failure {
    /// A stable code: `timeout`, `connect`, `too-large`, `transport`,
    /// `http-status`, `empty`, `html`, `not-a-crl`, `wrong-kind`,
    /// `untrusted`, `older`, `cache`, `ocsp-status`, `ocsp-invalid`,
    /// `nonce-mismatch`, `tsa-status`, `tsa-invalid`, `no-address`.
    pub fn code(&self) -> &'static str {
        match self {
            Failure::Transport(TransportError::Timeout) => "timeout",
            Failure::Transport(TransportError::Connect(_)) => "connect",
            Failure::Transport(TransportError::TooLarge(_)) => "too-large",
            Failure::Transport(_) => "transport",
            Failure::Status(_) => "http-status",
            Failure::Empty => "empty",
            Failure::Html => "html",
            Failure::NotCrl(_) => "not-a-crl",
            Failure::WrongKind { .. } => "wrong-kind",
            Failure::Untrusted(_) => "untrusted",
            Failure::Older(_) => "older",
            Failure::Cache(_) => "cache",
            Failure::OcspStatus(_) => "ocsp-status",
            Failure::OcspInvalid(_) => "ocsp-invalid",
            Failure::NonceMismatch => "nonce-mismatch",
            Failure::TsaStatus(_) => "tsa-status",
            Failure::TsaInvalid(_) => "tsa-invalid",
            Failure::NoAddress => "no-address",
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Transport(e) => write!(f, "{e}"),
            Failure::Status(s) => write!(f, "HTTP status {s}"),
            Failure::Empty => write!(f, "empty answer (0 bytes)"),
            Failure::Html => write!(f, "an HTML page, not a CRL"),
            Failure::NotCrl(d) => write!(f, "not a CRL: {d}"),
            Failure::WrongKind { expected_delta } => {
                if *expected_delta {
                    write!(f, "a full CRL where a delta CRL was expected")
                } else {
                    write!(f, "a delta CRL where a full CRL was expected")
                }
            }
            Failure::Untrusted(d) => write!(f, "not signed by the expected CA: {d}"),
            Failure::Older(d) => write!(f, "older than the cached CRL: {d}"),
            Failure::Cache(d) => write!(f, "cache not writable: {d}"),
            Failure::OcspStatus(s) => write!(f, "OCSP responder answered {s}"),
            Failure::OcspInvalid(d) => write!(f, "OCSP answer refused: {d}"),
            Failure::NonceMismatch => write!(f, "the answer does not carry the request's nonce"),
            Failure::TsaStatus(d) => write!(f, "TSA refused: {d}"),
            Failure::TsaInvalid(d) => write!(f, "time-stamp refused: {d}"),
            Failure::NoAddress => write!(f, "no address to ask"),
        }
    }
}

impl std::error::Error for Failure {}

/// An address rewriting rule: the CA's addresses change, certificates do
/// not. `from` is either a host (`crl.pki.gov.kz`, matching any scheme and
/// that host with or without a port) or an address prefix
/// (`http://crl.pki.gov.kz/old/`); `to` replaces the host (and port), or
/// the prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// What to match.
    pub from: String,
    /// What to put instead.
    pub to: String,
}

impl Rewrite {
    /// A rule `from` -> `to`.
    pub fn new(from: &str, to: &str) -> Self {
        Rewrite {
            from: from.to_owned(),
            to: to.to_owned(),
        }
    }

    /// Parses `FROM=TO` (the CLI's `--rewrite`).
    pub fn parse(rule: &str) -> Option<Self> {
        let (from, to) = rule.split_once('=')?;
        (!from.is_empty() && !to.is_empty()).then(|| Rewrite::new(from, to))
    }
}

/// `url` after the first matching rule of `rules`.
pub(crate) fn rewrite_url(rules: &[Rewrite], url: &str) -> String {
    for r in rules {
        if r.from.contains("://") {
            if let Some(rest) = url.strip_prefix(r.from.as_str()) {
                return format!("{}{rest}", r.to);
            }
            continue;
        }
        let Some((scheme, rest)) = url.split_once("://") else {
            continue;
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let host_only = host.split(':').next().unwrap_or(host);
        if host.eq_ignore_ascii_case(&r.from) || host_only.eq_ignore_ascii_case(&r.from) {
            return format!("{scheme}://{}{}", r.to, &rest[end..]);
        }
    }
    url.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewriting() {
        let rules = [
            Rewrite::new("http://old.example/crl/", "http://127.0.0.1:9/c/"),
            Rewrite::new("demo.invalid", "127.0.0.1:8080"),
        ];
        assert_eq!(
            rewrite_url(&rules, "http://demo.invalid/crl/nca-rsa.crl"),
            "http://127.0.0.1:8080/crl/nca-rsa.crl"
        );
        assert_eq!(
            rewrite_url(&rules, "http://demo.invalid:80/x"),
            "http://127.0.0.1:8080/x"
        );
        assert_eq!(
            rewrite_url(&rules, "http://old.example/crl/a.crl"),
            "http://127.0.0.1:9/c/a.crl"
        );
        assert_eq!(
            rewrite_url(&rules, "http://other.example/a.crl"),
            "http://other.example/a.crl"
        );
        assert_eq!(Rewrite::parse("a=b"), Some(Rewrite::new("a", "b")));
        assert_eq!(Rewrite::parse("ab"), None);
    }
}
