//! The pure-Rust backend on the RustCrypto crates (rsa, p256, p384, sha1,
//! sha2).

use p256::ecdsa::signature::hazmat::PrehashVerifier;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Pkcs1v15Sign, RsaPublicKey};
use sha2::Digest;

use super::key::RSA_MAX_BITS;
use super::{check, Checked, Curve, EcdsaEncoding, HashAlgorithm, RsaKey, SignatureAlgorithm};
use super::{PreparedKey, SignatureVerifier};
use crate::error::Error;

/// Verifies signatures with the pure-Rust
/// [RustCrypto](https://github.com/RustCrypto) crates.
#[derive(Debug, Clone, Copy, Default)]
pub struct RustCrypto;

impl SignatureVerifier for RustCrypto {
    fn name(&self) -> &'static str {
        "rustcrypto"
    }

    /// GOST keys only (the same pure-Rust code as `verify`); RSA and ECDSA
    /// keys are decoded per call.
    fn prepare(&self, algorithm: SignatureAlgorithm, spki: &[u8]) -> Option<Box<dyn PreparedKey>> {
        match check(algorithm, spki).ok()? {
            Checked::Gost { key, hash } => crate::algorithm::gost::prepare(key, hash)
                .map(|k| Box::new(k) as Box<dyn PreparedKey>),
            _ => None,
        }
    }

    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        spki: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        match check(algorithm, spki)? {
            // GOST is pure Rust, the same code in every backend.
            Checked::Gost { key, hash } => {
                crate::algorithm::gost::verify(key, hash, message, signature)
            }
            Checked::RsaPkcs1 { key, hash } => {
                let key = rsa_public_key(key, signature)?;
                let scheme = match hash {
                    HashAlgorithm::Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
                    HashAlgorithm::Sha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
                    HashAlgorithm::Sha384 => Pkcs1v15Sign::new::<sha2::Sha384>(),
                    HashAlgorithm::Sha512 => Pkcs1v15Sign::new::<sha2::Sha512>(),
                    // Refused by `check`.
                    _ => return Err(unsupported(algorithm)),
                };
                let hashed = digest(hash, message).ok_or_else(|| unsupported(algorithm))?;
                key.verify(scheme, &hashed, signature)
                    .map_err(|_| Error::InvalidSignature)
            }
            Checked::RsaPss {
                key,
                hash,
                salt_len,
            } => {
                let key = rsa_public_key(key, signature)?;
                // RSAVP1 (RFC 8017 section 5.2.2): m = s^e mod n, as an
                // octet string of the modulus length; then EMSA-PSS-VERIFY
                // (MGF1 with the same hash, the stated salt length).
                let m = BigUint::from_bytes_be(signature).modpow(key.e(), key.n());
                let m = m.to_bytes_be();
                let k = key.size();
                let mut em = vec![0u8; k.saturating_sub(m.len())];
                em.extend_from_slice(&m);
                let hashed = digest(hash, message).ok_or_else(|| unsupported(algorithm))?;
                super::pss::verify(&hashed, &em, key.n().bits(), hash, salt_len)
            }
            Checked::Ecdsa {
                key,
                hash,
                encoding,
            } => {
                let prehash = digest(hash, message).ok_or_else(|| unsupported(algorithm))?;
                // A point that is not on the curve cannot verify anything:
                // an invalid signature, as with aws-lc-rs.
                match key.curve {
                    Curve::P256 => {
                        let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(key.point)
                            .map_err(|_| Error::InvalidSignature)?;
                        let sig = match encoding {
                            EcdsaEncoding::Der => p256::ecdsa::Signature::from_der(signature),
                            EcdsaEncoding::Fixed => p256::ecdsa::Signature::from_slice(signature),
                        }
                        .map_err(|_| Error::InvalidSignature)?;
                        vk.verify_prehash(&prehash, &sig)
                            .map_err(|_| Error::InvalidSignature)
                    }
                    Curve::P384 => {
                        let vk = p384::ecdsa::VerifyingKey::from_sec1_bytes(key.point)
                            .map_err(|_| Error::InvalidSignature)?;
                        let sig = match encoding {
                            EcdsaEncoding::Der => p384::ecdsa::Signature::from_der(signature),
                            EcdsaEncoding::Fixed => p384::ecdsa::Signature::from_slice(signature),
                        }
                        .map_err(|_| Error::InvalidSignature)?;
                        vk.verify_prehash(&prehash, &sig)
                            .map_err(|_| Error::InvalidSignature)
                    }
                }
            }
        }
    }
}

/// Build the rsa crate's key (the size and exponent were checked by
/// `check`) and check that the signature is an integer below the modulus,
/// encoded on exactly the modulus length ([RFC 8017] sections 8.1.2 and
/// 8.2.2, step 1; rsa's PSS verification does not check the range).
///
/// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017#section-8.1.2
fn rsa_public_key(key: RsaKey<'_>, signature: &[u8]) -> Result<RsaPublicKey, Error> {
    let n = BigUint::from_bytes_be(key.n);
    let e = BigUint::from_bytes_be(key.e);
    let key = RsaPublicKey::new_with_max_size(n, e, RSA_MAX_BITS).map_err(|err| {
        Error::UnsupportedPublicKey {
            detail: format!("RSA key refused: {err}"),
        }
    })?;
    if signature.len() != key.size() || BigUint::from_bytes_be(signature) >= *key.n() {
        return Err(Error::InvalidSignature);
    }
    Ok(key)
}

/// Hash `message` with a SHA hash (`None` for the GOST hashes, which only
/// the GOST algorithms use).
fn digest(hash: HashAlgorithm, message: &[u8]) -> Option<Vec<u8>> {
    match hash {
        HashAlgorithm::Sha1 => Some(sha1::Sha1::digest(message).to_vec()),
        HashAlgorithm::Sha256 => Some(sha2::Sha256::digest(message).to_vec()),
        HashAlgorithm::Sha384 => Some(sha2::Sha384::digest(message).to_vec()),
        HashAlgorithm::Sha512 => Some(sha2::Sha512::digest(message).to_vec()),
        _ => None,
    }
}

/// For pairings `check` already refuses (kept so a future change there
/// cannot turn into a pass).
fn unsupported(algorithm: SignatureAlgorithm) -> Error {
    Error::UnsupportedSignatureAlgorithm {
        oid: format!("({} is not implemented)", algorithm.name()),
    }
}
