#!/bin/sh
# Who the first admin is: the maker of a new file; the owner of a file
# made before permissions (schema 4), once a write migrates it, so that
# single user notices nothing while anyone else is refused; root is no
# one special (a file another user made refuses root too).  And sb-perm's
# options on every subcommand they do not belong to.  On a server
# (SB_TEST_ENGINE=pg) the same with roles: the role that made the
# database, the role owning the tables of one made before permissions
# (the rules' table gone), and the superuser sb, who made neither.
. "${top_srcdir:-.}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/perm.sh"

O=$(free_uid 4341) Z=$(free_uid 4342)

# options: --format is list's; --day and --strip do not go together
for sub in "grant u viewer" "deny u read" "revoke u" "check u read"; do
	# shellcheck disable=SC2086
	expect_status 2 "--format on $sub" sb-perm --db none.db $sub --format csv
done
expect_status 2 "--day with --strip" sb-perm --db none.db list --day 1 --strip 17
expect_status 2 "--day is a number" sb-perm --db none.db list --day x
expect_status 2 "list takes one user at most" sb-perm --db none.db list a b
expect_status 2 "revoke takes a user" sb-perm --db none.db revoke
[ ! -e none.db ] && ok "no usage error makes a file" || not_ok "no usage error makes a file"

# a new file: its maker is its admin, root is refused
allowed "$O" "uid:$O makes a file" sb-import -q --db made.db "$small"
db=made.db
is "its maker is its first admin" \
    "$(q "SELECT grantee || ',' || effect || ',' || what || ',' || coalesce(CAST(project_id AS TEXT), 'file') FROM perm")" \
    "uid:$O,grant,admin,file"
allowed "$O" "  ... who uses it as before" sb-day --db made.db --board "First Pass" list --format csv
run sb-export --db made.db --format csv
is "$me, who did not make it, is refused (exit 7)" "$rc" 7
err_has "permission denied: $me may not read" && ok "  ... as the user $me" ||
    not_ok "  ... as the user $me"

# a database made before permissions, on a server: one its owner (the
# role owning its tables) made, without the rules' table; the superuser
# migrates one and is refused, as root is on a file
if [ "${SB_TEST_ENGINE:-}" = pg ]; then
	for f in v4.db v4b.db; do
		as "$O" sb-import -q --db "$f" --project Old "$small" &&
		    sql "$f" "DROP TABLE perm" >/dev/null || exit 99
	done
	is "a database without the rules' table has no rules" \
	    "$(sql v4.db "SELECT count(*) FROM pg_class WHERE relname = 'perm'")" 0
	allowed "$O" "its owner writes to it (the write migrates it)" \
	    sb-import -q --db v4.db --project New "$small"
	db=v4.db
	is "the owner is its admin after the migration" \
	    "$(q "SELECT grantee || ',' || what || ',' || granted_by FROM perm")" "uid:$O,admin,(owner)"
	allowed "$O" "  ... and notices nothing: days" sb-day --db v4.db --project Old --board "First Pass" list --format csv
	allowed "$O" "  ... moves" sb-reorder --db v4.db --project Old --board "First Pass" move 89PT1 --boneyard
	allowed "$O" "  ... grants" sb-perm --db v4.db grant "uid:$Z" viewer
	denied "$Z" "a viewer it granted reads but does not move" \
	    sb-reorder --db v4.db --project Old --board "First Pass" move 89PT1 --to 1
	run sb-import -q --db v4b.db --project New "$small"
	is "the superuser's write migrates another role's database but is refused (exit 7)" "$rc" 7
	is "  ... and the admin is the owner of its tables, not the migrator" \
	    "$(sql v4b.db "SELECT group_concat(grantee) FROM perm")" "uid:$O"
	is "  ... nothing imported" "$(sql v4b.db "SELECT count(*) FROM project WHERE name = 'New'")" 0
	done_testing
	exit
fi

# a file made before permissions: its owner becomes its admin
{ cat "$top_srcdir"/share/schema/00[1-4]-*.sql
  echo "PRAGMA application_id = 1396855364; PRAGMA user_version = 4;"; } | sqlite3 v4.db || exit 99
is "a file of schema 4 has no rules" "$(sql v4.db "SELECT count(*) FROM sqlite_schema WHERE name = 'perm'")" 0
chown "$O:$O" v4.db
chmod 644 v4.db
allowed "$O" "its owner writes to it (the write migrates it)" sb-import -q --db v4.db --project Old "$small"
db=v4.db
is "the owner is its admin after the migration" \
    "$(q "SELECT grantee || ',' || what || ',' || granted_by FROM perm")" "uid:$O,admin,(owner)"
allowed "$O" "  ... and notices nothing: days" sb-day --db v4.db --project Old --board "First Pass" list --format csv
allowed "$O" "  ... moves" sb-reorder --db v4.db --project Old --board "First Pass" move 89PT1 --boneyard
allowed "$O" "  ... boards" sb-board --db v4.db --project Old new Try --from "First Pass"
allowed "$O" "  ... the trail" sb-log --db v4.db --format csv
allowed "$O" "  ... grants" sb-perm --db v4.db grant "uid:$Z" viewer
chmod 666 v4.db
denied "$Z" "a viewer it granted reads but does not move" \
    sb-reorder --db v4.db --project Old --board "First Pass" move 89PT1 --to 1

# a file of schema 4 migrated by someone else: still its owner's
{ cat "$top_srcdir"/share/schema/00[1-4]-*.sql
  echo "PRAGMA application_id = 1396855364; PRAGMA user_version = 4;"; } | sqlite3 v4b.db || exit 99
chown "$O:$O" v4b.db
chmod 666 v4b.db
run as "$Z" sb-import -q --db v4b.db --project Old "$small"
is "another user's write migrates it but is refused (exit 7)" "$rc" 7
is "  ... and the admin is the file's owner, not the migrator" \
    "$(sql v4b.db "SELECT group_concat(grantee) FROM perm")" "uid:$O"
is "  ... nothing imported" "$(sql v4b.db "SELECT count(*) FROM project")" 0

done_testing
