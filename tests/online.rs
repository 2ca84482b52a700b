//! Live evidence (feature `online`, issue 16) against servers on 127.0.0.1
//! that the tests start: the demo PKI's CRLs published at the addresses its
//! certificates name (`http://demo.invalid/crl/...`, rewritten to the test
//! server), and every fault of the issue with its exact verdict.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use common::crl::{build, Revoked};
use common::http::{Reply, Route, TestServer};
use common::{cert, demo_time, key, DEMO};
use qoltanba::online::{
    CrlCache, CrlExpectation, EvidenceKind, HttpTransport, Online, OnlinePolicy, Refresh, Rewrite,
    Source, TransportConfig,
};
use qoltanba::{Error, Options, Time, Verifier};

fn t(s: &str) -> i64 {
    Time::parse_rfc3339(s).unwrap().unix()
}

fn file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DEMO}/{name}")).unwrap()
}

/// Anchors and intermediates of the demo PKI, no CRLs: the evidence comes
/// from the network or the cache.
fn bare_verifier() -> Verifier {
    Verifier::builder()
        .trust(cert("root-rsa"))
        .trust(cert("root-ec"))
        .intermediate(cert("nca-rsa"))
        .intermediate(cert("nca-ec"))
        .build()
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "qoltanba-online-{name}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn transport(timeout_ms: u64) -> Arc<HttpTransport> {
    Arc::new(HttpTransport::new(TransportConfig {
        timeout: Duration::from_millis(timeout_ms),
        connect_timeout: Duration::from_millis(timeout_ms),
        retries: 0,
        backoff: Duration::from_millis(10),
        proxy_from_env: false,
        ..TransportConfig::default()
    }))
}

/// The demo PKI's CRLs at the test server.
fn publish(server: &TestServer) {
    for c in [
        "root-rsa.crl",
        "nca-rsa.crl",
        "nca-rsa-delta.crl",
        "root-ec.crl",
    ] {
        server.reply(&format!("/crl/{c}"), Reply::ok(file(c)));
    }
}

struct Setup {
    server: TestServer,
    online: Online,
    verifier: Verifier,
}

fn setup(name: &str, policy: OnlinePolicy) -> Setup {
    let server = TestServer::start();
    publish(&server);
    let cache = CrlCache::new(temp_dir(name), transport(1500))
        .unwrap()
        .rewrite(Rewrite::new(
            "demo.invalid",
            &format!("127.0.0.1:{}", server.port),
        ))
        .clock(demo_time);
    Setup {
        server,
        online: Online::new(Arc::new(cache), policy),
        verifier: bare_verifier(),
    }
}

/// Always ask the network (a fault test must reach the server each time).
fn eager() -> OnlinePolicy {
    OnlinePolicy {
        recheck_after: Duration::ZERO,
        ..OnlinePolicy::default()
    }
}

/// A verdict's code, its failed attempts (address, code), its evidence.
type Verdict = (
    Result<(), Error>,
    Vec<(String, &'static str)>,
    Vec<(EvidenceKind, Source)>,
);

fn verdict(s: &Setup, who: &str) -> Verdict {
    let r = s
        .online
        .verify_certificate(&s.verifier, &cert(who), &Options::at(demo_time()));
    let attempts = r
        .attempts
        .iter()
        .map(|a| (a.url.clone(), a.failure.code()))
        .collect();
    let evidence = r.evidence.iter().map(|e| (e.kind, e.source)).collect();
    (r.result(), attempts, evidence)
}

fn code(r: &Result<(), Error>) -> &'static str {
    match r {
        Ok(()) => "valid",
        Err(e) => e.code(),
    }
}

const NCA: &str = "http://demo.invalid/crl/nca-rsa.crl";

#[test]
fn fetched_crls_validate_and_then_come_from_the_cache() {
    let s = setup("happy", OnlinePolicy::default());
    let (r, attempts, evidence) = verdict(&s, "individual-sign");
    assert_eq!(code(&r), "valid");
    assert!(attempts.is_empty());
    assert_eq!(
        evidence,
        vec![
            (EvidenceKind::Crl, Source::Network),
            (EvidenceKind::DeltaCrl, Source::Network),
            (EvidenceKind::Crl, Source::Network),
        ]
    );
    // Again: every CRL from the cache, the server not asked.
    let before = s.server.seen().len();
    let (r, _, evidence) = verdict(&s, "individual-sign");
    assert_eq!(code(&r), "valid");
    assert_eq!(s.server.seen().len(), before);
    assert!(evidence.iter().all(|(_, src)| *src == Source::Cache));
    // Revoked in the full CRL, in the delta.
    assert_eq!(code(&verdict(&s, "revoked").0), "cert-revoked");
    assert_eq!(code(&verdict(&s, "revoked-delta").0), "cert-revoked");
    // The report dates each fetched piece.
    let rep = s.online.verify_certificate(
        &s.verifier,
        &cert("individual-sign"),
        &Options::at(demo_time()),
    );
    let nca = rep
        .evidence
        .iter()
        .find(|e| e.url.as_deref() == Some(NCA))
        .unwrap();
    assert_eq!(nca.fetched_at, Some(demo_time()));
    assert_eq!(nca.number.as_deref(), Some("64"));
}

#[test]
fn a_new_cache_reads_the_files_of_an_old_one() {
    let s = setup("reload", OnlinePolicy::default());
    assert_eq!(code(&verdict(&s, "individual-sign").0), "valid");
    let dir = s.online.cache().dir().to_path_buf();
    // A second cache on the same directory, the server gone quiet.
    s.server.set("/crl/nca-rsa.crl", Route::Drop);
    let cache = CrlCache::new(&dir, transport(500))
        .unwrap()
        .clock(demo_time);
    let (crl, record) = cache.cached(NCA).unwrap();
    assert_eq!(crl.number().as_deref(), Some("64"));
    assert_eq!(record.entries, 2);
    assert!(!record.delta);
    let records = cache.records();
    assert_eq!(records.len(), 3);
}

/// Every fault of the issue, with nothing cached: revocation status
/// unknown (never valid), the failure in the report.
#[test]
fn faults_with_nothing_cached_leave_the_status_unknown() {
    let other_ca_crl = build(
        &cert("rogue-nca"),
        &key("rogue-nca"),
        200,
        t("2025-05-20T00:00:00Z"),
        t("2025-06-20T00:00:00Z"),
        &[],
        None,
    );
    let nca = file("nca-rsa.crl");
    let html = b"<!DOCTYPE html><html><body>404 Not Found</body></html>".to_vec();
    let refused_port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let cases: Vec<(&str, Option<Reply>, &str)> = vec![
        ("404", Some(Reply::status(404, b"not found")), "http-status"),
        ("zero bytes", Some(Reply::ok(Vec::new())), "empty"),
        (
            "truncated",
            Some(Reply::ok(nca[..nca.len() / 2].to_vec())),
            "not-a-crl",
        ),
        ("html", Some(Reply::ok(html)), "html"),
        (
            "another CA's CRL",
            Some(Reply::ok(other_ca_crl)),
            "untrusted",
        ),
        (
            "the root's CRL",
            Some(Reply::ok(file("root-rsa.crl"))),
            "untrusted",
        ),
        (
            "a delta at the full CRL's address",
            Some(Reply::ok(file("nca-rsa-delta.crl"))),
            "wrong-kind",
        ),
        (
            "slow",
            Some(Reply::ok(nca.clone()).delayed(Duration::from_millis(2500))),
            "timeout",
        ),
        ("refused", None, "connect"),
    ];
    for (name, reply, failure) in cases {
        let s = setup(&format!("fault-{}", name.replace(' ', "-")), eager());
        let online = match reply {
            Some(r) => {
                s.server.reply("/crl/nca-rsa.crl", r);
                s.online
            }
            None => {
                // The full CRL's host refuses connections.
                let cache = CrlCache::new(temp_dir("refused"), transport(1500))
                    .unwrap()
                    .rewrite(Rewrite::new(
                        "http://demo.invalid/crl/nca-rsa.crl",
                        &format!("http://127.0.0.1:{refused_port}/crl/nca-rsa.crl"),
                    ))
                    .rewrite(Rewrite::new(
                        "demo.invalid",
                        &format!("127.0.0.1:{}", s.server.port),
                    ))
                    .clock(demo_time);
                Online::new(Arc::new(cache), eager())
            }
        };
        let r = online.verify_certificate(
            &s.verifier,
            &cert("individual-sign"),
            &Options::at(demo_time()),
        );
        assert_eq!(code(&r.result()), "revocation-status-unknown", "{name}");
        let failures: Vec<(&str, &str)> = r
            .attempts
            .iter()
            .map(|a| (a.url.as_str(), a.failure.code()))
            .collect();
        assert_eq!(failures, vec![(NCA, failure)], "{name}");
        // Nothing was cached for the address.
        assert!(online.cache().cached(NCA).is_none(), "{name}");
    }
}

/// The same faults with a good copy cached: it stays in use while fresh
/// (valid, from the cache), the failure reported; past its nextUpdate:
/// unknown.
#[test]
fn faults_with_a_good_copy_cached_keep_it_while_fresh() {
    let nca = file("nca-rsa.crl");
    let older_number = build(
        &cert("nca-rsa"),
        &key("nca-rsa"),
        99,
        t("2025-05-20T00:00:00Z"),
        t("2025-06-20T00:00:00Z"),
        &[],
        None,
    );
    let older_this_update = build(
        &cert("nca-rsa"),
        &key("nca-rsa"),
        101,
        t("2025-05-10T00:00:00Z"),
        t("2025-06-20T00:00:00Z"),
        &[],
        None,
    );
    let other_ca_crl = build(
        &cert("rogue-nca"),
        &key("rogue-nca"),
        200,
        t("2025-05-20T00:00:00Z"),
        t("2025-06-20T00:00:00Z"),
        &[],
        None,
    );
    let cases: Vec<(&str, Route, &str)> = vec![
        ("404", Route::Reply(Reply::status(404, b"")), "http-status"),
        ("zero bytes", Route::Reply(Reply::ok(Vec::new())), "empty"),
        (
            "truncated",
            Route::Reply(Reply::ok(nca[..nca.len() - 10].to_vec())),
            "not-a-crl",
        ),
        (
            "html",
            Route::Reply(Reply::ok(
                b"<html><body>Service Unavailable</body></html>".to_vec(),
            )),
            "html",
        ),
        (
            "another CA's CRL",
            Route::Reply(Reply::ok(other_ca_crl)),
            "untrusted",
        ),
        (
            "lower CRL number",
            Route::Reply(Reply::ok(older_number)),
            "older",
        ),
        (
            "older thisUpdate",
            Route::Reply(Reply::ok(older_this_update)),
            "older",
        ),
        (
            "slow",
            Route::Reply(Reply::ok(nca.clone()).delayed(Duration::from_millis(2500))),
            "timeout",
        ),
        ("dropped connection", Route::Drop, "transport"),
    ];
    for (name, route, failure) in cases {
        let s = setup(&format!("cached-{}", name.replace(' ', "-")), eager());
        assert_eq!(
            code(&verdict(&s, "individual-sign").0),
            "valid",
            "{name}: first"
        );
        s.server.set("/crl/nca-rsa.crl", route);
        let (r, attempts, evidence) = verdict(&s, "individual-sign");
        assert_eq!(code(&r), "valid", "{name}");
        assert_eq!(attempts, vec![(NCA.to_owned(), failure)], "{name}");
        assert_eq!(evidence[0], (EvidenceKind::Crl, Source::Cache), "{name}");
        // The copy on disk is still the good one.
        assert_eq!(
            s.online.cache().cached(NCA).unwrap().0.number().as_deref(),
            Some("64"),
            "{name}"
        );
        // A revoked certificate stays revoked by the cached copy.
        assert_eq!(code(&verdict(&s, "revoked").0), "cert-revoked", "{name}");
    }
}

fn after_next_update() -> Time {
    Time::parse_rfc3339("2025-06-20T00:00:00Z").unwrap()
}

#[test]
fn a_stale_cached_copy_and_a_failing_server_give_unknown() {
    let s = setup("stale", eager());
    assert_eq!(code(&verdict(&s, "individual-sign").0), "valid");
    let dir = s.online.cache().dir().to_path_buf();
    s.server.reply("/crl/nca-rsa.crl", Reply::status(503, b""));
    s.server
        .reply("/crl/nca-rsa-delta.crl", Reply::status(503, b""));
    // Later: nca-rsa.crl's nextUpdate (2025-06-15) has passed.
    let cache = CrlCache::new(&dir, transport(1500))
        .unwrap()
        .rewrite(Rewrite::new(
            "demo.invalid",
            &format!("127.0.0.1:{}", s.server.port),
        ))
        .clock(after_next_update);
    let online = Online::new(Arc::new(cache), eager());
    let r = online.verify_certificate(
        &s.verifier,
        &cert("individual-sign"),
        &Options::at(after_next_update()),
    );
    assert_eq!(code(&r.result()), "revocation-status-unknown");
    let failures: Vec<&str> = r.attempts.iter().map(|a| a.failure.code()).collect();
    assert_eq!(failures, vec!["http-status", "http-status"]);
    assert_eq!(r.attempts[0].failure.to_string(), "HTTP status 503");
    // Allowed 7 days past nextUpdate by policy: the cache is used, but the
    // verifier's own freshness rule still refuses a CRL past nextUpdate.
    let cache = CrlCache::new(&dir, transport(1500))
        .unwrap()
        .rewrite(Rewrite::new(
            "demo.invalid",
            &format!("127.0.0.1:{}", s.server.port),
        ))
        .clock(after_next_update);
    let lenient = Online::new(
        Arc::new(cache),
        OnlinePolicy {
            max_staleness: Duration::from_secs(7 * 86400),
            ..eager()
        },
    );
    let r = lenient.verify_certificate(
        &s.verifier,
        &cert("individual-sign"),
        &Options::at(after_next_update()),
    );
    assert_eq!(code(&r.result()), "revocation-status-unknown");
}

#[test]
fn a_missing_delta_is_unknown_unless_the_policy_allows_it() {
    let s = setup("delta", eager());
    s.server
        .reply("/crl/nca-rsa-delta.crl", Reply::status(404, b""));
    let (r, attempts, _) = verdict(&s, "individual-sign");
    assert_eq!(code(&r), "revocation-status-unknown");
    assert_eq!(
        attempts,
        vec![(
            "http://demo.invalid/crl/nca-rsa-delta.crl".to_owned(),
            "http-status"
        )]
    );
    let lax = setup(
        "delta-lax",
        OnlinePolicy {
            require_delta: false,
            ..eager()
        },
    );
    lax.server
        .reply("/crl/nca-rsa-delta.crl", Reply::status(404, b""));
    assert_eq!(code(&verdict(&lax, "individual-sign").0), "valid");
    // Without the delta, the certificate revoked only in it passes: the
    // price of require_delta = false.
    assert_eq!(code(&verdict(&lax, "revoked-delta").0), "valid");
}

#[test]
fn conditional_requests_and_a_newer_crl_replacing_the_cached_one() {
    let s = setup("conditional", eager());
    s.server.reply(
        "/crl/nca-rsa.crl",
        Reply::ok(file("nca-rsa.crl")).with_etag("\"v100\""),
    );
    let cache = s.online.cache();
    let expect = CrlExpectation {
        issuer: Some(cert("nca-rsa")),
        delta: Some(false),
    };
    let first = cache.refresh(NCA, &expect, &s.verifier);
    assert!(matches!(first, Refresh::Updated(_)), "{first:?}");
    let second = cache.refresh(NCA, &expect, &s.verifier);
    assert!(matches!(second, Refresh::Unchanged(_)), "{second:?}");
    let seen = s.server.seen();
    let last = seen
        .iter()
        .rev()
        .find(|r| r.path == "/crl/nca-rsa.crl")
        .unwrap();
    assert_eq!(last.header("if-none-match"), Some("\"v100\""));
    // A newer CRL (number 101) that revokes individual-sign replaces it.
    let serial = common::der::raw_serial(&cert("individual-sign"));
    let newer = build(
        &cert("nca-rsa"),
        &key("nca-rsa"),
        101,
        t("2025-05-28T00:00:00Z"),
        t("2025-06-28T00:00:00Z"),
        &[Revoked {
            serial,
            at: t("2025-05-27T00:00:00Z"),
            reason: Some(1),
        }],
        None,
    );
    s.server
        .reply("/crl/nca-rsa.crl", Reply::ok(newer).with_etag("\"v101\""));
    let third = cache.refresh(NCA, &expect, &s.verifier);
    match &third {
        Refresh::Updated(r) => {
            assert_eq!(r.number.as_deref(), Some("65"));
            assert_eq!(r.entries, 1);
            assert_eq!(r.etag.as_deref(), Some("\"v101\""));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(code(&verdict(&s, "individual-sign").0), "cert-revoked");
}

#[test]
fn transport_size_cap_and_retries() {
    let server = TestServer::start();
    server.reply("/big", Reply::ok(vec![0x30; 4096]));
    server.reply("/flaky", Reply::status(503, b""));
    let small = HttpTransport::new(TransportConfig {
        max_size: 1024,
        retries: 2,
        backoff: Duration::from_millis(5),
        proxy_from_env: false,
        ..TransportConfig::default()
    });
    use qoltanba::online::{HttpRequest, Transport, TransportError};
    assert_eq!(
        small.send(&HttpRequest::get(&server.url("/big"))),
        Err(TransportError::TooLarge(1024))
    );
    let r = small
        .send(&HttpRequest::get(&server.url("/flaky")))
        .unwrap();
    assert_eq!(r.status, 503);
    assert_eq!(server.hits("/flaky"), 3);
}

mod ocsp {
    use super::*;
    use common::ocsp::{respond, Mode};
    use qoltanba::online::{EvidenceOrder, OcspClient};
    use qoltanba::HashAlgorithm;

    /// OCSP first (the demo CA answers about its own end entities), CRLs
    /// for what OCSP does not answer: the CA certificate, whose issuer
    /// (the root) has no responder here.
    fn ocsp_setup(name: &str, mode: Mode, fallback: bool, hash: HashAlgorithm, get: bool) -> Setup {
        let mut s = setup(
            name,
            OnlinePolicy {
                order: EvidenceOrder::OcspThenCrl,
                ocsp_fallback: fallback,
                ..eager()
            },
        );
        let revoked = vec![common::der::raw_serial(&cert("revoked"))];
        s.server.handler("/ocsp", move |req| {
            let body = if req.method == "GET" {
                use base64::Engine;
                let b64 = req.path.trim_start_matches("/ocsp/");
                let unescaped = b64
                    .replace("%2B", "+")
                    .replace("%2F", "/")
                    .replace("%3D", "=");
                base64::engine::general_purpose::STANDARD
                    .decode(unescaped)
                    .unwrap()
            } else {
                req.body.clone()
            };
            // Only about the demo CA's own certificates; others: unauthorized.
            let (cert_id, _, _) = common::ocsp::read_request(&body);
            let ca_key_hash_sha1 =
                common::der::sha1(&common::der::subject_and_key(&cert("nca-rsa")).1);
            let ca_key_hash_sha256 =
                common::der::sha256(&common::der::subject_and_key(&cert("nca-rsa")).1);
            let ca_key_hash_streebog = {
                use streebog::Digest;
                streebog::Streebog256::digest(common::der::subject_and_key(&cert("nca-rsa")).1)
                    .to_vec()
            };
            let ours = cert_id.windows(20).any(|w| w == &ca_key_hash_sha1[..])
                || cert_id.windows(32).any(|w| w == &ca_key_hash_sha256[..])
                || cert_id.windows(32).any(|w| w == &ca_key_hash_streebog[..]);
            let m = if ours { mode } else { Mode::Unauthorized };
            Reply::ok(respond(&body, m, &revoked))
        });
        let client = OcspClient::new(transport(1500))
            .responder(&s.server.url("/ocsp"))
            .cert_id_hash(hash)
            .get_when_small(get);
        let cache = Arc::clone(s.online.cache());
        s.online = Online::new(cache, s.online.policy().clone()).with_ocsp(client);
        s
    }

    fn ocsp_url(s: &Setup) -> String {
        s.server.url("/ocsp")
    }

    #[test]
    fn ocsp_answers_with_sha1_sha256_and_gost_cert_ids_post_and_get() {
        for (hash, get) in [
            (HashAlgorithm::Sha1, false),
            (HashAlgorithm::Sha256, false),
            (HashAlgorithm::Streebog256, false),
            (HashAlgorithm::Sha1, true),
        ] {
            let s = ocsp_setup(
                &format!("ocsp-{hash:?}-{get}"),
                Mode::Answer,
                true,
                hash,
                get,
            );
            let (r, attempts, evidence) = verdict(&s, "individual-sign");
            assert_eq!(code(&r), "valid", "{hash:?} {get}");
            // The CA certificate: the responder is not authorised, CRL instead.
            assert_eq!(attempts, vec![(ocsp_url(&s), "ocsp-status")], "{hash:?}");
            assert_eq!(
                evidence,
                vec![
                    (EvidenceKind::Ocsp, Source::Network),
                    (EvidenceKind::Crl, Source::Network)
                ],
                "{hash:?}"
            );
            // No CRL of the demo CA was fetched: OCSP answered.
            assert_eq!(s.server.hits("/crl/nca-rsa.crl"), 0);
            assert_eq!(code(&verdict(&s, "revoked").0), "cert-revoked");
            let methods: Vec<String> = s
                .server
                .seen()
                .iter()
                .filter(|r| r.path.starts_with("/ocsp"))
                .map(|r| r.method.clone())
                .collect();
            assert!(
                methods
                    .iter()
                    .all(|m| m == if get { "GET" } else { "POST" }),
                "{methods:?}"
            );
        }
    }

    #[test]
    fn ocsp_faults_fall_back_to_crls_or_leave_the_status_unknown() {
        for (mode, failure) in [
            (Mode::TryLater, "ocsp-status"),
            (Mode::Unauthorized, "ocsp-status"),
            (Mode::Malformed, "ocsp-invalid"),
            (Mode::WrongNonce, "nonce-mismatch"),
        ] {
            // Fallback allowed: valid by the CRLs, the OCSP failure reported.
            let s = ocsp_setup(
                &format!("ocspf-{mode:?}"),
                mode,
                true,
                HashAlgorithm::Sha1,
                false,
            );
            let (r, attempts, evidence) = verdict(&s, "individual-sign");
            assert_eq!(code(&r), "valid", "{mode:?}");
            assert_eq!(
                attempts,
                vec![(ocsp_url(&s), failure), (ocsp_url(&s), "ocsp-status")],
                "{mode:?}"
            );
            assert_eq!(
                evidence,
                vec![
                    (EvidenceKind::Crl, Source::Network),
                    (EvidenceKind::DeltaCrl, Source::Network),
                    (EvidenceKind::Crl, Source::Network)
                ],
                "{mode:?}"
            );
            // No fallback: unknown.
            let s = ocsp_setup(
                &format!("ocspn-{mode:?}"),
                mode,
                false,
                HashAlgorithm::Sha1,
                false,
            );
            let (r, attempts, _) = verdict(&s, "individual-sign");
            assert_eq!(code(&r), "revocation-status-unknown", "{mode:?}");
            assert_eq!(attempts[0], (ocsp_url(&s), failure), "{mode:?}");
        }
    }

    #[test]
    fn good_ocsp_answers_are_cached_until_next_update() {
        let s = ocsp_setup("ocsp-cache", Mode::Answer, true, HashAlgorithm::Sha1, false);
        assert_eq!(code(&verdict(&s, "individual-sign").0), "valid");
        let asked = s.server.hits("/ocsp");
        assert_eq!(code(&verdict(&s, "individual-sign").0), "valid");
        // The leaf's answer came from memory; only the CA's (unauthorised,
        // not cached) was asked again.
        assert_eq!(s.server.hits("/ocsp"), asked + 1);
    }
}

mod tsa {
    use super::*;
    use common::tsa::{TestTsa, TsaMode, TSA_POLICY};
    use qoltanba::online::TsaClient;
    use qoltanba::{sign_document, SignOptions, SignedDocument};

    fn tsa_server(mode: TsaMode) -> TestServer {
        let server = TestServer::start();
        let tsa = Arc::new(TestTsa::new());
        server.handler("/tsa", move |req| {
            assert_eq!(
                req.header("content-type"),
                Some("application/timestamp-query")
            );
            Reply::ok(tsa.respond(&req.body, demo_time(), mode))
        });
        server.reply("/tsa403", Reply::status(403, b"Forbidden"));
        server
    }

    fn signed() -> Vec<u8> {
        sign_document(
            b"content to stamp",
            &key("individual-sign"),
            &cert("individual-sign"),
            &SignOptions::at(demo_time()),
        )
        .unwrap()
    }

    #[test]
    fn stamp_a_signature_and_verify_the_cades_t_document() {
        let server = tsa_server(TsaMode::Grant);
        let verifier = common::verifier();
        let client = TsaClient::new(transport(1500), &server.url("/tsa"));
        let stamped = client
            .stamp_signature(&signed(), 0, Some(&verifier), demo_time())
            .unwrap();
        let doc = SignedDocument::from_any(&stamped).unwrap();
        let report = verifier.verify_document(&doc, None, &Options::at(demo_time()));
        assert!(report.valid, "{report:?}");
        // The request asked for the certificate and carried a nonce.
        let req = &server.seen()[0].body;
        assert!(req.ends_with(&[0x01, 0x01, 0xff]), "certReq TRUE");
        // A chosen policy is asked for and required.
        let chosen = TsaClient::new(transport(1500), &server.url("/tsa")).policy(TSA_POLICY);
        assert!(chosen
            .stamp_signature(&signed(), 0, Some(&verifier), demo_time())
            .is_ok());
        assert!(server.seen()[1]
            .body
            .windows(10)
            .any(|w| w == &common::der::oid(TSA_POLICY)[..10]));
    }

    #[test]
    fn tsa_faults() {
        let verifier = common::verifier();
        let cases = [
            (TsaMode::Grant, "/tsa403", None, "http-status"),
            (TsaMode::OtherNonce, "/tsa", None, "nonce-mismatch"),
            (TsaMode::Reject, "/tsa", None, "tsa-status"),
            (
                TsaMode::OwnPolicy,
                "/tsa",
                Some("1.2.398.3.3.2.6.1"),
                "tsa-invalid",
            ),
        ];
        for (mode, path, policy, failure) in cases {
            let server = tsa_server(mode);
            let mut client = TsaClient::new(transport(1500), &server.url(path));
            if let Some(p) = policy {
                client = client.policy(p);
            }
            let r = client.stamp_signature(&signed(), 0, Some(&verifier), demo_time());
            assert_eq!(
                r.as_ref().err().map(|f| f.code()),
                Some(failure),
                "{mode:?} {path}: {r:?}"
            );
        }
        // A slow TSA: timeout.
        let server = TestServer::start();
        let tsa = Arc::new(TestTsa::new());
        server.handler("/tsa", move |req| {
            Reply::ok(tsa.respond(&req.body, demo_time(), TsaMode::Grant))
                .delayed(Duration::from_millis(2500))
        });
        let client = TsaClient::new(transport(800), &server.url("/tsa"));
        let r = client.stamp_signature(&signed(), 0, None, demo_time());
        assert_eq!(r.err().map(|f| f.code()), Some("timeout"));
    }
}

/// The background refresher replaces the CRL set while 8 threads verify:
/// after the swap the newly revoked certificate is refused, every verdict
/// matches the CRLs of the verifier that gave it, and taking the current
/// verifier never blocks for long.
#[test]
fn refresher_swaps_crls_under_load() {
    use qoltanba::online::{Refresher, SharedVerifier};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::Instant;

    let s = setup("refresher", OnlinePolicy::default());
    let base = Arc::new(bare_verifier());
    let urls: Vec<String> = ["nca-rsa.crl", "nca-rsa-delta.crl", "root-rsa.crl"]
        .iter()
        .map(|c| format!("http://demo.invalid/crl/{c}"))
        .collect();
    let shared = Arc::new(SharedVerifier::new(bare_verifier()));
    let sink = Arc::clone(&shared);
    let swaps = Arc::new(AtomicUsize::new(0));
    let swaps2 = Arc::clone(&swaps);
    let refresher = Refresher::start(
        Arc::clone(s.online.cache()),
        Arc::clone(&base),
        urls,
        Duration::from_millis(40),
        move |v| {
            sink.swap(v);
            swaps2.fetch_add(1, Ordering::SeqCst);
        },
        |_, _| {},
    )
    .unwrap();
    // Wait for the first set.
    let start = Instant::now();
    while swaps.load(Ordering::SeqCst) == 0 && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(
        code(
            &shared
                .get()
                .verify_certificate(&cert("individual-sign"), &Options::at(demo_time()))
                .result()
        ),
        "valid"
    );
    let stop = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let (shared, stop) = (Arc::clone(&shared), Arc::clone(&stop));
            std::thread::spawn(move || {
                let who = cert("individual-sign");
                let (mut n, mut revoked_seen, mut gets) = (0usize, false, Vec::new());
                while !stop.load(Ordering::SeqCst) {
                    let t0 = Instant::now();
                    let v = shared.get();
                    gets.push(t0.elapsed());
                    let holds_new = v
                        .revocation()
                        .crls()
                        .iter()
                        .any(|c| c.number().as_deref() == Some("65"));
                    let got = code(
                        &v.verify_certificate(&who, &Options::at(demo_time()))
                            .result(),
                    );
                    let want = if holds_new { "cert-revoked" } else { "valid" };
                    assert_eq!(got, want, "verdict against the verifier's own CRLs");
                    // Once refused, never valid again.
                    assert!(!(revoked_seen && got == "valid"));
                    revoked_seen |= got == "cert-revoked";
                    n += 1;
                }
                (n, revoked_seen, gets)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let newer = build(
        &cert("nca-rsa"),
        &key("nca-rsa"),
        101,
        t("2025-05-28T00:00:00Z"),
        t("2025-06-28T00:00:00Z"),
        &[Revoked {
            serial: common::der::raw_serial(&cert("individual-sign")),
            at: t("2025-05-27T00:00:00Z"),
            reason: Some(1),
        }],
        None,
    );
    s.server.reply("/crl/nca-rsa.crl", Reply::ok(newer));
    std::thread::sleep(Duration::from_millis(600));
    stop.store(true, Ordering::SeqCst);
    let results: Vec<_> = readers.into_iter().map(|h| h.join().unwrap()).collect();
    refresher.stop();
    let mut gets: Vec<Duration> = Vec::new();
    for (n, revoked_seen, g) in &results {
        assert!(*n > 0);
        assert!(revoked_seen, "every reader saw the revocation");
        gets.extend(g);
    }
    // Taking the current verifier is a read lock held for one pointer copy:
    // 99.9% of the takes are under a millisecond. The slowest, on a
    // machine of 2 cores running 8 readers and the refresher, is the
    // scheduler's preemption, bounded here by 100 ms.
    gets.sort();
    let p999 = gets[gets.len() * 999 / 1000];
    let max = gets[gets.len() - 1];
    eprintln!("get(): {} takes, p99.9 {p999:?}, max {max:?}", gets.len());
    assert!(p999 < Duration::from_millis(1), "p99.9 {p999:?}");
    assert!(max < Duration::from_millis(100), "max {max:?}");
    // The writer holds the lock only for the pointer store.
    let t0 = Instant::now();
    shared.swap(shared.get().with_crls([]));
    let held = t0.elapsed();
    assert!(held < Duration::from_millis(50), "swap {held:?}");
    assert_eq!(
        code(
            &shared
                .get()
                .verify_certificate(&cert("individual-sign"), &Options::at(demo_time()))
                .result()
        ),
        "cert-revoked"
    );
}
