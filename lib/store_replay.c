/*
 * store_replay.c - the writers of a replay: rows put back as they stood at
 * an audit id, in a private copy of the database (sb_db_private_copy();
 * lib/op_replay.c reads the trail and says what to put back).
 *
 * What the trail says is noted first, one value per row and column: the
 * before value of the first audit row after the id that changed it, which
 * is what the column held then (a later row's before value is not).  The
 * notes are then applied at once, so the order the rows were written in
 * never matters: rows made after the id are deleted, rows deleted after it
 * are inserted again with their ids, every key that moves is parked out of
 * the way first (no two rows ever share a key on the way), and every noted
 * column is set.  Foreign keys are off while the notes are applied (no
 * cascade may take a row the trail puts back) and checked at the end.
 *
 * On a server the copy is temporary tables without foreign keys (db_pg.c),
 * a note is text (json_extract() there is text), cast back to an integer
 * for the integer columns, and the links are read with PostgreSQL's JSON
 * functions (SQLite's json_each() has no twin there).
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "store.h"

/* The columns a replay may set, by table: what the audit rows undo. */
static const struct { const char *table, *column; } columns[] = {
	{ "placement", "board_id" }, { "placement", "strip_id" },
	{ "placement", "day_id" }, { "placement", "pos" }, { "placement", "version" },
	{ "day", "board_id" }, { "day", "lane_id" }, { "day", "kind" }, { "day", "pos" },
	{ "day", "uss_bare" }, { "day", "version" },
	{ "lane", "board_id" }, { "lane", "uid" }, { "lane", "name" }, { "lane", "kind" },
	{ "lane", "nested" }, { "lane", "rank" }, { "lane", "version" },
	{ "calendar", "project_id" }, { "calendar", "uid" }, { "calendar", "name" },
	{ "calendar", "days_off" }, { "calendar", "rank" }, { "calendar", "ext" },
	{ "calendar", "absent" }, { "calendar", "version" },
	{ "calendar_day", "calendar_id" }, { "calendar_day", "kind" },
	{ "calendar_day", "date" }, { "calendar_day", "name" }, { "calendar_day", "uid" },
	{ "calendar_day", "type" }, { "calendar_day", "date_raw" },
	{ "calendar_day", "rank" }, { "calendar_day", "ext" },
	{ "calendar_day", "absent" }, { "calendar_day", "version" },
	{ "board", "project_id" }, { "board", "uid" }, { "board", "name" },
	{ "board", "calendar_id" }, { "board", "rank" }, { "board", "ext" },
	{ "board", "absent" }, { "board", "version" },
	{ "project", "active_board_id" }, { "project", "version" },
	{ "strip", "type" }, { "strip", "scene" }, { "strip", "int_ext" },
	{ "strip", "day_night" }, { "strip", "set_name" }, { "strip", "location" },
	{ "strip", "script_day" }, { "strip", "synopsis" }, { "strip", "comments" },
	{ "strip", "banner_text" }, { "strip", "script_page" }, { "strip", "eighths" },
	{ "strip", "est_ms" }, { "strip", "omitted" }, { "strip", "rank" },
	{ "strip", "ext" }, { "strip", "absent" }, { "strip", "version" },
	{ "category", "version" }, { "element", "version" },
};

/* The tables whose rows a replay may delete (made after the id). */
static const char *const made[] = {
	"placement", "day", "calendar_day", "lane", "calendar", "strip", "element",
	"category", "board",
};

int
store_replay_known(const char *table, const char *column)
{
	if (strcmp(column, "exists") == 0 || (strcmp(table, "strip") == 0 &&
	    strcmp(column, "links") == 0)) {
		for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++)
			if (strcmp(made[i], table) == 0)
				return 1;
		return 0;
	}
	for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		if (strcmp(columns[i].table, table) == 0 &&
		    strcmp(columns[i].column, column) == 0)
			return 1;
	return 0;
}

/* Is the column an integer (the rest of the columns above are text)? */
static int
is_integer(const char *column)
{
	static const char *const ints[] = { "version", "rank", "nested", "uss_bare",
	    "eighths", "est_ms", "omitted" };
	size_t n = strlen(column);

	if (n > 3 && strcmp(column + n - 3, "_id") == 0)
		return 1;
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		if (strcmp(column, ints[i]) == 0)
			return 1;
	return 0;
}

int
store_replay_begin(sb_ctx *ctx)
{
	int rc;

	/* no cascade may take a row the trail puts back: checked at the end */
	if ((ctx->pg == NULL && (rc = sb_exec(ctx, "PRAGMA foreign_keys = OFF")) != SB_OK) ||
	    (rc = sb_exec(ctx, "BEGIN")) != SB_OK)
		return rc;
	return sb_exec(ctx, ctx->pg != NULL ?
	    "CREATE TEMP TABLE replay_note (tbl TEXT NOT NULL, id BIGINT NOT NULL,"
	    " col TEXT NOT NULL, val TEXT, PRIMARY KEY (tbl, id, col))" :
	    "CREATE TEMP TABLE replay_note (tbl TEXT NOT NULL,"
	    " id INTEGER NOT NULL, col TEXT NOT NULL, val, PRIMARY KEY (tbl, id, col))"
	    " WITHOUT ROWID");
}

int
store_replay_note(sb_ctx *ctx, const char *table, int64_t id, const char *column,
    const char *json)
{
	/* the first note of a column wins: the trail is read oldest first */
	static const char sql[] = "INSERT OR IGNORE INTO replay_note (tbl, id, col, val)"
	    " VALUES (?1, ?2, ?3, json_extract(?4, '$'))";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_text(st, 1, table);
	sb_bind_int64(st, 2, id);
	sb_bind_text(st, 3, column);
	sb_bind_text(st, 4, json);
	return sb_step_done(ctx, st, "replay");
}

/* Run one statement built from the tables above (no value in its text). */
static int
run(sb_ctx *ctx, const char *sql)
{
	sb_st *st = NULL;
	int rc;

	if (sb_prepare(ctx, sql, &st) != SQLITE_OK)
		return sb_sqlerr(ctx, "replay");
	rc = sb_step(st);
	sb_finalize(st);
	return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "replay");
}

/* The rows of a table made after the id. */
#define MADE(t) "SELECT id FROM replay_note WHERE tbl = '" t "' AND col = 'exists'" \
	" AND CAST(val AS INTEGER) = 0"

/* The rows of a table the notes say stood at the id (not made after it). */
#define STOOD(t) "SELECT DISTINCT n.id FROM replay_note n WHERE n.tbl = '" t "'" \
	" AND NOT EXISTS (SELECT 1 FROM replay_note e WHERE e.tbl = n.tbl AND e.id = n.id" \
	" AND e.col = 'exists' AND CAST(e.val AS INTEGER) = 0) AND NOT EXISTS (SELECT 1 FROM " t \
	" WHERE id = n.id)"

int
store_replay_apply(sb_ctx *ctx)
{
	static const char *const fixed[] = {
		/* deleted after the id: back with their ids, to be filled below */
		"INSERT INTO day (id, board_id, lane_id, kind, pos) SELECT id, 0, 0,"
		" 'shoot', '~' || id FROM (" STOOD("day") ") AS s",
		"INSERT INTO calendar_day (id, calendar_id, rank, date, kind) SELECT id,"
		" 0, 0, '', 'event' FROM (" STOOD("calendar_day") ") AS s",
		"INSERT INTO placement (id, board_id, strip_id, day_id, pos) SELECT id,"
		" -id, -id, 0, '~' || id FROM (" STOOD("placement") ") AS s",
		/*
		 * A board made after the id goes with its lanes, days and
		 * placements (made with it, in its one audit row), and with the
		 * calendar copied for it when no other board has that calendar.
		 */
		"DELETE FROM calendar_day WHERE calendar_id IN (SELECT calendar_id FROM"
		" board WHERE id IN (" MADE("board") ")) AND calendar_id NOT IN (SELECT"
		" calendar_id FROM board WHERE calendar_id IS NOT NULL AND id NOT IN ("
		MADE("board") "))",
		"DELETE FROM calendar WHERE id IN (SELECT calendar_id FROM board WHERE id"
		" IN (" MADE("board") ")) AND id NOT IN (SELECT calendar_id FROM board"
		" WHERE calendar_id IS NOT NULL AND id NOT IN (" MADE("board") "))",
		"DELETE FROM placement WHERE board_id IN (" MADE("board") ")",
		"DELETE FROM day WHERE board_id IN (" MADE("board") ")",
		"DELETE FROM lane WHERE board_id IN (" MADE("board") ")",
		/* the links of strips and elements made after the id go with them */
		"DELETE FROM strip_element WHERE strip_id IN (SELECT id FROM replay_note"
		" WHERE tbl = 'strip' AND col = 'exists' AND CAST(val AS INTEGER) = 0)"
		" OR element_id IN (SELECT id FROM replay_note WHERE tbl = 'element'"
		" AND col = 'exists' AND CAST(val AS INTEGER) = 0)",
		/* every key that moves out of the way first */
		"UPDATE placement SET pos = '~' || id WHERE id IN (SELECT id FROM"
		" replay_note WHERE tbl = 'placement' AND col = 'pos')",
		"UPDATE day SET pos = '~' || id WHERE id IN (SELECT id FROM"
		" replay_note WHERE tbl = 'day' AND col = 'pos')",
	};
	char sql[512];
	sb_st *st = NULL;
	int rc = SB_OK, step;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]) && rc == SB_OK; i++)
		rc = run(ctx, fixed[i]);
	for (size_t i = 0; i < sizeof(made) / sizeof(made[0]) && rc == SB_OK; i++) {
		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id IN (SELECT id FROM"
		    " replay_note WHERE tbl = '%s' AND col = 'exists' AND"
		    " CAST(val AS INTEGER) = 0)", made[i], made[i]);
		rc = run(ctx, sql);
	}
	for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]) && rc == SB_OK; i++) {
		/* a server's note is text: an integer column takes it cast */
		int cast = ctx->pg != NULL && is_integer(columns[i].column);

		snprintf(sql, sizeof(sql), "UPDATE %s SET %s = %s(SELECT val FROM replay_note"
		    " WHERE tbl = '%s' AND id = %s.id AND col = '%s')%s WHERE id IN (SELECT id"
		    " FROM replay_note WHERE tbl = '%s' AND col = '%s')", columns[i].table,
		    columns[i].column, cast ? "CAST(" : "", columns[i].table,
		    columns[i].table, columns[i].column, cast ? " AS INTEGER)" : "",
		    columns[i].table, columns[i].column);
		rc = run(ctx, sql);
	}
	/* a strip's element links, in their order */
	if (rc == SB_OK)
		rc = run(ctx, "DELETE FROM strip_element WHERE strip_id IN (SELECT id FROM"
		    " replay_note WHERE tbl = 'strip' AND col = 'links')");
	if (rc == SB_OK)
		rc = run(ctx, ctx->pg != NULL ?
		    "INSERT INTO strip_element (strip_id, element_id, rank)"
		    " SELECT n.id, CAST(j.value ->> 0 AS bigint), CAST(j.value ->> 1 AS bigint)"
		    " FROM replay_note n, json_array_elements(CAST(n.val AS json)) AS j(value)"
		    " WHERE n.tbl = 'strip' AND n.col = 'links'" :
		    "INSERT INTO strip_element (strip_id, element_id, rank)"
		    " SELECT n.id, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]')"
		    " FROM replay_note n, json_each(n.val) j WHERE n.tbl = 'strip'"
		    " AND n.col = 'links'");
	/* day numbers are counted again by whoever needs them */
	if (rc == SB_OK)
		rc = run(ctx, "UPDATE lane SET ranked = 0");
	if (rc == SB_OK)
		rc = run(ctx, "UPDATE day SET seq = NULL");
	if (rc != SB_OK) {
		sb_rollback(ctx);
		return rc;
	}
	if ((rc = sb_exec(ctx, "COMMIT")) != SB_OK)
		return rc;
	if (ctx->pg != NULL) {
		char child[64], parent[64];

		if ((rc = sb_pg_fk_check(ctx, child, sizeof(child), parent,
		    sizeof(parent))) != SB_OK)
			return rc;
		if (child[0] != '\0')
			return sb_err(ctx, SB_EDATA, "the trail does not replay: a row of "
			    "%s points to a %s that was not there", child, parent);
		return SB_OK;
	}
	/* what was put back hangs together, or the trail does not replay */
	if (sb_prepare(ctx, "PRAGMA foreign_key_check", &st) != SQLITE_OK)
		return sb_sqlerr(ctx, "replay");
	step = sb_step(st);
	if (step == SQLITE_ROW)
		rc = sb_err(ctx, SB_EDATA, "the trail does not replay: a row of %s points "
		    "to a %s that was not there", (const char *)sb_col_text(st, 0),
		    (const char *)sb_col_text(st, 2));
	else if (step != SQLITE_DONE)
		rc = sb_sqlerr(ctx, "replay");
	sb_finalize(st);
	if (rc == SB_OK)
		rc = sb_exec(ctx, "PRAGMA foreign_keys = ON");
	return rc;
}
