# Flat but huge flow collections just under the 1 MiB cap: a million empty
# entries ("[,,,,...]"), which yaml-cpp buffers whole before the first event,
# and 200,000 empty mappings ("[{},{},...]").
{ printf 'description: ['; head -c 1048000 /dev/zero | tr '\0' ','; printf ']\n'; } >"$1/services/hello.yaml"
awk 'BEGIN { printf "roles: ["; for (i = 0; i < 200000; i++) printf "{},"; print "]" }' \
  >"$1/node_types/web.yaml"
