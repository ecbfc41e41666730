/*
 * store_project.c - finding the production a command works on.
 */
#include <config.h>

#include "sb_priv.h"

int
sb_project_find(sb_ctx *ctx, const char *name, int64_t *project_id)
{
	static const char by_name[] = "SELECT id FROM project WHERE name = ?1";
	static const char any[] = "SELECT id FROM project ORDER BY id LIMIT 2";
	sqlite3_stmt *st = sb_stmt(ctx, name != NULL ? by_name : any);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	if (name != NULL)
		sb_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		if (name != NULL)
			return sb_err(ctx, SB_ENOTFOUND, "%s: no project called \"%s\"",
			    ctx->path, name);
		return sb_err(ctx, SB_ENOTFOUND, "%s: no project yet (sb-import adds one)",
		    ctx->path);
	}
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, ctx->path);
	*project_id = sqlite3_column_int64(st, 0);
	if (name == NULL) {
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_ROW)
			return sb_err(ctx, SB_EUSAGE, "%s: holds several projects; "
			    "name one with --project", ctx->path);
		if (rc != SQLITE_DONE)
			return sb_sqlerr(ctx, ctx->path);
	}
	sqlite3_reset(st);
	return SB_OK;
}
