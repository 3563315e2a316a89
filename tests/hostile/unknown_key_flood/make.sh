# 50,000 unknown keys at the top of a service file: the first twenty are
# reported one by one with a hint, the rest in one line.
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "key%05d: %d\n", i, i }' >>"$1/services/hello.yaml"
