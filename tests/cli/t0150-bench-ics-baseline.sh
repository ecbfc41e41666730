#!/bin/sh
# sb-bench's ics baseline returns what sb-report ics writes: the feed is
# parsed (lines unfolded, text unescaped), each VEVENT a row of its UID,
# DTSTAMP, DTSTART, DTEND, SUMMARY and DESCRIPTION, and compared with the
# rows the sqlite3 shell returns for the baseline SQL (sb-bench --outputs):
# the shoot days with their strips, the company's holidays around them, and
# each event's stamp from the audit trail, at two sizes and two seeds, and
# after moves, whose audit rows raise the stamps of the days they touch.
. "${top_srcdir:-.}/tests/cli/lib.sh"

needs python3 sqlite3

for seed in 1 5; do
	mkdir "d$seed"
	expect_status 0 "seed $seed: sb-report ics and its baseline write their outputs" \
	    sb-bench --sizes 150,1200 --seed "$seed" --scenarios ics --repeat 1 \
	    --outputs --keep --dir "d$seed" --format ndjson -q
	for size in 150 1200; do
		check "seed $seed, $size strips: the feed's events are the baseline's rows" \
		    rows_compare ics "d$seed/$size/ics.out" "d$seed/$size/ics.baseline.csv"
	done
done
check "the events include holidays" sh -c 'grep -q -- "-holiday-" d1/1200/ics.baseline.csv'
check "a day's description names its scenes" sh -c 'grep -q "^Sc\. " d1/150/ics.baseline.csv'

# After moves, the stamps of the days and strips moved are the moves' times.
mkdir m
expect_status 0 "moves, then the feed and its baseline" \
    sb-bench --sizes 150 --seed 3 --scenarios move-batch,ics --repeat 2 \
    --outputs --keep --dir m --format ndjson -q
check "after moves: the feed's events are the baseline's rows" \
    rows_compare ics m/150/ics.out m/150/ics.baseline.csv
check "and some stamps are the moves', later than the import's" \
    sh -c 'test "$(tail -n +2 m/150/ics.baseline.csv | cut -d, -f2 | sort -u | wc -l)" -gt 1'

# The comparison can fail: a changed stamp is caught.
sed '2s/,20[0-9][0-9][0-9][0-9][0-9][0-9]T/,19990101T/' d1/150/ics.baseline.csv > changed.csv
run rows_compare ics d1/150/ics.out changed.csv
is "a baseline with one stamp changed differs" "$rc" 1
check "and the message names the row" err_has "row 1 differs"
done_testing
