//! CRLs built in Rust for the online tests: any number, dates and entries,
//! signed by a demo CA's key (or another key, for "another CA's CRL").

use super::der::*;

/// A revoked entry: raw serial content, revocation time, CRLReason.
pub struct Revoked {
    pub serial: Vec<u8>,
    pub at: i64,
    pub reason: Option<u8>,
}

/// A CRL (DER) of `issuer`, signed with `key`: number, thisUpdate,
/// nextUpdate, entries, and deltaCRLIndicator `delta_base` if given.
pub fn build(
    issuer: &qoltanba::Certificate,
    key: &dyn qoltanba::Signer,
    number: u64,
    this_update: i64,
    next_update: i64,
    revoked: &[Revoked],
    delta_base: Option<u64>,
) -> Vec<u8> {
    let rsa = matches!(key.algorithm(), qoltanba::SignatureAlgorithm::RsaPkcs1(_));
    let (name, _) = subject_and_key(issuer);
    let uint = |v: u64| {
        let b = v.to_be_bytes();
        let skip = b.iter().take_while(|&&x| x == 0).count().min(7);
        int(&b[skip..])
    };
    let mut tbs = vec![
        int(&[1]),
        signature_alg(rsa),
        name,
        utc_time(this_update),
        utc_time(next_update),
    ];
    if !revoked.is_empty() {
        tbs.push(seq(&revoked
            .iter()
            .map(|r| {
                let mut e = vec![tlv(0x02, &r.serial), utc_time(r.at)];
                if let Some(code) = r.reason {
                    e.push(seq(&[extension("2.5.29.21", false, &tlv(0x0a, &[code]))]));
                }
                seq(&e)
            })
            .collect::<Vec<_>>()));
    }
    let mut exts = vec![
        extension("2.5.29.35", false, &seq(&[tlv(0x80, &ski(issuer))])),
        extension("2.5.29.20", false, &uint(number)),
    ];
    if let Some(base) = delta_base {
        exts.push(extension("2.5.29.27", true, &uint(base)));
    }
    tbs.push(tlv(0xa0, &seq(&exts)));
    let tbs = seq(&tbs);
    let sig = key.sign(&tbs).expect("signs");
    seq(&[tbs, signature_alg(rsa), bits(&sig)])
}
