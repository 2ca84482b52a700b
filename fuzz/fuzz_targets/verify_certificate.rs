//! Full validation of an arbitrary certificate against the demo PKI: never
//! panics, never valid for garbage.
#![no_main]

use std::sync::OnceLock;

use qoltanba::{Certificate, Crl, Options, Time, Verifier};

fn verifier() -> &'static Verifier {
    static V: OnceLock<Verifier> = OnceLock::new();
    V.get_or_init(|| {
        let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/demo/");
        let read = |n: &str| std::fs::read(format!("{demo}{n}")).expect("demo file");
        let mut b = Verifier::builder()
            .trust(Certificate::from_any(&read("root-rsa.pem")).expect("root"))
            .intermediate(Certificate::from_any(&read("nca-rsa.pem")).expect("ca"));
        for c in ["root-rsa.crl", "nca-rsa.crl", "nca-rsa-delta.crl"] {
            b = b.crl(Crl::from_der(&read(c)).expect("crl"));
        }
        b.build()
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(cert) = Certificate::from_any(data) {
        let time = Time::from_unix(1_748_736_000); // 2025-06-01T00:00:00Z
        let _ = verifier().verify_certificate(&cert, &Options::at(time));
    }
});
