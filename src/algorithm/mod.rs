//! Signature algorithms (placeholder, being written).

use crate::error::Error;

/// Hash functions used by signature algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// SHA-1 (legacy).
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

/// A signature algorithm (placeholder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// RSA PKCS#1 v1.5.
    RsaPkcs1(HashAlgorithm),
}

/// A backend that verifies signatures (placeholder).
pub trait SignatureVerifier: Send + Sync + std::fmt::Debug {
    /// Verify.
    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        spki: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error>;
}

/// The default backend (placeholder).
pub fn default_backend() -> &'static dyn SignatureVerifier {
    unimplemented!()
}
