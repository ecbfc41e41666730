#!/bin/sh
# One size limit for every field (1 MiB), modelled or kept verbatim for the
# round trip: the same refusal (exit 3, file, place, limit), the database
# byte-identical after it.
. "${top_srcdir:-.}/tests/cli/lib.sh"

limit=1048576
sb-import -q --db sb.db "$small" || exit 99
before=$(snapshot sb.db)

# uss KEY=BYTES...: the small sample with breakdowns[1] given the keys, each
# a string of BYTES letters (KEY may be a.b for {"a": {"b": [string]}}); the
# document on stdout
uss() {
	python3 - "$small" "$@" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
uss = doc["universalScheduleStandard"]
for arg in sys.argv[2:]:
    where, key_n = arg.split(":", 1) if ":" in arg else ("b", arg)
    key, n = key_n.rsplit("=", 1)
    if key == "LONGKEY":
        key = "k" * (int(n)); val = "v"
    else:
        val = "x" * int(n)
    if "." in key:
        outer, inner = key.split(".", 1)
        val = {inner: [val]}
        key = outer
    target = uss if where == "h" else uss["breakdowns"][1]
    target[key] = val
json.dump(doc, sys.stdout)
PY
}

uss synopsis=$((limit + 1)) > over.uss || exit 99
expect_status 3 "an unknown key one byte over the limit is refused" \
    sb-import --db sb.db --project Over over.uss
check "  ... naming the file, the record, the key and the limit" \
    err_has "over.uss: breakdowns[1] (id "
check "  ... and the size" err_has "synopsis: $((limit + 1)) bytes, more than the $limit a field may hold"
is "  ... the database is byte-identical" "$(snapshot sb.db)" "$before"

uss synopsis=$limit > at.uss || exit 99
expect_status 0 "one exactly at the limit is kept" sb-import -q --db at.db at.uss
check "  ... in the strip's ext, whole" test "$(sql at.db "SELECT max(length(json_extract(ext, '\$.synopsis'))) FROM strip")" = "$limit"

uss custom.notes=$((limit + 1)) > nested.uss || exit 99
expect_status 3 "a string deep in a kept value is held to the limit too" \
    sb-import --db sb.db --project Nested nested.uss
check "  ... and its place named" err_has "custom.notes[0]: $((limit + 1)) bytes"
is "  ... the database is byte-identical" "$(snapshot sb.db)" "$before"

uss LONGKEY=$((limit + 1)) > key.uss || exit 99
expect_status 3 "a key longer than the limit is refused" \
    sb-import --db sb.db --project Key key.uss
check "  ... saying so" err_has "a key of $((limit + 1)) bytes, more than the $limit a field may hold"

uss a=900000 b=900000 c=900000 d=900000 e=900000 > two.uss || exit 99
expect_status 3 "the kept keys of one record together are held to the limit" \
    sb-import --db sb.db --project Two two.uss
check "  ... saying what they take" err_has "the keys kept for the round trip take"
check "  ... and the limit (4 MiB)" err_has "more than the $((4 * limit)) a record may keep"
is "  ... the database is byte-identical" "$(snapshot sb.db)" "$before"

uss h:motto=$((limit + 1)) > head.uss || exit 99
expect_status 3 "a key of the header is held to the limit" \
    sb-import --db sb.db --project Head head.uss
check "  ... naming the header" err_has "head.uss: universalScheduleStandard: motto: $((limit + 1)) bytes"
is "  ... the database is byte-identical" "$(snapshot sb.db)" "$before"

# the flat form: a key that is not a column is a category, its name a field
python3 -c "
import json
k = 'c' * ($limit + 1)
print(json.dumps({'strip_id': '1', 'board': 'B', 'scene': '1', k: ['x']}))" > key.ndjson || exit 99
expect_status 3 "an NDJSON category name over the limit is refused" \
    sb-import --db sb.db --project Flat key.ndjson
check "  ... saying so" err_has "a name of $((limit + 1)) bytes, more than the $limit a field may hold"
{ printf '['; cat key.ndjson; printf ']'; } > key.json
expect_status 3 "and in a JSON array" sb-import --db sb.db --project Flat key.json
check "  ... saying so" err_has "a name of $((limit + 1)) bytes"
is "  ... the database is byte-identical" "$(snapshot sb.db)" "$before"

done_testing
