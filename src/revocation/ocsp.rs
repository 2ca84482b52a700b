//! An OCSP response as data (RFC 6960 section 4.2): parsed once, verified
//! against the issuer of each certificate it is asked about. Whether it may
//! vouch for a certificate (responder authorisation, freshness) is decided
//! here too, for one (certificate, issuer, time) at a time; how its verdict
//! combines with CRLs is decided in `mod.rs`.
//!
//! Hand-written on the crate's small DER reader (`cms::ber`) rather than on
//! an OCSP crate: the format is a few nested SEQUENCEs, and the RustCrypto
//! `x509-ocsp` crate would bring a second ASN.1 stack (`der`, `x509-cert`)
//! next to the one the crate already uses, for no GOST support.

use std::sync::Arc;
use std::time::Duration;

use x509_parser::prelude::FromDer;
use x509_parser::x509::X509Name;

use super::{RevocationReason, RevocationStore};
use crate::algorithm::digest::{digest, hash_from_oid};
use crate::algorithm::{HashAlgorithm, SignatureAlgorithm, SignatureVerifier};
use crate::asn1::ber::{self, Reader, Tlv, BIT_STRING, INTEGER, OCTET_STRING, OID, SEQUENCE};
use crate::asn1::canonical_serial;
use crate::cert::{Certificate, KeyUsage, NameKey};
use crate::error::Error;
use crate::time::Time;

/// id-pkix-ocsp-basic (RFC 6960 section 4.2.1): 1.3.6.1.5.5.7.48.1.1.
const ID_PKIX_OCSP_BASIC: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01];
/// id-pkix-ocsp-nonce (RFC 6960 section 4.4.1): 1.3.6.1.5.5.7.48.1.2.
const ID_PKIX_OCSP_NONCE: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02];
/// id-pkix-ocsp-nocheck (RFC 6960 section 4.2.2.2.1).
const ID_PKIX_OCSP_NOCHECK: &str = "1.3.6.1.5.5.7.48.1.5";
/// id-kp-OCSPSigning (RFC 6960 section 4.2.2.2).
const EKU_OCSP_SIGNING: &str = "1.3.6.1.5.5.7.3.9";

/// Most SingleResponses read from one response. A response answers the
/// certificates of one request (the national CA's answer one); the bound
/// keeps a hostile response from costing a hash per entry per lookup.
const MAX_SINGLE_RESPONSES: usize = 256;
/// Most certificates carried in one response (the responder's, perhaps its
/// chain).
const MAX_RESPONSE_CERTS: usize = 8;
/// Largest response accepted (1 MiB): real ones are a few KB.
const MAX_RESPONSE_LEN: usize = 1024 * 1024;

/// The status an OCSP response gives a certificate (RFC 6960 section
/// 4.2.1, CertStatus).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum OcspCertStatus {
    /// Not revoked (at the validation time).
    Good,
    /// Revoked at `time`. A revocation time of 1970-01-01 with reason
    /// certificateHold is how a responder says "never issued" (RFC 6960
    /// section 2.2).
    Revoked {
        /// revocationTime.
        time: Time,
        /// revocationReason, if given.
        reason: Option<RevocationReason>,
    },
    /// The responder does not know the certificate.
    Unknown,
}

/// How a response names its responder (RFC 6960 section 4.2.1).
#[derive(Debug, Clone)]
enum ResponderId {
    /// byName [1] Name.
    ByName(NameKey, String),
    /// byKey [2] KeyHash: SHA-1 of the responder's public key bits.
    ByKey(Vec<u8>),
}

/// One SingleResponse.
#[derive(Debug, Clone)]
struct SingleResponse {
    /// CertID hashAlgorithm, or its OID if unsupported.
    hash: Result<HashAlgorithm, String>,
    issuer_name_hash: Vec<u8>,
    issuer_key_hash: Vec<u8>,
    /// serialNumber, canonical INTEGER content.
    serial: Vec<u8>,
    status: OcspCertStatus,
    this_update: Time,
    next_update: Option<Time>,
    /// An unsupported critical singleExtension.
    defect: Option<String>,
}

/// A parsed OCSP response (RFC 6960): a successful BasicOCSPResponse.
#[derive(Debug, Clone)]
pub struct OcspResponse {
    der: Arc<[u8]>,
    tbs: std::ops::Range<usize>,
    signature_algorithm: Result<SignatureAlgorithm, Error>,
    signature: Vec<u8>,
    responder: ResponderId,
    produced_at: Time,
    responses: Vec<SingleResponse>,
    certs: Vec<Certificate>,
    nonce: Option<Vec<u8>>,
    expected_nonce: Option<Vec<u8>>,
    /// Why the response cannot be used at all (an unsupported critical
    /// extension).
    defect: Option<String>,
}

fn malformed(detail: impl Into<String>) -> Error {
    Error::Malformed {
        what: "OCSP response",
        detail: detail.into(),
    }
}

impl OcspResponse {
    /// Parses a DER OCSPResponse (RFC 6960 section 4.2.1):
    ///
    /// ```text
    /// OCSPResponse ::= SEQUENCE {
    ///   responseStatus OCSPResponseStatus,
    ///   responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
    /// ResponseBytes ::= SEQUENCE {
    ///   responseType OBJECT IDENTIFIER,
    ///   response OCTET STRING }
    /// BasicOCSPResponse ::= SEQUENCE {
    ///   tbsResponseData ResponseData,
    ///   signatureAlgorithm AlgorithmIdentifier,
    ///   signature BIT STRING,
    ///   certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::OcspInvalid`] for a response whose status is not
    /// successful (0) or whose type is not id-pkix-ocsp-basic;
    /// [`Error::Malformed`] for undecodable input.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        if der.len() > MAX_RESPONSE_LEN {
            return Err(Error::LimitExceeded {
                what: "OCSP response size",
                limit: MAX_RESPONSE_LEN,
            });
        }
        let refused = |detail: String| Error::OcspInvalid {
            responder: "unknown".into(),
            detail,
        };
        let mut outer = Reader::new(der);
        let mut r = Reader::new(outer.expect(SEQUENCE)?);
        outer.finish("the OCSPResponse").map_err(to_ocsp)?;
        let status = r.expect(ber::ENUMERATED).map_err(to_ocsp)?;
        if status != [0] {
            return Err(refused(format!(
                "responseStatus {} is not successful",
                crate::encoding::hex_lower(status)
            )));
        }
        let mut explicit = Reader::new(r.expect(0xa0).map_err(to_ocsp)?);
        r.finish("the OCSPResponse").map_err(to_ocsp)?;
        let mut rb = Reader::new(explicit.expect(SEQUENCE).map_err(to_ocsp)?);
        let response_type = rb.expect(OID).map_err(to_ocsp)?;
        if response_type != ID_PKIX_OCSP_BASIC {
            return Err(refused(format!(
                "response type {} is not id-pkix-ocsp-basic",
                ber::oid_string(response_type)
            )));
        }
        let basic = rb.expect(OCTET_STRING).map_err(to_ocsp)?;
        rb.finish("the ResponseBytes").map_err(to_ocsp)?;
        // Offsets below are into `basic`, which is kept as the DER.
        Self::basic(basic).map_err(to_ocsp)
    }

    /// Parses a response given as DER or base64 of DER (OCSP has no PEM
    /// label).
    pub fn from_any(input: &[u8]) -> Result<Self, Error> {
        if input.first() == Some(&0x30) {
            return Self::from_der(input);
        }
        if input.len() > MAX_RESPONSE_LEN {
            return Err(Error::LimitExceeded {
                what: "OCSP response size",
                limit: MAX_RESPONSE_LEN,
            });
        }
        use base64::Engine as _;
        let text: Vec<u8> = input
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(&text)
            .map_err(|e| malformed(format!("neither DER nor base64: {e}")))?;
        Self::from_der(&der)
    }

    fn basic(basic: &[u8]) -> Result<Self, Error> {
        let mut outer = Reader::new(basic);
        let body = outer.expect(SEQUENCE)?;
        outer.finish("the BasicOCSPResponse")?;
        let body_start = basic.len() - body.len();
        let mut r = Reader::new(body);
        let tbs_tlv = r.expect_tlv(SEQUENCE)?;
        let tbs_start = body_start; // the ResponseData is the first element
        let tbs = tbs_start..tbs_start + tbs_tlv.raw.len();
        let alg = r.expect_tlv(SEQUENCE)?;
        let signature_algorithm = SignatureAlgorithm::from_der(alg.raw);
        let signature = ber::bit_string_octets(r.expect(BIT_STRING)?)?.to_vec();
        let mut certs = Vec::new();
        if let Some(explicit) = r.optional(0xa0)? {
            let mut e = Reader::new(explicit.content);
            let mut list = Reader::new(e.expect(SEQUENCE)?);
            e.finish("the certs")?;
            while !list.is_empty() {
                if certs.len() >= MAX_RESPONSE_CERTS {
                    return Err(Error::LimitExceeded {
                        what: "certificates in an OCSP response",
                        limit: MAX_RESPONSE_CERTS,
                    });
                }
                certs.push(Certificate::from_der(list.expect_tlv(SEQUENCE)?.raw)?);
            }
        }
        r.finish("the BasicOCSPResponse")?;

        // ResponseData ::= SEQUENCE {
        //   version [0] EXPLICIT Version DEFAULT v1,
        //   responderID ResponderID,
        //   producedAt GeneralizedTime,
        //   responses SEQUENCE OF SingleResponse,
        //   responseExtensions [1] EXPLICIT Extensions OPTIONAL }
        let mut defect = None;
        let mut d = Reader::new(tbs_tlv.content);
        if let Some(v) = d.optional(0xa0)? {
            if Reader::new(v.content).expect(INTEGER)? != [0] {
                defect = Some("ResponseData version is not v1".to_owned());
            }
        }
        let rid = d.read()?;
        let responder = match rid.tag {
            // ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }
            0xa1 => {
                let name = Reader::new(rid.content).expect_tlv(SEQUENCE)?;
                let (_, n) = X509Name::from_der(name.raw)
                    .map_err(|_| malformed("unreadable responder name"))?;
                ResponderId::ByName(NameKey::from_name(&n), n.to_string())
            }
            0xa2 => ResponderId::ByKey(Reader::new(rid.content).expect(OCTET_STRING)?.to_vec()),
            t => return Err(malformed(format!("unknown ResponderID tag {t:#04x}"))),
        };
        let produced_at = gen_time(&d.read()?)?;
        let mut list = Reader::new(d.expect(SEQUENCE)?);
        let mut responses = Vec::new();
        while !list.is_empty() {
            if responses.len() >= MAX_SINGLE_RESPONSES {
                return Err(Error::LimitExceeded {
                    what: "responses in an OCSP response",
                    limit: MAX_SINGLE_RESPONSES,
                });
            }
            responses.push(single_response(list.expect(SEQUENCE)?)?);
        }
        let mut nonce = None;
        if let Some(exts) = d.optional(0xa1)? {
            let mut e = Reader::new(exts.content);
            let list = e.expect(SEQUENCE)?;
            e.finish("the responseExtensions")?;
            for (oid, critical, value) in extensions(list)? {
                if oid == ID_PKIX_OCSP_NONCE {
                    // Nonce ::= OCTET STRING (RFC 8954); older responders put
                    // the bare octets in the extnValue.
                    let mut v = Reader::new(value);
                    nonce = Some(match v.read() {
                        Ok(t) if t.tag == OCTET_STRING && v.is_empty() => t.content.to_vec(),
                        _ => value.to_vec(),
                    });
                } else if critical {
                    defect = Some(format!(
                        "unsupported critical response extension {}",
                        ber::oid_string(oid)
                    ));
                }
            }
        }
        d.finish("the ResponseData")?;
        Ok(OcspResponse {
            der: Arc::from(basic),
            tbs,
            signature_algorithm,
            signature,
            responder,
            produced_at,
            responses,
            certs,
            nonce,
            expected_nonce: None,
            defect,
        })
    }

    /// Requires the response to carry this nonce (the one the caller put in
    /// its request, RFC 6960 section 4.4.1): without it, or with another,
    /// the response is refused.
    pub fn expect_nonce(mut self, nonce: &[u8]) -> Self {
        self.expected_nonce = Some(nonce.to_vec());
        self
    }

    /// The earliest nextUpdate of its SingleResponses (`None` if none
    /// gives one): until when a cache may hold it.
    pub fn next_update(&self) -> Option<Time> {
        self.responses.iter().filter_map(|s| s.next_update).min()
    }

    /// The nonce the response carries, if any.
    pub fn nonce(&self) -> Option<&[u8]> {
        self.nonce.as_deref()
    }

    /// producedAt: when the responder signed the response.
    pub fn produced_at(&self) -> Time {
        self.produced_at
    }

    /// The responder, as the response names it (a DN, or `key:<hex>`).
    pub fn responder(&self) -> String {
        match &self.responder {
            ResponderId::ByName(_, name) => name.clone(),
            ResponderId::ByKey(k) => format!("key:{}", crate::encoding::hex_lower(k)),
        }
    }

    /// The certificates the response carries (a delegated responder's).
    pub fn certificates(&self) -> &[Certificate] {
        &self.certs
    }

    fn tbs(&self) -> &[u8] {
        &self.der[self.tbs.clone()]
    }

    fn refuse(&self, detail: impl Into<String>) -> Error {
        Error::OcspInvalid {
            responder: self.responder(),
            detail: detail.into(),
        }
    }

    /// Every SingleResponse about `cert` (issued by `issuer`), in order: the
    /// CertID's issuer name hash, issuer key hash and serial match
    /// (RFC 6960 section 4.1.1), with any hash this library implements
    /// (SHA-1, SHA-2, GOST). A response may carry several for one CertID,
    /// and each one counts.
    fn find_all<'a>(
        &'a self,
        cert: &'a Certificate,
        issuer: &'a Certificate,
    ) -> impl Iterator<Item = &'a SingleResponse> + 'a {
        let key_bits = ber::spki_key_bits(issuer.spki()).ok();
        let serial = canonical_serial(&cert.data().serial_raw);
        self.responses.iter().filter(move |s| {
            let (Ok(hash), Some(key_bits)) = (&s.hash, key_bits) else {
                return false;
            };
            canonical_serial(&s.serial) == serial
                && digest(*hash, &cert.data().issuer_raw).is_ok_and(|h| h == s.issuer_name_hash)
                && digest(*hash, key_bits).is_ok_and(|h| h == s.issuer_key_hash)
        })
    }

    /// Whether the response speaks about `cert`.
    pub(crate) fn covers(&self, cert: &Certificate, issuer: &Certificate) -> bool {
        self.find_all(cert, issuer).next().is_some()
    }

    /// Whether `c` is the certificate the ResponderID names.
    fn names(&self, c: &Certificate) -> bool {
        match &self.responder {
            ResponderId::ByName(name, _) => c.data().subject_key == *name,
            ResponderId::ByKey(hash) => ber::spki_key_bits(c.spki())
                .ok()
                .and_then(|bits| digest(HashAlgorithm::Sha1, bits).ok())
                .is_some_and(|h| h == *hash),
        }
    }

    /// The delegated responder that signed the response for `issuer`'s
    /// certificates: `None` when `issuer` signed it itself (or no carried
    /// certificate is named; [`OcspResponse::verify`] refuses that).
    fn delegate(&self, issuer: &Certificate) -> Option<&Certificate> {
        if self.names(issuer) {
            return None;
        }
        self.certs.iter().find(|c| self.names(c))
    }

    /// The checks of the response against the validation time `time` (not
    /// cached: they depend on the time). A delegated responder's certificate
    /// must be valid at `time`, the time the status is used for: producedAt
    /// is written by the responder itself, so its validity at producedAt
    /// proves nothing (an expired or not yet valid responder, id-pkix-ocsp-
    /// nocheck or not, could sign any status with any producedAt). A
    /// producedAt later than `time` plus `skew` is a response from the
    /// future: unreliable (RFC 6960 section 4.2.2.1).
    fn check_time(&self, issuer: &Certificate, time: Time, skew: Duration) -> Result<(), Error> {
        if let Some(delegate) = self.delegate(issuer) {
            let info = delegate.info();
            if time < info.not_before || time > info.not_after {
                return Err(self.refuse(format!(
                    "the responder's certificate {} is not valid at the validation time {time} \
                     (valid {} .. {})",
                    delegate.subject(),
                    info.not_before,
                    info.not_after
                )));
            }
        }
        if after(self.produced_at, time, skew) {
            return Err(self.refuse(format!(
                "producedAt {} is after the validation time {time}: a response from the future \
                 is unreliable",
                self.produced_at
            )));
        }
        Ok(())
    }

    /// Verifies the response as evidence about certificates of `issuer`:
    /// its signature, by `issuer` itself or by a responder `issuer`
    /// authorised (RFC 6960 section 4.2.2.2: a certificate issued by it with
    /// id-kp-OCSPSigning, valid when the response was produced, and either
    /// carrying id-pkix-ocsp-nocheck or found good by `responder_status`);
    /// its nonce if one is expected. Independent of the validation time, so
    /// it may be cached; the responder's validity at the validation time is
    /// checked by [`OcspResponse::status_at`].
    pub(crate) fn verify(
        &self,
        issuer: &Certificate,
        backend: &dyn SignatureVerifier,
        allow_legacy: bool,
        responder_status: &dyn Fn(&Certificate) -> Result<(), Error>,
    ) -> Result<(), Error> {
        if let Some(d) = &self.defect {
            return Err(self.refuse(d.clone()));
        }
        if let Some(expected) = &self.expected_nonce {
            match &self.nonce {
                Some(n) if n == expected => {}
                Some(_) => return Err(self.refuse("the nonce differs from the request's")),
                None => return Err(self.refuse("the response carries no nonce")),
            }
        }
        let signer: &Certificate = if self.names(issuer) {
            issuer
        } else {
            let delegate = self
                .delegate(issuer)
                .ok_or_else(|| self.refuse("the responder's certificate is not in the response"))?;
            self.check_delegate(delegate, issuer, backend, allow_legacy)?;
            let nocheck = x509_parser::certificate::X509Certificate::from_der(delegate.der())
                .map(|(_, x)| {
                    x.tbs_certificate
                        .extensions()
                        .iter()
                        .any(|e| e.oid.to_id_string() == ID_PKIX_OCSP_NOCHECK)
                })
                .unwrap_or(false);
            if !nocheck {
                responder_status(delegate)
                    .map_err(|e| self.refuse(format!("the responder's own status: {e}")))?;
            }
            delegate
        };
        crate::algorithm::check_signature(
            backend,
            &self.signature_algorithm,
            signer.spki(),
            self.tbs(),
            &self.signature,
            allow_legacy,
        )
        .map_err(|e| match e {
            Error::InvalidSignature | Error::CertSignatureInvalid { .. } => {
                self.refuse("signature invalid")
            }
            other => self.refuse(other.to_string()),
        })
    }

    /// A delegated responder (RFC 6960 section 4.2.2.2): issued by the CA
    /// (name and signature), id-kp-OCSPSigning in an extended key usage that
    /// is present, a key usage (if any) that allows signatures, valid at
    /// producedAt, well formed.
    fn check_delegate(
        &self,
        delegate: &Certificate,
        issuer: &Certificate,
        backend: &dyn SignatureVerifier,
        allow_legacy: bool,
    ) -> Result<(), Error> {
        let not_authorised = |why: &str| {
            self.refuse(format!(
                "responder {} is not authorised by {}: {why}",
                delegate.subject(),
                issuer.subject()
            ))
        };
        if delegate.data().issuer_key != issuer.data().subject_key {
            return Err(not_authorised("issued by another CA"));
        }
        crate::algorithm::check_signature(
            backend,
            &delegate.data().signature_algorithm,
            issuer.spki(),
            delegate.tbs(),
            &delegate.data().signature,
            allow_legacy,
        )
        .map_err(|_| not_authorised("its certificate is not signed by the CA"))?;
        let ocsp_signing = delegate
            .data()
            .ext_key_usage
            .as_ref()
            .is_some_and(|v| v.iter().any(|o| o == EKU_OCSP_SIGNING));
        if !ocsp_signing {
            return Err(not_authorised("no id-kp-OCSPSigning"));
        }
        if delegate
            .data()
            .key_usage
            .is_some_and(|ku| !ku.has(KeyUsage::DIGITAL_SIGNATURE))
        {
            return Err(not_authorised("key usage lacks digitalSignature"));
        }
        if delegate.data().defect.is_some() || delegate.data().unsupported_critical.is_some() {
            return Err(not_authorised("its certificate is malformed"));
        }
        let info = delegate.info();
        if self.produced_at < info.not_before || self.produced_at > info.not_after {
            return Err(not_authorised(&format!(
                "its certificate is not valid at producedAt {}",
                self.produced_at
            )));
        }
        Ok(())
    }

    /// What the (verified) response says about `cert` at `time`: `None` if
    /// it does not speak about it.
    ///
    /// First the response as a whole against `time` (see `check_time`: a
    /// delegated responder valid at `time`, producedAt not after `time` +
    /// `skew`). Then every SingleResponse about `cert` (RFC 6960 section
    /// 4.2.2.1), each refused when it carries an unsupported critical
    /// extension, when its thisUpdate is after `time` + `skew` (a status
    /// from the future is unreliable), when producedAt precedes its
    /// thisUpdate, or when it is stale at `time` (`time` at or after
    /// nextUpdate, or, without nextUpdate, more than `max_age` after
    /// thisUpdate). A revocation after `time` leaves the certificate good at
    /// `time`.
    ///
    /// Several entries about one certificate combine as several responses
    /// do: a revocation by any usable entry wins, then "unknown", then
    /// "good"; a refused entry never hides a usable one. A revocation at or
    /// before `time` that is not a hold counts even from a refused entry
    /// (a permanent revocation stays one, as in a stale CRL). Only when no
    /// entry is usable is the first refusal the answer.
    pub(crate) fn status_at(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        time: Time,
        max_age: Duration,
        skew: Duration,
    ) -> Option<Result<OcspCertStatus, Error>> {
        let mut entries = self.find_all(cert, issuer).peekable();
        entries.peek()?;
        if let Err(e) = self.check_time(issuer, time, skew) {
            return Some(Err(e));
        }
        let mut refusal = None;
        let mut revoked: Option<OcspCertStatus> = None;
        let mut unknown = false;
        let mut good = false;
        let mut note_revoked = |status: OcspCertStatus| {
            let earlier = match (revoked, status) {
                (
                    Some(OcspCertStatus::Revoked { time: old, .. }),
                    OcspCertStatus::Revoked { time: new, .. },
                ) => new < old,
                _ => true,
            };
            if earlier {
                revoked = Some(status);
            }
        };
        for s in entries {
            match self.entry_at(s, time, max_age, skew) {
                Ok(status @ OcspCertStatus::Revoked { .. }) => note_revoked(status),
                Ok(OcspCertStatus::Unknown) => unknown = true,
                Ok(OcspCertStatus::Good) => good = true,
                Err(e) => {
                    if let OcspCertStatus::Revoked { time: at, reason } = s.status {
                        let hold = matches!(
                            reason,
                            Some(
                                super::RevocationReason::CertificateHold
                                    | super::RevocationReason::RemoveFromCrl
                            )
                        );
                        if !hold && at <= time {
                            note_revoked(s.status);
                        }
                    }
                    refusal.get_or_insert(e);
                }
            }
        }
        Some(match (revoked, unknown, good, refusal) {
            (Some(r), ..) => Ok(r),
            (None, true, ..) => Ok(OcspCertStatus::Unknown),
            (None, false, true, _) => Ok(OcspCertStatus::Good),
            (None, false, false, Some(e)) => Err(e),
            (None, false, false, None) => Ok(OcspCertStatus::Unknown),
        })
    }

    /// What one SingleResponse says at `time`, or why it cannot be used
    /// (see [`OcspResponse::status_at`]).
    fn entry_at(
        &self,
        s: &SingleResponse,
        time: Time,
        max_age: Duration,
        skew: Duration,
    ) -> Result<OcspCertStatus, Error> {
        if let Some(d) = &s.defect {
            return Err(self.refuse(d.clone()));
        }
        if after(s.this_update, time, skew) {
            return Err(self.refuse(format!(
                "thisUpdate {} is after the validation time {time}: a status from the future \
                 is unreliable (RFC 6960 4.2.2.1)",
                s.this_update
            )));
        }
        if self.produced_at < s.this_update {
            return Err(self.refuse(format!(
                "producedAt {} precedes thisUpdate {}",
                self.produced_at, s.this_update
            )));
        }
        let fresh = match s.next_update {
            Some(next) => time < next,
            None => {
                // thisUpdate may lie up to `skew` after `time`: age 0.
                let age =
                    u64::try_from(time.unix().saturating_sub(s.this_update.unix())).unwrap_or(0);
                age <= max_age.as_secs()
            }
        };
        if !fresh {
            return Err(self.refuse(format!(
                "stale at {time}: thisUpdate {}, nextUpdate {}",
                s.this_update,
                s.next_update
                    .map_or_else(|| "absent".to_owned(), |t| t.to_string())
            )));
        }
        Ok(match s.status {
            OcspCertStatus::Revoked { time: at, .. } if at > time => OcspCertStatus::Good,
            other => other,
        })
    }
}

/// Whether `t` lies after `time` by more than `skew`.
fn after(t: Time, time: Time, skew: Duration) -> bool {
    let skew = i64::try_from(skew.as_secs()).unwrap_or(i64::MAX);
    t.unix() > time.unix().saturating_add(skew)
}

/// What judging an OCSP response needs from the verifier: its signature
/// backend and the evidence rules of its policy.
#[derive(Clone, Copy)]
pub(crate) struct OcspRules {
    /// The signature backend.
    pub(crate) backend: &'static dyn SignatureVerifier,
    /// Whether SHA-1 signatures are allowed.
    pub(crate) allow_legacy: bool,
    /// How long a response without nextUpdate stays usable.
    pub(crate) max_age: Duration,
    /// How far producedAt and thisUpdate may lie in the future.
    pub(crate) max_clock_skew: Duration,
}

/// Verifies `response` about `cert` (issued by `issuer`) at `time`, the
/// responder's own status from the CRLs of `store`: see
/// [`Verifier::verify_ocsp`](crate::Verifier::verify_ocsp).
pub(crate) fn verify_ocsp(
    store: &RevocationStore,
    rules: &OcspRules,
    response: &OcspResponse,
    cert: &Certificate,
    issuer: &Certificate,
    time: Time,
) -> Result<OcspCertStatus, Error> {
    let backend = rules.backend;
    let allow_legacy = rules.allow_legacy;
    // The responder's own status comes from the CRLs only: an OCSP
    // response cannot vouch for the responder that signed it.
    let responder_status = |responder: &Certificate| -> Result<(), Error> {
        match super::RevocationStore::crl_status(
            &[store],
            responder,
            issuer,
            &[issuer],
            time,
            backend,
            allow_legacy,
        ) {
            super::Status::Good => Ok(()),
            super::Status::Revoked(e) | super::Status::CrlRefused(e) => Err(e),
            super::Status::Unknown { detail, .. } => Err(Error::RevocationStatusUnknown {
                subject: responder.subject().to_owned(),
                detail,
            }),
        }
    };
    if !response.covers(cert, issuer) {
        return Err(response.refuse(format!(
            "the response is not about certificate {} (serial {})",
            cert.subject(),
            cert.serial_hex()
        )));
    }
    response.verify(issuer, backend, allow_legacy, &responder_status)?;
    response
        .status_at(cert, issuer, time, rules.max_age, rules.max_clock_skew)
        .unwrap_or(Ok(OcspCertStatus::Unknown))
}

/// Turns a decoding failure into a malformed OCSP response.
fn to_ocsp(e: Error) -> Error {
    match e {
        Error::Malformed { detail, .. } => malformed(detail),
        other => other,
    }
}

fn gen_time(tlv: &Tlv<'_>) -> Result<Time, Error> {
    if tlv.tag != ber::GENERALIZED_TIME {
        return Err(malformed("expected a GeneralizedTime"));
    }
    ber::time(tlv).ok_or_else(|| malformed("unreadable GeneralizedTime"))
}

/// One Extension: OID content, critical, extnValue content.
type Extension<'a> = (&'a [u8], bool, &'a [u8]);

/// Each Extension of a list (RFC 5280 section 4.1).
fn extensions(list: &[u8]) -> Result<Vec<Extension<'_>>, Error> {
    let mut out = Vec::new();
    let mut r = Reader::new(list);
    while !r.is_empty() {
        let mut e = Reader::new(r.expect(SEQUENCE)?);
        let oid = e.expect(OID)?;
        let critical = match e.optional(ber::BOOLEAN)? {
            Some(b) => b.content != [0],
            None => false,
        };
        let value = e.expect(OCTET_STRING)?;
        e.finish("an Extension")?;
        out.push((oid, critical, value));
    }
    Ok(out)
}

/// ```text
/// SingleResponse ::= SEQUENCE {
///   certID CertID,
///   certStatus CertStatus,
///   thisUpdate GeneralizedTime,
///   nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL,
///   singleExtensions [1] EXPLICIT Extensions OPTIONAL }
/// CertID ::= SEQUENCE {
///   hashAlgorithm AlgorithmIdentifier,
///   issuerNameHash OCTET STRING,
///   issuerKeyHash OCTET STRING,
///   serialNumber CertificateSerialNumber }
/// CertStatus ::= CHOICE {
///   good [0] IMPLICIT NULL,
///   revoked [1] IMPLICIT RevokedInfo,
///   unknown [2] IMPLICIT UnknownInfo }
/// RevokedInfo ::= SEQUENCE {
///   revocationTime GeneralizedTime,
///   revocationReason [0] EXPLICIT CRLReason OPTIONAL }
/// ```
/// (RFC 6960 section 4.2.1.)
fn single_response(body: &[u8]) -> Result<SingleResponse, Error> {
    let mut r = Reader::new(body);
    let mut id = Reader::new(r.expect(SEQUENCE)?);
    let mut alg = Reader::new(id.expect(SEQUENCE)?);
    let oid = alg.expect(OID)?;
    let params = if alg.is_empty() {
        None
    } else {
        Some(alg.read()?)
    };
    alg.finish("an AlgorithmIdentifier")?;
    let null = params.is_none_or(|p| p.tag == 0x05 && p.content.is_empty());
    let hash = match hash_from_oid(oid) {
        Some(h) if null => Ok(h),
        _ => Err(ber::oid_string(oid)),
    };
    let issuer_name_hash = id.expect(OCTET_STRING)?.to_vec();
    let issuer_key_hash = id.expect(OCTET_STRING)?.to_vec();
    let serial = id.expect(INTEGER)?.to_vec();
    id.finish("the CertID")?;
    let st = r.read()?;
    let status = match st.tag {
        0x80 if st.content.is_empty() => OcspCertStatus::Good,
        0x82 if st.content.is_empty() => OcspCertStatus::Unknown,
        0xa1 => {
            let mut ri = Reader::new(st.content);
            let time = gen_time(&ri.read()?)?;
            let reason = match ri.optional(0xa0)? {
                Some(explicit) => {
                    let code = Reader::new(explicit.content).expect(ber::ENUMERATED)?;
                    match code {
                        [c] => Some(
                            super::index::reason_from_code(*c)
                                .ok_or_else(|| malformed(format!("unknown reason code {c}")))?,
                        ),
                        _ => return Err(malformed("malformed revocationReason")),
                    }
                }
                None => None,
            };
            ri.finish("the RevokedInfo")?;
            OcspCertStatus::Revoked { time, reason }
        }
        t => return Err(malformed(format!("unknown CertStatus tag {t:#04x}"))),
    };
    let this_update = gen_time(&r.read()?)?;
    let next_update = match r.optional(0xa0)? {
        Some(explicit) => Some(gen_time(&Reader::new(explicit.content).read()?)?),
        None => None,
    };
    let mut defect = None;
    if let Some(exts) = r.optional(0xa1)? {
        let mut e = Reader::new(exts.content);
        let list = e.expect(SEQUENCE)?;
        e.finish("the singleExtensions")?;
        if let Some((oid, _, _)) = extensions(list)?.into_iter().find(|(_, c, _)| *c) {
            defect = Some(format!(
                "unsupported critical single extension {}",
                ber::oid_string(oid)
            ));
        }
    }
    r.finish("the SingleResponse")?;
    Ok(SingleResponse {
        hash,
        issuer_name_hash,
        issuer_key_hash,
        serial,
        status,
        this_update,
        next_update,
        defect,
    })
}
