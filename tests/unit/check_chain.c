/*
 * check_chain.c - unit tests of the audit chain's encoding (lib/base_chain.c)
 * and of the refusal line logged through syslog (lib/base_syslog.c).
 *
 * The expected digests were computed by an independent implementation of
 * stripboard(5)'s "The chain" (Python's hashlib and struct, as in
 * tests/tools/chain_head.py), not by this library.
 */
#include <config.h>

#include <check.h>
#include <stdint.h>
#include <string.h>

#include "chain_priv.h"

static struct sb_chain_val
t(const char *s)
{
	struct sb_chain_val v = { SB_CHAIN_TEXT, 0, 0, s, strlen(s) };

	return v;
}

static struct sb_chain_val
i(int64_t x)
{
	struct sb_chain_val v = { SB_CHAIN_INT, x, 0, NULL, 0 };

	return v;
}

static const struct sb_chain_val null = { SB_CHAIN_NULL, 0, 0, NULL, 0 };

#define H1 "9dda0d6c142e2f0e0e94a9525b7fe496a80df39c653905afb0861dafdd30a6a6"
#define H2 "361a42378f29c0ba52f533a40d4e139a6cacbeed38feea17d18e222473ce0f62"

START_TEST(known_answers)
{
	unsigned char zero[SB_CHAIN_LEN], h1[SB_CHAIN_LEN], h2[SB_CHAIN_LEN];
	char hex[SB_CHAIN_HEX + 1];
	static const unsigned char blob[] = { 0x00, 0xff };
	struct sb_chain_val r1[SB_CHAIN_COLS], r2[SB_CHAIN_COLS];

	memset(zero, 0, sizeof(zero));
	r1[0] = i(1);
	r1[1] = t("2026-01-01T00:00:00.000Z");
	r1[2] = t("ana");
	r1[3] = t("sb-import x");
	r1[4] = null;
	r1[5] = t("project");
	r1[6] = i(1);
	r1[7] = i(0);
	r1[8] = i(1);
	r1[9] = t("{\"a\":1}");
	sb_chain_hash(zero, r1, h1);
	sb_chain_hex(h1, hex);
	ck_assert_str_eq(hex, H1);

	/* every type, the extremes of the integers, chained to the first */
	r2[0] = i(2);
	r2[1] = t("");
	r2[2] = i(-1);
	r2[3] = (struct sb_chain_val){ SB_CHAIN_REAL, 0, 1.5, NULL, 0 };
	r2[4] = (struct sb_chain_val){ SB_CHAIN_BLOB, 0, 0, blob, sizeof(blob) };
	r2[5] = t("caf\xc3\xa9");
	r2[6] = i(INT64_MAX);
	r2[7] = i(INT64_MIN);
	r2[8] = null;
	r2[9] = null;
	sb_chain_hash(h1, r2, h2);
	sb_chain_hex(h2, hex);
	ck_assert_str_eq(hex, H2);
}
END_TEST

START_TEST(every_byte_counts)
{
	unsigned char zero[SB_CHAIN_LEN], a[SB_CHAIN_LEN], b[SB_CHAIN_LEN];
	struct sb_chain_val r[SB_CHAIN_COLS];

	memset(zero, 0, sizeof(zero));
	for (int k = 0; k < SB_CHAIN_COLS; k++)
		r[k] = t("x");
	sb_chain_hash(zero, r, a);
	/* the boundary between two texts is part of the encoding */
	r[1] = t("xx");
	r[2] = t("");
	sb_chain_hash(zero, r, b);
	ck_assert(memcmp(a, b, SB_CHAIN_LEN) != 0);
	/* NULL is not empty text, and the integer 0 is neither */
	for (int k = 0; k < SB_CHAIN_COLS; k++)
		r[k] = t("");
	sb_chain_hash(zero, r, a);
	r[4] = null;
	sb_chain_hash(zero, r, b);
	ck_assert(memcmp(a, b, SB_CHAIN_LEN) != 0);
	r[4] = i(0);
	sb_chain_hash(zero, r, a);
	ck_assert(memcmp(a, b, SB_CHAIN_LEN) != 0);
	/* the previous hash counts */
	zero[31] = 1;
	sb_chain_hash(zero, r, b);
	ck_assert(memcmp(a, b, SB_CHAIN_LEN) != 0);
}
END_TEST

START_TEST(hex_round_trip)
{
	unsigned char h[SB_CHAIN_LEN], back[SB_CHAIN_LEN];
	char hex[SB_CHAIN_HEX + 1];

	for (int k = 0; k < SB_CHAIN_LEN; k++)
		h[k] = (unsigned char)(k * 37 + 5);
	sb_chain_hex(h, hex);
	ck_assert_int_eq((int)strlen(hex), SB_CHAIN_HEX);
	ck_assert_int_eq(sb_chain_unhex(hex, back), 0);
	ck_assert(memcmp(h, back, SB_CHAIN_LEN) == 0);
	ck_assert_int_eq(sb_chain_unhex(H1, back), 0);
	ck_assert_int_eq(sb_chain_unhex("9DDA0D6C142E2F0E0E94A9525B7FE496A80DF39C653905AFB0861DAFDD30A6A6", h), 0);
	ck_assert(memcmp(h, back, SB_CHAIN_LEN) == 0);
	ck_assert_int_eq(sb_chain_unhex(NULL, back), -1);
	ck_assert_int_eq(sb_chain_unhex("", back), -1);
	ck_assert_int_eq(sb_chain_unhex(H1 "0", back), -1);
	memcpy(hex, H1, sizeof(hex));
	hex[17] = 'g';
	ck_assert_int_eq(sb_chain_unhex(hex, back), -1);
}
END_TEST

START_TEST(refusal_line)
{
	char buf[256], small[16];
	size_t n;

	n = sb_refusal_format(buf, sizeof(buf), "wl.db", "ana", "drop-day",
	    "day 12 of board 'First Pass'");
	ck_assert_str_eq(buf, "ana : permission denied : drop-day ; day 12 of "
	    "board 'First Pass' ; wl.db");
	ck_assert_uint_eq(n, strlen(buf));
	/* a name cannot end the line or forge another */
	sb_refusal_format(buf, sizeof(buf), "a.db", "ana", "move",
	    "board 'x\n<86>sb-perm: bob : granted'\\\xc3\xa9");
	ck_assert_str_eq(buf, "ana : permission denied : move ; board "
	    "'x\\012<86>sb-perm: bob : granted'\\134\\303\\251 ; a.db");
	/* no scope: the whole file */
	sb_refusal_format(buf, sizeof(buf), "a.db", "ana", "grant", NULL);
	ck_assert_str_eq(buf, "ana : permission denied : grant ; the whole file ; a.db");
	/* cut to size, terminated, the whole length returned */
	n = sb_refusal_format(small, sizeof(small), "a.db", "ana", "grant", NULL);
	ck_assert_str_eq(small, "ana : permissio");
	ck_assert_uint_eq(n, strlen("ana : permission denied : grant ; the whole file ; a.db"));
}
END_TEST

static Suite *
chain_suite(void)
{
	Suite *s = suite_create("chain");
	TCase *tc = tcase_create("encoding");

	tcase_add_test(tc, known_answers);
	tcase_add_test(tc, every_byte_counts);
	tcase_add_test(tc, hex_round_trip);
	tcase_add_test(tc, refusal_line);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(chain_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
