//! Differential testing against OpenSSL: chains generated here (a demo root,
//! an intermediate and a leaf, each varied in the ways path validation
//! judges: basicConstraints, keyUsage, validity, an unknown critical
//! extension) are verified by qoltanba and by `openssl verify` at the same
//! time, and the verdicts must agree. Both implement everything varied here;
//! revocation and the signing-key profile are out of the comparison
//! (`Purpose::Any`, revocation off; `openssl verify` without CRLs or
//! purpose).
#![cfg(all(feature = "aws-lc", feature = "serde"))]

use std::fs;
use std::process::Command;

use base64::Engine;
use qoltanba::{Certificate, Options, Policy, Purpose, RevocationMode, Verifier};

mod common;
use common::der::{extension, name, octets, p256_key, seq, sha1, tlv};
use common::{cert, demo_time, key, DemoKey};

const DAY: i64 = 86_400;

#[derive(Clone, Copy, Debug)]
enum Bc {
    Ca,
    NotCa,
    Absent,
}

#[derive(Clone, Copy, Debug)]
enum Ku {
    CertSign,
    DigitalSignatureOnly,
    Absent,
}

#[derive(Clone, Copy, Debug)]
enum Leaf {
    Valid,
    Expired,
    NotYetValid,
    UnknownCriticalExtension,
}

fn pem(c: &Certificate) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(c.der());
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|l| std::str::from_utf8(l).expect("ascii"))
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

/// A KeyUsage BIT STRING with DER's unused-bit count.
fn key_usage(byte: u8) -> Vec<u8> {
    let unused = byte.trailing_zeros() as u8;
    extension("2.5.29.15", true, &tlv(0x03, &[unused, byte]))
}

fn openssl_accepts(
    dir: &std::path::Path,
    root: &Certificate,
    ca: &Certificate,
    leaf: &Certificate,
) -> bool {
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    fs::write(p("root.pem"), pem(root)).expect("write");
    fs::write(p("ca.pem"), pem(ca)).expect("write");
    fs::write(p("leaf.pem"), pem(leaf)).expect("write");
    let out = Command::new("openssl")
        .args([
            "verify",
            "-attime",
            &demo_time().unix().to_string(),
            "-CAfile",
            &p("root.pem"),
            "-untrusted",
            &p("ca.pem"),
            &p("leaf.pem"),
        ])
        .output()
        .expect("openssl CLI");
    out.status.success()
}

#[test]
fn generated_chains_get_the_same_verdict_as_openssl() {
    let dir = std::env::temp_dir().join(format!("qoltanba-differential-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("dir");
    let root = cert("root-rsa");
    let root_key = key("root-rsa");
    let verifier = Verifier::builder()
        .trust(root.clone())
        .policy(Policy::new().revocation(RevocationMode::Off))
        .build();
    let options = Options::at(demo_time()).purpose(Purpose::Any);
    let t = demo_time().unix();

    let (mut compared, mut valid) = (0, 0);
    let mut serial = 0u8;
    for bc in [Bc::Ca, Bc::NotCa, Bc::Absent] {
        for ku in [Ku::CertSign, Ku::DigitalSignatureOnly, Ku::Absent] {
            for ca_expired in [false, true] {
                for leaf_kind in [
                    Leaf::Valid,
                    Leaf::Expired,
                    Leaf::NotYetValid,
                    Leaf::UnknownCriticalExtension,
                ] {
                    serial += 1;
                    let (ca_pair, ca_spki) = p256_key();
                    let mut ca_exts = vec![extension("2.5.29.14", false, &octets(&sha1(&ca_spki)))];
                    match bc {
                        Bc::Ca => ca_exts.push(extension(
                            "2.5.29.19",
                            true,
                            &seq(&[vec![0x01, 0x01, 0xff]]),
                        )),
                        Bc::NotCa => ca_exts.push(extension("2.5.29.19", true, &seq(&[]))),
                        Bc::Absent => {}
                    }
                    match ku {
                        Ku::CertSign => ca_exts.push(key_usage(0x06)),
                        Ku::DigitalSignatureOnly => ca_exts.push(key_usage(0x80)),
                        Ku::Absent => {}
                    }
                    let (nb, na) = if ca_expired {
                        (t - 400 * DAY, t - 30 * DAY)
                    } else {
                        (t - 30 * DAY, t + 365 * DAY)
                    };
                    let ca = common::der::issue(
                        &root,
                        &root_key,
                        serial,
                        &name(&format!("Differential CA {serial}")),
                        &ca_spki,
                        nb,
                        na,
                        &ca_exts,
                    );
                    let ca_key = DemoKey::Ec(ca_pair);
                    let (_, leaf_spki) = p256_key();
                    let (lnb, lna) = match leaf_kind {
                        Leaf::Expired => (t - 200 * DAY, t - DAY),
                        Leaf::NotYetValid => (t + DAY, t + 200 * DAY),
                        _ => (t - 10 * DAY, t + 100 * DAY),
                    };
                    let mut leaf_exts = vec![key_usage(0x80)];
                    if let Leaf::UnknownCriticalExtension = leaf_kind {
                        leaf_exts.push(extension("1.3.6.1.4.1.99999.1", true, &[0x05, 0x00]));
                    }
                    let leaf = common::der::issue(
                        &ca,
                        &ca_key,
                        serial,
                        &name(&format!("Differential leaf {serial}")),
                        &leaf_spki,
                        lnb,
                        lna,
                        &leaf_exts,
                    );
                    let ours = verifier
                        .verify_certificate(&leaf, &options.clone().intermediates([ca.clone()]));
                    let theirs = openssl_accepts(&dir, &root, &ca, &leaf);
                    assert_eq!(
                        ours.valid, theirs,
                        "{bc:?} {ku:?} ca_expired={ca_expired} {leaf_kind:?}: qoltanba {:?}, openssl {}",
                        ours.reason, theirs
                    );
                    compared += 1;
                    valid += usize::from(ours.valid);
                }
            }
        }
    }
    fs::remove_dir_all(&dir).ok();
    // 72 chains; valid only with CA:TRUE, a keyUsage allowing certSign (or
    // none), an unexpired CA and a plain valid leaf: 2 of them.
    assert_eq!((compared, valid), (72, 2));
}
