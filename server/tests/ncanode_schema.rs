//! NCANode's responses checked against NCANode's own API description: its
//! OpenAPI document (`tests/ncanode/openapi.json`, NCANode's `openapi.yml`
//! converted to JSON) gives each response's fields, their types, enums
//! and example values. Every field the service answers is walked: one
//! NCANode does not describe, one it describes that the service leaves
//! out, a wrong type, a value outside an enum or of another form than
//! NCANode's example (dates, serial numbers) is a difference. The test
//! asserts the exact list of differences, each documented in
//! `docs/ncanode-compatibility.md`. Every endpoint NCANode describes is
//! called: verification, extraction, signing, PKCS#12 and health.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fs;

use qoltanba::{Policy, RevocationMode, Time, TrustProfile, Verifier};
use qoltanba_server::AppState;
use serde_json::{json, Map, Value};

mod support;

use support::{b64, demo, demo_verifier, keys_service, quiet, signed_by, signer, Service, VECTORS};

/// NCANode's OpenAPI document.
fn openapi() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ncanode/openapi.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// `v` with its `$ref` (`#/components/...`) followed.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let target = r
                .strip_prefix("#/")
                .unwrap()
                .split('/')
                .fold(doc, |at, part| &at[part]);
            resolve(doc, target)
        }
        None => v,
    }
}

/// A schema with its `$ref`s followed and its `allOf` parts merged into
/// one (`type`, `enum`, `example`, `items`, `properties`).
fn flatten(doc: &Value, schema: &Value) -> Map<String, Value> {
    let schema = resolve(doc, schema);
    let mut out = Map::new();
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        for part in parts {
            let part = flatten(doc, part);
            for (k, v) in part {
                match (k.as_str(), out.get_mut(&k)) {
                    ("properties", Some(Value::Object(props))) => {
                        props.extend(v.as_object().unwrap().clone());
                    }
                    _ => {
                        out.insert(k, v);
                    }
                }
            }
        }
    }
    for (k, v) in schema.as_object().unwrap() {
        if k != "allOf" && k != "$ref" {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

/// The JSON schema of `path`'s 200 answer.
fn response_schema(doc: &Value, path: &str) -> Map<String, Value> {
    let response = resolve(doc, &doc["paths"][path]["post"]["responses"]["200"]);
    flatten(doc, &response["content"]["application/json"]["schema"])
}

/// The form of an example value: digits, lowercase and uppercase letters
/// each one class (`2022-09-28T16:03:41.000+00:00` is
/// `9999-99-99a99:99:99.999+99:99`).
fn form(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => '9',
            'a'..='z' => 'a',
            'A'..='Z' => 'A',
            c => c,
        })
        .collect()
}

/// Fields whose example gives the form of every value: dates and serial
/// numbers.
const FORMED: [&str; 5] = [
    "notBefore",
    "notAfter",
    "revocationTime",
    "genTime",
    "serialNumber",
];

/// Walks `ours` against `schema` at `at`, adding each difference.
fn walk(
    doc: &Value,
    at: &str,
    name: &str,
    ours: &Value,
    schema: &Map<String, Value>,
    out: &mut BTreeSet<String>,
) {
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !ours.is_null() && !allowed.contains(ours) {
            out.insert(format!("{at}: {ours} is not one of NCANode's values"));
        }
    }
    if let (Some(example), Some(text)) =
        (schema.get("example").and_then(Value::as_str), ours.as_str())
    {
        if FORMED.contains(&name) && form(example).len() == example.len() {
            // Serial numbers vary in length: compare the classes only.
            let same = if name == "serialNumber" {
                form(text).chars().all(|c| c == '9' || c == 'a')
            } else {
                form(text) == form(example)
            };
            if !same {
                out.insert(format!("{at}: {text:?} is not of the form of {example:?}"));
            }
        }
    }
    let kind = schema.get("type").and_then(Value::as_str).unwrap_or(
        if schema.contains_key("properties") {
            "object"
        } else {
            ""
        },
    );
    match (kind, ours) {
        ("object", Value::Object(fields)) => {
            let props = schema
                .get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            for (k, v) in fields {
                match props.get(k) {
                    Some(s) => walk(doc, &format!("{at}.{k}"), k, v, &flatten(doc, s), out),
                    None => {
                        out.insert(format!("{at}.{k}: not in NCANode's description"));
                    }
                }
            }
            // "Не все поля могут присутствовать": a name's attributes are
            // given when it has them.
            if !(at.ends_with(".subject") || at.ends_with(".issuer")) {
                for k in props.keys().filter(|k| !fields.contains_key(*k)) {
                    out.insert(format!("{at}.{k}: not given"));
                }
            }
        }
        ("array", Value::Array(items)) => {
            let item = flatten(doc, &schema["items"]);
            for v in items {
                walk(doc, &format!("{at}[]"), name, v, &item, out);
            }
        }
        // Jackson writes an unset field as null.
        (_, Value::Null)
        | ("string", Value::String(_))
        | ("boolean", Value::Bool(_))
        | ("integer", Value::Number(_))
        | ("", _) => {}
        (kind, v) => {
            out.insert(format!("{at}: {v} is not of NCANode's type {kind}"));
        }
    }
}

/// The differences of one answer from NCANode's description of `path`;
/// the path is marked called (`called <path>`).
fn differences(doc: &Value, path: &str, answer: &Value, out: &mut BTreeSet<String>) {
    walk(doc, path, "", answer, &response_schema(doc, path), out);
    out.insert(format!("called {path}"));
}

#[test]
fn ncanode_answers_match_ncanodes_api_description() {
    let doc = openapi();
    let mut found = BTreeSet::new();

    // The demo PKI: a valid and a revoked signer, certificates, extraction.
    let s = Service::start(demo_verifier(), quiet());
    for holder in ["individual-sign", "revoked"] {
        let (status, body) = s.post_json(
            "/cms/verify",
            &json!({ "cms": b64(&signed_by(holder, b"doc")), "revocationCheck": ["CRL"] }),
        );
        assert_eq!(status, 200, "{body}");
        differences(&doc, "/cms/verify", &body, &mut found);
    }
    let certs = json!({ "certs": [b64(&demo("individual-sign.pem")), b64(&demo("revoked.pem"))] });
    let (status, body) = s.post_json("/x509/info", &certs);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["signers"][1]["revocations"][0]["revoked"], true);
    differences(&doc, "/x509/info", &body, &mut found);
    let (status, body) = s.post_json(
        "/cms/extract",
        &json!({ "cms": b64(&signed_by("individual-sign", b"doc")) }),
    );
    assert_eq!(status, 200, "{body}");
    differences(&doc, "/cms/extract", &body, &mut found);
    // NCANode's health check (Spring Boot's actuator): its one field and
    // one of its values.
    let (status, text) = s.get("/actuator/health");
    assert_eq!((status, text.as_str()), (200, r#"{"status":"UP"}"#));
    let health = &doc["paths"]["/actuator/health"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"]["properties"]["status"]["enum"];
    assert!(
        health.as_array().unwrap().contains(&json!("UP")),
        "{health}"
    );
    drop(s);

    // The national CA's test PKI: a time-stamped CAdES-T document, GOST
    // XML and WS-Security.
    let v = Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .unwrap()
        .policy(Policy::default().revocation(RevocationMode::Off))
        .build();
    let at = Time::parse_rfc3339("2024-03-01T00:00:00Z").unwrap();
    let s = Service::start_state(AppState::new(v, Some(at), quiet()));
    let cades_t = fs::read(format!("{VECTORS}/kz/cades-t/legal_entity_attached.der")).unwrap();
    let (status, body) = s.post_json("/cms/verify", &json!({ "cms": b64(&cades_t) }));
    assert_eq!(status, 200, "{body}");
    let tsp = &body["signers"][0]["tsp"];
    // A Streebog-512 imprint: NCANode has no name for it (null).
    assert_eq!(tsp["tspHashAlgorithm"], Value::Null, "{tsp}");
    assert_eq!(tsp["hash"].as_str().map(str::len), Some(128), "{tsp}");
    differences(&doc, "/cms/verify", &body, &mut found);
    let dir = format!("{VECTORS}/third-party/kz/skarm-kalkan");
    for (path, file) in [
        ("/xml/verify", "java_xml__native-xml.xml"),
        ("/wsse/verify", "java_xml__native-wsse.xml"),
    ] {
        let xml = fs::read_to_string(format!("{dir}/{file}")).unwrap();
        let (status, body) = s.post_json(path, &json!({ "xml": xml }));
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["valid"], true, "{body}");
        differences(&doc, path, &body, &mut found);
    }

    drop(s);

    // Signing and the PKCS#12 endpoints, with the signing keys' test PKI.
    let s = keys_service();
    let soap = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header/><soap:Body><a>1</a></soap:Body></soap:Envelope>"#;
    let mut wsse = signer("rsa2048-pbes2.p12");
    wsse["xml"] = json!(soap);
    let (status, cms) = s.post_json(
        "/cms/sign",
        &json!({ "data": b64(b"doc"), "signers": [signer("p256-named.p12")] }),
    );
    assert_eq!(status, 200, "{cms}");
    for (path, request) in [
        (
            "/cms/sign",
            json!({ "data": b64(b"doc"), "signers": [signer("p256-named.p12")] }),
        ),
        (
            "/cms/sign/add",
            json!({ "cms": cms["cms"], "signers": [signer("rsa2048-pbes2.p12")] }),
        ),
        (
            "/xml/sign",
            json!({ "xml": "<a><b>test</b></a>", "signers": [signer("p256-named.p12")] }),
        ),
        ("/wsse/sign", wsse),
        (
            "/pkcs12/info",
            json!({ "keys": [signer("p256-named.p12")] }),
        ),
        (
            "/pkcs12/aliases",
            json!({ "keys": [signer("p256-named.p12"), signer("rsa2048-pbes2.p12")] }),
        ),
    ] {
        let (status, body) = s.post_json(path, &request);
        assert_eq!(
            (status, &body["status"]),
            (200, &json!(200)),
            "{path}: {body}"
        );
        differences(&doc, path, &body, &mut found);
    }

    // Every path NCANode describes has been called.
    let described: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|p| *p != "/actuator/health")
        .map(|p| format!("called {p}"))
        .collect();
    for path in &described {
        assert!(found.remove(path), "{path}: not called");
    }
    assert_eq!(described.len(), 11);

    // Each documented in docs/ncanode-compatibility.md.
    let expected = [
        // qoltanba's verdict beside NCANode's fields.
        "/cms/verify.qoltanba: not in NCANode's description",
        "/pkcs12/info.qoltanba: not in NCANode's description",
        "/wsse/verify.qoltanba: not in NCANode's description",
        "/x509/info.qoltanba: not in NCANode's description",
        "/xml/verify.qoltanba: not in NCANode's description",
        // NCANode's description calls a CMS signer's certificates
        // `signers`; its code (CmsSignerInfo.java) and so its answers say
        // `certificates`, as qoltanba does.
        "/cms/verify.signers[].certificates: not in NCANode's description",
        "/cms/verify.signers[].signers: not given",
        // The time-stamp token verified, qoltanba's.
        "/cms/verify.signers[].tsp.valid: not in NCANode's description",
        // An XML signer's report carries its certificate's fields, not the
        // certificate.
        "/wsse/verify.signers[].publicKey: not given",
        "/wsse/verify.signers[].signature: not given",
        "/xml/verify.signers[].publicKey: not given",
        "/xml/verify.signers[].signature: not given",
    ];
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    let mut expected = expected.to_vec();
    expected.sort_unstable();
    assert_eq!(found, expected, "{found:#?}");
}
