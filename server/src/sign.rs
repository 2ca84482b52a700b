//! NCANode's signing endpoints, `POST /cms/sign` and `/cms/sign/add`: the
//! signer's PKCS#12 travels in the request, as NCANode does it.
//! Discouraged: a key should not leave its holder. They are here so that
//! a service can switch from NCANode without changing its calls.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use qoltanba::{cosign_document, sign_document, KeyBundle, SignOptions};
use serde::Deserialize;
use serde_json::json;
use zeroize::Zeroizing;

use crate::error::ApiError;
use crate::input::{base64_field, body_bytes, parse_json};
use crate::state::AppState;

/// NCANode's `SignerRequest`: a PKCS#12 (base64) and its password.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignerRequest {
    key: String,
    password: Zeroizing<String>,
    /// NCANode picks a key of the store by alias; qoltanba's stores hold
    /// one key, and an alias is refused rather than ignored.
    #[serde(default)]
    key_alias: Option<String>,
}

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

/// The signers' keys, opened.
fn open(signers: &[SignerRequest]) -> Result<Vec<KeyBundle>, ApiError> {
    if signers.is_empty() {
        return Err(ApiError::bad_request(
            "bad-request",
            "signers: at least one",
        ));
    }
    signers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if s.key_alias.is_some() {
                return Err(ApiError::bad_request(
                    "bad-request",
                    format!("signers[{i}].keyAlias: not supported (one key a store)"),
                ));
            }
            let p12 = Zeroizing::new(base64_field(&format!("signers[{i}].key"), &s.key)?);
            KeyBundle::from_pkcs12(&p12, &s.password).map_err(|e| ApiError::library(&e))
        })
        .collect()
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
    let result = async {
        let bytes = body_bytes(body)?;
        let at = state.time();
        // Opening the keys (a PKCS#12's key derivation may take up to two
        // seconds) and signing always go to the pool.
        state
            .run(usize::MAX, move |_| {
                let request: CmsCreateRequest = parse_json(&bytes)?;
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
                for bundle in open(&request.signers)? {
                    let (key, cert, chain) = bundle.into_parts();
                    let mut options = SignOptions::at(at).chain(chain);
                    if detached {
                        options = options.detached();
                    }
                    signed = Some(
                        match signed {
                            None => sign_document(&data, &key, &cert, &options),
                            Some(doc) => cosign_document(
                                &doc,
                                detached.then_some(&data[..]),
                                &key,
                                &cert,
                                &options,
                            ),
                        }
                        .map_err(|e| ApiError::library(&e))?,
                    );
                }
                signed.ok_or_else(|| ApiError::bad_request("bad-request", "signers: at least one"))
            })
            .await?
    };
    answer(result.await)
}

/// `POST /cms/sign/add`: signers added to `cms` (with `data` when it is
/// detached), the signatures already there kept byte for byte.
pub(crate) async fn cms_sign_add(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = async {
        let bytes = body_bytes(body)?;
        let at = state.time();
        // Opening the keys and signing always go to the pool.
        state
            .run(usize::MAX, move |_| {
                let request: CmsCreateRequest = parse_json(&bytes)?;
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
                for bundle in open(&request.signers)? {
                    let (key, cert, chain) = bundle.into_parts();
                    let options = SignOptions::at(at).chain(chain);
                    doc = cosign_document(&doc, data.as_deref(), &key, &cert, &options)
                        .map_err(|e| ApiError::library(&e))?;
                }
                Ok::<_, ApiError>(doc)
            })
            .await?
    };
    answer(result.await)
}
