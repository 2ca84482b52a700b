//! RFC 3161 time-stamp tokens: a SignedData whose content is a TSTInfo,
//! signed by a time-stamping authority (TSA). A token proves that the hash
//! in its messageImprint existed at its genTime; CAdES-T puts one over a
//! signer's signature value (ETSI EN 319 122-1 section 5.3).
//!
//! Verification checks the token's CMS signature with the code that checks
//! documents, the TSA certificate through the path engine at genTime with
//! the extended key usage RFC 3161 section 2.3 demands (present, critical,
//! id-kp-timeStamping only), and that the imprint is the hash of the data.

use x509_parser::prelude::FromDer;

use super::oid::{ID_SIGNING_CERTIFICATE, ID_SIGNING_CERTIFICATE_V2};
use super::signed_data::SignedDocument;
use super::signer::{check_signer_signature, find_signer_certificate, find_signer_certificate_in};
use crate::algorithm::digest::{digest, hash_from_oid};
use crate::algorithm::{HashAlgorithm, SignatureVerifier};
use crate::asn1::ber::{self, Reader, INTEGER, OCTET_STRING, OID, SEQUENCE};
use crate::cert::{Certificate, KeyUsage};
use crate::context::{Context, PastTime};
use crate::error::Error;
use crate::policy::{Options, Purpose};
use crate::report::Report;
use crate::time::Time;

/// id-ct-TSTInfo (RFC 3161 section 2.4.2): 1.2.840.113549.1.9.16.1.4.
const ID_CT_TST_INFO: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x04,
];
/// id-kp-timeStamping (RFC 5280 section 4.2.1.12).
const EKU_TIME_STAMPING: &str = "1.3.6.1.5.5.7.3.8";
/// extKeyUsage.
const ID_CE_EXT_KEY_USAGE: &str = "2.5.29.37";

/// The facts of a time-stamp (TSTInfo, RFC 3161 section 2.4.2).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct TstInfo {
    /// The TSA policy under which the token was issued, dotted.
    pub policy: String,
    /// The messageImprint's hash algorithm: its name, or its OID when this
    /// library does not implement it.
    pub hash_algorithm: String,
    /// The messageImprint's hash value.
    #[cfg_attr(feature = "serde", serde(serialize_with = "hex_bytes"))]
    pub message_imprint: Vec<u8>,
    /// The token's serial number, in hex.
    pub serial: String,
    /// The time the TSA vouches for.
    pub gen_time: Time,
    /// The accuracy of genTime in microseconds, if the TSA states one.
    pub accuracy_micros: Option<u64>,
    /// Whether tokens of this TSA are ordered by genTime alone.
    pub ordering: bool,
    /// The nonce of the request, if the TSA copied one in.
    #[cfg_attr(feature = "serde", serde(serialize_with = "hex_option"))]
    pub nonce: Option<Vec<u8>>,
    /// The TSA's name as the token gives it, if it does.
    pub tsa: Option<String>,
    #[cfg_attr(feature = "serde", serde(skip))]
    hash: Option<HashAlgorithm>,
    /// Why the TSTInfo cannot be trusted whatever its signature (an
    /// unsupported critical extension, a version other than 1).
    #[cfg_attr(feature = "serde", serde(skip))]
    defect: Option<String>,
}

#[cfg(feature = "serde")]
fn hex_bytes<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::encoding::hex_lower(b))
}

#[cfg(feature = "serde")]
fn hex_option<S: serde::Serializer>(b: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
    match b {
        Some(b) => s.serialize_str(&crate::encoding::hex_lower(b)),
        None => s.serialize_none(),
    }
}

/// A parsed RFC 3161 time-stamp token: the SignedData and its TSTInfo.
///
/// Parsing checks structure only; [`Verifier::verify_timestamp`](crate::Verifier::verify_timestamp) checks the
/// signature, the TSA and the imprint.
#[derive(Debug, Clone)]
pub struct TimeStampToken {
    der: Vec<u8>,
    doc: SignedDocument,
    info: TstInfo,
}

fn malformed(detail: impl Into<String>) -> Error {
    Error::Malformed {
        what: "time-stamp",
        detail: detail.into(),
    }
}

impl TimeStampToken {
    /// Parses a TimeStampToken: a DER (or BER) ContentInfo holding a
    /// SignedData with eContentType id-ct-TSTInfo (RFC 3161 section 2.4.2).
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] for anything else; [`Error::LimitExceeded`] as
    /// for documents.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        let der = ber::normalize(der)?;
        let doc = SignedDocument::from_any(&der)?;
        if doc.content_type_der() != ID_CT_TST_INFO {
            return Err(malformed(format!(
                "content type {} is not id-ct-TSTInfo",
                doc.content_type()
            )));
        }
        let content = doc
            .content()
            .ok_or_else(|| malformed("the token carries no TSTInfo"))?;
        let info = TstInfo::decode(content)?;
        Ok(TimeStampToken { der, doc, info })
    }

    /// Parses a TimeStampResp (RFC 3161 section 2.4.2) and returns its token.
    ///
    /// ```text
    /// TimeStampResp ::= SEQUENCE {
    ///   status PKIStatusInfo,
    ///   timeStampToken TimeStampToken OPTIONAL }
    /// PKIStatusInfo ::= SEQUENCE {
    ///   status PKIStatus,
    ///   statusString PKIFreeText OPTIONAL,
    ///   failInfo PKIFailureInfo OPTIONAL }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::TimestampInvalid`] when the status is neither granted (0)
    /// nor grantedWithMods (1) or no token is given; [`Error::Malformed`]
    /// for undecodable input.
    pub fn from_response(der: &[u8]) -> Result<Self, Error> {
        let der = ber::normalize(der)?;
        let mut outer = Reader::new(&der);
        let mut r = Reader::new(outer.expect(SEQUENCE)?);
        outer.finish("the TimeStampResp")?;
        let mut status = Reader::new(r.expect(SEQUENCE)?);
        let code = status.expect(INTEGER)?;
        if code != [0] && code != [1] {
            return Err(Error::TimestampInvalid {
                detail: format!(
                    "the TSA refused the request (PKIStatus {})",
                    crate::encoding::hex_lower(code)
                ),
            });
        }
        let token = r
            .optional(SEQUENCE)?
            .ok_or_else(|| Error::TimestampInvalid {
                detail: "the response carries no token".into(),
            })?;
        r.finish("the TimeStampResp")?;
        Self::from_der(token.raw)
    }

    /// Parses a token or a response, as DER, BER or base64.
    pub fn from_any(input: &[u8]) -> Result<Self, Error> {
        let binary = super::signed_data::transport_decode(input)?;
        match Self::from_der(&binary) {
            Ok(t) => Ok(t),
            Err(token_error) => Self::from_response(&binary).map_err(|e| match e {
                Error::Malformed { .. } => token_error,
                other => other,
            }),
        }
    }

    /// The token (a ContentInfo) as DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The TSTInfo.
    pub fn info(&self) -> &TstInfo {
        &self.info
    }

    /// The token as a signed document (its certificates, its signer).
    pub fn document(&self) -> &SignedDocument {
        &self.doc
    }

    /// Checks the token against `data` without any trust decision: the
    /// imprint is the hash of `data`, and the token's signature verifies
    /// with the certificate it carries. What signing does before attaching a
    /// token; verification judges the TSA.
    pub(crate) fn check_structure(
        &self,
        data: &[u8],
        backend: &dyn SignatureVerifier,
    ) -> Result<(), Error> {
        self.check_structure_with(Imprint::Data(data), backend)
    }

    /// [`TimeStampToken::check_structure`] for a caller who holds the hash
    /// of the data (computed with the imprint's algorithm).
    #[cfg(feature = "online")]
    pub(crate) fn check_structure_digest(
        &self,
        digest: &[u8],
        backend: &dyn SignatureVerifier,
    ) -> Result<(), Error> {
        self.check_structure_with(Imprint::Digest(digest), backend)
    }

    fn check_structure_with(
        &self,
        imprint: Imprint<'_>,
        backend: &dyn SignatureVerifier,
    ) -> Result<(), Error> {
        check_imprint(&self.info, imprint, true)?;
        let doc = self.doc.view()?;
        let [signer] = doc.signers.as_slice() else {
            return Err(invalid("a time-stamp token has exactly one signer"));
        };
        let no_options = Options::at(self.info.gen_time);
        let cert = find_signer_certificate(&doc, signer, &no_options);
        check_signer_signature(
            backend,
            true,
            &doc,
            signer,
            Ok(doc.content.unwrap_or_default()),
            cert,
        )
        .map_err(timestamp_error)?;
        Ok(())
    }
}

impl TstInfo {
    /// ```text
    /// TSTInfo ::= SEQUENCE {
    ///   version INTEGER { v1(1) },
    ///   policy TSAPolicyId,
    ///   messageImprint MessageImprint,
    ///   serialNumber INTEGER,
    ///   genTime GeneralizedTime,
    ///   accuracy Accuracy OPTIONAL,
    ///   ordering BOOLEAN DEFAULT FALSE,
    ///   nonce INTEGER OPTIONAL,
    ///   tsa [0] GeneralName OPTIONAL,
    ///   extensions [1] IMPLICIT Extensions OPTIONAL }
    /// MessageImprint ::= SEQUENCE {
    ///   hashAlgorithm AlgorithmIdentifier,
    ///   hashedMessage OCTET STRING }
    /// Accuracy ::= SEQUENCE {
    ///   seconds INTEGER OPTIONAL,
    ///   millis [0] INTEGER (1..999) OPTIONAL,
    ///   micros [1] INTEGER (1..999) OPTIONAL }
    /// ```
    /// (RFC 3161 section 2.4.2.)
    fn decode(der: &[u8]) -> Result<Self, Error> {
        let mut outer = Reader::new(der);
        let mut r = Reader::new(outer.expect(SEQUENCE)?);
        outer.finish("the TSTInfo")?;
        let mut defect = None;
        if r.expect(INTEGER)? != [1] {
            defect = Some("TSTInfo version is not 1".to_owned());
        }
        let policy = ber::oid_string(r.expect(OID)?);
        let mut mi = Reader::new(r.expect(SEQUENCE)?);
        let alg = mi.expect_tlv(SEQUENCE)?;
        let message_imprint = mi.expect(OCTET_STRING)?.to_vec();
        mi.finish("the messageImprint")?;
        let (hash, hash_algorithm) = {
            let mut a = Reader::new(alg.content);
            let oid = a.expect(OID)?;
            let params = if a.is_empty() { None } else { Some(a.read()?) };
            a.finish("an AlgorithmIdentifier")?;
            let null_params = params.is_none_or(|p| p.tag == 0x05 && p.content.is_empty());
            match hash_from_oid(oid) {
                Some(h) if null_params => (Some(h), h.name().to_owned()),
                _ => (None, ber::oid_string(oid)),
            }
        };
        let serial = crate::encoding::hex_lower(crate::asn1::canonical_serial(r.expect(INTEGER)?));
        let gen = r.expect_tlv(ber::GENERALIZED_TIME)?;
        let gen_time = ber::time(&gen).ok_or_else(|| malformed("genTime"))?;
        let mut accuracy_micros = None;
        if let Some(acc) = r.optional(SEQUENCE)? {
            accuracy_micros = Some(accuracy(acc.content)?);
        }
        let mut ordering = false;
        if let Some(b) = r.optional(ber::BOOLEAN)? {
            ordering = b.content != [0];
        }
        let nonce = r.optional(INTEGER)?.map(|n| n.content.to_vec());
        let tsa = r.optional(0xa0)?.map(|name| general_name(name.content));
        if let Some(exts) = r.optional(0xa1)? {
            // No TSTInfo extension is defined that this library processes:
            // a critical one makes the token unusable (RFC 3161 2.4.2).
            if has_critical_extension(exts.content)? {
                defect = Some("unsupported critical TSTInfo extension".to_owned());
            }
        }
        r.finish("the TSTInfo")?;
        Ok(TstInfo {
            policy,
            hash_algorithm,
            message_imprint,
            serial,
            gen_time,
            accuracy_micros,
            ordering,
            nonce,
            tsa,
            hash,
            defect,
        })
    }
}

fn accuracy(body: &[u8]) -> Result<u64, Error> {
    let mut r = Reader::new(body);
    let mut micros: u64 = 0;
    let small = |c: &[u8]| -> Result<u64, Error> {
        if c.is_empty() || c.len() > 8 || c[0] & 0x80 != 0 {
            return Err(malformed("accuracy"));
        }
        Ok(c.iter().fold(0u64, |a, &b| (a << 8) | u64::from(b)))
    };
    if let Some(s) = r.optional(INTEGER)? {
        micros = small(s.content)?.saturating_mul(1_000_000);
    }
    if let Some(ms) = r.optional(0x80)? {
        micros = micros.saturating_add(small(ms.content)?.saturating_mul(1_000));
    }
    if let Some(us) = r.optional(0x81)? {
        micros = micros.saturating_add(small(us.content)?);
    }
    r.finish("the accuracy")?;
    Ok(micros)
}

/// A GeneralName as text: a directoryName [4] as a DN, else its tag.
fn general_name(content: &[u8]) -> String {
    let mut r = Reader::new(content);
    match r.read() {
        Ok(t) if t.tag == 0xa4 => x509_parser::x509::X509Name::from_der(t.content)
            .map(|(_, n)| n.to_string())
            .unwrap_or_else(|_| "an unreadable name".into()),
        Ok(t) if t.tag == 0x86 || t.tag == 0x81 || t.tag == 0x82 => {
            String::from_utf8_lossy(t.content).into_owned()
        }
        Ok(t) => format!("a general name of tag {:#04x}", t.tag),
        Err(_) => "an unreadable name".into(),
    }
}

/// Whether a list of Extension (the content of an Extensions SEQUENCE OF,
/// RFC 5280 4.1) holds a critical one.
fn has_critical_extension(list: &[u8]) -> Result<bool, Error> {
    let mut r = Reader::new(list);
    while !r.is_empty() {
        let mut e = Reader::new(r.expect(SEQUENCE)?);
        e.expect(OID)?;
        if let Some(b) = e.optional(ber::BOOLEAN)? {
            if b.content != [0] {
                return Ok(true);
            }
        }
        e.expect(OCTET_STRING)?;
        e.finish("an Extension")?;
    }
    Ok(false)
}

/// The verdict on a time-stamp token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
#[must_use]
pub struct TimestampReport {
    /// True only if the signature, the TSA certificate and the imprint
    /// verify.
    pub valid: bool,
    /// The reason for refusal: [`Error::TimestampImprintMismatch`],
    /// [`Error::TimestampInvalid`] (with what failed), or an algorithm the
    /// policy refuses.
    pub reason: Option<Error>,
    /// The TSTInfo (genTime, policy, imprint, serial, ...).
    pub info: TstInfo,
    /// The subject of the TSA certificate, if it was found.
    pub tsa_subject: Option<String>,
    /// The full report on the TSA certificate (validated at genTime for
    /// time-stamping), if it was found.
    pub certificate: Option<Report>,
}

impl TimestampReport {
    /// `Ok(())` if valid, else the reason.
    pub fn result(&self) -> Result<(), Error> {
        match (&self.reason, self.valid) {
            (None, true) => Ok(()),
            (Some(e), _) => Err(e.clone()),
            (None, false) => Err(invalid("invalid without a reason")),
        }
    }
}

fn invalid(detail: impl Into<String>) -> Error {
    Error::TimestampInvalid {
        detail: detail.into(),
    }
}

/// Wraps a failure inside a token as [`Error::TimestampInvalid`], keeping
/// the time-stamp's own errors (and the policy's algorithm refusals) as
/// they are.
pub(crate) fn timestamp_error(e: Error) -> Error {
    match e {
        Error::TimestampInvalid { .. }
        | Error::TimestampImprintMismatch
        | Error::LegacyAlgorithmNotAllowed { .. } => e,
        other => invalid(other.to_string()),
    }
}

/// What the imprint must match.
#[derive(Clone, Copy)]
enum Imprint<'a> {
    /// The data: hashed with the imprint's algorithm.
    Data(&'a [u8]),
    /// The hash, computed by the caller with the imprint's algorithm.
    Digest(&'a [u8]),
}

fn check_imprint(info: &TstInfo, imprint: Imprint<'_>, allow_legacy: bool) -> Result<(), Error> {
    let hash = info
        .hash
        .ok_or_else(|| Error::UnsupportedSignatureAlgorithm {
            oid: format!("time-stamp imprint hash {}", info.hash_algorithm),
        })
        .map_err(timestamp_error)?;
    // A SHA-1 imprint is open to collisions: two documents, one stamp.
    if hash == HashAlgorithm::Sha1 && !allow_legacy {
        return Err(Error::LegacyAlgorithmNotAllowed {
            algorithm: "SHA-1 (time-stamp imprint)",
        });
    }
    let expected = match imprint {
        Imprint::Data(d) => digest(hash, d).map_err(timestamp_error)?,
        Imprint::Digest(d) => d.to_vec(),
    };
    if expected != info.message_imprint {
        return Err(Error::TimestampImprintMismatch);
    }
    Ok(())
}

/// RFC 3161 section 2.3: the TSA certificate's extended key usage is
/// present, critical, and names id-kp-timeStamping only; its key usage, if
/// present, allows signatures.
fn check_tsa_certificate(cert: &Certificate) -> Result<(), Error> {
    let fail = |what: &str| invalid(format!("TSA certificate {}: {what}", cert.subject()));
    match &cert.data().ext_key_usage {
        Some(ekus) if ekus.len() == 1 && ekus[0] == EKU_TIME_STAMPING => {}
        Some(_) => return Err(fail("extended key usage is not id-kp-timeStamping alone")),
        None => return Err(fail("no extended key usage (id-kp-timeStamping required)")),
    }
    let (_, x) = x509_parser::certificate::X509Certificate::from_der(cert.der())
        .map_err(|_| fail("does not decode"))?;
    let critical = x
        .tbs_certificate
        .extensions()
        .iter()
        .any(|e| e.oid.to_id_string() == ID_CE_EXT_KEY_USAGE && e.critical);
    if !critical {
        return Err(fail("extended key usage is not critical"));
    }
    if let Some(ku) = cert.data().key_usage {
        if !ku.has(KeyUsage::DIGITAL_SIGNATURE) && !ku.has(KeyUsage::NON_REPUDIATION) {
            return Err(fail("key usage allows no signature"));
        }
    }
    Ok(())
}

impl Context {
    /// See [`Verifier::verify_timestamp`](crate::Verifier::verify_timestamp).
    pub(crate) fn verify_timestamp(
        &self,
        token: &TimeStampToken,
        data: &[u8],
        options: &Options,
    ) -> TimestampReport {
        self.check_timestamp(token, Imprint::Data(data), options)
    }

    /// See [`Verifier::verify_timestamp_digest`](crate::Verifier::verify_timestamp_digest).
    pub(crate) fn verify_timestamp_digest(
        &self,
        token: &TimeStampToken,
        digest: &[u8],
        options: &Options,
    ) -> TimestampReport {
        self.check_timestamp(token, Imprint::Digest(digest), options)
    }

    fn check_timestamp(
        &self,
        token: &TimeStampToken,
        imprint: Imprint<'_>,
        options: &Options,
    ) -> TimestampReport {
        let mut report = TimestampReport {
            valid: false,
            reason: None,
            info: token.info.clone(),
            tsa_subject: None,
            certificate: None,
        };
        let doc = &token.doc;
        // Validated at genTime; the caller's time, if later, bounds how late
        // the evidence about the TSA may be dated (an OCSP answer obtained
        // after genTime still speaks for genTime).
        let mut tsa_options = Options::at(options.time.max(token.info.gen_time))
            .purpose(Purpose::ExtendedKeyUsage(EKU_TIME_STAMPING.to_owned()))
            .intermediates(options.intermediates.iter().cloned())
            .intermediates(doc.certificates().iter().cloned());
        tsa_options.crls = options.crls.clone();
        for crl in doc.crls() {
            tsa_options.crls.add(crl.clone());
        }
        let result = (|| {
            if let Some(d) = &token.info.defect {
                return Err(invalid(d.clone()));
            }
            let doc = doc.view()?;
            let [signer] = doc.signers.as_slice() else {
                return Err(invalid("a time-stamp token has exactly one signer"));
            };
            // RFC 3161 2.4.1: the ESS signingCertificate binds the TSA
            // certificate; RFC 5816 allows its V2.
            let binds = signer.signed_attrs.is_some_and(|(attrs, _)| {
                attrs.find(ID_SIGNING_CERTIFICATE).is_some()
                    || attrs.find(ID_SIGNING_CERTIFICATE_V2).is_some()
            });
            if !binds {
                return Err(invalid("no ESS signingCertificate attribute"));
            }
            // The TSA certificate: carried in the token, given for this call, or
            // in the verifier's pool (a token made without certReq).
            let cert = find_signer_certificate_in(&doc, signer, &tsa_options, self.intermediates());
            if let Some(cert) = cert {
                report.tsa_subject = Some(cert.subject().to_owned());
            }
            check_signer_signature(
                self.backend(),
                self.policy().allow_legacy_algorithms,
                &doc,
                signer,
                Ok(doc.content.unwrap_or_default()),
                cert,
            )
            .map_err(timestamp_error)?;
            let cert = cert.ok_or_else(|| invalid("the TSA certificate was not found"))?;
            check_imprint(&token.info, imprint, self.policy().allow_legacy_algorithms)?;
            check_tsa_certificate(cert)?;
            // RFC 3161 section 4: a TSA (or a CA above it) whose key is
            // condemned at any time (keyCompromise, no reason, ...) vouches
            // for no time; a benign revocation counts only before genTime.
            let cert_report = self.verify_certificate_at(
                cert,
                &tsa_options,
                &[],
                &tsa_options.crls,
                token.info.gen_time,
                PastTime::EvidenceSigner,
            );
            let verdict = cert_report.result();
            report.certificate = Some(cert_report);
            verdict.map_err(|e| invalid(format!("TSA certificate: {e}")))
        })();
        match result {
            Ok(()) => report.valid = true,
            Err(e) => report.reason = Some(e),
        }
        report
    }
}
