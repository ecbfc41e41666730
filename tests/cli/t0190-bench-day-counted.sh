#!/bin/sh
# The day-* baselines of sb-bench read a shoot day's date as sb-day does:
# from the calendar entry with the kept count of shoot days before it
# (calendar_day.shoot_n, migration 011) rather than from the calendar's
# start, and the days of a date range by their kept numbers (day.seq) or,
# on a lane that keeps none, by counting.  Their outputs stay the
# command's (parsed, row by row) on a production, after days are added
# and dropped (every later day renumbered), after a holiday inside the
# range (the counts made again), on a lane whose numbers are not kept,
# and on a calendar not counted, where both walk from the start.  The
# counts are read: with every count off by one the baselines' dates move.
. "${top_srcdir:-.}/tests/cli/lib.sh"

needs python3 sqlite3

scenarios=day-list,day-expand,day-range,day-expand-all
size=1200
mkdir d
outputs() {
	sb-bench --sizes "$size" --scenarios "$scenarios" --repeat 1 --outputs --keep \
	    --dir d --format ndjson -q ${1:-} > /dev/null
}
same() {
	for name in day-list day-expand day-range day-expand-all; do
		check "$1: $name returns the baseline's rows and columns" \
		    rows_compare csv "d/$size/$name.out" "d/$size/$name.baseline.csv"
	done
}
expect_status 0 "the commands and baselines write their outputs" outputs
same "imported"
db=d/$size/bench.db
cal=$(q "SELECT calendar_id FROM board WHERE name = 'First Pass'")
mid=$(sed -n 2p "d/$size/day-expand.out" | cut -d, -f3)
check "the middle day (day $mid) has counted entries before it" \
    test "$(q "SELECT count(*) FROM calendar_day WHERE calendar_id = $cal
        AND shoot_n BETWEEN 1 AND $mid - 20")" -gt 0

SB_DB=$db
export SB_DB
sb-day -q --board "First Pass" add --after 3 --count 2 || exit 99
sb-day -q --board "First Pass" drop 10 --to next || exit 99
expect_status 0 "days added and dropped: the outputs" outputs --reuse
same "days added and dropped"
date=$(sed -n 2p "d/$size/day-range.out" | cut -d, -f4)
sb-day -q --board "First Pass" calendar --holiday "$date" || exit 99
check "a holiday on $date: the calendar is counted again" \
    test "$(q "SELECT counted FROM calendar WHERE id = $cal")" = 1
expect_status 0 "a holiday in the range: the outputs" outputs --reuse
same "a holiday in the range"
check "the range starts after the holiday" \
    test "$(sed -n 2p "d/$size/day-range.out" | cut -d, -f4)" != "$date"
for name in day-expand day-range; do
	cp "d/$size/$name.baseline.csv" "$name.good"
done

# Every count off by one, the calendar still counted: a baseline that
# reads the counts moves its dates; not counted, it walks from the start.
db_exec "$db" "UPDATE calendar_day SET shoot_n = shoot_n + 1 WHERE calendar_id = $cal
    AND shoot_n > 0" || exit 99
expect_status 0 "counts off by one: the outputs" outputs --reuse
for name in day-expand day-range; do
	run cmp -s "$name.good" "d/$size/$name.baseline.csv"
	is "counts off by one: $name's baseline reads them" "$rc" 1
done
db_exec "$db" "UPDATE calendar SET counted = 0 WHERE id = $cal" || exit 99
expect_status 0 "a calendar not counted: the outputs" outputs --reuse
same "a calendar not counted"
for name in day-expand day-range; do
	check "a calendar not counted: $name's baseline walks from the start" \
	    cmp "$name.good" "d/$size/$name.baseline.csv"
done

# A lane whose day numbers are not kept (a file from before migration 004).
db_exec "$db" "UPDATE lane SET ranked = 0; UPDATE day SET seq = NULL" || exit 99
expect_status 0 "day numbers not kept: the outputs" outputs --reuse
same "day numbers not kept"
check "day numbers not kept: the range's baseline still finds its days" \
    cmp day-range.good "d/$size/day-range.baseline.csv"
done_testing
