# A 600,000-byte key (an explicit `? key`) above a list of 50,000 values:
# every value's dotted path starts with the key, so building each path anew
# would copy 30 GB. Legal, and fast.
f=$1/services/hello.yaml
{ printf '  ? '; head -c 600000 /dev/zero | tr '\0' 'k'; printf '\n  :\n'
  awk 'BEGIN { for (i = 0; i < 50000; i++) print "    - 1" }'; } >>"$f"
