//! Certificate parsing from DER, PEM or base64: never panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(cert) = qoltanba::Certificate::from_any(data) {
        let _ = cert.info();
        let _ = cert.signature_algorithm();
    }
});
