/*
 * store_row.c - what the writers of every table share: stepping an INSERT
 * and telling a refused row from a failed database.
 */
#include <config.h>

#include "json_priv.h"
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

void
store_col_json(struct sb_buf *b, sb_st *st, int i)
{
	switch (sb_col_type(st, i)) {
	case SQLITE_NULL:
		sb_buf_puts(b, "null");
		break;
	case SQLITE_INTEGER:
		sb_buf_printf(b, "%lld", (long long)sb_col_int64(st, i));
		break;
	default:
		sb_json_quote(b, (const char *)sb_col_text(st, i));
		break;
	}
}

int
store_insert_set(sb_ctx *ctx, const char *sql, int64_t id, const char *set,
    int64_t version, const char *what)
{
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_text(st, 2, set);
	sb_bind_int64(st, 3, version > 0 ? version : 1);
	return store_insert_done(ctx, st, what, NULL);
}

int
store_constraint(sb_ctx *ctx)
{
	int rc = sb_errcode(ctx);

	return (rc & 0xff) == SQLITE_CONSTRAINT ? rc : 0;
}

/*
 * Rows in statements of 16, 8, 4, 2 and 1 rows, as n is written in binary
 * (one statement a row costs SQLite more than the row itself).  Callers
 * write INSERT OR IGNORE: a statement of several rows that may fail
 * halfway keeps a journal of the pages it changes, to undo only itself
 * (twice the writes, and a temporary file); *written (the rows inserted)
 * tells them whether a row was left out.
 */
int
store_insert_rows(sb_ctx *ctx, const char *const sql[STORE_ROWS_STMTS],
    size_t n, void (*bind)(sb_st *st, int param, size_t i, void *arg),
    void *arg, int64_t *written)
{
	size_t at = 0;

	*written = 0;
	for (int k = STORE_ROWS_STMTS - 1; k >= 0; k--) {
		size_t rows = (size_t)1 << k;

		while (n - at >= rows) {
			sb_st *st = sb_stmt(ctx, sql[k]);
			int cols;

			if (st == NULL)
				return SB_EFAIL;
			cols = sb_bind_count(st) >> k;

			for (size_t i = 0; i < rows; i++)
				bind(st, 1 + (int)i * cols, at + i, arg);
			if (sb_step(st) != SQLITE_DONE)
				return SB_EFAIL;
			*written += sb_changes(ctx);
			at += rows;
		}
	}
	return SB_OK;
}
