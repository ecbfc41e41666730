#!/bin/sh
# t0174-sb-report-options - sb-report's options, every one on every report
# (tests/cli/options.sh): its forms accepted, its value missing, given
# twice, bad, or on a report it does not belong to refused (exit 2, the
# message, the file untouched); unknown options and reports; --help of
# each report lists its options; --version.
. "${top_srcdir:?}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/options.sh"

sb-import -q --db wl.db --project P "$full" || exit 99
CMD=sb-report DB=wl.db
subs="dood oneliner schedule elements flags board ics"
globals="db project board format output as-of quiet verbose"
own() {
	case $1 in
	dood) echo "categories drop-blank drop-on-last drops drop-days start-paid paid-events explain" ;;
	elements) echo "categories" ;;
	flags) echo "max-pages max-hours max-locations min-gap drop-days drops" ;;
	ics) echo "element" ;;
	esac
}
# --explain ELEMENT takes the date as dood's operand
line() {
	case $1 in
	dood) case ${o:-} in explain) echo "dood 1946-04-15" ;; *) echo "dood" ;; esac ;;
	*) echo "$1" ;;
	esac
}
opt() {
	case $1 in
	db) echo "--db w.db" ;;
	project) echo "--project P" ;;
	board) echo "--board 2" ;;
	format) case ${s:-} in board) echo "--format html" ;; ics) echo "--format ics" ;;
		*) echo "--format csv" ;; esac ;;
	output) echo "--output r.out" ;;
	as-of) echo "--as-of 1" ;;
	categories) echo "--categories Cast" ;;
	drops) echo "--drops 2" ;;
	drop-days) echo "--drop-days 3" ;;
	explain) echo "--explain GEORGE" ;;
	max-pages) echo "--max-pages 5" ;;
	max-hours) echo "--max-hours 10:30" ;;
	max-locations) echo "--max-locations 3" ;;
	min-gap) echo "--min-gap 4" ;;
	element) echo "--element GEORGE" ;;
	*) echo "--$1" ;;
	esac
}
n1000() { echo "is not a number from 1 to $1"; }
bad="drops|0|sb-report: --drops: \"0\" $(n1000 100000)|dood
drop-days|3651|sb-report: --drop-days: \"3651\" $(n1000 3650)|flags
max-pages|0|sb-report: --max-pages: \"0\" is not a page count (\"5\", \"4 3/8\")|flags
max-hours|1:60|sb-report: --max-hours: \"1:60\" is not a time (H or H:MM)|flags
max-locations|x|sb-report: --max-locations: \"x\" $(n1000 1000)|flags
min-gap|0|sb-report: --min-gap: \"0\" $(n1000 3650)|flags"
matrix
# operands, worded as every command words them
refused "a report takes no operand" "sb-report: dood takes no operand, not 1 operand" dood x
refused "--explain takes the date" \
    "sb-report: --explain ELEMENT takes one operand, the DATE, not 0 operands" dood --explain George
done_testing
