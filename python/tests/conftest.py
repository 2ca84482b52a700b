"""Shared fixtures: the demo PKI of test-vectors/demo at its fixed
validation time, and the CLI binary for comparisons."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import qoltanba

REPO = Path(__file__).resolve().parents[2]
V = REPO / "test-vectors"
DEMO = V / "demo"
CMS = V / "cms"
KEYS = V / "keys"
KZ = V / "kz"
DEMO_TIME = "2025-06-01T00:00:00Z"
DEMO_ROOTS = [DEMO / "root-rsa.pem", DEMO / "root-ec.pem"]
DEMO_CAS = [DEMO / "nca-rsa.pem", DEMO / "nca-ec.pem"]
DEMO_CRLS = [
    DEMO / n
    for n in (
        "root-rsa.crl",
        "root-ec.crl",
        "nca-rsa.crl",
        "nca-rsa-delta.crl",
        "nca-ec-fresh.crl",
    )
]


def demo_config(**extra) -> qoltanba.VerifierConfig:
    """The demo PKI as the only trust, with every fresh demo CRL."""
    return qoltanba.VerifierConfig(
        trust_profile="none",
        roots=DEMO_ROOTS,
        intermediates=DEMO_CAS,
        crls=DEMO_CRLS,
        **extra,
    )


def demo_cli_args() -> list:
    """The same trust as CLI arguments (at DEMO_TIME)."""
    args = ["--trust-profile", "none", "--at", DEMO_TIME]
    for r in DEMO_ROOTS:
        args += ["--trust", str(r)]
    for i in DEMO_CAS:
        args += ["--intermediate", str(i)]
    for c in DEMO_CRLS:
        args += ["--crl", str(c)]
    return args


@pytest.fixture(scope="session")
def demo() -> qoltanba.Verifier:
    return demo_config().build()


def read(path: Path) -> bytes:
    return Path(path).read_bytes()


def _find_cli():
    env = os.environ.get("QOLTANBA_CLI")
    if env:
        if not Path(env).is_file():
            raise RuntimeError(f"QOLTANBA_CLI={env} does not exist")
        return env
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    for profile in ("release", "debug"):
        p = target / profile / "qoltanba"
        if p.is_file():
            return str(p)
    return shutil.which("qoltanba")


@pytest.fixture(scope="session")
def cli() -> str:
    """The `qoltanba` binary; the comparisons with it are skipped only when
    it is not built and QOLTANBA_CLI is not set (.ci/run sets it)."""
    path = _find_cli()
    if path is None:
        pytest.skip("the qoltanba CLI is not built (set QOLTANBA_CLI)")
    return path


NATIONAL_ARGS = {"file": KZ / "cades-t" / "legal_entity_attached.der"}
