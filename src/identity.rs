//! IIN and BIN: the 12-digit identification numbers of Kazakhstan.
//!
//! An IIN (individual identification number) names a person, a BIN
//! (business identification number) names a legal entity, a branch, a
//! representative office or a joint individual entrepreneurship. Both are
//! 12 digits, the 12th a check digit computed by the rule below.
//!
//! # The check digit
//!
//! With `d[1]..d[11]` the first 11 digits:
//!
//! 1. `c = sum(d[i] * i for i in 1..=11) mod 11`;
//! 2. if `c == 10`, recompute with the weights `3,4,5,6,7,8,9,10,11,1,2`;
//! 3. if `c` is 10 again the number cannot be valid (such numbers are never
//!    issued);
//! 4. otherwise the number is valid iff `c == d[12]`.
//!
//! The check does not catch every single-digit error: the 11th digit has
//! weight 11, which is 0 mod 11 in the first pass, so a change of the 11th
//! digit goes unnoticed whenever the first pass does not give 10.
//!
//! # Decoded values are hints
//!
//! The digits also encode a birth date and sex (IIN) or a registration
//! month and an entity type (BIN). Since 2013 an IIN need not match the
//! holder's birth date or sex, and a BIN's registration month is only the
//! month the number was assigned, so every decoded value here is a *hint*:
//! never use it to decide who someone is.
//!
//! # Strict and lenient parsing
//!
//! [`Iin::parse`] and [`Bin::parse`] (and their [`FromStr`] impls) require a
//! valid check digit: use them for input a user typed or a request carries.
//! [`Iin::parse_unchecked`], [`Bin::parse_unchecked`],
//! [`Iin::from_serial_number_attr`] and [`Bin::from_attr`] accept any 12
//! digits: the national CA's test certificates carry `IIN123456789011`,
//! `IIN123456789012` and `BIN123456789021`, which fail the check digit, and a
//! verifier reports that ([`Iin::check_digit_valid`]) rather than rejecting
//! the certificate.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// The weights of the second pass of the check digit, used when the first
/// pass (weights 1..=11) gives 10.
const SECOND_WEIGHTS: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/// The check digit of an IIN or BIN from its first 11 digits.
///
/// `first11` holds digit *values* (`0..=9`), not ASCII characters. Returns
/// the check digit value (`0..=9`), or `None` when both passes give 10 (no
/// valid number starts with these 11 digits).
///
/// Rule: `c = sum(d[i] * i, i = 1..=11) mod 11`; if `c == 10`, recompute with
/// the weights `3,4,5,6,7,8,9,10,11,1,2`; if it is 10 again, there is none.
pub(crate) fn check_digit(first11: &[u8; 11]) -> Option<u8> {
    let first: u32 = first11
        .iter()
        .zip(1u32..)
        .map(|(&d, w)| u32::from(d) * w)
        .sum::<u32>()
        % 11;
    let c = if first == 10 {
        first11
            .iter()
            .zip(SECOND_WEIGHTS)
            .map(|(&d, w)| u32::from(d) * w)
            .sum::<u32>()
            % 11
    } else {
        first
    };
    // c < 11, so the conversion cannot fail; 10 means "no check digit".
    u8::try_from(c).ok().filter(|&c| c < 10)
}

/// Why 12 ASCII digits do not pass the check digit, if they do not.
fn check_failure(digits: &[u8; 12]) -> Option<&'static str> {
    let mut first11 = [0u8; 11];
    for (v, &a) in first11.iter_mut().zip(digits.iter()) {
        *v = a - b'0';
    }
    match check_digit(&first11) {
        None => Some("check digit cannot be computed (10 twice)"),
        Some(c) if c == digits[11] - b'0' => None,
        Some(_) => Some("check digit mismatch"),
    }
}

/// Exactly 12 ASCII digits, as bytes, or the reason they are not.
fn parse_digits(kind: &'static str, s: &str) -> Result<[u8; 12], Error> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::InvalidIdentifier {
            kind,
            reason: "must contain only the ASCII digits 0-9",
        });
    }
    <[u8; 12]>::try_from(s.as_bytes()).map_err(|_| Error::InvalidIdentifier {
        kind,
        reason: "must be 12 digits",
    })
}

/// 12 ASCII digits with a valid check digit, or the reason they are not.
fn parse_checked(kind: &'static str, s: &str) -> Result<[u8; 12], Error> {
    let digits = parse_digits(kind, s)?;
    match check_failure(&digits) {
        None => Ok(digits),
        Some(reason) => Err(Error::InvalidIdentifier { kind, reason }),
    }
}

/// The 12 bytes as a `&str`. They are ASCII digits by construction.
fn digits_str(digits: &[u8; 12]) -> &str {
    // Every constructor checks that the bytes are ASCII digits, so this never
    // fails; the fallback only avoids a panic path.
    std::str::from_utf8(digits).unwrap_or("")
}

/// The value of the ASCII digit at 0-based `index`.
fn digit(digits: &[u8; 12], index: usize) -> u8 {
    digits[index] - b'0'
}

/// The two-digit number at 0-based `index` and `index + 1`.
fn two_digits(digits: &[u8; 12], index: usize) -> u8 {
    digit(digits, index) * 10 + digit(digits, index + 1)
}

fn is_leap_year(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// ---------------------------------------------------------------------------
// IIN
// ---------------------------------------------------------------------------

/// An individual identification number (IIN): 12 ASCII digits.
///
/// Digits 1-6 are a birth date `YYMMDD`, digit 7 gives the century and sex
/// (1/2: 1800s male/female, 3/4: 1900s, 5/6: 2000s), digit 12 is the check
/// digit (see [`Iin::check_digit_valid`]). Since 2013 an IIN need not
/// match the holder's birth date or sex: [`Iin::birth_date_hint`] and
/// [`Iin::sex_hint`] are hints only.
///
/// A value built by [`Iin::parse`] or [`FromStr`] has a valid check digit; one
/// built by [`Iin::parse_unchecked`] or [`Iin::from_serial_number_attr`] may
/// not, ask [`Iin::check_digit_valid`].
///
/// `Display` and [`Iin::as_str`] give the 12 digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Iin([u8; 12]);

impl Iin {
    /// Parses an IIN strictly: exactly 12 ASCII digits (no trimming, no sign,
    /// no other Unicode digits) with a valid check digit.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidIdentifier`] with kind `"IIN"` and the reason:
    /// `"must contain only the ASCII digits 0-9"`, `"must be 12 digits"`,
    /// `"check digit mismatch"` or `"check digit cannot be computed (10 twice)"`.
    pub fn parse(s: &str) -> Result<Self, Error> {
        parse_checked("IIN", s).map(Iin)
    }

    /// Parses 12 ASCII digits as an IIN without enforcing the check digit.
    ///
    /// For IINs taken from certificates: the national CA's test hierarchy
    /// issues certificates with `IIN123456789011`, which fails the check. A
    /// verifier reports [`Iin::check_digit_valid`] being false; it does not
    /// reject the certificate for it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidIdentifier`] with kind `"IIN"` if `s` is not exactly
    /// 12 ASCII digits.
    pub fn parse_unchecked(s: &str) -> Result<Self, Error> {
        parse_digits("IIN", s).map(Iin)
    }

    /// The IIN in a certificate's SERIALNUMBER attribute value, which the
    /// national CA writes as `IIN` followed by the 12 digits
    /// (`"IIN871008401427"`).
    ///
    /// Returns `None` unless `value` is exactly `"IIN"` (upper case) followed
    /// by 12 ASCII digits and nothing else. The check digit is not enforced
    /// (see [`Iin::parse_unchecked`]).
    pub fn from_serial_number_attr(value: &str) -> Option<Self> {
        value
            .strip_prefix("IIN")
            .and_then(|digits| Self::parse_unchecked(digits).ok())
    }

    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        digits_str(&self.0)
    }

    /// Whether digit 12 is the check digit of digits 1-11.
    ///
    /// The rule: `c = sum(d[i] * i for i in 1..=11) mod 11`; if `c == 10`,
    /// recompute with the weights `3,4,5,6,7,8,9,10,11,1,2`; if it is 10
    /// again, no check digit is valid; otherwise valid iff `c == d[12]`.
    pub fn check_digit_valid(&self) -> bool {
        check_failure(&self.0).is_none()
    }

    /// The birth date encoded in digits 1-6 (`YYMMDD`) and 7 (the century:
    /// 1/2 the 1800s, 3/4 the 1900s, 5/6 the 2000s).
    ///
    /// `None` if digit 7 is not `1..=6` or the digits do not give a real
    /// calendar date. A hint only: since 2013 an IIN need not match the
    /// holder's birth date.
    pub fn birth_date_hint(&self) -> Option<BirthDate> {
        let century: u16 = match digit(&self.0, 6) {
            1 | 2 => 1800,
            3 | 4 => 1900,
            5 | 6 => 2000,
            _ => return None,
        };
        let year = century + u16::from(two_digits(&self.0, 0));
        let month = two_digits(&self.0, 2);
        let day = two_digits(&self.0, 4);
        (day >= 1 && day <= days_in_month(year, month)).then_some(BirthDate { year, month, day })
    }

    /// The sex encoded in digit 7: odd (1, 3, 5) male, even (2, 4, 6) female.
    ///
    /// `None` if digit 7 is not `1..=6`. A hint only: since 2013 an IIN need
    /// not match the holder's sex.
    pub fn sex_hint(&self) -> Option<Sex> {
        match digit(&self.0, 6) {
            1 | 3 | 5 => Some(Sex::Male),
            2 | 4 | 6 => Some(Sex::Female),
            _ => None,
        }
    }
}

impl FromStr for Iin {
    type Err = Error;

    /// Strict, as [`Iin::parse`].
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl fmt::Display for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Iin").field(&self.as_str()).finish()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Iin {
    /// Serializes as the 12-digit string.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Iin {
    /// Deserializes from the 12-digit string, strictly: a bad check digit
    /// is an error (a request naming such an IIN is malformed).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        Iin::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A birth date decoded from an IIN: a hint, not a fact (see
/// [`Iin::birth_date_hint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BirthDate {
    /// The year, 1800..=2099.
    pub year: u16,
    /// The month, 1..=12.
    pub month: u8,
    /// The day of the month, 1..=31 (a real date of that month).
    pub day: u8,
}

impl fmt::Display for BirthDate {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The sex decoded from digit 7 of an IIN: a hint, not a fact (see
/// [`Iin::sex_hint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Sex {
    /// Digit 7 is 1, 3 or 5.
    Male,
    /// Digit 7 is 2, 4 or 6.
    Female,
}

// ---------------------------------------------------------------------------
// BIN
// ---------------------------------------------------------------------------

/// The pivot for the two-digit year of a BIN: `YY <= 50` is read as `20YY`,
/// larger values as `19YY`.
const BIN_YEAR_PIVOT: u8 = 50;

/// A business identification number (BIN): 12 ASCII digits.
///
/// Digits 1-4 are the year and month of registration (`YYMM`), digit 5 the
/// kind of entity (4 resident legal entity, 5 non-resident legal entity, 6
/// individual entrepreneur in a joint venture), digit 6 the kind of unit (0
/// head office, 1 branch, 2 representative office, 3 peasant farm), digit 12
/// the check digit (see [`Bin::check_digit_valid`]). The decoded values
/// are hints only.
///
/// A value built by [`Bin::parse`] or [`FromStr`] has a valid check digit; one
/// built by [`Bin::parse_unchecked`] or [`Bin::from_attr`] may not, ask
/// [`Bin::check_digit_valid`].
///
/// `Display` and [`Bin::as_str`] give the 12 digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bin([u8; 12]);

impl Bin {
    /// Parses a BIN strictly: exactly 12 ASCII digits (no trimming, no sign,
    /// no other Unicode digits) with a valid check digit.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidIdentifier`] with kind `"BIN"` and the reason:
    /// `"must contain only the ASCII digits 0-9"`, `"must be 12 digits"`,
    /// `"check digit mismatch"` or `"check digit cannot be computed (10 twice)"`.
    pub fn parse(s: &str) -> Result<Self, Error> {
        parse_checked("BIN", s).map(Bin)
    }

    /// Parses 12 ASCII digits as a BIN without enforcing the check digit.
    ///
    /// For BINs taken from certificates: the national CA's test hierarchy
    /// issues certificates with `BIN123456789021`, which fails the check. A
    /// verifier reports [`Bin::check_digit_valid`] being false; it does not
    /// reject the certificate for it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidIdentifier`] with kind `"BIN"` if `s` is not exactly
    /// 12 ASCII digits.
    pub fn parse_unchecked(s: &str) -> Result<Self, Error> {
        parse_digits("BIN", s).map(Bin)
    }

    /// The BIN in a certificate attribute value (OU, or SERIALNUMBER of an
    /// information system's certificate), which the national CA writes as
    /// `BIN` followed by the 12 digits (`"BIN940140000385"`).
    ///
    /// Returns `None` unless `value` is exactly `"BIN"` (upper case) followed
    /// by 12 ASCII digits and nothing else. The check digit is not enforced
    /// (see [`Bin::parse_unchecked`]).
    pub fn from_attr(value: &str) -> Option<Self> {
        value
            .strip_prefix("BIN")
            .and_then(|digits| Self::parse_unchecked(digits).ok())
    }

    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        digits_str(&self.0)
    }

    /// Whether digit 12 is the check digit of digits 1-11.
    ///
    /// The rule: `c = sum(d[i] * i for i in 1..=11) mod 11`; if `c == 10`,
    /// recompute with the weights `3,4,5,6,7,8,9,10,11,1,2`; if it is 10
    /// again, no check digit is valid; otherwise valid iff `c == d[12]`.
    pub fn check_digit_valid(&self) -> bool {
        check_failure(&self.0).is_none()
    }

    /// The year and month of registration encoded in digits 1-4 (`YYMM`).
    ///
    /// The century is a guess: `YY <= 50` gives `20YY`, larger values `19YY`.
    /// `None` if the month is not `1..=12`. A hint only.
    pub fn registration_hint(&self) -> Option<YearMonth> {
        let yy = two_digits(&self.0, 0);
        let century: u16 = if yy <= BIN_YEAR_PIVOT { 2000 } else { 1900 };
        let month = two_digits(&self.0, 2);
        (1..=12).contains(&month).then_some(YearMonth {
            year: century + u16::from(yy),
            month,
        })
    }

    /// The kind of entity encoded in digit 5: 4 resident legal entity, 5
    /// non-resident legal entity, 6 individual entrepreneur (joint).
    ///
    /// `None` for any other digit. A hint only.
    pub fn entity_type(&self) -> Option<EntityType> {
        match digit(&self.0, 4) {
            4 => Some(EntityType::ResidentLegalEntity),
            5 => Some(EntityType::NonResidentLegalEntity),
            6 => Some(EntityType::IndividualEntrepreneur),
            _ => None,
        }
    }

    /// The kind of unit encoded in digit 6: 0 head office, 1 branch, 2
    /// representative office, 3 peasant farm.
    ///
    /// `None` for any other digit. A hint only.
    pub fn unit_type(&self) -> Option<UnitType> {
        match digit(&self.0, 5) {
            0 => Some(UnitType::HeadOffice),
            1 => Some(UnitType::Branch),
            2 => Some(UnitType::RepresentativeOffice),
            3 => Some(UnitType::PeasantFarm),
            _ => None,
        }
    }
}

impl FromStr for Bin {
    type Err = Error;

    /// Strict, as [`Bin::parse`].
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl fmt::Display for Bin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Bin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Bin").field(&self.as_str()).finish()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Bin {
    /// Serializes as the 12-digit string.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Bin {
    /// Deserializes from the 12-digit string, strictly.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        Bin::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A year and month decoded from a BIN: a hint, not a fact (see
/// [`Bin::registration_hint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct YearMonth {
    /// The year, 1951..=2050.
    pub year: u16,
    /// The month, 1..=12.
    pub month: u8,
}

impl fmt::Display for YearMonth {
    /// `YYYY-MM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The kind of entity, from digit 5 of a BIN (a hint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum EntityType {
    /// Digit 5 is 4: a resident legal entity.
    ResidentLegalEntity,
    /// Digit 5 is 5: a non-resident legal entity.
    NonResidentLegalEntity,
    /// Digit 5 is 6: an individual entrepreneur in a joint venture.
    IndividualEntrepreneur,
}

/// The kind of unit, from digit 6 of a BIN (a hint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum UnitType {
    /// Digit 6 is 0: the head office.
    HeadOffice,
    /// Digit 6 is 1: a branch.
    Branch,
    /// Digit 6 is 2: a representative office.
    RepresentativeOffice,
    /// Digit 6 is 3: a peasant (farm) enterprise.
    PeasantFarm,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first11(s: &str) -> [u8; 11] {
        let mut out = [0u8; 11];
        for (o, b) in out.iter_mut().zip(s.bytes()) {
            *o = b - b'0';
        }
        out
    }

    #[test]
    fn check_digit_first_pass() {
        // 8*1+7*2+1*3+0+0+8*6+4*7+0+1*9+4*10+2*11 = 172 = 15*11 + 7.
        assert_eq!(check_digit(&first11("87100840142")), Some(7));
        assert_eq!(check_digit(&first11("76021235062")), Some(0));
        assert_eq!(check_digit(&first11("94014000038")), Some(5));
    }

    #[test]
    fn check_digit_second_pass() {
        // First pass 296 mod 11 = 10, second pass 377 mod 11 = 3.
        assert_eq!(check_digit(&first11("12345678901")), Some(3));
        // First pass 307 mod 11 = 10, second pass 379 mod 11 = 5.
        assert_eq!(check_digit(&first11("12345678902")), Some(5));
        // 961141000023 is valid through the second pass.
        assert_eq!(check_digit(&first11("96114100002")), Some(3));
    }

    #[test]
    fn check_digit_ten_twice() {
        assert_eq!(check_digit(&first11("00081315989")), None);
    }

    #[test]
    fn check_digit_all_zero() {
        assert_eq!(check_digit(&[0; 11]), Some(0));
    }

    #[test]
    fn check_digit_max_digits_do_not_overflow() {
        // 9 * (1 + ... + 11) = 594 = 54 * 11: first pass 0.
        assert_eq!(check_digit(&[9; 11]), Some(0));
    }

    #[test]
    fn days_in_month_handles_leap_years() {
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2004, 2), 29);
        assert_eq!(days_in_month(2001, 2), 28);
        assert_eq!(days_in_month(2001, 13), 0);
        assert_eq!(days_in_month(2001, 0), 0);
    }
}
