#!/bin/sh
# t0075-pg-suite.sh - the command tests a second time, on a PostgreSQL
# server (issue 12): each test below runs with SB_TEST_ENGINE=pg, so
# lib.sh starts a server of its own and every --db FILE becomes a server
# database (tests/cli/pg-suite.sh); each must pass there as on files.
# One TAP line a test, with its failures as comments.
#
# The subset: the tests of the commands and subcommands that work on a
# server and that read results through the commands (or lib.sh's sql and
# snapshot, which pg-suite.sh points at the server).  Left out, and why,
# in docs/server.md ("The test suite on a server").
. "${top_srcdir:?}/tests/cli/lib.sh"

tests=${SB_PG_SUITE:-"$(cat "$top_srcdir/tests/cli/pg-suite.list" | sed 's/#.*//')"}
# one server for them all (pg.sh skips the test where there is none)
. "$top_srcdir/tests/cli/pg.sh"
pg_start
pg_sqlite_helpers
pg_template
SB_PG_SHARED=$pg_host SB_PG_TEMPLATE=$pg_template
export SB_PG_SHARED SB_PG_TEMPLATE
# the tests run SB_PG_JOBS at a time (3; each waits on its commands and
# the server more than on the CPU), and are reported in the list's order
printf '%s\n' $tests | xargs -P "${SB_PG_JOBS:-3}" -I{} sh -c '
	start=$(date +%s)
	SB_TEST_ENGINE=pg sh "$top_srcdir/tests/cli/$1" >"$1.log" 2>&1
	echo "$? $(($(date +%s) - start))" >"$1.rc"' sh {}
for t in $tests; do
	read -r trc took <"$t.rc" || { trc=99; took=0; }
	nok=$(grep -c '^ok ' "$t.log")
	nfail=$(grep -c '^not ok ' "$t.log")
	if [ "$trc" -eq 0 ] && [ "$nfail" -eq 0 ] && [ "$nok" -gt 0 ]; then
		ok "$t on PostgreSQL: $nok passed (${took} s)"
	elif grep -q '^1\.\.0 # SKIP' "$t.log"; then
		ok "$t on PostgreSQL # SKIP $(sed -n 's/^1\.\.0 # SKIP //p' "$t.log")"
	else
		not_ok "$t on PostgreSQL: $nfail of $((nok + nfail)) failed (exit $trc)"
		grep -A3 '^not ok\|^Bail' "$t.log" | head -n 30 | sed 's/^/#   /'
	fi
done
echo "# the server's CPU: $(pg_cpu) s"
done_testing
