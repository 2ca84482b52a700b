//! Interoperability with xmlsec1 (an independent implementation on
//! libxml2 and OpenSSL): what xmlsec1 signed (test-vectors/xml/xmlsec,
//! made by its generate.sh with the demo PKI's keys) verifies here with
//! the demo trust at DEMO_TIME, revocation checked on the demo CRLs; and
//! the XML malformed suite (test-vectors/malformed/xml), each file refused
//! with its own reason code.

#![cfg(feature = "aws-lc")]
#![allow(clippy::unwrap_used)]

mod common;

use qoltanba::{Options, Policy, Time, XmlReport};

fn verify(path: &str) -> XmlReport {
    let xml = std::fs::read(path).unwrap();
    common::verifier().verify_xml(&xml, &Options::at(common::demo_time()))
}

/// (file, signature algorithm, digest algorithm, SOAP, signed elements)
const SIGNED: &[(&str, &str, &str, bool, &[&str])] = &[
    (
        "rsa-enveloped.xml",
        "sha256WithRSAEncryption",
        "SHA-256",
        false,
        &["заявка"],
    ),
    (
        "ecdsa-enveloped.xml",
        "ecdsa-p1363-SHA256",
        "SHA-256",
        false,
        &["заявка"],
    ),
    (
        "ecdsa-p384-enveloped.xml",
        "ecdsa-p1363-SHA384",
        "SHA-384",
        false,
        &["заявка"],
    ),
    (
        "rsa-by-id.xml",
        "sha384WithRSAEncryption",
        "SHA-384",
        false,
        &["data"],
    ),
    (
        "ecdsa-exc-prefixes.xml",
        "ecdsa-p1363-SHA512",
        "SHA-512",
        false,
        &["data"],
    ),
    (
        "soap-rsa.xml",
        "sha256WithRSAEncryption",
        "SHA-256",
        true,
        &["Timestamp", "Body"],
    ),
    (
        "soap12-rsa.xml",
        "sha256WithRSAEncryption",
        "SHA-256",
        true,
        &["Timestamp", "Body"],
    ),
    (
        "soap-ecdsa.xml",
        "ecdsa-p1363-SHA256",
        "SHA-256",
        true,
        &["Body"],
    ),
];

#[test]
fn what_xmlsec1_signs_verifies() {
    for (file, sig_alg, digest_alg, soap, elements) in SIGNED {
        let report = verify(&format!("test-vectors/xml/xmlsec/{file}"));
        assert_eq!(report.result(), Ok(()), "{file}: {report:#?}");
        assert_eq!(report.document.signers.len(), 1, "{file}");
        let signer = &report.document.signers[0];
        assert_eq!(
            (
                signer.signature_algorithm.as_str(),
                signer.digest_algorithm.as_str()
            ),
            (*sig_alg, *digest_alg),
            "{file}"
        );
        let cert = signer.certificate.as_ref().unwrap();
        assert_eq!(
            cert.certificate.iin.map(|i| i.to_string()).as_deref(),
            Some("871008401427"),
            "{file}"
        );
        assert_eq!(report.soap, *soap, "{file}");
        assert_eq!(report.signed_elements, *elements, "{file}");
        if *soap {
            let body = String::from_utf8(report.signed_body.clone().unwrap()).unwrap();
            assert!(body.starts_with("<soap:Body xmlns:soap="), "{file}: {body}");
            if file.starts_with("soap12") {
                // SOAP 1.2: the Body of its namespace, resolved by wsu:Id.
                assert!(
                    body.starts_with(
                        "<soap:Body xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\""
                    ),
                    "{file}: {body}"
                );
                let r = &report.signatures[0].references[0];
                assert_eq!(
                    (r.uri.as_str(), r.element.as_deref()),
                    ("#body", Some("Body"))
                );
            }
            assert!(body.contains("<m:data>Сәлем, әлем</m:data>"), "{file}");
            assert!(body.ends_with("</soap:Body>"), "{file}");
        } else {
            assert_eq!(report.signed_body, None, "{file}");
        }
    }
}

#[test]
fn soap_timestamp_is_checked_against_the_validation_time() {
    let xml = std::fs::read("test-vectors/xml/xmlsec/soap-rsa.xml").unwrap();
    let v = common::verifier();
    let ok = v.verify_xml(&xml, &Options::at(common::demo_time()));
    assert_eq!(
        ok.timestamp,
        Some((
            Time::parse_rfc3339("2025-05-31T23:58:00Z").unwrap(),
            Some(Time::parse_rfc3339("2025-06-01T00:05:00Z").unwrap())
        ))
    );
    // Expires 00:05 + 5 min skew: valid at 00:10, refused at 00:10:01.
    let at = |t: &str| Options::at(Time::parse_rfc3339(t).unwrap());
    assert_eq!(
        v.verify_xml(&xml, &at("2025-06-01T00:10:00Z")).result(),
        Ok(())
    );
    let late = v.verify_xml(&xml, &at("2025-06-01T00:10:01Z"));
    assert_eq!(late.result().unwrap_err().code(), "xml-timestamp-invalid");
    assert_eq!(
        late.result().unwrap_err().to_string(),
        "XML signature refused (xml-timestamp-invalid): Timestamp expired at 2025-06-01T00:05:00Z (validated at 2025-06-01T00:10:01Z)"
    );
    assert_eq!(late.signed_body, None);
    // Created 23:58 - 5 min skew: refused at 23:52:59.
    let early = v.verify_xml(&xml, &at("2025-05-31T23:52:59Z"));
    assert_eq!(early.result().unwrap_err().code(), "xml-timestamp-invalid");
}

#[test]
fn sha1_only_under_the_legacy_policy() {
    // SHA-1 digest: the rsa-enveloped vector with its digest method
    // renamed fails on the policy before any digest is computed.
    let xml = std::fs::read_to_string("test-vectors/xml/xmlsec/rsa-enveloped.xml")
        .unwrap()
        .replace(
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
        );
    let strict = common::verifier().verify_xml(xml.as_bytes(), &Options::at(common::demo_time()));
    assert_eq!(
        strict.result().unwrap_err().code(),
        "legacy-algorithm-not-allowed"
    );
    let _ = Policy::default();
}

#[test]
fn malformed_suite_each_refused_with_its_reason() {
    let table = std::fs::read_to_string("test-vectors/malformed/xml/expectations.tsv").unwrap();
    let mut n = 0;
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let report = verify(&format!("test-vectors/malformed/xml/{}", cols[0]));
        assert!(!report.valid(), "{}", cols[0]);
        assert_eq!(report.signed_body, None, "{}", cols[0]);
        assert_eq!(
            report.result().unwrap_err().code(),
            cols[1],
            "{}: {:?}",
            cols[0],
            report.result()
        );
        n += 1;
    }
    assert_eq!(n, 19);
}

/// KeyInfo that only names the signer (X509IssuerSerial, X509SKI; made by
/// xmlsec1 from empty template nodes): valid when the caller supplies the
/// certificate, refused with `signer-certificate-not-found` and how the
/// signature names it when the caller supplies none or another one.
#[test]
fn issuer_serial_and_ski_need_the_callers_certificate() {
    let demo_cert = |name: &str| {
        qoltanba::Certificate::from_any(
            &std::fs::read(format!("test-vectors/demo/{name}.pem")).unwrap(),
        )
        .unwrap()
    };
    let rsa = demo_cert("individual-sign");
    let ec = demo_cert("individual-sign-ec");
    let other = demo_cert("ceo-sign");
    let at = || Options::at(common::demo_time());
    let v = common::verifier();
    let serial = "389756858363043432937750151897931096164692656144";
    for (file, signer, named, sig_alg) in [
        (
            "rsa-issuer-serial.xml",
            &rsa,
            format!("issuer C=KZ,CN=DEMO NCA (RSA), serial {serial}"),
            "sha256WithRSAEncryption",
        ),
        (
            "ecdsa-ski.xml",
            &ec,
            "key identifier 7038ca9af4b7c04f05463d6e2a2f2efb4b0d92c3".to_owned(),
            "ecdsa-p1363-SHA256",
        ),
    ] {
        let xml = std::fs::read(format!("test-vectors/xml/xmlsec/{file}")).unwrap();
        let text = String::from_utf8(xml.clone()).unwrap();
        assert!(!text.contains("X509Certificate"), "{file}");
        // Supplied: valid, the signer is the supplied certificate.
        let ok = v.verify_xml(&xml, &at().intermediates([signer.clone()]));
        assert_eq!(ok.result(), Ok(()), "{file}: {ok:#?}");
        assert_eq!(ok.document.signers[0].signature_algorithm, sig_alg);
        let cert = ok.document.signers[0].certificate.as_ref().unwrap();
        assert_eq!(cert.certificate.serial, signer.info().serial, "{file}");
        // Not supplied, or another certificate: refused, saying how the
        // signature names its signer.
        for supplied in [vec![], vec![other.clone()]] {
            let r = v.verify_xml(&xml, &at().intermediates(supplied));
            let e = r.result().unwrap_err();
            assert_eq!(e.code(), "signer-certificate-not-found", "{file}");
            assert_eq!(
                e.to_string(),
                format!("the certificate of signer {named} was not found"),
                "{file}"
            );
        }
    }
    // X509IssuerSerial: KeyInfo is not signed, so its name can be edited
    // without breaking the signature. RFC 4514 order (the last RDN first,
    // as Java and .NET write it) finds the same certificate; another
    // issuer or serial does not.
    let xml = std::fs::read_to_string("test-vectors/xml/xmlsec/rsa-issuer-serial.xml").unwrap();
    let with = |from: &str, to: &str| {
        assert!(xml.contains(from));
        v.verify_xml(
            xml.replace(from, to).as_bytes(),
            &at().intermediates([rsa.clone(), other.clone()]),
        )
    };
    assert_eq!(
        with("C=KZ,CN=DEMO NCA (RSA)", "CN = demo nca (rsa), C = KZ").result(),
        Ok(())
    );
    for (from, to) in [
        ("C=KZ,CN=DEMO NCA (RSA)", "C=KZ,CN=DEMO NCA (EC)"),
        (serial, "389756858363043432937750151897931096164692656145"),
    ] {
        assert_eq!(
            with(from, to).result().unwrap_err().code(),
            "signer-certificate-not-found"
        );
    }
    assert_eq!(
        with(serial, "0x44").result().unwrap_err().to_string(),
        "malformed XML: X509SerialNumber \"0x44\" is not a decimal number"
    );
}
