#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# plan.json records the SHA-256 of every input file as nbc parsed it
# (`inputs`, docs/reference.md). Checked two ways:
#  1. for each example project, each recorded digest equals `sha256sum` of
#     the file, every .yaml file of the project is recorded, and the list is
#     sorted by path;
#  2. a writer rewrites a service file as fast as it can, alternately in
#     place and by a rename, with two versions, while nbc plans 40 times: in
#     every plan that succeeds, the digest recorded for the file is that of
#     a prefix of one version (a read in the middle of an in-place rewrite
#     sees a prefix, often an empty one) or of a whole version, and the
#     service's description in the same plan is what those bytes say. So the
#     digest is of exactly the bytes that were parsed, never of the file
#     before or after; and the plans must have seen at least two different
#     contents, or the test proved nothing.
#
# Usage: sh tests/injection/input_digests.sh NBC
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/bootstrap/lib.sh
. "$here/../bootstrap/lib.sh"
nbc=$(absolute "${1:?usage: input_digests.sh NBC}")
cd "$here/../.." || exit 1
LC_ALL=C  # byte order, as nbc sorts
export LC_ALL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-digests.XXXXXX") || exit 1
writer=""
stop() {
  if [ -n "$writer" ]; then kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 1' HUP INT TERM

# 1. The examples.
for project in $(find examples -name nbc.yaml | sort); do
  example=$(dirname "$project")
  name=$(basename "$example")
  if ! "$nbc" -C "$example" plan --all --format json -o "$tmp/$name.json" 2>"$tmp/$name.err"; then
    fail "nbc plan $example" "$(cat "$tmp/$name.err")"
    continue
  fi
  # path sha256, one per line, as plan.json lists them.
  node -e 'for (const i of JSON.parse(require("fs").readFileSync(process.argv[1])).inputs)
             console.log(i.path + " " + i.sha256);' "$tmp/$name.json" >"$tmp/$name.inputs"
  bad=""
  while read -r path sum; do
    real=$(sha256sum <"$example/$path")
    [ "${real%% *}" = "$sum" ] || bad="$bad $path"
  done <"$tmp/$name.inputs"
  if [ -z "$bad" ]; then pass "$name: every recorded digest is sha256sum of the file ($(wc -l <"$tmp/$name.inputs") inputs)"
  else fail "$name: digests differ for$bad"; fi
  (cd "$example" && find . -name '*.yaml' ! -path './.*' | sed 's|^\./||' | sort) >"$tmp/$name.files"
  cut -d' ' -f1 "$tmp/$name.inputs" | sort >"$tmp/$name.recorded"
  # Imported cloudlets add files outside the folder (../lib/…): a superset.
  missing=$(comm -23 "$tmp/$name.files" "$tmp/$name.recorded")
  if [ -z "$missing" ]; then pass "$name: every .yaml file of the project is recorded"
  else fail "$name: files not recorded" "$missing"; fi
  if cut -d' ' -f1 "$tmp/$name.inputs" | LC_ALL=C sort -c 2>/dev/null; then pass "$name: inputs are sorted by path"
  else fail "$name: inputs are not sorted by path"; fi
done

# 2. A file rewritten while nbc reads it.
project=$tmp/moving
mkdir -p "$project"
cp -R examples/minimal/. "$project/"
sed -i 's/^services: \[hello\]$/services: [hello, moving]/' "$project/environments/dev.yaml"
# Pinned, so that the empty file a read may see between the truncation and
# the write is a service nbc can still place.
printf 'services: [moving]\n' >>"$project/node_types/web.yaml"
short='description: short\n'
long='description: a much longer version of the same service\nparams: { moving: { a: 1, b: [1, 2, 3] } }\n'
printf "$short" >"$project/services/moving.yaml"
(
  # In place (truncate, then write: a read may see a prefix, or nothing),
  # then swapped whole by a rename (moving.yaml.new is no input).
  while :; do
    printf "$short" >"$project/services/moving.yaml"
    printf "$long" >"$project/services/moving.yaml.new"
    mv -f "$project/services/moving.yaml.new" "$project/services/moving.yaml"
  done
) >/dev/null 2>&1 &
writer=$!
ok=0
errors=0
i=0
while [ "$i" -lt 40 ]; do
  i=$((i + 1))
  if "$nbc" -C "$project" plan --all --format json -o "$tmp/moving.$i.json" 2>"$tmp/moving.$i.err"; then
    ok=$((ok + 1))
  else
    rm -f "$tmp/moving.$i.json"
    errors=$((errors + 1))
  fi
done
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null
writer=""
pass "40 plans while the file was rewritten: $ok succeeded, $errors saw an unparsable prefix"
if [ "$ok" -gt 0 ]; then
  if msg=$(node "$here/input_digests.js" "$short" "$long" "$tmp"/moving.*.json 2>&1); then pass "$msg"
  else fail "a digest does not match what the same run parsed" "$msg"; fi
else
  fail "no plan succeeded while the file was rewritten"
fi
summary
