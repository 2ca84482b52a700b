//! `qoltanba demo`: the regulations' flow on the bundled demo PKI
//! (test-vectors/demo, compiled into the binary), each verdict printed.
//!
//! An applicant signs a request; it is verified; then the same request from
//! an expired, a revoked and an AUTH key, naming another IIN, and tampered
//! with; an operator co-signs; the provider's first head issues a licence,
//! and an employee without the right to sign tries to.

use std::collections::BTreeMap;

use qoltanba::{
    cosign_document, issue_licence, sign_request, Applicant, Attachment, Bin, Certificate, Crl,
    Iin, Language, Licence, Options, Request, SignOptions, SigningKey, SigningRoles, Time, Verdict,
    Verifier,
};

use crate::{Failure, Outcome};

macro_rules! demo_file {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../test-vectors/demo/", $name)) as &[u8],
        )
    };
}

/// The demo PKI files the flow uses.
const FILES: &[(&str, &[u8])] = &[
    demo_file!("root-rsa.pem"),
    demo_file!("root-ec.pem"),
    demo_file!("nca-rsa.pem"),
    demo_file!("nca-ec.pem"),
    demo_file!("root-rsa.crl"),
    demo_file!("root-ec.crl"),
    demo_file!("nca-rsa.crl"),
    demo_file!("nca-rsa-delta.crl"),
    demo_file!("nca-ec-fresh.crl"),
    demo_file!("individual-sign.pem"),
    demo_file!("individual-sign.key.pem"),
    demo_file!("individual-sign-ec.pem"),
    demo_file!("individual-sign-ec.key.pem"),
    demo_file!("expired.pem"),
    demo_file!("expired.key.pem"),
    demo_file!("revoked.pem"),
    demo_file!("revoked.key.pem"),
    demo_file!("individual-auth.pem"),
    demo_file!("individual-auth.key.pem"),
    demo_file!("employee-sign.pem"),
    demo_file!("employee-sign.key.pem"),
    demo_file!("ceo-sign.pem"),
    demo_file!("ceo-sign.key.pem"),
];

fn file(name: &str) -> Result<&'static [u8], Failure> {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| *bytes)
        .ok_or_else(|| Failure::usage(format!("demo file {name} is not bundled")))
}

/// A demo person: key and certificate.
struct Person {
    key: SigningKey,
    cert: Certificate,
}

fn person(name: &str) -> Result<Person, Failure> {
    let key = SigningKey::from_pkcs8(file(&format!("{name}.key.pem"))?)?;
    let cert = Certificate::from_any(file(&format!("{name}.pem"))?)?;
    Ok(Person { key, cert })
}

fn verifier() -> Result<Verifier, Failure> {
    let mut b = Verifier::builder();
    for root in ["root-rsa.pem", "root-ec.pem"] {
        b = b.trust(Certificate::from_any(file(root)?)?);
    }
    for ca in ["nca-rsa.pem", "nca-ec.pem"] {
        b = b.intermediate(Certificate::from_any(file(ca)?)?);
    }
    for crl in [
        "root-rsa.crl",
        "root-ec.crl",
        "nca-rsa.crl",
        "nca-rsa-delta.crl",
        "nca-ec-fresh.crl",
    ] {
        b = b.crl(Crl::from_der(file(crl)?)?);
    }
    Ok(b.build())
}

fn request(applicant: Applicant) -> Request {
    let mut fields = BTreeMap::new();
    fields.insert("activity".to_owned(), "медициналық қызмет".to_owned());
    fields.insert("address".to_owned(), "Астана, Мәңгілік Ел 8".to_owned());
    Request {
        service: "00501".to_owned(),
        applicant,
        fields,
        attachments: vec![Attachment {
            name: "diploma.pdf".to_owned(),
            sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".to_owned(),
        }],
    }
}

/// Prints one step: what was tried, what was expected, what qoltanba said.
fn step<T>(n: usize, what: &str, expect_valid: bool, verdict: &Verdict<T>) -> bool {
    let said = if verdict.valid {
        "VALID".to_owned()
    } else {
        let refusal = verdict
            .refusal
            .map(|r| {
                format!(
                    "REFUSED [{}]\n      en: {}\n      kk: {}\n      ru: {}",
                    r.code(),
                    r.message(Language::En),
                    r.message(Language::Kk),
                    r.message(Language::Ru)
                )
            })
            .unwrap_or_else(|| "REFUSED".to_owned());
        match &verdict.reason {
            Some(e) => format!("{refusal}\n      reason: {e}"),
            None => refusal,
        }
    };
    let signers: Vec<String> = verdict
        .document
        .iter()
        .flat_map(|d| &d.signers)
        .filter_map(|s| s.certificate.as_ref())
        .map(|r| {
            let c = &r.certificate;
            let who = c.common_name.as_deref().unwrap_or(&c.subject);
            match (c.iin, c.bin) {
                (Some(iin), Some(bin)) => format!("{who} (IIN {iin}, BIN {bin})"),
                (Some(iin), None) => format!("{who} (IIN {iin})"),
                _ => who.to_owned(),
            }
        })
        .collect();
    println!("{n:>2}. {what}");
    if !signers.is_empty() {
        println!("      signed by: {}", signers.join("; "));
    }
    println!("    → {said}");
    verdict.valid == expect_valid
}

pub(crate) fn run() -> Result<Outcome, Failure> {
    let time = Time::parse_rfc3339("2025-06-01T00:00:00Z")
        .ok_or_else(|| Failure::usage("demo time".to_owned()))?;
    let verifier = verifier()?;
    let options = Options::at(time);
    let sign = SignOptions::at(time);
    let roles = SigningRoles::default();
    let iin = Iin::parse("871008401427")?;
    let bin = Bin::parse("940140000385")?;
    let applicant = person("individual-sign")?;

    println!("qoltanba demo: the e-government flow on the bundled demo PKI");
    println!("(test-vectors/demo; everything is validated at {time})\n");
    let mut as_expected = Vec::new();

    let req = request(Applicant::Iin(iin));
    let signed = sign_request(&req, &applicant.key, &applicant.cert, &sign)?;
    let v = verifier.verify_request(&signed, &options, &roles);
    as_expected.push(step(
        1,
        "Applicant signs a licence request with her SIGN key (RSA)",
        true,
        &v,
    ));

    let ec = person("individual-sign-ec")?;
    let ec_signed = sign_request(&req, &ec.key, &ec.cert, &sign)?;
    let v = verifier.verify_request(&ec_signed, &options, &roles);
    as_expected.push(step(
        2,
        "The same request signed with her ECDSA P-256 key",
        true,
        &v,
    ));

    for (n, name, what) in [
        (
            3,
            "expired",
            "The request signed with an expired certificate",
        ),
        (
            4,
            "revoked",
            "The request signed with a revoked certificate",
        ),
        (5, "individual-auth", "The request signed with her AUTH key"),
    ] {
        let p = person(name)?;
        let doc = sign_request(&req, &p.key, &p.cert, &sign)?;
        as_expected.push(step(
            n,
            what,
            false,
            &verifier.verify_request(&doc, &options, &roles),
        ));
    }

    let other = request(Applicant::Iin(Iin::parse("760212350620")?));
    let doc = sign_request(&other, &applicant.key, &applicant.cert, &sign)?;
    as_expected.push(step(
        6,
        "A request naming another person's IIN, signed by the applicant",
        false,
        &verifier.verify_request(&doc, &options, &roles),
    ));

    let mut tampered = signed.clone();
    let at = find(&tampered, "00501".as_bytes())
        .ok_or_else(|| Failure::usage("demo request content not found".to_owned()))?;
    tampered[at] = b'9';
    as_expected.push(step(
        7,
        "The applicant's request with its service code changed after signing",
        false,
        &verifier.verify_request(&tampered, &options, &roles),
    ));

    let operator = person("employee-sign")?;
    let both = cosign_document(&signed, None, &operator.key, &operator.cert, &sign)?;
    as_expected.push(step(
        8,
        "An operator of the service centre co-signs the request",
        true,
        &verifier.verify_request(&both, &options, &roles),
    ));

    let licence = Licence {
        number: "25-0042".to_owned(),
        licensee: Applicant::Iin(iin),
        activity: "медициналық қызмет".to_owned(),
        issued: "2025-06-01".to_owned(),
        valid_until: None,
        issuer_bin: bin,
    };
    let head = person("ceo-sign")?;
    let issued = issue_licence(&licence, &head.key, &head.cert, &sign)?;
    as_expected.push(step(
        9,
        "The provider's first head issues the licence",
        true,
        &verifier.verify_licence(&issued, &options, &roles),
    ));
    let by_employee = issue_licence(&licence, &operator.key, &operator.cert, &sign)?;
    as_expected.push(step(
        10,
        "An employee without the right to sign issues it instead",
        false,
        &verifier.verify_licence(&by_employee, &options, &roles),
    ));

    let good = as_expected.iter().filter(|ok| **ok).count();
    println!(
        "\n{good} of {} verdicts as the regulations expect.",
        as_expected.len()
    );
    Ok(if good == as_expected.len() {
        Outcome::Valid
    } else {
        Outcome::NotValid
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
