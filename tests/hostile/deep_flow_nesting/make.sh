# 100,000 nested flow sequences in one value (200 KB; generated, not checked in).
f=$1/services/hello.yaml
{ printf 'description: '; head -c 100000 /dev/zero | tr '\0' '['; printf '\n'; } >"$f.new"
cat "$f" >>"$f.new" && mv "$f.new" "$f"
