/*
 * base_eighths.c - page counts in eighths of a page, the unit a script is
 * broken down in: parsing "1 3/8", converting decimal pages, formatting.
 */
#include <config.h>

#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "stripboard.h"

/*
 * Any number longer than this is refused before it can overflow; it is far
 * above SB_EIGHTHS_MAX, which is checked at the end.
 */
#define NUM_CAP ((int64_t)1000000000)

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

static const char *
skip_space(const char *s)
{
	while (is_space((unsigned char)*s))
		s++;
	return s;
}

/*
 * Read a run of digits at *sp into *val.  0 if there is none or it is too
 * large; *sp is left after the run.
 */
static int
read_num(const char **sp, int64_t *val)
{
	const char *s = *sp;
	int64_t v = 0;

	if (!is_digit((unsigned char)*s))
		return 0;
	for (; is_digit((unsigned char)*s); s++) {
		v = v * 10 + (*s - '0');
		if (v > NUM_CAP)
			return 0;
	}
	*sp = s;
	*val = v;
	return 1;
}

/* Read "/8" at *sp. */
static int
read_denominator(const char **sp)
{
	const char *s = *sp;
	int64_t den;

	if (*s != '/')
		return 0;
	s++;
	if (!read_num(&s, &den) || den != 8)
		return 0;
	*sp = s;
	return 1;
}

int
sb_eighths_parse(const char *text, int64_t *eighths)
{
	const char *s;
	int64_t whole, frac, total;

	if (text == NULL || eighths == NULL)
		return SB_EUSAGE;
	s = skip_space(text);
	if (!read_num(&s, &whole))
		return SB_EDATA;
	if (*s == '/') {
		/* "4/8", or an improper "12/8" */
		if (!read_denominator(&s))
			return SB_EDATA;
		total = whole;
	} else {
		const char *t = skip_space(s);
		int dash = 0;

		if (*t == '-') {
			dash = 1;
			t = skip_space(t + 1);
		}
		if (*t == '\0') {
			if (dash)
				return SB_EDATA;
			total = whole * 8;
			s = t;
		} else {
			/*
			 * A mixed number, "1 3/8" or "1-3/8" (the digit run
			 * ended, so something stands between the two).  The
			 * fraction must be proper: "1 12/8" is a typing slip.
			 */
			if (!read_num(&t, &frac) || !read_denominator(&t) ||
			    frac >= 8)
				return SB_EDATA;
			total = whole * 8 + frac;
			s = t;
		}
	}
	s = skip_space(s);
	if (*s != '\0' || total > SB_EIGHTHS_MAX)
		return SB_EDATA;
	*eighths = total;
	return SB_OK;
}

int
sb_eighths_from_pages(double pages, int64_t *eighths, int *rounded)
{
	double x, r;

	if (eighths == NULL)
		return SB_EUSAGE;
	/* The comparisons are false for NaN: test for what is wanted. */
	if (!isfinite(pages) || !(pages >= 0.0) ||
	    pages > (double)SB_EIGHTHS_MAX / 8.0)
		return SB_EDATA;
	x = pages * 8.0;
	r = floor(x + 0.5);
	*eighths = (int64_t)r;
	if (rounded != NULL)
		*rounded = r != x;
	return SB_OK;
}

char *
sb_eighths_format(int64_t eighths, char *buf, size_t size)
{
	const char *sign = "";
	uint64_t u, whole;
	unsigned frac;

	if (buf == NULL || size == 0)
		return buf;
	/* Negative counts (differences) get a sign; INT64_MIN is fine too. */
	if (eighths < 0) {
		sign = "-";
		u = -(uint64_t)eighths;
	} else
		u = (uint64_t)eighths;
	whole = u / 8;
	frac = (unsigned)(u % 8);
	if (whole != 0 && frac != 0)
		snprintf(buf, size, "%s%" PRIu64 " %u/8", sign, whole, frac);
	else if (frac != 0)
		snprintf(buf, size, "%s%u/8", sign, frac);
	else
		snprintf(buf, size, "%s%" PRIu64, sign, whole);
	return buf;
}
