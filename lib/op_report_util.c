/*
 * op_report_util.c - what the reports share: handing rows to the writer,
 * the shoot days of a board with their dates, the categories asked for and
 * their elements in report order, day numbers written as ranges.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "board_priv.h"
#include "lookup_priv.h"
#include "report_priv.h"

const char *const rep_weekday[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };

int
rep_begin(struct rep_run *run, const struct rep_table *t)
{
	run->w->t = t;
	return run->w->ops->begin(run->w, t);
}

int
rep_row(struct rep_run *run, const char *kind, const char *const *cells, const char *line)
{
	struct rep_row r = { kind, cells, line };
	int rc = run->w->ops->row(run->w, &r);

	if (cells != NULL)
		run->w->rows++;
	if (rc == SB_OK && ferror(run->out))
		rc = sb_err(run->ctx, SB_EFAIL, "write error");
	return rc;
}

int
rep_end(struct rep_run *run)
{
	return run->w->ops->end(run->w);
}

static int
index_cmp(const void *a, const void *b)
{
	const struct rep_day_index *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int
rep_days_load(sb_ctx *ctx, int64_t project_id, const char *board, struct rep_days *d)
{
	static const char sql[] =
	    "SELECT id FROM day WHERE lane_id = ?1 AND kind = 'shoot' ORDER BY pos";
	char name[1024];
	sb_st *st;
	size_t cap = 0, dcap = 0;
	int rc;

	memset(d, 0, sizeof(*d));
	if ((rc = sb_board_find(ctx, project_id, board, &d->board_id)) != SB_OK)
		return rc;
	if ((d->board_name = sb_strdup(sb_board_name(ctx, d->board_id, name,
	    sizeof(name)))) == NULL)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	if ((rc = sb_board_calendar(ctx, d->board_id, &d->cal)) != SB_OK)
		return rc;
	if ((rc = sb_lane_get(ctx, d->board_id, "schedule", 0, &d->lane_id)) != SB_OK) {
		if (rc != SB_ENOTFOUND)
			return rc;
		return SB_OK;   /* no schedule: no days */
	}
	if ((st = sb_stmt(ctx, sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, d->lane_id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		void *p = sb_grow(d->ids, &cap, d->n, 64, sizeof(*d->ids)), *q;

		if (p == NULL) {
			sb_reset(st);
			return sb_err(ctx, SB_EFAIL, "out of memory");
		}
		d->ids = p;
		if ((q = sb_grow(d->dates, &dcap, d->n, 64, sizeof(*d->dates))) == NULL) {
			sb_reset(st);
			return sb_err(ctx, SB_EFAIL, "out of memory");
		}
		d->dates = q;
		d->ids[d->n] = sb_col_int64(st, 0);
		d->dates[d->n] = 0;
		if (d->cal != NULL && (d->n == 0 ? sb_calendar_nth(d->cal, 1, &d->dates[0]) :
		    sb_calendar_next(d->cal, d->dates[d->n - 1], &d->dates[d->n])) != SB_OK) {
			sb_reset(st);
			return sb_err(ctx, SB_EDATA, "board \"%s\": its calendar has no "
			    "date for shoot day %zu", d->board_name, d->n + 1);
		}
		d->n++;
	}
	sb_reset(st);
	if (rc != SQLITE_DONE)
		return sb_sqlerr(ctx, "days");
	if (d->n > 0) {
		if ((d->index = malloc(d->n * sizeof(*d->index))) == NULL)
			return sb_err(ctx, SB_EFAIL, "out of memory");
		for (size_t i = 0; i < d->n; i++) {
			d->index[i].id = d->ids[i];
			d->index[i].no = (int32_t)(i + 1);
		}
		if (d->n > 1)
			qsort(d->index, d->n, sizeof(*d->index), index_cmp);
	}
	return SB_OK;
}

void
rep_days_free(struct rep_days *d)
{
	free(d->board_name);
	sb_calendar_free(d->cal);
	free(d->ids);
	free(d->dates);
	free(d->index);
	memset(d, 0, sizeof(*d));
}

int32_t
rep_day_no(const struct rep_days *d, int64_t day_id)
{
	size_t lo = 0, hi = d->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->index[mid].id < day_id)
			lo = mid + 1;
		else if (d->index[mid].id > day_id)
			hi = mid;
		else
			return d->index[mid].no;
	}
	return 0;
}

int
rep_categories(sb_ctx *ctx, int64_t project_id, const char *list, int64_t **ids, size_t *n)
{
	static const char by_name[] =
	    "SELECT id FROM category WHERE project_id = ?1 AND (name = ?2 COLLATE NOCASE"
	    " OR CAST(ucid AS TEXT) = ?2) ORDER BY rank, id";
	const char *p = list != NULL ? list : "100";
	int64_t *v = NULL;
	size_t cnt = 0, cap = 0;

	*ids = NULL;
	*n = 0;
	while (*p != '\0') {
		const char *comma = strchr(p, ',');
		size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		sb_st *st = sb_stmt(ctx, by_name);
		size_t before = cnt;
		char *name;
		int rc;

		if (st == NULL) {
			free(v);
			return SB_EFAIL;
		}
		while (len > 0 && *p == ' ') {
			p++;
			len--;
		}
		while (len > 0 && p[len - 1] == ' ')
			len--;
		sb_bind_int64(st, 1, project_id);
		if ((name = malloc(len + 1)) == NULL) {
			sb_reset(st);
			free(v);
			return sb_err(ctx, SB_EFAIL, "out of memory");
		}
		memcpy(name, p, len);
		name[len] = '\0';
		sb_bind_text(st, 2, name);
		while ((rc = sb_step(st)) == SQLITE_ROW) {
			int64_t id = sb_col_int64(st, 0);
			int dup = 0;
			void *q;

			for (size_t i = 0; i < cnt; i++)
				dup |= v[i] == id;
			if (dup)
				continue;
			if ((q = sb_grow(v, &cap, cnt, 8, sizeof(*v))) == NULL) {
				sb_reset(st);
				free(name);
				free(v);
				return sb_err(ctx, SB_EFAIL, "out of memory");
			}
			v = q;
			v[cnt++] = id;
		}
		sb_reset(st);
		free(name);
		if (rc != SQLITE_DONE) {
			free(v);
			return sb_sqlerr(ctx, "categories");
		}
		if (cnt == before && len > 0) {
			free(v);
			return sb_err(ctx, SB_ENOTFOUND, "the project has no category \"%.*s\"",
			    (int)len, p);
		}
		p += len;
		while (*p == ' ')
			p++;
		if (*p == ',')
			p++;
	}
	if (cnt == 0) {
		free(v);
		return sb_err(ctx, SB_ENOTFOUND, "the project has no %s category",
		    list == NULL ? "cast" : "such");
	}
	*ids = v;
	*n = cnt;
	return SB_OK;
}

static int
el_cmp(const void *a, const void *b)
{
	const struct rep_el *x = a, *y = b;
	int c;

	/* elements with a board id first, by it; then by name */
	if ((x->board_id[0] == '\0') != (y->board_id[0] == '\0'))
		return x->board_id[0] == '\0' ? 1 : -1;
	if ((c = sb_scene_cmp(x->board_id, y->board_id)) != 0)
		return c;
	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

void
rep_elements_free(struct rep_el *els, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(els[i].name);
		free(els[i].board_id);
		free(els[i].category);
	}
	free(els);
}

int
rep_elements_load(sb_ctx *ctx, const int64_t *cats, size_t ncats, struct rep_el **out,
    size_t *nout)
{
	static const char sql[] =
	    "SELECT e.id, e.name, coalesce(e.board_id, ''), c.name, e.is_dood, e.is_hold,"
	    " e.is_drop, e.drop_days, e.days_off FROM element e"
	    " JOIN category c ON c.id = e.category_id WHERE e.category_id = ?1";
	struct rep_el *els = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	*nout = 0;
	for (size_t k = 0; k < ncats; k++) {
		sb_st *st = sb_stmt(ctx, sql);
		size_t first = n;
		int rc;

		if (st == NULL) {
			rep_elements_free(els, n);
			return SB_EFAIL;
		}
		sb_bind_int64(st, 1, cats[k]);
		while ((rc = sb_step(st)) == SQLITE_ROW) {
			struct rep_el *e;
			void *p = sb_grow(els, &cap, n, 64, sizeof(*els));

			if (p == NULL) {
				sb_reset(st);
				rep_elements_free(els, n);
				return sb_err(ctx, SB_EFAIL, "out of memory");
			}
			els = p;
			e = &els[n++];
			memset(e, 0, sizeof(*e));
			e->id = sb_col_int64(st, 0);
			e->name = sb_strdup((const char *)sb_col_text(st, 1));
			e->board_id = sb_strdup((const char *)sb_col_text(st, 2));
			e->category = sb_strdup((const char *)sb_col_text(st, 3));
			e->is_dood = sb_col_type(st, 4) == SQLITE_NULL ||
			    sb_col_int(st, 4) != 0;
			e->is_hold = sb_col_type(st, 5) == SQLITE_NULL ||
			    sb_col_int(st, 5) != 0;
			e->is_drop = sb_col_type(st, 6) == SQLITE_NULL ||
			    sb_col_int(st, 6) != 0;
			e->drop_days = sb_col_type(st, 7) == SQLITE_NULL ? -1 :
			    sb_col_int64(st, 7);
			/* days off that do not read as weekdays are none */
			if (sb_col_type(st, 8) != SQLITE_NULL &&
			    sb_weekdays_parse((const char *)sb_col_text(st, 8),
			    &e->days_off) != SB_OK)
				e->days_off = 0;
			if (e->name == NULL || e->board_id == NULL || e->category == NULL) {
				sb_reset(st);
				rep_elements_free(els, n);
				return sb_err(ctx, SB_EFAIL, "out of memory");
			}
		}
		sb_reset(st);
		if (rc != SQLITE_DONE) {
			rep_elements_free(els, n);
			return sb_sqlerr(ctx, "elements");
		}
		if ((n - first) > 1)
			qsort(els + first, n - first, sizeof(*els), el_cmp);
	}
	*out = els;
	*nout = n;
	return SB_OK;
}

void
rep_ranges(struct sb_buf *b, const int32_t *v, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j + 1 < n && v[j + 1] == v[j] + 1)
			j++;
		if (b->len > 0)
			sb_buf_puts(b, ",");
		if (j > i)
			sb_buf_printf(b, "%d%s%d", (int)v[i], j == i + 1 ? "," : "-", (int)v[j]);
		else
			sb_buf_printf(b, "%d", (int)v[i]);
		i = j + 1;
	}
}
