/*
 * base_order.c - position keys: strings of base-62 digits that sort bytewise
 * and read as fractions 0.d1d2d3... in [0, 1), so that a key always fits
 * between two others and moving a strip rewrites only its own row.
 */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "sb_priv.h"

#define BASE 62

/* In ASCII order, so that keys compare with strcmp(). */
static const char digits[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* The value of digit c, or -1. */
static int
digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 36;
	return -1;
}

int
sb_key_valid(const char *key)
{
	const char *s;

	if (key == NULL || *key == '\0')
		return 0;
	for (s = key; *s != '\0'; s++)
		if (digit_value((unsigned char)*s) < 0)
			return 0;
	return s[-1] != '0';
}

/*
 * The midpoint of lo and hi as fractions, with as few digits as the
 * classic algorithm gives:
 *
 * - the digits hi shares with lo (lo read with trailing zeros) are
 *   copied;
 * - at the first digits that differ, dl < dh (dh = 62 past the end,
 *   hi NULL): if a digit lies strictly between, its middle ends the key;
 * - else if hi goes on, its digit alone is the key (below hi, which is
 *   longer, and above lo, whose digit is less);
 * - else lo's digit is copied and the rest is the midpoint of what
 *   remains of lo and the end.
 *
 * Each last digit is above another digit, so never '0'.  Appending after
 * the last key climbs "V", "l", "t", "x", "z", "zV", ...: a digit more
 * every five or so; inserting before the first goes down as slowly.
 */
int
sb_key_between(const char *lo, const char *hi, char *out, size_t size)
{
	size_t li = 0, hj = 0, len = 0;
	size_t llen;

	if (out == NULL || size < SB_KEY_MAX + 2)
		return SB_EUSAGE;
	if ((lo != NULL && !sb_key_valid(lo)) ||
	    (hi != NULL && !sb_key_valid(hi)) ||
	    (lo != NULL && hi != NULL && strcmp(lo, hi) >= 0))
		return SB_EUSAGE;
	if (lo == NULL)
		lo = "";
	llen = strlen(lo);
	for (;;) {
		int dl, dh;

		if (hi != NULL) {
			/* hi never ends in '0', so this stops inside hi. */
			while ((li < llen ? lo[li] : '0') == hi[hj]) {
				if (len == SB_KEY_MAX)
					return SB_EDATA;
				out[len++] = hi[hj++];
				li++;
			}
		}
		dl = li < llen ? digit_value((unsigned char)lo[li]) : 0;
		dh = hi != NULL ? digit_value((unsigned char)hi[hj]) : BASE;
		if (len == SB_KEY_MAX)
			return SB_EDATA;
		if (dh - dl > 1) {
			out[len++] = digits[(dl + dh + 1) / 2];
			break;
		}
		if (hi != NULL && hi[hj + 1] != '\0') {
			out[len++] = hi[hj];
			break;
		}
		out[len++] = digits[dl];
		li++;
		hi = NULL;
	}
	out[len] = '\0';
	return SB_OK;
}

/*
 * The next base-62 digit of the fraction rem/m (rem < m): 62 * rem =
 * digit * m + new rem.  Exact for any m; the product fits 64 bits for
 * all but enormous m, which add their way there instead.
 */
static int
next_digit(uint64_t *rem, uint64_t m)
{
	uint64_t r = *rem, acc = 0;
	int d = 0;

	if (m <= UINT64_MAX / BASE) {
		acc = r * BASE;
		*rem = acc % m;
		return (int)(acc / m);
	}
	for (int k = 0; k < BASE; k++) {
		/* acc + r, modulo m, without overflow; both are below m. */
		if (acc >= m - r) {
			acc -= m - r;
			d++;
		} else
			acc += r;
	}
	*rem = acc;
	return d;
}

/*
 * Key i of n is floor((i + 1) * 62^L / (n + 1)) written in L digits: the
 * first L base-62 digits of the fraction (i + 1) / (n + 1), found by long
 * division.  L is the least with 62^L > n, so 62^L >= n + 1 and
 * consecutive keys differ by at least 62^L / (n + 1) >= 1: they are
 * distinct, increasing, above zero and below one.  Trailing zeros are
 * dropped, which keeps their order.
 */
int
sb_key_spread(uint64_t i, uint64_t n, char *out, size_t size)
{
	uint64_t p = 1, rem, m;
	size_t len = 0;
	int width = 0;

	if (out == NULL || n == 0 || i >= n || n == UINT64_MAX)
		return SB_EUSAGE;
	while (p <= n) {
		width++;
		if (p > UINT64_MAX / BASE)
			break; /* 62^width > UINT64_MAX >= n */
		p *= BASE;
	}
	if (size < (size_t)width + 1)
		return SB_EUSAGE;
	m = n + 1;
	rem = i + 1;
	for (int k = 0; k < width; k++) {
		int d = next_digit(&rem, m);

		out[k] = digits[d];
		if (d != 0)
			len = (size_t)k + 1;
	}
	out[len] = '\0';
	return SB_OK;
}

void
sb_key_seq(uint64_t n, char out[SB_KEY_MAX + 2])
{
	/* 8 digits (62^8 > 2e14) and a final 'V' so no key ends in '0' */
	for (int i = 7; i >= 0; i--) {
		out[i] = digits[n % 62];
		n /= 62;
	}
	out[8] = 'V';
	out[9] = '\0';
}

int
sb_keys_between(const char *lo, const char *hi, size_t n, char (*out)[SB_KEY_MAX + 2])
{
	size_t mid;
	int rc;

	if (n == 0)
		return SB_OK;
	/* bisect: the middle key first, then each half, so keys stay short */
	mid = n / 2;
	if ((rc = sb_key_between(lo, hi, out[mid], SB_KEY_MAX + 2)) != SB_OK)
		return rc;
	if ((rc = sb_keys_between(lo, out[mid], mid, out)) != SB_OK)
		return rc;
	return sb_keys_between(out[mid], hi, n - mid - 1, out + mid + 1);
}
