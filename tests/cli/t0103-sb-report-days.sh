#!/bin/sh
# sb-report oneliner, schedule and flags on the full sample: days with their
# totals, strips in board order, the calendar between days, the elements of
# each strip, and each red-flag rule.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
rp() { sb-report --board "First Pass" "$@"; }

expect_status 0 "oneliner as CSV" rp oneliner --format csv
cp out one.csv
check "61 days, each with its end line, 171 strips, a total" \
    test "$(grep -c '^day,' out)|$(grep -c '^end,' out)|$(grep -c '^strip,' out)|$(grep -c '^total,' out)" = "61|61|171|1"
check "a day's header: number, date, pages, minutes, strips" grep -qx 'day,5,2022-08-09,,,,,5 1/8,105,4,,,,' out
check "a strip: scene, I/E, set, D/N, pages, cast numbers in order, synopsis" \
    grep -qx 'strip,2,2022-08-04,17,EXT,BEDFORD FALLS - MAIN STREET,DAY,1 7/8,,,"1,2,3,4,12",,,"George, Bert & Ernie check out Violet"' out
check "the strips of day 2 in board order" test "$(grep '^strip,2,' out | cut -d, -f4 | tr '\n' ' ')" = "17 115a 117a "
check "the travel day and the holidays between shoot days" \
    test "$(grep -E '^(travel|holiday),' out | cut -d, -f1,3 | tr '\n' ' ')" = "travel,2022-08-07 holiday,2022-09-05 holiday,2022-10-10 "
check "they come between the days around them" \
    test "$(grep -n -E '^(end,23,|holiday,,2022-09-05|day,24,)' out | cut -d: -f1 | tr '\n' ' ' | awk '{ print ($1 < $2 && $2 < $3) }')" = 1
check "the footer: days, pages, minutes, strips" grep -qx 'total,61,,,,,,175 1/8,770,171,,,,' out
expect_status 0 "oneliner as a table" rp oneliner --format table
check "the day header and end-of-day line as a scheduler prints them" \
    sh -c 'grep -qx "Shoot Day 5 - Tue, Aug 9, 2022 - 4 strips, 5 1/8 pgs, est. 1:45" out && grep -qx "END OF DAY 5 - Tue, Aug 9, 2022 - 5 1/8 pgs" out && grep -qx "=== HOLIDAY - Mon, Sep 5, 2022 ===" out'
check "a strip line" grep -q '^17     EXT  BEDFORD FALLS - MAIN STREET  DAY    1 7/8  1,2,3,4,12     George, Bert' out
check "the total" grep -qx 'TOTAL: 61 shoot days, 171 strips, 175 1/8 pgs, est. 12:50' out
expect_status 0 "oneliner as NDJSON" rp oneliner --format ndjson
check "every line parses" json_ok -l out
expect_status 0 "a board with no shoot days" sb-report --board "Script Order" oneliner --format csv
check "  only the header and a zero total" test "$(sed -n 2p out)|$(wc -l < out)" = "total,0,,,,,,0,0,0,,,,|2"

# an omitted scene on the board: listed, marked, counted for nothing
db_copy wl.db om.db
db_exec om.db "UPDATE strip SET omitted = 1 WHERE scene = '115a'" || exit 99
run sb-report --db om.db --board "First Pass" oneliner --format csv
check "an omitted scene is marked and its pages leave the day" \
    sh -c 'grep -q "^strip,2,2022-08-04,115a,.*,OMITTED: George and Uncle Billy" out && grep -qx "day,2,2022-08-04,,,,,2,0,3,,,," out'

expect_status 0 "schedule as CSV" rp schedule --format csv
check "each strip followed by its elements by category, the cast by number" \
    test "$(grep '^elements,2,2022-08-04,17,' out | cut -d, -f12- | tr '\n' '|')" = \
    'Cast,"1. GEORGE, 2. POTTER, 3. HARRY, 4. MARY, 12. MARTINI",|Background,VIOLET,|Vehicles,Ernie'"'"'s Cab,|Props,"Zuzu'"'"'s Petals, Potter'"'"'s Wheelchair, Umbrella, Nick'"'"'s Pen",|'
check "the same days and strips as the one-liner" \
    test "$(grep -c '^strip,' out)|$(grep -c '^day,' out)" = "171|61"
expect_status 0 "schedule as a table" rp schedule --format table
check "a strip, its synopsis, its categories" \
    sh -c 'grep -qx "Scene 17  EXT  BEDFORD FALLS - MAIN STREET  DAY  1 7/8 pgs" out && grep -qx "      Cast: 1. GEORGE, 2. POTTER, 3. HARRY, 4. MARY, 12. MARTINI" out && grep -qx "      Vehicles: Ernie'"'"'s Cab" out'
check "no column header: the schedule is lines" test "$(sed -n 2p out)" = "Shoot Day 1 - Wed, Aug 3, 2022 - 1 strip, 1/8 pgs"

expect_status 0 "flags as CSV" rp flags --format csv
cp out flags.csv
check "the header" grep -qx 'row,day,date,rule,element,scenes,message' out
# MARY's days off are Fridays (daysOff 5): day 23 is Friday 2022-09-02
check "day-off: MARY works on a Friday" \
    grep -qx 'flag,23,2022-09-02,day-off,MARY,60,"MARY works on a Fri, one of their days off"' out
# HARRY's second gap of 10 days (09-24..10-03) after his drop: held
check "second-drop: HARRY's second long gap" \
    grep -qx 'flag,44,2022-10-04,second-drop,HARRY,19,"HARRY is off 10 calendar days after day 37, long enough to drop, but the 1 drop allowed is used: held"' out
check "short-gap: 5 to 9 days off is held" \
    grep -qx 'flag,10,2022-08-16,short-gap,HARRY,22,"HARRY is off 5 calendar days after day 6, fewer than their drop-day count (10): held, not dropped"' out
check "day-night: day 6 mixes day and night" \
    grep -qx 'flag,6,2022-08-10,day-night,,"56, 58, 153","day and night work: day scenes 56, 58, night scene 153"' out
check "company-move: two places by their sets" \
    grep -qx 'flag,4,2022-08-08,company-move,,"18, 78, 130",a company move: 2 locations (more than 1): BAILEY HOME; BEDFORD FALLS' out
check "two rooms of one place are no move (day 5: the bank)" test "$(grep -c '^flag,5,.*company-move' out)" = 0
check "no page or time flag without a limit" test "$(grep -c -E ',(pages|time),' out)" = 0
check "flags in day order" sh -c 'cut -d, -f2 flags.csv | tail -n +2 | sort -c -n'
expect_status 0 "--max-pages, --max-hours, --max-locations, --min-gap, --drops" \
    rp flags --max-pages 6 --max-hours 2 --max-locations 3 --min-gap 9 --drops all --format csv
check "pages over the limit" grep -qx 'flag,4,2022-08-08,pages,,"18, 78, 130","7 2/8 pages, over the limit of 6"' out
check "time over the limit" grep -qx 'flag,14,2022-08-22,time,,"116, 166, 1","an estimated 4:20, over the limit of 2:00"' out
check "more locations allowed: day 4 is no move" test "$(grep -c '^flag,4,.*company-move' out)" = 0
check "a longer minimum gap: HARRY's 5 days are no flag" test "$(grep -c '^flag,10,2022-08-16,short-gap,HARRY' out)" = 0
check "every drop allowed: no second-drop" test "$(grep -c 'second-drop' out)" = 0
expect_status 2 "a bad --max-pages" rp flags --max-pages lots
expect_status 2 "a bad --max-hours" rp flags --max-hours 2:75
expect_status 2 "--max-pages is for flags" rp oneliner --max-pages 5
run sb-report --db om.db --board "First Pass" flags --format csv
check "omitted: a scheduled scene the script omitted" \
    grep -qx 'flag,2,2022-08-04,omitted,,115a,"scheduled, but omitted from the script: scene 115a"' out
expect_status 0 "flags as a table" rp flags --format table
check "a line a flag" test "$(tail -n +3 out | wc -l)" = "$(tail -n +2 flags.csv | wc -l)"
done_testing
