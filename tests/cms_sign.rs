//! Making CAdES-BES documents: qoltanba signs, co-signs and attaches a
//! time-stamp token; the documents verify in qoltanba and in OpenSSL
//! (`openssl cms -verify`, an independent implementation). The demo keys
//! are loaded through aws-lc-rs here; `SigningKey` (PKCS#8 / PKCS#12) is
//! tested in its own file.
#![cfg(feature = "aws-lc")]

use std::fs;
use std::process::Command;

use qoltanba::{
    add_timestamp, cosign_document, sign_document, Error, Options, SignOptions, SignedDocument,
};

mod common;
use common::{cert, demo_time, key, verifier, DEMO};

/// `openssl cms -verify` at the demo time against the demo roots; true if
/// OpenSSL accepts the document.
fn openssl_verifies(doc: &[u8], detached: Option<&[u8]>) -> bool {
    let dir = std::env::temp_dir().join(format!(
        "qoltanba-cms-sign-{}-{}",
        std::process::id(),
        doc.len()
    ));
    fs::create_dir_all(&dir).expect("temp dir");
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    fs::write(p("doc.der"), doc).expect("write");
    let roots = [
        fs::read(format!("{DEMO}/root-rsa.pem")).expect("r"),
        fs::read(format!("{DEMO}/root-ec.pem")).expect("r"),
    ]
    .concat();
    fs::write(p("roots.pem"), roots).expect("write");
    let cas = [
        fs::read(format!("{DEMO}/nca-rsa.pem")).expect("c"),
        fs::read(format!("{DEMO}/nca-ec.pem")).expect("c"),
    ]
    .concat();
    // openssl cms -verify takes no untrusted pool: the intermediates go into
    // the trust file beside the roots (the chain still ends at a root).
    fs::write(
        p("roots.pem"),
        [fs::read(p("roots.pem")).expect("roots"), cas].concat(),
    )
    .expect("write");
    let attime = demo_time().unix().to_string();
    let (roots, docp) = (p("roots.pem"), p("doc.der"));
    let mut args = vec![
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        &docp,
        "-CAfile",
        &roots,
        "-attime",
        &attime,
        "-purpose",
        "any",
        "-out",
        "/dev/null",
    ];
    let content_path = p("content.bin");
    if let Some(c) = detached {
        fs::write(&content_path, c).expect("write");
        args.extend(["-content", content_path.as_str()]);
    }
    let out = Command::new("openssl")
        .args(&args)
        .output()
        .expect("openssl CLI");
    fs::remove_dir_all(&dir).ok();
    if !out.status.success() {
        eprintln!("openssl: {}", String::from_utf8_lossy(&out.stderr));
    }
    out.status.success()
}

#[test]
fn attached_rsa_document_verifies_here_and_in_openssl() {
    let content = "Өтініш: медициналық қызметке лицензия".as_bytes();
    let doc = sign_document(
        content,
        &key("individual-sign"),
        &cert("individual-sign"),
        &SignOptions::at(demo_time()),
    )
    .expect("signs");
    let parsed = SignedDocument::from_any(&doc).expect("parses");
    assert_eq!(parsed.content(), Some(content));
    let report = verifier().verify_document(&parsed, None, &Options::at(demo_time()));
    assert!(report.valid, "{:?}", report.reason);
    let signer = &report.signers[0];
    assert_eq!(signer.signing_time, Some(demo_time()));
    let iin = signer
        .certificate
        .as_ref()
        .and_then(|c| c.certificate.iin)
        .map(|i| i.to_string());
    assert_eq!(iin.as_deref(), Some("871008401427"));
    assert!(openssl_verifies(&doc, None));

    // Tampering with the carried content is caught.
    let at = doc
        .windows(content.len())
        .position(|w| w == content)
        .expect("content inside");
    let mut tampered = doc.clone();
    tampered[at] ^= 0x01;
    let report = verifier().verify_document(
        &SignedDocument::from_any(&tampered).expect("parses"),
        None,
        &Options::at(demo_time()),
    );
    assert_eq!(report.reason, Some(Error::MessageDigestMismatch));
    assert!(!openssl_verifies(&tampered, None));
}

#[test]
fn detached_ecdsa_document_verifies_here_and_in_openssl() {
    let content = b"licence 2025/0042";
    let doc = sign_document(
        content,
        &key("individual-sign-ec"),
        &cert("individual-sign-ec"),
        &SignOptions::at(demo_time())
            .detached()
            .chain([cert("nca-ec")]),
    )
    .expect("signs");
    let parsed = SignedDocument::from_any(&doc).expect("parses");
    assert_eq!(parsed.content(), None);
    assert_eq!(parsed.certificates().len(), 2);
    let v = verifier();
    assert!(
        v.verify_document(&parsed, Some(content), &Options::at(demo_time()))
            .valid
    );
    let report = v.verify_document(
        &parsed,
        Some(b"licence 2025/0043"),
        &Options::at(demo_time()),
    );
    assert_eq!(report.reason, Some(Error::MessageDigestMismatch));
    let report = v.verify_document(&parsed, None, &Options::at(demo_time()));
    assert_eq!(report.reason, Some(Error::DetachedContentMissing));
    assert!(openssl_verifies(&doc, Some(content)));
}

#[test]
fn cosigning_keeps_the_first_signature() {
    let content = b"request signed by the applicant, co-signed by the operator";
    let first = sign_document(
        content,
        &key("individual-sign"),
        &cert("individual-sign"),
        &SignOptions::at(demo_time()),
    )
    .expect("signs");
    let both = cosign_document(
        &first,
        None,
        &key("ceo-sign"),
        &cert("ceo-sign"),
        &SignOptions::at(demo_time()),
    )
    .expect("co-signs");
    let parsed = SignedDocument::from_any(&both).expect("parses");
    assert_eq!(parsed.signer_count(), 2);
    let report = verifier().verify_document(&parsed, None, &Options::at(demo_time()));
    assert!(report.valid, "{:?}", report.reason);
    let iins: Vec<String> = report
        .signers
        .iter()
        .filter_map(|s| {
            s.certificate
                .as_ref()?
                .certificate
                .iin
                .map(|i| i.to_string())
        })
        .collect();
    assert_eq!(iins, ["871008401427", "760212350620"]);
    assert!(openssl_verifies(&both, None));

    // A detached document is co-signed over the content the caller gives;
    // different content is refused for an attached one.
    let detached = sign_document(
        content,
        &key("individual-sign-ec"),
        &cert("individual-sign-ec"),
        &SignOptions::at(demo_time()).detached(),
    )
    .expect("signs");
    assert_eq!(
        cosign_document(
            &detached,
            None,
            &key("ceo-sign"),
            &cert("ceo-sign"),
            &SignOptions::at(demo_time())
        ),
        Err(Error::DetachedContentMissing)
    );
    let both = cosign_document(
        &detached,
        Some(content),
        &key("ceo-sign"),
        &cert("ceo-sign"),
        &SignOptions::at(demo_time()),
    )
    .expect("co-signs");
    let parsed = SignedDocument::from_any(&both).expect("parses");
    assert!(
        verifier()
            .verify_document(&parsed, Some(content), &Options::at(demo_time()))
            .valid
    );
    assert_eq!(
        cosign_document(
            &first,
            Some(b"other"),
            &key("ceo-sign"),
            &cert("ceo-sign"),
            &SignOptions::at(demo_time())
        ),
        Err(Error::ContentConflict)
    );
}

#[test]
fn a_time_stamp_token_is_attached_as_an_unsigned_attribute() {
    let content = b"time-stamped";
    let doc = sign_document(
        content,
        &key("individual-sign"),
        &cert("individual-sign"),
        &SignOptions::at(demo_time()),
    )
    .expect("signs");
    // A real token over other data is refused on the way in.
    let unrelated =
        fs::read("test-vectors/third-party/kz/ncanode/tsp__tsp_token.bin").expect("token");
    assert_eq!(
        add_timestamp(&doc, 0, &unrelated),
        Err(Error::TimestampImprintMismatch)
    );
    let tsa = common::tsa::TestTsa::new();
    let signature = SignedDocument::from_any(&doc)
        .expect("parses")
        .signature_value(0)
        .expect("one signer")
        .to_vec();
    let token = tsa.token(&signature, demo_time());
    let stamped = add_timestamp(&doc, 0, &token).expect("adds");
    assert!(stamped.len() > doc.len() + token.len() - 16);
    let parsed = SignedDocument::from_any(&stamped).expect("parses");
    assert_eq!(parsed.signer_count(), 1);
    assert_eq!(parsed.content(), Some(&content[..]));
    // The signature itself is untouched.
    assert_eq!(parsed.signature_value(0), Some(&signature[..]));
    assert!(matches!(
        add_timestamp(&doc, 1, &token),
        Err(Error::Malformed { .. })
    ));
}

/// The interop matrix, one way: documents qoltanba signs with keys loaded by
/// `SigningKey` (RSA PKCS#1 v1.5, RSA-PSS, ECDSA P-256; attached and
/// detached) verify in qoltanba and in `openssl cms -verify`.
#[test]
fn signing_key_matrix_verifies_in_openssl() {
    let content = "Лицензия / licence 25-0042".as_bytes();
    let load = |who: &str| {
        qoltanba::SigningKey::from_pkcs8(&fs::read(format!("{DEMO}/{who}.key.pem")).expect("key"))
            .expect("PKCS#8 key")
    };
    let cases = [
        (
            "RSA PKCS#1 v1.5",
            load("individual-sign"),
            "individual-sign",
        ),
        (
            "RSA-PSS",
            load("individual-sign").with_rsa_pss().expect("PSS"),
            "individual-sign",
        ),
        (
            "ECDSA P-256",
            load("individual-sign-ec"),
            "individual-sign-ec",
        ),
    ];
    let mut agreed = 0;
    for (name, key, who) in &cases {
        for detached in [false, true] {
            let mut options = SignOptions::at(demo_time());
            if detached {
                options = options.detached();
            }
            let doc = sign_document(content, key, &cert(who), &options).expect("signs");
            let parsed = SignedDocument::from_any(&doc).expect("parses");
            let report = verifier().verify_document(
                &parsed,
                detached.then_some(content),
                &Options::at(demo_time()),
            );
            assert!(
                report.valid,
                "{name} detached={detached}: {:?}",
                report.reason
            );
            assert!(
                openssl_verifies(&doc, detached.then_some(content)),
                "{name} detached={detached}: OpenSSL refuses"
            );
            agreed += 1;
        }
    }
    assert_eq!(agreed, 6);
}

/// The checks before signing, in the library: validity at the signing time,
/// no AUTH key, no CA certificate; each with the code verification uses.
#[test]
fn check_signing_certificate_gives_the_verification_codes() {
    use qoltanba::check_signing_certificate;
    let at = common::demo_time();
    let code = |who: &str, at: qoltanba::Time| {
        check_signing_certificate(&common::cert(who), at)
            .err()
            .map(|e| e.code())
    };
    assert_eq!(code("individual-sign", at), None);
    assert_eq!(code("expired", at), Some("cert-expired"));
    assert_eq!(code("not-yet-valid", at), Some("cert-not-valid-yet"));
    assert_eq!(code("individual-auth", at), Some("wrong-key-kind"));
    assert_eq!(code("nca-rsa", at), Some("ca-as-end-entity"));
    let later = qoltanba::Time::parse_rfc3339("2099-01-01T00:00:00Z").expect("time");
    assert_eq!(code("individual-sign", later), Some("cert-expired"));
}
