#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# cloudformation.cfn_lint: builds examples/shop, examples/minimal and a
# generated estate too large for one template (make_large_project.sh), then
# requires of every template nbc writes that cfn-lint (npm, pinned in
# package.json; resource specification replaced by scripts/install-deps.sh)
# finds no error and no warning, that it stays within CloudFormation's limits,
# and that the user data script passes shellcheck. The hand-broken templates
# of broken/ must be rejected with the message in their .expect file, so the
# check is known to be able to fail.
# Usage: run_cfn_lint.sh NBC   (from the repository root or anywhere)
set -eu

nbc=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lint="$root/node_modules/cfn-lint/lib/index.js"
spec="$root/node_modules/cfn-lint/data/aws_resources_specification.json"
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  echo "FAIL: $*"
}

if ! command -v node >/dev/null 2>&1 || [ ! -f "$lint" ]; then
  echo "cloudformation: cfn-lint is not installed; run scripts/install-deps.sh"
  exit 1
fi
# The bundled 2019 specification lacks properties nbc writes; install-deps.sh
# replaces it.
if ! grep -q '"MaxAllocatedStorage"' "$spec"; then
  echo "cloudformation: $spec is cfn-lint's old specification; run scripts/install-deps.sh"
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-cfn.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# Parameters without a default that cfn-lint would guess as a plain string
# where an ARN is expected (HTTPS listener certificates): the executor
# supplies them, so the test does too.
mock_parameters() {
  node -e '
    const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const names = Object.keys(t.Parameters || {}).filter(
      (n) => n.endsWith("Arn") && !("Default" in t.Parameters[n]));
    process.stdout.write(names.map(
      (n) => n + "=arn:aws:acm:us-east-1:123456789012:certificate/0000").join(","));
  ' "$1"
}

# Runs cfn-lint; its report goes to $tmp/report. 0 = valid.
run_lint() {
  params=$(mock_parameters "$1")
  set -- validate "$1"
  [ -z "$params" ] || set -- "$@" --parameters "$params"
  FORCE_COLOR=0 node "$lint" "$@" >"$tmp/report" 2>&1
}

lint_valid() {
  if run_lint "$1" && grep -q '^0 warn$' "$tmp/report"; then
    pass
  else
    fail "cfn-lint rejects $2"
    grep -v '^Documentation' "$tmp/report" | sed 's/^/  /'
  fi
}

# Resources, parameters, outputs and bytes within CloudFormation's quotas.
check_limits() {
  if problem=$(node -e '
    const fs = require("fs");
    const text = fs.readFileSync(process.argv[1], "utf8");
    const t = JSON.parse(text);
    const count = (o) => Object.keys(o || {}).length;
    const over = [];
    if (count(t.Resources) > 500) over.push(count(t.Resources) + " resources");
    if (count(t.Parameters) > 200) over.push(count(t.Parameters) + " parameters");
    if (count(t.Outputs) > 200) over.push(count(t.Outputs) + " outputs");
    if (Buffer.byteLength(text) > 1000000) over.push(Buffer.byteLength(text) + " bytes");
    if (over.length) { console.log(over.join(", ")); process.exit(1); }
  ' "$1"); then
    pass
  else
    fail "$2 exceeds cloudformation limits: $problem"
  fi
}

# The user data script, with CloudFormation's substitutions done, through
# POSIX sh rules of shellcheck. One per template: scripts differ only in the key.
check_user_data() {
  node -e '
    const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const r = Object.values(t.Resources || {}).find((r) => r.Properties && r.Properties.UserData);
    if (!r) process.exit(0);
    const [text, vars] = r.Properties.UserData["Fn::Base64"]["Fn::Sub"];
    process.stdout.write(text.replace(/\$\{([^}]+)\}/g, (m, name) =>
      !(name in vars) ? "us-east-1" : typeof vars[name] === "string" ? vars[name] : "example-bucket"));
  ' "$1" >"$tmp/userdata.sh"
  [ -s "$tmp/userdata.sh" ] || return 0
  if shellcheck -s sh "$tmp/userdata.sh" >"$tmp/report" 2>&1; then
    pass
  else
    fail "shellcheck rejects the user data of $2"
    sed 's/^/  /' "$tmp/report"
  fi
}

build() {  # build NAME PROJECT_DIR
  if "$nbc" -C "$2" build --all -o "$tmp/out/$1" >"$tmp/build.log" 2>&1; then
    pass
  else
    fail "nbc build of $1"
    sed 's/^/  /' "$tmp/build.log"
  fi
}

build shop "$root/examples/shop"
build minimal "$root/examples/minimal"
# Imported names (mediawiki.app → InstanceMediawikiAppEuWest1a1), and a
# project whose static node types get no template at all.
build cloudlets-wiki "$root/examples/cloudlets/wiki"
build onprem "$root/examples/onprem"
if [ ! -e "$tmp/out/onprem/production/cloudformation" ]; then pass
else fail "examples/onprem: a template for hosts of a pool"; fi
sh "$here/make_large_project.sh" "$tmp/large"
build large "$tmp/large"

# The generated estate must have been split into nested stacks.
if [ -f "$tmp/out/large/prod/cloudformation/prod/tier00.json" ]; then pass
else fail "the large estate was not split into nested stacks"; fi

find "$tmp/out" -path '*/cloudformation/*.json' | LC_ALL=C sort >"$tmp/templates"
[ -s "$tmp/templates" ] || fail "nbc build wrote no cloudformation templates"
while IFS= read -r template; do
  name=${template#"$tmp/out/"}
  lint_valid "$template" "$name"
  check_limits "$template" "$name"
  check_user_data "$template" "$name"
done <"$tmp/templates"

for broken in "$here"/broken/*.json; do
  name=broken/$(basename "$broken")
  expect=$(cat "${broken%.json}.expect")
  if run_lint "$broken"; then
    fail "cfn-lint accepts $name"
  elif ! grep -qF "$expect" "$tmp/report"; then
    fail "cfn-lint rejects $name, but not with: $expect"
    grep -v '^Documentation' "$tmp/report" | sed 's/^/  /'
  else
    pass
  fi
done

echo "cloudformation: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
