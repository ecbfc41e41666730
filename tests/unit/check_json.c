/*
 * check_json.c - unit tests of the JSON and CSV text writers
 * (lib/base_json.c, lib/base_csv_write.c).  Every JSON output is read back
 * with Jansson, a parser that refuses what is not UTF-8, and compared with
 * what an independent model of the repair says it must hold.
 */
#include <config.h>

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stripboard.h"
#include "csv_priv.h"
#include "json_priv.h"

/* What sb_json_write_string() writes for s, NUL-terminated; free it. */
static char *
fwritten(const char *s)
{
	char *data = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&data, &size);

	if (f == NULL)
		ck_abort_msg("open_memstream failed");
	sb_json_write_string(f, s);
	if (fclose(f) != 0)
		ck_abort_msg("fclose failed");
	return data;
}

/* What sb_csv_write_field() writes for s; free it. */
static char *
csv_written(const char *s)
{
	char *data = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&data, &size);

	ck_assert_ptr_nonnull(f);
	sb_csv_write_field(f, s);
	ck_assert_int_eq(fclose(f), 0);
	return data;
}

/* Both JSON string writers give the same bytes; return them; free it. */
static char *
written(const char *s)
{
	char *f = fwritten(s);
	struct sb_buf b;

	sb_buf_init(&b);
	sb_json_quote(&b, s);
	if (b.failed || strcmp(sb_buf_str(&b), f) != 0)
		ck_abort_msg("to a buffer %s, to a stream %s", sb_buf_str(&b), f);
	sb_buf_free(&b);
	return f;
}

/* Parse text as one JSON value with Jansson; fail the test if it does not. */
static json_t *
parse(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &e);

	if (v == NULL)
		ck_abort_msg("Jansson refuses %s: %s", text, e.text);
	return v;
}

/*
 * The model: s with each byte that does not begin a well-formed UTF-8
 * sequence replaced by U+FFFD, written from Table 3-7 of the Unicode
 * standard (well-formed byte sequences), not from the library's checks.
 */
static size_t
well_formed(const unsigned char *p)
{
	unsigned lo = 0x80, hi = 0xbf;
	size_t n;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

static char *
model(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = malloc(strlen(s) * 3 + 1), *o = out;

	if (out == NULL)
		ck_abort_msg("out of memory");
	while (*p != '\0') {
		size_t n = well_formed(p);

		if (n == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
		} else {
			memcpy(o, p, n);
			o += n;
			p += n;
		}
	}
	*o = '\0';
	return out;
}

/* s written as a JSON string parses, and holds the model of s. */
static void
check_string(const char *s)
{
	char *w = written(s), *want = model(s);
	json_t *v = parse(w);

	if (!json_is_string(v) || json_string_length(v) != strlen(want) ||
	    memcmp(json_string_value(v), want, strlen(want)) != 0)
		ck_abort_msg("%s reads back as %s, not %s", w,
		    json_is_string(v) ? json_string_value(v) : "(not a string)", want);
	json_decref(v);
	free(want);
	free(w);
}

START_TEST(test_escapes)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "\"\"" },
		{ "plain text", "\"plain text\"" },
		{ "a\"b\\c/d", "\"a\\\"b\\\\c/d\"" },
		{ "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"" },
		{ "\x01\x1f x\x7f", "\"\\u0001\\u001f x\x7f\"" },
		{ "\x0b\x1b", "\"\\u000b\\u001b\"" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8e\xac \xf4\x8f\xbf\xbf",
		  "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8e\xac \xf4\x8f\xbf\xbf\"" },
		{ "\xef\xbf\xbd", "\"\xef\xbf\xbd\"" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *w = written(cases[i].in);

		ck_assert_str_eq(w, cases[i].out);
		free(w);
		check_string(cases[i].in);
	}
	/* every control character, each alone */
	for (int c = 1; c < 0x20; c++) {
		char s[2] = { (char)c, '\0' };

		check_string(s);
	}
}
END_TEST

START_TEST(test_null)
{
	char *w = written(NULL);
	struct sb_buf b;

	ck_assert_str_eq(w, "null");
	free(w);
	sb_buf_init(&b);
	sb_json_add_text(&b, NULL);
	ck_assert_str_eq(sb_buf_str(&b), "null");
	sb_buf_free(&b);
}
END_TEST

/* Each kind of bad UTF-8, alone, between text and at the end. */
START_TEST(test_invalid_utf8)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		/* stray continuation bytes */
		{ "\x80", "\xef\xbf\xbd" },
		{ "a\xbf" "b", "a\xef\xbf\xbd" "b" },
		{ "\xc3\xa9\xa9", "\xc3\xa9\xef\xbf\xbd" },
		/* overlong forms: each byte of one is bad */
		{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xc1\xbf", "\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xe0\x80\xaf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xe0\x9f\xbf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xf0\x80\x80\xaf",
		  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		/* surrogates, encoded as UTF-8 (CESU, WTF-8) */
		{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xed\xbf\xbf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xed\xa0\xbd\xed\xb8\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		/* above U+10FFFF */
		{ "\xf4\x90\x80\x80",
		  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		/* sequences cut short: at the end, before text, before a quote */
		{ "\xc3", "\xef\xbf\xbd" },
		{ "ab\xe2\x82", "ab\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xf0\x9f\x8e", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xe2\x82" "A", "\xef\xbf\xbd\xef\xbf\xbd" "A" },
		{ "\xe2\"", "\xef\xbf\xbd\\\"" },
		{ "\xc3\\", "\xef\xbf\xbd\\\\" },
		{ "\xc3\n", "\xef\xbf\xbd\\n" },
		/* bytes that never stand in UTF-8 */
		{ "\xff", "\xef\xbf\xbd" },
		{ "A\xff" "B", "A\xef\xbf\xbd" "B" },
		{ "\xfe\xf5\xf8", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xff\xc3\xa9", "\xef\xbf\xbd\xc3\xa9" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *w = written(cases[i].in);
		size_t n = strlen(w);

		ck_assert_uint_ge(n, 2);
		if (w[0] != '"' || w[n - 1] != '"' || n - 2 != strlen(cases[i].out) ||
		    memcmp(w + 1, cases[i].out, n - 2) != 0)
			ck_abort_msg("case %zu: written %s, want \"%s\"", i, w, cases[i].out);
		free(w);
		check_string(cases[i].in);
	}
}
END_TEST

/*
 * Every string of one and two bytes; after each lead byte, every string of
 * up to three bytes from the edges of the ranges of Table 3-7.
 */
START_TEST(test_exhaustive)
{
	static const unsigned char tails[] = {
		0x01, 0x22, 0x41, 0x5c, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0,
		0xbf, 0xc0, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xff
	};
	const size_t nt = sizeof(tails);
	char s[5] = "";

	for (int a = 1; a < 256; a++) {
		s[0] = (char)a;
		s[1] = '\0';
		check_string(s);
		for (int b = 1; b < 256; b++) {
			s[1] = (char)b;
			s[2] = '\0';
			check_string(s);
		}
		if (a < 0xc0)
			continue;
		for (size_t b = 0; b < nt * nt * nt; b++) {
			s[1] = (char)tails[b % nt];
			s[2] = (char)tails[b / nt % nt];
			s[3] = (char)tails[b / nt / nt];
			s[4] = '\0';
			check_string(s);
		}
	}
}
END_TEST

/* Random strings biased towards the bytes UTF-8 cares about. */
START_TEST(test_random)
{
	static const unsigned char bytes[] = {
		0x01, 0x09, 0x0a, 0x1f, 0x20, 0x22, 0x41, 0x5c, 0x7f, 0x80, 0x8f,
		0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed,
		0xee, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xf8, 0xfe, 0xff
	};
	unsigned long seed = 20261204;
	char s[16];

	for (int i = 0; i < 100000; i++) {
		size_t len;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		len = (seed >> 33) % (sizeof(s) - 1);
		for (size_t k = 0; k < len; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			s[k] = (char)bytes[(seed >> 33) % sizeof(bytes)];
		}
		s[len] = '\0';
		check_string(s);
	}
}
END_TEST

/* A JSON text kept as text keeps its structure and loses its bad bytes. */
START_TEST(test_text)
{
	static const char in[] = "{\"file\":\"w\xff.uss\",\"a\":[1,\"caf\xc3\xa9\","
	    "\"\xed\xa0\x80\",null],\"\xc0k\":{\"x\":\"\\n\\u00e9\"}}";
	static const char want[] = "{\"file\":\"w\xef\xbf\xbd.uss\",\"a\":[1,"
	    "\"caf\xc3\xa9\",\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\",null],"
	    "\"\xef\xbf\xbdk\":{\"x\":\"\\n\\u00e9\"}}";
	char *data = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&data, &size);
	struct sb_buf b;
	json_t *v;

	ck_assert_ptr_nonnull(f);
	sb_json_write_text(f, in);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_str_eq(data, want);
	sb_buf_init(&b);
	sb_json_add_text(&b, in);
	ck_assert_str_eq(sb_buf_str(&b), want);
	v = parse(sb_buf_str(&b));
	ck_assert_str_eq(json_string_value(json_object_get(v, "file")),
	    "w\xef\xbf\xbd.uss");
	ck_assert_str_eq(json_string_value(json_object_get(
	    json_object_get(v, "\xef\xbf\xbdk"), "x")), "\n\xc3\xa9");
	json_decref(v);
	sb_buf_free(&b);
	free(data);

	/* valid text is copied byte for byte */
	sb_buf_init(&b);
	sb_json_add_text(&b, want);
	ck_assert_str_eq(sb_buf_str(&b), want);
	sb_buf_free(&b);
}
END_TEST

/* The repair of counted text, for Jansson: NUL bytes are kept. */
START_TEST(test_repair)
{
	static const char in[] = "a\xff\0\xc3\xa9\xe2\x82";
	static const char want[] = "a\xef\xbf\xbd\0\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd";
	struct sb_buf b;
	json_t *v;

	sb_buf_init(&b);
	sb_utf8_repair(&b, in, sizeof(in) - 1);
	ck_assert(!b.failed);
	ck_assert_uint_eq(b.len, sizeof(want) - 1);
	ck_assert(memcmp(b.data, want, b.len) == 0);
	ck_assert(sb_utf8_valid(b.data, 4));
	v = json_stringn(b.data, b.len);
	ck_assert_ptr_nonnull(v);
	json_decref(v);
	sb_buf_free(&b);

	/* the same for Jansson strings; valid text as it is */
	v = sb_json_new_string(in, sizeof(in) - 1);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(json_string_length(v), sizeof(want) - 1);
	ck_assert(memcmp(json_string_value(v), want, sizeof(want) - 1) == 0);
	json_decref(v);
	v = sb_json_new_string("caf\xc3\xa9", 5);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(json_string_value(v), "caf\xc3\xa9");
	json_decref(v);
}
END_TEST

START_TEST(test_csv)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "" },
		{ "plain", "plain" },
		{ "a b;c\td", "a b;c\td" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "\"", "\"\"\"\"" },
		{ "\"\"x\"", "\"\"\"\"\"x\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "cr\r", "\"cr\r\"" },
		{ " lead and trail ", " lead and trail " },
		/* bytes go through as they are, UTF-8 or not */
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
		{ "A\xff" "B", "A\xff" "B" },
		{ "\xff,\"", "\"\xff,\"\"\"" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *w = csv_written(cases[i].in);

		ck_assert_str_eq(w, cases[i].out);
		free(w);
	}
	{
		char *w = csv_written(NULL);

		ck_assert_str_eq(w, "");
		free(w);
	}
}
END_TEST

/* Parts from a NULL-terminated array; each asked for in order, from 0. */
struct parts {
	const char *const *v;
	size_t want;
};

static const char *
part(void *arg, size_t i)
{
	struct parts *p = arg;

	if (i == 0)
		p->want = 0;
	ck_assert_uint_eq(i, p->want);
	p->want++;
	return p->v[i];
}

/* A field joined in parts is the field of the joined text. */
START_TEST(test_csv_joined)
{
	static const char *const texts[] = {
		"a", "b c", "", "x,y", "say \"hi\"", "two\nlines", "\xff", NULL
	};
	static const char *const seps[] = { "; ", ",", "\"", " " };
	const char *v[4];
	char joined[256];

	for (size_t k = 0; k < sizeof(seps) / sizeof(seps[0]); k++) {
		/* every list of up to three of the texts */
		for (size_t n = 0; n <= 3; n++) {
			size_t total = 1, nt = 7;

			for (size_t i = 0; i < n; i++)
				total *= nt;
			for (size_t x = 0; x < total; x++) {
				struct parts p = { v, 0 };
				char *data = NULL, *want;
				size_t size = 0, y = x;
				FILE *f;

				joined[0] = '\0';
				for (size_t i = 0; i < n; i++, y /= nt) {
					v[i] = texts[y % nt];
					if (i > 0)
						strcat(joined, seps[k]);
					strcat(joined, v[i]);
				}
				v[n] = NULL;
				f = open_memstream(&data, &size);
				ck_assert_ptr_nonnull(f);
				sb_csv_write_joined(f, seps[k], part, &p);
				ck_assert_int_eq(fclose(f), 0);
				want = csv_written(joined);
				if (strcmp(data, want) != 0)
					ck_abort_msg("joined by '%s': %s, not %s", seps[k], data, want);
				free(want);
				free(data);
			}
		}
	}
}
END_TEST

static Suite *
json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *json = tcase_create("json");
	TCase *csv = tcase_create("csv");

	tcase_set_timeout(json, 120);
	tcase_add_test(json, test_escapes);
	tcase_add_test(json, test_null);
	tcase_add_test(json, test_invalid_utf8);
	tcase_add_test(json, test_exhaustive);
	tcase_add_test(json, test_random);
	tcase_add_test(json, test_text);
	tcase_add_test(json, test_repair);
	suite_add_tcase(s, json);
	tcase_add_test(csv, test_csv);
	tcase_add_test(csv, test_csv_joined);
	suite_add_tcase(s, csv);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(json_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
