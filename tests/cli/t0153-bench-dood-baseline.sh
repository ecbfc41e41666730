#!/bin/sh
# sb-bench's dood baseline returns what sb-report dood --format csv writes:
# the report is parsed (the header's dates, each element's row with its
# cells joined by commas and its totals) and compared with the rows the
# sqlite3 shell returns for the baseline SQL (sb-bench --outputs): the
# Day Out of Days rules in SQL (start, work, finish, holds, drops and
# pickups, holidays, days off), at two sizes and two seeds, after moves,
# and on a production changed to reach the other rules: events inside a
# run and inside a drop, a company travel day, a worked weekend, an
# element never held, one left out of the report, one with no drop days.
. "${top_srcdir:-.}/tests/cli/lib.sh"

needs python3 sqlite3

cat > compare.py <<'PY'
import csv, sys
out, base = sys.argv[1:3]

with open(out, newline="") as f:
    rows = list(csv.reader(f))
head = rows[0]
if head[:4] != ["row", "category", "id", "element"] or "work" not in head:
    sys.exit("unexpected header: %s" % head[:6])
w = head.index("work")
got = [["row", "category", "id", "element", "days"] + head[w:],
       ["dates", "", "", "", ",".join(head[4:w])] + [""] * (len(head) - w)]
for r in rows[1:]:
    got.append(r[:4] + [",".join(r[4:w])] + r[w:])
with open(base, newline="") as f:
    want = list(csv.reader(f))
if len(want) < 3:
    sys.exit("the baseline returned no elements")
if got[0] != want[0]:
    sys.exit("columns differ:\n  command:  %s\n  baseline: %s" % (got[0], want[0]))
if len(got) != len(want):
    sys.exit("%d rows from the command, %d from the baseline" % (len(got), len(want)))
for i, (g, v) in enumerate(zip(got, want)):
    if g != v:
        for k, (a, b) in enumerate(zip(g, v)):
            if a != b:
                sys.exit("row %d differs in %s:\n  command:  %s\n  baseline: %s"
                         % (i, got[0][k], a[:400], b[:400]))
        sys.exit("row %d differs" % i)
codes = set(c for r in got[2:] for c in r[4].split(",") if c)
print("%d elements over %d dates; codes %s" % (len(got) - 2, w - 4,
      " ".join(sorted(codes))))
PY

for seed in 1 5; do
	mkdir "d$seed"
	expect_status 0 "seed $seed: sb-report dood and its baseline write their outputs" \
	    sb-bench --sizes 150,1200 --seed "$seed" --scenarios dood --repeat 1 \
	    --outputs --keep --dir "d$seed" --format ndjson -q
	for size in 150 1200; do
		check "seed $seed, $size strips: the report's rows are the baseline's" \
		    python3 compare.py "d$seed/$size/dood.out" "d$seed/$size/dood.baseline.csv"
	done
done
check "the report has drops and pickups" \
    sh -c 'grep -q ",D," d1/1200/dood.out && grep -q ",PW" d1/1200/dood.out'
check "and holidays and holds" \
    sh -c 'grep -q ",/," d1/1200/dood.out && grep -q ",H," d1/1200/dood.out'

# After moves: the work dates change.
mkdir m
expect_status 0 "moves, then the report and its baseline" \
    sb-bench --sizes 150 --seed 3 --scenarios move-batch,dood --repeat 2 \
    --outputs --keep --dir m --format ndjson -q
check "after moves: the report's rows are the baseline's" \
    python3 compare.py m/150/dood.out m/150/dood.baseline.csv

# The other rules, on a changed production (kept, then reused).
db=d1/150/bench.db
cast="(SELECT id FROM category WHERE ucid = 100)"
el() { echo "(SELECT id FROM element WHERE category_id = $cast AND board_id = '$1')"; }
cal="(SELECT calendar_id FROM board WHERE name = 'First Pass')"
check "the production is changed" sqlite3 "$db" "
  INSERT INTO element_event (element_id, rank, uid, type, name, date)
    VALUES ($(el 1), 5, 'ev-t1', 'event', 'travel', '2029-01-09'),
           ($(el 2), 5, 'ev-r2', 'rehearsal', NULL, '2029-01-10'),
           ($(el 7), 5, 'ev-f7', 'event', 'Fitting', '2029-01-03'),
           ($(el 9), 5, 'ev-o9', 'event', 'day off', '2029-01-17'),
           ($(el 4), 5, 'ev-t4', 'event', 'Travel in', '2028-12-27');
  INSERT INTO calendar_day (calendar_id, rank, uid, type, name, date, kind)
    VALUES ($cal, 900, 'cd-t', 'event', 'travel', '2029-01-24', 'travel'),
           ($cal, 901, 'cd-w', 'event', 'work', '2029-01-20', 'work'),
           ($cal, 902, 'cd-h', 'event', 'holiday', '2029-01-31', 'holiday'),
           ($cal, 903, 'cd-hw', 'event', 'work', '2029-01-31', 'work');
  UPDATE element SET is_hold = 0 WHERE id = $(el 3);
  UPDATE element SET is_dood = 0 WHERE id = $(el 5);
  UPDATE element SET drop_days = NULL, is_drop = 1 WHERE id = $(el 8);
  UPDATE element SET drop_days = 3 WHERE id = $(el 10);
  UPDATE strip SET omitted = 1 WHERE id IN (SELECT id FROM strip ORDER BY id LIMIT 10);"
expect_status 0 "the changed production: the report and its baseline" \
    sb-bench --sizes 150 --seed 1 --scenarios dood --repeat 1 --reuse \
    --outputs --keep --dir d1 --format ndjson -q
check "changed: the report's rows are the baseline's" \
    python3 compare.py d1/150/dood.out d1/150/dood.baseline.csv
check "and it shows the events' codes and the travel day" \
    sh -c 'grep -q ",TR," d1/150/dood.out && grep -q ",R," d1/150/dood.out && grep -q ",FT," d1/150/dood.out'
check "and element 5 is left out" sh -c '! grep -q "^element,Cast,5," d1/150/dood.out'

# The comparison can fail: a changed cell is caught.
sed '3s/,W,/,H,/' d5/150/dood.baseline.csv > changed.csv
run python3 compare.py d5/150/dood.out changed.csv
is "a baseline with one cell changed differs" "$rc" 1
check "and the message names the row" err_has "row 2 differs in days"
done_testing
