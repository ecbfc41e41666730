/*
 * op_report_html.c - the HTML writer every report has (--format html):
 * the rows of any report as a table in the one look of the HTML reports
 * (fmt_html.c), so the Day Out of Days, the one-liner, the schedule, the
 * elements and the flags print like the stripboard: a page header with
 * the production, the report and the board, column names that repeat on
 * every printed sheet, day breaks black, banners grey, holidays red.
 *
 * A row's kind is its class: "end" (an end-of-day line) a black day
 * break, "day" a day's header, "banner" grey, "holiday" red, "off" and
 * "travel" light grey, "total" ruled off.  A row with a line (what a
 * readable writer prints instead of the cells) spans the table; one with
 * a line and no cells (which CSV and JSON leave out) has the class "line"
 * too.  Rows stream: nothing is held, but for a table whose run of
 * paged columns (rep_table.page_lo/hi: the DOOD's dates) is longer than
 * REP_HTML_PAGE_COLS: its rows go to a temporary file (memory stays flat)
 * and are written once for each run of REP_HTML_PAGE_COLS of those columns,
 * each run its own section (its own printed pages) with the other columns
 * beside it and the dates it covers in its header, so that a long run
 * prints on paper instead of off its edge.
 */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html_priv.h"
#include "report_priv.h"

/* A column's title: its own (a "\n" breaks it), else its key in capitals. */
static void
col_title(FILE *out, const struct rep_col *c)
{
	if (c->title != NULL) {
		const char *nl;

		for (const char *p = c->title; p != NULL; p = nl != NULL ? nl + 1 : NULL) {
			char part[256];

			nl = strchr(p, '\n');
			snprintf(part, sizeof(part), "%.*s", nl != NULL ? (int)(nl - p) :
			    (int)strlen(p), p);
			if (p != c->title)
				fputs("<br>", out);
			sb_html_text(out, part);
		}
		return;
	}
	for (const char *p = c->key; *p != '\0'; p++) {
		char s[2] = { *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') :
		    *p == '_' ? ' ' : *p, '\0' };

		sb_html_text(out, s);
	}
}

/* The production's title (else its name) when the report does not say it. */
static int
production(struct rep_writer *w, const struct rep_table *t, char *buf, size_t size)
{
	static const char sql[] =
	    "SELECT coalesce(nullif(title, ''), name) FROM project WHERE id = ?1";
	sb_st *st;
	int rc;

	buf[0] = '\0';
	if (t->project != NULL) {
		snprintf(buf, size, "%s", t->project);
		return SB_OK;
	}
	if ((st = sb_stmt(w->ctx, sql)) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, w->project_id);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		snprintf(buf, size, "%s", (const char *)sb_col_text(st, 0));
	sb_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_OK : sb_sqlerr(w->ctx, "project");
}

/* Whether column i is shown in the run [lo, hi) of the paged columns. */
static int
in_run(const struct rep_table *t, size_t i, size_t lo, size_t hi)
{
	if (t->cols[i].flags & REP_HIDDEN)
		return 0;
	return i < t->page_lo || i >= t->page_hi || (i >= lo && i < hi);
}

/* The columns shown in the run [lo, hi). */
static size_t
shown_in(const struct rep_table *t, size_t lo, size_t hi)
{
	size_t n = 0;

	for (size_t i = 0; i < t->ncols; i++)
		n += (size_t)in_run(t, i, lo, hi);
	return n;
}

/* A table that is printed a run of its paged columns at a time. */
static int
paged(const struct rep_table *t)
{
	return t->page_hi > t->page_lo && t->page_hi <= t->ncols &&
	    t->page_hi - t->page_lo > REP_HTML_PAGE_COLS;
}

/* The document's head: its title. */
static int
doc_begin(struct rep_writer *w, const struct rep_table *t, char *prod, size_t size)
{
	char title[1024];
	int rc;

	if ((rc = production(w, t, prod, size)) != SB_OK)
		return rc;
	snprintf(title, sizeof(title), "%s \xe2\x80\x94 %s%s%s", prod, t->title,
	    t->board != NULL ? " \xe2\x80\x94 " : "", t->board != NULL ? t->board : "");
	sb_html_begin(w->out, title, NULL);
	return SB_OK;
}

/*
 * A section: the page header, the table's head with the columns of the
 * run [lo, hi) (every column when the table is not paged); part is the
 * run's number from 1 (0: not paged) of nparts.
 */
static void
section_begin(struct rep_writer *w, const struct rep_table *t, const char *prod,
    size_t lo, size_t hi, size_t part, size_t nparts)
{
	FILE *out = w->out;
	int groups = 0;

	fputs("<section class=\"page rp\">\n<header class=\"ph\"><div><h1>", out);
	sb_html_text(out, prod);
	fputs("</h1><p>", out);
	sb_html_text(out, t->title);
	if (t->board != NULL) {
		fputs(" \xc2\xb7 ", out);
		sb_html_text(out, t->board);
	}
	if (part > 0) {
		fprintf(out, " \xc2\xb7 <span class=\"run\">%s %zu of %zu: ",
		    t->cols[lo].group != NULL ? t->cols[lo].group : "columns", part, nparts);
		sb_html_text(out, t->cols[lo].key);
		fputs(" to ", out);
		sb_html_text(out, t->cols[hi - 1].key);
		fputs("</span>", out);
	}
	fputs("</p></div><div class=\"rt\"><p>", out);
	sb_html_text(out, t->subtitle);
	fputs("</p></div></header>\n<table class=\"rp\">\n<thead>", out);
	for (size_t i = 0; i < t->ncols; i++)
		groups |= t->cols[i].group != NULL;
	if (groups) {
		/* a row above the names: each run of a group's columns under its name */
		fputs("<tr class=\"grp\">", out);
		for (size_t i = 0; i < t->ncols; ) {
			const char *g = t->cols[i].group;
			size_t span = 0, j = i;

			for (; j < t->ncols && (g == NULL ? t->cols[j].group == NULL :
			    t->cols[j].group != NULL && strcmp(t->cols[j].group, g) == 0); j++)
				if (in_run(t, j, lo, hi))
					span++;
			if (span > 0) {
				fprintf(out, "<th colspan=\"%zu\">", span);
				sb_html_text(out, g);
				fputs("</th>", out);
			}
			i = j;
		}
		fputs("</tr>\n", out);
	}
	fputs("<tr>", out);
	for (size_t i = 0; i < t->ncols; i++) {
		if (!in_run(t, i, lo, hi))
			continue;
		fputs(t->cols[i].flags & REP_NUM ? "<th class=\"R\">" : "<th>", out);
		col_title(out, &t->cols[i]);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
}

static void
section_end(struct rep_writer *w, const struct rep_table *t, size_t lo, size_t hi)
{
	if (w->rows == 0)
		fprintf(w->out, "<tr class=\"none\"><td colspan=\"%zu\">Nothing to report."
		    "</td></tr>\n", shown_in(t, lo, hi));
	fputs("</tbody></table>\n</section>\n", w->out);
}

/* One row, with the columns of the run [lo, hi). */
static void
row_out(FILE *out, const struct rep_table *t, const char *kind, const char *const *cells,
    const char *line, size_t lo, size_t hi)
{
	/* a row of a line alone (no cells: CSV and JSON leave it out) says so */
	fputs("<tr class=\"", out);
	sb_html_text(out, kind);
	fputs(cells == NULL ? " line\">" : "\">", out);
	if (line != NULL || cells == NULL) {
		fprintf(out, "<td colspan=\"%zu\">", shown_in(t, lo, hi));
		sb_html_text(out, line);
		fputs("</td></tr>\n", out);
		return;
	}
	for (size_t i = 0; i < t->ncols; i++) {
		if (!in_run(t, i, lo, hi))
			continue;
		fputs(t->cols[i].flags & REP_NUM ? "<td class=\"R\">" : "<td>", out);
		sb_html_text(out, cells[i]);
		fputs("</td>", out);
	}
	fputs("</tr>\n", out);
}

/* A paged table's rows, held in a temporary file until the end. */
struct spool {
	FILE *f;
	char prod[512];
};

static int
html_begin(struct rep_writer *w, const struct rep_table *t)
{
	struct spool *sp;
	char prod[512];
	int rc;

	if ((rc = doc_begin(w, t, prod, sizeof(prod))) != SB_OK)
		return rc;
	if (!paged(t)) {
		section_begin(w, t, prod, 0, 0, 0, 0);
		return SB_OK;
	}
	if ((sp = calloc(1, sizeof(*sp))) == NULL)
		return sb_err(w->ctx, SB_EFAIL, "out of memory");
	if ((sp->f = tmpfile()) == NULL) {
		free(sp);
		return sb_err(w->ctx, SB_EFAIL, "a temporary file for the pages: %s",
		    strerror(errno));
	}
	snprintf(sp->prod, sizeof(sp->prod), "%s", prod);
	w->state = sp;
	return SB_OK;
}

/* A string in the spool: its length (SIZE_MAX: NULL), then its bytes. */
static void
spool_put(FILE *f, const char *s)
{
	size_t n = s != NULL ? strlen(s) : SIZE_MAX;

	fwrite(&n, sizeof(n), 1, f);
	if (s != NULL)
		fwrite(s, 1, n, f);
}

/* The next string of the spool into *s (malloc'd, NULL for NULL); -1 at a failure. */
static int
spool_get(FILE *f, char **s)
{
	size_t n;

	*s = NULL;
	if (fread(&n, sizeof(n), 1, f) != 1)
		return -1;
	if (n == SIZE_MAX)
		return 0;
	if (n > ((size_t)1 << 30) || (*s = malloc(n + 1)) == NULL)
		return -1;
	if (n > 0 && fread(*s, 1, n, f) != n) {
		free(*s);
		*s = NULL;
		return -1;
	}
	(*s)[n] = '\0';
	return 0;
}

static int
html_row(struct rep_writer *w, const struct rep_row *r)
{
	const struct rep_table *t = w->t;
	struct spool *sp = w->state;

	if (sp == NULL) {
		row_out(w->out, t, r->kind, r->cells, r->line, 0, 0);
		return SB_OK;
	}
	spool_put(sp->f, r->kind);
	spool_put(sp->f, r->line);
	fputc(r->cells != NULL, sp->f);
	for (size_t i = 0; r->cells != NULL && i < t->ncols; i++)
		spool_put(sp->f, r->cells[i]);
	return ferror(sp->f) ? sb_err(w->ctx, SB_EFAIL, "a temporary file for the "
	    "pages: write error") : SB_OK;
}

/* The spooled rows, with the columns of the run [lo, hi). */
static int
spool_out(struct rep_writer *w, struct spool *sp, size_t lo, size_t hi)
{
	const struct rep_table *t = w->t;
	char **cells = calloc(t->ncols, sizeof(*cells));
	int rc = SB_OK;

	if (cells == NULL)
		return sb_err(w->ctx, SB_EFAIL, "out of memory");
	rewind(sp->f);
	for (int64_t k = 0; k < w->rows && rc == SB_OK; k++) {
		char *kind = NULL, *line = NULL;
		int has;

		if (spool_get(sp->f, &kind) != 0 || spool_get(sp->f, &line) != 0 ||
		    (has = fgetc(sp->f)) == EOF)
			rc = -1;
		for (size_t i = 0; rc == SB_OK && has && i < t->ncols; i++)
			if (spool_get(sp->f, &cells[i]) != 0)
				rc = -1;
		if (rc == SB_OK)
			row_out(w->out, t, kind != NULL ? kind : "", has ?
			    (const char *const *)cells : NULL, line, lo, hi);
		free(kind);
		free(line);
		for (size_t i = 0; i < t->ncols; i++) {
			free(cells[i]);
			cells[i] = NULL;
		}
	}
	free(cells);
	return rc == SB_OK ? SB_OK : sb_err(w->ctx, SB_EFAIL, "a temporary file for the "
	    "pages: read error");
}

static int
html_end(struct rep_writer *w)
{
	const struct rep_table *t = w->t;
	struct spool *sp = w->state;
	int rc = SB_OK;

	if (sp == NULL) {
		section_end(w, t, 0, 0);
	} else {
		size_t n = t->page_hi - t->page_lo;
		size_t parts = (n + REP_HTML_PAGE_COLS - 1) / REP_HTML_PAGE_COLS;

		for (size_t p = 0; p < parts && rc == SB_OK; p++) {
			size_t lo = t->page_lo + p * REP_HTML_PAGE_COLS;
			size_t hi = lo + REP_HTML_PAGE_COLS < t->page_hi ?
			    lo + REP_HTML_PAGE_COLS : t->page_hi;

			section_begin(w, t, sp->prod, lo, hi, p + 1, parts);
			rc = spool_out(w, sp, lo, hi);
			section_end(w, t, lo, hi);
		}
		fclose(sp->f);
		free(sp);
		w->state = NULL;
	}
	sb_html_end(w->out);
	return rc;
}

void
rep_html_discard(struct rep_writer *w)
{
	struct spool *sp = w->state;

	if (sp != NULL) {
		fclose(sp->f);
		free(sp);
		w->state = NULL;
	}
}

const struct rep_writer_ops rep_write_html = { "html", html_begin, html_row, html_end };
