#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The Vagrantfile of every example, per node and with --compact, checked by
# Vagrant itself (Debian's vagrant: `vagrant validate --ignore-provider`, with
# the chef files it references present and an empty cookbooks folder as a
# developer would have it) and read back through Ruby (record.rb) to compare
# every machine with plan.json and the chef node files (compare.mjs). A
# hostile vagrant.box (quotes, backslashes, #{}, backticks, %x()) must be
# carried as exactly its bytes and execute nothing; one Ruby cannot carry
# (newline, non-ASCII, bidi override) must make `nbc build` fail. A missing
# chef environments folder must fail validation, so the check can fail.
#
# Usage: sh tests/vagrant/run_validate.sh NBC
# Prints one line per check and `vagrant: N passed, M failed`.
set -u
lib_dir=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/examples.sh
. "$lib_dir/../lib/examples.sh"
nbc=$(absolute "${1:?usage: run_validate.sh NBC}")
cd "$lib_dir/../.." || exit 1
if ! command -v vagrant >/dev/null 2>&1 || ! command -v ruby >/dev/null 2>&1 ||
  ! command -v node >/dev/null 2>&1; then
  fail "needs vagrant and ruby (Debian's vagrant) and node; run 'make deps'"
  summary vagrant
  exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-vagrant.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# Vagrant with a home of its own, no version check over the network, and no
# provider: validation of the configuration only.
mkdir -p "$tmp/vagrant-home"
export VAGRANT_HOME="$tmp/vagrant-home" VAGRANT_CHECKPOINT_DISABLE=1 VAGRANT_NO_COLOR=1 \
  VAGRANT_DEFAULT_PROVIDER=virtualbox

# validate LABEL ENV_DIR MODE [BOX]: vagrant validate, then record.rb + compare.mjs.
validate() {
  label=$1 env_dir=$2 mode=$3
  shift 3
  mkdir -p "$env_dir/chef/cookbooks"
  if (cd "$env_dir/vagrant" && vagrant validate --ignore-provider) >"$tmp/validate.out" 2>&1; then
    pass "$label: vagrant validate"
  else
    fail "$label: vagrant validate" "$(cat "$tmp/validate.out")"
  fi
  if ! ruby "$lib_dir/record.rb" "$env_dir/vagrant/Vagrantfile" >"$tmp/recorded.json" 2>"$tmp/record.err"; then
    fail "$label: ruby reads the Vagrantfile" "$(cat "$tmp/record.err")"
  elif node "$lib_dir/compare.mjs" "$env_dir" "$tmp/recorded.json" "$mode" "$@" >"$tmp/compare.out" 2>&1; then
    pass "$label: machines agree with the plan ($(grep -c '^ok' "$tmp/compare.out") checks)"
  else
    fail "$label: machines differ from the plan" "$(grep -v '^ok' "$tmp/compare.out")"
  fi
}

build_examples "$nbc" "$tmp/full"
build_examples "$nbc" "$tmp/compact" --compact
for mode in full compact; do
  for env_dir in $(environment_dirs "$tmp/$mode"); do
    validate "$mode ${env_dir#"$tmp/$mode/"}" "$env_dir" "$mode"
  done
done

# Validation can fail: the chef environments folder missing.
broken=$tmp/full/examples_shop/staging
rm -r "$broken/chef/environments"
if (cd "$broken/vagrant" && vagrant validate --ignore-provider) >"$tmp/validate.out" 2>&1; then
  fail "without chef/environments: vagrant validate accepted it"
elif grep -q "Environment path not found" "$tmp/validate.out"; then
  pass "without chef/environments: vagrant validate fails"
else
  fail "without chef/environments: unexpected output" "$(cat "$tmp/validate.out")"
fi

# write_project DIR BOX_YAML: the minimal example whose hello service sets vagrant.box.
write_project() {
  rm -rf "$1"
  cp -r examples/minimal "$1"
  cat >"$1/services/hello.yaml" <<YAML
description: Says hello
requires: { role: web }
chef: { run_list: ["recipe[nginx]"] }
params:
  vagrant: { box: $2 }
YAML
}
# A hostile box: printable ASCII, so nbc must carry it, as exactly its bytes.
marker=$tmp/pwned
box="x'; system('touch $marker-1'); '\\'#{system('touch $marker-2')}\`touch $marker-3\`%x(touch $marker-4)\"\\\\"
box_yaml="'$(printf '%s' "$box" | sed "s/'/''/g")'"
write_project "$tmp/hostile" "$box_yaml"
if "$nbc" -C "$tmp/hostile" build --all -o "$tmp/hostile-out" 2>"$tmp/err"; then
  validate "hostile box" "$(ls -d "$tmp"/hostile-out/*/)" full "$box"
  if ls "$marker"-* >/dev/null 2>&1; then
    fail "hostile box: a payload ran: $(echo "$marker"-*)"
  else
    pass "hostile box: no payload ran"
  fi
else
  fail "hostile box: nbc build failed" "$(cat "$tmp/err")"
fi

# Boxes Ruby cannot carry safely: nbc build fails and writes nothing.
for bad in '"a\nb"' '"caf\u00e9"' '"box\u202e"' '"a\tb"'; do
  write_project "$tmp/bad" "$bad"
  if "$nbc" -C "$tmp/bad" build --all -o "$tmp/bad-out" 2>"$tmp/err"; then
    fail "refuses box $bad: nbc build succeeded"
  elif [ -e "$tmp/bad-out" ]; then
    fail "refuses box $bad: nbc build wrote files"
  elif grep -q "services/hello.yaml:[0-9]*:[0-9]*: error: a Vagrantfile cannot carry the value" "$tmp/err"; then
    pass "refuses box $bad"
  else
    fail "refuses box $bad: unexpected diagnostics" "$(cat "$tmp/err")"
  fi
done

summary vagrant
