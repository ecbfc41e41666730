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
command -v initdb >/dev/null 2>&1 || [ -n "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" ] ||
    { echo "1..0 # SKIP no PostgreSQL server (initdb) installed: Debian: apt-get install postgresql (.ci/deps)"; exit 0; }
for t in $tests; do
	start=$(date +%s)
	SB_TEST_ENGINE=pg sh "$top_srcdir/tests/cli/$t" >"$t.log" 2>&1
	trc=$?
	took=$(($(date +%s) - start))
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
done_testing
