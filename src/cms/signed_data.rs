//! Decoding a ContentInfo that holds a SignedData (RFC 5652 sections 3 and
//! 5), from DER, BER, PEM or bare base64.

use base64::Engine as _;

use super::ber::{self, Reader, Tlv, OCTET_STRING, OID, SEQUENCE, SET};
use super::{MAX_CERTIFICATES, MAX_CRLS, MAX_DOCUMENT_LEN, MAX_SIGNERS};
use crate::cert::Certificate;
use crate::error::Error;
use crate::revocation::Crl;

/// id-signedData (RFC 5652 section 5.1): 1.2.840.113549.1.7.2.
const ID_SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/// PEM labels a SignedData is found under (RFC 7468 section 9 names "CMS";
/// OpenSSL and older tools write the PKCS #7 ones).
const PEM_LABELS: &[&str] = &["CMS", "PKCS7", "PKCS #7 SIGNED DATA"];

fn malformed(detail: impl Into<String>) -> Error {
    Error::Malformed {
        what: "CMS",
        detail: detail.into(),
    }
}

/// A parsed CMS SignedData document (RFC 5652 section 5): the content (if
/// attached), the certificates and CRLs it carries, and its signers.
///
/// Decoding checks structure only; [`Verifier::verify_document`] checks
/// the signatures and the signers' certificates.
///
/// [`Verifier::verify_document`]: crate::Verifier::verify_document
#[derive(Debug, Clone)]
pub struct SignedDocument {
    content_type: Vec<u8>,
    content: Option<Vec<u8>>,
    certificates: Vec<Certificate>,
    crls: Vec<Crl>,
    pub(crate) signers: Vec<SignerInfo>,
}

/// How a SignerInfo names its certificate (RFC 5652 section 5.3).
#[derive(Debug, Clone)]
pub(crate) enum SignerIdentifier {
    /// issuerAndSerialNumber: the issuer Name (DER) and the serial's
    /// INTEGER content octets.
    IssuerAndSerial { issuer: Vec<u8>, serial: Vec<u8> },
    /// subjectKeyIdentifier [0].
    SubjectKeyId(Vec<u8>),
}

/// One signed attribute (RFC 5652 section 5.3): its type and the DER of
/// each value.
#[derive(Debug, Clone)]
pub(crate) struct Attribute {
    pub(crate) oid: Vec<u8>,
    pub(crate) values: Vec<Vec<u8>>,
}

/// A decoded SignerInfo (RFC 5652 section 5.3).
#[derive(Debug, Clone)]
pub(crate) struct SignerInfo {
    pub(crate) sid: SignerIdentifier,
    /// DER of the digestAlgorithm AlgorithmIdentifier.
    pub(crate) digest_algorithm: Vec<u8>,
    /// The signed attributes, and their DER re-tagged as SET OF (what was
    /// signed, section 5.4), if present.
    pub(crate) signed_attrs: Option<(Vec<Attribute>, Vec<u8>)>,
    /// DER of the signatureAlgorithm AlgorithmIdentifier.
    pub(crate) signature_algorithm: Vec<u8>,
    pub(crate) signature: Vec<u8>,
    /// The unsigned attributes (time-stamps, RFC 5652 section 5.3); a type
    /// may repeat here (several time-stamps).
    pub(crate) unsigned_attrs: Vec<Attribute>,
}

impl SignedDocument {
    /// Parses a SignedData document given as DER, BER (indefinite lengths),
    /// PEM (labels `CMS`, `PKCS7`, `PKCS #7 SIGNED DATA`) or bare base64 of
    /// DER/BER (what browser signing plug-ins hand over).
    ///
    /// # Errors
    ///
    /// [`Error::LimitExceeded`] when the input, the signers, certificates or
    /// CRLs exceed the documented limits; [`Error::Malformed`] for anything
    /// that does not decode as a ContentInfo holding a SignedData.
    pub fn from_any(input: &[u8]) -> Result<Self, Error> {
        if input.len() > MAX_DOCUMENT_LEN {
            return Err(Error::LimitExceeded {
                what: "CMS document size",
                limit: MAX_DOCUMENT_LEN,
            });
        }
        let binary = transport_decode(input)?;
        Self::from_ber(&binary, None)
    }

    /// [`SignedDocument::from_any`], taking the certificates from (and
    /// adding them to) a cache of parsed certificates.
    pub(crate) fn from_any_cached(
        input: &[u8],
        certs: &crate::cache::CertificateCache,
    ) -> Result<Self, Error> {
        if input.len() > MAX_DOCUMENT_LEN {
            return Err(Error::LimitExceeded {
                what: "CMS document size",
                limit: MAX_DOCUMENT_LEN,
            });
        }
        let binary = transport_decode(input)?;
        Self::from_ber(&binary, Some(certs))
    }

    /// Parses a DER or BER ContentInfo (RFC 5652 section 3):
    ///
    /// ```text
    /// ContentInfo ::= SEQUENCE {
    ///   contentType ContentType,
    ///   content [0] EXPLICIT ANY DEFINED BY contentType }
    /// ```
    fn from_ber(
        input: &[u8],
        certs: Option<&crate::cache::CertificateCache>,
    ) -> Result<Self, Error> {
        let der = ber::normalize_cow(input)?;
        let mut outer = Reader::new(&der);
        let content_info = outer.expect(SEQUENCE)?;
        outer.finish("the ContentInfo")?;
        let mut r = Reader::new(content_info);
        let content_type = r.expect(OID)?;
        if content_type != ID_SIGNED_DATA {
            return Err(malformed(format!(
                "content type {} is not signedData",
                ber::oid_string(content_type)
            )));
        }
        let explicit = r.expect(0xa0)?;
        r.finish("the ContentInfo content")?;
        let mut e = Reader::new(explicit);
        let signed_data = e.expect(SEQUENCE)?;
        e.finish("the SignedData")?;
        Self::signed_data(signed_data, certs)
    }

    /// ```text
    /// SignedData ::= SEQUENCE {
    ///   version CMSVersion,
    ///   digestAlgorithms DigestAlgorithmIdentifiers,
    ///   encapContentInfo EncapsulatedContentInfo,
    ///   certificates [0] IMPLICIT CertificateSet OPTIONAL,
    ///   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
    ///   signerInfos SignerInfos }
    ///
    /// EncapsulatedContentInfo ::= SEQUENCE {
    ///   eContentType ContentType,
    ///   eContent [0] EXPLICIT OCTET STRING OPTIONAL }
    /// ```
    /// (RFC 5652 sections 5.1 and 5.2.)
    fn signed_data(
        body: &[u8],
        cache: Option<&crate::cache::CertificateCache>,
    ) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        r.expect(ber::INTEGER)?;
        r.expect(SET)?; // digestAlgorithms: informative, each signer names its own
        let encap = r.expect(SEQUENCE)?;
        let mut er = Reader::new(encap);
        let content_type = er.expect(OID)?.to_vec();
        let content = match er.optional(0xa0)? {
            None => None,
            Some(explicit) => {
                let mut x = Reader::new(explicit.content);
                let octets = x.read()?;
                if octets.tag != OCTET_STRING {
                    // PKCS #7 allowed any type here (RFC 5652 section 5.2.1);
                    // which octets it signed is ambiguous, so it is refused.
                    return Err(malformed(
                        "eContent is not an OCTET STRING (PKCS #7 style content is not supported)",
                    ));
                }
                x.finish("eContent")?;
                Some(octets.content.to_vec())
            }
        };
        er.finish("the EncapsulatedContentInfo")?;

        let mut certificates = Vec::new();
        if let Some(set) = r.optional(0xa0)? {
            let mut cr = Reader::new(set.content);
            let mut count = 0;
            while !cr.is_empty() {
                count += 1;
                if count > MAX_CERTIFICATES {
                    return Err(Error::LimitExceeded {
                        what: "certificates in a CMS document",
                        limit: MAX_CERTIFICATES,
                    });
                }
                let choice = cr.read()?;
                // CertificateChoices (section 10.2.2): only a plain
                // Certificate can be a signer's or a path's; attribute and
                // other certificate formats are skipped.
                if choice.tag == SEQUENCE {
                    certificates.push(match cache {
                        Some(c) => c.parse(choice.raw)?,
                        None => Certificate::from_der(choice.raw)?,
                    });
                }
            }
        }
        let mut crls = Vec::new();
        if let Some(set) = r.optional(0xa1)? {
            let mut cr = Reader::new(set.content);
            while !cr.is_empty() {
                if crls.len() >= MAX_CRLS {
                    return Err(Error::LimitExceeded {
                        what: "CRLs in a CMS document",
                        limit: MAX_CRLS,
                    });
                }
                let choice = cr.read()?;
                // RevocationInfoChoice (section 10.2.1): a CertificateList,
                // or other formats ([1], e.g. OCSP responses), skipped.
                if choice.tag == SEQUENCE {
                    crls.push(Crl::from_der(choice.raw)?);
                }
            }
        }
        let signer_set = r.expect(SET)?;
        r.finish("the SignedData")?;
        // Count first (cheap), then decode: a document over the limit is
        // refused as such whatever its SignerInfos hold.
        let mut raw_signers = Vec::new();
        let mut sr = Reader::new(signer_set);
        while !sr.is_empty() {
            if raw_signers.len() >= MAX_SIGNERS {
                return Err(Error::LimitExceeded {
                    what: "signers in a CMS document",
                    limit: MAX_SIGNERS,
                });
            }
            raw_signers.push(sr.expect_tlv(SEQUENCE)?);
        }
        let signers = raw_signers
            .into_iter()
            .map(SignerInfo::decode)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SignedDocument {
            content_type,
            content,
            certificates,
            crls,
            signers,
        })
    }

    /// The attached content (eContent), or None if the document is
    /// detached.
    pub fn content(&self) -> Option<&[u8]> {
        self.content.as_deref()
    }

    /// The eContentType OID, dotted ("1.2.840.113549.1.7.1" for id-data).
    pub fn content_type(&self) -> String {
        ber::oid_string(&self.content_type)
    }

    pub(crate) fn content_type_der(&self) -> &[u8] {
        &self.content_type
    }

    /// The certificates the document carries.
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }

    /// The CRLs the document carries.
    pub fn crls(&self) -> &[Crl] {
        &self.crls
    }

    /// How many SignerInfos the document has.
    pub fn signer_count(&self) -> usize {
        self.signers.len()
    }

    /// The signature value of signer `index` (what a CAdES-T time-stamp
    /// covers), if there is such a signer.
    pub fn signature_value(&self, index: usize) -> Option<&[u8]> {
        self.signers.get(index).map(|s| s.signature.as_slice())
    }
}

impl SignerInfo {
    /// ```text
    /// SignerInfo ::= SEQUENCE {
    ///   version CMSVersion,
    ///   sid SignerIdentifier,
    ///   digestAlgorithm DigestAlgorithmIdentifier,
    ///   signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
    ///   signatureAlgorithm SignatureAlgorithmIdentifier,
    ///   signature SignatureValue,
    ///   unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
    ///
    /// SignerIdentifier ::= CHOICE {
    ///   issuerAndSerialNumber IssuerAndSerialNumber,
    ///   subjectKeyIdentifier [0] SubjectKeyIdentifier }
    /// ```
    /// (RFC 5652 section 5.3.)
    fn decode(tlv: Tlv<'_>) -> Result<Self, Error> {
        let mut r = Reader::new(tlv.content);
        r.expect(ber::INTEGER)?;
        let sid_tlv = r.read()?;
        let sid = match sid_tlv.tag {
            SEQUENCE => {
                let mut s = Reader::new(sid_tlv.content);
                let issuer = s.expect_tlv(SEQUENCE)?.raw.to_vec();
                let serial = s.expect(ber::INTEGER)?.to_vec();
                s.finish("issuerAndSerialNumber")?;
                SignerIdentifier::IssuerAndSerial { issuer, serial }
            }
            0x80 => SignerIdentifier::SubjectKeyId(sid_tlv.content.to_vec()),
            t => return Err(malformed(format!("unknown SignerIdentifier tag {t:#04x}"))),
        };
        let digest_algorithm = r.expect_tlv(SEQUENCE)?.raw.to_vec();
        let signed_attrs = match r.optional(0xa0)? {
            None => None,
            Some(attrs) => {
                // Section 5.4: the signature covers the DER of the
                // attributes with an EXPLICIT SET OF tag, not the [0].
                let mut signed = attrs.raw.to_vec();
                if let Some(tag) = signed.first_mut() {
                    *tag = SET;
                }
                Some((decode_attributes(attrs.content, false)?, signed))
            }
        };
        let signature_algorithm = r.expect_tlv(SEQUENCE)?.raw.to_vec();
        let signature = r.expect(OCTET_STRING)?.to_vec();
        let unsigned_attrs = match r.optional(0xa1)? {
            Some(attrs) => decode_attributes(attrs.content, true)?,
            None => Vec::new(),
        };
        r.finish("the SignerInfo")?;
        Ok(SignerInfo {
            sid,
            digest_algorithm,
            signed_attrs,
            signature_algorithm,
            signature,
            unsigned_attrs,
        })
    }
}

/// ```text
/// Attribute ::= SEQUENCE {
///   attrType OBJECT IDENTIFIER,
///   attrValues SET OF AttributeValue }
/// ```
/// (RFC 5652 section 5.3.) A signed attribute type appearing twice is
/// refused (section 5.3: "MUST NOT include multiple instances"); unsigned
/// ones (`repeats`) may repeat.
fn decode_attributes(body: &[u8], repeats: bool) -> Result<Vec<Attribute>, Error> {
    let mut out: Vec<Attribute> = Vec::new();
    let mut r = Reader::new(body);
    while !r.is_empty() {
        if out.len() >= super::MAX_SIGNED_ATTRIBUTES {
            return Err(Error::LimitExceeded {
                what: "signed attributes of a signer",
                limit: super::MAX_SIGNED_ATTRIBUTES,
            });
        }
        let mut a = Reader::new(r.expect(SEQUENCE)?);
        let oid = a.expect(OID)?.to_vec();
        let mut vr = Reader::new(a.expect(SET)?);
        a.finish("an Attribute")?;
        let mut values = Vec::new();
        while !vr.is_empty() {
            values.push(vr.read()?.raw.to_vec());
        }
        if !repeats && out.iter().any(|x| x.oid == oid) {
            return Err(malformed(format!(
                "signed attribute {} appears twice",
                ber::oid_string(&oid)
            )));
        }
        out.push(Attribute { oid, values });
    }
    Ok(out)
}

/// DER/BER as is, PEM with one of [`PEM_LABELS`], or bare base64.
pub(crate) fn transport_decode(input: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, Error> {
    if input.first() == Some(&SEQUENCE) {
        return Ok(std::borrow::Cow::Borrowed(input));
    }
    let text = std::str::from_utf8(input)
        .map_err(|_| malformed("neither DER, PEM nor base64 (not text)"))?;
    let body = match text.find("-----BEGIN ") {
        Some(start) => pem_body(&text[start..])?,
        None => text,
    };
    let compact: Vec<u8> = body.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(&compact)
        .map_err(|e| malformed(format!("neither DER, PEM nor base64: {e}")))?;
    if der.first() != Some(&SEQUENCE) {
        return Err(malformed("decoded input is not a ContentInfo SEQUENCE"));
    }
    Ok(std::borrow::Cow::Owned(der))
}

/// The base64 between `-----BEGIN L-----` and `-----END L-----`, for an
/// accepted label L (RFC 7468 section 2).
fn pem_body(text: &str) -> Result<&str, Error> {
    let after = &text["-----BEGIN ".len()..];
    let label_end = after
        .find("-----")
        .ok_or_else(|| malformed("PEM: unterminated BEGIN line"))?;
    let label = &after[..label_end];
    if !PEM_LABELS.contains(&label) {
        return Err(malformed(format!("PEM label {label:?} is not a CMS label")));
    }
    let rest = &after[label_end + 5..];
    let end_line = format!("-----END {label}-----");
    let end = rest
        .find(&end_line)
        .ok_or_else(|| malformed("PEM: no END line"))?;
    let body = &rest[..end];
    if body.contains(':') {
        return Err(malformed("PEM: encapsulated headers are not supported"));
    }
    Ok(body)
}
