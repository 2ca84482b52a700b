//! The request and licence payloads (docs/domain.md, "The request" and "The
//! licence"): strict, versioned JSON. Every identifier is non-empty, dates
//! are calendar dates, attachment hashes are SHA-256 in lowercase hex,
//! enumerations are closed, unknown fields and unknown versions are refused.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::identity::{Bin, Iin};

/// The version of the request and licence JSON this library reads and
/// writes. A payload with another `version` is refused.
pub const MODEL_VERSION: u32 = 1;

/// The national CA's test identifiers (DOMAIN 2): they fail the check digit
/// and are accepted only when test identifiers are allowed.
const TEST_IINS: [&str; 2] = ["123456789011", "123456789012"];
const TEST_BINS: [&str; 1] = ["123456789021"];

/// A calendar date (`YYYY-MM-DD`), as the regulations' forms give dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

/// Kazakhstan's time zone since 2024-03-01 (UTC+5, the whole country): a
/// date on a form is a day in Astana.
const ASTANA_OFFSET_SECONDS: i64 = 5 * 3600;

impl Date {
    /// Parses `YYYY-MM-DD` (a real date: `1999-13-45` is refused).
    pub fn parse(text: &str) -> Result<Date, Error> {
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        if text.len() != 10 {
            return Err(bad_date(text));
        }
        time::Date::parse(text, fmt)
            .map(Date)
            .map_err(|_| bad_date(text))
    }

    /// The instant this day starts in Astana (00:00 UTC+5).
    pub fn start(self) -> crate::time::Time {
        crate::time::Time::from_unix(
            self.0.midnight().assume_utc().unix_timestamp() - ASTANA_OFFSET_SECONDS,
        )
    }

    /// The instant this day ends in Astana (the next day's 00:00 UTC+5).
    pub fn end(self) -> crate::time::Time {
        crate::time::Time::from_unix(self.start().unix() + 86_400)
    }
}

fn bad_date(text: &str) -> Error {
    Error::Malformed {
        what: "date",
        detail: format!("{text:?} is not a date (YYYY-MM-DD)"),
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as Deserialize>::deserialize(d)?;
        Date::parse(&s).map_err(|e| serde::de::Error::custom(e.to_string()))
    }
}

/// A non-empty identifier or name (no leading or trailing white space, no
/// control characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Text(String);

impl Text {
    /// Checks `text`: non-empty, trimmed, no control characters.
    pub fn new(text: impl Into<String>) -> Result<Text, Error> {
        let text = text.into();
        let problem = if text.is_empty() {
            Some("is empty")
        } else if text.trim() != text {
            Some("has leading or trailing white space")
        } else if text.chars().any(char::is_control) {
            Some("has a control character")
        } else {
            None
        };
        match problem {
            Some(p) => Err(Error::Malformed {
                what: "text field",
                detail: format!("{text:?} {p}"),
            }),
            None => Ok(Text(text)),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Text::new(s).map_err(|e| serde::de::Error::custom(e.to_string()))
    }
}

/// A SHA-256 digest as 64 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Sha256Hex(String);

impl Sha256Hex {
    /// Checks `text`: exactly 64 lowercase hex digits.
    pub fn new(text: impl Into<String>) -> Result<Sha256Hex, Error> {
        let text = text.into();
        if text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(Sha256Hex(text))
        } else {
            Err(Error::Malformed {
                what: "sha256",
                detail: format!("{text:?} is not 64 lowercase hex digits"),
            })
        }
    }

    /// The digest of `data`.
    ///
    /// # Errors
    ///
    /// When no backend computes SHA-256 (never in a working build).
    pub fn of(data: &[u8]) -> Result<Sha256Hex, Error> {
        let digest =
            crate::algorithm::digest::digest(crate::algorithm::HashAlgorithm::Sha256, data)?;
        Ok(Sha256Hex(crate::encoding::hex_lower(&digest)))
    }

    /// The hex text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Sha256Hex {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Sha256Hex::new(s).map_err(|e| serde::de::Error::custom(e.to_string()))
    }
}

/// Who applies: a person (IIN) or an organisation (BIN).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicant {
    /// An individual, by IIN.
    Iin(#[serde(deserialize_with = "lenient_iin")] Iin),
    /// A legal entity, by BIN.
    Bin(#[serde(deserialize_with = "lenient_bin")] Bin),
}

impl fmt::Display for Applicant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Applicant::Iin(i) => write!(f, "IIN {i}"),
            Applicant::Bin(b) => write!(f, "BIN {b}"),
        }
    }
}

/// A file attached to a request, bound by its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// File name.
    pub name: Text,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: Sha256Hex,
}

/// The kind of service asked for, or how a licence came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceKind {
    /// First issue.
    Issue,
    /// Re-issue (переоформление: the holder's or the activity's data
    /// changed).
    ReIssue,
    /// A duplicate of a lost or damaged document.
    Duplicate,
}

/// How a request reached the provider (docs/domain.md, "Channels").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// The e-government portal: the applicant (or a representative) signs.
    Portal,
    /// A service centre (ХҚКО / ЦОН): an operator certifies the request
    /// with the operator's own EDS; the applicant signs nothing.
    ServiceCentre,
    /// The provider itself, on paper: the provider's employee certifies it.
    Provider,
}

impl Channel {
    /// The channel's name in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Portal => "portal",
            Channel::ServiceCentre => "service-centre",
            Channel::Provider => "provider",
        }
    }

    /// Parses `portal`, `service-centre`, `provider`.
    pub fn from_name(name: &str) -> Option<Channel> {
        match name {
            "portal" => Some(Channel::Portal),
            "service-centre" => Some(Channel::ServiceCentre),
            "provider" => Some(Channel::Provider),
            _ => None,
        }
    }
}

/// A request's registration by the provider's system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// The registration number.
    pub number: Text,
    /// The registration date.
    pub date: Date,
}

/// A power of attorney a representative acts on. Checked by the notarial
/// system, outside qoltanba: a verdict says it was not checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerOfAttorney {
    /// Its number (in the notarial register).
    pub number: Text,
    /// Its date.
    pub date: Date,
    /// Whether it is notarised (the regulations ask for a notarised one).
    pub notarised: bool,
}

/// Someone acting for the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Representative {
    /// The representative's IIN: the representative's certificate must
    /// carry it.
    #[serde(deserialize_with = "lenient_iin")]
    pub iin: Iin,
    /// The power of attorney.
    pub power_of_attorney: PowerOfAttorney,
}

/// A request for a public service (docs/domain.md, "The request").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "RequestJson")]
pub struct Request {
    /// The model's version: [`MODEL_VERSION`].
    pub version: u32,
    /// The service's code in the register of public services.
    pub service: Text,
    /// Issue, re-issue or duplicate.
    pub kind: ServiceKind,
    /// How the request reached the provider.
    pub channel: Channel,
    /// The applicant.
    pub applicant: Applicant,
    /// Someone acting for the applicant, if anyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<Representative>,
    /// The provider's registration, once registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<Registration>,
    /// The payment's reference (a fee or state duty), if paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<Text>,
    /// The form's fields.
    #[serde(default)]
    pub fields: BTreeMap<Text, String>,
    /// Attachments, by hash.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// A licence's status (docs/domain.md, "The licence").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LicenceStatus {
    /// Issued: in force.
    Issued,
    /// Re-issued: in force.
    ReIssued,
    /// Suspended: not in force until renewed.
    Suspended,
    /// Renewed after a suspension: in force.
    Renewed,
    /// Terminated: never in force again.
    Terminated,
}

impl LicenceStatus {
    /// Whether a licence with this status is in force.
    pub fn in_force(self) -> bool {
        matches!(
            self,
            LicenceStatus::Issued | LicenceStatus::ReIssued | LicenceStatus::Renewed
        )
    }
}

/// A licence issued by a provider (docs/domain.md, "The licence").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "LicenceJson")]
pub struct Licence {
    /// The model's version: [`MODEL_VERSION`].
    pub version: u32,
    /// The licence's identification number, formed by the licensing system.
    pub number: Text,
    /// The licensee.
    pub licensee: Applicant,
    /// The licensed activity.
    pub activity: Text,
    /// The subtype of the activity, if the activity has subtypes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<Text>,
    /// Issue date.
    pub issued: Date,
    /// Last day of validity (inclusive, Astana time), if limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Date>,
    /// Status.
    pub status: LicenceStatus,
    /// The issuing body's name.
    pub issuer_name: Text,
    /// The issuing body's BIN.
    #[serde(deserialize_with = "lenient_bin")]
    pub issuer_bin: Bin,
}

/// Whether identifiers failing the check digit are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Identifiers {
    /// Every IIN and BIN must pass the check digit (the default).
    #[default]
    Strict,
    /// The national CA's test identifiers (IIN 123456789011, 123456789012,
    /// BIN 123456789021) are accepted with a warning; any other number
    /// failing the check digit is still refused.
    AllowTest,
}

/// The identifiers of a payload that fail the check digit, as warnings, or
/// the error that refuses it.
fn check_identifiers(
    what: &'static str,
    ids: &[(&'static str, Result<Iin, Bin>)],
    rule: Identifiers,
) -> Result<Vec<String>, Error> {
    let mut warnings = Vec::new();
    for (field, id) in ids {
        let (kind, text, ok, test) = match id {
            Ok(iin) => (
                "IIN",
                iin.as_str(),
                iin.check_digit_valid(),
                TEST_IINS.contains(&iin.as_str()),
            ),
            Err(bin) => (
                "BIN",
                bin.as_str(),
                bin.check_digit_valid(),
                TEST_BINS.contains(&bin.as_str()),
            ),
        };
        if ok {
            continue;
        }
        if test && rule == Identifiers::AllowTest {
            warnings.push(format!(
                "{field}: {kind} {text} is a national CA test identifier (fails the check digit); accepted for testing only"
            ));
        } else {
            return Err(Error::Malformed {
                what,
                detail: format!("{field}: {kind} {text} fails the check digit"),
            });
        }
    }
    Ok(warnings)
}

fn applicant_id(a: Applicant) -> Result<Iin, Bin> {
    match a {
        Applicant::Iin(i) => Ok(i),
        Applicant::Bin(b) => Err(b),
    }
}

fn check_version(what: &'static str, version: u32) -> Result<(), Error> {
    if version == MODEL_VERSION {
        Ok(())
    } else {
        Err(Error::Malformed {
            what,
            detail: format!(
                "version {version} is not supported (this library reads version {MODEL_VERSION})"
            ),
        })
    }
}

fn malformed(what: &'static str, e: impl fmt::Display) -> Error {
    Error::Malformed {
        what,
        detail: e.to_string(),
    }
}

impl Request {
    /// Reads a request from JSON, strictly: every identifier must pass its
    /// check digit.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] (what `request`) for JSON that is not a request
    /// of [`MODEL_VERSION`]; [`Error::InvalidIdentifier`] for an IIN or BIN
    /// failing its check digit.
    pub fn from_json(json: &[u8]) -> Result<Request, Error> {
        Request::from_json_with(json, Identifiers::Strict).map(|(r, _)| r)
    }

    /// As [`Request::from_json`], with the national CA's test identifiers
    /// accepted under [`Identifiers::AllowTest`] (each reported in the
    /// warnings returned).
    ///
    /// # Errors
    ///
    /// As [`Request::from_json`].
    pub fn from_json_with(json: &[u8], rule: Identifiers) -> Result<(Request, Vec<String>), Error> {
        let raw: RequestJson = serde_json::from_slice(json).map_err(|e| malformed("request", e))?;
        raw.check(rule)
    }

    /// The request as JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] if the request is not of [`MODEL_VERSION`].
    pub fn to_json(&self) -> Result<Vec<u8>, Error> {
        check_version("request", self.version)?;
        serde_json::to_vec(self).map_err(|e| malformed("request", e))
    }
}

impl Licence {
    /// Reads a licence from JSON, strictly (see [`Request::from_json`]).
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] (what `licence`) or [`Error::InvalidIdentifier`].
    pub fn from_json(json: &[u8]) -> Result<Licence, Error> {
        Licence::from_json_with(json, Identifiers::Strict).map(|(l, _)| l)
    }

    /// As [`Licence::from_json`], with the national CA's test identifiers
    /// accepted under [`Identifiers::AllowTest`].
    ///
    /// # Errors
    ///
    /// As [`Licence::from_json`].
    pub fn from_json_with(json: &[u8], rule: Identifiers) -> Result<(Licence, Vec<String>), Error> {
        let raw: LicenceJson = serde_json::from_slice(json).map_err(|e| malformed("licence", e))?;
        raw.check(rule)
    }

    /// The licence as JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] if the licence is not of [`MODEL_VERSION`], or
    /// its `valid_until` is before its issue date.
    pub fn to_json(&self) -> Result<Vec<u8>, Error> {
        check_version("licence", self.version)?;
        check_dates(self.issued, self.valid_until)?;
        serde_json::to_vec(self).map_err(|e| malformed("licence", e))
    }
}

fn check_dates(issued: Date, valid_until: Option<Date>) -> Result<(), Error> {
    match valid_until {
        Some(until) if until < issued => Err(Error::Malformed {
            what: "licence",
            detail: format!("valid_until {until} is before the issue date {issued}"),
        }),
        _ => Ok(()),
    }
}

/// The request as read, before the version and the identifiers' check
/// digits are checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestJson {
    version: u32,
    service: Text,
    kind: ServiceKind,
    channel: Channel,
    applicant: Applicant,
    #[serde(default)]
    representative: Option<Representative>,
    #[serde(default)]
    registration: Option<Registration>,
    #[serde(default)]
    payment: Option<Text>,
    #[serde(default)]
    fields: BTreeMap<Text, String>,
    #[serde(default)]
    attachments: Vec<Attachment>,
}

impl RequestJson {
    fn check(self, rule: Identifiers) -> Result<(Request, Vec<String>), Error> {
        check_version("request", self.version)?;
        let mut ids = vec![("applicant", applicant_id(self.applicant))];
        if let Some(r) = &self.representative {
            ids.push(("representative", Ok(r.iin)));
        }
        let warnings = check_identifiers("request", &ids, rule)?;
        let request = Request {
            version: self.version,
            service: self.service,
            kind: self.kind,
            channel: self.channel,
            applicant: self.applicant,
            representative: self.representative,
            registration: self.registration,
            payment: self.payment,
            fields: self.fields,
            attachments: self.attachments,
        };
        Ok((request, warnings))
    }
}

impl TryFrom<RequestJson> for Request {
    type Error = Error;

    fn try_from(raw: RequestJson) -> Result<Self, Error> {
        raw.check(Identifiers::Strict).map(|(r, _)| r)
    }
}

/// The licence as read, before the version, the dates' order and the
/// identifiers' check digits are checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LicenceJson {
    version: u32,
    number: Text,
    licensee: Applicant,
    activity: Text,
    #[serde(default)]
    subtype: Option<Text>,
    issued: Date,
    #[serde(default)]
    valid_until: Option<Date>,
    status: LicenceStatus,
    issuer_name: Text,
    #[serde(deserialize_with = "lenient_bin")]
    issuer_bin: Bin,
}

impl LicenceJson {
    fn check(self, rule: Identifiers) -> Result<(Licence, Vec<String>), Error> {
        check_version("licence", self.version)?;
        check_dates(self.issued, self.valid_until)?;
        let warnings = check_identifiers(
            "licence",
            &[
                ("licensee", applicant_id(self.licensee)),
                ("issuer_bin", Err(self.issuer_bin)),
            ],
            rule,
        )?;
        let licence = Licence {
            version: self.version,
            number: self.number,
            licensee: self.licensee,
            activity: self.activity,
            subtype: self.subtype,
            issued: self.issued,
            valid_until: self.valid_until,
            status: self.status,
            issuer_name: self.issuer_name,
            issuer_bin: self.issuer_bin,
        };
        Ok((licence, warnings))
    }
}

impl TryFrom<LicenceJson> for Licence {
    type Error = Error;

    fn try_from(raw: LicenceJson) -> Result<Self, Error> {
        raw.check(Identifiers::Strict).map(|(l, _)| l)
    }
}

/// 12 digits, check digit not yet checked (the payload's check does it, so
/// that test identifiers can be allowed).
fn lenient_iin<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Iin, D::Error> {
    let s = <std::borrow::Cow<'de, str> as Deserialize>::deserialize(d)?;
    Iin::parse_unchecked(&s).map_err(|e| serde::de::Error::custom(e.to_string()))
}

fn lenient_bin<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Bin, D::Error> {
    let s = <std::borrow::Cow<'de, str> as Deserialize>::deserialize(d)?;
    Bin::parse_unchecked(&s).map_err(|e| serde::de::Error::custom(e.to_string()))
}
