"""qoltanba.dask.verify_archive on a LocalCluster of 2 worker processes
matches `qoltanba verify-bulk` on the same archive exactly."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import pytest

import qoltanba
from conftest import CMS, DEMO_TIME, demo_cli_args, demo_config, read

distributed = pytest.importorskip("dask.distributed")
from qoltanba.dask import list_archive, verify_archive, verify_partition  # noqa: E402

EXPECTED = {
    "valid": 12,
    "not valid [cert-revoked]": 5,
    "not valid [cert-expired]": 2,
    "not valid [message-digest-mismatch]": 4,
    "not valid [invalid-signature]": 3,
    "malformed [malformed]": 5,
}


def make_archive(root: Path) -> Path:
    """Valid, revoked, expired, tampered (content and signature) and
    garbage documents, in a shuffled order of names."""
    rng = random.Random(18)
    rsa = read(CMS / "rsa-attached.der")
    content = read(CMS / "content.txt")
    at = rsa.index(content)
    docs = []
    docs += [rsa] * 6 + [read(CMS / "ec-attached.der")] * 4 + [read(CMS / "rsa-pss-attached.der")] * 2
    docs += [read(CMS / "revoked-attached.der")] * 5
    docs += [read(CMS / "expired-attached.der")] * 2
    for i in range(4):
        t = bytearray(rsa)
        t[at + i] ^= 0x01  # the signed content changed
        docs.append(bytes(t))
    for i in range(3):
        t = bytearray(rsa)
        t[-1 - i] ^= 0x40  # the signature value changed
        docs.append(bytes(t))
    docs += [bytes(rng.randrange(256) for _ in range(100)) for _ in range(3)]
    docs += [rsa[:300], rsa[: len(rsa) // 2]]
    rng.shuffle(docs)
    archive = root / "archive"
    archive.mkdir()
    for i, d in enumerate(docs):
        (archive / f"doc-{i:04}.p7s").write_bytes(d)
    return archive


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_dask_matches_verify_bulk(client, cli, tmp_path):
    archive = make_archive(tmp_path)
    result = verify_archive(archive, demo_config(), at=DEMO_TIME, partition_size=5)
    assert result.counts == EXPECTED
    assert result.total == 31
    assert result.all_valid is False
    # One verifier per worker process, built once for all its partitions.
    built = client.run(lambda: len(__import__("qoltanba.dask").dask._verifiers))
    assert sorted(built.values()) == [1, 1]
    # verify-bulk on the same archive: same counts, same per-file verdicts.
    o = subprocess.run(
        [cli, "verify-bulk", str(archive), "--format", "json", "--jobs", "2", *demo_cli_args()],
        capture_output=True,
    )
    assert o.returncode == 1
    bulk = json.loads(o.stdout)
    assert bulk["counts"] == result.counts
    assert bulk["documents"] == result.total
    assert [
        {k: d[k] for k in ("file", "verdict", "valid", "code")} for d in result.documents
    ] == bulk["files"]


def test_dask_bag_of_bytes_and_config_dict(client, tmp_path):
    import dask.bag as db

    archive = make_archive(tmp_path)
    entries = [(p, Path(p).read_bytes()) for p in list_archive(archive)]
    bag = db.from_sequence(entries, npartitions=4)
    config = demo_config().kwargs()
    result = verify_archive(bag, config, at=DEMO_TIME)
    assert result.counts == EXPECTED
    assert [d["file"] for d in result.documents] == [str(p) for p, _ in entries]


def test_partition_function_without_dask(tmp_path):
    # The function PySpark's mapPartitions would call.
    archive = make_archive(tmp_path)
    rows = verify_partition(iter(list_archive(archive)), demo_config().resolved(), at=DEMO_TIME)
    counts = {}
    for r in rows:
        counts[r["counted_as"]] = counts.get(r["counted_as"], 0) + 1
    assert counts == EXPECTED


def test_config_is_picklable_and_resolved():
    import pickle

    config = demo_config()
    resolved = config.resolved()
    assert all(isinstance(b, bytes) for b in resolved.roots)
    again = pickle.loads(pickle.dumps(resolved))
    assert again == resolved
    assert again.build().verify_document(read(CMS / "rsa-attached.der"), at=DEMO_TIME).valid
