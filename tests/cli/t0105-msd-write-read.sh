#!/bin/sh
# t0105-msd-write-read - the .msd writer, read back (issue 15):
#  - the harness of make fuzz (tests/fuzz/fuzz_msdout.c: import, write as
#    .msd, read back, compare as USS), bounded: over the .msd fixtures, the
#    USS fixtures and fuzz corpus, the hand-made cases of
#    tests/fixtures/fuzz/msdout/, and random productions of sb_synth()
#    (fixed seeds, and one seed that changes with the day, printed);
#  - two calendars of one name: the writer gives each a name of its own
#    (a StripBoard names its calendar), and the reader reads a file that
#    has two (or a Calendar without a Name) with a warning instead of
#    refusing it.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if [ -z "${PYTHON3:-}" ]; then
	echo "1..0 # SKIP no python3"
	exit 0
fi
tools="$top_srcdir/tests/tools"
mfix="$fixtures/msd"
msdgen() { "$PYTHON3" "$tools/msdgen.py" "$@"; }
msdcheck() { "$PYTHON3" "$tools/msdcheck.py" "$@"; }
harness="$top_builddir/tests/fuzz/fuzz_msdout"

# ---- the harness, bounded ----
set --
for d in "$mfix"/*.txt; do
	b=$(basename "$d" .txt)
	msdgen "$d" "$b.msd" || exit 99
	set -- "$@" "$b.msd"
done
for f in "$fixtures/uss"/*.uss "$fixtures/fuzz/uss"/* "$fixtures/fuzz/uss/corpus"/* \
    "$fixtures/fuzz/msdout"/*; do
	[ -f "$f" ] && set -- "$@" "$f"
done
day_seed=$(date -u +%Y%m%d)
i=0
for spec in "1 1" "24 1" "60 7" "150 42" "400 3" "90 $day_seed"; do
	i=$((i + 1))
	printf '#synth %s\n' "$spec" > "synth$i"
	set -- "$@" "synth$i"
done
echo "# random production: #synth 90 $day_seed"
expect_status 0 "the writer's .msd reads back as the same project, for every input" \
    "$harness" "$@"
check "  ... every one of them ($# inputs)" err_has "fuzz_main: ran $# inputs"

# ---- two calendars of one name, from USS ----
two="$fixtures/fuzz/msdout/two-calendars-one-name.uss"
db=two.db
sb-import -q --db two.db --project T "$two" || exit 99
is "the USS file has two calendars called Main Unit" \
    "$(q "SELECT count(*) FROM calendar WHERE name = 'Main Unit'")" 2
expect_status 0 "the project exports as .msd" sb-export --db two.db --format msd
cp out two.msd
expect_status 0 "the independent reader finds no two Calendars of one name" msdcheck two.msd
check "  the first keeps its name" grep -q "^calendar Main Unit|" out
check "  the second is Main Unit (2)" grep -q "^calendar Main Unit (2)|" out
expect_status 0 "the .msd imports again" sb-import --db two2.db two.msd
check "  without a warning" test "$(grep -c warning err)" = 0
cal_of() {
	sql "$1" "SELECT c.name || ' ' || min(d.date) FROM board b JOIN calendar c
	    ON c.id = b.calendar_id JOIN calendar_day d ON d.calendar_id = c.id
	    AND d.kind = 'start' WHERE b.name = '$2' GROUP BY c.name"
}
is "  First Pass keeps its calendar" "$(cal_of two2.db "First Pass")" \
    "Main Unit $(cal_of two.db "First Pass" | sed 's/.* //')"
is "  Second Pass has the second calendar, under its new name" \
    "$(cal_of two2.db "Second Pass")" "Main Unit (2) $(cal_of two.db "Second Pass" | sed 's/.* //')"

# ---- two calendars of one name, and one without a name, in an .msd ----
sed 's|<Calendar Name="Weather">|<Calendar Name="Main Unit">|;
     s|CalendarName="Weather"|CalendarName="Main Unit"|' "$mfix/night-train.txt" > dup.txt
msdgen dup.txt dup.msd || exit 99
expect_status 0 "an .msd with two Calendars of one Name imports" sb-import --db dup.db dup.msd
check "  with a warning naming both names" \
    err_has 'Calendar Name="Main Unit": another Calendar has the Name "Main Unit": read as "Main Unit (2)"'
db=dup.db
is "  the calendars" "$(q "SELECT group_concat(name, '|') FROM (SELECT name FROM calendar ORDER BY rank) AS q1")" \
    "Main Unit|Main Unit (2)"
is "  a CalendarName means the first of the name" \
    "$(q "SELECT c.name FROM board b JOIN calendar c ON c.id = b.calendar_id WHERE b.name = 'Weather Cover'")" \
    "Main Unit"
sed 's|<Calendar Name="Weather">|<Calendar>|; s| CalendarName="Weather"||' "$mfix/night-train.txt" > noname.txt
msdgen noname.txt noname.msd || exit 99
expect_status 0 "an .msd with a Calendar without a Name imports" sb-import --db noname.db noname.msd
check "  with a warning" err_has 'a Calendar without a Name: read as "Calendar"'
expect_status 0 "  and the harness finds both the same through .msd" "$harness" dup.msd noname.msd

done_testing
