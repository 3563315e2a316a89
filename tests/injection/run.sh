#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The injection corpus against every output (docs/hostile-input.md,
# "Injection"). make_projects.js writes a project with each string of
# corpus.js in every place a user value reaches, a small project per string
# for the places a project has once, and one project per value nbc must
# refuse. This script builds them all with `nbc build --all`, runs every
# generated bootstrap in the bubblewrap sandbox of tests/bootstrap (stub
# tools, no network), runs shellcheck and Graphviz on what nbc wrote, and
# collects what `nbc plan`, `nbc diff`, `nbc explain` and `nbc env show`
# print; check_outputs.js then asserts on all of it. No payload may run
# anywhere (no pwned-N file).
#
# Usage: sh tests/injection/run.sh NBC
# Prints one line per check, then `bootstrap: …` and `injection: …` counts.
set -u
here=$(cd "$(dirname "$0")" && pwd)
lib_dir=$here/../bootstrap
# shellcheck source=tests/bootstrap/lib.sh
. "$lib_dir/lib.sh"
nbc=$(absolute "${1:?usage: run.sh NBC}")
cd "$here/../.." || exit 1

for tool in node shellcheck dot bwrap ruby; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    fail "$tool is not installed; run 'make deps'"
    summary
    exit 1
  fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-inject.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
require_bwrap
make_stubs "$tmp/stubs"
if ! no_markers "$tmp"; then
  fail "a pwned-* file exists in /tmp before the test; remove it first"
  summary
  exit 1
fi

node "$here/make_projects.js" "$tmp" || exit 1

# 1. The main project: one environment per corpus string.
if ! "$nbc" -C "$tmp/main" build --all -o "$tmp/out-main" 2>"$tmp/build.err"; then
  fail "nbc build of the main injection project" "$(cat "$tmp/build.err")"
  summary
  exit 1
fi
pass "nbc build --all of the main project ($(ls "$tmp/out-main" | wc -l) environments)"
check "nbc build ran no payload" no_markers "$tmp"

# SC1003 and SC2016 note that a single-quoted word holds \' or $(…)
# literally, which is what the corpus puts there.
# shellcheck disable=SC2046 # file names without blanks
if msg=$(shellcheck -s sh -e SC1003,SC2016 $(find "$tmp/out-main" -name '*.sh' | sort) 2>&1); then
  pass "shellcheck: every bootstrap of the main project"
else
  fail "shellcheck: the main project's bootstraps" "$(printf '%s\n' "$msg" | head -n 40)"
fi
bad_ruby=""
for vagrantfile in $(find "$tmp/out-main" -name Vagrantfile | sort); do
  ruby -c "$vagrantfile" >/dev/null 2>"$tmp/ruby.err" || bad_ruby="$bad_ruby ${vagrantfile#"$tmp/"}: $(cat "$tmp/ruby.err")"
done
if [ -z "$bad_ruby" ]; then pass "ruby -c accepts every Vagrantfile"; else fail "ruby -c" "$bad_ruby"; fi
bad_dot=""
for graph in "$tmp"/out-main/*/graph.dot; do
  dot -Tsvg "$graph" >/dev/null 2>"$tmp/dot.err" || bad_dot="$bad_dot ${graph#"$tmp/"}: $(cat "$tmp/dot.err")"
done
if [ -z "$bad_dot" ]; then pass "graphviz reads every graph.dot"; else fail "graphviz" "$bad_dot"; fi

# sandbox_run NAME SCRIPT: runs SCRIPT in $tmp/roots/NAME with the stub log
# $tmp/logs/NAME; a nonzero exit is a failed check.
sandbox_run() {
  mkdir -p "$tmp/roots/$1" "$tmp/logs/$1"
  rc=0
  sandbox "$tmp/roots/$1" "$tmp/logs/$1" "$tmp/stubs" "$2" || rc=$?
  if [ "$rc" -ne 0 ]; then fail "$1: the bootstrap exited $rc" "$(tail -n 5 "$tmp/roots/$1.stderr")"; fi
  return 0
}
count=0
for env_dir in "$tmp"/out-main/*/; do
  env=$(basename "$env_dir")
  sandbox_run "main/$env" "$env_dir/bootstrap/web-$env-eu-west-1a-1.sh"
  count=$((count + 1))
done
pass "ran $count bootstraps of the main project in the sandbox"

# 2. The variants: the packager, stack, labels, load balancer, engine version.
count=0
for dir in "$tmp"/variants/*/; do
  id=$(basename "$dir")
  if ! "$nbc" -C "$dir" build --all -o "$tmp/out-variants/$id" 2>"$tmp/variant.err"; then
    fail "nbc build of variant $id" "$(cat "$tmp/variant.err")"
    continue
  fi
  sandbox_run "variants/$id" "$tmp/out-variants/$id/dev/bootstrap/web-dev-eu-west-1a-1.sh"
  count=$((count + 1))
done
pass "built $count variants and ran their bootstraps in the sandbox"
# shellcheck disable=SC2046
if msg=$(shellcheck -s sh -e SC1003,SC2016 $(find "$tmp/out-variants" -name '*.sh' | sort) 2>&1); then
  pass "shellcheck: every bootstrap of the variants"
else
  fail "shellcheck: the variants' bootstraps" "$(printf '%s\n' "$msg" | head -n 40)"
fi

# 3. Values nbc must refuse: exit code, diagnostics in three formats.
mkdir -p "$tmp/rejected"
for dir in "$tmp"/rejections/*/; do
  c=$(basename "$dir")
  rc=0
  "$nbc" -C "$dir" build --all -o "$tmp/rejected/$c.out" >"$tmp/rejected/$c.stdout" 2>"$tmp/rejected/$c.stderr" || rc=$?
  echo "$rc" >"$tmp/rejected/$c.rc"
  "$nbc" -C "$dir" --error-format json build --all -o "$tmp/rejected/$c.out" >/dev/null 2>"$tmp/rejected/$c.json"
  "$nbc" -C "$dir" --error-format github build --all -o "$tmp/rejected/$c.out" >/dev/null 2>"$tmp/rejected/$c.github"
done

# 4. What people read: plan, diff, explain, env show.
mkdir -p "$tmp/screens"
"$nbc" -C "$tmp/main" plan --all --format json -o "$tmp/screens/plan-all.json" \
  --provenance "$tmp/screens/provenance.json" 2>"$tmp/screens/plan.stderr" ||
  fail "nbc plan --format json --provenance" "$(cat "$tmp/screens/plan.stderr")"
"$nbc" -C "$tmp/main" plan --all -o "$tmp/screens/plan-all.txt" 2>>"$tmp/screens/plan.stderr" ||
  fail "nbc plan (text)" "$(cat "$tmp/screens/plan.stderr")"
for format in text json markdown; do
  ext=$format
  [ "$format" = markdown ] && ext=md
  rc=0
  "$nbc" diff "$tmp/main-before" "$tmp/main" --format "$format" -o "$tmp/screens/diff.$ext" \
    2>"$tmp/diff.err" || rc=$?
  if [ "$rc" -eq 2 ]; then pass "nbc diff --format $format: exit 2 (changes)"
  else fail "nbc diff --format $format: exit $rc, expected 2" "$(cat "$tmp/diff.err")"; fi
done
for id in esc-color esc-title bidi-override line-separator newlines carriage-return huge c1-csi; do
  host=web-e-$id-eu-west-1a-1
  for key in env.v zone.v svc.v-$id flavor; do
    "$nbc" -C "$tmp/main" explain "e-$id" "$host" "$key" >"$tmp/screens/explain-$id-$key.txt" 2>&1 ||
      fail "nbc explain e-$id $host $key" "$(cat "$tmp/screens/explain-$id-$key.txt")"
  done
  "$nbc" -C "$tmp/main" env show "e-$id" >"$tmp/screens/env-show-$id.txt" 2>&1 ||
    fail "nbc env show e-$id" "$(cat "$tmp/screens/env-show-$id.txt")"
done
"$nbc" -C "$tmp/main" explain e-esc-color web-e-esc-color-eu-west-1a-1 'svc.$(touch /tmp/pwned-15)' \
  >"$tmp/screens/explain-hostile-key.txt" 2>&1 || fail "nbc explain of a hostile key" "$(cat "$tmp/screens/explain-hostile-key.txt")"

check "no payload ran anywhere" no_markers "$tmp"
summary
shell_ok=$?
node "$here/check_outputs.js" "$tmp"
node_ok=$?
[ "$shell_ok" -eq 0 ] && [ "$node_ok" -eq 0 ]
