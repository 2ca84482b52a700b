//! EMSA-PSS-VERIFY ([RFC 8017] section 9.1.2) with MGF1 ([RFC 8017]
//! appendix B.2.1), for any salt length the signature's parameters state.
//!
//! The caller does the RSA public-key operation (RSAVP1) and gives the
//! result as an octet string of the modulus length; this module does the
//! rest of RSASSA-PSS-VERIFY ([RFC 8017] section 8.1.2, step 2c onwards).
//! Everything here is public data (the signature, the key, the message
//! hash), but every length check of the RFC is made, nothing can panic, and
//! the work is bounded by the modulus length (a salt can never be longer
//! than `emLen - hLen - 2`).
//!
//! [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017#section-9.1.2

// Used by the RustCrypto backend; the aws-lc backend has its own PSS code.
#![cfg_attr(not(feature = "rustcrypto"), allow(dead_code))]

use sha2::Digest;
use subtle::ConstantTimeEq;

use super::HashAlgorithm;
use crate::error::Error;

/// `Hash(parts[0] || parts[1] || ...)` with a SHA hash (`None` for the GOST
/// hashes, never used with PSS).
fn hash_parts(hash: HashAlgorithm, parts: &[&[u8]]) -> Option<Vec<u8>> {
    fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
        let mut d = D::new();
        for p in parts {
            d.update(p);
        }
        d.finalize().to_vec()
    }
    match hash {
        HashAlgorithm::Sha1 => Some(run::<sha1::Sha1>(parts)),
        HashAlgorithm::Sha256 => Some(run::<sha2::Sha256>(parts)),
        HashAlgorithm::Sha384 => Some(run::<sha2::Sha384>(parts)),
        HashAlgorithm::Sha512 => Some(run::<sha2::Sha512>(parts)),
        _ => None,
    }
}

/// `out ^= MGF1(seed, out.len())` ([RFC 8017] appendix B.2.1).
///
/// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017#appendix-B.2.1
fn mgf1_xor(hash: HashAlgorithm, seed: &[u8], out: &mut [u8]) -> Option<()> {
    let h_len = hash.output_len();
    for (counter, chunk) in out.chunks_mut(h_len).enumerate() {
        // At most 1024 / 20 chunks: the counter always fits 32 bits.
        let c = u32::try_from(counter).ok()?.to_be_bytes();
        let block = hash_parts(hash, &[seed, &c])?;
        for (o, m) in chunk.iter_mut().zip(block.iter()) {
            *o ^= m;
        }
    }
    Some(())
}

/// RSASSA-PSS-VERIFY from step 2c ([RFC 8017] section 8.1.2) with
/// EMSA-PSS-VERIFY ([RFC 8017] section 9.1.2).
///
/// * `m_hash`: `Hash(M)`, the message digest (must be `hLen` long);
/// * `em_k`: the RSAVP1 result `m` as an octet string of exactly the
///   modulus length `k`;
/// * `mod_bits`: the modulus length in bits (`emBits = modBits - 1`);
/// * `hash`: the hash, used by MGF1 too;
/// * `s_len`: the salt length stated in the parameters.
///
/// # Errors
///
/// [`Error::InvalidSignature`] when the encoding is inconsistent (any check
/// of the RFC fails), including a salt length that cannot fit the modulus.
///
/// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017#section-9.1.2
pub(crate) fn verify(
    m_hash: &[u8],
    em_k: &[u8],
    mod_bits: usize,
    hash: HashAlgorithm,
    s_len: usize,
) -> Result<(), Error> {
    check(m_hash, em_k, mod_bits, hash, s_len).ok_or(Error::InvalidSignature)
}

/// [`verify`] with `None` for "inconsistent".
fn check(
    m_hash: &[u8],
    em_k: &[u8],
    mod_bits: usize,
    hash: HashAlgorithm,
    s_len: usize,
) -> Option<()> {
    // RFC 8017 8.1.2 step 2c: emLen = ceil((modBits - 1) / 8); EM =
    // I2OSP(m, emLen), which fails if m does not fit emLen octets (when
    // modBits = 1 mod 8, emLen is one octet less than k: that octet must
    // be zero).
    let em_bits = mod_bits.checked_sub(1)?;
    let em_len = em_bits.div_ceil(8);
    let k = mod_bits.div_ceil(8);
    if em_k.len() != k {
        return None;
    }
    let (high, em) = em_k.split_at(k.checked_sub(em_len)?);
    if high.iter().any(|&b| b != 0) {
        return None;
    }
    // 9.1.2 step 2: mHash is hLen octets.
    let h_len = hash.output_len();
    if m_hash.len() != h_len {
        return None;
    }
    // Step 3: emLen >= hLen + sLen + 2 (bounds the salt length).
    if em_len < h_len.checked_add(s_len)?.checked_add(2)? {
        return None;
    }
    // Step 4: the rightmost octet is 0xbc.
    let (&last, body) = em.split_last()?;
    if last != 0xbc {
        return None;
    }
    // Step 5: maskedDB (emLen - hLen - 1 octets), then H (hLen octets).
    let db_len = em_len.checked_sub(h_len)?.checked_sub(1)?;
    let (masked_db, h) = body.split_at_checked(db_len)?;
    if h.len() != h_len {
        return None;
    }
    // Step 6: the leftmost 8 * emLen - emBits bits of maskedDB are zero.
    let zero_bits = em_len.checked_mul(8)?.checked_sub(em_bits)?;
    if zero_bits > 7 {
        return None;
    }
    let low_mask = 0xffu8 >> zero_bits;
    if masked_db.first()? & !low_mask != 0 {
        return None;
    }
    // Steps 7-8: DB = maskedDB xor MGF1(H, emLen - hLen - 1).
    let mut db = masked_db.to_vec();
    mgf1_xor(hash, h, &mut db)?;
    // Step 9: clear the leftmost 8 * emLen - emBits bits of DB.
    *db.first_mut()? &= low_mask;
    // Step 10: DB = PS (zeros, emLen - hLen - sLen - 2 octets) || 0x01 || salt.
    let ps_len = db_len.checked_sub(s_len)?.checked_sub(1)?;
    let (ps, rest) = db.split_at_checked(ps_len)?;
    let (&one, salt) = rest.split_first()?;
    let ps_zero = ps.iter().fold(0u8, |acc, &b| acc | b) == 0;
    // Step 11: the salt is the last sLen octets of DB.
    if salt.len() != s_len {
        return None;
    }
    // Steps 12-13: H' = Hash(0x00 * 8 || mHash || salt).
    let h_prime = hash_parts(hash, &[&[0u8; 8], m_hash, salt])?;
    // Step 14: H = H'.
    let same: bool = h_prime.as_slice().ct_eq(h).into();
    (ps_zero && one == 0x01 && same).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// EMSA-PSS-ENCODE (RFC 8017 section 9.1.1), for the tests only.
    fn encode(m_hash: &[u8], mod_bits: usize, hash: HashAlgorithm, salt: &[u8]) -> Vec<u8> {
        let em_bits = mod_bits - 1;
        let em_len = em_bits.div_ceil(8);
        let h_len = hash.output_len();
        let h = hash_parts(hash, &[&[0u8; 8], m_hash, salt]).expect("sha");
        let mut db = vec![0u8; em_len - salt.len() - h_len - 2];
        db.push(1);
        db.extend_from_slice(salt);
        mgf1_xor(hash, &h, &mut db).expect("mgf1");
        db[0] &= 0xff >> (8 * em_len - em_bits);
        let mut em = vec![0u8; mod_bits.div_ceil(8) - em_len];
        em.extend(db);
        em.extend(h);
        em.push(0xbc);
        em
    }

    #[test]
    fn round_trips_every_salt_length_and_odd_sizes() {
        let m_hash = hash_parts(HashAlgorithm::Sha256, &[b"m"]).expect("sha");
        for mod_bits in [2048usize, 2049, 2055, 2056, 3072] {
            let em_len = (mod_bits - 1).div_ceil(8);
            let max = em_len - 32 - 2;
            for s_len in [0usize, 1, 20, 32, 64, max] {
                let salt = vec![0x5a; s_len];
                let em = encode(&m_hash, mod_bits, HashAlgorithm::Sha256, &salt);
                assert_eq!(
                    verify(&m_hash, &em, mod_bits, HashAlgorithm::Sha256, s_len),
                    Ok(()),
                    "{mod_bits} bits, salt {s_len}"
                );
                // Any other stated salt length is inconsistent.
                for other in [s_len.wrapping_sub(1), s_len + 1, 32, max + 1, usize::MAX] {
                    if other != s_len {
                        assert_eq!(
                            verify(&m_hash, &em, mod_bits, HashAlgorithm::Sha256, other),
                            Err(Error::InvalidSignature),
                            "{mod_bits} bits, salt {s_len} checked as {other}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn refuses_every_inconsistency() {
        let hash = HashAlgorithm::Sha256;
        let m_hash = hash_parts(hash, &[b"m"]).expect("sha");
        let em = encode(&m_hash, 2049, hash, &[7; 32]);
        assert_eq!(verify(&m_hash, &em, 2049, hash, 32), Ok(()));
        let bad = |f: &dyn Fn(&mut Vec<u8>)| {
            let mut e = em.clone();
            f(&mut e);
            verify(&m_hash, &e, 2049, hash, 32)
        };
        // The octet above emLen (modBits = 1 mod 8) must be zero.
        assert_eq!(bad(&|e| e[0] = 1), Err(Error::InvalidSignature));
        // Trailer 0xbc.
        assert_eq!(
            bad(&|e| *e.last_mut().expect("em") = 0xbd),
            Err(Error::InvalidSignature)
        );
        // H.
        assert_eq!(
            bad(&|e| {
                let i = e.len() - 2;
                e[i] ^= 1
            }),
            Err(Error::InvalidSignature)
        );
        // maskedDB (changes PS or the salt).
        assert_eq!(bad(&|e| e[10] ^= 1), Err(Error::InvalidSignature));
        // Wrong lengths of EM and mHash, an empty EM, zero modulus bits.
        assert_eq!(
            bad(&|e| e.truncate(e.len() - 1)),
            Err(Error::InvalidSignature)
        );
        assert_eq!(bad(&|e| e.push(0)), Err(Error::InvalidSignature));
        assert_eq!(
            verify(&m_hash[..31], &em, 2049, hash, 32),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            verify(&m_hash, &[], 2049, hash, 32),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            verify(&m_hash, &[], 0, hash, 32),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            verify(&m_hash, &[0xbc], 1, hash, 0),
            Err(Error::InvalidSignature)
        );
        // A GOST hash is not a PSS hash.
        assert_eq!(
            verify(&m_hash, &em, 2049, HashAlgorithm::Streebog256, 32),
            Err(Error::InvalidSignature)
        );
        // 2048 bits: the top bit of maskedDB must be zero.
        let em = encode(&m_hash, 2048, hash, &[]);
        assert_eq!(verify(&m_hash, &em, 2048, hash, 0), Ok(()));
        let mut e = em.clone();
        e[0] |= 0x80;
        assert_eq!(
            verify(&m_hash, &e, 2048, hash, 0),
            Err(Error::InvalidSignature)
        );
    }
}
