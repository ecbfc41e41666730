/*
 * op_report_dood.c - sb-report dood: the Day Out of Days of a board.  One
 * row per element of the categories asked for (default: the cast) that
 * has a run, one column per calendar date from the first shoot day to the
 * last, then the totals.  The rules are op_report_dood_rules.c's.
 *
 * What is held: the board's shoot days (an id and a date each), and per
 * element the day numbers it works (one number per element a day: the
 * size of the board's cast lists, not of its strips) and its events.  The
 * links come from one query over the schedule's placements; each row is
 * then made and written at once, so the output streams.
 *
 * --explain ELEMENT DATE says in words why one cell is what it is: the
 * rule, the strips that make a work day, the calendar entry, the gap of a
 * drop, the element's flags.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_priv.h"

struct work {                   /* an element's work and events */
	int32_t *days;          /* day numbers */
	size_t n, cap;
	struct dood_event *ev;
	size_t nev, capev;
};

struct idx {
	int64_t id;
	size_t i;
};

static int
idx_cmp(const void *a, const void *b)
{
	const struct idx *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
day_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return x < y ? -1 : x > y;
}

static int
ev_cmp(const void *a, const void *b)
{
	const struct dood_event *x = a, *y = b;

	return x->date < y->date ? -1 : x->date > y->date;
}

static struct idx *
idx_find(struct idx *ix, size_t n, int64_t id)
{
	struct idx key = { id, 0 };

	return n > 0 ? bsearch(&key, ix, n, sizeof(*ix), idx_cmp) : NULL;
}

struct dood {
	struct rep_run *run;
	sb_ctx *ctx;
	struct rep_days days;
	struct rep_el *els;
	size_t nels;
	int64_t *cats;
	size_t ncats;
	struct idx *ix;
	struct work *wk;
	sb_date *dates;         /* scratch: one element's work dates */
	uint8_t *company;       /* the company's kind of each date of the columns */
	sb_date company_from;
	struct sb_buf names;    /* event names, NUL-separated */
};

static void
dood_free(struct dood *d)
{
	for (size_t i = 0; d->wk != NULL && i < d->nels; i++) {
		free(d->wk[i].days);
		free(d->wk[i].ev);
	}
	free(d->wk);
	free(d->ix);
	free(d->dates);
	free(d->company);
	free(d->cats);
	rep_elements_free(d->els, d->nels);
	rep_days_free(&d->days);
	sb_buf_free(&d->names);
}

/* Every element's work days on the schedule: one pass over its links. */
static int
load_work(struct dood *d)
{
	static const char sql[] =
	    "SELECT p.day_id, se.element_id FROM day d"
	    " JOIN placement p ON p.day_id = d.id"
	    " JOIN strip s ON s.id = p.strip_id"
	    " JOIN strip_element se ON se.strip_id = s.id"
	    " WHERE d.lane_id = ?1 AND d.kind = 'shoot' AND s.omitted = 0";
	sb_st *st;
	int rc;

	if (d->days.n == 0)
		return SB_OK;
	if ((st = sb_stmt(d->ctx, sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, d->days.lane_id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		struct idx *x = idx_find(d->ix, d->nels, sb_col_int64(st, 1));
		struct work *w;
		int32_t no;

		if (x == NULL)
			continue;
		w = &d->wk[x->i];
		no = rep_day_no(&d->days, sb_col_int64(st, 0));
		if (no == 0 || (w->n > 0 && w->days[w->n - 1] == no))
			continue;
		if (w->n == w->cap) {
			void *p = realloc(w->days, (w->cap = w->cap ? w->cap * 2 : 8) *
			    sizeof(*w->days));

			if (p == NULL) {
				sb_reset(st);
				return sb_err(d->ctx, SB_EFAIL, "out of memory");
			}
			w->days = p;
		}
		w->days[w->n++] = no;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE)
		return sb_sqlerr(d->ctx, "the elements of the strips");
	for (size_t i = 0; i < d->nels; i++) {
		struct work *w = &d->wk[i];
		size_t k = 0;

		if (w->n > 1)
			qsort(w->days, w->n, sizeof(*w->days), day_cmp);
		for (size_t j = 0; j < w->n; j++)
			if (k == 0 || w->days[j] != w->days[k - 1])
				w->days[k++] = w->days[j];
		w->n = k;
	}
	return SB_OK;
}

/* The elements' dated events. */
static int
load_events(struct dood *d)
{
	static const char sql[] =
	    "SELECT v.element_id, v.type, v.name, v.date FROM element_event v"
	    " JOIN element e ON e.id = v.element_id"
	    " WHERE e.project_id = ?1 AND v.date IS NOT NULL ORDER BY v.element_id, v.rank";
	sb_st *st = sb_stmt(d->ctx, sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, d->run->project_id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		struct idx *x = idx_find(d->ix, d->nels, sb_col_int64(st, 0));
		const char *type = (const char *)sb_col_text(st, 1);
		const char *name = (const char *)sb_col_text(st, 2);
		struct dood_event *e;
		struct work *w;
		sb_date date;

		if (x == NULL || sb_date_parse((const char *)sb_col_text(st, 3),
		    &date) != SB_OK)
			continue;
		w = &d->wk[x->i];
		if (w->nev == w->capev) {
			void *p = realloc(w->ev, (w->capev = w->capev ? w->capev * 2 : 4) *
			    sizeof(*w->ev));

			if (p == NULL) {
				sb_reset(st);
				return sb_err(d->ctx, SB_EFAIL, "out of memory");
			}
			w->ev = p;
		}
		e = &w->ev[w->nev++];
		e->date = date;
		e->kind = dood_event_kind(type, name);
		/* the name by its offset: the buffer moves as it grows */
		e->name = (const char *)(uintptr_t)d->names.len;
		sb_buf_puts(&d->names, name != NULL && name[0] != '\0' ? name :
		    type != NULL ? type : "");
		sb_buf_add(&d->names, "", 1);
	}
	sb_reset(st);
	if (rc != SQLITE_DONE)
		return sb_sqlerr(d->ctx, "element events");
	if (d->names.failed)
		return sb_err(d->ctx, SB_EFAIL, "out of memory");
	for (size_t i = 0; i < d->nels; i++) {
		struct work *w = &d->wk[i];

		for (size_t j = 0; j < w->nev; j++)
			w->ev[j].name = d->names.data + (uintptr_t)w->ev[j].name;
		if (w->nev > 1)
			qsort(w->ev, w->nev, sizeof(*w->ev), ev_cmp);
	}
	return SB_OK;
}

/* The input of the rules for element i. */
static void
dood_input(struct dood *d, size_t i, sb_date from, sb_date to, struct dood_in *in)
{
	const struct sb_report_opts *o = d->run->o;
	const struct rep_el *e = &d->els[i];
	const struct work *w = &d->wk[i];

	for (size_t j = 0; j < w->n; j++)
		d->dates[j] = d->days.dates[w->days[j] - 1];
	memset(in, 0, sizeof(*in));
	in->cal = d->days.cal;
	in->from = from;
	in->to = to;
	in->work = d->dates;
	in->nwork = w->n;
	in->ev = w->ev;
	in->nev = w->nev;
	in->hold = e->is_hold;
	in->drop = e->is_drop;
	in->drop_days = e->drop_days >= 0 ? e->drop_days : o->drop_days > 0 ?
	    o->drop_days : 10;
	in->max_drops = o->drops;
	in->flags = o->dood;
	if (d->company != NULL && from == d->company_from)
		in->company = d->company;
}

static int
prepare(struct dood *d)
{
	const struct sb_report_opts *o = d->run->o;
	size_t n = 0;
	int rc;

	if ((rc = rep_days_load(d->ctx, d->run->project_id, o->board, &d->days)) != SB_OK)
		return rc;
	if (d->days.cal == NULL)
		return sb_err(d->ctx, SB_EUSAGE, "board \"%s\" has no calendar with a start "
		    "date: a Day Out of Days needs the dates of its days",
		    d->days.board_name);
	if ((rc = rep_categories(d->ctx, d->run->project_id, o->categories, &d->cats,
	    &d->ncats)) != SB_OK ||
	    (rc = rep_elements_load(d->ctx, d->cats, d->ncats, &d->els, &d->nels)) != SB_OK)
		return rc;
	/* an element kept off the Day Out of Days is not in it */
	for (size_t i = 0; i < d->nels; i++) {
		if (d->els[i].is_dood) {
			d->els[n++] = d->els[i];
		} else {
			free(d->els[i].name);
			free(d->els[i].board_id);
			free(d->els[i].category);
		}
	}
	d->nels = n;
	if ((d->wk = calloc(n + 1, sizeof(*d->wk))) == NULL ||
	    (d->ix = malloc((n + 1) * sizeof(*d->ix))) == NULL ||
	    (d->dates = malloc((d->days.n + 1) * sizeof(*d->dates))) == NULL)
		return sb_err(d->ctx, SB_EFAIL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		d->ix[i].id = d->els[i].id;
		d->ix[i].i = i;
	}
	if (n > 1)
		qsort(d->ix, n, sizeof(*d->ix), idx_cmp);
	if ((rc = load_work(d)) != SB_OK || (rc = load_events(d)) != SB_OK)
		return rc;
	return SB_OK;
}

/* The columns' dates: the shoot, widened by paid starts and finishes. */
static void
date_range(struct dood *d, sb_date *from, sb_date *to)
{
	*from = d->days.n > 0 ? d->days.dates[0] : 1;
	*to = d->days.n > 0 ? d->days.dates[d->days.n - 1] : 0;
	if (!(d->run->o->dood & SB_DOOD_START_PAID))
		return;
	for (size_t i = 0; i < d->nels; i++) {
		const struct work *w = &d->wk[i];

		for (size_t j = 0; j < w->nev; j++) {
			sb_date e = w->ev[j].date;

			if (w->ev[j].kind != DOOD_EV_TRAVEL && w->ev[j].kind != DOOD_EV_REHEARSAL)
				continue;
			if (*from > *to) {
				*from = *to = e;
				continue;
			}
			if (e < *from)
				*from = e;
			if (e > *to)
				*to = e;
		}
	}
}

enum { T_WORK, T_HOLD, T_HOLIDAY, T_TRAVEL, T_IDLE, T_DROP, T_START, T_FINISH,
	T_TOTAL, NTOTALS };
static const struct rep_col total_cols[NTOTALS] = {
	{ "work", "WORK", 4, REP_NUM, NULL },
	{ "hold", "HOLD", 4, REP_NUM, NULL },
	{ "holiday", "HOL", 3, REP_NUM, NULL },
	{ "travel", "TRAV", 4, REP_NUM, NULL },
	{ "idle", "IDLE", 4, REP_NUM, NULL },
	{ "drop", "DROP", 4, REP_NUM, NULL },
	{ "start", "START", 10, 0, NULL },
	{ "finish", "FINISH", 10, 0, NULL },
	{ "total", "TOTAL", 5, REP_NUM, NULL },
};
enum { F_CAT, F_ID, F_EL, NFIXED };

static int
write_dood(struct dood *d)
{
	sb_date from, to;
	size_t ndates, ncols;
	struct rep_col *cols = NULL;
	char *keys = NULL, *titles = NULL;
	const char **cells = NULL;
	struct dood_cell *dc = NULL;
	struct rep_table t;
	struct sb_buf sub;
	char nums[NTOTALS][24], start[SB_DATE_BUFSZ], finish[SB_DATE_BUFSZ];
	int rc;

	date_range(d, &from, &to);
	ndates = to >= from ? (size_t)(to - from + 1) : 0;
	ncols = NFIXED + ndates + NTOTALS;
	/* the calendar asked once a date, not once a date an element */
	if ((d->company = malloc(ndates + 1)) == NULL) {
		rc = sb_err(d->ctx, SB_EFAIL, "out of memory");
		goto out;
	}
	d->company_from = from;
	for (size_t i = 0; i < ndates; i++)
		d->company[i] = (uint8_t)dood_company(d->days.cal, (sb_date)(from + (int64_t)i));
	if ((cols = calloc(ncols, sizeof(*cols))) == NULL ||
	    (keys = malloc(ndates * SB_DATE_BUFSZ + 1)) == NULL ||
	    (titles = malloc(ndates * 10 + 1)) == NULL ||
	    (cells = calloc(ncols, sizeof(*cells))) == NULL ||
	    (dc = calloc(ndates + 1, sizeof(*dc))) == NULL) {
		rc = sb_err(d->ctx, SB_EFAIL, "out of memory");
		goto out;
	}
	cols[F_CAT] = (struct rep_col){ "category", NULL, 10, REP_HIDDEN, NULL };
	cols[F_ID] = (struct rep_col){ "id", NULL, 3, 0, NULL };
	cols[F_EL] = (struct rep_col){ "element", NULL, 16, 0, NULL };
	for (size_t i = 0; i < ndates; i++) {
		sb_date date = (sb_date)(from + (int64_t)i);
		char *k = keys + i * SB_DATE_BUFSZ, *tt = titles + i * 10;

		sb_date_format(date, k, SB_DATE_BUFSZ);
		/* "08/03\nWed" */
		snprintf(tt, 10, "%.2s/%.2s\n%s", k + 5, k + 8,
		    rep_weekday[sb_date_weekday(date)]);
		cols[NFIXED + i] = (struct rep_col){ k, tt, 5, REP_PLAIN | REP_SPARSE,
		    "days" };
	}
	for (size_t i = 0; i < NTOTALS; i++)
		cols[NFIXED + ndates + i] = total_cols[i];
	sb_buf_init(&sub);
	sb_buf_printf(&sub, "%s; ", d->run->o->categories != NULL ?
	    d->run->o->categories : "Cast");
	if (ndates > 0) {
		char a[SB_DATE_BUFSZ], b[SB_DATE_BUFSZ];

		sb_buf_printf(&sub, "%s to %s; ", sb_date_format(from, a, sizeof(a)),
		    sb_date_format(to, b, sizeof(b)));
	}
	sb_buf_puts(&sub, "SW start, W work, WF finish, SWF one day, H hold, D drop, "
	    "PW pickup, WD work then drop, TR travel, R rehearsal, FT fitting, / holiday");
	if (sub.failed) {
		sb_buf_free(&sub);
		rc = sb_err(d->ctx, SB_EFAIL, "out of memory");
		goto out;
	}
	memset(&t, 0, sizeof(t));
	t.report = "dood";
	t.title = "Day Out of Days";
	t.board = d->days.board_name;
	t.subtitle = sb_buf_str(&sub);
	t.ncols = ncols;
	t.cols = cols;
	t.page_lo = NFIXED;
	t.page_hi = NFIXED + ndates;
	rc = rep_begin(d->run, &t);
	for (size_t i = 0; rc == SB_OK && i < d->nels; i++) {
		struct dood_in in;
		struct dood_totals tot;
		int64_t v[NTOTALS];

		dood_input(d, i, from, to, &in);
		if (!dood_element(&in, dc, &tot))
			continue;
		cells[F_CAT] = d->els[i].category;
		cells[F_ID] = d->els[i].board_id[0] != '\0' ? d->els[i].board_id : NULL;
		cells[F_EL] = d->els[i].name;
		for (size_t j = 0; j < ndates; j++)
			cells[NFIXED + j] = dc[j].code != DOOD_BLANK ?
			    dood_code_text[dc[j].code] : NULL;
		v[T_WORK] = tot.work;
		v[T_HOLD] = tot.hold;
		v[T_HOLIDAY] = tot.holiday;
		v[T_TRAVEL] = tot.travel;
		v[T_IDLE] = tot.idle;
		v[T_DROP] = tot.drop;
		v[T_TOTAL] = tot.total;
		for (size_t j = 0; j < NTOTALS; j++) {
			snprintf(nums[j], sizeof(nums[j]), "%lld", (long long)v[j]);
			cells[NFIXED + ndates + j] = nums[j];
		}
		cells[NFIXED + ndates + T_START] = sb_date_format(tot.start, start,
		    sizeof(start));
		cells[NFIXED + ndates + T_FINISH] = sb_date_format(tot.finish, finish,
		    sizeof(finish));
		rc = rep_row(d->run, "element", cells, NULL);
	}
	if (rc == SB_OK)
		rc = rep_end(d->run);
	sb_buf_free(&sub);
out:
	free(cols);
	free(keys);
	free(titles);
	free(cells);
	free(dc);
	return rc;
}

/* The element --explain names: by name (any case) or board id. */
static int
find_element(struct dood *d, const char *what, size_t *i)
{
	size_t found = 0, n = 0;

	for (size_t k = 0; k < d->nels; k++)
		if (strcasecmp(d->els[k].name, what) == 0 ||
		    strcmp(d->els[k].board_id, what) == 0) {
			if (n == 0 || strcasecmp(d->els[k].name, what) == 0)
				found = k;
			n++;
		}
	if (n == 0)
		return sb_err(d->ctx, SB_ENOTFOUND, "no element \"%s\" in the Day Out of Days "
		    "(categories %s)", what, d->run->o->categories != NULL ?
		    d->run->o->categories : "Cast");
	*i = found;
	return SB_OK;
}

/* The scenes of element on shoot day no, "17, 115a (omitted)". */
static int
day_scenes(struct dood *d, int64_t element, int32_t no, struct sb_buf *b)
{
	static const char sql[] =
	    "SELECT s.scene, s.omitted FROM placement p JOIN strip s ON s.id = p.strip_id"
	    " JOIN strip_element se ON se.strip_id = s.id"
	    " WHERE p.day_id = ?1 AND se.element_id = ?2 ORDER BY p.pos";
	sb_st *st = sb_stmt(d->ctx, sql);
	size_t n = 0;
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, d->days.ids[no - 1]);
	sb_bind_int64(st, 2, element);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *scene = (const char *)sb_col_text(st, 0);

		sb_buf_printf(b, "%s%s%s", n++ > 0 ? ", " : "", scene != NULL &&
		    scene[0] != '\0' ? scene : "(a strip without a scene number)",
		    sb_col_int(st, 1) ? " (omitted: does not count)" : "");
	}
	sb_reset(st);
	return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(d->ctx, "strips");
}

/* Shoot day number of date, 0 if none. */
static int32_t
day_of(const struct dood *d, sb_date date)
{
	size_t lo = 0, hi = d->days.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->days.dates[mid] < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->days.n && d->days.dates[lo] == date ? (int32_t)(lo + 1) : 0;
}

static int
explain(struct dood *d)
{
	const struct sb_report_opts *o = d->run->o;
	static const struct rep_col cols[] = {
		{ "element", NULL, 16, 0, NULL },
		{ "date", NULL, 10, 0, NULL },
		{ "code", NULL, 4, 0, NULL },
		{ "day", NULL, 4, REP_NUM, NULL },
		{ "why", NULL, 0, 0, NULL },
	};
	struct rep_table t;
	struct dood_in in;
	struct dood_totals tot;
	struct dood_cell *dc = NULL;
	struct sb_buf why, line, scenes;
	const struct rep_el *e;
	const struct work *w;
	char a[SB_DATE_BUFSZ], b[SB_DATE_BUFSZ], c[SB_DATE_BUFSZ], day[24] = "";
	sb_date date, from, to;
	size_t i = 0;
	int32_t no;
	int rc;

	if (sb_date_parse(o->explain_date, &date) != SB_OK)
		return sb_err(d->ctx, SB_EUSAGE, "--explain: \"%s\" is not a date (YYYY-MM-DD)",
		    o->explain_date);
	if ((rc = find_element(d, o->explain_element, &i)) != SB_OK)
		return rc;
	e = &d->els[i];
	w = &d->wk[i];
	date_range(d, &from, &to);
	sb_buf_init(&why);
	sb_buf_init(&line);
	sb_buf_init(&scenes);
	if (date < from || date > to) {
		/* outside the columns: the rules still say what it would be */
		if (date < from)
			from = date;
		else
			to = date;
	}
	if ((dc = calloc((size_t)(to - from + 1), sizeof(*dc))) == NULL) {
		rc = sb_err(d->ctx, SB_EFAIL, "out of memory");
		goto out;
	}
	dood_input(d, i, from, to, &in);
	dood_element(&in, dc, &tot);
	{
		const struct dood_cell *cell = &dc[date - from];
		const struct dood_event *ev = NULL;
		int kind = sb_calendar_kind(d->days.cal, date);

		for (size_t k = 0; k < w->nev; k++)
			if (w->ev[k].date == date)
				ev = &w->ev[k];
		no = day_of(d, date);
		if (no > 0)
			snprintf(day, sizeof(day), "%d", (int)no);
		if (no > 0 && (rc = day_scenes(d, e->id, no, &scenes)) != SB_OK)
			goto out;
		if (tot.has_run) {
			sb_date_format(tot.start, a, sizeof(a));
			sb_date_format(tot.finish, b, sizeof(b));
		}
		switch (cell->why) {
		case DOOD_WHY_WORK:
		case DOOD_WHY_PICKUP:
		case DOOD_WHY_WORK_DROP:
			sb_buf_printf(&why, "a work day: shoot day %d has %s in scene%s %s",
			    (int)no, e->name, strchr(sb_buf_str(&scenes), ',') ? "s" : "",
			    sb_buf_str(&scenes));
			if (cell->code == DOOD_SWF)
				sb_buf_puts(&why, "; the only work day, so start and finish (SWF)");
			else if (cell->code == DOOD_SW || cell->code == DOOD_SWD)
				sb_buf_printf(&why, "; the first work day, so the start (last "
				    "work day %s)", b);
			else if (cell->code == DOOD_WF || cell->code == DOOD_PWF)
				sb_buf_printf(&why, "; the last work day, so the finish (started "
				    "%s)", a);
			if (cell->why == DOOD_WHY_PICKUP)
				sb_buf_puts(&why, "; the first work day after a drop: picked up (PW)");
			if (cell->why == DOOD_WHY_WORK_DROP)
				sb_buf_puts(&why, "; the last work day before a drop, which "
				    "--drop-on-last marks here (WD)");
			break;
		case DOOD_WHY_PAID_START:
		case DOOD_WHY_PAID_FINISH:
			sb_buf_printf(&why, "%s's %s \"%s\" on this date is %s the first work "
			    "day, and --start-paid makes a paid day the %s", e->name,
			    ev != NULL && ev->kind == DOOD_EV_TRAVEL ? "travel" : "rehearsal",
			    ev != NULL ? ev->name : "", cell->why == DOOD_WHY_PAID_START ?
			    "before" : "after the last work day, not", cell->why ==
			    DOOD_WHY_PAID_START ? "start" : "finish");
			break;
		case DOOD_WHY_OUTSIDE:
		case DOOD_WHY_EVENT_OUTSIDE:
			if (!tot.has_run)
				sb_buf_printf(&why, "%s works on no shoot day of the board", e->name);
			else
				sb_buf_printf(&why, "%s the run of %s (%s to %s)", date < tot.start ?
				    "before" : "after", e->name, a, b);
			if (ev != NULL && cell->why == DOOD_WHY_EVENT_OUTSIDE)
				sb_buf_printf(&why, ", but %s has the event \"%s\" on this date",
				    e->name, ev->name);
			if (no > 0 && scenes.len > 0)
				sb_buf_printf(&why, "; shoot day %d has %s only in omitted scenes "
				    "(%s)", (int)no, e->name, sb_buf_str(&scenes));
			break;
		case DOOD_WHY_HOLIDAY:
			sb_buf_printf(&why, "a company holiday in the calendar, inside the run "
			    "of %s (%s to %s)", e->name, a, b);
			break;
		case DOOD_WHY_EVENT:
			sb_buf_printf(&why, "%s's event \"%s\" on this date (%s)", e->name,
			    ev != NULL ? ev->name : "", cell->code == DOOD_TR ? "travel" :
			    cell->code == DOOD_R ? "rehearsal" : "fitting");
			break;
		case DOOD_WHY_COMPANY_TRAVEL:
			sb_buf_printf(&why, "a company travel day in the calendar, inside the "
			    "run of %s (%s to %s): %s travels with the company", e->name, a, b,
			    e->name);
			break;
		case DOOD_WHY_OFF:
			sb_buf_printf(&why, "a company day off (%s), inside the run of %s: "
			    "no one is held on it", kind == SB_CAL_OFF ? "a day off in the "
			    "calendar" : "a weekly day off", e->name);
			break;
		case DOOD_WHY_HOLD:
		case DOOD_WHY_NO_HOLD:
		case DOOD_WHY_DROP:
		case DOOD_WHY_DROP_OFF: {
			/* the gap around the date: the work days on either side */
			sb_date prev = 0, next = 0;

			for (size_t k = 0; k < in.nwork; k++) {
				if (in.work[k] < date)
					prev = in.work[k];
				else if (next == 0)
					next = in.work[k];
			}
			sb_date_format(prev, a, sizeof(a));
			sb_date_format(next, c, sizeof(c));
			sb_buf_printf(&why, "between the work days %s and %s: a gap of %d "
			    "calendar day%s", a, c, (int)(next - prev - 1),
			    next - prev - 1 == 1 ? "" : "s");
			if (no > 0)
				sb_buf_printf(&why, " (shoot day %d has no scene with %s%s%s)",
				    (int)no, e->name, scenes.len > 0 ? " but omitted ones: " : "",
				    sb_buf_str(&scenes));
			if (cell->why == DOOD_WHY_HOLD && !e->is_drop)
				sb_buf_printf(&why, "; %s allows holds and no drops, so it is "
				    "held (H)", e->name);
			else if (cell->why == DOOD_WHY_HOLD && next - prev - 1 < in.drop_days)
				sb_buf_printf(&why, "; %s allows holds, and the gap is shorter "
				    "than its drop-day count (%lld), so it is held (H)", e->name,
				    (long long)in.drop_days);
			else if (cell->why == DOOD_WHY_HOLD)
				sb_buf_printf(&why, "; the gap is long enough to drop, but %s "
				    "has had the %lld drop%s allowed (--drops), so it is held (H)",
				    e->name, (long long)(in.max_drops > 0 ? in.max_drops : 1),
				    in.max_drops > 1 ? "s" : "");
			else if (cell->why == DOOD_WHY_NO_HOLD)
				sb_buf_printf(&why, "; %s allows no holds, so it is idle (blank)",
				    e->name);
			else
				sb_buf_printf(&why, "; %s allows drops and the gap is at least its "
				    "drop-day count (%lld), so it is dropped%s", e->name,
				    (long long)in.drop_days, cell->why == DOOD_WHY_DROP_OFF ?
				    "; this date is a company day off, blank in a drop as "
				    "anywhere" : cell->code == DOOD_D ? " (D)" :
				    " (blank, as asked)");
			break;
		}
		default:
			sb_buf_puts(&why, "no rule applies");
			break;
		}
		sb_date_format(date, c, sizeof(c));
		sb_buf_printf(&line, "%s on %s %s: %s - %s", e->name,
		    rep_weekday[sb_date_weekday(date)], c, cell->code != DOOD_BLANK ?
		    dood_code_text[cell->code] : "blank", sb_buf_str(&why));
		if (why.failed || line.failed || scenes.failed) {
			rc = sb_err(d->ctx, SB_EFAIL, "out of memory");
			goto out;
		}
		memset(&t, 0, sizeof(t));
		t.report = "dood";
		t.title = "Day Out of Days, explained";
		t.board = d->days.board_name;
		t.ncols = sizeof(cols) / sizeof(cols[0]);
		t.cols = cols;
		{
			const char *cells[5] = { e->name, c, dood_code_text[cell->code],
			    day[0] != '\0' ? day : NULL, sb_buf_str(&why) };

			if ((rc = rep_begin(d->run, &t)) == SB_OK &&
			    (rc = rep_row(d->run, "explain", cells, sb_buf_str(&line))) == SB_OK)
				rc = rep_end(d->run);
		}
	}
out:
	free(dc);
	sb_buf_free(&why);
	sb_buf_free(&line);
	sb_buf_free(&scenes);
	return rc;
}

int
rep_dood(struct rep_run *run)
{
	struct dood d;
	int rc;

	memset(&d, 0, sizeof(d));
	d.run = run;
	d.ctx = run->ctx;
	sb_buf_init(&d.names);
	if ((rc = prepare(&d)) == SB_OK)
		rc = run->o->explain_element != NULL ? explain(&d) : write_dood(&d);
	dood_free(&d);
	return rc;
}
