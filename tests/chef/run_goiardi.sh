#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Loads the chef files `nbc build` writes for examples/shop and
# examples/minimal into a real Chef server API (Debian's goiardi, in memory,
# no authentication, on 127.0.0.1 and a free port): every environment, role
# and node must be created (201); a role two environments share must be the
# same; objects read back must equal what was sent; and hand-broken objects
# must be refused (400), so the check can fail. goiardi is stopped by PID.
#
# Usage: sh tests/chef/run_goiardi.sh NBC   (needs goiardi, curl and node)
# Prints one line per check and `chef: N passed, M failed`.
set -u
lib_dir=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/chef/lib.sh
. "$lib_dir/lib.sh"
nbc=$(absolute "${1:?usage: run_goiardi.sh NBC}")
cd "$lib_dir/../.." || exit 1

for tool in goiardi curl node; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    fail "$tool is not installed; run 'make deps'"
    summary
    exit 1
  fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-goiardi.XXXXXX") || exit 1
pid=""
stop() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 1' HUP INT TERM

# A port no one listens on now (the kernel picks it); goiardi may still lose
# a race for it, so start() tries a few.
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => {
    console.log(s.address().port); s.close(); });'
}

start() {
  for attempt in 1 2 3; do
    port=$(free_port)
    goiardi -I 127.0.0.1 -H 127.0.0.1 -P "$port" --conf-root="$tmp" -L "$tmp/goiardi.log" &
    pid=$!
    i=0
    while [ $i -lt 100 ]; do
      if curl -fsS -o /dev/null "http://127.0.0.1:$port/environments" 2>/dev/null; then
        pass "goiardi answers on 127.0.0.1:$port (attempt $attempt)"
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
      i=$((i + 1))
    done
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=""
  done
  fail "goiardi did not start" "$(cat "$tmp/goiardi.log" 2>/dev/null)"
  return 1
}

# request METHOD PATH [FILE]: prints the HTTP status; the body goes to $tmp/body.
request() {
  if [ $# -eq 3 ]; then
    curl -sS -o "$tmp/body" -w '%{http_code}' -X "$1" -H 'Content-Type: application/json' \
      -H 'Accept: application/json' --data-binary "@$3" "http://127.0.0.1:$port$2"
  else
    curl -sS -o "$tmp/body" -w '%{http_code}' -X "$1" -H 'Accept: application/json' \
      "http://127.0.0.1:$port$2"
  fi
}

# Every key of the object in $1 has the same value in $2 (the server may add keys).
same_object() {
  node -e 'const fs = require("fs"), assert = require("assert");
    const sent = JSON.parse(fs.readFileSync(process.argv[1])), got = JSON.parse(fs.readFileSync(process.argv[2]));
    for (const k of Object.keys(sent)) assert.deepStrictEqual(got[k], sent[k], k);' "$1" "$2" 2>&1
}

# create COLLECTION FILE: POST must answer 201; a role already created by
# another environment (409) must be the same role.
create() {
  label="POST /$1 ${2#"$tmp/"}"
  code=$(request POST "/$1" "$2")
  if [ "$code" = 201 ]; then
    pass "$label: 201"
  elif [ "$code" = 409 ] && [ "$1" = roles ]; then
    name=$(basename "$2" .json)
    request GET "/roles/$name" >/dev/null
    if out=$(same_object "$2" "$tmp/body"); then pass "$label: 409, the same role exists"
    else fail "$label: 409, and the existing role differs" "$out"; fi
  else
    fail "$label: $code" "$(cat "$tmp/body")"
  fi
}

build_examples "$nbc" "$tmp"
start || { summary; exit 1; }

for env_dir in "$tmp"/*/*/; do
  chef=${env_dir}chef
  [ -d "$chef" ] || continue
  for f in "$chef"/environments/*.json; do create environments "$f"; done
  for f in "$chef"/roles/*.json; do create roles "$f"; done
  for f in "$chef"/nodes/*.json; do create nodes "$f"; done
done

# An imported scenario: its chef names are the flat forms of namespaced
# names (environment mediawiki-demo, role[mediawiki-web]; docs/cloudlets.md),
# none of which the examples above use.
if "$nbc" -C examples/cloudlets/wiki build mediawiki.demo -o "$tmp/imported" 2>"$tmp/imported.err"; then
  chef=$tmp/imported/mediawiki.demo/chef
  for f in "$chef"/environments/*.json; do create environments "$f"; done
  for f in "$chef"/roles/*.json; do create roles "$f"; done
  for f in "$chef"/nodes/*.json; do create nodes "$f"; done
else
  fail "nbc build examples/cloudlets/wiki mediawiki.demo" "$(cat "$tmp/imported.err")"
fi

# Read back one of each and compare.
shop=$tmp/shop/production/chef
for what in nodes/web-production-us-east-1a-1 roles/nginx environments/production; do
  code=$(request GET "/$what")
  if [ "$code" = 200 ] && out=$(same_object "$shop/$what.json" "$tmp/body"); then
    pass "GET /$what equals the file"
  else
    fail "GET /$what: $code" "${out:-$(cat "$tmp/body")}"
  fi
done

# examples/onprem (static nodes placed on pool hosts, which get chef files
# like any node): its environment and roles share names with examples/shop,
# so, after the read-back above, an object that exists is replaced with PUT,
# which goiardi checks by the same rules (200).
put_or_create() {
  label="${2#"$tmp/"}"
  code=$(request POST "/$1" "$2")
  if [ "$code" = 201 ]; then pass "POST /$1 $label: 201"; return; fi
  name=$(basename "$2" .json)
  if [ "$code" = 409 ] && code=$(request PUT "/$1/$name" "$2") && [ "$code" = 200 ]; then
    pass "PUT /$1/$name $label: 200"
  else
    fail "POST or PUT /$1 $label: $code" "$(cat "$tmp/body")"
  fi
}
if "$nbc" -C examples/onprem build --all -o "$tmp/onprem" 2>"$tmp/onprem.err"; then
  for chef in "$tmp"/onprem/*/chef; do
    for f in "$chef"/environments/*.json; do put_or_create environments "$f"; done
    for f in "$chef"/roles/*.json; do put_or_create roles "$f"; done
    for f in "$chef"/nodes/*.json; do put_or_create nodes "$f"; done
  done
else
  fail "nbc build examples/onprem" "$(cat "$tmp/onprem.err")"
fi

# Hand-broken objects under new names must be refused.
# refuse LABEL COLLECTION SOURCE SED_EXPRESSION
refuse() {
  sed "$4" "$3" >"$tmp/broken.json"
  if cmp -s "$3" "$tmp/broken.json"; then
    fail "$1: the edit changed nothing"
    return
  fi
  code=$(request POST "/$2" "$tmp/broken.json")
  if [ "$code" = 400 ]; then pass "$1: refused (400: $(cat "$tmp/body"))"; else fail "$1: $code, expected 400" "$(cat "$tmp/body")"; fi
}
refuse "a role with json_class Chef::Node" roles "$shop/roles/nginx.json" \
  's/"Chef::Role"/"Chef::Node"/; s/"name": "nginx"/"name": "broken-1"/'
refuse "a role with run-list entry recipe[bad name]" roles "$shop/roles/nginx.json" \
  's/"recipe\[nginx\]"/"recipe[bad name]"/; s/"name": "nginx"/"name": "broken-2"/'
refuse "a node with run-list entry role[bad name]" nodes "$shop/nodes/web-production-us-east-1a-1.json" \
  's/"role\[nginx\]"/"role[bad name]"/; s/"name": "web-production-us-east-1a-1"/"name": "broken-3"/'

summary
