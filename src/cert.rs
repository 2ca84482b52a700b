//! A parsed view of a certificate: names, IIN/BIN, roles, key kind.

use std::fmt;

/// The kind of key a certificate of the national CA holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum KeyKind {
    /// A signing key: keyUsage digitalSignature + nonRepudiation and, where
    /// EKU is present, emailProtection.
    Sign,
    /// An authentication key: keyUsage digitalSignature + keyEncipherment,
    /// EKU clientAuth. Must not be accepted as a document signature.
    Auth,
    /// Anything else (CA keys, TSA and OCSP keys, other CAs' profiles).
    Other,
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyKind::Sign => "SIGN",
            KeyKind::Auth => "AUTH",
            KeyKind::Other => "other",
        })
    }
}

/// A role of the holder, from the EKU values under 1.2.398.3.3.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Role {
    /// 1.2.398.3.3.4.1.1: an individual.
    Individual,
    /// 1.2.398.3.3.4.1.2: a legal entity (its employee).
    LegalEntity,
    /// 1.2.398.3.3.4.1.2.1: first head (CEO).
    FirstHead,
    /// 1.2.398.3.3.4.1.2.2: right to sign.
    RightToSign,
    /// 1.2.398.3.3.4.1.2.3: right to sign financial documents.
    Financial,
    /// 1.2.398.3.3.4.1.2.4: human resources.
    HumanResources,
    /// 1.2.398.3.3.4.1.2.5: employee.
    Employee,
    /// 1.2.398.3.3.4.2.x: staff of the national CA.
    NcaStaff,
    /// 1.2.398.3.3.4.3: identified in person.
    IdentifiedInPerson,
    /// 1.2.398.3.3.4.3.1 / 3.2: identified remotely.
    IdentifiedRemotely,
    /// 1.2.398.3.3.4.3.2.1: identified through Digital ID.
    IdentifiedDigitalId,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Individual => "individual",
            Role::LegalEntity => "legal-entity",
            Role::FirstHead => "first-head",
            Role::RightToSign => "right-to-sign",
            Role::Financial => "financial",
            Role::HumanResources => "hr",
            Role::Employee => "employee",
            Role::NcaStaff => "nca-staff",
            Role::IdentifiedInPerson => "identified-in-person",
            Role::IdentifiedRemotely => "identified-remotely",
            Role::IdentifiedDigitalId => "identified-digital-id",
        })
    }
}
