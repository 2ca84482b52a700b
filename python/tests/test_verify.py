"""Verifying documents and certificates of the demo PKI and the national
CA's real documents, at fixed times."""

from __future__ import annotations

import datetime
import json
import subprocess

import pytest

import qoltanba
from conftest import CMS, DEMO, DEMO_TIME, KZ, V, demo_cli_args, demo_config, read

# tests/cms_openssl.rs: every expectation at DEMO_TIME with every demo CRL.
DOCUMENTS = [
    ("rsa-attached.der", True, None, 1),
    ("rsa-cades-attached.der", True, None, 1),
    ("rsa-keyid-attached.der", True, None, 1),
    ("rsa-noattr-attached.der", True, None, 1),
    ("rsa-sha512-attached.der", True, None, 1),
    ("rsa-pss-attached.der", True, None, 1),
    ("rsa-ber-attached.der", True, None, 1),
    ("ec-attached.der", True, None, 1),
    ("ec-cades-attached.pem", True, None, 1),
    ("cosigned-attached.der", True, None, 2),
    ("resigned-attached.der", True, None, 2),
    ("expired-attached.der", False, "cert-expired", 1),
    ("revoked-attached.der", False, "cert-revoked", 1),
    ("auth-attached.der", False, "wrong-key-kind", 1),
    ("rsa-nocerts-attached.der", False, "signer-certificate-not-found", 1),
    ("carries-other-cert.der", False, "signer-certificate-not-found", 1),
    ("rsa-sha1-attached.der", False, "legacy-algorithm-not-allowed", 1),
    ("rsa-detached.der", False, "detached-content-missing", 1),
]


@pytest.mark.parametrize("name,valid,code,signers", DOCUMENTS)
def test_demo_documents(demo, name, valid, code, signers):
    report = demo.verify_document(read(CMS / name), at=DEMO_TIME)
    assert (report.valid, report.code, len(report.signers)) == (valid, code, signers)
    assert isinstance(report, qoltanba.DocumentReport)
    assert (report.message is None) == valid
    d = report.to_dict()
    assert d["schema"] == "qoltanba/document-report/1"
    assert d["valid"] is valid
    assert (d["reason"] or {}).get("code") == code
    assert json.loads(report.to_json()) == d
    assert json.loads(report.to_json(indent=2)) == d
    assert repr(report) == (
        "<DocumentReport valid>" if valid else f"<DocumentReport not valid [{code}]>"
    )


@pytest.mark.parametrize("name", ["rsa-detached.der", "rsa-cades-detached.der", "ec-cades-detached.der"])
def test_detached(demo, name):
    doc = read(CMS / name)
    ok = demo.verify_document(doc, read(CMS / "content.txt"), at=DEMO_TIME)
    assert (ok.valid, ok.code) == (True, None)
    wrong = demo.verify_document(doc, content=read(CMS / "other.txt"), at=DEMO_TIME)
    assert (wrong.valid, wrong.code) == (False, "message-digest-mismatch")
    # bytearray is accepted as well as bytes; memoryview is not (TypeError).
    again = demo.verify_document(bytearray(doc), bytearray(read(CMS / "content.txt")), at=DEMO_TIME)
    assert again.valid
    with pytest.raises(TypeError):
        demo.verify_document(memoryview(doc), at=DEMO_TIME)


def test_identity_and_roles(demo):
    doc = read(CMS / "rsa-attached.der")
    assert demo.verify_document(doc, at=DEMO_TIME, iin="871008401427").valid
    r = demo.verify_document(doc, at=DEMO_TIME, iin="760212350620")
    assert (r.valid, r.code) == (False, "identity-mismatch")
    assert demo.verify_document(doc, at=DEMO_TIME, roles=["individual"]).valid
    r = demo.verify_document(doc, at=DEMO_TIME, roles=("first-head",))
    assert (r.valid, r.code) == (False, "missing-role")
    r = demo.verify_document(doc, at=DEMO_TIME, bin="940140000385")
    assert (r.valid, r.code) == (False, "identity-mismatch")


def test_validation_time_forms(demo):
    doc = read(CMS / "rsa-attached.der")
    utc = datetime.timezone.utc
    for at in (
        DEMO_TIME,
        "2025-06-01",
        datetime.datetime(2025, 6, 1, tzinfo=utc),
        datetime.datetime(2025, 6, 1, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=5))),
        1748736000,
        1748736000.5,
    ):
        assert demo.verify_document(doc, at=at).valid, at
    # Before the demo revocation of revoked.pem (2025-03-01) it was valid.
    revoked = read(CMS / "revoked-attached.der")
    assert demo.verify_document(revoked, at=DEMO_TIME).code == "cert-revoked"


def test_policy_options():
    sha1 = read(CMS / "rsa-sha1-attached.der")
    legacy = demo_config(legacy_algorithms=True).build()
    assert legacy.verify_document(sha1, at=DEMO_TIME).valid
    # No CRLs: revocation required fails, if-available / off pass.
    bare = qoltanba.VerifierConfig(
        trust_profile="none", roots=[DEMO / "root-rsa.pem"], intermediates=[DEMO / "nca-rsa.pem"]
    )
    doc = read(CMS / "rsa-attached.der")
    assert bare.build().verify_document(doc, at=DEMO_TIME).code == "revocation-status-unknown"
    for mode in ("off", "if-available"):
        v = qoltanba.Verifier(**{**bare.kwargs(), "revocation": mode})
        assert v.verify_document(doc, at=DEMO_TIME).valid, mode
    ts = demo_config(require_timestamp=True).build()
    assert ts.verify_document(doc, at=DEMO_TIME).code == "timestamp-missing"
    # The certificate is the CA's, not a SIGN key: purpose="any" skips it.
    auth = read(CMS / "auth-attached.der")
    demo = demo_config().build()
    assert demo.verify_document(auth, at=DEMO_TIME, purpose="any").valid


CERTIFICATES = [
    ("individual-sign.pem", True, None),
    ("individual-auth.pem", False, "wrong-key-kind"),
    ("ceo-sign.pem", True, None),
    ("system-sign.pem", True, None),
    ("individual-sign-ec.pem", True, None),
    ("expired.pem", False, "cert-expired"),
    ("not-yet-valid.pem", False, "cert-not-valid-yet"),
    ("revoked.pem", False, "cert-revoked"),
    ("on-hold.pem", False, "cert-revoked"),
    ("revoked-delta.pem", False, "cert-revoked"),
    ("wrong-issuer.pem", False, "unknown-issuer"),
    ("bad-iin.pem", True, None),
]


@pytest.mark.parametrize("name,valid,code", CERTIFICATES)
def test_demo_certificates(demo, name, valid, code):
    report = demo.verify_certificate(read(DEMO / name), at=DEMO_TIME)
    assert (report.valid, report.code) == (valid, code)
    d = report.to_dict()
    assert d["schema"] == "qoltanba/certificate-report/1"
    assert d["valid"] is valid
    assert report.certificate == d["certificate"]


def test_certificate_identity(demo):
    ceo = read(DEMO / "ceo-sign.pem")
    r = demo.verify_certificate(ceo, at=DEMO_TIME, bin="940140000385", roles=["first-head"])
    assert r.valid
    assert r.certificate["iin"] == "760212350620"
    assert r.certificate["bin"] == "940140000385"
    r = demo.verify_certificate(ceo, at=DEMO_TIME, roles=["right-to-sign"])
    assert (r.valid, r.code) == (False, "missing-role")


def test_stale_crl_is_revocation_unknown():
    stale = qoltanba.Verifier(
        trust_profile="none",
        roots=DEMO / "root-ec.pem",
        intermediates=DEMO / "nca-ec.pem",
        crls=[DEMO / "root-ec.crl", DEMO / "nca-ec.crl"],
    )
    r = stale.verify_certificate(read(DEMO / "stale-crl-leaf.pem"), at=DEMO_TIME)
    assert (r.valid, r.code) == (False, "revocation-status-unknown")


def test_directory_of_roots():
    # A directory source reads every file in it (here: the demo PKI's
    # directory holds keys too, which are not certificates: malformed).
    with pytest.raises(qoltanba.MalformedInput):
        qoltanba.Verifier(trust_profile="none", roots=DEMO)


NATIONAL = KZ / "cades-t" / "legal_entity_attached.der"


def test_national_document_needs_both_profiles():
    # A national test document (GOST 2015, test CA) time-stamped by the
    # production TSA: valid with both bundled profiles (cli/tests/policy_flags.rs).
    doc = read(NATIONAL)
    both = qoltanba.Verifier(trust_profile=["nca-test", "nca"], revocation="off")
    r = both.verify_document(doc, at="2026-08-01T00:00:00Z")
    assert (r.valid, r.code) == (True, None)
    signer = r.signers[0]
    assert signer["timestamp"]["valid"] is True
    assert signer["certificate"]["certificate"]["bin"] == "123456789021"
    test_only = qoltanba.Verifier(trust_profile="nca-test", revocation="off")
    r = test_only.verify_document(doc, at="2026-08-01T00:00:00Z")
    assert (r.valid, r.code) == (False, "timestamp-invalid")
    # The test CA's BIN fails its check digit: as an expected value it is
    # bad input, never a match.
    with pytest.raises(qoltanba.InvalidIdentifier) as e:
        both.verify_document(doc, at="2026-08-01T00:00:00Z", bin="123456789021")
    assert e.value.code == "invalid-identifier"


def test_national_documents_of_the_sdk():
    kalkan = V / "third-party" / "kz" / "skarm-kalkan"
    v = qoltanba.Verifier(trust_profile=["nca-test", "nca"], revocation="off")
    for name in ("cms__individual_attached.der", "cms__legal_entity_attached.der"):
        r = v.verify_document(read(kalkan / name), at="2026-08-01T00:00:00Z")
        assert (r.valid, r.code) == (True, None), name
    r = v.verify_document(
        read(kalkan / "cms__individual_detached.der"),
        read(kalkan / "cms__individual_document.txt"),
        at="2026-08-01T00:00:00Z",
    )
    assert r.valid


def test_inspect():
    cert = qoltanba.inspect(read(DEMO / "ceo-sign.pem"))
    assert cert["kind"] == "certificates"
    assert [c["bin"] for c in cert["certificates"]] == ["940140000385"]
    crl = qoltanba.inspect(read(DEMO / "nca-rsa.crl"))
    assert crl["kind"] == "crls"
    assert crl["crls"][0]["delta"] is False
    assert crl["crls"][0]["entries"] >= 2
    assert qoltanba.inspect(read(DEMO / "nca-rsa-delta.crl"))["crls"][0]["delta"] is True
    cms = qoltanba.inspect(read(CMS / "cosigned-attached.der"))
    assert (cms["kind"], cms["signers"], cms["detached"]) == ("cms", 2, False)
    assert cms["content_length"] == len(read(CMS / "content.txt"))
    det = qoltanba.inspect(read(CMS / "rsa-detached.der"))
    assert (det["detached"], det["content_length"]) == (True, None)
    p12 = qoltanba.inspect(read(V / "keys" / "rsa2048-pbes2.p12"), password="qoltanba")
    assert p12["kind"] == "pkcs12"
    assert len(p12["chain"]) == 1


def test_error_codes():
    codes = dict(qoltanba.error_codes())
    assert codes["malformed"] == 1
    assert codes["wrong-password"] == 42
    assert len(codes) == len(set(codes.values()))


def test_module_main(tmp_path):
    args = ["verify", str(CMS / "rsa-attached.der")] + demo_cli_args()
    import sys

    o = subprocess.run([sys.executable, "-m", "qoltanba", *args], capture_output=True, text=True)
    assert o.returncode == 0, o.stderr
    assert json.loads(o.stdout)["valid"] is True
    args[1] = str(CMS / "revoked-attached.der")
    o = subprocess.run([sys.executable, "-m", "qoltanba", *args], capture_output=True, text=True)
    assert o.returncode == 1
    assert json.loads(o.stdout)["reason"]["code"] == "cert-revoked"
    garbage = tmp_path / "garbage"
    garbage.write_bytes(b"not a document")
    args[1] = str(garbage)
    o = subprocess.run([sys.executable, "-m", "qoltanba", *args], capture_output=True, text=True)
    assert o.returncode == 2
    assert json.loads(o.stderr)["error"]["code"] == "malformed"
