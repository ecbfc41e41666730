/*
 * store_row.c - what the writers of every table share: stepping an INSERT
 * and telling a refused row from a failed database.
 */
#include <config.h>

#include <stdlib.h>

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
store_bind_json(sb_st *st, int idx, json_t *v)
{
	char *text, num[40];
	int rc;

	if (v == NULL || json_is_null(v))
		return sb_bind_null(st, idx);
	if (json_is_integer(v))
		return sb_bind_int64(st, idx, (int64_t)json_integer_value(v));
	if (json_is_boolean(v))
		return sb_bind_int64(st, idx, json_is_true(v) ? 1 : 0);
	if (json_is_string(v))
		return sb_bind_text(st, idx, json_string_value(v));
	if (json_is_real(v)) {
		snprintf(num, sizeof(num), "%.17g", json_real_value(v));
		return sb_bind_text(st, idx, num);
	}
	if ((text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		return SQLITE_NOMEM;
	rc = sb_bind_text(st, idx, text);
	free(text);
	return rc;
}

int
store_insert_json(sb_ctx *ctx, const char *sql, int64_t id, const char *json,
    const char *const *cols, int pair, int64_t version, const char *what)
{
	json_error_t jerr;
	json_t *obj = json_loads(json, JSON_DECODE_ANY, &jerr);
	sb_st *st;
	int i, rc = SB_OK;

	if (!json_is_object(obj)) {
		json_decref(obj);
		return sb_err(ctx, SB_EDATA, "%s: the row to put back is not a JSON object",
		    what);
	}
	if ((st = sb_stmt(ctx, sql)) == NULL) {
		json_decref(obj);
		return SB_EFAIL;
	}
	sb_bind_int64(st, 1, id);
	for (i = 0; cols[i] != NULL && rc == SB_OK; i++) {
		json_t *v = json_object_get(obj, cols[i]);

		if (store_bind_json(st, i + 2, pair ? json_array_get(v, 0) : v) != SQLITE_OK)
			rc = sb_err(ctx, SB_EFAIL, "out of memory");
	}
	if (rc == SB_OK && version > 0)
		sb_bind_int64(st, i + 2, version);
	if (rc == SB_OK)
		rc = store_insert_done(ctx, st, what, NULL);
	else
		sb_reset(st);
	json_decref(obj);
	return rc;
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

/*
 * store_insert_rows() for rows that must all be written, on a server in a
 * bulk load (sb_deferring()): each statement sent without waiting for its
 * result (sb_write_later()), which must be its rows, checked when the
 * results are read.  The file's branch of callers stays store_insert_rows().
 */
int
store_insert_rows_later(sb_ctx *ctx, const char *const sql[STORE_ROWS_STMTS],
    size_t n, void (*bind)(sb_st *st, int param, size_t i, void *arg),
    void *arg, const char *what)
{
	size_t at = 0;

	for (int k = STORE_ROWS_STMTS - 1; k >= 0; k--) {
		size_t rows = (size_t)1 << k;

		while (n - at >= rows) {
			sb_st *st = sb_stmt(ctx, sql[k]);
			int cols, rc;

			if (st == NULL)
				return SB_EFAIL;
			cols = sb_bind_count(st) >> k;
			for (size_t i = 0; i < rows; i++)
				bind(st, 1 + (int)i * cols, at + i, arg);
			if ((rc = sb_write_later(ctx, st, what, (int64_t)rows)) != SB_OK)
				return rc;
			at += rows;
		}
	}
	return SB_OK;
}

int
store_each_id(sb_ctx *ctx, const char *sql, const char *what,
    int (*fn)(sb_ctx *ctx, int64_t id))
{
	sb_st *st = sb_stmt(ctx, sql);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		void *p = sb_grow(ids, &cap, n, 8, sizeof(*ids));

		if (p == NULL) {
			sb_reset(st);
			free(ids);
			return sb_err(ctx, SB_EFAIL, "out of memory");
		}
		ids = p;
		ids[n++] = sb_col_int64(st, 0);
	}
	sb_reset(st);
	rc = rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, what);
	for (size_t i = 0; i < n && rc == SB_OK; i++)
		rc = fn(ctx, ids[i]);
	free(ids);
	return rc;
}
