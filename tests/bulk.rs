//! Bulk verification (issue 6): the CRL index on generated CRLs, the bulk
//! API's verdicts against per-document verification, and what the caches
//! hold. Material from `tests/generate` (fixed dates and seed).
#![cfg(feature = "aws-lc")]
#![allow(clippy::unwrap_used)]

mod common;
mod generate;

use std::sync::Mutex;

use common::{cert, demo_time, key, DEMO};
use generate::{crl, documents, CrlSpec};
use qoltanba::{
    BulkOptions, Crl, Error, Options, RevocationReason, SignedDocument, Time, Verifier,
};

fn serial_of(name: &str) -> Vec<u8> {
    hex::decode(cert(name).serial_hex()).unwrap()
}

/// RSA chain: root-rsa (root CRL) -> nca-rsa (a generated CRL of
/// `entries` listing the demo's `revoked` certificate) -> leaves; EC chain
/// as in the demo.
fn verifier(entries: usize) -> (Verifier, usize) {
    let mut spec = CrlSpec::new(entries);
    spec.extra.push((serial_of("revoked"), Some(1)));
    let der = crl(&cert("nca-rsa"), &key("nca-rsa"), &spec).unwrap();
    let size = der.len();
    let mut b = Verifier::builder()
        .trust(cert("root-rsa"))
        .trust(cert("root-ec"))
        .intermediate(cert("nca-rsa"))
        .intermediate(cert("nca-ec"))
        .crl(Crl::from_der_owned(der).unwrap());
    for c in ["root-rsa.crl", "root-ec.crl", "nca-ec-fresh.crl"] {
        b = b.crl(Crl::from_der(&std::fs::read(format!("{DEMO}/{c}")).unwrap()).unwrap());
    }
    (b.build(), size)
}

#[test]
fn generated_crl_is_indexed_in_full() {
    let mut spec = CrlSpec::new(50_000);
    spec.extra.push((vec![0x01], Some(6)));
    spec.extra.push((vec![0x00, 0x80], None));
    let der = crl(&cert("nca-rsa"), &key("nca-rsa"), &spec).unwrap();
    let size = der.len();
    let parsed = Crl::from_der_owned(der).unwrap();
    assert_eq!(parsed.len(), 50_002);
    assert!(!parsed.is_delta());
    assert_eq!(
        parsed.this_update(),
        Time::parse_rfc3339("2025-05-01T00:00:00Z").unwrap()
    );
    // The index is 4 bytes a slot at a load factor of at most 1/2.
    assert!(
        parsed.index_size() <= 16 * 50_002,
        "{}",
        parsed.index_size()
    );
    assert!(
        parsed.index_size() * 2 <= size,
        "index larger than half the DER"
    );
}

#[test]
fn revocation_answers_from_the_index() {
    let (v, _) = verifier(20_000);
    let options = Options::at(demo_time());
    let r = v.verify_certificate(&cert("individual-sign"), &options);
    assert!(r.valid, "{:?}", r.result());
    let report = v.verify_certificate(&cert("revoked"), &options);
    match report.result() {
        Err(Error::CertRevoked {
            revoked_at, reason, ..
        }) => {
            assert_eq!(revoked_at.to_rfc3339(), "2025-04-15T10:00:00Z");
            assert_eq!(reason, Some(RevocationReason::KeyCompromise));
        }
        other => panic!("expected revoked, got {other:?}"),
    }
    // Before the revocation date the certificate was good.
    let before = Options::at(Time::parse_rfc3339("2025-04-15T09:59:59Z").unwrap());
    let r = v.verify_certificate(&cert("revoked"), &before);
    assert!(
        !matches!(r.result(), Err(Error::CertRevoked { .. })),
        "{:?}",
        r.result()
    );
}

#[test]
fn bulk_verdicts_match_per_document_verdicts() {
    let (v, _) = verifier(1_000);
    let mut docs = documents(12, &cert("individual-sign"), &key("individual-sign")).unwrap();
    docs.extend(documents(6, &cert("individual-sign-ec"), &key("individual-sign-ec")).unwrap());
    docs.extend(documents(3, &cert("revoked"), &key("revoked")).unwrap());
    docs.extend(documents(2, &cert("expired"), &key("expired")).unwrap());
    // A tampered signature and garbage.
    let mut bad = docs[0].clone();
    let n = bad.len();
    bad[n - 5] ^= 1;
    docs.push(bad);
    docs.push(b"not a document".to_vec());
    let options = Options::at(demo_time());

    let results = Mutex::new(vec![None; docs.len()]);
    let summary = v.verify_documents(
        docs.iter(),
        &options,
        &BulkOptions::new().threads(2),
        |i, r| results.lock().unwrap()[i] = Some(r),
    );
    assert_eq!(summary.documents, docs.len());
    assert_eq!(summary.valid, 18);
    assert_eq!(summary.invalid, 6);
    assert_eq!(summary.malformed, 1);

    let fresh = verifier(1_000).0;
    for (i, (doc, got)) in docs.iter().zip(results.into_inner().unwrap()).enumerate() {
        let got = got.expect("every document reported");
        let want = SignedDocument::from_any(doc).map(|d| fresh.verify_document(&d, None, &options));
        match (got, want) {
            (Ok(g), Ok(w)) => assert_eq!(g, w, "document {i}"),
            (Err(g), Err(w)) => assert_eq!(g, w, "document {i}"),
            (g, w) => panic!("document {i}: bulk {g:?}, single {w:?}"),
        }
    }
    // One parse per distinct certificate, one check per distinct link:
    // four leaves; the links of the RSA, revoked and expired leaves to
    // nca-rsa (a signature is a pure check: the expired leaf's verifies),
    // the EC leaf's to nca-ec, nca-rsa -> root, nca-ec -> root.
    let stats = v.cache_stats();
    assert_eq!(stats.certificates, 4);
    assert_eq!(stats.links, 6, "{stats:?}");
}

#[test]
fn a_cached_link_does_not_vouch_for_another_certificate() {
    let (v, _) = verifier(10);
    let options = Options::at(demo_time());
    let good = documents(1, &cert("individual-sign"), &key("individual-sign")).unwrap();
    assert!(
        v.verify_document_bytes(&good[0], None, &options)
            .unwrap()
            .valid
    );
    // The same certificate with one byte of its signature changed.
    let leaf = cert("individual-sign");
    let der = leaf.der().to_vec();
    let pos = good[0]
        .windows(der.len())
        .position(|w| w == der.as_slice())
        .unwrap();
    let mut forged = good[0].clone();
    forged[pos + der.len() - 3] ^= 1;
    let report = v.verify_document_bytes(&forged, None, &options).unwrap();
    assert!(!report.valid);
    assert!(
        matches!(
            report.reason,
            Some(Error::CertSignatureInvalid { .. })
                | Some(Error::SigningCertificateMismatch { .. })
        ),
        "{:?}",
        report.reason
    );
}

#[test]
fn stream_of_one_thread_reports_in_order() {
    let (v, _) = verifier(10);
    let docs = documents(5, &cert("individual-sign-ec"), &key("individual-sign-ec")).unwrap();
    let mut seen = Vec::new();
    let summary = v.verify_documents(
        docs,
        &Options::at(demo_time()),
        &BulkOptions::new().threads(1),
        |i, r| seen.push((i, r.unwrap().valid)),
    );
    assert_eq!(summary.valid, 5);
    assert_eq!(seen, (0..5).map(|i| (i, true)).collect::<Vec<_>>());
}

/// Verification in place (the bulk path: slices of the input, certificates
/// found by their bytes, their BER check skipped once seen) and of a parsed
/// document agree on real documents (DER, BER, PEM, two signers, detached,
/// signer by key identifier) and on each with every fifth byte flipped.
#[test]
fn in_place_and_parsed_verification_agree() {
    let (bulk, _) = verifier(1_000);
    let (single, _) = verifier(1_000);
    let options = Options::at(demo_time());
    let content = std::fs::read("test-vectors/cms/content.txt").unwrap();
    for name in [
        "rsa-cades-attached.der",
        "rsa-ber-attached.der",
        "cosigned-attached.der",
        "ec-cades-attached.pem",
        "rsa-cades-detached.der",
        "rsa-keyid-attached.der",
        "carries-other-cert.der",
    ] {
        let original = std::fs::read(format!("test-vectors/cms/{name}")).unwrap();
        let detached = name.contains("detached").then_some(content.as_slice());
        let mut inputs = vec![original.clone()];
        for i in (0..original.len()).step_by(5) {
            for flip in [0x01, 0x80] {
                let mut m = original.clone();
                m[i] ^= flip;
                inputs.push(m);
            }
        }
        // The original again, after its mutants went through the caches.
        inputs.push(original.clone());
        for (k, input) in inputs.iter().enumerate() {
            let got = bulk.verify_document_bytes(input, detached, &options);
            let want = SignedDocument::from_any(input)
                .map(|d| single.verify_document(&d, detached, &options));
            match (got, want) {
                (Ok(g), Ok(w)) => assert_eq!(g, w, "{name} input {k}"),
                (Err(g), Err(w)) => assert_eq!(g, w, "{name} input {k}"),
                (g, w) => panic!("{name} input {k}: in place {g:?}, parsed {w:?}"),
            }
        }
        let again = bulk.verify_document_bytes(&original, detached, &options);
        assert!(again.is_ok(), "{name}");
    }
}

/// `verify_documents_with` loads each item on the worker that verifies it,
/// outside the source lock: two workers are inside `load` at the same time
/// (with the load under the lock, the first would wait for the second in
/// vain). Items that do not load reach the sink as their error; the others
/// get the verdicts `verify_documents` gives.
#[test]
fn items_are_loaded_by_the_workers_in_parallel() {
    use std::sync::Condvar;
    use std::time::Duration;

    let (v, _) = verifier(10);
    let docs = documents(6, &cert("individual-sign"), &key("individual-sign")).unwrap();
    let options = Options::at(demo_time());
    let inside = (Mutex::new(0usize), Condvar::new());
    let met = Mutex::new(false);
    let load = |i: usize| -> Result<Vec<u8>, Error> {
        if i < 2 {
            // The first two loads wait (up to 10 s) until both are in.
            let (count, cv) = &inside;
            let mut n = count.lock().unwrap();
            *n += 1;
            cv.notify_all();
            let (n, timeout) = cv
                .wait_timeout_while(n, Duration::from_secs(10), |n| *n < 2)
                .unwrap();
            if !timeout.timed_out() && *n >= 2 {
                *met.lock().unwrap() = true;
            }
        }
        if i == 4 {
            return Err(Error::Malformed {
                what: "file",
                detail: "unreadable".into(),
            });
        }
        Ok(docs[i].clone())
    };
    let results = Mutex::new(vec![None; docs.len()]);
    let summary = v.verify_documents_with(
        0..docs.len(),
        load,
        &options,
        &BulkOptions::new().threads(2),
        |i, r| results.lock().unwrap()[i] = Some(r),
    );
    assert!(*met.lock().unwrap(), "two loads ran at the same time");
    assert_eq!(
        (summary.documents, summary.valid, summary.malformed),
        (6, 5, 1)
    );
    let results = results.into_inner().unwrap();
    assert_eq!(
        results[4]
            .as_ref()
            .map(|r| r.as_ref().map_err(Error::code).err()),
        Some(Some("malformed"))
    );
    for (i, r) in results.iter().enumerate().filter(|(i, _)| *i != 4) {
        let r = r.as_ref().expect("reported").as_ref().expect("loaded");
        assert!(r.valid, "document {i}: {:?}", r.reason);
    }
}
