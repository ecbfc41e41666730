#!/bin/sh
# t0087-chain-deleted-inserted: rows deleted from the trail with sqlite3
# (the DELETE trigger dropped and made again), and rows inserted (no
# trigger to drop: INSERT is allowed), are caught by sb-log --verify, naming
# where and why (exit 8); the next write refuses to chain to a row without
# a hash, and changes nothing; a row inserted with a forged hash is caught
# even after later changes chained to it.
. "${top_srcdir:-.}/tests/cli/lib.sh"

chain_setup
# delete DB SQL: SQL run with the DELETE trigger lifted, then made again
delete() { trail_edit audit_no_delete "$@"; }

delete one.db "DELETE FROM audit WHERE id = 4"
verify_broken one.db "a row deleted: sb-log --verify fails" \
    "  ... at the row after it, naming the row gone" "broken at id 5: row 4 deleted"
expect_status 1 "  ... Python's recomputation fails there too" chain one.db
check "  ... at row 5" err_has "row 5:"

delete three.db "DELETE FROM audit WHERE id BETWEEN 2 AND 4"
verify_broken three.db "three rows deleted" \
    "  ... named" "broken at id 5: rows 2 to 4 deleted"

delete firstrow.db "DELETE FROM audit WHERE id = 1"
verify_broken firstrow.db "the first row deleted" \
    "  ... named" "broken at id 2: row 1 deleted"

delete lastrow.db "DELETE FROM audit WHERE id = $last"
expect_status 0 "the last row deleted: the chain that is left holds" sb-log --db lastrow.db --verify
expect_status 8 "  ... but not against the head kept before" \
    sb-log --db lastrow.db --verify --head "$(sql wl.db "SELECT hash FROM audit WHERE id = $last")"
check "  ... which it no longer holds" err_has "does not hold the kept head"

# an INSERT needs no trigger dropped
trail_copy plain.db
db_exec plain.db "INSERT INTO audit (at, actor, command, entity) VALUES ('2030-01-01T00:00:00.000Z', 'mallory', 'sqlite3', 'note')" || exit 99
verify_broken plain.db "a row inserted with sqlite3" \
    "  ... it has no chain hash" "broken at id $((last + 1)): the row has no chain hash"
before=$(snapshot plain.db)
expect_status 8 "  ... the next write refuses to chain to it" \
    sb-reorder --db plain.db --board "First Pass" move 17 --to 5
check "  ... saying why" err_has "the last audit row (id $((last + 1))) has no chain hash"
is "  ... and writes nothing" "$(snapshot plain.db)" "$before"

# a forger who writes a plausible hash: later changes chain to it
trail_copy forged.db
db_exec forged.db "INSERT INTO audit (at, actor, command, entity, hash) SELECT '2030-01-01T00:00:00.000Z', 'mallory', 'sqlite3', 'note', hash FROM audit WHERE id = $last" || exit 99
expect_status 0 "a row inserted with a forged hash: the next write goes on" \
    sb-reorder -q --db forged.db --board "First Pass" move 17 --to 6
verify_broken forged.db "  ... but sb-log --verify finds the forged row" \
    "  ... by its id" "broken at id $((last + 1)): content changed"

# a row put back in place of one deleted, with the hash of its neighbour
delete swapped.db "DELETE FROM audit WHERE id = 4; INSERT INTO audit (id, at, actor, command, entity, hash) SELECT 4, at, 'mallory', command, entity, hash FROM audit WHERE id = 3"
verify_broken swapped.db "a row replaced by another" \
    "  ... at its id" "broken at id 4"

# a row inserted between two others by a forger who knows the encoding:
# the rows after it renumbered, the new row given the hash it would have
# had there; the renumbered row still links to the row before the new one
# (the hash from Python's encoding, tests/tools/chain_head.py; the ids moved
# out of the way and back, as both engines check the key row by row)
h=$(python3 - "$top_srcdir/tests/tools" "$(sql wl.db "SELECT hash FROM audit WHERE id = 3")" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import chain_head
row = [4, b"2030-01-01T00:00:00.000Z", b"mallory", b"sqlite3", None, b"note", 0, 0, 0, None]
print(chain_head.digest(bytes.fromhex(sys.argv[2]), row).hex())
PY
) || exit 99
trail_edit audit_no_update between.db "UPDATE audit SET id = -id WHERE id >= 4;
    UPDATE audit SET id = 1 - id WHERE id < 0;
    INSERT INTO audit (id, at, actor, command, project_id, entity, entity_id,
    version_before, version_after, changes, hash) VALUES (4,
    '2030-01-01T00:00:00.000Z', 'mallory', 'sqlite3', NULL, 'note', 0, 0, 0, NULL, '$h')"
verify_broken between.db "a row inserted in the middle, the rows after renumbered" \
    "  ... named, the renumbering too" "broken at id 4: row inserted (the rows after it renumbered: row 5 was row 4)"

done_testing
