#!/bin/sh
# sb-bench's board-html baseline returns what sb-report board --format html
# writes: the page is parsed (each section's page number and heading, each
# row's class and cells, entities unescaped) and compared with the rows the
# sqlite3 shell returns for the baseline SQL (sb-bench --outputs): the
# strips and banners of every lane, each shoot day's break with its date,
# pages and estimate, the days off, holidays and travel days between shoot
# days, 32 rows a page, at two sizes and two seeds, and after moves.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if ! command -v python3 >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP needs python3 and sqlite3"
	exit 0
fi

cat > compare.py <<'PY'
import csv, html, re, sys
out, base = sys.argv[1:3]

with open(out, encoding="utf-8") as f:
    page = f.read()
head = ["page", "heading", "class", "sc", "ie", "st", "dn", "pg", "ca", "sy", "text"]
got = [head]
sec = re.compile(r'<section class="page board" id="p(\d+)">\s*<header class="ph"><div><h1>.*?</h1><p>(.*?)</p>', re.S)
row = re.compile(r'<div class="r ([^"]*)"><i></i>(.*?)</div>\n')
span = re.compile(r'<span class="(\w+)">(.*?)</span>', re.S)
marks = sorted([(m.start(), "s", m) for m in sec.finditer(page)] +
               [(m.start(), "r", m) for m in row.finditer(page)], key=lambda t: t[0])
num = heading = None
for _, kind, m in marks:
    if kind == "s":
        num, heading = m.group(1), html.unescape(m.group(2))
        continue
    cells = {k: html.unescape(v) for k, v in span.findall(m.group(2))}
    text = cells.pop("x", "")
    got.append([num, heading, m.group(1)] + [cells.get(k, "") for k in head[3:10]] + [text])
with open(base, newline="", encoding="utf-8") as f:
    want = list(csv.reader(f))
if len(want) < 2:
    sys.exit("the baseline returned no rows")
if got[0] != want[0]:
    sys.exit("columns differ:\n  command:  %s\n  baseline: %s" % (got[0], want[0]))
if len(got) != len(want):
    sys.exit("%d rows on the page, %d from the baseline" % (len(got) - 1, len(want) - 1))
for i, (g, w) in enumerate(zip(got, want)):
    if g != w:
        sys.exit("row %d differs:\n  command:  %s\n  baseline: %s" % (i, g, w))
kinds = {}
for r in got[1:]:
    k = r[2].split()[0] if not r[2].startswith("k") else "strip"
    kinds[k] = kinds.get(k, 0) + 1
print("%d rows on %s pages (%s)" % (len(got) - 1, got[-1][0],
      ", ".join("%s %d" % kv for kv in sorted(kinds.items()))))
PY

for seed in 1 5; do
	mkdir "d$seed"
	expect_status 0 "seed $seed: the stripboard and its baseline write their outputs" \
	    sb-bench --sizes 150,1200 --seed "$seed" --scenarios board-html --repeat 1 \
	    --outputs --keep --dir "d$seed" --format ndjson -q
	for size in 150 1200; do
		check "seed $seed, $size strips: the page's rows are the baseline's" \
		    python3 compare.py "d$seed/$size/board-html.out" "d$seed/$size/board-html.baseline.csv"
	done
done
check "the rows include day breaks, days off, holidays, banners and the boneyard" \
    sh -c 'python3 compare.py d1/1200/board-html.out d1/1200/board-html.baseline.csv | grep "bn [0-9]" | grep "db [0-9]" | grep "hol [0-9]" | grep -q "off [0-9]" && grep -q "boneyard (not scheduled)" d1/1200/board-html.baseline.csv'
check "more than one page" sh -c 'test "$(tail -n 1 d1/1200/board-html.baseline.csv | cut -d, -f1)" -gt 2'

# After moves (into and out of the boneyard too), the same.
mkdir m
expect_status 0 "moves, then the stripboard and its baseline" \
    sb-bench --sizes 150 --seed 3 --scenarios move-batch,sort-day,board-html --repeat 2 \
    --outputs --keep --dir m --format ndjson -q
check "after moves: the page's rows are the baseline's" \
    python3 compare.py m/150/board-html.out m/150/board-html.baseline.csv

# The comparison can fail: a changed cell is caught.
sed '0,/END OF DAY 2 /s//END OF DAY 3 /' d1/150/board-html.baseline.csv > changed.csv
check "one day break was changed" sh -c '! cmp -s changed.csv d1/150/board-html.baseline.csv'
run python3 compare.py d1/150/board-html.out changed.csv
is "a baseline with one cell changed differs" "$rc" 1
check "and the message names the row" err_has "differs:"
done_testing
