#!/bin/sh
# t0191-import-links-later - an import keeps the links of many strips,
# and a USS file's list items, and writes them 64 at a time
# (lib/fmt_flat_read.c and lib/fmt_uss_read.c: write_links(),
# write_items()); into a new file it makes eight of the schema's indexes
# after its rows (lib/op_import.c, indexes_later()).  The file has every
# index of the schema, as written there, consistent with its rows; the
# links and the boards are those of the same import into a file that
# already held a project, where the indexes are written row by row; and
# a strip seen again on another board finds its links while they are
# still kept.
. "${top_srcdir:?}/tests/cli/lib.sh"

# the schema's indexes, one "name: sql" line each (those on one line)
sed -n 's/^\(CREATE INDEX \([a-z_]*\) ON .*\);$/\2: \1/p' \
    "$top_srcdir"/share/schema/*.sql | sort > schema.idx
indexes() {
	sql "$1" "SELECT name || ': ' || sql FROM sqlite_schema WHERE type = 'index'
	    AND sql LIKE 'CREATE INDEX %' ORDER BY name"
}
# project P's links, by the strip's id in the file and the element's name
links() {
	sql "$1" "SELECT s.uid, c.name, e.name, se.rank FROM strip_element se
	    JOIN strip s ON s.id = se.strip_id JOIN element e ON e.id = se.element_id
	    JOIN category c ON c.id = e.category_id
	    WHERE s.project_id = (SELECT id FROM project WHERE name = 'P')
	    ORDER BY s.uid, se.rank"
}

sb-import -q --db src.db --project src "$full" || exit 99
sb-export --db src.db --project src --format csv > full.csv || exit 99

for f in "$full" full.csv; do
	ext=${f##*.}
	rm -f new.db old.db
	expect_status 0 "$ext: into a new file" sb-import -q --db new.db --project P "$f"
	is "  ... every index of the schema, as the schema writes it" \
	    "$(indexes new.db)" "$(cat schema.idx)"
	is "  ... consistent with the rows" "$(sql new.db "PRAGMA integrity_check")" ok
	sb-import -q --db old.db --project other "$small" || exit 99
	expect_status 0 "$ext: into a file that holds a project" \
	    sb-import -q --db old.db --project P "$f"
	is "  ... the same indexes" "$(indexes old.db)" "$(cat schema.idx)"
	links new.db > new.links
	links old.db > old.links
	check "  ... and the same links, more than 64 of them" \
	    sh -c '[ "$(wc -l < new.links)" -gt 64 ] && cmp -s new.links old.links'
	sb-export --db new.db --project P --format "$ext" > new.out || exit 99
	sb-export --db old.db --project P --format "$ext" > old.out || exit 99
	check "  ... and the same boards, their lists kept 64 items at a time" \
	    same_file new.out old.out
	# (the sample's CSV export has 171 of its 174 strips: fewer links)
	[ "$ext" = uss ] && is "  ... as many as the source file has" \
	    "$(sql new.db "SELECT count(*) FROM strip_element")" \
	    "$(sql src.db "SELECT count(*) FROM strip_element")"
done

# two strips on board A, then again on board B: B's rows are checked
# against links A's rows left kept, not yet written
cat > two.csv <<'EOF'
board,day,strip_id,scene,set,Cast,Props
A,1,s1,1,KITCHEN,1:Ann; 2:Bob,Cup
A,1,s2,2,HALL,2:Bob,
B,1,s2,2,HALL,2:Bob,
B,2,s1,1,KITCHEN,1:Ann; 2:Bob,Cup
EOF
expect_status 0 "a strip on a second board, its links not yet written" \
    sb-import -q --db two.db --project P two.csv
is "  ... each link once" "$(sql two.db "SELECT count(*) FROM strip_element")" 6
sed 's/^B,2,s1,1,KITCHEN,1:Ann; 2:Bob,Cup$/B,2,s1,1,KITCHEN,1:Ann,Cup/' two.csv > other.csv
run sb-import -q --db other.db --project P other.csv
check "  ... and one that says other elements is refused, at its line" \
    sh -c "[ $rc -eq 3 ] && grep -q 'other.csv: line 5: .*its elements differ' err && [ ! -e other.db ]"
done_testing
