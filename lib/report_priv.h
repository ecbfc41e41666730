/*
 * report_priv.h - the reports of sb-report (lib/op_report*.c).
 *
 * A report is a row of the table of reports (op_report.c): its name, what
 * it says, and a function that reads the board and hands rows to a writer.
 * A writer is a row of the table of writers: a format name ("csv",
 * "html"...) and three functions, begin/row/end, that turn the rows of any
 * report into that format.  A report never prints itself: it describes its
 * columns once (struct rep_table) and then hands over rows, one at a time,
 * so output streams and a new format is one new writer that every report
 * gets at once.  A report that only makes sense in some formats (a
 * calendar feed) lists them; it may then write out itself (rep_run.out).
 *
 * To add a format: a struct rep_writer_ops in a new op_report_<fmt>.c,
 * declared below and listed in rep_writers[] (op_report.c).  To add a
 * report: a function int (*)(struct rep_run *) in op_report_<name>.c,
 * declared below and listed in rep_reports[] (op_report.c).
 */
#ifndef REPORT_PRIV_H
#define REPORT_PRIV_H

#include <stdint.h>
#include <stdio.h>

#include "sb_priv.h"

/* Column flags. */
enum {
	REP_NUM = 0x1,     /* a number: unquoted in JSON, right-aligned in tables */
	REP_PLAIN = 0x2,   /* never holds a comma, quote or line break (codes) */
	REP_SPARSE = 0x4,  /* JSON leaves the key out when the cell is empty */
	REP_HIDDEN = 0x8   /* not a column of the readable table */
};

struct rep_col {
	const char *key;   /* CSV header, JSON key */
	const char *title; /* readable table header; NULL: key in capitals */
	int width;         /* readable table width in characters; 0: the rest */
	unsigned flags;
	const char *group; /* JSON: consecutive columns of a group nest in an
			    * object of this name ("days"); NULL: top level */
};

/* What a report says about itself before its first row. */
struct rep_table {
	const char *report;  /* "dood" */
	const char *title;   /* "Day Out of Days" */
	const char *project;
	const char *board;
	const char *subtitle; /* a line under the title (categories, dates), or NULL */
	size_t ncols;
	const struct rep_col *cols;
	/*
	 * HTML: columns page_lo to page_hi - 1 (the DOOD's dates) are printed
	 * REP_HTML_PAGE_COLS at a time, each run on pages of its own with the
	 * other columns beside it, so a long run stays on paper; 0, 0: never.
	 */
	size_t page_lo, page_hi;
};
#define REP_HTML_PAGE_COLS 10

/*
 * One row.  kind names what the row is ("element", "day", "strip",
 * "end", "total", "banner"...): the first CSV column ("row"), the JSON key
 * "row", an HTML class.  cells[i] is column i's text, NULL when empty
 * (JSON null).  line, when not NULL, is what a readable writer prints
 * instead of the cells (an end-of-day line, a day header); the cells still
 * go to CSV and JSON.
 */
struct rep_row {
	const char *kind;
	const char *const *cells;
	const char *line;
};

struct rep_writer;

struct rep_writer_ops {
	const char *format;  /* its --format name */
	int (*begin)(struct rep_writer *w, const struct rep_table *t);
	int (*row)(struct rep_writer *w, const struct rep_row *r);
	int (*end)(struct rep_writer *w);
};

/* A writer at work: what every format's functions get. */
struct rep_writer {
	const struct rep_writer_ops *ops;
	sb_ctx *ctx;
	int64_t project_id;  /* the project reported on */
	FILE *out;
	const struct rep_table *t;
	int64_t rows;        /* rows written so far */
	int group_open;      /* JSON: inside a group object */
	struct sb_buf buf;   /* a row being made, written at once */
	void *state;         /* the format's own, if it needs one (freed by end) */
};

/* The generic writers (op_report_write.c). */
extern const struct rep_writer_ops rep_write_table, rep_write_csv, rep_write_json,
    rep_write_ndjson;
/* The HTML writer, in the look of the stripboard (op_report_html.c). */
extern const struct rep_writer_ops rep_write_html;
/* Free what the HTML writer holds when the report fails before its end. */
void rep_html_discard(struct rep_writer *w);

/* A report at work. */
struct rep_run {
	sb_ctx *ctx;
	int64_t project_id;
	const struct sb_report_opts *o;
	const char *format;          /* as asked */
	struct rep_writer *w;        /* NULL for a report that writes out itself */
	FILE *out;
};

struct rep_report {
	const char *name;
	const char *about;           /* one line for the help */
	int (*run)(struct rep_run *run);
	/* the formats it writes itself, ending with NULL; NULL: every writer */
	const char *const *formats;
};

/* The reports (op_report_<name>.c). */
int rep_dood(struct rep_run *run);
int rep_oneliner(struct rep_run *run);
int rep_schedule(struct rep_run *run);
int rep_elements(struct rep_run *run);
int rep_flags(struct rep_run *run);
int rep_board(struct rep_run *run);      /* op_report_board.c: html */
int rep_ics(struct rep_run *run);        /* op_report_ics.c: ics */

/*
 * The printable colour stripboard of a board (NULL: the active board,
 * else the first): one self-contained HTML document (no scripts, nothing
 * fetched) that prints landscape on A4 and US Letter, one sheet per page.
 * Strips are in the production's colours (a colour grid an .msd import
 * kept, else INT/EXT by day/night); each shoot day ends with a black day
 * break with its number, date and pages; days off, holidays and travel
 * days between shoot days, and banners, are rows of their own; the
 * boneyard and any other lane start a page of their own.  Streams.
 * SB_ENOTFOUND for an unknown board; SB_EFAIL when writing fails.
 */
int sb_report_board_html(sb_ctx *ctx, int64_t project_id, const char *board,
    FILE *out);

/*
 * The shoot days of a board as an RFC 5545 calendar (libical): one all-day
 * event a shoot day (summary: day number, pages and sets; the strips in
 * the description), and the company's holidays and travel days around the
 * shoot, each event's UID the same from run to run (made from the board's
 * and the day's identity, never from the time) and its DTSTAMP the time of
 * the project's last change, so that the same board gives the same bytes
 * and subscribers update events rather than add them.  With element (a
 * name; a cast member's when several categories have it), only that
 * element's days: the shoot days whose strips name it, its own events
 * (travel, rehearsal, fitting) and the company's holidays and travel days
 * between its first and last work day.  SB_ENOTFOUND for an unknown board
 * or element, SB_EUSAGE for an element name that stays ambiguous, SB_EDATA
 * when the board has no calendar to date its days.
 */
int sb_report_ics(sb_ctx *ctx, int64_t project_id, const char *board,
    const char *element, FILE *out);

/* Hand the writer its table, a row, the end; a write error is SB_EFAIL. */
int rep_begin(struct rep_run *run, const struct rep_table *t);
int rep_row(struct rep_run *run, const char *kind, const char *const *cells,
    const char *line);
int rep_end(struct rep_run *run);

/*
 * The shoot days of a board's schedule, in order: their ids and dates.
 * Loaded once (a few bytes a day); day numbers are found by id.
 */
struct rep_days {
	int64_t board_id, lane_id;
	char *board_name;
	sb_calendar *cal;        /* NULL without a start date */
	size_t n;                /* shoot days */
	int64_t *ids;            /* ids[i]: day i + 1 */
	sb_date *dates;          /* dates[i]: its date (with cal) */
	struct rep_day_index { int64_t id; int32_t no; } *index; /* by id */
};

/* Load the board's days; SB_ENOTFOUND for an unknown board. */
int rep_days_load(sb_ctx *ctx, int64_t project_id, const char *board,
    struct rep_days *d);
void rep_days_free(struct rep_days *d);

/* The number of the shoot day with this id, 0 if it is not one. */
int32_t rep_day_no(const struct rep_days *d, int64_t day_id);

/*
 * The categories named by a comma-separated list (names or ucids),
 * default the cast (ucid 100); their ids in *ids, *n of them.
 * SB_ENOTFOUND naming an unknown one.
 */
int rep_categories(sb_ctx *ctx, int64_t project_id, const char *list, int64_t **ids,
    size_t *n);


/* An element of the categories a report covers, in report order. */
struct rep_el {
	int64_t id;
	char *name, *board_id, *category;  /* board_id: "" when none */
	int is_dood, is_hold, is_drop;     /* NULL in the file is 1 */
	int64_t drop_days;                 /* -1 when not said */
	unsigned days_off;                 /* weekdays, bit 0 Sunday */
};

/*
 * The elements of the categories (category order, then the board id read
 * naturally, then the name); *n of them.
 */
int rep_elements_load(sb_ctx *ctx, const int64_t *cats, size_t ncats,
    struct rep_el **els, size_t *n);
void rep_elements_free(struct rep_el *els, size_t n);


/*
 * The Day Out of Days of one element (op_report_dood_rules.c, which says
 * the rules).  No database: the company calendar, the element's work dates
 * and events in, one cell a date and the totals out.
 */
enum dood_code {
	DOOD_BLANK, DOOD_SW, DOOD_W, DOOD_WF, DOOD_SWF, DOOD_H, DOOD_D, DOOD_PW,
	DOOD_PWF, DOOD_WD, DOOD_SWD, DOOD_TR, DOOD_R, DOOD_FT, DOOD_HOL, DOOD_ST,
	DOOD_SR, DOOD_TF, DOOD_RF, DOOD_NCODES
};
extern const char *const dood_code_text[DOOD_NCODES];

/* Why a cell is what it is: --explain says it in words. */
enum dood_why {
	DOOD_WHY_OUTSIDE = 1,     /* before the start or after the finish */
	DOOD_WHY_EVENT_OUTSIDE,   /* ... with an element event on it */
	DOOD_WHY_WORK,            /* a work date (SW, W, WF, SWF) */
	DOOD_WHY_PICKUP,          /* the first work date after a drop */
	DOOD_WHY_WORK_DROP,       /* the last work date before a drop (WD) */
	DOOD_WHY_PAID_START,      /* a paid start (ST, SR) */
	DOOD_WHY_PAID_FINISH,     /* a paid finish (TF, RF) */
	DOOD_WHY_HOLIDAY,         /* a company holiday in the run */
	DOOD_WHY_EVENT,           /* an element event in the run */
	DOOD_WHY_COMPANY_TRAVEL,  /* a company travel day in the run */
	DOOD_WHY_OFF,             /* a company day off in the run */
	DOOD_WHY_HOLD,            /* held */
	DOOD_WHY_NO_HOLD,         /* not held: the element allows no holds */
	DOOD_WHY_DROP,            /* a date of a drop */
	DOOD_WHY_DROP_OFF         /* a company day off inside a drop */
};

enum { DOOD_EV_TRAVEL = 1, DOOD_EV_REHEARSAL, DOOD_EV_FITTING, DOOD_EV_DAY_OFF,
	DOOD_EV_OTHER };

struct dood_event {
	sb_date date;
	int kind;            /* DOOD_EV_* */
	const char *name;    /* as the file named it, for --explain */
};

struct dood_in {
	const sb_calendar *cal;      /* the company's */
	sb_date from, to;            /* the dates of the columns */
	const sb_date *work;         /* work dates, ascending, each once */
	size_t nwork;
	const struct dood_event *ev; /* events, by date */
	size_t nev;
	int hold, drop;              /* the element allows holds, drops */
	int64_t drop_days;           /* its drop-day count (calendar days) */
	int64_t max_drops;           /* drops allowed; < 0 any, 0 one */
	unsigned flags;              /* SB_DOOD_* */
	/* the company's kind of each date from..to (dood_company()), or NULL:
	 * asked of the calendar date by date */
	const uint8_t *company;
};

struct dood_cell {
	uint8_t code;   /* enum dood_code */
	uint8_t why;    /* enum dood_why */
};

struct dood_totals {
	int has_run;
	sb_date start, finish;
	int64_t work, hold, holiday, travel, idle, drop, drops, rehearsal, fitting,
	    paid_events, total;
};

/*
 * Fill cells[0 .. to-from] and the totals; 0 when the element has no run
 * (no work date, nor a paid event with SB_DOOD_START_PAID): every cell
 * blank.
 */
int dood_element(const struct dood_in *in, struct dood_cell *cells,
    struct dood_totals *t);

/*
 * What the company does on date: 0 shoots (or would), else
 * DOOD_WHY_HOLIDAY, DOOD_WHY_COMPANY_TRAVEL or DOOD_WHY_OFF.
 */
int dood_company(const sb_calendar *cal, sb_date date);

/* A work code: SW, W, WF, SWF, PW, PWF, WD, SWD. */
int dood_is_work(int code);

/* What an element event is, from its type and name (travel, rehearsal...). */
int dood_event_kind(const char *type, const char *name);

/* Day numbers as "1-3,5,8": runs of three or more joined by a dash. */
void rep_ranges(struct sb_buf *b, const int32_t *v, size_t n);

/* "Wed" for a weekday number (0 Sunday). */
extern const char *const rep_weekday[7];

#endif /* REPORT_PRIV_H */
