//! The backends' interface: what a backend verifies ([`SignatureVerifier`],
//! keys it has prepared, [`PreparedKey`]), the backend in use, and the one
//! signature check on certificates and CRLs.

use super::id::SignatureAlgorithm;
#[cfg(feature = "aws-lc")]
use super::AwsLc;
#[cfg(feature = "rustcrypto")]
use super::RustCrypto;
use crate::error::Error;

/// A backend that verifies signatures.
///
/// Which algorithms, parameters and keys are supported is decided by this
/// module, not by the backend, so all backends give the same answers. The
/// trait is algorithm-agnostic: new algorithms are new
/// [`SignatureAlgorithm`] values.
pub trait SignatureVerifier: Send + Sync + std::fmt::Debug {
    /// Name of the backend ("aws-lc-rs", "rustcrypto").
    fn name(&self) -> &'static str;

    /// Verify `signature` over `message` with the public key `spki` (a DER
    /// `SubjectPublicKeyInfo`, [RFC 5280] section 4.1.2.7).
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidSignature`] (opaque) if the signature does not
    ///   verify, is badly encoded, or the key is of the wrong type for the
    ///   algorithm (or an EC point is not on its curve);
    /// * [`Error::UnsupportedSignatureAlgorithm`] for an algorithm, or an
    ///   algorithm and curve pairing, that is not implemented;
    /// * [`Error::UnsupportedPublicKey`] for an unsupported key type, curve
    ///   or RSA size (2048 to 8192 bits are supported);
    /// * [`Error::Malformed`] with `what: "public key"` if `spki` does not
    ///   decode.
    ///
    /// [RFC 5280]: https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.7
    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        spki: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error>;

    /// Decodes the public key `spki` once for repeated checks of
    /// `algorithm` signatures (a bulk run's signer), when the backend has a
    /// faster path that way; `None` (the default) means every check goes
    /// through [`SignatureVerifier::verify`]. A prepared key must accept
    /// exactly what `verify` accepts with the same key and algorithm; a key
    /// `verify` would refuse is never prepared.
    fn prepare(&self, algorithm: SignatureAlgorithm, spki: &[u8]) -> Option<Box<dyn PreparedKey>> {
        let _ = (algorithm, spki);
        None
    }
}

/// A public key decoded once by a backend ([`SignatureVerifier::prepare`])
/// for one signature algorithm.
pub trait PreparedKey: Send + Sync + std::fmt::Debug {
    /// Verify `signature` over `message`, with the errors of
    /// [`SignatureVerifier::verify`].
    fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), Error>;
}

/// The default backend: aws-lc-rs when the feature "aws-lc" is on, else
/// the RustCrypto backend.
pub fn default_backend() -> &'static dyn SignatureVerifier {
    #[cfg(feature = "aws-lc")]
    {
        &AwsLc
    }
    #[cfg(all(not(feature = "aws-lc"), feature = "rustcrypto"))]
    {
        &RustCrypto
    }
}

/// Every backend compiled in, the default first (for tests that run each).
#[allow(clippy::vec_init_then_push)] // the pushes depend on features
pub fn backends() -> Vec<&'static dyn SignatureVerifier> {
    let mut all: Vec<&'static dyn SignatureVerifier> = Vec::new();
    #[cfg(feature = "aws-lc")]
    all.push(&AwsLc);
    #[cfg(feature = "rustcrypto")]
    all.push(&RustCrypto);
    all
}

// ---- checks shared by the backends -----------------------------------------

/// Verifies `signature` over `tbs` with the issuer's `spki`, refusing SHA-1
/// unless the policy allows legacy algorithms.
pub(crate) fn check_signature(
    backend: &dyn SignatureVerifier,
    algorithm: &Result<SignatureAlgorithm, Error>,
    spki: &[u8],
    tbs: &[u8],
    signature: &[u8],
    allow_legacy: bool,
) -> Result<(), Error> {
    let alg = algorithm.clone()?;
    if alg.is_legacy() && !allow_legacy {
        return Err(Error::LegacyAlgorithmNotAllowed {
            algorithm: alg.name(),
        });
    }
    backend.verify(alg, spki, tbs, signature)
}
