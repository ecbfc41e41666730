#!/bin/sh
# The versions of days and calendars mean something: a day's rises when a
# strip enters or leaves it, when it is split, joined or moved and when its
# number changes; a calendar's when one of its entries changes.  Each rise
# has its audit row, and a stale --if-version on every sb-day subcommand is
# a conflict (exit 5, the JSON report on stdout, the database unchanged).
. "${top_srcdir:-.}/tests/cli/lib.sh"

db=v.db
sb-import -q --db "$db" "$full" || exit 99
export SB_DB="$db"
sd() { sb-day --board "First Pass" "$@"; }
ro() { sb-reorder -q --board "First Pass" "$@"; }
# dv N: the version of day N as sb-day list shows it
dv() { sd list --format csv | awk -F, -v d="$1" '$2 == d { print $NF }'; }
cv() { sd calendar --format ndjson | head -n 1 | sed 's/.*"version":\([0-9]*\).*/\1/'; }
json_ok() { python3 -c 'import json,sys; r = json.load(open("out"))["conflict"]; sys.exit(0 if r["expected_version"] < r["current_version"] else 1)'; }
# stale DESC CMD...: exit 5, a JSON report, nothing written
stale() {
	what=$1; shift
	before=$(snapshot "$db")
	expect_status 5 "$what: a stale --if-version is a conflict" "$@"
	check "$what: the report is JSON with both versions" json_ok
	check "$what: it says so on stderr" err_has "someone changed it"
	is "$what: the database is unchanged" "$(snapshot "$db")" "$before"
}

is "sb-day list shows the version of day 2" "$(dv 2)" 1

# the lost drop: two strips enter day 2 after its version was read
v2=$(dv 2) v5=$(dv 5)
expect_status 0 "scene 74 moves into day 2" ro move 74 --to 2
expect_status 0 "scene 76 moves into day 2" ro move 76 --to 2
is "day 2's version rose with each strip that entered" "$(dv 2)" $((v2 + 2))
is "day 5's rose with each strip that left" "$(dv 5)" $((v5 + 2))
stale "drop 2" sd drop 2 --if-version "$v2"
check "the strips that entered are still on day 2" \
    sh -c 'sb-export --board "First Pass" --format csv | awk -F, '"'"'$2 == 2 && ($8 == 74 || $8 == 76)'"'"' | wc -l | grep -qx 2'
check "every version rise of a day has its audit row" test "$(q "SELECT count(*)
    FROM day d WHERE d.version > 1 AND NOT EXISTS (SELECT 1 FROM audit a
    WHERE a.entity = 'day' AND a.entity_id = d.id AND a.version_after = d.version
    AND a.version_before = d.version - 1)")" = 0

# an atomic batch moves many strips into one day: it rises once
v3=$(dv 3)
printf 'strip_id,day\n54,3\n106,3\n' > b.csv
expect_status 0 "an atomic batch moves two strips into day 3" sb-reorder -q --board "First Pass" batch --atomic b.csv
is "day 3 rose once in the batch's one transaction" "$(dv 3)" $((v3 + 1))

# the lost split, move and join: a strip enters the day after its version was read
v=$(dv 4)
expect_status 0 "scene 56 moves into day 4" ro move 56 --to 4
stale "split 4" sd split 4 --at 78 --if-version "$v"
v=$(dv 7)
expect_status 0 "scene 58 moves into day 7" ro move 58 --to 7
stale "move 7" sd move 7 --last --if-version "$v"
v1=$(dv 1)
expect_status 0 "scene 153 moves into day 1" ro move 153 --to 1
stale "join 1 2" sd join 1 2 --if-version "$v1"
stale "drop 1" sd drop 1 --to next --if-version "$v1"

# with the version read now, each goes through and the version rises
v1=$(dv 1) v9=$(dv 9) last=$(sd list --format csv | tail -n 1 | cut -d, -f2)
expect_status 0 "join 1 2 with the current version" sd join 1 2 --if-version "$v1"
is "day 1's version rose through the join" "$(dv 1)" $((v1 + 1))
is "day 9, now day 8, rose: its number changed" "$(dv 8)" $((v9 + 1))
v1=$(dv 1)
expect_status 0 "split 1 with the current version" sd split 1 --at 74 --if-version "$v1"
is "day 1's version rose through the split" "$(dv 1)" $((v1 + 1))
is "the new day 2 is at version 1" "$(dv 2)" 1
is "as many days as before the join" "$(sd list --format csv | tail -n 1 | cut -d, -f2)" "$last"
v4=$(dv 4)
expect_status 0 "move 4 --first" sd move 4 --first --if-version "$v4"
is "the moved day rose" "$(dv 1)" $((v4 + 1))
check "no day rose without its audit row" test "$(q "SELECT count(*)
    FROM day d WHERE d.version > 1 AND NOT EXISTS (SELECT 1 FROM audit a
    WHERE a.entity = 'day' AND a.entity_id = d.id AND a.version_after = d.version)")" = 0

# the calendar: two edits read the same version; the second is refused
c=$(cv)
expect_status 0 "a holiday with the calendar's version" sd calendar --holiday 2022-09-12 --if-version "$c"
is "the calendar's version rose" "$(cv)" $((c + 1))
check "with its audit row" test "$(q "SELECT count(*) FROM audit WHERE entity = 'calendar'
    AND version_before = $c AND version_after = $((c + 1))")" = 1
stale "calendar" sd calendar --holiday 2022-09-13 --if-version "$c"
expect_status 0 "clearing a date with the current version" sd calendar --clear 2022-09-12 --if-version "$((c + 1))"
is "the calendar's version rose again" "$(cv)" $((c + 2))
expect_status 0 "clearing a date with no entry changes nothing" sd calendar --clear 2022-09-12
is "and the version stays" "$(cv)" $((c + 2))

echo "1..$n"
[ "$failed" -eq 0 ]
