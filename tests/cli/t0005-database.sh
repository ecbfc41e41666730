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

# a file of schema 1 is migrated when opened for writing: 002 and 003 add indexes
cp sb.db v1.db
sqlite3 v1.db "DROP INDEX strip_element_rank; DROP INDEX day_rank; PRAGMA user_version = 1"
expect_status 3 "an older file is not migrated by a read" sb-export --db v1.db
check "the message says to open it for writing" err_has "open it once for writing to migrate it"
expect_status 0 "an older file is migrated by a write" sb-import -q --db v1.db --project V1 "$small"
check "the migration added the index of 002" test "$(sql v1.db "SELECT count(*) FROM sqlite_schema WHERE name = 'strip_element_rank'")" = 1
check "and the index of 003" test "$(sql v1.db "SELECT count(*) FROM sqlite_schema WHERE name = 'day_rank'")" = 1
check "and raised the schema version" test "$(sql v1.db 'PRAGMA user_version')" = "$latest"

mkdir dir.db
expect_status 3 "a directory as database is refused" sb-import --db dir.db "$small"

done_testing
