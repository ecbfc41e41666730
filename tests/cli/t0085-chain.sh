#!/bin/sh
# t0085-chain: the audit trail is a hash chain (stripboard(5), "The chain"):
# every writer's rows chain, with consecutive ids; sb-log --verify prints the
# head, which an independent implementation (Python's hashlib, from the
# file alone) recomputes; --head, --format, its usage errors; verifying
# changes nothing; a file of an older schema gets the chain of its trail
# when a write migrates it.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
db=wl.db

# a change of every kind of writer
sb-reorder -q --board "First Pass" move 17 --to 5 &&
sb-reorder -q --board "First Pass" move 40 --after 17 &&
sb-reorder -q --board "First Pass" sort --day 6 --by scene &&
sb-day -q --board "First Pass" add --count 2 &&
sb-day -q --board "First Pass" drop 4 &&
sb-strip -q set 17 pages=3 synopsis='a "quoted" café' &&
sb-board -q rename "First Pass" "Pass One" &&
sb-log -q revert "$(q 'SELECT max(id) FROM audit')" &&
sb-import -q --project Copy "$small" || exit 99
rows=$(q "SELECT count(*) FROM audit")
last=$(q "SELECT max(id) FROM audit")
is "the ids run 1, 2, 3... with no gap" "$(q "SELECT min(id) || '-' || (max(id) - count(*)) FROM audit")" "1-0"

before=$(snapshot "$db")
expect_status 0 "sb-log --verify: a trail of every kind of change holds" sb-log --verify
head=$(cat out)
is "  ... it prints the head, the last row's hash" "$head" \
    "$(q 'SELECT hash FROM audit ORDER BY id DESC LIMIT 1')"
on_sqlite "  ... which Python's hashlib recomputes from the file alone" &&
    is "  ... which Python's hashlib recomputes from the file alone" "$(chain wl.db)" "$rows $head"
check "  ... and says how many rows on stderr" err_has "the audit trail holds: $rows rows, head id $last"
is "  ... verifying changes nothing" "$(snapshot "$db")" "$before"

expect_status 0 "--format ndjson" sb-log --verify --format ndjson
is "  ... one object with the rows, the head's id and hash" "$(cat out)" \
    "{\"ok\":true,\"rows\":$rows,\"head_id\":$last,\"head\":\"$head\"}"
check "  ... json_ok reads it" json_ok out
expect_status 0 "--head the head printed" sb-log --verify --head "$head"
check "  ... found" err_has "kept head found"
upper=$(echo "$head" | tr a-f A-F)
expect_status 0 "--head in capitals" sb-log --verify --head "$upper"
older=$(q "SELECT hash FROM audit WHERE id = 3")
expect_status 0 "--head of an older row: the rows since are new changes" \
    sb-log --verify --head "$older"
expect_status 0 "-q: the head, nothing on stderr" sb-log -q --verify
check "  ... stderr is empty" test ! -s err

expect_status 2 "--head that is not 64 hex digits" sb-log --verify --head "${head}0"
check "  ... says so" err_has "is not a head hash (64 hex digits)"
expect_status 2 "--head without --verify" sb-log --head "$head"
expect_status 2 "--verify with a filter" sb-log --verify --board "Pass One"
expect_status 2 "--verify with --follow" sb-log --verify --follow
expect_status 2 "--verify --format csv" sb-log --verify --format csv
expect_status 2 "--verify with an argument" sb-log --verify 12
expect_status 4 "--verify of no database" sb-log --db none.db --verify

# a file of schema 1 with a trail written before the chain: a write migrates
# it, and every old row gets its hash, in id order (a file, made by sqlite3,
# on a server too: read by sqlite3 below)
{ cat "$top_srcdir/share/schema/001-core.sql"
  echo "PRAGMA application_id = 1396855364; PRAGMA user_version = 1;"
  echo "INSERT INTO audit (at, actor, command, entity) VALUES ('2020-01-01T00:00:00.000Z', 'ana', 'sb-import x', 'note');"
  echo "INSERT INTO audit (at, actor, command, project_id, entity, entity_id, version_before, version_after, changes) VALUES ('2020-01-02T00:00:00.000Z', 'bo', 'sb-day --board ''A'' drop 3', 7, 'day', 12, 3, 0, '{\"x\":\"é\"}');"
  echo "INSERT INTO audit (at, actor, command, entity, changes) VALUES ('2020-01-03T00:00:00.000Z', 'cy', 'x', 'note', 'not JSON');"
} | sqlite3 v1.db
expect_status 0 "a file of schema 1 with a trail is migrated by a write" \
    sb-import -q --db v1.db --project V1 "$small"
is "  ... its old rows and the import's chain" "$(chain v1.db | cut -d' ' -f1)" 4
expect_status 0 "  ... sb-log --verify agrees" sb-log --db v1.db --verify
is "  ... with the same head" "$(cat out)" "$(chain v1.db | cut -d' ' -f2)"
is "  ... the append-only triggers are there again" \
    "$("${SQLITE3:-sqlite3}" -readonly -batch -noheader v1.db "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name)")" \
    "audit_no_delete,audit_no_update"
run sqlite3 v1.db "UPDATE audit SET actor = 'x'"
check "  ... and still refuse an UPDATE" err_has "audit rows are append-only"

done_testing
