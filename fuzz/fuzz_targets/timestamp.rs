//! Time-stamp token and TimeStampResp parsing (DER, BER or base64): never
//! panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(token) = qoltanba::TimeStampToken::from_any(data) {
        let _ = token.info();
        let _ = token.document().certificates();
    }
});
