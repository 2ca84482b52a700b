//! Private keys and signing.

use crate::algorithm::SignatureAlgorithm;
use crate::error::Error;

/// Something that signs: the CMS builder takes `&dyn Signer`.
pub trait Signer: Send + Sync {
    /// The signature algorithm this key signs with.
    fn algorithm(&self) -> SignatureAlgorithm;
    /// Signs `message` (the whole message; the key hashes it) and returns
    /// the signature in the encoding the verifier expects for
    /// [`Signer::algorithm`]: PKCS#1/PSS bytes for RSA, DER Ecdsa-Sig-Value
    /// for ECDSA, `r || s` little-endian for GOST.
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error>;
}
