#!/bin/sh
# sb-export: options, formats against golden files, errors and their statuses.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db full.db "$full" || exit 99

expect_status 0 "--help exits 0" sb-export --help
check "--help prints the usage" grep -q "usage: sb-export" out
expect_status 0 "--version exits 0" sb-export --version
check "--version names the library and SQLite" sh -c 'grep -q libstripboard out && grep -q SQLite out'
expect_status 2 "a bad option is a usage error" sb-export --bogus
expect_status 2 "an unknown format is a usage error" sb-export --db full.db --format xml
check "the format error names the format" err_has '"xml"'
expect_status 2 "a stray argument is a usage error" sb-export --db full.db extra
expect_status 2 "--board with --format uss is a usage error" sb-export --db full.db --format uss --board x

for fmt in csv json ndjson table; do
	expect_status 0 "First Pass as $fmt" sb-export --db full.db --board "First Pass" --format "$fmt"
	if same_file out "$expected/first-pass.$fmt"; then
		ok "First Pass as $fmt matches its golden file"
	else
		diff "$expected/first-pass.$fmt" out | head -n 10 | sed 's/^/# /'
		not_ok "First Pass as $fmt matches its golden file"
	fi
done
expect_status 0 "the small sample as USS" sh -c "sb-import -q --db small.db '$small' && sb-export --db small.db --format uss"
check "the small sample's USS matches its golden file" same_file out "$expected/small.uss"

expect_status 0 "without --board the first board" sb-export --db full.db --format csv
check "the first board is Script Order" sh -c 'sed -n 2p out | grep -q "^Script Order,,,1,"'
check "Script Order has no day breaks: 171 rows and the header" test "$(wc -l < out)" = 172
check "the boneyard follows the schedule" sh -c 'tail -n 1 out | grep -q "^Script Order,boneyard,"'
expect_status 0 "a board can be named by its id" sb-export --db full.db --board 5e2dd87dfb4b290017196a56 --format csv
check "the id names First Pass" sh -c 'sed -n 2p out | grep -q "^First Pass,1,2022-08-03,1,"'
expect_status 0 "not a terminal: CSV by default" sb-export --db full.db --board "Second Pass"
check "the default is CSV" sh -c 'head -n 1 out | grep -q "^board,day,date,position,strip_id,version,"'
check "Second Pass starts on its calendar's date" sh -c 'sed -n 2p out | grep -q "^Second Pass,1,2022-08-10,"'
check "Second Pass day 67 is 2022-11-10" sh -c 'grep "^Second Pass,67," out | head -n 1 | grep -q ",2022-11-10,"'
check "First Pass skips Labor Day: day 23 is 2022-09-02, day 24 2022-09-06" \
    sh -c 'sb-export --db full.db --board "First Pass" | grep -q "^First Pass,23,2022-09-02," &&
           sb-export --db full.db --board "First Pass" | grep -q "^First Pass,24,2022-09-06,"'

expect_status 4 "an unknown board is not found (exit 4)" sb-export --db full.db --board "No Such"
check "the message names the board" err_has 'sb-export: no board called "No Such"'
expect_status 4 "an unknown project is not found" sb-export --db full.db --project Nope
check "the message names the project" err_has 'no project called "Nope"'
expect_status 4 "a missing database is not found" sb-export --db missing.db
check "no database is created by an export" test ! -e missing.db
sb-import -q --db two.db --project A "$small"; sb-import -q --db two.db --project B "$small"
expect_status 2 "two projects and no --project is a usage error" sb-export --db two.db
check "the message says to name one" err_has "name one with --project"
expect_status 0 "SB_DB names the database" env SB_DB=full.db sb-export --format csv
if [ -w /dev/full ]; then
	expect_status 1 "a full disk is a failure" sh -c 'sb-export --db full.db --format csv > /dev/full'
	check "the failure is reported" err_has "write error"
fi
expect_status 0 "a closed pipe ends the export quietly" sh -c 'sb-export --db full.db --format csv | head -n 1'

done_testing
