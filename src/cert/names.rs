//! Names in certificates: distinguished names compared as RFC 5280 section
//! 7.1 says (the path's issuer/subject links, name constraints), and the
//! general names of subjectAltName, name constraints and CRL distribution
//! points.

use x509_parser::extensions::{DistributionPointName, GeneralName};
use x509_parser::prelude::FromDer;
use x509_parser::x509::X509Name;

use crate::asn1::der::der_tlv;
use crate::asn1::push_len;

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
pub(super) fn rdn_key(
    rdn: &x509_parser::x509::RelativeDistinguishedName<'_>,
) -> Vec<(String, String)> {
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

pub(super) fn normalise_value(v: &x509_parser::der_parser::asn1_rs::Any<'_>) -> String {
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

pub(super) fn attr_text(a: &x509_parser::x509::AttributeTypeAndValue<'_>) -> Option<String> {
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
                push_len(&mut set, inner.len());
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

pub(super) fn alt_name(g: &GeneralName<'_>) -> AltName {
    match g {
        GeneralName::DNSName(s) => AltName::Dns((*s).to_owned()),
        GeneralName::RFC822Name(s) => AltName::Email((*s).to_owned()),
        GeneralName::IPAddress(b) => AltName::Ip(b.to_vec()),
        GeneralName::URI(s) => AltName::Uri((*s).to_owned()),
        GeneralName::DirectoryName(n) => AltName::Directory(NameKey::from_name(n)),
        _ => AltName::Other,
    }
}
