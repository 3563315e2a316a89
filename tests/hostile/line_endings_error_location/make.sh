# Errors in CRLF and CR files point at the right line and column: a
# duplicate key on line 3 of each (a lone CR is a line break for nbc).
printf 'description: crlf\r\nrequires: { role: web }\r\ndescription: again\r\n' >"$1/services/crlf.yaml"
printf 'description: cr\rrequires: { role: web }\rdescription: again\r' >"$1/services/cr.yaml"
