#!/bin/sh
# t0171-sb-strip-options - sb-strip's options, every one on every
# subcommand (tests/cli/options.sh): its forms accepted, its value missing,
# given twice, bad, or on a subcommand it does not belong to refused (exit
# 2, the message, the file untouched); unknown options and subcommands;
# --help of each subcommand lists its options; --version.
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/options.sh"

sb-import -q --db wl.db --project P "$full" || exit 99
# strip 18 holds an element to remove, strip 19 is omitted: both at version 2
sb-strip -q --db wl.db add 18 props=Hat && sb-strip -q --db wl.db omit 19 || exit 99
printf 'strip,pages\n17,2\n' > b.csv
CMD=sb-strip DB=wl.db
subs="show set add remove new omit restore batch"
globals="db project quiet verbose"
own() {
	case $1 in
	show) echo "format" ;;
	set|add|remove|omit|restore) echo "if-version" ;;
	esac
}
line() {
	case $1 in
	show) echo "show 17" ;;
	set) echo "set 17 pages=1" ;;
	add) echo "add 17 Cast=ZUZU" ;;
	remove) echo "remove 18 props=Hat" ;;
	new) echo "new scene scene=300" ;;
	omit) echo "omit 17" ;;
	restore) echo "restore 19" ;;
	batch) echo "batch b.csv" ;;
	esac
}
opt() {
	case $1 in
	db) echo "--db w.db" ;;
	project) echo "--project P" ;;
	format) echo "--format json" ;;
	if-version) case ${s:-} in remove|restore) echo "--if-version 2" ;;
		*) echo "--if-version 1" ;; esac ;;
	*) echo "--$1" ;;
	esac
}
bad="if-version|x|sb-strip: --if-version: \"x\" is not a number from 0 to 4611686018427387903|set
if-version|4611686018427387904|sb-strip: --if-version: \"4611686018427387904\" is not a number from 0 to 4611686018427387903|omit
format|csv|sb-strip: --format: \"csv\" is not a format this command writes|show"
matrix
# operands: every subcommand says what it takes, as the other commands do
refused "show takes one strip" "sb-strip: show takes STRIP, not 2 operands" show 17 18
refused "show without a strip" "sb-strip: show takes STRIP, not 0 operands" show
refused "omit takes one strip" "sb-strip: omit takes STRIP, not 2 operands" omit 17 18
refused "set without a field" "sb-strip: set takes STRIP FIELD=VALUE..., not 1 operand" set 17
refused "add without an element" "sb-strip: add takes STRIP CATEGORY=ELEMENT..., not 1 operand" add 17
refused "new without a kind" "sb-strip: new takes scene|banner [FIELD=VALUE...], not 0 operands" new
refused "batch takes one file at most" "sb-strip: batch takes [FILE], not 2 operands" batch a b
done_testing
