"""The e-government flow from Python (docs/domain.md): channels and their
policies, the representative, licence signer policies, the checks before
signing and ``force``, receipts; verdicts and receipts equal to the CLI's."""

from __future__ import annotations

import json
import subprocess

import pytest

import qoltanba
from conftest import DEMO_TIME, demo_cli_args
from test_sign import HEADLINE, LICENCE, REQUEST, demo_signer, without_elapsed

CENTRE = "950341000052"
PROVIDER = "940140000385"


def request(**changes) -> dict:
    r = dict(REQUEST)
    r.update(changes)
    return {k: v for k, v in r.items() if v is not None}


CENTRE_REQUEST = request(channel="service-centre")
ORG_REQUEST = request(applicant={"bin": PROVIDER})
REP_REQUEST = request(
    representative={
        "iin": "921115300456",
        "power_of_attorney": {"number": "N-17", "date": "2025-05-20", "notarised": True},
    }
)


def parts(v):
    return [(s["part"], s["valid"]) for s in v.signers]


def test_service_centre_operator_certifies(demo):
    doc = demo_signer("operator-sign").sign_request(CENTRE_REQUEST, at=DEMO_TIME)
    policy = {"channel": "service-centre", "service_centre_bins": [CENTRE]}
    v = demo.verify_request(doc, at=DEMO_TIME, policy=policy)
    assert (v.valid, v.channel, parts(v)) == (True, "service-centre", [("operator", True)])
    # The same policy as JSON text.
    assert demo.verify_request(doc, at=DEMO_TIME, policy=json.dumps(policy)).valid
    # No service centre configured (the default policy).
    v = demo.verify_request(doc, at=DEMO_TIME)
    assert (v.valid, v.subject, v.refusal, v.code) == (
        False,
        "certifier",
        "eds-not-authorised-to-certify",
        "identity-mismatch",
    )
    assert v.message == (
        "identity mismatch: expected an operator of a service centre (BIN none configured), "
        "certificate has BIN 950341000052"
    )
    # The operator's role is configurable.
    v = demo.verify_request(doc, at=DEMO_TIME, policy={**policy, "certifier_roles": ["first-head"]})
    assert (v.valid, v.code) == (False, "missing-role")
    # A request naming another channel than the one it arrived by.
    v = demo.verify_request(doc, at=DEMO_TIME, policy={"channel": "portal"})
    assert (v.valid, v.subject) == (False, "request")


def test_provider_employee_certifies(demo):
    doc = demo_signer("employee-sign").sign_request(request(channel="provider"), at=DEMO_TIME)
    v = demo.verify_request(doc, at=DEMO_TIME, policy={"provider_bins": [PROVIDER]})
    assert (v.valid, v.channel, parts(v)) == (True, "provider", [("provider-employee", True)])


def test_representative(demo):
    doc = demo_signer("representative-sign").sign_request(REP_REQUEST, at=DEMO_TIME)
    v = demo.verify_request(doc, at=DEMO_TIME)
    assert (v.valid, parts(v), v.power_of_attorney_checked) == (True, [("representative", True)], False)
    assert v.warnings == [
        "power of attorney N-17 of 2025-05-20 (notarised) for representative IIN 921115300456 not "
        "checked: the notarial system checks it, outside qoltanba"
    ]
    # The applicant's own signature does not stand in for the
    # representative's named in the request.
    with pytest.raises(qoltanba.SigningRefused) as e:
        demo_signer("individual-sign").sign_request(REP_REQUEST, at=DEMO_TIME)
    assert e.value.code == "identity-mismatch"


def test_signing_roles_shorthand(demo):
    doc = demo_signer("employee-sign").sign_request(ORG_REQUEST, at=DEMO_TIME, force=True)
    v = demo.verify_request(doc, at=DEMO_TIME)
    assert (v.valid, v.refusal, v.code) == (False, "eds-no-right-to-sign", "missing-role")
    assert demo.verify_request(doc, at=DEMO_TIME, signing_roles=["employee"]).valid
    assert demo.verify_request(doc, at=DEMO_TIME, signing_roles="employee").valid
    assert demo.verify_request(doc, at=DEMO_TIME, policy={"signing_roles": ["employee"]}).valid
    assert demo.verify_request(
        doc, at=DEMO_TIME, policy={"cosigners": "report"}, signing_roles=["employee"]
    ).valid
    with pytest.raises(qoltanba.UsageError) as e:
        demo.verify_request(doc, at=DEMO_TIME, policy={"signing_roles": ["first-head"]}, signing_roles=["employee"])
    assert str(e.value) == "signing_roles: given both as an argument and in the policy"
    with pytest.raises(qoltanba.UsageError) as e:
        demo.verify_request(doc, at=DEMO_TIME, signing_roles=["boss"])
    assert str(e.value) == 'signing_roles: unknown role "boss"'
    # The organisation's first head passes the check before signing.
    ceo = demo_signer("ceo-sign").sign_request(ORG_REQUEST, at=DEMO_TIME)
    assert demo.verify_request(ceo, at=DEMO_TIME).valid


def test_bad_policies(demo):
    doc = demo_signer("individual-sign").sign_request(REQUEST, at=DEMO_TIME)
    lic = demo_signer("ceo-sign").issue_licence(LICENCE, at=DEMO_TIME)
    for policy, message in [
        ({"chanel": "portal"}, 'policy: unknown member "chanel"'),
        ({"channel": "post"}, 'policy: channel "post"'),
        ({"service_centre_bins": ["940140000384"]}, "policy: service_centre_bins: invalid BIN: check digit mismatch"),
        ({"cosigners": "ignore"}, 'policy: cosigners "ignore"'),
        ({"deadline_ms": -5}, "policy: deadline_ms is not a non-negative integer"),
        ({"signer": "employee"}, 'policy: unknown member "signer"'),
        ("[1]", "policy: not a JSON object"),
        ("{", "policy: EOF while parsing an object at line 1 column 1"),
    ]:
        with pytest.raises(qoltanba.UsageError) as e:
            demo.verify_request(doc, at=DEMO_TIME, policy=policy)
        assert (e.value.code, str(e.value)) == ("usage", message), policy
    for policy, message in [
        ({"signer": "director"}, 'policy: signer "director"'),
        ({"channel": "portal"}, 'policy: unknown member "channel"'),
        ({"test_identifiers": "yes"}, "policy: test_identifiers is not a boolean"),
    ]:
        with pytest.raises(qoltanba.UsageError) as e:
            demo.verify_licence(lic, at=DEMO_TIME, policy=policy)
        assert str(e.value) == message, policy
    for bad in (42, ["channel"], b"{}"):
        with pytest.raises(TypeError):
            demo.verify_request(doc, at=DEMO_TIME, policy=bad)
    with pytest.raises(TypeError):
        demo.verify_licence(lic, at=DEMO_TIME, signing_roles=["employee"])


def test_time_budget(demo):
    doc = demo_signer("individual-sign").sign_request(REQUEST, at=DEMO_TIME)
    v = demo.verify_request(doc, at=DEMO_TIME, policy={"deadline_ms": 0})
    assert (v.valid, v.code) == (False, "time-budget-exceeded")
    assert demo.verify_request(doc, at=DEMO_TIME, policy={"deadline_ms": 60000}).valid


def test_licence_term(demo):
    expired = dict(LICENCE, valid_until="2025-05-31")
    v = demo.verify_licence(demo_signer("ceo-sign").issue_licence(expired, at=DEMO_TIME), at=DEMO_TIME)
    assert (v.valid, v.subject, v.code) == (False, "licence", "not-in-force")


@pytest.mark.parametrize(
    "who, code, refusal",
    [
        ("expired", "cert-expired", "eds-expired"),
        ("not-yet-valid", "cert-not-valid-yet", "eds-not-yet-valid"),
        ("individual-auth", "wrong-key-kind", "eds-not-a-signing-key"),
    ],
)
def test_refused_before_signing(demo, who, code, refusal):
    signer = demo_signer(who)
    with pytest.raises(qoltanba.SigningRefused) as e:
        signer.sign_request(REQUEST, at=DEMO_TIME)
    assert e.value.code == code
    assert e.value.message.startswith(f"refusing to sign: [{refusal}] ")
    assert e.value.message.endswith(f"({code}; force=True signs anyway)")
    doc = signer.sign_request(REQUEST, at=DEMO_TIME, force=True)
    v = demo.verify_request(doc, at=DEMO_TIME)
    assert (v.valid, v.subject, v.refusal, v.code) == (False, "applicant", refusal, code)


def test_revocation_before_signing(demo):
    """With a verifier, revocation is checked before signing too."""
    revoked = demo_signer("revoked")
    doc = revoked.sign_request(REQUEST, at=DEMO_TIME)  # no evidence given
    v = demo.verify_request(doc, at=DEMO_TIME)
    assert (v.refusal, v.code) == ("eds-revoked", "cert-revoked")
    with pytest.raises(qoltanba.SigningRefused) as e:
        revoked.sign_request(REQUEST, at=DEMO_TIME, verifier=demo)
    assert e.value.code == "cert-revoked"
    with pytest.raises(qoltanba.SigningRefused) as e:
        revoked.sign(b"x", at=DEMO_TIME, verifier=demo)
    assert e.value.code == "cert-revoked"
    assert revoked.sign_request(REQUEST, at=DEMO_TIME, verifier=demo, force=True)
    assert demo_signer("individual-sign").sign_request(REQUEST, at=DEMO_TIME, verifier=demo)


def test_licence_refused_before_signing():
    with pytest.raises(qoltanba.SigningRefused) as e:
        demo_signer("operator-sign").issue_licence(LICENCE, at=DEMO_TIME)
    assert e.value.code == "identity-mismatch"
    assert e.value.message.startswith("refusing to sign: [eds-issuer-mismatch] ")
    with pytest.raises(qoltanba.SigningRefused) as e:
        demo_signer("system-sign").issue_licence(LICENCE, at=DEMO_TIME)
    assert e.value.code == "missing-role"


def test_strict_model_refused():
    signer = demo_signer("individual-sign")
    for change, detail in [
        ({"version": 2}, "version"),
        ({"issued": "not-a-date"}, "unknown field"),
        ({"service": ""}, "is empty"),
        ({"attachments": [{"name": "a", "sha256": "xyz"}]}, "sha256"),
    ]:
        with pytest.raises(qoltanba.MalformedInput) as e:
            signer.sign_request(dict(REQUEST, **change), at=DEMO_TIME)
        assert e.value.code == "malformed"
        assert e.value.message.startswith("malformed request: "), e.value.message
        assert detail in e.value.message, (change, e.value.message)
    with pytest.raises(qoltanba.MalformedInput) as e:
        signer.issue_licence(dict(LICENCE, valid_until="1999-13-45"), at=DEMO_TIME)
    assert e.value.message.startswith("malformed licence: ")


def test_test_identifiers(demo):
    test_req = request(applicant={"iin": "123456789011"})
    signer = demo_signer("test-ids-sign")
    with pytest.raises(qoltanba.MalformedInput) as e:
        signer.sign_request(test_req, at=DEMO_TIME)
    assert e.value.message == "malformed request: applicant: IIN 123456789011 fails the check digit"
    with pytest.warns(UserWarning, match="123456789011"):
        doc = signer.sign_request(test_req, at=DEMO_TIME, test_identifiers=True)
    v = demo.verify_request(doc, at=DEMO_TIME)
    assert v.valid is False
    v = demo.verify_request(doc, at=DEMO_TIME, policy={"test_identifiers": True})
    assert v.valid, v.message
    assert any("123456789011" in w for w in v.warnings)


def test_receipt(demo):
    doc = demo_signer("revoked").sign_request(REQUEST, at=DEMO_TIME)
    v = demo.verify_request(doc, at=DEMO_TIME)
    r = demo.receipt(v, doc)
    assert (r["schema"], r["kind"], r["valid"], r["subject"], r["refusal"]) == (
        "qoltanba/receipt/1",
        "request",
        False,
        "applicant",
        "eds-revoked",  # the cause's code, as Verdict.refusal gives it
    )
    assert r["message"]["kk"].startswith(HEADLINE["kk"] + ": ")
    assert r["reason"]["code"] == "cert-revoked"
    assert [(s["part"], s["revocation"]) for s in r["signers"]] == [("applicant", "failed")]
    assert r["validated_at"] == DEMO_TIME
    assert r["software"] == f"qoltanba {qoltanba.__version__}"
    import hashlib

    assert r["document_sha256"] == hashlib.sha256(doc).hexdigest()
    lic = demo_signer("ceo-sign").issue_licence(LICENCE, at=DEMO_TIME)
    r = demo.receipt(demo.verify_licence(lic, at=DEMO_TIME), lic)
    assert (r["kind"], r["valid"], r["message"]) == ("licence", True, None)
    with pytest.raises(TypeError):
        demo.receipt(demo.verify_document(lic, at=DEMO_TIME), lic)


def run_cli(cli, *args):
    return subprocess.run([cli, *map(str, args), *demo_cli_args()], capture_output=True)


def test_verdicts_and_receipts_equal_cli(cli, demo, tmp_path):
    """to_dict() is `request|licence verify --format json`, and receipt()
    is `--receipt FILE`, under the same policies (but for the timing)."""
    cases = [
        ("request", demo_signer("operator-sign").sign_request(CENTRE_REQUEST, at=DEMO_TIME),
         {"service_centre_bins": [CENTRE]}, ["--service-centre-bin", CENTRE]),
        ("request", demo_signer("operator-sign").sign_request(CENTRE_REQUEST, at=DEMO_TIME), None, []),
        ("request", demo_signer("representative-sign").sign_request(REP_REQUEST, at=DEMO_TIME), None, []),
        ("request", demo_signer("revoked").sign_request(REQUEST, at=DEMO_TIME),
         {"cosigners": "report"}, ["--cosigners", "report"]),
        ("licence", demo_signer("employee-sign").issue_licence(LICENCE, at=DEMO_TIME), None, []),
        ("licence", demo_signer("employee-sign").issue_licence(LICENCE, at=DEMO_TIME),
         {"signer": "employee"}, ["--signer", "employee"]),
    ]
    for i, (kind, doc, policy, flags) in enumerate(cases):
        path, receipt = tmp_path / f"{i}.p7s", tmp_path / f"{i}.receipt.json"
        path.write_bytes(doc)
        o = run_cli(cli, kind, "verify", path, "--format", "json", "--receipt", receipt, *flags)
        verify = demo.verify_request if kind == "request" else demo.verify_licence
        v = verify(doc, at=DEMO_TIME, policy=policy)
        assert o.returncode == (0 if v.valid else 1), (i, o.stderr)
        assert without_elapsed(v.to_dict()) == without_elapsed(json.loads(o.stdout)), i
        assert without_elapsed(demo.receipt(v, doc)) == without_elapsed(json.loads(receipt.read_text("utf-8"))), i
