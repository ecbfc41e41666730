#!/bin/sh
# sb-log revert of calendar edits (sb-day calendar): days off, holidays,
# days off, travel days, notes, a new start (its old start entry put back
# with its id) on two boards' calendars, and the days whose dates moved;
# the earlier exports (CSV, JSON, USS), calendar and day list come back
# byte for byte, versions aside; each calendar's version rises once more.
# A conflict (exit 5) and --dry-run leave the file byte-identical (cmp).
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db c.db "$full" || exit 99
export SB_DB=c.db
db=c.db
last() { q "SELECT max(id) FROM audit"; }
calv() { q "SELECT c.version FROM board b JOIN calendar c ON c.id = b.calendar_id WHERE b.name = '$1'"; }
exports() {
	sb-export --board "First Pass" --format csv | cut -d, -f1-5,7- > "$1.csv"
	sb-export --format json | sed 's/"version":[0-9]*//g' > "$1.json"
	sb-export --format uss > "$1.uss"
	for b in "First Pass" "Rev. WHITE"; do
		sb-day --board "$b" calendar --format json | sed 's/"version":[0-9]*//g'
		sb-day --board "$b" list --format csv | cut -d, -f1-8
	done > "$1.cal"
}
exports before
v0=$(calv "First Pass")
start=$(last)

check "days off, a holiday, a day off, a travel day, a note" sb-day -q --board "First Pass" \
    calendar --days-off fri,sat --holiday 2022-08-08 --off 2022-08-09 --travel 2022-08-10 \
    --note 2022-08-11=Party
check "a new start date" sb-day -q --board "First Pass" calendar --start 2022-07-25
check "another board's calendar" sb-day -q --board "Script Order" calendar --holiday 2022-08-18
check "a date cleared" sb-day -q --board "First Pass" calendar --clear 2022-08-09
end=$(last)
ids=$(ids_after "$start" "$end")
exports during
check "the dates moved" sh -c '! cmp -s before.cal during.cal'

cp c.db pre.db
before=$(snapshot "$db")
expect_status 0 "--dry-run" sb-log revert --dry-run $ids
check "says it would take the entries out" out_has '"undo":"took the calendar entry out again"'
check "and give the days off back" out_has '"undo":"gave the calendar its days off back"'
is "--dry-run writes nothing" "$(snapshot "$db")" "$before"
check "the file is byte-identical" cmp c.db pre.db

# a conflict: the calendar edited again since
sb-day -q --board "First Pass" calendar --holiday 2022-09-01
cp c.db pre.db
before=$(snapshot "$db")
expect_status 5 "a revert over a later edit of the calendar is a conflict" sb-log revert $ids
check "the report names the calendar" sh -c 'json_ok out && grep -q "\"entity\":\"calendar\"" out'
check "the message says nothing was changed" err_has "nothing was changed"
is "the database is unchanged" "$(snapshot "$db")" "$before"
check "byte for byte (cmp)" cmp c.db pre.db

# that later edit and the rest, newest first
end=$(last)
ids=$(ids_after "$start" "$end")
expect_status 0 "revert every calendar edit" sb-log revert $ids
check "puts the old start back" out_has '"undo":"put the calendar entry back"'
exports after
for f in csv json uss cal; do
	check "the $f export is the earlier one, byte for byte" cmp before.$f after.$f
done
check "the calendar's version rose: a revert is a change" test "$(calv "First Pass")" -gt "$v0"
check "sb-log says so" sh -c 'sb-log --format table | grep -q "calendar"'

# reverting the revert gives the edits back
s2=$end
end=$(last)
expect_status 0 "revert the revert" sb-log revert $(ids_after "$s2" "$end")
sb-day --board "First Pass" calendar --format csv > cal.csv
check "the holiday is back" grep -q "holiday,2022-08-08" cal.csv
check "the note is back" grep -q "event,2022-08-11,Party" cal.csv

done_testing
