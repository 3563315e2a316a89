# A flow mapping of 100,000 keys on one line (params.big; 889 KB).
f=$1/services/hello.yaml
awk 'BEGIN { printf "  big: {"; for (i = 0; i < 100000; i++) printf "%x: 1, ", i; print "}" }' >>"$f"
