//! A parsed view of a certificate: names, IIN/BIN, roles, key kind, and the
//! facts path validation needs (RFC 5280 section 4), owned so that a
//! [`Certificate`] can be shared and kept without borrowing its input.

use std::fmt;
use std::sync::Arc;

use rustls_pki_types::pem::SectionKind;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::FromDer;

mod extensions;
mod names;
mod profile;

pub use extensions::KeyUsage;
pub(crate) use extensions::{
    parse_distribution_points, DistPoint, ALL_REASONS, EKU_ANY, EKU_CLIENT_AUTH,
    EKU_EMAIL_PROTECTION,
};
pub(crate) use names::{distribution_point_names, raw_distribution_point_names, AltName, NameKey};

use crate::asn1::der::der_tlv;
use crate::encoding::hex_lower;
use extensions::KNOWN_EXTENSIONS;
use names::{alt_name, attr_text};
pub use profile::CertificateInfo;
use profile::{key_kind, SubjectIdentities};

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
    pub(crate) crl_dps: Option<Vec<DistPoint>>,
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
    /// The DER's digest under the first other hash asked for (a GOST
    /// document's ESS signing-certificate hash is Streebog-512), kept.
    other_digest: std::sync::OnceLock<(crate::algorithm::HashAlgorithm, Vec<u8>)>,
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
    /// The validity period at `time` (RFC 5280 4.1.2.5): path validation
    /// and the check before signing read it the same way.
    pub(crate) fn check_validity(&self, time: Time) -> Result<(), Error> {
        let info = self.info();
        if time < info.not_before {
            return Err(Error::CertNotValidYet {
                subject: self.subject().to_owned(),
                not_before: info.not_before,
                time,
            });
        }
        if time > info.not_after {
            return Err(Error::CertExpired {
                subject: self.subject().to_owned(),
                not_after: info.not_after,
                time,
            });
        }
        Ok(())
    }

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
                    crl_dps = Some(parse_distribution_points(&raw, &tbs_cert.issuer));
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
            not_before: Time::from_unix(tbs_cert.validity.not_before.timestamp()),
            not_after: Time::from_unix(tbs_cert.validity.not_after.timestamp()),
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
            other_digest: std::sync::OnceLock::new(),
            plain_depth: std::sync::OnceLock::new(),
            prepared: std::sync::OnceLock::new(),
        }))
    }

    /// The certificate's DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.0.der
    }

    /// The addresses of its full CRLs (cRLDistributionPoints fullName
    /// URIs), in order.
    pub fn crl_urls(&self) -> Vec<String> {
        extensions::addresses(self.der(), extensions::Addresses::Crl)
    }

    /// The addresses of its delta CRLs (freshestCRL fullName URIs).
    pub fn delta_crl_urls(&self) -> Vec<String> {
        extensions::addresses(self.der(), extensions::Addresses::DeltaCrl)
    }

    /// The addresses of its issuer's OCSP responders (authorityInfoAccess
    /// id-ad-ocsp URIs).
    pub fn ocsp_urls(&self) -> Vec<String> {
        extensions::addresses(self.der(), extensions::Addresses::Ocsp)
    }

    /// Where its issuer's certificate is published (authorityInfoAccess
    /// id-ad-caIssuers URIs).
    pub fn ca_issuer_urls(&self) -> Vec<String> {
        extensions::addresses(self.der(), extensions::Addresses::CaIssuers)
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

    /// The digest of the DER under `hash`: SHA-256 and the first other
    /// hash asked for are computed once per certificate (every document
    /// of one signer carries its certificate's hash in its ESS attribute).
    pub(crate) fn der_digest(
        &self,
        hash: crate::algorithm::HashAlgorithm,
    ) -> Result<std::borrow::Cow<'_, [u8]>, Error> {
        use crate::algorithm::HashAlgorithm;
        use std::borrow::Cow;
        if hash == HashAlgorithm::Sha256 {
            if let Some(fp) = self.fingerprint() {
                return Ok(Cow::Owned(fp.to_vec()));
            }
        }
        if let Some((cached, d)) = self.0.other_digest.get() {
            if *cached == hash {
                return Ok(Cow::Borrowed(d));
            }
            return crate::algorithm::digest::digest(hash, self.der()).map(Cow::Owned);
        }
        let d = crate::algorithm::digest::digest(hash, self.der())?;
        let (cached, kept) = self.0.other_digest.get_or_init(|| (hash, d.clone()));
        if *cached == hash {
            Ok(Cow::Borrowed(kept))
        } else {
            Ok(Cow::Owned(d))
        }
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
