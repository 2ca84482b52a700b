//! Instants used for validation. Time is always an input: the library never
//! reads the clock on its own (only [`Time::now`], which callers choose to use).

use std::fmt;

/// An instant in UTC, with one-second resolution, as X.509 dates have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(i64);

impl Time {
    /// Seconds since 1970-01-01T00:00:00Z (negative before it).
    pub const fn from_unix(seconds: i64) -> Self {
        Self(seconds)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub const fn unix(self) -> i64 {
        self.0
    }

    /// The current time from the system clock. Only entry points that face a
    /// user (the CLI, the C ABI) should call this; validation takes a `Time`.
    pub fn now() -> Self {
        let now = std::time::SystemTime::now();
        match now.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => Self(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            Err(e) => Self(-i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX)),
        }
    }

    /// Parses an RFC 3339 date-time (`2024-05-01T12:00:00Z`, offsets allowed),
    /// or a bare date (`2024-05-01`, meaning midnight UTC).
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        use time::format_description::well_known::Rfc3339;
        if let Ok(t) = time::OffsetDateTime::parse(text, &Rfc3339) {
            return Some(Self(t.unix_timestamp()));
        }
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(text, fmt)
            .ok()
            .map(|d| Self(d.midnight().assume_utc().unix_timestamp()))
    }

    /// RFC 3339 text in UTC, e.g. `2024-05-01T12:00:00Z`.
    pub fn to_rfc3339(self) -> String {
        use time::format_description::well_known::Rfc3339;
        time::OffsetDateTime::from_unix_timestamp(self.0)
            .ok()
            .and_then(|t| t.format(&Rfc3339).ok())
            .unwrap_or_else(|| format!("@{}", self.0))
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

/// The text given to [`Time::from_str`](std::str::FromStr) is neither an RFC
/// 3339 date-time nor a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseTimeError(String);

impl fmt::Display for ParseTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not an RFC 3339 date-time (2024-05-01T12:00:00Z) or date (2024-05-01)",
            self.0
        )
    }
}

impl std::error::Error for ParseTimeError {}

/// As [`Time::parse_rfc3339`], for `"2024-05-01T12:00:00Z".parse::<Time>()`.
impl std::str::FromStr for Time {
    type Err = ParseTimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse_rfc3339(text).ok_or_else(|| ParseTimeError(text.to_owned()))
    }
}

impl From<rustls_pki_types::UnixTime> for Time {
    fn from(t: rustls_pki_types::UnixTime) -> Self {
        Self(i64::try_from(t.as_secs()).unwrap_or(i64::MAX))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Time {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip() {
        let t = Time::parse_rfc3339("2011-04-15T00:00:00Z").expect("parses");
        assert_eq!(t.unix(), 1_302_825_600);
        assert_eq!(t.to_string(), "2011-04-15T00:00:00Z");
        assert_eq!(Time::parse_rfc3339("2011-04-15"), Some(t));
        assert_eq!(Time::parse_rfc3339("2011-04-15T06:00:00+06:00"), Some(t));
        assert_eq!(Time::parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn from_str_is_parse_rfc3339() {
        assert_eq!(
            "2011-04-15".parse::<Time>(),
            Ok(Time::from_unix(1_302_825_600))
        );
        let e = "yesterday".parse::<Time>().expect_err("not a time");
        assert_eq!(
            e.to_string(),
            "\"yesterday\" is not an RFC 3339 date-time (2024-05-01T12:00:00Z) or date (2024-05-01)"
        );
    }
}
