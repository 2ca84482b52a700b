//! The aws-lc-rs backend (the default).

use std::borrow::Cow;

use aws_lc_rs::signature::{
    self as sig, ParsedPublicKey, RsaParameters, RsaPssSaltLength, UnparsedPublicKey,
    VerificationAlgorithm,
};

use super::{check, Checked, Curve, EcdsaEncoding, HashAlgorithm, SignatureAlgorithm};
use super::{PreparedKey, SignatureVerifier};
use crate::asn1::push_len;
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
        match select(algorithm, spki)? {
            Selected::Gost { key, hash } => {
                crate::algorithm::gost::verify(key, hash, message, signature)
            }
            // AWS-LC's EMSA-PSS-VERIFY with the stated salt length (it
            // checks emLen >= hLen + sLen + 2 and the exact length).
            Selected::PssSalt { params, key } => params
                .verify_sig(key, message, signature)
                .map_err(|_| Error::InvalidSignature),
            Selected::Lc {
                alg,
                key,
                fixed_len,
            } => {
                let signature = match fixed_len {
                    None => Cow::Borrowed(signature),
                    Some(len) => Cow::Owned(fixed_to_der(signature, len)?),
                };
                run(alg, key, message, &signature)
            }
        }
    }

    fn prepare(&self, algorithm: SignatureAlgorithm, spki: &[u8]) -> Option<Box<dyn PreparedKey>> {
        match select(algorithm, spki).ok()? {
            Selected::Gost { key, hash } => crate::algorithm::gost::prepare(key, hash)
                .map(|k| Box::new(k) as Box<dyn PreparedKey>),
            // Verified through `verify` each time (the parameters are not
            // `'static`, as `ParsedPublicKey` needs).
            Selected::PssSalt { .. } => None,
            Selected::Lc {
                alg,
                key,
                fixed_len,
            } => Some(Box::new(Prepared {
                key: ParsedPublicKey::new(alg, key).ok()?,
                fixed_len,
            })),
        }
    }
}

/// A key parsed once by aws-lc-rs (its `EVP_PKEY`, with the RSA Montgomery
/// context computed on first use and kept).
#[derive(Debug)]
struct Prepared {
    key: ParsedPublicKey,
    /// `Some(field length)` for ECDSA signatures given as fixed-width r || s.
    fixed_len: Option<usize>,
}

impl PreparedKey for Prepared {
    fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), Error> {
        let signature = match self.fixed_len {
            None => Cow::Borrowed(signature),
            Some(len) => Cow::Owned(fixed_to_der(signature, len)?),
        };
        self.key
            .verify_sig(message, &signature)
            .map_err(|_| Error::InvalidSignature)
    }
}

/// What `check` accepted, mapped to aws-lc-rs.
enum Selected<'a> {
    /// GOST is pure Rust, the same code in every backend.
    Gost {
        key: crate::algorithm::gost::GostKey<'a>,
        hash: HashAlgorithm,
    },
    /// RSASSA-PSS with a salt length other than the hash length: aws-lc-rs
    /// parameters built for it, and the PKCS#1 key.
    PssSalt {
        params: RsaParameters,
        key: &'a [u8],
    },
    /// An aws-lc-rs algorithm and the key bytes it takes.
    Lc {
        alg: &'static dyn VerificationAlgorithm,
        key: &'a [u8],
        /// `Some(field length)` when the signature is fixed-width r || s.
        fixed_len: Option<usize>,
    },
}

fn select(algorithm: SignatureAlgorithm, spki: &[u8]) -> Result<Selected<'_>, Error> {
    Ok(match check(algorithm, spki)? {
        Checked::Gost { key, hash } => Selected::Gost { key, hash },
        Checked::RsaPkcs1 { key, hash } => {
            let alg: &'static dyn VerificationAlgorithm = match hash {
                HashAlgorithm::Sha1 => &sig::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
                HashAlgorithm::Sha256 => &sig::RSA_PKCS1_2048_8192_SHA256,
                HashAlgorithm::Sha384 => &sig::RSA_PKCS1_2048_8192_SHA384,
                HashAlgorithm::Sha512 => &sig::RSA_PKCS1_2048_8192_SHA512,
                // Refused by `check`.
                _ => return Err(unsupported(algorithm)),
            };
            Selected::Lc {
                alg,
                key: key.pkcs1,
                fixed_len: None,
            }
        }
        Checked::RsaPss {
            key,
            hash,
            salt_len,
        } if salt_len != hash.output_len() => {
            // MGF1 with the same hash; the salt length as stated (it fits
            // 16 bits: `check` refuses longer ones).
            let salt = u16::try_from(salt_len).map_err(|_| unsupported(algorithm))?;
            let base = match hash {
                HashAlgorithm::Sha256 => sig::RSA_PSS_2048_8192_SHA256,
                HashAlgorithm::Sha384 => sig::RSA_PSS_2048_8192_SHA384,
                HashAlgorithm::Sha512 => sig::RSA_PSS_2048_8192_SHA512,
                // Refused by `check`.
                _ => return Err(unsupported(algorithm)),
            };
            Selected::PssSalt {
                params: base.with_pss_salt_length(RsaPssSaltLength::Custom(salt)),
                key: key.pkcs1,
            }
        }
        Checked::RsaPss { key, hash, .. } => {
            // The aws-lc-rs PSS parameters use MGF1 with the same hash
            // and a salt as long as the hash.
            let alg: &'static dyn VerificationAlgorithm = match hash {
                HashAlgorithm::Sha256 => &sig::RSA_PSS_2048_8192_SHA256,
                HashAlgorithm::Sha384 => &sig::RSA_PSS_2048_8192_SHA384,
                HashAlgorithm::Sha512 => &sig::RSA_PSS_2048_8192_SHA512,
                // Refused by `check`.
                _ => return Err(unsupported(algorithm)),
            };
            Selected::Lc {
                alg,
                key: key.pkcs1,
                fixed_len: None,
            }
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
            let fixed_len = match encoding {
                EcdsaEncoding::Der => None,
                EcdsaEncoding::Fixed => Some(key.curve.field_len()),
            };
            Selected::Lc {
                alg,
                key: key.point,
                fixed_len,
            }
        }
    })
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
