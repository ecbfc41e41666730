#!/bin/sh
# t0050-audit-undo - every audit row carries the before and after values of
# what it changed, enough to undo it (stripboard(5), "Audit changes"): the
# lanes and boneyard lists a move makes, days added and dropped with every
# column, calendar entries taken out with every column, a calendar made for
# a board with the board's version, the weekly days off, and a revision's
# strips with their columns as stored and their element links.
. "${top_srcdir:?}/tests/cli/lib.sh"

rev="$fixtures/revision"
db=life.db
export SB_DB="$db"
# j ID PATH: a value of the changes of audit row ID
j() { q "SELECT json_extract(changes, '\$.$2') FROM audit WHERE id = $1"; }
last() { q "SELECT max(id) FROM audit"; }
# row ENTITY: the id of the last audit row of ENTITY
row() { q "SELECT max(id) FROM audit WHERE entity = '$1'"; }

expect_status 0 "the first draft imports" sb-import --project Life "$rev/draft1.fdx"

# a board with no boneyard: a move to it makes the lane and its list
check "two shoot days" sb-day -q add --count 2
check "scenes 1 and 2 on day 1" sb-reorder -q move 1 2 --to 1
check "scene 3 on day 2" sb-reorder -q move 3 --to 2
a=$(q "SELECT min(id) FROM audit WHERE entity = 'day' AND version_before = 0")
is "an added day lists every column from null" \
    "$(j "$a" 'set.kind') $(j "$a" 'set.uss_bare') $(j "$a" 'set.lane_id[0]')" \
    '[null,"shoot"] [null,0] '

# a day dropped: every column, before, and its version
check "day 2 dropped, scene 3 to the boneyard" sb-day -q drop 2
d=$(q "SELECT max(id) FROM audit WHERE entity = 'day' AND version_after = 0")
is "a dropped day keeps every column" \
    "$(j "$d" 'set.kind[0]') $(j "$d" 'set.uss_bare[0]') $(j "$d" 'set.pos[1]')" \
    "shoot 0 "
is "  ... with its board and lane" "$(j "$d" 'set.board_id[0]'),$(j "$d" 'set.lane_id[0]')" \
    "$(q "SELECT board_id || ',' || id FROM lane WHERE kind = 'schedule'")"
is "  ... and the version it had" "$(q "SELECT CASE WHEN version_before > 1 THEN 1 ELSE 0 END FROM audit WHERE id = $d")" 1

# a calendar made for a board that had none: the board's version rises
bv=$(q "SELECT version FROM board")
check "a start date makes the calendar" sb-day -q calendar --start 2026-01-05
b=$(row board)
is "the board's row has its versions" \
    "$(q "SELECT version_before || '>' || version_after FROM audit WHERE id = $b")" \
    "$bv>$((bv + 1))"
is "  ... as the board has" "$(q "SELECT version FROM board")" $((bv + 1))
c=$(q "SELECT min(id) FROM audit WHERE entity = 'calendar'")
is "the calendar's row lists its columns" "$(j "$c" 'set.days_off')" '[null,""]'

# an entry taken out keeps every column
check "a holiday" sb-day -q calendar --holiday 2026-01-07
check "then cleared" sb-day -q calendar --clear 2026-01-07
e=$(q "SELECT max(id) FROM audit WHERE entity = 'calendar_day' AND version_after = 0")
is "a cleared entry keeps uid, type, date_raw and rank" \
    "$(j "$e" 'set.uid[0]' | wc -c) $(j "$e" 'set.type[0]') $(j "$e" 'set.date_raw[0]') $(j "$e" 'set.rank[0]')" \
    "25 event 2026-01-07 1"
check "weekly days off" sb-day -q calendar --days-off sat,sun
o=$(row calendar)
is "the days off, before and after" "$(j "$o" 'set.days_off')" '["","0,6"]'

# a revision: the columns as stored and the element links
before=$(last)
expect_status 0 "the second draft merges" sb-import --update "$rev/draft2.fdx" --project Life
s2=$(q "SELECT max(id) FROM audit WHERE entity = 'strip' AND json_extract(changes, '\$.about.scene') = '2'")
is "scene 2: its eighths as stored" "$(j "$s2" 'row.eighths')" "[3,6]"
is "  ... and its links, before and after" \
    "$(q "SELECT json_array_length(changes, '\$.row.links[0]') || ',' || json_array_length(changes, '\$.row.links[1]') FROM audit WHERE id = $s2")" \
    "4,5"
is "  ... the links after are the strip's now" \
    "$(j "$s2" 'row.links[1]')" \
    "$(q "SELECT '[' || group_concat('[' || element_id || ',' || rank || ']', ',') || ']' FROM (SELECT * FROM strip_element WHERE strip_id = (SELECT entity_id FROM audit WHERE id = $s2) ORDER BY rank, element_id) AS q1")"
s4=$(q "SELECT max(id) FROM audit WHERE entity = 'strip' AND json_extract(changes, '\$.about.scene') = '4'")
is "scene 4: its set as stored" "$(j "$s4" 'row.set_name[0]')" "MAIN STREET"
s5=$(q "SELECT max(id) FROM audit WHERE entity = 'strip' AND json_extract(changes, '\$.about.scene') = '5'")
is "scene 5 omitted: the column as stored" "$(j "$s5" 'row.omitted')" "[0,1]"
is "every revised strip's row says its columns" \
    "$(q "SELECT count(*) FROM audit WHERE id > $before AND entity = 'strip' AND version_before > 0 AND json_extract(changes, '\$.row') IS NULL")" 0
is "every revised strip's version is in its row" \
    "$(q "SELECT count(*) FROM audit a JOIN strip s ON s.id = a.entity_id WHERE a.id > $before AND a.entity = 'strip' AND a.version_after <> s.version")" 0

# a board with no boneyard: the lane and its list made for a move
check "a board copied through CSV, without its boneyard" sh -c \
    'sb-export --format csv | grep -v ",boneyard," | sb-import -q --db copy.db --project Copy -'
check "a strip of it moved to the boneyard" sb-reorder -q --db copy.db move 1 --to boneyard
is "the lane made has its audit row" \
    "$(sql copy.db "SELECT json_extract(changes, '\$.set.kind') || version_before || version_after FROM audit WHERE entity = 'lane'")" \
    '[null,"boneyard"]01'
is "  ... and so has its list" \
    "$(sql copy.db "SELECT json_extract(changes, '\$.set.kind') FROM audit WHERE entity = 'day' AND version_before = 0")" \
    '[null,"list"]'
is "  ... each for a row that is there" \
    "$(sql copy.db "SELECT count(*) FROM audit a WHERE entity IN ('lane', 'day') AND NOT EXISTS (SELECT 1 FROM lane WHERE a.entity = 'lane' AND id = a.entity_id) AND NOT EXISTS (SELECT 1 FROM day WHERE a.entity = 'day' AND id = a.entity_id)")" 0

# a calendar edit moves the dates of later days: their versions rise
export SB_DB=wl.db
sb-import -q "$full" || exit 99
dv() { sb-day --board "First Pass" list --format csv | awk -F, -v d="$1" '$2 == d { print $3 " " $NF }'; }
before2=$(dv 2) before20=$(dv 20)
d20=${before20% *}
check "a holiday on day 20's date" sb-day -q --board "First Pass" calendar --holiday "$d20"
is "day 2 keeps its date and its version" "$(dv 2)" "$before2"
after20=$(dv 20)
is "day 20 has another date, and its version rose" \
    "$([ "${after20% *}" != "$d20" ] && echo moved) ${after20#* }" "moved $((${before20#* } + 1))"
is "  ... with its audit row" "$(sql wl.db "SELECT count(*) FROM audit WHERE entity = 'day'
    AND json_extract(changes, '\$.about.why') = 'its date changed'
    AND CAST(json_extract(changes, '\$.about.day[1]') AS INTEGER) = 20")" 1
is "every day after it rose, none before" "$(sql wl.db "SELECT min(CAST(json_extract(changes,
    '\$.about.day[1]') AS INTEGER)) FROM audit WHERE json_extract(changes, '\$.about.why') = 'its date changed'")" 20
check "the same holiday again changes nothing" sb-day -q --board "First Pass" calendar --holiday "$d20"
is "  ... and raises no version" "$(dv 20)" "$after20"

# sb-day add --if-version: the day the new ones follow, read before
v3=$(dv 3)
v3=${v3#* }
check "a strip enters day 3" sb-reorder -q --board "First Pass" move 40 --to 3
before=$(snapshot wl.db)
expect_status 5 "add --after 3 with day 3's old version: a conflict" \
    sb-day --board "First Pass" add --after 3 --if-version "$v3"
check "  ... the report is JSON" json_ok out
is "  ... nothing written" "$(snapshot wl.db)" "$before"
expect_status 0 "with its version now, the day is added" \
    sb-day -q --board "First Pass" add --after 3 --if-version "$((v3 + 1))"
last=$(sb-day --board "First Pass" list --format csv | tail -n 1 | awk -F, '{ print $2 " " $NF }')
expect_status 5 "add --last with a stale version of the last day" \
    sb-day --board "First Pass" add --if-version "$((${last#* } + 5))"
expect_status 0 "  ... and with its own" sb-day -q --board "First Pass" add --if-version "${last#* }"
expect_status 0 "add --first checks day 1" sb-day -q --board "First Pass" add --first \
    --if-version "$(dv 1 | cut -d' ' -f2)"
db=life.db

# every versioned row's version is the version_after of its last audit row
for t in placement day calendar board; do
	is "every $t's version is its last audit row's" \
	    "$(q "SELECT count(*) FROM $t r WHERE EXISTS (SELECT 1 FROM audit WHERE entity = '$t' AND entity_id = r.id) AND r.version <> (SELECT version_after FROM audit WHERE entity = '$t' AND entity_id = r.id ORDER BY id DESC LIMIT 1)")" 0
done

echo "1..$n"
[ "$failed" -eq 0 ]
