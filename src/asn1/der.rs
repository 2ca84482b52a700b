//! Strict DER framing for certificates and CRLs (X.690 section 10.1).
//!
//! Certificates and CRLs must be DER (RFC 5280 section 4.1). The ASN.1
//! parser underneath accepts some BER framing (a non-minimal length on the
//! outer SEQUENCE); such bytes are not the certificate's one encoding, so a
//! fingerprint of them names nothing. This walk refuses, before parsing:
//! indefinite lengths, lengths in more octets than needed, long-form lengths
//! under 128, lengths beyond the input, and nesting deeper than
//! [`MAX_DEPTH`]. It reads tags and lengths only, never contents.

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
    let (&tag, rest) = input.split_first().ok_or("truncated DER value")?;
    if tag & 0x1f == 0x1f {
        // High tag numbers do not occur in certificates and CRLs.
        return Err("unsupported high-tag-number form");
    }
    let (&first, mut rest) = rest.split_first().ok_or("truncated DER length")?;
    let len = if first < 0x80 {
        usize::from(first)
    } else if first == 0x80 {
        return Err("indefinite length where DER is required");
    } else {
        let n = usize::from(first & 0x7f);
        if n > std::mem::size_of::<usize>() || n > rest.len() {
            return Err("length does not fit");
        }
        let (octets, after) = rest.split_at(n);
        rest = after;
        if octets[0] == 0 {
            return Err("non-minimal DER length");
        }
        let len = octets
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        if len < 0x80 {
            return Err("non-minimal DER length");
        }
        len
    };
    if len > rest.len() {
        return Err("length beyond the end of the input");
    }
    let (content, after) = rest.split_at(len);
    if tag & 0x20 != 0 {
        let mut inner = content;
        while !inner.is_empty() {
            inner = walk(inner, depth + 1)?;
        }
    }
    Ok(after)
}

/// One TLV of `d` as (tag, content, rest): a definite length of at most
/// four octets, the content within `d`. Used on input [`check_der`] has
/// already accepted (certificate extensions), so it does not repeat the
/// minimal-length rule.
pub(crate) fn der_tlv(d: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *d.first()?;
    let first = *d.get(1)? as usize;
    let (len, header) = if first < 0x80 {
        (first, 2)
    } else {
        let n = first & 0x7f;
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | *d.get(2 + i)? as usize;
        }
        (len, 2 + n)
    };
    let end = header.checked_add(len)?;
    (end <= d.len()).then(|| (tag, &d[header..end], &d[end..]))
}

/// The DER length octets of `len`.
pub(crate) fn der_length(len: usize) -> Vec<u8> {
    if len < 0x80 {
        vec![len as u8]
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .iter()
            .copied()
            .skip_while(|&b| b == 0)
            .collect();
        let mut v = vec![0x80 | bytes.len() as u8];
        v.extend(bytes);
        v
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
