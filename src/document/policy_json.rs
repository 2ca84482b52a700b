//! The request and licence policies read from JSON, for the bindings (the
//! C ABI's `*_verify_*_with`, Python's `policy=`): every member optional,
//! unknown members and values refused.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::cert::Role;
use crate::error::Error;
use crate::identity::Bin;

use super::flow::{CoSigners, LicencePolicy, LicenceSigner, RequestPolicy};
use super::model::{Channel, Identifiers};

type Members = Map<String, Value>;

/// The members [`RequestPolicy::from_json`] accepts.
const REQUEST_MEMBERS: &[&str] = &[
    "channel",
    "service_centre_bins",
    "provider_bins",
    "signing_roles",
    "certifier_roles",
    "cosigners",
    "test_identifiers",
    "deadline_ms",
];

/// The members [`LicencePolicy::from_json`] accepts.
const LICENCE_MEMBERS: &[&str] = &["signer", "cosigners", "test_identifiers", "deadline_ms"];

/// Reads the policy's members, each checked against `known`.
fn members(what: &'static str, json: &str, known: &[&str]) -> Result<Members, Error> {
    let bad = |detail: String| Error::Malformed { what, detail };
    let value: Value = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
    let Value::Object(members) = value else {
        return Err(bad("not a JSON object".into()));
    };
    if let Some(k) = members.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(bad(format!("unknown member {k:?}")));
    }
    Ok(members)
}

/// A member-level reader that knows which policy it reads.
struct Reader<'a> {
    what: &'static str,
    members: &'a Members,
}

impl<'a> Reader<'a> {
    fn bad(&self, detail: String) -> Error {
        Error::Malformed {
            what: self.what,
            detail,
        }
    }

    fn str(&self, key: &str) -> Result<Option<&'a str>, Error> {
        match self.members.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .map(Some)
                .ok_or_else(|| self.bad(format!("{key} is not a string"))),
        }
    }

    fn list(&self, key: &str) -> Result<Vec<&'a str>, Error> {
        match self.members.get(key) {
            None => Ok(Vec::new()),
            Some(v) => v
                .as_array()
                .ok_or_else(|| self.bad(format!("{key} is not an array")))?
                .iter()
                .map(|x| {
                    x.as_str()
                        .ok_or_else(|| self.bad(format!("{key} holds a non-string")))
                })
                .collect(),
        }
    }

    /// A non-empty list of roles, `None` when absent or empty.
    fn roles(&self, key: &str) -> Result<Option<Vec<Role>>, Error> {
        let list = self.list(key)?;
        if list.is_empty() {
            return Ok(None);
        }
        list.into_iter()
            .map(|r| {
                Role::from_name(r).ok_or_else(|| self.bad(format!("{key}: unknown role {r:?}")))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    fn bins(&self, key: &str) -> Result<Vec<Bin>, Error> {
        self.list(key)?
            .into_iter()
            .map(|b| Bin::parse(b).map_err(|e| self.bad(format!("{key}: {e}"))))
            .collect()
    }

    /// `cosigners`, `test_identifiers`, `deadline_ms`.
    fn common(&self) -> Result<(CoSigners, Identifiers, Option<Duration>), Error> {
        let cosigners = match self.str("cosigners")? {
            None | Some("refuse") => CoSigners::Refuse,
            Some("report") => CoSigners::Report,
            Some(other) => return Err(self.bad(format!("cosigners {other:?}"))),
        };
        let identifiers = match self.members.get("test_identifiers") {
            None | Some(Value::Bool(false)) => Identifiers::Strict,
            Some(Value::Bool(true)) => Identifiers::AllowTest,
            Some(_) => return Err(self.bad("test_identifiers is not a boolean".into())),
        };
        let deadline = match self.members.get("deadline_ms") {
            None => None,
            Some(v) => Some(Duration::from_millis(v.as_u64().ok_or_else(|| {
                self.bad("deadline_ms is not a non-negative integer".into())
            })?)),
        };
        Ok((cosigners, identifiers, deadline))
    }
}

impl RequestPolicy {
    /// Reads a request policy from a JSON object, every member optional
    /// (absent: the default):
    /// `{"channel": "portal" | "service-centre" | "provider",
    /// "service_centre_bins": ["BIN", ...], "provider_bins": ["BIN", ...],
    /// "signing_roles": ["first-head", ...], "certifier_roles": ["employee", ...],
    /// "cosigners": "refuse" | "report", "test_identifiers": bool,
    /// "deadline_ms": n}`. An empty role list keeps the default roles.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] (`what` "request policy") for text that is not
    /// a JSON object, an unknown member, a value of the wrong type, an
    /// unknown channel, role or co-signer rule, or an invalid BIN; the
    /// detail names the member (`unknown member "chanel"`).
    pub fn from_json(json: &str) -> Result<RequestPolicy, Error> {
        let members = members("request policy", json, REQUEST_MEMBERS)?;
        let r = Reader {
            what: "request policy",
            members: &members,
        };
        let (cosigners, identifiers, deadline) = r.common()?;
        let mut p = RequestPolicy::new()
            .cosigners(cosigners)
            .identifiers(identifiers);
        if let Some(c) = r.str("channel")? {
            p = p.channel(Channel::from_name(c).ok_or_else(|| r.bad(format!("channel {c:?}")))?);
        }
        for b in r.bins("service_centre_bins")? {
            p = p.service_centre_bin(b);
        }
        for b in r.bins("provider_bins")? {
            p = p.provider_bin(b);
        }
        if let Some(roles) = r.roles("signing_roles")? {
            p = p.signing_roles(roles);
        }
        if let Some(roles) = r.roles("certifier_roles")? {
            p = p.certifier_roles(roles);
        }
        if let Some(d) = deadline {
            p = p.deadline(d);
        }
        Ok(p)
    }
}

impl LicencePolicy {
    /// Reads a licence policy from a JSON object, every member optional
    /// (absent: the default):
    /// `{"signer": "authorised" | "employee", "cosigners": "refuse" | "report",
    /// "test_identifiers": bool, "deadline_ms": n}`.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] (`what` "licence policy") for text that is not
    /// a JSON object, an unknown member, a value of the wrong type, or an
    /// unknown signer or co-signer rule; the detail names the member.
    pub fn from_json(json: &str) -> Result<LicencePolicy, Error> {
        let members = members("licence policy", json, LICENCE_MEMBERS)?;
        let r = Reader {
            what: "licence policy",
            members: &members,
        };
        let (cosigners, identifiers, deadline) = r.common()?;
        let mut p = LicencePolicy::new()
            .cosigners(cosigners)
            .identifiers(identifiers);
        if let Some(s) = r.str("signer")? {
            p = p
                .signer(LicenceSigner::from_name(s).ok_or_else(|| r.bad(format!("signer {s:?}")))?);
        }
        if let Some(d) = deadline {
            p = p.deadline(d);
        }
        Ok(p)
    }
}
