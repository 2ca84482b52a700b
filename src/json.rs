//! The JSON documents qoltanba prints (the CLI's `--format json`, the
//! Python package's `to_dict()`): an object whose field `schema` names its
//! kind and version (`qoltanba/<kind>/<n>`, described by the JSON
//! Schemas in `docs/schema/`), followed by the report's own fields. One
//! implementation, so the CLI and the bindings print the same documents.

use serde::Serialize;

/// A document's report (`verify`). The version changes when a field is
/// removed or changes meaning (fields may be added within a version).
pub const DOCUMENT_REPORT: &str = "qoltanba/document-report/1";
/// A certificate's report (`verify-cert`).
pub const CERTIFICATE_REPORT: &str = "qoltanba/certificate-report/1";
/// A request's or licence's verdict (`request verify`, `licence verify`).
pub const VERDICT: &str = "qoltanba/verdict/1";
/// An XML signature's report (`verify` of an XML document).
pub const XML_REPORT: &str = "qoltanba/xml-report/1";

/// `value` as a JSON object with its `schema` field added. A value that is
/// not an object goes under `value`; one that cannot be serialised gives
/// an `error` field instead.
pub fn with_schema(schema: &str, value: &impl Serialize) -> serde_json::Value {
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
    serde_json::Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_is_added() {
        #[derive(Serialize)]
        struct R {
            valid: bool,
        }
        assert_eq!(
            with_schema(VERDICT, &R { valid: true }).to_string(),
            r#"{"schema":"qoltanba/verdict/1","valid":true}"#
        );
        assert_eq!(
            with_schema(DOCUMENT_REPORT, &3).to_string(),
            r#"{"schema":"qoltanba/document-report/1","value":3}"#
        );
    }
}
