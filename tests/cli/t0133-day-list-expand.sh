#!/bin/sh
# sb-day list --expand: each strip carries every category of the project as
# sb-export writes it; day rows have as many fields as the header; and a
# page entered through the numbers the board keeps (--after, --from) is
# the page counted to when the lane has none kept.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
db=wl.db
sd() { sb-day --board "First Pass" "$@"; }

expect_status 0 "expand every day as CSV" sd list --expand --format csv
cats=$(q "SELECT group_concat(name, ',') FROM (SELECT name FROM category WHERE ucid NOT IN (0, 1, 2, 3, 6) ORDER BY rank, id) AS q1")
check "the header ends with every category" sh -c "head -n 1 out | grep -q ',synopsis,$cats\$'"
check "every row has as many fields as the header" python3 -c '
import csv, sys
rows = list(csv.reader(open("out")))
sys.exit(0 if rows and all(len(r) == len(rows[0]) for r in rows) else 1)'
# a strip's cast, as the export writes it
uid=$(q "SELECT s.uid FROM strip s JOIN strip_element se ON se.strip_id = s.id JOIN element e ON e.id = se.element_id JOIN category c ON c.id = e.category_id WHERE c.ucid = 100 AND s.type = 'scene' LIMIT 1")
sb-export --board "First Pass" --format csv > export.csv
check "a strip's categories are the export's" python3 -c '
import csv, sys
uid = sys.argv[1]
exp = {r["strip_id"]: r for r in csv.DictReader(open("export.csv"))}[uid]
day = [r for r in csv.DictReader(open("out")) if r["strip_id"] == uid][0]
cats = sys.argv[2].split(",")
sys.exit(0 if all(day[c] == exp[c] for c in cats) and day["Cast"] != "" else 1)' "$uid" "$cats"
expect_status 0 "expand one day as NDJSON" sd list --expand=3 --format ndjson
check "its rows have an array for each category" sh -c 'grep "\"rows\":\[{" out | grep -q "\"Cast\":\[\""'

# a numbered lane (after a move) against the same lane unnumbered
sb-reorder --board "First Pass" move 46 --to 2 >/dev/null || exit 99
is "the lane is numbered" "$(q "SELECT min(ranked) FROM lane l JOIN board b ON b.id = l.board_id WHERE b.name = 'First Pass' AND l.kind = 'schedule'")" 1
for args in "--after 5" "--after 5 --limit 3 --expand" "--from 2022-08-20 --to 2022-09-02 --expand" \
    "--after 400" "--expand=9 --after 8 --limit 1"; do
	# shellcheck disable=SC2086 # the words of the options
	sd list $args --format csv > kept.csv
	db_copy wl.db un.db
	db_exec un.db "UPDATE lane SET ranked = 0" || exit 99
	# shellcheck disable=SC2086
	sb-day --db un.db --board "First Pass" list $args --format csv > counted.csv
	check "list $args: the same page entered by number or counted to" same_file kept.csv counted.csv
	rm -f un.db un.db-wal un.db-shm
done
check "a page past the end is empty but for its header" test "$(sd list --after 400 --format csv | wc -l)" -eq 1
done_testing
