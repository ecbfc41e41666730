#!/bin/sh
# t0145-uss-many-elements - element ids are reserved where a breakdown
# names an element before its record (t0144) up to a bound (RESERVE_MAX
# in lib/fmt_uss_read.c, 16384 waiting at once); a breakdown past it has
# its links wait in a temporary table and found at the end.  Either way
# the project is the same, and a file naming more ids than that which no
# element has is refused at the first, in bounded memory.
. "${top_srcdir:?}/tests/cli/lib.sh"

# mk OUT ORDER EDIT: the full sample with 20 000 more props, all named
# by breakdown 1 ("many") or 20 000 names no element has ("ghosts");
# ORDER standard (breakdowns first) or elements-first
mk() {
	"${PYTHON3:-python3}" - "$full" "$2" "$3" > "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
uss = doc["universalScheduleStandard"]
order, edit = sys.argv[2], sys.argv[3]
b = uss["breakdowns"]
names = ["many%05d" % k for k in range(20000)]
if edit == "many":
    cat = next(c["id"] for c in uss["categories"] if c["name"] == "Props")
    for k, n in enumerate(names):
        uss["elements"].append({"id": n, "category": cat, "name": "PROP %05d" % k})
    b[1]["elements"] = b[1]["elements"] + names
    b[4]["elements"] = b[4]["elements"] + names[:3]
else:
    b[1]["elements"] = b[1]["elements"] + ["ghost%05d" % k for k in range(20000)]
    b[3]["elements"] = b[3]["elements"] + ["ghost00007"]
if order == "elements-first":
    out = {}
    for k in ["categories", "elements", "breakdowns", "calendars", "stripboards"]:
        out[k] = uss[k]
    for k, v in uss.items():
        if k not in out:
            out[k] = v
    uss = out
json.dump({"universalScheduleStandard": uss}, sys.stdout)
PY
}

mk many.uss standard many || exit 99
mk first.uss elements-first many || exit 99
expect_status 0 "20 000 elements named by a breakdown before their records import" \
    sb-import -q --db many.db many.uss
expect_status 0 "  ... as with the elements first" \
    sb-import -q --db first.db first.uss
sb-export --db many.db --format uss --keep > many.out || exit 99
sb-export --db first.db --format uss --keep > first.out || exit 99
check "  ... the same project, exported byte for byte" same_file many.out first.out
is "  ... every link written" \
    "$(sql many.db "SELECT count(*) FROM strip_element")" \
    "$(sql first.db "SELECT count(*) FROM strip_element")"
is "  ... breakdown 1 linked to all of them" \
    "$(sql many.db "SELECT count(*) FROM strip_element se JOIN strip s ON s.id = se.strip_id
        JOIN element e ON e.id = se.element_id WHERE s.rank = 1 AND e.uid LIKE 'many%'")" 20000
is "  ... the same set names on the strips" \
    "$(sql many.db "SELECT group_concat(coalesce(set_name, '-'), '|') FROM (SELECT set_name FROM strip ORDER BY rank)")" \
    "$(sql first.db "SELECT group_concat(coalesce(set_name, '-'), '|') FROM (SELECT set_name FROM strip ORDER BY rank)")"
expect_status 0 "  ... and the trail holds" sb-log --db many.db --verify

mk ghosts.uss standard ghosts || exit 99
expect_status 3 "20 000 ids no element has are refused" \
    sb-import --db ghosts.db ghosts.uss
check "  ... at the first breakdown naming one" grep -F -q "breakdowns[1] (id " err
check "  ... the first of them" err_has "no element has the id ghost00000"
check "  ... and no database is left" test ! -e ghosts.db

done_testing
