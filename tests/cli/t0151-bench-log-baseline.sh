#!/bin/sh
# sb-bench's log-since baseline returns what sb-log --since --format ndjson
# writes: every audit row from the point, with its project's name, its
# changes (compared as JSON values) and its summary in words, parsed from
# both outputs (sb-bench --outputs) and compared field by field, after the
# moves, sorts and batches that write the trail, at two sizes and two
# seeds.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if ! command -v python3 >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP needs python3 and sqlite3"
	exit 0
fi

cat > compare.py <<'PY'
import csv, json, sys
out, base = sys.argv[1:3]

def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    return str(v)

with open(base, newline="") as f:
    want = list(csv.reader(f))
with open(out) as f:
    objs = [json.loads(l) for l in f if l.strip()]
if len(want) < 2:
    sys.exit("the baseline returned no rows")
head = list(objs[0].keys()) if objs else []
if head != want[0]:
    sys.exit("columns differ:\n  command:  %s\n  baseline: %s" % (head, want[0]))
if len(objs) != len(want) - 1:
    sys.exit("%d rows from the command, %d from the baseline" % (len(objs), len(want) - 1))
ci = head.index("changes")
kinds = set()
for i, (o, w) in enumerate(zip(objs, want[1:]), 1):
    g = [cell(o[k]) for k in head]
    # the changes are JSON: compared as values, not as text
    g[ci], w = o["changes"], list(w)
    try:
        w[ci] = json.loads(w[ci])
    except ValueError:
        pass
    if g != w:
        sys.exit("row %d differs:\n  command:  %s\n  baseline: %s" % (i, g, w))
    kinds.add(o["entity"])
print("%d rows of %d columns (%s)" % (len(objs), len(head), ", ".join(sorted(kinds))))
PY

for seed in 1 4; do
	mkdir "d$seed"
	expect_status 0 "seed $seed: moves, sorts, then sb-log and its baseline" \
	    sb-bench --sizes 150,1200 --seed "$seed" --scenarios move,move-batch,sort-day,log-since \
	    --repeat 2 --outputs --keep --dir "d$seed" --format ndjson -q
	for size in 150 1200; do
		check "seed $seed, $size strips: sb-log's rows are the baseline's" \
		    python3 compare.py "d$seed/$size/log-since.out" "d$seed/$size/log-since.baseline.csv"
	done
done
check "the rows include moves and the days they changed" \
    sh -c 'python3 compare.py d1/150/log-since.out d1/150/log-since.baseline.csv | grep -q "(day, placement)"'
check "a move is said in words" sh -c 'grep -q "moved scene [0-9]* from day [0-9]* to day [0-9]* (First Pass)" d1/150/log-since.baseline.csv'

# The comparison can fail: a changed summary is caught.
sed '0,/moved scene/s//moved strip/' d1/150/log-since.baseline.csv > changed.csv
check "one summary was changed" sh -c '! cmp -s changed.csv d1/150/log-since.baseline.csv'
run python3 compare.py d1/150/log-since.out changed.csv
is "a baseline with one summary changed differs" "$rc" 1
check "and the message names the row" err_has "differs:"
check "and the summary" err_has "moved strip"
done_testing
