//! CRL parsing and indexing: never panics, bounded memory.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut store = qoltanba::RevocationStore::new();
    let _ = store.add_any(data);
});
