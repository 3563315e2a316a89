#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The Ansible inventory of every example, read by Ansible itself:
# `ansible-inventory --list` (Debian's ansible-core, only the yaml inventory
# plugin enabled, unparsed sources fatal) on each ansible/inventory.json, its
# host variables and groups compared with plan.json (compare.mjs). Then a
# project whose parameters are Jinja payloads ({{ lookup('pipe', 'touch …') }}
# in values, list items and keys): a real `ansible all -m debug` run must print
# them as text and execute none, while the same inventory stripped of its
# unsafe marks does execute one (so the check can fail). Parameters Ansible
# would read as its own (ansible_*, groups) must make `nbc build` fail.
#
# Usage: sh tests/ansible/run_inventory.sh NBC
# Prints one line per check and `ansible: N passed, M failed`.
set -u
lib_dir=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/examples.sh
. "$lib_dir/../lib/examples.sh"
nbc=$(absolute "${1:?usage: run_inventory.sh NBC}")
cd "$lib_dir/../.." || exit 1
if ! command -v ansible-inventory >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  fail "needs ansible-inventory (Debian's ansible-core) and node; run 'make deps'"
  summary ansible
  exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-ansible.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# Ansible reads only what we give it: no user configuration, a home of its own.
mkdir -p "$tmp/home"
printf '[defaults]\n' >"$tmp/ansible.cfg"
export HOME="$tmp/home" ANSIBLE_CONFIG="$tmp/ansible.cfg" ANSIBLE_INVENTORY_ENABLED=yaml \
  ANSIBLE_INVENTORY_UNPARSED_FAILED=true ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=true \
  ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=false

build_examples "$nbc" "$tmp/out"

for env_dir in $(environment_dirs "$tmp/out"); do
  label=${env_dir#"$tmp/out/"}
  if ! ansible-inventory -i "$env_dir/ansible/inventory.json" --list >"$tmp/list.json" 2>"$tmp/list.err"; then
    fail "$label: ansible-inventory --list" "$(cat "$tmp/list.err")"
    continue
  fi
  if [ -s "$tmp/list.err" ]; then fail "$label: ansible-inventory warned" "$(cat "$tmp/list.err")"; fi
  if node "$lib_dir/compare.mjs" "$env_dir" "$tmp/list.json" >"$tmp/compare.out" 2>&1; then
    pass "$label: ansible-inventory agrees with the plan ($(grep -c '^ok' "$tmp/compare.out") checks)"
  else
    fail "$label: ansible-inventory differs from the plan" "$(grep -v '^ok' "$tmp/compare.out")"
  fi
done

# The injection corpus (tests/injection/corpus.js) in parameter values and
# keys at every layer, one environment per string: Ansible must read every
# host variable back exactly (newlines, ESC, bidi marks, 200 KB values).
if node tests/injection/make_projects.js "$tmp/corpus" >/dev/null 2>"$tmp/err" &&
  "$nbc" -C "$tmp/corpus/main" build --all -o "$tmp/corpus-out" 2>"$tmp/err"; then
  bad=""
  for env_dir in "$tmp"/corpus-out/*/; do
    if ! ansible-inventory -i "$env_dir/ansible/inventory.json" --list >"$tmp/list.json" 2>"$tmp/list.err" ||
      [ -s "$tmp/list.err" ] || ! node "$lib_dir/compare.mjs" "$env_dir" "$tmp/list.json" >"$tmp/compare.out" 2>&1; then
      bad="$bad $(basename "$env_dir")"
    fi
  done
  if [ -z "$bad" ]; then
    pass "injection corpus: ansible-inventory agrees with the plan in all $(find "$tmp/corpus-out" -mindepth 1 -maxdepth 1 -type d | wc -l) environments"
  else
    fail "injection corpus: ansible-inventory differs in$bad"
  fi
else
  fail "injection corpus: could not build its main project" "$(cat "$tmp/err")"
fi

# The comparison can fail: one host variable changed in the listing.
shop=$tmp/out/examples_shop/production
ansible-inventory -i "$shop/ansible/inventory.json" --list >"$tmp/list.json" 2>/dev/null
sed 's/"workers": 8/"workers": 9/' "$tmp/list.json" >"$tmp/changed.json"
if cmp -s "$tmp/list.json" "$tmp/changed.json"; then
  fail "changed listing: the edit changed nothing"
elif node "$lib_dir/compare.mjs" "$shop" "$tmp/changed.json" >/dev/null 2>&1; then
  fail "changed listing: the comparison accepted it"
else
  pass "changed listing: rejected"
fi

# A project whose parameters are Jinja payloads.
# write_project DIR PARAMS: the minimal example with PARAMS (YAML) on hello.
write_project() {
  cp -r examples/minimal "$1"
  cat >"$1/services/hello.yaml" <<YAML
description: Says hello
requires: { role: web }
params:
$2
YAML
}
marker=$tmp/pwned
write_project "$tmp/jinja" "  hello:
    value: \"{{ lookup('pipe', 'touch $marker-1') }}\"
    block: \"{% if lookup('pipe', 'touch $marker-2') %}yes{% endif %}\"
    items: [plain, \"{{ lookup('pipe', 'touch $marker-3') }}\"]
    \"{{ lookup('pipe', 'touch pwned-4') }}\": key"
if "$nbc" -C "$tmp/jinja" build --all -o "$tmp/jinja-out" 2>"$tmp/err"; then
  inventory=$(ls "$tmp"/jinja-out/*/ansible/inventory.json)
  # Run from $tmp, where the key's payload (a key holds no '.') would write.
  (cd "$tmp" && ansible all -i "$inventory" -m debug -a 'msg={{ hello }}') >"$tmp/debug.out" 2>&1
  if ls "$marker"-* >/dev/null 2>&1; then
    fail "jinja payloads: ansible executed: $(echo "$marker"-*)" "$(cat "$tmp/debug.out")"
  elif grep -Fq "touch $marker-1" "$tmp/debug.out" && grep -Fq "touch $marker-3" "$tmp/debug.out" &&
    grep -Fq "touch pwned-4" "$tmp/debug.out" && grep -q SUCCESS "$tmp/debug.out"; then
    pass "jinja payloads: ansible printed them as text and executed none"
  else
    fail "jinja payloads: ansible's debug output lacks them" "$(cat "$tmp/debug.out")"
  fi
  # The same inventory without its unsafe marks: Ansible templates the value.
  node -e '
    const fs = require("fs");
    const strip = (v) => Array.isArray(v) ? v.map(strip) : v && typeof v === "object"
      ? ("__ansible_unsafe" in v ? v.__ansible_unsafe : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)])))
      : v;
    fs.writeFileSync(process.argv[2], JSON.stringify(strip(JSON.parse(fs.readFileSync(process.argv[1], "utf8")))));
  ' "$inventory" "$tmp/unmarked.json"
  ansible all -i "$tmp/unmarked.json" -m debug -a 'msg={{ hello }}' >"$tmp/debug.out" 2>&1
  if [ -e "$marker-1" ]; then
    pass "unmarked copy: ansible does template it (the check can fail)"
    rm -f "$marker"-*
  else
    fail "unmarked copy: ansible did not template it; the check above proves nothing" "$(cat "$tmp/debug.out")"
  fi
else
  fail "jinja payloads: nbc build failed" "$(cat "$tmp/err")"
fi

# Parameters Ansible would read as its own: nbc build fails and writes nothing.
for params in "  ansible_ssh_common_args: \"-o ProxyCommand=touch $marker-5\"" "  groups: [web]" \
  "  hello: { x: { __ansible_unsafe: a } }"; do
  rm -rf "$tmp/reserved"
  write_project "$tmp/reserved" "$params"
  if "$nbc" -C "$tmp/reserved" build --all -o "$tmp/reserved-out" 2>"$tmp/err"; then
    fail "refuses '$params': nbc build succeeded"
  elif [ -e "$tmp/reserved-out" ]; then
    fail "refuses '$params': nbc build wrote files"
  elif grep -q "services/hello.yaml:[0-9]*:[0-9]*: error: parameter '.*' cannot be an Ansible host variable" "$tmp/err"; then
    pass "refuses '$params'"
  else
    fail "refuses '$params': unexpected diagnostics" "$(cat "$tmp/err")"
  fi
done

summary ansible
