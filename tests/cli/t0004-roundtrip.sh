#!/bin/sh
# Lossless round trips: USS -> database -> USS keeps every id, field, board,
# day split, calendar, event, flag and extension key of both samples;
# CSV, JSON and NDJSON -> database -> the same format is byte-identical.
. "${top_srcdir:-.}/tests/cli/lib.sh"

for sample in "$full" "$small"; do
	name=$(basename "$sample" .uss)
	rm -f rt.db
	sb-import -q --db rt.db "$sample" || not_ok "$name imports"
	expect_status 0 "$name exports as USS" sb-export --db rt.db --format uss
	mv out "$name.out.uss"
	expect_status 0 "$name: USS -> database -> USS is the same JSON" uss_equal "$sample" "$name.out.uss"
	# and the written file reads back to the same again
	rm -f rt2.db
	sb-import -q --db rt2.db "$name.out.uss" && sb-export --db rt2.db --format uss > "$name.again.uss"
	check "$name: a second round trip is byte-identical" same_file "$name.out.uss" "$name.again.uss"
done

# extension keys and odd values survive
sed -e 's/"ussVersion": "1.0.0",/"ussVersion": "1.0.0", "_app": {"tool": "x", "n": [1, 2]},/' \
    -e 's/"scene":  "89PT1",/"scene": "89PT1", "_note": "keep me",/' \
    -e 's/"elementId": "2",/"elementId": 2, "_color": null,/' \
    -e 's/"name" : "Script Order"/"name" : "Script Order", "_locked": true/' \
    -e 's/"name": "boneyard",/"name": "boneyard", "_collapsed": false,/' \
    -e 's/"daysOff" : \[0, 6\],/"daysOff" : [0, 6], "_tz": "America\/Los_Angeles",/' \
    -e 's/"ucid": 104,/"ucid": 104, "_hidden": 1,/' \
    -e 's/"type" : "start",/"type" : "start", "_by": "AD",/' \
    -e 's/"isIdLock": true,/"isIdLock": true, "_x": {},/' \
    "$small" > ext.uss
check "the extension test file differs from the sample" sh -c '! cmp -s "$0" ext.uss' "$small"
rm -f rt.db
sb-import -q --db rt.db ext.uss && sb-export --db rt.db --format uss > ext.out.uss
expect_status 0 "every _ extension key and a numeric elementId survive" uss_equal ext.uss ext.out.uss
check "the numeric elementId is written back as a number" grep -q '"elementId":2' ext.out.uss

# missing keys stay missing, the spec's spellings are written
printf '%s\n' '{"universalScheduleStandard": {"name": "Sparse", "breakdowns": [{"id": "b1", "type": "strip", "time": 60000, "elements": ["e1"]}],' \
    '"categories": [{"id": "c1", "name": "Cast"}], "elements": [{"id": "e1", "category": "c1", "name": "ANNA", "doodDayCount": 3}],' \
    '"stripboards": [{"id": "s1", "name": "Only", "boards": [{"id": "l1", "name": "stripboard", "breakdownArrays": [["b1"], []]}]}],' \
    '"calendars": []}}' > sparse.uss
rm -f rt.db
sb-import -q --db rt.db sparse.uss && sb-export --db rt.db --format uss > sparse.out.uss
expect_status 0 "a sparse file comes back as sparse" uss_equal sparse.uss sparse.out.uss
check "spellings become the spec's" sh -c 'grep -q "\"type\":\"scene\"" sparse.out.uss &&
    grep -q "\"duration\":60000" sparse.out.uss && grep -q "\"dropDayCount\":3" sparse.out.uss &&
    grep -q "\"breakdownIds\":\[\[\"b1\"\],\[\]\]" sparse.out.uss'
check "absent keys are not invented" sh -c '! grep -q "\"description\"" sparse.out.uss && ! grep -q "isHold" sparse.out.uss'

# the canonical flat form
sb-import -q --db full.db "$full" || exit 99
for board in "Script Order" "First Pass" "Second Pass" "Rev. WHITE"; do
	for fmt in csv json ndjson; do
		sb-export --db full.db --board "$board" --format "$fmt" > "a.$fmt"
		rm -f flat.db
		run sb-import --db flat.db --project Flat "a.$fmt"
		if [ "$rc" -ne 0 ]; then not_ok "$board as $fmt imports"; continue; fi
		sb-export --db flat.db --format "$fmt" > "b.$fmt"
		if same_file "a.$fmt" "b.$fmt"; then
			ok "$board: $fmt -> database -> $fmt is byte-identical"
		else
			diff "a.$fmt" "b.$fmt" | head -n 6 | sed 's/^/# /'
			not_ok "$board: $fmt -> database -> $fmt is byte-identical"
		fi
	done
done

# through a pipe, several boards in one file
{ sb-export --db full.db --board "First Pass" --format csv
  sb-export --db full.db --board "Rev. WHITE" --format csv | tail -n +2; } > two.csv
rm -f flat.db
expect_status 0 "two boards in one CSV from standard input" sh -c 'sb-import --db flat.db --project Two - < two.csv'
check "both boards are there" test "$(sql flat.db "SELECT group_concat(name, ',') FROM (SELECT name FROM board ORDER BY rank) AS b")" = "First Pass,Rev. WHITE"
check "each strip once, placed on each board it was on" test "$(sql flat.db "SELECT count(*), (SELECT count(*) FROM placement) FROM strip")" = "173|344"
sb-export --db flat.db --board "Rev. WHITE" --format csv > b.csv
sb-export --db full.db --board "Rev. WHITE" --format csv > a.csv
check "the second board comes back byte-identical" same_file a.csv b.csv
check "the inferred calendar has weekends off" test "$(sql flat.db "SELECT days_off FROM calendar WHERE name = 'First Pass'")" = "0,6"
check "and the two holidays as days off" test "$(sql flat.db "SELECT group_concat(date, ',') FROM calendar_day cd JOIN calendar c ON c.id = cd.calendar_id WHERE c.name = 'First Pass' AND kind = 'off'")" = "2022-09-05,2022-10-10"
expect_status 0 "the flat project exports as USS" sb-export --db flat.db --format uss
check "the USS has the strips and elements" sh -c 'grep -c "\"type\":\"scene\"" out | grep -q 173'

done_testing
