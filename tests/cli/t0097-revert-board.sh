#!/bin/sh
# sb-log revert of boards made and dropped: sb-board new --from (its
# calendar copy, a move on the copy), sb-board new (a calendar made for it
# by sb-day), sb-board drop (its row now keeps the board's lanes, days and
# strips) and drop --activate; reverting them all gives the earlier board
# list and exports (CSV, JSON, USS) back byte for byte, versions aside; a
# revert of the revert makes and drops them again.  Conflicts (exit 5),
# a drop written without its layout (exit 3) and --dry-run leave the file
# byte-identical (cmp).
. "${top_srcdir:-.}/tests/cli/lib.sh"

revert_setup b.db
exports() {
	revert_exports "$1" "First Pass"
	sb-board list --format csv | cut -d, -f1-6 > "$1.list"
	sb-export --board "Second Pass" --format csv | cut -d, -f1-5,7- >> "$1.csv"
	sb-day --board "Second Pass" list --format csv | cut -d, -f1-8 >> "$1.csv"
}
exports before
start=$(last_audit)

check "a copy of First Pass" sb-board -q new Trial --from "First Pass"
check "a move on the copy" sb-reorder -q --board Trial move 17 --to 5
check "a new board" sb-board -q new Empty
check "a calendar made for it" sb-day -q --board Empty calendar --start 2022-09-01
check "Second Pass dropped" sb-board -q drop "Second Pass"
check "Rev. WHITE dropped, Trial made active" sb-board -q drop "Script Order" --activate Trial
ids=$(audit_after "$start")
check "the drop's row keeps the board's placements" \
    test "$(q "SELECT json_array_length(changes, '\$.layout.placements') FROM audit WHERE entity = 'board' AND version_after = 0 AND json_extract(changes, '\$.about.board') = 'Second Pass'")" = 173

writes_nothing 0 "--dry-run" sb-log revert --dry-run $ids
check "says it would put Second Pass back" out_has '"undo":"put the board back with its days and strips"'
check "and take the copy out" out_has '"undo":"took the board out again'

# conflicts
sb-board -q rename Trial "Trial Two"
writes_nothing 5 "a revert over a rename of the copy is a conflict" sb-log revert $ids
check "the report names the board" sh -c 'json_ok out && grep -q "\"entity\":\"board\"" out'
sb-log -q revert "$(last_audit)" > /dev/null
ids=$(audit_after "$start")
sb-board -q new "Second pass"
writes_nothing 5 "a board of the dropped one's name (any case) is a conflict" sb-log revert $ids
check "says so" err_has "another board has its name since"
sb-log -q revert "$(last_audit)" > /dev/null

end=$(last_audit)
expect_status 0 "revert them all" sb-log revert $(audit_after "$start")
exports after
same_exports before after list csv json uss
is "Script Order is active again" "$(sb-board list --format csv | awk -F, '$6 == 1 { print $3 }')" "Script Order"
is "no calendar is left over" "$(q "SELECT count(*) FROM calendar")" 3

# the revert of the revert: made and dropped again
expect_status 0 "revert the revert" sb-log revert $(audit_after "$end")
is "the boards are as the changes left them" "$(sb-board list --format csv | cut -d, -f3 | tr '\n' ' ')" \
    "name First Pass Rev. WHITE Trial Empty "
is "Trial is active" "$(sb-board list --format csv | awk -F, '$6 == 1 { print $3 }')" "Trial"
is "Empty has its calendar" "$(sb-day --board Empty calendar --format csv | grep -c start)" 1

# a revert needs the right the change needed (sb-perm): the board right
# for a board dropped, the calendar right for a calendar edit; as other
# uids, so only as root with setpriv, and on a file (on a server the user
# is the role: t0074)
if [ "${SB_TEST_ENGINE:-}" = pg ]; then
	n=$((n + 1))
	echo "ok $n # SKIP the rights of a revert as other OS users: on a server the user is the role"
elif [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	. "$top_srcdir/tests/cli/perm.sh"
	chmod 666 b.db*
	C=$(free_uid 4383) E=$(free_uid 4384) A=$(free_uid 4385)
	sb-perm -q grant "uid:$C" scheduler && sb-perm -q grant "uid:$E" editor &&
	    sb-perm -q grant "uid:$A" admin --project "It's A Wonderful Life" || exit 99
	drop=$(q "SELECT max(id) FROM audit WHERE entity = 'board' AND version_after = 0")
	cal=$(q "SELECT max(id) FROM audit WHERE entity = 'calendar_day'")
	denied "$C" "scheduler: revert of a board dropped" sb-log revert "$drop"
	denied "$E" "editor: revert of a board dropped" sb-log revert "$drop"
	denied "$C" "scheduler: revert of a calendar edit" sb-log revert "$cal"
	allowed "$E" "editor: revert of a calendar edit" sb-log revert "$cal"
	allowed "$A" "project admin: revert of a board dropped" sb-log revert "$drop"
else
	n=$((n + 1))
	echo "ok $n # SKIP the rights of a revert: not root, or no setpriv"
fi

# a drop written before its row kept the layout cannot be put back (the
# row written into a file by audit_write, a tool linked to SQLite)
if on_sqlite "a drop whose row has no layout (audit_write writes a file)"; then
	sb-import -q --db old.db "$full" || exit 99
	check "a drop's row as the older writer wrote it" audit_write old.db board 99 1 0 \
	    '{"set":{"project_id":[1,null],"uid":["x",null],"name":["Gone",null]},"about":{"board":"Gone"}}'
	db=old.db
	writes_nothing 3 "a drop whose row has no layout" sb-log --db old.db revert \
	    "$(sql old.db "SELECT max(id) FROM audit")"
	check "says why" err_has "did not keep its days and strips"
fi

done_testing
