//! Private keys: every PKCS#12 file of the national CA opens with its
//! MANIFEST password and its key signs what its certificate verifies; a
//! wrong password is refused; OpenSSL-made PKCS#12 (PBES2/AES, legacy
//! 3DES/RC2) and PKCS#8 (DER, PEM) keys load and sign RSA PKCS#1 v1.5,
//! RSA-PSS and ECDSA P-256; unsupported forms are refused with clear errors.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use qoltanba::{
    default_backend, Certificate, Error, HashAlgorithm, KeyBundle, SignatureAlgorithm, Signer,
    SigningKey,
};

const KZ: &str = "test-vectors/third-party/kz";
const KEYS: &str = "test-vectors/keys";
const PASSWORD: &str = "qoltanba";

/// p12 path (relative to KZ) -> password, from MANIFEST.txt: each entry
/// `- dir/file.p12` is followed by a `what:` line naming `password X`.
fn manifest_passwords() -> HashMap<String, String> {
    let text = fs::read_to_string(format!("{KZ}/MANIFEST.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(path) = line.strip_prefix("- ") else {
            continue;
        };
        if !path.ends_with(".p12") {
            continue;
        }
        let what = lines[i + 1];
        let after = what.split("password").nth(1).expect("password named");
        let pw: String = after
            .trim_start()
            .trim_start_matches('\'')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        out.insert(path.trim().to_owned(), pw);
    }
    out
}

fn p12_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "p12") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new(KZ), &mut out);
    out.sort();
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(KZ)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Signs with the key and verifies with the library's verifier against the
/// certificate's public key.
fn sign_and_verify(key: &dyn Signer, cert: &Certificate) {
    let message = b"qoltanba: a key and its certificate";
    let sig = key.sign(message).unwrap();
    default_backend()
        .verify(key.algorithm(), cert.spki(), message, &sig)
        .unwrap_or_else(|e| panic!("{}: {e}", cert.subject()));
    let mut other = message.to_vec();
    other[0] ^= 1;
    assert_eq!(
        default_backend().verify(key.algorithm(), cert.spki(), &other, &sig),
        Err(Error::InvalidSignature)
    );
}

#[test]
fn every_national_ca_p12_opens_with_its_password() {
    let passwords = manifest_passwords();
    let files = p12_files();
    assert_eq!(files.len(), 34, "p12 files in {KZ}");
    assert_eq!(passwords.len(), 34, "p12 entries in MANIFEST.txt");
    let mut tally: HashMap<&'static str, usize> = HashMap::new();
    for path in &files {
        let name = relative(path);
        let password = &passwords[&name];
        let bytes = fs::read(path).unwrap();
        let bundle = match KeyBundle::from_pkcs12(&bytes, password) {
            Ok(b) => b,
            // Without aws-lc, RSA keys open only as far as the key.
            #[cfg(not(feature = "aws-lc"))]
            Err(Error::SigningUnavailable { .. }) => {
                *tally.entry("rsa (signing unavailable)").or_default() += 1;
                continue;
            }
            Err(e) => panic!("{name}: {e}"),
        };
        let cert = bundle.certificate();
        assert!(
            cert.iin().is_some() || cert.bin().is_some(),
            "{name}: the national CA's subject"
        );
        bundle.key().check_certificate(cert).unwrap();
        sign_and_verify(bundle.key(), cert);
        let kind = match bundle.key().algorithm() {
            SignatureAlgorithm::Gost2015_512 => "gost2015-512",
            SignatureAlgorithm::Gost2004 => "gost2004",
            SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha256) => "rsa",
            other => panic!("{name}: unexpected {other:?}"),
        };
        *tally.entry(kind).or_default() += 1;
        // The national CA's files carry only the key's certificate.
        assert!(bundle.chain().is_empty(), "{name}");
        // Their alias (friendlyName) is what the test kit names them by.
        if let Some(id) = name
            .strip_suffix(".p12")
            .and_then(|n| n.rsplit_once("GOST512_"))
            .map(|(_, id)| id)
        {
            assert_eq!(bundle.alias(), Some(id), "{name}");
            *tally.entry("alias as named").or_default() += 1;
        }
    }
    eprintln!("p12 tally: {tally:?}");
    assert_eq!(tally.get("gost2015-512"), Some(&27));
    assert_eq!(tally.get("gost2004"), Some(&2));
    #[cfg(feature = "aws-lc")]
    assert_eq!(tally.get("rsa"), Some(&5));
    #[cfg(not(feature = "aws-lc"))]
    assert_eq!(tally.get("rsa (signing unavailable)"), Some(&5));
}

#[test]
fn wrong_password_is_refused() {
    for path in p12_files() {
        let bytes = fs::read(&path).unwrap();
        assert_eq!(
            KeyBundle::from_pkcs12(&bytes, "Qwerty13").err(),
            Some(Error::WrongPassword),
            "{}",
            relative(&path)
        );
    }
    let bytes = fs::read(format!("{KEYS}/rsa2048-pbes2.p12")).unwrap();
    assert_eq!(
        KeyBundle::from_pkcs12(&bytes, "").err(),
        Some(Error::WrongPassword)
    );
    assert_eq!(Error::WrongPassword.code(), "wrong-password");
}

#[test]
fn damaged_p12_is_refused_without_panic() {
    let bytes = fs::read(format!(
        "{KZ}/skarm-kalkan/p12__GOST512_02c7a21f2df78b99cb67323e2e255779bb6ae309.p12"
    ))
    .unwrap();
    // Truncations at many points: always an error, never a panic.
    for cut in (0..bytes.len()).step_by(37) {
        assert!(KeyBundle::from_pkcs12(&bytes[..cut], "Qwerty12").is_err());
    }
    // A flipped byte inside the MACed content: the MAC catches it.
    let mut flipped = bytes.clone();
    flipped[200] ^= 0x01;
    assert_eq!(
        KeyBundle::from_pkcs12(&flipped, "Qwerty12").err(),
        Some(Error::WrongPassword)
    );
    assert!(matches!(
        KeyBundle::from_pkcs12(b"not a pfx", "x"),
        Err(Error::Malformed { .. })
    ));
}

#[test]
fn a_key_does_not_match_another_certificate() {
    let dir = format!("{KZ}/skarm-kalkan");
    let a = KeyBundle::from_pkcs12(
        &fs::read(format!(
            "{dir}/p12__GOST512_02c7a21f2df78b99cb67323e2e255779bb6ae309.p12"
        ))
        .unwrap(),
        "Qwerty12",
    )
    .unwrap();
    let b = KeyBundle::from_pkcs12(
        &fs::read(format!(
            "{dir}/p12__GOST512_0860d9665327c26760c213126760a3b73072218d.p12"
        ))
        .unwrap(),
        "Qwerty12",
    )
    .unwrap();
    assert!(matches!(
        a.key().check_certificate(b.certificate()),
        Err(Error::KeyCertificateMismatch { .. })
    ));
    // A GOST 2004 certificate for a GOST 2015 key: other curve.
    let old = Certificate::from_any(
        &fs::read(format!("{KZ}/ncanode/certs__ceo_valid_sign_2004_gost.cer")).unwrap(),
    )
    .unwrap();
    assert!(matches!(
        a.key().check_certificate(&old),
        Err(Error::KeyCertificateMismatch { .. })
    ));
    // The P-256 key against the RSA certificate and the other way round.
    let p256 = SigningKey::from_pkcs8(&fs::read(format!("{KEYS}/p256.key.pem")).unwrap());
    let rsa_cert = cert("rsa2048.pem");
    if let Ok(p256) = p256 {
        assert!(matches!(
            p256.check_certificate(&rsa_cert),
            Err(Error::KeyCertificateMismatch { .. })
        ));
        assert!(matches!(
            a.key().check_certificate(&cert("p256.pem")),
            Err(Error::KeyCertificateMismatch { .. })
        ));
    }
}

fn cert(name: &str) -> Certificate {
    Certificate::from_any(&fs::read(format!("{KEYS}/{name}")).unwrap()).unwrap()
}

#[test]
fn p12_without_mac_is_refused() {
    // Fail closed: nothing would tell a wrong password from a damaged file.
    assert!(matches!(
        KeyBundle::from_pkcs12(
            &fs::read(format!("{KEYS}/p256-nomac.p12")).unwrap(),
            PASSWORD
        ),
        Err(Error::UnsupportedPrivateKey { .. })
    ));
}

#[cfg(feature = "aws-lc")]
#[test]
fn openssl_p12_files_open() {
    let ca = cert("ca.pem");
    for (file, leaf, alg) in [
        (
            "rsa2048-pbes2.p12",
            "rsa2048.pem",
            SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha256),
        ),
        (
            "rsa2048-legacy.p12",
            "rsa2048.pem",
            SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha256),
        ),
        (
            "p256-aes128-sha512.p12",
            "p256.pem",
            SignatureAlgorithm::Ecdsa(HashAlgorithm::Sha256),
        ),
    ] {
        let bundle = KeyBundle::from_pkcs12(&fs::read(format!("{KEYS}/{file}")).unwrap(), PASSWORD)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(bundle.certificate().der(), cert(leaf).der(), "{file}");
        assert_eq!(bundle.chain().len(), 1, "{file}");
        assert_eq!(bundle.chain()[0].der(), ca.der(), "{file}");
        assert_eq!(bundle.key().algorithm(), alg, "{file}");
        sign_and_verify(bundle.key(), bundle.certificate());
        // OpenSSL writes a friendlyName only when given -name.
        assert_eq!(bundle.alias(), None, "{file}");
        let (key, certificate, chain) = bundle.into_parts();
        assert_eq!(chain.len(), 1);
        key.check_certificate(&certificate).unwrap();
    }
    let named = KeyBundle::from_pkcs12(
        &fs::read(format!("{KEYS}/p256-named.p12")).unwrap(),
        PASSWORD,
    )
    .unwrap();
    assert_eq!(named.alias(), Some("qoltanba test key"));
    assert_eq!(named.certificate().der(), cert("p256.pem").der());
}

#[cfg(feature = "aws-lc")]
#[test]
fn rsa_pkcs8_signs_pkcs1_and_pss() {
    let rsa_cert = cert("rsa2048.pem");
    let pem =
        SigningKey::from_pkcs8(&fs::read(format!("{KEYS}/rsa2048.key.pem")).unwrap()).unwrap();
    let der =
        SigningKey::from_pkcs8_der(&fs::read(format!("{KEYS}/rsa2048.key.der")).unwrap()).unwrap();
    for key in [pem, der] {
        assert_eq!(
            key.algorithm(),
            SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha256)
        );
        key.check_certificate(&rsa_cert).unwrap();
        sign_and_verify(&key, &rsa_cert);
        let pss = key.with_rsa_pss().unwrap();
        assert_eq!(
            pss.algorithm(),
            SignatureAlgorithm::RsaPss(HashAlgorithm::Sha256)
        );
        sign_and_verify(&pss, &rsa_cert);
        // A PSS signature is not a PKCS#1 v1.5 one.
        let sig = pss.sign(b"m").unwrap();
        assert_eq!(
            default_backend().verify(
                SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha256),
                rsa_cert.spki(),
                b"m",
                &sig
            ),
            Err(Error::InvalidSignature)
        );
    }
}

#[cfg(not(feature = "aws-lc"))]
#[test]
fn rsa_signing_needs_aws_lc() {
    let err =
        SigningKey::from_pkcs8(&fs::read(format!("{KEYS}/rsa2048.key.pem")).unwrap()).unwrap_err();
    assert!(matches!(err, Error::SigningUnavailable { .. }), "{err}");
    assert_eq!(err.code(), "signing-unavailable");
}

#[cfg(any(feature = "aws-lc", feature = "rustcrypto"))]
#[test]
fn p256_pkcs8_signs_ecdsa() {
    let p256_cert = cert("p256.pem");
    let pem =
        SigningKey::from_pkcs8_pem(&fs::read(format!("{KEYS}/p256.key.pem")).unwrap()).unwrap();
    let der = SigningKey::from_pkcs8(&fs::read(format!("{KEYS}/p256.key.der")).unwrap()).unwrap();
    for key in [pem, der] {
        assert_eq!(
            key.algorithm(),
            SignatureAlgorithm::Ecdsa(HashAlgorithm::Sha256)
        );
        key.check_certificate(&p256_cert).unwrap();
        sign_and_verify(&key, &p256_cert);
        assert!(matches!(
            key.with_rsa_pss(),
            Err(Error::UnsupportedPrivateKey { .. })
        ));
    }
}

/// P-384 keys sign with ECDSA SHA-384 and match their certificate only.
#[test]
fn p384_keys_sign() {
    let key = SigningKey::from_pkcs8(&fs::read(format!("{KEYS}/p384.key.pem")).unwrap()).unwrap();
    assert_eq!(
        key.algorithm(),
        qoltanba::SignatureAlgorithm::Ecdsa(qoltanba::HashAlgorithm::Sha384)
    );
    assert!(!key.sign(b"message").unwrap().is_empty());
    let signer =
        SigningKey::from_pkcs8(&fs::read("test-vectors/xml/keys/p384-sign.key.pem").unwrap())
            .unwrap();
    let cert = |p: &str| qoltanba::Certificate::from_any(&fs::read(p).unwrap()).unwrap();
    signer
        .check_certificate(&cert("test-vectors/xml/keys/p384-sign.pem"))
        .unwrap();
    for other in [
        "test-vectors/keys/p256.pem",
        "test-vectors/demo/individual-sign-ec.pem",
    ] {
        assert_eq!(
            key.check_certificate(&cert(other)).unwrap_err().code(),
            "key-certificate-mismatch"
        );
    }
    assert!(key.with_rsa_pss().is_err());
}

#[test]
fn unsupported_key_forms_are_refused() {
    for (file, what) in [
        ("rsa2048.enc.key.pem", "encrypted PKCS#8"),
        ("rsa2048.pkcs1.pem", "PKCS#1"),
        ("p256.sec1.pem", "SEC1"),
        ("p521.key.pem", "P-521"),
    ] {
        let err = SigningKey::from_pkcs8(&fs::read(format!("{KEYS}/{file}")).unwrap()).unwrap_err();
        assert!(
            matches!(err, Error::UnsupportedPrivateKey { .. }),
            "{what}: {err}"
        );
        assert_eq!(err.code(), "unsupported-private-key");
    }
    assert!(matches!(
        SigningKey::from_pkcs8(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
        Err(Error::Malformed { .. })
    ));
    assert!(matches!(
        SigningKey::from_pkcs8_der(&[0x30, 0x00]),
        Err(Error::Malformed { .. })
    ));
}

/// The iteration counts come from the file and its author knows the
/// password, so a bound per derivation is not enough: the whole file's
/// key-derivation work is bounded (10 million hash iterations), checked
/// before each derivation runs.
#[test]
fn p12_key_derivation_work_is_bounded_per_file() {
    // 3,000,000 iterations per derivation, each under the bound on its own:
    // MAC 3M, RC2 key and IV 6M, then the 3DES key (two SHA-1 blocks, 6M)
    // would pass 10M. Refused before that derivation runs.
    let started = std::time::Instant::now();
    let err = KeyBundle::from_pkcs12(
        &fs::read(format!("{KEYS}/rsa2048-legacy-3m.p12")).unwrap(),
        PASSWORD,
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::LimitExceeded {
                what: "PKCS#12 key-derivation work (hash iterations, whole file)",
                limit: 10_000_000
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("exceeds the limit of 10000000"),
        "{err}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));

    // A MAC demanding 2^31 - 1 iterations: refused at once, before any
    // derivation (the password is never tried).
    //   PFX { 3, ContentInfo { data, [0] { OCTET STRING { SEQUENCE {} } } },
    //         MacData { DigestInfo { sha1, 20 zero bytes }, salt, 2^31 - 1 } }
    fn tlv(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
        let content = parts.concat();
        assert!(content.len() < 128);
        [&[tag, content.len() as u8][..], &content].concat()
    }
    let pfx_with = |iterations: &[u8]| {
        let data_oid = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
        let auth_safe = tlv(
            0x30,
            &[
                &tlv(0x06, &[&data_oid]),
                &tlv(0xa0, &[&tlv(0x04, &[&tlv(0x30, &[])])]),
            ],
        );
        let sha1 = tlv(
            0x30,
            &[
                &tlv(0x06, &[&[0x2b, 0x0e, 0x03, 0x02, 0x1a]]),
                &[0x05, 0x00],
            ],
        );
        let mac_data = tlv(
            0x30,
            &[
                &tlv(0x30, &[&sha1, &tlv(0x04, &[&[0u8; 20]])]),
                &tlv(0x04, &[&[1, 2, 3, 4, 5, 6, 7, 8]]),
                &tlv(0x02, &[iterations]),
            ],
        );
        tlv(0x30, &[&tlv(0x02, &[&[3]]), &auth_safe, &mac_data])
    };
    let pfx = pfx_with(&[0x7f, 0xff, 0xff, 0xff]);
    let started = std::time::Instant::now();
    assert!(matches!(
        KeyBundle::from_pkcs12(&pfx, PASSWORD),
        Err(Error::LimitExceeded {
            limit: 10_000_000,
            ..
        })
    ));
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    // The same file with 1 iteration is an ordinary wrong password.
    assert_eq!(
        KeyBundle::from_pkcs12(&pfx_with(&[1]), PASSWORD).err(),
        Some(Error::WrongPassword)
    );
}

/// Bouncy Castle writes 600,000 iterations per derivation by default; such
/// a file (3 million hash iterations here) opens.
#[cfg(feature = "aws-lc")]
#[test]
fn p12_with_600k_iterations_opens() {
    let bundle = KeyBundle::from_pkcs12(
        &fs::read(format!("{KEYS}/rsa2048-600k.p12")).unwrap(),
        PASSWORD,
    )
    .unwrap();
    assert_eq!(bundle.certificate().der(), cert("rsa2048.pem").der());
    assert_eq!(bundle.chain().len(), 1);
}
