#!/bin/sh
# sb-element merge keeps the merged element's dated events: they move to the
# kept element, and one of the same type and name on the same date as one of
# its own collapses into it.  sb-log revert of the merge puts the element,
# its links and its events back: the earlier exports (CSV, JSON, USS) come
# back byte for byte, versions aside; a conflict (exit 5) and --dry-run
# change nothing (cmp); reverting the revert merges again.
. "${top_srcdir:-.}/tests/cli/lib.sh"

# MARY gets a travel day on GEORGE's travel date (it collapses) and keeps
# her own; GEORGE's rehearsal moves to her.
awk '
	/"name" : "GEORGE"/ { george = 1 }
	george && !done && /"events": \[\],/ {
		sub(/"events": \[\],/, "\"events\": [ { \"id\" : \"mary-travel\", \"type\" : \"event\", \"name\" : \"travel\", \"date\" : \"2022-06-06T07:00:00.000Z\" } ],")
		done = 1
	}
	{ print }' "$full" > dup.uss
check "the fixture has MARY's travel day" grep -q mary-travel dup.uss
sb-import -q --db m.db dup.uss || exit 99
export SB_DB=m.db
db=m.db
last() { q "SELECT max(id) FROM audit"; }
events() {
	q "SELECT group_concat(v.name || '@' || v.date, ' ') FROM (SELECT v.* FROM
	    element_event v JOIN element e ON e.id = v.element_id WHERE e.name = '$1'
	    ORDER BY v.rank, v.id) v"
}
exports() {
	sb-export --board "First Pass" --format csv | cut -d, -f1-5,7- > "$1.csv"
	sb-export --format json | sed 's/"version":[0-9]*//g' > "$1.json"
	sb-export --format uss > "$1.uss"
}
exports before
is "MARY's events before" "$(events MARY)" "travel@2022-06-06"
is "GEORGE's events before" "$(events GEORGE)" "travel@2022-06-06 rehearsal@2022-06-07"
start=$(last)

expect_status 0 "GEORGE merged into MARY" sb-element merge Cast GEORGE MARY
is "the rehearsal moved to MARY, the same travel day collapsed" "$(events MARY)" \
    "travel@2022-06-06 rehearsal@2022-06-07"
is "GEORGE is gone" "$(q "SELECT count(*) FROM element WHERE name = 'GEORGE'")" 0
is "no event is left without its element" \
    "$(q "SELECT count(*) FROM element_event WHERE element_id NOT IN (SELECT id FROM element)")" 0
sb-export --format uss | tr -d '\n ' | grep -o '"name":"MARY"[^}]*"events":\[[^]]*\]' > mary.txt
check "the USS export has MARY's travel day and GEORGE's rehearsal" \
    sh -c 'grep -q mary-travel mary.txt && grep -q "\"name\":\"rehearsal\"" mary.txt'
sb-log --format table > log.txt
check "sb-log says MARY took GEORGE's events" \
    grep -q "MARY (Cast) took the events of GEORGE: 1 moved, 1 collapsed" log.txt
check "the kept element's version rose" test "$(q "SELECT version FROM element WHERE name = 'MARY'")" = 2
end=$(last)
ids=$(ids_after "$start" "$end")

cp m.db dry.db
before=$(snapshot "$db")
expect_status 0 "--dry-run" sb-log revert --dry-run $ids
check "says it would put the events back" out_has '"undo":"moved the element'"'"'s events back"'
is "--dry-run writes nothing" "$(snapshot "$db")" "$before"
check "the file is byte-identical" cmp m.db dry.db

# a conflict: MARY renamed after the merge
sb-element -q rename Cast MARY "Mary Hatch"
cp m.db pre.db
before=$(snapshot "$db")
expect_status 5 "a revert over a later change of MARY is a conflict" sb-log revert $ids
check "the report names the kept element's row" \
    sh -c 'json_ok out && grep -q "\"entity\":\"element\"" out && grep -q "it was changed since" out'
is "the database is unchanged" "$(snapshot "$db")" "$before"
check "byte for byte (cmp)" cmp m.db pre.db
expect_status 0 "the rename reverted" sb-log -q revert "$(last)"

end=$(last)
ids=$(ids_after "$start" "$end")
expect_status 0 "revert the merge (and the rename and its revert)" sb-log revert $ids
check "says it put the element back" out_has '"undo":"put the element back"'
is "GEORGE's events are his again, in their order" "$(events GEORGE)" \
    "travel@2022-06-06 rehearsal@2022-06-07"
is "MARY's are hers" "$(events MARY)" "travel@2022-06-06"
exports after
for f in csv json uss; do
	check "the $f export is the earlier one, byte for byte" cmp before.$f after.$f
done
check "the revert is new audit rows" test "$(last)" -gt "$end"

# reverting the revert merges again
s2=$end
end=$(last)
expect_status 0 "revert the revert" sb-log revert $(ids_after "$s2" "$end")
is "GEORGE is merged again" "$(q "SELECT count(*) FROM element WHERE name = 'GEORGE'")" 0
is "MARY has the rehearsal again" "$(events MARY)" "travel@2022-06-06 rehearsal@2022-06-07"

done_testing
