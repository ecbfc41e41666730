#!/bin/sh
# The stripboard file: pragmas, refusal of foreign and newer files, the
# append-only audit trail.
. "${top_srcdir:-.}/tests/cli/lib.sh"

# the schema version: the number of the last migration
latest=$(ls "$top_srcdir"/share/schema/*.sql | sed -n '$s|.*/0*\([0-9]*\)-[^/]*$|\1|p')

sb-import -q --db sb.db "$small" || exit 99
check "application_id is set (SBRD)" test "$(sql sb.db 'PRAGMA application_id')" = 1396855364
check "user_version is the schema version" test "$(sql sb.db 'PRAGMA user_version')" = "$latest"
check "the journal is WAL" test "$(sql sb.db 'PRAGMA journal_mode')" = wal
check "every mutable table has a version column" sh -c '
	for t in project category element strip calendar calendar_day board lane day placement; do
		sqlite3 sb.db "SELECT count(*) FROM pragma_table_info('"'"'$t'"'"') WHERE name = '"'"'version'"'"'" | grep -q 1 || exit 1
	done'

run sqlite3 sb.db "UPDATE audit SET actor = 'mallory'"
check "an UPDATE of the audit trail fails" sh -c "test $rc -ne 0 && grep -q 'append-only' err"
run sqlite3 sb.db "DELETE FROM audit"
check "a DELETE of the audit trail fails" sh -c "test $rc -ne 0 && grep -q 'append-only' err"
check "the audit row is still there" test "$(sql sb.db 'SELECT count(*) FROM audit')" = 1

sqlite3 other.db "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
before=$(snapshot other.db)
expect_status 3 "an SQLite file of another application is refused" sb-import --db other.db "$small"
check "the refusal says why" err_has "other.db: not a stripboard database"
check "the foreign file is untouched" test "$(snapshot other.db)" = "$before"
expect_status 3 "and refused by sb-export too" sb-export --db other.db

printf 'just text, not SQLite at all, but long enough to look like a header.....\n' > text.db
before=$(snapshot text.db)
expect_status 3 "a file that is not SQLite is refused" sb-import --db text.db "$small"
check "it says it is not SQLite" err_has "text.db: not a stripboard database"
check "the text file is untouched" test "$(snapshot text.db)" = "$before"

cp sb.db newer.db
sqlite3 newer.db "PRAGMA user_version = 99"
before=$(snapshot newer.db)
expect_status 3 "a newer schema is refused" sb-import --db newer.db --project X "$small"
check "the refusal names both versions" err_has "schema version 99 is newer than this stripboard understands ($latest)"
check "the newer file is untouched" test "$(snapshot newer.db)" = "$before"
expect_status 3 "sb-export refuses it too" sb-export --db newer.db

# a file of schema 1, made from the first migration alone, is migrated when
# opened for writing, and refused by a reader until then
{ cat "$top_srcdir/share/schema/001-core.sql"
  echo "PRAGMA application_id = 1396855364; PRAGMA user_version = 1;"; } | sqlite3 v1.db
expect_status 3 "an older file is not migrated by a read" sb-export --db v1.db
check "the message says to open it for writing" err_has "open it once for writing to migrate it"
expect_status 0 "an older file is migrated by a write" sb-import -q --db v1.db --project V1 "$small"
check "the migration added the index of 002" test "$(sql v1.db "SELECT count(*) FROM sqlite_schema WHERE name = 'strip_element_rank'")" = 1
check "and the index of 003" test "$(sql v1.db "SELECT count(*) FROM sqlite_schema WHERE name = 'day_rank'")" = 1
check "and the day numbers of 004" test "$(sql v1.db "SELECT count(*) FROM pragma_table_info('day') WHERE name = 'seq'")" = 1
check "and raised the schema version" test "$(sql v1.db 'PRAGMA user_version')" = "$latest"
expect_status 0 "the migrated file works" sb-day --db v1.db --board "First Pass" list --format csv
check "with its one day" test "$(wc -l < out)" = 2

mkdir dir.db
expect_status 3 "a directory as database is refused" sb-import --db dir.db "$small"

# Only sb-import creates a database: every other command leaves a missing,
# empty, blank or foreign file exactly as it was (bytes, time, no -wal/-shm)
: > empty.db
sqlite3 blank.db "VACUUM"
sqlite3 walf.db "PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);" >/dev/null
printf 'strip_id,board,day\n' > moves.csv
touch -d 2020-01-01 empty.db blank.db walf.db
for f in empty.db blank.db walf.db; do cp -p "$f" "$f.orig"; done
# state F: the file's bytes and time, and any file beside it
state() { cmp -s "$1" "$1.orig" && echo same || echo changed
	stat -c %Y "$1"; ls "$1"-* 2>/dev/null; }
for f in empty.db blank.db walf.db none.db; do
	[ "$f" = none.db ] && want=4 || want=3
	for cmd in "sb-export" "sb-export --format uss" "sb-day --board X list" \
	    "sb-day --board X calendar --holiday 2022-09-01" "sb-day --board X add" \
	    "sb-reorder --board X move 1 --to 2" "sb-reorder --board X batch moves.csv" \
	    "sb-reorder --board X sort --day 1 --by set" "sb-log"; do
		# shellcheck disable=SC2086
		expect_status $want "$cmd on $f: exit $want" $cmd --db "$f"
	done
	if [ "$f" = none.db ]; then
		check "  ... and none.db is still missing" sh -c '! ls none.db* 2>/dev/null'
		continue
	fi
	check "  ... the message says what $f is" err_has "$f: not a stripboard database ("
	is "  ... and $f is exactly as it was" "$(state "$f")" "same
$(stat -c %Y "$f.orig")"
done
expect_status 3 "the empty file: says so" sb-day --db empty.db --board X calendar --holiday 2022-09-01
check "  ... and who makes one" err_has "empty.db: not a stripboard database (an empty file; sb-import creates one)"
expect_status 3 "a failed import into the empty file" sb-import --db empty.db text.db
is "  ... leaves it empty, with its time" "$(state empty.db)" "same
$(stat -c %Y empty.db.orig)"
expect_status 3 "a failed import into the foreign WAL file" sb-import --db walf.db "$small"
is "  ... leaves the foreign file as it was" "$(state walf.db)" "same
$(stat -c %Y walf.db.orig)"
expect_status 0 "sb-import makes a database of the empty file" sb-import -q --db empty.db "$small"
expect_status 0 "  ... which the others then use" sb-day --db empty.db --board "First Pass" list

done_testing
