#!/bin/sh
# sb-bench's baselines return what the commands write: for each scenario
# with a baseline whose output is rows of fields (the board exports as CSV,
# JSON and NDJSON, the day listing, one day, a date range and every day
# expanded with their strips and all their categories), the command's
# output and the sqlite3
# shell's for the baseline SQL (sb-bench --outputs) are parsed and must be
# the same rows with the same columns, at two sizes and two seeds.  So the
# ratio beside each figure compares like with like.
. "${top_srcdir:-.}/tests/cli/lib.sh"

needs python3 sqlite3

scenarios=export-csv,export-json,export-ndjson,day-list,day-expand,day-expand-all,day-range,board-list
for seed in 1 5; do
	mkdir "d$seed"
	expect_status 0 "seed $seed: the commands and baselines write their outputs" \
	    sb-bench --sizes 150,1200 --seed "$seed" --scenarios "$scenarios" --repeat 1 \
	    --outputs --keep --dir "d$seed" --format ndjson -q
	for size in 150 1200; do
		for s in export-csv:csv export-json:json export-ndjson:ndjson day-list:csv day-expand:csv \
		    day-expand-all:csv day-range:csv board-list:csv; do
			name=${s%%:*} kind=${s#*:}
			check "seed $seed, $size strips: $name returns the baseline's rows and columns" \
			    rows_compare "$kind" "d$seed/$size/$name.out" "d$seed/$size/$name.baseline.csv"
		done
	done
done
check "the board has every category as a column" \
    sh -c 'head -n 1 d1/150/export-csv.baseline.csv | grep -q ",Cast,Background,.*,\"Visual Effects\""'
check "expanded strips carry every category" \
    sh -c 'head -n 1 d1/1200/day-expand-all.out | grep -q ",synopsis,Cast,Background,.*,Visual Effects$"'
check "the rows carry the day number and date" \
    sh -c 'sed -n 2p d1/150/export-csv.baseline.csv | grep -q "^\"*First Pass\"*,1,20[0-9][0-9]-[0-9][0-9]-[0-9][0-9],1,"'

# The comparison can fail: a changed field is caught.
sed '3s/,1,/,2,/' d1/150/day-list.baseline.csv > changed.csv
run rows_compare csv d1/150/day-list.out changed.csv
is "a baseline with one field changed differs" "$rc" 1
check "and the message names the row" err_has "row 2 differs"

# Without --keep the outputs go with the rest.
mkdir gone
expect_status 0 "--outputs without --keep" sb-bench --sizes 100 --scenarios export-csv \
    --repeat 1 --outputs --dir gone --format ndjson -q
check "nothing is left behind" test -z "$(ls gone)"
done_testing
