//! Reading request bodies: the bytes, JSON, then base64 fields.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use base64::Engine;
use serde::Deserialize;

use crate::error::ApiError;

/// The body's bytes, or a 413 (over the size limit) or 400.
pub(crate) fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body-too-large",
                "the request body is over the size limit",
            )
        } else {
            ApiError::bad_request("bad-request", r.body_text())
        }
    })
}

/// `bytes` as `T` (which may borrow from them), or a 400: bad JSON, a
/// missing or mistyped field.
pub(crate) fn parse_json<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::bad_request(
            "bad-json",
            format!("the body is not the JSON expected: {e}"),
        )
    })
}

/// A base64 field (standard alphabet; whitespace ignored, as NCANode
/// does), or a 400 that names it.
pub(crate) fn base64_field(name: &str, text: &str) -> Result<Vec<u8>, ApiError> {
    let engine = base64::engine::general_purpose::STANDARD;
    // Most fields have no whitespace: decoded at once; the others again,
    // compacted, when the first pass fails.
    let decoded = engine.decode(text).or_else(|e| {
        if text.bytes().any(|b| b.is_ascii_whitespace()) {
            let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
            engine.decode(compact)
        } else {
            Err(e)
        }
    });
    decoded.map_err(|e| ApiError::bad_request("bad-base64", format!("{name}: not base64: {e}")))
}
