#!/bin/sh
# The write baseline of sb-bench's sort-day (issue 11): each run sorts the
# next shoot day (one not sorted yet), and before it the sqlite3 shell
# commits, in one transaction, what the sort is about to write: each
# placement the sort moves (parked, then written back unchanged) and an
# audit row for each, chained, found by the library sorting the day in a
# transaction rolled back.  The audit trail of the bench production then
# holds the command's rows and the baseline's (actor sb-bench): they must
# be rows of the same placements, as t0136 proves for the moves.
. "${top_srcdir:-.}/tests/cli/lib.sh"

needs sqlite3

# ids ACTOR-CONDITION: the placement ids of the audit rows, sorted
ids() {
	sql "$db" "SELECT entity_id FROM audit WHERE entity = 'placement' AND $1
	    ORDER BY entity_id"
}

mkdir s
expect_status 0 "sort-day runs with its write baseline" \
    sb-bench --sizes 800 --scenarios sort-day --repeat 12 --keep --dir s \
    --format ndjson -q
check "the run has a baseline and a ratio" \
    sh -c 'grep -q "\"baseline\":\"sqlite3\",\"baseline_ms\":[0-9.]*,\"ratio\":[0-9.]*," out'
check "it ran 12 times" grep -q '"runs":12,' out
db=s/800/bench.db
ids "actor <> 'sb-bench'" > command.placements
ids "actor = 'sb-bench'" > baseline.placements
check "the sorts moved strips" test "$(wc -l < command.placements)" -ge 5
check "the baseline wrote an audit row for each placement the sorts moved" \
    same_file command.placements baseline.placements
is "the sorts changed no day (no day rows) and neither did the baseline" \
    "$(sql "$db" "SELECT count(*) FROM audit WHERE entity <> 'placement'
    AND id > (SELECT min(id) FROM audit)")" 0
is "each run sorted another day: no strip moved twice" \
    "$(sort command.placements | uniq -d | wc -l | tr -d ' ')" 0
is "the baseline wrote back the rows unchanged (each version rose once, by the sort)" \
    "$(sql "$db" "SELECT count(*) FROM audit a JOIN placement p ON p.id = a.entity_id
    WHERE a.entity = 'placement' AND a.actor <> 'sb-bench'
    AND a.version_after <> p.version")" 0
is "the baseline's rows name the same strips, days and lanes as the sort's" \
    "$(sql "$db" "SELECT count(*) FROM audit a JOIN audit c ON c.entity = 'placement'
    AND c.entity_id = a.entity_id AND c.actor <> 'sb-bench'
    WHERE a.entity = 'placement' AND a.actor = 'sb-bench'
    AND json_extract(a.changes, '\$.about.strip') = json_extract(c.changes, '\$.about.strip')
    AND json_extract(a.changes, '\$.about.day') = json_extract(c.changes, '\$.about.day')
    AND json_extract(a.changes, '\$.about.lane') = json_extract(c.changes, '\$.about.lane')
    AND json_extract(a.changes, '\$.set.day_id') = json_extract(c.changes, '\$.set.day_id')")" \
    "$(wc -l < command.placements | tr -d ' ')"
# the day each run sorted is sorted now: sorting it again moves nothing
day=$(sql "$db" "SELECT json_extract(changes, '\$.about.day[1]') FROM audit
    WHERE entity = 'placement' AND actor <> 'sb-bench' ORDER BY id DESC LIMIT 1")
check "a day the bench sorted is sorted: sorting it again moves nothing" \
    sh -c "sb-reorder sort --board 'First Pass' --day $day --by int_ext,set,-pages \
    --db $db 2>&1 | grep -q 'sorted: 0 strips moved'"
done_testing
