#!/bin/sh
# sb-day on the full sample: the listing with its totals, paging and dates;
# the calendar; adding, dropping, moving, splitting and joining days.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
sd() { sb-day --board "First Pass" "$@"; }
# day N of the listing as "day,date,strips,pages"
row() { sd list --format csv | awk -F, -v d="$1" '$2 == d { print $2 "," $3 "," $4 "," $5 }'; }
scenes() { sb-export --board "First Pass" --format csv | awk -F, -v d="$1" '$2 == d { printf "%s ", $8 }'; }

expect_status 0 "--help exits 0" sb-day --help
check "--help prints the usage" grep -q "usage: sb-day" out
expect_status 0 "--version exits 0" sb-day --version
expect_status 2 "a bad option is a usage error" sb-day --bogus list
expect_status 2 "no subcommand is a usage error" sb-day
expect_status 2 "an unknown subcommand is a usage error" sb-day reshoot
expect_status 2 "move without a place is a usage error" sd move 3
expect_status 2 "split without --at is a usage error" sd split 3
expect_status 2 "a day that is not a number is a usage error" sd drop three
expect_status 2 "an unknown format is a usage error" sd list --format xml

expect_status 0 "list First Pass" sd list --format csv
check "61 days and the header" test "$(wc -l < out)" = 62
check "the header" sh -c 'head -n 1 out | grep -qx "board,day,date,strips,pages,est_minutes,cast,locations,version"'
check "day 2: its date, strips, pages, estimate, cast and location" \
    sh -c 'grep -qx "First Pass,2,2022-08-04,3,2 4/8,0,\"1,2,3,4,5,12\",BEDFORD FALLS - MAIN STREET,1" out'
check "day 24 comes after the Labor Day holiday" test "$(row 24)" = "24,2022-09-06,2,4 3/8"
check "day 61 is the last, on 2022-10-28" test "$(row 61)" = "61,2022-10-28,2,3 6/8"
check "the pages of all days add up to the board's" \
    test "$(sd list --format json | grep -o '"pages":"[^"]*"' | wc -l)" = 61
expect_status 0 "--limit and --after page through the days" sd list --after 20 --limit 3 --format csv
check "days 21 to 23" test "$(cut -d, -f2 out | tr '\n' ' ')" = "day 21 22 23 "
expect_status 0 "--from and --to choose dates" sd list --from 2022-09-03 --to 2022-09-09 --format csv
check "the days from 2022-09-06 to 2022-09-09" test "$(cut -d, -f3 out | tr '\n' ' ')" = "date 2022-09-06 2022-09-07 2022-09-08 2022-09-09 "
expect_status 0 "--expand=N adds that day's strips" sd list --expand=2 --limit 3 --format csv
check "day 2 has its three strips under it" test "$(grep -c '^strip,First Pass,2,' out)|$(grep -c '^strip,' out)|$(grep -c '^day,' out)" = "3|3|3"
expect_status 0 "the same as NDJSON" sd list --expand=2 --limit 3 --format ndjson
check "day 2's strips in order" test "$(grep -o '"scene":"[^"]*"' out | tr '\n' ' ')" = '"scene":"17" "scene":"115a" "scene":"117a" '
expect_status 0 "--expand=DATE expands the day on that date" sd list --expand=2022-08-05 --limit 4 --format json
check "day 3 has its rows, the others not" sh -c 'test "$(grep -c "\"rows\"" out)" = 1 && grep -q "\"day\":3,.*\"rows\":\[{\"strip_id\":\"5e2dd860fb4b2900171968ce\"" out'
expect_status 0 "--expand lists every day's strips" sd list --expand --format ndjson
check "61 lines, 171 strips under them" test "$(wc -l < out)|$(grep -o '"strip_id"' out | wc -l)" = "61|171"
expect_status 0 "a table for a terminal" sd list --expand=3 --limit 3 --format table
check "the table shows the day line and its strip" sh -c 'grep -q "^3    Fri 2022-08-05  1" out && grep -q "^     107 " out'
expect_status 4 "--expand of a day that is not there" sd list --expand=99
expect_status 4 "--expand of a date with no shoot day (a Sunday)" sd list --expand=2022-08-07
check "it names the date" err_has "no shoot day of board \"First Pass\" is on 2022-08-07"
printf 'board,day,strip_id,scene\nB,1,s1,1\nB,2,s2,2\n' > nodates.csv
sb-import -q --db nocal.db nodates.csv
expect_status 2 "a board without a calendar has no dates" sb-day --db nocal.db list --from 2022-08-01
check "it says so" err_has 'board "B" has no calendar with a start date'
expect_status 0 "but it lists its days" sb-day --db nocal.db list --format csv
check "two days without dates" test "$(tail -n 2 out | cut -d, -f2,3 | tr '\n' ' ')" = "1, 2, "
expect_status 4 "a board not cut into days has no days to list" sb-day --board "Script Order" list --format csv
check "it says so, rather than print a bare header" err_has 'board "Script Order" has no shoot days'
check "and prints nothing" test ! -s out
expect_status 0 "a board's name is not case-sensitive when it names one board" sb-day --board "first PASS" list --format csv
mv out nocase.csv
sd list --format csv > exact.csv
check "the same days as by its name" cmp nocase.csv exact.csv
expect_status 0 "a board by its number in the list" sb-day --board 2 list --format csv
check "the second board" test "$(sed -n 2p out | cut -d, -f1)" = "First Pass"
expect_status 4 "a name that names no board" sb-day --board "Frist Pass" list
check "suggests the closest" err_has 'no board called "Frist Pass"; did you mean "First Pass"?'

expect_status 0 "the calendar shows itself" sd calendar --format csv
check "its start, days off and holidays" sh -c 'grep -q ",start,2022-08-03," out && grep -q ",days_off,,\"sun,sat\"" out && grep -q ",holiday,2022-09-05,holiday$" out'
expect_status 0 "a holiday on Friday 2022-08-05" sd calendar --holiday 2022-08-05
check "day 3 moves to Monday 2022-08-08" test "$(row 3)" = "3,2022-08-08,1,2/8"
check "the last day moves a working day later" test "$(row 61)" = "61,2022-10-31,2,3 6/8"
check "an audit row for the calendar day" test "$(sql wl.db "SELECT count(*) FROM audit WHERE entity = 'calendar_day'")" = 1
expect_status 0 "an exception work day on Saturday 2022-08-06" sd calendar --work 2022-08-06
check "day 3 is that Saturday" test "$(row 3)" = "3,2022-08-06,1,2/8"
expect_status 0 "clearing both" sd calendar --clear 2022-08-05 --clear 2022-08-06
check "day 3 is Friday again" test "$(row 3)" = "3,2022-08-05,1,2/8"
expect_status 0 "weekends off become Sundays off" sd calendar --days-off sun
check "day 4 is now Saturday 2022-08-06" test "$(row 4)" = "4,2022-08-06,3,7 2/8"
cv=$(sql wl.db "SELECT c.version FROM calendar c JOIN board b ON b.calendar_id = c.id WHERE b.name = 'First Pass'")
expect_status 5 "a stale calendar version is a conflict" sd calendar --days-off sat,sun --if-version $((cv - 1))
expect_status 0 "the current one is not" sd calendar --days-off sat,sun --if-version "$cv"
check "weekends off again" test "$(row 4)" = "4,2022-08-08,3,7 2/8"
expect_status 0 "a new start date" sd calendar --start 2022-09-01
check "day 1 is 2022-09-01" test "$(row 1)" = "1,2022-09-01,1,1/8"
check "day 3 skips the weekend and Labor Day" test "$(row 3)" = "3,2022-09-06,1,2/8"
expect_status 0 "back to the start it had" sd calendar --start 2022-08-03
expect_status 2 "a start that is not a date" sd calendar --start 2022-02-30
expect_status 2 "days off that are not weekdays" sd calendar --days-off funday
expect_status 2 "every weekday off" sd calendar --days-off 0,1,2,3,4,5,6

expect_status 0 "add a day at the end" sd add
check "day 62 is empty, on the next working day" test "$(row 62)" = "62,2022-10-31,0,0"
expect_status 0 "add two days after day 1" sd add --after 1 --count 2
check "days 2 and 3 are new and empty; old day 2 is day 4" \
    test "$(row 2)|$(row 3)|$(scenes 4)" = "2,2022-08-04,0,0|3,2022-08-05,0,0|17 115a 117a "
check "three audit rows for three new days" test "$(sql wl.db "SELECT count(*) FROM audit WHERE entity = 'day' AND version_before = 0")" = 3
expect_status 0 "drop day 2: its strips (none) go to the boneyard" sd drop 2
expect_status 0 "drop day 2 again" sd drop 2
check "old day 2 is day 2 again" test "$(scenes 2)" = "17 115a 117a "
expect_status 0 "drop day 2 with its strips to the boneyard" sd drop 2
check "they are in the boneyard, in order" sh -c 'sb-export --board "First Pass" --format csv | grep "^First Pass,boneyard," | cut -d, -f8 | tr "\n" " " | grep -qx "29 29 17 115a 117a "'
check "the day after it took its number and date" test "$(row 2)" = "2,2022-08-04,1,2/8"
dv=$(sd list --format csv | awk -F, '$2 == 3 { print $NF }')
expect_status 5 "a stale --if-version on a day is a conflict" sd drop 3 --to prev --if-version $((dv + 1))
check "the report names the day" grep -q '"conflict":{"board":"First Pass","day":3' out
expect_status 0 "drop day 3 into the day before" sd drop 3 --to prev --if-version "$dv"
check "day 2 now holds both days' strips" test "$(scenes 2)" = "107 18 78 130 "
expect_status 2 "day 1 has no day before it" sd drop 1 --to prev
expect_status 0 "move day 1 after day 3" sd move 1 --after 3
check "the days renumber, the dates stay in order" test "$(scenes 3)|$(row 3)" = " |3,2022-08-05,1,1/8"
expect_status 0 "move it back first" sd move 3 --first
check "the strip with no scene number leads again" test "$(scenes 1)|$(row 1)" = " |1,2022-08-03,1,1/8"
expect_status 0 "split day 2 before 18" sd split 2 --at 18
check "day 2 keeps 107, day 3 has the rest" test "$(scenes 2)|$(scenes 3)" = "107 |18 78 130 "
expect_status 2 "a split at the first strip leaves nothing" sd split 3 --at 18
expect_status 2 "a split at a strip of another day" sd split 3 --at 107
expect_status 0 "join day 3 to day 2" sd join 2
check "day 2 is whole again" test "$(scenes 2)" = "107 18 78 130 "
expect_status 0 "join a day far away" sd join 2 5
check "day 5's strips follow day 2's" test "$(scenes 2)" = "107 18 78 130 46 161 158a 69 "
expect_status 4 "drop a day that is not there" sd drop 400
check "it names the count" err_has "there is no day 400"
expect_status 4 "a board without days" sb-day --board "Script Order" drop 1
check "every placement's version matches its audit rows" \
    test "$(sql wl.db "SELECT count(*) FROM placement p WHERE p.version <> 1 + (SELECT count(*) FROM audit a WHERE a.entity = 'placement' AND a.entity_id = p.id)")" = 0

done_testing
