//! `qoltanba demo`: the regulations' flow on the bundled demo PKI
//! (test-vectors/demo, compiled into the binary), each verdict printed.
//!
//! Every route of docs/domain.md: the portal (the applicant signs, and
//! condition 3's refusals), a representative, the service centre (an
//! operator certifies), the provider (its employee certifies), a failing
//! co-signer under both co-signer policies, licences by the first head and
//! by an employee under both signer policies, a licence out of term and a
//! suspended one, and the national CA's test identifiers. Each verdict is
//! labelled with the behaviour it shows and the code it must give.

use qoltanba::{
    cosign_document, issue_licence, sign_request, Applicant, Bin, Certificate, Channel, CoSigners,
    Crl, Identifiers, Iin, Language, Licence, LicencePolicy, LicenceSigner, Options, Request,
    RequestPolicy, SignOptions, SigningKey, Time, Verdict, Verifier,
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
    demo_file!("on-hold.pem"),
    demo_file!("on-hold.key.pem"),
    demo_file!("operator-sign.pem"),
    demo_file!("operator-sign.key.pem"),
    demo_file!("representative-sign.pem"),
    demo_file!("representative-sign.key.pem"),
    demo_file!("test-ids-sign.pem"),
    demo_file!("test-ids-sign.key.pem"),
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

fn request(
    applicant: Applicant,
    channel: Channel,
    representative: Option<&str>,
    rule: Identifiers,
) -> Result<Request, Failure> {
    let mut json = serde_json::json!({
        "version": 1,
        "service": "00501",
        "kind": "issue",
        "channel": channel.as_str(),
        "applicant": applicant,
        "fields": {"activity": "медициналық қызмет", "address": "Астана, Мәңгілік Ел 8"},
        "attachments": [{
            "name": "diploma.pdf",
            "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        }]
    });
    if let Some(iin) = representative {
        json["representative"] = serde_json::json!({
            "iin": iin,
            "power_of_attorney": {"number": "2025-0042-N", "date": "2025-05-20", "notarised": true}
        });
    }
    Ok(Request::from_json_with(json.to_string().as_bytes(), rule)?.0)
}

fn licence(status: &str, valid_until: Option<&str>) -> Result<Licence, Failure> {
    let mut json = serde_json::json!({
        "version": 1,
        "number": "KZ25LCA00042",
        "licensee": {"iin": "871008401427"},
        "activity": "медициналық қызмет",
        "subtype": "стоматология",
        "issued": "2025-05-30",
        "status": status,
        "issuer_name": "ТОО \"ДЕМО\" (лицензиар)",
        "issuer_bin": "940140000385"
    });
    if let Some(d) = valid_until {
        json["valid_until"] = d.into();
    }
    Ok(Licence::from_json(json.to_string().as_bytes())?)
}

/// One step's outcome: the verdict as the label expects it, or not.
struct Steps {
    n: usize,
    good: usize,
}

impl Steps {
    /// Prints one step: what was done, the behaviour it shows (with the
    /// clause), the expected code, and what qoltanba said.
    fn step<T>(&mut self, what: &str, shows: &str, expect: Option<&str>, verdict: &Verdict<T>) {
        self.n += 1;
        let said = if verdict.valid {
            "VALID".to_owned()
        } else {
            let code = verdict.refusal.map_or("eds-not-confirmed", |r| r.code());
            let mut text = format!("REFUSED [{code}]");
            for (tag, lang) in [
                ("en", Language::En),
                ("kk", Language::Kk),
                ("ru", Language::Ru),
            ] {
                text.push_str(&format!(
                    "\n      {tag}: {}",
                    verdict.message(lang).unwrap_or_default()
                ));
            }
            if let Some(e) = &verdict.reason {
                text.push_str(&format!("\n      reason: [{}] {e}", e.code()));
            }
            text
        };
        let signers: Vec<String> = verdict
            .signers
            .iter()
            .map(|s| {
                let part = serde_json::to_value(s.part)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let who = s.subject.as_deref().unwrap_or("?");
                let who = who.split(',').next().unwrap_or(who);
                let ok = if s.valid { "valid" } else { "NOT VALID" };
                format!("{part} {who} ({ok})")
            })
            .collect();
        let got = if verdict.valid {
            None
        } else {
            verdict.refusal.map(|r| r.code())
        };
        let as_labelled = got == expect && verdict.valid == expect.is_none();
        if as_labelled {
            self.good += 1;
        }
        println!("{:>2}. {what}", self.n);
        println!("      shows: {shows}");
        println!("      expected: {}", expect.unwrap_or("VALID"));
        if !signers.is_empty() {
            println!("      signers: {}", signers.join("; "));
        }
        for w in &verdict.warnings {
            println!("      warning: {w}");
        }
        println!(
            "    → {said}{}",
            if as_labelled {
                ""
            } else {
                "\n    ✗ NOT AS LABELLED"
            }
        );
    }
}

impl Steps {
    /// Prints one check before signing: it must refuse with `code`.
    fn presign(
        &mut self,
        what: &str,
        shows: &str,
        code: &str,
        result: Result<(), qoltanba::Error>,
    ) {
        self.n += 1;
        let (said, ok) = match &result {
            Ok(()) => ("SIGNED".to_owned(), false),
            Err(e) => (
                format!("REFUSED BEFORE SIGNING [{}] {e}", e.code()),
                e.code() == code,
            ),
        };
        if ok {
            self.good += 1;
        }
        println!("{:>2}. {what}", self.n);
        println!("      shows: {shows}");
        println!("      expected: refused before signing [{code}]");
        println!(
            "    → {said}{}",
            if ok { "" } else { "\n    ✗ NOT AS LABELLED" }
        );
    }
}

pub(crate) fn run() -> Result<Outcome, Failure> {
    let time = Time::parse_rfc3339("2025-06-01T00:00:00Z")
        .ok_or_else(|| Failure::usage("demo time".to_owned()))?;
    let verifier = verifier()?;
    let options = Options::at(time);
    let sign = SignOptions::at(time);
    // The bad documents below are made on purpose: their signers' checks
    // before signing are overridden (as `--force` does) so that the
    // verifier's refusals can be shown.
    let forced = SignOptions::at(time).unchecked();
    let iin = Iin::parse("871008401427")?;
    let provider = Bin::parse("940140000385")?;
    let centre = Bin::parse("950341000052")?;
    let strict = Identifiers::Strict;
    let portal = RequestPolicy::new().channel(Channel::Portal);
    let applicant = person("individual-sign")?;
    let mut s = Steps { n: 0, good: 0 };

    println!("qoltanba demo: the e-government flow on the bundled demo PKI");
    println!("(test-vectors/demo; everything is validated at {time}; clauses: docs/domain.md)\n");

    println!("The portal: the applicant signs (docs/domain.md 1.1-1.3)");
    let req = request(Applicant::Iin(iin), Channel::Portal, None, strict)?;
    let signed = sign_request(&req, &applicant.key, &applicant.cert, &sign)?;
    s.step(
        "The applicant signs her request with her SIGN key (RSA)",
        "condition 3 passes: validity, not revoked, IIN given in the request = certificate (1.2)",
        None,
        &verifier.verify_request(&signed, &options, &portal),
    );
    let ec = person("individual-sign-ec")?;
    s.step(
        "The same request signed with her ECDSA P-256 key",
        "condition 3 passes (1.2)",
        None,
        &verifier.verify_request(
            &sign_request(&req, &ec.key, &ec.cert, &sign)?,
            &options,
            &portal,
        ),
    );
    for (name, what, shows, code) in [
        (
            "expired",
            "signed with an expired registration certificate",
            "condition 3, validity period: the refusal of the service (1.2)",
            "eds-expired",
        ),
        (
            "revoked",
            "signed with a revoked registration certificate",
            "condition 3, list of revoked (annulled) registration certificates (1.2)",
            "eds-revoked",
        ),
        (
            "on-hold",
            "signed with a registration certificate on hold",
            "condition 3: suspended, not annulled, still not confirmed (1.2; the cause is ours)",
            "eds-suspended",
        ),
        (
            "individual-auth",
            "signed with her AUTH key",
            "not in the regulations: the signing key is the SIGN key (our policy, 1.7)",
            "eds-not-a-signing-key",
        ),
    ] {
        let p = person(name)?;
        let doc = sign_request(&req, &p.key, &p.cert, &forced)?;
        s.step(
            &format!("The request {what}"),
            shows,
            Some(code),
            &verifier.verify_request(&doc, &options, &portal),
        );
    }
    let other = request(
        Applicant::Iin(Iin::parse("760212350620")?),
        Channel::Portal,
        None,
        strict,
    )?;
    s.step(
        "A request naming another person's IIN, signed by the applicant",
        "condition 3, the IIN given in the request does not match the certificate (1.2)",
        Some("eds-identity-mismatch"),
        &verifier.verify_request(
            &sign_request(&other, &applicant.key, &applicant.cert, &forced)?,
            &options,
            &portal,
        ),
    );
    let mut tampered = signed.clone();
    let at = find(&tampered, "00501".as_bytes())
        .ok_or_else(|| Failure::usage("demo request content not found".to_owned()))?;
    tampered[at] = b'9';
    s.step(
        "The applicant's request with its service code changed after signing",
        "integrity, a security requirement of the regulations (1.6)",
        Some("eds-document-altered"),
        &verifier.verify_request(&tampered, &options, &portal),
    );

    println!("\nA representative on a notarised power of attorney (1.4)");
    let rep = person("representative-sign")?;
    let by_rep = request(
        Applicant::Iin(iin),
        Channel::Portal,
        Some("921115300456"),
        strict,
    )?;
    s.step(
        "The representative signs the applicant's request naming him",
        "the representative's IIN matches his certificate; the power of attorney is checked by the notarial system, not here (warning)",
        None,
        &verifier.verify_request(&sign_request(&by_rep, &rep.key, &rep.cert, &sign)?, &options, &portal),
    );
    s.step(
        "The applicant herself signs the request that names the representative",
        "the request says the representative signs: his IIN is not the signer's",
        Some("eds-identity-mismatch"),
        &verifier.verify_request(
            &sign_request(&by_rep, &applicant.key, &applicant.cert, &forced)?,
            &options,
            &portal,
        ),
    );

    println!("\nThe service centre: the applicant signs nothing, an operator certifies (1.4)");
    let operator = person("operator-sign")?;
    let employee = person("employee-sign")?;
    let at_centre = RequestPolicy::new()
        .channel(Channel::ServiceCentre)
        .service_centre_bin(centre);
    let req_c = request(Applicant::Iin(iin), Channel::ServiceCentre, None, strict)?;
    s.step(
        "An operator of the service centre (BIN 950341000052, employee) certifies the request",
        "the operator's certificate belongs to a configured service centre, role employee",
        None,
        &verifier.verify_request(
            &sign_request(&req_c, &operator.key, &operator.cert, &sign)?,
            &options,
            &at_centre,
        ),
    );
    s.step(
        "An employee of another organisation certifies it as if at the service centre",
        "only a configured service centre's operator may certify (our configuration of 1.4)",
        Some("eds-not-authorised-to-certify"),
        &verifier.verify_request(
            &sign_request(&req_c, &employee.key, &employee.cert, &sign)?,
            &options,
            &at_centre,
        ),
    );

    println!("\nThe provider: its employee certifies a request received on paper (1.4)");
    let at_provider = RequestPolicy::new()
        .channel(Channel::Provider)
        .provider_bin(provider);
    let req_p = request(Applicant::Iin(iin), Channel::Provider, None, strict)?;
    s.step(
        "The provider's employee (BIN 940140000385) certifies the paper request",
        "an employee of the provider's BIN certifies",
        None,
        &verifier.verify_request(
            &sign_request(&req_p, &employee.key, &employee.cert, &sign)?,
            &options,
            &at_provider,
        ),
    );

    println!(
        "\nA co-signer: no regulation describes one (1.4); it never gives the applicant's refusal"
    );
    let revoked = person("revoked")?;
    let both = cosign_document(&signed, None, &revoked.key, &revoked.cert, &forced)?;
    s.step(
        "The applicant's request co-signed with a revoked certificate (default policy)",
        "our default: a failing co-signer refuses, with the co-signer's headline, not the applicant's",
        Some("eds-revoked"),
        &verifier.verify_request(&both, &options, &portal),
    );
    s.step(
        "The same, with co-signers reported only (--cosigners report)",
        "the applicant's EDS is confirmed; the co-signer's failure is reported per signer",
        None,
        &verifier.verify_request(
            &both,
            &options,
            &portal.clone().cosigners(CoSigners::Report),
        ),
    );

    println!("\nLicences (1.5)");
    let head = person("ceo-sign")?;
    let lic = licence("issued", Some("2030-05-29"))?;
    let authorised = LicencePolicy::new();
    let employee_ok = LicencePolicy::new().signer(LicenceSigner::Employee);
    s.step(
        "The provider's first head issues the licence",
        "signed with the EDS of the provider's authorised person (most regulations)",
        None,
        &verifier.verify_licence(
            &issue_licence(&lic, &head.key, &head.cert, &sign)?,
            &options,
            &authorised,
        ),
    );
    let by_employee = issue_licence(&lic, &employee.key, &employee.cert, &sign)?;
    s.step(
        "An employee issues it; the service's policy wants the authorised person",
        "most regulations: the authorised person signs, so an employee is refused",
        Some("eds-no-right-to-sign"),
        &verifier.verify_licence(&by_employee, &options, &authorised),
    );
    s.step(
        "An employee issues it; the service's regulation says the provider's employee signs",
        "some regulations (e.g. an oblast's medical licence): the provider's employee signs",
        None,
        &verifier.verify_licence(&by_employee, &options, &employee_ok),
    );
    let ended = licence("issued", Some("2025-05-31"))?;
    s.step(
        "A licence whose valid_until (2025-05-31) has passed",
        "a licence is valid only within its term (our reading of 1.5)",
        Some("licence-expired"),
        &verifier.verify_licence(
            &issue_licence(&ended, &head.key, &head.cert, &sign)?,
            &options,
            &authorised,
        ),
    );
    let suspended = licence("suspended", None)?;
    s.step(
        "A suspended licence",
        "a licence can be suspended or terminated (1.5): not in force",
        Some("licence-suspended"),
        &verifier.verify_licence(
            &issue_licence(&suspended, &head.key, &head.cert, &sign)?,
            &options,
            &authorised,
        ),
    );

    println!("\nThe national CA's test identifiers (IIN 123456789011, BIN 123456789021; DOMAIN 2)");
    let test = person("test-ids-sign")?;
    let test_bin = Bin::parse_unchecked("123456789021")?;
    let allow = Identifiers::AllowTest;
    let test_req = request(Applicant::Bin(test_bin), Channel::Portal, None, allow)?;
    let test_doc = sign_request(&test_req, &test.key, &test.cert, &sign)?;
    s.step(
        "An organisation with the test BIN applies, under a policy allowing test identifiers",
        "accepted with a warning, for running the flow against the CA's test keys (as under --trust-profile nca-test)",
        None,
        &verifier.verify_request(&test_doc, &options, &portal.clone().identifiers(allow)),
    );
    s.step(
        "The same request under the default (strict) policy",
        "a request whose BIN fails the check digit is malformed",
        Some("eds-malformed"),
        &verifier.verify_request(&test_doc, &options, &portal),
    );

    println!(
        "\nCondition 3 before signing: select the certificate, check it, then sign (1.2, 1.3)"
    );
    let expired = person("expired")?;
    s.presign(
        "The applicant tries to sign with her expired registration certificate",
        "the check before signing refuses; nothing is signed (--force would sign and say so)",
        "cert-expired",
        sign_request(&req, &expired.key, &expired.cert, &sign).map(|_| ()),
    );
    s.presign(
        "The applicant tries to sign a request naming another IIN",
        "the IIN given in the request must be the signer's before signing",
        "identity-mismatch",
        sign_request(&other, &applicant.key, &applicant.cert, &sign).map(|_| ()),
    );
    s.presign(
        "The applicant tries to sign with a registration certificate the CRL lists as revoked",
        "revocation is checked before signing when evidence is available",
        "cert-revoked",
        verifier.check_signer_revocation(&revoked.cert, time),
    );

    println!("\n{} of {} verdicts as labelled.", s.good, s.n);
    Ok(if s.good == s.n {
        Outcome::Valid
    } else {
        Outcome::NotValid
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
