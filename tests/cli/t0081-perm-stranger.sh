#!/bin/sh
# Default deny, as another uid: a user with no rule is refused every
# command and subcommand that reads or writes (exit 7, a message naming
# the user, the action and the scope), and the database stays byte for
# byte what it was; then each role, granted on the whole file, is allowed
# its own actions and refused the next role's.  Commands run as root
# through setpriv(1) with uids that have no passwd entry: their user name
# is uid:N (lib/db.c), which is what the rules name.
. "${top_srcdir:-.}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/perm.sh"

sb-import -q --db wl.db "$full" || exit 99
chmod 666 wl.db
export SB_DB=wl.db
db=wl.db
fp="First Pass"

S=$(free_uid 4281)
is "a uid with no passwd entry is named uid:N" \
    "$(as "$S" sb-perm check "uid:$S" read; echo "$?")" \
    "uid:$S may not read the whole file: no rule allows it (default deny)
1"

# every command and subcommand, as a stranger
printf 'strip,day\n17,5\n' > moves.csv
printf 'strip,pages\n17,3\n' > fields.csv
chmod 644 moves.csv fields.csv
sb-reorder -q --board "$fp" move 40 --to 6 || exit 99
aid=$(q "SELECT max(id) FROM audit")
mid=$(q "SELECT max(id) FROM audit WHERE entity = 'placement'")
denied_all() {
	u=$1
	denied "$u" "sb-export a board" sb-export --board "$fp" --format csv
	denied "$u" "sb-export USS" sb-export --format uss
	denied "$u" "sb-export msd" sb-export --format msd
	denied "$u" "sb-export --as-of" sb-export --board "$fp" --as-of 1 --format csv
	denied "$u" "sb-day list" sb-day --board "$fp" list
	denied "$u" "sb-day calendar (show)" sb-day --board "$fp" calendar --format csv
	denied "$u" "sb-day calendar (edit)" sb-day --board "$fp" calendar --holiday 2022-09-05
	denied "$u" "sb-day add" sb-day --board "$fp" add
	denied "$u" "sb-day drop" sb-day --board "$fp" drop 3
	denied "$u" "sb-day move" sb-day --board "$fp" move 3 --after 5
	denied "$u" "sb-day split" sb-day --board "$fp" split 2 --at 17
	denied "$u" "sb-day join" sb-day --board "$fp" join 3 4
	denied "$u" "sb-reorder move" sb-reorder --board "$fp" move 17 --to 5
	denied "$u" "sb-reorder batch" sb-reorder --board "$fp" batch moves.csv
	denied "$u" "sb-reorder sort" sb-reorder --board "$fp" sort --day 4 --by scene
	denied "$u" "sb-log" sb-log
	denied "$u" "sb-log --board" sb-log --board "$fp"
	denied "$u" "sb-log --strip" sb-log --strip 17
	denied "$u" "sb-log --day" sb-log --board "$fp" --day 3
	denied "$u" "sb-log revert of a move" sb-log revert "$mid"
	denied "$u" "sb-log revert of a day's version" sb-log revert "$aid"
	denied "$u" "sb-board list" sb-board list
	denied "$u" "sb-board new" sb-board new Try
	denied "$u" "sb-board new --from" sb-board new Try --from "$fp"
	denied "$u" "sb-board rename" sb-board rename "$fp" Other
	denied "$u" "sb-board activate" sb-board activate "$fp"
	denied "$u" "sb-board drop" sb-board drop "$fp"
	denied "$u" "sb-board compare" sb-board compare "$fp" "Script Order"
	denied "$u" "sb-strip show" sb-strip show 17
	denied "$u" "sb-strip set" sb-strip set 17 pages=3
	denied "$u" "sb-strip add" sb-strip add 17 Cast=ZUZU
	denied "$u" "sb-strip remove" sb-strip remove 17 Cast=GEORGE
	denied "$u" "sb-strip new" sb-strip new scene scene=900
	denied "$u" "sb-strip omit" sb-strip omit 17
	denied "$u" "sb-strip restore" sb-strip restore 17
	denied "$u" "sb-strip batch" sb-strip batch fields.csv
	denied "$u" "sb-element list" sb-element list Cast
	denied "$u" "sb-element rename" sb-element rename Cast GEORGE Georgie
	denied "$u" "sb-element merge" sb-element merge Cast HARRY GEORGE
	denied "$u" "sb-element number" sb-element number Cast GEORGE 99
	denied "$u" "sb-element renumber" sb-element renumber Cast
	for r in elements dood oneliner schedule flags board ics; do
		denied "$u" "sb-report $r" sb-report --board "$fp" --format "$(fmt_of "$r")" "$r"
	done
	denied "$u" "sb-import a new project" sb-import --project Other "$small"
	denied "$u" "sb-import --replace" sb-import --replace --project "It's A Wonderful Life" "$small"
	denied "$u" "sb-import --update" sb-import --update "$fixtures/revision/draft1.fdx"
	denied "$u" "sb-perm grant" sb-perm grant "uid:$u" admin
	denied "$u" "sb-perm deny" sb-perm deny "uid:$u" read
	denied "$u" "sb-perm revoke" sb-perm revoke "$me"
	denied "$u" "sb-perm list (another's rules)" sb-perm list
	denied "$u" "sb-perm check (another's)" sb-perm check "$me" read
}
denied_all "$S"
run as "$S" sb-perm list "uid:$S" --format csv
is "a stranger may list their own rules: none" "$rc,$(wc -l < out | tr -d ' ')" "0,1"

# the message names the user, the action and the scope
run as "$S" sb-day --board "$fp" drop 3
is "the refusal in one line" "$(cat err)" \
    "sb-day: permission denied: uid:$S may not drop day 3 of board \"First Pass\": no rule allows it (default deny)"

# each role, on the whole file
V=$(free_uid 4282) C=$(free_uid 4283) E=$(free_uid 4284) A=$(free_uid 4285)
sb-perm -q grant "uid:$V" viewer && sb-perm -q grant "uid:$C" scheduler &&
    sb-perm -q grant "uid:$E" editor && sb-perm -q grant "uid:$A" admin --project "It's A Wonderful Life" ||
    exit 99
reads() {
	u=$1
	allowed "$u" "sb-export a board" sb-export --board "$fp" --format csv
	allowed "$u" "sb-export USS" sb-export --format uss
	allowed "$u" "sb-day list" sb-day --board "$fp" list
	allowed "$u" "sb-day calendar (show)" sb-day --board "$fp" calendar --format csv
	allowed "$u" "sb-log" sb-log
	allowed "$u" "sb-board list" sb-board list
	allowed "$u" "sb-board compare" sb-board compare "$fp" "Script Order"
	allowed "$u" "sb-strip show" sb-strip show 17 --format json
	allowed "$u" "sb-element list" sb-element list Cast
	allowed "$u" "sb-report elements" sb-report --board "$fp" --format csv elements
	allowed "$u" "sb-perm list" sb-perm list --board "$fp"
}
reads "$V"
denied "$V" "viewer: sb-reorder move" sb-reorder --board "$fp" move 17 --to 5
denied "$V" "viewer: sb-day add" sb-day --board "$fp" add
denied "$V" "viewer: sb-strip set" sb-strip set 17 pages=3

reads "$C"
allowed "$C" "scheduler: sb-reorder move" sb-reorder --board "$fp" move 17 --to 5
allowed "$C" "scheduler: sb-reorder batch" sb-reorder --board "$fp" batch moves.csv
allowed "$C" "scheduler: sb-reorder sort" sb-reorder --board "$fp" sort --day 4 --by scene
allowed "$C" "scheduler: sb-day add" sb-day --board "$fp" add
allowed "$C" "scheduler: sb-day move" sb-day --board "$fp" move 3 --after 5
second=$(sb-export --board "$fp" --format csv | awk -F, '$2 == 4 && ++n == 2 { print $5 }')
allowed "$C" "scheduler: sb-day split" sb-day --board "$fp" split 4 --at "$second"
allowed "$C" "scheduler: sb-day join" sb-day --board "$fp" join 2 3
allowed "$C" "scheduler: sb-day drop" sb-day --board "$fp" drop 3
denied "$C" "scheduler: sb-day calendar (edit)" sb-day --board "$fp" calendar --holiday 2022-09-05
denied "$C" "scheduler: sb-strip set" sb-strip set 17 pages=3
denied "$C" "scheduler: sb-element rename" sb-element rename Cast GEORGE Georgie
denied "$C" "scheduler: sb-import --update" sb-import --update "$fixtures/revision/draft1.fdx"
denied "$C" "scheduler: sb-board new" sb-board new Try
denied "$C" "scheduler: sb-perm grant" sb-perm grant "uid:$S" viewer

reads "$E"
allowed "$E" "editor: sb-reorder move" sb-reorder --board "$fp" move 17 --to 6
allowed "$E" "editor: sb-day calendar (edit)" sb-day --board "$fp" calendar --holiday 2022-09-05
allowed "$E" "editor: sb-strip set" sb-strip set 17 pages=3
allowed "$E" "editor: sb-strip add" sb-strip add 17 Cast=ZUZU
allowed "$E" "editor: sb-strip new" sb-strip new scene scene=900
allowed "$E" "editor: sb-strip batch" sb-strip batch fields.csv
allowed "$E" "editor: sb-element number" sb-element number Cast ZUZU 77
denied "$E" "editor: sb-board new" sb-board new Try
denied "$E" "editor: sb-board rename" sb-board rename "$fp" Other
denied "$E" "editor: sb-import --replace" sb-import --replace --project "It's A Wonderful Life" "$small"
denied "$E" "editor: sb-perm grant" sb-perm grant "uid:$S" viewer

reads "$A"
allowed "$A" "project admin: sb-board new" sb-board new Try --from "$fp"
allowed "$A" "project admin: sb-board rename" sb-board rename Try "Try B"
allowed "$A" "project admin: sb-perm grant inside the project" \
    sb-perm grant "uid:$S" viewer --board "Try B"
allowed "$A" "project admin: sb-board drop" sb-board drop "Try B"
denied "$A" "project admin: sb-import of a new project (the file's admins')" \
    sb-import --project Other "$small"
denied "$A" "project admin: sb-perm grant on the whole file" sb-perm grant "uid:$S" viewer
allowed "$A" "project admin: sb-log revert" sb-log revert "$(q "SELECT max(id) FROM audit WHERE entity = 'placement'")"
allowed "$A" "project admin: sb-import --replace" sb-import --replace --project "It's A Wonderful Life" "$small"

done_testing
