#!/bin/sh
# t0167-bench-server.sh - sb-bench --server URI (issue 12): the production
# imported into an empty PostgreSQL database, each scenario run there
# beside the file (the same command line on the file right after, as its
# baseline: NAME@pg, baseline "file", ratio server/file), the file's own
# runs as before; what cannot run on a server says why; usage errors; a
# database that holds a production is never touched.
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/pg.sh"
pg_start

U=$(pg_db bench) || { echo "Bail out! createdb"; exit 1; }
expect_status 0 "sb-bench --server: scenarios on a server beside the file" \
    sb-bench --sizes 200 --server "$U" --repeat 2 --format ndjson \
    --scenarios import-uss,export-csv,day-list,move,writers,perm-batch
row() { grep "^{\"scenario\":\"$1\"" out; }
field() { row "$1" | sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p"; }
for s in import-uss export-csv day-list move; do
	check "$s@pg ran" test "$(field "$s@pg" status)" = '"ok"'
	check "  ... its baseline is the file" test "$(field "$s@pg" baseline)" = '"file"'
	check "  ... the ratio is its median over the file's" awk -v a="$(field "$s@pg" ms)" \
	    -v b="$(field "$s@pg" baseline_ms)" -v r="$(field "$s@pg" ratio)" \
	    'BEGIN { exit !(b > 0 && a / b - r < 0.01 && r - a / b < 0.01) }'
	check "$s ran on the file too, as before" test "$(field "$s" status)" = '"ok"'
done
check "export-csv@pg did all 200 strips a run" test "$(field export-csv@pg rows)" = 200
check "move@pg: every move on both (no version conflict between them)" \
    test "$(field move@pg runs)" = 100
check "writers@pg is skipped, saying why" sh -c \
    "grep '\"scenario\":\"writers@pg\"' out | grep -q 'not on a server'"
check "perm-batch@pg is skipped, saying why" sh -c \
    "grep '\"scenario\":\"perm-batch@pg\"' out | grep -q 'not on a server'"
is "the production is on the server" "$(pgq "$U" 'SELECT count(*) FROM strip')" 200
# the moves went to both: the server's board is the file's
check "the server's board has moved as the file's did (the same versions)" test \
    "$(pgq "$U" "SELECT sum(version) FROM placement")" -gt 600

expect_status 1 "a database that holds a production: refused" \
    sb-bench --sizes 200 --server "$U" --repeat 1 --scenarios export-csv
check "  ... saying so" err_has "holds a stripboard database already"
is "  ... and it is left as it was" "$(pgq "$U" 'SELECT count(*) FROM project')" 1
expect_status 2 "--server with more than one size: usage" \
    sb-bench --sizes 200,400 --server "$U"
check "  ... saying why" err_has "--server takes one size"
expect_status 2 "--server of a file: usage" sb-bench --sizes 200 --server wl.db
expect_status 2 "--server with --vs: usage" sb-bench --server "$U" --vs a b
check "--help names --server" sh -c 'sb-bench --help | grep -q -- "--server URI"'

done_testing
