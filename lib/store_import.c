/*
 * store_import.c - the temporary tables a streaming import keeps what its
 * records say of each other in, until the records they name are in
 * (lib/fmt_uss_read.c): uss_link (a breakdown's element ids), uss_item
 * (the strips of the stripboards' lists) and uss_spool (elements read
 * before their categories).  They live in the connection's temporary
 * database, not in memory, and go at the end of the import.
 */
#include <config.h>

#include "store.h"

int
store_import_tables(sb_ctx *ctx, int drop)
{
	static const char *const make[] = {
		"CREATE TEMP TABLE IF NOT EXISTS uss_link (seq INTEGER PRIMARY KEY,"
		" strip_id INTEGER NOT NULL, j INTEGER NOT NULL, uid TEXT NOT NULL)",
		"CREATE TEMP TABLE IF NOT EXISTS uss_item (seq INTEGER PRIMARY KEY,"
		" ids INTEGER NOT NULL, d INTEGER NOT NULL, j INTEGER NOT NULL,"
		" kind INTEGER NOT NULL, n INTEGER, text TEXT)",
		"CREATE TEMP TABLE IF NOT EXISTS uss_spool (i INTEGER PRIMARY KEY,"
		" text TEXT NOT NULL)",
		"DELETE FROM uss_link", "DELETE FROM uss_item", "DELETE FROM uss_spool",
	};
	static const char *const gone[] = {
		"DROP TABLE uss_link", "DROP TABLE uss_item", "DROP TABLE uss_spool",
	};
	int rc;

	for (size_t k = 0; k < (drop ? 3u : 6u); k++)
		if ((rc = sb_exec(ctx, drop ? gone[k] : make[k])) != SB_OK)
			return rc;
	return SB_OK;
}

struct links {
	int64_t seq, strip;
	const char *const *uid;
};

static void
bind_link(sb_st *st, int param, size_t j, void *arg)
{
	const struct links *l = arg;

	sb_bind_int64(st, param, l->seq + (int64_t)j);
	sb_bind_int64(st, param + 1, l->strip);
	sb_bind_int64(st, param + 2, (int64_t)j);
	sb_bind_text(st, param + 3, l->uid[j]);
}

int
store_import_link_add(sb_ctx *ctx, int64_t seq, int64_t strip,
    const char *const *uid, size_t n)
{
	static const char *const sql[STORE_ROWS_STMTS] = { STORE_ROWS_SQL(
	    "INSERT OR IGNORE INTO uss_link (seq, strip_id, j, uid) VALUES ",
	    "(?, ?, ?, ?)") };
	struct links l = { seq, strip, uid };
	int64_t written;

	if (sb_deferring(ctx)) /* a server: sent without waiting */
		return store_insert_rows_later(ctx, sql, n, bind_link, &l, "element link");
	if (store_insert_rows(ctx, sql, n, bind_link, &l, &written) != SB_OK)
		return sb_sqlerr(ctx, "element link");
	if (written != (int64_t)n)
		return sb_err(ctx, SB_EFAIL, "internal error: element link %lld "
		    "written twice", (long long)seq);
	return SB_OK;
}

static void
bind_item(sb_st *st, int param, size_t i, void *arg)
{
	const struct sb_item *it = (const struct sb_item *)arg + i;

	sb_bind_int64(st, param, it->seq);
	sb_bind_int(st, param + 1, it->ids);
	sb_bind_int64(st, param + 2, it->d);
	sb_bind_int64(st, param + 3, it->j);
	sb_bind_int(st, param + 4, it->kind);
	if (it->n >= 0)
		sb_bind_int64(st, param + 5, it->n);
	else
		sb_bind_null(st, param + 5);
	sb_bind_text_static(st, param + 6, it->text); /* stepped (or copied) there */
}

int
store_import_items_add(sb_ctx *ctx, const struct sb_item *it, size_t n)
{
	static const char *const sql[STORE_ROWS_STMTS] = { STORE_ROWS_SQL(
	    "INSERT INTO uss_item (seq, ids, d, j, kind, n, text) VALUES ",
	    "(?, ?, ?, ?, ?, ?, ?)") };
	int64_t written;

	if (sb_deferring(ctx)) /* a server: sent without waiting */
		return store_insert_rows_later(ctx, sql, n, bind_item, (void *)it,
		    "stripboard");
	if (store_insert_rows(ctx, sql, n, bind_item, (void *)it, &written) != SB_OK)
		return sb_sqlerr(ctx, "stripboard");
	if (written != (int64_t)n)
		return sb_err(ctx, SB_EFAIL, "internal error: %lld of %zu list items "
		    "written", (long long)written, n);
	return SB_OK;
}

int
store_import_spool_add(sb_ctx *ctx, int64_t i, const char *text)
{
	static const char sql[] = "INSERT INTO uss_spool (i, text) VALUES (?1, ?2)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, i);
	sb_bind_text(st, 2, text);
	return store_insert_done(ctx, st, "elements", NULL);
}
