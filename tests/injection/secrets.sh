#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Secrets never leave as values (SPEC §3, docs/hostile-input.md "Secrets").
# A project puts `!secret NAME` in every layer of the parameter hierarchy
# (service, node type, grade, base environment, environment, node-type
# override, zone) and as an RDS master password, with recognisable names.
# Their "values" are planted everywhere a careless tool might look: in
# environment variables, in files of the project, and as the output of fake
# aws, vault, sops, curl and gpg commands first on PATH. Then every command
# that writes something runs: validate, plan (text, JSON, provenance), build
# --all, explain, env show, graph, diff (text, JSON, Markdown), plan --state,
# state record/show/history, a failing build. secrets_check.js asserts that
# no byte of any output or diagnostic holds a value, that no fake tool ran,
# that each name appears only as a reference (`(secret NAME)`,
# {"$secret": "NAME"}, a CloudFormation dynamic reference, the bootstrap's
# `nbc_secret 'NAME'`), and that `nbc diff` shows a renamed secret. The web
# node's bootstrap then runs in the sandbox: the value the stub Secrets
# Manager hands out lands in /etc/nbc/secrets only.
#
# Usage: sh tests/injection/secrets.sh NBC
set -u
here=$(cd "$(dirname "$0")" && pwd)
lib_dir=$here/../bootstrap
# shellcheck source=tests/bootstrap/lib.sh
. "$lib_dir/lib.sh"
nbc=$(absolute "${1:?usage: secrets.sh NBC}")
cd "$here/../.." || exit 1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-secrets.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
require_bwrap
make_stubs "$tmp/stubs"

secrets="vault/L1-service vault/L1-list vault/L2-node-type vault/L3-grade vault/L4-env-base vault/L5-env vault/L6-override vault/L7-zone vault/L8-rds vault/L7-rotated"
# The value a leak would show: VALUE-OF-<name with / as _>-c0ffee.
value_of() { printf 'VALUE-OF-%s-c0ffee' "$(printf '%s' "$1" | tr '/' '_')"; }

# write_project DIR ZONE_SECRET
write_project() {
  mkdir -p "$1/services" "$1/node_types" "$1/environments"
  cat >"$1/nbc.yaml" <<'YAML'
project: sec
grades:
  small: { cpu: 1, memory_gib: 1, params: { app: { from_grade: !secret vault/L3-grade, same: !secret vault/L3-grade } } }
providers:
  aws:
    flavors:
      t3.micro: { cpu: 2, memory_gib: 1, hourly_usd: 0.0104 }
      db.t3.micro: { cpu: 2, memory_gib: 1, hourly_usd: 0.017, kind: rds }
packager: { bucket: sec-slugs, name: app }
YAML
  cat >"$1/services/app.yaml" <<'YAML'
description: the application
requires: { role: web }
health_check: { port: 8000, protocol: http, path: /healthz, timeout_s: 2 }
params:
  app:
    from_service: !secret vault/L1-service
    same: !secret vault/L1-service
    list: [!secret vault/L1-list, plain]
required: [app.same]
YAML
  cat >"$1/services/db.yaml" <<'YAML'
description: the database
requires: { role: db }
ports: [{ port: 5432, protocol: tcp }]
params:
  postgresql: { username: admin, password: !secret vault/L8-rds }
YAML
  cat >"$1/node_types/web.yaml" <<'YAML'
roles: [web]
grade: small
image: ami-0abcdef1234567890
count: 2
params: { app: { from_node_type: !secret vault/L2-node-type, same: !secret vault/L2-node-type } }
YAML
  cat >"$1/node_types/db.yaml" <<'YAML'
kind: rds
roles: [db]
grade: small
YAML
  cat >"$1/environments/base.yaml" <<'YAML'
abstract: true
provider: aws
region: eu-west-1
services: [app, db]
node_types: { web: {}, db: {} }
params: { app: { from_base: !secret vault/L4-env-base, same: !secret vault/L4-env-base } }
YAML
  cat >"$1/environments/prod.yaml" <<YAML
extends: base
version: "1.0.0"
zones:
  eu-west-1a: { params: { app: { from_zone: !secret $2, same: !secret $2 } } }
  eu-west-1b: {}
node_types:
  web: { params: { app: { from_override: !secret vault/L6-override, same: !secret vault/L6-override } } }
params: { app: { from_env: !secret vault/L5-env, same: !secret vault/L5-env } }
YAML
}

write_project "$tmp/project" vault/L7-zone
write_project "$tmp/rotated" vault/L7-rotated
# A project nbc refuses, whose diagnostics name secrets: two password
# secrets on one database.
write_project "$tmp/broken" vault/L7-zone
cat >"$tmp/broken/services/db.yaml" <<'YAML'
requires: { role: db }
params:
  postgresql: { username: admin, password: !secret vault/L8-rds, other: { password: !secret vault/L5-env } }
YAML

# The planted values: files in the project, environment variables, and fake
# tools that print a value (and record that they ran).
for name in $secrets; do
  mkdir -p "$tmp/project/.nbc/secrets/${name%/*}" "$tmp/project/secrets/${name%/*}"
  value_of "$name" >"$tmp/project/.nbc/secrets/$name"
  value_of "$name" >"$tmp/project/secrets/$name"
  printf '%s: %s\n' "$name" "$(value_of "$name")" >>"$tmp/project/secrets.yaml"
done
mkdir -p "$tmp/fake-bin" "$tmp/called"
for tool in aws vault sops curl gpg chef-vault; do
  cat >"$tmp/fake-bin/$tool" <<SH
#!/bin/sh
: >"$tmp/called/$tool"
printf '%s\n' "$(value_of vault/L1-service)"
SH
  chmod 755 "$tmp/fake-bin/$tool"
done
NBC_SECRET_VAULT_L1_SERVICE=$(value_of vault/L1-service)
AWS_SECRET_ACCESS_KEY=$(value_of vault/L5-env)
VAULT_TOKEN=$(value_of vault/L7-zone)
DB_PASSWORD=$(value_of vault/L8-rds)
export NBC_SECRET_VAULT_L1_SERVICE AWS_SECRET_ACCESS_KEY VAULT_TOKEN DB_PASSWORD

out=$tmp/outputs
mkdir -p "$out"
# run NAME EXPECTED_EXIT NBC_ARGS...: stdout and stderr into $out/NAME.*.
run() {
  label=$1
  want=$2
  shift 2
  rc=0
  PATH="$tmp/fake-bin:$PATH" "$nbc" "$@" >"$out/$label.stdout" 2>"$out/$label.stderr" || rc=$?
  if [ "$rc" -eq "$want" ]; then pass "nbc $label: exit $rc"
  else fail "nbc $label: exit $rc, expected $want" "$(head -n 20 "$out/$label.stderr")"; fi
}
p=$tmp/project
run validate 0 -C "$p" validate
run validate-strict-json 1 -C "$p" --strict --error-format json validate
run plan-text 0 -C "$p" plan --all
run plan-json 0 -C "$p" plan --all --format json -o "$out/plan.json" --provenance "$out/provenance.json"
run build 0 -C "$p" build --all -o "$out/build"
run explain-same-1a 0 -C "$p" explain prod prod/web/eu-west-1a/1 app.same
run explain-same-1b 0 -C "$p" explain prod prod/web/eu-west-1b/1 app.same
run explain-list 0 -C "$p" explain prod prod/web/eu-west-1a/1 app.list
run env-show 0 -C "$p" env show prod
run graph 0 -C "$p" graph prod
run plan-state 2 -C "$p" plan prod --state --format json -o "$out/state-plan.json"
run state-record 0 -C "$p" state record prod "$out/state-plan.json" --actor tester
run state-show 0 -C "$p" state show prod --format json
run state-history 0 -C "$p" state history prod
cp -R "$p/.nbc/state" "$out/state-files"
run diff-text 2 diff "$p" "$tmp/rotated"
run diff-json 2 diff "$p" "$tmp/rotated" --format json
run diff-markdown 2 diff "$p" "$tmp/rotated" --format markdown
run diff-files 2 diff "$out/plan.json" "$tmp/rotated" --format json
run broken 1 -C "$tmp/broken" build --all -o "$out/broken-build"
run broken-github 1 -C "$tmp/broken" --error-format github build --all -o "$out/broken-build"
check "the failed build wrote nothing" test ! -e "$out/broken-build"

# The web node in the sandbox, with the stub Secrets Manager.
host=web-prod-eu-west-1a-1
root=$tmp/root
mkdir -p "$root" "$tmp/log"
rc=0
sandbox "$root" "$tmp/log" "$tmp/stubs" "$out/build/prod/bootstrap/$host.sh" || rc=$?
if [ "$rc" -eq 0 ]; then pass "$host: the bootstrap exits 0"; else fail "$host: exit $rc" "$(tail -n 5 "$root.stderr")"; fi
# What the stub's secretsmanager prints, on each secret file and nowhere else.
printf 'stub secret value\n' >"$tmp/stub-value"
held=$(grep -rlF 'stub secret value' "$root" 2>/dev/null | sed "s|^$root||" | sort | tr '\n' ' ')
expected=""
for name in vault/L1-list vault/L1-service vault/L2-node-type vault/L3-grade vault/L4-env-base \
  vault/L5-env vault/L6-override vault/L7-zone; do
  expected="$expected/etc/nbc/secrets/$name "
  check "$host: /etc/nbc/secrets/$name holds what Secrets Manager returned, mode 600" \
    sh -c "cmp -s '$root/etc/nbc/secrets/$name' '$tmp/stub-value' && test \"\$(stat -c %a '$root/etc/nbc/secrets/$name')\" = 600"
done
expected=$(printf '%s\n' $expected | sort | tr '\n' ' ')
if [ "$held" = "$expected" ]; then pass "$host: the fetched value is in the secret files only"
else fail "$host: the fetched value is in: $held" "expected: $expected"; fi

summary
shell_ok=$?
node "$here/secrets_check.js" "$tmp" $secrets
node_ok=$?
[ "$shell_ok" -eq 0 ] && [ "$node_ok" -eq 0 ]
