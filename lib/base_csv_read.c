/*
 * base_csv_read.c - reading CSV a record at a time through libcsv, strictly
 * (RFC 4180: quotes only around whole fields, spaces are data), with the
 * line each record starts on, a ceiling on field size and a UTF-8 check.
 */
#include <config.h>

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "input_priv.h"

struct rows {
	sb_ctx *ctx;
	const char *file;
	sb_csv_record_fn fn;
	void *arg;
	int rc;
	uint64_t line;         /* lines fed so far, from 1 */
	uint64_t record_line;  /* where the record being read started */
	uint64_t next_line;    /* where the next record will start, at the latest */
	int in_record;
	/*
	 * The record's fields, each ended by a NUL, one after another in
	 * text[], at[i] where field i starts; fields[] is made from at[]
	 * when the record ends (a malloc and a free a field were a twentieth
	 * of a CSV import).  Both arrays grow to the largest record.
	 */
	char *text;
	size_t len, textcap;
	size_t *at;
	char **fields;
	size_t n, cap;
};

static void
clear(struct rows *r)
{
	r->n = 0;
	r->len = 0;
	r->in_record = 0;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct rows *r = data;

	if (r->rc != SB_OK)
		return;
	if (!r->in_record) {
		r->in_record = 1;
		r->record_line = r->next_line;
	}
	if (len > SB_MAX_FIELD) {
		r->rc = sb_err(r->ctx, SB_EDATA, "%s: line %llu: field %zu: more than "
		    "the %d bytes a field may hold", r->file,
		    (unsigned long long)r->record_line, r->n + 1, SB_MAX_FIELD);
		return;
	}
	if (!sb_utf8_valid(s != NULL ? s : "", len)) {
		r->rc = sb_err(r->ctx, SB_EDATA, "%s: line %llu: field %zu: not valid "
		    "UTF-8 text", r->file, (unsigned long long)r->record_line, r->n + 1);
		return;
	}
	if (r->n == r->cap) {
		/* (at may grow and fields not: at holds more than cap then) */
		size_t cap = r->cap, fcap = r->cap;
		void *p = sb_grow(r->at, &cap, r->n, 32, sizeof(*r->at)), *q;

		if (p != NULL)
			r->at = p;
		q = p != NULL ? sb_grow(r->fields, &fcap, r->n, 32, sizeof(*r->fields)) : NULL;
		if (q == NULL) {
			r->rc = sb_err(r->ctx, SB_EFAIL, "out of memory");
			return;
		}
		r->fields = q;
		r->cap = cap;
	}
	/* fields are at most SB_MAX_FIELD bytes, a record as many as it has */
	if (len + 1 > r->textcap - r->len) {
		size_t cap = r->textcap ? r->textcap : 4096;
		void *p;

		while (cap - r->len < len + 1) {
			if (cap > SIZE_MAX / 2) {
				r->rc = sb_err(r->ctx, SB_EFAIL, "out of memory");
				return;
			}
			cap *= 2;
		}
		if ((p = realloc(r->text, cap)) == NULL) {
			r->rc = sb_err(r->ctx, SB_EFAIL, "out of memory");
			return;
		}
		r->text = p;
		r->textcap = cap;
	}
	r->at[r->n] = r->len;
	if (len > 0)
		memcpy(r->text + r->len, s, len);
	r->text[r->len + len] = '\0';
	r->len += len + 1;
	r->n++;
}

static void
on_record(int term, void *data)
{
	struct rows *r = data;

	(void)term;
	for (size_t i = 0; i < r->n; i++)
		r->fields[i] = r->text + r->at[i];
	if (r->rc == SB_OK)
		r->rc = r->fn(r->arg, r->fields, r->n, r->in_record ? r->record_line :
		    r->next_line);
	clear(r);
	/* the newline that ended this record is on the line being fed */
	r->next_line = r->line + 1;
}

static int
no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

int
sb_csv_rows(sb_ctx *ctx, struct sb_input *in, sb_csv_record_fn fn, void *arg)
{
	struct csv_parser p;
	struct rows r;
	char buf[65536];
	ssize_t n = 0;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.file = in->name;
	r.fn = fn;
	r.arg = arg;
	r.line = 1;
	r.next_line = 1;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return sb_err(ctx, SB_EFAIL, "out of memory");
	/* Spaces are part of a field (RFC 4180): libcsv would trim them. */
	csv_set_space_func(&p, no_space);
	while (r.rc == SB_OK && (n = sb_input_read(in, buf, sizeof(buf))) > 0) {
		const char *s = buf, *end = buf + n;

		/* a line at a time, so a record's line number is known */
		while (s < end && r.rc == SB_OK) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t len = nl != NULL ? (size_t)(nl - s) + 1 : (size_t)(end - s);

			if (csv_parse(&p, s, len, on_field, on_record, &r) != len &&
			    r.rc == SB_OK)
				r.rc = sb_err(ctx, SB_EDATA, "%s: line %llu: malformed CSV: "
				    "%s (a quote inside an unquoted field, or text after a "
				    "closing quote)", r.file,
				    (unsigned long long)(r.in_record ? r.record_line : r.next_line),
				    csv_strerror(csv_error(&p)));
			if (r.rc == SB_OK && p.entry_pos > SB_MAX_FIELD)
				r.rc = sb_err(ctx, SB_EDATA, "%s: line %llu: field %zu: more "
				    "than the %d bytes a field may hold", r.file,
				    (unsigned long long)(r.in_record ? r.record_line : r.next_line),
				    r.n + 1, SB_MAX_FIELD);
			if (nl != NULL)
				r.line++;
			s += len;
		}
	}
	if (r.rc == SB_OK && n < 0)
		r.rc = sb_err(ctx, SB_EDATA, "%s: cannot read: %s", r.file, strerror(errno));
	if (r.rc == SB_OK && csv_fini(&p, on_field, on_record, &r) != 0 && r.rc == SB_OK)
		r.rc = sb_err(ctx, SB_EDATA, "%s: line %llu: the file ends inside a "
		    "quoted field: truncated?", r.file,
		    (unsigned long long)(r.in_record ? r.record_line : r.next_line));
	free(r.text);
	free(r.at);
	free(r.fields);
	csv_free(&p);
	return r.rc;
}
