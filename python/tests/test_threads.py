"""One verifier shared by threads (the GIL is released while verifying),
and the bulk API."""

from __future__ import annotations

import concurrent.futures
import threading
import time

import qoltanba
from conftest import CMS, DEMO_TIME, KEYS, read

NAMES = [
    "rsa-attached.der",
    "ec-attached.der",
    "revoked-attached.der",
    "expired-attached.der",
    "cosigned-attached.der",
    "rsa-pss-attached.der",
    "auth-attached.der",
]


def test_threads_share_one_verifier(demo):
    docs = [read(CMS / n) for n in NAMES] * 30
    expected = [(r.valid, r.code) for r in (demo.verify_document(d, at=DEMO_TIME) for d in docs)]
    start = threading.Barrier(4)

    def work(chunk):
        start.wait()
        return [(r.valid, r.code) for r in (demo.verify_document(d, at=DEMO_TIME) for d in chunk)]

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        chunks = [docs[i::4] for i in range(4)]
        results = list(pool.map(work, chunks))
    got = [None] * len(docs)
    for i, chunk in enumerate(results):
        got[i::4] = chunk
    assert got == expected
    assert sum(1 for v, _ in got if v) == 4 * 30


def test_long_calls_release_the_gil():
    # A PKCS#12 file with 600,000 iterations per derivation takes a while to
    # open. With the GIL released, another thread runs Python code in the
    # middle of that call; with the GIL held it could run only at its edges.
    data = read(KEYS / "rsa2048-600k.p12")
    stamps = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            stamps.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        time.sleep(0.01)
        t0 = time.perf_counter()
        qoltanba.Signer.from_pkcs12(data, "qoltanba")
        t1 = time.perf_counter()
    finally:
        stop.set()
        t.join()
    lo, hi = t0 + (t1 - t0) * 0.25, t1 - (t1 - t0) * 0.25
    assert t1 - t0 > 0.02
    assert any(lo < s < hi for s in stamps), (t0, t1)


def test_verify_bulk(demo, tmp_path):
    garbage = tmp_path / "garbage.der"
    garbage.write_bytes(b"garbage")
    items = [
        read(CMS / "rsa-attached.der"),
        CMS / "revoked-attached.der",
        str(CMS / "ec-attached.der"),
        garbage,
        tmp_path / "missing.der",
        bytearray(read(CMS / "rsa-detached.der")),
    ]
    for threads in (1, 2, 3):
        rows = demo.verify_bulk(items, at=DEMO_TIME, threads=threads)
        assert [(r["verdict"], r["valid"], r["code"], r["counted_as"]) for r in rows] == [
            ("valid", True, None, "valid"),
            ("not valid [cert-revoked]", False, "cert-revoked", "not valid [cert-revoked]"),
            ("valid", True, None, "valid"),
            ("not valid [malformed]", False, "malformed", "malformed [malformed]"),
            ("unreadable", False, "unreadable", "unreadable"),
            (
                "not valid [detached-content-missing]",
                False,
                "detached-content-missing",
                "not valid [detached-content-missing]",
            ),
        ]
    assert demo.verify_bulk([], at=DEMO_TIME) == []
    # Options apply to every document.
    rows = demo.verify_bulk([read(CMS / "rsa-attached.der")], at=DEMO_TIME, iin="760212350620")
    assert rows[0]["code"] == "identity-mismatch"
