# perm.sh - running commands as other users, for the tests of sb-perm
# (t0081-t0084), sourced after lib.sh.
#
# On a file the user is the login of the process's real uid.  Only root
# can become another uid: without root the test is skipped, saying so.
# The uids have no passwd entry (free_uid finds one), so a command run as
# uid N is the user "uid:N" (lib/db.c), the name the rules give it; no
# account is made on the machine.  The scratch directory and the database
# are opened to them (chmod), the rest of the machine is not.
#
# On a server (SB_TEST_ENGINE=pg) the user is the database role the server
# authenticated (docs/server.md, "A role for each scheduler"): a command
# run "as uid N" connects as the role "uid:N", one role a scheduler, which
# pg-suite.sh's shim makes with the table rights docs/server.md gives
# (SB_PG_ROLE); no OS user is involved, and the server, not the process,
# says who is asking.
if [ "${SB_TEST_ENGINE:-}" = pg ]; then
	as() {
		u=$1; shift
		SB_PG_ROLE="uid:$u" "$@"
	}
else
	if [ "$(id -u)" -ne 0 ]; then
		echo "1..0 # SKIP not root: running commands as other uids needs setpriv as root"
		exit 0
	fi
	if ! command -v setpriv >/dev/null 2>&1; then
		echo "1..0 # SKIP no setpriv (util-linux) to run commands as other uids"
		exit 0
	fi
	# as UID CMD...: run CMD as that uid and gid, with no other groups
	as() {
		u=$1; shift
		setpriv --reuid="$u" --regid="$u" --clear-groups "$@"
	}
fi
chmod 777 "$tmp"
umask 000

# free_uid N: N, or the first uid after it that no passwd entry names
free_uid() {
	u=$1
	while getent passwd "$u" >/dev/null 2>&1; do u=$((u + 1)); done
	echo "$u"
}

# denied UID DESCRIPTION CMD...: exit 7, "permission denied" naming the
# user, and the database byte for byte as it was (its write-ahead log too;
# on a server, snapshot's fingerprint of its rows)
denied() {
	u=$1 desc=$2; shift 2
	cp "$db" before.db
	before=$(snapshot "$db")
	run as "$u" "$@"
	if [ "$rc" -eq 7 ] && err_has "permission denied: uid:$u may not" &&
	    cmp -s "$db" before.db && [ "$(snapshot "$db")" = "$before" ]; then
		ok "uid:$u: $desc: refused, the database unchanged"
	else
		not_ok "uid:$u: $desc: refused, the database unchanged (exit $rc)"
	fi
}

# allowed UID DESCRIPTION CMD...: exit 0
allowed() {
	u=$1 desc=$2; shift 2
	run as "$u" "$@"
	if [ "$rc" -eq 0 ]; then ok "uid:$u: $desc: allowed"; else
		not_ok "uid:$u: $desc: allowed (exit $rc)"
	fi
}

# fmt_of REPORT: a format the report is written as
fmt_of() {
	case $1 in board) echo html ;; ics) echo ics ;; *) echo csv ;; esac
}
