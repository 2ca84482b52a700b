//! The one reading (and writing) of a DER element's header (X.690 section 10.1), shared
//! by every DER reader of the crate: the strict walk over certificates and
//! CRLs ([`super::der::check_der`]), the element reader of keys and
//! algorithm identifiers ([`super::der::Reader`]), and the CRL index's
//! reader of a million entries.
//!
//! The rules: a low tag number (every structure read here uses one); a
//! definite length, in the short form below 128 and otherwise in the fewest
//! octets, at most four (inputs are bounded far below 4 GiB by
//! [`crate::encoding::MAX_INPUT_LEN`]); the content ending within its
//! container. BER input (CMS) is first normalised by [`super::ber`].

/// Tag, content start and content end of one element.
pub(crate) type Header = (u8, usize, usize);

/// The header of the element at `pos` of `input`, which must end by
/// `limit`, or `None` where [`der_header_checked`] says why. Inlined: the
/// CRL index calls it once per field of every entry.
#[inline(always)]
pub(crate) fn der_header(input: &[u8], pos: usize, limit: usize) -> Option<Header> {
    let d = input.get(..limit)?;
    let tag = *d.get(pos)?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let first = *d.get(pos + 1)?;
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 {
            return None;
        }
        let bytes = d.get(pos + 2..pos + 2 + n)?;
        if bytes[0] == 0 {
            return None;
        }
        let len = bytes.iter().fold(0usize, |l, &b| (l << 8) | usize::from(b));
        if len < 0x80 {
            return None;
        }
        (len, 2 + n)
    };
    let start = pos + header;
    let end = start.checked_add(len).filter(|&e| e <= limit)?;
    Some((tag, start, end))
}

/// [`der_header`], with the rule an element breaks when it is refused.
#[cold]
#[inline(never)]
pub(crate) fn der_header_checked(
    input: &[u8],
    pos: usize,
    limit: usize,
) -> Result<Header, &'static str> {
    if let Some(h) = der_header(input, pos, limit) {
        return Ok(h);
    }
    let d = input.get(..limit.min(input.len())).unwrap_or(input);
    let tag = *d.get(pos).ok_or("truncated DER value")?;
    if tag & 0x1f == 0x1f {
        return Err("unsupported high-tag-number form");
    }
    let first = *d.get(pos + 1).ok_or("truncated DER length")?;
    if first == 0x80 {
        return Err("indefinite length where DER is required");
    }
    if first > 0x80 {
        let n = usize::from(first & 0x7f);
        if n > 4 {
            return Err("length does not fit");
        }
        let bytes = d.get(pos + 2..pos + 2 + n).ok_or("truncated DER length")?;
        let len = bytes.iter().fold(0usize, |l, &b| (l << 8) | usize::from(b));
        if bytes[0] == 0 || len < 0x80 {
            return Err("non-minimal DER length");
        }
    }
    Err("length beyond the end of the input")
}

/// Appends the DER length octets of `len` (the one length writer).
pub(crate) fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8]) -> Result<Header, &'static str> {
        der_header_checked(input, 0, input.len())
    }

    #[test]
    fn der_rules() {
        assert_eq!(check(&[0x04, 0x01, 0xaa]), Ok((0x04, 2, 3)));
        assert_eq!(
            check(&[0x04, 0x81, 0x80]),
            Err("length beyond the end of the input")
        );
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend([0u8; 0x80]);
        assert_eq!(check(&long), Ok((0x04, 3, 0x83)));
        assert_eq!(
            check(&[0x04, 0x81, 0x01, 0xaa]),
            Err("non-minimal DER length")
        );
        assert_eq!(
            check(&[0x04, 0x82, 0x00, 0x81]),
            Err("non-minimal DER length")
        );
        assert_eq!(
            check(&[0x30, 0x80, 0x00, 0x00]),
            Err("indefinite length where DER is required")
        );
        assert_eq!(
            check(&[0x04, 0x85, 1, 0, 0, 0, 0]),
            Err("length does not fit")
        );
        assert_eq!(
            check(&[0x1f, 0x81, 0x01, 0x00]),
            Err("unsupported high-tag-number form")
        );
        assert_eq!(check(&[0x04]), Err("truncated DER length"));
        assert_eq!(check(&[]), Err("truncated DER value"));
        assert_eq!(check(&[0x04, 0x82, 0x01]), Err("truncated DER length"));
        // The container's end bounds the content, not the buffer's.
        assert_eq!(
            der_header_checked(&[0x04, 0x02, 0xaa, 0xbb], 0, 3),
            Err("length beyond the end of the input")
        );
    }
}
