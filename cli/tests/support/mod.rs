//! What the CLI's test files share: the demo PKI as the only trust, at its
//! fixed validation time.
#![allow(dead_code)] // each test file uses a part

/// The demo PKI, relative to the CLI crate (where its tests run).
pub(crate) const D: &str = "../test-vectors/demo";

/// `--trust-profile none --at 2025-06-01T00:00:00Z`, both demo roots and
/// both demo CAs, and the demo's CRLs named in `crls`.
pub(crate) fn demo_trust(crls: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ["--trust-profile", "none", "--at", "2025-06-01T00:00:00Z"]
        .map(String::from)
        .to_vec();
    for r in ["root-rsa.pem", "root-ec.pem"] {
        v.extend(["--trust".into(), format!("{D}/{r}")]);
    }
    for i in ["nca-rsa.pem", "nca-ec.pem"] {
        v.extend(["--intermediate".into(), format!("{D}/{i}")]);
    }
    for c in crls {
        v.extend(["--crl".into(), format!("{D}/{c}")]);
    }
    v
}
