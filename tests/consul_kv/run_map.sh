#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The Daybook map (consul/<env>.json) of every example, decoded with node and
# checked against plan.json by a matcher of its own (check_map.mjs); `nbc
# explain ENV HOST services` must name the same key for every host; a
# tampered copy of a map (two values swapped) must fail the check.
#
# Usage: sh tests/consul_kv/run_map.sh NBC
# Prints one line per check and `consul_kv: N passed, M failed`.
set -u
lib_dir=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/examples.sh
. "$lib_dir/../lib/examples.sh"
nbc=$(absolute "${1:?usage: run_map.sh NBC}")
cd "$lib_dir/../.." || exit 1
if ! command -v node >/dev/null 2>&1; then
  fail "needs node (make deps)"
  summary consul_kv
  exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-consul-kv.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

build_examples "$nbc" "$tmp"

for env_dir in $(environment_dirs "$tmp"); do
  label=${env_dir#"$tmp/"}
  if node "$lib_dir/check_map.mjs" "$env_dir" "$tmp/best" >"$tmp/check.out" 2>&1; then
    pass "$label: map matches the plan ($(grep -c '^ok' "$tmp/check.out") checks)"
  else
    fail "$label: map differs from the plan" "$(grep -v '^ok' "$tmp/check.out")"
    continue
  fi
  # The example folder and environment of this build folder.
  example=$(examples | while read -r e; do
    [ "$(printf '%s' "$e" | tr / _)" = "$(basename "$(dirname "$env_dir")")" ] && echo "$e"
  done)
  env=$(basename "$env_dir")
  while read -r host key; do
    [ -n "$host" ] || continue
    if "$nbc" -C "$example" explain "$env" "$host" services >"$tmp/explain.out" 2>&1 &&
      grep -Fq "  matched: $key (" "$tmp/explain.out"; then
      pass "$label: explain $host services names $key"
    else
      fail "$label: explain $host services does not name $key" "$(cat "$tmp/explain.out")"
    fi
  done <"$tmp/best"
done

# The check can fail: swap the values of the first two keys of a map whose
# hosts get different services.
map=$tmp/examples_shop/production/consul/production.json
mkdir -p "$tmp/tampered/consul" "$tmp/tampered/chef"
cp "$tmp/examples_shop/production/plan.json" "$tmp/tampered/"
cp -r "$tmp/examples_shop/production/chef/nodes" "$tmp/tampered/chef/"
node -e '
  const fs = require("fs");
  const entries = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  [entries[0].value, entries[1].value] = [entries[1].value, entries[0].value];
  fs.writeFileSync(process.argv[2], JSON.stringify(entries, null, 2));
' "$map" "$tmp/tampered/consul/production.json"
if node "$lib_dir/check_map.mjs" "$tmp/tampered" >"$tmp/check.out" 2>&1; then
  fail "tampered map: the check accepted it"
else
  pass "tampered map: rejected ($(grep -c '^FAIL' "$tmp/check.out") failures)"
fi

# A name no pattern matches is an error, not an empty answer.
if "$nbc" -C examples/shop explain production nosuch-host-1 services >"$tmp/explain.out" 2>&1; then
  fail "explain of an unmatched host name succeeded" "$(cat "$tmp/explain.out")"
elif grep -Fq "error: no pattern of the host map matches 'nosuch-host-1'" "$tmp/explain.out"; then
  pass "explain of an unmatched host name is an error"
else
  fail "explain of an unmatched host name: unexpected output" "$(cat "$tmp/explain.out")"
fi

summary consul_kv
