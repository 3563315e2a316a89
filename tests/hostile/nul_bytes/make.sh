# NUL bytes: inside a value, in a comment, and a file that is UTF-16 without a BOM.
d=$1/services
printf 'description: a\000b\n' >"$d/in_value.yaml"
printf 'description: ok\n# \000\n' >"$d/in_comment.yaml"
printf 'd\000e\000s\000c\000:\000 \000x\000\n\000' >"$d/utf16_without_bom.yaml"
