//! Forgeries, each refused with its exact reason (`test-vectors/forgery/`,
//! made by `test-vectors/malformed/generate.py` over the demo PKI, all at
//! DEMO_TIME 2025-06-01T00:00:00Z):
//!
//! - a look-alike root (the name of DEMO ROOT CA (RSA), another key) and a
//!   look-alike NCA under it, offered as intermediates, as the certificate
//!   itself, or as a trust anchor beside the real one;
//! - intermediates issued by the real root without CA rights (CA=false,
//!   no basicConstraints, no keyCertSign) issuing a leaf;
//! - an AUTH key presented for a document signature;
//! - a signature of one person carrying another person's certificate of the
//!   same issuer (with the signer identifier left or rewritten);
//! - IIN matches by substring, prefix or extra characters;
//! - a CRL of another CA in place of the right one.
#![allow(clippy::unwrap_used)]

use std::fs;

use qoltanba::{
    Certificate, Crl, Error, Iin, Options, Policy, Purpose, RevocationMode, SignedDocument, Time,
    Verifier, VerifierBuilder,
};

const DEMO: &str = "../test-vectors/demo";
const FORGERY: &str = "../test-vectors/forgery";

fn cert(path: &str) -> Certificate {
    Certificate::from_any(&fs::read(path).unwrap()).unwrap()
}

fn demo(name: &str) -> Certificate {
    cert(&format!("{DEMO}/{name}"))
}

fn forged(name: &str) -> Certificate {
    cert(&format!("{FORGERY}/{name}"))
}

fn crl(name: &str) -> Crl {
    Crl::from_der(&fs::read(format!("{DEMO}/{name}")).unwrap()).unwrap()
}

fn time() -> Time {
    Time::parse_rfc3339("2025-06-01T00:00:00Z").unwrap()
}

/// The demo roots and NCAs with the given CRLs.
fn builder(crls: &[&str]) -> VerifierBuilder {
    let mut b = Verifier::builder()
        .trust(demo("root-rsa.pem"))
        .trust(demo("root-ec.pem"))
        .intermediate(demo("nca-rsa.pem"))
        .intermediate(demo("nca-ec.pem"));
    for c in crls {
        b = b.crl(crl(c));
    }
    b
}

const RSA_CRLS: [&str; 3] = ["root-rsa.crl", "nca-rsa.crl", "nca-rsa-delta.crl"];

fn verifier() -> Verifier {
    builder(&RSA_CRLS).build()
}

fn no_revocation() -> Verifier {
    builder(&[])
        .policy(Policy::new().revocation(RevocationMode::Off))
        .build()
}

fn code(r: &qoltanba::Report) -> &'static str {
    assert!(!r.valid, "judged valid: {:?}", r.certificate.subject);
    r.reason.as_ref().unwrap().code()
}

// ---- a name that matches a root's, a key that does not --------------------

#[test]
fn lookalike_root_and_nca_offered_as_intermediates() {
    // wrong-issuer.pem is issued by the rogue key under the name DEMO NCA
    // (RSA); the look-alike NCA (that key) chains to the look-alike root
    // (DEMO ROOT CA (RSA), that key again), which is not an anchor: the
    // trusted root of that name does not verify its signature, the most
    // specific failure of the search.
    let options = Options::at(time())
        .intermediates([forged("lookalike-nca.pem"), forged("lookalike-root.pem")]);
    for v in [verifier(), no_revocation()] {
        let r = v.verify_certificate(&demo("wrong-issuer.pem"), &options);
        assert_eq!(
            r.reason,
            Some(Error::CertSignatureInvalid {
                subject: "CN=DEMO ROOT CA (RSA), C=KZ".into()
            })
        );
    }
    // Without the look-alike root, the look-alike NCA names an authority key
    // the trusted root does not have: no issuer.
    let options = Options::at(time()).intermediates([forged("lookalike-nca.pem")]);
    let r = no_revocation().verify_certificate(&demo("wrong-issuer.pem"), &options);
    assert_eq!(code(&r), "unknown-issuer", "{:?}", r.reason);
}

#[test]
fn lookalike_root_and_nca_validated_themselves() {
    let options = Options::at(time()).purpose(Purpose::Any);
    let v = no_revocation();
    // The look-alike root is self-signed with a name the store trusts: the
    // trusted root's key does not verify it.
    let r = v.verify_certificate(&forged("lookalike-root.pem"), &options);
    assert_eq!(
        r.reason,
        Some(Error::CertSignatureInvalid {
            subject: "CN=DEMO ROOT CA (RSA), C=KZ".into()
        })
    );
    let r = v.verify_certificate(
        &forged("lookalike-nca.pem"),
        &options
            .clone()
            .intermediates([forged("lookalike-root.pem")]),
    );
    assert_eq!(code(&r), "cert-signature-invalid", "{:?}", r.reason);
}

#[test]
fn lookalike_root_beside_the_real_one_vouches_only_for_its_own() {
    // Trusting the look-alike is the caller's choice; it must not make the
    // real hierarchy's look-alikes valid under the real root's name, nor the
    // real leaves valid under the look-alike.
    let v = Verifier::builder()
        .trust(demo("root-rsa.pem"))
        .intermediate(demo("nca-rsa.pem"))
        .policy(Policy::new().revocation(RevocationMode::Off))
        .build();
    let r = v.verify_certificate(
        &demo("wrong-issuer.pem"),
        &Options::at(time()).intermediates([forged("lookalike-nca.pem")]),
    );
    assert_eq!(code(&r), "unknown-issuer", "{:?}", r.reason);
    // Only the look-alike trusted: the real leaf does not chain to it.
    let v = Verifier::builder()
        .trust(forged("lookalike-root.pem"))
        .intermediate(demo("nca-rsa.pem"))
        .policy(Policy::new().revocation(RevocationMode::Off))
        .build();
    let r = v.verify_certificate(&demo("individual-sign.pem"), &Options::at(time()));
    assert_eq!(code(&r), "unknown-issuer", "{:?}", r.reason);
}

// ---- intermediates without CA rights ---------------------------------------

#[test]
fn intermediate_without_ca_rights_issuing_a_leaf() {
    for (sub, expected) in [
        ("not-ca", "not-ca"),
        ("no-basic-constraints", "not-ca"),
        ("no-keycertsign", "key-usage-missing"),
    ] {
        let options = Options::at(time()).intermediates([forged(&format!("sub-{sub}.pem"))]);
        let leaf = forged(&format!("leaf-of-sub-{sub}.pem"));
        // With revocation off, and with the default policy (the root's CRL
        // covers the intermediate; nothing covers the leaf).
        for v in [no_revocation(), verifier()] {
            let r = v.verify_certificate(&leaf, &options);
            assert_eq!(code(&r), expected, "{sub}: {:?}", r.reason);
        }
        if let Some(Error::KeyUsageMissing { usage, .. }) =
            no_revocation().verify_certificate(&leaf, &options).reason
        {
            assert_eq!(usage, "keyCertSign");
        }
    }
}

// ---- an AUTH key presented as SIGN -------------------------------------------

#[test]
fn auth_key_presented_for_signing() {
    let r = verifier().verify_certificate(&demo("individual-auth.pem"), &Options::at(time()));
    assert!(
        matches!(r.reason, Some(Error::WrongKeyKind { .. })),
        "{:?}",
        r.reason
    );
    let doc = SignedDocument::from_any(&fs::read("../test-vectors/cms/auth-attached.der").unwrap())
        .unwrap();
    let report = verifier().verify_document(&doc, None, &Options::at(time()));
    assert!(!report.valid);
    assert_eq!(report.result().unwrap_err().code(), "wrong-key-kind");
}

// ---- another person's certificate on a signature -----------------------------

#[test]
fn signer_certificate_swapped_for_another_of_the_same_issuer() {
    let v = verifier();
    let read =
        |n: &str| SignedDocument::from_any(&fs::read(format!("{FORGERY}/{n}")).unwrap()).unwrap();
    // The SignerInfo still names individual-sign.pem, which is gone.
    let report = v.verify_document(&read("cms-cert-swapped.der"), None, &Options::at(time()));
    assert!(!report.valid);
    assert_eq!(
        report.result().unwrap_err().code(),
        "signer-certificate-not-found"
    );
    // The SignerInfo rewritten to name signer-sign.pem: its key does not
    // verify individual-sign's signature.
    let report = v.verify_document(
        &read("cms-cert-swapped-sid.der"),
        None,
        &Options::at(time()),
    );
    assert!(!report.valid);
    assert_eq!(report.result().unwrap_err(), Error::InvalidSignature);
    // Neither is rescued by also offering the real signer's certificate
    // with the forged sid: the sid picks signer-sign.pem.
    let report = v.verify_document(
        &read("cms-cert-swapped-sid.der"),
        None,
        &Options::at(time()).intermediates([demo("individual-sign.pem")]),
    );
    assert_eq!(report.result().unwrap_err(), Error::InvalidSignature);
}

// ---- IIN by substring or prefix ----------------------------------------------

#[test]
fn iin_is_matched_whole() {
    let iin = Iin::parse("871008401427").unwrap();
    let v = verifier();
    // Control: the genuine certificate matches.
    let ok = v.verify_certificate(
        &demo("individual-sign.pem"),
        &Options::at(time()).expect_iin(iin),
    );
    assert!(ok.valid, "{:?}", ok.reason);
    // SERIALNUMBER "IIN8710084014270", "XIIN871008401427",
    // "IIN18710084014271": the expected IIN is a prefix or a substring.
    for name in ["iin-extra-digit", "iin-prefixed", "iin-embedded"] {
        let c = forged(&format!("leaf-{name}.pem"));
        assert_eq!(c.iin(), None, "{name}");
        let r = v.verify_certificate(&c, &Options::at(time()).expect_iin(iin));
        assert!(
            matches!(&r.reason, Some(Error::IdentityMismatch { found: None, .. })),
            "{name}: {:?}",
            r.reason
        );
    }
    // Another IIN that shares 11 digits: a mismatch.
    let r = v.verify_certificate(
        &demo("individual-sign.pem"),
        &Options::at(time()).expect_iin(Iin::parse_unchecked("871008401428").unwrap()),
    );
    assert!(
        matches!(
            &r.reason,
            Some(Error::IdentityMismatch { found: Some(_), .. })
        ),
        "{:?}",
        r.reason
    );
    // An expected IIN with missing or extra characters is no IIN at all.
    for bad in [
        "87100840142",
        "8710084014270",
        "IIN871008401427",
        " 871008401427",
        "871008401427 ",
    ] {
        assert_eq!(
            Iin::parse(bad).unwrap_err().code(),
            "invalid-identifier",
            "{bad:?}"
        );
    }
}

#[test]
fn iin_substring_through_the_cli() {
    let run = |file: &str, iin: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_qoltanba"))
            .args([
                "verify-cert",
                file,
                "--trust-profile",
                "none",
                "--trust",
                "../test-vectors/demo/root-rsa.pem",
                "--intermediate",
                "../test-vectors/demo/nca-rsa.pem",
                "--no-revocation",
                "--at",
                "2025-06-01T00:00:00Z",
                "--iin",
                iin,
            ])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(
        run("../test-vectors/demo/individual-sign.pem", "871008401427"),
        Some(0)
    );
    assert_eq!(
        run(
            "../test-vectors/forgery/leaf-iin-extra-digit.pem",
            "871008401427"
        ),
        Some(1)
    );
    assert_eq!(
        run(
            "../test-vectors/forgery/leaf-iin-embedded.pem",
            "871008401427"
        ),
        Some(1)
    );
    assert_eq!(
        run("../test-vectors/demo/individual-sign.pem", "87100840142"),
        Some(2)
    );
}

// ---- a CRL of another CA ---------------------------------------------------

#[test]
fn crl_of_another_ca_in_place_of_the_right_one() {
    // nca-ec-fresh.crl (DEMO NCA (EC)) instead of nca-rsa.crl: nothing
    // covers the RSA leaf.
    let v = builder(&["root-rsa.crl", "root-ec.crl", "nca-ec-fresh.crl"]).build();
    let r = v.verify_certificate(&demo("individual-sign.pem"), &Options::at(time()));
    assert_eq!(code(&r), "revocation-status-unknown", "{:?}", r.reason);
    // revoked.pem is in nca-rsa.crl; without it, it is not "good" either.
    let r = v.verify_certificate(&demo("revoked.pem"), &Options::at(time()));
    assert_eq!(code(&r), "revocation-status-unknown", "{:?}", r.reason);
    // The root's CRL covers the NCA, not the leaf.
    let v = builder(&["root-rsa.crl"]).build();
    let r = v.verify_certificate(&demo("individual-sign.pem"), &Options::at(time()));
    assert_eq!(code(&r), "revocation-status-unknown", "{:?}", r.reason);
    // A CRL under the NCA's name signed by another key: refused, so the
    // status stays unknown (test-vectors/malformed/crl-wrong-key.der).
    let forged_crl =
        Crl::from_der(&fs::read("../test-vectors/malformed/crl-wrong-key.der").unwrap()).unwrap();
    let v = builder(&["root-rsa.crl"]).crl(forged_crl).build();
    let r = v.verify_certificate(&demo("revoked.pem"), &Options::at(time()));
    assert_eq!(code(&r), "crl-invalid", "{:?}", r.reason);
}
