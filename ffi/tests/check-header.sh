#!/usr/bin/env bash
# Regenerates the C header with the pinned cbindgen and fails when the
# checked-in ffi/include/qoltanba.h differs (a stale header).
#   install: cargo install cbindgen --version 0.29.4 --locked
set -euo pipefail
cd "$(dirname "$0")/.."

want="0.29.4"
have="$(cbindgen --version 2>/dev/null | awk '{print $2}')" || true
if [ "$have" != "$want" ]; then
  echo "cbindgen $want is required (found: ${have:-none}):" >&2
  echo "  cargo install cbindgen --version $want --locked" >&2
  exit 2
fi
fresh="$(mktemp)"
trap 'rm -f "$fresh"' EXIT
cbindgen --quiet --config cbindgen.toml --crate qoltanba-ffi --output "$fresh"
if ! diff -u include/qoltanba.h "$fresh"; then
  echo "include/qoltanba.h is stale: regenerate it with" >&2
  echo "  (cd ffi && cbindgen --config cbindgen.toml --crate qoltanba-ffi --output include/qoltanba.h)" >&2
  exit 1
fi
echo "include/qoltanba.h is up to date"
