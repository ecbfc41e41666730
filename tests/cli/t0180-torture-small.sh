#!/bin/sh
# t0180-torture-small - make torture's script (tests/torture/torture.sh),
# small: 2 writers x 3 moves, then a kill loop until 12 commands have died
# by SIGKILL.  The loop draws each command, its strips, days and delay from
# a seeded stream; that stream once stood still (its position was counted
# in a subshell), so the loop ran the same command every time.  Each check
# of torture.sh must hold: integrity, the trail invariant, sb-log --verify
# after each part, no refusal but usage, bad input or not found, and the
# loop ran many kinds of command.
. "${top_srcdir:?}/tests/cli/lib.sh"

run env TMPDIR="$tmp" sh "$top_srcdir/tests/torture/torture.sh" -s 5 -n 2 -m 3 -k 12 -d 20
if [ "$rc" -eq 0 ]; then ok "torture.sh -s 5 -n 2 -m 3 -k 12 -d 20: every check held"
else not_ok "torture.sh -s 5 -n 2 -m 3 -k 12 -d 20: exit $rc"; sed 's/^/# /' out | head -n 30; fi
if grep -q '^writers: sb-log --verify: head [0-9a-f]\{16\}' out &&
    grep -q '^kills: sb-log --verify: head [0-9a-f]\{16\}' out; then
	ok "sb-log --verify ran after the writers and after the kills"
else not_ok "sb-log --verify ran after the writers and after the kills"; fi
# the stream moves: the first commands are not all the same
kinds=$(sed -n 's/^mix: //p' out | tr ',' '\n' | grep -c .)
if [ "$kinds" -ge 4 ]; then ok "the kill loop ran $kinds kinds of command"
else not_ok "the kill loop ran $kinds kinds of command, want 4 or more"; sed 's/^/# /' out; fi
done_testing
