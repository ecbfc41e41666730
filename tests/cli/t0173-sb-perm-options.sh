#!/bin/sh
# t0173-sb-perm-options - sb-perm's options, every one on every subcommand
# (tests/cli/options.sh): its forms accepted, its value missing, given
# twice, bad, or on a subcommand it does not belong to refused (exit 2, the
# message, the file untouched); unknown options and subcommands; --help of
# each subcommand lists its options; --version.
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/options.sh"

sb-import -q --db wl.db --project P "$full" || exit 99
# First Pass (board 2) is active, for --day; alice has a rule on every scope
# the options name, for revoke; the owner, who runs the test, may do all
sb-board -q --db wl.db activate 2 &&
    sb-perm -q --db wl.db grant alice viewer &&
    sb-perm -q --db wl.db grant alice viewer --project P &&
    sb-perm -q --db wl.db grant alice viewer --board 2 &&
    sb-perm -q --db wl.db grant alice viewer --day 1 &&
    sb-perm -q --db wl.db grant alice viewer --strip 17 || exit 99
CMD=sb-perm DB=wl.db
subs="grant deny revoke list check"
globals="db project board day strip quiet verbose"
own() {
	case $1 in
	list) echo "format" ;;
	esac
}
line() {
	case $1 in
	grant) echo "grant bob viewer" ;;
	deny) echo "deny bob drop-day" ;;
	revoke) echo "revoke alice" ;;
	list) echo "list" ;;
	check) echo "check $me drop-day" ;;
	esac
}
opt() {
	case $1 in
	db) echo "--db w.db" ;;
	project) echo "--project P" ;;
	board) echo "--board 2" ;;
	day) echo "--day 1" ;;
	strip) echo "--strip 17" ;;
	format) echo "--format json" ;;
	*) echo "--$1" ;;
	esac
}
bad="day|0|sb-perm: --day: \"0\" is not a number from 1 to 4611686018427387903|grant
day|x|sb-perm: --day: \"x\" is not a number from 1 to 4611686018427387903|list
format|xml|sb-perm: --format: \"xml\" is not a format this command writes|list"
matrix
refused "check takes a user and an action" "sb-perm: check takes USER ACTION, not 1 operand" check bob
done_testing
