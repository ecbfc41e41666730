/*
 * sb_open - open a database for writing as sb-import does (SB_OPEN_CREATE,
 * SB_OPEN_SERVER): make it, or migrate it, with the library's own
 * migrations; then close it.  The PostgreSQL test suite makes its
 * template database so (tests/cli/pg.sh, pg_template): every database a
 * test makes is then a copy of one the library migrated, instead of
 * running the migrations again for each.
 *
 * usage: sb_open DB   (exit 0, else the library's status and message)
 */
#include <config.h>

#include <stdio.h>

#include "stripboard.h"

int
main(int argc, char *argv[])
{
	sb_ctx *ctx;
	int rc;

	if (argc != 2) {
		fputs("usage: sb_open DB\n", stderr);
		return 2;
	}
	if ((ctx = sb_ctx_new()) == NULL) {
		fputs("sb_open: out of memory\n", stderr);
		return 1;
	}
	if ((rc = sb_open(ctx, argv[1], SB_OPEN_CREATE | SB_OPEN_SERVER)) != SB_OK)
		fprintf(stderr, "sb_open: %s\n", sb_errmsg(ctx));
	sb_ctx_free(ctx);
	return rc;
}
