"""Bad input raises the documented exceptions and never crashes the
interpreter; a verdict that is not valid is never an exception."""

from __future__ import annotations

import datetime
import random

import pytest

import qoltanba
from conftest import CMS, DEMO, DEMO_TIME, read

DOC = read(CMS / "rsa-attached.der")


def test_hierarchy():
    for cls in (
        qoltanba.MalformedInput,
        qoltanba.LimitExceeded,
        qoltanba.InvalidIdentifier,
        qoltanba.UsageError,
        qoltanba.WrongPassword,
        qoltanba.UnsupportedKey,
        qoltanba.SigningUnavailable,
        qoltanba.SigningRefused,
    ):
        assert issubclass(cls, qoltanba.QoltanbaError)
    assert issubclass(qoltanba.MalformedInput, ValueError)
    assert issubclass(qoltanba.LimitExceeded, qoltanba.MalformedInput)
    assert issubclass(qoltanba.UsageError, ValueError)
    e = qoltanba.MalformedInput("m", "malformed")
    import pickle

    again = pickle.loads(pickle.dumps(e))
    assert (type(again), again.code, again.message) == (qoltanba.MalformedInput, "malformed", "m")


@pytest.mark.parametrize(
    "data",
    [b"", b"garbage", b"\x30", b"\x30\x80", DOC[: len(DOC) // 2], DOC[:-1], b"-----BEGIN CMS-----\n!!\n-----END CMS-----\n"],
)
def test_garbage_and_truncated_documents(demo, data):
    with pytest.raises(qoltanba.MalformedInput) as e:
        demo.verify_document(data, at=DEMO_TIME)
    assert e.value.code == "malformed"
    assert str(e.value) == e.value.message


def test_garbage_certificates(demo):
    cert = read(DEMO / "ceo-sign.pem")
    for data in (b"", b"garbage", cert[:200], DOC):
        with pytest.raises(qoltanba.MalformedInput):
            demo.verify_certificate(data, at=DEMO_TIME)
    with pytest.raises(qoltanba.MalformedInput):
        qoltanba.inspect(b"garbage")


def test_wrong_types(demo):
    with pytest.raises(TypeError):
        demo.verify_document("rsa-attached.der", at=DEMO_TIME)
    with pytest.raises(TypeError):
        demo.verify_document(123)
    with pytest.raises(TypeError):
        demo.verify_document(None)
    with pytest.raises(TypeError):
        demo.verify_document(DOC, "content", at=DEMO_TIME)
    with pytest.raises(TypeError):
        demo.verify_document(DOC, at=object())
    with pytest.raises(TypeError):
        demo.verify_document(DOC, at=True)
    with pytest.raises(TypeError):
        demo.verify_document(DOC, at=DEMO_TIME, iin=871008401427)
    with pytest.raises(TypeError):
        demo.verify_document(DOC, at=DEMO_TIME, roles=[1, 2])
    with pytest.raises(TypeError):
        demo.verify_document(DOC, at=DEMO_TIME, unknown=1)
    with pytest.raises(TypeError):
        demo.verify_certificate([b"x"])
    with pytest.raises(TypeError):
        qoltanba.Verifier(roots=[123])
    with pytest.raises(TypeError):
        qoltanba.Verifier(roots=12)
    with pytest.raises(TypeError):
        qoltanba.Verifier(trust_profile=5)
    with pytest.raises(TypeError):
        qoltanba.Verifier(ca_revocation="yes")
    with pytest.raises(TypeError):
        qoltanba.Verifier("nca")  # keyword-only
    with pytest.raises(TypeError):
        demo.verify_bulk(5)
    with pytest.raises(TypeError):
        demo.verify_bulk([DOC, 5])
    with pytest.raises(TypeError):
        qoltanba.inspect("file.pem")


def test_bad_values(demo):
    with pytest.raises(qoltanba.UsageError) as e:
        demo.verify_document(DOC, at="yesterday")
    assert e.value.code == "usage"
    with pytest.raises(ValueError):
        demo.verify_document(DOC, at=datetime.datetime(2025, 6, 1))  # naive
    with pytest.raises(ValueError):
        demo.verify_document(DOC, at=float("nan"))
    with pytest.raises(qoltanba.UsageError):
        demo.verify_document(DOC, at=DEMO_TIME, roles=["king"])
    with pytest.raises(qoltanba.UsageError):
        demo.verify_document(DOC, at=DEMO_TIME, purpose="encrypt")
    with pytest.raises(qoltanba.UsageError):
        demo.verify_document(DOC, at=DEMO_TIME, iin="871008401427", bin="940140000385")
    with pytest.raises(qoltanba.InvalidIdentifier):
        demo.verify_document(DOC, at=DEMO_TIME, iin="871008401428")
    with pytest.raises(qoltanba.InvalidIdentifier):
        demo.verify_document(DOC, at=DEMO_TIME, iin="12ab")
    with pytest.raises(qoltanba.UsageError):
        qoltanba.Verifier(revocation="sometimes")
    with pytest.raises(qoltanba.UsageError):
        qoltanba.Verifier(trust_profile="gov")
    with pytest.raises(qoltanba.UsageError):
        qoltanba.Verifier(trust_profile=["none", "nca"])
    with pytest.raises(qoltanba.MalformedInput):
        qoltanba.Verifier(trust_profile="none", roots=[b"garbage"])
    with pytest.raises(qoltanba.MalformedInput):
        qoltanba.Verifier(trust_profile="none", crls=[read(DEMO / "root-rsa.pem")])
    with pytest.raises(OSError):
        qoltanba.Verifier(trust_profile="none", roots=[DEMO / "no-such-file.pem"])
    with pytest.raises(OverflowError):
        qoltanba.Verifier(ocsp_max_age=-1)


def test_mutated_documents_never_crash(demo):
    # Every mutation gives a report or a QoltanbaError: never a crash, never
    # another exception, and never "valid" for a changed signed byte range
    # is not asserted here (a BER length byte may change harmlessly).
    rng = random.Random(18)
    outcomes = {"report": 0, "error": 0}
    for _ in range(400):
        data = bytearray(DOC)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            demo.verify_document(bytes(data), at=DEMO_TIME)
            outcomes["report"] += 1
        except qoltanba.QoltanbaError:
            outcomes["error"] += 1
    assert sum(outcomes.values()) == 400


def test_invalid_verdicts_are_reports_not_exceptions(demo):
    for name in ("revoked-attached.der", "expired-attached.der", "auth-attached.der"):
        report = demo.verify_document(read(CMS / name), at=DEMO_TIME)
        assert report.valid is False


def test_oversized_input(demo):
    with pytest.raises(qoltanba.LimitExceeded) as e:
        demo.verify_document(b"0" * (64 * 1024 * 1024 + 1), at=DEMO_TIME)
    assert e.value.code == "limit-exceeded"
    with pytest.raises(qoltanba.MalformedInput) as e:
        demo.verify_document(b"\x30\x84\xff\xff\xff\xff" + b"0" * 100, at=DEMO_TIME)
    assert str(e.value) == "malformed CMS: truncated element"
