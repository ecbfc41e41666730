/*
 * base_scene_no.c - scene numbers: the natural order a script's scenes sort in
 * ("2" < "2A" < "10" < "10A" < "A11") and their canonical written form.
 */
#include <config.h>

#include <string.h>

#include "stripboard.h"

/* ASCII only: a scene number's order must not depend on the locale. */
static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static const unsigned char *
skip_space(const unsigned char *s)
{
	while (is_space(*s))
		s++;
	return s;
}

/*
 * Compare the digit runs at *ap and *bp by value and move both past them.
 * Leading zeros are skipped and the rest compared by length, then digit by
 * digit, so a run of any length works without overflow.
 */
static int
cmp_number(const unsigned char **ap, const unsigned char **bp)
{
	const unsigned char *a = *ap, *b = *bp;
	size_t alen = 0, blen = 0;
	int c;

	while (*a == '0')
		a++;
	while (*b == '0')
		b++;
	while (is_digit(a[alen]))
		alen++;
	while (is_digit(b[blen]))
		blen++;
	*ap = a + alen;
	*bp = b + blen;
	if (alen != blen)
		return alen < blen ? -1 : 1;
	c = memcmp(a, b, alen);
	return c < 0 ? -1 : c > 0;
}

/*
 * A scene number is read as a sequence of tokens, spaces between them
 * ignored: a run of digits, or one other character.  Tokens order as
 * the end of the string < any number (by value) < any other character
 * (by byte, letters folded to lower case), and strings compare token by
 * token.  That is a lexicographic order over a total preorder of tokens,
 * so it is itself a total preorder and safe for qsort().
 *
 * Numbers equal in value compare equal whatever their leading zeros
 * ("011" = "11"), as letters do whatever their case ("11a" = "11A"): such
 * strings are the same scene written differently, and cmp == 0 means
 * exactly that.  A space ends a number: "1 2" is 1 then 2, not 12.
 */
int
sb_scene_cmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)(a != NULL ? a : "");
	const unsigned char *q = (const unsigned char *)(b != NULL ? b : "");

	for (;;) {
		int pd, qd;

		p = skip_space(p);
		q = skip_space(q);
		if (*p == '\0' || *q == '\0')
			return *p == '\0' ? (*q == '\0' ? 0 : -1) : 1;
		pd = is_digit(*p);
		qd = is_digit(*q);
		if (pd && qd) {
			int c = cmp_number(&p, &q);

			if (c != 0)
				return c;
		} else if (pd || qd) {
			return pd ? -1 : 1;
		} else {
			int pc = to_lower(*p), qc = to_lower(*q);

			if (pc != qc)
				return pc < qc ? -1 : 1;
			p++;
			q++;
		}
	}
}

/* Append c to buf at *len, if it fits with room for the NUL. */
static void
put(char *buf, size_t size, size_t *len, char c)
{
	if (*len + 1 < size)
		buf[*len] = c;
	(*len)++;
}

size_t
sb_scene_normalize(const char *scene, char *buf, size_t size)
{
	const unsigned char *s, *end;
	size_t len = 0;

	if (scene == NULL)
		scene = "";
	s = skip_space((const unsigned char *)scene);
	end = s + strlen((const char *)s);
	while (end > s && is_space(end[-1]))
		end--;
	while (s < end) {
		if (is_space(*s)) {
			const unsigned char *t = s;

			while (is_space(*t))
				t++;
			/*
			 * A space between a number and its letter goes
			 * ("11 A"); any other is part of the text ("108, 110").
			 * s > scene here, since leading spaces are gone.
			 */
			if (is_digit(s[-1]) && is_alpha(*t)) {
				s = t;
				continue;
			}
			for (; s < t; s++)
				put(buf, size, &len, (char)*s);
			continue;
		}
		put(buf, size, &len, (char)*s);
		s++;
	}
	if (size > 0)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}
