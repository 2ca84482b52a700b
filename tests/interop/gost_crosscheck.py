#!/usr/bin/env python3
"""Independent cross-check of qoltanba's GOST signatures with the PyPI
package gostcrypto (pip install gostcrypto==1.2.5), driven by
tests/gost_interop.rs over stdin/stdout.

Byte orders. qoltanba follows the national CA: public key x||y, signature
r||s, each half little-endian, and the hash output read as a little-endian
integer. gostcrypto reads every number big-endian. So each half is reversed
on the way in and out, and the digest is reversed before gostcrypto reads it
(the same integer e either way).

Input lines (hex fields; "-" is an empty field):
  verify <curve> <pub_le> <msg> <digest> <sig_le>
      a signature qoltanba made; for curve 2015 the digest is also
      recomputed with gostcrypto's Streebog-512 and must be equal.
  sign <curve> <msg> <digest>
      gostcrypto makes a fresh key and signs; prints
      signed <curve> <pub_le> <msg> <sig_le>
curve: 2015 (GOST 34.10-2015 512-bit, id-tc26-gost-3410-12-512-paramSetA)
       2004 (GOST 34.310-2004, CryptoPro-A = id-tc26-gost-3410-2012-256-paramSetB)
Output for verify: "ok" or "FAIL <reason>".
"""
import os
import sys

import gostcrypto
from gostcrypto import gostsignature, gosthash

CURVES = {
    "2015": (gostsignature.MODE_512, "id-tc26-gost-3410-12-512-paramSetA", 64),
    "2004": (gostsignature.MODE_256, "id-tc26-gost-3410-2012-256-paramSetB", 32),
}


def signer(curve):
    mode, name, size = CURVES[curve]
    params = gostsignature.CURVES_R_1323565_1_024_2019[name]
    if curve == "2004":
        # CryptoPro-A: p = 2^256 - 617, a = p - 3, b = 166.
        assert params["p"] == 2**256 - 617, "not the CryptoPro-A curve"
        assert params["b"] == 166 and params["a"] == params["p"] - 3
    return gostsignature.new(mode, params), size


def halves_reversed(data, size):
    return bytearray(data[:size][::-1] + data[size:][::-1])


def unhex(field):
    return b"" if field == "-" else bytes.fromhex(field)


def main():
    for line in sys.stdin:
        f = line.split()
        if not f:
            continue
        if f[0] == "verify":
            curve, pub, msg, digest, sig = f[1], *map(unhex, f[2:])
            sign, size = signer(curve)
            if curve == "2015":
                h = gosthash.new("streebog512", data=bytearray(msg)).digest()
                if bytes(h) != digest:
                    print("FAIL streebog-512 differs", flush=True)
                    continue
            ok = sign.verify(
                halves_reversed(pub, size),
                bytearray(digest[::-1]),
                halves_reversed(sig, size),
            )
            print("ok" if ok else "FAIL signature", flush=True)
        elif f[0] == "sign":
            curve, msg, digest = f[1], *map(unhex, f[2:])
            sign, size = signer(curve)
            q = gostsignature.CURVES_R_1323565_1_024_2019[CURVES[curve][1]]["q"]
            while True:
                d = int.from_bytes(os.urandom(size), "big")
                if 0 < d < q:
                    break
            d = bytearray(d.to_bytes(size, "big"))
            pub = sign.public_key_generate(d)
            sig = sign.sign(d, bytearray(digest[::-1]))
            print("signed", curve, halves_reversed(pub, size).hex(), msg.hex() or "-",
                  halves_reversed(sig, size).hex(), flush=True)
        else:
            print("FAIL unknown command", flush=True)


if __name__ == "__main__":
    main()
