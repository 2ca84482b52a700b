//! Making XML signatures: enveloped the way the national provider's
//! `signXml` lays them out, by Id, and WS-Security over a SOAP Body. The
//! document's bytes are kept as they are (Cyrillic included): the
//! signature is inserted into the text, never re-serialized.

use base64::Engine;
use roxmltree::{Document, Node};

use super::c14n::{canonicalize, C14n, C14N10, EXC_C14N};
use super::dsig::{
    digest_method_uri, find_by_id, id_of, is, signature_method_uri, BASE64_BINARY, DSIG, ENVELOPED,
    SOAP11, SOAP12, WSSE, WSU, X509V3,
};
use super::parse::{element_prefix, malformed, normalize_line_ends, parse};
use crate::algorithm::digest::digest;
use crate::algorithm::{HashAlgorithm, SignatureAlgorithm};
use crate::cert::Certificate;
use crate::error::{Error, XmlReason};
use crate::keys::Signer;
use crate::time::Time;

/// What an XML signature covers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum XmlSignMode {
    /// The whole document, enveloped (`URI=""`, enveloped-signature and
    /// inclusive C14N 1.0), the Signature the document element's last
    /// child: the national provider's `signXml`.
    Enveloped,
    /// The one element with this Id (`Id`, `ID`, `id`, `wsu:Id`), under
    /// exclusive C14N; the Signature the document element's last child.
    ById(String),
    /// WS-Security (OASIS SOAP Message Security 1.1): the SOAP Body by
    /// `wsu:Id` (added when missing) under exclusive C14N, the certificate
    /// as a BinarySecurityToken, a `wsse:Security` header first in the
    /// Header (added when missing), with a signed Timestamp when
    /// [`XmlSignOptions::timestamp`] is set.
    WsSecurity,
}

/// How to sign an XML document.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct XmlSignOptions {
    /// What the signature covers.
    pub mode: XmlSignMode,
    /// Certificates carried besides the signer's (its chain; X509Data
    /// only).
    pub chain: Vec<Certificate>,
    /// WS-Security: the Timestamp's Created and its lifetime in seconds.
    pub timestamp: Option<(Time, u32)>,
}

impl XmlSignOptions {
    /// Signs in `mode`, carrying only the signer's certificate, without a
    /// Timestamp.
    pub fn new(mode: XmlSignMode) -> Self {
        XmlSignOptions {
            mode,
            chain: Vec::new(),
            timestamp: None,
        }
    }
}

/// Signs an XML document (UTF-8) with `signer`, whose certificate is
/// `certificate`, and returns the signed document: the input's bytes with
/// the signature inserted (an element written empty where the signature
/// goes, `<soap:Header/>`, gets an end tag: the same canonical form).
/// Algorithms: RSA PKCS#1 v1.5 (`rsa-sha256`), RSA-PSS (`sha256-rsa-MGF1`),
/// ECDSA P-256 (`ecdsa-sha256`, `r || s`), ECDSA P-384 (`ecdsa-sha384` with
/// SHA-384 digests), GOST 34.10-2015 512 and GOST 34.310-2004 with the
/// national provider's URIs. A document with a comment inside its signed
/// content is refused ([`XmlReason::CommentInSignedContent`]: no verifier
/// here would accept it), as is one with a DOCTYPE. The signature signs
/// its own SignedInfo wherever other signatures stand in the document.
pub fn sign_xml(
    xml: &[u8],
    signer: &dyn Signer,
    certificate: &Certificate,
    options: &XmlSignOptions,
) -> Result<Vec<u8>, Error> {
    let alg = signer.algorithm();
    let method = signature_method_uri(match alg {
        SignatureAlgorithm::Ecdsa(h) => SignatureAlgorithm::EcdsaP1363(h),
        other => other,
    })
    .ok_or_else(|| Error::SigningUnavailable {
        detail: format!("no XML signature method for {}", alg.name()),
    })?;
    let digest_uri = digest_method_uri(alg.hash()).ok_or_else(|| Error::SigningUnavailable {
        detail: format!("no XML digest method for {}", alg.hash().name()),
    })?;
    // Line ends normalized: the signed document is written with LF only.
    let xml = normalize_line_ends(xml);
    // An empty element where the signature goes (`<soap:Header/>`, an
    // empty document element) gets an end tag: the same canonical form.
    let expanded = with_end_tags(&xml, &options.mode)?;
    let doc = parse(expanded.as_deref().map_or(&xml[..], str::as_bytes))?;
    let text = doc.input_text();
    let root = doc.root_element();
    let b64 = |der: &[u8]| wrap64(&base64::engine::general_purpose::STANDARD.encode(der));
    let cert_b64 = b64(certificate.der());

    // (position, text) insertions into the original, and the signature's
    // placeholder.
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let signature: String;
    let sig_pos: usize;
    match &options.mode {
        XmlSignMode::Enveloped | XmlSignMode::ById(_) => {
            let (uri, transforms, apex) = match &options.mode {
                XmlSignMode::ById(id) => {
                    let target = find_by_id(&doc, id)?;
                    let mut t = String::new();
                    if target.id() == root.id() {
                        t.push_str(&format!("<ds:Transform Algorithm=\"{ENVELOPED}\"/>\n"));
                    }
                    t.push_str(&format!("<ds:Transform Algorithm=\"{EXC_C14N}\"/>\n"));
                    (format!("#{id}"), t, target)
                }
                _ => (
                    String::new(),
                    format!(
                        "<ds:Transform Algorithm=\"{ENVELOPED}\"/>\n<ds:Transform Algorithm=\"{C14N10}\"/>\n"
                    ),
                    doc.root(),
                ),
            };
            let si_c14n = if matches!(options.mode, XmlSignMode::Enveloped) {
                C14N10
            } else {
                EXC_C14N
            };
            let c14n = C14n::from_uri(if matches!(options.mode, XmlSignMode::Enveloped) {
                C14N10
            } else {
                EXC_C14N
            })
            .ok_or_else(|| malformed("canonicalization"))?;
            let digest_value = reference_digest(&doc, apex, &c14n, alg)?;
            let mut x509 = format!("<ds:X509Certificate>{cert_b64}</ds:X509Certificate>\n");
            for c in &options.chain {
                x509.push_str(&format!(
                    "<ds:X509Certificate>{}</ds:X509Certificate>\n",
                    b64(c.der())
                ));
            }
            signature = format!(
                "<ds:Signature xmlns:ds=\"{DSIG}\">\n<ds:SignedInfo>\n\
                 <ds:CanonicalizationMethod Algorithm=\"{si_c14n}\"/>\n\
                 <ds:SignatureMethod Algorithm=\"{method}\"/>\n\
                 <ds:Reference URI=\"{uri}\">\n<ds:Transforms>\n{transforms}</ds:Transforms>\n\
                 <ds:DigestMethod Algorithm=\"{digest_uri}\"/>\n\
                 <ds:DigestValue>{}</ds:DigestValue>\n</ds:Reference>\n</ds:SignedInfo>\n\
                 <ds:SignatureValue>\u{0}</ds:SignatureValue>\n\
                 <ds:KeyInfo>\n<ds:X509Data>\n{x509}</ds:X509Data>\n</ds:KeyInfo>\n</ds:Signature>",
                b64(&digest_value)
            );
            sig_pos = end_tag_start(root)?;
        }
        XmlSignMode::WsSecurity => {
            let soap_ns = if is(root, SOAP11, "Envelope") {
                SOAP11
            } else if is(root, SOAP12, "Envelope") {
                SOAP12
            } else {
                return Err(malformed("WS-Security signing needs a SOAP Envelope"));
            };
            let soap_prefix = element_prefix(root);
            let qn = |local: &str| match soap_prefix {
                Some(p) => format!("{p}:{local}"),
                None => local.to_owned(),
            };
            let body = root
                .children()
                .find(|n| is(*n, soap_ns, "Body"))
                .ok_or_else(|| malformed("a SOAP Envelope without a Body"))?;
            let header = root.children().find(|n| is(*n, soap_ns, "Header"));
            // The Body's wsu:Id, added when missing.
            let body_id = match body
                .attributes()
                .find(|a| a.namespace() == Some(WSU) && a.name() == "Id")
            {
                Some(a) => a.value().to_owned(),
                None => {
                    let id = fresh_id(&doc, "body");
                    let at = start_tag_name_end(body);
                    inserts.push((at, format!(" xmlns:wsu=\"{WSU}\" wsu:Id=\"{id}\"")));
                    id
                }
            };
            let token_id = fresh_id(&doc, "x509");
            let ts_id = fresh_id(&doc, "ts");
            let exc = C14n::from_uri(EXC_C14N).ok_or_else(|| malformed("canonicalization"))?;
            // The Body's digest as it will stand: canonicalize the Body
            // with its wsu:Id in place (exclusive C14N: only what it uses).
            let body_digest = if inserts.is_empty() {
                reference_digest(&doc, body, &exc, alg)?
            } else {
                let mut patched = text.to_owned();
                let (at, ins) = &inserts[0];
                patched.insert_str(*at, ins);
                let pdoc = parse(patched.as_bytes())?;
                let pbody = pdoc
                    .root_element()
                    .children()
                    .find(|n| is(*n, soap_ns, "Body"))
                    .ok_or_else(|| malformed("a SOAP Envelope without a Body"))?;
                reference_digest(&pdoc, pbody, &exc, alg)?
            };
            let mut refs = format!(
                "<ds:Reference URI=\"#{body_id}\"><ds:Transforms><ds:Transform Algorithm=\"{EXC_C14N}\"/></ds:Transforms>\
                 <ds:DigestMethod Algorithm=\"{digest_uri}\"/><ds:DigestValue>{}</ds:DigestValue></ds:Reference>",
                b64(&body_digest)
            );
            let mut timestamp = String::new();
            if let Some((created, ttl)) = options.timestamp {
                let expires = Time::from_unix(created.unix().saturating_add(i64::from(ttl)));
                timestamp = format!(
                    "<wsu:Timestamp wsu:Id=\"{ts_id}\"><wsu:Created>{}</wsu:Created><wsu:Expires>{}</wsu:Expires></wsu:Timestamp>",
                    created.to_rfc3339(),
                    expires.to_rfc3339()
                );
                // The Timestamp alone, with the namespaces it will have in
                // scope (exclusive C14N renders only wsu).
                let alone = format!(
                    "<wsu:Timestamp xmlns:wsu=\"{WSU}\"{}",
                    &timestamp["<wsu:Timestamp".len()..]
                );
                let tdoc = parse(alone.as_bytes())?;
                let ts_digest = reference_digest(&tdoc, tdoc.root_element(), &exc, alg)?;
                refs.push_str(&format!(
                    "<ds:Reference URI=\"#{ts_id}\"><ds:Transforms><ds:Transform Algorithm=\"{EXC_C14N}\"/></ds:Transforms>\
                     <ds:DigestMethod Algorithm=\"{digest_uri}\"/><ds:DigestValue>{}</ds:DigestValue></ds:Reference>",
                    b64(&ts_digest)
                ));
            }
            signature = format!(
                "<wsse:Security xmlns:wsse=\"{WSSE}\" xmlns:wsu=\"{WSU}\" {}=\"1\">\
                 <wsse:BinarySecurityToken EncodingType=\"{BASE64_BINARY}\" ValueType=\"{X509V3}\" wsu:Id=\"{token_id}\">{}</wsse:BinarySecurityToken>\
                 {timestamp}<ds:Signature xmlns:ds=\"{DSIG}\"><ds:SignedInfo>\
                 <ds:CanonicalizationMethod Algorithm=\"{EXC_C14N}\"/><ds:SignatureMethod Algorithm=\"{method}\"/>{refs}</ds:SignedInfo>\
                 <ds:SignatureValue>\u{0}</ds:SignatureValue><ds:KeyInfo><wsse:SecurityTokenReference>\
                 <wsse:Reference URI=\"#{token_id}\" ValueType=\"{X509V3}\"/></wsse:SecurityTokenReference></ds:KeyInfo>\
                 </ds:Signature></wsse:Security>",
                qn("mustUnderstand"),
                base64::engine::general_purpose::STANDARD.encode(certificate.der())
            );
            match header {
                Some(h) => sig_pos = start_tag_end(h)?,
                None => {
                    sig_pos = body.range().start;
                    // The Header is opened before and closed after the
                    // Security header (below).
                    inserts.push((sig_pos, format!("<{}>", qn("Header"))));
                    inserts.push((sig_pos, String::from("\u{1}")));
                    inserts.push((sig_pos, format!("</{}>", qn("Header"))));
                }
            }
        }
    }
    // Assemble: the insertions in position order (stable for equal ones).
    let mut out = String::with_capacity(text.len() + signature.len() + 256);
    let mut placed_sig = false;
    let mut all: Vec<(usize, String)> = inserts;
    if !all.iter().any(|(_, s)| s == "\u{1}") {
        all.push((sig_pos, String::from("\u{1}")));
    }
    all.sort_by_key(|(p, _)| *p);
    let mut last = 0;
    for (pos, s) in &all {
        out.push_str(&text[last..*pos]);
        if s == "\u{1}" {
            out.push_str(&signature);
            placed_sig = true;
        } else {
            out.push_str(s);
        }
        last = *pos;
    }
    out.push_str(&text[last..]);
    if !placed_sig {
        return Err(malformed("the signature could not be placed"));
    }
    // The SignatureValue's place (XML text never holds NUL), left empty
    // while SignedInfo is canonicalized as it stands in the document.
    let value_at = out
        .find('\u{0}')
        .ok_or_else(|| malformed("the signature could not be placed"))?;
    out.remove(value_at);
    let signed_info = {
        let sdoc = parse(out.as_bytes())?;
        // The new signature's SignedInfo: the one in the Signature that
        // holds the value's place (the document may hold others before it).
        let sig = sdoc
            .descendants()
            .rfind(|n| is(*n, DSIG, "Signature") && n.range().contains(&value_at))
            .and_then(|s| s.children().find(|n| is(*n, DSIG, "SignedInfo")))
            .ok_or_else(|| malformed("SignedInfo not found"))?;
        let c14n_uri = sig
            .children()
            .find(|n| is(*n, DSIG, "CanonicalizationMethod"))
            .and_then(|n| n.attribute("Algorithm"))
            .unwrap_or(C14N10);
        let c14n = C14n::from_uri(c14n_uri).ok_or_else(|| malformed("canonicalization"))?;
        canonicalize(&sdoc, sig, None, &c14n)?
    };
    let value = signer.sign(&signed_info)?;
    let value = match alg {
        SignatureAlgorithm::Ecdsa(h) => {
            der_to_p1363(&value, if h == HashAlgorithm::Sha384 { 48 } else { 32 })?
        }
        _ => value,
    };
    let value = wrap64(&base64::engine::general_purpose::STANDARD.encode(&value));
    out.insert_str(value_at, &value);
    Ok(out.into_bytes())
}

/// The digest of a reference's canonical form, refusing comments inside
/// it (the verifier's comment-injection rule).
fn reference_digest(
    doc: &Document<'_>,
    apex: Node<'_, '_>,
    c14n: &C14n,
    alg: SignatureAlgorithm,
) -> Result<Vec<u8>, Error> {
    let scope = if apex.is_element() {
        apex
    } else {
        doc.root_element()
    };
    if scope.descendants().any(|n| n.is_comment()) {
        return Err(Error::xml(
            XmlReason::CommentInSignedContent,
            "the content to sign holds a comment (it would not be signed)",
        ));
    }
    let canonical = canonicalize(doc, apex, None, c14n)?;
    digest(alg.hash(), &canonical)
}

/// Base64 in lines of 64 characters, as the national provider writes it.
fn wrap64(b64: &str) -> String {
    let mut out = String::with_capacity(b64.len() + b64.len() / 64);
    for (i, chunk) in b64.as_bytes().chunks(64).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
    }
    out
}

/// An Id no element carries yet.
fn fresh_id(doc: &Document<'_>, base: &str) -> String {
    let taken = |id: &str| doc.descendants().any(|n| id_of(n).any(|v| v == id));
    let mut n = 1u32;
    loop {
        let id = format!("{base}-{n}");
        if !taken(&id) {
            return id;
        }
        n += 1;
    }
}

/// The document with an end tag for the element the signature goes into,
/// if it is written empty (`<soap:Header/>` becomes
/// `<soap:Header></soap:Header>`; C14N writes both alike): the document
/// element for [`XmlSignMode::Enveloped`] and [`XmlSignMode::ById`], a
/// SOAP Header for [`XmlSignMode::WsSecurity`]. None when nothing changes.
fn with_end_tags(xml: &[u8], mode: &XmlSignMode) -> Result<Option<String>, Error> {
    let doc = parse(xml)?;
    let root = doc.root_element();
    let target = match mode {
        XmlSignMode::Enveloped | XmlSignMode::ById(_) => Some(root),
        XmlSignMode::WsSecurity => root
            .children()
            .find(|n| is(*n, SOAP11, "Header") || is(*n, SOAP12, "Header")),
    };
    let text = doc.input_text();
    let Some(node) = target.filter(|n| text[n.range()].ends_with("/>")) else {
        return Ok(None);
    };
    let range = node.range();
    let start_tag = &text[range.clone()];
    let name_len = start_tag[1..]
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .ok_or_else(|| malformed("an element without a name"))?;
    let qname = &start_tag[1..=name_len];
    let mut out = String::with_capacity(text.len() + qname.len() + 3);
    out.push_str(&text[..range.end - 2]);
    out.push_str("></");
    out.push_str(qname);
    out.push('>');
    out.push_str(&text[range.end..]);
    Ok(Some(out))
}

/// Where an element's end tag starts (the last child goes there).
fn end_tag_start(node: Node<'_, '_>) -> Result<usize, Error> {
    let text = node.document().input_text();
    let range = node.range();
    let inner = &text[range.clone()];
    if inner.ends_with("/>") {
        return Err(malformed(format!(
            "the element {} is empty (<{0}/>): write it with an end tag to sign it",
            node.tag_name().name()
        )));
    }
    inner
        .rfind("</")
        .map(|i| range.start + i)
        .ok_or_else(|| malformed("an element without an end tag"))
}

/// Where an element's start tag ends (its first child goes there).
fn start_tag_end(node: Node<'_, '_>) -> Result<usize, Error> {
    let text = node.document().input_text();
    let range = node.range();
    let inner = &text[range.clone()];
    if inner.ends_with("/>") && !inner.contains("</") {
        return Err(malformed(format!(
            "the element {} is empty: write it with an end tag",
            node.tag_name().name()
        )));
    }
    // The first '>' outside attribute values.
    let mut quote = None;
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Ok(range.start + i + 1),
            _ => {}
        }
    }
    Err(malformed("an unterminated start tag"))
}

/// Where an element's name ends in its start tag (an attribute goes
/// there).
fn start_tag_name_end(node: Node<'_, '_>) -> usize {
    let text = node.document().input_text();
    let start = node.range().start + 1;
    let rest = &text[start..];
    start
        + rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len())
}

/// DER Ecdsa-Sig-Value to XML's `r || s` (RFC 4050), each `width` bytes,
/// the curve order's (32 for P-256, which signs with SHA-256; 48 for P-384,
/// which signs with SHA-384).
fn der_to_p1363(der: &[u8], width: usize) -> Result<Vec<u8>, Error> {
    let bad = || Error::SigningUnavailable {
        detail: "the ECDSA signature does not decode".into(),
    };
    let mut outer = crate::asn1::ber::Reader::new(der);
    let mut seq = crate::asn1::ber::Reader::new(
        outer
            .expect(crate::asn1::ber::SEQUENCE)
            .map_err(|_| bad())?,
    );
    let r = seq.expect(crate::asn1::ber::INTEGER).map_err(|_| bad())?;
    let s = seq.expect(crate::asn1::ber::INTEGER).map_err(|_| bad())?;
    let strip = |v: &[u8]| -> Vec<u8> {
        let mut v = v;
        while v.len() > 1 && v[0] == 0 {
            v = &v[1..];
        }
        v.to_vec()
    };
    let (r, s) = (strip(r), strip(s));
    if r.len() > width || s.len() > width {
        return Err(bad());
    }
    let mut out = vec![0u8; 2 * width];
    out[width - r.len()..width].copy_from_slice(&r);
    out[2 * width - s.len()..].copy_from_slice(&s);
    Ok(out)
}
