//! JSON output: every JSON document the CLI writes is an object with a
//! `schema` field naming its kind and version (`qoltanba/<kind>/<n>`), as
//! described by the JSON Schemas in `docs/schema/`.

use serde::Serialize;

pub(crate) use qoltanba::json::{CERTIFICATE_REPORT, DOCUMENT_REPORT, VERDICT};

/// An error (exit code 2).
pub(crate) const ERROR: &str = "qoltanba/error/1";

/// `value` as a JSON object with its `schema` field, pretty or on one line.
pub(crate) fn render(schema: &str, value: &impl Serialize, one_line: bool) -> String {
    let value = qoltanba::json::with_schema(schema, value);
    if one_line {
        value.to_string()
    } else {
        serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())
    }
}
