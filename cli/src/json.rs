//! JSON output: every JSON document the CLI writes is an object with a
//! `schema` field naming its kind and version (`qoltanba/<kind>/<n>`), as
//! described by the JSON Schemas in `docs/schema/`.

use serde::Serialize;

/// Identifies a JSON output's shape; the version changes when a field is
/// removed or changes meaning (fields may be added within a version).
pub(crate) const DOCUMENT_REPORT: &str = "qoltanba/document-report/1";
/// A certificate's report (`verify-cert`).
pub(crate) const CERTIFICATE_REPORT: &str = "qoltanba/certificate-report/1";
/// A request's or licence's verdict (`request verify`, `licence verify`).
pub(crate) const VERDICT: &str = "qoltanba/verdict/1";
/// An error (exit code 2).
pub(crate) const ERROR: &str = "qoltanba/error/1";

/// `value` as a JSON object with its `schema` field, pretty or on one line.
pub(crate) fn render(schema: &str, value: &impl Serialize, one_line: bool) -> String {
    let mut object = serde_json::Map::new();
    object.insert("schema".into(), schema.into());
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(fields)) => object.extend(fields),
        Ok(other) => {
            object.insert("value".into(), other);
        }
        Err(e) => {
            object.insert("error".into(), e.to_string().into());
        }
    }
    let value = serde_json::Value::Object(object);
    if one_line {
        value.to_string()
    } else {
        serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())
    }
}
