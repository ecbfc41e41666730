#!/bin/sh
# t0089-chain-triggers: every command that writes refuses a file whose
# append-only triggers were removed or altered, or which holds a trigger
# stripboard did not make (exit 8, the file byte-identical), while readers
# still read it and sb-log --verify says the same; triggers made again as
# they were are accepted.  A refusal logged through syslog reaches /dev/log
# with the authpriv facility, one escaped line (captured in a private mount
# namespace when root may make one, else skipped, saying so).  On
# PostgreSQL (when a server can be started): the chain's hashes are those
# Python recomputes from COPY, and a disabled trigger is refused too, as
# is one made inert (a WHEN condition, a column list) or whose function
# was replaced.  Under SB_TEST_ENGINE=pg (t0075) the cases of the file are
# made with the server's SQL (DROP TRIGGER ... ON audit, a WHEN (false))
# and its server is the one of the PostgreSQL part; the syslog and
# stranger parts, about OS users, are skipped there, saying so.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
sb-reorder -q --db wl.db --board "First Pass" move 17 --to 3 || exit 99
# each case's SQL, in the engine's words
if [ "${SB_TEST_ENGINE:-}" = pg ]; then
	refuse="EXECUTE FUNCTION sb_refuse('audit rows are append-only')"
	drop_upd="DROP TRIGGER audit_no_update ON audit"
	drop_del="DROP TRIGGER audit_no_delete ON audit"
	inert="$drop_upd; CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW WHEN (false) $refuse"
	extra="CREATE TRIGGER audit_quiet AFTER INSERT ON audit FOR EACH STATEMENT EXECUTE FUNCTION sb_audit_notify()"
	again="$drop_upd; $drop_del; CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW $refuse; CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW $refuse"
	spaced="$drop_upd; CREATE TRIGGER audit_no_update   BEFORE UPDATE ON audit
	    FOR EACH ROW    $refuse"
else
	upd=$(sql wl.db "SELECT sql FROM sqlite_schema WHERE name = 'audit_no_update'")
	del=$(sql wl.db "SELECT sql FROM sqlite_schema WHERE name = 'audit_no_delete'")
	drop_upd="DROP TRIGGER audit_no_update"
	drop_del="DROP TRIGGER audit_no_delete"
	inert="$drop_upd; CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN 0 BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
	extra="CREATE TRIGGER audit_quiet AFTER INSERT ON audit BEGIN SELECT 1; END;"
	again="$drop_upd; $drop_del; $upd; $del;"
	spaced="$drop_upd; CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN    SELECT RAISE(ABORT, 'audit rows are append-only');   END;"
fi
# made DB SQL: DB a copy of wl.db, changed by SQL
made() { db_copy wl.db "$1"; db_exec "$1" "$2" || exit 99; }

# refused DB WHAT: every writing command refuses DB, leaving it as it was
refused() {
	db=$1 what=$2
	before=$(snapshot "$db")
	for cmd in "sb-reorder --board 1 move 17 --to 5" "sb-day --board 1 add" \
	    "sb-strip set 17 pages=2" "sb-board rename 1 Renamed" \
	    "sb-element rename Cast GEORGE GEORGIE" "sb-log revert 2" \
	    "sb-import --project Other $small" "sb-import --replace $full"; do
		# shellcheck disable=SC2086
		run $cmd --db "$db"
		if [ "$rc" -eq 8 ] && err_has "$what"; then ok "$what: ${cmd%% *} ${cmd#* } refused"
		else not_ok "$what: $cmd refused with exit 8 (exit $rc)"; fi
	done
	is "$what: the database is as it was" "$(snapshot "$db")" "$before"
	expect_status 0 "$what: sb-export still reads it" sb-export --db "$db" --board 1 --format csv
	expect_status 8 "$what: sb-log --verify fails" sb-log --db "$db" --verify
	check "$what: ... saying so" err_has "$what"
}

made noupd.db "$drop_upd"
refused noupd.db "trigger audit_no_update was removed"
made nodel.db "$drop_del"
refused nodel.db "trigger audit_no_delete was removed"
made altered.db "$inert"
refused altered.db "trigger audit_no_update was altered"
made extra.db "$extra"
refused extra.db "a trigger stripboard did not make (audit_quiet)"

made again.db "$again"
expect_status 0 "triggers made again as they were: writes go on" \
    sb-reorder -q --db again.db --board "First Pass" move 17 --to 5
made spaced.db "$spaced"
expect_status 0 "  ... white space aside" sb-reorder -q --db spaced.db --board "First Pass" move 17 --to 5

# --- syslog ---------------------------------------------------------------
cat > listen.py <<'PY'
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o666)
open(sys.argv[2] + ".ready", "w").close()
s.settimeout(20)
with open(sys.argv[2], "wb") as f:
    for _ in range(int(sys.argv[3])):
        f.write(s.recv(65536) + b"\n")
        f.flush()
PY
cat > capture.sh <<'SH'
# in a private mount namespace: /dev a tmpfs of our own with /dev/null and
# friends bound back, /dev/log a datagram socket Python listens on
set -e
here=$(pwd)
mount --make-rprivate /
mkdir -p olddev
mount --bind /dev olddev
mount -t tmpfs none /dev
for f in null zero random urandom; do
	touch "/dev/$f"; mount --bind "olddev/$f" "/dev/$f"
done
python3 listen.py /dev/log "$here/syslog.out" 3 &
i=0; while [ ! -e "$here/syslog.out.ready" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
refusal_log wl.db ana drop-day "day 12 of board 'First Pass'"
refusal_log "a.db" bob move "board 'x
<86>sb-perm: bob : granted'"
# a real refusal: a uid with no rule moves a strip
set +e
setpriv --reuid="$stranger" --regid="$stranger" --clear-groups \
    sb-reorder --db wl.db --board "First Pass" move 17 --to 5 2>refused.err
echo $? > refused.rc
wait
SH
stranger=4291
while getent passwd "$stranger" >/dev/null 2>&1; do stranger=$((stranger + 1)); done
export stranger
if [ "${SB_TEST_ENGINE:-}" = pg ]; then
	ok "# SKIP syslog capture: a stranger is an OS user, on a server the user is the role (t0080-t0084)"
elif [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null && command -v setpriv >/dev/null; then
	chmod 777 . && chmod 666 wl.db wl.db-wal wl.db-shm 2>/dev/null
	check "refusals logged to a /dev/log of the test's own" unshare -m sh capture.sh
	line1=$(sed -n 1p syslog.out)
	case $line1 in
	"<84>"*) ok "  ... with the authpriv facility, warning priority (<84>)" ;;
	*) not_ok "  ... with the authpriv facility (<84>): $line1" ;;
	esac
	case $line1 in
	*" sb-perm["*"]: ana : permission denied : drop-day ; day 12 of board 'First Pass' ; wl.db")
		ok "  ... naming the command, user, action, scope and file" ;;
	*) not_ok "  ... naming the command, user, action, scope and file: $line1" ;;
	esac
	is "  ... a name's newline escaped: one refusal, one line" "$(wc -l < syslog.out | tr -d ' ')" 3
	check "  ... the forged line is inside the escaped one" \
	    grep -q -F "move ; board 'x\\012<86>sb-perm: bob : granted' ; a.db" syslog.out
	is "a stranger's move is refused (exit 7)" "$(cat refused.rc)" 7
	line3=$(sed -n 3p syslog.out)
	case $line3 in
	"<84>"*" sb-reorder["*"]: uid:$stranger : permission denied : move ; day 5 of board \"First Pass\" ; wl.db")
		ok "  ... and logged: authpriv, the command, the user, the action, the scope" ;;
	*) not_ok "  ... and logged: authpriv, the command, the user, the action, the scope: $line3" ;;
	esac
else
	ok "# SKIP syslog capture: needs root, setpriv and a mount namespace (unshare -m); the line's format is tested by check_chain"
fi

if [ "${SB_TEST_ENGINE:-}" = pg ]; then
	ok "# SKIP sb-log --verify as a stranger: an OS user, on a server the user is the role (t0080-t0084)"
elif [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	chmod 777 . && chmod 666 wl.db wl.db-wal wl.db-shm 2>/dev/null
	expect_status 7 "sb-log --verify reads the trail: a stranger may not" \
	    setpriv --reuid="$stranger" --regid="$stranger" --clear-groups sb-log --db wl.db --verify
else
	ok "# SKIP sb-log --verify as a stranger: needs root and setpriv"
fi

# --- PostgreSQL -----------------------------------------------------------
# (under SB_TEST_ENGINE=pg, the server pg-suite.sh started)
[ "${SB_TEST_ENGINE:-}" = pg ] || . "$top_srcdir/tests/cli/pg.sh"
if [ "${SB_TEST_ENGINE:-}" = pg ]; then
	pg_ours=1
elif [ "${SB_TEST_SERVER:-yes}" != no ] && [ -n "$pg_bindir" ] && command -v psql >/dev/null 2>&1 &&
    { [ "$(id -u)" -ne 0 ] || id nobody >/dev/null 2>&1; }; then
	pg_start
	pg_ours=1
fi
if [ -n "${pg_ours:-}" ]; then
	U=$(pg_db chain) || { echo "Bail out! createdb"; exit 1; }
	sb-import -q --db "$U" "$full" && sb-reorder -q --db "$U" --board "First Pass" move 17 --to 3 &&
	    sb-reorder -q --db "$U" --board "First Pass" move 40 --to 4 || not_ok "writes on PostgreSQL"
	expect_status 0 "PostgreSQL: sb-log --verify holds" sb-log --db "$U" --verify
	pghead=$(cat out)
	pgq "$U" "COPY (SELECT id, at, actor, command, project_id, entity, entity_id, version_before, version_after, changes, hash FROM audit ORDER BY id) TO STDOUT" > audit.copy
	is "  ... the head Python recomputes from COPY" "$(chain --copy audit.copy)" \
	    "$(pgq "$U" 'SELECT count(*) FROM audit') $pghead"
	is "  ... ids 1, 2, 3... with no gap" \
	    "$(pgq "$U" 'SELECT min(id) = 1 AND max(id) = count(*) FROM audit')" t
	pgq "$U" "ALTER TABLE audit DISABLE TRIGGER audit_no_update" >/dev/null
	expect_status 8 "  ... a disabled trigger: writes refused" \
	    sb-reorder --db "$U" --board "First Pass" move 17 --to 5
	check "  ... naming it" err_has "trigger audit_no_update was altered"
	pgq "$U" "UPDATE audit SET actor = 'mallory' WHERE id = 2" >/dev/null
	pgq "$U" "ALTER TABLE audit ENABLE TRIGGER audit_no_update" >/dev/null
	expect_status 8 "  ... a row changed meanwhile: sb-log --verify finds it" sb-log --db "$U" --verify
	check "  ... row 2" err_has "broken at id 2: content changed"
	V=$(pg_db other) || { echo "Bail out! createdb"; exit 1; }
	sb-import -q --db "$V" "$full" || not_ok "import on PostgreSQL"
	pgq "$V" "INSERT INTO audit (at, actor, command, entity) VALUES ('2030-01-01T00:00:00.000Z', 'dba', 'psql', 'note')" >/dev/null
	is "  ... a row psql inserts takes the id after the library's" \
	    "$(pgq "$V" "SELECT max(id) FROM audit WHERE actor = 'dba'")" 2
	expect_status 8 "  ... sb-log --verify finds it" sb-log --db "$V" --verify
	check "  ... without a hash" err_has "broken at id 2: the row has no chain hash"
	expect_status 8 "  ... and the next write refuses to chain to it" \
	    sb-reorder --db "$V" --board "First Pass" move 17 --to 5
	pgq "$U" "DROP TRIGGER audit_no_delete_truncate ON audit" >/dev/null
	expect_status 8 "  ... the TRUNCATE trigger dropped: writes refused" \
	    sb-reorder --db "$U" --board "First Pass" move 17 --to 5
	check "  ... naming it" err_has "trigger audit_no_delete_truncate was removed"
	# made inert, or its function replaced: the trail is open as when it
	# is dropped (as WHEN 0 on a file)
	W=$(pg_db inert) || { echo "Bail out! createdb"; exit 1; }
	sb-import -q --db "$W" "$full" || not_ok "import on PostgreSQL"
	refuse="EXECUTE FUNCTION sb_refuse('audit rows are append-only')"
	for t in "WHEN (false)|BEFORE UPDATE ON audit FOR EACH ROW WHEN (false) $refuse" \
	    "UPDATE OF hash|BEFORE UPDATE OF hash ON audit FOR EACH ROW $refuse" \
	    "another argument|BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION sb_refuse('')" \
	    "FOR EACH STATEMENT|BEFORE UPDATE ON audit FOR EACH STATEMENT $refuse"; do
		pgq "$W" "BEGIN; DROP TRIGGER audit_no_update ON audit;
		    CREATE TRIGGER audit_no_update ${t#*|}; COMMIT" >/dev/null
		expect_status 8 "  ... audit_no_update made again with ${t%%|*}: writes refused" \
		    sb-strip --db "$W" set 17 pages=2
		check "  ... as altered" err_has "trigger audit_no_update was altered"
	done
	pgq "$W" "BEGIN; DROP TRIGGER audit_no_update ON audit; CREATE TRIGGER audit_no_update
	    BEFORE UPDATE ON audit FOR EACH ROW $refuse; COMMIT" >/dev/null
	expect_status 0 "  ... made again as it was: writes go on" sb-strip -q --db "$W" set 17 pages=2
	pgq "$W" "CREATE OR REPLACE FUNCTION sb_refuse() RETURNS trigger LANGUAGE plpgsql
	    AS \$\$ BEGIN RETURN NEW; END \$\$" >/dev/null
	expect_status 8 "  ... sb_refuse() replaced by one that lets rows change: writes refused" \
	    sb-strip --db "$W" set 17 pages=3
	check "  ... as a trigger altered" err_has "was altered outside stripboard"
else
	ok "# SKIP PostgreSQL: no server to start (Debian: postgresql)"
fi

done_testing
