#!/bin/sh
# sb-log: the trail after imports and real moves, as NDJSON, JSON, CSV and
# a table; its filters; every exit status; and --follow, which shows
# another process's change within a second, survives a locked database,
# ends cleanly on SIGINT and SIGTERM, and ends when its reader goes away.
. "${top_srcdir:-.}/tests/cli/lib.sh"

# ms: a clock in milliseconds (GNU date)
ms() { echo $(( $(date +%s%N) / 1000000 )); }

# wait_for FILE TEXT [MS]: until FILE contains TEXT, at most MS (5000) ms
wait_for() {
	_end=$(( $(ms) + ${3:-5000} ))
	while ! grep -F -q -- "$2" "$1" 2>/dev/null; do
		[ "$(ms)" -ge "$_end" ] && return 1
		sleep 0.005
	done
	return 0
}

# wait_gone PID [MS]: until the process has ended, at most MS (5000) ms
wait_gone() {
	_end=$(( $(ms) + ${2:-5000} ))
	while kill -0 "$1" 2>/dev/null; do
		[ "$(ms)" -ge "$_end" ] && return 1
		sleep 0.01
	done
	return 0
}

# stop_proc PID SIGNAL: signal a background process; its exit status, or
# 99 when it did not end within 5 s (it is killed then)
stop_proc() {
	kill -"$2" "$1" 2>/dev/null
	if wait_gone "$1"; then
		wait "$1"
		return $?
	fi
	kill -KILL "$1" 2>/dev/null
	wait "$1"
	return 99
}

# complete FILE: every line of FILE is a whole NDJSON object
complete() {
	[ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] &&
	    ! grep -v -q '^{"id":.*}$' "$1"
}

# --help, --version, usage errors
expect_status 0 "--help" sb-log --help
if out_has "usage: sb-log [-hqrv] [--db FILE]" && out_has "--follow"; then
	ok "--help shows the usage"; else not_ok "--help shows the usage"; fi
# the usage and the manual's synopsis name the same options
opts() { grep -o -e '--[a-z-]*' -e '\[-[a-z]*\]' | sort -u; }
sb-log --help | sed -n '/^usage:/,/^$/p' | opts > usage.opts
sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$top_srcdir/docs/sb-log.1" |
    sed -e 's/^\.Op Fl hqrv/[-hqrv]/' -e 's/^\.Op Fl q$/[-q]/' -e 's/Fl \\-/--/g' | opts > man.opts
[ -s usage.opts ] && cmp -s usage.opts man.opts && ok "the usage and sb-log(1) agree" ||
    not_ok "usage and synopsis differ: $(diff usage.opts man.opts | tr '\n' ' ')"
expect_status 0 "--version" sb-log --version
if out_has "sb-log (stripboard)" && out_has "SQLite"; then
	ok "--version names the command and SQLite"; else not_ok "--version"; fi
expect_status 2 "a bad option" sb-log --bogus
err_has "usage: sb-log" && ok "a bad option prints the usage" || not_ok "bad option usage"
expect_status 2 "an unexpected argument" sb-log extra
expect_status 2 "a format sb-log does not write" sb-log --format uss
expect_status 2 "--limit 0" sb-log --limit 0
expect_status 2 "--day that is not a number" sb-log --day three
expect_status 2 "--follow --reverse" sb-log --follow -r
expect_status 2 "--follow with a JSON array" sb-log --follow --format json
expect_status 2 "--interval without --follow" sb-log --interval 100
expect_status 2 "--interval out of range" sb-log --follow --interval 5

# not a database, not ours
expect_status 4 "no database (exit 4)" sb-log --db nope.db
err_has "sb-log: nope.db: no such database" && ok "the message names the file" ||
    not_ok "missing database message"
printf 'not sqlite at all, no' > junk.db
expect_status 3 "not a stripboard database (exit 3)" sb-log --db junk.db

# the history of imports (the replacing one keeps the project it replaced
# in a row of its own, entity "kept", before its own)
sb-import -q --db wl.db "$full" || exit 99
sb-import -q --db wl.db --replace "$full" || exit 99
before=$(snapshot wl.db)
expect_status 0 "the history after two imports" sb-log --db wl.db
if [ "$(wc -l < out)" -eq 3 ] && complete out &&
    out_has '"summary":"imported uss wonderful-life-full.uss: 174 strips"}' &&
    out_has '"entity":"kept","entity_id":1,"version_before":1,"version_after":1,"changes":{"kept":{"part":1,' &&
    out_has '"summary":"imported uss wonderful-life-full.uss: 174 strips, replacing the project"}' &&
    out_has '"entity":"project","entity_id":1,"version_before":1,"version_after":2,"changes":{"import":{"format":"uss",'; then
	ok "NDJSON by default in a pipe: one object a line, changes as JSON"
else
	not_ok "NDJSON history of imports"
fi
[ "$(snapshot wl.db)" = "$before" ] && ok "reading the trail writes nothing" ||
    not_ok "sb-log changed the database"

# real moves and day edits, and a strip revision by another user (no
# command revises strips yet: audit_write writes the row as one would)
sb-reorder -q --db wl.db --board "First Pass" move 17 --to 3 || exit 99
sb-reorder -q --db wl.db --board "First Pass" move 40 --to boneyard || exit 99
sb-day -q --db wl.db --board "First Pass" add --after 2 || exit 99
uid17=$(sql wl.db "SELECT uid FROM strip WHERE scene = '17'")
id17=$(sql wl.db "SELECT id FROM strip WHERE scene = '17'")
audit_write --actor alice wl.db strip "$id17" 1 2 \
    "{\"set\":{\"eighths\":[15,16]},\"about\":{\"strip\":\"$uid17\",\"scene\":\"17\"}}" >/dev/null || exit 99
last=$(sql wl.db "SELECT max(id) FROM audit")

expect_status 0 "a table" sb-log --db wl.db --format table
if head -n 1 out | grep -q '^    ID  TIME (UTC)           WHO         WHAT$' &&
    out_has "moved scene 17 from day 2 to day 3 (First Pass)" &&
    out_has "moved scene 40 from day 32 to the boneyard (First Pass)" &&
    out_has "added day 3 (First Pass)" &&
    out_has "alice       changed scene 17: pages 1 7/8 -> 2"; then
	ok "the table says what happened in words"
else
	not_ok "the table"
fi
[ "$(wc -l < out)" -eq $((last + 1)) ] && ok "one table line a change" ||
    not_ok "table lines: $(wc -l < out), want $((last + 1))"

expect_status 0 "CSV" sb-log --db wl.db --format csv
if head -n 1 out | grep -q '^id,at,actor,command,project,entity,entity_id,version_before,version_after,summary,changes$' &&
    [ "$(wc -l < out)" -eq $((last + 1)) ] &&
    out_has ",moved scene 17 from day 2 to day 3 (First Pass),\"{\"\"set\"\":{\"\"day_id\"\":"; then
	ok "CSV: a header, a row a change, changes as quoted JSON"
else
	not_ok "CSV"
fi
expect_status 0 "JSON" sb-log --db wl.db --format json
if [ "$(head -n 1 out)" = "[" ] && [ "$(tail -n 1 out)" = "]" ] &&
    [ "$(grep -c '^{"id":' out)" -eq "$last" ]; then
	ok "JSON: one array"; else not_ok "JSON"; fi

# filters: compare with what the file says
strip_rows() { grep -c '^{"id":' out; }
expect_status 0 "--strip by scene" sb-log --db wl.db --strip 17
cp out strip-by-scene.out
if [ "$(strip_rows)" -eq 4 ] && out_has "moved scene 17 from day 2 to day 3" &&
    out_has "changed scene 17: pages" && ! out_has "scene 40"; then
	ok "a strip's history: imports, its moves, its revisions"
else
	not_ok "--strip 17"
fi
expect_status 0 "--strip by id" sb-log --db wl.db --strip "$uid17"
same_file out strip-by-scene.out && ok "the same history by id" || not_ok "--strip by id"
expect_status 0 "--board" sb-log --db wl.db --board "First Pass" --format table
if out_has "scene 17 from day 2" && out_has "scene 40" && out_has "added day 3" &&
    ! out_has "alice"; then
	ok "a board's history: its moves and days"; else not_ok "--board"; fi
expect_status 0 "--board with no moves" sb-log --db wl.db --board "Script Order"
[ "$(strip_rows)" -eq 2 ] && ok "another board: its imports alone" || not_ok "--board Script Order"
expect_status 0 "--day" sb-log --db wl.db --board "First Pass" --day 3 --format table
if out_has "moved scene 17 from day 2 to day 3" && out_has "added day 3" &&
    ! out_has "scene 40"; then
	ok "a day's history"; else not_ok "--day 3"; fi
expect_status 0 "--user" sb-log --db wl.db --user alice
[ "$(strip_rows)" -eq 1 ] && out_has '"actor":"alice"' && ok "a user's changes" ||
    not_ok "--user alice"
expect_status 0 "--since an id" sb-log --db wl.db --since 2
[ "$(strip_rows)" -eq $((last - 2)) ] && ! out_has '"id":2,' && ok "--since ID: the rows after it" ||
    not_ok "--since 2"
expect_status 0 "--since a time" sb-log --db wl.db --since 2000-01-01T00:00Z
[ "$(strip_rows)" -eq "$last" ] && ok "--since TIME" || not_ok "--since TIME"
expect_status 0 "--reverse --limit" sb-log --db wl.db -r --limit 1
[ "$(strip_rows)" -eq 1 ] && out_has "\"id\":$last," && ok "the newest change" ||
    not_ok "-r --limit 1"
expect_status 2 "--since that is neither id nor time" sb-log --db wl.db --since yesterday
err_has "sb-log: since: \"yesterday\" is neither an audit id nor a time" &&
    ok "the message says why" || not_ok "--since message"

# not found, usage, busy
expect_status 4 "an unknown project (exit 4)" sb-log --db wl.db --project Nope
expect_status 4 "an unknown board (exit 4)" sb-log --db wl.db --board Nope
expect_status 4 "an unknown strip (exit 4)" sb-log --db wl.db --strip nope
err_has 'no strip has the id or scene number "nope"' && ok "names the strip" ||
    not_ok "unknown strip message"
expect_status 2 "a scene number of several strips (exit 2)" sb-log --db wl.db --strip 29
err_has "scene 29 names 2 strips" && err_has "give the strip's id" &&
    ok "says to give the strip's id" || not_ok "ambiguous scene message"
db_copy wl.db two.db
sb-import -q --db two.db --project Other "$small" || exit 99
expect_status 2 "a strip without --project in a file of two" sb-log --db two.db --strip 17
err_has "name one with --project" && ok "says to name the project" || not_ok "several projects message"
expect_status 0 "--project" sb-log --db two.db --project Other
[ "$(strip_rows)" -eq 1 ] && ok "one project's trail" || not_ok "--project Other"
expect_status 0 "every project" sb-log --db two.db --format table --limit 1 -r
out_has "Other: imported" && ok "the table names the project when there are several" ||
    not_ok "several projects in the table"
sb-log --db wl.db > /dev/full 2> full.err
frc=$?
if [ "$frc" -eq 1 ] && grep -q "sb-log: standard output: No space left on device" full.err; then
	ok "a full disk is an error (exit 1)"
else
	not_ok "a full disk: exit $frc, $(cat full.err)"
fi

# busy: another process holds the file exclusively while a follower polls
# (in a rollback journal, where a writer's exclusive lock shuts readers out;
# in WAL mode readers are never blocked); a file's lock, which sqlite3
# holds: on a server readers are never shut out (t0072, t0073)
if on_file "a locked file: exit 6, and --follow waits it out"; then
cp wl.db lock.db
sql_rw() { "${SQLITE3:-sqlite3}" -batch "$@"; }
[ "$(sql_rw lock.db 'PRAGMA journal_mode = DELETE')" = delete ] || echo "# lock.db stays in WAL"
sb-log --db lock.db --follow -v --format ndjson > lf.out 2> lf.err &
lpid=$!
wait_for lf.err "following" || echo "# the follower did not start"
rm -f lock.out
{ echo ".timeout 5000"; echo "BEGIN EXCLUSIVE;"
  echo "INSERT INTO audit (at, actor, command, entity) VALUES ('2030-01-01T00:00:00.000Z', 'locker', 'sqlite3', 'note');"
  echo "SELECT 'locked';"; sleep 2; echo "COMMIT;"; } | sql_rw lock.db > lock.out 2>&1 &
locker=$!
wait_for lock.out locked || echo "# the locker did not start"
expect_status 6 "a locked database (exit 6)" env SB_BUSY_TIMEOUT=100 sb-log --db lock.db
err_has "database is busy" && ok "says the database is busy" || not_ok "busy message"
if wait_for lf.out '"actor":"locker"' 8000 && kill -0 "$lpid" 2>/dev/null; then
	ok "--follow waits out a locked database and shows the change after it"
else
	not_ok "--follow and a locked database: $(cat lf.err)"
fi
stop_proc "$lpid" INT
[ $? -eq 0 ] && ok "the follower of the locked file ends cleanly" || not_ok "locked follower exit"
wait "$locker"
fi

# --follow: another process's move, within a second
sb-log --db wl.db --follow -v --format ndjson > f.out 2> f.err &
fpid=$!
wait_for f.err "following wl.db after audit id" || echo "# the follower did not start"
t0=$(ms)
sb-reorder -q --db wl.db --board "First Pass" move 17 --to 5
t1=$(ms)
if wait_for f.out "moved scene 17 from day 4 to day 5 (First Pass)"; then
	t2=$(ms)
	latency=$((t2 - t1))
	echo "# follow latency: $latency ms after sb-reorder returned (which took $((t1 - t0)) ms)"
	[ "$latency" -lt 1000 ] && ok "--follow shows another process's move within a second" ||
	    not_ok "--follow took $latency ms"
else
	not_ok "--follow never showed the move"
fi
sb-import -q --db wl.db --replace "$full"
wait_for f.out "replacing the project" && ok "--follow shows an import" ||
    not_ok "--follow and an import"
audit_write --count 25 wl.db note 0 1 2 '{}' > /dev/null
if wait_for f.out '"command":"audit_write --count 25' &&
    sleep 0.5 && [ "$(grep -c '"command":"audit_write --count 25' f.out)" -eq 25 ]; then
	ok "--follow shows every change of a burst"
else
	not_ok "a burst: $(grep -c audit_write f.out) of 25"
fi
stop_proc "$fpid" INT
frc=$?
[ "$frc" -eq 0 ] && ok "SIGINT ends --follow with status 0" || not_ok "SIGINT: exit $frc"
complete f.out && ok "and leaves no partial line" || not_ok "a partial line"
start=$(sed -n 's/.*after audit id \([0-9]*\).*/\1/p' f.err)
[ -n "$start" ] && [ "$(grep -c '^{"id":' f.out)" -eq "$(sql wl.db "SELECT count(*) FROM audit WHERE id > $start")" ] &&
    ok "every change since it started, once" || not_ok "follow rows"

# a filter applies to what is followed
sb-log --db wl.db --follow --strip 40 --format table > s.out 2>&1 &
spid=$!
sleep 0.3
sb-reorder -q --db wl.db --board "First Pass" move 17 --to 6
sb-reorder -q --db wl.db --board "First Pass" move 40 --to 2
if wait_for s.out "moved scene 40 from day 32 to day 2 (First Pass)" && ! grep -q "scene 17" s.out; then
	ok "--follow --strip shows that strip alone"
else
	not_ok "--follow --strip: $(cat s.out)"
fi
stop_proc "$spid" TERM
[ $? -eq 0 ] && ok "SIGTERM ends --follow with status 0" || not_ok "SIGTERM"

# the reader goes away: after a line, or before any
rm -f pipe.rc
{ sb-log --db wl.db --follow --format ndjson; echo $? > pipe.rc; } | head -n 1 > head.out &
sleep 0.3
sb-reorder -q --db wl.db --board "First Pass" move 17 --to 7
if wait_for pipe.rc ""; then
	[ "$(cat pipe.rc)" = 0 ] && [ "$(wc -l < head.out)" -eq 1 ] &&
	    grep -q "moved scene 17" head.out &&
	    ok "sb-log --follow | head -n 1 ends after the line, status 0" ||
	    not_ok "head got: $(cat head.out), status $(cat pipe.rc)"
else
	not_ok "sb-log --follow | head -n 1 did not end"
fi
rm -f pipe.rc
{ sb-log --db wl.db --follow; echo $? > pipe.rc; } | true &
if wait_for pipe.rc "" 3000 && [ "$(cat pipe.rc)" = 0 ]; then
	ok "a reader that leaves before any change ends it, status 0"
else
	not_ok "reader gone: status $(cat pipe.rc 2>/dev/null)"
fi
sb-log --db wl.db --follow --limit 1 --format ndjson > lim.out 2>&1 &
wpid=$!
sleep 0.3
sb-reorder -q --db wl.db --board "First Pass" move 17 --to 8
if wait_gone "$wpid" && wait "$wpid" && [ "$(wc -l < lim.out)" -eq 1 ]; then
	ok "--follow --limit 1 ends after one change"
else
	not_ok "--follow --limit 1 did not end"
	stop_proc "$wpid" KILL
fi

done_testing
