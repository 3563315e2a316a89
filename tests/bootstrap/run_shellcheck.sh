#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `shellcheck -s sh` on every bootstrap nbc generates for examples/shop and
# examples/minimal (no finding allowed, at any severity), on the scripts of
# these tests, and on a script with a known mistake (it must be flagged, so
# the check can fail).
#
# Usage: sh tests/bootstrap/run_shellcheck.sh NBC
# Prints one line per script and `bootstrap: N passed, M failed`.
set -u
lib_dir=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/bootstrap/lib.sh
. "$lib_dir/lib.sh"
nbc=$(absolute "${1:?usage: run_shellcheck.sh NBC}")
cd "$lib_dir/../.." || exit 1

if ! command -v shellcheck >/dev/null 2>&1; then
  fail "shellcheck is not installed; run 'make deps'"
  summary
  exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-shellcheck.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# lint LABEL FILE: no finding.
lint() {
  if out=$(shellcheck -s sh "$2" 2>&1); then pass "$1"; else fail "$1" "$out"; fi
}

for example in shop minimal; do
  if ! "$nbc" -C "examples/$example" build --all -o "$tmp/$example" 2>"$tmp/build.err"; then
    fail "nbc build examples/$example" "$(cat "$tmp/build.err")"
    continue
  fi
  count=0
  for script in "$tmp/$example"/*/bootstrap/*.sh; do
    [ -f "$script" ] || continue
    count=$((count + 1))
    lint "examples/$example: ${script#"$tmp/$example/"}" "$script"
  done
  if [ "$count" -gt 0 ]; then pass "examples/$example: $count bootstraps"; else fail "examples/$example: no bootstrap written"; fi
done

for script in tests/bootstrap/*.sh tests/chef/*.sh; do
  [ -f "$script" ] || continue
  if out=$(shellcheck -x -s sh "$script" 2>&1); then pass "$script"; else fail "$script" "$out"; fi
done

# shellcheck disable=SC2016 # the $1 is for the bad script
printf '#!/bin/sh\nrm -rf $1/*\n' >"$tmp/bad.sh"
if shellcheck -s sh "$tmp/bad.sh" >/dev/null 2>&1; then
  fail "shellcheck accepts an unquoted expansion; the check cannot fail"
else
  pass "shellcheck flags an unquoted expansion"
fi

summary
