//! IIN/BIN parsing: never panics; strict parsing implies the check digit.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(iin) = qoltanba::Iin::parse(s) {
            assert!(iin.check_digit_valid());
        }
        if let Ok(bin) = qoltanba::Bin::parse(s) {
            assert!(bin.check_digit_valid());
        }
    }
});
