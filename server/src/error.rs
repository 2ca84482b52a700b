//! Errors of a request, as JSON with their HTTP status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// A request the service could not answer with a report.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    /// A stable code (`bad-request`, `bad-base64`, `body-too-large`,
    /// `time-budget-exceeded`, a library error code ...).
    pub(crate) code: String,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// A malformed request (400).
    pub(crate) fn bad_request(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// Input the library refused before producing a report (400, with
    /// the library's code).
    pub(crate) fn library(e: &qoltanba::Error) -> Self {
        Self::new(StatusCode::BAD_REQUEST, e.code(), e.to_string())
    }

    /// The time budget ran out (503): the verdict is not confirmed.
    pub(crate) fn deadline() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "time-budget-exceeded",
            "not confirmed: time budget exceeded",
        )
    }

    /// A failure of the service itself (500).
    pub(crate) fn internal(message: &str) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// The native form: `{"error": {"code", "message"}}`.
    fn body(&self) -> serde_json::Value {
        json!({ "error": { "code": self.code, "message": self.message } })
    }

    /// NCANode's form (`ErrorResponse`): `{"status", "message"}` with
    /// qoltanba's code beside.
    pub(crate) fn into_ncanode(self) -> Response {
        let body = json!({
            "status": self.status.as_u16(),
            "message": self.message,
            "qoltanba": { "code": self.code },
        });
        (self.status, Json(body)).into_response()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}
