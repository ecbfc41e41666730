#!/bin/sh
# sb-log's options: it has no subcommands, but two modes (the history, and
# --follow).  Every conflicting pair is refused, in both orders, and every
# option with a value given twice; each refusal exits 2, names the options
# and leaves the database byte for byte as it was.  The table below is the
# manual's, written out here rather than read from the command.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$small" || exit 99
sb-reorder -q --db wl.db move 89PT1 --boneyard || exit 99

# the options, and a value for each
valued="db:wl.db project:x board:x strip:1 day:1 user:x since:1 limit:1
format:ndjson interval:100 coalesce:100"
conflicts="follow:reverse quiet:verbose"
# flag NAME: the option as given
flag() { case $1 in reverse) echo -r ;; quiet) echo -q ;; verbose) echo -v ;; *) echo "--$1" ;; esac; }

before=$(snapshot wl.db)
# refused DESCRIPTION MESSAGE ARGS...: sb-log ARGS exits 2, its first line
# on stderr is MESSAGE, and the database is as it was
refused() {
	desc=$1 msg=$2; shift 2
	run sb-log "$@"
	if [ "$rc" -eq 2 ] && [ "$(head -n 1 err)" = "$msg" ] &&
	    [ "$(snapshot wl.db)" = "$before" ]; then
		ok "$desc"
	else
		not_ok "$desc (exit $rc)"
		echo "#  want: $msg"
	fi
}

for c in $conflicts; do
	a=${c%%:*} b=${c#*:}
	why=
	[ "$a" = follow ] && why=": a followed log runs oldest first"
	refused "$(flag "$a") then $(flag "$b")" "sb-log: --$b conflicts with --$a$why" \
	    --db wl.db "$(flag "$a")" "$(flag "$b")"
	refused "$(flag "$b") then $(flag "$a")" "sb-log: --$a conflicts with --$b$why" \
	    --db wl.db "$(flag "$b")" "$(flag "$a")"
done
for v in $valued; do
	o=${v%%:*} val=${v#*:}
	refused "--$o twice" "sb-log: --$o given twice" --db wl.db --follow \
	    "--$o" "$val" "--$o" "$val"
done
refused "--interval without --follow" \
    "sb-log: --interval and --coalesce go with --follow" --db wl.db --interval 100
refused "--follow with a JSON array" \
    "sb-log: --follow: a JSON array never ends; use ndjson" --db wl.db --follow --format json
run "$top_builddir/bin/sb-log" --bogus
is "an unknown option, with the command's name" "$rc|$(head -n 1 err)" \
    "2|sb-log: --bogus: no such option"

# the help lists the options of sb-log(1), and only those
got=$(sb-log --help | sed -n 's/^  \(-[a-z], \)\{0,1\}--\([a-z-]*\).*/\2/p' | sort -u |
    tr '\n' ' ')
want=$(sed -n '/^\.Sh DESCRIPTION/,$p' "$top_srcdir/docs/sb-log.1" |
    sed -n 's/^\.It Fl \([a-z] , Fl \)\{0,1\}\\-\([a-z-]*\).*/\2/p' | sort -u | tr '\n' ' ')
is "sb-log --help and sb-log(1) list the same options" "$got" "$want"

# the lines above, without what was refused, are accepted
expect_status 0 "the options once each are accepted" sb-log --db wl.db --project \
    "$(sql wl.db 'SELECT name FROM project')" --strip 89PT1 --user "$me" --since 1 \
    --limit 1 --format ndjson -r -v
check "and the change is there" out_has ' move 89PT1 --boneyard"'
# (on a server the command was given the database's URI by pg-suite.sh)
on_sqlite "  ... its command line whole" &&
    check "  ... its command line whole" out_has '"command":"sb-reorder -q --db wl.db move 89PT1 --boneyard"'
expect_status 0 "a flag twice is the flag once" sb-log --db wl.db -r -r --limit 1

refused "--verify takes no operand" "sb-log: --verify takes no operand, not 1 operand" \
    --verify 3
done_testing
