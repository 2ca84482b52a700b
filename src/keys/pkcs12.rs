//! PKCS#12 ([RFC 7292]): a private key with its certificate and chain.
//!
//! The national CA's files are BER (indefinite lengths inside the
//! authenticated safe), with a SHA-1 HMAC, the key in a
//! pkcs8ShroudedKeyBag under pbeWithSHAAnd3-KeyTripleDES-CBC and the
//! certificates in an EncryptedData under pbeWithSHAAnd40BitRC2-CBC; files
//! made by current OpenSSL use PBES2 (PBKDF2-HMAC-SHA256 + AES-CBC) and a
//! SHA-256 HMAC. All of these are read.
//!
//! The structure is walked with the crate's BER normaliser and DER reader
//! (`crate::asn1::ber`) rather than the RustCrypto `pkcs12`/`cms` types: the
//! `[0] IMPLICIT OCTET STRING` of an EncryptedContentInfo arrives
//! constructed and segmented in these BER files, and only a schema-aware
//! decoder can turn it back into the primitive form those DER types
//! require. The cryptographic pieces come from well-kept crates: the
//! RFC 7292 appendix B key derivation from `pkcs12` (feature `kdf`), PBES2
//! from `pkcs5`, HMAC from `hmac`, 3DES from `des`, RC2 from `rc2`, CBC
//! from `cbc`.
//!
//! [RFC 7292]: https://www.rfc-editor.org/rfc/rfc7292

use cbc::cipher::{block_padding::Pkcs7, BlockDecryptMut, InnerIvInit, KeyIvInit};
use hmac::{Hmac, Mac};
use pkcs12::kdf::{derive_key_utf8, Pkcs12KeyType};
use zeroize::Zeroizing;

use super::SigningKey;
use crate::asn1::ber::{self, Reader};
use crate::cert::Certificate;
use crate::error::Error;

/// Most key-derivation work one file may ask for, summed over every
/// derivation it needs (the MAC key, each encrypted bag's key and IV): hash
/// iterations times output blocks, PBKDF2's HMAC counted as two hashes. The
/// iteration counts come from the file, and a hostile file's author knows
/// its password, so its MAC verifies and every bag is derived: without a
/// bound per file, 256 shrouded key bags of 10 million iterations each
/// (3DES: key and IV, 30 million SHA-1 iterations a bag) ran for about
/// eight minutes. Real files need a few thousand (OpenSSL writes 2048
/// per derivation, the national CA 1024); Bouncy Castle's default of
/// 600,000 per derivation costs 1.8 to 3.6 million here. At the bound a
/// file costs at most about two seconds of one core (release build).
const MAX_KDF_WORK: u64 = 10_000_000;

/// The name of [`MAX_KDF_WORK`] in [`Error::LimitExceeded`].
const KDF_WORK: &str = "PKCS#12 key-derivation work (hash iterations, whole file)";

/// The password and what remains of the file's [`MAX_KDF_WORK`].
struct Unlock<'p> {
    password: &'p str,
    kdf_left: u64,
}

impl Unlock<'_> {
    /// Charges one derivation of `out_len` bytes with a hash of `hash_len`
    /// bytes (`hashes_per_iteration`: 1 for the PKCS#12 KDF, 2 for
    /// PBKDF2-HMAC) before it runs.
    fn charge(
        &mut self,
        iterations: u64,
        out_len: usize,
        hash_len: usize,
        hashes_per_iteration: u64,
    ) -> Result<(), Error> {
        let blocks = out_len.div_ceil(hash_len.max(1)) as u64;
        let cost = iterations
            .saturating_mul(blocks)
            .saturating_mul(hashes_per_iteration);
        if cost > self.kdf_left {
            return Err(Error::LimitExceeded {
                what: KDF_WORK,
                limit: MAX_KDF_WORK as usize,
            });
        }
        self.kdf_left -= cost;
        Ok(())
    }
}

/// Most bags read from one file.
const MAX_BAGS: usize = 256;

mod oid {
    /// id-data 1.2.840.113549.1.7.1
    pub(super) const DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
    /// id-encryptedData 1.2.840.113549.1.7.6
    pub(super) const ENCRYPTED_DATA: &[u8] =
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x06];
    /// keyBag 1.2.840.113549.1.12.10.1.1
    pub(super) const KEY_BAG: &[u8] = &[
        0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x01,
    ];
    /// pkcs8ShroudedKeyBag 1.2.840.113549.1.12.10.1.2
    pub(super) const SHROUDED_KEY_BAG: &[u8] = &[
        0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x02,
    ];
    /// certBag 1.2.840.113549.1.12.10.1.3
    pub(super) const CERT_BAG: &[u8] = &[
        0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x03,
    ];
    /// x509Certificate 1.2.840.113549.1.9.22.1
    pub(super) const X509_CERTIFICATE: &[u8] =
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x16, 0x01];
    /// localKeyId 1.2.840.113549.1.9.21
    pub(super) const LOCAL_KEY_ID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x15];
    /// friendlyName 1.2.840.113549.1.9.20
    pub(super) const FRIENDLY_NAME: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x14];
    /// pbeWithSHAAnd128BitRC2-CBC 1.2.840.113549.1.12.1.5
    pub(super) const PBE_SHA_RC2_128: &[u8] =
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x05];
    /// pbeWithSHAAnd40BitRC2-CBC 1.2.840.113549.1.12.1.6
    pub(super) const PBE_SHA_RC2_40: &[u8] =
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x06];
    /// pbeWithSHAAnd3-KeyTripleDES-CBC 1.2.840.113549.1.12.1.3
    pub(super) const PBE_SHA_3DES: &[u8] =
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03];
    /// pbeWithSHAAnd2-KeyTripleDES-CBC 1.2.840.113549.1.12.1.4
    pub(super) const PBE_SHA_2DES: &[u8] =
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x04];
    /// id-PBES2 1.2.840.113549.1.5.13
    pub(super) const PBES2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
    /// sha1 1.3.14.3.2.26
    pub(super) const SHA1: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
    /// sha256 2.16.840.1.101.3.4.2.1
    pub(super) const SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
    /// sha384 2.16.840.1.101.3.4.2.2
    pub(super) const SHA384: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02];
    /// sha512 2.16.840.1.101.3.4.2.3
    pub(super) const SHA512: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03];
}

fn malformed(detail: impl Into<String>) -> Error {
    Error::Malformed {
        what: "PKCS#12",
        detail: detail.into(),
    }
}

fn unsupported(detail: impl Into<String>) -> Error {
    Error::UnsupportedPrivateKey {
        detail: detail.into(),
    }
}

/// Maps the DER reader's errors (which name CMS) to PKCS#12 ones.
fn bad(what: &'static str) -> impl Fn(Error) -> Error {
    move |e| match e {
        Error::Malformed { detail, .. } => malformed(format!("{what}: {detail}")),
        other => other,
    }
}

/// A private key with its certificate and the other certificates that came
/// with it (normally the issuing CA chain), from a PKCS#12 file.
#[derive(Debug)]
pub struct KeyBundle {
    key: SigningKey,
    certificate: Certificate,
    chain: Vec<Certificate>,
    alias: Option<String>,
}

impl KeyBundle {
    /// Opens a PKCS#12 file ([RFC 7292]), DER or BER: checks its integrity
    /// MAC with `password`, decrypts the key and certificate bags, and pairs
    /// the key with its certificate (the one with the key's localKeyId, or
    /// else the one whose public key is the key's).
    ///
    /// Supported: HMAC with SHA-1, SHA-256, SHA-384 or SHA-512 (RFC 7292
    /// appendix B key derivation); pbeWithSHAAnd3-KeyTripleDES-CBC,
    /// pbeWithSHAAnd2-KeyTripleDES-CBC, pbeWithSHAAnd40BitRC2-CBC,
    /// pbeWithSHAAnd128BitRC2-CBC and PBES2 with PBKDF2 and AES-CBC
    /// ([RFC 8018]); unencrypted key and certificate bags. A file without a
    /// MAC is refused (fail closed: nothing would tell a wrong password
    /// from a damaged file). The private key is any
    /// [`SigningKey::from_pkcs8`] reads.
    ///
    /// # Errors
    ///
    /// * [`Error::WrongPassword`] if the MAC does not verify;
    /// * [`Error::KeyCertificateMismatch`] if the key's certificate does not
    ///   hold the key's public half (or no certificate does);
    /// * [`Error::Malformed`] (`what: "PKCS#12"`) for a damaged file, none or
    ///   several private keys, or no certificate;
    /// * [`Error::UnsupportedPrivateKey`] for other MAC or encryption
    ///   algorithms; the errors of [`SigningKey::from_pkcs8`] for the key;
    /// * [`Error::LimitExceeded`] for more than 256 bags, or a file whose
    ///   key derivations would cost more than 10,000,000 hash iterations in
    ///   all (iteration counts times output blocks, summed over the MAC key
    ///   and every encrypted bag; checked before each derivation runs).
    ///
    /// [RFC 7292]: https://www.rfc-editor.org/rfc/rfc7292
    /// [RFC 8018]: https://www.rfc-editor.org/rfc/rfc8018#section-6.2
    pub fn from_pkcs12(bytes: &[u8], password: &str) -> Result<Self, Error> {
        let mut unlock = Unlock {
            password,
            kdf_left: MAX_KDF_WORK,
        };
        let bags = read_pfx(bytes, &mut unlock)?;
        let mut keys = Vec::new();
        let mut certs = Vec::new();
        for bag in bags {
            match bag {
                Bag::Key { pkcs8, attributes } => keys.push((pkcs8, attributes)),
                Bag::Cert { der, attributes } => certs.push((der, attributes.key_id)),
            }
        }
        let (pkcs8, BagAttributes { key_id, alias }) = match keys.len() {
            0 => return Err(malformed("no private key")),
            1 => keys.remove(0),
            n => return Err(malformed(format!("{n} private keys (one is supported)"))),
        };
        let key = SigningKey::from_pkcs8_der(&pkcs8)?;
        let mut parsed = Vec::with_capacity(certs.len());
        for (der, id) in certs {
            parsed.push((Certificate::from_der(&der)?, id));
        }
        if parsed.is_empty() {
            return Err(malformed("no certificate"));
        }
        // The certificate named by the key's localKeyId, else the one that
        // holds the key's public half.
        let index = key_id
            .as_ref()
            .and_then(|id| parsed.iter().position(|(_, c)| c.as_ref() == Some(id)))
            .or_else(|| {
                parsed
                    .iter()
                    .position(|(c, _)| key.check_certificate(c).is_ok())
            })
            .unwrap_or(0);
        let (certificate, _) = parsed.remove(index);
        key.check_certificate(&certificate)?;
        Ok(KeyBundle {
            key,
            certificate,
            chain: parsed.into_iter().map(|(c, _)| c).collect(),
            alias,
        })
    }

    /// The key's alias: its bag's friendlyName attribute, the name Java's
    /// `KeyStore` (and so the national provider's tools) list the key by;
    /// None if the file gives none.
    pub fn alias(&self) -> Option<&str> {
        self.alias.as_deref()
    }

    /// The private key.
    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    /// The key's certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// The other certificates of the file (the chain, in file order).
    pub fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    /// The key, its certificate and the chain.
    pub fn into_parts(self) -> (SigningKey, Certificate, Vec<Certificate>) {
        (self.key, self.certificate, self.chain)
    }
}

/// A bag that matters: a decrypted private key or a certificate, with its
/// localKeyId attribute.
enum Bag {
    Key {
        pkcs8: Zeroizing<Vec<u8>>,
        attributes: BagAttributes,
    },
    Cert {
        der: Vec<u8>,
        attributes: BagAttributes,
    },
}

/// The bag attributes read: localKeyId (pairs a key with its certificate)
/// and friendlyName (the alias).
#[derive(Default)]
struct BagAttributes {
    key_id: Option<Vec<u8>>,
    alias: Option<String>,
}

/// ```text
/// PFX ::= SEQUENCE {
///   version   INTEGER {v3(3)}(v3,...),
///   authSafe  ContentInfo,
///   macData   MacData OPTIONAL }
/// ```
fn read_pfx(bytes: &[u8], unlock: &mut Unlock<'_>) -> Result<Vec<Bag>, Error> {
    let pfx = ber::normalize(bytes).map_err(bad("PFX"))?;
    let mut outer = Reader::new(&pfx);
    let body = outer.expect(ber::SEQUENCE).map_err(bad("PFX"))?;
    outer.finish("PFX").map_err(bad("PFX"))?;
    let mut r = Reader::new(body);
    if r.expect(ber::INTEGER).map_err(bad("PFX version"))? != [3] {
        return Err(malformed("PFX version is not 3"));
    }
    let auth_safe = r.expect(ber::SEQUENCE).map_err(bad("authSafe"))?;
    let mac_data = r.optional(ber::SEQUENCE).map_err(bad("macData"))?;
    r.finish("PFX").map_err(bad("PFX"))?;
    // authSafe: ContentInfo of type data (password integrity mode).
    let content = data_content(auth_safe)?;
    let mac_data = mac_data.ok_or_else(|| {
        unsupported("PKCS#12 without a password MAC (public-key integrity mode or none)")
    })?;
    verify_mac(mac_data.content, content, unlock)?;
    // AuthenticatedSafe ::= SEQUENCE OF ContentInfo (BER inside the
    // OCTET STRING).
    let safe = ber::normalize(content).map_err(bad("AuthenticatedSafe"))?;
    let mut outer = Reader::new(&safe);
    let seq = outer
        .expect(ber::SEQUENCE)
        .map_err(bad("AuthenticatedSafe"))?;
    let mut infos = Reader::new(seq);
    let mut bags = Vec::new();
    while !infos.is_empty() {
        let info = infos
            .expect(ber::SEQUENCE)
            .map_err(bad("AuthenticatedSafe"))?;
        let mut ci = Reader::new(info);
        let kind = ci.expect(ber::OID).map_err(bad("ContentInfo"))?;
        let explicit = ci.expect(0xa0).map_err(bad("ContentInfo"))?;
        let safe_contents: Zeroizing<Vec<u8>> = match kind {
            oid::DATA => {
                let mut e = Reader::new(explicit);
                Zeroizing::new(e.expect(ber::OCTET_STRING).map_err(bad("data"))?.to_vec())
            }
            oid::ENCRYPTED_DATA => decrypt_encrypted_data(explicit, unlock)?,
            other => {
                return Err(unsupported(format!(
                    "PKCS#12 content of type {} (enveloped data is not read)",
                    ber::oid_string(other)
                )))
            }
        };
        read_safe_contents(&safe_contents, unlock, &mut bags)?;
    }
    Ok(bags)
}

/// The OCTET STRING of a ContentInfo of type id-data.
fn data_content(content_info: &[u8]) -> Result<&[u8], Error> {
    let mut r = Reader::new(content_info);
    if r.expect(ber::OID).map_err(bad("authSafe"))? != oid::DATA {
        return Err(unsupported(
            "PKCS#12 in public-key integrity mode (authSafe is not data)",
        ));
    }
    let explicit = r.expect(0xa0).map_err(bad("authSafe"))?;
    let mut e = Reader::new(explicit);
    e.expect(ber::OCTET_STRING).map_err(bad("authSafe"))
}

fn iterations(content: &[u8]) -> Result<i32, Error> {
    let n = match content {
        [0, rest @ ..] if rest.first().is_some_and(|b| b & 0x80 != 0) => rest,
        [b, ..] if b & 0x80 != 0 => return Err(malformed("negative iteration count")),
        all => all,
    };
    if n.len() > 8 {
        return Err(Error::LimitExceeded {
            what: KDF_WORK,
            limit: MAX_KDF_WORK as usize,
        });
    }
    let value = n.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    if value == 0 {
        return Err(malformed("iteration count 0"));
    }
    if value > MAX_KDF_WORK {
        return Err(Error::LimitExceeded {
            what: KDF_WORK,
            limit: MAX_KDF_WORK as usize,
        });
    }
    i32::try_from(value).map_err(|_| malformed("iteration count"))
}

/// ```text
/// MacData ::= SEQUENCE {
///   mac        DigestInfo,
///   macSalt    OCTET STRING,
///   iterations INTEGER DEFAULT 1 }
/// ```
/// The MAC is an HMAC over the authSafe content with a key from the
/// RFC 7292 appendix B derivation (ID 3), as long as the hash output.
fn verify_mac(mac_data: &[u8], content: &[u8], unlock: &mut Unlock<'_>) -> Result<(), Error> {
    let mut r = Reader::new(mac_data);
    let digest_info = r.expect(ber::SEQUENCE).map_err(bad("macData"))?;
    let salt = r.expect(ber::OCTET_STRING).map_err(bad("macData"))?;
    let rounds = match r.optional(ber::INTEGER).map_err(bad("macData"))? {
        Some(t) => iterations(t.content)?,
        None => 1,
    };
    r.finish("macData").map_err(bad("macData"))?;
    let mut d = Reader::new(digest_info);
    let alg = d.expect(ber::SEQUENCE).map_err(bad("macData"))?;
    let expected = d.expect(ber::OCTET_STRING).map_err(bad("macData"))?;
    let hash = Reader::new(alg).expect(ber::OID).map_err(bad("macData"))?;
    let kdf_err = |_| malformed("password is not encodable as a BMPString");
    macro_rules! check {
        ($h:ty, $len:expr) => {{
            unlock.charge(rounds.unsigned_abs().into(), $len, $len, 1)?;
            let key = Zeroizing::new(
                derive_key_utf8::<$h>(unlock.password, salt, Pkcs12KeyType::Mac, rounds, $len)
                    .map_err(kdf_err)?,
            );
            let mut mac =
                <Hmac<$h> as Mac>::new_from_slice(&key).map_err(|_| malformed("HMAC key"))?;
            mac.update(content);
            // Constant-time comparison (hmac's verify_slice).
            mac.verify_slice(expected).map_err(|_| Error::WrongPassword)
        }};
    }
    match hash {
        oid::SHA1 => check!(sha1::Sha1, 20),
        oid::SHA256 => check!(sha2::Sha256, 32),
        oid::SHA384 => check!(sha2::Sha384, 48),
        oid::SHA512 => check!(sha2::Sha512, 64),
        other => Err(unsupported(format!(
            "PKCS#12 MAC with hash {}",
            ber::oid_string(other)
        ))),
    }
}

/// ```text
/// EncryptedData ::= SEQUENCE {
///   version CMSVersion,
///   encryptedContentInfo EncryptedContentInfo, ... }
/// EncryptedContentInfo ::= SEQUENCE {
///   contentType ContentType,
///   contentEncryptionAlgorithm AlgorithmIdentifier,
///   encryptedContent [0] IMPLICIT OCTET STRING OPTIONAL }
/// ```
/// (RFC 5652 section 8.)
fn decrypt_encrypted_data(
    explicit: &[u8],
    unlock: &mut Unlock<'_>,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let mut e = Reader::new(explicit);
    let body = e.expect(ber::SEQUENCE).map_err(bad("EncryptedData"))?;
    let mut r = Reader::new(body);
    r.expect(ber::INTEGER).map_err(bad("EncryptedData"))?;
    let eci = r.expect(ber::SEQUENCE).map_err(bad("EncryptedData"))?;
    let mut c = Reader::new(eci);
    if c.expect(ber::OID).map_err(bad("EncryptedData"))? != oid::DATA {
        return Err(malformed("EncryptedData does not hold data"));
    }
    let alg = c.expect_tlv(ber::SEQUENCE).map_err(bad("EncryptedData"))?;
    let content = c.read().map_err(bad("EncryptedData"))?;
    let ciphertext: Vec<u8> = match content.tag {
        // Primitive [0] IMPLICIT OCTET STRING (DER).
        0x80 => content.content.to_vec(),
        // Constructed (BER): the segments are OCTET STRINGs, normalised.
        0xa0 => {
            let mut segments = Reader::new(content.content);
            let mut joined = Vec::new();
            while !segments.is_empty() {
                joined.extend_from_slice(
                    segments
                        .expect(ber::OCTET_STRING)
                        .map_err(bad("encryptedContent"))?,
                );
            }
            joined
        }
        _ => return Err(malformed("EncryptedData without encryptedContent")),
    };
    decrypt(alg.raw, &ciphertext, unlock)
}

/// Decrypts with a PKCS#12 PBE scheme (RFC 7292 appendix C) or PBES2.
fn decrypt(
    alg_id: &[u8],
    ciphertext: &[u8],
    unlock: &mut Unlock<'_>,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let mut outer = Reader::new(alg_id);
    let body = outer
        .expect(ber::SEQUENCE)
        .map_err(bad("encryption algorithm"))?;
    let mut r = Reader::new(body);
    let scheme = r.expect(ber::OID).map_err(bad("encryption algorithm"))?;
    if scheme == oid::PBES2 {
        return pbes2(alg_id, ciphertext, unlock);
    }
    // pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
    let params = r.expect(ber::SEQUENCE).map_err(bad("PBE parameters"))?;
    let mut p = Reader::new(params);
    let salt = p.expect(ber::OCTET_STRING).map_err(bad("PBE parameters"))?;
    let rounds = iterations(p.expect(ber::INTEGER).map_err(bad("PBE parameters"))?)?;
    let kdf_err = |_| malformed("password is not encodable as a BMPString");
    let mut derive = |id, len| -> Result<Zeroizing<Vec<u8>>, Error> {
        // SHA-1: 20-byte blocks.
        unlock.charge(rounds.unsigned_abs().into(), len, 20, 1)?;
        Ok(Zeroizing::new(
            derive_key_utf8::<sha1::Sha1>(unlock.password, salt, id, rounds, len)
                .map_err(kdf_err)?,
        ))
    };
    let pad_err = |_| malformed("decryption failed (bad padding)");
    let plain = match scheme {
        oid::PBE_SHA_3DES => {
            let key = derive(Pkcs12KeyType::EncryptionKey, 24)?;
            let iv = derive(Pkcs12KeyType::Iv, 8)?;
            cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                .map_err(|_| malformed("3DES key"))?
                .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
                .map_err(pad_err)?
        }
        oid::PBE_SHA_2DES => {
            let key = derive(Pkcs12KeyType::EncryptionKey, 16)?;
            let iv = derive(Pkcs12KeyType::Iv, 8)?;
            cbc::Decryptor::<des::TdesEde2>::new_from_slices(&key, &iv)
                .map_err(|_| malformed("2-key 3DES key"))?
                .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
                .map_err(pad_err)?
        }
        oid::PBE_SHA_RC2_40 | oid::PBE_SHA_RC2_128 => {
            let len = if scheme == oid::PBE_SHA_RC2_40 { 5 } else { 16 };
            let key = derive(Pkcs12KeyType::EncryptionKey, len)?;
            let iv = derive(Pkcs12KeyType::Iv, 8)?;
            let cipher = rc2::Rc2::new_with_eff_key_len(&key, len * 8);
            cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(cipher, &iv)
                .map_err(|_| malformed("RC2 IV"))?
                .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
                .map_err(pad_err)?
        }
        other => {
            return Err(unsupported(format!(
                "PKCS#12 encryption {}",
                ber::oid_string(other)
            )))
        }
    };
    Ok(Zeroizing::new(plain))
}

/// PBES2 (RFC 8018 section 6.2) through the `pkcs5` crate: PBKDF2 with
/// HMAC-SHA-1/224/256/384/512 and AES-128/192/256-CBC. scrypt is refused
/// (its memory cost is the file's to choose).
fn pbes2(
    alg_id: &[u8],
    ciphertext: &[u8],
    unlock: &mut Unlock<'_>,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let scheme = pkcs5::EncryptionScheme::try_from(alg_id)
        .map_err(|e| unsupported(format!("PBES2 parameters: {e}")))?;
    let params = scheme
        .pbes2()
        .ok_or_else(|| unsupported("PBES1 encryption"))?;
    let pbkdf2 = params
        .kdf
        .pbkdf2()
        .ok_or_else(|| unsupported("PBES2 with a key derivation other than PBKDF2"))?;
    let hash_len = match pbkdf2.prf {
        pkcs5::pbes2::Pbkdf2Prf::HmacWithSha1 => 20,
        pkcs5::pbes2::Pbkdf2Prf::HmacWithSha224 => 28,
        pkcs5::pbes2::Pbkdf2Prf::HmacWithSha256 => 32,
        pkcs5::pbes2::Pbkdf2Prf::HmacWithSha384 => 48,
        pkcs5::pbes2::Pbkdf2Prf::HmacWithSha512 => 64,
        // A PRF added to pkcs5 later: charged as the smallest block, the
        // most derivation blocks.
        _ => 20,
    };
    unlock.charge(
        pbkdf2.iteration_count.into(),
        params.encryption.key_size(),
        hash_len,
        2,
    )?;
    scheme
        .decrypt(unlock.password.as_bytes(), ciphertext)
        .map(Zeroizing::new)
        .map_err(|e| malformed(format!("PBES2 decryption failed: {e}")))
}

/// ```text
/// SafeContents ::= SEQUENCE OF SafeBag
/// SafeBag ::= SEQUENCE {
///   bagId         BAG-TYPE.&id ({PKCS12BagSet}),
///   bagValue      [0] EXPLICIT BAG-TYPE.&Type({PKCS12BagSet}{@bagId}),
///   bagAttributes SET OF PKCS12Attribute OPTIONAL }
/// ```
/// Key and certificate bags are kept; CRL, secret and nested bags are
/// skipped.
fn read_safe_contents(
    ber_bytes: &[u8],
    unlock: &mut Unlock<'_>,
    bags: &mut Vec<Bag>,
) -> Result<(), Error> {
    let der = Zeroizing::new(ber::normalize(ber_bytes).map_err(bad("SafeContents"))?);
    let mut outer = Reader::new(&der);
    let seq = outer.expect(ber::SEQUENCE).map_err(bad("SafeContents"))?;
    let mut r = Reader::new(seq);
    while !r.is_empty() {
        if bags.len() >= MAX_BAGS {
            return Err(Error::LimitExceeded {
                what: "PKCS#12 bags",
                limit: MAX_BAGS,
            });
        }
        let bag = r.expect(ber::SEQUENCE).map_err(bad("SafeBag"))?;
        let mut b = Reader::new(bag);
        let id = b.expect(ber::OID).map_err(bad("SafeBag"))?;
        let value = b.expect(0xa0).map_err(bad("SafeBag"))?;
        let attributes = match b.optional(ber::SET).map_err(bad("SafeBag"))? {
            Some(attrs) => bag_attributes(attrs.content)?,
            None => BagAttributes::default(),
        };
        match id {
            oid::KEY_BAG => {
                let mut v = Reader::new(value);
                let pkcs8 = v.expect_tlv(ber::SEQUENCE).map_err(bad("keyBag"))?;
                bags.push(Bag::Key {
                    pkcs8: Zeroizing::new(pkcs8.raw.to_vec()),
                    attributes,
                });
            }
            oid::SHROUDED_KEY_BAG => {
                // EncryptedPrivateKeyInfo ::= SEQUENCE {
                //   encryptionAlgorithm AlgorithmIdentifier,
                //   encryptedData OCTET STRING }
                let mut v = Reader::new(value);
                let epki = v.expect(ber::SEQUENCE).map_err(bad("shroudedKeyBag"))?;
                let mut e = Reader::new(epki);
                let alg = e.expect_tlv(ber::SEQUENCE).map_err(bad("shroudedKeyBag"))?;
                let data = e.expect(ber::OCTET_STRING).map_err(bad("shroudedKeyBag"))?;
                let pkcs8 = decrypt(alg.raw, data, unlock)?;
                bags.push(Bag::Key { pkcs8, attributes });
            }
            oid::CERT_BAG => {
                // CertBag ::= SEQUENCE { certId, certValue [0] EXPLICIT }
                let mut v = Reader::new(value);
                let cert_bag = v.expect(ber::SEQUENCE).map_err(bad("certBag"))?;
                let mut c = Reader::new(cert_bag);
                let cert_id = c.expect(ber::OID).map_err(bad("certBag"))?;
                let cert_value = c.expect(0xa0).map_err(bad("certBag"))?;
                if cert_id != oid::X509_CERTIFICATE {
                    continue; // SDSI certificates: not X.509, skipped.
                }
                let der = Reader::new(cert_value)
                    .expect(ber::OCTET_STRING)
                    .map_err(bad("certBag"))?
                    .to_vec();
                bags.push(Bag::Cert { der, attributes });
            }
            _ => {}
        }
    }
    Ok(())
}

/// The localKeyId and friendlyName attributes' values, if any (RFC 7292
/// section 4.2: friendlyName is a BMPString, UTF-16 big-endian).
fn bag_attributes(attrs: &[u8]) -> Result<BagAttributes, Error> {
    let mut out = BagAttributes::default();
    let mut r = Reader::new(attrs);
    while !r.is_empty() {
        let attr = r.expect(ber::SEQUENCE).map_err(bad("bag attribute"))?;
        let mut a = Reader::new(attr);
        let kind = a.expect(ber::OID).map_err(bad("bag attribute"))?;
        let values = a.expect(ber::SET).map_err(bad("bag attribute"))?;
        let mut v = Reader::new(values);
        if kind == oid::LOCAL_KEY_ID {
            let id = v.expect(ber::OCTET_STRING).map_err(bad("localKeyId"))?;
            out.key_id = Some(id.to_vec());
        } else if kind == oid::FRIENDLY_NAME {
            let name = v.expect(BMP_STRING).map_err(bad("friendlyName"))?;
            if name.len() % 2 != 0 {
                return Err(malformed("friendlyName: an odd number of bytes"));
            }
            let units: Vec<u16> = name
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            let name =
                String::from_utf16(&units).map_err(|_| malformed("friendlyName: not UTF-16"))?;
            out.alias = Some(name);
        }
    }
    Ok(out)
}

/// The universal tag of BMPString.
const BMP_STRING: u8 = 0x1e;
