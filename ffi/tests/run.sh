#!/usr/bin/env bash
# Builds qoltanba's static and shared libraries, then compiles and runs the C
# tests (ffi/tests/test_ffi.c) under AddressSanitizer and UBSan, the C
# quick-start example (ffi/ffi/examples/c/verify.c) and the Python ctypes example
# (ffi/ffi/examples/python/verify.py), checking their output.
#
#   PROFILE=release ffi/tests/run.sh     # what CI runs (default: release)
#   PROFILE=dev ffi/tests/run.sh         # debug build (target/debug)
set -euo pipefail
cd "$(dirname "$0")/../.."

PROFILE="${PROFILE:-release}"
CC="${CC:-cc}"
case "$PROFILE" in
  dev | debug) dir=debug ;;
  *) dir="$PROFILE" ;;
esac
target="${CARGO_TARGET_DIR:-target}/$dir"
out="$target/ffi-tests"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

echo "== ffi/install.sh into $out/prefix (builds qoltanba-ffi: staticlib + cdylib)"
rm -rf "$out/prefix"
bash ffi/install.sh "$out/prefix" "$PROFILE"
readelf -d "$out/prefix/lib/libqoltanba.so" | grep -q 'SONAME.*\[libqoltanba\.so\.0\.1\]'
export PKG_CONFIG_PATH="$out/prefix/lib/pkgconfig"

CFLAGS=(-std=c11 -Wall -Wextra -Werror -g)

echo "== C tests (-fsanitize=address,undefined), linked against the installed libqoltanba.a"
# The static library and what it needs from the system (Libs.private).
# shellcheck disable=SC2046 # pkg-config's flags are meant to split
"$CC" "${CFLAGS[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer \
  $(pkg-config --cflags qoltanba) ffi/tests/test_ffi.c "$out/prefix/lib/libqoltanba.a" \
  $(pkg-config --static --libs-only-l qoltanba | sed 's/-lqoltanba //') -o "$out/test_ffi"
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:quarantine_size_mb=4" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
  "$out/test_ffi"

echo "== ffi/examples/c/verify.c built with pkg-config, linked against the installed libqoltanba.so"
# shellcheck disable=SC2046 # pkg-config's flags are meant to split
"$CC" "${CFLAGS[@]}" ffi/examples/c/verify.c $(pkg-config --cflags --libs qoltanba) \
  -Wl,-rpath,"$out/prefix/lib" -o "$out/verify"
ldd "$out/verify" | grep -q "libqoltanba.so.0.1 => $out/prefix/lib/"
c_out="$("$out/verify" test-vectors/cms/rsa-cades-attached.der)"
echo "$c_out"
grep -q '^valid: yes$' <<<"$c_out"
grep -q '^IIN: 871008401427$' <<<"$c_out"
bad_out="$("$out/verify" test-vectors/cms/revoked-attached.der || true)"
echo "$bad_out"
grep -q '^valid: no (cert-revoked)' <<<"$bad_out"

echo "== ffi/examples/python/verify.py (ctypes)"
py_out="$(QOLTANBA_LIB="$out/prefix/lib/libqoltanba.so" QOLTANBA_HEADER="$out/prefix/include/qoltanba.h" python3 ffi/examples/python/verify.py \
  test-vectors/cms/rsa-cades-attached.der)"
echo "$py_out"
grep -q '^valid: True$' <<<"$py_out"
grep -q '^IIN: 871008401427$' <<<"$py_out"
grep -q '"kind": "document"' <<<"$py_out"
py_bad="$(QOLTANBA_LIB="$out/prefix/lib/libqoltanba.so" QOLTANBA_HEADER="$out/prefix/include/qoltanba.h" python3 ffi/examples/python/verify.py \
  test-vectors/cms/revoked-attached.der || true)"
echo "$py_bad"
grep -q '^valid: False$' <<<"$py_bad"
grep -q '^регистрационное свидетельство ЭЦП находится в списке отозванных (аннулированных) регистрационных свидетельств$' <<<"$py_bad"
echo "C ABI: tests and examples passed"
