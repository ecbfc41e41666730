#!/bin/sh
# One way to name a board, for every command: its name (exact, else
# ignoring case when that names one board), its id, or its number as
# sb-board list shows it; the closest names when nothing matches; a
# command that needs days says so when the board has none.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
db=wl.db
sb-export --board "First Pass" --format csv > exact.csv

for how in "first pass" "FIRST PASS" 5e2dd87dfb4b290017196a56 2; do
	expect_status 0 "sb-export names First Pass as \"$how\"" sb-export --board "$how" --format csv
	check "the same board as by its name ($how)" cmp out exact.csv
done
sb-day --board "First Pass" list --format csv > days.csv
for how in "first pass" 2 5e2dd87dfb4b290017196a56; do
	expect_status 0 "sb-day names First Pass as \"$how\"" sb-day --board "$how" list --format csv
	check "the same days ($how)" cmp out days.csv
done
expect_status 0 "sb-reorder names a board by its number" sb-reorder --board 2 move 17 --to 3
check "the strip moved on First Pass" test "$(sb-export --board "First Pass" --format csv |
    awk -F, '$8 == "17" { print $2 }')" = 3
expect_status 0 "sb-log names a board case-insensitively" sb-log --board "first PASS" --format csv
check "the move is in its trail" out_has "First Pass"

expect_status 4 "a typo names no board" sb-export --board "Frist Pass"
check "the closest name is suggested" err_has 'no board called "Frist Pass"; did you mean "First Pass"?'
expect_status 4 "a part of a name names no board" sb-export --board "Pass"
check "the names holding it are suggested" err_has '"First Pass"'
check "both of them" err_has '"Second Pass"'
expect_status 4 "a name far from every board" sb-export --board "zzzzzzzzzz"
check "the boards are named" err_has 'the boards are "Script Order", "First Pass", "Second Pass", "Rev. WHITE"'
expect_status 4 "a number past the last board" sb-export --board 5
check "says no board is called 5" err_has 'no board called "5"'
expect_status 4 "number 0 is no board" sb-export --board 0
expect_status 2 "an empty name is a usage error" sb-export --board ""

# a board that has no days, named or by default
expect_status 4 "sb-day list on a board without days says so" sb-day --board "Script Order" list
check "with the board's name" err_has 'board "Script Order" has no shoot days'
check "and prints no bare header" test ! -s out
expect_status 4 "sb-log --day on a board that never had days says so" sb-log --board 1 --day 2
check "with the board's name" err_has 'board "Script Order" has no shoot days'
expect_status 0 "sb-log --day on a board with days is fine" sb-log --board 2 --day 3

# two boards whose names differ only in case: the exact name, or refused
printf 'board,day,strip_id,scene\nMain,1,s1,1\nMAIN,1,s1,1\n1,1,s2,2\n' > two.csv
sb-import -q --db two.db two.csv || exit 99
expect_status 0 "the exact name wins" sb-export --db two.db --board MAIN --format csv
check "the board MAIN" test "$(sed -n 2p out | cut -d, -f1)" = MAIN
expect_status 2 "a name that names two boards ignoring case is refused" \
    sb-export --db two.db --board main --format csv
check "naming both with their ids" sh -c 'grep -q "\"Main\" (id " err && grep -q "\"MAIN\" (id " err'
expect_status 0 "a board whose name is digits is found by its name first" \
    sb-export --db two.db --board 1 --format csv
check "the board called 1, not the first board" test "$(sed -n 2p out | cut -d, -f1)" = 1
expect_status 0 "another number is the board's place in the list" \
    sb-export --db two.db --board 2 --format csv
check "the second board" test "$(sed -n 2p out | cut -d, -f1)" = MAIN

done_testing
