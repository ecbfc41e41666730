#!/bin/sh
# t0074-pg-commands.sh - the other commands on a PostgreSQL server (issue
# 12): sb-report (every report), sb-board, sb-strip, sb-element, sb-log
# revert, sb-perm, sb-import --update and sb-day calendar --days-off give
# the same output (and trail: sb-log), messages and statuses as on a file
# (the owner and actor aside: the server's role, not the login); --as-of
# too, by a role that may only read (the replay's tables are temporary).
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/pg.sh"
pg_start

B="First Pass"
i=0
# same CMD ARGS...: on a new server database and a new file, each with the
# full sample imported (and the move of scene 17 to day 3), the command
# gives the same output, messages and status
same() {
	i=$((i + 1))
	u=$(pg_db "c$i") || { not_ok "createdb"; return; }
	rm -f f.db
	for d in "$u" f.db; do
		sb-import -q --db "$d" "$full"
		sb-reorder -q --db "$d" --board "$B" move 17 --to 3
	done
	c=$1; shift
	sb-$c --db "$u" "$@" >pg.out 2>pg.err; prc=$?
	sb-$c --db f.db "$@" >f.out 2>f.err; frc=$?
	# and the same trail
	sb-log --db "$u" --format ndjson --since 2 >>pg.out 2>&1
	sb-log --db f.db --format ndjson --since 2 >>f.out 2>&1
	for f in pg.out pg.err f.out f.err; do
		sed -i -e "s|postgresql:///c$i|DB|g" -e 's|f\.db|DB|g' -e 's/^DTSTAMP:.*//' \
		    -e "s/\"actor\":\"[^\"]*\"//g" -e 's/^{"id":[0-9]*,"at":"[^"]*"//' \
		    -e 's/"command":"\([^"\\]\|\\.\)*"/"command":C/g' \
		    -e 's/"granted_\(by\|at\)":\[null,"[^"]*"\]//g' \
		    -e '/warning: no user "alice" on this machine/d' \
		    -e 's/[0-9a-f]\{24\}/X/g' "$f"
	done
	if [ "$prc" -eq "$frc" ] && same_file pg.out f.out && same_file pg.err f.err; then
		ok "sb-$c $*: as on a file (exit $prc)"
	else
		not_ok "sb-$c $*: as on a file (exit $prc, file $frc)"
		diff pg.out f.out | head -n 4 | sed 's/^/# /'
		head -n 3 pg.err | sed 's/^/# pg: /'
	fi
}
for r in dood oneliner schedule elements flags board ics; do
	same report "$r" --board "$B"
done
same report dood --board "$B" --format json
same report elements --format ndjson
same report schedule --board "No Such"
same board list
same board list --format json
same board compare "$B" "Second Pass"
same board activate "Second Pass"
same strip show 17
same strip show 17 --board "$B" --format json
same strip show 9999
same element list Cast
same element list Nope
same element rename Cast GEORGE "GEORGE BAILEY"
same element number Cast GEORGE 99
same element renumber Cast
same element rename Cast GEORGE POTTER
same day --board "$B" calendar --days-off sun
same log revert 2 --dry-run
same log revert 2 3 4
same log revert 99999
same perm grant alice viewer
same perm grant alice scheduler --board "$B"
same perm deny alice move --board "$B"
same perm revoke alice
same perm list alice
same board new "Third Pass" --from "$B"
same board rename "Second Pass" Other
same board drop "Second Pass"
same strip set 17 synopsis=x pages=2
same strip add 17 Cast=ZUZU
same strip remove 17 Cast=GEORGE
same strip omit 17
same strip new scene 99A Cast=GEORGE
same element merge Cast HARRY POTTER
same import --update "$fixtures/revision/draft1.fdx"
same day --board "$B" list --as-of 1
same export --board "$B" --format csv --as-of 1
same report schedule --board "$B" --as-of 1


u=$(pg_db warn2)
sb-import -q --db "$u" "$small"
run sb-perm --db "$u" grant alice viewer
if [ "$rc" -eq 0 ] && ! err_has "no user"; then ok "on a server a grant to a role that is no login here is not warned about"
else not_ok "on a server a grant to a role that is no login here is not warned about (exit $rc)"; fi

# the role is the owner and the actor on a server
u=$(pg_db owner)
sb-import -q --db "$u" "$full"
run sb-perm --db "$u" check sb move
is "the role that made the database is its admin (sb-perm check)" "$rc" 0
run sb-perm --db "$u" check root move
is "  ... the login of the machine is nobody there" "$rc" 1
sb-perm -q --db "$u" grant alice viewer
is "a grant on a server is in its trail, by the role" \
    "$(pgq "$u" "SELECT actor FROM audit WHERE entity = 'perm' ORDER BY id DESC LIMIT 1")" sb

# a scheduler with a role of their own (docs/server.md): the server checks
# the password, sb-perm what the role may do
pgq "$u" "CREATE ROLE alice LOGIN; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO alice;
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO alice" >/dev/null
ua=$(echo "$u" | sed 's/user=sb/user=alice/')
expect_status 0 "a viewer's role reads the board" sb-export --db "$ua" --board "$B" --format csv
expect_status 7 "  ... and may not move a strip: exit 7" sb-reorder --db "$ua" --board "$B" move 17 --to 3
err_has "alice" && ok "  ... saying who" || not_ok "  ... saying who"
sb-perm -q --db "$u" grant alice scheduler --board "$B"
expect_status 0 "a scheduler's role on the board moves a strip" \
    sb-reorder --db "$ua" --board "$B" move 17 --to 3
is "  ... the trail's actor is the role" \
    "$(pgq "$u" "SELECT actor FROM audit ORDER BY id DESC LIMIT 1")" alice
expect_status 7 "  ... but not an admin's: no grants" sb-perm --db "$ua" grant bob viewer
pgq "$u" "UPDATE audit SET actor = 'x'" >/dev/null 2>&1
is "  ... nor can the role rewrite the trail with SQL" "$(pgq "$u" "SELECT count(*) FROM audit WHERE actor = 'x'")" 0

# --- --as-of as a role that may only read: temporary tables only ----------
u=$(pg_db asof)
sb-import -q --db "$u" "$full"
sb-reorder -q --db "$u" --board "$B" move 17 --to 3
pgq "$u" "CREATE ROLE viewer2 LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO viewer2" >/dev/null
sb-perm -q --db "$u" grant viewer2 viewer
uv=$(echo "$u" | sed 's/user=sb/user=viewer2/')
before=$(pgq "$u" "SELECT count(*) || ' ' || max(id) FROM audit")
run sb-day --db "$uv" --board "$B" list --as-of 1 --format csv
sb-day --db "$u" --board "$B" list --as-of 1 --format csv >sb.out 2>&1
if [ "$rc" -eq 0 ] && same_file out sb.out; then ok "--as-of by a role with SELECT only: the board as it was"
else not_ok "--as-of by a role with SELECT only: the board as it was (exit $rc)"; fi
is "  ... and the database is unchanged" "$(pgq "$u" "SELECT count(*) || ' ' || max(id) FROM audit")" "$before"

done_testing
