#!/bin/sh
# t0073-pg-concurrency.sh - writers at once on a PostgreSQL server (issue
# 12), as t0008 on a file: N processes move strips of one board with
# --if-version, retrying on conflict (5) and busy (6); no move is lost or
# applied twice, the board stays a valid order, versions and the trail
# agree.  A deadlock with another client is busy (exit 6, saying so,
# nothing written), never a failure; exports during the writes are each one
# consistent snapshot (a reader's BEGIN is repeatable read on a server).
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/pg.sh"
pg_start

workers=${SB_TEST_WORKERS:-4}
moves=${SB_TEST_MOVES:-10}
U=$(pg_db conc) || { echo "Bail out! createdb"; exit 1; }
B="First Pass"
sb-import -q --db "$U" "$full" || exit 99
export SB_BUSY_TIMEOUT=20000
pgq "$U" "SELECT s.uid FROM placement p JOIN strip s ON s.id = p.strip_id JOIN board b ON b.id = p.board_id
    WHERE b.name = '$B' ORDER BY s.id LIMIT 6" >pool
version() {
	pgq "$U" "SELECT p.version FROM placement p JOIN strip s ON s.id = p.strip_id
	    JOIN board b ON b.id = p.board_id WHERE b.name = '$B' AND s.uid = '$1'"
}

worker() {
	w=$1 i=0
	while [ "$i" -lt "$moves" ]; do
		set -- $(awk -v seed=$((w * 100 + i)) 'BEGIN { srand(seed) }
		    { s[NR] = $0 } END { print s[int(rand() * NR) + 1], int(rand() * 61) + 1 }' pool)
		strip=$1 day=$2 tries=0
		while :; do
			sb-reorder --db "$U" --board "$B" move "$strip" --to "$day" \
			    --if-version "$(version "$strip")" >"w$w.out" 2>"w$w.err"
			rc=$?
			case $rc in
			0)	if grep -q "moved 1 strip" "w$w.err"; then echo "$strip" >>"moved.$w"; fi
				break ;;
			5|6)	tries=$((tries + 1))
				echo "$rc" >>"retries.$w"
				[ "$tries" -lt 50 ] || { echo "gave up on $strip" >>errors; break; } ;;
			*)	echo "exit $rc: $(cat "w$w.err")" >>errors; break ;;
			esac
		done
		i=$((i + 1))
	done
}

# exports while the writers run: each one whole board (173 strips, once each)
exporter() {
	while [ ! -f stop ]; do
		sb-export --db "$U" --board "$B" --format csv >exp.csv 2>exp.err ||
		    { echo "export exit $?: $(cat exp.err)" >>errors; continue; }
		n=$(tail -n +2 exp.csv | wc -l)
		d=$(tail -n +2 exp.csv | cut -d, -f5 | sort | uniq -d | wc -l)
		echo "$n $d" >>exports
	done
}

a0=$(pgq "$U" "SELECT count(*) FROM audit WHERE entity = 'placement'")
rm -f stop
exporter &
epid=$!
pids=""
w=1
while [ "$w" -le "$workers" ]; do
	worker "$w" &
	pids="$pids $!"
	w=$((w + 1))
done
for p in $pids; do wait "$p"; done
touch stop
wait $epid
nmoved=$(cat moved.* 2>/dev/null | wc -l)
nretries=$(cat retries.* 2>/dev/null | wc -l)
a1=$(pgq "$U" "SELECT count(*) FROM audit WHERE entity = 'placement'")
echo "# $workers writers, $nmoved moves, $nretries retries on conflict or busy, $(wc -l <exports) exports meanwhile"
check "no writer failed (every refusal a conflict or busy)" test ! -s errors
[ -s errors ] && sed 's/^/# /' errors | head -n 5
is "every move has exactly one placement row in the trail ($nmoved)" "$((a1 - a0))" "$nmoved"
is "the board is a valid order of its 173 strips" \
    "$(pgq "$U" "SELECT count(*) || '|' || count(DISTINCT p.strip_id) FROM placement p JOIN board b ON b.id = p.board_id WHERE b.name = '$B'")" "173|173"
is "each placement's version is one more than its trail rows" \
    "$(pgq "$U" "SELECT count(*) FROM placement p WHERE p.version <> 1 + (SELECT count(*) FROM audit a WHERE a.entity = 'placement' AND a.entity_id = p.id)")" 0
is "each trail row starts where the one before it ended" \
    "$(pgq "$U" "SELECT count(*) FROM (SELECT version_before, CAST(changes AS json)->'set'->'day_id'->>0 AS d0,
        CAST(changes AS json)->'set'->'pos'->>0 AS p0,
        lag(version_after) OVER w AS v, lag(CAST(changes AS json)->'set'->'day_id'->>1) OVER w AS d1,
        lag(CAST(changes AS json)->'set'->'pos'->>1) OVER w AS p1
        FROM audit WHERE entity = 'placement' WINDOW w AS (PARTITION BY entity_id ORDER BY id)) t
        WHERE v IS NOT NULL AND (version_before <> v OR d0 <> d1 OR p0 <> p1)")" 0
is "every export meanwhile was one whole board (173 strips, none twice)" \
    "$(sort -u exports | tr '\n' ' ')" "173 0 "

# --- a deadlock with another client: busy, never a failure -----------------
# psql locks the placement sb-reorder will write, then waits for the writer
# lock sb-reorder holds: the server ends one of the two transactions.
pid=$(pgq "$U" "SELECT p.id FROM placement p JOIN strip s ON s.id = p.strip_id JOIN board b ON b.id = p.board_id WHERE b.name = '$B' AND s.scene = '17'")
before=$(pgq "$U" 'SELECT count(*) FROM audit')
psql -X -q -v ON_ERROR_STOP=1 "$U" >psql.out 2>psql.err <<EOF &
BEGIN;
SELECT 1 FROM placement WHERE id = $pid FOR UPDATE;
SELECT pg_sleep(0.6);
SELECT pg_advisory_xact_lock(1396855364);
COMMIT;
EOF
ppid=$!
sleep 0.2
run sb-reorder --db "$U" --board "$B" move 17 --to 9
wait $ppid
prc=$?
after=$(pgq "$U" 'SELECT count(*) FROM audit')
echo "# deadlock: sb-reorder exit $rc, psql exit $prc ($(head -c 160 err))"
case $rc in
6)	ok "a deadlock with another client: sb-reorder is busy (exit 6), not failed"
	err_has "deadlock" && err_has "nothing was written, run it again" &&
	    ok "  ... saying so" || not_ok "  ... saying so"
	is "  ... and wrote nothing" "$after" "$before"
	expect_status 0 "  ... run again, it succeeds" sb-reorder --db "$U" --board "$B" move 17 --to 9 ;;
0)	ok "a deadlock with another client: the other client was ended, sb-reorder succeeded"
	grep -q 'deadlock detected' psql.err && ok "  ... the server saw a deadlock" ||
	    not_ok "  ... the server saw a deadlock" ;;
*)	not_ok "a deadlock with another client: exit 0 or 6 (exit $rc)" ;;
esac

done_testing
