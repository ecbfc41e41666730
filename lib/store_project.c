/*
 * store_project.c - finding the production a command works on, and the
 * writers of its row.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "store.h"

static int cascade(sb_ctx *ctx, const char *table, const char *cond,
    int64_t project_id, int depth);

int
sb_project_find(sb_ctx *ctx, const char *name, int64_t *project_id)
{
	static const char by_name[] = "SELECT id FROM project WHERE name = ?1";
	static const char any[] = "SELECT id FROM project ORDER BY id LIMIT 2";
	sb_st *st = sb_stmt(ctx, name != NULL ? by_name : any);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	if (name != NULL)
		sb_bind_text(st, 1, name);
	rc = sb_step(st);
	if (rc != SQLITE_ROW)
		sb_reset(st);
	if (rc == SQLITE_DONE) {
		if (name != NULL)
			return sb_err(ctx, SB_ENOTFOUND, "%s: no project called \"%s\"",
			    ctx->path, name);
		return sb_err(ctx, SB_ENOTFOUND, "%s: no project yet (sb-import adds one)",
		    ctx->path);
	}
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, ctx->path);
	*project_id = sb_col_int64(st, 0);
	if (name == NULL) {
		rc = sb_step(st);
		sb_reset(st);
		if (rc == SQLITE_ROW)
			return sb_err(ctx, SB_EUSAGE, "%s: holds several projects; "
			    "name one with --project", ctx->path);
		if (rc != SQLITE_DONE)
			return sb_sqlerr(ctx, ctx->path);
	}
	sb_reset(st);
	return SB_OK;
}

int
store_project_insert(sb_ctx *ctx, const struct sb_row_project *r, int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO project (id, name, uid, title, meta, active_board_id,"
	    " created_at, version) VALUES (?1, ?2, ?3, ?4, coalesce(?5, '{}'), ?6, ?7, ?8)";
	/* a new id: the column's own (PostgreSQL's identity does not take NULL) */
	static const char sql_new[] =
	    "INSERT INTO project (name, uid, title, meta, active_board_id,"
	    " created_at, version) VALUES (?2, ?3, ?4, coalesce(?5, '{}'), ?6, ?7, ?8)";
	sb_st *st = sb_stmt(ctx, r->id != 0 ? sql : sql_new);

	if (st == NULL)
		return SB_EFAIL;
	if (r->id != 0)
		sb_bind_int64(st, 1, r->id);
	sb_bind_text(st, 2, r->name);
	sb_bind_text(st, 3, r->uid);
	sb_bind_text(st, 4, r->title);
	sb_bind_text(st, 5, r->meta);
	store_bind_int(st, 6, r->active_board_id != 0, r->active_board_id);
	sb_bind_text(st, 7, r->created_at);
	sb_bind_int64(st, 8, r->version > 0 ? r->version : 1);
	return store_insert_done(ctx, st, "project", id_out);
}

int
store_project_delete(sb_ctx *ctx, int64_t id)
{
	sb_st *st;

	if (ctx->fk_off)
		return cascade(ctx, "project", "id = ?1", id, 0);
	st = sb_stmt(ctx, "DELETE FROM project WHERE id = ?1");
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "replace project");
}

int
store_project_set_header(sb_ctx *ctx, int64_t id, const char *name,
    const char *uid, const char *title, const char *meta)
{
	static const char sql[] = "UPDATE project SET name = ?2, uid = ?3,"
	    " title = ?4, meta = ?5 WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_text(st, 2, name);
	sb_bind_text(st, 3, uid);
	sb_bind_text(st, 4, title);
	sb_bind_text(st, 5, meta);
	return sb_step_done(ctx, st, "project");
}

int
store_project_set_active_board(sb_ctx *ctx, int64_t id, int64_t board)
{
	static const char sql[] = "UPDATE project SET active_board_id = ?1 WHERE id = ?2";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	store_bind_int(st, 1, board != 0, board);
	sb_bind_int64(st, 2, id);
	return sb_step_done(ctx, st, "active board");
}

/* Run one statement of a cascade, ?1 bound to the project's id. */
static int
cascade_run(sb_ctx *ctx, struct sb_buf *sql, int64_t project_id)
{
	sqlite3_stmt *st;
	int rc;

	if (sql->failed)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	if (sqlite3_prepare_v2(ctx->db, sb_buf_str(sql), -1, &st, NULL) != SQLITE_OK)
		return sb_sqlerr(ctx, "replace project");
	sqlite3_bind_int64(st, 1, project_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "replace project");
}

/*
 * A bulk import runs with SQLite's foreign keys off (lib/op_import.c): it
 * writes only rows whose parents it wrote or found itself, and checking
 * each link cost more than the rest of the insert.  Replacing a project
 * then cannot rely on ON DELETE: do what the schema's foreign keys say,
 * read from the schema itself (so that a table a later migration adds is
 * followed too), children first; strip before element, so that a strip's
 * links go by their primary key.  cond selects the rows of table to go,
 * with ?1 the project's id.
 */
struct kid {
	char *name, *from, *to;
	int set_null;
};

static int
cascade(sb_ctx *ctx, const char *table, const char *cond, int64_t project_id,
    int depth)
{
	static const char kids[] =
	    "SELECT m.name, f.\"from\", coalesce(f.\"to\", 'rowid'), f.on_delete"
	    " FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
	    " WHERE m.type = 'table' AND f.\"table\" = ?1 ORDER BY m.name DESC, f.id";
	struct kid *k = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st = NULL;
	struct sb_buf sql;
	int rc, oom = 0;

	if (depth > 16)
		return sb_err(ctx, SB_EFAIL, "replace project: foreign keys nest "
		    "too deep");
	if (sqlite3_prepare_v2(ctx->db, kids, -1, &st, NULL) != SQLITE_OK)
		return sb_sqlerr(ctx, "replace project");
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *od = (const char *)sqlite3_column_text(st, 3);
		struct kid *p;

		/* NO ACTION and RESTRICT: nothing to do (none in the schema) */
		if (od == NULL || (strcmp(od, "CASCADE") != 0 &&
		    strcmp(od, "SET NULL") != 0))
			continue;
		if (n == cap) {
			p = realloc(k, (cap = cap != 0 ? cap * 2 : 8) * sizeof(*k));
			if (p == NULL) {
				oom = 1;
				break;
			}
			k = p;
		}
		k[n].name = sb_strdup((const char *)sqlite3_column_text(st, 0));
		k[n].from = sb_strdup((const char *)sqlite3_column_text(st, 1));
		k[n].to = sb_strdup((const char *)sqlite3_column_text(st, 2));
		k[n].set_null = strcmp(od, "SET NULL") == 0;
		n++;
		if (k[n - 1].name == NULL || k[n - 1].from == NULL ||
		    k[n - 1].to == NULL) {
			oom = 1;
			break;
		}
	}
	sqlite3_finalize(st);
	if (oom)
		rc = sb_err(ctx, SB_EFAIL, "out of memory");
	else
		rc = rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "replace project");
	sb_buf_init(&sql);
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		sb_buf_free(&sql);
		sb_buf_init(&sql);
		sb_buf_printf(&sql, "\"%s\" IN (SELECT \"%s\" FROM \"%s\" WHERE %s)",
		    k[i].from, k[i].to, table, cond);
		if (sql.failed) {
			rc = sb_err(ctx, SB_EFAIL, "out of memory");
		} else if (k[i].set_null) {
			struct sb_buf upd;

			sb_buf_init(&upd);
			sb_buf_printf(&upd, "UPDATE \"%s\" SET \"%s\" = NULL WHERE %s",
			    k[i].name, k[i].from, sb_buf_str(&sql));
			rc = cascade_run(ctx, &upd, project_id);
			sb_buf_free(&upd);
		} else if (strcmp(k[i].name, table) != 0) {
			rc = cascade(ctx, k[i].name, sb_buf_str(&sql), project_id,
			    depth + 1);
		}
	}
	if (rc == SB_OK) {
		sb_buf_free(&sql);
		sb_buf_init(&sql);
		sb_buf_printf(&sql, "DELETE FROM \"%s\" WHERE %s", table, cond);
		rc = cascade_run(ctx, &sql, project_id);
	}
	sb_buf_free(&sql);
	for (size_t i = 0; i < n; i++) {
		free(k[i].name);
		free(k[i].from);
		free(k[i].to);
	}
	free(k);
	return rc;
}
