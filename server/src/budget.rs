//! The time budget of a request ([`crate::Limits::deadline`]): from its
//! head's arrival to its answer, the body's reading, the wait for a slot
//! and the verification included. An answer that is not ready within the
//! budget, or that was reached after it, is replaced by "not confirmed:
//! time budget exceeded" (503), never a verdict.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// Runs a `POST` request within the budget (the service's other requests,
/// `GET`s of its own state, are not budgeted).
pub(crate) async fn within_budget(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let native = request.uri().path().starts_with("/v1/");
    let deadline = state.limits().deadline;
    let start = Instant::now();
    match tokio::time::timeout(deadline, next.run(request)).await {
        // A verdict that came after the budget is not given either (the
        // timer's granularity is a millisecond).
        Ok(response) if start.elapsed() <= deadline => response,
        _ => {
            state.metrics().deadline_exceeded();
            if native {
                ApiError::deadline().into_response()
            } else {
                ApiError::deadline().into_ncanode()
            }
        }
    }
}
