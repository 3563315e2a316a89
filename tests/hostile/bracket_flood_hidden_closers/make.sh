# A bracket flood that hides a closing bracket in a comment for every '['
# ("[[[[[[[[[[ #]]]]]]]]]]" per line, 1 MiB), so that a count of brackets
# never sees it deeper than 10 levels. yaml-cpp buffers it all before the
# depth limit can fire: this shows that the bounds hold anyway.
awk 'BEGIN { printf "description: "; for (i = 0; i < 45000; i++) print "[[[[[[[[[[ #]]]]]]]]]]" }' \
  >"$1/services/hello.yaml"
