/*
 * op_report_write.c - the writers every report has: a readable table, CSV,
 * a JSON array and NDJSON.  Each turns the rows of any report (a struct
 * rep_table, then struct rep_row after struct rep_row) into its format, a
 * row at a time, holding nothing.  CSV and JSON carry the row's kind first
 * ("row"), so rows of several kinds (days and their strips) share one file
 * and stay apart for awk and jq.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "csv_priv.h"
#include "json_priv.h"
#include "report_priv.h"

/* A column's readable title: its own, else its key in capitals. */
static void
title_part(const struct rep_col *c, int line, char *buf, size_t size)
{
	const char *t = c->title != NULL ? c->title : c->key;
	const char *nl = strchr(t, '\n');
	size_t n;

	if (line == 1) {
		if (nl == NULL) {
			buf[0] = '\0';
			return;
		}
		t = nl + 1;
		nl = NULL;
	}
	n = nl != NULL ? (size_t)(nl - t) : strlen(t);
	if (n >= size)
		n = size - 1;
	memcpy(buf, t, n);
	buf[n] = '\0';
	if (c->title == NULL) {
		for (char *p = buf; *p != '\0'; p++) {
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
			else if (*p == '_')
				*p = ' ';
		}
	}
}

/* The last column the table shows: it is not padded. */
static size_t
last_shown(const struct rep_table *t)
{
	size_t last = 0;

	for (size_t i = 0; i < t->ncols; i++)
		if (!(t->cols[i].flags & REP_HIDDEN))
			last = i;
	return last;
}

static void
table_cell(FILE *out, const struct rep_col *c, const char *s, int last)
{
	int width = last ? 0 : c->width;

	if (c->flags & REP_NUM && width > 0) {
		fprintf(out, "%*s ", width, s != NULL ? s : "");
		return;
	}
	if (last) {
		fputs(s != NULL ? s : "", out);
		return;
	}
	if (c->flags & REP_PLAIN) {
		/* a short code: pad by bytes, which are characters here */
		size_t n = s != NULL ? strlen(s) : 0;

		if (n > 0)
			fwrite(s, 1, n, out);
		for (; (int)n <= width; n++)
			putc(' ', out);
		return;
	}
	sb_table_cell(out, s, width);
}

static int
table_begin(struct rep_writer *w, const struct rep_table *t)
{
	FILE *out = w->out;
	size_t last = last_shown(t);
	int lines = 1;

	fputs(t->title, out);
	if (t->project != NULL && t->project[0] != '\0')
		fprintf(out, " - %s", t->project);
	if (t->board != NULL)
		fprintf(out, " - board \"%s\"", t->board);
	fputc('\n', out);
	if (t->subtitle != NULL)
		fprintf(out, "%s\n", t->subtitle);
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].title != NULL && strchr(t->cols[i].title, '\n') != NULL)
			lines = 2;
	/* a report of lines alone has no header */
	if (t->ncols == 0 || (t->cols[last].flags & REP_HIDDEN))
		lines = 0;
	for (int line = 0; line < lines; line++) {
		for (size_t i = 0; i < t->ncols; i++) {
			char buf[256];

			if (t->cols[i].flags & REP_HIDDEN)
				continue;
			title_part(&t->cols[i], line, buf, sizeof(buf));
			table_cell(out, &t->cols[i], buf, i == last);
			if (i == last)
				break;
		}
		fputc('\n', out);
	}
	return SB_OK;
}

static int
table_row(struct rep_writer *w, const struct rep_row *r)
{
	const struct rep_table *t = w->t;
	size_t last;

	if (r->line != NULL) {
		fputs(r->line, w->out);
		putc('\n', w->out);
		return SB_OK;
	}
	if (r->cells == NULL)
		return SB_OK;
	last = last_shown(t);
	for (size_t i = 0; i < t->ncols; i++) {
		if (t->cols[i].flags & REP_HIDDEN)
			continue;
		table_cell(w->out, &t->cols[i], r->cells[i], i == last);
		if (i == last)
			break;
	}
	putc('\n', w->out);
	return SB_OK;
}

static int
table_end(struct rep_writer *w)
{
	(void)w;
	return SB_OK;
}

static int
csv_begin(struct rep_writer *w, const struct rep_table *t)
{
	fputs("row", w->out);
	for (size_t i = 0; i < t->ncols; i++) {
		putc(',', w->out);
		sb_csv_write_field(w->out, t->cols[i].key);
	}
	putc('\n', w->out);
	return SB_OK;
}

/* Room for need bytes in the writer's row buffer; NULL when out of memory. */
static char *
reserve(struct rep_writer *w, size_t need)
{
	struct sb_buf *b = &w->buf;

	if (need > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *p;

		while (cap < need)
			cap *= 2;
		if ((p = realloc(b->data, cap)) == NULL)
			return NULL;
		b->data = p;
		b->cap = cap;
	}
	return b->data;
}

/*
 * A row is made in a buffer and written at once: a Day Out of Days row
 * has a cell a date, tens of thousands of them, mostly empty.  The room
 * is counted first (a quoted field at most doubles), so the loop that
 * writes does not check it.
 */
static int
csv_row(struct rep_writer *w, const struct rep_row *r)
{
	const struct rep_table *t = w->t;
	size_t need = strlen(r->kind) + 2;
	char *p, *start;

	if (r->cells == NULL)
		return SB_OK;
	for (size_t i = 0; i < t->ncols; i++)
		need += 1 + (r->cells[i] == NULL ? 0 : t->cols[i].flags & (REP_PLAIN | REP_NUM) ?
		    strlen(r->cells[i]) : 2 * strlen(r->cells[i]) + 2);
	if ((start = reserve(w, need)) == NULL)
		return sb_err(w->ctx, SB_EFAIL, "out of memory");
	p = stpcpy(start, r->kind);
	for (size_t i = 0; i < t->ncols; i++) {
		const char *s = r->cells[i];

		*p++ = ',';
		if (s == NULL)
			continue;
		if (t->cols[i].flags & (REP_PLAIN | REP_NUM) || strpbrk(s, ",\"\r\n") == NULL) {
			p = stpcpy(p, s);
			continue;
		}
		/* RFC 4180: quoted, quotes doubled */
		*p++ = '"';
		for (; *s != '\0'; s++) {
			if (*s == '"')
				*p++ = '"';
			*p++ = *s;
		}
		*p++ = '"';
	}
	*p++ = '\n';
	fwrite(start, 1, (size_t)(p - start), w->out);
	return SB_OK;
}

static int
nothing_end(struct rep_writer *w)
{
	(void)w;
	return SB_OK;
}

static void
rep_json_object(struct rep_writer *w, const struct rep_row *r)
{
	const struct rep_table *t = w->t;
	FILE *out = w->out;
	const char *group = NULL;

	fputs("{\"row\":", out);
	sb_json_write_string(out, r->kind);
	for (size_t i = 0; i < t->ncols; i++) {
		const struct rep_col *c = &t->cols[i];
		const char *s = r->cells[i];

		if (group != NULL && (c->group == NULL || strcmp(c->group, group) != 0)) {
			putc('}', out);
			group = NULL;
		}
		if (c->group != NULL && group == NULL) {
			putc(',', out);
			sb_json_write_string(out, c->group);
			fputs(":{", out);
			group = c->group;
			w->group_open = 0;     /* no member yet */
		}
		if (s == NULL && c->flags & REP_SPARSE)
			continue;
		if (group != NULL) {
			if (w->group_open)
				putc(',', out);
			w->group_open = 1;
		} else {
			putc(',', out);
		}
		sb_json_write_string(out, c->key);
		putc(':', out);
		if (s == NULL)
			fputs("null", out);
		else if (c->flags & REP_NUM)
			fputs(s, out);
		else
			sb_json_write_string(out, s);
	}
	if (group != NULL)
		putc('}', out);
	putc('}', out);
}

static int
json_begin(struct rep_writer *w, const struct rep_table *t)
{
	(void)t;
	putc('[', w->out);
	return SB_OK;
}

static int
json_row(struct rep_writer *w, const struct rep_row *r)
{
	if (r->cells == NULL)
		return SB_OK;
	fputs(w->rows > 0 ? ",\n" : "\n", w->out);
	rep_json_object(w, r);
	return SB_OK;
}

static int
json_end(struct rep_writer *w)
{
	fputs(w->rows > 0 ? "\n]\n" : "]\n", w->out);
	return SB_OK;
}

static int
ndjson_begin(struct rep_writer *w, const struct rep_table *t)
{
	(void)w;
	(void)t;
	return SB_OK;
}

static int
ndjson_row(struct rep_writer *w, const struct rep_row *r)
{
	if (r->cells == NULL)
		return SB_OK;
	rep_json_object(w, r);
	putc('\n', w->out);
	return SB_OK;
}

const struct rep_writer_ops rep_write_table = { "table", table_begin, table_row, table_end };
const struct rep_writer_ops rep_write_csv = { "csv", csv_begin, csv_row, nothing_end };
const struct rep_writer_ops rep_write_json = { "json", json_begin, json_row, json_end };
const struct rep_writer_ops rep_write_ndjson = { "ndjson", ndjson_begin, ndjson_row,
	nothing_end };
