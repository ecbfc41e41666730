#!/bin/sh
# Several processes move strips of one board at the same time, retrying on
# conflicts and busy: no move is lost or applied twice, the board stays a
# valid order, versions and audit agree, and replaying the audit trail on
# the first state gives the last one.  A writer kept waiting past the busy
# timeout exits 6 with a clear message.
. "${top_srcdir:-.}/tests/cli/lib.sh"

workers=${SB_TEST_WORKERS:-4}
moves=${SB_TEST_MOVES:-12}
rounds=${SB_TEST_ROUNDS:-2}

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db SB_BUSY_TIMEOUT=10000
# a few strips only, so that writers meet on the same strips
sql wl.db "SELECT s.uid FROM placement p JOIN strip s ON s.id = p.strip_id JOIN board b ON b.id = p.board_id
    WHERE b.name = 'First Pass' ORDER BY s.id LIMIT 6" > pool

worker() {
	w=$1 round=$2 i=0
	while [ "$i" -lt "$moves" ]; do
		set -- $(awk -v seed=$((round * 1000 + w * 100 + i)) 'BEGIN { srand(seed) }
		    { s[NR] = $0 } END { print s[int(rand() * NR) + 1], int(rand() * 61) + 1 }' pool)
		strip=$1 day=$2 tries=0
		while :; do
			v=$(sql wl.db "SELECT p.version FROM placement p JOIN strip s ON s.id = p.strip_id
			    JOIN board b ON b.id = p.board_id WHERE b.name = 'First Pass' AND s.uid = '$strip'")
			sb-reorder --board "First Pass" move "$strip" --to "$day" --if-version "$v" \
			    > "w$w.out" 2> "w$w.err"
			rc=$?
			case $rc in
			0)	if grep -q "moved 1 strip" "w$w.err"; then echo "$strip" >> "moved.$w"; fi
				break ;;
			5|6)	tries=$((tries + 1))
				echo "$rc" >> "retries.$w"
				[ "$tries" -lt 50 ] || { echo "gave up on $strip" >> errors; break; } ;;
			*)	echo "exit $rc: $(cat "w$w.err")" >> errors; break ;;
			esac
		done
		i=$((i + 1))
	done
}

r=1
while [ "$r" -le "$rounds" ]; do
	rm -f moved.* retries.* errors init.db
	sqlite3 wl.db "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	cp wl.db init.db
	a0=$(sql wl.db "SELECT count(*) FROM audit WHERE entity = 'placement'")
	w=1
	while [ "$w" -le "$workers" ]; do
		worker "$w" "$r" &
		w=$((w + 1))
	done
	wait
	nmoved=$(cat moved.* 2>/dev/null | wc -l)
	nretries=$(cat retries.* 2>/dev/null | wc -l)
	a1=$(sql wl.db "SELECT count(*) FROM audit WHERE entity = 'placement'")
	echo "# round $r: $workers workers, $nmoved moves, $nretries retries on conflict or busy"
	check "round $r: no worker failed" test ! -s errors
	[ -s errors ] && sed 's/^/# /' errors
	check "round $r: every move has exactly one audit row ($nmoved)" test "$((a1 - a0))" = "$nmoved"
	check "round $r: the board is a valid order of its 173 strips" \
	    test "$(sql wl.db "SELECT count(*), count(DISTINCT p.strip_id) FROM placement p JOIN board b ON b.id = p.board_id WHERE b.name = 'First Pass'")" = "173|173"
	check "round $r: each placement's version is one more than its audit rows" \
	    test "$(sql wl.db "SELECT count(*) FROM placement p WHERE p.version <> 1 + (SELECT count(*) FROM audit a WHERE a.entity = 'placement' AND a.entity_id = p.id)")" = 0
	check "round $r: each audit row starts where the one before ended" \
	    test "$(sql wl.db "SELECT count(*) FROM audit a JOIN audit b ON b.entity = 'placement' AND b.entity_id = a.entity_id
	        AND b.id = (SELECT max(id) FROM audit c WHERE c.entity = 'placement' AND c.entity_id = a.entity_id AND c.id < a.id)
	        WHERE a.entity = 'placement' AND (a.version_before <> b.version_after
	        OR json_extract(a.changes, '\$.set.day_id[0]') <> json_extract(b.changes, '\$.set.day_id[1]')
	        OR json_extract(a.changes, '\$.set.pos[0]') <> json_extract(b.changes, '\$.set.pos[1]'))")" = 0
	# replay the round's audit rows, in order, on the first state
	sql wl.db "SELECT 'UPDATE placement SET day_id = ' || json_extract(changes, '\$.set.day_id[1]')
	    || ', pos = ' || quote(json_extract(changes, '\$.set.pos[1]')) || ', version = ' || version_after
	    || ' WHERE id = ' || entity_id || ' AND version = ' || version_before || ';'
	    FROM audit WHERE entity = 'placement' AND id > (SELECT id FROM audit WHERE entity = 'placement' ORDER BY id LIMIT 1 OFFSET $((a0 - 1)))
	    OR ($a0 = 0 AND entity = 'placement') ORDER BY id" > replay.sql
	check "round $r: the replay has one statement per move" test "$(wc -l < replay.sql)" = "$nmoved"
	run sqlite3 init.db "PRAGMA foreign_keys = OFF; BEGIN; $(cat replay.sql) SELECT changes() ; COMMIT;"
	check "round $r: the replay applies without a conflict" test "$rc" = 0
	check "round $r: replaying the trail on the first state gives the last" \
	    test "$(sqlite3 init.db "ATTACH 'wl.db' AS f; SELECT count(*) FROM placement p JOIN f.placement q ON q.id = p.id
	        WHERE p.day_id IS NOT q.day_id OR p.pos IS NOT q.pos OR p.version IS NOT q.version")" = 0
	r=$((r + 1))
done

# a writer kept waiting past the busy timeout
mkfifo hold
(echo "BEGIN IMMEDIATE;"; cat hold; echo "COMMIT;") | sqlite3 wl.db &
holder=$!
sleep 1
before=$(snapshot wl.db)
SB_BUSY_TIMEOUT=200 run sb-reorder --board "First Pass" move 17 --to 4
check "a move that waits too long exits 6" test "$rc" = 6
check "with a clear message" err_has "database is busy"
echo > hold
wait "$holder"
check "and changed nothing" test "$(snapshot wl.db)" = "$before"
expect_status 0 "once the other writer is done, the move goes through" sb-reorder --board "First Pass" move 17 --to 4

done_testing
