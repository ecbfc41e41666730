#!/bin/sh
# sb-log revert of a respacing: moves into one gap until its keys grow too
# long and the day's keys are laid out again (an audit row of the lane,
# "respace").  Reverting it gives the old keys back in the same order (the
# placements whose keys change rise a version), so that the moves before
# it go back where they were: reverting every move and the respacing gives
# the earlier exports (CSV, JSON, USS) and even the keys back byte for
# byte.  A strip moved into the day since is a conflict (exit 5), and it
# and --dry-run leave the file byte-identical (cmp).
. "${top_srcdir:-.}/tests/cli/lib.sh"

revert_setup r.db
exports() {
	revert_exports "$1" "First Pass"
	q "SELECT group_concat(id || ':' || pos, ' ') FROM (SELECT id, pos FROM placement ORDER BY id)" > "$1.keys"
}
exports before
start=$(last_audit)

# scenes 115a and 117a, by turns, right after 17: each lands in a smaller gap
day=$(q "SELECT day_id FROM placement WHERE board_id = (SELECT id FROM board WHERE name = 'First Pass') AND strip_id = (SELECT id FROM strip WHERE scene = '17')")
a=$(q "SELECT id FROM strip WHERE scene = '115a'")
b=$(q "SELECT id FROM strip WHERE scene = '117a'")
s17=$(q "SELECT id FROM strip WHERE scene = '17'")
i=0
while [ $i -lt 420 ]; do
	echo "{\"strip_id\":$a,\"after\":$s17}"
	echo "{\"strip_id\":$b,\"after\":$s17}"
	i=$((i + 2))
done > moves.ndjson
check "420 moves into one gap" sb-reorder -q --board "First Pass" batch moves.ndjson
resp=$(q "SELECT max(id) FROM audit WHERE CAST(json_extract(changes, '\$.respace.owner') AS INTEGER) = $day")
check "the day's keys were laid out again" test -n "$resp"
end=$(last_audit)
ids=$(audit_after "$start")

writes_nothing 0 "--dry-run" sb-log revert --dry-run $ids
check "says it would give the keys back" out_has '"undo":"gave the keys their old spacing back'

# without the respacing, the moves before it meet the versions it raised
writes_nothing 5 "the moves without the respacing are a conflict" sb-log revert \
    $(ids_after "$start" "$((resp - 1))") $(ids_after "$resp" "$end")
check "the move just before the respacing meets the version it raised" \
    sh -c "json_ok out && grep -q '\"conflict\":{\"audit\":$((resp - 1)),' out"

# a strip moved into the day since the respacing
sb-reorder -q --board "First Pass" move 40 --after 17
writes_nothing 5 "the respacing of a day a strip entered since is a conflict" sb-log revert "$resp"
check "says so" err_has "nothing was changed"

expect_status 0 "revert every move, the respacing and the later move" sb-log revert \
    $(audit_after "$start")
check "gives the keys back" out_has '"undo":"gave the keys their old spacing back'
exports after
same_exports before after csv json uss keys
check "sb-log says the keys were spaced out" sh -c \
    'sb-log --format table | grep -q "spaced out the position keys"'

done_testing
