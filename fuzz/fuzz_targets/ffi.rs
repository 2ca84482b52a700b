//! The C ABI, called as a C program calls it (the `extern "C"` symbols of
//! `ffi/include/qoltanba.h`, declared here by hand): a verifier built once from
//! the demo PKI; per input, documents (attached and detached), requests,
//! licences, certificates, CRL sets, OCSP responses, keys and the options'
//! string setters on fuzzed bytes, then every report and certificate
//! accessor with small buffers, and every `_free`.
//!
//! Asserted: every result is one of the 13 documented codes and never
//! `QOLTANBA_PANIC` (a panic caught at the boundary is a bug); the
//! buffer protocol holds (too small gives `QOLTANBA_INSUFFICIENT_SIZE` and
//! the size needed, which then succeeds with the text NUL-terminated); a
//! document, request or licence made of fuzzer bytes is never valid (no demo
//! private key is in this target); LeakSanitizer finds nothing.
//!
//! Input: `[control][split][n][n bytes of text][data]`. The text goes,
//! NUL-terminated (so cut at its first NUL, as C sees it) and not
//! necessarily UTF-8, to `qoltanba_options_set_time_rfc3339`, `_set_iin`,
//! `_set_bin`, `_add_role` and as a PKCS#12 password. `split` cuts `data`
//! into a detached signature and its content. Control bits: 0 validate at
//! a fixed time (else the text's time, or now), 1 purpose "any", 2 the
//! batch call, 3 key loading (PKCS#8, PKCS#12), 4-7 the small buffer size.
#![no_main]

use std::ffi::{c_char, CString};
use std::ptr;
use std::sync::OnceLock;

// Keeps the library linked: the symbols below are its #[no_mangle] exports.
use qoltanba_ffi as _;

#[repr(C)]
struct Opaque {
    _private: [u8; 0],
}
type Verifier = Opaque;
type Builder = Opaque;
type Report = Opaque;
type Cert = Opaque;
type CrlSet = Opaque;
type Options = Opaque;
type Signer = Opaque;
type Buffer = Opaque;

#[repr(C)]
struct DocumentInput {
    data: *const u8,
    len: usize,
    content: *const u8,
    content_len: usize,
}

extern "C" {
    fn qoltanba_version() -> *const c_char;
    fn qoltanba_result_message(result: u32, buf: *mut c_char, len: usize, out: *mut usize) -> u32;
    fn qoltanba_last_error(buf: *mut c_char, len: usize, out: *mut usize) -> u32;

    fn qoltanba_verifier_builder_new(out: *mut *mut Builder) -> u32;
    fn qoltanba_verifier_builder_add_trust(b: *mut Builder, data: *const u8, len: usize) -> u32;
    fn qoltanba_verifier_builder_add_intermediate(
        b: *mut Builder,
        data: *const u8,
        len: usize,
    ) -> u32;
    fn qoltanba_verifier_builder_add_crl(b: *mut Builder, data: *const u8, len: usize) -> u32;
    fn qoltanba_verifier_builder_build(b: *mut Builder, out: *mut *const Verifier) -> u32;

    fn qoltanba_crl_set_new(out: *mut *mut CrlSet) -> u32;
    fn qoltanba_crl_set_add(set: *mut CrlSet, data: *const u8, len: usize) -> u32;
    fn qoltanba_crl_set_add_ocsp(set: *mut CrlSet, data: *const u8, len: usize) -> u32;
    fn qoltanba_crl_set_free(set: *mut CrlSet);

    fn qoltanba_options_new(out: *mut *mut Options) -> u32;
    fn qoltanba_options_set_time_unix(o: *mut Options, t: i64) -> u32;
    fn qoltanba_options_set_time_rfc3339(o: *mut Options, t: *const c_char) -> u32;
    fn qoltanba_options_set_purpose(o: *mut Options, purpose: u32) -> u32;
    fn qoltanba_options_set_iin(o: *mut Options, iin: *const c_char) -> u32;
    fn qoltanba_options_set_bin(o: *mut Options, bin: *const c_char) -> u32;
    fn qoltanba_options_add_role(o: *mut Options, role: *const c_char) -> u32;
    fn qoltanba_options_free(o: *mut Options);

    fn qoltanba_verifier_verify_certificate(
        v: *const Verifier,
        cert: *const u8,
        len: usize,
        options: *const Options,
        out: *mut *mut Report,
    ) -> u32;
    fn qoltanba_verifier_verify_document(
        v: *const Verifier,
        doc: *const u8,
        len: usize,
        content: *const u8,
        content_len: usize,
        options: *const Options,
        out: *mut *mut Report,
    ) -> u32;
    fn qoltanba_verifier_verify_request(
        v: *const Verifier,
        doc: *const u8,
        len: usize,
        options: *const Options,
        out: *mut *mut Report,
    ) -> u32;
    fn qoltanba_verifier_verify_licence(
        v: *const Verifier,
        doc: *const u8,
        len: usize,
        options: *const Options,
        out: *mut *mut Report,
    ) -> u32;
    fn qoltanba_verifier_verify_documents(
        v: *const Verifier,
        inputs: *const DocumentInput,
        count: usize,
        options: *const Options,
        threads: usize,
        reports: *mut *mut Report,
    ) -> u32;

    fn qoltanba_report_valid(r: *const Report) -> bool;
    fn qoltanba_report_reason_code(
        r: *const Report,
        buf: *mut c_char,
        len: usize,
        out: *mut usize,
    ) -> u32;
    fn qoltanba_report_reason_detail(
        r: *const Report,
        buf: *mut c_char,
        len: usize,
        out: *mut usize,
    ) -> u32;
    fn qoltanba_report_refusal_code(
        r: *const Report,
        buf: *mut c_char,
        len: usize,
        out: *mut usize,
    ) -> u32;
    fn qoltanba_report_message(
        r: *const Report,
        language: u32,
        buf: *mut c_char,
        len: usize,
        out: *mut usize,
    ) -> u32;
    fn qoltanba_report_signer_count(r: *const Report) -> usize;
    fn qoltanba_report_signer_valid(r: *const Report, index: usize, out: *mut bool) -> u32;
    fn qoltanba_report_signer_reason_code(
        r: *const Report,
        index: usize,
        buf: *mut c_char,
        len: usize,
        out: *mut usize,
    ) -> u32;
    fn qoltanba_report_signer_field(
        r: *const Report,
        index: usize,
        field: u32,
        buf: *mut c_char,
        len: usize,
        out: *mut usize,
    ) -> u32;
    fn qoltanba_report_signer_validity(
        r: *const Report,
        index: usize,
        not_before: *mut i64,
        not_after: *mut i64,
    ) -> u32;
    fn qoltanba_report_signer_check(
        r: *const Report,
        index: usize,
        check: u32,
        out: *mut u32,
    ) -> u32;
    fn qoltanba_report_json(r: *const Report, buf: *mut c_char, len: usize, out: *mut usize)
        -> u32;
    fn qoltanba_report_free(r: *mut Report);

    fn qoltanba_certificate_parse(data: *const u8, len: usize, out: *mut *mut Cert) -> u32;
    fn qoltanba_certificate_field(
        c: *const Cert,
        field: u32,
        buf: *mut c_char,
        len: usize,
        out: *mut usize,
    ) -> u32;
    fn qoltanba_certificate_validity(c: *const Cert, nb: *mut i64, na: *mut i64) -> u32;
    fn qoltanba_certificate_json(
        c: *const Cert,
        buf: *mut c_char,
        len: usize,
        out: *mut usize,
    ) -> u32;
    fn qoltanba_certificate_free(c: *mut Cert);

    fn qoltanba_signer_new_pkcs8(
        key: *const u8,
        key_len: usize,
        cert: *const u8,
        cert_len: usize,
        out: *mut *mut Signer,
    ) -> u32;
    fn qoltanba_signer_new_pkcs12(
        p12: *const u8,
        len: usize,
        password: *const c_char,
        out: *mut *mut Signer,
    ) -> u32;
    fn qoltanba_signer_sign(
        s: *const Signer,
        content: *const u8,
        len: usize,
        time: i64,
        flags: u32,
        out: *mut *mut Buffer,
    ) -> u32;
    fn qoltanba_signer_free(s: *mut Signer);
    fn qoltanba_buffer_data(b: *const Buffer) -> *const u8;
    fn qoltanba_buffer_len(b: *const Buffer) -> usize;
    fn qoltanba_buffer_free(b: *mut Buffer);
}

const OK: u32 = 0;
const INSUFFICIENT_SIZE: u32 = 4;
const PANIC: u32 = 11;
/// The documented codes: 0 (OK) to 12 (WRONG_PASSWORD).
const LAST_CODE: u32 = 12;
const FIELDS: u32 = 15;
const CHECKS: u32 = 7;
/// 2025-06-01T00:00:00Z, inside the demo PKI's validity.
const DEMO_TIME: i64 = 1_748_736_000;

/// A result is documented and not a caught panic.
fn ok_code(code: u32, call: &str) -> u32 {
    assert!(code <= LAST_CODE, "{call}: undocumented result {code}");
    assert_ne!(code, PANIC, "{call}: a panic reached the C boundary");
    code
}

/// The verifier, built once through the C ABI; kept for the process's life.
fn verifier() -> *const Verifier {
    struct Shared(*const Verifier);
    // SAFETY: the header says a verifier may be used by any number of
    // threads at once.
    unsafe impl Send for Shared {}
    unsafe impl Sync for Shared {}
    static V: OnceLock<Shared> = OnceLock::new();
    V.get_or_init(|| {
        let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/demo/");
        let read = |n: &str| std::fs::read(format!("{demo}{n}")).expect("demo file");
        unsafe {
            let mut b = ptr::null_mut();
            assert_eq!(qoltanba_verifier_builder_new(&mut b), OK);
            for r in ["root-rsa.pem", "root-ec.pem"] {
                let d = read(r);
                assert_eq!(
                    qoltanba_verifier_builder_add_trust(b, d.as_ptr(), d.len()),
                    OK
                );
            }
            for i in ["nca-rsa.pem", "nca-ec.pem"] {
                let d = read(i);
                assert_eq!(
                    qoltanba_verifier_builder_add_intermediate(b, d.as_ptr(), d.len()),
                    OK
                );
            }
            for c in [
                "root-rsa.crl",
                "root-ec.crl",
                "nca-rsa.crl",
                "nca-rsa-delta.crl",
                "nca-ec-fresh.crl",
            ] {
                let d = read(c);
                assert_eq!(
                    qoltanba_verifier_builder_add_crl(b, d.as_ptr(), d.len()),
                    OK
                );
            }
            let mut v = ptr::null();
            assert_eq!(qoltanba_verifier_builder_build(b, &mut v), OK);
            Shared(v)
        }
    })
    .0
}

/// Exercises a text accessor's buffer protocol with a `small` buffer, then
/// with the size it asks for. Returns the text when there is one.
fn text(
    call: &str,
    small: usize,
    f: impl Fn(*mut c_char, usize, *mut usize) -> u32,
) -> Option<Vec<u8>> {
    let mut buf = vec![0x55u8; small];
    let mut n = usize::MAX;
    let p = if small == 0 {
        ptr::null_mut()
    } else {
        buf.as_mut_ptr().cast()
    };
    match ok_code(f(p, small, &mut n), call) {
        OK => {
            assert!(n < small, "{call}: length {n} in a buffer of {small}");
            assert_eq!(buf[n], 0, "{call}: not NUL-terminated");
            buf.truncate(n);
            Some(buf)
        }
        INSUFFICIENT_SIZE => {
            assert!(n > small, "{call}: asks for {n} with {small} given");
            let need = n;
            let mut buf = vec![0x55u8; need];
            let mut n = usize::MAX;
            let code = ok_code(f(buf.as_mut_ptr().cast(), need, &mut n), call);
            assert_eq!(code, OK, "{call}: fails with the size it asked for");
            assert_eq!(n + 1, need, "{call}: size asked and written differ");
            assert_eq!(buf[n], 0, "{call}: not NUL-terminated");
            buf.truncate(n);
            Some(buf)
        }
        _ => None,
    }
}

/// Every accessor of a report, then its `_free`.
fn inspect_report(r: *mut Report, small: usize) {
    unsafe {
        let _ = qoltanba_report_valid(r);
        text("reason_code", small, |b, l, o| {
            qoltanba_report_reason_code(r, b, l, o)
        });
        text("reason_detail", small, |b, l, o| {
            qoltanba_report_reason_detail(r, b, l, o)
        });
        text("refusal_code", small, |b, l, o| {
            qoltanba_report_refusal_code(r, b, l, o)
        });
        for language in 0..4 {
            text("message", small, |b, l, o| {
                qoltanba_report_message(r, language, b, l, o)
            });
        }
        let count = qoltanba_report_signer_count(r);
        for i in 0..=count {
            let mut valid = false;
            ok_code(
                qoltanba_report_signer_valid(r, i, &mut valid),
                "signer_valid",
            );
            text("signer_reason_code", small, |b, l, o| {
                qoltanba_report_signer_reason_code(r, i, b, l, o)
            });
            for field in 0..=FIELDS {
                text("signer_field", small, |b, l, o| {
                    qoltanba_report_signer_field(r, i, field, b, l, o)
                });
            }
            let (mut nb, mut na) = (0, 0);
            ok_code(
                qoltanba_report_signer_validity(r, i, &mut nb, &mut na),
                "signer_validity",
            );
            for check in 0..=CHECKS {
                let mut outcome = u32::MAX;
                if ok_code(
                    qoltanba_report_signer_check(r, i, check, &mut outcome),
                    "signer_check",
                ) == OK
                {
                    assert!(outcome <= 3, "undocumented outcome {outcome}");
                }
            }
        }
        let json = text("report_json", small, |b, l, o| {
            qoltanba_report_json(r, b, l, o)
        })
        .expect("every report has JSON");
        assert!(
            std::str::from_utf8(&json).is_ok(),
            "report JSON is not UTF-8"
        );
        qoltanba_report_free(r);
    }
}

/// A report that must not be valid: fuzzer bytes are no signature.
fn refused(code: u32, r: *mut Report, call: &str, small: usize) {
    if ok_code(code, call) == OK {
        assert!(!r.is_null(), "{call}: OK without a report");
        assert!(
            !unsafe { qoltanba_report_valid(r) },
            "{call}: fuzzer bytes verified as valid"
        );
        inspect_report(r, small);
    }
}

fn certificate(data: &[u8], small: usize) {
    unsafe {
        let mut c = ptr::null_mut();
        if ok_code(
            qoltanba_certificate_parse(data.as_ptr(), data.len(), &mut c),
            "certificate_parse",
        ) != OK
        {
            return;
        }
        for field in 0..=FIELDS {
            text("certificate_field", small, |b, l, o| {
                qoltanba_certificate_field(c, field, b, l, o)
            });
        }
        let (mut nb, mut na) = (0, 0);
        ok_code(
            qoltanba_certificate_validity(c, &mut nb, &mut na),
            "certificate_validity",
        );
        text("certificate_json", small, |b, l, o| {
            qoltanba_certificate_json(c, b, l, o)
        })
        .expect("a parsed certificate has JSON");
        qoltanba_certificate_free(c);
    }
}

fn keys(data: &[u8], content: &[u8], password: &CString) {
    unsafe {
        let mut s = ptr::null_mut();
        let code = qoltanba_signer_new_pkcs8(
            data.as_ptr(),
            data.len(),
            content.as_ptr(),
            content.len(),
            &mut s,
        );
        if ok_code(code, "signer_new_pkcs8") == OK {
            sign(s);
        }
        let mut s = ptr::null_mut();
        let code = qoltanba_signer_new_pkcs12(data.as_ptr(), data.len(), password.as_ptr(), &mut s);
        if ok_code(code, "signer_new_pkcs12") == OK {
            sign(s);
        }
    }
}

/// A key the fuzzer made signs; the buffer is read and freed.
unsafe fn sign(s: *mut Signer) {
    let mut out = ptr::null_mut();
    if ok_code(
        qoltanba_signer_sign(s, b"x".as_ptr(), 1, DEMO_TIME, 0, &mut out),
        "sign",
    ) == OK
    {
        assert!(!qoltanba_buffer_data(out).is_null());
        assert!(qoltanba_buffer_len(out) > 0);
        qoltanba_buffer_free(out);
    }
    qoltanba_signer_free(s);
}

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    let [control, split, n, rest @ ..] = input else {
        return;
    };
    let n = usize::from(*n).min(rest.len());
    let (raw_text, data) = rest.split_at(n);
    // What a C string made from these bytes is: up to the first NUL.
    let cut = raw_text
        .iter()
        .position(|b| *b == 0)
        .unwrap_or(raw_text.len());
    let text_arg = CString::new(&raw_text[..cut]).expect("no interior NUL");
    let at = data.len() * usize::from(*split) / 255;
    let (signature, content) = data.split_at(at);
    let small =
        [0, 1, 2, 5, 16, 64, 200, 4096][usize::from(control >> 5)] + usize::from(control >> 4 & 1);
    let v = verifier();
    unsafe {
        let mut o = ptr::null_mut();
        assert_eq!(qoltanba_options_new(&mut o), OK);
        ok_code(
            qoltanba_options_set_time_rfc3339(o, text_arg.as_ptr()),
            "set_time_rfc3339",
        );
        ok_code(qoltanba_options_set_iin(o, text_arg.as_ptr()), "set_iin");
        ok_code(qoltanba_options_set_bin(o, text_arg.as_ptr()), "set_bin");
        ok_code(qoltanba_options_add_role(o, text_arg.as_ptr()), "add_role");
        if control & 1 != 0 {
            assert_eq!(qoltanba_options_set_time_unix(o, DEMO_TIME), OK);
        }
        if control & 2 != 0 {
            assert_eq!(qoltanba_options_set_purpose(o, 1), OK);
        }
        ok_code(
            qoltanba_options_set_purpose(o, u32::from(*split)),
            "set_purpose",
        );

        // Documents: attached (the whole data), detached (split).
        let mut r = ptr::null_mut();
        let code = qoltanba_verifier_verify_document(
            v,
            data.as_ptr(),
            data.len(),
            ptr::null(),
            0,
            o,
            &mut r,
        );
        refused(code, r, "verify_document", small);
        let mut r = ptr::null_mut();
        let code = qoltanba_verifier_verify_document(
            v,
            signature.as_ptr(),
            signature.len(),
            content.as_ptr(),
            content.len(),
            o,
            &mut r,
        );
        refused(code, r, "verify_document (detached)", small);
        let mut r = ptr::null_mut();
        let code = qoltanba_verifier_verify_request(v, data.as_ptr(), data.len(), o, &mut r);
        refused(code, r, "verify_request", small);
        let mut r = ptr::null_mut();
        let code = qoltanba_verifier_verify_licence(v, data.as_ptr(), data.len(), o, &mut r);
        refused(code, r, "verify_licence", small);
        if control & 4 != 0 {
            let inputs = [
                DocumentInput {
                    data: data.as_ptr(),
                    len: data.len(),
                    content: ptr::null(),
                    content_len: 0,
                },
                DocumentInput {
                    data: signature.as_ptr(),
                    len: signature.len(),
                    content: content.as_ptr(),
                    content_len: content.len(),
                },
            ];
            let mut reports = [ptr::null_mut(); 2];
            let code = qoltanba_verifier_verify_documents(
                v,
                inputs.as_ptr(),
                2,
                o,
                1,
                reports.as_mut_ptr(),
            );
            if ok_code(code, "verify_documents") == OK {
                for r in reports {
                    refused(OK, r, "verify_documents", small);
                }
            }
        }

        // Certificates: validation (a demo certificate may be valid), parse.
        let mut r = ptr::null_mut();
        let code = qoltanba_verifier_verify_certificate(v, data.as_ptr(), data.len(), o, &mut r);
        if ok_code(code, "verify_certificate") == OK {
            inspect_report(r, small);
        }
        certificate(data, small);

        // Revocation data into a set that is never swapped in (the shared
        // verifier stays the same for every input).
        let mut set = ptr::null_mut();
        assert_eq!(qoltanba_crl_set_new(&mut set), OK);
        ok_code(
            qoltanba_crl_set_add(set, data.as_ptr(), data.len()),
            "crl_set_add",
        );
        ok_code(
            qoltanba_crl_set_add_ocsp(set, data.as_ptr(), data.len()),
            "crl_set_add_ocsp",
        );
        qoltanba_crl_set_free(set);

        if control & 8 != 0 {
            keys(signature, content, &text_arg);
        }
        qoltanba_options_free(o);

        text("last_error", small, |b, l, o| qoltanba_last_error(b, l, o));
        text("result_message", small, |b, l, o| {
            qoltanba_result_message(u32::from(*split), b, l, o)
        });
        assert!(!qoltanba_version().is_null());
    }
});
