#!/bin/sh
# Start-up: a command that parses no XML and writes no calendar feed never
# loads libxml2 or libical (nor ICU, which they bring); one that reads a
# Final Draft or Movie Magic file, writes Movie Magic or a feed loads the
# library it needs, when it needs it.  The dynamic loader says what it
# loaded (LD_DEBUG=files).
. "${top_srcdir:-.}/tests/cli/lib.sh"

# loaded WHAT CMD...: the command ran and the loader loaded WHAT
loaded() {
	what=$1; shift
	LD_DEBUG=files "$@" >/dev/null 2>ld.err || return 2
	grep -q "file=$what" ld.err
}
sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
for c in "sb-log --version" "sb-export --board First\ Pass --format csv" \
    "sb-day --board First\ Pass list" "sb-board list" "sb-report --board First\ Pass board --format html" \
    "sb-import -q --replace --db more.db $small"; do
	eval "set -- $c"
	run loaded libxml2 "$@"
	is "$c: no libxml2" "$rc" 1
	run loaded libical "$@"
	is "$c: no libical" "$rc" 1
	run loaded libicu "$@"
	is "$c: no ICU" "$rc" 1
done
run loaded libxml2 sb-import -q --db fdx.db "$fixtures/fdx/bailey.fdx"
is "reading a Final Draft file loads libxml2" "$rc" 0
run loaded libxml2 sb-export --format msd
is "writing Movie Magic loads libxml2" "$rc" 0
run loaded libical sb-report --board "First Pass" ics
is "a calendar feed loads libical" "$rc" 0
run loaded libxml2 sb-report --board "First Pass" ics
is "but not libxml2" "$rc" 1
done_testing
