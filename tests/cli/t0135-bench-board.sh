#!/bin/sh
# sb-bench's scenarios of sb-board (issue 14): the compare baseline returns
# what `sb-board compare` writes (parsed, field by field, at two sizes and
# two seeds, and with strips missing from either board), and the
# new --from baseline writes what the command writes: the copy's calendar,
# board, days and placements and the same audit rows, so the ratio beside
# each figure compares like with like.  The copies go after each run.
. "${top_srcdir:-.}/tests/cli/lib.sh"

needs python3 sqlite3

for seed in 1 5; do
	mkdir "d$seed"
	expect_status 0 "seed $seed: compare and its baseline write their outputs" \
	    sb-bench --sizes 150,1200 --seed "$seed" --scenarios board-compare --repeat 1 \
	    --outputs --keep --dir "d$seed" --format ndjson -q
	for size in 150 1200; do
		check "seed $seed, $size strips: board-compare returns the baseline's rows" \
		    rows_compare csv "d$seed/$size/board-compare.out" \
		    "d$seed/$size/board-compare.baseline.csv"
	done
done
check "the rows carry both days, dates and their differences" \
    sh -c 'head -n 1 d1/1200/board-compare.out | grep -q "^strip_id,scene,day_a,date_a,day_b,date_b,days,dates$"'
check "a strip in the boneyard is compared" \
    grep -q ',boneyard,' d1/1200/board-compare.baseline.csv
check "and a strip on a day of the second unit" \
    grep -q ',"second unit/[0-9]*",' d1/1200/board-compare.baseline.csv

# Strips on one board only: "absent" on the other side, B's after A's.
db=d1/1200/bench.db
sqlite3 "$db" "PRAGMA foreign_keys = ON;
    DELETE FROM placement WHERE id IN (SELECT p.id FROM placement p JOIN board b
    ON b.id = p.board_id WHERE b.name = 'Second Pass' ORDER BY p.id LIMIT 7);
    DELETE FROM placement WHERE id IN (SELECT p.id FROM placement p JOIN board b
    ON b.id = p.board_id WHERE b.name = 'First Pass' ORDER BY p.id DESC LIMIT 5);"
expect_status 0 "boards with strips missing: the outputs again" \
    sb-bench --sizes 1200 --scenarios board-compare --repeat 1 --outputs --reuse \
    --dir d1 --format ndjson -q
check "strips on one board only are compared as absent, as the command does" \
    rows_compare csv d1/1200/board-compare.out d1/1200/board-compare.baseline.csv
is "the strips missing from either board are absent on that side" "$(grep -c ',absent,' d1/1200/board-compare.out)" 12

# The comparison can fail: a changed field is caught.
sed '3s/,2029-/,2030-/' d1/1200/board-compare.baseline.csv > changed.csv
run rows_compare csv d1/1200/board-compare.out changed.csv
is "a baseline with one date changed differs" "$rc" 1
check "and the message names the row" err_has "row 2 differs"

# new --from: one run of the command and one of its baseline, each a copy.
mkdir n
expect_status 0 "board-new-from runs with its baseline" \
    sb-bench --sizes 600 --scenarios board-new-from --repeat 1 --keep --dir n \
    --format ndjson -q
db=n/600/bench.db
check "the run has a baseline and a ratio" \
    sh -c 'grep -q "\"scenario\":\"board-new-from\".*\"baseline\":\"sqlite3\"" out'
is "the copies are gone after the run" "$(sql "$db" "SELECT count(*) FROM board")" 3
is "and their calendars" "$(sql "$db" "SELECT count(*) FROM calendar")" 2
# what each copy held, from its audit row: the command's (actor: the user)
# and the baseline's (sb-bench), against the original
rows() {
	sql "$db" "SELECT entity, json_extract(changes, '$.about.strips'),
	    json_extract(changes, '$.about.days'), json_extract(changes, '$.about.from'),
	    json_type(changes, '$.set.calendar_id[1]')
	    FROM audit WHERE entity IN ('board', 'calendar') AND $1 ORDER BY id"
}
rows "actor <> 'sb-bench'" > command.rows
rows "actor = 'sb-bench'" > baseline.rows
check "the baseline writes the audit rows the command writes" same_file command.rows baseline.rows
strips=$(sql "$db" "SELECT count(*) FROM placement p JOIN board b ON b.id = p.board_id
    WHERE b.name = 'First Pass'")
days=$(sql "$db" "SELECT count(*) FROM day d JOIN lane l ON l.id = d.lane_id
    JOIN board b ON b.id = l.board_id WHERE b.name = 'First Pass' AND d.kind = 'shoot'
    AND l.kind = 'schedule'")
is "both copies held every strip and shoot day of First Pass, and a calendar" \
    "$(cat baseline.rows)" "$(printf 'calendar||||\nboard|%s|%s|First Pass|integer' "$strips" "$days")"
done_testing
