#!/bin/sh
# The shoot days kept before each calendar entry (calendar_day.shoot_n,
# share/schema/011-calendar-count.sql) stay those of the calendar through
# every writer: an import, days added, dropped and moved, strips moved,
# days off, holidays, days off, travel and work days, a note, a cleared
# date, a new start, a copied board's calendar, reverts of all of these;
# each time every entry's count is recomputed here from the entries (the
# last of a date in rank order decides, else the weekday) and compared,
# and the day listing, which enters the calendar at the last entry before
# the day it lists, gives the dates sb-export gives (which reads the
# whole calendar) for days at the start, middle and end, by number, by
# --from and by --expand=DATE.  An entry written behind the library's back
# is not counted (NULL), and the listing reads the whole calendar.
. "${top_srcdir:-.}/tests/cli/lib.sh"

needs python3 sqlite3

cat > counts.py <<'PY'
import datetime, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
eff = {"off": 0, "holiday": 0, "travel": 0, "work": 1}
bad, n = [], 0
def parse(s):
    try:
        return datetime.date.fromisoformat(s)
    except (TypeError, ValueError):
        return None
for cid, off, counted in db.execute("SELECT id, days_off, counted FROM calendar"):
    rows = db.execute("SELECT id, date, kind, rank, shoot_n FROM calendar_day"
                      " WHERE calendar_id = ? ORDER BY rank, id", (cid,)).fetchall()
    if counted != 1:
        bad.append("calendar %d: not counted (%s)" % (cid, counted))
        continue
    mask = {int(c) for c in (off or "") if c.isdigit()}
    starts = [parse(r[1]) for r in rows if r[2] == "start" and parse(r[1])]
    kinds = {}
    for r in rows:
        if r[2] in eff and parse(r[1]):
            kinds[parse(r[1])] = eff[r[2]]     # rank order: the last holds
    for r in rows:
        d = parse(r[1])
        if not starts or d is None:
            want = -1
        else:
            want, day = 0, starts[0]
            while day < d:
                k = kinds.get(day)
                want += k if k is not None else ((day.weekday() + 1) % 7 not in mask)
                day += datetime.timedelta(days=1)
        n += 1
        if r[4] != want:
            bad.append("calendar %d entry %d (%s %s): %s, not %s" % (cid, r[0], r[1], r[2], r[4], want))
if bad:
    sys.exit("\n".join(bad[:10]))
print("%d entries counted right" % n)
PY

revert_setup c.db
board="First Pass"
# the day listing against sb-export's dates, at the start, middle and end
days_right() {
	sb-export --board "$board" --format csv | python3 -c '
import csv, sys
seen = {}
for r in csv.DictReader(sys.stdin):
    if r["day"].isdigit() and r["date"]:
        seen.setdefault(int(r["day"]), r["date"])
for k in sorted(seen):
    print(k, seen[k])' > oracle || return 1
	total=$(wc -l < oracle)
	for line in 1 2 $((total / 2)) $((total - 1)) "$total"; do
		set -- $(sed -n "${line}p" oracle)
		got=$(sb-day list --board "$board" --after $(($1 - 1)) --limit 1 --format csv |
		    sed -n 2p | cut -d, -f2,3)
		[ "$got" = "$1,$2" ] || { echo "day $1: listed $got, exported $2" >&2; return 1; }
		got=$(sb-day list --board "$board" --from "$2" --limit 1 --format csv |
		    sed -n 2p | cut -d, -f2)
		[ "$got" = "$1" ] || { echo "--from $2: day $got, not $1" >&2; return 1; }
		got=$(sb-day list --board "$board" --expand="$2" --format csv |
		    grep -c "^strip,")
		[ "$got" -gt 0 ] || { echo "--expand=$2: no strips" >&2; return 1; }
	done
}
both() {
	check "$1: every entry's count is right" python3 counts.py c.db
	check "$1: the listing's dates are the export's" days_right
}
both "imported"
start=$(last_audit)

sb-day -q --board "$board" add --after 3 --count 2 || exit 99
both "two days added"
sb-day -q --board "$board" drop 10 --to next || exit 99
both "a day dropped"
sb-day -q --board "$board" move 5 --after 20 || exit 99
both "a day moved"
sb-reorder --board "$board" move 46 --to 2 >/dev/null || exit 99
both "a strip moved"
sb-day -q --board "$board" calendar --days-off fri,sat || exit 99
both "new days off"
sb-day -q --board "$board" calendar --holiday 2022-08-10 --off 2022-08-16 \
    --travel 2022-09-21 --note 2022-09-22=Party || exit 99
both "a holiday, a day off, a travel day and a note"
sb-day -q --board "$board" calendar --work 2022-08-19 --work 2022-09-16 || exit 99
both "two work days on days off"
sb-day -q --board "$board" calendar --holiday 2022-08-19 || exit 99
both "a holiday over a work day, written later"
sb-day -q --board "$board" calendar --clear 2022-08-16 || exit 99
both "a date cleared"
sb-day -q --board "$board" calendar --start 2022-07-27 || exit 99
both "a new start"
sb-board -q new "Copy" --from "$board" || exit 99
board=Copy
both "a board copied with its calendar"
sb-day -q --board Copy calendar --holiday 2022-08-24 || exit 99
both "the copy's calendar changed"
board="First Pass"
both "the original's unchanged"

check "the reverts" sb-log -q revert $(audit_after "$start" | sort -rn)
both "everything reverted"
check "the counts are those of the import" python3 counts.py c.db

# An entry written behind the library's back: its count is NULL.
cal=$(q "SELECT calendar_id FROM board WHERE name = 'First Pass'")
db_exec c.db "INSERT INTO calendar_day (calendar_id, rank, date, kind)
    VALUES ($cal, 99, '2022-08-24', 'holiday')" || exit 99
run python3 counts.py c.db
is "a hand-written entry: the counts are stale" "$rc" 1
check "and the listing, reading the whole calendar, still matches" days_right
is "day 16 moved past the holiday" \
    "$(sb-day list --board "$board" --after 15 --limit 1 --format csv | sed -n 2p | cut -d, -f3)" \
    "$(awk '$1 == 16 { print $2 }' oracle)"
sb-day -q --board "$board" calendar --holiday 2022-09-02 || exit 99
both "the next write counts it again"
done_testing
