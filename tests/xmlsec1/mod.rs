//! `xmlsec1 --verify` (libxmlsec1, an independent XMLDSig implementation)
//! as the oracle for what qoltanba signs. Where xmlsec1 is missing the
//! check is skipped (None), except under CI, which installs it.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::process::Command;

/// The trust and time xmlsec1 verifies with.
pub struct Xmlsec1<'a> {
    /// Trusted roots (PEM files).
    pub trusted: &'a [&'a str],
    /// Untrusted intermediates (PEM files).
    pub untrusted: &'a [&'a str],
    /// The verification time, GMT, as xmlsec1 reads it
    /// (`2025-06-01+00:00:00`).
    pub time: &'a str,
}

impl Xmlsec1<'_> {
    /// Whether xmlsec1 accepts the signature of `xml`, the elements of
    /// `ids` (`ns:Name`) registered as Id attributes. `key_cert`: the
    /// signer's certificate given as the key (xmlsec1 does not read a
    /// WS-Security SecurityTokenReference); `node`: an XPath selecting the
    /// signature (the document's first when None). None when xmlsec1 is
    /// not installed.
    pub fn verifies(
        &self,
        xml: &[u8],
        ids: &[&str],
        key_cert: Option<&str>,
        node: Option<&str>,
    ) -> Option<bool> {
        if Command::new("xmlsec1").arg("--version").output().is_err() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI installs xmlsec1; it must be available"
            );
            eprintln!("xmlsec1 is not installed: skipped (CI installs it)");
            return None;
        }
        let dir = std::env::temp_dir().join(format!("qoltanba-xmlsec1-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("signed-{}.xml", xml.len()));
        std::fs::write(&file, xml).unwrap();
        let mut cmd = Command::new("xmlsec1");
        cmd.arg("--verify");
        for id in ids {
            cmd.arg("--id-attr:Id").arg(id);
        }
        for pem in self.trusted {
            cmd.arg("--trusted-pem").arg(pem);
        }
        for pem in self.untrusted {
            cmd.arg("--untrusted-pem").arg(pem);
        }
        cmd.arg("--verification-gmt-time").arg(self.time);
        if let Some(c) = key_cert {
            cmd.arg("--pubkey-cert-pem").arg(c);
        }
        if let Some(xpath) = node {
            cmd.arg("--node-xpath").arg(xpath);
        }
        cmd.arg(&file);
        let out = cmd.output().unwrap();
        if !out.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        }
        Some(out.status.success())
    }
}
