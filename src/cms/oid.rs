//! Object identifiers of CMS signed attributes (RFC 5652, RFC 2634,
//! RFC 5035, RFC 3161) and of the rsaEncryption SignerInfo algorithm.

/// id-contentType (RFC 5652 section 11.1): 1.2.840.113549.1.9.3.
pub(crate) const ID_CONTENT_TYPE: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x03];
/// id-messageDigest (section 11.2): 1.2.840.113549.1.9.4.
pub(crate) const ID_MESSAGE_DIGEST: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04];
/// id-signingTime (section 11.3): 1.2.840.113549.1.9.5.
pub(crate) const ID_SIGNING_TIME: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05];
/// id-aa-signingCertificate (RFC 2634 section 5.4): 1.2.840.113549.1.9.16.2.12.
pub(crate) const ID_SIGNING_CERTIFICATE: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x0c,
];
/// id-aa-signingCertificateV2 (RFC 5035 section 3): 1.2.840.113549.1.9.16.2.47.
pub(crate) const ID_SIGNING_CERTIFICATE_V2: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x2f,
];
/// id-aa-signatureTimeStampToken (RFC 3161 appendix A): 1.2.840.113549.1.9.16.2.14.
pub(crate) const ID_SIGNATURE_TIME_STAMP: &[u8] = &[
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x0e,
];
/// rsaEncryption (RFC 3370 section 3.2): as a SignerInfo signatureAlgorithm
/// it means PKCS #1 v1.5 with the SignerInfo's digestAlgorithm.
pub(crate) const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
