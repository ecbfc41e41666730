#!/bin/sh
# t0086-chain-changed: a row of the trail changed with sqlite3 (the trigger
# dropped, the row updated, the trigger made again as it was) is caught by
# sb-log --verify, naming the row and why (exit 8), as Python's independent
# recomputation finds too; a changed hash is told from changed content; a
# changed first row, a changed last row; verifying changes nothing.
. "${top_srcdir:-.}/tests/cli/lib.sh"
chain() { python3 "$top_srcdir/tests/tools/chain_head.py" "$@"; }

sb-import -q --db wl.db "$full" || exit 99
for d in 3 4 5 6 7 3 4; do
	sb-reorder -q --db wl.db --board "First Pass" move 17 --to "$d" || exit 99
done
last=$(sql wl.db "SELECT max(id) FROM audit")
trig=$(sql wl.db "SELECT sql FROM sqlite_schema WHERE name = 'audit_no_update'")

# tamper DB SQL: SQL run with the UPDATE trigger lifted, then made again
tamper() {
	rm -f "$1"; cp wl.db "$1" || exit 99
	sqlite3 "$1" "DROP TRIGGER audit_no_update; $2; $trig;" || exit 99
}

tamper actor.db "UPDATE audit SET actor = 'mallory' WHERE id = 4"
before=$(snapshot actor.db)
expect_status 8 "an actor changed: sb-log --verify fails" sb-log --db actor.db --verify
check "  ... naming the row and why" err_has "broken at id 4: content changed"
is "  ... nothing on stdout: no head of a broken trail" "$(cat out)" ""
is "  ... verifying changed nothing" "$(snapshot actor.db)" "$before"
expect_status 1 "  ... Python's recomputation fails there too" chain actor.db
check "  ... at row 4" err_has "row 4:"
expect_status 8 "  ... --format ndjson: an object naming the row" \
    sb-log --db actor.db --verify --format ndjson
check "  ... with ok false and id 4" out_has '{"ok":false,"id":4,"why":'

tamper changes.db "UPDATE audit SET changes = replace(changes, '\"day_id\"', '\"dayid\"') WHERE id = 5"
expect_status 8 "the changes of a move edited" sb-log --db changes.db --verify
check "  ... row 5, content changed" err_has "broken at id 5: content changed"

tamper type.db "UPDATE audit SET actor = CAST(actor AS BLOB) WHERE id = 3"
expect_status 8 "a text stored as a blob, the same bytes" sb-log --db type.db --verify
check "  ... row 3: the type is part of the encoding" err_has "broken at id 3: content changed"

tamper first.db "UPDATE audit SET at = '2020-01-01T00:00:00.000Z' WHERE id = 1"
expect_status 8 "the first row's time changed" sb-log --db first.db --verify
check "  ... row 1" err_has "broken at id 1: content changed"

tamper lastrow.db "UPDATE audit SET command = 'sb-reorder move 1 --to 1' WHERE id = $last"
expect_status 8 "the last row changed" sb-log --db lastrow.db --verify
check "  ... the last row, named so" err_has "broken at id $last, the last row"

tamper hash.db "UPDATE audit SET hash = '$(printf '%064d' 0)' WHERE id = 6"
expect_status 8 "a row's hash replaced" sb-log --db hash.db --verify
check "  ... row 6: its hash changed, its content still chains" \
    err_has "broken at id 6: its hash changed"

tamper both.db "UPDATE audit SET actor = 'mallory', hash = '$(printf '%064d' 0)' WHERE id = 6"
expect_status 8 "a row and its hash replaced" sb-log --db both.db --verify
check "  ... row 6, rewritten" err_has "broken at id 6: the row does not match its hash"

tamper nohash.db "UPDATE audit SET hash = NULL WHERE id = 2"
expect_status 8 "a hash removed" sb-log --db nohash.db --verify
check "  ... row 2 has none" err_has "broken at id 2: the row has no chain hash"

# the same file untouched holds
expect_status 0 "the original holds" sb-log --db wl.db --verify

done_testing
