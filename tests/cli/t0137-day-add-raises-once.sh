#!/bin/sh
# A day added near the start of a long schedule renumbers every later day:
# each rises one version with one "renumbered" audit row, however many
# days the lane holds (the days raised in a transaction are a hash set
# since issue 11's leftover: the list it replaced was searched for every
# day, 3.4e10 comparisons at a million strips).  A batch that moves many
# strips into and out of the same days raises each day once.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP needs sqlite3"
	exit 0
fi

expect_status 0 "a production of 3000 strips" bench_db 3000 p.db
db=p.db
days=$(q "SELECT count(*) FROM day d JOIN lane l ON l.id = d.lane_id JOIN board b
    ON b.id = l.board_id WHERE b.name = 'First Pass' AND l.kind = 'schedule'
    AND d.kind = 'shoot'")
check "it has hundreds of shoot days ($days)" test "$days" -gt 500
q "SELECT d.id, d.version FROM day d JOIN lane l ON l.id = d.lane_id JOIN board b
    ON b.id = l.board_id WHERE b.name = 'First Pass' AND l.kind = 'schedule'
    AND d.kind = 'shoot' ORDER BY d.pos" > before
last=$(q "SELECT max(id) FROM audit")
expect_status 0 "a day added after day 1" sb-day --db "$db" --board "First Pass" add --after 1
q "SELECT d.id, d.version FROM day d JOIN lane l ON l.id = d.lane_id JOIN board b
    ON b.id = l.board_id WHERE b.name = 'First Pass' AND l.kind = 'schedule'
    AND d.kind = 'shoot' ORDER BY d.pos" > after
is "every day after it rose one version" \
    "$(sed 1d before | awk -F'|' '{ print $1 "|" $2 + 1 }')" "$(sed '1d;2d' after)"
is "day 1 did not" "$(head -n 1 before)" "$(head -n 1 after)"
is "one renumbered audit row for each of them" \
    "$(q "SELECT count(*), count(DISTINCT entity_id) FROM audit WHERE id > $last
    AND entity = 'day' AND json_extract(changes, '$.about.why') = 'renumbered'")" \
    "$((days - 1))|$((days - 1))"
is "and each says its numbers" \
    "$(q "SELECT count(*) FROM audit a JOIN day d ON d.id = a.entity_id WHERE a.id > $last
    AND a.entity = 'day' AND CAST(json_extract(a.changes, '$.about.day[1]') AS integer) = d.seq
    AND CAST(json_extract(a.changes, '$.about.day[0]') AS integer) = d.seq - 1")" "$((days - 1))"

# 400 moves, atomic, between 3 days: each day rises once
strips=$(q "SELECT s.uid FROM strip s JOIN placement p ON p.strip_id = s.id JOIN board b
    ON b.id = p.board_id WHERE b.name = 'First Pass' ORDER BY p.id LIMIT 400")
{
	echo strip_id,day
	i=0
	for s in $strips; do echo "$s,$((i % 3 + 5))"; i=$((i + 1)); done
} > moves.csv
last=$(q "SELECT max(id) FROM audit")
expect_status 0 "an atomic batch of 400 moves to days 5 to 7" \
    sb-reorder --db "$db" batch --atomic --board "First Pass" < moves.csv
is "each day a strip left or entered has one audit row" \
    "$(q "SELECT count(*) - count(DISTINCT entity_id) FROM audit WHERE id > $last
    AND entity = 'day'")" 0
is "and rose as many versions" \
    "$(q "SELECT count(*) FROM audit a JOIN day d ON d.id = a.entity_id WHERE a.id > $last
    AND a.entity = 'day' AND a.version_after <> d.version")" 0
done_testing
