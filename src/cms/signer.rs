//! What every SignerInfo needs, whether it signs a document or a
//! time-stamp token: finding the signer's certificate, reading its
//! algorithms, and checking its signature over the signed attributes or the
//! content (RFC 5652 section 5.6).

use super::oid::{
    ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, ID_SIGNING_CERTIFICATE, ID_SIGNING_CERTIFICATE_V2,
    RSA_ENCRYPTION,
};
use super::signed_data::{Attribute, Attributes, SignedDataRef, SignerIdentifier, SignerInfo};
use crate::algorithm::digest::{digest_is, hash_from_oid};
use crate::algorithm::{HashAlgorithm, SignatureAlgorithm, SignatureVerifier};
use crate::asn1::ber::{self, Reader, OCTET_STRING, OID, SEQUENCE, SET};
use crate::asn1::canonical_serial;
use crate::cert::{Certificate, NameKey};
use crate::error::Error;
use crate::policy::Options;
use crate::time::Time;
use x509_parser::prelude::FromDer;
use x509_parser::x509::X509Name;

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
pub(super) enum Signed<'a> {
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
    pub(super) fn with<R>(self, f: impl FnOnce(&[u8]) -> R) -> R {
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
pub(super) fn signer_message<'a>(
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

pub(super) fn not_found(signer: &SignerInfo<'_>) -> Error {
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
pub(super) fn algorithm_label(der: &[u8]) -> String {
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
    // The certificate's hash is computed once per certificate.
    if cert_hash != &*cert.der_digest(hash)? {
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
pub(super) fn signing_time(attr: Attribute<'_>) -> Option<Time> {
    let value = single_value(attr, "signingTime").ok()?;
    // RFC 5652 11.3: no fractional seconds in a signingTime.
    if value.content.contains(&b'.') {
        return None;
    }
    ber::time(&value)
}
