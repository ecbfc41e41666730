#!/bin/sh
# store-writers.sh - only the store layer writes rows (docs/architecture.md).
#
# 1. No lib/*.c outside lib/store_*.c holds SQL that writes a table (INSERT,
#    UPDATE, DELETE, REPLACE in a string literal); db.c (db_pg.c on PostgreSQL,
#    whose dialect rewrites name INSERT too) owns the schema and
#    its migrations, db_schema.c is generated from share/schema/.
# 2. Each table is written from one store file: a new column is one edit.
#    lib/store_replay.c is the exception: it puts rows back as the audit
#    trail says they stood, in a private copy of the database (--as-of),
#    every table at once; its table of columns is the one edit there.
# 3. The checks find what they look for (a planted writer fails them).
# Each failure names the file and the line.  TAP output.
set -u
: "${top_srcdir:?run through make check}"

# A string literal that holds a writing SQL keyword as a word; comment
# lines are skipped.
sql_re='"([^"]*[^A-Za-z0-9_"])?(INSERT|UPDATE|DELETE|REPLACE)([^A-Za-z0-9_]|$)'

# writers DIR: the lines of DIR/*.c outside the store that write rows
writers() {
	for f in "$1"/*.c; do
		case ${f##*/} in
		store_*.c | db.c | db_pg.c | db_schema.c) continue ;;
		esac
		grep -n -E "$sql_re" "$f" /dev/null | grep -v -E '^[^:]*:[0-9]+:[[:space:]]*(/?\*|//)'
	done
}

# tables DIR: "table file:line" for each writing statement of DIR/store_*.c
tables() {
	for f in "$1"/store_*.c; do
		[ -f "$f" ] || continue
		[ "${f##*/}" = store_replay.c ] && continue
		grep -n -E "$sql_re" "$f" /dev/null
	done | awk '{
		loc = $0; sub(/:[0-9]+:.*/, "", loc)
		line = $0; sub(/^[^:]*:/, "", line); sub(/:.*/, "", line)
		s = $0
		while (match(s, /(INSERT( OR [A-Z]+)? INTO|REPLACE INTO|UPDATE|DELETE FROM)[ \t]+[a-z_]+/)) {
			w = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
			n = split(w, p, /[ \t]+/)
			print p[n], loc ":" line
		}
	}'
}

# spread DIR: the tables written from more than one file, with every place
spread() {
	tables "$1" | awk '{
		f = $2; sub(/:[0-9]+$/, "", f)
		if (!(($1, f) in seen)) { seen[$1, f] = 1; nfiles[$1]++ }
		at[$1] = at[$1] " " $2
	} END {
		for (t in nfiles) if (nfiles[t] > 1) print t ":" at[t]
	}'
}

n=0
failed=0
report() { # DESCRIPTION OUTPUT-FILE: ok when the output is empty
	n=$((n + 1))
	if [ -s "$2" ]; then
		failed=$((failed + 1))
		echo "not ok $n - $1"
		sed 's/^/# /' "$2"
	else
		echo "ok $n - $1"
	fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sbstore.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$top_srcdir" || exit 99
lib=lib

writers "$lib" >"$tmp/writers"
report "only lib/store_*.c writes rows (move these into a store function)" "$tmp/writers"
spread "$lib" >"$tmp/spread"
report "each table is written from one store file" "$tmp/spread"

# the checks can fail: a writer outside the store, a table from two files
mkdir "$tmp/lib"
cat >"$tmp/lib/op_planted.c" <<'EOF'
/* "UPDATE strip" in a comment is no writer */
static const char sql[] = "UPDATE strip SET omitted = 1 WHERE id = ?1";
static const char ok[] = "SELECT id FROM strip";
EOF
cat >"$tmp/lib/store_one.c" <<'EOF'
static const char a[] = "INSERT INTO strip (uid) VALUES (?1)";
EOF
cat >"$tmp/lib/store_two.c" <<'EOF'
static const char b[] = "DELETE FROM strip WHERE id = ?1";
static const char c[] = "INSERT OR IGNORE INTO day (pos) VALUES (?1)";
EOF
writers "$tmp/lib" >"$tmp/planted"
: >"$tmp/want"
if [ "$(cut -d: -f2 "$tmp/planted")" != 2 ]; then
	{ echo "want only line 2 of op_planted.c, found:"; cat "$tmp/planted"; } >"$tmp/want"
fi
report "a writer outside the store is found, a comment is not" "$tmp/want"
spread "$tmp/lib" >"$tmp/planted"
: >"$tmp/want"
if ! grep -q '^strip: .*store_one.c:1.*store_two.c:1' "$tmp/planted" ||
    grep -q '^day:' "$tmp/planted"; then
	{ echo "want strip from two files, found:"; cat "$tmp/planted"; } >"$tmp/want"
fi
report "a table written from two store files is found" "$tmp/want"

echo "1..$n"
[ "$failed" -eq 0 ]
