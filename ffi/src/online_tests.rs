//! The C ABI's fetcher and refresher against a 127.0.0.1 server
//! publishing the demo PKI's CRLs at their (rewritten) addresses.
#![allow(clippy::unwrap_used, dead_code, unreachable_pub)]

#[path = "../../tests/common/crl.rs"]
mod crl;
#[path = "../../tests/common/der.rs"]
mod der;
#[path = "../../tests/common/http.rs"]
mod http;

use super::*;
use crate::report::qoltanba_report;
use crate::verifier::*;
use http::{Reply, TestServer};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/demo");
const DEMO_TIME: i64 = 1_748_736_000;

fn file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DEMO}/{name}")).unwrap()
}

fn c(s: &str) -> std::ffi::CString {
    std::ffi::CString::new(s).unwrap()
}

fn verdict(v: *const qoltanba_verifier, who: &str) -> String {
    let mut opts = std::ptr::null_mut();
    assert_eq!(
        crate::verifier::qoltanba_options_new(&mut opts),
        QOLTANBA_OK
    );
    assert_eq!(qoltanba_options_set_time_unix(opts, DEMO_TIME), QOLTANBA_OK);
    let cert = file(&format!("{who}.pem"));
    let mut report: *mut qoltanba_report = std::ptr::null_mut();
    assert_eq!(
        qoltanba_verifier_verify_certificate(v, cert.as_ptr(), cert.len(), opts, &mut report),
        QOLTANBA_OK
    );
    let out = if crate::report::qoltanba_report_valid(report) {
        "valid".to_owned()
    } else {
        let mut buf = vec![0u8; 128];
        let mut len = 0;
        crate::report::qoltanba_report_reason_code(
            report,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut len,
        );
        std::ffi::CStr::from_bytes_until_nul(&buf)
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    crate::report::qoltanba_report_free(report);
    qoltanba_options_free(opts);
    out
}

#[test]
fn fetcher_refresh_and_background_refresher() {
    let server = TestServer::start();
    for name in ["root-rsa.crl", "nca-rsa.crl", "nca-rsa-delta.crl"] {
        server.reply(&format!("/crl/{name}"), Reply::ok(file(name)));
    }
    let mut b = std::ptr::null_mut();
    assert_eq!(qoltanba_verifier_builder_new(&mut b), QOLTANBA_OK);
    let (root, ca) = (file("root-rsa.pem"), file("nca-rsa.pem"));
    assert_eq!(
        qoltanba_verifier_builder_add_trust(b, root.as_ptr(), root.len()),
        QOLTANBA_OK
    );
    assert_eq!(
        qoltanba_verifier_builder_add_intermediate(b, ca.as_ptr(), ca.len()),
        QOLTANBA_OK
    );
    let mut v = std::ptr::null();
    assert_eq!(qoltanba_verifier_builder_build(b, &mut v), QOLTANBA_OK);
    assert_eq!(verdict(v, "individual-sign"), "revocation-status-unknown");

    let dir = std::env::temp_dir().join(format!("qoltanba-ffi-online-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut f = std::ptr::null_mut();
    assert_eq!(
        qoltanba_fetcher_new(c(dir.to_str().unwrap()).as_ptr(), &mut f),
        QOLTANBA_OK
    );
    assert_eq!(
        qoltanba_fetcher_add_rewrite(
            f,
            c("demo.invalid").as_ptr(),
            c(&format!("127.0.0.1:{}", server.port)).as_ptr()
        ),
        QOLTANBA_OK
    );
    assert_eq!(qoltanba_fetcher_set_timeout_ms(f, 2000), QOLTANBA_OK);
    for name in ["root-rsa.crl", "nca-rsa.crl", "nca-rsa-delta.crl"] {
        let url = c(&format!("http://demo.invalid/crl/{name}"));
        assert_eq!(qoltanba_fetcher_add_url(f, url.as_ptr()), QOLTANBA_OK);
    }
    let mut failed = usize::MAX;
    assert_eq!(qoltanba_fetcher_refresh(f, v, &mut failed), QOLTANBA_OK);
    assert_eq!(failed, 0);
    assert_eq!(verdict(v, "individual-sign"), "valid");
    assert_eq!(verdict(v, "revoked"), "cert-revoked");
    assert_eq!(verdict(v, "revoked-delta"), "cert-revoked");

    // The CA's server fails: the last good copy stays in the set.
    server.reply("/crl/nca-rsa.crl", Reply::status(404, b""));
    assert_eq!(qoltanba_fetcher_refresh(f, v, &mut failed), QOLTANBA_OK);
    assert_eq!(failed, 1);
    assert_eq!(verdict(v, "individual-sign"), "valid");
    assert_eq!(verdict(v, "revoked"), "cert-revoked");

    // The refresher picks up a new CRL that revokes individual-sign.
    let key = qoltanba::SigningKey::from_pkcs8_pem(&file("nca-rsa.key.pem")).unwrap();
    let ca_cert = qoltanba::Certificate::from_any(&ca).unwrap();
    let leaf = qoltanba::Certificate::from_any(&file("individual-sign.pem")).unwrap();
    let newer = crl::build(
        &ca_cert,
        &key,
        101,
        DEMO_TIME - 4 * 86400,
        DEMO_TIME + 27 * 86400,
        &[crl::Revoked {
            serial: der::raw_serial(&leaf),
            at: DEMO_TIME - 5 * 86400,
            reason: Some(1),
        }],
        None,
    );
    server.reply("/crl/nca-rsa.crl", Reply::ok(newer));
    let mut r = std::ptr::null_mut();
    assert_eq!(
        qoltanba_refresher_start(f, v, 999, &mut r),
        QOLTANBA_INVALID_PARAMETER
    );
    assert_eq!(qoltanba_refresher_start(f, v, 1000, &mut r), QOLTANBA_OK);
    qoltanba_fetcher_free(f);
    let start = std::time::Instant::now();
    while verdict(v, "individual-sign") != "cert-revoked"
        && start.elapsed() < std::time::Duration::from_secs(10)
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(verdict(v, "individual-sign"), "cert-revoked");
    // The verifier handle may be freed while the refresher runs.
    qoltanba_verifier_free(v);
    qoltanba_refresher_stop(r);
    let _ = std::fs::remove_dir_all(&dir);
}
