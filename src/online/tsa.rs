//! The RFC 3161 client: a TimeStampReq with a nonce and certReq (and a
//! policy OID if chosen), POSTed to the TSA; the reply is checked before it
//! is used (status, nonce, imprint, policy, the token's signature, and, with
//! a verifier, the TSA's certificate at genTime), then attached to a
//! signer as CAdES-T.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::ocsp::der;
use super::transport::{HttpRequest, Transport};
use super::Failure;
use crate::cms::{add_timestamp, SignedDocument, TimeStampToken};
use crate::policy::Options;
use crate::time::Time;
use crate::verifier::Verifier;

/// A TimeStampReq (DER) and the nonce it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsaRequest {
    /// The TimeStampReq, DER.
    pub der: Vec<u8>,
    /// The nonce (INTEGER content octets, positive).
    pub nonce: Vec<u8>,
}

impl TsaRequest {
    /// A request over a SHA-256 `digest`, with a fresh 16-byte nonce,
    /// certReq TRUE, and `policy` (dotted OID) if given.
    ///
    /// # Errors
    ///
    /// [`Failure::TsaInvalid`] for a policy that is not a dotted OID or
    /// when no randomness is available.
    pub fn sha256(digest: &[u8], policy: Option<&str>) -> Result<Self, Failure> {
        let mut nonce = vec![0u8; 16];
        getrandom::getrandom(&mut nonce)
            .map_err(|e| Failure::TsaInvalid(format!("no randomness for the nonce: {e}")))?;
        // Positive and minimal: a first byte in 0x01..=0x7f.
        nonce[0] = (nonce[0] & 0x7f) | 0x01;
        let imprint = der::seq(&[
            der::seq(&[
                der::oid(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]),
                vec![0x05, 0x00],
            ]),
            der::tlv(0x04, digest),
        ]);
        let mut parts = vec![der::tlv(0x02, &[1]), imprint];
        if let Some(p) = policy {
            let content = der::oid_content(p)
                .ok_or_else(|| Failure::TsaInvalid(format!("policy {p} is not an OID")))?;
            parts.push(der::oid(&content));
        }
        parts.push(der::tlv(0x02, &nonce));
        parts.push(vec![0x01, 0x01, 0xff]);
        Ok(TsaRequest {
            der: der::seq(&parts),
            nonce,
        })
    }
}

/// The time-stamping client.
#[derive(Debug, Clone)]
pub struct TsaClient {
    transport: Arc<dyn Transport>,
    url: String,
    policy: Option<String>,
}

impl TsaClient {
    /// A client of the TSA at `url`.
    pub fn new(transport: Arc<dyn Transport>, url: &str) -> Self {
        TsaClient {
            transport,
            url: url.to_owned(),
            policy: None,
        }
    }

    /// Asks for this TSA policy (dotted OID; the national TSA has several)
    /// and requires it in the token.
    #[must_use]
    pub fn policy(mut self, oid: &str) -> Self {
        self.policy = Some(oid.to_owned());
        self
    }

    /// A token over the SHA-256 `digest`, checked: the TSA granted it, it
    /// carries the request's nonce, imprint and (if asked) policy, its
    /// signature verifies; with `verifier`, the TSA's certificate is also
    /// validated at genTime ([`Verifier::verify_timestamp_digest`] at
    /// `now`). Returns the token's DER.
    ///
    /// # Errors
    ///
    /// A [`Failure`] saying what went wrong.
    pub fn stamp_digest(
        &self,
        digest: &[u8],
        verifier: Option<&Verifier>,
        now: Time,
    ) -> Result<Vec<u8>, Failure> {
        let request = TsaRequest::sha256(digest, self.policy.as_deref())?;
        let http = HttpRequest::post(
            &self.url,
            "application/timestamp-query",
            request.der.clone(),
        );
        let answer = self.transport.send(&http).map_err(Failure::Transport)?;
        if answer.status != 200 {
            return Err(Failure::Status(answer.status));
        }
        if answer.body.is_empty() {
            return Err(Failure::Empty);
        }
        let token = TimeStampToken::from_response(&answer.body).map_err(|e| match e {
            crate::error::Error::TimestampInvalid { detail } if detail.contains("PKIStatus") => {
                Failure::TsaStatus(detail)
            }
            other => Failure::TsaInvalid(other.to_string()),
        })?;
        let info = token.info();
        if info.nonce.as_deref() != Some(&request.nonce[..]) {
            return Err(Failure::NonceMismatch);
        }
        if info.hash_algorithm != crate::algorithm::HashAlgorithm::Sha256.name() {
            return Err(Failure::TsaInvalid(format!(
                "imprint hashed with {}, SHA-256 was asked",
                info.hash_algorithm
            )));
        }
        if info.message_imprint != digest {
            return Err(Failure::TsaInvalid(
                "the imprint is not the request's".into(),
            ));
        }
        if let Some(p) = &self.policy {
            if &info.policy != p {
                return Err(Failure::TsaInvalid(format!(
                    "policy {} where {p} was asked",
                    info.policy
                )));
            }
        }
        match verifier {
            Some(v) => v
                .verify_timestamp_digest(&token, digest, &Options::at(now))
                .result()
                .map_err(|e| Failure::TsaInvalid(e.to_string()))?,
            None => token
                .check_structure_digest(digest, crate::algorithm::default_backend())
                .map_err(|e| Failure::TsaInvalid(e.to_string()))?,
        }
        Ok(token.der().to_vec())
    }

    /// `document` (a CMS SignedData) with a time-stamp over signer
    /// `index`'s signature value attached (CAdES-T), the token checked as
    /// [`TsaClient::stamp_digest`] says.
    ///
    /// # Errors
    ///
    /// A [`Failure`]; a document that does not parse or has no such signer
    /// gives [`Failure::TsaInvalid`].
    pub fn stamp_signature(
        &self,
        document: &[u8],
        index: usize,
        verifier: Option<&Verifier>,
        now: Time,
    ) -> Result<Vec<u8>, Failure> {
        let doc =
            SignedDocument::from_any(document).map_err(|e| Failure::TsaInvalid(e.to_string()))?;
        let signature = doc
            .signature_value(index)
            .ok_or_else(|| Failure::TsaInvalid(format!("no signer {index}")))?;
        let digest = Sha256::digest(signature);
        let token = self.stamp_digest(&digest, verifier, now)?;
        add_timestamp(document, index, &token).map_err(|e| Failure::TsaInvalid(e.to_string()))
    }
}
