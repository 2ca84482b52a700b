"""``python -m qoltanba verify FILE``: verify a signed document and print
its report as JSON (the CLI's ``--format json``). Exit codes as the CLI's:
0 valid, 1 not valid, 2 bad input or usage.

    python -m qoltanba verify doc.cms --trust-profile none \\
        --trust root.pem --intermediate ca.pem --crl ca.crl \\
        --at 2025-06-01T00:00:00Z
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import List, Optional

from . import QoltanbaError, Verifier


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qoltanba")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="verify a signed document (CMS)")
    v.add_argument("file")
    v.add_argument("--content", help="the content of a detached signature")
    v.add_argument(
        "--trust-profile",
        action="append",
        choices=["nca", "nca-test", "none"],
        help="bundled roots (default: nca); repeat to combine",
    )
    v.add_argument("--trust", action="append", default=[], help="root certificates")
    v.add_argument("--intermediate", action="append", default=[])
    v.add_argument("--crl", action="append", default=[])
    v.add_argument("--ocsp", action="append", default=[])
    v.add_argument(
        "--revocation", choices=["required", "if-available", "off"], default="required"
    )
    v.add_argument("--at", help="validation time (RFC 3339; default now)")
    v.add_argument("--iin")
    v.add_argument("--bin")
    v.add_argument("--role", action="append", default=[])
    v.add_argument("--purpose", choices=["sign", "any"], default="sign")
    args = parser.parse_args(argv)
    try:
        verifier = Verifier(
            trust_profile=args.trust_profile,
            roots=args.trust,
            intermediates=args.intermediate,
            crls=args.crl,
            ocsp=args.ocsp,
            revocation=args.revocation,
        )
        with open(args.file, "rb") as f:
            data = f.read()
        content = None
        if args.content:
            with open(args.content, "rb") as f:
                content = f.read()
        report = verifier.verify_document(
            data,
            content,
            at=args.at,
            iin=args.iin,
            bin=args.bin,
            roles=args.role,
            purpose=args.purpose,
        )
    except (QoltanbaError, OSError) as e:
        code = getattr(e, "code", "unreadable-input")
        print(json.dumps({"error": {"code": code, "message": str(e)}}), file=sys.stderr)
        return 2
    print(report.to_json(indent=2))
    return 0 if report.valid else 1


if __name__ == "__main__":
    sys.exit(main())
