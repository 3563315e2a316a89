#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# End-to-end tests of `nbc diff` through the nbc binary, on copies of
# examples/shop changed by the test itself: cosmetic edits give no diff; a
# new web node and a changed parameter give the grouped diff with causes and
# the cost delta; --fail-on, plan files with provenance sidecars, errors and
# exit codes; the JSON checked by ajv against schemas/diff.schema.json and
# the Markdown rendered by cmark-gfm (GitHub's own CommonMark).
#
# usage: run.sh NBC     (from anywhere; needs `npm ci` and cmark-gfm)
# Prints one line per check and `diff: N passed, M failed`.
set -u

nbc=$(realpath "$1")
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-diff.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

passed=0
failed=0
pass() {
  passed=$((passed + 1))
  printf 'ok    %s\n' "$1"
}
fail() {  # fail LABEL [DETAILS]
  failed=$((failed + 1))
  printf 'FAIL  %s\n' "$1"
  if [ -n "${2:-}" ]; then printf '%s\n' "$2" | sed 's/^/      /'; fi
}

# run ARGS…: nbc diff with stdout in $out, stderr in $err, exit code in $code.
run() {
  "$nbc" diff "$@" >"$tmp/out" 2>"$tmp/err"
  code=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
}
expect_code() {  # expect_code LABEL CODE
  if [ "$code" -eq "$2" ]; then pass "$1: exit $2"; else fail "$1: exit $code, expected $2" "$out
$err"; fi
}
expect_text() {  # expect_text LABEL TEXT: $out contains TEXT (a fixed string, may span lines)
  case $out in
    *"$2"*) pass "$1" ;;
    *) fail "$1: missing: $2" "$out" ;;
  esac
}
# check LABEL CONDITION… : passes if the test command succeeds.
check() {
  label=$1
  shift
  if "$@"; then pass "$label"; else fail "$label" "$out"; fi
}
expect_no_text() {
  case $out in
    *"$2"*) fail "$1: unexpected: $2" "$out" ;;
    *) pass "$1" ;;
  esac
}

# edit FILE SED_SCRIPT: fails the run if the edit changed nothing (the
# example drifted), so a test never passes on an unchanged copy.
edit() {
  cp "$1" "$tmp/before"
  sed -i "$2" "$1"
  if cmp -s "$1" "$tmp/before"; then
    echo "FAIL  setup: '$2' did not change $1 (examples/shop changed?)"
    exit 1
  fi
}
copy() {  # copy NAME: a fresh copy of examples/shop at $tmp/NAME
  rm -rf "${tmp:?}/$1"
  cp -R examples/shop "$tmp/$1"
}

# 1. The same project: no changes.
run examples/shop examples/shop
expect_code "identical projects" 0
check "identical projects: says only 'No changes.'" [ "$out" = "No changes." ]

# 2. Cosmetic edits: comments, key order, quoting, touched files, files
#    written in reverse order: no changes, output exactly "No changes.".
copy cosmetic
c=$tmp/cosmetic
cat >"$c/environments/production.yaml" <<'EOF'
# Production, rewritten: keys reordered, quoting changed, comments added.
params:
  backup: { keep_days: 30 }   # a month of dumps
  app: { "workers": 8 }
node_types:
  db: { params: { postgresql: { max_connections: 500 } }, flavor: "db.m5.xlarge" }
  worker: { count: 3 }
  web:
    # six web nodes
    params: { nginx: { workers: 8 } }
    count: 6
zones:
  us-east-1b: { params: { ntp: { server: '10.0.2.1' } } }
  us-east-1c: { params: { ntp: { server: "10.0.3.1" } } }
version: '2026.11.3'
labels: { "instance": 'acme-storefront-production' }
extends: "base"
EOF
printf '# a trailing comment\n' >>"$c/services/nginx.yaml"
edit "$c/node_types/web.yaml" 's/^kind: ec2$/kind: "ec2"  # quoted now/'
touch "$c/nbc.yaml"
mkdir "$tmp/reversed"
(cd "$c" && find . -type d | sort -r) | while read -r d; do mkdir -p "$tmp/reversed/$d"; done
(cd "$c" && find . -type f | sort -r) | while read -r f; do cp "$c/$f" "$tmp/reversed/$f"; done
run examples/shop "$tmp/reversed"
expect_code "cosmetic edits" 0
check "cosmetic edits: only 'No changes.'" [ "$out$err" = "No changes." ]

# 3. The done-when case: production gets a 7th web node and its nginx.workers
#    override changes; node type web's own default changes too (staging);
#    the monitoring host's audit_targets list the new node (the 8th change).
copy change
edit "$tmp/change/environments/production.yaml" \
  's/web: { count: 6, params: { nginx: { workers: 8 } } }/web: { count: 7, params: { nginx: { workers: 12 } } }/'
edit "$tmp/change/node_types/web.yaml" 's/nginx: { workers: 4 }/nginx: { workers: 6 }/'
run examples/shop "$tmp/change"
expect_code "web count and nginx.workers" 2
first_line=$(printf '%s\n' "$out" | head -n 1)
check "summary line first" [ "$first_line" = "1 to add, 0 to replace, 8 to change, 0 to remove; +\$30.36/month" ]
expect_text "grouped change with its cause" \
  "~ nginx.workers 8 → 12 on 6 nodes of web (production/web/*)
      set by environments/production.yaml:8:48 (environment production, node type web)"
expect_text "node type default with its cause" \
  "~ nginx.workers 4 → 6 on 1 node of web (staging/web/us-east-1a/1)
      set by node_types/web.yaml:18:21 (node type web)"
expect_text "the new node" "+ 1 node of web (production/web/us-east-1a/3)"
expect_text "node type count" "count 6 → 7"
expect_text "environment cost" "cost \$630.14 → \$660.50/month (+\$30.36, +4.8%)"
expect_text "cost by customer, app, environment and node type" \
  "      by customer: acme \$847.68 → \$878.04 (+\$30.36) a month
      by app: storefront \$847.68 → \$878.04 (+\$30.36) a month
      by environment: production \$630.14 → \$660.50 (+\$30.36) a month
      by node type: web \$212.58 → \$242.94 (+\$30.36) a month"
expect_no_text "no colour off a terminal" "$(printf '\033')"
cp "$tmp/out" "$tmp/change.txt"

# 4. --fail-on.
run examples/shop "$tmp/change" --fail-on cost-increase:0
expect_code "--fail-on cost-increase:0" 3
expect_text "--fail-on says why" "forbidden: the monthly cost rises by \$30.36 (+3.6%)"
run examples/shop "$tmp/change" --fail-on cost-increase:10,replace,delete
expect_code "--fail-on cost-increase:10,replace,delete (a 3.6% rise, nothing replaced)" 2
run "$tmp/change" examples/shop --fail-on delete
expect_code "--fail-on delete, the node removed" 3
run "$tmp/change" examples/shop --fail-on cost-increase
expect_code "--fail-on cost-increase, cost falls" 2

# 5. Replacements: a flavor forces new generations; a release only on machines.
copy replace
edit "$tmp/replace/node_types/web.yaml" 's/^count: 2$/count: 2\nflavor: m5.large/'
edit "$tmp/replace/environments/staging.yaml" 's/2026.11.4-rc1/2026.11.4-rc2/'
run examples/shop "$tmp/replace" --fail-on replace
expect_code "--fail-on replace with replaced nodes" 3
expect_text "replaced web nodes" "-/+ 6 nodes of web (production/web/*), replaced because of flavor"
expect_text "flavor change with its reason" \
  "~ flavor t3.medium → m5.large on 6 nodes of web (production/web/*), forces replacement
      why: explicit (node type)"
expect_text "release bump replaces staging machines" \
  "~ release.version 2026.11.4-rc1 → 2026.11.4-rc2 on 1 node of ops (staging/ops/us-east-1a/1), forces replacement"
expect_no_text "release bump leaves the database" "release.version 2026.11.4-rc1 → 2026.11.4-rc2 on 1 node of db"

# 6. Secrets: a changed reference shows names only.
copy secret
edit "$tmp/secret/environments/base.yaml" 's/!secret storefront-secret-key/!secret storefront-key-2/'
run examples/shop "$tmp/secret"
expect_text "changed secret reference" \
  "app.secret_key (secret storefront-secret-key) → (secret storefront-key-2)"

# 7. Plan files with provenance sidecars diff like the projects.
"$nbc" -C examples/shop plan --format json -o "$tmp/old.plan.json" --provenance "$tmp/old.provenance.json"
"$nbc" -C "$tmp/change" plan --format json -o "$tmp/new.json" --provenance "$tmp/new.provenance.json"
run "$tmp/old.plan.json" "$tmp/new.json"
expect_code "plan files" 2
check "plan files with sidecars: same text as the projects" [ "$out" = "$(cat "$tmp/change.txt")" ]
mv "$tmp/new.provenance.json" "$tmp/elsewhere.json"
run "$tmp/old.plan.json" "$tmp/new.json"
expect_no_text "no sidecar: no causes" "set by"
run "$tmp/old.plan.json" "$tmp/new.json" --new-provenance "$tmp/elsewhere.json"
expect_text "--new-provenance" "set by environments/production.yaml:8:48"
run "$tmp/old.plan.json" examples/shop
expect_code "a plan file against its own project" 0

# 8. JSON: valid against schemas/diff.schema.json (ajv), changed and not.
ajv=node_modules/.bin/ajv
if [ -x "$ajv" ]; then
  "$nbc" diff examples/shop "$tmp/change" --format json -o "$tmp/changed.json"
  "$nbc" diff examples/shop "$tmp/replace" --format json >"$tmp/replaced.json"
  "$nbc" diff examples/shop examples/shop --format json >"$tmp/unchanged.json"
  for f in changed replaced unchanged; do
    if result=$("$ajv" validate --spec=draft2020 -c ajv-formats --strict=true --allow-union-types \
        --errors=text -s schemas/diff.schema.json -d "$tmp/$f.json" 2>&1); then
      pass "json ($f) is valid against schemas/diff.schema.json"
    else
      fail "json ($f) against schemas/diff.schema.json" "$result"
    fi
  done
  sed 's/"changed": true/"changed": "yes"/' "$tmp/changed.json" >"$tmp/broken.json"
  if "$ajv" validate --spec=draft2020 -c ajv-formats -s schemas/diff.schema.json -d "$tmp/broken.json" >/dev/null 2>&1; then
    fail "ajv accepts a broken diff"
  else
    pass "ajv rejects a broken diff"
  fi
else
  fail "json: node_modules/.bin/ajv missing; run 'npm ci' (make deps)"
fi

# 9. Markdown: renders (cmark-gfm) with a table and a details block, and a
#    hostile value can inject neither HTML nor table cells.
copy hostile
# shellcheck disable=SC2016 # the backticks are part of the hostile value
edit "$tmp/hostile/environments/production.yaml" \
  's/app: { workers: 8 }/app: { workers: 8, banner: "<img src=x onerror=alert(1)> | `x` **b** @team" }/'
run examples/shop "$tmp/hostile" --format markdown
expect_code "markdown" 2
if command -v cmark-gfm >/dev/null 2>&1; then
  printf '%s\n' "$out" | cmark-gfm -e table -e autolink --unsafe >"$tmp/comment.html"
  html=$(cat "$tmp/comment.html")
  case $html in
    *"<table>"*"<details><summary><b>production</b>"*) pass "markdown renders a table and <details>" ;;
    *) fail "markdown: no table or details" "$html" ;;
  esac
  # shellcheck disable=SC2016 # the backticks are literal
  shown='<code>&quot;&lt;img src=x onerror=alert(1)&gt; | `x` **b** @team&quot;</code>'
  case $html in
    *"<img"* | *"<strong>b</strong>"*) fail "markdown: a value injected markup" "$html" ;;
    *"$shown"*) pass "markdown: hostile value shown literally, in one code span" ;;
    *) fail "markdown: hostile value not shown literally" "$html" ;;
  esac
  cells=$(grep -c '<td align="left">' "$tmp/comment.html")
  check "markdown: one table row per environment plus total ($cells)" [ "$cells" -eq 3 ]
else
  fail "markdown: cmark-gfm missing; run scripts/install-deps.sh"
fi
run examples/shop examples/shop --format markdown
check "markdown without changes" [ "$out" = "### nbc diff

No changes." ]

# 10. Colour on a terminal only, and never with NO_COLOR.
if command -v script >/dev/null 2>&1; then
  esc=$(printf '\033')
  tty_out=$(script -qec "\"$nbc\" diff examples/shop \"$tmp/change\"" /dev/null </dev/null)
  case $tty_out in *"${esc}["*) pass "colour on a terminal" ;; *) fail "no colour on a terminal" "$tty_out" ;; esac
  tty_out=$(NO_COLOR=1 script -qec "\"$nbc\" diff examples/shop \"$tmp/change\"" /dev/null </dev/null)
  case $tty_out in *"${esc}["*) fail "colour despite NO_COLOR" "$tty_out" ;; *) pass "NO_COLOR" ;; esac
fi

# 11. Errors exit 1, never 2.
run "$tmp/nonexistent.json" examples/shop
expect_code "missing file" 1
case $err in *"cannot read"*) pass "missing file: message" ;; *) fail "missing file: message" "$err" ;; esac
printf '{"format_version": 1,' >"$tmp/truncated.json"
run "$tmp/truncated.json" examples/shop
expect_code "invalid JSON" 1
sed 's/"format_version": 1/"format_version": 2/' "$tmp/old.plan.json" >"$tmp/v2.json"
run "$tmp/v2.json" examples/shop
expect_code "format_version 2" 1
case $err in *"unsupported format_version 2"*) pass "format_version 2: message" ;; *) fail "format_version 2: message" "$err" ;; esac
copy broken
printf 'bogus: 1\n' >>"$tmp/broken/node_types/web.yaml"
run examples/shop "$tmp/broken"
expect_code "project errors" 1
case $err in *"broken/node_types/web.yaml:19:1: error: unknown key 'bogus'"*) pass "project errors name the side's files" ;;
  *) fail "project errors: message" "$err" ;; esac
run examples/shop examples/shop --fail-on everything
expect_code "unknown --fail-on rule" 1
run examples/shop
expect_code "missing NEW" 1
run examples/shop examples/shop --old-provenance "$tmp/elsewhere.json"
expect_code "--old-provenance with a directory" 1
run "$tmp/old.plan.json" "$tmp/new.json" --new-provenance "$tmp/truncated.json"
expect_code "broken sidecar" 1

echo "diff: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
