#!/bin/sh
# t0141-import-batches - links and placements are written many rows a
# statement, and a breakdown read after the elements finds its links at
# once (lib/fmt_uss_read.c): the refusals name the same record and item
# in either order of the arrays, a strip placed twice is found past the
# first batch, and a CSV row that names an element twice links it once.
. "${top_srcdir:?}/tests/cli/lib.sh"

# order IN OUT EDIT: the full sample, its arrays in the standard's order
# ("standard") or elements first ("elements-first"), edited by EDIT
mk() {
	"${PYTHON3:-python3}" - "$full" "$1" "$2" > "$3" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
uss = doc["universalScheduleStandard"]
b = uss["breakdowns"]
edit = sys.argv[3]
if edit == "missing":
    b[2]["elements"] = b[2]["elements"] + ["nope"]
    b[7]["elements"] = b[7]["elements"][:1] * 2
elif edit == "twice":
    b[2]["elements"] = b[2]["elements"][:2] + b[2]["elements"][:1]
    b[7]["elements"] = ["nope"]
elif edit == "placed-twice":
    lane = uss["stripboards"][0]["boards"][0]
    key = "breakdownArrays" if "breakdownArrays" in lane else "breakdownIds"
    days = lane[key]
    flat = [x for d in days for x in (d if isinstance(d, list) else [d])]
    # the 100th strip again, at the end of the last day: past a batch of 64
    last = days[-1] if isinstance(days[-1], list) else None
    if last is None:
        days.append([flat[99]])
    else:
        last.append(flat[99])
if sys.argv[2] == "elements-first":
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

sb-import -q --db a.db "$full" || exit 99
sb-export --db a.db --format uss --keep > a.uss || exit 99

mk elements-first none first.uss || exit 99
expect_status 0 "the sample with its elements first imports" \
    sb-import -q --db first.db first.uss
sb-export --db first.db --format uss --keep > first.out || exit 99
check "  ... as the same project, exported byte for byte" same_file a.uss first.out
is "  ... the same links" "$(sql first.db "SELECT count(*) FROM strip_element")" \
    "$(sql a.db "SELECT count(*) FROM strip_element")"
is "  ... the same set names on the strips" \
    "$(sql first.db "SELECT group_concat(coalesce(set_name, '-'), '|') FROM (SELECT set_name FROM strip ORDER BY rank)")" \
    "$(sql a.db "SELECT group_concat(coalesce(set_name, '-'), '|') FROM (SELECT set_name FROM strip ORDER BY rank)")"
expect_status 0 "  ... and its audit trail holds" sb-log --db first.db --verify

for edit in missing twice; do
	for order in standard elements-first; do
		mk "$order" "$edit" "$edit-$order.uss" || exit 99
		expect_status 3 "a breakdown with an element $edit ($order) is refused" \
		    sb-import --db "$edit-$order.db" "$edit-$order.uss"
		check "  ... and no database is left" test ! -e "$edit-$order.db"
		sed "s|$edit-$order.uss|FILE|" err > "$edit-$order.err"
	done
	check "  ... the same message in either order" \
	    same_file "$edit-standard.err" "$edit-elements-first.err"
done
check "an unknown element first in the file is named" \
    grep -F -q "breakdowns[2] (id " missing-standard.err
check "  ... as unknown" grep -F -q "no element has the id nope" missing-standard.err
check "an element twice first in the file is named" \
    grep -F -q "breakdowns[2] (id " twice-standard.err
check "  ... as listed twice, at its second place" \
    grep -F -q "elements[2]: the element" twice-standard.err

mk standard placed-twice placed.uss || exit 99
expect_status 3 "a strip placed twice past the first batch is refused" \
    sb-import --db placed.db placed.uss
check "  ... saying so" err_has "is already on this stripboard"
check "  ... and no database is left" test ! -e placed.db

# CSV: an element named twice in one row is linked once, at its first rank
sb-export --db a.db --board "First Pass" --format csv > fp.csv || exit 99
"${PYTHON3:-python3}" - fp.csv > twice.csv <<'PY' || exit 99
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = rows[0]
c = head.index("Props")
for r in rows[1:]:
    if r[c]:
        r[c] = r[c] + "; " + r[c].split(";")[0].strip()
        break
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerows(rows)
PY
expect_status 0 "a CSV row naming an element twice imports" \
    sb-import -q --db csv.db --project P twice.csv
is "  ... linked once" \
    "$(sql csv.db "SELECT count(*) - count(DISTINCT strip_id || ' ' || element_id) FROM strip_element")" 0
sb-import -q --db csv1.db --project P fp.csv || exit 99
is "  ... as many links as without the repeat" \
    "$(sql csv.db "SELECT count(*) FROM strip_element")" \
    "$(sql csv1.db "SELECT count(*) FROM strip_element")"
expect_status 0 "  ... and the trail holds" sb-log --db csv.db --verify

done_testing
