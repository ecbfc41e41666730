#!/bin/sh
# t0076-pg-migration-gaps - t0181 on a PostgreSQL server: a database whose
# schema version counts a migration as applied that never ran.  The
# opener looks for what each migration up to the version makes (its
# tables, indexes and added columns, read from its PostgreSQL
# translation) in the schema the connection works in: a writer applies
# one of which nothing is there, a reader refuses until then, saying so;
# a migration there only in part is refused by both.  Refusals exit 3 and
# leave the database as it was.
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/pg.sh"
pg_start

ver=$(sb-import -q --db v.db "$small" && sql v.db "PRAGMA user_version")
has_hash() {
	pgq "$1" "SELECT count(*) FROM information_schema.columns
	    WHERE table_name = 'audit' AND column_name = 'hash'"
}
# the database as a fingerprint: every table's rows, the schema's objects
state() {
	pgq "$1" "SELECT (SELECT count(*) FROM audit) || '/' ||
	    (SELECT coalesce(sum(version), 0) FROM placement) || '/' ||
	    (SELECT count(*) FROM pg_class WHERE relnamespace =
	    CAST(current_schema() AS regnamespace)) || '/' ||
	    (SELECT schema_version FROM sb_meta)"
}

# a database at the latest version without what 006-chain makes
G=$(pg_db gap) || exit 99
sb-import -q --db "$G" "$small" || exit 99
sb-board -q --db "$G" new Extra || exit 99
pgq "$G" "ALTER TABLE audit DROP COLUMN hash" || exit 99
is "the database stands at version $ver without audit.hash" \
    "$(has_hash "$G")|$(pgq "$G" 'SELECT schema_version FROM sb_meta')" "0|$ver"
before=$(state "$G")
name=postgresql:///${pg_prefix}gap

run sb-board --db "$G" list
is "a reader refuses it (exit 3)" "$rc" 3
is "  ... and says which migration is missing and what to do" "$(head -n 1 err)" \
    "sb-board: $name: schema version $ver, but migration 006-chain was never applied (a development build ran the migrations out of order); open it once for writing to apply it"
run sb-log --db "$G" --verify
is "sb-log --verify refuses it the same way" "$rc|$(head -n 1 err)" \
    "3|sb-log: $name: schema version $ver, but migration 006-chain was never applied (a development build ran the migrations out of order); open it once for writing to apply it"
is "  ... and the database is as it was" "$(state "$G")" "$before"

run sb-board --db "$G" new Try
is "a writer applies the missing migration and goes on" "$rc" 0
is "  ... audit.hash is there" "$(has_hash "$G")" 1
is "  ... every row of the trail has its hash" \
    "$(pgq "$G" "SELECT count(*) FROM audit WHERE hash IS NULL OR length(hash) <> 64")" 0
is "  ... the version is what it was" "$(pgq "$G" 'SELECT schema_version FROM sb_meta')" "$ver"
run sb-log --db "$G" --verify
is "  ... and the chain holds, the writer's row too" "$rc|$(grep -c . out)" "0|1"
expect_status 0 "a reader reads it now" sb-board --db "$G" list
is "  ... and the trail's triggers are back: a row cannot be changed" \
    "$(pgq "$G" "UPDATE audit SET actor = 'x' WHERE id = 1" 2>&1 | grep -c 'append-only')" 1

# two gone: 005-perm (the rules) and 006-chain; the owner is admin again
T=$(pg_db two) || exit 99
sb-import -q --db "$T" "$small" || exit 99
pgq "$T" "DROP TABLE perm; ALTER TABLE audit DROP COLUMN hash" || exit 99
run sb-board --db "$T" list
is "a reader names the first missing migration" \
    "$rc|$(head -n 1 err | sed 's/.*migration \([^ ]*\) .*/\1/')" "3|005-perm"
expect_status 0 "a writer applies both" sb-board --db "$T" new Try
is "  ... the database's maker is its admin again" \
    "$(pgq "$T" "SELECT grantee || ':' || what || ':' || granted_by FROM perm")" \
    "sb:admin:(owner)"
expect_status 0 "  ... and the chain holds" sb-log --db "$T" --verify

# a migration there in part is not one to run again: refused, untouched
P=$(pg_db part) || exit 99
sb-import -q --db "$P" "$small" || exit 99
pgq "$P" "DROP INDEX perm_board" || exit 99
before=$(state "$P")
for c in list "new Try"; do
	# shellcheck disable=SC2086 # the words of the subcommand
	run sb-board --db "$P" $c
	is "sb-board $c: refused, migration 005-perm only in part" "$rc|$(head -n 1 err)" \
	    "3|sb-board: postgresql:///${pg_prefix}part: schema version $ver, but migration 005-perm is there only in part (no table or index perm_board): the database was changed outside stripboard; nothing written"
done
is "  ... and the database is as it was" "$(state "$P")" "$before"

# a whole database is opened as before, by a reader and a writer
W=$(pg_db whole) || exit 99
sb-import -q --db "$W" "$small" || exit 99
expect_status 0 "a whole database: a reader" sb-board --db "$W" list
expect_status 0 "a whole database: a writer" sb-board --db "$W" new Try
done_testing
