/*
 * store_lookup.c - finding the rows a scheduler names: boards, strips,
 * lanes and days by name, id, scene number or day number, where a strip
 * stands, day numbers (kept in day.seq inside a write), and laying a day's
 * or a lane's keys out again when they grow long.  The lane and list day a
 * move needs are created here when asked.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "json_priv.h"
#include "lookup_priv.h"
#include "store.h"

/*
 * The audit row of a lane or a list day made because a move needed it:
 * every column from null, so that the trail can take it away again.
 */
static int
audit_made(sb_ctx *ctx, int64_t board, const char *entity, int64_t id,
    const struct sb_row_lane *lane, const struct sb_row_day *day)
{
	static const char sql[] = "SELECT project_id, name, (SELECT rank FROM lane"
	    " WHERE id = ?2) FROM board WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, sql);
	int64_t project = 0, rank = 0;
	struct sb_buf b;
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, board);
	sb_bind_int64(st, 2, lane != NULL ? id : 0);
	sb_buf_init(&b);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		project = sb_col_int64(st, 0);
		rank = sb_col_int64(st, 2);
		if (lane != NULL) {
			sb_buf_printf(&b, "{\"set\":{\"board_id\":[null,%lld],\"uid\":[null,",
			    (long long)board);
			sb_json_quote(&b, lane->uid);
			sb_buf_puts(&b, "],\"name\":[null,");
			sb_json_quote(&b, lane->name);
			sb_buf_puts(&b, "],\"kind\":[null,");
			sb_json_quote(&b, lane->kind);
			sb_buf_printf(&b, "],\"nested\":[null,%d],\"rank\":[null,%lld]}",
			    lane->nested, (long long)rank);
		} else {
			sb_buf_printf(&b, "{\"set\":{\"board_id\":[null,%lld],"
			    "\"lane_id\":[null,%lld],\"kind\":[null,\"list\"],"
			    "\"uss_bare\":[null,0],\"pos\":[null,", (long long)board,
			    (long long)day->lane_id);
			sb_json_quote(&b, day->pos);
			sb_buf_puts(&b, "]}");
		}
		sb_buf_puts(&b, ",\"about\":{\"board\":");
		sb_json_quote(&b, (const char *)sb_col_text(st, 1));
		sb_buf_printf(&b, ",\"board_id\":%lld}}", (long long)board);
	}
	sb_reset(st);
	if (rc != SQLITE_ROW)
		rc = sb_sqlerr(ctx, "board");
	else
		rc = b.failed ? sb_err(ctx, SB_EFAIL, "out of memory") :
		    sb_audit(ctx, project, entity, id, 0, 1, sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

/*
 * One id from a query binding ?1 to a (and ?2 to b when not NULL):
 * SB_OK, SB_ENOTFOUND (no message: the caller says what was missing), or
 * the SQLite error.
 */
static int
lookup(sb_ctx *ctx, const char *sql, int64_t a, const char *b, int64_t *out)
{
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, a);
	if (b != NULL)
		sb_bind_text(st, 2, b);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		*out = sb_col_int64(st, 0);
	sb_reset(st);
	if (rc == SQLITE_ROW)
		return SB_OK;
	return rc == SQLITE_DONE ? SB_ENOTFOUND : sb_sqlerr(ctx, "lookup");
}

/*
 * Finding things
 */
const char *
sb_board_name(sb_ctx *ctx, int64_t board, char *buf, size_t size)
{
	sb_st *st = sb_stmt(ctx, "SELECT name FROM board WHERE id = ?1");

	buf[0] = '\0';
	if (st == NULL)
		return buf;
	sb_bind_int64(st, 1, board);
	if (sb_step(st) == SQLITE_ROW)
		snprintf(buf, size, "%s", sb_col_text(st, 0));
	sb_reset(st);
	return buf;
}

int
sb_strip_find(sb_ctx *ctx, int64_t project_id, const char *ref, int64_t *strip_id)
{
	static const char by_uid[] =
	    "SELECT id FROM strip WHERE project_id = ?1 AND uid = ?2";
	static const char by_scene[] =
	    "SELECT id, uid FROM strip WHERE project_id = ?1 AND scene = ?2 LIMIT 6";
	static const char all_scenes[] =
	    "SELECT id, uid, scene FROM strip WHERE project_id = ?1 AND scene IS NOT NULL";
	sb_st *st;
	struct sb_buf names;
	int rc, n = 0;

	if ((rc = lookup(ctx, by_uid, project_id, ref, strip_id)) != SB_ENOTFOUND)
		return rc;

	/* A scene number: exactly as written, else as a scheduler means it. */
	sb_buf_init(&names);
	if ((st = sb_stmt(ctx, by_scene)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, project_id);
	sb_bind_text(st, 2, ref);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		*strip_id = sb_col_int64(st, 0);
		sb_buf_printf(&names, "%s%s", n++ ? ", " : "", sb_col_text(st, 1));
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		sb_buf_free(&names);
		return sb_sqlerr(ctx, "strip");
	}
	if (n == 0) {
		if ((st = sb_stmt(ctx, all_scenes)) == NULL) {
			sb_buf_free(&names);
			return SB_EFAIL;
		}
		sb_bind_int64(st, 1, project_id);
		while ((rc = sb_step(st)) == SQLITE_ROW) {
			if (sb_scene_cmp((const char *)sb_col_text(st, 2), ref) != 0)
				continue;
			*strip_id = sb_col_int64(st, 0);
			if (n < 6)
				sb_buf_printf(&names, "%s%s", n ? ", " : "",
				    sb_col_text(st, 1));
			n++;
		}
		sb_reset(st);
		if (rc != SQLITE_DONE) {
			sb_buf_free(&names);
			return sb_sqlerr(ctx, "strip");
		}
	}
	if (n == 1) {
		sb_buf_free(&names);
		return SB_OK;
	}
	if (n == 0)
		rc = sb_err(ctx, SB_ENOTFOUND, "no strip has the id or scene number \"%s\"",
		    ref);
	else
		rc = sb_err(ctx, SB_EUSAGE, "scene %s names %d strips (%s%s): give "
		    "the strip's id", ref, n, sb_buf_str(&names), n > 5 ? ", ..." : "");
	sb_buf_free(&names);
	return rc;
}

/*
 * Lanes, days and places
 */
int
sb_place_get(sb_ctx *ctx, int64_t board, int64_t strip, struct sb_place *place)
{
	static const char sql[] =
	    "SELECT p.id, p.day_id, d.lane_id, p.version, l.kind, d.kind = 'shoot', p.pos"
	    " FROM placement p JOIN day d ON d.id = p.day_id JOIN lane l ON l.id = d.lane_id"
	    " WHERE p.board_id = ?1 AND p.strip_id = ?2";
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	memset(place, 0, sizeof(*place));
	place->strip = strip;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, board);
	sb_bind_int64(st, 2, strip);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		place->id = sb_col_int64(st, 0);
		place->day = sb_col_int64(st, 1);
		place->lane = sb_col_int64(st, 2);
		place->version = sb_col_int64(st, 3);
		snprintf(place->lane_kind, sizeof(place->lane_kind), "%s",
		    sb_col_text(st, 4));
		place->day_shoot = sb_col_int(st, 5);
		snprintf(place->pos, sizeof(place->pos), "%s", sb_col_text(st, 6));
	}
	sb_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "placement");
}

int
sb_list_day(sb_ctx *ctx, int64_t board, int64_t lane, int create, int64_t *day)
{
	static const char find[] =
	    "SELECT id FROM day WHERE lane_id = ?1 AND kind = 'list' LIMIT 1";
	static const char last[] =
	    "SELECT pos FROM day WHERE lane_id = ?1 ORDER BY pos DESC LIMIT 1";
	struct sb_row_day row;
	sb_st *st;
	char key[SB_KEY_MAX + 2], lo[SB_KEY_MAX + 2] = "";
	int rc = lookup(ctx, find, lane, NULL, day);

	if (rc != SB_ENOTFOUND)
		return rc;
	if (!create)
		return sb_err(ctx, SB_ENOTFOUND, "the lane has no list of strips");
	/* after every shoot day: the strips not yet cut into days */
	if ((st = sb_stmt(ctx, last)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, lane);
	if (sb_step(st) == SQLITE_ROW)
		snprintf(lo, sizeof(lo), "%s", sb_col_text(st, 0));
	sb_reset(st);
	if ((rc = sb_key_between(lo[0] ? lo : NULL, NULL, key, sizeof(key))) != SB_OK) {
		if ((rc = sb_rebalance_lane(ctx, lane)) != SB_OK)
			return rc;
		return sb_list_day(ctx, board, lane, create, day);
	}
	memset(&row, 0, sizeof(row));
	row.board_id = board;
	row.lane_id = lane;
	row.kind = "list";
	row.pos = key;
	if ((rc = store_day_insert(ctx, &row, day)) != SB_OK)
		return rc;
	return audit_made(ctx, board, "day", *day, NULL, &row);
}

int
sb_lane_get(sb_ctx *ctx, int64_t board, const char *kind, int create, int64_t *lane)
{
	static const char find[] =
	    "SELECT id FROM lane WHERE board_id = ?1 AND kind = ?2 ORDER BY rank, id LIMIT 1";
	struct sb_row_lane row;
	char uid[25];
	int rc = lookup(ctx, find, board, kind, lane);

	if (rc != SB_ENOTFOUND)
		return rc;
	if (!create)
		return sb_err(ctx, SB_ENOTFOUND, "the board has no %s", kind);
	sb_uid_new(uid);
	memset(&row, 0, sizeof(row));
	row.board_id = board;
	row.uid = uid;
	row.name = strcmp(kind, "schedule") == 0 ? "stripboard" : kind;
	row.kind = kind;
	row.nested = strcmp(kind, "schedule") == 0;
	row.rank = STORE_RANK_NEXT;
	if ((rc = store_lane_insert(ctx, &row, lane)) != SB_OK)
		return rc;
	return audit_made(ctx, board, "lane", *lane, &row, NULL);
}

/*
 * Inside a write, make sure the lane's days carry their numbers (day.seq):
 * one pass over the lane after an import or a change of its days, none
 * after that, so a move finds a day's number without counting.
 */
static int
ensure_ranks(sb_ctx *ctx, int64_t lane, int *ranked)
{
	static const char is_ranked[] = "SELECT ranked FROM lane WHERE id = ?1";
	int64_t have = 0;
	int rc;

	*ranked = 0;
	if (ctx->tx_depth == 0)
		return SB_OK; /* a reader counts: it may not write */
	if ((rc = lookup(ctx, is_ranked, lane, NULL, &have)) != SB_OK && rc != SB_ENOTFOUND)
		return rc;
	if (rc == SB_OK && have == 0) {
		if ((rc = store_day_number(ctx, lane)) != SB_OK ||
		    (rc = store_lane_set_ranked(ctx, lane, 1)) != SB_OK)
			return rc;
	}
	*ranked = rc == SB_OK;
	return SB_OK;
}

int
sb_lane_unranked(sb_ctx *ctx, int64_t lane)
{
	return store_lane_set_ranked(ctx, lane, 0);
}

int
sb_lane_renumber(sb_ctx *ctx, int64_t lane)
{
	int rc;

	if ((rc = store_day_number(ctx, lane)) != SB_OK)
		return rc;
	return store_lane_set_ranked(ctx, lane, 1);
}

int
sb_lanes_renumber(sb_ctx *ctx)
{
	return store_each_id(ctx, "SELECT id FROM lane WHERE ranked = 0 ORDER BY id",
	    "lanes", sb_lane_renumber);
}

/*
 * A numbered lane (lane.ranked) keeps its shoot days' numbers 1..n in
 * day.seq (every change to its days marks it unranked in the same
 * transaction), so its count is its last number, one step down the
 * day_seq index, where counting walks a quarter of a million days at a
 * million strips.  Only read here: renumbering is the writers' (ensure_ranks()).
 */
int
sb_shoot_day_count(sb_ctx *ctx, int64_t lane, int64_t *n)
{
	static const char count_sql[] =
	    "SELECT count(*) FROM day WHERE lane_id = ?1 AND kind = 'shoot'";
	static const char last_sql[] =
	    "SELECT coalesce((SELECT seq FROM day WHERE lane_id = ?1 AND kind = 'shoot'"
	    " AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1), 0)";
	int64_t ranked = 0;
	sb_st *st;
	int rc;

	if ((rc = lookup(ctx, "SELECT ranked FROM lane WHERE id = ?1", lane, NULL,
	    &ranked)) != SB_OK && rc != SB_ENOTFOUND)
		return rc;
	if ((st = sb_stmt(ctx, ranked == 1 ? last_sql : count_sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, lane);
	if (sb_step(st) != SQLITE_ROW) {
		sb_reset(st);
		return sb_sqlerr(ctx, "days");
	}
	*n = sb_col_int64(st, 0);
	sb_reset(st);
	return SB_OK;
}

int
sb_shoot_day(sb_ctx *ctx, int64_t lane, int64_t n, int64_t *day)
{
	static const char sql[] =
	    "SELECT id FROM day WHERE lane_id = ?1 AND kind = 'shoot' ORDER BY pos"
	    " LIMIT 1 OFFSET ?2";
	static const char by_seq[] =
	    "SELECT id FROM day WHERE lane_id = ?1 AND seq = ?2 + 1 AND kind = 'shoot'";
	sb_st *st;
	int64_t count;
	int rc, ranked;

	if ((rc = ensure_ranks(ctx, lane, &ranked)) != SB_OK)
		return rc;
	if (n >= 1) {
		if ((st = sb_stmt(ctx, ranked ? by_seq : sql)) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, lane);
		sb_bind_int64(st, 2, n - 1);
		rc = sb_step(st);
		if (rc == SQLITE_ROW)
			*day = sb_col_int64(st, 0);
		sb_reset(st);
		if (rc == SQLITE_ROW)
			return SB_OK;
		if (rc != SQLITE_DONE)
			return sb_sqlerr(ctx, "day");
	}
	if ((rc = sb_shoot_day_count(ctx, lane, &count)) != SB_OK)
		return rc;
	return sb_err(ctx, SB_ENOTFOUND, "there is no day %lld: the board has %lld "
	    "shoot day%s", (long long)n, (long long)count, count == 1 ? "" : "s");
}

int
sb_day_number(sb_ctx *ctx, int64_t day, int64_t *n)
{
	static const char sql[] =
	    "SELECT CASE WHEN d.kind = 'shoot' THEN (SELECT count(*) FROM day e"
	    " WHERE e.lane_id = d.lane_id AND e.kind = 'shoot' AND e.pos <= d.pos)"
	    " ELSE 0 END FROM day d WHERE d.id = ?1";
	static const char by_seq[] =
	    "SELECT CASE WHEN kind = 'shoot' THEN seq ELSE 0 END FROM day WHERE id = ?1";
	sb_st *st;
	int64_t lane = 0;
	int rc, ranked = 0;

	*n = 0;
	if (ctx->tx_depth > 0) {
		if ((rc = lookup(ctx, "SELECT lane_id FROM day WHERE id = ?1", day, NULL,
		    &lane)) != SB_OK)
			return rc == SB_ENOTFOUND ? SB_OK : rc;
		if ((rc = ensure_ranks(ctx, lane, &ranked)) != SB_OK)
			return rc;
	}
	if ((st = sb_stmt(ctx, ranked ? by_seq : sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, day);
	if (sb_step(st) == SQLITE_ROW)
		*n = sb_col_int64(st, 0);
	sb_reset(st);
	return SB_OK;
}

int
sb_target_day(sb_ctx *ctx, int64_t board, const char *target, int create, int64_t *day)
{
	static const char by_name[] =
	    "SELECT id FROM lane WHERE board_id = ?1 AND name = ?2 ORDER BY rank LIMIT 1";
	char name[256];
	const char *slash;
	int64_t lane, n = 0;
	int rc;

	if (target[0] == '\0') {
		if ((rc = sb_lane_get(ctx, board, "schedule", create, &lane)) != SB_OK)
			return rc;
		return sb_list_day(ctx, board, lane, create, day);
	}
	if (target[0] >= '0' && target[0] <= '9') {
		char *end;

		n = strtoll(target, &end, 10);
		if (*end != '\0' || n < 1)
			return sb_err(ctx, SB_EUSAGE, "\"%s\" is not a day number", target);
		if ((rc = sb_lane_get(ctx, board, "schedule", 0, &lane)) != SB_OK)
			return sb_err(ctx, SB_ENOTFOUND, "there is no day %lld: the board "
			    "is not cut into days", (long long)n);
		return sb_shoot_day(ctx, lane, n, day);
	}
	if (strcmp(target, "boneyard") == 0) {
		if ((rc = sb_lane_get(ctx, board, "boneyard", create, &lane)) != SB_OK)
			return rc;
		return sb_list_day(ctx, board, lane, create, day);
	}
	/* another lane, by name, with /N for its day N */
	slash = strrchr(target, '/');
	snprintf(name, sizeof(name), "%.*s", slash != NULL ? (int)(slash - target) :
	    (int)strlen(target), target);
	if (slash != NULL) {
		char *end;

		n = strtoll(slash + 1, &end, 10);
		if (*end != '\0' || n < 1)
			return sb_err(ctx, SB_EUSAGE, "\"%s\" is not a lane and a day number",
			    target);
	}
	rc = lookup(ctx, by_name, board, name, &lane);
	if (rc == SB_ENOTFOUND)
		return sb_err(ctx, SB_ENOTFOUND, "the board has no day or lane called "
		    "\"%s\"", target);
	if (rc != SB_OK)
		return rc;
	if (n > 0)
		return sb_shoot_day(ctx, lane, n, day);
	return sb_list_day(ctx, board, lane, create, day);
}

int
sb_board_project(sb_ctx *ctx, int64_t board, int64_t *project)
{
	int rc = lookup(ctx, "SELECT project_id FROM board WHERE id = ?1", board, NULL,
	    project);

	return rc == SB_ENOTFOUND ? sb_err(ctx, SB_ENOTFOUND, "no such board") : rc;
}

/*
 * Laying keys out again (the writers are store_layout.c's)
 */
int
sb_rebalance_day(sb_ctx *ctx, int64_t day)
{
	return store_placement_respread(ctx, day);
}

int
sb_rebalance_lane(sb_ctx *ctx, int64_t lane)
{
	return store_day_respread(ctx, lane);
}
