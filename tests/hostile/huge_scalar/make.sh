# Scalars just under the 1 MiB cap are legal: a plain description and a
# double-quoted image, each the whole of its file but some 500 bytes.
f=$1/services/hello.yaml
{ printf 'description: '; head -c 1048000 /dev/zero | tr '\0' 'x'; printf '\n'; grep -v '^description:' "$f"; } >"$f.new"
mv "$f.new" "$f"
{ printf 'roles: [web]\ngrade: small\nimage: "'; head -c 1048000 /dev/zero | tr '\0' 'y'; printf '"\n'; } >"$1/node_types/web.yaml"
