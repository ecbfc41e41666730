#!/bin/sh
# t0071-pg-schedule.sh - sb-reorder and sb-day on a PostgreSQL server
# (issue 12): the same sequence of moves, sorts, batches, calendar and day
# edits on a file and on a server gives the same output, statuses, board
# and trail (times, actors, command lines and fresh ids aside); writers at
# once lose no update.  The
# sequence has sb-board, sb-strip and sb-element's changes too, and the
# trail is compared as sb-log writes it (the JSON of every row).
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/pg.sh"
pg_start

U=$(pg_db sched) || { echo "Bail out! createdb"; exit 1; }
B="First Pass"
sb-import -q --db wl.db "$full"
sb-import -q --db "$U" "$full"

# ops DB TAG: the sequence, each command's output and status in TAG.out
ops() {
	d=$1 t=$2
	mkdir -p "$t"
	: >"$t.out"
	r() { echo "== $*" | sed "s|$d|DB|" >>"$t.out"; "$@" >>"$t.out" 2>"$t.err"
		echo "rc=$?" >>"$t.out"; cat "$t.err" >>"$t.out"; }
	r sb-reorder --db "$d" --board "$B" move 17 --to 3
	r sb-reorder --db "$d" --board "$B" move 40 --after 17
	r sb-reorder --db "$d" --board "$B" move 40 --before 17 --if-version 1
	r sb-reorder --db "$d" --board "$B" move 40 --boneyard
	r sb-reorder --db "$d" --board "$B" move 12 30 --to 5 --first
	r sb-reorder --db "$d" --board "$B" sort --day 4 --by location,set
	r sb-reorder --db "$d" --board "$B" sort --days 5-9 --by int_ext,scene
	r sb-reorder --db "$d" --board "$B" sort --boneyard --by scene
	r sb-reorder --db "$d" --board "$B" move 999 --to 3
	r sb-reorder --db "$d" --board "No Such" move 17 --to 3
	r sb-day --db "$d" --board "$B" calendar --holiday 2022-09-05 --work 2022-09-10
	r sb-day --db "$d" --board "$B" calendar --start 2022-08-01 --days-off sun --if-version 9
	r sb-day --db "$d" --board "$B" calendar --format csv
	r sb-day --db "$d" --board "$B" add --after 3 --count 2
	r sb-day --db "$d" --board "$B" drop 4 --to next
	r sb-day --db "$d" --board "$B" move 6 --first
	r sb-day --db "$d" --board "$B" split 7 --at 18
	r sb-day --db "$d" --board "$B" join 8 9
	r sb-day --db "$d" --board "$B" drop 99
	r sb-day --db "$d" --board "$B" list --expand=3 --format json
	r sb-day --db "$d" --board "$B" list --from 2022-09-05 --to 2022-09-16 --expand
	sb-export --db "$d" --board "$B" --format csv >"$t/board.csv"
	awk -F, -v OFS=, '$8 == "12" { $2 = 5 } $8 == "30" { $2 = "boneyard" } 1' \
	    "$t/board.csv" >"$t/edited.csv"
	cd "$t" || exit 99
	r sb-reorder --db "$d" --board "$B" batch --atomic edited.csv
	r sb-reorder --db "$d" --board "$B" batch edited.csv
	r sb-reorder --db "$d" --board "$B" batch --atomic board.csv
	cd .. || exit 99
	r sb-board --db "$d" new Other --from "$B"
	r sb-board --db "$d" rename Other "Other Pass"
	r sb-strip --db "$d" set 17 pages=3 set=KITCHEN "synopsis=a \"quoted\" line"
	r sb-strip --db "$d" add 18 Cast=ZUZU Props=Hat
	r sb-strip --db "$d" remove 18 Cast=ZUZU
	r sb-strip --db "$d" omit 19
	r sb-strip --db "$d" restore 19
	r sb-strip --db "$d" new scene=99A set=ROOF Cast=GEORGE
	r sb-element --db "$d" merge Cast "HARRY" "GEORGE"
	r sb-board --db "$d" drop "Other Pass"
	r sb-export --db "$d" --format uss
	# the trail as sb-log writes it (ids aside: a server's may skip)
	r sb-log --db "$d" --format ndjson --since 2
}
# what differs by nature: when, who, the command line, fresh ids
norm() {
	sed -e 's/"at":"[^"]*"/"at":T/g' -e 's/"actor":"[^"]*"/"actor":A/g' \
	    -e 's/"command":"\([^"\\]\|\\.\)*"/"command":C/g' \
	    -e 's/"id":"[0-9a-f]\{24\}","type":"event"/"id":X,"type":"event"/g' \
	    -e 's/^{"id":[0-9]*,/{/' -e 's/[0-9a-f]\{24\}/X/g' \
	    -e 's/"created": "[^"]*"/"created": T/' "$1"
}
ops "$PWD/wl.db" lite
ops "$U" pg
norm lite.out >lite.norm
norm pg.out >pg.norm
if same_file lite.norm pg.norm; then ok "the same moves, sorts, batches, calendar and day edits: the same output"
else not_ok "the same moves, sorts, batches, calendar and day edits: the same output"
	diff lite.norm pg.norm | head -n 20 | sed 's/^/# /'; fi
nok=$(grep -c '^rc=0' pg.out)
is "  ... most of them succeed ($nok of $(grep -c '^rc=' pg.out))" "$(test "$nok" -ge 15 && echo yes)" yes
grep '^rc=' pg.out | sort -u | tr '\n' ' ' >statuses
is "  ... and refusals give their statuses (2, 4, 5)" "$(cat statuses)" "rc=0 rc=2 rc=4 rc=5 "
sb-export --db wl.db --board "$B" --format csv >lite.board
run sb-export --db "$U" --board "$B" --format csv
if same_file out lite.board; then ok "  ... the same board afterwards, byte for byte"
else not_ok "  ... the same board afterwards, byte for byte"; fi
# (ids are the engines' own: PostgreSQL does not reuse those of a rollback)
is "  ... the same trail (each row's entity and versions, in order)" \
    "$(pgq "$U" "SELECT md5(string_agg(entity || '|' || coalesce(version_before::text, '') || '|' || coalesce(version_after::text, ''), E'\n' ORDER BY id)) FROM audit WHERE id > 1")" \
    "$(printf '%s' "$(sql wl.db "SELECT group_concat(entity || '|' || coalesce(version_before, '') || '|' || coalesce(version_after, ''), char(10)) FROM (SELECT * FROM audit WHERE id > 1 ORDER BY id)")" | md5sum | cut -c1-32)"

# --- writers at once: serialised, no update lost ----------------------------
W=$(pg_db writers)
sb-import -q --db "$W" "$full"
v0=$(pgq "$W" "SELECT p.version FROM placement p JOIN strip s ON s.id = p.strip_id JOIN board b ON b.id = p.board_id WHERE s.scene = '17' AND b.name = '$B'")
i=1
while [ $i -le 4 ]; do
	(
		k=1
		while [ $k -le 8 ]; do
			SB_BUSY_TIMEOUT=20000 sb-reorder -q --db "$W" --board "$B" \
			    move 17 --to $((2 + (k + i) % 3)) || echo "failed" >>fails
			k=$((k + 1))
		done
	) &
	i=$((i + 1))
done
wait
is "4 writers moving one strip 8 times each: none failed" "$(cat fails 2>/dev/null)" ""
v1=$(pgq "$W" "SELECT p.version FROM placement p JOIN strip s ON s.id = p.strip_id JOIN board b ON b.id = p.board_id WHERE s.scene = '17' AND b.name = '$B'")
is "  ... it moved (a move to the day it is on changes nothing)" \
    "$(test "$v1" -gt $((v0 + 8)) && echo yes)" yes
is "  ... every change of its version is in the trail once, in order: none lost" \
    "$(pgq "$W" "SELECT count(*) = $v1 - $v0 AND bool_and(version_after = version_before + 1) AND count(DISTINCT version_after) = $v1 - $v0 AND max(version_after) = $v1 FROM audit WHERE entity = 'placement' AND changes LIKE '%\"scene\":\"17\"%' AND version_before >= $v0")" t


done_testing
