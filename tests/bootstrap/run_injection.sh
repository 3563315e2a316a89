#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The injection corpus: a project whose packager name and install_dir,
# environment version, service description, health-check path and parameters
# hold hostile text (quotes of both kinds, '\'', $(touch /tmp/pwned-N),
# backticks, ${HOME}, ;, &&, |, newlines, \r, backslashes, %s%n, non-ASCII,
# U+202E, a leading -, lines reading NBC_NODE_JSON and EOF). nbc must accept
# it, shellcheck must find nothing, and the generated bootstraps, run in the
# sandbox with stub tools, must execute no payload (no pwned-N file anywhere),
# hand every value to the stubs as one argument with exactly its bytes, and
# write the chef files byte for byte. Values no script can carry safely (a
# hostile secret name, a version or name with '..', a non-hex sha256, a NUL,
# a bucket that is no S3 bucket name) must be refused by `nbc build`, which
# then writes nothing.
#
# Usage: sh tests/bootstrap/run_injection.sh NBC
# Prints one line per check and `bootstrap: N passed, M failed`.
set -u
lib_dir=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/bootstrap/lib.sh
. "$lib_dir/lib.sh"
nbc=$(absolute "${1:?usage: run_injection.sh NBC}")
cd "$lib_dir/../.." || exit 1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nbc-injection.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
require_bwrap
make_stubs "$tmp/stubs"
if ! no_markers "$tmp"; then
  fail "a pwned-* file exists in /tmp before the test; remove it first"
  summary
  exit 1
fi

# Payload N, as a YAML double-quoted scalar without its quotes.
yaml_payload() {
  sed "s/@N@/$1/g" <<'YAML'
-'\"'\\''$(touch /tmp/pwned-@N@)`touch /tmp/pwned-@N@`${HOME};touch /tmp/pwned-@N@&&touch /tmp/pwned-@N@|touch /tmp/pwned-@N@\nNBC_NODE_JSON\nEOF\r\\%s%n\u00e9\u202e
YAML
}
# Payload N, its bytes (what yaml_payload N means).
payload() {
  printf '%s' "-'\"'\\''\$(touch /tmp/pwned-$1)\`touch /tmp/pwned-$1\`\${HOME};touch /tmp/pwned-$1&&touch /tmp/pwned-$1|touch /tmp/pwned-$1"
  printf '\nNBC_NODE_JSON\nEOF\r\\%%s%%n\303\251\342\200\256'
}

sum=$(printf 'stub release\n' | sha256sum)
sum=${sum%% *}
# The fields, as YAML scalars; a rejection case replaces one.
bucket=evil-slugs
name="\"$(yaml_payload 2)\""
install_dir="\"/opt/$(yaml_payload 3)\""
sha256="\"$sum\""
version="\"$(yaml_payload 9)\""
secret=evil/db-password

# write_project DIR: the hostile project with the current fields.
write_project() {
  mkdir -p "$1/services" "$1/node_types" "$1/environments"
  {
    printf 'project: evil\n'
    printf 'grades: { small: { cpu: 1, memory_gib: 1 } }\n'
    printf 'providers: { aws: { flavors: { t3.micro: { cpu: 2, memory_gib: 1, hourly_usd: 0.0104 } } } }\n'
    printf 'packager:\n  bucket: %s\n  name: %s\n  install_dir: %s\n  sha256: %s\n' \
      "$bucket" "$name" "$install_dir" "$sha256"
  } >"$1/nbc.yaml"
  {
    printf 'description: "%s"\n' "$(yaml_payload 4)"
    printf 'requires: { role: web }\n'
    printf 'health_check: { port: 8080, protocol: http, timeout_s: 2, path: "/%s" }\n' "$(yaml_payload 5)"
    printf 'chef: { run_list: ["recipe[app]"] }\n'
    printf 'params:\n  app:\n'
    printf '    "%s": "%s"\n' "$(yaml_payload 6)" "$(yaml_payload 7)"
    printf '    list: ["%s", 1, true, null]\n' "$(yaml_payload 8)"
    printf '    password: !secret %s\n' "$secret"
  } >"$1/services/app.yaml"
  {
    printf 'description: "%s"\n' "$(yaml_payload 11)"
    printf 'requires: { role: worker }\n'
    printf 'health_check: { port: 9000, protocol: tcp, timeout_s: 2 }\n'
    printf 'params: { job: { queue: "%s" } }\n' "$(yaml_payload 12)"
  } >"$1/services/job.yaml"
  printf 'roles: [web]\ngrade: small\nimage: ami-0abcdef1234567890\n' >"$1/node_types/web.yaml"
  printf 'roles: [worker]\ngrade: small\nimage: ami-0abcdef1234567890\n' >"$1/node_types/worker.yaml"
  {
    printf 'provider: aws\nregion: eu-west-1\nzones: { eu-west-1a: {} }\n'
    printf 'services: [app, job]\nnode_types: { web: {}, worker: {} }\n'
    printf 'version: %s\n' "$version"
    printf 'params: { app: { env_value: "%s" } }\n' "$(yaml_payload 10)"
  } >"$1/environments/dev.yaml"
}

# 1. nbc accepts the corpus and shellcheck finds nothing in its bootstraps.
write_project "$tmp/project"
if ! "$nbc" -C "$tmp/project" build --all -o "$tmp/out" 2>"$tmp/build.err"; then
  fail "nbc build of the injection corpus" "$(cat "$tmp/build.err")"
  summary
  exit 1
fi
pass "nbc build accepts the injection corpus"
check "nbc build ran no payload" no_markers "$tmp/out"
out=$tmp/out/dev
# SC1003 and SC2016 are notes that a single-quoted word holds \' or $(…)
# literally, which is exactly what the corpus puts there; every other check
# applies at every severity.
for script in "$out"/bootstrap/*.sh; do
  if msg=$(shellcheck -s sh -e SC1003,SC2016 "$script" 2>&1); then pass "shellcheck: ${script##*/}"; else fail "shellcheck: ${script##*/}" "$msg"; fi
done

# 2. The web node in the sandbox: every hostile value arrives as one argument.
{ printf 's3://evil-slugs/'; payload 2; printf -- '-'; payload 9; printf '.tar.gz'; } >"$tmp/s3-url"
{ printf '/opt/'; payload 3; printf '/'; payload 2; printf '/'; payload 9; } >"$tmp/release-dir"
{ cat "$tmp/release-dir"; printf '.nbc-download'; } >"$tmp/download"
{ printf 'http://127.0.0.1:8080/'; payload 5; } >"$tmp/url"
printf '%s' --secret-id=evil/db-password >"$tmp/secret-id"
printf '%s' web-dev-eu-west-1a-1 >"$tmp/host"

host=web-dev-eu-west-1a-1
root=$tmp/root-web
log=$tmp/log-web
mkdir -p "$root" "$log"
rc=0
sandbox "$root" "$log" "$tmp/stubs" "$out/bootstrap/$host.sh" || rc=$?
if [ "$rc" -eq 0 ]; then pass "$host: exit 0"; else fail "$host: exit $rc" "$(cat "$root.stderr")"; fi
check "$host: no payload ran" no_markers "$root"
got=$(calls "$log")
if [ "$got" = "aws sha256sum tar aws chef-solo curl" ]; then pass "$host: calls $got"; else fail "$host: calls '$got'"; fi
check "$host: aws s3 cp got the S3 URL as one argument" arg_is "$log" 1 3 "$tmp/s3-url"
check "$host: aws s3 cp got the download path as one argument" arg_is "$log" 1 4 "$tmp/download"
check "$host: tar got the download path" arg_is "$log" 3 2 "$tmp/download"
check "$host: tar got the release folder" arg_is "$log" 3 4 "$tmp/release-dir"
check "$host: secretsmanager got the secret's name" arg_is "$log" 4 3 "$tmp/secret-id"
check "$host: chef-solo got the node name" arg_is "$log" 5 4 "$tmp/host"
check "$host: curl got the health-check URL" arg_is "$log" 6 7 "$tmp/url"
check "$host: the node JSON chef-solo loaded is byte for byte chef/nodes/$host.json" \
  cmp -s "$log/005/node.json" "$out/chef/nodes/$host.json"
check "$host: roles/app.json byte for byte" cmp -s "$root/var/lib/nbc/chef/roles/app.json" "$out/chef/roles/app.json"
check "$host: the release is marked extracted" test -f "$root$(cat "$tmp/release-dir")/.nbc-extracted"
check "$host: the secret file is below the secrets folder" test -f "$root/etc/nbc/secrets/evil/db-password"
# The payloads really are in the JSON (as JSON strings), so the test means something.
check "$host: the node JSON holds payload 7 escaped" grep -qF 'touch /tmp/pwned-7)`touch' "$out/chef/nodes/$host.json"
check "$host: the node JSON holds payload 10 escaped" grep -qF '\nNBC_NODE_JSON\nEOF\r\\%s%n' "$out/chef/nodes/$host.json"

# 3. The worker node (TCP check, no secret).
host=worker-dev-eu-west-1a-1
root=$tmp/root-worker
log=$tmp/log-worker
mkdir -p "$root" "$log"
rc=0
sandbox "$root" "$log" "$tmp/stubs" "$out/bootstrap/$host.sh" || rc=$?
if [ "$rc" -eq 0 ]; then pass "$host: exit 0"; else fail "$host: exit $rc" "$(cat "$root.stderr")"; fi
check "$host: no payload ran" no_markers "$root"
got=$(calls "$log")
if [ "$got" = "aws sha256sum tar chef-solo curl" ]; then pass "$host: calls $got"; else fail "$host: calls '$got'"; fi
check "$host: aws s3 cp got the S3 URL" arg_is "$log" 1 3 "$tmp/s3-url"
check "$host: the node JSON chef-solo loaded is byte for byte" cmp -s "$log/004/node.json" "$out/chef/nodes/$host.json"
check "$host: roles/job.json byte for byte" cmp -s "$root/var/lib/nbc/chef/roles/job.json" "$out/chef/roles/job.json"

# 4. Values no script carries safely: nbc build refuses them and writes nothing.
# reject LABEL EXPECTED: builds the project with the current fields.
reject() {
  dir=$tmp/reject.$passed.$failed
  write_project "$dir"
  if "$nbc" -C "$dir" build --all -o "$dir.out" >"$dir.err" 2>&1; then
    fail "$1: nbc build accepted it"
  elif ! grep -qF "$2" "$dir.err"; then
    fail "$1: rejected, but not with '$2'" "$(cat "$dir.err")"
  elif [ -e "$dir.out" ]; then
    fail "$1: rejected, but $dir.out was written"
  else
    pass "$1: rejected ($2)"
  fi
  check "$1: no payload ran" no_markers "$dir"
}
secret="\"\$(touch /tmp/pwned-20)\""
reject "a hostile secret name" "is not a name AWS Secrets Manager accepts"
secret=evil/db-password
version='"../../../etc/cron.d"'
reject "a version with .." "of environment 'dev' cannot be a folder of"
version="\"$(yaml_payload 9)\""
name='".."'
reject "a packager name .." "packager name '..' cannot be a folder"
name="\"$(yaml_payload 2)\""
sha256="\"$(yaml_payload 21)\""
reject "a hostile sha256" "is not 64 hexadecimal digits"
sha256="\"$sum\""
bucket="\"$(yaml_payload 1)\""
reject "a hostile bucket (not an S3 bucket name)" "bucket"
bucket=evil-slugs
install_dir='"/opt/a\0b"'
reject "a NUL byte in install_dir" "NUL"
install_dir="\"/opt/$(yaml_payload 3)\""

check "no payload ran anywhere" no_markers "$tmp"
summary
