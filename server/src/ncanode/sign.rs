//! NCANode's signing endpoints, `POST /cms/sign`, `/cms/sign/add`,
//! `/xml/sign` and `/wsse/sign`: the signer's PKCS#12 travels in the
//! request ([`super::keys`]; discouraged).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use qoltanba::{cosign_document, sign_document, SignOptions, XmlSignMode, XmlSignOptions};
use serde::Deserialize;
use serde_json::json;

use super::keys::{open, SignerRequest};

use crate::error::ApiError;
use crate::input::{base64_field, parse_json};
use crate::state::{AppState, Place};

/// NCANode's `CmsCreateRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CmsCreateRequest {
    #[serde(default)]
    cms: Option<String>,
    #[serde(default)]
    data: Option<String>,
    signers: Vec<SignerRequest>,
    #[serde(default)]
    with_tsp: bool,
    #[serde(default)]
    detached: bool,
}

fn check(request: &CmsCreateRequest) -> Result<(), ApiError> {
    if request.with_tsp {
        return Err(ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            "not-implemented",
            "withTsp: this service has no time-stamp authority configured",
        ));
    }
    Ok(())
}

/// NCANode's `CmsResponse` with the signed document, or its error form.
fn answer(result: Result<Vec<u8>, ApiError>) -> Response {
    match result {
        Ok(cms) => Json(json!({
            "status": 200,
            "message": "OK",
            "cms": base64::engine::general_purpose::STANDARD.encode(cms),
        }))
        .into_response(),
        Err(e) => e.into_ncanode(),
    }
}

/// `POST /cms/sign`: `data` signed by every signer, in order.
pub(crate) async fn cms_sign(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    // Opening the keys (a PKCS#12's key derivation may take up to two
    // seconds) and signing always go to the pool.
    let result = state
        .handle(body, Place::Pool, |bytes, _, options| {
            let request: CmsCreateRequest = parse_json(bytes)?;
            check(&request)?;
            let data = base64_field(
                "data",
                request
                    .data
                    .as_deref()
                    .ok_or_else(|| ApiError::bad_request("bad-request", "data: required"))?,
            )?;
            let detached = request.detached;
            let mut signed: Option<Vec<u8>> = None;
            for bundle in open(&request.signers, Some("signers"))? {
                let (key, cert, chain) = bundle.into_parts();
                let mut sign_options = SignOptions::at(options.time).chain(chain);
                if detached {
                    sign_options = sign_options.detached();
                }
                signed = Some(
                    match signed {
                        None => sign_document(&data, &key, &cert, &sign_options),
                        Some(doc) => cosign_document(
                            &doc,
                            detached.then_some(&data[..]),
                            &key,
                            &cert,
                            &sign_options,
                        ),
                    }
                    .map_err(|e| ApiError::library(&e))?,
                );
            }
            signed.ok_or_else(|| ApiError::bad_request("bad-request", "signers: at least one"))
        })
        .await;
    answer(result)
}

/// `POST /cms/sign/add`: signers added to `cms` (with `data` when it is
/// detached), the signatures already there kept byte for byte.
pub(crate) async fn cms_sign_add(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    // Opening the keys and signing always go to the pool.
    let result = state
        .handle(body, Place::Pool, |bytes, _, options| {
            let request: CmsCreateRequest = parse_json(bytes)?;
            check(&request)?;
            let mut doc = base64_field(
                "cms",
                request.cms.as_deref().ok_or_else(|| {
                    ApiError::bad_request("bad-request", "CMS argument not specified")
                })?,
            )?;
            let data = request
                .data
                .as_deref()
                .map(|d| base64_field("data", d))
                .transpose()?;
            for bundle in open(&request.signers, Some("signers"))? {
                let (key, cert, chain) = bundle.into_parts();
                let sign_options = SignOptions::at(options.time).chain(chain);
                doc = cosign_document(&doc, data.as_deref(), &key, &cert, &sign_options)
                    .map_err(|e| ApiError::library(&e))?;
            }
            Ok(doc)
        })
        .await;
    answer(result)
}

/// NCANode's `XmlSignRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct XmlSignRequest {
    xml: String,
    signers: Vec<SignerRequest>,
    #[serde(default)]
    clear_signatures: bool,
    #[serde(default)]
    trim_xml: bool,
}

/// NCANode's `WsseSignRequest`: one key, in the request's top level.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WsseSignRequest {
    xml: String,
    #[serde(flatten)]
    signer: SignerRequest,
    #[serde(default)]
    trim_xml: bool,
}

/// NCANode's `XmlSignResponse`.
#[derive(serde::Serialize)]
struct XmlSignResponse {
    status: u16,
    message: &'static str,
    xml: String,
}

/// NCANode's `XmlSignResponse` with the signed document, or its error form.
fn xml_answer(result: Result<Vec<u8>, ApiError>) -> Response {
    let result = result.and_then(|xml| {
        let xml = String::from_utf8(xml)
            .map_err(|_| ApiError::internal("the signed document is not UTF-8"))?;
        super::to_json(&XmlSignResponse {
            status: 200,
            message: "OK",
            xml,
        })
    });
    super::respond(result)
}

/// `xml` with `trim` (NCANode's `trimXml`): its whitespace-only text
/// removed.
fn trimmed(xml: Vec<u8>, trim: bool) -> Result<Vec<u8>, ApiError> {
    if trim {
        qoltanba::xml_without_blank_text(&xml).map_err(|e| ApiError::library(&e))
    } else {
        Ok(xml)
    }
}

/// Each signer's mode: enveloped (the whole document) without a
/// `referenceUri`, else the element it names. An enveloped signer must be
/// the last: every later signature is added to the document it signed, so
/// would break it (NCANode accepts the request and returns a document whose
/// earlier signature no longer verifies on its own).
fn sign_modes(signers: &[SignerRequest]) -> Result<Vec<XmlSignMode>, ApiError> {
    let modes: Vec<XmlSignMode> = signers
        .iter()
        .map(|signer| match signer.reference_uri.as_deref() {
            None | Some("") => XmlSignMode::Enveloped,
            Some(uri) => XmlSignMode::ById(uri.strip_prefix('#').unwrap_or(uri).to_owned()),
        })
        .collect();
    let last = modes.len().saturating_sub(1);
    if let Some(i) = modes[..last]
        .iter()
        .position(|mode| matches!(mode, XmlSignMode::Enveloped))
    {
        return Err(ApiError::bad_request(
            "bad-request",
            format!(
                "signers[{i}]: an enveloped signature (no referenceUri) must be the last one; \
                 the signatures after it would break it"
            ),
        ));
    }
    Ok(modes)
}

/// `POST /xml/sign`: the document signed by every signer in order, each
/// signature enveloped (the whole document) or over the element its
/// `referenceUri` names; `clearSignatures` removes the document's
/// signatures first, `trimXml` its whitespace-only text.
pub(crate) async fn xml_sign(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = state
        .handle(body, Place::Pool, |bytes, _, _| {
            let request: XmlSignRequest = parse_json(bytes)?;
            let mut xml = request.xml.into_bytes();
            if request.clear_signatures {
                xml = qoltanba::xml_without_signatures(&xml).map_err(|e| ApiError::library(&e))?;
            }
            xml = trimmed(xml, request.trim_xml)?;
            let modes = sign_modes(&request.signers)?;
            let bundles = open(&request.signers, Some("signers"))?;
            for (bundle, mode) in bundles.into_iter().zip(modes) {
                let (key, cert, chain) = bundle.into_parts();
                let mut options = XmlSignOptions::new(mode);
                options.chain = chain;
                xml = qoltanba::sign_xml(&xml, &key, &cert, &options)
                    .map_err(|e| ApiError::library(&e))?;
            }
            Ok(xml)
        })
        .await;
    xml_answer(result)
}

/// `POST /wsse/sign`: a SOAP message signed by WS-Security (the Body by
/// `wsu:Id` under exclusive C14N, in a `wsse:Security` header).
pub(crate) async fn wsse_sign(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = state
        .handle(body, Place::Pool, |bytes, _, _| {
            let request: WsseSignRequest = parse_json(bytes)?;
            let xml = trimmed(request.xml.into_bytes(), request.trim_xml)?;
            let bundle = open(std::slice::from_ref(&request.signer), None)?
                .pop()
                .ok_or_else(|| ApiError::internal("no key opened"))?;
            let (key, cert, chain) = bundle.into_parts();
            let mut options = XmlSignOptions::new(XmlSignMode::WsSecurity);
            options.chain = chain;
            qoltanba::sign_xml(&xml, &key, &cert, &options).map_err(|e| ApiError::library(&e))
        })
        .await;
    xml_answer(result)
}
