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

if ! command -v python3 >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP needs python3 and sqlite3"
	exit 0
fi

# compare KIND OUT BASELINE: the parsed outputs, field by field (text; a
# JSON list of names is joined by "; " as the flat form joins them, true
# and false are 1 and 0, null is an empty field)
cat > compare.py <<'PY'
import csv, json, sys
kind, out, base = sys.argv[1:4]

def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, list):
        return "; ".join(v)
    return str(v)

with open(base, newline="") as f:
    want = list(csv.reader(f))
if kind == "csv":
    with open(out, newline="") as f:
        got = list(csv.reader(f))
else:
    with open(out) as f:
        objs = json.load(f) if kind == "json" else [json.loads(l) for l in f if l.strip()]
    head = list(objs[0].keys()) if objs else want[0]
    got = [head] + [[cell(o[k]) for k in head] for o in objs]
if len(want) < 2:
    sys.exit("the baseline returned no rows")
if got[0] != want[0]:
    sys.exit("columns differ:\n  command:  %s\n  baseline: %s" % (got[0], want[0]))
if len(got) != len(want):
    sys.exit("%d rows from the command, %d from the baseline" % (len(got) - 1, len(want) - 1))
for i, (g, w) in enumerate(zip(got, want)):
    if g != w:
        sys.exit("row %d differs:\n  command:  %s\n  baseline: %s" % (i, g, w))
print("%d rows of %d columns" % (len(got) - 1, len(got[0])))
PY

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
			    python3 compare.py "$kind" "d$seed/$size/$name.out" "d$seed/$size/$name.baseline.csv"
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
run python3 compare.py csv d1/150/day-list.out changed.csv
is "a baseline with one field changed differs" "$rc" 1
check "and the message names the row" err_has "row 2 differs"

# Without --keep the outputs go with the rest.
mkdir gone
expect_status 0 "--outputs without --keep" sb-bench --sizes 100 --scenarios export-csv \
    --repeat 1 --outputs --dir gone --format ndjson -q
check "nothing is left behind" test -z "$(ls gone)"
done_testing
