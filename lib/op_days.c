/*
 * op_days.c - shoot days on a board's schedule (add, drop, move, split, join)
 * and the board's calendar.  A day's number is its rank and its date walks
 * the calendar, so changing either changes every later day at once, with
 * one row written.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "board_priv.h"
#include "json_priv.h"
#include "move_priv.h"
#include "perm_priv.h"
#include "store.h"

/* What a day operation works on. */
struct dayop {
	sb_ctx *ctx;
	int64_t board, project, lane;
	int64_t entries_changed; /* calendar entries added or taken out */
	char board_name[256];
	struct sb_day_outcome out; /* for sb_day_outcome() */
	int64_t out_day;         /* the day out.day names (its id), or 0 */
	int64_t out_calendar;    /* the calendar changed (its id), or 0 */
	/*
	 * What the next day row made or deleted is part of, for sb-log: a
	 * day made by a split ("split", the day split), deleted by a join
	 * ("join", the day joined into) or a drop ("drop", where its strips
	 * went); NULL for a plain add, drop or move.
	 */
	const char *verb;
	int64_t verb_day;
	const char *verb_to;
};

enum { LANE_MUST_EXIST, LANE_CREATE, LANE_UNNEEDED };

static int
dayop_init(sb_ctx *ctx, int64_t board, int lane_mode, struct dayop *op)
{
	sb_st *st = sb_stmt(ctx, "SELECT project_id, name FROM board WHERE id = ?1");
	int rc;

	memset(op, 0, sizeof(*op));
	op->ctx = ctx;
	op->board = board;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, board);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		op->project = sb_col_int64(st, 0);
		snprintf(op->board_name, sizeof(op->board_name), "%s",
		    sb_col_text(st, 1));
	}
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? sb_err(ctx, SB_ENOTFOUND, "no such board") :
		    sb_sqlerr(ctx, "board");
	if (lane_mode == LANE_UNNEEDED)
		return SB_OK;
	rc = sb_lane_get(ctx, board, "schedule", lane_mode == LANE_CREATE, &op->lane);
	if (rc == SB_ENOTFOUND)
		return sb_err(ctx, SB_ENOTFOUND, "board \"%s\" has no schedule: it is "
		    "not cut into days", op->board_name);
	return rc;
}

/* What a day operation was asked. */
struct dayargs {
	int64_t n, other, anchor, after, count, if_version;
	int64_t *first;
	enum sb_drop_to to;
	enum sb_where where;
	const char *at;
	const struct sb_calendar_edit *edit;
};

typedef int (*dayfn)(struct dayop *op, const struct dayargs *a);

/* A shoot day of the lane and its number. */
struct day_no {
	int64_t id, n;
};

static int
day_no_cmp(const void *a, const void *b)
{
	const struct day_no *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The shoot days of the lane with their numbers, sorted by id. */
static int
day_numbers(struct dayop *op, struct day_no **out, size_t *n)
{
	sb_st *st = sb_stmt(op->ctx, "SELECT id FROM day WHERE lane_id = ?1"
	    " AND kind = 'shoot' ORDER BY pos");
	struct day_no *v = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, op->lane);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			void *p = sb_grow(v, &cap, *n, 64, sizeof(*v));

			if (p == NULL) {
				sb_reset(st);
				free(v);
				return sb_err(op->ctx, SB_EFAIL, "out of memory");
			}
			v = p;
		}
		v[*n].id = sb_col_int64(st, 0);
		v[*n].n = (int64_t)*n + 1;
		(*n)++;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return sb_sqlerr(op->ctx, "days");
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), day_no_cmp);
	*out = v;
	return SB_OK;
}

/*
 * A day whose number changed (a day added, dropped or moved before it)
 * has another date and another place in the schedule: its version rises.
 */
static int
raise_renumbered(struct dayop *op, const struct day_no *before, size_t nbefore)
{
	struct day_no *after;
	size_t nafter;
	int rc;

	if ((rc = day_numbers(op, &after, &nafter)) != SB_OK)
		return rc;
	for (size_t i = 0; i < nafter && rc == SB_OK; i++) {
		const struct day_no *was = nbefore == 0 ? NULL :
		    bsearch(&after[i], before, nbefore, sizeof(*before), day_no_cmp);

		if (was == NULL || was->n == after[i].n)
			continue;
		/* the day the command names is said apart from the others */
		if (after[i].id != op->out_day)
			op->out.renumbered++;
		rc = sb_day_raise(op->ctx, op->project, op->board, op->board_name,
		    after[i].id, was->n, after[i].n, "renumbered");
	}
	free(after);
	return rc;
}

/* The version after the change of the day or calendar the outcome names. */
static int
outcome_version(struct dayop *op)
{
	sb_st *st;
	int64_t id = op->out_day != 0 ? op->out_day : op->out_calendar;
	int rc;

	if (id == 0)
		return SB_OK;
	st = sb_stmt(op->ctx, op->out_day != 0 ? "SELECT version FROM day WHERE id = ?1" :
	    "SELECT version FROM calendar WHERE id = ?1");
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	if ((rc = sb_step(st)) == SQLITE_ROW)
		op->out.version = sb_col_int64(st, 0);
	sb_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(op->ctx, "day");
}

/* Run a day operation in its own transaction (a savepoint inside one). */
static int
run_dayop(sb_ctx *ctx, int64_t board, int lane_mode, dayfn fn, const struct dayargs *a)
{
	struct day_no *before = NULL;
	size_t nbefore = 0;
	struct dayop op;
	int rc;

	free(ctx->conflict);
	ctx->conflict = NULL;
	memset(&ctx->day_outcome, 0, sizeof(ctx->day_outcome));
	if ((rc = sb_tx_begin(ctx)) != SB_OK)
		return rc;
	if ((rc = dayop_init(ctx, board, lane_mode, &op)) == SB_OK &&
	    lane_mode != LANE_UNNEEDED)
		rc = day_numbers(&op, &before, &nbefore);
	if (rc == SB_OK)
		rc = fn(&op, a);
	if (rc == SB_OK && lane_mode != LANE_UNNEEDED)
		rc = raise_renumbered(&op, before, nbefore);
	/*
	 * The days' numbers kept as they change: the days renumbered are
	 * written here, in the change that renumbers them, rather than the
	 * whole lane by the next move.
	 */
	if (rc == SB_OK && lane_mode != LANE_UNNEEDED && op.lane != 0)
		rc = sb_lane_renumber(ctx, op.lane);
	if (rc == SB_OK)
		rc = outcome_version(&op);
	free(before);
	rc = sb_tx_end(ctx, rc);
	if (rc == SB_OK)
		ctx->day_outcome = op.out;
	return rc;
}

const struct sb_day_outcome *
sb_day_outcome(const sb_ctx *ctx)
{
	return &ctx->day_outcome;
}

struct day_row {
	int64_t id, version;
	char pos[SB_KEY_MAX + 2];
};

static int
day_get(struct dayop *op, int64_t n, struct day_row *d)
{
	sb_st *st;
	int rc;

	if ((rc = sb_shoot_day(op->ctx, op->lane, n, &d->id)) != SB_OK)
		return rc;
	if ((st = sb_stmt(op->ctx, "SELECT version, pos FROM day WHERE id = ?1")) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, d->id);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		d->version = sb_col_int64(st, 0);
		snprintf(d->pos, sizeof(d->pos), "%s", sb_col_text(st, 1));
	}
	sb_reset(st);
	return rc == SQLITE_ROW ? SB_OK : sb_sqlerr(op->ctx, "day");
}

static int
day_conflict(struct dayop *op, int64_t n, const struct day_row *d, int64_t expected)
{
	struct sb_buf b;

	sb_buf_init(&b);
	sb_buf_puts(&b, "{\"conflict\":{\"board\":");
	sb_json_quote(&b, op->board_name);
	sb_buf_printf(&b, ",\"day\":%lld,\"expected_version\":%lld,"
	    "\"current_version\":%lld,\"changes\":", (long long)n,
	    (long long)expected, (long long)d->version);
	sb_audit_since(op->ctx, &b, "day", d->id, expected);
	sb_buf_puts(&b, "}}");
	return sb_conflict_set(op->ctx, &b, "%s: day %lld is at version %lld, not "
	    "%lld: someone changed it; read again and retry", op->board_name,
	    (long long)n, (long long)d->version, (long long)expected);
}

/*
 * The audit row of a day: created (from NULL), moved, or deleted (to NULL).
 * A created or deleted day lists every column (uss_bare: the deleted day's
 * flag), so that the trail can put it back.
 */
static int
day_audit(struct dayop *op, int64_t id, const char *kind, const char *pos_before,
    const char *pos_after, int64_t n_before, int64_t n_after, int64_t vbefore,
    int64_t vafter, int uss_bare)
{
	struct sb_buf b;
	int rc;

	sb_buf_init(&b);
	sb_buf_puts(&b, "{\"set\":{");
	if (pos_before == NULL || pos_after == NULL) {
		/* created or deleted: every column */
		sb_buf_printf(&b, "\"board_id\":[%s%lld%s],\"lane_id\":[%s%lld%s],"
		    "\"kind\":[%s\"%s\"%s],\"uss_bare\":[%s%d%s],",
		    pos_before ? "" : "null,", (long long)op->board,
		    pos_before ? ",null" : "", pos_before ? "" : "null,", (long long)op->lane,
		    pos_before ? ",null" : "", pos_before ? "" : "null,", kind,
		    pos_before ? ",null" : "", pos_before ? "" : "null,", uss_bare,
		    pos_before ? ",null" : "");
	}
	sb_buf_puts(&b, "\"pos\":[");
	if (pos_before != NULL)
		sb_json_quote(&b, pos_before);
	else
		sb_buf_puts(&b, "null");
	sb_buf_puts(&b, ",");
	if (pos_after != NULL)
		sb_json_quote(&b, pos_after);
	else
		sb_buf_puts(&b, "null");
	sb_buf_puts(&b, "]},\"about\":{\"board\":");
	sb_json_quote(&b, op->board_name);
	sb_buf_printf(&b, ",\"board_id\":%lld,\"day\":[", (long long)op->board);
	sb_json_int_or_null(&b, n_before, n_before > 0);
	sb_buf_puts(&b, ",");
	sb_json_int_or_null(&b, n_after, n_after > 0);
	sb_buf_puts(&b, "]");
	if (op->verb != NULL) {
		sb_buf_printf(&b, ",\"op\":\"%s\"", op->verb);
		if (op->verb_day > 0)
			sb_buf_printf(&b, ",\"%s\":%lld", strcmp(op->verb, "join") == 0 ?
			    "into" : "of", (long long)op->verb_day);
		if (op->verb_to != NULL)
			sb_buf_printf(&b, ",\"to\":\"%s\"", op->verb_to);
	}
	sb_buf_puts(&b, "}}");
	if (b.failed) {
		sb_buf_free(&b);
		return sb_err(op->ctx, SB_EFAIL, "out of memory");
	}
	rc = sb_audit(op->ctx, op->project, "day", id, vbefore, vafter, sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

/* The keys around the gap after day after (0: before the first day). */
static int
day_gap(struct dayop *op, int64_t after, int64_t self, char *lo, int *have_lo,
    char *hi, int *have_hi)
{
	static const char nth[] =
	    "SELECT pos FROM day WHERE lane_id = ?1 AND kind = 'shoot' AND id <> ?3"
	    " ORDER BY pos LIMIT 1 OFFSET ?2";
	static const char list[] =
	    "SELECT pos FROM day WHERE lane_id = ?1 AND kind = 'list' ORDER BY pos LIMIT 1";
	sb_st *st;
	int rc;

	*have_lo = *have_hi = 0;
	if (after > 0) {
		if ((st = sb_stmt(op->ctx, nth)) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, op->lane);
		sb_bind_int64(st, 2, after - 1);
		sb_bind_int64(st, 3, self);
		if ((rc = sb_step(st)) == SQLITE_ROW) {
			snprintf(lo, SB_KEY_MAX + 2, "%s", sb_col_text(st, 0));
			*have_lo = 1;
		}
		sb_reset(st);
		if (!*have_lo)
			return sb_err(op->ctx, SB_ENOTFOUND, "there is no day %lld",
			    (long long)after);
	}
	if ((st = sb_stmt(op->ctx, nth)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, op->lane);
	sb_bind_int64(st, 2, after);
	sb_bind_int64(st, 3, self);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		snprintf(hi, SB_KEY_MAX + 2, "%s", sb_col_text(st, 0));
		*have_hi = 1;
	}
	sb_reset(st);
	if (*have_hi)
		return SB_OK;
	/* after the last shoot day, but before the strips not cut into days */
	if ((st = sb_stmt(op->ctx, list)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, op->lane);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		snprintf(hi, SB_KEY_MAX + 2, "%s", sb_col_text(st, 0));
		*have_hi = 1;
	}
	sb_reset(st);
	return SB_OK;
}

/*
 * A lane cut into days is nested (a USS export writes its days as lists):
 * mark it so, with its audit row, when it was not.
 */
static int
lane_nested(struct dayop *op)
{
	sb_st *st = sb_stmt(op->ctx, "SELECT nested, version FROM lane WHERE id = ?1");
	int64_t version = 0;
	int nested = 1, rc;
	struct sb_buf b;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, op->lane);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		nested = sb_col_int(st, 0);
		version = sb_col_int64(st, 1);
	}
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(op->ctx, "lane");
	if (nested)
		return SB_OK;
	if ((rc = store_lane_set_nested(op->ctx, op->lane)) != SB_OK)
		return rc;
	sb_buf_init(&b);
	sb_buf_puts(&b, "{\"set\":{\"nested\":[0,1]},\"about\":{\"board\":");
	sb_json_quote(&b, op->board_name);
	sb_buf_printf(&b, ",\"board_id\":%lld}}", (long long)op->board);
	rc = b.failed ? sb_err(op->ctx, SB_EFAIL, "out of memory") :
	    sb_audit(op->ctx, op->project, "lane", op->lane, version, version,
	    sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

static int
add_days(struct dayop *op, int64_t after, int64_t count, int64_t *first)
{
	char lo[SB_KEY_MAX + 2], hi[SB_KEY_MAX + 2];
	char (*keys)[SB_KEY_MAX + 2];
	int64_t have;
	int have_lo, have_hi, rc;

	if ((rc = sb_shoot_day_count(op->ctx, op->lane, &have)) != SB_OK)
		return rc;
	if (after < 0)
		after = have;
	if (after > have)
		return sb_err(op->ctx, SB_ENOTFOUND, "there is no day %lld: the board has "
		    "%lld shoot %s", (long long)after, (long long)have,
		    SB_PLURAL(have, "day", "days"));
	if (count < 1 || count > 10000)
		return sb_err(op->ctx, SB_EUSAGE, "%lld days: add from 1 to 10000 at a time",
		    (long long)count);
	if ((keys = calloc((size_t)count, sizeof(*keys))) == NULL)
		return sb_err(op->ctx, SB_EFAIL, "out of memory");
	if ((rc = day_gap(op, after, 0, lo, &have_lo, hi, &have_hi)) == SB_OK) {
		rc = sb_keys_between(have_lo ? lo : NULL, have_hi ? hi : NULL,
		    (size_t)count, keys);
		if (rc == SB_EDATA && (rc = sb_rebalance_lane(op->ctx, op->lane)) == SB_OK &&
		    (rc = day_gap(op, after, 0, lo, &have_lo, hi, &have_hi)) == SB_OK)
			rc = sb_keys_between(have_lo ? lo : NULL, have_hi ? hi : NULL,
			    (size_t)count, keys);
	}
	for (int64_t i = 0; i < count && rc == SB_OK; i++) {
		struct sb_row_day row;
		int64_t id;

		memset(&row, 0, sizeof(row));
		row.board_id = op->board;
		row.lane_id = op->lane;
		row.kind = "shoot";
		row.pos = keys[i];
		if ((rc = store_day_insert(op->ctx, &row, &id)) == SB_OK &&
		    sb_day_raised_mark(op->ctx, id) < 0)
			rc = sb_err(op->ctx, SB_EFAIL, "out of memory");
		if (rc == SB_OK) /* new: it rises no more in this transaction */
			rc = day_audit(op, id, "shoot", NULL, keys[i], 0, after + 1 + i, 0, 1, 0);
	}
	free(keys);
	if (rc == SB_OK)
		rc = sb_lane_unranked(op->ctx, op->lane);
	if (rc == SB_OK) /* the lane is cut into days now */
		rc = lane_nested(op);
	*first = after + 1;
	return rc;
}

static int
add_op(struct dayop *op, const struct dayargs *a)
{
	int64_t have, n;
	struct day_row d;
	int rc;
	struct sb_scope s = { op->project, op->board, 0, 0 };

	if ((rc = sb_perm_require(op->ctx, SB_ACT_ADD_DAY, &s)) != SB_OK)
		return rc;

	/* the day the new ones follow (or, first, precede) was read at if_version */
	if (a->if_version >= 0) {
		if ((rc = sb_shoot_day_count(op->ctx, op->lane, &have)) != SB_OK)
			return rc;
		n = a->after < 0 ? have : a->after == 0 ? 1 : a->after;
		if (have == 0 || n > have) {
			if (a->if_version != 0 && have == 0) {
				struct sb_buf b;

				sb_buf_init(&b);
				sb_buf_puts(&b, "{\"conflict\":{\"board\":");
				sb_json_quote(&b, op->board_name);
				sb_buf_printf(&b, ",\"day\":null,\"expected_version\":%lld,"
				    "\"current_version\":0,\"changes\":[]}}",
				    (long long)a->if_version);
				return sb_conflict_set(op->ctx, &b, "%s: the board has no shoot "
				    "day, not one at version %lld", op->board_name,
				    (long long)a->if_version);
			}
		} else {
			if ((rc = day_get(op, n, &d)) != SB_OK)
				return rc;
			if (d.version != a->if_version)
				return day_conflict(op, n, &d, a->if_version);
		}
	}
	rc = add_days(op, a->after, a->count, a->first);
	op->out.day = *a->first;
	return rc;
}

int
sb_day_add(sb_ctx *ctx, int64_t board, int64_t after, int64_t count, int64_t *first,
    int64_t if_version)
{
	struct dayargs a = { .after = after, .count = count, .first = first,
	    .if_version = if_version };

	return run_dayop(ctx, board, LANE_CREATE, add_op, &a);
}

/* The strips of a day, in order. */
static int
day_strips(struct dayop *op, int64_t day, int64_t **strips, size_t *n)
{
	sb_st *st = sb_stmt(op->ctx,
	    "SELECT strip_id FROM placement WHERE day_id = ?1 ORDER BY pos");
	size_t cap = 0;
	int rc;

	*strips = NULL;
	*n = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, day);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			void *p = sb_grow(*strips, &cap, *n, 32, sizeof(**strips));

			if (p == NULL) {
				sb_reset(st);
				return sb_err(op->ctx, SB_EFAIL, "out of memory");
			}
			*strips = p;
		}
		(*strips)[(*n)++] = sb_col_int64(st, 0);
	}
	sb_reset(st);
	return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(op->ctx, "placements");
}

/*
 * Move strips (in order) into day: at its end, or at its start.  Each
 * placement raises its version and writes its audit row.
 */
static int
move_strips(struct dayop *op, const int64_t *strips, size_t n, int64_t day, int at_start)
{
	static const char edge_last[] =
	    "SELECT pos FROM placement WHERE day_id = ?1 ORDER BY pos DESC LIMIT 1";
	static const char edge_first[] =
	    "SELECT pos FROM placement WHERE day_id = ?1 ORDER BY pos LIMIT 1";
	char edge[SB_KEY_MAX + 2];
	char (*keys)[SB_KEY_MAX + 2];
	int64_t day_n = 0;
	int have = 0, rc;
	sb_st *st;

	if (n == 0)
		return SB_OK;
	op->out.strips = (int64_t)n;
	if ((st = sb_stmt(op->ctx, at_start ? edge_first : edge_last)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, day);
	if (sb_step(st) == SQLITE_ROW) {
		snprintf(edge, sizeof(edge), "%s", sb_col_text(st, 0));
		have = 1;
	}
	sb_reset(st);
	if ((keys = calloc(n, sizeof(*keys))) == NULL)
		return sb_err(op->ctx, SB_EFAIL, "out of memory");
	rc = sb_keys_between(at_start || !have ? NULL : edge, at_start && have ? edge : NULL,
	    n, keys);
	if (rc == SB_EDATA) {
		free(keys);
		if ((rc = sb_rebalance_day(op->ctx, day)) != SB_OK)
			return rc;
		return move_strips(op, strips, n, day, at_start);
	}
	/* the day's number is the same for every strip: count it once */
	if (rc == SB_OK)
		rc = sb_day_number(op->ctx, day, &day_n);
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		struct sb_place from;

		if ((rc = sb_place_get(op->ctx, op->board, strips[i], &from)) == SB_OK)
			rc = sb_place_write(op->ctx, op->project, op->board, op->board_name,
			    &from, strips[i], day, day_n, keys[i], NULL);
	}
	free(keys);
	return rc;
}

static int
delete_day(struct dayop *op, struct day_row *d, int64_t n)
{
	sb_st *st;
	int rc, uss_bare = 0;

	/* its strips left it first: the version it has now */
	if ((st = sb_stmt(op->ctx, "SELECT version, uss_bare FROM day WHERE id = ?1")) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, d->id);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		d->version = sb_col_int64(st, 0);
		uss_bare = sb_col_int(st, 1);
	}
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(op->ctx, "day");
	if ((rc = store_day_delete(op->ctx, d->id)) != SB_OK ||
	    (rc = sb_lane_unranked(op->ctx, op->lane)) != SB_OK)
		return rc;
	return day_audit(op, d->id, "shoot", d->pos, NULL, n, 0, d->version, 0, uss_bare);
}

static int
drop_day(struct dayop *op, int64_t n, enum sb_drop_to to, int64_t if_version)
{
	struct day_row d, other;
	int64_t *strips = NULL, target;
	size_t count;
	int rc;

	if ((rc = day_get(op, n, &d)) != SB_OK ||
	    (rc = sb_perm_require_day(op->ctx, SB_ACT_DROP_DAY, op->board, d.id)) != SB_OK)
		return rc;
	if (if_version >= 0 && d.version != if_version)
		return day_conflict(op, n, &d, if_version);
	if ((rc = day_strips(op, d.id, &strips, &count)) != SB_OK)
		goto out;
	switch (to) {
	case SB_DROP_PREV:
		if (n == 1) {
			rc = sb_err(op->ctx, SB_EUSAGE, "day 1 has no day before it");
			goto out;
		}
		if ((rc = day_get(op, n - 1, &other)) != SB_OK ||
		    (rc = sb_perm_require_day(op->ctx, SB_ACT_DROP_DAY, op->board,
		    other.id)) != SB_OK)
			goto out;
		rc = move_strips(op, strips, count, other.id, 0);
		break;
	case SB_DROP_NEXT:
		if ((rc = day_get(op, n + 1, &other)) != SB_OK) {
			rc = sb_err(op->ctx, SB_EUSAGE, "day %lld is the last: it has no day "
			    "after it", (long long)n);
			goto out;
		}
		if ((rc = sb_perm_require_day(op->ctx, SB_ACT_DROP_DAY, op->board,
		    other.id)) != SB_OK)
			goto out;
		rc = move_strips(op, strips, count, other.id, 1);
		break;
	default:
		if ((rc = sb_target_day(op->ctx, op->board, "boneyard", 1, &target)) == SB_OK)
			rc = move_strips(op, strips, count, target, 0);
		break;
	}
	op->verb = "drop";
	op->verb_to = to == SB_DROP_PREV ? "prev" : to == SB_DROP_NEXT ? "next" : "boneyard";
	if (rc == SB_OK)
		rc = delete_day(op, &d, n);
	op->verb = op->verb_to = NULL;
	op->out.day = n;
out:
	free(strips);
	return rc;
}

static int
drop_op(struct dayop *op, const struct dayargs *a)
{
	return drop_day(op, a->n, a->to, a->if_version);
}

int
sb_day_drop(sb_ctx *ctx, int64_t board, int64_t n, enum sb_drop_to to, int64_t if_version)
{
	struct dayargs a = { .n = n, .to = to, .if_version = if_version };

	return run_dayop(ctx, board, LANE_MUST_EXIST, drop_op, &a);
}

static int
move_day(struct dayop *op, int64_t n, enum sb_where where, int64_t anchor,
    int64_t if_version)
{
	struct day_row d;
	char lo[SB_KEY_MAX + 2], hi[SB_KEY_MAX + 2], key[SB_KEY_MAX + 2];
	int64_t count, after, new_n;
	int have_lo, have_hi, rc;

	if ((rc = day_get(op, n, &d)) != SB_OK ||
	    (rc = sb_perm_require_day(op->ctx, SB_ACT_MOVE_DAY, op->board, d.id)) != SB_OK)
		return rc;
	if (if_version >= 0 && d.version != if_version)
		return day_conflict(op, n, &d, if_version);
	if ((rc = sb_shoot_day_count(op->ctx, op->lane, &count)) != SB_OK)
		return rc;
	if ((where == SB_AT_AFTER || where == SB_AT_BEFORE) &&
	    (anchor < 1 || anchor > count))
		return sb_err(op->ctx, SB_ENOTFOUND, "there is no day %lld: the board has "
		    "%lld shoot %s", (long long)anchor, (long long)count,
		    SB_PLURAL(count, "day", "days"));
	if ((where == SB_AT_AFTER || where == SB_AT_BEFORE) && anchor == n)
		return sb_err(op->ctx, SB_EUSAGE, "a day cannot move next to itself");
	/* the gap, counted among the days without this one */
	switch (where) {
	case SB_AT_FIRST: after = 0; break;
	case SB_AT_LAST: after = count - 1; break;
	case SB_AT_AFTER: after = anchor > n ? anchor - 1 : anchor; break;
	default: after = anchor > n ? anchor - 2 : anchor - 1; break;
	}
	new_n = after + 1;
	op->out.day = new_n;
	op->out_day = d.id;
	if (new_n == n)
		return SB_OK; /* already there */
	if ((rc = day_gap(op, after, d.id, lo, &have_lo, hi, &have_hi)) != SB_OK)
		return rc;
	rc = sb_key_between(have_lo ? lo : NULL, have_hi ? hi : NULL, key, sizeof(key));
	if (rc == SB_EDATA) {
		if ((rc = sb_rebalance_lane(op->ctx, op->lane)) != SB_OK ||
		    (rc = day_get(op, n, &d)) != SB_OK ||
		    (rc = day_gap(op, after, d.id, lo, &have_lo, hi, &have_hi)) != SB_OK)
			return rc;
		rc = sb_key_between(have_lo ? lo : NULL, have_hi ? hi : NULL, key, sizeof(key));
	}
	if (rc != SB_OK)
		return rc;
	if (sb_day_raised_mark(op->ctx, d.id) < 0)
		return sb_err(op->ctx, SB_EFAIL, "out of memory");
	if ((rc = store_day_move(op->ctx, d.id, key)) != SB_OK ||
	    (rc = sb_lane_unranked(op->ctx, op->lane)) != SB_OK)
		return rc;
	return day_audit(op, d.id, "shoot", d.pos, key, n, new_n, d.version, d.version + 1, 0);
}

static int
move_op(struct dayop *op, const struct dayargs *a)
{
	return move_day(op, a->n, a->where, a->anchor, a->if_version);
}

int
sb_day_move(sb_ctx *ctx, int64_t board, int64_t n, enum sb_where where, int64_t anchor,
    int64_t if_version)
{
	struct dayargs a = { .n = n, .where = where, .anchor = anchor,
	    .if_version = if_version };

	return run_dayop(ctx, board, LANE_MUST_EXIST, move_op, &a);
}

static int
split_day(struct dayop *op, int64_t n, const char *at, int64_t if_version)
{
	struct day_row d, fresh;
	struct sb_place place;
	int64_t strip, first, *strips = NULL;
	size_t count, from = 0;
	int rc;

	if ((rc = day_get(op, n, &d)) != SB_OK ||
	    (rc = sb_perm_require_day(op->ctx, SB_ACT_SPLIT_DAY, op->board, d.id)) != SB_OK)
		return rc;
	if (if_version >= 0 && d.version != if_version)
		return day_conflict(op, n, &d, if_version);
	if ((rc = sb_strip_find(op->ctx, op->project, at, &strip)) != SB_OK ||
	    (rc = sb_place_get(op->ctx, op->board, strip, &place)) != SB_OK)
		return rc;
	if (place.id == 0 || place.day != d.id)
		return sb_err(op->ctx, SB_EUSAGE, "strip %s is not on day %lld", at,
		    (long long)n);
	if ((rc = day_strips(op, d.id, &strips, &count)) != SB_OK)
		goto out;
	while (from < count && strips[from] != strip)
		from++;
	if (from == 0) {
		rc = sb_err(op->ctx, SB_EUSAGE, "strip %s is the first of day %lld: "
		    "nothing would stay on it", at, (long long)n);
		goto out;
	}
	op->verb = "split";
	op->verb_day = n;
	rc = add_days(op, n, 1, &first);
	op->verb = NULL;
	op->verb_day = 0;
	if (rc != SB_OK || (rc = day_get(op, n + 1, &fresh)) != SB_OK)
		goto out;
	op->out.day = n + 1;
	op->out_day = fresh.id;
	op->out.strips = (int64_t)(count - from);
	/* the strips keep their keys: they were in order, and the day is new */
	for (size_t i = from; i < count && rc == SB_OK; i++) {
		if ((rc = sb_place_get(op->ctx, op->board, strips[i], &place)) == SB_OK)
			rc = sb_place_write(op->ctx, op->project, op->board, op->board_name,
			    &place, strips[i], fresh.id, n + 1, place.pos, NULL);
	}
out:
	free(strips);
	return rc;
}

static int
split_op(struct dayop *op, const struct dayargs *a)
{
	return split_day(op, a->n, a->at, a->if_version);
}

int
sb_day_split(sb_ctx *ctx, int64_t board, int64_t n, const char *at, int64_t if_version)
{
	struct dayargs a = { .n = n, .at = at, .if_version = if_version };

	return run_dayop(ctx, board, LANE_MUST_EXIST, split_op, &a);
}

static int
join_days(struct dayop *op, int64_t n, int64_t other, int64_t if_version)
{
	struct day_row d, o;
	int64_t *strips = NULL;
	size_t count;
	int rc;

	if (other == n)
		return sb_err(op->ctx, SB_EUSAGE, "a day cannot join itself");
	if ((rc = day_get(op, n, &d)) != SB_OK || (rc = day_get(op, other, &o)) != SB_OK ||
	    (rc = sb_perm_require_day(op->ctx, SB_ACT_JOIN_DAY, op->board, d.id)) != SB_OK ||
	    (rc = sb_perm_require_day(op->ctx, SB_ACT_JOIN_DAY, op->board, o.id)) != SB_OK)
		return rc;
	if (if_version >= 0 && d.version != if_version)
		return day_conflict(op, n, &d, if_version);
	/* the day kept: one number less when the other went from before it */
	op->out.day = other < n ? n - 1 : n;
	op->out_day = d.id;
	if ((rc = day_strips(op, o.id, &strips, &count)) == SB_OK &&
	    (rc = move_strips(op, strips, count, d.id, 0)) == SB_OK) {
		op->verb = "join";
		op->verb_day = n;
		rc = delete_day(op, &o, other);
		op->verb = NULL;
		op->verb_day = 0;
	}
	free(strips);
	return rc;
}

static int
join_op(struct dayop *op, const struct dayargs *a)
{
	return join_days(op, a->n, a->other, a->if_version);
}

int
sb_day_join(sb_ctx *ctx, int64_t board, int64_t n, int64_t other, int64_t if_version)
{
	struct dayargs a = { .n = n, .other = other, .if_version = if_version };

	return run_dayop(ctx, board, LANE_MUST_EXIST, join_op, &a);
}

/*
 * The calendar
 */
int
sb_weekday_names_parse(const char *text, unsigned *mask)
{
	static const char *const names[7][3] = {
		{ "sun", "sunday", "su" }, { "mon", "monday", "mo" },
		{ "tue", "tuesday", "tu" }, { "wed", "wednesday", "we" },
		{ "thu", "thursday", "th" }, { "fri", "friday", "fr" },
		{ "sat", "saturday", "sa" },
	};
	const char *p = text;

	*mask = 0;
	while (*p != '\0') {
		size_t len;
		int found = -1;

		while (*p == ',' || *p == ' ')
			p++;
		len = strcspn(p, ", ");
		if (len == 0)
			break;
		if (len == 1 && *p >= '0' && *p <= '6')
			found = *p - '0';
		for (int d = 0; d < 7 && found < 0; d++)
			for (int k = 0; k < 3; k++)
				if (strlen(names[d][k]) == len && strncasecmp(p, names[d][k], len) == 0)
					found = d;
		if (found < 0)
			return SB_EDATA;
		*mask |= 1u << found;
		p += len;
	}
	return SB_OK;
}

static int
calendar_of(struct dayop *op, int64_t *cal, int64_t *version, char *days_off,
    size_t size)
{
	static const char find[] =
	    "SELECT c.id, c.version, coalesce(c.days_off, '') FROM board b"
	    " JOIN calendar c ON c.id = b.calendar_id WHERE b.id = ?1";
	sb_st *st = sb_stmt(op->ctx, find);
	struct sb_row_calendar row;
	int64_t board_version;
	char uid[25];
	struct sb_buf b;
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, op->board);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		*cal = sb_col_int64(st, 0);
		*version = sb_col_int64(st, 1);
		snprintf(days_off, size, "%s", sb_col_text(st, 2));
	}
	sb_reset(st);
	if (rc == SQLITE_ROW)
		return SB_OK;
	if (rc != SQLITE_DONE)
		return sb_sqlerr(op->ctx, "calendar");
	/* the board has none: make it one */
	sb_uid_new(uid);
	memset(&row, 0, sizeof(row));
	row.project_id = op->project;
	row.uid = uid;
	row.name = op->board_name;
	row.days_off = "";
	row.rank = STORE_RANK_NEXT;
	if ((rc = store_calendar_insert(op->ctx, &row, cal)) != SB_OK)
		return rc;
	*version = 1;
	days_off[0] = '\0';
	sb_buf_init(&b);
	sb_buf_printf(&b, "{\"set\":{\"project_id\":[null,%lld],\"uid\":[null,\"%s\"],"
	    "\"name\":[null,", (long long)op->project, uid);
	sb_json_quote(&b, op->board_name);
	sb_buf_puts(&b, "],\"days_off\":[null,\"\"]},\"about\":{\"board\":");
	sb_json_quote(&b, op->board_name);
	sb_buf_printf(&b, ",\"board_id\":%lld}}", (long long)op->board);
	rc = b.failed ? sb_err(op->ctx, SB_EFAIL, "out of memory") :
	    sb_audit(op->ctx, op->project, "calendar", *cal, 0, 1, sb_buf_str(&b));
	sb_buf_free(&b);
	if (rc != SB_OK)
		return rc;
	/* the board's version rises with its calendar */
	if ((st = sb_stmt(op->ctx, "SELECT version FROM board WHERE id = ?1")) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, op->board);
	rc = sb_step(st);
	board_version = sb_col_int64(st, 0);
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(op->ctx, "board");
	if ((rc = store_board_set_calendar(op->ctx, op->board, *cal, 1)) != SB_OK)
		return rc;
	sb_buf_init(&b);
	sb_buf_printf(&b, "{\"set\":{\"calendar_id\":[null,%lld]},\"about\":{\"board\":",
	    (long long)*cal);
	sb_json_quote(&b, op->board_name);
	sb_buf_puts(&b, "}}");
	rc = b.failed ? sb_err(op->ctx, SB_EFAIL, "out of memory") :
	    sb_audit(op->ctx, op->project, "board", op->board, board_version,
	    board_version + 1, sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

static const char *const kind_names[] = { "", "off", "holiday", "travel", "work", "event" };

/*
 * Take a calendar date out: its entries of the given kind (NULL: every kind
 * but start).  The audit row of each keeps every column, so that the trail
 * can put it back.
 */
static int
clear_date(struct dayop *op, int64_t cal, const char *date, const char *kind)
{
	static const char sel[] =
	    "SELECT id, version, kind, date, name, calendar_id, rank, uid, type, date_raw,"
	    " ext, absent FROM calendar_day"
	    " WHERE calendar_id = ?1 AND date = ?2 AND (?3 IS NULL AND kind <> 'start' OR kind = ?3)";
	static const char *const cols[] = { "kind", "date", "name", "calendar_id", "rank",
	    "uid", "type", "date_raw", "ext", "absent" };
	sb_st *st = sb_stmt(op->ctx, sel);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, cal);
	sb_bind_text(st, 2, date);
	sb_bind_text(st, 3, kind);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		int64_t id = sb_col_int64(st, 0);
		int64_t version = sb_col_int64(st, 1);
		struct sb_buf b;

		sb_buf_init(&b);
		sb_buf_puts(&b, "{\"set\":{");
		for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]); c++) {
			sb_buf_printf(&b, "%s\"%s\":[", c ? "," : "", cols[c]);
			store_col_json(&b, st, 2 + (int)c);
			sb_buf_puts(&b, ",null]");
		}
		sb_buf_puts(&b, "},\"about\":{\"board\":");
		sb_json_quote(&b, op->board_name);
		sb_buf_puts(&b, "}}");
		sb_reset(st);
		rc = store_calendar_day_delete(op->ctx, id);
		op->entries_changed++;
		if (rc == SB_OK)
			rc = b.failed ? sb_err(op->ctx, SB_EFAIL, "out of memory") :
			    sb_audit(op->ctx, op->project, "calendar_day", id, version, 0,
			    sb_buf_str(&b));
		sb_buf_free(&b);
		if (rc != SB_OK)
			return rc;
		/* look again from the start: the statement was reset */
		sb_bind_int64(st, 1, cal);
		sb_bind_text(st, 2, date);
		sb_bind_text(st, 3, kind);
	}
	sb_reset(st);
	return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(op->ctx, "calendar day");
}

static int
add_date(struct dayop *op, int64_t cal, const char *date, const char *kind,
    const char *name)
{
	struct sb_row_calendar_day row;
	const char *type, *ev_name;
	struct sb_buf b;
	char uid[25];
	int64_t id;
	int rc;

	/* written as USS spells them, so an export reads back the same */
	if (strcmp(kind, "start") == 0) {
		type = "start";
		ev_name = NULL;
	} else if (strcmp(kind, "off") == 0) {
		type = "dayOff";
		ev_name = "dayOff";
	} else {
		type = "event";
		ev_name = strcmp(kind, "holiday") == 0 ? "holiday" :
		    strcmp(kind, "travel") == 0 ? "travel" :
		    strcmp(kind, "work") == 0 ? "workday" : name;
	}
	sb_uid_new(uid);
	memset(&row, 0, sizeof(row));
	row.calendar_id = cal;
	row.rank = STORE_RANK_NEXT;
	row.uid = uid;
	row.type = type;
	row.name = ev_name;
	row.date_raw = date;
	row.date = date;
	row.kind = kind;
	if ((rc = store_calendar_day_insert(op->ctx, &row, &id)) != SB_OK)
		return rc;
	op->entries_changed++;
	sb_buf_init(&b);
	sb_buf_puts(&b, "{\"set\":{\"kind\":[null,");
	sb_json_quote(&b, kind);
	sb_buf_puts(&b, "],\"date\":[null,");
	sb_json_quote(&b, date);
	sb_buf_puts(&b, "],\"name\":[null,");
	if (ev_name != NULL)
		sb_json_quote(&b, ev_name);
	else
		sb_buf_puts(&b, "null");
	sb_buf_printf(&b, "],\"calendar_id\":[null,%lld],\"uid\":[null,\"%s\"],"
	    "\"type\":[null,", (long long)cal, uid);
	sb_json_quote(&b, type);
	sb_buf_puts(&b, "],\"date_raw\":[null,");
	sb_json_quote(&b, date);
	sb_buf_puts(&b, "]},\"about\":{\"board\":");
	sb_json_quote(&b, op->board_name);
	sb_buf_puts(&b, "}}");
	rc = b.failed ? sb_err(op->ctx, SB_EFAIL, "out of memory") :
	    sb_audit(op->ctx, op->project, "calendar_day", id, 0, 1, sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

/*
 * An entry of the calendar changed: the calendar's version rises, with its
 * audit row (the entries' own rows say what changed).
 */
static int
raise_calendar(struct dayop *op, int64_t cal, int64_t version)
{
	struct sb_buf b;
	int rc;

	if ((rc = store_calendar_bump(op->ctx, cal)) != SB_OK)
		return rc;
	sb_buf_init(&b);
	sb_buf_puts(&b, "{\"set\":{},\"about\":{\"board\":");
	sb_json_quote(&b, op->board_name);
	sb_buf_printf(&b, ",\"entries\":%lld}}", (long long)op->entries_changed);
	rc = b.failed ? sb_err(op->ctx, SB_EFAIL, "out of memory") :
	    sb_audit(op->ctx, op->project, "calendar", cal, version, version + 1,
	    sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

static int edit_calendar_entries(struct dayop *op, const struct sb_calendar_edit *e,
    int64_t if_version);

/*
 * The calendar's ext, for the audit row of a change of its days off: the
 * first call writes "[before" to b, the second ",after]", or nothing at all
 * when the two are the same.
 */
static int
calendar_ext(struct dayop *op, int64_t cal, struct sb_buf *b)
{
	sb_st *st = sb_stmt(op->ctx, "SELECT ext FROM calendar WHERE id = ?1");
	struct sb_buf v;
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, cal);
	if ((rc = sb_step(st)) != SQLITE_ROW) {
		sb_reset(st);
		return sb_sqlerr(op->ctx, "calendar");
	}
	sb_buf_init(&v);
	store_col_json(&v, st, 0);
	sb_reset(st);
	if (b->len == 0) {
		sb_buf_puts(b, "[");
		sb_buf_puts(b, sb_buf_str(&v));
	} else if (strcmp(b->data + 1, sb_buf_str(&v)) == 0) {
		b->len = 0;
		b->data[0] = '\0';
	} else {
		sb_buf_printf(b, ",%s]", sb_buf_str(&v));
	}
	if (v.failed)
		b->failed = 1;
	sb_buf_free(&v);
	return SB_OK;
}

static int
edit_calendar(struct dayop *op, const struct sb_calendar_edit *e, int64_t if_version)
{
	int rc = edit_calendar_entries(op, e, if_version);
	int64_t cal = 0, version = 0;
	char off[64];

	if (rc != SB_OK)
		return rc;
	if ((rc = calendar_of(op, &cal, &version, off, sizeof(off))) != SB_OK)
		return rc;
	op->out.entries = op->entries_changed;
	op->out_calendar = cal;
	if (op->entries_changed == 0)
		return SB_OK;
	return raise_calendar(op, cal, version);
}

static int
edit_calendar_entries(struct dayop *op, const struct sb_calendar_edit *e,
    int64_t if_version)
{
	char old_off[64], date[SB_DATE_BUFSZ];
	int64_t cal = 0, version = 0;
	sb_date d;
	int rc;

	if ((rc = calendar_of(op, &cal, &version, old_off, sizeof(old_off))) != SB_OK)
		return rc;
	if (if_version >= 0 && version != if_version) {
		struct sb_buf b;

		sb_buf_init(&b);
		sb_buf_puts(&b, "{\"conflict\":{\"board\":");
		sb_json_quote(&b, op->board_name);
		sb_buf_printf(&b, ",\"calendar\":%lld,\"expected_version\":%lld,"
		    "\"current_version\":%lld,\"changes\":", (long long)cal,
		    (long long)if_version, (long long)version);
		sb_audit_since(op->ctx, &b, "calendar", cal, if_version);
		sb_buf_puts(&b, "}}");
		return sb_conflict_set(op->ctx, &b, "%s: the calendar is at version %lld, "
		    "not %lld: someone changed it; read again and retry", op->board_name,
		    (long long)version, (long long)if_version);
	}
	if (e->days_off != NULL) {
		unsigned mask;
		char text[32] = "";
		struct sb_buf b;

		if (sb_weekday_names_parse(e->days_off, &mask) != SB_OK)
			return sb_err(op->ctx, SB_EUSAGE, "days off \"%s\": name weekdays "
			    "(sat,sun) or number them (0 Sunday to 6 Saturday)", e->days_off);
		if (mask == 0x7f)
			return sb_err(op->ctx, SB_EUSAGE, "every day of the week cannot be off");
		for (int w = 0; w < 7; w++)
			if (mask & (1u << w))
				snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%d",
				    text[0] ? "," : "", w);
		if (strcmp(text, old_off) != 0) {
			struct sb_buf ext;

			/* what a USS file said of its days off goes: keep it in the row */
			sb_buf_init(&ext);
			if ((rc = calendar_ext(op, cal, &ext)) != SB_OK ||
			    (rc = store_calendar_set_days_off(op->ctx, cal, text)) != SB_OK ||
			    (rc = calendar_ext(op, cal, &ext)) != SB_OK) {
				sb_buf_free(&ext);
				return rc;
			}
			sb_buf_init(&b);
			sb_buf_puts(&b, "{\"set\":{\"days_off\":[");
			sb_json_quote(&b, old_off);
			sb_buf_puts(&b, ",");
			sb_json_quote(&b, text);
			sb_buf_printf(&b, "]%s%s},\"about\":{\"board\":",
			    ext.len > 0 ? ",\"ext\":" : "", sb_buf_str(&ext));
			if (ext.failed)
				b.failed = 1;
			sb_buf_free(&ext);
			sb_json_quote(&b, op->board_name);
			sb_buf_puts(&b, "}}");
			rc = b.failed ? sb_err(op->ctx, SB_EFAIL, "out of memory") :
			    sb_audit(op->ctx, op->project, "calendar", cal, version,
			    version + 1, sb_buf_str(&b));
			sb_buf_free(&b);
			if (rc != SB_OK)
				return rc;
			version++;
			op->out.days_off = 1;
		}
	}
	if (e->start != NULL) {
		if (sb_date_parse(e->start, &d) != SB_OK || strlen(e->start) != 10)
			return sb_err(op->ctx, SB_EUSAGE, "start \"%s\" is not a date "
			    "(YYYY-MM-DD)", e->start);
		sb_date_format(d, date, sizeof(date));
		/* every start entry goes: there is one start */
		{
			sb_st *st = sb_stmt(op->ctx, "SELECT date FROM calendar_day"
			    " WHERE calendar_id = ?1 AND kind = 'start'");
			char old[SB_DATE_BUFSZ] = "";

			if (st == NULL)
				return SB_EFAIL;
			sb_bind_int64(st, 1, cal);
			while (sb_step(st) == SQLITE_ROW) {
				snprintf(old, sizeof(old), "%s", sb_col_text(st, 0));
				sb_reset(st);
				if ((rc = clear_date(op, cal, old, "start")) != SB_OK)
					return rc;
				sb_bind_int64(st, 1, cal);
			}
			sb_reset(st);
		}
		if ((rc = add_date(op, cal, date, "start", NULL)) != SB_OK)
			return rc;
	}
	for (size_t i = 0; i < e->nmarks; i++) {
		const struct sb_calendar_mark *m = &e->marks[i];

		if (m->date == NULL || sb_date_parse(m->date, &d) != SB_OK ||
		    strlen(m->date) != 10)
			return sb_err(op->ctx, SB_EUSAGE, "\"%s\" is not a date (YYYY-MM-DD)",
			    m->date != NULL ? m->date : "");
		if (m->kind < 0 || m->kind > SB_CAL_EVENT)
			return sb_err(op->ctx, SB_EUSAGE, "unknown kind of calendar day");
		sb_date_format(d, date, sizeof(date));
		/* a date says one thing: a new entry replaces what it said */
		if (m->kind != SB_CAL_EVENT && (rc = clear_date(op, cal, date, NULL)) != SB_OK)
			return rc;
		if (m->kind != 0 && (rc = add_date(op, cal, date, kind_names[m->kind],
		    m->name)) != SB_OK)
			return rc;
	}
	return SB_OK;
}

/*
 * The dates of the shoot days of every board that shares the calendar: a
 * calendar edit moves the dates of later days, and a day whose date
 * changed has another meaning, so its version rises ("its date changed").
 */
struct dated {
	int64_t board, day, n;
	sb_date date;          /* 0: none (no calendar, or past its end) */
	char board_name[256];
};

static int
shoot_dates(struct dayop *op, struct dated **out, size_t *nout)
{
	static const char sql[] =
	    "SELECT d.id, b.id, b.name FROM board b JOIN lane l ON l.board_id = b.id"
	    " JOIN day d ON d.lane_id = l.id WHERE (b.id = ?1 OR b.calendar_id ="
	    " (SELECT calendar_id FROM board WHERE id = ?1)) AND l.kind = 'schedule'"
	    " AND d.kind = 'shoot' ORDER BY b.id, l.rank, l.id, d.pos";
	sb_st *st = sb_stmt(op->ctx, sql);
	struct dated *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, op->board);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			void *p = sb_grow(v, &cap, n, 64, sizeof(*v));

			if (p == NULL) {
				sb_reset(st);
				free(v);
				return sb_err(op->ctx, SB_EFAIL, "out of memory");
			}
			v = p;
		}
		v[n].day = sb_col_int64(st, 0);
		v[n].board = sb_col_int64(st, 1);
		snprintf(v[n].board_name, sizeof(v[n].board_name), "%s", sb_col_text(st, 2));
		v[n].n = n > 0 && v[n - 1].board == v[n].board ? v[n - 1].n + 1 : 1;
		v[n].date = 0;
		n++;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return sb_sqlerr(op->ctx, "days");
	}
	/* each board's days walk its calendar */
	for (size_t i = 0; i < n;) {
		sb_calendar *cal = NULL;
		size_t j = i;
		sb_date d = 0;

		if ((rc = sb_board_calendar(op->ctx, v[i].board, &cal)) != SB_OK) {
			free(v);
			return rc;
		}
		for (; cal != NULL && j < n && v[j].board == v[i].board; j++) {
			if ((j == i ? sb_calendar_first(cal, &d) :
			    sb_calendar_next(cal, d, &d)) != SB_OK)
				break;
			v[j].date = d;
		}
		sb_calendar_free(cal);
		while (j < n && v[j].board == v[i].board)
			j++;
		i = j;
	}
	*out = v;
	*nout = n;
	return SB_OK;
}

static int
calendar_op(struct dayop *op, const struct dayargs *a)
{
	struct dated *before = NULL, *after = NULL;
	size_t nbefore = 0, nafter = 0;
	int rc;

	struct sb_scope s = { op->project, op->board, 0, 0 };

	if ((rc = sb_perm_require(op->ctx, SB_ACT_CALENDAR, &s)) != SB_OK ||
	    (rc = shoot_dates(op, &before, &nbefore)) != SB_OK)
		return rc;
	if ((rc = edit_calendar(op, a->edit, a->if_version)) == SB_OK &&
	    (op->entries_changed > 0 || op->out.days_off) &&
	    (rc = shoot_dates(op, &after, &nafter)) == SB_OK) {
		/* the same days in the same order: only their dates moved */
		for (size_t i = 0; i < nafter && i < nbefore && rc == SB_OK; i++)
			if (after[i].day == before[i].day && after[i].date != before[i].date)
				rc = sb_day_raise(op->ctx, op->project, after[i].board,
				    after[i].board_name, after[i].day, after[i].n, after[i].n,
				    "its date changed");
	}
	free(before);
	free(after);
	return rc;
}


int
sb_calendar_edit(sb_ctx *ctx, int64_t board, const struct sb_calendar_edit *e,
    int64_t if_version)
{
	struct dayargs a = { .edit = e, .if_version = if_version };

	return run_dayop(ctx, board, LANE_UNNEEDED, calendar_op, &a);
}

int
sb_calendar_show(sb_ctx *ctx, int64_t board, int format, FILE *out)
{
	static const char cal_sql[] =
	    "SELECT c.id, c.name, coalesce(c.days_off, ''), c.version FROM board b"
	    " JOIN calendar c ON c.id = b.calendar_id WHERE b.id = ?1";
	static const char days_sql[] =
	    "SELECT kind, date, coalesce(name, '') FROM calendar_day WHERE calendar_id = ?1"
	    " ORDER BY kind <> 'start', date, rank";
	static const char *const wd[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	sb_st *st;
	char off[64] = "", name[256] = "";
	int64_t cal, version;
	unsigned mask = 0;
	int rc, n = 0;
	struct sb_scope s = { 0, board, 0, 0 };

	if ((rc = sb_perm_require(ctx, SB_ACT_READ, &s)) != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, cal_sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, board);
	rc = sb_step(st);
	if (rc != SQLITE_ROW) {
		sb_reset(st);
		return rc == SQLITE_DONE ? sb_err(ctx, SB_ENOTFOUND, "the board has no "
		    "calendar (sb-day calendar --start DATE makes one)") :
		    sb_sqlerr(ctx, "calendar");
	}
	cal = sb_col_int64(st, 0);
	snprintf(name, sizeof(name), "%s", sb_col_text(st, 1) ?
	    (const char *)sb_col_text(st, 1) : "");
	sb_weekdays_parse((const char *)sb_col_text(st, 2), &mask);
	version = sb_col_int64(st, 3);
	sb_reset(st);
	for (int w = 0; w < 7; w++)
		if (mask & (1u << w))
			snprintf(off + strlen(off), sizeof(off) - strlen(off), "%s%s",
			    off[0] ? "," : "", wd[w]);
	if ((st = sb_stmt(ctx, days_sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, cal);
	if (format == SB_FMT_CSV)
		fprintf(out, "calendar,version,kind,date,name\n");
	else if (format == SB_FMT_JSON)
		fputc('[', out);
	else if (format == SB_FMT_TABLE)
		fprintf(out, "Calendar: %s (version %lld)\nDays off: %s\n", name,
		    (long long)version, off[0] ? off : "none");
	/* the weekly days off first, as a row of their own */
	for (int first = 1;; first = 0) {
		const char *kind, *date, *what;

		if (first) {
			kind = "days_off";
			date = "";
			what = off;
		} else {
			if ((rc = sb_step(st)) != SQLITE_ROW)
				break;
			kind = (const char *)sb_col_text(st, 0);
			date = (const char *)sb_col_text(st, 1);
			what = (const char *)sb_col_text(st, 2);
		}
		if (format == SB_FMT_TABLE) {
			if (!first) {
				sb_date d;

				if (sb_date_parse(date, &d) == SB_OK)
					fprintf(out, "%-9s%s %s  %s\n", kind,
					    (const char *[]){ "Sun", "Mon", "Tue", "Wed", "Thu",
					    "Fri", "Sat" }[sb_date_weekday(d)], date, what);
			}
		} else if (format == SB_FMT_CSV) {
			sb_csv_write_field(out, name);
			fprintf(out, ",%lld,%s,%s,", (long long)version, kind, date);
			sb_csv_write_field(out, what);
			fputc('\n', out);
		} else {
			if (format == SB_FMT_JSON)
				fputs(n > 0 ? ",\n" : "\n", out);
			fputs("{\"calendar\":", out);
			sb_json_write_string(out, name);
			fprintf(out, ",\"version\":%lld,\"kind\":\"%s\",\"date\":", (long long)version,
			    kind);
			sb_json_write_string(out, date[0] ? date : NULL);
			fputs(",\"name\":", out);
			sb_json_write_string(out, what);
			fputc('}', out);
			if (format == SB_FMT_NDJSON)
				fputc('\n', out);
		}
		n++;
	}
	sb_reset(st);
	if (format == SB_FMT_JSON)
		fputs(n > 0 ? "\n]\n" : "]\n", out);
	return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "calendar days");
}
