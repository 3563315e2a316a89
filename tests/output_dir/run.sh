#!/bin/sh
# A rebuild with unchanged inputs leaves the output folder exactly as it was
# (the same inodes: nothing rewritten, nothing swapped); a rebuild after a
# change gives the bytes of a fresh build and keeps the inodes of the files
# that did not change (hard links); files added or removed by hand are put
# right. Usage: run.sh NBC EXAMPLE_DIR
set -eu
nbc=$1
example=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# inodes DIR: "inode path" of every file and folder, the folder itself included.
inodes() { (cd "$1" && find . -printf '%i %p\n' | sort -k2); }
file_inodes() { (cd "$1" && find . -type f -printf '%i %p\n' | sort -k2); }
# same_bytes A B: the two trees hold the same paths with the same bytes and modes.
same_bytes() {
  (cd "$1" && find . -printf '%y %m %p\n' | sort) >"$work/a.list"
  (cd "$2" && find . -printf '%y %m %p\n' | sort) >"$work/b.list"
  cmp -s "$work/a.list" "$work/b.list" && diff -r "$1" "$2" >/dev/null
}

cp -R "$example" "$work/project"
out="$work/out"
"$nbc" -C "$work/project" build --all -o "$out" 2>/dev/null || fail "first build failed"
inodes "$out" >"$work/first"
top_before=$(stat -c %i "$out")
# plan.json lists the digests of all inputs, so it changes with any input.
file_inodes "$out" | grep ' ./staging/' | grep -v '/plan.json$' >"$work/staging.before" || :

# Unchanged inputs: not one file written, the folder not swapped.
"$nbc" -C "$work/project" build --all -o "$out" 2>"$work/second.err" || fail "rebuild failed"
grep -q '^unchanged: ' "$work/second.err" || fail "the rebuild did not say it changed nothing: $(cat "$work/second.err")"
inodes "$out" >"$work/second"
cmp -s "$work/first" "$work/second" || { fail "a rebuild with unchanged inputs rewrote files"; diff "$work/first" "$work/second" >&2 || :; }
[ "$(stat -c %i "$out")" = "$top_before" ] || fail "a rebuild with unchanged inputs replaced the folder"

# One parameter of one environment changes: the bytes of a fresh build, and
# the other environment's files are the same inodes as before.
sed 's/workers: 8/workers: 9/' "$work/project/environments/production.yaml" >"$work/production.yaml"
cmp -s "$work/production.yaml" "$work/project/environments/production.yaml" && fail "the test's edit changed nothing"
cp "$work/production.yaml" "$work/project/environments/production.yaml"
"$nbc" -C "$work/project" build --all -o "$out" 2>"$work/third.err" || fail "rebuild after a change failed"
grep -q '^wrote ' "$work/third.err" || fail "a changed build did not write: $(cat "$work/third.err")"
"$nbc" -C "$work/project" build --all -o "$work/fresh" 2>/dev/null || fail "fresh build failed"
same_bytes "$out" "$work/fresh" || fail "the rebuild differs from a fresh build"
# The staging files did not change: the same inodes (hard links to the old ones).
file_inodes "$out" | grep ' ./staging/' | grep -v '/plan.json$' >"$work/staging.after"
[ -s "$work/staging.before" ] || fail "no staging files to compare"
cmp -s "$work/staging.before" "$work/staging.after" ||
  { fail "unchanged staging files were rewritten"; diff "$work/staging.before" "$work/staging.after" >&2 || :; }
[ "$(grep ' ./production/plan.json$' "$work/first")" != "$(inodes "$out" | grep ' ./production/plan.json$')" ] ||
  fail "the changed production/plan.json kept its old inode"

# Files removed or added by hand: the next build puts the tree right.
rm "$out/staging/plan.txt"
echo stray >"$out/staging/stray.txt"
"$nbc" -C "$work/project" build --all -o "$out" 2>/dev/null || fail "repairing rebuild failed"
same_bytes "$out" "$work/fresh" || fail "a rebuild did not restore a tree changed by hand"

[ "$fails" -eq 0 ] || exit 1
echo "ok"
