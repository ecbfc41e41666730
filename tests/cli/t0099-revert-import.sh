#!/bin/sh
# sb-log revert of imports.  A script revision (sb-import --update: scenes
# changed, added, omitted, elements made) is undone row by row: the
# earlier exports (CSV, JSON, USS) come back byte for byte, versions aside,
# and a revert of the revert merges it again.  A first import is undone
# only with every change after it: the project is deleted.  An import that
# replaced a project is refused (exit 3): the trail does not keep what it
# replaced.  Conflicts (exit 5), refusals and --dry-run leave the file
# byte-identical (cmp).
. "${top_srcdir:-.}/tests/cli/lib.sh"

rev="$fixtures/revision"
sb-import -q --db u.db "$rev/draft1.fdx" || exit 99
export SB_DB=u.db
db=u.db
last() { q "SELECT max(id) FROM audit"; }
# a project read from .fdx has no stable id: its USS export draws one
exports() {
	sb-export --format csv | cut -d, -f1-5,7- > "$1.csv"
	sb-export --format json | sed 's/"version":[0-9]*//g' > "$1.json"
	sb-export --format uss | grep -v '^    "id": ' > "$1.uss"
}
refused() {
	want=$1 what=$2; shift 2
	cp "$db" pre.db
	before=$(snapshot "$db")
	expect_status "$want" "$what" "$@"
	is "$what: the database is unchanged" "$(snapshot "$db")" "$before"
	check "$what: byte for byte (cmp)" cmp "$db" pre.db
}
exports before
start=$(last)

check "the pink draft merged" sb-import -q --update "$rev/draft2.fdx"
exports merged
check "it changed the board" sh -c '! cmp -s before.json merged.json'
end=$(last)
ids=$(ids_after "$start" "$end")

cp u.db pre.db
expect_status 0 "--dry-run" sb-log revert --dry-run $ids
check "says it would take the new scene out" out_has '"undo":"took the strip it made out again"'
check "the file is byte-identical" cmp u.db pre.db

# a conflict: a scene the revision changed, edited since
sb-strip -q set 2 synopsis=later
refused 5 "a revert over a later edit is a conflict" sb-log revert $ids
sb-log -q revert "$(last)" > /dev/null

end=$(last)
ids=$(ids_after "$start" "$end")
expect_status 0 "revert the revision (and the edit and its revert)" sb-log revert $ids
check "says the revision row itself undoes nothing" out_has '"undo":"nothing: the revision'
exports after
for f in csv json uss; do
	check "the $f export is the earlier one, byte for byte" cmp before.$f after.$f
done
is "no element the revision made is left" "$(q "SELECT count(*) FROM element WHERE name = 'CLARENCE'")" 0

s2=$end
end=$(last)
expect_status 0 "revert the revert" sb-log revert $(ids_after "$s2" "$end")
exports again
for f in csv json uss; do
	check "the $f export is the merged one again" cmp merged.$f again.$f
done

# a first import: only with everything after it
first=$(q "SELECT min(id) FROM audit")
refused 5 "the first import alone is a conflict" sb-log revert "$first"
check "says every change after it must go too" err_has "revert every change after the import"
expect_status 0 "the first import with every change after it" sb-log revert $(ids_after "$((first - 1))" "$(last)")
check "says the project was deleted" out_has '"undo":"deleted the project it imported"'
is "the project is gone" "$(q "SELECT count(*) FROM project")" 0
is "its strips too" "$(q "SELECT count(*) FROM strip")" 0
check "the trail stays" test "$(q "SELECT count(*) FROM audit")" -gt "$end"
refused 3 "the deletion is not reverted" sb-log revert "$(last)"

# an import that replaced a project
sb-import -q --db r.db "$rev/draft1.fdx" || exit 99
sb-import -q --db r.db --replace "$rev/draft1.fdx" || exit 99
db=r.db
refused 3 "a replacing import is refused" sb-log --db r.db revert "$(sql r.db "SELECT max(id) FROM audit")"
check "says why" err_has "does not keep the project it replaced"

done_testing
