/*
 * base_html.c - text escaped for HTML.  The five characters that mean
 * something in markup (&, <, >, " and ') become character references, so
 * the same call serves text and attribute values.  Bytes that are not
 * UTF-8 are repaired the way every writer of the library repairs them
 * (base_json.c): each byte that does not begin a valid sequence becomes
 * one U+FFFD.  The C0 controls other than tab and newline are not allowed
 * in an HTML document's text, so they become U+FFFD too; tab and newline
 * are white space to a browser and kept.
 */
#include <config.h>

#include <string.h>

#include "html_priv.h"

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

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

static void
put_html(const struct sink *k, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;
	const unsigned char *end;

	if (s == NULL)
		return;
	end = p + strlen(s);
	run = p;
	while (p < end) {
		unsigned c = *p;
		const char *ref;

		if (c >= 0x80) {
			size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

			if ((size_t)(end - p) >= n && sb_utf8_valid((const char *)p, n)) {
				p += n;
				continue;
			}
			ref = replacement;
		} else if (c == '&') {
			ref = "&amp;";
		} else if (c == '<') {
			ref = "&lt;";
		} else if (c == '>') {
			ref = "&gt;";
		} else if (c == '"') {
			ref = "&quot;";
		} else if (c == '\'') {
			ref = "&#39;";
		} else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
			ref = replacement;
		} else {
			p++;
			continue;
		}
		put(k, run, (size_t)(p - run));
		put(k, ref, strlen(ref));
		run = ++p;
	}
	put(k, run, (size_t)(p - run));
}

void
sb_html_text(FILE *out, const char *s)
{
	struct sink k = { out, NULL };

	put_html(&k, s);
}

void
sb_html_quote(struct sb_buf *b, const char *s)
{
	struct sink k = { NULL, b };

	put_html(&k, s);
}
