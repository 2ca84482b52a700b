//! Signing XML: enveloped (the national provider's layout), by Id and
//! WS-Security, with RSA, ECDSA P-256 (demo PKI, PKCS#8) and GOST
//! 34.10-2015 512 (a national test key, PKCS#12). What qoltanba signs
//! verifies here and, for RSA and ECDSA, in `xmlsec1 --verify` (when it
//! is installed; CI installs it). The document's bytes, Cyrillic
//! included, are kept: only the signature is inserted.

#![cfg(feature = "aws-lc")]
#![allow(clippy::unwrap_used)]

mod common;
mod xmlsec1;

use std::process::Command;

use qoltanba::{
    sign_xml, KeyBundle, Options, Policy, RevocationMode, SigningKey, Time, TrustProfile, Verifier,
    XmlSignMode, XmlSignOptions,
};
use xmlsec1::Xmlsec1;

const DOC: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<заявка xmlns=\"urn:egov:request\">\n  <заявитель ИИН=\"871008401427\" Id=\"applicant\">Иванов Иван Иванович</заявитель>\n  <сумма валюта=\"KZT\">15000</сумма>\n</заявка>\n";
const SOAP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><m:SendMessage xmlns:m=\"urn:shep:bridge\"><m:data>Сәлем, әлем</m:data></m:SendMessage></soapenv:Body></soapenv:Envelope>";

/// The same message in a SOAP 1.2 Envelope.
const SOAP12: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Header></env:Header><env:Body><m:SendMessage xmlns:m=\"urn:shep:bridge\"><m:data>Сәлем, әлем</m:data></m:SendMessage></env:Body></env:Envelope>";

fn demo_key(name: &str) -> (SigningKey, qoltanba::Certificate) {
    let pem = std::fs::read(format!("test-vectors/demo/{name}.key.pem")).unwrap();
    (SigningKey::from_pkcs8(&pem).unwrap(), common::cert(name))
}

/// xmlsec1 with the demo PKI's roots and intermediates, at its time.
const XMLSEC1: Xmlsec1<'static> = Xmlsec1 {
    trusted: &[
        "test-vectors/demo/root-rsa.pem",
        "test-vectors/demo/root-ec.pem",
    ],
    untrusted: &[
        "test-vectors/demo/nca-rsa.pem",
        "test-vectors/demo/nca-ec.pem",
    ],
    time: "2025-06-01+00:00:00",
};

/// xmlsec1's verdict on the document's first signature (see
/// [`Xmlsec1::verifies`]).
fn xmlsec1_verifies(xml: &[u8], ids: &[&str], key_cert: Option<&str>) -> Option<bool> {
    XMLSEC1.verifies(xml, ids, key_cert, None)
}

/// The input's bytes are all in the output, in order, with the signature
/// inserted in one place (two for WS-Security: the Body's wsu:Id).
fn kept_byte_for_byte(input: &str, output: &[u8]) {
    let out = std::str::from_utf8(output).unwrap();
    let mut rest = out;
    for ch in input.chars() {
        let i = rest.find(ch).unwrap_or_else(|| panic!("{ch:?} lost"));
        rest = &rest[i + ch.len_utf8()..];
    }
    assert!(out.contains("Иванов Иван Иванович") || out.contains("Сәлем, әлем"));
}

#[test]
fn demo_keys_in_every_mode_verify_here_and_in_xmlsec1() {
    let v = common::verifier();
    let at = Options::at(common::demo_time());
    let mut xmlsec_checked = 0;
    for key in ["individual-sign", "individual-sign-ec"] {
        let (k, c) = demo_key(key);
        for (mode, input, elements, ids) in [
            (XmlSignMode::Enveloped, DOC, vec!["заявка"], vec![]),
            (XmlSignMode::ById("applicant".into()), DOC, vec!["заявитель"], vec!["заявитель"]),
            (
                XmlSignMode::WsSecurity,
                SOAP,
                vec!["Timestamp", "Body"],
                vec![
                    "http://schemas.xmlsoap.org/soap/envelope/:Body",
                    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd:Timestamp",
                ],
            ),
            (
                XmlSignMode::WsSecurity,
                SOAP12,
                vec!["Timestamp", "Body"],
                vec![
                    "http://www.w3.org/2003/05/soap-envelope:Body",
                    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd:Timestamp",
                ],
            ),
        ] {
            let mut options = XmlSignOptions::new(mode.clone());
            options.timestamp = Some((Time::parse_rfc3339("2025-05-31T23:59:00Z").unwrap(), 300));
            let signed = sign_xml(input.as_bytes(), &k, &c, &options).unwrap();
            kept_byte_for_byte(input, &signed);
            let report = v.verify_xml(&signed, &at);
            assert_eq!(report.result(), Ok(()), "{key} {mode:?}: {report:#?}");
            assert_eq!(report.signed_elements, elements, "{key} {mode:?}");
            let key_cert = format!("test-vectors/demo/{key}.pem");
            let key_cert = (mode == XmlSignMode::WsSecurity).then_some(key_cert.as_str());
            if let Some(ok) = xmlsec1_verifies(&signed, &ids, key_cert) {
                assert!(ok, "xmlsec1 refuses {key} {mode:?}:\n{}", String::from_utf8_lossy(&signed));
                xmlsec_checked += 1;
            }
        }
    }
    assert!(xmlsec_checked == 0 || xmlsec_checked == 8);
}

#[test]
fn enveloped_layout_is_the_national_providers() {
    let (k, c) = demo_key("individual-sign");
    let signed = sign_xml(
        DOC.as_bytes(),
        &k,
        &c,
        &XmlSignOptions::new(XmlSignMode::Enveloped),
    )
    .unwrap();
    let text = String::from_utf8(signed).unwrap();
    let sig = &text[text.find("<ds:Signature").unwrap()..];
    let skeleton: Vec<&str> = sig
        .lines()
        .filter(|l| l.starts_with('<'))
        .map(|l| l.split(['>', ' ']).next().unwrap())
        .collect();
    assert_eq!(
        skeleton,
        [
            "<ds:Signature",
            "<ds:SignedInfo",
            "<ds:CanonicalizationMethod",
            "<ds:SignatureMethod",
            "<ds:Reference",
            "<ds:Transforms",
            "<ds:Transform",
            "<ds:Transform",
            "</ds:Transforms",
            "<ds:DigestMethod",
            "<ds:DigestValue",
            "</ds:Reference",
            "</ds:SignedInfo",
            "<ds:SignatureValue",
            "<ds:KeyInfo",
            "<ds:X509Data",
            "<ds:X509Certificate",
            "</ds:X509Data",
            "</ds:KeyInfo",
            "</ds:Signature",
        ]
    );
    assert!(text.ends_with("</ds:Signature></заявка>\n"));
}

#[test]
fn gost_2015_enveloped_and_wsse_verify() {
    let p12 =
        std::fs::read("test-vectors/third-party/kz/gokalkan/gost2015_individual_2023.p12").unwrap();
    let bundle = KeyBundle::from_pkcs12(&p12, "Qwerty12").unwrap();
    let v = Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .unwrap()
        .policy(Policy::default().revocation(RevocationMode::Off))
        .build();
    let not_before = bundle.certificate().info().not_before;
    let at = Options::at(Time::from_unix(not_before.unix() + 86_400));
    for (mode, input, method) in [
        (
            XmlSignMode::Enveloped,
            DOC,
            "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34102015-gostr34112015-512",
        ),
        (
            XmlSignMode::WsSecurity,
            SOAP,
            "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34102015-gostr34112015-512",
        ),
    ] {
        let signed = sign_xml(
            input.as_bytes(),
            bundle.key(),
            bundle.certificate(),
            &XmlSignOptions::new(mode.clone()),
        )
        .unwrap();
        kept_byte_for_byte(input, &signed);
        let report = v.verify_xml(&signed, &at);
        assert_eq!(report.signatures[0].signature_method, method);
        assert_eq!(report.document.signers[0].digest_algorithm, "Streebog-512");
        let codes = report.result().err().map(|e| e.code().to_owned());
        // The signature itself verifies; the certificate's chain decides.
        assert!(
            codes.is_none()
                || !matches!(
                    codes.as_deref(),
                    Some("invalid-signature" | "xml-digest-mismatch")
                ),
            "{mode:?}: {codes:?}"
        );
    }
}

#[test]
fn comments_in_content_to_sign_are_refused() {
    let (k, c) = demo_key("individual-sign");
    let e = sign_xml(
        b"<a>x<!-- c -->y</a>",
        &k,
        &c,
        &XmlSignOptions::new(XmlSignMode::Enveloped),
    )
    .unwrap_err();
    assert_eq!(e.code(), "xml-comment-in-signed-content");
    let e = sign_xml(
        b"<a Id=\"x\"/>",
        &k,
        &c,
        &XmlSignOptions::new(XmlSignMode::ById("y".into())),
    )
    .unwrap_err();
    assert_eq!(e.code(), "xml-reference-not-found");
    let e = sign_xml(
        b"<a/>",
        &k,
        &c,
        &XmlSignOptions::new(XmlSignMode::WsSecurity),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "malformed XML: WS-Security signing needs a SOAP Envelope"
    );
}

/// The P-384 signing key of test-vectors/xml/keys (under the demo EC CA).
fn p384_key() -> (SigningKey, qoltanba::Certificate) {
    let pem = std::fs::read("test-vectors/xml/keys/p384-sign.key.pem").unwrap();
    let cert = qoltanba::Certificate::from_any(
        &std::fs::read("test-vectors/xml/keys/p384-sign.pem").unwrap(),
    )
    .unwrap();
    (SigningKey::from_pkcs8(&pem).unwrap(), cert)
}

/// The signing modes with their inputs, signed elements and xmlsec1 Id
/// attributes.
fn modes() -> Vec<(
    XmlSignMode,
    &'static str,
    Vec<&'static str>,
    Vec<&'static str>,
)> {
    let ts = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd:Timestamp";
    vec![
        (XmlSignMode::Enveloped, DOC, vec!["заявка"], vec![]),
        (
            XmlSignMode::ById("applicant".into()),
            DOC,
            vec!["заявитель"],
            vec!["заявитель"],
        ),
        (
            XmlSignMode::WsSecurity,
            SOAP,
            vec!["Timestamp", "Body"],
            vec!["http://schemas.xmlsoap.org/soap/envelope/:Body", ts],
        ),
        (
            XmlSignMode::WsSecurity,
            SOAP12,
            vec!["Timestamp", "Body"],
            vec!["http://www.w3.org/2003/05/soap-envelope:Body", ts],
        ),
    ]
}

/// ECDSA P-384 (`xmldsig-more#ecdsa-sha384`, SHA-384 digests, `r || s` of
/// 48 bytes each) in every mode: verifies here and in `xmlsec1 --verify`.
#[test]
fn p384_signs_in_every_mode_and_xmlsec1_accepts() {
    let (k, c) = p384_key();
    assert_eq!(
        qoltanba::Signer::algorithm(&k),
        qoltanba::SignatureAlgorithm::Ecdsa(qoltanba::HashAlgorithm::Sha384)
    );
    let v = common::verifier();
    let at = Options::at(common::demo_time());
    let mut xmlsec_checked = 0;
    for (mode, input, elements, ids) in modes() {
        let mut options = XmlSignOptions::new(mode.clone());
        options.timestamp = Some((Time::parse_rfc3339("2025-05-31T23:59:00Z").unwrap(), 300));
        let signed = sign_xml(input.as_bytes(), &k, &c, &options).unwrap();
        kept_byte_for_byte(input, &signed);
        let text = String::from_utf8(signed.clone()).unwrap();
        assert!(text.contains("Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384\""));
        assert!(text.contains("Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#sha384\""));
        let report = v.verify_xml(&signed, &at);
        assert_eq!(report.result(), Ok(()), "{mode:?}: {report:#?}");
        assert_eq!(report.signed_elements, elements, "{mode:?}");
        let signer = &report.document.signers[0];
        assert_eq!(signer.signature_algorithm, "ecdsa-p1363-SHA384");
        assert_eq!(signer.digest_algorithm, "SHA-384");
        let key_cert =
            (mode == XmlSignMode::WsSecurity).then_some("test-vectors/xml/keys/p384-sign.pem");
        if let Some(ok) = xmlsec1_verifies(&signed, &ids, key_cert) {
            assert!(ok, "xmlsec1 refuses P-384 {mode:?}:\n{text}");
            xmlsec_checked += 1;
        }
    }
    assert!(xmlsec_checked == 0 || xmlsec_checked == 4);
}

/// RSA-PSS (`xmldsig-more#sha256-rsa-MGF1`, RFC 6931: SHA-256, MGF1-SHA-256,
/// 32-byte salt) in every mode: verifies here; xmlsec1 1.2 has no RSA-PSS
/// (`xmlsec1 --list-transforms` lists none; 1.3 added it), so the signature
/// value is checked independently instead: SignedInfo canonicalized by
/// `xmllint --exc-c14n`, the value by `openssl dgst -sigopt
/// rsa_padding_mode:pss`. When the installed xmlsec1 lists an RSA-PSS
/// transform, `xmlsec1 --verify` must accept too.
#[test]
fn rsa_pss_signs_in_every_mode() {
    let (k, c) = demo_key("individual-sign");
    let k = k.with_rsa_pss().unwrap();
    let v = common::verifier();
    let at = Options::at(common::demo_time());
    let xmlsec_pss = Command::new("xmlsec1")
        .arg("--list-transforms")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .to_lowercase()
                .contains("pss")
        })
        .unwrap_or(false);
    let dir = std::env::temp_dir().join(format!("qoltanba-xml-pss-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut openssl_checked = 0;
    for (mode, input, elements, ids) in modes() {
        let mut options = XmlSignOptions::new(mode.clone());
        options.timestamp = Some((Time::parse_rfc3339("2025-05-31T23:59:00Z").unwrap(), 300));
        let signed = sign_xml(input.as_bytes(), &k, &c, &options).unwrap();
        let text = String::from_utf8(signed.clone()).unwrap();
        assert!(text.contains(
            "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1\"/>"
        ));
        let report = v.verify_xml(&signed, &at);
        assert_eq!(report.result(), Ok(()), "{mode:?}: {report:#?}");
        assert_eq!(report.signed_elements, elements, "{mode:?}");
        assert_eq!(
            report.document.signers[0].signature_algorithm,
            "rsassaPss-sha256"
        );
        // A changed SignatureValue is refused.
        let b64_start = text.find("<ds:SignatureValue>").unwrap() + "<ds:SignatureValue>".len();
        let mut broken = text.clone().into_bytes();
        broken[b64_start + 5] = if broken[b64_start + 5] == b'A' {
            b'B'
        } else {
            b'A'
        };
        assert!(!v.verify_xml(&broken, &at).valid());
        if xmlsec_pss {
            let key_cert = (mode == XmlSignMode::WsSecurity)
                .then_some("test-vectors/demo/individual-sign.pem");
            assert_eq!(
                xmlsec1_verifies(&signed, &ids, key_cert),
                Some(true),
                "{mode:?}"
            );
        }
        // Independent check of the value where SignedInfo is under
        // exclusive C14N (by Id, WS-Security): SignedInfo alone
        // canonicalizes to the same bytes as in place.
        if mode == XmlSignMode::Enveloped
            || Command::new("xmllint").arg("--version").output().is_err()
        {
            continue;
        }
        let si_start = text.find("<ds:SignedInfo").unwrap();
        let si_end = text.find("</ds:SignedInfo>").unwrap() + "</ds:SignedInfo>".len();
        let alone = format!(
            "<ds:SignedInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"{}",
            &text[si_start + "<ds:SignedInfo".len()..si_end]
        );
        let si = dir.join("si.xml");
        std::fs::write(&si, alone).unwrap();
        let canon = Command::new("xmllint")
            .arg("--exc-c14n")
            .arg(&si)
            .output()
            .unwrap();
        assert!(canon.status.success());
        std::fs::write(dir.join("si.c14n"), &canon.stdout).unwrap();
        let value: String = text[b64_start..text.find("</ds:SignatureValue>").unwrap()]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        use base64::Engine as _;
        std::fs::write(
            dir.join("sig.bin"),
            base64::engine::general_purpose::STANDARD
                .decode(value)
                .unwrap(),
        )
        .unwrap();
        let pubkey = Command::new("openssl")
            .args([
                "x509",
                "-pubkey",
                "-noout",
                "-in",
                "test-vectors/demo/individual-sign.pem",
            ])
            .output()
            .unwrap();
        std::fs::write(dir.join("pub.pem"), &pubkey.stdout).unwrap();
        let out = Command::new("openssl")
            .args([
                "dgst",
                "-sha256",
                "-sigopt",
                "rsa_padding_mode:pss",
                "-sigopt",
                "rsa_pss_saltlen:32",
                "-sigopt",
                "rsa_mgf1_md:sha256",
                "-verify",
            ])
            .arg(dir.join("pub.pem"))
            .arg("-signature")
            .arg(dir.join("sig.bin"))
            .arg(dir.join("si.c14n"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{mode:?}: openssl: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        openssl_checked += 1;
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(openssl_checked == 0 || openssl_checked == 3);
}

/// An element written empty where the signature goes (`<soap:Header/>`,
/// an empty document element) gets an end tag, and the result verifies
/// here and in xmlsec1.
#[test]
fn empty_insertion_points_get_an_end_tag() {
    let v = common::verifier();
    let at = Options::at(common::demo_time());
    let (k, c) = demo_key("individual-sign");
    let soap = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header/><soap:Body><a>1</a></soap:Body></soap:Envelope>"#;
    let signed = sign_xml(
        soap.as_bytes(),
        &k,
        &c,
        &XmlSignOptions::new(XmlSignMode::WsSecurity),
    )
    .unwrap();
    let text = String::from_utf8(signed.clone()).unwrap();
    assert!(text.contains("<soap:Header><wsse:Security "), "{text}");
    assert!(
        text.contains("</wsse:Security></soap:Header><soap:Body"),
        "{text}"
    );
    assert_eq!(v.verify_xml(&signed, &at).result(), Ok(()));
    let ids = ["http://schemas.xmlsoap.org/soap/envelope/:Body"];
    if let Some(ok) = xmlsec1_verifies(&signed, &ids, Some("test-vectors/demo/individual-sign.pem"))
    {
        assert!(ok, "xmlsec1 refuses:\n{text}");
    }
    let signed = sign_xml(
        b"<empty />",
        &k,
        &c,
        &XmlSignOptions::new(XmlSignMode::Enveloped),
    )
    .unwrap();
    let text = String::from_utf8(signed.clone()).unwrap();
    assert!(text.starts_with("<empty ><ds:Signature "), "{text}");
    assert!(text.ends_with("</ds:Signature></empty>"), "{text}");
    assert_eq!(v.verify_xml(&signed, &at).result(), Ok(()));
    if let Some(ok) = xmlsec1_verifies(&signed, &[], None) {
        assert!(ok, "xmlsec1 refuses:\n{text}");
    }
}

#[test]
fn a_document_already_signed_is_signed_again() {
    let v = common::verifier();
    let at = Options::at(common::demo_time());
    let (rsa, rsa_cert) = demo_key("individual-sign");
    let (ec, ec_cert) = demo_key("individual-sign-ec");
    let by_id = sign_xml(
        DOC.as_bytes(),
        &rsa,
        &rsa_cert,
        &XmlSignOptions::new(XmlSignMode::ById("applicant".into())),
    )
    .unwrap();
    // The new signature's own SignedInfo is signed, not the first one in
    // the document.
    let both = sign_xml(
        &by_id,
        &ec,
        &ec_cert,
        &XmlSignOptions::new(XmlSignMode::Enveloped),
    )
    .unwrap();
    let text = String::from_utf8(both.clone()).unwrap();
    assert_eq!(text.matches("<ds:Signature ").count(), 2, "{text}");
    let report = v.verify_xml(&both, &at);
    assert_eq!(report.result(), Ok(()), "{report:#?}");
    assert_eq!(report.signatures.len(), 2, "{report:#?}");
    assert_eq!(report.signed_elements, ["заявка", "заявитель"]);
    for n in [1, 2] {
        let node = format!("(//*[local-name()='Signature'])[{n}]");
        if let Some(ok) = XMLSEC1.verifies(&both, &["заявитель"], None, Some(&node)) {
            assert!(ok, "xmlsec1 refuses signature {n}:\n{text}");
        }
    }
}
