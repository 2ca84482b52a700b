//! Shared by the tests that sign with the demo PKI's keys
//! (`test-vectors/demo`): its keys through aws-lc-rs, its certificates, its
//! trust anchors and CRLs, and its validation time.
#![allow(dead_code, unreachable_pub)] // each test file uses a part

pub mod der;
pub mod tsa;
// The online tests (issue 16): a 127.0.0.1 HTTP server and CRLs built in Rust.
pub mod crl;
pub mod http;
pub mod ocsp;

use std::fs;

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{
    EcdsaKeyPair, RsaKeyPair, ECDSA_P256_SHA256_ASN1_SIGNING, RSA_PKCS1_SHA256,
};
use qoltanba::{
    Certificate, Crl, Error, HashAlgorithm, SignatureAlgorithm, Signer, Time, Verifier,
};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::PrivatePkcs8KeyDer;

/// The demo PKI, relative to the directory tests run in: the repository
/// root for the library's tests, `cli/` for the CLI crate's (which include
/// this module by path).
pub const DEMO: &str = match env!("CARGO_PKG_NAME").as_bytes() {
    b"qoltanba-cli" => "../test-vectors/demo",
    _ => "test-vectors/demo",
};

pub enum DemoKey {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair),
}

impl Signer for DemoKey {
    fn algorithm(&self) -> SignatureAlgorithm {
        match self {
            DemoKey::Rsa(_) => SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha256),
            DemoKey::Ec(_) => SignatureAlgorithm::Ecdsa(HashAlgorithm::Sha256),
        }
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let rng = SystemRandom::new();
        match self {
            DemoKey::Rsa(k) => {
                let mut sig = vec![0; k.public_modulus_len()];
                k.sign(&RSA_PKCS1_SHA256, &rng, message, &mut sig)
                    .map_err(|_| Error::InvalidSignature)?;
                Ok(sig)
            }
            DemoKey::Ec(k) => Ok(k
                .sign(&rng, message)
                .map_err(|_| Error::InvalidSignature)?
                .as_ref()
                .to_vec()),
        }
    }
}

pub fn key(name: &str) -> DemoKey {
    let pem = fs::read(format!("{DEMO}/{name}.key.pem")).expect("demo key");
    let der = PrivatePkcs8KeyDer::from_pem_slice(&pem).expect("PKCS#8 PEM");
    match RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()) {
        Ok(k) => DemoKey::Rsa(k),
        Err(_) => DemoKey::Ec(
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, der.secret_pkcs8_der())
                .expect("EC key"),
        ),
    }
}

pub fn cert(name: &str) -> Certificate {
    Certificate::from_any(&fs::read(format!("{DEMO}/{name}.pem")).expect("demo cert"))
        .expect("parses")
}

pub fn demo_time() -> Time {
    Time::parse_rfc3339("2025-06-01T00:00:00Z").expect("time")
}

pub fn verifier() -> Verifier {
    let mut b = Verifier::builder()
        .trust(cert("root-rsa"))
        .trust(cert("root-ec"))
        .intermediate(cert("nca-rsa"))
        .intermediate(cert("nca-ec"));
    for c in [
        "root-rsa.crl",
        "root-ec.crl",
        "nca-rsa.crl",
        "nca-rsa-delta.crl",
        "nca-ec-fresh.crl",
    ] {
        b = b.crl(
            Crl::from_der(&fs::read(format!("{DEMO}/{c}")).expect("crl")).expect("crl parses"),
        );
    }
    b.build()
}
