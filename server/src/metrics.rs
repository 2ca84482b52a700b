//! Counters of the running service in Prometheus' text format, and the
//! middleware that counts and logs each request.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use qoltanba::Time;

use crate::state::AppState;

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// The service's counters.
#[derive(Default)]
pub(crate) struct Metrics {
    next_id: AtomicU64,
    /// route -> status -> count (the route as the router matched it;
    /// `other` for the fallback).
    requests: Mutex<BTreeMap<String, BTreeMap<u16, u64>>>,
    /// (valid, reason code) -> count.
    verdicts: Mutex<BTreeMap<(bool, &'static str), u64>>,
    /// Counts of requests at or below each bucket's bound (cumulative at
    /// rendering), then the sum in microseconds and the count.
    latency: [AtomicU64; BUCKETS.len()],
    latency_sum_us: AtomicU64,
    latency_count: AtomicU64,
    deadline_exceeded: AtomicU64,
    /// (CRL address, failed) -> count.
    crl_fetches: Mutex<BTreeMap<(String, bool), u64>>,
}

impl Metrics {
    fn request_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed) + 1
    }

    fn request(&self, route: &str, status: u16, elapsed: Duration) {
        if let Ok(mut map) = self.requests.lock() {
            let statuses = match map.get_mut(route) {
                Some(statuses) => statuses,
                None => map.entry(route.to_owned()).or_default(),
            };
            *statuses.entry(status).or_default() += 1;
        }
        let seconds = elapsed.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|&b| seconds <= b) {
            self.latency[i].fetch_add(1, Ordering::Relaxed);
        }
        self.latency_sum_us
            .fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
        self.latency_count.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a verdict, with its reason's code when not valid.
    pub(crate) fn verdict(&self, valid: bool, code: Option<&'static str>) {
        if let Ok(mut map) = self.verdicts.lock() {
            *map.entry((valid, code.unwrap_or(""))).or_default() += 1;
        }
    }

    pub(crate) fn deadline_exceeded(&self) {
        self.deadline_exceeded.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn crl_fetch(&self, url: &str, failed: bool) {
        if let Ok(mut map) = self.crl_fetches.lock() {
            *map.entry((url.to_owned(), failed)).or_default() += 1;
        }
    }
}

/// A label value with `\`, `"` and newlines escaped.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// `GET /metrics`.
pub(crate) async fn render(State(state): State<AppState>) -> Response {
    let m = state.metrics();
    let mut out = String::new();
    out.push_str("# HELP qoltanba_requests_total HTTP requests by route and status.\n");
    out.push_str("# TYPE qoltanba_requests_total counter\n");
    if let Ok(map) = m.requests.lock() {
        for (route, statuses) in map.iter() {
            for (status, n) in statuses {
                let _ = writeln!(
                    out,
                    "qoltanba_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                    label(route)
                );
            }
        }
    }
    out.push_str("# HELP qoltanba_verdicts_total Verdicts by validity and reason code.\n");
    out.push_str("# TYPE qoltanba_verdicts_total counter\n");
    if let Ok(map) = m.verdicts.lock() {
        for ((valid, reason), n) in map.iter() {
            let _ = writeln!(
                out,
                "qoltanba_verdicts_total{{valid=\"{valid}\",reason=\"{}\"}} {n}",
                label(reason)
            );
        }
    }
    out.push_str("# HELP qoltanba_request_duration_seconds Time to answer a request.\n");
    out.push_str("# TYPE qoltanba_request_duration_seconds histogram\n");
    let mut cumulative = 0;
    for (bound, count) in BUCKETS.iter().zip(&m.latency) {
        cumulative += count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "qoltanba_request_duration_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
        );
    }
    let count = m.latency_count.load(Ordering::Relaxed);
    let _ = writeln!(
        out,
        "qoltanba_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
    );
    let _ = writeln!(
        out,
        "qoltanba_request_duration_seconds_sum {}",
        m.latency_sum_us.load(Ordering::Relaxed) as f64 / 1e6
    );
    let _ = writeln!(out, "qoltanba_request_duration_seconds_count {count}");
    out.push_str("# HELP qoltanba_deadline_exceeded_total Requests answered \"not confirmed: time budget exceeded\".\n");
    out.push_str("# TYPE qoltanba_deadline_exceeded_total counter\n");
    let _ = writeln!(
        out,
        "qoltanba_deadline_exceeded_total {}",
        m.deadline_exceeded.load(Ordering::Relaxed)
    );
    out.push_str("# HELP qoltanba_crl_fetches_total CRL downloads of the evidence refresher, by address and outcome.\n");
    out.push_str("# TYPE qoltanba_crl_fetches_total counter\n");
    if let Ok(map) = m.crl_fetches.lock() {
        for ((url, failed), n) in map.iter() {
            let outcome = if *failed { "failed" } else { "ok" };
            let _ = writeln!(
                out,
                "qoltanba_crl_fetches_total{{url=\"{}\",outcome=\"{outcome}\"}} {n}",
                label(url)
            );
        }
    }
    let now = state.time();
    out.push_str(
        "# HELP qoltanba_crl_age_seconds Seconds from a CRL's thisUpdate to the validation time.\n",
    );
    out.push_str("# TYPE qoltanba_crl_age_seconds gauge\n");
    let verifier = state.verifier();
    for crl in verifier.revocation().crls() {
        let _ = writeln!(
            out,
            "qoltanba_crl_age_seconds{{issuer=\"{}\",delta=\"{}\"}} {}",
            label(crl.issuer()),
            crl.is_delta(),
            now.unix() - crl.this_update().unix()
        );
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4"),
        )],
        out,
    )
        .into_response()
}

/// Counts each request, gives it an id (the `x-request-id` header of the
/// answer) and logs one JSON line for it on standard error.
pub(crate) async fn observe(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let id = state.metrics().request_id();
    // The route as the router matched it (an Arc's clone); `other` for
    // the fallback.
    let matched = request.extensions().get::<MatchedPath>().cloned();
    let route = matched.as_ref().map_or("other", MatchedPath::as_str);
    let method = request.method().as_str().to_owned();
    let start = Instant::now();
    let mut response = next.run(request).await;
    let elapsed = start.elapsed();
    let status = response.status().as_u16();
    state.metrics().request(route, status, elapsed);
    response
        .headers_mut()
        .insert("x-request-id", HeaderValue::from(id));
    if state.limits().log_requests {
        eprintln!(
            "{}",
            serde_json::json!({
                "time": Time::now().to_rfc3339(),
                "request_id": id,
                "method": method,
                "path": route,
                "status": status,
                "ms": elapsed.as_secs_f64() * 1e3,
            })
        );
    }
    response
}
