//! GOST signing: the national CA's GOST 34.10-2015 512-bit and GOST
//! 34.310-2004 test keys sign, and every backend's verifier accepts the
//! signatures; keys in both private-key encodings (little-endian OCTET
//! STRING, big-endian INTEGER) at known points (d = 1, d = q-1); malformed
//! keys, curves, points and signatures refused with clear errors; a CAdES-BES
//! document signed with a GOST PKCS#12 key verifies against the bundled
//! NcaTest profile, also when co-signed.
#![allow(clippy::unwrap_used)]

use std::fs;

use qoltanba::{
    backends, cosign_document, default_backend, sign_document, Error, KeyBundle, Options, Policy,
    RevocationMode, SignOptions, SignatureAlgorithm, SignedDocument, Signer, SigningKey, Time,
    TrustProfile, Verifier,
};

const KZ: &str = "test-vectors/third-party/kz";

/// One curve's constants (big-endian hex) and OIDs (content octets).
struct Curve {
    q: &'static str,
    p: &'static str,
    gx: &'static str,
    gy: &'static str,
    len: usize,
    key_oid: &'static [u8],
    params_oid: &'static [u8],
    digest_oid: &'static [u8],
    algorithm: SignatureAlgorithm,
}

const TC26_512_A: Curve = Curve {
    q: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
        27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275",
    p: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
        FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7",
    gx: "03",
    gy: "7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921\
         DF1626BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4",
    len: 64,
    key_oid: &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x02, 0x02],
    params_oid: &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x02, 0x02, 0x01],
    digest_oid: &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x03, 0x03],
    algorithm: SignatureAlgorithm::Gost2015_512,
};

const CRYPTOPRO_A: Curve = Curve {
    q: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF6C611070995AD10045841B09B761B893",
    p: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97",
    gx: "01",
    gy: "8D91E471E0989CDA27DF505A453F2B7635294F2DDF23E3B122ACC99C9E9F1E14",
    len: 32,
    key_oid: &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x01, 0x01],
    params_oid: &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x01, 0x01, 0x01],
    digest_oid: &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x03, 0x01, 0x01, 0x00],
    algorithm: SignatureAlgorithm::Gost2004,
};

/// GOST 34.10-2015 256-bit key OID (unsupported).
const GOST2015_256_KEY: &[u8] = &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x02, 0x01];

/// A big-endian hex number as `len` little-endian bytes.
fn le(hex_be: &str, len: usize) -> Vec<u8> {
    let s: String = hex_be.chars().filter(|c| !c.is_whitespace()).collect();
    let mut be = hex::decode(format!("{}{s}", "0".repeat(2 * len - s.len()))).unwrap();
    be.reverse();
    be
}

/// `a - b` on little-endian numbers of equal length (a >= b).
fn sub_le(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0i16;
    for (x, y) in a.iter().zip(b) {
        let mut d = i16::from(*x) - i16::from(*y) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out.push(d as u8);
    }
    out
}

fn one_le(len: usize) -> Vec<u8> {
    let mut v = vec![0u8; len];
    v[0] = 1;
    v
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

fn alg_id(key_oid: &[u8], params_oid: &[u8], digest_oid: &[u8]) -> Vec<u8> {
    let params = tlv(0x30, &[tlv(6, params_oid), tlv(6, digest_oid)].concat());
    tlv(0x30, &[tlv(6, key_oid), params].concat())
}

fn spki(c: &Curve, key_oid: &[u8], params_oid: &[u8], point: &[u8]) -> Vec<u8> {
    let mut bits = vec![0u8];
    bits.extend(tlv(4, point));
    tlv(
        0x30,
        &[alg_id(key_oid, params_oid, c.digest_oid), tlv(3, &bits)].concat(),
    )
}

/// A PKCS#8 GOST key with `private_key` as the content of privateKey.
fn pkcs8(c: &Curve, key_oid: &[u8], params_oid: &[u8], private_key: &[u8]) -> Vec<u8> {
    tlv(
        0x30,
        &[
            tlv(2, &[0]),
            alg_id(key_oid, params_oid, c.digest_oid),
            tlv(4, private_key),
        ]
        .concat(),
    )
}

/// The national CA's form: OCTET STRING { d little-endian }.
fn octet_key(c: &Curve, d_le: &[u8]) -> Vec<u8> {
    pkcs8(c, c.key_oid, c.params_oid, &tlv(4, d_le))
}

/// RFC 9215 form: INTEGER { d big-endian }.
fn integer_key(c: &Curve, d_le: &[u8]) -> Vec<u8> {
    let mut be: Vec<u8> = d_le.iter().rev().copied().collect();
    while be.len() > 1 && be[0] == 0 && be[1] & 0x80 == 0 {
        be.remove(0);
    }
    if be[0] & 0x80 != 0 {
        be.insert(0, 0);
    }
    pkcs8(c, c.key_oid, c.params_oid, &tlv(2, &be))
}

fn generator(c: &Curve) -> Vec<u8> {
    [le(c.gx, c.len), le(c.gy, c.len)].concat()
}

fn minus_generator(c: &Curve) -> Vec<u8> {
    [le(c.gx, c.len), sub_le(&le(c.p, c.len), &le(c.gy, c.len))].concat()
}

fn verify(alg: SignatureAlgorithm, spki: &[u8], msg: &[u8], sig: &[u8]) -> Result<(), Error> {
    default_backend().verify(alg, spki, msg, sig)
}

#[test]
fn keys_at_known_points_sign_in_both_encodings() {
    for c in [&TC26_512_A, &CRYPTOPRO_A] {
        let q_minus_1 = sub_le(&le(c.q, c.len), &one_le(c.len));
        for (d, point) in [
            (one_le(c.len), generator(c)),
            (q_minus_1, minus_generator(c)),
        ] {
            let public = spki(c, c.key_oid, c.params_oid, &point);
            for der in [octet_key(c, &d), integer_key(c, &d)] {
                let key = SigningKey::from_pkcs8_der(&der).unwrap();
                assert_eq!(key.algorithm(), c.algorithm);
                for msg in [&b""[..], b"qoltanba", &[0x5a; 4096]] {
                    let sig = key.sign(msg).unwrap();
                    assert_eq!(sig.len(), 2 * c.len);
                    for backend in backends() {
                        backend.verify(c.algorithm, &public, msg, &sig).unwrap();
                    }
                }
            }
        }
    }
}

#[test]
fn national_gost_keys_sign_and_every_backend_verifies() {
    let mut files: Vec<_> = fs::read_dir(format!("{KZ}/skarm-kalkan"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "p12"))
        .map(|p| (p, "Qwerty12"))
        .collect();
    for (f, pw) in [
        ("ncanode/KEY_CEO_REVOKED_2015.p12", "Aa123456"),
        ("ncanode/KEY_INDIVIDUAL_VALID_2015.p12", "Aa123456"),
        ("ncanode/KEY_CEO_SIGN_REVOKED_2004.p12", "Qwerty12"),
        (
            "ncanode-2018/GOSTKNCA_f8a422238209b6e753116431b69b09178f14e9d7.p12",
            "Qwerty12",
        ),
        ("gokalkan/gost2015_individual_2023.p12", "Qwerty12"),
    ] {
        files.push((format!("{KZ}/{f}").into(), pw));
    }
    let (mut new, mut old) = (0, 0);
    for (path, pw) in files {
        let bundle = KeyBundle::from_pkcs12(&fs::read(&path).unwrap(), pw).unwrap();
        let alg = bundle.key().algorithm();
        match alg {
            SignatureAlgorithm::Gost2015_512 => new += 1,
            SignatureAlgorithm::Gost2004 => old += 1,
            other => panic!("{}: {other:?}", path.display()),
        }
        let spki = bundle.certificate().spki();
        for msg in [&b"a"[..], "Қолтаңба".as_bytes()] {
            let sig = bundle.key().sign(msg).unwrap();
            for backend in backends() {
                backend.verify(alg, spki, msg, &sig).unwrap();
            }
            let mut bad = sig.clone();
            bad[0] ^= 1;
            assert_eq!(verify(alg, spki, msg, &bad), Err(Error::InvalidSignature));
        }
    }
    assert_eq!((new, old), (27, 2), "GOST 2015-512 and 2004 keys");
}

#[test]
fn malformed_signatures_are_rejected() {
    for c in [&TC26_512_A, &CRYPTOPRO_A] {
        let key = SigningKey::from_pkcs8_der(&octet_key(c, &one_le(c.len))).unwrap();
        let public = spki(c, c.key_oid, c.params_oid, &generator(c));
        let msg = b"message";
        let sig = key.sign(msg).unwrap();
        verify(c.algorithm, &public, msg, &sig).unwrap();
        let (r, s) = sig.split_at(c.len);
        let zero = vec![0u8; c.len];
        let q = le(c.q, c.len);
        let q_plus_1 = {
            let mut v = q.clone();
            v[0] = v[0].wrapping_add(1);
            v
        };
        let max = vec![0xffu8; c.len];
        for (name, bad) in [
            ("r = 0", [&zero[..], s].concat()),
            ("s = 0", [r, &zero[..]].concat()),
            ("r = q", [&q[..], s].concat()),
            ("s = q", [r, &q[..]].concat()),
            ("r = q + 1", [&q_plus_1[..], s].concat()),
            ("s = 2^n - 1", [r, &max[..]].concat()),
            ("truncated", sig[..sig.len() - 1].to_vec()),
            ("half", r.to_vec()),
            ("extended", [&sig[..], &[0u8]].concat()),
            ("empty", Vec::new()),
            ("r and s swapped", [s, r].concat()),
        ] {
            assert_eq!(
                verify(c.algorithm, &public, msg, &bad),
                Err(Error::InvalidSignature),
                "{name}"
            );
        }
    }
}

#[test]
fn malformed_public_keys_are_rejected() {
    let c = &TC26_512_A;
    let key = SigningKey::from_pkcs8_der(&octet_key(c, &one_le(c.len))).unwrap();
    let msg = b"m";
    let sig = key.sign(msg).unwrap();
    // Wrong curve parameters: the 2004 parameter set under a 2015 key.
    let wrong_params = spki(c, c.key_oid, CRYPTOPRO_A.params_oid, &generator(c));
    assert!(matches!(
        verify(c.algorithm, &wrong_params, msg, &sig),
        Err(Error::UnsupportedPublicKey { .. })
    ));
    // 256-bit GOST 2015 keys are unsupported.
    let short = spki(c, GOST2015_256_KEY, c.params_oid, &generator(c));
    assert!(matches!(
        verify(c.algorithm, &short, msg, &sig),
        Err(Error::UnsupportedPublicKey { .. })
    ));
    // A point not on the curve.
    let mut off = generator(c);
    off[c.len] ^= 1;
    assert!(matches!(
        verify(
            c.algorithm,
            &spki(c, c.key_oid, c.params_oid, &off),
            msg,
            &sig
        ),
        Err(Error::Malformed { .. })
    ));
    // A coordinate >= p.
    let mut big = generator(c);
    big[..c.len].copy_from_slice(&le(c.p, c.len));
    assert!(matches!(
        verify(
            c.algorithm,
            &spki(c, c.key_oid, c.params_oid, &big),
            msg,
            &sig
        ),
        Err(Error::Malformed { .. })
    ));
    // A truncated point.
    let truncated = &generator(c)[..2 * c.len - 1];
    assert!(matches!(
        verify(
            c.algorithm,
            &spki(c, c.key_oid, c.params_oid, truncated),
            msg,
            &sig
        ),
        Err(Error::Malformed { .. })
    ));
    // A 2004 key for a 2015 signature: the pairing is refused.
    let old = spki(
        &CRYPTOPRO_A,
        CRYPTOPRO_A.key_oid,
        CRYPTOPRO_A.params_oid,
        &generator(&CRYPTOPRO_A),
    );
    assert!(verify(c.algorithm, &old, msg, &sig).is_err());
}

#[test]
fn malformed_private_keys_are_rejected() {
    for c in [&TC26_512_A, &CRYPTOPRO_A] {
        let q = le(c.q, c.len);
        for (name, der) in [
            ("d = 0", octet_key(c, &vec![0u8; c.len])),
            ("d = q", octet_key(c, &q)),
            ("d = 2^n - 1", octet_key(c, &vec![0xff; c.len])),
            ("truncated d", octet_key(c, &one_le(c.len - 1))),
            ("extended d", octet_key(c, &one_le(c.len + 1))),
            ("d = q as INTEGER", integer_key(c, &q)),
            (
                "d not wrapped",
                pkcs8(c, c.key_oid, c.params_oid, &one_le(c.len)),
            ),
        ] {
            assert!(
                matches!(
                    SigningKey::from_pkcs8_der(&der),
                    Err(Error::Malformed { .. })
                ),
                "{name}"
            );
        }
        let der = octet_key(c, &one_le(c.len));
        assert!(matches!(
            SigningKey::from_pkcs8_der(&der[..der.len() - 1]),
            Err(Error::Malformed { .. })
        ));
    }
    let c = &TC26_512_A;
    for (name, der) in [
        (
            "2004 parameters on a 2015 key",
            pkcs8(
                c,
                c.key_oid,
                CRYPTOPRO_A.params_oid,
                &tlv(4, &one_le(c.len)),
            ),
        ),
        (
            "256-bit 2015 key",
            pkcs8(c, GOST2015_256_KEY, c.params_oid, &tlv(4, &one_le(32))),
        ),
    ] {
        assert!(
            matches!(
                SigningKey::from_pkcs8_der(&der),
                Err(Error::UnsupportedPrivateKey { .. })
            ),
            "{name}"
        );
    }
}

fn bundle(file: &str, password: &str) -> KeyBundle {
    KeyBundle::from_pkcs12(&fs::read(format!("{KZ}/{file}")).unwrap(), password).unwrap()
}

/// The bundled test roots, revocation off (the test CRLs are not fresh in
/// the keys' validity windows; tests/gost.rs covers them).
fn verifier() -> Verifier {
    Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .unwrap()
        .policy(Policy::default().revocation(RevocationMode::Off))
        .build()
}

/// A day after the certificate's notBefore.
fn inside(b: &KeyBundle) -> Time {
    Time::from_unix(b.certificate().info().not_before.unix() + 86_400)
}

#[test]
fn gost_documents_signed_with_p12_keys_verify() {
    let content = "Өтініш: лицензия беру туралы / заявление о выдаче лицензии".as_bytes();
    for (file, password, alg_name, digest_name) in [
        (
            "skarm-kalkan/p12__GOST512_0860d9665327c26760c213126760a3b73072218d.p12",
            "Qwerty12",
            "gost34.10-2015-512",
            "Streebog-512",
        ),
        (
            "ncanode/KEY_CEO_SIGN_REVOKED_2004.p12",
            "Qwerty12",
            "gost34.310-2004",
            "GOST 34.311-95",
        ),
    ] {
        let b = bundle(file, password);
        let at = inside(&b);
        for detached in [false, true] {
            let mut options = SignOptions::at(at).chain(b.chain().to_vec());
            if detached {
                options = options.detached();
            }
            let der = sign_document(content, b.key(), b.certificate(), &options).unwrap();
            let doc = SignedDocument::from_any(&der).unwrap();
            let given = detached.then_some(content);
            let report = verifier().verify_document(&doc, given, &Options::at(at));
            assert!(report.valid, "{file}: {:?}", report.reason);
            let signer = &report.signers[0];
            assert_eq!(signer.signature_algorithm, alg_name);
            assert_eq!(signer.digest_algorithm, digest_name);
            let cert = signer.certificate.as_ref().unwrap();
            assert_eq!(
                cert.certificate.iin.map(|i| i.to_string()).as_deref(),
                Some("123456789011")
            );
            if detached {
                let mut tampered = content.to_vec();
                tampered[0] ^= 1;
                let report = verifier().verify_document(&doc, Some(&tampered), &Options::at(at));
                assert_eq!(report.reason, Some(Error::MessageDigestMismatch));
            }
        }
    }
}

#[test]
fn gost_cosigned_document_verifies_both_signers() {
    let first = bundle(
        "skarm-kalkan/p12__GOST512_0860d9665327c26760c213126760a3b73072218d.p12",
        "Qwerty12",
    );
    let second = bundle(
        "skarm-kalkan/p12__GOST512_02c7a21f2df78b99cb67323e2e255779bb6ae309.p12",
        "Qwerty12",
    );
    // A time inside both certificates' validity.
    let at = std::cmp::max(inside(&first), inside(&second));
    for b in [&first, &second] {
        assert!(
            at < b.certificate().info().not_after,
            "{}",
            b.certificate().subject()
        );
    }
    let content = b"licence 0001";
    let doc = sign_document(
        content,
        first.key(),
        first.certificate(),
        &SignOptions::at(at),
    )
    .unwrap();
    let doc = cosign_document(
        &doc,
        None,
        second.key(),
        second.certificate(),
        &SignOptions::at(at),
    )
    .unwrap();
    let doc = SignedDocument::from_any(&doc).unwrap();
    assert_eq!(doc.signer_count(), 2);
    let report = verifier().verify_document(&doc, None, &Options::at(at));
    assert!(report.valid, "{:?}", report.reason);
    assert!(report.signers.iter().all(|s| s.valid));
}
