#!/bin/sh
# t0016-layers: the files of lib/ call only down the layers and never in a
# circle (tests/tools/layers.sh, docs/architecture.md "Layers"); and the
# check fails, naming files and symbols, on graphs that break either rule.
. "$top_srcdir/tests/cli/lib.sh"

layers="$top_srcdir/tests/tools/layers.sh"

# The library's objects, as automake lists them (make check passes them):
# only the files of the library now, never a stale object of a renamed one.
: "${SB_LIB_OBJECTS:?run through make check}"
objs=
for o in $SB_LIB_OBJECTS; do
	objs="$objs $top_builddir/$o"
done

# The table is real: nm read every object, definitions and uses alike.
# shellcheck disable=SC2086
run sh "$layers" -p $objs
if [ "$rc" -eq 0 ] && grep -q '^db D sb_begin$' out &&
    grep -q '^op_import U sb_commit$' out &&
    grep -q '^base_util D sb_buf_init$' out &&
    [ "$(cut -d' ' -f1 out | sort -u | wc -l)" -eq "$(echo $objs | wc -w)" ]; then
	ok "the symbol table of every object of the library"
else
	not_ok "the symbol table of every object of the library"
fi

# shellcheck disable=SC2086
run sh "$layers" $objs
if [ "$rc" -eq 0 ] && [ ! -s out ]; then
	ok "lib/ calls only down the layers, with no circle"
else
	not_ok "lib/ calls only down the layers, with no circle (exit $rc)"
fi

# Fake graphs: what the check must refuse.
cat > good <<'EOF'
base_util D sb_buf_init
base_ctx D sb_err
base_ctx U sb_buf_init
db D sb_begin
db U sb_err
store_board D sb_board_open
store_board U sb_begin
prod D sb_prod_init
prod U sb_board_open
fmt_uss_read D sb_uss_read
fmt_uss_read U sb_prod_init
fmt_uss_read U sb_err
op_move D sb_move
op_import D sb_import
op_import U sb_uss_read
op_import U sb_move
op_import U printf
EOF
expect_status 0 "a graph that calls only down passes" sh "$layers" -g good

cp good up
echo "base_ctx U sb_begin" >> up
expect_status 1 "a base file calling db fails" sh "$layers" -g up
out_has "lib/base_ctx.c (base) calls sb_begin of lib/db.c (db): a layer above it" &&
    ok "... naming the files, layers and symbol" || not_ok "... naming the files, layers and symbol"

cp good up2
printf 'fmt_uss_read U sb_import\nfmt_uss_read U sb_move\n' >> up2
expect_status 1 "a reader calling an operation fails" sh "$layers" -g up2
out_has "lib/fmt_uss_read.c (fmt) calls sb_import of lib/op_import.c (op)" &&
    out_has "lib/fmt_uss_read.c (fmt) calls sb_move of lib/op_move.c (op)" &&
    out_has "a circle of 2 files" &&
    out_has "lib/fmt_uss_read.c -(sb_import)-> lib/op_import.c -(sb_uss_read)-> lib/fmt_uss_read.c" &&
    ok "... naming each use, and the circle it makes" ||
    not_ok "... naming each use, and the circle it makes"

cp good circle
echo "op_move U sb_import" >> circle
expect_status 1 "two files of one layer calling each other fail" sh "$layers" -g circle
out_has "a circle of 2 files" && out_has "-(sb_move)->" && out_has "-(sb_import)->" &&
    ! out_has "a layer above" &&
    ok "... naming the circle and its symbols" || not_ok "... naming the circle and its symbols"

cat > circle3 <<'EOF'
fmt_a D a
fmt_b D b
fmt_c D c
fmt_d D d
fmt_a U b
fmt_b U c
fmt_c U a
fmt_d U a
EOF
expect_status 1 "a circle of three files fails" sh "$layers" -g circle3
out_has "a circle of 3 files" && ! out_has "fmt_d.c -(" &&
    ok "... and names the three, not the file that only calls into it" ||
    not_ok "... and names the three, not the file that only calls into it"

cp good noprefix
echo "util D sb_util" >> noprefix
expect_status 1 "a file with no layer prefix fails" sh "$layers" -g noprefix
out_has "lib/util.c: no layer prefix" && ok "... naming it" || not_ok "... naming it"

printf 'base_a D x\nnonsense\n' > badline
expect_status 2 "a malformed table is a usage error" sh "$layers" -g badline
: > empty
expect_status 1 "an empty table fails: nothing was checked" sh "$layers" -g empty
expect_status 2 "an object nm cannot read is an error" sh "$layers" good

done_testing
