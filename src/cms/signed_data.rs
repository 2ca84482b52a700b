//! Decoding a ContentInfo that holds a SignedData (RFC 5652 sections 3 and
//! 5), from DER, BER, PEM or bare base64.

use std::borrow::Cow;
use std::ops::Range;

use base64::Engine as _;

use super::oid::{
    ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, ID_SIGNING_CERTIFICATE, ID_SIGNING_CERTIFICATE_V2,
    ID_SIGNING_TIME,
};
use super::{MAX_CERTIFICATES, MAX_CRLS, MAX_DOCUMENT_LEN, MAX_SIGNERS};
use crate::asn1::ber::{self, Reader, Tlv, OCTET_STRING, OID, SEQUENCE, SET};
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
    /// The ContentInfo as DER (BER input normalised); the signers are read
    /// from it in place when verified.
    der: Vec<u8>,
    content_type: Range<usize>,
    content: Option<Range<usize>>,
    certificates: Vec<Certificate>,
    crls: Vec<Crl>,
    signer_count: usize,
}

/// A SignedData read in place: slices of its DER, and the certificates and
/// CRLs it carries (parsed). What verification works on; bulk verification
/// builds one per document without copying or owning its parts.
#[derive(Debug)]
pub(crate) struct SignedDataRef<'a> {
    pub(crate) content_type: &'a [u8],
    pub(crate) content: Option<&'a [u8]>,
    pub(crate) certificates: &'a [Certificate],
    pub(crate) crls: &'a [Crl],
    pub(crate) signers: Vec<SignerInfo<'a>>,
}

impl SignedDataRef<'_> {
    /// The eContentType OID, dotted.
    pub(crate) fn content_type(&self) -> String {
        ber::oid_string(self.content_type)
    }
}

/// What [`parse`] does with the certificates and CRLs a document carries.
#[derive(Clone, Copy)]
pub(crate) enum Carried<'c> {
    /// Parse them.
    Parse,
    /// Parse certificates through a verifier's cache.
    Cached(&'c crate::cache::CertificateCache),
    /// Skip them (a document parsed before: they are held already).
    Skip,
}

/// A SignedData's parts as [`parse`] reads them.
pub(crate) struct Parsed<'a> {
    pub(crate) content_type: &'a [u8],
    pub(crate) content: Option<&'a [u8]>,
    pub(crate) certificates: Vec<Certificate>,
    pub(crate) crls: Vec<Crl>,
    pub(crate) signers: Vec<SignerInfo<'a>>,
}

/// How a SignerInfo names its certificate (RFC 5652 section 5.3).
#[derive(Debug, Clone, Copy)]
pub(crate) enum SignerIdentifier<'a> {
    /// issuerAndSerialNumber: the issuer Name (DER) and the serial's
    /// INTEGER content octets.
    IssuerAndSerial { issuer: &'a [u8], serial: &'a [u8] },
    /// subjectKeyIdentifier [0].
    SubjectKeyId(&'a [u8]),
}

/// The attribute types verification looks up, found once when decoding.
const KNOWN_ATTRIBUTES: [&[u8]; 5] = [
    ID_CONTENT_TYPE,
    ID_MESSAGE_DIGEST,
    ID_SIGNING_TIME,
    ID_SIGNING_CERTIFICATE,
    ID_SIGNING_CERTIFICATE_V2,
];

/// The attributes of a SignerInfo: the content octets of their SET OF,
/// checked when the SignerInfo was decoded (each an Attribute, within the
/// limit, signed ones not repeated) and read in place, with the first of
/// each [`KNOWN_ATTRIBUTES`] type noted.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Attributes<'a> {
    body: &'a [u8],
    known: [Option<Attribute<'a>>; KNOWN_ATTRIBUTES.len()],
}

impl<'a> Attributes<'a> {
    /// The attributes in order.
    pub(crate) fn iter(self) -> impl Iterator<Item = Attribute<'a>> {
        let mut r = Reader::new(self.body);
        std::iter::from_fn(move || {
            if r.is_empty() {
                return None;
            }
            // Checked at decoding; a failure here ends the walk.
            read_attribute(&mut r).ok()
        })
    }

    /// The first attribute of type `oid`.
    pub(crate) fn find(self, oid: &[u8]) -> Option<Attribute<'a>> {
        match KNOWN_ATTRIBUTES.iter().position(|k| *k == oid) {
            Some(i) => self.known[i],
            None => self.iter().find(|a| a.oid == oid),
        }
    }
}

/// One attribute (RFC 5652 section 5.3): its type and the DER of each
/// value, in place.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attribute<'a> {
    pub(crate) oid: &'a [u8],
    /// The content octets of attrValues (SET OF AttributeValue).
    values: &'a [u8],
}

impl<'a> Attribute<'a> {
    /// The DER of each value.
    pub(crate) fn values(self) -> impl Iterator<Item = &'a [u8]> {
        let mut r = Reader::new(self.values);
        std::iter::from_fn(move || {
            if r.is_empty() {
                return None;
            }
            r.read().ok().map(|v| v.raw)
        })
    }

    /// The DER of the value if there is exactly one.
    pub(crate) fn single_value(self) -> Option<&'a [u8]> {
        let mut values = self.values();
        let first = values.next()?;
        values.next().is_none().then_some(first)
    }
}

/// A decoded SignerInfo (RFC 5652 section 5.3), in place.
#[derive(Debug, Clone)]
pub(crate) struct SignerInfo<'a> {
    pub(crate) sid: SignerIdentifier<'a>,
    /// DER of the digestAlgorithm AlgorithmIdentifier.
    pub(crate) digest_algorithm: &'a [u8],
    /// The signed attributes, and their DER as it stands in the SignerInfo
    /// (tagged [0]; what was signed is the same with the SET OF tag,
    /// section 5.4), if present.
    pub(crate) signed_attrs: Option<(Attributes<'a>, &'a [u8])>,
    /// DER of the signatureAlgorithm AlgorithmIdentifier.
    pub(crate) signature_algorithm: &'a [u8],
    pub(crate) signature: &'a [u8],
    /// The unsigned attributes (time-stamps, RFC 5652 section 5.3); a type
    /// may repeat here (several time-stamps).
    pub(crate) unsigned_attrs: Attributes<'a>,
}

/// Where `part`, a slice of `whole`, lies in it.
fn span(whole: &[u8], part: &[u8]) -> Range<usize> {
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    start..start + part.len()
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
        Self::from_any_with(input, Carried::Parse)
    }

    /// [`SignedDocument::from_any`], taking the certificates from (and
    /// adding them to) a cache of parsed certificates.
    pub(crate) fn from_any_cached(
        input: &[u8],
        certs: &crate::cache::CertificateCache,
    ) -> Result<Self, Error> {
        Self::from_any_with(input, Carried::Cached(certs))
    }

    fn from_any_with(input: &[u8], carried: Carried<'_>) -> Result<Self, Error> {
        let binary = transport_decode_bounded(input)?;
        let der = ber::normalize_cow(&binary)?;
        let parsed = parse(&der, carried)?;
        let content_type = span(&der, parsed.content_type);
        let content = parsed.content.map(|c| span(&der, c));
        let signer_count = parsed.signers.len();
        let (certificates, crls) = (parsed.certificates, parsed.crls);
        Ok(SignedDocument {
            der: der.into_owned(),
            content_type,
            content,
            certificates,
            crls,
            signer_count,
        })
    }

    /// The document read in place for verification (the signers decoded
    /// again from the DER this document was parsed from).
    pub(crate) fn view(&self) -> Result<SignedDataRef<'_>, Error> {
        let parsed = parse(&self.der, Carried::Skip)?;
        Ok(SignedDataRef {
            content_type: parsed.content_type,
            content: parsed.content,
            certificates: &self.certificates,
            crls: &self.crls,
            signers: parsed.signers,
        })
    }

    /// The attached content (eContent), or None if the document is
    /// detached.
    pub fn content(&self) -> Option<&[u8]> {
        self.content.clone().map(|r| &self.der[r])
    }

    /// The eContentType OID, dotted ("1.2.840.113549.1.7.1" for id-data).
    pub fn content_type(&self) -> String {
        ber::oid_string(self.content_type_der())
    }

    pub(crate) fn content_type_der(&self) -> &[u8] {
        &self.der[self.content_type.clone()]
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
        self.signer_count
    }

    /// The signature value of signer `index` (what a CAdES-T time-stamp
    /// covers), if there is such a signer.
    pub fn signature_value(&self, index: usize) -> Option<&[u8]> {
        let parsed = parse(&self.der, Carried::Skip).ok()?;
        parsed.signers.get(index).map(|s| s.signature)
    }
}

/// The input's DER or BER (PEM and base64 decoded), within the size bound.
pub(crate) fn transport_decode_bounded(input: &[u8]) -> Result<Cow<'_, [u8]>, Error> {
    if input.len() > MAX_DOCUMENT_LEN {
        return Err(Error::LimitExceeded {
            what: "CMS document size",
            limit: MAX_DOCUMENT_LEN,
        });
    }
    transport_decode(input)
}

/// Parses a DER ContentInfo (RFC 5652 section 3) in place:
///
/// ```text
/// ContentInfo ::= SEQUENCE {
///   contentType ContentType,
///   content [0] EXPLICIT ANY DEFINED BY contentType }
/// ```
pub(crate) fn parse<'a>(der: &'a [u8], carried: Carried<'_>) -> Result<Parsed<'a>, Error> {
    let mut outer = Reader::new(der);
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
    parse_signed_data(signed_data, carried)
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
fn parse_signed_data<'a>(body: &'a [u8], carried: Carried<'_>) -> Result<Parsed<'a>, Error> {
    let mut r = Reader::new(body);
    r.expect(ber::INTEGER)?;
    r.expect(SET)?; // digestAlgorithms: informative, each signer names its own
    let encap = r.expect(SEQUENCE)?;
    let mut er = Reader::new(encap);
    let content_type = er.expect(OID)?;
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
            Some(octets.content)
        }
    };
    er.finish("the EncapsulatedContentInfo")?;

    let mut certificates = Vec::new();
    if let Some(set) = r.optional(0xa0)? {
        if !matches!(carried, Carried::Skip) {
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
                    certificates.push(match carried {
                        Carried::Cached(c) => c.parse(choice.raw)?,
                        _ => Certificate::from_der(choice.raw)?,
                    });
                }
            }
        }
    }
    let mut crls = Vec::new();
    if let Some(set) = r.optional(0xa1)? {
        if !matches!(carried, Carried::Skip) {
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
    }
    let signer_set = r.expect(SET)?;
    r.finish("the SignedData")?;
    // Count first (cheap), then decode: a document over the limit is
    // refused as such whatever its SignerInfos hold.
    let mut sr = Reader::new(signer_set);
    let mut count = 0;
    while !sr.is_empty() {
        if count >= MAX_SIGNERS {
            return Err(Error::LimitExceeded {
                what: "signers in a CMS document",
                limit: MAX_SIGNERS,
            });
        }
        sr.expect_tlv(SEQUENCE)?;
        count += 1;
    }
    let mut signers = Vec::with_capacity(count);
    let mut sr = Reader::new(signer_set);
    while !sr.is_empty() {
        signers.push(SignerInfo::decode(sr.expect_tlv(SEQUENCE)?)?);
    }
    Ok(Parsed {
        content_type,
        content,
        certificates,
        crls,
        signers,
    })
}

impl<'a> SignerInfo<'a> {
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
    fn decode(tlv: Tlv<'a>) -> Result<Self, Error> {
        let mut r = Reader::new(tlv.content);
        r.expect(ber::INTEGER)?;
        let sid_tlv = r.read()?;
        let sid = match sid_tlv.tag {
            SEQUENCE => {
                let mut s = Reader::new(sid_tlv.content);
                let issuer = s.expect_tlv(SEQUENCE)?.raw;
                let serial = s.expect(ber::INTEGER)?;
                s.finish("issuerAndSerialNumber")?;
                SignerIdentifier::IssuerAndSerial { issuer, serial }
            }
            0x80 => SignerIdentifier::SubjectKeyId(sid_tlv.content),
            t => return Err(malformed(format!("unknown SignerIdentifier tag {t:#04x}"))),
        };
        let digest_algorithm = r.expect_tlv(SEQUENCE)?.raw;
        let signed_attrs = match r.optional(0xa0)? {
            None => None,
            // Section 5.4: the signature covers the DER of the attributes
            // with an EXPLICIT SET OF tag, not the [0].
            Some(attrs) => Some((check_attributes(attrs.content, false)?, attrs.raw)),
        };
        let signature_algorithm = r.expect_tlv(SEQUENCE)?.raw;
        let signature = r.expect(OCTET_STRING)?;
        let unsigned_attrs = match r.optional(0xa1)? {
            Some(attrs) => check_attributes(attrs.content, true)?,
            None => Attributes::default(),
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
fn read_attribute<'a>(r: &mut Reader<'a>) -> Result<Attribute<'a>, Error> {
    let mut a = Reader::new(r.expect(SEQUENCE)?);
    let oid = a.expect(OID)?;
    let values = a.expect(SET)?;
    a.finish("an Attribute")?;
    Ok(Attribute { oid, values })
}

/// Checks the attributes of a SignerInfo (RFC 5652 section 5.3): each an
/// Attribute whose values are TLVs, at most
/// [`MAX_SIGNED_ATTRIBUTES`](super::MAX_SIGNED_ATTRIBUTES). A signed
/// attribute type appearing twice is refused (section 5.3: "MUST NOT
/// include multiple instances"); unsigned ones (`repeats`) may repeat.
fn check_attributes(body: &[u8], repeats: bool) -> Result<Attributes<'_>, Error> {
    let mut seen: [&[u8]; super::MAX_SIGNED_ATTRIBUTES] = [&[]; super::MAX_SIGNED_ATTRIBUTES];
    let mut known = [None; KNOWN_ATTRIBUTES.len()];
    let mut count = 0;
    let mut r = Reader::new(body);
    while !r.is_empty() {
        if count >= super::MAX_SIGNED_ATTRIBUTES {
            return Err(Error::LimitExceeded {
                what: "signed attributes of a signer",
                limit: super::MAX_SIGNED_ATTRIBUTES,
            });
        }
        let attr = read_attribute(&mut r)?;
        let mut vr = Reader::new(attr.values);
        while !vr.is_empty() {
            vr.read()?;
        }
        if !repeats && seen[..count].contains(&attr.oid) {
            return Err(malformed(format!(
                "signed attribute {} appears twice",
                ber::oid_string(attr.oid)
            )));
        }
        seen[count] = attr.oid;
        count += 1;
        if let Some(i) = KNOWN_ATTRIBUTES.iter().position(|k| *k == attr.oid) {
            known[i].get_or_insert(attr);
        }
    }
    Ok(Attributes { body, known })
}

/// DER/BER as is, PEM with one of [`PEM_LABELS`], or bare base64.
pub(crate) fn transport_decode(input: &[u8]) -> Result<Cow<'_, [u8]>, Error> {
    if input.first() == Some(&SEQUENCE) {
        return Ok(Cow::Borrowed(input));
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
    Ok(Cow::Owned(der))
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
