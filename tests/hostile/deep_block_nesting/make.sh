# Block nesting three ways: 100,000 compact sequences ("- - - ... x") and
# 100,000 explicit keys ("? ? ? ... x"), 200 KB each, and a staircase of
# 1,300 ever deeper indented keys (848 KB: indentation makes that form
# quadratic, so the 1 MiB input cap stops it long before 100,000 levels).
awk 'BEGIN { printf "description:\n"; for (i = 0; i < 100000; i++) printf "- "; print "x" }' \
  >"$1/services/hello.yaml"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "? "; print "x" }' >"$1/node_types/web.yaml"
awk 'BEGIN { for (i = 0; i < 1300; i++) printf "%" i "sa:\n", "" }' >"$1/services/stairs.yaml"
