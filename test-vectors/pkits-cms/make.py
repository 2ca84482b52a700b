#!/usr/bin/env python3
"""Stages PKITS's own signed S/MIME messages as DER CMS documents for
tests/pkits_cms.rs (see README.md). Usage:

    make.py PKITS_DATA_DIR EXPECTATIONS_TSV

PKITS_DATA_DIR: the PKITS_data folder of the PyPI package cryptography-vectors
50.0.2 (cryptography_vectors/x509/PKITS_data: certs/ crls/ pkcs12/ smime/).
EXPECTATIONS_TSV: pkits_expectations.tsv (shared/vectors/nist-pkits).
Needs openssl (3.x) on PATH.
"""
import os
import subprocess
import sys
import tempfile

SECTIONS = {"4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.13", "4.14", "4.15", "4.16"}
# PKITS's SignedValidonlySomeReasonsTest18.eml is signed by the Test19
# end entity and carries the Test19 path: made anew with the Test18 key.
REMADE = {"4.14.18"}


def run(*args, data=None):
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout


def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        head = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + head + content


def read(der):
    """(tag, content, rest) of the first DER element."""
    tag, first = der[0], der[1]
    if first < 0x80:
        n, h = first, 2
    else:
        k = first & 0x7F
        n, h = int.from_bytes(der[2 : 2 + k], "big"), 2 + k
    return tag, der[h : h + n], der[h + n :]


def with_crls(cms, crls):
    """The ContentInfo `cms` with SignedData.crls set to `crls` (an
    unsigned field: the signature is unchanged)."""
    tag, ci, _ = read(cms)
    _, oid_rest = ci, ci
    t, oid, rest = read(ci)
    oid_der = tlv(t, oid)
    t0, explicit, _ = read(rest)
    ts, sd, _ = read(explicit)
    parts = []
    while sd:
        t, c, sd = read(sd)
        if t != 0xA1:
            parts.append((t, c))
    out = b""
    for t, c in parts:
        if t == 0x31 and parts.index((t, c)) == len(parts) - 1:
            out += tlv(0xA1, b"".join(crls))
        out += tlv(t, c)
    return tlv(tag, oid_der + tlv(t0, tlv(ts, out)))


def main():
    data, tsv = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    rows = []
    for line in open(tsv).read().splitlines()[1:]:
        f = line.split("\t")
        if f[1] not in SECTIONS:
            continue
        name = "Signed" + f[2].replace(" ", "").replace("-", "")
        rows.append((f, name))
    content = None
    for f, name in rows:
        eml = os.path.join(data, "smime", name + ".eml")
        if f[0] in REMADE:
            ee = os.path.basename(f[4].split()[-1])[:-4]
            p12 = os.path.join(data, "pkcs12", ee + ".p12")
            pem = run("openssl", "pkcs12", "-legacy", "-in", p12, "-passin", "pass:password", "-nodes")
            middle = b"".join(
                run("openssl", "x509", "-inform", "DER", "-in", os.path.join(data, "certs", os.path.basename(c)))
                for c in f[4].split()[1:-1]
            )
            with tempfile.TemporaryDirectory() as tmp:
                open(os.path.join(tmp, "key.pem"), "wb").write(pem)
                open(os.path.join(tmp, "chain.pem"), "wb").write(middle)
                open(os.path.join(tmp, "content"), "wb").write(content)
                cms = run(
                    "openssl", "cms", "-sign", "-binary", "-noattr", "-md", "sha256",
                    "-signer", os.path.join(tmp, "key.pem"), "-certfile", os.path.join(tmp, "chain.pem"),
                    "-in", os.path.join(tmp, "content"), "-outform", "DER",
                )
            crls = [open(os.path.join(data, "crls", os.path.basename(c)), "rb").read() for c in f[5].split()]
            cms = with_crls(cms, crls)
        else:
            p7 = run("openssl", "smime", "-pk7out", "-in", eml)
            cms = run("openssl", "pkcs7", "-outform", "DER", data=p7)
            body = run("openssl", "smime", "-verify", "-noverify", "-in", eml) if content is None else None
            if body is not None:
                content = body
        open(os.path.join(here, name + ".p7s"), "wb").write(cms)
    open(os.path.join(here, "content.txt"), "wb").write(content)
    with open(os.path.join(here, "expectations.tsv"), "w") as out:
        out.write("test_id\tsection\ttitle\texpected\tdocument\n")
        for f, name in rows:
            out.write("\t".join([f[0], f[1], f[2], f[3], name + ".p7s"]) + "\n")
    ta = open(os.path.join(data, "certs", "TrustAnchorRootCertificate.crt"), "rb").read()
    open(os.path.join(here, "TrustAnchorRootCertificate.crt"), "wb").write(ta)


main()
