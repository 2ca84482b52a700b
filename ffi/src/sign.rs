//! Signing documents: a key loaded from PKCS#12 (the national CA's `.p12`
//! files: RSA, GOST 34.10-2015 512-bit, GOST 34.310-2004) or PKCS#8 (RSA,
//! ECDSA P-256 / P-384, GOST), with its certificate, makes CAdES-BES
//! documents.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{
    EcdsaKeyPair, EcdsaSigningAlgorithm, RsaKeyPair, ECDSA_P256_SHA256_ASN1_SIGNING,
    ECDSA_P384_SHA384_ASN1_SIGNING, RSA_PKCS1_SHA256,
};

use super::*;
use qoltanba::Certificate;
use qoltanba::Signer;
use qoltanba::Time;
use qoltanba::{default_backend, HashAlgorithm, SignatureAlgorithm};
use qoltanba::{sign_document, SignOptions};

/// Flags of `qoltanba_signer_sign`.
pub type qoltanba_sign_flags = u32;
/// Leave the content out of the document (a detached signature).
pub const QOLTANBA_SIGN_DETACHED: qoltanba_sign_flags = 1;

/// A private key and its certificate, ready to sign.
///
/// Ownership: made by `qoltanba_signer_new_pkcs8`, freed with
/// `qoltanba_signer_free`. Thread safety: immutable; any number of threads
/// may sign with it at once.
pub struct qoltanba_signer {
    key: Box<dyn Signer>,
    certificate: Certificate,
    /// Certificates carried besides the signer's (from a PKCS#12 file).
    chain: Vec<Certificate>,
}

enum KeyPair {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair, HashAlgorithm),
}

impl Signer for KeyPair {
    fn algorithm(&self) -> SignatureAlgorithm {
        match self {
            KeyPair::Rsa(_) => SignatureAlgorithm::RsaPkcs1(HashAlgorithm::Sha256),
            KeyPair::Ec(_, hash) => SignatureAlgorithm::Ecdsa(*hash),
        }
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let rng = SystemRandom::new();
        // Signing failures are opaque, like verification failures.
        match self {
            KeyPair::Rsa(k) => {
                let mut sig = vec![0; k.public_modulus_len()];
                k.sign(&RSA_PKCS1_SHA256, &rng, message, &mut sig)
                    .map_err(|_| Error::InvalidSignature)?;
                Ok(sig)
            }
            KeyPair::Ec(k, _) => Ok(k
                .sign(&rng, message)
                .map_err(|_| Error::InvalidSignature)?
                .as_ref()
                .to_vec()),
        }
    }
}

/// Reads a PKCS#8 private key: the library's keys (RSA, ECDSA P-256 and
/// P-384, GOST), then what aws-lc-rs reads besides.
fn load_key(pkcs8: &[u8]) -> Result<Box<dyn Signer>, qoltanba_result> {
    if let Ok(k) = qoltanba::SigningKey::from_pkcs8_der(pkcs8) {
        return Ok(Box::new(k));
    }
    if let Ok(k) = RsaKeyPair::from_pkcs8(pkcs8) {
        return Ok(Box::new(KeyPair::Rsa(k)));
    }
    let curves: [(&'static EcdsaSigningAlgorithm, HashAlgorithm); 2] = [
        (&ECDSA_P256_SHA256_ASN1_SIGNING, HashAlgorithm::Sha256),
        (&ECDSA_P384_SHA384_ASN1_SIGNING, HashAlgorithm::Sha384),
    ];
    for (alg, hash) in curves {
        if let Ok(k) = EcdsaKeyPair::from_pkcs8(alg, pkcs8) {
            return Ok(Box::new(KeyPair::Ec(k, hash)));
        }
    }
    Err(fail(
        QOLTANBA_UNSUPPORTED,
        "not a PKCS#8 RSA, ECDSA P-256/P-384 or GOST private key",
    ))
}

/// Loads a PKCS#8 private key (DER, PEM `PRIVATE KEY`, or base64 of DER;
/// unencrypted; RSA, ECDSA P-256 / P-384, GOST) and its certificate (DER, PEM
/// or base64), and checks that the key is the certificate's: a probe
/// signature must verify with the certificate's public key, else
/// `QOLTANBA_KEY_MISMATCH`. Writes a new signer to `*out`.
///
/// The key is copied; the caller may wipe its buffer after the call.
#[no_mangle]
pub extern "C" fn qoltanba_signer_new_pkcs8(
    key: *const u8,
    key_len: usize,
    cert: *const u8,
    cert_len: usize,
    out: *mut *mut qoltanba_signer,
) -> qoltanba_result {
    guard(|| {
        let key = input(key, key_len, "key")?;
        let cert = input(cert, cert_len, "cert")?;
        out_ptr(out)?;
        let der = qoltanba::decode_private_key(key).map_err(|e| from_error(&e))?;
        let key = load_key(&der)?;
        let certificate = Certificate::from_any(cert).map_err(|e| from_error(&e))?;
        let probe = b"qoltanba: does this key belong to the certificate?";
        let signature = key.sign(probe).map_err(|e| from_error(&e))?;
        default_backend()
            .verify(key.algorithm(), certificate.spki(), probe, &signature)
            .map_err(|_| {
                fail(
                    QOLTANBA_KEY_MISMATCH,
                    format!(
                        "the private key is not the key of certificate {}",
                        certificate.subject()
                    ),
                )
            })?;
        put(
            out,
            Box::into_raw(Box::new(qoltanba_signer {
                key,
                certificate,
                chain: Vec::new(),
            })),
        );
        Ok(())
    })
}

/// Loads a PKCS#12 file (`.p12` / `.pfx`, DER or BER as the national CA
/// issues them: 3DES / RC2 with a SHA-1 MAC, or PBES2 / AES) with its
/// `password` (NUL-terminated UTF-8): the private key, its certificate and
/// the other certificates, which the documents it signs carry as the chain.
/// Writes a new signer to `*out`. `QOLTANBA_WRONG_PASSWORD` when the
/// integrity check fails; `QOLTANBA_KEY_MISMATCH` when no certificate of the
/// file holds the key's public half; `QOLTANBA_UNSUPPORTED` for other
/// encryption or key types; `QOLTANBA_INPUT_TOO_LARGE` when the file's
/// iteration counts would make its key derivations cost more than 10
/// million hash iterations in all (the library's bound on that work).
///
/// The file and the password are not kept; the caller may wipe them after
/// the call.
#[no_mangle]
pub extern "C" fn qoltanba_signer_new_pkcs12(
    p12: *const u8,
    p12_len: usize,
    password: *const c_char,
    out: *mut *mut qoltanba_signer,
) -> qoltanba_result {
    guard(|| {
        let p12 = input(p12, p12_len, "p12")?;
        let password = text(password, "password")?;
        out_ptr(out)?;
        let (key, certificate, chain) = qoltanba::KeyBundle::from_pkcs12(p12, password)
            .map_err(|e| from_error(&e))?
            .into_parts();
        put(
            out,
            Box::into_raw(Box::new(qoltanba_signer {
                key: Box::new(key),
                certificate,
                chain,
            })),
        );
        Ok(())
    })
}

/// Signs `content` as a CAdES-BES SignedData (DER): signed attributes
/// contentType, signingTime (`signing_time`, Unix seconds: the caller says
/// what time it is), messageDigest and signingCertificateV2; the signer's
/// certificate carried. `flags` is 0 or `QOLTANBA_SIGN_DETACHED`; other bits
/// give `QOLTANBA_INVALID_PARAMETER`. Writes a new buffer holding the
/// document to `*out` (free it with `qoltanba_buffer_free`). Thread-safe.
#[no_mangle]
pub extern "C" fn qoltanba_signer_sign(
    signer: *const qoltanba_signer,
    content: *const u8,
    content_len: usize,
    signing_time: i64,
    flags: qoltanba_sign_flags,
    out: *mut *mut qoltanba_buffer,
) -> qoltanba_result {
    guard(|| {
        let s = object(signer, "signer")?;
        let content = input(content, content_len, "content")?;
        out_ptr(out)?;
        if flags & !QOLTANBA_SIGN_DETACHED != 0 {
            return Err(fail(
                QOLTANBA_INVALID_PARAMETER,
                format!("unknown signing flags {flags:#x}"),
            ));
        }
        let mut options =
            SignOptions::at(Time::from_unix(signing_time)).chain(s.chain.iter().cloned());
        if flags & QOLTANBA_SIGN_DETACHED != 0 {
            options = options.detached();
        }
        let bytes = sign_document(content, s.key.as_ref(), &s.certificate, &options)
            .map_err(|e| from_error(&e))?;
        put(out, Box::into_raw(Box::new(qoltanba_buffer { bytes })));
        Ok(())
    })
}

/// Frees a signer (the key is freed with it). NULL does nothing.
#[no_mangle]
pub extern "C" fn qoltanba_signer_free(signer: *mut qoltanba_signer) {
    guard_value((), || {
        if !signer.is_null() {
            // SAFETY: made by qoltanba_signer_new_pkcs8, freed once (header).
            drop(unsafe { Box::from_raw(signer) });
        }
    });
}

/// Bytes the library made (a signed document).
///
/// Ownership: made by `qoltanba_signer_sign`, freed with
/// `qoltanba_buffer_free`; `qoltanba_buffer_data` is valid until then.
/// Thread safety: immutable; any number of threads may read it at once.
pub struct qoltanba_buffer {
    bytes: Vec<u8>,
}

/// The buffer's bytes (NULL for a NULL buffer), valid until
/// `qoltanba_buffer_free`.
#[no_mangle]
pub extern "C" fn qoltanba_buffer_data(buffer: *const qoltanba_buffer) -> *const u8 {
    guard_value(std::ptr::null(), || {
        // SAFETY: NULL or a buffer of this library (header).
        unsafe { buffer.as_ref() }.map_or(std::ptr::null(), |b| b.bytes.as_ptr())
    })
}

/// The buffer's length in bytes (0 for a NULL buffer).
#[no_mangle]
pub extern "C" fn qoltanba_buffer_len(buffer: *const qoltanba_buffer) -> usize {
    guard_value(0, || {
        // SAFETY: NULL or a buffer of this library (header).
        unsafe { buffer.as_ref() }.map_or(0, |b| b.bytes.len())
    })
}

/// Frees a buffer. NULL does nothing.
#[no_mangle]
pub extern "C" fn qoltanba_buffer_free(buffer: *mut qoltanba_buffer) {
    guard_value((), || {
        if !buffer.is_null() {
            // SAFETY: made by qoltanba_signer_sign, freed once (header).
            drop(unsafe { Box::from_raw(buffer) });
        }
    });
}
