#!/bin/sh
# sb-reorder on the full sample: moves, anchors, the boneyard, version
# checks with their conflict report, batches from a pipe, sorting.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db

# the scene numbers of a day of First Pass, in order
day() { sb-export --board "First Pass" --format csv | awk -F, -v d="$1" '$2 == d { printf "%s ", $8 }'; }
# the version of a strip's placement on First Pass
ver() { sb-export --board "First Pass" --format csv | awk -F, -v s="$1" '$5 == s { print $6 }'; }
ro() { sb-reorder --board "First Pass" "$@"; }
audits() { sql wl.db "SELECT count(*) FROM audit WHERE entity = 'placement'"; }

expect_status 0 "--help exits 0" sb-reorder --help
check "--help prints the usage" grep -q "usage: sb-reorder" out
expect_status 0 "--version exits 0" sb-reorder --version
expect_status 2 "a bad option is a usage error" sb-reorder --bogus move 17 --to 3
expect_status 2 "no subcommand is a usage error" sb-reorder
expect_status 2 "an unknown subcommand is a usage error" sb-reorder shuffle
expect_status 2 "move without a place is a usage error" ro move 17
expect_status 2 "two places are a usage error" ro move 17 --first --last --to 3
expect_status 2 "--if-version with two strips is a usage error" ro move 17 18 --to 3 --if-version 1
expect_status 2 "sort without keys is a usage error" ro sort --day 3

check "day 2 and 3 before the moves" test "$(day 2)|$(day 3)" = "17 115a 117a |107 "
expect_status 0 "move a strip to the end of day 3" ro move 17 --to 3
check "it left day 2 and ends day 3" test "$(day 2)|$(day 3)" = "115a 117a |107 17 "
check "its version rose to 2" test "$(ver 5e2dd860fb4b29001719681c)" = 2
check "one audit row for one move" test "$(audits)" = 1
check "the audit row says from which day to which" \
    test "$(sql wl.db "SELECT json_extract(changes, '\$.about.day') || json_extract(changes, '\$.about.scene') FROM audit WHERE entity = 'placement'")" = "[2,3]17"
expect_status 0 "move it before 107 (the anchor's day)" ro move 17 --before 107
check "17 now leads day 3" test "$(day 3)" = "17 107 "
expect_status 0 "a move to where it is changes nothing" ro move 17 --before 107
check "no version, no audit row for a no-op" test "$(ver 5e2dd860fb4b29001719681c)|$(audits)" = "3|2"
expect_status 0 "several strips at once keep their order" ro move 115a 117a --after 17
check "day 3 reads 17 115a 117a 107" test "$(day 3)|$(day 2)" = "17 115a 117a 107 |"
expect_status 0 "--first puts a strip first" ro move 107 --to 3 --first
check "107 leads day 3" test "$(day 3)" = "107 17 115a 117a "
expect_status 0 "to the boneyard" ro move 117a --boneyard
check "117a is in the boneyard, last" sh -c 'sb-export --board "First Pass" --format csv | tail -n 1 | grep -q "^First Pass,boneyard,.*,scene,117a,"'
expect_status 0 "and back from it, after a strip" ro move 117a --after 115a
check "day 3 has it back" test "$(day 3)" = "107 17 115a 117a "
expect_status 0 "\"11 A\"-style scene numbers are found" ro move "115 A" --to 3 --last
check "115a is last" test "$(day 3)" = "107 17 117a 115a "

expect_status 4 "an unknown strip is not found" ro move 9999 --to 3
check "it says so" err_has 'no strip has the id or scene number "9999"'
expect_status 4 "an unknown day is not found" ro move 17 --to 400
check "it names the count" err_has "there is no day 400: the board has 61 shoot days"
expect_status 4 "an unknown board is not found" sb-reorder --board Nope move 17 --to 3
expect_status 2 "a scene number naming two strips is ambiguous" ro move 29 --to 3
check "it lists the strips" err_has "scene 29 names 2 strips (5e2dd860fb4b290017196832, 6009abb2fac8810c058d3077)"
expect_status 2 "an anchor on another day than --to" ro move 17 --to 5 --after 107

# the optimistic check
v=$(ver 5e2dd860fb4b29001719681c)
before=$(snapshot wl.db)
expect_status 5 "a stale --if-version is a conflict (exit 5)" ro move 17 --to 5 --if-version 1
check "nothing was written" test "$(snapshot wl.db)" = "$before"
check "the message says read again" err_has "read again and retry"
on_sqlite "the report is JSON with the current state (readfile())" &&
    check "the report is JSON with the current state" \
    test "$(sql wl.db "SELECT json_extract(readfile('out'), '\$.conflict.current_version') || ',' || json_extract(readfile('out'), '\$.conflict.current.day') || ',' || json_extract(readfile('out'), '\$.conflict.current.date')")" = "$v,3,2022-08-05"
check "the report lists the changes since version 1, with who" \
    sh -c "grep -q '\"version_before\":1,\"version_after\":2' out && grep -q '\"actor\":\"$me\"' out"
expect_status 0 "the current version is accepted" ro move 17 --to 5 --if-version "$v"
check "the version rose by one" test "$(ver 5e2dd860fb4b29001719681c)" = $((v + 1))

# batches: an export fed back moves nothing; an edited one moves what moved
sb-export --board "First Pass" --format csv > board.csv
count0=$(audits)
expect_status 0 "an unedited export fed back" sh -c 'sb-reorder --board "First Pass" batch < board.csv'
check "moves nothing" test "$(audits)" = "$count0"
check "and says so per row" sh -c '! grep -v "\"result\":\"unchanged\"" out'
# swap the first two strips of day 4 and send one strip of day 6 to day 4
awk -F, -v OFS=, 'NR == 1 { print; next }
    $2 == 4 && !a { a = $0; next }
    $2 == 4 && a && !b { print; print a; b = 1; next }
    $2 == 6 && !c { c = 1; $2 = 4; held = $0; next }
    { print }
    END { print held }' board.csv > edited.csv
expect_status 0 "an edited export fed back" sh -c 'sb-reorder --board "First Pass" batch edited.csv'
check "moved exactly two strips" test "$(grep -c '"result":"moved"' out)" = 2
check "day 4 reads as edited" test "$(day 4)" = "78 18 130 56 "
sb-export --board "First Pass" --format csv > board.csv
printf 'strip_id,day,version\n5e2dd860fb4b29001719681c,7,1\n5e2dd860fb4b2900171968ce,7,\n' > stale.csv
before=$(snapshot wl.db)
expect_status 5 "--atomic with a stale row is a conflict" sb-reorder --board "First Pass" batch --atomic stale.csv
check "and nothing of the batch landed" test "$(snapshot wl.db)" = "$before"
check "the stale row's report is printed" grep -q '"result":"conflict"' out
expect_status 5 "without --atomic the good rows land" sb-reorder --board "First Pass" batch stale.csv
check "one moved, one conflict" sh -c 'grep -q "\"line\":3,.*\"result\":\"moved\"" out && grep -q "\"line\":2,.*\"result\":\"conflict\"" out'
printf '{"strip":"107","day":"boneyard"}\n{"strip_id":"nope","day":"1"}\n' > moves.ndjson
expect_status 4 "NDJSON moves, one unknown strip" sb-reorder --board "First Pass" batch moves.ndjson
check "the error names the line" grep -q '"line":2,"strip":"nope","result":"error","error":"moves.ndjson: line 2: no strip' out
# a version beyond 64 bits is not a version (it was read as the largest,
# a conflict: "retry"); the batch fuzzer's seeds found it
printf 'strip_id,day,version\n107,1,9223372036854775808\n' > bigversion.csv
before=$(snapshot wl.db)
expect_status 3 "a version out of range is bad input, not a conflict" \
    sb-reorder --board "First Pass" batch --atomic bigversion.csv
check "  ... named as such" err_has 'version: "9223372036854775808" is not a version'
check "  ... and nothing landed" test "$(snapshot wl.db)" = "$before"
# row by row, a conflict is the status even when a later line is malformed
# (sb-reorder(1); it was 3; the batch fuzzer found it)
printf 'strip_id,day,version\n107,1,7\n17,\317\323\n' > conflict-then-bad.csv
expect_status 5 "a conflict, then a malformed line: the conflict is the status" \
    sb-reorder --board "First Pass" batch conflict-then-bad.csv
check "  ... and the message names the malformed line" \
    err_has "conflict-then-bad.csv: line 3: field 2: not valid UTF-8"
printf 'strip_id,day\n17,1\n"unterminated,2\n' > broken.csv
before=$(snapshot wl.db)
expect_status 3 "--atomic with a malformed CSV" sb-reorder --board "First Pass" batch --atomic broken.csv
check "nothing landed" test "$(snapshot wl.db)" = "$before"
check "the message names file and line" err_has "broken.csv: line 3"

# sorting
check "day 9 before sorting" test "$(day 9)" = "88 97 99 102 "
expect_status 0 "sort day 9 by set, then pages descending" ro sort --day 9 --by set,-pages
check "day 9 is in the new order" test "$(day 9)" = "102 88 97 99 "
check "only the strip that had to move moved" err_has "1 strip moved, 3 stayed"
expect_status 0 "sort days 1 to 10 by scene" ro sort --days 1-10 --by scene
check "day 9 is in scene order again" test "$(day 9)" = "88 97 99 102 "
check "day 10 too" test "$(day 10)" = "22 35 103 109 "
expect_status 0 "sort the boneyard by scene, descending" ro sort --boneyard --by -scene
expect_status 2 "an unknown sort key" ro sort --day 5 --by colour
check "it lists the keys" err_has '"colour" is not a sort key'

done_testing
