# lib.sh - the small TAP harness every command test sources.
#
# A test runs in its own scratch directory with the built commands first
# on PATH.  ok/not_ok print TAP lines; done_testing prints the plan.
set -u
: "${top_builddir:?run through make check}" "${top_srcdir:?run through make check}"
PATH="$top_builddir/bin:$top_builddir/tests/tools:$PATH"
# In a build with shared libraries, bin/CMD is libtool's wrapper script,
# which sets LD_LIBRARY_PATH to lib/.libs and runs bin/.libs/CMD (a bash
# and a sed each time, as much CPU as a small command): the tests do that
# once, here, and run the commands themselves.
if [ -x "$top_builddir/bin/.libs/sb-import" ] && [ -d "$top_builddir/lib/.libs" ] &&
    grep -q '^relink_command=""' "$top_builddir/bin/sb-import" 2>/dev/null; then
	PATH="$top_builddir/bin/.libs:$PATH"
	LD_LIBRARY_PATH="$top_builddir/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
fi
export PATH
fixtures="$top_srcdir/tests/fixtures"
expected="$top_srcdir/tests/cli/expected"
full="$fixtures/uss/wonderful-life-full.uss"
small="$fixtures/uss/wonderful-life-small.uss"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sbtest.XXXXXX") || exit 99
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 99
unset SB_DB
n=0
failed=0
# the actor the trail records for the test's commands: the login on a
# file, the database role on a server (pg-suite.sh)
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	for f in out err; do
		[ -s "$f" ] && head -n 20 "$f" | sed "s/^/# $f: /"
	done
	return 0
}

# run CMD...: run a command, stdout to ./out, stderr to ./err, status in $rc
run() { "$@" >out 2>err; rc=$?; }

# expect_status N DESCRIPTION CMD...: the command exits with N
expect_status() {
	want=$1 desc=$2; shift 2
	run "$@"
	if [ "$rc" -eq "$want" ]; then ok "$desc"; else not_ok "$desc (exit $rc, want $want)"; fi
}

# check DESCRIPTION CMD...: the command succeeds
check() {
	desc=$1; shift
	if "$@" >check.out 2>&1; then ok "$desc"; else
		not_ok "$desc"; sed 's/^/# /' check.out | head -n 20
	fi
}

# err_has TEXT: stderr of the last run contains TEXT
err_has() { grep -F -q -- "$1" err; }
out_has() { grep -F -q -- "$1" out; }

# same_file A B: byte-identical
same_file() { cmp -s "$1" "$2"; }

# sql DB QUERY: one value from the database (read-only)
sql() { "${SQLITE3:-sqlite3}" -readonly -batch -noheader -cmd ".timeout 10000" "$1" "$2"; }

# snapshot DB: a fingerprint of the database: the file, and the frames of
# its write-ahead log and journal if any (an empty log, left by a read-only
# reader, holds nothing)
snapshot() {
	for f in "$1" "$1-wal" "$1-journal"; do
		if [ -s "$f" ]; then cksum < "$f"; else echo "no $f"; fi
	done
}

# db_copy FROM TO: TO a copy of the database FROM, as it is (cp of a file,
# or sqlite3's .backup when its write-ahead log holds frames; on a server,
# pg-suite.sh's: CREATE DATABASE ... TEMPLATE)
db_copy() {
	rm -f "$2" "$2-wal" "$2-shm" "$2-journal"
	if [ -s "$1-wal" ]; then
		"${SQLITE3:-sqlite3}" "$1" ".backup '$2'" || exit 99
	else
		cp "$1" "$2" || exit 99
	fi
}

# bench_db SIZE DB: DB a production of SIZE strips, sb-bench's (its synth
# scenario, the file kept in bench.SIZE/ and copied to DB; on a server,
# pg-suite.sh's: imported there by sb-bench --server); sb-bench's report
# on stdout, its progress on stderr.  Fails when sb-bench does.
bench_db() {
	rm -rf "bench.$1" && mkdir "bench.$1" || exit 99
	sb-bench --sizes "$1" --scenarios synth --keep --dir "bench.$1" --format ndjson -q ||
	    return 1
	db_copy "bench.$1/$1/bench.db" "$2"
}

# db_exec DB SQL: SQL that changes the database DB, as someone with the
# file (sqlite3) or the server's owner role (psql, in pg-suite.sh) can;
# written in what both engines take.  Fails when the SQL does.
db_exec() { "${SQLITE3:-sqlite3}" -batch -bail "$1" "$2" >/dev/null; }

# on_file DESCRIPTION: true on files; on a server a TAP skip of the check
# that follows, which is about the file itself (its bytes, header, PRAGMAs,
# journal): `on_file "what" && check ...`
on_file() {
	[ "${SB_TEST_ENGINE:-}" != pg ] && return 0
	n=$((n + 1)); echo "ok $n - $1 # SKIP a fact of a file, not of a server"
	return 1
}

# needs CMD...: the test needs each command on PATH (sb-bench runs the
# sqlite3 shell it finds there); when one is missing, the whole test is a
# visible TAP skip that says what it needs and what is missing:
# "1..0 # SKIP needs python3 and sqlite3 (no sqlite3)"
needs() {
	nd_no=
	for nd_c in "$@"; do
		command -v "$nd_c" >/dev/null 2>&1 || nd_no="$nd_no${nd_no:+, }$nd_c"
	done
	[ -z "$nd_no" ] && return 0
	echo "1..0 # SKIP needs $(echo "$*" | sed 's/ / and /g') (no $nd_no)"
	exit 0
}

# rows_compare KIND OUT BASELINE: a command's output (KIND: csv, json,
# ndjson, log, ics, board-html) parsed into rows is the baseline's CSV,
# field by field (tests/tools/rows_compare.py; fails naming the first
# difference)
rows_compare() { python3 "$top_srcdir/tests/tools/rows_compare.py" "$@"; }

# on_server DESCRIPTION: true on a server (SB_TEST_ENGINE=pg); on a file a
# TAP skip of the check that follows, which is about the server itself
# (its statistics, what it sends): `on_server "what" && check ...`
on_server() {
	[ "${SB_TEST_ENGINE:-}" = pg ] && return 0
	n=$((n + 1)); echo "ok $n - $1 # SKIP a fact of a server, not of a file"
	return 1
}

# is DESCRIPTION GOT WANT: two values are the same
is() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1"; echo "#   got: $2"; echo "#  want: $3"
	fi
}

# q QUERY: one value from the database $db
q() { sql "$db" "$1"; }

# ids_after A B: the ids of the trail's rows after A up to B in $db, in
# order (on a server an id may be skipped: a refused change took it)
ids_after() { q "SELECT id FROM audit WHERE id > $1 AND id <= $2 ORDER BY id"; }

# bone EXPR: the strips of the boneyard of the board Script Order in $db,
# in order, as EXPR (s is the strip)
bone() {
	q "SELECT group_concat(v, ',') FROM (SELECT $1 AS v FROM placement p
	    JOIN strip s ON s.id = p.strip_id JOIN day d ON d.id = p.day_id
	    JOIN lane l ON l.id = d.lane_id JOIN board b ON b.id = p.board_id
	    WHERE b.name = 'Script Order' AND l.kind = 'boneyard' ORDER BY d.pos, p.pos) AS b"
}

# els SCENE CATEGORY: the elements of a category on a scene in $db, by name
els() {
	q "SELECT group_concat(e.name, ';') FROM (SELECT e.name FROM strip s
	    JOIN strip_element se ON se.strip_id = s.id JOIN element e ON e.id = se.element_id
	    JOIN category c ON c.id = e.category_id WHERE s.scene = '$1' AND c.name = '$2'
	    ORDER BY e.name) e"
}

# fuzz_corpus FMT: the inputs of tests/fixtures/fuzz/FMT (what the fuzzer
# found, and edge cases made by hand) are read or refused by sb-import
# (exit 0 or 3), never crash it; and the libFuzzer harness, built with
# fuzz_main.c by make check, runs the format's fixtures, those inputs and
# the fuzzer's minimized corpus tests/fixtures/fuzz/FMT/corpus/ without
# libFuzzer (the harness checks more than sb-import's exit status: see
# tests/fuzz/README)
fuzz_corpus() {
	fz=$1
	for f in "$fixtures/fuzz/$fz"/*; do
		[ -f "$f" ] || continue
		rm -f fuzz.db
		run sb-import --db fuzz.db --project F --from "$fz" "$f"
		case $rc in 0|3) ok "fuzz case $(basename "$f"): exit $rc" ;;
		*) not_ok "fuzz case $(basename "$f"): exit $rc" ;; esac
	done
	rm -f fuzz.db
	if [ "${SB_TEST_ENGINE:-}" = pg ]; then
		# linked to the library, it makes its own databases in memory
		ok "the fuzz harness of $fz # SKIP its databases are SQLite's, in memory: the run on files runs it"
		return 0
	fi
	if [ ! -x "$top_builddir/tests/fuzz/fuzz_$fz" ]; then
		not_ok "the fuzz harness tests/fuzz/fuzz_$fz was built"
		return 0
	fi
	set --
	for f in "$fixtures/$fz"/* "$fixtures/fuzz/$fz"/* "$fixtures/fuzz/$fz/corpus"/*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	expect_status 0 "the fuzz harness runs the fixtures and the corpus" \
	    "$top_builddir/tests/fuzz/fuzz_$fz" "$@"
	if err_has "fuzz_main: ran $# inputs"; then ok "  ... every one of them"
	else not_ok "  ... every one of them"; fi
}

# The chain tests (t0085-t0089).  chain DB: Python's independent
# recomputation of the trail's hash chain (tests/tools/chain_head.py).
# chain_setup: wl.db, the full sample and seven moves of scene 17 on First
# Pass; $last its last audit row.  trail_copy DB: a fresh copy of wl.db.
# trail_edit TRIGGER DB SQL: a copy of wl.db where SQL ran with the trail's
# TRIGGER dropped, the trigger then made again as it was (what someone
# with sqlite3 and the file can do; on a server, pg-suite.sh's: the trigger
# disabled and enabled again, what the tables' owner can do with psql).
chain() { python3 "$top_srcdir/tests/tools/chain_head.py" "$@"; }
chain_setup() {
	sb-import -q --db wl.db "$full" || exit 99
	for d in 3 4 5 6 7 3 4; do
		sb-reorder -q --db wl.db --board "First Pass" move 17 --to "$d" || exit 99
	done
	last=$(sql wl.db "SELECT max(id) FROM audit")
}
trail_copy() { db_copy wl.db "$1"; }
# verify_broken DB DESCRIPTION WHAT TEXT: sb-log --verify of DB fails (exit
# 8), and its message, checked as WHAT, holds TEXT
verify_broken() {
	expect_status 8 "$2" sb-log --db "$1" --verify
	check "$3" err_has "$4"
}
trail_edit() {
	te_trig=$(sql wl.db "SELECT sql FROM sqlite_schema WHERE name = '$1'")
	[ -n "$te_trig" ] || exit 99
	trail_copy "$2"
	sqlite3 "$2" "DROP TRIGGER $1; $3; $te_trig;" || exit 99
}

# The revert tests (t0096-t0099, t0182), on the database $db.
# last_audit: its last audit row.  audit_after ID: the ids of every audit
# row after ID, oldest first.
# revert_exports NAME [BOARD]: what a revert must give back byte for
# byte, versions aside: NAME.csv (the board's CSV, else the project's,
# its version column cut), NAME.json (versions taken out) and NAME.uss.
# same_exports BEFORE AFTER EXT...: each BEFORE.EXT is AFTER.EXT, cmp.
# writes_nothing STATUS DESCRIPTION CMD...: the command exits STATUS (a
# refusal, a --dry-run) and the database is byte for byte as it was
# (its snapshot, and cmp against a copy taken before).
# revert_setup DB [FILE]: DB imported from FILE (the full sample), the
# database of every command after ($SB_DB) and of q and writes_nothing ($db).
revert_setup() {
	sb-import -q --db "$1" "${2:-$full}" || exit 99
	SB_DB=$1 db=$1
	export SB_DB
}
last_audit() { q "SELECT max(id) FROM audit"; }
# the calendars of $db that no board has
orphan_calendars() {
	q "SELECT count(*) FROM calendar WHERE id NOT IN (SELECT calendar_id FROM board
	    WHERE calendar_id IS NOT NULL)"
}
# (read, not counted: on a server an id may be skipped, a refused change took it)
audit_after() { q "SELECT id FROM audit WHERE id > $1 ORDER BY id"; }
revert_exports() {
	if [ $# -gt 1 ]; then
		sb-export --board "$2" --format csv
	else
		sb-export --format csv
	fi | cut -d, -f1-5,7- > "$1.csv"
	sb-export --format json | sed 's/"version":[0-9]*//g' > "$1.json"
	sb-export --format uss > "$1.uss"
}
same_exports() {
	se_b=$1 se_a=$2; shift 2
	for se_f in "$@"; do
		check "$se_a.$se_f is $se_b.$se_f, byte for byte" cmp "$se_b.$se_f" "$se_a.$se_f"
	done
}
writes_nothing() {
	wn_want=$1 wn_what=$2; shift 2
	rm -f wn-pre.db; cp "$db" wn-pre.db || exit 99
	wn_before=$(snapshot "$db")
	expect_status "$wn_want" "$wn_what" "$@"
	is "$wn_what: the database is unchanged" "$(snapshot "$db")" "$wn_before"
	on_file "$wn_what: byte for byte (cmp)" &&
	    check "$wn_what: byte for byte (cmp)" cmp "$db" wn-pre.db
}

done_testing() { echo "1..$n"; [ "$failed" -eq 0 ]; }

# on_sqlite DESCRIPTION: true on files; on a server (SB_TEST_ENGINE=pg) a
# TAP skip of the check that follows, which reads the database with SQL
# only SQLite has (json_each(), BLOB...): `on_sqlite "what" && check ...`
on_sqlite() {
	[ "${SB_TEST_ENGINE:-}" != pg ] && return 0
	n=$((n + 1)); echo "ok $n - $1 # SKIP its SQL is SQLite's"
	return 1
}

# SB_TEST_ENGINE=pg: the same test on a PostgreSQL server of its own, every
# --db FILE a database there (tests/cli/pg-suite.sh; t0075 runs them so)
if [ "${SB_TEST_ENGINE:-}" = pg ]; then
	. "$top_srcdir/tests/cli/pg-suite.sh"
fi
