/*
 * check_scene_no.c - unit tests of scene numbers (lib/base_scene_no.c).
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "stripboard.h"

/*
 * ck_assert*() reports its place to the runner on every call, which is slow
 * in long loops: these report only on failure.
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

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

/* Assert cmp(a, b) has sign want, and cmp(b, a) the opposite. */
#define CMP(a, b, want) do { \
	ck_assert_msg(sign(sb_scene_cmp((a), (b))) == (want), \
	    "cmp(%s, %s) = %d, want %d", #a, #b, sb_scene_cmp((a), (b)), (want)); \
	ck_assert_msg(sign(sb_scene_cmp((b), (a))) == -(want), \
	    "cmp(%s, %s) = %d, want %d", #b, #a, sb_scene_cmp((b), (a)), -(want)); \
} while (0)

START_TEST(test_cmp_basic)
{
	CMP("2", "2A", -1);
	CMP("2A", "10", -1);
	CMP("10", "10A", -1);
	CMP("10A", "A11", -1);
	CMP("2", "A11", -1);
	CMP("1", "2", -1);
	CMP("9", "10", -1);
	CMP("99", "100", -1);
	CMP("2A", "2B", -1);
	CMP("2B", "2AA", 1);
	CMP("2Z", "3", -1);
	CMP("A1", "A2", -1);
	CMP("A2", "A10", -1);
	CMP("A10", "B1", -1);
	CMP("9999", "A", -1);
	CMP("A", "a", 0);
	CMP("2a", "2A", 0);
	CMP("10a", "10B", -1);
	CMP("10A", "10b", -1);
	CMP("12", "12", 0);
}
END_TEST

START_TEST(test_cmp_spaces)
{
	CMP("11 A", "11A", 0);
	CMP(" 11A ", "11A", 0);
	CMP("11  a", "11A", 0);
	CMP("\t12", "12", 0);
	CMP("A 11", "A11", 0);
	CMP("   ", "", 0);
	/* A space ends a number: 1 then 2 is less than 12. */
	CMP("1 2", "12", -1);
	CMP("1 2", "1", 1);
	CMP("1 2", "1A", -1);
}
END_TEST

START_TEST(test_cmp_empty)
{
	CMP(NULL, "", 0);
	CMP(NULL, NULL, 0);
	CMP("", "", 0);
	CMP(NULL, "1", -1);
	CMP("", "1", -1);
	CMP("", "0", -1);
	CMP(NULL, "A", -1);
	CMP("", "-", -1);
}
END_TEST

START_TEST(test_cmp_numbers)
{
	/* Leading zeros do not change the number. */
	CMP("011", "11", 0);
	CMP("0", "00", 0);
	CMP("007A", "7a", 0);
	CMP("010", "9", 1);
	CMP("0", "1", -1);
	/* Runs far longer than any integer type. */
	CMP("123456789012345678901234567890", "123456789012345678901234567891", -1);
	CMP("99999999999999999999999", "100000000000000000000000", -1);
	CMP("000000000000000000000000000000001", "2", -1);
	CMP("18446744073709551616", "18446744073709551615", 1);
	CMP("18446744073709551616A", "18446744073709551616", 1);
}
END_TEST

START_TEST(test_cmp_punctuation)
{
	/* A digit sorts before anything that is not a digit. */
	CMP("1", "-", -1);
	CMP("10", "10-1", -1);
	CMP("10-1", "10-2", -1);
	CMP("10-2", "10-10", -1);
	CMP("108, 110", "108,110", 0);
	CMP("108, 110", "108, 111", -1);
	/* Bytes above ASCII compare as bytes, after the letters. */
	CMP("1z", "1\xc3\xa9", -1);
}
END_TEST

static const char *const pool[] = {
	NULL, "", " ", "0", "00", "1", "01", "1A", "1a", "1 A", "1B", "1AA",
	"1 2", "2", "2A", "2B", "9", "10", "010", "10A", "10 a", "10B", "10-1",
	"10-2", "11", "99", "100", "101A", "A", "a", "A1", "A2", "A10", "A11",
	"B", "B1", "AA", "Z9", "-", "-1", ".", "12.1", "12.2", "12.10",
	"123456789012345678901234567890", "123456789012345678901234567890A",
	"999999999999999999999999999999", "108, 110", "108,110", "pt 1",
	"\xc3\xa9",
};

#define POOLN (sizeof(pool) / sizeof(pool[0]))

START_TEST(test_cmp_preorder)
{
	/* Antisymmetric signs and transitivity over every triple. */
	for (size_t i = 0; i < POOLN; i++) {
		CHECK_EQ(sb_scene_cmp(pool[i], pool[i]), 0);
		for (size_t j = 0; j < POOLN; j++) {
			int ij = sign(sb_scene_cmp(pool[i], pool[j]));

			CHECK_EQ(ij, -sign(sb_scene_cmp(pool[j], pool[i])));
			for (size_t k = 0; k < POOLN; k++) {
				int jk = sign(sb_scene_cmp(pool[j], pool[k]));
				int ik = sign(sb_scene_cmp(pool[i], pool[k]));

				if ((ij <= 0 && jk <= 0 && ik > 0) ||
				    (ij == 0 && jk == 0 && ik != 0) ||
				    (ij < 0 && jk <= 0 && ik >= 0))
					ck_abort_msg("not transitive: %zu %zu %zu",
					    i, j, k);
			}
		}
	}
}
END_TEST

static int
qcmp(const void *a, const void *b)
{
	return sb_scene_cmp(*(const char *const *)a, *(const char *const *)b);
}

START_TEST(test_qsort)
{
	static const char *const want[] = {
		"", "1", "1A", "1B", "2", "2A", "2AA", "2B", "3", "9", "10",
		"10A", "10B", "10C", "11", "12", "99", "100", "100A", "101",
		"1000", "A1", "A2", "A10", "A11", "AA1", "B1", "X"
	};
	enum { N = sizeof(want) / sizeof(want[0]) };
	const char *list[N];
	unsigned seed = 12345;

	for (int round = 0; round < 50; round++) {
		memcpy(list, want, sizeof(list));
		/* A deterministic shuffle (LCG), different each round. */
		for (int i = N - 1; i > 0; i--) {
			int j;
			const char *t;

			seed = seed * 1103515245u + 12345u;
			j = (int)((seed >> 16) % (unsigned)(i + 1));
			t = list[i];
			list[i] = list[j];
			list[j] = t;
		}
		qsort(list, N, sizeof(list[0]), qcmp);
		for (int i = 0; i < N; i++)
			ck_assert_str_eq(list[i], want[i]);
	}
}
END_TEST

START_TEST(test_qsort_equivalents)
{
	/* Equal scenes written differently end up next to each other. */
	const char *list[] = { "11A", "2", "11 a", "10", "011A", "2" };
	enum { N = sizeof(list) / sizeof(list[0]) };

	qsort(list, N, sizeof(list[0]), qcmp);
	ck_assert_str_eq(list[0], "2");
	ck_assert_str_eq(list[1], "2");
	ck_assert_str_eq(list[2], "10");
	for (int i = 3; i < N; i++)
		ck_assert_int_eq(sb_scene_cmp(list[i], "11A"), 0);
}
END_TEST

struct norm_case {
	const char *in;
	const char *out;
};

static const struct norm_case norms[] = {
	{ "11 A", "11A" },
	{ " 12 ", "12" },
	{ "12", "12" },
	{ "11  a", "11a" },
	{ "11\tB", "11B" },
	{ "108, 110", "108, 110" },
	{ "  108,  110 ", "108,  110" },
	{ "A 11", "A 11" },
	{ "1 2", "1 2" },
	{ "11 A pt 2", "11A pt 2" },
	{ "11 -A", "11 -A" },
	{ "A11", "A11" },
	{ "", "" },
	{ "   ", "" },
	{ "\t\n", "" },
	{ "7 \xc3\xa9", "7 \xc3\xa9" },
};

START_TEST(test_normalize)
{
	for (size_t k = 0; k < sizeof(norms) / sizeof(norms[0]); k++) {
		char buf[64];
		size_t n = sb_scene_normalize(norms[k].in, buf, sizeof(buf));

		ck_assert_str_eq(buf, norms[k].out);
		ck_assert_uint_eq(n, strlen(norms[k].out));
		/* The canonical form is the same scene. */
		ck_assert_int_eq(sb_scene_cmp(buf, norms[k].in), 0);
		/* And canonical already. */
		{
			char again[64];

			sb_scene_normalize(buf, again, sizeof(again));
			ck_assert_str_eq(again, buf);
		}
	}
}
END_TEST

START_TEST(test_normalize_null)
{
	char buf[8];

	memset(buf, 'X', sizeof(buf));
	ck_assert_uint_eq(sb_scene_normalize(NULL, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_normalize_truncates)
{
	char buf[8];

	memset(buf, 'X', sizeof(buf));
	ck_assert_uint_eq(sb_scene_normalize(" 11 A ", buf, 3), 3);
	ck_assert_str_eq(buf, "11");
	ck_assert_int_eq(buf[3], 'X');

	memset(buf, 'X', sizeof(buf));
	ck_assert_uint_eq(sb_scene_normalize("11 A", buf, 2), 3);
	ck_assert_str_eq(buf, "1");
	ck_assert_int_eq(buf[2], 'X');

	memset(buf, 'X', sizeof(buf));
	ck_assert_uint_eq(sb_scene_normalize("11 A", buf, 1), 3);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(buf[1], 'X');

	memset(buf, 'X', sizeof(buf));
	ck_assert_uint_eq(sb_scene_normalize("11 A", buf, 0), 3);
	ck_assert_int_eq(buf[0], 'X');
	ck_assert_uint_eq(sb_scene_normalize("108, 110", NULL, 0), 8);

	/* Exactly enough room. */
	ck_assert_uint_eq(sb_scene_normalize("11 A", buf, 4), 3);
	ck_assert_str_eq(buf, "11A");
}
END_TEST

static Suite *
scene_suite(void)
{
	Suite *s = suite_create("scene_no");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cmp_basic);
	tcase_add_test(tc, test_cmp_spaces);
	tcase_add_test(tc, test_cmp_empty);
	tcase_add_test(tc, test_cmp_numbers);
	tcase_add_test(tc, test_cmp_punctuation);
	tcase_add_test(tc, test_cmp_preorder);
	tcase_add_test(tc, test_qsort);
	tcase_add_test(tc, test_qsort_equivalents);
	tcase_add_test(tc, test_normalize);
	tcase_add_test(tc, test_normalize_null);
	tcase_add_test(tc, test_normalize_truncates);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(scene_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
