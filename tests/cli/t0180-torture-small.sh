#!/bin/sh
# t0180-torture-small - make torture's script (tests/torture/torture.sh),
# small, on files, and on a server in t0075 (torture.sh -S, the script's
# server mode): 2 writers x 3 moves, then a kill loop until 12 commands have died
# by SIGKILL.  The loop draws each command, its strips, days and delay from
# a seeded stream; that stream once stood still (its position was counted
# in a subshell), so the loop ran the same command every time.  Each check
# of torture.sh must hold: integrity, the trail invariant, sb-log --verify
# after each part, no refusal but usage, bad input or not found, and the
# loop ran many kinds of command.
. "${top_srcdir:?}/tests/cli/lib.sh"

# on a server (SB_TEST_ENGINE=pg, t0075), its server mode: its two
# databases made on the test's server, amcheck for the integrity check
set -- -s 5 -n 2 -m 3 -k 12 -d 20
what="torture.sh $*"
if [ "${SB_TEST_ENGINE:-}" = pg ]; then
	set -- "$@" -S "postgresql:///postgres?host=$pg_host&user=sb"
	what="$what -S (the test's server)"
fi
run env TMPDIR="$tmp" sh "$top_srcdir/tests/torture/torture.sh" "$@"
if [ "$rc" -eq 0 ]; then ok "$what: every check held"
else not_ok "$what: exit $rc"; sed 's/^/# /' out | head -n 30; fi
if [ "${SB_TEST_ENGINE:-}" = pg ]; then
	if grep -q '^server: the databases torture_w_[0-9]* and torture_k_[0-9]*$' out; then
		ok "it ran on the server, amcheck checking the tables and indexes"
	else not_ok "it ran on the server, amcheck checking the tables and indexes"; fi
fi
if grep -q '^writers: sb-log --verify: head [0-9a-f]\{16\}' out &&
    grep -q '^kills: sb-log --verify: head [0-9a-f]\{16\}' out; then
	ok "sb-log --verify ran after the writers and after the kills"
else not_ok "sb-log --verify ran after the writers and after the kills"; fi
# the stream moves: the first commands are not all the same
kinds=$(sed -n 's/^mix: //p' out | tr ',' '\n' | grep -c .)
if [ "$kinds" -ge 4 ]; then ok "the kill loop ran $kinds kinds of command"
else not_ok "the kill loop ran $kinds kinds of command, want 4 or more"; sed 's/^/# /' out; fi
done_testing
