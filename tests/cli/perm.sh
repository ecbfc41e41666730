# perm.sh - running commands as other users, for the tests of sb-perm
# (t0081-t0084), sourced after lib.sh.
#
# Only root can become another uid: without root the test is skipped,
# saying so.  The uids have no passwd entry (free_uid finds one), so a
# command run as uid N is the user "uid:N" (lib/db.c), the name the rules
# give it; no account is made on the machine.  The scratch directory and
# the database are opened to them (chmod), the rest of the machine is not.
if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP not root: running commands as other uids needs setpriv as root"
	exit 0
fi
if ! command -v setpriv >/dev/null 2>&1; then
	echo "1..0 # SKIP no setpriv (util-linux) to run commands as other uids"
	exit 0
fi
chmod 777 "$tmp"
umask 000

# free_uid N: N, or the first uid after it that no passwd entry names
free_uid() {
	u=$1
	while getent passwd "$u" >/dev/null 2>&1; do u=$((u + 1)); done
	echo "$u"
}

# as UID CMD...: run CMD as that uid and gid, with no other groups
as() {
	u=$1; shift
	setpriv --reuid="$u" --regid="$u" --clear-groups "$@"
}

# denied UID DESCRIPTION CMD...: exit 7, "permission denied" naming the
# user, and the database byte for byte as it was (its write-ahead log too)
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
