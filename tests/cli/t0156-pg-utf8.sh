#!/bin/sh
# t0156-pg-utf8 - bytes that are not UTF-8, on a PostgreSQL server (issue
# 12).  A file keeps text as given (t0020); a server's database keeps
# UTF-8 only.  A value that is not (a project's name, a calendar note) is
# refused there as bad input (exit 3, saying why), the database unchanged;
# a command line that is not (a file's name) is recorded in the trail
# repaired as JSON output is (each bad byte U+FFFD), and the change lands
# (it was refused, exit 3, because of its trail row).
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/pg.sh"
pg_start
LC_ALL=C
export LC_ALL
ff=$(printf '\377')
fffd=$(printf '\357\277\275')

u=$(pg_db utf) || exit 99
run sb-import --db "$u" --project "A${ff}B" "$small"
is "a project named with a byte that is not UTF-8: exit 3" "$rc" 3
err_has "the server keeps text as UTF-8 only" && ok "  ... saying why" ||
    not_ok "  ... saying why"
is "  ... and nothing made" \
    "$(pgq "$u" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" 0

sb-import -q --db "$u" "$full" || exit 99
state() { pgq "$u" "SELECT count(*) || '/' || max(id) FROM audit"; }
before=$(state)
run sb-day --db "$u" --board "First Pass" calendar --note "2022-09-07=Rain${ff}"
is "a calendar note that is not UTF-8: exit 3" "$rc" 3
is "  ... the database unchanged" "$(state)" "$before"

printf 'strip,day\n17,5\n' > "m${ff}.csv"
run sb-reorder --db "$u" --board "First Pass" batch "m${ff}.csv"
is "a batch read from a file named with a byte that is not UTF-8: moved" "$rc" 0
is "  ... the trail's command line repaired" \
    "$(pgq "$u" "SELECT command FROM audit ORDER BY id DESC LIMIT 1" | grep -c "batch '*m${fffd}\.csv")" 1
expect_status 0 "  ... and the chain holds" sb-log --db "$u" --verify
done_testing
