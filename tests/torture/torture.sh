#!/bin/sh
# torture.sh - concurrent writers and a SIGKILL loop against one database.
#
#   sh tests/torture/torture.sh [-n WRITERS] [-m MOVES] [-k KILLS] [-d MS] [-s SEED]
#                               [-S URI]
#
# Part 1: WRITERS processes (default 8) each make MOVES moves (default 100)
# of a few shared strips with sb-reorder move --if-version V, V read from
# sb-export --format ndjson, retrying on exit 5 (conflict) and 6 (busy).
# Then: every successful move is exactly one placement audit row, every
# placement's version is 1 + its placement audit rows, and each strip's
# day is the target of its last successful move (the one made at the
# highest version).
#
# Part 2: until KILLS commands (default 500) have died by SIGKILL, start a
# writing command (sb-reorder
# move/batch/sort, sb-day add/drop/move/split/join/calendar, sb-import
# --replace) and kill -9 it after a random 0..MS ms (default 60: a command
# takes 20-300 ms, so kills land before, during and after its commit; a
# command that finishes first counts as a run, not a kill); after each, PRAGMA
# integrity_check is ok, foreign_key_check is empty, and the trail
# invariant holds: each placement's version is 1 + the audit rows whose
# entity is 'placement' for it, and the last such row of each placement
# ends on the placement's day; every 25 commands, and after each part,
# sb-log --verify recomputes the trail's hash chain and must exit 0.
#
# -S URI: the same on a PostgreSQL server instead of two files: URI
# (postgresql://...) is a database of the server to connect to as a role
# that may CREATE DATABASE; the script makes its two databases there
# (torture_w_PID and torture_k_PID, empty: the first import migrates
# them), reads them with psql, and drops them at the end (unless
# TORTURE_KEEP).  The file's integrity_check is then amcheck's
# verify_heapam() of each table and bt_index_check() of each index (when
# the role may CREATE EXTENSION amcheck; else said once, and skipped);
# foreign keys a server enforces itself, on every statement.
#
# Run by `make torture` (needs top_builddir and top_srcdir, and SQLITE3;
# psql with -S).  Exit 0 if every check held, 1 otherwise.
set -u
writers=8 moves=100 kills=500 maxms=60 seed=$$ server=
while getopts n:m:k:d:s:S: o; do
	case $o in
	n) writers=$OPTARG ;; m) moves=$OPTARG ;; k) kills=$OPTARG ;; d) maxms=$OPTARG ;; s) seed=$OPTARG ;;
	S) server=$OPTARG ;;
	*) echo "usage: torture.sh [-n WRITERS] [-m MOVES] [-k KILLS] [-d MS] [-s SEED] [-S URI]" >&2
	   exit 2 ;;
	esac
done
case $server in
''|postgresql://*|postgres://*) ;;
*) echo "torture.sh: -S $server: not a postgresql:// URI" >&2; exit 2 ;;
esac
: "${top_builddir:?run through make torture}" "${top_srcdir:?run through make torture}"
SQLITE3=${SQLITE3:-sqlite3}
PATH="$top_builddir/bin:$PATH"
export PATH
full="$top_srcdir/tests/fixtures/uss/wonderful-life-full.uss"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sbtorture.XXXXXX") || exit 99
cd "$tmp" || exit 99
unset SB_DB
board="First Pass"
failed=0
t0=$(date +%s)

fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
if [ -z "$server" ]; then
	W=w.db K=k.db
	[ -n "${TORTURE_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
	sql() { "$SQLITE3" -batch -noheader -cmd ".timeout 10000" "$1" "$2"; }
else
	command -v psql >/dev/null 2>&1 || { echo "torture.sh: -S needs psql" >&2; exit 99; }
	# the server's database NAME: URI with its path replaced
	pg_uri() { printf '%s\n' "$server" | sed "s|^\(postgres[a-z]*://[^/?]*\)/\{0,1\}[^?]*|\1/$1|"; }
	sql() { psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 "$1" -c "$2"; }
	W=$(pg_uri "torture_w_$$") K=$(pg_uri "torture_k_$$")
	sql "$server" "CREATE DATABASE torture_w_$$" >/dev/null || exit 99
	sql "$server" "CREATE DATABASE torture_k_$$" >/dev/null || exit 99
	if [ -z "${TORTURE_KEEP:-}" ]; then
		trap 'cd / && rm -rf "$tmp"; sql "$server" "DROP DATABASE IF EXISTS torture_w_$$ WITH (FORCE)" >/dev/null
		    sql "$server" "DROP DATABASE IF EXISTS torture_k_$$ WITH (FORCE)" >/dev/null' EXIT
	fi
	trap 'exit 130' INT TERM
	# amcheck (contrib, in Debian's postgresql) in each: the integrity check
	amcheck=1
	for db in "$W" "$K"; do
		sql "$db" "CREATE EXTENSION IF NOT EXISTS amcheck" >amcheck.err 2>&1 || amcheck=
	done
	echo "server: the databases torture_w_$$ and torture_k_$$$( [ -n "$amcheck" ] ||
	    echo "; no amcheck ($(head -n 1 amcheck.err)): tables and indexes not checked")"
fi
# rnd LIMIT: a number in 0..LIMIT-1 from the seeded stream.  Its place in
# the stream is kept in a file, not a variable: rnd is called in $(...), a
# subshell, which would lose the increment (every call then gave the same
# number, and the kill loop ran one command, the same, over and over).
echo 0 > rnd.i
rnd() {
	read -r rnd_i < rnd.i; rnd_i=$((rnd_i + 1)); echo "$rnd_i" > rnd.i
	awk -v s="$seed" -v i="$rnd_i" -v n="$1" 'BEGIN { srand(s * 7919 + i); print int(rand() * n) }'
}

# the trail invariant on DB; prints what is wrong.  The trail of a
# placement starts after the last import of its project: sb-import
# --replace makes new placements, which may reuse the ids of the old ones.
since="(SELECT max(i.id) FROM audit i WHERE i.entity = 'project' AND i.project_id = b.project_id
    AND json_extract(i.changes, '\$.import') IS NOT NULL)"
# (SQL both engines take: a server's json_extract() gives text, so the day
# is cast; a query that fails is a finding, never an empty answer)
trail() {
	sql "$1" "SELECT 'placement ' || p.id || ' at version ' || p.version || ' has ' || count(a.id) || ' audit rows'
	    FROM placement p JOIN board b ON b.id = p.board_id
	    LEFT JOIN audit a ON a.entity = 'placement' AND a.entity_id = p.id AND a.id > $since
	    GROUP BY p.id HAVING p.version <> 1 + count(a.id)" || echo "trail: the query of versions failed"
	sql "$1" "SELECT 'placement ' || p.id || ' is on day ' || p.day_id || ' but its last audit row ends on day '
	        || json_extract(a.changes, '\$.set.day_id[1]')
	    FROM placement p JOIN board b ON b.id = p.board_id
	    JOIN audit a ON a.id = (SELECT max(id) FROM audit c
	        WHERE c.entity = 'placement' AND c.entity_id = p.id AND c.id > $since)
	    WHERE json_extract(a.changes, '\$.set.day_id') IS NOT NULL
	      AND CAST(json_extract(a.changes, '\$.set.day_id[1]') AS integer) <> p.day_id" ||
	    echo "trail: the query of days failed"
}
integrity() {
	if [ -n "$server" ]; then
		[ -n "$amcheck" ] || return 0
		# every table's heap (its rows, TOAST) and every B-tree index
		# of the schema, as amcheck reads them: a message a fault
		r=$(sql "$1" "SELECT c.relname || ': ' || v.msg FROM pg_class c
		    CROSS JOIN LATERAL verify_heapam(c.oid) v
		    WHERE c.relnamespace = CAST(current_schema() AS regnamespace) AND c.relkind = 'r'" 2>&1) ||
		    r="verify_heapam failed: $r"
		[ -z "$r" ] || echo "amcheck: $r"
		r=$(sql "$1" "SELECT bt_index_check(c.oid, true) FROM pg_class c
		    JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' AND c.relkind = 'i'
		    AND c.relnamespace = CAST(current_schema() AS regnamespace)" 2>&1) ||
		    echo "amcheck: bt_index_check: $r"
		return 0
	fi
	r=$(sql "$1" "PRAGMA integrity_check") || r="sqlite3 failed"
	[ "$r" = ok ] || echo "integrity_check: $r"
	r=$(sql "$1" "PRAGMA foreign_key_check") || r="sqlite3 failed"
	[ -z "$r" ] || echo "foreign_key_check: $r"
}

# verify DB WHAT: the audit trail's hash chain holds (sb-log --verify exits 0)
verify() {
	if sb-log --db "$1" --verify > verify.out 2> verify.err; then
		echo "$2: sb-log --verify: head $(cut -c1-16 verify.out | head -n 1)..."
	else
		fail "$2: sb-log --verify exit $?: $(head -n 3 verify.err)"
	fi
}

# ---- part 1: concurrent writers --------------------------------------------
sb-import -q --db "$W" "$full" || exit 99
export SB_BUSY_TIMEOUT=10000
sql "$W" "SELECT s.uid FROM placement p JOIN strip s ON s.id = p.strip_id JOIN board b ON b.id = p.board_id
    WHERE b.name = '$board' ORDER BY s.id LIMIT $writers" > pool
a0=$(sql "$W" "SELECT count(*) FROM audit WHERE entity = 'placement'")

writer() {
	w=$1 i=0
	: > "ok.$w"
	while [ "$i" -lt "$moves" ]; do
		set -- $(awk -v s=$((seed * 1000003 + w * 10007 + i)) 'BEGIN { srand(s) }
		    { u[NR] = $0 } END { print u[int(rand() * NR) + 1], int(rand() * 61) + 1 }' pool)
		strip=$1 day=$2 tries=0
		while :; do
			set -- $(sb-export --db "$W" --board "$board" --format ndjson |
			    grep -F "\"strip_id\":\"$strip\"" |
			    sed 's/.*"day":\([0-9a-z"]*\),.*"version":\([0-9]*\),.*/\1 \2/')
			cur=${1:-x} v=${2:-x}
			[ "$cur" = "$day" ] && day=$((day % 61 + 1))
			sb-reorder --db "$W" --board "$board" move "$strip" --to "$day" --if-version "$v" \
			    > "w$w.out" 2> "w$w.err"
			rc=$?
			case $rc in
			0)	if grep -q "moved 1 strip" "w$w.err"; then echo "$strip $v $day" >> "ok.$w"
				else echo "writer $w: $strip to $day at $v: exit 0 without a move" >> errors; fi
				break ;;
			5|6)	tries=$((tries + 1)); echo "$rc" >> "retry.$w"
				[ "$tries" -lt 200 ] || { echo "writer $w: gave up on $strip" >> errors; break; } ;;
			*)	echo "writer $w: exit $rc: $(cat "w$w.err")" >> errors; break ;;
			esac
		done
		i=$((i + 1))
	done
}

w=1
while [ "$w" -le "$writers" ]; do writer "$w" & w=$((w + 1)); done
wait
t1=$(date +%s)
nok=$(cat ok.* | wc -l)
n5=$(cat retry.* 2>/dev/null | grep -c '^5$')
n6=$(cat retry.* 2>/dev/null | grep -c '^6$')
a1=$(sql "$W" "SELECT count(*) FROM audit WHERE entity = 'placement'")
[ -s errors ] && { fail "writers:"; sed 's/^/  /' errors; }
[ "$((a1 - a0))" = "$nok" ] || fail "$nok successful moves but $((a1 - a0)) audit rows"
[ "$nok" = "$((writers * moves))" ] || fail "$nok successful moves, want $((writers * moves))"
bad=$(trail "$W"; integrity "$W")
[ -z "$bad" ] || { fail "writers: trail or integrity:"; echo "$bad" | head -20; }
# each strip's day is the target of its successful move at the highest version
sb-export --db "$W" --board "$board" --format ndjson |
    sed 's/.*"day":\([0-9a-z"]*\),.*"strip_id":"\([^"]*\)","version":\([0-9]*\),.*/\2 \1 \3/' > final
lost=$(cat ok.* | sort -k1,1 -k2,2n | awk '{ last[$1] = $3; n[$1]++; v[$1] = $2 }
    END { for (s in last) print s, last[s], v[s] + 1 }' |
    awk 'NR == FNR { want[$1] = $2 " " $3; next } ($1 in want) && want[$1] != $2 " " $3 {
        print $1 ": day " $2 " version " $3 ", want day/version " want[$1] }' - final)
[ -z "$lost" ] || { fail "lost updates:"; echo "$lost" | head -20; }
verify "$W" writers
echo "writers: $writers x $moves moves: $nok committed, $((a1 - a0)) audit rows, $n5 conflicts and $n6 busy retried, $((t1 - t0)) s"

# ---- part 2: SIGKILL loop ---------------------------------------------------
sb-import -q --db "$K" "$full" || exit 99
sql "$K" "SELECT s.uid FROM placement p JOIN strip s ON s.id = p.strip_id JOIN board b ON b.id = p.board_id
    WHERE b.name = '$board' ORDER BY s.id" > strips
nstrips=$(wc -l < strips)
strip() { sed -n "$(( $(rnd "$nstrips") + 1 ))p" strips; }
ndays() { sql "$K" "SELECT count(*) FROM day d JOIN board b ON b.id = d.board_id WHERE b.name = '$board' AND d.kind = 'shoot'"; }
# a strip on day N, for split
on_day() {
	sb-export --db "$K" --board "$board" --format ndjson | grep "\"day\":$1," | sed -n 2p |
	    sed 's/.*"strip_id":"\([^"]*\)".*/\1/'
}

k=0 killed=0 finished=0 other=0
while [ "$killed" -lt "$kills" ] && [ "$k" -lt $((kills * 10)) ]; do
	k=$((k + 1))
	nd=$(ndays); [ "$nd" -ge 2 ] || nd=2
	d1=$(( $(rnd "$nd") + 1 )) d2=$(( $(rnd "$nd") + 1 ))
	case $(rnd 12) in
	0)	set -- sb-reorder move "$(strip)" --to "$d1" ;;
	1)	{ echo "strip_id,day"; for j in 1 2 3 4 5; do echo "$(strip),$(( $(rnd "$nd") + 1 ))"; done; } > batch.csv
		set -- sb-reorder batch batch.csv ;;
	2)	set -- sb-reorder sort --days "1-$nd" --by set,-pages ;;
	3)	set -- sb-day add --after "$d1" --count 2 ;;
	4)	set -- sb-day drop "$d1" --to next ;;
	5)	set -- sb-day move "$d1" --after "$d2" ;;
	6)	s=$(on_day "$d1"); set -- sb-day split "$d1" --at "${s:-none}" ;;
	7)	set -- sb-day join "$d1" ;;
	8)	set -- sb-day calendar --holiday "2022-0$(( $(rnd 3) + 8 ))-1$(rnd 10)" ;;
	9)	set -- sb-reorder move "$(strip)" "$(strip)" --boneyard ;;
	10)	set -- sb-reorder move "$(strip)" --to "$d1" --first ;;
	11)	set -- sb-import --replace "$full" ;;
	esac
	cmd=$1; shift
	echo "$cmd $1" >> mix
	ms=$(rnd $((maxms + 1)))
	[ "$cmd" = sb-import ] || set -- --board "$board" "$@"
	# --foreground --preserve-status: timeout kills the command and exits as
	# it did, 137 after SIGKILL (without --foreground timeout kills its
	# whole group, itself too, and sh says "Killed" each time)
	timeout --foreground --preserve-status -s KILL "$(printf %d.%03d $((ms / 1000)) $((ms % 1000)))" \
	    "$cmd" --db "$K" -q "$@" > k.out 2> k.err
	rc=$?
	refusal=
	case $rc in 137) killed=$((killed + 1)) ;; 0) finished=$((finished + 1)) ;; *) other=$((other + 1))
		echo "$rc" >> refused
		[ "$other" -le 3 ] && echo "  (refused, exit $rc: $cmd $*: $(head -n 1 k.err))"
		# a random day or strip may be refused as usage (2), bad input (3)
		# or not found (4); anything else (a failure, permission denied,
		# tampering, a crash) is a finding
		case $rc in 2|3|4) ;; *) refusal="exit $rc: $(head -n 3 k.err)" ;; esac ;;
	esac
	bad=$(integrity "$K"; trail "$K")
	[ -z "$refusal" ] || bad="$bad${bad:+
}$refusal"
	# the hash chain, every 25 commands (it is read whole) and at the end
	if [ $((k % 25)) -eq 0 ] && ! sb-log --db "$K" --verify -q > /dev/null 2> verify.err; then
		bad="$bad${bad:+
}sb-log --verify: $(head -n 3 verify.err)"
	fi
	if [ -n "$bad" ]; then
		fail "kill $k: $cmd $* (killed after $ms ms, exit $rc):"; echo "$bad" | head -10
		[ -n "${TORTURE_KEEP:-}" ] && echo "kept in $tmp"
		break
	fi
done
verify "$K" kills
t2=$(date +%s)
[ "$killed" -ge "$kills" ] || fail "only $killed of $k commands were killed (try a smaller -d)"
echo "kills: $k commands, $killed killed by SIGKILL, $finished finished first, $other refused (bad day or strip$( [ -s refused ] &&
    sort refused | uniq -c | awk '{ printf "; %d with exit %d", $1, $2 }')), $((t2 - t1)) s"
# the loop must have run the mix of commands it draws from (12 kinds)
kinds=$(sort -u mix | wc -l)
echo "mix: $(sort mix | uniq -c | awk '{ printf "%s%s %s %d", (NR > 1 ? ", " : ""), $2, $3, $1 }')"
[ "$kinds" -ge $(( k < 24 ? k / 3 : 8 )) ] || fail "the kill loop ran only $kinds kinds of command in $k"
echo "seed $seed; $failed failure(s); $((t2 - t0)) s in all"
[ "$failed" -eq 0 ]
