#!/bin/sh
# sb-report: the conventions of every command (help, versions, usage
# errors, exit statuses, the database unchanged), the formats every report
# writes, and the elements report on the full sample.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
before=$(snapshot wl.db)
rp() { sb-report --board "First Pass" "$@"; }

expect_status 0 "--help exits 0" sb-report --help
check "--help prints the usage and the reports" sh -c 'grep -q "usage: sb-report" out && grep -q "^elements" out'
expect_status 0 "--version exits 0" sb-report --version
expect_status 2 "a bad option is a usage error" sb-report --bogus elements
expect_status 2 "no report is a usage error" sb-report
check "it names the reports" err_has "elements"
expect_status 2 "an unknown report is a usage error" sb-report callsheet
expect_status 2 "an unknown format is a usage error" rp elements --format xml
check "it names the formats the report writes" err_has "report elements is written as table, csv, json, ndjson, html, not \"xml\""
expect_status 2 "an operand is a usage error" rp elements extra
expect_status 4 "a missing database is not found" sb-report --db nothere.db elements
check "no database was made" test ! -e nothere.db
expect_status 4 "an unknown board is not found" sb-report --board "Third Pass" elements
expect_status 4 "an unknown project is not found" sb-report --project Other elements
expect_status 4 "an unknown category is not found" rp elements --categories Cast,Dragons
check "it names it" err_has 'the project has no category "Dragons"'
printf 'not a database\n' > junk.db
expect_status 3 "a file that is not ours is bad data" sb-report --db junk.db elements

expect_status 0 "elements of the cast, as CSV" rp elements --format csv
check "the header" sh -c 'head -n 1 out | grep -qx "row,category,id,element,strips,pages,days_worked,first,last,days,scenes"'
check "59 cast members" test "$(grep -c '^element,Cast,' out)" = 59
# COUSIN EUSTACE (10): scenes 16, 25, 61, 104, 110, 114; days 16, 22, 24, 25
check "an element's scenes, days and pages" \
    grep -qx 'element,Cast,10,COUSIN EUSTACE,6,9 3/8,4,2022-08-24,2022-09-07,"16,22,24,25","16, 25, 61, 104, 110, 114"' out
check "cast in number order (2 before 10)" test "$(sed -n '2p;3p;11p' out | cut -d, -f3 | tr '\n' ' ')" = "1 2 10 "
expect_status 0 "by category number and name, any case" rp elements --categories 102,vehicles --format ndjson
check "stunts then vehicles" test "$(head -n 1 out | grep -c '"category":"Stunts"')$(tail -n 1 out | grep -c '"category":"Vehicles"')" = 11
check "an element without a board id has a null id" grep -q '"id":null' out
expect_status 0 "as a JSON array" rp elements --format json
check "the array parses" json_ok out
expect_status 0 "as a table" rp elements --format table
check "a title, a header, a row a cast member" \
    sh -c 'head -n 1 out | grep -qx "Elements - board \"First Pass\"" && grep -q "^CATEGORY " out && test "$(wc -l < out)" = 61'
check "a pipe gets CSV by default" sh -c 'sb-report --board "First Pass" elements | head -n 1 | grep -q "^row,"'
rp elements --format csv > one.csv
rp elements --format csv > two.csv
check "the same board gives the same bytes" same_file one.csv two.csv
is "the database is unchanged" "$(snapshot wl.db)" "$before"

done_testing
