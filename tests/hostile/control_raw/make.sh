# Raw control characters (outside escapes) are not YAML text: BEL in a value,
# ESC in a comment, DEL, a C1 control (U+0085 NEL, which yaml-cpp would take
# for a line break), U+FFFE, and a form feed.
d=$1/services
printf 'description: ring\007\n' >"$d/bel.yaml"
printf 'description: ok\n# \033[2J\n' >"$d/esc.yaml"
printf 'description: a\177\n' >"$d/del.yaml"
printf 'description: a\302\205b\n' >"$d/nel.yaml"
printf 'description: a\357\277\276\n' >"$d/fffe.yaml"
printf 'description: a\n\014\n' >"$d/form-feed.yaml"
