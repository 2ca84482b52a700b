//! CMS SignedData parsing (DER, BER, PEM, base64): never panics, bounded
//! memory; whatever parses can be asked for every signer's signature value.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = qoltanba::SignedDocument::from_any(data) {
        for i in 0..doc.signer_count() {
            let _ = doc.signature_value(i);
        }
        let _ = doc.content();
        let _ = doc.content_type();
    }
});
