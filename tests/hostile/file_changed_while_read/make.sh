# A writer rewrites a service file in place (truncate, then write) as fast as
# it can while nbc runs, switching between two valid versions of different
# lengths: nbc sees the empty file, a prefix, or either version, and must
# finish normally with whatever it read. The runner stops the writer through
# DIR.pid.
f=$1/services/moving.yaml
short='description: short\n'
long='description: a much longer version of the same service, with params\nparams: { a: 1, b: [1, 2, 3] }\n'
(
  i=0
  while [ "$i" -lt 200000 ]; do
    printf '%b' "$short" >"$f"
    printf '%b' "$long" >"$f"
    i=$((i + 1))
  done
) >/dev/null 2>&1 &
echo $! >"$1.pid"
