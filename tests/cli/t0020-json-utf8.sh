#!/bin/sh
# t0020-json-utf8 - text that is not UTF-8 comes out as valid JSON from
# every command that can echo it: a project named on the command line, a
# calendar note, a file name, a --db path kept in the trail's command
# lines, a board name another program wrote into the file.  Each byte that
# does not begin a UTF-8 sequence becomes U+FFFD (lib/base_json.c); the
# output is read back with Jansson (tests/tools/json_ok), which refuses
# what is not UTF-8.  CSV keeps the bytes as they are.
. "${top_srcdir:?}/tests/cli/lib.sh"

# bytes, not characters, in every grep
LC_ALL=C
export LC_ALL

ff=$(printf '\377')             # 0xFF: never in UTF-8
cut=$(printf '\342\202')        # the first two bytes of a euro sign, cut short
over=$(printf '\300\257')       # '/' written overlong
surr=$(printf '\355\240\200')   # the surrogate U+D800
fffd=$(printf '\357\277\275')   # U+FFFD
name="A${ff}B${cut}"
note="Rain${over} ${surr}!"
board="First Pass"

# the shell hands the bytes to the commands as they are
check "the bad bytes reach the commands" \
    test "$(printf '%s' "$name" | od -An -tx1 | tr -d ' \n')" = 41ff42e282

# sb-import: the project named on the command line, in the JSON summary
expect_status 0 "sb-import --project NAME --format json" \
    sb-import --db wl.db --project "$name" --format json "$full"
check "the summary parses" json_ok out
check "the name is repaired: one U+FFFD a bad byte" \
    grep -q "\"project\":\"A${fffd}B${fffd}${fffd}\"" out
check "the database keeps the name as given" \
    test "$(sql wl.db "SELECT hex(name) FROM project")" = 41FF42E282

# sb-export: that name in a USS export (of a project not read from USS,
# whose header the export makes up from the project's row)
sb-export --db wl.db --board "$board" --format csv > board.csv || exit 99
expect_status 0 "sb-import of a CSV as a project named so" \
    sb-import --db csv.db --project "$name" board.csv
expect_status 0 "sb-export --format uss of it" sb-export --db csv.db --format uss
check "the USS file parses" json_ok out
check "with the repaired name" grep -q "\"project\": \"A${fffd}B${fffd}${fffd}\"" out
# a file named so, and its project named after it
cp board.csv "b${ff}.csv" || exit 99
expect_status 0 "sb-import of a CSV file named with a bad byte" \
    sb-import --db csv.db --format json "b${ff}.csv"
check "the summary parses" json_ok out
check "with the project named after the file, repaired" \
    grep -q "\"project\":\"b${fffd}\"" out
expect_status 0 "sb-export --format uss of it" \
    sb-export --db csv.db --project "b${ff}" --format uss
check "parses" json_ok out

# an .msd file keeps its header in the USS header the export makes up
if [ -n "${PYTHON3:-}" ]; then
	"$PYTHON3" "$top_srcdir/tests/tools/msdgen.py" "$fixtures/msd/night-train.txt" nt.msd ||
	    exit 99
	expect_status 0 "sb-import of an .msd file as a project named so" \
	    sb-import -q --db msd.db --project "$name" nt.msd
	expect_status 0 "sb-export --format uss of it" sb-export --db msd.db --format uss
	check "parses" json_ok out
	check "with the repaired name" grep -q "\"project\": \"A${fffd}B${fffd}${fffd}\"" out
fi

# sb-day: a calendar note given on the command line
expect_status 0 "sb-day calendar --note with bad bytes" \
    sb-day --db wl.db --board "$board" calendar --note "2022-09-07=$note"
check "the database keeps the note as given" \
    test "$(sql wl.db "SELECT hex(name) FROM calendar_day WHERE date = '2022-09-07'")" = \
    5261696EC0AF20EDA08021
for f in json ndjson; do
	expect_status 0 "sb-day calendar --format $f" \
	    sb-day --db wl.db --board "$board" calendar --format "$f"
	if [ "$f" = json ]; then check "parses" json_ok out; else check "parses" json_ok -l out; fi
	check "with the repaired note" \
	    grep -q "\"name\":\"Rain${fffd}${fffd} ${fffd}${fffd}${fffd}!\"" out
done
expect_status 0 "sb-day calendar --format csv" \
    sb-day --db wl.db --board "$board" calendar --format csv
check "CSV keeps the bytes" grep -q "2022-09-07,$note" out

# sb-reorder: the trail in a conflict report holds a --db path with a bad byte
cp wl.db "w${ff}.db" || exit 99
expect_status 0 "a move through a path with a bad byte" \
    sb-reorder --db "w${ff}.db" --board "$board" move 17 --to 3
expect_status 5 "a stale --if-version is a conflict" \
    sb-reorder --db "w${ff}.db" --board "$board" move 17 --to 5 --if-version 1
check "the report parses" json_ok out
check "it holds the command line, repaired" grep -q "\"command\":\"sb-reorder --db 'w${fffd}.db'" out
printf 'strip,day,version\n17,5,1\n' > stale.csv
expect_status 5 "a batch with a stale row" \
    sb-reorder --db "w${ff}.db" --board "$board" batch stale.csv
check "each result line parses" json_ok -l out
check "the conflict's report holds the command line" grep -q "w${fffd}.db" out
# sb-day: the same in the report of a stale calendar
check "a calendar edit through that path" \
    sb-day --db "w${ff}.db" --board "$board" calendar --days-off sat,sun
expect_status 5 "a stale calendar --if-version is a conflict" \
    sb-day --db "w${ff}.db" --board "$board" calendar --days-off sun --if-version 1
check "the report parses" json_ok out
check "it holds the command line, repaired" grep -q "\"command\":\"sb-day --db 'w${fffd}.db'" out
# a batch file named with a bad byte: the error of a row names it
printf '{"strip":"nope","day":"1"}\n' > "m${ff}.ndjson"
expect_status 4 "a batch from a file named with a bad byte" \
    sb-reorder --db "w${ff}.db" --board "$board" batch "m${ff}.ndjson"
check "the result line parses" json_ok -l out
check "its error names the file, repaired" grep -q "\"error\":\"m${fffd}.ndjson: line 1" out

# sb-log: all of it, and the file name of an import
cp "$small" "s${ff}.uss" || exit 99
check "an import of a file named with a bad byte" sb-import -q --db "w${ff}.db" "s${ff}.uss"
for f in json ndjson; do
	expect_status 0 "sb-log --format $f" sb-log --db "w${ff}.db" --format "$f"
	if [ "$f" = json ]; then check "parses" json_ok out; else check "parses" json_ok -l out; fi
	check "the project, the note and the file are there, repaired" \
	    sh -c "grep -q '\"project\":\"A${fffd}B${fffd}${fffd}\"' out &&
	    grep -q 'Rain${fffd}${fffd} ${fffd}${fffd}${fffd}!' out &&
	    grep -q '\"file\":\"s${fffd}.uss\"' out"
done
expect_status 0 "sb-log --format csv" sb-log --db "w${ff}.db" --format csv
check "CSV keeps the bytes" grep -q "s${ff}.uss" out

# a board name that another program wrote into the file
"${SQLITE3:-sqlite3}" -batch wl.db "UPDATE board SET name = name || CAST(X'FF' AS TEXT)
    WHERE name = '$board'" || exit 99
for f in json ndjson; do
	expect_status 0 "sb-export --format $f of a board named so" \
	    sb-export --db wl.db --board "$board$ff" --format "$f"
	if [ "$f" = json ]; then check "parses" json_ok out; else check "parses" json_ok -l out; fi
	check "with the repaired name" grep -q "\"board\":\"$board${fffd}\"" out
	expect_status 0 "sb-day list --format $f of it" \
	    sb-day --db wl.db --board "$board$ff" list --expand --format "$f"
	if [ "$f" = json ]; then check "parses" json_ok out; else check "parses" json_ok -l out; fi
	check "with the repaired name" grep -q "\"board\":\"$board${fffd}\"" out
done
expect_status 0 "a move on it" sb-reorder --db wl.db --board "$board$ff" move 17 --to 4
expect_status 0 "sb-log --format ndjson" sb-log --db wl.db --format ndjson
check "parses, the board name repaired in the move's row" \
    sh -c "json_ok -l out && grep -q '\"board\":\"$board${fffd}\"' out"

done_testing
