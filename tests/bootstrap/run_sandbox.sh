#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs bootstraps that nbc generates, for examples/shop and a variant of
# examples/minimal (with a sha256 and a short health-check timeout), in a
# bubblewrap sandbox with stub tools (stub.sh), and checks:
#  - the tools called, their order and their exact arguments;
#  - the files written: the chef files byte for byte as `nbc build` wrote
#    them (the node object also as chef-solo saw it), the secret file and its
#    mode, the release marker and the cookbooks link;
#  - that a second run fetches and extracts nothing again and rewrites the
#    node object chef-solo changed;
#  - the exit code of each failing step, and recovery after a failed one.
#
# Usage: sh tests/bootstrap/run_sandbox.sh NBC
# Prints one line per check and `bootstrap: N passed, M failed`.
set -u
lib_dir=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/bootstrap/lib.sh
. "$lib_dir/lib.sh"
nbc=$(absolute "${1:?usage: run_sandbox.sh NBC}")
cd "$lib_dir/../.." || exit 1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-bootstrap.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
require_bwrap
make_stubs "$tmp/stubs"
make_stubs "$tmp/stubs-nc" nc

# boot NAME SCRIPT STUBS [TOOL=RC... | release=TEXT]: runs SCRIPT in the
# sandbox root $tmp/NAME (kept between runs with the same NAME) with a fresh
# stub log, the given stub exit codes and the text `aws s3 cp` downloads;
# sets $root, $log and $rc.
runs=0
boot() {
  root=$tmp/$1
  runs=$((runs + 1))
  log=$tmp/log.$runs
  mkdir -p "$root" "$log"
  script=$2
  stubs=$3
  shift 3
  for setting in "$@"; do
    case $setting in
      release=*) printf '%s\n' "${setting#*=}" >"$log/release" ;;
      *) printf '%s\n' "${setting#*=}" >"$log/rc.${setting%%=*}" ;;
    esac
  done
  rc=0
  sandbox "$root" "$log" "$stubs" "$script" || rc=$?
}

# expect_exit LABEL CODE: the last run's exit code, with its log if wrong.
expect_exit() {
  if [ "$rc" -eq "$2" ]; then pass "$1: exit $2"; else fail "$1: exit $rc, expected $2" "$(cat "$root.stderr")"; fi
}
expect_calls() {
  got=$(calls "$log")
  if [ "$got" = "$2" ]; then pass "$1: calls $2"; else fail "$1: calls '$got', expected '$2'"; fi
}
same_file() {  # LABEL GOT EXPECTED
  if cmp -s "$2" "$3"; then pass "$1"; else fail "$1" "$(diff "$3" "$2" 2>&1 | head -n 20)"; fi
}
# Every line the script printed is a `nbc-bootstrap: ` line.
logs_clean() {
  if ! grep -qv '^nbc-bootstrap: ' "$root.stderr"; then pass "$1: stderr has only nbc-bootstrap: lines"
  else fail "$1: stray stderr" "$(cat "$root.stderr")"; fi
}

if ! "$nbc" -C examples/shop build --all -o "$tmp/shop" 2>"$tmp/build.err"; then
  fail "nbc build examples/shop" "$(cat "$tmp/build.err")"
  summary
  exit 1
fi
out=$tmp/shop/production
chef=var/lib/nbc/chef

# 1. A web node: release, secret, chef files, chef-solo, the stack's unit
#    enabled, reloaded and restarted (run_stack_seed.sh checks more), two
#    HTTP checks.
host=web-production-us-east-1a-1
boot web "$out/bootstrap/$host.sh" "$tmp/stubs"
expect_exit "$host" 0
expect_calls "$host" "aws tar aws chef-solo systemctl systemctl systemctl curl curl"
check "$host: aws s3 cp arguments" args_are "$log" 1 s3 cp \
  s3://acme-slugs/storefront-2026.11.3.tar.gz /opt/storefront/2026.11.3.nbc-download
check "$host: tar arguments" args_are "$log" 2 -xzf /opt/storefront/2026.11.3.nbc-download \
  -C /opt/storefront/2026.11.3
check "$host: secretsmanager arguments" args_are "$log" 3 secretsmanager get-secret-value \
  --secret-id=storefront-secret-key --query SecretString --output text
check "$host: chef-solo arguments" args_are "$log" 4 --config /var/lib/nbc/chef/solo.rb --node-name "$host"
printf 'http://127.0.0.1:8000/healthz' >"$tmp/url1"
printf 'http://127.0.0.1:80/healthz' >"$tmp/url2"
check "$host: the stack is enabled after chef-solo" args_are "$log" 5 enable storefront.service
check "$host: storefront probed first" arg_is "$log" 8 7 "$tmp/url1"
check "$host: then nginx" arg_is "$log" 9 7 "$tmp/url2"
same_file "$host: chef-solo loaded the node JSON byte for byte" "$log/004/node.json" "$out/chef/nodes/$host.json"
for role in base storefront nginx logrotate; do
  same_file "$host: roles/$role.json byte for byte" "$root/$chef/roles/$role.json" "$out/chef/roles/$role.json"
done
same_file "$host: environments/production.json" "$root/$chef/environments/production.json" \
  "$out/chef/environments/production.json"
same_file "$host: solo.rb" "$root/$chef/solo.rb" "$out/chef/solo.rb"
check "$host: no role of other nodes" test ! -e "$root/$chef/roles/redis.json"
printf 'stub secret value\n' >"$tmp/secret"
same_file "$host: the secret file holds the value" "$root/etc/nbc/secrets/storefront-secret-key" "$tmp/secret"
check "$host: the secret file is mode 600" test "$(stat -c %a "$root/etc/nbc/secrets/storefront-secret-key")" = 600
check "$host: the secrets folder is mode 700" test "$(stat -c %a "$root/etc/nbc/secrets")" = 700
check "$host: the release is marked extracted" test -f "$root/opt/storefront/2026.11.3/.nbc-extracted"
check "$host: the download is removed" test ! -e "$root/opt/storefront/2026.11.3.nbc-download"
check "$host: chef/cookbooks links to the release" \
  test "$(readlink "$root/$chef/cookbooks")" = /opt/storefront/2026.11.3/cookbooks
check "$host: no temporary files left" test -z "$(find "$root" -name '*.nbc-part')"
logs_clean "$host"

# 2. The same node again: nothing fetched or extracted, chef files rewritten.
boot web "$out/bootstrap/$host.sh" "$tmp/stubs"
expect_exit "$host (second run)" 0
expect_calls "$host (second run)" "aws chef-solo systemctl systemctl curl curl"
same_file "$host (second run): chef-solo loaded the node JSON again" "$log/002/node.json" \
  "$out/chef/nodes/$host.json"
check "$host (second run): says the release is there" grep -q 'is already extracted' "$root.stderr"

# 3. A failing secret: exit 20, no partial secret file.
boot web-secret "$out/bootstrap/$host.sh" "$tmp/stubs" aws-secretsmanager=255
expect_exit "$host, secretsmanager fails" 20
expect_calls "$host, secretsmanager fails" "aws tar aws"
check "$host, secretsmanager fails: no partial secret" test -z "$(find "$root" -name '*.nbc-part')"
check "$host, secretsmanager fails: error line" grep -q '^nbc-bootstrap: error: cannot fetch secret storefront-secret-key$' "$root.stderr"

# 4. A TCP check: curl's telnet client without nc, nc -z with it.
host=cache-production-us-east-1a-1
boot cache "$out/bootstrap/$host.sh" "$tmp/stubs"
expect_exit "$host without nc" 0
expect_calls "$host without nc" "aws tar chef-solo curl"
check "$host without nc: curl telnet probe" args_are "$log" 4 -s --max-time 1 telnet://127.0.0.1:6379
boot cache-idle "$out/bootstrap/$host.sh" "$tmp/stubs" curl=28
expect_exit "$host, port open but idle (curl exit 28)" 0
boot cache-nc "$out/bootstrap/$host.sh" "$tmp/stubs-nc"
expect_exit "$host with nc" 0
expect_calls "$host with nc" "aws tar chef-solo nc"
printf '%s' -z >"$tmp/z"
printf '%s' 127.0.0.1 >"$tmp/lo"
printf '%s' 6379 >"$tmp/port"
check "$host with nc: nc -z" arg_is "$log" 4 1 "$tmp/z"
check "$host with nc: nc address" arg_is "$log" 4 4 "$tmp/lo"
check "$host with nc: nc port" arg_is "$log" 4 5 "$tmp/port"

# 5. The minimal example with a checksum and a 2-second health check.
mkdir -p "$tmp/mini-src"
cp -R examples/minimal/. "$tmp/mini-src/"
sum=$(printf 'stub release\n' | sha256sum)
sum=${sum%% *}
sed -i "s/^packager: { /packager: { sha256: \"$sum\", /" "$tmp/mini-src/nbc.yaml"
sed -i 's/^health_check: { /health_check: { timeout_s: 2, /' "$tmp/mini-src/services/hello.yaml"
if ! "$nbc" -C "$tmp/mini-src" build --all -o "$tmp/mini" 2>"$tmp/build.err"; then
  fail "nbc build of the minimal variant" "$(cat "$tmp/build.err")"
fi
host=web-dev-eu-west-1a-1
mini=$tmp/mini/dev/bootstrap/$host.sh
check "minimal variant carries the checksum" grep -q "^NBC_SHA256='$sum'\$" "$mini"

boot mini "$mini" "$tmp/stubs"
expect_exit "$host with a good checksum" 0
expect_calls "$host with a good checksum" "aws sha256sum tar chef-solo curl"
check "$host: sha256sum reads the download on stdin" args_are "$log" 2

boot mini-tampered "$mini" "$tmp/stubs" "release=tampered release"
expect_exit "$host, tampered release" 11
expect_calls "$host, tampered release" "aws sha256sum"
check "$host, tampered release: download removed" test ! -e "$root/opt/hello/1.0.0.nbc-download"
check "$host, tampered release: not marked extracted" test ! -e "$root/opt/hello/1.0.0/.nbc-extracted"
check "$host, tampered release: error line" grep -q "^nbc-bootstrap: error: sha256 of hello-1.0.0.tar.gz is .*, expected $sum\$" "$root.stderr"

boot mini-s3 "$mini" "$tmp/stubs" aws-s3=1
expect_exit "$host, s3 download fails" 10
expect_calls "$host, s3 download fails" "aws"

boot mini-tar "$mini" "$tmp/stubs" tar=2
expect_exit "$host, extraction fails" 12
check "$host, extraction fails: not marked extracted" test ! -e "$root/opt/hello/1.0.0/.nbc-extracted"
boot mini-tar "$mini" "$tmp/stubs"
expect_exit "$host, run again after the failed extraction" 0
expect_calls "$host, run again after the failed extraction" "aws sha256sum tar chef-solo curl"

boot mini-chef "$mini" "$tmp/stubs" chef-solo=1
expect_exit "$host, chef-solo fails" 40
expect_calls "$host, chef-solo fails" "aws sha256sum tar chef-solo"

boot mini-health "$mini" "$tmp/stubs" curl=7
expect_exit "$host, health check fails" 50
case $(calls "$log") in
  "aws sha256sum tar chef-solo curl curl"*) pass "$host, health check fails: retried" ;;
  *) fail "$host, health check fails: not retried: $(calls "$log")" ;;
esac
check "$host, health check fails: error line" \
  grep -q '^nbc-bootstrap: error: health check of hello (http port 80) failed for 2 seconds$' "$root.stderr"

mkdir -p "$tmp/mini-files/var/lib"
: >"$tmp/mini-files/var/lib/nbc"
boot mini-files "$mini" "$tmp/stubs"
expect_exit "$host, chef folder cannot be created" 30
expect_calls "$host, chef folder cannot be created" "aws sha256sum tar"

summary
