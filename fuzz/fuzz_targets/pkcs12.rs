//! PKCS#12 opening (`KeyBundle::from_pkcs12`) and PKCS#8 keys
//! (`SigningKey::from_pkcs8`): never panics, bounded memory and time (the
//! KDF iteration counts come from the input; the library bounds the work
//! per file, so every input finishes well inside libFuzzer's -timeout).
//!
//! A random file never gets past the MAC, so the first byte picks how far in
//! the fuzzer's bytes go; the harness supplies whatever the fuzzer cannot
//! forge (a valid MAC, a valid encryption), with 1 iteration:
//!
//! - `0x30` (a PFX's SEQUENCE; every seed file): the whole input is a file,
//!   opened with the fixed password `Qwerty12` (the national CA's test keys);
//! - `P`: a password from the input (one length byte, the bytes, lossy
//!   UTF-8), then the file;
//! - `M`: the input is the AuthenticatedSafe (BER); the harness wraps it in a
//!   PFX with a valid SHA-1 MAC (1 iteration);
//! - `E`: the input is a SafeContents; the harness encrypts it as an
//!   EncryptedData (pbeWithSHAAnd3-KeyTripleDES-CBC, 1 iteration) inside a
//!   valid file;
//! - `K`: the input is a PKCS#8 key; the harness puts it in a shrouded key
//!   bag (3DES) beside the demo P-256 certificate, so the key decoding and
//!   the key/certificate pairing run;
//! - anything else: `SigningKey::from_pkcs8` on the rest.
#![no_main]

use cbc::cipher::{block_padding::Pkcs7, BlockEncryptMut, KeyIvInit};
use hmac::{Hmac, Mac};
use pkcs12::kdf::{derive_key_utf8, Pkcs12KeyType};
use qoltanba::{KeyBundle, SigningKey};

const PASSWORD: &str = "Qwerty12";

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

const DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
const ENCRYPTED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x06];
const SHA1: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
const PBE_SHA_3DES: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03];
const SHROUDED_KEY_BAG: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x02,
];
const CERT_BAG: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x03,
];
const X509_CERTIFICATE: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x16, 0x01];
const SALT: &[u8] = b"qoltanba";

/// ContentInfo { data, [0] OCTET STRING }.
fn data_info(content: &[u8]) -> Vec<u8> {
    seq(&[&tlv(0x06, DATA), &tlv(0xa0, &tlv(0x04, content))])
}

/// A PFX around an AuthenticatedSafe, with a valid SHA-1 MAC (1 iteration).
fn pfx(auth_safe: &[u8]) -> Vec<u8> {
    let key = derive_key_utf8::<sha1::Sha1>(PASSWORD, SALT, Pkcs12KeyType::Mac, 1, 20)
        .expect("ASCII password");
    let mut mac = <Hmac<sha1::Sha1> as Mac>::new_from_slice(&key).expect("HMAC key");
    mac.update(auth_safe);
    let digest = mac.finalize().into_bytes();
    let mac_data = seq(&[
        &seq(&[
            &seq(&[&tlv(0x06, SHA1), &[0x05, 0x00]]),
            &tlv(0x04, &digest),
        ]),
        &tlv(0x04, SALT),
        &tlv(0x02, &[1]),
    ]);
    seq(&[&tlv(0x02, &[3]), &data_info(auth_safe), &mac_data])
}

/// pbeWithSHAAnd3-KeyTripleDES-CBC with 1 iteration: (AlgorithmIdentifier,
/// ciphertext).
fn encrypt(plain: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let derive = |id, len| {
        derive_key_utf8::<sha1::Sha1>(PASSWORD, SALT, id, 1, len).expect("ASCII password")
    };
    let key = derive(Pkcs12KeyType::EncryptionKey, 24);
    let iv = derive(Pkcs12KeyType::Iv, 8);
    let ciphertext = cbc::Encryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
        .expect("3DES key")
        .encrypt_padded_vec_mut::<Pkcs7>(plain);
    let alg = seq(&[
        &tlv(0x06, PBE_SHA_3DES),
        &seq(&[&tlv(0x04, SALT), &tlv(0x02, &[1])]),
    ]);
    (alg, ciphertext)
}

/// A valid file whose only content is `safe_contents`, encrypted.
fn encrypted_file(safe_contents: &[u8]) -> Vec<u8> {
    let (alg, ciphertext) = encrypt(safe_contents);
    let encrypted_data = seq(&[
        &tlv(0x02, &[0]),
        &seq(&[&tlv(0x06, DATA), &alg, &tlv(0x80, &ciphertext)]),
    ]);
    let info = seq(&[&tlv(0x06, ENCRYPTED_DATA), &tlv(0xa0, &encrypted_data)]);
    pfx(&seq(&[&info]))
}

/// A valid file: the PKCS#8 bytes in a shrouded key bag, the demo P-256
/// certificate in a certificate bag.
fn key_file(pkcs8: &[u8]) -> Vec<u8> {
    let cert = demo_certificate();
    let (alg, ciphertext) = encrypt(pkcs8);
    let key_bag = seq(&[
        &tlv(0x06, SHROUDED_KEY_BAG),
        &tlv(0xa0, &seq(&[&alg, &tlv(0x04, &ciphertext)])),
    ]);
    let cert_bag = seq(&[
        &tlv(0x06, CERT_BAG),
        &tlv(
            0xa0,
            &seq(&[&tlv(0x06, X509_CERTIFICATE), &tlv(0xa0, &tlv(0x04, cert))]),
        ),
    ]);
    let safe = seq(&[&key_bag, &cert_bag]);
    pfx(&seq(&[&data_info(&safe)]))
}

/// The DER of test-vectors/keys/p256.pem.
fn demo_certificate() -> &'static [u8] {
    static DER: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    DER.get_or_init(|| {
        let pem = include_bytes!("../../test-vectors/keys/p256.pem");
        qoltanba::Certificate::from_any(pem)
            .expect("demo certificate")
            .der()
            .to_vec()
    })
}

fn open(file: &[u8], password: &str) {
    if let Ok(bundle) = KeyBundle::from_pkcs12(file, password) {
        // Whatever opens is a key with the certificate it belongs to.
        bundle
            .key()
            .check_certificate(bundle.certificate())
            .expect("an opened bundle's key matches its certificate");
        let _ = bundle.chain().len();
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode {
        0x30 => open(data, PASSWORD),
        b'P' => {
            let Some((&n, rest)) = rest.split_first() else {
                return;
            };
            let n = usize::from(n).min(rest.len());
            let password = String::from_utf8_lossy(&rest[..n]);
            open(&rest[n..], &password);
        }
        b'M' => open(&pfx(rest), PASSWORD),
        b'E' => open(&encrypted_file(rest), PASSWORD),
        b'K' => open(&key_file(rest), PASSWORD),
        _ => {
            let _ = SigningKey::from_pkcs8(rest);
        }
    }
});
