//! XML signatures (issue 15): parsing, canonicalization in every method and
//! verification of arbitrary input never panic, and refuse without a
//! verdict of valid (the verifier has no trust anchors). Seeds:
//! test-vectors/xml (corpus and xmlsec1 vectors), test-vectors/malformed/xml.
#![no_main]

use qoltanba::{canonicalize_document, C14nMethod, Options, Time, Verifier};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for method in [
        C14nMethod::Inclusive10,
        C14nMethod::Inclusive11,
        C14nMethod::Exclusive10,
    ] {
        let _ = canonicalize_document(data, method, true, &["soap", ""]);
    }
    let verifier = Verifier::builder().build();
    let report = verifier.verify_xml(data, &Options::at(Time::from_unix(1_748_736_000)));
    assert!(!report.valid(), "valid without trust anchors");
});
