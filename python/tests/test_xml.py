"""Verifier.verify_xml: XML signatures (XMLDSig, WS-Security in SOAP 1.1
and 1.2), its report's to_dict() equal to `qoltanba verify --format json`
on the same file, the signed Body handed out only when valid."""

from __future__ import annotations

import json
import subprocess

import pytest

import qoltanba
from conftest import DEMO, DEMO_CAS, DEMO_CRLS, DEMO_ROOTS, DEMO_TIME, V, demo_cli_args, read

XMLSEC = V / "xml" / "xmlsec"
MALFORMED = V / "malformed" / "xml"
NATIONAL_WSSE = V / "third-party" / "kz" / "skarm-kalkan" / "java_xml__native-wsse.xml"


def run(cli, *args):
    o = subprocess.run([cli, *args], capture_output=True)
    return o.returncode, json.loads(o.stdout)


@pytest.mark.parametrize(
    "path,valid,code",
    [
        (XMLSEC / "rsa-enveloped.xml", True, None),
        (XMLSEC / "ecdsa-exc-prefixes.xml", True, None),
        (XMLSEC / "soap-rsa.xml", True, None),
        (XMLSEC / "soap12-rsa.xml", True, None),
        (XMLSEC / "rsa-issuer-serial.xml", False, "signer-certificate-not-found"),
        (MALFORMED / "xsw-moved-body.xml", False, "xml-wrapped-element"),
        (MALFORMED / "xsw-duplicate-id-soap12.xml", False, "xml-duplicate-id"),
        (MALFORMED / "body-changed.xml", False, "xml-digest-mismatch"),
        (MALFORMED / "doctype-entities.xml", False, "xml-doctype"),
        (MALFORMED / "no-signature.xml", False, "xml-no-signature"),
    ],
)
def test_xml_report_equals_cli_json(cli, demo, path, valid, code):
    exit_code, cli_json = run(cli, "verify", str(path), "--format", "json", *demo_cli_args())
    report = demo.verify_xml(read(path), at=DEMO_TIME)
    assert report.valid is valid
    assert report.code == code
    assert report.to_dict() == cli_json
    assert json.loads(report.to_json()) == cli_json
    assert json.loads(report.to_json(indent=2)) == cli_json
    assert cli_json["schema"] == "qoltanba/xml-report/1"
    assert exit_code == (0 if valid else 1)


def test_national_wsse_equals_cli_json(cli):
    _, cli_json = run(
        cli, "verify", str(NATIONAL_WSSE), "--format", "json", "--trust-profile", "nca-test",
        "--at", "2024-03-01T00:00:00Z", "--revocation", "off",
    )
    v = qoltanba.Verifier(trust_profile="nca-test", revocation="off")
    report = v.verify_xml(read(NATIONAL_WSSE), at="2024-03-01T00:00:00Z")
    assert report.valid
    assert report.to_dict() == cli_json
    assert report.signers[0]["signature_algorithm"] == "gost34.10-2015-512"


def test_soap_report_fields_and_signed_body(demo):
    report = demo.verify_xml(read(XMLSEC / "soap12-rsa.xml"), at=DEMO_TIME)
    assert report.valid and report.code is None and report.message is None
    assert report.soap is True
    assert report.signed_elements == ["Timestamp", "Body"]
    assert [r["uri"] for r in report.signatures[0]["references"]] == ["#body", "#ts"]
    body = report.signed_body
    assert body.startswith(b'<soap:Body xmlns:soap="http://www.w3.org/2003/05/soap-envelope"')
    assert "<m:data>Сәлем, әлем</m:data>".encode() in body
    assert repr(report) == "<XmlReport valid>"
    refused = demo.verify_xml(read(MALFORMED / "xsw-moved-body-soap12.xml"), at=DEMO_TIME)
    assert refused.signed_body is None
    assert refused.code == "xml-wrapped-element"
    assert repr(refused) == "<XmlReport not valid [xml-wrapped-element]>"


def test_issuer_serial_with_the_callers_certificate(demo):
    data = read(XMLSEC / "rsa-issuer-serial.xml")
    assert demo.verify_xml(data, at=DEMO_TIME).code == "signer-certificate-not-found"
    with_cert = qoltanba.VerifierConfig(
        trust_profile="none",
        roots=DEMO_ROOTS,
        intermediates=[*DEMO_CAS, DEMO / "individual-sign.pem"],
        crls=DEMO_CRLS,
    ).build()
    report = with_cert.verify_xml(data, at=DEMO_TIME)
    assert report.valid, report.message
    assert report.signers[0]["certificate"]["certificate"]["iin"] == "871008401427"


def test_identity_and_unreadable_input(demo):
    data = read(XMLSEC / "rsa-enveloped.xml")
    assert demo.verify_xml(data, at=DEMO_TIME, iin="871008401427").valid
    assert demo.verify_xml(data, at=DEMO_TIME, iin="760212350620").code == "identity-mismatch"
    with pytest.raises(qoltanba.InvalidIdentifier):
        demo.verify_xml(data, at=DEMO_TIME, iin="871008401428")
    bad = demo.verify_xml(b"<a><b></a>", at=DEMO_TIME)
    assert (bad.valid, bad.code) == (False, "malformed")
    with pytest.raises(TypeError):
        demo.verify_xml("not bytes", at=DEMO_TIME)
