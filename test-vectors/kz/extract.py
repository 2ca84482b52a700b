#!/usr/bin/env python3
"""Extract the certificates from the national CA's PKCS#12 test files.

Usage: python3 extract.py [SRC]   (SRC defaults to test-vectors/third-party/kz (a copy of the shared vectors))

For every .p12 under SRC (ncanode/, ncanode-2018/, gokalkan/,
skarm-kalkan/p12__*) writes <base name>.pem next to this script (certificates
only, no keys; the bags hold exactly one certificate each, the end entity) and
rewrites expectations.tsv and the tables between the markers in README.md. Needs the OpenSSL 3 CLI (for PKCS#12 with -legacy) and python3 stdlib.
Fields are read from the DER with the small parser below, because OpenSSL
cannot parse GOST keys; subject/issuer strings come from `openssl x509`.
"""
import base64
import datetime
import glob
import os
import pathlib
import re
import subprocess
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else str(pathlib.Path(__file__).resolve().parent.parent / "third-party" / "kz")
OUT = os.path.dirname(os.path.abspath(__file__))
PASSWORDS = ["Qwerty12", "Aa123456"]  # per MANIFEST.txt


# ------------------------------------------------------------------ DER
def tlv(b, i):
    tag = b[i]
    ln = b[i + 1]
    j = i + 2
    if ln & 0x80:
        n = ln & 0x7F
        ln = int.from_bytes(b[j:j + n], "big")
        j += n
    return tag, j, j + ln  # tag, content start, content end


def children(b, start, end):
    out = []
    i = start
    while i < end:
        t, s, e = tlv(b, i)
        out.append((t, s, e))
        i = e
    return out


def oid(b):
    first = b[0]
    parts = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    v = 0
    for c in b[1:]:
        v = (v << 7) | (c & 0x7F)
        if not c & 0x80:
            parts.append(v)
            v = 0
    return ".".join(map(str, parts))


def der_time(tag, raw):
    s = raw.decode()
    if tag == 0x17:  # UTCTime
        yy = int(s[:2])
        s = ("19" if yy >= 50 else "20") + s
    d = datetime.datetime.strptime(s[:14], "%Y%m%d%H%M%S")
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


KU_NAMES = ["digitalSignature", "nonRepudiation", "keyEncipherment",
            "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign",
            "encipherOnly", "decipherOnly"]
EKU_NAMES = {
    "1.3.6.1.5.5.7.3.1": "serverAuth", "1.3.6.1.5.5.7.3.2": "clientAuth",
    "1.3.6.1.5.5.7.3.3": "codeSigning", "1.3.6.1.5.5.7.3.4": "emailProtection",
    "1.3.6.1.5.5.7.3.8": "timeStamping", "1.3.6.1.5.5.7.3.9": "OCSPSigning",
}
SIG_NAMES = {
    "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
    "1.2.398.3.10.1.1.1.2": "GOST 34.310-2004 (1.2.398.3.10.1.1.1.2)",
    "1.2.398.3.10.1.1.2.3.2": "GOST 34.10-2015 512 (1.2.398.3.10.1.1.2.3.2)",
    "1.2.398.3.10.1.1.2.3.1": "GOST 34.10-2015 256 (1.2.398.3.10.1.1.2.3.1)",
}


def parse_cert(der):
    _, s, e = tlv(der, 0)
    tbs_t, tbs_s, tbs_e = children(der, s, e)[0]
    sigalg = children(der, s, e)[1]
    sig_oid = oid(der[children(der, sigalg[1], sigalg[2])[0][1]:
                      children(der, sigalg[1], sigalg[2])[0][2]])
    f = children(der, tbs_s, tbs_e)
    k = 1 if f[0][0] == 0xA0 else 0
    serial = int.from_bytes(der[f[k][1]:f[k][2]], "big")
    validity = children(der, f[k + 3][1], f[k + 3][2])
    nb = der_time(validity[0][0], der[validity[0][1]:validity[0][2]])
    na = der_time(validity[1][0], der[validity[1][1]:validity[1][2]])
    c = {"serial": serial, "sigalg": sig_oid, "not_before": nb,
         "not_after": na, "ku": [], "eku": [], "aki": None, "ski": None,
         "policies": []}
    for t, cs, ce in f:
        if t != 0xA3:
            continue
        _, xs, xe = tlv(der, cs)
        for _, es, ee in children(der, xs, xe):
            parts = children(der, es, ee)
            eid = oid(der[parts[0][1]:parts[0][2]])
            val = parts[-1]
            vb = der[val[1]:val[2]]
            if eid == "2.5.29.15":
                _, bs, be = tlv(vb, 0)
                bits = vb[bs + 1:be]
                for n, name in enumerate(KU_NAMES):
                    byte, bit = divmod(n, 8)
                    if byte < len(bits) and bits[byte] & (0x80 >> bit):
                        c["ku"].append(name)
            elif eid == "2.5.29.37":
                _, ss, se = tlv(vb, 0)
                c["eku"] = [oid(vb[a:b]) for _, a, b in children(vb, ss, se)]
            elif eid == "2.5.29.35":
                _, ss, se = tlv(vb, 0)
                for t2, a, b in children(vb, ss, se):
                    if t2 == 0x80:
                        c["aki"] = vb[a:b].hex()
            elif eid == "2.5.29.14":
                _, a, b = tlv(vb, 0)
                c["ski"] = vb[a:b].hex()
            elif eid == "2.5.29.32":
                _, ss, se = tlv(vb, 0)
                for _, a, b in children(vb, ss, se):
                    p = children(vb, a, b)[0]
                    c["policies"].append(oid(vb[p[1]:p[2]]))
    return c


REASONS = {0: "unspecified", 1: "keyCompromise", 2: "cACompromise",
           3: "affiliationChanged", 4: "superseded", 5: "cessationOfOperation",
           6: "certificateHold", 8: "removeFromCRL", 9: "privilegeWithdrawn",
           10: "aACompromise"}


def parse_crl(der):
    _, s, e = tlv(der, 0)
    _, ts, te = children(der, s, e)[0]
    f = children(der, ts, te)
    entries = {}
    for t, cs, ce in f:
        if t != 0x30 or not children(der, cs, ce) or \
                children(der, cs, ce)[0][0] != 0x30:
            continue
        # revokedCertificates: SEQUENCE OF SEQUENCE { INTEGER, Time, exts? }
        first = children(der, cs, ce)[0]
        if children(der, first[1], first[2])[0][0] != 0x02:
            continue
        for _, es, ee in children(der, cs, ce):
            p = children(der, es, ee)
            serial = int.from_bytes(der[p[0][1]:p[0][2]], "big")
            when = der_time(p[1][0], der[p[1][1]:p[1][2]])
            reason = "-"
            if len(p) > 2:
                for _, xs, xe in children(der, p[2][1], p[2][2]):
                    xp = children(der, xs, xe)
                    if oid(der[xp[0][1]:xp[0][2]]) == "2.5.29.21":
                        vb = der[xp[-1][1]:xp[-1][2]]
                        _, a, b = tlv(vb, 0)
                        reason = REASONS.get(vb[a], str(vb[a]))
            entries[serial] = (when, reason)
    return entries


# --------------------------------------------------------------- openssl
def run(*args, inp=None):
    return subprocess.run(["openssl", *args], input=inp, capture_output=True,
                          check=True).stdout


def name(der_or_pem, which, inform):
    out = run("x509", "-inform", inform, "-noout", "-" + which, "-nameopt",
              "utf8,sep_comma_plus_space,sname", inp=der_or_pem).decode()
    return out.split("=", 1)[1].strip()


def load_cert_file(path):
    raw = open(path, "rb").read()
    if b"-----BEGIN" in raw:
        m = re.search(rb"-----BEGIN CERTIFICATE-----(.*?)-----END", raw, re.S)
        return base64.b64decode(m.group(1))
    return raw


def field(dn, key):
    for part in dn.split(", "):
        if part.startswith(key + "="):
            return part[len(key) + 1:]
    return None


# ------------------------------------------------------------ the inputs
provenance = {}
what = {}
man = open(os.path.join(SRC, "MANIFEST.txt"), encoding="utf-8").read()
section_source = {}
cur = None
for line in man.splitlines():
    m = re.match(r"== (\S+)/", line)
    if m:
        cur = m.group(1)
    elif line.startswith("SOURCE:") and cur:
        section_source[cur] = line[len("SOURCE:"):].strip()
    m = re.match(r"- (\S+\.p12)$", line)
    if m:
        last = m.group(1)
    m = re.match(r"\s+what: (.*)", line)
    if m and 'last' in dir() and last and last not in what:
        what[last] = m.group(1)

p12s = sorted(glob.glob(os.path.join(SRC, "ncanode", "*.p12"))) + \
    sorted(glob.glob(os.path.join(SRC, "ncanode-2018", "*.p12"))) + \
    sorted(glob.glob(os.path.join(SRC, "gokalkan", "*.p12"))) + \
    sorted(glob.glob(os.path.join(SRC, "skarm-kalkan", "p12__*.p12")))

# candidate issuer certificates in SRC
ca_files = []
for pat in ["ncanode/ca__*", "ncanode-2018/*.crt", "prod-ca/*.pem",
            "prod-ca/*.cer", "skarm-kalkan/certs__*.cer"]:
    for p in sorted(glob.glob(os.path.join(SRC, pat))):
        der = load_cert_file(p)
        ca_files.append((os.path.relpath(p, SRC), der,
                         name(der, "subject", "DER"), parse_cert(der)))

crls = {}
for pat in ["ncanode/crl__*.crl", "skarm-kalkan/certs__*.crl"]:
    for p in sorted(glob.glob(os.path.join(SRC, pat))):
        der = open(p, "rb").read()
        issuer = run("crl", "-inform", "DER", "-noout", "-issuer", "-nameopt",
                     "utf8,sep_comma_plus_space,sname", inp=der).decode()
        issuer = issuer.split("=", 1)[1].strip()
        ents = parse_crl(der)
        # cross-check the DER parse against openssl's own listing
        text = run("crl", "-inform", "DER", "-noout", "-text", inp=der).decode()
        osl = {int(x, 16) for x in re.findall(r"Serial Number: ([0-9A-F]+)", text)}
        assert osl == set(ents), p
        crls[os.path.relpath(p, SRC)] = (issuer, ents)

rows = []
for p in p12s:
    rel = os.path.relpath(p, SRC)
    base = os.path.splitext(os.path.basename(p))[0]
    pem = None
    for pw in PASSWORDS:
        try:
            pem = run("pkcs12", "-legacy", "-nokeys", "-in", p, "-passin",
                      "pass:" + pw)
            break
        except subprocess.CalledProcessError:
            continue
    if pem is None:
        sys.exit("cannot open " + p)
    blocks = re.findall(rb"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n?",
                        pem, re.S)
    ders = [base64.b64decode(re.sub(rb"-----[A-Z ]+-----", b"", b)) for b in blocks]
    # end entity first, then CA certificates (none in these bags)
    ders.sort(key=lambda d: b"\x30\x0f\x06\x03\x55\x1d\x13\x01\x01\xff\x04\x05\x30\x03\x01\x01\xff" in d)
    with open(os.path.join(OUT, base + ".pem"), "w") as fh:
        for d in ders:
            b64 = base64.b64encode(d).decode()
            fh.write("-----BEGIN CERTIFICATE-----\n")
            fh.write("\n".join(b64[i:i + 64] for i in range(0, len(b64), 64)))
            fh.write("\n-----END CERTIFICATE-----\n")
    der = ders[0]
    c = parse_cert(der)
    subj = name(der, "subject", "DER")
    iss = name(der, "issuer", "DER")
    sn = field(subj, "serialNumber") or "-"
    ou = field(subj, "OU") or "-"
    iin = sn[3:] if sn.startswith("IIN") else "-"
    bin_ = ou[3:] if ou.startswith("BIN") else "-"
    roles = [o for o in c["eku"] if o.startswith("1.2.398.3.3.4.")]
    # issuing CA file: same DN, and SKI == AKI when both are present
    cands = [f for f, _, s, cc in ca_files if s == iss and
             (not c["aki"] or not cc["ski"] or cc["ski"] == c["aki"])]
    same_dir = [f for f in cands if f.split("/")[0] == rel.split("/")[0]]
    issuer_file = (same_dir or cands or ["-"])[0]
    rev = [(k, v[1][c["serial"]]) for k, v in crls.items()
           if v[0] == iss and c["serial"] in v[1]]
    checked = [k for k, v in crls.items() if v[0] == iss]
    rows.append({
        "file": base + ".pem", "src": rel, "ncerts": len(ders),
        "issuer_file": issuer_file, "issuer_alts": [f for f in cands if f != issuer_file],
        "iin": iin, "bin": bin_, "roles": ",".join(roles) or "-",
        "key_usage": ",".join(c["ku"]) or "-",
        "eku": ",".join(c["eku"]) or "-",
        "eku_named": ", ".join(EKU_NAMES.get(o, o) for o in c["eku"]) or "-",
        "sigalg": SIG_NAMES.get(c["sigalg"], c["sigalg"]),
        "not_before": c["not_before"], "not_after": c["not_after"],
        "issuer_cn": field(iss, "CN") or iss,
        "serial": "%X" % c["serial"],
        "policies": ",".join(c["policies"]) or "-",
        "subject": subj,
        "revoked_in": ",".join(k for k, _ in rev) or "-",
        "revocation_date": ",".join(v[0] for _, v in rev) or "-",
        "reason": ",".join(v[1] for _, v in rev) or "-",
        "crls_checked": ",".join(checked) or "(no CRL of this issuer)",
        "what": what.get(rel, ""),
        "source": section_source.get(rel.split("/")[0], ""),
    })

cols = ["file", "issuer_file", "iin", "bin", "roles", "key_usage", "eku",
        "not_before", "not_after", "revoked_in", "revocation_date", "reason"]
with open(os.path.join(OUT, "expectations.tsv"), "w", encoding="utf-8") as fh:
    fh.write("\t".join(cols) + "\n")
    for r in rows:
        fh.write("\t".join(r[k] for k in cols) + "\n")

table = []
table.append("| file | subject serialNumber | OU | roles (EKU under 1.2.398.3.3.4) | key usage | EKU | signature | notBefore | notAfter | issuer CN (issuer file) | in a CRL? |")
table.append("|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    subjsn = field(r["subject"], "serialNumber") or "-"
    ou = field(r["subject"], "OU") or "-"
    if r["revoked_in"] == "-":
        crl = "not listed (checked: %s)" % r["crls_checked"] \
            if r["crls_checked"] != "(no CRL of this issuer)" \
            else "no CRL of this issuer in the vector set"
    else:
        crl = "**%s**: %s, %s" % (r["revoked_in"], r["revocation_date"],
                                 r["reason"] if r["reason"] != "-" else "no reason code")
    table.append("| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s (`%s`) | %s |" % (
        r["file"], subjsn, ou, r["roles"], r["key_usage"], r["eku_named"],
        r["sigalg"], r["not_before"], r["not_after"], r["issuer_cn"],
        r["issuer_file"], crl))
table.append("")
table.append("Provenance of each file (source `.p12` under test-vectors/third-party/kz (a copy of the shared vectors), certificate serial, MANIFEST description):")
table.append("")
table.append("| file | from | serial (hex) | subject | MANIFEST says |")
table.append("|---|---|---|---|---|")
for r in rows:
    table.append("| `%s` | `%s` | `%s` | %s | %s |" % (
        r["file"], r["src"], r["serial"], r["subject"].replace("|", "\\|"),
        r["what"].replace("|", "\\|")))
readme = os.path.join(OUT, "README.md")
if os.path.exists(readme):
    text = open(readme, encoding="utf-8").read()
    b, e = "<!-- table:begin -->\n", "<!-- table:end -->"
    if b in text and e in text:
        text = text[:text.index(b) + len(b)] + "\n".join(table) + "\n" + text[text.index(e):]
        open(readme, "w", encoding="utf-8").write(text)

for r in rows:
    print(r["file"], r["ncerts"], r["iin"], r["bin"], r["roles"], r["revoked_in"],
          r["reason"], r["issuer_file"], r["issuer_alts"], sep=" | ")
