/*
 * store_row.c - what the writers of every table share: stepping an INSERT
 * and telling a refused row from a failed database.
 */
#include <config.h>

#include "store.h"

int
store_insert_done(sb_ctx *ctx, sqlite3_stmt *st, const char *what, int64_t *id_out)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		return sb_sqlerr(ctx, what);
	if (id_out != NULL)
		*id_out = sqlite3_last_insert_rowid(ctx->db);
	return SB_OK;
}

int
store_constraint(sb_ctx *ctx)
{
	int rc = ctx->db != NULL ? sqlite3_extended_errcode(ctx->db) : SQLITE_OK;

	return (rc & 0xff) == SQLITE_CONSTRAINT ? rc : 0;
}
