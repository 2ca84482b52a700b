#!/usr/bin/env python3
"""Verify a signed document with qoltanba's C ABI through ctypes (standard
library only) on the demo PKI, and print the report.

    QOLTANBA_LIB=target/release/libqoltanba_ffi.so \
        python3 ffi/examples/python/verify.py test-vectors/cms/rsa-cades-attached.der

Run from the crate root (the demo PKI's paths are relative to it). The
numbers of the C ABI's enums and constants are read from its header
(QOLTANBA_HEADER, default ffi/include/qoltanba.h, the one cbindgen writes
and CI checks), never written here, so they cannot drift from the library.

For Python code that is not about the C ABI, use the Python package
instead (`pip install ./python`, then `import qoltanba`): no ctypes, no
manual build, and the same reports.
"""

import ctypes
import json
import os
import re
import sys

lib = ctypes.CDLL(os.environ.get("QOLTANBA_LIB", "target/release/libqoltanba_ffi.so"))



def header_constants(path):
    """Every `QOLTANBA_NAME = N` enumerator and `#define QOLTANBA_NAME N` of
    the C header, by NAME (without the prefix)."""
    with open(path, encoding="utf-8") as f:
        header = f.read()
    pattern = r"^\s*(?:#define\s+QOLTANBA_(\w+)\s+|QOLTANBA_(\w+)\s*=\s*)(\d+)\b"
    found = {}
    for m in re.finditer(pattern, header, re.MULTILINE):
        found[m.group(1) or m.group(2)] = int(m.group(3))
    return found


C = header_constants(os.environ.get("QOLTANBA_HEADER", "ffi/include/qoltanba.h"))
OK, INSUFFICIENT_SIZE, NOT_FOUND = C["OK"], C["INSUFFICIENT_SIZE"], C["NOT_FOUND"]
LANGUAGE_KK, LANGUAGE_RU, LANGUAGE_EN = C["LANGUAGE_KK"], C["LANGUAGE_RU"], C["LANGUAGE_EN"]
FIELD_COMMON_NAME, FIELD_IIN, FIELD_BIN, FIELD_ROLES = (
    C["FIELD_COMMON_NAME"], C["FIELD_IIN"], C["FIELD_BIN"], C["FIELD_ROLES"])

P = ctypes.c_void_p
lib.qoltanba_verifier_builder_new.argtypes = [ctypes.POINTER(P)]
for name in ("add_trust", "add_intermediate", "add_crl"):
    getattr(lib, "qoltanba_verifier_builder_" + name).argtypes = [P, ctypes.c_char_p, ctypes.c_size_t]
lib.qoltanba_verifier_builder_build.argtypes = [P, ctypes.POINTER(P)]
lib.qoltanba_verifier_free.argtypes = [P]
lib.qoltanba_options_new.argtypes = [ctypes.POINTER(P)]
lib.qoltanba_options_set_time_rfc3339.argtypes = [P, ctypes.c_char_p]
lib.qoltanba_options_free.argtypes = [P]
lib.qoltanba_verifier_verify_document.argtypes = [
    P, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, P, ctypes.POINTER(P)]
lib.qoltanba_report_valid.argtypes = [P]
lib.qoltanba_report_valid.restype = ctypes.c_bool
lib.qoltanba_report_signer_count.argtypes = [P]
lib.qoltanba_report_signer_count.restype = ctypes.c_size_t
lib.qoltanba_report_free.argtypes = [P]
TEXT = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
lib.qoltanba_report_json.argtypes = [P] + TEXT
lib.qoltanba_report_reason_code.argtypes = [P] + TEXT
lib.qoltanba_report_message.argtypes = [P, ctypes.c_uint32] + TEXT
lib.qoltanba_report_signer_field.argtypes = [P, ctypes.c_size_t, ctypes.c_uint32] + TEXT
lib.qoltanba_last_error.argtypes = TEXT


def text(fn, *args):
    """Calls a text accessor twice: once for the size, once for the text."""
    size = ctypes.c_size_t(0)
    rc = fn(*args, None, 0, ctypes.byref(size))
    if rc == NOT_FOUND:
        return None
    if rc != INSUFFICIENT_SIZE:
        raise RuntimeError(f"qoltanba call failed: {rc}")
    buf = ctypes.create_string_buffer(size.value)
    if fn(*args, buf, size.value, ctypes.byref(size)) != OK:
        raise RuntimeError("qoltanba call failed")
    return buf.value.decode("utf-8")


def check(rc):
    if rc != OK:
        raise RuntimeError(f"qoltanba: {rc}: {text(lib.qoltanba_last_error)}")


def demo_verifier():
    builder = P()
    check(lib.qoltanba_verifier_builder_new(ctypes.byref(builder)))
    for add, path in [
        (lib.qoltanba_verifier_builder_add_trust, "root-rsa.pem"),
        (lib.qoltanba_verifier_builder_add_trust, "root-ec.pem"),
        (lib.qoltanba_verifier_builder_add_intermediate, "nca-rsa.pem"),
        (lib.qoltanba_verifier_builder_add_intermediate, "nca-ec.pem"),
        (lib.qoltanba_verifier_builder_add_crl, "root-rsa.crl"),
        (lib.qoltanba_verifier_builder_add_crl, "root-ec.crl"),
        (lib.qoltanba_verifier_builder_add_crl, "nca-rsa.crl"),
        (lib.qoltanba_verifier_builder_add_crl, "nca-rsa-delta.crl"),
        (lib.qoltanba_verifier_builder_add_crl, "nca-ec-fresh.crl"),
    ]:
        with open(os.path.join("test-vectors/demo", path), "rb") as f:
            data = f.read()
        check(add(builder, data, len(data)))
    verifier = P()
    check(lib.qoltanba_verifier_builder_build(builder, ctypes.byref(verifier)))  # frees builder
    return verifier


def main():
    if len(sys.argv) != 2:
        print("usage: verify.py DOCUMENT", file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as f:
        document = f.read()
    verifier = demo_verifier()
    options = P()
    check(lib.qoltanba_options_new(ctypes.byref(options)))
    # The demo PKI's validation time; without it the current time is used.
    check(lib.qoltanba_options_set_time_rfc3339(options, b"2025-06-01T00:00:00Z"))
    report = P()
    check(lib.qoltanba_verifier_verify_document(
        verifier, document, len(document), None, 0, options, ctypes.byref(report)))
    try:
        valid = lib.qoltanba_report_valid(report)
        print(f"valid: {valid}")
        if not valid:
            print(f"reason: {text(lib.qoltanba_report_reason_code, report)}")
            for lang in (LANGUAGE_KK, LANGUAGE_RU, LANGUAGE_EN):
                print(text(lib.qoltanba_report_message, report, lang))
        for i in range(lib.qoltanba_report_signer_count(report)):
            for label, field in [("IIN", FIELD_IIN), ("BIN", FIELD_BIN),
                                 ("name", FIELD_COMMON_NAME), ("roles", FIELD_ROLES)]:
                value = text(lib.qoltanba_report_signer_field, report, i, field)
                if value is not None:
                    print(f"{label}: {value}")
        report_json = json.loads(text(lib.qoltanba_report_json, report))
        print(json.dumps(report_json, ensure_ascii=False, indent=2))
        return 0 if valid else 1
    finally:
        lib.qoltanba_report_free(report)
        lib.qoltanba_options_free(options)
        lib.qoltanba_verifier_free(verifier)


if __name__ == "__main__":
    sys.exit(main())
