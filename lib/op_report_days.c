/*
 * op_report_days.c - the reports that walk a board day by day:
 *
 * oneliner: each shoot day's header (day, date, strips, pages, estimated
 *   time), one line per strip (scene, INT/EXT, set, D/N, pages, cast
 *   numbers, synopsis) and banners in board order, the end-of-day line,
 *   holidays, travel and days off marked in the calendar between shoot
 *   days, and a footer with the days, strips and pages of the board;
 * schedule: the same days, each strip followed by its elements, one line
 *   per category (cast as "1. GEORGE").
 *
 * The board cursor (store_board.c) steps the strips; a day's rows are held
 * until the day ends, because its header carries its totals, so memory
 * follows the largest day, not the board.  Omitted scenes are listed,
 * marked, and count for nothing.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "board_priv.h"
#include "flat_priv.h"
#include "report_priv.h"

enum { C_DAY, C_DATE, C_SCENE, C_IE, C_SET, C_DN, C_PAGES, C_EST, C_STRIPS,
	C_CAST, C_CATEGORY, C_ELEMENTS, C_SYNOPSIS, NC };

static const struct rep_col oneliner_cols[] = {
	[C_DAY] = { "day", NULL, 3, REP_NUM | REP_HIDDEN, NULL },
	[C_DATE] = { "date", NULL, 10, REP_HIDDEN, NULL },
	[C_SCENE] = { "scene", NULL, 6, 0, NULL },
	[C_IE] = { "int_ext", "I/E", 4, 0, NULL },
	[C_SET] = { "set", NULL, 28, 0, NULL },
	[C_DN] = { "day_night", "D/N", 6, 0, NULL },
	[C_PAGES] = { "pages", NULL, 6, 0, NULL },
	[C_EST] = { "est_minutes", NULL, 5, REP_NUM | REP_HIDDEN, NULL },
	[C_STRIPS] = { "strips", NULL, 4, REP_NUM | REP_HIDDEN, NULL },
	[C_CAST] = { "cast", NULL, 14, 0, NULL },
	[C_CATEGORY] = { "category", NULL, 14, REP_HIDDEN, NULL },
	[C_ELEMENTS] = { "elements", NULL, 20, REP_HIDDEN, NULL },
	[C_SYNOPSIS] = { "synopsis", NULL, 0, 0, NULL },
};

/* The schedule's table is its lines alone. */
static struct rep_col schedule_cols[NC];

struct held {
	const char *kind;
	char *cells[NC];
	char *line;
};

struct walk {
	struct rep_run *run;
	int schedule;           /* the shooting schedule, else the one-liner */
	struct held *rows;
	size_t n, cap;
	int failed;
	sb_date last_date;      /* the last shoot day's date, 0 before */
	int64_t days, strips, eighths, est_ms;
};

static void
held_clear(struct walk *w)
{
	for (size_t i = 0; i < w->n; i++) {
		for (size_t c = 0; c < NC; c++)
			free(w->rows[i].cells[c]);
		free(w->rows[i].line);
	}
	w->n = 0;
}

/* Hold a row; texts copied, NULL stays NULL. */
static struct held *
hold(struct walk *w, const char *kind)
{
	struct held *h;

	if (w->n == w->cap) {
		void *p = realloc(w->rows, (w->cap = w->cap ? w->cap * 2 : 32) *
		    sizeof(*w->rows));

		if (p == NULL) {
			w->failed = 1;
			return NULL;
		}
		w->rows = p;
	}
	h = &w->rows[w->n++];
	memset(h, 0, sizeof(*h));
	h->kind = kind;
	return h;
}

static void
set(struct walk *w, struct held *h, int col, const char *s)
{
	if (h == NULL || s == NULL || s[0] == '\0')
		return;
	if ((h->cells[col] = sb_strdup(s)) == NULL)
		w->failed = 1;
}

static void
set_line(struct walk *w, struct held *h, struct sb_buf *b)
{
	if (h == NULL)
		return;
	if (b->failed || (h->line = sb_strdup(sb_buf_str(b))) == NULL)
		w->failed = 1;
}

static int
emit(struct walk *w, const char *kind, char *const *cells, const char *line)
{
	return rep_row(w->run, kind, (const char *const *)cells, line);
}

/* "1:30" of milliseconds, rounded to the minute; "" for none. */
static void
hm(char *buf, size_t size, int64_t ms)
{
	int64_t min = (ms + 30000) / 60000;

	if (ms <= 0)
		buf[0] = '\0';
	else
		snprintf(buf, size, "%lld:%02lld", (long long)(min / 60), (long long)(min % 60));
}

static int
id_cmp(const void *a, const void *b)
{
	return sb_scene_cmp(*(const char *const *)a, *(const char *const *)b);
}

static int
ref_cmp(const void *a, const void *b)
{
	const struct sb_element_ref *x = *(const struct sb_element_ref *const *)a;
	const struct sb_element_ref *y = *(const struct sb_element_ref *const *)b;

	return sb_scene_cmp(x->board_id, y->board_id);
}

/* Hold a strip (and, for the schedule, its elements by category). */
static void
take_strip(struct walk *w, const struct sb_board_cur *cur)
{
	const struct sb_strip_row *r = &cur->row;
	char pages[SB_EIGHTHS_BUFSZ], date[SB_DATE_BUFSZ] = "", day[24];
	const struct sb_element_ref **order;
	struct sb_buf cast, line;
	struct held *h;
	size_t nord;

	if (cur->has_date)
		sb_date_format(cur->date, date, sizeof(date));
	snprintf(day, sizeof(day), "%lld", (long long)cur->day_no);
	sb_buf_init(&line);
	if (strcmp(r->type, "banner") == 0) {
		h = hold(w, "banner");
		set(w, h, C_DAY, day);
		set(w, h, C_DATE, date);
		set(w, h, C_SYNOPSIS, r->banner_text);
		sb_buf_printf(&line, "  --- %s ---", r->banner_text != NULL ?
		    r->banner_text : "");
		set_line(w, h, &line);
		sb_buf_free(&line);
		return;
	}
	sb_buf_init(&cast);
	{
		/* cast numbers in order: 1,2,10 */
		const char **ids = r->nel > 0 ? malloc(r->nel * sizeof(*ids)) : NULL;
		size_t k = 0;

		if (r->nel > 0 && ids == NULL) {
			w->failed = 1;
			sb_buf_free(&line);
			sb_buf_free(&cast);
			return;
		}
		for (size_t e = 0; e < r->nel; e++) {
			const struct sb_element_ref *el = &r->el[e];

			if (el->cat >= 0 && cur->cats[el->cat].ucid == 100)
				ids[k++] = el->board_id[0] != '\0' ? el->board_id : el->name;
		}
		if (k > 1)
			qsort(ids, k, sizeof(*ids), id_cmp);
		for (size_t e = 0; e < k; e++) {
			if (cast.len > 0)
				sb_buf_puts(&cast, ",");
			sb_buf_puts(&cast, ids[e]);
		}
		free(ids);
	}
	if (r->has_eighths)
		sb_eighths_format(r->eighths, pages, sizeof(pages));
	else
		pages[0] = '\0';
	h = hold(w, "strip");
	set(w, h, C_DAY, day);
	set(w, h, C_DATE, date);
	set(w, h, C_SCENE, r->scene);
	set(w, h, C_IE, r->int_ext);
	set(w, h, C_SET, r->set);
	set(w, h, C_DN, r->day_night);
	set(w, h, C_PAGES, pages);
	set(w, h, C_CAST, sb_buf_str(&cast));
	if (r->omitted) {
		struct sb_buf syn;

		sb_buf_init(&syn);
		sb_buf_printf(&syn, "OMITTED%s%s", r->synopsis != NULL &&
		    r->synopsis[0] != '\0' ? ": " : "", r->synopsis != NULL ?
		    r->synopsis : "");
		set(w, h, C_SYNOPSIS, sb_buf_str(&syn));
		if (syn.failed)
			w->failed = 1;
		sb_buf_free(&syn);
	} else {
		set(w, h, C_SYNOPSIS, r->synopsis);
	}
	if (cast.failed)
		w->failed = 1;
	sb_buf_free(&cast);
	if (!w->schedule || h == NULL) {
		sb_buf_free(&line);
		return;
	}
	/* the schedule: a header line for the strip, then its categories */
	sb_buf_printf(&line, "Scene %s  %s  %s  %s  %s pgs%s%s",
	    r->scene != NULL && r->scene[0] != '\0' ? r->scene : "-",
	    r->int_ext != NULL ? r->int_ext : "", r->set != NULL ? r->set : "",
	    r->day_night != NULL ? r->day_night : "", pages[0] != '\0' ? pages : "-",
	    r->omitted ? "  OMITTED" : "", "");
	if (r->synopsis != NULL && r->synopsis[0] != '\0')
		sb_buf_printf(&line, "\n    %s", r->synopsis);
	set_line(w, h, &line);
	sb_buf_free(&line);
	if ((order = malloc((r->nel + 1) * sizeof(*order))) == NULL) {
		w->failed = 1;
		return;
	}
	for (size_t c = 0; c < cur->ncats; c++) {
		struct sb_buf els;
		struct held *e;

		if (cur->cats[c].fixed)
			continue;
		sb_buf_init(&els);
		for (size_t k = 0, nk = 0; k < r->nel; k++)
			if (r->el[k].cat == (int)c)
				order[nk++] = &r->el[k];
		nord = 0;
		for (size_t k = 0; k < r->nel; k++)
			nord += r->el[k].cat == (int)c;
		/* the cast by number */
		if (cur->cats[c].ucid == 100)
			qsort(order, nord, sizeof(*order), ref_cmp);
		for (size_t k = 0; k < nord; k++) {
			const struct sb_element_ref *el = order[k];

			if (els.len > 0)
				sb_buf_puts(&els, ", ");
			if (cur->cats[c].ucid == 100 && el->board_id[0] != '\0')
				sb_buf_printf(&els, "%s. %s", el->board_id, el->name);
			else
				sb_buf_puts(&els, el->name);
		}
		if (els.len > 0) {
			struct sb_buf l;

			e = hold(w, "elements");
			set(w, e, C_DAY, day);
			set(w, e, C_DATE, date);
			set(w, e, C_SCENE, r->scene);
			set(w, e, C_CATEGORY, cur->cats[c].name);
			set(w, e, C_ELEMENTS, sb_buf_str(&els));
			sb_buf_init(&l);
			sb_buf_printf(&l, "      %s: %s", cur->cats[c].name, sb_buf_str(&els));
			set_line(w, e, &l);
			sb_buf_free(&l);
		}
		if (els.failed)
			w->failed = 1;
		sb_buf_free(&els);
	}
	free(order);
}

/* "Fri, Aug 5, 2022" */
static void
long_date(char *buf, size_t size, sb_date d)
{
	static const char *const month[12] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char iso[SB_DATE_BUFSZ];
	int y, m, dd;

	sb_date_format(d, iso, sizeof(iso));
	if (sscanf(iso, "%d-%d-%d", &y, &m, &dd) != 3 || m < 1 || m > 12)
		snprintf(buf, size, "%s", iso);
	else
		snprintf(buf, size, "%s, %s %d, %d", rep_weekday[sb_date_weekday(d)],
		    month[m - 1], dd, y);
}

/* The holidays, travel and off days marked between two shoot days. */
static int
calendar_between(struct walk *w, const sb_calendar *cal, sb_date after, sb_date before)
{
	int rc = SB_OK;

	for (sb_date d = after + 1; rc == SB_OK && d < before; d++) {
		int kind = sb_calendar_kind(cal, d);
		const char *what = kind == SB_CAL_HOLIDAY ? "HOLIDAY" : kind == SB_CAL_TRAVEL ?
		    "TRAVEL DAY" : kind == SB_CAL_OFF ? "DAY OFF" : NULL;
		char date[SB_DATE_BUFSZ], ld[40], line[96];
		char *cells[NC] = { 0 };

		if (what == NULL)
			continue;
		sb_date_format(d, date, sizeof(date));
		long_date(ld, sizeof(ld), d);
		snprintf(line, sizeof(line), "=== %s - %s ===", what, ld);
		cells[C_DATE] = date;
		cells[C_SYNOPSIS] = (char *)what;
		rc = emit(w, kind == SB_CAL_HOLIDAY ? "holiday" : kind == SB_CAL_TRAVEL ?
		    "travel" : "off", cells, line);
	}
	return rc;
}

/* The day is over: its header, its held rows, its end line. */
static int
end_day(struct walk *w, const struct sb_board_cur *cur)
{
	char day[24], date[SB_DATE_BUFSZ] = "", ld[40] = "", pages[SB_EIGHTHS_BUFSZ],
	    est[24], estm[24], strips[24], line[256];
	char *cells[NC] = { 0 };
	int rc = SB_OK;

	if (w->failed)
		return sb_err(w->run->ctx, SB_EFAIL, "out of memory");
	if (cur->has_date) {
		sb_date_format(cur->date, date, sizeof(date));
		long_date(ld, sizeof(ld), cur->date);
		if (w->last_date != 0 && cur->cal != NULL)
			rc = calendar_between(w, cur->cal, w->last_date, cur->date);
		w->last_date = cur->date;
	}
	snprintf(day, sizeof(day), "%lld", (long long)cur->day_no);
	sb_eighths_format(cur->day_eighths, pages, sizeof(pages));
	hm(est, sizeof(est), cur->day_est_ms);
	sb_minutes_format(cur->day_est_ms, estm, sizeof(estm));
	snprintf(strips, sizeof(strips), "%lld", (long long)cur->day_strips);
	cells[C_DAY] = day;
	cells[C_DATE] = date[0] != '\0' ? date : NULL;
	cells[C_PAGES] = pages;
	cells[C_EST] = estm;
	cells[C_STRIPS] = strips;
	snprintf(line, sizeof(line), "Shoot Day %s%s%s - %s strip%s, %s pgs%s%s", day,
	    ld[0] != '\0' ? " - " : "", ld, strips, cur->day_strips == 1 ? "" : "s", pages,
	    est[0] != '\0' ? ", est. " : "", est);
	if (rc == SB_OK)
		rc = emit(w, "day", cells, line);
	for (size_t i = 0; rc == SB_OK && i < w->n; i++)
		rc = emit(w, w->rows[i].kind, w->rows[i].cells, w->rows[i].line);
	held_clear(w);
	snprintf(line, sizeof(line), "END OF DAY %s%s%s - %s pgs", day, ld[0] != '\0' ?
	    " - " : "", ld, pages);
	if (rc == SB_OK)
		rc = emit(w, "end", cells, line);
	w->days++;
	w->strips += cur->day_strips;
	w->eighths += cur->day_eighths;
	w->est_ms += cur->day_est_ms;
	return rc;
}

static int
walk_board(struct rep_run *run, int schedule)
{
	struct sb_board_cur cur;
	struct walk w;
	struct rep_table t;
	int rc, step;

	memset(&w, 0, sizeof(w));
	w.run = run;
	w.schedule = schedule;
	if ((rc = sb_board_open(run->ctx, run->project_id, run->o->board, &cur)) != SB_OK)
		return rc;
	cur.schedule_only = 1;
	memset(&t, 0, sizeof(t));
	t.report = schedule ? "schedule" : "oneliner";
	t.title = schedule ? "Shooting Schedule" : "One-Liner";
	t.board = cur.board_name;
	t.ncols = NC;
	if (schedule) {
		for (size_t c = 0; c < NC; c++) {
			schedule_cols[c] = oneliner_cols[c];
			schedule_cols[c].flags |= REP_HIDDEN;
		}
	}
	t.cols = schedule ? schedule_cols : oneliner_cols;
	if ((rc = rep_begin(run, &t)) != SB_OK)
		goto out;
	while ((step = sb_board_next(&cur)) > 0) {
		if (!cur.day_shoot)
			continue;
		if (step == SB_CUR_STRIP) {
			take_strip(&w, &cur);
			if (w.failed) {
				rc = sb_err(run->ctx, SB_EFAIL, "out of memory");
				goto out;
			}
			continue;
		}
		if ((rc = end_day(&w, &cur)) != SB_OK)
			goto out;
	}
	if (step < 0) {
		rc = step;
		goto out;
	}
	{
		char days[24], strips[24], pages[SB_EIGHTHS_BUFSZ], est[24], estm[24],
		    line[192];
		char *cells[NC] = { 0 };

		snprintf(days, sizeof(days), "%lld", (long long)w.days);
		snprintf(strips, sizeof(strips), "%lld", (long long)w.strips);
		sb_eighths_format(w.eighths, pages, sizeof(pages));
		hm(est, sizeof(est), w.est_ms);
		sb_minutes_format(w.est_ms, estm, sizeof(estm));
		cells[C_DAY] = days;
		cells[C_STRIPS] = strips;
		cells[C_PAGES] = pages;
		cells[C_EST] = estm;
		snprintf(line, sizeof(line), "TOTAL: %s shoot day%s, %s strip%s, %s pgs%s%s",
		    days, w.days == 1 ? "" : "s", strips, w.strips == 1 ? "" : "s", pages,
		    est[0] != '\0' ? ", est. " : "", est);
		if ((rc = emit(&w, "total", cells, line)) == SB_OK)
			rc = rep_end(run);
	}
out:
	held_clear(&w);
	free(w.rows);
	sb_board_close(&cur);
	return rc;
}

int
rep_oneliner(struct rep_run *run)
{
	return walk_board(run, 0);
}

int
rep_schedule(struct rep_run *run)
{
	return walk_board(run, 1);
}
