/*
 * op_report_board.c - the printable colour stripboard (sb-report board
 * --format html): one self-contained HTML file, a page of strips after
 * another, as a scheduler pins them to a board.
 *
 * Each strip is a row in its production's colours (the Movie Magic grid
 * an import kept, else the usual INT/EXT by day/night ones: fmt_html.c);
 * each shoot day ends with a black day break that says the day's number,
 * date and pages; the days without shooting between two shoot days show
 * as rows of their own (days off grouped, a holiday in red, company
 * travel); banners are grey.  The schedule comes first; the boneyard and
 * any other lane of the board (strips after the last day break, a second
 * unit) each start a page of their own.
 *
 * The writer paginates itself: a page holds a header, the column names
 * and at most SB_BOARD_ROWS rows of 20 px, 706 px in all, which fits the
 * printable area of A4 and of US Letter landscape, so a browser prints
 * one sheet per page on either paper, and the header and column names
 * repeat on every sheet.  Rows never wrap (they are cut with an
 * ellipsis), so a page never grows.
 *
 * It streams: the board cursor's rows are written as they are stepped;
 * nothing grows with the board but the output.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "board_priv.h"
#include "html_priv.h"
#include "report_priv.h"

#define SB_BOARD_ROWS 32

static const char *const wday[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const month[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
	"Aug", "Sep", "Oct", "Nov", "Dec" };

/* A named entry of the calendar: "Labor Day" on a holiday. */
struct named {
	sb_date date;
	char *name;
};

struct board_html {
	sb_ctx *ctx;
	FILE *out;
	struct sb_board_cur cur;
	char *title;            /* the production's */
	struct named *names;
	size_t nnames;
	int page_open;
	int64_t page;           /* pages written */
	int rows;               /* rows on the page open */
	char heading[512];      /* what the pages of this lane say they are */
	int64_t lane_id;        /* the lane being written; 0 before the first */
	int64_t day_id;         /* the shoot day whose strips are being written */
	sb_date last_date;      /* the date of the last shoot day written */
	int have_last;
};

/* "Wed, Aug 3, 2022" */
static const char *
long_date(sb_date d, char *buf, size_t size)
{
	char iso[SB_DATE_BUFSZ];
	int y, m, dd;

	sb_date_format(d, iso, sizeof(iso));
	if (sscanf(iso, "%d-%d-%d", &y, &m, &dd) != 3 || m < 1 || m > 12)
		snprintf(buf, size, "%s", iso);
	else
		snprintf(buf, size, "%s, %s %d, %d", wday[sb_date_weekday(d)],
		    month[m - 1], dd, y);
	return buf;
}

static int
load_title(struct board_html *h)
{
	static const char sql[] =
	    "SELECT coalesce(nullif(title, ''), name) FROM project WHERE id = ?1";
	sb_st *st = sb_stmt(h->ctx, sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, h->cur.project_id);
	rc = sb_step(st);
	if (rc == SQLITE_ROW)
		h->title = sb_strdup((const char *)sb_col_text(st, 0));
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_sqlerr(h->ctx, "project");
	return h->title != NULL ? SB_OK : sb_err(h->ctx, SB_EFAIL, "out of memory");
}

/* Generic names the sources give entries ("holiday", "dayOff"): not shown. */
static int
generic_name(const char *s)
{
	static const char *const generic[] = { "holiday", "dayoff", "day off", "off",
		"travel", "doodtravel", "companytravel", "company travel", NULL };

	for (size_t i = 0; generic[i] != NULL; i++)
		if (strcasecmp(s, generic[i]) == 0)
			return 1;
	return s[0] == '\0';
}

/* The names of the board's calendar entries that stop shooting, by date. */
static int
load_names(struct board_html *h)
{
	static const char sql[] =
	    "SELECT cd.date, cd.name FROM board b"
	    " JOIN calendar_day cd ON cd.calendar_id = b.calendar_id"
	    " WHERE b.id = ?1 AND cd.kind IN ('off', 'holiday', 'travel')"
	    " AND cd.name IS NOT NULL ORDER BY cd.date, cd.rank";
	sb_st *st = sb_stmt(h->ctx, sql);
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, h->cur.board_id);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sb_col_text(st, 1);
		sb_date d;

		if (generic_name(name) ||
		    sb_date_parse((const char *)sb_col_text(st, 0), &d) != SB_OK)
			continue;
		if (h->nnames == cap) {
			void *p = realloc(h->names, (cap = cap ? cap * 2 : 16) *
			    sizeof(*h->names));

			if (p == NULL)
				break;
			h->names = p;
		}
		if ((h->names[h->nnames].name = sb_strdup(name)) == NULL)
			break;
		h->names[h->nnames++].date = d;
	}
	sb_reset(st);
	if (rc == SQLITE_ROW)
		return sb_err(h->ctx, SB_EFAIL, "out of memory");
	return rc == SQLITE_DONE ? SB_OK : sb_sqlerr(h->ctx, "calendar days");
}

static const char *
name_of(const struct board_html *h, sb_date d)
{
	size_t lo = 0, hi = h->nnames;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->names[mid].date < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < h->nnames && h->names[lo].date == d ? h->names[lo].name : NULL;
}

static void
page_close(struct board_html *h)
{
	if (h->page_open)
		fputs("</section>\n", h->out);
	h->page_open = 0;
}

/* The colour classes of the legend: the grid's four usual cells. */
static void
legend(FILE *out)
{
	static const struct { int dn, ie; const char *what; } keys[] = {
		{ SB_DN_DAY, SB_IE_INT, "INT day" }, { SB_DN_DAY, SB_IE_EXT, "EXT day" },
		{ SB_DN_NIGHT, SB_IE_INT, "INT night" }, { SB_DN_NIGHT, SB_IE_EXT, "EXT night" },
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		fprintf(out, "<span class=\"lg k%d%d\">%s</span>", keys[i].dn, keys[i].ie,
		    keys[i].what);
}

static void
page_open(struct board_html *h)
{
	FILE *out = h->out;

	page_close(h);
	h->page++;
	h->rows = 0;
	h->page_open = 1;
	fprintf(out, "<section class=\"page board\" id=\"p%lld\">\n<header class=\"ph\"><div><h1>",
	    (long long)h->page);
	sb_html_text(out, h->title);
	fputs("</h1><p>", out);
	sb_html_text(out, h->heading);
	fputs("</p></div><div class=\"rt\"><p>", out);
	legend(out);
	fprintf(out, "</p><p>Page %lld</p></div></header>\n", (long long)h->page);
	fputs("<div class=\"ch\"><i></i><span class=\"sc\">Scene</span>"
	    "<span class=\"ie\">I/E</span><span class=\"st\">Set</span>"
	    "<span class=\"dn\">D/N</span><span class=\"pg\">Pages</span>"
	    "<span class=\"ca\">Cast</span><span class=\"sy\">Synopsis</span></div>\n", out);
}

/* Room for one more row: a new page when this one is full. */
static void
row(struct board_html *h)
{
	if (!h->page_open || h->rows == SB_BOARD_ROWS)
		page_open(h);
	h->rows++;
}

/* A row of one text across the strip: a day break, a banner, a day off. */
static void
wide_row(struct board_html *h, const char *cls, const char *text)
{
	row(h);
	fprintf(h->out, "<div class=\"r %s\"><i></i><span class=\"x\">", cls);
	sb_html_text(h->out, text);
	fputs("</span></div>\n", h->out);
}

/* The days without shooting between the last shoot day and d. */
static void
gap_rows(struct board_html *h, sb_date d)
{
	const sb_calendar *cal = h->cur.cal;
	sb_date run = 0, x;
	int in_run = 0;
	char a[48], b[48], text[256];

	if (!h->have_last || cal == NULL)
		return;
	for (x = h->last_date + 1; x <= d; x++) {
		int kind = x < d ? sb_calendar_kind(cal, x) : 0;
		const char *name = x < d ? name_of(h, x) : NULL;
		int plain_off = x < d && kind != SB_CAL_HOLIDAY && kind != SB_CAL_TRAVEL &&
		    name == NULL && !sb_calendar_is_shoot_day(cal, x);

		if (in_run && !plain_off) {
			if (run == x - 1)
				snprintf(text, sizeof(text), "%s \xc2\xb7 day off",
				    long_date(run, a, sizeof(a)));
			else
				snprintf(text, sizeof(text), "%s \xe2\x80\x93 %s \xc2\xb7 days off",
				    long_date(run, a, sizeof(a)), long_date(x - 1, b, sizeof(b)));
			wide_row(h, "off", text);
			in_run = 0;
		}
		if (x == d)
			break;
		if (plain_off) {
			if (!in_run)
				run = x;
			in_run = 1;
			continue;
		}
		if (sb_calendar_is_shoot_day(cal, x))
			continue;
		snprintf(text, sizeof(text), "%s \xc2\xb7 %s%s%s", long_date(x, a, sizeof(a)),
		    kind == SB_CAL_HOLIDAY ? "holiday" : kind == SB_CAL_TRAVEL ?
		    "travel day" : "day off", name != NULL ? ": " : "",
		    name != NULL ? name : "");
		wide_row(h, kind == SB_CAL_HOLIDAY ? "hol" : kind == SB_CAL_TRAVEL ? "trv" :
		    "off", text);
	}
}

/* A new lane: its own pages from here. */
static void
lane_start(struct board_html *h)
{
	const struct sb_board_cur *c = &h->cur;

	h->lane_id = c->lane_id;
	h->have_last = 0;
	h->day_id = 0;
	if (c->lane_kind == SB_LANE_SCHEDULE)
		snprintf(h->heading, sizeof(h->heading), "%s \xc2\xb7 stripboard",
		    c->board_name);
	else if (c->lane_kind == SB_LANE_BONEYARD)
		snprintf(h->heading, sizeof(h->heading), "%s \xc2\xb7 boneyard "
		    "(not scheduled)", c->board_name);
	else
		snprintf(h->heading, sizeof(h->heading), "%s \xc2\xb7 %s", c->board_name,
		    c->lane_name);
	page_close(h);
}

/* A shoot day begins (its first strip, or its day break when empty). */
static void
day_start(struct board_html *h)
{
	const struct sb_board_cur *c = &h->cur;

	h->day_id = c->day_id;
	if (c->day_shoot && c->has_date) {
		gap_rows(h, c->date);
		h->last_date = c->date;
		h->have_last = 1;
	}
}

static void
cell(FILE *out, const char *cls, const char *s)
{
	fprintf(out, "<span class=\"%s\">", cls);
	sb_html_text(out, s);
	fputs("</span>", out);
}

static int
strip_row(struct board_html *h)
{
	const struct sb_board_cur *c = &h->cur;
	const struct sb_strip_row *r = &c->row;
	FILE *out = h->out;
	char pages[SB_EIGHTHS_BUFSZ];
	struct sb_buf cast;

	if (strcmp(r->type, "banner") == 0) {
		wide_row(h, "bn", r->banner_text != NULL && r->banner_text[0] != '\0' ?
		    r->banner_text : r->synopsis);
		return SB_OK;
	}
	sb_buf_init(&cast);
	for (size_t e = 0; e < r->nel; e++) {
		if (r->el[e].cat < 0 || c->cats[r->el[e].cat].ucid != 100)
			continue;
		if (cast.len > 0)
			sb_buf_puts(&cast, ", ");
		sb_buf_puts(&cast, r->el[e].board_id[0] != '\0' ? r->el[e].board_id :
		    r->el[e].name);
	}
	if (cast.failed) {
		sb_buf_free(&cast);
		return sb_err(h->ctx, SB_EFAIL, "out of memory");
	}
	row(h);
	fprintf(out, "<div class=\"r k%d%d%s\"><i></i>", sb_colour_dn(r->day_night),
	    sb_colour_ie(r->int_ext), r->omitted ? " om" : "");
	cell(out, "sc", r->scene);
	cell(out, "ie", r->int_ext);
	cell(out, "st", r->set);
	cell(out, "dn", r->day_night);
	cell(out, "pg", r->has_eighths ? sb_eighths_format(r->eighths, pages,
	    sizeof(pages)) : "");
	cell(out, "ca", sb_buf_str(&cast));
	if (r->omitted) {
		fputs("<span class=\"sy\">OMITTED", out);
		if (r->synopsis != NULL && r->synopsis[0] != '\0')
			fputs(" \xe2\x80\x94 ", out);
		sb_html_text(out, r->synopsis);
		fputs("</span></div>\n", out);
	} else {
		cell(out, "sy", r->synopsis);
		fputs("</div>\n", out);
	}
	sb_buf_free(&cast);
	return SB_OK;
}

static void
day_break(struct board_html *h)
{
	const struct sb_board_cur *c = &h->cur;
	char text[256], date[48], pages[SB_EIGHTHS_BUFSZ];
	size_t n;

	n = (size_t)snprintf(text, sizeof(text), "END OF DAY %lld", (long long)c->day_no);
	if (c->has_date)
		n += (size_t)snprintf(text + n, sizeof(text) - n, " \xe2\x80\x94 %s",
		    long_date(c->date, date, sizeof(date)));
	n += (size_t)snprintf(text + n, sizeof(text) - n, " \xe2\x80\x94 %s pgs",
	    sb_eighths_format(c->day_eighths, pages, sizeof(pages)));
	if (c->day_est_ms > 0)
		snprintf(text + n, sizeof(text) - n, " \xe2\x80\x94 est. %lld:%02lld",
		    (long long)(c->day_est_ms / 3600000),
		    (long long)(c->day_est_ms / 60000 % 60));
	wide_row(h, "db", text);
}

int
sb_report_board_html(sb_ctx *ctx, int64_t project_id, const char *board, FILE *out)
{
	struct board_html h;
	struct sb_colours colours;
	int rc, ev;

	memset(&h, 0, sizeof(h));
	h.ctx = ctx;
	h.out = out;
	if ((rc = sb_board_open(ctx, project_id, board, &h.cur)) != SB_OK)
		return rc;
	/* a viewer of the board reads it (sb-perm(1)) */
	if ((rc = sb_perm_require(ctx, SB_ACT_READ, &(struct sb_scope){ project_id,
	    h.cur.board_id, 0, 0 })) != SB_OK ||
	    (rc = load_title(&h)) != SB_OK || (rc = load_names(&h)) != SB_OK ||
	    (rc = sb_colours_load(ctx, project_id, &colours)) != SB_OK)
		goto done;
	{
		char title[1024];

		snprintf(title, sizeof(title), "%s \xe2\x80\x94 %s", h.title,
		    h.cur.board_name);
		sb_html_begin(out, title, &colours);
	}
	while ((ev = sb_board_next(&h.cur)) > 0) {
		if (h.cur.lane_id != h.lane_id)
			lane_start(&h);
		if (h.cur.day_shoot && h.cur.day_id != h.day_id)
			day_start(&h);
		if (ev == SB_CUR_STRIP)
			rc = strip_row(&h);
		else
			day_break(&h);
		if (rc != SB_OK)
			goto done;
	}
	if ((rc = ev) != SB_OK)
		goto done;
	if (h.page == 0) {
		snprintf(h.heading, sizeof(h.heading), "%s \xc2\xb7 stripboard",
		    h.cur.board_name);
		page_open(&h);
		fputs("<p class=\"none\">The board has no strips.</p>\n", out);
	}
	page_close(&h);
	sb_html_end(out);
	if (ferror(out))
		rc = sb_err(ctx, SB_EFAIL, "write error");
done:
	for (size_t i = 0; i < h.nnames; i++)
		free(h.names[i].name);
	free(h.names);
	free(h.title);
	sb_board_close(&h.cur);
	return rc;
}

int
rep_board(struct rep_run *run)
{
	return sb_report_board_html(run->ctx, run->project_id, run->o->board, run->out);
}
