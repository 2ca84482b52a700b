//! Public keys: SubjectPublicKeyInfo decoded and checked (RSA sizes, EC
//! curves, GOST parameters, PSS restrictions), and paired with the
//! signature algorithm that will use them, before any backend sees them.

use super::gost::{oid as gost_oid, GostKey};
use super::id::{oid, unsupported_pss, HashAlgorithm, PssParams, SignatureAlgorithm};
use crate::asn1::der;
use crate::error::Error;

/// An elliptic curve supported for ECDSA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Curve {
    /// NIST P-256 (prime256v1, secp256r1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
}

impl Curve {
    /// Bytes in a field element and in a scalar.
    pub(crate) fn field_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
        }
    }
}

/// How an ECDSA signature is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EcdsaEncoding {
    /// DER `Ecdsa-Sig-Value`.
    Der,
    /// Fixed-width `r || s` (IEEE P1363).
    Fixed,
}

/// An RSA public key that passed the size and exponent checks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RsaKey<'a> {
    /// The PKCS#1 `RSAPublicKey` DER (the SPKI's BIT STRING content).
    #[cfg_attr(not(feature = "aws-lc"), allow(dead_code))]
    pub(crate) pkcs1: &'a [u8],
    /// The modulus, big-endian, without leading zeros.
    #[cfg_attr(not(feature = "rustcrypto"), allow(dead_code))]
    pub(crate) n: &'a [u8],
    /// The public exponent, big-endian, without leading zeros.
    #[cfg_attr(not(feature = "rustcrypto"), allow(dead_code))]
    pub(crate) e: &'a [u8],
}

/// An EC public key that passed the curve and encoding checks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EcKey<'a> {
    /// Its curve.
    pub(crate) curve: Curve,
    /// The uncompressed point `04 || x || y`.
    pub(crate) point: &'a [u8],
}

/// A verification the common layer has accepted; the backend only has to do
/// the arithmetic.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Checked<'a> {
    /// GOST (34.10-2015 or 34.310-2004): every backend hands it to
    /// [`crate::algorithm::gost::verify`], so all verify GOST identically.
    Gost {
        /// The key (its curve fixes the algorithm).
        key: GostKey<'a>,
        /// The hash.
        hash: HashAlgorithm,
    },
    /// RSASSA-PKCS1-v1_5 with this hash.
    RsaPkcs1 {
        /// The key.
        key: RsaKey<'a>,
        /// The hash.
        hash: HashAlgorithm,
    },
    /// RSASSA-PSS with this hash, MGF1 with the same hash, this salt
    /// length (not yet checked against the key: EMSA-PSS-VERIFY does).
    RsaPss {
        /// The key.
        key: RsaKey<'a>,
        /// The hash.
        hash: HashAlgorithm,
        /// The salt length in bytes.
        salt_len: usize,
    },
    /// ECDSA.
    Ecdsa {
        /// The key.
        key: EcKey<'a>,
        /// The hash.
        hash: HashAlgorithm,
        /// The signature encoding.
        encoding: EcdsaEncoding,
    },
}

/// Smallest RSA modulus accepted, in bits.
pub(super) const RSA_MIN_BITS: usize = 2048;
/// Largest RSA modulus accepted, in bits.
pub(super) const RSA_MAX_BITS: usize = 8192;

/// Check the algorithm and the key, and pair them. Every backend calls this
/// first, so the set of supported inputs is the same for all.
pub(crate) fn check<'a>(
    algorithm: SignatureAlgorithm,
    spki: &'a [u8],
) -> Result<Checked<'a>, Error> {
    algorithm.check_supported()?;
    let key = PublicKey::decode(spki)?;
    match (algorithm, key) {
        (SignatureAlgorithm::RsaPkcs1(hash), PublicKey::Rsa(key, PssRestriction::NotPss)) => {
            Ok(Checked::RsaPkcs1 { key, hash })
        }
        (
            SignatureAlgorithm::RsaPss(hash) | SignatureAlgorithm::RsaPssSalt { hash, .. },
            PublicKey::Rsa(key, restriction),
        ) => {
            let salt_len = algorithm
                .pss_salt_len()
                .ok_or_else(|| unsupported_pss("no salt length".to_owned()))?;
            match restriction {
                PssRestriction::NotPss | PssRestriction::AnyPss => {}
                // RFC 4055 section 3.3: the same hash and MGF, and a salt
                // at least as long as the key's parameters state.
                PssRestriction::Only {
                    hash: only,
                    min_salt,
                } if only == hash && salt_len >= usize::from(min_salt) => {}
                // RFC 4055 section 1.2: a key restricted to other PSS
                // parameters must not verify this signature.
                PssRestriction::Only { .. } => return Err(Error::InvalidSignature),
            }
            Ok(Checked::RsaPss {
                key,
                hash,
                salt_len,
            })
        }
        (SignatureAlgorithm::Ecdsa(hash), PublicKey::Ec(key)) => {
            ecdsa_pairing(key.curve, hash, algorithm)?;
            Ok(Checked::Ecdsa {
                key,
                hash,
                encoding: EcdsaEncoding::Der,
            })
        }
        (SignatureAlgorithm::EcdsaP1363(hash), PublicKey::Ec(key)) => {
            ecdsa_pairing(key.curve, hash, algorithm)?;
            Ok(Checked::Ecdsa {
                key,
                hash,
                encoding: EcdsaEncoding::Fixed,
            })
        }
        (
            SignatureAlgorithm::Gost2015_512
            | SignatureAlgorithm::Gost2015_256
            | SignatureAlgorithm::Gost2004,
            PublicKey::Gost(key),
        ) if key.curve.signature_algorithm() == algorithm => Ok(Checked::Gost {
            key,
            hash: algorithm.hash(),
        }),
        // The wrong kind of key for the algorithm.
        _ => Err(Error::InvalidSignature),
    }
}

/// The key rules of signature checks applied to a key on its own: type,
/// curve, RSA size and exponent, encoding. Certificate validation applies
/// them to the end entity's key, so that a certificate is never valid with
/// a key no signature from it would be accepted with.
pub(crate) fn check_public_key(spki: &[u8]) -> Result<(), Error> {
    PublicKey::decode(spki).map(|_| ())
}

impl SignatureAlgorithm {
    /// The usual signature algorithm of the public key `spki` (a DER
    /// SubjectPublicKeyInfo, as [`Certificate::spki`](crate::Certificate::spki)
    /// gives): PKCS#1 v1.5 with SHA-256 for an rsaEncryption key, PSS with
    /// SHA-256 for an RSASSA-PSS key (or with the hash its parameters
    /// restrict it to), ECDSA with SHA-256 on P-256 and SHA-384 on P-384,
    /// and a GOST key's own algorithm (its curve decides). For a raw
    /// signature made by the key's holder, with no algorithm named beside
    /// it.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] (`what: "public key"`) if `spki` does not
    /// decode, [`Error::UnsupportedPublicKey`] for a key type, curve or RSA
    /// size not supported.
    pub fn usual_for_key(spki: &[u8]) -> Result<SignatureAlgorithm, Error> {
        usual_algorithm(spki)
    }
}

/// [`SignatureAlgorithm::usual_for_key`].
fn usual_algorithm(spki: &[u8]) -> Result<SignatureAlgorithm, Error> {
    Ok(match PublicKey::decode(spki)? {
        PublicKey::Rsa(_, PssRestriction::NotPss) => {
            SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha256)
        }
        PublicKey::Rsa(_, PssRestriction::AnyPss) => {
            SignatureAlgorithm::RsaPss(HashAlgorithm::Sha256)
        }
        PublicKey::Rsa(_, PssRestriction::Only { hash, .. }) => SignatureAlgorithm::RsaPss(hash),
        PublicKey::Ec(key) => match key.curve {
            Curve::P256 => SignatureAlgorithm::Ecdsa(HashAlgorithm::Sha256),
            Curve::P384 => SignatureAlgorithm::Ecdsa(HashAlgorithm::Sha384),
        },
        PublicKey::Gost(key) => key.curve.signature_algorithm(),
    })
}

/// ECDSA with SHA-1 on P-384 is not implemented (aws-lc-rs has no such
/// algorithm, and a 160-bit hash is too short for the RustCrypto crates).
fn ecdsa_pairing(
    curve: Curve,
    hash: HashAlgorithm,
    algorithm: SignatureAlgorithm,
) -> Result<(), Error> {
    if curve == Curve::P384 && hash == HashAlgorithm::Sha1 {
        return Err(Error::UnsupportedSignatureAlgorithm {
            oid: format!(
                "{} ({} with a P-384 key)",
                crate::asn1::oid_string(oid::ECDSA_WITH_SHA1),
                algorithm.name()
            ),
        });
    }
    Ok(())
}

/// What an RSA key may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PssRestriction {
    /// An rsaEncryption key: PKCS#1 v1.5 and PSS.
    NotPss,
    /// An id-RSASSA-PSS key without parameters: PSS with any parameters.
    AnyPss,
    /// An id-RSASSA-PSS key with parameters: PSS with this hash (and MGF1
    /// with it) and a salt at least `min_salt` long ([RFC 4055] section 3.3).
    ///
    /// [RFC 4055]: https://www.rfc-editor.org/rfc/rfc4055#section-3.3
    Only {
        /// The hash.
        hash: HashAlgorithm,
        /// The smallest salt length.
        min_salt: u16,
    },
}

/// A decoded, supported public key.
#[derive(Debug, Clone, Copy)]
enum PublicKey<'a> {
    Rsa(RsaKey<'a>, PssRestriction),
    Ec(EcKey<'a>),
    Gost(GostKey<'a>),
}

fn malformed_key(detail: &str) -> Error {
    Error::Malformed {
        what: "public key",
        detail: detail.to_owned(),
    }
}

impl<'a> PublicKey<'a> {
    /// Decode a SubjectPublicKeyInfo ([RFC 5280] section 4.1.2.7).
    fn decode(spki: &'a [u8]) -> Result<Self, Error> {
        let mut outer = der::Reader::new(spki);
        let body = outer
            .expect(der::SEQUENCE)
            .ok_or_else(|| malformed_key("SubjectPublicKeyInfo is not a DER SEQUENCE"))?;
        if !outer.is_empty() {
            return Err(malformed_key("trailing data after SubjectPublicKeyInfo"));
        }
        let mut r = der::Reader::new(body);
        let alg = r
            .expect(der::SEQUENCE)
            .ok_or_else(|| malformed_key("bad algorithm identifier"))?;
        let (oid, params) = der::algorithm_identifier_body(alg)
            .ok_or_else(|| malformed_key("bad algorithm identifier"))?;
        let bits = r
            .expect(der::BIT_STRING)
            .ok_or_else(|| malformed_key("bad subjectPublicKey BIT STRING"))?;
        if !r.is_empty() {
            return Err(malformed_key("trailing data in SubjectPublicKeyInfo"));
        }
        let key = match bits.split_first() {
            Some((0, key)) => key,
            _ => return Err(malformed_key("subjectPublicKey has unused bits")),
        };
        match oid {
            oid::RSA_ENCRYPTION => {
                // RFC 3279 section 2.3.1: parameters NULL (absent tolerated).
                if params.is_some_and(|p| !p.is_null()) {
                    return Err(malformed_key("rsaEncryption parameters must be NULL"));
                }
                Ok(PublicKey::Rsa(rsa_key(key)?, PssRestriction::NotPss))
            }
            oid::RSASSA_PSS => {
                // RFC 4055 section 1.2: absent parameters allow any PSS
                // parameters, present ones restrict the key to them.
                let restriction = match params {
                    None => PssRestriction::AnyPss,
                    Some(p) => {
                        let (hash, min_salt) = PssParams::decode(p)?.supported().map_err(|_| {
                            Error::UnsupportedPublicKey {
                                detail: "RSASSA-PSS key restricted to unsupported parameters"
                                    .to_owned(),
                            }
                        })?;
                        PssRestriction::Only { hash, min_salt }
                    }
                };
                Ok(PublicKey::Rsa(rsa_key(key)?, restriction))
            }
            oid::EC_PUBLIC_KEY => {
                let curve_oid = params
                    .filter(|p| p.tag == der::OID)
                    .ok_or_else(|| Error::UnsupportedPublicKey {
                        detail: "EC key without a named curve".to_owned(),
                    })?
                    .content;
                let curve = match curve_oid {
                    oid::P256 => Curve::P256,
                    oid::P384 => Curve::P384,
                    other => {
                        return Err(Error::UnsupportedPublicKey {
                            detail: format!("EC curve {}", crate::asn1::oid_string(other)),
                        })
                    }
                };
                match key.first() {
                    Some(4) if key.len() == 1 + 2 * curve.field_len() => {}
                    Some(2) | Some(3) => {
                        return Err(Error::UnsupportedPublicKey {
                            detail: "compressed EC point".to_owned(),
                        })
                    }
                    _ => return Err(malformed_key("bad EC point encoding")),
                }
                Ok(PublicKey::Ec(EcKey { curve, point: key }))
            }
            gost_oid::GOST2015_512_KEY | gost_oid::GOST2015_256_KEY | gost_oid::GOST2004_KEY => {
                // GostR3410-2012-PublicKeyParameters ([RFC 9215] section 4,
                // [RFC 4491] section 2.3.1): SEQUENCE { publicKeyParamSet,
                // digestParamSet OPTIONAL }.
                let bad = || malformed_key("bad GOST public key parameters");
                let p = params.filter(|p| p.tag == der::SEQUENCE).ok_or_else(|| {
                    Error::UnsupportedPublicKey {
                        detail: "GOST key without a parameter set".to_owned(),
                    }
                })?;
                let mut r = der::Reader::new(p.content);
                let param_set = r.expect(der::OID).ok_or_else(bad)?;
                let digest = r.optional(der::OID);
                if !r.is_empty() {
                    return Err(Error::UnsupportedPublicKey {
                        detail: "GOST key parameters with an encryption parameter set".to_owned(),
                    });
                }
                Ok(PublicKey::Gost(GostKey::decode(
                    oid,
                    Some(param_set),
                    digest,
                    key,
                )?))
            }
            other => Err(Error::UnsupportedPublicKey {
                detail: format!("key algorithm {}", crate::asn1::oid_string(other)),
            }),
        }
    }
}

/// Decode and check a PKCS#1 `RSAPublicKey` ([RFC 8017] appendix A.1.1).
fn rsa_key(pkcs1: &[u8]) -> Result<RsaKey<'_>, Error> {
    let mut outer = der::Reader::new(pkcs1);
    let body = outer
        .expect(der::SEQUENCE)
        .ok_or_else(|| malformed_key("RSAPublicKey is not a DER SEQUENCE"))?;
    if !outer.is_empty() {
        return Err(malformed_key("trailing data after RSAPublicKey"));
    }
    let mut r = der::Reader::new(body);
    let n = r
        .expect(der::INTEGER)
        .and_then(der::positive_integer)
        .ok_or_else(|| malformed_key("bad RSA modulus"))?;
    let e = r
        .expect(der::INTEGER)
        .and_then(der::positive_integer)
        .ok_or_else(|| malformed_key("bad RSA public exponent"))?;
    if !r.is_empty() {
        return Err(malformed_key("trailing data in RSAPublicKey"));
    }
    let bits = der::bit_len(n);
    if !(RSA_MIN_BITS..=RSA_MAX_BITS).contains(&bits) {
        return Err(Error::UnsupportedPublicKey {
            detail: format!(
                "RSA modulus of {bits} bits (supported: {RSA_MIN_BITS} to {RSA_MAX_BITS})"
            ),
        });
    }
    // An odd exponent of 3 to 2^33 - 1: the range both backends accept.
    let e_bits = der::bit_len(e);
    let odd = e.last().is_some_and(|b| b & 1 == 1);
    if !odd || !(2..=33).contains(&e_bits) {
        return Err(Error::UnsupportedPublicKey {
            detail: "RSA public exponent must be odd, at least 3 and below 2^33".to_owned(),
        });
    }
    Ok(RsaKey { pkcs1, n, e })
}
