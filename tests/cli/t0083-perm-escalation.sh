#!/bin/sh
# No escalation, as other uids: only an admin of a scope grants, denies and
# revokes there; no one grants more than they hold (a role whose action a
# deny inside the scope keeps from them, a scope wider than theirs) or
# takes back a deny of what they do not hold; a narrower admin cannot deny
# a wider one.  Every refusal is exit 7 with the file byte for byte the
# same and no audit row; every rule written is one audit row naming who,
# whom, what, where, before and after, which sb-log says in words.
. "${top_srcdir:-.}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/perm.sh"

sb-import -q --db wl.db "$full" || exit 99
chmod 666 wl.db
export SB_DB=wl.db
db=wl.db
fp="First Pass" so="Script Order"
rows() { q "SELECT count(*) FROM audit WHERE entity = 'perm'"; }

C=$(free_uid 4321) BA=$(free_uid 4322) X=$(free_uid 4323) Y=$(free_uid 4324)
sb-perm -q grant "uid:$C" scheduler &&
    sb-perm -q grant "uid:$BA" admin --board "$fp" &&
    sb-perm -q deny "uid:$BA" drop-day --board "$fp" --day 12 &&
    sb-perm -q deny "uid:$X" drop-day --board "$fp" --day 12 &&
    sb-perm -q deny "uid:$X" move-day --board "$fp" --day 5 || exit 99

# a scheduler: no rule at all
nrows=$(rows)
denied "$C" "a scheduler grants itself admin" sb-perm grant "uid:$C" admin
denied "$C" "  ... or admin on one board" sb-perm grant "uid:$C" admin --board "$fp"
denied "$C" "  ... or another user a viewer" sb-perm grant "uid:$Y" viewer
denied "$C" "  ... or a role it holds itself, on one day" \
    sb-perm grant "uid:$Y" scheduler --board "$fp" --day 3
denied "$C" "  ... denies another user" sb-perm deny "uid:$X" read
denied "$C" "  ... revokes another's deny" sb-perm revoke "uid:$X"
is "  ... and none of it reached the trail" "$(rows)" "$nrows"

# an admin of one board, denied drop-day on its day 12
allowed "$BA" "a board admin grants on its board" sb-perm grant "uid:$Y" viewer --board "$fp"
allowed "$BA" "  ... admin on a day of it" sb-perm grant "uid:$Y" admin --board "$fp" --day 3
allowed "$BA" "  ... scheduler on a day it holds it on" \
    sb-perm grant "uid:$Y" scheduler --board "$fp" --day 11
denied "$BA" "  ... not on the project around it" sb-perm grant "uid:$Y" viewer
denied "$BA" "  ... not on another board" sb-perm grant "uid:$Y" viewer --board "$so"
denied "$BA" "  ... not scheduler on the board: its deny on day 12 keeps drop-day from it" \
    sb-perm grant "uid:$Y" scheduler --board "$fp"
err_has "deny drop-day on day 12 of board \"First Pass\"" && ok "  ... which the message names" ||
    not_ok "  ... which the message names"
denied "$BA" "  ... not scheduler on day 12 itself" sb-perm grant "uid:$Y" scheduler --board "$fp" --day 12
denied "$BA" "  ... not admin on the board (no one gives more than they hold)" \
    sb-perm grant "uid:$Y" admin --board "$fp"
allowed "$BA" "  ... takes back a deny of what it holds" \
    sb-perm revoke "uid:$X" move-day --board "$fp" --day 5
denied "$BA" "  ... not a deny of what it lacks" sb-perm revoke "uid:$X" drop-day --board "$fp" --day 12
denied "$BA" "  ... nor its own deny" sb-perm revoke "uid:$BA" drop-day --board "$fp" --day 12
allowed "$BA" "  ... denies a user on its board" sb-perm deny "uid:$X" sort --board "$fp"
denied "$BA" "  ... not the file's admin, a wider one" sb-perm deny "$me" read --board "$fp"
err_has "is an admin of the whole file, wider than uid:$BA's admin of board \"First Pass\"" &&
    ok "  ... saying so" || not_ok "  ... saying so"
allowed "$BA" "  ... but an admin as wide as itself" sb-perm deny "uid:$Y" read --board "$fp" --day 3
allowed "$BA" "  ... and revokes it again" sb-perm revoke "uid:$Y" read --board "$fp" --day 3

# the trail of the rules written by another user
is "each rule written by uid:$BA is one audit row by it" \
    "$(q "SELECT count(*) FROM audit WHERE entity = 'perm' AND actor = 'uid:$BA'")" 7
is "a grant: whom, what, where, by whom, nothing before" \
    "$(q "SELECT json_extract(changes, '\$.set.grantee[1]') || ' ' ||
          json_extract(changes, '\$.set.what[1]') || ' ' ||
          json_extract(changes, '\$.about.scope') || ' ' ||
          json_extract(changes, '\$.set.granted_by[1]') || ' ' ||
          coalesce(json_extract(changes, '\$.set.grantee[0]'), 'null') || ' ' ||
          version_before || '>' || version_after
          FROM audit WHERE entity = 'perm' AND actor = 'uid:$BA' ORDER BY id LIMIT 1")" \
    "uid:$Y viewer board \"First Pass\" uid:$BA null 0>1"
is "a revoke: every column before, nothing after" \
    "$(q "SELECT json_extract(changes, '\$.set.grantee[0]') || ' ' ||
          json_extract(changes, '\$.set.effect[0]') || ' ' ||
          json_extract(changes, '\$.set.what[0]') || ' ' ||
          json_extract(changes, '\$.set.granted_by[0]') || ' ' ||
          coalesce(json_extract(changes, '\$.set.what[1]'), 'null') || ' ' ||
          version_before || '>' || version_after
          FROM audit WHERE entity = 'perm' AND actor = 'uid:$BA' AND version_after = 0
          ORDER BY id LIMIT 1")" \
    "uid:$X deny move-day $me null 1>0"
is "the rows of the rules are the project's" \
    "$(q "SELECT count(*) FROM audit WHERE entity = 'perm' AND actor = 'uid:$BA'
          AND project_id IS NOT NULL")" 7
run sb-log --user "uid:$BA" --format csv
out_has "granted viewer to uid:$Y on board \"\"First Pass\"\"" &&
    out_has "revoked uid:$X's deny of move-day on day 5 of board \"\"First Pass\"\"" &&
    out_has "denied sort to uid:$X on board \"\"First Pass\"\"" &&
    ok "sb-log --user: the rules it wrote, in words" ||
    not_ok "sb-log --user: the rules it wrote, in words"
allowed "$BA" "the board admin reads the trail of its board, rules and all" \
    sb-log --board "$fp" --format ndjson
out_has '"entity":"perm"' && ok "  ... the rules on it among them" ||
    not_ok "  ... the rules on it among them"

done_testing
