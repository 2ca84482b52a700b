//! `qoltanba serve`: the binary listens on the address given, answers with
//! the trust of its options, and stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use base64::Engine;

const D: &str = "../test-vectors/demo";

/// One HTTP/1.1 exchange: the status and the body.
fn exchange(addr: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connects");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("writes");
    let mut response = String::new();
    s.read_to_string(&mut response).expect("reads");
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// `qoltanba serve ARGS` started, and the address it says it listens on
/// (after `scheme://`).
fn start(args: &[String], scheme: &str) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(args)
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("a line");
    let prefix = format!("qoltanba serve: listening on {scheme}://");
    let addr = line
        .trim()
        .strip_prefix(prefix.as_str())
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("the address line, got {line:?}"))
        .to_owned();
    (child, addr)
}

/// SIGTERM, then the exit code.
fn stop(mut child: std::process::Child) -> Option<i32> {
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    child.wait().expect("exits").code()
}

#[test]
fn serves_with_the_trust_of_its_options_and_stops_on_sigterm() {
    let mut args = vec![
        "serve".to_owned(),
        "--listen".to_owned(),
        "127.0.0.1:0".to_owned(),
        "--quiet".to_owned(),
        "--trust-profile".to_owned(),
        "none".to_owned(),
        "--at".to_owned(),
        "2025-06-01T00:00:00Z".to_owned(),
        "--trust".to_owned(),
        format!("{D}/root-rsa.pem"),
        "--intermediate".to_owned(),
        format!("{D}/nca-rsa.pem"),
    ];
    for c in ["root-rsa.crl", "nca-rsa.crl"] {
        args.extend(["--crl".to_owned(), format!("{D}/{c}")]);
    }
    let (child, addr) = start(&args, "http");

    assert_eq!(
        exchange(&addr, "GET", "/health", ""),
        (200, r#"{"status":"ok"}"#.to_owned())
    );
    let cert = |name: &str| {
        let der = std::fs::read(format!("{D}/{name}")).expect("demo certificate");
        format!(
            r#"{{"certs":["{}"]}}"#,
            base64::engine::general_purpose::STANDARD.encode(der)
        )
    };
    let (status, body) = exchange(&addr, "POST", "/x509/info", &cert("revoked.pem"));
    assert_eq!(status, 200);
    assert!(body.contains(r#""valid":false"#), "{body}");
    assert!(body.contains(r#""revoked":true"#), "{body}");
    let (_, body) = exchange(&addr, "POST", "/x509/info", &cert("individual-sign.pem"));
    assert!(body.contains(r#""valid":true"#), "{body}");

    assert_eq!(stop(child), Some(0), "graceful shutdown exits 0");
}

/// HTTPS with a certificate made by `openssl` for 127.0.0.1; `openssl
/// s_client` (an independent TLS client) checks it against that
/// certificate and fetches /health.
#[test]
fn serves_https_with_the_certificate_given() {
    if Command::new("openssl").arg("version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI installs openssl");
        eprintln!("openssl is not installed: skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("qoltanba-serve-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl runs");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let mut args: Vec<String> = ["serve", "--listen", "127.0.0.1:0", "--quiet"]
        .iter()
        .map(|a| (*a).to_owned())
        .collect();
    args.extend(["--trust-profile".into(), "none".into()]);
    args.extend(["--tls-cert".into(), cert.display().to_string()]);
    args.extend(["--tls-key".into(), key.display().to_string()]);
    let (child, addr) = start(&args, "https");
    let mut client = Command::new("openssl")
        .args([
            "s_client",
            "-connect",
            &addr,
            "-quiet",
            "-verify_return_error",
        ])
        .arg("-CAfile")
        .arg(&cert)
        .args(["-verify_ip", "127.0.0.1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("s_client runs");
    client
        .stdin
        .take()
        .expect("stdin")
        .write_all(
            format!("GET /health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .expect("writes");
    let out = client.wait_with_output().expect("s_client ends");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.ends_with(r#"{"status":"ok"}"#), "{text}");
    assert_eq!(stop(child), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The options from a `[serve]` table of the configuration file: the
/// same trust as the first test, and its limits.
#[test]
fn takes_its_options_from_the_configuration_files_serve_table() {
    let dir = std::env::temp_dir().join(format!("qoltanba-serve-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(D);
    let path = |name: &str| demo.join(name).display().to_string();
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[serve]\n\
             listen = \"127.0.0.1:0\"\n\
             quiet = true\n\
             trust-profile = [\"none\"]\n\
             at = \"2025-06-01T00:00:00Z\"\n\
             trust = [{:?}]\n\
             intermediate = [{:?}]\n\
             crl = [{:?}, {:?}]\n\
             max-body = 4000\n\
             header-timeout = 5\n",
            path("root-rsa.pem"),
            path("nca-rsa.pem"),
            path("root-rsa.crl"),
            path("nca-rsa.crl"),
        ),
    )
    .expect("config written");
    let args = vec![
        "--config".to_owned(),
        config.display().to_string(),
        "serve".to_owned(),
    ];
    let (child, addr) = start(&args, "http");
    let (status, body) = exchange(&addr, "GET", "/ready", "");
    assert_eq!(status, 200, "{body}");
    // The file's trust and CRLs: the revoked certificate is reported so.
    let der = std::fs::read(demo.join("revoked.pem")).expect("demo certificate");
    let request = format!(
        r#"{{"certs":["{}"]}}"#,
        base64::engine::general_purpose::STANDARD.encode(der)
    );
    assert!(request.len() <= 4000);
    let (status, body) = exchange(&addr, "POST", "/x509/info", &request);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""revoked":true"#), "{body}");
    // The file's body limit: a body of 4,001 bytes is refused.
    let request = format!(r#"{{"certs":["{}"]}}"#, "A".repeat(3987));
    let (status, body) = exchange(&addr, "POST", "/x509/info", &request);
    assert_eq!(status, 413, "{body}");
    assert!(body.contains(r#""code":"body-too-large""#), "{body}");
    assert_eq!(stop(child), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
