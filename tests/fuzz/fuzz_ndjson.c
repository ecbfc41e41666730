/*
 * fuzz_ndjson.c - libFuzzer harness of the NDJSON reader: import the bytes into a
 * copy of a database in memory and check that a refused input changed
 * nothing and an accepted one wrote what its summary says (fuzz_import.h).
 */
#define FUZZ_FORMAT SB_FMT_NDJSON
#define FUZZ_NAME "fuzz.ndjson"
#include "fuzz_import.h"
