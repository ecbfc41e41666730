#!/bin/sh
# symbols.sh - libstripboard.so exports the functions of stripboard.h and
# nothing else (docs/architecture.md, "The public interface").
#
# The exports come from the shared library's dynamic symbol table ($NM -D);
# the functions from the compiler's reading of the header ($CC -E), never
# from lib/mkexports.awk, which writes the export list: the two readings
# cannot agree by sharing a mistake.  The comparison and the header reading
# are tried on doctored inputs too, so this test is seen to fail.
. "$top_srcdir/tests/cli/lib.sh"
nm=${NM:-nm}
cc=${CC:-cc}
header="$top_srcdir/lib/stripboard.h"
la="$top_builddir/lib/libstripboard.la"

# the shared library libtool built: lib/.libs/ and the .la's dlname
[ -f "$la" ] || { echo "Bail out! no $la: build first"; exit 99; }
dlname=$(sed -n "s/^dlname='\(.*\)'\$/\1/p" "$la")
if [ -z "$dlname" ]; then
	echo "1..0 # SKIP no shared library (configured with --disable-shared)"
	exit 0
fi
so="$top_builddir/lib/.libs/$dlname"

# exports SO: the names of the defined dynamic symbols of SO, sorted
exports() {
	$nm -D --defined-only "$1" >nm.out || return 1
	awk 'NF >= 3 { s = $NF; sub(/@.*/, "", s); print s }' nm.out | LC_ALL=C sort -u
}

# functions HEADER: the functions HEADER declares, sorted.  The compiler
# does the preprocessing (comments, conditionals, macros); of its output
# only the lines of HEADER itself count (the line markers say whose a line
# is).  Bodies of structs and enums go; each remaining declaration that is
# not a typedef and has a "(" declares the identifier before its first "(".
functions() {
	base=$(basename "$1")
	$cc -E -x c "$1" >cpp.out || return 1
	awk -v base="$base" '
		/^# *[0-9]+ "/ { f = $0; sub(/^[^"]*"/, "", f); sub(/".*/, "", f)
		                 n = length(f) - length(base)
		                 mine = (n >= 0 && substr(f, n + 1) == base &&
		                         (n == 0 || substr(f, n, 1) == "/")); next }
		/^#/ { next }
		mine' cpp.out |
	tr '\n\t' '  ' |
	sed -e ':a' -e 's/{[^{}]*}/ /g' -e 'ta' |
	tr ';' '\n' |
	grep -v -E '^[[:space:]]*typedef[[:space:]]' |
	sed -n 's/^[^(]*[^A-Za-z0-9_]\([A-Za-z_][A-Za-z0-9_]*\)[[:space:]]*(.*/\1/p' |
	LC_ALL=C sort -u
}

# compare DECLARED EXPORTED: silent and true when the two lists are the
# same; otherwise each difference on a line of its own, and false
compare() {
	LC_ALL=C comm -13 "$1" "$2" | sed 's/^/exported but not declared in stripboard.h: /' >diff.out
	LC_ALL=C comm -23 "$1" "$2" | sed 's/^/declared in stripboard.h but not exported: /' >>diff.out
	[ ! -s diff.out ]
}

# diag FILE: FILE as TAP comments
diag() { sed 's/^/# /' "$1"; }

# 1: the header reading, on a header that tries to fool it
cat >sample.h <<'EOF'
#ifndef SAMPLE_H
#define SAMPLE_H
#include <stdio.h>
#ifdef __cplusplus
extern "C" {
#endif
/* sb_in_comment(void); is no function */
#define SB_MACRO(x) sb_in_macro(x)
#if 0
int sb_compiled_out(void);
#endif
typedef void (*sb_callback)(void *arg);
typedef struct sb_thing sb_thing;
struct sb_opts {
	void (*warn)(void *arg, const char *message);
	int (*sb_member)(int);
	struct { int x; } inner;
};
enum sb_kind { SB_A = (1 << 0), SB_B };
const char *sb_one(void);
sb_thing *
sb_two(int a,
    void (*cb)(void *arg), const struct sb_opts *opts);
int sb_three (FILE *out);  int sb_four(void);
#ifdef __cplusplus
}
#endif
#endif
EOF
printf '%s\n' sb_four sb_one sb_three sb_two >sample.want
if functions sample.h >sample.got 2>err && cmp -s sample.want sample.got; then
	ok "the compiler's reading of a tricky header finds its four functions"
else
	not_ok "the compiler's reading of a tricky header finds its four functions"
	diff sample.want sample.got | diag /dev/stdin
fi

# 2-3: both lists read
if functions "$header" >declared 2>err && grep -qx sb_ctx_new declared &&
    grep -qx sb_import declared; then
	ok "stripboard.h declares $(wc -l <declared | tr -d ' ') functions"
else
	not_ok "reading the functions of stripboard.h with $cc -E"
fi
if exports "$so" >exported 2>err && grep -qx sb_ctx_new exported; then
	ok "$dlname exports $(wc -l <exported | tr -d ' ') symbols"
else
	not_ok "reading the dynamic symbols of $so with $nm -D"
fi

# 4: the check itself
if compare declared exported; then
	ok "$dlname exports exactly the functions of stripboard.h"
else
	not_ok "$dlname exports exactly the functions of stripboard.h"
	diag diff.out
fi

# 5-6: the comparison fails, naming the symbol, when the lists differ: a
# private function that leaks, a public one that is not exported
{ cat exported; echo sb_private_helper; } | LC_ALL=C sort >doctored
if ! compare declared doctored &&
    grep -qx 'exported but not declared in stripboard.h: sb_private_helper' diff.out; then
	ok "a leaked private function is caught and named"
else
	not_ok "a leaked private function is caught and named"
	diag diff.out
fi
grep -vx sb_ctx_new exported >doctored
if ! compare declared doctored &&
    grep -qx 'declared in stripboard.h but not exported: sb_ctx_new' diff.out; then
	ok "a public function missing from the exports is caught and named"
else
	not_ok "a public function missing from the exports is caught and named"
	diag diff.out
fi

done_testing
