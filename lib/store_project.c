/*
 * store_project.c - finding the production a command works on, and the
 * writers of its row.
 */
#include <config.h>

#include "store.h"

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
	sb_st *st = sb_stmt(ctx, "DELETE FROM project WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "replace project");
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
