//! The service on 127.0.0.1, called over HTTP: the native API, NCANode's
//! endpoints compared field by field with NCANode's DTOs
//! (`tests/ncanode/dto-fields.json`), the operations endpoints, and bad
//! input (each a clear 4xx, the service serving on afterwards).

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fs;
use std::time::Duration;

use qoltanba::{
    sign_document, Certificate, Crl, Policy, RevocationMode, SignOptions, SigningKey, Time,
    TrustProfile, Verifier,
};
use qoltanba_server::{AppState, Limits};
use serde_json::{json, Value};

mod support;

use support::{b64, demo, demo_time, demo_verifier, quiet, signed_by, Service, VECTORS};

#[test]
fn native_verify_gives_the_library_report() {
    let s = Service::start(demo_verifier(), quiet());
    let valid = signed_by("individual-sign", "өтініш".as_bytes());
    let (status, report) = s.post_json("/v1/verify", &json!({ "document": b64(&valid) }));
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["schema"], "qoltanba/document-report/1");
    assert_eq!(report["valid"], true);
    let cert = &report["signers"][0]["certificate"]["certificate"];
    assert_eq!(cert["iin"], "871008401427");
    assert_eq!(cert["roles"], json!(["individual"]));

    let revoked = signed_by("revoked", b"request");
    let (status, report) = s.post_json("/v1/verify", &json!({ "document": b64(&revoked) }));
    assert_eq!(status, 200);
    assert_eq!(report["valid"], false);
    assert_eq!(report["reason"]["code"], "cert-revoked");

    // The same document, detached: without its content it is refused,
    // with it valid.
    let key = SigningKey::from_pkcs8(&demo("individual-sign.key.pem")).unwrap();
    let cert = Certificate::from_any(&demo("individual-sign.pem")).unwrap();
    let detached = sign_document(
        b"content",
        &key,
        &cert,
        &SignOptions::at(demo_time()).detached(),
    )
    .unwrap();
    let (_, report) = s.post_json("/v1/verify", &json!({ "document": b64(&detached) }));
    assert_eq!(report["reason"]["code"], "detached-content-missing");
    let (_, report) = s.post_json(
        "/v1/verify",
        &json!({ "document": b64(&detached), "content": b64(b"content") }),
    );
    assert_eq!(report["valid"], true);
    let (_, report) = s.post_json(
        "/v1/verify",
        &json!({ "document": b64(&detached), "content": b64(b"changed") }),
    );
    assert_eq!(report["reason"]["code"], "message-digest-mismatch");
}

#[test]
fn native_xml_certificate_and_batch() {
    let s = Service::start(demo_verifier(), quiet());
    let xml = fs::read(format!("{VECTORS}/xml/xmlsec/rsa-enveloped.xml")).unwrap();
    let (status, report) = s.post_json("/v1/verify", &json!({ "document": b64(&xml) }));
    assert_eq!(status, 200);
    assert_eq!(report["schema"], "qoltanba/xml-report/1");
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["signed_elements"], json!(["заявка"]));

    let (status, report) = s.post_json(
        "/v1/certificate",
        &json!({ "certificate": b64(&demo("revoked.pem")) }),
    );
    assert_eq!(status, 200);
    assert_eq!(report["schema"], "qoltanba/certificate-report/1");
    assert_eq!(report["reason"]["code"], "cert-revoked");

    let docs = [
        signed_by("individual-sign", b"1"),
        signed_by("revoked", b"2"),
        b"not a document".to_vec(),
    ];
    let body = json!({ "documents": docs.iter().map(|d| json!({ "document": b64(d) })).collect::<Vec<_>>() });
    let (status, batch) = s.post_json("/v1/batch", &body);
    assert_eq!(status, 200);
    assert_eq!(batch["total"], 3);
    assert_eq!(batch["valid"], 1);
    assert_eq!(batch["reports"][0]["valid"], true);
    assert_eq!(batch["reports"][1]["reason"]["code"], "cert-revoked");
    assert_eq!(batch["reports"][2]["error"]["code"], "malformed");
}

/// NCANode's DTO field names, recorded from its source.
fn dto(name: &str) -> BTreeSet<String> {
    let text = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/ncanode/dto-fields.json"
    ))
    .unwrap();
    let all: Value = serde_json::from_str(&text).unwrap();
    all["dto"][name]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

/// Every field of `v` is NCANode's (or the documented `qoltanba` extra),
/// and every field NCANode always writes is there.
fn same_fields(v: &Value, dto_name: &str, optional: &[&str]) {
    let ours = keys(v);
    let theirs = dto(dto_name);
    let extra: Vec<&String> = ours
        .iter()
        .filter(|k| !theirs.contains(*k) && *k != "qoltanba")
        .collect();
    assert!(
        extra.is_empty(),
        "{dto_name}: fields NCANode has not: {extra:?}"
    );
    let missing: Vec<&String> = theirs
        .iter()
        .filter(|k| !ours.contains(*k) && !optional.contains(&k.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{dto_name}: NCANode's fields missing: {missing:?}"
    );
}

#[test]
fn ncanode_cms_verify_has_ncanode_fields() {
    let s = Service::start(demo_verifier(), quiet());
    let revoked = signed_by("revoked", b"request");
    let (status, body) = s.post_json(
        "/cms/verify",
        &json!({ "cms": b64(&revoked), "revocationCheck": ["OCSP", "CRL"] }),
    );
    assert_eq!(status, 200, "{body}");
    same_fields(&body, "CmsVerificationResponse", &[]);
    assert_eq!(body["status"], 200);
    assert_eq!(body["message"], "OK");
    assert_eq!(body["valid"], false);
    assert_eq!(body["qoltanba"]["code"], "cert-revoked");
    let signer = &body["signers"][0];
    same_fields(signer, "CmsSignerInfo", &[]);
    let info = &signer["certificates"][0];
    same_fields(info, "CertificateInfo", &[]);
    assert_eq!(info["valid"], false);
    assert_eq!(info["keyUsage"], "SIGN");
    assert_eq!(info["keyUser"], json!(["INDIVIDUAL"]));
    assert_eq!(info["signAlg"], "SHA256withRSA");
    assert_eq!(
        info["serialNumber"],
        "44454d4f00000000000000000000000000000018"
    );
    assert_eq!(info["notBefore"], "2025-01-01T00:00:00.000+00:00");
    assert_eq!(info["revocations"][0]["revoked"], true);
    assert_eq!(info["revocations"][0]["by"], "CRL");
    assert_eq!(info["revocations"][0]["reason"], "keyCompromise");
    same_fields(&info["revocations"][0], "CertificateRevocationStatus", &[]);
    let subject = &info["subject"];
    same_fields(
        subject,
        "CertificateSubject",
        &["organization", "gender", "bin", "locality", "state"],
    );
    assert_eq!(subject["iin"], "871008401427");
    assert_eq!(subject["surName"], "ТЕСТОВА");
    assert_eq!(subject["lastName"], "СЕРІКҚЫЗЫ");
    assert_eq!(subject["country"], "KZ");
    let cert = Certificate::from_any(&demo("revoked.pem")).unwrap();
    assert_eq!(info["publicKey"], b64(cert.spki()));

    let valid = signed_by("ceo-sign", b"licence");
    let (_, body) = s.post_json("/cms/verify", &json!({ "cms": b64(&valid) }));
    assert_eq!(body["valid"], true, "{body}");
    let info = &body["signers"][0]["certificates"][0];
    assert_eq!(info["keyUser"], json!(["CEO", "ORGANIZATION"]));
    assert_eq!(info["subject"]["bin"], "940140000385");
    assert_eq!(info["revocations"], json!([]));
}

#[test]
fn ncanode_extract_info_and_xml() {
    let s = Service::start(demo_verifier(), quiet());
    let doc = signed_by("individual-sign", "мазмұн".as_bytes());
    let (status, body) = s.post_json("/cms/extract", &json!({ "cms": b64(&doc) }));
    assert_eq!(status, 200);
    same_fields(&body, "CmsDataResponse", &[]);
    assert_eq!(body["data"], b64("мазмұн".as_bytes()));

    let (status, body) = s.post_json(
        "/x509/info",
        &json!({ "certs": [b64(&demo("individual-sign.pem")), b64(&demo("expired.pem"))] }),
    );
    assert_eq!(status, 200);
    same_fields(&body, "VerificationResponse", &[]);
    assert_eq!(body["valid"], false);
    assert_eq!(body["signers"][0]["valid"], true);
    assert_eq!(body["signers"][1]["valid"], false);

    let xml = fs::read_to_string(format!("{VECTORS}/xml/xmlsec/soap-rsa.xml")).unwrap();
    for path in ["/xml/verify", "/wsse/verify"] {
        let (status, body) = s.post_json(path, &json!({ "xml": xml }));
        assert_eq!(status, 200);
        same_fields(&body, "VerificationResponse", &[]);
        assert_eq!(body["valid"], true, "{body}");
        assert_eq!(body["signers"].as_array().unwrap().len(), 1);
    }
    // A wrapped message (the signed Body moved into the header).
    let wrapped = fs::read_to_string(format!("{VECTORS}/xml/xmlsec/xsw-header-only.xml")).unwrap();
    let (_, body) = s.post_json("/wsse/verify", &json!({ "xml": wrapped }));
    assert_eq!(body["valid"], false);
}

#[test]
fn national_documents_verify_over_ncanode_api() {
    let v = Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .unwrap()
        .policy(Policy::default().revocation(RevocationMode::Off))
        .build();
    let at = Time::parse_rfc3339("2024-03-01T00:00:00Z").unwrap();
    let s = Service::start_state(AppState::new(v, Some(at), quiet()));
    let dir = format!("{VECTORS}/third-party/kz/skarm-kalkan");
    let xml = fs::read_to_string(format!("{dir}/java_xml__native-xml.xml")).unwrap();
    let (_, body) = s.post_json("/xml/verify", &json!({ "xml": xml }));
    assert_eq!(body["valid"], true, "{body}");
    let info = &body["signers"][0];
    assert_eq!(info["signAlg"], "GOST3411-2015withGOST3410-2015-512");
    assert_eq!(info["keyUsage"], "SIGN");
    let wsse = fs::read_to_string(format!("{dir}/java_xml__native-wsse.xml")).unwrap();
    let (_, body) = s.post_json("/wsse/verify", &json!({ "xml": wsse }));
    assert_eq!(body["valid"], true, "{body}");
    // One letter of the signed content changed.
    let tampered = xml.replacen("native XML", "natIve XML", 1);
    assert_ne!(tampered, xml);
    let (_, body) = s.post_json("/xml/verify", &json!({ "xml": tampered }));
    assert_eq!(body["valid"], false);
    assert_eq!(body["qoltanba"]["code"], "xml-digest-mismatch");
}

#[test]
fn bad_input_gets_a_clear_4xx_and_the_service_serves_on() {
    let limits = Limits {
        max_body: 64 * 1024,
        ..quiet()
    };
    let s = Service::start(demo_verifier(), limits);
    let cases: Vec<(&str, String, u16, &str)> = vec![
        ("/v1/verify", "{not json".into(), 400, "bad-json"),
        ("/v1/verify", r#"{"document": 5}"#.into(), 400, "bad-json"),
        (
            "/v1/verify",
            r#"{"document": "AA==", "extra": 1}"#.into(),
            400,
            "bad-json",
        ),
        (
            "/v1/verify",
            r#"{"document": "@@@"}"#.into(),
            400,
            "bad-base64",
        ),
        (
            "/v1/verify",
            json!({ "document": b64(b"garbage") }).to_string(),
            400,
            "malformed",
        ),
        (
            "/v1/verify",
            json!({ "document": "A".repeat(100_000) }).to_string(),
            413,
            "body-too-large",
        ),
        (
            "/v1/certificate",
            json!({ "certificate": b64(b"x") }).to_string(),
            400,
            "malformed",
        ),
        (
            "/v1/request",
            json!({ "document": b64(b"x"), "policy": { "chanel": "portal" } }).to_string(),
            400,
            "bad-policy",
        ),
        ("/v1/nothing", "{}".into(), 404, "not-found"),
    ];
    for (path, body, status, code) in &cases {
        let (got, json) = s.post(path, body);
        assert_eq!(got, *status, "{path} {json}");
        assert_eq!(json["error"]["code"], *code, "{path} {json}");
    }
    // NCANode's endpoints answer in NCANode's error form.
    let (status, body) = s.post("/cms/verify", r#"{"cms": "@@@"}"#);
    assert_eq!(status, 400);
    same_fields(&body, "ErrorResponse", &["details"]);
    assert_eq!(body["status"], 400);
    assert_eq!(body["qoltanba"]["code"], "bad-base64");
    let (status, body) = s.post(
        "/cms/verify",
        r#"{"cms": "AA==", "revocationCheck": ["LDAP"]}"#,
    );
    assert_eq!(status, 400);
    assert_eq!(body["qoltanba"]["code"], "bad-request");
    let (status, body) = s.post(
        "/cms/extract",
        &json!({ "cms": b64(&signed_by_detached()) }).to_string(),
    );
    assert_eq!(status, 400);
    assert_eq!(body["message"], "CMS doesn't have signed content");
    // Still serving.
    let (status, text) = s.get("/health");
    assert_eq!((status, text.as_str()), (200, r#"{"status":"ok"}"#));
    let valid = signed_by("individual-sign", b"after");
    let (_, report) = s.post_json("/v1/verify", &json!({ "document": b64(&valid) }));
    assert_eq!(report["valid"], true);
}

fn signed_by_detached() -> Vec<u8> {
    let key = SigningKey::from_pkcs8(&demo("individual-sign.key.pem")).unwrap();
    let cert = Certificate::from_any(&demo("individual-sign.pem")).unwrap();
    sign_document(b"c", &key, &cert, &SignOptions::at(demo_time()).detached()).unwrap()
}

#[test]
fn past_the_deadline_the_answer_is_not_confirmed() {
    // Verified on the thread that read the request, and on the pool.
    for inline_max in [Limits::default().inline_max, 0] {
        let limits = Limits {
            // No time at all: the verification cannot have ended when the
            // deadline is first checked.
            deadline: Duration::ZERO,
            inline_max,
            ..quiet()
        };
        let s = Service::start(demo_verifier(), limits);
        let doc = signed_by("individual-sign", b"slow");
        let (status, body) = s.post_json("/v1/verify", &json!({ "document": b64(&doc) }));
        assert_eq!(status, 503);
        assert_eq!(body["error"]["code"], "time-budget-exceeded");
        assert_eq!(
            body["error"]["message"],
            "not confirmed: time budget exceeded"
        );
        let (status, body) = s.post_json("/cms/verify", &json!({ "cms": b64(&doc) }));
        assert_eq!(status, 503);
        assert_eq!(body["message"], "not confirmed: time budget exceeded");
        let (_, metrics) = s.get("/metrics");
        assert!(
            metrics.contains("qoltanba_deadline_exceeded_total 2\n"),
            "{metrics}"
        );
    }
}

#[test]
fn the_pool_answers_as_the_inline_path_does() {
    let inline = Service::start(demo_verifier(), quiet());
    let pool = Service::start(
        demo_verifier(),
        Limits {
            inline_max: 0,
            ..quiet()
        },
    );
    let valid = signed_by("individual-sign", b"one");
    let revoked = signed_by("revoked", b"two");
    for (doc, verdict) in [(&valid, true), (&revoked, false)] {
        let request = json!({ "cms": b64(doc) });
        let (status, a) = inline.post_json("/cms/verify", &request);
        assert_eq!(status, 200);
        assert_eq!(a["valid"], verdict);
        assert_eq!(pool.post_json("/cms/verify", &request), (200, a));
        let request = json!({ "document": b64(doc) });
        let (_, a) = inline.post_json("/v1/verify", &request);
        assert_eq!(a["valid"], verdict);
        assert_eq!(pool.post_json("/v1/verify", &request), (200, a));
    }
}

#[test]
fn operations_endpoints() {
    let s = Service::start(demo_verifier(), quiet());
    let (status, ready) = s.get("/ready");
    assert_eq!(status, 200, "{ready}");
    assert_eq!(ready, r#"{"crls":5,"ready":true,"stale":[]}"#);
    let doc = signed_by("revoked", b"m");
    s.post_json("/v1/verify", &json!({ "document": b64(&doc) }));
    s.post_json("/v1/verify", &json!({ "document": "@" }));
    let (status, metrics) = s.get("/metrics");
    assert_eq!(status, 200);
    for line in [
        "qoltanba_requests_total{route=\"/v1/verify\",status=\"200\"} 1\n",
        "qoltanba_requests_total{route=\"/v1/verify\",status=\"400\"} 1\n",
        "qoltanba_requests_total{route=\"/ready\",status=\"200\"} 1\n",
        "qoltanba_verdicts_total{valid=\"false\",reason=\"cert-revoked\"} 1\n",
        "qoltanba_request_duration_seconds_count 3\n",
        "qoltanba_crl_age_seconds{issuer=\"CN=DEMO NCA (RSA), C=KZ\",delta=\"false\"}",
    ] {
        assert!(metrics.contains(line), "{line} not in\n{metrics}");
    }
    let (status, page) = s.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("fetch(\"/v1/verify\""));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "no external resources"
    );

    // A stale CRL makes the service not ready.
    let stale = Verifier::builder()
        .crl(Crl::from_der(&demo("nca-ec.crl")).unwrap())
        .build();
    let s = Service::start(stale, quiet());
    let (status, ready) = s.get("/ready");
    assert_eq!(status, 503);
    assert_eq!(
        ready,
        r#"{"crls":1,"ready":false,"stale":["CN=DEMO NCA (EC), C=KZ"]}"#
    );
}

#[test]
fn verdicts_stay_right_while_the_verifier_is_swapped_under_load() {
    let state = AppState::new(demo_verifier(), Some(demo_time()), quiet());
    let s = Service::start_state(state.clone());
    let valid = b64(&signed_by("individual-sign", b"v"));
    let revoked = b64(&signed_by("revoked", b"r"));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut swaps = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                state.swap_verifier(demo_verifier());
                swaps += 1;
            }
            swaps
        })
    };
    let clients: Vec<_> = (0..4)
        .map(|i| {
            let base = s.base.clone();
            let (valid, revoked) = (valid.clone(), revoked.clone());
            std::thread::spawn(move || {
                let agent = Service::agent();
                for n in 0..50 {
                    let (doc, expected) = if (i + n) % 2 == 0 {
                        (&valid, true)
                    } else {
                        (&revoked, false)
                    };
                    let mut r = agent
                        .post(&format!("{base}/v1/verify"))
                        .send(json!({ "document": doc }).to_string())
                        .unwrap();
                    let body: Value =
                        serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
                    assert_eq!(body["valid"], expected, "{body}");
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(swapper.join().unwrap() > 0);
}

#[test]
fn ncanode_signing_with_the_key_in_the_request() {
    let dir = format!("{VECTORS}/third-party/kz/skarm-kalkan");
    let p12 = |id: &str| fs::read(format!("{dir}/p12__GOST512_{id}.p12")).unwrap();
    let (first, second) = (
        p12("02c7a21f2df78b99cb67323e2e255779bb6ae309"),
        p12("0860d9665327c26760c213126760a3b73072218d"),
    );
    // A time inside both certificates' validity.
    let info = |p: &[u8]| {
        let (_, cert, _) = qoltanba::KeyBundle::from_pkcs12(p, "Qwerty12")
            .unwrap()
            .into_parts();
        (cert.info().not_before, cert.info().not_after)
    };
    let (a, b) = (info(&first), info(&second));
    let at = Time::from_unix(a.0.unix().max(b.0.unix()) + 86_400);
    assert!(at < a.1 && at < b.1);
    let v = Verifier::builder()
        .trust_profile(TrustProfile::NcaTest)
        .unwrap()
        .policy(Policy::default().revocation(RevocationMode::Off))
        .build();
    let s = Service::start_state(AppState::new(v, Some(at), quiet()));
    let signer = |p: &[u8]| json!({ "key": b64(p), "password": "Qwerty12" });
    let (status, body) = s.post_json(
        "/cms/sign",
        &json!({ "data": b64("өтініш".as_bytes()), "signers": [signer(&first)] }),
    );
    assert_eq!(status, 200, "{body}");
    same_fields(&body, "CmsResponse", &[]);
    let cms = body["cms"].as_str().unwrap().to_owned();
    let (status, body) = s.post_json(
        "/cms/sign/add",
        &json!({ "cms": cms, "signers": [signer(&second)] }),
    );
    assert_eq!(status, 200, "{body}");
    let both = body["cms"].as_str().unwrap().to_owned();
    let (_, body) = s.post_json("/cms/verify", &json!({ "cms": both }));
    assert_eq!(body["valid"], true, "{body}");
    assert_eq!(body["signers"].as_array().unwrap().len(), 2);
    assert_eq!(
        body["signers"][0]["certificates"][0]["signAlg"],
        "GOST3411-2015withGOST3410-2015-512"
    );
    // Detached, then extracted: no content.
    let (_, body) = s.post_json(
        "/cms/sign",
        &json!({ "data": b64(b"x"), "signers": [signer(&first)], "detached": true }),
    );
    let detached = body["cms"].as_str().unwrap().to_owned();
    let (status, _) = s.post_json("/cms/extract", &json!({ "cms": detached }));
    assert_eq!(status, 400);
    let (_, body) = s.post_json(
        "/cms/verify",
        &json!({ "cms": detached, "data": b64(b"x") }),
    );
    assert_eq!(body["valid"], true, "{body}");
    // A wrong password, a time-stamp asked for, no signers.
    let (status, body) = s.post_json(
        "/cms/sign",
        &json!({ "data": b64(b"x"), "signers": [{ "key": b64(&first), "password": "wrong" }] }),
    );
    assert_eq!(
        (status, body["qoltanba"]["code"].as_str()),
        (400, Some("wrong-password"))
    );
    let (status, _) = s.post_json(
        "/cms/sign",
        &json!({ "data": b64(b"x"), "signers": [signer(&first)], "withTsp": true }),
    );
    assert_eq!(status, 501);
    let (status, _) = s.post_json("/cms/sign", &json!({ "data": b64(b"x"), "signers": [] }));
    assert_eq!(status, 400);
}

#[test]
fn slow_clients_do_not_stop_the_others() {
    use std::io::Write;
    let s = Service::start(demo_verifier(), quiet());
    let addr = s.base.trim_start_matches("http://").to_owned();
    // 64 connections that send half a request and then nothing, and one
    // that trickles a body a byte at a time.
    let mut slow: Vec<std::net::TcpStream> = (0..64)
        .map(|_| {
            let mut c = std::net::TcpStream::connect(&addr).unwrap();
            c.write_all(b"POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Le")
                .unwrap();
            c
        })
        .collect();
    let mut trickle = std::net::TcpStream::connect(&addr).unwrap();
    trickle
        .write_all(b"POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
        .unwrap();
    slow.push(trickle);
    // (The agent gives up after 30 s: a stalled service fails the test.)
    let doc = signed_by("individual-sign", b"while others are slow");
    for _ in 0..20 {
        let (status, report) = s.post_json("/v1/verify", &json!({ "document": b64(&doc) }));
        assert_eq!((status, report["valid"].as_bool()), (200, Some(true)));
    }
    drop(slow);
    let (status, _) = s.get("/health");
    assert_eq!(status, 200);
}

/// What the service sends on `conn` until it closes it (read errors end
/// it too); fails if it stays open for 5 s.
fn read_until_closed(conn: &mut std::net::TcpStream) -> String {
    use std::io::Read;
    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match conn.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("the connection stayed open: {e}"),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn slow_heads_idle_connections_and_slow_bodies_are_cut_off() {
    use std::io::Write;
    let limits = Limits {
        header_timeout: Duration::from_millis(300),
        deadline: Duration::from_secs(1),
        ..quiet()
    };
    let s = Service::start(demo_verifier(), limits);
    let addr = s.base.trim_start_matches("http://").to_owned();
    let connect = || std::net::TcpStream::connect(&addr).unwrap();
    // Half a head, then nothing: closed after the header timeout, with
    // nothing sent.
    let mut half = connect();
    half.write_all(b"POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Le")
        .unwrap();
    let start = std::time::Instant::now();
    assert_eq!(read_until_closed(&mut half), "");
    assert!(start.elapsed() < Duration::from_secs(3));
    // A kept-alive connection that sends nothing more: answered, then
    // closed.
    let mut idle = connect();
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let answer = read_until_closed(&mut idle);
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    // A whole head and a body that stops: the request's time budget runs
    // out while its body is read; native and NCANode forms.
    for (path, expected) in [
        (
            "/v1/verify",
            r#"{"error":{"code":"time-budget-exceeded","message":"not confirmed: time budget exceeded"}}"#,
        ),
        (
            "/cms/verify",
            r#"{"message":"not confirmed: time budget exceeded","qoltanba":{"code":"time-budget-exceeded"},"status":503}"#,
        ),
    ] {
        let mut slow = connect();
        write!(slow, "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{").unwrap();
        let answer = read_until_closed(&mut slow);
        assert!(
            answer.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
            "{answer}"
        );
        assert!(answer.ends_with(expected), "{answer}");
    }
    let (_, metrics) = s.get("/metrics");
    assert!(
        metrics.contains("qoltanba_deadline_exceeded_total 2\n"),
        "{metrics}"
    );
    let (status, _) = s.get("/health");
    assert_eq!(status, 200);
}

/// Slow requests holding every slot of the blocking pool do not hold up a
/// small document: it is verified on the thread that read it. (With
/// `inline_max: 0` the small requests wait behind the slow ones, and this
/// fails.)
#[test]
fn slow_requests_on_the_pool_do_not_hold_up_small_ones() {
    let limits = Limits {
        max_concurrent: 1,
        ..quiet()
    };
    let s = std::sync::Arc::new(Service::start(demo_verifier(), limits));
    // A slow request: 100 signers, each a PKCS#12 to open and a key to
    // sign with (the national CA's GOST test key).
    let p12 = fs::read(format!(
        "{VECTORS}/third-party/kz/skarm-kalkan/p12__GOST512_02c7a21f2df78b99cb67323e2e255779bb6ae309.p12"
    ))
    .unwrap();
    let signer = json!({ "key": b64(&p12), "password": "Qwerty12" });
    let slow = std::sync::Arc::new(
        json!({ "data": b64(b"slow"), "signers": vec![signer; 100] }).to_string(),
    );
    let done = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let start = std::time::Instant::now();
    let slow_ones: Vec<_> = (0..4)
        .map(|_| {
            let (s, slow, done) = (s.clone(), slow.clone(), done.clone());
            std::thread::spawn(move || {
                let (status, body) = s.post("/cms/sign", &slow);
                assert_eq!(status, 200, "{body}");
                done.lock().unwrap().push(("slow", start.elapsed()));
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(50));
    let doc = b64(&signed_by("individual-sign", b"small"));
    for _ in 0..10 {
        let (status, body) = s.post_json("/cms/verify", &json!({ "cms": doc }));
        assert_eq!((status, &body["valid"]), (200, &json!(true)));
        done.lock().unwrap().push(("small", start.elapsed()));
    }
    for t in slow_ones {
        t.join().unwrap();
    }
    // Waiting for the pool's one slot, the small requests would end after
    // all four slow ones (a semaphore serves in order); verified inline,
    // they end while the slow ones are still queued.
    let done = done.lock().unwrap();
    let last_small = done.iter().rposition(|d| d.0 == "small").unwrap();
    let slow_before = done[..last_small].iter().filter(|d| d.0 == "slow").count();
    assert!(slow_before <= 2, "{done:?}");
}
