#!/bin/sh
# t0015-sb-import-fdx - Final Draft (.fdx) scripts: one strip per scene
# heading, in the boneyard of one board, "Script Order", with scene
# numbers, pages, INT/EXT, set, time of day and the tagged elements; the
# title page names the production; every kind of broken or hostile XML is
# refused with its place, and the database stays byte for byte as it was.
. "${top_srcdir:?}/tests/cli/lib.sh"

fdxdir="$fixtures/fdx"
first="$fdxdir/bailey.fdx"

db=bailey.db

expect_status 0 "the first draft imports" sb-import --db "$db" "$first"
check "the summary counts 7 strips" err_has 'imported "The Bailey Story" (fdx): 7 strips'
is "the title page's first line names the project" \
    "$(q "SELECT name || '|' || title FROM project")" "The Bailey Story|The Bailey Story"
is "seven scene strips" "$(q "SELECT count(*), sum(type = 'scene') FROM strip")" "7|7"
is "one board, Script Order" "$(q "SELECT group_concat(name) FROM board")" "Script Order"
is "no shoot days" "$(q "SELECT count(*) FROM day WHERE kind = 'shoot'")" 0
is "every strip in the boneyard, in script order, \"11 A\" read as 11A" \
    "$(bone s.scene)" "1,2,11,11A,12,13,14"
is "pages in eighths from SceneProperties Length" "$(bone s.eighths)" "11,6,2,16,15,0,3"
is "SceneProperties Page is the script page" "$(bone s.script_page)" "1,2,3,3,4,5,5"
is "INT/EXT from the heading" "$(bone "coalesce(s.int_ext, '-')")" "INT,EXT,INT/EXT,INT,EXT,-,EXT"
is "the set, from a heading split over several Text runs too" \
    "$(bone "coalesce(s.set_name, '-')")" \
    "BAILEY HOUSE - KITCHEN,BEDFORD FALLS - MAIN STREET,JOSÉ'S CAR,CAFÉ ROMA,BRIDGE,-,BAILEY HOUSE"
is "the time of day: NIGHT, DAY, CONTINUOUS, none, LATER" \
    "$(bone "coalesce(s.day_night, '-')")" "NIGHT,DAY,CONTINUOUS,-,LATER,-,NIGHT"
is "OMITTED and Omitted=\"Yes\" mark omitted scenes, kept" "$(bone s.omitted)" "0,0,0,0,0,1,1"
is "only the categories used, with the fixed ones" \
    "$(q "SELECT group_concat(name, ';') FROM (SELECT name FROM category ORDER BY name) AS q1")" \
    "Background Actors;Cast Members;Day/Night;INT/EXT;Props;Set;Set Dressing;Vehicles"
is "scene 1's cast: the labels, not the words tagged" "$(els 1 'Cast Members')" "GEORGE BAILEY;MARY HATCH"
is "scene 1's props and set dressing" "$(els 1 Props)/$(els 1 'Set Dressing')" "Coffee pot/Christmas tree"
is "scene 2: two tags of one definition are one element" "$(els 2 'Cast Members')" "GEORGE BAILEY"
is "scene 2's background and vehicle" "$(els 2 'Background Actors')/$(els 2 Vehicles)" \
    "Shoppers (12)/Ford Model T"
is "a tag in the scene heading belongs to that scene" "$(els 11 'Cast Members')" "JOSÉ"
is "tags in dual dialogue; an empty label takes the word" "$(els 11A 'Cast Members')" "MARY HATCH;ZOË"
is "a tag in a scene summary is not the script's" "$(q "SELECT count(*) FROM element WHERE name LIKE '%not a tag%'")" 0
is "scene 12's cast" "$(els 12 'Cast Members')" "CLARENCE;GEORGE BAILEY"
is "UTF-8 stays UTF-8 (É is C3 89)" "$(q "SELECT hex(set_name) FROM strip WHERE scene = '11A'")" \
    "$(printf 'CAFÉ ROMA' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"

sb-export --db "$db" --format csv > export.csv 2>err || not_ok "sb-export"
cut -d, -f1-4,6- export.csv > export.cut
cat > want.csv <<'EOF'
board,day,date,position,version,type,scene,int_ext,day_night,set,location,script_day,pages,est_minutes,synopsis,eighths,omitted,Cast Members,Props,Set Dressing,Vehicles,Background Actors
Script Order,boneyard,,1,1,scene,1,INT,NIGHT,BAILEY HOUSE - KITCHEN,,,1 3/8,,,11,0,GEORGE BAILEY; MARY HATCH,Coffee pot,Christmas tree,,
Script Order,boneyard,,2,1,scene,2,EXT,DAY,BEDFORD FALLS - MAIN STREET,,,6/8,,,6,0,GEORGE BAILEY,,,Ford Model T,Shoppers (12)
Script Order,boneyard,,3,1,scene,11,INT/EXT,CONTINUOUS,JOSÉ'S CAR,,,2/8,,,2,0,JOSÉ,,,Ford Model T,
Script Order,boneyard,,4,1,scene,11A,INT,,CAFÉ ROMA,,,2,,,16,0,ZOË; MARY HATCH,,,,
Script Order,boneyard,,5,1,scene,12,EXT,LATER,BRIDGE,,,1 7/8,,,15,0,GEORGE BAILEY; CLARENCE,,,,
Script Order,boneyard,,6,1,scene,13,,,,,,0,,,0,1,,,,,
Script Order,boneyard,,7,1,scene,14,EXT,NIGHT,BAILEY HOUSE,,,3/8,,,3,1,,,,,
EOF
if same_file export.cut want.csv; then ok "sb-export --format csv: the board as the script says"; else
	not_ok "sb-export --format csv: the board as the script says"; diff want.csv export.cut | sed 's/^/# /'
fi

# another encoding, declared: libxml2 converts it, the same values land
sed 's/encoding="UTF-8"/encoding="ISO-8859-1"/' "$first" | iconv -f UTF-8 -t ISO-8859-1//TRANSLIT > latin1.fdx ||
    exit 99
expect_status 0 "an .fdx declared ISO-8859-1 imports" sb-import --db latin1.db latin1.fdx
is "and its text is UTF-8 in the database" \
    "$(sql latin1.db "SELECT set_name FROM strip WHERE scene = '11'")" "JOSÉ'S CAR"

# no title page: the production is named for its file, or by --project
sed '/<TitlePage>/,/<\/TitlePage>/d' "$first" > notitle.fdx
expect_status 0 "no title page and no --project" sb-import --db notitle.db notitle.fdx
check "the project is named for the file" err_has 'imported "notitle" (fdx)'
expect_status 2 "no title page on standard input: a usage error" \
    sb-import --db notitle-stdin.db - < notitle.fdx
check "the message asks for --project" err_has "give one with --project"
expect_status 0 "no title page, with --project" sb-import --db notitle.db --project NT notitle.fdx
# unnumbered headings are numbered in order, with a warning
sed '/Scene Heading/s/ Number="[^"]*"//' notitle.fdx > unnumbered.fdx
expect_status 0 "unnumbered scene headings import" sb-import --db un.db --project Un unnumbered.fdx
check "with a warning" err_has "unnumbered.fdx: line 7: a scene heading with no scene number"
is "numbered by their place" "$(sql un.db "SELECT group_concat(scene) FROM (SELECT scene FROM strip ORDER BY id) AS q2")" \
    "1,2,3,4,5,6,7"

# the second draft merges by scene number
expect_status 0 "the second draft merges (--update)" \
    sb-import --db "$db" --update "$fdxdir/bailey-rev2.fdx"
is "changes: 2 changed, 11A omitted, 13 restored, 15 added (14 stays omitted)" \
    "$(sed -n 's/^{"scene":"\([^"]*\)","change":"\([a-z]*\)".*/\1 \2/p' out | sort | tr '\n' ,)" \
    "11A omitted,13 restored,15 added,2 changed,"
is "scene 2's new set, pages and cast" \
    "$(q "SELECT set_name || ' ' || eighths FROM strip WHERE scene = '2'") $(els 2 'Cast Members')" \
    "BEDFORD FALLS - GENESEE STREET 10 GEORGE BAILEY;MARY HATCH"

# Hostile files: exit 3, the message names file, place and reason, and a
# database holding a project is byte for byte as it was.
sb-import -q --db base.db --project Base "$small" || exit 99
refuse() {
	desc=$1 file=$2; shift 2
	before=$(snapshot base.db)
	run sb-import --db base.db --project X --from fdx "$file"
	if [ "$rc" -ne 3 ]; then
		not_ok "$desc: exit $rc, want 3"; return
	fi
	for text in "$file: " "$@"; do
		if ! err_has "$text"; then not_ok "$desc: the message lacks \"$text\""; return; fi
	done
	if grep -q 'root:' err; then not_ok "$desc: /etc/passwd leaked"; return; fi
	if [ "$(snapshot base.db)" != "$before" ]; then
		not_ok "$desc: the database changed"; return
	fi
	run sb-import --db new.db --project X --from fdx "$file"
	if [ "$rc" -ne 3 ] || [ -e new.db ]; then
		not_ok "$desc: a new database was left behind (exit $rc)"; return
	fi
	ok "$desc"
}
# mutate SED-SCRIPT OUT: the first draft with one change
mutate() { sed "$1" "$first" > "$2"; cmp -s "$first" "$2" && echo "mutate: $1 changed nothing" >&2; }

head -c 2000 "$first" > trunc.fdx
refuse "a truncated file" trunc.fdx "trunc.fdx: line 59: not well-formed XML: Premature end of data in tag Content line 3"
mutate 's/MAIN STREET/MA\xcdN STREET/' badutf8.fdx
refuse "invalid UTF-8 in a document declared UTF-8" badutf8.fdx "badutf8.fdx: line 33: not well-formed XML: Input is not proper UTF-8"
printf '<?xml version="1.0" encoding="Shift_JIS"?>\n<FinalDraft><Content><Paragraph Type="Scene Heading" Number="1"><Text>INT. \377\376\200 - DAY</Text></Paragraph></Content></FinalDraft>\n' > sjis.fdx
refuse "bytes that are not in the declared encoding" sjis.fdx "sjis.fdx: line 2: not well-formed XML: input conversion failed due to input error, bytes 0xFF 0xFE 0x80"
[ "$(wc -l < err)" -eq 1 ] && ok "and libxml2 printed nothing of its own" || not_ok "libxml2 printed on stderr"
printf '<?xml version="1.0" encoding="x-nonesuch"?>\n<FinalDraft><Content/></FinalDraft>\n' > nonesuch.fdx
refuse "an encoding libxml2 does not know" nonesuch.fdx "nonesuch.fdx: line 1: not well-formed XML: Unsupported encoding x-nonesuch"
mutate 's|</Paragraph>|</Paragraf>|' mismatch.fdx
refuse "mismatched tags" mismatch.fdx "mismatch.fdx: line 6: not well-formed XML: Opening and ending tag mismatch: Paragraph line 4 and Paragraf"
refuse "not XML at all (--from fdx)" "$small" "not well-formed XML: Start tag expected"
mutate 's|<FinalDraft |<FinalDrafts |; s|</FinalDraft>|</FinalDrafts>|' root.fdx
refuse "another root element" root.fdx "root.fdx: line 2: the root element is FinalDrafts, not FinalDraft"

cat > xxe.fdx <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE FinalDraft [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<FinalDraft DocumentType="Script"><Content>
<Paragraph Type="Scene Heading" Number="1"><Text>INT. &xxe; - DAY</Text></Paragraph>
</Content></FinalDraft>
EOF
refuse "an external entity (SYSTEM file:///etc/passwd)" xxe.fdx "xxe.fdx: line 2: a DOCTYPE: refused"
cat > pe.fdx <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE FinalDraft [ <!ENTITY % p SYSTEM "file:///etc/passwd"> %p; ]>
<FinalDraft><Content/></FinalDraft>
EOF
refuse "an external parameter entity" pe.fdx "pe.fdx: line 2: a DOCTYPE: refused"
cat > dtd.fdx <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE FinalDraft SYSTEM "http://127.0.0.1:9/finaldraft.dtd">
<FinalDraft><Content/></FinalDraft>
EOF
refuse "an external DTD" dtd.fdx "dtd.fdx: line 2: a DOCTYPE: refused"
{
	echo '<?xml version="1.0"?>'
	echo '<!DOCTYPE FinalDraft ['
	echo ' <!ENTITY lol "lol">'
	prev=lol
	for i in 1 2 3 4 5 6 7 8 9; do
		printf ' <!ENTITY lol%s "' "$i"
		for j in 1 2 3 4 5 6 7 8 9 10; do printf '&%s;' "$prev"; done
		echo '">'
		prev=lol$i
	done
	echo ']>'
	echo '<FinalDraft><Content><Paragraph Type="Scene Heading" Number="1"><Text>&lol9;</Text></Paragraph></Content></FinalDraft>'
} > laughs.fdx
start=$(date +%s)
refuse "billion laughs" laughs.fdx "laughs.fdx: line 2: a DOCTYPE: refused"
[ $(($(date +%s) - start)) -lt 5 ] && ok "billion laughs refused at once" || not_ok "billion laughs took long"
{ echo '<FinalDraft><Content>'; yes '<a/>' | head -n 4000001; echo '</Content></FinalDraft>'; } > nodes.fdx
refuse "millions of empty tags (a tree of gigabytes)" nodes.fdx "nodes.fdx: more than 4000000 tags and attributes, more than a script holds"
rm -f nodes.fdx
printf '<FinalDraft><Content><Paragraph><Text>&undeclared;</Text></Paragraph></Content></FinalDraft>\n' > undeclared.fdx
refuse "an undeclared entity" undeclared.fdx "undeclared.fdx: line 1: not well-formed XML: Entity 'undeclared' not defined"

mutate 's|<DefId>d-clarence</DefId>|<DefId>d-nobody</DefId>|' defid.fdx
refuse "a Tag whose DefId names no TagDefinition" defid.fdx "defid.fdx: line 125: Tag 12: DefId d-nobody names no TagDefinition"
mutate 's|CatId="c-music"|CatId="c-none"|' catid.fdx
refuse "a TagDefinition whose CatId names no TagCategory" catid.fdx "catid.fdx: line 111: TagDefinition d-song: CatId c-none names no TagCategory"
mutate 's|TagNumber="12"|TagNumber="77"|' tagnum.fdx
refuse "a TagNumber naming no Tag" tagnum.fdx "tagnum.fdx: line 80: TagNumber 77 names no Tag"
mutate 's|TagNumber="12"|TagNumber="twelve"|' tagnan.fdx
refuse "a TagNumber that is not a number" tagnan.fdx "tagnan.fdx: line 80: TagNumber \"twelve\" is not a number"
mutate 's|<Tag Number="13">|<Tag Number="12">|' tagtwice.fdx
refuse "a Tag number given twice" tagtwice.fdx "tagtwice.fdx: line 126: Tag 12 given twice"
mutate 's|Id="d-song"|Id="d-george"|' deftwice.fdx
refuse "a TagDefinition id given twice" deftwice.fdx "deftwice.fdx: line 111: TagDefinition Id d-george given twice"
mutate 's|<DefId>d-song</DefId>||' nodefid.fdx
refuse "a Tag without DefId" nodefid.fdx "nodefid.fdx: line 126: Tag 13 has no DefId"
mutate 's|Length="6/8"|Length="six eighths"|' length.fdx
refuse "a Length that is no page count" length.fdx "length.fdx: line 31: scene 2: Length \"six eighths\" is not a page count"
mutate 's| Name="Props"||' catname.fdx
refuse "a TagCategory without a Name" catname.fdx "catname.fdx: line 96: TagCategory c-props has no Name"

# the regression inputs the fuzzer found, and the harness itself
fuzz_corpus fdx

done_testing
