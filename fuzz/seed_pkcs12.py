#!/usr/bin/env python3
"""Seeds of the pkcs12 fuzz target (see fuzz_targets/pkcs12.rs for the
modes), written into the directory given: every .p12 of ../test-vectors/third-party/kz
as a whole file (password Qwerty12, or 'P' + its password for the two
Aa123456 files), the OpenSSL-made test-vectors/keys files as 'P' + qoltanba,
their AuthenticatedSafe as 'M', a SafeContents with a plain key bag and a
certificate bag as 'E', PKCS#8 keys as 'K' and as plain keys ('8')."""

import base64
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
KEYS = HERE.parent / "test-vectors" / "keys"
KZ = HERE.parent / "test-vectors" / "third-party" / "kz"


def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        head = bytes([tag, n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([tag, 0x80 | len(b)]) + b
    return head + content


def read_tlv(data, at=0):
    """(tag, content start, content end) of the DER element at `at`."""
    tag, first = data[at], data[at + 1]
    if first < 0x80:
        return tag, at + 2, at + 2 + first
    n = first & 0x7F
    length = int.from_bytes(data[at + 2 : at + 2 + n], "big")
    return tag, at + 2 + n, at + 2 + n + length


def auth_safe(pfx):
    """The AuthenticatedSafe bytes of a DER PFX: PFX.authSafe.content."""
    _, s, _ = read_tlv(pfx)  # PFX SEQUENCE
    _, _, e = read_tlv(pfx, s)  # version
    _, s, _ = read_tlv(pfx, e)  # authSafe ContentInfo
    _, _, e = read_tlv(pfx, s)  # contentType
    _, s, _ = read_tlv(pfx, e)  # [0]
    _, s, e = read_tlv(pfx, s)  # OCTET STRING
    return pfx[s:e]


def pem_der(path):
    text = path.read_text()
    body = text.split("-----")[2]
    return base64.b64decode("".join(body.split()))


def main(out):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    seeds = {}
    for p12 in sorted(KZ.rglob("*.p12")):
        data = p12.read_bytes()
        name = f"{p12.parent.name}__{p12.name}"
        if p12.name.startswith("KEY_CEO_REVOKED") or p12.name.startswith("KEY_INDIVIDUAL_VALID"):
            seeds["P_" + name] = b"P" + bytes([8]) + b"Aa123456" + data
        else:
            seeds[name] = data
    for p12 in sorted(KEYS.glob("*.p12")):
        if "3m" in p12.name:
            continue  # refused by the work bound, after seconds of KDF
        data = p12.read_bytes()
        seeds["P_" + p12.name] = b"P" + bytes([8]) + b"qoltanba" + data
        if "nomac" not in p12.name:
            seeds["M_" + p12.name] = b"M" + auth_safe(data)
    key_bag_oid = bytes.fromhex("2a864886f70d010c0a0101")
    cert_bag_oid = bytes.fromhex("2a864886f70d010c0a0103")
    x509_oid = bytes.fromhex("2a864886f70d01091601")
    for key, cert in [("p256", "p256.pem"), ("rsa2048", "rsa2048.pem")]:
        pkcs8 = (KEYS / f"{key}.key.der").read_bytes()
        der = pem_der(KEYS / cert)
        key_bag = tlv(0x30, tlv(0x06, key_bag_oid) + tlv(0xA0, pkcs8))
        cert_bag = tlv(
            0x30,
            tlv(0x06, cert_bag_oid)
            + tlv(0xA0, tlv(0x30, tlv(0x06, x509_oid) + tlv(0xA0, tlv(0x04, der)))),
        )
        seeds[f"E_{key}"] = b"E" + tlv(0x30, key_bag + cert_bag)
        seeds[f"K_{key}"] = b"K" + pkcs8
        seeds[f"8_{key}.der"] = b"8" + pkcs8
        seeds[f"8_{key}.pem"] = b"8" + (KEYS / f"{key}.key.pem").read_bytes()
    for name, data in seeds.items():
        (out / name).write_bytes(data)
    print(f"{len(seeds)} pkcs12 seeds in {out}")


if __name__ == "__main__":
    main(sys.argv[1])
