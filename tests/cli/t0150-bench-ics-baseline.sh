#!/bin/sh
# sb-bench's ics baseline returns what sb-report ics writes: the feed is
# parsed (lines unfolded, text unescaped), each VEVENT a row of its UID,
# DTSTAMP, DTSTART, DTEND, SUMMARY and DESCRIPTION, and compared with the
# rows the sqlite3 shell returns for the baseline SQL (sb-bench --outputs):
# the shoot days with their strips, the company's holidays around them, and
# each event's stamp from the audit trail, at two sizes and two seeds, and
# after moves, whose audit rows raise the stamps of the days they touch.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if ! command -v python3 >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP needs python3 and sqlite3"
	exit 0
fi

cat > compare.py <<'PY'
import csv, sys
out, base = sys.argv[1:3]

def unescape(v):
    r, i = [], 0
    while i < len(v):
        if v[i] == "\\" and i + 1 < len(v):
            n = v[i + 1]
            r.append("\n" if n in "nN" else n)
            i += 2
        else:
            r.append(v[i])
            i += 1
    return "".join(r)

with open(out, newline="") as f:
    text = f.read()
lines = []
for raw in text.split("\r\n"):
    if raw.startswith(" ") and lines:
        lines[-1] += raw[1:]
    elif raw:
        lines.append(raw)
keys = ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"]
got, ev = [["uid", "dtstamp", "dtstart", "dtend", "summary", "description"]], None
for l in lines:
    if l == "BEGIN:VEVENT":
        ev = {}
    elif l == "END:VEVENT":
        got.append([ev.get(k, "") for k in keys])
        ev = None
    elif ev is not None:
        name, _, value = l.partition(":")
        name = name.split(";")[0]
        if name in keys:
            ev[name] = unescape(value)
with open(base, newline="") as f:
    want = list(csv.reader(f))
if len(want) < 2:
    sys.exit("the baseline returned no rows")
if got[0] != want[0]:
    sys.exit("columns differ:\n  command:  %s\n  baseline: %s" % (got[0], want[0]))
if len(got) != len(want):
    sys.exit("%d events from the command, %d rows from the baseline" % (len(got) - 1, len(want) - 1))
for i, (g, w) in enumerate(zip(got, want)):
    if g != w:
        sys.exit("row %d differs:\n  command:  %s\n  baseline: %s" % (i, g, w))
holidays = sum(1 for r in got[1:] if "-holiday-" in r[0])
print("%d events (%d holidays) of %d columns" % (len(got) - 1, holidays, len(got[0])))
PY

for seed in 1 5; do
	mkdir "d$seed"
	expect_status 0 "seed $seed: sb-report ics and its baseline write their outputs" \
	    sb-bench --sizes 150,1200 --seed "$seed" --scenarios ics --repeat 1 \
	    --outputs --keep --dir "d$seed" --format ndjson -q
	for size in 150 1200; do
		check "seed $seed, $size strips: the feed's events are the baseline's rows" \
		    python3 compare.py "d$seed/$size/ics.out" "d$seed/$size/ics.baseline.csv"
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
    python3 compare.py m/150/ics.out m/150/ics.baseline.csv
check "and some stamps are the moves', later than the import's" \
    sh -c 'test "$(tail -n +2 m/150/ics.baseline.csv | cut -d, -f2 | sort -u | wc -l)" -gt 1'

# The comparison can fail: a changed stamp is caught.
sed '2s/,20[0-9][0-9][0-9][0-9][0-9][0-9]T/,19990101T/' d1/150/ics.baseline.csv > changed.csv
run python3 compare.py d1/150/ics.out changed.csv
is "a baseline with one stamp changed differs" "$rc" 1
check "and the message names the row" err_has "row 1 differs"
done_testing
