#!/bin/sh
# t0181-migration-gaps - a file whose schema version counts a migration as
# applied that never ran.  Migrations once landed out of order (009 before
# 006), so files exist at version 9 without audit.hash: the opener finds
# what each migration up to the file's version makes (its tables, indexes
# and added columns, read from its SQL), and a writer applies one of which
# nothing is there; a reader refuses until then, saying so; a migration
# there only in part is refused by both.  Refusals exit 3 and leave the
# file as it was.
. "${top_srcdir:?}/tests/cli/lib.sh"

lite() { "${SQLITE3:-sqlite3}" -batch -noheader "$@"; }
has_hash() { sql "$1" "SELECT count(*) FROM pragma_table_info('audit') WHERE name = 'hash'"; }

# a file at the latest version without what 006-chain makes
sb-import -q --db gap.db "$small" || exit 99
sb-board -q --db gap.db new Extra || exit 99
ver=$(sql gap.db "PRAGMA user_version")
lite gap.db "ALTER TABLE audit DROP COLUMN hash" || exit 99
is "the file stands at version $ver without audit.hash" "$(has_hash gap.db)" 0
before=$(snapshot gap.db)

run sb-board --db gap.db list
is "a reader refuses it (exit 3)" "$rc" 3
is "  ... and says which migration is missing and what to do" "$(head -n 1 err)" \
    "sb-board: gap.db: schema version $ver, but migration 006-chain was never applied (a development build ran the migrations out of order); open it once for writing to apply it"
run sb-log --db gap.db --verify
is "sb-log --verify refuses it the same way" "$rc|$(head -n 1 err | cut -d: -f1-3)" \
    "3|sb-log: gap.db: schema version $ver, but migration 006-chain was never applied (a development build ran the migrations out of order); open it once for writing to apply it"
check "  ... and the file is as it was" test "$(snapshot gap.db)" = "$before"

run sb-board --db gap.db new Try
is "a writer applies the missing migration and goes on" "$rc" 0
is "  ... audit.hash is there" "$(has_hash gap.db)" 1
is "  ... every row of the trail has its hash" \
    "$(sql gap.db "SELECT count(*) FROM audit WHERE hash IS NULL OR length(hash) <> 64")" 0
is "  ... the version is what it was" "$(sql gap.db "PRAGMA user_version")" "$ver"
run sb-log --db gap.db --verify
is "  ... and the chain holds, the writer's row too" "$rc|$(grep -c . out)" "0|1"
expect_status 0 "a reader reads it now" sb-board --db gap.db list

# two gone: 005-perm (the rules) and 006-chain; the owner is admin again
sb-import -q --db two.db "$small" || exit 99
lite two.db "DROP TABLE perm; ALTER TABLE audit DROP COLUMN hash" || exit 99
run sb-board --db two.db list
is "a reader names the first missing migration" "$rc|$(head -n 1 err | sed 's/.*migration \([^ ]*\) .*/\1/')" \
    "3|005-perm"
expect_status 0 "a writer applies both" sb-board --db two.db new Try
is "  ... the file's owner is its admin again" \
    "$(sql two.db "SELECT what || ':' || granted_by FROM perm")" "admin:(owner)"
expect_status 0 "  ... and the chain holds" sb-log --db two.db --verify

# a migration there in part is not one to run again: refused, untouched
sb-import -q --db part.db "$small" || exit 99
lite part.db "DROP INDEX perm_board" || exit 99
before=$(snapshot part.db)
for c in "sb-board --db part.db list" "sb-board --db part.db new Try"; do
	# shellcheck disable=SC2086 # the words of the command line
	run $c
	is "$c: refused, migration 005-perm only in part" "$rc|$(head -n 1 err | cut -d: -f2-)" \
	    "3| part.db: schema version $ver, but migration 005-perm is there only in part (no table or index perm_board): the file was changed outside stripboard; nothing written"
done
check "  ... and the file is as it was" test "$(snapshot part.db)" = "$before"

# a file with every migration is opened as before
sb-import -q --db ok.db "$small" || exit 99
expect_status 0 "a whole file: a reader" sb-board --db ok.db list
expect_status 0 "a whole file: a writer" sb-board --db ok.db new Try
done_testing
