/*
 * base_json.c - the one writer of JSON text: strings, and JSON texts kept
 * as text (stored changes), to a stream or to a buffer.
 *
 * Strings are escaped as RFC 8259 asks and no more: '"' and '\' take a
 * backslash, the control characters U+0000 to U+001F are written \b, \f,
 * \n, \r, \t or \u00XX, and everything else (DEL, all of Unicode) is
 * written as itself.
 *
 * Text that is not valid UTF-8 is repaired, never refused: a command line,
 * a file name or a file another program wrote may hold any bytes, and a
 * reader of our JSON must be able to parse every line.  Reading left to
 * right, a byte that begins a valid UTF-8 sequence is written with the
 * rest of it; any other byte (a stray continuation byte, 0xC0, 0xC1, 0xF5
 * to 0xFF, the start of an overlong form, of a surrogate, of a code point
 * above U+10FFFF or of a sequence cut short) becomes one U+FFFD, and
 * reading goes on at the next byte.  So "\xE2\x82" at the end of a string
 * gives two U+FFFD, and "\xC3\xA9" (e acute) is kept.  This is the repair
 * sb-log has always made.
 */
#include <config.h>

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "json_priv.h"

static const char hexdig[] = "0123456789abcdef";
static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

/* Where text goes: a stream, or else a buffer. */
struct sink {
	FILE *out;
	struct sb_buf *b;
};

static void
put(const struct sink *k, const void *s, size_t n)
{
	if (n == 0)
		return;
	if (k->out != NULL)
		fwrite(s, 1, n, k->out);
	else
		sb_buf_add(k->b, s, n);
}

/* The length of the valid UTF-8 sequence at p (p[0] >= 0x80), or 0. */
static size_t
utf8_seq(const unsigned char *p, const unsigned char *end)
{
	size_t n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : 2;

	return (size_t)(end - p) >= n && sb_utf8_valid((const char *)p, n) ? n : 0;
}

/*
 * Write s[0..len) with bytes that are not UTF-8 repaired; as_string: also
 * escape it as the inside of a JSON string.
 */
static void
put_text(const struct sink *k, const char *s, size_t len, int as_string)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	const unsigned char *run = p;
	char esc[8];

	while (p < end) {
		unsigned c = *p;
		size_t n;

		if (c >= 0x80) {
			if ((n = utf8_seq(p, end)) > 0) {
				p += n;
				continue;
			}
			put(k, run, (size_t)(p - run));
			put(k, replacement, 3);
			run = ++p;
			continue;
		}
		if (!as_string || (c >= 0x20 && c != '"' && c != '\\')) {
			p++;
			continue;
		}
		put(k, run, (size_t)(p - run));
		esc[0] = '\\';
		switch (c) {
		case '"': case '\\': esc[1] = (char)c; n = 2; break;
		case '\b': esc[1] = 'b'; n = 2; break;
		case '\f': esc[1] = 'f'; n = 2; break;
		case '\n': esc[1] = 'n'; n = 2; break;
		case '\r': esc[1] = 'r'; n = 2; break;
		case '\t': esc[1] = 't'; n = 2; break;
		default:
			esc[1] = 'u', esc[2] = '0', esc[3] = '0';
			esc[4] = hexdig[c >> 4], esc[5] = hexdig[c & 0xf];
			n = 6;
			break;
		}
		put(k, esc, n);
		run = ++p;
	}
	put(k, run, (size_t)(p - run));
}

static void
put_string(const struct sink *k, const char *s)
{
	if (s == NULL) {
		put(k, "null", 4);
		return;
	}
	put(k, "\"", 1);
	put_text(k, s, strlen(s), 1);
	put(k, "\"", 1);
}

void
sb_json_write_string(FILE *out, const char *s)
{
	struct sink k = { out, NULL };

	put_string(&k, s);
}

void
sb_json_quote(struct sb_buf *b, const char *s)
{
	struct sink k = { NULL, b };

	put_string(&k, s);
}

void
sb_json_write_text(FILE *out, const char *json)
{
	struct sink k = { out, NULL };

	if (json == NULL)
		put(&k, "null", 4);
	else
		put_text(&k, json, strlen(json), 0);
}

void
sb_json_add_text(struct sb_buf *b, const char *json)
{
	struct sink k = { NULL, b };

	if (json == NULL)
		put(&k, "null", 4);
	else
		put_text(&k, json, strlen(json), 0);
}

void
sb_utf8_repair(struct sb_buf *b, const char *s, size_t len)
{
	struct sink k = { NULL, b };

	put_text(&k, s, len, 0);
}

void
sb_json_int_or_null(struct sb_buf *b, int64_t v, int have)
{
	if (have)
		sb_buf_printf(b, "%lld", (long long)v);
	else
		sb_buf_puts(b, "null");
}

json_t *
sb_json_new_string(const char *s, size_t n)
{
	struct sb_buf b;
	json_t *j = json_stringn(s, n);

	/* NULL: not UTF-8 (Jansson checks), or out of memory */
	if (j != NULL || s == NULL || sb_utf8_valid(s, n))
		return j;
	sb_buf_init(&b);
	sb_utf8_repair(&b, s, n);
	j = b.failed ? NULL : json_stringn(sb_buf_str(&b), b.len);
	sb_buf_free(&b);
	return j;
}
