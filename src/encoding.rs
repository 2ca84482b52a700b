//! Transport encodings: DER as is, PEM (via `rustls-pki-types`), or bare
//! base64 of DER (what browser signing plug-ins hand a service).

use base64::Engine as _;
use rustls_pki_types::pem::{PemObject, SectionKind};

use crate::error::Error;

/// Largest text or binary input decoded here (64 MiB): the national CA's full
/// CRL is about 20 MB; nothing legitimate is larger.
pub const MAX_INPUT_LEN: usize = 64 * 1024 * 1024;

/// Decodes every object of `kind` from DER, PEM or base64 input.
pub(crate) fn decode_all(
    input: &[u8],
    kind: SectionKind,
    what: &'static str,
) -> Result<Vec<Vec<u8>>, Error> {
    if input.len() > MAX_INPUT_LEN {
        return Err(Error::LimitExceeded {
            what: "input size",
            limit: MAX_INPUT_LEN,
        });
    }
    if input.first() == Some(&0x30) {
        return Ok(vec![input.to_vec()]);
    }
    if input.windows(10).any(|w| w == b"-----BEGIN") {
        let mut out = Vec::new();
        for section in <(SectionKind, Vec<u8>)>::pem_slice_iter(input) {
            let (k, der) = section.map_err(|e| Error::Malformed {
                what,
                detail: format!("PEM: {e:?}"),
            })?;
            if k == kind {
                out.push(der);
            }
        }
        if out.is_empty() {
            return Err(Error::Malformed {
                what,
                detail: "no PEM section of the expected type".into(),
            });
        }
        return Ok(out);
    }
    let text: Vec<u8> = input
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(&text)
        .map_err(|e| Error::Malformed {
            what,
            detail: format!("neither DER, PEM nor base64: {e}"),
        })?;
    Ok(vec![der])
}

/// Decodes exactly one object of `kind`.
pub(crate) fn decode_one(
    input: &[u8],
    kind: SectionKind,
    what: &'static str,
) -> Result<Vec<u8>, Error> {
    let mut all = decode_all(input, kind, what)?;
    if all.len() != 1 {
        return Err(Error::Malformed {
            what,
            detail: format!("expected one object, found {}", all.len()),
        });
    }
    Ok(all.remove(0))
}

/// Decodes one private key (PKCS#8) given as DER, PEM (`PRIVATE KEY`) or
/// base64 of DER, for callers that load the key themselves (the C ABI).
///
/// # Errors
///
/// [`Error::LimitExceeded`] over [`MAX_INPUT_LEN`], [`Error::Malformed`]
/// (`what: "private key"`) for anything but exactly one key.
pub fn decode_private_key(input: &[u8]) -> Result<Vec<u8>, Error> {
    decode_one(input, SectionKind::PrivateKey, "private key")
}

/// Lowercase hexadecimal of `bytes` (serial numbers, fingerprints).
/// Whether `input` is XML rather than CMS: its first byte that is not
/// white space (after a UTF-8 byte order mark) is `<`. PEM, base64 and
/// DER never start so. How the CLI and the server tell the two document
/// kinds apart.
pub fn looks_like_xml(input: &[u8]) -> bool {
    let input = input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input);
    input
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'<')
}

pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}
