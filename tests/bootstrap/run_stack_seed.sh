#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The stack and seeding parts of the bootstraps of examples/shop, run in the
# bubblewrap sandbox with stub tools (stub.sh, systemctl and runuser among
# them), and checked with the real systemd-analyze:
#  - the stack's unit is written (byte for byte what the script carries,
#    accepted by `systemd-analyze verify`) and enabled, reloaded and
#    restarted after chef-solo; a second run only starts it; a new release
#    restarts it again; a failing systemctl is exit 46;
#  - the staging web node seeds from production on its first generation:
#    the steps run after chef-solo and before the stack, with NBC_SEED_FROM,
#    and the marker records it; a second run skips seeding; a failing step
#    is exit 45 without a marker, and the next run seeds again;
#  - no other node seeds: not the second web node, not production's (the
#    source), and not a replacement: after `nbc state record`, a change that
#    replaces the node gives it generation 2 under `nbc build --state`, and
#    its bootstrap has no seeding at all.
#
# Usage: sh tests/bootstrap/run_stack_seed.sh NBC
# Prints one line per check and `bootstrap: N passed, M failed`.
set -u
lib_dir=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/bootstrap/lib.sh
. "$lib_dir/lib.sh"
nbc=$(absolute "${1:?usage: run_stack_seed.sh NBC}")
cd "$lib_dir/../.." || exit 1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-stack.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
require_bwrap
if ! command -v systemd-analyze >/dev/null 2>&1; then
  fail "systemd-analyze is not installed; run 'make deps'"
  summary
  exit 1
fi
make_stubs "$tmp/stubs"

runs=0
# boot NAME SCRIPT [TOOL=RC...]: as in run_sandbox.sh; sets $root, $log, $rc.
boot() {
  root=$tmp/$1
  runs=$((runs + 1))
  log=$tmp/log.$runs
  mkdir -p "$root" "$log"
  script=$2
  shift 2
  for setting in "$@"; do printf '%s\n' "${setting#*=}" >"$log/rc.${setting%%=*}"; done
  rc=0
  sandbox "$root" "$log" "$tmp/stubs" "$script" || rc=$?
}
expect_exit() {
  if [ "$rc" -eq "$2" ]; then pass "$1: exit $2"; else fail "$1: exit $rc, expected $2" "$(cat "$root.stderr")"; fi
}
expect_calls() {
  got=$(calls "$log")
  if [ "$got" = "$2" ]; then pass "$1: calls $2"; else fail "$1: calls '$got', expected '$2'" "$(cat "$root.stderr")"; fi
}
same_file() {  # LABEL GOT EXPECTED
  if cmp -s "$2" "$3"; then pass "$1"; else fail "$1" "$(diff "$3" "$2" 2>&1 | head -n 20)"; fi
}
# heredoc SCRIPT DELIMITER: the body of the script's heredoc <<'DELIMITER'.
heredoc() {
  sed -n "/<<'$2'\$/,/^$2\$/p" "$1" | sed '1d;$d'
}
# verify_unit LABEL FILE: systemd-analyze verify accepts it, with no message
# but the ones about this host (the unit's user and folder exist on nodes).
verify_unit() {
  cp "$2" "$tmp/verify/${2##*/}"
  if ! out=$(cd "$tmp/verify" && systemd-analyze verify "./${2##*/}" 2>&1); then
    fail "$1: systemd-analyze verify" "$out"
  elif printf '%s\n' "$out" | grep -v -e 'not executable' -e 'Failed to resolve user' -e '^$' | grep -q .; then
    fail "$1: systemd-analyze verify has findings" "$out"
  else
    pass "$1: systemd-analyze verify accepts the unit"
  fi
}
mkdir -p "$tmp/verify"

# A copy of the shop whose state and versions the test may change.
cp -R examples/shop "$tmp/shop"
if ! "$nbc" -C "$tmp/shop" build --all -o "$tmp/out" 2>"$tmp/build.err"; then
  fail "nbc build examples/shop" "$(cat "$tmp/build.err")"
  summary
  exit 1
fi
unit=etc/systemd/system/storefront.service

# 1. staging's first web node: release, secret, chef, seed, stack, checks.
host=web-staging-us-east-1a-1
script=$tmp/out/staging/bootstrap/$host.sh
boot staging "$script"
expect_exit "$host" 0
expect_calls "$host" "aws tar aws chef-solo aws runuser systemctl systemctl systemctl curl curl"
heredoc "$script" NBC_STACK_UNIT_FILE >"$tmp/unit.expected"
same_file "$host: the unit is what the script carries" "$root/$unit" "$tmp/unit.expected"
verify_unit "$host" "$root/$unit"
check "$host: the unit runs the release" grep -qx 'WorkingDirectory=/opt/storefront/2026.11.4-rc1' "$root/$unit"
check "$host: the unit has the node's workers" grep -qx 'Environment="APP_WORKERS=4"' "$root/$unit"
check "$host: the secret is a credential" \
  grep -qx 'LoadCredential=APP_SECRET_KEY:/etc/nbc/secrets/storefront-secret-key' "$root/$unit"
check "$host: no secret value in the unit" sh -c "! grep -q 'stub secret value' '$root/$unit'"
check "$host: seed step 1 sees NBC_SEED_FROM" args_are "$log" 5 s3 cp \
  s3://acme-backups/production/storefront-anonymised.dump /var/tmp/seed.dump
check "$host: seed step 2" args_are "$log" 6 -u storefront -- python3 manage.py restore_dump /var/tmp/seed.dump
check "$host: seed step 3 ran (the dump is removed)" test ! -e "$root/var/tmp/seed.dump"
check "$host: systemctl enable after chef-solo" args_are "$log" 7 enable storefront.service
check "$host: then daemon-reload" args_are "$log" 8 daemon-reload
check "$host: then restart" args_are "$log" 9 restart storefront.service
check "$host: the restart marker is gone" test ! -e "$root/$unit.nbc-restart"
printf 'environment=staging\nfrom=production\naddress=staging/web/us-east-1a/1\ngeneration=1\nsteps=3\n' \
  >"$tmp/marker"
same_file "$host: the seed marker records the run" "$root/var/lib/nbc/seed.done" "$tmp/marker"
check "$host: no temporary files left" test -z "$(find "$root" -name '*.nbc-part')"

# 2. Again: no seeding, the unit is unchanged, so enable and start only.
boot staging "$script"
expect_exit "$host (second run)" 0
expect_calls "$host (second run)" "aws chef-solo systemctl systemctl curl curl"
check "$host (second run): start, not restart" args_are "$log" 4 start storefront.service
check "$host (second run): says the seed ran" grep -q 'seeding from production already ran' "$root.stderr"

# 3. A new release: the unit changes, so reload and restart; no seeding.
sed -i 's/^version: .*/version: "2026.11.5"/' "$tmp/shop/environments/staging.yaml"
"$nbc" -C "$tmp/shop" build staging -o "$tmp/out-new" 2>"$tmp/build.err" ||
  fail "nbc build staging with a new version" "$(cat "$tmp/build.err")"
boot staging "$tmp/out-new/staging/bootstrap/$host.sh"
expect_exit "$host (new release)" 0
expect_calls "$host (new release)" "aws tar aws chef-solo systemctl systemctl systemctl curl curl"
check "$host (new release): restarted" args_are "$log" 7 restart storefront.service
check "$host (new release): the unit runs it" grep -qx 'WorkingDirectory=/opt/storefront/2026.11.5' "$root/$unit"

# 4. A failing seed step: exit 45, no marker; the next run seeds again.
boot seed-fails "$script" runuser=3
expect_exit "$host, a seed step fails" 45
expect_calls "$host, a seed step fails" "aws tar aws chef-solo aws runuser"
check "$host, a seed step fails: no marker" test ! -e "$root/var/lib/nbc/seed.done"
check "$host, a seed step fails: error line" grep -q '^nbc-bootstrap: error: seed step 2 failed$' "$root.stderr"
boot seed-fails "$script"
expect_exit "$host, run again after the failed seed" 0
expect_calls "$host, run again after the failed seed" "aws chef-solo aws runuser systemctl systemctl systemctl curl curl"
check "$host, run again: marker written" test -f "$root/var/lib/nbc/seed.done"

# 5. systemctl fails: exit 46, the restart is still due on the next run.
boot stack-fails "$script" systemctl=1
expect_exit "$host, systemctl fails" 46
check "$host, systemctl fails: the restart stays due" test -f "$root/$unit.nbc-restart"
boot stack-fails "$script"
expect_exit "$host, run again after systemctl failed" 0
case $(calls "$log") in
  *"systemctl systemctl systemctl curl curl") pass "$host, run again: reload and restart" ;;
  *) fail "$host, run again: $(calls "$log")" ;;
esac

# 6. No other node seeds: the second web node, production's (the source).
for other in staging/bootstrap/web-staging-us-east-1b-1 production/bootstrap/web-production-us-east-1a-1; do
  [ -f "$tmp/out/$other.sh" ] || continue  # staging has one web node per zone it has
  check "${other##*/}: no seeding in the script" sh -c "! grep -q nbc_seed '$tmp/out/$other.sh'"
done
host_p=web-production-us-east-1a-1
boot production "$tmp/out/production/bootstrap/$host_p.sh"
expect_exit "$host_p" 0
expect_calls "$host_p" "aws tar aws chef-solo systemctl systemctl systemctl curl curl"
verify_unit "$host_p" "$root/$unit"
check "$host_p: production's workers" grep -qx 'Environment="APP_WORKERS=8"' "$root/$unit"

# Nodes that do not run the storefront have no unit.
boot cache "$tmp/out/production/bootstrap/cache-production-us-east-1a-1.sh"
expect_exit "cache-production-us-east-1a-1" 0
check "cache-production-us-east-1a-1: no unit" test ! -e "$root/$unit"

# 7. A replacement does not seed: record staging, replace its web nodes (a
#    new image), and build with the state: generation 2, no seeding.
(cd "$tmp/shop" && "$nbc" plan staging --state --format json -o "$tmp/staging.json") >/dev/null 2>"$tmp/plan.err"
[ $? -le 2 ] || fail "nbc plan staging --state" "$(cat "$tmp/plan.err")"
if (cd "$tmp/shop" && "$nbc" state record staging "$tmp/staging.json" --actor test) >/dev/null 2>"$tmp/record.err"; then
  pass "nbc state record staging"
else
  fail "nbc state record staging" "$(cat "$tmp/record.err")"
fi
sed -i 's/^image: .*/image: ami-0fedcba9876543210/' "$tmp/shop/node_types/web.yaml"
"$nbc" -C "$tmp/shop" build staging --state -o "$tmp/out-gen2" 2>"$tmp/build.err" ||
  fail "nbc build staging --state" "$(cat "$tmp/build.err")"
gen2=$tmp/out-gen2/staging/bootstrap/$host.sh
check "$host (generation 2): the plan says generation 2" \
  grep -q "staging/web/us-east-1a/1  $host  generation 2  replace" "$tmp/out-gen2/staging/plan.txt"
check "$host (generation 2): no seeding in the script" sh -c "! grep -q nbc_seed '$gen2'"
boot replacement "$gen2"
expect_exit "$host (generation 2)" 0
expect_calls "$host (generation 2)" "aws tar aws chef-solo systemctl systemctl systemctl curl curl"
check "$host (generation 2): no marker" test ! -e "$root/var/lib/nbc/seed.done"

summary
