#!/bin/sh
# t0146-import-new-file - a file sb-import creates is written under another
# name (FILE.new-PID, its rollback journal in memory, no syncs) and put in
# place at the commit (lib/db.c, publish()): a failed import leaves nothing
# behind, nor does a killed one under the file's name; a file another
# command made meanwhile is never overwritten; what is put in place is an
# ordinary stripboard file (write-ahead log, the whole import in it).
. "${top_srcdir:?}/tests/cli/lib.sh"

if [ "${SB_TEST_ENGINE:-}" = pg ]; then
	echo "1..0 # SKIP the files of an SQLite database"; exit 0
fi

# files: what this directory holds besides the inputs, one name a line
files() { ls -A | grep -v -E '\.(csv|uss|fifo|out)$|^(out|err|trace)$' | sort | tr '\n' ' '; }

# A new file, put in place
check "the full sample imports into a new file" sb-import -q --db new.db "$full"
is "only the file is left: no staged name, log or journal" "$(files)" "new.db "
is "it is a write-ahead-log file" "$(sql new.db 'PRAGMA journal_mode')" wal
is "with the whole import" "$(sql new.db 'SELECT count(*) FROM strip')" 174
is "and nothing to put right" "$(sql new.db 'PRAGMA integrity_check')" ok
check "its trail holds" sb-log --db new.db --verify
check "a second import into it" sb-import -q --db new.db --project Second "$small"
is "two projects" "$(sql new.db 'SELECT count(*) FROM project')" 2
rm -f new.db*

# A failure after thousands of rows were written: nothing is left
awk 'BEGIN {
	print "board,day,position,strip_id,type,scene,set,pages,Cast"
	for (i = 1; i <= 3000; i++)
		printf "Main,%d,%d,s%d,scene,%d,SET %d,1 2/8,ANNA; P%d\n", int((i + 4) / 5), i, i, i, i % 40, i % 300
	print "Main,601,3001,s3001,scene,3001,SET,1 9/8,ANNA"
}' > late.csv
run sb-import --db late.db late.csv
is "a bad last row fails the import (exit 3)" "$rc" 3
if err_has 'late.csv: line 3002: pages: "1 9/8" is not a page count'; then
	ok "the message names the line"
else
	not_ok "the message names the line"; sed 's/^/#   /' err
fi
is "nothing is left: not the file, nor its staged name" "$(files)" ""

# Another command makes the file while the import runs: it is kept
head -n 1500 late.csv > first.csv
sed -n '1p;1501,3001p' late.csv > rest.csv
mkfifo in.fifo
sb-import --db race.db --from csv --project Mine in.fifo >out 2>err &
pid=$!
exec 3>in.fifo            # the import has its staged file when this opens
cat first.csv >&3
check "another command makes the file meanwhile" sb-import -q --db race.db \
    --project Theirs "$small"
before=$(snapshot race.db)
tail -n +2 rest.csv >&3
exec 3>&-
wait "$pid"; rc=$?
is "the import that finds its name taken fails (exit 6)" "$rc" 6
if err_has "race.db: another command made this file meanwhile; nothing was written"; then
	ok "the message says so"
else
	not_ok "the message says so"; sed 's/^/#   /' err
fi
is "the other command's file is untouched" "$(snapshot race.db)" "$before"
is "its one project" "$(sql race.db 'SELECT name FROM project')" Theirs
is "no staged name is left" "$(ls -A | grep -c -F .new-)" 0
rm -f race.db*

# Killed in the middle: the name stays free, the next import takes it
sb-import --db kill.db --from csv --project Mine in.fifo >out 2>err &
pid=$!
exec 3>in.fifo
cat first.csv >&3
kill -KILL "$pid"
wait "$pid" 2>/dev/null
exec 3>&-
is "a killed import leaves no file under the name" "$(if [ -e kill.db ]; then echo there; else echo none; fi)" none
is "only its staged file, named for the process" "$(files)" "kill.db.new-$pid "
head -n 3001 late.csv > good.csv
check "the next import makes the file" sb-import -q --db kill.db good.csv
is "with its 3000 strips" "$(sql kill.db 'SELECT count(*) FROM strip')" 3000

done_testing
