#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs one libFuzzer target of tests/fuzz/ for a while (docs/fuzzing.md).
#
# usage: run.sh FUZZER SECONDS DIR
#   FUZZER   build-fuzz/nbc/tests/fuzz/<name>_fuzzer (`make fuzz-build`)
#   SECONDS  how long to fuzz
#   DIR      the fuzz build's folder (build-fuzz), which keeps
#            corpus/<name>/     what the fuzzer found interesting, kept between runs
#            seeds/<name>/      every .yaml file of examples/ and tests/, refreshed here
#            artifacts/<name>/  inputs that crashed, timed out or blew up memory
#            logs/<name>.log    the whole output of the last run
# Exit 0 if the fuzzer found nothing, else 1 (with the report and how to
# reproduce it). Limits: 5 s per input, 2 GiB of memory, inputs of at most
# 64 KiB (files nbc reads are a few KiB; 64 KiB is room for floods).
set -u

fuzzer=$1 seconds=$2 dir=$3
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
name=$(basename "$fuzzer" _fuzzer)

if [ ! -x "$fuzzer" ]; then
  echo "fuzz: no fuzzer at $fuzzer" >&2
  echo "  hint: build it with 'make fuzz-build' ('make test' does that first)" >&2
  exit 1
fi

mkdir -p "$dir/corpus/$name" "$dir/artifacts/$name" "$dir/logs"
dir=$(cd "$dir" && pwd)
# Seeds are named by content, so a file in several places is one seed. One
# folder per target: `make fuzz` runs both targets at once.
seeds=$dir/seeds/$name
rm -rf "$seeds"
mkdir -p "$seeds"
find "$root/examples" "$root/tests" -name '*.yaml' -type f | while IFS= read -r file; do
  cp "$file" "$seeds/$(sha256sum <"$file" | cut -c1-16)"
done

log=$dir/logs/$name.log
# The first corpus folder receives new inputs; seeds are only read. Recording
# no allocation stacks makes runs about a third faster; reproducing a finding
# (below) records them again.
ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0} UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$fuzzer" -dict="$here/nbc.dict" -rss_limit_mb=2048 -timeout=5 -max_len=65536 \
  -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$dir/artifacts/$name/" \
  "$dir/corpus/$name" "$seeds" >"$log" 2>&1
rc=$?

if [ "$rc" -ne 0 ]; then
  echo "fuzz: $name failed (exit $rc); the report, from $log:"
  # From the first line of the sanitizer's, libFuzzer's or our checks' report.
  first=$(grep -n -m 1 -E '^==[0-9]+==|^fuzz: |runtime error:|ERROR: libFuzzer' "$log" | cut -d: -f1)
  sed -n "${first:-1},\$p" "$log" | head -n 120
  artifact=$(ls -t "$dir/artifacts/$name"/* 2>/dev/null | head -n 1)
  if [ -n "$artifact" ]; then
    echo "reproduce: $fuzzer $artifact"
    echo "then fix nbc and add the input as a case of tests/hostile/ (docs/fuzzing.md)"
  fi
  exit 1
fi
# The summary: the last status line (coverage, features, corpus, exec/s) and the final stats.
grep -E '^#[0-9]+' "$log" | tail -n 1
grep -E '^stat::' "$log"
echo "fuzz: $name ran ${seconds}s without a finding; corpus: $(ls "$dir/corpus/$name" | wc -l) inputs"
