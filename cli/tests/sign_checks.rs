//! Before signing, the signer's certificate is checked (the regulations:
//! select the certificate, check it, then sign): `sign`, `cosign`,
//! `request sign` and `licence issue` refuse an expired or not yet valid
//! certificate, an AUTH key or a CA certificate with the reason's code
//! (exit 2), unless `--force`, which signs and says what it overrode.

use std::process::{Command, Output};

const D: &str = "../test-vectors/demo";
const AT: &str = "2025-06-01T00:00:00Z";

fn sign(who: &str, extra: &[&str]) -> Output {
    sign_at(who, AT, extra)
}

fn sign_at(who: &str, at: &str, extra: &[&str]) -> Output {
    let key = format!("{D}/{who}.key.pem");
    let cert = format!("{D}/{who}.pem");
    Command::new(env!("CARGO_BIN_EXE_qoltanba"))
        .args([
            "sign",
            "../test-vectors/cms/content.txt",
            "--key",
            &key,
            "--cert",
            &cert,
        ])
        .args(["--at", at])
        .args(extra)
        .output()
        .expect("runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn each_failed_check_refuses_with_its_code() {
    for (who, code) in [
        ("expired", "cert-expired"),
        ("not-yet-valid", "cert-not-valid-yet"),
        ("individual-auth", "wrong-key-kind"),
        ("nca-rsa", "ca-as-end-entity"),
    ] {
        let o = sign(who, &[]);
        assert_eq!(o.status.code(), Some(2), "{who}");
        assert!(o.stdout.is_empty(), "{who}: nothing is signed");
        let err = stderr(&o);
        assert!(
            err.starts_with("qoltanba: refusing to sign: "),
            "{who}: {err}"
        );
        assert!(
            err.contains(&format!("({code}; --force signs anyway)")),
            "{who}: {err}"
        );
        let forced = sign(who, &["--force"]);
        assert_eq!(forced.status.code(), Some(0), "{who}");
        assert!(String::from_utf8_lossy(&forced.stdout).starts_with("-----BEGIN CMS-----"));
        let warned = stderr(&forced);
        assert!(
            warned.starts_with("qoltanba: warning: signing despite: "),
            "{who}: {warned}"
        );
        assert!(
            warned.contains(&format!("({code}; --force)")),
            "{who}: {warned}"
        );
    }
}

#[test]
fn a_good_certificate_signs_without_a_word() {
    let o = sign("individual-sign", &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    // The signing time decides: the same certificate, after it expired.
    let late = sign_at("individual-sign", "2099-01-01T00:00:00Z", &[]);
    assert_eq!(late.status.code(), Some(2));
    assert!(stderr(&late).contains("(cert-expired; --force signs anyway)"));
}
