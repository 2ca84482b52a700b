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

#[cfg(feature = "aws-lc")]
mod aws_lc;
mod backend;
pub(crate) mod digest;
pub(crate) mod gost;
mod id;
mod key;
mod pss;
#[cfg(feature = "rustcrypto")]
mod rustcrypto;

#[cfg(feature = "aws-lc")]
pub use aws_lc::AwsLc;
pub(crate) use backend::check_signature;
pub use backend::{backends, default_backend, PreparedKey, SignatureVerifier};
pub(crate) use id::oid;
pub use id::{HashAlgorithm, SignatureAlgorithm};
#[cfg(feature = "rustcrypto")]
pub(crate) use key::RsaKey;
pub(crate) use key::{check, check_public_key, Checked, Curve, EcdsaEncoding};
#[cfg(feature = "rustcrypto")]
pub use rustcrypto::RustCrypto;

#[cfg(not(any(feature = "aws-lc", feature = "rustcrypto")))]
compile_error!(
    "qoltanba needs a signature backend: enable the feature \"aws-lc\" or \"rustcrypto\""
);

#[cfg(test)]
mod tests {
    use super::id::*;
    use super::*;
    use crate::error::Error;

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
