//! Reading an XML document, bounded: roxmltree (a read-only DOM with byte
//! positions) with no DTD at all, UTF-8 only, and limits on size, nodes,
//! depth, attributes and namespace declarations.

use roxmltree::{Document, Node, NodeType, ParsingOptions};

use crate::error::{Error, XmlReason};

/// Largest XML document accepted, in bytes (32 MiB): signed requests and
/// SOAP messages of the e-government are kilobytes; a message carrying
/// base64 attachments reaches megabytes.
pub(crate) const MAX_XML_LEN: usize = 32 * 1024 * 1024;

/// Most nodes (elements, texts, comments, attributes' owners) in a document.
pub(crate) const MAX_NODES: u32 = 1_000_000;

/// Deepest element nesting. SOAP messages nest 10-20 levels; the
/// canonicalizer recurses once per level.
pub(crate) const MAX_DEPTH: usize = 256;

/// Most attributes on one element (namespace declarations apart).
pub(crate) const MAX_ATTRIBUTES: usize = 256;

/// Most namespaces in scope on one element: the canonicalizer sorts and
/// compares them on every element.
pub(crate) const MAX_NAMESPACES: usize = 64;

/// The input with its line ends normalized (XML 1.0 section 2.11: CRLF and
/// a lone CR read as LF, before anything else). roxmltree normalizes most
/// text itself but leaves a CR that precedes a reference (`\r&#1179;`) and
/// every CR of comments and PIs; normalizing first makes every literal CR
/// an LF, so that a CR in the tree is exactly a character reference's.
/// Borrows when there is no CR (the usual case). Every caller of [`parse`]
/// parses this.
pub(crate) fn normalize_line_ends(input: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !input.contains(&b'\r') {
        return std::borrow::Cow::Borrowed(input);
    }
    let mut out = Vec::with_capacity(input.len());
    let mut bytes = input.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        if b == b'\r' {
            if bytes.peek() == Some(&b'\n') {
                bytes.next();
            }
            out.push(b'\n');
        } else {
            out.push(b);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Parses `input` (line ends normalized: [`normalize_line_ends`]) as an XML
/// document within the limits: a DOCTYPE is
/// refused ([`XmlReason::Doctype`]); input that is not UTF-8, declares
/// another encoding or is not well-formed is [`Error::Malformed`].
pub(crate) fn parse(input: &[u8]) -> Result<Document<'_>, Error> {
    if input.len() > MAX_XML_LEN {
        return Err(Error::LimitExceeded {
            what: "XML document size",
            limit: MAX_XML_LEN,
        });
    }
    let text = std::str::from_utf8(input).map_err(|e| malformed(format!("not UTF-8: {e}")))?;
    check_declared_encoding(text)?;
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        entity_resolver: None,
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => {
            Error::xml(XmlReason::Doctype, "the document has a DOCTYPE")
        }
        roxmltree::Error::NodesLimitReached => Error::LimitExceeded {
            what: "XML nodes",
            limit: MAX_NODES as usize,
        },
        other => malformed(other.to_string()),
    })?;
    check_shape(&doc)?;
    Ok(doc)
}

pub(crate) fn malformed(detail: impl Into<String>) -> Error {
    Error::Malformed {
        what: "XML",
        detail: detail.into(),
    }
}

/// The XML declaration may name UTF-8 only (the bytes are read as UTF-8).
fn check_declared_encoding(text: &str) -> Result<(), Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("<?xml") else {
        return Ok(());
    };
    let Some(end) = rest.find("?>") else {
        return Ok(()); // the parser says what is wrong
    };
    let decl = &rest[..end];
    if let Some(i) = decl.find("encoding") {
        let value = decl[i + "encoding".len()..]
            .trim_start()
            .trim_start_matches('=')
            .trim_start();
        let quote = value.chars().next().unwrap_or('"');
        let name = value
            .get(1..)
            .and_then(|v| v.split(quote).next())
            .unwrap_or("");
        if !name.eq_ignore_ascii_case("utf-8") && !name.eq_ignore_ascii_case("utf8") {
            return Err(malformed(format!(
                "encoding {name:?} is not supported (UTF-8 only)"
            )));
        }
    }
    Ok(())
}

/// Depth, attributes and namespaces within the limits, without recursion.
fn check_shape(doc: &Document<'_>) -> Result<(), Error> {
    let mut stack: Vec<(Node<'_, '_>, usize)> = vec![(doc.root(), 0)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Err(Error::LimitExceeded {
                what: "XML element depth",
                limit: MAX_DEPTH,
            });
        }
        if node.node_type() == NodeType::Element {
            if node.attributes().len() > MAX_ATTRIBUTES {
                return Err(Error::LimitExceeded {
                    what: "attributes of an XML element",
                    limit: MAX_ATTRIBUTES,
                });
            }
            if node.namespaces().len() > MAX_NAMESPACES {
                return Err(Error::LimitExceeded {
                    what: "namespaces in scope of an XML element",
                    limit: MAX_NAMESPACES,
                });
            }
        }
        for child in node.children().filter(Node::is_element) {
            stack.push((child, depth + 1));
        }
    }
    Ok(())
}

/// The prefix an element or attribute is written with in the source
/// (`None` unprefixed), read from the document text at its position.
pub(crate) fn qname_prefix(input: &str, start: usize) -> Option<&str> {
    let rest = input.get(start..)?;
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '/' | '>' | '='))
        .unwrap_or(rest.len());
    let qname = &rest[..end];
    qname.split_once(':').map(|(p, _)| p)
}

/// An element's prefix as written.
pub(crate) fn element_prefix<'i>(node: Node<'_, 'i>) -> Option<&'i str> {
    qname_prefix(node.document().input_text(), node.range().start + 1)
}

/// An attribute's prefix as written.
pub(crate) fn attribute_prefix<'i>(
    doc: &Document<'i>,
    attr: &roxmltree::Attribute<'_, 'i>,
) -> Option<&'i str> {
    qname_prefix(doc.input_text(), attr.range().start)
}
