#!/bin/sh
# sb-log revert of imports.  A script revision (sb-import --update: scenes
# changed, added, omitted, elements made) is undone row by row: the
# earlier exports (CSV, JSON, USS) come back byte for byte, versions aside,
# and a revert of the revert merges it again.  A first import is undone
# only with every change after it: the project is deleted.  An import that
# replaced a project puts it back (t0183).  Conflicts (exit 5), refusals
# and --dry-run leave the file byte-identical (cmp).
. "${top_srcdir:-.}/tests/cli/lib.sh"

rev="$fixtures/revision"
revert_setup u.db "$rev/draft1.fdx"
# a project read from .fdx has no stable id: its USS export draws one
exports() {
	revert_exports "$1"
	grep -v '^    "id": ' "$1.uss" > uss.tmp && mv uss.tmp "$1.uss"
}
exports before
start=$(last_audit)

check "the pink draft merged" sb-import -q --update "$rev/draft2.fdx"
exports merged
check "it changed the board" sh -c '! cmp -s before.json merged.json'
ids=$(audit_after "$start")

writes_nothing 0 "--dry-run" sb-log revert --dry-run $ids
check "says it would take the new scene out" out_has '"undo":"took the strip it made out again"'

# a conflict: a scene the revision changed, edited since
sb-strip -q set 2 synopsis=later
writes_nothing 5 "a revert over a later edit is a conflict" sb-log revert $ids
sb-log -q revert "$(last_audit)" > /dev/null

end=$(last_audit)
expect_status 0 "revert the revision (and the edit and its revert)" sb-log revert \
    $(audit_after "$start")
check "says the revision row itself undoes nothing" out_has '"undo":"nothing: the revision'
exports after
same_exports before after csv json uss
is "no element the revision made is left" "$(q "SELECT count(*) FROM element WHERE name = 'CLARENCE'")" 0

expect_status 0 "revert the revert" sb-log revert $(audit_after "$end")
exports again
same_exports merged again csv json uss

# a first import: only with everything after it
first=$(q "SELECT min(id) FROM audit")
writes_nothing 5 "the first import alone is a conflict" sb-log revert "$first"
check "says every change after it must go too" err_has "revert every change after the import"
expect_status 0 "the first import with every change after it" sb-log revert $(audit_after "$((first - 1))")
check "says the project was deleted" out_has '"undo":"deleted the project it imported"'
is "the project is gone" "$(q "SELECT count(*) FROM project")" 0
is "its strips too" "$(q "SELECT count(*) FROM strip")" 0
check "the trail stays" test "$(q "SELECT count(*) FROM audit")" -gt "$end"
writes_nothing 3 "the deletion is not reverted" sb-log revert "$(last_audit)"

# an import that replaced a project
sb-import -q --db r.db "$rev/draft1.fdx" || exit 99
first=$(sql r.db "SELECT group_concat(uid) FROM (SELECT uid FROM strip ORDER BY id) AS s")
sb-import -q --db r.db --replace "$rev/draft1.fdx" || exit 99
expect_status 0 "a replacing import is reverted (t0183), on a server too" sb-log --db r.db revert \
    "$(sql r.db "SELECT max(id) FROM audit")"
check "says it put the project back" out_has '"undo":"put back the project it replaced'
is "the first import's strips are back, with their uids" \
    "$(sql r.db "SELECT group_concat(uid) FROM (SELECT uid FROM strip ORDER BY id) AS s")" "$first"

done_testing
