#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Writes a generated "medium estate" into DIR: TYPES node types of COUNT
# nodes each over two zones (default 50 × 10, more than CloudFormation's 500
# resources per template), a chain of services with ports between them, a
# load balancer with HTTPS on the first node type and a database on RDS, so
# that `nbc build` must split the environment into nested stacks.
# Usage: make_large_project.sh DIR [TYPES] [COUNT]
set -eu

dir=$1
types=${2:-50}
count=${3:-10}
mkdir -p "$dir/services" "$dir/node_types" "$dir/environments"

cat >"$dir/nbc.yaml" <<'EOF'
project: estate
labels: { team: platform, cost-centre: "${AWS::AccountId}" }
grades:
  small: { cpu: 1, memory_gib: 1 }
providers:
  aws:
    flavors:
      t3.micro: { cpu: 2, memory_gib: 1, hourly_usd: 0.0104 }
      db.t3.micro: { cpu: 2, memory_gib: 1, hourly_usd: 0.017, kind: rds }
packager: { bucket: estate-releases, name: estate }
EOF

cat >"$dir/services/db.yaml" <<'EOF'
requires: { role: db }
ports: [{ port: 5432, protocol: tcp }]
params: { postgresql: { password: !secret estate-db-password } }
EOF
cat >"$dir/node_types/db.yaml" <<'EOF'
kind: rds
roles: [db]
grade: small
rds: { engine: postgres, storage_gib: 20, max_storage_gib: 100 }
EOF

node_types="db: {}"
services="db"
i=0
while [ "$i" -lt "$types" ]; do
  name=$(printf 'tier%02d' "$i")
  if [ "$i" -eq 0 ]; then
    depends="[db]"
    balancer="load_balancer: { port: 443, target_port: 8000, health_check: { path: /healthz } }"
  else
    depends="[$(printf 'tier%02d' $((i - 1))), db]"
    balancer=""
  fi
  printf 'requires: { role: %s }\ndepends_on: %s\nports: [{ port: %d, protocol: tcp }]\n' \
    "$name" "$depends" $((8000 + i)) >"$dir/services/$name.yaml"
  printf 'roles: [%s]\ngrade: small\nimage: ami-0abcdef1234567890\ncount: %d\n%s\n' \
    "$name" "$count" "$balancer" >"$dir/node_types/$name.yaml"
  node_types="$node_types, $name: {}"
  services="$services, $name"
  i=$((i + 1))
done

cat >"$dir/environments/prod.yaml" <<EOF
provider: aws
region: us-east-1
zones: { us-east-1a: {}, us-east-1b: {} }
version: "1.0.0"
services: [$services]
node_types: { $node_types }
EOF
