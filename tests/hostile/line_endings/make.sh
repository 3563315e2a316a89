# CRLF (Windows) and lone CR (classic Mac) line endings are legal: every
# file of the base project rewritten with them, and one mixing all three.
for f in "$1/nbc.yaml" "$1/services/hello.yaml" "$1/environments/dev.yaml"; do
  sed 's/$/\r/' "$f" >"$f.new" && mv "$f.new" "$f"
done
tr '\n' '\r' <"$1/node_types/web.yaml" >"$1/node_types/web.yaml.new"
mv "$1/node_types/web.yaml.new" "$1/node_types/web.yaml"
printf 'description: mixed\r\nrequires: { role: web }\rports: [{ port: 81, protocol: tcp }]\n' \
  >"$1/services/mixed.yaml"
