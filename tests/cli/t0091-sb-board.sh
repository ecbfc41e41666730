#!/bin/sh
# sb-board: list, new (empty, or a copy with --from), rename, activate,
# drop, compare; versions, conflicts, refusals, the audit trail.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
db=wl.db

# refused: exit $1, the database exactly as it was
refused() {
	want=$1 what=$2; shift 2
	before=$(snapshot "$db")
	expect_status "$want" "$what" "$@"
	is "$what: the database is unchanged" "$(snapshot "$db")" "$before"
}

expect_status 0 "--help exits 0" sb-board --help
check "--help prints the usage" grep -q "usage: sb-board" out
expect_status 0 "help of a subcommand" sb-board new --help
check "names --from" grep -q -- "--from BOARD" out
expect_status 2 "no subcommand is a usage error" sb-board
expect_status 2 "an unknown subcommand" sb-board copy
expect_status 2 "new without a name" sb-board new
expect_status 2 "compare needs two boards" sb-board compare "First Pass"
expect_status 2 "rename needs a new name" sb-board rename "First Pass"
expect_status 2 "--from belongs to new" sb-board rename "First Pass" X --from 2
expect_status 2 "an unknown format" sb-board list --format xml

# list
expect_status 0 "list" sb-board list --format csv
check "a header and four boards" test "$(wc -l < out)" = 5
check "the header" sh -c 'head -n 1 out | grep -qx "number,id,name,days,strips,active,version"'
check "First Pass: number, id, days, strips, version" \
    grep -qx "2,5e2dd87dfb4b290017196a56,First Pass,61,173,0,1" out
check "Script Order is active (the first board: the sample names none)" \
    grep -qx "1,5e2dd860fb4b290017196954,Script Order,0,171,1,1" out
expect_status 0 "list as json" sb-board list --format json
check "it parses" json_ok out
expect_status 0 "list as ndjson" sb-board list --format ndjson
check "one object a board" test "$(grep -c '^{"number":' out)" = 4
check "true and false for active" grep -q '"name":"First Pass","days":61,"strips":173,"active":false,"version":1' out
expect_status 0 "list as a table" sb-board list --format table
check "a star marks the active board" sh -c 'grep "Script Order" out | grep -q "\*"'

# new: empty, into the boneyard
expect_status 0 "new makes an empty board" sb-board new "Blank"
check "it says what it made" err_has 'made board "Blank"'
check "every scene in its boneyard" test "$(q "SELECT count(*) FROM placement p JOIN board b
    ON b.id = p.board_id JOIN lane l ON l.board_id = b.id AND l.kind = 'boneyard'
    WHERE b.name = 'Blank'")" = "$(q "SELECT count(*) FROM strip WHERE type = 'scene'")"
check "in script order" test "$(sb-export --board Blank --format csv | sed -n 2p | cut -d, -f2,8)" = "boneyard,1"
check "the new board is last in the list" test "$(sb-board list --format csv | tail -n 1 | cut -d, -f1,3,4)" = "5,Blank,0"
expect_status 0 "one audit row" sb-log --board Blank --format ndjson
check "the board's creation" sh -c 'grep "\"entity\":\"board\"" out | grep -q "\"version_before\":0"'

# new --from: a copy of a board to try a schedule on
sb-export --board "First Pass" --format csv | cut -d, -f2- > first.csv
expect_status 0 "new --from copies a board" sb-board new "Try" --from "first pass"
check "it says so" err_has 'made board "Try" (id '
check "with the strips and days" err_has '173 strips, 61 shoot days'
sb-export --board Try --format csv | cut -d, -f2- > try.csv
check "the copy exports as the original, board name aside" cmp first.csv try.csv
check "the copy has a calendar of its own" test "$(q "SELECT count(DISTINCT calendar_id) FROM board
    WHERE name IN ('First Pass', 'Try')")" = 2
sb-day --board Try calendar --holiday 2022-08-04 -q
check "changing the copy's calendar leaves the original's dates" sh -c \
    'sb-export --board "First Pass" --format csv | cut -d, -f2- | cmp -s - first.csv'
check "the copy's dates moved" test "$(sb-export --board Try --format csv | awk -F, '$2 == 2 { print $3; exit }')" = 2022-08-05
expect_status 0 "moves on the copy" sb-reorder --board Try move 17 --to 5
check "leave the original" sh -c 'sb-export --board "First Pass" --format csv | cut -d, -f2- | cmp -s - first.csv'
expect_status 0 "the copy exports as USS with the others" sb-export --format uss
check "it parses" json_ok out
cp out six.uss
expect_status 0 "and reads back" sb-import --db back.db six.uss
check "with six boards" test "$(sb-board --db back.db list --format csv | wc -l)" = 7

# names refused, nothing written
refused 3 "a name another board has, in any case" sb-board new "FIRST PASS"
check "says so" err_has 'a board is called "First Pass" already'
refused 3 "an empty name" sb-board new ""
refused 3 "a name of digits" sb-board new 42
check "says why" err_has 'a number names the board'
long=$(printf '%0256d' 0 | tr 0 x)
refused 3 "a name of 256 bytes" sb-board new "$long"
check "says the limit" err_has 'at most 255 bytes'
refused 3 "a name with a control character" sb-board new "$(printf 'a\tb')"
refused 4 "--from a board that is not there" sb-board new X --from "Frist Pass"
check "suggests the closest" err_has 'did you mean "First Pass"?'
expect_status 0 "a name of 255 bytes is fine" sb-board new "$(printf '%0255d' 0 | tr 0 y)"

# rename, with versions
v=$(sb-board list --format csv | awk -F, '$3 == "Try" { print $7 }')
refused 5 "rename at a stale version" sb-board rename Try "Try 2" --if-version $((v + 7))
check "the conflict report on stdout" sh -c 'grep -q "\"conflict\":{\"board\":\"Try\"" out && json_ok out'
check "the message says the versions" err_has "is at version $v, not $((v + 7))"
expect_status 0 "rename at the current version" sb-board rename try "Try 2" --if-version "$v"
check "the new name is listed" sh -c 'sb-board list --format csv | grep -q ",Try 2,"'
check "its version rose" test "$(sb-board list --format csv | awk -F, '$3 == "Try 2" { print $7 }')" = $((v + 1))
refused 3 "rename to a name taken" sb-board rename "Try 2" blank
expect_status 0 "rename to the same name changes nothing" sb-board rename "Try 2" "Try 2"
expect_status 0 "the trail has the rename" sb-log --board "Try 2" --format ndjson
check "old and new names" grep -q '"set":{"name":\["Try","Try 2"\]}' out

# activate
refused 5 "activate at a stale version" sb-board activate "Try 2" --if-version 99
expect_status 0 "activate" sb-board activate "Try 2"
check "says so" err_has 'is now the active board'
check "the list marks it" test "$(sb-board list --format csv | awk -F, '$6 == 1 { print $3 }')" = "Try 2"
check "commands use it without --board" test "$(sb-export --format csv | sed -n 2p | cut -d, -f1)" = "Try 2"
check "the board that was active is audited too" test "$(q "SELECT count(*) FROM audit
    WHERE entity = 'board' AND changes LIKE '%\"active\":[true,false]%'")" = 1
expect_status 0 "activate the active board" sb-board activate "Try 2"
check "changes nothing" err_has 'was the active board already'

# drop
refused 2 "the active board is not dropped" sb-board drop "Try 2"
check "says what to do" err_has '--activate BOARD'
refused 2 "nor dropped and activated at once" sb-board drop "Try 2" --activate "try 2"
refused 5 "drop at a stale version" sb-board drop Blank --if-version 9
strips=$(q "SELECT count(*) FROM strip")
expect_status 0 "drop a board" sb-board drop Blank
check "its placements go" test "$(q "SELECT count(*) FROM board WHERE name = 'Blank'")" = 0
check "the strips stay" test "$(q "SELECT count(*) FROM strip")" = "$strips"
check "its trail stays" test "$(q "SELECT count(*) FROM audit WHERE entity = 'board'
    AND json_extract(changes, '$.about.board') = 'Blank' AND version_after = 0")" = 1
expect_status 0 "drop the active board, naming the next" sb-board drop "Try 2" --activate "First Pass"
check "First Pass is active" test "$(sb-board list --format csv | awk -F, '$6 == 1 { print $3 }')" = "First Pass"
expect_status 4 "a board that is gone" sb-board drop "Try 2"

# compare
sb-board new Again --from "First Pass" -q
sb-reorder --board Again move 17 --to 5 -q
sb-reorder --board Again move 115a --boneyard -q
expect_status 0 "compare two boards" sb-board compare "First Pass" Again --format csv
check "the header" sh -c 'head -n 1 out | grep -qx "strip_id,scene,day_a,date_a,day_b,date_b,days,dates"'
check "a row a strip" test "$(wc -l < out)" = 174
check "scene 17: day 2 to day 5, four working days on" \
    grep -qx "5e2dd860fb4b29001719681c,17,2,2022-08-04,5,2022-08-09,3,5" out
check "a strip sent to the boneyard" grep -qx "5e2dd860fb4b2900171968de,115a,2,2022-08-04,boneyard,,," out
check "a strip that stayed" grep -q ",107,3,2022-08-05,3,2022-08-05,0,0$" out
expect_status 0 "compare as ndjson" sb-board compare 2 Again --format ndjson
check "numbers for days, strings for lanes" grep -q '"scene":"115a","a":{"day":2,"date":"2022-08-04"},"b":{"day":"boneyard","date":null},"days":null,"dates":null' out
expect_status 0 "compare as json" sb-board compare 2 Again --format json
check "it parses" json_ok out
expect_status 0 "compare as a table" sb-board compare 2 Again --format table
check "signed differences" sh -c 'grep "^17 " out | grep -q "+3 *+5"'
expect_status 0 "compare with a board of another layout" sb-board compare "Script Order" Again --format csv
check "strips only the second board has come last" test "$(tail -n 1 out | cut -d, -f3)" = absent
expect_status 4 "compare with a board that is not there" sb-board compare 2 Nope
before=$(snapshot "$db")
sb-board list >/dev/null; sb-board compare 2 3 >/dev/null
is "list and compare write nothing" "$(snapshot "$db")" "$before"

done_testing
