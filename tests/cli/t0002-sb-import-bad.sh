#!/bin/sh
# sb-import refuses bad input of every kind: a message naming the file, the
# place and the reason, a documented exit status, and the database exactly
# as it was (or, when the import would have created it, no file at all).
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db base.db --project Base "$small" || exit 99

# refuse STATUS DESCRIPTION FILE TEXT [OPTIONS...]: importing FILE into an
# existing and into a new database both fail with STATUS, the message
# contains TEXT, and neither database changes.
refuse() {
	want=$1 desc=$2 file=$3 text=$4; shift 4
	before=$(snapshot base.db)
	run sb-import --db base.db "$@" "$file"
	if [ "$rc" -ne "$want" ]; then
		not_ok "$desc: exit $rc, want $want"
	elif ! err_has "sb-import: " || ! err_has "$text"; then
		not_ok "$desc: the message lacks \"$text\""
	elif [ "$(snapshot base.db)" != "$before" ]; then
		not_ok "$desc: the database changed"
	else
		run sb-import --db new.db "$@" "$file"
		if [ "$rc" -ne "$want" ] || [ -e new.db ] || [ -e new.db-wal ]; then
			not_ok "$desc: a new database was left behind (exit $rc)"
		else
			ok "$desc"
		fi
	fi
}

# mutate SED-SCRIPT OUT: the small sample with one change
mutate() { sed "$1" "$small" > "$2"; cmp -s "$small" "$2" && echo "mutate: $1 changed nothing" >&2; }

: > empty.uss
refuse 3 "an empty file" empty.uss "empty.uss: empty file"
printf '  \n\n' > blank.csv
refuse 3 "a file of white space" blank.csv "blank.csv: empty file"
mkdir adir
refuse 3 "a directory" adir "adir: is a directory"
refuse 4 "a missing file (exit 4)" no-such-file.uss "no-such-file.uss: no such file"

# a file the importing user cannot read (as root, import as nobody)
printf 'board,strip_id\n' > secret.csv
chmod 000 secret.csv
if [ "$(id -u)" -eq 0 ]; then
	chmod 777 "$tmp"; chmod 666 base.db
	before=$(snapshot base.db)
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$top_builddir/bin/sb-import" --db base.db secret.csv
	if [ "$rc" -eq 3 ] && err_has "secret.csv: cannot open: Permission denied" &&
	    [ "$(snapshot base.db)" = "$before" ]; then
		ok "an unreadable file"
	else
		not_ok "an unreadable file (exit $rc)"
	fi
else
	refuse 3 "an unreadable file" secret.csv "secret.csv: cannot open: Permission denied"
fi

mutate 's/"pages": 0.25,/"pages": 0.25/' malformed.uss
refuse 3 "malformed JSON names line and column" malformed.uss "malformed.uss: line 42, column 15: '}' expected"
head -c 3000 "$small" > truncated.uss
refuse 3 "a truncated USS file" truncated.uss "truncated.uss: line"
mutate 's/"pages": 0.25,/"pages": "a quarter",/' wrongtype.uss
refuse 3 "a wrong type names record and field" wrongtype.uss \
    "wrongtype.uss: breakdowns[1] (id 5cfe7d2510c4330017ab5ed1): pages: expected a number of pages, found a string"
mutate 's/"pages": 0.25,/"pages": -0.25,/' negative.uss
refuse 3 "negative pages" negative.uss "breakdowns[1] (id 5cfe7d2510c4330017ab5ed1): pages: -0.25 is not a page count"
mutate 's/"pages": 0.25,/"pages": 1e6,/' absurd.uss
refuse 3 "an absurd page count" absurd.uss "pages: 1e+06 is not a page count"
mutate 's/"5d9fc8cfc0efae0017a32e31", "5d9fc8cfc0efae0017a32de8"/"5d9fc8cfc0efae0017a32e31", "ffffffffffffffffffffffff"/' unknown.uss
refuse 3 "an unknown element id" unknown.uss \
    "breakdowns[1] (id 5cfe7d2510c4330017ab5ed1): elements[1]: no element has the id ffffffffffffffffffffffff"
mutate 's/"id": "5cfe7d2510c4330017ab5ed1",/"id": "5cfe7d2510c4330017ab5ed5",/' duplicate.uss
refuse 3 "a duplicate breakdown id" duplicate.uss \
    "breakdowns[1] (id 5cfe7d2510c4330017ab5ed5): id: another breakdown has the id 5cfe7d2510c4330017ab5ed5"
mutate 's/"breakdownIds": \["5cfe7d2510c4330017ab5ed1"\]/"breakdownIds": ["5cfe7d2510c4330017ab5ed9"]/' dangling.uss
refuse 3 "a board naming a breakdown that does not exist" dangling.uss \
    "stripboards[0] (id 5cff4bcb10c4330017ab6afd): boards[0]: breakdownIds: item 0: no breakdown has the id 5cfe7d2510c4330017ab5ed9"
mutate 's/"breakdownIds": \[\]/"breakdownIds": ["5cfe7d2510c4330017ab5ed1"]/' twice.uss
refuse 3 "a breakdown twice on one stripboard" twice.uss "is already on this stripboard"
mutate 's/"calendar" : "5d01230c987033001725c908",/"calendar" : "nope",/' nocal.uss
refuse 3 "an unknown calendar" nocal.uss "calendar: no calendar has the id nope"
mutate 's/"date" : "2022-06-20T08:00:00.000Z"/"date" : "2022-02-30T08:00:00.000Z"/' baddate.uss
refuse 3 "an impossible date" baddate.uss "calendars[0] (id 5d01230c987033001725c908): events[0]: date: \"2022-02-30T08:00:00.000Z\" is not an ISO 8601 date"
mutate 's/"daysOff" : \[0, 6\]/"daysOff" : [0, 7]/' weekday.uss
refuse 3 "a weekday out of range" weekday.uss "daysOff[1]: expected a weekday from 0 (Sunday) to 6 (Saturday)"
mutate 's/"author": "Michael R. Williams",/"author": "Michael R. Williams", "author": "again",/' dupkey.uss
refuse 3 "a duplicate JSON key" dupkey.uss "duplicate object key"
printf '{"universalScheduleStandard": {"name": "x", "breakdowns": {}}}' > notarray.uss
refuse 3 "an object where an array belongs" notarray.uss "breakdowns: expected an array, found an object"
printf '{"universalScheduleStandard": []}' > noroot.uss
refuse 3 "a root that is not an object" noroot.uss "universalScheduleStandard: missing or not an object"

# text in the wrong encoding
mutate 's/Zuzu/Zuz\xfc/' latin1.uss
refuse 3 "Latin-1 text in a USS file names line and byte" latin1.uss "latin1.uss: line 39, byte 1265: not valid UTF-8"
# (a file that begins with a byte that continues a character crashed the
# search for the place; the fuzzer's fuzz_uss found it)
printf '\200{}' > continues.uss
refuse 3 "a USS file that begins inside a character" continues.uss \
    "continues.uss: line 1, byte 1: not valid UTF-8" --from uss
# (and the search by halves named the valid character before a bad byte)
printf '{"a":"\303\251\377"}' > after.uss
refuse 3 "a bad byte after a valid character is named where it is" \
    after.uss "after.uss: line 1, byte 9: not valid UTF-8" --from uss
printf '\377\376{\000' > utf16.uss
refuse 3 "a UTF-16 file" utf16.uss "utf16.uss: line 1: not a format sb-import reads"
head -c 2000 /dev/urandom > random.bin
printf 'garbage' | cat - random.bin > garbage.bin
refuse 3 "binary garbage" garbage.bin "garbage.bin: line 1: not a format sb-import reads"

# one field of 100 MB
{ printf '{"universalScheduleStandard": {"name": "huge", "breakdowns": [{"id": "a", "description": "'
  head -c 104857600 /dev/zero | tr '\0' 'x'
  printf '"}]}}'; } > huge.uss
refuse 3 "a 100 MB field in USS" huge.uss "huge.uss: breakdowns[0] (id a): description: 104857600 bytes, more than the 1048576 a field may hold"
{ printf 'board,day,strip_id,synopsis\nB,1,s1,"'
  head -c 104857600 /dev/zero | tr '\0' 'x'
  printf '"\n'; } > huge.csv
refuse 3 "a 100 MB field in CSV" huge.csv "huge.csv: line 2: field 4: more than the 1048576 bytes a field may hold"
rm -f huge.uss huge.csv

# the canonical flat form
cat > good.csv <<'CSV'
board,day,date,position,strip_id,version,type,scene,int_ext,day_night,set,location,script_day,pages,est_minutes,synopsis,Cast
Main,1,2024-03-04,1,s1,1,scene,1,INT,DAY,KITCHEN,,,1 3/8,,Breakfast,ANNA; BEN
Main,1,2024-03-04,2,s2,1,scene,2,EXT,NIGHT,YARD,,,4/8,,"Stars, and more",BEN
CSV
check "the good CSV imports" sb-import -q --db good.db good.csv
sed 's/"Stars, and more"/"Stars, and more/' good.csv > unterminated.csv
refuse 3 "a CSV ending inside a quoted field" unterminated.csv "unterminated.csv: line 3: the file ends inside a quoted field"
sed 's/Breakfast/Break"fast/' good.csv > quote.csv
refuse 3 "a quote inside an unquoted field" quote.csv "quote.csv: line 2: malformed CSV"
sed 's/,Breakfast,ANNA; BEN/,Breakfast/' good.csv > short.csv
refuse 3 "a row with too few fields" short.csv "short.csv: line 2: 16 fields, but the header has 17"
sed 's/,1 3\/8,/,1 9\/8,/' good.csv > pages.csv
refuse 3 "a bad page count" pages.csv 'pages.csv: line 2: pages: "1 9/8" is not a page count'
sed 's/,1 3\/8,/,-1,/' good.csv > negpages.csv
refuse 3 "negative pages in CSV" negpages.csv 'negpages.csv: line 2: pages: "-1" is not a page count'
sed 's/,1 3\/8,/,9000,/' good.csv > bigpages.csv
refuse 3 "an absurd page count in CSV" bigpages.csv 'bigpages.csv: line 2: pages: "9000" is not a page count'
sed '2p' good.csv > twice.csv
refuse 3 "a strip twice on one board" twice.csv 'twice.csv: line 3: strip s1 is already on board "Main"'
sed 's/^Main,1,2024-03-04,2,s2,1,scene,2/Other,1,2024-03-04,2,s1,1,scene,9/' good.csv > contra.csv
refuse 3 "a strip that contradicts itself across boards" contra.csv 'contra.csv: line 3: strip s1: scene differs'
sed 's/^Main,1,2024-03-04,2/Main,0,2024-03-04,2/' good.csv > badday.csv
refuse 3 "a day number that is not a day" badday.csv 'badday.csv: line 3: day: "0" is not a day number from 1 to 2000000'
sed 's/^Main,1,2024-03-04,2/Main,2x,2024-03-04,2/' good.csv > badday2.csv
refuse 3 "a day that is neither number nor lane" badday2.csv 'badday2.csv: line 3: day: "2x" is not a day number'
sed 's/^Main,1,2024-03-04,2/Main,2,2024-03-03,2/' good.csv > backwards.csv
refuse 3 "dates that go backwards" backwards.csv "backwards.csv: line 3: date: day 2 is on or before day 1"
sed 's/^Main,1,2024-03-04,2/Main,1,2024-03-05,2/' good.csv > twodates.csv
refuse 3 "one day with two dates" twodates.csv "twodates.csv: line 3: date: day 1 is 2024-03-05 here but another date on line 2"
sed 's/,scene,1,/,sequence,1,/' good.csv > type.csv
refuse 3 "an unknown strip type" type.csv 'type.csv: line 2: type: "sequence" is neither scene nor banner'
sed 's/KITCHEN/K\xc3ITCHEN/' good.csv > latin1.csv
refuse 3 "invalid UTF-8 in CSV" latin1.csv "latin1.csv: line 2: field 11: not valid UTF-8 text"
sed '1s/,Cast$/,Cast,Cast/; 2,$s/$/,/' good.csv > dupcol.csv
refuse 3 "a column twice" dupcol.csv 'dupcol.csv: line 1: column "Cast" appears twice'
sed '1s/board,/boards,/' good.csv > noboard.csv
refuse 3 "a header without the board column" noboard.csv "noboard.csv: line 1: the header lacks the board column"
printf 'board,strip_id\n,s1\n' > noboardname.csv
refuse 3 "a row without a board" noboardname.csv "noboardname.csv: line 2: board: empty"
sed '2s/,1,scene,/,0,scene,/' good.csv > version.csv
refuse 3 "a version below 1" version.csv 'version.csv: line 2: version: "0" is not a version'
# a lane is cut into days or is one list: a list among numbered days came
# back as a shoot day from a USS export (the CSV fuzzer found it)
printf 'board,day,strip_id\nA,1,s1\nA,,s2\n' > mixed.csv
refuse 3 "a schedule both cut into days and a list" mixed.csv \
    'mixed.csv: line 3: day: "": the schedule of board "A" is cut into numbered days'
printf 'board,day,strip_id\nA,unit,s1\nA,unit/2,s2\n' > mixed-lane.csv
refuse 3 "a lane both a list and cut into days" mixed-lane.csv \
    'mixed-lane.csv: line 3: day: "unit/2": the lane "unit" of board "A" is one list'

printf '[{"board":"B","strip_id":"s1","pages":"1"},\n{"board":"B","strip_id":"s2","pages":' > truncated.json
refuse 3 "truncated JSON" truncated.json "truncated.json: line 2: column"
printf '[{"board":"B","strip_id":"s1","Cast":"ANNA"}]\n' > castnotarray.json
refuse 3 "a category that is not an array" castnotarray.json "castnotarray.json: line 1: Cast: expected an array of element names (row 1 of the array)"
printf '{"board":"B","strip_id":"s1"}\n{"board":"B","strip_id":"s2",}\n' > bad.ndjson
refuse 3 "a bad NDJSON line names its line" bad.ndjson "bad.ndjson: line 2: column"
printf '{"board":"B","strip_id":"s1","pages":[1]}\n' > wrongtype.ndjson
refuse 3 "a wrong type in NDJSON" wrongtype.ndjson "wrongtype.ndjson: line 1: pages: expected a string or a number"
printf '{"board":"B","strip_id":"s1","synopsis":"a\\u0000b"}\n' > nul.ndjson
refuse 3 "a NUL character in NDJSON" nul.ndjson "nul.ndjson: line 1: column"
# an escape of a lone low surrogate: yajl writes its three bytes, not UTF-8
# (a file kept them, a server refused the row with exit 1)
printf '[{"board":"B","strip_id":"s1","set":"\\udc00\\ud800"}]\n' > surrogate.json
refuse 3 "an unpaired surrogate escape in JSON" surrogate.json \
    "surrogate.json: line 1: column 50: invalid Unicode escape: an unpaired surrogate"
printf '[{"board":"B","strip_id":"s1","\\udc00":"x"}]\n' > surrkey.json
refuse 3 "  ... in a key" surrkey.json "invalid Unicode escape: an unpaired surrogate"
# an escape of a high surrogate no low one follows: yajl stored "?" (or
# another character) where Jansson (NDJSON) refuses it; refused by every
# reader, at the end of the string as Jansson says it (NDJSON has no "[")
printf '[{"board":"B","strip_id":"s1","set":"a\\ud800b"}]\n' > high.json
refuse 3 "a lone high surrogate escape in JSON" high.json \
    "high.json: line 1: column 46: invalid Unicode escape: an unpaired surrogate"
printf '{"board":"B","strip_id":"s1","set":"a\\ud800b"}\n' > high.ndjson
refuse 3 "  ... in NDJSON, at the same column" high.ndjson "high.ndjson: line 1: column 45: invalid Unicode"
for s in 'a\ud800' '\ud800\u0041' '\ud800\ud800' '\ud800\n' '\udbff\ue000' 'x\uDBFF'; do
	printf '[{"board":"B","strip_id":"s1","synopsis":"%s"}]\n' "$s" > hi.json
	refuse 3 "  ... \"$s\"" hi.json "hi.json: line 1: column"
	check "  ... the reason" err_has "invalid Unicode escape: an unpaired surrogate"
done
printf '[{"board":"B","strip_id":"s1","\\ud800":"x"}]\n' > highkey.json
refuse 3 "  ... in a key" highkey.json "highkey.json: line 1: column 38: invalid Unicode escape: an unpaired surrogate"
mutate 's/"This scene must be shot at night"/"This scene \\ud800 must be shot at night"/' high.uss
refuse 3 "  ... in USS" high.uss "high.uss: line 37, column 61: invalid Unicode escape: an unpaired surrogate"
mutate 's/"comments": "This scene/"\\udbff": 1, "comments": "This scene/' highkey.uss
refuse 3 "  ... in a USS key" highkey.uss "highkey.uss: line 37, column 16: invalid Unicode escape: an unpaired surrogate"
# at the end of the first 64 KiB read, the escape cut by it
pad() { head -c "$1" /dev/zero | tr '\0' x; }
pre='[{"board":"B","strip_id":"s1","synopsis":"'
for at in 1 3 6 8; do
	{ printf '%s' "$pre"; pad $((65536 - ${#pre} - at)); printf '\\ud800 "}]\n'; } > cut.json
	refuse 3 "  ... cut by the end of a read, $at bytes before it" cut.json "cut.json: line 1: column $((65544 - at)): invalid Unicode escape: an unpaired surrogate"
done
# what is not one is read: a pair, an escaped backslash before "ud800"
printf '[{"board":"B","strip_id":"s1","synopsis":"\\ud83c\\udfac \\\\ud800 \\\\\\ud83c\\udfac"}]\n' > pair.json
expect_status 0 "a surrogate pair and an escaped backslash are read" \
    sb-import --db pair.db --project P pair.json
is "  ... as the character and the text" "$(sql pair.db "SELECT synopsis FROM strip")" '🎬 \ud800 \🎬'
for at in 1 3 6 8 10 12; do
	{ printf '%s' "$pre"; pad $((65536 - ${#pre} - at)); printf '\\ud83c\\udfac"}]\n'; } > pair.json
	sb-import -q --db "pair$at.db" --project P pair.json
	is "  ... cut by the end of a read, $at bytes before it" "$(sql "pair$at.db" \
	    "SELECT count(*) FROM strip WHERE synopsis LIKE '%x🎬' AND length(synopsis) = \
	    $((65536 - ${#pre} - at + 1))")" 1
done

# none of it touched the base project
check "the base project is still the only one, unchanged" \
    test "$(sql base.db 'SELECT count(*), max(version) FROM project')" = "1|1"
check "and only its own audit row" test "$(sql base.db 'SELECT count(*) FROM audit')" = 1

done_testing
