/*
 * op_move.c - moving strips on a board: writing a placement with its audit
 * row, the position key between the neighbours of the place asked for, and
 * the optimistic version check with its report.  Finding boards, strips,
 * lanes and days is lib/store_lookup.c.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "board_priv.h"
#include "json_priv.h"
#include "move_priv.h"
#include "perm_priv.h"
#include "store.h"

/*
 * Writing a place
 */
/* The number of a day for an audit row: known (>= 0), or counted. */
static int64_t
day_no(sb_ctx *ctx, int64_t day, int64_t known)
{
	int64_t n = 0;

	if (known >= 0)
		return known;
	if (day != 0)
		sb_day_number(ctx, day, &n);
	return n;
}

static void
lane_about(sb_ctx *ctx, struct sb_buf *b, int64_t day)
{
	sb_st *st;

	if (day == 0 || (st = sb_stmt(ctx, "SELECT l.kind FROM day d JOIN lane l"
	    " ON l.id = d.lane_id WHERE d.id = ?1")) == NULL) {
		sb_buf_puts(b, "null");
		return;
	}
	sb_bind_int64(st, 1, day);
	if (sb_step(st) == SQLITE_ROW)
		sb_json_quote(b, (const char *)sb_col_text(st, 0));
	else
		sb_buf_puts(b, "null");
	sb_reset(st);
}

/* The slot of day in the set of days raised (open addressing; 0 is free). */
static size_t
raised_slot(const int64_t *set, size_t cap, int64_t day)
{
	/* Fibonacci hashing of the id: neighbouring ids spread */
	size_t i = (size_t)(((uint64_t)day * UINT64_C(0x9e3779b97f4a7c15)) >> 20) & (cap - 1);

	while (set[i] != 0 && set[i] != day)
		i = (i + 1) & (cap - 1);
	return i;
}

/*
 * Mark day raised in this transaction: 1 if it was already, 0 if marked
 * now, -1 out of memory.  A hash set: a change of days that renumbers a
 * lane of 262 000 days marks each once, where a list searched each time
 * cost 3.4e10 comparisons.
 */
int
sb_day_raised_mark(sb_ctx *ctx, int64_t day)
{
	size_t i;

	if (day <= 0)
		return 0; /* no such day: nothing to mark (ids start at 1) */
	/* at most half full */
	if ((ctx->ndays_raised + 1) * 2 > ctx->days_raised_cap) {
		size_t cap = ctx->days_raised_cap ? ctx->days_raised_cap * 2 : 64;
		int64_t *set = calloc(cap, sizeof(*set));

		if (set == NULL)
			return -1;
		for (size_t k = 0; k < ctx->days_raised_cap; k++)
			if (ctx->days_raised[k] != 0)
				set[raised_slot(set, cap, ctx->days_raised[k])] =
				    ctx->days_raised[k];
		free(ctx->days_raised);
		ctx->days_raised = set;
		ctx->days_raised_cap = cap;
	}
	i = raised_slot(ctx->days_raised, ctx->days_raised_cap, day);
	if (ctx->days_raised[i] == day)
		return 1;
	ctx->days_raised[i] = day;
	ctx->ndays_raised++;
	return 0;
}

int
sb_day_raise(sb_ctx *ctx, int64_t project, int64_t board, const char *board_name,
    int64_t day, int64_t n_before, int64_t n_after, const char *why)
{
	struct sb_buf b;
	int64_t before = 0;
	int rc;

	if (day == 0)
		return SB_OK;
	switch (sb_day_raised_mark(ctx, day)) {
	case 1:
		return SB_OK; /* once a transaction */
	case -1:
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	/* the number the day has now is kept with it: no renumbering later */
	if ((rc = store_day_bump(ctx, day, n_after, &before)) != SB_OK || before < 0)
		return rc;
	sb_buf_init(&b);
	sb_buf_puts(&b, "{\"set\":{},\"about\":{\"board\":");
	sb_json_quote(&b, board_name);
	sb_buf_printf(&b, ",\"board_id\":%lld,\"day\":[", (long long)board);
	sb_json_int_or_null(&b, n_before, n_before > 0);
	sb_buf_puts(&b, ",");
	sb_json_int_or_null(&b, n_after, n_after > 0);
	sb_buf_puts(&b, "],\"why\":");
	sb_json_quote(&b, why);
	sb_buf_puts(&b, "}}");
	rc = b.failed ? sb_err(ctx, SB_EFAIL, "out of memory") :
	    sb_audit(ctx, project, "day", day, before, before + 1, sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

int
sb_place_write(sb_ctx *ctx, int64_t project, int64_t board, const char *board_name,
    const struct sb_place *from, int64_t strip, int64_t day, int64_t day_n,
    const char *key, int64_t *new_version)
{
	int64_t from_n;
	static const char about_sql[] = "SELECT uid, scene FROM strip WHERE id = ?1";
	sb_st *st;
	struct sb_buf b;
	int64_t id = 0, vafter;
	int rc;

	if (from->id != 0) {
		id = from->id;
		vafter = from->version + 1;
		rc = store_placement_move(ctx, id, day, key);
	} else {
		struct sb_row_placement row;

		memset(&row, 0, sizeof(row));
		row.board_id = board;
		row.strip_id = strip;
		row.day_id = day;
		row.pos = key;
		vafter = 1;
		rc = store_placement_insert(ctx, &row, &id);
	}
	if (rc != SB_OK)
		return rc;

	sb_buf_init(&b);
	sb_buf_puts(&b, "{\"set\":{\"day_id\":[");
	sb_json_int_or_null(&b, from->day, from->id != 0);
	sb_buf_printf(&b, ",%lld],\"pos\":[", (long long)day);
	if (from->id != 0)
		sb_json_quote(&b, from->pos);
	else
		sb_buf_puts(&b, "null");
	sb_buf_puts(&b, ",");
	sb_json_quote(&b, key);
	if (from->id == 0)
		sb_buf_printf(&b, "],\"board_id\":[null,%lld],\"strip_id\":[null,%lld]",
		    (long long)board, (long long)strip);
	else
		sb_buf_puts(&b, "]");
	sb_buf_puts(&b, "},\"about\":{");
	if ((st = sb_stmt(ctx, about_sql)) != NULL) {
		sb_bind_int64(st, 1, strip);
		if (sb_step(st) == SQLITE_ROW) {
			sb_buf_puts(&b, "\"strip\":");
			sb_json_quote(&b, (const char *)sb_col_text(st, 0));
			sb_buf_puts(&b, ",\"scene\":");
			if (sb_col_type(st, 1) == SQLITE_NULL)
				sb_buf_puts(&b, "null");
			else
				sb_json_quote(&b, (const char *)sb_col_text(st, 1));
			sb_buf_puts(&b, ",");
		}
		sb_reset(st);
	}
	sb_buf_puts(&b, "\"board\":");
	sb_json_quote(&b, board_name);
	/* counting a day's number walks the days before it: count once */
	day_n = day_no(ctx, day, day_n);
	from_n = from->id == 0 ? 0 : from->day == day ? day_n : day_no(ctx, from->day, -1);
	sb_buf_printf(&b, ",\"board_id\":%lld,\"day\":[", (long long)board);
	sb_json_int_or_null(&b, from_n, from_n > 0);
	sb_buf_puts(&b, ",");
	sb_json_int_or_null(&b, day_n, day_n > 0);
	sb_buf_puts(&b, "],\"lane\":[");
	lane_about(ctx, &b, from->id != 0 ? from->day : 0);
	sb_buf_puts(&b, ",");
	lane_about(ctx, &b, day);
	sb_buf_puts(&b, "]}}");
	if (b.failed) {
		sb_buf_free(&b);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	rc = sb_audit(ctx, project, "placement", id, from->id != 0 ? from->version : 0,
	    vafter, sb_buf_str(&b));
	sb_buf_free(&b);
	/* a strip entering or leaving a day changes what the day means */
	if (rc == SB_OK && from->id != 0 && from->day != day)
		rc = sb_day_raise(ctx, project, board, board_name, from->day, from_n,
		    from_n, "a strip left");
	if (rc == SB_OK && (from->id == 0 || from->day != day))
		rc = sb_day_raise(ctx, project, board, board_name, day, day_n, day_n,
		    "a strip entered");
	if (rc == SB_OK && new_version != NULL)
		*new_version = vafter;
	return rc;
}

/*
 * The neighbours of a place in a day, leaving out the strip being moved:
 * the key before (lo) and after (hi), and the strips they belong to.
 */
struct gap {
	char lo[SB_KEY_MAX + 2], hi[SB_KEY_MAX + 2];
	int64_t lo_strip, hi_strip;
	int have_lo, have_hi;
};

static int
neighbour(sb_ctx *ctx, const char *sql, int64_t day, const char *pos, int64_t self,
    char *key, int64_t *strip, int *have)
{
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*have = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, day);
	if (pos != NULL)
		sb_bind_text(st, 2, pos);
	else
		sb_bind_null(st, 2);
	sb_bind_int64(st, 3, self);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(key, SB_KEY_MAX + 2, "%s", sb_col_text(st, 0));
		*strip = sb_col_int64(st, 1);
		*have = 1;
	}
	sb_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "placement");
}

static const char next_sql[] =
    "SELECT pos, strip_id FROM placement WHERE day_id = ?1"
    " AND (?2 IS NULL OR pos > ?2) AND strip_id <> ?3 ORDER BY pos LIMIT 1";
static const char prev_sql[] =
    "SELECT pos, strip_id FROM placement WHERE day_id = ?1"
    " AND (?2 IS NULL OR pos < ?2) AND strip_id <> ?3 ORDER BY pos DESC LIMIT 1";

static int
find_gap(sb_ctx *ctx, int64_t day, enum sb_where where, const struct sb_place *anchor,
    int64_t self, struct gap *g)
{
	int rc;

	memset(g, 0, sizeof(*g));
	switch (where) {
	case SB_AT_FIRST:
		return neighbour(ctx, next_sql, day, NULL, self, g->hi, &g->hi_strip,
		    &g->have_hi);
	case SB_AT_KEEP:
	case SB_AT_LAST:
		return neighbour(ctx, prev_sql, day, NULL, self, g->lo, &g->lo_strip,
		    &g->have_lo);
	case SB_AT_AFTER:
		snprintf(g->lo, sizeof(g->lo), "%s", anchor->pos);
		g->lo_strip = anchor->strip;
		g->have_lo = 1;
		return neighbour(ctx, next_sql, day, anchor->pos, self, g->hi,
		    &g->hi_strip, &g->have_hi);
	case SB_AT_BEFORE:
		snprintf(g->hi, sizeof(g->hi), "%s", anchor->pos);
		g->hi_strip = anchor->strip;
		g->have_hi = 1;
		rc = neighbour(ctx, prev_sql, day, anchor->pos, self, g->lo,
		    &g->lo_strip, &g->have_lo);
		return rc;
	}
	return SB_OK;
}

/* Is the strip at place already in the gap? */
static int
in_gap(sb_ctx *ctx, const struct sb_place *place, int64_t day, const struct gap *g,
    int *yes)
{
	char key[SB_KEY_MAX + 2];
	int64_t strip;
	int have, rc;

	*yes = 0;
	if (place->id == 0 || place->day != day)
		return SB_OK;
	if (g->have_lo && strcmp(place->pos, g->lo) <= 0)
		return SB_OK;
	if (g->have_hi && strcmp(place->pos, g->hi) >= 0)
		return SB_OK;
	/* strictly between the neighbours, and nothing else between them */
	if ((rc = neighbour(ctx, next_sql, day, g->have_lo ? g->lo : NULL, place->strip,
	    key, &strip, &have)) != SB_OK)
		return rc;
	*yes = !have || !g->have_hi || strcmp(key, g->hi) >= 0;
	return SB_OK;
}

/* Build the conflict report of a stale version. */
static int
conflict(sb_ctx *ctx, int64_t board, const char *board_name, const struct sb_place *place,
    int64_t expected)
{
	static const char strip_sql[] = "SELECT uid, scene FROM strip WHERE id = ?1";
	struct sb_buf b;
	sb_st *st;
	sb_calendar *cal = NULL;
	int64_t n = 0;

	sb_buf_init(&b);
	sb_buf_puts(&b, "{\"conflict\":{\"board\":");
	sb_json_quote(&b, board_name);
	if ((st = sb_stmt(ctx, strip_sql)) != NULL) {
		sb_bind_int64(st, 1, place->strip);
		if (sb_step(st) == SQLITE_ROW) {
			sb_buf_puts(&b, ",\"strip\":");
			sb_json_quote(&b, (const char *)sb_col_text(st, 0));
			sb_buf_puts(&b, ",\"scene\":");
			if (sb_col_type(st, 1) == SQLITE_NULL)
				sb_buf_puts(&b, "null");
			else
				sb_json_quote(&b, (const char *)sb_col_text(st, 1));
		}
		sb_reset(st);
	}
	sb_buf_printf(&b, ",\"expected_version\":%lld,\"current_version\":%lld,"
	    "\"current\":{\"lane\":", (long long)expected, (long long)place->version);
	if (place->id != 0)
		sb_json_quote(&b, place->lane_kind);
	else
		sb_buf_puts(&b, "null");
	if (place->id != 0)
		sb_day_number(ctx, place->day, &n);
	sb_buf_puts(&b, ",\"day\":");
	sb_json_int_or_null(&b, n, n > 0);
	sb_buf_puts(&b, ",\"date\":");
	if (n > 0 && strcmp(place->lane_kind, "schedule") == 0 &&
	    sb_board_calendar(ctx, board, &cal) == SB_OK && cal != NULL) {
		sb_date d;
		char date[SB_DATE_BUFSZ];

		if (sb_calendar_nth(cal, n, &d) == SB_OK)
			sb_json_quote(&b, sb_date_format(d, date, sizeof(date)));
		else
			sb_buf_puts(&b, "null");
	} else {
		sb_buf_puts(&b, "null");
	}
	sb_calendar_free(cal);
	sb_buf_printf(&b, ",\"version\":%lld},\"changes\":", (long long)place->version);
	sb_audit_since(ctx, &b, "placement", place->id, expected);
	sb_buf_puts(&b, "}}");
	return sb_conflict_set(ctx, &b, "%s: strip is at version %lld, not %lld: "
	    "someone changed it; read again and retry", board_name,
	    (long long)place->version, (long long)expected);
}

/* Put one strip at a place of a day; *moved says whether it moved. */
static int
place_one(sb_ctx *ctx, int64_t project, int64_t board, const char *board_name,
    int64_t strip, int64_t day, int64_t day_n, enum sb_where where,
    const struct sb_place *anchor, int check, int *moved, int64_t *version)
{
	struct sb_place place;
	struct gap g;
	char key[SB_KEY_MAX + 2];
	int rc, yes;

	*moved = 0;
	if ((rc = sb_place_get(ctx, board, strip, &place)) != SB_OK)
		return rc;
	/*
	 * a scheduler where the strip stands (sb-perm(1)): its day is known
	 * here, so the check reads nothing more
	 */
	if (check && (rc = sb_perm_require(ctx, SB_ACT_MOVE, &(struct sb_scope){ project,
	    board, place.day, strip })) != SB_OK)
		return rc;
	*version = place.version;
	if (anchor != NULL && anchor->strip == strip)
		return sb_err(ctx, SB_EUSAGE, "a strip cannot be moved before or after "
		    "itself");
	if (where == SB_AT_KEEP) {
		if (place.id != 0 && place.day == day)
			return SB_OK;
		where = SB_AT_LAST;
	}
	if ((rc = find_gap(ctx, day, where, anchor, strip, &g)) != SB_OK ||
	    (rc = in_gap(ctx, &place, day, &g, &yes)) != SB_OK)
		return rc;
	if (yes)
		return SB_OK;
	rc = sb_key_between(g.have_lo ? g.lo : NULL, g.have_hi ? g.hi : NULL, key,
	    sizeof(key));
	if (rc == SB_EDATA) {
		/* keys grew long here: lay the day out again and look anew */
		struct sb_place fresh;

		if ((rc = sb_rebalance_day(ctx, day)) != SB_OK)
			return rc;
		if (anchor != NULL) {
			if ((rc = sb_place_get(ctx, board, anchor->strip, &fresh)) != SB_OK)
				return rc;
			anchor = &fresh;
		}
		if ((rc = sb_place_get(ctx, board, strip, &place)) != SB_OK ||
		    (rc = find_gap(ctx, day, where, anchor, strip, &g)) != SB_OK)
			return rc;
		rc = sb_key_between(g.have_lo ? g.lo : NULL, g.have_hi ? g.hi : NULL,
		    key, sizeof(key));
	}
	if (rc != SB_OK)
		return sb_err(ctx, SB_EFAIL, "internal error: no position key fits");
	if ((rc = sb_place_write(ctx, project, board, board_name, &place, strip, day,
	    day_n, key, version)) != SB_OK)
		return rc;
	*moved = 1;
	return SB_OK;
}

/* Add a scene number to a comma-separated list, cut short with "...". */
void
sb_omitted_note(char *list, size_t size, const char *scene)
{
	size_t len = strlen(list);
	const char *s = scene != NULL && scene[0] != '\0' ? scene : "?";

	if (len >= 3 && strcmp(list + len - 3, "...") == 0)
		return;
	if (len + strlen(s) + 2 + 4 > size) {
		snprintf(list + len, size - len, "%s...", len > 0 ? "," : "");
		return;
	}
	snprintf(list + len, size - len, "%s%s", len > 0 ? "," : "", s);
}

/* A strip the script omitted, now on a shoot day: note it for a warning. */
static int
note_omitted(sb_ctx *ctx, int64_t strip, int64_t day, struct sb_move_result *res)
{
	static const char sql[] = "SELECT s.scene FROM strip s, day d"
	    " WHERE s.id = ?1 AND d.id = ?2 AND s.omitted <> 0 AND d.kind = 'shoot'";
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, strip);
	sb_bind_int64(st, 2, day);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		res->omitted++;
		sb_omitted_note(res->omitted_scenes, sizeof(res->omitted_scenes),
		    (const char *)sb_col_text(st, 0));
	}
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(ctx, "strip");
	return SB_OK;
}

/* Only a refusal, or a failure, ends a check: the rest is sb_move()'s to say. */
static int
check_rc(int rc)
{
	return rc == SB_EPERM || rc == SB_EFAIL || rc == SB_EBUSY ? rc : SB_OK;
}

int
sb_move_check(sb_ctx *ctx, int64_t board, const struct sb_move *m)
{
	int64_t project = 0, day = 0, strip, target;
	struct sb_place anchor;
	int rc;

	if ((rc = sb_board_project(ctx, board, &project)) != SB_OK)
		return check_rc(rc);
	if (m->anchor != NULL && (m->where == SB_AT_AFTER || m->where == SB_AT_BEFORE)) {
		int64_t anchor_strip;

		if ((rc = sb_strip_find(ctx, project, m->anchor, &anchor_strip)) != SB_OK ||
		    (rc = sb_place_get(ctx, board, anchor_strip, &anchor)) != SB_OK)
			return check_rc(rc);
		day = anchor.day;
	}
	if (m->to != NULL) {
		rc = sb_target_day(ctx, board, m->to, 0, &target);
		if (rc == SB_ENOTFOUND)
			rc = sb_perm_require(ctx, SB_ACT_MOVE, &(struct sb_scope){ project,
			    board, 0, 0 });
		else if (rc == SB_OK)
			day = target;
		if (rc != SB_OK)
			return check_rc(rc);
	}
	if (day != 0 && (rc = sb_perm_require(ctx, SB_ACT_MOVE, &(struct sb_scope){ project,
	    board, day, 0 })) != SB_OK)
		return check_rc(rc);
	for (size_t i = 0; i < m->nstrips; i++) {
		if ((rc = sb_strip_find(ctx, project, m->strips[i], &strip)) != SB_OK)
			return check_rc(rc);
		if ((rc = sb_perm_require(ctx, SB_ACT_MOVE, &(struct sb_scope){ project,
		    board, 0, strip })) != SB_OK)
			return check_rc(rc);
	}
	return SB_OK;
}

static int
move_in_tx(sb_ctx *ctx, int64_t board, const struct sb_move *m,
    struct sb_move_result *res)
{
	char board_name[256];
	struct sb_place anchor, prev, cur_place;
	int64_t project = 0, day = 0, day_n = -1, strip, *ids = NULL;
	int rc, moved;

	if ((rc = sb_board_project(ctx, board, &project)) != SB_OK)
		return rc;
	sb_board_name(ctx, board, board_name, sizeof(board_name));
	if ((m->where == SB_AT_AFTER || m->where == SB_AT_BEFORE) && m->anchor == NULL)
		return sb_err(ctx, SB_EUSAGE, "after or before which strip?");
	if (m->where != SB_AT_AFTER && m->where != SB_AT_BEFORE && m->to == NULL)
		return sb_err(ctx, SB_EUSAGE, "to which day?");
	if (m->anchor != NULL && (m->where == SB_AT_AFTER || m->where == SB_AT_BEFORE)) {
		int64_t anchor_strip;

		if ((rc = sb_strip_find(ctx, project, m->anchor, &anchor_strip)) != SB_OK ||
		    (rc = sb_place_get(ctx, board, anchor_strip, &anchor)) != SB_OK)
			return rc;
		if (anchor.id == 0)
			return sb_err(ctx, SB_ENOTFOUND, "strip %s is not on board \"%s\"",
			    m->anchor, board_name);
		day = anchor.day;
	}
	if (m->to != NULL) {
		int64_t target;

		/*
		 * A boneyard or list made on the way is the board's: a
		 * scheduler of the board makes it; any other target is checked
		 * below, as a day
		 */
		rc = sb_target_day(ctx, board, m->to, 0, &target);
		if (rc == SB_ENOTFOUND) {
			struct sb_scope on = { project, board, 0, 0 };

			if ((rc = sb_perm_require(ctx, SB_ACT_MOVE, &on)) != SB_OK)
				return rc;
			rc = sb_target_day(ctx, board, m->to, 1, &target);
		}
		if (rc != SB_OK)
			return rc;
		/* a day named by its number: no need to count it again */
		if (m->to[0] >= '0' && m->to[0] <= '9')
			day_n = strtoll(m->to, NULL, 10);
		if (day != 0 && day != target)
			return sb_err(ctx, SB_EUSAGE, "strip %s is not on %s%s", m->anchor,
			    m->to[0] >= '0' && m->to[0] <= '9' ? "day " : "", m->to);
		day = target;
	}
	/* the day the strips go to: a scheduler there, or no move */
	if (day != 0) {
		struct sb_scope to = { project, board, day, 0 };

		if ((rc = sb_perm_require(ctx, SB_ACT_MOVE, &to)) != SB_OK)
			return rc;
	}
	if ((ids = calloc(m->nstrips, sizeof(*ids))) == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	for (size_t i = 0; i < m->nstrips; i++) {
		enum sb_where where = m->where;
		const struct sb_place *a = m->where == SB_AT_AFTER ||
		    m->where == SB_AT_BEFORE ? &anchor : NULL;

		int checked = 0;

		if ((rc = sb_strip_find(ctx, project, m->strips[i], &strip)) != SB_OK)
			goto out;
		if (i == 0 && m->if_version >= 0) {
			struct sb_place cur;

			/* the strip where it stands, before its version says anything */
			if ((rc = sb_place_get(ctx, board, strip, &cur)) != SB_OK ||
			    (rc = sb_perm_require(ctx, SB_ACT_MOVE, &(struct sb_scope){ project,
			    board, cur.day, strip })) != SB_OK)
				goto out;
			checked = 1;
			if (cur.version != m->if_version) {
				rc = conflict(ctx, board, board_name, &cur, m->if_version);
				goto out;
			}
		}
		/* a strip named twice would be placed after itself */
		for (size_t j = 0; j < i; j++)
			if (ids[j] == strip) {
				rc = strcmp(m->strips[i], m->strips[j]) == 0 ?
				    sb_err(ctx, SB_EUSAGE, "strip %s is named twice: name "
				    "each strip once", m->strips[i]) :
				    sb_err(ctx, SB_EUSAGE, "strip %s is named twice (as %s "
				    "and %s): name each strip once", m->strips[i],
				    m->strips[j], m->strips[i]);
				goto out;
			}
		ids[i] = strip;
		if (i > 0) {
			/* the rest follow the first, in the order given */
			if ((rc = sb_place_get(ctx, board, prev.strip, &prev)) != SB_OK)
				goto out;
			where = SB_AT_AFTER;
			a = &prev;
		}
		if ((rc = place_one(ctx, project, board, board_name, strip, day, day_n,
		    where, a, !checked, &moved, &res->version)) != SB_OK)
			goto out;
		if (moved)
			res->moved++;
		else
			res->unchanged++;
		if (moved && (rc = sb_place_get(ctx, board, strip, &cur_place)) == SB_OK)
			rc = note_omitted(ctx, strip, cur_place.day, res);
		if (rc != SB_OK)
			goto out;
		prev.strip = strip;
	}
	rc = SB_OK;
out:
	free(ids);
	return rc;
}

int
sb_move(sb_ctx *ctx, int64_t board, const struct sb_move *m, struct sb_move_result *res)
{
	int rc;

	memset(res, 0, sizeof(*res));
	free(ctx->conflict);
	ctx->conflict = NULL;
	if (m->nstrips == 0)
		return sb_err(ctx, SB_EUSAGE, "no strip to move");
	if (m->if_version >= 0 && m->nstrips != 1)
		return sb_err(ctx, SB_EUSAGE, "a version check is for one strip at a time");
	if ((rc = sb_tx_begin(ctx)) != SB_OK)
		return rc;
	rc = move_in_tx(ctx, board, m, res);
	return sb_tx_end(ctx, rc);
}
