#!/bin/sh
# The table of formats (lib/fmt_table.c): sb-import and sb-export list,
# accept and tell apart exactly its formats, and the manuals list them.
. "${top_srcdir:-.}/tests/cli/lib.sh"

docs="$top_srcdir/docs"
# the table, as the library has it
formats read | cut -f1 > table.read
formats write | cut -f1 > table.write
formats revision | cut -f1 > table.revision
check "the table reads seven formats or more" test "$(wc -l < table.read)" -ge 7
check "the table writes five formats or more" test "$(wc -l < table.write)" -ge 5

# FILE SECTION: the first words of the lines of a "Formats (...):" section
section() { sed -n "/^Formats ($2):\$/,/^\$/p" "$1" | sed '1d;/^$/d'; }

expect_status 0 "sb-import --help exits 0" sb-import --help
section out --from | awk '{ print $1 }' > help.read
is "sb-import --help lists exactly the formats the table reads" \
    "$(cat help.read)" "$(cat table.read)"
section out --from | awk '/--update$/ { print $1 }' > help.revision
is "... and marks exactly those that can be a script revision" \
    "$(cat help.revision)" "$(cat table.revision)"

expect_status 0 "sb-export --help exits 0" sb-export --help
section out --format | awk '{ print $1 }' > help.write
is "sb-export --help lists exactly the formats the table writes" \
    "$(cat help.write)" "$(cat table.write)"
check "... and its usage names them" out_has "[--format $(paste -s -d '|' table.write)]"

# one sample of each format the table reads; a new format needs one here
expect_status 0 "a project to export samples from" sb-import -q --db src.db "$small"
for f in csv json ndjson; do
	sb-export --db src.db --format "$f" > "sample.$f"
done
cp "$small" sample.uss
cp "$fixtures/fdx/bailey.fdx" sample.fdx
# the Movie Magic fixtures are built by the generators of their tests
if [ -n "${PYTHON3:-}" ]; then
	"$PYTHON3" "$top_srcdir/tests/tools/msdgen.py" "$fixtures/msd/night-train.txt" \
	    sample.msd || exit 99
	"$PYTHON3" "$top_srcdir/tests/tools/sexgen.py" "$fixtures/sex/bailey.txt" \
	    sample.sex || exit 99
fi

for name in $(cat table.read); do
	if [ -z "${PYTHON3:-}" ] && { [ "$name" = msd ] || [ "$name" = sex ]; }; then
		ok "# SKIP no python3 to build a sample of $name"
		continue
	fi
	check "there is a sample of $name" test -s "sample.$name"
	rm -f d.db
	expect_status 0 "--from $name reads a $name file" \
	    sb-import --db d.db --project P --format json --from "$name" "sample.$name"
	check "... as $name" out_has "\"format\":\"$name\""
	rm -f d.db
	expect_status 0 "a $name file is told from its content" \
	    sb-import --db d.db --project P --format json "sample.$name"
	check "... as $name" out_has "\"format\":\"$name\""
	check "... and the audit row names it" test \
	    "$(sql d.db "SELECT json_extract(changes, '\$.import.format') FROM audit")" = "$name"
done

# a name that is no format, or one that is not read: exit 2, naming it
for name in docx auto "" $(formats write | awk '$3 == "-" { print $1 }'); do
	expect_status 2 "--from \"$name\" is a usage error" \
	    sb-import --db u.db --from "$name" sample.csv
	check "... naming it" err_has "sb-import: --from: \"$name\" is not a format sb-import reads"
done
check "... and no database is created" test ! -e u.db

# --update takes exactly the formats that can be a revision
revs=$(sed 's/^/./' table.revision | awk '{ a[NR] = $0 } END {
	for (i = 1; i <= NR; i++) printf "%s%s", (i == 1 ? "" : i == NR ? " or " : ", "), a[i] }')
for name in $(cat table.read); do
	grep -q -x "$name" table.revision && continue
	cp src.db up.db
	before=$(snapshot up.db)
	expect_status 2 "--update refuses $name" sb-import --db up.db --update "sample.$name"
	check "... saying which formats are revisions" \
	    err_has "--update merges a revision of the script ($revs), not $name"
	check "... and changes nothing" test "$(snapshot up.db)" = "$before"
done

# sb-export writes each format the table writes, and refuses the others
for name in $(cat table.write); do
	expect_status 0 "sb-export --format $name" sb-export --db src.db --format "$name"
	check "... writes something" test -s out
done
for name in xml auto $(formats read | awk '$4 == "-" { print $1 }'); do
	expect_status 2 "sb-export --format $name is a usage error" \
	    sb-export --db src.db --format "$name"
	check "... naming it" err_has "--format: \"$name\" is not a format this command writes"
done

# the manuals follow the table
awk '/^\.It Fl \\-from/ { f = 1; next } f && /^\.(It|Pp|El)/ { exit }
    f && /^\.Cm / { print $2 }' "$docs/sb-import.1" > man.read
is "sb-import(1) lists exactly the formats the table reads, for --from" \
    "$(cat man.read)" "$(cat table.read)"
awk '/^\.Sh FORMATS/ { f = 1; next } f && /^\.El/ { exit }
    f && /^\.It Cm / { print $3 }' "$docs/sb-import.1" > man.formats
is "sb-import(1)'s FORMATS list them too" "$(cat man.formats)" "$(cat table.read)"
awk '/^\.It Fl \\-update/ { f = 1; next } f && /^\.It/ { exit }
    f && /^\.Pa \./ { print substr($2, 2) }' "$docs/sb-import.1" > man.revision
is "sb-import(1) names the revision formats for --update" \
    "$(cat man.revision)" "$(cat table.revision)"
awk '/^\.It Fl \\-format Ar format/ { f = 1; next } f && /^\.El/ { exit }
    f && /^\.It Cm / { print $3 }' "$docs/sb-export.1" > man.write
is "sb-export(1) lists exactly the formats the table writes" \
    "$(cat man.write)" "$(cat table.write)"
check "sb-export(1)'s synopsis names them" \
    grep -q -x -F ".Op Fl \\-format Cm $(sed 's/$/ |/' table.write | paste -s -d ' ' | sed 's/ |$//')" \
    "$docs/sb-export.1"
# stripboard(7): ".It Cm NAME Ta Pa .EXT Ta yes Ta no Ta no Ta Title"
awk '/^\.Ss Formats$/ { f = 1; next } f && /^\.El/ { exit }
    f && /^\.It Cm / { print }' "$docs/stripboard.7" |
    sed -e 's/^\.It Cm //' -e 's/ Ta Pa / Ta /' -e 's/ Ta \\(em / Ta  /' \
	-e 's/ Ta /	/g' > man.table
formats | awk -F '\t' -v OFS='\t' '{ print $1, $2, ($3 == "-" ? "no" : "yes"),
    ($4 == "-" ? "no" : "yes"), ($5 == "-" ? "no" : "yes"), $6 }' > want.table
is "stripboard(7) has a row for each format of the table, as it is" \
    "$(cat man.table)" "$(cat want.table)"

done_testing
