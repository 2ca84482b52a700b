//! OCSP response parsing (DER or base64): never panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(response) = qoltanba::OcspResponse::from_any(data) {
        let _ = response.responder();
        let _ = response.produced_at();
        let _ = response.certificates();
    }
});
