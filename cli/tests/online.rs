//! `--online`, `--cache-dir`, `--rewrite`, `qoltanba crl update` and
//! `qoltanba crl status` against a 127.0.0.1 server the test starts,
//! serving the demo PKI's CRLs at the addresses its certificates name
//! (`demo.invalid`, rewritten). Each fault has its exact verdict.
#![allow(clippy::unwrap_used)]

#[path = "../../tests/common/mod.rs"]
mod common;
mod support;

use std::process::Command;

use common::http::{Reply, TestServer};
use support::D;

fn demo_trust_without_crls() -> Vec<String> {
    support::demo_trust(&[])
}

fn run(args: &[String]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(args)
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn cache_dir(name: &str) -> String {
    let d = std::env::temp_dir().join(format!("qoltanba-cli-online-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d.to_str().unwrap().to_owned()
}

fn server() -> TestServer {
    let s = TestServer::start();
    for c in ["root-rsa.crl", "nca-rsa.crl", "nca-rsa-delta.crl"] {
        s.reply(
            &format!("/crl/{c}"),
            Reply::ok(std::fs::read(format!("{D}/{c}")).unwrap()),
        );
    }
    s
}

fn online_args(s: &TestServer, dir: &str) -> Vec<String> {
    vec![
        "--online".into(),
        "--cache-dir".into(),
        dir.into(),
        "--rewrite".into(),
        format!("demo.invalid=127.0.0.1:{}", s.port),
        "--fetch-timeout".into(),
        "1".into(),
        "--fetch-retries".into(),
        "0".into(),
    ]
}

fn verify_cert(s: &TestServer, dir: &str, who: &str) -> (i32, String, String) {
    let mut a = vec!["verify-cert".to_owned(), format!("{D}/{who}.pem")];
    a.extend(demo_trust_without_crls());
    a.extend(online_args(s, dir));
    run(&a)
}

#[test]
fn verify_cert_online_then_from_the_cache() {
    let s = server();
    let dir = cache_dir("verify");
    let (code, out, _) = verify_cert(&s, &dir, "individual-sign");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("crl CN=DEMO NCA (RSA), C=KZ from network http://demo.invalid/crl/nca-rsa.crl number 64 fetched 2025-06-01T00:00:00Z"), "{out}");
    let (code, out, _) = verify_cert(&s, &dir, "revoked");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("from cache http://demo.invalid/crl/nca-rsa.crl"),
        "{out}"
    );
    // Without --online and without CRLs: unknown.
    let mut a = vec!["verify-cert".to_owned(), format!("{D}/individual-sign.pem")];
    a.extend(demo_trust_without_crls());
    assert_eq!(run(&a).0, 1);
}

#[test]
fn verify_cert_online_faults() {
    let nca = std::fs::read(format!("{D}/nca-rsa.crl")).unwrap();
    let faults: Vec<(&str, Reply, &str)> = vec![
        (
            "404",
            Reply::status(404, b""),
            "HTTP status 404 [http-status]",
        ),
        (
            "zero",
            Reply::ok(Vec::new()),
            "empty answer (0 bytes) [empty]",
        ),
        (
            "truncated",
            Reply::ok(nca[..nca.len() / 2].to_vec()),
            "[not-a-crl]",
        ),
        (
            "html",
            Reply::ok(b"<html>busy</html>".to_vec()),
            "an HTML page, not a CRL [html]",
        ),
        (
            "other-ca",
            Reply::ok(std::fs::read(format!("{D}/root-rsa.crl")).unwrap()),
            "[untrusted]",
        ),
        (
            "slow",
            Reply::ok(nca.clone()).delayed(std::time::Duration::from_millis(2500)),
            "timed out [timeout]",
        ),
    ];
    for (name, reply, text) in faults {
        let s = server();
        s.reply("/crl/nca-rsa.crl", reply);
        let (code, out, _) = verify_cert(&s, &cache_dir(name), "individual-sign");
        assert_eq!(code, 1, "{name}: {out}");
        assert!(
            out.contains("revocation-status-unknown") || out.contains("revocation status"),
            "{name}: {out}"
        );
        assert!(
            out.contains("crl http://demo.invalid/crl/nca-rsa.crl: ") && out.contains(text),
            "{name}: {out}"
        );
    }
    // Connection refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let s = server();
    let mut a = vec!["verify-cert".to_owned(), format!("{D}/individual-sign.pem")];
    a.extend(demo_trust_without_crls());
    // The first matching rule applies: the refused address's first.
    a.extend([
        "--rewrite".into(),
        format!("http://demo.invalid/crl/nca-rsa.crl=http://127.0.0.1:{port}/crl/nca-rsa.crl"),
    ]);
    a.extend(online_args(&s, &cache_dir("refused")));
    let (code, out, _) = run(&a);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("[connect]"), "{out}");
}

#[test]
fn crl_update_and_status() {
    let s = server();
    let dir = cache_dir("update");
    let mut a: Vec<String> = vec![
        "crl".into(),
        "update".into(),
        "http://demo.invalid/crl/nca-rsa.crl".into(),
        "http://demo.invalid/crl/nca-rsa-delta.crl".into(),
        "--no-bundled".into(),
        "--ca".into(),
        format!("{D}/nca-rsa.pem"),
        "--at".into(),
        "2025-06-01T00:00:00Z".into(),
    ];
    a.extend(online_args(&s, &dir).into_iter().skip(1));
    let (code, out, err) = run(&a);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "http://demo.invalid/crl/nca-rsa.crl: updated\n  number 64 thisUpdate 2025-05-15T00:00:00Z nextUpdate 2025-06-15T00:00:00Z entries 2\n\
         http://demo.invalid/crl/nca-rsa-delta.crl: updated\n  number 07 thisUpdate 2025-05-25T00:00:00Z nextUpdate 2025-06-05T00:00:00Z entries 1 (delta)\n"
    );
    // The server now serves an HTML page: the good copy stays.
    s.reply(
        "/crl/nca-rsa.crl",
        Reply::ok(b"<!DOCTYPE html><html></html>".to_vec()),
    );
    let (code, out, _) = run(&a);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("http://demo.invalid/crl/nca-rsa.crl: failed: an HTML page, not a CRL [html]\n  number 64 "), "{out}");
    // Status, later: the delta is stale.
    let (code, out, _) = run(&[
        "crl".into(),
        "status".into(),
        "--cache-dir".into(),
        dir.clone(),
        "--at".into(),
        "2025-06-10T00:00:00Z".into(),
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("http://demo.invalid/crl/nca-rsa-delta.crl\n  number 07 thisUpdate 2025-05-25T00:00:00Z nextUpdate 2025-06-05T00:00:00Z entries 1 (delta) STALE fetched 2025-06-01T00:00:00Z from http://127.0.0.1:"), "{out}");
    assert!(out.contains("http://demo.invalid/crl/nca-rsa.crl\n  number 64 thisUpdate 2025-05-15T00:00:00Z nextUpdate 2025-06-15T00:00:00Z entries 2 fresh"), "{out}");
}

/// `qoltanba sign --tsa` against a TSA on 127.0.0.1: the document is
/// CAdES-T, qoltanba verifies it, OpenSSL's `ts -verify` accepts the token.
#[test]
fn sign_with_tsa_makes_cades_t() {
    use common::tsa::{TestTsa, TsaMode};
    use std::sync::{Arc, Mutex};
    let server = TestServer::start();
    let tsa = Arc::new(TestTsa::new());
    let replies: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
    let (t2, r2) = (Arc::clone(&tsa), Arc::clone(&replies));
    server.handler("/tsa", move |req| {
        let reply = t2.respond(&req.body, common::demo_time(), TsaMode::Grant);
        r2.lock().unwrap().push(reply.clone());
        Reply::ok(reply)
    });
    server.reply("/forbidden", Reply::status(403, b""));
    let dir = cache_dir("tsa");
    std::fs::create_dir_all(&dir).unwrap();
    let out = format!("{dir}/signed.p7s");
    let sign = |url: String| {
        run(&[
            "sign".into(),
            "../test-vectors/cms/content.txt".into(),
            "--key".into(),
            format!("{D}/individual-sign.key.pem"),
            "--cert".into(),
            format!("{D}/individual-sign.pem"),
            "--at".into(),
            "2025-06-01T00:00:00Z".into(),
            "--out".into(),
            out.clone(),
            "--tsa".into(),
            url,
        ])
    };
    let (code, _, err) = sign(server.url("/forbidden"));
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!(
            "qoltanba: --tsa {}: HTTP status 403 [http-status]\n",
            server.url("/forbidden")
        )
    );
    let (code, o, err) = sign(server.url("/tsa"));
    assert_eq!(code, 0, "{o}{err}");
    // qoltanba: valid, with the time-stamp required.
    let mut a = vec![
        "verify".to_owned(),
        out.clone(),
        "--require-timestamp".into(),
    ];
    a.extend(support::demo_trust(&[
        "root-rsa.crl",
        "nca-rsa.crl",
        "nca-rsa-delta.crl",
    ]));
    let (code, o, _) = run(&a);
    assert_eq!(code, 0, "{o}");
    // OpenSSL: the reply verifies over the signature value's SHA-256.
    let doc = qoltanba::SignedDocument::from_any(&std::fs::read(&out).unwrap()).unwrap();
    let digest = hex::encode(common::der::sha256(doc.signature_value(0).unwrap()));
    let reply = replies.lock().unwrap()[0].clone();
    std::fs::write(format!("{dir}/reply.tsr"), reply).unwrap();
    std::fs::write(
        format!("{dir}/ca.pem"),
        [
            std::fs::read(format!("{D}/root-rsa.pem")).unwrap(),
            std::fs::read(format!("{D}/nca-rsa.pem")).unwrap(),
        ]
        .concat(),
    )
    .unwrap();
    let o = Command::new("openssl")
        .args([
            "ts",
            "-verify",
            "-digest",
            &digest,
            "-in",
            &format!("{dir}/reply.tsr"),
            "-CAfile",
            &format!("{dir}/ca.pem"),
            "-attime",
            &common::demo_time().unix().to_string(),
        ])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout), "Verification: OK\n");
}

/// `qoltanba serve --online`: the evidence layer's refresher runs inside
/// the service. A refresh that works is counted; one that fails (the
/// address now serves an HTML page) is counted and logged with its code,
/// and the cached CRL stays in use: the service stays ready.
#[test]
fn serve_online_runs_the_refresher_inside() {
    use std::io::{BufRead, BufReader, Read, Write};
    let s = server();
    let dir = cache_dir("serve");
    let mut a: Vec<String> = vec![
        "crl".into(),
        "update".into(),
        "http://demo.invalid/crl/nca-rsa.crl".into(),
        "--no-bundled".into(),
        "--ca".into(),
        format!("{D}/nca-rsa.pem"),
        "--at".into(),
        "2025-06-01T00:00:00Z".into(),
    ];
    a.extend(online_args(&s, &dir).into_iter().skip(1));
    let (code, out, err) = run(&a);
    assert_eq!(code, 0, "{out}{err}");

    let mut args: Vec<String> = ["serve", "--listen", "127.0.0.1:0", "--refresh-secs", "1"]
        .map(String::from)
        .to_vec();
    args.extend(demo_trust_without_crls());
    args.extend(online_args(&s, &dir));
    let mut child = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(&args)
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .strip_prefix("qoltanba serve: listening on http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("the address line, got {line:?}"))
        .to_owned();
    let get = |path: &str| {
        let mut c = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            c,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        c.read_to_string(&mut out).unwrap();
        out
    };
    let wait_for = |needle: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let m = get("/metrics");
            if m.contains(needle) {
                return m;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no {needle:?} in\n{m}"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    let url = "http://demo.invalid/crl/nca-rsa.crl";
    wait_for(&format!(
        "qoltanba_crl_fetches_total{{url=\"{url}\",outcome=\"ok\"}}"
    ));
    // From now on the address serves an HTML page: every refresh fails.
    s.reply(
        "/crl/nca-rsa.crl",
        Reply::ok(b"<!DOCTYPE html><html></html>".to_vec()),
    );
    let metrics = wait_for(&format!(
        "qoltanba_crl_fetches_total{{url=\"{url}\",outcome=\"failed\"}}"
    ));
    // The cached CRL is held (2025-06-01 - thisUpdate 2025-05-15 = 17 days).
    assert!(
        metrics.contains("qoltanba_crl_age_seconds{issuer=\"CN=DEMO NCA (RSA), C=KZ\",delta=\"false\"} 1468800\n"),
        "{metrics}"
    );
    assert!(get("/ready").starts_with("HTTP/1.1 200 OK\r\n"));
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(
        rest.contains(&format!(
            "qoltanba serve: {url}: an HTML page, not a CRL [html]\n"
        )),
        "{rest}"
    );
}
