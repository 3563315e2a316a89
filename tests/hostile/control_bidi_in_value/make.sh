# Control and bidi characters in values are legal: written raw (U+202E RIGHT-
# TO-LEFT OVERRIDE, U+200B ZERO WIDTH SPACE) or as escapes in double quotes
# (BEL, ESC, DEL, NEL, NBSP). Output shows them escaped, so a value cannot
# reorder or recolour what the reviewer sees.
{
  printf '  rlo_raw: "invoice\342\200\256fdp.exe"\n'
  printf '  zwsp_raw: "a\342\200\213b"\n'
  printf '  escapes: "bell\\a esc\\e[31mred del\\x7f nel\\N nbsp\\_"\n'
} >>"$1/services/hello.yaml"
