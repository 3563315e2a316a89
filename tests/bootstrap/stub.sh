#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A stand-in for aws, tar, sha256sum, chef-solo, curl, nc, systemctl and runuser inside the
# bootstrap sandbox (installed under each tool's name, first on PATH). It
# records the call in $NBC_STUB_LOG: the tool's name appended to `order`, and
# a folder NNN/ holding `tool`, `argc` and each argument byte for byte in
# argN. Then it behaves just enough like the tool, and exits with the number
# in $NBC_STUB_LOG/rc.<tool> (rc.aws-s3, rc.aws-secretsmanager for aws), 0 if
# there is none.
set -eu
tool=${0##*/}
log=$NBC_STUB_LOG
n=$(($(cat "$log/count" 2>/dev/null || echo 0) + 1))
echo "$n" >"$log/count"
call=$log/$(printf '%03d' "$n")
mkdir "$call"
printf '%s\n' "$tool" >"$call/tool"
printf '%s\n' "$tool" >>"$log/order"
i=0
for arg in "$@"; do
  i=$((i + 1))
  printf '%s' "$arg" >"$call/arg$i"
done
echo "$i" >"$call/argc"

rc_name=$tool
case $tool in
  aws)
    rc_name=aws-$1
    # s3 cp SRC DST: the "release" ($NBC_STUB_LOG/release if the test put
    # one there, to tamper with it); secretsmanager: a value on stdout.
    if [ "$1" = s3 ] && [ -f "$log/release" ]; then cp "$log/release" "$4"; fi
    if [ "$1" = s3 ] && [ ! -f "$log/release" ]; then printf 'stub release\n' >"$4"; fi
    if [ "$1" = secretsmanager ]; then printf 'stub secret value\n'; fi
    ;;
  tar)
    # -xzf FILE -C DIR: a release with a cookbooks/ folder.
    mkdir -p "$4/cookbooks"
    printf 'app\n' >"$4/app.txt"
    ;;
  sha256sum)
    /usr/bin/sha256sum "$@"
    ;;
  chef-solo)
    # --config FILE --node-name NAME: keep the node object chef would load,
    # then rewrite it as chef's local mode does when it saves the node.
    node_file=${2%/*}/nodes/$4.json
    cp "$node_file" "$call/node.json"
    printf '{"saved": "by the chef-solo stub"}\n' >"$node_file"
    ;;
esac
rc=$(cat "$log/rc.$rc_name" 2>/dev/null || echo 0)
exit "$rc"
