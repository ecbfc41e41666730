#!/bin/sh
# sb-element: list a category's elements, rename, merge duplicates, set and
# renumber board ids (unique in their category); versions and refusals.
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
el() { q "SELECT $2 FROM element e JOIN category c ON c.id = e.category_id WHERE c.name = 'Cast' AND e.name = '$1'"; }

expect_status 0 "--help exits 0" sb-element --help
expect_status 2 "rename needs three operands" sb-element rename Cast GEORGE
expect_status 2 "--format is list's" sb-element renumber Cast --format csv
refused 4 "a category that is not there" sb-element list Dragons

expect_status 0 "list the cast" sb-element list cast --format csv
check "the header" sh -c 'head -n 1 out | grep -qx "id,name,board_id,scenes,version"'
check "GEORGE first, number 1, with his scenes" test "$(sed -n 2p out | cut -d, -f2-)" = "GEORGE,1,120,1"
check "every element of the category" test "$(($(wc -l < out) - 1))" = "$(q "SELECT count(*) FROM element e JOIN category c ON c.id = e.category_id WHERE c.name = 'Cast'")"
expect_status 0 "as ndjson" sb-element list Cast --format ndjson
check "it parses, a line each" sh -c 'head -n 1 out > one && json_ok one'
expect_status 0 "as a table" sb-element list Cast --format table

# rename
expect_status 0 "rename" sb-element rename Cast zuzu "Zuzu Bailey"
is "the new name" "$(el "Zuzu Bailey" e.version)" 2
check "the export shows it" sh -c 'sb-export --board "First Pass" --format csv | grep -q "Zuzu Bailey"'
refused 3 "a name another element has, in any case" sb-element rename Cast "Zuzu Bailey" george
check "says to merge" err_has "merge them"
refused 5 "a stale version" sb-element rename Cast "Zuzu Bailey" Zuzu --if-version 1
check "the report" sh -c 'json_ok out && grep -q "\"element\":\"Zuzu Bailey\"" out'
refused 4 "an element that is not there" sb-element rename Cast NOBODY X

# number
refused 3 "a board id another element has" sb-element number Cast "Zuzu Bailey" 1
check "names who has it" err_has "board id 1 is GEORGE's already"
refused 3 "a board id with a comma" sb-element number Cast "Zuzu Bailey" "9,9"
expect_status 0 "a free board id" sb-element number Cast "Zuzu Bailey" 99
is "set" "$(el "Zuzu Bailey" board_id)" 99
check "the export shows it" sh -c 'sb-export --board "First Pass" --format csv | grep -q "99:Zuzu Bailey"'
expect_status 0 "an empty id clears it" sb-element number Cast "Zuzu Bailey" ""
is "cleared" "$(el "Zuzu Bailey" "coalesce(board_id, 'null')")" null

# merge: the duplicates a tagging pass leaves
sb-strip -q add 17 Cast=Gorge
sb-strip -q add 18 Cast=Gorge
scenes=$(q "SELECT count(DISTINCT se.strip_id) FROM strip_element se JOIN element e ON e.id = se.element_id
    JOIN category c ON c.id = e.category_id WHERE c.name = 'Cast' AND e.name IN ('GEORGE', 'Gorge')")
v17=$(q "SELECT version FROM strip WHERE scene = '17'")
refused 2 "an element merged into itself" sb-element merge Cast GEORGE george
refused 5 "merge at a stale version" sb-element merge Cast Gorge GEORGE --if-version 7
expect_status 0 "merge" sb-element merge Cast Gorge GEORGE
check "says how many strips" err_has '2 strips'
is "Gorge is gone" "$(el Gorge "count(*)")" 0
is "GEORGE has every strip either had, once" "$(el GEORGE "(SELECT count(*) FROM strip_element WHERE element_id = e.id)")" "$scenes"
is "each strip's version rose" "$(q "SELECT version FROM strip WHERE scene = '17'")" "$((v17 + 1))"
is "an audit row a strip and one for the element" "$(q "SELECT count(*) FROM audit WHERE command LIKE 'sb-element merge%'")" 3
is "the element's row keeps every column" "$(q "SELECT json_extract(changes, '\$.set.name') FROM audit WHERE entity = 'element' AND version_after = 0")" '["Gorge",null]'

# renumber
expect_status 0 "renumber" sb-element renumber Cast
check "by scene count, the most first" test "$(sb-element list Cast --format csv | sed -n '2,3p' | cut -d, -f2,3 | tr '\n' ' ')" = "GEORGE,1 MARY,2 "
is "board ids are unique" "$(q "SELECT count(*) - count(DISTINCT board_id) FROM element e JOIN category c ON c.id = e.category_id WHERE c.name = 'Cast'")" 0
expect_status 0 "renumbering again changes nothing" sb-element renumber Cast
check "says so" err_has "0 changed"

done_testing
