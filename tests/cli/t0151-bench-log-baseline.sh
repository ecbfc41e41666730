#!/bin/sh
# sb-bench's log-since baseline returns what sb-log --since --format ndjson
# writes: every audit row from the point, with its project's name, its
# changes (compared as JSON values) and its summary in words, parsed from
# both outputs (sb-bench --outputs) and compared field by field, after the
# moves, sorts and batches that write the trail, at two sizes and two
# seeds.
. "${top_srcdir:-.}/tests/cli/lib.sh"

needs python3 sqlite3

for seed in 1 4; do
	mkdir "d$seed"
	expect_status 0 "seed $seed: moves, sorts, then sb-log and its baseline" \
	    sb-bench --sizes 150,1200 --seed "$seed" --scenarios move,move-batch,sort-day,log-since \
	    --repeat 2 --outputs --keep --dir "d$seed" --format ndjson -q
	for size in 150 1200; do
		check "seed $seed, $size strips: sb-log's rows are the baseline's" \
		    rows_compare log "d$seed/$size/log-since.out" "d$seed/$size/log-since.baseline.csv"
	done
done
rows_compare log d1/150/log-since.out d1/150/log-since.baseline.csv > compared
check "the rows include moves and the days they changed" grep -q "(day, placement)" compared
check "a move is said in words" sh -c 'grep -q "moved scene [0-9]* from day [0-9]* to day [0-9]* (First Pass)" d1/150/log-since.baseline.csv'

# The comparison can fail: a changed summary is caught.
sed '0,/moved scene/s//moved strip/' d1/150/log-since.baseline.csv > changed.csv
check "one summary was changed" sh -c '! cmp -s changed.csv d1/150/log-since.baseline.csv'
run rows_compare log d1/150/log-since.out changed.csv
is "a baseline with one summary changed differs" "$rc" 1
check "and the message names the row" err_has "differs:"
check "and the summary" err_has "moved strip"
done_testing
