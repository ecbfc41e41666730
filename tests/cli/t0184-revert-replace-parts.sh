#!/bin/sh
# sb-import --replace keeps the rows of the project it replaces in audit
# rows of their own (entity "kept", about 1 MB of JSON each, tables parents
# first), which its own row names in order ("previous":{"kept":[ids]}), so
# that neither the import nor its revert holds the whole project in
# memory.  Here a production of 5,000 strips is kept in several parts, each
# chained and verified as any row; the revert reads them back part by part
# and the exports are the earlier ones byte for byte.  A part reverted
# alone changes nothing; a row of the older form (the whole project in
# the import's own row) is still put back; an import row naming rows that
# are not its parts is refused (exit 3), the file unchanged.
. "${top_srcdir:-.}/tests/cli/lib.sh"

expect_status 0 "a production of 5000 strips" bench_db 5000 orig.db
db_copy orig.db p.db
SB_DB=p.db db=p.db
export SB_DB
check "a strip edit" sb-strip -q set "$(q "SELECT uid FROM strip ORDER BY id LIMIT 1")" synopsis=kept
revert_exports before
strips=$(q "SELECT count(*) FROM strip") links=$(q "SELECT count(*) FROM strip_element")

check "the project replaced" sb-import -q --replace --project synthetic-5000 "$small"
imp=$(last_audit)
parts=$(q "SELECT json_extract(changes, '\$.previous.kept') FROM audit WHERE id = $imp" |
    tr -d '[]' | tr ',' '\n')
n_parts=$(echo "$parts" | wc -l)
check "its rows are kept in several parts ($n_parts)" test "$n_parts" -ge 3
is "the parts are the audit rows just before the import's, in order" \
    "$(echo "$parts" | tr '\n' ' ')" "$(q "SELECT id FROM audit WHERE entity = 'kept'
    ORDER BY id" | tr '\n' ' ')"
is "numbered 1, 2, 3..." \
    "$(q "SELECT group_concat(json_extract(changes, '\$.kept.part'), ' ') FROM
    (SELECT changes FROM audit WHERE entity = 'kept' ORDER BY id) AS k")" \
    "$(seq 1 "$n_parts" | tr '\n' ' ' | sed 's/ $//')"
is "none much over 1 MB" "$(q "SELECT count(*) FROM audit WHERE entity = 'kept'
    AND length(changes) > 1100000")" 0
is "the import's own row is small" "$(q "SELECT count(*) FROM audit
    WHERE id = $imp AND length(changes) < 2000")" 1
kept() {
	q "SELECT sum(coalesce(json_array_length(changes, '\$.kept.rows.$1.rows'), 0))
	   FROM audit WHERE entity = 'kept'"
}
is "every strip is kept, once" "$(kept strip)" "$strips"
is "every link of a strip and an element" "$(kept strip_element)" "$links"
check "the trail verifies" sb-log --verify
check "sb-log says what a part keeps" sh -c \
    'sb-log --format table | grep -q "kept part 2 of the rows of the project replaced"'
check "--as-of the import reads past the parts" sb-export --as-of "$imp" --format csv

first=$(echo "$parts" | head -n 1)
writes_nothing 0 "a part reverted alone" sb-log revert "$first"
check "says it undoes nothing" out_has "nothing: it keeps the rows of a project replaced"

expect_status 0 "the import reverted" sb-log revert "$imp"
# planned for the 2 strips it took out, the exports below took minutes
on_server "the server's statistics count the strips put back" &&
    is "the server's statistics count the strips put back" \
    "$(q "SELECT count(*) FROM pg_class WHERE relname = 'strip' AND reltuples >= $strips")" 1
revert_exports after
same_exports before after csv json uss
is "every strip back" "$(q "SELECT count(*) FROM strip")" "$strips"
is "every link back" "$(q "SELECT count(*) FROM strip_element")" "$links"
back=$(last_audit)
is "the revert kept the project it took out, in parts of its own" \
    "$(q "SELECT json_array_length(changes, '\$.previous.kept') FROM audit WHERE id = $back")" 1
check "the trail verifies" sb-log --verify
expect_status 0 "the revert reverted" sb-log revert "$back"
is "the replacing project again" "$(q "SELECT count(*) FROM strip")" 2

# a row of the older form (the whole project under "previous" in the
# import's own row) is still put back
sb-import -q --db old.db --project P "$small" || exit 99
db=old.db
sb-export --db old.db --format csv > old-before.csv
sb-import -q --db old.db --replace --project P "$full" || exit 99
whole=$(q "SELECT json_extract(changes, '\$.kept.rows') FROM audit WHERE entity = 'kept'")
check "an import row as older writers wrote it" audit_write old.db project 1 2 3 \
    "{\"import\":{\"format\":\"uss\",\"file\":\"x\",\"strips\":2,\"replaced\":true},\"previous\":$whole}"
check "the strips edited before it" sb-strip -q --db old.db set "$(q "SELECT uid FROM strip LIMIT 1")" synopsis=new
expect_status 0 "its revert, with the change after it" sb-log --db old.db revert \
    "$(last_audit)" "$(q "SELECT max(id) FROM audit WHERE entity = 'project'")"
sb-export --db old.db --format csv > old-after.csv
check "the project it kept is back (2 strips, not the full sample's)" cmp old-before.csv old-after.csv
is "its strips" "$(q "SELECT count(*) FROM strip")" 2

# an import row that names rows that are not its parts
db_copy orig.db bad.db
db=bad.db
check "an import row naming an audit row that keeps nothing" audit_write bad.db project 1 1 2 \
    '{"import":{"format":"uss","file":"x","strips":1,"replaced":true},"previous":{"kept":[1]}}'
writes_nothing 3 "its revert" sb-log --db bad.db revert "$(last_audit)"
check "says why" err_has "the project it kept is not the one it replaced"

done_testing
