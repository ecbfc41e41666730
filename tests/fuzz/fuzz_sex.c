/*
 * fuzz_sex.c - libFuzzer harness of the .sex reader: parse the bytes into
 * a production in memory, never touching a database, and free it.  Any
 * status is fine; a crash, a leak or undefined behaviour is not.
 *
 *	clang -g -O1 -fsanitize=fuzzer,address,undefined -I lib -I . \
 *	    tests/fuzz/fuzz_sex.c lib/.libs/libstripboard.a \
 *	    $(pkg-config --libs sqlite3 libxml-2.0 jansson zlib) -lcsv -lm
 */
#define _GNU_SOURCE
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fmt_priv.h"

#ifndef FUZZ_PARSE
#define FUZZ_PARSE sb_sex_parse
#define FUZZ_NAME "fuzz.sex"
#endif

static void
no_warn(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sb_import_opts opts;
	struct sb_import_summary sum;
	struct sb_import imp;
	struct sb_input in;
	struct sb_prod p;
	char path[64];
	sb_ctx *ctx;
	int fd;

	if ((fd = memfd_create(FUZZ_NAME, 0)) < 0)
		return 0;
	for (size_t off = 0; off < size;) {
		ssize_t n = write(fd, data + off, size - off);

		if (n <= 0) {
			close(fd);
			return 0;
		}
		off += (size_t)n;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if ((ctx = sb_ctx_new()) == NULL) {
		close(fd);
		return 0;
	}
	if (sb_input_open(ctx, path, &in) == SB_OK) {
		memset(&opts, 0, sizeof(opts));
		memset(&sum, 0, sizeof(sum));
		opts.warn = no_warn;
		memset(&imp, 0, sizeof(imp));
		imp.ctx = ctx;
		imp.in = &in;
		imp.opts = &opts;
		imp.sum = &sum;
		sb_buf_init(&imp.changes);
		sb_prod_init(&p, ctx);
		(void)FUZZ_PARSE(&imp, &p);
		sb_prod_free(&p);
		sb_buf_free(&imp.changes);
		sb_input_close(&in);
	}
	sb_ctx_free(ctx);
	close(fd);
	return 0;
}
