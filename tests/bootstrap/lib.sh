# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=sh disable=SC2154 # lib_dir and tmp are the caller's
# Shared by the bootstrap tests (sourced, not run): pass/fail counting, the
# stub folders and the bubblewrap sandbox in which a generated bootstrap runs.
# The caller sets `tmp` (a scratch folder it removes) before calling these.

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
# check LABEL COMMAND...: pass if COMMAND succeeds.
check() {
  label=$1
  shift
  if "$@"; then pass "$label"; else fail "$label"; fi
}
summary() {
  echo "bootstrap: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# The absolute path of an nbc binary given on the command line.
absolute() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$(pwd)/$1" ;;
  esac
}

# make_stubs DIR [nc]: stub.sh under every tool name a bootstrap calls
# (runuser: the seed steps of examples/shop call it).
make_stubs() {
  mkdir -p "$1"
  for tool in aws tar sha256sum chef-solo curl systemctl runuser ${2:-}; do
    cp "$lib_dir/stub.sh" "$1/$tool"
    chmod 755 "$1/$tool"
  done
}

# sandbox ROOT LOG STUBS SCRIPT: runs SCRIPT with /bin/sh as root of a fresh
# mount namespace whose / is ROOT (writable), with the host's /usr read-only,
# the stubs first on PATH, no network and an empty environment except PATH,
# HOME (so that an expanded ${HOME} would show) and NBC_STUB_LOG. Prints the
# script's stderr to ROOT.stderr and returns its exit code.
sandbox() {
  mkdir -p "$1/tmp" "$1/var/tmp" "$1/root" "$1/usr" "$1/proc" "$1/dev" "$1/nbc-stubs" "$1/nbc-log"
  : >"$1/bootstrap.sh"
  # Merged /usr (Debian): /bin, /lib… are links into /usr (made once, they
  # stay in ROOT for the next run); elsewhere, bind them.
  links=""
  for d in bin sbin lib lib32 lib64 libx32; do
    if [ -L "/$d" ]; then
      [ -L "$1/$d" ] || links="$links --symlink $(readlink "/$d") /$d"
    elif [ -d "/$d" ]; then
      mkdir -p "$1/$d"
      links="$links --ro-bind /$d /$d"
    fi
  done
  # shellcheck disable=SC2086 # links is a list of words without blanks
  bwrap --bind "$1" / --ro-bind /usr /usr $links --proc /proc --dev /dev \
    --ro-bind "$3" /nbc-stubs --bind "$2" /nbc-log --ro-bind "$4" /bootstrap.sh \
    --unshare-all --die-with-parent --clearenv \
    --setenv PATH /nbc-stubs:/usr/bin:/bin --setenv HOME /root --setenv NBC_STUB_LOG /nbc-log \
    /bin/sh /bootstrap.sh 2>"$1.stderr"
}

# The tools the stubs saw, in order, on one line: "aws tar aws chef-solo".
calls() {
  if [ -f "$1/order" ]; then tr '\n' ' ' <"$1/order" | sed 's/ $//'; fi
}

# arg_is LOG CALL N EXPECTED_FILE: the Nth argument of call CALL (1-based,
# counting every stub call of the run) is exactly the bytes of EXPECTED_FILE.
arg_is() {
  f=$1/$(printf '%03d' "$2")/arg$3
  [ -f "$f" ] && cmp -s "$f" "$4"
}

# args_are LOG CALL ARG...: call CALL had exactly these arguments.
args_are() {
  dir=$1/$(printf '%03d' "$2")
  shift 2
  [ -d "$dir" ] || return 1
  [ "$(cat "$dir/argc")" -eq $# ] || return 1
  i=0
  for want in "$@"; do
    i=$((i + 1))
    [ "$(cat "$dir/arg$i"; printf x)" = "${want}x" ] || return 1
  done
}

# No payload ran: no file pwned-N in the folder or in the host's /tmp. (The
# corpus's folder names contain "pwned-N)`touch", hence the exact patterns.)
no_markers() {
  [ -z "$(find "$1" \( -name 'pwned-[0-9]' -o -name 'pwned-[0-9][0-9]' \) 2>/dev/null)" ] &&
    [ -z "$(find /tmp -maxdepth 1 \( -name 'pwned-[0-9]' -o -name 'pwned-[0-9][0-9]' \) 2>/dev/null)" ]
}

# bwrap must work here (it needs root or unprivileged user namespaces).
require_bwrap() {
  if ! bwrap --ro-bind / / --unshare-all --die-with-parent true 2>"$tmp/bwrap.err"; then
    fail "bubblewrap cannot create a sandbox here" "$(cat "$tmp/bwrap.err")"
    summary
    exit 1
  fi
}
