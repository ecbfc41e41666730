#!/bin/sh
# sb-import's options: no subcommands, but modes (a new project, --replace,
# --update).  Every conflicting pair is refused, in both orders, and every
# option with a value given twice; each refusal exits 2, names the options
# and leaves the database byte for byte as it was.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$small" || exit 99
before=$(snapshot wl.db)
# refused DESCRIPTION MESSAGE ARGS...: sb-import ARGS exits 2, its first
# line on stderr is MESSAGE, and the database is as it was
refused() {
	desc=$1 msg=$2; shift 2
	run sb-import "$@"
	if [ "$rc" -eq 2 ] && [ "$(head -n 1 err)" = "$msg" ] &&
	    [ "$(snapshot wl.db)" = "$before" ]; then
		ok "$desc"
	else
		not_ok "$desc (exit $rc)"
		echo "#  want: $msg"
	fi
}

refused "--update then --replace" "sb-import: --replace conflicts with --update: --update merges into a project, --replace replaces it" \
    --db wl.db --update --replace "$small"
refused "--replace then --update" "sb-import: --update conflicts with --replace: --update merges into a project, --replace replaces it" \
    --db wl.db --replace --update "$small"
refused "-q then -v" "sb-import: --verbose conflicts with --quiet" --db wl.db --replace -q -v "$small"
refused "-v then -q" "sb-import: --quiet conflicts with --verbose" --db wl.db --replace -v -q "$small"
for v in db:wl.db project:P from:uss format:text; do
	o=${v%%:*} val=${v#*:}
	refused "--$o twice" "sb-import: --$o given twice" --db wl.db --replace \
	    "--$o" "$val" "--$o" "$val" "$small"
done
run "$top_builddir/bin/sb-import" --bogus "$small"
is "an unknown option, with the command's name" "$rc|$(head -n 1 err)" \
    "2|sb-import: --bogus: no such option"
check "nothing of it was written" test "$(snapshot wl.db)" = "$before"

# the help lists the options of sb-import(1), and only those
got=$(sb-import --help | sed -n 's/^  \(-[a-z], \)\{0,1\}--\([a-z-]*\).*/\2/p' | sort -u |
    tr '\n' ' ')
want=$(sed -n '/^\.Sh DESCRIPTION/,$p' "$top_srcdir/docs/sb-import.1" |
    sed -n 's/^\.It Fl \([a-z] , Fl \)\{0,1\}\\-\([a-z-]*\).*/\2/p' | sort -u | tr '\n' ' ')
is "sb-import --help and sb-import(1) list the same options" "$got" "$want"

expect_status 0 "each option once is accepted" sb-import --db wl.db --project P \
    --from uss --format text -v --replace "$small"
check "and it replaced the project" test "$(snapshot wl.db)" != "$before"
done_testing
