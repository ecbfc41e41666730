#!/bin/sh
# sb-import: options, the USS samples, the summary, projects and the audit row.
. "${top_srcdir:-.}/tests/cli/lib.sh"

expect_status 0 "--help exits 0" sb-import --help
check "--help prints the usage" grep -q "usage: sb-import" out
expect_status 0 "--version exits 0" sb-import --version
check "--version names the library and SQLite" sh -c 'grep -q libstripboard out && grep -q SQLite out'
expect_status 2 "a bad option is a usage error" sb-import --no-such-option
check "a bad option prints the usage on stderr" err_has "usage: sb-import"
expect_status 2 "no FILE is a usage error" sb-import --db x.db
expect_status 2 "two FILEs are a usage error" sb-import --db x.db "$full" "$small"
expect_status 2 "an unknown --from is a usage error" sb-import --db x.db --from docx "$full"
check "a usage error creates no database" test ! -e x.db

expect_status 0 "the full USS sample imports" sb-import --db full.db "$full"
check "the summary names the counts" err_has '174 strips, 238 elements in 34 categories, 4 boards, 184 shoot days, 3 calendars'
check "the dangling linked element is a warning with its place" \
    err_has "warning: $full: elements[2] (id 5e2dd85ffb4b2900171966d8): linkedElements[0]"
check "the project is named from the file" \
    test "$(sql full.db 'SELECT name FROM project')" = "It's A Wonderful Life"
check "174 strips, one of them a banner" \
    test "$(sql full.db "SELECT count(*), sum(type = 'banner') FROM strip")" = "174|1"
check "pages are eighths: scene 2 has 1 5/8 (13)" \
    test "$(sql full.db "SELECT eighths FROM strip WHERE uid = '5e2dd860fb4b2900171967fe'")" = 13
check "First Pass has 61 shoot days, Second Pass 67, Rev. WHITE 56" \
    test "$(sql full.db "SELECT group_concat(n, ',') FROM (SELECT count(d.id) n FROM board b LEFT JOIN day d ON d.board_id = b.id AND d.kind = 'shoot' GROUP BY b.id ORDER BY b.rank) AS q1")" = "0,61,67,56"
check "the bare id in First Pass is a one-strip day" \
    test "$(sql full.db "SELECT count(*) FROM day WHERE uss_bare = 1")" = 1
check "doodDayCount is read as the drop-day count" \
    test "$(sql full.db "SELECT drop_days FROM element WHERE uid = '5e2dd85ffb4b2900171966d6'")" = 10
check "the strip's set comes from its Set element" \
    test "$(sql full.db "SELECT set_name, int_ext, day_night FROM strip WHERE uid = '5e2dd860fb4b2900171967fc'")" = "BEDFORD FALLS|EXT|NIGHT"
check "the calendars keep their holidays" \
    test "$(sql full.db "SELECT count(*) FROM calendar_day WHERE kind = 'holiday'")" = 2

expect_status 0 "--format json prints the summary on stdout" \
    sb-import --db small.db --format json "$small"
check "the JSON summary has the counts" \
    grep -q '"strips":2,"categories":5,"elements":6,"boards":2,"days":1,"calendars":1' out
check "nothing on stderr with --format json" test ! -s err

before=$(snapshot small.db)
expect_status 1 "importing an existing project again is refused" sb-import --db small.db "$small"
check "the refusal names --replace" err_has "--replace"
check "the refused import leaves the database as it was" test "$(snapshot small.db)" = "$before"
expect_status 0 "--replace replaces it" sb-import -q --db small.db --replace "$small"
check "-q prints nothing" sh -c '! test -s err'
check "the project keeps its id and its version rises" \
    test "$(sql small.db 'SELECT id, version FROM project')" = "1|2"
check "still one project with two strips" \
    test "$(sql small.db 'SELECT count(*) FROM strip')" = 2

check "each import wrote one audit row" \
    test "$(sql small.db "SELECT count(*) FROM audit WHERE entity <> 'kept'")" = 2
check "and the replacing one kept the project it replaced" \
    test "$(sql small.db "SELECT count(*) FROM audit WHERE entity = 'kept'")" = 1
check "the audit row says who, what and the versions" \
    test "$(sql small.db "SELECT CASE WHEN actor = '$me' THEN 1 ELSE 0 END, entity, version_before, version_after, json_extract(changes, '\$.import.strips'), CASE WHEN changes LIKE '%\"replaced\":true%' THEN 1 ELSE 0 END FROM audit ORDER BY id DESC LIMIT 1")" = "1|project|1|2|2|1"
# (on a server the command was given the database's URI by pg-suite.sh)
on_sqlite "the audit row keeps the command line" &&
    is "the audit row keeps the command line" \
    "$(sql small.db 'SELECT command FROM audit ORDER BY id DESC LIMIT 1')" "sb-import -q --db small.db --replace $small"
check "audit time is UTC with milliseconds" \
    test "$(sql small.db 'SELECT at FROM audit' | grep -Evc '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$')" = 0

expect_status 0 "standard input imports with --project" sh -c "sb-import --db stdin.db --project Piped - < '$small'"
check "the piped project has its name" test "$(sql stdin.db 'SELECT name FROM project')" = Piped
expect_status 0 "SB_DB names the database" env SB_DB=env.db sb-import -q "$small"
on_sqlite "the database SB_DB named exists (the file's size)" &&
    check "the database SB_DB named exists" test -s env.db
expect_status 0 "--project names the project" sb-import -q --db two.db --project "Copy" "$small"
expect_status 0 "a second project can share the file" sb-import -q --db two.db "$small"
check "two projects" test "$(sql two.db 'SELECT count(*) FROM project')" = 2

done_testing
