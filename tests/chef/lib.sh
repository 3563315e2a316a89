# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=sh
# Shared by the chef tests (sourced, not run): pass/fail counting, the final
# `chef: N passed, M failed` line, and building the examples.

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
summary() {
  echo "chef: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# The absolute path of an nbc binary given on the command line.
absolute() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$(pwd)/$1" ;;
  esac
}

# build_examples NBC OUT: `nbc build --all` of examples/shop and
# examples/minimal into OUT/shop and OUT/minimal; a failure is a failed check.
build_examples() {
  for example in shop minimal; do
    if "$1" -C "examples/$example" build --all -o "$2/$example" 2>"$2/$example.err"; then
      pass "nbc build examples/$example"
    else
      fail "nbc build examples/$example" "$(cat "$2/$example.err")"
    fi
  done
}
