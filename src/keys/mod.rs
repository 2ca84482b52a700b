//! Private keys and signing: [`SigningKey`] (PKCS#8: RSA, ECDSA P-256 and
//! the Kazakh GOST) and [`KeyBundle`] (a key with its certificates, from a
//! PKCS#12 file).

mod pkcs12;
mod pkcs8;

use crate::algorithm::gost::GostPrivateKey;
use crate::algorithm::{HashAlgorithm, SignatureAlgorithm};
use crate::cert::Certificate;
use crate::error::Error;

pub use pkcs12::KeyBundle;

/// Something that signs: the CMS builder takes `&dyn Signer`.
pub trait Signer: Send + Sync {
    /// The signature algorithm this key signs with.
    fn algorithm(&self) -> SignatureAlgorithm;
    /// Signs `message` (the whole message; the key hashes it) and returns
    /// the signature in the encoding the verifier expects for
    /// [`Signer::algorithm`]: PKCS#1/PSS bytes for RSA, DER Ecdsa-Sig-Value
    /// for ECDSA, `r || s` little-endian for GOST.
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error>;
}

/// The key material behind a [`SigningKey`].
enum KeyPair {
    /// RSA on aws-lc-rs (constant-time).
    #[cfg(feature = "aws-lc")]
    Rsa(aws_lc_rs::rsa::KeyPair),
    /// ECDSA P-256 on aws-lc-rs.
    #[cfg(feature = "aws-lc")]
    P256(aws_lc_rs::signature::EcdsaKeyPair),
    /// ECDSA P-256 on the RustCrypto `p256` crate (RFC 6979 nonces).
    #[cfg(all(feature = "rustcrypto", not(feature = "aws-lc")))]
    P256(p256::ecdsa::SigningKey),
    /// ECDSA P-384 on aws-lc-rs.
    #[cfg(feature = "aws-lc")]
    P384(aws_lc_rs::signature::EcdsaKeyPair),
    /// ECDSA P-384 on the RustCrypto `p384` crate (RFC 6979 nonces).
    #[cfg(all(feature = "rustcrypto", not(feature = "aws-lc")))]
    P384(p384::ecdsa::SigningKey),
    /// GOST 34.10-2015 512-bit or GOST 34.310-2004 (this crate's
    /// constant-time signer).
    Gost(GostPrivateKey),
}

/// A private key that signs: RSA (PKCS#1 v1.5 with SHA-256 by default, or
/// PSS with SHA-256), ECDSA P-256 with SHA-256, ECDSA P-384 with SHA-384,
/// GOST 34.10-2015 512-bit with
/// Streebog-512, or GOST 34.310-2004 with GOST 34.311-95.
///
/// Loaded from an unencrypted PKCS#8 `PrivateKeyInfo` ([RFC 5208] section
/// 5), DER or PEM, or from a PKCS#12 file with [`KeyBundle::from_pkcs12`].
/// RSA and ECDSA sign on aws-lc-rs (constant-time); with only the
/// `rustcrypto` backend, ECDSA signs on the `p256` and `p384` crates and RSA signing is
/// refused with [`Error::SigningUnavailable`] (the `rsa` crate's private-key
/// operations are not constant-time, RUSTSEC-2023-0071). GOST signs on this
/// crate's constant-time implementation with the formats of the national CA
/// (`r || s`, little-endian).
///
/// [RFC 5208]: https://www.rfc-editor.org/rfc/rfc5208#section-5
pub struct SigningKey {
    key: KeyPair,
    algorithm: SignatureAlgorithm,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Loads a PKCS#8 private key, DER or PEM (`-----BEGIN PRIVATE KEY-----`).
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] (`what: "private key"`) for input that does not
    /// decode, [`Error::UnsupportedPrivateKey`] for another key type, curve
    /// or format (encrypted PKCS#8, PKCS#1, SEC1), and
    /// [`Error::SigningUnavailable`] for an RSA key without the aws-lc
    /// backend.
    pub fn from_pkcs8(input: &[u8]) -> Result<Self, Error> {
        if input.first() == Some(&0x30) {
            Self::from_pkcs8_der(input)
        } else {
            Self::from_pkcs8_pem(input)
        }
    }

    /// Loads a DER PKCS#8 `PrivateKeyInfo` ([RFC 5208] section 5, [RFC 5958]
    /// section 2).
    ///
    /// # Errors
    ///
    /// As [`SigningKey::from_pkcs8`].
    ///
    /// [RFC 5208]: https://www.rfc-editor.org/rfc/rfc5208#section-5
    /// [RFC 5958]: https://www.rfc-editor.org/rfc/rfc5958#section-2
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, Error> {
        pkcs8::decode(der)
    }

    /// Loads a PEM PKCS#8 key (`-----BEGIN PRIVATE KEY-----`, [RFC 7468]
    /// section 10).
    ///
    /// # Errors
    ///
    /// As [`SigningKey::from_pkcs8`].
    ///
    /// [RFC 7468]: https://www.rfc-editor.org/rfc/rfc7468#section-10
    pub fn from_pkcs8_pem(pem: &[u8]) -> Result<Self, Error> {
        use rustls_pki_types::pem::PemObject as _;
        use rustls_pki_types::PrivatePkcs8KeyDer;
        let text = String::from_utf8_lossy(pem);
        for other in ["ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"] {
            if text.contains(&format!("-----BEGIN {other}-----")) {
                return Err(Error::UnsupportedPrivateKey {
                    detail: format!("PEM {other}: only unencrypted PKCS#8 (PRIVATE KEY) is read"),
                });
            }
        }
        let der = PrivatePkcs8KeyDer::from_pem_slice(pem).map_err(|e| Error::Malformed {
            what: "private key",
            detail: format!("no PKCS#8 PEM block: {e}"),
        })?;
        Self::from_pkcs8_der(der.secret_pkcs8_der())
    }

    /// Makes an RSA key sign with RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte
    /// salt, [RFC 8017] section 8.1) instead of PKCS#1 v1.5.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedPrivateKey`] if the key is not RSA.
    ///
    /// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017#section-8.1
    pub fn with_rsa_pss(mut self) -> Result<Self, Error> {
        match self.algorithm {
            SignatureAlgorithm::RsaPkcs1(_) | SignatureAlgorithm::RsaPss(_) => {
                self.algorithm = SignatureAlgorithm::RsaPss(HashAlgorithm::Sha256);
                Ok(self)
            }
            _ => Err(Error::UnsupportedPrivateKey {
                detail: "RSA-PSS needs an RSA key".to_owned(),
            }),
        }
    }

    /// Checks that this key is the private half of the certificate's public
    /// key (same RSA modulus and exponent, same EC point, or d*G = Q for
    /// GOST, on the same curve).
    ///
    /// # Errors
    ///
    /// [`Error::KeyCertificateMismatch`] if it is not.
    pub fn check_certificate(&self, cert: &Certificate) -> Result<(), Error> {
        if pkcs8::public_key_matches(self, cert.spki()) {
            Ok(())
        } else {
            Err(Error::KeyCertificateMismatch {
                subject: cert.subject().to_owned(),
            })
        }
    }
}

impl Signer for SigningKey {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let failed = || Error::SigningUnavailable {
            detail: "the signing backend failed".to_owned(),
        };
        match &self.key {
            #[cfg(feature = "aws-lc")]
            KeyPair::Rsa(k) => {
                use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RSA_PSS_SHA256};
                let rng = aws_lc_rs::rand::SystemRandom::new();
                let mut sig = vec![0; k.public_modulus_len()];
                let padding: &dyn aws_lc_rs::signature::RsaEncoding = match self.algorithm {
                    SignatureAlgorithm::RsaPss(_) => &RSA_PSS_SHA256,
                    _ => &RSA_PKCS1_SHA256,
                };
                k.sign(padding, &rng, message, &mut sig)
                    .map_err(|_| failed())?;
                Ok(sig)
            }
            #[cfg(feature = "aws-lc")]
            KeyPair::P256(k) | KeyPair::P384(k) => {
                let rng = aws_lc_rs::rand::SystemRandom::new();
                Ok(k.sign(&rng, message)
                    .map_err(|_| failed())?
                    .as_ref()
                    .to_vec())
            }
            #[cfg(all(feature = "rustcrypto", not(feature = "aws-lc")))]
            KeyPair::P256(k) => {
                use p256::ecdsa::signature::Signer as _;
                let sig: p256::ecdsa::Signature = k.try_sign(message).map_err(|_| failed())?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
            #[cfg(all(feature = "rustcrypto", not(feature = "aws-lc")))]
            KeyPair::P384(k) => {
                use p384::ecdsa::signature::Signer as _;
                let sig: p384::ecdsa::Signature = k.try_sign(message).map_err(|_| failed())?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
            KeyPair::Gost(k) => k.sign(message),
        }
    }
}
