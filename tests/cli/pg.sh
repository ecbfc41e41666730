# pg.sh - a PostgreSQL server of the test's own, for the tests of
# --db postgresql://... (issue 12).  Source it after lib.sh, then:
#
#   pg_start            initdb into a temporary directory and start a server
#                       listening only on a Unix socket there (no TCP port),
#                       or skip the whole test, saying why, when PostgreSQL's
#                       server is not installed (Debian: postgresql)
#   uri=$(pg_db NAME)   a new, empty database; its postgresql:// URI
#   pgq URI QUERY       one query through psql, values unaligned
#   pg_template         the database sb_template, migrated by the library
#                       (tests/tools/sb_open), that pg-suite.sh copies for
#                       each database a test makes (CREATE DATABASE ...
#                       TEMPLATE: a copy costs less than the migrations)
#
# The cluster is a throwaway: its configuration trades every durability
# guarantee for speed (no fsync, no full pages or waiting for the log at
# commit, the least log, no autovacuum visiting the hundreds of databases
# the suite makes).  What the tests check does not depend on any of it.
#
# The server runs as an unprivileged user: the test's own when it is not
# root, else "nobody" (PostgreSQL refuses to run as root), through setpriv
# as the other tests do.  It stops, and its directory goes, when the test
# ends however it ends.
#
# SB_PG_SHARED=DIR (t0075 sets it): a server already listens on a socket
# in DIR; pg_start uses it instead of starting one (one server for a whole
# run of tests), leaves it running, and names the databases pg_db makes
# after the test's process so that tests never share one.

pg_bindir=
for d in "${SB_PG_BINDIR:-}" "$(pg_config --bindir 2>/dev/null)" \
    /usr/lib/postgresql/*/bin; do
	if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
		pg_bindir=$d
		break
	fi
done

# psql itself, not Debian's wrapper script around it (a Perl start a query)
[ -n "$pg_bindir" ] && [ -x "$pg_bindir/psql" ] && PATH=$pg_bindir:$PATH

pg_skip() {
	echo "1..0 # SKIP $1"
	exit 0
}

# as_server CMD...: CMD as the server's user
as_server() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"
	else
		"$@"
	fi
}

pg_prefix=
pg_stop() {
	if [ -n "${pg_dir:-}" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
		as_server "$pg_bindir/pg_ctl" -D "$pg_dir/data" -m immediate -w stop \
		    >/dev/null 2>&1
	fi
	[ -n "${pg_dir:-}" ] && rm -rf "$pg_dir"
	chmod -R u+rwx "$tmp" 2>/dev/null
	rm -rf "$tmp"
}

pg_start() {
	# .ci/run's later jobs (distcheck, sanitizers, clang): the server
	# tests ran in its first job; on this 2-core kind of machine the
	# whole suite on both engines four times would pass CI's time limit
	[ "${SB_TEST_SERVER:-yes}" = no ] && pg_skip "SB_TEST_SERVER=no: the \
server tests run in .ci/run's first job"
	[ -n "$pg_bindir" ] || pg_skip "no PostgreSQL server (initdb, pg_ctl) installed: \
Debian: apt-get install postgresql (.ci/deps)"
	command -v psql >/dev/null 2>&1 || pg_skip "no psql (Debian: postgresql-client)"
	if [ "$(id -u)" -eq 0 ] && ! id nobody >/dev/null 2>&1; then
		pg_skip "running as root with no user nobody to run the server as"
	fi
	# not under $tmp: the server's user must reach it
	pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/sbpg.XXXXXX") || exit 99
	trap pg_stop EXIT
	trap 'exit 130' INT TERM
	chmod 755 "$pg_dir"
	if [ -n "${SB_PG_SHARED:-}" ]; then
		[ -S "$SB_PG_SHARED/.s.PGSQL.5432" ] || {
			echo "Bail out! no server at SB_PG_SHARED=$SB_PG_SHARED"
			exit 1
		}
		pg_host=$SB_PG_SHARED
		pg_prefix=p$$_
		return 0
	fi
	mkdir "$pg_dir/data" "$pg_dir/run"
	if [ "$(id -u)" -eq 0 ]; then
		chown nobody "$pg_dir/data" "$pg_dir/run"
	fi
	if ! as_server "$pg_bindir/initdb" -D "$pg_dir/data" -U sb --auth=trust \
	    -E UTF8 --locale=C -N >"$pg_dir/initdb.log" 2>&1; then
		sed 's/^/# initdb: /' "$pg_dir/initdb.log" | tail -n 20
		echo "Bail out! initdb failed"
		exit 1
	fi
	cat >>"$pg_dir/data/postgresql.conf" <<-EOF
	# tests/cli/pg.sh: a throwaway cluster
	fsync = off
	synchronous_commit = off
	full_page_writes = off
	wal_level = minimal
	max_wal_senders = 0
	autovacuum = off
	EOF
	if ! as_server "$pg_bindir/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/run/log" \
	    -o "-k $pg_dir/run -c listen_addresses= -c max_connections=60" \
	    -w -t 60 start >"$pg_dir/pg_ctl.log" 2>&1; then
		sed 's/^/# pg_ctl: /' "$pg_dir/pg_ctl.log" "$pg_dir/run/log" | tail -n 20
		echo "Bail out! the PostgreSQL server did not start"
		exit 1
	fi
	pg_host=$pg_dir/run
}

pg_db() {
	psql -X -q "postgresql:///postgres?host=$pg_host&user=sb" \
	    -c "CREATE DATABASE \"$pg_prefix$1\"" >/dev/null || return 1
	echo "postgresql:///$pg_prefix$1?host=$pg_host&user=sb"
}

pg_template=${SB_PG_TEMPLATE:-sb_template}
pg_template() {
	psql -X -q "postgresql:///postgres?host=$pg_host&user=sb" \
	    -c "CREATE DATABASE $pg_template" >/dev/null &&
	    "$top_builddir/tests/tools/sb_open" \
	    "postgresql:///$pg_template?host=$pg_host&user=sb" &&
	    psql -X -q "postgresql:///postgres?host=$pg_host&user=sb" \
	    -c "ALTER DATABASE $pg_template ALLOW_CONNECTIONS false" >/dev/null ||
	    { echo "Bail out! the template database was not made"; exit 1; }
}

# pg_cpu: the CPU seconds (user + system) the server's processes have used
# so far, those that have ended included (a backend a connection)
pg_cpu() {
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15 + $16 + $17) / hz }' \
	    "/proc/$(head -n 1 "$pg_dir/data/postmaster.pid")/stat" 2>/dev/null
}

pgq() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 "$1" -c "$2"
}

# pg_sqlite_helpers: what the tests' own SQL takes from SQLite, in template1,
# so every database made after has it: group_concat() (NULLs skipped, any
# type, ',' by default), sum() of a comparison, hex(), ifnull(),
# json_array_length(text[, path]) (a path of keys and [N])
pg_sqlite_helpers() {
	psql -X -q -v ON_ERROR_STOP=1 "postgresql:///template1?host=$pg_host&user=sb" -c "
	    CREATE FUNCTION sb_gc(text, anynonarray, text) RETURNS text LANGUAGE sql
	      AS \$\$ SELECT CASE WHEN \$2 IS NULL THEN \$1 WHEN \$1 IS NULL
	      THEN CAST(\$2 AS text) ELSE \$1 || \$3 || CAST(\$2 AS text) END \$\$;
	    CREATE FUNCTION sb_gc1(text, anynonarray) RETURNS text LANGUAGE sql
	      AS \$\$ SELECT sb_gc(\$1, \$2, ',') \$\$;
	    CREATE AGGREGATE group_concat(anynonarray, text) (SFUNC = sb_gc, STYPE = text);
	    CREATE AGGREGATE group_concat(anynonarray) (SFUNC = sb_gc1, STYPE = text);
	    CREATE FUNCTION sb_bsum(bigint, boolean) RETURNS bigint LANGUAGE sql
	      AS \$\$ SELECT CASE WHEN \$2 IS NULL THEN \$1 ELSE coalesce(\$1, 0) +
	      CASE WHEN \$2 THEN 1 ELSE 0 END END \$\$;
	    CREATE AGGREGATE sum(boolean) (SFUNC = sb_bsum, STYPE = bigint);
	    CREATE FUNCTION hex(text) RETURNS text LANGUAGE sql
	      AS \$\$ SELECT upper(encode(convert_to(\$1, 'UTF8'), 'hex')) \$\$;
	    CREATE FUNCTION ifnull(text, text) RETURNS text LANGUAGE sql
	      AS \$\$ SELECT coalesce(\$1, \$2) \$\$;
	    CREATE FUNCTION json_array_length(text) RETURNS integer LANGUAGE sql
	      AS \$\$ SELECT json_array_length(CAST(\$1 AS json)) \$\$;
	    CREATE FUNCTION json_array_length(text, text) RETURNS integer LANGUAGE sql
	      AS \$\$ SELECT json_array_length(CAST(\$1 AS json) #> string_to_array(
	      translate(substr(\$2, 3), '[]', '.'), '.')) \$\$" >/dev/null ||
	    { echo "Bail out! the SQLite helpers did not install"; exit 1; }
}
