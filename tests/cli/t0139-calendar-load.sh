#!/bin/sh
# What a board's calendar means, as every reader loads it (issue 11, item
# 3: the load reads the entries once, in date order, where it sorted them
# all by rank twice): of two entries on one date the later in rank order
# wins (rank, then id), whatever order they were written in; the start is
# the first start entry in rank order, not the earliest date; and the
# count of shoot days read from the kept day numbers of a numbered lane is
# the count of an unnumbered one.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP needs sqlite3"
	exit 0
fi
sb-import -q --db c.db "$full" || exit 99
db=c.db
row() { sb-day --db c.db --board "First Pass" list --format csv | grep "^First Pass,$1," | cut -d, -f3; }

is "day 1 is on the start" "$(row 1)" 2022-08-03
is "day 24 follows the Labor Day holiday" "$(row 24)" 2022-09-06
is "day 25 is the next working day" "$(row 25)" 2022-09-07
cal=$(q "SELECT calendar_id FROM board WHERE name = 'First Pass'")
# written straight into the database (sqlite3, or psql on a server), as an
# import of such a calendar would
db_exec c.db "
-- a work day written after the holiday of its date, but before it in rank
INSERT INTO calendar_day (calendar_id, rank, date, kind) VALUES ($cal, 0, '2022-09-05', 'work');
-- the same rank: the later id wins (off)
INSERT INTO calendar_day (calendar_id, rank, date, kind) VALUES ($cal, 5, '2022-09-07', 'work');
INSERT INTO calendar_day (calendar_id, rank, date, kind) VALUES ($cal, 5, '2022-09-07', 'off');
-- the higher rank wins (off), though written first
INSERT INTO calendar_day (calendar_id, rank, date, kind) VALUES ($cal, 9, '2022-09-12', 'off');
INSERT INTO calendar_day (calendar_id, rank, date, kind) VALUES ($cal, 6, '2022-09-12', 'work');
-- a second start, earlier in date but later in rank: not the start
INSERT INTO calendar_day (calendar_id, rank, date, kind) VALUES ($cal, 7, '2022-08-01', 'start');
" || exit 99
is "the start is the first start in rank order, not the earliest" "$(row 1)" 2022-08-03
is "a holiday ranked after a work day on its date holds" "$(row 24)" 2022-09-06
is "of two entries of one rank, the later written holds (off)" "$(row 25)" 2022-09-08
is "the next day follows" "$(row 26)" 2022-09-09
is "an off day ranked after a work day on its date holds" "$(row 27)" 2022-09-13
is "the calendar lists the same" \
    "$(sb-day --db c.db --board "First Pass" list --from 2022-09-06 --to 2022-09-13 --format csv |
    cut -d, -f2,3 | tail -n +2 | tr '\n' ' ')" \
    "24,2022-09-06 25,2022-09-08 26,2022-09-09 27,2022-09-13 "

lane=$(q "SELECT l.id FROM lane l JOIN board b ON b.id = l.board_id WHERE b.name = 'First Pass' AND l.kind = 'schedule'")
days() { sb-board --db c.db list --format csv | grep ',First Pass,' | cut -d, -f4; }
is "sb-board list counts them" "$(days)" 61
expect_status 4 "an imported lane (not numbered yet): no day 99" \
    sb-day --db c.db --board "First Pass" list --expand=99
check "it counts the shoot days" err_has 'has 61 shoot days'
sb-reorder --db c.db --board "First Pass" move 46 --to 2 >/dev/null 2>&1 || exit 99
is "a move numbers the lane" "$(q "SELECT ranked FROM lane WHERE id = $lane")" 1
expect_status 4 "a numbered lane: no day 62" \
    sb-day --db c.db --board "First Pass" list --expand=62
check "its count is its last kept number" err_has 'has 61 shoot days'
is "and sb-board list's" "$(days)" 61
expect_status 0 "day 61 is there" sb-day --db c.db --board "First Pass" list --expand=61
sb-day --db c.db --board "First Pass" -q add --after 3 --count 2 >/dev/null 2>&1 || exit 99
expect_status 4 "after two days added: no day 64" \
    sb-day --db c.db --board "First Pass" list --expand=64
check "it counts 63" err_has 'has 63 shoot days'
is "and sb-board list" "$(days)" 63
sb-reorder --db c.db --board "First Pass" move 46 --to 3 >/dev/null 2>&1 || exit 99
is "numbered again by a move: sb-board list still counts 63" "$(days)" 63
done_testing
