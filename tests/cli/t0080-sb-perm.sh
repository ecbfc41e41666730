#!/bin/sh
# sb-perm as the file's admin: its conventions (help, version, usage,
# formats), grant, deny, revoke, list and check on every scope, one audit
# row per rule written (who, whom, what, where, before and after) that
# sb-log says in words, the file never left without an admin, and every
# refusal leaving the database as it was.  Other users: t0081-t0084.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
db=wl.db

refused() {
	want=$1 what=$2; shift 2
	before=$(snapshot "$db")
	expect_status "$want" "$what" "$@"
	is "$what: the database is unchanged" "$(snapshot "$db")" "$before"
}
audits() { q "SELECT count(*) FROM audit WHERE entity = 'perm'"; }

# conventions
expect_status 0 "--help" sb-perm --help
out_has "usage: sb-perm" && out_has "check USER ACTION" && out_has "drop-day" &&
    ok "the help names the subcommands and the actions" ||
    not_ok "the help names the subcommands and the actions"
expect_status 0 "--version" sb-perm --version
refused 2 "no subcommand" sb-perm
refused 2 "an unknown subcommand" sb-perm frobnicate
refused 2 "grant without a role" sb-perm grant alice
refused 2 "grant with too much" sb-perm grant alice viewer editor
refused 2 "check without an action" sb-perm check alice
refused 2 "--day and --strip together" sb-perm grant alice viewer --day 1 --strip 17
refused 2 "--format on grant" sb-perm grant alice viewer --format csv
refused 2 "a bad --format" sb-perm list --format xml
refused 2 "an unknown role" sb-perm grant alice boss
err_has "no such role" && ok "  ... named as such" || not_ok "  ... named as such"
refused 2 "an unknown action to deny" sb-perm deny alice fly
refused 2 "an unknown action to check" sb-perm check alice fly
refused 2 "a day of 0" sb-perm grant alice viewer --day 0
refused 3 "an empty user" sb-perm grant "" viewer
refused 3 "a user with a control character" sb-perm grant "$(printf 'a\tb')" viewer
refused 4 "a board that is not there" sb-perm grant alice viewer --board Nope
refused 4 "a day that is not there" sb-perm grant alice viewer --board "First Pass" --day 999
refused 4 "a strip that is not there" sb-perm grant alice viewer --strip 9999
refused 4 "a project that is not there" sb-perm grant alice viewer --project Nope
refused 4 "revoking what no one holds" sb-perm revoke alice
refused 1 "a server that does not answer: cannot connect" sb-perm --db postgresql://localhost:1/x list
rm -f missing.db
expect_status 4 "a file that is not there" sb-perm --db missing.db list
[ ! -e missing.db ] && ok "  ... is not made" || not_ok "  ... is not made"

# the first admin: whoever made the file
run sb-perm list --format csv
is "the maker of the file is its admin, the only rule" \
    "$(cut -d, -f2-5,11 out | tail -n +2)" "$me,grant,admin,file,(owner)"
is "a new file's trail holds no rule yet" "$(audits)" 0

# grant on every scope
check "grant on the whole file" sb-perm -q grant alice viewer
check "grant on a project" sb-perm -q grant alice scheduler --project "It's A Wonderful Life"
check "grant on a board" sb-perm -q grant alice editor --board "First Pass"
check "grant on a day" sb-perm -q grant bob scheduler --board "First Pass" --day 3
check "grant on a strip on a board" sb-perm -q grant carol editor --board "First Pass" --strip 17
check "grant on a strip on every board" sb-perm -q grant carol viewer --strip 18
is "six rules, six audit rows" "$(q "SELECT count(*) FROM perm"),$(audits)" "7,6"
is "the rule on a day is stored with its board and project" \
    "$(q "SELECT CASE WHEN p.day_id = d.id AND p.board_id = b.id AND p.project_id = b.project_id
          AND p.strip_id IS NULL THEN 1 ELSE 0 END FROM perm p, day d JOIN board b ON b.id = d.board_id
          WHERE p.grantee = 'bob' AND d.id = p.day_id AND b.name = 'First Pass'")" 1
is "a strip on every board has no board" \
    "$(q "SELECT CASE WHEN board_id IS NULL AND strip_id IS NOT NULL THEN 1 ELSE 0 END FROM perm WHERE grantee = 'carol' AND what = 'viewer'")" 1
run sb-perm grant alice editor --board "First Pass"
is "the same grant again writes nothing" "$(audits)" 6
err_has "alice holds editor already" && ok "  ... and says so" || not_ok "  ... and says so"

# one role a scope: another replaces it, before and after in the trail
check "a grant of another role on the same scope" sb-perm -q grant alice admin --board "First Pass"
is "replaces the role" \
    "$(q "SELECT what || ',' || version FROM perm WHERE grantee = 'alice' AND board_id IS NOT NULL")" \
    "admin,2"
is "the audit row holds before and after" \
    "$(q "SELECT json_extract(changes, '\$.set.what') || ',' || version_before || ',' ||
          version_after || ',' || actor FROM audit WHERE entity = 'perm' ORDER BY id DESC LIMIT 1")" \
    "[\"editor\",\"admin\"],1,2,$me"

# deny, check, the narrower scope decides
check "deny a role on a day" sb-perm -q deny alice scheduler --board "First Pass" --day 12
check "deny an action on a board" sb-perm -q deny alice calendar --board "First Pass"
run sb-perm check alice drop-day --board "First Pass" --day 12
is "check: a narrower deny overrides a wider grant (exit 1)" "$rc" 1
is "  ... and says why" "$(cat out)" \
    "alice may not drop day 12 of board \"First Pass\": deny scheduler on day 12 of board \"First Pass\" (denied by $me, $(date -u +%Y-%m-%d)) overrides admin on board \"First Pass\" (granted by $me, $(date -u +%Y-%m-%d))"
run sb-perm check alice drop-day --board "First Pass" --day 11
is "check: allowed on the next day (exit 0)" "$rc" 0
out_has "alice may drop day 11 of board \"First Pass\": admin on board \"First Pass\"" &&
    ok "  ... by the board's grant" || not_ok "  ... by the board's grant"
run sb-perm check alice read --board "First Pass" --day 12
is "a deny of scheduler leaves a viewer's read" "$rc" 0
run sb-perm check alice calendar --board "First Pass"
is "a deny of an action at the scope of a grant wins" "$rc" 1
run sb-perm check dave read
is "no rule: not allowed" "$rc,$(cat out)" \
    "1,dave may not read the whole file: no rule allows it (default deny)"
run sb-perm check carol edit --board "First Pass" --strip 17
is "a strip's rule on its board" "$rc" 0
run sb-perm check carol edit --board "Script Order" --strip 17
is "  ... says nothing of another board" "$rc" 1
run sb-perm check carol read --board "Script Order" --strip 18
is "a strip's rule on every board" "$rc" 0

# list
run sb-perm list alice --format csv
is "list USER: the user's rules, as CSV" "$(tail -n +2 out | cut -d, -f2-5 | sort | paste -sd' ' -)" \
    "alice,deny,calendar,board alice,deny,scheduler,day alice,grant,admin,board alice,grant,scheduler,project alice,grant,viewer,file"
run sb-perm list --board "First Pass" --day 3 --format json
is "list on a day: the rules around it and on it (not on day 12), as JSON" \
    "$(python3 -c 'import json; print(" ".join(sorted(r["user"] + ":" + r["what"] for r in json.load(open("out")))))')" \
    "$(printf '%s\n' "$me:admin" alice:admin alice:calendar alice:scheduler alice:viewer \
        bob:scheduler | LC_ALL=C sort | paste -sd' ' -)"
run sb-perm list carol --format ndjson
is "NDJSON: one rule a line" "$(wc -l < out | tr -d ' ')" 2
out_has '"strip":"17"' && out_has '"level":"strip"' && ok "  ... naming the strip" ||
    not_ok "  ... naming the strip"
run sb-perm list --format table
out_has "user" && out_has 'day 12 of board "First Pass"' && ok "list as a table" ||
    not_ok "list as a table"

# revoke
check "revoke one rule" sb-perm -q revoke alice calendar --board "First Pass"
is "  ... that one only" "$(q "SELECT count(*) FROM perm WHERE grantee = 'alice'")" 4
check "revoke every rule of a user on a scope" sb-perm -q revoke carol --board "First Pass" --strip 17
is "  ... gone, with its audit row" \
    "$(q "SELECT count(*) FROM perm WHERE grantee = 'carol'"),$(q "SELECT version_after FROM audit WHERE entity = 'perm' ORDER BY id DESC LIMIT 1")" \
    "1,0"
refused 4 "revoking a role not held on the scope" sb-perm revoke alice editor --board "First Pass"

# the file keeps an admin
refused 3 "revoking the last admin of the file" sb-perm revoke "$me"
err_has "without an admin" && ok "  ... says why" || not_ok "  ... says why"
refused 3 "denying the last admin the file" sb-perm deny "$me" viewer
refused 3 "granting the last admin less" sb-perm grant "$me" viewer
check "a second admin" sb-perm -q grant erin admin
check "  ... then the first may step down" sb-perm -q grant "$me" editor
run sb-perm check "$me" grant
is "  ... and is no admin any more" "$rc" 1

# sb-log in words
run sb-log --format table
out_has "granted scheduler to alice on project \"It's A Wonderful Life\"" &&
    out_has "changed alice's grant on board \"First Pass\" from editor to admin" &&
    out_has "denied scheduler to alice on day 12 of board \"First Pass\"" &&
    out_has "revoked alice's deny of calendar on board \"First Pass\"" &&
    ok "sb-log says each grant, deny and revoke in words" ||
    not_ok "sb-log says each grant, deny and revoke in words"
run sb-log --board "First Pass" --format ndjson
out_has '"entity":"perm"' && ok "sb-log --board finds the rules of the board" ||
    not_ok "sb-log --board finds the rules of the board"
id=$(q "SELECT max(id) FROM audit WHERE entity = 'perm'")
refused 3 "sb-log revert of a rule: not reverted, says what to do" sb-log revert "$id"
err_has "sb-perm" && ok "  ... names sb-perm" || not_ok "  ... names sb-perm"
check "the board as of before the grants, rules aside" \
    sb-export --board "First Pass" --as-of "$(q "SELECT min(id) FROM audit WHERE entity = 'perm'")" --format csv

done_testing
