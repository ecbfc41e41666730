#!/bin/sh
# t0014-sb-import-sex - Scheduling Export (.sex) files: the breakdown lands
# as strips in the boneyard of one board, "Script Order", with scene
# numbers, pages, INT/EXT, set, time of day and elements; Windows-1252 text
# becomes UTF-8; every kind of broken file is refused with its place, and
# the database stays byte for byte as it was.
. "${top_srcdir:?}/tests/cli/lib.sh"

if [ -z "${PYTHON3:-}" ]; then
	echo "1..0 # SKIP no python3"
	exit 0
fi
gen() { "$PYTHON3" "$top_srcdir/tests/tools/sexgen.py" "$@"; }
sexdir="$fixtures/sex"
gen "$sexdir/bailey.txt" bailey.sex || exit 99
gen "$sexdir/bailey-rev2.txt" bailey-rev2.sex || exit 99

db=bailey.db

expect_status 0 "a .sex file names no production: the file's name is the project's" \
    sb-import --db noname.db bailey.sex
check "and the summary says so" err_has 'imported "bailey" (sex)'
expect_status 2 "from standard input, with no name: a usage error" \
    sb-import --db noname2.db - < bailey.sex
check "and the message asks for --project" err_has "stdin: the production has no name or title, and standard input has no file name; give one with --project"
check "and no database is left" test ! -e noname2.db

expect_status 0 "the first draft imports" sb-import --db "$db" --project Bailey bailey.sex
check "the summary counts 6 strips" err_has 'imported "Bailey" (sex): 6 strips'
is "format told from the content: the audit row says sex" \
    "$(q "SELECT json_extract(changes, '\$.import.format') FROM audit")" sex
is "six scene strips" "$(q "SELECT count(*), sum(type = 'scene') FROM strip")" "6|6"
is "one board, Script Order" "$(q "SELECT group_concat(name) FROM board")" "Script Order"
is "no shoot days" "$(q "SELECT count(*) FROM day WHERE kind = 'shoot'")" 0
is "every strip in the boneyard, in file order, \"11 A\" read as 11A" \
    "$(bone s.scene)" "1,2,11,11A,12,13"
is "no scene number keeps its space" "$(q "SELECT count(*) FROM strip WHERE scene LIKE '% %'")" 0
is "pages in eighths (1 3/8, 6/8, 2/8, 2, 1 7/8, 0)" "$(bone s.eighths)" "11,6,2,16,15,0"
is "the start page is the script page" "$(bone s.script_page)" "1,2,3,3,4,5"
is "INT/EXT from the slug line (I/E. is INT/EXT)" "$(bone "coalesce(s.int_ext, '-')")" \
    "INT,EXT,INT/EXT,INT,EXT,-"
is "the set is the slug line between INT/EXT and the time of day" \
    "$(bone "coalesce(s.set_name, '-')")" \
    "BAILEY HOUSE - KITCHEN,BEDFORD FALLS - MAIN STREET,JOSÉ'S CAR,CAFÉ ROMA,BRIDGE,-"
is "the time of day: NIGHT, DAY, CONTINUOUS, none, LATER" \
    "$(bone "coalesce(s.day_night, '-')")" "NIGHT,DAY,CONTINUOUS,-,LATER,-"
is "the empty slug line of no length is an omitted scene, kept" \
    "$(bone s.omitted)" "0,0,0,0,0,1"
is "every named category is there, with the fixed ones" \
    "$(q "SELECT group_concat(name, ';') FROM (SELECT name FROM category ORDER BY name) AS q1")" \
    "Background Actors;Cast Members;Day/Night;INT/EXT;Props;Set;Set Dressing;Vehicles"
is "scene 1's cast" "$(els 1 'Cast Members')" "GEORGE BAILEY;MARY HATCH"
is "scene 1's props and set dressing" "$(els 1 Props)/$(els 1 'Set Dressing')" "Coffee pot/Christmas tree"
is "scene 2's background and vehicle" "$(els 2 'Background Actors')/$(els 2 Vehicles)" \
    "Shoppers (12)/Ford Model T"
is "scene 2's fixed elements" "$(els 2 Set)/$(els 2 INT/EXT)/$(els 2 Day/Night)" \
    "BEDFORD FALLS - MAIN STREET/EXT/DAY"
is "an element used twice is one element" \
    "$(q "SELECT count(*) FROM element WHERE name = 'Ford Model T'")" 1
is "scene 12's cast" "$(els 12 'Cast Members')" "CLARENCE;GEORGE BAILEY"
is "the omitted scene has only its own elements: none" \
    "$(q "SELECT count(*) FROM strip s JOIN strip_element se ON se.strip_id = s.id WHERE s.scene = '13'")" 0
is "Windows-1252 É became UTF-8 (C3 89)" "$(q "SELECT hex(set_name) FROM strip WHERE scene = '11A'")" \
    "$(printf 'CAFÉ ROMA' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
is "Windows-1252 0x96, 0x93, 0x94 became – “ ”" \
    "$(els 11A Props)" "Menu – “Café Roma”"
is "Ë in a cast name" "$(els 11A 'Cast Members')" "MARY HATCH;ZOË"
on_sqlite "no text is anything but UTF-8" &&
is "no text is anything but UTF-8" \
    "$(q "SELECT count(*) FROM element WHERE name <> CAST(CAST(name AS BLOB) AS TEXT)")" 0

sb-export --db "$db" --format csv > export.csv 2>err || not_ok "sb-export"
cut -d, -f1-4,6- export.csv > export.cut
cat > want.csv <<'EOF'
board,day,date,position,version,type,scene,int_ext,day_night,set,location,script_day,pages,est_minutes,synopsis,eighths,omitted,Cast Members,Background Actors,Props,Vehicles,Set Dressing
Script Order,boneyard,,1,1,scene,1,INT,NIGHT,BAILEY HOUSE - KITCHEN,,,1 3/8,,,11,0,GEORGE BAILEY; MARY HATCH,,Coffee pot,,Christmas tree
Script Order,boneyard,,2,1,scene,2,EXT,DAY,BEDFORD FALLS - MAIN STREET,,,6/8,,,6,0,GEORGE BAILEY,Shoppers (12),,Ford Model T,
Script Order,boneyard,,3,1,scene,11,INT/EXT,CONTINUOUS,JOSÉ'S CAR,,,2/8,,,2,0,JOSÉ,,,Ford Model T,
Script Order,boneyard,,4,1,scene,11A,INT,,CAFÉ ROMA,,,2,,,16,0,ZOË; MARY HATCH,,Menu – “Café Roma”,,
Script Order,boneyard,,5,1,scene,12,EXT,LATER,BRIDGE,,,1 7/8,,,15,0,GEORGE BAILEY; CLARENCE,,,,
Script Order,boneyard,,6,1,scene,13,,,,,,0,,,0,1,,,,,
EOF
if same_file export.cut want.csv; then ok "sb-export --format csv: the board as the file says"; else
	not_ok "sb-export --format csv: the board as the file says"; diff want.csv export.cut | sed 's/^/# /'
fi

# the second draft merges as a revision, by scene number
expect_status 0 "the second draft merges (--update)" \
    sb-import --db "$db" --update --project Bailey bailey-rev2.sex
is "changes: 2 changed, 11A omitted, 13 restored, 14 added" \
    "$(sed -n 's/^{"scene":"\([^"]*\)","change":"\([a-z]*\)".*/\1 \2/p' out | sort | tr '\n' ,)" \
    "11A omitted,13 restored,14 added,2 changed,"
is "scene 2 has its new set and pages" \
    "$(q "SELECT set_name || ' ' || eighths FROM strip WHERE scene = '2'")" \
    "BEDFORD FALLS - GENESEE STREET 10"
is "scene 13 is back with a slug line" \
    "$(q "SELECT omitted || ' ' || int_ext || ' ' || set_name FROM strip WHERE scene = '13'")" \
    "0 INT BUILDING AND LOAN"

# A file with no category record, an unknown record type (skipped with a
# warning) and a category named but never used.
cat > odd.txt <<'EOF'
scene 1 | 7 | EXT. FIELD
raw 9 | 01 02 03
EOF
gen odd.txt odd.sex || exit 99
expect_status 0 "an unknown record type is skipped" sb-import --db odd.db --project Odd odd.sex
check "with a warning naming record and byte" err_has "odd.sex: record 2 (byte 30): unknown record type 9, skipped"
is "the scene is there" "$(sql odd.db "SELECT scene || ' ' || int_ext || ' ' || set_name || ' ' || coalesce(day_night, '-') FROM strip")" \
    "7 EXT FIELD -"

# A scene number twice ("11 A" is 11A, and so is "11a") is read, with a warning.
printf 'scene 1 | 11 | INT. A\nscene 1 | 11 A | INT. B\nscene 1 | 11a | INT. C\n' > dup.txt
gen dup.txt dup.sex || exit 99
expect_status 0 "a repeated scene number is read" sb-import --db dup.db --project Dup dup.sex
check "with a warning naming both" err_has "dup.sex: scene 11A appears more than once: scenes 2 and 3 in file order are 11A and 11a"

# Hostile files: exit 3, the message names file, place and reason, and a
# database holding a project is byte for byte as it was.
sb-import -q --db base.db --project Base "$small" || exit 99
refuse() {
	desc=$1 file=$2; shift 2
	before=$(snapshot base.db)
	run sb-import --db base.db --project X "$file"
	if [ "$rc" -ne 3 ]; then
		not_ok "$desc: exit $rc, want 3"; return
	fi
	for text in "$file: " "$@"; do
		if ! err_has "$text"; then not_ok "$desc: the message lacks \"$text\""; return; fi
	done
	if [ "$(snapshot base.db)" != "$before" ]; then
		not_ok "$desc: the database changed"; return
	fi
	run sb-import --db new.db --project X "$file"
	if [ "$rc" -ne 3 ] || [ -e new.db ]; then
		not_ok "$desc: a new database was left behind (exit $rc)"; return
	fi
	ok "$desc"
}
# hostile FILE OPTIONS...: a variant of the first draft
hostile() { hname=$1; shift; gen "$@" "$sexdir/bailey.txt" "$hname" || exit 99; }

hostile trunc.sex --truncate 5
refuse "a truncated file" trunc.sex "record 27 (byte 693): record length 8 runs past the end of the file (702 bytes)"
hostile cut.sex --truncate 700
refuse "a file cut inside the header" cut.sex "cut.sex: record 1 (byte 5): expected a record marker \"#\\0\\0\\0\", but the file ends 2 bytes later"
hostile badlen.sex --bad-length 3
refuse "a record length past the end" badlen.sex "record 3 (byte 122): record length 585 runs past the end of the file"
hostile magic.sex --bad-magic
refuse "wrong magic (told from the content)" magic.sex "magic.sex: line 1: not a format sb-import reads"
before=$(snapshot base.db)
run sb-import --db base.db --project X --from sex magic.sex
if [ "$rc" -eq 3 ] && err_has "magic.sex: byte 0: not a Scheduling Export file (expected \"SSI*\" and a NUL)" &&
    [ "$(snapshot base.db)" = "$before" ]; then ok "wrong magic (--from sex)"; else not_ok "wrong magic (--from sex): exit $rc"; fi
hostile marker.sex --bad-marker 4
refuse "a bad record marker" marker.sex "record 4 (byte 175): expected a record marker"
hostile trailing.sex --trailing 2300
refuse "stray bytes after the last record" trailing.sex "record 28 (byte 707): expected a record marker"
hostile nonul.sex --no-nul 2
refuse "a string without its NUL" nonul.sex "record 2 (byte 72): the scene header's text does not end with a NUL"
hostile nonulcat.sex --no-nul 1
refuse "category names without their NUL" nonulcat.sex "record 1 (byte 5): the category names do not end with a NUL"

# variant NAME LINE...: the first draft with lines appended
variant() { vname=$1; shift; { cat "$sexdir/bailey.txt"; printf '%s\n' "$@"; } > "$vname.txt"; gen "$vname.txt" "$vname.sex" || exit 99; }
variant scene9 "element 9 | Cast Members | NOBODY"
refuse "an element of a scene that is not there" scene9.sex "record 28 (byte 707): element for scene 9, but there are 6 scenes"
variant scene0 "element 0 | Props | NOTHING"
refuse "an element of scene 0" scene0.sex "record 28 (byte 707): element for scene 0 (scenes count from 1)"
variant cat7 "element 1 | #7 | NOTHING"
refuse "an element of a category that is not there" cat7.sex "record 28 (byte 707): element of category 7, but there are 5 category names"
variant len7 "length 7 | 1 | 0"
refuse "a length for an unknown scene" len7.sex "record 28 (byte 707): length for scene 7, but there are 6 scenes"
variant len2 "length 1 | 1 | 4"
refuse "a second length for a scene" len2.sex "record 28 (byte 707): a second length for scene 1 (the first is record 22)"
variant eighths "scene 6 | 20 | INT. ATTIC - DAY" "length 7 | 0 | 9"
refuse "nine eighths" eighths.sex "record 29 (byte 739): 9 eighths: expected 0 to 7"
variant cp "scene 6 | 20 | INT. CAF\\x81 - DAY"
refuse "a byte Windows-1252 leaves undefined" cp.sex "record 28 (byte 707): byte 0x81 at byte 729 is not a Windows-1252 character"
variant cp2 "element 1 | Props | Lamp \\x9D"
refuse "another undefined byte, in an element" cp2.sex "is not a Windows-1252 character"
variant tabs "raw 1 | 01 41 42 00"
refuse "a scene header without its tabs" tabs.sex "record 28 (byte 707): a scene header is \"page<TAB>scene<TAB>slug line<TAB>\"; this one has 0 tabs"
variant short "raw 3 | 01 00"
refuse "a length record too short" short.sex "record 28 (byte 707): a length needs a scene, pages and eighths (2 bytes)"
variant cats "raw 0 | 41 00"
refuse "a second list of category names" cats.sex "record 28 (byte 707): a second list of category names (the first is record 1)"
printf 'SSI*\000#\000\000\000\001\000\001\000' > tiny.sex
refuse "a record length too short for its type" tiny.sex "record 1 (byte 5): record length 1 is too short for its type"
printf 'SSI*\000#\000\000\000\001\000' > tiny2.sex
refuse "a record header cut short" tiny2.sex "record 1 (byte 5): the record header runs past the end of the file (11 bytes)"

# the regression inputs the fuzzer found, and the harness itself
fuzz_corpus sex

done_testing
