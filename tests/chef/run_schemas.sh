#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Validates every chef file `nbc build` writes for examples/shop and
# examples/minimal against schemas/chef-{node,role,environment}.schema.json
# with ajv (pinned in package.json), and checks that hand-broken files are
# rejected, so the check can fail.
#
# Usage: sh tests/chef/run_schemas.sh NBC   (needs `npm ci` at the root)
# Prints one line per file and `chef: N passed, M failed`.
set -u
lib_dir=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/chef/lib.sh
. "$lib_dir/lib.sh"
nbc=$(absolute "${1:?usage: run_schemas.sh NBC}")
cd "$lib_dir/../.." || exit 1

ajv=node_modules/.bin/ajv
if ! command -v node >/dev/null 2>&1 || [ ! -x "$ajv" ]; then
  fail "needs node and node_modules; run 'make deps' (npm ci) at the repository root"
  summary
  exit 1
fi
ajv_options="--spec=draft2020 -c ajv-formats --strict=true --allow-union-types"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-chef-schemas.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

build_examples "$nbc" "$tmp"
# Static nodes on pool hosts, and imported names in their flat form
# (role[mediawiki-web], chef environment mediawiki-demo).
for example in onprem cloudlets/wiki; do
  out=$tmp/$(printf '%s' "$example" | tr / -)
  if "$nbc" -C "examples/$example" build --all -o "$out" 2>"$out.err"; then
    pass "nbc build examples/$example"
  else
    fail "nbc build examples/$example" "$(cat "$out.err")"
  fi
done

# validate KIND EXPECT FILE...: one ajv run; each file must come out EXPECT.
validate() {
  kind=$1
  expect=$2
  shift 2
  [ $# -gt 0 ] || { fail "no chef $kind files to validate"; return; }
  args=""
  for f in "$@"; do args="$args -d $f"; done
  # shellcheck disable=SC2086 # options and -d FILE pairs are words without blanks
  $ajv validate $ajv_options --all-errors --errors=text -s "schemas/chef-$kind.schema.json" $args \
    >"$tmp/ajv.out" 2>&1
  for f in "$@"; do
    label="${f#"$tmp/"} ($kind)"
    if grep -Fxq "$f $expect" "$tmp/ajv.out"; then
      pass "$label: $expect"
    else
      fail "$label: expected $expect" "$(grep -F "$f" -A3 "$tmp/ajv.out" | head -n 8)"
    fi
  done
}

validate node valid "$tmp"/*/*/chef/nodes/*.json
validate role valid "$tmp"/*/*/chef/roles/*.json
validate environment valid "$tmp"/*/*/chef/environments/*.json

# Hand-broken copies of generated files: each edit must change the file and
# ajv must reject the result.
mkdir "$tmp/broken"
# break NAME SOURCE SED_EXPRESSION
break_file() {
  sed "$3" "$2" >"$tmp/broken/$1.json"
  if cmp -s "$2" "$tmp/broken/$1.json"; then fail "broken $1: the edit changed nothing"; fi
}
shop=$tmp/shop/production/chef
break_file role-json-class "$shop/roles/nginx.json" 's/"Chef::Role"/"Chef::Node"/'
break_file role-bad-recipe "$shop/roles/nginx.json" 's/"recipe\[nginx\]"/"recipe[bad name]"/'
validate role invalid "$tmp/broken/role-json-class.json" "$tmp/broken/role-bad-recipe.json"
break_file node-recipe "$shop/nodes/web-production-us-east-1a-1.json" 's/"role\[nginx\]"/"recipe[nginx]"/'
# shellcheck disable=SC2016 # a sed expression, not an expansion
break_file node-secret "$shop/nodes/web-production-us-east-1a-1.json" 's/"\$secret": "storefront-secret-key"/"$secret": 42/'
validate node invalid "$tmp/broken/node-recipe.json" "$tmp/broken/node-secret.json"
break_file environment-attrs "$shop/environments/production.json" 's/"default_attributes": {}/"default_attributes": {"a": 1}/'
validate environment invalid "$tmp/broken/environment-attrs.json"

summary
