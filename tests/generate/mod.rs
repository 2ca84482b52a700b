//! Reproducible bulk material for tests and benchmarks (issue 6): signed
//! 2 KB documents from the demo PKI's leaves, and CRLs of any number of
//! entries signed by a demo CA, written with a small DER writer. Fixed
//! dates and a fixed seed: the same input always gives the same bytes
//! (RSA PKCS #1 v1.5 signatures are deterministic; ECDSA ones are not, but
//! they verify the same). Nothing large is committed.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use qoltanba::{sign_document, Certificate, Error, SignOptions, Signer, Time};

/// One DER element (X.690 definite length).
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (8 - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// The subject Name (DER) of a certificate: the sixth field of its
/// tbsCertificate (after [0] version, serial, signature, issuer, validity).
pub fn subject_name(cert: &Certificate) -> Vec<u8> {
    let tbs = cert.tbs();
    let (_, body) = read(tbs);
    let mut rest = body;
    let mut i = 0;
    loop {
        let (elem, content_start) = split_first(rest);
        let _ = content_start;
        let tag = elem[0];
        // Skip the optional [0] version.
        if i == 0 && tag == 0xa0 {
            rest = &rest[elem.len()..];
            continue;
        }
        if i == 4 {
            return elem.to_vec();
        }
        rest = &rest[elem.len()..];
        i += 1;
    }
}

/// (whole first element, its content) of `der`.
fn read(der: &[u8]) -> (&[u8], &[u8]) {
    let (elem, start) = split_first(der);
    (elem, &elem[start..])
}

fn split_first(der: &[u8]) -> (&[u8], usize) {
    let first = der[1];
    let (len, header) = if first < 0x80 {
        (first as usize, 2)
    } else {
        let n = (first & 0x7f) as usize;
        let mut len = 0;
        for b in &der[2..2 + n] {
            len = (len << 8) | *b as usize;
        }
        (len, 2 + n)
    };
    (&der[..header + len], header)
}

/// splitmix64: the serial numbers' source.
pub struct Serials(u64);

impl Serials {
    pub fn new(seed: u64) -> Self {
        Serials(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A positive 20-byte serial (the national CA's length), minimal DER.
    pub fn next_serial(&mut self) -> Vec<u8> {
        let mut s = Vec::with_capacity(24);
        for _ in 0..3 {
            s.extend_from_slice(&self.next_u64().to_be_bytes());
        }
        s.truncate(20);
        s[0] = (s[0] & 0x7f) | 0x10;
        s
    }
}

const SHA256_RSA: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00,
];
const ECDSA_SHA256: &[u8] = &[
    0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
];

fn utc(time: Time) -> Vec<u8> {
    // YYMMDDHHMMSSZ from RFC 3339 text.
    let t = time.to_rfc3339();
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    tlv(0x17, format!("{}Z", &digits[2..14]).as_bytes())
}

/// A CRL description.
pub struct CrlSpec {
    pub entries: usize,
    pub seed: u64,
    /// Extra entries: (serial content octets, reason code).
    pub extra: Vec<(Vec<u8>, Option<u8>)>,
    pub this_update: Time,
    pub next_update: Time,
    pub number: u32,
    /// A delta CRL: the base CRL number of its deltaCRLIndicator.
    pub delta_base: Option<u32>,
}

impl CrlSpec {
    /// `entries` generated entries, thisUpdate 2025-05-01, nextUpdate
    /// 2025-07-01 (the demo PKI's validation time is 2025-06-01).
    pub fn new(entries: usize) -> Self {
        CrlSpec {
            entries,
            seed: 6,
            extra: Vec::new(),
            this_update: Time::parse_rfc3339("2025-05-01T00:00:00Z").unwrap(),
            next_update: Time::parse_rfc3339("2025-07-01T00:00:00Z").unwrap(),
            number: 1,
            delta_base: None,
        }
    }
}

fn entry(serial: &[u8], date: &[u8], reason: Option<u8>) -> Vec<u8> {
    let serial = tlv(0x02, serial);
    match reason {
        None => seq(&[&serial, date]),
        Some(code) => {
            let ext = seq(&[
                &tlv(0x06, &[0x55, 0x1d, 0x15]),
                &tlv(0x04, &tlv(0x0a, &[code])),
            ]);
            seq(&[&serial, date, &seq(&[&ext])])
        }
    }
}

/// A DER INTEGER of `n`.
fn integer(n: u32) -> Vec<u8> {
    let mut b = vec![0u8];
    b.extend_from_slice(&n.to_be_bytes());
    let skip = b
        .windows(2)
        .take_while(|w| w[0] == 0 && w[1] < 0x80)
        .count();
    tlv(0x02, &b[skip..])
}

/// A v2 CRL signed by `issuer` with `key`. One generated entry in four
/// carries a reasonCode (keyCompromise), as in real CRLs: a 1M-entry CRL
/// is about 42.5 MB.
pub fn crl(issuer: &Certificate, key: &dyn Signer, spec: &CrlSpec) -> Result<Vec<u8>, Error> {
    let rsa = matches!(key.algorithm(), qoltanba::SignatureAlgorithm::RsaPkcs1(_));
    let alg = if rsa { SHA256_RSA } else { ECDSA_SHA256 };
    let date = utc(Time::parse_rfc3339("2025-04-15T10:00:00Z").unwrap());
    let mut serials = Serials::new(spec.seed);
    let mut revoked = Vec::with_capacity(spec.entries * 43 + 64);
    for i in 0..spec.entries {
        let reason = (i % 4 == 0).then_some(1);
        revoked.extend_from_slice(&entry(&serials.next_serial(), &date, reason));
    }
    for (serial, reason) in &spec.extra {
        revoked.extend_from_slice(&entry(serial, &date, *reason));
    }
    let crl_number = seq(&[
        &tlv(0x06, &[0x55, 0x1d, 0x14]),
        &tlv(0x04, &integer(spec.number)),
    ]);
    let mut exts = vec![crl_number];
    if let Some(base) = spec.delta_base {
        // deltaCRLIndicator (RFC 5280 5.2.4), critical.
        exts.push(seq(&[
            &tlv(0x06, &[0x55, 0x1d, 0x1b]),
            &[0x01, 0x01, 0xff],
            &tlv(0x04, &integer(base)),
        ]));
    }
    let exts: Vec<&[u8]> = exts.iter().map(Vec::as_slice).collect();
    let extensions = tlv(0xa0, &seq(&exts));
    let mut tbs_parts: Vec<Vec<u8>> = vec![
        tlv(0x02, &[1]),
        alg.to_vec(),
        subject_name(issuer),
        utc(spec.this_update),
        utc(spec.next_update),
    ];
    if !revoked.is_empty() {
        tbs_parts.push(tlv(0x30, &revoked));
    }
    tbs_parts.push(extensions);
    let tbs = tlv(0x30, &tbs_parts.concat());
    let signature = key.sign(&tbs)?;
    let mut bits = vec![0u8];
    bits.extend_from_slice(&signature);
    Ok(seq(&[&tbs, alg, &tlv(0x03, &bits)]))
}

/// The 2 KB content of document `i`.
pub fn content(i: usize) -> Vec<u8> {
    let mut c = format!("{{\"request\":{i},\"text\":\"").into_bytes();
    while c.len() < 2046 {
        c.push(b'a' + (c.len() % 26) as u8);
    }
    c.extend_from_slice(b"\"}");
    c
}

/// `n` attached-content CAdES-BES documents signed by `leaf` with `key`,
/// signingTime 2025-06-01.
pub fn documents(n: usize, leaf: &Certificate, key: &dyn Signer) -> Result<Vec<Vec<u8>>, Error> {
    let time = Time::parse_rfc3339("2025-06-01T00:00:00Z").unwrap();
    (0..n)
        .map(|i| sign_document(&content(i), key, leaf, &SignOptions::at(time)))
        .collect()
}

/// Resident memory of this process now and at its peak, in bytes (Linux
/// `/proc/self/status` VmRSS and VmHWM), if readable.
pub fn rss() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}
