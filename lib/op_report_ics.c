/*
 * op_report_ics.c - the calendar feed (sb-report ics): the shoot days of
 * a board as an RFC 5545 calendar, written with libical.
 *
 * One all-day event a shoot day (DTSTART;VALUE=DATE and the next date as
 * DTEND): its summary says the day number, the pages and the sets, its
 * description the day's strips one a line.  The company's holidays and
 * travel days from 30 days before the first shoot day to 30 after the
 * last are all-day events too.  With an element, the feed is that
 * element's (an actor's): the shoot days whose strips name it (a scene
 * the script omitted calls no one), its own dated events (travel,
 * rehearsal, fitting...), and the company's holidays and travel days
 * between its first and last work day.
 *
 * Subscribers (a phone, a shared calendar) match events by UID, so a UID
 * never depends on the time or the run: a shoot day's is made of the
 * board's uid and the day's number ("sb-<board>-day-12@stripboard"), so
 * day 12 stays one event that moves when the schedule moves it; a
 * holiday's of the board and the date; an element's events of the
 * element's uid.  DTSTAMP, which RFC 5545 requires, is for a calendar
 * published without a method's exchange "the date and time that the
 * information associated with the calendar component was last revised":
 * each event's own, from the audit trail.  The time of the project's last
 * import (or its creation) is the floor; a shoot day's is the newest
 * change of the day (a strip entered or left it, its date moved: the day's
 * audit rows) or of a strip on it; a holiday's or travel day's the newest
 * change of its calendar entry; an element's event's the newest of that
 * event.  So the same board writes the same bytes, a feed regenerated from
 * cron changes only when the board does, and then only the events that
 * changed carry a new stamp.
 *
 * The calendar streams: each day's event is built, written and freed at
 * its day break; only the calendar's own properties are held around them.
 */
#include <config.h>

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "board_priv.h"
#include "json_priv.h"
#include "report_priv.h"
#include "dl_priv.h"

/* Company holidays and travel this many days around the shoot are shown. */
#define AROUND_DAYS 30

struct element {
	int64_t id, category_id;
	char *uid, *name;
};

struct ics {
	sb_ctx *ctx;
	FILE *out;
	struct sb_board_cur cur;
	char *board_uid;
	char base[40];          /* the floor of every DTSTAMP: the last import */
	char at[40];            /* the DTSTAMP of the event being built */
	struct stamp { int kind; int64_t id; char at[40]; } *stamps; /* sorted */
	size_t nstamps;
	struct element el;      /* el.id 0: the whole board */
	/* the day being read */
	struct sb_buf desc;
	struct sb_buf scratch;  /* clean()'s */
	struct sb_buf sets, scenes; /* items, each ended by a NUL */
	int64_t eighths;        /* pages of the strips that count (the element's) */
	int64_t strips;
	int works;              /* the element works on this day */
	int64_t events;
	sb_date first, last;    /* the first and last dates written (work days) */
	int have_first;
	int oom;
};

static struct icaltimetype
ical_date(sb_date d)
{
	struct icaltimetype t = icaltime_null_date();
	char iso[SB_DATE_BUFSZ];
	int y = 0, m = 0, dd = 0;

	sb_date_format(d, iso, sizeof(iso));
	if (sscanf(iso, "%d-%d-%d", &y, &m, &dd) == 3) {
		t.year = y;
		t.month = m;
		t.day = dd;
	}
	t.is_date = 1;
	return t;
}

/*
 * s as text a calendar may hold, in x->scratch: bytes that are not UTF-8
 * repaired as everywhere (U+FFFD), the control characters RFC 5545 allows
 * in no TEXT value (all but the newline, which libical escapes) made
 * spaces.  NULL when out of memory.
 */
static const char *
clean(struct ics *x, const char *s)
{
	struct sb_buf *b = &x->scratch;

	b->len = 0;
	sb_utf8_repair(b, s, strlen(s));
	if (b->failed)
		return NULL;
	for (size_t i = 0; i < b->len; i++)
		if (((unsigned char)b->data[i] < 0x20 && b->data[i] != '\n') ||
		    b->data[i] == 0x7f)
			b->data[i] = ' ';
	return sb_buf_str(b);
}

/* Add prop to comp; a NULL prop (out of memory) is remembered. */
static void
add(struct ics *x, icalcomponent *comp, icalproperty *prop)
{
	if (comp == NULL || prop == NULL) {
		x->oom = 1;
		if (prop != NULL)
			icalproperty_free(prop);
		return;
	}
	icalcomponent_add_property(comp, prop);
}

/* Write comp's text (without the last line when head) and free comp. */
static void
emit(struct ics *x, icalcomponent *comp, int head)
{
	char *s;
	size_t n;

	if (comp == NULL) {
		x->oom = 1;
		return;
	}
	s = x->oom ? NULL : icalcomponent_as_ical_string_r(comp);
	icalcomponent_free(comp);
	if (s == NULL) {
		x->oom = 1;
		return;
	}
	n = strlen(s);
	if (head) {
		/* the calendar's own lines, without its END:VCALENDAR */
		static const char end[] = "END:VCALENDAR\r\n";

		if (n >= sizeof(end) - 1 && strcmp(s + n - (sizeof(end) - 1), end) == 0)
			n -= sizeof(end) - 1;
	}
	fwrite(s, 1, n, x->out);
	icalmemory_free_buffer(s);
}

static struct icaltimetype ical_stamp(const char *at);

/* A new all-day event on date d, with its uid, stamp (x->at) and summary. */
static icalcomponent *
event_new(struct ics *x, const char *uid, sb_date d, const char *summary)
{
	icalcomponent *ev = icalcomponent_new_vevent();

	if (ev == NULL) {
		x->oom = 1;
		return NULL;
	}
	add(x, ev, (uid = clean(x, uid)) != NULL ? icalproperty_new_uid(uid) : NULL);
	add(x, ev, icalproperty_new_dtstamp(ical_stamp(x->at)));
	add(x, ev, icalproperty_new_dtstart(ical_date(d)));
	add(x, ev, icalproperty_new_dtend(ical_date(d + 1)));
	add(x, ev, (summary = clean(x, summary)) != NULL ?
	    icalproperty_new_summary(summary) : NULL);
	add(x, ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	return ev;
}

/* An audit time ("2024-03-04T10:00:00.123Z") as a UTC date-time. */
static struct icaltimetype
ical_stamp(const char *at)
{
	struct icaltimetype t = icaltime_null_time();
	int y, mo, d, h, mi, s;

	if (sscanf(at, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s) == 6) {
		t.year = y;
		t.month = mo;
		t.day = d;
		t.hour = h;
		t.minute = mi;
		t.second = s;
	} else {
		t.year = 1970;
		t.month = t.day = 1;
	}
	t.zone = icaltimezone_get_utc_timezone();
	return t;
}

/* The kinds of audited rows an event's stamp looks at. */
enum { ST_DAY, ST_STRIP, ST_CALDAY, ST_ELEVENT };
static const char *const stamp_entity[] = { "day", "strip", "calendar_day",
	"element_event" };

static int
stamp_cmp(const void *a, const void *b)
{
	const struct stamp *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Raise the event's stamp to the newest change of the row, if later. */
static void
stamp_raise(struct ics *x, int kind, int64_t id)
{
	struct stamp key, *hit;

	key.kind = kind;
	key.id = id;
	hit = x->nstamps > 0 ? bsearch(&key, x->stamps, x->nstamps, sizeof(key),
	    stamp_cmp) : NULL;
	if (hit != NULL && strcmp(hit->at, x->at) > 0)
		snprintf(x->at, sizeof(x->at), "%s", hit->at);
}

/*
 * The floor of the stamps (the project's last import, else its creation)
 * and the newest change of each day, strip, calendar entry and element
 * event of the project that the trail names, sorted for stamp_raise().
 */
static int
load_stamps(struct ics *x)
{
	static const char base_sql[] =
	    "SELECT coalesce((SELECT max(at) FROM audit WHERE project_id = ?1"
	    " AND entity = 'project' AND id <= ?2), created_at) FROM project WHERE id = ?1";
	static const char rows_sql[] =
	    "SELECT entity, entity_id, max(at) FROM audit WHERE project_id = ?1"
	    " AND entity_id IS NOT NULL AND entity IN ('day', 'strip', 'calendar_day',"
	    " 'element_event') AND id <= ?2 GROUP BY entity, entity_id";
	sb_st *st = sb_stmt(x->ctx, base_sql);
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	/* --as-of: the trail as it stood then, not the rows after */
	sb_bind_int64(st, 1, x->cur.project_id);
	sb_bind_int64(st, 2, x->ctx->trail_end > 0 ? x->ctx->trail_end : INT64_MAX);
	rc = sb_step(st);
	if (rc != SQLITE_ROW) {
		sb_reset(st);
		return rc == SQLITE_DONE ? sb_err(x->ctx, SB_ENOTFOUND, "no project %lld",
		    (long long)x->cur.project_id) : sb_sqlerr(x->ctx, "project");
	}
	snprintf(x->base, sizeof(x->base), "%s", sb_col_text(st, 0) != NULL ?
	    (const char *)sb_col_text(st, 0) : "1970-01-01T00:00:00Z");
	sb_reset(st);
	snprintf(x->at, sizeof(x->at), "%s", x->base);
	if ((st = sb_stmt(x->ctx, rows_sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, x->cur.project_id);
	sb_bind_int64(st, 2, x->ctx->trail_end > 0 ? x->ctx->trail_end : INT64_MAX);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *entity = (const char *)sb_col_text(st, 0);
		const char *at = (const char *)sb_col_text(st, 2);
		struct stamp *t;
		int kind = -1;

		for (int k = 0; k < 4; k++)
			if (entity != NULL && strcmp(entity, stamp_entity[k]) == 0)
				kind = k;
		if (kind < 0 || at == NULL)
			continue;
		if (x->nstamps == cap) {
			void *p = realloc(x->stamps, (cap = cap ? cap * 2 : 64) * sizeof(*t));

			if (p == NULL) {
				sb_reset(st);
				return sb_err(x->ctx, SB_EFAIL, "out of memory");
			}
			x->stamps = p;
		}
		t = &x->stamps[x->nstamps++];
		t->kind = kind;
		t->id = sb_col_int64(st, 1);
		snprintf(t->at, sizeof(t->at), "%s", at);
	}
	sb_reset(st);
	if (rc != SQLITE_DONE)
		return sb_sqlerr(x->ctx, "audit");
	if (x->nstamps > 0)
		qsort(x->stamps, x->nstamps, sizeof(*x->stamps), stamp_cmp);
	return SB_OK;
}

static int
load_board_uid(struct ics *x)
{
	static const char sql[] = "SELECT uid FROM board WHERE id = ?1";
	sb_st *st = sb_stmt(x->ctx, sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, x->cur.board_id);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		x->board_uid = sb_strdup((const char *)sb_col_text(st, 0));
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(x->ctx, "board");
	return x->board_uid != NULL ? SB_OK : sb_err(x->ctx, SB_EFAIL, "out of memory");
}

/*
 * The element called name: exactly, else without regard to case; of
 * several, the one of a Cast category when there is only one such.
 */
static int
find_element(struct ics *x, const char *name)
{
	static const char sql[] =
	    "SELECT e.id, e.category_id, e.uid, e.name, c.ucid, c.name FROM element e"
	    " JOIN category c ON c.id = e.category_id"
	    " WHERE e.project_id = ?1 AND e.name = ?2 COLLATE NOCASE"
	    " ORDER BY e.name = ?2 DESC, c.rank, e.rank";
	sb_st *st = sb_stmt(x->ctx, sql);
	struct sb_buf cats;
	int rc, exact = 0, n = 0, ncast = 0, rc2 = SB_OK;

	if (st == NULL)
		return SB_EFAIL;
	sb_buf_init(&cats);
	sb_bind_int64(st, 1, x->cur.project_id);
	sb_bind_text(st, 2, name);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *ename = (const char *)sb_col_text(st, 3);
		int is_exact = strcmp(ename, name) == 0;
		int cast = sb_col_type(st, 4) != SQLITE_NULL &&
		    sb_col_int(st, 4) == 100;

		/* exact matches come first; a case-blind one only without them */
		if (exact && !is_exact)
			break;
		exact = is_exact;
		sb_buf_printf(&cats, "%s%s", n > 0 ? ", " : "",
		    (const char *)sb_col_text(st, 5));
		n++;
		if (n == 1 || (cast && ncast == 0)) {
			free(x->el.uid);
			free(x->el.name);
			x->el.id = sb_col_int64(st, 0);
			x->el.category_id = sb_col_int64(st, 1);
			x->el.uid = sb_strdup((const char *)sb_col_text(st, 2));
			x->el.name = sb_strdup(ename);
			if (x->el.uid == NULL || x->el.name == NULL)
				x->oom = 1;
		}
		if (cast)
			ncast++;
	}
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		rc2 = sb_sqlerr(x->ctx, "elements");
	else if (n == 0)
		rc2 = sb_err(x->ctx, SB_ENOTFOUND, "no element is called \"%s\"", name);
	else if (n > 1 && ncast != 1)
		rc2 = sb_err(x->ctx, SB_EUSAGE, "\"%s\" names an element of several "
		    "categories (%s)", name, cats.failed ? "?" : sb_buf_str(&cats));
	else if (x->oom || cats.failed)
		rc2 = sb_err(x->ctx, SB_EFAIL, "out of memory");
	sb_buf_free(&cats);
	return rc2;
}

static void
day_reset(struct ics *x)
{
	x->desc.len = x->sets.len = x->scenes.len = 0;
	x->eighths = x->strips = 0;
	x->works = 0;
	snprintf(x->at, sizeof(x->at), "%s", x->base);
}

/* Add s to a ", "-separated list unless it is one of its items already. */
static void
list_add(struct sb_buf *b, const char *s)
{
	size_t n;
	const char *p;

	if (s == NULL || s[0] == '\0')
		return;
	n = strlen(s);
	/* items are written followed by '\0' in items, a shadow of b */
	for (p = b->data; p != NULL && p < b->data + b->len; p += strlen(p) + 1)
		if (strcmp(p, s) == 0)
			return;
	sb_buf_add(b, s, n + 1);
}

/* The items of a list as "a, b, c" into out. */
static void
list_join(const struct sb_buf *b, struct sb_buf *out)
{
	for (const char *p = b->data; p != NULL && p < b->data + b->len; p += strlen(p) + 1) {
		if (p != b->data)
			sb_buf_puts(out, ", ");
		sb_buf_puts(out, p);
	}
}

/* Does the strip name the element? */
static int
names_element(const struct ics *x)
{
	const struct sb_strip_row *r = &x->cur.row;

	for (size_t e = 0; e < r->nel; e++)
		if (r->el[e].cat >= 0 &&
		    x->cur.cats[r->el[e].cat].id == x->el.category_id &&
		    strcmp(r->el[e].name, x->el.name) == 0)
			return 1;
	return 0;
}

/* One line of the description for the strip. */
static void
strip_line(struct ics *x)
{
	const struct sb_strip_row *r = &x->cur.row;
	struct sb_buf *b = &x->desc;
	char pages[SB_EIGHTHS_BUFSZ];
	int ncast = 0;

	if (strcmp(r->type, "banner") == 0) {
		sb_buf_printf(b, "== %s ==\n", r->banner_text != NULL &&
		    r->banner_text[0] != '\0' ? r->banner_text :
		    r->synopsis != NULL ? r->synopsis : "");
		return;
	}
	sb_buf_printf(b, "Sc. %s", r->scene != NULL && r->scene[0] != '\0' ? r->scene : "?");
	if (r->omitted) {
		sb_buf_puts(b, " (omitted)\n");
		return;
	}
	sb_buf_printf(b, " \xe2\x80\x94 %s%s%s", r->int_ext != NULL ? r->int_ext : "",
	    r->int_ext != NULL && r->int_ext[0] != '\0' ? " " : "",
	    r->set != NULL ? r->set : "");
	if (r->day_night != NULL && r->day_night[0] != '\0')
		sb_buf_printf(b, " \xe2\x80\x94 %s", r->day_night);
	if (r->has_eighths)
		sb_buf_printf(b, " \xe2\x80\x94 %s pgs", sb_eighths_format(r->eighths,
		    pages, sizeof(pages)));
	for (size_t e = 0; e < r->nel; e++) {
		if (r->el[e].cat < 0 || x->cur.cats[r->el[e].cat].ucid != 100)
			continue;
		sb_buf_puts(b, ncast++ == 0 ? " \xe2\x80\x94 cast " : ", ");
		sb_buf_puts(b, r->el[e].board_id[0] != '\0' ? r->el[e].board_id :
		    r->el[e].name);
	}
	if (r->synopsis != NULL && r->synopsis[0] != '\0')
		sb_buf_printf(b, " \xe2\x80\x94 %s", r->synopsis);
	sb_buf_puts(b, "\n");
}

static void
take_strip(struct ics *x)
{
	const struct sb_strip_row *r = &x->cur.row;
	int scene = strcmp(r->type, "banner") != 0;

	stamp_raise(x, ST_STRIP, r->strip_id);
	if (x->el.id != 0) {
		/* an element's feed: only the strips that call it */
		if (!scene || r->omitted || !names_element(x))
			return;
		x->works = 1;
	}
	strip_line(x);
	if (!scene || r->omitted)
		return;
	x->strips++;
	if (r->has_eighths)
		x->eighths += r->eighths;
	/* a strip on two sets has them joined by "; ": each counts once */
	if (r->set != NULL) {
		const char *p = r->set, *semi;

		while ((semi = strstr(p, "; ")) != NULL) {
			char one[1024];

			snprintf(one, sizeof(one), "%.*s", (int)(semi - p), p);
			list_add(&x->sets, one);
			p = semi + 2;
		}
		list_add(&x->sets, p);
	}
	list_add(&x->scenes, r->scene);
}

/* The day break: the day's event, if it is one for this feed. */
static void
day_event(struct ics *x)
{
	const struct sb_board_cur *c = &x->cur;
	char uid[512], pages[SB_EIGHTHS_BUFSZ];
	struct sb_buf sum;
	icalcomponent *ev;

	if (!c->has_date || (x->el.id != 0 && !x->works)) {
		day_reset(x);
		return;
	}
	stamp_raise(x, ST_DAY, c->day_id);
	if (!x->have_first)
		x->first = c->date;
	x->have_first = 1;
	x->last = c->date;
	sb_buf_init(&sum);
	if (x->el.id != 0)
		sb_buf_printf(&sum, "%s \xc2\xb7 ", x->el.name);
	sb_buf_printf(&sum, "Day %lld \xc2\xb7 %s pgs", (long long)c->day_no,
	    sb_eighths_format(x->el.id != 0 ? x->eighths : c->day_eighths, pages,
	    sizeof(pages)));
	if (x->el.id != 0 && x->scenes.len > 0) {
		sb_buf_puts(&sum, " \xc2\xb7 sc. ");
		list_join(&x->scenes, &sum);
	}
	if (x->sets.len > 0) {
		sb_buf_puts(&sum, " \xc2\xb7 ");
		list_join(&x->sets, &sum);
	}
	if (x->el.id != 0)
		snprintf(uid, sizeof(uid), "sb-%s-day-%lld-%s@stripboard", x->board_uid,
		    (long long)c->day_no, x->el.uid);
	else
		snprintf(uid, sizeof(uid), "sb-%s-day-%lld@stripboard", x->board_uid,
		    (long long)c->day_no);
	if (x->desc.len == 0)
		sb_buf_puts(&x->desc, "No strips.\n");
	else
		x->desc.data[--x->desc.len] = '\0';  /* the last newline */
	if (sum.failed || x->desc.failed || x->sets.failed || x->scenes.failed) {
		x->oom = 1;
	} else {
		char head[256];

		ev = event_new(x, uid, c->date, sb_buf_str(&sum));
		snprintf(head, sizeof(head), "Shoot day %lld of %s", (long long)c->day_no,
		    c->board_name);
		if (ev != NULL) {
			struct sb_buf d;
			const char *text;

			sb_buf_init(&d);
			sb_buf_printf(&d, "%s\n%s", head, sb_buf_str(&x->desc));
			text = d.failed ? NULL : clean(x, sb_buf_str(&d));
			add(x, ev, text != NULL ? icalproperty_new_description(text) : NULL);
			sb_buf_free(&d);
		}
		emit(x, ev, 0);
		x->events++;
	}
	sb_buf_free(&sum);
	day_reset(x);
}

/* The company's holidays and travel days from lo to hi. */
static int
company_days(struct ics *x, sb_date lo, sb_date hi)
{
	static const char sql[] =
	    "SELECT cd.date, cd.kind, cd.name, cd.id FROM board b"
	    " JOIN calendar_day cd ON cd.calendar_id = b.calendar_id"
	    " WHERE b.id = ?1 AND cd.kind IN ('holiday', 'travel')"
	    " AND cd.date BETWEEN ?2 AND ?3 ORDER BY cd.date, cd.rank, cd.id";
	sb_st *st = sb_stmt(x->ctx, sql);
	char from[SB_DATE_BUFSZ], to[SB_DATE_BUFSZ], seen[SB_DATE_BUFSZ] = "";
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, x->cur.board_id);
	sb_bind_text(st, 2, sb_date_format(lo, from, sizeof(from)));
	sb_bind_text(st, 3, sb_date_format(hi, to, sizeof(to)));
	while ((rc = sb_step(st)) == SQLITE_ROW && !x->oom) {
		const char *date = (const char *)sb_col_text(st, 0);
		const char *kind = (const char *)sb_col_text(st, 1);
		const char *name = (const char *)sb_col_text(st, 2);
		int holiday = strcmp(kind, "holiday") == 0;
		char uid[512], sum[512], compact[9];
		sb_date d;

		/* one event a date: the first entry of it says what it is */
		if (sb_date_parse(date, &d) != SB_OK || strcmp(date, seen) == 0 ||
		    sb_calendar_kind(x->cur.cal, d) != (holiday ? SB_CAL_HOLIDAY : SB_CAL_TRAVEL))
			continue;
		sb_date_format(d, seen, sizeof(seen));
		snprintf(x->at, sizeof(x->at), "%s", x->base);
		stamp_raise(x, ST_CALDAY, sb_col_int64(st, 3));
		snprintf(compact, sizeof(compact), "%.4s%.2s%.2s", seen, seen + 5, seen + 8);
		snprintf(uid, sizeof(uid), "sb-%s-%s-%s%s%s@stripboard", x->board_uid,
		    holiday ? "holiday" : "travel", compact, x->el.id != 0 ? "-" : "",
		    x->el.id != 0 ? x->el.uid : "");
		if (name != NULL && name[0] != '\0' && strcasecmp(name, kind) != 0 &&
		    strcasecmp(name, "doodTravel") != 0)
			snprintf(sum, sizeof(sum), "%s: %s", holiday ? "Holiday" : "Travel day",
			    name);
		else
			snprintf(sum, sizeof(sum), "%s", holiday ? "Holiday" : "Travel day");
		emit(x, event_new(x, uid, d, sum), 0);
		x->events++;
	}
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(x->ctx, "calendar days");
	return SB_OK;
}

/* The element's own dated events: travel, rehearsal, fitting... */
static int
element_events(struct ics *x)
{
	static const char sql[] =
	    "SELECT rank, uid, type, name, date, id FROM element_event"
	    " WHERE element_id = ?1 AND date IS NOT NULL ORDER BY date, rank, id";
	sb_st *st = sb_stmt(x->ctx, sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, x->el.id);
	while ((rc = sb_step(st)) == SQLITE_ROW && !x->oom) {
		const char *euid = (const char *)sb_col_text(st, 1);
		const char *type = (const char *)sb_col_text(st, 2);
		const char *name = (const char *)sb_col_text(st, 3);
		const char *what = name != NULL && name[0] != '\0' ? name :
		    type != NULL ? type : "event";
		char uid[512], sum[512], rank[32];
		sb_date d;

		if (sb_date_parse((const char *)sb_col_text(st, 4), &d) != SB_OK)
			continue;
		snprintf(x->at, sizeof(x->at), "%s", x->base);
		stamp_raise(x, ST_ELEVENT, sb_col_int64(st, 5));
		snprintf(rank, sizeof(rank), "%lld", (long long)sb_col_int64(st, 0));
		snprintf(uid, sizeof(uid), "sb-%s-event-%s@stripboard", x->el.uid,
		    euid != NULL && euid[0] != '\0' ? euid : rank);
		snprintf(sum, sizeof(sum), "%s \xc2\xb7 %s", x->el.name,
		    strcasecmp(what, "dayOff") == 0 ? "day off" : what);
		emit(x, event_new(x, uid, d, sum), 0);
		x->events++;
	}
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(x->ctx, "element events");
	return SB_OK;
}

static int
head(struct ics *x)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalproperty *name;
	char prodid[128], calname[1024];
	const char *title = NULL;
	sb_st *st = sb_stmt(x->ctx,
	    "SELECT coalesce(nullif(title, ''), name) FROM project WHERE id = ?1");

	if (st == NULL) {
		icalcomponent_free(cal);
		return SB_EFAIL;
	}
	sb_bind_int64(st, 1, x->cur.project_id);
	if (sb_step(st) == SQLITE_ROW)
		title = (const char *)sb_col_text(st, 0);
	snprintf(calname, sizeof(calname), "%s \xe2\x80\x94 %s%s%s", title != NULL ? title : "",
	    x->cur.board_name, x->el.id != 0 ? " \xe2\x80\x94 " : "",
	    x->el.id != 0 ? x->el.name : "");
	sb_reset(st);
	snprintf(prodid, sizeof(prodid), "-//stripboard//sb-report %s//EN", sb_version());
	add(x, cal, icalproperty_new_prodid(prodid));
	add(x, cal, icalproperty_new_version("2.0"));
	add(x, cal, icalproperty_new_calscale("GREGORIAN"));
	if ((title = clean(x, calname)) == NULL)
		name = NULL;
	else if ((name = icalproperty_new_x(title)) != NULL)
		icalproperty_set_x_name(name, "X-WR-CALNAME");
	add(x, cal, name);
	emit(x, cal, 1);
	return SB_OK;
}

int
sb_report_ics(sb_ctx *ctx, int64_t project_id, const char *board,
    const char *element, FILE *out)
{
	struct ics x;
	char why[256];
	int rc, ev = SB_CUR_END;

	if (sb_ical_load(why, sizeof(why)) != 0)
		return sb_err(ctx, SB_EFAIL, "cannot load libical: %s", why);
	memset(&x, 0, sizeof(x));
	x.ctx = ctx;
	x.out = out;
	sb_buf_init(&x.desc);
	sb_buf_init(&x.scratch);
	sb_buf_init(&x.sets);
	sb_buf_init(&x.scenes);
	if ((rc = sb_board_open(ctx, project_id, board, &x.cur)) != SB_OK)
		return rc;
	x.cur.schedule_only = 1;
	/* a viewer of the board reads it (sb-perm(1)) */
	if ((rc = sb_perm_require(ctx, SB_ACT_READ, &(struct sb_scope){ project_id,
	    x.cur.board_id, 0, 0 })) != SB_OK ||
	    (rc = load_board_uid(&x)) != SB_OK || (rc = load_stamps(&x)) != SB_OK ||
	    (element != NULL && (rc = find_element(&x, element)) != SB_OK))
		goto done;
	if (x.cur.cal == NULL) {
		rc = sb_err(ctx, SB_EDATA, "board \"%s\" has no calendar with a start "
		    "date, so its shoot days have no dates (sb-day calendar --start sets "
		    "one)", x.cur.board_name);
		goto done;
	}
	if ((rc = head(&x)) != SB_OK)
		goto done;
	while (!x.oom && (ev = sb_board_next(&x.cur)) > 0) {
		if (ev == SB_CUR_STRIP)
			take_strip(&x);
		else
			day_event(&x);
	}
	if (!x.oom && (rc = ev) != SB_OK)
		goto done;
	if (!x.oom && x.el.id != 0)
		rc = element_events(&x);
	if (rc == SB_OK && !x.oom && x.have_first)
		rc = company_days(&x, x.el.id != 0 ? x.first : x.first - AROUND_DAYS,
		    x.el.id != 0 ? x.last : x.last + AROUND_DAYS);
	if (rc != SB_OK)
		goto done;
	if (x.oom) {
		rc = sb_err(ctx, SB_EFAIL, "out of memory");
		goto done;
	}
	fputs("END:VCALENDAR\r\n", out);
	if (ferror(out))
		rc = sb_err(ctx, SB_EFAIL, "write error");
done:
	sb_buf_free(&x.desc);
	sb_buf_free(&x.scratch);
	sb_buf_free(&x.sets);
	sb_buf_free(&x.scenes);
	free(x.board_uid);
	free(x.stamps);
	free(x.el.uid);
	free(x.el.name);
	sb_board_close(&x.cur);
	return rc;
}

int
rep_ics(struct rep_run *run)
{
	return sb_report_ics(run->ctx, run->project_id, run->o->board, run->o->element,
	    run->out);
}
