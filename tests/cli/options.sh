# options.sh - the option matrix of a command with subcommands, sourced by
# t0170-t0174 after lib.sh.  The test sets, as the manual gives them:
#
#   CMD       the command (sb-board)
#   DB        its database (made by the test); each run has a copy of it as
#             it was, w.db ($SB_DB), which a refusal must leave as it was
#   subs      its subcommands
#   globals   the options of every subcommand (long names, no --)
#   own SUB   prints the subcommand's own options
#   line SUB  prints a command line of SUB the command accepts (exit 0), the
#             subcommand and its operands, split on white space
#   opt NAME  prints the option with a value it takes ("--format csv"), or
#             the flag alone (the value of --db: w.db)
#   bad       lines "NAME|VALUE|MESSAGE|SUB": a value refused on SUB, with
#             its message
#
# and calls matrix.  For each option: its forms (--name value, --name=value,
# an abbreviation, before and after the subcommand) are accepted; without
# its value, twice, with a value it does not take, on a subcommand it does
# not belong to, or with a bad value it is refused with exit 2 and its
# message.  Unknown options, subcommands and letters are refused; --help
# (of the command and of each subcommand) and --version exit 0.

# w.db, the command's database ($SB_DB), starts as a copy of DB (lib.sh's
# db_copy: a file, or a database on the server under SB_TEST_ENGINE=pg).
# A refusal must leave it as it was before the run (its snapshot, taken
# after each run, in $wsnap).  An accepted run goes on w.db as the runs
# before left it; only if it is not accepted there (a --if-version that
# no longer holds, an element already removed) does it run again on a
# new copy of DB, where it must be.  On a server a copy costs 70-250 ms
# of the server's CPU (CREATE DATABASE), a snapshot a few ms: t0171 made
# 93 copies when every run that followed a change had one.
w_made= w_as_db=
fresh() {
	db_copy "$DB" w.db
	w_made=1 w_as_db=1 wsnap=$snap
}
# snap DB: its snapshot, less the file's name
snap() { snapshot "$1" | sed "s|^no $1|no |"; }
# ran: after a run, w.db's snapshot in $wsnap, and whether it is as DB
ran() {
	wsnap=$(snap w.db)
	[ "$wsnap" = "$snap" ] || w_as_db=
}

# refused DESCRIPTION MESSAGE ARGS...: CMD ARGS exits 2, says MESSAGE first
# on stderr, prints nothing on stdout and leaves its database as it was
refused() {
	desc=$1 msg=$2; shift 2
	[ -n "$w_made" ] || fresh
	before=$wsnap
	run "$CMD" "$@"
	ran
	if [ "$rc" -eq 2 ] && [ "$(head -n 1 err)" = "$msg" ] && [ ! -s out ] &&
	    [ "$wsnap" = "$before" ]; then
		ok "$desc"
	else
		not_ok "$desc (exit $rc)"
		echo "#  want: $msg"
	fi
}

# accepted DESCRIPTION ARGS...: CMD ARGS exits 0 (on w.db as it is, else
# on a new copy of DB)
accepted() {
	desc=$1; shift
	[ -n "$w_made" ] || fresh
	run "$CMD" "$@"
	if [ "$rc" -ne 0 ] && [ -z "$w_as_db" ]; then
		fresh
		run "$CMD" "$@"
	fi
	ran
	if [ "$rc" -eq 0 ]; then ok "$desc"; else not_ok "$desc (exit $rc)"; fi
}

# takes_value NAME: the option takes a value
takes_value() { case $(opt "$1") in *" "*) return 0 ;; esac; return 1; }

matrix() {
	snap=$(snap "$DB")
	SB_DB=w.db
	export SB_DB
	all=$(for s in $subs; do own "$s"; done | tr ' ' '\n' | sort -u)
	list=$(echo "$subs" | awk '{ for (i = 1; i <= NF; i++)
	    printf "%s%s", $i, i == NF ? "" : i == NF - 1 ? " or " : ", " }')

	for s in $subs; do
		o=
		# shellcheck disable=SC2046 # the words of the command line
		accepted "$s: $(line "$s") is accepted" $(line "$s")
		for o in $(own "$s") $globals; do
			# shellcheck disable=SC2046
			accepted "$s: $(opt "$o") after it" $(line "$s") $(opt "$o")
			# shellcheck disable=SC2046
			accepted "$s: $(opt "$o") before it" $(opt "$o") $(line "$s")
			if takes_value "$o"; then
				v=$(opt "$o"); v=${v#* }
				# shellcheck disable=SC2046
				accepted "$s: --$o=$v" $(line "$s") "--$o=$v"
				# shellcheck disable=SC2046
				refused "$s: --$o without its value" "$CMD: --$o needs a value" \
				    $(line "$s") "--$o"
				# shellcheck disable=SC2046
				refused "$s: --$o twice" "$CMD: --$o given twice" \
				    $(line "$s") $(opt "$o") $(opt "$o")
			else
				# shellcheck disable=SC2046
				refused "$s: --$o=1" "$CMD: --$o takes no value" $(line "$s") "--$o=1"
			fi
		done
		# every option of another subcommand, after it and before it
		for o in $all; do
			case " $(own "$s") " in *" $o "*) continue ;; esac
			# shellcheck disable=SC2046
			refused "$s: --$o does not apply, after it" \
			    "$CMD: --$o does not apply to $s" $(line "$s") $(opt "$o")
			# shellcheck disable=SC2046
			refused "$s: --$o does not apply, before it" \
			    "$CMD: --$o does not apply to $s" $(opt "$o") $(line "$s")
		done
		# shellcheck disable=SC2046
		refused "$s: an unknown option" "$CMD: --bogus: no such option" \
		    $(line "$s") --bogus
		# shellcheck disable=SC2046
		refused "$s: an unknown letter" "$CMD: -x: no such option" $(line "$s") -x
		# the subcommand's help: its own options and the global ones
		want=$(echo "$(own "$s") $globals help version" | tr ' ' '\n' | grep . | sort -u |
		    tr '\n' ' ')
		run "$CMD" "$s" --help
		got=$(sed -n 's/^  \(-[a-z], \)\{0,1\}--\([a-z-]*\)\([ =[].*\)\{0,1\}$/\2/p' out |
		    sort -u | tr '\n' ' ')
		is "$s --help: exit 0, lists its options" "$rc|$got" "0|$want"
	done

	# a bad value of each option that checks its value
	while IFS='|' read -r o val msg s; do
		[ -n "$o" ] || continue
		# shellcheck disable=SC2046
		refused "$s: --$o $val is refused" "$msg" $(line "$s") "--$o" "$val"
	done <<EOF
$bad
EOF

	# -q and -v are --quiet and --verbose; an unambiguous abbreviation works
	# shellcheck disable=SC2046
	accepted "-q -v" -q -v $(line "${subs%% *}")
	# shellcheck disable=SC2046
	accepted "--qui --verb (abbreviated)" --qui --verb $(line "${subs%% *}")
	# shellcheck disable=SC2046
	refused "--bogus before the subcommand" "$CMD: --bogus: no such option" \
	    --bogus $(line "${subs%% *}")
	refused "no subcommand" "$CMD: $list?"
	refused "an unknown subcommand" "$CMD: \"nope\" is not $list" nope
	run "$CMD" --help
	is "--help: exit 0, the usage first" "$rc|$(head -n 1 out | cut -d' ' -f1-2)" "0|usage: $CMD"
	run "$CMD" -h
	is "-h is --help" "$rc|$(head -n 1 out | cut -d' ' -f1-2)" "0|usage: $CMD"
	run "$CMD" --version
	is "--version: exit 0, the command's version first" "$rc|$(head -n 1 out)" \
	    "0|$CMD (stripboard) $(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"/\1/p' \
	    "$top_builddir/config.h")"
	if sed -n 2p out | grep -q '^libstripboard ' && sed -n 3p out | grep -q '^SQLite '; then
		ok "--version: then libstripboard's and SQLite's"
	else not_ok "--version: then libstripboard's and SQLite's"; fi
	run "$CMD" --version=1
	is "--version takes no value" "$rc|$(head -n 1 err)" "2|$CMD: --version takes no value"
	check "the database the test made is as it was" test "$(snap "$DB")" = "$snap"
}
