//! NCANode's XML signing, PKCS#12 and raw-signature endpoints on
//! 127.0.0.1: `/xml/sign` and `/wsse/sign` (the result checked here and by
//! the independent `xmlsec1 --verify`), `/pkcs12/info`,
//! `/pkcs12/aliases`, `/x509/verify` (signatures made by the `openssl`
//! CLI). Keys: OpenSSL-made PKCS#12 files under a test CA
//! (`test-vectors/keys`, password `qoltanba`).

#![allow(clippy::unwrap_used)]

use std::fs;
use std::process::Command;

use qoltanba::Certificate;
use serde_json::{json, Value};

mod support;
#[path = "../../tests/xmlsec1/mod.rs"]
mod xmlsec1;

use support::{b64, keys, keys_service as service, signer, Service, PASSWORD, VECTORS};
use xmlsec1::Xmlsec1;

/// xmlsec1 with the keys' test CA, at the service's time.
const XMLSEC1: Xmlsec1<'static> = Xmlsec1 {
    trusted: &[concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../test-vectors/keys/ca.pem"
    )],
    untrusted: &[],
    time: "2027-01-01+00:00:00",
};

/// xmlsec1's verdict on the document's first signature (see
/// [`Xmlsec1::verifies`]).
fn xmlsec1_verifies(xml: &str, ids: &[&str], key_cert: Option<&str>) -> Option<bool> {
    XMLSEC1.verifies(xml.as_bytes(), ids, key_cert, None)
}

const DOC: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<заявка>\n  <заявитель Id=\"applicant\">Иванов Иван</заявитель>\n  <услуга>лицензия</услуга>\n</заявка>\n";

const SOAP: &str = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header/><soap:Body><SendMessage xmlns="http://bip.bee.kz/SyncChannel/v10/Types"><iin>931002451325</iin></SendMessage></soap:Body></soap:Envelope>"#;

/// (status, `xml` of the answer) of a signing call.
fn sign(s: &Service, path: &str, request: &Value) -> (u16, String, Value) {
    let (status, body) = s.post_json(path, request);
    let xml = body["xml"].as_str().unwrap_or_default().to_owned();
    (status, xml, body)
}

#[test]
fn xml_sign_enveloped_by_id_and_by_two_signers() {
    let s = service();
    // Enveloped, the whole document.
    let (status, xml, body) = sign(
        &s,
        "/xml/sign",
        &json!({ "xml": DOC, "signers": [signer("p256-named.p12")] }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (&body["status"], &body["message"]),
        (&json!(200), &json!("OK"))
    );
    let (_, verified) = s.post_json("/xml/verify", &json!({ "xml": xml }));
    assert_eq!(verified["valid"], true, "{verified}");
    if let Some(ok) = xmlsec1_verifies(&xml, &[], None) {
        assert!(ok, "xmlsec1 refuses:\n{xml}");
    }
    // By Id, the key picked by its alias.
    let mut by_id = signer("p256-named.p12");
    by_id["referenceUri"] = json!("#applicant");
    by_id["keyAlias"] = json!("qoltanba test key");
    let (status, xml, body) = sign(&s, "/xml/sign", &json!({ "xml": DOC, "signers": [by_id] }));
    assert_eq!(status, 200, "{body}");
    assert!(xml.contains(r##"URI="#applicant""##), "{xml}");
    let (_, verified) = s.post_json("/xml/verify", &json!({ "xml": xml }));
    assert_eq!(verified["valid"], true, "{verified}");
    if let Some(ok) = xmlsec1_verifies(&xml, &["заявитель"], None) {
        assert!(ok, "xmlsec1 refuses:\n{xml}");
    }
    // Two signers, RSA by Id then ECDSA enveloped: both hold.
    let mut rsa_by_id = signer("rsa2048-pbes2.p12");
    rsa_by_id["referenceUri"] = json!("#applicant");
    let (status, xml, body) = sign(
        &s,
        "/xml/sign",
        &json!({ "xml": DOC, "signers": [rsa_by_id, signer("p256-named.p12")] }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(xml.matches("<ds:Signature ").count(), 2, "{xml}");
    let (_, verified) = s.post_json("/xml/verify", &json!({ "xml": xml }));
    assert_eq!(verified["valid"], true, "{verified}");
    assert_eq!(
        verified["signers"].as_array().map(Vec::len),
        Some(2),
        "{verified}"
    );
    // Two enveloped signers: the second would break the first, refused.
    let (status, _, body) = sign(
        &s,
        "/xml/sign",
        &json!({ "xml": DOC, "signers": [signer("rsa2048-pbes2.p12"), signer("p256-named.p12")] }),
    );
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["message"],
        "signers[0]: an enveloped signature (no referenceUri) must be the last one; \
         the signatures after it would break it",
        "{body}"
    );

    // clearSignatures: signed again, only the new signature is left.
    let (status, again, body) = sign(
        &s,
        "/xml/sign",
        &json!({ "xml": xml, "signers": [signer("p256-named.p12")], "clearSignatures": true }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(again.matches("<ds:Signature ").count(), 1, "{again}");
    let (_, verified) = s.post_json("/xml/verify", &json!({ "xml": again }));
    assert_eq!(verified["valid"], true, "{verified}");
    // trimXml: the indentation is gone, the signature holds.
    let (status, trimmed, body) = sign(
        &s,
        "/xml/sign",
        &json!({ "xml": DOC, "signers": [signer("p256-named.p12")], "trimXml": true }),
    );
    assert_eq!(status, 200, "{body}");
    assert!(
        trimmed.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<заявка><заявитель Id=\"applicant\">Иванов Иван</заявитель><услуга>лицензия</услуга><ds:Signature "),
        "{trimmed}"
    );
    let (_, verified) = s.post_json("/xml/verify", &json!({ "xml": trimmed }));
    assert_eq!(verified["valid"], true, "{verified}");
}

#[test]
fn wsse_sign_then_verify_here_and_in_xmlsec1() {
    let s = service();
    let mut request = signer("rsa2048-pbes2.p12");
    request["xml"] = json!(SOAP);
    let (status, xml, body) = sign(&s, "/wsse/sign", &request);
    assert_eq!(status, 200, "{body}");
    assert!(xml.contains("<wsse:Security"), "{xml}");
    let (_, verified) = s.post_json("/wsse/verify", &json!({ "xml": xml }));
    assert_eq!(verified["valid"], true, "{verified}");
    let cert = keys("rsa2048.pem");
    if let Some(ok) = xmlsec1_verifies(
        &xml,
        &["http://schemas.xmlsoap.org/soap/envelope/:Body"],
        Some(&cert),
    ) {
        assert!(ok, "xmlsec1 refuses:\n{xml}");
    }
    // One letter of the Body changed.
    let tampered = xml.replacen("931002451325", "931002451326", 1);
    let (_, verified) = s.post_json("/wsse/verify", &json!({ "xml": tampered }));
    assert_eq!(verified["valid"], false, "{verified}");
    assert_eq!(verified["qoltanba"]["code"], "xml-digest-mismatch");
}

#[test]
fn signing_refusals_have_their_codes() {
    let s = service();
    let cases = [
        (
            json!({ "xml": DOC, "signers": [] }),
            400,
            "bad-request",
            "signers: at least one",
        ),
        (
            json!({ "xml": DOC, "signers": [{ "key": b64(&fs::read(keys("p256-named.p12")).unwrap()), "password": "wrong" }] }),
            400,
            "wrong-password",
            "",
        ),
        (
            json!({ "xml": DOC, "signers": [{ "key": b64(&fs::read(keys("p256-named.p12")).unwrap()), "password": PASSWORD, "keyAlias": "other" }] }),
            400,
            "bad-request",
            "signers[0].keyAlias: the store has no key \"other\" (its one key: \"qoltanba test key\")",
        ),
        (
            json!({ "xml": "<a>", "signers": [signer("p256-named.p12")] }),
            400,
            "malformed",
            "",
        ),
    ];
    for (request, status, code, message) in cases {
        let (got, body) = s.post_json("/xml/sign", &request);
        assert_eq!(got, status, "{body}");
        assert_eq!(body["qoltanba"]["code"], code, "{body}");
        if !message.is_empty() {
            assert_eq!(body["message"], message, "{body}");
        }
    }
}

#[test]
fn pkcs12_info_and_aliases() {
    let s = service();
    let (status, body) = s.post_json(
        "/pkcs12/info",
        &json!({ "keys": [signer("p256-named.p12"), signer("rsa2048-pbes2.p12")], "revocationCheck": ["OCSP"] }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["valid"], true, "{body}");
    let p256 = Certificate::from_any(&fs::read(keys("p256.pem")).unwrap()).unwrap();
    assert_eq!(
        body["signers"][0]["serialNumber"],
        p256.serial_hex().trim_start_matches('0'),
        "{body}"
    );
    assert_eq!(body["qoltanba"]["revocationCheckAsked"], json!(["OCSP"]));
    let (status, body) = s.post_json(
        "/pkcs12/aliases",
        &json!({ "keys": [signer("p256-named.p12"), signer("rsa2048-pbes2.p12")] }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({ "status": 200, "message": "OK", "aliases": [["qoltanba test key"], []] })
    );
    // A store whose CA the service does not trust: not valid.
    let national = format!(
        "{VECTORS}/third-party/kz/skarm-kalkan/p12__GOST512_02c7a21f2df78b99cb67323e2e255779bb6ae309.p12"
    );
    let (status, body) = s.post_json(
        "/pkcs12/info",
        &json!({ "keys": [{ "key": b64(&fs::read(national).unwrap()), "password": "Qwerty12" }] }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["valid"], false, "{body}");
    assert_eq!(body["signers"][0]["valid"], false, "{body}");
}

/// `openssl dgst -sha256 -sign KEY` over `data`: a raw signature made by
/// an independent implementation (PKCS#1 v1.5 for RSA, DER ECDSA).
fn openssl_sign(key: &str, data: &str) -> Option<Vec<u8>> {
    let dir = std::env::temp_dir().join(format!("qoltanba-server-sba-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let input = dir.join("data.txt");
    fs::write(&input, data).unwrap();
    let out = Command::new("openssl")
        .args(["dgst", "-sha256", "-sign"])
        .arg(keys(key))
        .arg(&input)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(out.stdout)
}

#[test]
fn x509_verify_checks_a_raw_signature_and_the_certificate() {
    if Command::new("openssl").arg("version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI installs openssl");
        eprintln!("openssl is not installed: skipped");
        return;
    }
    let s = service();
    let data = "өтініш №1";
    for (key, cert) in [
        ("p256.key.pem", "p256.pem"),
        ("rsa2048.key.pem", "rsa2048.pem"),
    ] {
        let signature = openssl_sign(key, data).unwrap();
        let request = |data: &str| {
            json!({
                "certificate": b64(&fs::read(keys(cert)).unwrap()),
                "signature": b64(&signature),
                "data": data,
            })
        };
        let (status, body) = s.post_json("/x509/verify", &request(data));
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["valid"], true, "{cert}: {body}");
        assert_eq!(body["signers"][0]["valid"], true, "{body}");
        // The data changed: the signature does not verify.
        let (_, body) = s.post_json("/x509/verify", &request("өтініш №2"));
        assert_eq!(body["valid"], false, "{body}");
        assert_eq!(body["qoltanba"]["code"], "invalid-signature", "{body}");
        // The certificate still is.
        assert_eq!(body["signers"][0]["valid"], true, "{body}");
    }
    // A certificate the service does not trust: not valid, even with a
    // good signature.
    let (status, body) = s.post_json(
        "/x509/verify",
        &json!({
            "certificate": b64(&fs::read(keys("ca.pem")).unwrap()),
            "signature": b64(&openssl_sign("p256.key.pem", data).unwrap()),
            "data": data,
        }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["valid"], false, "{body}");
}
