//! NCANode v3 compatible endpoints: the same paths, request fields and
//! response fields (NCANode's `CmsVerifyRequest`, `X509InfoRequest`,
//! `XmlVerifyRequest`, `SbaVerifyRequest`, `CmsVerificationResponse`,
//! `VerificationResponse`, `CmsDataResponse`, `CertificateInfo`,
//! `CertificateSubject`, `ErrorResponse`; the signing and PKCS#12
//! requests in its `sign` and `keys` modules), so that a service can
//! switch by changing its URL.
//!
//! Where qoltanba is stricter, NCANode's fields keep their meaning and an
//! extra object `qoltanba` says why (`verdict`, `code`, `reason`):
//! `valid` is qoltanba's verdict (the whole chain to a trusted root,
//! validity at the proven signing time, revocation checked as the
//! service's policy says whatever `revocationCheck` asks, an unknown
//! status refused). `docs/ncanode-compatibility.md` lists every field.

mod info;
mod keys;
mod sign;

pub(crate) use keys::{aliases as pkcs12_aliases, info as pkcs12_info};
pub(crate) use sign::{cms_sign, cms_sign_add, wsse_sign, xml_sign};

use std::borrow::Cow;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use qoltanba::{Certificate, CertificateInfo, Options, SignedDocument, Verifier};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::input::{base64_field, parse_json};
use crate::state::{AppState, Place};
use info::{CertInfo, Tsp};

/// NCANode's `CmsVerifyRequest` (also `/cms/extract`'s body). Unknown
/// fields are ignored, as NCANode's Jackson setup does. The base64 is
/// borrowed from the body when it has no JSON escapes.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CmsVerifyRequest<'a> {
    #[serde(borrow)]
    cms: Cow<'a, str>,
    #[serde(default, borrow)]
    data: Option<Cow<'a, str>>,
    /// `["OCSP", "CRL"]`: read and reported; the service's policy decides
    /// what is checked.
    #[serde(default)]
    revocation_check: Vec<String>,
}

/// NCANode's `X509InfoRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct X509InfoRequest {
    certs: Vec<String>,
    #[serde(default)]
    revocation_check: Vec<String>,
}

/// NCANode's `XmlVerifyRequest` (also `/wsse/verify`'s body).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct XmlVerifyRequest {
    xml: String,
    #[serde(default)]
    revocation_check: Vec<String>,
}

/// A response's JSON, or a 500 if it cannot be written (it always can:
/// strings, numbers and booleans only).
fn to_json(value: &impl Serialize) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value).map_err(|_| ApiError::internal("the response could not be written"))
}

/// A verification's answer: the response's JSON, the verdict and the
/// refusal's code.
type Checked = (Vec<u8>, bool, Option<&'static str>);

/// A verification endpoint's answer: the request handled
/// ([`AppState::handle`]), its verdict counted in the metrics, its JSON
/// (or NCANode's error form).
async fn verification(
    state: &AppState,
    body: Result<Bytes, BytesRejection>,
    place: Place,
    work: impl FnOnce(&[u8], &Verifier, &Options) -> Result<Checked, ApiError> + Send + 'static,
) -> Response {
    let result = state.handle(body, place, work).await;
    respond(result.map(|(json, valid, code)| {
        state.metrics().verdict(valid, code);
        json
    }))
}

/// `/x509/info`'s and `/pkcs12/info`'s answer: each certificate's
/// `CertificateInfo`, validated for document signing; valid when there is
/// one and every one is.
fn certificate_infos<'a>(
    v: &Verifier,
    options: &Options,
    certs: impl IntoIterator<Item = &'a Certificate>,
    asked: Vec<String>,
) -> Result<Checked, ApiError> {
    let infos: Vec<CertInfo> = certs
        .into_iter()
        .map(|cert| CertInfo::new(Some(cert), &v.verify_certificate(cert, options)))
        .collect();
    let valid = !infos.is_empty() && infos.iter().all(|i| i.valid);
    let asked = Asked {
        revocation_check_asked: asked,
    };
    let json = to_json(&VerificationResponse::ok(valid, infos, asked))?;
    Ok((json, valid, None))
}

fn respond(result: Result<Vec<u8>, ApiError>) -> Response {
    match result {
        Ok(json) => ([(CONTENT_TYPE, "application/json")], json).into_response(),
        Err(e) => e.into_ncanode(),
    }
}

fn check_revocation_names(asked: &[String]) -> Result<(), ApiError> {
    match asked.iter().find(|m| *m != "OCSP" && *m != "CRL") {
        Some(m) => Err(ApiError::bad_request(
            "bad-request",
            format!("revocationCheck: unknown method {m:?} (OCSP or CRL)"),
        )),
        None => Ok(()),
    }
}

/// NCANode's `VerificationResponse` (and `CmsVerificationResponse`):
/// `status`, `message`, the verdict and each signer, with qoltanba's
/// verdict beside.
#[derive(Serialize)]
struct VerificationResponse<S, Q> {
    status: u16,
    message: &'static str,
    valid: bool,
    signers: Vec<S>,
    qoltanba: Q,
}

impl<S, Q> VerificationResponse<S, Q> {
    fn ok(valid: bool, signers: Vec<S>, qoltanba: Q) -> Self {
        VerificationResponse {
            status: 200,
            message: "OK",
            valid,
            signers,
            qoltanba,
        }
    }
}

/// qoltanba's verdict beside NCANode's fields.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Verdict {
    verdict: &'static str,
    code: Option<&'static str>,
    reason: Option<String>,
    revocation_check_asked: Vec<String>,
    revocation_checked: &'static str,
}

impl Verdict {
    fn new(valid: bool, reason: Option<&qoltanba::Error>, asked: Vec<String>) -> Self {
        Verdict {
            verdict: if valid { "valid" } else { "not valid" },
            code: reason.map(qoltanba::Error::code),
            reason: reason.map(ToString::to_string),
            revocation_check_asked: asked,
            revocation_checked: "as the service's policy says, whatever revocationCheck asks",
        }
    }
}

/// The `qoltanba` object of `/x509/info`: what revocation check was asked.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Asked {
    revocation_check_asked: Vec<String>,
}

/// A CMS signer: its certificates' info and its time-stamp.
#[derive(Serialize)]
struct CmsSigner {
    certificates: Vec<CertInfo>,
    tsp: Option<Tsp>,
}

/// The signer certificate of a report among the document's certificates.
fn find<'a>(certs: &'a [Certificate], info: &CertificateInfo) -> Option<&'a Certificate> {
    certs
        .iter()
        .find(|c| c.serial_hex() == info.serial && c.issuer() == info.issuer)
}

/// `/cms/verify`'s answer for a document: the response's JSON, the
/// verdict and the refusal's code.
fn cms_verification(
    v: &Verifier,
    options: &qoltanba::Options,
    cms: &[u8],
    data: Option<&[u8]>,
    asked: Vec<String>,
) -> Result<(Vec<u8>, bool, Option<&'static str>), ApiError> {
    let doc = v.parse_document(cms).map_err(|e| ApiError::library(&e))?;
    let report = v.verify_document(&doc, data, options);
    let signers = report
        .signers
        .iter()
        .map(|s| CmsSigner {
            certificates: s
                .certificate
                .iter()
                .map(|r| CertInfo::new(find(doc.certificates(), &r.certificate), r))
                .collect(),
            tsp: s.timestamp.as_ref().map(Tsp::new),
        })
        .collect();
    let code = report.reason.as_ref().map(qoltanba::Error::code);
    let body = VerificationResponse::ok(
        report.valid,
        signers,
        Verdict::new(report.valid, report.reason.as_ref(), asked),
    );
    Ok((to_json(&body)?, report.valid, code))
}

/// `POST /cms/verify`.
pub(crate) async fn cms_verify(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    verification(&state, body, Place::BySize, |bytes, v, options| {
        let request: CmsVerifyRequest<'_> = parse_json(bytes)?;
        check_revocation_names(&request.revocation_check)?;
        let cms = base64_field("cms", &request.cms)?;
        let data = request
            .data
            .as_deref()
            .map(|d| base64_field("data", d))
            .transpose()?;
        cms_verification(v, options, &cms, data.as_deref(), request.revocation_check)
    })
    .await
}

/// `GET /actuator/health`: Spring Boot's health answer, which NCANode's
/// deployments are polled with: the process answers (`/ready` tells
/// whether its CRLs are fresh).
pub(crate) async fn actuator_health() -> Response {
    respond(Ok(br#"{"status":"UP"}"#.to_vec()))
}

/// NCANode's `CmsDataResponse`.
#[derive(Serialize)]
struct CmsDataResponse {
    status: u16,
    message: &'static str,
    data: String,
}

/// `POST /cms/extract`: the signed content, base64 (400 if the CMS has
/// none). Nothing is verified, as in NCANode.
pub(crate) async fn cms_extract(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = state
        .handle(body, Place::BySize, |bytes, _, _| {
            let request: CmsVerifyRequest<'_> = parse_json(bytes)?;
            let cms = base64_field("cms", &request.cms)?;
            let doc = SignedDocument::from_any(&cms).map_err(|e| ApiError::library(&e))?;
            let content = doc.content().ok_or_else(|| {
                ApiError::bad_request("bad-request", "CMS doesn't have signed content")
            })?;
            to_json(&CmsDataResponse {
                status: 200,
                message: "OK",
                data: base64::engine::general_purpose::STANDARD.encode(content),
            })
        })
        .await;
    respond(result)
}

/// `POST /x509/info`: each certificate's `CertificateInfo`, validated
/// for document signing at the validation time.
pub(crate) async fn x509_info(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    verification(&state, body, Place::BySize, |bytes, v, options| {
        let request: X509InfoRequest = parse_json(bytes)?;
        check_revocation_names(&request.revocation_check)?;
        let certs = request
            .certs
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let der = base64_field(&format!("certs[{i}]"), c)?;
                Certificate::from_any(&der).map_err(|e| ApiError::library(&e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        certificate_infos(v, options, &certs, request.revocation_check)
    })
    .await
}

/// NCANode's `SbaVerifyRequest`: a raw signature over text, and the
/// certificate whose key made it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SbaVerifyRequest {
    certificate: String,
    #[serde(default)]
    signature: Option<String>,
    /// The signed text; its UTF-8 bytes are what was signed.
    #[serde(default)]
    data: Option<String>,
    #[serde(default)]
    revocation_check: Vec<String>,
}

/// `POST /x509/verify`: a raw signature over `data` (its UTF-8 bytes)
/// checked with the certificate's key, by the key's usual algorithm
/// ([`qoltanba::SignatureAlgorithm::usual_for_key`]), and the certificate
/// validated for document signing; valid when both are.
pub(crate) async fn x509_verify(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    verification(&state, body, Place::BySize, |bytes, v, options| {
        let request: SbaVerifyRequest = parse_json(bytes)?;
        check_revocation_names(&request.revocation_check)?;
        let der = base64_field("certificate", &request.certificate)?;
        let cert = Certificate::from_any(&der).map_err(|e| ApiError::library(&e))?;
        let signature = base64_field(
            "signature",
            request
                .signature
                .as_deref()
                .ok_or_else(|| ApiError::bad_request("bad-request", "signature: required"))?,
        )?;
        let data = request.data.unwrap_or_default();
        let checked = qoltanba::SignatureAlgorithm::usual_for_key(cert.spki()).and_then(|alg| {
            qoltanba::default_backend().verify(alg, cert.spki(), data.as_bytes(), &signature)
        });
        let report = v.verify_certificate(&cert, options);
        let reason = checked.as_ref().err().or(report.reason.as_ref());
        let valid = reason.is_none() && report.valid;
        let code = reason.map(qoltanba::Error::code);
        let verdict = Verdict::new(valid, reason, request.revocation_check);
        let info = CertInfo::new(Some(&cert), &report);
        let json = to_json(&VerificationResponse::ok(valid, vec![info], verdict))?;
        Ok((json, valid, code))
    })
    .await
}

/// `POST /xml/verify` and `/wsse/verify`: an XML document's signatures
/// (WS-Security when it is a SOAP message).
pub(crate) async fn xml_verify(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    verification(&state, body, Place::BySize, |bytes, v, options| {
        let request: XmlVerifyRequest = parse_json(bytes)?;
        check_revocation_names(&request.revocation_check)?;
        let report = v.verify_xml(request.xml.as_bytes(), options);
        let doc = &report.document;
        let signers: Vec<CertInfo> = doc
            .signers
            .iter()
            .filter_map(|s| s.certificate.as_ref())
            .map(|r| CertInfo::new(None, r))
            .collect();
        let code = doc.reason.as_ref().map(qoltanba::Error::code);
        let verdict = Verdict::new(
            report.valid(),
            doc.reason.as_ref(),
            request.revocation_check,
        );
        let json = to_json(&VerificationResponse::ok(report.valid(), signers, verdict))?;
        Ok((json, report.valid(), code))
    })
    .await
}
