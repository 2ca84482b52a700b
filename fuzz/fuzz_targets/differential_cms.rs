//! Differential: qoltanba's verdict on a CMS SignedData agrees with
//! OpenSSL's `CMS_verify`.
//!
//! A chain root -> CA -> leaf with P-256 keys is made once by OpenSSL (the
//! leaf with keyUsage digitalSignature + nonRepudiation and
//! extendedKeyUsage emailProtection, so that OpenSSL's `smime_sign` purpose
//! and qoltanba's `Purpose::DocumentSigning` both accept it), with a few
//! other leaves of the same CA: another key and serial, another key under
//! the leaf's own issuer and serial, and the leaf's key with a validity
//! window that ends before or starts after the fixed verification time.
//!
//! The input is a decision string, then the content. The decisions pick
//! the digest (SHA-256, SHA-384, SHA-512, SHA-1: qoltanba verifies the last
//! under its legacy policy), attached or detached content, signed
//! attributes or none (`CMS_NOATTR`), the leaf carried in the document or
//! not (`CMS_NOCERTS`: then both verifiers are given it separately), one
//! tampering (none; a flipped content byte, in the document or in the
//! detached content given to the verifiers; a flipped byte of the signature
//! value; the carried or given leaf swapped for another leaf of the CA, with
//! another serial or with the signer's serial; a signer certificate whose
//! validity excludes the verification time), and where a flip goes. A
//! missing decision byte is 0: the empty input is a well-made, attached,
//! SHA-256 document with signed attributes and its certificate.
//!
//! OpenSSL signs (`CmsContentInfo::sign` with `CMS_PARTIAL`, then
//! `CMS_add1_signer` with the chosen digest and `CMS_final`) and verifies
//! (`CmsContentInfo::verify`, `CMS_BINARY`, an `X509Store` with the root,
//! the CA added to the parsed document's certificates, which are
//! `CMS_verify`'s untrusted ones, the time set with
//! `X509VerifyParam::set_time`, purpose `smime_sign`); qoltanba verifies
//! with `Verifier::verify_document` (the root trusted, the CA an
//! intermediate, revocation off, the same time, the default purpose). A
//! different verdict panics with both reasons, unless `known_difference`
//! names it (fuzz/README.md lists them). Besides, both verdicts must be what
//! the tampering calls for: valid exactly when nothing was tampered with.
#![no_main]

use std::ffi::{c_int, c_uint, c_void};
use std::sync::OnceLock;

use foreign_types::ForeignType;
use openssl::asn1::Asn1Time;
use openssl::bn::BigNum;
use openssl::cms::{CMSOptions, CmsContentInfo};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, PKeyRef, Private};
use openssl::stack::Stack;
use openssl::x509::extension::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectKeyIdentifier,
};
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::verify::X509VerifyParam;
use openssl::x509::{X509Builder, X509NameBuilder, X509PurposeId, X509};
use qoltanba::{Certificate, Options, Policy, RevocationMode, SignedDocument, Time, Verifier};

/// The verification time: 2025-06-01T00:00:00Z.
const T: i64 = 1_748_736_000;
const DAY: i64 = 86_400;
/// At most this much content per document.
const MAX_CONTENT: usize = 4096;

// libcrypto functions the `openssl` crate does not wrap (libcrypto is
// linked through openssl-sys). Pointers are opaque here.
extern "C" {
    fn CMS_add1_signer(
        cms: *mut c_void,
        signer: *mut c_void,
        pkey: *mut c_void,
        md: *const c_void,
        flags: c_uint,
    ) -> *mut c_void;
    fn CMS_add1_cert(cms: *mut c_void, cert: *mut c_void) -> c_int;
    fn CMS_final(cms: *mut c_void, data: *mut c_void, dcont: *mut c_void, flags: c_uint) -> c_int;
    fn CMS_get0_content(cms: *mut c_void) -> *mut *mut c_void;
    fn CMS_get0_SignerInfos(cms: *mut c_void) -> *mut c_void;
    fn CMS_SignerInfo_get0_signature(si: *mut c_void) -> *mut c_void;
    fn OPENSSL_sk_value(stack: *const c_void, i: c_int) -> *mut c_void;
    fn ASN1_STRING_get0_data(s: *const c_void) -> *const u8;
    fn ASN1_STRING_length(s: *const c_void) -> c_int;
    fn ASN1_STRING_set(s: *mut c_void, data: *const c_void, len: c_int) -> c_int;
    fn BIO_new_mem_buf(buf: *const c_void, len: c_int) -> *mut c_void;
    fn BIO_free(bio: *mut c_void) -> c_int;
}

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
enum Digest {
    Sha256,
    Sha384,
    Sha512,
    /// Verified by qoltanba under `Policy::with_legacy_algorithms(true)`.
    Sha1,
}

impl Digest {
    fn md(self) -> MessageDigest {
        match self {
            Digest::Sha256 => MessageDigest::sha256(),
            Digest::Sha384 => MessageDigest::sha384(),
            Digest::Sha512 => MessageDigest::sha512(),
            Digest::Sha1 => MessageDigest::sha1(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tamper {
    None,
    /// A byte of the content flipped: in the document when attached, in the
    /// content given to the verifiers when detached. (Empty content becomes
    /// one byte.)
    Content,
    /// A byte of the SignerInfo's signature value flipped.
    Signature,
    /// The leaf carried (or given) is another leaf of the CA: another key
    /// and serial.
    OtherLeaf,
    /// The leaf carried (or given) has the signer's issuer and serial but
    /// another key.
    SameSerialOtherKey,
    /// Signed with the leaf's key under a certificate that expired before
    /// the verification time.
    Expired,
    /// ... one valid only after the verification time.
    NotYetValid,
}

#[derive(Debug, Clone)]
struct Case {
    digest: Digest,
    detached: bool,
    attributes: bool,
    carry_certs: bool,
    tamper: Tamper,
    flip_at: usize,
    #[allow(dead_code)] // shown in the panic message
    content_len: usize,
}

struct Pki {
    root: X509,
    ca: X509,
    /// The signer's key, the one `leaf`, `expired` and `not_yet_valid` hold.
    key: PKey<Private>,
    leaf: X509,
    other_leaf: X509,
    same_serial: X509,
    expired: X509,
    not_yet_valid: X509,
}

fn name(cn: &str) -> openssl::x509::X509Name {
    let mut n = X509NameBuilder::new().expect("name");
    n.append_entry_by_text("CN", cn).expect("CN");
    n.append_entry_by_text("C", "KZ").expect("C");
    n.build()
}

fn new_key() -> PKey<Private> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).expect("P-256");
    PKey::from_ec_key(EcKey::generate(&group).expect("key")).expect("pkey")
}

/// Issues a certificate; `issuer` None means self-signed.
fn issue(
    subject: &str,
    serial: u32,
    key: &PKey<Private>,
    issuer: Option<(&X509, &PKey<Private>)>,
    ca: bool,
    validity: (i64, i64),
) -> X509 {
    let mut b = X509Builder::new().expect("builder");
    b.set_version(2).expect("version");
    let serial = BigNum::from_u32(serial).expect("bn");
    b.set_serial_number(&serial.to_asn1_integer().expect("int"))
        .expect("serial");
    b.set_subject_name(&name(subject)).expect("subject");
    match issuer {
        Some((cert, _)) => b.set_issuer_name(cert.subject_name()).expect("issuer"),
        None => b.set_issuer_name(&name(subject)).expect("issuer"),
    }
    b.set_pubkey(key).expect("key");
    b.set_not_before(&Asn1Time::from_unix(validity.0).expect("time"))
        .expect("nb");
    b.set_not_after(&Asn1Time::from_unix(validity.1).expect("time"))
        .expect("na");
    if ca {
        b.append_extension(BasicConstraints::new().critical().ca().build().expect("bc"))
            .expect("bc");
        b.append_extension(
            KeyUsage::new()
                .critical()
                .key_cert_sign()
                .crl_sign()
                .build()
                .expect("ku"),
        )
        .expect("ku");
    } else {
        b.append_extension(
            KeyUsage::new()
                .critical()
                .digital_signature()
                .non_repudiation()
                .build()
                .expect("ku"),
        )
        .expect("ku");
        b.append_extension(
            ExtendedKeyUsage::new()
                .email_protection()
                .build()
                .expect("eku"),
        )
        .expect("eku");
    }
    let ski = SubjectKeyIdentifier::new()
        .build(&b.x509v3_context(issuer.map(|(c, _)| &**c), None))
        .expect("ski");
    b.append_extension(ski).expect("ski");
    if let Some((cert, _)) = issuer {
        let aki = AuthorityKeyIdentifier::new()
            .keyid(true)
            .build(&b.x509v3_context(Some(cert), None))
            .expect("aki");
        b.append_extension(aki).expect("aki");
    }
    let signer = issuer.map_or(key, |(_, k)| k);
    b.sign(signer, MessageDigest::sha256()).expect("sign");
    b.build()
}

fn pki() -> &'static Pki {
    static P: OnceLock<Pki> = OnceLock::new();
    P.get_or_init(|| {
        let valid = (T - 30 * DAY, T + 365 * DAY);
        let root_key = new_key();
        let ca_key = new_key();
        let key = new_key();
        let other_key = new_key();
        let root = issue("CMS Root", 1, &root_key, None, true, valid);
        let ca = issue("CMS CA", 2, &ca_key, Some((&root, &root_key)), true, valid);
        let by_ca = Some((&ca, &ca_key));
        let leaf = issue("CMS Leaf", 3, &key, by_ca, false, valid);
        let other_leaf = issue("CMS Other Leaf", 4, &other_key, by_ca, false, valid);
        let same_serial = issue("CMS Leaf", 3, &other_key, by_ca, false, valid);
        let expired = issue(
            "CMS Leaf",
            5,
            &key,
            by_ca,
            false,
            (T - 400 * DAY, T - 30 * DAY),
        );
        let not_yet_valid = issue("CMS Leaf", 6, &key, by_ca, false, (T + DAY, T + 200 * DAY));
        Pki {
            root,
            ca,
            key,
            leaf,
            other_leaf,
            same_serial,
            expired,
            not_yet_valid,
        }
    })
}

fn flip(content: &[u8], at: usize) -> Vec<u8> {
    let mut v = content.to_vec();
    if v.is_empty() {
        v.push(1);
    } else {
        let i = at % v.len();
        v[i] ^= 0x01;
    }
    v
}

/// Signs `content` as the case says (tampering included); gives the DER.
fn sign(case: &Case, content: &[u8]) -> Vec<u8> {
    let p = pki();
    let signer_cert = match case.tamper {
        Tamper::Expired => &p.expired,
        Tamper::NotYetValid => &p.not_yet_valid,
        _ => &p.leaf,
    };
    let mut flags = CMSOptions::BINARY | CMSOptions::PARTIAL;
    if case.detached {
        flags |= CMSOptions::DETACHED;
    }
    let cms = CmsContentInfo::sign(None, None::<&PKeyRef<Private>>, None, None, flags)
        .expect("CMS_sign (partial)");
    let mut signer_flags = CMSOptions::CMS_NOCERTS | CMSOptions::BINARY;
    if !case.attributes {
        signer_flags |= CMSOptions::NOATTR;
    }
    // SAFETY: the pointers come from live openssl objects owned here; the
    // functions take their own references (add1) or borrow for the call.
    unsafe {
        let c = cms.as_ptr().cast::<c_void>();
        let si = CMS_add1_signer(
            c,
            signer_cert.as_ptr().cast(),
            p.key.as_ptr().cast(),
            case.digest.md().as_ptr().cast(),
            signer_flags.bits(),
        );
        assert!(!si.is_null(), "CMS_add1_signer");
        if case.carry_certs {
            assert_eq!(CMS_add1_cert(c, carried(case).as_ptr().cast()), 1);
        }
        let bio = BIO_new_mem_buf(content.as_ptr().cast(), content.len() as c_int);
        assert!(!bio.is_null());
        let ok = CMS_final(c, bio, std::ptr::null_mut(), flags.bits());
        BIO_free(bio);
        assert_eq!(ok, 1, "CMS_final");
        match case.tamper {
            Tamper::Content if !case.detached => {
                let pp = CMS_get0_content(c);
                assert!(!pp.is_null() && !(*pp).is_null(), "attached content");
                let tampered = flip(content, case.flip_at);
                assert_eq!(
                    ASN1_STRING_set(*pp, tampered.as_ptr().cast(), tampered.len() as c_int),
                    1
                );
            }
            Tamper::Signature => {
                let sis = CMS_get0_SignerInfos(c);
                let si = OPENSSL_sk_value(sis, 0);
                let sig = CMS_SignerInfo_get0_signature(si);
                let len = ASN1_STRING_length(sig) as usize;
                let bytes = std::slice::from_raw_parts(ASN1_STRING_get0_data(sig), len);
                let tampered = flip(bytes, case.flip_at);
                assert_eq!(
                    ASN1_STRING_set(sig, tampered.as_ptr().cast(), tampered.len() as c_int),
                    1
                );
            }
            _ => {}
        }
    }
    cms.to_der().expect("i2d_CMS_ContentInfo")
}

/// The leaf the document carries, or the verifiers are given.
fn carried(case: &Case) -> &'static X509 {
    let p = pki();
    match case.tamper {
        Tamper::OtherLeaf => &p.other_leaf,
        Tamper::SameSerialOtherKey => &p.same_serial,
        Tamper::Expired => &p.expired,
        Tamper::NotYetValid => &p.not_yet_valid,
        _ => &p.leaf,
    }
}

/// OpenSSL's verdict: Ok, or its error queue as text.
fn openssl_verdict(case: &Case, der: &[u8], detached: Option<&[u8]>) -> Result<(), String> {
    let p = pki();
    let mut cms = CmsContentInfo::from_der(der).map_err(|e| format!("d2i: {e}"))?;
    let mut store = X509StoreBuilder::new().expect("store");
    store.add_cert(p.root.clone()).expect("anchor");
    let mut param = X509VerifyParam::new().expect("param");
    param.set_time(T);
    param
        .set_purpose(X509PurposeId::SMIME_SIGN)
        .expect("purpose");
    store.set_param(&param).expect("param");
    let store = store.build();
    // CMS_verify searches `certs` for the signer's certificate only; the
    // untrusted certificates of the path are the document's own
    // (CMS_get1_certs). So the CA joins the parsed document's certificates,
    // as qoltanba joins its intermediates to them.
    // SAFETY: CMS_add1_cert takes its own reference to the live X509.
    let added = unsafe { CMS_add1_cert(cms.as_ptr().cast(), p.ca.as_ptr().cast()) };
    assert_eq!(added, 1, "CMS_add1_cert (CA)");
    let mut certs = Stack::new().expect("stack");
    if !case.carry_certs {
        certs.push(carried(case).clone()).expect("push");
    }
    cms.verify(
        Some(&certs),
        Some(&store),
        detached,
        None,
        CMSOptions::BINARY,
    )
    .map_err(|e| e.to_string())
}

/// qoltanba's verdict: Ok, or the reason's code and text.
fn qoltanba_verdict(
    case: &Case,
    der: &[u8],
    detached: Option<&[u8]>,
) -> Result<(), (String, String)> {
    let p = pki();
    let cert = |c: &X509| Certificate::from_der(&c.to_der().expect("DER")).expect("parses");
    let doc = SignedDocument::from_any(der).map_err(|e| (e.code().to_owned(), e.to_string()))?;
    let verifier = Verifier::builder()
        .trust(cert(&p.root))
        .intermediate(cert(&p.ca))
        .policy(
            Policy::new()
                .revocation(RevocationMode::Off)
                .legacy_algorithms(case.digest == Digest::Sha1),
        )
        .build();
    let mut options = Options::at(Time::from_unix(T));
    if !case.carry_certs {
        options = options.intermediates([cert(carried(case))]);
    }
    let report = verifier.verify_document(&doc, detached, &options);
    if report.valid {
        // The document is what the decisions asked for.
        let name = match case.digest {
            Digest::Sha256 => "SHA-256",
            Digest::Sha384 => "SHA-384",
            Digest::Sha512 => "SHA-512",
            Digest::Sha1 => "SHA-1",
        };
        assert_eq!(report.signers.len(), 1);
        let signer = &report.signers[0];
        assert_eq!(signer.digest_algorithm, name, "{case:?}");
        assert_eq!(doc.content().is_none(), case.detached, "{case:?}");
        assert_eq!(doc.certificates().is_empty(), !case.carry_certs, "{case:?}");
        Ok(())
    } else {
        let reason = report.reason.expect("an invalid report has a reason");
        Err((reason.code().to_owned(), reason.to_string()))
    }
}

/// The deliberate differences between the two verdicts, each with its
/// reason (fuzz/README.md lists them); `None` for a real disagreement.
/// None are known yet: the documents are well made and both sides follow
/// RFC 5652 here.
fn known_difference(
    _case: &Case,
    _ours: &Result<(), (String, String)>,
    _theirs: &Result<(), String>,
) -> Option<&'static str> {
    None
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut d = Decisions(data);
    let case_digest =
        [Digest::Sha256, Digest::Sha384, Digest::Sha512, Digest::Sha1][usize::from(d.pick(4))];
    let detached = d.pick(2) == 1;
    let attributes = d.pick(2) == 0;
    let carry_certs = d.pick(2) == 0;
    let tamper = [
        Tamper::None,
        Tamper::Content,
        Tamper::Signature,
        Tamper::OtherLeaf,
        Tamper::SameSerialOtherKey,
        Tamper::Expired,
        Tamper::NotYetValid,
    ][usize::from(d.pick(7))];
    let flip_at = usize::from(d.pick(255));
    let content = &d.0[..d.0.len().min(MAX_CONTENT)];
    let case = Case {
        digest: case_digest,
        detached,
        attributes,
        carry_certs,
        tamper,
        flip_at,
        content_len: content.len(),
    };
    let der = sign(&case, content);
    let given = match (detached, tamper) {
        (false, _) => None,
        (true, Tamper::Content) => Some(flip(content, flip_at)),
        (true, _) => Some(content.to_vec()),
    };
    let theirs = openssl_verdict(&case, &der, given.as_deref());
    let ours = qoltanba_verdict(&case, &der, given.as_deref());
    let survey = std::env::var_os("DIFFERENTIAL_SURVEY").is_some();
    if ours.is_ok() != theirs.is_ok() && known_difference(&case, &ours, &theirs).is_none() {
        // DIFFERENTIAL_SURVEY=1: print every disagreement and go on.
        if survey {
            eprintln!("DIFF qoltanba={ours:?} openssl={theirs:?} {case:?}");
            return;
        }
        panic!("verdicts differ\n  qoltanba: {ours:?}\n  openssl:  {theirs:?}\n  case: {case:#?}");
    }
    // Where they agree, they must be right: valid exactly when nothing was
    // tampered with.
    let expected = tamper == Tamper::None;
    if ours.is_ok() == theirs.is_ok() && ours.is_ok() != expected {
        if survey {
            eprintln!("BOTH WRONG qoltanba={ours:?} openssl={theirs:?} {case:?}");
            return;
        }
        panic!(
            "both verdicts wrong (expected valid: {expected})\n  qoltanba: {ours:?}\n  openssl:  {theirs:?}\n  case: {case:#?}"
        );
    }
});
