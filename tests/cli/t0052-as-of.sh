#!/bin/sh
# t0052-as-of - sb-export --as-of and sb-day list --as-of: the board as it
# stood at an audit id or a time, byte for byte what the commands printed
# then, after moves, a batch, a sort, every sb-day subcommand, calendar
# edits and a script revision; refused before the project's last import,
# past the end of the trail, for a value that is neither, and for a change
# the trail cannot undo; the file is never written.
. "${top_srcdir:?}/tests/cli/lib.sh"

db=wl.db
export SB_DB="$db"
fp="First Pass"
sb-import -q "$full" || exit 99
last() { q "SELECT max(id) FROM audit"; }
# shot: print the board now, under the trail's last id
shot() {
	i=$(last)
	sb-export --board "$fp" --format csv > "e$i.csv" &&
	    sb-export --board "$fp" --format table > "e$i.table" &&
	    sb-export --format uss > "e$i.uss" &&
	    sb-day --board "$fp" list --expand --format csv > "d$i.csv" &&
	    sb-day --board "$fp" list --format json > "d$i.json" || exit 99
	shots="${shots:-} $i"
}
shot
check "a move" sb-reorder -q --board "$fp" move 17 40 --to 3
shot
sb-export --board "$fp" --format csv |
    awk -F, -v OFS=, 'NR == 1 || $8 == "12" || $8 == "30" { if ($8 == "12") $2 = 5; if ($8 == "30") $2 = "boneyard"; print }' > edited.csv
check "a batch" sb-reorder -q --board "$fp" batch --atomic edited.csv
shot
check "a sort" sb-reorder -q --board "$fp" sort --day 4 --by location,set
check "days added" sb-day -q --board "$fp" add --after 2 --count 2
shot
check "a day dropped" sb-day -q --board "$fp" drop 5 --to prev
check "a day moved" sb-day -q --board "$fp" move 7 --first
shot
second=$(sb-export --board "$fp" --format csv | awk -F, '$2 == 1 { k++; if (k == 2) print $5 }')
check "a day split" sb-day -q --board "$fp" split 1 --at "$second"
check "days joined" sb-day -q --board "$fp" join 2
shot
check "the calendar" sb-day -q --board "$fp" calendar --holiday 2022-08-08 --days-off sat,sun
check "an entry cleared" sb-day -q --board "$fp" calendar --clear 2022-08-08 --start 2022-08-02
shot
check "a move to the boneyard" sb-reorder -q --board "$fp" move 1 --to boneyard
shot

for i in $shots; do
	run sb-export --board "$fp" --format csv --as-of "$i"
	check "as of audit $i: the CSV printed then" same_file out "e$i.csv"
	run sb-export --board "$fp" --format table --as-of "$i"
	check "  ... the table" same_file out "e$i.table"
	run sb-export --format uss --as-of "$i"
	check "  ... the whole project as USS" same_file out "e$i.uss"
	run sb-day --board "$fp" list --expand --format csv --as-of "$i"
	check "  ... the days and their strips" same_file out "d$i.csv"
	run sb-day --board "$fp" list --format json --as-of "$i"
	check "  ... the days as JSON, with their versions" same_file out "d$i.json"
done

# by time: the last change at or before it
set -- $shots
i=$3
t=$(q "SELECT at FROM audit WHERE id = $i")
is "the point's time is its own (no later change shares it)" \
    "$(q "SELECT count(*) FROM audit WHERE id > $i AND at <= '$t'")" 0
run sb-export --board "$fp" --format csv --as-of "$t"
check "as of its time, the CSV printed then" same_file out "e$i.csv"
off=$(python3 -c "import datetime,sys; t=datetime.datetime.strptime(sys.argv[1], '%Y-%m-%dT%H:%M:%S.%fZ'); print((t + datetime.timedelta(hours=2)).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + '+02:00')" "$t")
run sb-day --board "$fp" list --expand --format csv --as-of "$off"
check "  ... and of the same time with an offset ($off)" same_file out "d$i.csv"
run sb-export --board "$fp" --format csv --as-of 2999-01-01
check "as of a time to come: the board now" sh -c "sb-export --board '$fp' --format csv | cmp -s - out"

# refusals: nothing written
before=$(snapshot "$db")
expect_status 2 "--as-of neither an id nor a time" sb-export --as-of yesterday
check "  ... says what it takes" err_has "neither an audit id nor a time"
expect_status 4 "--as-of an id the trail does not have yet" sb-export --as-of 99999999
check "  ... says which is the last" err_has "the last is"
expect_status 4 "--as-of before the import" sb-day --board "$fp" list --as-of 2000-01-01
check "  ... says the trail starts at the import" err_has "starts at its last import"
expect_status 2 "--as-of is for list, not add" sb-day --board "$fp" add --as-of 3
is "the database is unchanged by all of these, and by every --as-of" "$(snapshot "$db")" "$before"

# a read-only file is read as of any point
chmod a-w "$db"
run sb-export --board "$fp" --format csv --as-of "$1"
check "a read-only file: as of the import" same_file out "e$1.csv"
chmod u+w "$db"

# boards made, renamed, activated (sb-board): undone with their days
sb-export --format uss > b0.uss
sb-export --format csv > b0.csv
b0=$(last)
check "a board copied" sb-board -q new Copy --from "$fp"
check "a strip moved on it" sb-reorder -q --board Copy move 17 --to 2
sb-export --board Copy --format csv > b1.csv
b1=$(last)
check "the copy renamed" sb-board -q rename Copy "Second Copy"
check "and made the active board" sb-board -q activate "Second Copy"
run sb-export --format uss --as-of "$b0"
check "as of before the copy: the whole project as it was" same_file out b0.uss
run sb-export --format csv --as-of "$b0"
check "  ... and the active board as it was" same_file out b0.csv
run sb-export --board Copy --format csv --as-of "$b1"
check "as of before the rename: the copy, by its name then" same_file out b1.csv
check "a board dropped" sb-board -q drop "Second Copy" --activate "$fp"
expect_status 3 "as of before the drop: refused, the board is not in the trail" \
    sb-export --format csv --as-of "$b1"
check "  ... and says so" err_has "cannot be put back"

# strips edited by hand (sb-strip): fields, elements, a new scene, omitted
s0=$(last)
sb-export --format uss > s0.uss
sb-export --board "$fp" --format csv > s0.csv
check "a strip's fields set" sb-strip -q set 17 synopsis="new words" pages="1 2/8"
check "an element added, new to its category" sb-strip -q add 17 "Props=RED BALLOON"
check "a new scene" sb-strip -q new scene scene=999 set=BARN
check "a scene omitted" sb-strip -q omit 40
run sb-export --format uss --as-of "$s0"
check "as of before the edits: the whole project as it was" same_file out s0.uss
run sb-export --board "$fp" --format csv --as-of "$s0"
check "  ... and the board" same_file out s0.csv

# the trail starts at the last import: --replace writes every row anew
first=$1
check "the project replaced" sb-import -q --replace "$full"
expect_status 4 "as of before the replacing import" sb-export --board "$fp" --as-of "$first"
run sb-export --board "$fp" --format csv --as-of "$(last)"
check "as of the replacing import: the board imported" same_file out "e$first.csv"

# a change the trail cannot undo: refused, not shown wrong (audit_write
# writes files only)
if on_sqlite "a change written by hand, refused"; then
check "a change written by hand" audit_write --project "It's A Wonderful Life" "$db" strip 1 1 2 '{"set":{"eighths":[8,16]}}'
hand=$(last)
expect_status 3 "as of before it: refused" sb-export --board "$fp" --as-of $((hand - 1))
check "  ... naming the row" err_has "audit row $hand"
expect_status 0 "as of it: the board now" sb-export --board "$fp" --as-of "$hand"
fi

# a script revision, undone: the scenes as they were, with their elements
rev="$fixtures/revision"
export SB_DB=life.db
sb-import -q --project Life "$rev/draft1.fdx" || exit 99
sb-day -q add --count 2 && sb-reorder -q move 1 2 --to 1 && sb-reorder -q move 4 5 --to 2 || exit 99
i=$(sql life.db "SELECT max(id) FROM audit")
sb-export --format csv > life.csv
sb-export --format uss > life.uss
expect_status 0 "a new draft merges" sb-import --update "$rev/draft2.fdx" --project Life
run sb-export --format csv --as-of "$i"
check "as of before the revision: the scenes, pages, elements printed then" same_file out life.csv
run sb-export --format uss --as-of "$i"
# a project read from .fdx has no id: the USS writer makes one up each time
sed 3d out > out.uss
sed 3d life.uss > then.uss
check "  ... and the whole project, new scene and new elements gone" same_file out.uss then.uss
done_testing
