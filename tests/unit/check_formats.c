/*
 * check_formats.c - unit tests of the table of formats (lib/fmt_table.c):
 * its rows are consistent, names and constants agree, and each format is
 * told from its content.
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stripboard.h"

START_TEST(test_constants)
{
	static const struct { int format; const char *name; } known[] = {
		{ SB_FMT_CSV, "csv" }, { SB_FMT_JSON, "json" },
		{ SB_FMT_NDJSON, "ndjson" }, { SB_FMT_TABLE, "table" },
		{ SB_FMT_USS, "uss" }, { SB_FMT_MSD, "msd" },
		{ SB_FMT_SEX, "sex" }, { SB_FMT_FDX, "fdx" },
	};

	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
		ck_assert_str_eq(sb_format_name(known[k].format), known[k].name);
		ck_assert_int_eq(sb_format_from_name(known[k].name), known[k].format);
	}
	ck_assert_int_eq(sb_format_from_name("auto"), SB_FMT_AUTO);
	ck_assert_str_eq(sb_format_name(SB_FMT_AUTO), "auto");
	ck_assert_int_eq(sb_format_from_name("docx"), -1);
	ck_assert_int_eq(sb_format_from_name(""), -1);
	ck_assert_str_eq(sb_format_name(-1), "unknown");
	ck_assert_str_eq(sb_format_name(999), "unknown");
	ck_assert_uint_eq(sb_format_flags(SB_FMT_AUTO), 0);
	ck_assert_uint_eq(sb_format_flags(999), 0);
}
END_TEST

START_TEST(test_rows)
{
	struct sb_format_info f, g;
	size_t i, nread = 0, nwrite = 0;

	for (i = 0; sb_format_info(i, &f); i++) {
		/* a row's place is its id; names and ids are unique */
		ck_assert_int_eq(f.format, (int)i + 1);
		ck_assert_int_eq(sb_format_from_name(f.name), f.format);
		ck_assert_str_eq(sb_format_name(f.format), f.name);
		ck_assert_uint_eq(sb_format_flags(f.format), f.flags);
		ck_assert_ptr_nonnull(f.title);
		ck_assert_ptr_nonnull(f.extensions);
		for (size_t j = 0; sb_format_info(j, &g); j++)
			if (j != i)
				ck_assert_str_ne(f.name, g.name);
		/* every row reads or writes; the flags agree */
		ck_assert(f.flags & (SB_FORMAT_READ | SB_FORMAT_WRITE));
		if (f.flags & SB_FORMAT_REVISION)
			ck_assert(f.flags & SB_FORMAT_MEMORY);
		if (f.flags & SB_FORMAT_MEMORY)
			ck_assert(f.flags & SB_FORMAT_READ);
		if (f.flags & SB_FORMAT_BOARD)
			ck_assert(f.flags & SB_FORMAT_WRITE);
		nread += (f.flags & SB_FORMAT_READ) != 0;
		nwrite += (f.flags & SB_FORMAT_WRITE) != 0;
	}
	ck_assert_uint_ge(i, SB_FMT_FDX);
	ck_assert_uint_ge(nread, 7);
	ck_assert_uint_ge(nwrite, 5);
	ck_assert_int_eq(sb_format_info(i, &f), 0);
	ck_assert_uint_eq(sb_format_flags(SB_FMT_MSD),
	    SB_FORMAT_READ | SB_FORMAT_WRITE | SB_FORMAT_MEMORY | SB_FORMAT_REVISION);
	ck_assert_uint_eq(sb_format_flags(SB_FMT_USS), SB_FORMAT_READ | SB_FORMAT_WRITE);
	ck_assert_uint_eq(sb_format_flags(SB_FMT_TABLE), SB_FORMAT_WRITE | SB_FORMAT_BOARD);
}
END_TEST

/* Import text (as a file) with the format told from the content. */
static int
import_text(sb_ctx *ctx, const char *text, int format, struct sb_import_summary *sum)
{
	struct sb_import_opts opts = { format, "P", 1, NULL, NULL, 0, NULL };
	char path[] = "/tmp/check_formats.XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	rc = sb_import(ctx, path, &opts, sum);
	unlink(path);
	return rc;
}

START_TEST(test_detect)
{
	static const char csv[] =
	    "board,day,date,position,strip_id,version,type,scene\n"
	    "B,,,1,a1,1,scene,1\n";
	static const char json[] =
	    "  [{\"board\":\"B\",\"strip_id\":\"a1\",\"type\":\"scene\",\"scene\":\"1\"}]\n";
	static const char ndjson[] =
	    "\n{\"board\":\"B\",\"strip_id\":\"a1\",\"type\":\"scene\",\"scene\":\"1\"}\n";
	/* a CSV header in a JSON object is NDJSON: the shape wins over a guess */
	static const char ndjson2[] =
	    "{\"board\":\"B\",\"strip_id\":\"a1\",\"type\":\"scene\",\"scene\":\"1\"}\n";
	sb_ctx *ctx = sb_ctx_new();
	struct sb_import_summary sum;
	struct sb_format_info f;
	char want_list[512];
	size_t nread = 0, k = 0, len;

	/* "not a format sb-import reads (csv, ..., sex or fdx)", from the table;
	 * rows added after fdx go at the end */
	for (size_t i = 0; sb_format_info(i, &f); i++)
		nread += (f.flags & SB_FORMAT_READ) != 0;
	len = (size_t)snprintf(want_list, sizeof(want_list),
	    "line 1: not a format sb-import reads (");
	for (size_t i = 0; sb_format_info(i, &f); i++) {
		if (!(f.flags & SB_FORMAT_READ))
			continue;
		k++;
		len += (size_t)snprintf(want_list + len, sizeof(want_list) - len,
		    "%s%s", k == 1 ? "" : k == nread ? " or " : ", ", f.name);
		ck_assert_uint_lt(len, sizeof(want_list));
	}
	snprintf(want_list + len, sizeof(want_list) - len, ")");
	ck_assert_ptr_nonnull(strstr(want_list, "(csv, json, ndjson, uss, msd, sex"));

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(sb_open(ctx, ":memory:", SB_OPEN_CREATE), SB_OK);
	ck_assert_msg(import_text(ctx, csv, SB_FMT_AUTO, &sum) == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert_int_eq(sum.format, SB_FMT_CSV);
	ck_assert_msg(import_text(ctx, json, SB_FMT_AUTO, &sum) == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert_int_eq(sum.format, SB_FMT_JSON);
	ck_assert_msg(import_text(ctx, ndjson, SB_FMT_AUTO, &sum) == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert_int_eq(sum.format, SB_FMT_NDJSON);
	ck_assert_msg(import_text(ctx, ndjson2, SB_FMT_AUTO, &sum) == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert_int_eq(sum.format, SB_FMT_NDJSON);

	/* a signature wins over a shape: XML that is not Final Draft is refused */
	ck_assert_int_eq(import_text(ctx, "<html>\n", SB_FMT_AUTO, &sum), SB_EDATA);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "XML, but not a Final Draft"));
	ck_assert_int_eq(import_text(ctx, " \n\t", SB_FMT_AUTO, &sum), SB_EDATA);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "empty file"));
	/* the list of what is read comes from the table */
	ck_assert_int_eq(import_text(ctx, "hello\n", SB_FMT_AUTO, &sum), SB_EDATA);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), want_list));

	/* no silent default: a format that is not read is an error */
	ck_assert_int_eq(import_text(ctx, csv, SB_FMT_TABLE, &sum), SB_EUSAGE);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "sb-import does not read table"));
	ck_assert_int_eq(import_text(ctx, csv, 999, &sum), SB_EUSAGE);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "sb-import does not read unknown"));
	sb_ctx_free(ctx);
}
END_TEST

START_TEST(test_export)
{
	sb_ctx *ctx = sb_ctx_new();
	FILE *out = tmpfile();

	ck_assert_ptr_nonnull(ctx);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(sb_open(ctx, ":memory:", SB_OPEN_CREATE), SB_OK);
	ck_assert_int_eq(sb_export(ctx, 1, NULL, SB_FMT_SEX, out), SB_EUSAGE);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "sex is not a format that is written"));
	ck_assert_int_eq(sb_export(ctx, 1, NULL, 999, out), SB_EUSAGE);
	ck_assert_int_eq(sb_export_board(ctx, 1, NULL, SB_FMT_USS, out), SB_EUSAGE);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx),
	    "a board is written as csv, json, ndjson or table, not uss"));
	ck_assert_int_eq(sb_export_board(ctx, 1, NULL, 999, out), SB_EUSAGE);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "not unknown"));
	ck_assert_int_eq(sb_export(ctx, 1, "B", SB_FMT_USS, out), SB_EUSAGE);
	ck_assert_ptr_nonnull(strstr(sb_errmsg(ctx), "a uss file holds every board"));
	fclose(out);
	sb_ctx_free(ctx);
}
END_TEST

static Suite *
formats_suite(void)
{
	Suite *s = suite_create("formats");
	TCase *t = tcase_create("table");

	tcase_add_test(t, test_constants);
	tcase_add_test(t, test_rows);
	tcase_add_test(t, test_detect);
	tcase_add_test(t, test_export);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(formats_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
