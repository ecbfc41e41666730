#!/bin/sh
# sb-bench's options: --list runs nothing, so the options of a run are
# refused with it, in both orders; an option with a value given twice is
# refused.  Each refusal exits 2 and names the options.
. "${top_srcdir:-.}/tests/cli/lib.sh"

# run N: an option of a run with a value it takes
run_opts="sizes:100 scenarios:synth repeat:1 seed:2 format:csv json:x.ndjson dir:. sqlite3:sh writers:2 keep"
refused() {
	desc=$1 msg=$2; shift 2
	run sb-bench "$@"
	if [ "$rc" -eq 2 ] && [ "$(head -n 1 err)" = "$msg" ] && [ ! -s out ]; then
		ok "$desc"
	else
		not_ok "$desc (exit $rc)"
		echo "#  want: $msg"
	fi
}
# given NAME:VALUE: the option as given
given() {
	case $1 in *:*) echo "--${1%%:*} ${1#*:}" ;; *) echo "--$1" ;; esac
}

for v in $run_opts; do
	o=${v%%:*}
	# shellcheck disable=SC2046 # the words of the option
	refused "--list then --$o" "sb-bench: --$o conflicts with --list: --list runs nothing" \
	    --list $(given "$v")
	# shellcheck disable=SC2046
	refused "--$o then --list" "sb-bench: --list conflicts with --$o: --list runs nothing" \
	    $(given "$v") --list
	case $v in *:*)
		# shellcheck disable=SC2046
		refused "--$o twice" "sb-bench: --$o given twice" $(given "$v") $(given "$v") ;;
	esac
done
refused "--budget twice" "sb-bench: --budget given twice" --budget x --budget x --list
refused "--bindir twice" "sb-bench: --bindir given twice" --bindir . --bindir . --list
run "$top_builddir/bin/sb-bench" --bogus
is "an unknown option, with the command's name" "$rc|$(head -n 1 err)" \
    "2|sb-bench: --bogus: no such option"
expect_status 0 "--list with --bindir and --budget" sb-bench --list \
    --bindir "$top_builddir/bin" --budget "$top_srcdir/share/bench/budget"
check "lists the scenarios" out_has "import-uss"
done_testing
