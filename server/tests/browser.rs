//! The verification page in a real browser: headless Chromium (Debian's
//! `chromium`), driven over the DevTools protocol, uploads a valid and a
//! revoked document and reads the verdict off the page, in Kazakh and
//! then in English. A screenshot of each is kept under
//! `target/tmp/qoltanba-server-screenshots/`. CI installs Chromium; a
//! machine without it skips the test (CI fails it).

#![allow(clippy::unwrap_used)]

use std::fs;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use qoltanba_server::{AppState, Limits};
use serde_json::{json, Value};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

const CHROMIUM: &str = "/usr/bin/chromium";

mod support;

use support::{demo_time, demo_verifier, signed_by};

/// The service on 127.0.0.1 for the test's life.
fn start_service() -> String {
    let state = AppState::new(
        demo_verifier(),
        Some(demo_time()),
        Limits {
            log_requests: false,
            ..Limits::default()
        },
    );
    support::serve(state, std::future::pending()).0
}

/// Headless Chromium with its DevTools endpoint; killed on drop.
struct Browser {
    child: Child,
    _profile: PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Chromium started headless (the flags keep it off the network), and
/// the port of its DevTools endpoint.
fn launch(profile: &Path) -> (Browser, u16) {
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-port=0",
            "--window-size=900,700",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("about:blank")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut port = None;
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.split("DevTools listening on ws://127.0.0.1:").nth(1) {
            port = rest.split('/').next().and_then(|p| p.parse().ok());
            break;
        }
    }
    let browser = Browser {
        child,
        _profile: profile.to_owned(),
    };
    (browser, port.expect("Chromium's DevTools port"))
}

/// One DevTools session with a page.
struct Page {
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next: u64,
}

impl Page {
    fn open(port: u16) -> Self {
        let list: Value = serde_json::from_str(
            &ureq::get(&format!("http://127.0.0.1:{port}/json/list"))
                .call()
                .unwrap()
                .body_mut()
                .read_to_string()
                .unwrap(),
        )
        .unwrap();
        let url = list
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            .unwrap()
            .to_owned();
        let (socket, _) = tungstenite::connect(url).unwrap();
        Page { socket, next: 1 }
    }

    /// Sends a command and waits for its answer (events are skipped).
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        let message = json!({ "id": id, "method": method, "params": params }).to_string();
        self.socket.send(Message::Text(message.into())).unwrap();
        loop {
            if let Message::Text(text) = self.socket.read().unwrap() {
                let v: Value = serde_json::from_str(&text).unwrap();
                if v["id"] == id {
                    assert!(v.get("error").is_none(), "{method}: {v}");
                    return v["result"].clone();
                }
            }
        }
    }

    fn eval(&mut self, expression: &str) -> Value {
        self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        )["result"]["value"]
            .clone()
    }

    /// Waits until `expression` is true (at most 20 s).
    fn wait_for(&mut self, expression: &str) {
        let start = Instant::now();
        while self.eval(expression) != Value::Bool(true) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waiting for {expression}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Uploads `file` through the page's form and returns the verdict
    /// and the reason as the page shows them.
    fn verify(&mut self, base: &str, file: &Path) -> (String, String) {
        self.call("Page.navigate", json!({ "url": format!("{base}/") }));
        self.wait_for(
            "document.readyState === 'complete' && !!document.getElementById('document')",
        );
        let root = self.call("DOM.getDocument", json!({}))["root"]["nodeId"].clone();
        let input = self.call(
            "DOM.querySelector",
            json!({ "nodeId": root, "selector": "#document" }),
        )["nodeId"]
            .clone();
        self.call(
            "DOM.setFileInputFiles",
            json!({ "files": [file.display().to_string()], "nodeId": input }),
        );
        self.eval("document.getElementById('check').click()");
        self.wait_for("['valid','invalid'].includes(document.getElementById('verdict').className)");
        self.read()
    }

    fn read(&mut self) -> (String, String) {
        let verdict = self.eval("document.getElementById('verdict').textContent");
        let reason = self.eval("document.getElementById('reason').textContent");
        (
            verdict.as_str().unwrap_or_default().to_owned(),
            reason.as_str().unwrap_or_default().to_owned(),
        )
    }

    fn screenshot(&mut self, path: &Path) {
        let png = self.call("Page.captureScreenshot", json!({ "format": "png" }))["data"]
            .as_str()
            .unwrap()
            .to_owned();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png)
            .unwrap();
        assert!(bytes.starts_with(b"\x89PNG"));
        fs::write(path, bytes).unwrap();
    }
}

#[test]
fn the_page_shows_the_verdict_in_a_real_browser() {
    if !Path::new(CHROMIUM).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs chromium; it must be available"
        );
        eprintln!("{CHROMIUM} is not installed: skipped (CI installs chromium)");
        return;
    }
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("qoltanba-server-screenshots");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).unwrap();
    let valid = work.join("valid.p7s");
    fs::write(&valid, signed_by("individual-sign", "өтініш".as_bytes())).unwrap();
    let revoked = work.join("revoked.p7s");
    fs::write(&revoked, signed_by("revoked", b"request")).unwrap();

    let base = start_service();
    let (_browser, port) = launch(&work.join("profile"));
    let mut page = Page::open(port);

    let (verdict, reason) = page.verify(&base, &valid);
    assert_eq!(verdict, "Қолтаңба жарамды");
    assert_eq!(reason, "");
    assert_eq!(
        page.eval("document.querySelector('#signers tbody td:nth-child(2)').textContent"),
        "871008401427"
    );
    page.screenshot(&work.join("valid.png"));

    let (verdict, reason) = page.verify(&base, &revoked);
    assert_eq!(verdict, "Қолтаңба жарамсыз");
    assert_eq!(reason, "Сертификат кері қайтарылған. (cert-revoked)");
    page.screenshot(&work.join("revoked-kk.png"));
    page.eval("document.querySelector('[data-lang=en]').click()");
    assert_eq!(
        page.read(),
        (
            "The signature is not valid".to_owned(),
            "The certificate is revoked. (cert-revoked)".to_owned()
        )
    );
    page.screenshot(&work.join("revoked-en.png"));
    page.eval("document.querySelector('[data-lang=ru]').click()");
    assert_eq!(page.read().0, "Подпись недействительна");
}
