/*
 * check_html.c - the HTML reports' pieces: text escaped for HTML, the
 * strip colours (the usual ones and a grid an import kept), and the
 * printable stripboard of the full sample: one row a strip, a day break a
 * shoot day, pages that never hold more rows than fit a sheet, the
 * boneyard on pages of its own, nothing fetched from anywhere.
 * (The rendering itself is checked in a real browser: t0110.)
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stripboard.h"
#include "html_priv.h"
#include "report_priv.h"

static char dir[64], path[256];
static sb_ctx *ctx;
static int64_t project;

static const char *
quoted(const char *s)
{
	static struct sb_buf b;

	sb_buf_free(&b);
	sb_buf_init(&b);
	sb_html_quote(&b, s);
	ck_assert(!b.failed);
	return sb_buf_str(&b);
}

START_TEST(test_escape)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_str_eq(quoted("<a href=\"x\">&'"),
	    "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
	ck_assert_str_eq(quoted("caf\xc3\xa9 \xe2\x80\x94 ok"), "caf\xc3\xa9 \xe2\x80\x94 ok");
	ck_assert_str_eq(quoted("tab\there\nline"), "tab\there\nline");
	/* not UTF-8, and controls a document may not hold: U+FFFD each */
	ck_assert_str_eq(quoted("a\xff" "b"), "a\xef\xbf\xbd" "b");
	ck_assert_str_eq(quoted("\xe2\x82"), "\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert_str_eq(quoted("x\x01y\x7f"), "x\xef\xbf\xbdy\xef\xbf\xbd");
	ck_assert_str_eq(quoted(""), "");
	ck_assert_str_eq(quoted(NULL), "");
	/* the stream writer says the same */
	f = open_memstream(&mem, &len);
	ck_assert_ptr_nonnull(f);
	sb_html_text(f, "<\xc0>");
	fclose(f);
	ck_assert_str_eq(mem, "&lt;\xef\xbf\xbd&gt;");
	free(mem);
}
END_TEST

START_TEST(test_colour_names)
{
	ck_assert_int_eq(sb_colour_dn("NIGHT"), SB_DN_NIGHT);
	ck_assert_int_eq(sb_colour_dn(" Night "), SB_DN_NIGHT);
	ck_assert_int_eq(sb_colour_dn("Day"), SB_DN_DAY);
	ck_assert_int_eq(sb_colour_dn("AFTERNOON"), SB_DN_DAY);
	ck_assert_int_eq(sb_colour_dn("dawn"), SB_DN_MORNING);
	ck_assert_int_eq(sb_colour_dn("Dusk"), SB_DN_EVENING);
	ck_assert_int_eq(sb_colour_dn("LATER"), SB_DN_OTHER);
	ck_assert_int_eq(sb_colour_dn(""), SB_DN_OTHER);
	ck_assert_int_eq(sb_colour_dn(NULL), SB_DN_OTHER);
	ck_assert_int_eq(sb_colour_ie("INT"), SB_IE_INT);
	ck_assert_int_eq(sb_colour_ie("ext."), SB_IE_EXT);
	ck_assert_int_eq(sb_colour_ie("INT/EXT"), SB_IE_INTEXT);
	ck_assert_int_eq(sb_colour_ie("I/E"), SB_IE_INTEXT);
	ck_assert_int_eq(sb_colour_ie("INTEXTERIOR"), SB_IE_OTHER);
	ck_assert_int_eq(sb_colour_ie(NULL), SB_IE_OTHER);
}
END_TEST

/* The usual colours: FORMATS.md section 6. */
START_TEST(test_default_colours)
{
	struct sb_colours c;
	uint32_t v;

	sb_colours_default(&c);
	ck_assert_int_eq(c.kept, 0);
	ck_assert_uint_eq(c.cell[SB_DN_DAY][SB_IE_INT].bg, 0xffffff);   /* white */
	v = c.cell[SB_DN_DAY][SB_IE_EXT].bg;                              /* yellow */
	ck_assert(v >> 16 > 0xe0 && (v >> 8 & 0xff) > 0xe0 && (v & 0xff) < 0xa0);
	v = c.cell[SB_DN_NIGHT][SB_IE_INT].bg;                            /* blue */
	ck_assert((v & 0xff) > (v >> 16) + 0x40);
	v = c.cell[SB_DN_NIGHT][SB_IE_EXT].bg;                            /* green */
	ck_assert((v >> 8 & 0xff) > (v >> 16) + 0x30 && (v >> 8 & 0xff) > (v & 0xff) + 0x30);
	for (int r = 0; r < SB_DN_N; r++)
		for (int k = 0; k < SB_IE_N; k++)
			ck_assert_uint_eq(c.cell[r][k].fg, 0);
}
END_TEST

static void
setup(void)
{
	struct sb_import_opts opts = { SB_FMT_AUTO, NULL, 0, NULL, NULL, 0, NULL };
	struct sb_import_summary sum;
	const char *top = getenv("top_srcdir");
	char sample[1024];

	snprintf(sample, sizeof(sample), "%s/tests/fixtures/uss/wonderful-life-full.uss",
	    top != NULL ? top : ".");
	strcpy(dir, "/tmp/check_html.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	ctx = sb_ctx_new();
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(sb_open(ctx, path, SB_OPEN_CREATE), SB_OK);
	ck_assert_msg(sb_import(ctx, sample, &opts, &sum) == SB_OK, "%s", sb_errmsg(ctx));
	project = sum.project_id;
}

static void
teardown(void)
{
	char cmd[128];

	sb_ctx_free(ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void
exec(const char *sql)
{
	char *err = NULL;

	ck_assert_msg(sqlite3_exec(ctx->db, sql, NULL, NULL, &err) == SQLITE_OK, "%s", err);
}

static int64_t
count(const char *sql)
{
	sqlite3_stmt *st;
	int64_t n;

	ck_assert_int_eq(sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A grid kept from an .msd import wins, cell by cell; a bad cell is skipped. */
START_TEST(test_kept_grid)
{
	struct sb_colours c;

	ck_assert_int_eq(sb_colours_load(ctx, project, &c), SB_OK);
	ck_assert_int_eq(c.kept, 0);
	ck_assert_uint_eq(c.cell[SB_DN_DAY][SB_IE_INT].bg, 0xffffff);
	/* ColorGridCell records as an .msd import keeps them: attributes */
	exec("UPDATE project SET meta = json_object('_msdColors', json_array("
	    " json_object('RowNumber', '1', 'ColumnNumber', '1', 'Fg', '255,255,255', 'Bg', '0,0,128'),"
	    " json_object('RowNumber', 0, 'ColumnNumber', '0', 'Bg', '250, 240, 230'),"
	    " json_object('RowNumber', '9', 'ColumnNumber', '0', 'Bg', '1,2,3'),"
	    " json_object('RowNumber', '2', 'ColumnNumber', '2', 'Fg', '0,0,0', 'Bg', '300,0,0')))");
	ck_assert_int_eq(sb_colours_load(ctx, project, &c), SB_OK);
	ck_assert_int_eq(c.kept, 1);
	ck_assert_uint_eq(c.cell[SB_DN_NIGHT][SB_IE_EXT].bg, 0x000080);
	ck_assert_uint_eq(c.cell[SB_DN_NIGHT][SB_IE_EXT].fg, 0xffffff);
	ck_assert_uint_eq(c.cell[SB_DN_DAY][SB_IE_INT].bg, 0xfaf0e6);
	ck_assert_uint_eq(c.cell[SB_DN_DAY][SB_IE_INT].fg, 0);
	/* the cells it does not give, or gives wrong, keep the usual colours */
	ck_assert_uint_eq(c.cell[SB_DN_MORNING][SB_IE_INTEXT].bg, 0xfff176);
	ck_assert_uint_eq(c.cell[SB_DN_NIGHT][SB_IE_INT].bg, 0x90caf9);
	/* a meta that is not JSON at all: the usual colours, no failure */
	exec("UPDATE project SET meta = 'not json'");
	ck_assert_int_eq(sb_colours_load(ctx, project, &c), SB_OK);
	ck_assert_int_eq(c.kept, 0);
	ck_assert_int_eq(sb_colours_load(ctx, project + 99, &c), SB_ENOTFOUND);
}
END_TEST

static char *
board_html(const char *board, int *rc)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);

	ck_assert_ptr_nonnull(f);
	*rc = sb_report_board_html(ctx, project, board, f);
	ck_assert_int_eq(fclose(f), 0);
	return mem;
}

static size_t
occurrences(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
		n++;
	return n;
}

START_TEST(test_board)
{
	int rc;
	char *html = board_html("First Pass", &rc), *page, *next;
	size_t pages = 0, boneyard_pages = 0;
	int seen_boneyard = 0;

	ck_assert_msg(rc == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert(strncmp(html, "<!DOCTYPE html>\n", 16) == 0);
	ck_assert(strstr(html, "</html>\n") != NULL);
	/* self-contained: no script, nothing fetched */
	ck_assert_ptr_null(strstr(html, "<script"));
	ck_assert_ptr_null(strstr(html, "src="));
	ck_assert_ptr_null(strstr(html, "url("));
	ck_assert_ptr_null(strstr(html, "@import"));
	ck_assert_ptr_null(strstr(html, "<link"));
	/* landscape, background colours printed, the usual EXT night green */
	ck_assert_ptr_nonnull(strstr(html, "@page{size:landscape;"));
	ck_assert_ptr_nonnull(strstr(html, "print-color-adjust:exact"));
	ck_assert_ptr_nonnull(strstr(html, ".k11{background:#81c784;color:#000000}"));
	/* one row a strip of the board, one day break a shoot day */
	ck_assert_int_eq((int64_t)occurrences(html, "<div class=\"r k"),
	    count("SELECT count(*) FROM placement p JOIN board b ON b.id = p.board_id"
	    " JOIN strip s ON s.id = p.strip_id WHERE b.name = 'First Pass'"
	    " AND s.type = 'scene'"));
	ck_assert_int_eq((int64_t)occurrences(html, "<div class=\"r db\">"),
	    count("SELECT count(*) FROM day d JOIN board b ON b.id = d.board_id"
	    " WHERE b.name = 'First Pass' AND d.kind = 'shoot'"));
	/* the strips of scene 18 (INT, NIGHT) and 17 (EXT, DAY) in their colours */
	ck_assert_ptr_nonnull(strstr(html, "<div class=\"r k10\"><i></i><span class=\"sc\">18</span>"));
	ck_assert_ptr_nonnull(strstr(html, "<div class=\"r k01\"><i></i><span class=\"sc\">17</span>"));
	/* the day breaks say the day, its date and its pages; days off and
	 * holidays between shoot days are rows of their own */
	ck_assert_ptr_nonnull(strstr(html, "END OF DAY 1 \xe2\x80\x94 Wed, Aug 3, 2022 "
	    "\xe2\x80\x94 1/8 pgs"));
	ck_assert_ptr_nonnull(strstr(html, "END OF DAY 4 \xe2\x80\x94 Mon, Aug 8, 2022 "
	    "\xe2\x80\x94 7 2/8 pgs"));
	ck_assert_ptr_nonnull(strstr(html, "<div class=\"r off\"><i></i><span class=\"x\">"
	    "Sat, Aug 13, 2022 \xe2\x80\x93 Sun, Aug 14, 2022 \xc2\xb7 days off</span>"));
	ck_assert_ptr_nonnull(strstr(html, "<div class=\"r trv\"><i></i><span class=\"x\">"
	    "Sun, Aug 7, 2022 \xc2\xb7 travel day</span>"));
	ck_assert_ptr_nonnull(strstr(html, "<div class=\"r hol\"><i></i><span class=\"x\">"
	    "Mon, Sep 5, 2022 \xc2\xb7 holiday</span>"));
	/* pages: never more rows than a sheet holds; the boneyard's own */
	for (page = strstr(html, "<section "); page != NULL; page = next) {
		size_t rows = 0;
		int boneyard;

		next = strstr(page + 1, "<section ");
		if (next != NULL)
			next[0] = '\0';
		rows = occurrences(page, "<div class=\"r ");
		ck_assert_uint_gt(rows, 0);
		ck_assert_uint_le(rows, 32);
		boneyard = strstr(page, "\xc2\xb7 boneyard") != NULL;
		if (boneyard) {
			boneyard_pages++;
			ck_assert_ptr_null(strstr(page, "class=\"r db\""));
		}
		ck_assert(!seen_boneyard || boneyard);
		seen_boneyard |= boneyard;
		if (next != NULL)
			next[0] = '<';
		pages++;
	}
	ck_assert_uint_eq(boneyard_pages, 1);
	/* 171 strips, 61 day breaks, 12 weekends, a travel day and 2 holidays
	 * of the schedule in pages of 32 rows; the boneyard's 2 strips */
	ck_assert_uint_eq(pages, (171 + 61 + 12 + 1 + 2 + 31) / 32 + 1);
	ck_assert_uint_eq(occurrences(html, "<section "), pages);
	free(html);
}
END_TEST

/* Text from the file is escaped; an omitted scene is marked; banners are grey. */
START_TEST(test_board_text)
{
	int rc;
	char *html;

	exec("UPDATE strip SET synopsis = '<b>bold</b> & \"quoted\"', omitted = 1"
	    " WHERE scene = '17'");
	exec("UPDATE strip SET type = 'banner', banner_text = 'WEEK <2>' WHERE scene = '107'");
	exec("UPDATE project SET title = 'A <Wonderful> Life'");
	exec("UPDATE project SET meta = json_object('_msdColors', json_array("
	    " json_object('RowNumber', '1', 'ColumnNumber', '1', 'Fg', '255,255,255', 'Bg', '0,0,128')))");
	html = board_html("First Pass", &rc);
	/* the production's own grid colours its strips */
	ck_assert_ptr_nonnull(strstr(html, ".k11{background:#000080;color:#ffffff}"));
	ck_assert_ptr_nonnull(strstr(html, ".k10{background:#90caf9;color:#000000}"));
	ck_assert_msg(rc == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert_ptr_nonnull(strstr(html, "<title>A &lt;Wonderful&gt; Life \xe2\x80\x94 First Pass</title>"));
	ck_assert_ptr_nonnull(strstr(html, "<div class=\"r k01 om\"><i></i><span class=\"sc\">17</span>"));
	ck_assert_ptr_nonnull(strstr(html, "OMITTED \xe2\x80\x94 &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"));
	ck_assert_ptr_nonnull(strstr(html, "<div class=\"r bn\"><i></i><span class=\"x\">WEEK &lt;2&gt;</span></div>"));
	ck_assert_ptr_null(strstr(html, "<b>bold"));
	free(html);
}
END_TEST

START_TEST(test_board_errors)
{
	int rc;
	char *html;
	FILE *full;

	html = board_html("No Such Board", &rc);
	ck_assert_int_eq(rc, SB_ENOTFOUND);
	free(html);
	/* empty shoot days still end with their day breaks */
	exec("DELETE FROM placement WHERE board_id = (SELECT id FROM board WHERE name = 'Second Pass')");
	html = board_html("Second Pass", &rc);
	ck_assert_msg(rc == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert_uint_eq(occurrences(html, "<div class=\"r k"), 0);
	ck_assert_uint_eq(occurrences(html, "END OF DAY"), 67);
	ck_assert_ptr_nonnull(strstr(html, "END OF DAY 67 \xe2\x80\x94 "));
	free(html);
	/* a board without strips or days is one page that says so */
	exec("DELETE FROM day WHERE board_id = (SELECT id FROM board WHERE name = 'Second Pass')");
	html = board_html("Second Pass", &rc);
	ck_assert_msg(rc == SB_OK, "%s", sb_errmsg(ctx));
	ck_assert_uint_eq(occurrences(html, "<section "), 1);
	ck_assert_ptr_nonnull(strstr(html, "The board has no strips."));
	free(html);
	/* a write that fails is a failure */
	full = fopen("/dev/full", "w");
	if (full != NULL) {
		ck_assert_int_eq(sb_report_board_html(ctx, project, "First Pass", full), SB_EFAIL);
		ck_assert_str_eq(sb_errmsg(ctx), "write error");
		fclose(full);
	}
}
END_TEST

static Suite *
html_suite(void)
{
	Suite *s = suite_create("html");
	TCase *text = tcase_create("text");
	TCase *board = tcase_create("board");

	tcase_add_test(text, test_escape);
	tcase_add_test(text, test_colour_names);
	tcase_add_test(text, test_default_colours);
	suite_add_tcase(s, text);
	tcase_set_timeout(board, 60);
	tcase_add_checked_fixture(board, setup, teardown);
	tcase_add_test(board, test_kept_grid);
	tcase_add_test(board, test_board);
	tcase_add_test(board, test_board_text);
	tcase_add_test(board, test_board_errors);
	suite_add_tcase(s, board);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(html_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
