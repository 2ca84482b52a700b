//! Verifier configuration, CRL sets that swap in atomically, validation
//! options, and the verify calls (one certificate, one document, a request,
//! a licence, a batch across threads).

use std::ffi::c_char;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use arc_swap::ArcSwap;

use super::report::{qoltanba_report, ReportKind};
use super::*;
use qoltanba::Certificate;
use qoltanba::Iin;
use qoltanba::RevocationStore;
use qoltanba::Time;
use qoltanba::TrustProfile;
use qoltanba::{Bin, LicencePolicy, RequestPolicy, Role};
use qoltanba::{DocumentReport, SignedDocument};
use qoltanba::{ExpectedIdentity, Options, Policy, Purpose, RevocationMode, Verifier};

/// A bundled trust profile (`qoltanba_verifier_builder_add_profile`).
pub type qoltanba_trust_profile = u32;
/// The national CA's production roots and intermediates (RSA and GOST).
pub const QOLTANBA_PROFILE_NCA: qoltanba_trust_profile = 0;
/// The national CA's test hierarchies (for tests only).
pub const QOLTANBA_PROFILE_NCA_TEST: qoltanba_trust_profile = 1;

/// How revocation is checked (`qoltanba_verifier_builder_set_revocation`).
pub type qoltanba_revocation_mode = u32;
/// Every certificate below the anchor must be covered by a fresh, verified
/// CRL; unknown status is a failure (the default).
pub const QOLTANBA_REVOCATION_REQUIRED: qoltanba_revocation_mode = 0;
/// Use CRLs where the issuer has one; an issuer without any CRL passes.
pub const QOLTANBA_REVOCATION_IF_AVAILABLE: qoltanba_revocation_mode = 1;
/// No revocation check (reports say so).
pub const QOLTANBA_REVOCATION_OFF: qoltanba_revocation_mode = 2;

/// What a certificate is validated for (`qoltanba_options_set_purpose`).
pub type qoltanba_purpose = u32;
/// Signing documents: key usage, EKU, and never an AUTH key (the default).
pub const QOLTANBA_PURPOSE_DOCUMENT_SIGNING: qoltanba_purpose = 0;
/// No key usage check (material not made for document signing).
pub const QOLTANBA_PURPOSE_ANY: qoltanba_purpose = 1;

/// Most documents in one batch call: each gets a report object; a million
/// is far beyond any archive run in one call and bounds the array the
/// caller must pass.
const MAX_BATCH: usize = 1 << 20;

/// Most worker threads a batch starts.
const MAX_THREADS: usize = 256;

/// Builds a `qoltanba_verifier`: trust anchors, intermediates, CRLs, policy.
///
/// Ownership: made by `qoltanba_verifier_builder_new`, consumed by
/// `qoltanba_verifier_builder_build` (or freed with
/// `qoltanba_verifier_builder_free`). Thread safety: not thread-safe; use it
/// from one thread at a time.
#[derive(Default)]
pub struct qoltanba_verifier_builder {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
    crls: RevocationStore,
    policy: Policy,
}

/// Validates certificates and documents against trust anchors, revocation
/// data and a policy.
///
/// Ownership: made by `qoltanba_verifier_builder_build`, freed once with
/// `qoltanba_verifier_free` after every thread is done with it.
/// Thread safety: immutable except for its CRL set; any number of threads
/// may verify with it at once, and `qoltanba_verifier_swap_crls` may run
/// concurrently: each verification uses the CRL set that was in force when
/// it started, whole, and never waits for a swap.
pub struct qoltanba_verifier {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
    policy: Policy,
    current: ArcSwap<Verifier>,
}

impl qoltanba_verifier {
    fn make(&self, crls: RevocationStore) -> Verifier {
        assemble(&self.anchors, &self.intermediates, &self.policy, crls)
    }

    /// This verifier's anchors, intermediates and policy, without CRLs
    /// (what the online refresher adds its CRLs to).
    pub(crate) fn base(&self) -> Verifier {
        self.make(RevocationStore::new())
    }

    /// Swaps `verifier` in, as `qoltanba_verifier_swap_crls` does.
    pub(crate) fn install(&self, verifier: Verifier) {
        self.current.store(Arc::new(verifier));
    }
}

fn assemble(
    anchors: &[Certificate],
    intermediates: &[Certificate],
    policy: &Policy,
    crls: RevocationStore,
) -> Verifier {
    let mut b = Verifier::builder().policy(policy.clone());
    for c in anchors {
        b = b.trust(c.clone());
    }
    for c in intermediates {
        b = b.intermediate(c.clone());
    }
    b.revocation_store(crls).build()
}

/// A set of CRLs and delta CRLs, parsed ahead of a swap (parsing a large
/// CRL takes a while; the swap itself is a pointer exchange).
///
/// Ownership: made by `qoltanba_crl_set_new`, consumed by
/// `qoltanba_verifier_swap_crls` (or freed with `qoltanba_crl_set_free`).
/// Thread safety: not thread-safe; fill it from one thread.
#[derive(Default)]
pub struct qoltanba_crl_set {
    store: RevocationStore,
}

/// What one validation asks: the time, the purpose, whose certificate it must
/// be, and the roles its holder must have.
///
/// Ownership: made by `qoltanba_options_new`, freed with
/// `qoltanba_options_free`. Thread safety: setters are not thread-safe;
/// once set, any number of threads may pass it to verify calls at once.
#[derive(Default)]
pub struct qoltanba_options {
    time: Option<Time>,
    purpose: Purpose,
    identity: Option<ExpectedIdentity>,
    roles: Vec<Role>,
}

impl qoltanba_options {
    /// The library's options; an unset time is the current time.
    fn resolve(&self) -> Options {
        let mut o = Options::at(self.time.unwrap_or_else(Time::now)).purpose(self.purpose.clone());
        o.identity = self.identity;
        o.roles = self.roles.clone();
        o
    }
}

/// The options of a call: the caller's, or the defaults (now, document
/// signing) when `options` is NULL.
fn resolve_options(options: *const qoltanba_options) -> Options {
    // SAFETY: NULL or an object of this library (header).
    match unsafe { options.as_ref() } {
        Some(o) => o.resolve(),
        None => Options::at(Time::now()),
    }
}

fn boxed<T>(out: *mut *mut T, value: T) -> Result<(), qoltanba_result> {
    out_ptr(out)?;
    put(out, Box::into_raw(Box::new(value)));
    Ok(())
}

fn free_box<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: a pointer from Box::into_raw in this library, freed once
        // (header).
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// Makes an empty builder: no anchors, default policy (revocation required,
/// no SHA-1, CA revocation checked). Free it with
/// `qoltanba_verifier_builder_free` unless it is built.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_builder_new(
    out: *mut *mut qoltanba_verifier_builder,
) -> qoltanba_result {
    guard(|| boxed(out, qoltanba_verifier_builder::default()))
}

/// Adds the bundled roots (as anchors) and intermediates of a
/// `qoltanba_trust_profile`.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_builder_add_profile(
    builder: *mut qoltanba_verifier_builder,
    profile: qoltanba_trust_profile,
) -> qoltanba_result {
    guard(|| {
        let b = object_mut(builder, "builder")?;
        let profile = match profile {
            QOLTANBA_PROFILE_NCA => TrustProfile::Nca,
            QOLTANBA_PROFILE_NCA_TEST => TrustProfile::NcaTest,
            other => {
                return Err(fail(
                    QOLTANBA_INVALID_PARAMETER,
                    format!("{other} is not a qoltanba_trust_profile"),
                ))
            }
        };
        let (roots, intermediates) = profile.certificates().map_err(|e| from_error(&e))?;
        b.anchors.extend(roots);
        b.intermediates.extend(intermediates);
        Ok(())
    })
}

/// Adds every certificate of `data` (DER, PEM bundle, or base64 of DER) as a
/// trust anchor. Nothing is added if any of them fails to parse.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_builder_add_trust(
    builder: *mut qoltanba_verifier_builder,
    data: *const u8,
    len: usize,
) -> qoltanba_result {
    guard(|| {
        let b = object_mut(builder, "builder")?;
        let certs =
            Certificate::all_from_any(input(data, len, "data")?).map_err(|e| from_error(&e))?;
        b.anchors.extend(certs);
        Ok(())
    })
}

/// Adds every certificate of `data` as an untrusted intermediate (or a
/// signer certificate that documents do not carry).
#[no_mangle]
pub extern "C" fn qoltanba_verifier_builder_add_intermediate(
    builder: *mut qoltanba_verifier_builder,
    data: *const u8,
    len: usize,
) -> qoltanba_result {
    guard(|| {
        let b = object_mut(builder, "builder")?;
        let certs =
            Certificate::all_from_any(input(data, len, "data")?).map_err(|e| from_error(&e))?;
        b.intermediates.extend(certs);
        Ok(())
    })
}

/// Adds every CRL or delta CRL of `data` (DER, PEM or base64) to the initial
/// CRL set. CRLs are used only after their signature verifies.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_builder_add_crl(
    builder: *mut qoltanba_verifier_builder,
    data: *const u8,
    len: usize,
) -> qoltanba_result {
    guard(|| add_crls(&mut object_mut(builder, "builder")?.crls, data, len))
}

/// Adds an OCSP response (DER or base64 of DER) as revocation evidence,
/// alongside or instead of CRLs. It is verified when used: the responder's
/// signature and authorisation, its freshness at the validation time, and
/// the certificate it answers for. A response that does not verify says
/// nothing (status unknown unless a CRL decides).
#[no_mangle]
pub extern "C" fn qoltanba_verifier_builder_add_ocsp(
    builder: *mut qoltanba_verifier_builder,
    data: *const u8,
    len: usize,
) -> qoltanba_result {
    guard(|| add_ocsp(&mut object_mut(builder, "builder")?.crls, data, len))
}

/// Sets how revocation is checked (a `qoltanba_revocation_mode`).
#[no_mangle]
pub extern "C" fn qoltanba_verifier_builder_set_revocation(
    builder: *mut qoltanba_verifier_builder,
    mode: qoltanba_revocation_mode,
) -> qoltanba_result {
    guard(|| {
        let b = object_mut(builder, "builder")?;
        b.policy.revocation = match mode {
            QOLTANBA_REVOCATION_REQUIRED => RevocationMode::Required,
            QOLTANBA_REVOCATION_IF_AVAILABLE => RevocationMode::IfAvailable,
            QOLTANBA_REVOCATION_OFF => RevocationMode::Off,
            other => {
                return Err(fail(
                    QOLTANBA_INVALID_PARAMETER,
                    format!("{other} is not a qoltanba_revocation_mode"),
                ))
            }
        };
        Ok(())
    })
}

/// Accepts (`true`) or refuses (`false`, the default) SHA-1 signatures.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_builder_set_legacy_algorithms(
    builder: *mut qoltanba_verifier_builder,
    allow: bool,
) -> qoltanba_result {
    guard(|| {
        object_mut(builder, "builder")?
            .policy
            .allow_legacy_algorithms = allow;
        Ok(())
    })
}

/// Requires (`true`) a SIGN key of the national CA's profile for document
/// signing, refusing certificates whose kind cannot be told (default
/// `false`).
#[no_mangle]
pub extern "C" fn qoltanba_verifier_builder_set_sign_key_required(
    builder: *mut qoltanba_verifier_builder,
    required: bool,
) -> qoltanba_result {
    guard(|| {
        object_mut(builder, "builder")?.policy.require_sign_key = required;
        Ok(())
    })
}

/// Checks (`true`, the default) or skips the revocation of intermediate CAs.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_builder_set_ca_revocation(
    builder: *mut qoltanba_verifier_builder,
    check: bool,
) -> qoltanba_result {
    guard(|| {
        object_mut(builder, "builder")?.policy.check_ca_revocation = check;
        Ok(())
    })
}

/// Builds the verifier and **frees the builder**, whatever the result: the
/// builder must not be used afterwards. A builder without any trust anchor
/// gives `QOLTANBA_INVALID_PARAMETER` (nothing could ever validate).
#[no_mangle]
pub extern "C" fn qoltanba_verifier_builder_build(
    builder: *mut qoltanba_verifier_builder,
    out: *mut *const qoltanba_verifier,
) -> qoltanba_result {
    guard(|| {
        if builder.is_null() {
            return Err(fail(QOLTANBA_NULL_PARAMETER, "builder is NULL"));
        }
        // SAFETY: a builder from qoltanba_verifier_builder_new, consumed here
        // once (header).
        let b = unsafe { Box::from_raw(builder) };
        out_ptr(out)?;
        if b.anchors.is_empty() {
            return Err(fail(
                QOLTANBA_INVALID_PARAMETER,
                "the builder has no trust anchor",
            ));
        }
        let verifier = assemble(&b.anchors, &b.intermediates, &b.policy, b.crls);
        let handle = qoltanba_verifier {
            anchors: b.anchors,
            intermediates: b.intermediates,
            policy: b.policy,
            current: ArcSwap::from_pointee(verifier),
        };
        put(out, Arc::into_raw(Arc::new(handle)));
        Ok(())
    })
}

/// Frees a builder that was not built. NULL does nothing.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_builder_free(builder: *mut qoltanba_verifier_builder) {
    guard_value((), || free_box(builder));
}

/// Frees a verifier. Call it once, after every thread has finished using
/// it. NULL does nothing.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_free(verifier: *const qoltanba_verifier) {
    guard_value((), || {
        if !verifier.is_null() {
            // SAFETY: a pointer from Arc::into_raw in
            // qoltanba_verifier_builder_build, freed once (header).
            drop(unsafe { Arc::from_raw(verifier) });
        }
    });
}

/// Makes an empty CRL set.
#[no_mangle]
pub extern "C" fn qoltanba_crl_set_new(out: *mut *mut qoltanba_crl_set) -> qoltanba_result {
    guard(|| boxed(out, qoltanba_crl_set::default()))
}

/// Parses every CRL or delta CRL of `data` (DER, PEM or base64) into the set.
#[no_mangle]
pub extern "C" fn qoltanba_crl_set_add(
    set: *mut qoltanba_crl_set,
    data: *const u8,
    len: usize,
) -> qoltanba_result {
    guard(|| add_crls(&mut object_mut(set, "set")?.store, data, len))
}

/// Adds an OCSP response (DER or base64 of DER) to a revocation set; it is
/// swapped in with the set's CRLs.
#[no_mangle]
pub extern "C" fn qoltanba_crl_set_add_ocsp(
    set: *mut qoltanba_crl_set,
    data: *const u8,
    len: usize,
) -> qoltanba_result {
    guard(|| add_ocsp(&mut object_mut(set, "set")?.store, data, len))
}

/// Every CRL or delta CRL of the caller's `data` added to `store`.
fn add_crls(
    store: &mut RevocationStore,
    data: *const u8,
    len: usize,
) -> Result<(), qoltanba_result> {
    store
        .add_any(input(data, len, "data")?)
        .map_err(|e| from_error(&e))
}

/// The caller's OCSP response (DER or base64) added to `store`.
fn add_ocsp(
    store: &mut RevocationStore,
    data: *const u8,
    len: usize,
) -> Result<(), qoltanba_result> {
    let response =
        qoltanba::OcspResponse::from_any(input(data, len, "data")?).map_err(|e| from_error(&e))?;
    store.add_ocsp(response);
    Ok(())
}

/// Frees a CRL set that was not swapped in. NULL does nothing.
#[no_mangle]
pub extern "C" fn qoltanba_crl_set_free(set: *mut qoltanba_crl_set) {
    guard_value((), || free_box(set));
}

/// Takes ownership of a CRL set passed to a call that consumes it.
fn take_set(set: *mut qoltanba_crl_set) -> Result<Box<qoltanba_crl_set>, qoltanba_result> {
    if set.is_null() {
        return Err(fail(QOLTANBA_NULL_PARAMETER, "set is NULL"));
    }
    // SAFETY: a set from qoltanba_crl_set_new, consumed here once (header).
    Ok(unsafe { Box::from_raw(set) })
}

/// Replaces the verifier's CRLs with `set`, atomically, and **frees the
/// set** whatever the result. Safe while other threads verify with the same
/// verifier: a verification that started before the swap finishes with the
/// old set, one that starts after it uses the new set, and none sees a mix
/// or waits for the swap. Concurrent swaps are allowed; the last one stays.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_swap_crls(
    verifier: *const qoltanba_verifier,
    set: *mut qoltanba_crl_set,
) -> qoltanba_result {
    guard(|| {
        let set = take_set(set)?;
        let v = object(verifier, "verifier")?;
        v.current.store(Arc::new(v.make(set.store)));
        Ok(())
    })
}

/// Adds the CRLs, delta CRLs and OCSP responses of `set` to the verifier's
/// revocation data, atomically, and **frees the set** whatever the result.
/// For a new delta CRL: the CRLs already held are shared, not parsed or
/// indexed again, and their signatures already checked are not checked
/// again, so applying a delta to a verifier holding a large base costs
/// about the delta's own parse and signature check (where
/// `qoltanba_verifier_swap_crls` with the base and the delta checks the
/// base's signature again). Concurrent verifications behave as with
/// `qoltanba_verifier_swap_crls`. Concurrent adds and swaps are allowed:
/// an add applies to the data in force when it lands (concurrent adds do
/// not lose each other), and a swap replaces everything added before it.
/// What is added stays until the next `qoltanba_verifier_swap_crls`:
/// swap in a fresh set when a new base CRL is published, so that old
/// deltas do not accumulate.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_add_crls(
    verifier: *const qoltanba_verifier,
    set: *mut qoltanba_crl_set,
) -> qoltanba_result {
    guard(|| {
        let set = take_set(set)?;
        let v = object(verifier, "verifier")?;
        v.current
            .rcu(|current| Arc::new(current.with_revocation_of(&set.store)));
        Ok(())
    })
}

/// Makes options with the defaults: the current time (read at each verify
/// call), document signing, no identity or role requirement.
#[no_mangle]
pub extern "C" fn qoltanba_options_new(out: *mut *mut qoltanba_options) -> qoltanba_result {
    guard(|| boxed(out, qoltanba_options::default()))
}

/// Validates at `unix_seconds` (seconds since 1970-01-01T00:00:00Z).
#[no_mangle]
pub extern "C" fn qoltanba_options_set_time_unix(
    options: *mut qoltanba_options,
    unix_seconds: i64,
) -> qoltanba_result {
    guard(|| {
        object_mut(options, "options")?.time = Some(Time::from_unix(unix_seconds));
        Ok(())
    })
}

/// Validates at an RFC 3339 instant (`2025-06-01T00:00:00Z`, offsets
/// allowed) or a date (`2025-06-01`, midnight UTC).
#[no_mangle]
pub extern "C" fn qoltanba_options_set_time_rfc3339(
    options: *mut qoltanba_options,
    time: *const c_char,
) -> qoltanba_result {
    guard(|| {
        let o = object_mut(options, "options")?;
        let t = text(time, "time")?;
        o.time = Some(Time::parse_rfc3339(t).ok_or_else(|| {
            fail(
                QOLTANBA_INVALID_PARAMETER,
                format!("{t:?} is not an RFC 3339 time"),
            )
        })?);
        Ok(())
    })
}

/// Sets the purpose (a `qoltanba_purpose`).
#[no_mangle]
pub extern "C" fn qoltanba_options_set_purpose(
    options: *mut qoltanba_options,
    purpose: qoltanba_purpose,
) -> qoltanba_result {
    guard(|| {
        let o = object_mut(options, "options")?;
        o.purpose = match purpose {
            QOLTANBA_PURPOSE_DOCUMENT_SIGNING => Purpose::DocumentSigning,
            QOLTANBA_PURPOSE_ANY => Purpose::Any,
            other => {
                return Err(fail(
                    QOLTANBA_INVALID_PARAMETER,
                    format!("{other} is not a qoltanba_purpose"),
                ))
            }
        };
        Ok(())
    })
}

/// Requires the certificate (every signer, for documents) to belong to this
/// IIN (12 digits with a valid check digit). Replaces an expected BIN.
#[no_mangle]
pub extern "C" fn qoltanba_options_set_iin(
    options: *mut qoltanba_options,
    iin: *const c_char,
) -> qoltanba_result {
    guard(|| {
        let o = object_mut(options, "options")?;
        let iin = Iin::parse(text(iin, "iin")?).map_err(|e| from_error(&e))?;
        o.identity = Some(ExpectedIdentity::Iin(iin));
        Ok(())
    })
}

/// Requires the certificate to belong to an organisation with this BIN.
/// Replaces an expected IIN.
#[no_mangle]
pub extern "C" fn qoltanba_options_set_bin(
    options: *mut qoltanba_options,
    bin: *const c_char,
) -> qoltanba_result {
    guard(|| {
        let o = object_mut(options, "options")?;
        let bin = Bin::parse(text(bin, "bin")?).map_err(|e| from_error(&e))?;
        o.identity = Some(ExpectedIdentity::Bin(bin));
        Ok(())
    })
}

/// Requires the holder to have a role, by name: `individual`,
/// `legal-entity`, `first-head`, `right-to-sign`, `financial`,
/// `human-resources`, `employee`, ...
#[no_mangle]
pub extern "C" fn qoltanba_options_add_role(
    options: *mut qoltanba_options,
    role: *const c_char,
) -> qoltanba_result {
    guard(|| {
        let o = object_mut(options, "options")?;
        let name = text(role, "role")?;
        let role = Role::from_name(name).ok_or_else(|| {
            fail(
                QOLTANBA_INVALID_PARAMETER,
                format!("{name:?} is not a role"),
            )
        })?;
        o.roles.push(role);
        Ok(())
    })
}

/// Frees options. NULL does nothing.
#[no_mangle]
pub extern "C" fn qoltanba_options_free(options: *mut qoltanba_options) {
    guard_value((), || free_box(options));
}

fn give_report(out: *mut *mut qoltanba_report, kind: ReportKind) {
    put(
        out,
        Box::into_raw(Box::new(qoltanba_report {
            kind,
            receipt: None,
        })),
    );
}

/// Validates one certificate (DER, PEM or base64) with `options` (NULL:
/// now, document signing) and writes a new report to `*out` (free it with
/// `qoltanba_report_free`). A certificate that cannot be parsed gives
/// `QOLTANBA_MALFORMED` and no report. Thread-safe.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_verify_certificate(
    verifier: *const qoltanba_verifier,
    cert: *const u8,
    cert_len: usize,
    options: *const qoltanba_options,
    out: *mut *mut qoltanba_report,
) -> qoltanba_result {
    guard(|| {
        let v = object(verifier, "verifier")?;
        let cert =
            Certificate::from_any(input(cert, cert_len, "cert")?).map_err(|e| from_error(&e))?;
        out_ptr(out)?;
        let report = v
            .current
            .load()
            .verify_certificate(&cert, &resolve_options(options));
        give_report(out, ReportKind::Certificate(Box::new(report)));
        Ok(())
    })
}

/// Verifies one document against one verifier snapshot: a document that
/// cannot be read is a verdict (reason `malformed`), not a call error.
fn verify_one(
    v: &Verifier,
    document: &[u8],
    content: Option<&[u8]>,
    options: &Options,
) -> DocumentReport {
    // XML signatures (issue 15): an XML document is recognised by content.
    if looks_like_xml(document) {
        return v.verify_xml(document, options).document;
    }
    match SignedDocument::from_any(document) {
        Ok(doc) => v.verify_document(&doc, content, options),
        Err(e) => DocumentReport::unreadable(e),
    }
}

/// An optional input: NULL means absent (a length is then ignored).
fn optional_input<'a>(
    ptr: *const u8,
    len: usize,
    what: &str,
) -> Result<Option<&'a [u8]>, qoltanba_result> {
    if ptr.is_null() {
        Ok(None)
    } else {
        input(ptr, len, what).map(Some)
    }
}

/// Verifies a signed document, CMS SignedData in DER, BER, PEM or base64:
/// every signer's signature and signed attributes, and every signer's
/// certificate with `options` (NULL: now, document signing). `content`
/// gives the content of a detached signature (NULL when the document is
/// attached). Writes a new report to `*out`. A document that cannot be read
/// is still a report (invalid, reason `malformed`). Thread-safe.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_verify_document(
    verifier: *const qoltanba_verifier,
    document: *const u8,
    document_len: usize,
    content: *const u8,
    content_len: usize,
    options: *const qoltanba_options,
    out: *mut *mut qoltanba_report,
) -> qoltanba_result {
    guard(|| {
        let v = object(verifier, "verifier")?;
        let doc = input(document, document_len, "document")?;
        let content = optional_input(content, content_len, "content")?;
        out_ptr(out)?;
        let report = verify_one(&v.current.load(), doc, content, &resolve_options(options));
        give_report(out, ReportKind::Document(report));
        Ok(())
    })
}

// ---- XML signatures (issue 15) ----------------------------------------------

/// True if `bytes` read as XML: after an optional UTF-8 BOM and
/// whitespace, the first byte is `<` (CMS is DER, PEM or base64).
fn looks_like_xml(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'<')
}

/// Verifies the XML signatures of a document (XMLDSig; WS-Security when it
/// is a SOAP message): every Signature element, each a signer of the
/// report like a CMS signer, the signer's certificate with `options`
/// (NULL: now, document signing). A DOCTYPE, a duplicate Id, a transform
/// other than enveloped-signature and C14N, a reference outside the
/// document, a Manifest, an unsigned SOAP Body or one out of its place are
/// refusals with their reasons (`xml-doctype`, `xml-duplicate-id`, ...).
/// The report's JSON (`qoltanba_report_json`) has kind `xml`, with the
/// signatures' references and the signed elements. Writes a new report to
/// `*out`; a document that cannot be read is still a report (invalid,
/// reason `malformed`). `qoltanba_verifier_verify_documents` accepts XML
/// documents too. Thread-safe.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_verify_xml(
    verifier: *const qoltanba_verifier,
    document: *const u8,
    document_len: usize,
    options: *const qoltanba_options,
    out: *mut *mut qoltanba_report,
) -> qoltanba_result {
    guard(|| {
        let v = object(verifier, "verifier")?;
        let doc = input(document, document_len, "document")?;
        out_ptr(out)?;
        let report = v.current.load().verify_xml(doc, &resolve_options(options));
        give_report(out, ReportKind::Xml(Box::new(report)));
        Ok(())
    })
}

// ---- end of XML signatures ---------------------------------------------------

/// Verifies a signed request of the document model (an attached CMS whose
/// content is the request's JSON, docs/domain.md) with the default
/// request policy: the request's own channel, no service centre or
/// provider BIN configured (so only portal requests can pass: the applicant
/// by IIN, or by BIN with the role first head or right to sign, or the
/// representative the request names), co-signers' failures refuse. The
/// report's message is the refusal headline with its cause (our wording on
/// the regulations' terms); `qoltanba_report_receipt` gives its receipt.
/// Writes a new report to `*out`. Thread-safe.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_verify_request(
    verifier: *const qoltanba_verifier,
    document: *const u8,
    document_len: usize,
    options: *const qoltanba_options,
    out: *mut *mut qoltanba_report,
) -> qoltanba_result {
    qoltanba_verifier_verify_request_with(
        verifier,
        document,
        document_len,
        options,
        std::ptr::null(),
        out,
    )
}

/// As `qoltanba_verifier_verify_request`, with a request policy given as a
/// JSON object (NULL: the default), every member optional:
/// `{"channel": "portal" | "service-centre" | "provider",
/// "service_centre_bins": ["BIN", ...], "provider_bins": ["BIN", ...],
/// "signing_roles": ["first-head", ...], "certifier_roles": ["employee", ...],
/// "cosigners": "refuse" | "report", "test_identifiers": bool,
/// "deadline_ms": n}`. An unknown member or value gives
/// `QOLTANBA_INVALID_PARAMETER` and no report. Thread-safe.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_verify_request_with(
    verifier: *const qoltanba_verifier,
    document: *const u8,
    document_len: usize,
    options: *const qoltanba_options,
    policy_json: *const c_char,
    out: *mut *mut qoltanba_report,
) -> qoltanba_result {
    verify_flow(
        (verifier, document, document_len, options, policy_json, out),
        "request",
        RequestPolicy::from_json,
        Verifier::verify_request,
        ReportKind::Request,
    )
}

/// Verifies a signed licence of the document model with the default
/// licence policy: a signer of the issuing body (its BIN) as first head or
/// with the right to sign, and the licence in force at the validation time
/// (status, issue date, `valid_until`). Writes a new report to `*out`;
/// `qoltanba_report_receipt` gives its receipt. Thread-safe.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_verify_licence(
    verifier: *const qoltanba_verifier,
    document: *const u8,
    document_len: usize,
    options: *const qoltanba_options,
    out: *mut *mut qoltanba_report,
) -> qoltanba_result {
    qoltanba_verifier_verify_licence_with(
        verifier,
        document,
        document_len,
        options,
        std::ptr::null(),
        out,
    )
}

/// As `qoltanba_verifier_verify_licence`, with a licence policy given as a
/// JSON object (NULL: the default), every member optional:
/// `{"signer": "authorised" | "employee", "cosigners": "refuse" | "report",
/// "test_identifiers": bool, "deadline_ms": n}`. An unknown member or value
/// gives `QOLTANBA_INVALID_PARAMETER` and no report. Thread-safe.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_verify_licence_with(
    verifier: *const qoltanba_verifier,
    document: *const u8,
    document_len: usize,
    options: *const qoltanba_options,
    policy_json: *const c_char,
    out: *mut *mut qoltanba_report,
) -> qoltanba_result {
    verify_flow(
        (verifier, document, document_len, options, policy_json, out),
        "licence",
        LicencePolicy::from_json,
        Verifier::verify_licence,
        ReportKind::Licence,
    )
}

/// The arguments every flow call takes, in the C order.
type FlowArgs = (
    *const qoltanba_verifier,
    *const u8,
    usize,
    *const qoltanba_options,
    *const c_char,
    *mut *mut qoltanba_report,
);

/// The body of the request and licence calls: the policy read from its
/// JSON (NULL: the default), the flow run, and the report written with its
/// receipt of `kind`.
fn verify_flow<P: Default, T>(
    (verifier, document, document_len, options, policy_json, out): FlowArgs,
    kind: &'static str,
    parse: fn(&str) -> Result<P, qoltanba::Error>,
    run: fn(&Verifier, &[u8], &Options, &P) -> qoltanba::Verdict<T>,
    wrap: fn(qoltanba::Verdict<T>) -> ReportKind,
) -> qoltanba_result {
    guard(|| {
        let v = object(verifier, "verifier")?;
        let doc = input(document, document_len, "document")?;
        out_ptr(out)?;
        let policy = if policy_json.is_null() {
            P::default()
        } else {
            parse(text(policy_json, "policy")?).map_err(bad_policy)?
        };
        let current = v.current.load();
        let verdict = run(&current, doc, &resolve_options(options), &policy);
        let receipt = current
            .receipt(kind, doc, &verdict)
            .map_err(|e| from_error(&e))?
            .to_json();
        give_flow_report(out, wrap(verdict), receipt);
        Ok(())
    })
}

fn give_flow_report(out: *mut *mut qoltanba_report, kind: ReportKind, receipt: String) {
    put(
        out,
        Box::into_raw(Box::new(qoltanba_report {
            kind,
            receipt: Some(receipt),
        })),
    );
}

/// A policy the library refused, as `QOLTANBA_INVALID_PARAMETER` with
/// "policy: " and the library's detail (`policy: unknown member "chanel"`).
fn bad_policy(e: qoltanba::Error) -> qoltanba_result {
    match e {
        qoltanba::Error::Malformed { detail, .. } => {
            fail(QOLTANBA_INVALID_PARAMETER, format!("policy: {detail}"))
        }
        other => fail(QOLTANBA_INVALID_PARAMETER, format!("policy: {other}")),
    }
}

/// One document of a batch: the document and, for a detached signature,
/// its content (`content = NULL` when attached).
#[repr(C)]
pub struct qoltanba_document_input {
    /// The document (CMS in DER, BER, PEM or base64).
    pub data: *const u8,
    /// Its length in bytes (at most 64 MiB).
    pub len: usize,
    /// The detached content, or NULL.
    pub content: *const u8,
    /// The content's length in bytes.
    pub content_len: usize,
}

/// Verifies `count` documents (at most 1048576) across `threads` worker
/// threads (0: one per CPU; at most 256), all with the same verifier
/// snapshot and `options` (NULL: now, document signing; "now" is read once
/// for the whole batch). On success writes `count` new reports to
/// `reports[0..count]`, in input order, each to be freed with
/// `qoltanba_report_free`; on failure writes none. Every input is checked
/// before any work starts. Thread-safe.
#[no_mangle]
pub extern "C" fn qoltanba_verifier_verify_documents(
    verifier: *const qoltanba_verifier,
    inputs: *const qoltanba_document_input,
    count: usize,
    options: *const qoltanba_options,
    threads: usize,
    reports: *mut *mut qoltanba_report,
) -> qoltanba_result {
    guard(|| {
        let v = object(verifier, "verifier")?;
        if count > MAX_BATCH {
            return Err(fail(
                QOLTANBA_INPUT_TOO_LARGE,
                format!("a batch holds at most {MAX_BATCH} documents"),
            ));
        }
        if inputs.is_null() {
            return Err(fail(QOLTANBA_NULL_PARAMETER, "inputs is NULL"));
        }
        out_ptr(reports)?;
        // SAFETY: `inputs` is valid for `count` elements (header).
        let raw = unsafe { std::slice::from_raw_parts(inputs, count) };
        let mut docs: Vec<(&[u8], Option<&[u8]>)> = Vec::with_capacity(count);
        for (i, d) in raw.iter().enumerate() {
            let what = format!("inputs[{i}]");
            docs.push((
                input(d.data, d.len, &what)?,
                optional_input(d.content, d.content_len, &what)?,
            ));
        }
        let snapshot = v.current.load_full();
        let opts = resolve_options(options);
        let workers = match threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n.min(MAX_THREADS),
        }
        .min(count.max(1));
        let results = run_batch(&snapshot, &docs, &opts, workers)?;
        for (i, report) in results.into_iter().enumerate() {
            // SAFETY: `reports` is valid for `count` elements (header).
            put(
                unsafe { reports.add(i) },
                Box::into_raw(Box::new(qoltanba_report {
                    kind: ReportKind::Document(report),
                    receipt: None,
                })),
            );
        }
        Ok(())
    })
}

/// Verifies `docs` on `workers` scoped threads that take the next document
/// from a shared counter (documents differ widely in cost). A panic in a
/// worker becomes `QOLTANBA_PANIC` for the whole batch.
fn run_batch(
    v: &Verifier,
    docs: &[(&[u8], Option<&[u8]>)],
    options: &Options,
    workers: usize,
) -> Result<Vec<DocumentReport>, qoltanba_result> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some((doc, content)) = docs.get(i) else {
                break;
            };
            done.push((i, verify_one(v, doc, *content, options)));
        }
        done
    };
    let mut slots: Vec<Option<DocumentReport>> = vec![None; docs.len()];
    let joined: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (1..workers).map(|_| s.spawn(work)).collect();
        let mut all = vec![Ok(work())];
        all.extend(handles.into_iter().map(|h| h.join()));
        all
    });
    for part in joined {
        let part = part.map_err(|_| fail(QOLTANBA_PANIC, "a batch worker panicked"))?;
        for (i, r) in part {
            slots[i] = Some(r);
        }
    }
    slots
        .into_iter()
        .map(|r| r.ok_or_else(|| fail(QOLTANBA_PANIC, "a batch document was not verified")))
        .collect()
}
