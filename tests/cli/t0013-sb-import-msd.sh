#!/bin/sh
# sb-import reads Movie Magic Scheduling .msd files: the fixture production
# lands whole (strips, pages, elements, boards, days and their dates, the
# active board, banners, the remaining lane, the boneyard); the USS sample
# converted to .msd imports as the same production; and hostile files are
# refused with exit 3, a message naming file, section or record and
# reason, and the database byte for byte as it was.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if [ -z "${PYTHON3:-}" ]; then
	echo "1..0 # SKIP no python3"
	exit 0
fi
tools="$top_srcdir/tests/tools"
mfix="$fixtures/msd"
msdgen() { "$PYTHON3" "$tools/msdgen.py" "$@"; }
# sql_is DB QUERY EXPECTED DESCRIPTION: one query's answer
sql_is() {
	got=$(sql "$1" "$2")
	if [ "$got" = "$3" ]; then ok "$4"; else
		not_ok "$4"; echo "# got:  $got"; echo "# want: $3"
	fi
}
# same_out DESCRIPTION FILE: stdout of the last run equals FILE
same_out() {
	if cmp -s out "$2"; then ok "$1"; else
		not_ok "$1"; diff "$2" out | head -n 20 | sed 's/^/# /'
	fi
}

msdgen "$mfix/night-train.txt" nt.msd || exit 99

# ---- the fixture ----
expect_status 0 "the fixture .msd imports" sb-import --db nt.db nt.msd
check "the summary names the counts" \
    err_has 'imported "Night Train to Lyon" (msd): 14 strips, 31 elements in 10 categories, 3 boards, 9 shoot days, 2 calendars'
check "an ElementRef missing from ElementMgr is a warning naming section, line and sheet" \
    err_has 'warning: nt.msd: section 5 (BreakdownSheetMgr): line 54: BreakdownSheet BDSID="106": ElementRef Props "Lantern": not in ElementMgr (added)'
check "a sheet a board does not place goes to its boneyard, with a warning" \
    err_has 'warning: nt.msd: section 7 (StripBoardMgr): line 45: StripBoard Name="Weather Cover": BreakdownSheet BDSID="111" is on no day, remaining or unscheduled list of this board: put in its boneyard'
check "the photo section and the ignored sections cost no other warning" \
    test "$(grep -c warning err)" = 3
sql_is nt.db "SELECT name || '|' || title FROM project" "Night Train to Lyon|Night Train to Lyon" \
    "the project is named from the ProductionInfo PictureTitle"
sql_is nt.db "SELECT json_extract(meta, '\$._msd.scheduleFormat') || '|' || json_extract(meta, '\$._msd.writerApp') FROM project" \
    "06.00.000|Movie Magic Scheduling" "the header is kept in the project's meta"
sql_is nt.db "SELECT count(*) || '|' || sum(type = 'banner') FROM strip" "14|2" \
    "12 sheets and 2 banners are 14 strips"
sql_is nt.db "SELECT group_concat(uid || '=' || scene, ' ') FROM (SELECT uid, scene FROM strip WHERE type = 'scene' ORDER BY rank) AS q1" \
    "101=1 102=2 103=12 104=12 105=108, 110 106=111 107=112 108=113 109=114 110=115 111=116 112=117" \
    "each sheet is a strip keyed by BDSID; scene 12 twice, \"108, 110\" as written"
sql_is nt.db "SELECT group_concat(eighths, ',') FROM (SELECT eighths FROM strip WHERE type = 'scene' ORDER BY rank) AS q2" \
    "11,4,8,3,51,2,16,5,1,6,7,0" "NumScriptPages are eighths (51 is 6 3/8)"
sql_is nt.db "SELECT int_ext, day_night, set_name, location, script_day, synopsis, script_page, est_ms FROM strip WHERE uid = '101'" \
    "INT|Day|TRAIN - DINING CAR|Old Depot, Stage 2|1|Anna boards; the conductor checks her ticket|1-2|5400000" \
    "a sheet's columns, EstimateTimeB 1 hour and EstimateTimeA 30 minutes are 90 minutes"
sql_is nt.db "SELECT est_ms FROM strip WHERE uid = '102'" 0 "EstimateTimeA \"0\" is no time at all, not a refusal"
sql_is nt.db "SELECT est_ms FROM strip WHERE uid = '105'" 8130000 "an empty EstimateTimeA falls back to EstimateTimeB 2:15:30"
sql_is nt.db "SELECT comments FROM strip WHERE uid = '107'" "Rain towers outside the window" "Comments are kept"
sql_is nt.db "SELECT group_concat(name, '|') FROM (SELECT name FROM category ORDER BY rank) AS q3" \
    "Cast Members|Stunts|Vehicles|Props|Set|INT/EXT|Day/Night|Location|Script Day|Unit" \
    "categories in file order, then the strip's own columns as they come"
sql_is nt.db "SELECT group_concat(board_id || '=' || name, ',') FROM (SELECT e.board_id, e.name FROM element e JOIN category c ON c.id = e.category_id WHERE c.name = 'Cast Members' ORDER BY e.rank) AS q4" \
    "1=ANNA,2=CONDUCTOR,3=MARCUS,12=ÉLODIE" "cast elements in ElementMgr order with their BoardID"
sql_is nt.db "SELECT group_concat(v, ',') FROM (SELECT c.name || ':' || e.name AS v FROM strip s JOIN strip_element se ON se.strip_id = s.id JOIN element e ON e.id = se.element_id JOIN category c ON c.id = e.category_id WHERE s.uid = '104' AND c.ucid >= 100 ORDER BY se.rank) AS q" \
    "Cast Members:MARCUS,Stunts:Roof fall" "a sheet's ElementRefs are its elements"
sql_is nt.db "SELECT count(*) FROM strip s JOIN strip_element se ON se.strip_id = s.id JOIN element e ON e.id = se.element_id WHERE s.uid = '106' AND e.name = 'Lantern'" \
    1 "the element missing from ElementMgr is linked all the same"
sql_is nt.db "SELECT e.name FROM strip s JOIN strip_element se ON se.strip_id = s.id JOIN element e ON e.id = se.element_id JOIN category c ON c.id = e.category_id WHERE s.uid = '104' AND c.name = 'Unit'" \
    "2nd Unit" "Unit is an element of the category Unit"
sql_is nt.db "SELECT group_concat(b.name || '@' || c.name, ',') FROM (SELECT * FROM board ORDER BY rank) b JOIN calendar c ON c.id = b.calendar_id" \
    "Script Order@Main Unit,Shooting Schedule@Main Unit,Weather Cover@Weather" \
    "three boards in file order, each with its calendar by CalendarName"
sql_is nt.db "SELECT b.name FROM project p JOIN board b ON b.id = p.active_board_id" \
    "Shooting Schedule" "the active board is the ActiveStripBoard, not the first"
sql_is nt.db "SELECT group_concat(banner_text, '|') FROM (SELECT banner_text FROM strip WHERE type = 'banner' ORDER BY rank) AS q5" \
    "WEEK 1 - STAGE 2|MOVE TO RUE DES GARES" "BannerStrips are banners with their text"
sql_is nt.db "SELECT group_concat(kind || ' ' || date || coalesce(' ' || json_extract(d.ext, '\$._name'), ''), ',') FROM (SELECT * FROM calendar_day ORDER BY date) d JOIN calendar c ON c.id = d.calendar_id WHERE c.name = 'Main Unit'" \
    "holiday 2019-12-25,start 2024-03-04,holiday 2024-03-06,off 2024-03-08,work 2024-03-09,travel 2024-03-12" \
    "the start date and the special days: holiday, off, exception work day, company travel, and a stale one kept"
sql_is nt.db "SELECT json_extract(meta, '\$.company') || '|' || json_extract(meta, '\$.author') || '|' || json_extract(meta, '\$.scriptDate') FROM project" \
    "Ferrovia & Sons|R. Hale, 1st AD|02/01/2024 <blue>" "Company, PreparedBy and ScriptDated (CDATA) are USS header keys"
on_sqlite "every ProductionInfo property is kept, in order" &&
sql_is nt.db "SELECT group_concat(json_extract(value, '\$[0]') || '=' || json_extract(value, '\$[1]'), ';') FROM project, json_each(json_extract(meta, '\$._msdInfo'))" \
    "PictureTitle=Night Train to Lyon;ProdNo=NT-0412;Company=Ferrovia & Sons;Director=Inès Marchetti;Producer=Paul Okafor;Upm=Dana Liu;PreparedBy=R. Hale, 1st AD;ScriptDated=02/01/2024 <blue>" \
    "every ProductionInfo property is kept, in order"
sql_is nt.db "SELECT json_array_length(json_extract(meta, '\$._msdColors')) || '|' || json_extract(meta, '\$._msdColors[2].Bg') || '|' || json_extract(meta, '\$._msdRedFlags[0].Element') || '|' || ifnull(json_extract(meta, '\$._msdDefaultCalendar'), '-') FROM project" \
    "4|0,0,255|ÉLODIE|-" "the colour grid and the red flags are kept; a DefaultCalendar that is the first calendar is not (the writer writes the first)"
on_sqlite "an element's LinkedElements and Properties (CDATA) are kept" &&
sql_is nt.db "SELECT e.name || '>' || l.name || '|' || json_extract(e.ext, '\$._msd.Properties[1][1]') FROM element e JOIN json_each(e.linked) j JOIN element l ON l.uid = j.value WHERE e.name = 'ANNA'" \
    "ANNA>Pocket watch|allergic to <feathers>" "an element's LinkedElements and Properties (CDATA) are kept"
sql_is nt.db "SELECT json_extract(ext, '\$._msd.groups') FROM lane WHERE kind = 'boneyard' AND board_id = (SELECT id FROM board WHERE name = 'Shooting Schedule')" \
    '[["UnscheduledDay",1],["RemainingUnscheduledStrips",1]]' "the boneyard's UnscheduledDay and RemainingUnscheduledStrips groups are kept"
sql_is nt.db "SELECT json_extract(ext, '\$._msd.SheetNumber') || '|' || json_extract(ext, '\$._msd.EstimateTimeA') || '|' || json_extract(ext, '\$._msd.EstimateTimeB') FROM strip WHERE uid = '101'" \
    "1|30|1" "SheetNumber and the estimates as written are kept"

cat > days-shoot.csv <<'EOF'
board,day,date,strips,pages
Shooting Schedule,1,2024-03-04,3,7 6/8
Shooting Schedule,2,2024-03-05,2,1 1/8
Shooting Schedule,3,2024-03-07,2,1 1/8
Shooting Schedule,4,2024-03-09,1,3/8
Shooting Schedule,5,2024-03-11,1,2/8
Shooting Schedule,6,2024-03-13,2,2
EOF
run sb-day --db nt.db --board "Shooting Schedule" list --format csv
cut -d, -f1-5 out > out.cut && mv out.cut out
same_out "six shoot days, dated over days off, the holiday, the off day, the work Saturday and travel" days-shoot.csv
cat > days-weather.csv <<'EOF'
board,day,date,strips,pages
Weather Cover,1,2024-04-01,2,2 6/8
Weather Cover,2,2024-04-02,1,1
EOF
run sb-day --db nt.db --board "Weather Cover" list --format csv
cut -d, -f1-5 out > out.cut && mv out.cut out
same_out "the other calendar dates the other board" days-weather.csv

# Every strip of a board in order: lane or day, then the BDSID or "banner".
lanes() {
	sb-export --db nt.db --board "$1" --format csv |
	    awk -F, 'NR > 1 { printf "%s:%s ", $2, ($7 == "banner" ? "banner" : $5) }'
}
check "Shooting Schedule: days with banners, the remaining lane, the boneyard" test "$(lanes "Shooting Schedule")" = \
    "1:banner 1:101 1:105 2:103 2:109 3:102 3:108 4:104 5:106 6:banner 6:107 remaining:110 boneyard:111 boneyard:112 "
check "Script Order: one day, then six strips after the last day break" test "$(lanes "Script Order")" = \
    "1:101 1:102 1:103 1:104 1:105 1:106 remaining:107 remaining:108 remaining:109 remaining:110 remaining:111 remaining:112 "
check "Weather Cover: nine strips in the boneyard" test "$(lanes "Weather Cover")" = \
    "1:107 1:110 2:103 boneyard:101 boneyard:102 boneyard:104 boneyard:105 boneyard:106 boneyard:108 boneyard:109 boneyard:111 boneyard:112 "

# ---- on to USS and back: nothing lost, the .msd header kept ----
expect_status 0 "the .msd production exports as USS" sb-export --db nt.db --format uss --keep
cp out nt.uss
check "the USS header has what a USS reader needs" \
    grep -q '"ussVersion": *"1.0.0"' nt.uss
check "the .msd header is kept as an extension key" \
    grep -q '"_msd": *{"epsfVersion":"00.01.001"' nt.uss
expect_status 0 "the USS export imports" sb-import --db ntu.db nt.uss
sb-export --db ntu.db --format uss > nt2.uss
expect_status 0 "USS to the database and back is the same document" uss_equal nt.uss nt2.uss
for b in $(sql nt.db "SELECT name FROM board ORDER BY rank" | tr ' ' '_'); do
	b=$(echo "$b" | tr '_' ' ')
	sb-export --db nt.db --board "$b" --format csv > a.csv
	sb-export --db ntu.db --board "$b" --format csv > b.csv
	if same_file a.csv b.csv; then ok "board $b: the same rows through USS"
	else not_ok "board $b: the same rows through USS"; diff a.csv b.csv | head -5 | sed 's/^/# /'; fi
done

# ---- a revision from .msd: sheets matched by BDSID before scene numbers ----
# draft 1: sheets A (scene 1) and B (scene 2) on day 1, C (scene 5) in the
# boneyard; draft 2: B renumbered 3, a new sheet X takes scene number 2,
# A unchanged, C gone.
rev_msd() {
	out=$1; shift
	{
		echo '@header scheduleFormat=06.00.000'
		echo '@section ProductionInfo'
		echo '<ProductionInfo><Property Name="Title" Value="Revised"/></ProductionInfo>'
		echo '@section BreakdownSheetMgr'
		echo '<BreakdownSheetMgr><BreakdownSheets>'
		for s in "$@"; do
			echo "$s" | awk -F: '{ printf "<BreakdownSheet BDSID=\"%s\" Scenes=\"%s\" IE=\"INT\" DN=\"Day\" Set=\"%s\" NumScriptPages=\"%s\"/>\n", $1, $2, $3, $4 }'
		done
		echo '</BreakdownSheets></BreakdownSheetMgr>'
		echo '@section StripBoardMgr'
		echo '<StripBoardMgr><StripBoards><StripBoard Name="Main"><ScheduledStrips>'
		echo '<ScheduleDay><BDSStrip BDSID="A"/><BDSStrip BDSID="B"/></ScheduleDay>'
		echo '</ScheduledStrips><UnscheduledStrips/></StripBoard></StripBoards></StripBoardMgr>'
	} > "$out.txt"
	msdgen "$out.txt" "$out"
}
rev_msd r1.msd "A:1:KITCHEN:8" "B:2:HALL:4" "C:5:ATTIC:2" || exit 99
rev_msd r2.msd "X:2:CELLAR:3" "B:3:HALL:4" "A:1:KITCHEN:8" || exit 99
expect_status 0 "a first .msd draft imports" sb-import --db rev.db r1.msd
sql_is rev.db "SELECT group_concat(uid || '=' || scene, ' ') FROM (SELECT uid, scene FROM strip ORDER BY rank) AS q6" \
    "A=1 B=2 C=5" "its sheets keep their BDSIDs"
places() { sql rev.db "SELECT s.uid || ':' || p.day_id || ':' || p.pos || ':' || p.version FROM placement p JOIN strip s ON s.id = p.strip_id ORDER BY p.id"; }
places > rev.before
expect_status 0 "the second draft merges" sb-import --db rev.db --update r2.msd
check "B is renumbered, matched by its BDSID" \
    out_has '{"scene":"3","change":"changed","fields":{"scene":["2","3"]}}'
check "X takes the number 2 as a new scene, not B's place" \
    out_has '{"scene":"2","change":"added","fields":{"int_ext":[null,"INT"],"day_night":[null,"Day"],"set":[null,"CELLAR"],"pages":[null,"3/8"]}}'
check "C, gone from the draft, is omitted" \
    out_has '{"scene":"5","change":"omitted","fields":{"omitted":[false,true]}}'
check "A is unchanged" test "$(wc -l < out)" -eq 3
sql_is rev.db "SELECT group_concat(uid || '=' || scene || '/' || omitted || '/' || version, ' ') FROM
    (SELECT uid, scene, omitted, version FROM strip ORDER BY rank) AS q7" \
    "A=1/0/1 B=3/0/2 C=5/1/2 X=2/0/1" "ids, numbers, omitted marks and versions"
places > rev.after
if grep -v -x -F -f rev.after rev.before > rev.lost; [ ! -s rev.lost ]; then
	ok "every placement kept"; else not_ok "every placement kept"; sed 's/^/# /' rev.lost; fi
sql_is rev.db "SELECT l.kind FROM placement p JOIN strip s ON s.id = p.strip_id JOIN day d ON d.id = p.day_id
    JOIN lane l ON l.id = d.lane_id WHERE s.uid = 'X'" boneyard "X lands in the boneyard"

# ---- the USS sample as .msd: the same production ----
"$PYTHON3" "$tools/uss2msd.py" "$full" wl.txt && msdgen wl.txt wl.msd || exit 99
expect_status 0 "the USS sample converted to .msd imports" sb-import -q --db wl-msd.db wl.msd
expect_status 0 "the USS sample imports" sb-import -q --db wl-uss.db "$full"
# Inherent differences, stated and left out:
#  - the USS sample has a banner no board places; an .msd banner exists
#    only on a board (174 strips against 173);
#  (scene 54 has two Set elements; the .msd sheet names one Set and refers
#  to the other as an element, and the set column lists both, as USS does)
#  - the flat "stripboard" lane of Script Order has no day breaks; in the
#    .msd those strips are the RemainingScheduledStrips, the remaining lane;
#  - strip ids of banners are new, versions are each project's own.
sql_is wl-uss.db "SELECT count(*) FROM strip WHERE type = 'banner' AND id NOT IN (SELECT strip_id FROM placement)" 1 \
    "the USS sample's one banner is on no board"
sql_is wl-msd.db "SELECT count(*) FROM strip" 173 "the .msd has every strip but that banner"
same_query() {
	sql wl-uss.db "$2" > uss.rows
	sql wl-msd.db "$2" > msd.rows
	if [ -s uss.rows ] && cmp -s uss.rows msd.rows; then ok "$1"; else
		not_ok "$1"; diff uss.rows msd.rows | head -n 10 | sed 's/^/# /'
	fi
}
same_query "the same scenes: scene, pages, set, INT/EXT, day/night, synopsis, page, estimate" \
    "SELECT uid, scene, eighths, int_ext, day_night, set_name, location, script_day, synopsis, script_page, comments, est_ms FROM strip WHERE type = 'scene' ORDER BY uid"
same_query "the same elements of each scene, by category" \
    "SELECT s.uid, c.name, e.name FROM strip s JOIN strip_element se ON se.strip_id = s.id JOIN element e ON e.id = se.element_id JOIN category c ON c.id = e.category_id ORDER BY 1, 2, 3"
same_query "the same categories in the same order" "SELECT name, ucid FROM category ORDER BY rank"
same_query "the same elements in the same order, with their board ids" \
    "SELECT c.name, e.name, e.board_id FROM element e JOIN category c ON c.id = e.category_id ORDER BY e.rank"
same_query "the same boards and calendars" \
    "SELECT b.name, c.name FROM board b LEFT JOIN calendar c ON c.id = b.calendar_id ORDER BY b.rank"
same_query "the same calendar days and weekly days off" \
    "SELECT c.name, d.kind, d.date, (instr(',' || c.days_off || ',', ',0,') > 0) + 2 * (instr(',' || c.days_off || ',', ',1,') > 0) + 4 * (instr(',' || c.days_off || ',', ',2,') > 0) + 8 * (instr(',' || c.days_off || ',', ',3,') > 0) + 16 * (instr(',' || c.days_off || ',', ',4,') > 0) + 32 * (instr(',' || c.days_off || ',', ',5,') > 0) + 64 * (instr(',' || c.days_off || ',', ',6,') > 0) FROM calendar c JOIN calendar_day d ON d.calendar_id = c.id ORDER BY 1, 3, 2"
same_query "the same number of shoot days on each board" \
    "SELECT b.name, count(d.id) FROM board b LEFT JOIN day d ON d.board_id = b.id AND d.kind = 'shoot' GROUP BY b.id ORDER BY b.rank"
#  - the USS sample's Script Order and Rev. WHITE leave two scenes off;
#    an .msd board places every sheet, so those two are in its boneyard.
for b in "Script Order" "First Pass" "Second Pass" "Rev. WHITE"; do
	sb-export --db wl-uss.db --board "$b" --format csv | cut -d, -f1-4,7- > uss.csv
	sb-export --db wl-msd.db --board "$b" --format csv | cut -d, -f1-4,7- |
	    sed 's/^\(Script Order\),remaining,/\1,,/' > msd.all
	head -n "$(wc -l < uss.csv)" msd.all > msd.csv
	tail -n +"$(($(wc -l < uss.csv) + 1))" msd.all | grep -v "^$b,boneyard," > msd.extra
	if [ "$(wc -l < uss.csv)" -gt 2 ] && cmp -s uss.csv msd.csv && [ ! -s msd.extra ]; then
		ok "$b: the same strips in the same days and order (less strip_id and version)"
	else
		not_ok "$b: the exports differ"; diff uss.csv msd.csv | head -n 10 | sed 's/^/# /'
	fi
	# a board with no days says so, the same on both
	sb-day --db wl-uss.db --board "$b" list --format csv > uss.csv 2>&1
	sb-day --db wl-msd.db --board "$b" list --format csv > msd.csv 2>&1
	if [ -s uss.csv ] && cmp -s uss.csv msd.csv; then ok "$b: the same days on the same dates"; else
		not_ok "$b: the day lists differ"; diff uss.csv msd.csv | head -n 10 | sed 's/^/# /'
	fi
done

# ---- hostile files ----
sb-import -q --db base.db --project Base "$small" || exit 99

# refuse DESCRIPTION FILE TEXT [OPTIONS...]: exit 3, the message names
# the file and contains TEXT, and base.db is byte for byte as it was.
refuse() {
	desc=$1 file=$2 text=$3; shift 3
	before=$(snapshot base.db)
	run sb-import --db base.db "$@" "$file"
	if [ "$rc" -ne 3 ]; then
		not_ok "$desc: exit $rc, want 3"
	elif ! err_has "sb-import: $file: " || ! err_has "$text"; then
		not_ok "$desc: the message lacks \"$text\""
	elif [ "$(snapshot base.db)" != "$before" ]; then
		not_ok "$desc: the database changed"
	else
		ok "$desc"
	fi
}
# gen OUT [MSDGEN OPTIONS...]: the fixture with a change
gen() { out=$1; shift; msdgen "$mfix/night-train.txt" "$out" "$@" || exit 99; }
# edit SED-SCRIPT OUT: the fixture's description with a change, built
edit() {
	sed "$1" "$mfix/night-train.txt" > "$2.txt"
	cmp -s "$mfix/night-train.txt" "$2.txt" && echo "edit: $1 changed nothing" >&2
	msdgen "$2.txt" "$2" || exit 99
}
# one OUT ROOT-XML...: a file of a ProductionInfo section holding the XML
one() {
	out=$1; shift
	{ echo "@section ProductionInfo"; printf '%s\n' "$@"; } > "$out.txt"
	msdgen "$out.txt" "$out" || exit 99
}

size=$(wc -c < nt.msd)
gen short.msd --truncate 500
refuse "a file shorter than the header" short.msd "byte 500: truncated: an .msd file has a header of 716 bytes, the file has 500"
gen cut.msd --truncate 3000
refuse "a file cut short in its sections" cut.msd "byte 264: section count 10 does not fit in a file of 3000 bytes"
gen cut2.msd --truncate $((size - 100))
refuse "a file cut short in its map" cut2.msd "byte 260: section map offset"
check "  ... which says where the map would end" err_has "not at the end of the file ($((size - 100)) bytes)"
gen magic.msd --magic "/********* EPSF FILX ********/"
refuse "a wrong magic, told as .msd" magic.msd "byte 0: not an .msd file" --from msd
refuse "a wrong magic, told from the content" magic.msd "byte 0: not an .msd file"
gen magic2.msd --magic "EPSF"
refuse "no magic at all, told as .msd" magic2.msd "byte 0: not an .msd file" --from msd
gen count.msd --map-count 4000000000
refuse "an absurd section count" count.msd "byte 264: section count 4000000000 does not fit in a file of $size bytes"
gen mapoff.msd --map-offset 4294967000
refuse "a map offset past the end" mapoff.msd "byte 260: section map offset 4294967000"
gen maphead.msd --map-offset 100
refuse "a map offset inside the header" maphead.msd "byte 260: section map offset 100 is inside the 716-byte header"
gen len.msd --section-length 3=99999999
refuse "a section length past the end of the file" len.msd "section 3 (ElementMgr): bytes"
check "  ... which says it runs past the end" err_has "run past the end of the file ($size bytes)"
gen len2.msd --section-length 10=4294967295
refuse "the last section's length past the end" len2.msd "section 10 (BreakdownSheetLayout): bytes"
gen short-len.msd --section-length 2=10
refuse "a section shorter than its header" short-len.msd "section 2 (CategoryMgr): length 10 is shorter than the 68-byte section header"
gen overlap.msd --section-offset 3=800
refuse "overlapping sections" overlap.msd "section 3 (ElementMgr): starts at byte 800 and overlaps section 2"
gen first.msd --section-offset 1=0
refuse "a section over the header" first.msd "section 1 (ProductionInfo): starts at byte 0, inside the 716-byte header"
gen gap.msd --gap 3=16
refuse "a gap between sections" gap.msd "section 3 (ElementMgr): starts at byte"
check "  ... which says sections follow each other" err_has "sections follow each other with no gap"
gen nomark.msd --no-marker 5
refuse "a section without its marker" nomark.msd "section 5 (BreakdownSheetMgr): byte"
check "  ... which says so" err_has "no section marker"
gen mapmark.msd --map-marker 2
refuse "a map record without its marker" mapmark.msd "section map record 2: no section map marker"
gen flag.msd --flag 4=1
refuse "a photo flagged as DEFLATE" flag.msd "section 4 (CastPhoto1): not raw DEFLATE data"
gen noflag.msd --flag 5=0
refuse "the sheets flagged as not DEFLATE leave the boards dangling" noflag.msd "dangling id"

printf '@section ProductionInfo\n<ProductionInfo/>\n@section BreakdownSheetMgr zeros=3G\n' > bomb.txt
msdgen bomb.txt bomb.msd || exit 99
check "the gigabyte bomb is small on disk" test "$(wc -c < bomb.msd)" -lt 4000000
refuse "a section that inflates to 3 GiB stops at the cap" bomb.msd \
    "bomb.msd: section 2 (BreakdownSheetMgr): inflates past 64 MiB, the most a section may hold"
{
	printf '@section ProductionInfo\n<ProductionInfo/>\n'
	i=1; while [ $i -le 30 ]; do printf '@section Layout%d fill=9M\n<Layout/>\n' $i; i=$((i + 1)); done
} > fill.txt
msdgen fill.txt fill.msd || exit 99
refuse "sections that inflate past 256 MiB together stop at the total cap" fill.msd \
    "section 30 (Layout29): the sections inflate past 256 MiB in all"
"$PYTHON3" -c 'print("@section ProductionInfo\n<ProductionInfo/>\n@section Layout\n<Layout>" + "<a/>" * 4000001 + "</Layout>")' > tags.txt
msdgen tags.txt tags.msd || exit 99
refuse "more tags than a production holds, refused before parsing" tags.msd \
    "section 2 (Layout): more than 4000000 tags and attributes in all"
printf '@section ProductionInfo compress=no\n<ProductionInfo/>\n' > raw.txt
msdgen raw.txt raw.msd || exit 99
refuse "XML stored raw where DEFLATE is flagged" raw.msd "section 1 (ProductionInfo): "

one dtd.msd '<?xml version="1.0"?>' '<!DOCTYPE ProductionInfo [<!ELEMENT ProductionInfo ANY>]>' '<ProductionInfo/>'
refuse "a DTD" dtd.msd "section 1 (ProductionInfo): line 2: a DOCTYPE: DTDs and entity declarations are refused"
one xxe.msd '<?xml version="1.0"?>' '<!-- a comment first -->' \
    '<!DOCTYPE ProductionInfo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' \
    '<ProductionInfo><Property Name="Title" Value="&xxe;"/></ProductionInfo>'
refuse "an external entity" xxe.msd "section 1 (ProductionInfo): line 3: a DOCTYPE"
one laughs.msd '<?xml version="1.0"?>' '<!DOCTYPE lolz [' '<!ENTITY lol "lol">' \
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' \
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">' \
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">' \
    '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">' \
    '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">' \
    '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">' \
    '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">' \
    '<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">' \
    ']>' '<ProductionInfo><Property Name="Title" Value="&lol9;"/></ProductionInfo>'
refuse "billion laughs" laughs.msd "section 1 (ProductionInfo): line 2: a DOCTYPE"
one undecl.msd '<ProductionInfo><Property Name="Title" Value="&xxe;"/></ProductionInfo>'
refuse "an undeclared entity" undecl.msd "section 1 (ProductionInfo): line 1: XML: Entity 'xxe' not defined"
one broken.msd '<ProductionInfo>' '<Property Name="Title" Value="x">' '</ProductionInfo>'
refuse "XML that is not well-formed names its line" broken.msd "section 1 (ProductionInfo): line 3: XML: "
{ printf '@section ProductionInfo charset=latin1\n<?xml version="1.0" encoding="UTF-8"?>\n'
  printf '<ProductionInfo><Property Name="Title" Value="\303\211lodie"/></ProductionInfo>\n'; } > latin.txt
msdgen latin.txt latin.msd || exit 99
refuse "Latin-1 text in a section" latin.msd "section 1 (ProductionInfo): line 2, byte 86 of the XML: not valid UTF-8"
one enc.msd '<?xml version="1.0" encoding="ISO-8859-1"?>' '<ProductionInfo/>'
refuse "an encoding other than UTF-8" enc.msd "section 1 (ProductionInfo): line 1: the XML declares the encoding \"ISO-8859-1\""
one nul.msd '<ProductionInfo/>'
printf '@section ProductionInfo data=hex\n3c50726f64756374696f6e496e666f002f3e\n' > nul.txt
msdgen nul.txt nul.msd || exit 99
refuse "a NUL byte in a section" nul.msd "section 1 (ProductionInfo): line 1, byte 16 of the XML: a NUL byte"

edit 's|<BDSStrip BDSID="110"/>|<BDSStrip BDSID="999"/>|' dangling.msd
refuse "a BDSStrip naming no sheet" dangling.msd \
    'section 7 (StripBoardMgr): line 17: StripBoard Name="Script Order": BDSStrip BDSID="999": dangling id'
edit 's|CalendarName="Weather"|CalendarName="Snow"|' nocal.msd
refuse "a CalendarName naming no calendar" nocal.msd \
    'StripBoard Name="Weather Cover": CalendarName "Snow": dangling name: no Calendar has it'
edit 's|BDSID="112" SheetNumber="12"|BDSID="111" SheetNumber="12"|' dup.msd
refuse "a duplicate BDSID" dup.msd 'BreakdownSheet BDSID="111": another BreakdownSheet has this BDSID'
edit 's|<BDSStrip BDSID="109"/></ScheduleDay>|<BDSStrip BDSID="109"/><BDSStrip BDSID="101"/></ScheduleDay>|' twice.msd
refuse "a strip twice on one board" twice.msd \
    'StripBoard Name="Shooting Schedule": BDSStrip BDSID="101": the strip is on this board twice'
edit 's|<Element CategoryName="Stunts" Name="Roof fall" SortOrder="1"/>|<Element CategoryName="Stunts" SortOrder="1"/>|' noname.msd
refuse "an element without a name" noname.msd 'section 3 (ElementMgr): line 15: Element: Name is missing'
{ cat "$mfix/night-train.txt"; printf '@section CategoryMgr2\n<CategoryMgr><CategoryList/></CategoryMgr>\n'; } > dupsec.txt &&
    msdgen dupsec.txt dupsec.msd || exit 99
refuse "two sections of the same kind" dupsec.msd "section 11 (CategoryMgr2): a second CategoryMgr (section 2 is one)"

# ---- content oddities: a warning naming file, section, record and value;
# the file imports and the raw value is kept ----
# tolerate DESCRIPTION FILE TEXT SQL WANT: exit 0, the warning names the
# file and holds TEXT, and SQL on the new database answers WANT
tolerate() {
	desc=$1 file=$2 text=$3 query=$4 want=$5
	rm -f tol.db
	run sb-import --db tol.db "$file"
	if [ "$rc" -ne 0 ]; then
		not_ok "$desc: exit $rc, want 0"; sed 's/^/# /' err
	elif ! grep -F -- "warning: $file: " err | grep -F -q -- "$text"; then
		not_ok "$desc: no warning \"$text\""; sed 's/^/# /' err
	elif [ "$(sql tol.db "$query")" != "$want" ]; then
		not_ok "$desc: kept $(sql tol.db "$query"), want $want"
	else
		ok "$desc"
	fi
}
edit 's|NumScriptPages="16"|NumScriptPages="x"|' pages.msd
tolerate "pages that are not eighths: a warning, the raw value kept" pages.msd \
    'section 5 (BreakdownSheetMgr): line 60: BreakdownSheet BDSID="107": NumScriptPages "x" is not a count of eighths' \
    "SELECT coalesce(CAST(eighths AS TEXT), 'none') || '|' || json_extract(ext, '\$._msd.NumScriptPages') FROM strip WHERE uid = '107'" "none|x"
edit 's|NumScriptPages="16"|NumScriptPages="8001"|' pages2.msd
tolerate "more than 1000 pages: a warning" pages2.msd 'NumScriptPages "8001" is not a count of eighths' \
    "SELECT json_extract(ext, '\$._msd.NumScriptPages') FROM strip WHERE uid = '107'" 8001
edit 's|EstimateTimeA="30"|EstimateTimeA="soon"|' est.msd
tolerate "an estimate that is not a time: a warning" est.msd \
    'BreakdownSheet BDSID="101": EstimateTimeA "soon", EstimateTimeB "1": not a time' \
    "SELECT coalesce(CAST(est_ms AS TEXT), 'none') || '|' || json_extract(ext, '\$._msd.EstimateTimeA') FROM strip WHERE uid = '101'" "none|soon"
edit 's|EstimateTimeA="30" EstimateTimeB="1"|EstimateTimeA="0:45"|' est2.msd
tolerate "an estimate as H:MM" est2.msd 'Lantern' "SELECT est_ms FROM strip WHERE uid = '101'" 2700000
edit 's|Date="03/09/2024"|Date="2024-03-09"|' date.msd
tolerate "a special day's date that is not MM/DD/YYYY: a warning, the day kept as written" date.msd \
    'section 6 (CalendarMgr): line 21: Calendar Name="Main Unit": Date "2024-03-09" is not a date (MM/DD/YYYY)' \
    "SELECT json_extract(ext, '\$._msd.SpecialDays[0].Date') || '|' || json_extract(ext, '\$._msd.SpecialDays[0].ExceptionWorkday') FROM calendar WHERE name = 'Main Unit'" "2024-03-09|1"
edit 's|Name="ProductionStartDate" Date="03/04/2024"|Name="ProductionStartDate" Date="March 4"|' start.msd
tolerate "a start date that is not a date: a warning" start.msd 'Date "March 4" is not a date' \
    "SELECT count(*) FROM calendar_day d JOIN calendar c ON c.id = d.calendar_id WHERE c.name = 'Main Unit' AND d.kind = 'start'" 0
edit 's|Sun="1" Mon="0"|Sun="yes" Mon="0"|' off.msd
tolerate "a day-off flag that is not 0 or 1: a warning, read as 0" off.msd \
    'Calendar Name="Main Unit": Sun "yes" is neither 0 nor 1: read as 0' \
    "SELECT days_off || '|' || json_extract(ext, '\$._msd.DaysOff.Sun') FROM calendar WHERE name = 'Main Unit'" "6|yes"
edit 's|<SpecialDay Date="03/08/2024" Off="1"/>|<SpecialDay Date="03/08/2024" Off="maybe"/>|' flag.msd
tolerate "a special day with no flag it understands: a note, with warnings" flag.msd \
    'Calendar Name="Main Unit": Off "maybe" is neither 0 nor 1' \
    "SELECT d.kind || '|' || json_extract(d.ext, '\$._msd.Off') FROM calendar_day d WHERE d.date = '2024-03-08'" "event|maybe"
edit 's|BDSID="109" SheetNumber="9"|BDSID="109" SheetNumber="9" Colour="teal"|' attr.msd
tolerate "an unknown attribute: a warning, kept" attr.msd \
    'BreakdownSheet BDSID="109": unknown attribute Colour="teal" (kept)' \
    "SELECT json_extract(ext, '\$._msd.Colour') FROM strip WHERE uid = '109'" teal
edit 's|Synopsis="Marcus pays" NumScriptPages="6">|Synopsis="Marcus pays" NumScriptPages="6"><Weather Kind="rain"/>|' kid.msd
tolerate "an unknown child: a warning, its XML kept" kid.msd \
    'BreakdownSheet BDSID="110": unknown element <Weather> (kept)' \
    "SELECT json_extract(ext, '\$._msd.children[0]') FROM strip WHERE uid = '110'" '<Weather Kind="rain"/>'
edit 's|<LinkedElement CategoryName="Props" Name="Pocket watch"/>|<LinkedElement CategoryName="Props" Name="Sundial"/>|' link.msd
tolerate "a linked element that does not exist: a warning, kept" link.msd \
    'Element Name="ANNA": LinkedElement Props "Sundial": no such element (kept)' \
    "SELECT json_extract(ext, '\$._msd.LinkedElements[0][1]') FROM element WHERE name = 'ANNA'" Sundial
edit 's|<Property Name="ActiveStripBoard" Value="Shooting Schedule"/>|<Property Name="ActiveStripBoard" Value="Gone"/>|' active.msd
tolerate "an ActiveStripBoard naming no board: a warning" active.msd \
    'ActiveStripBoard "Gone": no StripBoard has this Name' \
    "SELECT b.name FROM project p JOIN board b ON b.id = p.active_board_id" ""

# ---- the alternative spellings read as the same production ----
msdgen "$mfix/night-train-alt.txt" alt.msd || exit 99
expect_status 0 "the fixture with every alternative spelling imports" sb-import --db alt.db alt.msd
for b in "Script Order" "Shooting Schedule" "Weather Cover"; do
	sb-export --db nt.db --board "$b" --format csv | cut -d, -f1-4,7- > a.csv
	sb-export --db alt.db --board "$b" --format csv | cut -d, -f1-4,7- > b.csv
	if [ -s a.csv ] && cmp -s a.csv b.csv; then ok "$b: the same strips, days and order from either spelling"
	else not_ok "$b: the spellings differ"; diff a.csv b.csv | head -5 | sed 's/^/# /'; fi
done
sql_is alt.db "SELECT b.name FROM project p JOIN board b ON b.id = p.active_board_id" \
    "Shooting Schedule" "ActiveStripBoard right under StripBoardMgr"
sql_is alt.db "SELECT name FROM project" "Night Train to Lyon" "a Title property right under ProductionInfo"

# ---- a production with no title takes its file's name ----
printf '@section BreakdownSheetMgr\n<BreakdownSheetMgr><BreakdownSheets><BreakdownSheet BDSID="1" Scenes="1"/></BreakdownSheets></BreakdownSheetMgr>\n' > untitled.txt
msdgen untitled.txt untitled-cut.msd || exit 99
expect_status 0 "an .msd with no ProductionInfo imports" sb-import --db untitled.db untitled-cut.msd
sql_is untitled.db "SELECT name FROM project" "untitled-cut" "named after the file"

# ---- no strip is lost: every sheet is on every board of every fixture ----
for db in nt.db alt.db wl-msd.db; do
	sql_is "$db" "SELECT group_concat(b.name || ':' || (SELECT count(*) FROM placement p JOIN strip s ON s.id = p.strip_id WHERE p.board_id = b.id AND s.type = 'scene'), ',') FROM board b WHERE (SELECT count(*) FROM placement p JOIN strip s ON s.id = p.strip_id WHERE p.board_id = b.id AND s.type = 'scene') != (SELECT count(*) FROM strip WHERE type = 'scene')" \
	    "" "$db: every board holds every sheet, in a day, the remaining lane or the boneyard"
done

# ---- the fuzz harness runs its corpus without libFuzzer ----
if [ -x "$top_builddir/tests/fuzz/fuzz_msd" ]; then
	set -- nt.msd wl.msd short.msd cut.msd count.msd overlap.msd gap.msd bomb.msd \
	    dtd.msd laughs.msd latin.msd dangling.msd twice.msd
	for f in "$top_srcdir"/tests/fixtures/fuzz/msd/*; do [ -f "$f" ] && set -- "$@" "$f"; done
	expect_status 0 "the fuzz harness runs the fixtures and the crash corpus" \
	    "$top_builddir/tests/fuzz/fuzz_msd" "$@"
	check "  ... every one of them" err_has "fuzz_main: ran $# inputs"
fi

done_testing
