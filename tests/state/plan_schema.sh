#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A plan made with `nbc plan --state` (creates, then updates, a replacement
# and a deletion) validates against schemas/plan.schema.json with ajv, and
# the text plan shows the comparison.
# Usage: sh tests/state/plan_schema.sh NBC   (needs `npm ci` at the root)
set -u
nbc=$(realpath "$1")
cd "$(dirname "$0")/../.." || exit 1
ajv=node_modules/.bin/ajv
if [ ! -x "$ajv" ]; then
  echo "plan_schema: needs node_modules; run 'make deps' (npm ci) at the repository root"
  exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-state-schema.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
cp -R examples/shop "$tmp/shop"
shop=$tmp/shop

plan() {
  "$nbc" -C "$shop" plan --all --state --format "$1" -o "$2"
  code=$?
  if [ "$code" -ne 2 ]; then
    echo "FAIL: nbc plan --state exited $code, expected 2 (changes)"
    exit 1
  fi
}

plan json "$tmp/first.json"
"$nbc" -C "$shop" state record production "$tmp/first.json" --actor schema-test || exit 1
# A deletion (3 -> 2 workers), updates (web workers; and the ops node, whose
# remote audits receive the list of audited hosts) and a replacement (image).
sed -i 's/worker: { count: 3 }/worker: { count: 2 }/; s/workers: 8 } } }/workers: 9 } } }/' \
  "$shop/environments/production.yaml"
sed -i 's/^image: .*/image: ami-0fedcba9876543210/' "$shop/node_types/cache.yaml"
plan json "$tmp/second.json"
plan text "$tmp/second.txt"

for want in "State: compared with serial 1: 0 create, 7 update, 1 replace, 1 delete" \
  "delete production/worker/us-east-1c/1 (generation 1)" \
  "production/ops/us-east-1a/1  ops-production-us-east-1a-1  generation 1  update" \
  "generation 2  replace (image ami-0abcdef1234567890 -> ami-0fedcba9876543210)"; do
  if ! grep -Fq "$want" "$tmp/second.txt"; then
    echo "FAIL: the text plan lacks '$want'"
    exit 1
  fi
done

# shellcheck disable=SC2086 # options are a list of words
$ajv validate --spec=draft2020 -c ajv-formats --strict=true --allow-union-types --all-errors \
  --errors=text -s schemas/plan.schema.json -d "$tmp/first.json" -d "$tmp/second.json" || exit 1
echo "plan_schema: plans with state validate"
