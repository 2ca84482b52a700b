#!/usr/bin/env python3
"""Makes the malformed-input suite (test-vectors/malformed/) and the forgery
material (test-vectors/forgery/) from the demo PKI (test-vectors/demo/) and
its CMS documents (test-vectors/cms/).

Python standard library only: a small DER reader/writer edits the demo
certificates, CRLs and CMS documents; RSA PKCS#1 v1.5 and ECDSA P-256 (with a
deterministic nonce, RFC 6979 style) re-sign an edited TBS with the demo keys
so that the edit under test, not a broken signature, is what the verifier
meets. Every output is deterministic: running the script again gives the same
bytes (`python3 generate.py --check` verifies that nothing changed).

Usage: python3 test-vectors/malformed/generate.py [--check]
"""

import base64
import hashlib
import hmac
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.dirname(HERE)
DEMO = os.path.join(VECTORS, "demo")
CMS = os.path.join(VECTORS, "cms")
FORGERY = os.path.join(VECTORS, "forgery")

# ---------------------------------------------------------------- DER ------


def der_length(n):
    """A DER length (minimal, X.690 section 10.1)."""
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    """One DER TLV."""
    return bytes([tag]) + der_length(len(content)) + content


def read_tlv(data, pos=0):
    """(tag, content start, content end, next position) of the TLV at pos
    (definite lengths only: the inputs are DER)."""
    tag = data[pos]
    n = data[pos + 1]
    pos += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(data[pos:pos + k], "big")
        pos += k
    return tag, pos, pos + n, pos + n


def children(content):
    """The raw TLVs inside a constructed value."""
    out = []
    pos = 0
    while pos < len(content):
        _, _, _, nxt = read_tlv(content, pos)
        out.append(content[pos:nxt])
        pos = nxt
    return out


def value(raw):
    """The content octets of one TLV."""
    _, s, e, _ = read_tlv(raw)
    return raw[s:e]


def seq(*items):
    return tlv(0x30, b"".join(items))


def integer(n):
    length = max(1, (n.bit_length() + 8) // 8)
    return tlv(0x02, n.to_bytes(length, "big", signed=True))


def oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    out = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.append(0x80 | (p & 0x7F))
            p >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, out)


NULL = b"\x05\x00"
SHA256_RSA = "1.2.840.113549.1.1.11"
SHA384_RSA = "1.2.840.113549.1.1.12"
ECDSA_SHA256 = "1.2.840.10045.4.3.2"


def pem_der(path):
    text = open(path, "rb").read()
    if not text.startswith(b"-----"):
        return text
    body = b"".join(l for l in text.splitlines() if not l.startswith(b"-----"))
    return base64.b64decode(body)


def pem(label, der):
    b = base64.b64encode(der).decode()
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return ("-----BEGIN %s-----\n%s\n-----END %s-----\n" % (label, "\n".join(lines), label)).encode()


# ----------------------------------------------------------- signing -------


def rsa_key(path):
    """(n, d) of a PKCS#8 RSA private key."""
    pkcs8 = children(value(pem_der(path)))
    rsa = children(value(value(pkcs8[2]) if pkcs8[2][0] == 0x04 else pkcs8[2]))
    return int.from_bytes(value(rsa[1]), "big"), int.from_bytes(value(rsa[3]), "big")


def rsa_sign(key, message, hash_name="sha256"):
    """RSASSA-PKCS1-v1_5 (RFC 8017 section 8.2), deterministic."""
    n, d = key
    digest_oid = {"sha256": "2.16.840.1.101.3.4.2.1", "sha384": "2.16.840.1.101.3.4.2.2"}[hash_name]
    t = seq(seq(oid(digest_oid), NULL), tlv(0x04, hashlib.new(hash_name, message).digest()))
    k = (n.bit_length() + 7) // 8
    em = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
    return pow(int.from_bytes(em, "big"), d, n).to_bytes(k, "big")


# P-256 (SEC 2 section 2.4.2)
P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
A = P - 3
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)


def ec_add(p, q):
    if p is None:
        return q
    if q is None:
        return p
    if p[0] == q[0] and (p[1] + q[1]) % P == 0:
        return None
    if p == q:
        lam = (3 * p[0] * p[0] + A) * pow(2 * p[1], -1, P) % P
    else:
        lam = (q[1] - p[1]) * pow(q[0] - p[0], -1, P) % P
    x = (lam * lam - p[0] - q[0]) % P
    return x, (lam * (p[0] - x) - p[1]) % P


def ec_mul(k, p):
    r = None
    while k:
        if k & 1:
            r = ec_add(r, p)
        p = ec_add(p, p)
        k >>= 1
    return r


def ec_key(path):
    """The private scalar of a PKCS#8 P-256 key."""
    pkcs8 = children(value(pem_der(path)))
    ec = children(value(value(pkcs8[2])))
    return int.from_bytes(value(ec[1]), "big")


def ecdsa_sign(d, message):
    """ECDSA P-256 with SHA-256 (SEC 1 section 4.1.3); the nonce is an HMAC of
    the key and the digest, so the output is deterministic."""
    e = int.from_bytes(hashlib.sha256(message).digest(), "big")
    counter = 0
    while True:
        k = int.from_bytes(hmac.new(d.to_bytes(32, "big"), e.to_bytes(32, "big") + bytes([counter]),
                                    hashlib.sha256).digest(), "big") % N
        counter += 1
        if k == 0:
            continue
        r = ec_mul(k, G)[0] % N
        s = pow(k, -1, N) * (e + r * d) % N
        if r and s:
            return seq(integer(r), integer(s))


# ------------------------------------------------------ certificates -------


class Cert:
    """A certificate or CRL split into its TBS fields, signature algorithm
    and signature, for editing."""

    def __init__(self, der):
        tbs, alg, sig = children(value(der))
        self.fields = children(value(tbs))
        self.alg = alg
        self.sig = sig

    def tbs(self):
        return seq(*self.fields)

    def signed(self, sign, alg=None, tbs_alg=None):
        """Replaces the inner algorithm with tbs_alg (if given), signs the
        TBS with `sign`, and puts `alg` (default: the old one) outside."""
        if tbs_alg is not None:
            self.fields[self.alg_index()] = tbs_alg
        tbs = self.tbs()
        return seq(tbs, alg if alg is not None else self.alg, tlv(0x03, b"\x00" + sign(tbs)))

    def alg_index(self):
        # certificate: [0] version, serial, signature; CRL: version, signature
        return 2 if self.fields[0][0] == 0xA0 else 1

    def extensions(self):
        last = self.fields[-1]
        assert last[0] in (0xA3, 0xA0), "no extensions"
        return children(value(value(last)))

    def set_extensions(self, exts):
        self.fields[-1] = tlv(self.fields[-1][0], seq(*exts))


def demo(name):
    return pem_der(os.path.join(DEMO, name))


def ext(oid_dotted, content, critical=False):
    return seq(oid(oid_dotted), b"\x01\x01\xff" if critical else b"", tlv(0x04, content))


def ext_oid(raw):
    return value(children(value(raw))[0])


OID_BC = value(oid("2.5.29.19"))
OID_KU = value(oid("2.5.29.15"))
OID_SKI = value(oid("2.5.29.14"))
OID_AKI = value(oid("2.5.29.35"))


def replace_ext(exts, oid_value, new):
    """Replaces (new) or removes (None) the extension with that OID."""
    out = []
    for e in exts:
        if ext_oid(e) == oid_value:
            if new is not None:
                out.append(new)
        else:
            out.append(e)
    return out


def name(cn, country="KZ"):
    return seq(tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0C, cn.encode()))),
               tlv(0x31, seq(oid("2.5.4.6"), tlv(0x13, country.encode()))))


def ski_of(spki):
    """Key identifier method 1 of RFC 5280 4.2.1.2: SHA-1 of the key bits."""
    return hashlib.sha1(value(children(value(spki))[1])[1:]).digest()


def key_ids(cert, spki, issuer_spki):
    exts = replace_ext(cert.extensions(), OID_SKI, ext("2.5.29.14", tlv(0x04, ski_of(spki))))
    exts = replace_ext(exts, OID_AKI, ext("2.5.29.35", seq(tlv(0x80, ski_of(issuer_spki)))))
    cert.set_extensions(exts)


# --------------------------------------------------------------- outputs ---

OUTPUTS = {}


def out(directory, name_, data):
    OUTPUTS[os.path.join(directory, name_)] = data


def deep_nesting(depth, indefinite):
    """`depth` nested SEQUENCEs, innermost empty."""
    if indefinite:
        return b"\x30\x80" * depth + b"\x00\x00" * depth
    headers, length = [], 0
    for _ in range(depth):
        h = b"\x30" + der_length(length)
        headers.append(h)
        length += len(h)
    return b"".join(reversed(headers))


def with_outer_length(der, length_octets):
    """The same TLV with its outer length written as `length_octets`."""
    tag, s, e, _ = read_tlv(der)
    return bytes([tag]) + length_octets + der[s:e]


def indefinite(der):
    """The outer SEQUENCE re-encoded with an indefinite length (BER)."""
    tag, s, e, _ = read_tlv(der)
    return bytes([tag, 0x80]) + der[s:e] + b"\x00\x00"


def broken_pem(label, der):
    text = pem(label, der).decode().splitlines()
    # A character outside the base64 alphabet in the middle of the body.
    line = text[3]
    text[3] = line[:10] + "!*" + line[12:]
    return ("\n".join(text) + "\n").encode()


def malformed():
    leaf = demo("individual-sign.pem")
    leaf_ec = demo("individual-sign-ec.pem")
    crl = demo("nca-rsa.crl")
    doc = open(os.path.join(CMS, "rsa-attached.der"), "rb").read()
    nca_rsa = rsa_key(os.path.join(DEMO, "nca-rsa.key.pem"))
    rogue = rsa_key(os.path.join(DEMO, "rogue-nca.key.pem"))
    nca_ec = ec_key(os.path.join(DEMO, "nca-ec.key.pem"))
    sign_nca = lambda m: rsa_sign(nca_rsa, m)
    M = HERE

    # ---- certificates (individual-sign.pem, issued by DEMO NCA (RSA))
    out(M, "cert-empty.der", b"")
    out(M, "cert-truncated.der", leaf[: len(leaf) // 2])
    out(M, "cert-trailing-garbage.der", leaf + b"\x00\x00\x05\x00")
    out(M, "cert-wrong-tag.der", b"\x31" + leaf[1:])
    c = Cert(leaf)
    c.fields[1] = b"\x04" + c.fields[1][1:]  # serial as OCTET STRING
    out(M, "cert-serial-wrong-tag.der", c.signed(sign_nca))
    out(M, "cert-indefinite-length.der", indefinite(leaf))
    _, s, e, _ = read_tlv(leaf)
    out(M, "cert-non-minimal-length.der", with_outer_length(leaf, b"\x84" + (e - s).to_bytes(4, "big")))
    out(M, "cert-huge-length.der", with_outer_length(leaf, b"\x84\x7f\xff\xff\xff"))
    out(M, "cert-length-overflow.der", with_outer_length(leaf, b"\x89\x01" + b"\x00" * 8))
    out(M, "cert-deep-nesting.der", deep_nesting(10000, False))
    c = Cert(leaf)
    c.fields[1] = tlv(0x02, b"\x80" + value(c.fields[1])[1:])
    out(M, "cert-negative-serial.der", c.signed(sign_nca))
    c = Cert(leaf)
    c.fields[1] = tlv(0x02, b"\x44" * 21)
    out(M, "cert-oversized-serial.der", c.signed(sign_nca))
    c = Cert(leaf)
    c.fields[1] = integer(0)
    out(M, "cert-zero-serial.der", c.signed(sign_nca))
    c = Cert(leaf)
    exts = c.extensions()
    ku = [x for x in exts if ext_oid(x) == OID_KU][0]
    c.set_extensions(exts + [ku])
    out(M, "cert-duplicate-extension.der", c.signed(sign_nca))
    c = Cert(leaf)
    exts = [x for x in c.extensions() if ext_oid(x) != OID_KU]
    c.set_extensions(exts + [ext("2.5.29.15", b"\x03\x01\x00", critical=True)])
    out(M, "cert-empty-key-usage.der", c.signed(sign_nca))
    rsa_bad_params = seq(oid(SHA256_RSA), tlv(0x04, b"\x00"))
    c = Cert(leaf)
    out(M, "cert-rsa-params-not-null.der", c.signed(sign_nca, alg=rsa_bad_params, tbs_alg=rsa_bad_params))
    c = Cert(leaf_ec)
    ec_with_params = seq(oid(ECDSA_SHA256), NULL)
    out(M, "cert-ecdsa-with-params.der",
        c.signed(lambda m: ecdsa_sign(nca_ec, m), alg=ec_with_params, tbs_alg=ec_with_params))
    c = Cert(leaf)
    out(M, "cert-sigalg-mismatch.der",
        c.signed(lambda m: rsa_sign(nca_rsa, m, "sha384"), alg=seq(oid(SHA384_RSA), NULL)))
    out(M, "cert-broken-base64.pem", broken_pem("CERTIFICATE", leaf))

    # ---- CRLs (nca-rsa.crl, DEMO NCA (RSA)); judged by validating
    # individual-sign.pem with this CRL in place of nca-rsa.crl
    out(M, "crl-empty.der", b"")
    out(M, "crl-truncated.der", crl[: len(crl) - 40])
    out(M, "crl-trailing-garbage.der", crl + b"\x30\x00")
    out(M, "crl-wrong-tag.der", b"\x04" + crl[1:])
    out(M, "crl-indefinite-length.der", indefinite(crl))
    _, s, e, _ = read_tlv(crl)
    out(M, "crl-non-minimal-length.der", with_outer_length(crl, b"\x84" + (e - s).to_bytes(4, "big")))
    out(M, "crl-huge-length.der", with_outer_length(crl, b"\x84\x7f\xff\xff\xff"))
    out(M, "crl-deep-nesting.der", deep_nesting(20000, False))
    c = Cert(crl)
    out(M, "crl-sigalg-mismatch.der",
        c.signed(lambda m: rsa_sign(nca_rsa, m, "sha384"), alg=seq(oid(SHA384_RSA), NULL)))
    c = Cert(crl)
    out(M, "crl-wrong-key.der", c.signed(lambda m: rsa_sign(rogue, m)))
    out(M, "crl-broken-base64.pem", broken_pem("X509 CRL", crl))

    # ---- CMS (rsa-attached.der, signed by individual-sign)
    out(M, "cms-empty.der", b"")
    out(M, "cms-truncated.der", doc[: len(doc) - 100])
    out(M, "cms-trailing-garbage.der", doc + b"\x00\x00\x00\x00")
    out(M, "cms-wrong-tag.der", b"\x31" + doc[1:])
    ci = children(value(doc))
    out(M, "cms-not-signed-data.der", seq(oid("1.2.840.113549.1.7.1"), ci[1]))
    out(M, "cms-huge-length.der", with_outer_length(doc, b"\x84\x7f\xff\xff\xff"))
    out(M, "cms-deep-nesting.der",
        seq(oid("1.2.840.113549.1.7.2"), b"\xa0\x80" + deep_nesting(100000, True) + b"\x00\x00"))
    sd = children(value(value(ci[1])))
    no_certs = [f for f in sd if f[0] != 0xA0]
    out(M, "cms-signer-cert-missing.der", seq(ci[0], tlv(0xA0, seq(*no_certs))))
    out(M, "cms-broken-base64.pem", broken_pem("CMS", doc))


# ------------------------------------------ time-stamps and OCSP ----------

SHA256 = "2.16.840.1.101.3.4.2.1"
SHA1 = "1.3.14.3.2.26"
ID_SIGNED_DATA = "1.2.840.113549.1.7.2"
ID_CT_TSTINFO = "1.2.840.113549.1.9.16.1.4"
ID_SIGNING_TIME = "1.2.840.113549.1.9.5"
ID_SIGNATURE_TIME_STAMP = "1.2.840.113549.1.9.16.2.14"
TSA_POLICY = "1.2.398.3.3.2.6.99"


def generalized_time(text):
    """GeneralizedTime from 'YYYYMMDDHHMMSSZ'."""
    return tlv(0x18, text.encode())


def signature_value(signer_info):
    """The signature OCTET STRING's content of a SignerInfo."""
    return value(children(value(signer_info))[5])


def signer_infos(doc):
    """(ContentInfo fields, SignedData fields, SignerInfo list) of a CMS
    document."""
    ci = children(value(doc))
    sd = children(value(value(ci[1])))
    return ci, sd, children(value(sd[-1]))


def with_signer_infos(ci, sd, infos):
    return seq(ci[0], tlv(0xA0, seq(*(sd[:-1] + [tlv(0x31, b"".join(infos))]))))


def resign_signing_time(doc, key, when):
    """The document's only signer with signingTime set to `when` (UTCTime
    'YYMMDDHHMMSSZ') and its signed attributes re-signed with `key`."""
    ci, sd, infos = signer_infos(doc)
    si = children(value(infos[0]))
    attrs = children(value(si[3]))
    new = []
    for a in attrs:
        if value(children(value(a))[0]) == value(oid(ID_SIGNING_TIME)):
            a = seq(oid(ID_SIGNING_TIME), tlv(0x31, tlv(0x17, when.encode())))
        new.append(a)
    signed = tlv(0x31, b"".join(sorted(new)))
    si[3] = b"\xa0" + signed[1:]
    si[5] = tlv(0x04, rsa_sign(key, signed))
    return with_signer_infos(ci, sd, [seq(*si)])


def tsa_certificate(issuer, issuer_key, spki):
    """"DEMO TSA (malformed suite)": individual-sign.pem's shape re-issued by
    DEMO NCA (RSA) with `spki`, keyUsage digitalSignature and the critical
    extended key usage id-kp-timeStamping (RFC 3161 section 2.3), valid
    2022-01-01 .. 2030-01-01."""
    c = Cert(demo("individual-sign.pem"))
    c.fields[1] = integer(0x44454D4F0000000000000000000000000000F100)
    c.fields[3] = issuer.fields[5]
    c.fields[4] = seq(tlv(0x17, b"220101000000Z"), tlv(0x17, b"300101000000Z"))
    c.fields[5] = name("DEMO TSA (malformed suite)")
    c.fields[6] = spki
    c.set_extensions([
        ext("2.5.29.15", tlv(0x03, b"\x07\x80"), critical=True),
        ext("2.5.29.37", seq(oid("1.3.6.1.5.5.7.3.8")), critical=True),
        ext("2.5.29.14", tlv(0x04, ski_of(spki))),
        ext("2.5.29.35", seq(tlv(0x80, ski_of(issuer.fields[6])))),
    ])
    return c.signed(lambda m: rsa_sign(issuer_key, m))


def timestamp_token(tsa_der, tsa_key, issuer_name, imprint, gen_time):
    """An RFC 3161 TimeStampToken: SignedData over a TSTInfo with a SHA-256
    `imprint`, signed (RSA, SHA-256) with signed attributes contentType,
    messageDigest and signingCertificateV2, the TSA certificate carried."""
    tst_info = seq(integer(1), oid(TSA_POLICY), seq(seq(oid(SHA256), NULL), tlv(0x04, imprint)),
                   integer(0x5A17), generalized_time(gen_time))
    attrs = sorted([
        seq(oid("1.2.840.113549.1.9.3"), tlv(0x31, oid(ID_CT_TSTINFO))),
        seq(oid("1.2.840.113549.1.9.4"), tlv(0x31, tlv(0x04, hashlib.sha256(tst_info).digest()))),
        seq(oid("1.2.840.113549.1.9.16.2.47"),
            tlv(0x31, seq(seq(seq(tlv(0x04, hashlib.sha256(tsa_der).digest())))))),
    ])
    signed = tlv(0x31, b"".join(attrs))
    signer_info = seq(integer(1), seq(issuer_name, Cert(tsa_der).fields[1]), seq(oid(SHA256), NULL),
                      b"\xa0" + signed[1:], seq(oid(SHA256_RSA), NULL),
                      tlv(0x04, rsa_sign(tsa_key, signed)))
    signed_data = seq(integer(3), tlv(0x31, seq(oid(SHA256), NULL)),
                      seq(oid(ID_CT_TSTINFO), tlv(0xA0, tlv(0x04, tst_info))),
                      tlv(0xA0, tsa_der), tlv(0x31, signer_info))
    return seq(oid(ID_SIGNED_DATA), tlv(0xA0, signed_data))


def with_timestamp(doc, token):
    """The document with `token` as its only signer's
    signature-time-stamp unsigned attribute (CAdES-T)."""
    ci, sd, infos = signer_infos(doc)
    si = children(value(infos[0]))
    assert len(si) == 6, "already has unsigned attributes"
    si.append(tlv(0xA1, seq(oid(ID_SIGNATURE_TIME_STAMP), tlv(0x31, token))))
    return with_signer_infos(ci, sd, [seq(*si)])


def ocsp_response(responder_key, responder_name, cert_id, status, produced, next_update):
    """An RFC 6960 OCSPResponse (successful, id-pkix-ocsp-basic) with one
    SingleResponse for `cert_id`, responder byName, signed (RSA, SHA-256)."""
    single = seq(cert_id, status, generalized_time(produced),
                 tlv(0xA0, generalized_time(next_update)))
    tbs = seq(tlv(0xA1, responder_name), generalized_time(produced), seq(single))
    basic = seq(tbs, seq(oid(SHA256_RSA), NULL),
                tlv(0x03, b"\x00" + rsa_sign(responder_key, tbs)))
    return seq(tlv(0x0A, b"\x00"),
               tlv(0xA0, seq(oid("1.3.6.1.5.5.7.48.1.1"), tlv(0x04, basic))))


def cert_id(issuer_name, issuer_spki, serial_tlv):
    """CertID with SHA-1 (RFC 6960 section 4.1.1)."""
    return seq(seq(oid(SHA1), NULL), tlv(0x04, hashlib.sha1(issuer_name).digest()),
               tlv(0x04, ski_of(issuer_spki)), serial_tlv)


OCSP_GOOD = b"\x80\x00"


def stamps_and_ocsp():
    """Time-stamps over the wrong signature and OCSP responses for the
    wrong certificate, with controls (controls/) that show the same
    construction accepted when it is right."""
    M = HERE
    C = os.path.join(HERE, "controls")
    nca = Cert(demo("nca-rsa.pem"))
    nca_key = rsa_key(os.path.join(DEMO, "nca-rsa.key.pem"))
    rogue = Cert(demo("rogue-nca.pem"))
    rogue_key = rsa_key(os.path.join(DEMO, "rogue-nca.key.pem"))
    leaf_key = rsa_key(os.path.join(DEMO, "individual-sign.key.pem"))
    tsa_key = rsa_key(os.path.join(DEMO, "system-sign.key.pem"))
    tsa = tsa_certificate(nca, nca_key, Cert(demo("system-sign.pem")).fields[6])
    issuer_name = nca.fields[5]

    # rsa-attached.der with signingTime 2025-05-31T11:00:00Z (inside the
    # signer's validity), re-signed by individual-sign.
    original = open(os.path.join(CMS, "rsa-attached.der"), "rb").read()
    doc = resign_signing_time(original, leaf_key, "250531110000Z")
    own = signature_value(signer_infos(doc)[2][0])
    other = signature_value(signer_infos(original)[2][0])
    stamp = lambda sig: timestamp_token(tsa, tsa_key, issuer_name,
                                        hashlib.sha256(sig).digest(), "20250531120000Z")
    out(C, "cms-timestamped.der", with_timestamp(doc, stamp(own)))
    # The token of another signature (the same signer's over the same
    # content, signed at another time) moved onto this one.
    out(M, "cms-timestamp-other-signature.der", with_timestamp(doc, stamp(other)))

    # OCSP: individual-sign.pem judged with root-rsa.crl and one response,
    # no CRL of DEMO NCA (RSA).
    leaf_serial = Cert(demo("individual-sign.pem")).fields[1]
    other_serial = Cert(demo("signer-sign.pem")).fields[1]
    good = lambda cid, key=nca_key: ocsp_response(key, issuer_name, cid, OCSP_GOOD,
                                                  "20250531120000Z", "20250607120000Z")
    out(C, "ocsp-good.der", good(cert_id(issuer_name, nca.fields[6], leaf_serial)))
    out(M, "ocsp-other-cert.der", good(cert_id(issuer_name, nca.fields[6], other_serial)))
    out(M, "ocsp-other-issuer-key.der", good(cert_id(issuer_name, rogue.fields[6], leaf_serial)))
    out(M, "ocsp-wrong-key.der", good(cert_id(issuer_name, nca.fields[6], leaf_serial), rogue_key))


def forgery():
    F = FORGERY
    root = Cert(demo("root-rsa.pem"))
    nca = Cert(demo("nca-rsa.pem"))
    rogue_cert = Cert(demo("rogue-nca.pem"))
    root_key = rsa_key(os.path.join(DEMO, "root-rsa.key.pem"))
    nca_key = rsa_key(os.path.join(DEMO, "nca-rsa.key.pem"))
    rogue_key = rsa_key(os.path.join(DEMO, "rogue-nca.key.pem"))
    rogue_spki = rogue_cert.fields[6]
    real_root_spki = root.fields[6]
    sign_rogue = lambda m: rsa_sign(rogue_key, m)
    sign_root = lambda m: rsa_sign(root_key, m)

    # A self-signed look-alike of DEMO ROOT CA (RSA): same name, the rogue key.
    fake_root = Cert(demo("root-rsa.pem"))
    fake_root.fields[1] = integer(0x44454D4F0000000000000000000000000000F001)
    fake_root.fields[6] = rogue_spki
    key_ids(fake_root, rogue_spki, rogue_spki)
    out(F, "lookalike-root.pem", pem("CERTIFICATE", fake_root.signed(sign_rogue)))
    # DEMO NCA (RSA) with the rogue key, issued by the look-alike root.
    fake_nca = Cert(demo("nca-rsa.pem"))
    fake_nca.fields[1] = integer(0x44454D4F0000000000000000000000000000F002)
    fake_nca.fields[6] = rogue_spki
    key_ids(fake_nca, rogue_spki, rogue_spki)
    out(F, "lookalike-nca.pem", pem("CERTIFICATE", fake_nca.signed(sign_rogue)))
    # The leaf is test-vectors/demo/wrong-issuer.pem (issued with the rogue key).

    # Intermediates issued by the real DEMO ROOT CA (RSA) without CA rights,
    # each issuing a copy of individual-sign.pem.
    variants = {
        "not-ca": ("DEMO SUB NOT CA (RSA)", seq(oid("2.5.29.19"), b"\x01\x01\xff", tlv(0x04, seq()))),
        "no-basic-constraints": ("DEMO SUB NO BC (RSA)", None),
        "no-keycertsign": ("DEMO SUB NO KCS (RSA)", "ku"),
    }
    serial = 0x44454D4F0000000000000000000000000000F010
    for tag, (cn, bc) in variants.items():
        sub = Cert(demo("nca-rsa.pem"))
        sub.fields[1] = integer(serial)
        sub.fields[5] = name(cn)
        sub.fields[6] = rogue_spki
        key_ids(sub, rogue_spki, real_root_spki)
        exts = sub.extensions()
        if bc == "ku":
            # CA:TRUE kept; keyUsage digitalSignature only (no keyCertSign, cRLSign)
            exts = replace_ext(exts, OID_KU, ext("2.5.29.15", tlv(0x03, b"\x07\x80"), critical=True))
        else:
            exts = replace_ext(exts, OID_BC, bc)
        sub.set_extensions(exts)
        out(F, "sub-%s.pem" % tag, pem("CERTIFICATE", sub.signed(sign_root)))
        leaf = Cert(demo("individual-sign.pem"))
        leaf.fields[1] = integer(serial + 1)
        leaf.fields[3] = name(cn)
        key_ids(leaf, leaf.fields[6], rogue_spki)
        out(F, "leaf-of-sub-%s.pem" % tag, pem("CERTIFICATE", leaf.signed(sign_rogue)))
        serial += 2

    # individual-sign.pem with an IIN that has the real one as a prefix or a
    # substring, re-issued by DEMO NCA (RSA).
    for tag, text in [("iin-extra-digit", "IIN8710084014270"), ("iin-prefixed", "XIIN871008401427"),
                      ("iin-embedded", "IIN18710084014271")]:
        leaf = Cert(demo("individual-sign.pem"))
        leaf.fields[1] = integer(serial)
        serial += 1
        rdns = children(value(leaf.fields[5]))
        new = []
        for r in rdns:
            atv = children(value(r))[0]
            if value(children(value(atv))[0]) == value(oid("2.5.4.5")):
                r = tlv(0x31, seq(oid("2.5.4.5"), tlv(0x13, text.encode())))
            new.append(r)
        leaf.fields[5] = seq(*new)
        out(F, "leaf-%s.pem" % tag, pem("CERTIFICATE", leaf.signed(lambda m: rsa_sign(nca_key, m))))

    # A legitimate signer's certificate attached to another person's
    # signature: rsa-attached.der (signed by individual-sign) with its
    # certificate swapped for signer-sign.pem (same issuer, DEMO NCA (RSA)).
    doc = open(os.path.join(CMS, "rsa-attached.der"), "rb").read()
    ci = children(value(doc))
    sd = children(value(value(ci[1])))
    other = demo("signer-sign.pem")
    other_serial = Cert(other).fields[1]
    swapped = [tlv(0xA0, other) if f[0] == 0xA0 else f for f in sd]
    out(F, "cms-cert-swapped.der", seq(ci[0], tlv(0xA0, seq(*swapped))))
    # ... and with the SignerInfo's sid rewritten to name signer-sign.pem.
    si_set = swapped[-1]
    si = children(value(value(si_set)))
    sid = children(value(si[1]))
    si[1] = seq(sid[0], other_serial)
    renamed = swapped[:-1] + [tlv(0x31, seq(*si))]
    out(F, "cms-cert-swapped-sid.der", seq(ci[0], tlv(0xA0, seq(*renamed))))


def main():
    malformed()
    stamps_and_ocsp()
    forgery()
    os.makedirs(FORGERY, exist_ok=True)
    os.makedirs(os.path.join(HERE, "controls"), exist_ok=True)
    check = "--check" in sys.argv[1:]
    stale = []
    for path, data in sorted(OUTPUTS.items()):
        if check:
            if not os.path.exists(path) or open(path, "rb").read() != data:
                stale.append(path)
        else:
            with open(path, "wb") as f:
                f.write(data)
    if stale:
        print("stale or missing:\n  " + "\n  ".join(stale), file=sys.stderr)
        sys.exit(1)
    print("%d files %s" % (len(OUTPUTS), "up to date" if check else "written"))


if __name__ == "__main__":
    main()
