#!/bin/sh
# t0170-sb-board-options - sb-board's options, every one on every
# subcommand (tests/cli/options.sh): its forms accepted, its value missing,
# given twice, bad, or on a subcommand it does not belong to refused (exit
# 2, the message, the file untouched); unknown options and subcommands;
# --help of each subcommand lists its options; --version.
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/options.sh"

sb-import -q --db wl.db --project P "$small" || exit 99
CMD=sb-board DB=wl.db
subs="list new rename activate drop compare"
globals="db project quiet verbose"
own() {
	case $1 in
	list|compare) echo "format" ;;
	new) echo "from" ;;
	rename|activate) echo "if-version" ;;
	drop) echo "activate if-version" ;;
	esac
}
line() {
	case $1 in
	list) echo "list" ;;
	new) echo "new Try" ;;
	rename) echo "rename 2 Renamed" ;;
	activate) echo "activate 1" ;;
	drop) echo "drop 2" ;;
	compare) echo "compare 1 2" ;;
	esac
}
opt() {
	case $1 in
	db) echo "--db w.db" ;;
	project) echo "--project P" ;;
	format) echo "--format csv" ;;
	from) echo "--from 2" ;;
	if-version) echo "--if-version 1" ;;
	activate) echo "--activate 1" ;;
	*) echo "--$1" ;;
	esac
}
bad="if-version|x|sb-board: --if-version: \"x\" is not a number from 0 to 4611686018427387903|rename
if-version|-1|sb-board: --if-version: \"-1\" is not a number from 0 to 4611686018427387903|drop
format|pdf|sb-board: --format: \"pdf\" is not a format this command writes|list
format|uss|sb-board: --format: \"uss\" is not a format this command writes|compare"
matrix
# operands: the count each subcommand takes
refused "list takes no operand" "sb-board: list takes no operand, not 1 operand" list x
refused "compare takes two boards" "sb-board: compare takes two boards, A and B, not 1 operand" compare 1
done_testing
