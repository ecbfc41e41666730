#!/bin/sh
# t0010-sb-import-update - a newer draft of the script merged into a
# scheduled board (sb-import --update): changed scenes updated with their
# audit rows, new ones in the boneyard, missing ones omitted, every
# placement kept; the changes printed as NDJSON.
. "${top_srcdir:?}/tests/cli/lib.sh"

rev="$fixtures/revision"
db=life.db

# placements as "scene day position version", the board's order
places() {
	sql "$db" "SELECT s.scene || ' ' || p.day_id || ' ' || p.pos || ' ' || p.version
	    FROM placement p JOIN strip s ON s.id = p.strip_id ORDER BY p.id"
}

expect_status 0 "the first draft imports" \
	sb-import --db "$db" --project Life "$rev/draft1.fdx"
[ "$(sql "$db" "SELECT count(*) FROM strip WHERE type = 'scene'")" = 6 ] &&
	ok "six scenes" || not_ok "six scenes"

# schedule it: two shoot days, four scenes on them
check "two shoot days" sb-day --db "$db" -q add --count 2
check "scenes 1 and 2 on day 1" sb-reorder --db "$db" -q move 1 2 --to 1
check "scenes 4 and 5 on day 2" sb-reorder --db "$db" -q move 4 5 --to 2
places > before
audit_before=$(sql "$db" "SELECT max(id) FROM audit")

expect_status 0 "the second draft merges" \
	sb-import --db "$db" --update "$rev/draft2.fdx" --project Life
cp out changes
[ "$(wc -l < changes)" -eq 5 ] && ok "five changes" || not_ok "five changes"
out_has '{"scene":"2","change":"changed","fields":{"pages":["3/8","6/8"],"elements":{"Cast Members":[["GEORGE"],["CLARENCE","GEORGE"]]}}}' &&
	ok "scene 2: pages and cast, from and to" || not_ok "scene 2: pages and cast"
out_has '{"scene":"4","change":"changed","fields":{"day_night":["DAY","NIGHT"],"set":["MAIN STREET","BEDFORD FALLS STREET"]}}' &&
	ok "scene 4: set and time of day" || not_ok "scene 4: set and time of day"
out_has '{"scene":"4A","change":"added","fields":{"int_ext":[null,"EXT"],"day_night":[null,"NIGHT"],"set":[null,"BEDFORD FALLS STREET"],"script_page":[null,"5"],"pages":[null,"2/8"],"elements":{"Cast Members":[[],["GEORGE"]],"Props":[[],["WREATH"]]}}}' &&
	ok "scene 4A: added with its fields" || not_ok "scene 4A: added"
out_has '{"scene":"5","change":"omitted","fields":{"omitted":[false,true]}}' &&
	ok "scene 5: omitted by the draft" || not_ok "scene 5: omitted by the draft"
out_has '{"scene":"6","change":"omitted","fields":{"omitted":[false,true]}}' &&
	ok "scene 6: gone from the draft, omitted" || not_ok "scene 6: omitted"
err_has 'updated "Life" (fdx): 2 scenes changed, 1 added, 2 omitted, 0 restored, 2 unchanged' &&
	ok "the summary on stderr" || not_ok "the summary on stderr"

# every placement is where it was, at the version it had; one more for 4A
places > after
if grep -v -x -F -f after before >missing; [ ! -s missing ]; then
	ok "every placement kept"
else
	not_ok "every placement kept"; sed 's/^/# lost: /' missing
fi
[ "$(wc -l < after)" -eq $(($(wc -l < before) + 1)) ] &&
	ok "one placement more" || not_ok "one placement more"
[ "$(sql "$db" "SELECT l.kind FROM placement p JOIN strip s ON s.id = p.strip_id
    JOIN day d ON d.id = p.day_id JOIN lane l ON l.id = d.lane_id WHERE s.scene = '4A'")" = boneyard ] &&
	ok "the new scene is in the boneyard" || not_ok "the new scene is in the boneyard"
[ "$(sql "$db" "SELECT omitted || ' ' || version FROM strip WHERE scene = '5'")" = "1 2" ] &&
	ok "scene 5 marked omitted, not deleted" || not_ok "scene 5 marked omitted"
[ "$(sql "$db" "SELECT d.id FROM placement p JOIN strip s ON s.id = p.strip_id
    JOIN day d ON d.id = p.day_id WHERE s.scene = '5'")" = \
  "$(sql "$db" "SELECT d.id FROM placement p JOIN strip s ON s.id = p.strip_id
    JOIN day d ON d.id = p.day_id WHERE s.scene = '4'")" ] &&
	ok "scene 5 still on its day" || not_ok "scene 5 still on its day"
[ "$(sql "$db" "SELECT group_concat(scene || ':' || version, ' ') FROM
    (SELECT scene, version FROM strip WHERE type = 'scene' ORDER BY rank) AS s")" = \
  "1:1 2:2 3:1 4:2 5:2 6:2 4A:1" ] &&
	ok "versions rose on changed strips only" || not_ok "versions rose on changed strips only"
[ "$(sql "$db" "SELECT eighths || ' ' || set_name || ' ' || day_night FROM strip WHERE scene = '4'")" = \
  "4 BEDFORD FALLS STREET NIGHT" ] && ok "scene 4 holds the new values" ||
	not_ok "scene 4 holds the new values"

# the readable views say so
run sb-export --db "$db" --format table
grep -E '^ *5 .*OMITTED$' out >/dev/null && ok "sb-export's table marks scene 5 OMITTED" ||
	not_ok "sb-export's table marks scene 5 OMITTED"
run sb-day --db "$db" list --expand=2 --format table
grep -E '^ +5 .*OMITTED$' out >/dev/null && ok "sb-day's expanded day marks it too" ||
	not_ok "sb-day's expanded day marks it too"

# the audit trail says what the revision did, in the same transaction
[ "$(sql "$db" "SELECT count(*) FROM audit WHERE id > $audit_before AND entity = 'strip'
    AND json_extract(changes, '$.about.revision') LIKE '%draft2.fdx'")" = 5 ] &&
	ok "an audit row per changed strip" || not_ok "an audit row per changed strip"
[ "$(sql "$db" "SELECT json_extract(changes, '$.set.pages[0]') || ' ' ||
    json_extract(changes, '$.set.pages[1]') FROM audit WHERE entity = 'strip'
    AND json_extract(changes, '$.about.scene') = '2' AND id > $audit_before")" = "3/8 6/8" ] &&
	ok "the audit row holds from and to" || not_ok "the audit row holds from and to"
run sb-log --db "$db" --strip 2 --format table
out_has "changed scene 2" && ok "sb-log shows the change" || not_ok "sb-log shows the change"

[ "$(sql "$db" "SELECT json_extract(changes, '$.revision.changed') || ' ' ||
    json_extract(changes, '$.revision.added') || ' ' || json_extract(changes, '$.revision.omitted')
    FROM audit WHERE entity = 'project' AND id > $audit_before")" = "2 1 2" ] &&
	ok "one audit row for the revision, on the project" ||
	not_ok "one audit row for the revision, on the project"

# an omitted scene goes through USS and back: an extension key says it
# (--keep: the valid form, the default for a project from .fdx, has none)
sb-export --db "$db" --format uss --keep > omit.uss
check "the USS export marks the omitted scenes" grep -q '"_omitted":true' omit.uss
sb-import -q --db omit.db omit.uss || exit 99
[ "$(sql omit.db "SELECT group_concat(scene, ' ') FROM (SELECT scene FROM strip WHERE omitted ORDER BY rank) AS q1")" = \
  "$(sql "$db" "SELECT group_concat(scene, ' ') FROM (SELECT scene FROM strip WHERE omitted ORDER BY rank) AS q2")" ] &&
	ok "and the omitted scenes come back omitted" || not_ok "and the omitted scenes come back omitted"
sb-export --db omit.db --format uss > omit2.uss
expect_status 0 "USS to USS keeps the document" uss_equal omit.uss omit2.uss

# the same draft again changes nothing
snapshot "$db" > snap
expect_status 0 "the same draft again" \
	sb-import --db "$db" --update "$rev/draft2.fdx" --project Life
[ ! -s out ] && ok "no changes printed" || not_ok "no changes printed"
err_has "0 scenes changed, 0 added, 0 omitted, 0 restored, 6 unchanged" &&
	ok "all unchanged" || not_ok "all unchanged"
snapshot "$db" > snap2
same_file snap snap2 && ok "and the database is byte for byte as it was" ||
	not_ok "and the database is byte for byte as it was"

# back to the first draft: scenes restored, the added one omitted
expect_status 0 "the first draft again" \
	sb-import --db "$db" --update "$rev/draft1.fdx" --project Life
out_has '{"scene":"5","change":"restored"' && ok "scene 5 restored" || not_ok "scene 5 restored"
out_has '{"scene":"6","change":"restored","fields":{"omitted":[true,false]}}' &&
	ok "scene 6 restored" || not_ok "scene 6 restored"
out_has '{"scene":"4A","change":"omitted"' && ok "scene 4A omitted" || not_ok "scene 4A omitted"
[ "$(sql "$db" "SELECT eighths FROM strip WHERE scene = '2'")" = 3 ] &&
	ok "scene 2 back to 3/8" || not_ok "scene 2 back to 3/8"
places > again
if grep -v -x -F -f again after >missing; [ ! -s missing ]; then
	ok "placements kept again"
else
	not_ok "placements kept again"; sed 's/^/# lost: /' missing
fi

# without --project, the only project is the one updated
expect_status 0 "--project may be left out when there is one project" \
	sb-import --db "$db" --update "$rev/draft1.fdx"
err_has 'updated "Life"' && ok "it named the project" || not_ok "it named the project"

# a strip read from USS without elements or pages, then given them by a
# draft: the USS export writes what the draft brought
printf '%s\n' '{"universalScheduleStandard": {"name": "Sparse", "project": "Sparse",' \
    '"breakdowns": [{"id": "b1", "type": "scene", "scene": "1"}],' \
    '"categories": [], "elements": [],' \
    '"stripboards": [{"id": "s1", "name": "Only", "boards": [{"id": "l1", "name": "stripboard", "breakdownIds": [["b1"]]}]}],' \
    '"calendars": []}}' > sparse.uss
sb-import -q --db sparse.db sparse.uss || exit 99
expect_status 0 "a draft merges into a project read from USS" \
	sb-import --db sparse.db --update "$rev/draft1.fdx" --project Sparse
sb-export --db sparse.db --format uss > sparse.out.uss
check "the USS export has the elements the draft brought" \
	grep -q '"elements":\["[0-9a-f]*","[0-9a-f]*","[0-9a-f]*","[0-9a-f]*","[0-9a-f]*"\]' sparse.out.uss
check "and its pages" grep -q '"pages":1.25' sparse.out.uss
[ "$(sql sparse.db "SELECT absent FROM strip WHERE uid = 'b1'")" = \
  "description,comments,bannerText,duration,created" ] &&
	ok "what the draft set is no longer said absent; the rest still is" ||
	not_ok "what the draft set is no longer said absent; the rest still is"

# what --update refuses
snapshot "$db" > snap
expect_status 2 "--update with --replace is a usage error" \
	sb-import --db "$db" --update --replace "$rev/draft2.fdx"
expect_status 2 "--update with --format json is a usage error" \
	sb-import --db "$db" --update --format json "$rev/draft2.fdx"
expect_status 2 "--update of a USS file is refused" \
	sb-import --db "$db" --update "$small"
err_has "--update merges a revision of the script" && ok "and says why" || not_ok "and says why"
expect_status 4 "--update of a project that is not there" \
	sb-import --db "$db" --update --project Nope "$rev/draft2.fdx"
err_has 'no project "Nope" to update' && ok "and says which" || not_ok "and says which"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<FinalDraft DocumentType="Script"><Content/></FinalDraft>\n' > empty.fdx
expect_status 3 "a draft with no scenes is refused" \
	sb-import --db "$db" --update "$PWD/empty.fdx"
err_has "empty.fdx: the draft has no scenes" && ok "and says so" || not_ok "and says so"
head -c 900 "$rev/draft2.fdx" > cut.fdx
expect_status 3 "a truncated draft is bad input" \
	sb-import --db "$db" --update "$PWD/cut.fdx"
err_has "cut.fdx" && ok "the message names the file" || not_ok "the message names the file"
snapshot "$db" > snap2
same_file snap snap2 && ok "the database is as it was" || not_ok "the database is as it was"
expect_status 4 "--update into a new file: no project" \
	sb-import --db new.db --update "$rev/draft2.fdx"
[ ! -e new.db ] && ok "no file left behind" || not_ok "no file left behind"

done_testing
