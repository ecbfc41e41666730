#!/bin/sh
# Day numbers kept as days change: every day operation (add, drop, move,
# split, join) and a revert of one leave the lane's days numbered (day.seq,
# lane.ranked), the days it renumbered written in that change, so the move
# that follows finds a day's number without counting the lane again; and a
# move --to N after each lands on the Nth shoot day.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
db=wl.db
sd() { sb-day --board "First Pass" "$@"; }
lane=$(q "SELECT l.id FROM lane l JOIN board b ON b.id = l.board_id WHERE b.name = 'First Pass' AND l.kind = 'schedule'")
# the days of the lane whose kept number is not their rank (none, if right)
wrong() {
	q "SELECT count(*) FROM day d WHERE d.lane_id = $lane AND d.kind = 'shoot' AND coalesce(d.seq, -1) <>
	    (SELECT count(*) FROM day e WHERE e.lane_id = d.lane_id AND e.kind = 'shoot' AND e.pos <= d.pos)"
}
ranked() { q "SELECT ranked FROM lane WHERE id = $lane"; }
# the strip's day, as its number among the shoot days
day_of() {
	q "SELECT (SELECT count(*) FROM day e WHERE e.lane_id = d.lane_id AND e.kind = 'shoot' AND e.pos <= d.pos)
	    FROM placement p JOIN strip s ON s.id = p.strip_id JOIN day d ON d.id = p.day_id
	    JOIN board b ON b.id = p.board_id WHERE b.name = 'First Pass' AND s.scene = '$1'"
}
# after DESC: the lane is ranked, every number right, and a move lands
k=0
after() {
	k=$((k + 1))
	is "$1: the lane stays numbered" "$(ranked)" 1
	is "$1: every day's kept number is its rank" "$(wrong)" 0
	to=$(( (k % 5) + 2 ))
	sb-reorder --board "First Pass" move 46 --to "$to" >/dev/null 2>err || not_ok "move after $1"
	is "$1: a move --to $to lands on day $to" "$(day_of 46)" "$to"
}

sb-reorder --board "First Pass" move 46 --to 1 >/dev/null || exit 99
is "a move numbers an imported lane once" "$(ranked)|$(wrong)" "1|0"
expect_status 0 "add two days after day 2" sd add --after 2 --count 2
after "add"
expect_status 0 "drop day 3" sd drop 3
after "drop"
expect_status 0 "move day 1 after day 4" sd move 1 --after 4
after "move"
# the first day with two strips or more, and its second strip
set -- $(sb-export --board "First Pass" --format csv | awk -F, '$2 ~ /^[0-9]+$/ {
	if ($2 == d) { if (++c == 2) { print d, $5; exit } } else { d = $2; c = 1 } }')
expect_status 0 "split day $1 at its second strip" sd split "$1" --at "$2"
after "split"
expect_status 0 "join day 2 and day 6" sd join 2 6
after "join"
expect_status 0 "add a day first" sd add --first
after "add --first"
# a revert of a day change
id=$(q "SELECT max(id) FROM audit WHERE entity = 'day' AND version_before = 0")
expect_status 0 "revert the day added" sb-log -q revert "$id"
after "revert"
# nothing but the days that changed number were written: the lane was
# numbered before the change, so a day after the last one added is not
is "the renumbered days rose in version with their audit rows" \
    "$(q "SELECT count(*) FROM audit WHERE entity = 'day' AND json_extract(changes, '\$.about.why') = 'renumbered'" | awk '{ print ($1 > 0) }')" 1
done_testing
