//! Prepared public keys (issue 6): a signer's key is decoded once per
//! certificate and backend, a warm document costs exactly one signature
//! operation, and a prepared key accepts exactly what the plain path does.
#![cfg(feature = "aws-lc")]
#![allow(clippy::unwrap_used)]

mod common;
mod generate;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::{cert, demo_time, key, DEMO};
use generate::documents;
use qoltanba::{
    AwsLc, Crl, Error, HashAlgorithm, Options, Policy, PreparedKey, SignatureAlgorithm,
    SignatureVerifier, Signer, Verifier,
};

/// aws-lc-rs, counting signature operations (plain and prepared) and
/// key preparations.
#[derive(Debug)]
struct Counting {
    verifies: AtomicUsize,
    prepared_verifies: &'static AtomicUsize,
    prepares: AtomicUsize,
}

#[derive(Debug)]
struct CountingKey {
    inner: Box<dyn PreparedKey>,
    count: &'static AtomicUsize,
}

impl PreparedKey for CountingKey {
    fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), Error> {
        self.count.fetch_add(1, Ordering::SeqCst);
        self.inner.verify(message, signature)
    }
}

impl SignatureVerifier for Counting {
    fn name(&self) -> &'static str {
        "counting aws-lc-rs"
    }

    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        spki: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        self.verifies.fetch_add(1, Ordering::SeqCst);
        AwsLc.verify(algorithm, spki, message, signature)
    }

    fn prepare(&self, algorithm: SignatureAlgorithm, spki: &[u8]) -> Option<Box<dyn PreparedKey>> {
        self.prepares.fetch_add(1, Ordering::SeqCst);
        let inner = AwsLc.prepare(algorithm, spki)?;
        Some(Box::new(CountingKey {
            inner,
            count: self.prepared_verifies,
        }))
    }
}

static PREPARED: AtomicUsize = AtomicUsize::new(0);
static COUNTING: Counting = Counting {
    verifies: AtomicUsize::new(0),
    prepared_verifies: &PREPARED,
    prepares: AtomicUsize::new(0),
};

fn ops() -> (usize, usize, usize) {
    (
        COUNTING.verifies.load(Ordering::SeqCst),
        PREPARED.load(Ordering::SeqCst),
        COUNTING.prepares.load(Ordering::SeqCst),
    )
}

#[test]
fn a_warm_document_costs_one_signature_operation() {
    let mut b = Verifier::builder()
        .trust(cert("root-rsa"))
        .intermediate(cert("nca-rsa"))
        .backend(&COUNTING);
    for c in ["root-rsa.crl", "nca-rsa.crl"] {
        b = b
            .crl_any(&std::fs::read(format!("{DEMO}/{c}")).unwrap())
            .unwrap();
    }
    let v = b.build();
    let docs = documents(3, &cert("individual-sign"), &key("individual-sign")).unwrap();
    let options = Options::at(demo_time());
    assert!(
        v.verify_document_bytes(&docs[0], None, &options)
            .unwrap()
            .valid
    );
    let (plain, prepared, prepares) = ops();
    // Cold: the two links and the two CRLs checked with plain keys, the
    // document signature with the leaf's key prepared once.
    assert_eq!((plain, prepared, prepares), (4, 1, 1));
    for doc in &docs {
        let r = v.verify_document_bytes(doc, None, &options).unwrap();
        assert!(r.valid, "{:?}", r.reason);
    }
    assert_eq!(
        ops(),
        (plain, prepared + 3, prepares),
        "one operation a document"
    );
    // A tampered document fails on the prepared key too.
    let mut bad = docs[1].clone();
    let n = bad.len();
    bad[n - 5] ^= 1;
    let r = v.verify_document_bytes(&bad, None, &options).unwrap();
    assert_eq!(r.reason, Some(Error::InvalidSignature));
}

#[test]
fn prepared_keys_agree_with_the_plain_path() {
    let message = b"prepared keys agree".to_vec();
    for name in ["individual-sign", "individual-sign-ec"] {
        let leaf = cert(name);
        let k = key(name);
        let alg = k.algorithm();
        let sig = k.sign(&message).unwrap();
        let prepared = AwsLc.prepare(alg, leaf.spki()).expect("prepared");
        assert_eq!(prepared.verify(&message, &sig), Ok(()), "{name}");
        assert_eq!(AwsLc.verify(alg, leaf.spki(), &message, &sig), Ok(()));
        let mut bad = sig.clone();
        bad[10] ^= 1;
        for (m, s) in [
            (&message[..], &bad[..]),
            (&b"other"[..], &sig[..]),
            (&message[..], &[][..]),
        ] {
            assert_eq!(
                prepared.verify(m, s),
                Err(Error::InvalidSignature),
                "{name}"
            );
            assert_eq!(
                AwsLc.verify(alg, leaf.spki(), m, s),
                Err(Error::InvalidSignature),
                "{name}"
            );
        }
    }
    // Nothing is prepared that the plain path refuses: a key of the wrong
    // kind, an unsupported pairing, a malformed key.
    let rsa = cert("individual-sign");
    let ec = cert("individual-sign-ec");
    let sha256 = HashAlgorithm::Sha256;
    assert!(AwsLc
        .prepare(SignatureAlgorithm::Ecdsa(sha256), rsa.spki())
        .is_none());
    assert!(AwsLc
        .prepare(SignatureAlgorithm::RsaPkcs1(sha256), ec.spki())
        .is_none());
    assert!(AwsLc
        .prepare(SignatureAlgorithm::RsaPkcs1(sha256), &[0x30, 0x00])
        .is_none());
}

/// A CRL's signature check is remembered with how it was made: a store
/// given in the options and shared by verifiers of different backends or
/// policies is checked again by each of them.
#[test]
fn crl_checks_in_shared_options_are_per_backend_and_policy() {
    let counting = || -> &'static Counting {
        Box::leak(Box::new(Counting {
            verifies: AtomicUsize::new(0),
            prepared_verifies: Box::leak(Box::new(AtomicUsize::new(0))),
            prepares: AtomicUsize::new(0),
        }))
    };
    let verifier = |backend: Option<&'static Counting>, legacy: bool| {
        let mut b = Verifier::builder()
            .trust(cert("root-rsa"))
            .intermediate(cert("nca-rsa"))
            .crl_any(&std::fs::read(format!("{DEMO}/root-rsa.crl")).unwrap())
            .unwrap()
            .policy(Policy::default().legacy_algorithms(legacy));
        if let Some(backend) = backend {
            b = b.backend(backend);
        }
        b.build()
    };
    let crls = Crl::all_from_any(&std::fs::read(format!("{DEMO}/nca-rsa.crl")).unwrap()).unwrap();
    let options = Options::at(demo_time()).crls(crls);
    let leaf = cert("individual-sign");
    // The options' CRL checked once by the default backend.
    assert!(
        verifier(None, false)
            .verify_certificate(&leaf, &options)
            .valid
    );
    // Another backend: its two links, its own root CRL and the options'
    // CRL again; then nothing more.
    let a = counting();
    let va = verifier(Some(a), false);
    assert!(va.verify_certificate(&leaf, &options).valid);
    assert_eq!(a.verifies.load(Ordering::SeqCst), 4);
    assert!(va.verify_certificate(&leaf, &options).valid);
    assert_eq!(a.verifies.load(Ordering::SeqCst), 4);
    // The same backend with SHA-1 allowed: checked again as well.
    let b = counting();
    assert!(
        verifier(Some(b), true)
            .verify_certificate(&leaf, &options)
            .valid
    );
    assert_eq!(b.verifies.load(Ordering::SeqCst), 4);
}
