#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Checks schemas/ with a real validator (ajv-cli, pinned in package.json):
#  - every schema compiles in strict mode;
#  - every examples/*/ input file is valid against its schema;
#  - tests/schemas/valid/<schema>/*.yaml are valid, and
#    tests/schemas/invalid/<schema>/*.yaml are invalid, with the ajv error
#    their `# expect:` line names;
#  - with an nbc binary: each fixture dropped into a copy of examples/shop is
#    accepted (valid/) or rejected with the diagnostic of its `# nbc:` line
#    (invalid/) by `nbc validate`, so the schemas and nbc agree; and the
#    plan.json and provenance of each example validate against
#    schemas/plan.schema.json and schemas/provenance.schema.json.
#
# Usage: sh tests/schemas/run_ajv.sh [NBC]   (needs `npm ci` at the root)
# Prints one line per check and `schemas: N passed, M failed`; exits 1 if
# anything failed or node or node_modules are missing.
set -u

nbc=${1:-}
case $nbc in
  '' | /*) ;;
  *) nbc=$(pwd)/$nbc ;;
esac
cd "$(dirname "$0")/../.." || exit 1

ajv=node_modules/.bin/ajv
if ! command -v node >/dev/null 2>&1 || [ ! -x "$ajv" ] || [ ! -d node_modules/yaml ]; then
  echo "schemas: needs node and node_modules; run 'make deps' (npm ci) at the repository root"
  exit 1
fi
# Strict mode catches schema mistakes (unknown keywords, type/keyword mismatches).
ajv_options="--spec=draft2020 -c ajv-formats --strict=true --allow-union-types"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-schemas.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
mkdir "$tmp/json" "$tmp/plan" "$tmp/project"

passed=0
failed=0
pass() {
  passed=$((passed + 1))
  printf 'ok    %s\n' "$1"
}
# fail LABEL [DETAILS]: DETAILS are printed indented below.
fail() {
  failed=$((failed + 1))
  printf 'FAIL  %s\n' "$1"
  if [ -n "${2:-}" ]; then printf '%s\n' "$2" | sed 's/^/      /'; fi
}

# The text after `# KEY: ` on one of the first lines of a fixture.
header() {
  sed -n "1,5s/^# $1: //p" "$2" | head -n 1
}

# Every check is a line of $tmp/checks: SCHEMA|EXPECT|LABEL|SOURCE|JSON
# ('|', not a tab: `read` would merge empty fields). EXPECT is valid or
# invalid, SOURCE the YAML file (empty for plans), JSON what ajv reads.
count=0
add_check() {
  count=$((count + 1))
  printf '%s|%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" "${5:-$tmp/json/$count.json}" >>"$tmp/checks"
}
: >"$tmp/checks"

# 1. Every schema compiles (one ajv run for all).
schemas="project service node_type environment pool cloudlet plan provenance"
set --
for s in $schemas; do set -- "$@" -s "schemas/$s.schema.json"; done
# shellcheck disable=SC2086 # ajv_options is a list of words
$ajv compile $ajv_options "$@" >"$tmp/compile.out" 2>&1
bad_schemas=" "
for s in $schemas; do
  if grep -Fxq "schema schemas/$s.schema.json is valid" "$tmp/compile.out"; then
    pass "schemas/$s.schema.json compiles"
  else
    fail "schemas/$s.schema.json does not compile" "$(cat "$tmp/compile.out")"
    bad_schemas="$bad_schemas$s "
  fi
done

# 2. Input files: the examples (projects, and cloudlets with the projects
# that import them under examples/cloudlets/), then the fixtures.
for dir in examples/*/ examples/cloudlets/*/; do
  dir=${dir%/}
  if [ -f "$dir/nbc.yaml" ]; then
    add_check project valid "$dir/nbc.yaml" "$dir/nbc.yaml"
  elif [ -f "$dir/cloudlet.yaml" ]; then
    add_check cloudlet valid "$dir/cloudlet.yaml" "$dir/cloudlet.yaml"
  else
    continue
  fi
  for kind in service node_type environment pool; do
    for f in "$dir/${kind}s"/*.yaml; do
      [ -f "$f" ] && add_check "$kind" valid "$f" "$f"
    done
  done
done
for expect in valid invalid; do
  for kind in project service node_type environment pool cloudlet; do
    for f in "tests/schemas/$expect/$kind"/*.yaml; do
      [ -f "$f" ] && add_check "$kind" "$expect" "$f" "$f"
    done
  done
done

# YAML to JSON in one node process.
set --
while IFS="|" read -r schema expect label source json; do
  set -- "$@" "$source" "$json"
done <"$tmp/checks"
[ $# -gt 0 ] && node tests/schemas/yaml2json.mjs "$@" 2>"$tmp/convert.err"

# 3. The plan and provenance of every example.
if [ -n "$nbc" ]; then
  for dir in examples/*/ examples/cloudlets/*/; do
    dir=${dir%/}
    [ -f "$dir/nbc.yaml" ] || continue
    out="$tmp/plan/$(printf '%s' "$dir" | tr / _)"
    if err=$("$nbc" -C "$dir" plan --all --format json -o "$out.plan.json" \
        --provenance "$out.provenance.json" 2>&1); then
      add_check plan valid "$dir: nbc plan --format json" "" "$out.plan.json"
      add_check provenance valid "$dir: nbc plan --provenance" "" "$out.provenance.json"
    else
      fail "$dir: nbc plan failed" "$err"
    fi
  done
else
  echo "note: no nbc binary given; plan.json, provenance and the nbc cross-check are not checked"
fi

# 4. One ajv run per schema over all its files.
for s in $schemas; do
  case $bad_schemas in *" $s "*) continue ;; esac
  set --
  while IFS="|" read -r schema expect label source json; do
    [ "$schema" = "$s" ] && [ -f "$json" ] && set -- "$@" -d "$json"
  done <"$tmp/checks"
  [ $# -gt 0 ] || continue
  # shellcheck disable=SC2086 # ajv_options is a list of words
  $ajv validate $ajv_options --all-errors --errors=text -s "schemas/$s.schema.json" "$@" >"$tmp/ajv.$s.out" 2>&1
done

# 5. Results, per file.
while IFS="|" read -r schema expect label source json; do
  what="$label ($schema)"
  if [ ! -f "$json" ]; then
    fail "$what: not converted to JSON" "$(grep -F "$source" "$tmp/convert.err")"
    continue
  fi
  results="$tmp/ajv.$schema.out"
  case $bad_schemas in *" $schema "*) fail "$what: schema does not compile"; continue ;; esac
  if grep -Fxq "$json valid" "$results"; then
    if [ "$expect" = valid ]; then pass "$what"; else fail "$what: expected invalid, but ajv accepts it"; fi
  elif grep -Fxq "$json invalid" "$results"; then
    errors=$(awk -v line="$json invalid" 'found { print; exit } $0 == line { found = 1 }' "$results")
    if [ "$expect" = valid ]; then
      fail "$what: expected valid" "$errors"
      continue
    fi
    wanted=$(header expect "$source")
    if [ -z "$wanted" ]; then
      fail "$what: rejected, but the fixture has no '# expect:' line" "$errors"
      continue
    fi
    case $errors in
      *"$wanted"*) pass "$what: rejected: $errors" ;;
      *) fail "$what: rejected, but not with '$wanted'" "$errors" ;;
    esac
  else
    fail "$what: no result from ajv" "$(cat "$results")"
  fi
done <"$tmp/checks"

# 6. nbc agrees: each fixture in a copy of examples/shop.
if [ -n "$nbc" ]; then
  n=0
  for expect in valid invalid; do
    # Cloudlet fixtures are checked by ajv only: nbc reads a cloudlet.yaml
    # through an import, which a fixture alone does not make.
    for kind in project service node_type environment pool; do
      for f in "tests/schemas/$expect/$kind"/*.yaml; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        project="$tmp/project/$n"
        cp -R examples/shop "$project"
        case $kind in
          project) cp "$f" "$project/nbc.yaml" ;;
          *) mkdir -p "$project/${kind}s" && cp "$f" "$project/${kind}s/" ;;
        esac
        out=$("$nbc" -C "$project" validate 2>&1)
        code=$?
        what="$f (nbc validate)"
        if [ "$expect" = valid ]; then
          if [ $code -eq 0 ]; then pass "$what"; else fail "$what: nbc rejects a schema-valid file" "$out"; fi
          continue
        fi
        wanted=$(header nbc "$f")
        if [ $code -eq 0 ]; then
          fail "$what: nbc accepts a file the schema rejects" "$out"
        elif [ -z "$wanted" ]; then
          fail "$what: the fixture has no '# nbc:' line" "$out"
        else
          case $out in
            *"$wanted"*) pass "$what: rejected: $wanted" ;;
            *) fail "$what: rejected, but not with '$wanted'" "$out" ;;
          esac
        fi
      done
    done
  done
fi

echo "schemas: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
