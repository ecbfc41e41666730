#!/bin/sh
# sb-log revert of calendar edits (sb-day calendar): days off, holidays,
# days off, travel days, notes, a new start (its old start entry put back
# with its id) on two boards' calendars, and the days whose dates moved;
# the earlier exports (CSV, JSON, USS), calendar and day list come back
# byte for byte, versions aside; each calendar's version rises once more.
# A conflict (exit 5) and --dry-run leave the file byte-identical (cmp).
. "${top_srcdir:-.}/tests/cli/lib.sh"

revert_setup c.db
calv() { q "SELECT c.version FROM board b JOIN calendar c ON c.id = b.calendar_id WHERE b.name = '$1'"; }
exports() {
	revert_exports "$1" "First Pass"
	for b in "First Pass" "Rev. WHITE"; do
		sb-day --board "$b" calendar --format json | sed 's/"version":[0-9]*//g'
		sb-day --board "$b" list --format csv | cut -d, -f1-8
	done > "$1.cal"
}
exports before
v0=$(calv "First Pass")
start=$(last_audit)

check "days off, a holiday, a day off, a travel day, a note" sb-day -q --board "First Pass" \
    calendar --days-off fri,sat --holiday 2022-08-08 --off 2022-08-09 --travel 2022-08-10 \
    --note 2022-08-11=Party
check "a new start date" sb-day -q --board "First Pass" calendar --start 2022-07-25
check "another board's calendar" sb-day -q --board "Script Order" calendar --holiday 2022-08-18
check "a date cleared" sb-day -q --board "First Pass" calendar --clear 2022-08-09
ids=$(audit_after "$start")
exports during
check "the dates moved" sh -c '! cmp -s before.cal during.cal'

writes_nothing 0 "--dry-run" sb-log revert --dry-run $ids
check "says it would take the entries out" out_has '"undo":"took the calendar entry out again"'
check "and give the days off back" out_has '"undo":"gave the calendar its days off back"'

# a conflict: the calendar edited again since
sb-day -q --board "First Pass" calendar --holiday 2022-09-01
writes_nothing 5 "a revert over a later edit of the calendar is a conflict" sb-log revert $ids
check "the report names the calendar" sh -c 'json_ok out && grep -q "\"entity\":\"calendar\"" out'
check "the message says nothing was changed" err_has "nothing was changed"

# that later edit and the rest, newest first
end=$(last_audit)
expect_status 0 "revert every calendar edit" sb-log revert $(audit_after "$start")
check "puts the old start back" out_has '"undo":"put the calendar entry back"'
exports after
same_exports before after csv json uss cal
check "the calendar's version rose: a revert is a change" test "$(calv "First Pass")" -gt "$v0"
check "sb-log says so" sh -c 'sb-log --format table | grep -q "calendar"'

# reverting the revert gives the edits back
expect_status 0 "revert the revert" sb-log revert $(audit_after "$end")
sb-day --board "First Pass" calendar --format csv > cal.csv
check "the holiday is back" grep -q "holiday,2022-08-08" cal.csv
check "the note is back" grep -q "event,2022-08-11,Party" cal.csv

done_testing
