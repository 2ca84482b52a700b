//! Shell completions and the manual page, generated from the command-line
//! definitions: every subcommand and flag is in them.

use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args(args)
        .output()
        .expect("runs");
    (o.status.code(), String::from_utf8(o.stdout).expect("UTF-8"))
}

#[test]
fn completion_scripts_name_every_subcommand() {
    for (shell, marker) in [
        ("bash", "_qoltanba()"),
        ("zsh", "#compdef qoltanba"),
        ("fish", "complete -c qoltanba"),
    ] {
        let (exit, script) = run(&["completions", shell]);
        assert_eq!(exit, Some(0), "{shell}");
        assert!(script.contains(marker), "{shell}: {marker}");
        for word in [
            "verify-bulk",
            "verify-cert",
            "trust-profile",
            "require-timestamp",
        ] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    let (exit, _) = run(&["completions", "tcsh"]);
    assert_eq!(exit, Some(2));
}

#[test]
fn the_manual_page_is_roff_with_every_subcommand() {
    let (exit, page) = run(&["man"]);
    assert_eq!(exit, Some(0));
    assert!(page.contains(".TH qoltanba 1"), "{page}");
    for word in [
        "verify\\-bulk",
        "verify\\-cert",
        "completions",
        "Exit codes",
    ] {
        assert!(page.contains(word), "the man page lacks {word}");
    }
}
