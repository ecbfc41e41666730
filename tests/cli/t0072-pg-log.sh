#!/bin/sh
# t0072-pg-log.sh - sb-log on a PostgreSQL server (issue 12): the same trail
# as on a file, through every filter and format; --follow by LISTEN/NOTIFY:
# a second client's commit (stripboard's or any other's) is seen at once,
# with nothing asked of the server while waiting; the follower's latency
# is measured and printed; a lost connection ends it with a message.
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/pg.sh"
pg_start

U=$(pg_db trail) || { echo "Bail out! createdb"; exit 1; }
B="First Pass"
sb-import -q --db wl.db "$full"
sb-import -q --db "$U" "$full"
for d in "$PWD/wl.db" "$U"; do
	sb-reorder -q --db "$d" --board "$B" move 17 --to 3
	sb-reorder -q --db "$d" --board "$B" move 40 --after 17
	sb-reorder -q --db "$d" --board "$B" sort --day 4 --by location,set
	sb-day -q --db "$d" --board "$B" calendar --holiday 2022-09-05
	sb-day -q --db "$d" --board "$B" add --after 3 --count 2
	sb-day -q --db "$d" --board "$B" drop 4 --to next
	sb-day -q --db "$d" --board "$B" move 6 --first
done

# what differs by nature: audit ids, when, who, the command line
norm() {
	sed -e 's/^{"id":[0-9]*,/{"id":N,/' -e 's/"at":"[^"]*"/"at":T/g' \
	    -e 's/"actor":"[^"]*"/"actor":A/g' \
	    -e 's/"command":"\([^"\\]\|\\.\)*"/"command":C/g' \
	    -e 's/"uid":\[null,"[0-9a-f]\{24\}"\]/"uid":[null,U]/g'
}

# --- the same trail through each filter -------------------------------------
me=$(id -un)
# same_log ARGS...: sb-log ARGS on the server gives the file's trail
same_log() {
	sb-log --db wl.db --format ndjson "$@" >lite.raw 2>lite.err; lrc=$?
	run sb-log --db "$U" --format ndjson "$@"
	norm <lite.raw >lite.out
	norm <out >pg.out
	if [ "$rc" -eq "$lrc" ] && same_file pg.out lite.out && { [ -s out ] || [ "$rc" -ne 0 ]; }; then
		ok "sb-log ${*:-(all)}: the file's trail ($(wc -l <out) rows, exit $rc)"
	else
		not_ok "sb-log ${*:-(all)}: the file's trail (exit $rc, file $lrc)"
		diff pg.out lite.out | head -n 6 | sed 's/^/# /'
	fi
}
same_log
same_log --board "$B"
same_log --strip 17
same_log --strip 40
same_log --board "$B" --day 3
same_log --board "$B" --day 7
same_log --limit 5
same_log --reverse --limit 7
same_log --since 30
same_log --since 2000-01-01
same_log --project "It's A Wonderful Life"
sb-log --db wl.db --user "$me" --format ndjson | norm >lite.out
run sb-log --db "$U" --user sb --format ndjson
norm <out >pg.out
if same_file pg.out lite.out && [ -s out ]; then ok "  ... --user: the database role on a server, the login on a file"
else not_ok "  ... --user: the database role on a server, the login on a file"; fi
is "  ... the trail's actor is the role" "$(sed -n 's/.*"actor":"\([^"]*\)".*/\1/p' out | sort -u)" sb
sb-log --db wl.db --board "$B" --format csv | awk -F, '{ print $NF }' >lite.out
run sb-log --db "$U" --board "$B" --format csv
awk -F, '{ print $NF }' out >pg.out
if [ "$rc" -eq 0 ] && same_file pg.out lite.out && [ -s out ]; then
	ok "  ... --format csv: the same rows and summaries"
else not_ok "  ... --format csv: the same rows and summaries (exit $rc)"; fi
# a table: ID, date, time, who, then what happened
sb-log --db wl.db --board "$B" --format table | awk '{ $1 = $2 = $3 = $4 = ""; print }' >lite.out
run sb-log --db "$U" --board "$B" --format table
awk '{ $1 = $2 = $3 = $4 = ""; print }' out >pg.out
if [ "$rc" -eq 0 ] && same_file pg.out lite.out && [ -s out ]; then
	ok "  ... --format table: the same rows and summaries"
else not_ok "  ... --format table: the same rows and summaries (exit $rc)"; diff pg.out lite.out | head -5 | sed 's/^/# /'; fi
expect_status 4 "a strip that never was: exit 4, as on a file" sb-log --db "$U" --strip 9999
expect_status 4 "a board that is not there: exit 4" sb-log --db "$U" --board "No Such"
is "sb-log opened the server read-only (no trail row of its own)" \
    "$(pgq "$U" "SELECT count(*) FROM audit WHERE command LIKE 'sb-log%'")" 0

# --- --follow: LISTEN/NOTIFY ------------------------------------------------
# seen F N: wait (at most 10 s) until F has N lines; the wait in ms, or "never"
seen() {
	t0=$(date +%s%N) k=0
	while [ "$(wc -l <"$1")" -lt "$2" ]; do
		k=$((k + 1))
		[ $k -gt 2000 ] && { echo never; return; }
		sleep 0.005
	done
	echo $((($(date +%s%N) - t0) / 1000000))
}
# a follower that would look only once a minute if it polled
sb-log --db "$U" -v --follow --interval 60000 --coalesce 0 --format ndjson \
    >follow.out 2>follow.err &
fpid=$!
k=0
while ! grep -q following follow.err && [ $k -lt 1000 ]; do sleep 0.01; k=$((k + 1)); done
grep -q "following postgresql:///trail after audit id" follow.err &&
    ok "sb-log --follow on a server starts, naming the database without its options" ||
    not_ok "sb-log --follow on a server starts, naming the database without its options"
before=$(wc -l <follow.out)
sb-reorder -q --db "$U" --board "$B" move 12 --to 5
nrows=$(pgq "$U" "SELECT count(*) FROM audit WHERE command LIKE '%move 12 --to 5%'")
w=$(seen follow.out $((before + nrows)))
is "a second client's move is seen by the follower (its $nrows rows)" \
    "$(test "$w" != never && echo yes)" yes
tail -n "$nrows" follow.out | norm >pg.out
grep -c '"entity":"placement"' pg.out >/dev/null && ok "  ... as the move's rows" || not_ok "  ... as the move's rows"
# latency: from the writer's exit (its commit is just before) to the row
lat=""
i=1
while [ $i -le 10 ]; do
	before=$(wc -l <follow.out)
	sb-reorder -q --db "$U" --board "$B" move 12 --to $((3 + i % 4))
	w=$(seen follow.out $((before + 1)))
	lat="$lat $w"
	sleep 0.05
	i=$((i + 1))
done
echo "# follower latency after the writer's exit, ms (10 moves; includes this loop's 5 ms polling):$lat"
is "  ... every one of 10 moves seen (with --interval 60000: no polling)" \
    "$(echo "$lat" | grep -c never)" 0
# any client, not only stripboard: the trigger on the trail announces it
before=$(wc -l <follow.out)
pgq "$U" "INSERT INTO audit (at, actor, command, entity, changes) VALUES
    ('2026-01-01T00:00:00.000Z', 'dba', 'psql', 'note', '{\"set\":{}}')" >/dev/null
w=$(seen follow.out $((before + 1)))
is "a row written by another program (psql) is seen too" "$(test "$w" != never && tail -n 1 follow.out | grep -c '"actor":"dba"')" 1
# waiting asks nothing of the server: its backend stays idle, unchanged
pid=$(pgq "$U" "SELECT pid FROM pg_stat_activity WHERE datname = 'trail' AND query LIKE 'SELECT a.id%'")
s1=$(pgq "$U" "SELECT state || ' ' || state_change FROM pg_stat_activity WHERE pid = '$pid'")
sleep 2.2
s2=$(pgq "$U" "SELECT state || ' ' || state_change FROM pg_stat_activity WHERE pid = '$pid'")
is "  ... and while it waits the follower runs no query (2.2 s idle)" \
    "$(test -n "$pid" && test "$s1" = "$s2" && echo "${s1%% *}")" idle
# a lost connection ends the follower with a message, not a spin
pgq "$U" "SELECT pg_terminate_backend($pid)" >/dev/null
k=0
while kill -0 $fpid 2>/dev/null && [ $k -lt 500 ]; do sleep 0.01; k=$((k + 1)); done
if kill -0 $fpid 2>/dev/null; then
	not_ok "a follower whose connection is lost stops"
	kill $fpid
	wait $fpid
else
	wait $fpid
	frc=$?
	is "a follower whose connection is lost stops: exit 1" "$frc" 1
	grep -q 'sb-log: postgresql:///trail' follow.err && ok "  ... saying why" ||
	    { not_ok "  ... saying why"; sed 's/^/# /' follow.err; }
fi
# a stop (TERM) ends a waiting follower at once, exit 0
sb-log --db "$U" --follow --format ndjson >f2.out 2>f2.err &
fpid=$!
sleep 0.5
kill -TERM $fpid
wait $fpid
is "TERM stops a waiting follower: exit 0" "$?" 0

done_testing
