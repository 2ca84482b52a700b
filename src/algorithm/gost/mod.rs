//! Verification of the Kazakh GOST signatures.
//!
//! * GOST 34.10-2015 (Kazakhstan; the same algorithm as GOST R 34.10-2012,
//!   [RFC 7091]) with 512-bit keys on the curve
//!   id-tc26-gost-3410-12-512-paramSetA ([RFC 7836] appendix A.1) and the
//!   Streebog-512 hash (GOST 34.11-2015 = GOST R 34.11-2012, [RFC 6986]);
//! * GOST 34.310-2004 (the same algorithm as GOST R 34.10-2001, [RFC 5832])
//!   with 256-bit keys on id-GostR3410-2001-CryptoPro-A-ParamSet
//!   ([RFC 4357] section 11.4) and the GOST 34.311-95 hash (GOST R 34.11-94
//!   with the "test" S-box, [RFC 5831]).
//!
//! Byte conventions of the national CA (checked on its real certificates and
//! CRLs): the public key is an OCTET STRING holding `x || y`, the signature
//! is `r || s`, each coordinate and each half **little-endian**; the hash
//! output is read as a little-endian integer. This is the byte reverse of
//! [RFC 4491]'s big-endian `s || r`.
//!
//! The 256-bit GOST 34.10-2015 keys (key OID 1.2.398.3.10.1.1.2.1) are
//! refused as unsupported: no real certificate carries one to confirm their
//! conventions. Verification (here and in `curve`) is not constant-time: it
//! handles public data only. Signing (`sign`) has its own constant-time
//! arithmetic for the private key and the nonce.
//!
//! [RFC 4357]: https://www.rfc-editor.org/rfc/rfc4357#section-11.4
//! [RFC 4491]: https://www.rfc-editor.org/rfc/rfc4491#section-2.2.2
//! [RFC 5831]: https://www.rfc-editor.org/rfc/rfc5831
//! [RFC 5832]: https://www.rfc-editor.org/rfc/rfc5832
//! [RFC 6986]: https://www.rfc-editor.org/rfc/rfc6986
//! [RFC 7091]: https://www.rfc-editor.org/rfc/rfc7091
//! [RFC 7836]: https://www.rfc-editor.org/rfc/rfc7836#appendix-A.1

mod curve;
mod field;
mod inverse;
mod point;
mod prepared;
#[cfg(test)]
mod reference;
mod sign;
#[cfg(test)]
mod timing;

pub(crate) use prepared::prepare;
pub(crate) use sign::GostPrivateKey;

use crate::algorithm::{HashAlgorithm, SignatureAlgorithm};
use crate::error::Error;

use curve::{Gost, CPA, TC26};

/// Content bytes of the GOST OIDs.
pub(crate) mod oid {
    /// GOST 34.310-2004 key 1.2.398.3.10.1.1.1.1
    pub(crate) const GOST2004_KEY: &[u8] = &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x01, 0x01];
    /// GOST 34.310-2004 parameters 1.2.398.3.10.1.1.1.1.1 (CryptoPro-A curve)
    pub(crate) const GOST2004_PARAMS_A: &[u8] =
        &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x01, 0x01, 0x01];
    /// GOST 34.310-2004 signature with GOST 34.311-95, 1.2.398.3.10.1.1.1.2
    pub(crate) const GOST2004_SIGNATURE: &[u8] =
        &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x01, 0x02];
    /// GOST 34.10-2015 256-bit key 1.2.398.3.10.1.1.2.1
    pub(crate) const GOST2015_256_KEY: &[u8] =
        &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x02, 0x01];
    /// GOST 34.10-2015 512-bit key 1.2.398.3.10.1.1.2.2
    pub(crate) const GOST2015_512_KEY: &[u8] =
        &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x02, 0x02];
    /// GOST 34.10-2015 512-bit parameters 1.2.398.3.10.1.1.2.2.1
    /// (id-tc26-gost-3410-12-512-paramSetA)
    pub(crate) const GOST2015_512_PARAMS_A: &[u8] =
        &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x02, 0x02, 0x01];
    /// GOST 34.10-2015 256-bit signature with Streebog-256,
    /// 1.2.398.3.10.1.1.2.3.1
    pub(crate) const GOST2015_256_SIGNATURE: &[u8] =
        &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x02, 0x03, 0x01];
    /// GOST 34.10-2015 512-bit signature with Streebog-512,
    /// 1.2.398.3.10.1.1.2.3.2
    pub(crate) const GOST2015_512_SIGNATURE: &[u8] =
        &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x02, 0x03, 0x02];
    /// GOST 34.311-95 hash 1.2.398.3.10.1.3.1
    pub(crate) const GOST34311: &[u8] = &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x03, 0x01];
    /// GOST 34.311-95 hash parameters 1.2.398.3.10.1.3.1.1.0, named in
    /// GOST 34.310-2004 keys
    pub(crate) const GOST34311_PARAMS: &[u8] =
        &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x03, 0x01, 0x01, 0x00];
    /// Streebog-256 1.2.398.3.10.1.3.2
    pub(crate) const STREEBOG256: &[u8] = &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x03, 0x02];
    /// Streebog-512 1.2.398.3.10.1.3.3
    pub(crate) const STREEBOG512: &[u8] = &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x03, 0x03];
}

/// The GOST curves the library implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GostCurve {
    /// id-tc26-gost-3410-12-512-paramSetA ([RFC 7836] appendix A.1), used by
    /// GOST 34.10-2015 512-bit keys.
    ///
    /// [RFC 7836]: https://www.rfc-editor.org/rfc/rfc7836#appendix-A.1
    Tc26_512A,
    /// id-GostR3410-2001-CryptoPro-A-ParamSet ([RFC 4357] section 11.4),
    /// used by GOST 34.310-2004 keys.
    ///
    /// [RFC 4357]: https://www.rfc-editor.org/rfc/rfc4357#section-11.4
    CryptoProA,
}

impl GostCurve {
    /// Bytes in a coordinate, a scalar and a hash.
    pub(crate) fn field_len(self) -> usize {
        match self {
            GostCurve::Tc26_512A => 64,
            GostCurve::CryptoProA => 32,
        }
    }

    /// The one signature algorithm keys on this curve are used with.
    pub(crate) fn signature_algorithm(self) -> SignatureAlgorithm {
        match self {
            GostCurve::Tc26_512A => SignatureAlgorithm::Gost2015_512,
            GostCurve::CryptoProA => SignatureAlgorithm::Gost2004,
        }
    }
}

/// A GOST public key that passed the decoding checks: a known curve, and a
/// point of the right length with coordinates below p that lies on the
/// curve.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GostKey<'a> {
    /// Its curve.
    pub(crate) curve: GostCurve,
    /// `x || y`, each little-endian, `curve.field_len()` bytes.
    point: &'a [u8],
}

fn malformed_key(detail: &str) -> Error {
    Error::Malformed {
        what: "public key",
        detail: detail.to_owned(),
    }
}

fn unsupported_key(detail: &str) -> Error {
    Error::UnsupportedPublicKey {
        detail: detail.to_owned(),
    }
}

impl<'a> GostKey<'a> {
    /// Decode the key of a SubjectPublicKeyInfo whose algorithm OID is a
    /// GOST key OID (`key_oid`), given the OIDs in its parameters
    /// `SEQUENCE { publicKeyParamSet, digestParamSet OPTIONAL }` (as in
    /// [RFC 4491] section 2.3.1) and the content of its BIT STRING (without
    /// the unused-bits octet), which holds a DER OCTET STRING.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedPublicKey`] for a key OID or parameter set the
    /// library does not implement, [`Error::Malformed`] for a key of the
    /// wrong length, coordinates not below p or a point not on the curve.
    ///
    /// [RFC 4491]: https://www.rfc-editor.org/rfc/rfc4491#section-2.3.1
    pub(crate) fn decode(
        key_oid: &[u8],
        param_set: Option<&[u8]>,
        digest_params: Option<&[u8]>,
        key: &'a [u8],
    ) -> Result<Self, Error> {
        let curve = match key_oid {
            oid::GOST2015_512_KEY => {
                if param_set != Some(oid::GOST2015_512_PARAMS_A) {
                    return Err(unsupported_key(
                        "GOST 34.10-2015 512-bit key with parameters other than \
                         1.2.398.3.10.1.1.2.2.1 (id-tc26-gost-3410-12-512-paramSetA)",
                    ));
                }
                if digest_params.is_some_and(|d| d != oid::STREEBOG512) {
                    return Err(unsupported_key(
                        "GOST 34.10-2015 512-bit key with a digest other than Streebog-512",
                    ));
                }
                GostCurve::Tc26_512A
            }
            oid::GOST2004_KEY => {
                if param_set != Some(oid::GOST2004_PARAMS_A) {
                    return Err(unsupported_key(
                        "GOST 34.310-2004 key with parameters other than \
                         1.2.398.3.10.1.1.1.1.1 (CryptoPro-A curve)",
                    ));
                }
                if digest_params.is_some_and(|d| d != oid::GOST34311_PARAMS && d != oid::GOST34311)
                {
                    return Err(unsupported_key(
                        "GOST 34.310-2004 key with a digest other than GOST 34.311-95",
                    ));
                }
                GostCurve::CryptoProA
            }
            oid::GOST2015_256_KEY => {
                return Err(unsupported_key(
                    "GOST 34.10-2015 256-bit keys (1.2.398.3.10.1.1.2.1) are not supported \
                     (no real certificate to confirm their conventions)",
                ))
            }
            _ => return Err(unsupported_key("not a GOST key")),
        };
        let point = octet_string(key).ok_or_else(|| {
            malformed_key("a GOST public key must be a DER OCTET STRING in the BIT STRING")
        })?;
        if point.len() != 2 * curve.field_len() {
            return Err(malformed_key("GOST public key of the wrong length"));
        }
        let on_curve = match curve {
            GostCurve::Tc26_512A => TC26.decode_point(point).is_some(),
            GostCurve::CryptoProA => CPA.decode_point(point).is_some(),
        };
        if !on_curve {
            return Err(malformed_key("GOST public key point is not on the curve"));
        }
        Ok(GostKey { curve, point })
    }
}

/// The content of a whole DER OCTET STRING (tag 0x04, definite minimal
/// length up to 0xffff).
fn octet_string(der: &[u8]) -> Option<&[u8]> {
    let (&tag, rest) = der.split_first()?;
    if tag != 0x04 {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = match first {
        n if n < 0x80 => (usize::from(n), rest),
        0x81 => {
            let (&n, rest) = rest.split_first()?;
            if n < 0x80 {
                return None;
            }
            (usize::from(n), rest)
        }
        0x82 => {
            let (bytes, rest) = rest.split_at_checked(2)?;
            let n = usize::from(bytes[0]) << 8 | usize::from(bytes[1]);
            if n < 0x100 {
                return None;
            }
            (n, rest)
        }
        _ => return None,
    };
    (rest.len() == len).then_some(rest)
}

/// Hash `message` with a GOST hash: Streebog ([RFC 6986]) or GOST R 34.11-94
/// with the "test" S-box ([RFC 5831]). The output is the bytes as the hash
/// functions define them (the integer's little-endian encoding). `None` for
/// a non-GOST hash.
///
/// [RFC 5831]: https://www.rfc-editor.org/rfc/rfc5831
/// [RFC 6986]: https://www.rfc-editor.org/rfc/rfc6986
pub(crate) fn digest(hash: HashAlgorithm, message: &[u8]) -> Option<Vec<u8>> {
    use gost94::Digest as _;
    match hash {
        HashAlgorithm::Streebog256 => Some(streebog::Streebog256::digest(message).to_vec()),
        HashAlgorithm::Streebog512 => Some(streebog::Streebog512::digest(message).to_vec()),
        HashAlgorithm::Gost94 => Some(gost94::Gost94Test::digest(message).to_vec()),
        _ => None,
    }
}

/// Verify a GOST signature (`r || s`, little-endian) over `message` with the
/// key, per GOST R 34.10 ([RFC 7091] section 6.2, [RFC 5832] section 6.2).
///
/// # Errors
///
/// [`Error::InvalidSignature`] for a signature of the wrong length, `r` or
/// `s` outside 1..q-1, or a signature that does not verify;
/// [`Error::UnsupportedSignatureAlgorithm`] if `hash` is not the hash of the
/// key's curve (the common checks never pass such a pair).
///
/// [RFC 5832]: https://www.rfc-editor.org/rfc/rfc5832#section-6.2
/// [RFC 7091]: https://www.rfc-editor.org/rfc/rfc7091#section-6.2
pub(crate) fn verify(
    key: GostKey<'_>,
    hash: HashAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    if hash != key.curve.signature_algorithm().hash() {
        return Err(Error::UnsupportedSignatureAlgorithm {
            oid: format!("({} with a {:?} key)", hash.name(), key.curve),
        });
    }
    let h = digest(hash, message).ok_or(Error::InvalidSignature)?;
    let ok = match key.curve {
        GostCurve::Tc26_512A => verify_on(&TC26, key.point, &h, signature),
        GostCurve::CryptoProA => verify_on(&CPA, key.point, &h, signature),
    };
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
}

fn verify_on<const N: usize, const C: u64>(
    curve: &Gost<N, C>,
    point: &[u8],
    digest: &[u8],
    signature: &[u8],
) -> bool {
    match curve.decode_point(point) {
        Some(key) => curve.verify(&key, digest, signature),
        None => false,
    }
}

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

    /// GOST R 34.11-2012 appendix A (= RFC 6986 section 10.1), message M1:
    /// the 63 ASCII digits "0123...012". The standard writes the hash as a
    /// big-endian number; the functions output its little-endian bytes.
    #[test]
    fn streebog_m1() {
        let m1 = b"012345678901234567890123456789012345678901234567890123456789012";
        let mut h512 = hex(
            "486f64c1917879417fef082b3381a4e211c324f074654c38823a7b76f830ad00\
             fa1fbae42b1285c0352f227524bc9ab16254288dd6863dccd5b9f54a1ad0541b",
        );
        h512.reverse();
        assert_eq!(digest(HashAlgorithm::Streebog512, m1), Some(h512));
        let mut h256 = hex("00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d");
        h256.reverse();
        assert_eq!(digest(HashAlgorithm::Streebog256, m1), Some(h256));
    }

    /// GOST R 34.11-94 with the test parameters (RFC 5831 section 7.3.1).
    #[test]
    fn gost94_test_sbox() {
        assert_eq!(
            digest(HashAlgorithm::Gost94, b"This is message, length=32 bytes"),
            Some(hex(
                "b1c466d37519b82e8319819ff32595e047a28cb6f83eff1c6916a815a637fffa"
            ))
        );
        assert_eq!(
            digest(HashAlgorithm::Gost94, b""),
            Some(hex(
                "ce85b99cc46752fffee35cab9a7b0278abb4c2d2055cff685af4912c49490f8d"
            ))
        );
        assert_eq!(digest(HashAlgorithm::Sha256, b""), None);
    }

    #[test]
    fn octet_string_is_strict() {
        assert_eq!(octet_string(&[4, 2, 1, 2]), Some(&[1u8, 2][..]));
        assert_eq!(octet_string(&[4, 3, 1, 2]), None);
        assert_eq!(octet_string(&[4, 0x81, 2, 1, 2]), None);
        assert_eq!(octet_string(&[3, 2, 1, 2]), None);
        let mut long = vec![4, 0x81, 0x80];
        long.extend([7u8; 128]);
        assert_eq!(octet_string(&long).map(<[u8]>::len), Some(128));
    }

    #[test]
    fn key_decoding_refuses_bad_keys() {
        let mut good = vec![4u8, 0x81, 0x80];
        good.extend(curve::tests::generator_bytes(&curve::TC26_512_A));
        let k = GostKey::decode(
            oid::GOST2015_512_KEY,
            Some(oid::GOST2015_512_PARAMS_A),
            Some(oid::STREEBOG512),
            &good,
        )
        .expect("the base point is a valid key");
        assert_eq!(k.curve, GostCurve::Tc26_512A);
        // Unknown parameter set.
        assert!(matches!(
            GostKey::decode(
                oid::GOST2015_512_KEY,
                Some(oid::GOST2004_PARAMS_A),
                None,
                &good
            ),
            Err(Error::UnsupportedPublicKey { .. })
        ));
        // 256-bit 2015 keys.
        assert!(matches!(
            GostKey::decode(oid::GOST2015_256_KEY, None, None, &good),
            Err(Error::UnsupportedPublicKey { .. })
        ));
        // Off the curve.
        let mut bad = good.clone();
        bad[3 + 64] ^= 1;
        assert!(matches!(
            GostKey::decode(
                oid::GOST2015_512_KEY,
                Some(oid::GOST2015_512_PARAMS_A),
                None,
                &bad
            ),
            Err(Error::Malformed { .. })
        ));
        // Wrong length.
        let mut short = vec![4u8, 0x7f];
        short.extend(&good[3..3 + 127]);
        assert!(matches!(
            GostKey::decode(
                oid::GOST2015_512_KEY,
                Some(oid::GOST2015_512_PARAMS_A),
                None,
                &short
            ),
            Err(Error::Malformed { .. })
        ));
    }
}
