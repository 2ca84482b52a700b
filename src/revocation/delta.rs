//! How the full and delta CRLs of one issuer combine into one answer for
//! one certificate (RFC 5280 sections 5.2.4 and 6.3.3), whatever their
//! order, source (the verifier's own or a document's) or age.
//!
//! The rules, in order:
//!
//! 1. **Any evidence of a permanent revocation wins.** A verified, in-scope
//!    CRL (full or delta, fresh or stale, newest or not) that lists the
//!    certificate with any reason other than certificateHold and
//!    removeFromCRL (no reason code counts as unspecified), revoked at or
//!    before the validation time, revokes it. Such a revocation is
//!    irreversible: removeFromCRL never lifts it, and a newer CRL that no
//!    longer lists it does not either.
//! 2. **Holds follow the newest statement.** The newest fresh full CRL
//!    (highest CRLNumber, then latest thisUpdate; full CRLs tied on both
//!    count together, and a hold in any of them stands) gives the starting
//!    state at its thisUpdate. Each fresh delta whose thisUpdate is not
//!    before that full CRL's then speaks at its own thisUpdate: a
//!    certificateHold entry says held, removeFromCRL says released; a delta
//!    that can be applied to that full CRL (its BaseCRLNumber at most the
//!    full CRL's number) and does not list the certificate says "as in the
//!    full CRL". A delta of a newer base that does not list it says
//!    nothing. The latest statement wins; on a tie, held wins.
//!    A delta older than the full CRL says nothing about it (the national
//!    CA's deltas keep their own CRLNumber sequence, so the CRL numbers of
//!    a delta and a full CRL are not compared; a delta made with its full
//!    CRL carries the same thisUpdate).
//! 3. **No fresh full CRL, no answer.** Without one, a delta can still
//!    revoke (rule 1, or a hold as its latest statement) but never vouch:
//!    the caller reports the status as unknown.

use super::index::Entry;
use super::{newer, Crl, RevocationReason};
use crate::asn1::cmp_numbers;
use crate::time::Time;

/// What the CRLs say about one serial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Revoked (permanently, or on hold) at the validation time.
    Revoked(Entry),
    /// A fresh full CRL covers the certificate and nothing revokes it.
    Good,
    /// Nothing revokes it, but no fresh full CRL covers it.
    NoCompleteCrl,
}

/// Held or not, as one CRL says at its thisUpdate.
#[derive(Debug, Clone, Copy)]
enum Hold {
    Held(Entry),
    Clear,
}

/// Whether a reason makes a revocation permanent (all but certificateHold
/// and removeFromCRL; no reason code is unspecified).
fn permanent(reason: Option<RevocationReason>) -> bool {
    !matches!(
        reason,
        Some(RevocationReason::CertificateHold | RevocationReason::RemoveFromCrl)
    )
}

/// The answer for `serial` at `time` from the verified, in-scope CRLs of
/// its issuer: fresh full CRLs, fresh deltas, and stale CRLs of either kind
/// (see the module documentation).
pub(super) fn combine(
    serial: &[u8],
    time: Time,
    fulls: &[&Crl],
    deltas: &[&Crl],
    stale: &[&Crl],
) -> Verdict {
    if let Some(e) = permanent_revocation(serial, time, fulls.iter().chain(deltas).chain(stale)) {
        return Verdict::Revoked(e);
    }
    let newest = fulls
        .iter()
        .copied()
        .reduce(|best, c| if newer(c, best) { c } else { best });
    let Some(newest) = newest else {
        // Only deltas: the latest hold or release among them.
        let statements = deltas.iter().filter_map(|d| {
            let said = listed_hold(d, serial, time)?;
            Some((d.this_update, said))
        });
        return match latest(statements) {
            Some(Hold::Held(e)) => Verdict::Revoked(e),
            _ => Verdict::NoCompleteCrl,
        };
    };
    // The newest full CRLs (several only if tied): held if any says so.
    let base = fulls
        .iter()
        .filter(|f| !newer(newest, f) && !newer(f, newest))
        .map(|f| match f.lookup(serial) {
            // A hold (or, out of place in a full CRL, removeFromCRL) in force.
            Some(e) if !permanent(e.reason) && e.revoked_at <= time => Hold::Held(e),
            // Not listed, or revoked only after the validation time.
            _ => Hold::Clear,
        })
        .fold(Hold::Clear, |acc, h| match acc {
            Hold::Held(_) => acc,
            Hold::Clear => h,
        });
    let statements = deltas
        .iter()
        .filter(|d| d.this_update >= newest.this_update)
        .filter_map(|d| {
            let applies = match (&d.delta_base, &newest.number) {
                (Some(b), Some(n)) => cmp_numbers(n, b).is_ge(),
                _ => false,
            };
            let said = listed_hold(d, serial, time).or(applies.then_some(base))?;
            Some((d.this_update, said))
        });
    match latest(std::iter::once((newest.this_update, base)).chain(statements)) {
        Some(Hold::Held(e)) => Verdict::Revoked(e),
        _ => Verdict::Good,
    }
}

/// What a delta's own entry for `serial` says about a hold: a hold in
/// force at `time`, or its release (removeFromCRL). `None` if it does not
/// list the serial, or lists it otherwise (a permanent revocation, counted
/// apart; a hold only after `time`).
fn listed_hold(delta: &Crl, serial: &[u8], time: Time) -> Option<Hold> {
    let e = delta.lookup(serial)?;
    match e.reason {
        Some(RevocationReason::CertificateHold) if e.revoked_at <= time => Some(Hold::Held(e)),
        Some(RevocationReason::RemoveFromCrl) => Some(Hold::Clear),
        _ => None,
    }
}

/// The statement with the latest time; on a tie, a hold.
fn latest(statements: impl Iterator<Item = (Time, Hold)>) -> Option<Hold> {
    statements
        .reduce(|best, s| match (best, s) {
            ((t, _), (u, _)) if u > t => s,
            ((t, Hold::Clear), (u, Hold::Held(_))) if u == t => s,
            _ => best,
        })
        .map(|(_, h)| h)
}

/// A permanent revocation of `serial` in force at `time` in any of `crls`:
/// the most severe reason (a compromise, then unspecified or none, then
/// the others), then the earliest date.
fn permanent_revocation<'a>(
    serial: &[u8],
    time: Time,
    crls: impl Iterator<Item = &'a &'a Crl>,
) -> Option<Entry> {
    let rank = |e: &Entry| match e.reason {
        Some(
            RevocationReason::KeyCompromise
            | RevocationReason::CaCompromise
            | RevocationReason::AaCompromise,
        ) => 0,
        None | Some(RevocationReason::Unspecified) => 1,
        _ => 2,
    };
    crls.filter_map(|c| c.lookup(serial))
        .filter(|e| permanent(e.reason) && e.revoked_at <= time)
        .min_by(|a, b| {
            rank(a)
                .cmp(&rank(b))
                .then_with(|| a.revoked_at.cmp(&b.revoked_at))
        })
}
