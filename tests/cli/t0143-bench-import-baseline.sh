#!/bin/sh
# t0143-bench-import-baseline - the baseline of sb-bench's imports: before
# each run, the sqlite3 shell loads, into a new file, the rows an untimed
# run of the command wrote (their .dump: the schema, every row, the audit
# rows with their chain), in one transaction as the import commits.  The
# loaded file must be the command's work: the same rows in every table as
# the command's own file, a trail that verifies, the same USS out of it.
. "${top_srcdir:-.}/tests/cli/lib.sh"

needs sqlite3

# counts DB: every table of the file with its number of rows
counts() {
	for t in $(sql "$1" "SELECT name FROM sqlite_schema WHERE type = 'table'
	    AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
		echo "$t $(sql "$1" "SELECT count(*) FROM \"$t\"")"
	done
}

for s in import-uss import-csv; do
	mkdir "$s"
	expect_status 0 "$s runs with its baseline" \
	    sb-bench --sizes 300 --scenarios "$s" --repeat 2 --keep --dir "$s" \
	    --format ndjson -q
	check "$s: the run has a baseline and a ratio" \
	    sh -c 'grep -q "\"baseline\":\"sqlite3\",\"baseline_ms\":[0-9.]*,\"ratio\":[0-9.]*," out'
	d=$s/300
	check "$s: the shell loaded a file" test -s "$d/load.db"
	# the command's own file (the bench's is removed after its runs)
	if [ "$s" = import-uss ]; then
		sb-import -q --db "$s.db" "$d/bench.uss"
	else
		sb-import -q --db "$s.db" --project bench "$d/bench.csv"
	fi
	counts "$s.db" > command.counts
	counts "$d/load.db" > baseline.counts
	check "$s: the command wrote strips and links" \
	    sh -c 'grep -q "^strip [1-9]" command.counts && grep -q "^strip_element [1-9]" command.counts'
	check "$s: the baseline wrote the same number of rows in every table" \
	    same_file command.counts baseline.counts
	is "$s: and one audit row, as the import" "$(sql "$d/load.db" "SELECT count(*) FROM audit")" 1
	check "$s: its trail verifies (the import's rows and hash)" sb-log --db "$d/load.db" --verify
	check "$s: it is a stripboard file whose indexes are the import's" test \
	    "$(sql "$d/load.db" "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema
	    WHERE type = 'index' ORDER BY name)")" = \
	    "$(sql "$s.db" "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema
	    WHERE type = 'index' ORDER BY name)")"
done
# a USS import keeps every id of the file: the load's project is the command's
sb-export --db import-uss.db --format uss > a.uss 2>err
sb-export --db import-uss/300/load.db --format uss > b.uss 2>>err
if [ -s a.uss ] && same_file a.uss b.uss; then ok "import-uss: the loaded file exports the same USS"
else not_ok "import-uss: the loaded file exports the same USS"; fi

done_testing
