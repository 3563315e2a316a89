# The same key at line 8 and, after 40,000 other keys, at line 40,009.
f=$1/services/hello.yaml
awk 'BEGIN { print "  far: 1"; for (i = 0; i < 40000; i++) printf "  key%05d: %d\n", i, i; print "  far: 2" }' >>"$f"
