//! The OCSP client (RFC 6960): a request with a SHA-1 or SHA-256 CertID and
//! a nonce, sent by POST (or GET when small) to the certificate's AIA
//! responder or a configured one; the answer goes through
//! [`Verifier::verify_ocsp`] with the nonce required. Good answers are kept
//! in memory until their nextUpdate.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::Engine;
use x509_parser::certificate::X509Certificate;
use x509_parser::prelude::FromDer;

use super::transport::{HttpRequest, Transport};
use super::{Attempt, EvidenceKind, Failure, Rewrite};
use crate::algorithm::HashAlgorithm;
use crate::asn1::der::der_tlv;
use crate::cert::Certificate;
use crate::error::Error;
use crate::revocation::{OcspCertStatus, OcspResponse};
use crate::time::Time;
use crate::verifier::Verifier;

/// An OCSP request (DER) and the nonce it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspRequest {
    /// The OCSPRequest, DER.
    pub der: Vec<u8>,
    /// The nonce (empty when none was asked).
    pub nonce: Vec<u8>,
}

impl OcspRequest {
    /// A request about `cert`, issued by `issuer`, with a CertID hashed
    /// with `hash` (SHA-1, SHA-256, or Streebog-256/512 for a responder
    /// that needs GOST) and, if `nonce`, a fresh 32-byte
    /// nonce (RFC 8954).
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] if a certificate does not parse;
    /// [`Error::UnsupportedSignatureAlgorithm`] for another hash;
    /// [`Error::SigningUnavailable`] if no randomness is available.
    pub fn new(
        cert: &Certificate,
        issuer: &Certificate,
        hash: HashAlgorithm,
        nonce: bool,
    ) -> Result<Self, Error> {
        let malformed = |d: String| Error::Malformed {
            what: "certificate",
            detail: d,
        };
        let (_, c) = X509Certificate::from_der(cert.der()).map_err(|e| malformed(e.to_string()))?;
        let (_, i) =
            X509Certificate::from_der(issuer.der()).map_err(|e| malformed(e.to_string()))?;
        let name = i.tbs_certificate.subject.as_raw();
        let key = &i.tbs_certificate.subject_pki.subject_public_key.data;
        // AlgorithmIdentifier: SHA-1 and SHA-256 with NULL parameters (RFC
        // 5754), the Kazakh Streebog OIDs without parameters.
        let (dotted, null) = match hash {
            HashAlgorithm::Sha1 => ("1.3.14.3.2.26", true),
            HashAlgorithm::Sha256 => ("2.16.840.1.101.3.4.2.1", true),
            HashAlgorithm::Streebog256 => ("1.2.398.3.10.1.3.2", false),
            HashAlgorithm::Streebog512 => ("1.2.398.3.10.1.3.3", false),
            other => {
                return Err(Error::UnsupportedSignatureAlgorithm {
                    oid: format!("{} for an OCSP CertID", other.name()),
                })
            }
        };
        let mut alg_parts = vec![der::oid(&der::oid_content(dotted).unwrap_or_default())];
        if null {
            alg_parts.push(vec![0x05, 0x00]);
        }
        let alg = der::seq(&alg_parts);
        let name_hash = crate::algorithm::digest::digest(hash, name)?;
        let key_hash = crate::algorithm::digest::digest(hash, key)?;
        let cert_id = der::seq(&[
            alg,
            der::tlv(0x04, &name_hash),
            der::tlv(0x04, &key_hash),
            der::tlv(0x02, c.tbs_certificate.raw_serial()),
        ]);
        let mut tbs = vec![der::seq(&[der::seq(&[cert_id])])];
        let mut nonce_bytes = Vec::new();
        if nonce {
            nonce_bytes = vec![0u8; 32];
            getrandom::getrandom(&mut nonce_bytes).map_err(|e| Error::SigningUnavailable {
                detail: format!("no randomness for the OCSP nonce: {e}"),
            })?;
            // id-pkix-ocsp-nonce 1.3.6.1.5.5.7.48.1.2, Nonce ::= OCTET STRING
            let ext = der::seq(&[
                der::oid(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02]),
                der::tlv(0x04, &der::tlv(0x04, &nonce_bytes)),
            ]);
            tbs.push(der::tlv(0xa2, &der::seq(&[ext])));
        }
        Ok(OcspRequest {
            der: der::seq(&[der::seq(&tbs)]),
            nonce: nonce_bytes,
        })
    }
}

/// A small DER writer (definite lengths).
pub(super) mod der {
    /// A TLV.
    pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let n = content.len();
        if n < 0x80 {
            out.push(n as u8);
        } else {
            let bytes = n.to_be_bytes();
            let skip = bytes.iter().take_while(|&&b| b == 0).count();
            out.push(0x80 | (bytes.len() - skip) as u8);
            out.extend_from_slice(&bytes[skip..]);
        }
        out.extend_from_slice(content);
        out
    }

    /// A SEQUENCE of DER parts.
    pub(crate) fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
        tlv(0x30, &parts.concat())
    }

    /// An OBJECT IDENTIFIER from its content octets.
    pub(crate) fn oid(content: &[u8]) -> Vec<u8> {
        tlv(0x06, content)
    }

    /// The content octets of a dotted OID (`None` if it is not one).
    pub(crate) fn oid_content(dotted: &str) -> Option<Vec<u8>> {
        let arcs: Vec<u64> = dotted
            .split('.')
            .map(|a| a.parse().ok())
            .collect::<Option<_>>()?;
        let [first, second, rest @ ..] = arcs.as_slice() else {
            return None;
        };
        if *first > 2 || (*first < 2 && *second >= 40) {
            return None;
        }
        let mut out = Vec::new();
        for arc in std::iter::once(first * 40 + second).chain(rest.iter().copied()) {
            let mut bytes = vec![(arc & 0x7f) as u8];
            let mut v = arc >> 7;
            while v > 0 {
                bytes.push(0x80 | (v & 0x7f) as u8);
                v >>= 7;
            }
            bytes.reverse();
            out.extend(bytes);
        }
        Some(out)
    }
}

/// The OCSP client. Cheap to clone (shares its transport and cache).
#[derive(Debug, Clone)]
pub struct OcspClient {
    transport: Arc<dyn Transport>,
    urls: Vec<String>,
    rewrites: Vec<Rewrite>,
    hash: HashAlgorithm,
    nonce: bool,
    get_when_small: bool,
    cache: Arc<Mutex<HashMap<Vec<u8>, OcspResponse>>>,
}

impl OcspClient {
    /// A client asking the certificate's AIA responders with SHA-1 CertIDs
    /// (what responders support most widely), a nonce, by POST.
    pub fn new(transport: Arc<dyn Transport>) -> Self {
        OcspClient {
            transport,
            urls: Vec::new(),
            rewrites: Vec::new(),
            hash: HashAlgorithm::Sha1,
            nonce: true,
            get_when_small: false,
            cache: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Asks `url` instead of the certificates' AIA responders.
    #[must_use]
    pub fn responder(mut self, url: &str) -> Self {
        self.urls.push(url.to_owned());
        self
    }

    /// CertID hash: [`HashAlgorithm::Sha1`] (default),
    /// [`HashAlgorithm::Sha256`], or [`HashAlgorithm::Streebog256`] /
    /// [`HashAlgorithm::Streebog512`] (GOST responders).
    #[must_use]
    pub fn cert_id_hash(mut self, hash: HashAlgorithm) -> Self {
        self.hash = hash;
        self
    }

    /// Whether to send (and require back) a nonce (default true). Without
    /// one, a replayed answer cannot be told from a fresh one.
    #[must_use]
    pub fn nonce(mut self, nonce: bool) -> Self {
        self.nonce = nonce;
        self
    }

    /// Use GET (RFC 6960 A.1) for requests under 255 bytes once base64-
    /// and URL-encoded (default false: POST).
    #[must_use]
    pub fn get_when_small(mut self, get: bool) -> Self {
        self.get_when_small = get;
        self
    }

    /// Adds an address rewriting rule.
    #[must_use]
    pub fn rewrite(mut self, rule: Rewrite) -> Self {
        self.rewrites.push(rule);
        self
    }

    /// Asks about `cert` (issued by `issuer`) and verifies the answer at
    /// `now` with `verifier` ([`Verifier::verify_ocsp`], nonce required
    /// when sent). Returns the response, the address that gave it and the
    /// status; or every failed attempt. A good answer still fresh is
    /// served from memory.
    pub fn check(
        &self,
        verifier: &Verifier,
        cert: &Certificate,
        issuer: &Certificate,
        now: Time,
    ) -> Result<(OcspResponse, String, OcspCertStatus), Vec<Attempt>> {
        let key = [cert.der(), issuer.der()].concat();
        let attempt = |url: &str, failure: Failure| Attempt {
            url: url.to_owned(),
            kind: EvidenceKind::Ocsp,
            at: now,
            failure,
        };
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            if hit.next_update().is_some_and(|n| now <= n) {
                if let Ok(status) = verifier.verify_ocsp(&hit, cert, issuer, now) {
                    return Ok((hit, "cache".to_owned(), status));
                }
            }
        }
        let urls = if self.urls.is_empty() {
            cert.ocsp_urls()
        } else {
            self.urls.clone()
        };
        if urls.is_empty() {
            return Err(vec![attempt("", Failure::NoAddress)]);
        }
        let mut attempts = Vec::new();
        for url in urls {
            match self.ask(verifier, cert, issuer, now, &url) {
                Ok((response, status)) => {
                    if response.next_update().is_some() {
                        if let Ok(mut c) = self.cache.lock() {
                            c.insert(key.clone(), response.clone());
                        }
                    }
                    return Ok((response, url, status));
                }
                Err(f) => attempts.push(attempt(&url, f)),
            }
        }
        Err(attempts)
    }

    fn ask(
        &self,
        verifier: &Verifier,
        cert: &Certificate,
        issuer: &Certificate,
        now: Time,
        url: &str,
    ) -> Result<(OcspResponse, OcspCertStatus), Failure> {
        let request = OcspRequest::new(cert, issuer, self.hash, self.nonce)
            .map_err(|e| Failure::OcspInvalid(e.to_string()))?;
        let target = super::rewrite_url(&self.rewrites, url);
        let encoded = base64::engine::general_purpose::STANDARD.encode(&request.der);
        let escaped = encoded
            .replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D");
        let http = if self.get_when_small && escaped.len() < 255 {
            let sep = if target.ends_with('/') { "" } else { "/" };
            let mut r = HttpRequest::get(&format!("{target}{sep}{escaped}"));
            r.accept = Some("application/ocsp-response");
            r
        } else {
            let mut r = HttpRequest::post(&target, "application/ocsp-request", request.der.clone());
            r.accept = Some("application/ocsp-response");
            r
        };
        let answer = self.transport.send(&http).map_err(Failure::Transport)?;
        if answer.status != 200 {
            return Err(Failure::Status(answer.status));
        }
        if answer.body.is_empty() {
            return Err(Failure::Empty);
        }
        if let Some(name) = response_status(&answer.body)? {
            return Err(Failure::OcspStatus(name));
        }
        let mut response = OcspResponse::from_der(&answer.body)
            .map_err(|e| Failure::OcspInvalid(e.to_string()))?;
        if self.nonce {
            if response.nonce() != Some(&request.nonce[..]) {
                return Err(Failure::NonceMismatch);
            }
            response = response.expect_nonce(&request.nonce);
        }
        let status = verifier
            .verify_ocsp(&response, cert, issuer, now)
            .map_err(|e| Failure::OcspInvalid(e.to_string()))?;
        Ok((response, status))
    }
}

/// The name of a non-successful OCSPResponseStatus (`None`: successful).
fn response_status(der: &[u8]) -> Result<Option<&'static str>, Failure> {
    let malformed = || Failure::OcspInvalid("not an OCSPResponse".into());
    let (0x30, inner, _) = der_tlv(der).ok_or_else(malformed)? else {
        return Err(malformed());
    };
    let (0x0a, status, _) = der_tlv(inner).ok_or_else(malformed)? else {
        return Err(malformed());
    };
    Ok(match status {
        [0] => None,
        [1] => Some("malformedRequest"),
        [2] => Some("internalError"),
        [3] => Some("tryLater"),
        [5] => Some("sigRequired"),
        [6] => Some("unauthorized"),
        _ => Some("an unknown status"),
    })
}
