//! A test OCSP responder for the online tests: reads the request's CertID
//! and nonce, answers as the demo CA "DEMO NCA (RSA)" (its own key, RFC
//! 6960 4.2.2.2), echoing the CertID and the nonce, or a fault.

use super::der::*;
use super::{cert, key};
use qoltanba::Signer;

/// What the responder answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// good, or revoked for the serials in `revoked`.
    Answer,
    /// responseStatus tryLater (3).
    TryLater,
    /// responseStatus unauthorized (6).
    Unauthorized,
    /// Garbage bytes.
    Malformed,
    /// A good answer with another nonce (a replayed or misrouted answer).
    WrongNonce,
}

/// (tag, content, rest) of the first TLV of `d` (short and long lengths).
pub fn split(d: &[u8]) -> (u8, &[u8], &[u8]) {
    let tag = d[0];
    let (len, start) = if d[1] < 0x80 {
        (d[1] as usize, 2)
    } else {
        let n = (d[1] & 0x7f) as usize;
        let mut l = 0usize;
        for b in &d[2..2 + n] {
            l = (l << 8) | *b as usize;
        }
        (l, 2 + n)
    };
    (tag, &d[start..start + len], &d[start + len..])
}

/// The CertID (whole TLV), the serial, and the nonce of an OCSPRequest.
pub fn read_request(der: &[u8]) -> (Vec<u8>, Vec<u8>, Option<Vec<u8>>) {
    let (_, req, _) = split(der);
    let (_, tbs, _) = split(req);
    let mut rest = tbs;
    let mut cert_id = Vec::new();
    let mut serial = Vec::new();
    let mut nonce = None;
    while !rest.is_empty() {
        let (tag, content, next) = split(rest);
        match tag {
            0x30 => {
                let (_, request, _) = split(content);
                let (_, id, _) = split(request);
                cert_id = seq(&[id.to_vec()]);
                // hashAlgorithm, issuerNameHash, issuerKeyHash, serial
                let (_, _, r) = split(id);
                let (_, _, r) = split(r);
                let (_, _, r) = split(r);
                let (_, s, _) = split(r);
                serial = s.to_vec();
            }
            0xa2 => {
                let (_, exts, _) = split(content);
                let (_, ext, _) = split(exts);
                let (_, _, value) = split(ext);
                let (_, octets, _) = split(value);
                let (_, n, _) = split(octets);
                nonce = Some(n.to_vec());
            }
            _ => {}
        }
        rest = next;
    }
    (cert_id, serial, nonce)
}

/// The answer to `request` in `mode`, fresh around 2025-06-01 (thisUpdate
/// 2025-05-31T23:00Z, nextUpdate 2025-06-02). `revoked` serials (raw
/// content) are revoked at 2025-04-01, keyCompromise.
pub fn respond(request: &[u8], mode: Mode, revoked: &[Vec<u8>]) -> Vec<u8> {
    match mode {
        Mode::TryLater => return seq(&[tlv(0x0a, &[3])]),
        Mode::Unauthorized => return seq(&[tlv(0x0a, &[6])]),
        Mode::Malformed => return b"\x30\x03\x0a\x01".to_vec(),
        _ => {}
    }
    let (cert_id, serial, nonce) = read_request(request);
    let this_update = 1_748_732_400; // 2025-05-31T23:00:00Z
    let next_update = 1_748_822_400; // 2025-06-02T00:00:00Z
    let status = if revoked.contains(&serial) {
        tlv(
            0xa1,
            &[
                generalized_time(1_743_465_600),
                tlv(0xa0, &[0x0a, 0x01, 0x01]),
            ]
            .concat(),
        )
    } else {
        vec![0x80, 0x00]
    };
    let single = seq(&[
        cert_id,
        status,
        generalized_time(this_update),
        tlv(0xa0, &generalized_time(next_update)),
    ]);
    let ca = cert("nca-rsa");
    let mut tbs = vec![
        tlv(0xa1, &subject_and_key(&ca).0),
        generalized_time(this_update),
        seq(&[single]),
    ];
    let nonce = match (mode, nonce) {
        (Mode::WrongNonce, _) => Some(vec![0x42; 32]),
        (_, n) => n,
    };
    if let Some(n) = nonce {
        tbs.push(tlv(
            0xa1,
            &seq(&[extension("1.3.6.1.5.5.7.48.1.2", false, &octets(&n))]),
        ));
    }
    let tbs = seq(&tbs);
    let signer = key("nca-rsa");
    let basic = seq(&[
        tbs.clone(),
        signature_alg(true),
        bits(&signer.sign(&tbs).expect("signs")),
    ]);
    seq(&[
        tlv(0x0a, &[0]),
        tlv(0xa0, &seq(&[oid("1.3.6.1.5.5.7.48.1.1"), octets(&basic)])),
    ])
}
