#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# solo.rb read by Chef's own configuration loader (Debian's ruby-chef-config,
# the code chef-solo uses for --config): for each chef/ folder `nbc build`
# writes for examples/shop and examples/minimal, given by absolute path, by
# relative path and after moving the folder elsewhere, every path must stay
# inside the folder (check_solo_rb.rb). A solo.rb with an absolute path must
# fail, so the check can fail.
#
# Usage: sh tests/chef/run_solo_rb.sh NBC   (needs ruby and ruby-chef-config)
# Prints one line per check and `chef: N passed, M failed`.
set -u
lib_dir=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/chef/lib.sh
. "$lib_dir/lib.sh"
nbc=$(absolute "${1:?usage: run_solo_rb.sh NBC}")
cd "$lib_dir/../.." || exit 1

if ! ruby -e 'require "chef-config/config"' 2>/dev/null; then
  fail "needs ruby and chef-config (Debian: ruby-chef-config); run 'make deps'"
  summary
  exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-solo-rb.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# solo LABEL DIR SOLO_RB: check_solo_rb.rb run from DIR; its lines count.
solo() {
  if out=$(cd "$2" && ruby "$lib_dir/check_solo_rb.rb" "$3" 2>&1); then
    pass "$1 ($(printf '%s\n' "$out" | grep -c '^ok'))"
  else
    fail "$1" "$(printf '%s\n' "$out" | grep -v '^ok')"
  fi
}

build_examples "$nbc" "$tmp"
for env_dir in "$tmp"/*/*/; do
  env_dir=${env_dir%/}
  [ -f "$env_dir/chef/solo.rb" ] || continue
  label=${env_dir#"$tmp/"}
  solo "$label: solo.rb by absolute path" / "$env_dir/chef/solo.rb"
  solo "$label: solo.rb by relative path" "$env_dir" chef/solo.rb
  mkdir -p "$tmp/moved/$label"
  cp -R "$env_dir/chef" "$tmp/moved/$label/elsewhere"
  solo "$label: the folder moved elsewhere" / "$tmp/moved/$label/elsewhere/solo.rb"
done

chef=$tmp/minimal/dev/chef
sed 's|^node_path .*|node_path "/var/chef/nodes"|' "$chef/solo.rb" >"$chef/absolute.rb"
if (cd / && ruby "$lib_dir/check_solo_rb.rb" "$chef/absolute.rb" >/dev/null 2>&1); then
  fail "a solo.rb with an absolute node_path passes; the check cannot fail"
else
  pass "a solo.rb with an absolute node_path fails"
fi

summary
