#!/bin/sh
# Omitted scenes as a scheduler expects: placing one on a shoot day warns,
# and it counts no pages, time, cast or place in the day's totals.
. "${top_srcdir:-.}/tests/cli/lib.sh"

printf '%s\n' 'board,day,strip_id,scene,set,pages,est_minutes,omitted,Cast' \
    'B,1,s1,1,BANK,1,10,0,1:ANNA' 'B,1,s3,3,BANK,3/8,5,0,' 'B,2,s4,4,PIER,1,,0,' \
    'B,boneyard,s2,2,FARM,2,20,1,2:BOB' > o.csv
db=o.db
sb-import -q --db o.db --project O o.csv || exit 99

expect_status 0 "an omitted scene moves onto day 1" sb-reorder --db o.db move --to 1 s2
check "with a warning on stderr" err_has "warning: 1 scene the script omitted now on a shoot day (scene 2)"
expect_status 0 "sb-day list" sb-day --db o.db list --format csv
check "day 1 counts no pages, time, cast or place of the omitted scene" grep -q '^B,1,,3,1 3/8,15,1,BANK,' out
expect_status 0 "the table" sb-export --db o.db --format table
check "the day break leaves its pages out" grep -q "End of Day 1 -- 3 strips, 1 3/8 pgs" out
check "and the row says OMITTED" grep -q "OMITTED" out
expect_status 0 "--quiet keeps the warning" sb-reorder -q --db o.db move --to 2 s2
check "the warning is there" err_has "warning: 1 scene the script omitted"
expect_status 0 "to the boneyard" sb-reorder --db o.db move --to boneyard s2
check "warns of nothing" sh -c '! grep -q warning err'
expect_status 0 "a scene that is not omitted" sb-reorder --db o.db move --to 2 s1
check "warns of nothing" sh -c '! grep -q warning err'

printf 'strip_id,day\ns2,1\ns4,1\n' > b.csv
expect_status 0 "a batch puts the omitted scene on day 1" sb-reorder --db o.db batch b.csv
check "with a warning on stderr" err_has "warning: 1 scene the script omitted now on a shoot day (scene 2)"
printf 'strip_id,day\ns2,boneyard\n' > b.csv
expect_status 0 "a batch to the boneyard" sb-reorder --db o.db batch b.csv
check "warns of nothing" sh -c '! grep -q warning err'

done_testing
