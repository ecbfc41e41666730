#!/bin/sh
# sb-report flags uses the red-flag dates a Movie Magic file keeps
# (RedFlagMgr/RedFlagEntry, in the project's meta as "_msdRedFlags"): an
# element working on one is flagged "red-flag", with the flag's name and
# note; and sb-report --as-of TIME|ID writes the report of the project as it
# stood then, the same bytes as the report written at that state.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if [ -z "${PYTHON3:-}" ]; then
	echo "1..0 # SKIP no python3 to write the .msd fixture"
	exit 0
fi
msdgen() { "$PYTHON3" "$top_srcdir/tests/tools/msdgen.py" "$@"; }
# night-train: RedFlagEntry Element="ÉLODIE" Category="Cast Members"
# Date="03/07/2024" (shoot day 3 of "Shooting Schedule"), Name "Not
# available", Note "Theatre run in Lyon"; ÉLODIE's scene 112 (BDSID 107)
# is shot on day 1
msdgen "$fixtures/msd/night-train.txt" nt.msd || exit 99
sb-import -q --db nt.db nt.msd 2>/dev/null || exit 99
# a copy of that state
db_copy nt.db before.db
rflags() { sb-report --db "$1" --board "Shooting Schedule" flags --format csv; }

expect_status 0 "flags of the board as imported" rflags nt.db
cp out flags0.csv
check "  no red flag: ÉLODIE does not work on 03/07" sh -c '! grep -q ",red-flag," flags0.csv'
# the move a second after the import: a report --as-of the import that
# read the trail past it (an ICS DTSTAMP) would show the move's time
sleep 1.1
sb-reorder -q --db nt.db --board "Shooting Schedule" move 107 --to 3 || exit 99
expect_status 0 "after her scene moves to day 3 (03/07)" rflags nt.db
cp out flags1.csv
is "  the red flag: day, date, rule, element, scene, its name and note" \
    "$(grep ",red-flag," flags1.csv)" \
    "flag,3,2024-03-07,red-flag,ÉLODIE,112,ÉLODIE works on a red-flag date: Not available (Theatre run in Lyon)"
expect_status 0 "  ... as JSON too" sb-report --db nt.db --board "Shooting Schedule" flags --format json
check "  ... with its rule" out_has '"rule":"red-flag"'

# a flag of another category, or of a date that is no date, flags nothing
sed 's|Category="Cast Members" Element="ÉLODIE"|Category="Props" Element="ÉLODIE"|' \
    "$fixtures/msd/night-train.txt" > other.txt && msdgen other.txt other.msd || exit 99
sb-import -q --db other.db other.msd 2>/dev/null || exit 99
sb-reorder -q --db other.db --board "Shooting Schedule" move 107 --to 3 || exit 99
expect_status 0 "a red flag naming her in another category" rflags other.db
check "  flags nothing" sh -c '! grep -q ",red-flag," out'
sed 's|Date="03/07/2024" Category|Date="soon" Category|' \
    "$fixtures/msd/night-train.txt" > nodate.txt && msdgen nodate.txt nodate.msd || exit 99
sb-import -q --db nodate.db nodate.msd 2>/dev/null || exit 99
sb-reorder -q --db nodate.db --board "Shooting Schedule" move 107 --to 3 || exit 99
expect_status 0 "a red flag on a date that is no date" rflags nodate.db
check "  flags nothing" sh -c '! grep -q ",red-flag," out'

# ---- --as-of ----
import_id=$(sql nt.db "SELECT min(id) FROM audit")
for r in flags dood oneliner schedule elements board; do
	f=csv
	[ "$r" = board ] && f=html
	sb-report --db before.db --board "Shooting Schedule" --format $f $r > want.$r 2>/dev/null
	expect_status 0 "$r --as-of the import" \
	    sb-report --db nt.db --board "Shooting Schedule" --format $f --as-of "$import_id" $r
	if same_file out want.$r; then ok "  ... the same bytes as $r written before the move"
	else not_ok "  ... the same bytes as $r written before the move"; diff want.$r out | head -n 6 | sed 's/^/# /'; fi
done
sb-report --db before.db --board "Shooting Schedule" ics > want.ics 2>/dev/null
expect_status 0 "ics --as-of the import" sb-report --db nt.db --board "Shooting Schedule" --as-of "$import_id" ics
if same_file out want.ics; then ok "  ... the same bytes, stamps too"
else not_ok "  ... the same bytes, stamps too"; diff want.ics out | head -n 6 | sed 's/^/# /'; fi
# A time in whole seconds: wait past the second of the last write (its
# stamp has milliseconds), so the truncated "now" is not before it.
sleep 1.1
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
expect_status 0 "--as-of now is the report of now" \
    sb-report --db nt.db --board "Shooting Schedule" --format csv --as-of "$now" flags
if same_file out flags1.csv; then ok "  ... the same bytes"; else not_ok "  ... the same bytes"; fi
before=$(snapshot nt.db)
expect_status 0 "--as-of with --output" \
    sb-report --db nt.db --board "Shooting Schedule" --format csv --as-of "$import_id" --output old.csv flags
if same_file old.csv flags0.csv; then ok "  ... writes the old report"; else not_ok "  ... writes the old report"; fi
is "  ... and leaves the database as it was" "$(snapshot nt.db)" "$before"
expect_status 2 "--as-of that is neither an id nor a time: exit 2" \
    sb-report --db nt.db --as-of "last tuesday-ish" flags
expect_status 4 "--as-of an audit id not written yet: exit 4" \
    sb-report --db nt.db --as-of 999999 flags

done_testing
