/*
 * store_audit.c - the audit trail: one append-only row per change, written in
 * the transaction of the change itself.
 */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chain_priv.h"
#include "json_priv.h"
#include "store.h"

/* A text value of the encoding; NULL is a NULL. */
static void
chain_text(struct sb_chain_val *v, const char *s)
{
	memset(v, 0, sizeof(*v));
	v->type = s != NULL ? SB_CHAIN_TEXT : SB_CHAIN_NULL;
	v->p = s;
	v->n = s != NULL ? strlen(s) : 0;
}

static void
chain_int(struct sb_chain_val *v, int has, int64_t i)
{
	memset(v, 0, sizeof(*v));
	v->type = has ? SB_CHAIN_INT : SB_CHAIN_NULL;
	v->i = i;
}

/*
 * The one writer of audit rows.  The row takes the id after the last one
 * and the hash of its content chained to the last row's hash (stripboard(5),
 * "The chain"), in the change's transaction: the writer lock held since
 * BEGIN IMMEDIATE (or the server's advisory lock) makes "the last row"
 * mean the same thing until the commit.  A last row without a well-formed
 * hash was written outside stripboard: nothing is chained to it.
 */
int
store_audit_insert(sb_ctx *ctx, const struct sb_row_audit *r, int64_t *id_out)
{
	static const char last_sql[] =
	    "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
	static const char sql[] =
	    "INSERT INTO audit (id, at, actor, command, project_id, entity, "
	    "entity_id, version_before, version_after, changes, hash) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
	unsigned char prev[SB_CHAIN_LEN], h[SB_CHAIN_LEN];
	char hex[SB_CHAIN_HEX + 1];
	struct sb_chain_val v[SB_CHAIN_COLS];
	int64_t id = 1;
	sb_st *st = sb_stmt(ctx, last_sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	memset(prev, 0, sizeof(prev));
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		int64_t last = sb_col_int64(st, 0);

		if (sb_col_type(st, 1) != SQLITE_TEXT ||
		    sb_chain_unhex((const char *)sb_col_text(st, 1), prev) != 0) {
			sb_reset(st);
			return sb_err(ctx, SB_ETAMPER, "%s: the last audit row (id %lld) "
			    "has no chain hash: it was written outside stripboard; "
			    "nothing written (sb-log --verify says more)", ctx->path,
			    (long long)last);
		}
		if (last >= INT64_MAX) {
			sb_reset(st);
			return sb_err(ctx, SB_EDATA, "%s: the audit trail has no id "
			    "left after %lld", ctx->path, (long long)last);
		}
		id = last + 1;
	} else if (rc != SQLITE_DONE) {
		rc = sb_sqlerr(ctx, "audit");
		sb_reset(st);
		return rc;
	}
	sb_reset(st);
	/*
	 * PostgreSQL: the id comes from the identity's sequence (a role needs
	 * only USAGE on it), so a row another client inserts without one takes
	 * a later id; a change rolled back leaves a gap, which is no break.
	 */
	if (ctx->pg != NULL) {
		static const char seq[] =
		    "SELECT nextval(pg_get_serial_sequence('audit', 'id'))";
		int64_t next;

		if ((st = sb_stmt(ctx, seq)) == NULL)
			return SB_EFAIL;
		if (sb_step(st) != SQLITE_ROW) {
			rc = sb_sqlerr(ctx, "audit");
			sb_reset(st);
			return rc;
		}
		next = sb_col_int64(st, 0);
		sb_reset(st);
		if (next > id)
			id = next;
	}

	chain_int(&v[0], 1, id);
	chain_text(&v[1], r->at);
	chain_text(&v[2], r->actor);
	chain_text(&v[3], r->command);
	chain_int(&v[4], r->project_id > 0, r->project_id);
	chain_text(&v[5], r->entity);
	chain_int(&v[6], 1, r->entity_id);
	chain_int(&v[7], 1, r->version_before);
	chain_int(&v[8], 1, r->version_after);
	chain_text(&v[9], r->changes);
	sb_chain_hash(prev, v, h);
	sb_chain_hex(h, hex);

	if ((st = sb_stmt(ctx, sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_text(st, 2, r->at);
	sb_bind_text(st, 3, r->actor);
	sb_bind_text(st, 4, r->command);
	store_bind_int(st, 5, r->project_id > 0, r->project_id);
	sb_bind_text(st, 6, r->entity);
	sb_bind_int64(st, 7, r->entity_id);
	sb_bind_int64(st, 8, r->version_before);
	sb_bind_int64(st, 9, r->version_after);
	sb_bind_text_static(st, 10, r->changes); /* stepped below, before it goes */
	sb_bind_text(st, 11, hex);
	rc = store_insert_done(ctx, st, "audit", NULL);
	/* the changes are the caller's: no binding left pointing at them */
	sb_reset(st);
	sb_bind_null(st, 10);
	if (rc != SB_OK)
		return rc;
	if (id_out != NULL)
		*id_out = id;
	return SB_OK;
}

int
sb_audit(sb_ctx *ctx, int64_t project_id, const char *entity,
    int64_t entity_id, int64_t version_before, int64_t version_after,
    const char *changes_json)
{
	return sb_audit_id(ctx, project_id, entity, entity_id, version_before,
	    version_after, changes_json, NULL);
}

int
sb_audit_id(sb_ctx *ctx, int64_t project_id, const char *entity,
    int64_t entity_id, int64_t version_before, int64_t version_after,
    const char *changes_json, int64_t *id_out)
{
	struct sb_row_audit r;

	/* every change is audited: none lands that no permission check allowed */
	if (!ctx->perm_write_ok)
		return sb_err(ctx, SB_EPERM, "internal error: a change of %s that no "
		    "permission check allowed (sb_perm_require())", entity);
	/*
	 * A server keeps text as UTF-8 only, and a command line may hold any
	 * bytes (a file's name): there, the command recorded is repaired as
	 * JSON output is (each bad byte U+FFFD), where it refused every change
	 */
	if (ctx->pg != NULL && ctx->command != NULL &&
	    !sb_utf8_valid(ctx->command, strlen(ctx->command))) {
		struct sb_buf b;
		char *fixed;

		sb_buf_init(&b);
		sb_utf8_repair(&b, ctx->command, strlen(ctx->command));
		fixed = b.failed ? NULL : sb_strdup(sb_buf_str(&b));
		sb_buf_free(&b);
		if (fixed == NULL)
			return sb_err(ctx, SB_EFAIL, "out of memory");
		free(ctx->command);
		ctx->command = fixed;
	}
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
	return store_audit_insert(ctx, &r, id_out);
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
