#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# ctest bench.tools: the benchmark tools still do their job, so that
# bench/run can be trusted when someone reruns it (bench/README.md).
# - gen_estate is deterministic: the same seed gives the same bytes, another
#   seed other bytes;
# - what it writes is a valid nbc project that plans (every layer, extends
#   chains, audits, HA floors and load balancers included);
# - --tweak changes exactly one parameter of one environment: `nbc diff`
#   of the two plans says so and exits 2;
# - every micro-benchmark runs once on the small estate.
# Usage: sh bench/check.sh NBC GEN_ESTATE MICROBENCH
set -u
nbc=$1 gen=$2 micro=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-bench-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

small="--scale small --environments 3 --node-types 6 --nodes-per-type 3"
# shellcheck disable=SC2086 # the knobs are a list of words
"$gen" $small --seed 7 -o "$tmp/a" || fail "gen_estate exited $?"
# shellcheck disable=SC2086
"$gen" $small --seed 7 -o "$tmp/b" || fail "gen_estate exited $?"
# shellcheck disable=SC2086
"$gen" $small --seed 8 -o "$tmp/c" || fail "gen_estate exited $?"
# shellcheck disable=SC2086
"$gen" $small --seed 7 --tweak -o "$tmp/t" || fail "gen_estate --tweak exited $?"
diff -r "$tmp/a" "$tmp/b" >/dev/null || fail "the same seed wrote different estates"
diff -r "$tmp/a" "$tmp/c" >/dev/null && fail "another seed wrote the same estate"

"$nbc" -C "$tmp/a" validate || fail "nbc validate of the generated estate exited $?"
for want in environments node_types services; do
  [ -n "$(ls "$tmp/a/$want")" ] || fail "the estate has no $want/"
done
grep -rq '^extends:' "$tmp/a/environments" || fail "no environment extends another"
grep -rq 'audits' "$tmp/a/services" || fail "no service audits another"
grep -rq 'load_balancer' "$tmp/a/node_types" || fail "no node type has a load balancer"

"$nbc" -C "$tmp/a" plan --all --format json -o "$tmp/a.json" || fail "nbc plan exited $?"
"$nbc" -C "$tmp/t" plan --all --format json -o "$tmp/t.json" || fail "nbc plan (tweak) exited $?"
"$nbc" diff "$tmp/a.json" "$tmp/t.json" --format json >"$tmp/diff.json"
code=$?
[ "$code" -eq 2 ] || fail "nbc diff of a tweaked estate exited $code, expected 2"
changed=$(grep -c '"path": *"common.rollout.canary_percent"' "$tmp/diff.json")
[ "$changed" -ge 1 ] || fail "the diff does not show common.rollout.canary_percent"
"$nbc" diff "$tmp/a.json" "$tmp/a.json" >/dev/null || fail "a plan differs from itself"

"$micro" --benchmark_min_time=0 "$tmp/a" >"$tmp/micro.txt" 2>&1 || {
  cat "$tmp/micro.txt"; fail "nbc_microbench exited $?"; }
for bm in BM_LoadModel BM_MergeNodeLayers BM_Placement BM_BuildPlan BM_PlanToJson \
  BM_ChefNodeJson BM_EmitAndCheckOneEnvironment; do
  grep -q "^$bm" "$tmp/micro.txt" || fail "micro-benchmark $bm did not run"
done
echo "bench.tools: gen_estate deterministic and valid, --tweak is one change, micro-benchmarks run"
