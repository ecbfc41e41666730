#!/bin/sh
# sb-reorder's options, subcommand by subcommand: every option of another
# subcommand is refused on each one, before and after the subcommand; every
# conflicting pair is refused, in both orders; an option with a value given
# twice is refused.  Each refusal exits 2, names the options (and the
# subcommand) and leaves the database byte for byte as it was.  The tables
# below are the manual's, written out here rather than read from the
# command, so a table in bin/sb-reorder.c that drifts fails the test.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
printf 'strip_id,day\n5e2dd860fb4b29001719681c,5\n' > moves.csv

subs="move batch sort"
globals="db project board quiet verbose help version"
# own SUB: the options of the subcommand
own() {
	case $1 in
	move) echo "to boneyard after before first last if-version" ;;
	batch) echo "atomic" ;;
	sort) echo "day days boneyard by" ;;
	esac
}
# base SUB: a command line the subcommand accepts, and that changes the board
base() {
	case $1 in
	move) echo "move 17 --to 3" ;;
	batch) echo "batch moves.csv" ;;
	sort) echo "sort --day 9 --by set,-pages" ;;
	esac
}
# bare SUB: the subcommand with its operands, without the options tested
bare() {
	case $1 in
	move) echo "move 17" ;;
	batch) echo "batch moves.csv" ;;
	sort) echo "sort --by scene" ;;
	esac
}
# opt NAME: the option with a value it takes (a flag alone)
opt() {
	case $1 in
	to) echo "--to 3" ;;
	after|before) echo "--$1 107" ;;
	if-version) echo "--if-version 1" ;;
	day) echo "--day 3" ;;
	days) echo "--days 2-4" ;;
	by) echo "--by scene" ;;
	*) echo "--$1" ;;
	esac
}
all=$(for s in $subs; do own "$s"; done | tr ' ' '\n' | sort -u)
conflicts="move:to:boneyard move:after:before move:after:first move:after:last
move:before:first move:before:last move:first:last sort:day:days
sort:day:boneyard sort:days:boneyard"

ro() { sb-reorder --board "First Pass" "$@"; }
before=$(snapshot wl.db)
# refused DESCRIPTION MESSAGE ARGS...: sb-reorder ARGS exits 2, its first
# line on stderr is MESSAGE, and the database is as it was
refused() {
	desc=$1 msg=$2; shift 2
	run ro "$@"
	if [ "$rc" -eq 2 ] && [ "$(head -n 1 err)" = "$msg" ] &&
	    [ "$(snapshot wl.db)" = "$before" ]; then
		ok "$desc"
	else
		not_ok "$desc (exit $rc)"
		echo "#  want: $msg"
	fi
}

# every foreign option on every subcommand, after it and before it
for s in $subs; do
	for o in $all; do
		case " $(own "$s") " in *" $o "*) continue ;; esac
		# shellcheck disable=SC2046 # the words of the command line
		refused "$s: --$o is refused after it" \
		    "sb-reorder: --$o does not apply to $s" $(base "$s") $(opt "$o")
		# shellcheck disable=SC2046
		refused "$s: --$o is refused before it" \
		    "sb-reorder: --$o does not apply to $s" $(opt "$o") $(base "$s")
	done
done

# every conflicting pair, both ways round
for c in $conflicts; do
	s=${c%%:*} ab=${c#*:}
	a=${ab%%:*} b=${ab#*:}
	# shellcheck disable=SC2046
	refused "$s: --$a then --$b" "sb-reorder: --$b conflicts with --$a" \
	    $(bare "$s") $(opt "$a") $(opt "$b")
	# shellcheck disable=SC2046
	refused "$s: --$b then --$a" "sb-reorder: --$a conflicts with --$b" \
	    $(bare "$s") $(opt "$b") $(opt "$a")
done

# an option with a value, twice
for s in $subs; do
	for o in $(own "$s"); do
		case $(opt "$o") in *" "*) ;; *) continue ;; esac
		# shellcheck disable=SC2046
		refused "$s: --$o twice" "sb-reorder: --$o given twice" \
		    $(bare "$s") $(opt "$o") $(opt "$o")
	done
done
for o in db project board; do
	refused "--$o twice" "sb-reorder: --$o given twice" --$o x --$o x move 17 --to 3
done

# the messages name the command, not where it lives
run "$top_builddir/bin/sb-reorder" --bogus move 17 --to 3
is "an unknown option, with the command's name" "$rc|$(head -n 1 err)" \
    "2|sb-reorder: --bogus: no such option"
run "$top_builddir/bin/sb-reorder" move 17 --to
is "an option without its value" "$rc|$(head -n 1 err)" "2|sb-reorder: --to needs a value"
run "$top_builddir/bin/sb-reorder" move 17 --boneyard=3
is "a flag with a value" "$rc|$(head -n 1 err)" "2|sb-reorder: --boneyard takes no value"
run "$top_builddir/bin/sb-reorder" move 17 --b 3
is "an ambiguous abbreviation lists what it could be" "$rc|$(head -n 1 err)" \
    "2|sb-reorder: --b is ambiguous: --board, --boneyard, --before, --by"
check "nothing of it was written" test "$(snapshot wl.db)" = "$before"

# the help of each subcommand, and its synopsis in sb-reorder(1), list
# exactly its options (and the help the global ones)
for s in $subs; do
	want=$(echo "$(own "$s") $globals" | tr ' ' '\n' | sort -u | tr '\n' ' ')
	got=$(sb-reorder "$s" --help | sed -n 's/^  \(-[a-z], \)\{0,1\}--\([a-z-]*\).*/\2/p' |
	    sort -u | tr '\n' ' ')
	is "sb-reorder $s --help lists its options" "$got" "$want"
	want=$(own "$s" | tr ' ' '\n' | sort -u | tr '\n' ' ')
	got=$(sed -n "/^\\.Sh SYNOPSIS/,/^\\.Sh/p" "$top_srcdir/docs/sb-reorder.1" |
	    sed -n "/^\\.Cm $s\$/,/^\\.Nm/p" | grep -o 'Fl \\-[a-z-]*' |
	    sed 's/Fl \\-//' | sort -u | tr '\n' ' ')
	is "sb-reorder(1) gives $s its options" "$got" "$want"
done

# the command lines above are accepted without the option refused: each
# changes the board
for s in $subs; do
	b=$(snapshot wl.db)
	# shellcheck disable=SC2046
	run ro $(base "$s")
	is "$(base "$s") is accepted and moves strips" "$rc|$([ "$(snapshot wl.db)" != "$b" ] && echo changed)" "0|changed"
done
expect_status 0 "a flag twice is the flag once" ro move 17 --to 4 --first --first
expect_status 0 "options before the subcommand still work" ro --to 3 --last move 17

# operands, worded as every command words them
before=$(snapshot wl.db)
refused "move takes strips" "sb-reorder: move takes STRIP..., not 0 operands" move --to 3
refused "batch takes one file at most" "sb-reorder: batch takes [FILE], not 2 operands" batch a b
refused "sort takes no operand" "sb-reorder: sort takes no operand, not 1 operand" sort 3 --by scene --day 1

done_testing
