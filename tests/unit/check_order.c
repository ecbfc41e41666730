/*
 * check_order.c - unit tests of position keys (lib/base_order.c).
 */
#include <config.h>

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stripboard.h"

/*
 * ck_assert*() reports its place to the runner on every call, which is slow
 * in loops of millions: these report only on failure.
 */
#define CHECK(cond) do { \
	if (!(cond)) \
		ck_abort_msg("%s:%d: %s", __FILE__, __LINE__, #cond); \
} while (0)
#define CHECK_EQ(a, b) do { \
	long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ != b_) \
		ck_abort_msg("%s:%d: %s == %s: %lld != %lld", __FILE__, \
		    __LINE__, #a, #b, a_, b_); \
} while (0)

#define KEYSZ (SB_KEY_MAX + 2)

static const char digits[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* Between, with its properties checked. */
static void
between_ok(const char *lo, const char *hi, char *out)
{
	int rc = sb_key_between(lo, hi, out, KEYSZ);

	if (rc != SB_OK)
		ck_abort_msg("between(%s, %s) = %d", lo ? lo : "NULL",
		    hi ? hi : "NULL", rc);
	if (!sb_key_valid(out) || strlen(out) > SB_KEY_MAX ||
	    (lo != NULL && strcmp(lo, out) >= 0) ||
	    (hi != NULL && strcmp(out, hi) >= 0))
		ck_abort_msg("between(%s, %s) = \"%s\"", lo ? lo : "NULL",
		    hi ? hi : "NULL", out);
}

START_TEST(test_valid)
{
	static const char *const good[] = {
		"1", "V", "z", "Z", "0V", "a1", "001", "zzzz", "0123456789abcXYZ"
	};
	static const char *const bad[] = {
		"", "0", "00", "10", "V0", "-", "a b", "a-", "\xc3\xa9", "V\n",
		"V.", "_", "~"
	};

	for (size_t k = 0; k < sizeof(good) / sizeof(good[0]); k++)
		ck_assert_msg(sb_key_valid(good[k]), "%s", good[k]);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		ck_assert_msg(!sb_key_valid(bad[k]), "%s", bad[k]);
	ck_assert(!sb_key_valid(NULL));
	/* Every digit but '0' is a key by itself. */
	for (int c = 1; c < 256; c++) {
		char k[2] = { (char)c, '\0' };

		ck_assert_int_eq(sb_key_valid(k),
		    c != '0' && strchr(digits, c) != NULL);
	}
}
END_TEST

START_TEST(test_between_known)
{
	char out[KEYSZ];

	between_ok(NULL, NULL, out);
	ck_assert_str_eq(out, "V");
	between_ok("1", "3", out);
	ck_assert_str_eq(out, "2");
	between_ok("1", "2", out);
	ck_assert_str_eq(out, "1V");
	between_ok("1", "11", out);
	ck_assert_str_eq(out, "10V");
	between_ok("V", NULL, out);
	ck_assert_str_eq(out, "l");
	between_ok("z", NULL, out);
	ck_assert_str_eq(out, "zV");
	between_ok("zz", NULL, out);
	ck_assert_str_eq(out, "zzV");
	between_ok(NULL, "1", out);
	ck_assert_str_eq(out, "0V");
	between_ok(NULL, "V", out);
	ck_assert_str_eq(out, "G");
	between_ok(NULL, "01", out);
	ck_assert_str_eq(out, "00V");
	/* The shorter prefix of hi is enough. */
	between_ok("0z", "1z", out);
	ck_assert_str_eq(out, "1");
	between_ok("a", "aV", out);
	ck_assert_str_eq(out, "aG");
	between_ok("1z", "2", out);
	ck_assert_str_eq(out, "1zV");
	between_ok("abc", "abd", out);
	ck_assert_str_eq(out, "abcV");
	between_ok("abc", "abe", out);
	ck_assert_str_eq(out, "abd");
}
END_TEST

START_TEST(test_between_usage)
{
	char out[KEYSZ];

	ck_assert_int_eq(sb_key_between("V", "V", out, sizeof(out)), SB_EUSAGE);
	ck_assert_int_eq(sb_key_between("W", "V", out, sizeof(out)), SB_EUSAGE);
	ck_assert_int_eq(sb_key_between("V1", "V", out, sizeof(out)), SB_EUSAGE);
	ck_assert_int_eq(sb_key_between("V0", "W", out, sizeof(out)), SB_EUSAGE);
	ck_assert_int_eq(sb_key_between("V", "W0", out, sizeof(out)), SB_EUSAGE);
	ck_assert_int_eq(sb_key_between("", "W", out, sizeof(out)), SB_EUSAGE);
	ck_assert_int_eq(sb_key_between("V", "", out, sizeof(out)), SB_EUSAGE);
	ck_assert_int_eq(sb_key_between("a-b", NULL, out, sizeof(out)), SB_EUSAGE);
	ck_assert_int_eq(sb_key_between(NULL, "a b", out, sizeof(out)), SB_EUSAGE);
	ck_assert_int_eq(sb_key_between(NULL, NULL, NULL, sizeof(out)), SB_EUSAGE);
	ck_assert_int_eq(sb_key_between(NULL, NULL, out, SB_KEY_MAX + 1), SB_EUSAGE);
	ck_assert_int_eq(sb_key_between(NULL, NULL, out, 0), SB_EUSAGE);
	ck_assert_int_eq(sb_key_between(NULL, NULL, out, SB_KEY_MAX + 2), SB_OK);
}
END_TEST

START_TEST(test_append)
{
	char keys[400][KEYSZ];
	const char *prev = NULL;
	int n;

	for (n = 0; n < 400; n++) {
		if (sb_key_between(prev, NULL, keys[n], KEYSZ) == SB_EDATA)
			break;
		between_ok(prev, NULL, keys[n]);
		prev = keys[n];
	}
	ck_assert_str_eq(keys[0], "V");
	ck_assert_str_eq(keys[1], "l");
	ck_assert_str_eq(keys[2], "t");
	ck_assert_str_eq(keys[3], "x");
	ck_assert_str_eq(keys[4], "z");
	ck_assert_str_eq(keys[5], "zV");
	/* A digit per five appends: a hundred fit in 20 digits. */
	ck_assert_uint_le(strlen(keys[99]), 20);
	/* And it takes 300 before a rebalance. */
	ck_assert_int_ge(n, 300);
	ck_assert_int_lt(n, 400);
	ck_assert_uint_eq(strlen(keys[n - 1]), SB_KEY_MAX);
}
END_TEST

START_TEST(test_prepend)
{
	char keys[400][KEYSZ];
	const char *next = NULL;
	int n;

	for (n = 0; n < 400; n++) {
		if (sb_key_between(NULL, next, keys[n], KEYSZ) == SB_EDATA)
			break;
		between_ok(NULL, next, keys[n]);
		next = keys[n];
	}
	ck_assert_str_eq(keys[0], "V");
	ck_assert_str_eq(keys[1], "G");
	ck_assert_uint_le(strlen(keys[99]), 20);
	ck_assert_int_ge(n, 300);
	ck_assert_int_lt(n, 400);
}
END_TEST

START_TEST(test_too_long)
{
	/* Bisecting the same gap runs out of digits, then says so. */
	char lo[KEYSZ] = "1", hi[KEYSZ] = "2", out[KEYSZ];
	int k, rc = SB_OK;

	for (k = 0; k < 1000; k++) {
		rc = sb_key_between(lo, hi, out, sizeof(out));
		if (rc != SB_OK)
			break;
		between_ok(lo, hi, out);
		/* Alternate sides, the worst case for length. */
		if (k % 2 == 0)
			strcpy(hi, out);
		else
			strcpy(lo, out);
	}
	ck_assert_int_eq(rc, SB_EDATA);
	ck_assert_int_ge(k, 100);

	/* Keys longer than the maximum are still read. */
	{
		char longkey[SB_KEY_MAX * 2 + 1], longer[SB_KEY_MAX * 2 + 2];

		memset(longkey, 'V', sizeof(longkey) - 1);
		longkey[sizeof(longkey) - 1] = '\0';
		snprintf(longer, sizeof(longer), "%s1", longkey);
		ck_assert(sb_key_valid(longkey));
		ck_assert_int_eq(sb_key_between(longkey, NULL, out, sizeof(out)), SB_OK);
		ck_assert_str_eq(out, "l");
		ck_assert_int_eq(sb_key_between(NULL, longkey, out, sizeof(out)), SB_OK);
		ck_assert_str_eq(out, "G");
		ck_assert_int_eq(sb_key_between("V", longkey, out, sizeof(out)), SB_OK);
		ck_assert_str_eq(out, "VG");
		/* Between these, only a key longer than both would do. */
		ck_assert_int_eq(sb_key_between(longkey, longer, out, sizeof(out)),
		    SB_EDATA);
	}
}
END_TEST

/* All keys of one and two digits, in order. */
static int
short_keys(char keys[][3])
{
	int n = 0;

	for (int a = 0; a < 62; a++) {
		for (int b = 0; b < 62; b++) {
			keys[n][0] = digits[a];
			keys[n][1] = digits[b];
			keys[n][2] = '\0';
			if (b == 0)
				keys[n][1] = '\0';
			if (sb_key_valid(keys[n]))
				n++;
		}
	}
	return n;
}

START_TEST(test_between_short)
{
	static char keys[62 * 62][3];
	int n = short_keys(keys);

	ck_assert_int_eq(n, 61 + 62 * 61);
	for (int i = 1; i < n; i++)
		CHECK(strcmp(keys[i - 1], keys[i]) < 0);
	/*
	 * For pairs of short keys: strictly between, at most one digit
	 * longer than the longer, and one digit when a one-digit key fits.
	 */
	for (int i = -1; i < n; i += 3) {
		for (int j = i + 1; j <= n; j += 5) {
			const char *lo = i >= 0 ? keys[i] : NULL;
			const char *hi = j < n ? keys[j] : NULL;
			size_t maxlen = 1, len;
			char out[KEYSZ];
			int one_fits = 0;

			if (lo != NULL && strlen(lo) > maxlen)
				maxlen = strlen(lo);
			if (hi != NULL && strlen(hi) > maxlen)
				maxlen = strlen(hi);
			between_ok(lo, hi, out);
			len = strlen(out);
			CHECK(len <= maxlen + 1);
			for (int d = 1; d < 62 && !one_fits; d++) {
				char k[2] = { digits[d], '\0' };

				one_fits = (lo == NULL || strcmp(lo, k) < 0) &&
				    (hi == NULL || strcmp(k, hi) < 0);
			}
			if (one_fits)
				CHECK_EQ(len, 1);
		}
	}
}
END_TEST

START_TEST(test_random_inserts)
{
	enum { N = 3000 };
	static char keys[N][KEYSZ];
	unsigned seed = 62;
	int n = 0, full = 0;

	for (int k = 0; k < N; k++) {
		int pos;
		char out[KEYSZ];
		int rc;

		seed = seed * 1103515245u + 12345u;
		pos = (int)((seed >> 8) % (unsigned)(n + 1));
		/* Now and then, hammer the front or the back. */
		if (k % 7 == 0)
			pos = k % 14 == 0 ? 0 : n;
		rc = sb_key_between(pos > 0 ? keys[pos - 1] : NULL,
		    pos < n ? keys[pos] : NULL, out, sizeof(out));
		if (rc == SB_EDATA) {
			full++;
			continue;
		}
		between_ok(pos > 0 ? keys[pos - 1] : NULL,
		    pos < n ? keys[pos] : NULL, out);
		memmove(keys[pos + 1], keys[pos], (size_t)(n - pos) * KEYSZ);
		memcpy(keys[pos], out, KEYSZ);
		n++;
	}
	for (int i = 1; i < n; i++)
		CHECK(strcmp(keys[i - 1], keys[i]) < 0);
	ck_assert_int_eq(full, 0);
}
END_TEST

/* The least L with 62^L > n. */
static int
width_for(uint64_t n)
{
	unsigned __int128 p = 1;
	int w = 0;

	while (p <= n) {
		p *= 62;
		w++;
	}
	return w;
}

/* Spread key i of n the slow way: floor((i+1) 62^L / (n+1)), 128 bits. */
static void
spread_oracle(uint64_t i, uint64_t n, char *out)
{
	int w = width_for(n);
	unsigned __int128 p = 1, v;
	int len = 0;

	for (int k = 0; k < w; k++)
		p *= 62;
	/* (i+1) 62^L may not fit in 128 bits: divide first, exactly. */
	v = p / ((unsigned __int128)n + 1) * ((unsigned __int128)i + 1) +
	    p % ((unsigned __int128)n + 1) * ((unsigned __int128)i + 1) /
	    ((unsigned __int128)n + 1);
	for (int k = w - 1; k >= 0; k--) {
		out[k] = digits[(int)(v % 62)];
		v /= 62;
	}
	out[w] = '\0';
	for (len = w; len > 0 && out[len - 1] == '0'; len--)
		out[len - 1] = '\0';
}

/* Check all the keys of n (every stride-th pair): valid, increasing. */
static void
spread_all(uint64_t n, uint64_t stride)
{
	char prev[KEYSZ], cur[KEYSZ];
	int w = width_for(n);

	for (uint64_t i = 0; i < n; i += stride) {
		CHECK_EQ(sb_key_spread(i, n, prev, sizeof(prev)), SB_OK);
		CHECK(sb_key_valid(prev));
		CHECK(strlen(prev) <= (size_t)w);
		if (i + 1 < n) {
			CHECK_EQ(sb_key_spread(i + 1, n, cur, sizeof(cur)), SB_OK);
			CHECK(sb_key_valid(cur));
			if (strcmp(prev, cur) >= 0)
				ck_abort_msg("n %llu: key %llu \"%s\" >= \"%s\"",
				    (unsigned long long)n, (unsigned long long)i,
				    prev, cur);
		}
	}
}

START_TEST(test_spread_known)
{
	char out[KEYSZ];

	ck_assert_int_eq(sb_key_spread(0, 1, out, sizeof(out)), SB_OK);
	ck_assert_str_eq(out, "V");
	ck_assert_int_eq(sb_key_spread(0, 2, out, sizeof(out)), SB_OK);
	ck_assert_str_eq(out, "K");
	ck_assert_int_eq(sb_key_spread(1, 2, out, sizeof(out)), SB_OK);
	ck_assert_str_eq(out, "f");
	/* 61 keys take every digit. */
	for (int i = 0; i < 61; i++) {
		char want[2] = { digits[i + 1], '\0' };

		ck_assert_int_eq(sb_key_spread((uint64_t)i, 61, out, sizeof(out)), SB_OK);
		ck_assert_str_eq(out, want);
	}
	/* 62 do not fit one digit. */
	ck_assert_int_eq(sb_key_spread(0, 62, out, sizeof(out)), SB_OK);
	ck_assert_str_eq(out, "0z");
	/* 62 * 3844 / 63 is 3782 = "z0": the trailing zero goes. */
	ck_assert_int_eq(sb_key_spread(61, 62, out, sizeof(out)), SB_OK);
	ck_assert_str_eq(out, "z");
	/* Of 3843, key i is i + 1 in two digits: 62 = "10", 1922 = "V0". */
	ck_assert_int_eq(sb_key_spread(60, 3843, out, sizeof(out)), SB_OK);
	ck_assert_str_eq(out, "0z");
	ck_assert_int_eq(sb_key_spread(61, 3843, out, sizeof(out)), SB_OK);
	ck_assert_str_eq(out, "1");
	ck_assert_int_eq(sb_key_spread(1921, 3843, out, sizeof(out)), SB_OK);
	ck_assert_str_eq(out, "V");
	ck_assert_int_eq(sb_key_spread(3842, 3843, out, sizeof(out)), SB_OK);
	ck_assert_str_eq(out, "zz");
}
END_TEST

START_TEST(test_spread_usage)
{
	char out[KEYSZ];

	ck_assert_int_eq(sb_key_spread(0, 0, out, sizeof(out)), SB_EUSAGE);
	ck_assert_int_eq(sb_key_spread(5, 5, out, sizeof(out)), SB_EUSAGE);
	ck_assert_int_eq(sb_key_spread(6, 5, out, sizeof(out)), SB_EUSAGE);
	ck_assert_int_eq(sb_key_spread(0, 5, NULL, 10), SB_EUSAGE);
	ck_assert_int_eq(sb_key_spread(0, UINT64_MAX, out, sizeof(out)), SB_EUSAGE);
	/* The key and its NUL must fit. */
	ck_assert_int_eq(sb_key_spread(0, 5, out, 1), SB_EUSAGE);
	ck_assert_int_eq(sb_key_spread(0, 5, out, 2), SB_OK);
	ck_assert_int_eq(sb_key_spread(0, 100, out, 2), SB_EUSAGE);
	ck_assert_int_eq(sb_key_spread(0, 100, out, 3), SB_OK);
}
END_TEST

START_TEST(test_spread_small_exhaustive)
{
	/* Every key of every n up to 2000, and both sides of 62^2. */
	for (uint64_t n = 1; n <= 2000; n++)
		spread_all(n, 1);
	for (uint64_t n = 3840; n <= 3850; n++)
		spread_all(n, 1);
	for (uint64_t n = 238326; n <= 238329; n++)
		spread_all(n, 1);
}
END_TEST

START_TEST(test_spread_millions)
{
	/*
	 * Every key of 3 million, both sides of 62^4 in steps of 7, then n
	 * up to 4 million sampled.
	 */
	spread_all(3000000, 1);
	spread_all(14776335, 7);
	spread_all(14776336, 7);
	for (uint64_t n = 2001; n <= 4000000; n += 9973)
		spread_all(n, 1 + n / 20000);
}
END_TEST

START_TEST(test_spread_oracle)
{
	/* Against 128-bit arithmetic, with n up to and past 2^40. */
	static const uint64_t ns[] = {
		1, 2, 3, 61, 62, 63, 1000, 3843, 3844, 999999, 14776336,
		(uint64_t)1 << 32, ((uint64_t)1 << 40) - 1, (uint64_t)1 << 40,
		((uint64_t)1 << 40) + 1, 839299365868340223ull,
		839299365868340224ull, (uint64_t)1 << 62, UINT64_MAX - 1
	};
	unsigned long long seed = 40;

	for (size_t k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
		uint64_t n = ns[k];

		for (int t = 0; t < 2000; t++) {
			uint64_t i;
			char got[KEYSZ], want[KEYSZ], next[KEYSZ];

			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			if (t < 10)
				i = (uint64_t)t < n ? (uint64_t)t : n - 1;
			else if (t < 20)
				i = n - 1 - ((uint64_t)(t - 10) < n ? (uint64_t)(t - 10) : 0);
			else
				i = (uint64_t)(seed >> 1) % n;
			CHECK_EQ(sb_key_spread(i, n, got, sizeof(got)), SB_OK);
			spread_oracle(i, n, want);
			if (strcmp(got, want) != 0)
				ck_abort_msg("spread(%llu, %llu) = %s, want %s",
				    (unsigned long long)i, (unsigned long long)n,
				    got, want);
			CHECK(sb_key_valid(got));
			CHECK(strlen(got) <= (size_t)width_for(n));
			if (i + 1 < n) {
				CHECK_EQ(sb_key_spread(i + 1, n, next, sizeof(next)),
				    SB_OK);
				CHECK(strcmp(got, next) < 0);
			}
		}
	}
	/* 2^40 strips need 7 digits; the most any n needs is 11. */
	{
		char out[KEYSZ];

		ck_assert_int_eq(sb_key_spread(((uint64_t)1 << 40) - 1,
		    (uint64_t)1 << 40, out, sizeof(out)), SB_OK);
		ck_assert_str_eq(out, "zzzzzzw");
		ck_assert_int_eq(sb_key_spread(UINT64_MAX - 2, UINT64_MAX - 1,
		    out, sizeof(out)), SB_OK);
		ck_assert_str_eq(out, "zzzzzzzzzzx");
	}
}
END_TEST

START_TEST(test_spread_then_between)
{
	/* Spread keys leave room between them, and before and after. */
	enum { N = 500 };
	char keys[N][KEYSZ], out[KEYSZ];

	for (int i = 0; i < N; i++)
		ck_assert_int_eq(sb_key_spread((uint64_t)i, N, keys[i], KEYSZ), SB_OK);
	between_ok(NULL, keys[0], out);
	between_ok(keys[N - 1], NULL, out);
	for (int i = 1; i < N; i++) {
		between_ok(keys[i - 1], keys[i], out);
		ck_assert_uint_le(strlen(out), 3);
	}
}
END_TEST

static Suite *
order_suite(void)
{
	Suite *s = suite_create("order");
	TCase *keys = tcase_create("between");
	TCase *spread = tcase_create("spread");

	tcase_set_timeout(keys, 120);
	tcase_add_test(keys, test_valid);
	tcase_add_test(keys, test_between_known);
	tcase_add_test(keys, test_between_usage);
	tcase_add_test(keys, test_append);
	tcase_add_test(keys, test_prepend);
	tcase_add_test(keys, test_too_long);
	tcase_add_test(keys, test_between_short);
	tcase_add_test(keys, test_random_inserts);
	suite_add_tcase(s, keys);

	tcase_set_timeout(spread, 300);
	tcase_add_test(spread, test_spread_known);
	tcase_add_test(spread, test_spread_usage);
	tcase_add_test(spread, test_spread_small_exhaustive);
	tcase_add_test(spread, test_spread_millions);
	tcase_add_test(spread, test_spread_oracle);
	tcase_add_test(spread, test_spread_then_between);
	suite_add_tcase(s, spread);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(order_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
