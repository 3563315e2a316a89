# One invalid UTF-8 form per file, each in a value on line 2 (printf writes
# the bytes; octal escapes keep this script ASCII).
d=$1/services
printf 'description: ok\nimage: "\300\257"\n' >"$d/overlong.yaml"            # C0 AF: '/' in 2 bytes
printf 'description: ok\nimage: "\340\200\257"\n' >"$d/overlong3.yaml"       # E0 80 AF: '/' in 3 bytes
printf 'description: ok\nimage: a\200b\n' >"$d/continuation.yaml"            # 80 with no lead byte
printf 'description: ok\nimage: "\342\202"\n' >"$d/truncated.yaml"          # E2 82, third byte missing
printf 'description: ok\nimage: \342\202' >"$d/truncated_at_end.yaml"        # E2 82 at end of file
printf 'description: ok\nimage: "\355\240\200"\n' >"$d/surrogate.yaml"       # ED A0 80: U+D800
printf 'description: ok\nimage: "\364\220\200\200"\n' >"$d/above_max.yaml"  # F4 90 80 80: U+110000
printf 'description: ok\nimage: "\377"\n' >"$d/byte_ff.yaml"                 # FF never occurs
printf 'description: ok\n# comment \351t\351\n' >"$d/latin1_comment.yaml"    # Latin-1 in a comment
