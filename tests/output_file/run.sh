#!/bin/sh
# `nbc plan -o PATH` and `nbc diff -o PATH`: a regular file is replaced whole
# (mode 0644, the same bytes as stdout); a pipe or a device (/dev/null, a
# FIFO) is written into and stays what it was; a folder is refused with a
# clear error and left alone.
# Usage: run.sh NBC EXAMPLE_DIR
set -eu
nbc=$1
example=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

"$nbc" -C "$example" plan --all --format json -o - >"$work/stdout.json"
[ -s "$work/stdout.json" ] || fail "the plan on stdout is empty"

# A regular file: replaced, readable by all, the same bytes.
echo old >"$work/plan.json"
chmod 600 "$work/plan.json"
"$nbc" -C "$example" plan --all --format json -o "$work/plan.json"
cmp -s "$work/plan.json" "$work/stdout.json" || fail "the plan file differs from stdout"
[ "$(stat -c %a "$work/plan.json")" = 644 ] || fail "the plan file has mode $(stat -c %a "$work/plan.json")"

# A FIFO: written into, still a FIFO afterwards.
mkfifo "$work/pipe"
timeout 20 cat "$work/pipe" >"$work/through-pipe.json" &
reader=$!
"$nbc" -C "$example" plan --all --format json -o "$work/pipe" || fail "nbc plan -o FIFO failed"
wait "$reader" || fail "the reader of the FIFO failed"
[ -p "$work/pipe" ] || fail "the FIFO was replaced by a $(stat -c %F "$work/pipe")"
cmp -s "$work/through-pipe.json" "$work/stdout.json" || fail "what came through the FIFO differs from stdout"

# The same for nbc diff.
mkfifo "$work/diff-pipe"
timeout 20 cat "$work/diff-pipe" >"$work/diff.txt" &
reader=$!
"$nbc" diff "$work/plan.json" "$work/stdout.json" -o "$work/diff-pipe" || fail "nbc diff -o FIFO failed"
wait "$reader" || fail "the reader of the diff FIFO failed"
[ -p "$work/diff-pipe" ] || fail "the diff FIFO was replaced"
[ -s "$work/diff.txt" ] || fail "nothing came through the diff FIFO"

# A folder: a clear error, exit 1, the folder as it was.
mkdir "$work/folder"
echo keep >"$work/folder/notes.txt"
if "$nbc" -C "$example" plan --all --format json -o "$work/folder" 2>"$work/folder.err"; then
  fail "nbc plan -o FOLDER succeeded"
fi
grep -q "cannot write '$work/folder': it is a folder" "$work/folder.err" ||
  fail "no clear error for a folder: $(cat "$work/folder.err")"
[ "$(ls -A "$work/folder")" = notes.txt ] && [ "$(cat "$work/folder/notes.txt")" = keep ] ||
  fail "the folder was changed"
[ -z "$(find "$work" -name '.*tmp*')" ] || fail "a temporary file was left behind"

[ "$fails" -eq 0 ] && echo "output.file_kinds: ok"
exit "$fails"
