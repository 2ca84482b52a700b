"""Signing with PKCS#12 and PKCS#8 keys; requests and licences."""

from __future__ import annotations

import base64
import json
import subprocess

import pytest

import qoltanba
from conftest import CMS, DEMO, DEMO_TIME, KEYS, demo_cli_args, read

PASSWORD = "qoltanba"
# test-vectors/keys: the certificates are valid from their generation
# (2026-11-30) for a century.
KEYS_TIME = "2027-01-01T00:00:00Z"


def keys_verifier():
    return qoltanba.Verifier(trust_profile="none", roots=KEYS / "ca.pem", revocation="off")


def demo_signer(who):
    return qoltanba.Signer.from_pkcs8(
        read(DEMO / f"{who}.key.pem"),
        read(DEMO / f"{who}.pem"),
        chain=[DEMO / "nca-rsa.pem"],
    )


@pytest.mark.parametrize(
    "name", ["rsa2048-pbes2.p12", "rsa2048-legacy.p12", "p256-aes128-sha512.p12", "rsa2048-600k.p12"]
)
def test_pkcs12_sign_and_verify(name):
    signer = qoltanba.Signer.from_pkcs12(read(KEYS / name), PASSWORD)
    doc = signer.sign(b"hello", at=KEYS_TIME)
    assert isinstance(doc, bytes)
    r = keys_verifier().verify_document(doc, at=KEYS_TIME, purpose="any")
    assert (r.valid, r.code) == (True, None)
    detached = signer.sign(b"hello", at=KEYS_TIME, detached=True)
    v = keys_verifier()
    assert v.verify_document(detached, b"hello", at=KEYS_TIME, purpose="any").valid
    r = v.verify_document(detached, at=KEYS_TIME, purpose="any")
    assert r.code == "detached-content-missing"


def pem_to_der(pem: bytes) -> bytes:
    body = b"".join(l for l in pem.splitlines() if l and not l.startswith(b"-----"))
    return base64.b64decode(body)


def test_pkcs12_properties():
    signer = qoltanba.Signer.from_pkcs12(read(KEYS / "rsa2048-pbes2.p12"), PASSWORD)
    assert signer.certificate == pem_to_der(read(KEYS / "rsa2048.pem"))
    assert signer.info["key_kind"] == "SIGN"
    assert signer.info["subject"] == "C=KZ, CN=qoltanba rsa2048, serialNumber=IIN123456789011"
    assert signer.algorithm == "sha256WithRSAEncryption"
    ec = qoltanba.Signer.from_pkcs12(read(KEYS / "p256-aes128-sha512.p12"), PASSWORD)
    assert ec.algorithm == "ecdsa-with-SHA256"
    assert repr(signer) == "<qoltanba.Signer C=KZ, CN=qoltanba rsa2048, serialNumber=IIN123456789011>"


def test_pkcs12_bad_input():
    with pytest.raises(qoltanba.WrongPassword) as e:
        qoltanba.Signer.from_pkcs12(read(KEYS / "rsa2048-pbes2.p12"), "wrong")
    assert e.value.code == "wrong-password"
    with pytest.raises(qoltanba.UnsupportedKey) as e:
        qoltanba.Signer.from_pkcs12(read(KEYS / "p256-nomac.p12"), PASSWORD)
    assert e.value.code == "unsupported-private-key"
    with pytest.raises(qoltanba.LimitExceeded) as e:
        qoltanba.Signer.from_pkcs12(read(KEYS / "rsa2048-legacy-3m.p12"), PASSWORD)
    assert e.value.code == "limit-exceeded"
    assert isinstance(e.value, qoltanba.MalformedInput)
    for garbage in (b"", b"\x30\x03\x02\x01", read(KEYS / "rsa2048-pbes2.p12")[:100]):
        with pytest.raises(qoltanba.MalformedInput):
            qoltanba.Signer.from_pkcs12(garbage, PASSWORD)
    with pytest.raises(TypeError):
        qoltanba.Signer.from_pkcs12("rsa2048-pbes2.p12", PASSWORD)
    with pytest.raises(TypeError):
        qoltanba.Signer.from_pkcs12(read(KEYS / "rsa2048-pbes2.p12"), b"qoltanba")


def test_pkcs8_bad_input():
    with pytest.raises(qoltanba.UnsupportedKey) as e:
        qoltanba.Signer.from_pkcs8(read(KEYS / "rsa2048.enc.key.pem"), read(KEYS / "rsa2048.pem"))
    assert e.value.code == "unsupported-private-key"
    with pytest.raises(qoltanba.UnsupportedKey) as e:
        qoltanba.Signer.from_pkcs8(read(KEYS / "rsa2048.key.pem"), read(KEYS / "p256.pem"))
    assert e.value.code == "key-certificate-mismatch"
    with pytest.raises(qoltanba.MalformedInput):
        qoltanba.Signer.from_pkcs8(read(KEYS / "rsa2048.key.pem"), b"garbage")


def test_demo_sign_cosign_verify(demo):
    ceo = demo_signer("ceo-sign")
    doc = ceo.sign(b"contract", at=DEMO_TIME)
    r = demo.verify_document(doc, at=DEMO_TIME, bin="940140000385", roles=["first-head"])
    assert (r.valid, len(r.signers)) == (True, 1)
    both = demo_signer("employee-sign").cosign(doc, at=DEMO_TIME)
    r = demo.verify_document(both, at=DEMO_TIME)
    assert (r.valid, len(r.signers)) == (True, 2)
    detached = ceo.sign(b"contract", at=DEMO_TIME, detached=True)
    cosigned = demo_signer("individual-sign").cosign(detached, b"contract", at=DEMO_TIME)
    assert demo.verify_document(cosigned, b"contract", at=DEMO_TIME).valid


def test_signing_refused_unless_forced(demo):
    expired = demo_signer("expired")
    with pytest.raises(qoltanba.SigningRefused) as e:
        expired.sign(b"x", at=DEMO_TIME)
    assert e.value.code == "cert-expired"
    doc = expired.sign(b"x", at=DEMO_TIME, force=True)
    assert demo.verify_document(doc, at=DEMO_TIME).code == "cert-expired"
    with pytest.raises(qoltanba.SigningRefused) as e:
        demo_signer("individual-auth").sign(b"x", at=DEMO_TIME)
    assert e.value.code == "wrong-key-kind"


REQUEST = {
    "service": "00501",
    "applicant": {"iin": "871008401427"},
    "fields": {"activity": "x"},
    "attachments": [],
}
LICENCE = {
    "number": "25-0042",
    "licensee": {"iin": "871008401427"},
    "activity": "медициналық қызмет",
    "issued": "2025-05-30",
    "issuer_bin": "940140000385",
}


def test_request_and_licence(demo):
    doc = demo_signer("individual-sign").sign_request(REQUEST, at=DEMO_TIME)
    v = demo.verify_request(doc, at=DEMO_TIME)
    assert (v.valid, v.code, v.refusal) == (True, None, None)
    assert v.payload["applicant"]["iin"] == "871008401427"
    assert v.document.valid
    assert v.to_dict()["schema"] == "qoltanba/verdict/1"
    # Signed by someone else than the applicant: refused, with a reason.
    other = demo_signer("ceo-sign").sign_request(json.dumps(REQUEST), at=DEMO_TIME)
    v = demo.verify_request(other, at=DEMO_TIME)
    assert v.valid is False
    assert v.refusal is not None
    for lang in ("kk", "ru", "en"):
        assert v.refusal_message(lang)
    with pytest.raises(qoltanba.UsageError):
        v.refusal_message("de")
    lic = demo_signer("ceo-sign").issue_licence(LICENCE, at=DEMO_TIME)
    v = demo.verify_licence(lic, at=DEMO_TIME)
    assert (v.valid, v.code) == (True, None)
    assert v.payload["number"] == "25-0042"
    # An employee may not sign for the organisation by default ...
    lic = demo_signer("employee-sign").issue_licence(LICENCE, at=DEMO_TIME)
    assert demo.verify_licence(lic, at=DEMO_TIME).valid is False
    # ... unless the caller lets that role sign.
    assert demo.verify_licence(lic, at=DEMO_TIME, signing_roles=["employee"]).valid
    with pytest.raises(qoltanba.MalformedInput):
        demo.verify_request(b"garbage", at=DEMO_TIME)
    with pytest.raises(qoltanba.MalformedInput) as e:
        demo_signer("ceo-sign").sign_request({"service": 1}, at=DEMO_TIME)
    assert e.value.code == "json"
    with pytest.raises(TypeError):
        demo_signer("ceo-sign").sign_request(["not", "a", "dict"], at=DEMO_TIME)


def test_verdict_equals_cli_json(cli, demo, tmp_path):
    for who in ("individual-sign", "ceo-sign"):
        doc = demo_signer(who).sign_request(REQUEST, at=DEMO_TIME)
        path = tmp_path / f"{who}.p7s"
        path.write_bytes(doc)
        o = subprocess.run(
            [cli, "request", "verify", str(path), "--format", "json", *demo_cli_args()],
            capture_output=True,
        )
        assert demo.verify_request(doc, at=DEMO_TIME).to_dict() == json.loads(o.stdout)
