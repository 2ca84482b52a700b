//! Project Wycheproof signature-verification vectors, run against every
//! backend compiled in.
//!
//! Every file in `test-vectors/third-party/wycheproof/testvectors_v1` is read; for
//! each test group the signature algorithm is built the way X.509 code
//! builds it (a DER `AlgorithmIdentifier` decoded with
//! [`SignatureAlgorithm::from_der`]), except for IEEE P1363 ECDSA which has no
//! OID. Groups whose parameters the library deliberately does not implement
//! (MGF1 hash other than the hash, SHA-1 or SHA-224 with PSS; any PSS
//! salt length is supported) must be refused with
//! `Error::UnsupportedSignatureAlgorithm` and are counted as such.
//!
//! Expected results: "valid" must verify, "invalid" must be refused,
//! "acceptable" may go either way (counted). Both backends must also give
//! the very same result for every test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use qoltanba::{backends, Error, HashAlgorithm, SignatureAlgorithm, SignatureVerifier};
use serde_json::Value;

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test-vectors/third-party/wycheproof/testvectors_v1")
}

/// OID content bytes (hex) of a hash, by Wycheproof's name.
fn hash_oid(name: &str) -> Option<&'static str> {
    Some(match name {
        "SHA-1" => "2b0e03021a",
        "SHA-224" => "608648016503040204",
        "SHA-256" => "608648016503040201",
        "SHA-384" => "608648016503040202",
        "SHA-512" => "608648016503040203",
        "SHA-512/224" => "608648016503040205",
        "SHA-512/256" => "608648016503040206",
        _ => return None,
    })
}

fn hash_by_name(name: &str) -> Option<HashAlgorithm> {
    Some(match name {
        "SHA-1" => HashAlgorithm::Sha1,
        "SHA-256" => HashAlgorithm::Sha256,
        "SHA-384" => HashAlgorithm::Sha384,
        "SHA-512" => HashAlgorithm::Sha512,
        _ => return None,
    })
}

/// DER TLV with a definite length.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len < 0x100 {
        out.extend_from_slice(&[0x81, len as u8]);
    } else {
        out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]);
    }
    out.extend_from_slice(content);
    out
}

fn oid(hex_content: &str) -> Vec<u8> {
    tlv(0x06, &hex::decode(hex_content).expect("OID hex"))
}

/// AlgorithmIdentifier { oid, params }.
fn alg_id(oid_hex: &str, params: Option<Vec<u8>>) -> Vec<u8> {
    let mut body = oid(oid_hex);
    if let Some(p) = params {
        body.extend(p);
    }
    tlv(0x30, &body)
}

fn null() -> Vec<u8> {
    vec![0x05, 0x00]
}

/// What the group asks for, as a DER AlgorithmIdentifier (or, for P1363,
/// directly), and whether the library is meant to support it.
enum GroupAlgorithm {
    Der(Vec<u8>),
    Direct(SignatureAlgorithm),
}

fn group_algorithm(group: &Value) -> Result<(GroupAlgorithm, bool), String> {
    let typ = group["type"].as_str().ok_or("group without type")?;
    let sha = group["sha"].as_str().ok_or("group without sha")?;
    let hash = hash_by_name(sha);
    match typ {
        "RsassaPkcs1Verify" => {
            let last = match sha {
                "SHA-1" => "05",
                "SHA-224" => "0e",
                "SHA-256" => "0b",
                "SHA-384" => "0c",
                "SHA-512" => "0d",
                other => return Err(format!("PKCS#1 hash {other}")),
            };
            let der = alg_id(&format!("2a864886f70d0101{last}"), Some(null()));
            Ok((GroupAlgorithm::Der(der), hash.is_some()))
        }
        "RsassaPssVerify" | "RsassaPssWithParametersVerify" => {
            let mgf = group["mgf"].as_str().ok_or("PSS group without mgf")?;
            if mgf != "MGF1" {
                return Err(format!("mask generation {mgf}"));
            }
            let mgf_sha = group["mgfSha"].as_str().ok_or("no mgfSha")?;
            let salt = group["sLen"].as_u64().ok_or("no sLen")?;
            let h = alg_id(hash_oid(sha).ok_or(format!("hash {sha}"))?, Some(null()));
            let mh = alg_id(
                hash_oid(mgf_sha).ok_or(format!("hash {mgf_sha}"))?,
                Some(null()),
            );
            let mut salt_int = salt.to_be_bytes().to_vec();
            while salt_int.len() > 1 && salt_int[0] == 0 && salt_int[1] & 0x80 == 0 {
                salt_int.remove(0);
            }
            if salt_int[0] & 0x80 != 0 {
                salt_int.insert(0, 0);
            }
            let mut params = tlv(0xa0, &h);
            params.extend(tlv(0xa1, &alg_id("2a864886f70d010108", Some(mh))));
            params.extend(tlv(0xa2, &tlv(0x02, &salt_int)));
            let der = alg_id("2a864886f70d01010a", Some(tlv(0x30, &params)));
            let supported = matches!(
                hash,
                Some(HashAlgorithm::Sha256 | HashAlgorithm::Sha384 | HashAlgorithm::Sha512)
            ) && mgf_sha == sha
                && salt <= u64::from(u16::MAX);
            Ok((GroupAlgorithm::Der(der), supported))
        }
        "EcdsaVerify" => {
            let oid_hex = match sha {
                "SHA-1" => "2a8648ce3d0401",
                "SHA-224" => "2a8648ce3d040301",
                "SHA-256" => "2a8648ce3d040302",
                "SHA-384" => "2a8648ce3d040303",
                "SHA-512" => "2a8648ce3d040304",
                other => return Err(format!("ECDSA hash {other}")),
            };
            Ok((GroupAlgorithm::Der(alg_id(oid_hex, None)), hash.is_some()))
        }
        "EcdsaP1363Verify" => {
            let hash = hash.ok_or(format!("P1363 hash {sha}"))?;
            Ok((
                GroupAlgorithm::Direct(SignatureAlgorithm::EcdsaP1363(hash)),
                true,
            ))
        }
        other => Err(format!("group type {other}")),
    }
}

#[derive(Default)]
struct Tally {
    valid_ok: usize,
    invalid_refused: usize,
    unsupported: usize,
    acceptable_accepted: usize,
    acceptable_refused: usize,
    /// Errors given for "invalid" tests, by kind.
    refusals: BTreeMap<&'static str, usize>,
}

fn error_kind(e: &Error) -> &'static str {
    match e {
        Error::InvalidSignature => "InvalidSignature",
        Error::UnsupportedSignatureAlgorithm { .. } => "UnsupportedSignatureAlgorithm",
        Error::UnsupportedPublicKey { .. } => "UnsupportedPublicKey",
        Error::Malformed { .. } => "Malformed",
        _ => "other",
    }
}

fn hex_field(v: &Value, key: &str) -> Vec<u8> {
    hex::decode(v[key].as_str().unwrap_or_else(|| panic!("missing {key}")))
        .unwrap_or_else(|e| panic!("bad hex in {key}: {e}"))
}

/// Each test's tcId and outcome, for the cross-backend comparison.
type Outcomes = Vec<(u64, Result<(), Error>)>;

/// Run one file on one backend; returns the tally, the mismatches, and each
/// test's outcome.
fn run_file(
    name: &str,
    doc: &Value,
    backend: &dyn SignatureVerifier,
) -> (Tally, Vec<String>, Outcomes) {
    let mut tally = Tally::default();
    let mut mismatches = Vec::new();
    let mut outcomes = Vec::new();
    let groups = doc["testGroups"].as_array().expect("testGroups");
    for group in groups {
        let tests = group["tests"].as_array().expect("tests");
        let (alg, meant_supported) = match group_algorithm(group) {
            Ok(x) => x,
            Err(e) => {
                mismatches.push(format!("{name}: cannot build the algorithm: {e}"));
                continue;
            }
        };
        let algorithm = match alg {
            GroupAlgorithm::Direct(a) => Ok(a),
            GroupAlgorithm::Der(der) => SignatureAlgorithm::from_der(&der),
        };
        let spki = hex_field(group, "publicKeyDer");
        match (algorithm, meant_supported) {
            (Err(Error::UnsupportedSignatureAlgorithm { .. }), false) => {
                // Unsupported by design: refused for every test in the group.
                tally.unsupported += tests.len();
                for t in tests {
                    outcomes.push((
                        t["tcId"].as_u64().expect("tcId"),
                        Err(Error::UnsupportedSignatureAlgorithm { oid: String::new() }),
                    ));
                }
                continue;
            }
            (Ok(a), false) => {
                mismatches.push(format!(
                    "{name}: group (sha {}, mgfSha {}, sLen {}) decoded as {a:?} but should be unsupported",
                    group["sha"], group["mgfSha"], group["sLen"]
                ));
                continue;
            }
            (Err(e), _) => {
                mismatches.push(format!(
                    "{name}: group (sha {}, mgfSha {}, sLen {}) refused: {e}",
                    group["sha"], group["mgfSha"], group["sLen"]
                ));
                continue;
            }
            (Ok(algorithm), true) => {
                for t in tests {
                    let tc_id = t["tcId"].as_u64().expect("tcId");
                    let msg = hex_field(t, "msg");
                    let sig = hex_field(t, "sig");
                    let result = t["result"].as_str().expect("result");
                    let comment = t["comment"].as_str().unwrap_or("");
                    let got = backend.verify(algorithm, &spki, &msg, &sig);
                    match (result, &got) {
                        ("valid", Ok(())) => tally.valid_ok += 1,
                        ("invalid", Err(e)) => {
                            tally.invalid_refused += 1;
                            *tally.refusals.entry(error_kind(e)).or_default() += 1;
                        }
                        ("acceptable", Ok(())) => tally.acceptable_accepted += 1,
                        ("acceptable", Err(_)) => tally.acceptable_refused += 1,
                        _ => mismatches.push(format!(
                            "{name} [{}] tcId {tc_id} ({comment:?}, flags {}): expected {result}, got {got:?}",
                            backend.name(),
                            t["flags"]
                        )),
                    }
                    outcomes.push((tc_id, got));
                }
            }
        }
    }
    (tally, mismatches, outcomes)
}

#[test]
fn wycheproof_all_files_all_backends() {
    let dir = vectors_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        22,
        "expected the 22 staged Wycheproof files in {}",
        dir.display()
    );

    let backends = backends();
    assert!(!backends.is_empty());
    let mut mismatches = Vec::new();
    let mut totals: BTreeMap<&'static str, (usize, usize, usize)> = BTreeMap::new();

    println!(
        "{:<46} {:<10} {:>6} {:>7} {:>11} {:>10}  refusals of invalid",
        "file", "backend", "tests", "passed", "unsupported", "acceptable"
    );
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file name")
            .to_owned();
        let text = std::fs::read_to_string(path).expect("read vector file");
        let doc: Value = serde_json::from_str(&text).expect("vector file is JSON");
        let declared = doc["numberOfTests"].as_u64().expect("numberOfTests") as usize;

        let mut per_backend = Vec::new();
        for backend in &backends {
            let (tally, mut bad, outcomes) = run_file(&name, &doc, *backend);
            let passed = tally.valid_ok + tally.invalid_refused;
            let acceptable = tally.acceptable_accepted + tally.acceptable_refused;
            let counted = passed + tally.unsupported + acceptable + bad.len();
            if counted < declared {
                bad.push(format!(
                    "{name} [{}]: only {counted} of {declared} tests were run",
                    backend.name()
                ));
            }
            println!(
                "{:<46} {:<10} {:>6} {:>7} {:>11} {:>4} ({}+/{}-)  {:?}",
                name,
                backend.name(),
                declared,
                passed,
                tally.unsupported,
                acceptable,
                tally.acceptable_accepted,
                tally.acceptable_refused,
                tally.refusals
            );
            let t = totals.entry(backend.name()).or_default();
            t.0 += passed;
            t.1 += tally.unsupported;
            t.2 += acceptable;
            mismatches.extend(bad);
            per_backend.push((backend.name(), outcomes));
        }

        // Every backend must give the same answer to every test.
        if let Some(((first_name, first), rest)) = per_backend.split_first() {
            for (other_name, other) in rest {
                for ((id, a), (_, b)) in first.iter().zip(other.iter()) {
                    if a.is_ok() != b.is_ok()
                        || a.as_ref().err().map(error_kind) != b.as_ref().err().map(error_kind)
                    {
                        mismatches.push(format!(
                            "{name} tcId {id}: {first_name} gave {a:?}, {other_name} gave {b:?}"
                        ));
                    }
                }
            }
        }
    }
    for (backend, (passed, unsupported, acceptable)) in &totals {
        println!(
            "TOTAL {backend}: passed {passed}, unsupported (by design) {unsupported}, acceptable {acceptable}"
        );
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
