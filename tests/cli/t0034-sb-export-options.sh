#!/bin/sh
# sb-export's options: an option with a value given twice is refused (exit
# 2, naming it), as is --board with a format that holds every board.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$small" || exit 99
before=$(snapshot wl.db)
refused() {
	desc=$1 msg=$2; shift 2
	run sb-export "$@"
	if [ "$rc" -eq 2 ] && [ "$(head -n 1 err)" = "$msg" ] && [ ! -s out ] &&
	    [ "$(snapshot wl.db)" = "$before" ]; then
		ok "$desc"
	else
		not_ok "$desc (exit $rc)"
		echo "#  want: $msg"
	fi
}

for v in db:wl.db project:x board:x format:csv; do
	o=${v%%:*} val=${v#*:}
	refused "--$o twice" "sb-export: --$o given twice" --db wl.db "--$o" "$val" "--$o" "$val"
done
refused "--board with uss" "sb-export: --board: a USS file holds every board" \
    --db wl.db --format uss --board "Script Order"
run "$top_builddir/bin/sb-export" --bogus
is "an unknown option, with the command's name" "$rc|$(head -n 1 err)" \
    "2|sb-export: --bogus: no such option"
run "$top_builddir/bin/sb-export" --format
is "an option without its value" "$rc|$(head -n 1 err)" "2|sb-export: --format needs a value"

got=$(sb-export --help | sed -n 's/^  \(-[a-z], \)\{0,1\}--\([a-z-]*\).*/\2/p' | sort -u |
    tr '\n' ' ')
want=$(sed -n '/^\.Sh DESCRIPTION/,$p' "$top_srcdir/docs/sb-export.1" |
    sed -n 's/^\.It Fl \([a-z] , Fl \)\{0,1\}\\-\([a-z-]*\).*/\2/p' | sort -u | tr '\n' ' ')
is "sb-export --help and sb-export(1) list the same options" "$got" "$want"
expect_status 0 "each option once is accepted" sb-export --db wl.db --board "Script Order" \
    --format csv -q
done_testing
