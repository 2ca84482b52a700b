//! Edits of a document before it is signed, as NCANode's `/xml/sign`
//! offers them: the signatures it already has removed (`clearSignatures`),
//! its whitespace-only text removed (`trimXml`). Everything else is kept
//! byte for byte (line ends normalized, as every document read here).

use super::dsig::DSIG;
use super::parse::{normalize_line_ends, parse};
use crate::error::Error;

/// `xml` without the byte ranges `cut` (sorted, not overlapping).
fn without(xml: &str, mut cut: Vec<std::ops::Range<usize>>) -> Vec<u8> {
    cut.sort_by_key(|r| r.start);
    let mut out = Vec::with_capacity(xml.len());
    let mut at = 0;
    for r in cut {
        if r.start >= at {
            out.extend_from_slice(&xml.as_bytes()[at..r.start]);
            at = r.end;
        }
    }
    out.extend_from_slice(&xml.as_bytes()[at..]);
    out
}

/// The document without the XML signatures (`ds:Signature`, any prefix)
/// that are children of its document element: an enveloped document's
/// signatures, as NCANode's `clearSignatures` removes them. Signatures
/// deeper in the document (a WS-Security header's) are kept.
///
/// # Errors
///
/// What reading the document gives ([`Error::Malformed`], a DOCTYPE
/// refused, [`Error::LimitExceeded`]).
pub fn xml_without_signatures(xml: &[u8]) -> Result<Vec<u8>, Error> {
    let xml = normalize_line_ends(xml);
    let doc = parse(&xml)?;
    let cut = doc
        .root_element()
        .children()
        .filter(|n| n.is_element())
        .filter(|n| n.tag_name().namespace() == Some(DSIG) && n.tag_name().name() == "Signature")
        .map(|n| n.range())
        .collect();
    Ok(without(doc.input_text(), cut))
}

/// The document without its whitespace-only text between elements (the
/// indentation of a pretty-printed document), as NCANode's `trimXml`
/// removes it; `xml:space` is not honoured, as NCANode does not.
///
/// # Errors
///
/// As [`xml_without_signatures`].
pub fn xml_without_blank_text(xml: &[u8]) -> Result<Vec<u8>, Error> {
    let xml = normalize_line_ends(xml);
    let doc = parse(&xml)?;
    let cut = doc
        .descendants()
        .filter(|n| n.is_text() && n.text().is_some_and(|t| t.trim().is_empty()))
        .map(|n| n.range())
        .collect();
    Ok(without(doc.input_text(), cut))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn signatures_under_the_document_element_are_removed() {
        let xml = br#"<a xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><b>x</b><ds:Signature><ds:SignedInfo/></ds:Signature><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/><c><ds:Signature/></c></a>"#;
        assert_eq!(
            String::from_utf8(xml_without_signatures(xml).unwrap()).unwrap(),
            r#"<a xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><b>x</b><c><ds:Signature/></c></a>"#
        );
        // Another namespace's Signature stays.
        let other = br#"<a><Signature xmlns="urn:x"/></a>"#;
        assert_eq!(xml_without_signatures(other).unwrap(), other.to_vec());
    }

    #[test]
    fn blank_text_is_removed_and_the_rest_kept() {
        let xml = b"<?xml version=\"1.0\"?>\r\n<a>\r\n  <b> x y </b>\n  <c/>&#32;\n</a>\n";
        assert_eq!(
            String::from_utf8(xml_without_blank_text(xml).unwrap()).unwrap(),
            "<?xml version=\"1.0\"?>\n<a><b> x y </b><c/></a>\n"
        );
    }

    #[test]
    fn bad_documents_are_refused() {
        assert!(xml_without_signatures(b"<a>").is_err());
        assert!(xml_without_blank_text(b"<!DOCTYPE a><a/>").is_err());
    }
}
