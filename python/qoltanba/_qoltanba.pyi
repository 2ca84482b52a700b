"""Type stubs of the extension module qoltanba._qoltanba (PyO3)."""

import datetime
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

Bytes = Union[bytes, bytearray]
"""Document, certificate and key data: bytes or bytearray (not memoryview)."""
Source = Union[bytes, bytearray, str, os.PathLike]
"""Bytes (the data itself), or a path: a file, or a directory whose every
file is read, sorted by name."""
Sources = Union[Source, Iterable[Source], None]
Time = Union[datetime.datetime, str, int, float, None]
"""An aware datetime (a naive one raises ValueError), RFC 3339 text
(``2025-06-01T00:00:00Z`` or ``2025-06-01``), Unix seconds, or None for now."""
Roles = Union[str, Iterable[str], None]
"""Role names: individual, legal-entity, first-head, right-to-sign,
financial, human-resources, employee, ..."""
Policy = Union[Dict[str, Any], str, None]
"""A request or licence policy: a dict or JSON text with the members of the
C ABI's policy JSON (``RequestPolicy::from_json`` / ``LicencePolicy::from_json``),
every one optional; unknown members and values raise UsageError."""

__version__: str

class Verifier:
    """Trust anchors, intermediates, revocation data and a policy.

    Immutable and thread-safe: build one and share it between threads and
    requests; every verification releases the GIL.

    Raises:
        UsageError: an unknown trust profile or revocation mode.
        MalformedInput: a root, intermediate, CRL or OCSP response that
            does not decode.
        OSError: a path that cannot be read.
        TypeError: arguments of the wrong type.
    """

    def __init__(
        self,
        *,
        trust_profile: Union[str, Sequence[str], None] = None,
        roots: Sources = None,
        intermediates: Sources = None,
        crls: Sources = None,
        ocsp: Sources = None,
        revocation: str = "required",
        ca_revocation: bool = True,
        require_timestamp: bool = False,
        trust_signing_time: bool = False,
        legacy_algorithms: bool = False,
        sign_key_required: bool = False,
        ocsp_max_age: Optional[int] = None,
        clock_skew: Optional[int] = None,
    ) -> None:
        """``trust_profile``: "nca" (default), "nca-test" or "none", or a
        list of profiles to combine. ``revocation``: "required",
        "if-available" or "off". ``ocsp_max_age`` and ``clock_skew`` in
        seconds. The CLI's options of the same names."""
    def verify_document(
        self,
        data: Bytes,
        content: Optional[Bytes] = None,
        *,
        at: Time = None,
        iin: Optional[str] = None,
        bin: Optional[str] = None,
        roles: Roles = None,
        purpose: str = "sign",
    ) -> "DocumentReport":
        """Verifies a signed document (CMS in DER, BER, PEM or base64);
        ``content`` is the content of a detached signature.

        Raises:
            MalformedInput: the data is not a CMS document.
            InvalidIdentifier: ``iin``/``bin`` fail their check digit.
            UsageError: an unknown role or purpose, both iin and bin.
        """
    def verify_xml(
        self,
        data: Bytes,
        *,
        at: Time = None,
        iin: Optional[str] = None,
        bin: Optional[str] = None,
        roles: Roles = None,
        purpose: str = "sign",
    ) -> "XmlReport":
        """Verifies the XML signatures of a document (XMLDSig, WS-Security
        in SOAP 1.1 and 1.2); the options are verify_document's. A document
        that is not valid or not readable is a report saying why, as
        ``qoltanba verify`` on an XML file.

        Raises:
            InvalidIdentifier, UsageError, TypeError: bad options.
        """
    def verify_certificate(
        self,
        data: Bytes,
        *,
        at: Time = None,
        iin: Optional[str] = None,
        bin: Optional[str] = None,
        roles: Roles = None,
        purpose: str = "sign",
    ) -> "CertificateReport":
        """Validates one certificate (PEM, DER or base64)."""
    def verify_request(
        self,
        data: Bytes,
        *,
        at: Time = None,
        iin: Optional[str] = None,
        bin: Optional[str] = None,
        roles: Roles = None,
        purpose: str = "sign",
        policy: Policy = None,
        signing_roles: Roles = None,
    ) -> "Verdict":
        """Verifies a signed request (docs/domain.md): the strict payload,
        then the signer its channel asks for (portal: the applicant or the
        representative; service centre: an operator; provider: its
        employee), then co-signers.

        ``policy``: ``{"channel": "portal" | "service-centre" | "provider",
        "service_centre_bins": [BIN, ...], "provider_bins": [BIN, ...],
        "signing_roles": [role, ...], "certifier_roles": [role, ...],
        "cosigners": "refuse" | "report", "test_identifiers": bool,
        "deadline_ms": int}``; None: the request's own channel, no service
        centre or provider configured. ``signing_roles``: shorthand for the
        policy's ``signing_roles`` (not both).

        Raises:
            MalformedInput: not CMS at all.
            UsageError: a bad policy (``policy: unknown member "chanel"``),
                role, purpose or time.
        """
    def verify_licence(
        self,
        data: Bytes,
        *,
        at: Time = None,
        iin: Optional[str] = None,
        bin: Optional[str] = None,
        roles: Roles = None,
        purpose: str = "sign",
        policy: Policy = None,
    ) -> "Verdict":
        """Verifies a signed licence: a signer of the issuing body the policy
        accepts, co-signers, and the licence in force (status, issue date,
        valid_until) at the validation time.

        ``policy``: ``{"signer": "authorised" | "employee", "cosigners":
        "refuse" | "report", "test_identifiers": bool, "deadline_ms": int}``;
        None: an authorised person (first head or right to sign) signs.
        Raises as verify_request."""
    def receipt(self, verdict: "Verdict", data: Bytes) -> Dict[str, Any]:
        """The verification receipt (docs/schema/receipt.schema.json) of
        ``verdict`` from this verifier on ``data`` (the same bytes): the
        document's SHA-256, verdict, refusal texts in kk/ru/en, signers'
        facts, the evidence this verifier holds, the validation and elapsed
        times, the software version. The CLI's ``--receipt FILE``."""
    def verify_bulk(
        self,
        items: Iterable[Union[Bytes, str, os.PathLike]],
        *,
        at: Time = None,
        iin: Optional[str] = None,
        bin: Optional[str] = None,
        roles: Roles = None,
        purpose: str = "sign",
        threads: int = 1,
    ) -> List[Dict[str, Any]]:
        """Verifies many documents with the library's bulk API on
        ``threads`` threads. Items are documents (bytes) or paths (read by
        the workers). One dict per item, in order: ``verdict``, ``valid``,
        ``code``, ``message``, ``counted_as`` (verify-bulk's labels)."""

class DocumentReport:
    """The report on a signed document (never an exception when invalid)."""

    @property
    def valid(self) -> bool: ...
    @property
    def code(self) -> Optional[str]:
        """The reason's stable code (``cert-revoked`` ...), None when valid."""
    @property
    def message(self) -> Optional[str]: ...
    @property
    def signers(self) -> List[Dict[str, Any]]:
        """One dict per signer, as in ``to_dict()["signers"]``."""
    def to_dict(self) -> Dict[str, Any]:
        """What ``qoltanba verify --format json`` prints."""
    def to_json(self, indent: Optional[int] = None) -> str: ...

class XmlReport:
    """The report on an XML document's signatures."""

    @property
    def valid(self) -> bool: ...
    @property
    def code(self) -> Optional[str]:
        """The reason's stable code (``xml-wrapped-element`` ...), None when valid."""
    @property
    def message(self) -> Optional[str]: ...
    @property
    def signers(self) -> List[Dict[str, Any]]:
        """One dict per Signature's signer, as in ``to_dict()["signers"]``."""
    @property
    def signatures(self) -> List[Dict[str, Any]]:
        """One dict per Signature element: algorithms and references."""
    @property
    def soap(self) -> bool:
        """True for a SOAP message checked under WS-Security."""
    @property
    def signed_elements(self) -> List[str]:
        """The local names of the elements the valid signatures cover."""
    @property
    def signed_body(self) -> Optional[bytes]:
        """WS-Security: the signed Body's canonical bytes, only when valid."""
    def to_dict(self) -> Dict[str, Any]:
        """What ``qoltanba verify --format json`` prints for an XML document."""
    def to_json(self, indent: Optional[int] = None) -> str: ...

class CertificateReport:
    """The report on a certificate."""

    @property
    def valid(self) -> bool: ...
    @property
    def code(self) -> Optional[str]: ...
    @property
    def message(self) -> Optional[str]: ...
    @property
    def certificate(self) -> Dict[str, Any]:
        """What the certificate says (subject, IIN, BIN, roles, ...)."""
    def to_dict(self) -> Dict[str, Any]:
        """What ``qoltanba verify-cert --format json`` prints."""
    def to_json(self, indent: Optional[int] = None) -> str: ...

class Verdict:
    """The verdict on a request or a licence: valid, or refused with whose
    EDS the refusal is about (``subject``), the cause (``refusal``) and the
    precise reason (``code``, ``message``). Never an exception for a
    refusal."""

    @property
    def valid(self) -> bool:
        """The signer the channel or policy asks for is confirmed, the
        payload is valid and (by policy) every co-signer verifies."""
    @property
    def code(self) -> Optional[str]:
        """The precise reason's code (``cert-revoked`` ...)."""
    @property
    def message(self) -> Optional[str]:
        """The precise reason in words."""
    @property
    def refusal(self) -> Optional[str]:
        """The cause's code (``eds-expired``, ``eds-revoked``,
        ``eds-identity-mismatch`` ...), the same in ``to_dict()["refusal"]``,
        the CLI and the C ABI."""
    @property
    def subject(self) -> Optional[str]:
        """Whose EDS (or what document) the refusal is about: applicant,
        certifier, co-signer, licence-signer, licence or request."""
    @property
    def channel(self) -> Optional[str]:
        """portal, service-centre or provider (None for a licence)."""
    @property
    def signers(self) -> List[Dict[str, Any]]:
        """Each signer: index, part (applicant, representative, operator,
        provider-employee, licence-signer, co-signer), valid, refusal,
        reason, subject, iin, bin."""
    @property
    def warnings(self) -> List[str]:
        """What did not refuse but is worth knowing (a test identifier, an
        unchecked power of attorney)."""
    @property
    def power_of_attorney_checked(self) -> Optional[bool]:
        """False when the request names a representative (the notarial
        system checks the power of attorney); None without one."""
    @property
    def validated_at(self) -> str:
        """The validation time (RFC 3339)."""
    @property
    def elapsed(self) -> float:
        """The verification's duration in seconds (``to_dict()["elapsed"]``
        is in microseconds)."""
    def refusal_message(self, lang: str = "en") -> Optional[str]:
        """The full refusal text in "kk", "ru" or "en": the headline in the
        regulations' terms, then the cause (our wording)."""
    def cause_message(self, lang: str = "en") -> Optional[str]:
        """The cause alone in "kk", "ru" or "en"."""
    @property
    def payload(self) -> Optional[Dict[str, Any]]:
        """The request or licence, if it could be read."""
    @property
    def document(self) -> Optional[DocumentReport]: ...
    def to_dict(self) -> Dict[str, Any]:
        """What ``qoltanba request|licence verify --format json`` prints."""
    def to_json(self, indent: Optional[int] = None) -> str: ...

class Signer:
    """A signing key with its certificate and chain."""

    @staticmethod
    def from_pkcs12(data: Bytes, password: str) -> "Signer":
        """Opens a PKCS#12 file (.p12/.pfx).

        Raises:
            WrongPassword: the password is wrong.
            UnsupportedKey: a file qoltanba refuses (no MAC, unknown cipher).
            LimitExceeded: too many KDF iterations.
            MalformedInput: not a PKCS#12 file.
        """
    @staticmethod
    def from_pkcs8(key: Bytes, certificate: Bytes, chain: Sources = None) -> "Signer":
        """A PKCS#8 private key (PEM or DER) with its certificate."""
    @property
    def certificate(self) -> bytes:
        """The signer's certificate (DER)."""
    @property
    def info(self) -> Dict[str, Any]: ...
    @property
    def algorithm(self) -> str: ...
    def sign(
        self,
        content: Bytes,
        *,
        at: Time = None,
        detached: bool = False,
        force: bool = False,
        verifier: Optional[Verifier] = None,
    ) -> bytes:
        """CAdES-BES over ``content`` (DER). The certificate is checked
        first (valid at ``at``, a signing key; not revoked by ``verifier``'s
        evidence when given): SigningRefused unless ``force``."""
    def cosign(
        self,
        document: Bytes,
        content: Optional[Bytes] = None,
        *,
        at: Time = None,
        force: bool = False,
        verifier: Optional[Verifier] = None,
    ) -> bytes:
        """Adds this signer's signature to a signed document (checks as
        sign's)."""
    def sign_request(
        self,
        request: Union[Dict[str, Any], str],
        *,
        at: Time = None,
        force: bool = False,
        verifier: Optional[Verifier] = None,
        test_identifiers: bool = False,
    ) -> bytes:
        """Signs a request of the strict model (docs/schema/request.schema.json)
        after condition 3: valid at ``at``, a signing key, not revoked by
        ``verifier``'s evidence, and on the portal the applicant's (or the
        representative's) certificate.

        Raises:
            SigningRefused: a check failed (``code``: cert-expired,
                identity-mismatch ...), unless ``force``.
            MalformedInput: not a valid request (code ``malformed``).
        """
    def issue_licence(
        self,
        licence: Union[Dict[str, Any], str],
        *,
        at: Time = None,
        force: bool = False,
        verifier: Optional[Verifier] = None,
        test_identifiers: bool = False,
    ) -> bytes:
        """Signs a licence of the strict model for its issuing body (an
        employee or authorised person of ``issuer_bin``); raises as
        sign_request."""

def inspect(data: Bytes, password: Optional[str] = None) -> Dict[str, Any]:
    """What a certificate, CRL, CMS document or (with ``password``) PKCS#12
    file holds: ``{"kind": "certificates"|"crls"|"cms"|"pkcs12", ...}``.
    Verifies nothing. Raises MalformedInput for anything else."""

def error_codes() -> List[Tuple[str, int]]:
    """The library's stable error codes and their numbers (the C ABI's)."""
