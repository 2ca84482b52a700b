"""The remaining public surface: OCSP evidence, report accessors, list
files of an archive, the version."""

from __future__ import annotations

import json

import pytest

import qoltanba
from conftest import CMS, DEMO, DEMO_TIME, KZ, V, demo_config, read
from test_sign import REQUEST, demo_signer

NCANODE = V / "third-party" / "kz" / "ncanode"


def test_ocsp_evidence():
    # cli/tests/cli.rs: the national test CA's real OCSP response decides a
    # status no CRL gives.
    cert = read(KZ / "KEY_CEO_REVOKED_2015.pem")
    at = "2022-09-02T17:30:00Z"
    without = qoltanba.Verifier(trust_profile="nca-test")
    r = without.verify_certificate(cert, at=at, purpose="any")
    assert (r.valid, r.code) == (False, "revocation-status-unknown")
    ocsp = NCANODE / "ocsp__ocsp_response_ceo_2015_revoked.bin"
    for source in (ocsp, read(ocsp), [str(ocsp)]):
        with_ocsp = qoltanba.Verifier(trust_profile="nca-test", ocsp=source)
        r = with_ocsp.verify_certificate(cert, at=at, purpose="any")
        assert (r.valid, r.code) == (False, "cert-revoked")
        assert "was revoked at 2022-07-27T10:25:30Z (certificateHold)" in r.message
    with pytest.raises(qoltanba.MalformedInput):
        qoltanba.Verifier(trust_profile="nca-test", ocsp=b"garbage")


def test_demo_ocsp_makes_a_document_valid():
    # test-vectors/malformed: a good OCSP response of DEMO NCA (RSA) for
    # individual-sign.pem stands in for the CRL of its issuer.
    v = qoltanba.Verifier(
        trust_profile="none",
        roots=DEMO / "root-rsa.pem",
        intermediates=DEMO / "nca-rsa.pem",
        crls=DEMO / "root-rsa.crl",
        ocsp=V / "malformed" / "controls" / "ocsp-good.der",
    )
    r = v.verify_document(read(CMS / "rsa-attached.der"), at=DEMO_TIME)
    assert (r.valid, r.code) == (True, None)


def test_report_accessors(demo):
    r = demo.verify_certificate(read(DEMO / "revoked.pem"), at=DEMO_TIME)
    assert r.message.startswith("certificate ")
    assert json.loads(r.to_json()) == r.to_dict()
    assert json.loads(r.to_json(indent=4)) == r.to_dict()
    assert repr(r) == "<CertificateReport not valid [cert-revoked]>"
    ok = demo.verify_certificate(read(DEMO / "ceo-sign.pem"), at=DEMO_TIME)
    assert (ok.message, repr(ok)) == (None, "<CertificateReport valid>")
    doc = demo_signer("ceo-sign").sign_request(REQUEST, at=DEMO_TIME, force=True)
    v = demo.verify_request(doc, at=DEMO_TIME)
    assert v.message is not None and v.code is not None
    assert json.loads(v.to_json()) == v.to_dict()
    assert repr(v) == f"<Verdict request refused [{v.code}]>"
    good = demo.verify_request(demo_signer("individual-sign").sign_request(REQUEST, at=DEMO_TIME), at=DEMO_TIME)
    assert (good.message, good.refusal_message("kk"), good.cause_message("ru"), repr(good)) == (
        None,
        None,
        None,
        "<Verdict request valid>",
    )


def test_list_file_archive(tmp_path):
    from qoltanba.dask import list_archive

    listing = tmp_path / "list.txt"
    listing.write_text(f"{CMS / 'rsa-attached.der'}\n\n  {CMS / 'ec-attached.der'}  \n", encoding="utf-8")
    assert list_archive(listing) == [str(CMS / "rsa-attached.der"), str(CMS / "ec-attached.der")]


def test_version():
    assert qoltanba.__version__ == "0.1.0"
