#!/bin/sh
# sb-bench's board-html baseline returns what sb-report board --format html
# writes: the page is parsed (each section's page number and heading, each
# row's class and cells, entities unescaped) and compared with the rows the
# sqlite3 shell returns for the baseline SQL (sb-bench --outputs): the
# strips and banners of every lane, each shoot day's break with its date,
# pages and estimate, the days off, holidays and travel days between shoot
# days, 32 rows a page, at two sizes and two seeds, and after moves.
. "${top_srcdir:-.}/tests/cli/lib.sh"

needs python3 sqlite3

for seed in 1 5; do
	mkdir "d$seed"
	expect_status 0 "seed $seed: the stripboard and its baseline write their outputs" \
	    sb-bench --sizes 150,1200 --seed "$seed" --scenarios board-html --repeat 1 \
	    --outputs --keep --dir "d$seed" --format ndjson -q
	for size in 150 1200; do
		check "seed $seed, $size strips: the page's rows are the baseline's" \
		    rows_compare board-html "d$seed/$size/board-html.out" "d$seed/$size/board-html.baseline.csv"
	done
done
rows_compare board-html d1/1200/board-html.out d1/1200/board-html.baseline.csv > compared
check "the rows include day breaks, days off, holidays, banners and the boneyard" \
    sh -c 'grep "bn [0-9]" compared | grep "db [0-9]" | grep "hol [0-9]" | grep -q "off [0-9]" && grep -q "boneyard (not scheduled)" d1/1200/board-html.baseline.csv'
check "more than one page" sh -c 'test "$(tail -n 1 d1/1200/board-html.baseline.csv | cut -d, -f1)" -gt 2'

# After moves (into and out of the boneyard too), the same.
mkdir m
expect_status 0 "moves, then the stripboard and its baseline" \
    sb-bench --sizes 150 --seed 3 --scenarios move-batch,sort-day,board-html --repeat 2 \
    --outputs --keep --dir m --format ndjson -q
check "after moves: the page's rows are the baseline's" \
    rows_compare board-html m/150/board-html.out m/150/board-html.baseline.csv

# The comparison can fail: a changed cell is caught.
sed '0,/END OF DAY 2 /s//END OF DAY 3 /' d1/150/board-html.baseline.csv > changed.csv
check "one day break was changed" sh -c '! cmp -s changed.csv d1/150/board-html.baseline.csv'
run rows_compare board-html d1/150/board-html.out changed.csv
is "a baseline with one cell changed differs" "$rc" 1
check "and the message names the row" err_has "differs:"
done_testing
