# A file holding one scalar of 1 MiB + 1 byte: the file cap stops it before
# the scalar cap (which equals it) could.
{ printf 'description: '; head -c 1048563 /dev/zero | tr '\0' 'z'; printf '\n'; } >"$1/services/over.yaml"
