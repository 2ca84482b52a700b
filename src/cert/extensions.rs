//! Certificate extensions: key usage and extended key usage, the
//! extensions this library understands (an unknown critical one refuses the
//! certificate), and the CRL distribution points with their reasons and
//! cRLIssuer (RFC 5280 section 4.2).

use x509_parser::extensions::{DistributionPointName, GeneralName};
use x509_parser::prelude::FromDer;
use x509_parser::x509::X509Name;

use super::names::{distribution_point_names, raw_distribution_point_names, AltName};
use crate::asn1::der::der_tlv;

pub(crate) const EKU_EMAIL_PROTECTION: &str = "1.3.6.1.5.5.7.3.4";
pub(crate) const EKU_CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
pub(crate) const EKU_ANY: &str = "2.5.29.37.0";

/// Extensions this library understands; any other extension marked
/// critical makes the certificate unusable (RFC 5280 section 4.2).
pub(super) const KNOWN_EXTENSIONS: &[&str] = &[
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
pub struct KeyUsage(pub(super) u16);

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

/// Every ReasonFlags bit, `unused` (0) to aACompromise (8) (RFC 5280
/// 4.2.1.13): what a CRL without onlySomeReasons covers.
pub(crate) const ALL_REASONS: u16 = 0x1ff;

/// One CRL distribution point of a certificate (RFC 5280 4.2.1.13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DistPoint {
    /// distributionPoint names (`None`: the field is absent).
    pub(crate) names: Option<Vec<AltName>>,
    /// reasons, as ReasonFlags bits ([`ALL_REASONS`] when absent).
    pub(crate) reasons: u16,
    /// cRLIssuer names (`None`: the certificate's issuer issues the CRL).
    pub(crate) crl_issuer: Option<Vec<AltName>>,
}

impl DistPoint {
    /// What an unreadable distribution point stands for: a point no CRL
    /// matches (fail closed).
    fn unreadable() -> DistPoint {
        DistPoint {
            names: Some(Vec::new()),
            reasons: ALL_REASONS,
            crl_issuer: Some(Vec::new()),
        }
    }
}

/// The distribution points of a CRLDistributionPoints extension, from the
/// DER of its DistributionPoint SEQUENCEs. `issuer` is the certificate's
/// issuer (the base of a relative name when there is no cRLIssuer).
pub(crate) fn parse_distribution_points(points: &[&[u8]], issuer: &X509Name<'_>) -> Vec<DistPoint> {
    points
        .iter()
        .map(|p| parse_point(p, issuer).unwrap_or_else(DistPoint::unreadable))
        .collect()
}

fn parse_point(point: &[u8], issuer: &X509Name<'_>) -> Option<DistPoint> {
    let (0x30, mut rest, _) = der_tlv(point)? else {
        return None;
    };
    let mut name_field: Option<&[u8]> = None;
    let mut reasons = ALL_REASONS;
    let mut crl_issuer_raw: Option<&[u8]> = None;
    while !rest.is_empty() {
        let (tag, content, next) = der_tlv(rest)?;
        match tag {
            0xa0 => name_field = Some(content),
            0x81 => reasons = reason_bits(content)?,
            0xa2 => crl_issuer_raw = Some(content),
            _ => return None,
        }
        rest = next;
    }
    let mut crl_issuer_names: Option<Vec<GeneralName<'_>>> = None;
    if let Some(mut raw) = crl_issuer_raw {
        let mut names = Vec::new();
        while !raw.is_empty() {
            let (next, name) = GeneralName::from_der(raw).ok()?;
            names.push(name);
            raw = next;
        }
        if names.is_empty() {
            return None;
        }
        crl_issuer_names = Some(names);
    }
    // A relative name is relative to the cRLIssuer if there is one, else
    // to the certificate's issuer (RFC 5280 4.2.1.13).
    let base: &X509Name<'_> = match &crl_issuer_names {
        Some(names) => names.iter().find_map(|n| match n {
            GeneralName::DirectoryName(d) => Some(d),
            _ => None,
        })?,
        None => issuer,
    };
    let names = match name_field {
        None => None,
        Some(field) => {
            let (tag, inner, _) = der_tlv(field)?;
            match tag {
                0xa0 => {
                    let mut list = Vec::new();
                    let mut raw = inner;
                    while !raw.is_empty() {
                        let (next, name) = GeneralName::from_der(raw).ok()?;
                        list.push(name);
                        raw = next;
                    }
                    Some(distribution_point_names(
                        &DistributionPointName::FullName(list),
                        base,
                    ))
                }
                0xa1 => Some(raw_distribution_point_names(&[point], base)?),
                _ => return None,
            }
        }
    };
    let crl_issuer = crl_issuer_names
        .map(|names| distribution_point_names(&DistributionPointName::FullName(names), issuer));
    Some(DistPoint {
        names,
        reasons,
        crl_issuer,
    })
}

/// ReasonFlags BIT STRING content as a mask (bit n = reason n).
fn reason_bits(content: &[u8]) -> Option<u16> {
    let (&unused, bytes) = content.split_first()?;
    if unused > 7 {
        return None;
    }
    let mut mask = 0u16;
    for (i, b) in bytes.iter().enumerate().take(2) {
        for bit in 0..8 {
            if b & (0x80 >> bit) != 0 {
                mask |= 1 << (i * 8 + bit);
            }
        }
    }
    Some(mask & ALL_REASONS)
}

/// Which addresses of a certificate [`addresses`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Addresses {
    /// cRLDistributionPoints fullName URIs (full CRLs).
    Crl,
    /// freshestCRL fullName URIs (delta CRLs).
    DeltaCrl,
    /// authorityInfoAccess id-ad-ocsp URIs.
    Ocsp,
    /// authorityInfoAccess id-ad-caIssuers URIs.
    CaIssuers,
}

/// The URIs of one kind in a certificate's extensions, in their order
/// (an unreadable extension gives none).
pub(crate) fn addresses(der: &[u8], which: Addresses) -> Vec<String> {
    use x509_parser::certificate::X509Certificate;
    use x509_parser::extensions::{AuthorityInfoAccess, CRLDistributionPoints};
    let Ok((_, cert)) = X509Certificate::from_der(der) else {
        return Vec::new();
    };
    let oid = match which {
        Addresses::Crl => "2.5.29.31",
        Addresses::DeltaCrl => "2.5.29.46",
        Addresses::Ocsp | Addresses::CaIssuers => "1.3.6.1.5.5.7.1.1",
    };
    let mut out = Vec::new();
    for ext in cert.extensions() {
        if ext.oid.to_id_string() != oid {
            continue;
        }
        match which {
            Addresses::Crl | Addresses::DeltaCrl => {
                let Ok((_, points)) = CRLDistributionPoints::from_der(ext.value) else {
                    continue;
                };
                for p in points.iter() {
                    if let Some(DistributionPointName::FullName(names)) = &p.distribution_point {
                        for n in names {
                            if let GeneralName::URI(u) = n {
                                out.push((*u).to_owned());
                            }
                        }
                    }
                }
            }
            Addresses::Ocsp | Addresses::CaIssuers => {
                let method = if which == Addresses::Ocsp {
                    "1.3.6.1.5.5.7.48.1"
                } else {
                    "1.3.6.1.5.5.7.48.2"
                };
                let Ok((_, aia)) = AuthorityInfoAccess::from_der(ext.value) else {
                    continue;
                };
                for d in aia.iter() {
                    if d.access_method.to_id_string() == method {
                        if let GeneralName::URI(u) = &d.access_location {
                            out.push((*u).to_owned());
                        }
                    }
                }
            }
        }
    }
    out
}
