//! Hostile and broken input: every decoding failure is a clear error, never
//! a panic, and the documented limits hold.

use std::fs;

use qoltanba::{Error, Options, SignedDocument, Time, Verifier};

const DIR: &str = "test-vectors/cms";

#[test]
fn truncations_and_bit_flips_never_panic() {
    let verifier = Verifier::builder().build();
    let options = Options::at(Time::from_unix(1_748_736_000));
    for name in [
        "rsa-cades-attached.der",
        "rsa-ber-attached.der",
        "cosigned-attached.der",
    ] {
        let bytes = fs::read(format!("{DIR}/{name}")).expect("file");
        for len in (0..bytes.len()).step_by(7) {
            assert!(
                SignedDocument::from_any(&bytes[..len]).is_err(),
                "{name} cut at {len}"
            );
        }
        for i in (0..bytes.len()).step_by(3) {
            let mut b = bytes.clone();
            b[i] ^= 0x81;
            if let Ok(doc) = SignedDocument::from_any(&b) {
                let _ = verifier.verify_document(&doc, Some(b"x"), &options);
            }
        }
    }
}

#[test]
fn not_a_signed_data() {
    for input in [
        &b""[..],
        b"garbage",
        b"-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
        b"-----BEGIN CMS-----\nMAA=\n",
        &[0x30, 0x00],
        // ContentInfo with id-data instead of id-signedData.
        &[
            0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0,
            0x00,
        ],
    ] {
        assert!(
            matches!(
                SignedDocument::from_any(input),
                Err(Error::Malformed { .. })
            ),
            "{input:02x?}"
        );
    }
}

#[test]
fn pem_labels_are_accepted() {
    let pem = fs::read_to_string(format!("{DIR}/ec-cades-attached.pem")).expect("file");
    for label in ["CMS", "PKCS7", "PKCS #7 SIGNED DATA"] {
        let relabelled = pem.replace("CMS-----", &format!("{label}-----"));
        let doc = SignedDocument::from_any(relabelled.as_bytes()).expect(label);
        assert_eq!(doc.signer_count(), 1);
    }
}

#[test]
fn oversized_input_is_refused() {
    let big = vec![0x30u8; 64 * 1024 * 1024 + 1];
    assert!(matches!(
        SignedDocument::from_any(&big),
        Err(Error::LimitExceeded { .. })
    ));
}

#[test]
fn too_many_signers_is_refused() {
    // A SignedData whose signerInfos SET holds 17 (empty) SignerInfos:
    // refused on the count before their content is judged.
    let mut signer_infos = Vec::new();
    for _ in 0..17 {
        signer_infos.extend_from_slice(&[0x30, 0x00]);
    }
    let mut sd = vec![0x02, 0x01, 0x01, 0x31, 0x00];
    // encapContentInfo { id-data }
    sd.extend_from_slice(&[
        0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
    ]);
    sd.push(0x31);
    sd.push(signer_infos.len() as u8);
    sd.extend_from_slice(&signer_infos);
    let mut seq = vec![0x30, sd.len() as u8];
    seq.extend_from_slice(&sd);
    let mut explicit = vec![0xa0, seq.len() as u8];
    explicit.extend_from_slice(&seq);
    let mut body = vec![
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
    ];
    body.extend_from_slice(&explicit);
    let mut ci = vec![0x30, body.len() as u8];
    ci.extend_from_slice(&body);
    assert!(matches!(
        SignedDocument::from_any(&ci),
        Err(Error::LimitExceeded { limit: 16, .. })
    ));
}
