/*
 * fmt_html.c - the one look of every HTML report: the document around it,
 * its style sheet (the stripboard's pages, op_report_board.c, and the
 * tables of every other report, op_report_html.c), and the production's
 * strip colours.
 *
 * A report is one file that needs nothing else: the style sheet is inside
 * it, there are no scripts, images or fonts to fetch (the fonts are the
 * reader's own sans-serif), so it opens offline and prints the same years
 * later.  It prints landscape on the reader's paper (@page size
 * landscape); the stripboard's pages are laid out for the smaller of A4
 * and US Letter landscape (263 mm wide on Letter, 194 mm high on A4, with
 * 8 mm margins), so every page fits both sheets (op_report_board.c).
 *
 * Background colours print (print-color-adjust: exact): a stripboard is
 * its colours.
 */
#include <config.h>

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_priv.h"

#define WHITE  0xffffffu
#define YELLOW 0xfff176u
#define BLUE   0x90caf9u
#define GREEN  0x81c784u
#define BLACK  0x000000u

void
sb_colours_default(struct sb_colours *c)
{
	/* day-ish rows (day, morning, other) and night-ish rows (night, evening) */
	static const uint32_t day[SB_IE_N] = { WHITE, YELLOW, YELLOW, WHITE };
	static const uint32_t night[SB_IE_N] = { BLUE, GREEN, GREEN, BLUE };

	memset(c, 0, sizeof(*c));
	for (int r = 0; r < SB_DN_N; r++)
		for (int k = 0; k < SB_IE_N; k++) {
			int dark = r == SB_DN_NIGHT || r == SB_DN_EVENING;

			c->cell[r][k].bg = dark ? night[k] : day[k];
			c->cell[r][k].fg = BLACK;
		}
}

/* Upper-cased s without dots and spaces at the ends, into buf. */
static const char *
norm(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	if (s == NULL)
		s = "";
	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s != '\0' && n + 1 < size; s++)
		if (*s != '.')
			buf[n++] = (char)toupper((unsigned char)*s);
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return buf;
}

static int
one_of(const char *s, const char *const *names)
{
	for (; *names != NULL; names++)
		if (strcmp(s, *names) == 0)
			return 1;
	return 0;
}

int
sb_colour_dn(const char *day_night)
{
	static const char *const day[] = { "DAY", "D", "AFTERNOON", "NOON", "DAYTIME", NULL };
	static const char *const night[] = { "NIGHT", "N", "MIDNIGHT", NULL };
	static const char *const morning[] = { "MORNING", "M", "DAWN", "SUNRISE", "EARLY MORNING", NULL };
	static const char *const evening[] = { "EVENING", "E", "DUSK", "SUNSET", "TWILIGHT",
		"MAGIC HOUR", NULL };
	char buf[32];
	const char *s = norm(day_night, buf, sizeof(buf));

	return one_of(s, day) ? SB_DN_DAY : one_of(s, night) ? SB_DN_NIGHT :
	    one_of(s, morning) ? SB_DN_MORNING : one_of(s, evening) ? SB_DN_EVENING :
	    SB_DN_OTHER;
}

int
sb_colour_ie(const char *int_ext)
{
	static const char *const in[] = { "INT", "I", "INTERIOR", NULL };
	static const char *const ex[] = { "EXT", "E", "EXTERIOR", NULL };
	static const char *const both[] = { "INT/EXT", "EXT/INT", "I/E", "E/I", "INT-EXT",
		"EXT-INT", "INT / EXT", "EXT / INT", NULL };
	char buf[32];
	const char *s = norm(int_ext, buf, sizeof(buf));

	return one_of(s, in) ? SB_IE_INT : one_of(s, ex) ? SB_IE_EXT :
	    one_of(s, both) ? SB_IE_INTEXT : SB_IE_OTHER;
}

/* "r,g,b" (0-255 each) as 0xRRGGBB; -1 if it is not that. */
static long
parse_rgb(const char *s)
{
	long v = 0;

	for (int i = 0; i < 3; i++) {
		char *end;
		long c;

		while (*s == ' ')
			s++;
		if (!isdigit((unsigned char)*s))
			return -1;
		c = strtol(s, &end, 10);
		if (c < 0 || c > 255)
			return -1;
		v = v << 8 | c;
		s = end;
		while (*s == ' ')
			s++;
		if (i < 2 && *s++ != ',')
			return -1;
	}
	return *s == '\0' ? v : -1;
}

/* A row or column number of the grid (from 0), as digits or a JSON integer. */
static int
grid_index(json_t *v, int n)
{
	long i = -1;

	if (json_is_integer(v))
		i = (long)json_integer_value(v);
	else if (json_is_string(v) && isdigit((unsigned char)json_string_value(v)[0]))
		i = strtol(json_string_value(v), NULL, 10);
	return i >= 0 && i < n ? (int)i : -1;
}

int
sb_colours_load(sb_ctx *ctx, int64_t project_id, struct sb_colours *c)
{
	static const char sql[] = "SELECT meta FROM project WHERE id = ?1";
	sb_st *st = sb_stmt(ctx, sql);
	json_t *meta, *grid, *cell;
	size_t i;
	int rc;

	sb_colours_default(c);
	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, project_id);
	rc = sb_step(st);
	if (rc != SQLITE_ROW) {
		sb_reset(st);
		return rc == SQLITE_DONE ? sb_err(ctx, SB_ENOTFOUND, "no project %lld",
		    (long long)project_id) : sb_sqlerr(ctx, "project");
	}
	meta = json_loads((const char *)sb_col_text(st, 0), 0, NULL);
	sb_reset(st);
	/* a meta that is not JSON, or has no grid: the usual colours */
	grid = json_object_get(meta, "_msdColors");
	json_array_foreach(grid, i, cell) {
		const char *bgs = json_string_value(json_object_get(cell, "Bg"));
		const char *fgs = json_string_value(json_object_get(cell, "Fg"));
		int r = grid_index(json_object_get(cell, "RowNumber"), SB_DN_N);
		int k = grid_index(json_object_get(cell, "ColumnNumber"), SB_IE_N);
		long bg = parse_rgb(bgs != NULL ? bgs : "");
		long fg = parse_rgb(fgs != NULL ? fgs : "");

		if (r < 0 || k < 0 || bg < 0)
			continue;
		c->cell[r][k].bg = (uint32_t)bg;
		if (fg >= 0)
			c->cell[r][k].fg = (uint32_t)fg;
		c->kept = 1;
	}
	json_decref(meta);
	return SB_OK;
}

/*
 * The style sheet.  Lengths are CSS pixels (1/96 in), the same on screen
 * and on paper.  A stripboard page (.page) is 990 x 706 px at most: the
 * page header 48, the column header 18 and 32 rows of 20.  Letter
 * landscape less 8 mm margins is 995 px wide, A4 landscape 733 px high.
 */
static const char style[] =
"@page{size:landscape;margin:8mm}\n"
"*{box-sizing:border-box}\n"
"html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
"body{margin:0;font:11px/1.25 \"DejaVu Sans\",\"Liberation Sans\",Arial,Helvetica,sans-serif;color:#000;background:#fff}\n"
"@media screen{body{background:#777}.page{background:#fff;margin:0 0 16px 0}.page.board{height:706px}}\n"
".page{width:990px}\n"
".page+.page{break-before:page;page-break-before:always}\n"
".ph{height:48px;display:flex;justify-content:space-between;align-items:flex-end;border-bottom:2px solid #000;padding:0 4px 4px 4px;overflow:hidden}\n"
".ph h1{font-size:16px;margin:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\n"
".ph p{margin:0;white-space:nowrap}\n"
".ph .rt{text-align:right}\n"
".lg{display:inline-block;padding:0 6px;margin-left:4px;border:1px solid #000}\n"
".r,.ch{display:flex;height:20px;line-height:19px;border-bottom:1px solid #666;overflow:hidden;white-space:nowrap}\n"
".ch{height:18px;line-height:17px;font-weight:bold;background:#e8e8e8}\n"
".r>*,.ch>*{flex:none;overflow:hidden;text-overflow:ellipsis;padding:0 4px;font-style:normal}\n"
".r>i,.ch>i{width:10px;padding:0}\n"
".sc{width:52px;font-weight:bold}.ie{width:52px}.st{width:250px}.dn{width:72px}\n"
".pg{width:52px;text-align:right}.ca{width:150px}.sy,.x{flex:1 1 0!important}\n"
".db{background:#000;color:#fff;font-weight:bold}\n"
".bn{background:#b0b0b0;color:#000;font-weight:bold}\n"
".bn .x{text-align:center}\n"
".off,.trv{background:#d9d9d9;color:#000;font-style:italic}\n"
".hol{background:#d32f2f;color:#fff;font-weight:bold}\n"
".om .sc,.om .st,.om .sy{text-decoration:line-through}\n"
".none{padding:16px;font-style:italic}\n"
"table.rp{min-width:990px;border-collapse:collapse;margin:0 0 8px 0}\n"
"table.rp thead{display:table-header-group}\n"
"table.rp th{background:#e8e8e8;text-align:left;vertical-align:bottom;border:1px solid #666;padding:1px 4px}\n"
"table.rp tr.grp th{text-align:center}\n"
"table.rp td{border:1px solid #999;padding:1px 4px;vertical-align:top}\n"
"table.rp tr{break-inside:avoid;page-break-inside:avoid}\n"
"table.rp .R{text-align:right}\n"
"table.rp tr.end td{background:#000;color:#fff;font-weight:bold}\n"
"table.rp tr.day td{background:#e8e8e8;font-weight:bold}\n"
"table.rp tr.banner td{background:#b0b0b0;font-weight:bold;text-align:center}\n"
"table.rp tr.off td,table.rp tr.travel td{background:#d9d9d9;font-style:italic}\n"
"table.rp tr.holiday td{background:#d32f2f;color:#fff}\n"
"table.rp tr.total td{font-weight:bold;border-top:2px solid #000}\n"
"table.rp tr.none td{font-style:italic;padding:16px}\n";

void
sb_html_begin(FILE *out, const char *title, const struct sb_colours *colours)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"generator\" content=\"stripboard ", out);
	sb_html_text(out, sb_version());
	fputs("\">\n<title>", out);
	sb_html_text(out, title);
	fputs("</title>\n<style>\n", out);
	fputs(style, out);
	if (colours != NULL)
		for (int r = 0; r < SB_DN_N; r++)
			for (int k = 0; k < SB_IE_N; k++)
				fprintf(out, ".k%d%d{background:#%06x;color:#%06x}\n", r, k,
				    (unsigned)colours->cell[r][k].bg,
				    (unsigned)colours->cell[r][k].fg);
	fputs("</style>\n</head>\n<body>\n", out);
}

void
sb_html_end(FILE *out)
{
	fputs("</body>\n</html>\n", out);
}
