//! The verification page at `/`: one static HTML file, no external
//! resources, calling `POST /v1/verify`.

use axum::http::header;
use axum::response::IntoResponse;

/// The page (assets/index.html, built into the binary).
const INDEX: &str = include_str!("../assets/index.html");

/// `GET /`.
pub(crate) async fn index() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
            ),
        ],
        INDEX,
    )
}
