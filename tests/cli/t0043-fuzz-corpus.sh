#!/bin/sh
# t0043-fuzz-corpus - what users feed us most, fuzzed: the USS, CSV, JSON
# and NDJSON readers and the batch reader of sb-reorder.  Each input kept in
# tests/fixtures/fuzz/FMT/ (edge cases made by hand, and every input the
# fuzzer found a bug with) is read or refused by the command, never crashes
# it; and each harness (tests/fuzz/fuzz_FMT, built with fuzz_main.c) runs
# them and the minimized corpus, checking on each input that a refusal
# changed nothing in the database and an acceptance wrote what it says.
# On a server (SB_TEST_ENGINE=pg) the commands run there, each case a
# database of its own; the harnesses, whose databases are SQLite's in
# memory, are left to the run on files, saying so.
. "${top_srcdir:?}/tests/cli/lib.sh"

for fmt in uss csv json ndjson; do
	fuzz_corpus "$fmt"
done

# The batches move the strips of the production the harness builds with
# sb_synth() (24 strips, seed 1); its USS export carries the same ids.
base=base.db
expect_status 0 "the production the batches move imports" \
    sb-import --db "$base" --project F "$fixtures/fuzz/uss/export-synth.uss"
base_snap=$(snapshot "$base" | sed 's/^no base/no /')
for f in "$fixtures/fuzz/batch"/*; do
	[ -f "$f" ] || continue
	for mode in --atomic ""; do
		# a copy of base (again only after a case that changed it)
		[ "$(snapshot batch.db 2>/dev/null | sed 's/^no batch/no /')" = "$base_snap" ] ||
		    db_copy "$base" batch.db
		run sb-reorder --db batch.db --board "First Pass" batch $mode "$f"
		case $rc in
		0|2|3|4|5) ok "batch case $(basename "$f") ${mode:-row by row}: exit $rc" ;;
		*) not_ok "batch case $(basename "$f") ${mode:-row by row}: exit $rc" ;;
		esac
	done
done
rm -f batch.db
if [ "${SB_TEST_ENGINE:-}" = pg ]; then
	ok "the batch harness # SKIP its databases are SQLite's, in memory: the run on files runs it"
else
	set --
	for f in "$fixtures/fuzz/batch"/* "$fixtures/fuzz/batch/corpus"/*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	expect_status 0 "the batch harness runs its inputs and corpus" \
	    "$top_builddir/tests/fuzz/fuzz_batch" "$@"
	check "  ... every one of them" err_has "fuzz_main: ran $# inputs"
fi

done_testing
