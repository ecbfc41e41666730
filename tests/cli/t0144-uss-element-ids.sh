#!/bin/sh
# t0144-uss-element-ids - a USS breakdown read before the elements is
# linked at once (lib/fmt_uss_read.c): an element not yet read gets its
# id where a breakdown first names it, and takes it when its record
# comes.  The ids follow the first mention; a file that already holds a
# project continues past its ids; an id no element takes is refused where
# it is first named; an element record twice is refused as before.
. "${top_srcdir:?}/tests/cli/lib.sh"

# mk OUT EDIT: the full sample, edited by EDIT
mk() {
	"${PYTHON3:-python3}" - "$full" "$2" > "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
uss = doc["universalScheduleStandard"]
b = uss["breakdowns"]
edit = sys.argv[2]
if edit == "ghost":
    # never an element: named by breakdowns 5 and 3, 3 first in the file
    b[5]["elements"] = b[5]["elements"] + ["ghost"]
    b[3]["elements"] = b[3]["elements"] + ["ghost"]
elif edit == "element-twice":
    uss["elements"].append(dict(uss["elements"][0]))
elif edit == "categories-last":
    out = {}
    for k, v in uss.items():
        if k != "categories":
            out[k] = v
    out["categories"] = uss["categories"]
    uss = out
json.dump({"universalScheduleStandard": uss}, sys.stdout)
PY
}

# the element ids a file gives: breakdowns named first, in file order
"${PYTHON3:-python3}" - "$full" > order.txt <<'PY' || exit 99
import json, sys
uss = json.load(open(sys.argv[1]))["universalScheduleStandard"]
assert list(uss).index("breakdowns") < list(uss).index("elements")
seen = []
for b in uss["breakdowns"]:
    for e in b.get("elements") or []:
        if e not in seen:
            seen.append(e)
for e in uss["elements"]:
    if e["id"] not in seen:
        seen.append(e["id"])
print("\n".join(seen))
PY

expect_status 0 "the sample (breakdowns before elements) imports" \
    sb-import -q --db a.db "$full"
sb-export --db a.db --format uss --keep > a.uss || exit 99
sql a.db "SELECT uid FROM element ORDER BY id" > ids.txt
check "  ... its elements numbered in the order the breakdowns name them" \
    same_file order.txt ids.txt
is "  ... every link to an element of the project" \
    "$(sql a.db "SELECT count(*) FROM strip_element se LEFT JOIN element e
        ON e.id = se.element_id WHERE e.id IS NULL")" 0
expect_status 0 "  ... and the trail holds" sb-log --db a.db --verify

# a file that holds a project: the ids go on past its elements
sb-import -q --db two.db "$small" || exit 99
before=$(sql two.db "SELECT max(id) FROM element")
expect_status 0 "the sample into a file with another project" \
    sb-import -q --db two.db --project Full "$full"
sb-export --db two.db --project Full --format uss --keep > two.uss || exit 99
check "  ... exported byte for byte as from a file of its own" same_file a.uss two.uss
is "  ... its elements numbered after the other's" \
    "$(sql two.db "SELECT CASE WHEN min(e.id) > $before THEN 1 ELSE 0 END FROM element e JOIN project p
        ON p.id = e.project_id WHERE p.name = 'Full'")" 1
is "  ... the other's links untouched" \
    "$(sql two.db "SELECT count(*) FROM strip_element se JOIN strip s ON s.id = se.strip_id
        JOIN element e ON e.id = se.element_id WHERE e.project_id <> s.project_id")" 0

expect_status 0 "the sample replacing itself" \
    sb-import -q --db a.db --replace "$full"
sb-export --db a.db --format uss --keep > again.uss || exit 99
check "  ... exported byte for byte" same_file a.uss again.uss

mk categories-last.uss categories-last || exit 99
expect_status 0 "the sample with its categories last imports" \
    sb-import -q --db last.db categories-last.uss
sb-export --db last.db --format uss --keep > last.out || exit 99
check "  ... as the same project" same_file a.uss last.out
is "  ... the same set names on the strips" \
    "$(sql last.db "SELECT group_concat(coalesce(set_name, '-'), '|') FROM (SELECT set_name FROM strip ORDER BY rank)")" \
    "$(sql a.db "SELECT group_concat(coalesce(set_name, '-'), '|') FROM (SELECT set_name FROM strip ORDER BY rank)")"

mk ghost.uss ghost || exit 99
expect_status 3 "an id no element has, named by two breakdowns, is refused" \
    sb-import --db ghost.db ghost.uss
check "  ... at the first breakdown naming it" grep -F -q "breakdowns[3] (id " err
check "  ... as unknown" err_has "no element has the id ghost"
check "  ... and no database is left" test ! -e ghost.db

mk twice.uss element-twice || exit 99
expect_status 3 "an element record twice (its id reserved by a breakdown) is refused" \
    sb-import --db twice.db twice.uss
check "  ... as another element's id" err_has "another element has the id"
check "  ... and no database is left" test ! -e twice.db

done_testing
