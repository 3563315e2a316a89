# A UTF-8 byte-order mark is legal: on nbc.yaml, on a service, and on a file
# with a BOM and nothing else. Columns after it still start at 1.
for f in "$1/nbc.yaml" "$1/services/hello.yaml"; do
  printf '\357\273\277' | cat - "$f" >"$f.new" && mv "$f.new" "$f"
done
printf '\357\273\277' >"$1/services/only-bom.yaml"
