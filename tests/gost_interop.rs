//! Independent cross-check with the PyPI package `gostcrypto` 1.2.5
//! (tests/interop/gost_crosscheck.py): GOST 34.10-2015 512-bit (Streebog-512)
//! and GOST 34.310-2004 (GOST 34.311-95) signatures qoltanba makes with the
//! national CA's test keys verify in gostcrypto, and gostcrypto's signatures
//! verify in qoltanba. Skipped, with a notice, only if python3 or
//! gostcrypto is missing (CI installs it: `pip install gostcrypto==1.2.5`).
#![allow(clippy::unwrap_used)]

use std::fs;
use std::io::Write as _;
use std::process::{Command, Stdio};

use gost94::Digest as _;
use qoltanba::{default_backend, KeyBundle, SignatureAlgorithm, Signer};

const KZ: &str = "test-vectors/third-party/kz";
const SCRIPT: &str = "tests/interop/gost_crosscheck.py";

fn gostcrypto_available() -> bool {
    Command::new("python3")
        .args(["-c", "import gostcrypto"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn digest(curve: &str, msg: &[u8]) -> Vec<u8> {
    match curve {
        "2015" => streebog::Streebog512::digest(msg).to_vec(),
        _ => gost94::Gost94Test::digest(msg).to_vec(),
    }
}

/// The `x || y` point of a GOST certificate's key: the last 2*len bytes of
/// its SubjectPublicKeyInfo (the content of the OCTET STRING in the BIT
/// STRING, which ends the structure).
fn point(spki: &[u8], len: usize) -> Vec<u8> {
    spki[spki.len() - 2 * len..].to_vec()
}

/// A GOST SubjectPublicKeyInfo for `point` (as the national CA writes it).
fn spki(curve: &str, point: &[u8]) -> Vec<u8> {
    let (key, params): (&[u8], &[u8]) = match curve {
        "2015" => (
            &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x02, 0x02],
            &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x02, 0x02, 0x01],
        ),
        _ => (
            &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x01, 0x01],
            &[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x01, 0x01, 0x01, 0x01],
        ),
    };
    fn tlv(tag: u8, c: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match c.len() {
            n if n < 0x80 => out.push(n as u8),
            n => out.extend([0x81, n as u8]),
        }
        out.extend_from_slice(c);
        out
    }
    let alg = tlv(0x30, &[tlv(6, key), tlv(0x30, &tlv(6, params))].concat());
    let mut bits = vec![0u8];
    bits.extend(tlv(4, point));
    tlv(0x30, &[alg, tlv(3, &bits)].concat())
}

/// Hex, or "-" for nothing (the script splits on whitespace).
fn field(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        "-".to_owned()
    } else {
        hex::encode(bytes)
    }
}

fn unfield(f: &str) -> Vec<u8> {
    if f == "-" {
        Vec::new()
    } else {
        hex::decode(f).unwrap()
    }
}

fn algorithm(curve: &str) -> SignatureAlgorithm {
    match curve {
        "2015" => SignatureAlgorithm::Gost2015_512,
        _ => SignatureAlgorithm::Gost2004,
    }
}

#[test]
fn gostcrypto_agrees_both_ways() {
    if !gostcrypto_available() {
        eprintln!(
            "NOTICE: python3 with gostcrypto not found; GOST cross-check skipped \
             (pip install gostcrypto==1.2.5)"
        );
        return;
    }
    let keys = [
        (
            "skarm-kalkan/p12__GOST512_02c7a21f2df78b99cb67323e2e255779bb6ae309.p12",
            "Qwerty12",
        ),
        (
            "skarm-kalkan/p12__GOST512_0860d9665327c26760c213126760a3b73072218d.p12",
            "Qwerty12",
        ),
        (
            "skarm-kalkan/p12__GOST512_25bae2ec55e0929fc77114432b71790e58066a38.p12",
            "Qwerty12",
        ),
        ("ncanode/KEY_INDIVIDUAL_VALID_2015.p12", "Aa123456"),
        ("gokalkan/gost2015_individual_2023.p12", "Qwerty12"),
        ("ncanode/KEY_CEO_SIGN_REVOKED_2004.p12", "Qwerty12"),
        (
            "ncanode-2018/GOSTKNCA_f8a422238209b6e753116431b69b09178f14e9d7.p12",
            "Qwerty12",
        ),
    ];
    let messages: [&[u8]; 3] = [b"", b"qoltanba", "Қазақстан электрондық үкіметі".as_bytes()];
    let mut input = String::new();
    let mut ours = 0;
    for (file, password) in keys {
        let b =
            KeyBundle::from_pkcs12(&fs::read(format!("{KZ}/{file}")).unwrap(), password).unwrap();
        let (curve, len) = match b.key().algorithm() {
            SignatureAlgorithm::Gost2015_512 => ("2015", 64),
            _ => ("2004", 32),
        };
        let public = point(b.certificate().spki(), len);
        for msg in messages {
            let sig = b.key().sign(msg).unwrap();
            input += &format!(
                "verify {curve} {} {} {} {}\n",
                hex::encode(&public),
                field(msg),
                hex::encode(digest(curve, msg)),
                hex::encode(&sig)
            );
            ours += 1;
        }
    }
    let mut theirs = 0;
    for curve in ["2015", "2004"] {
        for msg in messages.iter().chain([&b"gostcrypto"[..]].iter()) {
            input += &format!(
                "sign {curve} {} {}\n",
                field(msg),
                hex::encode(digest(curve, msg))
            );
            theirs += 1;
        }
    }
    let mut child = Command::new("python3")
        .arg(SCRIPT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{SCRIPT} failed");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), ours + theirs);
    let (mut verified_there, mut verified_here) = (0, 0);
    for line in lines {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f[0] {
            "ok" => verified_there += 1,
            "signed" => {
                let (curve, public, msg, sig) = (
                    f[1],
                    hex::decode(f[2]).unwrap(),
                    unfield(f[3]),
                    hex::decode(f[4]).unwrap(),
                );
                default_backend()
                    .verify(algorithm(curve), &spki(curve, &public), &msg, &sig)
                    .unwrap_or_else(|e| panic!("gostcrypto {curve} signature: {e}"));
                verified_here += 1;
            }
            _ => panic!("gostcrypto: {line}"),
        }
    }
    eprintln!(
        "gostcrypto cross-check: {verified_there}/{ours} qoltanba signatures verified by \
         gostcrypto, {verified_here}/{theirs} gostcrypto signatures verified by qoltanba"
    );
    assert_eq!((verified_there, verified_here), (ours, theirs));
    assert_eq!(ours + theirs, 29);
}
