"""The reports' to_dict() is the CLI's --format json output."""

from __future__ import annotations

import json
import subprocess

import pytest

import qoltanba
from conftest import CMS, DEMO, DEMO_TIME, NATIONAL_ARGS, demo_cli_args, read


def run(cli, *args):
    o = subprocess.run([cli, *args], capture_output=True)
    return o.returncode, json.loads(o.stdout)


@pytest.mark.parametrize(
    "name,content",
    [
        ("rsa-attached.der", None),
        ("cosigned-attached.der", None),
        ("revoked-attached.der", None),
        ("rsa-sha1-attached.der", None),
        ("rsa-detached.der", "content.txt"),
        ("rsa-detached.der", "other.txt"),
        ("rsa-nocerts-attached.der", None),
    ],
)
def test_document_report_equals_cli_json(cli, demo, name, content):
    args = ["verify", str(CMS / name), "--format", "json", *demo_cli_args()]
    if content:
        args += ["--content", str(CMS / content)]
    exit_code, cli_json = run(cli, *args)
    report = demo.verify_document(
        read(CMS / name), read(CMS / content) if content else None, at=DEMO_TIME
    )
    assert report.to_dict() == cli_json
    assert exit_code == (0 if report.valid else 1)


def test_document_report_with_identity_equals_cli_json(cli, demo):
    args = ["verify", str(CMS / "ec-attached.der"), "--format", "json", "--iin", "760212350620"]
    _, cli_json = run(cli, *args, *demo_cli_args())
    report = demo.verify_document(read(CMS / "ec-attached.der"), at=DEMO_TIME, iin="760212350620")
    assert report.code == "identity-mismatch"
    assert report.to_dict() == cli_json


def test_national_document_equals_cli_json(cli):
    doc = str(NATIONAL_ARGS["file"])
    _, cli_json = run(
        cli, "verify", doc, "--format", "json", "--trust-profile", "nca-test",
        "--trust-profile", "nca", "--no-revocation", "--at", "2026-08-01T00:00:00Z",
    )
    v = qoltanba.Verifier(trust_profile=["nca-test", "nca"], revocation="off")
    assert v.verify_document(read(doc), at="2026-08-01T00:00:00Z").to_dict() == cli_json


@pytest.mark.parametrize("name", ["ceo-sign.pem", "revoked.pem", "expired.pem", "wrong-issuer.pem"])
def test_certificate_report_equals_cli_json(cli, demo, name):
    _, cli_json = run(cli, "verify-cert", str(DEMO / name), "--format", "json", *demo_cli_args())
    assert demo.verify_certificate(read(DEMO / name), at=DEMO_TIME).to_dict() == cli_json
