//! Algorithm identifiers: the hashes and signature algorithms this library
//! supports, read from their AlgorithmIdentifier (parameters included:
//! RSASSA-PSS), with the OID table.

use super::gost::oid as gost_oid;
use crate::asn1::der;
use crate::error::Error;

/// Hash functions used by signature algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// SHA-1 (FIPS 180-4), legacy: collisions are practical.
    Sha1,
    /// SHA-256 (FIPS 180-4).
    Sha256,
    /// SHA-384 (FIPS 180-4).
    Sha384,
    /// SHA-512 (FIPS 180-4).
    Sha512,
    /// Streebog-256: GOST 34.11-2015 (= GOST R 34.11-2012, [RFC 6986]) with
    /// a 256-bit output, Kazakh OID 1.2.398.3.10.1.3.2.
    ///
    /// [RFC 6986]: https://www.rfc-editor.org/rfc/rfc6986
    Streebog256,
    /// Streebog-512: GOST 34.11-2015 (= GOST R 34.11-2012, [RFC 6986]) with
    /// a 512-bit output, Kazakh OID 1.2.398.3.10.1.3.3.
    ///
    /// [RFC 6986]: https://www.rfc-editor.org/rfc/rfc6986
    Streebog512,
    /// GOST 34.311-95: GOST R 34.11-94 ([RFC 5831]) with the "test"
    /// S-box, Kazakh OID 1.2.398.3.10.1.3.1.
    ///
    /// [RFC 5831]: https://www.rfc-editor.org/rfc/rfc5831
    Gost94,
}

impl HashAlgorithm {
    /// Length of the digest in bytes.
    pub fn output_len(self) -> usize {
        match self {
            HashAlgorithm::Sha1 => 20,
            HashAlgorithm::Sha256 => 32,
            HashAlgorithm::Sha384 => 48,
            HashAlgorithm::Sha512 => 64,
            HashAlgorithm::Streebog256 => 32,
            HashAlgorithm::Streebog512 => 64,
            HashAlgorithm::Gost94 => 32,
        }
    }

    /// The usual name ("SHA-256").
    pub fn name(self) -> &'static str {
        match self {
            HashAlgorithm::Sha1 => "SHA-1",
            HashAlgorithm::Sha256 => "SHA-256",
            HashAlgorithm::Sha384 => "SHA-384",
            HashAlgorithm::Sha512 => "SHA-512",
            HashAlgorithm::Streebog256 => "Streebog-256",
            HashAlgorithm::Streebog512 => "Streebog-512",
            HashAlgorithm::Gost94 => "GOST 34.311-95",
        }
    }

    /// Whether this is one of the GOST hashes (used only by the GOST
    /// signature algorithms).
    fn is_gost(self) -> bool {
        matches!(
            self,
            HashAlgorithm::Streebog256 | HashAlgorithm::Streebog512 | HashAlgorithm::Gost94
        )
    }

    /// The hash identified by the content bytes of an OID, if supported.
    fn from_oid(oid: &[u8]) -> Option<Self> {
        match oid {
            oid::SHA1 => Some(HashAlgorithm::Sha1),
            oid::SHA256 => Some(HashAlgorithm::Sha256),
            oid::SHA384 => Some(HashAlgorithm::Sha384),
            oid::SHA512 => Some(HashAlgorithm::Sha512),
            gost_oid::STREEBOG256 => Some(HashAlgorithm::Streebog256),
            gost_oid::STREEBOG512 => Some(HashAlgorithm::Streebog512),
            gost_oid::GOST34311 => Some(HashAlgorithm::Gost94),
            _ => None,
        }
    }
}

/// A signature algorithm: the scheme and its hash.
///
/// Decode one from an X.509 `AlgorithmIdentifier` with
/// [`SignatureAlgorithm::from_der`]; the decoder refuses every parameter set
/// the library does not implement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 ([RFC 8017] section 8.2):
    /// `sha{1,256,384,512}WithRSAEncryption` ([RFC 4055] section 5).
    ///
    /// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017#section-8.2
    /// [RFC 4055]: https://www.rfc-editor.org/rfc/rfc4055#section-5
    RsaPkcs1(HashAlgorithm),
    /// RSASSA-PSS ([RFC 8017] section 8.1) with MGF1 using the same hash, a
    /// salt as long as the hash and trailerField 1 ([RFC 4055] section 3.1).
    /// SHA-1 is not supported with PSS.
    ///
    /// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017#section-8.1
    /// [RFC 4055]: https://www.rfc-editor.org/rfc/rfc4055#section-3.1
    RsaPss(HashAlgorithm),
    /// RSASSA-PSS ([RFC 8017] section 8.1) with MGF1 using the same hash,
    /// trailerField 1 and a salt length other than the hash length, as the
    /// parameters state it ([RFC 4055] section 3.1: OpenSSL 3, for one,
    /// uses the largest salt, `emLen - hLen - 2`, by default). The decoder
    /// gives [`SignatureAlgorithm::RsaPss`] for a salt as long as the hash.
    /// A salt too long for the key never verifies.
    ///
    /// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017#section-8.1
    /// [RFC 4055]: https://www.rfc-editor.org/rfc/rfc4055#section-3.1
    RsaPssSalt {
        /// The hash (the MGF1 hash too).
        hash: HashAlgorithm,
        /// saltLength, in bytes.
        salt_len: u16,
    },
    /// ECDSA with a DER `Ecdsa-Sig-Value` signature ([RFC 3279] section
    /// 2.2.3, [RFC 5758] section 3.2): `ecdsa-with-SHA{1,256,384,512}`.
    /// The curve (P-256 or P-384) comes from the public key; SHA-1 is
    /// supported on P-256 only.
    ///
    /// [RFC 3279]: https://www.rfc-editor.org/rfc/rfc3279#section-2.2.3
    /// [RFC 5758]: https://www.rfc-editor.org/rfc/rfc5758#section-3.2
    Ecdsa(HashAlgorithm),
    /// ECDSA with a fixed-width `r || s` signature (IEEE P1363). Not used
    /// in X.509; for raw signatures. Same curves and hashes as
    /// [`SignatureAlgorithm::Ecdsa`].
    EcdsaP1363(HashAlgorithm),
    /// GOST 34.10-2015 with a 512-bit key (curve
    /// id-tc26-gost-3410-12-512-paramSetA, [RFC 7836] appendix A.1) and
    /// Streebog-512; Kazakh OID 1.2.398.3.10.1.1.2.3.2. The same algorithm
    /// as GOST R 34.10-2012 ([RFC 7091]); signature `r || s` little-endian.
    ///
    /// [RFC 7091]: https://www.rfc-editor.org/rfc/rfc7091
    /// [RFC 7836]: https://www.rfc-editor.org/rfc/rfc7836#appendix-A.1
    Gost2015_512,
    /// GOST 34.10-2015 with a 256-bit key and Streebog-256; Kazakh OID
    /// 1.2.398.3.10.1.1.2.3.1. Decoded, but no 256-bit key is supported yet
    /// (their conventions are not confirmed on real certificates), so it
    /// never verifies.
    Gost2015_256,
    /// GOST 34.310-2004 (the same algorithm as GOST R 34.10-2001,
    /// [RFC 5832]) on the curve id-GostR3410-2001-CryptoPro-A-ParamSet
    /// ([RFC 4357] section 11.4) with GOST 34.311-95; Kazakh OID
    /// 1.2.398.3.10.1.1.1.2. Signature `r || s` little-endian.
    ///
    /// [RFC 4357]: https://www.rfc-editor.org/rfc/rfc4357#section-11.4
    /// [RFC 5832]: https://www.rfc-editor.org/rfc/rfc5832
    Gost2004,
}

impl SignatureAlgorithm {
    /// Decode a DER `AlgorithmIdentifier` (the whole SEQUENCE).
    ///
    /// PKCS#1 v1.5 identifiers must have NULL or absent parameters, ECDSA
    /// identifiers absent parameters ([RFC 5758] section 3.2), RSASSA-PSS
    /// identifiers `RSASSA-PSS-params` ([RFC 4055] section 3.1).
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] if the DER does not decode,
    /// [`Error::UnsupportedSignatureAlgorithm`] for an unknown OID or
    /// parameters the library does not implement (a mask generation
    /// function other than MGF1 with the signature's hash, SHA-1 with PSS,
    /// trailerField other than 1, a PSS salt length above 65535).
    ///
    /// [RFC 4055]: https://www.rfc-editor.org/rfc/rfc4055#section-3.1
    /// [RFC 5758]: https://www.rfc-editor.org/rfc/rfc5758#section-3.2
    pub fn from_der(alg_id_der: &[u8]) -> Result<Self, Error> {
        let (oid, params) =
            der::algorithm_identifier(alg_id_der).ok_or_else(|| malformed_alg_id("bad DER"))?;
        Self::decode(oid, params)
    }

    /// Decode x509-parser's parsed `AlgorithmIdentifier`, with the same rules
    /// as [`SignatureAlgorithm::from_der`].
    pub(crate) fn from_identifier(
        id: &x509_parser::x509::AlgorithmIdentifier<'_>,
    ) -> Result<Self, Error> {
        let params = match &id.parameters {
            None => None,
            Some(any) => {
                let tag = der::tag_byte(
                    any.header.class() as u8,
                    any.header.is_constructed(),
                    any.header.tag().0,
                )
                .ok_or_else(|| malformed_alg_id("unexpected parameter tag"))?;
                Some(der::Tlv {
                    tag,
                    content: any.data,
                })
            }
        };
        Self::decode(id.algorithm.as_bytes(), params)
    }

    /// Decode from the OID content bytes and the parameters.
    fn decode(oid: &[u8], params: Option<der::Tlv<'_>>) -> Result<Self, Error> {
        let pkcs1 = |hash| -> Result<Self, Error> {
            match params {
                None => Ok(SignatureAlgorithm::RsaPkcs1(hash)),
                Some(p) if p.is_null() => Ok(SignatureAlgorithm::RsaPkcs1(hash)),
                Some(_) => Err(malformed_alg_id(
                    "PKCS#1 v1.5 parameters must be NULL or absent",
                )),
            }
        };
        let ecdsa = |hash| -> Result<Self, Error> {
            match params {
                None => Ok(SignatureAlgorithm::Ecdsa(hash)),
                Some(_) => Err(malformed_alg_id("ECDSA parameters must be absent")),
            }
        };
        // The national CA writes NULL parameters in GOST signature
        // identifiers; absent is accepted too.
        let gost = |alg| -> Result<Self, Error> {
            match params {
                None => Ok(alg),
                Some(p) if p.is_null() => Ok(alg),
                Some(_) => Err(malformed_alg_id(
                    "GOST signature parameters must be NULL or absent",
                )),
            }
        };
        match oid {
            gost_oid::GOST2015_512_SIGNATURE => gost(SignatureAlgorithm::Gost2015_512),
            gost_oid::GOST2015_256_SIGNATURE => gost(SignatureAlgorithm::Gost2015_256),
            gost_oid::GOST2004_SIGNATURE => gost(SignatureAlgorithm::Gost2004),
            oid::SHA1_WITH_RSA => pkcs1(HashAlgorithm::Sha1),
            oid::SHA256_WITH_RSA => pkcs1(HashAlgorithm::Sha256),
            oid::SHA384_WITH_RSA => pkcs1(HashAlgorithm::Sha384),
            oid::SHA512_WITH_RSA => pkcs1(HashAlgorithm::Sha512),
            oid::ECDSA_WITH_SHA1 => ecdsa(HashAlgorithm::Sha1),
            oid::ECDSA_WITH_SHA256 => ecdsa(HashAlgorithm::Sha256),
            oid::ECDSA_WITH_SHA384 => ecdsa(HashAlgorithm::Sha384),
            oid::ECDSA_WITH_SHA512 => ecdsa(HashAlgorithm::Sha512),
            oid::RSASSA_PSS => {
                // RFC 4055 section 3.1: the parameters MUST be present in a
                // signature's AlgorithmIdentifier.
                let params = params.ok_or_else(|| {
                    malformed_alg_id("RSASSA-PSS parameters are absent (RFC 4055 section 3.1)")
                })?;
                let (hash, salt_len) = PssParams::decode(params)?.supported()?;
                Ok(SignatureAlgorithm::rsa_pss(hash, salt_len))
            }
            _ => Err(Error::UnsupportedSignatureAlgorithm {
                oid: crate::asn1::oid_string(oid),
            }),
        }
    }

    /// RSASSA-PSS with this hash (MGF1 with the same hash, trailerField 1)
    /// and salt length, in its canonical form:
    /// [`SignatureAlgorithm::RsaPss`] when the salt is as long as the hash,
    /// else [`SignatureAlgorithm::RsaPssSalt`].
    pub fn rsa_pss(hash: HashAlgorithm, salt_len: u16) -> Self {
        if usize::from(salt_len) == hash.output_len() {
            SignatureAlgorithm::RsaPss(hash)
        } else {
            SignatureAlgorithm::RsaPssSalt { hash, salt_len }
        }
    }

    /// The PSS salt length in bytes (`None` if not RSASSA-PSS).
    pub fn pss_salt_len(self) -> Option<usize> {
        match self {
            SignatureAlgorithm::RsaPss(h) => Some(h.output_len()),
            SignatureAlgorithm::RsaPssSalt { salt_len, .. } => Some(usize::from(salt_len)),
            _ => None,
        }
    }

    /// The hash the algorithm uses.
    pub fn hash(self) -> HashAlgorithm {
        match self {
            SignatureAlgorithm::RsaPssSalt { hash, .. } => hash,
            SignatureAlgorithm::RsaPkcs1(h)
            | SignatureAlgorithm::RsaPss(h)
            | SignatureAlgorithm::Ecdsa(h)
            | SignatureAlgorithm::EcdsaP1363(h) => h,
            SignatureAlgorithm::Gost2015_512 => HashAlgorithm::Streebog512,
            SignatureAlgorithm::Gost2015_256 => HashAlgorithm::Streebog256,
            SignatureAlgorithm::Gost2004 => HashAlgorithm::Gost94,
        }
    }

    /// Whether the algorithm is legacy (uses SHA-1); a policy may refuse it.
    pub fn is_legacy(self) -> bool {
        self.hash() == HashAlgorithm::Sha1
    }

    /// The usual name: "sha256WithRSAEncryption", "rsassaPss-sha256",
    /// "ecdsa-with-SHA256", "ecdsa-p1363-SHA256", "gost34.10-2015-512".
    /// A GOST hash with RSA or ECDSA (never decoded, only built) is named
    /// after the scheme alone.
    pub fn name(self) -> &'static str {
        use HashAlgorithm::*;
        match self {
            SignatureAlgorithm::RsaPssSalt { hash, .. } => SignatureAlgorithm::RsaPss(hash).name(),
            SignatureAlgorithm::Gost2015_512 => "gost34.10-2015-512",
            SignatureAlgorithm::Gost2015_256 => "gost34.10-2015-256",
            SignatureAlgorithm::Gost2004 => "gost34.310-2004",
            SignatureAlgorithm::RsaPkcs1(Streebog256 | Streebog512 | Gost94) => "rsaPkcs1",
            SignatureAlgorithm::RsaPss(Streebog256 | Streebog512 | Gost94) => "rsassaPss",
            SignatureAlgorithm::Ecdsa(Streebog256 | Streebog512 | Gost94) => "ecdsa",
            SignatureAlgorithm::EcdsaP1363(Streebog256 | Streebog512 | Gost94) => "ecdsa-p1363",
            SignatureAlgorithm::RsaPkcs1(Sha1) => "sha1WithRSAEncryption",
            SignatureAlgorithm::RsaPkcs1(Sha256) => "sha256WithRSAEncryption",
            SignatureAlgorithm::RsaPkcs1(Sha384) => "sha384WithRSAEncryption",
            SignatureAlgorithm::RsaPkcs1(Sha512) => "sha512WithRSAEncryption",
            SignatureAlgorithm::RsaPss(Sha1) => "rsassaPss-sha1",
            SignatureAlgorithm::RsaPss(Sha256) => "rsassaPss-sha256",
            SignatureAlgorithm::RsaPss(Sha384) => "rsassaPss-sha384",
            SignatureAlgorithm::RsaPss(Sha512) => "rsassaPss-sha512",
            SignatureAlgorithm::Ecdsa(Sha1) => "ecdsa-with-SHA1",
            SignatureAlgorithm::Ecdsa(Sha256) => "ecdsa-with-SHA256",
            SignatureAlgorithm::Ecdsa(Sha384) => "ecdsa-with-SHA384",
            SignatureAlgorithm::Ecdsa(Sha512) => "ecdsa-with-SHA512",
            SignatureAlgorithm::EcdsaP1363(Sha1) => "ecdsa-p1363-SHA1",
            SignatureAlgorithm::EcdsaP1363(Sha256) => "ecdsa-p1363-SHA256",
            SignatureAlgorithm::EcdsaP1363(Sha384) => "ecdsa-p1363-SHA384",
            SignatureAlgorithm::EcdsaP1363(Sha512) => "ecdsa-p1363-SHA512",
        }
    }

    /// Refuse the values of the enum that no backend implements (they can
    /// be built directly, not decoded).
    pub(super) fn check_supported(self) -> Result<(), Error> {
        match self {
            SignatureAlgorithm::RsaPssSalt { hash, .. } => {
                SignatureAlgorithm::RsaPss(hash).check_supported()
            }
            SignatureAlgorithm::RsaPss(HashAlgorithm::Sha1) => {
                Err(Error::UnsupportedSignatureAlgorithm {
                    oid: format!(
                        "{} (RSASSA-PSS with SHA-1)",
                        crate::asn1::oid_string(oid::RSASSA_PSS)
                    ),
                })
            }
            SignatureAlgorithm::RsaPkcs1(h)
            | SignatureAlgorithm::RsaPss(h)
            | SignatureAlgorithm::Ecdsa(h)
            | SignatureAlgorithm::EcdsaP1363(h)
                if h.is_gost() =>
            {
                Err(Error::UnsupportedSignatureAlgorithm {
                    oid: format!("({} with {})", self.name(), h.name()),
                })
            }
            _ => Ok(()),
        }
    }
}

/// RSASSA-PSS-params ([RFC 4055] section 3.1), decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PssParams {
    /// The hash (DEFAULT SHA-1), `None` if not one the library knows.
    hash: Option<HashAlgorithm>,
    /// The MGF1 hash (DEFAULT MGF1 with SHA-1), `None` if unknown.
    mgf_hash: Option<HashAlgorithm>,
    /// saltLength (DEFAULT 20).
    salt_len: u64,
    /// trailerField (DEFAULT 1).
    trailer: u64,
}

impl PssParams {
    /// Decode `RSASSA-PSS-params`. A malformed encoding is
    /// [`Error::Malformed`]; unknown hash or mask OIDs are recorded as such
    /// and refused by [`PssParams::supported_hash`].
    pub(super) fn decode(params: der::Tlv<'_>) -> Result<Self, Error> {
        let bad = || malformed_alg_id("bad RSASSA-PSS-params");
        if params.tag != der::SEQUENCE {
            return Err(bad());
        }
        let mut r = der::Reader::new(params.content);
        let mut out = PssParams {
            hash: Some(HashAlgorithm::Sha1),
            mgf_hash: Some(HashAlgorithm::Sha1),
            salt_len: 20,
            trailer: 1,
        };
        if let Some(inner) = r.optional(0xA0) {
            let (hash_oid, hash_params) = der::algorithm_identifier(inner).ok_or_else(bad)?;
            // RFC 4055 section 2.1: NULL or absent parameters.
            if hash_params.is_some_and(|p| !p.is_null()) {
                return Err(bad());
            }
            out.hash = HashAlgorithm::from_oid(hash_oid);
        }
        if let Some(inner) = r.optional(0xA1) {
            let (mgf_oid, mgf_params) = der::algorithm_identifier(inner).ok_or_else(bad)?;
            if mgf_oid != oid::MGF1 {
                out.mgf_hash = None;
            } else {
                let p = mgf_params
                    .filter(|p| p.tag == der::SEQUENCE)
                    .ok_or_else(bad)?;
                let (hash_oid, hash_params) =
                    der::algorithm_identifier_body(p.content).ok_or_else(bad)?;
                if hash_params.is_some_and(|p| !p.is_null()) {
                    return Err(bad());
                }
                out.mgf_hash = HashAlgorithm::from_oid(hash_oid);
            }
        }
        if let Some(inner) = r.optional(0xA2) {
            out.salt_len = der::small_uint(inner).ok_or_else(bad)?;
        }
        if let Some(inner) = r.optional(0xA3) {
            out.trailer = der::small_uint(inner).ok_or_else(bad)?;
        }
        if !r.is_empty() {
            return Err(bad());
        }
        Ok(out)
    }

    /// The hash and the salt length, if these parameters are the supported
    /// combination: a known hash other than SHA-1, MGF1 with the same hash,
    /// any salt length that fits 16 bits (longer ones cannot fit any
    /// supported key), trailerField 1.
    pub(super) fn supported(self) -> Result<(HashAlgorithm, u16), Error> {
        let unsupported = unsupported_pss;
        let hash = self
            .hash
            .ok_or_else(|| unsupported("unsupported hash".to_owned()))?;
        if hash == HashAlgorithm::Sha1 {
            return Err(unsupported("SHA-1 with PSS".to_owned()));
        }
        if self.mgf_hash != Some(hash) {
            return Err(unsupported(
                "mask generation other than MGF1 with the signature's hash".to_owned(),
            ));
        }
        let salt_len = u16::try_from(self.salt_len).map_err(|_| {
            unsupported(format!(
                "salt length {}: longer than any supported key allows",
                self.salt_len
            ))
        })?;
        if self.trailer != 1 {
            return Err(unsupported(format!(
                "trailerField {}; only 1 (0xbc) is defined",
                self.trailer
            )));
        }
        Ok((hash, salt_len))
    }
}

/// An RSASSA-PSS parameter set the library does not implement.
pub(super) fn unsupported_pss(note: String) -> Error {
    Error::UnsupportedSignatureAlgorithm {
        oid: format!("{} ({note})", crate::asn1::oid_string(oid::RSASSA_PSS)),
    }
}

/// Content bytes of the OIDs used here.
pub(crate) mod oid {
    /// rsaEncryption 1.2.840.113549.1.1.1
    pub(crate) const RSA_ENCRYPTION: &[u8] =
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    /// sha1WithRSAEncryption 1.2.840.113549.1.1.5
    pub(crate) const SHA1_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05];
    /// id-mgf1 1.2.840.113549.1.1.8
    pub(crate) const MGF1: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08];
    /// id-RSASSA-PSS 1.2.840.113549.1.1.10
    pub(crate) const RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
    /// sha256WithRSAEncryption 1.2.840.113549.1.1.11
    pub(crate) const SHA256_WITH_RSA: &[u8] =
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
    /// sha384WithRSAEncryption 1.2.840.113549.1.1.12
    pub(crate) const SHA384_WITH_RSA: &[u8] =
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c];
    /// sha512WithRSAEncryption 1.2.840.113549.1.1.13
    pub(crate) const SHA512_WITH_RSA: &[u8] =
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d];
    /// id-ecPublicKey 1.2.840.10045.2.1
    pub(crate) const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    /// prime256v1 1.2.840.10045.3.1.7
    pub(crate) const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    /// secp384r1 1.3.132.0.34
    pub(crate) const P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
    /// ecdsa-with-SHA1 1.2.840.10045.4.1
    pub(crate) const ECDSA_WITH_SHA1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01];
    /// ecdsa-with-SHA256 1.2.840.10045.4.3.2
    pub(crate) const ECDSA_WITH_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
    /// ecdsa-with-SHA384 1.2.840.10045.4.3.3
    pub(crate) const ECDSA_WITH_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];
    /// ecdsa-with-SHA512 1.2.840.10045.4.3.4
    pub(crate) const ECDSA_WITH_SHA512: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04];
    /// id-sha1 1.3.14.3.2.26
    pub(crate) const SHA1: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
    /// id-sha256 2.16.840.1.101.3.4.2.1
    pub(crate) const SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
    /// id-sha384 2.16.840.1.101.3.4.2.2
    pub(crate) const SHA384: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02];
    /// id-sha512 2.16.840.1.101.3.4.2.3
    pub(crate) const SHA512: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03];
}

pub(super) fn malformed_alg_id(detail: &str) -> Error {
    Error::Malformed {
        what: "signature algorithm identifier",
        detail: detail.to_owned(),
    }
}
