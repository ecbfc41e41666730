/*
 * store_calendar.c - the writers of calendars and their dated entries.
 */
#include <config.h>

#include "store.h"

int
store_calendar_insert(sb_ctx *ctx, const struct sb_row_calendar *r, int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO calendar (project_id, uid, name, days_off, rank, ext, absent,"
	    " version) VALUES (?1, ?2, ?3, ?4, coalesce(?5, (SELECT coalesce(max(rank),"
	    " -1) + 1 FROM calendar WHERE project_id = ?1)), ?6, ?7, ?8)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->project_id);
	sb_bind_text(st, 2, r->uid);
	sb_bind_text(st, 3, r->name);
	sb_bind_text(st, 4, r->days_off);
	store_bind_rank(st, 5, r->rank);
	sb_bind_text(st, 6, r->ext);
	sb_bind_text(st, 7, r->absent);
	sb_bind_int64(st, 8, r->version > 0 ? r->version : 1);
	return store_insert_done(ctx, st, "calendar", id_out);
}

int
store_calendar_set_days_off(sb_ctx *ctx, int64_t id, const char *days_off)
{
	static const char sql[] =
	    "UPDATE calendar SET days_off = ?1, version = version + 1,"
	    " ext = json_remove(ext, '$.daysOff') WHERE id = ?2";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_text(st, 1, days_off);
	sb_bind_int64(st, 2, id);
	return sb_step_done(ctx, st, "calendar");
}

int
store_calendar_bump(sb_ctx *ctx, int64_t id)
{
	sb_st *st = sb_stmt(ctx,
	    "UPDATE calendar SET version = version + 1 WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "calendar");
}

int
store_calendar_day_insert(sb_ctx *ctx, const struct sb_row_calendar_day *r,
    int64_t *id_out)
{
	static const char sql[] =
	    "INSERT INTO calendar_day (calendar_id, rank, uid, type, name, date_raw,"
	    " date, kind, ext, absent, version) VALUES (?1, coalesce(?2, (SELECT"
	    " coalesce(max(rank), -1) + 1 FROM calendar_day WHERE calendar_id = ?1)),"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, r->calendar_id);
	store_bind_rank(st, 2, r->rank);
	sb_bind_text(st, 3, r->uid);
	sb_bind_text(st, 4, r->type);
	sb_bind_text(st, 5, r->name);
	sb_bind_text(st, 6, r->date_raw);
	sb_bind_text(st, 7, r->date);
	sb_bind_text(st, 8, r->kind);
	sb_bind_text(st, 9, r->ext);
	sb_bind_text(st, 10, r->absent);
	sb_bind_int64(st, 11, r->version > 0 ? r->version : 1);
	return store_insert_done(ctx, st, "calendar day", id_out);
}

int
store_calendar_day_delete(sb_ctx *ctx, int64_t id)
{
	sb_st *st = sb_stmt(ctx, "DELETE FROM calendar_day WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "calendar day");
}

int
store_calendar_delete(sb_ctx *ctx, int64_t id)
{
	/* its entries go with it, boards keep no reference (the foreign keys) */
	sb_st *st = sb_stmt(ctx, "DELETE FROM calendar WHERE id = ?1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "calendar");
}

int
store_calendar_copy(sb_ctx *ctx, int64_t from, const char *uid, const char *name,
    int64_t *id_out)
{
	static const char cal[] =
	    "INSERT INTO calendar (project_id, uid, name, days_off, rank, ext, absent,"
	    " version) SELECT project_id, ?2, ?3, days_off, (SELECT coalesce(max(rank),"
	    " -1) + 1 FROM calendar c WHERE c.project_id = calendar.project_id),"
	    " CASE WHEN json_valid(ext) = 1 THEN json_remove(ext, '$.id', '$.name')"
	    " ELSE ext END, absent, 1 FROM calendar WHERE id = ?1";
	static const char days[] =
	    "INSERT INTO calendar_day (calendar_id, rank, uid, type, name, date_raw, date,"
	    " kind, ext, absent, version) SELECT ?2, rank, uid, type, name, date_raw,"
	    " date, kind, ext, absent, 1 FROM calendar_day WHERE calendar_id = ?1"
	    " ORDER BY id";
	sb_st *st = sb_stmt(ctx, cal);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, from);
	sb_bind_text(st, 2, uid);
	sb_bind_text(st, 3, name);
	if ((rc = store_insert_done(ctx, st, "calendar", id_out)) != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, days)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, from);
	sb_bind_int64(st, 2, *id_out);
	return sb_step_done(ctx, st, "calendar_day");
}

/*
 * sb-log revert: a calendar's days off (and its ext, when the audit row
 * kept it) as they were; the version rises.
 */
int
store_calendar_put_days_off(sb_ctx *ctx, int64_t id, const char *days_off, int has_ext,
    const char *ext)
{
	static const char sql[] =
	    "UPDATE calendar SET days_off = ?2, ext = CASE WHEN ?3 <> 0 THEN ?4 ELSE ext END,"
	    " version = version + 1 WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	sb_bind_text(st, 2, days_off);
	sb_bind_int(st, 3, has_ext);
	sb_bind_text(st, 4, ext);
	return sb_step_done(ctx, st, "calendar");
}

/*
 * sb-log revert: a calendar put back with its id from an audit row's
 * "set" (each column a [before, after] pair).
 */
int
store_calendar_insert_set(sb_ctx *ctx, int64_t id, const char *set, int64_t version)
{
	static const char sql[] =
	    "INSERT INTO calendar (id, project_id, uid, name, days_off, rank, ext, absent,"
	    " version) VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, (SELECT"
	    " coalesce(max(rank), -1) + 1 FROM calendar WHERE project_id = ?2)), ?7, ?8, ?9)";
	static const char *const cols[] = { "project_id", "uid", "name", "days_off",
	    "rank", "ext", "absent", NULL };

	return store_insert_json(ctx, sql, id, set, cols, 1, version > 0 ? version : 1,
	    "calendar");
}

/*
 * sb-log revert: a calendar entry put back with its id, from a JSON
 * object of its columns (an audit row's "set" before values, or a row of
 * a calendar's "entries"): keys kind, date, name, calendar_id, rank, uid,
 * type, date_raw, ext, absent, version.
 */
int
store_calendar_day_insert_json(sb_ctx *ctx, int64_t id, const char *row)
{
	static const char sql[] =
	    "INSERT INTO calendar_day (id, calendar_id, rank, uid, type, name, date_raw,"
	    " date, kind, ext, absent, version) VALUES (?1, ?2, coalesce(?3, (SELECT"
	    " coalesce(max(rank), -1) + 1 FROM calendar_day WHERE calendar_id = ?2)),"
	    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, coalesce(?12, 1))";
	static const char *const cols[] = { "calendar_id", "rank", "uid", "type", "name",
	    "date_raw", "date", "kind", "ext", "absent", "version", NULL };

	return store_insert_json(ctx, sql, id, row, cols, 0, 0, "calendar day");
}

int
store_calendar_gone(sb_ctx *ctx, int64_t id, struct sb_buf *b, int64_t *version)
{
#define GONE(c) "json_array(" c ", NULL)"
	static const char sql[] =
	    "SELECT json_object('project_id', " GONE("project_id") ", 'uid', " GONE("uid")
	    ", 'name', " GONE("name") ", 'days_off', " GONE("days_off") ", 'rank', "
	    GONE("rank") ", 'ext', " GONE("ext") ", 'absent', " GONE("absent") "),"
	    " json((SELECT json_group_array(json_object('id', id, 'kind', kind, 'date', date,"
	    " 'name', name, 'calendar_id', calendar_id, 'rank', rank, 'uid', uid, 'type', type,"
	    " 'date_raw', date_raw, 'ext', ext, 'absent', absent, 'version', version))"
	    " FROM (SELECT * FROM calendar_day WHERE calendar_id = ?1 ORDER BY id) AS q)),"
	    " version FROM calendar WHERE id = ?1";
#undef GONE
	sb_st *st = sb_stmt(ctx, sql);
	int rc;

	*version = 0;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		sb_buf_puts(b, "\"set\":");
		sb_buf_puts(b, (const char *)sb_col_text(st, 0));
		sb_buf_puts(b, ",\"entries\":");
		sb_buf_puts(b, (const char *)sb_col_text(st, 1));
		*version = sb_col_int64(st, 2);
	}
	sb_reset(st);
	if (rc == SQLITE_ROW)
		return b->failed ? sb_err(ctx, SB_EFAIL, "out of memory") : SB_OK;
	return rc == SQLITE_DONE ? sb_err(ctx, SB_ENOTFOUND, "no such calendar") :
	    sb_sqlerr(ctx, "calendar");
}
