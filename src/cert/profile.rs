//! The national CA's profile: who holds a certificate (IIN, BIN, names),
//! their roles, and the kind of key (SIGN or AUTH), as the report shows
//! them.

use crate::identity::{Bin, Iin};
use crate::time::Time;
use crate::vocabulary::{KeyKind, Role};

use super::extensions::{KeyUsage, EKU_CLIENT_AUTH, EKU_EMAIL_PROTECTION};

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
pub(super) struct SubjectIdentities {
    iins: Vec<Iin>,
    bins: Vec<Bin>,
    /// Unreadable claims, kind and value.
    unreadable: Vec<(&'static str, String)>,
}

impl SubjectIdentities {
    pub(super) fn serial_number(&mut self, value: &str) {
        if let Some(i) = Iin::from_serial_number_attr(value) {
            push_distinct(&mut self.iins, i);
        } else if let Some(b) = Bin::from_attr(value) {
            push_distinct(&mut self.bins, b);
        } else if let Some(kind) = identifier_prefix(value) {
            self.unreadable.push((kind, value.to_owned()));
        }
    }

    pub(super) fn organizational_unit(&mut self, value: &str) {
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
    pub(super) fn resolve(self) -> (Option<Iin>, Option<Bin>, Option<String>) {
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

pub(super) fn push_distinct<T: PartialEq>(values: &mut Vec<T>, value: T) {
    if !values.contains(&value) {
        values.push(value);
    }
}

/// "IIN" or "BIN" if `value` starts with that prefix in any letter case.
pub(super) fn identifier_prefix(value: &str) -> Option<&'static str> {
    let head = value.get(..3)?;
    ["IIN", "BIN"]
        .into_iter()
        .find(|p| head.eq_ignore_ascii_case(p))
}

/// SIGN / AUTH / other, from key usage and extended key usage (DOMAIN.md
/// section 3): EKU decides when present; otherwise nonRepudiation marks a
/// signing key and keyEncipherment without it an authentication key.
pub(super) fn key_kind(ku: Option<KeyUsage>, eku: Option<&[String]>) -> KeyKind {
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
