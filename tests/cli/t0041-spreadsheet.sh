#!/bin/sh
# Spreadsheet-friendly input and output: a UTF-8 byte order mark wherever CSV
# or JSON is read, header problems that name the header found, sb-reorder
# batch from a JSON array, and sb-export --spreadsheet (no formula runs)
# while the default CSV stays exact.
. "${top_srcdir:-.}/tests/cli/lib.sh"

bom=$(printf '\357\273\277')
sb-import -q --db sb.db "$small" || exit 99
sb-export --db sb.db --board "Script Order" --format csv > board.csv || exit 99
sb-export --db sb.db --board "Script Order" --format json > board.json || exit 99
sb-export --db sb.db --board "Script Order" --format ndjson > board.ndjson || exit 99

# a BOM before every format sb-import reads as text
for f in board.csv board.json board.ndjson "$small"; do
	ext=${f##*.}
	{ printf '%s' "$bom"; cat "$f"; } > "bom.$ext"
	rm -f bom.db
	expect_status 0 "sb-import reads $ext after a byte order mark" \
	    sb-import -q --db bom.db --project P "bom.$ext"
done
rm -f bom.db
sb-import -q --db bom.db --project P bom.csv || exit 99
sb-export --db bom.db --board "Script Order" --format csv > again.csv
check "  ... and the CSV read past it exports byte for byte" same_file again.csv board.csv

# a header problem names the header found
{ printf '%s' "$bom"; printf 'scene,set\n1,HOUSE\n'; } > noboard.csv
expect_status 3 "a CSV without the flat form's columns is refused" \
    sb-import --db bom.db --project Q --from csv noboard.csv
check "  ... naming the header found (the byte order mark is not in it)" \
    err_has "the header lacks the board column: this is not the canonical flat form (the header found: scene,set)"
printf 'scene,\001day\n' > ctl.csv
expect_status 3 "a header with a control byte" sb-reorder --db sb.db --board "First Pass" batch ctl.csv
check "  ... is named with the byte shown" err_has 'no strip_id column (the header found: scene,\x01day)'

# sb-reorder batch: a BOM before CSV and NDJSON, and a JSON array
strip=5cfe7d2510c4330017ab5ed1
day_of() { sb-export --db sb.db --board "First Pass" --format ndjson |
	python3 -c "import json,sys
for l in sys.stdin:
    r = json.loads(l)
    if r['strip_id'] == '$strip': print(r['day'])"; }
is "the strip starts on day 1" "$(day_of)" 1
{ printf '%s' "$bom"; printf 'strip_id,day\n%s,boneyard\n' "$strip"; } > bom-moves.csv
expect_status 0 "a batch in CSV after a byte order mark" \
    sb-reorder --db sb.db --board "First Pass" batch bom-moves.csv
is "  ... moves the strip" "$(day_of)" boneyard
{ printf '%s' "$bom"; printf '{"strip_id":"%s","day":1}\n' "$strip"; } > bom-moves.ndjson
expect_status 0 "a batch in NDJSON after a byte order mark" \
    sb-reorder --db sb.db --board "First Pass" batch bom-moves.ndjson
is "  ... moves it back" "$(day_of)" 1
printf '[\n {"strip_id": "%s", "day": "boneyard"}\n]\n' "$strip" > moves.json
expect_status 0 "a batch as a JSON array" \
    sb-reorder --db sb.db --board "First Pass" batch moves.json
is "  ... moves the strip" "$(day_of)" boneyard
{ printf '%s' "$bom"; printf '[{"strip": "%s", "day": 1}]' "$strip"; } > bom-moves.json
expect_status 0 "a JSON array after a byte order mark, from standard input" \
    sh -c 'sb-reorder --db sb.db --board "First Pass" batch < bom-moves.json'
is "  ... moves it back" "$(day_of)" 1
before=$(snapshot sb.db)
printf '[{"strip_id": "%s", "day": 1}, 7]' "$strip" > bad.json
expect_status 3 "an array row that is not an object is refused" \
    sb-reorder --db sb.db --board "First Pass" batch --atomic bad.json
check "  ... naming its row" err_has "bad.json: row 2: expected an object (one move)"
printf '{"strip_id": "%s", "day": 1}' "$strip" > obj.json
expect_status 0 "one object alone is one NDJSON line" \
    sb-reorder --db sb.db --board "First Pass" batch obj.json
printf '[{"strip_id": "%s", "day": 1}' "$strip" > cut.json
expect_status 3 "a cut JSON array is refused" \
    sb-reorder --db sb.db --board "First Pass" batch cut.json
is "  ... nothing was written" "$(snapshot sb.db)" "$before"

# cells a spreadsheet would run: a set, an element and a synopsis
python3 - board.csv > evil.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = rows[0]
for r in rows[1:]:
    if r[head.index("type")] == "scene":
        r[head.index("set")] = '=HYPERLINK("http://example.com/x","click")'
        r[head.index("synopsis")] = "-2+3"
        r[head.index("Props")] = "@SUM(1); \tTab"
        r[head.index("location")] = "+1 555"
        r[head.index("script_day")] = "\rCR"
        break
w = csv.writer(sys.stdout, lineterminator="\n", quoting=csv.QUOTE_ALL)
w.writerows(rows)
PY
sb-import -q --db evil.db --project Evil evil.csv || exit 99
expect_status 0 "the default CSV export" sb-export --db evil.db --board "Script Order" --format csv
cp out exact.csv
check "  ... keeps the formula as it is, for pipes" \
    grep -q '"=HYPERLINK(""http://example.com/x"",""click"")"' exact.csv
check "  ... and a round trip through it is byte-identical" sh -c '
	sb-import -q --db copy.db --project Copy exact.csv &&
	sb-export --db copy.db --board "Script Order" --format csv | cmp -s - exact.csv'
expect_status 0 "sb-export --spreadsheet" sb-export --db evil.db --board "Script Order" --spreadsheet
cp out sheet.csv
check "  ... begins with a byte order mark" sh -c "head -c 3 sheet.csv | od -An -tx1 | grep -q 'ef bb bf'"
check "  ... writes the formula as text, quoted" \
    grep -q "\"'=HYPERLINK(\"\"http://example.com/x\"\",\"\"click\"\")\"" sheet.csv
check "  ... and no cell begins with = + - @ tab or CR" python3 -c "
import csv, sys
rows = list(csv.reader(open('sheet.csv', encoding='utf-8-sig', newline='')))
bad = [c for r in rows for c in r if c[:1] in ('=', '+', '-', '@', '\t', '\r')]
quoted = [c for r in rows for c in r if c[:1] == \"'\"]
sys.exit(1 if bad or len(quoted) != 5 else 0)"
check "  ... every other cell as the exact export has it" python3 -c "
import csv
a = list(csv.reader(open('exact.csv', newline='')))
b = list(csv.reader(open('sheet.csv', encoding='utf-8-sig', newline='')))
assert len(a) == len(b)
for ra, rb in zip(a, b):
    for x, y in zip(ra, rb):
        assert y == x or y == \"'\" + x, (x, y)"
expect_status 0 "--spreadsheet of a board with nothing to guard" \
    sb-export --db sb.db --board "Script Order" --spreadsheet
check "  ... is the exact CSV after a byte order mark" sh -c \
    "{ printf '$bom'; cat board.csv; } | cmp -s - out"
expect_status 2 "--spreadsheet writes CSV only" sb-export --db sb.db --spreadsheet --format json
check "  ... saying so" err_has "--spreadsheet writes CSV, not json"
expect_status 0 "the spreadsheet's CSV reads back (byte order mark and all)" \
    sb-import -q --db sheet.db --project Sheet sheet.csv

done_testing
