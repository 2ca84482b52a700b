//! The C ABI of qoltanba (`libqoltanba`): `ffi/include/qoltanba.h`,
//! generated from this crate by cbindgen.
//!
//! Conventions, after rustls-ffi:
//!
//! - Every symbol starts with `qoltanba_`; types are `qoltanba_<noun>`,
//!   functions `qoltanba_<noun>_<verb>`.
//! - Every call returns a [`qoltanba_result`] with a fixed number (except
//!   the few plain accessors that cannot fail, documented as such). A
//!   certificate or document that is *not valid* is not an error: the call
//!   succeeds and the report says why.
//! - Inputs are `const` pointer + length (at most 64 MiB) or NUL-terminated
//!   UTF-8 strings (at most 4096 bytes). Outputs come last and are written
//!   only on success. Every pointer is checked: NULL gives
//!   `QOLTANBA_NULL_PARAMETER`.
//! - Text comes back in the caller's buffer, NUL-terminated: on success
//!   `*out_len` is the text's length without the NUL; when the buffer is too
//!   small the call returns `QOLTANBA_INSUFFICIENT_SIZE` and `*out_len` is the
//!   buffer size needed, NUL included (so a first call with `buf = NULL,
//!   len = 0` asks for the size).
//! - Objects are opaque and owned by the library; each has a `_free`, and
//!   `_free(NULL)` does nothing.
//! - No panic crosses the boundary: every body runs under `catch_unwind`, and
//!   a caught panic returns `QOLTANBA_PANIC`.
//!
//! The functions are `extern "C"` but not `unsafe fn`, as in rustls-ffi: a
//! C caller cannot see Rust's `unsafe`, and the contract the caller keeps
//! (pointers valid for the lengths given, objects not freed while in use) is
//! in each function's documentation, which flows into the header.

#![allow(unsafe_code, reason = "the C ABI: raw pointers from C callers")]
#![allow(
    non_camel_case_types,
    reason = "C names, as the header shows them (qoltanba_verifier, QOLTANBA_OK)"
)]
#![allow(
    unreachable_pub,
    reason = "exported to C by #[no_mangle] and the header, not to Rust"
)]
#![allow(
    clippy::not_unsafe_ptr_arg_deref,
    reason = "extern \"C\" entry points check every pointer; see the module docs"
)]

mod online;
mod reason;
mod report;
mod sign;
mod verifier;

use std::cell::RefCell;
use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use qoltanba::Error;

/// The result of a call. The numbers are fixed and never change meaning.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum qoltanba_result {
    /// Success.
    QOLTANBA_OK = 0,
    /// A required pointer was NULL.
    QOLTANBA_NULL_PARAMETER = 1,
    /// A parameter has a value outside its domain (an unknown enum value or
    /// flag, an IIN or BIN that fails its check digit, a time that is not
    /// RFC 3339, a string that is not UTF-8).
    QOLTANBA_INVALID_PARAMETER = 2,
    /// An input exceeds its documented length limit.
    QOLTANBA_INPUT_TOO_LARGE = 3,
    /// The caller's buffer is too small; `*out_len` says how large it must be.
    QOLTANBA_INSUFFICIENT_SIZE = 4,
    /// Input could not be decoded (certificate, CRL, key: DER, PEM or base64).
    QOLTANBA_MALFORMED = 5,
    /// The report or certificate has no such value (no IIN, no reason on a
    /// valid report, no last error).
    QOLTANBA_NOT_FOUND = 6,
    /// An index is past the end (signer index >= signer count).
    QOLTANBA_OUT_OF_RANGE = 7,
    /// A key or algorithm this library does not support.
    QOLTANBA_UNSUPPORTED = 8,
    /// The private key is not the key of the certificate given with it.
    QOLTANBA_KEY_MISMATCH = 9,
    /// Another failure of the library; `qoltanba_last_error` says which.
    QOLTANBA_ERROR = 10,
    /// An internal error (a panic) was caught at the boundary.
    QOLTANBA_PANIC = 11,
    /// The password of a PKCS#12 file is wrong (its integrity check fails).
    QOLTANBA_WRONG_PASSWORD = 12,
}

use qoltanba_result::*;

impl qoltanba_result {
    fn message(self) -> &'static str {
        match self {
            QOLTANBA_OK => "success",
            QOLTANBA_NULL_PARAMETER => "a required pointer was NULL",
            QOLTANBA_INVALID_PARAMETER => "a parameter has an invalid value",
            QOLTANBA_INPUT_TOO_LARGE => "an input exceeds its length limit",
            QOLTANBA_INSUFFICIENT_SIZE => "the buffer is too small",
            QOLTANBA_MALFORMED => "the input could not be decoded",
            QOLTANBA_NOT_FOUND => "no such value",
            QOLTANBA_OUT_OF_RANGE => "index out of range",
            QOLTANBA_UNSUPPORTED => "unsupported key or algorithm",
            QOLTANBA_KEY_MISMATCH => "the private key does not match the certificate",
            QOLTANBA_ERROR => "the library refused the operation",
            QOLTANBA_PANIC => "internal error (caught at the C boundary)",
            QOLTANBA_WRONG_PASSWORD => "wrong password",
        }
    }

    fn from_u32(n: u32) -> Option<Self> {
        const ALL: [qoltanba_result; 13] = [
            QOLTANBA_OK,
            QOLTANBA_NULL_PARAMETER,
            QOLTANBA_INVALID_PARAMETER,
            QOLTANBA_INPUT_TOO_LARGE,
            QOLTANBA_INSUFFICIENT_SIZE,
            QOLTANBA_MALFORMED,
            QOLTANBA_NOT_FOUND,
            QOLTANBA_OUT_OF_RANGE,
            QOLTANBA_UNSUPPORTED,
            QOLTANBA_KEY_MISMATCH,
            QOLTANBA_ERROR,
            QOLTANBA_PANIC,
            QOLTANBA_WRONG_PASSWORD,
        ];
        ALL.into_iter().find(|r| *r as u32 == n)
    }
}

/// Largest binary input (certificate, CRL, document, content, key): the
/// library's own bound (64 MiB; the national CA's full CRL is about 20 MB).
const MAX_INPUT_LEN: usize = qoltanba::MAX_INPUT_LEN;

/// Longest NUL-terminated string input (IIN, BIN, role, time). Nothing
/// legitimate comes close; the bound stops a scan through unterminated memory
/// from running on.
const MAX_TEXT_LEN: usize = 4096;

thread_local! {
    /// The detail of the last call that failed on this thread.
    static LAST_ERROR: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn set_last_error(detail: impl Into<String>) {
    let detail = detail.into();
    LAST_ERROR.with(|l| *l.borrow_mut() = Some(detail));
}

/// A failure: its result code, with the detail recorded for
/// `qoltanba_last_error`.
fn fail(code: qoltanba_result, detail: impl Into<String>) -> qoltanba_result {
    set_last_error(detail);
    code
}

/// The result code a library error amounts to, recording its text.
fn from_error(e: &Error) -> qoltanba_result {
    let code = match e {
        Error::Malformed { .. } => QOLTANBA_MALFORMED,
        Error::LimitExceeded { .. } => QOLTANBA_INPUT_TOO_LARGE,
        Error::InvalidIdentifier { .. } => QOLTANBA_INVALID_PARAMETER,
        Error::UnsupportedPublicKey { .. }
        | Error::UnsupportedSignatureAlgorithm { .. }
        | Error::UnsupportedPrivateKey { .. }
        | Error::SigningUnavailable { .. } => QOLTANBA_UNSUPPORTED,
        Error::WrongPassword => QOLTANBA_WRONG_PASSWORD,
        Error::KeyCertificateMismatch { .. } => QOLTANBA_KEY_MISMATCH,
        _ => QOLTANBA_ERROR,
    };
    fail(code, e.to_string())
}

/// Runs an entry point's body, turning a panic into `QOLTANBA_PANIC`.
fn guard(body: impl FnOnce() -> Result<(), qoltanba_result>) -> qoltanba_result {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => QOLTANBA_OK,
        Ok(Err(code)) => code,
        Err(_) => fail(
            QOLTANBA_PANIC,
            "internal error (panic caught at the C boundary)",
        ),
    }
}

/// Runs an accessor that cannot report failure, giving `default` on a panic.
fn guard_value<T>(default: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(default)
}

/// A required input of `len` bytes at `ptr`.
fn input<'a>(ptr: *const u8, len: usize, what: &str) -> Result<&'a [u8], qoltanba_result> {
    if ptr.is_null() {
        return Err(fail(QOLTANBA_NULL_PARAMETER, format!("{what} is NULL")));
    }
    if len > MAX_INPUT_LEN {
        return Err(fail(
            QOLTANBA_INPUT_TOO_LARGE,
            format!("{what} exceeds {MAX_INPUT_LEN} bytes"),
        ));
    }
    // SAFETY: the caller guarantees `ptr` is valid for `len` bytes (header).
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// A required NUL-terminated UTF-8 string of at most `MAX_TEXT_LEN` bytes.
fn text<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, qoltanba_result> {
    if ptr.is_null() {
        return Err(fail(QOLTANBA_NULL_PARAMETER, format!("{what} is NULL")));
    }
    let mut len = 0;
    // SAFETY: the caller guarantees a NUL-terminated string; the scan stops
    // at the NUL or after MAX_TEXT_LEN bytes, whichever comes first.
    while unsafe { *ptr.add(len) } != 0 {
        len += 1;
        if len > MAX_TEXT_LEN {
            return Err(fail(
                QOLTANBA_INPUT_TOO_LARGE,
                format!("{what} exceeds {MAX_TEXT_LEN} bytes"),
            ));
        }
    }
    // SAFETY: the `len` bytes before the NUL were just read.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    std::str::from_utf8(bytes)
        .map_err(|_| fail(QOLTANBA_INVALID_PARAMETER, format!("{what} is not UTF-8")))
}

/// A shared borrow of an object the caller passed.
fn object<'a, T>(ptr: *const T, what: &str) -> Result<&'a T, qoltanba_result> {
    // SAFETY: a non-NULL pointer is one this library handed out and the
    // caller has not freed (header).
    unsafe { ptr.as_ref() }.ok_or_else(|| fail(QOLTANBA_NULL_PARAMETER, format!("{what} is NULL")))
}

/// A mutable borrow of an object the caller passed (builders only).
fn object_mut<'a, T>(ptr: *mut T, what: &str) -> Result<&'a mut T, qoltanba_result> {
    // SAFETY: as `object`; the header says builders are not shared.
    unsafe { ptr.as_mut() }.ok_or_else(|| fail(QOLTANBA_NULL_PARAMETER, format!("{what} is NULL")))
}

/// Checks an output pointer before any work is done.
fn out_ptr<T>(out: *mut T) -> Result<(), qoltanba_result> {
    if out.is_null() {
        Err(fail(QOLTANBA_NULL_PARAMETER, "the output pointer is NULL"))
    } else {
        Ok(())
    }
}

/// Writes an output the caller checked with `out_ptr`.
fn put<T>(out: *mut T, value: T) {
    // SAFETY: `out` is non-NULL (checked by `out_ptr`) and points to a `T`
    // the caller owns (header).
    unsafe { out.write(value) }
}

/// Writes `text` NUL-terminated into the caller's buffer (see the module
/// docs for `*out_len`).
fn write_text(
    text: &str,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> Result<(), qoltanba_result> {
    out_ptr(out_len)?;
    let need = text.len() + 1;
    if len < need {
        put(out_len, need);
        return Err(QOLTANBA_INSUFFICIENT_SIZE);
    }
    if buf.is_null() {
        return Err(fail(QOLTANBA_NULL_PARAMETER, "the buffer is NULL"));
    }
    // SAFETY: `buf` is valid for `len >= text.len() + 1` bytes (header).
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), text.len());
        *buf.add(text.len()) = 0;
    }
    put(out_len, text.len());
    Ok(())
}

/// Writes the optional text, or gives `QOLTANBA_NOT_FOUND` when absent.
fn write_optional(
    value: Option<&str>,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> Result<(), qoltanba_result> {
    match value {
        Some(t) => write_text(t, buf, len, out_len),
        None => Err(QOLTANBA_NOT_FOUND),
    }
}

/// The major version of this header (`QOLTANBA_VERSION_MAJOR`); with
/// `_MINOR` and `_PATCH`, what `qoltanba_version()` returns for the library
/// this header was made with. A C program can compare them at build time.
pub const QOLTANBA_VERSION_MAJOR: u32 = 0;
/// The minor version of this header.
pub const QOLTANBA_VERSION_MINOR: u32 = 1;
/// The patch version of this header.
pub const QOLTANBA_VERSION_PATCH: u32 = 0;

/// The library's version, e.g. `"0.1.0"`: a static NUL-terminated string,
/// never freed. Thread-safe.
#[no_mangle]
pub extern "C" fn qoltanba_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Writes the English description of `result` (a `qoltanba_result` value)
/// into `buf`. Unknown values give `QOLTANBA_INVALID_PARAMETER`.
/// Thread-safe.
#[no_mangle]
pub extern "C" fn qoltanba_result_message(
    result: u32,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> qoltanba_result {
    guard(|| {
        let r = qoltanba_result::from_u32(result).ok_or_else(|| {
            fail(
                QOLTANBA_INVALID_PARAMETER,
                format!("{result} is not a qoltanba_result"),
            )
        })?;
        write_text(r.message(), buf, len, out_len)
    })
}

/// Writes the detail of the last call that failed **on the calling thread**
/// (e.g. `malformed certificate: ...`) into `buf`; `QOLTANBA_NOT_FOUND` if
/// no call has failed on this thread. Successful calls leave it as it was.
#[no_mangle]
pub extern "C" fn qoltanba_last_error(
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> qoltanba_result {
    guard(|| {
        let last = LAST_ERROR.with(|l| l.borrow().clone());
        write_optional(last.as_deref(), buf, len, out_len)
    })
}

#[cfg(test)]
mod version_tests {
    use super::*;

    #[test]
    fn header_version_is_the_crate_version() {
        let parse = |s: &str| s.parse::<u32>().expect("a number");
        assert_eq!(
            QOLTANBA_VERSION_MAJOR,
            parse(env!("CARGO_PKG_VERSION_MAJOR"))
        );
        assert_eq!(
            QOLTANBA_VERSION_MINOR,
            parse(env!("CARGO_PKG_VERSION_MINOR"))
        );
        assert_eq!(
            QOLTANBA_VERSION_PATCH,
            parse(env!("CARGO_PKG_VERSION_PATCH"))
        );
    }
}
