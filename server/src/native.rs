//! The native API under `/v1/`: the library's reports, as the CLI's
//! `--format json` prints them, and the operations endpoints.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use qoltanba::json::{CERTIFICATE_REPORT, DOCUMENT_REPORT, VERDICT, XML_REPORT};
use qoltanba::{Certificate, LicencePolicy, RequestPolicy};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::input::{base64_field, parse_json};
use crate::state::{AppState, Place};

/// A report as the CLI's `--format json` prints it: `schema` and the
/// report's fields, written straight to JSON (no `Value` tree between).
#[derive(Serialize)]
struct Schema<'a, T: Serialize> {
    schema: &'static str,
    #[serde(flatten)]
    report: &'a T,
}

/// `report` with its `schema`, as JSON text.
fn with_schema<T: Serialize>(schema: &'static str, report: &T) -> Result<Box<RawValue>, ApiError> {
    serde_json::value::to_raw_value(&Schema { schema, report })
        .map_err(|_| ApiError::internal("the report could not be written"))
}

/// A signed document: CMS (DER, PEM or base64 inside) or XML, base64
/// encoded, with the content of a detached CMS signature.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocumentRequest {
    document: String,
    #[serde(default)]
    content: Option<String>,
}

/// A certificate (DER or PEM), base64 encoded.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CertificateRequest {
    certificate: String,
}

/// A signed request or licence of the document model, with its policy
/// (the library's `RequestPolicy`/`LicencePolicy` JSON; default if absent).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FlowRequest {
    document: String,
    #[serde(default)]
    policy: Option<Value>,
}

/// Several documents.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchRequest {
    documents: Vec<DocumentRequest>,
}

fn respond<T: Serialize>(result: Result<T, ApiError>) -> Response {
    match result {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /health`: the process answers.
pub(crate) async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// `GET /ready`: the verifier is loaded and none of its CRLs is past its
/// nextUpdate at the validation time (503 and the stale issuers if one
/// is).
pub(crate) async fn ready(State(state): State<AppState>) -> Response {
    let now = state.time();
    let verifier = state.verifier();
    let crls = verifier.revocation().crls();
    let stale: Vec<&str> = crls
        .iter()
        .filter(|c| c.next_update().is_some_and(|n| n < now))
        .map(|c| c.issuer())
        .collect();
    let body = json!({ "ready": stale.is_empty(), "crls": crls.len(), "stale": stale });
    if stale.is_empty() {
        Json(body).into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
    }
}

/// Any other path.
pub(crate) async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not-found", "no such endpoint")
}

/// One document's report as JSON (`document-report/1` or `xml-report/1`),
/// and whether it is valid with its reason's code.
pub(crate) fn document_report(
    verifier: &qoltanba::Verifier,
    options: &qoltanba::Options,
    document: &[u8],
    content: Option<&[u8]>,
) -> Result<(Box<RawValue>, bool, Option<&'static str>), ApiError> {
    if qoltanba::looks_like_xml(document) {
        if content.is_some() {
            return Err(ApiError::bad_request(
                "bad-request",
                "content is for a detached CMS signature; an XML signature carries its content",
            ));
        }
        let report = verifier.verify_xml(document, options);
        let code = report.document.reason.as_ref().map(|e| e.code());
        return Ok((with_schema(XML_REPORT, &report)?, report.valid(), code));
    }
    let report = verifier
        .verify_document_bytes(document, content, options)
        .map_err(|e| ApiError::library(&e))?;
    let code = report.reason.as_ref().map(|e| e.code());
    Ok((with_schema(DOCUMENT_REPORT, &report)?, report.valid, code))
}

/// `POST /v1/verify`: a signed document's report.
pub(crate) async fn verify(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = state
        .handle(body, Place::BySize, |bytes, v, options| {
            let request: DocumentRequest = parse_json(bytes)?;
            let document = base64_field("document", &request.document)?;
            let content = request
                .content
                .as_deref()
                .map(|c| base64_field("content", c))
                .transpose()?;
            document_report(v, options, &document, content.as_deref())
        })
        .await;
    respond(result.map(|(report, valid, code)| {
        state.metrics().verdict(valid, code);
        report
    }))
}

/// `POST /v1/certificate`: a certificate's report (chain, validity,
/// revocation, key usage for document signing).
pub(crate) async fn certificate(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = state
        .handle(body, Place::BySize, |bytes, v, options| {
            let request: CertificateRequest = parse_json(bytes)?;
            let der = base64_field("certificate", &request.certificate)?;
            let cert = Certificate::from_any(&der).map_err(|e| ApiError::library(&e))?;
            Ok(v.verify_certificate(&cert, options))
        })
        .await;
    respond(result.and_then(|report| {
        state
            .metrics()
            .verdict(report.valid, report.reason.as_ref().map(|e| e.code()));
        with_schema(CERTIFICATE_REPORT, &report)
    }))
}

fn bad_policy(e: &qoltanba::Error) -> ApiError {
    ApiError::bad_request("bad-policy", format!("policy: {e}"))
}

/// The body of the request and licence endpoints: the document and its
/// policy (`parse`d from the request's JSON, the default if absent), the
/// flow `run`, the verdict as `verdict/1`.
async fn flow<P, T>(
    state: &AppState,
    body: Result<Bytes, BytesRejection>,
    parse: fn(&str) -> Result<P, qoltanba::Error>,
    run: fn(&qoltanba::Verifier, &[u8], &qoltanba::Options, &P) -> qoltanba::Verdict<T>,
) -> Result<Box<RawValue>, ApiError>
where
    P: Default + Send + 'static,
    T: serde::Serialize + Send + 'static,
{
    let verdict = state
        .handle(body, Place::BySize, move |bytes, v, options| {
            let request: FlowRequest = parse_json(bytes)?;
            let document = base64_field("document", &request.document)?;
            let policy = match request.policy {
                Some(p) => parse(&p.to_string()).map_err(|e| bad_policy(&e))?,
                None => P::default(),
            };
            Ok(run(v, &document, options, &policy))
        })
        .await?;
    state
        .metrics()
        .verdict(verdict.valid, verdict.refusal.map(|r| r.code()));
    with_schema(VERDICT, &verdict)
}

/// `POST /v1/request`: a signed request's verdict (the regulations'
/// checks of the applicant, or of the operator at a service centre).
pub(crate) async fn request(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    respond(
        flow(
            &state,
            body,
            RequestPolicy::from_json,
            qoltanba::Verifier::verify_request,
        )
        .await,
    )
}

/// `POST /v1/licence`: a signed licence's verdict.
pub(crate) async fn licence(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    respond(
        flow(
            &state,
            body,
            LicencePolicy::from_json,
            qoltanba::Verifier::verify_licence,
        )
        .await,
    )
}

/// The batch endpoint's answer.
#[derive(Serialize)]
struct BatchResponse {
    schema: &'static str,
    /// How many reports say valid.
    valid: usize,
    /// How many documents.
    total: usize,
    /// Each document's report (or `{"error": {...}}`), in order.
    reports: Vec<Box<RawValue>>,
}

/// `POST /v1/batch`: several documents in one request, in one time
/// budget; each gets its report or its error, in order.
pub(crate) async fn batch(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = async {
        let max = state.limits().max_batch;
        let results = state
            .handle(body, Place::Pool, move |bytes, v, options| {
                let request: BatchRequest = parse_json(bytes)?;
                if request.documents.len() > max {
                    return Err(ApiError::bad_request(
                        "batch-too-large",
                        format!(
                            "{} documents, at most {max} a batch",
                            request.documents.len()
                        ),
                    ));
                }
                let mut inputs = Vec::with_capacity(request.documents.len());
                for (i, d) in request.documents.iter().enumerate() {
                    let document = base64_field(&format!("documents[{i}].document"), &d.document)?;
                    let content = d
                        .content
                        .as_deref()
                        .map(|c| base64_field(&format!("documents[{i}].content"), c))
                        .transpose()?;
                    inputs.push((document, content));
                }
                Ok(inputs
                    .iter()
                    .map(|(d, c)| document_report(v, options, d, c.as_deref()))
                    .collect::<Vec<_>>())
            })
            .await?;
        let mut reports = Vec::with_capacity(results.len());
        let mut valid_count = 0;
        for r in results {
            match r {
                Ok((report, valid, code)) => {
                    state.metrics().verdict(valid, code);
                    valid_count += usize::from(valid);
                    reports.push(report);
                }
                Err(e) => reports.push(
                    serde_json::value::to_raw_value(
                        &json!({ "error": { "code": e.code, "message": e.message } }),
                    )
                    .map_err(|_| ApiError::internal("the report could not be written"))?,
                ),
            }
        }
        Ok(BatchResponse {
            schema: "qoltanba/batch/1",
            valid: valid_count,
            total: reports.len(),
            reports,
        })
    };
    respond(result.await)
}
