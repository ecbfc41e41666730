#!/bin/sh
# --format html for every report: each report sb-report has (as its help
# lists them) writes, as html, one well-formed document that fetches
# nothing and runs nothing (tests/tools/htmlcheck.py), in the look of the
# stripboard (its style sheet), with one table row for each row its CSV
# has (and one for each line a readable table prints alone); the same
# board gives the same bytes; text from the file is escaped.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if [ -z "${PYTHON3:-}" ]; then
	echo "1..0 # SKIP no python3 to read the HTML back"
	exit 0
fi
htmlcheck() { "$PYTHON3" "$top_srcdir/tests/tools/htmlcheck.py" "$@"; }

sb-import -q --db wl.db "$full" || exit 99
# the reports: the subcommands of the usage lines, but board and ics
reports=$(sb-report --help | sed -n 's/^ *\(usage: \)\{0,1\}sb-report \[options\] \([a-z]*\).*/\2/p' |
    grep -v -x -e board -e ics)
[ -n "$reports" ] || not_ok "sb-report --help lists its reports"
for r in $reports; do
	expect_status 0 "$r --format html" \
	    sb-report --db wl.db --board "First Pass" "$r" --format html
	mv out "$r.html"
	if htmlcheck "$r.html" > counts 2>err; then ok "  ... a document that stands alone"
	else not_ok "  ... a document that stands alone"; fi
	if grep -q 'table.rp thead{display:table-header-group}' "$r.html"; then
		ok "  ... in the stripboard's look, column names on every sheet"
	else not_ok "  ... in the stripboard's look, column names on every sheet"; fi
	sb-report --db wl.db --board "First Pass" "$r" --format csv > "$r.csv"
	csv_rows=$("$PYTHON3" -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1]))) - 1)' "$r.csv")
	set -- $(cat counts) - - -
	# (a long run of dates prints ten at a time, each run with every row)
	nsec=$(grep -c '<section ' "$r.html")
	is "  ... a table row for each CSV row (in each of its $nsec sections)" \
	    "$(( $1 - $2 ))" "$((csv_rows * nsec))"
	sb-report --db wl.db --board "First Pass" "$r" --format html > again.html
	if same_file again.html "$r.html"; then ok "  ... the same bytes again"
	else not_ok "  ... the same bytes again"; fi
done

# text from the file is escaped, never markup
db_exec wl.db "UPDATE element SET name = '<b>GEORGE</b> & \"Co\"' WHERE name = 'GEORGE'" || exit 99
sb-report --db wl.db --board "First Pass" elements --format html > esc.html
if grep -q '&lt;b&gt;GEORGE&lt;/b&gt; &amp; &quot;Co&quot;' esc.html && ! grep -q '<b>GEORGE' esc.html; then
	ok "names are escaped"
else not_ok "names are escaped"; fi
htmlcheck esc.html > /dev/null 2>err || not_ok "  ... and the document is still well formed"
expect_status 2 "html is not a format of ics" \
    sb-report --db wl.db --board "First Pass" ics --format html
if err_has "report ics is written as ics, not \"html\""; then ok "  ... said"; else not_ok "  ... said"; fi
done_testing
