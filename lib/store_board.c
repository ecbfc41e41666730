/*
 * store_board.c - the board cursor: lanes in rank order, days in position
 * order, strips in position order within each day, as SQLite steps them.
 * Day numbers count shoot days in a lane; dates walk the board's calendar.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "board_priv.h"
#include "lookup_priv.h"

int
sb_ucid_guess(const char *name)
{
	static const struct { const char *name; int ucid; } known[] = {
		{ "Set", 0 }, { "Sets", 0 }, { "INT/EXT", 1 }, { "IE", 1 },
		{ "Day/Night", 2 }, { "DN", 2 }, { "Script Day", 3 }, { "Unit", 4 },
		{ "Sequence", 5 }, { "Location", 6 }, { "Locations", 6 },
		{ "Cast", 100 }, { "Cast Members", 100 }, { "Background", 101 },
		{ "Background Actors", 101 }, { "Extras", 101 }, { "Stunts", 102 },
		{ "Vehicles", 103 }, { "Picture Vehicles", 103 }, { "Props", 104 },
		{ "SFX", 105 }, { "Special Effects", 105 }, { "Wardrobe", 106 },
		{ "Costume", 106 }, { "Costumes", 106 }, { "Makeup/Hair", 107 },
		{ "Makeup", 107 }, { "Hair", 107 }, { "Animals", 108 },
		{ "Animal Handler", 109 }, { "Animal Wrangler", 109 },
		{ "Camera", 110 }, { "Grip", 111 }, { "Electric", 112 },
		{ "Sound", 113 }, { "Music", 114 }, { "Art Department", 115 },
		{ "Set Dressing", 116 }, { "Greenery", 117 }, { "Security", 118 },
		{ "Special Equipment", 119 }, { "Additional Labor", 120 },
		{ "VFX", 121 }, { "Visual Effects", 121 }, { "MFX", 122 },
		{ "Mechanical Effects", 122 }, { "Notes", 123 }, { "Comments", 124 },
		{ "Misc", 125 }, { "Miscellaneous", 125 }, { "Other", 126 },
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcasecmp(name, known[i].name) == 0)
			return known[i].ucid;
	return -1;
}

int
sb_cal_entry_kind(const char *kind)
{
	if (kind == NULL)
		return 0;
	if (strcmp(kind, "off") == 0)
		return SB_CAL_OFF;
	if (strcmp(kind, "holiday") == 0)
		return SB_CAL_HOLIDAY;
	if (strcmp(kind, "travel") == 0)
		return SB_CAL_TRAVEL;
	if (strcmp(kind, "work") == 0)
		return SB_CAL_WORK;
	return 0;
}

/*
 * The marks of a calendar, read in one pass in date order (the index on
 * calendar_day(calendar_id, date)), where reading them in rank order
 * sorted every entry, twice (once for the start): at a million strips a
 * calendar has 29 000 entries and loading it was most of a one-day
 * listing.  Of the entries of one date the last in rank order wins, as
 * when they were applied in rank order; the start is the first start
 * entry in rank order.
 */
struct cal_mark {
	sb_date date;
	int kind;
	int64_t rank, id;
};

int
sb_board_calendar(sb_ctx *ctx, int64_t board_id, sb_calendar **out)
{
	static const char cal_sql[] =
	    "SELECT c.id, c.days_off FROM board b JOIN calendar c ON c.id = b.calendar_id"
	    " WHERE b.id = ?1";
	static const char days_sql[] =
	    "SELECT date, kind, rank, id FROM calendar_day WHERE calendar_id = ?1"
	    " ORDER BY date";
	sb_st *st = sb_stmt(ctx, cal_sql);
	sb_calendar *cal = NULL;
	struct cal_mark *marks = NULL;
	size_t nmarks = 0, cap = 0;
	int64_t cal_id, start_rank = 0, start_id = 0;
	unsigned mask = 0;
	sb_date start = 0;
	int rc, have_start = 0;

	*out = NULL;
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, board_id);
	rc = sb_step(st);
	if (rc == SQLITE_DONE) {
		sb_reset(st);
		return SB_OK;
	}
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, "calendar");
	cal_id = sb_col_int64(st, 0);
	if (sb_col_type(st, 1) != SQLITE_NULL &&
	    sb_weekdays_parse((const char *)sb_col_text(st, 1), &mask) != SB_OK) {
		sb_reset(st);
		return sb_err(ctx, SB_EDATA, "%s: calendar %lld: days off \"%s\" "
		    "are not weekday numbers", ctx->path, (long long)cal_id,
		    sb_col_text(st, 1));
	}
	sb_reset(st);

	if ((st = sb_stmt(ctx, days_sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, cal_id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sb_col_text(st, 1);
		int64_t rank = sb_col_int64(st, 2), id = sb_col_int64(st, 3);
		int k = 0;
		sb_date d;
		void *p;

		if (kind == NULL || sb_col_type(st, 0) == SQLITE_NULL ||
		    sb_date_parse((const char *)sb_col_text(st, 0), &d) != SB_OK)
			continue;
		if (strcmp(kind, "start") == 0) {
			/* the first in rank order, whatever its date */
			if (!have_start || rank < start_rank ||
			    (rank == start_rank && id < start_id)) {
				start = d;
				start_rank = rank;
				start_id = id;
				have_start = 1;
			}
			continue;
		}
		if ((k = sb_cal_entry_kind(kind)) == 0)
			continue;
		if (nmarks > 0 && marks[nmarks - 1].date == d) {
			struct cal_mark *m = &marks[nmarks - 1];

			if (rank > m->rank || (rank == m->rank && id > m->id)) {
				m->kind = k;
				m->rank = rank;
				m->id = id;
			}
			continue;
		}
		if ((p = sb_grow(marks, &cap, nmarks, 64, sizeof(*marks))) == NULL) {
			sb_reset(st);
			free(marks);
			return sb_err(ctx, SB_EFAIL, "out of memory");
		}
		marks = p;
		marks[nmarks].date = d;
		marks[nmarks].rank = rank;
		marks[nmarks].id = id;
		marks[nmarks++].kind = k;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		free(marks);
		return sb_sqlerr(ctx, "calendar days");
	}
	if (!have_start) {
		free(marks);
		return SB_OK;
	}
	if ((cal = sb_calendar_new(start, mask)) == NULL) {
		free(marks);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	/* in date order: each mark lands at the end of the calendar's list */
	for (size_t i = 0; i < nmarks; i++) {
		if (sb_calendar_mark(cal, marks[i].date, (enum sb_cal_kind)marks[i].kind) !=
		    SB_OK) {
			free(marks);
			sb_calendar_free(cal);
			return sb_err(ctx, SB_EFAIL, "out of memory");
		}
	}
	free(marks);
	*out = cal;
	return SB_OK;
}

static int
load_categories(struct sb_board_cur *cur)
{
	static const char sql[] =
	    "SELECT id, name, ucid FROM category WHERE project_id = ?1 ORDER BY rank, id";
	sb_st *st = sb_stmt(cur->ctx, sql);
	size_t cap = 0;
	int64_t seen_fixed[7] = { 0 };
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, cur->project_id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		struct sb_category_col *c;
		int64_t ucid = sb_col_type(st, 2) == SQLITE_NULL ? -1 :
		    sb_col_int64(st, 2);
		void *p;

		if ((p = sb_grow(cur->cats, &cap, cur->ncats, 16, sizeof(*cur->cats))) == NULL) {
			sb_reset(st);
			return sb_err(cur->ctx, SB_EFAIL, "out of memory");
		}
		cur->cats = p;
		c = &cur->cats[cur->ncats];
		c->id = sb_col_int64(st, 0);
		c->name = sb_strdup((const char *)sb_col_text(st, 1));
		c->ucid = ucid;
		/* the first Set, INT/EXT, Day/Night, Script Day and Location
		 * categories are the strip's own columns */
		c->fixed = (ucid == 0 || ucid == 1 || ucid == 2 || ucid == 3 ||
		    ucid == 6) && !seen_fixed[ucid];
		if (c->fixed)
			seen_fixed[ucid] = c->id;
		if (c->name == NULL) {
			sb_reset(st);
			return sb_err(cur->ctx, SB_EFAIL, "out of memory");
		}
		cur->ncats++;
	}
	sb_reset(st);
	return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(cur->ctx, "categories");
}

static int
prepare(struct sb_board_cur *cur, const char *sql, sb_st **st)
{
	if (sb_prepare(cur->ctx, sql, st) != SQLITE_OK)
		return sb_sqlerr(cur->ctx, "board");
	return SB_OK;
}

static const char *text(sb_st *st, int col);
static int cat_index(const struct sb_board_cur *cur, int64_t id);

/*
 * A board on a server.  The cursor below steps a statement a day (its
 * strips) and one a strip (its elements): on a file each is a few
 * microseconds, on a server each is a round trip, 12,000 for a board of
 * 10,000 strips.  So on PostgreSQL the strips of a whole lane, with their
 * elements packed into one column (aggregated in one pass: a subquery a
 * strip took twice as long), come from one statement (lane_strips),
 * read through a cursor on the server in batches (sb_stream()) so memory
 * stays flat, alongside the lane's days by position: a lane costs a few
 * round trips whatever its size.  The rows and their order are the
 * file's; the days and the numbering are walked by the same code.
 *
 * Elements are packed as CATEGORY,LEN,NAME,LEN,BOARD_ID for each, in
 * rank order (LEN in bytes), so any text of a name reads back as it is.
 */
#define PG_BATCH 1000

static int
pg_prepare(struct sb_board_cur *cur)
{
	int rc;

	if ((rc = prepare(cur, "SELECT id, name, kind, nested, ranked FROM lane"
	    " WHERE board_id = ?1 ORDER BY rank, id", &cur->lanes)) != SB_OK ||
	    (rc = prepare(cur, "SELECT id, kind, version, pos FROM day WHERE lane_id = ?1"
	    " ORDER BY pos LIMIT -1 OFFSET ?2", &cur->days)) != SB_OK ||
	    (rc = prepare(cur, "SELECT id, kind, version, pos FROM day WHERE lane_id = ?1"
	    " AND pos >= (SELECT pos FROM day WHERE lane_id = ?1 AND seq = ?2 + 1"
	    " AND kind = 'shoot') ORDER BY pos", &cur->days_from)) != SB_OK ||
	    (rc = prepare(cur, "SELECT p.id, p.version, s.id, s.version, s.uid,"
	    " s.type, s.scene, s.int_ext, s.day_night, s.set_name, s.location,"
	    " s.script_day, s.synopsis, s.banner_text, s.eighths, s.est_ms, s.omitted,"
	    " d.pos, el.packed"
	    " FROM day d JOIN placement p ON p.day_id = d.id JOIN strip s ON s.id = p.strip_id"
	    " LEFT JOIN (SELECT se.strip_id, string_agg(e.category_id || ',' ||"
	    " octet_length(e.name) || ',' || e.name || ',' ||"
	    " octet_length(coalesce(e.board_id, '')) || ',' || coalesce(e.board_id, ''),"
	    " '' ORDER BY se.rank) AS packed"
	    " FROM strip_element se JOIN element e ON e.id = se.element_id"
	    " WHERE se.strip_id IN (SELECT p2.strip_id FROM placement p2 JOIN day d2"
	    " ON d2.id = p2.day_id WHERE d2.lane_id = ?1 AND d2.pos >= ?2)"
	    " GROUP BY se.strip_id) el ON el.strip_id = s.id"
	    " WHERE d.lane_id = ?1 AND d.pos >= ?2 ORDER BY d.pos, p.pos",
	    &cur->lane_strips)) != SB_OK)
		return rc;
	sb_stream(cur->days, PG_BATCH);
	sb_stream(cur->days_from, PG_BATCH);
	sb_stream(cur->lane_strips, PG_BATCH);
	return SB_OK;
}

/* A number and the comma after it, from *p (not past end); -1 if none. */
static int64_t
packed_number(const char **p, const char *end)
{
	int64_t v = 0;
	int neg = 0, digits = 0;

	if (*p < end && **p == '-') {
		neg = 1;
		(*p)++;
	}
	while (*p < end && **p >= '0' && **p <= '9' && digits < 18) {
		v = v * 10 + (**p - '0');
		(*p)++;
		digits++;
	}
	if (digits == 0 || *p >= end || **p != ',')
		return -1;
	(*p)++;
	return neg ? -v : v;
}

/* The strip's elements from the packed column of lane_strips. */
static int
unpack_elements(struct sb_board_cur *cur, const char *p, size_t n)
{
	struct sb_strip_row *r = &cur->row;
	const char *end = p != NULL ? p + n : NULL;

	r->nel = 0;
	cur->elbuf.len = 0;
	while (p != NULL && p < end) {
		struct sb_element_ref *e;
		int64_t cat = packed_number(&p, end), len = packed_number(&p, end);
		void *q;

		if (cat < 0 || len < 0 || len > end - p)
			goto bad;
		if ((q = sb_grow(r->el, &cur->elcap, r->nel, 16, sizeof(*r->el))) == NULL)
			return sb_err(cur->ctx, SB_EFAIL, "out of memory");
		r->el = q;
		e = &r->el[r->nel++];
		e->cat = cat_index(cur, cat);
		e->name = (const char *)(uintptr_t)cur->elbuf.len;
		sb_buf_add(&cur->elbuf, p, (size_t)len);
		sb_buf_add(&cur->elbuf, "", 1);
		p += len;
		if (p >= end || *p != ',')
			goto bad;
		p++;
		if ((len = packed_number(&p, end)) < 0 || len > end - p)
			goto bad;
		e->board_id = (const char *)(uintptr_t)cur->elbuf.len;
		sb_buf_add(&cur->elbuf, p, (size_t)len);
		sb_buf_add(&cur->elbuf, "", 1);
		p += len;
	}
	if (cur->elbuf.failed)
		return sb_err(cur->ctx, SB_EFAIL, "out of memory");
	for (size_t i = 0; i < r->nel; i++) {
		r->el[i].name = cur->elbuf.data + (uintptr_t)r->el[i].name;
		r->el[i].board_id = cur->elbuf.data + (uintptr_t)r->el[i].board_id;
	}
	return SB_OK;
bad:
	return sb_err(cur->ctx, SB_EFAIL, "%s: the elements of strip %lld came back "
	    "malformed", cur->ctx->path, (long long)r->strip_id);
}

/*
 * The next strip of the day being walked, from the lane's statement:
 * SQLITE_ROW (its row is the statement's), SQLITE_DONE at the day's end,
 * or an SQLite error code.  The lane's rows come in the days' order, so a
 * row of a later day waits (ls_have) for its day.
 */
static int
pg_day_strip(struct sb_board_cur *cur)
{
	sb_st *st = cur->lane_strips;

	for (;;) {
		int rc, c;

		if (!cur->ls_have) {
			if (cur->ls_started == 2)
				return SQLITE_DONE;
			if ((rc = sb_step(st)) == SQLITE_DONE) {
				cur->ls_started = 2;
				return SQLITE_DONE;
			}
			if (rc != SQLITE_ROW)
				return rc;
			cur->ls_have = 1;
		}
		c = strcmp(text(st, 17), cur->day_pos);
		if (c > 0)
			return SQLITE_DONE;
		cur->ls_have = 0;
		if (c == 0)
			return SQLITE_ROW;
		/* a day before the one walked (cannot be: the same order): past it */
	}
}

/* The day just read from day_st is walked: on a server, its position kept. */
static int
pg_enter_day(struct sb_board_cur *cur)
{
	free(cur->day_pos);
	if ((cur->day_pos = sb_strdup(text(cur->day_st, 3))) == NULL)
		return sb_err(cur->ctx, SB_EFAIL, "out of memory");
	if (cur->ls_started == 0) {
		/* the lane's strips from its first day walked on */
		sb_reset(cur->lane_strips);
		sb_bind_int64(cur->lane_strips, 1, cur->lane_id);
		sb_bind_text(cur->lane_strips, 2, cur->day_pos);
		cur->ls_started = 1;
		cur->ls_have = 0;
	}
	return SB_OK;
}

/*
 * A calendar read as far as needed (sb_board_open_days()).  Its entries
 * keep the shoot days before their dates (calendar_day.shoot_n), valid
 * when calendar.counted is 1 (a writer of the store sets it to 0 and the
 * commit counts again) and no entry's count is NULL (one written behind
 * the library's back; the index finds it at once).  Then the calendar is entered
 * at the last entry before the shoot day wanted, and its entries are read
 * from there a window of dates at a time, as the walk reaches them.
 * Otherwise it is read whole, as sb_board_calendar() reads it.
 */
static int
lazy_calendar(struct sb_board_cur *cur)
{
	static const char sql[] =
	    "SELECT c.id, c.days_off, CASE WHEN c.counted = 1 AND NOT EXISTS (SELECT 1"
	    " FROM calendar_day x WHERE x.calendar_id = c.id AND x.shoot_n IS NULL)"
	    " THEN 1 ELSE 0 END FROM board b JOIN calendar c ON c.id = b.calendar_id"
	    " WHERE b.id = ?1";
	sb_ctx *ctx = cur->ctx;
	sb_st *st = sb_stmt(ctx, sql);
	int rc, counted = 0;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, cur->board_id);
	if ((rc = sb_step(st)) == SQLITE_ROW) {
		cur->cal_id = sb_col_int64(st, 0);
		counted = sb_col_int(st, 2) != 0 && (sb_col_type(st, 1) == SQLITE_NULL ||
		    sb_weekdays_parse((const char *)sb_col_text(st, 1), &cur->cal_mask) == SB_OK);
	}
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(ctx, "calendar");
	if (!counted)
		return sb_board_calendar(ctx, cur->board_id, &cur->cal);

	if ((st = sb_stmt(ctx, "SELECT date FROM calendar_day WHERE calendar_id = ?1"
	    " AND kind = 'start' ORDER BY rank, id")) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, cur->cal_id);
	while ((rc = sb_step(st)) == SQLITE_ROW)
		if (sb_col_type(st, 0) != SQLITE_NULL &&
		    sb_date_parse((const char *)sb_col_text(st, 0), &cur->cal_start) == SB_OK)
			break;
	sb_reset(st);
	if (rc == SQLITE_DONE)
		return SB_OK;       /* no start: no dates */
	if (rc != SQLITE_ROW)
		return sb_sqlerr(ctx, "calendar days");
	if ((cur->cal = sb_calendar_new(cur->cal_start, cur->cal_mask)) == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	cur->cal_lazy = 1;
	cur->cal_base = 0;
	cur->cal_from = cur->cal_start;
	cur->cal_horizon = cur->cal_start - 1;
	cur->cal_done = 0;
	return SB_OK;
}

/* Enter the calendar at date from, after base shoot days. */
static int
cal_enter(struct sb_board_cur *cur, sb_date from, int64_t base)
{
	sb_calendar *cal;

	if (from == cur->cal_from && base == cur->cal_base)
		return SB_OK;
	if ((cal = sb_calendar_new(from, cur->cal_mask)) == NULL)
		return sb_err(cur->ctx, SB_EFAIL, "out of memory");
	sb_calendar_free(cur->cal);
	cur->cal = cal;
	cur->cal_from = from;
	cur->cal_base = base;
	cur->cal_horizon = from - 1;
	cur->cal_done = 0;
	return SB_OK;
}

/* The entries dated up to upto read (at least two months more, a window). */
static int
cal_fill(struct sb_board_cur *cur, sb_date upto)
{
	sb_ctx *ctx = cur->ctx;

	while (!cur->cal_done && cur->cal_horizon < upto) {
		char lo[SB_DATE_BUFSZ], hi[SB_DATE_BUFSZ];
		sb_date to = upto > cur->cal_horizon + 62 ? upto : cur->cal_horizon + 62;
		sb_st *st = sb_stmt(ctx, "SELECT date, kind FROM calendar_day"
		    " WHERE calendar_id = ?1 AND date > ?2 AND date <= ?3"
		    " ORDER BY date, rank, id");
		int rc, n = 0;

		if (st == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, cur->cal_id);
		sb_bind_text(st, 2, sb_date_format(cur->cal_horizon, lo, sizeof(lo)));
		sb_bind_text(st, 3, sb_date_format(to, hi, sizeof(hi)));
		while ((rc = sb_step(st)) == SQLITE_ROW) {
			const char *kind = (const char *)sb_col_text(st, 1);
			int k = 0;
			sb_date d;

			n++;
			if (kind == NULL || sb_date_parse((const char *)sb_col_text(st, 0),
			    &d) != SB_OK)
				continue;
			k = sb_cal_entry_kind(kind);
			/* of one date's, the last in rank order holds */
			if (k != 0 && sb_calendar_mark(cur->cal, d, (enum sb_cal_kind)k) != SB_OK) {
				sb_reset(st);
				return sb_err(ctx, SB_EFAIL, "out of memory");
			}
		}
		sb_reset(st);
		if (rc != SQLITE_DONE)
			return sb_sqlerr(ctx, "calendar days");
		cur->cal_horizon = to;
		if (n > 0)
			continue;
		/* none in the window: on to the next entry, if there is one */
		if ((st = sb_stmt(ctx, "SELECT min(date) FROM calendar_day"
		    " WHERE calendar_id = ?1 AND date > ?2")) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, cur->cal_id);
		sb_bind_text(st, 2, hi);
		if ((rc = sb_step(st)) == SQLITE_ROW) {
			sb_date d;

			if (sb_col_type(st, 0) == SQLITE_NULL)
				cur->cal_done = 1;
			else if (sb_date_parse((const char *)sb_col_text(st, 0), &d) == SB_OK &&
			    d - 1 > cur->cal_horizon)
				cur->cal_horizon = d - 1;
		}
		sb_reset(st);
		if (rc != SQLITE_ROW)
			return sb_sqlerr(ctx, "calendar days");
	}
	return SB_OK;
}

/*
 * Enter the calendar at the entry st finds (date, shoot_n), or at its start
 * when it finds none: st is bound here with ?1 the calendar and ?3 its
 * start, by the caller with the rest.
 */
static int
cal_enter_row(struct sb_board_cur *cur, sb_st *st)
{
	char start[SB_DATE_BUFSZ];
	sb_date from = cur->cal_start;
	int64_t base = 0;
	int rc;

	sb_bind_int64(st, 1, cur->cal_id);
	sb_bind_text(st, 3, sb_date_format(cur->cal_start, start, sizeof(start)));
	if ((rc = sb_step(st)) == SQLITE_ROW &&
	    sb_date_parse((const char *)sb_col_text(st, 0), &from) == SB_OK)
		base = sb_col_int64(st, 1);
	else
		from = cur->cal_start;
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(cur->ctx, "calendar days");
	return cal_enter(cur, from, base);
}

/*
 * Enter the calendar for shoot day n: at the last entry on or after the
 * start with fewer than n shoot days before it.
 */
static int
cal_seek(struct sb_board_cur *cur, int64_t n)
{
	sb_st *st = sb_stmt(cur->ctx, "SELECT date, shoot_n FROM calendar_day"
	    " WHERE calendar_id = ?1 AND shoot_n BETWEEN 0 AND ?2 AND date >= ?3"
	    " ORDER BY shoot_n DESC LIMIT 1");

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 2, n - 1);
	return cal_enter_row(cur, st);
}

int
sb_board_date_of(struct sb_board_cur *cur, int64_t n, sb_date *date)
{
	int rc;

	if (cur->cal == NULL || n < 1)
		return SB_EDATA;
	if (!cur->cal_lazy)
		return sb_calendar_nth(cur->cal, n, date);
	/* entered at its last entry before day n (kept, when it is already) */
	if ((rc = cal_seek(cur, n)) != SB_OK)
		return rc;
	for (;;) {
		rc = sb_calendar_nth(cur->cal, n - cur->cal_base, date);
		if (cur->cal_done || (rc == SB_OK && *date <= cur->cal_horizon))
			return rc == SB_OK ? SB_OK : SB_EDATA;
		/* entries not read yet may move it: read on and ask again */
		if ((rc = cal_fill(cur, rc == SB_OK ? *date : cur->cal_horizon + 366)) != SB_OK)
			return rc;
	}
}

/* The shoot day after prev (a shoot day's date, not before cal_from). */
static int
cal_next(struct sb_board_cur *cur, sb_date prev, sb_date *date)
{
	int rc;

	if (!cur->cal_lazy)
		return sb_calendar_next(cur->cal, prev, date);
	for (;;) {
		rc = sb_calendar_next(cur->cal, prev, date);
		if (cur->cal_done || (rc == SB_OK && *date <= cur->cal_horizon))
			return rc == SB_OK ? SB_OK : SB_EDATA;
		if ((rc = cal_fill(cur, rc == SB_OK ? *date : cur->cal_horizon + 366)) != SB_OK)
			return rc;
	}
}

int
sb_board_day_on_or_after(struct sb_board_cur *cur, int64_t count, sb_date date,
    int64_t *n)
{
	char on[SB_DATE_BUFSZ];
	sb_date d;
	int64_t base, k;
	sb_st *st;
	int rc;

	if (cur->cal == NULL)
		return SB_EDATA;
	if (!cur->cal_lazy) {
		int64_t lo = 1, hi = count + 1;

		while (lo < hi) {
			int64_t mid = lo + (hi - lo) / 2;

			if (sb_calendar_nth(cur->cal, mid, &d) != SB_OK)
				return SB_EDATA;
			if (d < date)
				lo = mid + 1;
			else
				hi = mid;
		}
		*n = lo;
		return SB_OK;
	}
	/* entered at the last counted entry on or before date, walked to it */
	if ((st = sb_stmt(cur->ctx, "SELECT date, shoot_n FROM calendar_day"
	    " WHERE calendar_id = ?1 AND date <= ?2 AND date >= ?3 AND shoot_n >= 0"
	    " ORDER BY date DESC LIMIT 1")) == NULL)
		return SB_EFAIL;
	sb_bind_text(st, 2, sb_date_format(date, on, sizeof(on)));
	if ((rc = cal_enter_row(cur, st)) != SB_OK)
		return rc;
	base = cur->cal_base;
	for (k = base + 1; k <= count; k++) {
		rc = k == base + 1 ? sb_board_date_of(cur, k, &d) : cal_next(cur, d, &d);
		if (rc != SB_OK)
			return rc;
		if (d >= date)
			break;
	}
	*n = k;
	return SB_OK;
}

static int open_board(sb_ctx *ctx, int64_t project_id, const char *name,
    struct sb_board_cur *cur, int lazy);

int
sb_board_open(sb_ctx *ctx, int64_t project_id, const char *name,
    struct sb_board_cur *cur)
{
	return open_board(ctx, project_id, name, cur, 0);
}

int
sb_board_open_days(sb_ctx *ctx, int64_t project_id, const char *name,
    struct sb_board_cur *cur)
{
	return open_board(ctx, project_id, name, cur, 1);
}

static int
open_board(sb_ctx *ctx, int64_t project_id, const char *name,
    struct sb_board_cur *cur, int lazy)
{
	char board_name[1024];
	int rc;

	memset(cur, 0, sizeof(*cur));
	cur->ctx = ctx;
	cur->project_id = project_id;
	sb_buf_init(&cur->elbuf);
	if ((rc = sb_board_find(ctx, project_id, name, &cur->board_id)) != SB_OK)
		return rc;
	cur->board_name = sb_strdup(sb_board_name(ctx, cur->board_id, board_name,
	    sizeof(board_name)));
	if (cur->board_name == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	if ((rc = load_categories(cur)) != SB_OK ||
	    (rc = lazy ? lazy_calendar(cur) :
	    sb_board_calendar(ctx, cur->board_id, &cur->cal)) != SB_OK)
		goto fail;
	if (ctx->pg != NULL) {
		if ((rc = pg_prepare(cur)) != SB_OK)
			goto fail;
		sb_bind_int64(cur->lanes, 1, cur->board_id);
		return SB_OK;
	}
	if ((rc = prepare(cur, "SELECT id, name, kind, nested, ranked FROM lane"
	    " WHERE board_id = ?1 ORDER BY rank, id", &cur->lanes)) != SB_OK ||
	    (rc = prepare(cur, "SELECT id, kind, version FROM day WHERE lane_id = ?1"
	    " ORDER BY pos LIMIT -1 OFFSET ?2", &cur->days)) != SB_OK ||
	    /*
	     * A numbered lane (lane.ranked: its days' day.seq is kept, see
	     * store_lookup.c) is entered at the day asked for through the
	     * day_seq index, so skipping days costs nothing; no such day,
	     * no rows.
	     */
	    (rc = prepare(cur, "SELECT id, kind, version FROM day WHERE lane_id = ?1"
	    " AND pos >= (SELECT pos FROM day WHERE lane_id = ?1 AND seq = ?2 + 1"
	    " AND kind = 'shoot') ORDER BY pos", &cur->days_from)) != SB_OK ||
	    (rc = prepare(cur, "SELECT p.id, p.version, s.id, s.version, s.uid,"
	    " s.type, s.scene, s.int_ext, s.day_night, s.set_name, s.location,"
	    " s.script_day, s.synopsis, s.banner_text, s.eighths, s.est_ms, s.omitted"
	    " FROM placement p JOIN strip s ON s.id = p.strip_id"
	    " WHERE p.day_id = ?1 ORDER BY p.pos", &cur->strips)) != SB_OK ||
	    (rc = prepare(cur, "SELECT e.category_id, e.name, coalesce(e.board_id, '')"
	    " FROM strip_element se JOIN element e ON e.id = se.element_id"
	    " WHERE se.strip_id = ?1 ORDER BY se.rank", &cur->els)) != SB_OK)
		goto fail;
	sb_bind_int64(cur->lanes, 1, cur->board_id);
	return SB_OK;
fail:
	sb_board_close(cur);
	return rc;
}

void
sb_board_close(struct sb_board_cur *cur)
{
	sb_finalize(cur->lanes);
	sb_finalize(cur->days);
	sb_finalize(cur->days_from);
	sb_finalize(cur->strips);
	sb_finalize(cur->els);
	sb_finalize(cur->lane_strips);
	cur->lanes = cur->days = cur->days_from = cur->strips = cur->els = NULL;
	cur->lane_strips = NULL;
	free(cur->day_pos);
	cur->day_pos = NULL;
	for (size_t i = 0; i < cur->ncats; i++)
		free(cur->cats[i].name);
	free(cur->cats);
	cur->cats = NULL;
	cur->ncats = 0;
	free(cur->board_name);
	free(cur->lane_name);
	cur->board_name = cur->lane_name = NULL;
	free(cur->row.el);
	cur->row.el = NULL;
	sb_buf_free(&cur->elbuf);
	sb_calendar_free(cur->cal);
	cur->cal = NULL;
}

static int
cat_index(const struct sb_board_cur *cur, int64_t id)
{
	for (size_t i = 0; i < cur->ncats; i++)
		if (cur->cats[i].id == id)
			return (int)i;
	return -1;
}

static const char *
text(sb_st *st, int col)
{
	return (const char *)sb_col_text(st, col);
}

/* The strip's elements, copied: they outlive the next step of els. */
static int
load_elements(struct sb_board_cur *cur)
{
	struct sb_strip_row *r = &cur->row;
	int rc;

	r->nel = 0;
	cur->elbuf.len = 0;
	sb_reset(cur->els);
	sb_bind_int64(cur->els, 1, r->strip_id);
	while ((rc = sb_step(cur->els)) == SQLITE_ROW) {
		struct sb_element_ref *e;
		void *p;

		if ((p = sb_grow(r->el, &cur->elcap, r->nel, 16, sizeof(*r->el))) == NULL)
			return sb_err(cur->ctx, SB_EFAIL, "out of memory");
		r->el = p;
		e = &r->el[r->nel++];
		e->cat = cat_index(cur, sb_col_int64(cur->els, 0));
		/* offsets now, pointers once the buffer stops moving */
		e->name = (const char *)(uintptr_t)cur->elbuf.len;
		sb_buf_add(&cur->elbuf, text(cur->els, 1),
		    (size_t)sb_col_bytes(cur->els, 1));
		sb_buf_add(&cur->elbuf, "", 1);
		e->board_id = (const char *)(uintptr_t)cur->elbuf.len;
		sb_buf_add(&cur->elbuf, text(cur->els, 2),
		    (size_t)sb_col_bytes(cur->els, 2));
		sb_buf_add(&cur->elbuf, "", 1);
	}
	if (rc != SQLITE_DONE)
		return sb_sqlerr(cur->ctx, "elements");
	if (cur->elbuf.failed)
		return sb_err(cur->ctx, SB_EFAIL, "out of memory");
	for (size_t i = 0; i < r->nel; i++) {
		r->el[i].name = cur->elbuf.data + (uintptr_t)r->el[i].name;
		r->el[i].board_id = cur->elbuf.data + (uintptr_t)r->el[i].board_id;
	}
	return SB_OK;
}

static void
fill_row(struct sb_board_cur *cur, sb_st *st)
{
	struct sb_strip_row *r = &cur->row;

	r->placement_id = sb_col_int64(st, 0);
	r->placement_version = sb_col_int64(st, 1);
	r->strip_id = sb_col_int64(st, 2);
	r->strip_version = sb_col_int64(st, 3);
	r->uid = text(st, 4);
	r->type = text(st, 5);
	r->scene = text(st, 6);
	r->int_ext = text(st, 7);
	r->day_night = text(st, 8);
	r->set = text(st, 9);
	r->location = text(st, 10);
	r->script_day = text(st, 11);
	r->synopsis = text(st, 12);
	r->banner_text = text(st, 13);
	r->has_eighths = sb_col_type(st, 14) != SQLITE_NULL;
	r->eighths = sb_col_int64(st, 14);
	r->has_est = sb_col_type(st, 15) != SQLITE_NULL;
	r->est_ms = sb_col_int64(st, 15);
	r->omitted = sb_col_int(st, 16);
	r->position = ++cur->position;
}

int
sb_board_next(struct sb_board_cur *cur)
{
	int rc;

	for (;;) {
		if (cur->in_day) {
			rc = cur->lane_strips != NULL ? pg_day_strip(cur) : sb_step(cur->strips);
			if (rc == SQLITE_ROW) {
				int el;

				if (cur->lane_strips != NULL) {
					fill_row(cur, cur->lane_strips);
					el = unpack_elements(cur, text(cur->lane_strips, 18),
					    (size_t)sb_col_bytes(cur->lane_strips, 18));
				} else {
					fill_row(cur, cur->strips);
					el = load_elements(cur);
				}
				if (el != SB_OK)
					return el;
				cur->day_strips++;
				/* a scene the script omitted is not shot: no pages, no time */
				if (cur->row.has_eighths && !cur->row.omitted)
					cur->day_eighths += cur->row.eighths;
				if (cur->row.has_est && !cur->row.omitted)
					cur->day_est_ms += cur->row.est_ms;
				return SB_CUR_STRIP;
			}
			if (rc != SQLITE_DONE)
				return sb_sqlerr(cur->ctx, "strips");
			cur->in_day = 0;
			if (cur->day_shoot)
				return SB_CUR_DAY_END;
		}
		if (cur->in_lane) {
			rc = sb_step(cur->day_st);
			if (rc == SQLITE_ROW) {
				cur->day_id = sb_col_int64(cur->day_st, 0);
				cur->day_version = sb_col_int64(cur->day_st, 2);
				cur->day_shoot = strcmp(text(cur->day_st, 1), "shoot") == 0;
				cur->day_strips = cur->day_eighths = cur->day_est_ms = 0;
				if (cur->day_shoot) {
					cur->day_no++;
					if (cur->cal != NULL) {
						rc = cur->day_no == 1 || !cur->has_date ?
						    sb_board_date_of(cur, cur->day_no, &cur->date) :
						    cal_next(cur, cur->date, &cur->date);
						if (rc != SB_OK && rc != SB_EDATA &&
						    rc != SB_EUSAGE)
							return rc;
						cur->has_date = rc == SB_OK;
					}
				} else {
					cur->has_date = 0;
				}
				if (cur->lane_strips != NULL) {
					if ((rc = pg_enter_day(cur)) != SB_OK)
						return rc;
				} else {
					sb_reset(cur->strips);
					sb_bind_int64(cur->strips, 1, cur->day_id);
				}
				cur->in_day = 1;
				continue;
			}
			if (rc != SQLITE_DONE)
				return sb_sqlerr(cur->ctx, "days");
			cur->in_lane = 0;
		}
		rc = sb_step(cur->lanes);
		if (rc == SQLITE_DONE)
			return SB_CUR_END;
		if (rc != SQLITE_ROW)
			return sb_sqlerr(cur->ctx, "lanes");
		cur->lane_id = sb_col_int64(cur->lanes, 0);
		free(cur->lane_name);
		cur->lane_name = sb_strdup(text(cur->lanes, 1));
		if (cur->lane_name == NULL)
			return sb_err(cur->ctx, SB_EFAIL, "out of memory");
		cur->lane_kind = strcmp(text(cur->lanes, 2), "schedule") == 0 ?
		    SB_LANE_SCHEDULE : strcmp(text(cur->lanes, 2), "boneyard") == 0 ?
		    SB_LANE_BONEYARD : SB_LANE_OTHER;
		cur->lane_nested = sb_col_int(cur->lanes, 3);
		if (cur->schedule_only && cur->lane_kind != SB_LANE_SCHEDULE)
			continue;
		cur->day_no = 0;
		cur->has_date = 0;
		/* a numbered lane is entered at the day asked for, else counted to */
		cur->day_st = cur->lane_kind == SB_LANE_SCHEDULE && cur->skip_days > 0 &&
		    sb_col_int(cur->lanes, 4) ? cur->days_from : cur->days;
		sb_reset(cur->day_st);
		cur->ls_started = cur->ls_have = 0;
		sb_bind_int64(cur->day_st, 1, cur->lane_id);
		sb_bind_int64(cur->day_st, 2, 0);
		if (cur->lane_kind == SB_LANE_SCHEDULE && cur->skip_days > 0) {
			/* shoot days come before the lane's list: skip whole days */
			sb_bind_int64(cur->day_st, 2, cur->skip_days);
			cur->day_no = cur->skip_days;
			if (cur->cal != NULL) {
				rc = sb_board_date_of(cur, cur->skip_days, &cur->date);
				if (rc != SB_OK && rc != SB_EDATA && rc != SB_EUSAGE)
					return rc;
				cur->has_date = rc == SB_OK;
			}
		}
		cur->in_lane = 1;
	}
}
