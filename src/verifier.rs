//! The [`Verifier`]: the facade of the library. It owns trust anchors,
//! intermediates, revocation data, policy and caches, built once and shared
//! read-only by any number of threads, and every verification entry point
//! is one of its methods here, each calling down into the layer that does
//! the work (path validation, CMS, time-stamps, OCSP, bulk, requests and
//! licences).

use crate::algorithm::{default_backend, SignatureVerifier};
use crate::bulk::{BulkOptions, BulkSummary};
use crate::cache::CacheStats;
use crate::cert::Certificate;
use crate::cms::{DocumentReport, SignedDocument, TimeStampToken, TimestampReport};
use crate::context::Context;
#[cfg(feature = "serde")]
use crate::document::{Licence, LicencePolicy, Receipt, Request, RequestPolicy, Verdict};
use crate::error::Error;
use crate::policy::{Options, Policy};
use crate::report::Report;
use crate::revocation::{
    verify_ocsp, Crl, OcspCertStatus, OcspResponse, OcspRules, RevocationStore,
};
use crate::time::Time;
use crate::trust::TrustProfile;
use crate::xml::XmlReport;

/// Builds a [`Verifier`].
#[derive(Debug, Default)]
#[must_use]
pub struct VerifierBuilder {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
    revocation: RevocationStore,
    policy: Policy,
    backend: Option<&'static dyn SignatureVerifier>,
    test_identifiers: bool,
}

impl VerifierBuilder {
    /// An empty builder: no anchors, default policy, default backend.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the bundled roots (as anchors) and intermediates of a profile.
    /// Trusting [`TrustProfile::NcaTest`] also lets requests and licences
    /// carry the national CA's test identifiers (IIN 123456789011 /
    /// 123456789012, BIN 123456789021), each reported as a warning.
    pub fn trust_profile(mut self, profile: TrustProfile) -> Result<Self, Error> {
        if profile == TrustProfile::NcaTest {
            self.test_identifiers = true;
        }
        let (roots, intermediates) = profile.certificates()?;
        self.anchors.extend(roots);
        self.intermediates.extend(intermediates);
        Ok(self)
    }

    /// Adds a trust anchor.
    pub fn trust(mut self, cert: Certificate) -> Self {
        self.anchors.push(cert);
        self
    }

    /// Adds every certificate of DER, PEM or base64 input as a trust anchor.
    pub fn trust_any(mut self, input: &[u8]) -> Result<Self, Error> {
        self.anchors.extend(Certificate::all_from_any(input)?);
        Ok(self)
    }

    /// Adds an untrusted intermediate.
    pub fn intermediate(mut self, cert: Certificate) -> Self {
        self.intermediates.push(cert);
        self
    }

    /// Adds every certificate of DER, PEM or base64 input as an intermediate.
    pub fn intermediate_any(mut self, input: &[u8]) -> Result<Self, Error> {
        self.intermediates.extend(Certificate::all_from_any(input)?);
        Ok(self)
    }

    /// Adds a CRL or delta CRL.
    pub fn crl(mut self, crl: Crl) -> Self {
        self.revocation.add(crl);
        self
    }

    /// Adds every CRL of DER, PEM or base64 input.
    pub fn crl_any(mut self, input: &[u8]) -> Result<Self, Error> {
        self.revocation.add_any(input)?;
        Ok(self)
    }

    /// Adds an OCSP response (RFC 6960) as revocation evidence.
    pub fn ocsp(mut self, response: OcspResponse) -> Self {
        self.revocation.add_ocsp(response);
        self
    }

    /// Adds an OCSP response given as DER, PEM or base64.
    pub fn ocsp_any(mut self, input: &[u8]) -> Result<Self, Error> {
        self.revocation.add_ocsp(OcspResponse::from_any(input)?);
        Ok(self)
    }

    /// Replaces the CRLs added so far with `store`, a set parsed ahead (the
    /// C ABI swaps in new CRL sets this way).
    pub fn revocation_store(mut self, store: RevocationStore) -> Self {
        self.revocation = store;
        self
    }

    /// Sets the policy.
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Chooses the signature backend (default: [`default_backend`]).
    pub fn backend(mut self, backend: &'static dyn SignatureVerifier) -> Self {
        self.backend = Some(backend);
        self
    }

    /// Builds the verifier.
    pub fn build(self) -> Verifier {
        let mut ctx = Context::new(
            self.anchors,
            self.intermediates,
            self.revocation,
            self.policy,
            self.backend.unwrap_or_else(default_backend),
        );
        ctx.test_identifiers = self.test_identifiers;
        Verifier { ctx }
    }
}

/// Validates certificates against trust anchors, revocation data and a
/// policy. Immutable once built: share it (`Arc<Verifier>`) across threads.
#[derive(Debug)]
pub struct Verifier {
    ctx: Context,
}

impl Verifier {
    /// Starts a builder.
    pub fn builder() -> VerifierBuilder {
        VerifierBuilder::new()
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        self.ctx.policy()
    }

    /// A new verifier with this one's anchors, intermediates, policy and
    /// backend, and its revocation data plus `crls` (a new delta CRL, say).
    /// The CRLs already held are shared, not parsed or indexed again, and
    /// their signatures already checked are not checked again: applying a
    /// delta CRL to a verifier holding a 1M-entry base costs about what the
    /// delta's own parse and signature check cost. `self` is unchanged.
    pub fn with_crls(&self, crls: impl IntoIterator<Item = Crl>) -> Verifier {
        let mut revocation = self.ctx.revocation.clone();
        for crl in crls {
            revocation.add(crl);
        }
        Verifier {
            ctx: self.ctx.with_store(revocation),
        }
    }

    /// Like [`Verifier::with_crls`], with every CRL and OCSP response of
    /// `extra` (shared with `extra`, not parsed again).
    pub fn with_revocation_of(&self, extra: &RevocationStore) -> Verifier {
        let mut revocation = self.ctx.revocation.clone();
        for crl in extra.crls() {
            revocation.add(crl.clone());
        }
        for response in extra.ocsp_responses() {
            revocation.add_ocsp(response.clone());
        }
        Verifier {
            ctx: self.ctx.with_store(revocation),
        }
    }

    /// Validates `cert` and reports every check. The report is valid only if
    /// every check passed.
    pub fn verify_certificate(&self, cert: &Certificate, options: &Options) -> Report {
        self.ctx
            .verify_certificate_in(cert, options, &[], &options.crls, options.time)
    }

    /// Verifies every signer of `doc` (RFC 5652 section 5.6).
    ///
    /// `detached` gives the content when the document does not carry it; a
    /// document that carries content refuses different `detached` content
    /// ([`Error::ContentConflict`]).
    ///
    /// Each signer's certificate is looked up among the document's
    /// certificates, `options.intermediates` and the verifier's own
    /// intermediates (for documents made without certificates), then
    /// validated with [`Verifier::verify_certificate`],
    /// with the document's certificates as extra intermediates and its CRLs
    /// as extra (verified before use) CRLs, at:
    ///
    /// - the earliest genTime of the signer's valid signature time-stamps
    ///   (CAdES-T, id-aa-signatureTimeStampToken over the signature value,
    ///   each checked with [`Verifier::verify_timestamp`]); a time-stamp
    ///   that does not verify refuses the signer, and so does one whose
    ///   genTime is after `options.time` beyond the policy's clock skew
    ///   ([`Error::TimeInFuture`]: evidence only moves validation back in
    ///   time). At most 4 tokens per signer ([`Error::LimitExceeded`]),
    ///   identical ones verified once. A TSA, or a CA above it, whose key
    ///   the freshest evidence shows revoked at any time for keyCompromise,
    ///   cACompromise, without a reason or for any reason but superseded,
    ///   cessationOfOperation and affiliationChanged vouches for no time
    ///   (RFC 3161 section 4); the same holds for the signer's CAs and
    ///   OCSP responders when the signer is validated at a past time;
    /// - else its signingTime, if [`Policy::trust_signing_time`] is set
    ///   (refused, [`Error::TimeInFuture`], if after `options.time` beyond
    ///   the skew);
    /// - else `options.time`.
    ///
    /// [`Policy::trust_signing_time`]: crate::Policy::trust_signing_time
    pub fn verify_document(
        &self,
        doc: &SignedDocument,
        detached: Option<&[u8]>,
        options: &Options,
    ) -> DocumentReport {
        self.ctx.verify_document(doc, detached, options)
    }

    /// Verifies the XML signatures of a document (XMLDSig; WS-Security when
    /// it is a SOAP message): every `Signature` element of the XMLDSig
    /// namespace (any prefix) not inside another, each with one report
    /// like a CMS signer's, the signer's certificate validated with this
    /// verifier's trust, revocation data and policy at `options.time`.
    ///
    /// Refused, each with its code: a DOCTYPE (`xml-doctype`, no DTD is
    /// ever processed), no Signature, a reference whose Id two elements
    /// carry (`xml-duplicate-id`) or none, an XPointer or external URI, a
    /// transform other than enveloped-signature and C14N 1.0/1.1/exclusive
    /// (XPath, XSLT, ...), a Manifest, a reference digest that differs, a
    /// comment inside signed content, SHA-1 without
    /// [`Policy::allow_legacy_algorithms`](crate::Policy). For a SOAP
    /// message, the Body must be the Envelope's only one and covered by a
    /// valid signature, and a signed `wsu:Timestamp` current within the
    /// policy's clock skew; [`XmlReport::signed_body`] then holds the
    /// canonical bytes of the signed Body.
    pub fn verify_xml(&self, xml: &[u8], options: &Options) -> XmlReport {
        self.ctx.verify_xml(xml, options)
    }

    /// Verifies a time-stamp token over `data` (RFC 3161): the token's
    /// signature and signed attributes (contentType, messageDigest, and the
    /// ESS signingCertificate(V2) that section 2.4.1 requires), the TSA
    /// certificate with this verifier's trust, revocation data and policy
    /// at the token's genTime for id-kp-timeStamping (critical, alone), and
    /// that the messageImprint is the hash of `data`.
    ///
    /// `options` gives extra intermediates and revocation data; its
    /// identity and roles are not used (the TSA is validated at genTime),
    /// and its time, if later than genTime, is how late the evidence about
    /// the TSA (an OCSP answer) may be dated.
    /// A nonce is the caller's to compare ([`TstInfo::nonce`](crate::TstInfo::nonce)). A SHA-1
    /// imprint needs [`Policy::allow_legacy_algorithms`](crate::Policy).
    pub fn verify_timestamp(
        &self,
        token: &TimeStampToken,
        data: &[u8],
        options: &Options,
    ) -> TimestampReport {
        self.ctx.verify_timestamp(token, data, options)
    }

    /// Like [`Verifier::verify_timestamp`], for a caller who holds only the
    /// hash of the data (computed with the imprint's algorithm,
    /// [`TstInfo::hash_algorithm`](crate::TstInfo::hash_algorithm)).
    pub fn verify_timestamp_digest(
        &self,
        token: &TimeStampToken,
        digest: &[u8],
        options: &Options,
    ) -> TimestampReport {
        self.ctx.verify_timestamp_digest(token, digest, options)
    }

    /// Parses a signed document (like [`SignedDocument::from_any`]), taking
    /// its certificates from this verifier's cache of parsed certificates:
    /// a certificate seen in an earlier document is not parsed again.
    pub fn parse_document(&self, input: &[u8]) -> Result<SignedDocument, Error> {
        self.ctx.parse_document(input)
    }

    /// Parses and verifies one document given as bytes (DER, BER, PEM or
    /// base64), with the verifier's caches: [`Verifier::parse_document`]
    /// then [`Verifier::verify_document`].
    ///
    /// # Errors
    ///
    /// The error of [`SignedDocument::from_any`] when the input does not
    /// decode; a document that decodes gives its report, valid or not.
    pub fn verify_document_bytes(
        &self,
        input: &[u8],
        detached: Option<&[u8]>,
        options: &Options,
    ) -> Result<DocumentReport, Error> {
        self.ctx.verify_document_bytes(input, detached, options)
    }

    /// Verifies a stream of documents (each the bytes of one attached-content
    /// SignedData) on `bulk.threads` threads sharing this verifier, and
    /// hands each outcome to `sink` with the document's position in the
    /// stream, in completion order.
    ///
    /// The stream is pulled as workers free up, so at most one document per
    /// thread is held at a time: memory stays flat over any number of
    /// documents when the iterator is lazy (reads files as it goes).
    /// `sink` runs under a lock, one call at a time.
    pub fn verify_documents<I, D, F>(
        &self,
        documents: I,
        options: &Options,
        bulk: &BulkOptions,
        sink: F,
    ) -> BulkSummary
    where
        I: IntoIterator<Item = D>,
        I::IntoIter: Send,
        D: AsRef<[u8]> + Send,
        F: FnMut(usize, Result<DocumentReport, Error>) + Send,
    {
        self.ctx.verify_documents(documents, options, bulk, sink)
    }

    /// [`Verifier::verify_documents`] over items that `load` turns into
    /// document bytes (a path read from disk, a row fetched from a store):
    /// each worker takes the next item under a lock and loads it outside
    /// it, so `bulk.threads` workers do their I/O in parallel. An item that
    /// does not load reaches `sink` as its error, like a document that does
    /// not parse.
    pub fn verify_documents_with<I, T, D, L, F>(
        &self,
        items: I,
        load: L,
        options: &Options,
        bulk: &BulkOptions,
        sink: F,
    ) -> BulkSummary
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send,
        T: Send,
        L: Fn(T) -> Result<D, Error> + Sync,
        D: AsRef<[u8]>,
        F: FnMut(usize, Result<DocumentReport, Error>) + Send,
    {
        self.ctx
            .verify_documents_with(items, load, options, bulk, sink)
    }

    #[cfg(feature = "serde")]
    /// A verification receipt for `verdict` on `document` (the bytes given
    /// to [`Verifier::verify_request`] or [`Verifier::verify_licence`]):
    /// the document's SHA-256, the verdict, refusal and texts, the signers'
    /// facts, the evidence this verifier held (CRL numbers, OCSP and
    /// time-stamp times), the validation time, the elapsed time and the
    /// software version. `kind` is `request` or `licence`.
    ///
    /// # Errors
    ///
    /// Only if SHA-256 is unavailable (never in a working build).
    pub fn receipt<T>(
        &self,
        kind: &'static str,
        document: &[u8],
        verdict: &Verdict<T>,
    ) -> Result<Receipt, Error> {
        self.ctx.receipt(kind, document, verdict)
    }

    /// The revocation part of the check before signing (condition 3,
    /// docs/domain.md 1.2): `cert` validated at `at` with this verifier's
    /// trust and evidence, refusing only when the evidence says it is
    /// revoked or on hold. Anything else (no path, no evidence) is left to
    /// the verification of the signed document: before signing, revocation
    /// is checked when evidence is available.
    ///
    /// # Errors
    ///
    /// [`Error::CertRevoked`] for `cert` or a CA of its path.
    pub fn check_signer_revocation(&self, cert: &Certificate, at: Time) -> Result<(), Error> {
        let report = self.verify_certificate(cert, &Options::at(at));
        match report.check(crate::report::CheckName::Revocation) {
            Some(crate::report::Outcome::Failed(e @ Error::CertRevoked { .. })) => Err(e.clone()),
            _ => Ok(()),
        }
    }

    /// Whether `crl` is signed by a CA this verifier knows: `issuer` if
    /// given, else any anchor or intermediate whose subject is the CRL's
    /// issuer name (and, when both name a key identifier, whose
    /// subjectKeyIdentifier is the CRL's authorityKeyIdentifier). The
    /// signature is checked with this verifier's backend and policy, and the
    /// issuer must be allowed to sign CRLs. Returns the certificate that
    /// verified it. A cache uses this before it keeps a downloaded CRL.
    ///
    /// # Errors
    ///
    /// [`Error::CrlInvalid`] when no known CA's key verifies it.
    pub fn check_crl(&self, crl: &Crl, issuer: Option<&Certificate>) -> Result<Certificate, Error> {
        let policy = self.ctx.policy();
        let candidates: Vec<&Certificate> = match issuer {
            Some(i) => vec![i],
            None => self
                .ctx
                .anchors
                .iter()
                .chain(self.ctx.intermediates.iter())
                .filter(|c| c.data().subject_key == crl.issuer_key)
                .filter(|c| match (&c.data().ski, &crl.aki) {
                    (Some(s), Some(a)) => s == a,
                    _ => true,
                })
                .collect(),
        };
        let mut last = Error::CrlInvalid {
            issuer: crl.issuer().to_owned(),
            detail: "no known CA certificate of that name".into(),
        };
        for c in candidates {
            if c.data().subject_key != crl.issuer_key {
                last = Error::CrlInvalid {
                    issuer: crl.issuer().to_owned(),
                    detail: format!("issued by another CA than {}", c.subject()),
                };
                continue;
            }
            match crate::revocation::check_crl_signature(
                crl,
                c,
                self.ctx.backend,
                policy.allow_legacy_algorithms,
            ) {
                Ok(()) => return Ok(c.clone()),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// The revocation data this verifier was built with.
    pub fn revocation(&self) -> &RevocationStore {
        &self.ctx.revocation
    }

    /// The trust anchors and intermediates this verifier was built with.
    pub fn known_certificates(&self) -> impl Iterator<Item = &Certificate> {
        self.ctx.anchors.iter().chain(self.ctx.intermediates.iter())
    }

    /// How much the verifier's caches hold.
    pub fn cache_stats(&self) -> CacheStats {
        self.ctx.cache_stats()
    }

    #[cfg(feature = "serde")]
    /// Verifies a signed request (docs/domain.md): the payload strictly
    /// (version, dates, identifiers, hashes), then the signer its channel
    /// asks for: on the portal the applicant (the request's IIN, or its BIN
    /// with one of [`RequestPolicy::signing_roles`]) or the representative
    /// the request names (by IIN; the power of attorney is not checked and
    /// the verdict says so); at a service centre an operator, an employee
    /// of one of [`RequestPolicy::service_centre_bins`]; at the provider an
    /// employee of one of [`RequestPolicy::provider_bins`]. Only that
    /// signer's failures give the applicant-facing refusal
    /// ([`Subject::Applicant`](crate::Subject::Applicant)); other signers
    /// are reported one by one and refuse as
    /// [`RequestPolicy::cosigners`] says.
    pub fn verify_request(
        &self,
        document: &[u8],
        options: &Options,
        policy: &RequestPolicy,
    ) -> Verdict<Request> {
        self.ctx.verify_request(document, options, policy)
    }

    #[cfg(feature = "serde")]
    /// Verifies a signed licence: the payload strictly, a signer of the
    /// issuing body (its BIN) whom [`LicencePolicy::signer`] accepts (an
    /// authorised person by default), every other signer as
    /// [`LicencePolicy::cosigners`] says, and that the licence is in force
    /// at the validation time (status, issue date, `valid_until`).
    pub fn verify_licence(
        &self,
        document: &[u8],
        options: &Options,
        policy: &LicencePolicy,
    ) -> Verdict<Licence> {
        self.ctx.verify_licence(document, options, policy)
    }

    /// Verifies an OCSP response about `cert`, issued by `issuer`, and
    /// returns the status it gives at `time` (RFC 6960): the responder's
    /// signature and authorisation (the issuer itself, or a delegated
    /// responder it certified for id-kp-OCSPSigning; id-pkix-ocsp-nocheck
    /// honoured, else the responder's status comes from this verifier's
    /// CRLs), the CertID match, freshness at `time` (nextUpdate, or
    /// [`Policy::ocsp_max_age`](crate::Policy::ocsp_max_age) without one),
    /// the nonce if [`OcspResponse::expect_nonce`] asked for one. A
    /// delegated responder's certificate must be valid at `time`; a
    /// producedAt or thisUpdate later than `time` plus
    /// [`Policy::max_clock_skew`](crate::Policy::max_clock_skew), or a
    /// producedAt before thisUpdate, is refused (RFC 6960 4.2.2.1). Every
    /// SingleResponse about `cert` counts: a revocation by any of them wins.
    ///
    /// This checks the response only; the certificates themselves are
    /// validated by [`Verifier::verify_certificate`], which uses responses
    /// given with [`VerifierBuilder::ocsp`] or
    /// [`Options::ocsp`](crate::Options::ocsp).
    ///
    /// # Errors
    ///
    /// [`Error::OcspInvalid`] when the response does not verify, is not
    /// about `cert`, or is stale, from the future or from a responder not
    /// valid at `time`.
    pub fn verify_ocsp(
        &self,
        response: &OcspResponse,
        cert: &Certificate,
        issuer: &Certificate,
        time: Time,
    ) -> Result<OcspCertStatus, Error> {
        let policy = self.ctx.policy();
        let rules = OcspRules {
            backend: self.ctx.backend,
            allow_legacy: policy.allow_legacy_algorithms,
            max_age: policy.ocsp_max_age,
            max_clock_skew: policy.max_clock_skew,
        };
        verify_ocsp(&self.ctx.revocation, &rules, response, cert, issuer, time)
    }
}
