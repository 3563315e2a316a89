#!/bin/sh
# Installs what nbc needs to build and test, from Debian's packages and the
# npm registry (with the lock file). Idempotent: installs only what is missing.
set -eu

PACKAGES="cmake make g++ pkg-config
libyaml-cpp-dev libboost-graph-dev libfmt-dev nlohmann-json3-dev libcli11-dev libjemalloc-dev
libgtest-dev libgmock-dev libbenchmark-dev
libcurl4-openssl-dev
shellcheck bubblewrap graphviz goiardi etcd-server etcd-client cmark-gfm ruby-chef-config
ansible-core vagrant
systemd
clang libclang-rt-14-dev dpkg-dev"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

# Node.js and npm: the machine may already carry a Node.js build that bundles
# npm (and conflicts with Debian's npm package); install Debian's only when
# the commands are absent.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

if [ -n "$missing" ]; then
  echo "install-deps: installing$missing"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # Another process may hold the apt lock for a while on a fresh machine.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
    install -y --no-install-recommends $missing
fi

# JSON-Schema and other checkers from npm, pinned by package-lock.json.
cd "$(dirname "$0")/.."
if [ -f package-lock.json ]; then
  stamp=node_modules/.nbc-lock-stamp
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
  fi
  # cfn-lint bundles a 2019 CloudFormation resource specification without
  # IMDSv2 MetadataOptions or RDS MaxAllocatedStorage; tests/cloudformation/
  # needs the newer one of the pinned @aws-cdk/cfnspec. Copied after every
  # `npm ci` (which restores the bundled one); a no-op once in place.
  spec=node_modules/@aws-cdk/cfnspec/spec/specification.json
  bundled=node_modules/cfn-lint/data/aws_resources_specification.json
  if [ -f "$spec" ] && [ -f "$bundled" ] && ! cmp -s "$spec" "$bundled"; then
    cp "$spec" "$bundled"
  fi
fi
