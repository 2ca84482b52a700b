//! ASN.1 on the ground floor: the DER and BER readers every layer above
//! uses (certificates, CRLs, OCSP, CMS, keys), INTEGER canonicalisation, and
//! the length writer. It imports only `error` and `time`.

pub(crate) mod ber;
pub(crate) mod der;
mod integer;

pub(crate) use integer::{canonical_serial, cmp_numbers, strip_zeros};
