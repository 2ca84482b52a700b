//! What the service's tests share: the demo PKI, documents signed with it,
//! and a service running on 127.0.0.1.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::fs;
use std::time::Duration;

use base64::Engine;
use qoltanba::{
    sign_document, Certificate, Crl, Policy, RevocationMode, SignOptions, SigningKey, Time,
    Verifier,
};
use qoltanba_server::{AppState, Limits};
use serde_json::Value;

pub const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors");

/// A file of the demo PKI.
pub fn demo(name: &str) -> Vec<u8> {
    fs::read(format!("{VECTORS}/demo/{name}")).unwrap()
}

/// The demo PKI's validation time.
pub fn demo_time() -> Time {
    Time::parse_rfc3339("2025-06-01T00:00:00Z").unwrap()
}

/// The demo PKI's trust and CRLs (as the library's tests use them).
pub fn demo_verifier() -> Verifier {
    let cert = |n: &str| Certificate::from_any(&demo(n)).unwrap();
    let mut b = Verifier::builder()
        .trust(cert("root-rsa.pem"))
        .trust(cert("root-ec.pem"))
        .intermediate(cert("nca-rsa.pem"))
        .intermediate(cert("nca-ec.pem"));
    for c in [
        "root-rsa.crl",
        "root-ec.crl",
        "nca-rsa.crl",
        "nca-rsa-delta.crl",
        "nca-ec-fresh.crl",
    ] {
        b = b.crl(Crl::from_der(&demo(c)).unwrap());
    }
    b.build()
}

/// `content` signed at the demo time by the demo holder `holder`.
pub fn signed_by(holder: &str, content: &[u8]) -> Vec<u8> {
    let key = SigningKey::from_pkcs8(&demo(&format!("{holder}.key.pem"))).unwrap();
    let cert = Certificate::from_any(&demo(&format!("{holder}.pem"))).unwrap();
    sign_document(content, &key, &cert, &SignOptions::at(demo_time())).unwrap()
}

/// Base64, as the API takes it.
pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `state` served on 127.0.0.1 until `stop` completes, on a thread of its
/// own; its base URL and the thread.
pub fn serve(
    state: AppState,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> (String, std::thread::JoinHandle<()>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            qoltanba_server::serve(listener, state, stop).await.unwrap();
        });
    });
    (format!("http://{}", rx.recv().unwrap()), thread)
}

/// A running service and its address.
pub struct Service {
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Service {
    pub fn start(verifier: Verifier, limits: Limits) -> Self {
        let state = AppState::new(verifier, Some(demo_time()), limits);
        Self::start_state(state)
    }

    pub fn start_state(state: AppState) -> Self {
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let (base, thread) = serve(state, async {
            let _ = stop_rx.await;
        });
        Service {
            base,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    pub fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into()
    }

    /// POSTs `body` to `path`: (status, JSON).
    pub fn post(&self, path: &str, body: &str) -> (u16, Value) {
        let mut response = Self::agent()
            .post(&format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .send(body)
            .unwrap();
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        self.post(path, &body.to_string())
    }

    /// GETs `path`: (status, text).
    pub fn get(&self, path: &str) -> (u16, String) {
        let mut response = Self::agent()
            .get(&format!("{}{path}", self.base))
            .call()
            .unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The default limits without the request log.
pub fn quiet() -> Limits {
    Limits {
        log_requests: false,
        ..Limits::default()
    }
}

/// The test keys' PKCS#12 password.
pub const PASSWORD: &str = "qoltanba";

/// A file of the signing keys' test PKI (`test-vectors/keys`).
pub fn keys(name: &str) -> String {
    format!("{VECTORS}/keys/{name}")
}

/// A service trusting the signing keys' test CA, revocation off (the CA
/// has no CRL), at a time inside the test certificates' validity.
pub fn keys_service() -> Service {
    let ca = Certificate::from_any(&fs::read(keys("ca.pem")).unwrap()).unwrap();
    let v = Verifier::builder()
        .trust(ca)
        .policy(Policy::default().revocation(RevocationMode::Off))
        .build();
    let at = Time::parse_rfc3339("2027-01-01T00:00:00Z").unwrap();
    Service::start_state(AppState::new(v, Some(at), quiet()))
}

/// NCANode's `SignerRequest` of a test key's PKCS#12 file.
pub fn signer(p12: &str) -> Value {
    serde_json::json!({ "key": b64(&fs::read(keys(p12)).unwrap()), "password": PASSWORD })
}
