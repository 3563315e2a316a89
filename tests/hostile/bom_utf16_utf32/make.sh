# UTF-16 and UTF-32 byte-order marks (both byte orders): nbc reads UTF-8 only.
d=$1/services
printf '\377\376d\000:\000 \0001\000\n\000' >"$d/utf16le.yaml"
printf '\376\377\000d\000:\000 \0001\000\n' >"$d/utf16be.yaml"
printf '\377\376\000\000d\000\000\000' >"$d/utf32le.yaml"
printf '\000\000\376\377\000\000\000d' >"$d/utf32be.yaml"
