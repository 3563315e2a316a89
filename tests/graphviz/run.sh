#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Graphviz accepts what `nbc graph` prints for every environment of every
# example, and rejects a broken graph (so the check can fail).
# usage: run.sh NBC
set -u
nbc=$(realpath "$1")
cd "$(dirname "$0")/../.." || exit 1
passed=0 failed=0
check() {  # check LABEL EXPECT(ok|fail) FILE
  if dot -Tsvg "$3" >/dev/null 2>"$tmp/err"; then got=ok; else got=fail; fi
  if [ "$got" = "$2" ]; then
    passed=$((passed + 1)); echo "ok    $1"
  else
    failed=$((failed + 1)); echo "FAIL  $1: dot said $got, expected $2"; cat "$tmp/err"
  fi
}
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
for project in examples/*/; do
  for env in $("$nbc" -C "$project" env list | awk '$2 == "concrete" { print $1 }'); do
    out="$tmp/$(basename "$project")-$env.dot"
    if "$nbc" -C "$project" graph "$env" >"$out"; then
      check "$(basename "$project") $env" ok "$out"
    else
      failed=$((failed + 1)); echo "FAIL  nbc graph $env in $project"
    fi
  done
done
printf 'digraph "broken" {\n  "a" -> ;\n}\n' >"$tmp/broken.dot"
check "a broken graph is rejected" fail "$tmp/broken.dot"
echo "graphviz: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 1 ]
