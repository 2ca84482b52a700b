//! Canonical XML of a document subset: inclusive C14N 1.0 (W3C REC
//! xml-c14n-20010315), C14N 1.1 (REC xml-c14n11-20080502) and exclusive
//! C14N 1.0 (REC xml-exc-c14n-20020718), with or without comments.
//!
//! The node-sets XMLDSig needs are contiguous: a whole document or an
//! element's subtree (a same-document reference by Id), less at most one
//! element's subtree (the enveloped-signature transform). No maintained
//! Rust crate canonicalizes such subsets (the crates that exist bind
//! libxml2 or handle whole documents only), so this is written here and
//! tested byte for byte against libxml2's `xmllint`.

use roxmltree::{Document, Node, NodeId, NodeType};

use super::parse::{attribute_prefix, element_prefix, malformed};
use crate::error::Error;

/// The XML namespace (`xml:` attributes).
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// A canonicalization algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
#[non_exhaustive]
pub enum C14nMethod {
    /// Canonical XML 1.0 (inclusive).
    Inclusive10,
    /// Canonical XML 1.1 (inclusive; `xml:id` not inherited).
    Inclusive11,
    /// Exclusive XML Canonicalization 1.0.
    Exclusive10,
}

/// A canonicalization algorithm with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct C14n {
    /// Which algorithm.
    pub(crate) method: C14nMethod,
    /// Comments kept (the `#WithComments` variants).
    pub(crate) with_comments: bool,
    /// Exclusive only: the InclusiveNamespaces PrefixList (`""` for
    /// `#default`).
    pub(crate) inclusive_prefixes: Vec<String>,
}

/// The algorithms' URIs.
pub(crate) const C14N10: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
pub(crate) const C14N10_COMMENTS: &str =
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
pub(crate) const C14N11: &str = "http://www.w3.org/2006/12/xml-c14n11";
pub(crate) const C14N11_COMMENTS: &str = "http://www.w3.org/2006/12/xml-c14n11#WithComments";
pub(crate) const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
pub(crate) const EXC_C14N_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";

impl C14n {
    /// The algorithm a URI names, without parameters.
    pub(crate) fn from_uri(uri: &str) -> Option<Self> {
        let (method, with_comments) = match uri {
            C14N10 => (C14nMethod::Inclusive10, false),
            C14N10_COMMENTS => (C14nMethod::Inclusive10, true),
            C14N11 => (C14nMethod::Inclusive11, false),
            C14N11_COMMENTS => (C14nMethod::Inclusive11, true),
            EXC_C14N => (C14nMethod::Exclusive10, false),
            EXC_C14N_COMMENTS => (C14nMethod::Exclusive10, true),
            _ => return None,
        };
        Some(C14n {
            method,
            with_comments,
            inclusive_prefixes: Vec::new(),
        })
    }

    /// The algorithm's URI.
    pub(crate) fn uri(&self) -> &'static str {
        match (self.method, self.with_comments) {
            (C14nMethod::Inclusive10, false) => C14N10,
            (C14nMethod::Inclusive10, true) => C14N10_COMMENTS,
            (C14nMethod::Inclusive11, false) => C14N11,
            (C14nMethod::Inclusive11, true) => C14N11_COMMENTS,
            (C14nMethod::Exclusive10, false) => EXC_C14N,
            (C14nMethod::Exclusive10, true) => EXC_C14N_COMMENTS,
        }
    }
}

/// Namespaces rendered by the output ancestors: prefix (`""` default) to
/// URI, in order of rendering (a later entry overrides an earlier one).
type Rendered<'a> = Vec<(&'a str, &'a str)>;

fn lookup<'a>(rendered: &Rendered<'a>, prefix: &str) -> Option<&'a str> {
    rendered
        .iter()
        .rev()
        .find(|(p, _)| *p == prefix)
        .map(|(_, u)| *u)
}

/// Canonicalizes the subtree of `apex` (the document's root node: the whole
/// document) less the subtree of `exclude`.
pub(crate) fn canonicalize<'d, 'i: 'd>(
    doc: &'d Document<'i>,
    apex: Node<'d, 'i>,
    exclude: Option<NodeId>,
    c14n: &C14n,
) -> Result<Vec<u8>, Error> {
    let mut w = Writer {
        doc,
        c14n,
        exclude,
        out: Vec::with_capacity(apex.range().len() + 64),
    };
    if apex.node_type() == NodeType::Root {
        let mut seen_root = false;
        for child in apex.children() {
            if Some(child.id()) == exclude {
                continue;
            }
            match child.node_type() {
                NodeType::Element => {
                    w.element(child, &Vec::new(), true, 0)?;
                    seen_root = true;
                }
                NodeType::Comment | NodeType::PI => {
                    if child.is_comment() && !c14n.with_comments {
                        continue;
                    }
                    if seen_root {
                        w.out.push(b'\n');
                    }
                    w.leaf(child);
                    if !seen_root {
                        w.out.push(b'\n');
                    }
                }
                // Whitespace outside the document element is not in the
                // canonical form.
                _ => {}
            }
        }
    } else if apex.is_element() {
        w.element(apex, &Vec::new(), true, 0)?;
    } else {
        return Err(malformed(
            "canonicalization of a node that is not an element",
        ));
    }
    Ok(w.out)
}

struct Writer<'d, 'i, 'c> {
    doc: &'d Document<'i>,
    c14n: &'c C14n,
    exclude: Option<NodeId>,
    out: Vec<u8>,
}

impl<'d, 'i: 'd> Writer<'d, 'i, '_> {
    fn leaf(&mut self, node: Node<'d, 'i>) {
        match node.node_type() {
            NodeType::Comment => {
                self.out.extend_from_slice(b"<!--");
                self.out
                    .extend_from_slice(node.text().unwrap_or("").as_bytes());
                self.out.extend_from_slice(b"-->");
            }
            NodeType::PI => {
                if let Some(pi) = node.pi() {
                    self.out.extend_from_slice(b"<?");
                    self.out.extend_from_slice(pi.target.as_bytes());
                    if let Some(v) = pi.value.filter(|v| !v.is_empty()) {
                        self.out.push(b' ');
                        self.out.extend_from_slice(v.as_bytes());
                    }
                    self.out.extend_from_slice(b"?>");
                }
            }
            NodeType::Text => {
                escape_text(&mut self.out, node.text().unwrap_or(""));
            }
            _ => {}
        }
    }

    fn element(
        &mut self,
        node: Node<'d, 'i>,
        rendered: &Rendered<'d>,
        is_apex: bool,
        depth: usize,
    ) -> Result<(), Error> {
        if depth > super::parse::MAX_DEPTH {
            return Err(Error::LimitExceeded {
                what: "XML element depth",
                limit: super::parse::MAX_DEPTH,
            });
        }
        let prefix = element_prefix(node);
        // The namespaces in scope, the xml namespace apart; the default
        // namespace undeclared (`xmlns=""`) reads as "".
        let in_scope: Vec<(&'d str, &'d str)> = node
            .namespaces()
            .filter(|ns| ns.name() != Some("xml"))
            .map(|ns| (ns.name().unwrap_or(""), ns.uri()))
            .collect();
        let scope = |p: &str| -> &'d str {
            in_scope
                .iter()
                .find(|(q, _)| *q == p)
                .map_or("", |(_, u)| *u)
        };
        let mut attrs: Vec<(Option<&'d str>, &'d str, &'d str, &'d str)> = node
            .attributes()
            .map(|a| {
                (
                    attribute_prefix(self.doc, &a),
                    a.namespace().unwrap_or(""),
                    a.name(),
                    a.value(),
                )
            })
            .collect();
        // Candidate namespace declarations.
        let mut candidates: Vec<&'d str> = Vec::new();
        match self.c14n.method {
            C14nMethod::Inclusive10 | C14nMethod::Inclusive11 => {
                candidates.extend(in_scope.iter().map(|(p, _)| *p));
                if !candidates.contains(&"") {
                    candidates.push("");
                }
            }
            C14nMethod::Exclusive10 => {
                candidates.push(prefix.unwrap_or(""));
                for (p, ..) in &attrs {
                    if let Some(p) = p {
                        if *p != "xml" && !candidates.contains(p) {
                            candidates.push(p);
                        }
                    }
                }
                for p in &self.c14n.inclusive_prefixes {
                    if let Some((q, _)) = in_scope.iter().find(|(q, _)| q == p) {
                        if !candidates.contains(q) {
                            candidates.push(q);
                        }
                    } else if p.is_empty() && !candidates.contains(&"") {
                        candidates.push("");
                    }
                }
            }
        }
        let mut decls: Vec<(&'d str, &'d str)> = Vec::new();
        for p in candidates {
            let value = scope(p);
            let before = lookup(rendered, p);
            let render = if p.is_empty() && value.is_empty() {
                before.is_some_and(|u| !u.is_empty())
            } else {
                before != Some(value)
            };
            if render {
                decls.push((p, value));
            }
        }
        decls.sort_unstable();
        // C14N 1.0 and 1.1: the apex of a subset inherits the xml:
        // attributes of its ancestors (1.1: xml:lang and xml:space only;
        // xml:base would need its fix-up, refused).
        if is_apex && self.c14n.method != C14nMethod::Exclusive10 {
            for ancestor in node.ancestors().skip(1).filter(Node::is_element) {
                for a in ancestor.attributes() {
                    if a.namespace() != Some(XML_NS) {
                        continue;
                    }
                    if attrs
                        .iter()
                        .any(|(_, ns, local, _)| *ns == XML_NS && *local == a.name())
                    {
                        continue;
                    }
                    if self.c14n.method == C14nMethod::Inclusive11 {
                        match a.name() {
                            "lang" | "space" => {}
                            "base" => {
                                return Err(malformed(
                                    "xml:base on an ancestor of a Canonical XML 1.1 subset is not supported",
                                ))
                            }
                            _ => continue,
                        }
                    }
                    attrs.push((Some("xml"), XML_NS, a.name(), a.value()));
                }
            }
        }
        attrs.sort_unstable_by(|a, b| (a.1, a.2).cmp(&(b.1, b.2)));

        // The start tag.
        let out = &mut self.out;
        out.push(b'<');
        write_qname(out, prefix, node.tag_name().name());
        for (p, uri) in &decls {
            if p.is_empty() {
                out.extend_from_slice(b" xmlns=\"");
            } else {
                out.extend_from_slice(b" xmlns:");
                out.extend_from_slice(p.as_bytes());
                out.extend_from_slice(b"=\"");
            }
            escape_attribute(out, uri);
            out.push(b'"');
        }
        for (p, _, local, value) in &attrs {
            out.push(b' ');
            write_qname(out, *p, local);
            out.extend_from_slice(b"=\"");
            escape_attribute(out, value);
            out.push(b'"');
        }
        out.push(b'>');

        let mut inner: Rendered<'d> = rendered.clone();
        inner.extend(decls.iter().copied());
        for child in node.children() {
            if Some(child.id()) == self.exclude {
                continue;
            }
            match child.node_type() {
                NodeType::Element => self.element(child, &inner, false, depth + 1)?,
                NodeType::Comment if !self.c14n.with_comments => {}
                _ => self.leaf(child),
            }
        }
        self.out.extend_from_slice(b"</");
        write_qname(&mut self.out, prefix, node.tag_name().name());
        self.out.push(b'>');
        Ok(())
    }
}

fn write_qname(out: &mut Vec<u8>, prefix: Option<&str>, local: &str) {
    if let Some(p) = prefix {
        out.extend_from_slice(p.as_bytes());
        out.push(b':');
    }
    out.extend_from_slice(local.as_bytes());
}

fn escape_text(out: &mut Vec<u8>, text: &str) {
    for b in text.bytes() {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'\r' => out.extend_from_slice(b"&#xD;"),
            _ => out.push(b),
        }
    }
}

fn escape_attribute(out: &mut Vec<u8>, text: &str) {
    for b in text.bytes() {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            b'\t' => out.extend_from_slice(b"&#x9;"),
            b'\n' => out.extend_from_slice(b"&#xA;"),
            b'\r' => out.extend_from_slice(b"&#xD;"),
            _ => out.push(b),
        }
    }
}

/// Canonicalizes a whole document (for tests, the fuzz targets and
/// `xmllint` comparisons).
pub fn canonicalize_document(
    input: &[u8],
    method: C14nMethod,
    with_comments: bool,
    inclusive_prefixes: &[&str],
) -> Result<Vec<u8>, Error> {
    let input = super::parse::normalize_line_ends(input);
    let doc = super::parse::parse(&input)?;
    let c14n = C14n {
        method,
        with_comments,
        inclusive_prefixes: inclusive_prefixes.iter().map(|p| (*p).to_owned()).collect(),
    };
    canonicalize(&doc, doc.root(), None, &c14n)
}
