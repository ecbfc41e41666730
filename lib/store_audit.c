/*
 * store_audit.c - the audit trail: one append-only row per change, written in
 * the transaction of the change itself.
 */
#include <config.h>

#include "json_priv.h"
#include "sb_priv.h"

int
sb_audit(sb_ctx *ctx, int64_t project_id, const char *entity,
    int64_t entity_id, int64_t version_before, int64_t version_after,
    const char *changes_json)
{
	static const char sql[] =
	    "INSERT INTO audit (at, actor, command, project_id, entity, "
	    "entity_id, version_before, version_after, changes) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	sqlite3_stmt *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_text(st, 1, sb_now(ctx));
	sb_bind_text(st, 2, sb_actor(ctx));
	sb_bind_text(st, 3, ctx->command != NULL ? ctx->command : "");
	if (project_id > 0)
		sqlite3_bind_int64(st, 4, project_id);
	sb_bind_text(st, 5, entity);
	sqlite3_bind_int64(st, 6, entity_id);
	sqlite3_bind_int64(st, 7, version_before);
	sqlite3_bind_int64(st, 8, version_after);
	sb_bind_text(st, 9, changes_json);
	return sb_step_done(ctx, st, "audit");
}

void
sb_audit_since(sb_ctx *ctx, struct sb_buf *b, const char *entity, int64_t id,
    int64_t version)
{
	static const char since[] =
	    "SELECT id, at, actor, command, version_before, version_after, changes,"
	    " json_valid(changes) FROM audit WHERE entity = ?1 AND entity_id = ?2"
	    " AND version_after > ?3 ORDER BY id";
	sqlite3_stmt *st = sb_stmt(ctx, since);
	int first = 1;

	sb_buf_puts(b, "[");
	if (st != NULL) {
		sb_bind_text(st, 1, entity);
		sqlite3_bind_int64(st, 2, id);
		sqlite3_bind_int64(st, 3, version);
		while (sqlite3_step(st) == SQLITE_ROW) {
			sb_buf_printf(b, "%s{\"id\":%lld,\"at\":", first ? "" : ",",
			    (long long)sqlite3_column_int64(st, 0));
			sb_json_quote(b, (const char *)sqlite3_column_text(st, 1));
			sb_buf_puts(b, ",\"actor\":");
			sb_json_quote(b, (const char *)sqlite3_column_text(st, 2));
			sb_buf_puts(b, ",\"command\":");
			sb_json_quote(b, (const char *)sqlite3_column_text(st, 3));
			sb_buf_printf(b, ",\"version_before\":%lld,\"version_after\":%lld,"
			    "\"changes\":", (long long)sqlite3_column_int64(st, 4),
			    (long long)sqlite3_column_int64(st, 5));
			/* stored changes that are not JSON are shown as a string */
			if (sqlite3_column_type(st, 6) == SQLITE_NULL)
				sb_buf_puts(b, "null");
			else if (sqlite3_column_int(st, 7))
				sb_json_add_text(b, (const char *)sqlite3_column_text(st, 6));
			else
				sb_json_quote(b, (const char *)sqlite3_column_text(st, 6));
			sb_buf_puts(b, "}");
			first = 0;
		}
		sqlite3_reset(st);
	}
	sb_buf_puts(b, "]");
}
