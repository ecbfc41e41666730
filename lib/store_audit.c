/*
 * store_audit.c - the audit trail: one append-only row per change, written in
 * the transaction of the change itself.
 */
#include <config.h>

#include "json_priv.h"
#include "store.h"

int
store_audit_insert(sb_ctx *ctx, const struct sb_row_audit *r, int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO audit (at, actor, command, project_id, entity, "
	    "entity_id, version_before, version_after, changes) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_text(st, 1, r->at);
	sb_bind_text(st, 2, r->actor);
	sb_bind_text(st, 3, r->command);
	store_bind_int(st, 4, r->project_id > 0, r->project_id);
	sb_bind_text(st, 5, r->entity);
	sb_bind_int64(st, 6, r->entity_id);
	sb_bind_int64(st, 7, r->version_before);
	sb_bind_int64(st, 8, r->version_after);
	sb_bind_text(st, 9, r->changes);
	return store_insert_done(ctx, st, "audit", id_out);
}

int
sb_audit(sb_ctx *ctx, int64_t project_id, const char *entity,
    int64_t entity_id, int64_t version_before, int64_t version_after,
    const char *changes_json)
{
	struct sb_row_audit r;

	/* every change is audited: none lands that no permission check allowed */
	if (!ctx->perm_write_ok)
		return sb_err(ctx, SB_EPERM, "internal error: a change of %s that no "
		    "permission check allowed (sb_perm_require())", entity);
	r.id = 0;
	r.at = sb_now(ctx);
	r.actor = sb_actor(ctx);
	r.command = ctx->command != NULL ? ctx->command : "";
	r.project_id = project_id;
	r.entity = entity;
	r.entity_id = entity_id;
	r.version_before = version_before;
	r.version_after = version_after;
	r.changes = changes_json;
	return store_audit_insert(ctx, &r, NULL);
}

void
sb_audit_since(sb_ctx *ctx, struct sb_buf *b, const char *entity, int64_t id,
    int64_t version)
{
	static const char since[] =
	    "SELECT id, at, actor, command, version_before, version_after, changes,"
	    " json_valid(changes) FROM audit WHERE entity = ?1 AND entity_id = ?2"
	    " AND version_after > ?3 ORDER BY id";
	sb_st *st = sb_stmt(ctx, since);
	int first = 1;

	sb_buf_puts(b, "[");
	if (st != NULL) {
		sb_bind_text(st, 1, entity);
		sb_bind_int64(st, 2, id);
		sb_bind_int64(st, 3, version);
		while (sb_step(st) == SQLITE_ROW) {
			sb_buf_printf(b, "%s{\"id\":%lld,\"at\":", first ? "" : ",",
			    (long long)sb_col_int64(st, 0));
			sb_json_quote(b, (const char *)sb_col_text(st, 1));
			sb_buf_puts(b, ",\"actor\":");
			sb_json_quote(b, (const char *)sb_col_text(st, 2));
			sb_buf_puts(b, ",\"command\":");
			sb_json_quote(b, (const char *)sb_col_text(st, 3));
			sb_buf_printf(b, ",\"version_before\":%lld,\"version_after\":%lld,"
			    "\"changes\":", (long long)sb_col_int64(st, 4),
			    (long long)sb_col_int64(st, 5));
			/* stored changes that are not JSON are shown as a string */
			if (sb_col_type(st, 6) == SQLITE_NULL)
				sb_buf_puts(b, "null");
			else if (sb_col_int(st, 7))
				sb_json_add_text(b, (const char *)sb_col_text(st, 6));
			else
				sb_json_quote(b, (const char *)sb_col_text(st, 6));
			sb_buf_puts(b, "}");
			first = 0;
		}
		sb_reset(st);
	}
	sb_buf_puts(b, "]");
}
