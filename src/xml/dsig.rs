//! The XMLDSig vocabulary (XML Signature 1.1, section 4): the Signature
//! element read strictly, its algorithms' URIs, same-document references
//! and their transforms.

use roxmltree::{Document, Node, NodeId};

use super::c14n::{C14n, C14nMethod, EXC_C14N};
use super::parse::malformed;
use crate::algorithm::{HashAlgorithm, SignatureAlgorithm};
use crate::error::{Error, XmlReason};

/// The XMLDSig namespace.
pub(crate) const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
/// WS-Security secext 1.0.
pub(crate) const WSSE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
/// WS-Security utility 1.0 (`wsu:Id`, `wsu:Timestamp`).
pub(crate) const WSU: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
/// SOAP 1.1 envelope.
pub(crate) const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// SOAP 1.2 envelope.
pub(crate) const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
/// The enveloped-signature transform.
pub(crate) const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
/// WS-Security token profile value types and encoding.
pub(crate) const X509V3: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";
pub(crate) const X509SKI: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509SubjectKeyIdentifier";
pub(crate) const BASE64_BINARY: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

/// Most Signature elements verified in one document.
pub(crate) const MAX_SIGNATURES: usize = 16;
/// Most References in one SignedInfo.
pub(crate) const MAX_REFERENCES: usize = 32;
/// Most Transforms of one Reference (enveloped-signature and a
/// canonicalization make two).
pub(crate) const MAX_TRANSFORMS: usize = 4;
/// Most certificates in one KeyInfo.
pub(crate) const MAX_KEYINFO_CERTIFICATES: usize = 8;

/// Signature methods, URI to algorithm (XML Signature 1.1 section 6.4,
/// RFC 6931, and the national provider's URIs).
pub(crate) const SIGNATURE_METHODS: &[(&str, SignatureAlgorithm)] = &[
    (
        "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34102015-gostr34112015-512",
        SignatureAlgorithm::Gost2015_512,
    ),
    (
        "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34102015-gostr34112015-256",
        SignatureAlgorithm::Gost2015_256,
    ),
    (
        "http://www.w3.org/2001/04/xmldsig-more#gost34310-gost34311",
        SignatureAlgorithm::Gost2004,
    ),
    (
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha256),
    ),
    (
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
        SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha384),
    ),
    (
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
        SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha512),
    ),
    (
        "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
        SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha1),
    ),
    (
        "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
        SignatureAlgorithm::RsaPss(HashAlgorithm::Sha256),
    ),
    (
        "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1",
        SignatureAlgorithm::RsaPss(HashAlgorithm::Sha384),
    ),
    (
        "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1",
        SignatureAlgorithm::RsaPss(HashAlgorithm::Sha512),
    ),
    (
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        SignatureAlgorithm::EcdsaP1363(HashAlgorithm::Sha256),
    ),
    (
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
        SignatureAlgorithm::EcdsaP1363(HashAlgorithm::Sha384),
    ),
    (
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
        SignatureAlgorithm::EcdsaP1363(HashAlgorithm::Sha512),
    ),
    (
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1",
        SignatureAlgorithm::EcdsaP1363(HashAlgorithm::Sha1),
    ),
];

/// Digest methods, URI to hash.
pub(crate) const DIGEST_METHODS: &[(&str, HashAlgorithm)] = &[
    (
        "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34112015-512",
        HashAlgorithm::Streebog512,
    ),
    (
        "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34112015-256",
        HashAlgorithm::Streebog256,
    ),
    (
        "http://www.w3.org/2001/04/xmldsig-more#gost34311",
        HashAlgorithm::Gost94,
    ),
    (
        "http://www.w3.org/2001/04/xmlenc#sha256",
        HashAlgorithm::Sha256,
    ),
    (
        "http://www.w3.org/2001/04/xmldsig-more#sha384",
        HashAlgorithm::Sha384,
    ),
    (
        "http://www.w3.org/2001/04/xmlenc#sha512",
        HashAlgorithm::Sha512,
    ),
    (
        "http://www.w3.org/2000/09/xmldsig#sha1",
        HashAlgorithm::Sha1,
    ),
];

pub(crate) fn signature_method(uri: &str) -> Result<SignatureAlgorithm, Error> {
    SIGNATURE_METHODS
        .iter()
        .find(|(u, _)| *u == uri)
        .map(|(_, a)| *a)
        .ok_or_else(|| Error::UnsupportedSignatureAlgorithm {
            oid: uri.to_owned(),
        })
}

pub(crate) fn signature_method_uri(alg: SignatureAlgorithm) -> Option<&'static str> {
    SIGNATURE_METHODS
        .iter()
        .find(|(_, a)| *a == alg)
        .map(|(u, _)| *u)
}

pub(crate) fn digest_method(uri: &str) -> Result<HashAlgorithm, Error> {
    DIGEST_METHODS
        .iter()
        .find(|(u, _)| *u == uri)
        .map(|(_, h)| *h)
        .ok_or_else(|| Error::UnsupportedSignatureAlgorithm {
            oid: uri.to_owned(),
        })
}

pub(crate) fn digest_method_uri(hash: HashAlgorithm) -> Option<&'static str> {
    DIGEST_METHODS
        .iter()
        .find(|(_, h)| *h == hash)
        .map(|(u, _)| *u)
}

/// Is `node` the element `local` of namespace `ns`?
pub(crate) fn is(node: Node<'_, '_>, ns: &str, local: &str) -> bool {
    node.is_element() && node.tag_name().name() == local && node.tag_name().namespace() == Some(ns)
}

/// The element children of `node`; text other than whitespace is refused
/// (the structure elements of XMLDSig hold elements only).
fn element_children<'a, 'i>(node: Node<'a, 'i>) -> Result<Vec<Node<'a, 'i>>, Error> {
    let mut out = Vec::new();
    for child in node.children() {
        if child.is_element() {
            out.push(child);
        } else if child.is_text() && !child.text().unwrap_or("").trim().is_empty() {
            return Err(malformed(format!(
                "text inside {} where only elements belong",
                node.tag_name().name()
            )));
        }
    }
    Ok(out)
}

/// The text of a leaf element with whitespace removed (base64 values).
pub(crate) fn base64_text(node: Node<'_, '_>, what: &str) -> Result<Vec<u8>, Error> {
    use base64::Engine;
    let mut text = String::new();
    for child in node.children() {
        if child.is_element() {
            return Err(malformed(format!("an element inside {what}")));
        }
        if child.is_text() {
            text.extend(
                child
                    .text()
                    .unwrap_or("")
                    .chars()
                    .filter(|c| !c.is_whitespace()),
            );
        }
    }
    base64::engine::general_purpose::STANDARD
        .decode(text.as_bytes())
        .map_err(|e| malformed(format!("{what} is not base64: {e}")))
}

/// A transform of a Reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Transform {
    /// The enveloped-signature transform.
    Enveloped,
    /// A canonicalization.
    C14n(C14n),
}

impl Transform {
    pub(crate) fn uri(&self) -> &'static str {
        match self {
            Transform::Enveloped => ENVELOPED,
            Transform::C14n(c) => c.uri(),
        }
    }
}

/// One Reference.
#[derive(Debug)]
pub(crate) struct Reference<'a, 'i> {
    pub(crate) uri: &'a str,
    pub(crate) transforms: Vec<Transform>,
    pub(crate) digest_uri: &'a str,
    pub(crate) digest_value: Vec<u8>,
    pub(crate) _node: std::marker::PhantomData<Node<'a, 'i>>,
}

/// One Signature element, read.
#[derive(Debug)]
pub(crate) struct SignatureElement<'a, 'i> {
    pub(crate) node: Node<'a, 'i>,
    pub(crate) signed_info: Node<'a, 'i>,
    pub(crate) c14n: C14n,
    pub(crate) method_uri: &'a str,
    pub(crate) references: Vec<Reference<'a, 'i>>,
    pub(crate) value: Vec<u8>,
    pub(crate) key_info: Option<Node<'a, 'i>>,
}

fn algorithm_attr<'a>(node: Node<'a, '_>) -> Result<&'a str, Error> {
    node.attribute("Algorithm")
        .ok_or_else(|| malformed(format!("{} without an Algorithm", node.tag_name().name())))
}

/// A canonicalization method element (CanonicalizationMethod or a
/// Transform naming one): its URI and, for exclusive C14N, the
/// InclusiveNamespaces PrefixList.
fn c14n_of(node: Node<'_, '_>, uri: &str) -> Result<Option<C14n>, Error> {
    let Some(mut c14n) = C14n::from_uri(uri) else {
        return Ok(None);
    };
    for child in element_children(node)? {
        if c14n.method == C14nMethod::Exclusive10 && is(child, EXC_C14N, "InclusiveNamespaces") {
            let list = child.attribute("PrefixList").unwrap_or("");
            c14n.inclusive_prefixes = list
                .split_ascii_whitespace()
                .map(|p| {
                    if p == "#default" {
                        String::new()
                    } else {
                        p.to_owned()
                    }
                })
                .collect();
        } else {
            return Err(Error::xml(
                XmlReason::UnsupportedTransform,
                format!(
                    "parameter {} of canonicalization {uri} is not supported",
                    child.tag_name().name()
                ),
            ));
        }
    }
    Ok(Some(c14n))
}

/// Reads a Signature element strictly (XML Signature 1.1 section 4.1): a
/// SignedInfo (CanonicalizationMethod, SignatureMethod, one or more
/// References), a SignatureValue, an optional KeyInfo and Objects. A
/// Manifest anywhere in it is refused.
pub(crate) fn read_signature<'a, 'i>(
    node: Node<'a, 'i>,
) -> Result<SignatureElement<'a, 'i>, Error> {
    if node.descendants().any(|d| is(d, DSIG, "Manifest")) {
        return Err(Error::xml(
            XmlReason::Manifest,
            "a Manifest in the Signature (its references would go unchecked)",
        ));
    }
    let children = element_children(node)?;
    let mut it = children.into_iter();
    let signed_info = it
        .next()
        .filter(|n| is(*n, DSIG, "SignedInfo"))
        .ok_or_else(|| malformed("Signature does not start with SignedInfo"))?;
    let value_node = it
        .next()
        .filter(|n| is(*n, DSIG, "SignatureValue"))
        .ok_or_else(|| malformed("SignedInfo is not followed by SignatureValue"))?;
    let value = base64_text(value_node, "SignatureValue")?;
    let mut key_info = None;
    for (i, other) in it.enumerate() {
        if i == 0 && is(other, DSIG, "KeyInfo") {
            key_info = Some(other);
        } else if !is(other, DSIG, "Object") {
            return Err(malformed(format!(
                "unexpected element {} in Signature",
                other.tag_name().name()
            )));
        }
    }

    let si = element_children(signed_info)?;
    let mut it = si.into_iter();
    let cm = it
        .next()
        .filter(|n| is(*n, DSIG, "CanonicalizationMethod"))
        .ok_or_else(|| malformed("SignedInfo does not start with CanonicalizationMethod"))?;
    let cm_uri = algorithm_attr(cm)?;
    let c14n = c14n_of(cm, cm_uri)?.ok_or_else(|| {
        Error::xml(
            XmlReason::UnsupportedTransform,
            format!("canonicalization method {cm_uri} is not supported"),
        )
    })?;
    let sm = it
        .next()
        .filter(|n| is(*n, DSIG, "SignatureMethod"))
        .ok_or_else(|| malformed("CanonicalizationMethod is not followed by SignatureMethod"))?;
    if let Some(child) = element_children(sm)?.first() {
        return Err(malformed(format!(
            "SignatureMethod parameter {} is not supported",
            child.tag_name().name()
        )));
    }
    let method_uri = algorithm_attr(sm)?;
    let mut references = Vec::new();
    for r in it {
        if !is(r, DSIG, "Reference") {
            return Err(malformed(format!(
                "unexpected element {} in SignedInfo",
                r.tag_name().name()
            )));
        }
        if references.len() >= MAX_REFERENCES {
            return Err(Error::LimitExceeded {
                what: "References of a SignedInfo",
                limit: MAX_REFERENCES,
            });
        }
        references.push(read_reference(r)?);
    }
    if references.is_empty() {
        return Err(malformed("SignedInfo has no Reference"));
    }
    Ok(SignatureElement {
        node,
        signed_info,
        c14n,
        method_uri,
        references,
        value,
        key_info,
    })
}

fn read_reference<'a, 'i>(node: Node<'a, 'i>) -> Result<Reference<'a, 'i>, Error> {
    let uri = node.attribute("URI").ok_or_else(|| {
        malformed("a Reference without URI (the application would choose what it means)")
    })?;
    let children = element_children(node)?;
    let mut it = children.into_iter().peekable();
    let mut transforms = Vec::new();
    if let Some(t) = it.next_if(|n| is(*n, DSIG, "Transforms")) {
        for tr in element_children(t)? {
            if !is(tr, DSIG, "Transform") {
                return Err(malformed("Transforms holds something other than Transform"));
            }
            if transforms.len() >= MAX_TRANSFORMS {
                return Err(Error::LimitExceeded {
                    what: "Transforms of a Reference",
                    limit: MAX_TRANSFORMS,
                });
            }
            let alg = algorithm_attr(tr)?;
            if alg == ENVELOPED {
                if !element_children(tr)?.is_empty() {
                    return Err(malformed("enveloped-signature takes no parameters"));
                }
                transforms.push(Transform::Enveloped);
            } else if let Some(c) = c14n_of(tr, alg)? {
                transforms.push(Transform::C14n(c));
            } else {
                return Err(Error::xml(
                    XmlReason::UnsupportedTransform,
                    format!("transform {} is not supported", transform_name(alg)),
                ));
            }
        }
    }
    // Supported: [enveloped-signature] [canonicalization], in this order.
    let ok = matches!(
        transforms.as_slice(),
        [] | [Transform::Enveloped]
            | [Transform::C14n(_)]
            | [Transform::Enveloped, Transform::C14n(_)]
    );
    if !ok {
        let list: Vec<&str> = transforms.iter().map(Transform::uri).collect();
        return Err(Error::xml(
            XmlReason::UnsupportedTransform,
            format!(
                "the transform sequence {} is not supported",
                list.join(", ")
            ),
        ));
    }
    let dm = it
        .next()
        .filter(|n| is(*n, DSIG, "DigestMethod"))
        .ok_or_else(|| malformed("a Reference without DigestMethod"))?;
    let digest_uri = algorithm_attr(dm)?;
    let dv = it
        .next()
        .filter(|n| is(*n, DSIG, "DigestValue"))
        .ok_or_else(|| malformed("a Reference without DigestValue"))?;
    let digest_value = base64_text(dv, "DigestValue")?;
    if let Some(extra) = it.next() {
        return Err(malformed(format!(
            "unexpected element {} in Reference",
            extra.tag_name().name()
        )));
    }
    Ok(Reference {
        uri,
        transforms,
        digest_uri,
        digest_value,
        _node: std::marker::PhantomData,
    })
}

/// A transform's name for a refusal.
fn transform_name(uri: &str) -> String {
    let known = match uri {
        "http://www.w3.org/TR/1999/REC-xpath-19991116" => "XPath",
        "http://www.w3.org/2002/06/xmldsig-filter2" => "XPath Filter 2.0",
        "http://www.w3.org/TR/1999/REC-xslt-19991116" => "XSLT",
        "http://www.w3.org/2000/09/xmldsig#base64" => "base64",
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#STR-Transform" => {
            "STR-Transform"
        }
        _ => "",
    };
    if known.is_empty() {
        uri.to_owned()
    } else {
        format!("{known} ({uri})")
    }
}

/// The elements carrying each Id value: `Id`, `ID`, `id` (no namespace),
/// `wsu:Id` and `xml:id`.
pub(crate) fn id_of<'a>(node: Node<'a, '_>) -> impl Iterator<Item = &'a str> + 'a {
    node.attributes().filter_map(|a| {
        let ns = a.namespace();
        let name = a.name();
        let is_id = match ns {
            None => matches!(name, "Id" | "ID" | "id"),
            Some(WSU) => name == "Id",
            Some("http://www.w3.org/XML/1998/namespace") => name == "id",
            _ => false,
        };
        is_id.then(|| a.value())
    })
}

/// The one element whose Id is `id`: none is
/// [`XmlReason::ReferenceNotFound`], two are [`XmlReason::DuplicateId`].
pub(crate) fn find_by_id<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Result<Node<'a, 'i>, Error> {
    let mut found: Option<NodeId> = None;
    let mut result = None;
    for node in doc.descendants().filter(Node::is_element) {
        if id_of(node).any(|v| v == id) {
            if found.is_some_and(|f| f != node.id()) {
                return Err(Error::xml(
                    XmlReason::DuplicateId,
                    format!("two elements carry Id {id:?}"),
                ));
            }
            found = Some(node.id());
            result = Some(node);
        }
    }
    result.ok_or_else(|| {
        Error::xml(
            XmlReason::ReferenceNotFound,
            format!("no element carries Id {id:?}"),
        )
    })
}
