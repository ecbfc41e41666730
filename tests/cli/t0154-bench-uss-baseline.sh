#!/bin/sh
# sb-bench's export-uss baseline returns what sb-export --format uss writes
# (the valid form, for a production not read from a USS file): the document
# is parsed, and its header (the keys but the arrays) and each record of
# breakdowns, categories, elements, stripboards and calendars are compared
# as JSON values with the records the sqlite3 shell builds with SQLite's
# JSON functions (sb-bench --outputs), in order, at two sizes and two seeds,
# after moves, and on a production changed to reach the other rules:
# element events, linked elements, days off, flags left unsaid, a drop day
# count unsaid, a missing "created", a bare one-strip day, a kept ext key.
. "${top_srcdir:-.}/tests/cli/lib.sh"

needs python3 sqlite3

cat > compare.py <<'PY'
import csv, json, sys
out, base = sys.argv[1:3]
sections = ["breakdowns", "categories", "elements", "stripboards", "calendars"]

with open(out, encoding="utf-8") as f:
    doc = json.load(f)["universalScheduleStandard"]
got = [("header", {k: v for k, v in doc.items() if k not in sections})]
for s in sections:
    got += [(s, r) for r in doc[s]]
csv.field_size_limit(1 << 30)
with open(base, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
if rows[0] != ["section", "record"]:
    sys.exit("the baseline's columns: %s" % rows[0])
want = [(r[0], json.loads(r[1])) for r in rows[1:]]
if len(want) < 2:
    sys.exit("the baseline returned no records")
if len(got) != len(want):
    sys.exit("%d records from the command, %d from the baseline" % (len(got), len(want)))
for i, (g, w) in enumerate(zip(got, want)):
    if g != w:
        sys.exit("record %d (%s) differs:\n  command:  %s\n  baseline: %s"
                 % (i, g[0], json.dumps(g[1])[:600], json.dumps(w[1])[:600]))
print("%d records: %s" % (len(got), ", ".join("%s %d" % (s, len(doc[s])) for s in sections)))
PY

for seed in 1 5; do
	mkdir "d$seed"
	expect_status 0 "seed $seed: sb-export --format uss and its baseline write their outputs" \
	    sb-bench --sizes 150,1200 --seed "$seed" --scenarios export-uss --repeat 1 \
	    --outputs --keep --dir "d$seed" --format ndjson -q
	for size in 150 1200; do
		check "seed $seed, $size strips: the document's records are the baseline's" \
		    python3 compare.py "d$seed/$size/export-uss.out" \
		    "d$seed/$size/export-uss.baseline.csv"
	done
done
check "the records include events, days off and a lane's days" \
    sh -c 'grep -q "\"events\":\[{" d1/150/export-uss.out &&
	grep -q "\"daysOff\":\[6,0\]" d1/150/export-uss.out &&
	grep -q "\"breakdownIds\":\[\[" d1/150/export-uss.out'

mkdir m
expect_status 0 "moves, then the document and its baseline" \
    sb-bench --sizes 150 --seed 3 --scenarios move-batch,export-uss --repeat 2 \
    --outputs --keep --dir m --format ndjson -q
check "after moves: the document's records are the baseline's" \
    python3 compare.py m/150/export-uss.out m/150/export-uss.baseline.csv

# The other rules, on a changed production (kept, then reused).
db=d1/150/bench.db
check "the production is changed" sqlite3 "$db" "
  UPDATE element SET days_off = '2,5,2', is_hold = NULL, is_drop = 0, drop_days = NULL,
    is_id_lock = 1, linked = '[\"x1\", 3, \"x2\"]', created = '2029-01-01T00:00:00.000Z'
    WHERE id = (SELECT min(id) FROM element);
  UPDATE element SET is_dood = NULL, board_id = '12', linked = '{}'
    WHERE id = (SELECT min(id) + 1 FROM element);
  INSERT INTO element_event (element_id, rank, uid, type, name, date_raw, date)
    VALUES ((SELECT min(id) FROM element), 3, 'ev-a', NULL, NULL, '1/2/2029', '2029-01-02'),
           ((SELECT min(id) FROM element), 2, 'ev-b', 'travel', 'Fly in', NULL, '2029-01-03');
  UPDATE strip SET ext = '{\"color\":\"blue\"}', created = '2029-02-02T00:00:00.000Z',
    eighths = 16, est_ms = NULL WHERE id = (SELECT min(id) FROM strip WHERE type = 'scene');
  UPDATE category SET ucid = NULL WHERE id = (SELECT max(id) FROM category);
  UPDATE calendar SET name = NULL, days_off = NULL WHERE id = (SELECT max(id) FROM calendar);
  UPDATE lane SET nested = 1 WHERE kind = 'boneyard';
  UPDATE day SET uss_bare = 1 WHERE id IN (SELECT day_id FROM placement
    GROUP BY day_id HAVING count(*) = 1 LIMIT 3);"
expect_status 0 "the changed production: the document and its baseline" \
    sb-bench --sizes 150 --seed 1 --scenarios export-uss --repeat 1 --reuse \
    --outputs --keep --dir d1 --format ndjson -q
check "changed: the document's records are the baseline's" \
    python3 compare.py d1/150/export-uss.out d1/150/export-uss.baseline.csv
check "and the events and the linked ids, not the kept key" \
    sh -c '! grep -q "\"color\"" d1/150/export-uss.out &&
	grep -q "\"date\":\"1/2/2029\"" d1/150/export-uss.out &&
	grep -q "\"linkedElements\":\[\"x1\",\"x2\"\]" d1/150/export-uss.out'
check "and a one-strip day as a bare id" \
    grep -q '[],]"[0-9a-f]\{24\}"[],]' d1/150/export-uss.out

# The comparison can fail: a changed record is caught.
sed '3s/""type"":""/""type"":""x/' d5/150/export-uss.baseline.csv > changed.csv
run python3 compare.py d5/150/export-uss.out changed.csv
is "a baseline with one record changed differs" "$rc" 1
check "and the message names the record" err_has "record 1 (breakdowns) differs"
done_testing
