/*
 * fuzz_fdx.c - libFuzzer harness of the .fdx reader: parse the bytes into
 * a production in memory, never touching a database, and free it.  Any
 * status is fine; a crash, a leak or undefined behaviour is not.  The
 * harness is fuzz_sex.c's with another parser.
 *
 *	clang -g -O1 -fsanitize=fuzzer,address,undefined -I lib -I . \
 *	    tests/fuzz/fuzz_fdx.c lib/.libs/libstripboard.a \
 *	    $(pkg-config --libs sqlite3 libxml-2.0 jansson zlib) -lcsv -lm
 */
#define FUZZ_PARSE sb_fdx_parse
#define FUZZ_NAME "fuzz.fdx"
#include "fuzz_sex.c"
