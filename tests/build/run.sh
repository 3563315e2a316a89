#!/bin/sh
# nbc build writes atomically: a failed build leaves the output folder as it
# was, byte for byte; a rebuild with unchanged inputs gives the same bytes;
# a folder nbc did not write is never replaced.
# Usage: run.sh NBC EXAMPLE_DIR
set -eu
nbc=$1
example=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# snapshot DIR: every path with its type, mode and content digest, sorted.
snapshot() {
  (cd "$1" && find . -printf '%y %m %p\n' | sort &&
    find . -type f -exec sha256sum {} + | sort -k2)
}

cp -R "$example" "$work/project"
out="$work/out"

"$nbc" -C "$work/project" build --all -o "$out" >/dev/null || fail "first build failed"
snapshot "$out" >"$work/first"
[ -s "$work/first" ] || fail "the first build wrote nothing"
grep -q ' ./production/plan.json$' "$work/first" || fail "no production/plan.json in the build"

# A rebuild with unchanged inputs: the same bytes.
"$nbc" -C "$work/project" build --all -o "$out" >/dev/null || fail "second build failed"
snapshot "$out" >"$work/second"
cmp -s "$work/first" "$work/second" || { fail "a rebuild changed the output"; diff "$work/first" "$work/second" >&2 || :; }

# A broken input: exit 1, a diagnostic, the folder untouched, no temporary left.
printf 'depends_on: [no-such-service]\n' >>"$work/project/services/nginx.yaml"
if "$nbc" -C "$work/project" build --all -o "$out" >"$work/broken.out" 2>"$work/broken.err"; then
  fail "a build of a broken project succeeded"
else
  rc=$?
  [ "$rc" -eq 1 ] || fail "a broken build exited $rc, expected 1"
fi
grep -q 'services/nginx.yaml:[0-9]*:[0-9]*: error:' "$work/broken.err" ||
  fail "no located diagnostic for the broken input: $(cat "$work/broken.err")"
snapshot "$out" >"$work/after-broken"
cmp -s "$work/first" "$work/after-broken" || fail "a failed build changed the output folder"
leftovers=$(find "$work" -maxdepth 1 -name '.out.tmp-*' | wc -l)
[ "$leftovers" -eq 0 ] || fail "a failed build left $leftovers temporary folder(s)"

# A folder nbc did not write is refused, and stays as it was.
mkdir "$work/mine"
echo keep >"$work/mine/notes.txt"
cp -R "$example" "$work/good"
if "$nbc" -C "$work/good" build --all -o "$work/mine" >/dev/null 2>"$work/foreign.err"; then
  fail "nbc build replaced a folder it did not write"
fi
grep -q 'not written by nbc build' "$work/foreign.err" || fail "no clear refusal: $(cat "$work/foreign.err")"
[ "$(cat "$work/mine/notes.txt")" = keep ] || fail "the foreign folder was changed"

# A regular file in the way is refused too.
echo data >"$work/afile"
if "$nbc" -C "$work/good" build --all -o "$work/afile" >/dev/null 2>&1; then
  fail "nbc build replaced a regular file"
fi
[ "$(cat "$work/afile")" = data ] || fail "the file in the way was changed"

if [ "$fails" -ne 0 ]; then
  echo "$fails check(s) failed" >&2
  exit 1
fi
echo "build.atomic: all checks passed"
