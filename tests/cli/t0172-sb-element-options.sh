#!/bin/sh
# t0172-sb-element-options - sb-element's options, every one on every
# subcommand (tests/cli/options.sh): its forms accepted, its value missing,
# given twice, bad, or on a subcommand it does not belong to refused (exit
# 2, the message, the file untouched); unknown options and subcommands;
# --help of each subcommand lists its options; --version.
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/options.sh"

sb-import -q --db wl.db --project P "$full" || exit 99
CMD=sb-element DB=wl.db
subs="list rename merge number renumber"
globals="db project quiet verbose"
own() {
	case $1 in
	list) echo "format" ;;
	rename|merge|number) echo "if-version" ;;
	esac
}
line() {
	case $1 in
	list) echo "list Cast" ;;
	rename) echo "rename Cast zuzu Zuzu" ;;
	merge) echo "merge Cast zuzu george" ;;
	number) echo "number Cast zuzu 99" ;;
	renumber) echo "renumber Cast" ;;
	esac
}
opt() {
	case $1 in
	db) echo "--db w.db" ;;
	project) echo "--project P" ;;
	format) echo "--format ndjson" ;;
	if-version) echo "--if-version 1" ;;
	*) echo "--$1" ;;
	esac
}
bad="if-version|1x|sb-element: --if-version: \"1x\" is not a number from 0 to 4611686018427387903|rename
if-version||sb-element: --if-version: \"\" is not a number from 0 to 4611686018427387903|number
format|uss|sb-element: --format: \"uss\" is not a format this command writes|list"
matrix
refused "rename takes three operands" "sb-element: rename takes CATEGORY NAME NEW, not 2 operands" rename Cast zuzu
done_testing
