//! The configuration file: options where the command line gives none, the
//! command line winning, a subcommand's table over the top level,
//! `config show`, and errors with their codes.

use std::path::PathBuf;
use std::process::{Command, Output};

fn demo(file: &str) -> String {
    std::fs::canonicalize(format!("../test-vectors/demo/{file}"))
        .expect("demo file")
        .to_string_lossy()
        .into_owned()
}

fn config(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "qoltanba-config-{name}-{}.toml",
        std::process::id()
    ));
    std::fs::write(&path, text).expect("write");
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(args)
        .env_remove("QOLTANBA_CONFIG")
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("qoltanba-no-such-config-dir"),
        )
        .output()
        .expect("runs")
}

fn demo_config() -> String {
    format!(
        "trust-profile = [\"none\"]\ntrust = [{:?}]\nintermediate = [{:?}]\ncrl = [{:?}, {:?}]\nat = \"2025-06-01T00:00:00Z\"\n\n[verify-bulk]\njobs = 1\nquiet = true\n",
        demo("root-rsa.pem"),
        demo("nca-rsa.pem"),
        demo("root-rsa.crl"),
        demo("nca-rsa.crl"),
    )
}

#[test]
fn the_file_gives_options_and_the_command_line_wins() {
    let path = config("precedence", &demo_config());
    let p = path.to_str().expect("utf-8");
    let doc = "../test-vectors/cms/rsa-cades-attached.der";
    let o = run(&["--config", p, "verify", doc]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // Without the file, the production roots cannot place the demo signer.
    let o = run(&["verify", doc, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    // The command line's --at replaces the file's: the signer has expired.
    let o = run(&[
        "verify",
        doc,
        "--config",
        p,
        "--at",
        "2030-01-01T00:00:00Z",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(
        (o.status.code(), v["reason"]["code"].as_str()),
        (Some(1), Some("cert-expired"))
    );
    // QOLTANBA_CONFIG names the file too.
    let o = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(["verify", doc])
        .env("QOLTANBA_CONFIG", &path)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0));
    // A top-level option a subcommand does not have does not reach it.
    let o = run(&["--config", p, "demo"]);
    assert_eq!(o.status.code(), Some(0));
    std::fs::remove_file(&path).ok();
}

#[test]
fn config_show_prints_what_applies() {
    let path = config("show", &demo_config());
    let p = path.to_str().expect("utf-8");
    let top = String::from_utf8(run(&["config", "show", "--config", p]).stdout).expect("UTF-8");
    let bulk = String::from_utf8(run(&["config", "show", "verify-bulk", "--config", p]).stdout)
        .expect("UTF-8");
    std::fs::remove_file(&path).ok();
    assert!(top.starts_with(&format!("# {p}\n")), "{top}");
    assert!(top.contains("at = \"2025-06-01T00:00:00Z\"\n"), "{top}");
    assert!(!top.contains("jobs"), "{top}");
    assert!(bulk.contains("jobs = \"1\"\nquiet = true\n"), "{bulk}");
    let none = String::from_utf8(run(&["config", "show"]).stdout).expect("UTF-8");
    assert_eq!(none, "# no configuration file\n");
}

#[test]
fn a_bad_file_is_an_error_with_its_code() {
    let path = config("bad", "trust-profile = [\n");
    let p = path.to_str().expect("utf-8");
    let o = run(&["--config", p, "verify", "x.p7s", "--format", "json"]);
    std::fs::remove_file(&path).ok();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(
        (o.status.code(), v["error"]["code"].as_str()),
        (Some(2), Some("config"))
    );
    let o = run(&[
        "--config",
        "/no/such/qoltanba.toml",
        "verify",
        "x.p7s",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(
        (o.status.code(), v["error"]["code"].as_str()),
        (Some(2), Some("unreadable-input"))
    );
}
