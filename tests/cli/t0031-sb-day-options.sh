#!/bin/sh
# sb-day's options, subcommand by subcommand: every option of another
# subcommand is refused on each one, before and after the subcommand; every
# conflicting pair is refused, in both orders; an option with a value given
# twice is refused unless it may be repeated.  Each refusal exits 2, names
# the options (and the subcommand) and leaves the database byte for byte as
# it was.  The tables below are the manual's, written out here rather than
# read from the command, so a table in bin/sb-day.c that drifts fails the
# test.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db

subs="list calendar add drop move split join"
globals="db project board quiet verbose help version"
# own SUB: the options of the subcommand
own() {
	case $1 in
	list) echo "expand from to after limit as-of format" ;;
	calendar) echo "start days-off holiday off travel work note clear if-version format" ;;
	add) echo "after first last count if-version" ;;
	drop) echo "to if-version" ;;
	move) echo "after before first last if-version" ;;
	split) echo "at if-version" ;;
	join) echo "if-version" ;;
	esac
}
# many: the options that may be given more than once
many="holiday off travel work note clear"
# base SUB: a command line the subcommand accepts (and, but for list, that
# changes the board)
base() {
	case $1 in
	list) echo "list --limit 2" ;;
	calendar) echo "calendar --holiday 2022-08-05" ;;
	add) echo "add" ;;
	drop) echo "drop 2" ;;
	move) echo "move 1 --after 3" ;;
	split) echo "split 2 --at 115a" ;;
	join) echo "join 2" ;;
	esac
}
# bare SUB: the subcommand with its operands, without the options tested
bare() {
	case $1 in
	split) echo "split 2" ;;
	list|calendar|add) echo "$1" ;;
	*) echo "$1 2" ;;
	esac
}
# opt NAME: the option with a value it takes (a flag alone)
opt() {
	case $1 in
	first|last) echo "--$1" ;;
	expand) echo "--expand=2" ;;
	to) echo "--to prev" ;;
	after|before|count|limit|if-version) echo "--$1 1" ;;
	at) echo "--at 115a" ;;
	days-off) echo "--days-off sun" ;;
	format) echo "--format csv" ;;
	note) echo "--note 2022-08-05=x" ;;
	*) echo "--$1 2022-08-05" ;;
	esac
}
all=$(for s in $subs; do own "$s"; done | tr ' ' '\n' | sort -u)
conflicts="move:after:before move:after:first move:after:last move:before:first
move:before:last move:first:last add:after:first add:after:last add:first:last"
for o in start days-off holiday off travel work note clear; do
	conflicts="$conflicts calendar:format:$o"
done
printed=": the calendar is printed only when nothing changes"

sd() { sb-day --board "First Pass" "$@"; }
before=$(snapshot wl.db)
# refused DESCRIPTION MESSAGE ARGS...: sb-day ARGS exits 2, its first line
# on stderr is MESSAGE, and the database is as it was
refused() {
	desc=$1 msg=$2; shift 2
	run sd "$@"
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
		    "sb-day: --$o does not apply to $s" $(base "$s") $(opt "$o")
		# shellcheck disable=SC2046
		refused "$s: --$o is refused before it" \
		    "sb-day: --$o does not apply to $s" $(opt "$o") $(base "$s")
	done
done

# every conflicting pair, both ways round
for c in $conflicts; do
	s=${c%%:*} ab=${c#*:}
	a=${ab%%:*} b=${ab#*:}
	why=
	[ "$s" = calendar ] && why=$printed
	# shellcheck disable=SC2046
	refused "$s: --$a then --$b" "sb-day: --$b conflicts with --$a$why" \
	    $(bare "$s") $(opt "$a") $(opt "$b")
	# shellcheck disable=SC2046
	refused "$s: --$b then --$a" "sb-day: --$a conflicts with --$b$why" \
	    $(bare "$s") $(opt "$b") $(opt "$a")
done

# an option with a value, twice
for s in $subs; do
	for o in $(own "$s"); do
		case " $many " in *" $o "*) continue ;; esac
		case $(opt "$o") in *" "*|*=*) ;; *) continue ;; esac
		# shellcheck disable=SC2046
		refused "$s: --$o twice" "sb-day: --$o given twice" \
		    $(bare "$s") $(opt "$o") $(opt "$o")
	done
done
for o in db project board; do
	refused "--$o twice" "sb-day: --$o given twice" --$o x --$o x add
done
refused "--if-version with nothing to change on the calendar" \
    "sb-day: --if-version: no change to the calendar to check" calendar --if-version 1

# the messages name the command, not where it lives
run "$top_builddir/bin/sb-day" --bogus add
is "an unknown option, with the command's name" "$rc|$(head -n 1 err)" \
    "2|sb-day: --bogus: no such option"
run "$top_builddir/bin/sb-day" split 2 --at
is "an option without its value" "$rc|$(head -n 1 err)" "2|sb-day: --at needs a value"
check "nothing of it was written" test "$(snapshot wl.db)" = "$before"

# the help of each subcommand, and its synopsis in sb-day(1), list exactly
# its options (and the help the global ones)
for s in $subs; do
	want=$(echo "$(own "$s") $globals" | tr ' ' '\n' | sort -u | tr '\n' ' ')
	got=$(sb-day "$s" --help | sed -n 's/^  \(-[a-z], \)\{0,1\}--\([a-z-]*\).*/\2/p' |
	    sort -u | tr '\n' ' ')
	is "sb-day $s --help lists its options" "$got" "$want"
	want=$(own "$s" | tr ' ' '\n' | sort -u | tr '\n' ' ')
	got=$(sed -n "/^\\.Sh SYNOPSIS/,/^\\.Sh/p" "$top_srcdir/docs/sb-day.1" |
	    sed -n "/^\\.Cm $s\$/,/^\\.Nm/p" | grep -o 'Fl \\-[a-z-]*' |
	    sed 's/Fl \\-//' | sort -u | tr '\n' ' ')
	is "sb-day(1) gives $s its options" "$got" "$want"
done

# the command lines above are accepted without the option refused: each
# but list changes the board (split before drop takes day 2's strips away)
for s in list calendar add split join move drop; do
	b=$(snapshot wl.db)
	# shellcheck disable=SC2046
	run sd $(base "$s")
	if [ "$s" = list ]; then
		is "$(base "$s") is accepted" "$rc" 0
	else
		is "$(base "$s") is accepted and changes the board" \
		    "$rc|$([ "$(snapshot wl.db)" != "$b" ] && echo changed)" "0|changed"
	fi
done
expect_status 0 "a date option given twice is two dates" \
    sd calendar --holiday 2022-08-08 --holiday 2022-08-09
expect_status 0 "options before the subcommand still work" sd --first --count 2 add
expect_status 0 "--note keeps its text" sd calendar --note 2022-08-10=Wrap
check "and the audit trail the command line as typed" \
    test "$(sql wl.db "SELECT command FROM audit ORDER BY id DESC LIMIT 1")" = \
    "sb-day --board 'First Pass' calendar --note 2022-08-10=Wrap"

# operands: what each subcommand takes, worded as every command words it
before=$(snapshot wl.db)
refused "list takes no operand" "sb-day: list takes no operand, not 1 operand" list 3
refused "drop takes a day" "sb-day: drop takes a day N, not 0 operands" drop
refused "split takes one day" "sb-day: split takes a day N, not 2 operands" split 1 2 --at 17
refused "join takes two days at most" "sb-day: join takes a day N [M], not 3 operands" join 1 2 3
done_testing
