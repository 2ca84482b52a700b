//! Differential: qoltanba's certificate-path verdict agrees with OpenSSL's.
//!
//! The input is not DER but a list of decisions. Each byte picks one
//! property of one certificate of a chain root -> CA [-> CA 2] -> leaf,
//! which OpenSSL (the `openssl` crate, system libssl) builds and signs with
//! P-256 keys generated once: validity relative to the fixed verification
//! time (valid, expired, not yet valid, and the one-second edges), the
//! version, the serial number, basicConstraints (absent, CA, not CA,
//! critical or not, pathLenConstraint), keyUsage, an unknown critical or
//! non-critical extension, a duplicated extension, the issuer name, the
//! authority and subject key identifiers, the signing key. A missing byte
//! means "as a well-made chain has it", so the empty input is a valid chain.
//!
//! Both verify at the same time with no revocation and no purpose: OpenSSL
//! with `X509_STORE_CTX` (the root the only trust anchor, the CAs
//! untrusted, `X509_V_FLAG_X509_STRICT`, the time set with
//! `X509_VERIFY_PARAM_set_time`), qoltanba with `Verifier::verify_certificate`
//! (the root trusted, the CAs as intermediates, revocation off,
//! `Purpose::Any`), as tests/differential.rs does. A different verdict
//! panics with both reasons, unless it is one of the deliberate differences
//! listed in `known_difference` (and in fuzz/README.md).
#![no_main]

use std::sync::OnceLock;

use openssl::asn1::{Asn1Integer, Asn1Object, Asn1OctetString, Asn1Time};
use openssl::bn::BigNum;
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::stack::Stack;
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::verify::{X509VerifyFlags, X509VerifyParam};
use openssl::x509::{X509Builder, X509Extension, X509NameBuilder, X509StoreContext, X509};
use qoltanba::{Certificate, Options, Policy, Purpose, RevocationMode, Time, Verifier};

/// The verification time: 2025-06-01T00:00:00Z.
const T: i64 = 1_748_736_000;
const DAY: i64 = 86_400;

/// Reads decisions; past the end every decision is 0 (the normal choice).
struct Decisions<'a>(&'a [u8]);

impl Decisions<'_> {
    fn pick(&mut self, choices: u8) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                b % choices
            }
            None => 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Root,
    Ca,
    Leaf,
}

/// One certificate's properties; variant 0 of each is what a well-made
/// chain has for the certificate's role.
#[derive(Debug, Clone, Copy)]
struct Spec {
    role: Role,
    validity: Validity,
    version: Version,
    serial: Serial,
    bc: Bc,
    ku: Ku,
    extra: Extra,
    issuer_name_mismatch: bool,
    aki: Aki,
    ski: bool,
    wrong_key: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Validity {
    Valid,
    Expired,
    NotYetValid,
    /// notAfter = T (valid: RFC 5280 4.1.2.5, "through").
    EndsNow,
    /// notAfter = T - 1.
    EndedASecondAgo,
    /// notBefore = T.
    StartsNow,
    /// notBefore = T + 1.
    StartsInASecond,
    /// notBefore after notAfter, both around T.
    Inverted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V3,
    V1,
    V2,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Serial {
    Small,
    Zero,
    Negative,
    TwentyOctets,
    TwentyOneOctets,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bc {
    /// CA: CA:TRUE critical; leaf: absent.
    Default,
    Absent,
    CaCritical,
    CaNonCritical,
    NotCa,
    CaPathLen0,
    CaPathLen1,
    /// CA:FALSE with a pathLenConstraint (RFC 5280 forbids it).
    NotCaWithPathLen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ku {
    /// CA: keyCertSign + cRLSign, critical; leaf: digitalSignature.
    Default,
    Absent,
    CertSignOnly,
    DigitalSignatureOnly,
    CertSignNonCritical,
    /// A keyUsage with no bit set (RFC 5280: at least one).
    Empty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extra {
    None,
    UnknownCritical,
    UnknownNonCritical,
    /// The keyUsage (or basicConstraints) extension twice.
    Duplicate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aki {
    /// The issuer's key identifier (absent on the root).
    Matching,
    Absent,
    Mismatched,
}

impl Spec {
    fn read(role: Role, d: &mut Decisions<'_>) -> Self {
        Spec {
            role,
            validity: [
                Validity::Valid,
                Validity::Expired,
                Validity::NotYetValid,
                Validity::EndsNow,
                Validity::EndedASecondAgo,
                Validity::StartsNow,
                Validity::StartsInASecond,
                Validity::Inverted,
            ][usize::from(d.pick(8))],
            version: [Version::V3, Version::V1, Version::V2][usize::from(d.pick(3))],
            serial: [
                Serial::Small,
                Serial::Zero,
                Serial::Negative,
                Serial::TwentyOctets,
                Serial::TwentyOneOctets,
            ][usize::from(d.pick(5))],
            bc: [
                Bc::Default,
                Bc::Absent,
                Bc::CaCritical,
                Bc::CaNonCritical,
                Bc::NotCa,
                Bc::CaPathLen0,
                Bc::CaPathLen1,
                Bc::NotCaWithPathLen,
            ][usize::from(d.pick(8))],
            ku: [
                Ku::Default,
                Ku::Absent,
                Ku::CertSignOnly,
                Ku::DigitalSignatureOnly,
                Ku::CertSignNonCritical,
                Ku::Empty,
            ][usize::from(d.pick(6))],
            extra: [
                Extra::None,
                Extra::UnknownCritical,
                Extra::UnknownNonCritical,
                Extra::Duplicate,
            ][usize::from(d.pick(4))],
            issuer_name_mismatch: d.pick(2) == 1,
            aki: [Aki::Matching, Aki::Absent, Aki::Mismatched][usize::from(d.pick(3))],
            ski: d.pick(2) == 0,
            wrong_key: d.pick(2) == 1,
        }
    }

    fn is_ca(&self) -> bool {
        self.role != Role::Leaf
    }
}

struct Keys {
    /// root, CA, CA 2, leaf, and a stranger's key.
    keys: Vec<PKey<Private>>,
}

fn keys() -> &'static Keys {
    static K: OnceLock<Keys> = OnceLock::new();
    K.get_or_init(|| {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).expect("P-256");
        let keys = (0..5)
            .map(|_| PKey::from_ec_key(EcKey::generate(&group).expect("key")).expect("pkey"))
            .collect();
        Keys { keys }
    })
}

/// SHA-1 of the public key's BIT STRING: the RFC 5280 4.2.1.2 (1) key
/// identifier, as OpenSSL computes it.
fn key_id(key: &PKey<Private>) -> Vec<u8> {
    let ec = key.ec_key().expect("EC");
    let mut ctx = openssl::bn::BigNumContext::new().expect("ctx");
    let point = ec
        .public_key()
        .to_bytes(
            ec.group(),
            openssl::ec::PointConversionForm::UNCOMPRESSED,
            &mut ctx,
        )
        .expect("point");
    openssl::hash::hash(MessageDigest::sha1(), &point)
        .expect("sha1")
        .to_vec()
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    assert!(content.len() < 128);
    [&[tag, content.len() as u8][..], content].concat()
}

fn extension(oid: &str, critical: bool, value: &[u8]) -> X509Extension {
    let oid = Asn1Object::from_str(oid).expect("OID");
    let value = Asn1OctetString::new_from_bytes(value).expect("octets");
    X509Extension::new_from_der(&oid, critical, &value).expect("extension")
}

fn name(cn: &str) -> openssl::x509::X509Name {
    let mut n = X509NameBuilder::new().expect("name");
    n.append_entry_by_text("CN", cn).expect("CN");
    n.append_entry_by_text("C", "KZ").expect("C");
    n.build()
}

/// Builds and signs one certificate.
fn issue(
    spec: &Spec,
    subject: &str,
    issuer: &str,
    key: &PKey<Private>,
    issuer_key: &PKey<Private>,
    index: u8,
) -> X509 {
    let stranger = &keys().keys[4];
    let mut b = X509Builder::new().expect("builder");
    b.set_version(match spec.version {
        Version::V3 => 2,
        Version::V2 => 1,
        Version::V1 => 0,
    })
    .expect("version");
    let serial = match spec.serial {
        Serial::Small => BigNum::from_u32(u32::from(index) + 1).expect("bn"),
        Serial::Zero => BigNum::from_u32(0).expect("bn"),
        Serial::Negative => {
            BigNum::from_dec_str(&format!("-{}", u32::from(index) + 1)).expect("bn")
        }
        // 20 octets with the high bit clear: 0x7f then 19 bytes.
        Serial::TwentyOctets => {
            BigNum::from_slice(&[[0x7f].as_slice(), &[index; 19]].concat()).expect("bn")
        }
        Serial::TwentyOneOctets => {
            BigNum::from_slice(&[[0x7f].as_slice(), &[index; 20]].concat()).expect("bn")
        }
    };
    b.set_serial_number(&Asn1Integer::from_bn(&serial).expect("int"))
        .expect("serial");
    b.set_subject_name(&name(subject)).expect("subject");
    let issuer_name = if spec.issuer_name_mismatch {
        format!("{issuer} (other)")
    } else {
        issuer.to_owned()
    };
    b.set_issuer_name(&name(&issuer_name)).expect("issuer");
    b.set_pubkey(key).expect("key");
    let (nb, na) = match spec.validity {
        Validity::Valid => (T - 30 * DAY, T + 365 * DAY),
        Validity::Expired => (T - 400 * DAY, T - 30 * DAY),
        Validity::NotYetValid => (T + DAY, T + 200 * DAY),
        Validity::EndsNow => (T - 30 * DAY, T),
        Validity::EndedASecondAgo => (T - 30 * DAY, T - 1),
        Validity::StartsNow => (T, T + 365 * DAY),
        Validity::StartsInASecond => (T + 1, T + 365 * DAY),
        Validity::Inverted => (T + DAY, T - DAY),
    };
    b.set_not_before(&Asn1Time::from_unix(nb).expect("time"))
        .expect("nb");
    b.set_not_after(&Asn1Time::from_unix(na).expect("time"))
        .expect("na");

    let bc_value = |ca: bool, path_len: Option<u8>| {
        let mut content = Vec::new();
        if ca {
            content.extend_from_slice(&[0x01, 0x01, 0xff]);
        }
        if let Some(n) = path_len {
            content.extend_from_slice(&[0x02, 0x01, n]);
        }
        tlv(0x30, &content)
    };
    let bc = match (spec.bc, spec.is_ca()) {
        (Bc::Default, true) | (Bc::CaCritical, _) => Some((true, bc_value(true, None))),
        (Bc::Default, false) | (Bc::Absent, _) => None,
        (Bc::CaNonCritical, _) => Some((false, bc_value(true, None))),
        (Bc::NotCa, _) => Some((true, bc_value(false, None))),
        (Bc::CaPathLen0, _) => Some((true, bc_value(true, Some(0)))),
        (Bc::CaPathLen1, _) => Some((true, bc_value(true, Some(1)))),
        (Bc::NotCaWithPathLen, _) => Some((true, bc_value(false, Some(0)))),
    };
    // KeyUsage BIT STRING: digitalSignature = 0x80, keyCertSign = 0x04,
    // cRLSign = 0x02; the first octet counts the unused bits.
    let ku_value = |bits: u8| {
        if bits == 0 {
            tlv(0x03, &[0x00])
        } else {
            tlv(0x03, &[bits.trailing_zeros() as u8, bits])
        }
    };
    let ku = match (spec.ku, spec.is_ca()) {
        (Ku::Default, true) => Some((true, ku_value(0x06))),
        (Ku::Default, false) => Some((true, ku_value(0x80))),
        (Ku::Absent, _) => None,
        (Ku::CertSignOnly, _) => Some((true, ku_value(0x04))),
        (Ku::DigitalSignatureOnly, _) => Some((true, ku_value(0x80))),
        (Ku::CertSignNonCritical, _) => Some((false, ku_value(0x06))),
        (Ku::Empty, _) => Some((true, ku_value(0))),
    };
    let mut exts = Vec::new();
    if let Some((critical, v)) = &bc {
        exts.push(extension("2.5.29.19", *critical, v));
    }
    if let Some((critical, v)) = &ku {
        exts.push(extension("2.5.29.15", *critical, v));
    }
    if spec.ski {
        exts.push(extension("2.5.29.14", false, &tlv(0x04, &key_id(key))));
    }
    match spec.aki {
        Aki::Matching if spec.role != Role::Root => {
            let id = key_id(issuer_key);
            exts.push(extension("2.5.29.35", false, &tlv(0x30, &tlv(0x80, &id))));
        }
        Aki::Matching | Aki::Absent => {}
        Aki::Mismatched => {
            let id = key_id(stranger);
            exts.push(extension("2.5.29.35", false, &tlv(0x30, &tlv(0x80, &id))));
        }
    }
    match spec.extra {
        Extra::None => {}
        Extra::UnknownCritical => exts.push(extension("1.3.6.1.4.1.99999.1", true, &[0x05, 0x00])),
        Extra::UnknownNonCritical => {
            exts.push(extension("1.3.6.1.4.1.99999.1", false, &[0x05, 0x00]))
        }
        Extra::Duplicate => match (&ku, &bc) {
            (Some((critical, v)), _) => exts.push(extension("2.5.29.15", *critical, v)),
            (None, Some((critical, v))) => exts.push(extension("2.5.29.19", *critical, v)),
            (None, None) => exts.push(extension("2.5.29.15", true, &ku_value(0x80))),
        },
    }
    // Version 1 and 2 certificates carry no extensions (RFC 5280 4.1.2.9);
    // with V1/V2 chosen, they are left out.
    if spec.version == Version::V3 {
        for e in exts {
            b.append_extension(e).expect("append");
        }
    }
    let signer = if spec.wrong_key { stranger } else { issuer_key };
    b.sign(signer, MessageDigest::sha256()).expect("sign");
    b.build()
}

/// Why OpenSSL refused: `X509_V_ERR_*`, its text, and the depth of the
/// certificate it concerns (0 = the leaf).
#[derive(Debug)]
struct OpensslError {
    code: i32,
    depth: usize,
    text: String,
}

/// OpenSSL's verdict.
fn openssl_verdict(root: &X509, cas: &[X509], leaf: &X509) -> Result<(), OpensslError> {
    let mut store = X509StoreBuilder::new().expect("store");
    store.add_cert(root.clone()).expect("anchor");
    let mut param = X509VerifyParam::new().expect("param");
    param.set_time(T);
    param
        .set_flags(X509VerifyFlags::X509_STRICT)
        .expect("flags");
    store.set_param(&param).expect("param");
    let store = store.build();
    let mut chain = Stack::new().expect("stack");
    for ca in cas {
        chain.push(ca.clone()).expect("push");
    }
    let mut ctx = X509StoreContext::new().expect("ctx");
    ctx.init(&store, leaf, &chain, |c| {
        Ok(if c.verify_cert()? {
            Ok(())
        } else {
            let e = c.error();
            Err(OpensslError {
                code: e.as_raw(),
                depth: c.error_depth() as usize,
                text: e.error_string().to_owned(),
            })
        })
    })
    .expect("X509_verify_cert ran")
}

/// qoltanba's verdict: Ok, or the reason's code and text.
fn qoltanba_verdict(root: &X509, cas: &[X509], leaf: &X509) -> Result<(), (String, String)> {
    let parse = |c: &X509, what: &str| {
        Certificate::from_der(&c.to_der().expect("DER"))
            .map_err(|e| (format!("{what}: {}", e.code()), e.to_string()))
    };
    let root = parse(root, "root")?;
    let leaf = parse(leaf, "leaf")?;
    // An intermediate qoltanba cannot parse is not offered (as a caller's
    // pool would drop it); the path then fails on its own.
    let intermediates: Vec<Certificate> = cas
        .iter()
        .filter_map(|c| Certificate::from_der(&c.to_der().expect("DER")).ok())
        .collect();
    let verifier = Verifier::builder()
        .trust(root)
        .policy(Policy::new().revocation(RevocationMode::Off))
        .build();
    let options = Options::at(Time::from_unix(T))
        .purpose(Purpose::Any)
        .intermediates(intermediates);
    let report = verifier.verify_certificate(&leaf, &options);
    if report.valid {
        Ok(())
    } else {
        let reason = report.reason.expect("an invalid report has a reason");
        Err((reason.code().to_owned(), reason.to_string()))
    }
}

/// The chain that was generated: `specs[0]` the root, the last the leaf.
#[derive(Debug)]
struct Case {
    specs: Vec<Spec>,
}

impl Case {
    /// The spec of the certificate at OpenSSL's error depth (0 = leaf).
    fn at_depth(&self, depth: usize) -> Option<&Spec> {
        self.specs.iter().rev().nth(depth)
    }
}

// OpenSSL's X509_V_ERR_* numbers (include/openssl/x509_vfy.h).
const X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT: i32 = 2;
const X509_V_ERR_CERT_HAS_EXPIRED: i32 = 10;
const X509_V_ERR_INVALID_CA: i32 = 79;
const X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA: i32 = 80;
const X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN: i32 = 81;
const X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA: i32 = 82;
const X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER: i32 = 85;
const X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER: i32 = 86;
const X509_V_ERR_CA_BCONS_NOT_CRITICAL: i32 = 89;
const X509_V_ERR_CA_CERT_MISSING_KEY_USAGE: i32 = 92;

impl Spec {
    /// The extensions are written only into version 3 certificates.
    fn v3(&self) -> bool {
        self.version == Version::V3
    }

    /// basicConstraints with cA TRUE.
    fn ca_flag(&self) -> bool {
        self.v3()
            && match self.bc {
                Bc::Default => self.is_ca(),
                Bc::CaCritical | Bc::CaNonCritical | Bc::CaPathLen0 | Bc::CaPathLen1 => true,
                Bc::Absent | Bc::NotCa | Bc::NotCaWithPathLen => false,
            }
    }

    /// basicConstraints with a pathLenConstraint.
    fn path_len(&self) -> bool {
        self.v3()
            && matches!(
                self.bc,
                Bc::CaPathLen0 | Bc::CaPathLen1 | Bc::NotCaWithPathLen
            )
    }

    /// The keyUsage bits, if the extension is there.
    fn ku_bits(&self) -> Option<u8> {
        if !self.v3() {
            return None;
        }
        match self.ku {
            Ku::Default if self.is_ca() => Some(0x06),
            Ku::Default | Ku::DigitalSignatureOnly => Some(0x80),
            Ku::Absent => None,
            Ku::CertSignOnly => Some(0x04),
            Ku::CertSignNonCritical => Some(0x06),
            Ku::Empty => Some(0),
        }
    }
}

/// The deliberate differences between qoltanba and OpenSSL, each with its
/// reason; fuzz/README.md lists them. Gives the difference's name when the
/// two verdicts of `case` differ for one of them, `None` for a real
/// disagreement.
fn known_difference(
    case: &Case,
    ours: &Result<(), (String, String)>,
    theirs: &Result<(), OpensslError>,
) -> Option<&'static str> {
    let root = &case.specs[0];
    match (ours, theirs) {
        (Ok(()), Err(e)) => {
            let at = case.at_depth(e.depth);
            // 1. notAfter equal to the verification time. RFC 5280 4.1.2.5:
            //    the validity period runs from notBefore *through* notAfter,
            //    so the certificate is valid at that second (qoltanba);
            //    OpenSSL's X509_cmp_time counts "equal" as "before" and
            //    reports it expired.
            if e.code == X509_V_ERR_CERT_HAS_EXPIRED
                && at.is_some_and(|s| s.validity == Validity::EndsNow)
            {
                return Some("notAfter is inclusive");
            }
            // 2. The trust anchor. qoltanba takes the configured root as a
            //    trusted name and key (RFC 5280 6.1.1 (d)) and checks only
            //    its validity period; OpenSSL also applies its CA checks to
            //    it (basicConstraints CA and, under X509_STRICT, critical;
            //    keyUsage present; SKI present; version 3; no unknown
            //    critical extension), and without X509_V_FLAG_PARTIAL_CHAIN
            //    wants the chain to end in a self-signed certificate (a root
            //    whose issuer name, AKI or self-signature does not match
            //    itself gives "unable to get issuer"). Known when OpenSSL's
            //    error is at the root's depth and the root differs from a
            //    well-made CA.
            let root_depth = case.specs.len() - 1;
            let root_is_odd = root.version != Version::V3
                || !matches!(root.bc, Bc::Default | Bc::CaCritical | Bc::CaPathLen1)
                || !matches!(root.ku, Ku::Default)
                || root.extra != Extra::None
                || root.issuer_name_mismatch
                || root.aki == Aki::Mismatched
                || !root.ski
                || root.wrong_key;
            if root_is_odd
                && (e.depth == root_depth || e.code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT)
            {
                return Some("trust anchor taken as name and key");
            }
            // 3. X509_STRICT's profile checks. RFC 5280 section 4 tells a
            //    conforming CA to mark basicConstraints critical in CA
            //    certificates, to include the AKI and (in CA certificates)
            //    the SKI and keyUsage, not to put a pathLenConstraint in a
            //    non-CA certificate or keyCertSign in a certificate that is
            //    not a CA's. Those are rules for issuers; the path
            //    validation of section 6, which qoltanba implements, does not
            //    refuse a certificate for breaking them (it checks cA and
            //    keyCertSign where they matter: in the issuers of the path).
            //    OpenSSL under X509_STRICT refuses them. Known when the
            //    certificate at OpenSSL's error depth has the property.
            let strict = at.is_some_and(|s| match e.code {
                // A leaf with keyCertSign but without cA: X509_check_ca
                // says "looks like a CA" (4), which X509_STRICT refuses.
                X509_V_ERR_INVALID_CA if e.depth == 0 => {
                    !s.ca_flag() && s.ku_bits().is_some_and(|b| b & 0x04 != 0)
                }
                X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA => s.path_len() && !s.ca_flag(),
                // keyUsage without keyCertSign, or no keyUsage at all.
                X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN => {
                    s.path_len() && !s.ku_bits().is_some_and(|b| b & 0x04 != 0)
                }
                X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA => {
                    !s.ca_flag() && s.ku_bits().is_some_and(|b| b & 0x04 != 0)
                }
                X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER => s.aki == Aki::Absent,
                X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER => !s.ski,
                X509_V_ERR_CA_BCONS_NOT_CRITICAL => s.bc == Bc::CaNonCritical,
                X509_V_ERR_CA_CERT_MISSING_KEY_USAGE => s.ku_bits().is_none(),
                _ => false,
            });
            if strict {
                return Some("X509_STRICT profile checks");
            }
            None
        }
        (Err((code, detail)), Ok(())) => {
            // 4. Serial numbers. qoltanba refuses a negative serial or one
            //    longer than 20 octets (RFC 5280 4.1.2.2: "positive
            //    integer", "MUST NOT use serialNumber values longer than 20
            //    octets"; a negative serial was once judged valid, see the
            //    malformed suite), and serial 0 below the trust anchor;
            //    OpenSSL accepts all three, even under X509_STRICT.
            let serial = code.ends_with("cert-invalid")
                && detail.contains("serial number")
                && case.specs.iter().any(|s| {
                    matches!(
                        s.serial,
                        Serial::Negative | Serial::TwentyOneOctets | Serial::Zero
                    )
                });
            serial.then_some("serial numbers: positive, at most 20 octets")
        }
        _ => None,
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut d = Decisions(data);
    let two_cas = d.pick(2) == 1;
    let mut roles = vec![Role::Root, Role::Ca];
    if two_cas {
        roles.push(Role::Ca);
    }
    roles.push(Role::Leaf);
    let specs: Vec<Spec> = roles.iter().map(|r| Spec::read(*r, &mut d)).collect();
    let k = &keys().keys;
    let names = ["Differential Root", "Differential CA", "Differential CA 2"];
    let mut certs = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let (subject, key_index) = if spec.role == Role::Leaf {
            ("Differential Leaf", 3)
        } else {
            (names[i], i)
        };
        let issuer_index = i.saturating_sub(1);
        let issuer = if i == 0 {
            names[0]
        } else {
            names[issuer_index]
        };
        certs.push(issue(
            spec,
            subject,
            issuer,
            &k[key_index],
            &k[issuer_index],
            i as u8,
        ));
    }
    let (root, rest) = certs.split_first().expect("root");
    let (leaf, cas) = rest.split_last().expect("leaf");
    let theirs = openssl_verdict(root, cas, leaf);
    let ours = qoltanba_verdict(root, cas, leaf);
    let case = Case { specs };
    if ours.is_ok() != theirs.is_ok() && known_difference(&case, &ours, &theirs).is_none() {
        // DIFFERENTIAL_SURVEY=1: print every disagreement and go on (to
        // survey them all at once) instead of stopping at the first.
        if std::env::var_os("DIFFERENTIAL_SURVEY").is_some() {
            eprintln!("DIFF qoltanba={ours:?} openssl={theirs:?} {:?}", case.specs);
            return;
        }
        panic!(
            "verdicts differ\n  qoltanba: {ours:?}\n  openssl:  {theirs:?} ({})\n  chain: {:#?}",
            theirs.as_ref().err().map_or("", |e| e.text.as_str()),
            case.specs
        );
    }
});
