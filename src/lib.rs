//! # qoltanba
//!
//! Verify and make the electronic digital signatures of Kazakhstan's
//! e-government: certificate chains to trusted roots, validity at a given
//! time, revocation (CRL and delta CRL), key usage, and the national CA's
//! profile (IIN, BIN, roles, SIGN and AUTH keys).
//!
//! Validation never reads the clock: the caller passes the [`Time`] to
//! validate at.

mod algorithm;
mod cert;
mod error;
mod identity;
mod revocation;
mod time;

pub use algorithm::{default_backend, HashAlgorithm, SignatureAlgorithm, SignatureVerifier};
pub use cert::{KeyKind, Role};
pub use error::Error;
pub use identity::{Bin, Iin};
pub use revocation::RevocationReason;
pub use time::Time;
