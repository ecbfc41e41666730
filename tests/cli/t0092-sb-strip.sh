#!/bin/sh
# sb-strip: show, set, add, remove, new, omit, restore and batch; versions,
# conflicts, refusals (exit 3, nothing written) and the audit rows.
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
# v STRIP: the strip's version
v() { q "SELECT version FROM strip WHERE scene = '$1'"; }
col() { q "SELECT $2 FROM strip WHERE scene = '$1'"; }

expect_status 0 "--help exits 0" sb-strip --help
check "--help prints the usage" grep -q "usage: sb-strip" out
expect_status 2 "no subcommand" sb-strip
expect_status 2 "set without a field" sb-strip set 17
expect_status 2 "set with an operand that is not NAME=VALUE" sb-strip set 17 pages
expect_status 2 "show takes one strip" sb-strip show 17 18
expect_status 2 "--if-version is not new's" sb-strip new scene --if-version 3
expect_status 2 "show as csv is not offered" sb-strip show 17 --format csv
expect_status 4 "a strip that is not there" sb-strip show 999

# show
expect_status 0 "show as JSON" sb-strip show 17 --format json
check "it parses" json_ok out
check "its fields" grep -q '"scene":"17","int_ext":"EXT","day_night":"DAY","set":"BEDFORD FALLS - MAIN STREET"' out
check "its elements with board ids and versions" grep -q '{"category":"Cast","name":"GEORGE","board_id":"1","version":1}' out
check "its place on every board" grep -q '{"board":"First Pass","day":2,"version":1}' out
expect_status 0 "show as a table" sb-strip show 17 --format table
check "a line a field" grep -q "^pages  *1 7/8$" out
check "its boards" grep -q "First Pass *2 *version 1" out

# set
expect_status 0 "set fields" sb-strip set 17 pages="2 1/8" set="BAILEY HOUSE" synopsis="New" est=1:30 --if-version 1
check "says the new version" err_has "strip 17 at version 2"
is "pages in eighths" "$(col 17 eighths)" 17
is "est in ms" "$(col 17 est_ms)" 5400000
is "the set column" "$(col 17 set_name)" "BAILEY HOUSE"
check "the Set element follows the column" sh -c 'sb-strip show 17 --format json | grep -q "{\"category\":\"Set\",\"name\":\"BAILEY HOUSE\""'
check "the export shows it" sh -c 'sb-export --board "First Pass" --format csv | grep -q ",17,EXT,DAY,BAILEY HOUSE,,,2 1/8,90,New,"'
a=$(q "SELECT max(id) FROM audit WHERE entity = 'strip'")
is "the audit row says it in words" "$(q "SELECT json_extract(changes, '\$.set.pages') FROM audit WHERE id = $a")" '["1 7/8","2 1/8"]'
is "  ... and as stored" "$(q "SELECT json_extract(changes, '\$.row.eighths') FROM audit WHERE id = $a")" '[15,17]'
is "  ... with the versions" "$(q "SELECT version_before || '>' || version_after FROM audit WHERE id = $a")" "1>2"
expect_status 0 "an empty value clears a field" sb-strip set 17 est=
is "est is null" "$(col 17 "coalesce(CAST(est_ms AS TEXT), 'null')")" null
rows=$(q "SELECT count(*) FROM audit")
expect_status 0 "setting a field to what it is" sb-strip set 17 pages="2 1/8"
is "writes nothing" "$(q "SELECT count(*) FROM audit")" "$rows"
is "  ... and keeps the version" "$(v 17)" 3

refused 5 "set at a stale version" sb-strip set 17 pages=1 --if-version 1
check "the report is JSON on stdout" sh -c 'json_ok out && grep -q "\"expected_version\":1,\"current_version\":3" out'
refused 3 "an unknown field" sb-strip set 17 colour=red
check "names the fields" err_has "is not a field of a strip (scene, int_ext"
refused 3 "bad pages" sb-strip set 17 pages=lots
refused 3 "pages past the limit" sb-strip set 17 pages=1001
refused 3 "a bad time" sb-strip set 17 est=1:75
# one argument holds at most 128 KiB: the long field comes in a batch
{ printf '{"strip":"17","synopsis":"'; head -c 1048577 /dev/zero | tr '\0' x; printf '"}\n'; } > big.ndjson
refused 3 "a field of more than 1 MiB" sb-strip batch big.ndjson
check "says the limit" err_has "more than the 1048576 a field holds"
refused 3 "text that is not UTF-8" sb-strip set 17 synopsis="$(printf 'a\377b')"
refused 3 "banner_text on a scene" sb-strip set 17 banner_text=x

# elements
expect_status 0 "add elements" sb-strip add 17 Cast=ZUZU props="Old hat"
check "an existing element, and a category by any case" sh -c 'sb-strip show 17 --format json | grep -q "\"name\":\"ZUZU\"" && sb-strip show 17 --format json | grep -q "\"name\":\"Old hat\""'
is "the new element was made in Props" "$(q "SELECT count(*) FROM element e JOIN category c ON c.id = e.category_id WHERE c.name = 'Props' AND e.name = 'Old hat'")" 1
check "its creation is audited" test "$(q "SELECT count(*) FROM audit WHERE entity = 'element' AND json_extract(changes, '\$.set.name[1]') = 'Old hat'")" = 1
expect_status 0 "remove one" sb-strip remove 17 cast=zuzu
check "ZUZU is off the strip" sh -c '! sb-strip show 17 --format json | grep -q "\"name\":\"ZUZU\""'
a=$(q "SELECT max(id) FROM audit WHERE entity = 'strip'")
check "the audit row has the links before and after" test "$(q "SELECT json_array_length(json_extract(changes, '\$.row.links[0]')) - json_array_length(json_extract(changes, '\$.row.links[1]')) FROM audit WHERE id = $a")" = 1
refused 3 "an unknown category" sb-strip add 17 Dragons=Smaug
refused 4 "removing an element the category does not have" sb-strip remove 17 Cast=NOBODY
refused 3 "a fixed column is set, not added" sb-strip add 17 Set=KITCHEN
refused 5 "add at a stale version" sb-strip add 17 Cast=ZUZU --if-version 1

# omit, restore
expect_status 0 "omit" sb-strip omit 17
is "omitted" "$(col 17 omitted)" 1
check "the export says so" sh -c 'sb-export --board "First Pass" --format csv | grep ",17,EXT," | grep -q ",1,1:GEORGE"'
expect_status 0 "restore" sb-strip restore 17 --if-version "$(v 17)"
is "restored" "$(col 17 omitted)" 0
check "the trail says omitted then restored" test "$(q "SELECT group_concat(json_extract(changes, '\$.about.change'), ',') FROM (SELECT changes FROM audit WHERE entity = 'strip' ORDER BY id DESC LIMIT 2) AS a")" = "restored,omitted"

# new
expect_status 0 "a new scene" sb-strip new scene scene=200 set="NEW SET" pages=1 int_ext=INT
uid=$(cat out)
check "its id on stdout" test "$(printf %s "$uid" | wc -c)" = 24
is "in the boneyard of every board" "$(q "SELECT count(*) FROM placement p JOIN day d ON d.id = p.day_id JOIN lane l ON l.id = d.lane_id JOIN strip s ON s.id = p.strip_id WHERE s.uid = '$uid' AND l.kind = 'boneyard'")" "$(q "SELECT count(*) FROM board")"
is "at version 1" "$(q "SELECT version FROM strip WHERE uid = '$uid'")" 1
check "last in each boneyard" test "$(sb-export --board "First Pass" --format csv | tail -n 1 | cut -d, -f5)" = "$uid"
check "with its elements" sh -c "sb-strip show $uid --format json | grep -q '{\"category\":\"Set\",\"name\":\"NEW SET\"'"
expect_status 0 "a new banner" sb-strip new banner banner_text="END OF WEEK"
is "a banner" "$(q "SELECT type || ':' || banner_text FROM strip WHERE uid = '$(cat out)'")" "banner:END OF WEEK"
refused 2 "a new strip of another kind" sb-strip new vehicle
refused 3 "a new strip with bad pages" sb-strip new scene pages=x

# batch
v17=$(v 17)
printf 'strip,version,pages,comments\n17,%s,1,hello\n18,,2 2/8,\n' "$v17" > b.csv
expect_status 0 "a CSV batch" sb-strip batch b.csv
check "a result line a row" test "$(grep -c '"strip_id"' out)" = 2
is "both rows applied" "$(col 17 eighths),$(col 17 comments),$(col 18 eighths)" "8,hello,18"
refused 5 "the same batch again is stale" sb-strip batch b.csv
check "nothing of it applied, the report says why" sh -c 'grep -q "\"conflict\"" out'
printf 'strip,pages\n18,3\n19,nope\n' > bad.csv
refused 3 "a bad row refuses the whole batch" sb-strip batch bad.csv
check "naming the file and line" err_has "bad.csv:3: pages"
is "the good row was not applied" "$(col 18 eighths)" 18
printf 'scene,pages\n18,3\n' > nostrip.csv
refused 3 "a header without a strip column" sb-strip batch nostrip.csv
printf '{"strip":"18","pages":"3"}\n{"strip":"19","synopsis":null}\n' > b.ndjson
expect_status 0 "an NDJSON batch from stdin" sh -c 'sb-strip batch < b.ndjson'
is "applied" "$(col 18 eighths),$(col 19 "coalesce(synopsis, 'null')")" "24,null"
printf '{"strip":"18","pages":3}\n' > num.ndjson
refused 3 "a value that is not text" sb-strip batch num.ndjson
printf '{"strip":"18",\n' > broken.ndjson
refused 3 "a line that is not JSON" sb-strip batch broken.ndjson

done_testing
