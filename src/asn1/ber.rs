//! The few ASN.1 encoding rules SignedData needs (X.690): BER input
//! normalised to DER lengths, and a small DER reader over the result.
//!
//! RFC 5652 section 5.1 lets a SignedData be BER (tools that stream emit
//! indefinite lengths and constructed OCTET STRINGs), while the signed
//! attributes are always DER (section 5.3). [`normalize`] rewrites only
//! what is BER-specific and copies every other element byte for byte, so a
//! DER certificate or DER signed attributes inside stay exactly as signed.

pub(crate) use super::{
    oid_string, push_len, BIT_STRING, BOOLEAN, ENUMERATED, GENERALIZED_TIME, INTEGER, OCTET_STRING,
    OID, SEQUENCE, SET, UTC_TIME,
};
use crate::error::Error;

/// Deepest nesting of constructed elements accepted. Certificates and CMS
/// nest about 10 levels; the bound keeps recursion (and the stack) small on
/// hostile input.
const MAX_DEPTH: usize = 48;

fn malformed(detail: impl Into<String>) -> Error {
    Error::Malformed {
        what: "CMS",
        detail: detail.into(),
    }
}

/// The header of one element: tag bytes and where its content is.
struct Header {
    /// Length of the tag bytes.
    tag_len: usize,
    /// First tag byte (class, constructed bit, low tag number).
    tag: u8,
    /// Offset of the content from the start of the element.
    header_len: usize,
    /// Content length, or None for the indefinite form.
    len: Option<usize>,
}

fn header(input: &[u8]) -> Result<Header, Error> {
    let tag = *input.first().ok_or_else(|| malformed("truncated tag"))?;
    let mut pos = 1;
    if tag & 0x1f == 0x1f {
        // High tag number form: base-128 digits, last one without bit 8.
        loop {
            let b = *input.get(pos).ok_or_else(|| malformed("truncated tag"))?;
            pos += 1;
            if pos > 6 {
                return Err(malformed("tag number too large"));
            }
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let tag_len = pos;
    let first = *input
        .get(pos)
        .ok_or_else(|| malformed("truncated length"))?;
    pos += 1;
    let len = match first {
        0x80 => None,
        n if n < 0x80 => Some(usize::from(n)),
        0xff => return Err(malformed("reserved length octet")),
        n => {
            let count = usize::from(n & 0x7f);
            if count > 4 {
                return Err(malformed("length too large"));
            }
            let bytes = input
                .get(pos..pos + count)
                .ok_or_else(|| malformed("truncated length"))?;
            pos += count;
            Some(
                bytes
                    .iter()
                    .fold(0usize, |acc, &b| (acc << 8) | usize::from(b)),
            )
        }
    };
    if len.is_none() && tag & 0x20 == 0 {
        return Err(malformed("indefinite length on a primitive element"));
    }
    Ok(Header {
        tag_len,
        tag,
        header_len: pos,
        len,
    })
}

/// Rewrites BER `input` (one element, nothing after it) with definite
/// lengths and constructed OCTET STRINGs joined into primitive ones.
/// Elements that are already DER-shaped are copied unchanged.
pub(crate) fn normalize(input: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(input.len());
    let used = normalize_element(input, 0, &mut out)?;
    if used != input.len() {
        return Err(malformed("trailing data after the ContentInfo"));
    }
    Ok(out)
}

/// [`normalize`] without the copy when there is nothing to rewrite: input
/// that is already definite-length throughout, with no constructed OCTET
/// STRING, is returned as it is (what `normalize` would produce, byte for
/// byte). Anything else, including malformed input, goes through
/// `normalize` (and gets its errors).
pub(crate) fn normalize_cow(input: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, Error> {
    normalize_cow_knowing(input, &|_| None)
}

/// [`normalize_cow`], told of elements already known to be plain: `known`
/// gives, for the bytes of a constructed element, the depth of the deepest
/// element below it if those exact bytes were found plain before (by
/// [`plain_depth`]). Such an element is not walked again (a bulk run sees
/// the same certificates in every document); the answer is the same.
pub(crate) fn normalize_cow_knowing<'a>(
    input: &'a [u8],
    known: &dyn Fn(&[u8]) -> Option<usize>,
) -> Result<std::borrow::Cow<'a, [u8]>, Error> {
    if walk_plain(input, known).is_some() {
        Ok(std::borrow::Cow::Borrowed(input))
    } else {
        normalize(input).map(std::borrow::Cow::Owned)
    }
}

/// If `input` is plain (see [`walk_plain`]), the depth of its deepest
/// element (0 for a primitive one).
pub(crate) fn plain_depth(input: &[u8]) -> Option<usize> {
    walk_plain(input, &|_| None)
}

/// Constructed elements at least this long are offered to `known` (a
/// certificate is longer; the structure around it has few such elements).
const KNOWN_MIN_LEN: usize = 256;

/// Whether `input` is one element that, with everything inside it, is
/// definite-length, within the depth limit, and holds no constructed OCTET
/// STRING (so `normalize` would copy it as is); if so, the depth of its
/// deepest element. An iterative walk over the headers, the parents' ends
/// on a fixed stack; elements `known` vouches for are not entered.
fn walk_plain(input: &[u8], known: &dyn Fn(&[u8]) -> Option<usize>) -> Option<usize> {
    // ends[d]: where the parent of an element at depth d + 1 ends.
    let mut ends = [0usize; MAX_DEPTH + 1];
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut pos = 0usize;
    let mut limit = input.len();
    loop {
        if depth > MAX_DEPTH {
            return None;
        }
        deepest = deepest.max(depth);
        let (tag, content, end) = plain_header(input, pos, limit)?;
        if tag & 0x20 != 0 {
            if tag == (OCTET_STRING | 0x20) {
                return None;
            }
            let below = if end - pos >= KNOWN_MIN_LEN {
                known(&input[pos..end])
            } else {
                None
            };
            match below {
                // Walked before: as deep as it was then, from here.
                Some(below) => {
                    if depth + below > MAX_DEPTH {
                        return None;
                    }
                    deepest = deepest.max(depth + below);
                }
                None if content < end => {
                    ends[depth] = limit;
                    depth += 1;
                    limit = end;
                    pos = content;
                    continue;
                }
                None => {}
            }
        }
        pos = end;
        // Close the containers this element completes.
        while pos == limit && depth > 0 {
            depth -= 1;
            limit = ends[depth];
        }
        if depth == 0 {
            return (pos == input.len()).then_some(deepest);
        }
    }
}

/// The tag, content start and end of the element at `pos`, which must end
/// by `limit`, if its header is one DER can have (a low tag number, a
/// definite length of at most four octets), as `header` reads it.
#[inline(always)]
fn plain_header(input: &[u8], pos: usize, limit: usize) -> Option<(u8, usize, usize)> {
    let d = input.get(..limit)?;
    let tag = *d.get(pos)?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let first = *d.get(pos + 1)?;
    let (len, header_len) = match first {
        n if n < 0x80 => (usize::from(n), 2),
        0x80 | 0xff => return None,
        n => {
            let count = usize::from(n & 0x7f);
            if count > 4 {
                return None;
            }
            let bytes = d.get(pos + 2..pos + 2 + count)?;
            let len = bytes
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
            (len, 2 + count)
        }
    };
    let content = pos + header_len;
    let end = content.checked_add(len).filter(|&e| e <= limit)?;
    Some((tag, content, end))
}

/// Normalises the element at the start of `input` into `out`; returns how
/// many input bytes it spanned.
fn normalize_element(input: &[u8], depth: usize, out: &mut Vec<u8>) -> Result<usize, Error> {
    if depth > MAX_DEPTH {
        return Err(Error::LimitExceeded {
            what: "CMS nesting depth",
            limit: MAX_DEPTH,
        });
    }
    let h = header(input)?;
    let constructed = h.tag & 0x20 != 0;
    if !constructed {
        let len = h.len.unwrap_or(0);
        let end = h
            .header_len
            .checked_add(len)
            .filter(|&e| e <= input.len())
            .ok_or_else(|| malformed("truncated element"))?;
        out.extend_from_slice(&input[..end]);
        return Ok(end);
    }
    // Constructed: normalise the children into a scratch buffer.
    let mut children = Vec::new();
    let (spanned, indefinite) = match h.len {
        Some(len) => {
            let end = h
                .header_len
                .checked_add(len)
                .filter(|&e| e <= input.len())
                .ok_or_else(|| malformed("truncated element"))?;
            let mut pos = h.header_len;
            while pos < end {
                pos += normalize_element(&input[pos..end], depth + 1, &mut children)?;
            }
            (end, false)
        }
        None => {
            let mut pos = h.header_len;
            loop {
                let rest = &input[pos..];
                if rest.starts_with(&[0, 0]) {
                    pos += 2;
                    break;
                }
                if rest.is_empty() {
                    return Err(malformed("missing end-of-contents"));
                }
                pos += normalize_element(rest, depth + 1, &mut children)?;
            }
            (pos, true)
        }
    };
    let constructed_string = h.tag == (OCTET_STRING | 0x20);
    if constructed_string {
        // X.690 8.7.3: the value is the concatenation of the segments.
        let mut joined = Vec::new();
        let mut r = Reader::new(&children);
        while !r.is_empty() {
            let seg = r.expect(OCTET_STRING)?;
            joined.extend_from_slice(seg);
        }
        out.push(OCTET_STRING);
        push_len(out, joined.len());
        out.extend_from_slice(&joined);
    } else if !indefinite && children[..] == input[h.header_len..spanned] {
        // Already DER-shaped below: copy the element as it was (byte-exact).
        out.extend_from_slice(&input[..spanned]);
    } else {
        out.extend_from_slice(&input[..h.tag_len]);
        push_len(out, children.len());
        out.extend_from_slice(&children);
    }
    Ok(spanned)
}

/// One element read by [`Reader`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tlv<'a> {
    /// First tag byte.
    pub(crate) tag: u8,
    /// The content octets.
    pub(crate) content: &'a [u8],
    /// The whole element (tag, length, content).
    pub(crate) raw: &'a [u8],
}

/// Reads definite-length elements one after the other.
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

    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.data.first().copied()
    }

    /// The next element's tag, header length and end, if its header is a
    /// common one (a low tag number, a length in at most two octets) and
    /// it fits; `None` sends the caller to the general path.
    #[inline(always)]
    fn peek_common(&self) -> Option<(u8, usize, usize)> {
        let d = self.data;
        if d.len() < 2 || d[0] & 0x1f == 0x1f {
            return None;
        }
        let n = d[1];
        let (len, header_len) = if n < 0x80 {
            (usize::from(n), 2)
        } else if n == 0x81 && d.len() >= 3 {
            (usize::from(d[2]), 3)
        } else if n == 0x82 && d.len() >= 4 {
            (usize::from(d[2]) << 8 | usize::from(d[3]), 4)
        } else {
            return None;
        };
        let end = header_len + len;
        (end <= d.len()).then_some((d[0], header_len, end))
    }

    /// Takes the element [`Reader::peek_common`] found.
    #[inline(always)]
    fn take(&mut self, tag: u8, header_len: usize, end: usize) -> Tlv<'a> {
        let d = self.data;
        self.data = &d[end..];
        Tlv {
            tag,
            content: &d[header_len..end],
            raw: &d[..end],
        }
    }

    /// Reads the next element. The common headers are read inline;
    /// anything else, and every error, by [`Reader::read_general`], with
    /// the same result.
    #[inline]
    pub(crate) fn read(&mut self) -> Result<Tlv<'a>, Error> {
        match self.peek_common() {
            Some((tag, header_len, end)) => Ok(self.take(tag, header_len, end)),
            None => self.read_general(),
        }
    }

    #[cold]
    #[inline(never)]
    fn read_general(&mut self) -> Result<Tlv<'a>, Error> {
        let h = header(self.data)?;
        let len = h
            .len
            .ok_or_else(|| malformed("indefinite length after normalisation"))?;
        if h.tag_len != 1 {
            return Err(malformed("unexpected high tag number"));
        }
        let end = h
            .header_len
            .checked_add(len)
            .filter(|&e| e <= self.data.len())
            .ok_or_else(|| malformed("truncated element"))?;
        let tlv = Tlv {
            tag: h.tag,
            content: &self.data[h.header_len..end],
            raw: &self.data[..end],
        };
        self.data = &self.data[end..];
        Ok(tlv)
    }

    /// Reads an element that must have `tag`; returns its content.
    #[inline]
    pub(crate) fn expect(&mut self, tag: u8) -> Result<&'a [u8], Error> {
        Ok(self.expect_tlv(tag)?.content)
    }

    /// Reads an element that must have `tag` (inline when its header is a
    /// common one with that tag; else [`Reader::expect_general`]).
    #[inline]
    pub(crate) fn expect_tlv(&mut self, tag: u8) -> Result<Tlv<'a>, Error> {
        match self.peek_common() {
            Some((t, header_len, end)) if t == tag => Ok(self.take(t, header_len, end)),
            _ => self.expect_general(tag),
        }
    }

    #[cold]
    #[inline(never)]
    fn expect_general(&mut self, tag: u8) -> Result<Tlv<'a>, Error> {
        let tlv = self.read()?;
        if tlv.tag != tag {
            return Err(malformed(format!(
                "expected tag {tag:#04x}, found {:#04x}",
                tlv.tag
            )));
        }
        Ok(tlv)
    }

    /// Reads an element if the next one has `tag`.
    pub(crate) fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, Error> {
        if self.peek_tag() == Some(tag) {
            Ok(Some(self.read()?))
        } else {
            Ok(None)
        }
    }

    /// Fails unless everything was read.
    pub(crate) fn finish(&self, what: &str) -> Result<(), Error> {
        if self.data.is_empty() {
            Ok(())
        } else {
            Err(malformed(format!("unexpected data after {what}")))
        }
    }
}

/// A UTCTime (X.690 11.8: `YYMMDDHHMMSSZ`, years 1950-2049) or
/// GeneralizedTime (11.7: `YYYYMMDDHHMMSS[.f*]Z`, the fraction dropped: a
/// [`Time`](crate::Time) has one-second resolution), both in UTC with
/// seconds, as RFC 5280 4.1.2.5, RFC 6960 and RFC 3161 2.4.2 use them.
pub(crate) fn time(tlv: &Tlv<'_>) -> Option<crate::time::Time> {
    let text = std::str::from_utf8(tlv.content).ok()?;
    let text = text.strip_suffix('Z')?;
    let digits = match (tlv.tag, text.split_once('.')) {
        (GENERALIZED_TIME, Some((whole, fraction))) => {
            // X.690 11.7.3: no trailing zeros, at least one digit.
            if fraction.is_empty()
                || fraction.ends_with('0')
                || !fraction.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            whole
        }
        (_, None) => text,
        _ => return None,
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match (tlv.tag, digits.len()) {
        (UTC_TIME, 12) => {
            let yy: i32 = digits[..2].parse().ok()?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, &digits[2..])
        }
        (GENERALIZED_TIME, 14) => (digits[..4].parse().ok()?, &digits[4..]),
        _ => return None,
    };
    let field = |i: usize| rest[i..i + 2].parse::<u8>().ok();
    let month = time::Month::try_from(field(0)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, field(2)?).ok()?;
    let clock = time::Time::from_hms(field(4)?, field(6)?, field(8)?).ok()?;
    Some(crate::time::Time::from_unix(
        time::PrimitiveDateTime::new(date, clock)
            .assume_utc()
            .unix_timestamp(),
    ))
}

/// The bits of a BIT STRING with no unused bits (keys, signatures).
pub(crate) fn bit_string_octets(content: &[u8]) -> Result<&[u8], Error> {
    match content.split_first() {
        Some((0, bits)) => Ok(bits),
        _ => Err(malformed("BIT STRING with unused bits")),
    }
}

/// The subjectPublicKey bits of a DER SubjectPublicKeyInfo (RFC 5280
/// 4.1.2.7): what OCSP's issuerKeyHash and byKey responder IDs hash.
pub(crate) fn spki_key_bits(spki: &[u8]) -> Result<&[u8], Error> {
    let mut outer = Reader::new(spki);
    let mut r = Reader::new(outer.expect(SEQUENCE)?);
    r.expect(SEQUENCE)?;
    let bits = r.expect(BIT_STRING)?;
    r.finish("a SubjectPublicKeyInfo")?;
    bit_string_octets(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indefinite_and_constructed_strings_become_der() {
        // SEQUENCE (indef) { OCTET STRING (constructed, indef) { "ab", "c" } }
        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0, 0, 0, 0,
        ];
        assert_eq!(
            normalize(&ber).expect("normalises"),
            vec![0x30, 0x05, 0x04, 0x03, b'a', b'b', b'c']
        );
    }

    #[test]
    fn der_is_copied_unchanged() {
        // Non-minimal length (0x81 0x03) kept as it was.
        let der = [0x30, 0x81, 0x03, 0x02, 0x01, 0x05];
        assert_eq!(normalize(&der).expect("normalises"), der.to_vec());
    }

    #[test]
    fn refuses_garbage() {
        for bad in [
            &[][..],
            &[0x30],
            &[0x30, 0x80],
            &[0x30, 0x05, 0x02],
            &[0x04, 0x80, 0, 0],
            &[0x30, 0x00, 0x00],
        ] {
            assert!(normalize(bad).is_err(), "{bad:02x?}");
        }
        let deep: Vec<u8> = std::iter::repeat_n([0x30u8, 0x80], 200).flatten().collect();
        assert!(matches!(normalize(&deep), Err(Error::LimitExceeded { .. })));
        assert!(matches!(
            normalize_cow(&deep),
            Err(Error::LimitExceeded { .. })
        ));
        let deep_der = nested_der(60);
        assert!(matches!(
            normalize_cow(&deep_der),
            Err(Error::LimitExceeded { .. })
        ));
    }

    /// `depth` SEQUENCEs, each holding the next, with definite lengths.
    fn nested_der(depth: usize) -> Vec<u8> {
        let mut v = vec![0x05, 0x00];
        for _ in 0..depth {
            let mut outer = vec![0x30];
            push_len(&mut outer, v.len());
            outer.extend_from_slice(&v);
            v = outer;
        }
        v
    }

    #[test]
    fn borrowing_agrees_with_normalising_on_mutated_input() {
        // SEQUENCE { [0] { INTEGER 5, OCTET STRING "ab" }, SET {}, NULL }
        let base = [
            0x30, 0x0d, 0xa0, 0x07, 0x02, 0x01, 0x05, 0x04, 0x02, b'a', b'b', 0x31, 0x00, 0x05,
            0x00,
        ];
        let mut inputs = vec![base.to_vec(), nested_der(48), nested_der(49)];
        for i in 0..base.len() {
            for v in [0x00, 0x01, 0x04, 0x05, 0x24, 0x30, 0x80, 0x81, 0x82, 0xff] {
                let mut m = base.to_vec();
                m[i] = v;
                inputs.push(m);
            }
            inputs.push(base[..i].to_vec());
        }
        for input in &inputs {
            match (normalize_cow(input), normalize(input)) {
                (Ok(a), Ok(b)) => assert_eq!(&a[..], &b[..], "{input:02x?}"),
                (Err(a), Err(b)) => assert_eq!(a, b, "{input:02x?}"),
                (a, b) => panic!("{input:02x?}: {a:?} vs {b:?}"),
            }
        }
    }

    fn wrap(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut v = vec![tag];
        push_len(&mut v, content.len());
        v.extend_from_slice(content);
        v
    }

    #[test]
    fn known_elements_give_the_same_answer() {
        // A "certificate": SEQUENCE { SEQUENCE { OCTET STRING (300) } },
        // long enough to be offered to `known`, and one holding a
        // constructed OCTET STRING (not plain, so never vouched for).
        let cert = wrap(0x30, &wrap(0x30, &wrap(0x04, &[7u8; 300])));
        let ber_cert = wrap(0x30, &wrap(0x24, &wrap(0x04, &[7u8; 300])));
        assert_eq!(plain_depth(&cert), Some(2));
        assert_eq!(plain_depth(&ber_cert), None);
        let oracle = |b: &[u8]| {
            if b == cert.as_slice() || b == ber_cert.as_slice() {
                plain_depth(b)
            } else {
                None
            }
        };
        for c in [&cert, &ber_cert] {
            for depth in [0, 1, 2, 20, 44, 45, 46, 47, 48] {
                // `depth` SEQUENCEs around { cert, NULL }.
                let mut doc = [c.as_slice(), &[0x05, 0x00]].concat();
                for _ in 0..depth {
                    doc = wrap(0x30, &doc);
                }
                let mut inputs = vec![doc.clone()];
                for i in (0..doc.len()).step_by(7) {
                    for v in [0x00, 0x24, 0x80, 0x81] {
                        let mut m = doc.clone();
                        m[i] = v;
                        inputs.push(m);
                    }
                }
                for input in &inputs {
                    assert_eq!(
                        walk_plain(input, &oracle),
                        walk_plain(input, &|_| None),
                        "depth {depth}"
                    );
                }
            }
        }
    }

    #[test]
    fn der_is_borrowed_and_ber_is_rewritten() {
        use std::borrow::Cow;
        let der = [0x30, 0x81, 0x05, 0xa0, 0x03, 0x02, 0x01, 0x05];
        assert!(matches!(normalize_cow(&der), Ok(Cow::Borrowed(b)) if b == der));
        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0, 0, 0, 0,
        ];
        // Definite lengths but a constructed OCTET STRING: rewritten too.
        let split = [
            0x30, 0x09, 0x24, 0x07, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c',
        ];
        for input in [&ber[..], &split[..]] {
            let cow = normalize_cow(input).expect("normalises");
            assert!(matches!(cow, Cow::Owned(_)));
            assert_eq!(&cow[..], &[0x30, 0x05, 0x04, 0x03, b'a', b'b', b'c'][..]);
        }
        for bad in [
            &[0x30, 0x05, 0x02][..],
            &[0x30, 0x00, 0x00],
            &[0x04, 0x80, 0, 0],
        ] {
            assert!(normalize_cow(bad).is_err(), "{bad:02x?}");
        }
        assert!(matches!(
            normalize_cow(&nested_der(40)),
            Ok(Cow::Borrowed(_))
        ));
    }

    #[test]
    fn times() {
        let tlv = |tag: u8, text: &'static str| Tlv {
            tag,
            content: text.as_bytes(),
            raw: &[],
        };
        let at = |t: Option<crate::time::Time>| t.map(|t| t.unix());
        assert_eq!(
            at(time(&tlv(UTC_TIME, "220918132014Z"))),
            Some(1_663_507_214)
        );
        assert_eq!(
            at(time(&tlv(UTC_TIME, "500101000000Z"))),
            Some(-631_152_000)
        );
        assert_eq!(
            at(time(&tlv(GENERALIZED_TIME, "20220918132014Z"))),
            Some(1_663_507_214)
        );
        // Fractions are dropped; X.690 forbids trailing zeros and empty ones.
        assert_eq!(
            at(time(&tlv(GENERALIZED_TIME, "20220918132014.123Z"))),
            Some(1_663_507_214)
        );
        for bad in [
            "20220918132014.120Z",
            "20220918132014.Z",
            "20220918132014",
            "20221318132014Z",
            "2022091813201Z",
            "20220918132014+0000",
        ] {
            assert_eq!(time(&tlv(GENERALIZED_TIME, bad)), None, "{bad}");
        }
        assert_eq!(time(&tlv(UTC_TIME, "220918132014.1Z")), None);
    }

    #[test]
    fn oid_strings() {
        assert_eq!(
            oid_string(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]),
            "1.2.840.113549.1.7.2"
        );
        assert_eq!(
            oid_string(&[0x2a, 0x83, 0x0e, 0x03, 0x0a, 0x01, 0x03, 0x03]),
            "1.2.398.3.10.1.3.3"
        );
    }
}
