#!/bin/sh
# A revert that cannot read what it keeps in its own row (the strip it
# takes out, a calendar entry, a calendar's days off) says which audit row
# it was reverting, what it was reading and why, and SQLite's reason, and
# changes nothing.  Here the rows hold a BLOB where text belongs (as
# someone with sqlite3 and the file can leave one), which SQLite's JSON
# functions refuse; with the text back, the same revert goes through.
# (A server's text columns hold no BLOB: this is a file's test.)
. "${top_srcdir:-.}/tests/cli/lib.sh"

revert_setup r.db

# blob_revert WHAT TABLE COLUMN ID BACK TEXT ROWS...: with a BLOB in
# TABLE.COLUMN of row ID, the revert of the audit rows ROWS is refused
# (exit 1), the file as it was, with TEXT on one line; with BACK (SQL) in
# the column again, the same revert goes through
blob_revert() {
	br_what=$1 br_table=$2 br_col=$3 br_id=$4 br_back=$5 br_text=$6; shift 6
	check "$br_what: a BLOB in $br_table.$br_col" \
	    db_exec r.db "UPDATE $br_table SET $br_col = X'00ff' WHERE id = $br_id"
	writes_nothing 1 "$br_what: reverted, refused" sb-log revert "$@"
	check "$br_what: the message names the row, what it read and why, and SQLite's reason" \
	    err_has "$br_text: JSON cannot hold BLOB values"
	check "$br_what: on one line" test "$(wc -l < err)" -eq 1
	check "$br_what: the column as it was" \
	    db_exec r.db "UPDATE $br_table SET $br_col = $br_back WHERE id = $br_id"
	expect_status 0 "$br_what: then the same revert goes through" sb-log revert "$@"
}

# a strip made: its revert keeps the strip's columns
before=$(last_audit)
check "a new strip" sb-strip -q new scene scene=99 synopsis=hello
sid=$(q "SELECT entity_id FROM audit WHERE id > $before AND entity = 'strip'")
srow=$(q "SELECT id FROM audit WHERE id > $before AND entity = 'strip'")
blob_revert "the strip made" strip synopsis "$sid" "'hello'" \
    "audit row $srow: cannot read strip $sid, to keep its columns and links in the revert's row" \
    $(audit_after "$before" | sort -rn)
is "the strip is gone" "$(q "SELECT count(*) FROM strip WHERE id = $sid")" 0

# a holiday added: its revert keeps the entry's columns
before=$(last_audit)
check "a holiday" sb-day -q --board "First Pass" calendar --holiday 2022-12-26
hrow=$(q "SELECT id FROM audit WHERE id > $before AND entity = 'calendar_day'")
hid=$(q "SELECT entity_id FROM audit WHERE id = $hrow")
blob_revert "the holiday added" calendar_day name "$hid" "'Boxing Day'" \
    "audit row $hrow: cannot read calendar entry $hid, to keep its columns in the revert's row" \
    "$hrow"

# the days off changed: its revert keeps the calendar's days off and ext
before=$(last_audit)
check "days off changed" sb-day -q --board "First Pass" calendar --days-off sat
drow=$(q "SELECT id FROM audit WHERE id > $before AND entity = 'calendar'")
cal=$(q "SELECT entity_id FROM audit WHERE id = $drow")
is "the calendar's ext, read back" "$(q "SELECT quote(ext) FROM calendar WHERE id = $cal")" NULL
blob_revert "the days off changed" calendar ext "$cal" NULL \
    "audit row $drow: cannot read the days off of calendar $cal, to keep them in the revert's row" \
    "$drow"
check "the trail verifies" sb-log --verify
done_testing
