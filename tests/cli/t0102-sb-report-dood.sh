#!/bin/sh
# sb-report dood on the full sample: golden files for two boards (First
# Pass, with a company travel day and two holidays, and Second Pass), five
# cast members checked by hand against the rules, every option, and
# --explain for every code.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
rp() { sb-report --board "First Pass" "$@"; }

# cell FILE NAME DATE: the code of NAME on DATE in a DOOD CSV ("." blank)
cell() {
	awk -F, -v who="$2" -v d="$3" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	    $4 == who { v = $(col[d]); print v == "" ? "." : v }' "$1"
}
# totals FILE NAME: work hold holiday travel idle drop start finish total
totals() { awk -F, -v who="$2" '$4 == who { print $(NF-8), $(NF-7), $(NF-6), $(NF-5), $(NF-4), $(NF-3), $(NF-2), $(NF-1), $NF }' "$1"; }
# workdates FILE NAME: the dates of NAME's work cells, in order
workdates() {
	awk -F, -v who="$2" 'NR == 1 { for (i = 1; i <= NF; i++) key[i] = $i; next }
	    $4 == who { for (i = 5; i <= NF; i++) if ($i ~ /^(SW|W|WF|SWF|PW|PWF|WD|SWD)$/) printf "%s ", key[i] }' "$1"
}
# exported N:NAME: the dates of the shoot days whose strips (not omitted)
# name the cast member, from sb-export: the same facts by another road
exported() {
	sb-export --board "First Pass" --format csv | "${PYTHON3:-python3}" -c '
import csv, sys
dates = {r["date"] for r in csv.DictReader(sys.stdin)
         if r["omitted"] == "0" and r["date"] and sys.argv[1] in r["Cast"].split("; ")}
print(" ".join(sorted(dates)), end=" ")' "$1"
}

expect_status 0 "First Pass as CSV" rp dood --format csv
check "is the golden file" same_file out "$expected/dood-first-pass.csv"
cp out fp.csv
expect_status 0 "Second Pass as CSV" sb-report --board "Second Pass" dood --format csv
check "is the golden file" same_file out "$expected/dood-second-pass.csv"
expect_status 0 "First Pass as a table" rp dood --format table
check "is the golden file" same_file out "$expected/dood-first-pass.table"
check "columns run from the first shoot day to the last" \
    sh -c 'head -n 1 fp.csv | grep -q "^row,category,id,element,2022-08-03,.*,2022-10-28,work,hold,holiday,travel,idle,drop,start,finish,total$"'
check "one row per cast member who works (56 of 59), in cast number order" \
    test "$(tail -n +2 fp.csv | wc -l)|$(sed -n 2p fp.csv | cut -d, -f3,4)" = "56|1,GEORGE"

# Five cast members, checked by hand (the calendar: start 2022-08-03,
# weekends off, a company travel day on Sunday 2022-08-07, holidays on
# 2022-09-05 and 2022-10-10; every cast member allows holds and drops, with
# a drop-day count of 10).  First, for each, the work cells fall on exactly
# the dates sb-export gives their strips.
for who in 1:GEORGE 3:HARRY 31:ED 10:COUSIN\ EUSTACE 7:BERT; do
	name=${who#*:}
	is "$name works on the dates of the shoot days of their strips" \
	    "$(workdates fp.csv "$name")" "$(exported "$who")"
done
# GEORGE (1), a holiday inside the run: starts on day 1, finishes on day
# 61; the holidays 09-05 and 10-10 fall in his run (/), the company travel
# day 08-07 is TR, day 3 (08-05) has no scene of his: H; Saturday blank.
is "GEORGE: SW, WF, holidays, travel, hold, weekend" \
    "$(for d in 2022-08-03 2022-10-28 2022-09-05 2022-10-10 2022-08-07 2022-08-05 2022-08-06; do cell fp.csv GEORGE $d; done | tr '\n' ' ')" \
    "SW WF / / TR H . "
is "GEORGE's totals: 56 + 5 held + 2 holidays + 1 travel = 64" "$(totals fp.csv GEORGE)" \
    "56 5 2 1 0 0 2022-08-03 2022-10-28 64"
# HARRY (3), a drop: works 08-04, 08-08, 08-10, 08-16, then not until
# 09-13: 27 calendar days, at least 10, so a drop: D on its 19 weekdays
# (the 09-05 holiday with them: he is off the payroll), PW on 09-13.  The
# gap 09-24..10-03 is 10 days too, but one drop is the default: held.
is "HARRY: held before the drop, D in it, PW after, held in the second gap" \
    "$(for d in 2022-08-09 2022-08-16 2022-08-17 2022-08-20 2022-09-05 2022-09-12 2022-09-13 2022-09-26 2022-10-27; do cell fp.csv HARRY $d; done | tr '\n' ' ')" \
    "H W D . D D PW H WF "
is "HARRY's totals: 19 dropped days are idle" "$(totals fp.csv HARRY)" \
    "9 32 1 1 19 19 2022-08-04 2022-10-27 43"
# ED (31), a one-day performer: scene 60 on day 23, 2022-09-02, alone.
is "ED: SWF on 09-02, nothing else" "$(cell fp.csv ED 2022-09-02)|$(awk -F, '$4 == "ED" { for (i = 5; i <= NF - 9; i++) n += $i != ""; print n }' fp.csv)" "SWF|1"
is "ED's totals" "$(totals fp.csv ED)" "1 0 0 0 0 0 2022-09-02 2022-09-02 1"
# COUSIN EUSTACE (10), a holiday inside a short run: 08-24 to 09-07, works
# 08-24, 09-01, 09-06, 09-07; the gaps are short (held); 09-05 is /.
is "COUSIN EUSTACE: SW, held, W, /, WF" \
    "$(for d in 2022-08-24 2022-08-25 2022-09-01 2022-09-02 2022-09-05 2022-09-06 2022-09-07 2022-09-08; do cell fp.csv "COUSIN EUSTACE" $d; done | tr '\n' ' ')" \
    "SW H W H / W WF . "
is "COUSIN EUSTACE's totals: 4 + 6 held + 1 holiday" "$(totals fp.csv "COUSIN EUSTACE")" \
    "4 6 1 0 0 0 2022-08-24 2022-09-07 11"
# BERT (7), a drop right after his start: 08-11, then 08-24 (12 days):
# D on the 8 weekdays between, PW on 08-24.
is "BERT: SW, D, PW" \
    "$(for d in 2022-08-11 2022-08-12 2022-08-23 2022-08-24 2022-08-25 2022-10-18; do cell fp.csv BERT $d; done | tr '\n' ' ')" \
    "SW D D PW H WF "
is "BERT's totals" "$(totals fp.csv BERT)" "7 32 2 0 8 8 2022-08-11 2022-10-18 41"

# the options
expect_status 0 "--drop-blank" rp dood --drop-blank --format csv
is "  HARRY's drop is blank, PW stays, still counted" \
    "$(cell out HARRY 2022-08-17)$(cell out HARRY 2022-09-13)|$(totals out HARRY | cut -d' ' -f6)" ".PW|19"
expect_status 0 "--drop-on-last" rp dood --drop-on-last --format csv
is "  WD on HARRY's last work day before the drop, the drop blank" \
    "$(cell out HARRY 2022-08-16)$(cell out HARRY 2022-08-17)$(cell out HARRY 2022-09-13)" "WD.PW"
expect_status 2 "--drop-blank with --drop-on-last is a usage error" rp dood --drop-blank --drop-on-last
expect_status 0 "--drops all" rp dood --drops all --format csv
is "  HARRY drops in the second gap too" "$(cell out HARRY 2022-09-26)$(cell out HARRY 2022-10-04)" "DPW"
expect_status 0 "--drops 1 is the default" rp dood --drops 1 --format csv
check "  the same report" same_file out fp.csv
expect_status 2 "--drops 0 is a usage error" rp dood --drops 0
expect_status 0 "--drop-days 30" rp dood --drop-days 30 --format csv
check "  changes nothing: every element has its own count" same_file out fp.csv
db_exec wl.db "UPDATE element SET drop_days = NULL WHERE name = 'HARRY'" || exit 99
expect_status 0 "--drop-days 30 for an element without a count" rp dood --drop-days 30 --format csv
is "  HARRY's 27-day gap is held" "$(cell out HARRY 2022-08-17)" H
db_exec wl.db "UPDATE element SET drop_days = 10, is_hold = 0 WHERE name = 'HARRY'" || exit 99
expect_status 0 "an element without holds" rp dood --format csv
is "  HARRY is blank where he was held, and idle" \
    "$(cell out HARRY 2022-08-09)$(cell out HARRY 2022-09-26)|$(totals out HARRY | cut -d' ' -f2,5)" "..|0 51"
db_exec wl.db "UPDATE element SET is_hold = 1, is_dood = 0 WHERE name = 'HARRY'" || exit 99
expect_status 0 "an element kept off the Day Out of Days" rp dood --format csv
check "  has no row" test "$(grep -c ',HARRY,' out)" = 0
db_exec wl.db "UPDATE element SET is_dood = 1 WHERE name = 'HARRY'" || exit 99
before=$(snapshot wl.db)
expect_status 0 "--start-paid" rp dood --start-paid --format csv
check "  the columns start at GEORGE's travel day, 2022-06-06" \
    sh -c 'head -n 1 out | grep -q "^row,category,id,element,2022-06-06,2022-06-07,"'
is "  GEORGE starts with travel (ST), then rehearses (R) and works (W)" \
    "$(cell out GEORGE 2022-06-06) $(cell out GEORGE 2022-06-07) $(cell out GEORGE 2022-08-03) $(totals out GEORGE | cut -d' ' -f7)" \
    "ST R W 2022-06-06"
is "  the days between are held: paid" "$(cell out GEORGE 2022-06-08)" H
expect_status 0 "without it the events before the run show, the start stays" rp dood --format csv --categories Cast
check "  (outside the columns: the same golden file)" same_file out fp.csv
expect_status 0 "--paid-events" rp dood --start-paid --paid-events --format csv
check "  adds the rehearsal to GEORGE's total" test "$(totals out GEORGE | cut -d' ' -f9)" -gt 64
expect_status 0 "--categories Stunts" rp dood --categories Stunts --format ndjson
check "  stunts, with their dates nested" sh -c 'json_ok -l out && grep -q "\"category\":\"Stunts\",.*\"days\":{\"20" out'
expect_status 0 "as JSON" rp dood --format json
check "  parses, with only the dates that have a code" sh -c 'json_ok out && ! grep -q "\"2022-08-06\"" out && grep -q "\"2022-08-03\":\"SW\"" out'
expect_status 0 "a board with no shoot days" sb-report --board "Script Order" dood --format csv
is "  has the header alone" "$(wc -l < out)|$(cut -d, -f1-5 out)" "1|row,category,id,element,work"
printf 'board,day,strip_id,scene\nB,1,s1,1\n' > nodates.csv
sb-import -q --db nocal.db nodates.csv || exit 99
expect_status 2 "a board without a calendar" sb-report --db nocal.db dood
check "  says a Day Out of Days needs dates" err_has "a Day Out of Days needs the dates of its days"

# --explain: one of each code, in words
explains() {
	want=$1 pattern=$2; shift 2
	run rp dood --format table --explain "$@"
	if [ "$rc" -eq 0 ] && tail -n 1 out | grep -q -- ": $want - " &&
	    tail -n 1 out | grep -q -- "$pattern"; then ok "--explain $* is $want: $pattern"
	else not_ok "--explain $* is $want: $pattern"; fi
}
explains SW "a work day: shoot day 1 has GEORGE in scene .*the first work day" GEORGE 2022-08-03
explains W "a work day: shoot day 2 has GEORGE in scenes 17, 115a, 117a" 1 2022-08-04
explains WF "the last work day, so the finish (started 2022-08-03)" GEORGE 2022-10-28
explains SWF "shoot day 23 has ED in scene 60; the only work day" ED 2022-09-02
explains H "a gap of 3 calendar days (shoot day 3 has no scene with GEORGE); GEORGE allows holds, and the gap is shorter than its drop-day count (10)" george 2022-08-05
explains H "the gap is long enough to drop, but HARRY has had the 1 drop allowed" HARRY 2022-09-26
explains D "a gap of 27 calendar days .*HARRY allows drops and the gap is at least its drop-day count (10), so it is dropped (D)" HARRY 2022-08-17
explains blank "this date is a company day off, blank in a drop" HARRY 2022-08-20
explains PW "the first work day after a drop: picked up (PW)" HARRY 2022-09-13
explains WD "the last work day before a drop, which --drop-on-last marks here" HARRY 2022-08-16 --drop-on-last
explains / "a company holiday in the calendar, inside the run of GEORGE" GEORGE 2022-09-05
explains TR "a company travel day in the calendar, inside the run of GEORGE" GEORGE 2022-08-07
explains TR "before the run of GEORGE (2022-08-03 to 2022-10-28), but GEORGE has the event \"travel\"" GEORGE 2022-06-06
explains ST "travel \"travel\" on this date is before the first work day, and --start-paid" GEORGE 2022-06-06 --start-paid
explains R "GEORGE's event \"rehearsal\" on this date (rehearsal)" GEORGE 2022-06-07 --start-paid
explains blank "a company day off (a weekly day off), inside the run of GEORGE" GEORGE 2022-08-06
explains blank "after the run of ED" ED 2022-09-05
db_copy wl.db fit.db
db_exec fit.db "INSERT INTO element_event (element_id, rank, type, name, date) SELECT id, 9, 'event', 'fitting', '2022-08-05' FROM element WHERE name = 'GEORGE'" || exit 99
run sb-report --db fit.db --board "First Pass" dood --format csv
is "a fitting in the run is FT" "$(cell out GEORGE 2022-08-05)" FT
run sb-report --db fit.db --board "First Pass" dood --format table --explain GEORGE 2022-08-05
check "--explain of FT names the fitting" sh -c 'tail -n 1 out | grep -q ": FT - GEORGE.s event \"fitting\" on this date (fitting)"'
expect_status 0 "--explain as JSON" rp dood --format json --explain GEORGE 2022-08-03
check "  one object with the code and the reason" sh -c 'json_ok out && grep -q "\"code\":\"SW\",\"day\":1,\"why\":\"a work day" out'
expect_status 4 "--explain of an element not in the report" rp dood --explain Dragon 2022-08-03
check "  says so" err_has 'no element "Dragon" in the Day Out of Days'
expect_status 2 "--explain without a date" rp dood --explain GEORGE
expect_status 2 "--explain of a bad date" rp dood --explain GEORGE 2022-13-01
expect_status 2 "a date without --explain" rp dood 2022-08-03
expect_status 2 "--explain is for dood only" rp elements --explain GEORGE 2022-08-03
is "the database is unchanged by the reports" "$(snapshot wl.db)" "$before"
done_testing
