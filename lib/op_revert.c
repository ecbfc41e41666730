/*
 * op_revert.c - undoing audited changes (sb-log revert): the inverse of each
 * audit row named, applied as a new, audited change, like git revert and
 * never a rewrite of the trail.  Each row is checked against the version it
 * left: if the strip, placement, day, board or element changed since, the
 * whole revert is refused (SB_ECONFLICT, a report) and nothing is written.
 * The rows are undone newest first, in one transaction.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json_priv.h"
#include "perm_priv.h"
#include "move_priv.h"
#include "store.h"
#include "strip_priv.h"

/* A column in an audit row's "set": from null (made), or to null (gone). */
#define FROM_NULL(c) "json_array(NULL, " c ")"
#define TO_NULL(c) "json_array(" c ", NULL)"

struct arow {
	int64_t id, project, entity_id, vbefore, vafter;
	char entity[32];
	json_t *changes;
};

/*
 * A row this revert already put back: its logical version (the one the
 * undone audit row started from) is now numbered actual, so an older row
 * of the same revert that left it at logical finds it as it left it.
 */
struct seen {
	char entity[32];
	int64_t id, logical, actual;
};

struct revert {
	sb_ctx *ctx;
	FILE *out;
	struct sb_buf said;     /* the lines, written once all is undone */
	size_t done;
	struct seen *seen;
	size_t nseen;
	int days_changed;       /* a day was put back: renumber its lane */
	int projects_changed;   /* a project replaced by another: a server's
	                           statistics of the tables made fresh */
	struct { int64_t id, n, project; } *cals; /* calendars whose entries this revert changed */
	size_t ncals;
	const int64_t *ids;     /* the rows named, newest first */
	size_t nids;
	int64_t trail_end;      /* the last audit row before this revert */
};

/* The version a row the revert touched carries for logical version v. */
static int64_t
actual_of(const struct revert *rv, const char *entity, int64_t id, int64_t v)
{
	for (size_t i = rv->nseen; i > 0; i--) {
		const struct seen *s = &rv->seen[i - 1];

		if (s->id == id && strcmp(s->entity, entity) == 0)
			return s->logical == v ? s->actual : -1;
	}
	return v;
}

static int version_of(sb_ctx *ctx, const char *entity, int64_t id, int64_t *v);
static char *one_text(sb_ctx *ctx, const struct arow *r, const char *sql, int64_t a,
    int64_t b, int optional, int *rc, const char *what, ...)
    __attribute__((format(printf, 8, 9)));
static int one_int(sb_ctx *ctx, const char *sql, int64_t id, const char *what, int64_t *out);

/* The active board of project ?1 (0: none). */
static const char active_of[] =
    "SELECT coalesce(active_board_id, 0) FROM project WHERE id = ?1";

/* Note that the row undone by r now stands at its version before r. */
static int
seen_add(struct revert *rv, const struct arow *r)
{
	struct seen *s;
	void *p;
	int64_t now = 0;
	int rc;

	if (strcmp(r->entity, "kept") == 0)
		return SB_OK; /* a row of the trail's own, of no version */
	if (strcmp(r->entity, "day") != 0 && strcmp(r->entity, "project") != 0 &&
	    (rc = version_of(rv->ctx, r->entity, r->entity_id, &now)) != SB_OK)
		return rc;
	if ((p = realloc(rv->seen, (rv->nseen + 1) * sizeof(*rv->seen))) == NULL)
		return sb_err(rv->ctx, SB_EFAIL, "out of memory");
	rv->seen = p;
	s = &rv->seen[rv->nseen++];
	snprintf(s->entity, sizeof(s->entity), "%s", r->entity);
	s->id = r->entity_id;
	s->logical = r->vbefore;
	s->actual = now;
	return SB_OK;
}

static int
oom(sb_ctx *ctx)
{
	return sb_err(ctx, SB_EFAIL, "out of memory");
}

/* A row's current version, 0 when it is gone. */
static int
version_of(sb_ctx *ctx, const char *entity, int64_t id, int64_t *v)
{
	static const char *const sql[][2] = {
		{ "placement", "SELECT version FROM placement WHERE id = ?1" },
		{ "day", "SELECT version FROM day WHERE id = ?1" },
		{ "strip", "SELECT version FROM strip WHERE id = ?1" },
		{ "board", "SELECT version FROM board WHERE id = ?1" },
		{ "element", "SELECT version FROM element WHERE id = ?1" },
		{ "calendar", "SELECT version FROM calendar WHERE id = ?1" },
		{ "lane", "SELECT version FROM lane WHERE id = ?1" },
		{ "category", "SELECT version FROM category WHERE id = ?1" },
		{ "calendar_day", "SELECT version FROM calendar_day WHERE id = ?1" },
	};

	*v = 0;
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
		if (strcmp(sql[i][0], entity) == 0)
			return one_int(ctx, sql[i][1], id, entity, v);
	return SB_EFAIL;
}

/* The revert of row r meets a change made since: the report and SB_ECONFLICT. */
static int
conflict(sb_ctx *ctx, const struct arow *r, int64_t now, const char *why)
{
	struct sb_buf b;

	sb_buf_init(&b);
	sb_buf_printf(&b, "{\"conflict\":{\"audit\":%lld,\"entity\":", (long long)r->id);
	sb_json_quote(&b, r->entity);
	sb_buf_printf(&b, ",\"entity_id\":%lld,\"expected_version\":%lld,"
	    "\"current_version\":%lld,\"why\":", (long long)r->entity_id,
	    (long long)r->vafter, (long long)now);
	sb_json_quote(&b, why);
	sb_buf_puts(&b, ",\"changes\":");
	sb_audit_since(ctx, &b, r->entity, r->entity_id, r->vafter);
	sb_buf_puts(&b, "}}");
	return sb_conflict_set(ctx, &b, "audit row %lld cannot be reverted: %s; nothing "
	    "was changed", (long long)r->id, why);
}

/*
 * The row must be as the audit row left it: at its version (or gone).  A
 * day is checked by where it stands, not by its version, which rises with
 * every strip that enters or leaves it.
 */
static int
check_rv(struct revert *rv, const struct arow *r)
{
	sb_ctx *ctx = rv->ctx;
	int64_t now, want;
	int rc;

	if (strcmp(r->entity, "day") == 0) {
		json_t *pos = json_object_get(json_object_get(r->changes, "set"), "pos");
		const char *after = json_string_value(json_array_get(pos, 1));
		sb_st *st = sb_stmt(ctx, "SELECT pos FROM day WHERE id = ?1");
		char cur[SB_KEY_MAX + 2] = "";
		int there;

		if (st == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, r->entity_id);
		there = (rc = sb_step(st)) == SQLITE_ROW;
		if (there)
			snprintf(cur, sizeof(cur), "%s", sb_col_text(st, 0));
		sb_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return sb_sqlerr(ctx, "day");
		if (r->vafter == 0 && there)
			return conflict(ctx, r, 1, "it was made again since");
		if (r->vafter > 0 && !there)
			return conflict(ctx, r, 0, "it is gone since");
		if (r->vafter > 0 && after != NULL && strcmp(cur, after) != 0)
			return conflict(ctx, r, r->vafter, "it was moved since");
		return SB_OK;
	}
	if ((rc = version_of(ctx, r->entity, r->entity_id, &now)) != SB_OK)
		return rc;
	want = actual_of(rv, r->entity, r->entity_id, r->vafter);
	if (r->vafter == 0 && now != 0)
		return conflict(ctx, r, now, "it was made again since");
	if (r->vafter > 0 && now == 0)
		return conflict(ctx, r, now, "it is gone since");
	if (r->vafter > 0 && now != want)
		return conflict(ctx, r, now, "it was changed since");
	return SB_OK;
}

#define check(ctx, r) check_rv(rv, r)

static const char *
before_text(json_t *set, const char *key)
{
	return json_string_value(json_array_get(json_object_get(set, key), 0));
}

static int64_t
before_int(json_t *set, const char *key, int *has)
{
	json_t *v = json_array_get(json_object_get(set, key), 0);

	*has = json_is_integer(v);
	return json_integer_value(v);
}

/* Say what was undone: one NDJSON line. */
static void
said(struct revert *rv, const struct arow *r, const char *what)
{
	sb_buf_printf(&rv->said, "{\"audit\":%lld,\"entity\":", (long long)r->id);
	sb_json_quote(&rv->said, r->entity);
	sb_buf_printf(&rv->said, ",\"entity_id\":%lld,\"undo\":", (long long)r->entity_id);
	sb_json_quote(&rv->said, what);
	sb_buf_puts(&rv->said, "}\n");
	rv->done++;
}

static int
board_of_day(sb_ctx *ctx, int64_t day, int64_t *board, char *name, size_t size)
{
	sb_st *st = sb_stmt(ctx, "SELECT d.board_id, b.name FROM day d JOIN board b"
	    " ON b.id = d.board_id WHERE d.id = ?1");
	int rc;

	*board = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, day);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		*board = sb_col_int64(st, 0);
		snprintf(name, size, "%s", sb_col_text(st, 1));
	}
	sb_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "day");
}

/*
 * A strip taken off a board (by a revert of its placing): put back with
 * its id, on its day at its key.  It needs what placing it needed: the
 * editors' right (sb-perm(1)).
 */
static int
placement_back(struct revert *rv, const struct arow *r, json_t *set)
{
	static const char taken[] = "SELECT 1 FROM placement WHERE day_id = ?1 AND pos = ?2";
	sb_ctx *ctx = rv->ctx;
	struct sb_row_placement row;
	char a[SB_KEY_MAX * 2 + 256];
	char name[SB_BOARD_NAME_MAX + 1];
	int64_t board = 0;
	sb_st *st;
	int rc, has;

	memset(&row, 0, sizeof(row));
	row.board_id = before_int(set, "board_id", &has);
	row.strip_id = before_int(set, "strip_id", &has);
	row.day_id = before_int(set, "day_id", &has);
	row.pos = before_text(set, "pos");
	row.version = r->vbefore + 1;
	if (!has || row.pos == NULL || strlen(row.pos) > SB_KEY_MAX)
		return sb_err(ctx, SB_EDATA, "audit row %lld: no board, strip, day and pos to "
		    "put back", (long long)r->id);
	if ((rc = sb_perm_require(ctx, SB_ACT_EDIT, &(struct sb_scope){ r->project,
	    row.board_id, 0, row.strip_id })) != SB_OK)
		return rc;
	if ((rc = board_of_day(ctx, row.day_id, &board, name, sizeof(name))) != SB_OK)
		return rc;
	if (board != row.board_id)
		return conflict(ctx, r, 0, "the day it stood on is gone since");
	if ((st = sb_stmt(ctx, taken)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, row.day_id);
	sb_bind_text(st, 2, row.pos);
	rc = sb_step(st);
	sb_reset(st);
	if (rc == SQLITE_ROW)
		return conflict(ctx, r, 0, "another strip holds its place since");
	if ((rc = store_placement_insert_id(ctx, r->entity_id, &row)) != SB_OK)
		return store_constraint(ctx) ? conflict(ctx, r, 0, "the strip is gone or "
		    "on the board again since") : rc;
	snprintf(a, sizeof(a), "{\"set\":{\"board_id\":[null,%lld],\"strip_id\":[null,%lld],"
	    "\"day_id\":[null,%lld],\"pos\":[null,\"%s\"]},\"about\":{\"reverts\":%lld}}",
	    (long long)row.board_id, (long long)row.strip_id, (long long)row.day_id, row.pos,
	    (long long)r->id);
	if ((rc = sb_audit(ctx, r->project, "placement", r->entity_id, 0, row.version, a)) ==
	    SB_OK)
		said(rv, r, "put the strip back on the board");
	return rc;
}

/* A strip moved, or placed on a board: back where it was, or off the board. */
static int
undo_placement(struct revert *rv, const struct arow *r, json_t *set)
{
	static const char get[] =
	    "SELECT board_id, strip_id, day_id, pos FROM placement WHERE id = ?1";
	static const char taken[] = "SELECT 1 FROM placement WHERE day_id = ?1 AND pos = ?2";
	sb_ctx *ctx = rv->ctx;
	struct sb_place place;
	int64_t board = 0, strip = 0, day, nv;
	char name[SB_BOARD_NAME_MAX + 1];
	const char *pos = before_text(set, "pos");
	sb_st *st;
	int rc, has;

	if ((rc = check(ctx, r)) != SB_OK)
		return rc;
	if (r->vafter == 0)
		return placement_back(rv, r, set);
	if ((st = sb_stmt(ctx, get)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->entity_id);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		board = sb_col_int64(st, 0);
		strip = sb_col_int64(st, 1);
	}
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, "placement");
	/*
	 * as the change needed (sb-perm(1)): a strip's move is the board's
	 * schedulers' where it stands and where it goes back to; a strip put
	 * on a board (a new scene) is the breakdown, the editors'
	 */
	if ((rc = sb_perm_require(ctx, r->vbefore == 0 ? SB_ACT_EDIT : SB_ACT_MOVE,
	    &(struct sb_scope){ r->project, board, 0, strip })) != SB_OK)
		return rc;
	if (r->vbefore == 0) {
		/* placed by the change: taken off the board again */
		struct sb_buf a;

		sb_buf_init(&a);
		if ((st = sb_stmt(ctx, "SELECT json_object('set', json_object('board_id',"
		    " json_array(board_id, NULL), 'strip_id', json_array(strip_id, NULL),"
		    " 'day_id', json_array(day_id, NULL), 'pos', json_array(pos, NULL)),"
		    " 'about', json_object('reverts', ?2)) FROM placement WHERE id = ?1")) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, r->entity_id);
		sb_bind_int64(st, 2, r->id);
		if ((rc = sb_step(st)) == SQLITE_ROW)
			sb_buf_puts(&a, (const char *)sb_col_text(st, 0));
		sb_reset(st);
		if (rc != SQLITE_ROW || a.failed) {
			sb_buf_free(&a);
			return a.failed ? oom(ctx) : sb_sqlerr(ctx, "placement");
		}
		if ((rc = store_placement_delete(ctx, r->entity_id)) == SB_OK)
			rc = sb_audit(ctx, r->project, "placement", r->entity_id,
			    actual_of(rv, "placement", r->entity_id, r->vafter), 0, sb_buf_str(&a));
		sb_buf_free(&a);
		if (rc == SB_OK)
			said(rv, r, "took the strip off the board");
		return rc;
	}
	day = before_int(set, "day_id", &has);
	if (!has || pos == NULL)
		return sb_err(ctx, SB_EDATA, "audit row %lld: no day_id and pos to put back",
		    (long long)r->id);
	if ((rc = board_of_day(ctx, day, &board, name, sizeof(name))) != SB_OK)
		return rc;
	if (board == 0)
		return conflict(ctx, r, r->vafter, "the day it came from is gone");
	if ((rc = sb_perm_require(ctx, SB_ACT_MOVE, &(struct sb_scope){ r->project, board,
	    day, 0 })) != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, taken)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, day);
	sb_bind_text(st, 2, pos);
	rc = sb_step(st);
	sb_reset(st);
	if (rc == SQLITE_ROW)
		return conflict(ctx, r, r->vafter, "another strip holds its place since");
	if ((rc = sb_place_get(ctx, board, strip, &place)) != SB_OK ||
	    (rc = sb_place_write(ctx, r->project, board, name, &place, strip, day, -1, pos,
	    &nv)) != SB_OK)
		return rc;
	said(rv, r, "moved the strip back");
	return SB_OK;
}

/*
 * What undoing a change of a day needs (sb-perm(1)): a day dropped comes
 * back as a day added to its board, a day made goes as a day dropped, a
 * day moved is moved back.
 */
static int
day_perm(sb_ctx *ctx, const struct arow *r, json_t *set)
{
	int has;
	int64_t board = before_int(set, "board_id", &has);

	if (r->vafter == 0)
		return sb_perm_require(ctx, SB_ACT_ADD_DAY, &(struct sb_scope){ r->project,
		    board, 0, 0 });
	board = 0;
	{
		int rc;

		if ((rc = one_int(ctx, "SELECT board_id FROM day WHERE id = ?1", r->entity_id,
		    "day", &board)) != SB_OK)
			return rc;
	}
	return sb_perm_require_day(ctx, r->vbefore == 0 ? SB_ACT_DROP_DAY :
	    SB_ACT_MOVE_DAY, board, r->entity_id);
}

/* A day made, dropped or moved. */
static int
undo_day(struct revert *rv, const struct arow *r, json_t *set)
{
	sb_ctx *ctx = rv->ctx;
	int64_t lane = 0;
	int rc, has;

	if (json_object_size(set) == 0) {
		/* a version rise: it rides with the strips that came and went */
		int64_t board = 0;
		char name[SB_BOARD_NAME_MAX + 1];

		if ((rc = board_of_day(ctx, r->entity_id, &board, name, sizeof(name))) !=
		    SB_OK || (rc = sb_perm_require(ctx, SB_ACT_MOVE, &(struct sb_scope){
		    r->project, board, 0, 0 })) != SB_OK)
			return rc;
		const char *why = json_string_value(json_object_get(json_object_get(r->changes,
		    "about"), "why"));
		char what[128];

		snprintf(what, sizeof(what), "nothing: the day's version rose (%s)",
		    why != NULL ? why : "its strips came and went");
		said(rv, r, what);
		return SB_OK;
	}
	if ((rc = check(ctx, r)) != SB_OK || (rc = day_perm(ctx, r, set)) != SB_OK)
		return rc;
	if (r->vafter == 0) {
		struct sb_row_day row;
		struct sb_buf a;

		memset(&row, 0, sizeof(row));
		row.board_id = before_int(set, "board_id", &has);
		row.lane_id = lane = before_int(set, "lane_id", &has);
		row.kind = before_text(set, "kind");
		row.pos = before_text(set, "pos");
		row.uss_bare = (int)before_int(set, "uss_bare", &has);
		row.version = r->vbefore + 1;
		if (row.kind == NULL || row.pos == NULL || !has)
			return sb_err(ctx, SB_EDATA, "audit row %lld: the day's columns are "
			    "not all there", (long long)r->id);
		if ((rc = store_day_insert_id(ctx, r->entity_id, &row)) != SB_OK)
			return store_constraint(ctx) ? conflict(ctx, r, 0, "its lane or "
			    "place is gone since") : rc;
		sb_buf_init(&a);
		sb_buf_printf(&a, "{\"set\":{\"board_id\":[null,%lld],\"lane_id\":[null,%lld],"
		    "\"kind\":[null,", (long long)row.board_id, (long long)row.lane_id);
		sb_json_quote(&a, row.kind);
		sb_buf_printf(&a, "],\"uss_bare\":[null,%d],\"pos\":[null,", row.uss_bare);
		sb_json_quote(&a, row.pos);
		sb_buf_printf(&a, "]},\"about\":{\"board_id\":%lld,\"reverts\":%lld}}",
		    (long long)row.board_id, (long long)r->id);
		rc = a.failed ? oom(ctx) : sb_audit(ctx, r->project, "day", r->entity_id, 0,
		    row.version, sb_buf_str(&a));
		sb_buf_free(&a);
		if (rc == SB_OK)
			said(rv, r, "put the day back");
	} else if (r->vbefore == 0) {
		int64_t n;
		sb_st *st = sb_stmt(ctx, "SELECT lane_id, (SELECT count(*) FROM placement"
		    " WHERE day_id = ?1) FROM day WHERE id = ?1");

		if (st == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, r->entity_id);
		rc = sb_step(st);
		lane = rc == SQLITE_ROW ? sb_col_int64(st, 0) : 0;
		n = rc == SQLITE_ROW ? sb_col_int64(st, 1) : 0;
		sb_reset(st);
		if (n > 0)
			return conflict(ctx, r, r->vafter, "the day holds strips: revert their "
			    "moves too");
		if ((st = sb_stmt(ctx, "SELECT json_object('set', json_object('board_id',"
		    " json_array(board_id, NULL), 'lane_id', json_array(lane_id, NULL), 'kind',"
		    " json_array(kind, NULL), 'uss_bare', json_array(uss_bare, NULL), 'pos',"
		    " json_array(pos, NULL)), 'about', json_object('board_id', board_id,"
		    " 'reverts', ?2)) FROM day WHERE id = ?1")) == NULL)
			return SB_EFAIL;
		{
			char *changes = NULL;

			sb_bind_int64(st, 1, r->entity_id);
			sb_bind_int64(st, 2, r->id);
			if ((rc = sb_step(st)) == SQLITE_ROW)
				changes = sb_strdup((const char *)sb_col_text(st, 0));
			sb_reset(st);
			if (rc != SQLITE_ROW || changes == NULL)
				return rc != SQLITE_ROW ? sb_sqlerr(ctx, "day") : oom(ctx);
			int64_t now = 0;

			if ((rc = version_of(ctx, "day", r->entity_id, &now)) == SB_OK &&
			    (rc = store_day_delete(ctx, r->entity_id)) == SB_OK)
				rc = sb_audit(ctx, r->project, "day", r->entity_id, now, 0, changes);
			free(changes);
		}
		if (rc == SB_OK)
			said(rv, r, "took the day out again");
	} else {
		const char *pos = before_text(set, "pos");
		struct sb_buf a;
		int64_t now = 0;
		sb_st *st;

		if (pos == NULL || json_object_size(set) != 1)
			return sb_err(ctx, SB_EDATA, "audit row %lld: this change of a day "
			    "cannot be reverted", (long long)r->id);
		if ((st = sb_stmt(ctx, "SELECT lane_id, pos FROM day WHERE id = ?1")) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, r->entity_id);
		sb_buf_init(&a);
		if ((rc = sb_step(st)) == SQLITE_ROW) {
			lane = sb_col_int64(st, 0);
			sb_buf_puts(&a, "{\"set\":{\"pos\":[");
			sb_json_quote(&a, (const char *)sb_col_text(st, 1));
		}
		sb_reset(st);
		sb_buf_puts(&a, ",");
		sb_json_quote(&a, pos);
		sb_buf_printf(&a, "]},\"about\":{\"reverts\":%lld}}", (long long)r->id);
		if ((rc = version_of(ctx, "day", r->entity_id, &now)) != SB_OK ||
		    (rc = store_day_move(ctx, r->entity_id, pos)) != SB_OK) {
			sb_buf_free(&a);
			return store_constraint(ctx) ? conflict(ctx, r, r->vafter,
			    "another day holds its place since") : rc;
		}
		rc = a.failed ? oom(ctx) : sb_audit(ctx, r->project, "day", r->entity_id,
		    now, now + 1, sb_buf_str(&a));
		sb_buf_free(&a);
		if (rc == SB_OK)
			said(rv, r, "moved the day back");
	}
	/* the lane's day numbers are stale until sb_revert() renumbers it */
	if (rc == SB_OK && lane != 0) {
		rc = sb_lane_unranked(ctx, lane);
		rv->days_changed = 1;
	}
	return rc;
}

#define STRIP_COLS(F) "'project_id', " F("project_id") ", 'uid', " F("uid") ", 'type', " \
    F("type") ", 'scene', " F("scene") ", 'int_ext', " F("int_ext") ", 'day_night', " \
    F("day_night") ", 'set_name', " F("set_name") ", 'location', " F("location") \
    ", 'script_day', " F("script_day") ", 'synopsis', " F("synopsis") ", 'comments', " \
    F("comments") ", 'banner_text', " F("banner_text") ", 'script_page', " \
    F("script_page") ", 'eighths', " F("eighths") ", 'est_ms', " F("est_ms") \
    ", 'omitted', " F("omitted") ", 'rank', " F("rank") ", 'created', " F("created") \
    ", 'ext', " F("ext") ", 'absent', " F("absent")

/*
 * A strip made (sb-strip new, a scene an sb-import --update brought): taken
 * out again, once no board holds it (the rows that placed it are newer and
 * are reverted first), every column and link kept in the revert's row; a
 * strip so taken out: put back with its id and links.  What it needs is
 * what making it needed (sb-perm(1)): the editors' right, or the right to
 * merge a revision for one a revision brought.
 */
static int
strip_made_or_gone(struct revert *rv, const struct arow *r)
{
	static const char gone[] =
	    "SELECT json_object('set', json_object(" STRIP_COLS(TO_NULL) "), 'links',"
	    " json((SELECT json_group_array(json_array(element_id, rank)) FROM (SELECT *"
	    " FROM strip_element WHERE strip_id = ?1 ORDER BY rank, element_id) AS q)),"
	    " 'about', json_object('strip', uid, 'scene', scene, 'reverts', ?2))"
	    " FROM strip WHERE id = ?1";
	static const char made[] =
	    "SELECT json_object('set', json_object(" STRIP_COLS(FROM_NULL) "), 'about',"
	    " json_object('strip', uid, 'scene', scene, 'reverts', ?2)) FROM strip"
	    " WHERE id = ?1";
	static const char placed[] = "SELECT count(*) FROM placement WHERE strip_id = ?1";
	sb_ctx *ctx = rv->ctx;
	json_t *about = json_object_get(r->changes, "about");
	int update = json_object_get(about, "revision") != NULL;
	char *changes;
	int rc;

	if ((rc = sb_perm_require(ctx, update ? SB_ACT_UPDATE : SB_ACT_EDIT,
	    &(struct sb_scope){ r->project, 0, 0, 0 })) != SB_OK ||
	    (rc = check(ctx, r)) != SB_OK)
		return rc;
	if (r->vbefore == 0) {
		int64_t n;

		if ((rc = one_int(ctx, placed, r->entity_id, "placement", &n)) != SB_OK)
			return rc;
		if (n > 0)
			return conflict(ctx, r, r->vafter, "a board holds it: revert the rows "
			    "that placed it too");
		if ((changes = one_text(ctx, r, gone, r->entity_id, r->id, 0, &rc,
		    "strip %lld, to keep its columns and links in the revert's row",
		    (long long)r->entity_id)) == NULL)
			return rc;
		if ((rc = store_strip_delete(ctx, r->entity_id)) == SB_OK)
			rc = sb_audit(ctx, r->project, "strip", r->entity_id,
			    actual_of(rv, "strip", r->entity_id, r->vafter), 0, changes);
		free(changes);
		if (rc == SB_OK)
			said(rv, r, "took the strip it made out again");
		return rc;
	}
	{
		json_t *set = json_object_get(r->changes, "set");
		json_t *links = json_object_get(r->changes, "links");
		char *st_text, *ln_text = NULL;

		if (!json_is_object(set) || json_object_get(set, "uid") == NULL)
			return sb_err(ctx, SB_EDATA, "audit row %lld: the strip's columns are "
			    "not all there", (long long)r->id);
		if ((st_text = json_dumps(set, JSON_COMPACT)) == NULL ||
		    (links != NULL && (ln_text = json_dumps(links, JSON_COMPACT)) == NULL)) {
			free(st_text);
			return oom(ctx);
		}
		rc = store_strip_insert_set(ctx, r->entity_id, st_text, ln_text, r->vbefore + 1);
		free(st_text);
		free(ln_text);
		if (rc != SB_OK)
			return store_constraint(ctx) ? conflict(ctx, r, 0, "another strip has "
			    "its uid, or an element it named is gone since") : rc;
		if ((changes = one_text(ctx, r, made, r->entity_id, r->id, 0, &rc,
		    "strip %lld as put back, for the revert's row",
		    (long long)r->entity_id)) == NULL)
			return rc;
		rc = sb_audit(ctx, r->project, "strip", r->entity_id, 0, r->vbefore + 1, changes);
		free(changes);
		if (rc == SB_OK)
			said(rv, r, "put the strip back");
		return rc;
	}
}

/* A category a revision brought: taken out again once no element is in it. */
static int
undo_category(struct revert *rv, const struct arow *r)
{
	static const char gone[] =
	    "SELECT json_object('set', json_object('project_id', json_array(project_id, NULL),"
	    " 'uid', json_array(uid, NULL), 'name', json_array(name, NULL), 'ucid',"
	    " json_array(ucid, NULL), 'rank', json_array(rank, NULL)), 'about',"
	    " json_object('reverts', ?2)) FROM category WHERE id = ?1";
	sb_ctx *ctx = rv->ctx;
	sb_st *st;
	char *changes;
	int64_t n = 0, v = 0;
	int rc;

	if (r->vbefore != 0 || r->vafter == 0)
		return sb_err(ctx, SB_EDATA, "audit row %lld: only a category a revision "
		    "brought is reverted", (long long)r->id);
	if ((rc = sb_perm_require(ctx, SB_ACT_UPDATE, &(struct sb_scope){ r->project, 0, 0,
	    0 })) != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, "SELECT version, (SELECT count(*) FROM element WHERE"
	    " category_id = ?1) FROM category WHERE id = ?1")) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->entity_id);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		v = sb_col_int64(st, 0);
		n = sb_col_int64(st, 1);
	}
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(ctx, "category");
	if (v == 0)
		return conflict(ctx, r, 0, "it is gone since");
	if (n > 0)
		return conflict(ctx, r, v, "elements are in it: revert the rows that made "
		    "them too");
	if ((changes = one_text(ctx, r, gone, r->entity_id, r->id, 0, &rc,
	    "category %lld, to keep its columns in the revert's row",
	    (long long)r->entity_id)) == NULL)
		return rc;
	if ((rc = store_category_delete(ctx, r->entity_id)) == SB_OK)
		rc = sb_audit(ctx, r->project, "category", r->entity_id, v, 0, changes);
	free(changes);
	if (rc == SB_OK)
		said(rv, r, "took the category out again");
	return rc;
}

/*
 * The rows kept ("previous"): {"kept":[audit ids]}, each a part of the
 * rows (store_project_keep()), read back one at a time; or, as older rows
 * kept them, the rows themselves ({"project":...}, made {} by load(): read
 * from the row here).  *ids, *n: the parts (none for the older form), and
 * the project's own row's id and count of rows in *id, *nrows.
 */
static int
kept_of(sb_ctx *ctx, const struct arow *r, int64_t **ids, size_t *n, int64_t *id,
    size_t *nrows)
{
	static const char part_project[] =
	    "SELECT json_extract(changes, '$.kept.rows.project') FROM audit"
	    " WHERE id = ?1 AND entity = 'kept' AND project_id = ?2";
	static const char row_project[] =
	    "SELECT json_extract(changes, '$.previous.project') FROM audit"
	    " WHERE id = ?1 AND ?2 = ?2";
	json_t *kept = json_object_get(json_object_get(r->changes, "previous"), "kept");
	json_t *proj = NULL, *cols, *row;
	sb_st *st;
	int step;

	*ids = NULL;
	*n = 0;
	*id = 0;
	*nrows = 0;
	if (kept != NULL) {
		size_t k = json_array_size(kept);

		if (k == 0)
			return sb_err(ctx, SB_EDATA, "audit row %lld: it names no rows kept "
			    "of the project it replaced", (long long)r->id);
		if ((*ids = calloc(k, sizeof(**ids))) == NULL)
			return oom(ctx);
		for (size_t i = 0; i < k; i++) {
			json_t *x = json_array_get(kept, i);

			if (!json_is_integer(x) || json_integer_value(x) <= 0 ||
			    json_integer_value(x) >= r->id) {
				free(*ids);
				*ids = NULL;
				return sb_err(ctx, SB_EDATA, "audit row %lld: the rows it "
				    "kept are not audit rows before it", (long long)r->id);
			}
			(*ids)[i] = json_integer_value(x);
		}
		*n = k;
	}
	if ((st = sb_stmt(ctx, kept != NULL ? part_project : row_project)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, kept != NULL ? (*ids)[0] : r->id);
	sb_bind_int64(st, 2, r->project);
	if ((step = sb_step(st)) == SQLITE_ROW && sb_col_type(st, 0) == SQLITE_TEXT)
		proj = json_loads((const char *)sb_col_text(st, 0), 0, NULL);
	sb_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return sb_sqlerr(ctx, "audit");
	cols = json_object_get(proj, "columns");
	row = json_array_get(json_object_get(proj, "rows"), 0);
	for (size_t i = 0; i < json_array_size(cols); i++)
		if (strcmp(json_string_value(json_array_get(cols, i)) != NULL ?
		    json_string_value(json_array_get(cols, i)) : "", "id") == 0)
			*id = json_integer_value(json_array_get(row, i));
	*nrows = json_array_size(json_object_get(proj, "rows"));
	json_decref(proj);
	return SB_OK;
}

/*
 * An import that replaced a project (or a revert that put one back):
 * the project as it is now goes, every row of it kept in audit rows of
 * the revert's (store_project_keep()), and the project the row kept
 * ("previous") comes back with every row and id it had; its version
 * rises.  The revert's row is an import's for the rest of stripboard (the
 * trail of the project starts there: --as-of, the USS writer's format):
 * the import that made the project put back, with "reverts".
 */
static int
project_back(struct revert *rv, const struct arow *r)
{
	static const char made_by[] =
	    "SELECT json_extract(changes, '$.import') FROM audit WHERE project_id = ?1"
	    " AND id < ?2 AND entity = 'project' AND json_extract(changes, '$.import')"
	    " IS NOT NULL ORDER BY id DESC LIMIT 1";
	sb_ctx *ctx = rv->ctx;
	json_t *imp = NULL;
	int64_t *ids = NULL;
	size_t nids, nrows;
	int64_t id = 0;
	struct sb_buf a;
	char *text, *made;
	int64_t now;
	int rc;

	if ((rc = kept_of(ctx, r, &ids, &nids, &id, &nrows)) != SB_OK)
		return rc;
	if (id != r->entity_id || nrows != 1) {
		free(ids);
		return sb_err(ctx, SB_EDATA, "audit row %lld: the project it kept is not "
		    "the one it replaced", (long long)r->id);
	}
	if ((rc = one_int(ctx, "SELECT version FROM project WHERE id = ?1", r->entity_id,
	    "project", &now)) != SB_OK ||
	    ((made = one_text(ctx, r, made_by, r->project, r->id, 1, &rc, "the import that "
	    "made project %lld, to name it in the revert's row", (long long)r->project)) == NULL &&
	    rc != SB_OK)) {
		free(ids);
		return rc;
	}
	imp = made != NULL ? json_loads(made, 0, NULL) : NULL;
	free(made);
	if (!json_is_object(imp)) {
		json_decref(imp);
		imp = NULL;
	}
	if (imp == NULL)
		imp = json_object();
	if (imp == NULL || json_object_set_new(imp, "reverts", json_integer(r->id)) != 0 ||
	    (text = json_dumps(imp, JSON_COMPACT)) == NULL) {
		json_decref(imp);
		free(ids);
		return oom(ctx);
	}
	json_decref(imp);
	sb_buf_init(&a);
	sb_buf_printf(&a, "{\"import\":%s,\"previous\":{\"kept\":", text);
	free(text);
	if ((rc = store_project_keep(ctx, r->entity_id, now, &a)) != SB_OK ||
	    (rc = store_project_delete(ctx, r->entity_id)) != SB_OK) {
		sb_buf_free(&a);
		free(ids);
		return rc;
	}
	sb_buf_puts(&a, "}}");
	if (nids > 0) {
		rc = store_project_put_kept(ctx, r->project, ids, nids);
	} else if ((text = one_text(ctx, r, "SELECT json_extract(changes, '$.previous')"
	    " FROM audit WHERE id = ?1 AND ?2 = ?2", r->id, 0, 0, &rc, "the project it replaced, "
	    "to put it back")) != NULL) {
		rc = store_project_rows_put(ctx, text);
		free(text);
	}
	free(ids);
	if (rc != SB_OK) {
		sb_buf_free(&a);
		return store_constraint(ctx) ? conflict(ctx, r, now, "a row of the project "
		    "it replaced has its id or name taken since (by another project)") : rc;
	}
	if ((rc = store_project_set_version(ctx, r->entity_id, now + 1)) == SB_OK)
		rc = a.failed ? oom(ctx) : sb_audit(ctx, r->project, "project", r->entity_id,
		    now, now + 1, sb_buf_str(&a));
	sb_buf_free(&a);
	if (rc == SB_OK) {
		said(rv, r, "put back the project it replaced, every row of it");
		rv->projects_changed = 1;
	}
	return rc;
}

/*
 * The project's own rows.  A revision (sb-import --update): nothing, its
 * strips', elements' and placements' rows say what changed; it needs the
 * right to merge one.  A first import: the project deleted, as deleting
 * it would (the file's admins', as making it was), and only with every
 * change of the project after it in the same revert: the trail says what
 * it made only in counts, so nothing after it may stand.  A replaced
 * import is refused: the trail does not keep the project it replaced.
 */
static int
undo_import(struct revert *rv, const struct arow *r)
{
	static const char later[] =
	    "SELECT id FROM audit WHERE project_id = ?1 AND id > ?2 AND id <= ?3 ORDER BY id";
	sb_ctx *ctx = rv->ctx;
	sb_st *st;
	int64_t missing = 0;
	char a[160];
	int rc;

	if (json_object_get(r->changes, "revision") != NULL) {
		if ((rc = sb_perm_require(ctx, SB_ACT_UPDATE, &(struct sb_scope){ r->project,
		    0, 0, 0 })) != SB_OK)
			return rc;
		said(rv, r, "nothing: the revision's strips, elements and placements say "
		    "what it changed");
		return SB_OK;
	}
	/* another project deleted for its name: not kept, so never undone */
	if (json_object_get(json_object_get(r->changes, "import"), "replaced_other") != NULL)
		return sb_err(ctx, SB_EDATA, "audit row %lld: the import took another "
		    "project's name and replaced it, and the trail does not keep that "
		    "project: it is not reverted (sb-import the earlier file again)",
		    (long long)r->id);
	if (r->vbefore != 0 && !json_is_object(json_object_get(r->changes, "previous")))
		return sb_err(ctx, SB_EDATA, "audit row %lld: an import that replaced a "
		    "project is not reverted: the trail does not keep the project it "
		    "replaced (written by an older stripboard; sb-import "
		    "the earlier file again)", (long long)r->id);
	if ((rc = sb_perm_require(ctx, SB_ACT_PROJECT, &(struct sb_scope){ r->vbefore != 0 ?
	    r->project : 0, 0, 0, 0 })) != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, later)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->project);
	sb_bind_int64(st, 2, r->id);
	sb_bind_int64(st, 3, rv->trail_end);
	while ((rc = sb_step(st)) == SQLITE_ROW && missing == 0) {
		int64_t id = sb_col_int64(st, 0);
		int named = 0;

		for (size_t i = 0; i < rv->nids && !named; i++)
			named = rv->ids[i] == id;
		if (!named)
			missing = id;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sb_sqlerr(ctx, "audit");
	if (missing != 0) {
		char why[128];

		snprintf(why, sizeof(why), "the project changed since (audit row %lld): "
		    "revert every change after the import with it", (long long)missing);
		return conflict(ctx, r, r->vafter, why);
	}
	if (r->vbefore != 0)
		return project_back(rv, r);
	if ((rc = store_project_delete(ctx, r->entity_id)) != SB_OK)
		return rc;
	snprintf(a, sizeof(a), "{\"set\":{},\"about\":{\"deleted\":true,\"reverts\":%lld}}",
	    (long long)r->id);
	if ((rc = sb_audit(ctx, r->project, "project", r->entity_id, r->vafter, 0, a)) ==
	    SB_OK)
		said(rv, r, "deleted the project it imported");
	return rc;
}

static int
undo_strip(struct revert *rv, const struct arow *r)
{
	json_t *row = json_object_get(r->changes, "row"), *before, *v;
	const char *key;
	int64_t nv;
	int rc;

	if (r->vbefore == 0 || r->vafter == 0)
		return strip_made_or_gone(rv, r);
	if (!json_is_object(row))
		return sb_err(rv->ctx, SB_EDATA, "audit row %lld: only an edit of a strip "
		    "is reverted, not its making", (long long)r->id);
	if ((before = json_object()) == NULL)
		return oom(rv->ctx);
	json_object_foreach(row, key, v)
		json_object_set(before, key, json_array_get(v, 0));
	rc = sb_strip_put_back(rv->ctx, r->entity_id,
	    actual_of(rv, "strip", r->entity_id, r->vafter), before, &nv);
	json_decref(before);
	if (rc == SB_ECONFLICT) {
		int64_t now;

		if (version_of(rv->ctx, "strip", r->entity_id, &now) == SB_OK)
			rc = conflict(rv->ctx, r, now, now == 0 ? "it is gone since" :
			    "it was changed since");
	}
	if (rc == SB_OK)
		said(rv, r, "put the strip's fields and elements back");
	return rc;
}

/* A board given a calendar (sb-day calendar on a board without one): none again. */
static int
board_calendar_back(struct revert *rv, const struct arow *r, json_t *pair)
{
	sb_ctx *ctx = rv->ctx;
	json_t *was = json_array_get(pair, 0);
	int64_t cal = json_integer_value(json_array_get(pair, 1)), now;
	char a[160];
	int rc;

	/* as the change needed: the calendar right on the board (sb-perm(1)) */
	if ((rc = sb_perm_require(ctx, SB_ACT_CALENDAR, &(struct sb_scope){ r->project,
	    r->entity_id, 0, 0 })) != SB_OK || (rc = check(ctx, r)) != SB_OK)
		return rc;
	now = actual_of(rv, "board", r->entity_id, r->vafter);
	if ((rc = store_board_set_calendar(ctx, r->entity_id, json_integer_value(was), 1))
	    != SB_OK)
		return store_constraint(ctx) ? conflict(ctx, r, now, "the calendar it had is "
		    "gone since") : rc;
	if (json_is_integer(was))
		snprintf(a, sizeof(a), "{\"set\":{\"calendar_id\":[%lld,%lld]},\"about\":"
		    "{\"board_id\":%lld,\"reverts\":%lld}}", (long long)cal,
		    (long long)json_integer_value(was), (long long)r->entity_id,
		    (long long)r->id);
	else
		snprintf(a, sizeof(a), "{\"set\":{\"calendar_id\":[%lld,null]},\"about\":"
		    "{\"board_id\":%lld,\"reverts\":%lld}}", (long long)cal,
		    (long long)r->entity_id, (long long)r->id);
	if ((rc = sb_audit(ctx, r->project, "board", r->entity_id, now, now + 1, a)) == SB_OK)
		said(rv, r, json_is_integer(was) ? "gave the board its calendar back" :
		    "took the board's calendar off it again");
	return rc;
}

#define BOARD_COLS(F) "'project_id', " F("project_id") ", 'uid', " F("uid") ", 'name', " \
    F("name") ", 'calendar_id', " F("calendar_id") ", 'rank', " F("rank") ", 'ext', " \
    F("ext") ", 'absent', " F("absent")

/*
 * A board made (sb-board new, new --from): dropped again, as sb-board drop
 * would, its lanes, days and strips kept in the revert's row so that a
 * revert of the revert puts it back.  What it needs is what making it
 * needed (sb-perm(1)): the board right on the project.
 */
static int
board_unmade(struct revert *rv, const struct arow *r)
{
	static const char gone[] =
	    "SELECT json_object(" BOARD_COLS(TO_NULL) "), name, uid,"
	    " coalesce(calendar_id, 0) FROM board WHERE id = ?1";
	static const char made_cal[] =
	    "SELECT coalesce(max(id), 0) FROM audit WHERE entity = 'calendar' AND"
	    " entity_id = ?1 AND coalesce(version_before, 0) = 0";
	sb_ctx *ctx = rv->ctx;
	char *set = NULL, *layout = NULL;
	struct sb_buf a, about, cal;
	int64_t active = 0, now, calendar = 0, users = 0, made = 0, cal_version = 0;
	sb_st *st;
	int rc;

	if ((rc = sb_perm_require(ctx, SB_ACT_BOARD, &(struct sb_scope){ r->project, 0, 0,
	    0 })) != SB_OK || (rc = check(ctx, r)) != SB_OK)
		return rc;
	if ((rc = one_int(ctx, active_of, r->project, "project", &active)) != SB_OK)
		return rc;
	if (active == r->entity_id)
		return conflict(ctx, r, r->vafter, "it is the active board since");
	now = actual_of(rv, "board", r->entity_id, r->vafter);
	if ((st = sb_stmt(ctx, gone)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->entity_id);
	sb_buf_init(&a);
	sb_buf_init(&about);
	sb_buf_init(&cal);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		set = sb_strdup((const char *)sb_col_text(st, 0));
		sb_buf_puts(&about, "\"about\":{\"board\":");
		sb_json_quote(&about, (const char *)sb_col_text(st, 1));
		sb_buf_printf(&about, ",\"board_id\":%lld,\"uid\":", (long long)r->entity_id);
		sb_json_quote(&about, (const char *)sb_col_text(st, 2));
		sb_buf_printf(&about, ",\"reverts\":%lld", (long long)r->id);
		calendar = sb_col_int64(st, 3);
	}
	sb_reset(st);
	if (rc != SQLITE_ROW || set == NULL || about.failed) {
		free(set);
		sb_buf_free(&about);
		return rc != SQLITE_ROW ? sb_sqlerr(ctx, "board") : oom(ctx);
	}
	rc = SB_OK;
	/*
	 * The calendar it was made with (a copy's own, sb-board new --from)
	 * goes with it, as with sb-board drop, when no other board has it
	 * and the row that made the calendar is not in this revert (which
	 * then takes it out itself, next).
	 */
	if (calendar != 0 &&
	    ((rc = one_int(ctx, "SELECT count(*) FROM board WHERE calendar_id = ?1",
	    calendar, "board", &users)) != SB_OK ||
	    (rc = one_int(ctx, made_cal, calendar, "audit", &made)) != SB_OK)) {
		free(set);
		sb_buf_free(&about);
		return rc;
	}
	for (size_t i = 0; i < rv->nids && made != 0; i++)
		if (rv->ids[i] == made)
			made = 0;
	if (calendar != 0 && users == 1 && made != 0) {
		sb_buf_puts(&cal, "{");
		rc = store_calendar_gone(ctx, calendar, &cal, &cal_version);
	}
	if (rc == SB_OK &&
	    (rc = store_board_layout_json(ctx, r->entity_id, &layout)) == SB_OK &&
	    (rc = store_board_delete(ctx, r->entity_id)) == SB_OK &&
	    (cal_version == 0 || (rc = store_calendar_delete(ctx, calendar)) == SB_OK)) {
		sb_buf_printf(&a, "{\"set\":%s,\"layout\":%s,", set, layout);
		if (cal_version != 0) {
			/* kept, so that a revert of this revert brings it back first */
			sb_buf_printf(&a, "\"calendar\":{\"id\":%lld,\"version\":%lld,",
			    (long long)calendar, (long long)cal_version);
			sb_buf_add(&a, sb_buf_str(&cal) + 1, cal.len - 1);
			sb_buf_puts(&a, "},");
		}
		sb_buf_add(&a, sb_buf_str(&about), about.len);
		sb_buf_puts(&a, "}}");
		rc = a.failed ? oom(ctx) : sb_audit(ctx, r->project, "board", r->entity_id,
		    now, 0, sb_buf_str(&a));
	}
	if (rc == SB_OK && cal_version != 0) {
		/* the calendar's own row: its trail says where it went */
		sb_buf_puts(&cal, ",");
		sb_buf_add(&cal, sb_buf_str(&about), about.len);
		sb_buf_puts(&cal, ",\"dropped_with_board\":true}}");
		rc = cal.failed ? oom(ctx) : sb_audit(ctx, r->project, "calendar", calendar,
		    cal_version, 0, sb_buf_str(&cal));
	}
	free(set);
	free(layout);
	sb_buf_free(&a);
	sb_buf_free(&about);
	sb_buf_free(&cal);
	if (rc == SB_OK)
		said(rv, r, cal_version != 0 ? "took the board out again with its calendar, "
		    "its days and strips kept in the trail" : "took the board out again, its "
		    "days and strips kept in the trail");
	return rc;
}

static int cal_put_back(struct revert *rv, const struct arow *r, int64_t cal,
    json_t *set, json_t *entries, int64_t version);

/*
 * The calendar that went with a board dropped (no other board had it),
 * as the drop's row kept it: put back first, unless this revert put it
 * back already (its own row, newer, undone first); a calendar of its id
 * and another uid is a conflict.
 */
static int
board_calendar_put_back(struct revert *rv, const struct arow *r, json_t *cal)
{
	sb_ctx *ctx = rv->ctx;
	json_t *set = json_object_get(cal, "set");
	int64_t id = json_integer_value(json_object_get(cal, "id"));
	const char *uid = before_text(set, "uid");
	sb_st *st;
	int rc, same = 0;

	if (id <= 0 || uid == NULL || !json_is_integer(json_object_get(cal, "version")))
		return sb_err(ctx, SB_EDATA, "audit row %lld: the calendar the board's "
		    "drop kept is not whole", (long long)r->id);
	if ((st = sb_stmt(ctx, "SELECT uid = ?2 FROM calendar WHERE id = ?1")) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_text(st, 2, uid);
	if ((rc = sb_step(st)) == SQLITE_ROW)
		same = sb_col_int(st, 0);
	sb_reset(st);
	if (rc == SQLITE_ROW)
		return same ? SB_OK : conflict(ctx, r, 0, "the id of its calendar is "
		    "another calendar's since");
	if (rc != SQLITE_DONE)
		return sb_sqlerr(ctx, "calendar");
	return cal_put_back(rv, r, id, set, json_object_get(cal, "entries"),
	    json_integer_value(json_object_get(cal, "version")) + 1);
}

/*
 * A board dropped (sb-board drop, or a revert of its making): put back
 * with its id, its lanes, days and strips as the row kept them.  What it
 * needs is what dropping it needed: the board right on that board.
 */
static int
board_back(struct revert *rv, const struct arow *r, json_t *set)
{
	static const char made[] =
	    "SELECT json_object('set', json_object(" BOARD_COLS(FROM_NULL) "), 'about',"
	    " json_object('board', name, 'board_id', id, 'uid', uid, 'reverts', ?2))"
	    " FROM board WHERE id = ?1";
	static const char taken[] =
	    "SELECT 1 FROM board WHERE project_id = ?1 AND name = ?2 COLLATE NOCASE";
	sb_ctx *ctx = rv->ctx;
	json_t *layout = json_object_get(r->changes, "layout");
	json_t *cal = json_object_get(r->changes, "calendar");
	const char *name = before_text(set, "name");
	char *text, *changes;
	sb_st *st;
	int rc;

	if (!json_is_object(layout) || name == NULL)
		return sb_err(ctx, SB_EDATA, "audit row %lld: the board was dropped by a "
		    "stripboard whose trail did not keep its days and strips: it cannot be "
		    "put back (sb-board new --from a copy kept beforehand)", (long long)r->id);
	if ((rc = sb_perm_require(ctx, SB_ACT_BOARD, &(struct sb_scope){ r->project,
	    r->entity_id, 0, 0 })) != SB_OK || (rc = check(ctx, r)) != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, taken)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->project);
	sb_bind_text(st, 2, name);
	rc = sb_step(st);
	sb_reset(st);
	if (rc == SQLITE_ROW)
		return conflict(ctx, r, 0, "another board has its name since");
	if (rc != SQLITE_DONE)
		return sb_sqlerr(ctx, "board");
	if (json_is_object(cal) && (rc = board_calendar_put_back(rv, r, cal)) != SB_OK)
		return rc;
	if ((text = json_dumps(set, JSON_COMPACT)) == NULL)
		return oom(ctx);
	rc = store_board_insert_set(ctx, r->entity_id, text, r->vbefore + 1);
	free(text);
	if (rc == SB_OK) {
		if ((text = json_dumps(layout, JSON_COMPACT)) == NULL)
			return oom(ctx);
		rc = store_board_layout_put(ctx, r->entity_id, text);
		free(text);
	}
	if (rc != SB_OK)
		return store_constraint(ctx) ? conflict(ctx, r, 0, "its calendar or one of "
		    "its strips is gone since, or the id of a lane, day or placement is "
		    "taken") : rc;
	if ((changes = one_text(ctx, r, made, r->entity_id, r->id, 0, &rc,
	    "board %lld as put back, for the revert's row", (long long)r->entity_id)) == NULL)
		return rc;
	rc = sb_audit(ctx, r->project, "board", r->entity_id, 0, r->vbefore + 1, changes);
	free(changes);
	if (rc == SB_OK)
		said(rv, r, "put the board back with its days and strips");
	return rc;
}

/* A board renamed: its name back. */
static int
undo_board(struct revert *rv, const struct arow *r, json_t *set)
{
	sb_ctx *ctx = rv->ctx;
	const char *name = before_text(set, "name");
	struct sb_buf a;
	int64_t now;
	int rc;

	if (json_object_size(set) == 0) {
		/* nothing to undo, but a board changed since is a conflict */
		if ((rc = sb_perm_require(ctx, SB_ACT_BOARD, &(struct sb_scope){ r->project,
		    r->entity_id, 0, 0 })) != SB_OK || (rc = check(ctx, r)) != SB_OK)
			return rc;
		said(rv, r, "nothing: the board's version rose as the active board changed");
		return SB_OK;
	}
	if (r->vbefore > 0 && r->vafter > 0 && json_object_size(set) == 1 &&
	    json_is_array(json_object_get(set, "calendar_id")))
		return board_calendar_back(rv, r, json_object_get(set, "calendar_id"));
	if (r->vbefore == 0 && r->vafter > 0)
		return board_unmade(rv, r);
	if (r->vbefore > 0 && r->vafter == 0)
		return board_back(rv, r, set);
	if (name == NULL)
		return sb_err(ctx, SB_EDATA, "audit row %lld: this change of a board is "
		    "not reverted", (long long)r->id);
	/* a board's name is its admins' (sb-perm(1)) */
	if ((rc = sb_perm_require(ctx, SB_ACT_BOARD, &(struct sb_scope){ r->project,
	    r->entity_id, 0, 0 })) != SB_OK || (rc = check(ctx, r)) != SB_OK)
		return rc;
	{
		sb_st *st = sb_stmt(ctx, "SELECT 1 FROM board b JOIN board o ON o.project_id ="
		    " b.project_id AND o.id <> b.id AND o.name = ?2 COLLATE NOCASE"
		    " WHERE b.id = ?1");

		if (st == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, r->entity_id);
		sb_bind_text(st, 2, name);
		rc = sb_step(st);
		sb_reset(st);
		if (rc == SQLITE_ROW)
			return conflict(ctx, r, r->vafter, "another board has its old name");
	}
	sb_buf_init(&a);
	sb_buf_puts(&a, "{\"set\":{\"name\":[");
	sb_json_quote(&a, json_string_value(json_array_get(json_object_get(set, "name"), 1)));
	sb_buf_puts(&a, ",");
	sb_json_quote(&a, name);
	sb_buf_printf(&a, "]},\"about\":{\"board\":");
	sb_json_quote(&a, name);
	sb_buf_printf(&a, ",\"board_id\":%lld,\"reverts\":%lld}}", (long long)r->entity_id,
	    (long long)r->id);
	now = actual_of(rv, "board", r->entity_id, r->vafter);
	if ((rc = store_board_rename(ctx, r->entity_id, name)) == SB_OK)
		rc = a.failed ? oom(ctx) : sb_audit(ctx, r->project, "board", r->entity_id,
		    now, now + 1, sb_buf_str(&a));
	sb_buf_free(&a);
	if (rc == SB_OK)
		said(rv, r, "gave the board its name back");
	return rc;
}

/* Every column of an element, as "set" pairs from or to null. */
#define ELEMENT_COLS(F) "'project_id', " F("project_id") ", 'category_id', " \
    F("category_id") ", 'uid', " F("uid") ", 'name', " F("name") ", 'board_id', " \
    F("board_id") ", 'is_dood', " F("is_dood") ", 'is_hold', " F("is_hold") \
    ", 'is_drop', " F("is_drop") ", 'drop_days', " F("drop_days") ", 'days_off', " \
    F("days_off") ", 'linked', " F("linked") ", 'is_id_lock', " F("is_id_lock") \
    ", 'rank', " F("rank") ", 'created', " F("created") ", 'ext', " F("ext") \
    ", 'absent', " F("absent")

/* An element deleted must have no events left: they would go with it. */
static int
no_events(sb_ctx *ctx, const struct arow *r)
{
	int64_t n;
	int rc;

	if ((rc = one_int(ctx, "SELECT count(*) FROM element_event WHERE element_id = ?1",
	    r->entity_id, "element event", &n)) != SB_OK)
		return rc;
	return n > 0 ? conflict(ctx, r, r->vafter, "it has events since: revert what "
	    "gave them too") : SB_OK;
}

/*
 * An element deleted (merged into another, or made by an edit and taken
 * out by a revert): put back with its id and every column the row kept.
 * The strips that named it name it again as their own rows are reverted;
 * its events come back with the kept element's row.
 */
static int
element_back(struct revert *rv, const struct arow *r, json_t *set)
{
	static const char made[] =
	    "SELECT json_object('set', json_object(" ELEMENT_COLS(FROM_NULL) "),"
	    " 'about', json_object('element', name, 'reverts', ?2)) FROM element WHERE id = ?1";
	sb_ctx *ctx = rv->ctx;
	char *text, *changes = NULL;
	sb_st *st;
	int rc;

	if (before_text(set, "uid") == NULL || before_text(set, "name") == NULL)
		return sb_err(ctx, SB_EDATA, "audit row %lld: the element's columns are not "
		    "all there", (long long)r->id);
	if ((rc = check(ctx, r)) != SB_OK)
		return rc;
	if ((text = json_dumps(set, JSON_COMPACT)) == NULL)
		return oom(ctx);
	rc = store_element_insert_set(ctx, r->entity_id, text, r->vbefore + 1);
	free(text);
	if (rc != SB_OK)
		return store_constraint(ctx) ? conflict(ctx, r, 0, "its category is gone or "
		    "another element has its uid since") : rc;
	if ((st = sb_stmt(ctx, made)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->entity_id);
	sb_bind_int64(st, 2, r->id);
	if ((rc = sb_step(st)) == SQLITE_ROW)
		changes = sb_strdup((const char *)sb_col_text(st, 0));
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, "element");
	if (changes == NULL)
		return oom(ctx);
	rc = sb_audit(ctx, r->project, "element", r->entity_id, 0, r->vbefore + 1, changes);
	free(changes);
	if (rc == SB_OK)
		said(rv, r, "put the element back");
	return rc;
}

/*
 * The events a merge moved to the kept element (or a revert moved back):
 * each moved back where it was, at its rank; one that collapsed put back,
 * one put back deleted again.  Every event must stand where the row left
 * it.  The element's version rises, with the inverse as its row.
 */
static int
events_back(struct revert *rv, const struct arow *r)
{
	static const char where[] = "SELECT element_id FROM element_event WHERE id = ?1";
	sb_ctx *ctx = rv->ctx;
	json_t *ev = json_object_get(r->changes, "events"), *m, *x;
	json_t *moved = json_object_get(ev, "moved"), *dropped = json_object_get(ev, "dropped");
	json_t *added = json_object_get(ev, "added");
	struct sb_buf a, am, ad;
	size_t i, nm = 0;
	int64_t vnow;
	int rc;

	if ((rc = check(ctx, r)) != SB_OK)
		return rc;
	sb_buf_init(&am);
	sb_buf_init(&ad);
	/* moved: each stands at the element it went to */
	json_array_foreach(moved, i, m) {
		int64_t id = json_integer_value(json_array_get(m, 0));
		int64_t from = json_integer_value(json_array_get(m, 1));
		int64_t to = json_integer_value(json_array_get(m, 2));
		int64_t now = 0;

		if (json_array_size(m) != 5) {
			rc = sb_err(ctx, SB_EDATA, "audit row %lld: a moved event is [id, from, "
			    "to, rank before, rank after]", (long long)r->id);
			break;
		}
		if ((rc = one_int(ctx, where, id, "element event", &now)) != SB_OK)
			break;
		if (now != to) {
			rc = conflict(ctx, r, r->vafter, now == 0 ? "an event it moved is gone "
			    "since" : "an event it moved is another element's since");
			break;
		}
		if ((rc = store_element_event_move(ctx, id, from, json_integer_value(
		    json_array_get(m, 3)))) != SB_OK) {
			if (store_constraint(ctx))
				rc = conflict(ctx, r, r->vafter, "the element its events came "
				    "from is gone: revert its deletion too");
			break;
		}
		sb_buf_printf(&am, "%s[%lld,%lld,%lld,%lld,%lld]", nm++ ? "," : "",
		    (long long)id, (long long)to, (long long)from,
		    (long long)json_integer_value(json_array_get(m, 4)),
		    (long long)json_integer_value(json_array_get(m, 3)));
	}
	/* dropped (collapsed): put back; added (by a revert): deleted again */
	json_array_foreach(dropped, i, x) {
		char *row;

		if (rc != SB_OK)
			break;
		if ((row = json_dumps(x, JSON_COMPACT)) == NULL) {
			rc = oom(ctx);
			break;
		}
		rc = store_element_event_insert_json(ctx, json_integer_value(json_object_get(x,
		    "element_id")), row);
		if (rc != SB_OK && store_constraint(ctx))
			rc = conflict(ctx, r, r->vafter, "an event it collapsed cannot be put "
			    "back (its element is gone, or its id is taken)");
		sb_buf_printf(&ad, "%s%s", i ? "," : "", row);
		free(row);
	}
	json_array_foreach(added, i, x) {
		int64_t id = json_integer_value(json_object_get(x, "id")), now = 0;
		char *row;

		if (rc != SB_OK)
			break;
		if ((rc = one_int(ctx, where, id, "element event", &now)) != SB_OK)
			break;
		if (now != json_integer_value(json_object_get(x, "element_id"))) {
			rc = conflict(ctx, r, r->vafter, "an event it put back is gone or "
			    "moved since");
			break;
		}
		if ((rc = store_element_event_delete(ctx, id)) != SB_OK)
			break;
		if ((row = json_dumps(x, JSON_COMPACT)) == NULL) {
			rc = oom(ctx);
			break;
		}
		sb_buf_printf(&ad, "%s%s", ad.len > 0 ? "," : "", row);
		free(row);
	}
	if (rc != SB_OK) {
		sb_buf_free(&am);
		sb_buf_free(&ad);
		return rc;
	}
	/* the inverse: what this revert moved, and the events it put back or took */
	sb_buf_init(&a);
	sb_buf_printf(&a, "{\"set\":{},\"events\":{\"moved\":[%s]", sb_buf_str(&am));
	if (json_array_size(added) > 0)
		sb_buf_printf(&a, ",\"dropped\":[%s]", sb_buf_str(&ad));
	else
		sb_buf_printf(&a, ",\"added\":[%s]", sb_buf_str(&ad));
	sb_buf_puts(&a, "},\"about\":{");
	{
		const char *en = json_string_value(json_object_get(json_object_get(r->changes,
		    "about"), "element"));
		const char *cat = json_string_value(json_object_get(json_object_get(
		    r->changes, "about"), "category"));

		if (en != NULL) {
			sb_buf_puts(&a, "\"element\":");
			sb_json_quote(&a, en);
			sb_buf_puts(&a, ",");
		}
		if (cat != NULL) {
			sb_buf_puts(&a, "\"category\":");
			sb_json_quote(&a, cat);
			sb_buf_puts(&a, ",");
		}
	}
	sb_buf_printf(&a, "\"reverts\":%lld}}", (long long)r->id);
	if (am.failed || ad.failed)
		a.failed = 1;
	sb_buf_free(&am);
	sb_buf_free(&ad);
	vnow = actual_of(rv, "element", r->entity_id, r->vafter);
	if ((rc = store_element_bump(ctx, r->entity_id)) == SB_OK)
		rc = a.failed ? oom(ctx) : sb_audit(ctx, r->project, "element", r->entity_id,
		    vnow, vnow + 1, sb_buf_str(&a));
	sb_buf_free(&a);
	if (rc == SB_OK)
		said(rv, r, "moved the element's events back");
	return rc;
}

/* An element renamed or numbered: the column back. */
static int
undo_element(struct revert *rv, const struct arow *r, json_t *set)
{
	sb_ctx *ctx = rv->ctx;
	json_t *name = json_object_get(set, "name"), *bid = json_object_get(set, "board_id");
	struct sb_buf a;
	int rc;

	/*
	 * elements are the breakdown: the editors' (sb-perm(1)); one a script
	 * revision brought needs the right to merge one, as it did
	 */
	if ((rc = sb_perm_require(ctx, json_object_get(json_object_get(r->changes, "about"),
	    "revision") != NULL ? SB_ACT_UPDATE : SB_ACT_EDIT, &(struct sb_scope){
	    r->project, 0, 0, 0 })) != SB_OK)
		return rc;
	if (r->vbefore == 0 && r->vafter > 0) {
		/* made by an edit: deleted again, once no strip names it */
		char *changes;
		int64_t n;

		if ((rc = check(ctx, r)) != SB_OK ||
		    (rc = one_int(ctx, "SELECT count(*) FROM strip_element WHERE element_id = ?1",
		    r->entity_id, "element", &n)) != SB_OK)
			return rc;
		if (n > 0)
			return conflict(ctx, r, r->vafter, "strips name it: revert their edits too");
		if ((rc = no_events(ctx, r)) != SB_OK)
			return rc;
		if ((changes = one_text(ctx, r, "SELECT json_object('set', json_object("
		    ELEMENT_COLS(TO_NULL) "), 'about', json_object('element', name, 'reverts',"
		    " ?2)) FROM element WHERE id = ?1", r->entity_id, r->id, 0, &rc,
		    "element %lld, to keep its columns in the revert's row",
		    (long long)r->entity_id)) == NULL)
			return rc;
		if ((rc = store_element_delete(ctx, r->entity_id)) == SB_OK)
			rc = sb_audit(ctx, r->project, "element", r->entity_id,
			    actual_of(rv, "element", r->entity_id, r->vafter), 0, changes);
		free(changes);
		if (rc == SB_OK)
			said(rv, r, "deleted the element it made");
		return rc;
	}
	if (r->vbefore > 0 && r->vafter == 0)
		return element_back(rv, r, set);
	if (r->vbefore > 0 && json_is_object(json_object_get(r->changes, "events")))
		return events_back(rv, r);
	if (r->vbefore == 0 || r->vafter == 0 || json_object_size(set) != 1 ||
	    (name == NULL && bid == NULL))
		return sb_err(ctx, SB_EDATA, "audit row %lld: only a rename or a new board "
		    "id of an element is reverted", (long long)r->id);
	if ((rc = check(ctx, r)) != SB_OK)
		return rc;
	{
		json_t *pair = name != NULL ? name : bid;
		char *x = json_dumps(json_array_get(pair, 1), JSON_ENCODE_ANY);
		char *y = json_dumps(json_array_get(pair, 0), JSON_ENCODE_ANY);

		sb_buf_init(&a);
		if (x != NULL && y != NULL)
			sb_buf_printf(&a, "{\"set\":{\"%s\":[%s,%s]},\"about\":{\"reverts\":"
			    "%lld}}", name != NULL ? "name" : "board_id", x, y, (long long)r->id);
		else
			a.failed = 1;
		free(x);
		free(y);
	}
	if (name != NULL)
		rc = store_element_rename(ctx, r->entity_id,
		    json_string_value(json_array_get(name, 0)));
	else
		rc = store_element_set_board_id(ctx, r->entity_id,
		    json_string_value(json_array_get(bid, 0)));
	if (rc == SB_OK) {
		int64_t vnow = actual_of(rv, "element", r->entity_id, r->vafter);

		rc = a.failed ? oom(ctx) : sb_audit(ctx, r->project, "element", r->entity_id,
		    vnow, vnow + 1, sb_buf_str(&a));
	}
	sb_buf_free(&a);
	if (rc == SB_OK)
		said(rv, r, name != NULL ? "gave the element its name back" :
		    "gave the element its board id back");
	return rc;
}

/* The active board: the one that was. */
static int
undo_project(struct revert *rv, const struct arow *r, json_t *set)
{
	sb_ctx *ctx = rv->ctx;
	json_t *pair = json_object_get(set, "active_board_id");
	int64_t now = 0, was;
	struct sb_buf a;
	int rc;

	if (json_object_get(r->changes, "import") != NULL ||
	    json_object_get(r->changes, "revision") != NULL)
		return undo_import(rv, r);
	if (pair == NULL || json_object_size(set) != 1)
		return sb_err(ctx, SB_EDATA, "audit row %lld: this change of the project is "
		    "not reverted", (long long)r->id);
	if ((rc = one_int(ctx, active_of, r->entity_id, "project", &now)) != SB_OK)
		return rc;
	if (now != json_integer_value(json_array_get(pair, 1)))
		return conflict(ctx, r, r->vafter, "another board was made active since");
	was = json_integer_value(json_array_get(pair, 0));
	/* which board is active is the admins' of both boards (sb-perm(1)) */
	if ((rc = sb_perm_require(ctx, SB_ACT_BOARD, &(struct sb_scope){ r->entity_id, now,
	    0, 0 })) != SB_OK || (was != 0 && (rc = sb_perm_require(ctx, SB_ACT_BOARD,
	    &(struct sb_scope){ r->entity_id, was, 0, 0 })) != SB_OK))
		return rc;
	if ((rc = store_project_set_active_board(ctx, r->entity_id, was)) != SB_OK)
		return rc;
	sb_buf_init(&a);
	sb_buf_printf(&a, "{\"set\":{\"active_board_id\":[%lld,", (long long)now);
	sb_json_int_or_null(&a, was, was != 0);
	sb_buf_printf(&a, "]},\"about\":{\"reverts\":%lld}}", (long long)r->id);
	rc = a.failed ? oom(ctx) : sb_audit(ctx, r->project, "project", r->entity_id,
	    r->vafter, r->vafter, sb_buf_str(&a));
	sb_buf_free(&a);
	if (rc == SB_OK)
		said(rv, r, "made the board that was active active again");
	return rc;
}

/*
 * Calendars.  Undoing a change of one is what the change needed
 * (sb-perm(1)): the calendar right on the board, on every board that
 * uses the calendar now; a calendar no board uses (its board's link was
 * reverted first) is its board's as the row names it, else the project's.
 */
static int
cal_perm(struct revert *rv, const struct arow *r, int64_t cal)
{
	static const char users[] = "SELECT id FROM board WHERE calendar_id = ?1 ORDER BY id";
	static const char named[] =
	    "SELECT id FROM board WHERE project_id = ?1 AND name = ?2";
	sb_ctx *ctx = rv->ctx;
	json_t *about = json_object_get(r->changes, "about");
	int64_t *v = NULL, board = 0;
	size_t n = 0;
	sb_st *st;
	int rc;

	if ((st = sb_stmt(ctx, users)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, cal);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		void *p = realloc(v, (n + 1) * sizeof(*v));

		if (p == NULL)
			break;
		v = p;
		v[n++] = sb_col_int64(st, 0);
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return rc == SQLITE_ROW ? oom(ctx) : sb_sqlerr(ctx, "board");
	}
	rc = SB_OK;
	for (size_t i = 0; i < n && rc == SB_OK; i++)
		rc = sb_perm_require(ctx, SB_ACT_CALENDAR, &(struct sb_scope){ r->project,
		    v[i], 0, 0 });
	free(v);
	if (n > 0 || rc != SB_OK)
		return rc;
	if (json_is_integer(json_object_get(about, "board_id")))
		board = json_integer_value(json_object_get(about, "board_id"));
	else if (json_is_string(json_object_get(about, "board"))) {
		if ((st = sb_stmt(ctx, named)) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, r->project);
		sb_bind_text(st, 2, json_string_value(json_object_get(about, "board")));
		if ((rc = sb_step(st)) == SQLITE_ROW)
			board = sb_col_int64(st, 0);
		sb_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return sb_sqlerr(ctx, "board");
	}
	return sb_perm_require(ctx, SB_ACT_CALENDAR, &(struct sb_scope){ r->project,
	    board, 0, 0 });
}

/* An entry of calendar cal changed: its version rises once, at the end. */
static int
cal_touch(struct revert *rv, int64_t cal, int64_t project)
{
	void *p;

	for (size_t i = 0; i < rv->ncals; i++)
		if (rv->cals[i].id == cal) {
			rv->cals[i].n++;
			return SB_OK;
		}
	if ((p = realloc(rv->cals, (rv->ncals + 1) * sizeof(*rv->cals))) == NULL)
		return oom(rv->ctx);
	rv->cals = p;
	rv->cals[rv->ncals].id = cal;
	rv->cals[rv->ncals].project = project;
	rv->cals[rv->ncals++].n = 1;
	return SB_OK;
}

/* Each calendar whose entries came back or went: its version rises, audited. */
static int
cals_raise(struct revert *rv)
{
	sb_ctx *ctx = rv->ctx;
	int rc = SB_OK;

	for (size_t i = 0; i < rv->ncals && rc == SB_OK; i++) {
		int64_t v = 0;
		char a[128];

		if ((rc = version_of(ctx, "calendar", rv->cals[i].id, &v)) != SB_OK || v == 0)
			continue; /* taken out by the same revert */
		snprintf(a, sizeof(a), "{\"set\":{},\"about\":{\"entries\":%lld,"
		    "\"reverted\":true}}", (long long)rv->cals[i].n);
		if ((rc = store_calendar_bump(ctx, rv->cals[i].id)) == SB_OK)
			rc = sb_audit(ctx, rv->cals[i].project, "calendar", rv->cals[i].id, v, v +
			    1, a);
	}
	return rc;
}

#define CALDAY_COLS(F) "'kind', " F("kind") ", 'date', " F("date") ", 'name', " \
    F("name") ", 'calendar_id', " F("calendar_id") ", 'rank', " F("rank") ", 'uid', " \
    F("uid") ", 'type', " F("type") ", 'date_raw', " F("date_raw") ", 'ext', " \
    F("ext") ", 'absent', " F("absent")
#define CAL_COLS(F) "'project_id', " F("project_id") ", 'uid', " F("uid") ", 'name', " \
    F("name") ", 'days_off', " F("days_off") ", 'rank', " F("rank") ", 'ext', " \
    F("ext") ", 'absent', " F("absent")
#define PLAIN(c) c

/*
 * The text of the one row and column that sql gives for ?1 = a and ?2 = b,
 * read for the revert of audit row r (a row's JSON, mostly).  what (a
 * printf format) says what is read and why, for the message of a failure:
 * "audit row N: cannot read WHAT: WHY NOT" (SQLite's error, or that there
 * is no such row or it holds no text: SB_ENOTFOUND).  NULL with *rc set;
 * when optional, no row or no text is NULL with *rc SB_OK.
 */
static char *
one_text(sb_ctx *ctx, const struct arow *r, const char *sql, int64_t a, int64_t b,
    int optional, int *rc, const char *what, ...)
{
	sb_st *st = sb_stmt(ctx, sql);
	char *text = NULL, about[200], why[256];
	const char *got;
	va_list ap;
	int step;

	va_start(ap, what);
	vsnprintf(about, sizeof(about), what, ap);
	va_end(ap);
	if (st == NULL) {
		snprintf(why, sizeof(why), "%s", sb_errmsg(ctx));
		*rc = sb_err(ctx, SB_EFAIL, "audit row %lld: cannot read %s: %s", (long long)r->id,
		    about, why);
		return NULL;
	}
	sb_bind_int64(st, 1, a);
	sb_bind_int64(st, 2, b);
	step = sb_step(st);
	got = step == SQLITE_ROW ? (const char *)sb_col_text(st, 0) : NULL;
	if (got != NULL && (text = sb_strdup(got)) == NULL) {
		sb_reset(st);
		*rc = oom(ctx);
		return NULL;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		snprintf(why, sizeof(why), "audit row %lld: cannot read %s", (long long)r->id,
		    about);
		*rc = sb_sqlerr(ctx, why);
	} else if (text == NULL && !optional) {
		*rc = sb_err(ctx, SB_ENOTFOUND, "audit row %lld: cannot read %s: %s",
		    (long long)r->id, about, step == SQLITE_ROW ? "it holds no text" :
		    "there is no such row");
	} else {
		*rc = SB_OK;
	}
	sb_reset(st);
	return text;
}

/* The integer of a query of one row and column for id; 0 when no row. */
static int
one_int(sb_ctx *ctx, const char *sql, int64_t id, const char *what, int64_t *out)
{
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*out = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	if ((rc = sb_step(st)) == SQLITE_ROW)
		*out = sb_col_int64(st, 0);
	sb_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, what);
}

/* An entry of a calendar added (taken out again) or taken out (put back). */
static int
undo_calendar_day(struct revert *rv, const struct arow *r, json_t *set)
{
	static const char gone[] =
	    "SELECT json_object('set', json_object(" CALDAY_COLS(TO_NULL) "),"
	    " 'about', json_object('reverts', ?2)) FROM calendar_day WHERE id = ?1";
	static const char made[] =
	    "SELECT json_object('set', json_object(" CALDAY_COLS(FROM_NULL) "),"
	    " 'about', json_object('reverts', ?2)) FROM calendar_day WHERE id = ?1";
	sb_ctx *ctx = rv->ctx;
	json_t *pair = json_object_get(set, "calendar_id");
	int64_t cal = json_integer_value(json_array_get(pair, r->vafter == 0 ? 0 : 1));
	char *changes;
	int rc;

	if (cal == 0 || (r->vbefore != 0 && r->vafter != 0))
		return sb_err(ctx, SB_EDATA, "audit row %lld: this change of a calendar "
		    "entry cannot be reverted", (long long)r->id);
	if ((rc = cal_perm(rv, r, cal)) != SB_OK || (rc = check(ctx, r)) != SB_OK)
		return rc;
	if (r->vbefore == 0) {
		if ((changes = one_text(ctx, r, gone, r->entity_id, r->id, 0, &rc,
		    "calendar entry %lld, to keep its columns in the revert's row",
		    (long long)r->entity_id)) == NULL)
			return rc;
		if ((rc = store_calendar_day_delete(ctx, r->entity_id)) == SB_OK)
			rc = sb_audit(ctx, r->project, "calendar_day", r->entity_id,
			    actual_of(rv, "calendar_day", r->entity_id, r->vafter), 0, changes);
		free(changes);
		if (rc == SB_OK)
			said(rv, r, "took the calendar entry out again");
	} else {
		json_t *row = json_object(), *v;
		const char *key;
		char *text;

		if (row == NULL)
			return oom(ctx);
		json_object_foreach(set, key, v)
			json_object_set(row, key, json_array_get(v, 0));
		json_object_set_new(row, "version", json_integer(r->vbefore + 1));
		text = json_dumps(row, JSON_COMPACT);
		json_decref(row);
		if (text == NULL)
			return oom(ctx);
		rc = store_calendar_day_insert_json(ctx, r->entity_id, text);
		free(text);
		if (rc != SB_OK)
			return store_constraint(ctx) ? conflict(ctx, r, 0, "its calendar is "
			    "gone since") : rc;
		if ((changes = one_text(ctx, r, made, r->entity_id, r->id, 0, &rc,
		    "calendar entry %lld as put back, for the revert's row",
		    (long long)r->entity_id)) == NULL)
			return rc;
		rc = sb_audit(ctx, r->project, "calendar_day", r->entity_id, 0, r->vbefore + 1,
		    changes);
		free(changes);
		if (rc == SB_OK)
			said(rv, r, "put the calendar entry back");
	}
	return rc == SB_OK ? cal_touch(rv, cal, r->project) : rc;
}

/*
 * Calendar cal put back with its id, its columns from set (each a [before,
 * after] pair) and its entries, at version, audited as made again by the
 * revert of r: a calendar dropped, or one that went with its board.
 */
static int
cal_put_back(struct revert *rv, const struct arow *r, int64_t cal, json_t *set,
    json_t *entries, int64_t version)
{
	static const char made[] =
	    "SELECT json_object('set', json_object(" CAL_COLS(FROM_NULL) "),"
	    " 'about', json_object('reverts', ?2)) FROM calendar WHERE id = ?1";
	sb_ctx *ctx = rv->ctx;
	char *text = json_dumps(set, JSON_COMPACT), *changes;
	json_t *e;
	size_t i;
	int rc;

	if (text == NULL)
		return oom(ctx);
	rc = store_calendar_insert_set(ctx, cal, text, version);
	free(text);
	if (rc != SB_OK)
		return store_constraint(ctx) ? conflict(ctx, r, 0, "another calendar "
		    "has its uid or its id since") : rc;
	json_array_foreach(entries, i, e) {
		if ((text = json_dumps(e, JSON_COMPACT)) == NULL)
			return oom(ctx);
		rc = store_calendar_day_insert_json(ctx, json_integer_value(
		    json_object_get(e, "id")), text);
		free(text);
		if (rc != SB_OK)
			return store_constraint(ctx) ? conflict(ctx, r, 0, "the id of an "
			    "entry is taken since") : rc;
	}
	if ((changes = one_text(ctx, r, made, cal, r->id, 0, &rc,
	    "calendar %lld as put back, for the revert's row", (long long)cal)) == NULL)
		return rc;
	rc = sb_audit(ctx, r->project, "calendar", cal, 0, version, changes);
	free(changes);
	return rc;
}

/*
 * A calendar made (taken out again with its entries, kept in the row),
 * taken out by a revert (put back with them), its days off changed (put
 * back), or its version risen with its entries (nothing: their rows say).
 */
static int
undo_calendar(struct revert *rv, const struct arow *r, json_t *set)
{
	static const char used[] = "SELECT count(*) FROM board WHERE calendar_id = ?1";
	sb_ctx *ctx = rv->ctx;
	int64_t now;
	int rc;

	if ((rc = cal_perm(rv, r, r->entity_id)) != SB_OK || (rc = check(ctx, r)) != SB_OK)
		return rc;
	if (r->vbefore > 0 && r->vafter > 0 && json_object_size(set) == 0) {
		said(rv, r, "nothing: the calendar's version rose with its entries");
		return SB_OK;
	}
	if (r->vbefore == 0) {
		int64_t n;

		if ((rc = one_int(ctx, used, r->entity_id, "board", &n)) != SB_OK)
			return rc;
		if (n > 0)
			return conflict(ctx, r, r->vafter, "a board uses it: revert the change "
			    "that gave it the calendar too");
		{
			struct sb_buf c;
			int64_t v;

			sb_buf_init(&c);
			sb_buf_puts(&c, "{");
			if ((rc = store_calendar_gone(ctx, r->entity_id, &c, &v)) == SB_OK) {
				sb_buf_printf(&c, ",\"about\":{\"reverts\":%lld}}",
				    (long long)r->id);
				if (c.failed)
					rc = oom(ctx);
			}
			if (rc == SB_OK && (rc = store_calendar_delete(ctx, r->entity_id)) == SB_OK)
				rc = sb_audit(ctx, r->project, "calendar", r->entity_id,
				    actual_of(rv, "calendar", r->entity_id, r->vafter), 0,
				    sb_buf_str(&c));
			sb_buf_free(&c);
		}
		if (rc == SB_OK)
			said(rv, r, "took the calendar out again");
		return rc;
	}
	if (r->vafter == 0) {
		if ((rc = cal_put_back(rv, r, r->entity_id, set, json_object_get(r->changes,
		    "entries"), r->vbefore + 1)) == SB_OK)
			said(rv, r, "put the calendar back with its entries");
		return rc;
	}
	{
		json_t *off = json_object_get(set, "days_off"), *ext = json_object_get(set, "ext");
		static const char cur[] =
		    "SELECT json_object('days_off', days_off, 'ext', ext) FROM calendar"
		    " WHERE id = ?1 AND ?2 = ?2";
		json_t *was;
		struct sb_buf a;
		char *now_text;

		if (!json_is_array(off) || json_object_size(set) != (ext != NULL ? 2u : 1u))
			return sb_err(ctx, SB_EDATA, "audit row %lld: this change of a calendar "
			    "cannot be reverted", (long long)r->id);
		if ((now_text = one_text(ctx, r, cur, r->entity_id, 0, 0, &rc,
		    "the days off of calendar %lld, to keep them in the revert's row",
		    (long long)r->entity_id)) == NULL)
			return rc;
		was = json_loads(now_text, 0, NULL);
		free(now_text);
		if (was == NULL)
			return oom(ctx);
		now = actual_of(rv, "calendar", r->entity_id, r->vafter);
		if ((rc = store_calendar_put_days_off(ctx, r->entity_id,
		    json_string_value(json_array_get(off, 0)), ext != NULL,
		    json_string_value(json_array_get(ext, 0)))) != SB_OK) {
			json_decref(was);
			return rc;
		}
		sb_buf_init(&a);
		{
			char *x = json_dumps(json_object_get(was, "days_off"), JSON_ENCODE_ANY);
			char *y = json_dumps(json_array_get(off, 0), JSON_ENCODE_ANY);
			char *xe = json_dumps(json_object_get(was, "ext"), JSON_ENCODE_ANY);
			char *ye = json_dumps(json_array_get(ext, 0), JSON_ENCODE_ANY);

			if (x == NULL || y == NULL || (ext != NULL && (xe == NULL || ye == NULL)))
				a.failed = 1;
			else if (ext != NULL)
				sb_buf_printf(&a, "{\"set\":{\"days_off\":[%s,%s],\"ext\":[%s,%s]},",
				    x, y, xe, ye);
			else
				sb_buf_printf(&a, "{\"set\":{\"days_off\":[%s,%s]},", x, y);
			free(x);
			free(y);
			free(xe);
			free(ye);
		}
		json_decref(was);
		sb_buf_printf(&a, "\"about\":{\"reverts\":%lld}}", (long long)r->id);
		rc = a.failed ? oom(ctx) : sb_audit(ctx, r->project, "calendar", r->entity_id,
		    now, now + 1, sb_buf_str(&a));
		sb_buf_free(&a);
		if (rc == SB_OK)
			said(rv, r, "gave the calendar its days off back");
		return rc;
	}
}

/* Note that a row this revert changed now stands at actual for logical. */
static int
seen_push(struct revert *rv, const char *entity, int64_t id, int64_t logical,
    int64_t actual)
{
	void *p = realloc(rv->seen, (rv->nseen + 1) * sizeof(*rv->seen));
	struct seen *s;

	if (p == NULL)
		return oom(rv->ctx);
	rv->seen = p;
	s = &rv->seen[rv->nseen++];
	snprintf(s->entity, sizeof(s->entity), "%s", entity);
	s->id = id;
	s->logical = logical;
	s->actual = actual;
	return SB_OK;
}

/*
 * A respacing of keys (a day's placements, or a lane's days, laid out
 * again when a key grew too long): the order was the same before and
 * after, so nothing a scheduler sees changes, but the keys go back, so
 * that older rows of the same revert (moves whose keys were of the old
 * spacing) put their strips back where they were.  Each row must stand
 * at the key and version the respacing left, and the day or lane hold no
 * other row; moving strips is the schedulers' (sb-perm(1)): SB_ACT_MOVE
 * on the board for a day's strips, SB_ACT_MOVE_DAY for a lane's days.
 */
static int
undo_respace(struct revert *rv, const struct arow *r, json_t *resp)
{
	sb_ctx *ctx = rv->ctx;
	const char *table = json_string_value(json_object_get(resp, "table"));
	json_t *rows = json_object_get(resp, "rows"), *x;
	int64_t owner = json_integer_value(json_object_get(resp, "owner")), board = 0, count = 0;
	int days = table != NULL && strcmp(table, "day") == 0;
	size_t n = json_array_size(rows), i;
	int64_t *ids = NULL;
	const char **keys = NULL;
	int *changed = NULL;
	struct sb_buf a;
	sb_st *st;
	int rc;

	if (table == NULL || (!days && strcmp(table, "placement") != 0) || owner == 0)
		return sb_err(ctx, SB_EDATA, "audit row %lld: a respacing of what?",
		    (long long)r->id);
	if ((st = sb_stmt(ctx, days ? "SELECT board_id, (SELECT count(*) FROM day WHERE"
	    " lane_id = ?1) FROM lane WHERE id = ?1" : "SELECT board_id, (SELECT count(*)"
	    " FROM placement WHERE day_id = ?1) FROM day WHERE id = ?1")) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, owner);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		board = sb_col_int64(st, 0);
		count = sb_col_int64(st, 1);
	}
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(ctx, table);
	if (board == 0)
		return conflict(ctx, r, r->vafter, days ? "its lane is gone since" :
		    "its day is gone since");
	if ((rc = sb_perm_require(ctx, days ? SB_ACT_MOVE_DAY : SB_ACT_MOVE,
	    &(struct sb_scope){ r->project, board, 0, 0 })) != SB_OK)
		return rc;
	if ((size_t)count != n)
		return conflict(ctx, r, r->vafter, days ? "days came or went in the lane "
		    "since" : "strips came or went in the day since");
	ids = calloc(n ? n : 1, sizeof(*ids));
	keys = calloc(n ? n : 1, sizeof(*keys));
	changed = calloc(n ? n : 1, sizeof(*changed));
	if (ids == NULL || keys == NULL || changed == NULL) {
		free(ids);
		free(keys);
		free(changed);
		return oom(ctx);
	}
	sb_buf_init(&a);
	sb_buf_printf(&a, "{\"respace\":{\"table\":\"%s\",\"owner\":%lld,\"rows\":[", table,
	    (long long)owner);
	rc = SB_OK;
	json_array_foreach(rows, i, x) {
		const char *old = json_string_value(json_array_get(x, 1));
		const char *cur = json_string_value(json_array_get(x, 2));
		int64_t vb = json_integer_value(json_array_get(x, 3));
		int64_t va = json_integer_value(json_array_get(x, 4)), v = 0;
		char pos[SB_KEY_MAX + 2] = "";
		int there;

		if (json_array_size(x) != 5 || old == NULL || cur == NULL) {
			rc = sb_err(ctx, SB_EDATA, "audit row %lld: a respaced row is [id, old, "
			    "new, version_before, version_after]", (long long)r->id);
			break;
		}
		ids[i] = json_integer_value(json_array_get(x, 0));
		keys[i] = old;
		changed[i] = strcmp(old, cur) != 0;
		if ((st = sb_stmt(ctx, days ? "SELECT pos, version FROM day WHERE id = ?1 AND"
		    " lane_id = ?2" : "SELECT pos, version FROM placement WHERE id = ?1 AND"
		    " day_id = ?2")) == NULL) {
			rc = SB_EFAIL;
			break;
		}
		sb_bind_int64(st, 1, ids[i]);
		sb_bind_int64(st, 2, owner);
		if ((there = sb_step(st)) == SQLITE_ROW) {
			snprintf(pos, sizeof(pos), "%s", sb_col_text(st, 0));
			v = sb_col_int64(st, 1);
		}
		sb_reset(st);
		if (there != SQLITE_ROW && there != SQLITE_DONE) {
			rc = sb_sqlerr(ctx, table);
			break;
		}
		if (there != SQLITE_ROW || strcmp(pos, cur) != 0 ||
		    (!days && v != actual_of(rv, "placement", ids[i], va))) {
			rc = conflict(ctx, r, r->vafter, days ? "a day of the lane was moved "
			    "since" : "a strip of the day was moved since");
			break;
		}
		sb_buf_printf(&a, "%s[%lld,", i ? "," : "", (long long)ids[i]);
		sb_json_quote(&a, cur);
		sb_buf_puts(&a, ",");
		sb_json_quote(&a, old);
		sb_buf_printf(&a, ",%lld,%lld]", (long long)v,
		    (long long)(v + (!days && changed[i])));
		if (!days && (rc = seen_push(rv, "placement", ids[i], vb,
		    v + (changed[i] != 0))) != SB_OK)
			break;
	}
	sb_buf_printf(&a, "]},\"about\":{\"reverts\":%lld}}", (long long)r->id);
	if (rc == SB_OK)
		rc = store_respace_back(ctx, days, owner, n, ids, keys, changed);
	if (rc == SB_OK)
		rc = a.failed ? oom(ctx) : sb_audit(ctx, r->project, "lane", r->entity_id,
		    r->vbefore, r->vafter, sb_buf_str(&a));
	free(ids);
	free(keys);
	free(changed);
	sb_buf_free(&a);
	if (rc == SB_OK)
		said(rv, r, "gave the keys their old spacing back (the order is the same)");
	return rc;
}

static int
undo(struct revert *rv, const struct arow *r)
{
	json_t *set = json_object_get(r->changes, "set");

	if (strcmp(r->entity, "strip") == 0)
		return undo_strip(rv, r);
	if (strcmp(r->entity, "project") == 0)
		return undo_project(rv, r, set);
	if (strcmp(r->entity, "kept") == 0) {
		/* rows of a project kept for the import (or revert) after it */
		said(rv, r, "nothing: it keeps the rows of a project replaced, for the "
		    "import after it");
		return SB_OK;
	}
	if (strcmp(r->entity, "perm") == 0)
		return sb_err(rv->ctx, SB_EDATA, "audit row %lld: a rule of sb-perm is not "
		    "reverted; grant, deny or revoke it again (sb-perm(1))", (long long)r->id);
	if (strcmp(r->entity, "lane") == 0 &&
	    json_is_object(json_object_get(r->changes, "respace")))
		return undo_respace(rv, r, json_object_get(r->changes, "respace"));
	if (!json_is_object(set))
		return sb_err(rv->ctx, SB_EDATA, "audit row %lld (%s) says nothing that "
		    "can be undone", (long long)r->id, r->entity);
	if (strcmp(r->entity, "placement") == 0)
		return undo_placement(rv, r, set);
	if (strcmp(r->entity, "day") == 0)
		return undo_day(rv, r, set);
	if (strcmp(r->entity, "board") == 0)
		return undo_board(rv, r, set);
	if (strcmp(r->entity, "element") == 0)
		return undo_element(rv, r, set);
	if (strcmp(r->entity, "calendar_day") == 0)
		return undo_calendar_day(rv, r, set);
	if (strcmp(r->entity, "calendar") == 0)
		return undo_calendar(rv, r, set);
	if (strcmp(r->entity, "category") == 0)
		return undo_category(rv, r);
	return sb_err(rv->ctx, SB_EDATA, "audit row %lld: a change of a %s is not "
	    "reverted yet", (long long)r->id, r->entity);
}

static int
load(sb_ctx *ctx, int64_t id, struct arow *r)
{
	/*
	 * A project kept whole in the row ("previous" of an import that
	 * replaced one, as older rows kept it: tens of MB) stays text:
	 * project_back() reads it from the row itself.  Rows now keep it in
	 * audit rows of their own ("previous":{"kept":[ids]}).
	 */
	static const char sql[] =
	    "SELECT coalesce(project_id, 0), entity, coalesce(entity_id, 0),"
	    " coalesce(version_before, 0), coalesce(version_after, 0),"
	    " CASE WHEN entity = 'project' AND json_valid(changes) = 1 AND"
	    " json_type(changes, '$.previous.project') IS NOT NULL THEN"
	    " json_set(changes, '$.previous', json('{}')) ELSE changes END"
	    " FROM audit WHERE id = ?1";
	/* a server's: the row as it is (a project kept whole is parsed too) */
	static const char sql_pg[] =
	    "SELECT coalesce(project_id, 0), entity, coalesce(entity_id, 0),"
	    " coalesce(version_before, 0), coalesce(version_after, 0), changes"
	    " FROM audit WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, ctx->pg != NULL ? sql_pg : sql);
	int rc;

	memset(r, 0, sizeof(*r));
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *c = (const char *)sb_col_text(st, 5);

		r->id = id;
		r->project = sb_col_int64(st, 0);
		snprintf(r->entity, sizeof(r->entity), "%s", sb_col_text(st, 1));
		r->entity_id = sb_col_int64(st, 2);
		r->vbefore = sb_col_int64(st, 3);
		r->vafter = sb_col_int64(st, 4);
		r->changes = c != NULL ? json_loads(c, 0, NULL) : NULL;
	}
	sb_reset(st);
	if (rc == SQLITE_DONE)
		return sb_err(ctx, SB_ENOTFOUND, "there is no audit row %lld", (long long)id);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, "audit");
	if (!json_is_object(r->changes))
		return sb_err(ctx, SB_EDATA, "audit row %lld: its changes are not JSON",
		    (long long)id);
	return SB_OK;
}

static int
cmp_desc(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

int
sb_revert(sb_ctx *ctx, const int64_t *ids, size_t n, int dry_run, FILE *out,
    size_t *reverted)
{
	struct revert rv;
	int64_t *v;
	int rc;

	*reverted = 0;
	if (n == 0)
		return sb_err(ctx, SB_EUSAGE, "revert which audit rows?");
	memset(&rv, 0, sizeof(rv));
	rv.ctx = ctx;
	rv.out = out;
	sb_buf_init(&rv.said);
	if ((v = malloc(n * sizeof(*v))) == NULL) {
		sb_buf_free(&rv.said);
		return oom(ctx);
	}
	memcpy(v, ids, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_desc);
	if ((rc = sb_begin(ctx)) != SB_OK) {
		free(v);
		sb_buf_free(&rv.said);
		return rc;
	}
	rv.ids = v;
	rv.nids = n;
	{
		sb_st *st = sb_stmt(ctx, "SELECT coalesce(max(id), 0) FROM audit");

		if (st == NULL)
			rc = SB_EFAIL;
		else if ((rc = sb_step(st)) == SQLITE_ROW) {
			rv.trail_end = sb_col_int64(st, 0);
			rc = SB_OK;
		} else
			rc = sb_sqlerr(ctx, "audit");
		if (st != NULL)
			sb_reset(st);
	}
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		struct arow r;

		if (i > 0 && v[i] == v[i - 1])
			continue;
		if ((rc = load(ctx, v[i], &r)) == SB_OK &&
		    (rc = undo(&rv, &r)) == SB_OK)
			rc = seen_add(&rv, &r);
		json_decref(r.changes);
	}
	free(v);
	free(rv.seen);
	if (rc == SB_OK)
		rc = cals_raise(&rv);
	free(rv.cals);
	/* a day put back renumbers its lane: in this change, not the next move */
	if (rc == SB_OK && rv.days_changed)
		rc = sb_lanes_renumber(ctx);
	*reverted = rv.done;
	if (rc == SB_OK && rv.said.failed)
		rc = oom(ctx);
	if (rc != SB_OK || dry_run)
		sb_rollback(ctx);
	else
		rc = sb_commit(ctx);
	/*
	 * A project put back for another has changed every table by its
	 * rows: on a server, the statistics it plans from are made fresh, as
	 * after an import (op_import.c); planned for the project taken out,
	 * an export of the 5,000 strips put back took minutes (t0184).
	 */
	if (rc == SB_OK && !dry_run && rv.projects_changed)
		sb_server_analyze(ctx);
	/* what was undone (or would be), once it holds: never half a story */
	if (rc == SB_OK)
		fputs(sb_buf_str(&rv.said), out);
	sb_buf_free(&rv.said);
	return rc;
}
