//! Signed attributes that lie, are missing or do not match: documents built
//! here with a legitimate demo key (the signature over the attributes
//! verifies), so only the attribute rule can refuse them, with its reason.
#![cfg(all(feature = "aws-lc", feature = "serde"))]

use qoltanba::{Options, SignedDocument, Signer};

mod common;
use common::der::{alg_sha256, int, octets, oid, seq, set, sha256, signature_alg, tlv};
use common::{cert, demo_time, key, verifier};

const CONTENT: &[u8] = b"licence application 00501";
const ID_DATA: &str = "1.2.840.113549.1.7.1";
const CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
const MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";

fn attribute(id: &str, value: Vec<u8>) -> Vec<u8> {
    seq(&[oid(id), set(&[value])])
}

/// An attached SignedData by the demo `individual-sign` key whose signed
/// attributes are exactly `attrs` (DER-sorted here).
fn document(mut attrs: Vec<Vec<u8>>) -> Vec<u8> {
    let signer = cert("individual-sign");
    let (issuer, _) = common::der::subject_and_key(&cert("nca-rsa"));
    let serial = hex::decode(&signer.info().serial).expect("hex serial");
    attrs.sort();
    let signature = key("individual-sign")
        .sign(&set(&attrs))
        .expect("demo key signs");
    let signer_info = seq(&[
        int(&[1]),
        seq(&[issuer, int(&serial)]),
        alg_sha256(),
        tlv(0xa0, &attrs.concat()),
        signature_alg(true),
        octets(&signature),
    ]);
    let signed_data = seq(&[
        int(&[1]),
        set(&[alg_sha256()]),
        seq(&[oid(ID_DATA), tlv(0xa0, &octets(CONTENT))]),
        tlv(0xa0, signer.der()),
        set(&[signer_info]),
    ]);
    seq(&[oid("1.2.840.113549.1.7.2"), tlv(0xa0, &signed_data)])
}

fn verdict(doc: &[u8]) -> Result<(), String> {
    let parsed = SignedDocument::from_any(doc).map_err(|e| format!("parse: {}", e.code()))?;
    let report = verifier().verify_document(&parsed, None, &Options::at(demo_time()));
    match (
        report.valid,
        report.signers.first().and_then(|s| s.reason.as_ref()),
    ) {
        (true, _) => Ok(()),
        (false, Some(e)) => Err(e.code().to_owned()),
        (false, None) => Err("no reason".to_owned()),
    }
}

fn content_type() -> Vec<u8> {
    attribute(CONTENT_TYPE, oid(ID_DATA))
}

fn message_digest(of: &[u8]) -> Vec<u8> {
    attribute(MESSAGE_DIGEST, octets(&sha256(of)))
}

#[test]
fn honest_attributes_verify() {
    assert_eq!(
        verdict(&document(vec![content_type(), message_digest(CONTENT)])),
        Ok(())
    );
}

#[test]
fn a_message_digest_of_other_content_is_refused() {
    assert_eq!(
        verdict(&document(vec![
            content_type(),
            message_digest(b"another application")
        ])),
        Err("message-digest-mismatch".to_owned())
    );
}

#[test]
fn a_removed_message_digest_is_refused() {
    assert_eq!(
        verdict(&document(vec![content_type()])),
        Err("missing-signed-attribute".to_owned())
    );
}

#[test]
fn a_removed_content_type_is_refused() {
    assert_eq!(
        verdict(&document(vec![message_digest(CONTENT)])),
        Err("missing-signed-attribute".to_owned())
    );
}

#[test]
fn a_content_type_that_is_not_the_content_is_refused() {
    assert_eq!(
        verdict(&document(vec![
            attribute(CONTENT_TYPE, oid("1.2.840.113549.1.9.16.1.4")),
            message_digest(CONTENT),
        ])),
        Err("content-type-mismatch".to_owned())
    );
}

#[test]
fn a_duplicated_message_digest_is_refused() {
    // Two messageDigest attributes, one honest and one not: which one a
    // verifier reads must not matter, so the document is refused as
    // malformed (RFC 5652 5.3: messageDigest is single-valued and once).
    let r = verdict(&document(vec![
        content_type(),
        message_digest(CONTENT),
        message_digest(b"another application"),
    ]));
    assert_eq!(r, Err("parse: malformed".to_owned()));
}
