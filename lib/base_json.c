/*
 * base_json.c - writing JSON and CSV text by hand, for output that streams
 * row by row instead of being built as one document in memory.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "sb_priv.h"

static const char hexdig[] = "0123456789abcdef";

/* The escape for byte c, or NULL when it is written as itself. */
static const char *
escape_of(unsigned char c, char tmp[8])
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\b': return "\\b";
	case '\f': return "\\f";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	default:
		if (c >= 0x20)
			return NULL;
		tmp[0] = '\\', tmp[1] = 'u', tmp[2] = '0', tmp[3] = '0';
		tmp[4] = hexdig[c >> 4], tmp[5] = hexdig[c & 0xf], tmp[6] = '\0';
		return tmp;
	}
}

void
sb_json_quote(struct sb_buf *b, const char *s)
{
	const char *run = s;
	char tmp[8];

	sb_buf_add(b, "\"", 1);
	for (const char *p = s; *p != '\0'; p++) {
		const char *esc = escape_of((unsigned char)*p, tmp);

		if (esc == NULL)
			continue;
		sb_buf_add(b, run, (size_t)(p - run));
		sb_buf_puts(b, esc);
		run = p + 1;
	}
	sb_buf_puts(b, run);
	sb_buf_add(b, "\"", 1);
}

void
sb_json_fquote(FILE *out, const char *s)
{
	const char *run = s;
	char tmp[8];

	if (s == NULL) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (const char *p = s; *p != '\0'; p++) {
		const char *esc = escape_of((unsigned char)*p, tmp);

		if (esc == NULL)
			continue;
		fwrite(run, 1, (size_t)(p - run), out);
		fputs(esc, out);
		run = p + 1;
	}
	fputs(run, out);
	fputc('"', out);
}

void
sb_csv_fquote(FILE *out, const char *s)
{
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

void
sb_table_cell(FILE *out, const char *s, int width)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	int n = 0;

	/* count characters, not bytes; cut with an ellipsis to fit */
	for (; *p != '\0'; p++) {
		if ((*p & 0xc0) == 0x80) {
			fputc(*p, out);
			continue;
		}
		if (width > 0 && n == width - 1) {
			const unsigned char *q = p + 1;

			while ((*q & 0xc0) == 0x80)
				q++;
			if (*q != '\0') {
				fputs("\xe2\x80\xa6", out);
				n++;
				break;
			}
		}
		fputc(*p, out);
		n++;
	}
	for (; width > 0 && n <= width; n++)
		fputc(' ', out);
}

void
sb_json_int_or_null(struct sb_buf *b, int64_t v, int have)
{
	if (have)
		sb_buf_printf(b, "%lld", (long long)v);
	else
		sb_buf_puts(b, "null");
}
