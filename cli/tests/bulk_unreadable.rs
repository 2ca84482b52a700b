//! `verify-bulk` reads each file on the worker that verifies it, and a file
//! that cannot be read is reported as such, once, whatever the number of
//! such files (each is looked up in O(1), not searched for among the
//! verdicts).

use std::process::Command;

mod support;

use support::demo_trust;

#[test]
fn twenty_thousand_unreadable_files_and_one_document() {
    let dir = std::env::temp_dir().join(format!("qoltanba-bulk-unreadable-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let list = dir.join("list.txt");
    let mut text = String::from("../test-vectors/cms/rsa-cades-attached.der\n");
    for i in 0..20_000 {
        text.push_str(&format!("{}/missing-{i}.p7s\n", dir.display()));
    }
    std::fs::write(&list, text).expect("list");
    let o = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args([
            "verify-bulk",
            list.to_str().expect("utf-8"),
            "--format",
            "json",
        ])
        .args(["--jobs", "2", "--no-revocation"])
        .args(demo_trust(&[]))
        .output()
        .expect("runs");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["documents"], 20_001);
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 20_001);
    assert_eq!(v["schema"], "qoltanba/verify-bulk/1");
    assert_eq!(
        v["counts"],
        serde_json::json!({ "unreadable": 20_000, "valid": 1 })
    );
    let unreadable = files
        .iter()
        .filter(|f| f["verdict"] == "unreadable" && f["code"] == "unreadable")
        .count();
    assert_eq!(unreadable, 20_000);
    let valid: Vec<&serde_json::Value> = files.iter().filter(|f| f["verdict"] == "valid").collect();
    assert_eq!(valid.len(), 1);
    assert_eq!(
        valid[0]["file"],
        "../test-vectors/cms/rsa-cades-attached.der"
    );
}
