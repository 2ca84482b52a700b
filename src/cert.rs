//! A parsed view of a certificate: names, IIN/BIN, roles, key kind, and the
//! facts path validation needs (RFC 5280 section 4), owned so that a
//! [`Certificate`] can be shared and kept without borrowing its input.

use std::fmt;
use std::sync::Arc;

use rustls_pki_types::pem::SectionKind;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{DistributionPointName, GeneralName, ParsedExtension};
use x509_parser::prelude::FromDer;
use x509_parser::x509::X509Name;

use crate::algorithm::{PreparedKey, SignatureAlgorithm, SignatureVerifier};
use crate::error::Error;
use crate::identity::{Bin, Iin};
use crate::time::Time;
pub use crate::vocabulary::{KeyKind, Role};

/// Largest certificate accepted, in bytes. Real certificates of the national
/// CA are 1-3 KB; the bound keeps a hostile input from costing much.
pub(crate) const MAX_CERT_LEN: usize = 64 * 1024;

/// Longest serial number accepted, in octets of its value (RFC 5280
/// 4.1.2.2: conforming CAs use at most 20).
const MAX_SERIAL_LEN: usize = 20;

pub(crate) const EKU_EMAIL_PROTECTION: &str = "1.3.6.1.5.5.7.3.4";
pub(crate) const EKU_CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
pub(crate) const EKU_ANY: &str = "2.5.29.37.0";

/// Extensions this library understands; any other extension marked
/// critical makes the certificate unusable (RFC 5280 section 4.2).
const KNOWN_EXTENSIONS: &[&str] = &[
    "2.5.29.14",            // subjectKeyIdentifier
    "2.5.29.35",            // authorityKeyIdentifier
    "2.5.29.15",            // keyUsage
    "2.5.29.37",            // extKeyUsage
    "2.5.29.19",            // basicConstraints
    "2.5.29.17",            // subjectAltName
    "2.5.29.18",            // issuerAltName
    "2.5.29.31",            // cRLDistributionPoints
    "2.5.29.46",            // freshestCRL
    "1.3.6.1.5.5.7.1.1",    // authorityInfoAccess
    "1.3.6.1.5.5.7.1.11",   // subjectInfoAccess
    "2.5.29.32",            // certificatePolicies (recorded; see README on policy processing)
    "2.5.29.30",            // nameConstraints (processed in path validation)
    "2.5.29.9",             // subjectDirectoryAttributes
    "1.3.6.1.5.5.7.48.1.5", // id-pkix-ocsp-nocheck
];

/// Key usage bits (RFC 5280 section 4.2.1.3), in the extension's bit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeyUsage(u16);

impl KeyUsage {
    const NAMES: [&'static str; 9] = [
        "digitalSignature",
        "nonRepudiation",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
        "encipherOnly",
        "decipherOnly",
    ];
    /// digitalSignature (bit 0).
    pub const DIGITAL_SIGNATURE: u16 = 1 << 0;
    /// nonRepudiation / contentCommitment (bit 1).
    pub const NON_REPUDIATION: u16 = 1 << 1;
    /// keyEncipherment (bit 2).
    pub const KEY_ENCIPHERMENT: u16 = 1 << 2;
    /// keyCertSign (bit 5).
    pub const KEY_CERT_SIGN: u16 = 1 << 5;
    /// cRLSign (bit 6).
    pub const CRL_SIGN: u16 = 1 << 6;

    /// Whether every bit of `mask` is set.
    pub fn has(self, mask: u16) -> bool {
        self.0 & mask == mask
    }

    /// Names of the bits set.
    pub fn names(self) -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect()
    }
}

/// The facts about a certificate that a service acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CertificateInfo {
    /// Subject distinguished name, as text.
    pub subject: String,
    /// Issuer distinguished name, as text.
    pub issuer: String,
    /// Serial number, lowercase hex.
    pub serial: String,
    /// Start of validity.
    pub not_before: Time,
    /// End of validity.
    pub not_after: Time,
    /// CN.
    pub common_name: Option<String>,
    /// SURNAME.
    pub surname: Option<String>,
    /// GIVENNAME: in the national CA's profile, the patronymic.
    pub patronymic: Option<String>,
    /// O: the organisation of an employee.
    pub organization: Option<String>,
    /// Email (subject emailAddress or subjectAltName rfc822Name).
    pub email: Option<String>,
    /// The holder's IIN (SERIALNUMBER `IIN...`).
    pub iin: Option<Iin>,
    /// The organisation's BIN (OU `BIN...`, or SERIALNUMBER `BIN...`).
    pub bin: Option<Bin>,
    /// Whether the IIN's and BIN's check digits are valid (the national CA's
    /// test certificates fail it: reported, not fatal).
    pub identifiers_check_ok: bool,
    /// Roles from the EKU values under 1.2.398.3.3.4.
    pub roles: Vec<Role>,
    /// SIGN, AUTH or other.
    pub key_kind: KeyKind,
    /// Key usage names.
    pub key_usage: Vec<&'static str>,
    /// Extended key usage OIDs.
    pub extended_key_usage: Vec<String>,
    /// Certificate policy OIDs.
    pub policies: Vec<String>,
    /// Signature algorithm name (or OID when unsupported).
    pub signature_algorithm: String,
    /// Whether this is a CA certificate (basicConstraints cA).
    pub is_ca: bool,
}

/// The IIN and BIN claims of a subject name, gathered over every attribute
/// (multi-valued RDNs included), in the national CA's forms: SERIALNUMBER
/// `IIN` + 12 digits, SERIALNUMBER `BIN` + 12 digits (information
/// systems), OU `BIN` + 12 digits. A value that starts with the prefix in
/// any case but is not exactly the prefix and 12 digits is an unreadable
/// claim: other software may still read an identifier from it.
#[derive(Default)]
struct SubjectIdentities {
    iins: Vec<Iin>,
    bins: Vec<Bin>,
    /// Unreadable claims, kind and value.
    unreadable: Vec<(&'static str, String)>,
}

impl SubjectIdentities {
    fn serial_number(&mut self, value: &str) {
        if let Some(i) = Iin::from_serial_number_attr(value) {
            push_distinct(&mut self.iins, i);
        } else if let Some(b) = Bin::from_attr(value) {
            push_distinct(&mut self.bins, b);
        } else if let Some(kind) = identifier_prefix(value) {
            self.unreadable.push((kind, value.to_owned()));
        }
    }

    fn organizational_unit(&mut self, value: &str) {
        if let Some(b) = Bin::from_attr(value) {
            push_distinct(&mut self.bins, b);
        } else if identifier_prefix(value) == Some("BIN") {
            self.unreadable.push(("BIN", value.to_owned()));
        }
    }

    /// The IIN and BIN, or `None` for both and what conflicts when the
    /// subject names more than one distinct IIN, or more than one distinct
    /// BIN (an unreadable claim beside a readable one of the same kind
    /// counts as a second value). Identical repeats are one value.
    fn resolve(self) -> (Option<Iin>, Option<Bin>, Option<String>) {
        let unreadable =
            |kind: &'static str| self.unreadable.iter().filter(move |(k, _)| *k == kind);
        let iin_claims = self.iins.len() + unreadable("IIN").count();
        let bin_claims = self.bins.len() + unreadable("BIN").count();
        let mut conflict = Vec::new();
        if iin_claims > 1 && !self.iins.is_empty() {
            let mut values: Vec<String> = self.iins.iter().map(|i| i.to_string()).collect();
            values.extend(unreadable("IIN").map(|(_, v)| format!("{v:?}")));
            conflict.push(format!("IINs {}", values.join(", ")));
        }
        if bin_claims > 1 && !self.bins.is_empty() {
            let mut values: Vec<String> = self.bins.iter().map(|b| b.to_string()).collect();
            values.extend(unreadable("BIN").map(|(_, v)| format!("{v:?}")));
            conflict.push(format!("BINs {}", values.join(", ")));
        }
        if conflict.is_empty() {
            (self.iins.first().copied(), self.bins.first().copied(), None)
        } else {
            (None, None, Some(conflict.join("; ")))
        }
    }
}

fn push_distinct<T: PartialEq>(values: &mut Vec<T>, value: T) {
    if !values.contains(&value) {
        values.push(value);
    }
}

/// "IIN" or "BIN" if `value` starts with that prefix in any letter case.
fn identifier_prefix(value: &str) -> Option<&'static str> {
    let head = value.get(..3)?;
    ["IIN", "BIN"]
        .into_iter()
        .find(|p| head.eq_ignore_ascii_case(p))
}

/// A name from a subjectAltName or a name constraint, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AltName {
    Dns(String),
    Email(String),
    Ip(Vec<u8>),
    Uri(String),
    /// A directory name, as its normalised matching key.
    Directory(NameKey),
    /// Any other form (kept so that constraints on it fail closed).
    Other,
}

/// A distinguished name normalised for matching (RFC 5280 section 7.1,
/// a practical subset of RFC 4518: case folded, white space collapsed for
/// string attributes; other values compared as bytes). Each element is one
/// RDN; within an RDN the attributes are sorted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct NameKey(pub(crate) Vec<Vec<(String, String)>>);

impl NameKey {
    pub(crate) fn from_name(name: &X509Name<'_>) -> NameKey {
        NameKey(name.iter_rdn().map(rdn_key).collect())
    }

    /// Whether `self` lies in the subtree rooted at `base` (RFC 5280
    /// section 4.2.1.10, directoryName).
    pub(crate) fn within(&self, base: &NameKey) -> bool {
        self.0.len() >= base.0.len() && self.0[..base.0.len()] == base.0[..]
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A 64-bit hash of the key, fixed for the process (an index key;
    /// equal names have equal hashes, and a match is confirmed on the key).
    pub(crate) fn hash64(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.hash(&mut h);
        h.finish()
    }
}

/// One RDN's attributes, normalised and sorted.
fn rdn_key(rdn: &x509_parser::x509::RelativeDistinguishedName<'_>) -> Vec<(String, String)> {
    let mut attrs: Vec<(String, String)> = rdn
        .iter()
        .map(|a| {
            (
                a.attr_type().to_id_string(),
                normalise_value(a.attr_value()),
            )
        })
        .collect();
    attrs.sort();
    attrs
}

fn normalise_value(v: &x509_parser::der_parser::asn1_rs::Any<'_>) -> String {
    use x509_parser::der_parser::asn1_rs::Tag;
    let data = v.data;
    let text = match v.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::NumericString
        | Tag::VisibleString => std::str::from_utf8(data).ok().map(str::to_owned),
        Tag::BmpString => {
            if data.len() % 2 == 0 {
                let units: Vec<u16> = data
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16(&units).ok()
            } else {
                None
            }
        }
        Tag::TeletexString => Some(data.iter().map(|&b| char::from(b)).collect()),
        _ => None,
    };
    match text {
        Some(t) => {
            let folded: Vec<String> = t.split_whitespace().map(str::to_lowercase).collect();
            folded.join(" ")
        }
        None => {
            let mut s = format!("#{}:", v.tag().0);
            for b in data {
                s.push_str(&format!("{b:02x}"));
            }
            s
        }
    }
}

fn attr_text(a: &x509_parser::x509::AttributeTypeAndValue<'_>) -> Option<String> {
    if let Ok(s) = a.as_str() {
        return Some(s.to_owned());
    }
    let v = a.attr_value();
    if v.tag() == x509_parser::der_parser::asn1_rs::Tag::BmpString {
        let data = v.data;
        let units: Vec<u16> = data
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16(&units).ok();
    }
    None
}

/// A parsed X.509 certificate, with the national CA's profile decoded.
///
/// Cheap to clone (shared: one parse serves every clone).
#[derive(Debug, Clone)]
pub struct Certificate(Arc<CertificateData>);

/// What a [`Certificate`] holds, shared by its clones: the crate's own
/// (outside it, the methods of [`Certificate`] give what callers need).
#[derive(Debug)]
pub(crate) struct CertificateData {
    der: Arc<[u8]>,
    pub(crate) tbs: std::ops::Range<usize>,
    pub(crate) spki: std::ops::Range<usize>,
    pub(crate) signature: Vec<u8>,
    pub(crate) signature_algorithm: Result<SignatureAlgorithm, Error>,
    pub(crate) subject_key: NameKey,
    /// [`NameKey::hash64`] of `subject_key` (the revocation store's index).
    pub(crate) subject_hash: u64,
    pub(crate) issuer_key: NameKey,
    /// DER of the issuer Name (for IssuerAndSerialNumber).
    pub(crate) issuer_raw: Vec<u8>,
    pub(crate) serial_raw: Vec<u8>,
    pub(crate) version: u32,
    pub(crate) basic_constraints: Option<(bool, Option<u32>)>,
    pub(crate) key_usage: Option<KeyUsage>,
    pub(crate) ext_key_usage: Option<Vec<String>>,
    pub(crate) ski: Option<Vec<u8>>,
    pub(crate) aki: Option<Vec<u8>>,
    pub(crate) alt_names: Vec<AltName>,
    pub(crate) name_constraints: Option<(Vec<AltName>, Vec<AltName>)>,
    /// The CRL distribution points one by one, with their reasons and
    /// cRLIssuer (None: no extension).
    pub(crate) crl_dps: Option<Vec<crate::revocation::DistPoint>>,
    pub(crate) unsupported_critical: Option<String>,
    pub(crate) defect: Option<String>,
    /// The serial number is zero (refused unless the certificate is the
    /// trust anchor).
    pub(crate) zero_serial: bool,
    /// The subject names more than one distinct IIN or more than one
    /// distinct BIN (what they are); such a certificate has no owner.
    pub(crate) identity_conflict: Option<String>,
    info: Arc<CertificateInfo>,
    /// SHA-256 of the DER, computed on first use (cache keys).
    fingerprint: std::sync::OnceLock<Option<[u8; 32]>>,
    /// Whether the DER needs no BER normalising, and how deep it nests
    /// (computed on first use; see [`Certificate::plain_depth`]).
    plain_depth: std::sync::OnceLock<Option<usize>>,
    /// The public key as decoded by the first backend that checked a
    /// document signature with it (see [`Certificate::verify_with_key`]).
    prepared: std::sync::OnceLock<PreparedSlot>,
}

/// A certificate's key prepared by one backend for one algorithm.
struct PreparedSlot {
    backend: &'static dyn SignatureVerifier,
    algorithm: SignatureAlgorithm,
    key: Option<Box<dyn PreparedKey>>,
}

impl fmt::Debug for PreparedSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedSlot")
            .field("backend", &self.backend.name())
            .field("algorithm", &self.algorithm)
            .field("prepared", &self.key.is_some())
            .finish()
    }
}

impl PreparedSlot {
    /// Whether this slot was prepared by `backend` for `algorithm`: the
    /// same backend object (address and name) and algorithm.
    fn fits(&self, backend: &'static dyn SignatureVerifier, algorithm: SignatureAlgorithm) -> bool {
        self.algorithm == algorithm
            && std::ptr::addr_eq(self.backend, backend)
            && self.backend.name() == backend.name()
    }
}

impl Certificate {
    /// The parsed fields, for the crate's own layers.
    pub(crate) fn data(&self) -> &CertificateData {
        &self.0
    }

    /// Parses a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        if der.len() > MAX_CERT_LEN {
            return Err(Error::LimitExceeded {
                what: "certificate size",
                limit: MAX_CERT_LEN,
            });
        }
        crate::asn1::der::check_der(der, "certificate")?;
        let (rest, x) = X509Certificate::from_der(der).map_err(|e| Error::Malformed {
            what: "certificate",
            detail: e.to_string(),
        })?;
        if !rest.is_empty() {
            return Err(Error::Malformed {
                what: "certificate",
                detail: "trailing data after the certificate".into(),
            });
        }
        Ok(Self::from_parsed(der, &x))
    }

    /// Parses a certificate given as DER, PEM, or base64 of DER (what browser
    /// signing plug-ins and many services hand over).
    pub fn from_any(input: &[u8]) -> Result<Self, Error> {
        let der = crate::encoding::decode_one(input, SectionKind::Certificate, "certificate")?;
        Self::from_der(&der)
    }

    /// Parses every certificate in a PEM bundle (or a single DER/base64
    /// certificate).
    pub fn all_from_any(input: &[u8]) -> Result<Vec<Self>, Error> {
        crate::encoding::decode_all(input, SectionKind::Certificate, "certificate")?
            .iter()
            .map(|d| Self::from_der(d))
            .collect()
    }

    fn from_parsed(der: &[u8], x: &X509Certificate<'_>) -> Self {
        let tbs_cert = &x.tbs_certificate;
        let offset = |s: &[u8]| -> std::ops::Range<usize> {
            let start = s.as_ptr() as usize - der.as_ptr() as usize;
            start..start + s.len()
        };
        let tbs = offset(tbs_cert.as_ref());
        let spki = offset(tbs_cert.subject_pki.raw);
        let mut defect = None;
        let signature_algorithm = SignatureAlgorithm::from_identifier(&x.signature_algorithm);
        // RFC 5280 4.1.1.2: the inner and outer algorithm identifiers must match.
        if tbs_cert.signature != x.signature_algorithm {
            defect =
                Some("signature algorithm in tbsCertificate differs from the outer one".to_owned());
        }
        // RFC 5280 4.1.2.2: "The serial number MUST be a positive integer"
        // and "Conforming CAs MUST NOT use serialNumber values longer than
        // 20 octets." A negative or oversized serial cannot be matched
        // reliably against CRL entries: refuse it (fail closed). Zero is
        // refused too, but only below the anchor (path.rs): some widely
        // trusted roots have serial 0, and an anchor is its name and key.
        let raw_serial = tbs_cert.raw_serial();
        let zero_serial = raw_serial.iter().all(|&b| b == 0);
        if raw_serial.first().is_some_and(|b| b & 0x80 != 0) {
            defect = Some("negative serial number".to_owned());
        } else if raw_serial.iter().skip_while(|&&b| b == 0).count() > MAX_SERIAL_LEN {
            defect = Some(format!("serial number longer than {MAX_SERIAL_LEN} octets"));
        }
        let version = tbs_cert.version().0;
        if version > 2 {
            defect = Some(format!("unknown version {}", version + 1));
        }

        let mut basic_constraints = None;
        let mut key_usage = None;
        let mut ext_key_usage = None;
        let mut ski = None;
        let mut aki = None;
        let mut alt_names = Vec::new();
        let mut name_constraints = None;
        let mut policies = Vec::new();
        let mut crl_dps = None;
        let mut unsupported_critical = None;
        let mut seen: Vec<String> = Vec::new();
        for ext in tbs_cert.extensions() {
            let oid = ext.oid.to_id_string();
            if seen.contains(&oid) {
                defect = Some(format!("duplicate extension {oid}"));
            }
            if version != 2 {
                defect = Some("extensions in a certificate that is not v3".into());
            }
            seen.push(oid.clone());
            match ext.parsed_extension() {
                ParsedExtension::BasicConstraints(bc) => {
                    basic_constraints = Some((bc.ca, bc.path_len_constraint));
                }
                ParsedExtension::KeyUsage(ku) => {
                    // RFC 5280 4.2.1.3: "When the keyUsage extension appears
                    // in a certificate, at least one of the bits MUST be set
                    // to 1." (OpenSSL cannot chain such a certificate either;
                    // found by the differential fuzz target.)
                    if ku.flags == 0 {
                        defect = Some("keyUsage with no bit set".into());
                    }
                    key_usage = Some(KeyUsage(ku.flags));
                }
                ParsedExtension::ExtendedKeyUsage(eku) => {
                    let mut v = Vec::new();
                    let pairs = [
                        (eku.any, EKU_ANY),
                        (eku.server_auth, "1.3.6.1.5.5.7.3.1"),
                        (eku.client_auth, EKU_CLIENT_AUTH),
                        (eku.code_signing, "1.3.6.1.5.5.7.3.3"),
                        (eku.email_protection, EKU_EMAIL_PROTECTION),
                        (eku.time_stamping, "1.3.6.1.5.5.7.3.8"),
                        (eku.ocsp_signing, "1.3.6.1.5.5.7.3.9"),
                    ];
                    for (set, o) in pairs {
                        if set {
                            v.push(o.to_owned());
                        }
                    }
                    v.extend(eku.other.iter().map(|o| o.to_id_string()));
                    if v.is_empty() {
                        // ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
                        defect = Some("empty extendedKeyUsage".into());
                    }
                    ext_key_usage = Some(v);
                }
                ParsedExtension::SubjectKeyIdentifier(k) => ski = Some(k.0.to_vec()),
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    aki = a.key_identifier.as_ref().map(|k| k.0.to_vec());
                }
                ParsedExtension::SubjectAlternativeName(san) => {
                    alt_names = san.general_names.iter().map(alt_name).collect();
                }
                ParsedExtension::NameConstraints(nc) => {
                    // NameConstraints: at least one of the lists, and a list
                    // present is SIZE (1..MAX) (RFC 5280 4.2.1.10).
                    let empty = |t: &Option<Vec<_>>| t.as_ref().is_some_and(Vec::is_empty);
                    if (nc.permitted_subtrees.is_none() && nc.excluded_subtrees.is_none())
                        || empty(&nc.permitted_subtrees)
                        || empty(&nc.excluded_subtrees)
                    {
                        defect = Some("empty nameConstraints".into());
                    }
                    let conv = |t: &Option<Vec<x509_parser::extensions::GeneralSubtree<'_>>>| {
                        t.as_ref()
                            .map(|v| v.iter().map(|s| alt_name(&s.base)).collect())
                            .unwrap_or_default()
                    };
                    name_constraints =
                        Some((conv(&nc.permitted_subtrees), conv(&nc.excluded_subtrees)));
                }
                ParsedExtension::CRLDistributionPoints(_) => {
                    // CRLDistributionPoints ::= SEQUENCE OF DistributionPoint,
                    // read point by point (x509-parser loses the fields after
                    // a nameRelativeToCRLIssuer); an unreadable point matches
                    // no CRL (unknown status, fail closed).
                    let mut raw = Vec::new();
                    let mut rest = der_tlv(ext.value).map(|(_, c, _)| c).unwrap_or_default();
                    while let Some((_, _, next)) = der_tlv(rest) {
                        raw.push(&rest[..rest.len() - next.len()]);
                        rest = next;
                    }
                    crl_dps = Some(crate::revocation::parse_distribution_points(
                        &raw,
                        &tbs_cert.issuer,
                    ));
                }
                ParsedExtension::CertificatePolicies(p) => {
                    policies = p.iter().map(|pi| pi.policy_id.to_id_string()).collect();
                }
                ParsedExtension::ParseError { error } => {
                    defect = Some(format!("extension {oid} is malformed: {error}"));
                }
                _ => {}
            }
            if ext.critical
                && !KNOWN_EXTENSIONS.contains(&oid.as_str())
                && unsupported_critical.is_none()
            {
                unsupported_critical = Some(oid);
            }
        }

        // RFC 5280 4.1.2.4: the issuer field MUST contain a non-empty name.
        if tbs_cert.issuer.iter_rdn().next().is_none() {
            defect = Some("empty issuer name".into());
        }
        let subject = &tbs_cert.subject;
        let mut cn = None;
        let mut surname = None;
        let mut given = None;
        let mut org = None;
        let mut email = None;
        let mut ids = SubjectIdentities::default();
        for a in subject.iter_attributes() {
            let Some(text) = attr_text(a) else { continue };
            match a.attr_type().to_id_string().as_str() {
                "2.5.4.3" => cn = cn.or(Some(text)),
                "2.5.4.4" => surname = surname.or(Some(text)),
                "2.5.4.42" => given = given.or(Some(text)),
                "2.5.4.10" => org = org.or(Some(text)),
                "1.2.840.113549.1.9.1" => email = email.or(Some(text)),
                "2.5.4.5" => ids.serial_number(&text),
                "2.5.4.11" => ids.organizational_unit(&text),
                _ => {}
            }
        }
        let (iin, bin, identity_conflict) = ids.resolve();
        if email.is_none() {
            email = alt_names.iter().find_map(|n| match n {
                AltName::Email(e) => Some(e.clone()),
                _ => None,
            });
        }
        let identifiers_check_ok =
            iin.is_none_or(|i| i.check_digit_valid()) && bin.is_none_or(|b| b.check_digit_valid());
        let eku_list = ext_key_usage.clone().unwrap_or_default();
        let mut roles: Vec<Role> = eku_list.iter().filter_map(|o| Role::from_oid(o)).collect();
        roles.dedup();
        let key_kind = key_kind(key_usage, ext_key_usage.as_deref());

        let info = CertificateInfo {
            subject: subject.to_string(),
            issuer: tbs_cert.issuer.to_string(),
            serial: hex_lower(tbs_cert.raw_serial()),
            not_before: tbs_cert.validity.not_before.into(),
            not_after: tbs_cert.validity.not_after.into(),
            common_name: cn,
            surname,
            patronymic: given,
            organization: org,
            email,
            iin,
            bin,
            identifiers_check_ok,
            roles,
            key_kind,
            key_usage: key_usage.map(KeyUsage::names).unwrap_or_default(),
            extended_key_usage: eku_list,
            policies,
            signature_algorithm: match &signature_algorithm {
                Ok(a) => a.name().to_owned(),
                Err(_) => x.signature_algorithm.algorithm.to_id_string(),
            },
            is_ca: basic_constraints.is_some_and(|(ca, _)| ca),
        };

        let subject_key = NameKey::from_name(subject);
        Certificate(Arc::new(CertificateData {
            der: Arc::from(der),
            tbs,
            spki,
            signature: x.signature_value.data.to_vec(),
            signature_algorithm,
            subject_hash: subject_key.hash64(),
            subject_key,
            issuer_key: NameKey::from_name(&tbs_cert.issuer),
            issuer_raw: tbs_cert.issuer.as_raw().to_vec(),
            serial_raw: crate::asn1::canonical_serial(tbs_cert.raw_serial()).to_vec(),
            version,
            basic_constraints,
            key_usage,
            ext_key_usage,
            ski,
            aki,
            alt_names,
            name_constraints,
            crl_dps,
            unsupported_critical,
            defect,
            zero_serial,
            identity_conflict,
            info: Arc::new(info),
            fingerprint: std::sync::OnceLock::new(),
            plain_depth: std::sync::OnceLock::new(),
            prepared: std::sync::OnceLock::new(),
        }))
    }

    /// The certificate's DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.0.der
    }

    /// The facts about this certificate (names, IIN/BIN, roles, validity).
    pub fn info(&self) -> &CertificateInfo {
        &self.0.info
    }

    /// The facts, shared (reports hold them without copying).
    pub(crate) fn info_shared(&self) -> Arc<CertificateInfo> {
        Arc::clone(&self.0.info)
    }

    /// Subject DN as text.
    pub fn subject(&self) -> &str {
        &self.0.info.subject
    }

    /// Issuer DN as text.
    pub fn issuer(&self) -> &str {
        &self.0.info.issuer
    }

    /// Serial number as lowercase hex.
    pub fn serial_hex(&self) -> &str {
        &self.0.info.serial
    }

    /// The holder's IIN, if the subject has one.
    pub fn iin(&self) -> Option<Iin> {
        self.0.info.iin
    }

    /// The organisation's BIN, if the subject has one.
    pub fn bin(&self) -> Option<Bin> {
        self.0.info.bin
    }

    /// Roles from the national CA's EKU values.
    pub fn roles(&self) -> &[Role] {
        &self.0.info.roles
    }

    /// SIGN, AUTH or other.
    pub fn key_kind(&self) -> KeyKind {
        self.0.info.key_kind
    }

    /// Whether this is a CA certificate.
    pub fn is_ca(&self) -> bool {
        self.0.info.is_ca
    }

    /// DER of the subjectPublicKeyInfo.
    pub fn spki(&self) -> &[u8] {
        &self.0.der[self.0.spki.clone()]
    }

    /// DER of the tbsCertificate (what the issuer signed).
    pub fn tbs(&self) -> &[u8] {
        &self.0.der[self.0.tbs.clone()]
    }

    /// The issuer's signature value.
    pub fn signature_value(&self) -> &[u8] {
        &self.data().signature
    }

    /// The algorithm of the issuer's signature, or why it is unsupported.
    pub fn signature_algorithm(&self) -> Result<SignatureAlgorithm, Error> {
        self.0.signature_algorithm.clone()
    }

    /// SHA-256 of the DER (None only if no backend hashes SHA-256).
    pub(crate) fn fingerprint(&self) -> Option<[u8; 32]> {
        *self.0.fingerprint.get_or_init(|| {
            crate::algorithm::digest::digest(crate::algorithm::HashAlgorithm::Sha256, self.der())
                .ok()
                .and_then(|d| d.try_into().ok())
        })
    }

    /// If the DER is one that BER normalising leaves as it is (definite
    /// lengths, no constructed OCTET STRING), the depth of its deepest
    /// element; computed once. A document carrying these bytes need not
    /// walk them again.
    pub(crate) fn plain_depth(&self) -> Option<usize> {
        *self
            .0
            .plain_depth
            .get_or_init(|| crate::asn1::ber::plain_depth(self.der()))
    }

    /// Verifies `signature` over `message` with this certificate's key,
    /// like `backend.verify(algorithm, self.spki(), ..)`, keeping the key
    /// as decoded by `backend` for the next call (bulk verification checks
    /// many documents of one signer). Only the first (backend, algorithm)
    /// pair is kept; others take the plain path.
    pub(crate) fn verify_with_key(
        &self,
        backend: &'static dyn SignatureVerifier,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        let slot = self.0.prepared.get_or_init(|| PreparedSlot {
            backend,
            algorithm,
            key: backend.prepare(algorithm, self.spki()),
        });
        match &slot.key {
            Some(key) if slot.fits(backend, algorithm) => key.verify(message, signature),
            _ => backend.verify(algorithm, self.spki(), message, signature),
        }
    }

    pub(crate) fn is_self_issued(&self) -> bool {
        self.data().subject_key == self.data().issuer_key
    }

    pub(crate) fn has_eku(&self, oid: &str) -> bool {
        self.data()
            .ext_key_usage
            .as_ref()
            .is_none_or(|v| v.iter().any(|o| o == oid || o == EKU_ANY))
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.0.der == other.0.der
    }
}

impl Eq for Certificate {}

/// The names of a distribution point (RFC 5280 4.2.1.13, 5.2.5): a full
/// name, or a name relative to the CRL issuer (`issuer` + the RDN).
pub(crate) fn distribution_point_names(
    dp: &DistributionPointName<'_>,
    issuer: &X509Name<'_>,
) -> Vec<AltName> {
    match dp {
        DistributionPointName::FullName(names) => names.iter().map(alt_name).collect(),
        DistributionPointName::NameRelativeToCRLIssuer(rdn) => {
            let mut key = NameKey::from_name(issuer);
            key.0.push(rdn_key(rdn));
            vec![AltName::Directory(key)]
        }
    }
}

/// Names of the distribution points in a raw extension value where
/// x509-parser 0.18 loses them: it cannot decode nameRelativeToCRLIssuer
/// (`[1] IMPLICIT RelativeDistinguishedName`) and reports "no distribution
/// point", which would widen a CRL's scope. `points` are the DER of
/// DistributionPoint / IssuingDistributionPoint SEQUENCEs; returns `None` if
/// a present name cannot be read (callers fail closed).
pub(crate) fn raw_distribution_point_names(
    points: &[&[u8]],
    issuer: &X509Name<'_>,
) -> Option<Vec<AltName>> {
    let mut names = Vec::new();
    for point in points {
        let (_, content, _) = der_tlv(point)?;
        let Some((0xa0, dpn, _)) = der_tlv(content) else {
            continue;
        };
        let (tag, inner, _) = der_tlv(dpn)?;
        match tag {
            0xa1 => {
                let mut set = vec![0x31];
                set.extend(der_length(inner.len()));
                set.extend_from_slice(inner);
                let (_, rdn) = x509_parser::x509::RelativeDistinguishedName::from_der(&set).ok()?;
                names.extend(distribution_point_names(
                    &DistributionPointName::NameRelativeToCRLIssuer(rdn),
                    issuer,
                ));
            }
            0xa0 => {} // fullName: x509-parser decodes it
            _ => return None,
        }
    }
    Some(names)
}

/// One DER TLV: (tag, content, rest).
pub(crate) fn der_tlv(d: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *d.first()?;
    let first = *d.get(1)? as usize;
    let (len, header) = if first < 0x80 {
        (first, 2)
    } else {
        let n = first & 0x7f;
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | *d.get(2 + i)? as usize;
        }
        (len, 2 + n)
    };
    let end = header.checked_add(len)?;
    (end <= d.len()).then(|| (tag, &d[header..end], &d[end..]))
}

fn der_length(len: usize) -> Vec<u8> {
    if len < 0x80 {
        vec![len as u8]
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .iter()
            .copied()
            .skip_while(|&b| b == 0)
            .collect();
        let mut v = vec![0x80 | bytes.len() as u8];
        v.extend(bytes);
        v
    }
}

fn alt_name(g: &GeneralName<'_>) -> AltName {
    match g {
        GeneralName::DNSName(s) => AltName::Dns((*s).to_owned()),
        GeneralName::RFC822Name(s) => AltName::Email((*s).to_owned()),
        GeneralName::IPAddress(b) => AltName::Ip(b.to_vec()),
        GeneralName::URI(s) => AltName::Uri((*s).to_owned()),
        GeneralName::DirectoryName(n) => AltName::Directory(NameKey::from_name(n)),
        _ => AltName::Other,
    }
}

/// SIGN / AUTH / other, from key usage and extended key usage (DOMAIN.md
/// section 3): EKU decides when present; otherwise nonRepudiation marks a
/// signing key and keyEncipherment without it an authentication key.
fn key_kind(ku: Option<KeyUsage>, eku: Option<&[String]>) -> KeyKind {
    if let Some(eku) = eku {
        let has = |o: &str| eku.iter().any(|e| e == o);
        if has(EKU_EMAIL_PROTECTION) {
            return KeyKind::Sign;
        }
        if has(EKU_CLIENT_AUTH) {
            return KeyKind::Auth;
        }
    }
    match ku {
        Some(ku) if ku.has(KeyUsage::NON_REPUDIATION) => KeyKind::Sign,
        Some(ku) if ku.has(KeyUsage::KEY_ENCIPHERMENT) && ku.has(KeyUsage::DIGITAL_SIGNATURE) => {
            KeyKind::Auth
        }
        _ => KeyKind::Other,
    }
}

pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    use fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}
