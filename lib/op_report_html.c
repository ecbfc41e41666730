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
 * too.  Rows stream: nothing is held.
 */
#include <config.h>

#include <string.h>

#include "html_priv.h"
#include "report_priv.h"

/* The columns the readable writers show: not REP_HIDDEN. */
static size_t
shown(const struct rep_table *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->ncols; i++)
		if (!(t->cols[i].flags & REP_HIDDEN))
			n++;
	return n;
}

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

static int
html_begin(struct rep_writer *w, const struct rep_table *t)
{
	FILE *out = w->out;
	char title[1024], prod[512];
	int groups = 0, rc;

	if ((rc = production(w, t, prod, sizeof(prod))) != SB_OK)
		return rc;
	snprintf(title, sizeof(title), "%s \xe2\x80\x94 %s%s%s", prod, t->title,
	    t->board != NULL ? " \xe2\x80\x94 " : "", t->board != NULL ? t->board : "");
	sb_html_begin(out, title, NULL);
	fputs("<section class=\"page rp\">\n<header class=\"ph\"><div><h1>", out);
	sb_html_text(out, prod);
	fputs("</h1><p>", out);
	sb_html_text(out, t->title);
	if (t->board != NULL) {
		fputs(" \xc2\xb7 ", out);
		sb_html_text(out, t->board);
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
				if (!(t->cols[j].flags & REP_HIDDEN))
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
		if (t->cols[i].flags & REP_HIDDEN)
			continue;
		fputs(t->cols[i].flags & REP_NUM ? "<th class=\"R\">" : "<th>", out);
		col_title(out, &t->cols[i]);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	return SB_OK;
}

static int
html_row(struct rep_writer *w, const struct rep_row *r)
{
	const struct rep_table *t = w->t;
	FILE *out = w->out;

	/* a row of a line alone (no cells: CSV and JSON leave it out) says so */
	fputs("<tr class=\"", out);
	sb_html_text(out, r->kind);
	fputs(r->cells == NULL ? " line\">" : "\">", out);
	if (r->line != NULL || r->cells == NULL) {
		fprintf(out, "<td colspan=\"%zu\">", shown(t));
		sb_html_text(out, r->line);
		fputs("</td></tr>\n", out);
		return SB_OK;
	}
	for (size_t i = 0; i < t->ncols; i++) {
		if (t->cols[i].flags & REP_HIDDEN)
			continue;
		fputs(t->cols[i].flags & REP_NUM ? "<td class=\"R\">" : "<td>", out);
		sb_html_text(out, r->cells[i]);
		fputs("</td>", out);
	}
	fputs("</tr>\n", out);
	return SB_OK;
}

static int
html_end(struct rep_writer *w)
{
	FILE *out = w->out;

	if (w->rows == 0)
		fprintf(out, "<tr class=\"none\"><td colspan=\"%zu\">Nothing to report.</td></tr>\n",
		    shown(w->t));
	fputs("</tbody></table>\n</section>\n", out);
	sb_html_end(out);
	return SB_OK;
}

const struct rep_writer_ops rep_write_html = { "html", html_begin, html_row, html_end };
