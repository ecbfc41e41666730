#!/bin/sh
# sb-report ics: the shoot days of a board as an RFC 5545 calendar, read
# back by an independent parser (tests/tools/icscheck.py: CRLF, folds of
# at most 75 octets that never cut a character, nesting, the properties
# each component must have, escaped text): one all-day event per shoot day
# on the date sb-day lists for it, the holidays and the travel day; UIDs
# unique and the same on a second run (the same bytes, in fact), and the
# same again after a strip moves, when only the two days it left and
# joined say something new; one actor's days with --element; refusals.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if [ -z "${PYTHON3:-}" ]; then
	echo "1..0 # SKIP no python3 to read the calendar back"
	exit 0
fi
ics() { "$PYTHON3" "$top_srcdir/tests/tools/icscheck.py" "$@"; }

sb-import -q --db wl.db "$full" || exit 99
expect_status 0 "sb-report ics writes the board's calendar" \
    sb-report --db wl.db --board "First Pass" ics
mv out a.ics
expect_status 0 "  ... the only format it has is ics" \
    sb-report --db wl.db --board "First Pass" ics --format ics
if same_file out a.ics; then ok "  ... the same bytes"; else not_ok "  ... the same bytes"; fi
if ics a.ics > a.tsv 2>err; then ok "an independent parser reads it, strictly"
else not_ok "an independent parser reads it, strictly"; fi

sb-day --db wl.db --board "First Pass" list --format csv |
    awk -F, 'NR > 1 { print $2 "\t" $3 }' > days.tsv
# the shoot-day events as "DAY<TAB>DATE", by the day number in their UIDs
awk -F'\t' '$1 ~ /-day-[0-9]+@/ { d = $1; sub(/.*-day-/, "", d); sub(/@.*/, "", d); print d "\t" $2 }' \
    a.tsv | sort -n > events.tsv
is "one event a shoot day" "$(wc -l < events.tsv)" "$(wc -l < days.tsv)"
if cmp -s events.tsv days.tsv; then ok "each on the date sb-day gives the day"
else not_ok "each on the date sb-day gives the day"; diff days.tsv events.tsv | head -5 | sed 's/^/# /'; fi
is "all-day: each ends the next day" "$("$PYTHON3" -c '
import datetime, sys
d = datetime.date.fromisoformat
print(all(d(e) - d(s) == datetime.timedelta(1) for _, s, e, *_ in
          (l.rstrip("\n").split("\t") for l in open(sys.argv[1]))))' a.tsv)" True
is "UIDs are unique" "$(cut -f1 a.tsv | sort -u | wc -l)" "$(wc -l < a.tsv)"
is "day 4's summary: its number, pages and sets" \
    "$(awk -F'\t' '$1 ~ /-day-4@/ { print $4 }' a.tsv)" \
    "Day 4 · 7 2/8 pgs · BAILEY HOME - DINING ROOM, BEDFORD FALLS - MAIN STREET"
uid4=$(awk -F'\t' '$1 ~ /-day-4@/ { print $1 }' a.tsv)
ics -d "$uid4" a.ics > desc4
is "  ... and its strips in its description" "$(sed -n '1p;2p' desc4)" \
"Shoot day 4 of First Pass
Sc. 18 — INT BAILEY HOME - DINING ROOM — NIGHT — 6 7/8 pgs — cast 1, 2, 3 — George eats a home cooked meal, tells Pop he has to travel"
is "the holidays and the travel day" \
    "$(awk -F'\t' '$1 !~ /-day-/ { print $2 " " $4 }' a.tsv)" \
"2022-08-07 Travel day
2022-09-05 Holiday
2022-10-10 Holiday"

# A move: the same UIDs; only the two days concerned and the stamps change.
sb-reorder -q --db wl.db --board "First Pass" move 18 --to 5 || exit 99
sb-report --db wl.db --board "First Pass" ics > b.ics && ics b.ics > b.tsv || not_ok "the feed after a move"
is "after a move, the same UIDs" "$(cut -f1 b.tsv)" "$(cut -f1 a.tsv)"
is "  ... and only days 4 and 5 say something new" \
    "$(diff a.tsv b.tsv | awk -F'\t' '/^> / { d = $1; sub(/.*-day-/, "", d); sub(/@.*/, "", d); print d }' | tr '\n' ' ')" "4 5 "
# DTSTAMP, each event's own: when its information last changed (RFC 5545,
# a published calendar), from the audit trail
db=wl.db
stamp_of() { echo "$1" | sed 's/[-:]//g; s/\.[0-9]*//'; }
import_at=$(stamp_of "$(q "SELECT max(at) FROM audit WHERE entity = 'project'")")
move_at=$(stamp_of "$(q "SELECT max(at) FROM audit")")
is "before the move, every DTSTAMP is the time of the import" \
    "$(cut -f5 a.tsv | sort -u)" "$import_at"
is "  ... after it, days 4 and 5 have the time of the move" \
    "$(awk -F'\t' '$1 ~ /-day-[45]@/ { print $5 }' b.tsv | sort -u)" "$move_at"
is "  ... and every other event keeps its stamp" \
    "$(awk -F'\t' '$1 !~ /-day-[45]@/ { print $5 }' b.tsv | sort -u)" "$import_at"
sb-report --db wl.db --board "First Pass" --output feed.ics ics 2>/dev/null
touch -d 2001-01-01 feed.ics
sb-report --db wl.db --board "First Pass" --output feed.ics ics 2>err
check "  ... so a second run leaves --output untouched" err_has "unchanged, left as it was"
is "  ... not even its time" "$(date -u -r feed.ics +%Y)" 2001
sleep 1
sb-day -q --db wl.db --board "First Pass" calendar --holiday 2022-09-12 >/dev/null 2>&1 || not_ok "a holiday added"
hol_at=$(stamp_of "$(q "SELECT max(at) FROM audit")")
sb-report --db wl.db --board "First Pass" ics > h.ics && ics h.ics > h.tsv || not_ok "the feed after a holiday"
is "a new holiday: its event has the time it was added" \
    "$(awk -F'\t' '$2 == "2022-09-12" { print $5 }' h.tsv)" "$hol_at"
is "  ... as have the shoot days whose date it moved, and no others" \
    "$(awk -F'\t' '$1 ~ /-day-/ && $5 == "'"$hol_at"'" { print $2 }' h.tsv | sort | head -n 1)" \
    "$(sb-day --db wl.db --board "First Pass" list --format csv | awk -F, 'NR > 1 && $3 > "2022-09-12" { print $3; exit }')"

# One actor's days.
expect_status 0 "--element: one actor's days" \
    sb-report --db wl.db --board "First Pass" ics --element "CLARENCE"
ics out > c.tsv || not_ok "  ... read back"
want=$(sb-export --db wl.db --board "First Pass" --format csv | "$PYTHON3" -c '
import csv, sys
rows = csv.DictReader(sys.stdin)
print(len({r["day"] for r in rows if r["day"] not in ("", "boneyard") and any(c.split(":", 1)[-1] == "CLARENCE" for c in r["Cast"].split("; "))}))')
is "  ... an event for each day his strips are shot" \
    "$(grep -c -- '-day-' c.tsv)" "$want"
if awk -F'\t' '$1 ~ /-day-/ && $4 !~ /^CLARENCE · Day [0-9]+ · / { exit 1 }' c.tsv; then
	ok "  ... each summary names him, the day and his scenes"
else not_ok "  ... each summary names him, the day and his scenes"; fi

expect_status 4 "an element that is not there: exit 4" \
    sb-report --db wl.db --board "First Pass" ics --element "NOBODY"
if err_has 'no element is called "NOBODY"'; then ok "  ... said"; else not_ok "  ... said"; fi
expect_status 4 "a board that is not there: exit 4" \
    sb-report --db wl.db --board "Nothing" ics
expect_status 2 "ics is not written as csv: exit 2" \
    sb-report --db wl.db --board "First Pass" ics --format csv
expect_status 2 "--element belongs to ics alone: exit 2" \
    sb-report --db wl.db --board "First Pass" board --element CLARENCE
done_testing
