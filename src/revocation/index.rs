//! A CRL's revoked certificates read in place and indexed by serial number.
//!
//! A national CA's full CRL holds hundreds of thousands of entries (tens of
//! megabytes); a general ASN.1 parser allocates a structure per entry and
//! takes most of a second and several times the file's size in memory. Here
//! the DER is walked once, each entry is checked (serial, revocation date,
//! entry extensions), and only its offset is kept, in an open-addressing
//! table of `u32` keyed by a keyed hash of the serial: 4 bytes per slot at a
//! load factor of at most one half. A lookup hashes the serial, probes, and
//! decodes the one entry it lands on from the DER.
//!
//! ```text
//! CertificateList ::= SEQUENCE {
//!   tbsCertList TBSCertList, signatureAlgorithm AlgorithmIdentifier,
//!   signatureValue BIT STRING }
//! TBSCertList ::= SEQUENCE {
//!   version Version OPTIONAL, signature AlgorithmIdentifier, issuer Name,
//!   thisUpdate Time, nextUpdate Time OPTIONAL,
//!   revokedCertificates SEQUENCE OF SEQUENCE {
//!     userCertificate CertificateSerialNumber, revocationDate Time,
//!     crlEntryExtensions Extensions OPTIONAL } OPTIONAL,
//!   crlExtensions [0] EXPLICIT Extensions OPTIONAL }
//! ```
//! (RFC 5280 section 5.1.)

use std::hash::{BuildHasher, Hasher};
use std::ops::Range;

use super::RevocationReason;
use crate::asn1::{
    canonical_serial, der_header, der_header_checked, BOOLEAN, ENUMERATED, GENERALIZED_TIME,
    INTEGER, OCTET_STRING, OID, SEQUENCE, UTC_TIME,
};
use crate::error::Error;
use crate::time::Time;

/// Most entries accepted in one CRL. The national CA's full CRL holds
/// hundreds of thousands; the bound stops a hostile "billions of entries"
/// claim from exhausting memory (the DER length bounds it too).
pub(crate) const MAX_CRL_ENTRIES: usize = 10_000_000;

/// One revoked certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) revoked_at: Time,
    pub(crate) reason: Option<RevocationReason>,
}

/// id-ce-cRLReasons (2.5.29.21).
const REASON_CODE: &[u8] = &[0x55, 0x1d, 0x15];
/// id-ce-invalidityDate (2.5.29.24) and id-ce-holdInstructionCode
/// (2.5.29.23): understood (informational for this library).
const INVALIDITY_DATE: &[u8] = &[0x55, 0x1d, 0x18];
const HOLD_INSTRUCTION: &[u8] = &[0x55, 0x1d, 0x17];
/// id-ce-certificateIssuer (2.5.29.29): in indirect CRLs, the issuer of
/// this entry's certificate and of the entries that follow (RFC 5280
/// section 5.3.3).
const CERTIFICATE_ISSUER: &[u8] = &[0x55, 0x1d, 0x1d];

fn malformed(detail: impl Into<String>) -> Error {
    Error::Malformed {
        what: "CRL",
        detail: detail.into(),
    }
}

/// One DER element: its tag, where it starts, its content and its end (all
/// offsets into the whole CRL).
#[derive(Debug, Clone, Copy)]
struct Tlv {
    tag: u8,
    start: usize,
    content: (usize, usize),
}

impl Tlv {
    fn end(&self) -> usize {
        self.content.1
    }

    fn content<'a>(&self, der: &'a [u8]) -> &'a [u8] {
        &der[self.content.0..self.content.1]
    }
}

/// Reads the element at `pos`, which must end by `limit`. Definite lengths
/// only, low tag numbers only (all a CRL uses).
#[inline(always)]
fn read(der: &[u8], pos: usize, limit: usize) -> Result<Tlv, Error> {
    match read_fast(der, pos, limit) {
        Some(t) => Ok(t),
        None => read_slow(der, pos, limit),
    }
}

/// [`read`] on the way of a million CRL entries: the one DER header
/// reading of [`crate::asn1`], and `None` where `read_slow` explains the
/// refusal.
#[inline(always)]
fn read_fast(der: &[u8], pos: usize, limit: usize) -> Option<Tlv> {
    let (tag, start, end) = der_header(der, pos, limit)?;
    Some(Tlv {
        tag,
        start: pos,
        content: (start, end),
    })
}

#[cold]
#[inline(never)]
fn read_slow(der: &[u8], pos: usize, limit: usize) -> Result<Tlv, Error> {
    let (tag, start, end) = der_header_checked(der, pos, limit).map_err(malformed)?;
    Ok(Tlv {
        tag,
        start: pos,
        content: (start, end),
    })
}

#[inline(always)]
fn expect(der: &[u8], pos: usize, limit: usize, tag: u8) -> Result<Tlv, Error> {
    match read_fast(der, pos, limit) {
        Some(t) if t.tag == tag => Ok(t),
        _ => expect_slow(der, pos, limit, tag),
    }
}

#[cold]
#[inline(never)]
fn expect_slow(der: &[u8], pos: usize, limit: usize, tag: u8) -> Result<Tlv, Error> {
    let t = read(der, pos, limit)?;
    if t.tag != tag {
        return Err(malformed(format!(
            "expected tag {tag:#04x}, found {:#04x}",
            t.tag
        )));
    }
    Ok(t)
}

/// Where the parts of a CRL are.
#[derive(Debug)]
pub(crate) struct Layout {
    /// The whole tbsCertList element (what is signed).
    pub(crate) tbs: Range<usize>,
    /// The content of revokedCertificates, if present.
    pub(crate) revoked: Option<(usize, usize)>,
    /// The CRL re-encoded without revokedCertificates: everything else
    /// (header, extensions, signature) for a general parser, small whatever
    /// the number of entries.
    pub(crate) header: Vec<u8>,
}

/// Splits a DER CertificateList into its signed part, its entries and the
/// rest.
pub(crate) fn split(der: &[u8]) -> Result<Layout, Error> {
    let outer = expect(der, 0, der.len(), SEQUENCE)?;
    if outer.end() != der.len() {
        return Err(malformed("trailing data after the CRL"));
    }
    let tbs = expect(der, outer.content.0, outer.end(), SEQUENCE)?;
    let (mut pos, end) = tbs.content;
    // version, signature, issuer, thisUpdate, nextUpdate: copied as they are.
    let mut fields: Vec<(usize, usize)> = Vec::with_capacity(6);
    let mut revoked = None;
    let mut index = 0;
    while pos < end {
        let t = read(der, pos, end)?;
        // revokedCertificates is the only SEQUENCE after the issuer and
        // thisUpdate (fields 0..=2 or 1..=3 depending on the version).
        let is_time = t.tag == UTC_TIME || t.tag == GENERALIZED_TIME;
        let after_this_update = fields
            .iter()
            .any(|&(s, _)| matches!(der[s], UTC_TIME | GENERALIZED_TIME));
        if t.tag == SEQUENCE && after_this_update && revoked.is_none() && !is_time {
            revoked = Some(t.content);
        } else {
            fields.push((t.start, t.end()));
        }
        pos = t.end();
        index += 1;
        if index > 8 {
            return Err(malformed("too many fields in tbsCertList"));
        }
    }
    let body_len: usize = fields.iter().map(|(s, e)| e - s).sum();
    let mut new_tbs = Vec::with_capacity(body_len + 6);
    new_tbs.push(SEQUENCE);
    crate::asn1::push_len(&mut new_tbs, body_len);
    for (s, e) in &fields {
        new_tbs.extend_from_slice(&der[*s..*e]);
    }
    let rest = &der[tbs.end()..outer.end()];
    let mut header = Vec::with_capacity(new_tbs.len() + rest.len() + 6);
    header.push(SEQUENCE);
    crate::asn1::push_len(&mut header, new_tbs.len() + rest.len());
    header.extend_from_slice(&new_tbs);
    header.extend_from_slice(rest);
    Ok(Layout {
        tbs: tbs.start..tbs.end(),
        revoked,
        header,
    })
}

/// One decoded entry.
pub(crate) struct Decoded<'a> {
    /// The serial, in canonical form ([`canonical_serial`]).
    pub(crate) serial: &'a [u8],
    pub(crate) entry: Entry,
    /// A critical entry extension this library does not understand (OID).
    pub(crate) unsupported_critical: Option<String>,
    /// The content range of a certificateIssuer extension value (DER
    /// GeneralNames), if the entry has one.
    pub(crate) certificate_issuer: Option<(usize, usize)>,
}

/// The serial of the entry at `pos` (canonical form), without decoding the
/// rest.
fn entry_serial(der: &[u8], pos: usize, limit: usize) -> Result<&[u8], Error> {
    let e = expect(der, pos, limit, SEQUENCE)?;
    let s = expect(der, e.content.0, e.end(), INTEGER)?;
    Ok(canonical_serial(s.content(der)))
}

/// Decodes the entry at `pos`, ending by `limit`.
pub(crate) fn decode_entry(
    der: &[u8],
    pos: usize,
    limit: usize,
) -> Result<(Decoded<'_>, usize), Error> {
    let e = expect(der, pos, limit, SEQUENCE)?;
    let (start, end) = e.content;
    let serial = expect(der, start, end, INTEGER)?;
    if serial.content.0 == serial.content.1 {
        return Err(malformed("empty serial number"));
    }
    let date = read(der, serial.end(), end)?;
    let revoked_at = decode_time(date.tag, date.content(der))?;
    let mut reason = None;
    let mut unsupported_critical = None;
    let mut certificate_issuer = None;
    if date.end() < end {
        let exts = expect(der, date.end(), end, SEQUENCE)?;
        if exts.end() != end {
            return Err(malformed("trailing data in a CRL entry"));
        }
        let mut p = exts.content.0;
        while p < exts.end() {
            let ext = expect(der, p, exts.end(), SEQUENCE)?;
            let oid = expect(der, ext.content.0, ext.end(), OID)?;
            let mut q = oid.end();
            let mut critical = false;
            let next = read(der, q, ext.end())?;
            if next.tag == BOOLEAN {
                critical = next.content(der).first().is_some_and(|&b| b != 0);
                q = next.end();
            }
            let value = expect(der, q, ext.end(), OCTET_STRING)?;
            if value.end() != ext.end() {
                return Err(malformed("trailing data in a CRL entry extension"));
            }
            let oid = oid.content(der);
            if oid == REASON_CODE {
                // CRLReason ::= ENUMERATED (RFC 5280 section 5.3.1).
                let v = value.content(der);
                let code = expect(v, 0, v.len(), ENUMERATED)?;
                let code = match code.content(v) {
                    [c] if code.end() == v.len() => *c,
                    _ => return Err(malformed("malformed reason code")),
                };
                reason = Some(
                    reason_from_code(code)
                        .ok_or_else(|| malformed(format!("unknown reason code {code}")))?,
                );
            } else if oid == CERTIFICATE_ISSUER {
                certificate_issuer = Some(value.content);
            } else if critical && oid != INVALIDITY_DATE && oid != HOLD_INSTRUCTION {
                // Anything else critical is not understood.
                unsupported_critical = Some(crate::asn1::oid_string(oid));
            }
            p = ext.end();
        }
    }
    Ok((
        Decoded {
            serial: canonical_serial(serial.content(der)),
            entry: Entry { revoked_at, reason },
            unsupported_critical,
            certificate_issuer,
        },
        e.end(),
    ))
}

pub(crate) fn reason_from_code(code: u8) -> Option<RevocationReason> {
    Some(match code {
        0 => RevocationReason::Unspecified,
        1 => RevocationReason::KeyCompromise,
        2 => RevocationReason::CaCompromise,
        3 => RevocationReason::AffiliationChanged,
        4 => RevocationReason::Superseded,
        5 => RevocationReason::CessationOfOperation,
        6 => RevocationReason::CertificateHold,
        8 => RevocationReason::RemoveFromCrl,
        9 => RevocationReason::PrivilegeWithdrawn,
        10 => RevocationReason::AaCompromise,
        _ => return None,
    })
}

/// UTCTime `YYMMDDHHMMSSZ` (years 1950-2049) or GeneralizedTime
/// `YYYYMMDDHHMMSSZ` (RFC 5280 section 5.1.2.6 and 4.1.2.5).
fn decode_time(tag: u8, text: &[u8]) -> Result<Time, Error> {
    let bad = || malformed("malformed revocation date");
    let digits = text.strip_suffix(b"Z").ok_or_else(bad)?;
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    let n = |s: &[u8]| s.iter().fold(0i64, |a, &d| a * 10 + i64::from(d - b'0'));
    let (year, rest) = match (tag, digits.len()) {
        (UTC_TIME, 12) => {
            let yy = n(&digits[..2]);
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, &digits[2..])
        }
        (GENERALIZED_TIME, 14) => (n(&digits[..4]), &digits[4..]),
        _ => return Err(bad()),
    };
    let (month, day) = (n(&rest[0..2]), n(&rest[2..4]));
    let (h, m, s) = (n(&rest[4..6]), n(&rest[6..8]), n(&rest[8..10]));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if day < 1 || day > days_in_month || h > 23 || m > 59 || s > 59 {
        return Err(bad());
    }
    Ok(Time::from_unix(
        days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s,
    ))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Serial number -> entry offset, for one CRL's DER.
///
/// A slot is a `u32`: the entry's offset plus one in the low
/// [`OFFSET_BITS`] bits (0 marks an empty slot) and [`TAG_BITS`] more bits
/// of the serial's hash above them, so that a probe passing a slot of
/// another serial almost never has to read that entry from the DER.
#[derive(Debug, Default)]
pub(crate) struct SerialIndex {
    slots: Box<[u32]>,
    len: usize,
    /// Keyed per index (SipHash): serials come from the CRL before its
    /// signature is checked, so colliding serials must not be choosable.
    hasher: std::collections::hash_map::RandomState,
    /// Where the entries end (the end of revokedCertificates).
    limit: usize,
    /// certificateIssuer runs (RFC 5280 5.3.3), in entry order: (offset of
    /// the first entry of the run, content range of its GeneralNames).
    /// Entries before the first run belong to the CRL issuer. Empty for a
    /// CRL without certificateIssuer entries (the usual case).
    segments: Vec<(u32, (u32, u32))>,
}

/// The directory names of a certificateIssuer value (DER GeneralNames);
/// `None` if it does not decode. Other name forms are kept out (they match
/// no certificate issuer).
fn certificate_issuer_names(value: &[u8]) -> Option<Vec<crate::cert::NameKey>> {
    use x509_parser::extensions::GeneralName;
    use x509_parser::prelude::FromDer;
    let seq = expect(value, 0, value.len(), SEQUENCE).ok()?;
    if seq.end() != value.len() || seq.content.0 == seq.content.1 {
        return None;
    }
    let mut rest = &value[seq.content.0..seq.content.1];
    let mut names = Vec::new();
    while !rest.is_empty() {
        let (next, name) = GeneralName::from_der(rest).ok()?;
        if let GeneralName::DirectoryName(n) = name {
            names.push(crate::cert::NameKey::from_name(&n));
        }
        rest = next;
    }
    Some(names)
}

/// Bits of a slot for the offset plus one: CRLs are at most
/// `MAX_INPUT_LEN` (64 MiB, 2^26) bytes.
const OFFSET_BITS: u32 = 27;
const OFFSET_MASK: u32 = (1 << OFFSET_BITS) - 1;
/// Bits of a slot for the hash tag.
const TAG_BITS: u32 = 32 - OFFSET_BITS;

/// What building an index found besides the index.
pub(crate) struct Built {
    pub(crate) index: SerialIndex,
    /// A critical entry extension not understood (makes the CRL unusable).
    pub(crate) unsupported_critical: Option<String>,
}

impl SerialIndex {
    /// Checks every entry of `revoked` (content range of
    /// revokedCertificates in `der`) and indexes it, in one decoding pass
    /// over a table sized from a count of the entries (a walk over their
    /// headers only). Offsets must fit in [`OFFSET_BITS`] bits: inputs are
    /// bounded by `MAX_INPUT_LEN` (64 MiB).
    pub(crate) fn build(der: &[u8], revoked: Option<(usize, usize)>) -> Result<Built, Error> {
        let mut unsupported_critical = None;
        let Some((start, limit)) = revoked else {
            return Ok(Built {
                index: SerialIndex::default(),
                unsupported_critical,
            });
        };
        if limit >= OFFSET_MASK as usize {
            return Err(Error::LimitExceeded {
                what: "CRL size",
                limit: OFFSET_MASK as usize - 1,
            });
        }
        // Count the entries (each one's header only) to size the table.
        let mut count = 0usize;
        let mut pos = start;
        while pos < limit {
            pos = expect(der, pos, limit, SEQUENCE)?.end();
            count += 1;
            if count > MAX_CRL_ENTRIES {
                return Err(Error::LimitExceeded {
                    what: "CRL entries",
                    limit: MAX_CRL_ENTRIES,
                });
            }
        }
        // Load factor at most one half.
        let capacity = (count * 2).next_power_of_two().max(8);
        let mut index = SerialIndex {
            slots: vec![0u32; capacity].into_boxed_slice(),
            len: 0,
            hasher: Default::default(),
            limit,
            segments: Vec::new(),
        };
        // Entries are decoded in batches whose home slots are read before
        // any is inserted: the table is far larger than the caches, and the
        // independent reads overlap their misses instead of taking them one
        // after another.
        const BATCH: usize = 32;
        let mut batch = [(0u32, 0usize, 0u32, 0usize, 0usize); BATCH];
        let mut pos = start;
        let mask = index.slots.len() - 1;
        while pos < limit {
            let mut n = 0;
            while n < BATCH && pos < limit {
                let (d, next) = decode_entry(der, pos, limit)?;
                if let Some(oid) = d.unsupported_critical {
                    unsupported_critical.get_or_insert(oid);
                }
                if let Some((s, e)) = d.certificate_issuer {
                    if certificate_issuer_names(&der[s..e]).is_none() {
                        return Err(malformed("malformed certificateIssuer entry extension"));
                    }
                    let same = index
                        .segments
                        .last()
                        .is_some_and(|&(_, (ps, pe))| der[ps as usize..pe as usize] == der[s..e]);
                    if !same {
                        index.segments.push((pos as u32, (s as u32, e as u32)));
                    }
                }
                let (h, tag) = index.hash(d.serial);
                let serial_at = d.serial.as_ptr() as usize - der.as_ptr() as usize;
                batch[n] = (pos as u32, h & mask, tag, serial_at, d.serial.len());
                n += 1;
                pos = next;
            }
            for &(_, home, ..) in &batch[..n] {
                std::hint::black_box(index.slots[home]);
            }
            for &(off, home, tag, at, len) in &batch[..n] {
                index.insert_at(der, &der[at..at + len], home, tag, off)?;
            }
        }
        Ok(Built {
            index,
            unsupported_critical,
        })
    }

    /// The slot to start probing at and the tag bits of `serial`.
    fn hash(&self, serial: &[u8]) -> (usize, u32) {
        let mut h = self.hasher.build_hasher();
        h.write(serial);
        let h = h.finish();
        let tag = ((h >> (64 - TAG_BITS)) as u32) << OFFSET_BITS;
        (h as usize, tag)
    }

    /// Inserts `serial`, hashed to slot `home` with `tag`, found at `off`
    /// (a later entry for the same serial replaces an earlier one).
    fn insert_at(
        &mut self,
        der: &[u8],
        serial: &[u8],
        home: usize,
        tag: u32,
        off: u32,
    ) -> Result<(), Error> {
        let mask = self.slots.len() - 1;
        let mut i = home & mask;
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = tag | (off + 1);
                    self.len += 1;
                    return Ok(());
                }
                s if s & !OFFSET_MASK == tag => {
                    let at = ((s & OFFSET_MASK) - 1) as usize;
                    if entry_serial(der, at, self.limit)? == serial
                        && self.same_issuer(der, at, off as usize)
                    {
                        self.slots[i] = tag | (off + 1);
                        return Ok(());
                    }
                }
                _ => {}
            }
            i = (i + 1) & mask;
        }
    }

    /// The certificateIssuer run the entry at `offset` belongs to (`None`:
    /// the CRL issuer's).
    fn segment_of(&self, offset: usize) -> Option<(u32, u32)> {
        let n = self
            .segments
            .partition_point(|&(start, _)| start as usize <= offset);
        n.checked_sub(1).map(|i| self.segments[i].1)
    }

    /// Whether the entries at offsets `a` and `b` name the same issuer
    /// (the same certificateIssuer encoding, or both the CRL issuer).
    fn same_issuer(&self, der: &[u8], a: usize, b: usize) -> bool {
        if self.segments.is_empty() {
            return true;
        }
        let bytes = |s: Option<(u32, u32)>| s.map(|(x, y)| &der[x as usize..y as usize]);
        bytes(self.segment_of(a)) == bytes(self.segment_of(b))
    }

    /// Whether any entry carries certificateIssuer.
    pub(crate) fn has_certificate_issuers(&self) -> bool {
        !self.segments.is_empty()
    }

    /// The entry for `serial` whose certificate was issued by `issuer`
    /// (RFC 5280 5.3.3: an entry's issuer is named by its own or the last
    /// preceding certificateIssuer extension, else it is the CRL issuer,
    /// `crl_issuer`).
    pub(crate) fn get_for(
        &self,
        der: &[u8],
        serial: &[u8],
        issuer: &crate::cert::NameKey,
        crl_issuer: &crate::cert::NameKey,
    ) -> Option<Entry> {
        self.probe(der, serial, |at| match self.segment_of(at) {
            None => crl_issuer == issuer,
            Some((x, y)) => certificate_issuer_names(&der[x as usize..y as usize])
                .is_some_and(|names| names.iter().any(|n| n == issuer)),
        })
    }

    /// Number of distinct serials.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The entry for `serial` (canonical form) in `der`, the CRL this index
    /// was built over.
    pub(crate) fn get(&self, der: &[u8], serial: &[u8]) -> Option<Entry> {
        self.probe(der, serial, |_| true)
    }

    /// The first entry for `serial` along its probe sequence whose offset
    /// in `der` `accept`s.
    fn probe(&self, der: &[u8], serial: &[u8], accept: impl Fn(usize) -> bool) -> Option<Entry> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let (h, tag) = self.hash(serial);
        let mut i = h & mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return None;
            }
            if s & !OFFSET_MASK == tag {
                let at = ((s & OFFSET_MASK) - 1) as usize;
                match decode_entry(der, at, self.limit) {
                    Ok((d, _)) if d.serial == serial && accept(at) => return Some(d.entry),
                    Ok(_) => {}
                    // Every indexed entry decoded when the index was built,
                    // over the same immutable bytes; should that ever not
                    // hold, the certificate is reported revoked rather than
                    // passed.
                    Err(_) => {
                        return Some(Entry {
                            revoked_at: Time::from_unix(i64::MIN),
                            reason: None,
                        })
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Bytes held by the index (the slots).
    pub(crate) fn heap_size(&self) -> usize {
        self.slots.len() * std::mem::size_of::<u32>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        let t = decode_time(UTC_TIME, b"250601000000Z").expect("time");
        assert_eq!(t.to_rfc3339(), "2025-06-01T00:00:00Z");
        let t = decode_time(UTC_TIME, b"500101000000Z").expect("time");
        assert_eq!(t.to_rfc3339(), "1950-01-01T00:00:00Z");
        let t = decode_time(GENERALIZED_TIME, b"20500229120000Z");
        assert!(t.is_err(), "2050 is not a leap year");
        let t = decode_time(GENERALIZED_TIME, b"20480229235959Z").expect("leap");
        assert_eq!(t.to_rfc3339(), "2048-02-29T23:59:59Z");
        assert!(decode_time(UTC_TIME, b"2506010000Z").is_err());
        assert!(decode_time(UTC_TIME, b"250601000000+0600").is_err());
        assert!(decode_time(UTC_TIME, b"251301000000Z").is_err());
    }

    #[test]
    fn lengths_are_bounded() {
        assert!(read(&[0x30, 0x05, 0x01], 0, 3).is_err());
        assert!(read(&[0x30, 0x85, 1, 1, 1, 1, 1], 0, 7).is_err());
        assert!(read(&[0x30, 0x80], 0, 2).is_err());
        assert!(read(&[0x1f, 0x01, 0x00], 0, 3).is_err());
        // DER: the long form only for 128 and more, in the fewest octets.
        assert!(read(&[0x30, 0x81, 0x01, 0x05], 0, 4).is_err());
        let mut long = vec![0x30, 0x82, 0x00, 0x80];
        long.extend([0; 0x80]);
        assert!(read(&long, 0, long.len()).is_err());
        let mut long = vec![0x30, 0x81, 0x80];
        long.extend([0; 0x80]);
        let t = read(&long, 0, long.len()).expect("long form");
        assert_eq!(t.content, (3, 3 + 0x80));
    }
}
