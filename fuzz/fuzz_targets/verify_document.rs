//! Full verification of an arbitrary signed document, and of the request and
//! licence models, against the demo PKI: never panics, and garbage is never
//! valid (nothing here holds a demo private key, so a valid verdict would
//! be a forgery).
#![no_main]

use std::sync::OnceLock;

use qoltanba::{
    Certificate, Crl, LicencePolicy, Options, RequestPolicy, SignedDocument, Time, Verifier,
};

fn verifier() -> &'static Verifier {
    static V: OnceLock<Verifier> = OnceLock::new();
    V.get_or_init(|| {
        let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/demo/");
        let read = |n: &str| std::fs::read(format!("{demo}{n}")).expect("demo file");
        let mut b = Verifier::builder();
        for r in ["root-rsa.pem", "root-ec.pem"] {
            b = b.trust(Certificate::from_any(&read(r)).expect("root"));
        }
        for i in ["nca-rsa.pem", "nca-ec.pem"] {
            b = b.intermediate(Certificate::from_any(&read(i)).expect("ca"));
        }
        for c in [
            "root-rsa.crl",
            "root-ec.crl",
            "nca-rsa.crl",
            "nca-rsa-delta.crl",
            "nca-ec-fresh.crl",
        ] {
            b = b.crl(Crl::from_der(&read(c)).expect("crl"));
        }
        b.build()
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let options = Options::at(Time::from_unix(1_748_736_000)); // 2025-06-01
    if let Ok(doc) = SignedDocument::from_any(data) {
        let report = verifier().verify_document(&doc, None, &options);
        assert!(!report.valid, "fuzzer input verified as valid");
    }
    assert!(
        !verifier()
            .verify_request(data, &options, &RequestPolicy::default())
            .valid
    );
    assert!(
        !verifier()
            .verify_licence(data, &options, &LicencePolicy::default())
            .valid
    );
});
