//! Every JSON document the CLI writes names its schema (`schema`) and
//! validates against the JSON Schema of that name in `docs/schema/`:
//! errors, certificate and document reports, request verdicts and
//! verify-bulk (whole runs and JSON lines), XML reports.

use std::process::Command;

mod support;

use support::{demo_trust, D};

fn schema(name: &str) -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(format!("../docs/schema/{name}.schema.json")).expect("schema file");
    let value: serde_json::Value = serde_json::from_str(&text).expect("schema JSON");
    jsonschema::validator_for(&value).expect("a valid JSON Schema")
}

fn run(args: &[&str]) -> Vec<serde_json::Value> {
    let o = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(args)
        .output()
        .expect("runs");
    let text = String::from_utf8(o.stdout).expect("UTF-8");
    if args.contains(&"jsonl") {
        text.lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect()
    } else {
        vec![serde_json::from_str(&text).expect("one JSON document")]
    }
}

fn check(name: &str, values: &[serde_json::Value]) {
    let validator = schema(name);
    for v in values {
        assert_eq!(v["schema"], format!("qoltanba/{name}/1"), "{v}");
        let errors: Vec<String> = validator.iter_errors(v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}\n{v}");
    }
}

fn demo(args: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    v.extend(demo_trust(&["root-rsa.crl", "nca-rsa.crl"]));
    v
}

fn run_demo(args: &[&str]) -> Vec<serde_json::Value> {
    let all = demo(args);
    run(&all.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn errors() {
    check(
        "error",
        &run(&["verify", "--format", "json", "no-such-file"]),
    );
    check("error", &run(&["verify", "--format", "jsonl", "--bogus"]));
    // The schemas refuse what they should: a code that is not a code, a
    // missing message, a report without its verdict.
    let bad = serde_json::json!({"schema": "qoltanba/error/1", "error": {"code": "Not A Code", "message": "m"}});
    assert!(!schema("error").is_valid(&bad));
    let bad = serde_json::json!({"schema": "qoltanba/error/1", "error": {"code": "usage"}});
    assert!(!schema("error").is_valid(&bad));
    let mut report = run_demo(&[
        "verify-cert",
        &format!("{D}/ceo-sign.pem"),
        "--format",
        "json",
    ])
    .remove(0);
    assert!(schema("certificate-report").is_valid(&report));
    report.as_object_mut().expect("object").remove("valid");
    assert!(!schema("certificate-report").is_valid(&report));
}

#[test]
fn certificate_reports() {
    for cert in [
        "ceo-sign.pem",
        "revoked.pem",
        "expired.pem",
        "individual-auth.pem",
    ] {
        let path = format!("{D}/{cert}");
        check(
            "certificate-report",
            &run_demo(&["verify-cert", &path, "--format", "json"]),
        );
    }
}

#[test]
fn document_reports() {
    for doc in [
        "rsa-cades-attached.der",
        "revoked-attached.der",
        "expired-attached.der",
    ] {
        let path = format!("../test-vectors/cms/{doc}");
        check(
            "document-report",
            &run_demo(&["verify", &path, "--format", "json"]),
        );
        check(
            "document-report",
            &run_demo(&["verify", &path, "--format", "jsonl"]),
        );
    }
}

#[test]
fn verify_bulk_runs_and_lines() {
    let list = std::env::temp_dir().join(format!("qoltanba-schema-{}.txt", std::process::id()));
    std::fs::write(
        &list,
        "../test-vectors/cms/rsa-cades-attached.der\n../test-vectors/cms/revoked-attached.der\nmissing.p7s\n",
    )
    .expect("list");
    let path = list.to_str().expect("utf-8");
    let whole = run_demo(&["verify-bulk", path, "--format", "json"]);
    let lines = run_demo(&["verify-bulk", path, "--format", "jsonl"]);
    std::fs::remove_file(&list).ok();
    check("verify-bulk", &whole);
    assert_eq!(lines.len(), 4);
    check("verify-bulk", &lines);
}

#[test]
fn request_verdicts() {
    let dir = std::env::temp_dir().join(format!("qoltanba-schema-req-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let req = dir.join("request.json");
    std::fs::write(
        &req,
        r#"{"version":1,"service":"00501","kind":"issue","channel":"portal","applicant":{"iin":"871008401427"},"fields":{"activity":"x"},"attachments":[]}"#,
    )
    .expect("write");
    let mut verdicts = Vec::new();
    for who in ["individual-sign", "ceo-sign"] {
        let out = dir.join(format!("{who}.p7s"));
        let key = format!("{D}/{who}.key.pem");
        let cert = format!("{D}/{who}.pem");
        let o = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
            .args([
                "request",
                "sign",
                req.to_str().expect("utf-8"),
                "--force",
                "--key",
                &key,
            ])
            .args(["--cert", &cert, "--at", "2025-06-01T00:00:00Z", "--out"])
            .arg(&out)
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(0), "{o:?}");
        let path = out.to_str().expect("utf-8").to_owned();
        verdicts.extend(run_demo(&["request", "verify", &path, "--format", "json"]));
    }
    std::fs::remove_dir_all(&dir).ok();
    check("verdict", &verdicts);
    assert_eq!(verdicts[0]["valid"], true);
    assert_eq!(verdicts[1]["refusal"], "eds-identity-mismatch");
    assert_eq!(verdicts[1]["subject"], "applicant");
    assert_eq!(verdicts[1]["signers"][0]["part"], "co-signer");
    assert_eq!(verdicts[0]["signers"][0]["part"], "applicant");
    assert_eq!(verdicts[0]["payload"]["channel"], "portal");
}

/// The request and licence schemas (docs/schema/) and the library agree:
/// every example validates against its schema and parses; each broken
/// variant is refused by both, and the library refuses what a schema
/// cannot see (impossible dates, check digits, dates out of order).
#[test]
fn payload_schemas_and_examples() {
    let examples = "../docs/schema/examples";
    let request_schema = schema("request");
    let licence_schema = schema("licence");
    let mut seen = 0;
    for entry in std::fs::read_dir(examples).expect("examples") {
        let path = entry.expect("entry").path();
        let text = std::fs::read(&path).expect("example");
        let value: serde_json::Value = serde_json::from_slice(&text).expect("JSON");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if name.starts_with("request") {
            assert!(request_schema.is_valid(&value), "{name}");
            qoltanba::Request::from_json(&text).expect(&name);
        } else {
            assert!(licence_schema.is_valid(&value), "{name}");
            qoltanba::Licence::from_json(&text).expect(&name);
        }
        seen += 1;
    }
    assert_eq!(seen, 4);

    let base: serde_json::Value = serde_json::from_slice(
        &std::fs::read(format!("{examples}/request-portal.json")).expect("example"),
    )
    .expect("JSON");
    type Edit = fn(&mut serde_json::Value);
    let both: [(&str, Edit); 8] = [
        ("version 2", |v| v["version"] = 2.into()),
        ("empty service", |v| v["service"] = "".into()),
        ("unknown kind", |v| v["kind"] = "renew".into()),
        ("unknown channel", |v| v["channel"] = "mail".into()),
        ("upper-case hash", |v| {
            v["attachments"][0]["sha256"] = "AB".repeat(32).into()
        }),
        ("unknown field", |v| v["extra"] = true.into()),
        ("not a date", |v| {
            v["registration"] = serde_json::json!({"number": "1", "date": "not-a-date"})
        }),
        ("short IIN", |v| {
            v["applicant"]["iin"] = "87100840142".into()
        }),
    ];
    for (what, edit) in both {
        let mut v = base.clone();
        edit(&mut v);
        assert!(!request_schema.is_valid(&v), "schema accepts {what}");
        assert!(
            qoltanba::Request::from_json(v.to_string().as_bytes()).is_err(),
            "library accepts {what}"
        );
    }
    let library_only: [(&str, Edit); 2] = [
        ("impossible date", |v| {
            v["registration"] = serde_json::json!({"number": "1", "date": "2025-02-30"})
        }),
        ("check digit", |v| {
            v["applicant"]["iin"] = "871008401428".into()
        }),
    ];
    for (what, edit) in library_only {
        let mut v = base.clone();
        edit(&mut v);
        assert!(request_schema.is_valid(&v), "{what}");
        assert!(
            qoltanba::Request::from_json(v.to_string().as_bytes()).is_err(),
            "library accepts {what}"
        );
    }
    let lic: serde_json::Value = serde_json::from_slice(
        &std::fs::read(format!("{examples}/licence.json")).expect("example"),
    )
    .expect("JSON");
    let mut bad = lic.clone();
    bad["status"] = "revoked".into();
    assert!(!licence_schema.is_valid(&bad));
    assert!(qoltanba::Licence::from_json(bad.to_string().as_bytes()).is_err());
    let mut order = lic;
    order["valid_until"] = "2025-05-29".into();
    assert!(licence_schema.is_valid(&order));
    assert!(qoltanba::Licence::from_json(order.to_string().as_bytes()).is_err());
}

/// `request verify --receipt FILE`: the receipt validates against its
/// schema and records the document's hash, the verdict, the signers and the
/// evidence, for a confirmed and a refused request.
#[test]
fn receipts() {
    let dir = std::env::temp_dir().join(format!("qoltanba-receipt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let req = dir.join("request.json");
    std::fs::write(
        &req,
        r#"{"version":1,"service":"00501","kind":"issue","channel":"portal","applicant":{"iin":"871008401427"}}"#,
    )
    .expect("write");
    let mut receipts = Vec::new();
    for who in ["individual-sign", "revoked"] {
        let out = dir.join(format!("{who}.p7s"));
        let o = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
            .args(["request", "sign", req.to_str().expect("utf-8"), "--force"])
            .args(["--key", &format!("{D}/{who}.key.pem")])
            .args(["--cert", &format!("{D}/{who}.pem")])
            .args(["--at", "2025-06-01T00:00:00Z", "--out"])
            .arg(&out)
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(0), "{o:?}");
        let receipt = dir.join(format!("{who}.receipt.json"));
        let args = demo(&[
            "request",
            "verify",
            out.to_str().expect("utf-8"),
            "--receipt",
            receipt.to_str().expect("utf-8"),
        ]);
        let o = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
            .args(&args)
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(if who == "revoked" { 1 } else { 0 }));
        let text = std::fs::read(&receipt).expect("receipt written");
        let value: serde_json::Value = serde_json::from_slice(&text).expect("JSON");
        let doc = std::fs::read(&out).expect("document");
        let hash = hex::encode(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &doc));
        assert_eq!(value["document_sha256"], hash);
        receipts.push(value);
    }
    std::fs::remove_dir_all(&dir).ok();
    check("receipt", &receipts);
    let (good, bad) = (&receipts[0], &receipts[1]);
    assert_eq!(good["valid"], true);
    assert_eq!(good["kind"], "request");
    assert_eq!(good["signers"][0]["part"], "applicant");
    assert_eq!(good["signers"][0]["iin"], "871008401427");
    assert_eq!(good["signers"][0]["revocation"], "passed");
    assert_eq!(good["validated_at"], "2025-06-01T00:00:00Z");
    assert_eq!(
        good["software"],
        format!("qoltanba {}", env!("CARGO_PKG_VERSION"))
    );
    let crls: Vec<(&str, &str)> = good["evidence"]["crls"]
        .as_array()
        .expect("crls")
        .iter()
        .map(|c| {
            (
                c["issuer"].as_str().unwrap_or(""),
                c["number"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        crls,
        vec![
            ("CN=DEMO ROOT CA (RSA), C=KZ", "01"),
            ("CN=DEMO NCA (RSA), C=KZ", "64")
        ]
    );
    assert_eq!(bad["valid"], false);
    assert_eq!(bad["subject"], "applicant");
    assert_eq!(bad["refusal"], "eds-revoked");
    assert_eq!(bad["reason"]["code"], "cert-revoked");
    assert_eq!(bad["signers"][0]["revocation"], "failed");
    assert_eq!(
        bad["message"]["ru"],
        "Отказ в оказании запрашиваемой услуги в связи с неподтверждением подлинности ЭЦП услугополучателя: регистрационное свидетельство ЭЦП находится в списке отозванных (аннулированных) регистрационных свидетельств"
    );
}

/// `verify --format json` on XML documents: a valid enveloped signature
/// (xmlsec1's), refusals (signature wrapping, a changed Body), the
/// national provider's WS-Security message and a WS-Security message
/// qoltanba signs with a Timestamp; each validates against
/// xml-report.schema.json, which refuses what it should.
#[test]
fn xml_reports() {
    // The demo trust with both CAs' CRLs (RSA and EC signers).
    let run_xml = |args: &[&str]| {
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.extend(demo_trust(&[
            "root-rsa.crl",
            "nca-rsa.crl",
            "root-ec.crl",
            "nca-ec-fresh.crl",
        ]));
        run(&all.iter().map(String::as_str).collect::<Vec<_>>()).remove(0)
    };
    let x = "../test-vectors/xml/xmlsec";
    let m = "../test-vectors/malformed/xml";
    let mut reports = Vec::new();
    for (file, valid, code) in [
        (format!("{x}/rsa-enveloped.xml"), true, None),
        (format!("{x}/soap-ecdsa.xml"), true, None),
        (
            format!("{m}/xsw-moved-body.xml"),
            false,
            Some("xml-wrapped-element"),
        ),
        (
            format!("{m}/body-changed.xml"),
            false,
            Some("xml-digest-mismatch"),
        ),
    ] {
        let v = run_xml(&["verify", &file, "--format", "json"]);
        assert_eq!(v["valid"], valid, "{file}: {v}");
        if let Some(code) = code {
            assert_eq!(v["reason"]["code"], code, "{file}: {v}");
        }
        reports.push(v);
    }
    let national = run(&[
        "verify",
        "../test-vectors/third-party/kz/skarm-kalkan/java_xml__native-wsse.xml",
        "--trust-profile",
        "nca-test",
        "--at",
        "2024-03-01T00:00:00Z",
        "--revocation",
        "off",
        "--format",
        "json",
    ])
    .remove(0);
    assert_eq!(national["valid"], true, "{national}");
    assert_eq!(national["soap"], true);
    reports.push(national);
    // WS-Security with a signed Timestamp: `timestamp` is [Created, Expires].
    let dir = std::env::temp_dir().join(format!("qoltanba-schema-xml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let input = dir.join("soap.xml");
    std::fs::write(
        &input,
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header></soap:Header>\
         <soap:Body><req>Сәлем</req></soap:Body></soap:Envelope>",
    )
    .expect("write");
    let signed = dir.join("signed.xml");
    let o = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args([
            "sign",
            input.to_str().expect("utf-8"),
            "--xml",
            "--wsse",
            "--key",
            &format!("{D}/individual-sign.key.pem"),
            "--cert",
            &format!("{D}/individual-sign.pem"),
            "--at",
            "2025-06-01T00:00:00Z",
            "--out",
            signed.to_str().expect("utf-8"),
        ])
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = run_xml(&[
        "verify",
        signed.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(
        v["timestamp"],
        serde_json::json!(["2025-06-01T00:00:00Z", "2025-06-01T00:05:00Z"])
    );
    assert_eq!(
        v["signed_elements"],
        serde_json::json!(["Timestamp", "Body"])
    );
    reports.push(v.clone());
    check("xml-report", &reports);
    // The schema refuses what it should: a report without its signatures, a
    // reference without its digest verdict, a timestamp of one element.
    let xml = schema("xml-report");
    let mut bad = v.clone();
    bad.as_object_mut().expect("object").remove("signatures");
    assert!(!xml.is_valid(&bad));
    let mut bad = v.clone();
    bad["signatures"][0]["references"][0]
        .as_object_mut()
        .expect("object")
        .remove("digest_valid");
    assert!(!xml.is_valid(&bad));
    let mut bad = v.clone();
    bad["timestamp"] = serde_json::json!(["2025-06-01T00:00:00Z"]);
    assert!(!xml.is_valid(&bad));
    // A document report is not an XML report, nor the reverse.
    assert!(!schema("document-report").is_valid(&v));
}
