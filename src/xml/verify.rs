//! Verifying XML signatures: each Signature's references (resolved once,
//! unambiguously), its SignedInfo signature, its key and the signer's
//! certificate through the same validation as CMS; the WS-Security rules
//! of a SOAP message on top (the Body signed, a signed Timestamp current).

use roxmltree::{Document, Node, NodeId};

use super::c14n::{canonicalize, C14n, C14nMethod};
use super::dsig::{
    self, base64_text, digest_method, find_by_id, is, read_signature, signature_method,
    SignatureElement, Transform, BASE64_BINARY, DSIG, SOAP11, SOAP12, WSSE, WSU, X509SKI, X509V3,
};
use super::parse::{malformed, normalize_line_ends, parse};
use crate::algorithm::digest::digest;
use crate::cert::Certificate;
use crate::cms::{DocumentReport, SignerReport};
use crate::context::{Context, PastTime};
use crate::error::{Error, XmlReason};
use crate::policy::Options;
use crate::time::Time;

/// The verdict on an XML document: the same verdict and signer reports as
/// a CMS document ([`DocumentReport`]), and what the signatures cover.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
#[must_use]
pub struct XmlReport {
    /// Valid, the reason, one report per Signature element (in document
    /// order), as for CMS.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub document: DocumentReport,
    /// What each Signature element says: its algorithms and references.
    pub signatures: Vec<XmlSignatureInfo>,
    /// True if the document is a SOAP message checked under WS-Security.
    pub soap: bool,
    /// The local names of the elements the valid signatures cover, in
    /// document order (`Body`, `Timestamp`; the document element for an
    /// enveloped signature over the whole document).
    pub signed_elements: Vec<String>,
    /// WS-Security: the signed Timestamp's Created and Expires.
    pub timestamp: Option<(Time, Option<Time>)>,
    /// WS-Security: the signed SOAP Body in the canonical form that was
    /// digested, set only when the report is valid. A service reads this,
    /// never the message it came in.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub signed_body: Option<Vec<u8>>,
}

/// One Signature element of an XML document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct XmlSignatureInfo {
    /// The Signature's Id attribute, if any.
    pub id: Option<String>,
    /// The CanonicalizationMethod of SignedInfo (URI).
    pub canonicalization: String,
    /// The SignatureMethod (URI).
    pub signature_method: String,
    /// The References, in order.
    pub references: Vec<XmlReferenceInfo>,
}

/// One Reference of a Signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct XmlReferenceInfo {
    /// The URI (`""` for the whole document, `#id`).
    pub uri: String,
    /// The transforms' URIs, in order.
    pub transforms: Vec<String>,
    /// The DigestMethod (URI).
    pub digest_method: String,
    /// The local name of the referenced element, if it was resolved.
    pub element: Option<String>,
    /// True if the digest of the referenced content matches.
    pub digest_valid: bool,
}

impl XmlReport {
    fn unreadable(e: Error) -> Self {
        XmlReport {
            document: DocumentReport::unreadable(e),
            signatures: Vec::new(),
            soap: false,
            signed_elements: Vec::new(),
            timestamp: None,
            signed_body: None,
        }
    }

    /// `Ok(())` if valid, else the reason.
    pub fn result(&self) -> Result<(), Error> {
        self.document.result()
    }

    /// True only if every Signature is valid (and, for a SOAP message,
    /// the WS-Security rules hold).
    pub fn valid(&self) -> bool {
        self.document.valid
    }

    /// The report as JSON.
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

/// The SOAP structure of a message: its Envelope's Body and Header.
struct Soap<'a, 'i> {
    body: Node<'a, 'i>,
    header: Option<Node<'a, 'i>>,
    /// A Body out of its place (a second one, or one moved into a
    /// wrapper): reported after the signatures' own reasons.
    misplaced: Option<Error>,
}

fn soap_parts<'a, 'i>(doc: &'a Document<'i>) -> Result<Option<Soap<'a, 'i>>, Error> {
    let root = doc.root_element();
    let ns = if is(root, SOAP11, "Envelope") {
        SOAP11
    } else if is(root, SOAP12, "Envelope") {
        SOAP12
    } else {
        return Ok(None);
    };
    let mut body = None;
    let mut header = None;
    let mut misplaced = None;
    for child in root.children().filter(Node::is_element) {
        if is(child, ns, "Body") {
            if body.is_some() {
                misplaced.get_or_insert(Error::xml(
                    XmlReason::WrappedElement,
                    "the Envelope has two Bodies",
                ));
                continue;
            }
            body = Some(child);
        } else if is(child, ns, "Header") {
            if header.is_some() || body.is_some() {
                return Err(malformed("a SOAP Header after the Body, or a second one"));
            }
            header = Some(child);
        }
    }
    let body = body.ok_or_else(|| malformed("a SOAP Envelope without a Body"))?;
    // A Body anywhere but in its place is a wrapping attempt.
    for node in doc.descendants() {
        if (is(node, SOAP11, "Body") || is(node, SOAP12, "Body"))
            && node.id() != body.id()
            && node.parent().map(|p| p.id()) != Some(root.id())
        {
            misplaced.get_or_insert(Error::xml(
                XmlReason::WrappedElement,
                "a SOAP Body outside its place as the Envelope's child",
            ));
        }
    }
    Ok(Some(Soap {
        body,
        header,
        misplaced,
    }))
}

/// What one verified Signature covered.
struct Covered {
    elements: Vec<NodeId>,
    body: Option<Vec<u8>>,
}

impl Context {
    /// See [`Verifier::verify_xml`](crate::Verifier::verify_xml).
    pub(crate) fn verify_xml(&self, input: &[u8], options: &Options) -> XmlReport {
        let input = normalize_line_ends(input);
        let doc = match parse(&input) {
            Ok(d) => d,
            Err(e) => return XmlReport::unreadable(e),
        };
        let soap = match soap_parts(&doc) {
            Ok(s) => s,
            Err(e) => return XmlReport::unreadable(e),
        };
        // The Signatures: every XMLDSig Signature not inside another.
        let sigs: Vec<Node<'_, '_>> = doc
            .descendants()
            .filter(|n| is(*n, DSIG, "Signature"))
            .filter(|n| !n.ancestors().skip(1).any(|a| is(a, DSIG, "Signature")))
            .collect();
        if sigs.is_empty() {
            return XmlReport::unreadable(Error::xml(
                XmlReason::NoSignature,
                "no Signature element of the XMLDSig namespace",
            ));
        }
        if sigs.len() > dsig::MAX_SIGNATURES {
            return XmlReport::unreadable(Error::LimitExceeded {
                what: "Signature elements of an XML document",
                limit: dsig::MAX_SIGNATURES,
            });
        }
        let mut report = XmlReport::unreadable(Error::NoSigners);
        report.soap = soap.is_some();
        let mut covered: Vec<NodeId> = Vec::new();
        let mut body_bytes = None;
        let mut signers = Vec::new();
        for sig in &sigs {
            let (signer, info, cov) = self.verify_xml_signature(&doc, *sig, soap.as_ref(), options);
            if signer.valid {
                if let Some(cov) = cov {
                    covered.extend(cov.elements);
                    if cov.body.is_some() {
                        body_bytes = cov.body;
                    }
                }
            }
            signers.push(signer);
            report.signatures.push(info);
        }
        let mut reason = signers.iter().find_map(|s| s.reason.clone());
        // WS-Security: the Body must be covered, a signed Timestamp current.
        if let (Some(soap), None) = (&soap, &reason) {
            reason = soap
                .misplaced
                .clone()
                .or_else(|| self.check_wsse(soap, &covered, options, &mut report).err());
        }
        covered.sort_unstable_by_key(|id| id.get());
        covered.dedup();
        report.signed_elements = covered
            .iter()
            .filter_map(|id| doc.get_node(*id))
            .map(|n| n.tag_name().name().to_owned())
            .collect();
        let valid = reason.is_none() && signers.iter().all(|s| s.valid);
        report.document = DocumentReport::from_parts(valid, reason, signers);
        if valid && report.soap {
            report.signed_body = body_bytes;
        }
        report
    }

    fn check_wsse(
        &self,
        soap: &Soap<'_, '_>,
        covered: &[NodeId],
        options: &Options,
        report: &mut XmlReport,
    ) -> Result<(), Error> {
        if !covered.contains(&soap.body.id()) {
            return Err(Error::xml(
                XmlReason::BodyNotSigned,
                "no valid signature covers the SOAP Body",
            ));
        }
        let skew = i64::try_from(self.policy().max_clock_skew.as_secs()).unwrap_or(i64::MAX);
        let timestamps = soap
            .header
            .into_iter()
            .flat_map(|h| h.children())
            .filter(|n| is(*n, WSSE, "Security"))
            .flat_map(|s| s.children())
            .filter(|n| is(*n, WSU, "Timestamp"));
        for ts in timestamps {
            if !covered.contains(&ts.id()) {
                continue; // not signed: not evidence, not read
            }
            let read = |local: &str| -> Result<Option<Time>, Error> {
                match ts.children().find(|n| is(*n, WSU, local)) {
                    None => Ok(None),
                    Some(n) => {
                        let text = n.text().unwrap_or("").trim();
                        Time::parse_rfc3339(text).map(Some).ok_or_else(|| {
                            Error::xml(
                                XmlReason::TimestampInvalid,
                                format!("Timestamp {local} {text:?} is not a dateTime in UTC"),
                            )
                        })
                    }
                }
            };
            let created = read("Created")?.ok_or_else(|| {
                Error::xml(
                    XmlReason::TimestampInvalid,
                    "a signed Timestamp without Created",
                )
            })?;
            let expires = read("Expires")?;
            report.timestamp = Some((created, expires));
            let now = options.time.unix();
            if created.unix() > now.saturating_add(skew) {
                return Err(Error::xml(
                    XmlReason::TimestampInvalid,
                    format!(
                        "Timestamp Created {created} is after the validation time {}",
                        options.time
                    ),
                ));
            }
            if let Some(exp) = expires {
                if exp.unix() < now.saturating_sub(skew) {
                    return Err(Error::xml(
                        XmlReason::TimestampInvalid,
                        format!("Timestamp expired at {exp} (validated at {})", options.time),
                    ));
                }
            }
        }
        Ok(())
    }

    fn verify_xml_signature<'a, 'i>(
        &self,
        doc: &'a Document<'i>,
        node: Node<'a, 'i>,
        soap: Option<&Soap<'a, 'i>>,
        options: &Options,
    ) -> (SignerReport, XmlSignatureInfo, Option<Covered>) {
        let mut info = XmlSignatureInfo {
            id: node.attribute("Id").map(str::to_owned),
            canonicalization: String::new(),
            signature_method: String::new(),
            references: Vec::new(),
        };
        let mut signer = SignerReport::empty(options.time);
        let sig = match read_signature(node) {
            Ok(s) => s,
            Err(e) => {
                signer.reason = Some(e);
                signer.signature_algorithm = "unread".into();
                signer.digest_algorithm = "unread".into();
                return (signer, info, None);
            }
        };
        info.canonicalization = sig.c14n.uri().to_owned();
        info.signature_method = sig.method_uri.to_owned();
        signer.signature_algorithm = sig.method_uri.to_owned();
        signer.digest_algorithm = sig
            .references
            .first()
            .map(|r| r.digest_uri.to_owned())
            .unwrap_or_default();
        let result = self.check_xml_signature(doc, &sig, soap, options, &mut info);
        match result {
            Err(e) => {
                signer.reason = Some(e);
                (signer, info, None)
            }
            Ok((alg, cert, extra, covered)) => {
                signer.signature_algorithm = alg.name().to_owned();
                signer.digest_algorithm = alg.hash().name().to_owned();
                let cert_report = self.verify_certificate_at(
                    &cert,
                    options,
                    &extra,
                    &options.crls,
                    options.time,
                    PastTime::Present,
                );
                signer.valid = cert_report.valid;
                signer.reason = cert_report.result().err();
                signer.certificate = Some(cert_report);
                (signer, info, Some(covered))
            }
        }
    }

    /// The references, the key and the signature of one Signature.
    #[allow(clippy::type_complexity)]
    fn check_xml_signature<'a, 'i>(
        &self,
        doc: &'a Document<'i>,
        sig: &SignatureElement<'a, 'i>,
        soap: Option<&Soap<'a, 'i>>,
        options: &Options,
        info: &mut XmlSignatureInfo,
    ) -> Result<
        (
            crate::algorithm::SignatureAlgorithm,
            Certificate,
            Vec<Certificate>,
            Covered,
        ),
        Error,
    > {
        let allow_legacy = self.policy().allow_legacy_algorithms;
        let alg = signature_method(sig.method_uri)?;
        if alg.is_legacy() && !allow_legacy {
            return Err(Error::LegacyAlgorithmNotAllowed {
                algorithm: alg.name(),
            });
        }
        let mut covered = Covered {
            elements: Vec::new(),
            body: None,
        };
        let mut first_error = None;
        for r in &sig.references {
            let mut ri = XmlReferenceInfo {
                uri: r.uri.to_owned(),
                transforms: r.transforms.iter().map(|t| t.uri().to_owned()).collect(),
                digest_method: r.digest_uri.to_owned(),
                element: None,
                digest_valid: false,
            };
            let outcome = (|| -> Result<(), Error> {
                let hash = digest_method(r.digest_uri)?;
                if hash == crate::algorithm::HashAlgorithm::Sha1 && !allow_legacy {
                    return Err(Error::LegacyAlgorithmNotAllowed { algorithm: "SHA-1" });
                }
                let apex = resolve(doc, r.uri)?;
                ri.element = Some(if apex.is_element() {
                    apex.tag_name().name().to_owned()
                } else {
                    doc.root_element().tag_name().name().to_owned()
                });
                let mut exclude = None;
                let mut c14n = C14n {
                    method: C14nMethod::Inclusive10,
                    with_comments: false,
                    inclusive_prefixes: Vec::new(),
                };
                for t in &r.transforms {
                    match t {
                        Transform::Enveloped => {
                            if !sig.node.ancestors().any(|a| a.id() == apex.id()) {
                                return Err(Error::xml(
                                    XmlReason::WrappedElement,
                                    format!(
                                        "enveloped-signature on reference {:?}, which does not contain the Signature",
                                        r.uri
                                    ),
                                ));
                            }
                            exclude = Some(sig.node.id());
                        }
                        Transform::C14n(c) => c14n = c.clone(),
                    }
                }
                // The whole-document and bare-name references never carry
                // comments; one inside the signed content would be read
                // but not signed (comment injection).
                let scope = if apex.is_element() {
                    apex
                } else {
                    doc.root_element()
                };
                let comment = scope.descendants().find(|n| {
                    n.is_comment() && !exclude.is_some_and(|x| n.ancestors().any(|a| a.id() == x))
                });
                if comment.is_some() {
                    return Err(Error::xml(
                        XmlReason::CommentInSignedContent,
                        format!("a comment inside the content reference {:?} signs", r.uri),
                    ));
                }
                c14n.with_comments = false;
                let canonical = canonicalize(doc, apex, exclude, &c14n)?;
                let computed = digest(hash, &canonical)?;
                if computed != r.digest_value {
                    return Err(Error::xml(
                        XmlReason::DigestMismatch,
                        format!("the digest of reference {:?} differs", r.uri),
                    ));
                }
                ri.digest_valid = true;
                let element = if apex.is_element() {
                    apex
                } else {
                    doc.root_element()
                };
                covered.elements.push(element.id());
                if let Some(soap) = soap {
                    if element.id() == soap.body.id() {
                        covered.body = Some(canonical);
                    }
                }
                Ok(())
            })();
            info.references.push(ri);
            if let Err(e) = outcome {
                first_error.get_or_insert(e);
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        let (cert, extra) = self.xml_signer_certificate(doc, sig, options)?;
        let signed_info = canonicalize(doc, sig.signed_info, None, &sig.c14n)?;
        cert.verify_with_key(
            self.backend(),
            alg,
            &signed_info,
            xml_signature_value(alg, &sig.value),
        )?;
        Ok((alg, cert, extra, covered))
    }

    /// The signer's certificate from KeyInfo (X509Data, WS-Security
    /// SecurityTokenReference) or the caller's certificates, and the other
    /// certificates the Signature carries (untrusted intermediates).
    fn xml_signer_certificate(
        &self,
        doc: &Document<'_>,
        sig: &SignatureElement<'_, '_>,
        options: &Options,
    ) -> Result<(Certificate, Vec<Certificate>), Error> {
        let not_found = |what: String| Error::SignerCertificateNotFound { signer: what };
        let Some(key_info) = sig.key_info else {
            return Err(not_found("a Signature without KeyInfo".into()));
        };
        let pool: Vec<&Certificate> = options
            .intermediates
            .iter()
            .chain(self.intermediates().iter())
            .collect();
        let mut carried: Vec<Certificate> = Vec::new();
        let mut wanted: Option<Certificate> = None;
        let push = |carried: &mut Vec<Certificate>, der: Vec<u8>| -> Result<(), Error> {
            if carried.len() >= dsig::MAX_KEYINFO_CERTIFICATES {
                return Err(Error::LimitExceeded {
                    what: "certificates of a KeyInfo",
                    limit: dsig::MAX_KEYINFO_CERTIFICATES,
                });
            }
            carried.push(Certificate::from_der(&der)?);
            Ok(())
        };
        for item in key_info.children().filter(Node::is_element) {
            if is(item, DSIG, "X509Data") {
                for x in item.children().filter(Node::is_element) {
                    if is(x, DSIG, "X509Certificate") {
                        push(&mut carried, base64_text(x, "X509Certificate")?)?;
                    } else if is(x, DSIG, "X509SKI") {
                        let ski = base64_text(x, "X509SKI")?;
                        wanted = pool
                            .iter()
                            .find(|c| c.data().ski.as_deref() == Some(ski.as_slice()))
                            .map(|c| (*c).clone());
                        if wanted.is_none() {
                            return Err(not_found(format!("key identifier {}", hex(&ski))));
                        }
                    } else if is(x, DSIG, "X509IssuerSerial") {
                        wanted = Some(issuer_serial(x, &pool)?);
                    }
                }
            } else if is(item, WSSE, "SecurityTokenReference") {
                for r in item.children().filter(Node::is_element) {
                    if is(r, WSSE, "KeyIdentifier") {
                        match r.attribute("ValueType") {
                            Some(X509V3) => push(&mut carried, base64_text(r, "KeyIdentifier")?)?,
                            Some(X509SKI) => {
                                let ski = base64_text(r, "KeyIdentifier")?;
                                wanted = pool
                                    .iter()
                                    .find(|c| c.data().ski.as_deref() == Some(ski.as_slice()))
                                    .map(|c| (*c).clone());
                                if wanted.is_none() {
                                    return Err(not_found(format!("key identifier {}", hex(&ski))));
                                }
                            }
                            other => {
                                return Err(malformed(format!(
                                    "KeyIdentifier ValueType {} is not supported",
                                    other.unwrap_or("(none)")
                                )))
                            }
                        }
                    } else if is(r, WSSE, "Reference") {
                        let uri = r.attribute("URI").unwrap_or("");
                        let id = uri.strip_prefix('#').ok_or_else(|| {
                            Error::xml(
                                XmlReason::ExternalReference,
                                format!("token reference {uri:?} is not in the document"),
                            )
                        })?;
                        let token = find_by_id(doc, id)?;
                        if !is(token, WSSE, "BinarySecurityToken")
                            || token.attribute("ValueType") != Some(X509V3)
                            || token
                                .attribute("EncodingType")
                                .is_some_and(|e| e != BASE64_BINARY)
                        {
                            return Err(malformed(format!(
                                "token reference {uri:?} is not an X.509 v3 BinarySecurityToken"
                            )));
                        }
                        push(&mut carried, base64_text(token, "BinarySecurityToken")?)?;
                    }
                }
            }
        }
        if let Some(cert) = wanted {
            return Ok((cert, carried));
        }
        // The signer is the first end-entity certificate carried; the rest
        // are untrusted intermediates.
        let index = carried
            .iter()
            .position(|c| !c.info().is_ca)
            .or(if carried.is_empty() { None } else { Some(0) })
            .ok_or_else(|| {
                not_found("a KeyInfo without a certificate or a usable reference".into())
            })?;
        let cert = carried.remove(index);
        Ok((cert, carried))
    }
}

/// The signature as the backend takes it: ECDSA `r || s` as XML writes it
/// (RFC 4050, [`SignatureAlgorithm::EcdsaP1363`]); GOST as the national
/// provider writes it in XML, the same bytes as in its CMS (`r || s`
/// little-endian; checked on its real samples); RSA as is.
///
/// [`SignatureAlgorithm::EcdsaP1363`]: crate::algorithm::SignatureAlgorithm::EcdsaP1363
fn xml_signature_value(_alg: crate::algorithm::SignatureAlgorithm, value: &[u8]) -> &[u8] {
    value
}

/// A reference's URI, resolved once: `""` the document, `#id` the one
/// element with that Id; XPointer and other documents refused.
fn resolve<'a, 'i>(doc: &'a Document<'i>, uri: &str) -> Result<Node<'a, 'i>, Error> {
    if uri.is_empty() {
        return Ok(doc.root());
    }
    match uri.strip_prefix('#') {
        Some(id) if id.starts_with("xpointer(") => Err(Error::xml(
            XmlReason::ExternalReference,
            format!("XPointer reference {uri:?} is not supported"),
        )),
        Some(id) if !id.is_empty() => find_by_id(doc, id),
        _ => Err(Error::xml(
            XmlReason::ExternalReference,
            format!("reference {uri:?} is outside the document"),
        )),
    }
}

fn hex(bytes: &[u8]) -> String {
    crate::encoding::hex_lower(bytes)
}

/// X509IssuerSerial: the caller's certificate with that serial number
/// (decimal) and issuer (compared as RFC 4514 text, case and spaces
/// around separators ignored, RDNs in either order).
fn issuer_serial(node: Node<'_, '_>, pool: &[&Certificate]) -> Result<Certificate, Error> {
    let text = |local: &str| {
        node.children()
            .find(|n| is(*n, DSIG, local))
            .and_then(|n| n.text())
            .map(|t| t.trim().to_owned())
            .ok_or_else(|| malformed(format!("X509IssuerSerial without {local}")))
    };
    let issuer = text("X509IssuerName")?;
    let serial = text("X509SerialNumber")?;
    let serial_hex = decimal_to_hex(&serial).ok_or_else(|| {
        malformed(format!(
            "X509SerialNumber {serial:?} is not a decimal number"
        ))
    })?;
    // RDNs compared as text, case and spaces around separators ignored, in
    // either order: RFC 4514 writes the last RDN first (Java, .NET, this
    // crate), xmlsec1 1.2 writes them in DER order (`C=KZ,CN=...`).
    let norm = |s: &str| -> Vec<String> {
        s.split(',')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                format!("{}={}", k.trim().to_lowercase(), v.trim().to_lowercase())
            })
            .collect()
    };
    let want = norm(&issuer);
    let mut reversed = want.clone();
    reversed.reverse();
    pool.iter()
        .find(|c| {
            let have = norm(&c.info().issuer);
            c.info()
                .serial
                .trim_start_matches('0')
                .eq_ignore_ascii_case(serial_hex.trim_start_matches('0'))
                && (have == want || have == reversed)
        })
        .map(|c| (*c).clone())
        .ok_or(Error::SignerCertificateNotFound {
            signer: format!("issuer {issuer}, serial {serial}"),
        })
}

/// A decimal number as hex digits (no leading zeros), for serial numbers.
fn decimal_to_hex(decimal: &str) -> Option<String> {
    if decimal.is_empty() || decimal.len() > 100 || !decimal.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Base 10 to base 256, big-endian, by repeated multiply-add.
    let mut bytes: Vec<u8> = vec![0];
    for d in decimal.bytes().map(|b| b - b'0') {
        let mut carry = u32::from(d);
        for b in bytes.iter_mut().rev() {
            let v = u32::from(*b) * 10 + carry;
            *b = (v & 0xff) as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            bytes.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let hex = hex(&bytes);
    let trimmed = hex.trim_start_matches('0');
    Some(if trimmed.is_empty() {
        "0".into()
    } else {
        trimmed.to_owned()
    })
}
