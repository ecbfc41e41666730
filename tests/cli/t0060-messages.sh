#!/bin/sh
# Messages a person would write: a production is named for its title, else
# its file; day numbers are bounded before any work; every change says what
# it did in one line; counts agree with their nouns; every message starts
# with the command's own name, however it was run.
. "${top_srcdir:-.}/tests/cli/lib.sh"

# err_is TEXT DESCRIPTION: stderr of the last run is exactly TEXT
err_is() {
	got=$(cat err)
	if [ "$got" = "$1" ]; then ok "$2"; else
		not_ok "$2"; echo "#   got: $got"; echo "#  want: $1"
	fi
}

#
# The project's name: the title, else the file's name; none on stdin is a usage error
#
fdx="$fixtures/fdx/bailey.fdx"
sed '/<TitlePage>/,/<\/TitlePage>/d' "$fdx" > "The Pilot.fdx"
expect_status 0 "an .fdx with no title imports" sb-import --db n.db "The Pilot.fdx"
check "named for its file, without the extension" err_has 'imported "The Pilot" (fdx)'
expect_status 0 "an .fdx with a title page" sb-import --db n.db "$fdx"
is "is named for its title" "$(sql n.db "SELECT name FROM project ORDER BY id DESC LIMIT 1")" \
    "$(sql n.db "SELECT title FROM project ORDER BY id DESC LIMIT 1")"
before=$(snapshot n.db)
expect_status 2 "an .fdx with no title on standard input: a usage error" \
    sb-import --db n.db - < "The Pilot.fdx"
err_is "sb-import: stdin: the production has no name or title, and standard input has no file name; give one with --project" \
    "the message says what is missing and how to give it"
is "the database is as it was" "$(snapshot n.db)" "$before"
expect_status 2 "a new database is not left behind" sb-import --db new.db - < "The Pilot.fdx"
check "  (no file)" test ! -e new.db
expect_status 0 "with --project, standard input imports" \
    sb-import --db n.db --project Pilot - < "The Pilot.fdx"

if [ -n "${PYTHON3:-}" ]; then
	"$PYTHON3" "$top_srcdir/tests/tools/sexgen.py" "$fixtures/sex/bailey.txt" bailey.sex || exit 99
	expect_status 0 "a .sex file (it names no production)" sb-import --db s.db bailey.sex
	check "is named for its file" err_has 'imported "bailey" (sex)'
	expect_status 2 "a .sex on standard input without --project" sb-import --db s.db - < bailey.sex
	check "is a usage error naming --project" err_has "give one with --project"
	sed '/Name="PictureTitle"/d; /Name="Title"/d' "$fixtures/msd/night-train.txt" > untitled.txt
	"$PYTHON3" "$top_srcdir/tests/tools/msdgen.py" untitled.txt untitled.msd || exit 99
	expect_status 0 "an .msd with no title" sb-import --db m.db untitled.msd
	check "is named for its file" err_has 'imported "untitled" (msd)'
	"$PYTHON3" "$top_srcdir/tests/tools/msdgen.py" "$fixtures/msd/night-train.txt" nt.msd || exit 99
	expect_status 0 "an .msd with a title" sb-import --db m.db nt.msd
	check "is named for its title" err_has 'imported "Night Train to Lyon" (msd)'
else
	ok "# SKIP no python3 for the .sex and .msd writers"
fi

#
# Plurals: one of a thing is singular
#
printf '%s\n' 'board,day,date,strip_id,scene,set,pages' 'B,1,2024-03-04,s1,1,BANK,1' \
    'B,1,2024-03-04,s2,2,PIER,2' > one.csv
expect_status 0 "a production of one board, day and calendar" sb-import --db one.db one.csv
err_is 'sb-import: one.csv: imported "one" (csv): 2 strips, 2 elements in 1 category, 1 board, 1 shoot day, 1 calendar' \
    "the summary says 1 category, 1 board, 1 shoot day, 1 calendar"
db=one.db
expect_status 0 "sort a day" sb-reorder --db one.db sort --day 1 --by -scene
err_is "sb-reorder: sorted: 1 strip moved, 1 stayed" "the sort says 1 strip"
printf 'strip_id,day\ns1,7\n' > bad.csv
expect_status 4 "a batch of one row naming a day that is not there" \
    sb-reorder --db one.db batch bad.csv
check "one row, one error" err_has "sb-reorder: 1 row: 0 moved, 0 in place, 0 conflicts, 1 error"
check "the error names the file, line and day" \
    err_has "bad.csv: line 2: there is no day 7: the board has 1 shoot day"
expect_status 4 "sb-day names a day that is not there" sb-day --db one.db move 1 --after 3
err_is "sb-day: there is no day 3: the board has 1 shoot day" "the board has 1 shoot day"
printf 'board,strip_id\nB,s1,extra\n' > fields.csv
expect_status 3 "a row with one field too many" sb-import --db f.db fields.csv
check "counts the fields" err_has "fields.csv: line 2: 3 fields, but the header has 2"
printf 'board,strip_id,day\nB\n' > fields.csv
expect_status 3 "a row with one field" sb-import --db f.db fields.csv
check "says 1 field" err_has "fields.csv: line 2: 1 field, but the header has 3"

expect_status 2 "a move naming a strip twice" sb-reorder --db one.db move s1 s1 --boneyard
err_is "sb-reorder: strip s1 is named twice: name each strip once" "says so, not \"next to itself\""

#
# Day numbers are bounded before any work
#
printf '%s\n' 'board,day,strip_id,scene' 'B,1,s1,1' 'B,2000000,s2,2' 'B,2,s3,3' > far.csv
start=$(date +%s)
expect_status 3 "a CSV naming day 2000000 is refused" sb-import --db far.db far.csv
end=$(date +%s)
err_is 'sb-import: far.csv: line 3: day: 2000000 leaves 1999998 shoot days of board "B" with no row (the greatest day before it is 1); at most 10000 may be empty' \
    "naming file, line and reason"
check "at once (not after writing two million days)" test $((end - start)) -lt 5
check "and no database is left" test ! -e far.db
printf '%s\n' 'board,day,strip_id,scene' 'B,10001,s1,1' 'B,1,s2,2' > gap.csv
expect_status 0 "10000 empty days are allowed" sb-import --db gap.db gap.csv
is "  the board has 10001 days" "$(sql gap.db "SELECT count(*) FROM day WHERE kind = 'shoot'")" 10001
printf '%s\n' 'board,day,strip_id,scene' 'B,10002,s1,1' > gap2.csv
expect_status 3 "10001 are not" sb-import --db gap2.db gap2.csv
check "  and the message says how many may be" err_has "at most 10000 may be empty"
printf 'strip_id,day\ns1,2000000\n' > farb.csv
start=$(date +%s)
expect_status 4 "a batch naming day 2000000" sb-reorder --db one.db batch farb.csv
end=$(date +%s)
check "is refused with file, line and reason" \
    err_has "farb.csv: line 2: there is no day 2000000: the board has 1 shoot day"
check "at once" test $((end - start)) -lt 5
expect_status 2 "sb-day refuses a day number past 2^31 as a usage error" sb-day --db one.db drop 99999999999
check "naming the range" err_has 'sb-day: drop: "99999999999" is not a number from 1 to'

#
# Every sb-day change prints one line on stderr
#
printf '%s\n' 'board,day,date,strip_id,scene,set,pages' \
    'B,1,2024-03-04,a,1,BANK,1' 'B,1,2024-03-04,b,2,BANK,1' 'B,1,2024-03-04,c,3,BANK,1' \
    'B,2,2024-03-05,d,4,PIER,1' 'B,3,2024-03-06,e,5,FARM,1' 'B,4,2024-03-07,f,6,MILL,1' > days.csv
sb-import -q --db days.db days.csv || exit 99
day() { run sb-day --db days.db "$@"; }
day add
err_is "sb-day: added day 5" "add: one day"
day add --count 2 --after 1
err_is "sb-day: added 2 days, 2 to 3; 4 other days renumbered" "add: two days, the others renumbered"
day drop 2
err_is "sb-day: dropped day 2, which was empty; 5 other days renumbered" "drop: an empty day"
day drop 2
err_is "sb-day: dropped day 2, which was empty; 4 other days renumbered" "drop: another"
day move 4 --first
err_is "sb-day: moved day 4: it is day 1 now (version 5); 3 other days renumbered" \
    "move: the day's new number and version"
day move 1 --first
err_is "sb-day: day 1 stays day 1: it is there already (version 5)" "move: to where it is"
day move 1 --last
err_is "sb-day: moved day 1: it is day 5 now (version 6); 4 other days renumbered" "move: to the end"
day split 1 --at 2
err_is "sb-day: split day 1 before strip 2: 2 strips make day 2 (version 1); 4 other days renumbered" \
    "split: how many strips make the new day"
day join 1
err_is "sb-day: joined day 2 to day 1: 2 strips moved (version 5); 4 other days renumbered" \
    "join: how many strips moved"
day join 3 1
err_is "sb-day: joined day 1 to day 3, now day 2: 3 strips moved (version 9); 3 other days renumbered" \
    "join: a day before it, and its new number"
day drop 1 --to next
err_is "sb-day: dropped day 1: its 1 strip joined the start of the day after, now day 1; 3 other days renumbered" \
    "drop --to next"
day drop 3 --to prev
err_is "sb-day: dropped day 3: its 1 strip joined the end of day 2" "drop --to prev"
day drop 1
err_is "sb-day: dropped day 1: its 5 strips went to the boneyard; 1 other day renumbered" \
    "drop to the boneyard"
day calendar --holiday 2024-03-08
err_is "sb-day: changed 1 calendar entry (version 2)" "calendar: one entry"
day calendar --days-off sat,sun
err_is "sb-day: changed the days off (version 3)" "calendar: the days off"
day calendar --days-off sat,sun
err_is "sb-day: the calendar is as it was (version 3)" "calendar: nothing to change"
day calendar --work 2024-03-09 --off 2024-03-11
err_is "sb-day: changed 2 calendar entries (version 4)" "calendar: two entries"
day -q add
check "--quiet says nothing" test ! -s err
expect_status 0 "the listing prints no summary" sb-day --db days.db list --format csv
check "  stderr is empty" test ! -s err

#
# sb-log's table says what happened in words, for every kind of row
#
printf '%s\n' 'board,day,date,strip_id,scene,set,pages' \
    'B,1,2024-03-04,a,1,BANK,1' 'B,1,2024-03-04,b,2,BANK,1' 'B,1,2024-03-04,u,,BANK,1' \
    'B,2,2024-03-05,d,4,PIER,1' 'B,3,2024-03-06,e,5,FARM,1' > log.csv
sb-import -q --db log.db log.csv || exit 99
sb-day -q --db log.db join 1 2 || exit 99
sb-day -q --db log.db split 1 --at b || exit 99
sb-day -q --db log.db drop 2 --to prev || exit 99
sb-day -q --db log.db move 2 --first || exit 99
sb-day -q --db log.db calendar --holiday 2024-03-07 --note 2024-03-08=wrap || exit 99
sb-day -q --db log.db calendar --clear 2024-03-07 || exit 99
sb-day -q --db log.db calendar --days-off sun || exit 99
sb-reorder -q --db log.db move u --to 1 || exit 99
{ echo "strip_id,day,position"; i=0
  while [ $i -lt 300 ]; do echo "a,1,first"; echo "d,1,first"; i=$((i + 1)); done; } > keys.csv
sb-reorder -q --db log.db batch keys.csv > /dev/null || exit 99
sb-element -q --db log.db rename set BANK VAULT || exit 99
sb-element -q --db log.db merge set PIER FARM || exit 99
expect_status 0 "sb-log --format table" sb-log --db log.db --format table
logged() { if out_has "$1"; then ok "sb-log says \"$1\""; else not_ok "sb-log says \"$1\""; fi; }
logged "joined day 2 to day 1 (B)"
logged "split day 1: its later strips make day 2 (B)"
logged "dropped day 2 into the day before (B)"
logged "moved day 2 to day 1 (B)"
logged "day 3 became day 2 (B)"
logged "day 1: a strip entered (B)"
logged "added holiday 2024-03-07 to the calendar (B)"
logged "added note 2024-03-08 to the calendar: wrap (B)"
logged "took holiday 2024-03-07 out of the calendar (B)"
logged "changed 2 calendar entries (B)"
logged "changed the days off: none -> Sun (B)"
logged "moved the unnumbered strip u from day 2 to day 1 (B)"
logged "spaced out the position keys of"
logged 'renamed element "BANK" to "VAULT" (set)'
logged "merged element PIER into FARM (set)"
check "no line holds JSON" sh -c '! grep -q "[{}]" out'
check "no strip is named \"scene \" with no number" sh -c '! grep -q "scene  " out'
check "a join is not logged as a day dropped" sh -c '! grep -q "dropped day 2 (B)" out'
rev="$fixtures/revision"
sb-import -q --db rev.db --project Life "$rev/draft1.fdx" || exit 99
sb-import -q --db rev.db --update "$rev/draft2.fdx" > /dev/null || exit 99
expect_status 0 "sb-log of a script revision" sb-log --db rev.db --format table
logged "merged the script draft2.fdx (fdx): "
if grep -q "changed scene [0-9A-Za-z]* (draft2.fdx): " out; then ok "a changed scene, in words"; else not_ok "a changed scene, in words"; fi
check "the revision's rows hold no JSON" sh -c '! grep -q "[{}]" out'

#
# The program's name in messages is its base name, however it was run
#
for c in sb-import sb-export sb-day sb-reorder sb-log sb-bench sb-board sb-strip sb-report sb-element; do
	run "$top_builddir/bin/$c" --no-such-option
	if [ "$rc" -eq 2 ] && head -n 1 err | grep -q "^$c: --no-such-option: no such option$"; then
		ok "$c: an unknown option: exit 2, the message starts \"$c:\""
	else
		not_ok "$c: an unknown option (exit $rc)"
	fi
	run "$top_builddir/bin/$c" -Z
	if [ "$rc" -eq 2 ] && head -n 1 err | grep -q "^$c: -Z: no such option$"; then
		ok "$c: an unknown letter: exit 2, the message starts \"$c:\""
	else
		not_ok "$c: an unknown letter (exit $rc)"
	fi
	run "$top_builddir/bin/$c" --db
	if [ "$rc" -eq 2 ] && head -n 1 err | grep -q "^$c: --db"; then
		ok "$c: an option without its value: the message starts \"$c:\""
	else
		not_ok "$c: an option without its value (exit $rc)"
	fi
done
for c in sb-export sb-day sb-reorder sb-log; do
	case $c in
	sb-day) set -- list ;;
	sb-reorder) set -- move 1 --to 1 ;;
	*) set -- ;;
	esac
	run "$top_builddir/bin/$c" --db missing.db "$@"
	if [ "$rc" -eq 4 ] && grep -q "^$c: " err; then
		ok "$c: a missing database: exit 4, the message starts \"$c:\""
	else
		not_ok "$c: a missing database (exit $rc)"
	fi
done

done_testing
