# 200,000 copies of one key in a flow mapping (1 MiB): every copy but the
# first is an error, and nbc stops reading the file after the first fifty.
awk 'BEGIN { printf "params: {"; for (i = 0; i < 200000; i++) printf "a: 1,"; print "}" }' \
  >>"$1/services/hello.yaml"
sed -i '/^params:$/,/^  nginx:/d' "$1/services/hello.yaml"
