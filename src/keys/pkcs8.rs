//! PKCS#8 `PrivateKeyInfo` ([RFC 5208] section 5, [RFC 5958] section 2)
//! for RSA, EC P-256 and P-384 and the Kazakh GOST keys, and the check that a key
//! matches a certificate's SubjectPublicKeyInfo.
//!
//! ```text
//! PrivateKeyInfo ::= SEQUENCE {
//!   version                   INTEGER (0 | 1),
//!   privateKeyAlgorithm       AlgorithmIdentifier,
//!   privateKey                OCTET STRING,
//!   attributes           [0]  IMPLICIT Attributes OPTIONAL,
//!   publicKey            [1]  IMPLICIT BIT STRING OPTIONAL }
//! ```
//!
//! The GOST private key of the national CA's PKCS#12 files is
//! `privateKey = OCTET STRING { OCTET STRING { d } }` with d
//! **little-endian** (64 bytes for 2015-512, 32 for 2004), as the public
//! key and signatures are; shown by d*G = Q against the certificate of
//! every GOST test key in test-vectors/third-party/kz. An INTEGER (big-endian, the
//! RFC 9215 form) is read too. Algorithm parameters:
//! `SEQUENCE { publicKeyParamSet, digestParamSet OPTIONAL }` as in the
//! certificates.
//!
//! [RFC 5208]: https://www.rfc-editor.org/rfc/rfc5208#section-5
//! [RFC 5958]: https://www.rfc-editor.org/rfc/rfc5958#section-2

use super::{KeyPair, SigningKey};
use crate::algorithm::gost::{oid as gost_oid, GostCurve, GostPrivateKey};
use crate::algorithm::{HashAlgorithm, SignatureAlgorithm};
use crate::asn1::ber::{self, Reader};
use crate::error::Error;

/// rsaEncryption 1.2.840.113549.1.1.1
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// id-ecPublicKey 1.2.840.10045.2.1
const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// prime256v1 1.2.840.10045.3.1.7
const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// secp384r1 1.3.132.0.34
const P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

fn malformed(detail: &str) -> Error {
    Error::Malformed {
        what: "private key",
        detail: detail.to_owned(),
    }
}

fn unsupported(detail: impl Into<String>) -> Error {
    Error::UnsupportedPrivateKey {
        detail: detail.into(),
    }
}

/// The parts of a PrivateKeyInfo this module uses.
struct PrivateKeyInfo<'a> {
    algorithm: &'a [u8],
    /// The parameters element (whole TLV), if any.
    params: Option<ber::Tlv<'a>>,
    private_key: &'a [u8],
}

fn parse(der: &[u8]) -> Result<PrivateKeyInfo<'_>, Error> {
    let bad = |_| malformed("not a DER PKCS#8 PrivateKeyInfo");
    let mut outer = Reader::new(der);
    let body = outer.expect(ber::SEQUENCE).map_err(bad)?;
    outer.finish("PrivateKeyInfo").map_err(bad)?;
    let mut r = Reader::new(body);
    let version = r.expect(ber::INTEGER).map_err(bad)?;
    if version != [0] && version != [1] {
        return Err(malformed("PrivateKeyInfo version must be 0 or 1"));
    }
    let alg = r.expect(ber::SEQUENCE).map_err(bad)?;
    let mut a = Reader::new(alg);
    let algorithm = a.expect(ber::OID).map_err(bad)?;
    let params = if a.is_empty() {
        None
    } else {
        Some(a.read().map_err(bad)?)
    };
    a.finish("AlgorithmIdentifier").map_err(bad)?;
    let private_key = r.expect(ber::OCTET_STRING).map_err(bad)?;
    // attributes [0] and publicKey [1] may follow; they are not needed.
    Ok(PrivateKeyInfo {
        algorithm,
        params,
        private_key,
    })
}

/// Decodes a PKCS#8 key into a [`SigningKey`].
pub(super) fn decode(der: &[u8]) -> Result<SigningKey, Error> {
    let info = parse(der)?;
    match info.algorithm {
        RSA_ENCRYPTION => rsa(der),
        EC_PUBLIC_KEY => {
            let curve = info
                .params
                .filter(|p| p.tag == ber::OID)
                .map(|p| p.content)
                .ok_or_else(|| unsupported("EC key without a named curve"))?;
            match curve {
                P256 => p256(der),
                P384 => p384(der),
                _ => Err(unsupported(format!(
                    "EC curve {} (only P-256 and P-384 sign)",
                    ber::oid_string(curve)
                ))),
            }
        }
        gost_oid::GOST2015_512_KEY | gost_oid::GOST2004_KEY | gost_oid::GOST2015_256_KEY => {
            gost(&info)
        }
        other => Err(unsupported(format!(
            "private key algorithm {}",
            ber::oid_string(other)
        ))),
    }
}

#[cfg(feature = "aws-lc")]
fn rsa(der: &[u8]) -> Result<SigningKey, Error> {
    let key = aws_lc_rs::rsa::KeyPair::from_pkcs8(der)
        .map_err(|e| malformed(&format!("RSA key rejected: {e}")))?;
    Ok(SigningKey {
        key: KeyPair::Rsa(key),
        algorithm: SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha256),
    })
}

#[cfg(not(feature = "aws-lc"))]
fn rsa(_der: &[u8]) -> Result<SigningKey, Error> {
    Err(Error::SigningUnavailable {
        detail: "RSA signing needs the aws-lc backend (the rsa crate's private-key \
                 operations are not constant-time, RUSTSEC-2023-0071)"
            .to_owned(),
    })
}

#[cfg(feature = "aws-lc")]
fn p256(der: &[u8]) -> Result<SigningKey, Error> {
    use aws_lc_rs::signature::{EcdsaKeyPair, ECDSA_P256_SHA256_ASN1_SIGNING};
    let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, der)
        .map_err(|e| malformed(&format!("P-256 key rejected: {e}")))?;
    Ok(SigningKey {
        key: KeyPair::P256(key),
        algorithm: SignatureAlgorithm::Ecdsa(HashAlgorithm::Sha256),
    })
}

#[cfg(all(feature = "rustcrypto", not(feature = "aws-lc")))]
fn p256(der: &[u8]) -> Result<SigningKey, Error> {
    use p256::pkcs8::DecodePrivateKey as _;
    let key = p256::ecdsa::SigningKey::from_pkcs8_der(der)
        .map_err(|e| malformed(&format!("P-256 key rejected: {e}")))?;
    Ok(SigningKey {
        key: KeyPair::P256(key),
        algorithm: SignatureAlgorithm::Ecdsa(HashAlgorithm::Sha256),
    })
}

#[cfg(not(any(feature = "aws-lc", feature = "rustcrypto")))]
fn p256(_der: &[u8]) -> Result<SigningKey, Error> {
    Err(Error::SigningUnavailable {
        detail: "ECDSA signing needs the aws-lc or rustcrypto backend".to_owned(),
    })
}

#[cfg(feature = "aws-lc")]
fn p384(der: &[u8]) -> Result<SigningKey, Error> {
    use aws_lc_rs::signature::{EcdsaKeyPair, ECDSA_P384_SHA384_ASN1_SIGNING};
    let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P384_SHA384_ASN1_SIGNING, der)
        .map_err(|e| malformed(&format!("P-384 key rejected: {e}")))?;
    Ok(SigningKey {
        key: KeyPair::P384(key),
        algorithm: SignatureAlgorithm::Ecdsa(HashAlgorithm::Sha384),
    })
}

#[cfg(all(feature = "rustcrypto", not(feature = "aws-lc")))]
fn p384(der: &[u8]) -> Result<SigningKey, Error> {
    use p384::pkcs8::DecodePrivateKey as _;
    let key = p384::ecdsa::SigningKey::from_pkcs8_der(der)
        .map_err(|e| malformed(&format!("P-384 key rejected: {e}")))?;
    Ok(SigningKey {
        key: KeyPair::P384(key),
        algorithm: SignatureAlgorithm::Ecdsa(HashAlgorithm::Sha384),
    })
}

#[cfg(not(any(feature = "aws-lc", feature = "rustcrypto")))]
fn p384(_der: &[u8]) -> Result<SigningKey, Error> {
    Err(Error::SigningUnavailable {
        detail: "ECDSA signing needs the aws-lc or rustcrypto backend".to_owned(),
    })
}

/// The curve named by a GOST key's algorithm OID and parameters.
fn gost_curve(algorithm: &[u8], params: Option<ber::Tlv<'_>>) -> Result<GostCurve, Error> {
    let params = params
        .filter(|p| p.tag == ber::SEQUENCE)
        .ok_or_else(|| unsupported("GOST key without a parameter set"))?;
    let bad = |_| malformed("bad GOST key parameters");
    let mut r = Reader::new(params.content);
    let param_set = r.expect(ber::OID).map_err(bad)?;
    let digest = r.optional(ber::OID).map_err(bad)?.map(|t| t.content);
    if !r.is_empty() {
        return Err(unsupported(
            "GOST key parameters with an encryption parameter set",
        ));
    }
    match algorithm {
        gost_oid::GOST2015_512_KEY
            if param_set == gost_oid::GOST2015_512_PARAMS_A
                && digest.is_none_or(|d| d == gost_oid::STREEBOG512) =>
        {
            Ok(GostCurve::Tc26_512A)
        }
        gost_oid::GOST2004_KEY
            if param_set == gost_oid::GOST2004_PARAMS_A
                && digest.is_none_or(|d| {
                    d == gost_oid::GOST34311_PARAMS || d == gost_oid::GOST34311
                }) =>
        {
            Ok(GostCurve::CryptoProA)
        }
        gost_oid::GOST2015_256_KEY => Err(unsupported(
            "GOST 34.10-2015 256-bit keys are not supported (no real key to confirm \
             their conventions)",
        )),
        _ => Err(unsupported(format!(
            "GOST key {} with parameters {}",
            ber::oid_string(algorithm),
            ber::oid_string(param_set)
        ))),
    }
}

fn gost(info: &PrivateKeyInfo<'_>) -> Result<SigningKey, Error> {
    let curve = gost_curve(info.algorithm, info.params)?;
    let len = curve.field_len();
    let bad = |_| malformed("GOST private key is neither an OCTET STRING nor an INTEGER");
    let mut r = Reader::new(info.private_key);
    let inner = r.read().map_err(bad)?;
    r.finish("GOST private key").map_err(bad)?;
    let d = match inner.tag {
        // The national CA's form: little-endian.
        ber::OCTET_STRING => zeroize::Zeroizing::new(inner.content.to_vec()),
        // RFC 9215 form: a positive INTEGER, big-endian.
        ber::INTEGER => {
            let be = match inner.content {
                [0, rest @ ..] if rest.first().is_some_and(|b| b & 0x80 != 0) => rest,
                [b, ..] if b & 0x80 != 0 => return Err(malformed("negative GOST private key")),
                all => all,
            };
            if be.len() > len {
                return Err(malformed("GOST private key too long"));
            }
            let mut le = zeroize::Zeroizing::new(vec![0u8; len]);
            for (dst, src) in le.iter_mut().zip(be.iter().rev()) {
                *dst = *src;
            }
            le
        }
        _ => {
            return Err(malformed(
                "GOST private key is neither an OCTET STRING nor an INTEGER",
            ))
        }
    };
    let key = GostPrivateKey::from_le_bytes(curve, &d)?;
    Ok(SigningKey {
        key: KeyPair::Gost(key),
        algorithm: curve.signature_algorithm(),
    })
}

/// The algorithm OID and the BIT STRING content of a SubjectPublicKeyInfo.
fn spki_parts(spki: &[u8]) -> Option<(&[u8], Option<ber::Tlv<'_>>, &[u8])> {
    let mut outer = Reader::new(spki);
    let body = outer.expect(ber::SEQUENCE).ok()?;
    let mut r = Reader::new(body);
    let alg = r.expect(ber::SEQUENCE).ok()?;
    let mut a = Reader::new(alg);
    let oid = a.expect(ber::OID).ok()?;
    let params = if a.is_empty() { None } else { a.read().ok() };
    let bits = r.expect(0x03).ok()?;
    match bits.split_first() {
        Some((0, key)) => Some((oid, params, key)),
        _ => None,
    }
}

/// Whether the key's public half is the SubjectPublicKeyInfo's key.
pub(super) fn public_key_matches(key: &SigningKey, spki: &[u8]) -> bool {
    let Some((oid, params, bits)) = spki_parts(spki) else {
        return false;
    };
    match &key.key {
        #[cfg(feature = "aws-lc")]
        KeyPair::Rsa(k) => {
            use aws_lc_rs::signature::KeyPair as _;
            oid == RSA_ENCRYPTION && k.public_key().as_ref() == bits
        }
        #[cfg(feature = "aws-lc")]
        KeyPair::P256(k) => {
            use aws_lc_rs::signature::KeyPair as _;
            oid == EC_PUBLIC_KEY
                && params.is_some_and(|p| p.tag == ber::OID && p.content == P256)
                && k.public_key().as_ref() == bits
        }
        #[cfg(all(feature = "rustcrypto", not(feature = "aws-lc")))]
        KeyPair::P256(k) => {
            oid == EC_PUBLIC_KEY
                && params.is_some_and(|p| p.tag == ber::OID && p.content == P256)
                && k.verifying_key().to_encoded_point(false).as_bytes() == bits
        }
        #[cfg(feature = "aws-lc")]
        KeyPair::P384(k) => {
            use aws_lc_rs::signature::KeyPair as _;
            oid == EC_PUBLIC_KEY
                && params.is_some_and(|p| p.tag == ber::OID && p.content == P384)
                && k.public_key().as_ref() == bits
        }
        #[cfg(all(feature = "rustcrypto", not(feature = "aws-lc")))]
        KeyPair::P384(k) => {
            oid == EC_PUBLIC_KEY
                && params.is_some_and(|p| p.tag == ber::OID && p.content == P384)
                && k.verifying_key().to_encoded_point(false).as_bytes() == bits
        }
        KeyPair::Gost(k) => {
            let Ok(curve) = gost_curve(oid, params) else {
                return false;
            };
            let mut r = Reader::new(bits);
            let point = r.expect(ber::OCTET_STRING).ok();
            curve == k.curve() && r.is_empty() && point == Some(k.public_point())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_junk() {
        assert!(matches!(decode(&[]), Err(Error::Malformed { .. })));
        assert!(matches!(
            decode(&[0x30, 0x03, 0x02, 0x01, 0x05]),
            Err(Error::Malformed { .. })
        ));
        // version 0, algorithm 1.2.3, empty key
        let unknown = [
            0x30, 0x0b, 0x02, 0x01, 0x00, 0x30, 0x04, 0x06, 0x02, 0x2a, 0x03, 0x04, 0x00,
        ];
        assert!(matches!(
            decode(&unknown),
            Err(Error::UnsupportedPrivateKey { .. })
        ));
    }
}
