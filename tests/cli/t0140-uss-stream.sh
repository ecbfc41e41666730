#!/bin/sh
# t0140-uss-stream - the USS reader streams (lib/base_jstream.c): a record
# at a time, whatever order the file gives its arrays and header keys in.
# The same production written in another order reads as the same project;
# a refusal found early gives way to a syntax error found later, as when
# the whole document was parsed first.
. "${top_srcdir:?}/tests/cli/lib.sh"

sb-import -q --db a.db "$full" || exit 99
sb-export --db a.db --format uss --keep > a.uss || exit 99

# reorder ORDER OUT: the full sample with the standard's keys in ORDER
# ("arrays-first": the arrays, last first, then the header keys)
reorder() {
	"${PYTHON3:-python3}" - "$full" "$1" > "$2" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
uss = doc["universalScheduleStandard"]
arrays = ["stripboards", "calendars", "elements", "categories", "breakdowns"]
out = {}
if sys.argv[2] == "arrays-first":
    for k in arrays:
        out[k] = uss[k]
    for k, v in uss.items():
        if k not in arrays:
            out[k] = v
elif sys.argv[2] == "split-header":
    items = list(uss.items())
    head = [kv for kv in items if kv[0] not in arrays]
    half = len(head) // 2
    for k, v in head[:half]:
        out[k] = v
    for k in arrays:
        out[k] = uss[k]
    for k, v in head[half:]:
        out[k] = v
elif sys.argv[2] == "both-lists":
    out = uss
    for sb in uss["stripboards"]:
        for lane in sb["boards"]:
            if "breakdownArrays" in lane:
                lane["breakdownIds"] = lane["breakdownArrays"]
json.dump({"universalScheduleStandard": out}, sys.stdout, indent=1)
PY
}

for order in arrays-first split-header; do
	reorder "$order" "$order.uss" || exit 99
	expect_status 0 "the sample with its keys $order imports" \
	    sb-import -q --db "$order.db" "$order.uss"
	sb-export --db "$order.db" --format uss --keep > "$order.out" || exit 99
	check "  ... as the same project, exported byte for byte" \
	    same_file a.uss "$order.out"
done

# a lane with both spellings: the second kept verbatim in ext
reorder both-lists both.uss || exit 99
expect_status 0 "lanes with breakdownIds and breakdownArrays import" \
    sb-import -q --db both.db both.uss
check "  ... breakdownArrays kept whole" test "$(sql both.db \
    "SELECT count(*) FROM lane WHERE json_extract(ext, '\$.breakdownArrays') IS NOT NULL")" -gt 0
is "  ... and the same placements" "$(sql both.db "SELECT count(*) FROM placement")" \
    "$(sql a.db "SELECT count(*) FROM placement")"

# a refusal early (an unknown element), a syntax error late: the syntax error
"${PYTHON3:-python3}" - "$full" > late.uss <<'PY' || exit 99
import json, sys
doc = json.load(open(sys.argv[1]))
doc["universalScheduleStandard"]["breakdowns"][0]["elements"] = ["nope"]
sys.stdout.write(json.dumps(doc, indent=1)[:-3] + ",,}}")
PY
expect_status 3 "an unknown element and a syntax error later" \
    sb-import --db late.db late.uss
check "  ... the syntax error is named" err_has "expected"
check "  ... and no database is left" test ! -e late.db

# elements listed twice and unknown: the first in file order is named
"${PYTHON3:-python3}" - "$full" > two.uss <<'PY' || exit 99
import json, sys
doc = json.load(open(sys.argv[1]))
b = doc["universalScheduleStandard"]["breakdowns"]
b[3]["elements"] = b[3]["elements"][:1] * 2
b[5]["elements"] = ["nope"]
json.dump(doc, sys.stdout)
PY
expect_status 3 "an element twice, an unknown one later" sb-import --db two.db two.uss
check "  ... names the first" err_has "breakdowns[3] (id "
check "  ... as listed twice" err_has "elements[1]: the element"

# header keys after the arrays may name the project
"${PYTHON3:-python3}" - "$full" > named.uss <<'PY' || exit 99
import json, sys
doc = json.load(open(sys.argv[1]))
uss = doc["universalScheduleStandard"]
name = uss.pop("project")
uss["project"] = "Late Name"
json.dump(doc, sys.stdout)
PY
expect_status 0 "a project named after the arrays imports" sb-import -q --db a.db named.uss
is "  ... under that name" "$(sql a.db "SELECT count(*) FROM project WHERE name = 'Late Name'")" 1
expect_status 1 "again, without --replace, is refused" sb-import -q --db a.db named.uss
check "  ... saying it exists" err_has "project \"Late Name\" exists"
expect_status 0 "with --replace, replaces it" sb-import -q --db a.db --replace named.uss
is "  ... one project of that name" "$(sql a.db "SELECT count(*) FROM project WHERE name = 'Late Name'")" 1
is "  ... and nothing left of the one replaced" \
    "$(sql a.db "SELECT count(*) FROM strip WHERE project_id NOT IN (SELECT id FROM project)")" 0
# a streaming import runs with foreign keys off and deletes a replaced
# project along them by hand: no row may be left pointing at nothing
on_sqlite "  ... every foreign key holds (a server enforces them)" &&
    is "  ... every foreign key holds" "$(sql a.db "PRAGMA foreign_key_check")" ""
sb-export --db a.db --project "It's A Wonderful Life" --board "First Pass" --format csv > fp.csv || exit 99
expect_status 0 "a CSV import replacing a project" \
    sb-import -q --db a.db --replace --project "It's A Wonderful Life" fp.csv
on_sqlite "  ... every foreign key holds (a server enforces them)" &&
    is "  ... every foreign key holds" "$(sql a.db "PRAGMA foreign_key_check")" ""
is "  ... no element, strip or day of the old one is left" "$(sql a.db \
    "SELECT (SELECT count(*) FROM element WHERE category_id NOT IN (SELECT id FROM category))
     + (SELECT count(*) FROM strip_element WHERE strip_id NOT IN (SELECT id FROM strip))
     + (SELECT count(*) FROM day WHERE board_id NOT IN (SELECT id FROM board))
     + (SELECT count(*) FROM placement WHERE day_id NOT IN (SELECT id FROM day))")" 0

done_testing
