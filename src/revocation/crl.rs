//! A CRL as data: parsed once, its entries indexed by serial number for O(1)
//! lookup (RFC 5280 section 5). Whether a CRL may be used is decided in
//! `mod.rs` (policy); here are only its facts.

use std::sync::Arc;

use rustls_pki_types::pem::SectionKind;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

use super::index::{self, Entry, SerialIndex};
use crate::algorithm::SignatureAlgorithm;
use crate::asn1::{canonical_serial, strip_zeros};
use crate::cert::{distribution_point_names, raw_distribution_point_names, AltName, NameKey};
use crate::error::Error;
use crate::time::Time;

/// Which certificates a CRL speaks for (issuingDistributionPoint,
/// RFC 5280 section 5.2.5).
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    pub(crate) only_user_certs: bool,
    pub(crate) only_ca_certs: bool,
    /// Partitioned by reasons, indirect, or attribute certificates only:
    /// not a complete CRL for the certificates of its issuer.
    pub(crate) partial: bool,
    /// The distribution point it is the CRL of, if scoped to one.
    pub(crate) distribution_point: Option<Vec<AltName>>,
    /// indirectCRL: it may list certificates of other issuers
    /// (certificateIssuer entries) and serve as the cRLIssuer of their
    /// distribution points.
    pub(crate) indirect: bool,
    /// onlySomeReasons as a mask of ReasonFlags bits (bit n = reason n,
    /// RFC 5280 5.2.5); `None`: all reasons.
    pub(crate) reasons: Option<u16>,
    /// onlyContainsAttributeCerts: never about a public-key certificate.
    pub(crate) only_attribute_certs: bool,
}

/// A parsed, indexed CRL.
///
/// Cheap to clone: the DER and the index are shared.
#[derive(Debug, Clone)]
pub struct Crl {
    der: Arc<Vec<u8>>,
    tbs: std::ops::Range<usize>,
    pub(crate) signature: Vec<u8>,
    pub(crate) signature_algorithm: Result<SignatureAlgorithm, Error>,
    pub(crate) issuer_key: NameKey,
    pub(crate) issuer: String,
    pub(crate) aki: Option<Vec<u8>>,
    pub(crate) this_update: Time,
    pub(crate) next_update: Option<Time>,
    /// CRLNumber, big-endian without leading zeros.
    pub(crate) number: Option<Vec<u8>>,
    /// deltaCRLIndicator: the base CRL number, if this is a delta CRL.
    pub(crate) delta_base: Option<Vec<u8>>,
    pub(crate) scope: Scope,
    /// Why this CRL cannot be used at all, if it cannot.
    pub(crate) defect: Option<String>,
    /// Serial -> entry, over `der` (see `index.rs`).
    entries: Arc<SerialIndex>,
    /// For an indirect CRL seen for one certificate: the issuer whose
    /// entries [`Crl::lookup`] reads (`None`: the CRL issuer's).
    pub(crate) entry_issuer: Option<NameKey>,
}

impl Crl {
    /// Parses a DER CRL and indexes its entries.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        if der.len() > crate::encoding::MAX_INPUT_LEN {
            return Err(Error::LimitExceeded {
                what: "CRL size",
                limit: crate::encoding::MAX_INPUT_LEN,
            });
        }
        Self::from_der_owned(der.to_vec())
    }

    /// Parses a DER CRL held in `der` and indexes its entries, keeping the
    /// buffer (no copy: a full CRL of tens of megabytes is held once).
    ///
    /// The revoked certificates are read in place and indexed by serial
    /// (about 4 to 8 bytes per entry beside the DER); the rest of the CRL is
    /// parsed with x509-parser.
    pub fn from_der_owned(der: Vec<u8>) -> Result<Self, Error> {
        if der.len() > crate::encoding::MAX_INPUT_LEN {
            return Err(Error::LimitExceeded {
                what: "CRL size",
                limit: crate::encoding::MAX_INPUT_LEN,
            });
        }
        let layout = index::split(&der)?;
        let (rest, crl) =
            CertificateRevocationList::from_der(&layout.header).map_err(|e| Error::Malformed {
                what: "CRL",
                detail: e.to_string(),
            })?;
        if !rest.is_empty() {
            return Err(Error::Malformed {
                what: "CRL",
                detail: "trailing data after the CRL".into(),
            });
        }
        let tbs_list = &crl.tbs_cert_list;
        let tbs = layout.tbs.clone();
        let mut defect = None;
        if tbs_list.signature != crl.signature_algorithm {
            defect =
                Some("signature algorithm in tbsCertList differs from the outer one".to_owned());
        }

        let mut number = None;
        let mut delta_base = None;
        let mut aki = None;
        let mut scope = Scope::default();
        for ext in tbs_list.extensions() {
            let oid = ext.oid.to_id_string();
            match ext.parsed_extension() {
                ParsedExtension::CRLNumber(n) => {
                    // RFC 5280 5.2.3: mandatory, and non-critical.
                    if ext.critical {
                        defect = Some("critical CRLNumber".into());
                    }
                    number = Some(n.to_bytes_be());
                }
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    aki = a.key_identifier.as_ref().map(|k| k.0.to_vec());
                }
                ParsedExtension::IssuingDistributionPoint(idp) => {
                    scope.only_user_certs = idp.only_contains_user_certs;
                    scope.only_ca_certs = idp.only_contains_ca_certs;
                    scope.distribution_point = match &idp.distribution_point {
                        Some(dp) => Some(distribution_point_names(dp, &tbs_list.issuer)),
                        // x509-parser drops nameRelativeToCRLIssuer: read it.
                        None => {
                            match raw_distribution_point_names(&[ext.value], &tbs_list.issuer) {
                                Some(names) if names.is_empty() => None,
                                Some(names) => Some(names),
                                None => {
                                    defect = Some("undecodable issuingDistributionPoint".into());
                                    None
                                }
                            }
                        }
                    };
                    scope.partial = idp.indirect_crl
                        || idp.only_some_reasons.is_some()
                        || idp.only_contains_attribute_certs;
                    scope.indirect = idp.indirect_crl;
                    scope.reasons = idp.only_some_reasons.as_ref().map(|r| r.flags);
                    scope.only_attribute_certs = idp.only_contains_attribute_certs;
                }
                ParsedExtension::ParseError { error } => {
                    defect = Some(format!("extension {oid} is malformed: {error}"));
                }
                _ if oid == "2.5.29.27" => {
                    // deltaCRLIndicator ::= BaseCRLNumber (INTEGER), RFC 5280 5.2.4
                    match x509_parser::der_parser::der::parse_der_integer(ext.value) {
                        Ok((_, obj)) => match obj.as_slice() {
                            Ok(bytes) => delta_base = Some(strip_zeros(bytes).to_vec()),
                            Err(_) => defect = Some("malformed deltaCRLIndicator".into()),
                        },
                        Err(_) => defect = Some("malformed deltaCRLIndicator".into()),
                    }
                }
                _ => {
                    // authorityInfoAccess, issuerAltName, freshestCRL are
                    // informational; anything else critical is not understood.
                    let informational = ["1.3.6.1.5.5.7.1.1", "2.5.29.18", "2.5.29.46"];
                    if ext.critical && !informational.contains(&oid.as_str()) {
                        defect = Some(format!("unsupported critical CRL extension {oid}"));
                    }
                }
            }
        }

        if number.is_none() && defect.is_none() {
            defect = Some("no CRLNumber (RFC 5280 5.2.3 requires it)".into());
        }
        let built = SerialIndex::build(&der, layout.revoked)?;
        if let Some(oid) = built.unsupported_critical {
            defect = Some(format!("unsupported critical CRL entry extension {oid}"));
        }
        // RFC 5280 5.3.3: certificateIssuer only in indirect CRLs.
        if built.index.has_certificate_issuers() && !scope.indirect {
            defect = Some("certificateIssuer entries in a CRL that is not indirect".into());
        }

        let signature = crl.signature_value.data.to_vec();
        let signature_algorithm = SignatureAlgorithm::from_identifier(&crl.signature_algorithm);
        let issuer_key = NameKey::from_name(&tbs_list.issuer);
        let issuer = tbs_list.issuer.to_string();
        let this_update = Time::from_unix(tbs_list.this_update.timestamp());
        let next_update = tbs_list.next_update.map(|t| Time::from_unix(t.timestamp()));
        Ok(Crl {
            der: Arc::new(der),
            tbs,
            signature,
            signature_algorithm,
            issuer_key,
            issuer,
            aki,
            this_update,
            next_update,
            number,
            delta_base,
            scope,
            defect,
            entries: Arc::new(built.index),
            entry_issuer: None,
        })
    }

    /// Parses every CRL in DER, PEM (`X509 CRL`) or base64 input.
    pub fn all_from_any(input: &[u8]) -> Result<Vec<Self>, Error> {
        crate::encoding::decode_all(input, SectionKind::Crl, "CRL")?
            .into_iter()
            .map(Self::from_der_owned)
            .collect()
    }

    /// The CRL's DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Issuer name, as text.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// thisUpdate.
    pub fn this_update(&self) -> Time {
        self.this_update
    }

    /// nextUpdate, if present.
    pub fn next_update(&self) -> Option<Time> {
        self.next_update
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the CRL lists no certificate.
    pub fn is_empty(&self) -> bool {
        self.entries.len() == 0
    }

    /// The CRLNumber, in lowercase hex, if the CRL has one.
    pub fn number(&self) -> Option<String> {
        self.number.as_deref().map(crate::encoding::hex_lower)
    }

    /// Whether this is a delta CRL (carries deltaCRLIndicator).
    pub fn is_delta(&self) -> bool {
        self.delta_base.is_some()
    }

    pub(crate) fn tbs(&self) -> &[u8] {
        &self.der[self.tbs.clone()]
    }

    /// The entry for a serial number (raw DER INTEGER content), if listed
    /// for the certificates of [`Crl::entry_issuer`] (by default the CRL
    /// issuer's own).
    pub(crate) fn lookup(&self, serial: &[u8]) -> Option<Entry> {
        let serial = canonical_serial(serial);
        match &self.entry_issuer {
            None if !self.entries.has_certificate_issuers() => self.entries.get(&self.der, serial),
            who => self.entries.get_for(
                &self.der,
                serial,
                who.as_ref().unwrap_or(&self.issuer_key),
                &self.issuer_key,
            ),
        }
    }

    /// This CRL read for the certificates issued by `issuer` (an indirect
    /// CRL's entries are per certificate issuer).
    pub(crate) fn for_issuer(&self, issuer: &NameKey) -> Crl {
        let mut c = self.clone();
        c.entry_issuer = Some(issuer.clone());
        c
    }

    /// Bytes of memory held beside the DER by the serial index.
    pub fn index_size(&self) -> usize {
        self.entries.heap_size()
    }
}
