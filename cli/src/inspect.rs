//! `qoltanba inspect`: what a file holds. It verifies nothing and says so.

use clap::Args;
use qoltanba::{Certificate, Crl, KeyBundle, SignedDocument, Signer};

use crate::input::read;
use crate::verify::print_info;
use crate::{Failure, Outcome};

#[derive(Args)]
pub(crate) struct InspectArgs {
    /// A certificate, CRL or CMS document (DER, PEM or base64); `-` reads stdin.
    file: String,
    /// The environment variable holding the password of a PKCS#12 file.
    #[arg(long, value_name = "VAR")]
    password_env: Option<String>,
}

pub(crate) fn run(args: &InspectArgs) -> Result<Outcome, Failure> {
    let bytes = read(&args.file)?;
    println!("NOTE: inspect shows what the file says; it verified nothing.");
    if let Some(var) = &args.password_env {
        let password = std::env::var(var)
            .map_err(|_| Failure::usage(format!("--password-env {var}: variable not set")))?;
        let bundle =
            KeyBundle::from_pkcs12(&bytes, &password).map_err(|e| Failure::at(&args.file, e))?;
        println!("PKCS#12:");
        println!(
            "  private key: signs with {}",
            bundle.key().algorithm().name()
        );
        println!("  certificate of the key:");
        print_info(bundle.certificate().info(), "    ");
        for (i, c) in bundle.chain().iter().enumerate() {
            println!("  chain certificate {}:", i + 1);
            print_info(c.info(), "    ");
        }
        return Ok(Outcome::Valid);
    }
    if qoltanba::looks_like_xml(&bytes) {
        crate::xml::inspect(&bytes);
        return Ok(Outcome::Valid);
    }
    if let Ok(certs) = Certificate::all_from_any(&bytes) {
        for (i, c) in certs.iter().enumerate() {
            println!("certificate {}:", i + 1);
            print_info(c.info(), "  ");
            let info = c.info();
            if !info.key_usage.is_empty() {
                println!("  key usage: {}", info.key_usage.join(", "));
            }
            if !info.extended_key_usage.is_empty() {
                println!(
                    "  extended key usage: {}",
                    info.extended_key_usage.join(", ")
                );
            }
            if !info.policies.is_empty() {
                println!("  policies: {}", info.policies.join(", "));
            }
            println!("  CA: {}", if info.is_ca { "yes" } else { "no" });
        }
        return Ok(Outcome::Valid);
    }
    if let Ok(crls) = Crl::all_from_any(&bytes) {
        for crl in crls {
            println!("CRL{}:", if crl.is_delta() { " (delta)" } else { "" });
            println!("  issuer: {}", crl.issuer());
            println!("  thisUpdate: {}", crl.this_update());
            match crl.next_update() {
                Some(t) => println!("  nextUpdate: {t}"),
                None => println!("  nextUpdate: none"),
            }
            println!("  entries: {}", crl.len());
        }
        return Ok(Outcome::Valid);
    }
    match SignedDocument::from_any(&bytes) {
        Ok(doc) => {
            println!("CMS SignedData:");
            println!("  content type: {}", doc.content_type());
            match doc.content() {
                Some(c) => println!("  content: attached, {} bytes", c.len()),
                None => println!("  content: detached"),
            }
            println!("  signers: {}", doc.signer_count());
            for (i, c) in doc.certificates().iter().enumerate() {
                println!("  certificate {}:", i + 1);
                print_info(c.info(), "    ");
            }
            println!("  CRLs: {}", doc.crls().len());
            Ok(Outcome::Valid)
        }
        Err(e) => Err(Failure::at(
            format!("{}: not a certificate, CRL or CMS document", args.file),
            e,
        )),
    }
}
