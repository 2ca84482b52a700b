#!/usr/bin/env bash
# Installs the C library as `cargo cinstall` (cargo-c) does, for machines
# without cargo-c: the shared library with its SONAME and the usual links,
# the static library, the header and the pkg-config file.
#
#   ffi/install.sh PREFIX [PROFILE]     # PROFILE: release (default) or dev
#
# Builds qoltanba-ffi first. Afterwards a C program builds with
#   cc app.c $(PKG_CONFIG_PATH=PREFIX/lib/pkgconfig pkg-config --cflags --libs qoltanba)
# (add --static to link libqoltanba.a).
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="${1:?usage: ffi/install.sh PREFIX [PROFILE]}"
profile="${2:-release}"
case "$profile" in
  dev | debug) dir=debug ;;
  *) dir="$profile" ;;
esac
target="${CARGO_TARGET_DIR:-target}/$dir"

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)"
major="${version%%.*}"
# The ABI number, as build.rs gives it to the SONAME: MAJOR, or 0.MINOR
# before 1.0.
if [ "$major" = 0 ]; then
  rest="${version#0.}"
  abi="0.${rest%%.*}"
else
  abi="$major"
fi
cargo build --profile "$profile" -p qoltanba-ffi --lib

mkdir -p "$prefix/lib/pkgconfig" "$prefix/include"
prefix="$(cd "$prefix" && pwd)"
install -m 0755 "$target/libqoltanba_ffi.so" "$prefix/lib/libqoltanba.so.$version"
if [ "$abi" != "$version" ]; then
  ln -sf "libqoltanba.so.$version" "$prefix/lib/libqoltanba.so.$abi"
fi
ln -sf "libqoltanba.so.$abi" "$prefix/lib/libqoltanba.so"
install -m 0644 "$target/libqoltanba_ffi.a" "$prefix/lib/libqoltanba.a"
install -m 0644 ffi/include/qoltanba.h "$prefix/include/qoltanba.h"
# Libs.private: what the Rust static library needs from the system
# (rustc --print native-static-libs on Linux).
cat >"$prefix/lib/pkgconfig/qoltanba.pc" <<PC
prefix=$prefix
exec_prefix=\${prefix}
libdir=\${exec_prefix}/lib
includedir=\${prefix}/include

Name: qoltanba
Description: Verify and make the electronic digital signatures of Kazakhstan's e-government
Version: $version
Libs: -L\${libdir} -lqoltanba
Libs.private: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
Cflags: -I\${includedir}
PC
echo "installed libqoltanba $version (SONAME libqoltanba.so.$abi) under $prefix"
