#!/bin/sh
# t0142-import-syncs - an import into a file that has other projects
# syncs the disk four times, not five (lib/db.c: a new log synced once at
# the commit, SQLite's own checkpoint at close, which syncs the log and
# the file); into a new file twice, not ten (written under another name
# without syncs, then the file synced and the directory that takes its
# name: publish()); and what it leaves is a whole file: the database
# alone, copied, holds the import.
. "${top_srcdir:?}/tests/cli/lib.sh"

if [ "${SB_TEST_ENGINE:-}" = pg ]; then
	echo "1..0 # SKIP counts the syncs of an SQLite file"; exit 0
fi
if ! command -v strace >/dev/null 2>&1 || ! strace -f -o /dev/null true 2>/dev/null; then
	echo "1..0 # SKIP no strace that may trace here (Debian: apt-get install strace; .ci/deps installs it)"
	exit 0
fi

# syncs CMD...: run CMD, the number of fsync()/fdatasync() calls in $syncs.
# LeakSanitizer cannot run under ptrace (a sanitizer build, .ci/run): it
# is turned off for the traced command only; the rest of the suite runs
# these commands with it.
syncs() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    strace -f -o trace -e trace=fsync,fdatasync "$@" >out 2>err; rc=$?
	syncs=$(grep -c -E '(fsync|fdatasync)\(' trace)
}

# in_range LOW HIGH DESCRIPTION: $rc is 0 and LOW <= $syncs <= HIGH
in_range() {
	if [ "$rc" -eq 0 ] && [ "$syncs" -ge "$1" ] && [ "$syncs" -le "$2" ]; then
		ok "$3 ($syncs)"
	else
		not_ok "$3 (exit $rc, $syncs syncs, want $1 to $2)"
	fi
}

syncs sb-import -q --db new.db "$full"
in_range 1 2 "an import into a new file: at most 2 syncs (10, then 4 before)"
syncs sb-import -q --db new.db --project Second "$small"
in_range 1 4 "an import into a file that has one: at most 4 (5 before)"
syncs sb-board --db new.db --project Second rename 1 Renamed
in_range 1 5 "a small change: at most 5 (as before)"

check "the trail holds" sb-log --db new.db --verify
is "no log is left with frames in it" "$(if [ -s new.db-wal ]; then echo frames; else echo none; fi)" none
cp new.db alone.db
sb-export --db new.db --project Second --format uss > a.uss 2>err
sb-export --db alone.db --project Second --format uss > b.uss 2>>err
if [ -s a.uss ] && same_file a.uss b.uss; then ok "the file alone, copied, holds the import"
else not_ok "the file alone, copied, holds the import"; fi

done_testing
