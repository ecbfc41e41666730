#!/bin/sh
# Valid USS out: the USS export of every fixture of every format satisfies
# the rules of FORMATS section 1 ("What a valid USS 1.0.0 file has", the
# schema of the standard's own validator), checked by tests/tools/
# ussvalid.py (written from FORMATS); a project read from USS is written as
# it was read unless --valid asks for the valid form; --keep writes the
# form as kept, extension keys and all.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if [ -z "${PYTHON3:-}" ]; then
	echo "1..0 # SKIP no python3"
	exit 0
fi
tools="$top_srcdir/tests/tools"
valid() { "$PYTHON3" "$tools/ussvalid.py" "$@"; }

"$PYTHON3" "$tools/msdgen.py" "$fixtures/msd/night-train.txt" nt.msd || exit 99
"$PYTHON3" "$tools/msdgen.py" "$fixtures/msd/night-train-alt.txt" alt.msd || exit 99
"$PYTHON3" "$tools/sexgen.py" "$fixtures/sex/bailey.txt" bailey.sex || exit 99
sb-import -q --db fdx.db "$fixtures/fdx/bailey.fdx" 2>/dev/null || exit 99
sb-import -q --db sex.db bailey.sex 2>/dev/null || exit 99
sb-import -q --db nt.db nt.msd 2>/dev/null || exit 99
sb-import -q --db alt.db alt.msd 2>/dev/null || exit 99
sb-import -q --db full.db "$full" 2>/dev/null || exit 99
sb-import -q --db small.db "$small" 2>/dev/null || exit 99
sb-export --db full.db --board "First Pass" --format csv > fp.csv
sb-import -q --db csv.db --project FromCSV fp.csv 2>/dev/null || exit 99

# valid DB DESCRIPTION [OPTIONS]: the USS export passes, with its warnings in warn.DB
for db in fdx sex nt alt csv; do
	expect_status 0 "$db: the USS export" sb-export --db $db.db --format uss
	cp out $db.uss
	expect_status 0 "$db: is valid USS 1.0.0 with no option" valid $db.uss
	cp out $db.warn
done
check "fdx: the validator warns of nothing but the missing start and calendar" \
    test "$(grep -v 'has no start event\|has no calendar' fdx.warn | wc -l)" -eq 0
# an .msd banner is a strip of one board: the others do not name it
check "msd: the validator warns only of banners of other boards" \
    test "$(grep -v 'does not name every breakdown' nt.warn | wc -l)" -eq 0
check "msd (alternative spellings): the same" \
    test "$(grep -v 'does not name every breakdown' alt.warn | wc -l)" -eq 0
check "csv: every breakdown on the board, no dangling id" \
    test "$(grep -c 'names no breakdown\|does not exist' csv.warn)" -eq 0
check "msd: no extension key is written" test "$(grep -c '"_' nt.uss)" -eq 0
check "msd: the author is PreparedBy" grep -q '"author": *"R. Hale, 1st AD"' nt.uss
check "fdx: the header's required keys are there, source empty" grep -q '"source": *""' fdx.uss

# a project read from USS is written as it was read, quirks and all
expect_status 0 "full: the USS export" sb-export --db full.db --format uss
cp out full.uss
expect_status 1 "full: written as read, it fails the validator as the sample does" valid full.uss
check "  (breakdowns without created)" err_has "required key 'created' is missing"
expect_status 0 "full --valid" sb-export --db full.db --format uss --valid
cp out full-valid.uss
expect_status 0 "full --valid: passes" valid full-valid.uss
cp out full.warn
check "  type strip is scene" test "$(grep -c '"type":"strip"' full-valid.uss)" -eq 0
check "  every breakdown has created" test "$(grep -c '"type":"scene"' full-valid.uss)" -eq "$(grep -c '"type":"scene".*"created":"' full-valid.uss)"
check "  doodDayCount is dropDayCount" test "$(grep -c doodDayCount full-valid.uss)" -eq 0
check "  breakdownArrays is breakdownIds" test "$(grep -c breakdownArrays full-valid.uss)" -eq 0
check "  the validator warns of the sample's own faults: the unplaced banner, the dangling link" \
    grep -q 'does not name every breakdown' full.warn
expect_status 0 "small --valid: passes" sh -c "sb-export --db small.db --format uss --valid > small.uss && '$PYTHON3' '$tools/ussvalid.py' small.uss"

# --valid reads back as the same production
expect_status 0 "the valid form imports" sb-import --db back.db full-valid.uss
for b in "First Pass" "Second Pass"; do
	sb-export --db full.db --board "$b" --format csv | cut -d, -f1-4,6- > a.csv
	sb-export --db back.db --board "$b" --format csv | cut -d, -f1-4,6- > b.csv
	if cmp -s a.csv b.csv; then ok "$b: the same board through the valid form"
	else not_ok "$b: the same board through the valid form"; diff a.csv b.csv | head -5 | sed 's/^/# /'; fi
done

# --keep: the form as kept, for any project
expect_status 0 "msd --keep" sb-export --db nt.db --format uss --keep
check "  keeps the extension keys" out_has '"_msd"'
expect_status 2 "--valid and --keep together" sb-export --db nt.db --format uss --valid --keep
check "  say so" err_has "--valid and --keep"
expect_status 2 "--valid is a form of USS only" sb-export --db nt.db --format csv --valid
check "  says so" err_has "--valid is a form of USS, not of csv"

done_testing
