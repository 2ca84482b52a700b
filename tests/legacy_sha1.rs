//! SHA-1 signatures are refused unless the policy allows legacy algorithms.
//! The SHA-1 certificate is made at test time by the `openssl` CLI (an
//! independent implementation) under the demo NCA's key; validation happens
//! at a time read from the certificate itself, never at today's date.

use std::fs;
use std::process::Command;

use qoltanba::{Certificate, Error, Options, Policy, Purpose, RevocationMode, Time, Verifier};

fn openssl(args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("the openssl CLI is installed");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sha1_is_refused_by_default_and_accepted_as_legacy() {
    let dir = std::env::temp_dir().join(format!("qoltanba-sha1-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let p = |name: &str| dir.join(name).to_string_lossy().into_owned();
    openssl(&["genrsa", "-out", &p("leaf.key"), "2048"]);
    openssl(&[
        "req",
        "-new",
        "-key",
        &p("leaf.key"),
        "-subj",
        "/CN=SHA1 LEAF/serialNumber=IIN871008401427/C=KZ",
        "-out",
        &p("leaf.csr"),
    ]);
    fs::write(
        dir.join("ext.cnf"),
        "keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n\
         authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n",
    )
    .expect("ext file");
    openssl(&[
        "x509",
        "-req",
        "-in",
        &p("leaf.csr"),
        "-CA",
        "test-vectors/demo/nca-rsa.pem",
        "-CAkey",
        "test-vectors/demo/nca-rsa.key.pem",
        "-sha1",
        "-days",
        "30",
        "-set_serial",
        "4242",
        "-extfile",
        &p("ext.cnf"),
        "-out",
        &p("leaf.pem"),
    ]);
    let leaf = Certificate::from_any(&fs::read(p("leaf.pem")).expect("leaf")).expect("parses");
    fs::remove_dir_all(&dir).ok();
    assert_eq!(leaf.info().signature_algorithm, "sha1WithRSAEncryption");
    let time = Time::from_unix(leaf.info().not_before.unix() + 3600);

    let anchor = || {
        Certificate::from_any(&fs::read("test-vectors/demo/root-rsa.pem").expect("root"))
            .expect("root")
    };
    let ca = || {
        Certificate::from_any(&fs::read("test-vectors/demo/nca-rsa.pem").expect("ca")).expect("ca")
    };
    let policy = Policy::new().revocation(RevocationMode::Off);
    let strict = Verifier::builder()
        .trust(anchor())
        .intermediate(ca())
        .policy(policy.clone())
        .build();
    let report = strict.verify_certificate(&leaf, &Options::at(time).purpose(Purpose::Any));
    assert_eq!(
        report.reason,
        Some(Error::LegacyAlgorithmNotAllowed {
            algorithm: "sha1WithRSAEncryption"
        }),
        "{:?}",
        report.reason
    );

    let legacy = Verifier::builder()
        .trust(anchor())
        .intermediate(ca())
        .policy(policy.legacy_algorithms(true))
        .build();
    let report = legacy.verify_certificate(&leaf, &Options::at(time));
    assert!(report.valid, "{:?}", report.reason);
}
