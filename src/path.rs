//! Chain building and validation at a given time (RFC 5280 section 6).
//!
//! From the end-entity certificate the search walks issuer links through an
//! unordered pool of untrusted intermediates to a trust anchor (name and
//! AKI/SKI matching), depth first, never revisiting a certificate on the
//! current path, within a budget of signature checks and depth. Every
//! candidate path that reaches an anchor is validated in full (validity,
//! constraints, key usage, critical extensions, name constraints,
//! revocation); the first one that passes wins, else the most specific
//! failure is reported (`Error::rank`).

use std::cell::Cell;

use crate::algorithm::{check_signature, SignatureVerifier};
use crate::cert::NameKey;
use crate::cert::{AltName, Certificate, KeyUsage};
use crate::error::Error;
use crate::policy::{Policy, RevocationMode};
use crate::revocation::{CrlSigners, RevocationStore, Status, MAX_CRL_SIGNER_DEPTH};
use crate::time::Time;

/// Most certificates in a path, anchor included. The national CA's paths
/// have three; PKITS needs seven at most.
pub(crate) const MAX_PATH_LEN: usize = 10;

/// Most signature checks one validation may spend. Bounds the work a pool
/// of look-alike intermediates can cause (cf. webpki's `Budget`).
pub(crate) const MAX_SIGNATURE_CHECKS: u32 = 100;

/// Trust anchors and untrusted certificates a path may use.
pub(crate) struct PathInputs<'a> {
    pub(crate) anchors: &'a [Certificate],
    /// The untrusted certificates: the verifier's, the validation's and a
    /// document's.
    pub(crate) pool: [&'a [Certificate]; 3],
    /// The verifier's CRLs and those given for this validation.
    pub(crate) revocation: [&'a RevocationStore; 2],
    pub(crate) backend: &'a dyn SignatureVerifier,
    pub(crate) policy: &'a Policy,
    pub(crate) time: Time,
    /// The caller's own time, at or after `time`: later when a time-stamp
    /// (or a trusted signingTime) moved validation back. Evidence dated up
    /// to it (plus the policy's clock skew) is not "from the future": an
    /// OCSP answer obtained after genTime still speaks for genTime.
    pub(crate) now: Time,
    /// Issuer links verified before (by this verifier), if caching.
    pub(crate) links: Option<&'a crate::cache::LinkCache>,
}

/// How far after the validation time evidence may be dated: up to the
/// caller's time (`now`) plus the policy's clock skew (RFC 6960 4.2.2.1:
/// an answer from the future is unreliable; one from between a time-stamp's
/// genTime and the caller's time is ordinary CAdES-T evidence).
fn evidence_skew(inputs: &PathInputs<'_>) -> std::time::Duration {
    let ahead = u64::try_from(inputs.now.unix().saturating_sub(inputs.time.unix())).unwrap_or(0);
    inputs
        .policy
        .max_clock_skew
        .saturating_add(std::time::Duration::from_secs(ahead))
}

/// Outcome of checking one issuer link.
enum Link {
    Signed,
    Unsigned,
    OutOfBudget,
}

struct Search<'a> {
    inputs: &'a PathInputs<'a>,
    signature_checks: Cell<u32>,
    best: Option<Error>,
    /// 0 for the path asked for; n for the path of a CRL signer found at
    /// depth n - 1 (RFC 5280 6.3.3 (f)).
    depth: usize,
    /// The CRL signers whose paths are being validated (loop guard).
    signers: Vec<&'a Certificate>,
}

/// Builds and validates a path for `ee`; returns it, end-entity first and
/// the trust anchor last.
pub(crate) fn verify_path<'a>(
    inputs: &'a PathInputs<'a>,
    ee: &'a Certificate,
) -> Result<Vec<&'a Certificate>, Error> {
    let mut search = Search {
        inputs,
        signature_checks: Cell::new(0),
        best: None,
        depth: 0,
        signers: Vec::new(),
    };
    // A trust anchor presented as the end entity is valid as itself.
    if let Some(anchor) = inputs.anchors.iter().find(|a| a.der() == ee.der()) {
        let path = vec![anchor];
        return match search.validate(&path) {
            Ok(()) => Ok(path),
            Err(e) => Err(e),
        };
    }
    let mut path = Vec::with_capacity(MAX_PATH_LEN);
    path.push(ee);
    if let Some(found) = search.extend(&mut path) {
        return Ok(found);
    }
    Err(search.best.unwrap_or_else(|| Error::UnknownIssuer {
        subject: ee.subject().to_owned(),
        issuer: ee.issuer().to_owned(),
    }))
}

impl<'a> Search<'a> {
    fn record(&mut self, e: Error) {
        if self.best.as_ref().is_none_or(|b| e.rank() > b.rank()) {
            self.best = Some(e);
        }
    }

    fn spend(&self) -> Result<(), Error> {
        let n = self.signature_checks.get() + 1;
        if n > MAX_SIGNATURE_CHECKS {
            return Err(Error::PathBudgetExceeded {
                what: "signature checks",
            });
        }
        self.signature_checks.set(n);
        Ok(())
    }

    /// Whether `issuer` may have issued `child` by name and key identifier.
    fn links(child: &Certificate, issuer: &Certificate) -> bool {
        if child.data().issuer_key != issuer.data().subject_key {
            return false;
        }
        match (&child.data().aki, &issuer.data().ski) {
            (Some(aki), Some(ski)) => aki == ski,
            _ => true,
        }
    }

    /// Checks `child`'s signature with `issuer`'s key, spending budget and
    /// recording a failure.
    fn signed_by(&mut self, child: &Certificate, issuer: &Certificate) -> Link {
        if let Err(e) = self.spend() {
            self.record(e);
            return Link::OutOfBudget;
        }
        let remember = match self.inputs.links.map(|c| c.check(child, issuer)) {
            Some(crate::cache::Lookup::Verified) => return Link::Signed,
            Some(crate::cache::Lookup::Unknown(key)) => key,
            None => None,
        };
        let sig = check_signature(
            self.inputs.backend,
            &child.data().signature_algorithm,
            issuer.spki(),
            child.tbs(),
            &child.data().signature,
            self.inputs.policy.allow_legacy_algorithms,
        );
        match sig {
            Ok(()) => {
                if let (Some(cache), Some(key)) = (self.inputs.links, remember) {
                    cache.remember(key);
                }
                Link::Signed
            }
            Err(e) => {
                self.record(signature_error(child, e));
                Link::Unsigned
            }
        }
    }

    fn extend(&mut self, path: &mut Vec<&'a Certificate>) -> Option<Vec<&'a Certificate>> {
        let inputs = self.inputs;
        let child = *path.last()?;
        let anchors = inputs.anchors.iter().filter(|a| Self::links(child, a));
        for anchor in anchors {
            match self.signed_by(child, anchor) {
                Link::Signed => {}
                Link::Unsigned => continue,
                Link::OutOfBudget => return None,
            }
            path.push(anchor);
            let result = self.validate(path);
            match result {
                // Found: the search ends here, so the path is handed over.
                Ok(()) => return Some(std::mem::take(path)),
                Err(e) => self.record(e),
            }
            path.pop();
        }
        if path.len() + 1 >= MAX_PATH_LEN {
            self.record(Error::PathBudgetExceeded {
                what: "path length",
            });
            return None;
        }
        let candidates = inputs
            .pool
            .iter()
            .flat_map(|p| p.iter())
            .filter(|c| Self::links(child, c));
        for cand in candidates {
            if path.iter().any(|p| p.der() == cand.der()) {
                continue; // no loops
            }
            match self.signed_by(child, cand) {
                Link::Signed => {}
                Link::Unsigned => continue,
                Link::OutOfBudget => return None,
            }
            path.push(cand);
            if let Some(found) = self.extend(path) {
                return Some(found);
            }
            path.pop();
        }
        None
    }

    /// Validates a complete path (end entity first, anchor last) whose
    /// signatures have been checked.
    fn validate(&self, path: &[&'a Certificate]) -> Result<(), Error> {
        let inputs = self.inputs;
        let time = inputs.time;
        let last = path.len() - 1;
        // Every certificate, anchor included, must be well formed and valid at
        // the validation time; serial number zero only on the anchor (RFC
        // 5280 4.1.2.2 asks for a positive serial; some roots have 0).
        for (i, cert) in path.iter().enumerate() {
            check_cert(cert, time)?;
            if cert.data().zero_serial && i != last {
                return Err(Error::CertInvalid {
                    subject: cert.subject().to_owned(),
                    detail: "serial number zero".to_owned(),
                });
            }
        }
        // The end entity's key must be one that signature checks accept
        // (the issuers' keys are checked by the signatures they made).
        if let Some(leaf) = path.first() {
            crate::algorithm::check_public_key(leaf.spki())?;
        }
        // Issuers: CA, keyCertSign, path length (RFC 5280 6.1.4 (k), (l), (n)).
        for i in 1..=last {
            let ca = path[i];
            let is_anchor = i == last;
            match ca.data().basic_constraints {
                Some((true, _)) => {}
                // A v1 trust anchor has no extensions; it is trusted as given.
                None if is_anchor && ca.data().version < 2 => {}
                _ => {
                    return Err(Error::NotCa {
                        subject: ca.subject().to_owned(),
                    })
                }
            }
            if ca
                .data()
                .key_usage
                .is_some_and(|ku| !ku.has(KeyUsage::KEY_CERT_SIGN))
            {
                return Err(Error::KeyUsageMissing {
                    subject: ca.subject().to_owned(),
                    usage: "keyCertSign",
                });
            }
            if let Some((_, Some(max))) = ca.data().basic_constraints {
                // Non-self-issued intermediates below this CA.
                let below = path[1..i].iter().filter(|c| !c.is_self_issued()).count();
                if below > max as usize {
                    return Err(Error::PathLenExceeded {
                        subject: ca.subject().to_owned(),
                    });
                }
            }
        }
        // Name constraints of every CA apply to the certificates below it.
        for i in 1..=last {
            if let Some(nc) = &path[i].data().name_constraints {
                for (j, cert) in path[..i].iter().enumerate() {
                    // Self-issued intermediates are exempt (RFC 5280 6.1.3 (b)).
                    if j > 0 && cert.is_self_issued() {
                        continue;
                    }
                    check_name_constraints(cert, nc)?;
                }
            }
        }
        // Revocation of every certificate but the anchor.
        let signers = SignerPaths {
            search: self,
            anchor: path[last],
        };
        if inputs.policy.revocation != RevocationMode::Off {
            for i in 0..last {
                if i > 0 && !inputs.policy.check_ca_revocation {
                    continue;
                }
                let status = RevocationStore::status(
                    &inputs.revocation,
                    path[i],
                    path[i + 1],
                    path,
                    time,
                    inputs.backend,
                    inputs.policy.allow_legacy_algorithms,
                    inputs.policy.ocsp_max_age,
                    evidence_skew(inputs),
                    Some(&signers),
                );
                match status {
                    Status::Good => {}
                    Status::Revoked(e) | Status::CrlRefused(e) => return Err(e),
                    Status::Unknown { no_data: true, .. }
                        if inputs.policy.revocation == RevocationMode::IfAvailable => {}
                    Status::Unknown { detail, .. } => {
                        return Err(Error::RevocationStatusUnknown {
                            subject: path[i].subject().to_owned(),
                            detail,
                        })
                    }
                }
            }
        }
        Ok(())
    }
}

/// CRL signers outside the path (RFC 5280 6.3.3 (f)): certificates of the
/// pool, whose own path to the same trust anchor is built and validated at
/// the same time, with the same policy and evidence, sharing the
/// validation's budget of signature checks, at most
/// [`MAX_CRL_SIGNER_DEPTH`] levels deep and never through a signer whose
/// path is already being validated.
struct SignerPaths<'s, 'a> {
    search: &'s Search<'a>,
    anchor: &'a Certificate,
}

impl CrlSigners for SignerPaths<'_, '_> {
    fn candidates(&self, name: &NameKey) -> Vec<&Certificate> {
        self.search
            .inputs
            .pool
            .iter()
            .flat_map(|p| p.iter())
            .filter(|c| c.data().subject_key == *name)
            .collect()
    }

    fn spend(&self) -> Result<(), Error> {
        self.search.spend()
    }

    fn validate(&self, signer: &Certificate) -> Result<(), Error> {
        let s = self.search;
        if s.depth >= MAX_CRL_SIGNER_DEPTH {
            return Err(Error::PathBudgetExceeded {
                what: "CRL signer path depth",
            });
        }
        if s.signers.iter().any(|c| c.der() == signer.der()) {
            return Err(Error::PathBudgetExceeded {
                what: "CRL signer paths (a loop)",
            });
        }
        let inputs = PathInputs {
            anchors: std::slice::from_ref(self.anchor),
            pool: s.inputs.pool,
            revocation: s.inputs.revocation,
            backend: s.inputs.backend,
            policy: s.inputs.policy,
            time: s.inputs.time,
            now: s.inputs.now,
            links: s.inputs.links,
        };
        let mut signers = s.signers.clone();
        signers.push(signer);
        let mut sub = Search {
            inputs: &inputs,
            signature_checks: Cell::new(s.signature_checks.get()),
            best: None,
            depth: s.depth + 1,
            signers,
        };
        let mut path = Vec::with_capacity(MAX_PATH_LEN);
        path.push(signer);
        let found = sub.extend(&mut path).is_some();
        s.signature_checks.set(sub.signature_checks.get());
        if found {
            return Ok(());
        }
        Err(sub.best.unwrap_or_else(|| Error::UnknownIssuer {
            subject: signer.subject().to_owned(),
            issuer: signer.issuer().to_owned(),
        }))
    }
}

fn signature_error(child: &Certificate, e: Error) -> Error {
    match e {
        Error::InvalidSignature => Error::CertSignatureInvalid {
            subject: child.subject().to_owned(),
        },
        other => other,
    }
}

/// Checks of one certificate on its own: structure, critical extensions,
/// validity period (RFC 5280 6.1.3 (a)(2), 4.2).
fn check_cert(cert: &Certificate, time: Time) -> Result<(), Error> {
    if let Some(d) = &cert.data().defect {
        return Err(Error::CertInvalid {
            subject: cert.subject().to_owned(),
            detail: d.clone(),
        });
    }
    if let Some(oid) = &cert.data().unsupported_critical {
        return Err(Error::UnsupportedCriticalExtension {
            subject: cert.subject().to_owned(),
            oid: oid.clone(),
        });
    }
    cert.check_validity(time)
}

/// RFC 5280 section 4.2.1.10: every name of `cert` of a type the constraints
/// speak of must lie in a permitted subtree of that type (if any are given)
/// and in no excluded subtree. Constraints of a form this library cannot
/// evaluate fail closed when the certificate carries a name of that form.
fn check_name_constraints(
    cert: &Certificate,
    (permitted, excluded): &(Vec<AltName>, Vec<AltName>),
) -> Result<(), Error> {
    let violation = || Error::NameConstraintViolation {
        subject: cert.subject().to_owned(),
    };
    let mut names: Vec<AltName> = cert.data().alt_names.clone();
    if !cert.data().subject_key.is_empty() {
        names.push(AltName::Directory(cert.data().subject_key.clone()));
    }
    // Email addresses in the subject DN are constrained as rfc822 names.
    if let Some(e) = &cert.info().email {
        if !names
            .iter()
            .any(|n| matches!(n, AltName::Email(x) if x == e))
        {
            names.push(AltName::Email(e.clone()));
        }
    }
    for name in &names {
        let same_kind = |c: &&AltName| std::mem::discriminant(*c) == std::mem::discriminant(name);
        if matches!(name, AltName::Other)
            && (permitted.iter().any(|c| matches!(c, AltName::Other))
                || excluded.iter().any(|c| matches!(c, AltName::Other)))
        {
            return Err(violation());
        }
        for c in excluded.iter().filter(same_kind) {
            if subtree_match(name, c) != Some(false) || wildcard_reaches(name, c) {
                return Err(violation());
            }
        }
        let of_kind: Vec<&AltName> = permitted.iter().filter(same_kind).collect();
        if !of_kind.is_empty() && !of_kind.iter().any(|c| subtree_match(name, c) == Some(true)) {
            return Err(violation());
        }
    }
    Ok(())
}

/// Whether `name` lies in the subtree `base` (same kind). `None` when the
/// constraint cannot be evaluated (treated as a match for exclusions and as
/// no match for permissions: fail closed either way).
fn subtree_match(name: &AltName, base: &AltName) -> Option<bool> {
    match (name, base) {
        (AltName::Dns(n), AltName::Dns(b)) => dns_within(n, b),
        (AltName::Email(n), AltName::Email(b)) => email_within(n, b),
        (AltName::Uri(n), AltName::Uri(b)) => uri_host(n).map(|h| host_within(&h, b)),
        (AltName::Ip(n), AltName::Ip(b)) => ip_within(n, b),
        (AltName::Directory(n), AltName::Directory(b)) => Some(n.within(b)),
        _ => None,
    }
}

/// A wildcard name `*.d` stands for hosts under `d`: it collides with an
/// excluded subtree inside `d` (CVE-2025-61727).
fn wildcard_reaches(name: &AltName, excluded: &AltName) -> bool {
    match (name, excluded) {
        (AltName::Dns(n), AltName::Dns(b)) => match n.strip_prefix("*.") {
            Some(domain) => dns_within(b, domain) == Some(true),
            None => false,
        },
        _ => false,
    }
}

/// A syntactically valid DNS name (LDH labels; a leading `*` label allowed
/// in names, not in constraints).
fn valid_dns(name: &str, wildcard_ok: bool) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    let mut labels = name.split('.').peekable();
    if wildcard_ok && labels.peek() == Some(&"*") {
        labels.next();
    }
    let mut any = false;
    for label in labels {
        any = true;
        let ok = !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return false;
        }
    }
    any
}

/// RFC 5280 4.2.1.10 dNSName: names formed by adding labels to the left of
/// the constraint. `None` for malformed names or constraints (fail closed).
fn dns_within(name: &str, base: &str) -> Option<bool> {
    if base.is_empty() {
        return Some(true);
    }
    if !valid_dns(name, true) || !valid_dns(base, false) {
        return None;
    }
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let base = base.trim_end_matches('.').to_ascii_lowercase();
    Some(name == base || name.ends_with(&format!(".{base}")))
}

fn host_within(host: &str, base: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let b = base.to_ascii_lowercase();
    match b.strip_prefix('.') {
        Some(domain) => host.ends_with(&format!(".{domain}")),
        None => host == b,
    }
}

/// RFC 5280 4.2.1.10 rfc822Name: a mailbox, a host, or a domain (leading
/// period). `None` for a malformed address (fail closed).
fn email_within(name: &str, base: &str) -> Option<bool> {
    if name.matches('@').count() != 1 || base.matches('@').count() > 1 {
        return None;
    }
    let name_l = name.to_ascii_lowercase();
    let base_l = base.to_ascii_lowercase();
    let (_, host) = name_l.rsplit_once('@')?;
    if base_l.contains('@') {
        // A particular mailbox: the local part is case-sensitive.
        let (nl, _) = name.rsplit_once('@').unwrap_or((name, ""));
        let (bl, bh) = base.rsplit_once('@').unwrap_or((base, ""));
        Some(nl == bl && host == bh.to_ascii_lowercase())
    } else if let Some(domain) = base_l.strip_prefix('.') {
        Some(host.ends_with(&format!(".{domain}")))
    } else {
        Some(host == base_l)
    }
}

fn uri_host(uri: &str) -> Option<String> {
    let rest = uri.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host_port.split(':').next()?;
    if host.is_empty() {
        None
    } else {
        Some(host.to_owned())
    }
}

fn ip_within(addr: &[u8], base: &[u8]) -> Option<bool> {
    if base.len() != 8 && base.len() != 32 {
        return None;
    }
    let (net, mask) = base.split_at(base.len() / 2);
    if addr.len() != net.len() {
        return Some(false);
    }
    Some(
        addr.iter()
            .zip(net)
            .zip(mask)
            .all(|((a, n), m)| a & m == n & m),
    )
}
