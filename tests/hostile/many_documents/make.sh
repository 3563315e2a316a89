# 100,000 documents in one file ("---" then a mapping, 900 KB): the second
# one is the error, and nothing after it is read.
awk 'BEGIN { for (i = 0; i < 100000; i++) print "---\na: 1" }' >"$1/node_types/web.yaml"
