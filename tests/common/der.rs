//! A small DER writer for test material built in Rust (time-stamp tokens,
//! OCSP responses, certificates): X.690 definite lengths, one element per
//! call.

/// One element: tag, definite length, content.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

pub fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

pub fn set(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x31, &parts.concat())
}

/// An OBJECT IDENTIFIER from its dotted form.
pub fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().expect("arc")).collect();
    let mut body = Vec::new();
    let mut push = |mut v: u64| {
        let mut chunk = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            chunk.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        chunk.reverse();
        body.extend(chunk);
    };
    push(arcs[0] * 40 + arcs[1]);
    for &a in &arcs[2..] {
        push(a);
    }
    tlv(0x06, &body)
}

/// A non-negative INTEGER from big-endian bytes.
pub fn int(bytes: &[u8]) -> Vec<u8> {
    let mut b: Vec<u8> = bytes.iter().copied().skip_while(|&x| x == 0).collect();
    if b.is_empty() || b[0] & 0x80 != 0 {
        b.insert(0, 0);
    }
    tlv(0x02, &b)
}

pub fn octets(bytes: &[u8]) -> Vec<u8> {
    tlv(0x04, bytes)
}

/// A BIT STRING with no unused bits.
pub fn bits(bytes: &[u8]) -> Vec<u8> {
    let mut c = vec![0];
    c.extend_from_slice(bytes);
    tlv(0x03, &c)
}

pub fn null() -> Vec<u8> {
    vec![0x05, 0x00]
}

pub fn utf8(text: &str) -> Vec<u8> {
    tlv(0x0c, text.as_bytes())
}

/// GeneralizedTime `YYYYMMDDHHMMSSZ` of a Unix time.
pub fn generalized_time(unix: i64) -> Vec<u8> {
    tlv(0x18, stamp(unix, true).as_bytes())
}

/// UTCTime `YYMMDDHHMMSSZ` of a Unix time (1950-2049).
pub fn utc_time(unix: i64) -> Vec<u8> {
    tlv(0x17, stamp(unix, false).as_bytes())
}

fn stamp(unix: i64, four_digit_year: bool) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).expect("time");
    let year = if four_digit_year {
        format!("{:04}", t.year())
    } else {
        format!("{:02}", t.year() % 100)
    };
    format!(
        "{year}{:02}{:02}{:02}{:02}{:02}Z",
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// An Extension (RFC 5280 4.1).
pub fn extension(dotted: &str, critical: bool, value: &[u8]) -> Vec<u8> {
    let mut parts = vec![oid(dotted)];
    if critical {
        parts.push(vec![0x01, 0x01, 0xff]);
    }
    parts.push(octets(value));
    seq(&parts)
}

/// A Name of one CN and C=KZ.
pub fn name(cn: &str) -> Vec<u8> {
    seq(&[
        set(&[seq(&[oid("2.5.4.3"), utf8(cn)])]),
        set(&[seq(&[oid("2.5.4.6"), tlv(0x13, b"KZ")])]),
    ])
}

pub fn sha256(data: &[u8]) -> Vec<u8> {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, data)
        .as_ref()
        .to_vec()
}

pub fn sha1(data: &[u8]) -> Vec<u8> {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, data)
        .as_ref()
        .to_vec()
}

/// AlgorithmIdentifier sha256 (RFC 5754, NULL parameters).
pub fn alg_sha256() -> Vec<u8> {
    seq(&[oid("2.16.840.1.101.3.4.2.1"), null()])
}

/// The AlgorithmIdentifier of a demo key's signatures.
pub fn signature_alg(rsa: bool) -> Vec<u8> {
    if rsa {
        seq(&[oid("1.2.840.113549.1.1.11"), null()])
    } else {
        seq(&[oid("1.2.840.10045.4.3.2")])
    }
}

/// The subject Name (DER) and subjectPublicKey bits of a certificate.
pub fn subject_and_key(cert: &qoltanba::Certificate) -> (Vec<u8>, Vec<u8>) {
    use x509_parser::prelude::FromDer;
    let (_, x) = x509_parser::certificate::X509Certificate::from_der(cert.der()).expect("cert");
    (
        x.tbs_certificate.subject.as_raw().to_vec(),
        x.tbs_certificate
            .subject_pki
            .subject_public_key
            .data
            .to_vec(),
    )
}

/// The content octets of a certificate's serialNumber INTEGER.
pub fn raw_serial(cert: &qoltanba::Certificate) -> Vec<u8> {
    use x509_parser::prelude::FromDer;
    let (_, x) = x509_parser::certificate::X509Certificate::from_der(cert.der()).expect("cert");
    x.tbs_certificate.raw_serial().to_vec()
}

/// One OCSP SingleResponse (RFC 6960 4.2.1) about `cert`, issued by
/// `issuer`, with a SHA-256 CertID: `status` is the encoded CertStatus.
pub fn ocsp_single(
    issuer: &qoltanba::Certificate,
    cert: &qoltanba::Certificate,
    status: Vec<u8>,
    this_update: i64,
    next_update: Option<i64>,
) -> Vec<u8> {
    let (issuer_name, issuer_key) = subject_and_key(issuer);
    let mut single = vec![
        seq(&[
            alg_sha256(),
            octets(&sha256(&issuer_name)),
            octets(&sha256(&issuer_key)),
            tlv(0x02, &raw_serial(cert)),
        ]),
        status,
        generalized_time(this_update),
    ];
    if let Some(next) = next_update {
        single.push(tlv(0xa0, &generalized_time(next)));
    }
    seq(&single)
}

/// The subjectKeyIdentifier of a certificate.
pub fn ski(cert: &qoltanba::Certificate) -> Vec<u8> {
    use x509_parser::prelude::FromDer;
    let (_, x) = x509_parser::certificate::X509Certificate::from_der(cert.der()).expect("cert");
    x.tbs_certificate
        .extensions()
        .iter()
        .find_map(|e| match e.parsed_extension() {
            x509_parser::extensions::ParsedExtension::SubjectKeyIdentifier(k) => Some(k.0.to_vec()),
            _ => None,
        })
        .expect("SKI")
}

/// A fresh P-256 key (PKCS#8) and its SubjectPublicKeyInfo.
pub fn p256_key() -> (aws_lc_rs::signature::EcdsaKeyPair, Vec<u8>) {
    use aws_lc_rs::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_ASN1_SIGNING};
    let rng = aws_lc_rs::rand::SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng).expect("key");
    let key =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref()).expect("key");
    let spki = seq(&[
        seq(&[oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.7")]),
        bits(key.public_key().as_ref()),
    ]);
    (key, spki)
}

/// Issues a certificate: `issuer` signs with `issuer_key`.
#[allow(clippy::too_many_arguments)]
pub fn issue(
    issuer: &qoltanba::Certificate,
    issuer_key: &dyn qoltanba::Signer,
    serial: u8,
    subject: &[u8],
    spki: &[u8],
    not_before: i64,
    not_after: i64,
    extensions: &[Vec<u8>],
) -> qoltanba::Certificate {
    let rsa = matches!(
        issuer_key.algorithm(),
        qoltanba::SignatureAlgorithm::RsaPkcs1(_)
    );
    let (issuer_name, _) = subject_and_key(issuer);
    let mut exts = extensions.to_vec();
    exts.push(extension(
        "2.5.29.35",
        false,
        &seq(&[tlv(0x80, &ski(issuer))]),
    ));
    let tbs = seq(&[
        tlv(0xa0, &int(&[2])),
        int(&[0x44, 0x45, 0x4d, 0x4f, 0x54, 0x53, 0x50, serial]),
        signature_alg(rsa),
        issuer_name,
        seq(&[utc_time(not_before), utc_time(not_after)]),
        subject.to_vec(),
        spki.to_vec(),
        tlv(0xa3, &seq(&exts)),
    ]);
    let sig = issuer_key.sign(&tbs).expect("signs");
    let der = seq(&[tbs, signature_alg(rsa), bits(&sig)]);
    qoltanba::Certificate::from_der(&der).expect("issued certificate parses")
}
