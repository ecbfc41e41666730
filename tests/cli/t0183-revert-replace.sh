#!/bin/sh
# sb-log revert of an import that replaced a project (sb-import --replace):
# the import's audit row keeps every row of the project it replaced
# ("previous"), so the revert puts that project back, every row with its
# id: the CSV, JSON and USS exports, the board list and a day list are the
# earlier ones byte for byte.  Only with every change after the import in
# the same revert (exit 5 alone, file unchanged); --dry-run writes nothing;
# a revert of the revert replaces it again.  An import row without the
# rows (an older stripboard's) is refused (exit 3).
. "${top_srcdir:-.}/tests/cli/lib.sh"

revert_setup p.db
exports() {
	revert_exports "$1"
	sb-export --format csv > "$1.csv"
	sb-export --format json > "$1.json"
	sb-board list --format csv > "$1.list"
	sb-day --board Copy list --format csv > "$1.days"
}
# the project as schedulers left it, not as a fresh import
check "a move" sb-reorder -q --board "First Pass" move 17 --to 5
check "a copy of a board" sb-board -q new Copy --from "Second Pass"
check "a calendar edit" sb-day -q --board Copy calendar --holiday 2022-12-26
check "a strip edit" sb-strip -q set 2 synopsis=kept
exports before

strips=$(q "SELECT count(*) FROM strip") placed=$(q "SELECT count(*) FROM placement")
check "the project replaced" sb-import -q --replace "$small"
imp=$(last_audit)
# the rows kept: audit rows of their own, before the import's, which names them
kept() {
	q "SELECT coalesce(sum(json_array_length(changes, '\$.kept.rows.$1.rows')), 0)
	   FROM audit WHERE entity = 'kept' AND id IN
	   (SELECT value FROM json_each((SELECT changes FROM audit WHERE id = $imp), '\$.previous.kept'))"
}
w="the import's rows kept keep the project's strips"
on_sqlite "$w" && is "$w" "$(kept strip)" "$strips"
on_sqlite "and its placements" && is "and its placements" "$(kept placement)" "$placed"
check "the trail verifies" sb-log --verify
sb-export --format uss > replaced.uss

writes_nothing 0 "--dry-run" sb-log revert --dry-run "$imp"
check "says it would put the project back" out_has '"undo":"put back the project it replaced, every row of it"'

check "a strip edit after the import" sb-strip -q set 89PT1 synopsis=later
writes_nothing 5 "the import alone, a change after it: a conflict" sb-log revert "$imp"
check "says what to revert with it" err_has "revert every change after the import"

expect_status 0 "the import and the change after it" sb-log revert $(audit_after $((imp - 1)))
exports after
for f in csv json uss list days; do
	check "the $f output is the earlier one, byte for byte" cmp before.$f after.$f
done
check "the trail verifies" sb-log --verify
check "sb-log shows the revert as an import" sh -c 'sb-log --format table | grep -q import'

back=$(last_audit)
expect_status 0 "revert the revert" sb-log revert "$back"
sb-export --format uss > again.uss
check "the replacing project is back, byte for byte" cmp replaced.uss again.uss
expect_status 0 "and revert that" sb-log revert "$(last_audit)"
exports third
for f in csv json uss list days; do
	check "the $f output is the earlier one again" cmp before.$f third.$f
done

# --as-of before the revert: the trail of the project starts at it
expect_status 4 "--as-of before the revert: the trail starts there" \
    sb-export --as-of "$imp" --format csv

# a replacing import written without the rows
sb-import -q --db old.db "$small" || exit 99
check "a replacing import's row as an older writer wrote it" audit_write old.db project 1 1 2 \
    '{"import":{"format":"uss","file":"x","strips":1,"replaced":true}}'
db=old.db
writes_nothing 3 "an import row without the project it replaced" sb-log --db old.db revert \
    "$(sql old.db "SELECT max(id) FROM audit")"
check "says why" err_has "does not keep the project it replaced"

# an import that took another project's name: that project is not kept
check "an import row that replaced another project by its name" audit_write old.db \
    project 1 0 1 '{"import":{"format":"uss","file":"x","strips":1,"replaced":false,"replaced_other":true}}'
writes_nothing 3 "an import that took another project's name" sb-log --db old.db revert \
    "$(sql old.db "SELECT max(id) FROM audit")"
check "says why" err_has "took another project's name"

done_testing
