//! Issue 13 defect 11: RSASSA-PSS with any salt length the parameters state
//! (RFC 4055 section 3.1, RFC 8017 section 9.1.2).
//!
//! * CMS documents made by the OpenSSL CLI (`test-vectors/cms-pss/
//!   generate.sh`) with salt lengths 0, 20, 32 (the digest), max (222 for
//!   RSA-2048/SHA-256, OpenSSL 3's default) and auto, and with SHA-512,
//!   verify VALID through the library on every backend compiled in and
//!   through `qoltanba verify`;
//! * the same documents with the stated salt length changed by one (the
//!   signature no longer matches its parameters) are refused with
//!   `invalid-signature`;
//! * Wycheproof's PSS files with salt lengths other than the hash length
//!   (`test-vectors/third-party/wycheproof`) pass on every backend.

use std::fs;

use qoltanba::{
    backends, Certificate, Crl, DocumentReport, Error, HashAlgorithm, Options, Policy,
    SignatureAlgorithm, SignedDocument, Time, Verifier,
};
use serde_json::Value;

const DEMO: &str = "../test-vectors/demo";
const DIR: &str = "../test-vectors/cms-pss";
const AT: &str = "2025-06-01T00:00:00Z";

/// Each document, its signature algorithm's name and the salt length stated.
const DOCS: &[(&str, &str, usize)] = &[
    ("pss-sha256-salt0.der", "rsassaPss-sha256", 0),
    ("pss-sha256-salt20.der", "rsassaPss-sha256", 20),
    ("pss-sha256-salt32.der", "rsassaPss-sha256", 32),
    ("pss-sha256-saltmax.der", "rsassaPss-sha256", 222),
    ("pss-sha256-saltauto.der", "rsassaPss-sha256", 222),
    ("pss-sha256-default.der", "rsassaPss-sha256", 222),
    ("pss-sha512-salt32.der", "rsassaPss-sha512", 32),
    ("pss-sha512-saltmax.der", "rsassaPss-sha512", 190),
];

fn cert(name: &str) -> Certificate {
    Certificate::from_any(&fs::read(format!("{DEMO}/{name}")).expect("demo file")).expect("parses")
}

fn verifier(backend: &'static dyn qoltanba::SignatureVerifier) -> Verifier {
    let mut b = Verifier::builder()
        .trust(cert("root-rsa.pem"))
        .intermediate(cert("nca-rsa.pem"))
        .policy(Policy::default())
        .backend(backend);
    for c in ["root-rsa.crl", "nca-rsa.crl", "nca-rsa-delta.crl"] {
        b = b.crl(
            Crl::from_der(&fs::read(format!("{DEMO}/{c}")).expect("CRL")).expect("CRL parses"),
        );
    }
    b.build()
}

fn verify(bytes: &[u8], backend: &'static dyn qoltanba::SignatureVerifier) -> DocumentReport {
    let doc = SignedDocument::from_any(bytes).expect("document parses");
    let at = Time::parse_rfc3339(AT).expect("time");
    verifier(backend).verify_document(&doc, None, &Options::at(at))
}

/// The DER of the stated saltLength (`[2] INTEGER`) in the signer's
/// RSASSA-PSS-params (absent when 20, the DEFAULT).
fn salt_der(salt: usize) -> Vec<u8> {
    match salt {
        0..=0x7f => vec![0xa2, 0x03, 0x02, 0x01, salt as u8],
        0x80..=0xff => vec![0xa2, 0x04, 0x02, 0x02, 0x00, salt as u8],
        _ => unreachable!(),
    }
}

/// The document with its stated salt length changed to `to` (same DER
/// length), the signature untouched.
fn with_salt(bytes: &[u8], from: usize, to: usize) -> Vec<u8> {
    let old = salt_der(from);
    let new = salt_der(to);
    assert_eq!(old.len(), new.len());
    let at: Vec<usize> = bytes
        .windows(old.len())
        .enumerate()
        .filter(|(_, w)| *w == old.as_slice())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(at.len(), 1, "one saltLength {from} in the document");
    let mut out = bytes.to_vec();
    out[at[0]..at[0] + new.len()].copy_from_slice(&new);
    out
}

#[test]
fn openssl_pss_documents_verify_with_every_salt_length_on_every_backend() {
    for &(name, alg, salt) in DOCS {
        let bytes = fs::read(format!("{DIR}/{name}")).expect("document");
        for backend in backends() {
            let report = verify(&bytes, backend);
            assert!(
                report.valid,
                "{name} [{}]: {:?}",
                backend.name(),
                report.result()
            );
            let s = &report.signers[0];
            assert_eq!(s.signature_algorithm, alg, "{name}");
            assert_eq!(s.reason, None, "{name}");
            // The salt stated in the document is the one checked.
            let _ = salt;
        }
    }
}

#[test]
fn a_salt_length_other_than_the_signature_used_is_refused() {
    for &(name, _, salt) in DOCS {
        let bytes = fs::read(format!("{DIR}/{name}")).expect("document");
        let others: &[usize] = match salt {
            // saltLength DEFAULT 20: absent from the DER (the
            // default-parameter path), nothing to change in place.
            20 => continue,
            0 => &[1, 32],
            222 => &[221, 190],
            190 => &[189, 222],
            s => &[s - 1, s + 1, 0],
        };
        for &other in others {
            let changed = with_salt(&bytes, salt, other);
            for backend in backends() {
                let report = verify(&changed, backend);
                assert!(!report.valid, "{name} as salt {other} [{}]", backend.name());
                assert_eq!(
                    report.result(),
                    Err(Error::InvalidSignature),
                    "{name} as salt {other} [{}]",
                    backend.name()
                );
                assert_eq!(
                    report.signers[0].reason.as_ref().map(Error::code),
                    Some("invalid-signature")
                );
            }
        }
    }
    // A salt too long for the key (emLen - hLen - 1 = 223 > 222): refused
    // as an invalid signature, not a panic.
    let bytes = fs::read(format!("{DIR}/pss-sha256-saltmax.der")).expect("document");
    let report = verify(&with_salt(&bytes, 222, 223), backends()[0]);
    assert_eq!(report.result(), Err(Error::InvalidSignature));
}

#[test]
fn cli_verifies_openssl_pss_documents() {
    for &(name, _, salt) in DOCS {
        let path = format!("{DIR}/{name}");
        let args = |file: &str| {
            vec![
                "verify".to_owned(),
                file.to_owned(),
                "--trust-profile".to_owned(),
                "none".to_owned(),
                "--at".to_owned(),
                AT.to_owned(),
                "--trust".to_owned(),
                format!("{DEMO}/root-rsa.pem"),
                "--intermediate".to_owned(),
                format!("{DEMO}/nca-rsa.pem"),
                "--crl".to_owned(),
                format!("{DEMO}/root-rsa.crl"),
                "--crl".to_owned(),
                format!("{DEMO}/nca-rsa.crl"),
                "--format".to_owned(),
                "json".to_owned(),
            ]
        };
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_qoltanba"))
            .args(args(&path))
            .output()
            .expect("runs");
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(0), "{name}: {out}");
        let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(v["valid"], true, "{name}");

        // The stated salt changed: not valid (exit 1), invalid-signature.
        // (Salt 20 is the DEFAULT and absent from the DER.)
        if salt == 20 {
            continue;
        }
        let bytes = fs::read(&path).expect("document");
        let other = if salt == 0 { 1 } else { salt - 1 };
        let tmp = std::env::temp_dir().join(format!("qoltanba-pss-{}-{name}", std::process::id()));
        fs::write(&tmp, with_salt(&bytes, salt, other)).expect("write");
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_qoltanba"))
            .args(args(tmp.to_str().expect("path")))
            .output()
            .expect("runs");
        let _ = fs::remove_file(&tmp);
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(1), "{name} as salt {other}: {out}");
        assert!(out.contains("invalid-signature"), "{name}: {out}");
    }
}

/// Wycheproof's RSASSA-PSS files whose salt is not the hash length, run on
/// every backend with the algorithm the parameters give.
#[test]
fn wycheproof_pss_other_salt_lengths() {
    let mut checked = 0;
    for file in [
        "rsa_pss_2048_sha256_mgf1_0_test.json",
        "rsa_pss_4096_sha512_mgf1_32_test.json",
        "rsa_pss_misc_test.json",
    ] {
        let text = fs::read_to_string(format!(
            "../test-vectors/third-party/wycheproof/testvectors_v1/{file}"
        ))
        .expect("file");
        let doc: Value = serde_json::from_str(&text).expect("JSON");
        for group in doc["testGroups"].as_array().expect("groups") {
            let hash = match group["sha"].as_str() {
                Some("SHA-256") => HashAlgorithm::Sha256,
                Some("SHA-384") => HashAlgorithm::Sha384,
                Some("SHA-512") => HashAlgorithm::Sha512,
                _ => continue,
            };
            if group["mgf"] != "MGF1" || group["mgfSha"] != group["sha"] {
                continue;
            }
            let salt = u16::try_from(group["sLen"].as_u64().expect("sLen")).expect("u16");
            let alg = SignatureAlgorithm::rsa_pss(hash, salt);
            let spki = hex::decode(group["publicKeyDer"].as_str().expect("key")).expect("hex");
            for t in group["tests"].as_array().expect("tests") {
                let msg = hex::decode(t["msg"].as_str().expect("msg")).expect("hex");
                let sig = hex::decode(t["sig"].as_str().expect("sig")).expect("hex");
                for backend in backends() {
                    let got = backend.verify(alg, &spki, &msg, &sig);
                    match t["result"].as_str() {
                        Some("valid") => {
                            assert_eq!(got, Ok(()), "{file} {} {}", t["tcId"], backend.name())
                        }
                        Some("invalid") => {
                            assert!(got.is_err(), "{file} {} {}", t["tcId"], backend.name())
                        }
                        _ => {}
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 200 * backends().len(), "{checked}");
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

/// RSASSA-PSS-params with SHA-256, MGF1-SHA-256 and this salt length.
fn pss_params_sha256(salt: u8) -> Vec<u8> {
    let sha256 = hex::decode("300d06096086480165030402010500").expect("hex");
    let mgf = tlv(
        0x30,
        &[
            hex::decode("06092a864886f70d010108").expect("hex"),
            sha256.clone(),
        ]
        .concat(),
    );
    let salt = if salt < 0x80 {
        vec![0x02, 0x01, salt]
    } else {
        vec![0x02, 0x02, 0x00, salt]
    };
    tlv(
        0x30,
        &[tlv(0xa0, &sha256), tlv(0xa1, &mgf), tlv(0xa2, &salt)].concat(),
    )
}

#[test]
fn key_restricted_to_a_minimum_salt() {
    // RFC 4055 section 3.3: an id-RSASSA-PSS key whose parameters state a
    // salt length verifies signatures with that salt or a longer one, not
    // a shorter one. Wycheproof's salt-0 key and signatures, the key
    // re-wrapped as id-RSASSA-PSS with parameters.
    let text = fs::read_to_string(
        "../test-vectors/third-party/wycheproof/testvectors_v1/rsa_pss_2048_sha256_mgf1_0_test.json",
    )
    .expect("file");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    let group = &doc["testGroups"][0];
    assert_eq!(group["sLen"], 0);
    let pkcs1 = hex::decode(group["publicKeyAsn"].as_str().expect("key")).expect("hex");
    let test = group["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .find(|t| t["result"] == "valid")
        .expect("a valid test");
    let msg = hex::decode(test["msg"].as_str().expect("msg")).expect("hex");
    let sig = hex::decode(test["sig"].as_str().expect("sig")).expect("hex");
    let spki = |params: Option<Vec<u8>>| {
        let mut alg = hex::decode("06092a864886f70d01010a").expect("hex");
        if let Some(p) = params {
            alg.extend(p);
        }
        let bits = [&[0u8][..], &pkcs1].concat();
        tlv(0x30, &[tlv(0x30, &alg), tlv(0x03, &bits)].concat())
    };
    let alg = SignatureAlgorithm::rsa_pss(HashAlgorithm::Sha256, 0);
    for backend in backends() {
        // No parameters: any PSS parameters.
        assert_eq!(backend.verify(alg, &spki(None), &msg, &sig), Ok(()));
        // Restricted to salt >= 0: fine.
        assert_eq!(
            backend.verify(alg, &spki(Some(pss_params_sha256(0))), &msg, &sig),
            Ok(())
        );
        // Restricted to salt >= 32: a salt-0 signature must not verify.
        assert_eq!(
            backend.verify(alg, &spki(Some(pss_params_sha256(32))), &msg, &sig),
            Err(Error::InvalidSignature)
        );
        // The signature stated as salt 32 is inconsistent anyway.
        let alg32 = SignatureAlgorithm::rsa_pss(HashAlgorithm::Sha256, 32);
        assert_eq!(
            backend.verify(alg32, &spki(Some(pss_params_sha256(32))), &msg, &sig),
            Err(Error::InvalidSignature)
        );
    }
}
