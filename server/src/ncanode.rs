//! NCANode v3 compatible endpoints: the same paths, request fields and
//! response fields (NCANode's `CmsVerifyRequest`, `X509InfoRequest`,
//! `XmlVerifyRequest`, `CmsVerificationResponse`, `VerificationResponse`,
//! `CmsDataResponse`, `CertificateInfo`, `CertificateSubject`,
//! `ErrorResponse`), so that a service can switch by changing its URL.
//!
//! Where qoltanba is stricter, NCANode's fields keep their meaning and an
//! extra object `qoltanba` says why (`verdict`, `code`, `reason`):
//! `valid` is qoltanba's verdict (the whole chain to a trusted root,
//! validity at the proven signing time, revocation checked as the
//! service's policy says whatever `revocationCheck` asks, an unknown
//! status refused). `docs/ncanode-compatibility.md` lists every field.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use qoltanba::{Certificate, CertificateInfo, KeyKind, Report, SignedDocument, Time, Verifier};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::error::ApiError;
use crate::input::{base64_field, json_body};
use crate::state::AppState;

/// NCANode's `CmsVerifyRequest` (also `/cms/extract`'s body). Unknown
/// fields are ignored, as NCANode's Jackson setup does.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CmsVerifyRequest {
    cms: String,
    #[serde(default)]
    data: Option<String>,
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

fn respond(result: Result<Value, ApiError>) -> Response {
    match result {
        Ok(v) => Json(v).into_response(),
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

/// NCANode's date form (Spring's Jackson default for `java.util.Date`).
fn date(t: Time) -> String {
    let text = t.to_rfc3339(); // 2025-06-01T00:00:00Z
    match text.strip_suffix('Z') {
        Some(base) => format!("{base}.000+00:00"),
        None => text,
    }
}

/// The attributes of a distinguished name as qoltanba prints it
/// (`CN=..., C=KZ`), with backslash escapes honoured.
fn dn_attributes(dn: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut part = String::new();
    let mut chars = dn.chars();
    let push = |part: &str, out: &mut Vec<(String, String)>| {
        if let Some((k, v)) = part.split_once('=') {
            out.push((k.trim().to_ascii_uppercase(), v.trim().to_owned()));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    part.push(n);
                }
            }
            ',' | '+' => {
                push(&part, &mut out);
                part.clear();
            }
            c => part.push(c),
        }
    }
    push(&part, &mut out);
    out
}

/// NCANode's `CertificateSubject` of a name.
fn subject(dn: &str, info: Option<&CertificateInfo>) -> Value {
    let mut s = Map::new();
    for (k, v) in dn_attributes(dn) {
        let key = match k.as_str() {
            "CN" => "commonName",
            "SURNAME" => "surName",
            "GIVENNAME" | "G" => "lastName",
            "C" => "country",
            "L" => "locality",
            "S" | "ST" => "state",
            "E" | "EMAILADDRESS" => "email",
            "O" => "organization",
            "SERIALNUMBER" => {
                if let Some(bin) = v.strip_prefix("BIN") {
                    s.insert("bin".into(), bin.into());
                } else {
                    s.insert("iin".into(), v.trim_start_matches("IIN").into());
                }
                continue;
            }
            "OU" => {
                s.insert("bin".into(), v.trim_start_matches("BIN").into());
                continue;
            }
            _ => continue,
        };
        s.insert(key.into(), v.into());
    }
    if let Some(info) = info {
        // The library's reading of the identifiers and email wins (it also
        // reads subjectAltName's email).
        if let Some(iin) = info.iin {
            s.insert("iin".into(), iin.to_string().into());
        }
        if let Some(bin) = info.bin {
            s.insert("bin".into(), bin.to_string().into());
        }
        if let Some(email) = &info.email {
            s.insert("email".into(), email.clone().into());
        }
    }
    s.insert("dn".into(), dn.into());
    Value::Object(s)
}

/// NCANode's `CertificateKeyUser` names of the national CA's EKU OIDs.
fn key_users(info: &CertificateInfo) -> Vec<&'static str> {
    const ARC: &str = "1.2.398.3.3.4.";
    let mut out: Vec<&'static str> = info
        .extended_key_usage
        .iter()
        .filter_map(|oid| {
            Some(match oid.strip_prefix(ARC)? {
                "1.1" => "INDIVIDUAL",
                "1.2" => "ORGANIZATION",
                "1.2.1" => "CEO",
                "1.2.2" => "CAN_SIGN",
                "1.2.3" => "CAN_SIGN_FINANCIAL",
                "1.2.4" => "HR",
                "1.2.5" => "EMPLOYEE",
                "2" => "NCA_PRIVILEGES",
                "2.1" => "NCA_ADMIN",
                "2.2" => "NCA_MANAGER",
                "2.3" => "NCA_OPERATOR",
                "3" => "IDENTIFICATION",
                "3.1" => "IDENTIFICATION_CON",
                "3.2" => "IDENTIFICATION_REMOTE",
                "3.2.1" => "IDENTIFICATION_REMOTE_DIGITAL_ID",
                _ => return None,
            })
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The JCA name of a signature algorithm, as NCANode (Kalkan's provider)
/// reports it; qoltanba's name for others.
fn jca_name(name: &str) -> String {
    match name {
        "sha1WithRSAEncryption" => "SHA1withRSA",
        "sha256WithRSAEncryption" => "SHA256withRSA",
        "sha384WithRSAEncryption" => "SHA384withRSA",
        "sha512WithRSAEncryption" => "SHA512withRSA",
        "ecdsa-with-SHA256" => "SHA256withECDSA",
        "ecdsa-with-SHA384" => "SHA384withECDSA",
        "ecdsa-with-SHA512" => "SHA512withECDSA",
        "gost34.310-2004" => "GOST34311withGOST34310",
        "gost34.10-2015-512" => "GOST3411-2015withGOST3410-2015-512",
        "gost34.10-2015-256" => "GOST3411-2015withGOST3410-2015-256",
        other => other,
    }
    .to_owned()
}

/// NCANode's `CertificateInfo` for a certificate and its report.
fn certificate_info(cert: Option<&Certificate>, report: &Report) -> Value {
    let info = &report.certificate;
    let revocations: Vec<Value> = match &report.reason {
        Some(qoltanba::Error::CertRevoked {
            revoked_at, reason, ..
        }) => vec![json!({
            "revoked": true,
            "by": "CRL",
            "revocationTime": date(*revoked_at),
            "reason": reason.map(|r| r.to_string()),
        })],
        _ => Vec::new(),
    };
    let key_usage = match info.key_kind {
        KeyKind::Sign => "SIGN",
        KeyKind::Auth => "AUTH",
        _ => "UNKNOWN",
    };
    let serial = info.serial.trim_start_matches('0');
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut v = json!({
        "valid": report.valid,
        "revocations": revocations,
        "notBefore": date(info.not_before),
        "notAfter": date(info.not_after),
        "keyUsage": key_usage,
        "serialNumber": if serial.is_empty() { "0" } else { serial },
        "signAlg": jca_name(&info.signature_algorithm),
        "keyUser": key_users(info),
        "subject": subject(&info.subject, Some(info)),
        "issuer": subject(&info.issuer, None),
    });
    if let (Some(cert), Value::Object(map)) = (cert, &mut v) {
        map.insert("publicKey".into(), b64(cert.spki()).into());
        map.insert("signature".into(), b64(cert.signature_value()).into());
    }
    v
}

/// qoltanba's verdict beside NCANode's fields.
fn qoltanba_field(valid: bool, reason: Option<&qoltanba::Error>, asked: &[String]) -> Value {
    json!({
        "verdict": if valid { "valid" } else { "not valid" },
        "code": reason.map(|e| e.code()),
        "reason": reason.map(|e| e.to_string()),
        "revocationCheckAsked": asked,
        "revocationChecked": "as the service's policy says, whatever revocationCheck asks",
    })
}

/// The signer certificate of a report among the document's certificates.
fn find<'a>(certs: &'a [Certificate], info: &CertificateInfo) -> Option<&'a Certificate> {
    certs
        .iter()
        .find(|c| c.serial_hex() == info.serial && c.issuer() == info.issuer)
}

fn cms_verification(
    v: &Verifier,
    options: &qoltanba::Options,
    cms: &[u8],
    data: Option<&[u8]>,
    asked: &[String],
) -> Result<(Value, bool, Option<&'static str>), ApiError> {
    let doc = v.parse_document(cms).map_err(|e| ApiError::library(&e))?;
    let report = v.verify_document(&doc, data, options);
    let signers: Vec<Value> = report
        .signers
        .iter()
        .map(|s| {
            let certificates: Vec<Value> = s
                .certificate
                .iter()
                .map(|r| certificate_info(find(doc.certificates(), &r.certificate), r))
                .collect();
            let tsp = s.timestamp.as_ref().map(|t| {
                json!({
                    "serialNumber": t.info.serial,
                    "genTime": date(t.info.gen_time),
                    "policy": t.info.policy,
                    "tsa": t.tsa_subject,
                    "valid": t.valid,
                })
            });
            json!({ "certificates": certificates, "tsp": tsp })
        })
        .collect();
    let body = json!({
        "status": 200,
        "message": "OK",
        "valid": report.valid,
        "signers": signers,
        "qoltanba": qoltanba_field(report.valid, report.reason.as_ref(), asked),
    });
    Ok((body, report.valid, report.reason.as_ref().map(|e| e.code())))
}

/// `POST /cms/verify`.
pub(crate) async fn cms_verify(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = async {
        let request: CmsVerifyRequest = json_body(body)?;
        check_revocation_names(&request.revocation_check)?;
        let cms = base64_field("cms", &request.cms)?;
        let data = request
            .data
            .as_deref()
            .map(|d| base64_field("data", d))
            .transpose()?;
        let options = state.options();
        let asked = request.revocation_check;
        let (body, valid, code) = state
            .run(cms.len() + data.as_ref().map_or(0, Vec::len), move |v| {
                cms_verification(v, &options, &cms, data.as_deref(), &asked)
            })
            .await??;
        state.metrics().verdict(valid, code);
        Ok(body)
    };
    respond(result.await)
}

/// `POST /cms/extract`: the signed content, base64 (400 if the CMS has
/// none). Nothing is verified, as in NCANode.
pub(crate) async fn cms_extract(
    State(_state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = (|| {
        let request: CmsVerifyRequest = json_body(body)?;
        let cms = base64_field("cms", &request.cms)?;
        let doc = SignedDocument::from_any(&cms).map_err(|e| ApiError::library(&e))?;
        let content = doc.content().ok_or_else(|| {
            ApiError::bad_request("bad-request", "CMS doesn't have signed content")
        })?;
        Ok(json!({
            "status": 200,
            "message": "OK",
            "data": base64::engine::general_purpose::STANDARD.encode(content),
        }))
    })();
    respond(result)
}

/// `POST /x509/info`: each certificate's `CertificateInfo`, validated
/// for document signing at the validation time.
pub(crate) async fn x509_info(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = async {
        let request: X509InfoRequest = json_body(body)?;
        check_revocation_names(&request.revocation_check)?;
        let mut certs = Vec::with_capacity(request.certs.len());
        let mut size = 0;
        for (i, c) in request.certs.iter().enumerate() {
            let bytes = base64_field(&format!("certs[{i}]"), c)?;
            size += bytes.len();
            certs.push(Certificate::from_any(&bytes).map_err(|e| ApiError::library(&e))?);
        }
        let options = state.options();
        let asked = request.revocation_check;
        let reports = state
            .run(size, move |v| {
                certs
                    .iter()
                    .map(|c| certificate_info(Some(c), &v.verify_certificate(c, &options)))
                    .collect::<Vec<_>>()
            })
            .await?;
        let valid = !reports.is_empty() && reports.iter().all(|r| r["valid"] == true);
        state.metrics().verdict(valid, None);
        Ok(json!({
            "status": 200,
            "message": "OK",
            "valid": valid,
            "signers": reports,
            "qoltanba": { "revocationCheckAsked": asked },
        }))
    };
    respond(result.await)
}

/// `POST /xml/verify` and `/wsse/verify`: an XML document's signatures
/// (WS-Security when it is a SOAP message).
pub(crate) async fn xml_verify(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = async {
        let request: XmlVerifyRequest = json_body(body)?;
        check_revocation_names(&request.revocation_check)?;
        let xml = request.xml.into_bytes();
        let options = state.options();
        let asked = request.revocation_check;
        let report = state
            .run(xml.len(), move |v| v.verify_xml(&xml, &options))
            .await?;
        let doc = &report.document;
        let signers: Vec<Value> = doc
            .signers
            .iter()
            .filter_map(|s| s.certificate.as_ref())
            .map(|r| certificate_info(None, r))
            .collect();
        state
            .metrics()
            .verdict(report.valid(), doc.reason.as_ref().map(|e| e.code()));
        Ok(json!({
            "status": 200,
            "message": "OK",
            "valid": report.valid(),
            "signers": signers,
            "qoltanba": qoltanba_field(report.valid(), doc.reason.as_ref(), &asked),
        }))
    };
    respond(result.await)
}
