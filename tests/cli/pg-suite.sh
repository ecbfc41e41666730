# pg-suite.sh - run a command test on a PostgreSQL server instead of files
# (issue 12).  lib.sh sources it when SB_TEST_ENGINE=pg (t0075 runs the
# command tests so): it starts the test's own server (pg.sh) and puts
# shims of the commands first on PATH.  A shim gives the real command a
# server database wherever the test names a file:
#
#   --db FILE, --db=FILE, SB_DB=FILE  ->  postgresql:///f<hash of FILE's path>
#   audit_write [--OPTION VALUE...] FILE ...  (tests/tools: the same)
#
# with a file's life: sb-import makes the database (and leaves an empty
# FILE as its marker) when FILE is not there; a FILE the test removed
# (rm -f) is a database made anew by the next import; a command given a
# FILE that is not there gets FILE itself, so it says what it says of a
# missing file; an import that fails leaves neither.  lib.sh's sql and
# snapshot read the server (the SQL through psql, with group_concat()
# defined there).  A URI given by the test is passed as it is.
#
# SB_PG_ROLE=NAME (perm.sh's `as`, for the sb-perm tests): the command
# connects as the role NAME instead of sb, the user sb-perm checks on a
# server.  The shim makes the role (LOGIN) and gives it, on each database
# it is given, the table rights docs/server.md gives a scheduler (SELECT,
# INSERT, UPDATE, DELETE, USAGE on the sequences): sb-perm decides the
# rest.  A database its import makes is an empty one it owns, which the
# import migrates as that role (its maker, so its first admin).

. "$top_srcdir/tests/cli/pg.sh"
pg_start
[ -n "${SB_PG_SHARED:-}" ] || { pg_sqlite_helpers; pg_template; }
pg_shim=$pg_dir/shim
mkdir "$pg_shim"
cat >"$pg_shim/shim" <<'EOF'
#!/bin/sh
# see tests/cli/pg-suite.sh
cmd=${0##*/}
real=$SB_PG_REAL/$cmd
[ -x "$real" ] || real=$SB_PG_TOOLS/$cmd
admin="postgresql:///postgres?host=$SB_PG_HOST&user=sb"
role=${SB_PG_ROLE:-sb}
# the role in a URI: percent-encoded ("uid:4281" -> "uid%3A4281")
user=$(printf '%s' "$role" | od -An -tx1 -v | tr -d ' \n' | sed 's/../%&/g')
# the role, and its rights on the database $1 (once a database)
role_on() {
	[ "$role" = sb ] || [ -f "$SB_PG_DIR/dbs/$1.role.$role" ] && return 0
	psql -X -q "postgresql:///$1?host=$SB_PG_HOST&user=sb" \
	    -c "DO \$\$ BEGIN CREATE ROLE \"$role\" LOGIN; EXCEPTION WHEN duplicate_object
	        OR unique_violation THEN NULL; END \$\$" \
	    -c "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"$role\"" \
	    -c "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \"$role\"" >/dev/null 2>&1 &&
	    : >"$SB_PG_DIR/dbs/$1.role.$role"
}
uri_of() {
	case $1 in postgresql://*|postgres://*) printf '%s' "$1"; return ;; esac
	n=f$(realpath -m -- "$1" | md5sum | cut -c1-16)
	if [ -e "$1" ] && [ ! -s "$1" ] && [ -f "$SB_PG_DIR/dbs/$n" ]; then
		role_on "$n"
		printf 'postgresql:///%s?host=%s&user=%s' "$n" "$SB_PG_HOST" "$user"
		return
	fi
	if [ "$cmd" = sb-import ] && [ ! -e "$1" ]; then
		# a copy of the template the library migrated (pg.sh), as a
		# new file would be made: the same schema, no rows but the
		# owner's rule; made by another role, an empty database of
		# its own that its import migrates
		if [ -f "$SB_PG_DIR/dbs/$n" ]; then
			drop="DROP DATABASE \"$n\" WITH (FORCE)"
			rm -f "$SB_PG_DIR/dbs/$n.role."*
		else
			drop="SELECT 1"
		fi
		if [ "$role" = sb ]; then
			make="CREATE DATABASE \"$n\" TEMPLATE $SB_PG_TEMPLATE"
		else
			role_on postgres
			make="CREATE DATABASE \"$n\" OWNER \"$role\""
		fi
		if ! psql -X -q "$admin" -c "$drop" -c "$make" \
		    >"$SB_PG_DIR/shim.err.$$" 2>&1; then
			# never the file instead: the test would go on, on SQLite
			echo "pg-suite.sh: $cmd: no database for $1 on the server:" >&2
			cat "$SB_PG_DIR/shim.err.$$" >&2
			exit 99
		fi
		: >"$SB_PG_DIR/dbs/$n"
		: >"$1"
		printf '%s %s\n' "$n" "$1" >>"$SB_PG_DIR/new.$$"
		printf 'postgresql:///%s?host=%s&user=%s' "$n" "$SB_PG_HOST" "$user"
		return
	fi
	printf '%s' "$1"
}
rm -f "$SB_PG_DIR/new.$$" "$SB_PG_DIR/shim.err.$$"
n=$#
i=0
prev=
# audit_write's database is its first operand, after its options (each
# with a value)
aw= awv=
[ "$cmd" = audit_write ] && aw=1
for a in "$@"; do
	i=$((i + 1))
	if [ "$prev" = --db ]; then
		a=$(uri_of "$a") || exit 99
	elif [ -n "$aw" ]; then
		if [ -n "$awv" ]; then
			awv=
		else
			case $a in
			--*) awv=1 ;;
			*) a=$(uri_of "$a") || exit 99; aw= ;;
			esac
		fi
	else
		case $a in --db=*) a=--db=$(uri_of "${a#--db=}") || exit 99 ;; esac
	fi
	prev=$a
	set -- "$@" "$a"
done
shift "$n"
if [ -n "${SB_DB:-}" ]; then
	SB_DB=$(uri_of "$SB_DB") || exit 99
	export SB_DB
fi
# the command itself, in the shim's place (its pid, its signals: a
# follower stopped by SIGINT or SIGTERM), unless a database was made for
# it: a failed import's is looked at after
[ -f "$SB_PG_DIR/new.$$" ] || exec "$real" "$@"
"$real" "$@"
rc=$?
# an import that failed into the database it made leaves no file (on a
# file, sb-import removes the file it made; here the copy of the template
# stays, with no project in it, until the next import makes it again)
if [ "$rc" -ne 0 ] && [ -f "$SB_PG_DIR/new.$$" ]; then
	while read -r db f; do
		[ "$(psql -X -A -t "postgresql:///$db?host=$SB_PG_HOST&user=sb" \
		    -c "SELECT NOT EXISTS (SELECT 1 FROM project)" 2>/dev/null)" = t ] && rm -f "$f"
	done <"$SB_PG_DIR/new.$$"
fi
rm -f "$SB_PG_DIR/new.$$" "$SB_PG_DIR/shim.err.$$"
exit $rc
EOF
chmod +x "$pg_shim/shim"
mkdir "$pg_dir/dbs"
# the commands, and audit_write (tests/tools: audit rows written through
# the library, sb_open() of what --db names)
for c in sb-import sb-export sb-day sb-reorder sb-log sb-report sb-board sb-strip \
    sb-element sb-perm audit_write; do
	ln -s shim "$pg_shim/$c"
done
# the commands as lib.sh found them (bin/.libs in a libtool build)
SB_PG_REAL=$(dirname "$(command -v sb-import)") SB_PG_DIR=$pg_dir SB_PG_HOST=$pg_host
SB_PG_TOOLS=$(dirname "$(command -v audit_write)")
SB_PG_TEMPLATE=$pg_template
export SB_PG_REAL SB_PG_TOOLS SB_PG_DIR SB_PG_HOST SB_PG_TEMPLATE
PATH=$pg_shim:$PATH
export PATH

# the trail's actor on a server: the role (pg.sh connects as sb)
me=sb
# pg_name FILE: $pg_name, the name of the server database a file stands
# for (the shim's; the last one kept, as the checks name the same file
# again and again: a realpath, md5sum and cut less each time)
pg_name_f=
pg_name() {
	if [ "$PWD/$1" != "$pg_name_f" ]; then
		pg_name_f=$PWD/$1
		pg_name=f$(realpath -m -- "$1" | md5sum | cut -c1-16)
	fi
}
# pg_uri_of FILE: the server database a file stands for
pg_uri_of() {
	pg_name "$1"
	printf 'postgresql:///%s?host=%s&user=sb' "$pg_name" "$pg_host"
}
# db_copy FROM TO: as lib.sh's, on the server: TO's database made anew as
# a copy of FROM's (no command is connected to FROM between commands)
db_copy() {
	pg_name "$1"; dc_from=$pg_name
	pg_name "$2"; dc_to=$pg_name
	[ -f "$pg_dir/dbs/$dc_from" ] || { echo "Bail out! db_copy: $1 is no database"; exit 99; }
	rm -f "$2" "$pg_dir/dbs/$dc_to.role."*
	psql -X -q "postgresql:///postgres?host=$pg_host&user=sb" \
	    -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS \"$dc_to\" WITH (FORCE)" \
	    -c "CREATE DATABASE \"$dc_to\" TEMPLATE \"$dc_from\"" >/dev/null ||
	    exit 99
	: >"$pg_dir/dbs/$dc_to"
	: >"$2"
}
# bench_db SIZE DB: as lib.sh's, on the server: DB's database made anew,
# empty (no schema), and sb-bench --server imports its production there
# (the USS of the file its synth scenario made, as sb-import reads it;
# sb-bench leaves it there), beside the file in bench.SIZE/
bench_db() {
	pg_name "$2"; bd_n=$pg_name
	rm -f "$2" "$pg_dir/dbs/$bd_n" "$pg_dir/dbs/$bd_n.role."*
	rm -rf "bench.$1" && mkdir "bench.$1" || exit 99
	psql -X -q "postgresql:///postgres?host=$pg_host&user=sb" \
	    -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS \"$bd_n\" WITH (FORCE)" \
	    -c "CREATE DATABASE \"$bd_n\"" >/dev/null || exit 99
	sb-bench --sizes "$1" --scenarios synth --keep --dir "bench.$1" --format ndjson -q \
	    --server "postgresql:///$bd_n?host=$pg_host&user=sb" || return 1
	: >"$pg_dir/dbs/$bd_n"
	: >"$2"
}
# db_exec DB SQL: as lib.sh's, through psql as the server's owner role
db_exec() {
	pg_name "$1"
	psql -X -q -v ON_ERROR_STOP=1 "postgresql:///$pg_name?host=$pg_host&user=sb" \
	    -c "$2" >/dev/null
}
# sql DB QUERY: as lib.sh's, from the server
sql() {
	pg_name "$1"
	psql -X -q -A -t -F '|' "postgresql:///$pg_name?host=$pg_host&user=sb" -c "$2" 2>&1
}
# chain [--rewrite] DB: as lib.sh's, Python's recomputation of the trail,
# read from the server with COPY (chain_head.py --copy), or from DB when it
# is a real file (made by sqlite3, as the shim passes it on); --rewrite writes
# every hash again as the rows stand (a forger with the owner's role: the
# UPDATE trigger disabled, then enabled again)
chain() {
	ch_rw=
	case $1 in
	--copy) python3 "$top_srcdir/tests/tools/chain_head.py" "$@"; return ;;
	--rewrite) ch_rw=1; shift ;;
	esac
	# a real file (sqlite3 made it), as the shim passes it on
	if [ -s "$1" ]; then
		python3 "$top_srcdir/tests/tools/chain_head.py" ${ch_rw:+--rewrite} "$1"
		return
	fi
	pg_name "$1"
	psql -X -q -v ON_ERROR_STOP=1 "postgresql:///$pg_name?host=$pg_host&user=sb" \
	    -c "COPY (SELECT id, at, actor, command, project_id, entity, entity_id,
	        version_before, version_after, changes, hash FROM audit ORDER BY id) TO STDOUT" \
	    >chain.copy || return 2
	if [ -z "$ch_rw" ]; then
		python3 "$top_srcdir/tests/tools/chain_head.py" --copy chain.copy
		return
	fi
	{
		echo "ALTER TABLE audit DISABLE TRIGGER audit_no_update;"
		python3 "$top_srcdir/tests/tools/chain_head.py" --rewrite-copy chain.copy || return 2
		echo "ALTER TABLE audit ENABLE TRIGGER audit_no_update;"
	} >chain.sql
	psql -X -q -v ON_ERROR_STOP=1 -1 "postgresql:///$pg_name?host=$pg_host&user=sb" \
	    -f chain.sql >/dev/null
}
# trail_edit TRIGGER DB SQL: as lib.sh's, on the server: DB a copy of wl.db
# where SQL ran with the trail's TRIGGER disabled, then enabled again
trail_edit() {
	trail_copy "$2"
	db_exec "$2" "ALTER TABLE audit DISABLE TRIGGER $1; $3; ALTER TABLE audit ENABLE TRIGGER $1" ||
	    exit 99
}
# snapshot DB: the trail's length and last row, and every row's version
snapshot() {
	sql "$1" "SELECT (SELECT count(*) || ':' || coalesce(max(id), 0) FROM audit)
	    || '/' || (SELECT coalesce(sum(version), 0) FROM placement)
	    || '/' || (SELECT coalesce(sum(version), 0) FROM strip)"
}
