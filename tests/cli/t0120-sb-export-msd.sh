#!/bin/sh
# sb-export --format msd writes the whole project as a Movie Magic
# Scheduling .msd file, laid out as FORMATS section 2 says:
#  - an independent reader (tests/tools/msdcheck.py, Python's zlib and
#    xml.etree, written from FORMATS, not from the writer) checks every
#    element path and value of what is written, and its summary agrees with
#    the database;
#  - .msd -> db -> .msd -> db gives the same project (compared as USS);
#  - the full USS sample -> db -> .msd -> db -> USS equals the sample, but
#    for what an .msd cannot hold (listed below);
#  - what an import kept as written (odd values, unknown attributes) is
#    written back.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if [ -z "${PYTHON3:-}" ]; then
	echo "1..0 # SKIP no python3"
	exit 0
fi
tools="$top_srcdir/tests/tools"
mfix="$fixtures/msd"
msdgen() { "$PYTHON3" "$tools/msdgen.py" "$@"; }
msdcheck() { "$PYTHON3" "$tools/msdcheck.py" "$@"; }
# sql_is DB QUERY EXPECTED DESCRIPTION
sql_is() {
	got=$(sql "$1" "$2")
	if [ "$got" = "$3" ]; then ok "$4"; else
		not_ok "$4"; echo "# got:  $got"; echo "# want: $3"
	fi
}
# canon IN OUT [DROP...]: a USS file as canonical JSON: ids by order of
# appearance, "created" and the header's "id" left out, and each key in
# DROP (a dotted path: "elements.isDood") taken out
canon() {
	"$PYTHON3" - "$@" <<'EOF'
import json, sys
src, dst, drops = sys.argv[1], sys.argv[2], sys.argv[3:]
u = json.load(open(src, encoding="utf-8"))["universalScheduleStandard"]
for k in [k for k in u if k in ("id", "created")]:
    del u[k]
ids = {}
def rec(kind, o):
    if isinstance(o, dict) and isinstance(o.get("id"), str):
        ids.setdefault(o["id"], "%s#%d" % (kind, len([v for v in ids.values() if v.startswith(kind + "#")])))
for kind in ("breakdowns", "categories", "elements", "stripboards", "calendars"):
    for o in u.get(kind) or []:
        if kind == "breakdowns" and o.get("type") not in ("banner",):
            ids.setdefault(o["id"], o["id"])    # BDSIDs are kept
        rec(kind, o)
        for b in (o.get("boards") or []) if kind == "stripboards" else []:
            rec("lane", b)
        for e in (o.get("events") or []) if kind in ("elements", "calendars") else []:
            rec("event", e)
def walk(v):
    if isinstance(v, dict):
        return {k: walk(x) for k, x in v.items() if k != "created"}
    if isinstance(v, list):
        return [walk(x) for x in v]
    if isinstance(v, str):
        return ids.get(v, v)
    return v
u = walk(u)
for d in drops:
    arr, key = d.split(".", 1)
    if arr == "header":
        o = u
        while "." in key:
            k0, key = key.split(".", 1)
            o = o.get(k0) or {}
        o.pop(key, None)
        continue
    for o in u.get(arr) or []:
        if "." in key:
            sub, k2 = key.split(".", 1)
            for x in o.get(sub) or []:
                x.pop(k2, None)
        else:
            o.pop(key, None)
json.dump(u, open(dst, "w", encoding="utf-8"), indent=1, sort_keys=True, ensure_ascii=False)
EOF
}
same_json() {
	if cmp -s "$2" "$3"; then ok "$1"; else
		not_ok "$1"; diff "$2" "$3" | head -n 20 | sed 's/^/# /'
	fi
}

msdgen "$mfix/night-train.txt" nt.msd || exit 99
sb-import -q --db nt.db nt.msd || exit 99

# ---- the file, read by an independent reader ----
expect_status 0 "the project exports as .msd" sb-export --db nt.db --format msd
cp out nt2.msd
check "it is an EPSF file" test "$(head -c 30 nt2.msd)" = "/********* EPSF FILE ********/"
expect_status 0 "an independent reader finds every path and value as FORMATS says" msdcheck nt2.msd
cp out nt2.sum
check "  the title" grep -qx "title Night Train to Lyon" nt2.sum
check "  the production's properties, in order" test "$(grep -c '^property ' nt2.sum)" = 8
check "  Company and PreparedBy" grep -qx "property PreparedBy=R. Hale, 1st AD" nt2.sum
check "  the categories" test "$(grep -c '^category ' nt2.sum)" = "$(sql nt.db "SELECT count(*) FROM category")"
check "  the elements with their board ids" grep -qx "element Cast Members|ÉLODIE|12" nt2.sum
check "  a linked element" grep -qx "link Cast Members|ANNA|Props|Pocket watch" nt2.sum
check "  a sheet: scenes, INT/EXT, day/night, set, location, script day, eighths, minutes" \
    grep -qx "sheet 101|1|INT|Day|TRAIN - DINING CAR|Old Depot, Stage 2|1|11|90" nt2.sum
check "  EstimateTimeA 0 written back as it was" grep -qx "sheet 102|2|EXT|Night|STATION PLATFORM|Old Depot|1|4|0" nt2.sum
check "  an H:MM:SS estimate" grep -qx "sheet 105|108, 110|INT|Day|TRAIN - DINING CAR|Old Depot, Stage 2|3|51|135:30" nt2.sum
check "  the element references" grep -qx "ref 104|Stunts|Roof fall" nt2.sum
check "  the active board" grep -qx "active Shooting Schedule" nt2.sum
check "  the calendars: start, days off" grep -qx "calendar Main Unit|03/04/2024|06" nt2.sum
check "  the special days, the stale one too" grep -qx "special Main Unit|12/25/2019|Off Holiday" nt2.sum
check "  the colour grid" grep -qx "colour 1|0|255,255,255|0,0,255" nt2.sum
check "  the red flags" grep -qx "redflag ÉLODIE|03/07/2024|Theatre run in Lyon" nt2.sum
# every strip of every board, in order, against the database
sb_strips() {
	for b in "Script Order" "Shooting Schedule" "Weather Cover"; do
		sb-export --db "$1" --board "$b" --format csv | awk -F, -v b="$b" 'NR > 1 {
		    lane = $2 ~ /^[0-9]+$/ ? "day" : $2; day = lane == "day" ? $2 : "";
		    printf "strip %s|%s|%s|%s\n", b, lane, day, ($7 == "banner" ? "banner:" $16 : $5) }'
	done
}
sb_strips nt.db > db.strips
grep '^strip ' nt2.sum > msd.strips
same_json "every board's days, remaining strips and boneyard, strip by strip" db.strips msd.strips

# ---- .msd -> db -> .msd -> db: the same project ----
expect_status 0 "the written .msd imports" sb-import --db nt2.db nt2.msd
check "  without a warning" test ! -s err -o "$(grep -c warning err)" = 0
sb-export --db nt.db --keep --format uss > a.uss
sb-export --db nt2.db --keep --format uss > b.uss
# the header's writer fields name the program that wrote the file
canon a.uss a.json header._msd.writerApp header._msd.writerVersion header._msd.writerTime
canon b.uss b.json header._msd.writerApp header._msd.writerVersion header._msd.writerTime
same_json ".msd -> db -> .msd -> db is the same project (as USS, ids by place)" a.json b.json
expect_status 0 "and written again" sb-export --db nt2.db --format msd
cp out nt3.msd
msdcheck nt2.msd | grep -v '^$' > s2 && msdcheck nt3.msd | grep -v '^$' > s3
same_json "the second .msd says what the first said" s2 s3

# ---- what an import kept as written goes back ----
sed 's|NumScriptPages="16"|NumScriptPages="x"|; s|BDSID="109" SheetNumber="9"|BDSID="109" SheetNumber="9" Colour="teal"|' \
    "$mfix/night-train.txt" > odd.txt && msdgen odd.txt odd.msd || exit 99
sb-import -q --db odd.db odd.msd 2>/dev/null || exit 99
sb-export --db odd.db --format msd > odd2.msd
expect_status 0 "a file with odd values, written and read again" sb-import --db odd2.db odd2.msd
check "  warns again of the same page count" err_has 'NumScriptPages "x" is not a count of eighths'
check "  and of the same unknown attribute" err_has 'unknown attribute Colour="teal" (kept)'
expect_status 1 "the strict reader refuses what FORMATS does not name" msdcheck odd2.msd
check "  (the kept attribute)" err_has "attribute Colour is not in FORMATS"
sb-day -q --db nt2.db --board "Shooting Schedule" calendar --holiday 2024-03-11 >/dev/null 2>&1
sb-reorder -q --db nt2.db --board "Shooting Schedule" move 112 --to 1 >/dev/null 2>&1
sb-export --db nt2.db --format msd > moved.msd
expect_status 0 "after a move and a new holiday, the file still reads" msdcheck moved.msd
check "  the strip moved to day 1" grep -qx "strip Shooting Schedule|day|1|112" out
check "  the holiday" grep -qx "special Main Unit|03/11/2024|Off Holiday" out
check "  the boneyard's groups, which no longer add up, are one group" \
    test "$(grep -c "^strip Shooting Schedule|boneyard" out)" = 1

# ---- the USS sample -> db -> .msd -> db -> USS ----
sb-import -q --db wl.db "$full" || exit 99
expect_status 0 "the full USS sample exports as .msd" sb-export --db wl.db --format msd
cp out wl.msd
expect_status 0 "which the independent reader accepts" msdcheck wl.msd
expect_status 0 "and which imports" sb-import --db wl2.db wl.msd
sb-export --db wl2.db --format uss --keep > wl2.uss
# What an .msd cannot hold, left out of both sides:
#  - the header's own keys but the name, the project and the USS version
#    (an .msd has no id, author, dates, colours or episode of USS), and
#    what the .msd import adds (_msd*);
#  - element: Day Out of Days flags, drop days, days off, events, id lock;
#  - category ids: none; a category's ucid is guessed from its name;
#  - a breakdown's "created"; the order of its elements (an .msd names the
#    set, INT/EXT... as attributes first); type "strip" is "scene"; an
#    empty text is no text (an attribute does not tell them apart);
#  - banners are strips of a board: the one banner no board places is lost;
#  - lanes: an .msd board has shoot days, remaining strips and a boneyard;
#    the sample's flat "stripboard" lane reads back as "remaining", and a
#    board that leaves a breakdown off has it in its boneyard;
#  - calendar event ids, types and names are the .msd reader's spelling.
"$PYTHON3" - "$full" wl2.uss a.json b.json <<'EOF'
import json, sys
def load(p):
    return json.load(open(p, encoding="utf-8"))["universalScheduleStandard"]
a, b = load(sys.argv[1]), load(sys.argv[2])
def header(u):
    return {"name": u.get("name")}
def cats(u):
    return [c["name"] for c in u["categories"]]
def els(u):
    cn = {c["id"]: c["name"] for c in u["categories"]}
    return [[cn[e["category"]], e["name"], e.get("elementId")] for e in u["elements"]]
def bds(u):
    en = {e["id"]: e["name"] for e in u["elements"]}
    out = []
    for x in u["breakdowns"]:
        if x.get("type") == "banner":
            continue
        d = x.get("duration", x.get("time"))
        # an .msd attribute does not tell "" from no value
        t = lambda v: v if v != "" else None
        out.append([x["id"], t(x.get("scene")), t(x.get("description")), t(x.get("comments")),
                    t(x.get("scriptPage")), x.get("pages"), d,
                    sorted(en.get(i, i) for i in x.get("elements") or [])])
    return out
def boards(u):
    bt = {x["id"]: (x.get("bannerText") if x.get("type") == "banner" else x["id"])
          for x in u["breakdowns"]}
    out = []
    for s in u["stripboards"]:
        lanes = []
        for l in s["boards"]:
            ids = l.get("breakdownIds", l.get("breakdownArrays")) or []
            lanes.append([[bt[y] for y in (x if isinstance(x, list) else [x])]
                          if any(isinstance(z, list) for z in ids) else bt[x] for x in ids])
        out.append([s["name"], lanes])
    return out
def cals(u):
    return [[c["name"], sorted(c.get("daysOff") or []),
             sorted(e["date"][:10] for e in c.get("events") or [])] for c in u["calendars"]]
for f in (header, cats, els, bds, cals):
    json.dump(f(a), open(sys.argv[3] + "." + f.__name__, "w"), indent=0, ensure_ascii=False)
    json.dump(f(b), open(sys.argv[4] + "." + f.__name__, "w"), indent=0, ensure_ascii=False)
# the lanes: the flat "stripboard" lane is "remaining", an unplaced
# breakdown is at the end of the boneyard
ba, bb = boards(a), boards(b)
json.dump(ba, open(sys.argv[3] + ".boards", "w"), indent=0, ensure_ascii=False)
json.dump(bb, open(sys.argv[4] + ".boards", "w"), indent=0, ensure_ascii=False)
EOF
for part in header cats els bds cals; do
	same_json "USS -> .msd -> USS: the same $part" "a.json.$part" "b.json.$part"
done
"$PYTHON3" - a.json.boards b.json.boards <<'EOF' > boards.diff
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
for (na, la), (nb, lb) in zip(a, b):
    flat_a = [x for l in la for x in (sum(l, []) if l and isinstance(l[0], list) else l)]
    flat_b = [x for l in lb for x in (sum(l, []) if l and isinstance(l[0], list) else l)]
    days_a = [l for l in la if l and isinstance(l[0], list)]
    days_b = [l for l in lb if l and isinstance(l[0], list)]
    extra = flat_b[len(flat_a):]
    if na != nb or days_a != days_b or flat_b[:len(flat_a)] != flat_a and \
            [x for x in flat_b if x in flat_a] != [x for x in flat_a if x in flat_b]:
        print("board %s differs" % na)
    print("board %s: %d strips, %d added to the boneyard" % (na, len(flat_a), len(extra)))
if len(a) != len(b):
    print("boards differ in number")
EOF
if grep -q differs boards.diff; then not_ok "USS -> .msd -> USS: the same boards, days and order"; sed 's/^/# /' boards.diff
else ok "USS -> .msd -> USS: the same boards, days and order (the boneyard takes what a board left off)"; fi

done_testing
