/*
 * board_priv.h - walking a board in order: lanes, their days, the strips
 * in each day, with day numbers and dates from the calendar.  Rows come
 * straight from SQLite steps; nothing is gathered in memory.
 */
#ifndef BOARD_PRIV_H
#define BOARD_PRIV_H

#include "sb_priv.h"

enum sb_lane_kind { SB_LANE_SCHEDULE, SB_LANE_BONEYARD, SB_LANE_OTHER };

/* What a step of the cursor found. */
enum sb_cur_event {
	SB_CUR_END = 0,  /* no more */
	SB_CUR_STRIP,    /* a strip: see cur->row */
	SB_CUR_DAY_END   /* the end of a shoot day: see cur->day_* */
};

struct sb_category_col {
	int64_t id;
	char *name;
	int64_t ucid; /* -1 if none */
	int fixed;    /* shown as a strip column (set, INT/EXT...), not as its own */
};

struct sb_element_ref {
	int cat;       /* index into cur->cats */
	const char *name;
	const char *board_id; /* may be "" */
};

struct sb_strip_row {
	int64_t placement_id, placement_version;
	int64_t strip_id, strip_version;
	const char *uid, *type, *scene, *int_ext, *day_night, *set, *location,
	    *script_day, *synopsis, *banner_text;
	int64_t eighths; int has_eighths;
	int64_t est_ms; int has_est;
	int omitted;
	int64_t position;       /* 1-based over the whole board */
	size_t nel;
	struct sb_element_ref *el;
};

struct sb_board_cur {
	sb_ctx *ctx;
	int64_t project_id, board_id;
	char *board_name;
	sb_calendar *cal; /* NULL without a calendar or start date */
	/*
	 * sb_board_open_days(): a calendar whose shoot days are counted
	 * (share/schema/011-calendar-count.sql) is read only as far as the
	 * walk goes: cal starts at cal_from, after cal_base shoot days, and
	 * holds its entries up to cal_horizon (all of them when cal_done).
	 */
	int cal_lazy, cal_done;
	int64_t cal_id, cal_base;
	unsigned cal_mask;
	sb_date cal_start, cal_from, cal_horizon;

	size_t ncats;
	struct sb_category_col *cats;

	/* the lane and day being walked */
	int64_t lane_id;
	char *lane_name;
	int lane_kind, lane_nested;
	int64_t day_id, day_version;
	int day_shoot;     /* the day is a shoot day (not a list) */
	int64_t day_no;    /* shoot day number in the lane, 0 for a list */
	sb_date date;
	int has_date;
	int64_t day_strips, day_eighths, day_est_ms; /* pages and time: not omitted */

	struct sb_strip_row row;

	/* set after sb_board_open(), before the first step */
	int schedule_only;  /* walk the schedule lane alone */
	int64_t skip_days;  /* start after this many shoot days of the schedule */

	/* statements of this cursor alone: they step together */
	sb_st *lanes, *days, *strips, *els;
	sb_st *days_from;   /* the days from shoot day ?2 on, by its number */
	sb_st *day_st;      /* days or days_from: the one being stepped */
	int in_lane, in_day;
	/*
	 * On a server (store_board.c, "A board on a server"): the strips of
	 * a whole lane in one statement, read alongside its days by position
	 * instead of a statement a day and one a strip
	 */
	sb_st *lane_strips;
	int ls_started, ls_have; /* run for this lane; a row read, not yet used */
	char *day_pos;           /* the position of the day being walked */
	int64_t position;
	struct sb_buf elbuf;
	size_t elcap;
};

/*
 * Open a cursor on the board called name (NULL: the active board, else the
 * first) of the project.  SB_ENOTFOUND for an unknown board.
 */
int sb_board_open(sb_ctx *ctx, int64_t project_id, const char *name,
    struct sb_board_cur *cur);

/*
 * The same, reading the calendar only from the shoot day the walk starts
 * at to the last it reaches, when its counts are kept (the day listing);
 * cur->cal is then not the whole calendar: ask sb_board_date_of() and
 * sb_board_day_on_or_after() for dates.
 */
int sb_board_open_days(sb_ctx *ctx, int64_t project_id, const char *name,
    struct sb_board_cur *cur);

/* The date of the board's shoot day n (>= 1): SB_OK, else SB_EDATA or an error. */
int sb_board_date_of(struct sb_board_cur *cur, int64_t n, sb_date *date);

/*
 * The number of the first shoot day on or after date, count + 1 when the
 * board's count shoot days end before it.
 */
int sb_board_day_on_or_after(struct sb_board_cur *cur, int64_t count, sb_date date,
    int64_t *n);

/* Step: SB_CUR_STRIP, SB_CUR_DAY_END, SB_CUR_END, or a negative status. */
int sb_board_next(struct sb_board_cur *cur);

void sb_board_close(struct sb_board_cur *cur);

/*
 * What a calendar entry's kind does to shooting: SB_CAL_OFF, _HOLIDAY,
 * _TRAVEL, _WORK, or 0 (a start, a note, anything else).
 */
int sb_cal_entry_kind(const char *kind);

/* Load the calendar of a board, or set *cal NULL when it has none. */
int sb_board_calendar(sb_ctx *ctx, int64_t board_id, sb_calendar **cal);

/* Guess the universal category id of a category from its name, or -1. */
int sb_ucid_guess(const char *name);

#endif /* BOARD_PRIV_H */
