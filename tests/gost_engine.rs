//! A second independent oracle for GOST: OpenSSL's GOST engine (Debian's
//! `libengine-gost-openssl`, the reference implementation on OpenSSL's
//! generic bignums). Keys the engine generates sign digests that qoltanba
//! verifies, and qoltanba's signatures with the national CA's test keys
//! verify in the engine, on both curves: GOST R 34.10-2012 512-bit on
//! paramSetA (= GOST 34.10-2015 512-bit) and GOST R 34.10-2001 on
//! CryptoPro-A (= GOST 34.310-2004).
//!
//! Conventions crossed (DOMAIN.md): the engine and the national CA both
//! write public keys as `x || y` little-endian in the OCTET STRING and
//! read the digest as a little-endian integer; the engine's signature is
//! RFC 4491's `s || r` big-endian, the national CA's `r || s`
//! little-endian: one is the byte reverse of the other. The engine signs
//! the digest it is given (`pkeyutl`): for 512-bit keys the engine's own
//! Streebog-512 (`dgst -md_gost12_512`), for CryptoPro-A the GOST 34.311-95
//! test S-box hash of the national scheme (the engine hashes GOST R
//! 34.11-94 only with the CryptoPro S-box).
//!
//! Skipped with a notice when the engine is missing, except under CI
//! (`CI` set), which installs it and where a missing engine fails.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gost94::Digest as _;
use qoltanba::{default_backend, Error, KeyBundle, SignatureAlgorithm, Signer};

const KZ: &str = "test-vectors/third-party/kz";

struct Case {
    /// The engine's algorithm name for `genpkey`.
    engine_algorithm: &'static str,
    /// Bytes in a coordinate.
    len: usize,
    algorithm: SignatureAlgorithm,
    /// A national test key of the same curve (PKCS#12, password Qwerty12).
    p12: &'static str,
}

const CASES: [Case; 2] = [
    Case {
        engine_algorithm: "gost2012_512",
        len: 64,
        algorithm: SignatureAlgorithm::Gost2015_512,
        p12: "skarm-kalkan/p12__GOST512_02c7a21f2df78b99cb67323e2e255779bb6ae309.p12",
    },
    Case {
        engine_algorithm: "gost2001",
        len: 32,
        algorithm: SignatureAlgorithm::Gost2004,
        p12: "ncanode/KEY_CEO_SIGN_REVOKED_2004.p12",
    },
];

fn engine_available() -> bool {
    Command::new("openssl")
        .args(["engine", "gost", "-t"])
        .output()
        .is_ok_and(|o| {
            o.status.success() && String::from_utf8_lossy(&o.stdout).contains("available")
        })
}

fn openssl(args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl runs")
}

fn run_ok(args: &[&str]) {
    let out = openssl(args);
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "qoltanba-gost-engine-{}-{name}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The digest the engine signs for `msg`.
fn digest(case: &Case, dir: &Path, msg: &[u8]) -> Vec<u8> {
    if case.len == 64 {
        let file = dir.join("msg");
        fs::write(&file, msg).unwrap();
        let out = openssl(&[
            "dgst",
            "-engine",
            "gost",
            "-md_gost12_512",
            "-binary",
            p(&file),
        ]);
        assert!(out.status.success());
        assert_eq!(out.stdout.len(), 64);
        out.stdout
    } else {
        gost94::Gost94Test::digest(msg).to_vec()
    }
}

fn messages() -> Vec<Vec<u8>> {
    let mut out = vec![Vec::new(), b"qoltanba".to_vec()];
    for n in [31usize, 64, 65, 1000, 4096] {
        out.push((0..n).map(|i| (i * 131 + n) as u8).collect());
    }
    out
}

/// Replace the point that ends a GOST SubjectPublicKeyInfo.
fn with_point(spki: &[u8], point: &[u8]) -> Vec<u8> {
    let mut out = spki[..spki.len() - point.len()].to_vec();
    out.extend_from_slice(point);
    out
}

fn reversed(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().rev().copied().collect()
}

fn national_key(case: &Case) -> (Box<dyn Signer>, Vec<u8>) {
    let (key, cert, _) =
        KeyBundle::from_pkcs12(&fs::read(format!("{KZ}/{}", case.p12)).unwrap(), "Qwerty12")
            .unwrap()
            .into_parts();
    (Box::new(key), cert.spki().to_vec())
}

/// A key the engine generates on `case`'s curve (paramset A), written to
/// `dir/NAME.pem`, and its SubjectPublicKeyInfo as the engine writes it.
fn engine_key(case: &Case, dir: &Path, name: &str) -> (PathBuf, Vec<u8>) {
    let key = dir.join(format!("{name}.pem"));
    let public = dir.join(format!("{name}.der"));
    run_ok(&[
        "genpkey",
        "-engine",
        "gost",
        "-algorithm",
        case.engine_algorithm,
        "-pkeyopt",
        "paramset:A",
        "-out",
        p(&key),
    ]);
    run_ok(&[
        "pkey",
        "-engine",
        "gost",
        "-in",
        p(&key),
        "-pubout",
        "-outform",
        "DER",
        "-out",
        p(&public),
    ]);
    let spki = fs::read(&public).unwrap();
    (key, spki)
}

fn require_engine() -> bool {
    if engine_available() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI installs libengine-gost-openssl; the GOST engine must be available"
    );
    eprintln!(
        "skipped: OpenSSL's GOST engine is not installed (apt-get install libengine-gost-openssl)"
    );
    false
}

#[test]
fn engine_signatures_verify_in_qoltanba() {
    if !require_engine() {
        return;
    }
    let mut verified = 0;
    for case in &CASES {
        let dir = scratch(case.engine_algorithm);
        let (key, engine_spki) = engine_key(case, &dir, "key");

        let point = &engine_spki[engine_spki.len() - 2 * case.len..];
        let (_, national_spki) = national_key(case);
        let spki = with_point(&national_spki, point);
        let backend = default_backend();
        for msg in messages() {
            let d = digest(case, &dir, &msg);
            fs::write(dir.join("digest"), &d).unwrap();
            let sig_file = dir.join("sig");
            run_ok(&[
                "pkeyutl",
                "-engine",
                "gost",
                "-sign",
                "-inkey",
                p(&key),
                "-in",
                p(&dir.join("digest")),
                "-out",
                p(&sig_file),
            ]);
            let engine_sig = fs::read(&sig_file).unwrap();
            assert_eq!(engine_sig.len(), 2 * case.len);
            let sig = reversed(&engine_sig);
            assert_eq!(backend.verify(case.algorithm, &spki, &msg, &sig), Ok(()));
            let mut other = msg.clone();
            other.push(0);
            assert_eq!(
                backend.verify(case.algorithm, &spki, &other, &sig),
                Err(Error::InvalidSignature)
            );
            // Unconverted, the engine's byte order is not the national one.
            assert_eq!(
                backend.verify(case.algorithm, &spki, &msg, &engine_sig),
                Err(Error::InvalidSignature)
            );
            verified += 1;
        }
        fs::remove_dir_all(&dir).unwrap();
    }
    assert_eq!(verified, 2 * messages().len());
}

#[test]
fn qoltanba_signatures_verify_in_the_engine() {
    if !require_engine() {
        return;
    }
    let mut verified = 0;
    for case in &CASES {
        let dir = scratch(&format!("{}-reverse", case.engine_algorithm));
        // The engine's SubjectPublicKeyInfo layout (its OIDs), with the
        // national key's point.
        let (_, template_spki) = engine_key(case, &dir, "template");
        let (signer, national_spki) = national_key(case);
        let point = &national_spki[national_spki.len() - 2 * case.len..];
        let public = dir.join("pub.der");
        fs::write(&public, with_point(&template_spki, point)).unwrap();
        for msg in messages() {
            let sig = signer.sign(&msg).unwrap();
            fs::write(dir.join("sig"), reversed(&sig)).unwrap();
            let d = digest(case, &dir, &msg);
            fs::write(dir.join("digest"), &d).unwrap();
            let verify = |digest_file: &Path| {
                openssl(&[
                    "pkeyutl",
                    "-engine",
                    "gost",
                    "-verify",
                    "-pubin",
                    "-keyform",
                    "DER",
                    "-inkey",
                    p(&public),
                    "-in",
                    p(digest_file),
                    "-sigfile",
                    p(&dir.join("sig")),
                ])
            };
            let out = verify(&dir.join("digest"));
            assert!(
                out.status.success()
                    && String::from_utf8_lossy(&out.stdout).contains("Verified Successfully"),
                "{}: {}",
                case.engine_algorithm,
                String::from_utf8_lossy(&out.stderr)
            );
            let mut other = d.clone();
            other[0] ^= 1;
            fs::write(dir.join("other"), &other).unwrap();
            assert!(!verify(&dir.join("other")).status.success());
            verified += 1;
        }
        fs::remove_dir_all(&dir).unwrap();
    }
    assert_eq!(verified, 2 * messages().len());
}
