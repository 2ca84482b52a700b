//! With `--format json`, errors are JSON too: `{"error": {"code", "message"}}`
//! on stdout, exit code 2, nothing on stderr; without it, one line of text
//! on stderr. Each case asserts the exact code.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(args)
        .output()
        .expect("runs")
}

/// Runs `args` and returns the error object's code and message.
fn json_error(args: &[&str]) -> (String, String) {
    let o = run(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}");
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON value");
    let e = &v["error"];
    assert_eq!(e.as_object().map(|o| o.len()), Some(2), "{v}");
    (
        e["code"].as_str().expect("code").to_owned(),
        e["message"].as_str().expect("message").to_owned(),
    )
}

#[test]
fn a_missing_file_is_unreadable_input() {
    let (code, message) = json_error(&["verify", "--format", "json", "no-such-file.p7s"]);
    assert_eq!(code, "unreadable-input");
    assert!(message.starts_with("no-such-file.p7s: "), "{message}");
}

#[test]
fn a_file_that_is_not_cms_is_malformed() {
    let (code, message) = json_error(&["verify", "--format=json", "Cargo.toml"]);
    assert_eq!(code, "malformed");
    assert!(
        message.starts_with("Cargo.toml: malformed CMS"),
        "{message}"
    );
}

#[test]
fn a_bad_identifier_keeps_the_librarys_code() {
    let (code, message) = json_error(&[
        "verify-cert",
        "--format",
        "json",
        "--iin",
        "123",
        "../test-vectors/demo/root-rsa.pem",
    ]);
    assert_eq!(code, "invalid-identifier");
    assert!(message.starts_with("--iin 123: "), "{message}");
}

#[test]
fn a_usage_error_is_json_when_json_is_asked_for() {
    let (code, message) = json_error(&["verify", "--format", "json", "--bogus", "x"]);
    assert_eq!(code, "usage");
    assert_eq!(message, "unexpected argument '--bogus' found");
}

#[test]
fn without_json_errors_stay_one_line_of_text_on_stderr() {
    let o = run(&["verify", "Cargo.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("qoltanba: Cargo.toml: malformed CMS"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}
