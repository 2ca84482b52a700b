//! Message digests for SignedData: the messageDigest attribute (RFC 5652
//! section 11.2) and the certificate hashes of ESS signingCertificate
//! attributes (RFC 2634 section 5.4, RFC 5035 section 3).
//!
//! With the feature "aws-lc" the hashes come from aws-lc-rs, else from the
//! RustCrypto `sha1`/`sha2` crates.

use crate::algorithm::HashAlgorithm;
use crate::error::Error;

/// sha1 (RFC 3370 section 2.1): 1.3.14.3.2.26.
const SHA1: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
/// sha256 (RFC 5754 section 2): 2.16.840.1.101.3.4.2.1.
const SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
/// sha384: 2.16.840.1.101.3.4.2.2.
const SHA384: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02];
/// sha512: 2.16.840.1.101.3.4.2.3.
const SHA512: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03];

/// GOST 34.311-95 (GOST R 34.11-94, "test" S-box): 1.2.398.3.10.1.3.1.
const GOST94: &[u8] = &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x03, 0x01];
/// Streebog-256 (GOST 34.11-2015): 1.2.398.3.10.1.3.2.
const STREEBOG256: &[u8] = &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x03, 0x02];
/// Streebog-512 (GOST 34.11-2015): 1.2.398.3.10.1.3.3.
const STREEBOG512: &[u8] = &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x03, 0x03];

/// The hash a DigestAlgorithmIdentifier's OID (content octets) names, if
/// this library implements it.
pub(crate) fn hash_from_oid(oid: &[u8]) -> Option<HashAlgorithm> {
    match oid {
        SHA1 => Some(HashAlgorithm::Sha1),
        SHA256 => Some(HashAlgorithm::Sha256),
        SHA384 => Some(HashAlgorithm::Sha384),
        SHA512 => Some(HashAlgorithm::Sha512),
        GOST94 => Some(HashAlgorithm::Gost94),
        STREEBOG256 => Some(HashAlgorithm::Streebog256),
        STREEBOG512 => Some(HashAlgorithm::Streebog512),
        _ => None,
    }
}

/// Hashes `data` with `alg`.
///
/// # Errors
///
/// [`Error::UnsupportedSignatureAlgorithm`] for a hash this module does not
/// implement (fail closed).
#[cfg(feature = "aws-lc")]
pub(crate) fn digest(alg: HashAlgorithm, data: &[u8]) -> Result<Vec<u8>, Error> {
    use aws_lc_rs::digest;
    let algorithm = match alg {
        HashAlgorithm::Sha1 => &digest::SHA1_FOR_LEGACY_USE_ONLY,
        HashAlgorithm::Sha256 => &digest::SHA256,
        HashAlgorithm::Sha384 => &digest::SHA384,
        HashAlgorithm::Sha512 => &digest::SHA512,
        other => return super::gost::digest(other, data).ok_or_else(|| unsupported(other)),
    };
    Ok(digest::digest(algorithm, data).as_ref().to_vec())
}

/// Hashes `data` with `alg`.
///
/// # Errors
///
/// [`Error::UnsupportedSignatureAlgorithm`] for a hash this module does not
/// implement (fail closed).
#[cfg(not(feature = "aws-lc"))]
pub(crate) fn digest(alg: HashAlgorithm, data: &[u8]) -> Result<Vec<u8>, Error> {
    use sha2::Digest as _;
    Ok(match alg {
        HashAlgorithm::Sha1 => sha1::Sha1::digest(data).to_vec(),
        HashAlgorithm::Sha256 => sha2::Sha256::digest(data).to_vec(),
        HashAlgorithm::Sha384 => sha2::Sha384::digest(data).to_vec(),
        HashAlgorithm::Sha512 => sha2::Sha512::digest(data).to_vec(),
        other => return super::gost::digest(other, data).ok_or_else(|| unsupported(other)),
    })
}

/// Whether `expected` is the `alg` digest of `data` (the messageDigest
/// check), without a heap copy of the digest where the backend gives one
/// on the stack.
///
/// # Errors
///
/// As [`digest`].
pub(crate) fn digest_is(alg: HashAlgorithm, data: &[u8], expected: &[u8]) -> Result<bool, Error> {
    #[cfg(feature = "aws-lc")]
    {
        use aws_lc_rs::digest as lc;
        let algorithm = match alg {
            HashAlgorithm::Sha256 => Some(&lc::SHA256),
            HashAlgorithm::Sha384 => Some(&lc::SHA384),
            HashAlgorithm::Sha512 => Some(&lc::SHA512),
            _ => None,
        };
        if let Some(algorithm) = algorithm {
            return Ok(lc::digest(algorithm, data).as_ref() == expected);
        }
    }
    Ok(digest(alg, data)? == expected)
}

fn unsupported(alg: HashAlgorithm) -> Error {
    Error::UnsupportedSignatureAlgorithm {
        oid: format!("digest {}", alg.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        // FIPS 180-4 examples: "abc".
        let sha256 = digest(HashAlgorithm::Sha256, b"abc").expect("sha256");
        assert_eq!(
            sha256[..4],
            [0xba, 0x78, 0x16, 0xbf],
            "SHA-256(\"abc\") starts ba7816bf"
        );
        let sha1 = digest(HashAlgorithm::Sha1, b"abc").expect("sha1");
        assert_eq!(sha1[..4], [0xa9, 0x99, 0x3e, 0x36]);
        assert_eq!(digest(HashAlgorithm::Sha384, b"").expect("384").len(), 48);
        assert_eq!(digest(HashAlgorithm::Sha512, b"").expect("512").len(), 64);
        assert_eq!(hash_from_oid(SHA512), Some(HashAlgorithm::Sha512));
        assert_eq!(hash_from_oid(STREEBOG512), Some(HashAlgorithm::Streebog512));
        assert_eq!(
            digest(HashAlgorithm::Streebog512, b"")
                .expect("streebog")
                .len(),
            64
        );
        assert_eq!(
            digest(HashAlgorithm::Gost94, b"").expect("gost94").len(),
            32
        );
        assert_eq!(
            hash_from_oid(&[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x03, 0x09]),
            None
        );
    }
}
