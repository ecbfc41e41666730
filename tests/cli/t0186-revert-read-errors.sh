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

# a strip made, then its synopsis a BLOB
before=$(last_audit)
check "a new strip" sb-strip -q new scene scene=99 synopsis=hello
sid=$(q "SELECT entity_id FROM audit WHERE id > $before AND entity = 'strip'")
srow=$(q "SELECT id FROM audit WHERE id > $before AND entity = 'strip'")
rows=$(audit_after "$before" | sort -rn | tr '\n' ' ')
check "its synopsis a BLOB" db_exec r.db "UPDATE strip SET synopsis = X'00ff' WHERE id = $sid"
writes_nothing 1 "the strip's making reverted: refused" sb-log revert $rows
check "the message names the row, the strip, what for, and SQLite's reason" err_has \
    "audit row $srow: cannot read strip $sid, to keep its columns and links in the revert's row: JSON cannot hold BLOB values"
check "one line" test "$(wc -l < err)" -eq 1
check "its synopsis text again" db_exec r.db "UPDATE strip SET synopsis = 'hello' WHERE id = $sid"
expect_status 0 "then the same revert goes through" sb-log revert $rows
is "the strip is gone" "$(q "SELECT count(*) FROM strip WHERE id = $sid")" 0

# a holiday added, then its name a BLOB
before=$(last_audit)
check "a holiday" sb-day -q --board "First Pass" calendar --holiday 2022-12-26
hrow=$(q "SELECT id FROM audit WHERE id > $before AND entity = 'calendar_day'")
hid=$(q "SELECT entity_id FROM audit WHERE id = $hrow")
check "its name a BLOB" db_exec r.db "UPDATE calendar_day SET name = X'01' WHERE id = $hid"
writes_nothing 1 "the holiday's adding reverted: refused" sb-log revert "$hrow"
check "the message names the row, the entry, what for, and SQLite's reason" err_has \
    "audit row $hrow: cannot read calendar entry $hid, to keep its columns in the revert's row: JSON cannot hold BLOB values"
check "its name text again" db_exec r.db "UPDATE calendar_day SET name = 'Boxing Day' WHERE id = $hid"
expect_status 0 "then the same revert goes through" sb-log revert "$hrow"

# the days off changed, then the calendar's ext a BLOB
before=$(last_audit)
check "days off changed" sb-day -q --board "First Pass" calendar --days-off sat
drow=$(q "SELECT id FROM audit WHERE id > $before AND entity = 'calendar'")
cal=$(q "SELECT entity_id FROM audit WHERE id = $drow")
ext=$(q "SELECT quote(ext) FROM calendar WHERE id = $cal")
is "the calendar's ext, read back" "$ext" NULL
check "its ext a BLOB" db_exec r.db "UPDATE calendar SET ext = X'02' WHERE id = $cal"
writes_nothing 1 "the days off reverted: refused" sb-log revert "$drow"
check "the message names the row, the calendar, what for, and SQLite's reason" err_has \
    "audit row $drow: cannot read the days off of calendar $cal, to keep them in the revert's row: JSON cannot hold BLOB values"
check "its ext as it was" db_exec r.db "UPDATE calendar SET ext = $ext WHERE id = $cal"
expect_status 0 "then the same revert goes through" sb-log revert "$drow"
check "the trail verifies" sb-log --verify
done_testing
