//! NCANode's response types (`CertificateInfo`, `CertificateSubject`,
//! `CertificateRevocation`, the TSP info) built from qoltanba's reports,
//! serialized straight to JSON.

use std::borrow::Cow;

use base64::Engine;
use qoltanba::{Certificate, CertificateInfo, KeyKind, Report, Time};
use serde::Serialize;

/// NCANode's `CertificateInfo` of one certificate.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CertInfo {
    pub(crate) valid: bool,
    revocations: Vec<Revocation>,
    not_before: String,
    not_after: String,
    key_usage: &'static str,
    serial_number: String,
    sign_alg: Cow<'static, str>,
    key_user: Vec<&'static str>,
    subject: Subject,
    issuer: Subject,
    /// The certificate's SubjectPublicKeyInfo, base64 (when the
    /// certificate itself is at hand).
    #[serde(skip_serializing_if = "Option::is_none")]
    public_key: Option<String>,
    /// The certificate's signature value, base64 (likewise).
    #[serde(skip_serializing_if = "Option::is_none")]
    signature: Option<String>,
}

/// NCANode's `CertificateRevocation`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Revocation {
    revoked: bool,
    by: &'static str,
    revocation_time: String,
    reason: Option<String>,
}

/// NCANode's `CertificateSubject`: the attributes a name has.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Subject {
    #[serde(skip_serializing_if = "Option::is_none")]
    bin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    common_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    dn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    iin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sur_name: Option<String>,
}

/// A signer's time-stamp (NCANode's `TspInfo`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Tsp {
    serial_number: String,
    gen_time: String,
    policy: String,
    tsa: Option<String>,
    /// The message imprint's hash by NCANode's names (`SHA256`,
    /// `GOST34311` ...); null for one NCANode has no name for (Streebog),
    /// as NCANode answers.
    tsp_hash_algorithm: Option<&'static str>,
    /// The message imprint, lowercase hex.
    hash: String,
    /// qoltanba's: the token verified (its signature, its TSA's chain).
    valid: bool,
}

impl Tsp {
    pub(crate) fn new(t: &qoltanba::TimestampReport) -> Self {
        Tsp {
            serial_number: t.info.serial.clone(),
            gen_time: date(t.info.gen_time),
            policy: t.info.policy.clone(),
            tsa: t.tsa_subject.clone(),
            tsp_hash_algorithm: match t.info.hash_algorithm.as_str() {
                "SHA-1" => Some("SHA1"),
                "SHA-256" => Some("SHA256"),
                "SHA-384" => Some("SHA384"),
                "SHA-512" => Some("SHA512"),
                "GOST 34.311-95" => Some("GOST34311"),
                _ => None,
            },
            hash: t
                .info
                .message_imprint
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
            valid: t.valid,
        }
    }
}

/// NCANode's date form (Spring's Jackson default for `java.util.Date`).
pub(crate) fn date(t: Time) -> String {
    let text = t.to_rfc3339(); // 2025-06-01T00:00:00Z
    match text.strip_suffix('Z') {
        Some(base) => format!("{base}.000+00:00"),
        None => text,
    }
}

/// The attributes of a distinguished name as qoltanba prints it
/// (`CN=..., C=KZ`), with backslash escapes honoured.
fn dn_attributes(dn: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut part = String::new();
    let mut chars = dn.chars();
    let push = |part: &str, out: &mut Vec<(String, String)>| {
        if let Some((k, v)) = part.split_once('=') {
            out.push((k.trim().to_ascii_uppercase(), v.trim().to_owned()));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    part.push(n);
                }
            }
            ',' | '+' => {
                push(&part, &mut out);
                part.clear();
            }
            c => part.push(c),
        }
    }
    push(&part, &mut out);
    out
}

impl Subject {
    /// The subject of a name; the library's reading of the identifiers
    /// and the email wins when `info` is given (it also reads
    /// subjectAltName's email).
    pub(crate) fn new(dn: &str, info: Option<&CertificateInfo>) -> Self {
        let mut s = Subject {
            dn: dn.to_owned(),
            ..Subject::default()
        };
        for (k, v) in dn_attributes(dn) {
            let slot = match k.as_str() {
                "CN" => &mut s.common_name,
                "SURNAME" => &mut s.sur_name,
                "GIVENNAME" | "G" => &mut s.last_name,
                "C" => &mut s.country,
                "L" => &mut s.locality,
                "S" | "ST" => &mut s.state,
                "E" | "EMAILADDRESS" => &mut s.email,
                "O" => &mut s.organization,
                "SERIALNUMBER" => {
                    if let Some(bin) = v.strip_prefix("BIN") {
                        s.bin = Some(bin.to_owned());
                    } else {
                        s.iin = Some(v.trim_start_matches("IIN").to_owned());
                    }
                    continue;
                }
                "OU" => {
                    s.bin = Some(v.trim_start_matches("BIN").to_owned());
                    continue;
                }
                _ => continue,
            };
            *slot = Some(v);
        }
        if let Some(info) = info {
            if let Some(iin) = info.iin {
                s.iin = Some(iin.to_string());
            }
            if let Some(bin) = info.bin {
                s.bin = Some(bin.to_string());
            }
            if let Some(email) = &info.email {
                s.email = Some(email.clone());
            }
        }
        s
    }
}

/// NCANode's `CertificateKeyUser` names of the national CA's EKU OIDs.
fn key_users(info: &CertificateInfo) -> Vec<&'static str> {
    const ARC: &str = "1.2.398.3.3.4.";
    let mut out: Vec<&'static str> = info
        .extended_key_usage
        .iter()
        .filter_map(|oid| {
            Some(match oid.strip_prefix(ARC)? {
                "1.1" => "INDIVIDUAL",
                "1.2" => "ORGANIZATION",
                "1.2.1" => "CEO",
                "1.2.2" => "CAN_SIGN",
                "1.2.3" => "CAN_SIGN_FINANCIAL",
                "1.2.4" => "HR",
                "1.2.5" => "EMPLOYEE",
                "2" => "NCA_PRIVILEGES",
                "2.1" => "NCA_ADMIN",
                "2.2" => "NCA_MANAGER",
                "2.3" => "NCA_OPERATOR",
                "3" => "IDENTIFICATION",
                "3.1" => "IDENTIFICATION_CON",
                "3.2" => "IDENTIFICATION_REMOTE",
                "3.2.1" => "IDENTIFICATION_REMOTE_DIGITAL_ID",
                _ => return None,
            })
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The JCA name of a signature algorithm, as NCANode (Kalkan's provider)
/// reports it; None for one it has no name for (qoltanba's name is given).
fn jca_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "sha1WithRSAEncryption" => "SHA1withRSA",
        "sha256WithRSAEncryption" => "SHA256withRSA",
        "sha384WithRSAEncryption" => "SHA384withRSA",
        "sha512WithRSAEncryption" => "SHA512withRSA",
        "ecdsa-with-SHA256" => "SHA256withECDSA",
        "ecdsa-with-SHA384" => "SHA384withECDSA",
        "ecdsa-with-SHA512" => "SHA512withECDSA",
        "gost34.310-2004" => "GOST34311withGOST34310",
        "gost34.10-2015-512" => "GOST3411-2015withGOST3410-2015-512",
        "gost34.10-2015-256" => "GOST3411-2015withGOST3410-2015-256",
        _ => return None,
    })
}

impl CertInfo {
    /// The info of a report's certificate, with its key and signature
    /// when the certificate itself is given.
    pub(crate) fn new(cert: Option<&Certificate>, report: &Report) -> Self {
        let info = &report.certificate;
        let revocations = match &report.reason {
            Some(qoltanba::Error::CertRevoked {
                revoked_at, reason, ..
            }) => vec![Revocation {
                revoked: true,
                by: "CRL",
                revocation_time: date(*revoked_at),
                reason: reason.map(|r| r.to_string()),
            }],
            _ => Vec::new(),
        };
        let key_usage = match info.key_kind {
            KeyKind::Sign => "SIGN",
            KeyKind::Auth => "AUTH",
            _ => "UNKNOWN",
        };
        let serial = info.serial.trim_start_matches('0');
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        let sign_alg = jca_name(&info.signature_algorithm).map_or_else(
            || Cow::Owned(info.signature_algorithm.clone()),
            Cow::Borrowed,
        );
        CertInfo {
            valid: report.valid,
            revocations,
            not_before: date(info.not_before),
            not_after: date(info.not_after),
            key_usage,
            serial_number: if serial.is_empty() { "0" } else { serial }.to_owned(),
            sign_alg,
            key_user: key_users(info),
            subject: Subject::new(&info.subject, Some(info)),
            issuer: Subject::new(&info.issuer, None),
            public_key: cert.map(|c| b64(c.spki())),
            signature: cert.map(|c| b64(c.signature_value())),
        }
    }
}
