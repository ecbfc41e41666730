/*
 * prod_import.c - what the readers of an import share with the writer of
 * a production: warnings about the input, and the project row an import
 * fills (a new project, or the one of the same name it replaces).  Below
 * the readers, so that they never call back into lib/op_import.c.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "input_priv.h"
#include "perm_priv.h"
#include "store.h"

void
sb_import_warn(struct sb_import *imp, const char *fmt, ...)
{
	char msg[1024];
	size_t n;
	va_list ap;

	imp->sum->warnings++;
	if (imp->opts->warn == NULL)
		return;
	n = (size_t)snprintf(msg, sizeof(msg), "%s: ", imp->in->name);
	if (n < sizeof(msg)) {
		va_start(ap, fmt);
		vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
		va_end(ap);
	}
	imp->opts->warn(imp->opts->warn_arg, msg);
}

/*
 * The name of a production from its file's: "/a/b/The Pilot.fdx" gives
 * "The Pilot"; SB_EDATA when nothing is left.
 */
static int
base_name(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	char *dot;

	snprintf(out, size, "%s", base != NULL ? base + 1 : path);
	dot = strrchr(out, '.');
	if (dot != NULL && dot != out)
		*dot = '\0';
	return out[0] != '\0' ? SB_OK : SB_EDATA;
}

int
sb_import_project(struct sb_import *imp, const char *name, const char *uid,
    const char *title, const char *meta)
{
	static const char find[] = "SELECT id, version FROM project WHERE name = ?1";
	sb_ctx *ctx = imp->ctx;
	struct sb_row_project row;
	sb_st *st;
	int64_t old_id = 0, old_version = 0;
	char fallback[256];
	int rc;

	if (imp->opts->project != NULL)
		name = imp->opts->project;
	if (name == NULL || name[0] == '\0')
		name = title;
	if (name == NULL || name[0] == '\0') {
		/* the file's own name, as a person would call the production */
		if (imp->in->is_stdin)
			return sb_err(ctx, SB_EUSAGE, "%s: the production has no "
			    "name or title, and standard input has no file name; "
			    "give one with --project", imp->in->name);
		if ((rc = base_name(imp->in->name, fallback, sizeof(fallback))) != SB_OK)
			return sb_err(ctx, SB_EUSAGE, "%s: the production has no "
			    "name or title, and the file's name gives none; give one "
			    "with --project", imp->in->name);
		name = fallback;
	}
	if ((st = sb_stmt(ctx, find)) == NULL)
		return SB_EFAIL;
	sb_bind_text(st, 1, name);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		old_id = sb_col_int64(st, 0);
		old_version = sb_col_int64(st, 1);
	} else if (rc != SQLITE_DONE) {
		return sb_sqlerr(ctx, "project");
	}
	sb_reset(st);
	{
		/* a new project is the file's admins' to make; a replaced one its own */
		struct sb_scope where = { old_id, 0, 0, 0 };

		if ((rc = sb_perm_require(ctx, SB_ACT_PROJECT, &where)) != SB_OK)
			return rc;
	}
	if (old_id != 0) {
		if (!imp->opts->replace)
			return sb_err(ctx, SB_EFAIL, "%s: project \"%s\" exists; "
			    "--replace replaces it", imp->in->name, name);
		/* the trail keeps what it replaces: sb-log revert puts it back */
		/* its rows in audit rows of their own, the import's row names them */
		sb_buf_puts(&imp->previous, "\"previous\":{\"kept\":");
		if ((rc = store_project_keep(ctx, old_id, old_version,
		    &imp->previous)) != SB_OK)
			return rc;
		sb_buf_puts(&imp->previous, "}");
		if ((rc = store_project_delete(ctx, old_id)) != SB_OK)
			return rc;
	}
	memset(&row, 0, sizeof(row));
	row.id = old_id;
	row.name = name;
	row.uid = uid;
	row.title = title;
	row.meta = meta;
	row.created_at = sb_now(ctx);
	row.version = old_version + 1;
	if ((rc = store_project_insert(ctx, &row, &imp->project_id)) != SB_OK)
		return rc;
	imp->project_version = old_version + 1;
	imp->sum->project_id = imp->project_id;
	snprintf(imp->sum->project, sizeof(imp->sum->project), "%s", name);
	return SB_OK;
}

int
sb_import_project_header(struct sb_import *imp, const char *name,
    const char *uid, const char *title, const char *meta)
{
	static const char find[] = "SELECT id FROM project WHERE name = ?1";
	sb_ctx *ctx = imp->ctx;
	int64_t other = 0;
	sb_st *st;
	int rc;

	if (imp->opts->project != NULL)
		name = imp->opts->project;
	if (name == NULL || name[0] == '\0')
		name = title;
	if (name == NULL || name[0] == '\0')
		name = imp->sum->project; /* the file's name, as made */
	if (strcmp(name, imp->sum->project) != 0) {
		if ((st = sb_stmt(ctx, find)) == NULL)
			return SB_EFAIL;
		sb_bind_text(st, 1, name);
		rc = sb_step(st);
		if (rc == SQLITE_ROW)
			other = sb_col_int64(st, 0);
		sb_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return sb_sqlerr(ctx, "project");
		if (other != 0 && other != imp->project_id) {
			if (!imp->opts->replace)
				return sb_err(ctx, SB_EFAIL, "%s: project \"%s\" exists; "
				    "--replace replaces it", imp->in->name, name);
			/* not kept: its revert is refused (sb-log(1)) */
			imp->replaced_other = 1;
			if ((rc = store_project_delete(ctx, other)) != SB_OK)
				return rc;
		}
	}
	if ((rc = store_project_set_header(ctx, imp->project_id, name, uid, title,
	    meta)) != SB_OK)
		return rc;
	if (name != imp->sum->project)
		snprintf(imp->sum->project, sizeof(imp->sum->project), "%s", name);
	return SB_OK;
}
