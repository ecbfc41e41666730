#!/bin/sh
# t0086-chain-changed: a row of the trail changed with sqlite3 (the trigger
# dropped, the row updated, the trigger made again as it was) is caught by
# sb-log --verify, naming the row and why (exit 8), as Python's independent
# recomputation finds too; a changed hash is told from changed content; a
# changed first row, a changed last row; verifying changes nothing.
. "${top_srcdir:-.}/tests/cli/lib.sh"

chain_setup
# tamper DB SQL: SQL run with the UPDATE trigger lifted, then made again
tamper() { trail_edit audit_no_update "$@"; }

tamper actor.db "UPDATE audit SET actor = 'mallory' WHERE id = 4"
before=$(snapshot actor.db)
verify_broken actor.db "an actor changed: sb-log --verify fails" \
    "  ... naming the row and why" "broken at id 4: content changed"
is "  ... nothing on stdout: no head of a broken trail" "$(cat out)" ""
is "  ... verifying changed nothing" "$(snapshot actor.db)" "$before"
expect_status 1 "  ... Python's recomputation fails there too" chain actor.db
check "  ... at row 4" err_has "row 4:"
expect_status 8 "  ... --format ndjson: an object naming the row" \
    sb-log --db actor.db --verify --format ndjson
check "  ... with ok false and id 4" out_has '{"ok":false,"id":4,"why":'

tamper changes.db "UPDATE audit SET changes = replace(changes, '\"day_id\"', '\"dayid\"') WHERE id = 5"
verify_broken changes.db "the changes of a move edited" \
    "  ... row 5, content changed" "broken at id 5: content changed"

# (a column's type is the file's: a server's column has one)
if on_sqlite "a text stored as a blob, the same bytes"; then
	tamper type.db "UPDATE audit SET actor = CAST(actor AS BLOB) WHERE id = 3"
	verify_broken type.db "a text stored as a blob, the same bytes" \
	    "  ... row 3: the type is part of the encoding" "broken at id 3: content changed"
fi

tamper first.db "UPDATE audit SET at = '2020-01-01T00:00:00.000Z' WHERE id = 1"
verify_broken first.db "the first row's time changed" \
    "  ... row 1" "broken at id 1: content changed"

tamper lastrow.db "UPDATE audit SET command = 'sb-reorder move 1 --to 1' WHERE id = $last"
verify_broken lastrow.db "the last row changed" \
    "  ... the last row, named so" "broken at id $last, the last row"

tamper hash.db "UPDATE audit SET hash = '$(printf '%064d' 0)' WHERE id = 6"
expect_status 8 "a row's hash replaced" sb-log --db hash.db --verify
check "  ... row 6: its hash changed, its content still chains" \
    err_has "broken at id 6: its hash changed"

tamper both.db "UPDATE audit SET actor = 'mallory', hash = '$(printf '%064d' 0)' WHERE id = 6"
verify_broken both.db "a row and its hash replaced" \
    "  ... row 6, rewritten" "broken at id 6: the row does not match its hash"

tamper nohash.db "UPDATE audit SET hash = NULL WHERE id = 2"
verify_broken nohash.db "a hash removed" \
    "  ... row 2 has none" "broken at id 2: the row has no chain hash"

# the same file untouched holds
expect_status 0 "the original holds" sb-log --db wl.db --verify

done_testing
