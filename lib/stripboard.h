/*
 * stripboard.h - the public interface of libstripboard.
 *
 * libstripboard keeps a production's breakdown and stripboards in one
 * SQLite file.  Every call goes through one context (sb_ctx): the open
 * database, the actor and the command line that the audit trail records.
 *
 * The library never prints and never exits.  A call returns SB_OK or a
 * negative SB_E* status and leaves a one-line message on the context
 * (sb_errmsg()).  The negated status is the exit status the commands use,
 * so every command means the same thing by the same number.
 */
#ifndef STRIPBOARD_H
#define STRIPBOARD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes.  -status is the exit status of a command. */
enum sb_status {
	SB_OK = 0,
	SB_EFAIL = -1,     /* failure: I/O, memory, an unexpected SQLite error */
	SB_EUSAGE = -2,    /* the caller asked for something meaningless */
	SB_EDATA = -3,     /* bad input data, or a file that is not ours */
	SB_ENOTFOUND = -4, /* a file, project, board, strip... that is not there */
	SB_ECONFLICT = -5, /* a stale version: read again and retry */
	SB_EBUSY = -6,     /* the database stayed busy or locked */
	SB_EPERM = -7      /* permission denied */
};

/* The version of the library, e.g. "0.1.0". */
const char *sb_version(void);

/* The version of the SQLite library in use. */
const char *sb_sqlite_version(void);

/*
 * Contexts
 */
typedef struct sb_ctx sb_ctx;

/* Open flags */
#define SB_OPEN_CREATE   0x1 /* create the file if it does not exist */
#define SB_OPEN_READONLY 0x2 /* never write (exports, listings) */

/* A new context with no database, or NULL when out of memory. */
sb_ctx *sb_ctx_new(void);

/* Close the database (if open) and free the context. NULL is fine. */
void sb_ctx_free(sb_ctx *ctx);

/* The message of the last failed call, "" if none. */
const char *sb_errmsg(const sb_ctx *ctx);

/*
 * Open the stripboard file at path.  A new file is created (with
 * SB_OPEN_CREATE) and given the current schema; an existing one is checked:
 * a file that is not SQLite, an SQLite file that is not a stripboard file,
 * or a schema newer than this library is refused with SB_EDATA, and the
 * file is left untouched.  Older schemas are migrated in one transaction.
 * A file on a network file system is refused (SQLite locking is unsafe
 * there).  A missing file without SB_OPEN_CREATE is SB_ENOTFOUND.
 */
int sb_open(sb_ctx *ctx, const char *path, unsigned flags);

/* True if the last sb_open() created the file. */
int sb_created(const sb_ctx *ctx);

/*
 * Remove the file a failed command created, with its -wal and -shm files,
 * so that a failure leaves the disk as it was.  Closes the database.
 */
void sb_discard_created(sb_ctx *ctx);

/* The command line the audit trail records for this context's writes. */
int sb_set_command(sb_ctx *ctx, int argc, char *const argv[]);

/* The actor the audit trail records; by default the login name of the real uid. */
int sb_set_actor(sb_ctx *ctx, const char *actor);

/* The actor the audit trail records. */
const char *sb_actor(const sb_ctx *ctx);

/* Seconds to wait for a busy database before SB_EBUSY (default 5). */
void sb_set_busy_timeout(sb_ctx *ctx, int ms);

/*
 * Projects
 */

/*
 * Find a project by name, or the only one when name is NULL.  SB_ENOTFOUND
 * if there is none, SB_EUSAGE if name is NULL and the file holds several.
 */
int sb_project_find(sb_ctx *ctx, const char *name, int64_t *project_id);

/*
 * Shared vocabulary: eighths of a page
 */

/* Room for any formatted page count, with its terminating NUL. */
#define SB_EIGHTHS_BUFSZ 32

/* The largest page count a strip may have, in eighths (1000 pages). */
#define SB_EIGHTHS_MAX ((int64_t)8000)

/*
 * Parse a page count written the scheduler's way: "1 3/8", "4/8", "2",
 * "0", "1-3/8"; surrounding spaces are ignored.  "8/8" is read as 1.
 * SB_EDATA for anything else, negative counts, or more than SB_EIGHTHS_MAX.
 */
int sb_eighths_parse(const char *text, int64_t *eighths);

/*
 * Convert a decimal page count (USS: 0.125 per eighth) to eighths.
 * Values that are not a whole number of eighths are rounded to the nearest
 * (*rounded set to 1).  SB_EDATA when negative, not finite or too large.
 */
int sb_eighths_from_pages(double pages, int64_t *eighths, int *rounded);

/* Write eighths as "1 3/8", "4/8", "2", "0" (never "8/8") into buf. */
char *sb_eighths_format(int64_t eighths, char *buf, size_t size);

/*
 * Shared vocabulary: scene numbers
 */

/*
 * Compare scene numbers naturally: "2" < "2A" < "10" < "10A" < "A11";
 * runs of digits compare by value, letters without regard to case,
 * spaces are ignored ("11 A" equals "11A").  NULL and "" sort first.
 */
int sb_scene_cmp(const char *a, const char *b);

/*
 * Write the canonical form of a scene number into buf: surrounding and
 * inner spaces removed between a number and its letter ("11 A" -> "11A").
 * Returns the length of the result; the result is truncated to size-1.
 */
size_t sb_scene_normalize(const char *scene, char *buf, size_t size);

/*
 * Shared vocabulary: dates and calendars
 *
 * A date is a count of days since 1970-01-01 (negative before).
 */
typedef int32_t sb_date;

/* Room for "YYYY-MM-DD" and its NUL. */
#define SB_DATE_BUFSZ 11

/*
 * Parse the calendar date at the start of text: "2022-08-03",
 * "2022-08-03T07:00:00.000+0000" (the time and offset are ignored: the
 * shoot date is the calendar date written).  SB_EDATA when it is not a
 * valid date between years 1 and 9999.
 */
int sb_date_parse(const char *text, sb_date *date);

/* Parse a Movie Magic date, MM/DD/YYYY. */
int sb_date_parse_mdy(const char *text, sb_date *date);

/* Write date as YYYY-MM-DD into buf (at least SB_DATE_BUFSZ bytes). */
char *sb_date_format(sb_date date, char *buf, size_t size);

/* The weekday of date: 0 Sunday ... 6 Saturday. */
int sb_date_weekday(sb_date date);

/* The date for year, month (1-12) and day (1-31); no validation. */
sb_date sb_date_make(int year, int month, int day);

/* What a dated calendar entry does to the schedule. */
enum sb_cal_kind {
	SB_CAL_OFF = 1,     /* a day off: no shooting */
	SB_CAL_HOLIDAY = 2, /* a holiday: no shooting, "/" in Day Out of Days */
	SB_CAL_TRAVEL = 3,  /* company travel: no shooting */
	SB_CAL_WORK = 4,    /* an exception work day on a weekly day off */
	SB_CAL_EVENT = 5    /* a note on the date; no effect on shooting */
};

typedef struct sb_calendar sb_calendar;

/*
 * A calendar that starts shooting on start, with the weekly days off in
 * days_off_mask (bit 0 Sunday ... bit 6 Saturday).  NULL when out of memory.
 */
sb_calendar *sb_calendar_new(sb_date start, unsigned days_off_mask);

/* Free a calendar. NULL is fine. */
void sb_calendar_free(sb_calendar *cal);

/*
 * Mark one date.  A later mark of the same date replaces an earlier one,
 * except that a note (SB_CAL_EVENT) never hides a day off, holiday, travel
 * or work day.  SB_EFAIL when out of memory.
 */
int sb_calendar_mark(sb_calendar *cal, sb_date date, enum sb_cal_kind kind);

/* True if the company shoots on date. */
int sb_calendar_is_shoot_day(const sb_calendar *cal, sb_date date);

/* What is marked on date (0 for nothing). */
int sb_calendar_kind(const sb_calendar *cal, sb_date date);

/*
 * The date of the first shoot day: the start date, or the next shoot day
 * after it when the start falls on a day off.  SB_EDATA if no shoot day
 * follows within 10 years (every weekday off, say).
 */
int sb_calendar_first(const sb_calendar *cal, sb_date *date);

/* The next shoot day after prev. SB_EDATA as for sb_calendar_first. */
int sb_calendar_next(const sb_calendar *cal, sb_date prev, sb_date *date);

/* The date of shoot day n (1 = the first). */
int sb_calendar_nth(const sb_calendar *cal, int64_t n, sb_date *date);

/* Parse weekday numbers "6,0" or a JSON-ish "[6, 0]" into a mask. */
int sb_weekdays_parse(const char *text, unsigned *mask);

/*
 * Shared vocabulary: position keys
 *
 * A position key is a string of base-62 digits (0-9, A-Z, a-z) that sorts
 * bytewise.  A new key always fits between two others, so moving a strip
 * rewrites one row.  Keys never end in '0'.
 */

/* The longest key the library makes before it rebalances a board. */
#define SB_KEY_MAX 64

/*
 * Write into out (at least SB_KEY_MAX + 2 bytes) a key strictly between lo
 * and hi; NULL lo means the start, NULL hi the end.  SB_EUSAGE if lo is not
 * below hi or either is not a valid key; SB_EDATA if the key would be
 * longer than SB_KEY_MAX (the caller rebalances and tries again).
 */
int sb_key_between(const char *lo, const char *hi, char *out, size_t size);

/*
 * Write into out the i-th (0-based) of n evenly spread keys, all of the
 * same short length; they sort in i order.  For laying out a whole day or
 * board at once (imports, rebalancing).
 */
int sb_key_spread(uint64_t i, uint64_t n, char *out, size_t size);

/* True if key is a valid position key. */
int sb_key_valid(const char *key);

/*
 * Formats
 */
enum sb_format {
	SB_FMT_AUTO = 0,
	SB_FMT_CSV,
	SB_FMT_JSON,
	SB_FMT_NDJSON,
	SB_FMT_TABLE,
	SB_FMT_USS,
	SB_FMT_MSD,
	SB_FMT_SEX,
	SB_FMT_FDX
};

/* The format called name ("csv", "uss", ...), or -1. */
int sb_format_from_name(const char *name);

/* The name of a format. */
const char *sb_format_name(int format);

/*
 * Import
 */
struct sb_import_opts {
	int format;          /* SB_FMT_AUTO: detect from the content */
	const char *project; /* the project's name; NULL: from the file */
	int replace;         /* replace a project of the same name */
	/* called with each warning ("file: where: what"); may be NULL */
	void (*warn)(void *arg, const char *message);
	void *warn_arg;
};

struct sb_import_summary {
	int format;          /* the format read */
	int64_t project_id;
	char project[256];   /* the project's name, truncated */
	int64_t strips;
	int64_t categories;
	int64_t elements;
	int64_t boards;
	int64_t days;        /* shoot days over all boards */
	int64_t calendars;
	int64_t warnings;    /* things read with a caveat (rounded pages...) */
};

/*
 * Import the production in the file at path ("-" for standard input) as
 * one project, in one transaction: all of it lands or none of it does.
 * A project of the same name is refused (SB_EFAIL) unless opts->replace,
 * which deletes it in the same transaction.  Bad input is SB_EDATA with a message naming the
 * place in the file; a missing file is SB_ENOTFOUND.  Things read with
 * a caveat are reported through opts->warn and counted in the summary.
 */
int sb_import(sb_ctx *ctx, const char *path, const struct sb_import_opts *opts,
    struct sb_import_summary *summary);

/*
 * Export
 */

/*
 * Write the board called board (NULL: the active board, else the first)
 * of the project as canonical CSV, JSON, NDJSON or a readable table.  Rows
 * stream from SQLite to out.  SB_ENOTFOUND for an unknown board.
 */
int sb_export_board(sb_ctx *ctx, int64_t project_id, const char *board,
    int format, FILE *out);

/* Write the whole project as a Universal Schedule Standard document. */
int sb_export_uss(sb_ctx *ctx, int64_t project_id, FILE *out);

/*
 * Synthetic productions (sb-bench)
 */
struct sb_synth_opts {
	int64_t strips;       /* strips (scenes and banners): 1 to 10 000 000 */
	uint64_t seed;        /* the same seed makes the same production */
	const char *project;  /* the project's name; NULL: "synthetic-<strips>" */
	int replace;          /* replace a project of the same name */
};

/*
 * Generate a production of opts->strips strips, deterministically from
 * opts->seed, and write it into the open database in one transaction, as
 * an import would (one audit row).  Its shape is a real one's: scenes of
 * 1/8 to 5 pages in episodes opened by banners, a few hundred sets and
 * locations, a long-tailed cast, a dozen element categories besides set,
 * INT/EXT, day/night, script day and location, and three boards: "First
 * Pass" (shoot days of 3 to 8 pages on a calendar with weekends and
 * holidays, and a boneyard), "Second Pass" (another schedule with a second
 * unit) and "Script Order" (one flat list).  The summary counts what was
 * written.  SB_EUSAGE for a size out of range; a project of the same name
 * is refused (SB_EFAIL) unless opts->replace.
 */
int sb_synth(sb_ctx *ctx, const struct sb_synth_opts *opts,
    struct sb_import_summary *summary);

#ifdef __cplusplus
}
#endif

#endif /* STRIPBOARD_H */
