/*
 * store_row.c - what the writers of every table share: stepping an INSERT
 * and telling a refused row from a failed database.
 */
#include <config.h>

#include "store.h"

int
store_insert_done(sb_ctx *ctx, sb_st *st, const char *what, int64_t *id_out)
{
	if (sb_step(st) != SQLITE_DONE)
		return sb_sqlerr(ctx, what);
	if (id_out != NULL)
		*id_out = sb_last_id(ctx);
	return SB_OK;
}

int
store_constraint(sb_ctx *ctx)
{
	int rc = sb_errcode(ctx);

	return (rc & 0xff) == SQLITE_CONSTRAINT ? rc : 0;
}
