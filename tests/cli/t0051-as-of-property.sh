#!/bin/sh
# t0051-as-of-property - the property test of --as-of: 2,000 random
# operations on a board (moves, a run of them into one gap until its keys
# are laid out again, batches, sorts, every day operation, calendar edits,
# script revisions), the board printed at random points (CSV, NDJSON, the
# day list, the project as USS); as of each point, by audit id and by time,
# the trail rebuilds exactly what was printed then, and as of now exactly
# the live board.  tests/tools/asof_prop.c does the work; ASOF_OPS and
# ASOF_SEED run it longer (make torture runs 20,000).
. "${top_srcdir:?}/tests/cli/lib.sh"

rev="$fixtures/revision"
ops=${ASOF_OPS:-2000}
seed=${ASOF_SEED:-16}
run asof_prop prop.db "$seed" "$ops" 60 "$rev/draft1.fdx" "$rev/draft2.fdx"
is "as of every point, what was printed then; as of now, the live board" "$rc" 0
check "  ... $ops operations were run" err_has "$ops operations"
check "  ... a gap's keys were laid out again on the way" \
    test "$(sql prop.db "SELECT count(*) FROM audit WHERE json_extract(changes, '\$.respace') IS NOT NULL")" -ge 1
check "  ... the trail holds every kind of change" test "$(sql prop.db "SELECT count(DISTINCT
    CASE WHEN entity = 'day' AND version_before = 0 THEN 'day+'
         WHEN entity = 'day' AND version_after = 0 THEN 'day-'
         WHEN entity = 'day' AND json_extract(changes, '\$.set.pos') IS NOT NULL THEN 'day>'
         WHEN entity = 'strip' THEN 'strip'
         WHEN entity = 'calendar_day' THEN 'calendar'
         WHEN entity = 'placement' THEN 'placement' END) FROM audit")" -eq 6
check "  ... and several points were checked" sh -c 'grep -q "[1-9][0-9]* points" err'
check "  ... and every lane marked numbered has its days' numbers right" test "$(sql prop.db "SELECT count(*)
    FROM day d JOIN lane l ON l.id = d.lane_id WHERE l.ranked = 1 AND d.kind = 'shoot' AND d.seq IS NOT
    (SELECT count(*) FROM day e WHERE e.lane_id = d.lane_id AND e.kind = 'shoot' AND e.pos <= d.pos)")" -eq 0
check "  ... the day changes left their lanes numbered" test "$(sql prop.db "SELECT count(*) FROM lane
    WHERE kind = 'schedule' AND ranked = 1")" -ge 1
sed 's/^/# /' err
done_testing
