"""The exceptions of qoltanba.

Exceptions are raised for bad input only (bytes that do not decode, a wrong
password, an unknown role name, ...). A document or certificate that decodes
but is not valid gives a report whose ``valid`` is False: never an exception.

Every exception carries ``code``, the library's stable error code
(``malformed``, ``wrong-password``, ...), the same code the CLI prints with
``--format json`` and the C ABI returns.
"""


class QoltanbaError(Exception):
    """Base class of every exception qoltanba raises.

    Attributes:
        code: the stable error code (``malformed``, ``wrong-password``, ...).
        message: the message in words.
    """

    def __init__(self, message: str, code: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __reduce__(self):
        return (type(self), (self.message, self.code))


class MalformedInput(QoltanbaError, ValueError):
    """The input does not decode (DER, PEM, base64, JSON or a field in it)."""


class LimitExceeded(MalformedInput):
    """The input exceeds one of the library's documented limits."""


class InvalidIdentifier(QoltanbaError, ValueError):
    """An IIN or BIN that is not 12 digits with a valid check digit."""


class UsageError(QoltanbaError, ValueError):
    """An argument with a value qoltanba does not know (a role name, a
    revocation mode, a time that is not RFC 3339, ...)."""


class WrongPassword(QoltanbaError):
    """The PKCS#12 password is wrong (the file's MAC does not verify)."""


class UnsupportedKey(QoltanbaError):
    """A private key qoltanba cannot use, or one that does not match its
    certificate."""


class SigningUnavailable(QoltanbaError):
    """Signing is not available with this key in this build."""


class SigningRefused(QoltanbaError):
    """The signer's certificate fails the checks before signing (condition
    3: expired, not yet valid, revoked by the given verifier's evidence, an
    AUTH key, a CA; for a request on the portal, not the applicant's or the
    representative's; for a licence, not of the issuing body); ``code`` is
    the library's code (``cert-expired``, ``identity-mismatch`` ...).
    ``force=True`` signs anyway."""


__all__ = [
    "QoltanbaError",
    "MalformedInput",
    "LimitExceeded",
    "InvalidIdentifier",
    "UsageError",
    "WrongPassword",
    "UnsupportedKey",
    "SigningUnavailable",
    "SigningRefused",
]
