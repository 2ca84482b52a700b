//! Validates every certificate of the bundled demo PKI (test-vectors/demo)
//! at the demo time and prints each verdict. Run from the crate root:
//!
//! ```sh
//! cargo run --release --example demo
//! ```

use std::fs;
use std::path::Path;

use qoltanba::{Certificate, Crl, Options, Time, Verifier};

const DIR: &str = "test-vectors/demo";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
    let read = |name: &str| fs::read(dir.join(name));
    let mut builder = Verifier::builder();
    for root in ["root-rsa.pem", "root-ec.pem"] {
        builder = builder.trust(Certificate::from_any(&read(root)?)?);
    }
    for ca in ["nca-rsa.pem", "nca-ec.pem"] {
        builder = builder.intermediate(Certificate::from_any(&read(ca)?)?);
    }
    // The fresh CRLs (the stale nca-ec.crl is left out on purpose: the
    // stale-CRL case is shown separately below).
    for crl in [
        "root-rsa.crl",
        "root-ec.crl",
        "nca-rsa.crl",
        "nca-rsa-delta.crl",
        "nca-ec-fresh.crl",
    ] {
        builder = builder.crl(Crl::from_der(&read(crl)?)?);
    }
    let verifier = builder.build();
    let time = Time::parse_rfc3339("2025-06-01T00:00:00Z").ok_or("bad time")?;
    println!("qoltanba demo: validating the demo PKI at {time} for document signing\n");

    let leaves = [
        "individual-sign.pem",
        "individual-sign-ec.pem",
        "ceo-sign.pem",
        "signer-sign.pem",
        "employee-sign.pem",
        "system-sign.pem",
        "bad-iin.pem",
        "individual-auth.pem",
        "expired.pem",
        "not-yet-valid.pem",
        "revoked.pem",
        "on-hold.pem",
        "revoked-delta.pem",
        "wrong-issuer.pem",
    ];
    for name in leaves {
        let cert = Certificate::from_any(&read(name)?)?;
        let report = verifier.verify_certificate(&cert, &Options::at(time));
        print_verdict(name, &cert, &report);
    }

    // The EC CA's only CRL is stale at the demo time: status unknown.
    let stale = Verifier::builder()
        .trust(Certificate::from_any(&read("root-ec.pem")?)?)
        .intermediate(Certificate::from_any(&read("nca-ec.pem")?)?)
        .crl(Crl::from_der(&read("root-ec.crl")?)?)
        .crl(Crl::from_der(&read("nca-ec.crl")?)?)
        .build();
    let cert = Certificate::from_any(&read("stale-crl-leaf.pem")?)?;
    print_verdict(
        "stale-crl-leaf.pem (stale CRL)",
        &cert,
        &stale.verify_certificate(&cert, &Options::at(time)),
    );
    Ok(())
}

fn print_verdict(name: &str, cert: &Certificate, report: &qoltanba::Report) {
    let info = cert.info();
    let who = match (info.iin, info.bin) {
        (Some(i), Some(b)) => format!("IIN {i}, BIN {b}"),
        (Some(i), None) => format!("IIN {i}"),
        (None, Some(b)) => format!("BIN {b}"),
        (None, None) => "no IIN/BIN".to_owned(),
    };
    let roles: Vec<&str> = info.roles.iter().map(|r| r.name()).collect();
    let verdict = match &report.reason {
        None => "VALID".to_owned(),
        Some(e) => format!("NOT VALID [{}] {e}", e.code()),
    };
    println!("{name}");
    println!(
        "  {} | {who} | {} key | roles: {}",
        info.common_name.as_deref().unwrap_or("-"),
        info.key_kind,
        roles.join(", ")
    );
    println!("  {verdict}");
    for w in &report.warnings {
        println!("  warning: {w}");
    }
    println!();
}
