#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fetches the source of the yaml-cpp that Debian ships (bookworm: 0.7.0) from
# Debian's archive and builds it as a static library instrumented for
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, so that the fuzz
# targets (tests/fuzz/, docs/fuzzing.md) see inside the parser nbc really uses.
#
# usage: scripts/build-fuzz-yaml-cpp.sh [DIR]     DIR defaults to build-fuzz
#
# Writes, under DIR (never committed):
#   yaml-cpp-src/      the source package as `apt-get source` unpacks it
#   yaml-cpp-build/    the CMake build folder
#   yaml-cpp/          the installed library: lib/libyaml-cpp.a, include/,
#                      lib/cmake/yaml-cpp/ (pass -Dyaml-cpp_DIR=... to CMake)
# Idempotent: does nothing when yaml-cpp/ holds a build with the same flags.
# Adds a `deb-src` entry for bookworm to apt's sources if there is none, and
# installs dpkg-dev (which unpacks source packages) if it is missing.
set -eu

cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-build-fuzz}")
cc=clang-14
cxx=clang++-14
# The flags of nbc's own fuzz build (NBC_FUZZ in CMakeLists.txt, which adds
# -fsanitize=fuzzer on the fuzz targets' link); -O2 -g as RelWithDebInfo.
flags="-O2 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined"
flags="$flags -fno-sanitize-recover=undefined -D_GLIBCXX_ASSERTIONS"
prefix=$dir/yaml-cpp
stamp=$prefix/.nbc-build-flags

if [ -f "$prefix/lib/libyaml-cpp.a" ] && [ -f "$stamp" ] &&
   [ "$(cat "$stamp")" = "$cxx $flags" ]; then
  echo "build-fuzz-yaml-cpp: $prefix is up to date"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# A deb-src entry: the stanzas of Debian's own deb822 sources with
# `Types: deb-src`, in a file of their own (the original is left as it is).
has_deb_src() {
  grep -Eqs '^[[:space:]]*Types:.*deb-src' /etc/apt/sources.list.d/*.sources ||
    grep -Eqs '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list
}
if ! has_deb_src; then
  src_list=/etc/apt/sources.list.d/debian-src.sources
  echo "build-fuzz-yaml-cpp: adding $src_list"
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $SUDO tee "$src_list" >/dev/null
  else
    printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm' \
      'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
      $SUDO tee "$src_list" >/dev/null
  fi
  need_update=true
else
  need_update=false
fi

missing=""
for p in dpkg-dev clang-14 libclang-rt-14-dev cmake make; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# `apt-get source` needs the source indexes, which a machine that never had a
# deb-src entry lacks.
if $need_update || ! ls /var/lib/apt/lists/*_Sources* >/dev/null 2>&1 || [ -n "$missing" ]; then
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update
fi
if [ -n "$missing" ]; then
  echo "build-fuzz-yaml-cpp: installing$missing"
  # shellcheck disable=SC2086  # $missing is a word list
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
    install -y --no-install-recommends $missing
fi

# The source package of the installed binary package's version (its build
# suffix "+b1" removed), so that the fuzzer sees the very parser nbc links.
version=$(dpkg-query -W -f='${source:Version}' libyaml-cpp-dev 2>/dev/null || true)
src=$dir/yaml-cpp-src
mkdir -p "$src"
tree=$(find "$src" -mindepth 1 -maxdepth 1 -type d -name 'yaml-cpp-*' | head -n 1)
if [ -z "$tree" ]; then
  echo "build-fuzz-yaml-cpp: apt-get source yaml-cpp${version:+=$version}"
  (cd "$src" && apt-get -o DPkg::Lock::Timeout=600 source "yaml-cpp${version:+=$version}")
  tree=$(find "$src" -mindepth 1 -maxdepth 1 -type d -name 'yaml-cpp-*' | head -n 1)
fi
[ -n "$tree" ] || { echo "build-fuzz-yaml-cpp: no source tree in $src" >&2; exit 1; }

build=$dir/yaml-cpp-build
rm -rf "$build" "$prefix"
cmake -S "$tree" -B "$build" \
  -DCMAKE_BUILD_TYPE= \
  -DCMAKE_C_COMPILER=$cc -DCMAKE_CXX_COMPILER=$cxx \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
  -DYAML_BUILD_SHARED_LIBS=OFF -DBUILD_SHARED_LIBS=OFF \
  -DYAML_CPP_BUILD_TESTS=OFF -DYAML_CPP_BUILD_TOOLS=OFF -DYAML_CPP_BUILD_CONTRIB=OFF \
  >/dev/null
cmake --build "$build" -j "${JOBS:-2}"
cmake --install "$build" >/dev/null
echo "$cxx $flags" >"$stamp"
echo "build-fuzz-yaml-cpp: installed $(basename "$tree") into $prefix"
