/*
 * op_move.c - moving strips on a board: finding boards, strips, lanes and
 * days by what a scheduler calls them, position keys between neighbours,
 * nested transactions, and the optimistic version check with its report.
 */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "board_priv.h"
#include "json_priv.h"
#include "sched_priv.h"

/*
 * Transactions
 */
int
sb_tx_begin(sb_ctx *ctx)
{
	char sql[32];
	int rc;

	if (ctx->tx_depth == 0) {
		if ((rc = sb_begin(ctx)) != SB_OK)
			return rc;
	} else {
		snprintf(sql, sizeof(sql), "SAVEPOINT sb%d", ctx->tx_depth);
		if ((rc = sb_exec(ctx, sql)) != SB_OK)
			return rc;
	}
	ctx->tx_depth++;
	return SB_OK;
}

int
sb_tx_end(sb_ctx *ctx, int status)
{
	char sql[64];

	if (ctx->tx_depth <= 0)
		return status;
	ctx->tx_depth--;
	if (ctx->tx_depth == 0) {
		if (status == SB_OK)
			return sb_commit(ctx);
		sb_rollback(ctx);
		return status;
	}
	if (status == SB_OK) {
		snprintf(sql, sizeof(sql), "RELEASE sb%d", ctx->tx_depth);
		return sb_exec(ctx, sql);
	}
	snprintf(sql, sizeof(sql), "ROLLBACK TO sb%d; RELEASE sb%d", ctx->tx_depth,
	    ctx->tx_depth);
	sqlite3_exec(ctx->db, sql, NULL, NULL, NULL);
	return status;
}

/*
 * One id from a query binding ?1 to a (and ?2 to b when not NULL):
 * SB_OK, SB_ENOTFOUND (no message: the caller says what was missing), or
 * the SQLite error.
 */
static int
lookup(sb_ctx *ctx, const char *sql, int64_t a, const char *b, int64_t *out)
{
	sqlite3_stmt *st = sb_stmt(ctx, sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sqlite3_bind_int64(st, 1, a);
	if (b != NULL)
		sb_bind_text(st, 2, b);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return SB_OK;
	return rc == SQLITE_DONE ? SB_ENOTFOUND : sb_sqlerr(ctx, "lookup");
}

/*
 * Finding things
 */
int
sb_board_find(sb_ctx *ctx, int64_t project_id, const char *name, int64_t *board_id)
{
	static const char by_name[] =
	    "SELECT id FROM board WHERE project_id = ?1 AND (name = ?2 OR uid = ?2)"
	    " ORDER BY name = ?2 DESC, rank, id LIMIT 1";
	static const char first[] =
	    "SELECT b.id FROM board b JOIN project p ON p.id = b.project_id"
	    " WHERE b.project_id = ?1"
	    " ORDER BY b.id IS p.active_board_id DESC, b.rank, b.id LIMIT 1";
	int rc = lookup(ctx, name != NULL ? by_name : first, project_id, name, board_id);

	if (rc != SB_ENOTFOUND)
		return rc;
	if (name != NULL)
		return sb_err(ctx, SB_ENOTFOUND, "no board called \"%s\"", name);
	return sb_err(ctx, SB_ENOTFOUND, "the project has no board");
}

const char *
sb_board_name(sb_ctx *ctx, int64_t board, char *buf, size_t size)
{
	sqlite3_stmt *st = sb_stmt(ctx, "SELECT name FROM board WHERE id = ?1");

	buf[0] = '\0';
	if (st == NULL)
		return buf;
	sqlite3_bind_int64(st, 1, board);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf, size, "%s", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
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
	sqlite3_stmt *st;
	struct sb_buf names;
	int rc, n = 0;

	if ((rc = lookup(ctx, by_uid, project_id, ref, strip_id)) != SB_ENOTFOUND)
		return rc;

	/* A scene number: exactly as written, else as a scheduler means it. */
	sb_buf_init(&names);
	if ((st = sb_stmt(ctx, by_scene)) == NULL)
		return SB_EFAIL;
	sqlite3_bind_int64(st, 1, project_id);
	sb_bind_text(st, 2, ref);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*strip_id = sqlite3_column_int64(st, 0);
		sb_buf_printf(&names, "%s%s", n++ ? ", " : "", sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		sb_buf_free(&names);
		return sb_sqlerr(ctx, "strip");
	}
	if (n == 0) {
		if ((st = sb_stmt(ctx, all_scenes)) == NULL) {
			sb_buf_free(&names);
			return SB_EFAIL;
		}
		sqlite3_bind_int64(st, 1, project_id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (sb_scene_cmp((const char *)sqlite3_column_text(st, 2), ref) != 0)
				continue;
			*strip_id = sqlite3_column_int64(st, 0);
			if (n < 6)
				sb_buf_printf(&names, "%s%s", n ? ", " : "",
				    sqlite3_column_text(st, 1));
			n++;
		}
		sqlite3_reset(st);
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
	sqlite3_stmt *st = sb_stmt(ctx, sql);
	int rc;

	memset(place, 0, sizeof(*place));
	place->strip = strip;
	if (st == NULL)
		return SB_EFAIL;
	sqlite3_bind_int64(st, 1, board);
	sqlite3_bind_int64(st, 2, strip);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		place->id = sqlite3_column_int64(st, 0);
		place->day = sqlite3_column_int64(st, 1);
		place->lane = sqlite3_column_int64(st, 2);
		place->version = sqlite3_column_int64(st, 3);
		snprintf(place->lane_kind, sizeof(place->lane_kind), "%s",
		    sqlite3_column_text(st, 4));
		place->day_shoot = sqlite3_column_int(st, 5);
		snprintf(place->pos, sizeof(place->pos), "%s", sqlite3_column_text(st, 6));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "placement");
}

int
sb_list_day(sb_ctx *ctx, int64_t board, int64_t lane, int create, int64_t *day)
{
	static const char find[] =
	    "SELECT id FROM day WHERE lane_id = ?1 AND kind = 'list' LIMIT 1";
	static const char last[] =
	    "SELECT pos FROM day WHERE lane_id = ?1 ORDER BY pos DESC LIMIT 1";
	static const char add[] =
	    "INSERT INTO day (board_id, lane_id, kind, pos) VALUES (?1, ?2, 'list', ?3)";
	sqlite3_stmt *st;
	char key[SB_KEY_MAX + 2], lo[SB_KEY_MAX + 2] = "";
	int rc = lookup(ctx, find, lane, NULL, day);

	if (rc != SB_ENOTFOUND)
		return rc;
	if (!create)
		return sb_err(ctx, SB_ENOTFOUND, "the lane has no list of strips");
	/* after every shoot day: the strips not yet cut into days */
	if ((st = sb_stmt(ctx, last)) == NULL)
		return SB_EFAIL;
	sqlite3_bind_int64(st, 1, lane);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(lo, sizeof(lo), "%s", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if ((rc = sb_key_between(lo[0] ? lo : NULL, NULL, key, sizeof(key))) != SB_OK) {
		if ((rc = sb_rebalance_lane(ctx, lane)) != SB_OK)
			return rc;
		return sb_list_day(ctx, board, lane, create, day);
	}
	if ((st = sb_stmt(ctx, add)) == NULL)
		return SB_EFAIL;
	sqlite3_bind_int64(st, 1, board);
	sqlite3_bind_int64(st, 2, lane);
	sb_bind_text(st, 3, key);
	if ((rc = sb_step_done(ctx, st, "day")) != SB_OK)
		return rc;
	*day = sqlite3_last_insert_rowid(ctx->db);
	return SB_OK;
}

int
sb_lane_get(sb_ctx *ctx, int64_t board, const char *kind, int create, int64_t *lane)
{
	static const char find[] =
	    "SELECT id FROM lane WHERE board_id = ?1 AND kind = ?2 ORDER BY rank, id LIMIT 1";
	static const char add[] =
	    "INSERT INTO lane (board_id, uid, name, kind, nested, rank)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(rank), -1) + 1 FROM lane"
	    " WHERE board_id = ?1))";
	sqlite3_stmt *st;
	char uid[25];
	int rc = lookup(ctx, find, board, kind, lane);

	if (rc != SB_ENOTFOUND)
		return rc;
	if (!create)
		return sb_err(ctx, SB_ENOTFOUND, "the board has no %s", kind);
	if ((st = sb_stmt(ctx, add)) == NULL)
		return SB_EFAIL;
	sb_uid_new(uid);
	sqlite3_bind_int64(st, 1, board);
	sb_bind_text(st, 2, uid);
	sb_bind_text(st, 3, strcmp(kind, "schedule") == 0 ? "stripboard" : kind);
	sb_bind_text(st, 4, kind);
	sqlite3_bind_int(st, 5, strcmp(kind, "schedule") == 0);
	if ((rc = sb_step_done(ctx, st, "lane")) != SB_OK)
		return rc;
	*lane = sqlite3_last_insert_rowid(ctx->db);
	return SB_OK;
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
	static const char rank[] =
	    "UPDATE day SET seq = r.n FROM (SELECT id, row_number() OVER (ORDER BY pos) n"
	    " FROM day WHERE lane_id = ?1 AND kind = 'shoot') AS r WHERE day.id = r.id";
	static const char done[] = "UPDATE lane SET ranked = 1 WHERE id = ?1";
	sqlite3_stmt *st;
	int64_t have = 0;
	int rc;

	*ranked = 0;
	if (ctx->tx_depth == 0)
		return SB_OK; /* a reader counts: it may not write */
	if ((rc = lookup(ctx, is_ranked, lane, NULL, &have)) != SB_OK && rc != SB_ENOTFOUND)
		return rc;
	if (rc == SB_OK && have == 0) {
		if ((st = sb_stmt(ctx, rank)) == NULL)
			return SB_EFAIL;
		sqlite3_bind_int64(st, 1, lane);
		if ((rc = sb_step_done(ctx, st, "day numbers")) != SB_OK)
			return rc;
		if ((st = sb_stmt(ctx, done)) == NULL)
			return SB_EFAIL;
		sqlite3_bind_int64(st, 1, lane);
		if ((rc = sb_step_done(ctx, st, "day numbers")) != SB_OK)
			return rc;
	}
	*ranked = rc == SB_OK;
	return SB_OK;
}

int
sb_lane_unranked(sb_ctx *ctx, int64_t lane)
{
	sqlite3_stmt *st = sb_stmt(ctx, "UPDATE lane SET ranked = 0 WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sqlite3_bind_int64(st, 1, lane);
	return sb_step_done(ctx, st, "day numbers");
}

int
sb_shoot_day_count(sb_ctx *ctx, int64_t lane, int64_t *n)
{
	sqlite3_stmt *st = sb_stmt(ctx,
	    "SELECT count(*) FROM day WHERE lane_id = ?1 AND kind = 'shoot'");

	if (st == NULL)
		return SB_EFAIL;
	sqlite3_bind_int64(st, 1, lane);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return sb_sqlerr(ctx, "days");
	}
	*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
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
	sqlite3_stmt *st;
	int64_t count;
	int rc, ranked;

	if ((rc = ensure_ranks(ctx, lane, &ranked)) != SB_OK)
		return rc;
	if (n >= 1) {
		if ((st = sb_stmt(ctx, ranked ? by_seq : sql)) == NULL)
			return SB_EFAIL;
		sqlite3_bind_int64(st, 1, lane);
		sqlite3_bind_int64(st, 2, n - 1);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*day = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
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
	sqlite3_stmt *st;
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
	sqlite3_bind_int64(st, 1, day);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
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

/*
 * Position keys
 */
int
sb_keys_between(const char *lo, const char *hi, size_t n, char (*out)[SB_KEY_MAX + 2])
{
	size_t mid;
	int rc;

	if (n == 0)
		return SB_OK;
	/* bisect: the middle key first, then each half, so keys stay short */
	mid = n / 2;
	if ((rc = sb_key_between(lo, hi, out[mid], SB_KEY_MAX + 2)) != SB_OK)
		return rc;
	if ((rc = sb_keys_between(lo, out[mid], mid, out)) != SB_OK)
		return rc;
	return sb_keys_between(out[mid], hi, n - mid - 1, out + mid + 1);
}

/* Rewrite the keys of rows (id, pos) of table in the given order, two-phase. */
static int
respread(sb_ctx *ctx, const char *select_sql, const char *park_sql,
    const char *set_sql, int64_t owner)
{
	sqlite3_stmt *sel = NULL, *set = NULL;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (sqlite3_prepare_v2(ctx->db, select_sql, -1, &sel, NULL) != SQLITE_OK)
		return sb_sqlerr(ctx, "rebalance");
	sqlite3_bind_int64(sel, 1, owner);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		if (n == cap) {
			void *p = realloc(ids, (cap = cap ? cap * 2 : 64) * sizeof(*ids));

			if (p == NULL) {
				sqlite3_finalize(sel);
				free(ids);
				return sb_err(ctx, SB_EFAIL, "out of memory");
			}
			ids = p;
		}
		ids[n++] = sqlite3_column_int64(sel, 0);
	}
	sqlite3_finalize(sel);
	if (rc != SQLITE_DONE) {
		free(ids);
		return sb_sqlerr(ctx, "rebalance");
	}
	/* park every key out of the way ('~' sorts after every digit) */
	if (sqlite3_prepare_v2(ctx->db, park_sql, -1, &set, NULL) != SQLITE_OK) {
		free(ids);
		return sb_sqlerr(ctx, "rebalance");
	}
	sqlite3_bind_int64(set, 1, owner);
	rc = sqlite3_step(set);
	sqlite3_finalize(set);
	if (rc != SQLITE_DONE) {
		free(ids);
		return sb_sqlerr(ctx, "rebalance");
	}
	if (sqlite3_prepare_v2(ctx->db, set_sql, -1, &set, NULL) != SQLITE_OK) {
		free(ids);
		return sb_sqlerr(ctx, "rebalance");
	}
	rc = SQLITE_DONE;
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
		char key[SB_KEY_MAX + 2];

		sb_key_spread(i, n, key, sizeof(key));
		sqlite3_reset(set);
		sb_bind_text(set, 1, key);
		sqlite3_bind_int64(set, 2, ids[i]);
		rc = sqlite3_step(set);
	}
	sqlite3_finalize(set);
	free(ids);
	return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "rebalance");
}

int
sb_rebalance_day(sb_ctx *ctx, int64_t day)
{
	return respread(ctx, "SELECT id FROM placement WHERE day_id = ?1 ORDER BY pos",
	    "UPDATE placement SET pos = '~' || id WHERE day_id = ?1",
	    "UPDATE placement SET pos = ?1 WHERE id = ?2", day);
}

int
sb_rebalance_lane(sb_ctx *ctx, int64_t lane)
{
	return respread(ctx, "SELECT id FROM day WHERE lane_id = ?1 ORDER BY pos",
	    "UPDATE day SET pos = '~' || id WHERE lane_id = ?1",
	    "UPDATE day SET pos = ?1 WHERE id = ?2", lane);
}

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
	sqlite3_stmt *st;

	if (day == 0 || (st = sb_stmt(ctx, "SELECT l.kind FROM day d JOIN lane l"
	    " ON l.id = d.lane_id WHERE d.id = ?1")) == NULL) {
		sb_buf_puts(b, "null");
		return;
	}
	sqlite3_bind_int64(st, 1, day);
	if (sqlite3_step(st) == SQLITE_ROW)
		sb_json_quote(b, (const char *)sqlite3_column_text(st, 0));
	else
		sb_buf_puts(b, "null");
	sqlite3_reset(st);
}

int
sb_place_write(sb_ctx *ctx, int64_t project, int64_t board, const char *board_name,
    const struct sb_place *from, int64_t strip, int64_t day, int64_t day_n,
    const char *key, int64_t *new_version)
{
	int64_t from_n;
	static const char move[] =
	    "UPDATE placement SET day_id = ?1, pos = ?2, version = version + 1 WHERE id = ?3";
	static const char add[] =
	    "INSERT INTO placement (board_id, strip_id, day_id, pos) VALUES (?1, ?2, ?3, ?4)";
	static const char about_sql[] = "SELECT uid, scene FROM strip WHERE id = ?1";
	sqlite3_stmt *st;
	struct sb_buf b;
	int64_t id = 0, vafter;
	int rc;

	if (from->id != 0) {
		if ((st = sb_stmt(ctx, move)) == NULL)
			return SB_EFAIL;
		sqlite3_bind_int64(st, 1, day);
		sb_bind_text(st, 2, key);
		sqlite3_bind_int64(st, 3, from->id);
		id = from->id;
		vafter = from->version + 1;
	} else {
		if ((st = sb_stmt(ctx, add)) == NULL)
			return SB_EFAIL;
		sqlite3_bind_int64(st, 1, board);
		sqlite3_bind_int64(st, 2, strip);
		sqlite3_bind_int64(st, 3, day);
		sb_bind_text(st, 4, key);
		vafter = 1;
	}
	if ((rc = sb_step_done(ctx, st, "placement")) != SB_OK)
		return rc;
	if (from->id == 0)
		id = sqlite3_last_insert_rowid(ctx->db);

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
		sqlite3_bind_int64(st, 1, strip);
		if (sqlite3_step(st) == SQLITE_ROW) {
			sb_buf_puts(&b, "\"strip\":");
			sb_json_quote(&b, (const char *)sqlite3_column_text(st, 0));
			sb_buf_puts(&b, ",\"scene\":");
			if (sqlite3_column_type(st, 1) == SQLITE_NULL)
				sb_buf_puts(&b, "null");
			else
				sb_json_quote(&b, (const char *)sqlite3_column_text(st, 1));
			sb_buf_puts(&b, ",");
		}
		sqlite3_reset(st);
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
	sqlite3_stmt *st = sb_stmt(ctx, sql);
	int rc;

	*have = 0;
	if (st == NULL)
		return SB_EFAIL;
	sqlite3_bind_int64(st, 1, day);
	if (pos != NULL)
		sb_bind_text(st, 2, pos);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_int64(st, 3, self);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(key, SB_KEY_MAX + 2, "%s", sqlite3_column_text(st, 0));
		*strip = sqlite3_column_int64(st, 1);
		*have = 1;
	}
	sqlite3_reset(st);
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
	sqlite3_stmt *st;
	sb_calendar *cal = NULL;
	int64_t n = 0;

	sb_buf_init(&b);
	sb_buf_puts(&b, "{\"conflict\":{\"board\":");
	sb_json_quote(&b, board_name);
	if ((st = sb_stmt(ctx, strip_sql)) != NULL) {
		sqlite3_bind_int64(st, 1, place->strip);
		if (sqlite3_step(st) == SQLITE_ROW) {
			sb_buf_puts(&b, ",\"strip\":");
			sb_json_quote(&b, (const char *)sqlite3_column_text(st, 0));
			sb_buf_puts(&b, ",\"scene\":");
			if (sqlite3_column_type(st, 1) == SQLITE_NULL)
				sb_buf_puts(&b, "null");
			else
				sb_json_quote(&b, (const char *)sqlite3_column_text(st, 1));
		}
		sqlite3_reset(st);
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

int
sb_conflict_set(sb_ctx *ctx, struct sb_buf *report, const char *fmt, ...)
{
	va_list ap;

	free(ctx->conflict);
	ctx->conflict = report->failed ? NULL : sb_strdup(sb_buf_str(report));
	sb_buf_free(report);
	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
	return SB_ECONFLICT;
}

const char *
sb_conflict_report(const sb_ctx *ctx)
{
	return ctx->conflict;
}

static int
project_of_board(sb_ctx *ctx, int64_t board, int64_t *project)
{
	int rc = lookup(ctx, "SELECT project_id FROM board WHERE id = ?1", board, NULL,
	    project);

	return rc == SB_ENOTFOUND ? sb_err(ctx, SB_ENOTFOUND, "no such board") : rc;
}

/* Put one strip at a place of a day; *moved says whether it moved. */
static int
place_one(sb_ctx *ctx, int64_t project, int64_t board, const char *board_name,
    int64_t strip, int64_t day, int64_t day_n, enum sb_where where,
    const struct sb_place *anchor, int *moved, int64_t *version)
{
	struct sb_place place;
	struct gap g;
	char key[SB_KEY_MAX + 2];
	int rc, yes;

	*moved = 0;
	if ((rc = sb_place_get(ctx, board, strip, &place)) != SB_OK)
		return rc;
	*version = place.version;
	if (anchor != NULL && anchor->strip == strip)
		return sb_err(ctx, SB_EUSAGE, "a strip cannot be moved next to itself");
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

static int
move_in_tx(sb_ctx *ctx, int64_t board, const struct sb_move *m,
    struct sb_move_result *res)
{
	char board_name[256];
	struct sb_place anchor, prev;
	int64_t project = 0, day = 0, day_n = -1, strip;
	int rc, moved;

	if ((rc = project_of_board(ctx, board, &project)) != SB_OK)
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

		if ((rc = sb_target_day(ctx, board, m->to, 1, &target)) != SB_OK)
			return rc;
		/* a day named by its number: no need to count it again */
		if (m->to[0] >= '0' && m->to[0] <= '9')
			day_n = strtoll(m->to, NULL, 10);
		if (day != 0 && day != target)
			return sb_err(ctx, SB_EUSAGE, "strip %s is not on %s%s", m->anchor,
			    m->to[0] >= '0' && m->to[0] <= '9' ? "day " : "", m->to);
		day = target;
	}
	for (size_t i = 0; i < m->nstrips; i++) {
		enum sb_where where = m->where;
		const struct sb_place *a = m->where == SB_AT_AFTER ||
		    m->where == SB_AT_BEFORE ? &anchor : NULL;

		if ((rc = sb_strip_find(ctx, project, m->strips[i], &strip)) != SB_OK)
			return rc;
		if (i == 0 && m->if_version >= 0) {
			struct sb_place cur;

			if ((rc = sb_place_get(ctx, board, strip, &cur)) != SB_OK)
				return rc;
			if (cur.version != m->if_version)
				return conflict(ctx, board, board_name, &cur, m->if_version);
		}
		if (i > 0) {
			/* the rest follow the first, in the order given */
			if ((rc = sb_place_get(ctx, board, prev.strip, &prev)) != SB_OK)
				return rc;
			where = SB_AT_AFTER;
			a = &prev;
		}
		if ((rc = place_one(ctx, project, board, board_name, strip, day, day_n,
		    where, a, &moved, &res->version)) != SB_OK)
			return rc;
		if (moved)
			res->moved++;
		else
			res->unchanged++;
		prev.strip = strip;
	}
	return SB_OK;
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
