# 50,000 keys in one block mapping (params.big), each a distinct name.
f=$1/services/hello.yaml
awk 'BEGIN { print "  big:"; for (i = 0; i < 50000; i++) printf "    key%05d: %d\n", i, i }' >>"$f"
