#!/bin/sh
# t0088-chain-rewritten: a forger who knows the encoding changes a row and
# computes every hash again (tests/tools/chain_head.py --rewrite), so the
# chain holds on its own; the head kept before catches it (exit 8), as it
# catches rows cut from the end; a head kept before rows were added is
# still found.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
for d in 3 4 5; do
	sb-reorder -q --board "First Pass" move 17 --to "$d" || exit 99
done
sb-log -q --verify > kept.head || exit 99
kept=$(cat kept.head)
early=$(sql wl.db "SELECT hash FROM audit WHERE id = 2")

for d in 6 7; do
	sb-reorder -q --board "First Pass" move 17 --to "$d" || exit 99
done
expect_status 0 "new changes after the kept head: it is still in the trail" \
    sb-log --verify --head "$kept"
check "  ... found" err_has "kept head found"
newhead=$(cat out)

trail_edit audit_no_update forged.db "UPDATE audit SET actor = 'mallory' WHERE id = 2"
check "a row changed and the whole chain computed again" chain --rewrite forged.db
expect_status 0 "  ... the chain holds on its own" sb-log --db forged.db --verify
check "  ... (Python agrees)" chain forged.db
expect_status 8 "  ... but the head kept before is not in it" \
    sb-log --db forged.db --verify --head "$kept"
check "  ... which it says" err_has "does not hold the kept head $kept: it was rewritten"
expect_status 8 "  ... nor the last head" sb-log --db forged.db --verify --head "$newhead"
expect_status 8 "  ... nor any row's before the change" sb-log --db forged.db --verify --head "$early"
expect_status 0 "  ... the original holds every one" sb-log --verify --head "$early"

# the writer chains to a rewritten trail as to any: the kept head is the check
expect_status 0 "a write to the forged file goes on" \
    sb-reorder -q --db forged.db --board "First Pass" move 17 --to 3
expect_status 8 "  ... and the kept head still catches it" \
    sb-log --db forged.db --verify --head "$kept"

done_testing
