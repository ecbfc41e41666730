#!/bin/sh
# sb-board drop takes the board's own calendar with it when no other board
# has it (a copy's, made by new --from): no orphan calendar is left, in the
# same transaction, audited (the calendar's own row, and the drop's row
# keeps it).  sb-log revert of the drop alone puts the calendar back with
# its id, uid and entries: the exports, sb-day list and the calendar are
# byte for byte the earlier ones (the calendar's version aside: a revert is
# a change).  A calendar shared with another board stays.  A
# calendar of its id made since is a conflict (exit 5, file unchanged);
# --dry-run writes nothing.
. "${top_srcdir:-.}/tests/cli/lib.sh"

revert_setup b.db
exports() {
	sb-board list --format csv | cut -d, -f1-6 > "$1.list"
	sb-export --board Copy --format csv > "$1.csv"
	sb-day --board Copy list --format csv > "$1.days"
	sb-day --board Copy calendar --format csv | cut -d, -f1,3- > "$1.cal"
	sb-export --format json | sed 's/"version":[0-9]*//g' > "$1.json"
	sb-export --format uss > "$1.uss"
}

cals=$(q "SELECT count(*) FROM calendar")
is "the sample leaves no calendar without a board" "$(orphan_calendars)" 0
check "a copy of Second Pass" sb-board -q new Copy --from "Second Pass"
check "its calendar, with a holiday of its own" \
    sb-day -q --board Copy calendar --holiday 2022-12-26 --days-off Sat,Sun
cal=$(q "SELECT calendar_id FROM board WHERE name = 'Copy'")
uid=$(q "SELECT uid FROM calendar WHERE id = $cal")
is "the copy has a calendar of its own" "$(q "SELECT count(*) FROM calendar")" $((cals + 1))
exports before

expect_status 0 "drop the copy" sb-board -q drop Copy
is "its calendar went with it" "$(q "SELECT count(*) FROM calendar WHERE id = $cal")" 0
is "its entries too" "$(q "SELECT count(*) FROM calendar_day WHERE calendar_id = $cal")" 0
is "no calendar is left without a board" "$(orphan_calendars)" 0
drop=$(q "SELECT max(id) FROM audit WHERE entity = 'board' AND version_after = 0")
is "the calendar's own row says it went" \
    "$(q "SELECT entity || ':' || entity_id || ':' || version_after FROM audit WHERE id = $((drop + 1))")" \
    "calendar:$cal:0"
is "the drop's row keeps the calendar and its entries" \
    "$(q "SELECT json_extract(changes, '\$.calendar.id') || ':' ||
        json_extract(changes, '\$.calendar.set.uid[0]') || ':' ||
        json_array_length(changes, '\$.calendar.entries') FROM audit WHERE id = $drop")" \
    "$cal:$uid:$(q "SELECT json_array_length(changes, '\$.entries') FROM audit WHERE id = $((drop + 1))")"
check "the trail verifies" sb-log --verify

# a calendar another board has stays: Rev. WHITE shares Script Order's
shared=$(q "SELECT calendar_id FROM board WHERE name = 'Rev. WHITE'")
db_copy b.db shared.db
check "drop Rev. WHITE" sb-board -q --db shared.db drop "Rev. WHITE"
is "the calendar it shared stays" "$(sql shared.db "SELECT count(*) FROM calendar WHERE id = $shared")" 1
is "and no calendar row is written" \
    "$(sql shared.db "SELECT count(*) FROM audit WHERE entity = 'calendar'")" \
    "$(q "SELECT count(*) FROM audit WHERE entity = 'calendar'")"
rm -f shared.db

# --dry-run
writes_nothing 0 "--dry-run of the drop's revert" sb-log revert --dry-run "$drop"
check "says it would put the board back" out_has '"undo":"put the board back with its days and strips"'

# the revert of the drop alone: the board and its calendar, exactly
pre=$(last_audit)
expect_status 0 "revert the drop" sb-log revert "$drop"
is "the calendar is back with its id and uid" \
    "$(q "SELECT id || ':' || uid FROM calendar WHERE id = $cal")" "$cal:$uid"
is "the board names it" "$(q "SELECT calendar_id FROM board WHERE name = 'Copy'")" "$cal"
exports after
for f in list csv days cal json uss; do
	check "the $f output is the earlier one, byte for byte" cmp before.$f after.$f
done
is "no calendar is left without a board" "$(orphan_calendars)" 0
check "the revert audited the calendar made again" \
    test "$(q "SELECT count(*) FROM audit WHERE entity = 'calendar' AND entity_id = $cal
        AND version_before = 0 AND id > $drop")" = 1
writes_nothing 5 "the calendar's row alone, after: a conflict (it is there again)" \
    sb-log revert $((drop + 1))
check "the trail verifies" sb-log --verify

# reverting the revert drops it again, calendar and all; then both rows
# of that drop reverted together (newest first) put it back once
# (the revert's rows read, not counted: on a server the refusal above took an id)
# shellcheck disable=SC2046 # the ids
expect_status 0 "revert the revert" sb-log revert $(audit_after "$pre")
is "the board and its calendar are gone again" \
    "$(q "SELECT count(*) FROM board WHERE name = 'Copy'"):$(q "SELECT count(*) FROM calendar WHERE id = $cal")" "0:0"
check "drop it again, by sb-board" sb-board -q new Copy --from "Second Pass"
cal2=$(q "SELECT calendar_id FROM board WHERE name = 'Copy'")
check "the copy's calendar" sb-day -q --board Copy calendar --holiday 2022-12-26 --days-off Sat,Sun
exports before2
check "drop it" sb-board -q drop Copy
d2=$(q "SELECT max(id) FROM audit WHERE entity = 'board' AND version_after = 0")
expect_status 0 "revert the drop's two rows together" sb-log revert "$d2" $((d2 + 1))
exports after2
for f in csv days cal uss; do
	check "the $f output is the earlier one (two rows)" cmp before2.$f after2.$f
done
is "one calendar for it" "$(q "SELECT count(*) FROM calendar WHERE id = $cal2")" 1

# the calendar's id taken by another calendar since: a conflict (a board
# made first, so that the board's own id is not the one given again)
check "another board" sb-board -q new Spacer
check "drop the copy once more" sb-board -q drop Copy
d3=$(q "SELECT max(id) FROM audit WHERE entity = 'board' AND version_after = 0")
check "a new copy takes the calendar's id" sb-board -q new Other --from "Second Pass"
if [ "$(q "SELECT calendar_id FROM board WHERE name = 'Other'")" = "$cal2" ]; then
	writes_nothing 5 "a revert of the drop when its calendar's id is another's" \
	    sb-log revert "$d3"
	check "says so" err_has "the id of its calendar is another calendar's since"
else
	for i in 1 2 3; do
		n=$((n + 1)); echo "ok $n # SKIP the engine did not give the id again"
	done
fi

done_testing
