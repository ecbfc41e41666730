#!/bin/sh
# t0070-pg.sh - sb-import and sb-export on a PostgreSQL server (issue 12):
# the same output as on a file, byte for byte; the schema's checks (none,
# foreign, newer); the append-only trail; nothing of the URI in messages or
# the trail; the commands that do not work on a server yet refuse it.
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/pg.sh"
pg_start

U=$(pg_db wl) || { echo "Bail out! createdb"; exit 1; }

# --- import: as on a file ---------------------------------------------------
expect_status 0 "sb-import of the full USS sample into PostgreSQL" \
    sb-import --db "$U" "$full"
sed "s|$U|URI|" err > pg.err
sb-import --db wl.db "$full" 2>lite.err
sed 's|wl.db|URI|' lite.err > lite.err2
if same_file pg.err lite.err2; then ok "  ... the same summary and warnings as on a file"
else not_ok "  ... the same summary and warnings as on a file"; diff pg.err lite.err2 | sed 's/^/# /'; fi
is "  ... its strips are on the server" "$(pgq "$U" 'SELECT count(*) FROM strip')" 174
is "  ... with the schema's application id and version" \
    "$(pgq "$U" 'SELECT application_id, schema_version FROM sb_meta')" \
    "$(printf '%s|%s' 1396855364 "$(sql wl.db 'PRAGMA user_version')")"
is "  ... position keys compare byte-wise (COLLATE \"C\")" \
    "$(pgq "$U" "SELECT collation_name FROM information_schema.columns WHERE table_name = 'placement' AND column_name = 'pos'")" C
is "  ... the trail's actor is the database role" \
    "$(pgq "$U" 'SELECT DISTINCT actor FROM audit')" sb

# --- export: byte-identical to the file's -----------------------------------
for fmt in uss csv json ndjson table; do
	if [ "$fmt" = uss ]; then set --; else set -- --board "First Pass"; fi
	sb-export --db wl.db --format "$fmt" "$@" >lite.out 2>lite.err
	run sb-export --db "$U" --format "$fmt" "$@"
	if [ "$rc" -eq 0 ] && same_file out lite.out && [ -s out ]; then
		ok "sb-export --format $fmt from PostgreSQL is the file's, byte for byte"
	else
		not_ok "sb-export --format $fmt from PostgreSQL is the file's, byte for byte (exit $rc)"
		diff out lite.out | head -n 10 | sed 's/^/# /'
	fi
done
for b in "Script Order" "Second Pass" "Shoot Order"; do
	sb-export --db wl.db --board "$b" --format csv >lite.out 2>/dev/null
	run sb-export --db "$U" --board "$b" --format csv
	if [ "$rc" -eq "$(sb-export --db wl.db --board "$b" --format csv >/dev/null 2>&1; echo $?)" ] &&
	    same_file out lite.out; then ok "  ... board \"$b\" too"
	else not_ok "  ... board \"$b\" too"; fi
done
sb-export --db wl.db --spreadsheet --board "First Pass" >lite.out
run sb-export --db "$U" --spreadsheet --board "First Pass"
if same_file out lite.out; then ok "  ... --spreadsheet too"; else not_ok "  ... --spreadsheet too"; fi
SB_DB=$U run sb-export --board "First Pass" --format csv
sb-export --db wl.db --board "First Pass" --format csv >lite.out
if [ "$rc" -eq 0 ] && same_file out lite.out; then ok "SB_DB may hold the URI"
else not_ok "SB_DB may hold the URI"; fi
expect_status 4 "a board that is not there: exit 4" \
    sb-export --db "$U" --board "No Such Board"
expect_status 4 "a project that is not there: exit 4" \
    sb-export --db "$U" --project "No Such Project"

# --- the other formats in, and the flat form back in ------------------------
u=$(pg_db small)
rm -f f.db
sb-import --db f.db "$small" >/dev/null 2>&1
sb-import --db "$u" "$small" >/dev/null 2>&1
sb-export --db f.db --format uss >lite.out
run sb-export --db "$u" --format uss
if same_file out lite.out && [ -s out ]; then ok "the small USS sample: the same USS out of both engines"
else not_ok "the small USS sample: the same USS out of both engines"; fi
# a Final Draft script gets fresh ids and times: compare the board's table
u=$(pg_db fdx)
rm -f f.db
sb-import --db f.db "$fixtures/fdx/bailey.fdx" >/dev/null 2>&1
expect_status 0 "a Final Draft script imports into PostgreSQL" \
    sb-import --db "$u" "$fixtures/fdx/bailey.fdx"
sb-export --db f.db --format table >lite.out
run sb-export --db "$u" --format table
if same_file out lite.out && [ -s out ]; then ok "  ... the same board out of both engines"
else not_ok "  ... the same board out of both engines"; diff out lite.out | head -n 5 | sed 's/^/# /'; fi
for fmt in csv json ndjson; do
	u=$(pg_db "flat_$fmt")
	sb-export --db wl.db --board "First Pass" --format "$fmt" >in.$fmt
	expect_status 0 "the $fmt form imports into PostgreSQL" \
	    sb-import --db "$u" --project Copy in.$fmt
	run sb-export --db "$u" --project Copy --format "$fmt"
	if same_file out in.$fmt; then ok "  ... and comes back byte-identical"
	else not_ok "  ... and comes back byte-identical"; fi
done

# --- between the engines: USS is lossless both ways -------------------------
u=$(pg_db moved)
sb-export --db wl.db --format uss >file.uss
expect_status 0 "a file's USS into a server" sb-import --db "$u" file.uss
sb-export --db "$u" --format uss >server.uss
check "  ... the same production (uss_equal)" uss_equal file.uss server.uss
rm -f back.db
expect_status 0 "  ... and back into a file" sb-import --db back.db server.uss
sb-export --db back.db --format uss >back.uss
if same_file back.uss file.uss; then ok "  ... byte-identical after the round trip"
else not_ok "  ... byte-identical after the round trip"; fi

# --- the schema's checks ----------------------------------------------------
ue=$(pg_db empty)
expect_status 4 "sb-export of a database with no stripboard schema: exit 4" \
    sb-export --db "$ue"
err_has "no stripboard database there" && ok "  ... saying so" || not_ok "  ... saying so"
is "  ... and making nothing there" \
    "$(pgq "$ue" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" 0
printf 'not a production\n' >bad.txt
expect_status 3 "a failed import into an empty database: exit 3" \
    sb-import --db "$ue" bad.txt
is "  ... leaves it empty, as a new file is removed" \
    "$(pgq "$ue" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" 0
expect_status 0 "  ... so an import there then works" sb-import -q --db "$ue" "$small"
# text that is not UTF-8, which a file keeps (t0020): the server refuses
# it, and so the input is refused (exit 3), not a failure (exit 1)
expect_status 3 "a --project name that is not UTF-8: exit 3" \
    sb-import --db "$ue" --project "$(printf 'A\377B')" "$small"
err_has 'invalid byte sequence for encoding "UTF8": 0xff' && ok "  ... the server's message" ||
    not_ok "  ... the server's message"
is "  ... nothing written" "$(pgq "$ue" "SELECT count(*) FROM project")" 1
uf=$(pg_db foreign)
pgq "$uf" 'CREATE TABLE invoices (n int)' >/dev/null
expect_status 3 "a database of another application is refused: exit 3" \
    sb-import --db "$uf" "$full"
err_has "another application" && ok "  ... saying so" || not_ok "  ... saying so"
is "  ... and left as it was" \
    "$(pgq "$uf" "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'")" invoices
un=$(pg_db newer)
sb-import --db "$un" "$small" >/dev/null 2>&1
pgq "$un" 'UPDATE sb_meta SET schema_version = 999' >/dev/null
expect_status 3 "a newer schema is refused: exit 3" sb-export --db "$un"
err_has "newer than this stripboard" && ok "  ... saying so" || not_ok "  ... saying so"

# --- the trail is append-only on the server too -----------------------------
for stmt in "UPDATE audit SET actor = 'x'" "DELETE FROM audit" "TRUNCATE audit"; do
	if pgq "$U" "$stmt" >/dev/null 2>psql.err; then
		not_ok "the server refuses $stmt"
	elif grep -q 'append-only' psql.err; then ok "the server refuses $stmt"
	else not_ok "the server refuses $stmt (for another reason)"; sed 's/^/# /' psql.err; fi
done

# --- the URI is never echoed ------------------------------------------------
secret="postgresql://sb:s3cr3t@/wl?host=$pg_host&application_name=zz9"
expect_status 0 "a URI with a password works" \
    sb-import --db "$secret" --project Secret "$small"
if grep -q 's3cr3t\|zz9' err; then not_ok "  ... its password and options are not in messages"
else ok "  ... its password and options are not in messages"; fi
is "  ... nor in the trail" "$(pgq "$U" "SELECT count(*) FROM audit WHERE command LIKE '%s3cr3t%' OR command LIKE '%zz9%'")" 0
is "  ... which names the database" \
    "$(pgq "$U" "SELECT count(*) FROM audit WHERE command LIKE '%postgresql://%/wl%' AND project_id = (SELECT id FROM project WHERE name = 'Secret')")" 1
expect_status 1 "a server database that is not there: cannot connect, exit 1" \
    sb-export --db "postgresql://sb:s3cr3t@/nosuch?host=$pg_host"
if grep -q 's3cr3t' err; then not_ok "  ... the message without the password"
else ok "  ... the message without the password"; fi

# --- busy: a writer holding the database ------------------------------------
( pgq "$U" "SELECT pg_advisory_lock(1396855364), pg_sleep(3)" >/dev/null 2>&1 & )
sleep 1
SB_BUSY_TIMEOUT=300 run sb-import --db "$U" --project Busy "$small"
is "a writer waits for another, then gives up busy: exit 6" "$rc" 6
err_has "busy" && ok "  ... saying so" || not_ok "  ... saying so"
sleep 2.5

# --- concurrent imports: each whole, the trail in commit order --------------
c=$(pg_db concurrent)
i=1
while [ $i -le 6 ]; do
	sb-import -q --db "$c" --project "P$i" "$small" 2>err.$i &
	i=$((i + 1))
done
wait
is "6 imports at once: 6 projects" "$(pgq "$c" 'SELECT count(*) FROM project')" 6
is "  ... each whole" "$(pgq "$c" 'SELECT count(DISTINCT n) FROM (SELECT count(*) AS n FROM strip GROUP BY project_id) t')" 1
is "  ... and the trail in one run per project (no interleaving)" \
    "$(pgq "$c" 'SELECT count(*) FROM (SELECT project_id, id, lag(project_id) OVER (ORDER BY id) AS prev FROM audit) t WHERE prev IS DISTINCT FROM project_id')" 6

# --- --as-of: the board as it was, rebuilt in temporary tables -------------
P="It's A Wonderful Life"
sb-reorder -q --db "$U" --project "$P" --board "First Pass" move 17 --to 3
sb-reorder -q --db "$U" --project "$P" --board "First Pass" move 40 --to 3
before=$(pgq "$U" "SELECT count(*) || ' ' || (SELECT sum(version) FROM placement) FROM audit")
first=$(pgq "$U" "SELECT max(id) FROM audit WHERE entity = 'placement' AND changes LIKE '%\"scene\":\"17\"%'")
run sb-export --db "$U" --project "$P" --board "First Pass" --format csv --as-of "$first"
sb-import -q --db asof.db "$full"
sb-reorder -q --db asof.db --board "First Pass" move 17 --to 3
sb-export --db asof.db --board "First Pass" --format csv >lite.out
if [ "$rc" -eq 0 ] && same_file out lite.out; then ok "--as-of on a server: the board as it was, as on a file"
else not_ok "--as-of on a server: the board as it was, as on a file (exit $rc)"; fi
SB_DB=$U run sb-day --project "$P" --board "First Pass" list --as-of "$first"
is "  ... through SB_DB too" "$rc" 0
is "  ... and the database is unchanged" \
    "$(pgq "$U" "SELECT count(*) || ' ' || (SELECT sum(version) FROM placement) FROM audit")" "$before"

done_testing
