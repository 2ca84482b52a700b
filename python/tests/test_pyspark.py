"""The partition function of qoltanba.dask under PySpark's mapPartitions
(local mode, 2 cores): the same counts as verify-bulk."""

from __future__ import annotations

import collections
import json
import subprocess

import pytest

from conftest import DEMO_TIME, demo_cli_args, demo_config
from test_dask import EXPECTED, make_archive

pyspark = pytest.importorskip("pyspark")


def test_pyspark_map_partitions_matches_verify_bulk(cli, tmp_path):
    from pyspark.sql import SparkSession

    from qoltanba.dask import list_archive, verify_partition

    archive = make_archive(tmp_path)
    paths = list_archive(archive)
    config = demo_config().resolved()  # bytes only: picklable, machine-independent
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("qoltanba-test")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        rdd = spark.sparkContext.parallelize(paths, numSlices=4)
        rows = rdd.mapPartitions(
            lambda part: verify_partition(part, config, at=DEMO_TIME)
        ).collect()
    finally:
        spark.stop()
    counts = dict(collections.Counter(r["counted_as"] for r in rows))
    assert counts == EXPECTED
    o = subprocess.run(
        [cli, "verify-bulk", str(archive), "--format", "json", *demo_cli_args()],
        capture_output=True,
    )
    bulk = json.loads(o.stdout)
    assert bulk["counts"] == counts
    assert [{k: r[k] for k in ("file", "verdict", "valid", "code")} for r in rows] == bulk["files"]
