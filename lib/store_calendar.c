/*
 * store_calendar.c - the writers of calendars and their dated entries, and
 * the shoot days kept before each entry (share/schema/011-calendar-count.sql):
 * every writer here marks its calendar not counted (calendar.counted 0)
 * and asks sb_commit() to count the calendars not counted before the
 * transaction commits (store_calendar_count()).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "board_priv.h"
#include "store.h"

static int count_stale(sb_ctx *ctx);

/* The calendar id's counts are no longer its entries': count them at commit. */
static int
stale(sb_ctx *ctx, int64_t id)
{
	sb_st *st = sb_stmt(ctx,
	    "UPDATE calendar SET counted = 0 WHERE id = ?1 AND counted <> 0");

	ctx->before_commit = count_stale;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "calendar");
}

/* The same, for the calendar of entry id (before it is deleted, or after it is put). */
static int
stale_of_entry(sb_ctx *ctx, int64_t entry)
{
	sb_st *st = sb_stmt(ctx,
	    "UPDATE calendar SET counted = 0 WHERE id = (SELECT calendar_id FROM"
	    " calendar_day WHERE id = ?1) AND counted <> 0");

	ctx->before_commit = count_stale;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, entry);
	return sb_step_done(ctx, st, "calendar");
}

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
	/* a new calendar is not counted (counted 0) until the commit */
	ctx->before_commit = count_stale;
	return store_insert_done(ctx, st, "calendar", id_out);
}

int
store_calendar_set_days_off(sb_ctx *ctx, int64_t id, const char *days_off)
{
	static const char sql[] =
	    "UPDATE calendar SET days_off = ?1, version = version + 1,"
	    " ext = json_remove(ext, '$.daysOff'), counted = 0 WHERE id = ?2";
	sb_st *st = sb_stmt(ctx, sql);

	if (st == NULL)
		return SB_EFAIL;
	ctx->before_commit = count_stale;
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
	int rc;

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
	if ((rc = store_insert_done(ctx, st, "calendar day", id_out)) != SB_OK)
		return rc;
	return stale(ctx, r->calendar_id);
}

int
store_calendar_day_delete(sb_ctx *ctx, int64_t id)
{
	sb_st *st;
	int rc;

	if ((rc = stale_of_entry(ctx, id)) != SB_OK)
		return rc;
	if ((st = sb_stmt(ctx, "DELETE FROM calendar_day WHERE id = ?1")) == NULL)
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
	/* the copy is not counted (counted 0) until the commit */
	ctx->before_commit = count_stale;
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
	    " version = version + 1, counted = 0 WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, sql);

	ctx->before_commit = count_stale;
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

	/* put back not counted (counted 0) until the commit */
	ctx->before_commit = count_stale;
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
	int rc;

	if ((rc = store_insert_json(ctx, sql, id, row, cols, 0, 0, "calendar day")) != SB_OK)
		return rc;
	return stale_of_entry(ctx, id);
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

/*
 * The shoot days before each entry (calendar_day.shoot_n): the dates from
 * the start entry (the first in rank order) up to the entry's date that
 * shoot, as sb_board_calendar() reads the calendar: of a date's entries
 * the last in rank order among off, holiday, travel and work decides,
 * else the weekday against the weekly days off.  0 before the start; -1
 * for an entry whose date does not read, or in a calendar without a start
 * (NULL is an entry not counted: one written behind the library's back).
 */
struct counted {
	int64_t id, n;
};

/* Whether a date with entry kind k (0: none that counts) shoots. */
static int
shoots(unsigned mask, sb_date d, int k)
{
	if (k == SB_CAL_WORK)
		return 1;
	if (k != 0)
		return 0;
	return !(mask & (1u << sb_date_weekday(d)));
}

/* The dates of [a, b) that shoot by the week alone. */
static int64_t
plain_shoots(unsigned mask, int64_t a, int64_t b)
{
	int64_t n = b - a, weeks, cnt = 0;
	int w = 0;

	if (n <= 0)
		return 0;
	for (int i = 0; i < 7; i++)
		w += !(mask & (1u << i));
	weeks = n / 7;
	cnt = weeks * w;
	for (int64_t d = a + weeks * 7; d < b; d++)
		cnt += shoots(mask, (sb_date)d, 0);
	return cnt;
}

int
store_calendar_count(sb_ctx *ctx, int64_t id)
{
	sb_st *st;
	struct counted *ch = NULL;
	size_t nch = 0, cap = 0;
	unsigned mask = 0;
	sb_date start = 0, gdate = 0;
	int64_t cnt = 0, q = 0;
	int rc, have_start = 0, in_group = 0, gkind = 0;

	if ((st = sb_stmt(ctx, "SELECT days_off FROM calendar WHERE id = ?1")) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	if ((rc = sb_step(st)) != SQLITE_ROW) {
		sb_reset(st);
		return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(ctx, "calendar");
	}
	if (sb_col_type(st, 0) != SQLITE_NULL &&
	    sb_weekdays_parse((const char *)sb_col_text(st, 0), &mask) != SB_OK) {
		/* readers refuse such a calendar: it stays not counted */
		sb_reset(st);
		return SB_OK;
	}
	sb_reset(st);

	if ((st = sb_stmt(ctx, "SELECT date FROM calendar_day WHERE calendar_id = ?1"
	    " AND kind = 'start' ORDER BY rank, id")) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	while (!have_start && (rc = sb_step(st)) == SQLITE_ROW)
		have_start = sb_col_type(st, 0) != SQLITE_NULL &&
		    sb_date_parse((const char *)sb_col_text(st, 0), &start) == SB_OK;
	sb_reset(st);
	if (!have_start && rc != SQLITE_DONE)
		return sb_sqlerr(ctx, "calendar days");
	q = start;

	if ((st = sb_stmt(ctx, "SELECT id, date, kind, shoot_n FROM calendar_day"
	    " WHERE calendar_id = ?1 ORDER BY date, rank, id")) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		int64_t was = sb_col_type(st, 3) == SQLITE_NULL ? -2 : sb_col_int64(st, 3);
		int64_t n = -1;
		sb_date d;
		void *p;
		int k;

		if (have_start && sb_col_type(st, 1) != SQLITE_NULL &&
		    sb_date_parse((const char *)sb_col_text(st, 1), &d) == SB_OK) {
			if (!in_group || d != gdate) {
				/* the date before: its own entries decide it */
				if (in_group && gdate >= start) {
					cnt += shoots(mask, gdate, gkind);
					q = (int64_t)gdate + 1;
				}
				gdate = d;
				gkind = 0;
				in_group = 1;
				if (d >= start) {
					cnt += plain_shoots(mask, q, d);
					q = d;
				}
			}
			if ((k = sb_cal_entry_kind((const char *)sb_col_text(st, 2))) != 0)
				gkind = k;
			n = d < start ? 0 : cnt;
		}
		if (n == was)
			continue;
		if ((p = sb_grow(ch, &cap, nch, 64, sizeof(*ch))) == NULL) {
			sb_reset(st);
			free(ch);
			return sb_err(ctx, SB_EFAIL, "out of memory");
		}
		ch = p;
		ch[nch].id = sb_col_int64(st, 0);
		ch[nch++].n = n;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		free(ch);
		return sb_sqlerr(ctx, "calendar days");
	}
	/* written after the read: a server steps a cursor */
	for (size_t i = 0; i < nch; i++) {
		if ((st = sb_stmt(ctx, "UPDATE calendar_day SET shoot_n = ?2"
		    " WHERE id = ?1")) == NULL) {
			free(ch);
			return SB_EFAIL;
		}
		sb_bind_int64(st, 1, ch[i].id);
		sb_bind_int64(st, 2, ch[i].n);
		if ((rc = sb_step_done(ctx, st, "calendar day")) != SB_OK) {
			free(ch);
			return rc;
		}
	}
	free(ch);
	if ((st = sb_stmt(ctx, "UPDATE calendar SET counted = 1 WHERE id = ?1")) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, id);
	return sb_step_done(ctx, st, "calendar");
}

/* Before a commit: count every calendar not counted. */
static int
count_stale(sb_ctx *ctx)
{
	return store_each_id(ctx, "SELECT id FROM calendar WHERE counted = 0 ORDER BY id",
	    "calendar", store_calendar_count);
}
