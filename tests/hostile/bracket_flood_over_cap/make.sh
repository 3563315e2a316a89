# One byte over the 1 MiB input cap: refused before parsing.
head -c 1048577 /dev/zero | tr '\0' '[' >"$1/services/hello.yaml"
