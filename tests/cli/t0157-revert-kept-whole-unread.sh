#!/bin/sh
# sb-log revert reads an audit row without the project that an import row
# of the older form kept whole in it ("previous":{"project":..., every row
# of the project it replaced: tens of MB at 100,000 strips): load() makes
# "previous" {} in SQL, on a file and on a server, and project_back()
# reads the rows from the row itself only once the revert goes on.  Here
# the revert of such a row (a 15 MB "previous") is refused, a change after
# it not named with it, so nothing kept is needed: on a server the
# command's peak memory is that of the same refusal with nothing kept
# (before, the server sent the whole column, parsed by the client: 140 MB
# against 14).  On a file SQLite's JSON functions read the column in the
# command's own process, so its memory is no fact of what is sent.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP needs python3"
	exit 0
fi

# row.py N: an import row of the older form keeping project 1 and N strips
cat > row.py <<'PY'
import json, sys
n = int(sys.argv[1])
kept = {"project": {"columns": ["id", "name"], "rows": [[1, "P"]]}}
if n:
    kept["strip"] = {"columns": ["id", "scene", "synopsis"],
                     "rows": [[i, str(i), "a synopsis kept whole in the row"]
                              for i in range(1, n + 1)]}
json.dump({"import": {"format": "uss", "file": "x", "strips": 2, "replaced": True},
           "previous": kept}, sys.stdout, separators=(",", ":"))
PY
# peak.py CMD...: CMD's peak resident memory (KiB), its exit status
cat > peak.py <<'PY'
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=open("err", "w"))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)
PY

for size in 0 300000; do
	db=r$size.db
	python3 row.py "$size" > row$size.json || exit 99
	sb-import -q --db "$db" "$full" || exit 99
	check "an import row of the older form keeping $size strips" \
	    audit_write "$db" project 1 1 2 "@row$size.json"
	row=$(last_audit)
	is "it holds them all" "$(q "SELECT json_array_length(changes, '\$.previous.strip.rows')
	    FROM audit WHERE id = $row")" "$([ "$size" -gt 0 ] && echo "$size")"
	check "a strip edited after it" \
	    sb-strip -q --db "$db" set "$(q "SELECT uid FROM strip ORDER BY id LIMIT 1")" synopsis=new
	before=$(snapshot "$db")
	set -- $(python3 peak.py sb-log --db "$db" revert "$row")
	is "its revert alone is refused as a conflict (exit 5)" "$2" 5
	check "  ... saying why" grep -q "the project changed since (audit row" err
	is "  ... and changes nothing" "$(snapshot "$db")" "$before"
	eval "peak$size=\$1"
done
len=$(wc -c < row300000.json)
on_server "on a server, the revert's peak memory does not grow with what the row keeps" &&
    check "on a server, the revert's peak memory does not grow with what the row keeps ($peak0 KiB, $peak300000 KiB with $len bytes kept)" \
    test "$peak300000" -lt $((peak0 + len / 2048))
done_testing
