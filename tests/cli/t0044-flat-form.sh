#!/bin/sh
# The flat form keeps what a pipe needs: eighths, omitted, and the board ids
# of elements (cast numbers) as "ID:NAME"; a file without the new columns
# reads as before.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db full.db "$full" || exit 99

expect_status 0 "First Pass as CSV" sb-export --db full.db --board "First Pass" --format csv
check "the header ends its fixed columns with eighths,omitted" \
    sh -c 'head -n 1 out | grep -q ",synopsis,eighths,omitted,Cast,"'
check "1 7/8 pages are 15 eighths, and a scene is not omitted" \
    sh -c 'grep -q ",1 7/8,,\"George, Bert & Ernie check out Violet\",15,0," out'
check "cast numbers travel as ID:NAME" grep -q ',15,0,1:GEORGE; 4:MARY; 2:POTTER' out
mv out a.csv
expect_status 0 "First Pass as JSON" sb-export --db full.db --board "First Pass" --format ndjson
check "JSON: eighths a number, omitted a boolean" \
    grep -q '"pages":"1 7/8","est_minutes":null,"synopsis":"George, Bert & Ernie check out Violet","eighths":15,"omitted":false,"Cast":\["1:GEORGE"' out

# a board copied through CSV keeps its cast numbers
sb-export --db full.db --board "First Pass" --format table > a.table
rm -f copy.db
expect_status 0 "the CSV copy imports" sb-import -q --db copy.db --project Copy a.csv
sb-export --db copy.db --format table > b.table
check "the copy's table shows the cast numbers of the original" same_file a.table b.table
is "GEORGE keeps board id 1" "$(sql copy.db "SELECT board_id FROM element WHERE name = 'GEORGE'")" 1
is "an element without a board id keeps none" \
    "$(sql copy.db "SELECT coalesce(board_id, 'none') FROM element WHERE name = 'Umbrella'")" none

# omitted is read back, from CSV and JSON, and tables say OMITTED
sed 's/^\(First Pass,2,2022-08-04,2,.*,15\),0,/\1,1,/' a.csv > om.csv
check "the test file marks one scene omitted" sh -c '! cmp -s a.csv om.csv'
rm -f om.db
expect_status 0 "a CSV with an omitted scene imports" sb-import -q --db om.db --project Om om.csv
is "the strip is omitted" "$(sql om.db "SELECT group_concat(scene) FROM strip WHERE omitted = 1")" 17
sb-export --db om.db --format csv > om2.csv
check "and exports as omitted, byte for byte" same_file om.csv om2.csv
expect_status 0 "the table" sb-export --db om.db --format table
check "the table says OMITTED" grep -q "OMITTED: George, Bert & Ernie" out
sb-export --db om.db --format json > om.json
check "JSON says omitted: true" grep -q '"eighths":15,"omitted":true' om.json
rm -f om3.db
expect_status 0 "the JSON imports" sb-import -q --db om3.db --project Om om.json
is "omitted read from JSON" "$(sql om3.db "SELECT group_concat(scene) FROM strip WHERE omitted = 1")" 17

# a file without the new columns reads as before: a colon is part of a name
printf '%s\n' 'board,strip_id,scene,pages,Cast' 'B,s1,1,1 1/8,12:00 CROWD; ANNA' > old.csv
rm -f old.db
expect_status 0 "an old CSV imports" sb-import -q --db old.db --project Old old.csv
is "its names keep their colons" "$(sql old.db "SELECT group_concat(v, ',') FROM (SELECT name || '/' || coalesce(CAST(board_id AS TEXT), '') AS v FROM element ORDER BY rank) AS e")" "12:00 CROWD/,ANNA/"
is "its pages give the eighths" "$(sql old.db "SELECT eighths || '/' || omitted FROM strip")" "9/0"
sb-export --db old.db --format csv > old.out
check "and a colon name is written :NAME" grep -q ',9,0,:12:00 CROWD; ANNA$' old.out
rm -f old2.db
sb-import -q --db old2.db --project Old old.out
is "which reads back as the same name" "$(sql old2.db "SELECT group_concat(v, ',') FROM (SELECT name || '/' || coalesce(CAST(board_id AS TEXT), '') AS v FROM element ORDER BY rank) AS e")" "12:00 CROWD/,ANNA/"

# eighths alone is enough; bad values are refused, the database unchanged
printf '%s\n' 'board,strip_id,scene,eighths,omitted,Cast' 'B,s1,1,9,,3:ANNA' > e.csv
rm -f e.db
expect_status 0 "eighths without pages" sb-import -q --db e.db --project E e.csv
is "9 eighths, not omitted, ANNA is 3" "$(sql e.db "SELECT s.eighths || '/' || s.omitted || '/' || e.board_id FROM strip s, element e")" "9/0/3"
bad_row() {
	printf '%s\n' 'board,strip_id,scene,pages,eighths,omitted,Cast' "$2" > bad.csv
	rm -f bad.db
	expect_status 3 "$1" sb-import -q --db bad.db --project Bad bad.csv
	check "$1: the message says so" err_has "$3"
	check "$1: no database is left" test ! -s bad.db
}
bad_row "eighths not a number" 'B,s1,1,,1x,,' 'eighths: "1x" is not a whole number of eighths'
bad_row "eighths past the limit" 'B,s1,1,,8001,,' 'from 0 to 8000'
bad_row "eighths that are not the pages" 'B,s1,1,1 1/8,8,,' 'eighths: 8 is not the 1 1/8 pages'
bad_row "omitted neither 1 nor 0" 'B,s1,1,,,yes,' 'omitted: "yes" is neither 1 nor 0'
bad_row "an element's board id contradicts an earlier row" \
    "$(printf 'B,s1,1,,,,1:ANNA\nB,s2,2,,,,2:ANNA')" 'element "ANNA": board id "2" here but "1"'
bad_row "a board id with no name" 'B,s1,1,,,,7:' 'has a board id but no name'
printf '%s\n' '{"board":"B","strip_id":"s1","omitted":"maybe"}' > bad.ndjson
rm -f bad.db
expect_status 3 "JSON omitted neither true nor false" sb-import -q --db bad.db --project Bad bad.ndjson
printf '%s\n' '{"board":"B","strip_id":"s1","scene":true}' > bad.ndjson
expect_status 3 "true is only for omitted" sb-import -q --db bad.db --project Bad bad.ndjson

done_testing
