//! The CLI on XML signatures (issue 15): `verify` recognises XML by
//! content, text and JSON; `sign --xml` (enveloped, `--id`, `--wsse`)
//! writes what `verify` accepts; `inspect` shows the structure.

#![allow(clippy::unwrap_used)]

use std::process::Command;

fn root(path: &str) -> String {
    format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))
}

fn qoltanba(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(args)
        .env_remove("QOLTANBA_CONFIG")
        .env("HOME", "/nonexistent")
        .output()
        .unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn verify_national_wsse_text_and_json() {
    let file = root("test-vectors/third-party/kz/skarm-kalkan/java_xml__native-wsse.xml");
    let common = [
        "--trust-profile",
        "nca-test",
        "--at",
        "2024-03-01T00:00:00Z",
        "--revocation",
        "off",
    ];
    let mut args = vec!["verify", file.as_str()];
    args.extend(common);
    let (code, out, _) = qoltanba(&args);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("VALID\nXML (SOAP, WS-Security): 1 signature(s)\n"),
        "{out}"
    );
    assert!(out.contains("signed elements: Body\n"), "{out}");
    args.extend(["--format", "json"]);
    let (code, out, _) = qoltanba(&args);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "qoltanba/xml-report/1");
    assert_eq!(v["valid"], true);
    assert_eq!(v["soap"], true);
    assert_eq!(v["signed_elements"], serde_json::json!(["Body"]));
    assert_eq!(v["signers"][0]["signature_algorithm"], "gost34.10-2015-512");
    assert_eq!(v["signatures"][0]["references"][0]["uri"], "#body");
}

#[test]
fn verify_xsw_is_refused_with_its_code() {
    let file = root("test-vectors/malformed/xml/xsw-moved-body.xml");
    let demo = root("test-vectors/demo");
    let (code, out, _) = qoltanba(&[
        "verify",
        &file,
        "--trust-profile",
        "none",
        "--trust",
        &format!("{demo}/root-rsa.pem"),
        "--intermediate",
        &format!("{demo}/nca-rsa.pem"),
        "--at",
        "2025-06-01T00:00:00Z",
        "--revocation",
        "off",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["reason"]["code"], "xml-wrapped-element");
}

#[test]
fn sign_xml_then_verify_and_inspect() {
    let demo = root("test-vectors/demo");
    let dir = std::env::temp_dir().join(format!("qoltanba-cli-xml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.xml");
    std::fs::write(&input, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<өтініш><мәтін Id=\"t\">Сәлем</мәтін></өтініш>\n").unwrap();
    for (extra, elements) in [(vec![], "өтініш"), (vec!["--id", "t"], "мәтін")] {
        let out = dir.join("signed.xml");
        let mut args = vec![
            "sign".to_owned(),
            input.display().to_string(),
            "--xml".into(),
            "--key".into(),
            format!("{demo}/individual-sign.key.pem"),
            "--cert".into(),
            format!("{demo}/individual-sign.pem"),
            "--at".into(),
            "2025-06-01T00:00:00Z".into(),
            "--out".into(),
            out.display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, err) = qoltanba(&refs);
        assert_eq!(code, 0, "{err}");
        let (code, text, _) = qoltanba(&[
            "verify",
            out.to_str().unwrap(),
            "--trust-profile",
            "none",
            "--trust",
            &format!("{demo}/root-rsa.pem"),
            "--intermediate",
            &format!("{demo}/nca-rsa.pem"),
            "--at",
            "2025-06-01T00:00:00Z",
            "--revocation",
            "off",
        ]);
        assert_eq!(code, 0, "{text}");
        assert!(
            text.contains(&format!("signed elements: {elements}\n")),
            "{text}"
        );
        let (code, text, _) = qoltanba(&["inspect", out.to_str().unwrap()]);
        assert_eq!(code, 0);
        assert!(
            text.contains("signature method: http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"),
            "{text}"
        );
    }
}
