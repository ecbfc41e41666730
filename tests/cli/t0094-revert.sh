#!/bin/sh
# sb-log revert: every kind of audited change the scenarios make (moves, a
# sort, days added, moved and dropped, strip edits and elements made, a
# board renamed and activated, elements renamed and numbered) undone as new
# changes gives the earlier export back byte for byte, versions aside;
# conflicts (exit 5) and refusals change nothing; --dry-run writes
# nothing.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
db=wl.db

refused() {
	want=$1 what=$2; shift 2
	before=$(snapshot "$db")
	expect_status "$want" "$what" "$@"
	is "$what: the database is unchanged" "$(snapshot "$db")" "$before"
}
last() { q "SELECT max(id) FROM audit"; }
# the export of First Pass and its days, less the version columns
board() { sb-export --board "$1" --format csv | cut -d, -f1-5,7-; }
days() { sb-day --board "$1" list --format csv | cut -d, -f1-8; }

board "First Pass" > board0.csv
days "First Pass" > days0.csv
sb-strip show 17 --format json | sed 's/"version":[0-9]*//g' > strip0.json
start=$(last)

check "a move" sb-reorder -q --board "First Pass" move 17 --to 5
check "a move after a strip" sb-reorder -q --board "First Pass" move 40 --after 17
check "a strip to the boneyard" sb-reorder -q --board "First Pass" move 115a --boneyard
check "a sort" sb-reorder -q --board "First Pass" sort --day 6 --by scene
check "two days added" sb-day -q --board "First Pass" add --count 2
check "a day moved" sb-day -q --board "First Pass" move 3 --after 6
check "a day dropped" sb-day -q --board "First Pass" drop 4
check "a strip edited (a Set element made)" sb-strip -q set 17 pages=3 set=KITCHEN synopsis=x
check "an element added" sb-strip -q add 18 Cast=ZUZU
check "a scene omitted" sb-strip -q omit 19
check "a board renamed" sb-board -q rename "First Pass" "Pass One"
check "a board made active" sb-board -q activate "Pass One"
check "an element numbered" sb-element -q number Cast ZUZU 77
check "an element renamed" sb-element -q rename Cast ZUZU Zuzu
end=$(last)
# (the trail's ids, not seq: on a server a change rolled back leaves a gap)
ids=$(q "SELECT id FROM audit WHERE id > $start ORDER BY id")

expect_status 0 "--dry-run" sb-log revert --dry-run $ids
check "says what it would undo, a line a row" test "$(wc -l < out)" = "$(echo "$ids" | wc -l)"
check "writes nothing" test "$(last)" = "$end"
check "the board is still renamed" test "$(q "SELECT count(*) FROM board WHERE name = 'Pass One'")" = 1

# a conflict: someone moved scene 17 again after the changes to revert
sb-reorder -q --board "Pass One" move 17 --to 8
refused 5 "a revert over a later change is a conflict" sb-log revert $ids
check "the report names the row, the versions and the change since" \
    sh -c 'json_ok out && grep -q "\"conflict\":{\"audit\":" out && grep -q "\"why\":\"it was changed since\"" out'
check "the message says nothing was changed" err_has "nothing was changed"
later=$(q "SELECT max(id) FROM audit WHERE entity = 'placement'")
check "that later move, reverted" sb-log -q revert "$later"
check "is a new audit row of the placement" test "$(q "SELECT max(id) FROM audit WHERE entity = 'placement'")" -gt "$later"

# with the later move and its revert, every change since the import
end=$(last)
# (the trail's ids, not seq: on a server a change rolled back leaves a gap)
ids=$(q "SELECT id FROM audit WHERE id > $start ORDER BY id")
expect_status 0 "revert every change" sb-log revert $ids
check "says how many" err_has "reverted $(echo "$ids" | wc -l) changes"
board "First Pass" > board1.csv
check "the export is the earlier one, byte for byte (versions aside)" cmp board0.csv board1.csv
days "First Pass" > days1.csv
check "the days too" cmp days0.csv days1.csv
sb-strip show 17 --format json | sed 's/"version":[0-9]*//g' > strip1.json
check "scene 17's fields and elements" cmp strip0.json strip1.json
check "the KITCHEN element made by the edit is gone" test "$(q "SELECT count(*) FROM element WHERE name = 'KITCHEN'")" = 0
check "Script Order is the active board again" test "$(sb-board list --format csv | awk -F, '$6 == 1 { print $3 }')" = "Script Order"
check "ZUZU is ZUZU, number 17" test "$(q "SELECT name || ':' || board_id FROM element WHERE name = 'ZUZU'")" = "ZUZU:17"
check "versions rose: a revert is a new change" test "$(q "SELECT version FROM strip WHERE scene = '17'")" -gt 2
check "the trail grew; nothing was rewritten" test "$(last)" -gt "$end"

# what cannot be reverted, and rows that are not there
refused 5 "the import alone, with changes after it, is a conflict" sb-log revert 1
check "says so" err_has "revert every change after the import"
refused 4 "an audit row that is not there" sb-log revert 99999
expect_status 2 "revert without ids" sb-log revert
expect_status 2 "an id that is not a number" sb-log revert x
expect_status 2 "--dry-run alone" sb-log --dry-run
expect_status 2 "revert with a filter" sb-log --board 2 revert 3

done_testing
