#!/bin/sh
# Scopes, as other uids: a grant on a project, a board, a day or a strip
# covers what is inside it and nothing beside it; a narrower deny beats a
# wider grant at every level, and a grant on a strip beats a deny on its
# day; a batch, a sort or a day's edit that touches one forbidden strip is
# refused whole (exit 7, the file byte for byte the same).
. "${top_srcdir:-.}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/perm.sh"

sb-import -q --db wl.db "$full" || exit 99
chmod 666 wl.db
export SB_DB=wl.db
db=wl.db
fp="First Pass" so="Script Order"
# First Pass: day 2 holds 17 115a 117a, day 4 18 78 130, day 5 74 76 106 54,
# day 6 56 58 153, day 7 46 161 158a 69; Script Order: all in its boneyard
day_of() { sb-export --board "$fp" --format csv | awk -F, -v s="$1" '$8 == s { print $2 }'; }
[ "$(day_of 18)" = 4 ] && [ "$(day_of 46)" = 7 ] || exit 99

P=$(free_uid 4301) B=$(free_uid 4302) D=$(free_uid 4303) S=$(free_uid 4304)
N=$(free_uid 4305)
proj="It's A Wonderful Life"

# inheritance: each scope covers what is inside it
sb-perm -q grant "uid:$P" scheduler --project "$proj" &&
    sb-perm -q grant "uid:$B" scheduler --board "$fp" &&
    sb-perm -q grant "uid:$D" scheduler --board "$fp" --day 5 &&
    sb-perm -q grant "uid:$S" editor --strip 17 || exit 99

allowed "$P" "project: a move on one board" sb-reorder --board "$fp" move 74 --to 5 --first
allowed "$P" "project: a move on another" sb-reorder --board "$so" move 17 --boneyard --first
allowed "$P" "project: a day added" sb-day --board "$fp" add
denied "$P" "project: the breakdown is not a scheduler's" sb-strip set 17 pages=1
denied "$P" "project: a new project is the file's admins'" sb-import --project Other "$small"

allowed "$B" "board: a move on it" sb-reorder --board "$fp" move 76 --to 5 --first
allowed "$B" "board: a sort of its day" sb-reorder --board "$fp" sort --day 6 --by scene
allowed "$B" "board: its days" sb-day --board "$fp" list
denied "$B" "board: a move on another board" sb-reorder --board "$so" move 17 --boneyard --first
denied "$B" "board: another board's days" sb-day --board "$so" list
denied "$B" "board: the project's boards" sb-board list
denied "$B" "board: the whole project as USS" sb-export --format uss

allowed "$D" "day: a move inside it" sb-reorder --board "$fp" move 106 --to 5 --first
allowed "$D" "day: a sort of it" sb-reorder --board "$fp" sort --day 5 --by scene
allowed "$D" "day: its trail" sb-log --board "$fp" --day 5
denied "$D" "day: a move out of it" sb-reorder --board "$fp" move 106 --to 6
denied "$D" "day: a move into it" sb-reorder --board "$fp" move 56 --to 5
denied "$D" "day: a day beside it dropped" sb-day --board "$fp" drop 6
denied "$D" "day: a day added to the board" sb-day --board "$fp" add
denied "$D" "day: the board's days listed" sb-day --board "$fp" list

allowed "$S" "strip: shown" sb-strip show 17 --format json
allowed "$S" "strip: edited" sb-strip set 17 pages=2
denied "$S" "strip: moved, even on its own day: the day is not its to reorder" \
    sb-reorder --board "$fp" move 17 --to 2 --last
denied "$S" "strip: another strip edited" sb-strip set 18 pages=2
denied "$S" "strip: another strip shown" sb-strip show 18 --format json
denied "$S" "strip: moved to a day it may not touch" sb-reorder --board "$fp" move 17 --to 3
printf 'strip,pages\n17,3\n18,3\n' > two.csv
chmod 644 two.csv
denied "$S" "strip: a batch with one strip it may not edit, refused whole" sb-strip batch two.csv
sb-perm -q grant "uid:$S" editor --board "$so" --strip 18 || exit 99
denied "$S" "strip: a rule on one board says nothing of another" \
    sb-reorder --board "$fp" move 18 --to 4 --first
denied "$S" "  ... nor of the strip's breakdown, which is every board's" sb-strip set 18 pages=2

# a narrower deny beats a wider grant, at every level
sb-perm -q grant "uid:$N" scheduler &&
    sb-perm -q deny "uid:$N" move --board "$so" &&
    sb-perm -q deny "uid:$N" scheduler --board "$fp" --day 7 &&
    sb-perm -q deny "uid:$N" scheduler --board "$fp" --strip 18 &&
    sb-perm -q grant "uid:$N" scheduler --board "$fp" --strip 161 || exit 99
allowed "$N" "file grant: a move on First Pass" sb-reorder --board "$fp" move 54 --to 5 --first
denied "$N" "board deny of an action: a move on Script Order" \
    sb-reorder --board "$so" move 17 --boneyard --first
allowed "$N" "  ... denies that action only: the board read" sb-export --board "$so" --format csv
denied "$N" "day deny: a move from day 7" sb-reorder --board "$fp" move 46 --to 8
denied "$N" "day deny: day 7 dropped" sb-day --board "$fp" drop 7
denied "$N" "day deny: day 7 sorted" sb-reorder --board "$fp" sort --day 7 --by scene
allowed "$N" "day deny: read is not the scheduler's to deny" sb-log --board "$fp" --day 7
allowed "$N" "strip grant beats its day's deny: 161 to the boneyard" \
    sb-reorder --board "$fp" move 161 --boneyard
denied "$N" "strip deny: 18 moved" sb-reorder --board "$fp" move 18 --to 5
denied "$N" "strip deny: the day holding 18 sorted" sb-reorder --board "$fp" sort --day 4 --by scene
denied "$N" "strip deny: the day holding 18 dropped" sb-day --board "$fp" drop 4
denied "$N" "strip deny: the day holding 18 joined to another" sb-day --board "$fp" join 3 4
printf 'strip,day\n54,6\n18,6\n' > moves.csv
chmod 644 moves.csv
denied "$N" "a batch with one strip it may not move, refused whole" \
    sb-reorder --board "$fp" batch --atomic moves.csv
denied "$N" "  ... and without --atomic too" sb-reorder --board "$fp" batch moves.csv
denied "$N" "a move of many with one forbidden" sb-reorder --board "$fp" move 54 18 --to 6
run sb-perm check "uid:$N" move --board "$fp" --strip 18
is "check says which rule decided" "$rc,$(cat out)" \
    "1,uid:$N may not move strip 18 on board \"First Pass\": deny scheduler on strip 18 on board \"First Pass\" (denied by $me, $(date -u +%Y-%m-%d)) overrides scheduler on the whole file (granted by $me, $(date -u +%Y-%m-%d))"

done_testing
