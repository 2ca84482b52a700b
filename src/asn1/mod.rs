//! ASN.1 on the ground floor: the DER and BER readers every layer above
//! uses (certificates, CRLs, OCSP, CMS, keys), INTEGER canonicalisation, and
//! the length writer. It imports only `error` and `time`.

/// Universal tags (X.680 section 8.4), as the first identifier octet.
pub(crate) const BOOLEAN: u8 = 0x01;
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const BIT_STRING: u8 = 0x03;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const NULL: u8 = 0x05;
pub(crate) const OID: u8 = 0x06;
pub(crate) const ENUMERATED: u8 = 0x0a;
pub(crate) const UTC_TIME: u8 = 0x17;
pub(crate) const GENERALIZED_TIME: u8 = 0x18;
pub(crate) const SEQUENCE: u8 = 0x30;
pub(crate) const SET: u8 = 0x31;

pub(crate) mod ber;
pub(crate) mod der;
mod header;
mod integer;
mod oid;

pub(crate) use header::{der_header, der_header_checked, push_len};
pub(crate) use integer::{canonical_serial, cmp_numbers, strip_zeros};
pub(crate) use oid::oid_string;
