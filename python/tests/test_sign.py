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


# The strict request and licence models (docs/schema/, examples there):
# a portal request by the demo individual, a licence of the demo company.
REQUEST = {
    "version": 1,
    "service": "00501",
    "kind": "issue",
    "channel": "portal",
    "applicant": {"iin": "871008401427"},
    "fields": {"activity": "x"},
    "attachments": [{"name": "diploma.pdf", "sha256": "ab" * 32}],
}
LICENCE = {
    "version": 1,
    "number": "KZ25LCA00042",
    "licensee": {"iin": "871008401427"},
    "activity": "медициналық қызмет",
    "subtype": "стоматология",
    "issued": "2025-05-30",
    "valid_until": "2030-05-29",
    "status": "issued",
    "issuer_name": 'ТОО "ДЕМО"',
    "issuer_bin": "940140000385",
}
HEADLINE = {
    "kk": "Алушының ЭЦҚ түпнұсқалығының расталмауына байланысты сұралған қызметті көрсетуден бас тартылды",
    "ru": "Отказ в оказании запрашиваемой услуги в связи с неподтверждением подлинности ЭЦП услугополучателя",
    "en": "The requested service is refused: the authenticity of the applicant's EDS is not confirmed",
}
IDENTITY_MISMATCH = {
    "kk": "сұрауда көрсетілген ЖСН/БСН ЭЦҚ тіркеу куәлігінің деректерімен сәйкес келмейді",
    "ru": "ИИН/БИН, указанный в запросе, не совпадает с данными регистрационного свидетельства ЭЦП",
    "en": "the IIN/BIN given in the request does not match the EDS registration certificate",
}


def test_request_and_licence(demo):
    doc = demo_signer("individual-sign").sign_request(REQUEST, at=DEMO_TIME)
    v = demo.verify_request(doc, at=DEMO_TIME)
    assert (v.valid, v.code, v.refusal, v.subject) == (True, None, None, None)
    assert (v.channel, v.warnings, v.power_of_attorney_checked) == ("portal", [], None)
    assert [(s["part"], s["valid"], s["iin"]) for s in v.signers] == [("applicant", True, "871008401427")]
    assert v.validated_at == DEMO_TIME
    assert 0 <= v.elapsed < 10
    assert v.payload["applicant"]["iin"] == "871008401427"
    assert v.payload["attachments"] == REQUEST["attachments"]
    assert v.document.valid
    assert v.to_dict()["schema"] == "qoltanba/verdict/1"
    # Someone else than the applicant: refused before signing (condition
    # 3), unless forced; then the verifier refuses it, about the applicant.
    with pytest.raises(qoltanba.SigningRefused) as e:
        demo_signer("ceo-sign").sign_request(json.dumps(REQUEST), at=DEMO_TIME)
    assert e.value.code == "identity-mismatch"
    assert e.value.message == (
        "refusing to sign: [eds-identity-mismatch] the IIN/BIN given in the request does not match the EDS "
        "registration certificate: identity mismatch: expected IIN 871008401427 (given in the request), "
        "certificate has IIN 760212350620 (identity-mismatch; force=True signs anyway)"
    )
    other = demo_signer("ceo-sign").sign_request(json.dumps(REQUEST), at=DEMO_TIME, force=True)
    v = demo.verify_request(other, at=DEMO_TIME)
    assert (v.valid, v.subject, v.refusal, v.code) == (False, "applicant", "eds-identity-mismatch", "identity-mismatch")
    assert [(s["part"], s["valid"]) for s in v.signers] == [("co-signer", True)]
    for lang in ("kk", "ru", "en"):
        assert v.cause_message(lang) == IDENTITY_MISMATCH[lang]
        assert v.refusal_message(lang) == f"{HEADLINE[lang]}: {IDENTITY_MISMATCH[lang]}"
    assert v.refusal_message() == v.refusal_message("en")
    with pytest.raises(qoltanba.UsageError):
        v.refusal_message("de")
    with pytest.raises(qoltanba.UsageError):
        v.cause_message("de")
    lic = demo_signer("ceo-sign").issue_licence(LICENCE, at=DEMO_TIME)
    v = demo.verify_licence(lic, at=DEMO_TIME)
    assert (v.valid, v.code, v.channel) == (True, None, None)
    assert v.payload["number"] == "KZ25LCA00042"
    assert [(s["part"], s["valid"]) for s in v.signers] == [("licence-signer", True)]
    # An employee may issue, but the default policy wants an authorised
    # person ...
    lic = demo_signer("employee-sign").issue_licence(LICENCE, at=DEMO_TIME)
    v = demo.verify_licence(lic, at=DEMO_TIME)
    assert (v.valid, v.subject, v.refusal, v.code) == (False, "licence-signer", "eds-no-right-to-sign", "missing-role")
    # ... unless the service's policy accepts an employee (dict or JSON).
    assert demo.verify_licence(lic, at=DEMO_TIME, policy={"signer": "employee"}).valid
    assert demo.verify_licence(lic, at=DEMO_TIME, policy='{"signer": "employee"}').valid
    with pytest.raises(qoltanba.MalformedInput):
        demo.verify_request(b"garbage", at=DEMO_TIME)
    with pytest.raises(qoltanba.MalformedInput) as e:
        demo_signer("ceo-sign").sign_request({"service": 1}, at=DEMO_TIME)
    assert e.value.code == "malformed"
    with pytest.raises(TypeError):
        demo_signer("ceo-sign").sign_request(["not", "a", "dict"], at=DEMO_TIME)


def without_elapsed(d: dict) -> dict:
    """A verdict or receipt without its timing (``elapsed``,
    ``elapsed_micros``), the one field two runs do not share."""
    key = "elapsed" if "elapsed" in d else "elapsed_micros"
    assert isinstance(d.pop(key), int)
    return d


def test_verdict_equals_cli_json(cli, demo, tmp_path):
    for who in ("individual-sign", "ceo-sign"):
        doc = demo_signer(who).sign_request(REQUEST, at=DEMO_TIME, force=True)
        path = tmp_path / f"{who}.p7s"
        path.write_bytes(doc)
        o = subprocess.run(
            [cli, "request", "verify", str(path), "--format", "json", *demo_cli_args()],
            capture_output=True,
        )
        cli_json = json.loads(o.stdout)
        assert o.returncode == (0 if who == "individual-sign" else 1)
        assert without_elapsed(demo.verify_request(doc, at=DEMO_TIME).to_dict()) == without_elapsed(cli_json)
