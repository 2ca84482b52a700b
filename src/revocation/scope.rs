//! Which CRLs speak for a certificate, for which revocation reasons, and
//! with whose key they are verified (RFC 5280 section 6.3.3 (b), (d), (f)):
//! CRL distribution points with `reasons` and `cRLIssuer`, indirect CRLs,
//! CRLs partitioned by `onlySomeReasons`, and CRL signers other than the
//! certificate's issuer, whose own path is validated separately.
//!
//! `mod.rs` combines the CRLs of each group (full and delta CRLs of one
//! issuer and one set of reasons) and then the groups: a certificate is good
//! only when the groups found good together cover every reason.

use super::{Crl, RevocationStore};
use crate::algorithm::SignatureVerifier;
use crate::cert::{AltName, Certificate, DistPoint, KeyUsage, NameKey, ALL_REASONS};
use crate::error::Error;

/// Most nested CRL-signer path validations: a CRL signed by a key outside
/// the path has its signer's path validated (depth 1); that path's CRLs may
/// in turn be signed outside it (depth 2); no deeper.
pub(crate) const MAX_CRL_SIGNER_DEPTH: usize = 2;

/// The reasons `crl` can speak of for `cert` (RFC 5280 6.3.3 (b) and (d)):
/// the union, over the certificate's distribution points the CRL serves, of
/// the point's reasons and the CRL's onlySomeReasons. 0: out of scope.
pub(crate) fn coverage(crl: &Crl, cert: &Certificate) -> u16 {
    let s = &crl.scope;
    let is_ca = cert.is_ca();
    if s.only_attribute_certs || (s.only_user_certs && is_ca) || (s.only_ca_certs && !is_ca) {
        return 0;
    }
    let implicit;
    let points: &[DistPoint] = match &cert.data().crl_dps {
        Some(points) => points,
        None => {
            // No CRLDistributionPoints: a point of all reasons whose CRL
            // the issuer itself issues.
            implicit = [DistPoint {
                names: None,
                reasons: ALL_REASONS,
                crl_issuer: None,
            }];
            &implicit
        }
    };
    let names_crl_issuer = |names: &[AltName]| {
        names
            .iter()
            .any(|n| matches!(n, AltName::Directory(k) if *k == crl.issuer_key))
    };
    let mut mask = 0;
    for dp in points {
        // (b)(1): the CRL's issuer is the point's cRLIssuer (and the CRL
        // says it is indirect), else the certificate's issuer.
        let issuer_fits = match &dp.crl_issuer {
            Some(names) => s.indirect && names_crl_issuer(names),
            None => crl.issuer_key == cert.data().issuer_key,
        };
        if !issuer_fits {
            continue;
        }
        // (b)(2)(i): a CRL scoped to a distribution point serves only the
        // certificates that name it (or, without a name, its cRLIssuer).
        if let Some(idp_names) = &s.distribution_point {
            let named = match (&dp.names, &dp.crl_issuer) {
                (Some(names), _) => names.iter().any(|n| idp_names.contains(n)),
                (None, Some(issuers)) => issuers.iter().any(|n| idp_names.contains(n)),
                (None, None) => false,
            };
            if !named {
                continue;
            }
        }
        mask |= dp.reasons & s.reasons.unwrap_or(ALL_REASONS);
    }
    mask & ALL_REASONS
}

/// CRLs of one issuer covering the same reasons for a certificate: the
/// full CRLs and deltas that [`RevocationStore::crl_status`] combines.
pub(crate) struct Group<'s> {
    pub(crate) reasons: u16,
    pub(crate) members: Vec<(&'s RevocationStore, usize)>,
}

/// The CRLs that may speak for `cert`, grouped; and whether any CRL of its
/// issuer (or of a cRLIssuer it names) was given at all.
pub(crate) fn groups<'s>(
    stores: &[&'s RevocationStore],
    cert: &Certificate,
    issuer: &Certificate,
) -> (Vec<Group<'s>>, bool) {
    let mut issuers: Vec<&NameKey> = vec![&cert.data().issuer_key];
    if let Some(points) = &cert.data().crl_dps {
        for dp in points {
            for n in dp.crl_issuer.iter().flatten() {
                if let AltName::Directory(k) = n {
                    if !issuers.contains(&k) {
                        issuers.push(k);
                    }
                }
            }
        }
    }
    let mut any = false;
    let mut groups: Vec<(&NameKey, Group<'s>)> = Vec::new();
    for name in issuers {
        let hash = if *name == issuer.data().subject_key {
            issuer.data().subject_hash
        } else {
            name.hash64()
        };
        for store in stores.iter().filter(|s| !s.crls.is_empty()) {
            for &i in store.by_issuer.get(&hash).into_iter().flatten() {
                let crl = &store.crls[i];
                if crl.issuer_key != *name {
                    continue;
                }
                any = true;
                let reasons = coverage(crl, cert);
                if reasons == 0 {
                    continue;
                }
                match groups
                    .iter_mut()
                    .find(|(n, g)| *n == name && g.reasons == reasons)
                {
                    Some((_, g)) => g.members.push((*store, i)),
                    None => groups.push((
                        name,
                        Group {
                            reasons,
                            members: vec![(*store, i)],
                        },
                    )),
                }
            }
        }
    }
    (groups.into_iter().map(|(_, g)| g).collect(), any)
}

/// Certificates outside the validated path that may have signed a CRL, and
/// the validation of their own paths (implemented by the path engine).
pub(crate) trait CrlSigners {
    /// Untrusted certificates named `name`.
    fn candidates(&self, name: &NameKey) -> Vec<&Certificate>;
    /// Spends one unit of the validation's work budget.
    fn spend(&self) -> Result<(), Error>;
    /// Validates `signer`'s own path to the trust anchor of the path being
    /// validated, at the validation time, with its own revocation check.
    fn validate(&self, signer: &Certificate) -> Result<(), Error>;
}

/// Whether `c` asserts cRLSign in a keyUsage extension (required of a CRL
/// signer other than the certificate's issuer; RFC 5280 4.2.1.3 makes the
/// extension mandatory for keys that sign CRLs).
fn asserts_crl_sign(c: &Certificate) -> bool {
    c.data()
        .key_usage
        .is_some_and(|ku| ku.has(KeyUsage::CRL_SIGN))
}

/// Verifies CRL `index` of `store` for `cert` (issued by `issuer`, on
/// `path`): with the issuer's key; else another certificate on the path
/// named as the CRL issuer (the same CA's other key, or a CRL signer on the
/// path); else an untrusted certificate named as the CRL issuer whose own
/// path to the same trust anchor validates ([`CrlSigners::validate`]).
/// Signers other than the issuer must assert cRLSign (another CA
/// certificate of the same CA may omit keyUsage). `None`: no certificate
/// to verify it with.
pub(crate) fn verify_signer(
    store: &RevocationStore,
    index: usize,
    issuer: &Certificate,
    path: &[&Certificate],
    backend: &dyn SignatureVerifier,
    allow_legacy: bool,
    signers: Option<&dyn CrlSigners>,
) -> Option<Result<(), Error>> {
    let crl = &store.crls[index];
    let key_fits = |c: &Certificate| match (&crl.aki, &c.data().ski) {
        (Some(aki), Some(ski)) => aki == ski,
        _ => true,
    };
    let mut first_error: Option<Error> = None;
    let mut signer_error: Option<Error> = None;
    if crl.issuer_key == issuer.data().subject_key && key_fits(issuer) {
        match store.verify_crl(index, issuer, backend, allow_legacy) {
            Ok(()) => return Some(Ok(())),
            // The CRL names the issuer's key: no other signer is sought.
            Err(e) if crl.aki.is_some() => return Some(Err(e)),
            Err(e) => first_error = Some(e),
        }
    }
    for c in path.iter().copied() {
        if c.data().subject_key != crl.issuer_key || !key_fits(c) || c.der() == issuer.der() {
            continue;
        }
        // Another certificate of the same CA (key rollover) may omit
        // keyUsage only if it is a CA certificate; any other signer must
        // assert cRLSign.
        let same_ca = c.data().subject_key == issuer.data().subject_key && c.is_ca();
        if !same_ca && !asserts_crl_sign(c) {
            continue;
        }
        match store.verify_crl(index, c, backend, allow_legacy) {
            Ok(()) => return Some(Ok(())),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(signers) = signers {
        for c in signers.candidates(&crl.issuer_key) {
            if !key_fits(c) || !asserts_crl_sign(c) || path.iter().any(|p| p.der() == c.der()) {
                continue;
            }
            if let Err(e) = signers.spend() {
                first_error.get_or_insert(e);
                break;
            }
            if let Err(e) = store.verify_crl(index, c, backend, allow_legacy) {
                first_error.get_or_insert(e);
                continue;
            }
            match signers.validate(c) {
                Ok(()) => return Some(Ok(())),
                Err(e) => {
                    // The key did sign the CRL: why its certificate does not
                    // count says more than another key's failure.
                    signer_error.get_or_insert(Error::CrlInvalid {
                        issuer: crl.issuer.clone(),
                        detail: format!("its signer {} is not valid: {e}", c.subject()),
                    });
                }
            }
        }
    }
    signer_error.or(first_error).map(Err)
}
