#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Hostile-input corpus (docs/hostile-input.md): runs nbc on each case under a
# bound of CPU time and memory and compares its exit code and diagnostics.
#
# usage: run.sh NBC [CASE]     every case, or one (a folder name under tests/hostile/)
# Exit 0 if every case passed, 1 if one failed, 77 if all were skipped.
#
# A case is a folder tests/hostile/<class>/ with
#   expect       line 1: the exit code; the rest: nbc's whole stderr, exactly.
#                A first line `any` (a race, file_changed_while_read) accepts
#                exit 0 or 1 with any diagnostics that end in nbc's summary.
#   project/     optional: files laid over the valid base project (base/)
#   make.sh      optional: `sh make.sh DIR` writes the hostile part into DIR
#                (large or binary inputs are generated, never checked in)
#   args         optional: nbc's arguments after `-C DIR` (default: validate)
#   stdout.grep  optional: lines that must each occur in stdout (whole lines,
#                leading spaces ignored), e.g. `several.workers = 2` of a text plan
#   as-nobody    optional: run nbc as user nobody (skipped if that is impossible)
#   repeat       optional: how many times to run nbc (default 1); each run must pass
#
# Bounds, per nbc run: NBC_HOSTILE_CPU seconds of CPU (default 1) and
# NBC_HOSTILE_MEMORY bytes of address space (default 268435456 = 256 MiB;
# "none" lifts it, for sanitizer builds, which reserve terabytes of virtual
# memory). A wall-clock guard of 60 s catches a run that blocks without using
# CPU (a FIFO read would). Dying from a signal, or exit 124/125/126/127 from
# the wrappers, is a failure whatever `expect` says.
set -u

nbc=$(realpath "$1")
only=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
cpu=${NBC_HOSTILE_CPU:-1}
memory=${NBC_HOSTILE_MEMORY:-268435456}
passed=0 failed=0 skipped=0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# nbc may run as nobody, which must reach the project through this folder.
chmod 755 "$work"

# Runs nbc under the bounds with the arguments given; sets $rc.
bounded() {
  limits="--cpu=$cpu"
  [ "$memory" != none ] && limits="$limits --as=$memory"
  # shellcheck disable=SC2086  # $limits is two words on purpose
  timeout -s KILL 60 prlimit $limits -- "$@" </dev/null >"$work/stdout" 2>"$work/stderr"
  rc=$?
}

fail() {
  failed=$((failed + 1))
  echo "FAIL  $name: $1"
}

# One case; $1 is its folder.
run_case() {
  case_dir=$1 name=$(basename "$1")
  project=$work/$name
  rm -rf "$project"
  cp -r "$here/base" "$project"
  [ -d "$case_dir/project" ] && cp -r "$case_dir/project/." "$project/"
  if [ -f "$case_dir/make.sh" ] && ! sh "$case_dir/make.sh" "$project" >"$work/make.log" 2>&1; then
    fail "make.sh failed: $(cat "$work/make.log")"
    return
  fi
  args=validate
  [ -f "$case_dir/args" ] && args=$(cat "$case_dir/args")
  runner=""
  if [ -f "$case_dir/as-nobody" ] && [ "$(id -u)" = 0 ]; then
    if ! setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null ||
       ! setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$nbc"; then
      skipped=$((skipped + 1))
      echo "skip  $name: cannot run nbc as nobody"
      return
    fi
    runner="setpriv --reuid=nobody --regid=nogroup --clear-groups"
  fi
  runs=1
  [ -f "$case_dir/repeat" ] && runs=$(cat "$case_dir/repeat")
  ok=true
  while [ "$runs" -gt 0 ] && $ok; do
    # shellcheck disable=SC2086  # $runner and $args are word lists
    bounded $runner "$nbc" -C "$project" $args
    check_run "$case_dir" || ok=false
    runs=$((runs - 1))
  done
  if [ -f "$project.pid" ]; then  # a background writer started by make.sh
    kill "$(cat "$project.pid")" 2>/dev/null
    rm -f "$project.pid"
  fi
  $ok || return
  passed=$((passed + 1))
  echo "ok    $name"
}

# Checks the last run against the case's expectations; 1 after a failure.
check_run() {
  if [ "$rc" -gt 123 ]; then
    fail "nbc did not finish within the bounds (exit $rc: killed, crashed or timed out)"
    sed 's/^/      /' "$work/stderr" | head -20
    return 1
  fi
  want_rc=$(head -n 1 "$1/expect")
  if [ "$want_rc" = any ]; then
    if [ "$rc" -gt 1 ] || ! tail -n 1 "$work/stderr" | grep -qE '^(ok: |[0-9]+ errors?, )'; then
      fail "exit code $rc or stderr is not a normal end of nbc"
      sed 's/^/      /' "$work/stderr" | head -20
      return 1
    fi
    return 0
  fi
  tail -n +2 "$1/expect" >"$work/want"
  if [ "$rc" != "$want_rc" ]; then
    fail "exit code $rc, expected $want_rc"
    sed 's/^/      /' "$work/stderr" | head -20
    return 1
  fi
  if ! diff -u "$work/want" "$work/stderr" >"$work/diff"; then
    fail "stderr differs from expect"
    head -40 "$work/diff"
    return 1
  fi
  if [ -f "$1/stdout.grep" ] && ! check_stdout "$1/stdout.grep"; then
    return 1
  fi
  return 0
}

# Every line of $1 must be a line of stdout, leading spaces aside.
check_stdout() {
  sed 's/^ *//' "$work/stdout" >"$work/stdout.trimmed"
  while IFS= read -r want || [ -n "$want" ]; do
    if ! grep -qxF -- "$want" "$work/stdout.trimmed"; then
      fail "stdout lacks: $want"
      return 1
    fi
  done <"$1"
}

if [ -n "$only" ]; then
  if [ ! -f "$here/$only/expect" ]; then
    echo "no case $only in $here" >&2
    exit 2
  fi
  run_case "$here/$only"
else
  for case_dir in "$here"/*/; do
    [ -f "$case_dir/expect" ] && run_case "${case_dir%/}"
  done
fi
echo "hostile: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || exit 1
[ "$passed" -gt 0 ] || exit 77  # all skipped: ctest's SKIP_RETURN_CODE
