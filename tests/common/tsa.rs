//! A test time-stamping authority under the demo PKI: a P-256 key made per
//! run, a certificate issued by "DEMO NCA (RSA)" (`nca-rsa`, 2022-01-01 ..
//! 2030-01-01) with key usage digitalSignature and the critical extended key
//! usage id-kp-timeStamping that RFC 3161 section 2.3 asks for, and RFC 3161
//! tokens built in Rust at a genTime the test chooses.

use qoltanba::{Certificate, Time};

use super::der::*;
use super::DemoKey;

/// id-kp-timeStamping.
pub const TIME_STAMPING: &str = "1.3.6.1.5.5.7.3.8";
/// The demo TSA's policy.
pub const TSA_POLICY: &str = "1.2.398.3.3.2.6.99";

pub struct TestTsa {
    pub key: DemoKey,
    pub cert: Certificate,
    /// Whether tokens carry the TSA certificate (RFC 3161 certReq).
    pub embed_certificate: bool,
}

/// 2022-01-01T00:00:00Z and 2030-01-01T00:00:00Z: the TSA outlives the
/// demo end entities, so that old signatures can be stamped.
const NOT_BEFORE: i64 = 1_640_995_200;
const NOT_AFTER: i64 = 1_893_456_000;

impl TestTsa {
    /// The regular test TSA: critical EKU id-kp-timeStamping.
    pub fn new() -> TestTsa {
        Self::with_eku(TIME_STAMPING, true)
    }

    /// A TSA whose certificate has extended key usage `eku`, critical or
    /// not (for the negative cases).
    pub fn with_eku(eku: &str, critical: bool) -> TestTsa {
        let (key, spki) = p256_key();
        let extensions = [
            // keyUsage digitalSignature, critical.
            extension("2.5.29.15", true, &tlv(0x03, &[0x07, 0x80])),
            extension("2.5.29.37", critical, &seq(&[oid(eku)])),
            extension("2.5.29.14", false, &octets(&sha1(&spki))),
        ];
        let cert = issue(
            &super::cert("nca-rsa"),
            &super::key("nca-rsa"),
            0x40,
            &name("DEMO TSA"),
            &spki,
            NOT_BEFORE,
            NOT_AFTER,
            &extensions,
        );
        TestTsa {
            key: DemoKey::Ec(key),
            cert,
            embed_certificate: true,
        }
    }

    /// A TimeStampToken (DER ContentInfo) over `data` (SHA-256 imprint) at
    /// `gen_time`.
    pub fn token(&self, data: &[u8], gen_time: Time) -> Vec<u8> {
        self.token_over_digest(&sha256(data), gen_time)
    }

    /// A TimeStampToken whose imprint is `imprint` (SHA-256).
    pub fn token_over_digest(&self, imprint: &[u8], gen_time: Time) -> Vec<u8> {
        self.token_with(imprint, gen_time, &[0x01, 0x23, 0x45], TSA_POLICY)
    }

    /// A TimeStampToken with this imprint (SHA-256), nonce (INTEGER
    /// content) and policy.
    pub fn token_with(
        &self,
        imprint: &[u8],
        gen_time: Time,
        nonce: &[u8],
        policy: &str,
    ) -> Vec<u8> {
        use qoltanba::Signer;
        // TSTInfo (RFC 3161 section 2.4.2).
        let tst_info = seq(&[
            int(&[1]),
            oid(policy),
            seq(&[alg_sha256(), octets(imprint)]),
            int(&gen_time.unix().to_be_bytes()),
            generalized_time(gen_time.unix()),
            tlv(0x02, nonce),
        ]);
        let (issuer_name, _) = subject_and_key(&super::cert("nca-rsa"));
        let serial = raw_serial(&self.cert);
        // Signed attributes: contentType, messageDigest, signingCertificateV2
        // (ESSCertIDv2 with SHA-256, RFC 5035), sorted as a DER SET OF.
        let mut attrs = vec![
            seq(&[
                oid("1.2.840.113549.1.9.3"),
                set(&[oid("1.2.840.113549.1.9.16.1.4")]),
            ]),
            seq(&[
                oid("1.2.840.113549.1.9.4"),
                set(&[octets(&sha256(&tst_info))]),
            ]),
            seq(&[
                oid("1.2.840.113549.1.9.16.2.47"),
                set(&[seq(&[seq(&[seq(&[octets(&sha256(self.cert.der()))])])])]),
            ]),
        ];
        attrs.sort();
        let signed = set(&attrs);
        let signature = self.key.sign(&signed).expect("signs");
        let mut implicit = signed.clone();
        implicit[0] = 0xa0;
        let signer_info = seq(&[
            int(&[1]),
            seq(&[issuer_name, tlv(0x02, &serial)]),
            alg_sha256(),
            implicit,
            signature_alg(false),
            octets(&signature),
        ]);
        let certificates = if self.embed_certificate {
            tlv(0xa0, self.cert.der())
        } else {
            Vec::new()
        };
        let signed_data = seq(&[
            int(&[3]),
            set(&[alg_sha256()]),
            seq(&[
                oid("1.2.840.113549.1.9.16.1.4"),
                tlv(0xa0, &octets(&tst_info)),
            ]),
            certificates,
            set(&[signer_info]),
        ]);
        seq(&[oid("1.2.840.113549.1.7.2"), tlv(0xa0, &signed_data)])
    }

    /// Time-stamps signer `index` of `document` (CAdES-T) at `gen_time`.
    pub fn stamp(&self, document: &[u8], index: usize, gen_time: Time) -> Vec<u8> {
        let doc = qoltanba::SignedDocument::from_any(document).expect("document");
        let signature = doc.signature_value(index).expect("signer");
        let token = self.token(signature, gen_time);
        qoltanba::add_timestamp(document, index, &token).expect("token attaches")
    }
}

/// What the test TSA server answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TsaMode {
    /// granted, with the request's nonce and policy (or TSA_POLICY).
    Grant,
    /// granted, with another nonce (a reply to another request).
    OtherNonce,
    /// PKIStatus rejection (2), no token.
    Reject,
    /// granted, under TSA_POLICY whatever policy was asked.
    OwnPolicy,
}

impl TestTsa {
    /// The TimeStampResp to a TimeStampReq (DER) at `gen_time`.
    pub fn respond(&self, request: &[u8], gen_time: Time, mode: TsaMode) -> Vec<u8> {
        use super::ocsp::split;
        if mode == TsaMode::Reject {
            return seq(&[seq(&[int(&[2])])]);
        }
        let (_, req, _) = split(request);
        let (_, _version, rest) = split(req);
        let (_, imprint, mut rest) = split(rest);
        let (_, _alg, hashed) = split(imprint);
        let (_, digest, _) = split(hashed);
        let mut policy = TSA_POLICY.to_owned();
        let mut nonce = vec![0x01];
        while !rest.is_empty() {
            let (tag, content, next) = split(rest);
            match tag {
                0x06 => policy = oid_text(content),
                0x02 => nonce = content.to_vec(),
                _ => {}
            }
            rest = next;
        }
        if mode == TsaMode::OwnPolicy {
            policy = TSA_POLICY.to_owned();
        }
        if mode == TsaMode::OtherNonce {
            nonce = vec![0x55; 8];
        }
        let token = self.token_with(digest, gen_time, &nonce, &policy);
        tlv(0x30, &[seq(&[int(&[0])]), token].concat())
    }
}

/// Dotted text of OID content octets.
fn oid_text(content: &[u8]) -> String {
    let mut arcs = Vec::new();
    let mut v: u64 = 0;
    for &b in content {
        v = (v << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            arcs.push(v);
            v = 0;
        }
    }
    let first = arcs[0];
    let (a, b) = if first < 80 {
        (first / 40, first % 40)
    } else {
        (2, first - 80)
    };
    let mut out = format!("{a}.{b}");
    for x in &arcs[1..] {
        out.push_str(&format!(".{x}"));
    }
    out
}
