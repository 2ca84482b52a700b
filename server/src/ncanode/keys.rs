//! The keys of NCANode's signing and PKCS#12 requests: a PKCS#12 file
//! (base64) and its password travel in the request, as NCANode does it.
//! Discouraged: a key should not leave its holder. They are here so that a
//! service can switch from NCANode without changing its calls. Also
//! `POST /pkcs12/info` and `/pkcs12/aliases`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use qoltanba::KeyBundle;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{certificate_infos, check_revocation_names, respond, to_json, verification};
use crate::error::ApiError;
use crate::input::{base64_field, parse_json};
use crate::state::{AppState, Place};

/// NCANode's `SignerRequest`: a PKCS#12 (base64), its password, the alias
/// of the key to use, and (for `/xml/sign`) the Id of the element to sign.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SignerRequest {
    key: String,
    password: Zeroizing<String>,
    /// NCANode picks a key of the store by alias; qoltanba's stores hold
    /// one key, and an alias is accepted when it is that key's.
    #[serde(default)]
    key_alias: Option<String>,
    /// `/xml/sign`: `#id` of the element to sign (else the whole
    /// document, enveloped).
    #[serde(default)]
    pub(crate) reference_uri: Option<String>,
}

/// The keys of `signers` (the request's array `field`; None: one signer,
/// its fields at the request's top level), opened, at least one.
pub(crate) fn open(
    signers: &[SignerRequest],
    field: Option<&str>,
) -> Result<Vec<KeyBundle>, ApiError> {
    if signers.is_empty() {
        return Err(ApiError::bad_request(
            "bad-request",
            format!("{}: at least one", field.unwrap_or("key")),
        ));
    }
    let name = |i: usize, part: &str| match field {
        Some(field) => format!("{field}[{i}].{part}"),
        None => part.to_owned(),
    };
    signers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let p12 = Zeroizing::new(base64_field(&name(i, "key"), &s.key)?);
            let bundle =
                KeyBundle::from_pkcs12(&p12, &s.password).map_err(|e| ApiError::library(&e))?;
            match (&s.key_alias, bundle.alias()) {
                (Some(asked), alias) if Some(asked.as_str()) != alias => {
                    Err(ApiError::bad_request(
                        "bad-request",
                        format!(
                            "{}: the store has no key {asked:?} (its one key: {})",
                            name(i, "keyAlias"),
                            alias.map_or_else(|| "no alias".to_owned(), |a| format!("{a:?}"))
                        ),
                    ))
                }
                _ => Ok(bundle),
            }
        })
        .collect()
}

/// NCANode's `Pkcs12InfoRequest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pkcs12InfoRequest {
    keys: Vec<SignerRequest>,
    #[serde(default)]
    revocation_check: Vec<String>,
}

/// `POST /pkcs12/info`: each key's certificate, validated for document
/// signing at the validation time, as `/x509/info` does. Opening keys
/// always goes to the pool.
pub(crate) async fn info(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    verification(&state, body, Place::Pool, |bytes, v, options| {
        let request: Pkcs12InfoRequest = parse_json(bytes)?;
        check_revocation_names(&request.revocation_check)?;
        let bundles = open(&request.keys, Some("keys"))?;
        certificate_infos(
            v,
            options,
            bundles.iter().map(KeyBundle::certificate),
            request.revocation_check,
        )
    })
    .await
}

/// NCANode's `Pkcs12AliasesResponse`.
#[derive(Serialize)]
struct AliasesResponse {
    status: u16,
    message: &'static str,
    /// Each store's aliases (qoltanba's stores hold one key: none or one).
    aliases: Vec<Vec<String>>,
}

/// `POST /pkcs12/aliases`: the aliases of each store's keys.
pub(crate) async fn aliases(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = state
        .handle(body, Place::Pool, |bytes, _, _| {
            let request: Pkcs12InfoRequest = parse_json(bytes)?;
            let aliases = open(&request.keys, Some("keys"))?
                .iter()
                .map(|b| b.alias().map(str::to_owned).into_iter().collect())
                .collect();
            to_json(&AliasesResponse {
                status: 200,
                message: "OK",
                aliases,
            })
        })
        .await;
    respond(result)
}
