#!/bin/sh
# t0165-pg-round-trips.sh - reads of a board and statements run with NULLs
# on a PostgreSQL server (issue 12): a board is read in a few statements
# whatever its size (not one a day and one a strip), through a cursor, with
# the same bytes out as a file; a statement run with NULLs in turn is
# prepared once for each mix, not again at each change of mix; an INSERT
# the server refuses inside an import is undone alone.  The
# statements are counted in the server's own log
# (log_min_duration_statement=0 for the command's session, by PGOPTIONS).
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/pg.sh"
pg_start

log=$pg_dir/run/log
[ -n "${SB_PG_SHARED:-}" ] && log=$SB_PG_SHARED/log
# logged CMD...: CMD with every statement of its session in the server's
# log; what it logged in logged.txt, its output in out, status in rc
logged() {
	before=$(wc -l <"$log")
	PGOPTIONS="-c log_min_duration_statement=0" "$@" >out 2>err
	rc=$?
	sleep 0.2 # the server writes its log after answering
	tail -n "+$((before + 1))" "$log" >logged.txt
}
# statements: how many the server was sent (each parse, bind and execute
# of a prepared one is logged; count its executions)
statements() { grep -c -E 'duration: [0-9.]+ ms  (statement|execute)' logged.txt; }

U=$(pg_db wl) || { echo "Bail out! createdb"; exit 1; }
logged sb-import --db "$U" "$full"
is "sb-import of the full sample into a server" "$rc" 0
sb-import -q --db wl.db "$full"
# the statement writing USS items runs with NULLs in turn (its optional
# fields): one PREPARE for each mix, not one at each change (was 367)
cnt=$(grep -c 'parse s[0-9]*: INSERT INTO uss_item' logged.txt)
if [ "$cnt" -ge 1 ] && [ "$cnt" -le 4 ]; then
	ok "  ... the USS items' INSERT prepared once a mix of NULLs ($cnt times)"
else
	not_ok "  ... the USS items' INSERT prepared once a mix of NULLs ($cnt times)"
fi

# element names a packed column must give back as they are: commas,
# digits, an empty board id
for d in wl.db "$U"; do
	sb-element -q --db "$d" rename Cast GEORGE "12,3,GEORGE, 4," >/dev/null
	sb-element -q --db "$d" rename Props Hat ",," >/dev/null 2>&1
done

B="First Pass"
strips=$(sb-export --db wl.db --board "$B" --format csv | wc -l)
for fmt in csv json table; do
	sb-export --db wl.db --board "$B" --format "$fmt" >lite.out
	logged sb-export --db "$U" --board "$B" --format "$fmt"
	if [ "$rc" -eq 0 ] && same_file out lite.out; then
		ok "sb-export --format $fmt: the file's bytes"
	else
		not_ok "sb-export --format $fmt: the file's bytes (exit $rc)"
		diff out lite.out | head -n 5 | sed 's/^/# /'
	fi
done
cnt=$(statements)
if [ "$cnt" -lt 40 ]; then
	ok "  ... in $cnt statements for $strips strips (not one a strip)"
else
	not_ok "  ... in $cnt statements for $strips strips (not one a strip)"
fi
grep -q 'FETCH [0-9]* FROM' logged.txt &&
    ok "  ... read through a cursor on the server" ||
    not_ok "  ... read through a cursor on the server"

for args in "list" "list --expand" "list --after 5 --limit 4 --expand" \
    "list --after 30" "list --from 2022-09-05 --to 2022-09-16 --expand"; do
	# shellcheck disable=SC2086
	sb-day --db wl.db --board "$B" $args >lite.out 2>&1
	# shellcheck disable=SC2086
	logged sb-day --db "$U" --board "$B" $args
	if same_file out lite.out && [ -s out ]; then
		ok "sb-day $args: the file's bytes"
	else
		not_ok "sb-day $args: the file's bytes"
		diff out lite.out | head -n 5 | sed 's/^/# /'
	fi
done
logged sb-day --db "$U" --board "$B" list --expand
cnt=$(statements)
if [ "$cnt" -lt 40 ]; then
	ok "sb-day list --expand in $cnt statements (not one a day)"
else
	not_ok "sb-day list --expand in $cnt statements (not one a day)"
fi
for b in "Script Order" "Second Pass"; do
	sb-export --db wl.db --board "$b" --format json >lite.out 2>&1
	run sb-export --db "$U" --board "$b" --format json
	if same_file out lite.out; then ok "board \"$b\": the file's bytes"
	else not_ok "board \"$b\": the file's bytes"; fi
done
for r in board dood oneliner; do
	sb-report --db wl.db "$r" --board "$B" >lite.out 2>&1
	run sb-report --db "$U" "$r" --board "$B"
	if same_file out lite.out && [ -s out ]; then ok "sb-report $r: the file's bytes"
	else not_ok "sb-report $r: the file's bytes"; fi
done

# an INSERT the server may refuse runs in a savepoint of its own, sent with
# the statement in one pipeline: a CSV with the same strips on two boards
# (each strip's second INSERT refused by a unique key, then read instead)
sb-export --db wl.db --board "$B" --format csv >two.csv
sb-export --db wl.db --board "Second Pass" --format csv | tail -n +2 >>two.csv
u=$(pg_db two)
rm -f two.db
sb-import -q --db two.db two.csv
logged sb-import -q --db "$u" two.csv
is "a CSV with each strip on two boards imports into a server" "$rc" 0
cnt=$(grep -c 'ROLLBACK TO SAVEPOINT' logged.txt)
if [ "$cnt" -gt 100 ]; then ok "  ... the second INSERT of each strip refused ($cnt)"
else not_ok "  ... the second INSERT of each strip refused ($cnt)"; fi
for b in "$B" "Second Pass"; do
	sb-export --db two.db --board "$b" --format csv >lite.out
	run sb-export --db "$u" --board "$b" --format csv
	if same_file out lite.out && [ -s out ]; then ok "  ... board \"$b\" as from a file"
	else not_ok "  ... board \"$b\" as from a file"; fi
done
if [ "$(grep -c 'SAVEPOINT sb_stmt' logged.txt)" -gt 0 ]; then
	ok "  ... the savepoints are there"
else
	not_ok "  ... the savepoints are there"
fi

done_testing
