#!/bin/sh
# Golden tests. A case is a folder with input/ (a project) and expected/.
#   NAME/            plan of every environment (expected/plan.json, plan.txt) and
#                    every artifact of `nbc build --all` (expected/build/)
#   error.NAME/      nbc must fail: expected/diagnostics.txt is the whole stderr
#   example.NAME/    input is examples/NAME (no input/ folder)
#   example.DIR.NAME/  input is examples/DIR/NAME, a project that imports
#                    cloudlets beside it: the whole of examples/DIR is copied
# Each case runs twice: the second time from a copy whose files were written
# in reverse order, under another locale and time zone: the bytes must match.
#
# usage: run.sh NBC CASE_DIR [--update]    one case (ctest runs one per case)
#        run.sh --update NBC               refresh every case's expected files
set -u

if [ "${1:-}" = "--update" ]; then
  nbc=$2
  for case_dir in "$(dirname "$0")"/*/; do
    sh "$0" "$nbc" "${case_dir%/}" --update || exit 1
  done
  exit 0
fi

nbc=$(realpath "$1")
case_dir=$(realpath "$2")
update=${3:-}
name=$(basename "$case_dir")
root=$(realpath "$(dirname "$0")/../..")
input=$case_dir/input
case $name in example.*) input=$root/examples/$(printf '%s' "${name#example.}" | tr . /) ;; esac
# A project inside a folder of cloudlets (example.DIR.NAME): the copy below
# holds the whole folder, so that `imports: [{ path: ../x }]` resolve.
sub=.
case $name in example.*.*)
  sub=$(basename "$input")
  input=$(dirname "$input")
  ;;
esac
expected=$case_dir/expected
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs nbc on a project; writes the outputs of this case to $2.
run_case() {
  project=$1 out=$2
  mkdir -p "$out"
  case $name in
    error.*)
      if (cd "$project" && "$nbc" validate) >"$out/stdout.txt" 2>"$out/diagnostics.txt"; then
        echo "FAIL $name: nbc validate succeeded, expected an error" >&2
        return 1
      fi
      rm "$out/stdout.txt"
      ;;
    *)
      (cd "$project" && "$nbc" plan --all --format json -o "$out/plan.json" &&
        "$nbc" plan --all --format text -o "$out/plan.txt" &&
        "$nbc" build --all -o "$out/build" 2>/dev/null) 2>"$out/stderr.txt" || {
        echo "FAIL $name: nbc plan failed:" >&2
        cat "$out/stderr.txt" >&2
        return 1
      }
      # Warnings are part of the golden; an empty file is dropped.
      if [ -s "$out/stderr.txt" ]; then mv "$out/stderr.txt" "$out/warnings.txt"; else rm "$out/stderr.txt"; fi
      ;;
  esac
}

# A copy of the project whose directory entries were created in reverse order.
reversed_copy() {
  src=$1 dst=$2
  mkdir -p "$dst"
  (cd "$src" && find . -type d | sort -r) | while read -r d; do mkdir -p "$dst/$d"; done
  (cd "$src" && find . -type f | sort -r) | while read -r f; do cp "$src/$f" "$dst/$f"; done
}

run_case "$input/$sub" "$work/first" || exit 1

if [ "$update" = "--update" ]; then
  rm -rf "$expected"
  cp -r "$work/first" "$expected"
  echo "updated $name"
  exit 0
fi

reversed_copy "$input" "$work/reversed"
LC_ALL=C.UTF-8 TZ=Pacific/Kiritimati run_case "$work/reversed/$sub" "$work/second" || exit 1
if ! diff -r "$work/first" "$work/second" >"$work/determinism.diff"; then
  echo "FAIL $name: output differs between two runs (file order, locale, time zone):" >&2
  cat "$work/determinism.diff" >&2
  exit 1
fi

if [ ! -d "$expected" ]; then
  echo "FAIL $name: no expected/ folder; create it with: make goldens" >&2
  exit 1
fi
if ! diff -ru "$expected" "$work/first"; then
  echo "FAIL $name: output differs from $expected" >&2
  echo "if the change is intended, refresh with 'make goldens' and review the diff" >&2
  exit 1
fi
echo "ok $name"
