#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (FUZZ_SECONDS, default 60) from
# seed corpora built out of test-vectors/ and ../test-vectors/third-party. Fails on any
# crash, leak, timeout or out-of-memory. The differential target links the
# system OpenSSL (libssl-dev, pkg-config), and so does differential_cms; the ffi target builds aws-lc;
# c14n_differential links libxml2.so.2 (libxml2-utils brings it). The machine's toolchain is stable:
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its -Z flags (sanitizer, sancov).
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --version 0.13.2 --locked
fi
shared=../test-vectors/third-party
seed() { # seed TARGET FILES...
  local dir="corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/$(basename "$(dirname "$f")")__$(basename "$f")"
  done
  return 0
}
shopt -s nullglob
certs=(../test-vectors/demo/*.pem ../test-vectors/kz/*.pem
       $shared/kz/*/*.cer $shared/kz/*/*.crt)
crls=(../test-vectors/demo/*.crl $shared/kz/*/*.crl)
demo_cms=(../test-vectors/cms/*)
cms=($shared/cms-boringssl/* $shared/cms-rustcrypto/*
     $shared/cms-rfc4134/* $shared/kz/skarm-kalkan/cms__*.der
     $shared/kz/skarm-kalkan/examples__*CMS*.txt $shared/kz/ncanode/tsp__*.bin)
seed certificate "${certs[@]}"
seed verify_certificate "${certs[@]}"
seed crl "${crls[@]}"
seed cms "${demo_cms[@]}" "${cms[@]}"
# No demo-signed document may seed verify_document: its target asserts that
# nothing it sees verifies (a mutation of a valid document can stay valid).
seed verify_document "${cms[@]}"
seed timestamp $shared/kz/ncanode/tsp__*.bin
seed ocsp $shared/kz/ncanode/ocsp__*.bin
seed xml ../test-vectors/xml/c14n/*.xml ../test-vectors/xml/xmlsec/*.xml \
  ../test-vectors/malformed/xml/*.xml $shared/kz/skarm-kalkan/*.xml
mkdir -p corpus/identity
printf '871008401427' > corpus/identity/iin
printf '940140000385' > corpus/identity/bin
# pkcs12: whole files, and the inner layers behind a valid MAC (see the
# target's modes and seed_pkcs12.py).
python3 seed_pkcs12.py corpus/pkcs12 >/dev/null
# ffi: [control][split][n][n bytes of text] before each file: the fixed
# time, no detached split, no text; a few with the option strings. As for
# verify_document, no demo-signed document (fuzz bytes must never verify).
mkdir -p corpus/ffi
for f in "${cms[@]}" "${certs[@]}" "${crls[@]}" $shared/kz/ncanode/ocsp__*.bin; do
  case "$f" in *.key.pem) continue ;; esac # no demo private key
  [ -f "$f" ] || continue
  { printf '\001\377\000'; cat "$f"; } \
    > "corpus/ffi/$(basename "$(dirname "$f")")__$(basename "$f")"
done
for t in '2025-06-01T00:00:00Z' 871008401427 940140000385 first-head; do
  { printf '\001\200'; printf "\\$(printf '%03o' ${#t})"; printf '%s' "$t"
    cat ../test-vectors/demo/individual-sign.pem; } > "corpus/ffi/text-$t"
done
# differential: the empty input is a well-made chain; every byte changes it.
mkdir -p corpus/differential
: > corpus/differential/well-made-chain
# differential_cms: the empty input is a well-made attached SHA-256 document.
mkdir -p corpus/differential_cms
: > corpus/differential_cms/well-made-document

# c14n_differential: the input drives a document generator; the empty input
# is the smallest document.
mkdir -p corpus/c14n_differential
: > corpus/c14n_differential/smallest-document

# Targets that need more than the pure-Rust build (fuzz/Cargo.toml).
features() {
  case "$1" in
    ffi) echo "--features=ffi" ;;
    differential | differential_cms) echo "--features=differential" ;;
    c14n_differential) echo "--features=libxml2" ;;
  esac
}

status=0
for target in $(cargo fuzz list); do
  echo "== fuzz $target for ${SECONDS_PER_TARGET}s"
  mkdir -p "corpus/$target"
  # shellcheck disable=SC2046 # no feature, or one word
  if ! cargo fuzz run --release $(features "$target") "$target" "corpus/$target" -- \
      -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 2>"fuzz-$target.log"; then
    echo "fuzz target $target FAILED; see fuzz/fuzz-$target.log and fuzz/artifacts/$target" >&2
    tail -40 "fuzz-$target.log" >&2
    status=1
  else
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "fuzz-$target.log" | tr '\n' ' '
    echo
  fi
done
exit $status
