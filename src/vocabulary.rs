//! The domain's plain vocabulary, shared by every layer (errors included):
//! the national CA's key kinds and holder roles, and RFC 5280's revocation
//! reasons. Plain enums with their names; the certificate and revocation
//! layers read them from certificates and CRLs.

use std::fmt;

/// OID arc of the national CA's roles (extended key usage values).
const NCA_ROLE_ARC: &str = "1.2.398.3.3.4.";

/// The kind of key a certificate of the national CA holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "UPPERCASE")
)]
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
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
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

impl Role {
    /// The role for an EKU OID under 1.2.398.3.3.4, if it is one.
    pub fn from_oid(oid: &str) -> Option<Role> {
        let rest = oid.strip_prefix(NCA_ROLE_ARC)?;
        Some(match rest {
            "1.1" => Role::Individual,
            "1.2" => Role::LegalEntity,
            "1.2.1" => Role::FirstHead,
            "1.2.2" => Role::RightToSign,
            "1.2.3" => Role::Financial,
            "1.2.4" => Role::HumanResources,
            "1.2.5" => Role::Employee,
            "3" => Role::IdentifiedInPerson,
            "3.1" | "3.2" => Role::IdentifiedRemotely,
            "3.2.1" => Role::IdentifiedDigitalId,
            r if r == "2" || r.starts_with("2.") => Role::NcaStaff,
            _ => return None,
        })
    }

    /// The role's short name, as used in the CLI and JSON (`first-head`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Role::Individual => "individual",
            Role::LegalEntity => "legal-entity",
            Role::FirstHead => "first-head",
            Role::RightToSign => "right-to-sign",
            Role::Financial => "financial",
            Role::HumanResources => "human-resources",
            Role::Employee => "employee",
            Role::NcaStaff => "nca-staff",
            Role::IdentifiedInPerson => "identified-in-person",
            Role::IdentifiedRemotely => "identified-remotely",
            Role::IdentifiedDigitalId => "identified-digital-id",
        }
    }

    /// Parses a short name as given by [`Role::name`].
    pub fn from_name(name: &str) -> Option<Role> {
        ALL_ROLES.iter().copied().find(|r| r.name() == name)
    }
}

const ALL_ROLES: &[Role] = &[
    Role::Individual,
    Role::LegalEntity,
    Role::FirstHead,
    Role::RightToSign,
    Role::Financial,
    Role::HumanResources,
    Role::Employee,
    Role::NcaStaff,
    Role::IdentifiedInPerson,
    Role::IdentifiedRemotely,
    Role::IdentifiedDigitalId,
];

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// CRL reason codes (RFC 5280 section 5.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum RevocationReason {
    /// unspecified (0)
    Unspecified,
    /// keyCompromise (1)
    KeyCompromise,
    /// cACompromise (2)
    CaCompromise,
    /// affiliationChanged (3)
    AffiliationChanged,
    /// superseded (4)
    Superseded,
    /// cessationOfOperation (5)
    CessationOfOperation,
    /// certificateHold (6)
    CertificateHold,
    /// removeFromCRL (8): only in delta CRLs, un-revokes a held certificate.
    RemoveFromCrl,
    /// privilegeWithdrawn (9)
    PrivilegeWithdrawn,
    /// aACompromise (10)
    AaCompromise,
}

impl fmt::Display for RevocationReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RevocationReason::Unspecified => "unspecified",
            RevocationReason::KeyCompromise => "keyCompromise",
            RevocationReason::CaCompromise => "cACompromise",
            RevocationReason::AffiliationChanged => "affiliationChanged",
            RevocationReason::Superseded => "superseded",
            RevocationReason::CessationOfOperation => "cessationOfOperation",
            RevocationReason::CertificateHold => "certificateHold",
            RevocationReason::RemoveFromCrl => "removeFromCRL",
            RevocationReason::PrivilegeWithdrawn => "privilegeWithdrawn",
            RevocationReason::AaCompromise => "aACompromise",
        })
    }
}
