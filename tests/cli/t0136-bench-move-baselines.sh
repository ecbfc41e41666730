#!/bin/sh
# The write baselines of sb-bench's moves (issue 11): before each run of
# move, move-batch and writers, the sqlite3 shell commits, in one
# transaction a process as the command does, the rows the command is about
# to write: each moved placement (written back unchanged), each day a
# strip leaves or enters, and an audit row for each of them, chained.
# The audit trail of a bench production then holds the command's rows and
# the baseline's (actor sb-bench): they must be the same rows.
. "${top_srcdir:-.}/tests/cli/lib.sh"

needs sqlite3

# ids ACTOR-CONDITION ENTITY: the entity ids of the audit rows, sorted
ids() {
	sql "$db" "SELECT entity_id FROM audit WHERE entity = '$2' AND $1
	    AND id > (SELECT min(id) FROM audit) ORDER BY entity_id"
}

for s in move move-batch; do
	mkdir "$s"
	expect_status 0 "$s runs with its write baseline" \
	    sb-bench --sizes 800 --scenarios "$s" --repeat 1 --keep --dir "$s" \
	    --format ndjson -q
	check "$s: the run has a baseline and a ratio" \
	    sh -c 'grep -q "\"baseline\":\"sqlite3\",\"baseline_ms\":[0-9.]*,\"ratio\":[0-9.]*," out'
	db=$s/800/bench.db
	ids "actor <> 'sb-bench'" placement > command.placements
	ids "actor = 'sb-bench'" placement > baseline.placements
	ids "actor <> 'sb-bench'" day > command.days
	ids "actor = 'sb-bench'" day > baseline.days
	check "$s: the command moved strips" test -s command.placements
	check "$s: the baseline wrote an audit row for each placement the command moved" \
	    same_file command.placements baseline.placements
	check "$s: and for each day a strip left or entered" same_file command.days baseline.days
	is "$s: the baseline wrote back the rows unchanged" \
	    "$(sql "$db" "SELECT count(*) FROM audit a JOIN placement p ON p.id = a.entity_id
	    WHERE a.entity = 'placement' AND a.actor <> 'sb-bench'
	    AND a.version_after > p.version")" 0
done
check "a batch is 100 moves (less those to the day the strip is on)" \
    test "$(wc -l < command.placements)" -ge 90

# Concurrent writers: one shell a process, at once.
mkdir w
expect_status 0 "writers runs with its write baseline" \
    sb-bench --sizes 800 --scenarios writers --writers 3 --keep --dir w --format ndjson -q
check "writers: the run has a baseline and a ratio" \
    sh -c 'grep -q "\"baseline\":\"sqlite3\",\"baseline_ms\":[0-9.]*,\"ratio\":[0-9.]*," out'
db=w/800/bench.db
base=$(sql "$db" "SELECT count(*) FROM audit WHERE entity = 'placement' AND actor = 'sb-bench'")
cmd=$(sql "$db" "SELECT count(*) FROM audit WHERE entity = 'placement' AND actor <> 'sb-bench'")
# a strip sent to its own day is left where it is by both; a command
# refused (busy, or two processes drew the same strip) writes nothing
check "writers: the shells wrote a move for nearly each of the 60 processes ($base)" \
    test "$base" -le 60 -a "$base" -ge 50
check "writers: and so did the commands ($cmd)" test "$cmd" -le 60 -a "$cmd" -ge 45
check "the production's writes still chain: a command writes after the baseline" \
    sb-reorder move "$(sql "$db" "SELECT s.uid FROM strip s JOIN placement p ON p.strip_id = s.id
    JOIN board b ON b.id = p.board_id AND b.name = 'First Pass' LIMIT 1")" --to 2 \
    --board "First Pass" --db "$db"
done_testing
