//! Strict DER framing for certificates and CRLs (X.690 section 10.1).
//!
//! Certificates and CRLs must be DER (RFC 5280 section 4.1). The ASN.1
//! parser underneath accepts some BER framing (a non-minimal length on the
//! outer SEQUENCE); such bytes are not the certificate's one encoding, so a
//! fingerprint of them names nothing. This walk refuses, before parsing:
//! indefinite lengths, lengths in more octets than needed, long-form lengths
//! under 128, lengths beyond the input, and nesting deeper than
//! [`MAX_DEPTH`]. It reads tags and lengths only, never contents.

use super::{der_header, der_header_checked};
pub(crate) use super::{BIT_STRING, INTEGER, NULL, OID, SEQUENCE};
use crate::error::Error;

/// Deepest nesting of constructed values accepted. A certificate nests
/// about 8 deep (Certificate, TBSCertificate, Name, RDN, AttributeTypeAndValue
/// ...); the bound keeps hostile input from costing much.
const MAX_DEPTH: usize = 32;

/// Checks that `input` is exactly one DER TLV with definite, minimal lengths
/// at every level of constructed values.
pub(crate) fn check_der(input: &[u8], what: &'static str) -> Result<(), Error> {
    let malformed = |detail: &str| Error::Malformed {
        what,
        detail: detail.to_owned(),
    };
    let rest = walk(input, 0).map_err(malformed)?;
    if !rest.is_empty() {
        return Err(malformed("trailing data after the DER value"));
    }
    Ok(())
}

/// Walks one TLV at the start of `input`; returns what follows it.
fn walk(input: &[u8], depth: usize) -> Result<&[u8], &'static str> {
    if depth > MAX_DEPTH {
        return Err("DER nesting too deep");
    }
    let (tag, start, end) = der_header_checked(input, 0, input.len())?;
    if tag & 0x20 != 0 {
        let mut inner = &input[start..end];
        while !inner.is_empty() {
            inner = walk(inner, depth + 1)?;
        }
    }
    Ok(&input[end..])
}

/// One DER TLV at the start of `d` as (tag, content, rest), by the rules
/// of [`der_header`].
pub(crate) fn der_tlv(d: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (tag, start, end) = der_header(d, 0, d.len())?;
    Some((tag, &d[start..end], &d[end..]))
}

// ---- the element reader: keys, algorithm identifiers, extensions ----
/// One element: its identifier octet and its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tlv<'a> {
    pub(crate) tag: u8,
    pub(crate) content: &'a [u8],
}

impl Tlv<'_> {
    pub(crate) fn is_null(&self) -> bool {
        self.tag == NULL && self.content.is_empty()
    }
}

/// The identifier octet for a class, constructed bit and tag number, if
/// the number fits in the low-tag form.
pub(crate) fn tag_byte(class: u8, constructed: bool, number: u32) -> Option<u8> {
    if class > 3 || number >= 31 {
        return None;
    }
    Some((class << 6) | (u8::from(constructed) << 5) | number as u8)
}

pub(crate) struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Read the next element (the rules of [`der_header`]).
    pub(crate) fn read(&mut self) -> Option<Tlv<'a>> {
        let (tag, start, end) = der_header(self.data, 0, self.data.len())?;
        let content = &self.data[start..end];
        self.data = &self.data[end..];
        Some(Tlv { tag, content })
    }

    /// Read the next element, which must have this tag.
    pub(crate) fn expect(&mut self, tag: u8) -> Option<&'a [u8]> {
        let tlv = self.read()?;
        (tlv.tag == tag).then_some(tlv.content)
    }

    /// Read the next element if it has this tag.
    pub(crate) fn optional(&mut self, tag: u8) -> Option<&'a [u8]> {
        if self.data.first() == Some(&tag) {
            self.expect(tag)
        } else {
            None
        }
    }
}

/// A whole `AlgorithmIdentifier` SEQUENCE: the OID's content bytes and
/// the parameters, if any.
pub(crate) fn algorithm_identifier(der: &[u8]) -> Option<(&[u8], Option<Tlv<'_>>)> {
    let mut r = Reader::new(der);
    let body = r.expect(SEQUENCE)?;
    if !r.is_empty() {
        return None;
    }
    algorithm_identifier_body(body)
}

/// The content of an `AlgorithmIdentifier` SEQUENCE.
pub(crate) fn algorithm_identifier_body(body: &[u8]) -> Option<(&[u8], Option<Tlv<'_>>)> {
    let mut r = Reader::new(body);
    let oid = r.expect(OID)?;
    if oid.is_empty() || oid.last().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    let params = if r.is_empty() { None } else { Some(r.read()?) };
    if !r.is_empty() {
        return None;
    }
    Some((oid, params))
}

/// The magnitude of a positive, minimally encoded INTEGER's content.
pub(crate) fn positive_integer(content: &[u8]) -> Option<&[u8]> {
    match content {
        [] => None,
        [b, ..] if b & 0x80 != 0 => None,    // negative
        [0] => None,                         // zero
        [0, b, ..] if b & 0x80 == 0 => None, // not minimal
        [0, rest @ ..] => Some(rest),
        _ => Some(content),
    }
}

/// A small non-negative INTEGER element (the whole TLV).
pub(crate) fn small_uint(der: &[u8]) -> Option<u64> {
    let mut r = Reader::new(der);
    let content = r.expect(INTEGER)?;
    if !r.is_empty() {
        return None;
    }
    let magnitude = match content {
        [0] => return Some(0),
        _ => positive_integer(content)?,
    };
    if magnitude.len() > 8 {
        return None;
    }
    Some(
        magnitude
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)),
    )
}

/// Bit length of a big-endian magnitude without leading zeros.
pub(crate) fn bit_len(magnitude: &[u8]) -> usize {
    match magnitude.first() {
        None => 0,
        Some(&b) => (magnitude.len() - 1) * 8 + (8 - b.leading_zeros() as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_der_and_refuses_ber_framing() {
        assert!(check_der(&[0x30, 0x03, 0x02, 0x01, 0x05], "x").is_ok());
        for bad in [
            &[][..],
            &[0x30],
            &[0x30, 0x80, 0x00, 0x00],
            &[0x30, 0x81, 0x03, 0x02, 0x01, 0x05],
            &[0x30, 0x82, 0x00, 0x03, 0x02, 0x01, 0x05],
            &[0x30, 0x04, 0x02, 0x01, 0x05],
            &[0x30, 0x03, 0x02, 0x01, 0x05, 0x00],
            &[0x30, 0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0],
            &[0x30, 0x02, 0x30, 0x80],
        ] {
            assert!(
                matches!(check_der(bad, "x"), Err(Error::Malformed { .. })),
                "{bad:02x?}"
            );
        }
        let mut deep: Vec<u8> = Vec::new();
        for _ in 0..40 {
            let mut outer = vec![0x30, deep.len() as u8];
            outer.extend(deep);
            deep = outer;
        }
        assert!(check_der(&deep[2 * 8..], "x").is_ok());
        assert_eq!(
            check_der(&deep, "x"),
            Err(Error::Malformed {
                what: "x",
                detail: "DER nesting too deep".into()
            })
        );
    }
}
