/*
 * op_report_flags.c - sb-report flags: what a scheduler must look at, each
 * with its day, its strips and its rule, in day order:
 *
 *   omitted        a scene the script omitted is scheduled;
 *   day-off        a cast member works on one of their days off (the
 *                  element's weekly days off, or a day-off event of theirs);
 *   red-flag       an element works on a date a red flag of a Movie Magic
 *                  file names for it (RedFlagEntry, kept by the .msd import
 *                  in the project's meta as "_msdRedFlags");
 *   short-gap      a cast member who may be dropped is off for a gap of at
 *                  least --min-gap calendar days (default 5) but shorter
 *                  than their drop-day count: held, paid for nothing;
 *   second-drop    a gap long enough to drop, after the drop allowed
 *                  (--drops, default 1): held;
 *   pages, time    a day over --max-pages or --max-hours;
 *   day-night      a day mixing day and night scenes;
 *   company-move   a day at more locations than --max-locations (default 1);
 *                  without locations, the place a set names first ("BANK"
 *                  of "BANK - POTTER'S OFFICE").
 *
 * The days are walked with the board cursor; each cast member's days come
 * from the strip_element index, one member at a time.  Flags are few: they
 * are gathered, sorted by day, then written.
 */
#include <config.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "board_priv.h"
#include "report_priv.h"

enum { C_DAY, C_DATE, C_RULE, C_ELEMENT, C_SCENES, C_MESSAGE, NC };

static const struct rep_col cols[] = {
	[C_DAY] = { "day", NULL, 4, REP_NUM, NULL },
	[C_DATE] = { "date", NULL, 10, 0, NULL },
	[C_RULE] = { "rule", NULL, 12, 0, NULL },
	[C_ELEMENT] = { "element", NULL, 14, 0, NULL },
	[C_SCENES] = { "scenes", NULL, 14, 0, NULL },
	[C_MESSAGE] = { "message", NULL, 0, 0, NULL },
};

/* In the order of the rules above: the order of a day's flags. */
enum { R_OMITTED, R_DAY_OFF, R_RED_FLAG, R_SHORT_GAP, R_SECOND_DROP, R_PAGES,
	R_TIME, R_DAY_NIGHT, R_MOVE };
static const char *const rule_name[] = { "omitted", "day-off", "red-flag",
	"short-gap", "second-drop", "pages", "time", "day-night", "company-move" };

struct flag {
	int32_t day;
	int rule;
	size_t seq;
	char *element, *scenes, *message;
};

struct flags {
	struct rep_run *run;
	sb_ctx *ctx;
	struct rep_days days;
	struct flag *f;
	size_t n, cap;
	int failed;
};

static void
add(struct flags *fl, int32_t day, int rule, const char *element, const char *scenes,
    struct sb_buf *msg)
{
	struct flag *f;

	if (fl->n == fl->cap) {
		void *p = realloc(fl->f, (fl->cap = fl->cap ? fl->cap * 2 : 32) *
		    sizeof(*fl->f));

		if (p == NULL) {
			fl->failed = 1;
			return;
		}
		fl->f = p;
	}
	f = &fl->f[fl->n];
	f->day = day;
	f->rule = rule;
	f->seq = fl->n;
	f->element = element != NULL ? sb_strdup(element) : NULL;
	f->scenes = scenes != NULL && scenes[0] != '\0' ? sb_strdup(scenes) : NULL;
	f->message = sb_strdup(sb_buf_str(msg));
	fl->n++;
	if ((element != NULL && f->element == NULL) || f->message == NULL || msg->failed ||
	    (scenes != NULL && scenes[0] != '\0' && f->scenes == NULL))
		fl->failed = 1;
}

static int
flag_cmp(const void *a, const void *b)
{
	const struct flag *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* What a day/night value is: 1 day, 2 night, 0 neither (dusk, dawn...). */
static int
day_or_night(const char *dn)
{
	if (dn == NULL)
		return 0;
	if (strcasestr(dn, "NIGHT") != NULL)
		return 2;
	if (strcasestr(dn, "DAY") != NULL || strcasestr(dn, "MORNING") != NULL ||
	    strcasestr(dn, "AFTERNOON") != NULL || strcasestr(dn, "NOON") != NULL)
		return 1;
	return 0;
}

struct day {
	struct sb_buf scenes, omitted, day_scenes, night_scenes, places;
	size_t nplaces;
};

static void
day_init(struct day *d)
{
	sb_buf_init(&d->scenes);
	sb_buf_init(&d->omitted);
	sb_buf_init(&d->day_scenes);
	sb_buf_init(&d->night_scenes);
	sb_buf_init(&d->places);
	d->nplaces = 0;
}

static void
day_free(struct day *d)
{
	sb_buf_free(&d->scenes);
	sb_buf_free(&d->omitted);
	sb_buf_free(&d->day_scenes);
	sb_buf_free(&d->night_scenes);
	sb_buf_free(&d->places);
}

static void
list_add(struct sb_buf *b, const char *s)
{
	if (b->len > 0)
		sb_buf_puts(b, ", ");
	sb_buf_puts(b, s != NULL && s[0] != '\0' ? s : "-");
}

/* Add a place to "A; B" once. */
static void
place_add(struct day *d, const char *p)
{
	const char *have = sb_buf_str(&d->places);
	size_t n = strlen(p);

	for (const char *s = have; *s != '\0';) {
		const char *e = strstr(s, "; ");
		size_t len = e != NULL ? (size_t)(e - s) : strlen(s);

		if (len == n && strncmp(s, p, n) == 0)
			return;
		s += len;
		if (*s != '\0')
			s += 2;
	}
	if (d->places.len > 0)
		sb_buf_puts(&d->places, "; ");
	sb_buf_puts(&d->places, p);
	d->nplaces++;
}

/*
 * The places of a strip: its locations, else where its sets are: a set
 * "BANK - POTTER'S OFFICE" is at "BANK" (sets are named place first), so
 * two rooms of one place are no company move.  Several are joined by "; ".
 */
static void
places(struct day *d, const struct sb_strip_row *r)
{
	int loc = r->location != NULL && r->location[0] != '\0';
	const char *text = loc ? r->location : r->set;
	char *copy;

	if (text == NULL || text[0] == '\0')
		return;
	if ((copy = sb_strdup(text)) == NULL) {
		d->places.failed = 1;
		return;
	}
	for (char *p = copy, *next; p != NULL; p = next) {
		char *dash;

		if ((next = strstr(p, "; ")) != NULL) {
			*next = '\0';
			next += 2;
		}
		if (!loc && (dash = strstr(p, " - ")) != NULL)
			*dash = '\0';
		if (*p != '\0')
			place_add(d, p);
	}
	free(copy);
}

static int
walk_days(struct flags *fl)
{
	const struct sb_report_opts *o = fl->run->o;
	int64_t max_places = o->max_locations > 0 ? o->max_locations : 1;
	struct sb_board_cur cur;
	struct day d;
	int rc, step;

	if ((rc = sb_board_open(fl->ctx, fl->run->project_id, o->board, &cur)) != SB_OK)
		return rc;
	cur.schedule_only = 1;
	day_init(&d);
	while ((step = sb_board_next(&cur)) > 0) {
		const struct sb_strip_row *r = &cur.row;
		int32_t no = (int32_t)cur.day_no;
		struct sb_buf m;

		if (!cur.day_shoot)
			continue;
		if (step == SB_CUR_STRIP) {
			if (strcmp(r->type, "banner") == 0)
				continue;
			if (r->omitted) {
				list_add(&d.omitted, r->scene);
				continue;
			}
			list_add(&d.scenes, r->scene);
			if (day_or_night(r->day_night) == 1)
				list_add(&d.day_scenes, r->scene);
			else if (day_or_night(r->day_night) == 2)
				list_add(&d.night_scenes, r->scene);
			places(&d, r);
			continue;
		}
		/* the day is over */
		sb_buf_init(&m);
		if (d.omitted.len > 0) {
			sb_buf_printf(&m, "scheduled, but omitted from the script: scene%s %s",
			    strchr(sb_buf_str(&d.omitted), ',') ? "s" : "",
			    sb_buf_str(&d.omitted));
			add(fl, no, R_OMITTED, NULL, sb_buf_str(&d.omitted), &m);
			m.len = 0;
		}
		if (o->max_eighths > 0 && cur.day_eighths > o->max_eighths) {
			char a[SB_EIGHTHS_BUFSZ], b[SB_EIGHTHS_BUFSZ];

			sb_buf_printf(&m, "%s pages, over the limit of %s",
			    sb_eighths_format(cur.day_eighths, a, sizeof(a)),
			    sb_eighths_format(o->max_eighths, b, sizeof(b)));
			add(fl, no, R_PAGES, NULL, sb_buf_str(&d.scenes), &m);
			m.len = 0;
		}
		if (o->max_minutes > 0 && cur.day_est_ms > o->max_minutes * 60000) {
			int64_t min = (cur.day_est_ms + 30000) / 60000;

			sb_buf_printf(&m, "an estimated %lld:%02lld, over the limit of "
			    "%lld:%02lld", (long long)(min / 60), (long long)(min % 60),
			    (long long)(o->max_minutes / 60), (long long)(o->max_minutes % 60));
			add(fl, no, R_TIME, NULL, sb_buf_str(&d.scenes), &m);
			m.len = 0;
		}
		if (d.day_scenes.len > 0 && d.night_scenes.len > 0) {
			sb_buf_printf(&m, "day and night work: day scene%s %s, night scene%s %s",
			    strchr(sb_buf_str(&d.day_scenes), ',') ? "s" : "",
			    sb_buf_str(&d.day_scenes),
			    strchr(sb_buf_str(&d.night_scenes), ',') ? "s" : "",
			    sb_buf_str(&d.night_scenes));
			add(fl, no, R_DAY_NIGHT, NULL, sb_buf_str(&d.scenes), &m);
			m.len = 0;
		}
		if ((int64_t)d.nplaces > max_places) {
			sb_buf_printf(&m, "a company move: %zu locations (more than %lld): %s",
			    d.nplaces, (long long)max_places, sb_buf_str(&d.places));
			add(fl, no, R_MOVE, NULL, sb_buf_str(&d.scenes), &m);
		}
		sb_buf_free(&m);
		if (d.scenes.failed || d.omitted.failed || d.places.failed ||
		    d.day_scenes.failed || d.night_scenes.failed)
			fl->failed = 1;
		day_free(&d);
		day_init(&d);
		if (fl->failed)
			break;
	}
	day_free(&d);
	sb_board_close(&cur);
	if (step < 0)
		return step;
	return fl->failed ? sb_err(fl->ctx, SB_EFAIL, "out of memory") : SB_OK;
}

struct wday {
	int32_t no;
	char *scene;
};

static int
wday_cmp(const void *a, const void *b)
{
	const struct wday *x = a, *y = b;

	if (x->no != y->no)
		return x->no < y->no ? -1 : 1;
	return sb_scene_cmp(x->scene, y->scene);
}

/* One cast member: their days off worked, their gaps. */
static int
check_element(struct flags *fl, const struct rep_el *e, struct wday **wd, size_t *cap)
{
	static const char days_sql[] =
	    "SELECT p.day_id, s.scene FROM strip_element se JOIN strip s ON s.id = se.strip_id"
	    " JOIN placement p ON p.strip_id = s.id AND p.board_id = ?2"
	    " WHERE se.element_id = ?1 AND s.omitted = 0";
	static const char off_sql[] =
	    "SELECT type, name, date FROM element_event WHERE element_id = ?1"
	    " AND date IS NOT NULL";
	const struct sb_report_opts *o = fl->run->o;
	int64_t drop_days = e->drop_days >= 0 ? e->drop_days : o->drop_days > 0 ?
	    o->drop_days : 10;
	int64_t min_gap = o->min_gap > 0 ? o->min_gap : 5;
	int64_t max_drops = o->drops != 0 ? o->drops : 1, drops = 0;
	size_t n = 0;
	sb_st *st = sb_stmt(fl->ctx, days_sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, e->id);
	sb_bind_int64(st, 2, fl->days.board_id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		int32_t no = rep_day_no(&fl->days, sb_col_int64(st, 0));
		const char *scene = (const char *)sb_col_text(st, 1);

		if (no == 0)
			continue;
		if (n == *cap) {
			void *p = realloc(*wd, (*cap = *cap ? *cap * 2 : 64) * sizeof(**wd));

			if (p == NULL) {
				sb_reset(st);
				rc = sb_err(fl->ctx, SB_EFAIL, "out of memory");
				goto out;
			}
			*wd = p;
		}
		(*wd)[n].no = no;
		if (((*wd)[n].scene = sb_strdup(scene != NULL ? scene : "")) == NULL) {
			sb_reset(st);
			rc = sb_err(fl->ctx, SB_EFAIL, "out of memory");
			goto out;
		}
		n++;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		rc = sb_sqlerr(fl->ctx, "element days");
		goto out;
	}
	rc = SB_OK;
	if (n > 1)
		qsort(*wd, n, sizeof(**wd), wday_cmp);

	/* days off: weekly, and day-off events */
	for (size_t i = 0; i < n; i++) {
		sb_date date = fl->days.dates[(*wd)[i].no - 1];
		struct sb_buf m;

		if (i > 0 && (*wd)[i].no == (*wd)[i - 1].no)
			continue;
		if (!(e->days_off & (1u << sb_date_weekday(date))))
			continue;
		sb_buf_init(&m);
		sb_buf_printf(&m, "%s works on a %s, one of their days off",
		    e->name, rep_weekday[sb_date_weekday(date)]);
		add(fl, (*wd)[i].no, R_DAY_OFF, e->name, (*wd)[i].scene, &m);
		sb_buf_free(&m);
	}
	if ((st = sb_stmt(fl->ctx, off_sql)) == NULL) {
		rc = SB_EFAIL;
		goto out;
	}
	sb_bind_int64(st, 1, e->id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sb_col_text(st, 0);
		const char *name = (const char *)sb_col_text(st, 1);
		sb_date date;

		if (dood_event_kind(type, name) != DOOD_EV_DAY_OFF ||
		    sb_date_parse((const char *)sb_col_text(st, 2), &date) != SB_OK)
			continue;
		for (size_t i = 0; i < n; i++) {
			struct sb_buf m;

			if (fl->days.dates[(*wd)[i].no - 1] != date ||
			    (i > 0 && (*wd)[i].no == (*wd)[i - 1].no))
				continue;
			sb_buf_init(&m);
			sb_buf_printf(&m, "%s works on a day off of theirs (\"%s\")", e->name,
			    name != NULL && name[0] != '\0' ? name : type != NULL ? type : "");
			add(fl, (*wd)[i].no, R_DAY_OFF, e->name, (*wd)[i].scene, &m);
			sb_buf_free(&m);
		}
	}
	sb_reset(st);
	if (rc != SQLITE_DONE) {
		rc = sb_sqlerr(fl->ctx, "element events");
		goto out;
	}
	rc = SB_OK;

	/* gaps between work days, for a member who may be dropped */
	for (size_t i = 1; e->is_drop && i < n; i++) {
		sb_date a, b;
		int64_t gap;
		struct sb_buf m;

		if ((*wd)[i].no == (*wd)[i - 1].no)
			continue;
		a = fl->days.dates[(*wd)[i - 1].no - 1];
		b = fl->days.dates[(*wd)[i].no - 1];
		gap = (int64_t)b - a - 1;
		sb_buf_init(&m);
		if (gap >= drop_days) {
			if (max_drops < 0 || drops < max_drops) {
				drops++;
				sb_buf_free(&m);
				continue;
			}
			sb_buf_printf(&m, "%s is off %lld calendar days after day %d, long "
			    "enough to drop, but the %lld drop%s allowed %s used: held",
			    e->name, (long long)gap, (int)(*wd)[i - 1].no,
			    (long long)max_drops, max_drops == 1 ? "" : "s",
			    max_drops == 1 ? "is" : "are");
			add(fl, (*wd)[i].no, R_SECOND_DROP, e->name, (*wd)[i].scene, &m);
		} else if (gap >= min_gap) {
			sb_buf_printf(&m, "%s is off %lld calendar days after day %d, fewer "
			    "than their drop-day count (%lld): held, not dropped", e->name,
			    (long long)gap, (int)(*wd)[i - 1].no, (long long)drop_days);
			add(fl, (*wd)[i].no, R_SHORT_GAP, e->name, (*wd)[i].scene, &m);
		}
		sb_buf_free(&m);
	}
out:
	for (size_t i = 0; i < n; i++)
		free((*wd)[i].scene);
	if (rc == SB_OK && fl->failed)
		rc = sb_err(fl->ctx, SB_EFAIL, "out of memory");
	return rc;
}

/*
 * One red flag kept from a Movie Magic file: the strips of the shoot days
 * on its date that name its element (of its category, when it names one).
 */
static int
red_flag(struct flags *fl, json_t *entry)
{
	static const char sql[] =
	    "SELECT s.scene FROM element e JOIN category c ON c.id = e.category_id"
	    " JOIN strip_element se ON se.element_id = e.id"
	    " JOIN strip s ON s.id = se.strip_id AND s.omitted = 0"
	    " JOIN placement p ON p.strip_id = s.id AND p.board_id = ?2 AND p.day_id = ?3"
	    " WHERE e.project_id = ?1 AND e.name = ?4 AND (?5 IS NULL OR c.name = ?5)"
	    " ORDER BY s.id";
	const char *el = json_string_value(json_object_get(entry, "Element"));
	const char *cat = json_string_value(json_object_get(entry, "Category"));
	const char *date_s = json_string_value(json_object_get(entry, "Date"));
	const char *name = json_string_value(json_object_get(entry, "Name"));
	const char *note = json_string_value(json_object_get(entry, "Note"));
	sb_date date;
	int rc = SB_OK;

	if (el == NULL || el[0] == '\0' || date_s == NULL ||
	    (sb_date_parse_mdy(date_s, &date) != SB_OK && sb_date_parse(date_s, &date) != SB_OK))
		return SB_OK;    /* a flag of no element, or on no date it can be */
	if (cat != NULL && cat[0] == '\0')
		cat = NULL;
	for (size_t i = 0; i < fl->days.n; i++) {
		struct sb_buf scenes, m;
		sb_st *st;

		if (fl->days.dates[i] != date)
			continue;
		if ((st = sb_stmt(fl->ctx, sql)) == NULL)
			return SB_EFAIL;
		sb_bind_int64(st, 1, fl->run->project_id);
		sb_bind_int64(st, 2, fl->days.board_id);
		sb_bind_int64(st, 3, fl->days.ids[i]);
		sb_bind_text(st, 4, el);
		if (cat != NULL)
			sb_bind_text(st, 5, cat);
		else
			sb_bind_null(st, 5);
		sb_buf_init(&scenes);
		while ((rc = sb_step(st)) == SQLITE_ROW)
			list_add(&scenes, (const char *)sb_col_text(st, 0));
		sb_reset(st);
		if (rc != SQLITE_DONE) {
			sb_buf_free(&scenes);
			return sb_sqlerr(fl->ctx, "red flag");
		}
		rc = SB_OK;
		if (scenes.len > 0) {
			sb_buf_init(&m);
			sb_buf_printf(&m, "%s works on a red-flag date", el);
			if (name != NULL && name[0] != '\0')
				sb_buf_printf(&m, ": %s", name);
			if (note != NULL && note[0] != '\0')
				sb_buf_printf(&m, " (%s)", note);
			add(fl, (int32_t)(i + 1), R_RED_FLAG, el, sb_buf_str(&scenes), &m);
			sb_buf_free(&m);
		}
		if (scenes.failed)
			fl->failed = 1;
		sb_buf_free(&scenes);
	}
	return fl->failed ? sb_err(fl->ctx, SB_EFAIL, "out of memory") : rc;
}

/* The red flags kept from a Movie Magic file, if any. */
static int
red_flags(struct flags *fl)
{
	static const char sql[] = "SELECT meta FROM project WHERE id = ?1";
	sb_st *st = sb_stmt(fl->ctx, sql);
	json_t *meta = NULL, *entry;
	size_t i;
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, fl->run->project_id);
	rc = sb_step(st);
	if (rc == SQLITE_ROW && sb_col_text(st, 0) != NULL)
		meta = json_loads((const char *)sb_col_text(st, 0), 0, NULL);
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(fl->ctx, "project");
	rc = SB_OK;
	json_array_foreach(json_object_get(meta, "_msdRedFlags"), i, entry)
		if (json_is_object(entry) && (rc = red_flag(fl, entry)) != SB_OK)
			break;
	json_decref(meta);
	return rc;
}

int
rep_flags(struct rep_run *run)
{
	struct flags fl;
	struct rep_el *els = NULL;
	struct wday *wd = NULL;
	struct rep_table t;
	int64_t *cats = NULL;
	size_t ncats = 0, nels = 0, cap = 0;
	int rc;

	memset(&fl, 0, sizeof(fl));
	fl.run = run;
	fl.ctx = run->ctx;
	if ((rc = rep_days_load(run->ctx, run->project_id, run->o->board, &fl.days)) != SB_OK)
		goto out;
	if ((rc = walk_days(&fl)) != SB_OK)
		goto out;
	/* the cast's rules need dates; a project without a cast has none */
	if (fl.days.cal != NULL &&
	    rep_categories(run->ctx, run->project_id, NULL, &cats, &ncats) == SB_OK) {
		if ((rc = rep_elements_load(run->ctx, cats, ncats, &els, &nels)) != SB_OK)
			goto out;
		for (size_t i = 0; i < nels && rc == SB_OK; i++)
			rc = check_element(&fl, &els[i], &wd, &cap);
		if (rc != SB_OK)
			goto out;
	}
	/* red-flag dates need dates too */
	if (fl.days.cal != NULL && (rc = red_flags(&fl)) != SB_OK)
		goto out;
	if (fl.n > 1)
		qsort(fl.f, fl.n, sizeof(*fl.f), flag_cmp);
	memset(&t, 0, sizeof(t));
	t.report = "flags";
	t.title = "Red Flags";
	t.board = fl.days.board_name;
	t.ncols = NC;
	t.cols = cols;
	if ((rc = rep_begin(run, &t)) != SB_OK)
		goto out;
	for (size_t i = 0; i < fl.n && rc == SB_OK; i++) {
		const struct flag *f = &fl.f[i];
		char day[24], date[SB_DATE_BUFSZ] = "";
		const char *cells[NC];

		snprintf(day, sizeof(day), "%d", (int)f->day);
		if (fl.days.cal != NULL)
			sb_date_format(fl.days.dates[f->day - 1], date, sizeof(date));
		cells[C_DAY] = day;
		cells[C_DATE] = date[0] != '\0' ? date : NULL;
		cells[C_RULE] = rule_name[f->rule];
		cells[C_ELEMENT] = f->element;
		cells[C_SCENES] = f->scenes;
		cells[C_MESSAGE] = f->message;
		rc = rep_row(run, "flag", cells, NULL);
	}
	if (rc == SB_OK)
		rc = rep_end(run);
out:
	for (size_t i = 0; i < fl.n; i++) {
		free(fl.f[i].element);
		free(fl.f[i].scenes);
		free(fl.f[i].message);
	}
	free(fl.f);
	free(wd);
	free(cats);
	rep_elements_free(els, nels);
	rep_days_free(&fl.days);
	return rc;
}
