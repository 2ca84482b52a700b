"""qoltanba: verify and make the electronic digital signatures of
Kazakhstan's e-government (CMS/CAdES documents, certificate chains,
revocation, IIN/BIN and roles), in Rust, from Python.

    import qoltanba

    verifier = qoltanba.Verifier(trust_profile="nca", crls=["nca.crl"])
    report = verifier.verify_document(data, iin="871008401427")
    if report.valid:
        ...
    else:
        print(report.code, report.message)

A :class:`Verifier` is immutable and thread-safe: share one between threads
(verification releases the GIL) and between requests. Bad input raises a
:class:`QoltanbaError` (see :mod:`qoltanba._errors`); a signature that is
not valid is a report with ``valid == False``, never an exception.
``report.to_dict()`` is what ``qoltanba verify --format json`` prints.

``qoltanba.dask.verify_archive`` verifies an archive on a Dask cluster.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any, Iterable, Optional, Sequence, Union

from ._errors import (
    InvalidIdentifier,
    LimitExceeded,
    MalformedInput,
    QoltanbaError,
    SigningRefused,
    SigningUnavailable,
    UnsupportedKey,
    UsageError,
    WrongPassword,
)
from ._qoltanba import (
    CertificateReport,
    DocumentReport,
    Signer,
    Verdict,
    Verifier,
    XmlReport,
    __version__,
    error_codes,
    inspect,
)

Source = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]"]


def _read_sources(value: Any) -> Optional[list]:
    """The sources of a config field as bytes (paths read; directories read
    file by file, sorted, as the CLI does)."""
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray, memoryview, str, os.PathLike)):
        value = [value]
    out = []
    for item in value:
        if isinstance(item, (bytes, bytearray, memoryview)):
            out.append(bytes(item))
        elif isinstance(item, (str, os.PathLike)):
            path = os.fspath(item)
            if os.path.isdir(path):
                for name in sorted(os.listdir(path)):
                    full = os.path.join(path, name)
                    if os.path.isfile(full):
                        with open(full, "rb") as f:
                            out.append(f.read())
            else:
                with open(path, "rb") as f:
                    out.append(f.read())
        else:
            raise TypeError(f"expected bytes or a path, got {type(item).__name__}")
    return out


@dataclasses.dataclass(frozen=True)
class VerifierConfig:
    """A picklable description of a :class:`Verifier`: the keyword
    arguments of ``Verifier(...)``. Ship it to worker processes and build one
    verifier per process with :meth:`build` (``qoltanba.dask`` does).

    ``roots``, ``intermediates``, ``crls`` and ``ocsp`` hold bytes or paths;
    :meth:`resolved` reads the paths here so that the configuration carries
    the data itself (for workers on other machines).
    """

    trust_profile: Union[str, Sequence[str], None] = None
    roots: Optional[Sequence[Source]] = None
    intermediates: Optional[Sequence[Source]] = None
    crls: Optional[Sequence[Source]] = None
    ocsp: Optional[Sequence[Source]] = None
    revocation: str = "required"
    ca_revocation: bool = True
    require_timestamp: bool = False
    trust_signing_time: bool = False
    legacy_algorithms: bool = False
    sign_key_required: bool = False
    ocsp_max_age: Optional[int] = None
    clock_skew: Optional[int] = None

    def kwargs(self) -> dict:
        """The keyword arguments of ``Verifier(...)``."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def resolved(self) -> "VerifierConfig":
        """The same configuration with every path read into bytes."""
        return dataclasses.replace(
            self,
            trust_profile=(
                self.trust_profile
                if self.trust_profile is None or isinstance(self.trust_profile, str)
                else tuple(self.trust_profile)
            ),
            roots=_tuple(_read_sources(self.roots)),
            intermediates=_tuple(_read_sources(self.intermediates)),
            crls=_tuple(_read_sources(self.crls)),
            ocsp=_tuple(_read_sources(self.ocsp)),
        )

    def build(self) -> Verifier:
        """A :class:`Verifier` with this configuration."""
        return Verifier(**self.kwargs())


def _tuple(value: Optional[list]) -> Optional[tuple]:
    return None if value is None else tuple(value)


__all__ = [
    "Verifier",
    "VerifierConfig",
    "DocumentReport",
    "CertificateReport",
    "XmlReport",
    "Verdict",
    "Signer",
    "inspect",
    "error_codes",
    "QoltanbaError",
    "MalformedInput",
    "LimitExceeded",
    "InvalidIdentifier",
    "UsageError",
    "WrongPassword",
    "UnsupportedKey",
    "SigningUnavailable",
    "SigningRefused",
    "__version__",
]
