# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=sh
# Shared by the tests of the host backends (tests/consul_kv, ansible, vagrant;
# sourced, not run): pass/fail counting with the final `NAME: N passed, M
# failed` line, and building every example.

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
# summary NAME
summary() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# The absolute path of an nbc binary given on the command line.
absolute() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$(pwd)/$1" ;;
  esac
}

# Every project under examples/ (a folder with nbc.yaml), relative, sorted.
examples() {
  find examples -name nbc.yaml | sed 's|/nbc.yaml$||' | LC_ALL=C sort
}

# build_examples NBC OUT [BUILD_OPTIONS...]: `nbc build --all` of every
# example into OUT/<example path with / as _>; a failure is a failed check.
build_examples() {
  nbc=$1 out=$2
  shift 2
  mkdir -p "$out"
  for example in $(examples); do
    dir=$out/$(printf '%s' "$example" | tr / _)
    if "$nbc" -C "$example" build --all "$@" -o "$dir" 2>"$dir.err"; then
      pass "nbc build${*:+ $*} $example"
    else
      fail "nbc build${*:+ $*} $example" "$(cat "$dir.err")"
    fi
  done
}

# The environment folders of a build_examples tree.
environment_dirs() {
  for plan in "$1"/*/*/plan.json; do
    [ -f "$plan" ] && dirname "$plan"
  done
}
