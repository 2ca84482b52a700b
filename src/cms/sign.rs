//! Making signed documents: CAdES-BES SignedData (RFC 5652 section 5, ETSI
//! EN 319 122-1), co-signing, and attaching a caller's time-stamp token.
//!
//! The encoder is a few DER helpers over the crate's BER reader: the
//! documents need only SEQUENCE / SET / OCTET STRING / OID / INTEGER / time
//! elements, and co-signing must re-emit the existing signers byte for byte,
//! which a typed encoder would re-serialise.

use crate::algorithm::digest::digest;
use crate::algorithm::{oid, HashAlgorithm, SignatureAlgorithm};
use crate::asn1::ber::{self, Reader, OCTET_STRING, OID, SEQUENCE, SET};
use crate::cert::{Certificate, KeyKind};
use crate::error::Error;
use crate::keys::Signer;
use crate::time::Time;

/// id-data (RFC 5652 section 4): 1.2.840.113549.1.7.1.
const ID_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
/// id-signedData: 1.2.840.113549.1.7.2.
const ID_SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
/// id-contentType: 1.2.840.113549.1.9.3.
const ID_CONTENT_TYPE: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x03];
/// id-messageDigest: 1.2.840.113549.1.9.4.
const ID_MESSAGE_DIGEST: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04];
/// id-signingTime: 1.2.840.113549.1.9.5.
const ID_SIGNING_TIME: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05];
/// id-aa-signingCertificateV2: 1.2.840.113549.1.9.16.2.47.
const ID_SIGNING_CERTIFICATE_V2: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x2f,
];
/// id-aa-signatureTimeStampToken: 1.2.840.113549.1.9.16.2.14.
const ID_SIGNATURE_TIME_STAMP: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x0e,
];

/// How to make a signature.
#[derive(Debug, Clone)]
#[non_exhaustive]
#[must_use]
pub struct SignOptions {
    /// The signingTime attribute (the library never reads the clock: the
    /// caller says what time it is).
    pub signing_time: Time,
    /// Leave the content out of the document (a detached signature).
    pub detached: bool,
    /// Certificates to carry besides the signer's own (its chain).
    pub chain: Vec<Certificate>,
    /// Skip the checks before signing that `sign_request` and
    /// `issue_licence` make (a forced signature; `sign_document` makes
    /// none).
    pub unchecked: bool,
}

impl SignOptions {
    /// Attached, signed at `signing_time`, carrying only the signer's
    /// certificate.
    pub fn at(signing_time: Time) -> Self {
        SignOptions {
            signing_time,
            detached: false,
            chain: Vec::new(),
            unchecked: false,
        }
    }

    /// Signs without the checks before signing (the CLI's `--force`).
    pub fn unchecked(mut self) -> Self {
        self.unchecked = true;
        self
    }

    /// Makes a detached signature.
    pub fn detached(mut self) -> Self {
        self.detached = true;
        self
    }

    /// Carries these certificates too (the signer's chain).
    pub fn chain(mut self, chain: impl IntoIterator<Item = Certificate>) -> Self {
        self.chain.extend(chain);
        self
    }
}

/// The checks before signing (the regulations' "select the certificate,
/// check it, then sign"): the signer's certificate must be valid at `at`
/// (the signing time) and hold a key that may sign documents: not a CA
/// certificate, not an AUTH key. Its chain and revocation need trust
/// anchors and evidence: [`Verifier::verify_certificate`](crate::Verifier::verify_certificate)
/// checks them.
///
/// # Errors
///
/// [`Error::CertExpired`], [`Error::CertNotValidYet`],
/// [`Error::CaAsEndEntity`] or [`Error::WrongKeyKind`], as verification
/// would refuse the signature.
pub fn check_signing_certificate(cert: &Certificate, at: Time) -> Result<(), Error> {
    cert.check_validity(at)?;
    let subject = || cert.subject().to_owned();
    if cert.is_ca() {
        return Err(Error::CaAsEndEntity { subject: subject() });
    }
    if cert.key_kind() == KeyKind::Auth {
        return Err(Error::WrongKeyKind {
            subject: subject(),
            expected: KeyKind::Sign,
            found: KeyKind::Auth,
        });
    }
    Ok(())
}

/// Signs `content` as a CAdES-BES SignedData (DER ContentInfo): signed
/// attributes contentType, signingTime, messageDigest and
/// signingCertificateV2; the signer identified by issuer and serial number;
/// the signer's certificate and `options.chain` carried.
pub fn sign_document(
    content: &[u8],
    signer: &dyn Signer,
    certificate: &Certificate,
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    let (digest_alg, signer_info) =
        signer_info(content, signer, certificate, options.signing_time)?;
    let mut certs: Vec<Vec<u8>> = vec![certificate.der().to_vec()];
    certs.extend(options.chain.iter().map(|c| c.der().to_vec()));
    let encap = encapsulated(if options.detached {
        None
    } else {
        Some(content)
    });
    Ok(content_info(
        &[digest_alg],
        &encap,
        &certs,
        None,
        &[signer_info],
    ))
}

/// Adds a signer to an existing SignedData (DER, BER, PEM or base64)
/// without touching the others: their SignerInfos, the content and the
/// carried certificates and CRLs are re-emitted as they were. `content` is
/// needed when the document is detached; when it is attached, the carried
/// content is signed and `content` must be `None` or equal to it.
pub fn cosign_document(
    document: &[u8],
    content: Option<&[u8]>,
    signer: &dyn Signer,
    certificate: &Certificate,
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    let der = ber::normalize(&super::signed_data::transport_decode(document)?)?;
    let parts = Parts::read(&der)?;
    let carried = parts.content()?;
    let signed = match (carried.as_deref(), content) {
        (Some(c), Some(given)) if c != given => return Err(Error::ContentConflict),
        (Some(c), _) => c.to_vec(),
        (None, Some(given)) => given.to_vec(),
        (None, None) => return Err(Error::DetachedContentMissing),
    };
    let (digest_alg, new_signer) = signer_info(&signed, signer, certificate, options.signing_time)?;
    let mut digest_algs: Vec<Vec<u8>> = parts.digest_algorithms.clone();
    if !digest_algs.contains(&digest_alg) {
        digest_algs.push(digest_alg);
    }
    let mut certs = parts.certificates.clone();
    for c in std::iter::once(certificate).chain(&options.chain) {
        if !certs.iter().any(|d| d == c.der()) {
            certs.push(c.der().to_vec());
        }
    }
    let mut signers = parts.signer_infos.clone();
    signers.push(new_signer);
    Ok(content_info(
        &digest_algs,
        &parts.encap,
        &certs,
        parts.crls.as_deref(),
        &signers,
    ))
}

/// Adds an RFC 3161 time-stamp token (DER ContentInfo, or a
/// TimeStampResp holding one) to signer `index` as the unsigned attribute
/// id-aa-signatureTimeStampToken (CAdES-T).
///
/// On the way in the token must be over this signer's signature value
/// (messageImprint) and its own signature must verify with the TSA
/// certificate it carries. Whether the TSA is trusted is judged at
/// verification ([`Verifier::verify_document`](crate::Verifier::verify_document)).
///
/// # Errors
///
/// [`Error::TimestampImprintMismatch`] for a token over other data,
/// [`Error::TimestampInvalid`] for one whose signature does not verify,
/// [`Error::Malformed`] for undecodable input or a signer that does not
/// exist.
pub fn add_timestamp(document: &[u8], index: usize, token: &[u8]) -> Result<Vec<u8>, Error> {
    let der = ber::normalize(&super::signed_data::transport_decode(document)?)?;
    let mut parts = Parts::read(&der)?;
    let doc = super::SignedDocument::from_any(&der)?;
    let signature = doc
        .signature_value(index)
        .ok_or_else(|| malformed(format!("no signer {index}")))?;
    let parsed = super::TimeStampToken::from_any(token)?;
    parsed.check_structure(signature, crate::algorithm::default_backend())?;
    let token = parsed.der().to_vec();
    let info = parts
        .signer_infos
        .get(index)
        .ok_or_else(|| malformed(format!("no signer {index}")))?;
    let mut r = Reader::new(ber_content(info)?);
    let mut fields = Vec::new();
    let mut unsigned: Vec<u8> = Vec::new();
    while !r.is_empty() {
        let tlv = r.read()?;
        if tlv.tag == 0xa1 {
            unsigned.extend_from_slice(tlv.content);
        } else {
            fields.push(tlv.raw.to_vec());
        }
    }
    unsigned.extend(attribute(ID_SIGNATURE_TIME_STAMP, &token));
    fields.push(tlv(0xa1, &unsigned));
    parts.signer_infos[index] = tlv(SEQUENCE, &fields.concat());
    Ok(content_info(
        &parts.digest_algorithms,
        &parts.encap,
        &parts.certificates,
        parts.crls.as_deref(),
        &parts.signer_infos,
    ))
}

/// The pieces of a SignedData that signing re-emits.
struct Parts {
    digest_algorithms: Vec<Vec<u8>>,
    encap: Vec<u8>,
    certificates: Vec<Vec<u8>>,
    crls: Option<Vec<u8>>,
    signer_infos: Vec<Vec<u8>>,
}

impl Parts {
    fn read(der: &[u8]) -> Result<Parts, Error> {
        let mut outer = Reader::new(der);
        let mut ci = Reader::new(outer.expect(SEQUENCE)?);
        if ci.expect(OID)? != ID_SIGNED_DATA {
            return Err(malformed("not a signedData"));
        }
        let mut explicit = Reader::new(ci.expect(0xa0)?);
        let mut sd = Reader::new(explicit.expect(SEQUENCE)?);
        sd.expect(ber::INTEGER)?;
        let digest_algorithms = elements(sd.expect(SET)?)?;
        let encap = sd.expect_tlv(SEQUENCE)?.raw.to_vec();
        let certificates = match sd.optional(0xa0)? {
            Some(t) => elements(t.content)?,
            None => Vec::new(),
        };
        let crls = sd.optional(0xa1)?.map(|t| t.content.to_vec());
        let signer_infos = elements(sd.expect(SET)?)?;
        sd.finish("the SignedData")?;
        Ok(Parts {
            digest_algorithms,
            encap,
            certificates,
            crls,
            signer_infos,
        })
    }

    /// The attached content, if any.
    fn content(&self) -> Result<Option<Vec<u8>>, Error> {
        let mut r = Reader::new(ber_content(&self.encap)?);
        r.expect(OID)?;
        match r.optional(0xa0)? {
            Some(t) => Ok(Some(Reader::new(t.content).expect(OCTET_STRING)?.to_vec())),
            None => Ok(None),
        }
    }
}

fn ber_content(element: &[u8]) -> Result<&[u8], Error> {
    Ok(Reader::new(element).read()?.content)
}

fn elements(content: &[u8]) -> Result<Vec<Vec<u8>>, Error> {
    let mut r = Reader::new(content);
    let mut out = Vec::new();
    while !r.is_empty() {
        out.push(r.read()?.raw.to_vec());
    }
    Ok(out)
}

/// One SignerInfo (RFC 5652 section 5.3), version 1, issuerAndSerialNumber,
/// with CAdES-BES signed attributes; returns it with its digest
/// AlgorithmIdentifier.
fn signer_info(
    content: &[u8],
    signer: &dyn Signer,
    certificate: &Certificate,
    signing_time: Time,
) -> Result<(Vec<u8>, Vec<u8>), Error> {
    let alg = signer.algorithm();
    let hash = alg.hash();
    let digest_alg = digest_algorithm_id(hash)?;
    let message_digest = digest(hash, content)?;
    let cert_hash = digest(hash, certificate.der())?;

    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
    // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash,
    //   issuerSerial IssuerSerial } (RFC 5035 section 3)
    let issuer_serial = tlv(
        SEQUENCE,
        &[
            tlv(SEQUENCE, &tlv(0xa4, &certificate.data().issuer_raw)),
            tlv(ber::INTEGER, &certificate.data().serial_raw),
        ]
        .concat(),
    );
    let mut ess = Vec::new();
    if hash != HashAlgorithm::Sha256 {
        ess.extend_from_slice(&digest_alg);
    }
    ess.extend(tlv(OCTET_STRING, &cert_hash));
    ess.extend(issuer_serial);
    let signing_certificate = tlv(SEQUENCE, &tlv(SEQUENCE, &tlv(SEQUENCE, &ess)));

    let mut attrs = [
        attribute(ID_CONTENT_TYPE, &tlv(OID, ID_DATA)),
        attribute(ID_SIGNING_TIME, &time(signing_time)?),
        attribute(ID_MESSAGE_DIGEST, &tlv(OCTET_STRING, &message_digest)),
        attribute(ID_SIGNING_CERTIFICATE_V2, &signing_certificate),
    ];
    // DER: the elements of a SET OF in ascending order of their encodings.
    attrs.sort();
    let attrs = attrs.concat();
    // The signature is over the attributes encoded as a SET OF (5.4).
    let signature = signer.sign(&tlv(SET, &attrs))?;

    let sid = tlv(
        SEQUENCE,
        &[
            certificate.data().issuer_raw.clone(),
            tlv(ber::INTEGER, &certificate.data().serial_raw),
        ]
        .concat(),
    );
    let info = tlv(
        SEQUENCE,
        &[
            tlv(ber::INTEGER, &[1]),
            sid,
            digest_alg.clone(),
            tlv(0xa0, &attrs),
            signature_algorithm_id(alg)?,
            tlv(OCTET_STRING, &signature),
        ]
        .concat(),
    );
    Ok((digest_alg, info))
}

/// EncapsulatedContentInfo of id-data, with the content if attached.
fn encapsulated(content: Option<&[u8]>) -> Vec<u8> {
    let mut inner = tlv(OID, ID_DATA);
    if let Some(c) = content {
        inner.extend(tlv(0xa0, &tlv(OCTET_STRING, c)));
    }
    tlv(SEQUENCE, &inner)
}

/// ContentInfo { id-signedData, [0] SignedData }.
fn content_info(
    digest_algs: &[Vec<u8>],
    encap: &[u8],
    certs: &[Vec<u8>],
    crls: Option<&[u8]>,
    signer_infos: &[Vec<u8>],
) -> Vec<u8> {
    // The SETs keep the order they were built in (as OpenSSL and the
    // national provider do): a co-signer is appended, so signer indices stay
    // stable. Only the signed attributes, which are hashed, are DER-sorted.
    let mut sd = tlv(ber::INTEGER, &[1]);
    sd.extend(tlv(SET, &digest_algs.concat()));
    sd.extend_from_slice(encap);
    if !certs.is_empty() {
        sd.extend(tlv(0xa0, &certs.concat()));
    }
    if let Some(crls) = crls {
        sd.extend(tlv(0xa1, crls));
    }
    sd.extend(tlv(SET, &signer_infos.concat()));
    tlv(
        SEQUENCE,
        &[tlv(OID, ID_SIGNED_DATA), tlv(0xa0, &tlv(SEQUENCE, &sd))].concat(),
    )
}

/// Attribute ::= SEQUENCE { attrType, attrValues SET OF (one value) }.
fn attribute(oid_content: &[u8], value: &[u8]) -> Vec<u8> {
    tlv(SEQUENCE, &[tlv(OID, oid_content), tlv(SET, value)].concat())
}

/// signingTime: UTCTime for 1950-2049, GeneralizedTime otherwise
/// (RFC 5652 section 11.3).
fn time(t: Time) -> Result<Vec<u8>, Error> {
    let dt = time::OffsetDateTime::from_unix_timestamp(t.unix())
        .map_err(|_| malformed("signing time out of range"))?;
    let year = dt.year();
    let rest = format!(
        "{:02}{:02}{:02}{:02}{:02}Z",
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    );
    Ok(if (1950..2050).contains(&year) {
        tlv(ber::UTC_TIME, format!("{:02}{rest}", year % 100).as_bytes())
    } else {
        tlv(ber::GENERALIZED_TIME, format!("{year:04}{rest}").as_bytes())
    })
}

/// DigestAlgorithmIdentifier with absent parameters (RFC 5754 section 2,
/// and the national provider's GOST digests).
fn digest_algorithm_id(hash: HashAlgorithm) -> Result<Vec<u8>, Error> {
    let oid_content: &[u8] = match hash {
        HashAlgorithm::Sha1 => oid::SHA1,
        HashAlgorithm::Sha256 => oid::SHA256,
        HashAlgorithm::Sha384 => oid::SHA384,
        HashAlgorithm::Sha512 => oid::SHA512,
        HashAlgorithm::Gost94 => crate::algorithm::gost::oid::GOST34311,
        HashAlgorithm::Streebog256 => crate::algorithm::gost::oid::STREEBOG256,
        HashAlgorithm::Streebog512 => crate::algorithm::gost::oid::STREEBOG512,
        #[expect(unreachable_patterns, reason = "HashAlgorithm is non_exhaustive")]
        _ => return Err(unsupported(hash.name())),
    };
    Ok(tlv(SEQUENCE, &tlv(OID, oid_content)))
}

/// The SignerInfo signatureAlgorithm (RFC 5754 section 3.2, RFC 4056,
/// RFC 5753; the NCA's GOST signature OIDs).
fn signature_algorithm_id(alg: SignatureAlgorithm) -> Result<Vec<u8>, Error> {
    let null = [0x05, 0x00];
    let der = match alg {
        SignatureAlgorithm::RsaPkcs1(h) => {
            let o = match h {
                HashAlgorithm::Sha1 => oid::SHA1_WITH_RSA,
                HashAlgorithm::Sha256 => oid::SHA256_WITH_RSA,
                HashAlgorithm::Sha384 => oid::SHA384_WITH_RSA,
                HashAlgorithm::Sha512 => oid::SHA512_WITH_RSA,
                _ => return Err(unsupported(alg.name())),
            };
            tlv(SEQUENCE, &[tlv(OID, o), null.to_vec()].concat())
        }
        SignatureAlgorithm::RsaPss(h) => {
            // RSASSA-PSS-params (RFC 4055 section 3.1): hash, MGF1 with the
            // same hash, salt length = hash length, trailer 1 (default).
            let hash_id = digest_algorithm_id(h)?;
            let mgf = tlv(SEQUENCE, &[tlv(OID, oid::MGF1), hash_id.clone()].concat());
            let salt = u8::try_from(h.output_len()).map_err(|_| unsupported(alg.name()))?;
            let params = [
                tlv(0xa0, &hash_id),
                tlv(0xa1, &mgf),
                tlv(0xa2, &tlv(ber::INTEGER, &[salt])),
            ]
            .concat();
            tlv(
                SEQUENCE,
                &[tlv(OID, oid::RSASSA_PSS), tlv(SEQUENCE, &params)].concat(),
            )
        }
        SignatureAlgorithm::Ecdsa(h) => {
            let o = match h {
                HashAlgorithm::Sha1 => oid::ECDSA_WITH_SHA1,
                HashAlgorithm::Sha256 => oid::ECDSA_WITH_SHA256,
                HashAlgorithm::Sha384 => oid::ECDSA_WITH_SHA384,
                HashAlgorithm::Sha512 => oid::ECDSA_WITH_SHA512,
                _ => return Err(unsupported(alg.name())),
            };
            tlv(SEQUENCE, &tlv(OID, o))
        }
        SignatureAlgorithm::Gost2015_512 => tlv(
            SEQUENCE,
            &tlv(OID, crate::algorithm::gost::oid::GOST2015_512_SIGNATURE),
        ),
        SignatureAlgorithm::Gost2004 => tlv(
            SEQUENCE,
            &tlv(OID, crate::algorithm::gost::oid::GOST2004_SIGNATURE),
        ),
        _ => return Err(unsupported(alg.name())),
    };
    Ok(der)
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    ber::push_len(&mut out, content.len());
    out.extend_from_slice(content);
    out
}

fn malformed(detail: impl Into<String>) -> Error {
    Error::Malformed {
        what: "CMS",
        detail: detail.into(),
    }
}

fn unsupported(name: &str) -> Error {
    Error::UnsupportedSignatureAlgorithm {
        oid: format!("signing with {name}"),
    }
}
