/*
 * base_csv_write.c - the one writer of CSV fields (RFC 4180), for every
 * CSV the library and the commands write; base_csv_read.c reads them back.
 *
 * A field holding a comma, a double quote, CR or LF is quoted and its
 * double quotes doubled; any other is written as it is.  Bytes go through
 * as they are, UTF-8 or not: a CSV export reads back byte for byte.
 * sb_csv_write_text() writes for a spreadsheet instead (sb-export
 * --spreadsheet): no formula runs when it is opened, and it reads back
 * with a quote before such cells.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "csv_priv.h"

static int
must_quote(const char *s)
{
	return strpbrk(s, ",\"\r\n") != NULL;
}

/* The inside of a quoted field: s with its double quotes doubled. */
static void
put_quoted(FILE *out, const char *s)
{
	for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
		fwrite(s, 1, (size_t)(q - s) + 1, out);
		fputc('"', out);
	}
	fputs(s, out);
}

void
sb_csv_write_field(FILE *out, const char *s)
{
	if (s == NULL)
		return;
	if (!must_quote(s)) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	put_quoted(out, s);
	fputc('"', out);
}

void
sb_csv_write_text(FILE *out, const char *s)
{
	if (s == NULL || s[0] == '\0' || strchr("=+-@\t\r", s[0]) == NULL) {
		sb_csv_write_field(out, s);
		return;
	}
	fputs("\"'", out);
	put_quoted(out, s);
	fputc('"', out);
}

/* Write s as it is, or as the inside of a quoted field. */
static void
put(FILE *out, const char *s, int quote)
{
	if (quote)
		put_quoted(out, s);
	else
		fputs(s, out);
}

void
sb_csv_write_joined(FILE *out, const char *sep,
    const char *(*part)(void *arg, size_t i), void *arg)
{
	int quote = 0, sep_quotes = must_quote(sep);
	const char *s;

	/* the separator shows only between two parts */
	for (size_t i = 0; !quote && (s = part(arg, i)) != NULL; i++)
		quote = must_quote(s) || (i > 0 && sep_quotes);
	if (quote)
		fputc('"', out);
	for (size_t i = 0; (s = part(arg, i)) != NULL; i++) {
		if (i > 0)
			put(out, sep, quote);
		put(out, s, quote);
	}
	if (quote)
		fputc('"', out);
}
