# Exactly 1 MiB (the input cap) of '[' and, in another file, of '{': the
# largest flood the loader accepts to parse.
head -c 1048576 /dev/zero | tr '\0' '[' >"$1/services/hello.yaml"
head -c 1048576 /dev/zero | tr '\0' '{' >"$1/node_types/web.yaml"
