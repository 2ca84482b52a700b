//! Verifying a SignedData: each signer's signature, signed attributes and
//! certificate (RFC 5652 section 5.6; CAdES-BES, ETSI EN 319 122-1,
//! signed attributes of RFC 5035).

use super::oid::{ID_SIGNATURE_TIME_STAMP, ID_SIGNING_TIME};
use super::signed_data::{
    parse, transport_decode_bounded, Carried, SignedDataRef, SignedDocument, SignerInfo,
};
use super::signer::{
    algorithm_label, find_signer_certificate_in, not_found, signer_message, signing_time,
};
use super::timestamp::{timestamp_error, TimeStampToken, TimestampReport};
use crate::asn1::ber::{self};
use crate::context::{Context, PastTime};
use crate::error::Error;
use crate::policy::Options;
use crate::report::Report;
use crate::revocation::RevocationStore;
use crate::time::Time;

/// The verdict on a signed document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
#[must_use]
pub struct DocumentReport {
    /// True only if the document has at least one signer and every signer
    /// is valid.
    pub valid: bool,
    /// The reason for refusal: [`Error::NoSigners`], or the first invalid
    /// signer's reason.
    pub reason: Option<Error>,
    /// One report per SignerInfo, in document order.
    pub signers: Vec<SignerReport>,
}

/// The verdict on one signer of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
#[must_use]
pub struct SignerReport {
    /// True only if the signature and signed attributes verify and the
    /// signer's certificate report is valid.
    pub valid: bool,
    /// The reason for refusal: a failure of the signature or its
    /// attributes, else the certificate report's reason.
    pub reason: Option<Error>,
    /// The signature algorithm's name, or its OID if unsupported.
    pub signature_algorithm: String,
    /// The digest algorithm's name, or its OID if unsupported.
    pub digest_algorithm: String,
    /// The signingTime attribute: the signer's claim, reported; the
    /// validation time only if [`Policy::trust_signing_time`] is set and the
    /// signer has no valid time-stamp.
    ///
    /// [`Policy::trust_signing_time`]: crate::Policy::trust_signing_time
    pub signing_time: Option<Time>,
    /// The signature time-stamp (CAdES-T) that set the validation time (the
    /// valid one with the earliest genTime), or the one that failed.
    pub timestamp: Option<TimestampReport>,
    /// The time the signer's certificate was validated at: the time-stamp's
    /// genTime, else the trusted signingTime, else the caller's time.
    pub validated_at: Time,
    /// The full report on the signer's certificate, if it was found.
    pub certificate: Option<Report>,
}

impl SignerReport {
    /// A report not yet filled: not valid, no reason, validated at `time`.
    pub(crate) fn empty(time: Time) -> Self {
        SignerReport {
            valid: false,
            reason: None,
            signature_algorithm: String::new(),
            digest_algorithm: String::new(),
            signing_time: None,
            timestamp: None,
            validated_at: time,
            certificate: None,
        }
    }
}

impl DocumentReport {
    /// A report from its parts (XML signatures).
    pub(crate) fn from_parts(
        valid: bool,
        reason: Option<Error>,
        signers: Vec<SignerReport>,
    ) -> Self {
        let reason = match (valid, reason) {
            (false, None) if signers.is_empty() => Some(Error::NoSigners),
            (_, r) => r,
        };
        DocumentReport {
            valid,
            reason,
            signers,
        }
    }

    /// The report on a document that could not be read at all: not valid,
    /// `reason` the error, no signers.
    pub fn unreadable(reason: Error) -> Self {
        Self {
            valid: false,
            reason: Some(reason),
            signers: Vec::new(),
        }
    }

    /// `Ok(())` if valid, else the reason.
    pub fn result(&self) -> Result<(), Error> {
        match (&self.reason, self.valid) {
            (None, true) => Ok(()),
            (Some(e), _) => Err(e.clone()),
            (None, false) => Err(Error::NoSigners),
        }
    }

    /// The report as JSON.
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

impl Context {
    /// See [`Verifier::verify_document`](crate::Verifier::verify_document).
    pub(crate) fn verify_document(
        &self,
        doc: &SignedDocument,
        detached: Option<&[u8]>,
        options: &Options,
    ) -> DocumentReport {
        match doc.view() {
            Ok(view) => self.verify_signed_data(&view, detached, options),
            // Parsed before, so it reads again; refused if not.
            Err(e) => DocumentReport::unreadable(e),
        }
    }

    /// Parses `input` in place (DER is neither copied nor owned; the
    /// certificates come from the verifier's cache) and verifies it like
    /// [`Verifier::verify_document`].
    pub(crate) fn verify_document_in_place(
        &self,
        input: &[u8],
        detached: Option<&[u8]>,
        options: &Options,
    ) -> Result<DocumentReport, Error> {
        let binary = transport_decode_bounded(input)?;
        let certs = &self.caches.certificates;
        let der = ber::normalize_cow_knowing(&binary, &|e| certs.known_plain(e))?;
        let parsed = parse(&der, Carried::Cached(certs))?;
        let view = SignedDataRef {
            content_type: parsed.content_type,
            content: parsed.content,
            certificates: &parsed.certificates,
            crls: &parsed.crls,
            signers: parsed.signers,
        };
        Ok(self.verify_signed_data(&view, detached, options))
    }

    fn verify_signed_data(
        &self,
        doc: &SignedDataRef<'_>,
        detached: Option<&[u8]>,
        options: &Options,
    ) -> DocumentReport {
        // The document's CRLs join the caller's for its signers. A store
        // of its own is built only when the document carries CRLs or the
        // caller's store holds OCSP responses: a response's verdict
        // depends on its responder's status at the validation time, so
        // its remembered outcome must not outlive the document. (The
        // outcome of a CRL signature check is a function of the CRL, the
        // issuer certificate, the backend and the SHA-1 policy, which key
        // it.)
        let own_store = !doc.crls.is_empty() || !options.crls.ocsp_responses().is_empty();
        let doc_crls = own_store.then(|| {
            let mut store = options.crls.clone();
            for crl in doc.crls {
                store.add(crl.clone());
            }
            store
        });
        let crls = doc_crls.as_ref().unwrap_or(&options.crls);
        let content = match (doc.content, detached) {
            (Some(attached), Some(given)) if attached != given => Err(Error::ContentConflict),
            (Some(attached), _) => Ok(attached),
            (None, Some(given)) => Ok(given),
            (None, None) => Err(Error::DetachedContentMissing),
        };
        let signers: Vec<SignerReport> = doc
            .signers
            .iter()
            .map(|s| self.verify_signer(doc, s, content.clone(), options, crls))
            .collect();
        let reason = if signers.is_empty() {
            Some(Error::NoSigners)
        } else {
            signers.iter().find_map(|s| s.reason.clone())
        };
        DocumentReport {
            valid: !signers.is_empty() && signers.iter().all(|s| s.valid),
            reason,
            signers,
        }
    }

    /// One signer: `crls` are the caller's and the document's CRLs, and
    /// the document's certificates are intermediates besides the caller's.
    fn verify_signer(
        &self,
        doc: &SignedDataRef<'_>,
        signer: &SignerInfo<'_>,
        content: Result<&[u8], Error>,
        options: &Options,
        crls: &RevocationStore,
    ) -> SignerReport {
        let signing_time = signer
            .signed_attrs
            .and_then(|(attrs, _)| attrs.find(ID_SIGNING_TIME))
            .and_then(signing_time);
        let mut report = SignerReport {
            valid: false,
            reason: None,
            // Filled in below: the decoded names, or labels on failure.
            signature_algorithm: String::new(),
            digest_algorithm: String::new(),
            signing_time,
            timestamp: None,
            validated_at: options.time,
            certificate: None,
        };
        let cert = find_signer_certificate_in(doc, signer, options, self.intermediates());
        // The signer's key is kept prepared on its certificate: bulk runs
        // check many documents of one signer.
        let checked = signer_message(
            self.policy().allow_legacy_algorithms,
            doc,
            signer,
            content,
            cert,
        )
        .and_then(|(alg, cert, message)| {
            message.with(|m| cert.verify_with_key(self.backend(), alg, m, signer.signature))?;
            Ok(alg)
        });
        // CAdES-T (ETSI EN 319 122-1 section 5.3): time-stamps over the
        // signature value move the validation time back to the earliest
        // valid genTime; one that does not verify refuses the signer.
        let mut stamp_failure = None;
        if checked.is_ok() {
            let (stamp, failure) = self.signer_timestamp(doc, signer, signing_time, options, crls);
            stamp_failure = failure;
            if let Some(stamp) = &stamp {
                if stamp.valid && stamp_failure.is_none() {
                    report.validated_at = stamp.info.gen_time;
                }
            } else if self.policy().require_timestamp && stamp_failure.is_none() {
                stamp_failure = Some(Error::TimestampMissing);
            } else if self.policy().trust_signing_time {
                if let Some(t) = signing_time {
                    // Like a time-stamp, a trusted signingTime may only move
                    // validation back in time.
                    let skew =
                        i64::try_from(self.policy().max_clock_skew.as_secs()).unwrap_or(i64::MAX);
                    if t.unix() > options.time.unix().saturating_add(skew) {
                        stamp_failure = Some(Error::TimeInFuture {
                            what: "signingTime",
                            claimed: t,
                            time: options.time,
                        });
                    } else {
                        report.validated_at = t;
                    }
                }
            }
            report.timestamp = stamp;
        }
        if let Some(cert) = cert {
            // Validated at a time moved back: the keys that vouch for that
            // time (its CAs, its OCSP responders) must not be condemned.
            let past = if report.validated_at == options.time {
                PastTime::Present
            } else {
                PastTime::Signer
            };
            report.certificate = Some(self.verify_certificate_at(
                cert,
                options,
                doc.certificates,
                crls,
                report.validated_at,
                past,
            ));
        }
        match (&checked, &report.certificate, stamp_failure) {
            (Err(e), _, _) => report.reason = Some(e.clone()),
            (Ok(_), _, Some(e)) => report.reason = Some(e),
            (Ok(_), Some(cert_report), None) => {
                report.valid = cert_report.valid;
                report.reason = cert_report.result().err();
            }
            (Ok(_), None, None) => report.reason = Some(not_found(signer)),
        }
        if let Ok(alg) = &checked {
            report.signature_algorithm = alg.name().to_owned();
            report.digest_algorithm = alg.hash().name().to_owned();
        } else {
            report.signature_algorithm = algorithm_label(signer.signature_algorithm);
            report.digest_algorithm = algorithm_label(signer.digest_algorithm);
        }
        report
    }

    /// The signature time-stamps of one signer (id-aa-signatureTimeStampToken,
    /// RFC 3161 appendix A), each verified over the signature value: the
    /// valid one with the earliest genTime, or the first failure.
    fn signer_timestamp(
        &self,
        doc: &SignedDataRef<'_>,
        signer: &SignerInfo<'_>,
        signing_time: Option<Time>,
        options: &Options,
        crls: &RevocationStore,
    ) -> (Option<TimestampReport>, Option<Error>) {
        let mut best: Option<TimestampReport> = None;
        let mut stamps = signer
            .unsigned_attrs
            .iter()
            .filter(|a| a.oid == ID_SIGNATURE_TIME_STAMP)
            .peekable();
        if stamps.peek().is_none() {
            return (None, None);
        }
        // The time-stamps are checked with the document's certificates and
        // CRLs besides the caller's.
        let mut cert_options = options
            .clone()
            .intermediates(doc.certificates.iter().cloned());
        cert_options.crls = crls.clone();
        // The tokens are counted (cheaply) before any is verified: each
        // costs a signature check and a path validation.
        let mut tokens: Vec<&[u8]> = Vec::new();
        for attr in stamps {
            if attr.values().next().is_none() {
                let e = Error::TimestampInvalid {
                    detail: "empty signatureTimeStampToken attribute".into(),
                };
                return (None, Some(e));
            }
            for value in attr.values() {
                if tokens.len() >= super::MAX_TIMESTAMPS_PER_SIGNER {
                    let e = Error::LimitExceeded {
                        what: "signature time-stamp tokens of a signer",
                        limit: super::MAX_TIMESTAMPS_PER_SIGNER,
                    };
                    return (None, Some(e));
                }
                tokens.push(value);
            }
        }
        let skew = i64::try_from(self.policy().max_clock_skew.as_secs()).unwrap_or(i64::MAX);
        for (i, value) in tokens.iter().enumerate() {
            // An identical token says the same: it is verified once.
            if tokens[..i].contains(value) {
                continue;
            }
            let stamp = match TimeStampToken::from_der(value) {
                Ok(token) => self.verify_timestamp(&token, signer.signature, &cert_options),
                Err(e) => return (None, Some(timestamp_error(e))),
            };
            if let Some(e) = stamp.result().err() {
                return (Some(stamp), Some(e));
            }
            let stamped = stamp.info.gen_time;
            // A time-stamp may only move validation back in time: one
            // from after the validation time (beyond the skew) vouches
            // for a signature that did not exist yet at it.
            if stamped.unix() > options.time.unix().saturating_add(skew) {
                let e = Error::TimeInFuture {
                    what: "time-stamp genTime",
                    claimed: stamped,
                    time: options.time,
                };
                return (Some(stamp), Some(e));
            }
            // A signature cannot be made after it was time-stamped; the
            // skew allows for the signer's clock.
            if let Some(claimed) = signing_time {
                if claimed.unix() > stamped.unix().saturating_add(skew) {
                    let e = Error::TimestampInvalid {
                        detail: format!(
                            "signingTime {claimed} is after the time-stamp's genTime {stamped}"
                        ),
                    };
                    return (Some(stamp), Some(e));
                }
            }
            if best.as_ref().is_none_or(|b| stamped < b.info.gen_time) {
                best = Some(stamp);
            }
        }
        (best, None)
    }
}
