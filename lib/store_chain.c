/*
 * store_chain.c - the audit trail's hash chain read back: sb_chain_verify()
 * (sb-log --verify), the chain recomputed, where it breaks and why, and
 * the head a cron job keeps.  (The hashes of a trail made before the
 * chain are computed when migration 006 runs, in lib/db.c.)
 */
#include <config.h>

#include <string.h>

#include "chain_priv.h"
#include "store.h"

/* The columns of a row the hash covers, in the encoding's order. */
#define CHAIN_COLS "id, at, actor, command, project_id, entity, entity_id, " \
	"version_before, version_after, changes"

/* The hash of row v chained to prev equals stored. */
static int
links(const unsigned char prev[SB_CHAIN_LEN], const struct sb_chain_val v[SB_CHAIN_COLS],
    const unsigned char stored[SB_CHAIN_LEN])
{
	unsigned char h[SB_CHAIN_LEN];

	sb_chain_hash(prev, v, h);
	return memcmp(h, stored, SB_CHAIN_LEN) == 0;
}

/*
 * The chain breaks at row id (its content vals, its stored hash, or none).
 * Say why, looking one row back and one row on (cur is positioned on the
 * bad row and is stepped once).  pprev: the hash before the previous row
 * (when there is a previous row).
 */
static int
broken(sb_ctx *ctx, sb_st *cur, struct sb_chain_result *res, int64_t prev_id,
    const unsigned char prev[SB_CHAIN_LEN], const unsigned char pprev[SB_CHAIN_LEN],
    int have_stored)
{
	struct sb_chain_val v[SB_CHAIN_COLS];
	unsigned char stored[SB_CHAIN_LEN], next[SB_CHAIN_LEN], mine[SB_CHAIN_LEN];
	int64_t id = sb_col_int64(cur, 0);
	int rc, have_next = 0, next_stored = 0;

	sb_chain_vals(cur, 0, v);
	sb_chain_hash(prev, v, mine);
	res->bad_id = id;
	if (have_stored) {
		if (sb_chain_unhex((const char *)sb_col_text(cur, SB_CHAIN_COLS), stored) != 0)
			have_stored = 0;
	}
	/* the previous row came from outside: this one links to the one before it */
	if (have_stored && prev_id > 0 && links(pprev, v, stored)) {
		res->bad_id = prev_id;
		return sb_err(ctx, SB_ETAMPER, "%s: the audit trail is broken at id "
		    "%lld: row inserted (the row after it, id %lld, links to the row "
		    "before it)", ctx->path, (long long)prev_id, (long long)id);
	}
	/* rows renumbered up by one after a row put in before them */
	if (have_stored && prev_id > 0 && v[0].type == SB_CHAIN_INT) {
		struct sb_chain_val was[SB_CHAIN_COLS];

		memcpy(was, v, sizeof(was));
		was[0].i = id - 1;
		if (links(pprev, was, stored)) {
			res->bad_id = prev_id;
			return sb_err(ctx, SB_ETAMPER, "%s: the audit trail is broken "
			    "at id %lld: row inserted (the rows after it renumbered: "
			    "row %lld was row %lld)", ctx->path, (long long)prev_id,
			    (long long)id, (long long)(id - 1));
		}
	}
	if (id > prev_id + 1) {
		if (id == prev_id + 2)
			return sb_err(ctx, SB_ETAMPER, "%s: the audit trail is broken "
			    "at id %lld: row %lld deleted", ctx->path, (long long)id,
			    (long long)(prev_id + 1));
		return sb_err(ctx, SB_ETAMPER, "%s: the audit trail is broken at id "
		    "%lld: rows %lld to %lld deleted", ctx->path, (long long)id,
		    (long long)(prev_id + 1), (long long)(id - 1));
	}
	if (!have_stored)
		return sb_err(ctx, SB_ETAMPER, "%s: the audit trail is broken at id "
		    "%lld: the row has no chain hash (inserted, or its hash removed, "
		    "outside stripboard)", ctx->path, (long long)id);
	/* one row on: which hash does it link to? */
	rc = sb_step(cur);
	if (rc == SQLITE_ROW) {
		have_next = 1;
		sb_chain_vals(cur, 0, v);
		next_stored = sb_col_type(cur, SB_CHAIN_COLS) == SQLITE_TEXT &&
		    sb_chain_unhex((const char *)sb_col_text(cur, SB_CHAIN_COLS), next) == 0;
	} else if (rc != SQLITE_DONE) {
		return sb_sqlerr(ctx, "audit");
	}
	if (have_next && next_stored && links(mine, v, next))
		return sb_err(ctx, SB_ETAMPER, "%s: the audit trail is broken at id "
		    "%lld: its hash changed (its content still chains)", ctx->path,
		    (long long)id);
	if (have_next && next_stored && links(stored, v, next))
		return sb_err(ctx, SB_ETAMPER, "%s: the audit trail is broken at id "
		    "%lld: content changed (the row no longer matches its hash)",
		    ctx->path, (long long)id);
	if (have_next && next_stored && links(prev, v, next))
		return sb_err(ctx, SB_ETAMPER, "%s: the audit trail is broken at id "
		    "%lld: row inserted (the row after it links to the row before "
		    "it)", ctx->path, (long long)id);
	if (!have_next)
		return sb_err(ctx, SB_ETAMPER, "%s: the audit trail is broken at id "
		    "%lld, the last row: content changed, or the row appended outside "
		    "stripboard (it does not match its hash)", ctx->path, (long long)id);
	return sb_err(ctx, SB_ETAMPER, "%s: the audit trail is broken at id %lld: "
	    "the row does not match its hash, and the row after it links to "
	    "neither (rewritten)", ctx->path, (long long)id);
}

int
sb_chain_verify(sb_ctx *ctx, const char *kept, struct sb_chain_result *res)
{
	static const char rows[] = "SELECT " CHAIN_COLS ", hash FROM audit ORDER BY id";
	unsigned char prev[SB_CHAIN_LEN], pprev[SB_CHAIN_LEN], stored[SB_CHAIN_LEN];
	unsigned char want[SB_CHAIN_LEN];
	struct sb_chain_val v[SB_CHAIN_COLS];
	int64_t prev_id = 0;
	sb_st *cur = NULL;
	int rc;

	memset(res, 0, sizeof(*res));
	if (kept != NULL && sb_chain_unhex(kept, want) != 0)
		return sb_err(ctx, SB_EUSAGE, "--head: \"%.80s\" is not a head hash "
		    "(%d hex digits)", kept, SB_CHAIN_HEX);
	/* reading the trail: a viewer's right, on the whole file (sb-perm(1)) */
	if ((rc = sb_perm_require(ctx, SB_ACT_READ, NULL)) != SB_OK)
		return rc;
	if (sb_prepare(ctx, rows, &cur) != SQLITE_OK)
		return sb_sqlerr(ctx, "audit");
	memset(prev, 0, sizeof(prev));
	memset(pprev, 0, sizeof(pprev));
	while ((rc = sb_step(cur)) == SQLITE_ROW) {
		int64_t id = sb_col_int64(cur, 0);
		int have = sb_col_type(cur, SB_CHAIN_COLS) == SQLITE_TEXT &&
		    sb_chain_unhex((const char *)sb_col_text(cur, SB_CHAIN_COLS), stored) == 0;

		sb_chain_vals(cur, 0, v);
		/* a gap in the ids alone is no break: the hash covers the id */
		if (!have || !links(prev, v, stored)) {
			rc = broken(ctx, cur, res, prev_id, prev, pprev, have);
			sb_finalize(cur);
			return rc;
		}
		res->rows++;
		res->head_id = id;
		if (kept != NULL && memcmp(stored, want, SB_CHAIN_LEN) == 0)
			res->kept_id = id;
		memcpy(pprev, prev, sizeof(pprev));
		memcpy(prev, stored, sizeof(prev));
		prev_id = id;
	}
	sb_finalize(cur);
	if (rc != SQLITE_DONE)
		return sb_sqlerr(ctx, "audit");
	if (res->head_id > 0)
		sb_chain_hex(prev, res->head);
	/* the chain holds; the triggers that keep it so must too */
	if ((rc = sb_check_triggers(ctx)) != SB_OK)
		return rc;
	if (kept != NULL && res->kept_id == 0)
		return sb_err(ctx, SB_ETAMPER, "%s: the audit trail does not hold the "
		    "kept head %.64s: it was rewritten, or rows were deleted from its "
		    "end (it holds %lld rows up to id %lld)", ctx->path, kept,
		    (long long)res->rows, (long long)res->head_id);
	return SB_OK;
}
