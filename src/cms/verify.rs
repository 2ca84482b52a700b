//! Verifying a SignedData: each signer's signature, signed attributes and
//! certificate (RFC 5652 section 5.6; CAdES-BES, ETSI EN 319 122-1,
//! signed attributes of RFC 5035).

use x509_parser::prelude::FromDer;
use x509_parser::x509::X509Name;

use super::signed_data::{
    parse, transport_decode_bounded, Attribute, Attributes, Carried, SignedDataRef, SignedDocument,
    SignerIdentifier, SignerInfo,
};
use super::timestamp::{timestamp_error, TimeStampToken, TimestampReport};
use crate::algorithm::digest::{digest, digest_is, hash_from_oid};
use crate::algorithm::{HashAlgorithm, SignatureAlgorithm, SignatureVerifier};
use crate::asn1::ber::{self, Reader, OCTET_STRING, OID, SEQUENCE, SET};
use crate::asn1::canonical_serial;
use crate::cert::{Certificate, NameKey};
use crate::context::{Context, PastTime};
use crate::error::Error;
use crate::policy::Options;
use crate::report::Report;
use crate::revocation::RevocationStore;
use crate::time::Time;

/// id-contentType (RFC 5652 section 11.1): 1.2.840.113549.1.9.3.
pub(super) const ID_CONTENT_TYPE: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x03];
/// id-messageDigest (section 11.2): 1.2.840.113549.1.9.4.
pub(super) const ID_MESSAGE_DIGEST: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04];
/// id-signingTime (section 11.3): 1.2.840.113549.1.9.5.
pub(super) const ID_SIGNING_TIME: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05];
/// id-aa-signingCertificate (RFC 2634 section 5.4): 1.2.840.113549.1.9.16.2.12.
pub(super) const ID_SIGNING_CERTIFICATE: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x0c,
];
/// id-aa-signingCertificateV2 (RFC 5035 section 3): 1.2.840.113549.1.9.16.2.47.
pub(super) const ID_SIGNING_CERTIFICATE_V2: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x2f,
];
/// id-aa-signatureTimeStampToken (RFC 3161 appendix A): 1.2.840.113549.1.9.16.2.14.
pub(super) const ID_SIGNATURE_TIME_STAMP: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x0e,
];
/// rsaEncryption (RFC 3370 section 3.2): as a SignerInfo signatureAlgorithm
/// it means PKCS #1 v1.5 with the SignerInfo's digestAlgorithm.
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/// The verdict on a signed document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct DocumentReport {
    /// True only if the document has at least one signer and every signer
    /// is valid.
    pub valid: bool,
    /// The reason for refusal: [`Error::NoSigners`], or the first invalid
    /// signer's reason.
    pub reason: Option<Error>,
    /// One report per SignerInfo, in document order.
    pub signers: Vec<SignerReport>,
}

/// The verdict on one signer of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct SignerReport {
    /// True only if the signature and signed attributes verify and the
    /// signer's certificate report is valid.
    pub valid: bool,
    /// The reason for refusal: a failure of the signature or its
    /// attributes, else the certificate report's reason.
    pub reason: Option<Error>,
    /// The signature algorithm's name, or its OID if unsupported.
    pub signature_algorithm: String,
    /// The digest algorithm's name, or its OID if unsupported.
    pub digest_algorithm: String,
    /// The signingTime attribute: the signer's claim, reported; the
    /// validation time only if [`Policy::trust_signing_time`] is set and the
    /// signer has no valid time-stamp.
    ///
    /// [`Policy::trust_signing_time`]: crate::Policy::trust_signing_time
    pub signing_time: Option<Time>,
    /// The signature time-stamp (CAdES-T) that set the validation time (the
    /// valid one with the earliest genTime), or the one that failed.
    pub timestamp: Option<TimestampReport>,
    /// The time the signer's certificate was validated at: the time-stamp's
    /// genTime, else the trusted signingTime, else the caller's time.
    pub validated_at: Time,
    /// The full report on the signer's certificate, if it was found.
    pub certificate: Option<Report>,
}

impl DocumentReport {
    /// The report on a document that could not be read at all: not valid,
    /// `reason` the error, no signers.
    pub fn unreadable(reason: Error) -> Self {
        Self {
            valid: false,
            reason: Some(reason),
            signers: Vec::new(),
        }
    }

    /// `Ok(())` if valid, else the reason.
    pub fn result(&self) -> Result<(), Error> {
        match (&self.reason, self.valid) {
            (None, true) => Ok(()),
            (Some(e), _) => Err(e.clone()),
            (None, false) => Err(Error::NoSigners),
        }
    }

    /// The report as JSON.
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

impl Context {
    /// See [`Verifier::verify_document`](crate::Verifier::verify_document).
    pub(crate) fn verify_document(
        &self,
        doc: &SignedDocument,
        detached: Option<&[u8]>,
        options: &Options,
    ) -> DocumentReport {
        match doc.view() {
            Ok(view) => self.verify_signed_data(&view, detached, options),
            // Parsed before, so it reads again; refused if not.
            Err(e) => DocumentReport::unreadable(e),
        }
    }

    /// Parses `input` in place (DER is neither copied nor owned; the
    /// certificates come from the verifier's cache) and verifies it like
    /// [`Verifier::verify_document`].
    pub(crate) fn verify_document_in_place(
        &self,
        input: &[u8],
        detached: Option<&[u8]>,
        options: &Options,
    ) -> Result<DocumentReport, Error> {
        let binary = transport_decode_bounded(input)?;
        let certs = &self.caches.certificates;
        let der = ber::normalize_cow_knowing(&binary, &|e| certs.known_plain(e))?;
        let parsed = parse(&der, Carried::Cached(certs))?;
        let view = SignedDataRef {
            content_type: parsed.content_type,
            content: parsed.content,
            certificates: &parsed.certificates,
            crls: &parsed.crls,
            signers: parsed.signers,
        };
        Ok(self.verify_signed_data(&view, detached, options))
    }

    fn verify_signed_data(
        &self,
        doc: &SignedDataRef<'_>,
        detached: Option<&[u8]>,
        options: &Options,
    ) -> DocumentReport {
        // The document's CRLs join the caller's for its signers. A store
        // of its own is built only when the document carries CRLs or the
        // caller's store holds OCSP responses: a response's verdict
        // depends on its responder's status at the validation time, so
        // its remembered outcome must not outlive the document. (The
        // outcome of a CRL signature check is a function of the CRL, the
        // issuer certificate, the backend and the SHA-1 policy, which key
        // it.)
        let own_store = !doc.crls.is_empty() || !options.crls.ocsp_responses().is_empty();
        let doc_crls = own_store.then(|| {
            let mut store = options.crls.clone();
            for crl in doc.crls {
                store.add(crl.clone());
            }
            store
        });
        let crls = doc_crls.as_ref().unwrap_or(&options.crls);
        let content = match (doc.content, detached) {
            (Some(attached), Some(given)) if attached != given => Err(Error::ContentConflict),
            (Some(attached), _) => Ok(attached),
            (None, Some(given)) => Ok(given),
            (None, None) => Err(Error::DetachedContentMissing),
        };
        let signers: Vec<SignerReport> = doc
            .signers
            .iter()
            .map(|s| self.verify_signer(doc, s, content.clone(), options, crls))
            .collect();
        let reason = if signers.is_empty() {
            Some(Error::NoSigners)
        } else {
            signers.iter().find_map(|s| s.reason.clone())
        };
        DocumentReport {
            valid: !signers.is_empty() && signers.iter().all(|s| s.valid),
            reason,
            signers,
        }
    }

    /// One signer: `crls` are the caller's and the document's CRLs, and
    /// the document's certificates are intermediates besides the caller's.
    fn verify_signer(
        &self,
        doc: &SignedDataRef<'_>,
        signer: &SignerInfo<'_>,
        content: Result<&[u8], Error>,
        options: &Options,
        crls: &RevocationStore,
    ) -> SignerReport {
        let signing_time = signer
            .signed_attrs
            .and_then(|(attrs, _)| attrs.find(ID_SIGNING_TIME))
            .and_then(signing_time);
        let mut report = SignerReport {
            valid: false,
            reason: None,
            // Filled in below: the decoded names, or labels on failure.
            signature_algorithm: String::new(),
            digest_algorithm: String::new(),
            signing_time,
            timestamp: None,
            validated_at: options.time,
            certificate: None,
        };
        let cert = find_signer_certificate_in(doc, signer, options, self.intermediates());
        // The signer's key is kept prepared on its certificate: bulk runs
        // check many documents of one signer.
        let checked = signer_message(
            self.policy().allow_legacy_algorithms,
            doc,
            signer,
            content,
            cert,
        )
        .and_then(|(alg, cert, message)| {
            message.with(|m| cert.verify_with_key(self.backend(), alg, m, signer.signature))?;
            Ok(alg)
        });
        // CAdES-T (ETSI EN 319 122-1 section 5.3): time-stamps over the
        // signature value move the validation time back to the earliest
        // valid genTime; one that does not verify refuses the signer.
        let mut stamp_failure = None;
        if checked.is_ok() {
            let (stamp, failure) = self.signer_timestamp(doc, signer, signing_time, options, crls);
            stamp_failure = failure;
            if let Some(stamp) = &stamp {
                if stamp.valid && stamp_failure.is_none() {
                    report.validated_at = stamp.info.gen_time;
                }
            } else if self.policy().require_timestamp && stamp_failure.is_none() {
                stamp_failure = Some(Error::TimestampMissing);
            } else if self.policy().trust_signing_time {
                if let Some(t) = signing_time {
                    // Like a time-stamp, a trusted signingTime may only move
                    // validation back in time.
                    let skew =
                        i64::try_from(self.policy().max_clock_skew.as_secs()).unwrap_or(i64::MAX);
                    if t.unix() > options.time.unix().saturating_add(skew) {
                        stamp_failure = Some(Error::TimeInFuture {
                            what: "signingTime",
                            claimed: t,
                            time: options.time,
                        });
                    } else {
                        report.validated_at = t;
                    }
                }
            }
            report.timestamp = stamp;
        }
        if let Some(cert) = cert {
            // Validated at a time moved back: the keys that vouch for that
            // time (its CAs, its OCSP responders) must not be condemned.
            let past = if report.validated_at == options.time {
                PastTime::Present
            } else {
                PastTime::Signer
            };
            report.certificate = Some(self.verify_certificate_at(
                cert,
                options,
                doc.certificates,
                crls,
                report.validated_at,
                past,
            ));
        }
        match (&checked, &report.certificate, stamp_failure) {
            (Err(e), _, _) => report.reason = Some(e.clone()),
            (Ok(_), _, Some(e)) => report.reason = Some(e),
            (Ok(_), Some(cert_report), None) => {
                report.valid = cert_report.valid;
                report.reason = cert_report.result().err();
            }
            (Ok(_), None, None) => report.reason = Some(not_found(signer)),
        }
        if let Ok(alg) = &checked {
            report.signature_algorithm = alg.name().to_owned();
            report.digest_algorithm = alg.hash().name().to_owned();
        } else {
            report.signature_algorithm = algorithm_label(signer.signature_algorithm);
            report.digest_algorithm = algorithm_label(signer.digest_algorithm);
        }
        report
    }

    /// The signature time-stamps of one signer (id-aa-signatureTimeStampToken,
    /// RFC 3161 appendix A), each verified over the signature value: the
    /// valid one with the earliest genTime, or the first failure.
    fn signer_timestamp(
        &self,
        doc: &SignedDataRef<'_>,
        signer: &SignerInfo<'_>,
        signing_time: Option<Time>,
        options: &Options,
        crls: &RevocationStore,
    ) -> (Option<TimestampReport>, Option<Error>) {
        let mut best: Option<TimestampReport> = None;
        let mut stamps = signer
            .unsigned_attrs
            .iter()
            .filter(|a| a.oid == ID_SIGNATURE_TIME_STAMP)
            .peekable();
        if stamps.peek().is_none() {
            return (None, None);
        }
        // The time-stamps are checked with the document's certificates and
        // CRLs besides the caller's.
        let mut cert_options = options
            .clone()
            .with_intermediates(doc.certificates.iter().cloned());
        cert_options.crls = crls.clone();
        // The tokens are counted (cheaply) before any is verified: each
        // costs a signature check and a path validation.
        let mut tokens: Vec<&[u8]> = Vec::new();
        for attr in stamps {
            if attr.values().next().is_none() {
                let e = Error::TimestampInvalid {
                    detail: "empty signatureTimeStampToken attribute".into(),
                };
                return (None, Some(e));
            }
            for value in attr.values() {
                if tokens.len() >= super::MAX_TIMESTAMPS_PER_SIGNER {
                    let e = Error::LimitExceeded {
                        what: "signature time-stamp tokens of a signer",
                        limit: super::MAX_TIMESTAMPS_PER_SIGNER,
                    };
                    return (None, Some(e));
                }
                tokens.push(value);
            }
        }
        let skew = i64::try_from(self.policy().max_clock_skew.as_secs()).unwrap_or(i64::MAX);
        for (i, value) in tokens.iter().enumerate() {
            // An identical token says the same: it is verified once.
            if tokens[..i].contains(value) {
                continue;
            }
            let stamp = match TimeStampToken::from_der(value) {
                Ok(token) => self.verify_timestamp(&token, signer.signature, &cert_options),
                Err(e) => return (None, Some(timestamp_error(e))),
            };
            if let Some(e) = stamp.result().err() {
                return (Some(stamp), Some(e));
            }
            let stamped = stamp.info.gen_time;
            // A time-stamp may only move validation back in time: one
            // from after the validation time (beyond the skew) vouches
            // for a signature that did not exist yet at it.
            if stamped.unix() > options.time.unix().saturating_add(skew) {
                let e = Error::TimeInFuture {
                    what: "time-stamp genTime",
                    claimed: stamped,
                    time: options.time,
                };
                return (Some(stamp), Some(e));
            }
            // A signature cannot be made after it was time-stamped; the
            // skew allows for the signer's clock.
            if let Some(claimed) = signing_time {
                if claimed.unix() > stamped.unix().saturating_add(skew) {
                    let e = Error::TimestampInvalid {
                        detail: format!(
                            "signingTime {claimed} is after the time-stamp's genTime {stamped}"
                        ),
                    };
                    return (Some(stamp), Some(e));
                }
            }
            if best.as_ref().is_none_or(|b| stamped < b.info.gen_time) {
                best = Some(stamp);
            }
        }
        (best, None)
    }
}

/// The signature layer of one SignerInfo: algorithms, signed attributes,
/// the signature (RFC 5652 section 5.6).
pub(super) fn check_signer_signature(
    backend: &dyn SignatureVerifier,
    allow_legacy: bool,
    doc: &SignedDataRef<'_>,
    signer: &SignerInfo<'_>,
    content: Result<&[u8], Error>,
    cert: Option<&Certificate>,
) -> Result<SignatureAlgorithm, Error> {
    let (alg, cert, message) = signer_message(allow_legacy, doc, signer, content, cert)?;
    message.with(|m| backend.verify(alg, cert.spki(), m, signer.signature))?;
    Ok(alg)
}

/// What a signature covers (RFC 5652 section 5.4).
#[derive(Clone, Copy)]
enum Signed<'a> {
    /// The content octets (no signed attributes).
    Content(&'a [u8]),
    /// The signed attributes as they stand in the SignerInfo ([0]): what
    /// is signed is their DER with the SET OF tag.
    Attributes(&'a [u8]),
}

/// Signed attributes up to this size are re-tagged on the stack (CAdES-BES
/// attributes take 200-400 bytes); larger ones in a heap copy.
const SIGNED_ATTRIBUTES_ON_STACK: usize = 512;

impl Signed<'_> {
    /// Runs `f` on the signed octets.
    fn with<R>(self, f: impl FnOnce(&[u8]) -> R) -> R {
        match self {
            Signed::Content(c) => f(c),
            Signed::Attributes(tagged) => {
                let mut stack = [0u8; SIGNED_ATTRIBUTES_ON_STACK];
                let mut heap = Vec::new();
                let buf = if tagged.len() <= stack.len() {
                    &mut stack[..tagged.len()]
                } else {
                    heap.resize(tagged.len(), 0);
                    &mut heap[..]
                };
                buf.copy_from_slice(tagged);
                if let Some(tag) = buf.first_mut() {
                    *tag = SET;
                }
                f(buf)
            }
        }
    }
}

/// [`check_signer_signature`] up to the signature itself: the algorithms,
/// the signer's certificate and the signed attributes checked, and what the
/// signature covers.
fn signer_message<'a>(
    allow_legacy: bool,
    doc: &SignedDataRef<'_>,
    signer: &SignerInfo<'a>,
    content: Result<&'a [u8], Error>,
    cert: Option<&'a Certificate>,
) -> Result<(SignatureAlgorithm, &'a Certificate, Signed<'a>), Error> {
    let hash = digest_algorithm(signer.digest_algorithm)?;
    let alg = signature_algorithm(signer.signature_algorithm, hash)?;
    if alg.is_legacy() && !allow_legacy {
        return Err(Error::LegacyAlgorithmNotAllowed {
            algorithm: alg.name(),
        });
    }
    let cert = cert.ok_or_else(|| not_found(signer))?;
    let content = content?;
    let message = match signer.signed_attrs {
        None => Signed::Content(content),
        Some((attrs, tagged)) => {
            check_attributes(doc, attrs, hash, content, cert)?;
            Signed::Attributes(tagged)
        }
    };
    Ok((alg, cert, message))
}

fn not_found(signer: &SignerInfo<'_>) -> Error {
    let signer = match signer.sid {
        SignerIdentifier::IssuerAndSerial { issuer, serial } => {
            let name = X509Name::from_der(issuer)
                .map(|(_, n)| n.to_string())
                .unwrap_or_else(|_| "an unreadable name".into());
            format!("issuer {name}, serial {}", hex(canonical_serial(serial)))
        }
        SignerIdentifier::SubjectKeyId(ski) => format!("key identifier {}", hex(ski)),
    };
    Error::SignerCertificateNotFound { signer }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The signer's certificate, among the document's certificates and then
/// the caller's (RFC 5652 section 5.3, SignerIdentifier).
pub(super) fn find_signer_certificate<'a>(
    doc: &SignedDataRef<'a>,
    signer: &SignerInfo<'_>,
    options: &'a Options,
) -> Option<&'a Certificate> {
    find_signer_certificate_in(doc, signer, options, &[])
}

/// [`find_signer_certificate`], then among `pool` (the verifier's own
/// untrusted certificates, `VerifierBuilder::intermediate`): a document
/// made without certificates (`openssl cms -sign -nocerts`) names a
/// signer certificate the verifier was given. Only an exact match of the
/// SignerIdentifier is chosen (issuer and serial, or subject key
/// identifier), and the signature must then verify with its key.
pub(super) fn find_signer_certificate_in<'a>(
    doc: &SignedDataRef<'a>,
    signer: &SignerInfo<'_>,
    options: &'a Options,
    pool: &'a [Certificate],
) -> Option<&'a Certificate> {
    let all = || {
        doc.certificates
            .iter()
            .chain(options.intermediates.iter())
            .chain(pool.iter())
    };
    let mut candidates = all();
    match signer.sid {
        SignerIdentifier::IssuerAndSerial { issuer, serial } => {
            let serial = canonical_serial(serial);
            // The same issuer bytes are the same name; else compare the
            // names decoded and normalised.
            let same_bytes =
                all().find(|c| c.data().serial_raw == serial && c.data().issuer_raw == issuer);
            if same_bytes.is_some() {
                return same_bytes;
            }
            let issuer = X509Name::from_der(issuer).ok()?.1;
            let issuer = NameKey::from_name(&issuer);
            candidates.find(|c| c.data().serial_raw == serial && c.data().issuer_key == issuer)
        }
        SignerIdentifier::SubjectKeyId(ski) => {
            candidates.find(|c| c.data().ski.as_deref() == Some(ski))
        }
    }
}

/// Splits a DER AlgorithmIdentifier into its OID and parameters
/// (RFC 5280 section 4.1.1.2).
fn split_algorithm(der: &[u8]) -> Result<(&[u8], Option<ber::Tlv<'_>>), Error> {
    let mut outer = Reader::new(der);
    let mut r = Reader::new(outer.expect(SEQUENCE)?);
    let oid = r.expect(OID)?;
    let params = if r.is_empty() { None } else { Some(r.read()?) };
    r.finish("an AlgorithmIdentifier")?;
    Ok((oid, params))
}

fn is_null(params: &Option<ber::Tlv<'_>>) -> bool {
    match params {
        None => true,
        Some(p) => p.tag == 0x05 && p.content.is_empty(),
    }
}

/// The label a report shows for an algorithm before (or without) decoding.
fn algorithm_label(der: &[u8]) -> String {
    match split_algorithm(der) {
        Ok((oid, params)) => match hash_from_oid(oid) {
            Some(h) if is_null(&params) => h.name().to_owned(),
            _ => ber::oid_string(oid),
        },
        Err(_) => "malformed".to_owned(),
    }
}

/// DigestAlgorithmIdentifier (RFC 5652 section 10.1.1; parameters absent or
/// NULL, RFC 5754 section 2).
pub(super) fn digest_algorithm(der: &[u8]) -> Result<HashAlgorithm, Error> {
    let (oid, params) = split_algorithm(der)?;
    let hash = hash_from_oid(oid).ok_or_else(|| Error::UnsupportedSignatureAlgorithm {
        oid: ber::oid_string(oid),
    })?;
    if !is_null(&params) {
        return Err(Error::Malformed {
            what: "CMS",
            detail: "digest algorithm parameters must be absent or NULL".into(),
        });
    }
    Ok(hash)
}

/// SignatureAlgorithmIdentifier (RFC 5652 section 10.1.2): rsaEncryption
/// takes its hash from the digestAlgorithm (RFC 3370 section 3.2); any
/// other algorithm must use the digestAlgorithm's hash.
fn signature_algorithm(der: &[u8], hash: HashAlgorithm) -> Result<SignatureAlgorithm, Error> {
    let (oid, params) = split_algorithm(der)?;
    if oid == RSA_ENCRYPTION {
        if !is_null(&params) {
            return Err(Error::Malformed {
                what: "CMS",
                detail: "rsaEncryption parameters must be absent or NULL".into(),
            });
        }
        return Ok(SignatureAlgorithm::RsaPkcs1(hash));
    }
    // The national crypto provider names the key algorithm (like
    // rsaEncryption) in the older documents: GOST 34.310-2004 key
    // 1.2.398.3.10.1.1.1.1, GOST 34.10-2015 512-bit key 1.2.398.3.10.1.1.2.2.
    let alg = if oid == crate::algorithm::gost::oid::GOST2004_KEY {
        SignatureAlgorithm::Gost2004
    } else if oid == crate::algorithm::gost::oid::GOST2015_512_KEY {
        SignatureAlgorithm::Gost2015_512
    } else {
        SignatureAlgorithm::from_der(der)?
    };
    if alg.hash() != hash {
        return Err(Error::DigestAlgorithmMismatch {
            digest: hash.name().to_owned(),
            signature: alg.name().to_owned(),
        });
    }
    Ok(alg)
}

/// The single value of an attribute (RFC 5652 section 11: contentType,
/// messageDigest and signingTime are single-valued).
fn single_value<'a>(attr: Attribute<'a>, name: &'static str) -> Result<ber::Tlv<'a>, Error> {
    let missing = Error::MissingSignedAttribute { name };
    match attr.single_value() {
        Some(value) => {
            let mut r = Reader::new(value);
            let tlv = r.read().map_err(|_| missing.clone())?;
            r.finish("an attribute value").map_err(|_| missing)?;
            Ok(tlv)
        }
        None => Err(missing),
    }
}

/// Signed attributes (RFC 5652 section 5.3): contentType and messageDigest
/// MUST be present when any is; the ESS signing-certificate attributes, when
/// present, must name the signer's certificate.
fn check_attributes(
    doc: &SignedDataRef<'_>,
    attrs: Attributes<'_>,
    hash: HashAlgorithm,
    content: &[u8],
    cert: &Certificate,
) -> Result<(), Error> {
    // Section 11.1: contentType equals eContentType.
    let attr = attrs
        .find(ID_CONTENT_TYPE)
        .ok_or(Error::MissingSignedAttribute {
            name: "contentType",
        })?;
    let value = single_value(attr, "contentType")?;
    if value.tag != OID {
        return Err(Error::MissingSignedAttribute {
            name: "contentType",
        });
    }
    if value.content != doc.content_type {
        return Err(Error::ContentTypeMismatch {
            expected: doc.content_type(),
            found: ber::oid_string(value.content),
        });
    }
    // Section 11.2: messageDigest is the digest of the content octets.
    let attr = attrs
        .find(ID_MESSAGE_DIGEST)
        .ok_or(Error::MissingSignedAttribute {
            name: "messageDigest",
        })?;
    let value = single_value(attr, "messageDigest")?;
    if value.tag != OCTET_STRING {
        return Err(Error::MissingSignedAttribute {
            name: "messageDigest",
        });
    }
    if !digest_is(hash, content, value.content)? {
        return Err(Error::MessageDigestMismatch);
    }
    if let Some(attr) = attrs.find(ID_SIGNING_CERTIFICATE_V2) {
        check_signing_certificate(attr, cert, true)?;
    }
    if let Some(attr) = attrs.find(ID_SIGNING_CERTIFICATE) {
        check_signing_certificate(attr, cert, false)?;
    }
    Ok(())
}

fn ess_mismatch(detail: &str) -> Error {
    Error::SigningCertificateMismatch {
        detail: detail.to_owned(),
    }
}

/// ESS signing-certificate attributes: the first certificate identifier
/// names the signer's certificate (RFC 5035 section 3, RFC 2634 section
/// 5.4).
///
/// ```text
/// SigningCertificateV2 ::= SEQUENCE {
///   certs SEQUENCE OF ESSCertIDv2,
///   policies SEQUENCE OF PolicyInformation OPTIONAL }
/// ESSCertIDv2 ::= SEQUENCE {
///   hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256},
///   certHash Hash,
///   issuerSerial IssuerSerial OPTIONAL }
/// SigningCertificate ::= SEQUENCE {
///   certs SEQUENCE OF ESSCertID,
///   policies SEQUENCE OF PolicyInformation OPTIONAL }
/// ESSCertID ::= SEQUENCE {
///   certHash Hash, -- SHA-1 hash of the entire certificate
///   issuerSerial IssuerSerial OPTIONAL }
/// IssuerSerial ::= SEQUENCE {
///   issuer GeneralNames,
///   serialNumber CertificateSerialNumber }
/// ```
///
/// The SHA-1 of version 1 only identifies a certificate the signature
/// itself is then verified with, so it is accepted whatever the legacy
/// policy.
fn check_signing_certificate(
    attr: Attribute<'_>,
    cert: &Certificate,
    v2: bool,
) -> Result<(), Error> {
    let unreadable = || ess_mismatch("the attribute does not decode");
    let Some(value) = attr.single_value() else {
        return Err(unreadable());
    };
    let mut r = Reader::new(value);
    let mut sc = Reader::new(r.expect(SEQUENCE).map_err(|_| unreadable())?);
    let mut certs = Reader::new(sc.expect(SEQUENCE).map_err(|_| unreadable())?);
    let mut id = Reader::new(certs.expect(SEQUENCE).map_err(|_| unreadable())?);
    let hash = if v2 && id.peek_tag() == Some(SEQUENCE) {
        let alg = id.expect_tlv(SEQUENCE).map_err(|_| unreadable())?;
        digest_algorithm(alg.raw)?
    } else if v2 {
        HashAlgorithm::Sha256
    } else {
        HashAlgorithm::Sha1
    };
    let cert_hash = id.expect(OCTET_STRING).map_err(|_| unreadable())?;
    let matches = match (hash, cert.fingerprint()) {
        // The SHA-256 of the certificate is computed once per certificate.
        (HashAlgorithm::Sha256, Some(fp)) => cert_hash == fp.as_slice(),
        _ => cert_hash == digest(hash, cert.der())?.as_slice(),
    };
    if !matches {
        return Err(ess_mismatch("the certificate hash differs"));
    }
    if let Some(issuer_serial) = id.optional(SEQUENCE).map_err(|_| unreadable())? {
        let mut is = Reader::new(issuer_serial.content);
        let mut names = Reader::new(is.expect(SEQUENCE).map_err(|_| unreadable())?);
        let serial = is.expect(ber::INTEGER).map_err(|_| unreadable())?;
        if canonical_serial(serial) != cert.data().serial_raw.as_slice() {
            return Err(ess_mismatch("the serial number differs"));
        }
        let mut issuer_found = false;
        while !names.is_empty() {
            let name = names.read().map_err(|_| unreadable())?;
            // GeneralName directoryName [4] EXPLICIT Name (RFC 5280 4.2.1.6).
            if name.tag == 0xa4 {
                if name.content == cert.data().issuer_raw.as_slice() {
                    issuer_found = true;
                } else if let Ok((_, n)) = X509Name::from_der(name.content) {
                    issuer_found |= NameKey::from_name(&n) == cert.data().issuer_key;
                }
            }
        }
        if !issuer_found {
            return Err(ess_mismatch("the issuer differs"));
        }
    }
    Ok(())
}

/// signingTime (RFC 5652 section 11.3): UTCTime for 1950-2049, else
/// GeneralizedTime, both in UTC with seconds. Anything else reads as absent
/// (the value is reported only).
fn signing_time(attr: Attribute<'_>) -> Option<Time> {
    let value = single_value(attr, "signingTime").ok()?;
    // RFC 5652 11.3: no fractional seconds in a signingTime.
    if value.content.contains(&b'.') {
        return None;
    }
    ber::time(&value)
}
