/*
 * op_report_elements.c - sb-report elements: each element of the
 * categories asked for (default: the cast) with its scenes, its shoot days
 * on the board and its page total.  Omitted scenes never count.  One
 * element at a time is read (its strips through strip_element's index),
 * so memory follows the largest element, not the production.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "report_priv.h"

static const struct rep_col cols[] = {
	{ "category", NULL, 12, 0, NULL },
	{ "id", NULL, 4, 0, NULL },
	{ "element", NULL, 20, 0, NULL },
	{ "strips", NULL, 6, REP_NUM, NULL },
	{ "pages", NULL, 7, 0, NULL },
	{ "days_worked", "DAYS", 4, REP_NUM, NULL },
	{ "first", NULL, 10, 0, NULL },
	{ "last", NULL, 10, 0, NULL },
	{ "days", "DAY NUMBERS", 18, 0, NULL },
	{ "scenes", NULL, 0, 0, NULL },
};

enum { C_CAT, C_ID, C_EL, C_STRIPS, C_PAGES, C_NDAYS, C_FIRST, C_LAST, C_DAYS,
	C_SCENES, NCOLS };

static int
scene_cmp(const void *a, const void *b)
{
	return sb_scene_cmp(*(char *const *)a, *(char *const *)b);
}

static int
int_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return x < y ? -1 : x > y;
}

struct acc {
	char **scenes;
	size_t nscenes, capscenes;
	int32_t *days;
	size_t ndays, capdays;
};

static int
grow(void **p, size_t *cap, size_t n, size_t size)
{
	void *q;

	if (n < *cap)
		return 0;
	if ((q = realloc(*p, (*cap = *cap ? *cap * 2 : 16) * size)) == NULL)
		return -1;
	*p = q;
	return 0;
}

static void
acc_clear(struct acc *a)
{
	for (size_t i = 0; i < a->nscenes; i++)
		free(a->scenes[i]);
	a->nscenes = a->ndays = 0;
}

int
rep_elements(struct rep_run *run)
{
	static const char sql[] =
	    "SELECT s.scene, s.eighths, p.day_id FROM strip_element se"
	    " JOIN strip s ON s.id = se.strip_id"
	    " LEFT JOIN placement p ON p.strip_id = s.id AND p.board_id = ?2"
	    " WHERE se.element_id = ?1 AND s.omitted = 0 AND s.type = 'scene'";
	sb_ctx *ctx = run->ctx;
	struct rep_days days;
	struct rep_table t;
	struct rep_el *els = NULL;
	struct acc a;
	int64_t *cats = NULL;
	size_t ncats = 0, nels = 0;
	int rc;

	memset(&a, 0, sizeof(a));
	if ((rc = rep_days_load(ctx, run->project_id, run->o->board, &days)) != SB_OK)
		goto out;
	if ((rc = rep_categories(ctx, run->project_id, run->o->categories, &cats,
	    &ncats)) != SB_OK ||
	    (rc = rep_elements_load(ctx, cats, ncats, &els, &nels)) != SB_OK)
		goto out;
	memset(&t, 0, sizeof(t));
	t.report = "elements";
	t.title = "Elements";
	t.board = days.board_name;
	t.ncols = NCOLS;
	t.cols = cols;
	if ((rc = rep_begin(run, &t)) != SB_OK)
		goto out;
	for (size_t i = 0; i < nels; i++) {
		const struct rep_el *e = &els[i];
		sb_st *st = sb_stmt(ctx, sql);
		int64_t eighths = 0, strips = 0;
		char pages[SB_EIGHTHS_BUFSZ], nstrips[24], ndays[24];
		char first[SB_DATE_BUFSZ] = "", last[SB_DATE_BUFSZ] = "";
		struct sb_buf dl, sl;
		const char *cells[NCOLS];
		int step;

		if (st == NULL) {
			rc = SB_EFAIL;
			goto out;
		}
		acc_clear(&a);
		sb_bind_int64(st, 1, e->id);
		sb_bind_int64(st, 2, days.board_id);
		while ((step = sb_step(st)) == SQLITE_ROW) {
			const char *scene = (const char *)sb_col_text(st, 0);
			int32_t no = sb_col_type(st, 2) == SQLITE_NULL ? 0 :
			    rep_day_no(&days, sb_col_int64(st, 2));

			strips++;
			eighths += sb_col_int64(st, 1);
			if (scene != NULL && scene[0] != '\0') {
				if (grow((void **)&a.scenes, &a.capscenes, a.nscenes,
				    sizeof(*a.scenes)) != 0 ||
				    (a.scenes[a.nscenes] = sb_strdup(scene)) == NULL) {
					sb_reset(st);
					rc = sb_err(ctx, SB_EFAIL, "out of memory");
					goto out;
				}
				a.nscenes++;
			}
			if (no > 0) {
				if (grow((void **)&a.days, &a.capdays, a.ndays,
				    sizeof(*a.days)) != 0) {
					sb_reset(st);
					rc = sb_err(ctx, SB_EFAIL, "out of memory");
					goto out;
				}
				a.days[a.ndays++] = no;
			}
		}
		sb_reset(st);
		if (step != SQLITE_DONE) {
			rc = sb_sqlerr(ctx, "element strips");
			goto out;
		}
		/* qsort() wants a real array even of none: an element on no day has none */
		if (a.nscenes > 1)
			qsort(a.scenes, a.nscenes, sizeof(*a.scenes), scene_cmp);
		if (a.ndays > 1)
			qsort(a.days, a.ndays, sizeof(*a.days), int_cmp);
		/* a day, or a scene, counts once */
		if (a.ndays > 0) {
			size_t k = 1;

			for (size_t j = 1; j < a.ndays; j++)
				if (a.days[j] != a.days[k - 1])
					a.days[k++] = a.days[j];
			a.ndays = k;
		}
		sb_buf_init(&dl);
		sb_buf_init(&sl);
		rep_ranges(&dl, a.days, a.ndays);
		for (size_t j = 0; j < a.nscenes; j++) {
			if (j > 0 && sb_scene_cmp(a.scenes[j], a.scenes[j - 1]) == 0)
				continue;
			if (sl.len > 0)
				sb_buf_puts(&sl, ", ");
			sb_buf_puts(&sl, a.scenes[j]);
		}
		if (a.ndays > 0 && days.cal != NULL) {
			sb_date_format(days.dates[a.days[0] - 1], first, sizeof(first));
			sb_date_format(days.dates[a.days[a.ndays - 1] - 1], last, sizeof(last));
		}
		snprintf(nstrips, sizeof(nstrips), "%lld", (long long)strips);
		snprintf(ndays, sizeof(ndays), "%zu", a.ndays);
		sb_eighths_format(eighths, pages, sizeof(pages));
		cells[C_CAT] = e->category;
		cells[C_ID] = e->board_id[0] != '\0' ? e->board_id : NULL;
		cells[C_EL] = e->name;
		cells[C_STRIPS] = nstrips;
		cells[C_PAGES] = pages;
		cells[C_NDAYS] = ndays;
		cells[C_FIRST] = first[0] != '\0' ? first : NULL;
		cells[C_LAST] = last[0] != '\0' ? last : NULL;
		cells[C_DAYS] = sb_buf_str(&dl);
		cells[C_SCENES] = sb_buf_str(&sl);
		if (dl.failed || sl.failed)
			rc = sb_err(ctx, SB_EFAIL, "out of memory");
		else
			rc = rep_row(run, "element", cells, NULL);
		sb_buf_free(&dl);
		sb_buf_free(&sl);
		if (rc != SB_OK)
			goto out;
	}
	rc = rep_end(run);
out:
	acc_clear(&a);
	free(a.scenes);
	free(a.days);
	rep_elements_free(els, nels);
	free(cats);
	rep_days_free(&days);
	return rc;
}
