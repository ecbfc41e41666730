/*
 * store_layout.c - the writers of a board's layout: boards, their lanes,
 * the days of a lane and the placements of strips on days.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "json_priv.h"
#include "store.h"

int
store_board_insert(sb_ctx *ctx, const struct sb_row_board *r, int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO board (project_id, uid, name, calendar_id, rank, ext, absent,"
	    " version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->project_id);
	sb_bind_text(st, 2, r->uid);
	sb_bind_text(st, 3, r->name);
	store_bind_int(st, 4, r->calendar_id != 0, r->calendar_id);
	sb_bind_int64(st, 5, r->rank);
	sb_bind_text(st, 6, r->ext);
	sb_bind_text(st, 7, r->absent);
	sb_bind_int64(st, 8, r->version > 0 ? r->version : 1);
	return store_insert_done(ctx, st, "board", id_out);
}

int
store_board_set_calendar(sb_ctx *ctx, int64_t id, int64_t calendar, int bump)
{
	static const char set[] = "UPDATE board SET calendar_id = ?1 WHERE id = ?2";
	static const char edit[] =
	    "UPDATE board SET calendar_id = ?1, version = version + 1 WHERE id = ?2";
	sb_st *st = sb_stmt(ctx, bump ? edit : set);

	if (st == NULL)
		return SB_EFAIL;
	store_bind_int(st, 1, calendar != 0, calendar);
	sb_bind_int64(st, 2, id);
	return sb_step_done(ctx, st, "board");
}

int
store_lane_insert(sb_ctx *ctx, const struct sb_row_lane *r, int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO lane (board_id, uid, name, kind, nested, rank, ext, absent,"
	    " version, ranked) VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, (SELECT"
	    " coalesce(max(rank), -1) + 1 FROM lane WHERE board_id = ?1)), ?7, ?8,"
	    " ?9, ?10)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->board_id);
	sb_bind_text(st, 2, r->uid);
	sb_bind_text(st, 3, r->name);
	sb_bind_text(st, 4, r->kind);
	sb_bind_int(st, 5, r->nested);
	store_bind_rank(st, 6, r->rank);
	sb_bind_text(st, 7, r->ext);
	sb_bind_text(st, 8, r->absent);
	sb_bind_int64(st, 9, r->version > 0 ? r->version : 1);
	sb_bind_int(st, 10, r->ranked);
	return store_insert_done(ctx, st, "lane", id_out);
}

int
store_lane_set_nested(sb_ctx *ctx, int64_t id)
{
	sb_st *st = sb_stmt(ctx, "UPDATE lane SET nested = 1 WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "lane");
}

int
store_lane_set_ranked(sb_ctx *ctx, int64_t id, int ranked)
{
	static const char yes[] = "UPDATE lane SET ranked = 1 WHERE id = ?1";
	static const char no[] = "UPDATE lane SET ranked = 0 WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, ranked ? yes : no);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "day numbers");
}

int
store_day_insert(sb_ctx *ctx, const struct sb_row_day *r, int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO day (board_id, lane_id, kind, pos, uss_bare, version, seq)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->board_id);
	sb_bind_int64(st, 2, r->lane_id);
	/* stepped below, before the caller's text goes: not copied */
	sb_bind_text_static(st, 3, r->kind);
	sb_bind_text_static(st, 4, r->pos);
	sb_bind_int(st, 5, r->uss_bare);
	sb_bind_int64(st, 6, r->version > 0 ? r->version : 1);
	store_bind_int(st, 7, r->has_seq, r->seq);
	return store_insert_done(ctx, st, "day", id_out);
}

int
store_day_delete(sb_ctx *ctx, int64_t id)
{
	sb_st *st = sb_stmt(ctx, "DELETE FROM day WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "day");
}

int
store_day_move(sb_ctx *ctx, int64_t id, const char *pos)
{
	sb_st *st = sb_stmt(ctx,
	    "UPDATE day SET pos = ?1, version = version + 1 WHERE id = ?2");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_text(st, 1, pos);
	sb_bind_int64(st, 2, id);
	return sb_step_done(ctx, st, "day");
}

int
store_day_bump(sb_ctx *ctx, int64_t id, int64_t seq, int64_t *before)
{
	sb_st *st = sb_stmt(ctx, "UPDATE day SET version = version + 1,"
	    " seq = coalesce(?2, seq) WHERE id = ?1 AND kind = 'shoot' RETURNING version");
	int rc;

	*before = -1;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	if (seq > 0)
		sb_bind_int64(st, 2, seq);
	else
		sb_bind_null(st, 2);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		*before = sb_col_int64(st, 0) - 1;
		rc = sb_step(st);
	}
	sb_reset(st);
	return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "day");
}

int
store_day_number(sb_ctx *ctx, int64_t lane)
{
	static const char sql[] =
	    "UPDATE day SET seq = r.n FROM (SELECT id, row_number() OVER (ORDER BY pos) n"
	    " FROM day WHERE lane_id = ?1 AND kind = 'shoot') AS r WHERE day.id = r.id"
	    " AND (day.seq IS NULL OR day.seq <> r.n)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, lane);
	return sb_step_done(ctx, st, "day numbers");
}

int
store_placement_insert(sb_ctx *ctx, const struct sb_row_placement *r, int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO placement (board_id, strip_id, day_id, pos, version)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->board_id);
	sb_bind_int64(st, 2, r->strip_id);
	sb_bind_int64(st, 3, r->day_id);
	sb_bind_text_static(st, 4, r->pos);
	sb_bind_int64(st, 5, r->version > 0 ? r->version : 1);
	return store_insert_done(ctx, st, "placement", id_out);
}

static void
bind_placement(sb_st *st, int param, size_t i, void *arg)
{
	const struct sb_row_placement *r = (const struct sb_row_placement *)arg + i;

	sb_bind_int64(st, param, r->board_id);
	sb_bind_int64(st, param + 1, r->strip_id);
	sb_bind_int64(st, param + 2, r->day_id);
	sb_bind_text_static(st, param + 3, r->pos); /* stepped before the rows go */
	sb_bind_int64(st, param + 4, r->version > 0 ? r->version : 1);
}

int
store_placement_insert_many(sb_ctx *ctx, const struct sb_row_placement *r,
    size_t n, int64_t *written)
{
	static const char *const sql[STORE_ROWS_STMTS] = { STORE_ROWS_SQL(
	    "INSERT OR IGNORE INTO placement (board_id, strip_id, day_id, pos,"
	    " version) VALUES ", "(?, ?, ?, ?, ?)") };

	if (store_insert_rows(ctx, sql, n, bind_placement, (void *)r, written) != SB_OK)
		return sb_sqlerr(ctx, "placement");
	return SB_OK;
}

int
store_placement_move(sb_ctx *ctx, int64_t id, int64_t day, const char *pos)
{
	static const char sql[] =
	    "UPDATE placement SET day_id = ?1, pos = ?2, version = version + 1 WHERE id = ?3";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, day);
	sb_bind_text(st, 2, pos);
	sb_bind_int64(st, 3, id);
	return sb_step_done(ctx, st, "placement");
}

int
store_placement_park(sb_ctx *ctx, int64_t id)
{
	sb_st *st = sb_stmt(ctx, "UPDATE placement SET pos = '~' || id WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "sort");
}

/*
 * Give the rows select_sql lists (in order: id, pos, version) evenly spread
 * keys: park them all out of the way first ('~' sorts after every digit),
 * as the new keys may collide with the old ones.  The order is the same;
 * a placement whose key changed rises a version (bump), so the trail can
 * replay it.  One audit row of entity lane (owner_sql: project, lane, the
 * lane's version) holds every row's old and new key and versions:
 * {"respace":{"table":T,"owner":ID,"rows":[[id,old,new,vbefore,vafter],..]}}.
 */
static int
respread(sb_ctx *ctx, const char *table, const char *select_sql, const char *park_sql,
    const char *set_sql, const char *owner_sql, int bump, int64_t owner)
{
	sb_st *sel = NULL, *set = NULL;
	struct row { int64_t id, version; char old[SB_KEY_MAX + 2]; } *rows = NULL;
	int64_t project = 0, lane = 0, lane_version = 0;
	size_t n = 0, cap = 0;
	struct sb_buf b;
	int rc;

	if (sb_prepare(ctx, owner_sql, &sel) != SQLITE_OK)
		return sb_sqlerr(ctx, "rebalance");
	sb_bind_int64(sel, 1, owner);
	if ((rc = sb_step(sel)) == SQLITE_ROW) {
		project = sb_col_int64(sel, 0);
		lane = sb_col_int64(sel, 1);
		lane_version = sb_col_int64(sel, 2);
	}
	sb_finalize(sel);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? sb_err(ctx, SB_ENOTFOUND, "rebalance: no such %s",
		    bump ? "day" : "lane") : sb_sqlerr(ctx, "rebalance");
	if (sb_prepare(ctx, select_sql, &sel) != SQLITE_OK)
		return sb_sqlerr(ctx, "rebalance");
	sb_bind_int64(sel, 1, owner);
	while ((rc = sb_step(sel)) == SQLITE_ROW) {
		if (n == cap) {
			void *p = realloc(rows, (cap = cap ? cap * 2 : 64) * sizeof(*rows));

			if (p == NULL) {
				sb_finalize(sel);
				free(rows);
				return sb_err(ctx, SB_EFAIL, "out of memory");
			}
			rows = p;
		}
		rows[n].id = sb_col_int64(sel, 0);
		snprintf(rows[n].old, sizeof(rows[n].old), "%s", sb_col_text(sel, 1));
		rows[n].version = sb_col_int64(sel, 2);
		n++;
	}
	sb_finalize(sel);
	if (rc != SQLITE_DONE) {
		free(rows);
		return sb_sqlerr(ctx, "rebalance");
	}
	/* park every key out of the way ('~' sorts after every digit) */
	if (sb_prepare(ctx, park_sql, &set) != SQLITE_OK) {
		free(rows);
		return sb_sqlerr(ctx, "rebalance");
	}
	sb_bind_int64(set, 1, owner);
	rc = sb_step(set);
	sb_finalize(set);
	if (rc != SQLITE_DONE) {
		free(rows);
		return sb_sqlerr(ctx, "rebalance");
	}
	if (sb_prepare(ctx, set_sql, &set) != SQLITE_OK) {
		free(rows);
		return sb_sqlerr(ctx, "rebalance");
	}
	sb_buf_init(&b);
	sb_buf_printf(&b, "{\"respace\":{\"table\":\"%s\",\"owner\":%lld,\"rows\":[",
	    table, (long long)owner);
	rc = SQLITE_DONE;
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
		char key[SB_KEY_MAX + 2];
		int changed;

		sb_key_spread(i, n, key, sizeof(key));
		changed = strcmp(key, rows[i].old) != 0;
		sb_reset(set);
		sb_bind_text(set, 1, key);
		sb_bind_int64(set, 2, rows[i].id);
		sb_bind_int(set, 3, bump && changed);
		rc = sb_step(set);
		sb_buf_printf(&b, "%s[%lld,", i ? "," : "", (long long)rows[i].id);
		sb_json_quote(&b, rows[i].old);
		sb_buf_puts(&b, ",");
		sb_json_quote(&b, key);
		sb_buf_printf(&b, ",%lld,%lld]", (long long)rows[i].version,
		    (long long)(rows[i].version + (bump && changed)));
	}
	sb_finalize(set);
	free(rows);
	sb_buf_puts(&b, "]}}");
	if (rc != SQLITE_DONE) {
		sb_buf_free(&b);
		return sb_sqlerr(ctx, "rebalance");
	}
	rc = b.failed ? sb_err(ctx, SB_EFAIL, "out of memory") :
	    sb_audit(ctx, project, "lane", lane, lane_version, lane_version, sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

int
store_placement_respread(sb_ctx *ctx, int64_t day)
{
	return respread(ctx, "placement",
	    "SELECT id, pos, version FROM placement WHERE day_id = ?1 ORDER BY pos",
	    "UPDATE placement SET pos = '~' || id WHERE day_id = ?1",
	    "UPDATE placement SET pos = ?1, version = version + ?3 WHERE id = ?2",
	    "SELECT b.project_id, d.lane_id, l.version FROM day d JOIN board b"
	    " ON b.id = d.board_id JOIN lane l ON l.id = d.lane_id WHERE d.id = ?1", 1, day);
}

int
store_day_respread(sb_ctx *ctx, int64_t lane)
{
	return respread(ctx, "day",
	    "SELECT id, pos, version FROM day WHERE lane_id = ?1 ORDER BY pos",
	    "UPDATE day SET pos = '~' || id WHERE lane_id = ?1",
	    "UPDATE day SET pos = ?1 WHERE id = ?2 AND ?3 = 0",
	    "SELECT b.project_id, l.id, l.version FROM lane l JOIN board b"
	    " ON b.id = l.board_id WHERE l.id = ?1", 0, lane);
}

/*
 * Boards as a whole (sb-board): renaming, raising the version, dropping,
 * and copying a board's lanes, days and placements.
 */
int
store_board_rename(sb_ctx *ctx, int64_t id, const char *name)
{
	/* the column now says the name: an imported override of it goes */
	static const char sql[] =
	    "UPDATE board SET name = ?1, ext = CASE WHEN json_valid(ext) = 1"
	    " THEN json_remove(ext, '$.name') ELSE ext END, version = version + 1"
	    " WHERE id = ?2";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_text(st, 1, name);
	sb_bind_int64(st, 2, id);
	return sb_step_done(ctx, st, "board");
}

int
store_board_bump(sb_ctx *ctx, int64_t id)
{
	sb_st *st = sb_stmt(ctx, "UPDATE board SET version = version + 1 WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "board");
}

int
store_board_delete(sb_ctx *ctx, int64_t id)
{
	/* its lanes, days and placements go with it (ON DELETE CASCADE) */
	sb_st *st = sb_stmt(ctx, "DELETE FROM board WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "board");
}

int
store_lane_copy(sb_ctx *ctx, int64_t from, int64_t board, const char *uid, int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO lane (board_id, uid, name, kind, nested, rank, ext, absent,"
	    " version, ranked) SELECT ?2, CASE WHEN uid IS NULL THEN NULL ELSE ?3 END,"
	    " name, kind, nested, rank, CASE WHEN json_valid(ext) = 1"
	    " THEN json_remove(ext, '$.id') ELSE ext END, absent, 1, 0"
	    " FROM lane WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, from);
	sb_bind_int64(st, 2, board);
	sb_bind_text(st, 3, uid);
	return store_insert_done(ctx, st, "lane", id_out);
}

int
store_lane_copy_days(sb_ctx *ctx, int64_t from, int64_t board, int64_t to)
{
	static const char days[] =
	    "INSERT INTO day (board_id, lane_id, kind, pos, uss_bare, version)"
	    " SELECT ?2, ?3, kind, pos, uss_bare, 1 FROM day WHERE lane_id = ?1"
	    " ORDER BY pos";
	/* a copy has its original's position key in its lane: that pairs them */
	static const char placements[] =
	    "INSERT INTO placement (board_id, strip_id, day_id, pos, version)"
	    " SELECT ?2, p.strip_id, nd.id, p.pos, 1 FROM day od"
	    " JOIN day nd ON nd.lane_id = ?3 AND nd.pos = od.pos"
	    " JOIN placement p ON p.day_id = od.id WHERE od.lane_id = ?1"
	    " ORDER BY od.pos, p.pos";
	const char *sql[2] = { days, placements };
	int rc = SB_OK;

	for (int i = 0; i < 2 && rc == SB_OK; i++) {
		sb_st *st = sb_stmt(ctx, sql[i]);

		if (st == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, from);
		sb_bind_int64(st, 2, board);
		sb_bind_int64(st, 3, to);
		rc = sb_step_done(ctx, st, i == 0 ? "day" : "placement");
	}
	return rc;
}

int
store_placement_delete(sb_ctx *ctx, int64_t id)
{
	sb_st *st = sb_stmt(ctx, "DELETE FROM placement WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "placement");
}

int
store_day_insert_id(sb_ctx *ctx, int64_t id, const struct sb_row_day *r)
{
	static const char sql[] =
	    "INSERT INTO day (id, board_id, lane_id, kind, pos, uss_bare, version)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_int64(st, 2, r->board_id);
	sb_bind_int64(st, 3, r->lane_id);
	sb_bind_text(st, 4, r->kind);
	sb_bind_text(st, 5, r->pos);
	sb_bind_int(st, 6, r->uss_bare);
	sb_bind_int64(st, 7, r->version > 0 ? r->version : 1);
	return store_insert_done(ctx, st, "day", NULL);
}

/*
 * A board's layout as JSON, for the audit row of a board dropped (and
 * sb-log revert): {"lanes": [[id, uid, name, kind, nested, rank, ext,
 * absent, version, ranked]...], "days": [[id, lane_id, kind, pos,
 * uss_bare, version, seq]...], "placements": [[id, strip_id, day_id, pos,
 * version]...]}, each in id order.  *out is malloc()ed.
 */
int
store_board_layout_json(sb_ctx *ctx, int64_t board, char **out)
{
	static const char sql[] =
	    "SELECT json_object("
	    "'lanes', json((SELECT json_group_array(json_array(id, uid, name, kind, nested,"
	    " rank, ext, absent, version, ranked)) FROM (SELECT * FROM lane"
	    " WHERE board_id = ?1 ORDER BY id) AS q)),"
	    "'days', json((SELECT json_group_array(json_array(id, lane_id, kind, pos,"
	    " uss_bare, version, seq)) FROM (SELECT * FROM day WHERE board_id = ?1"
	    " ORDER BY id) AS q)),"
	    "'placements', json((SELECT json_group_array(json_array(id, strip_id, day_id,"
	    " pos, version)) FROM (SELECT * FROM placement WHERE board_id = ?1"
	    " ORDER BY id) AS q)))";
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*out = NULL;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, board);
	if ((rc = sb_step(st)) == SQLITE_ROW)
		*out = sb_strdup((const char *)sb_col_text(st, 0));
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, "board");
	return *out != NULL ? SB_OK : sb_err(ctx, SB_EFAIL, "out of memory");
}

/*
 * sb-log revert: a board put back with its id from an audit row's "set"
 * (each column a [before, after] pair), then its lanes, days and
 * placements from the layout above, with their ids, keys and versions.
 */
int
store_board_insert_set(sb_ctx *ctx, int64_t id, const char *set, int64_t version)
{
	static const char sql[] =
	    "INSERT INTO board (id, project_id, uid, name, calendar_id, rank, ext, absent,"
	    " version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	static const char *const cols[] = { "project_id", "uid", "name", "calendar_id",
	    "rank", "ext", "absent", NULL };

	return store_insert_json(ctx, sql, id, set, cols, 1, version > 0 ? version : 1,
	    "board");
}

int
store_board_layout_put(sb_ctx *ctx, int64_t board, const char *layout)
{
	/* ?1 the board, ?2... a row's values, in the layout's order */
	static const struct { const char *key, *sql, *what; } part[] = {
		{ "lanes", "INSERT INTO lane (id, board_id, uid, name, kind, nested, rank,"
		  " ext, absent, version, ranked) VALUES (?2, ?1, ?3, ?4, ?5, ?6, ?7, ?8,"
		  " ?9, ?10, ?11)", "lane" },
		{ "days", "INSERT INTO day (id, board_id, lane_id, kind, pos, uss_bare,"
		  " version, seq) VALUES (?2, ?1, ?3, ?4, ?5, ?6, ?7, ?8)", "day" },
		{ "placements", "INSERT INTO placement (id, board_id, strip_id, day_id, pos,"
		  " version) VALUES (?2, ?1, ?3, ?4, ?5, ?6)", "placement" },
	};
	json_error_t jerr;
	json_t *doc = json_loads(layout, 0, &jerr), *row;
	int rc = SB_OK;

	if (!json_is_object(doc)) {
		json_decref(doc);
		return sb_err(ctx, SB_EDATA, "board: the layout to put back is not a JSON "
		    "object");
	}
	/* read in C: a server's columns are typed, json_extract()'s text is not */
	for (size_t i = 0; i < sizeof(part) / sizeof(part[0]) && rc == SB_OK; i++) {
		size_t k;

		json_array_foreach(json_object_get(doc, part[i].key), k, row) {
			sb_st *st = sb_stmt(ctx, part[i].sql);
			int n = st != NULL ? sb_bind_count(st) : 0;

			if (st == NULL) {
				rc = SB_EFAIL;
				break;
			}
			sb_bind_int64(st, 1, board);
			for (int c = 2; c <= n; c++)
				if (store_bind_json(st, c, json_array_get(row, (size_t)c - 2))
				    != SQLITE_OK) {
					sb_reset(st);
					json_decref(doc);
					return sb_err(ctx, SB_EFAIL, "out of memory");
				}
			if ((rc = sb_step_done(ctx, st, part[i].what)) != SB_OK)
				break;
		}
	}
	json_decref(doc);
	return rc;
}

/*
 * sb-log revert of a respacing: the keys of the rows of one day (its
 * placements) or one lane (its days) as they were.  Every row of the
 * owner is parked first, then each named row gets its key; a placement
 * whose key changes rises a version, as the respacing raised it.
 */
int
store_respace_back(sb_ctx *ctx, int days, int64_t owner, size_t n, const int64_t *ids,
    const char *const *keys, const int *changed)
{
	sb_st *st = sb_stmt(ctx, days ? "UPDATE day SET pos = '~' || id WHERE lane_id = ?1" :
	    "UPDATE placement SET pos = '~' || id WHERE day_id = ?1");
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, owner);
	if ((rc = sb_step_done(ctx, st, days ? "day" : "placement")) != SB_OK)
		return rc;
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		if ((st = sb_stmt(ctx, days ? "UPDATE day SET pos = ?2 WHERE id = ?1" :
		    "UPDATE placement SET pos = ?2, version = version + ?3 WHERE id = ?1"))
		    == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, ids[i]);
		sb_bind_text(st, 2, keys[i]);
		if (!days)
			sb_bind_int(st, 3, changed[i] != 0);
		rc = sb_step_done(ctx, st, days ? "day" : "placement");
	}
	return rc;
}

/* sb-log revert: a placement put back with its id. */
int
store_placement_insert_id(sb_ctx *ctx, int64_t id, const struct sb_row_placement *r)
{
	static const char sql[] =
	    "INSERT INTO placement (id, board_id, strip_id, day_id, pos, version)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_int64(st, 2, r->board_id);
	sb_bind_int64(st, 3, r->strip_id);
	sb_bind_int64(st, 4, r->day_id);
	sb_bind_text(st, 5, r->pos);
	sb_bind_int64(st, 6, r->version > 0 ? r->version : 1);
	return store_insert_done(ctx, st, "placement", NULL);
}
