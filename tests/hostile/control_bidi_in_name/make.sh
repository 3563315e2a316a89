# Control and bidi characters in names are errors: a service file whose name
# holds U+202E, an environment that lists it, a node type key with a BEL escape.
printf 'description: spoofed\n' >"$1/services/evil$(printf '\342\200\256')lmth.yaml"
printf 'services: [hello, "he\\u202Ello"]\nnode_types: { web: {}, "w\\aeb": {} }\n' >>"$1/environments/dev.yaml"
sed -i '/^services: \[hello\]$/d; /^node_types: { web: {} }$/d' "$1/environments/dev.yaml"
