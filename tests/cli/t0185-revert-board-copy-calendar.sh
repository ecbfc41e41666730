#!/bin/sh
# sb-log revert of `sb-board new --from` alone takes out the calendar the
# copy was made with (its own, audited in a row of its own before the
# board's), as sb-board drop does: no calendar is left without a board.
# The revert's row keeps the calendar, and the calendar gets a row of its
# own, so that a revert of the revert brings the board back with it, byte
# for byte.  Reverting both rows (the calendar's and the board's) leaves
# the calendar to its own row; a calendar another board has stays.
. "${top_srcdir:-.}/tests/cli/lib.sh"

revert_setup c.db
exports() {
	sb-board list --format csv | cut -d, -f1-6 > "$1.list"
	sb-export --board Copy --format csv > "$1.csv"
	sb-day --board Copy list --format csv > "$1.days"
	sb-day --board Copy calendar --format csv | cut -d, -f1,3- > "$1.cal"
}

cals=$(q "SELECT count(*) FROM calendar")
is "the sample leaves no calendar without a board" "$(orphan_calendars)" 0
check "a copy of Second Pass" sb-board -q new Copy --from "Second Pass"
made=$(last_audit)
cal=$(q "SELECT calendar_id FROM board WHERE name = 'Copy'")
uid=$(q "SELECT uid FROM calendar WHERE id = $cal")
is "the copy has a calendar of its own, made in a row before the board's" \
    "$(q "SELECT entity || ':' || entity_id || ':' || version_before FROM audit
    WHERE id = $((made - 1))")" "calendar:$cal:0"
check "a holiday on the copy's calendar" sb-day -q --board Copy calendar --holiday 2022-12-26
exports before
db_copy c.db before.db

writes_nothing 0 "--dry-run of the making's revert" sb-log revert --dry-run "$made"
check "says it would take the calendar too" out_has "took the board out again with its calendar"

expect_status 0 "revert the making of the copy alone" sb-log revert "$made"
is "the board is gone" "$(q "SELECT count(*) FROM board WHERE name = 'Copy'")" 0
is "its calendar went with it" "$(q "SELECT count(*) FROM calendar WHERE id = $cal")" 0
is "its entries too" "$(q "SELECT count(*) FROM calendar_day WHERE calendar_id = $cal")" 0
is "no calendar is left without a board" "$(orphan_calendars)" 0
is "as many calendars as before the copy" "$(q "SELECT count(*) FROM calendar")" "$cals"
back=$(q "SELECT max(id) FROM audit WHERE entity = 'board'")
is "the revert's row keeps the calendar" \
    "$(q "SELECT json_extract(changes, '\$.calendar.id') || ':' ||
        json_extract(changes, '\$.calendar.set.uid[0]') FROM audit WHERE id = $back")" "$cal:$uid"
is "and the calendar's own row says it went" \
    "$(q "SELECT entity || ':' || entity_id || ':' || version_after FROM audit
    WHERE id = $((back + 1))")" "calendar:$cal:0"
check "the trail verifies" sb-log --verify

expect_status 0 "revert the revert (the board's row alone)" sb-log revert "$back"
is "the calendar is back with its id and uid" \
    "$(q "SELECT id || ':' || uid FROM calendar WHERE id = $cal")" "$cal:$uid"
exports after
for f in list csv days cal; do
	check "the $f output is the earlier one, byte for byte" cmp before.$f after.$f
done
is "no calendar is left without a board" "$(orphan_calendars)" 0

# both rows in one revert: the calendar's own row takes it out
db_copy before.db both.db
db=both.db
expect_status 0 "revert the calendar's making and the board's, and the holiday" \
    sb-log --db both.db revert $(audit_after $((made - 2)))
is "the calendar is gone" "$(q "SELECT count(*) FROM calendar WHERE id = $cal")" 0
is "no calendar is left without a board" "$(orphan_calendars)" 0
is "taken out once, by its own row's revert" \
    "$(q "SELECT count(*) FROM audit WHERE entity = 'calendar' AND entity_id = $cal
    AND version_after = 0")" 1
check "the trail verifies" sb-log --db both.db --verify

# a board made without --from has no calendar of its own: nothing more goes
db_copy before.db plain.db
db=plain.db
check "a board made empty" sb-board -q --db plain.db new Empty
expect_status 0 "its making reverted" sb-log --db plain.db revert "$(last_audit)"
is "the calendars are as they were" "$(q "SELECT count(*) FROM calendar")" "$((cals + 1))"

done_testing
