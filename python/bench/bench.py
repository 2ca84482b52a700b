"""Benchmark of the Python layer (issue 18).

1. The Python ``verify_document`` loop next to the Rust loop on the same
   RSA documents (in memory, one thread, caches warm): the Rust loop is
   ``bench/rust_loop.rs`` (``Verifier::verify_document_bytes`` in a
   ``for``); also shown: the bulk API called once from Python
   (``Verifier.verify_bulk(threads=1)``) and ``verify-bulk --jobs 1``.
2. ``qoltanba.dask.verify_archive`` on a LocalCluster of 1 and 2 worker
   processes next to ``qoltanba verify-bulk --jobs 1|2`` on one archive.

    cargo build --release -p qoltanba-cli
    cargo build --release -p qoltanba-python --example rust_loop
    python python/bench/bench.py --documents 40000 --cli target/release/qoltanba \\
        --rust-loop target/release/examples/rust_loop [--archive /tmp/qoltanba-archive]

The archive is made once (RSA-2048 documents signed by the demo PKI's
individual-sign key with the Python Signer, each with its own content) and
reused when it exists. Each round measures both sides of a comparison one
after the other (verify-bulk's wall time includes starting the process and
building its verifier; Dask's includes listing the archive on the client);
the medians over the rounds are printed as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

import qoltanba

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "test-vectors" / "demo"
DEMO_TIME = "2025-06-01T00:00:00Z"


def config() -> qoltanba.VerifierConfig:
    return qoltanba.VerifierConfig(
        trust_profile="none",
        roots=[DEMO / "root-rsa.pem"],
        intermediates=[DEMO / "nca-rsa.pem"],
        crls=[DEMO / "root-rsa.crl", DEMO / "nca-rsa.crl", DEMO / "nca-rsa-delta.crl"],
    )


def cli_trust() -> list:
    return [
        "--trust-profile", "none", "--at", DEMO_TIME,
        "--trust", str(DEMO / "root-rsa.pem"),
        "--intermediate", str(DEMO / "nca-rsa.pem"),
        "--crl", str(DEMO / "root-rsa.crl"),
        "--crl", str(DEMO / "nca-rsa.crl"),
        "--crl", str(DEMO / "nca-rsa-delta.crl"),
    ]


def make_archive(path: Path, n: int) -> None:
    existing = sorted(path.glob("*.p7s")) if path.is_dir() else []
    if len(existing) == n:
        return
    path.mkdir(parents=True, exist_ok=True)
    for p in existing:
        p.unlink()
    signer = qoltanba.Signer.from_pkcs8(
        (DEMO / "individual-sign.key.pem").read_bytes(),
        (DEMO / "individual-sign.pem").read_bytes(),
    )
    start = time.perf_counter()
    for i in range(n):
        doc = signer.sign(f"document {i}: request of IIN 871008401427".encode(), at=DEMO_TIME)
        (path / f"doc-{i:06}.p7s").write_bytes(doc)
    print(f"made {n} documents in {time.perf_counter() - start:.1f} s", file=sys.stderr)


def run_cli(cli: str, archive: Path, jobs: int) -> tuple:
    start = time.perf_counter()
    o = subprocess.run(
        [cli, "verify-bulk", str(archive), "--format", "json", "--quiet", "--jobs", str(jobs), *cli_trust()],
        capture_output=True,
    )
    wall = time.perf_counter() - start
    out = json.loads(o.stdout)
    return wall, out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--documents", type=int, default=40000)
    ap.add_argument("--archive", default="/tmp/qoltanba-bench-archive")
    ap.add_argument("--cli", required=True)
    ap.add_argument("--runs", type=int, default=5, help="rounds (medians are reported)")
    ap.add_argument(
        "--rust-loop",
        help="the rust_loop example (cargo build --release -p qoltanba-python --example rust_loop)",
    )
    ap.add_argument("--dask-only", action="store_true", help="skip the Python/Rust loops")
    args = ap.parse_args()
    archive = Path(args.archive)
    make_archive(archive, args.documents)
    files = sorted(archive.glob("*.p7s"))
    docs = [p.read_bytes() for p in files]
    n = len(docs)
    verifier = config().build()
    # Warm the caches (certificates, issuer signatures, CRL indexes) as a
    # service would be: once, before timing.
    assert verifier.verify_document(docs[0], at=DEMO_TIME).valid
    results = {"documents": n, "cpus": os.cpu_count()}

    def python_loop():
        start = time.perf_counter()
        valid = 0
        for d in docs:
            if verifier.verify_document(d, at=DEMO_TIME).valid:
                valid += 1
        assert valid == n, valid
        return time.perf_counter() - start

    def bulk_api_loop():
        start = time.perf_counter()
        rows = verifier.verify_bulk(docs, at=DEMO_TIME, threads=1)
        assert all(r["valid"] for r in rows)
        return time.perf_counter() - start

    # The machine is shared: each round measures the two sides one right
    # after the other, and the ratio reported is the median of the rounds'
    # ratios (rates: medians too).
    def rust_loop_rate():
        o = subprocess.run([args.rust_loop, str(archive), "1"], capture_output=True, check=True)
        return json.loads(o.stdout)["docs_per_s"]

    if not args.dask_only:
        py, rs, bulk_api = [], [], []
        for _ in range(args.runs):
            py.append(n / python_loop())
            bulk_api.append(n / bulk_api_loop())
            if args.rust_loop:
                rs.append(rust_loop_rate())
        results["python_loop_docs_per_s"] = median(py)
        results["rust_bulk_api_1_thread_docs_per_s"] = median(bulk_api)
        results["python_loop_vs_rust_bulk_api"] = median([a / b for a, b in zip(py, bulk_api)])
        if rs:
            results["rust_loop_docs_per_s"] = median(rs)
            results["python_loop_vs_rust_loop"] = median([a / b for a, b in zip(py, rs)])

    from dask.distributed import Client, LocalCluster

    from qoltanba.dask import verify_archive

    for workers in (1, 2):
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster, Client(cluster):
            # One warm-up run: worker processes import qoltanba and build
            # their verifier (once per process, as in a long-lived cluster).
            verify_archive(files[: 100 * workers], config(), at=DEMO_TIME, partition_size=50)
            bulk, dask_rates = [], []
            for _ in range(args.runs):
                wall, out = run_cli(args.cli, archive, workers)
                assert out["counts"] == {"valid": n}, out["counts"]
                bulk.append(n / wall)
                start = time.perf_counter()
                r = verify_archive(archive, config(), at=DEMO_TIME, partition_size=2000)
                assert r.counts == {"valid": n}, r.counts
                dask_rates.append(n / (time.perf_counter() - start))
        results[f"verify_bulk_jobs{workers}_docs_per_s"] = median(bulk)
        results[f"dask_{workers}_workers_docs_per_s"] = median(dask_rates)
        results[f"dask_{workers}_vs_verify_bulk_jobs{workers}"] = median(
            [d / b for d, b in zip(dask_rates, bulk)]
        )
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
