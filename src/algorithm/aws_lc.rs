//! The aws-lc-rs backend (the default).

use std::borrow::Cow;

use aws_lc_rs::signature::{self as sig, UnparsedPublicKey, VerificationAlgorithm};

use super::SignatureVerifier;
use super::{check, Checked, Curve, EcdsaEncoding, HashAlgorithm, SignatureAlgorithm};
use crate::error::Error;

/// Verifies signatures with [aws-lc-rs](https://docs.rs/aws-lc-rs) (AWS-LC,
/// constant time, FIPS-validated code).
#[derive(Debug, Clone, Copy, Default)]
pub struct AwsLc;

impl SignatureVerifier for AwsLc {
    fn name(&self) -> &'static str {
        "aws-lc-rs"
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
            Checked::Gost { key, hash } => crate::gost::verify(key, hash, message, signature),
            Checked::RsaPkcs1 { key, hash } => {
                let alg: &'static dyn VerificationAlgorithm = match hash {
                    HashAlgorithm::Sha1 => &sig::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
                    HashAlgorithm::Sha256 => &sig::RSA_PKCS1_2048_8192_SHA256,
                    HashAlgorithm::Sha384 => &sig::RSA_PKCS1_2048_8192_SHA384,
                    HashAlgorithm::Sha512 => &sig::RSA_PKCS1_2048_8192_SHA512,
                    // Refused by `check`.
                    _ => return Err(unsupported(algorithm)),
                };
                run(alg, key.pkcs1, message, signature)
            }
            Checked::RsaPss { key, hash } => {
                // The aws-lc-rs PSS parameters use MGF1 with the same hash
                // and require a salt as long as the hash.
                let alg: &'static dyn VerificationAlgorithm = match hash {
                    HashAlgorithm::Sha256 => &sig::RSA_PSS_2048_8192_SHA256,
                    HashAlgorithm::Sha384 => &sig::RSA_PSS_2048_8192_SHA384,
                    HashAlgorithm::Sha512 => &sig::RSA_PSS_2048_8192_SHA512,
                    // Refused by `check`.
                    _ => return Err(unsupported(algorithm)),
                };
                run(alg, key.pkcs1, message, signature)
            }
            Checked::Ecdsa {
                key,
                hash,
                encoding,
            } => {
                let alg: &'static dyn VerificationAlgorithm = match (key.curve, hash) {
                    (Curve::P256, HashAlgorithm::Sha1) => &sig::ECDSA_P256_SHA1_ASN1,
                    (Curve::P256, HashAlgorithm::Sha256) => &sig::ECDSA_P256_SHA256_ASN1,
                    (Curve::P256, HashAlgorithm::Sha384) => &sig::ECDSA_P256_SHA384_ASN1,
                    (Curve::P256, HashAlgorithm::Sha512) => &sig::ECDSA_P256_SHA512_ASN1,
                    (Curve::P384, HashAlgorithm::Sha256) => &sig::ECDSA_P384_SHA256_ASN1,
                    (Curve::P384, HashAlgorithm::Sha384) => &sig::ECDSA_P384_SHA384_ASN1,
                    (Curve::P384, HashAlgorithm::Sha512) => &sig::ECDSA_P384_SHA512_ASN1,
                    // Refused by `check`.
                    _ => return Err(unsupported(algorithm)),
                };
                // aws-lc-rs has fixed-width algorithms only for the native
                // pairings, so r || s is re-encoded as DER for all of them.
                let signature = match encoding {
                    EcdsaEncoding::Der => Cow::Borrowed(signature),
                    EcdsaEncoding::Fixed => {
                        Cow::Owned(fixed_to_der(signature, key.curve.field_len())?)
                    }
                };
                run(alg, key.point, message, &signature)
            }
        }
    }
}

/// For pairings `check` already refuses (kept so a future change there
/// cannot turn into a pass).
fn unsupported(algorithm: SignatureAlgorithm) -> Error {
    Error::UnsupportedSignatureAlgorithm {
        oid: format!("({} is not implemented)", algorithm.name()),
    }
}

fn run(
    alg: &'static dyn VerificationAlgorithm,
    key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    UnparsedPublicKey::new(alg, key)
        .verify(message, signature)
        .map_err(|_| Error::InvalidSignature)
}

/// Re-encode a fixed-width `r || s` signature as a DER `Ecdsa-Sig-Value`
/// ([RFC 3279] section 2.2.3). A wrong length is an invalid signature.
///
/// [RFC 3279]: https://www.rfc-editor.org/rfc/rfc3279#section-2.2.3
fn fixed_to_der(signature: &[u8], field_len: usize) -> Result<Vec<u8>, Error> {
    if signature.len() != 2 * field_len {
        return Err(Error::InvalidSignature);
    }
    let (r, s) = signature.split_at(field_len);
    let mut body = Vec::with_capacity(2 * field_len + 6);
    push_integer(&mut body, r);
    push_integer(&mut body, s);
    let mut out = Vec::with_capacity(body.len() + 3);
    out.push(0x30);
    push_len(&mut out, body.len());
    out.extend_from_slice(&body);
    Ok(out)
}

fn push_integer(out: &mut Vec<u8>, magnitude: &[u8]) {
    let start = magnitude
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(magnitude.len().saturating_sub(1));
    let trimmed = &magnitude[start..];
    let pad = trimmed.first().is_some_and(|b| b & 0x80 != 0);
    out.push(0x02);
    push_len(out, trimmed.len() + usize::from(pad));
    if pad {
        out.push(0);
    }
    out.extend_from_slice(trimmed);
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else if len < 0x100 {
        out.extend_from_slice(&[0x81, len as u8]);
    } else {
        out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_to_der_encodes_minimal_integers() {
        let mut sig = vec![0u8; 64];
        sig[31] = 1; // r = 1
        sig[32] = 0x80; // s has the high bit set
        let der = fixed_to_der(&sig, 32).expect("length ok");
        assert_eq!(&der[..5], &[0x30, 0x26, 0x02, 0x01, 0x01]);
        assert_eq!(&der[5..8], &[0x02, 0x21, 0x00]);
        assert_eq!(der.len(), 2 + 3 + 35);
        assert_eq!(fixed_to_der(&sig[..63], 32), Err(Error::InvalidSignature));
        // Zero stays a one-byte INTEGER 0 (and then fails to verify).
        let zero = fixed_to_der(&[0u8; 64], 32).expect("length ok");
        assert_eq!(zero, vec![0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00]);
    }
}
