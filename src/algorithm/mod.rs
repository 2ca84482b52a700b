//! Signature algorithms and the backends that verify them.
//!
//! This module decides, once and for both backends, which algorithms, which
//! parameters and which public keys are supported:
//!
//! * RSA PKCS#1 v1.5 with SHA-1, SHA-256, SHA-384, SHA-512
//!   ([RFC 8017] section 8.2, OIDs from [RFC 4055] section 5);
//! * RSASSA-PSS ([RFC 8017] section 8.1, parameters from [RFC 4055]
//!   section 3.1) with SHA-256, SHA-384 or SHA-512, MGF1 with the same hash,
//!   any salt length the parameters state (at most `emLen - hLen - 2`,
//!   [RFC 8017] section 9.1.2) and trailerField 1;
//! * ECDSA ([RFC 5758] section 3.2, [RFC 3279] section 2.2.3) on P-256 and
//!   P-384 with SHA-1, SHA-256, SHA-384 or SHA-512 (SHA-1 on P-256 only);
//! * RSA keys of 2048 to 8192 bits ([RFC 3279] section 2.3.1, or
//!   id-RSASSA-PSS keys per [RFC 4055] section 1.2), EC keys on P-256 and
//!   P-384 ([RFC 5480]);
//! * the Kazakh GOST: GOST 34.10-2015 512-bit keys with Streebog-512 and
//!   GOST 34.310-2004 keys with GOST 34.311-95, with the national CA's OIDs
//!   and byte conventions (see the `gost` module: [RFC 7091], [RFC 5832]).
//!   GOST is pure Rust and the same code in every backend.
//!
//! Everything else is refused with
//! [`Error::UnsupportedSignatureAlgorithm`] or [`Error::UnsupportedPublicKey`]
//! (fail closed). A backend ([`SignatureVerifier`]) only does the arithmetic
//! for what this module has accepted, so every backend accepts and refuses
//! exactly the same inputs.
//!
//! [RFC 3279]: https://www.rfc-editor.org/rfc/rfc3279
//! [RFC 4055]: https://www.rfc-editor.org/rfc/rfc4055
//! [RFC 5480]: https://www.rfc-editor.org/rfc/rfc5480
//! [RFC 5758]: https://www.rfc-editor.org/rfc/rfc5758
//! [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017
//! [RFC 5832]: https://www.rfc-editor.org/rfc/rfc5832
//! [RFC 7091]: https://www.rfc-editor.org/rfc/rfc7091

use crate::error::Error;
use gost::{oid as gost_oid, GostKey};

#[cfg(feature = "aws-lc")]
mod aws_lc;
pub(crate) mod digest;
pub(crate) mod gost;
mod pss;
#[cfg(feature = "rustcrypto")]
mod rustcrypto;

#[cfg(feature = "aws-lc")]
pub use aws_lc::AwsLc;
#[cfg(feature = "rustcrypto")]
pub use rustcrypto::RustCrypto;

#[cfg(not(any(feature = "aws-lc", feature = "rustcrypto")))]
compile_error!(
    "qoltanba needs a signature backend: enable the feature \"aws-lc\" or \"rustcrypto\""
);

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
    fn check_supported(self) -> Result<(), Error> {
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

/// A backend that verifies signatures.
///
/// Which algorithms, parameters and keys are supported is decided by this
/// module, not by the backend, so all backends give the same answers. The
/// trait is algorithm-agnostic: new algorithms are new
/// [`SignatureAlgorithm`] values.
pub trait SignatureVerifier: Send + Sync + std::fmt::Debug {
    /// Name of the backend ("aws-lc-rs", "rustcrypto").
    fn name(&self) -> &'static str;

    /// Verify `signature` over `message` with the public key `spki` (a DER
    /// `SubjectPublicKeyInfo`, [RFC 5280] section 4.1.2.7).
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidSignature`] (opaque) if the signature does not
    ///   verify, is badly encoded, or the key is of the wrong type for the
    ///   algorithm (or an EC point is not on its curve);
    /// * [`Error::UnsupportedSignatureAlgorithm`] for an algorithm, or an
    ///   algorithm and curve pairing, that is not implemented;
    /// * [`Error::UnsupportedPublicKey`] for an unsupported key type, curve
    ///   or RSA size (2048 to 8192 bits are supported);
    /// * [`Error::Malformed`] with `what: "public key"` if `spki` does not
    ///   decode.
    ///
    /// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.7
    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        spki: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error>;

    /// Decodes the public key `spki` once for repeated checks of
    /// `algorithm` signatures (a bulk run's signer), when the backend has a
    /// faster path that way; `None` (the default) means every check goes
    /// through [`SignatureVerifier::verify`]. A prepared key must accept
    /// exactly what `verify` accepts with the same key and algorithm; a key
    /// `verify` would refuse is never prepared.
    fn prepare(&self, algorithm: SignatureAlgorithm, spki: &[u8]) -> Option<Box<dyn PreparedKey>> {
        let _ = (algorithm, spki);
        None
    }
}

/// A public key decoded once by a backend ([`SignatureVerifier::prepare`])
/// for one signature algorithm.
pub trait PreparedKey: Send + Sync + std::fmt::Debug {
    /// Verify `signature` over `message`, with the errors of
    /// [`SignatureVerifier::verify`].
    fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), Error>;
}

/// The default backend: aws-lc-rs when the feature "aws-lc" is on, else
/// the RustCrypto backend.
pub fn default_backend() -> &'static dyn SignatureVerifier {
    #[cfg(feature = "aws-lc")]
    {
        &AwsLc
    }
    #[cfg(all(not(feature = "aws-lc"), feature = "rustcrypto"))]
    {
        &RustCrypto
    }
}

/// Every backend compiled in, the default first (for tests that run each).
#[allow(clippy::vec_init_then_push)] // the pushes depend on features
pub fn backends() -> Vec<&'static dyn SignatureVerifier> {
    let mut all: Vec<&'static dyn SignatureVerifier> = Vec::new();
    #[cfg(feature = "aws-lc")]
    all.push(&AwsLc);
    #[cfg(feature = "rustcrypto")]
    all.push(&RustCrypto);
    all
}

// ---- checks shared by the backends -----------------------------------------

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
const RSA_MIN_BITS: usize = 2048;
/// Largest RSA modulus accepted, in bits.
const RSA_MAX_BITS: usize = 8192;

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

fn malformed_alg_id(detail: &str) -> Error {
    Error::Malformed {
        what: "signature algorithm identifier",
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

/// RSASSA-PSS-params ([RFC 4055] section 3.1), decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PssParams {
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
    fn decode(params: der::Tlv<'_>) -> Result<Self, Error> {
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
    fn supported(self) -> Result<(HashAlgorithm, u16), Error> {
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
fn unsupported_pss(note: String) -> Error {
    Error::UnsupportedSignatureAlgorithm {
        oid: format!("{} ({note})", crate::asn1::oid_string(oid::RSASSA_PSS)),
    }
}

/// Verifies `signature` over `tbs` with the issuer's `spki`, refusing SHA-1
/// unless the policy allows legacy algorithms.
pub(crate) fn check_signature(
    backend: &dyn SignatureVerifier,
    algorithm: &Result<SignatureAlgorithm, Error>,
    spki: &[u8],
    tbs: &[u8],
    signature: &[u8],
    allow_legacy: bool,
) -> Result<(), Error> {
    let alg = algorithm.clone()?;
    if alg.is_legacy() && !allow_legacy {
        return Err(Error::LegacyAlgorithmNotAllowed {
            algorithm: alg.name(),
        });
    }
    backend.verify(alg, spki, tbs, signature)
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

use crate::asn1::der;

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    /// A PSS AlgorithmIdentifier with explicit hash, MGF1 hash, salt.
    fn pss(hash_oid: &str, mgf_hash_oid: &str, salt: u8) -> Vec<u8> {
        let hash = format!("300d0609{hash_oid}0500");
        let mgf_hash = format!("300d0609{mgf_hash_oid}0500");
        let mgf = format!("301a06092a864886f70d010108{mgf_hash}");
        let body = format!("a00f{hash}a11c{mgf}a2030201{salt:02x}");
        let params = format!("30{:02x}{body}", body.len() / 2);
        let alg = format!("06092a864886f70d01010a{params}");
        hex(&format!("30{:02x}{alg}", alg.len() / 2))
    }

    const SHA256: &str = "608648016503040201";
    const SHA384: &str = "608648016503040202";
    const SHA512: &str = "608648016503040203";

    #[test]
    fn decodes_pkcs1() {
        for (last, hash) in [
            (5, HashAlgorithm::Sha1),
            (11, HashAlgorithm::Sha256),
            (12, HashAlgorithm::Sha384),
            (13, HashAlgorithm::Sha512),
        ] {
            let with_null = hex(&format!("300d06092a864886f70d0101{last:02x}0500"));
            let absent = hex(&format!("300b06092a864886f70d0101{last:02x}"));
            let want = SignatureAlgorithm::RsaPkcs1(hash);
            assert_eq!(SignatureAlgorithm::from_der(&with_null), Ok(want));
            assert_eq!(SignatureAlgorithm::from_der(&absent), Ok(want));
            // Other parameters are refused.
            let bad = hex(&format!("300e06092a864886f70d0101{last:02x}020100"));
            assert!(matches!(
                SignatureAlgorithm::from_der(&bad),
                Err(Error::Malformed { .. })
            ));
        }
        assert_eq!(
            SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha256).name(),
            "sha256WithRSAEncryption"
        );
    }

    #[test]
    fn decodes_ecdsa() {
        let cases = [
            ("2a8648ce3d0401", HashAlgorithm::Sha1),
            ("2a8648ce3d040302", HashAlgorithm::Sha256),
            ("2a8648ce3d040303", HashAlgorithm::Sha384),
            ("2a8648ce3d040304", HashAlgorithm::Sha512),
        ];
        for (oid, hash) in cases {
            let der = hex(&format!(
                "30{:02x}06{:02x}{oid}",
                oid.len() / 2 + 2,
                oid.len() / 2
            ));
            assert_eq!(
                SignatureAlgorithm::from_der(&der),
                Ok(SignatureAlgorithm::Ecdsa(hash))
            );
            let with_null = hex(&format!(
                "30{:02x}06{:02x}{oid}0500",
                oid.len() / 2 + 4,
                oid.len() / 2
            ));
            assert!(matches!(
                SignatureAlgorithm::from_der(&with_null),
                Err(Error::Malformed { .. })
            ));
        }
        assert_eq!(
            SignatureAlgorithm::Ecdsa(HashAlgorithm::Sha384).name(),
            "ecdsa-with-SHA384"
        );
    }

    #[test]
    fn decodes_pss() {
        assert_eq!(
            SignatureAlgorithm::from_der(&pss(SHA256, SHA256, 32)),
            Ok(SignatureAlgorithm::RsaPss(HashAlgorithm::Sha256))
        );
        assert_eq!(
            SignatureAlgorithm::from_der(&pss(SHA384, SHA384, 48)),
            Ok(SignatureAlgorithm::RsaPss(HashAlgorithm::Sha384))
        );
        assert_eq!(
            SignatureAlgorithm::from_der(&pss(SHA512, SHA512, 64)),
            Ok(SignatureAlgorithm::RsaPss(HashAlgorithm::Sha512))
        );
        assert_eq!(
            SignatureAlgorithm::RsaPss(HashAlgorithm::Sha256).name(),
            "rsassaPss-sha256"
        );
        // Any other salt length, as stated (issue 13 defect 11).
        for (hash_oid, hash, salt) in [
            (SHA256, HashAlgorithm::Sha256, 0u8),
            (SHA256, HashAlgorithm::Sha256, 20),
            (SHA256, HashAlgorithm::Sha256, 64),
            (SHA512, HashAlgorithm::Sha512, 32),
        ] {
            let alg = SignatureAlgorithm::from_der(&pss(hash_oid, hash_oid, salt));
            assert_eq!(
                alg,
                Ok(SignatureAlgorithm::RsaPssSalt {
                    hash,
                    salt_len: u16::from(salt)
                })
            );
            let alg = alg.expect("decoded");
            assert_eq!(alg.pss_salt_len(), Some(usize::from(salt)));
            assert_eq!(alg.hash(), hash);
            assert_eq!(alg.name(), SignatureAlgorithm::RsaPss(hash).name());
        }
        assert_eq!(
            SignatureAlgorithm::rsa_pss(HashAlgorithm::Sha384, 48),
            SignatureAlgorithm::RsaPss(HashAlgorithm::Sha384)
        );
    }

    #[test]
    fn refuses_unsupported_pss_parameters() {
        // trailerField 2, an MGF other than MGF1 (id-sha256 in its place),
        // a salt length that does not fit 16 bits.
        let trailer2 = hex("304606092a864886f70d01010a3039a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120a303020102");
        let other_mgf = hex("304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a0609608648016503040201300d06096086480165030402010500a203020120");
        let huge_salt = hex("304306092a864886f70d01010a3036a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a2050203010000");
        for der in [
            pss(SHA256, SHA384, 32),
            pss(SHA512, SHA256, 64),
            trailer2,
            other_mgf,
            huge_salt,
        ] {
            assert!(
                matches!(
                    SignatureAlgorithm::from_der(&der),
                    Err(Error::UnsupportedSignatureAlgorithm { .. })
                ),
                "{der:02x?}"
            );
        }
        // Empty parameters: all defaults, SHA-1 with salt 20.
        let defaults = hex("300d06092a864886f70d01010a3000");
        assert!(matches!(
            SignatureAlgorithm::from_der(&defaults),
            Err(Error::UnsupportedSignatureAlgorithm { .. })
        ));
        // Absent parameters are malformed for a signature (RFC 4055 3.1).
        let absent = hex("300b06092a864886f70d01010a");
        assert!(matches!(
            SignatureAlgorithm::from_der(&absent),
            Err(Error::Malformed { .. })
        ));
    }

    #[test]
    fn refuses_unknown_oid() {
        // md5WithRSAEncryption 1.2.840.113549.1.1.4
        let md5 = hex("300d06092a864886f70d0101040500");
        match SignatureAlgorithm::from_der(&md5) {
            Err(Error::UnsupportedSignatureAlgorithm { oid }) => {
                assert_eq!(oid, "1.2.840.113549.1.1.4")
            }
            other => panic!("{other:?}"),
        }
        // Ed25519 1.3.101.112
        let ed = hex("300506032b6570");
        assert!(matches!(
            SignatureAlgorithm::from_der(&ed),
            Err(Error::UnsupportedSignatureAlgorithm { .. })
        ));
        // Garbage and trailing data.
        assert!(matches!(
            SignatureAlgorithm::from_der(&[0x30, 0x01]),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(
            SignatureAlgorithm::from_der(&hex("300d06092a864886f70d01010b050000")),
            Err(Error::Malformed { .. })
        ));
    }

    #[test]
    fn legacy_is_sha1() {
        assert!(SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha1).is_legacy());
        assert!(SignatureAlgorithm::Ecdsa(HashAlgorithm::Sha1).is_legacy());
        assert!(!SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha256).is_legacy());
        assert!(!SignatureAlgorithm::RsaPss(HashAlgorithm::Sha512).is_legacy());
        assert_eq!(HashAlgorithm::Sha384.output_len(), 48);
        assert_eq!(HashAlgorithm::Sha1.name(), "SHA-1");
    }

    #[test]
    fn from_identifier_matches_from_der() {
        use x509_parser::prelude::FromDer;
        for der in [
            hex("300d06092a864886f70d01010b0500"),
            hex("300a06082a8648ce3d040302"),
            pss(SHA384, SHA384, 48),
            pss(SHA256, SHA256, 0),
            hex("300d06092a864886f70d0101040500"),
        ] {
            let (_, id) = x509_parser::x509::AlgorithmIdentifier::from_der(&der).expect("parses");
            assert_eq!(
                SignatureAlgorithm::from_identifier(&id),
                SignatureAlgorithm::from_der(&der)
            );
        }
    }

    #[test]
    fn refuses_pss_with_sha1_and_p384_with_sha1() {
        for backend in backends() {
            let r = backend.verify(
                SignatureAlgorithm::RsaPss(HashAlgorithm::Sha1),
                &[],
                b"",
                b"",
            );
            assert!(matches!(
                r,
                Err(Error::UnsupportedSignatureAlgorithm { .. })
            ));
        }
    }

    /// DER TLV (test helper).
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match content.len() {
            n if n < 0x80 => out.push(n as u8),
            n if n < 0x100 => out.extend_from_slice(&[0x81, n as u8]),
            n => out.extend_from_slice(&[0x82, (n >> 8) as u8, n as u8]),
        }
        out.extend_from_slice(content);
        out
    }

    fn rsa_spki(modulus_bits: usize, alg: &[u8]) -> Vec<u8> {
        let mut n = vec![0xffu8; modulus_bits / 8];
        n.insert(0, 0);
        let mut rsa = tlv(0x02, &n);
        rsa.extend(tlv(0x02, &[1, 0, 1]));
        let mut bits = vec![0];
        bits.extend(tlv(0x30, &rsa));
        let mut body = alg.to_vec();
        body.extend(tlv(0x03, &bits));
        tlv(0x30, &body)
    }

    fn ec_spki(curve_oid: &[u8], point: &[u8]) -> Vec<u8> {
        let mut alg = tlv(0x06, oid::EC_PUBLIC_KEY);
        alg.extend(tlv(0x06, curve_oid));
        let mut bits = vec![0];
        bits.extend_from_slice(point);
        let mut body = tlv(0x30, &alg);
        body.extend(tlv(0x03, &bits));
        tlv(0x30, &body)
    }

    #[test]
    fn key_checks_are_shared() {
        let rsa_alg = hex("300d06092a864886f70d0101010500");
        let pkcs1 = SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha256);
        let p256_point = {
            let mut p = vec![4u8];
            p.extend_from_slice(&[1u8; 64]);
            p
        };
        for backend in backends() {
            // RSA below 2048 bits.
            let small = rsa_spki(1024, &rsa_alg);
            assert!(matches!(
                backend.verify(pkcs1, &small, b"m", &[0; 128]),
                Err(Error::UnsupportedPublicKey { .. })
            ));
            // RSA above 8192 bits.
            let big = rsa_spki(8200, &rsa_alg);
            assert!(matches!(
                backend.verify(pkcs1, &big, b"m", &[0; 1025]),
                Err(Error::UnsupportedPublicKey { .. })
            ));
            // A 2048-bit key with a garbage signature: opaque failure.
            let ok_size = rsa_spki(2048, &rsa_alg);
            assert_eq!(
                backend.verify(pkcs1, &ok_size, b"m", &[1; 256]),
                Err(Error::InvalidSignature)
            );
            // An id-RSASSA-PSS key is not usable with PKCS#1 v1.5.
            let pss_key = rsa_spki(2048, &hex("300b06092a864886f70d01010a"));
            assert_eq!(
                backend.verify(pkcs1, &pss_key, b"m", &[1; 256]),
                Err(Error::InvalidSignature)
            );
            // P-521 is unsupported.
            let p521 = ec_spki(&[0x2b, 0x81, 0x04, 0x00, 0x23], &[4u8; 133]);
            assert!(matches!(
                backend.verify(
                    SignatureAlgorithm::Ecdsa(HashAlgorithm::Sha512),
                    &p521,
                    b"m",
                    &[]
                ),
                Err(Error::UnsupportedPublicKey { .. })
            ));
            // An EC key with an RSA algorithm: wrong key type.
            let p256 = ec_spki(oid::P256, &p256_point);
            assert_eq!(
                backend.verify(pkcs1, &p256, b"m", &[1; 256]),
                Err(Error::InvalidSignature)
            );
            // P-384 with SHA-1 is not implemented.
            let mut p384_point = vec![4u8];
            p384_point.extend_from_slice(&[1u8; 96]);
            let p384 = ec_spki(oid::P384, &p384_point);
            assert!(matches!(
                backend.verify(
                    SignatureAlgorithm::Ecdsa(HashAlgorithm::Sha1),
                    &p384,
                    b"m",
                    &[]
                ),
                Err(Error::UnsupportedSignatureAlgorithm { .. })
            ));
            // Garbage SPKI.
            assert!(matches!(
                backend.verify(pkcs1, &[0x30, 0x03, 0x01], b"m", &[]),
                Err(Error::Malformed {
                    what: "public key",
                    ..
                })
            ));
        }
    }

    #[test]
    fn oid_strings() {
        assert_eq!(crate::asn1::oid_string(oid::P384), "1.3.132.0.34");
        assert_eq!(
            crate::asn1::oid_string(oid::SHA512),
            "2.16.840.1.101.3.4.2.3"
        );
        assert_eq!(
            crate::asn1::oid_string(oid::EC_PUBLIC_KEY),
            "1.2.840.10045.2.1"
        );
    }
}
